"""Paper sources: the arXiv API, RSS/Atom feeds and JSONL files, normalised and de-duplicated.

``fetch_all`` asks every configured source, merges duplicates across them, and drops papers an earlier
run has seen: its output is *new papers only*. It writes nothing to the state. Cursors and HTTP
validators that the run earned come back in the result; the caller stores them with
``commit_cursors`` once it has finished with the papers (the pipeline: after ranking and recording), so
a crash in between re-fetches rather than loses papers. A failed source earns nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.config import Config
from bot.paper import Paper
from bot.sources.arxiv_api import fetch_arxiv, make_client
from bot.sources.dedupe import merge_duplicates, split_seen
from bot.sources.feeds import fetch_feeds
from bot.sources.files import fetch_files
from bot.sources.report import SourceReport
from bot.state import State

log = logging.getLogger(__name__)


@dataclass
class FetchResult:
    papers: list[Paper]
    errors: list[str]
    cursor_updates: dict[str, str]
    # url -> (etag, last-modified) for feeds fetched completely this run.
    http_cache_updates: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    reports: list[SourceReport] = field(default_factory=list)
    # Papers seen before and served again this run, by their state keys: still around, not to be
    # forgotten, and maybe fuller than the copy state has (a published venue, an abstract).
    seen_again: dict[str, Paper] = field(default_factory=dict)
    # The client that asked arXiv this run: later requests of the run (near misses, entries' abstracts)
    # go through it, one request per delay_seconds and one Retry-After budget for the whole run.
    arxiv_client: Any = None


def fetch_all(config: Config, state: State, since: date | None = None,
              backoff: float | None = None) -> FetchResult:
    """New papers from every enabled source. ``since`` overrides the arXiv window start.

    ``backoff`` (seconds) is the base of the arXiv whole-query retry backoff; tests set it near 0.
    """
    reports: list[SourceReport] = []
    client = make_client(config) if config.sources.arxiv.enabled else None
    reports += fetch_arxiv(config, state, since, backoff=backoff, client=client)
    reports += fetch_feeds(config.sources, state)
    reports += fetch_files(config)

    everything = [p for r in reports for p in r.papers]
    merged = merge_duplicates(everything)
    new, seen_again = split_seen(merged, state)
    new_keys = set().union(*(p.identity_keys for p in new)) if new else set()
    for r in reports:
        r.new = sum(1 for p in r.papers if p.identity_keys & new_keys)
    log.info("fetched %d papers (%d after merging duplicates), %d new",
             len(everything), len(merged), len(new))
    return FetchResult(
        papers=new,
        errors=[r.error for r in reports if r.error],
        cursor_updates=dict(r.cursor for r in reports if r.cursor and not r.error),
        http_cache_updates={r.http_cache[0]: (r.http_cache[1], r.http_cache[2])
                            for r in reports if r.http_cache and not r.error},
        reports=reports,
        seen_again=seen_again,
        arxiv_client=client,
    )


def commit_cursors(state: State, result: FetchResult) -> None:
    """Store what the fetch earned, all in one transaction."""
    with state.transaction():
        for name, value in result.cursor_updates.items():
            state.set_cursor(name, value)
        for url, (etag, modified) in result.http_cache_updates.items():
            state.set_http_cache(url, etag, modified)
        state.touch_seen(result.seen_again)


__all__ = ["FetchResult", "SourceReport", "commit_cursors", "fetch_all"]
