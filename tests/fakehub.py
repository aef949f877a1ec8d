"""A small stand-in for the Hub on 127.0.0.1: the requests huggingface_hub makes to fetch a card.

It answers ``HEAD``/``GET /{prefix}{repo}/resolve/{revision}/{path}`` with the
headers huggingface_hub needs (``X-Repo-Commit``, ``ETag``,
``Content-Length``) and ``GET /api/{type}s/{repo}/tree/{revision}`` with the
file list, and fails the way the Hub does, with ``X-Error-Code``
(RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo).
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

PREFIXES = {"datasets/": "dataset", "spaces/": "space"}


class FakeHub:
    def __init__(self) -> None:
        self.repos: dict[tuple[str, str], dict[str, dict[str, bytes]]] = {}
        self.gated: set[tuple[str, str]] = set()
        self.requests: list[str] = []
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

    def add(self, kind: str, repo_id: str, files: dict[str, str | bytes], revision: str = "main") -> None:
        self.repos.setdefault((kind, repo_id), {})[revision] = {path: data.encode() if isinstance(data, str) else data for path, data in files.items()}

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
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
        handler.send_header("ETag", f'"{hashlib.sha1(data).hexdigest()}"')
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if body:
            handler.wfile.write(data)

    def tree(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        parts = path.split("/")
        kind = {"models": "model", "datasets": "dataset", "spaces": "space"}.get(parts[2], "model")
        repo_id, revision = "/".join(parts[3:5]), parts[6] if len(parts) > 6 else "main"
        files = self.files(handler, kind, repo_id, revision)
        if files is None:
            return
        payload = json.dumps([{"type": "file", "oid": hashlib.sha1(data).hexdigest(), "size": len(data), "path": name} for name, data in sorted(files.items())]).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

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
