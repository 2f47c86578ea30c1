"""A loopback server for RSS/Atom feeds, with conditional GET and the faults real feeds have.

Usage::

    from servers.feed_server import FeedServer, fixture_feed

    feeds = {"/rss/cs.LG": ("application/rss+xml", fixture_feed("arxiv-cs.LG.rss.xml"))}
    with FeedServer(feeds=feeds) as srv:
        url = srv.url + "/rss/cs.LG"
        srv.route("/gone", status=410)                # a vanished feed
        srv.route("/slow", body=b"...", sleep=2.0)    # a hung server
        srv.route("/loop", redirect="/loop")          # a redirect loop
        srv.route("/big", body=b"x" * 10**7, chunked=True)   # no Content-Length: size known only by reading
        srv.route("/drip", body=b"...", drip=0.1)     # chunked, 64 bytes every 0.1 s: each read is quick
        srv.hits("/rss/cs.LG")                        # how many requests that path got

Every 200 answer carries an ``ETag`` (a hash of the body) and a ``Last-Modified`` date; a request whose
``If-None-Match`` equals the ETag, or whose ``If-Modified-Since`` is not older than Last-Modified, gets
``304 Not Modified`` with no body. Changing a feed's body (``route(path, body=...)``) changes its ETag.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

from . import LoopbackServer, SeenRequest, send

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


def fixture_feed(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Route:
    body: bytes = b""
    content_type: str = RSS
    status: int = 200
    sleep: float = 0.0
    redirect: str | None = None
    etag: bool = True
    last_modified: float = 1705400000.0  # 2024-01-16, a fixed date so tests are deterministic
    chunked: bool = False  # no Content-Length: the client only learns the size by reading
    drip: float = 0.0  # >0: chunked, 64 bytes at a time with this many seconds between them


class FeedServer(LoopbackServer):
    def __init__(self, feeds: dict[str, tuple[str, bytes]] | None = None) -> None:
        super().__init__()
        self.routes: dict[str, Route] = {}
        for path, (content_type, body) in (feeds or {}).items():
            self.route(path, body=body, content_type=content_type)

    @property
    def url(self) -> str:
        return self.base

    def route(self, path: str, body: bytes = b"", content_type: str = RSS, status: int = 200,
              sleep: float = 0.0, redirect: str | None = None, etag: bool = True,
              last_modified: float = 1705400000.0, chunked: bool = False, drip: float = 0.0) -> Route:
        route = Route(body, content_type, status, sleep, redirect, etag, last_modified, chunked, drip)
        with self._lock:
            self.routes[path] = route
        return route

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def respond(self, handler: Any, req: SeenRequest) -> None:
        route = self.routes.get(req.path)
        if route is None:
            send(handler, 404, b"<html><body>Not Found</body></html>", "text/html")
            return
        if route.sleep:
            time.sleep(route.sleep)
        if route.redirect is not None:
            send(handler, 302, b"", headers={"Location": route.redirect})
            return
        if route.status != 200:
            send(handler, route.status, b"<html><body>error</body></html>", "text/html")
            return
        etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        modified = formatdate(route.last_modified, usegmt=True)
        headers = {"Last-Modified": modified}
        if route.etag:
            headers["ETag"] = etag
        if route.etag and req.headers.get("if-none-match") == etag:
            send(handler, 304, b"", route.content_type, headers)
            return
        since = req.headers.get("if-modified-since")
        if since and "if-none-match" not in req.headers:
            try:
                if parsedate_to_datetime(since).timestamp() >= route.last_modified:
                    send(handler, 304, b"", route.content_type, headers)
                    return
            except (TypeError, ValueError):
                pass
        if route.chunked or route.drip:
            _send_chunked(handler, route.body, route.content_type, headers, route.drip)
            return
        send(handler, 200, route.body, route.content_type, headers)


def _send_chunked(handler: Any, body: bytes, content_type: str, headers: dict[str, str],
                  drip: float = 0.0) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Transfer-Encoding", "chunked")
    for k, v in headers.items():
        handler.send_header(k, v)
    handler.end_headers()
    step = 64 if drip else 65536
    for i in range(0, len(body), step):
        piece = body[i:i + step]
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.flush()  # a client that gave up makes this a BrokenPipeError, ending the answer
        if drip:
            time.sleep(drip)
    handler.wfile.write(b"0\r\n\r\n")
