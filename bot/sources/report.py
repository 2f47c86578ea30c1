"""What one source run produced: papers, an error line, and the state updates it earns on success."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.paper import Paper


@dataclass
class SourceReport:
    """One source's outcome. ``cursor``/``http_cache`` are only set when the fetch was complete."""

    name: str
    papers: list[Paper] = field(default_factory=list)
    error: str | None = None
    cursor: tuple[str, str] | None = None  # (cursor name, value)
    http_cache: tuple[str, str | None, str | None] | None = None  # (url, etag, last-modified)
    requests: int = 0
    new: int = 0  # filled in after de-duplication against state
    # Why the service will serve no other request this run ("unreachable", "rate-limited"), if so:
    # its other requests are skipped.
    stop_reason: str | None = None
    local: bool = False  # a file on this machine: reading it says nothing of reaching the network
