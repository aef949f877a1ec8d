"""Turning the paths on the command line into the cards to lint.

A directory is searched for ``README.md`` files, skipping version-control
folders, virtualenvs and ``node_modules``, and, inside a git work tree,
whatever git ignores (asked of git itself, so nested ``.gitignore`` files,
``info/exclude`` and global excludes all count).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

CARD_NAME = "README.md"
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", "site-packages"})


class Target(NamedTuple):
    """A card to lint: where it is, and how to name it in the report."""

    path: Path
    display: str

    def load(self):
        """(card, the folder holding it, where to write fixes, kind of card: judged from it)."""
        from cardlint import source
        from cardlint.repo import LocalRepo

        return source.read(self.path, self.display), LocalRepo(self.path.parent), self.path, None


class PathError(Exception):
    """A path on the command line that does not exist; the message names it."""


def expand(paths: Iterable[str], cwd: Path) -> list:
    """The cards under ``paths`` in a stable order, each once; ``hf://`` paths become remote targets."""
    targets: dict = {}
    for given in paths:
        if given.startswith("hf://"):
            from cardlint import remote

            try:
                target = remote.parse(given)
            except remote.RemotePathError as error:
                raise PathError(str(error)) from None
            targets.setdefault(target.display, target)
            continue
        path = Path(given)
        if path.is_dir():
            for found in _cards_in(path):
                targets.setdefault(found.resolve(), Target(found, _display(found, cwd)))
        elif path.exists() or path.is_symlink():
            targets.setdefault(path.resolve(), Target(path, _display(path, cwd)))
        else:
            raise PathError(f"{given}: no such file or directory")
    return list(targets.values())


def _cards_in(folder: Path) -> list[Path]:
    found = []
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        try:
            stat = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in visited:
            dirs[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not _is_virtualenv(Path(root, d)))
        if CARD_NAME in files:
            found.append(Path(root, CARD_NAME))
    return sorted(_not_ignored(found, folder))


def _is_virtualenv(folder: Path) -> bool:
    return (folder / "pyvenv.cfg").is_file()


def _not_ignored(paths: list[Path], folder: Path) -> list[Path]:
    """``paths`` minus those git ignores; all of them when ``folder`` is not in a work tree or git is missing."""
    if not paths:
        return paths
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input="\0".join(str(path.resolve()) for path in paths) + "\0",
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return paths
    if result.returncode not in (0, 1):
        return paths
    ignored = {Path(item) for item in result.stdout.split("\0") if item}
    return [path for path in paths if path.resolve() not in ignored]


def _display(path: Path, cwd: Path) -> str:
    """A path relative to the working directory when it is under it, else as given."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
