"""Loopback HTTP servers standing in for external services in tests (never the network).

Each server is a context manager running ``http.server.ThreadingHTTPServer`` on 127.0.0.1, port 0, in a
daemon thread. ``.url`` is its base URL, ``.requests`` the requests it saw (method, path, query params,
headers), in order. Handlers that sleep past a client's timeout or write to a client that hung up never
block shutdown or print tracebacks.

Import them as ``servers.<module>`` (pytest puts tests/ on sys.path; tests/ is not a package).

- ``servers.arxiv_server.ArxivServer``: the arXiv query API (recorded and generated Atom pages).
- ``servers.feed_server.FeedServer``: RSS/Atom feeds with ETag / Last-Modified / 304.
- ``servers.hf_hub_server.HfHubServer``: the Hugging Face Hub's file and model-info endpoints.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class SeenRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() on arrival, for politeness checks


class QuietServer(ThreadingHTTPServer):
    """Says nothing when a client goes away: clients that time out, abort mid-body, or reset a
    kept-alive connection are part of the tests, and the traceback socketserver prints for them would
    land in the stderr that tests of litbot's own output read. Any other error still prints."""

    daemon_threads = True
    block_on_close = False  # a handler sleeping to simulate a hang must not block shutdown

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class LoopbackServer:
    """Base class: subclasses implement ``respond(handler, req)``."""

    def __init__(self) -> None:
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        self._httpd: QuietServer | None = None
        self._thread: threading.Thread | None = None
        self._base: str | None = None

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT (still answers after stop, so tests can build expected URLs)."""
        assert self._base is not None, "server not started; use it as a context manager"
        return self._base

    def start(self) -> LoopbackServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                req = SeenRequest(self.command, parts.path, params, headers, time.monotonic())
                with owner._lock:
                    owner.requests.append(req)
                try:
                    owner.respond(self, req)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_HEAD = do_GET  # noqa: N815 - ``send`` writes no body for HEAD

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = QuietServer(("127.0.0.1", 0), Handler)
        host, port = self._httpd.server_address[:2]
        self._base = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(self, handler: BaseHTTPRequestHandler, req: SeenRequest) -> None:
        raise NotImplementedError


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "text/plain",
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.end_headers()
    if body and handler.command != "HEAD":
        handler.wfile.write(body)
