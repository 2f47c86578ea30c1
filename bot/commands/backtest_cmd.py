"""`litbot backtest`: replay a list's git history and measure how well litbot would have ranked it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from rich.console import Console
from rich.table import Table

from bot.commands import CONFIG_HELP, literal_row, since_date
from bot.commands.rank_cmd import PIPED_WIDTH
from bot.config import load_config
from bot.history import BacktestReport, ListCommit, replay
from bot.logs import json_logs
from bot.paper import read_jsonl

log = logging.getLogger("litbot.backtest")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backtest", help="replay a list's git history: would litbot have found the additions?")
    p.add_argument("--repo", required=True, metavar="PATH", help="a local git clone of the list's repository")
    p.add_argument("--file", default=None,
                   help="the list's path inside the repository (default: the config's list.path, README.md)")
    p.add_argument("--candidates", required=True, metavar="HAYSTACK.jsonl",
                   help="unrelated candidates (ranking schema) the added papers are hidden among")
    p.add_argument("--since", help="only commits from this date on (YYYY-MM-DD)")
    p.add_argument("--config", help=CONFIG_HELP)
    p.add_argument("--cache", metavar="DIR",
                   help="keep the embedding cache here between backtests (not your live state dir)")
    p.add_argument("--json", action="store_true", help="print cases and summary as JSON")
    p.set_defaults(func=backtest)


def backtest(args: argparse.Namespace) -> int:
    since = since_date(args.since)
    config = load_config(args.config)
    haystack = read_jsonl(args.candidates, drop_bad_dates=True)
    err = Console(stderr=True)

    def progress(commit: ListCommit, added: int) -> None:
        line = f"{commit.rev[:10]} {commit.date}: ranked {added} added papers"
        if json_logs():
            log.info("%s", line)
        else:
            err.print(line, markup=False, highlight=False)

    report = replay(args.repo, args.file or config.list.path, haystack, config, since=since,
                    cache_dir=args.cache, on_commit=None if args.json else progress)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        # Into a file or a pipe rich assumes 80 columns, and the titles fold into a narrow column.
        wide = sys.stdout.isatty() or os.environ.get("COLUMNS")
        print_report(report, Console(width=None if wide else PIPED_WIDTH))
    return 0


def print_report(report: BacktestReport, console: Console) -> None:
    table = Table(title="backtest: papers the maintainers added")
    for col in ("commit", "date", "rank", "score", "PR", "section", "suggested", "title"):
        table.add_column(col, overflow="fold")
    for c in report.cases:
        # "(new section)": the commit opened the maintainer's section, so no ranker could have named it.
        mark = "✓" if c.section_match else ("✗" if c.section_known else "(new section)")
        literal_row(table, c.rev[:10], c.date, str(c.rank), f"{c.score:.3f}", "yes" if c.proposed else "-",
                    c.section,
                    f"{c.suggested} {mark}", c.title[:80])
    console.print(table)
    s = report.summary()
    if not s["papers"]:
        console.print("no commit added paper entries; nothing to score", markup=False)
        return
    console.print(
        f"{s['papers']} papers from {s['commits']} commits vs {s['haystack']} haystack papers: "
        f"HR@1 {s['hr@1']:.2f}  HR@5 {s['hr@5']:.2f}  HR@10 {s['hr@10']:.2f}  HR@50 {s['hr@50']:.2f}  "
        f"MRR {s['mrr']:.3f}  median rank {s['median_rank']}  section accuracy "
        + (f"{s['section_accuracy']:.2f}" if s["section_accuracy"] is not None else "n/a"),
        markup=False, highlight=False,
    )
    console.print(f"a run would have proposed {s['proposed']} of them (score >= ranking.min_score "
                  f"{s['min_score']:g})", markup=False, highlight=False)
