"""A loopback Hugging Face Hub serving model repositories from local folders, as huggingface_hub reads it.

Usage::

    from servers.hf_hub_server import HfHubServer

    with HfHubServer({"litbot-test/minilm": Path("/path/to/model/folder")}) as hub:
        env = {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp / "hf")}   # then load "litbot-test/minilm"
        hub.hits("/litbot-test/minilm/resolve/")                        # requests under that prefix

What it speaks (the subset of the Hub's HTTP API that ``hf_hub_download`` and ``model_info`` use):

- ``HEAD`` / ``GET /{repo}/resolve/{revision}/{file}``: the file, with ``X-Repo-Commit`` (the repo's one
  commit), a quoted ``ETag`` (the content's sha256) and ``Content-Length``. A file the repo lacks answers
  404 with ``X-Error-Code: EntryNotFound``, as the Hub does.
- ``GET /api/models/{repo}`` (and ``.../revision/{revision}``): the repo's info (``id``, ``sha``,
  ``siblings``); ``GET /api/models/{repo}/tree/{revision}[/{folder}]``: a folder's files and folders.
- An unknown repo answers 401 with ``X-Error-Code: RepoNotFound``: the Hub says the same to an
  anonymous client whether a repo is private or absent.
"""

from __future__ import annotations

import hashlib
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from . import LoopbackServer, SeenRequest, send


class HfHubServer(LoopbackServer):
    def __init__(self, repos: dict[str, Path]) -> None:
        super().__init__()
        self.repos = {name: Path(folder) for name, folder in repos.items()}

    @property
    def url(self) -> str:
        return self.base

    def hits(self, prefix: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path.startswith(prefix))

    def commit(self, repo: str) -> str:
        return hashlib.sha1(repo.encode()).hexdigest()  # 40 hex digits, the form of a git commit

    def files(self, repo: str) -> list[str]:
        root = self.repos[repo]
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    def respond(self, handler: BaseHTTPRequestHandler, req: SeenRequest) -> None:
        parts = [p for p in req.path.split("/") if p]
        if parts[:2] == ["api", "models"]:
            return self._info(handler, parts[2:])
        if "resolve" in parts:
            at = parts.index("resolve")
            return self._file(handler, "/".join(parts[:at]), parts[at + 2:])
        send(handler, 404, b'{"error": "Sorry, we can\'t find the page you are looking for."}',
             "application/json")

    def _unknown_repo(self, handler: BaseHTTPRequestHandler) -> None:
        send(handler, 401, b'{"error": "Repository Not Found"}', "application/json",
             {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"})

    def _info(self, handler: BaseHTTPRequestHandler, parts: list[str]) -> None:
        for word in ("revision", "tree"):
            if word in parts:
                at = parts.index(word)
                repo, rest = "/".join(parts[:at]), parts[at:]
                break
        else:
            repo, rest = "/".join(parts), []
        if repo not in self.repos:
            return self._unknown_repo(handler)
        if rest[:1] == ["tree"]:
            return self._tree(handler, repo, "/".join(rest[2:]))
        info = {"id": repo, "modelId": repo, "sha": self.commit(repo), "private": False, "disabled": False,
                "library_name": "sentence-transformers", "tags": ["sentence-transformers"],
                "siblings": [{"rfilename": f} for f in self.files(repo)]}
        send(handler, 200, json.dumps(info).encode(), "application/json")

    def _tree(self, handler: BaseHTTPRequestHandler, repo: str, folder: str) -> None:
        root = self.repos[repo]
        base = root.joinpath(*folder.split("/")) if folder else root
        if ".." in folder.split("/") or not base.is_dir():
            return send(handler, 404, b'{"error": "Entry not found"}', "application/json",
                        {"X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found"})
        entries = []
        for p in sorted(base.iterdir()):
            path = p.relative_to(root).as_posix()
            if p.is_dir():
                entries.append({"type": "directory", "oid": self.commit(path), "path": path})
            else:
                entries.append({"type": "file", "oid": hashlib.sha1(p.read_bytes()).hexdigest(),
                                "size": p.stat().st_size, "path": path})
        send(handler, 200, json.dumps(entries).encode(), "application/json")

    def _file(self, handler: BaseHTTPRequestHandler, repo: str, path: list[str]) -> None:
        if repo not in self.repos:
            return self._unknown_repo(handler)
        target = self.repos[repo].joinpath(*path)
        if not path or ".." in path or not target.is_file():
            return send(handler, 404, b"Entry not found", "text/plain",
                        {"X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found",
                         "X-Repo-Commit": self.commit(repo)})
        body = target.read_bytes()
        send(handler, 200, body, "application/octet-stream",
             {"X-Repo-Commit": self.commit(repo), "ETag": f'"{hashlib.sha256(body).hexdigest()}"'})
