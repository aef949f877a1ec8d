"""The result cache: a card's findings kept until anything they depend on changes, as ruff keeps its own.

A run with the cache prints byte for byte what a run without it prints, so
an entry is used only when all of these are unchanged:

- the card's bytes, the name it is reported under, and the kind of card;
- cardlint's version and source, the resolved settings (the configuration's
  content and the command line's overrides: :func:`config_fingerprint`) and
  the rule set (each rule with its origin, the files that define rules,
  plugin modules and rule packs by content);
- every answer the card's repository gave a rule: the listings, existence,
  and contents of the files next to the card that the rules (and the
  report's source excerpts) asked for. They are recorded while linting
  (:class:`cardlint.repo.Recording`) and asked again on lookup.

A card on disk is known unchanged without reading it when its *stamp*
(device, inode, size, modification and change times) is the one kept with
the entry, as git's index knows a file. The stamp is taken before the card
is read, and kept only when the card had not changed for
:data:`SETTLED_NS` before that: a card written within the file system's
timestamp resolution of being read could change again and keep its stamp
(git's "racy" files). Any other card is compared by its bytes. An entry kept
without a stamp gets the card's settled stamp the first time the card is
found unchanged that way; an entry whose stamp differs (the same bytes in a
fresh checkout, as in CI with a restored cache) is left as it is, so that
a run does not rewrite every entry it uses.

Each card has one file, named by a hash of where the card is and how it is
reported, overwritten on every change, so the cache holds at most one entry
per card; entries untouched for :data:`MAX_AGE_DAYS` are removed. Entries are
JSON, never pickles: a cache folder may come from a stranger's repository,
and reading it must not run code; and a cache that git tracks is not used at
all (see :func:`_tracked`). Anything wrong with the cache (a damaged
or foreign file, a folder that cannot be written) makes it a miss or turns
caching off for the run, silently: the cache is only ever a shortcut.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
import weakref
from pathlib import Path

from cardlint.model import Edit, Finding, Fix, Severity, Span
from cardlint.repo import boundary_of, git_may_answer, same_answers
from cardlint.report import FileContext

FOLDER = ".cardlint_cache"
ENV = "CARDLINT_CACHE_DIR"
FORMAT = 1
"""Bumped whenever the layout of an entry changes, so older entries are misses."""
MAX_AGE_DAYS = 30
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""Thousands of times the largest entry of the 2,723 real cards in the test corpora (17 KB); a larger entry is neither written nor read."""
SETTLED_NS = 2 * 10**9
"""A card's stamp is kept only when its last change is this much older than the stamp: more than any file system's timestamp resolution (FAT's is two seconds)."""
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by cardlint.\n# For information about cache directory tags see https://bford.info/cachedir/\n"
"""The standard CACHEDIR.TAG, which backup and archiving tools read as "skip this folder"."""

_DAY = 24 * 60 * 60
_COMMIT = frozenset("0123456789abcdef")
_SEVERITIES = {severity.value: severity for severity in Severity}


def default_folder(config, given: str | None = None) -> Path:
    """Where the cache lives: ``given`` (``--cache-dir``), else ``CARDLINT_CACHE_DIR``, else beside the configuration, else here."""
    if given:
        return Path(given)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = config.path.parent if config.path is not None else Path.cwd()
    return base / FOLDER


class Cache:
    """The cache folder of one run; :meth:`open` returns None when it cannot be used.

    The folder is made when the first entry is written, so that a run that
    lints nothing (a bad option, a refused ``--output``) leaves nothing behind.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries = folder / "entries"
        self.ready = False
        self.misses = 0
        """Cards this process looked up and had to lint: the runner starts workers only once there are enough."""

    @classmethod
    def open(cls, folder: Path) -> Cache | None:
        """The cache in ``folder``; None when git tracks it (see :func:`_tracked`)."""
        return None if _tracked(folder) else cls(folder)

    def prepare(self) -> None:
        """Make the folder with its tag and ``.gitignore``, and prune it; raises OSError when it cannot be written."""
        if self.ready:
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "# Created by cardlint.\n*\n")):
            if not (self.folder / name).is_file():
                _write(self.folder / name, text.encode())
        self._prune()
        self.ready = True

    def _prune(self) -> None:
        """Once a day at most, remove the entries not used for :data:`MAX_AGE_DAYS` (cards renamed, deleted, moved)."""
        marker = self.folder / "pruned"
        now = time.time()
        with contextlib.suppress(OSError):
            if now - marker.stat().st_mtime < _DAY:
                return
        with os.scandir(self.entries) as listing:
            for entry in listing:
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > MAX_AGE_DAYS * _DAY:
                        os.unlink(entry.path)
        _write(marker, b"")

    def has_entries(self) -> bool:
        """True when some card has been cached here (a run may then need no parser at all)."""
        try:
            with os.scandir(self.entries) as listing:
                return next(listing, None) is not None
        except OSError:
            return False

    def entry(self, session, target) -> Entry | None:
        """The entry of the card ``target`` (local, or on the Hub); None when the card cannot be cached.

        A Hub card is cached only at a commit (``hf://owner/name@<40 hex digits>``):
        a branch may move, and its files with it.
        """
        revision = getattr(target, "revision", "")
        if hasattr(target, "repo_id") and not (revision and len(revision) == 40 and set(revision) <= _COMMIT):
            return None
        display = target.display
        slot = _hash(f"{getattr(target, 'real', None) or display}\0{display}".encode("utf-8", "surrogatepass"))
        settings = f"{FORMAT}\0{fingerprint(session)}\0{getattr(target, 'kind', None)}\0{display}\0"
        return Entry(self, os.path.join(self.entries, f"{slot}.json"), settings)


class Entry:
    """One card's place in the cache, and what its contents must match to be used: the settings with the card's stamp or bytes."""

    def __init__(self, cache: Cache, path: str, settings: str) -> None:
        self.cache = cache
        self.path = path
        self.settings = settings
        self.stamp: list | None = None
        """The card's settled stamp with the settings, taken by :meth:`unchanged`: kept with what is written."""
        self.key = ""
        self._data: dict | None = None
        self._touched = 0.0

    def unchanged(self, card: Path, repo, hashes: bool) -> tuple[list[Finding], dict[str, FileContext]] | None:
        """The cached outcome when the card at ``card`` has the stamp kept with it; call before reading the card.

        ``repo`` and ``hashes`` are as for :meth:`read`.
        """
        now = time.time_ns()
        try:
            info = os.stat(card)
        except OSError:
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) < now - SETTLED_NS:
            self.stamp = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, self.settings]
        data = self._load()
        if self.stamp is None or data.get("stamp") != self.stamp:
            return None
        hit = self._answer(data, repo, hashes)
        if hit is None:
            self._data = {}  # the card is as it was, so its bytes cannot make the entry usable either
        return hit

    def read(self, text, repo, hashes: bool) -> tuple[list[Finding], dict[str, FileContext]] | None:
        """The cached findings and their context for the card ``text``, or None when missing, stale, damaged or without line hashes ``hashes`` needs.

        Each recorded fact is asked of ``repo`` again, so on a hit the
        repository has been asked what the rules asked (and, like after a
        lint, knows what it could not answer).
        """
        self.key = _hash(self.settings.encode("utf-8", "surrogatepass") + text.raw)
        data = self._load()
        if data.get("key") != self.key:
            return None
        hit = self._answer(data, repo, hashes)
        if hit is not None and self.stamp is not None and data.get("stamp") is None:
            data["stamp"] = self.stamp
            self._keep(data)
        return hit

    def _load(self) -> dict:
        """The entry's contents, read once for both lookups; empty when missing, damaged or foreign.

        Entries are replaced whole (see :func:`_write`), so one ``os.read`` of
        the size the file has is the entry, and anything else is damage. A
        stranger's cache may hold a pipe, which is not waited on, or a file
        of any size, which is not read past :data:`MAX_ENTRY_BYTES`.
        """
        if self._data is None:
            try:
                descriptor = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
                try:
                    info = os.fstat(descriptor)
                    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                        raise ValueError("not an entry")
                    data = json.loads(os.read(descriptor, info.st_size))
                    self._data = data if isinstance(data, dict) else {}
                    self._touched = info.st_mtime
                finally:
                    os.close(descriptor)
            except Exception:  # a missing, damaged or foreign entry, whatever its shape, is a miss
                self._data = {}
        return self._data

    def _answer(self, data: dict, repo, hashes: bool) -> tuple[list[Finding], dict[str, FileContext]] | None:
        try:
            if hashes and not data["hashes"]:
                return None
            facts = data["facts"]
            if not (same_answers(repo, facts) if repo is not None else not facts):
                return None
            result = [_finding(item) for item in data["findings"]], {path: _context(item, hashes) for path, item in data["context"]}
        except Exception:  # a damaged or foreign entry, whatever its shape, is a miss
            return None
        if time.time() - self._touched > _DAY:
            with contextlib.suppress(OSError):
                os.utime(self.path)
        return result

    def write(self, findings: list[Finding], context: dict[str, FileContext], facts, hashes: bool) -> None:
        """Keep the outcome of a lint of the card :meth:`read` was given; a cache that cannot be written is left as it was."""
        self._keep(
            {
                "key": self.key,
                "stamp": self.stamp,
                "hashes": hashes,
                "facts": list(facts),
                "findings": [_finding_data(finding) for finding in findings],
                "context": [[path, [sorted(item.lines.items()), sorted(item.hashes.items())]] for path, item in context.items()],
            }
        )

    def _keep(self, data: dict) -> None:
        """Write ``data`` as the entry, unless it is too large to be read back (:data:`MAX_ENTRY_BYTES`)."""
        encoded = json.dumps(data, separators=(",", ":")).encode()
        if len(encoded) > MAX_ENTRY_BYTES:
            return
        with contextlib.suppress(OSError, ValueError):
            self.cache.prepare()
            _write(self.path, encoded)


def _tracked(folder: Path) -> bool:
    """True when git tracks anything in ``folder``: a cache committed to the repository being linted.

    Such a cache is the pull request's, not this machine's: its entries may
    have been written to hide the findings of the very cards they claim to
    describe, with keys computed for the expected cardlint and settings. A
    cache cardlint made is never tracked (its ``.gitignore`` says ``*``).
    Git is asked only when it could say yes: the folder is in a work tree
    (a ``.git`` above it) or the environment names one.
    """
    if not folder.is_dir():
        return False
    if not git_may_answer(boundary_of(folder)):
        return False
    import subprocess

    try:
        listed = subprocess.run(["git", "-C", str(folder), "ls-files", "-z", "--", "."], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def clean(folder: Path) -> bool:
    """Remove the cache ``folder``; False when there is none. A folder without cardlint's tag is not removed."""
    import shutil

    tag = folder / "CACHEDIR.TAG"
    try:
        if tag.read_text(encoding="utf-8", errors="replace") != TAG:
            raise OSError(f"{folder}: not a cardlint cache (its CACHEDIR.TAG is not cardlint's); not removed")
    except FileNotFoundError:
        if folder.exists():
            raise OSError(f"{folder}: not a cardlint cache (no CACHEDIR.TAG); not removed") from None
        return False
    shutil.rmtree(folder)
    return True


_FINGERPRINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fingerprint(session) -> str:
    """What every entry of ``session``'s cards shares: version, source, settings and rule set; computed once per session and process."""
    known = _FINGERPRINTS.get(session)
    if known is None:
        known = _FINGERPRINTS[session] = _fingerprint(session)
    return known


def _fingerprint(session) -> str:
    from cardlint import __version__
    from cardlint.resources import data_dir

    config = session.config
    files = {*Path(__file__).parent.rglob("*.py"), *data_dir("rules").rglob("*"), *data_dir("schemas").rglob("*"), *config.rule_packs}
    for folder in config.plugins:
        files.update(folder.rglob("*"))
    for rule in session.rules.values():
        code = getattr(rule.check, "__code__", None)
        if code is not None:
            files.add(Path(code.co_filename))
    parts = [__version__, config_fingerprint(config)]
    parts += [f"{rule.id}\0{rule.origin}" for rule in session.rules.values()]
    parts += [f"{path}\0{_file_hash(path)}" for path in sorted(files) if "__pycache__" not in path.parts]
    return _hash("\0".join(parts).encode("utf-8", "surrogatepass"))


def config_fingerprint(config) -> str:
    """The resolved settings: the configuration file's content and every value after the command line's overrides."""
    content = b""
    if config.path is not None:
        with contextlib.suppress(OSError):
            content = config.path.read_bytes()
    return _hash(config.identity.encode("utf-8", "surrogatepass") + b"\0" + content)


def _file_hash(path: Path) -> str:
    try:
        return _hash(path.read_bytes()) if path.is_file() else ""
    except OSError:
        return "unreadable"


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _write(path: Path | str, data: bytes) -> None:
    """Write ``path`` whole or not at all: a reader never sees half an entry."""
    import tempfile

    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".", suffix=".tmp")
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _finding_data(finding: Finding) -> list:
    fix = finding.fix
    fix_data = None if fix is None else [fix.description, [[list(edit.span), edit.text] for edit in fix.edits]]
    return [finding.rule, finding.name, finding.severity.value, finding.message, finding.path, list(finding.span), finding.key_path, finding.help, fix_data]


def _finding(item: list) -> Finding:
    rule, name, severity, message, path, span, key_path, help_text, fix = item
    if fix is not None:
        fix = Fix(fix[0], tuple(Edit(Span(*edit_span), text) for edit_span, text in fix[1]))
    return Finding(rule, name, _SEVERITIES[severity], message, path, Span(*span), key_path, help_text, fix)


def _context(item: list, hashes: bool) -> FileContext:
    lines, line_hashes = item
    return FileContext({int(n): line for n, line in lines}, {int(n): value for n, value in line_hashes} if hashes else {})
