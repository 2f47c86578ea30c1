"""`litbot rank`: score a JSONL of candidates against a curated list (no GitHub, no writes but the cache)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from bot.commands import CONFIG_HELP, literal_row
from bot.config import Config, WatchlistConfig, load_config
from bot.errors import InputError
from bot.logs import json_logs
from bot.paper import read_jsonl
from bot.ranked import RankedPaper
from bot.sanitize import plain_text

if TYPE_CHECKING:
    from bot.lists import CuratedList

PIPED_WIDTH = 160  # columns of the table when stdout is a file or a pipe and COLUMNS is unset

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rank", help="rank candidate papers (JSONL) by fit to a curated list")
    p.add_argument("--list", required=True, dest="list_path", metavar="LIST.md", help="the curated list")
    p.add_argument("--candidates", required=True, metavar="CANDIDATES.jsonl", help="one paper per line")
    p.add_argument("--top", type=int, default=20, help="how many to show; 0 = all (default 20)")
    p.add_argument("--json", action="store_true", help="JSON array on stdout instead of a table")
    p.add_argument("--state", help="state directory: embedding cache and seen papers (default: state.dir)")
    p.add_argument("--config", help=CONFIG_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.lists import read_list
    from bot.pipeline import prune_state
    from bot.ranking import rank_papers
    from bot.sources.abstracts import with_abstracts
    from bot.state import State

    if args.top < 0:
        raise InputError(f"--top {args.top}: must be 0 (all) or a positive number")
    config = load_config(args.config)
    doc = read_list(args.list_path)
    if not doc.entries:
        raise InputError(f"{args.list_path}: no paper entries found; the ranker learns from listed papers")
    given_ids: list[object] = []
    candidates = read_jsonl(args.candidates, drop_bad_dates=True, given_ids=given_ids)
    repeats = len(candidates) - len({p.key for p in candidates})
    if repeats:
        # One object per candidate, as given; a run would merge them, so say so rather than guess.
        log.warning("%s: %d candidates repeat a paper another line gives (same arXiv id, DOI or title); "
                    "each is ranked", args.candidates, repeats)
    if args.config is None and not os.environ.get("LITBOT_CONFIG") and _another_lists(config, doc):
        # config/litbot.yaml found in the working folder, about a list that shares no paper with this
        # one: its watchlist (excludes too) and section hints are another topic's.
        log.warning("%s is about %s, which shares no paper with %s: ranked without its watchlist and "
                    "section hints; --config %s to rank with them", config.source_file,
                    config.list.local_path, args.list_path, config.source_file)
        # The model, the state (its cache, how it is pruned) and the rest are no one list's: kept.
        config = config.model_copy(update={
            "watchlist": WatchlistConfig(),
            "sections": config.sections.model_copy(update={"hints": {}, "skip": []})})
    # The ranker only reads seen papers; recording them is the pipeline's job (a paper marked seen
    # here would never be proposed by the next cycle).
    with State(args.state or config.resolve(config.state.dir)) as state:
        # Entries without an abstract get the one a run found on arXiv, as in a run; `rank` asks no one.
        doc = with_abstracts(doc, state, config)
        # The list-tuned model places only the rows shown: each costs a second encode of its abstract.
        ranked = rank_papers(doc, candidates, config, state, progress=sys.stderr.isatty() and not json_logs(),
                             tuned_top=args.top or len(candidates))
        # The candidates' vectors are cached, not recorded as seen: a day on, nothing keeps them, and a
        # state that `rank` alone uses would otherwise grow by every file it was ever given.
        prune_state(state, config, doc)
    shown = ranked if args.top == 0 else ranked[: args.top]
    excluded = sum(r.excluded for r in ranked)
    if excluded and config.source_file and not args.config:
        # A config found on its own (config/litbot.yaml in the working folder) may be another list's.
        log.info("%d of these papers excluded by the watchlist of %s, found in the working folder; "
                 "--config FILE to rank with another", excluded, config.source_file)
    if args.json:
        # Each row's id as its line gave it (17, not "17"; "" stays ""): a caller matches rows on it.
        # A line with none gets the paper's own (its arXiv id, DOI, link or title).
        given = {id(p): value for p, value in zip(candidates, given_ids, strict=True) if value is not None}
        rows = [r.to_json() | ({"id": given[id(r.paper)]} if id(r.paper) in given else {}) for r in shown]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        # Into a file or a pipe rich assumes 80 columns, and the titles fold into a narrow column.
        wide = sys.stdout.isatty() or os.environ.get("COLUMNS")
        print_table(shown, Console(width=None if wide else PIPED_WIDTH))
    return 0


def _another_lists(config: Config, doc: CuratedList) -> bool:
    """Whether ``config`` names a local list that shares no paper with ``doc`` (another version of the
    same list shares most of them). A config that names none, or one that does not read, says nothing."""
    from bot.lists import read_list

    if config.source_file is None or not config.list.local_path:
        return False
    path = config.resolve(config.list.local_path)
    try:
        if doc.path and os.path.samefile(path, doc.path):
            return False
        own = read_list(str(path))
    except Exception:  # anything at all: this is a hint, and must never fail `rank`
        return False
    # Entries litbot cannot tell by id or title (a link whose text is an icon) say nothing either way.
    known = [e for e in own.entries if own.find(e.to_paper()) is not None]
    return bool(known) and not any(doc.find(e.to_paper()) is not None for e in known)


def print_table(ranked: list[RankedPaper], console: Console) -> None:
    table = Table(title="litbot rank")
    for col in ("#", "score", "section", "conf", "keywords", "title"):
        table.add_column(col, overflow="fold")
    for r in ranked:
        flag = " (listed)" if r.listed else f" (excluded; {r.excluded_by})" if r.excluded else ""
        literal_row(
            table, str(r.rank), f"{r.score:.3f}", plain_text(r.section), f"{r.section_confidence:.2f}",
            plain_text(", ".join(r.keywords)), plain_text(r.paper.title) + flag,
        )
    console.print(table)
