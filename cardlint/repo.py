"""The files next to a card, for the rules that look at them (CL401, CL601, ``.eval_results``).

Rules never touch the file system themselves: they ask the card's
repository, which is a local folder here and, for ``hf://`` cards, the file
list of the Hub repository. Reads are bounded so a card next to a
multi-gigabyte checkpoint costs nothing more than its name.

A repository cloned from a stranger may hold symbolic links to anything on
the machine (``config.json -> /etc/passwd``). A local repository therefore
has a *boundary*, the git work tree holding it (else the folder being
linted), and never reads or lists through a link that leads outside it. What
a rule asked and could not be told is kept in ``unanswered``, so that the run
can say it in one line instead of passing the card in silence.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePosixPath

from cardlint import source

MAX_READ = 1024 * 1024
"""Largest file a rule reads (config.json, a *.py module, an eval-results file)."""

MAX_LISTING = 5000
"""Most directory entries listed for one folder."""


def boundary_of(folder: Path | str) -> str:
    """The real path of the git work tree holding ``folder``, else of ``folder`` itself."""
    real = os.path.realpath(folder)
    here = real
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return real
        here = parent


def git_may_answer(boundary: str) -> bool:
    """Whether git can say anything about files under ``boundary`` (see :func:`boundary_of`).

    Only in a work tree (a ``.git`` at the boundary) or when the environment
    names a repository; elsewhere asking git costs a process and ends in
    "not a git repository".
    """
    return bool(os.environ.keys() & {"GIT_DIR", "GIT_WORK_TREE"}) or os.path.lexists(os.path.join(boundary, ".git"))


def inside(real: str, boundary: str) -> bool:
    """True when the real path ``real`` is ``boundary`` or under it."""
    return real == boundary or real.startswith(boundary.rstrip(os.sep) + os.sep)


class Refused(source.SourceError):
    """A file the repository holds but will not give: a link out of the boundary, a Hub out of time."""


class Repository:
    """What every card's repository (a folder, a Hub repository) shares.

    ``load`` says why a file cannot be had; ``read_text``, ``files`` and
    ``exists`` cannot, so what they refused is kept in ``unanswered`` as
    (path, why) for the run to report.
    """

    def __init__(self) -> None:
        self.unanswered: list[tuple[str, str]] = []

    def _refuse(self, path: str, why: str) -> None:
        if (path, why) not in self.unanswered:
            self.unanswered.append((path, why))

    def load(self, path: str) -> source.Source:
        raise NotImplementedError

    def read_text(self, path: str) -> str | None:
        """The text of a small UTF-8 file, or None when it is missing, too large or not text."""
        try:
            return self.load(path).text
        except Refused as error:
            self._refuse(path, error.reason)
        except source.SourceError:
            pass
        return None


class LocalRepo(Repository):
    """A folder on disk holding a card; paths are relative POSIX paths inside it.

    ``boundary`` is a real path that every file read must resolve under;
    by default the git work tree holding ``root``, else ``root``.
    """

    def __init__(self, root: Path, boundary: str | None = None, real_root: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.boundary = boundary if boundary is not None else boundary_of(root)
        if real_root is not None:
            self._real_root = real_root

    @functools.cached_property
    def _real_root(self) -> str:
        """The real path of ``root``, unless the caller already knew it (discovery resolves every card's folder)."""
        return os.path.realpath(self.root)

    def _real(self, path: str) -> str | None:
        """The real path of ``path``; None when, as written (``../..``), it is not inside the boundary.

        Raises :class:`Refused` when it is inside as written but a
        symbolic link on the way leads out. The root is a real path, so a
        file directly in it that is not a link is its own real path: one
        ``lstat`` instead of one for every folder above it.
        """
        written = os.path.normpath(os.path.join(self._real_root, path))
        if not inside(written, self.boundary):
            return None
        if written == self._real_root or (os.path.dirname(written) == self._real_root and not os.path.islink(written)):
            real = written
        else:
            real = os.path.realpath(written)
        if not inside(real, self.boundary):
            raise Refused.about(path, f"not read: a symbolic link leads outside {self.boundary}")
        return real

    def files(self, folder: str = "") -> list[str]:
        """The files directly inside ``folder`` (sorted, bounded), as paths relative to the root.

        A symbolic link that leads outside the boundary is listed (it is in
        the repository) but never followed: reading it is refused.
        """
        try:
            real = self._real(folder)
        except Refused:
            self._refuse(folder, f"not listed: a symbolic link leads outside {self.boundary}")
            return []
        except ValueError:
            return []
        if real is None:
            return []
        names = []
        try:
            with os.scandir(real) as entries:
                for entry in entries:
                    if len(names) >= MAX_LISTING:
                        break
                    name = str(PurePosixPath(folder, entry.name)) if folder else entry.name
                    if self._is_file(entry, name):
                        names.append(name)
        except OSError:
            return []
        return sorted(names)

    def _is_file(self, entry: os.DirEntry, name: str) -> bool:
        if not entry.is_symlink():
            return entry.is_file(follow_symlinks=False)
        try:
            real = self._real(name)
        except Refused:
            return True
        return real is not None and os.path.isfile(real)

    def exists(self, path: str) -> bool:
        """True when ``path`` is in the repository; a link that leads outside it counts, unfollowed."""
        try:
            real = self._real(path)
        except Refused:
            return True
        except ValueError:
            return False
        return real is not None and os.path.exists(real)

    def load(self, path: str) -> source.Source:
        """The decoded text of a small file; :class:`~cardlint.source.SourceError` says why not."""
        try:
            real = self._real(path)
        except ValueError:
            real = None
        if real is None:
            raise source.SourceError.about(path, "no such file in the folder being linted")
        return source.read(Path(real), path, MAX_READ, "a text file")

    def display(self, path: str, card_display: str) -> str:
        """How to name ``path`` in a report, next to the card's own display path."""
        parent = PurePosixPath(card_display).parent
        return str(parent / path) if str(parent) != "." else path


class Recording:
    """A card's repository that remembers every question a rule asked of it and a digest of the answer.

    The result cache (:mod:`cardlint.cache`) keeps these *facts* beside a
    card's findings: the findings still hold when asking the same questions
    of the repository today gives the same answers, whatever else changed
    next to the card. ``load`` is asked again in full, so a file edited
    within the file system's timestamp resolution is still noticed.
    """

    def __init__(self, inner: Repository) -> None:
        self.inner = inner
        self.facts: list[tuple[str, str, str]] = []

    @property
    def unanswered(self) -> list[tuple[str, str]]:
        return self.inner.unanswered

    def display(self, path: str, card_display: str) -> str:
        return self.inner.display(path, card_display)

    def files(self, folder: str = "") -> list[str]:
        return self._ask("files", folder)

    def exists(self, path: str) -> bool:
        return self._ask("exists", path)

    def read_text(self, path: str) -> str | None:
        return self._ask("read_text", path)

    def load(self, path: str) -> source.Source:
        return self._ask("load", path)

    def _ask(self, question: str, argument: str):
        try:
            answer = getattr(self.inner, question)(argument)
        except source.SourceError as error:
            self.facts.append((question, argument, answer_digest(error)))
            raise
        self.facts.append((question, argument, answer_digest(answer)))
        return answer


def answer_digest(answer) -> str:
    """A short, stable digest of what a repository answered: a listing, a yes/no, a text, a file, a refusal."""
    import hashlib

    if isinstance(answer, source.SourceError):
        data = f"{type(answer).__name__}\0{answer}\0{answer.reason}\0{answer.line}".encode()
    elif isinstance(answer, source.Source):
        data = b"source\0" + answer.raw
    else:
        data = repr(answer).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def same_answers(repo: Repository, facts) -> bool:
    """True when ``repo`` answers every recorded question as it was answered when the facts were recorded."""
    for question, argument, digest in facts:
        ask = getattr(repo, question, None) if question in _QUESTIONS else None
        if ask is None:
            return False
        try:
            answer = ask(argument)
        except source.SourceError as error:
            answer = error
        if answer_digest(answer) != digest:
            return False
    return True


_QUESTIONS = frozenset({"files", "exists", "read_text", "load"})
