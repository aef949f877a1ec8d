"""Cards straight from the Hub: ``hf://owner/name``, ``hf://datasets/owner/name``, ``hf://spaces/owner/name@rev``, ``hf://owner``.

huggingface_hub does the fetching, so ``HF_ENDPOINT``, ``HF_TOKEN``, the
local cache and offline mode (``HF_HUB_OFFLINE``) all work as users expect.
The repository's file list stands in for the folder next to a local card,
so the rules that look at files (CL401, CL601, CL602, ``.eval_results``)
work the same; small files are downloaded only when a rule reads them.
Every failure becomes one line naming the ``hf://`` path.

``hf://owner`` (``hf://datasets/owner``, ``hf://spaces/owner``) stands for
every repository of that kind the owner has: the listing gives each one's
commit, each card is downloaded at that commit, a few at a time, and linted
in the order of the repository ids, whatever order the downloads finish in.
A card already in huggingface_hub's cache at that commit is not asked for
again.

A Hub repository is as untrusted as a cloned one: a card larger than a
local card may be is refused before it is downloaded (the Hub gives its
size), each card has an overall deadline, ``CARDLINT_HUB_DEADLINE`` seconds
(default 60), for everything fetched for it (a server that sends one byte
at a time never trips a per-read timeout), and when the files cannot be
listed, the rules that ask for them are told nothing and the run says so.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from cardlint import source
from cardlint.repo import MAX_READ, Refused, Repository

DEADLINE = 60.0
"""Seconds one card may spend on the Hub, all requests together, unless CARDLINT_HUB_DEADLINE says otherwise."""

DOWNLOADS = 8
"""Cards of an owner downloaded at once: enough to hide the Hub's latency, few enough to be a polite client."""

_AHEAD = 4 * DOWNLOADS
"""Cards of an owner downloaded ahead of the one being linted: keeps the downloads busy, bounds what is held."""

_HF = re.compile(r"^hf://(?:(?P<kind>datasets|spaces|models)/)?(?P<owner>[A-Za-z0-9][\w.-]*)(?:/(?P<name>[\w.-]+))?(?:@(?P<rev>[^\s@]+?))?/?$")
_TYPES = {"datasets": "dataset", "spaces": "space", "models": "model", None: "model"}
_PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}
_NO_CARD = "the repository has no README.md"


class RemoteTarget(NamedTuple):
    """A card on the Hub. ``kind`` is the repository type, which is also the kind of card.

    ``commit`` pins a card found by an owner listing to the commit the listing
    gave, so that a second run finds it in the cache without asking the Hub;
    it is not part of the card's name (``revision`` is, when one was given).
    """

    repo_id: str
    kind: str
    revision: str | None
    given: str
    commit: str | None = None

    @property
    def display(self) -> str:
        revision = f"@{self.revision}" if self.revision else ""
        return f"hf://{_PREFIX[self.kind]}{self.repo_id}{revision}/README.md"

    @property
    def at(self) -> str | None:
        """The revision every download asks for: the pinned commit, else the one given, else (None) the main branch."""
        return self.commit or self.revision

    def load(self):
        """(card, its repository's files, where to write fixes: nowhere, kind of card)."""
        text, repo = fetch(self)
        return text, repo, None, self.kind


class RemoteOwner(NamedTuple):
    """Every repository of one kind that a user or organisation has on the Hub (``hf://owner``)."""

    owner: str
    kind: str
    given: str


class RemotePathError(ValueError):
    """An ``hf://`` path that names no repository."""


def parse(path: str) -> RemoteTarget | RemoteOwner:
    """The card or the owner an ``hf://`` path names; :class:`RemotePathError` saying how to write it when neither."""
    match = _HF.match(path)
    if not match:
        raise RemotePathError(f"{path}: not a Hub path; write hf://owner/name, hf://datasets/owner/name or hf://spaces/owner/name, optionally @revision, or hf://owner for all of an owner's cards")
    kind, owner, name, revision = match.group("kind", "owner", "name", "rev")
    if name is not None:
        return RemoteTarget(f"{owner}/{name}", _TYPES[kind], revision, path)
    if kind is None and owner in _TYPES:
        raise RemotePathError(f"{path}: name an owner: hf://{owner}/OWNER lints the cards of all of OWNER's {owner}")
    if revision is not None:
        raise RemotePathError(f"{path}: a revision belongs to one repository: write hf://{_PREFIX[_TYPES[kind]]}{owner}/NAME@{revision}, or hf://{_PREFIX[_TYPES[kind]]}{owner} for the latest commit of each")
    return RemoteOwner(owner, _TYPES[kind], path)


def cards(target: RemoteTarget | RemoteOwner, progress: bool = True) -> Iterator:
    """The cards an ``hf://`` path stands for: the card it names, or each card of the owner it names.

    ``progress`` allows a progress bar on standard error while an owner's
    cards download; it is shown only when standard error is a terminal.
    """
    if isinstance(target, RemoteTarget):
        return iter([target])
    return _owned(target, progress and sys.stderr.isatty())


class Fetched(NamedTuple):
    """A card of an owner, downloaded ahead of its turn: linting it asks the Hub only for the files a rule reads.

    ``left`` is what remained of the card's time on the Hub when its download
    ended; the clock starts again when it is linted, so time spent waiting in
    line behind other cards is not counted against it. ``error`` is the one
    line that replaces the card when it could not be had.
    """

    display: str
    kind: str
    text: source.Source | None
    repo: RemoteRepo | None
    left: float
    error: str | None = None

    def load(self):
        if self.error is not None:
            raise source.SourceError(self.error)
        self.repo.deadline = time.monotonic() + self.left
        return self.text, self.repo, None, self.kind


class UnlistedOwner(NamedTuple):
    """An owner whose repositories could not be listed (or who has none): linting it reports that in one line."""

    display: str
    why: str

    def load(self):
        raise source.SourceError.about(self.display, self.why)


def _owned(owner: RemoteOwner, shown: bool) -> Iterator[Fetched | UnlistedOwner]:
    """Each card of ``owner``, in the order of the repository ids, downloaded ``DOWNLOADS`` at a time.

    Downloads run at most ``_AHEAD`` cards ahead of the card being linted.
    The progress bar is drawn only while the run waits for the Hub and wiped
    before each card is handed on, so the report and error lines printed
    between cards never land on it.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    try:
        repos = _in_time(time.monotonic() + _budget(), _repositories, owner)
    except _Late:
        yield UnlistedOwner(owner.given, f"the Hub did not list the {owner.kind}s of {owner.owner} within {_budget():g} seconds (CARDLINT_HUB_DEADLINE)")
        return
    except Exception as error:
        yield UnlistedOwner(owner.given, _unlisted_owner(owner, error))
        return
    if not repos:
        from huggingface_hub import constants

        yield UnlistedOwner(owner.given, f"no {owner.kind}s of {owner.owner} on {constants.ENDPOINT} (private ones need HF_TOKEN)")
        return
    waiting = (RemoteTarget(repo_id, owner.kind, None, f"hf://{_PREFIX[owner.kind]}{repo_id}", commit) for repo_id, commit in repos)
    slots = threading.Semaphore(DOWNLOADS)
    progress = _Progress(len(repos), owner.given, shown)
    pending: deque = deque()
    handed = 0
    try:
        pending.extend(_download_ahead(slots, target) for target in itertools.islice(waiting, _AHEAD))
        while pending:
            while not pending[0].done():
                progress.show(handed + sum(future.done() for future in pending))
                wait([future for future in pending if not future.done()], timeout=0.5, return_when=FIRST_COMPLETED)
            pending.extend(_download_ahead(slots, target) for target in itertools.islice(waiting, 1))
            progress.wipe()
            handed += 1
            yield pending.popleft().result()
    finally:
        progress.close()
        for future in pending:
            future.cancel()


def _download_ahead(slots: threading.Semaphore, target: RemoteTarget):
    """A future for :func:`_prefetch` of ``target``, run when one of the ``slots`` is free.

    Each download has a daemon thread of its own (at most ``_AHEAD`` at a
    time, ``DOWNLOADS`` of them working), not a thread pool's: a run that is
    interrupted or stops early exits at once, leaving a slow download behind
    as :func:`_in_time` does, instead of waiting out its deadline. A future
    cancelled before its slot came up downloads nothing.
    """
    from concurrent.futures import Future

    future: Future = Future()

    def run() -> None:
        with slots:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(_prefetch(target))
            except BaseException as error:
                future.set_exception(error)

    threading.Thread(target=run, name="cardlint-download", daemon=True).start()
    return future


def _repositories(owner: RemoteOwner) -> list[tuple[str, str | None]]:
    """(repository id, commit sha) of each of the owner's repositories, sorted by id, each once."""
    from huggingface_hub import HfApi

    listing = getattr(HfApi(), f"list_{owner.kind}s")(author=owner.owner, expand=["sha"])
    return sorted({info.id: info.sha for info in listing}.items())


def _prefetch(target: RemoteTarget) -> Fetched:
    """Download one card of an owner and its file list, in a download thread; a failure becomes the card's one line."""
    try:
        text, repo = fetch(target)
    except source.SourceError as error:
        return Fetched(target.display, target.kind, None, None, 0.0, str(error))
    return Fetched(target.display, target.kind, text, repo, max(repo.deadline - time.monotonic(), 0.0))


class _Progress:
    """The owner listing's progress bar on standard error: cards downloaded, of how many, and the time left.

    Drawn only while the run waits for the Hub (``show``) and wiped whenever
    the run goes on to lint and report (``wipe``), so nothing else printed on
    the terminal is written over it.
    """

    def __init__(self, total: int, label: str, shown: bool) -> None:
        self.bar = None
        self.drawn = False
        if shown:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="card", file=sys.stderr, leave=False, miniters=1, dynamic_ncols=True)

    def show(self, downloaded: int) -> None:
        if self.bar is None:
            return
        if downloaded > self.bar.n:
            self.bar.update(downloaded - self.bar.n)
        self.bar.refresh()
        self.drawn = True

    def wipe(self) -> None:
        if self.drawn:
            self.bar.clear()
            self.drawn = False

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class RemoteRepo(Repository):
    """The files of a Hub repository at one revision, as the rules see a folder.

    ``sizes`` is the file list (path -> size), or None when it could not be
    had (``unlisted`` says why); then no rule is told a file is missing.
    A file read once is kept: the rules and the report's source excerpts ask
    for the same files, and each download costs the Hub a request.
    """

    def __init__(self, target: RemoteTarget, sizes: dict[str, int] | None, deadline: float, unlisted: str = "") -> None:
        super().__init__()
        self.target = target
        self.sizes = sizes
        self.deadline = deadline
        self.unlisted = unlisted
        self._loaded: dict[str, source.Source | source.SourceError] = {}

    def _listed(self) -> dict[str, int]:
        if self.sizes is None:
            self._refuse("", f"the files next to the card were not checked: {self.unlisted}")
            return {}
        return self.sizes

    def files(self, folder: str = "") -> list[str]:
        return sorted(path for path in self._listed() if str(PurePosixPath(path).parent) == (folder or "."))

    def exists(self, path: str) -> bool:
        if self.sizes is None:
            self._listed()
            return True
        path = path.strip("/")
        return path in self.sizes or any(name.startswith(path + "/") for name in self.sizes)

    def load(self, path: str) -> source.Source:
        if path not in self._loaded:
            try:
                self._loaded[path] = self._fetch(path)
            except source.SourceError as error:
                self._loaded[path] = error
        loaded = self._loaded[path]
        if isinstance(loaded, source.SourceError):
            raise loaded
        return loaded

    def _fetch(self, path: str) -> source.Source:
        size = self._listed().get(path)
        if size is None:
            raise source.SourceError.about(path, "no such file in the repository")
        if size > MAX_READ:
            raise source.too_large(path, size, MAX_READ)
        try:
            local = _in_time(self.deadline, _download, self.target, path)
        except _Late:
            raise Refused.about(path, f"not read: the card's {_budget():g} seconds on the Hub ran out") from None
        except Exception as error:
            raise source.SourceError.about(path, f"cannot download: {type(error).__name__}") from None
        return source.read(Path(local), path, MAX_READ, "a text file")

    def display(self, path: str, card_display: str) -> str:
        return f"{card_display.rsplit('/', 1)[0]}/{path}"


def fetch(target: RemoteTarget) -> tuple[source.Source, RemoteRepo]:
    """The card and the repository's files; raises :class:`~cardlint.source.SourceError` with one clear line."""
    deadline = time.monotonic() + _budget()
    try:
        local = _in_time(deadline, _fetch_card, target)
    except source.SourceError:
        raise
    except _Late:
        raise source.SourceError.about(target.given, f"the Hub did not send README.md within {_budget():g} seconds (CARDLINT_HUB_DEADLINE)") from None
    except Exception as error:
        raise source.SourceError(_explain(target, error)) from None
    text = source.read(Path(local), target.display)
    try:
        return text, RemoteRepo(target, _in_time(deadline, _listing, target), deadline)
    except _Late:
        why = f"the Hub did not list the repository's files within {_budget():g} seconds"
    except Exception as error:
        why = _unlisted(error)
    return text, RemoteRepo(target, None, deadline, why)


def _budget() -> float:
    try:
        return float(os.environ.get("CARDLINT_HUB_DEADLINE", DEADLINE))
    except ValueError:
        return DEADLINE


class _Late(Exception):
    """The card's time on the Hub ran out."""


def _in_time(deadline: float, call, *args):
    """``call(*args)``, given until ``deadline`` (a monotonic time); :class:`_Late` when it is not back by then.

    The call runs in a daemon thread, so one that never returns (a server
    sending a byte a minute) is left behind and does not keep the run alive;
    it stays quiet while it runs, even after it is left behind.
    """
    outcome: dict = {}

    def run() -> None:
        try:
            with _quiet():
                outcome["value"] = call(*args)
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=run, name="cardlint-hub", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0))
    if worker.is_alive():
        raise _Late
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class _Quiet:
    """huggingface_hub logs its retries as warnings and draws a progress bar per file on a terminal; cardlint reports the outcome in one line instead.

    Hub calls overlap (one left behind by its deadline, the next card's, the
    downloads of an owner's cards), so the log level is lowered and the bars
    turned off when the first starts, and both restored when the last ends.
    Bars that ``HF_HUB_DISABLE_PROGRESS_BARS=0`` asks for are left on.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.level = logging.NOTSET
        self.bars = False
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        """A lint worker forked while a download thread held the lock starts with it free (the thread is not there)."""
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def __call__(self):
        import huggingface_hub.utils.logging  # noqa: F401  (sets the library's own level on import: before it is read, not after it is lowered)
        from huggingface_hub import constants
        from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

        logger = logging.getLogger("huggingface_hub")
        with self.lock:
            if self.calls == 0:
                self.level = logger.level
                logger.setLevel(logging.ERROR)
                self.bars = not are_progress_bars_disabled() and constants.HF_HUB_DISABLE_PROGRESS_BARS is not False
                if self.bars:
                    disable_progress_bars()
            self.calls += 1
        try:
            yield
        finally:
            with self.lock:
                self.calls -= 1
                if self.calls == 0:
                    logger.setLevel(self.level)
                    if self.bars:
                        enable_progress_bars()


_quiet = _Quiet()


def _fetch_card(target: RemoteTarget) -> str:
    """The local path of the card, from the Hub, or from the cache when the Hub cannot be reached.

    The size the Hub gives for the card is checked before anything is
    downloaded. hf_hub_download retries an unreachable Hub with back-off for
    about half a minute before it looks in the cache; one probe without
    retries first lets cardlint fall back to the cache, or give up, at once.
    A card pinned to a commit that the cache holds (or knows has no card)
    needs no request at all: a commit never changes.
    """
    from huggingface_hub import constants, get_hf_file_metadata, hf_hub_download, hf_hub_url, try_to_load_from_cache

    if target.commit:
        cached = try_to_load_from_cache(target.repo_id, "README.md", revision=target.commit, repo_type=target.kind)
        if isinstance(cached, str):
            return cached
        if cached is not None:
            raise source.SourceError.about(target.given, _NO_CARD)
    if not constants.HF_HUB_OFFLINE:
        try:
            metadata = get_hf_file_metadata(hf_hub_url(target.repo_id, "README.md", repo_type=target.kind, revision=target.at))
        except _hub_errors():
            pass
        except Exception:
            return hf_hub_download(target.repo_id, "README.md", repo_type=target.kind, revision=target.at, local_files_only=True)
        else:
            if metadata.size is not None and metadata.size > source.MAX_BYTES:
                raise source.too_large(target.display, metadata.size, source.MAX_BYTES)
    return _download(target, "README.md")


def _download(target: RemoteTarget, filename: str) -> str:
    from huggingface_hub import hf_hub_download

    return hf_hub_download(target.repo_id, filename, repo_type=target.kind, revision=target.at)


def _listing(target: RemoteTarget) -> dict[str, int]:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    entries = HfApi().list_repo_tree(target.repo_id, recursive=True, repo_type=target.kind, revision=target.at)
    return {entry.path: entry.size for entry in entries if isinstance(entry, RepoFile)}


def _unlisted(error: Exception) -> str:
    """Why the repository's files could not be listed, for the line that says the file rules did not run."""
    from huggingface_hub import constants, errors

    if isinstance(error, errors.OfflineModeIsEnabled) or constants.HF_HUB_OFFLINE:
        return "offline mode (HF_HUB_OFFLINE) is on, so the repository's files cannot be listed"
    if isinstance(error, errors.HfHubHTTPError) and error.response is not None:
        return f"listing the repository's files, the Hub answered {error.response.status_code}"
    return f"cannot list the repository's files: {type(error).__name__}"


def _unlisted_owner(owner: RemoteOwner, error: Exception) -> str:
    """Why an owner's repositories could not be listed, in the words :func:`_explain` uses for one card."""
    from huggingface_hub import constants, errors

    what = f"the {owner.kind}s of {owner.owner}"
    if isinstance(error, errors.OfflineModeIsEnabled) or constants.HF_HUB_OFFLINE:
        return f"offline mode (HF_HUB_OFFLINE) is on, so {what} cannot be listed"
    if isinstance(error, errors.HfHubHTTPError) and error.response is not None:
        return f"listing {what}, the Hub answered {error.response.status_code}"
    return f"cannot list {what} on {constants.ENDPOINT}: {type(error).__name__}"


def _hub_errors():
    from huggingface_hub import errors

    return (errors.HfHubHTTPError, errors.EntryNotFoundError, errors.OfflineModeIsEnabled)


def _explain(target: RemoteTarget, error: Exception) -> str:
    from huggingface_hub import constants, errors

    where = target.given
    revision = target.at or "main"
    if isinstance(error, errors.GatedRepoError):
        return f"{where}: gated repository: accept its conditions on the Hub, then set HF_TOKEN"
    if isinstance(error, errors.RepositoryNotFoundError):
        return f"{where}: repository not found on {constants.ENDPOINT} (a private one needs HF_TOKEN)"
    if isinstance(error, errors.RevisionNotFoundError):
        return f"{where}: revision {revision!r} not found"
    if isinstance(error, errors.RemoteEntryNotFoundError):
        return f"{where}: {_NO_CARD}"
    if isinstance(error, (errors.LocalEntryNotFoundError, errors.OfflineModeIsEnabled)):
        if constants.HF_HUB_OFFLINE:
            return f"{where}: offline mode (HF_HUB_OFFLINE) is on and README.md is not in the local cache"
        return f"{where}: cannot reach {constants.ENDPOINT} and README.md is not in the local cache"
    if isinstance(error, errors.HfHubHTTPError) and error.response is not None:
        return f"{where}: the Hub answered {error.response.status_code}"
    return f"{where}: cannot fetch README.md from {constants.ENDPOINT}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")
