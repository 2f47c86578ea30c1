"""``litbot fetch``: poll every configured source and write the new candidates as JSONL.

Output is new papers only: anything an earlier fetch or run recorded as seen is left out (``--include-seen``
keeps them). ``--since DATE`` widens or narrows the arXiv window; it does not bring back seen papers.
Only after the candidates are written are they recorded as seen and the cursors moved, so an interrupted
fetch is simply repeated.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING

from bot.commands import CONFIG_HELP, since_date
from bot.config import load_config
from bot.errors import InputError
from bot.logs import json_logs
from bot.paper import Paper, write_jsonl

if TYPE_CHECKING:
    from bot.sources import FetchResult

log = logging.getLogger("litbot.fetch")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fetch", help="fetch new papers from arXiv, feeds and files as candidates JSONL")
    p.add_argument("--config", help=CONFIG_HELP)
    p.add_argument("--state", help="state directory (default: state.dir from the config)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="arXiv window start (overrides cursors)")
    p.add_argument("--out", metavar="FILE.jsonl", help="write candidates here (default: stdout)")
    p.add_argument("--include-seen", action="store_true",
                   help="also output papers seen on earlier runs (they are not new)")
    p.set_defaults(func=cmd_fetch)


def summary_table(result: FetchResult) -> str:
    """Per source: papers fetched, how many are new, pages requested, ok/error."""
    rows = [("source", "fetched", "new", "pages", "status")]
    for r in result.reports:
        rows.append((r.name, str(len(r.papers)), str(r.new), str(r.requests), "error" if r.error else "ok"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        pairs = zip(row, widths, strict=True)
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(pairs)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def cmd_fetch(args: argparse.Namespace) -> int:
    from bot.sources import commit_cursors, fetch_all
    from bot.sources.arxiv_api import utc_today
    from bot.state import State

    since = since_date(args.since)
    config = load_config(args.config)
    if since and since > utc_today():
        raise InputError(f"--since {since.isoformat()} is in the future; give a past date")
    with State(args.state or config.resolve(config.state.dir)) as state, state.cycle_lock():
        result = fetch_all(config, state, since=since)
        # Partial failures are normal (a feed is down); only "every source failed" is a failed fetch,
        # and then an earlier output file is better left alone than replaced by an empty one. A source
        # that errored but delivered papers (a file with a bad line, arXiv pages before a 503) did not
        # fail: counted as failed, its papers went unwritten while the summary called them new.
        failed = bool(result.reports) and all(r.error and not r.papers for r in result.reports)
        if not failed:
            papers = _with_seen(result) if args.include_seen else result.papers
            if args.out:
                write_jsonl(papers, args.out)
            else:
                sys.stdout.write("".join(json.dumps(p.to_candidate(), ensure_ascii=False) + "\n"
                                         for p in papers))
                sys.stdout.flush()
            with state.transaction():
                state.record_seen(result.papers)
                commit_cursors(state, result)
    if json_logs():
        for r in result.reports:
            (log.warning if r.error else log.info)(
                "source %s: fetched %d, new %d, pages %d%s", r.name, len(r.papers), r.new, r.requests,
                f", error: {r.error}" if r.error else "")
        log.info("%d new papers; %d source errors", len(result.papers), len(result.errors))
    else:
        print(summary_table(result), file=sys.stderr)
        print(f"{len(result.papers)} new papers; {len(result.errors)} source errors", file=sys.stderr)
    return 1 if failed else 0


def _with_seen(result: FetchResult) -> list[Paper]:
    from bot.sources.dedupe import merge_duplicates

    return merge_duplicates([p for r in result.reports for p in r.papers])
