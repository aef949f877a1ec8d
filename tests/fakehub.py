"""A small stand-in for the Hub on 127.0.0.1: the requests huggingface_hub makes to fetch a card.

It answers ``HEAD``/``GET /{prefix}{repo}/resolve/{revision}/{path}`` with the
headers huggingface_hub needs (``X-Repo-Commit``, ``ETag``,
``Content-Length``), ``GET /api/{type}s/{repo}/tree/{revision}`` with the
file list and ``GET /api/{type}s?author=OWNER`` with an owner's repositories
(id and commit sha, ``page_size`` a page, the next page named in a ``Link``
header as the Hub does), and fails the way the Hub does, with
``X-Error-Code`` (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo).
A revision is a branch name or its commit sha, and the sha is drawn from the
files, so changing a repository's files gives it a new commit.

It also misbehaves on request, the way a hostile or broken server would:
a :class:`Blob` is a file of any size that is never held in memory,
``drip`` names request paths whose body comes one byte at a time, and
``broken_tree`` maps repositories to the error status their file list answers
(huggingface_hub retries a 5xx for about half a minute; a 4xx fails at once).
``latency`` delays every answer, as the network to the real Hub would.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

PREFIXES = {"datasets/": "dataset", "spaces/": "space"}
LISTINGS = {"models": "model", "datasets": "dataset", "spaces": "space"}
CHUNK = 1024 * 1024


class Blob:
    """``size`` bytes of ``fill``, sent in chunks and never held whole."""

    def __init__(self, size: int, fill: bytes = b"a") -> None:
        self.size = size
        self.fill = fill

    def __len__(self) -> int:
        return self.size

    def chunks(self):
        for start in range(0, self.size, CHUNK):
            yield self.fill * min(CHUNK, self.size - start)


def digest(data: bytes | Blob) -> str:
    if isinstance(data, Blob):
        return hashlib.sha1(f"{data.size}{data.fill!r}".encode()).hexdigest()
    return hashlib.sha1(data).hexdigest()


class FakeHub:
    def __init__(self) -> None:
        self.repos: dict[tuple[str, str], dict[str, dict[str, bytes]]] = {}
        self.gated: set[tuple[str, str]] = set()
        self.broken_tree: dict[tuple[str, str], int] = {}
        self.drip: dict[str, float] = {}
        """Request path -> seconds between the bytes of its body."""
        self.requests: list[str] = []
        self.page_size = 2
        self.latency = 0.0
        self.closing = threading.Event()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return

            def do_HEAD(self) -> None:
                hub.answer(self, body=False)

            def do_GET(self) -> None:
                hub.answer(self, body=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, kind: str, repo_id: str, files: dict[str, str | bytes | Blob], revision: str = "main") -> None:
        self.repos.setdefault((kind, repo_id), {})[revision] = {path: data.encode() if isinstance(data, str) else data for path, data in files.items()}

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

    def commit(self, kind: str, repo_id: str, revision: str) -> str:
        """The commit sha of a revision: it changes when the files do."""
        files = self.repos[kind, repo_id][revision]
        return hashlib.sha1(json.dumps([kind, repo_id, revision, sorted((name, digest(data)) for name, data in files.items())]).encode()).hexdigest()

    def answer(self, handler: BaseHTTPRequestHandler, body: bool) -> None:
        url = urlsplit(handler.path)
        path = unquote(url.path)
        self.requests.append(f"{handler.command} {path}")
        if self.latency:
            time.sleep(self.latency)
        if path.strip("/") in {f"api/{name}" for name in LISTINGS}:
            return self.listing(handler, LISTINGS[path.strip("/")[4:]], parse_qs(url.query))
        if path.startswith("/api/"):
            return self.tree(handler, path)
        kind, rest = "model", path.lstrip("/")
        for prefix, name in PREFIXES.items():
            if rest.startswith(prefix):
                kind, rest = name, rest[len(prefix):]
        parts = rest.split("/")
        if len(parts) < 5 or parts[2] != "resolve":
            return self.fail(handler, 404, "RepoNotFound")
        repo_id, revision, file_path = "/".join(parts[:2]), parts[3], "/".join(parts[4:])
        files = self.files(handler, kind, repo_id, revision)
        if files is None:
            return None
        commit = self.commit(kind, repo_id, self.branch(kind, repo_id, revision))
        if file_path not in files:
            return self.fail(handler, 404, "EntryNotFound", commit)
        data = files[file_path]
        handler.send_response(200)
        handler.send_header("X-Repo-Commit", commit)
        handler.send_header("ETag", f'"{digest(data)}"')
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if body:
            self.send(handler, path, data)

    def tree(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        parts = path.split("/")
        kind = {"models": "model", "datasets": "dataset", "spaces": "space"}.get(parts[2], "model")
        repo_id, revision = "/".join(parts[3:5]), parts[6] if len(parts) > 6 else "main"
        files = self.files(handler, kind, repo_id, revision)
        if files is None:
            return
        if (kind, repo_id) in self.broken_tree:
            return self.fail(handler, self.broken_tree[kind, repo_id], "BrokenTree")
        payload = json.dumps([{"type": "file", "oid": digest(data), "size": len(data), "path": name} for name, data in sorted(files.items())]).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        self.send(handler, path, payload)

    def listing(self, handler: BaseHTTPRequestHandler, kind: str, query: dict[str, list[str]]) -> None:
        """The repositories of ``author``, newest first (not by name), a page at a time with a ``Link`` to the next."""
        author = query.get("author", [""])[0]
        found = [(repo_id, self.commit(kind, repo_id, "main")) for (each, repo_id), revisions in reversed(self.repos.items()) if each == kind and repo_id.split("/")[0] == author and "main" in revisions]
        start = int(query.get("cursor", ["0"])[0])
        page = found[start : start + self.page_size]
        payload = json.dumps([{"_id": digest(repo_id.encode()), "id": repo_id, "sha": commit} for repo_id, commit in page]).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        if start + self.page_size < len(found):
            following = urlencode({**{key: values[0] for key, values in query.items()}, "cursor": start + self.page_size})
            handler.send_header("Link", f'<{self.url}/api/{kind}s?{following}>; rel="next"')
        handler.end_headers()
        handler.wfile.write(payload)

    def send(self, handler: BaseHTTPRequestHandler, path: str, data: bytes | Blob) -> None:
        """Write a body: whole, in chunks (a Blob), or a byte at a time (a path in ``drip``, bytes only) until the client leaves."""
        pause = self.drip.get(path)
        if pause is None:
            for chunk in data.chunks() if isinstance(data, Blob) else [data]:
                handler.wfile.write(chunk)
            return
        for index in range(len(data)):
            if self.closing.wait(pause):
                return
            try:
                handler.wfile.write(data[index : index + 1])
                handler.wfile.flush()
            except OSError:
                return

    def branch(self, kind: str, repo_id: str, revision: str) -> str | None:
        """The revision named by a branch name or by its commit sha."""
        revisions = self.repos[kind, repo_id]
        if revision in revisions:
            return revision
        return next((name for name in revisions if self.commit(kind, repo_id, name) == revision), None)

    def files(self, handler, kind: str, repo_id: str, revision: str):
        revisions = self.repos.get((kind, repo_id))
        if revisions is None:
            return self.fail(handler, 404, "RepoNotFound")
        if (kind, repo_id) in self.gated:
            return self.fail(handler, 401, "GatedRepo")
        branch = self.branch(kind, repo_id, revision)
        if branch is None:
            return self.fail(handler, 404, "RevisionNotFound")
        return revisions[branch]

    @staticmethod
    def fail(handler: BaseHTTPRequestHandler, status: int, code: str, commit: str | None = None) -> None:
        message = f"{code}".encode()
        handler.send_response(status)
        handler.send_header("X-Error-Code", code)
        if commit:
            handler.send_header("X-Repo-Commit", commit)
        handler.send_header("Content-Length", str(len(message)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(message)
        return None
