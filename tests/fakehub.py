"""A small stand-in for the Hub on 127.0.0.1: the requests huggingface_hub makes to fetch a card.

It answers ``HEAD``/``GET /{prefix}{repo}/resolve/{revision}/{path}`` with the
headers huggingface_hub needs (``X-Repo-Commit``, ``ETag``,
``Content-Length``) and ``GET /api/{type}s/{repo}/tree/{revision}`` with the
file list, and fails the way the Hub does, with ``X-Error-Code``
(RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo).

It also misbehaves on request, the way a hostile or broken server would:
a :class:`Blob` is a file of any size that is never held in memory,
``drip`` names request paths whose body comes one byte at a time, and
``broken_tree`` maps repositories to the error status their file list answers
(huggingface_hub retries a 5xx for about half a minute; a 4xx fails at once).
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

PREFIXES = {"datasets/": "dataset", "spaces/": "space"}
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

    def answer(self, handler: BaseHTTPRequestHandler, body: bool) -> None:
        path = unquote(urlsplit(handler.path).path)
        self.requests.append(f"{handler.command} {path}")
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
        if file_path not in files:
            return self.fail(handler, 404, "EntryNotFound")
        data = files[file_path]
        handler.send_response(200)
        handler.send_header("X-Repo-Commit", hashlib.sha1(f"{repo_id}@{revision}".encode()).hexdigest())
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

    def files(self, handler, kind: str, repo_id: str, revision: str):
        revisions = self.repos.get((kind, repo_id))
        if revisions is None:
            return self.fail(handler, 404, "RepoNotFound")
        if (kind, repo_id) in self.gated:
            return self.fail(handler, 401, "GatedRepo")
        if revision not in revisions:
            return self.fail(handler, 404, "RevisionNotFound")
        return revisions[revision]

    @staticmethod
    def fail(handler: BaseHTTPRequestHandler, status: int, code: str) -> None:
        message = f"{code}".encode()
        handler.send_response(status)
        handler.send_header("X-Error-Code", code)
        handler.send_header("Content-Length", str(len(message)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(message)
        return None
