"""Cards straight from the Hub: ``hf://owner/name``, ``hf://datasets/owner/name``, ``hf://spaces/owner/name@rev``.

huggingface_hub does the fetching, so ``HF_ENDPOINT``, ``HF_TOKEN``, the
local cache and offline mode (``HF_HUB_OFFLINE``) all work as users expect.
The repository's file list stands in for the folder next to a local card,
so the rules that look at files (CL401, CL601, CL602, ``.eval_results``)
work the same; small files are downloaded only when a rule reads them.
Every failure becomes one line naming the ``hf://`` path.
"""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import PurePosixPath
from typing import NamedTuple

from cardlint import source
from cardlint.repo import MAX_READ

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


class RemoteRepo:
    """The files of a Hub repository at one revision, as the rules see a folder.

    A file read once is kept: the rules and the report's source excerpts ask
    for the same files, and each download costs the Hub a request.
    """

    def __init__(self, target: RemoteTarget, sizes: dict[str, int]) -> None:
        self.target = target
        self.sizes = sizes
        self._texts: dict[str, str | None] = {}

    def files(self, folder: str = "") -> list[str]:
        return sorted(path for path in self.sizes if str(PurePosixPath(path).parent) == (folder or "."))

    def exists(self, path: str) -> bool:
        path = path.strip("/")
        return path in self.sizes or any(name.startswith(path + "/") for name in self.sizes)

    def read_text(self, path: str) -> str | None:
        if path not in self._texts:
            self._texts[path] = self._fetch_text(path)
        return self._texts[path]

    def _fetch_text(self, path: str) -> str | None:
        if self.sizes.get(path, MAX_READ + 1) > MAX_READ:
            return None
        try:
            local = _download(self.target, path)
            with open(local, encoding="utf-8-sig") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError, _hub_errors()):
            return None

    def display(self, path: str, card_display: str) -> str:
        return f"{card_display.rsplit('/', 1)[0]}/{path}"


def fetch(target: RemoteTarget) -> tuple[source.Source, RemoteRepo | None]:
    """The card and the repository's files; raises :class:`~cardlint.source.SourceError` with one clear line."""
    try:
        with _quiet():
            raw = _read(_fetch_card(target))
    except Exception as error:
        raise source.SourceError(_explain(target, error)) from None
    text = source.decode(raw, target.display)
    try:
        repo = RemoteRepo(target, _listing(target))
    except Exception:
        repo = None
    return text, repo


@contextlib.contextmanager
def _quiet():
    """huggingface_hub logs its retries as warnings; cardlint reports the outcome in one line instead."""
    logger = logging.getLogger("huggingface_hub")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _fetch_card(target: RemoteTarget) -> str:
    """The local path of the card, from the Hub, or from the cache when the Hub cannot be reached.

    hf_hub_download retries an unreachable Hub with back-off for about half a
    minute before it looks in the cache; one probe without retries first lets
    cardlint fall back to the cache, or give up, at once.
    """
    from huggingface_hub import constants, get_hf_file_metadata, hf_hub_download, hf_hub_url

    if not constants.HF_HUB_OFFLINE:
        try:
            get_hf_file_metadata(hf_hub_url(target.repo_id, "README.md", repo_type=target.kind, revision=target.revision))
        except _hub_errors():
            pass
        except Exception:
            return hf_hub_download(target.repo_id, "README.md", repo_type=target.kind, revision=target.revision, local_files_only=True)
    return _download(target, "README.md")


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(source.MAX_BYTES + 1)


def _download(target: RemoteTarget, filename: str) -> str:
    from huggingface_hub import hf_hub_download

    return hf_hub_download(target.repo_id, filename, repo_type=target.kind, revision=target.revision)


def _listing(target: RemoteTarget) -> dict[str, int]:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    entries = HfApi().list_repo_tree(target.repo_id, recursive=True, repo_type=target.kind, revision=target.revision)
    return {entry.path: entry.size for entry in entries if isinstance(entry, RepoFile)}


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
