"""Turning the paths on the command line into the cards to lint.

A directory is searched for ``README.md`` files, leaving out what the
``exclude`` and ``extend-exclude`` patterns of the configuration that
applies there match (by default version-control folders, virtualenvs,
caches and build output: :data:`cardlint.exclude.DEFAULT`), any folder
holding a ``pyvenv.cfg`` (a virtualenv by another name), and, inside a git
work tree, whatever git ignores (asked of git itself, so nested
``.gitignore`` files, ``info/exclude`` and global excludes all count). Each
card carries the configuration that applies to it. A path named on the
command line is taken as named, excluded or not, unless ``force-exclude``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from cardlint import source
from cardlint.config import Config, Resolver
from cardlint.repo import LocalRepo, boundary_of, git_may_answer, inside

CARD_NAME = "README.md"


class Target(NamedTuple):
    """A card to lint: where it is, how to name it in the report, and the folder its files may come from.

    ``boundary`` is the real path of the git work tree (else the folder) the
    card was found in, and ``real`` the card's own real path: a card reached
    through a link that leads outside the boundary is refused, not read.
    ``config`` is the configuration that applies to the card.
    """

    path: Path
    display: str
    boundary: str
    real: str
    config: Config | None = None

    def load(self, repo: LocalRepo | None = None):
        """(card, the folder holding it, where to write fixes, kind of card: judged from it).

        ``repo`` is the folder :meth:`repository` already gave, when the caller asked for it first.
        """
        repo = repo if repo is not None else self.repository()
        return source.read(self.path, self.display), repo, self.path, None

    def repository(self) -> LocalRepo:
        """The folder holding the card; :class:`~cardlint.source.SourceError` when the card is a link out of the boundary.

        The folder's real path is the card's, less its name, unless the card is itself a link.
        """
        if not inside(self.real, self.boundary):
            raise source.SourceError.about(self.display, f"not read: a symbolic link leads outside {self.boundary}")
        real_root = None if os.path.islink(self.path) else os.path.dirname(self.real)
        return LocalRepo(self.path.parent, self.boundary, real_root)


class Unlisted(NamedTuple):
    """A folder the walk could not list: linting it reports that, in one line naming the folder."""

    display: str
    why: str

    def load(self):
        raise source.SourceError.about(self.display, f"cannot list the folder: {self.why}")


class PathError(Exception):
    """A path on the command line that does not exist; the message names it."""


def expand(paths: Iterable[str], cwd: Path, resolver: Resolver | None = None, progress: bool = True) -> Iterator:
    """The cards under ``paths``, in a stable order, found as they are needed.

    Every path is checked now, so a typo stops the run before any output;
    folders are walked lazily and nothing is remembered per card, so a run over
    millions of cards holds a handful of paths at a time. ``hf://`` paths
    become remote targets (``hf://owner``, one per repository of the owner,
    with a progress bar on a terminal unless ``progress`` is false). A card
    named twice on the command line (or found under two of its folders) is
    linted once. ``resolver`` says which configuration applies where (None:
    the defaults everywhere); it raises :class:`~cardlint.config.ConfigError`
    as the walk meets a file it cannot use.
    """
    resolver = resolver or Resolver(search=False)
    cwd = cwd.resolve()
    folders = _Folders()
    checked = [_check(given, cwd, resolver, folders) for given in paths]
    return _targets([each for each in checked if each is not None], cwd, resolver, progress)


def _targets(checked: list, cwd: Path, resolver: Resolver, progress: bool) -> Iterator:
    seen: set | None = set() if len(checked) > 1 else None
    for given, target in checked:
        for each in _found(given, target, cwd, resolver, progress):
            key = each.real if isinstance(each, Target) else each.display
            if seen is not None:
                if key in seen:
                    continue
                seen.add(key)
            yield each


def _found(given: str, target, cwd: Path, resolver: Resolver, progress: bool) -> Iterator:
    """The cards one checked path stands for: those in a folder, those of an owner on the Hub, or the one it names."""
    if target is None:
        return _cards_in(Path(given), _display(Path(given), cwd), resolver)
    if given.startswith("hf://"):
        from cardlint import remote

        return remote.cards(target, progress)
    return iter([target])


class _Folders(dict):
    """Folder -> (its real path, its boundary), each found once: a hook names hundreds of cards in a few folders."""

    def __missing__(self, folder: str) -> tuple[str, str]:
        real = os.path.realpath(folder)
        self[folder] = found = (real, boundary_of(real))
        return found


def _check(given: str, cwd: Path, resolver: Resolver, folders: _Folders):
    """(given, its target) for a card or Hub path (a card or an owner), (given, None) for a folder; PathError when neither.

    None for a path that ``force-exclude`` keeps out.
    """
    if given.startswith("hf://"):
        from cardlint import remote

        try:
            return given, remote.parse(given)
        except remote.RemotePathError as error:
            raise PathError(str(error)) from None
    path = Path(given)
    is_dir = path.is_dir()
    if not is_dir and not (path.exists() or path.is_symlink()):
        raise PathError(f"{given}: no such file or directory")
    real_parent, boundary = folders[str(path.parent)]
    if forced_out(path, resolver, real_parent):
        return None
    if is_dir:
        return given, None
    real = os.path.realpath(path) if path.is_symlink() else os.path.join(real_parent, path.name)
    return given, Target(path, _display(path, cwd, real_parent), boundary, real, resolver.for_folder(real_parent))


def forced_out(path: Path, resolver: Resolver, real_parent: str | None = None) -> bool:
    """Whether ``force-exclude`` keeps out ``path``, a file or folder named on the command line.

    As in ruff, the path and the folders above it are judged, each by the
    configuration of the folder holding it, up to that configuration's folder
    (the current directory for the defaults; the git work tree for a path
    outside it), so a card under an excluded folder stays out when a hook
    names it, and the folders above the project never count. ``real_parent``
    is the real path of the folder holding ``path``, when the caller knows it.
    """
    current = os.path.abspath(os.path.join(real_parent or os.path.realpath(path.parent), path.name))
    is_dir = os.path.isdir(current)
    while True:
        parent = os.path.dirname(current)
        config = resolver.for_folder(parent)
        if not config.force_exclude:
            return False
        if config.excludes(current, is_dir):
            return True
        top = str(config.root) if inside(parent, str(config.root)) else boundary_of(parent)
        if parent == current or parent == top or not inside(parent, top):
            return False
        current, is_dir = parent, True


def _cards_in(folder: Path, display: str, resolver: Resolver) -> Iterator[Target | Unlisted]:
    """``README.md`` files under ``folder`` in walk order (sorted folders), minus what is excluded or git ignores.

    Each folder listed is judged by its own configuration: the file in its
    listing, else the one of the folder the walk came from (the closest file
    above ``folder`` for ``folder`` itself). It decides which of the folder's
    entries are excluded, and it is the configuration of the card in it.
    Only the stack holds configurations, so the walk's memory stays flat.

    The walk keeps its own stack, so no depth of folders exhausts Python's.
    Only a link can lead the walk to a folder twice, so links to folders are
    walked last, each as a new top (a *root*) unless a root walked before
    holds it, and a walk skips a folder that is itself a root: every real
    folder is walked once, named by its own path when the walk also reaches
    it directly, and links between sibling folders or back up the tree add
    nothing. Nothing is remembered per folder, only the roots. A link up to
    the folder being walked or one of its ancestors (a loop), or out of the
    boundary, is not walked at all. A folder that cannot be listed is an
    :class:`Unlisted` in its place.
    """
    boundary = boundary_of(folder)
    top = os.path.realpath(folder)
    pending = [(str(folder), str(PurePosixPath(display)), top, resolver.for_folder(top))]
    roots = {top}
    linked: deque = deque()
    batch: list = []
    while pending or linked:
        if not pending:
            path, shown, real, inherited = linked.popleft()
            if _held(real, roots) or inside(top, real):
                continue
            roots.add(real)
            pending.append((path, shown, real, inherited))
        path, shown, real, inherited = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            batch.append(Unlisted(shown, error.strerror or str(error)))
            continue
        names = [entry.name for entry in entries]
        if _VENV in names and real != top and _is_file(entries[names.index(_VENV)]):
            continue
        children = []
        config = resolver.for_listing(real, names, inherited)
        within = real if real.endswith(os.sep) else real + os.sep  # os.path.join(real, name), once per folder
        for entry in entries:
            folder_entry = _is_dir(entry)
            if entry.name == CARD_NAME and not folder_entry:
                if config.excludes(within + CARD_NAME, False):
                    continue
                card_real = os.path.realpath(entry.path) if entry.is_symlink() else within + CARD_NAME
                batch.append(Target(Path(entry.path), _child(shown, CARD_NAME), boundary, card_real, config))
            elif folder_entry and not config.excludes(within + entry.name, True):
                link = entry.is_symlink()
                child_real = os.path.realpath(entry.path) if link else within + entry.name
                if not inside(child_real, boundary) or child_real in roots:
                    continue
                (linked if link else children).append((entry.path, _child(shown, entry.name), child_real, config))
        pending.extend(reversed(children))
        if len(batch) >= _BATCH:
            yield from _not_ignored(batch, folder, boundary)
            batch = []
    yield from _not_ignored(batch, folder, boundary)


def _child(shown: str, name: str) -> str:
    """``shown / name`` as :class:`~pathlib.PurePosixPath` writes it, without building one for every card and folder."""
    if shown == ".":
        return name
    return shown + name if shown.endswith("/") else f"{shown}/{name}"


def _held(real: str, roots: set) -> bool:
    """True when ``real`` is one of ``roots`` or inside one."""
    while True:
        if real in roots:
            return True
        parent = os.path.dirname(real)
        if parent == real:
            return False
        real = parent


def _is_dir(entry: os.DirEntry) -> bool:
    """True for a folder, or a link to one; a link loop (``self -> self``) is neither."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """True for a file, or a link to one."""
    try:
        return entry.is_file()
    except OSError:
        return False


_VENV = "pyvenv.cfg"
"""A folder below the one walked that holds this file is a virtualenv, whatever its name, and is left out when it is listed."""


_BATCH = 1000
"""Cards asked of git check-ignore at once."""


def _not_ignored(found: list, folder: Path, boundary: str) -> list:
    """``found`` minus the cards git ignores; all of them when ``folder`` (inside ``boundary``) is not in a work tree or git is missing."""
    cards = [each for each in found if isinstance(each, Target)]
    if not cards or not git_may_answer(boundary):
        return found
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input="\0".join(card.real for card in cards) + "\0",
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return found
    if result.returncode not in (0, 1):
        return found
    ignored = {item for item in result.stdout.split("\0") if item}
    return [each for each in found if not isinstance(each, Target) or each.real not in ignored]


def _display(path: Path, cwd: Path, real_parent: str | None = None) -> str:
    """A path relative to the working directory (``cwd``, a real path) when it is under it, else as given.

    A link is named by its own name, not by where it leads (a card linked
    out of the tree is reported as the link it is). ``real_parent`` is the
    real path of the folder holding ``path``, when the caller knows it.
    """
    try:
        return (Path(real_parent or path.parent.resolve()) / path.name).relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()
