"""Turning the paths on the command line into the cards to lint.

A directory is searched for ``README.md`` files, skipping version-control
folders, virtualenvs and ``node_modules``, and, inside a git work tree,
whatever git ignores (asked of git itself, so nested ``.gitignore`` files,
``info/exclude`` and global excludes all count).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
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


def expand(paths: Iterable[str], cwd: Path) -> Iterator:
    """The cards under ``paths``, in a stable order, found as they are needed.

    Every path is checked now, so a typo stops the run before any output;
    folders are walked lazily and nothing is remembered per card, so a run over
    millions of cards holds a handful of paths at a time. ``hf://`` paths
    become remote targets. A card named twice on the command line (or found
    under two of its folders) is linted once.
    """
    checked = [_check(given, cwd) for given in paths]
    return _targets(checked, cwd)


def _targets(checked: list, cwd: Path) -> Iterator:
    seen: set | None = set() if len(checked) > 1 else None
    for given, target in checked:
        found = (Target(card, _display(card, cwd)) for card in _cards_in(Path(given))) if target is None else iter([target])
        for each in found:
            key = each.path.resolve() if isinstance(each, Target) else each.display
            if seen is not None:
                if key in seen:
                    continue
                seen.add(key)
            yield each


def _check(given: str, cwd: Path):
    """(given, its target) for a card or Hub path, (given, None) for a folder; PathError when neither."""
    if given.startswith("hf://"):
        from cardlint import remote

        try:
            return given, remote.parse(given)
        except remote.RemotePathError as error:
            raise PathError(str(error)) from None
    path = Path(given)
    if path.is_dir():
        return given, None
    if path.exists() or path.is_symlink():
        return given, Target(path, _display(path, cwd))
    raise PathError(f"{given}: no such file or directory")


def _cards_in(folder: Path) -> Iterator[Path]:
    """``README.md`` files under ``folder`` in walk order (sorted folders), minus what git ignores.

    Symbolic links to folders are followed, except one that leads back to a
    folder being walked (a loop).
    """
    batch: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not _loops(Path(root, d), real) and not _is_virtualenv(Path(root, d)))
        if CARD_NAME in files:
            batch.append(Path(root, CARD_NAME))
        if len(batch) >= _BATCH:
            yield from _not_ignored(batch, folder)
            batch = []
    yield from _not_ignored(batch, folder)


_BATCH = 1000
"""Cards asked of git check-ignore at once."""


def _loops(child: Path, real_parent: str) -> bool:
    """True for a symbolic link to the folder holding it or to one of that folder's ancestors."""
    if not child.is_symlink():
        return False
    target = os.path.realpath(child)
    return real_parent == target or real_parent.startswith(target.rstrip(os.sep) + os.sep)


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
