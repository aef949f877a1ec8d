"""Cards straight from the Hub: ``hf://owner/name``, ``hf://datasets/owner/name``, ``hf://spaces/owner/name@rev``.

huggingface_hub does the fetching, so ``HF_ENDPOINT``, ``HF_TOKEN``, the
local cache and offline mode (``HF_HUB_OFFLINE``) all work as users expect.
The repository's file list stands in for the folder next to a local card,
so the rules that look at files (CL401, CL601, CL602, ``.eval_results``)
work the same; small files are downloaded only when a rule reads them.
Every failure becomes one line naming the ``hf://`` path.

A Hub repository is as untrusted as a cloned one: a card larger than a
local card may be is refused before it is downloaded (the Hub gives its
size), each card has an overall deadline, ``CARDLINT_HUB_DEADLINE`` seconds
(default 60), for everything fetched for it (a server that sends one byte
at a time never trips a per-read timeout), and when the files cannot be
listed, the rules that ask for them are told nothing and the run says so.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from cardlint import source
from cardlint.repo import MAX_READ, Refused, Repository

DEADLINE = 60.0
"""Seconds one card may spend on the Hub, all requests together, unless CARDLINT_HUB_DEADLINE says otherwise."""

_HF = re.compile(r"^hf://(?:(?P<kind>datasets|spaces|models)/)?(?P<repo>[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?)(?:@(?P<rev>[^\s@]+?))?/?$")
_TYPES = {"datasets": "dataset", "spaces": "space", "models": "model", None: "model"}
_PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}


class RemoteTarget(NamedTuple):
    """A card on the Hub. ``kind`` is the repository type, which is also the kind of card."""

    repo_id: str
    kind: str
    revision: str | None
    given: str

    @property
    def display(self) -> str:
        revision = f"@{self.revision}" if self.revision else ""
        return f"hf://{_PREFIX[self.kind]}{self.repo_id}{revision}/README.md"

    def load(self):
        """(card, its repository's files, where to write fixes: nowhere, kind of card)."""
        text, repo = fetch(self)
        return text, repo, None, self.kind


class RemotePathError(ValueError):
    """An ``hf://`` path that names no repository."""


def parse(path: str) -> RemoteTarget:
    match = _HF.match(path)
    if not match:
        raise RemotePathError(f"{path}: not a Hub path; write hf://owner/name, hf://datasets/owner/name or hf://spaces/owner/name, optionally @revision")
    return RemoteTarget(match.group("repo"), _TYPES[match.group("kind")], match.group("rev"), path)


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
    """huggingface_hub logs its retries as warnings; cardlint reports the outcome in one line instead.

    Hub calls overlap (one left behind by its deadline, the next card's), so
    the log level is lowered when the first starts and restored when the last ends.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.level = logging.NOTSET

    @contextlib.contextmanager
    def __call__(self):
        logger = logging.getLogger("huggingface_hub")
        with self.lock:
            if self.calls == 0:
                self.level = logger.level
                logger.setLevel(logging.ERROR)
            self.calls += 1
        try:
            yield
        finally:
            with self.lock:
                self.calls -= 1
                if self.calls == 0:
                    logger.setLevel(self.level)


_quiet = _Quiet()


def _fetch_card(target: RemoteTarget) -> str:
    """The local path of the card, from the Hub, or from the cache when the Hub cannot be reached.

    The size the Hub gives for the card is checked before anything is
    downloaded. hf_hub_download retries an unreachable Hub with back-off for
    about half a minute before it looks in the cache; one probe without
    retries first lets cardlint fall back to the cache, or give up, at once.
    """
    from huggingface_hub import constants, get_hf_file_metadata, hf_hub_download, hf_hub_url

    if not constants.HF_HUB_OFFLINE:
        try:
            metadata = get_hf_file_metadata(hf_hub_url(target.repo_id, "README.md", repo_type=target.kind, revision=target.revision))
        except _hub_errors():
            pass
        except Exception:
            return hf_hub_download(target.repo_id, "README.md", repo_type=target.kind, revision=target.revision, local_files_only=True)
        else:
            if metadata.size is not None and metadata.size > source.MAX_BYTES:
                raise source.too_large(target.display, metadata.size, source.MAX_BYTES)
    return _download(target, "README.md")


def _download(target: RemoteTarget, filename: str) -> str:
    from huggingface_hub import hf_hub_download

    return hf_hub_download(target.repo_id, filename, repo_type=target.kind, revision=target.revision)


def _listing(target: RemoteTarget) -> dict[str, int]:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    entries = HfApi().list_repo_tree(target.repo_id, recursive=True, repo_type=target.kind, revision=target.revision)
    return {entry.path: entry.size for entry in entries if isinstance(entry, RepoFile)}


def _unlisted(error: Exception) -> str:
    """Why the repository's files could not be listed, for the line that says the file rules did not run."""
    from huggingface_hub import constants, errors

    if isinstance(error, errors.OfflineModeIsEnabled) or constants.HF_HUB_OFFLINE:
        return "offline mode (HF_HUB_OFFLINE) is on, so the repository's files cannot be listed"
    if isinstance(error, errors.HfHubHTTPError) and error.response is not None:
        return f"listing the repository's files, the Hub answered {error.response.status_code}"
    return f"cannot list the repository's files: {type(error).__name__}"


def _hub_errors():
    from huggingface_hub import errors

    return (errors.HfHubHTTPError, errors.EntryNotFoundError, errors.OfflineModeIsEnabled)


def _explain(target: RemoteTarget, error: Exception) -> str:
    from huggingface_hub import constants, errors

    where = target.given
    revision = target.revision or "main"
    if isinstance(error, errors.GatedRepoError):
        return f"{where}: gated repository: accept its conditions on the Hub, then set HF_TOKEN"
    if isinstance(error, errors.RepositoryNotFoundError):
        return f"{where}: repository not found on {constants.ENDPOINT} (a private one needs HF_TOKEN)"
    if isinstance(error, errors.RevisionNotFoundError):
        return f"{where}: revision {revision!r} not found"
    if isinstance(error, errors.RemoteEntryNotFoundError):
        return f"{where}: the repository has no README.md"
    if isinstance(error, (errors.LocalEntryNotFoundError, errors.OfflineModeIsEnabled)):
        if constants.HF_HUB_OFFLINE:
            return f"{where}: offline mode (HF_HUB_OFFLINE) is on and README.md is not in the local cache"
        return f"{where}: cannot reach {constants.ENDPOINT} and README.md is not in the local cache"
    if isinstance(error, errors.HfHubHTTPError) and error.response is not None:
        return f"{where}: the Hub answered {error.response.status_code}"
    return f"{where}: cannot fetch README.md from {constants.ENDPOINT}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")
