"""`litbot run`: one cycle (fetch, rank, propose); `--dry-run` prints what it would submit."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from bot.commands import CONFIG_HELP, literal_row, sigterm_interrupts, since_date
from bot.config import load_config
from bot.logs import json_logs
from bot.pipeline import CycleReport, run_cycle
from bot.sanitize import truncate

log = logging.getLogger("litbot.run")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run one cycle: fetch, rank, propose draft PRs")
    p.add_argument("--config", help=CONFIG_HELP)
    p.add_argument("--dry-run", action="store_true",
                   help="open no PR and record no proposal, cursor or seen paper: print diffs and PR bodies "
                        "(no token needed with list.local_path; the run itself and cached vectors are kept)")
    p.add_argument("--state", help="state directory (default: state.dir from config)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="arXiv window start (overrides cursors)")
    p.add_argument("--json", action="store_true", help="print the cycle summary as JSON on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    with sigterm_interrupts():
        report = run_cycle(
            config, dry_run=args.dry_run, state_dir=args.state, since=since_date(args.since),
            progress=not json_logs(),
        )
    if args.json:
        print(json.dumps(report.summary(), indent=2))
    else:
        out = Console(soft_wrap=True)
        if args.dry_run:
            shown: set[str] = set()
            for p in report.proposals:
                if p.branch in shown:  # a digest's papers share its one PR
                    continue
                shown.add(p.branch)
                # A title is text, not rich markup: "[/INST]" in a jailbreak paper's ended the run.
                out.rule(f"would open: {escape(p.pull_title)}")
                out.print(f"branch {p.branch}", markup=False, highlight=False)
                out.print(p.diff, markup=False, highlight=False)
                out.print(p.body, markup=False, highlight=False)
    if json_logs():  # the sources logged each error as it happened; the summary lists them again
        log.info("cycle summary", extra={"data": report.summary()})
    elif not args.json:
        print_summary(report, Console(stderr=True))
    return 0


def print_summary(report: CycleReport, console: Console, top: int = 10) -> None:
    table = Table(title=f"litbot cycle{' (dry run)' if report.dry_run else ''}: top candidates")
    for col in ("#", "score", "section", "conf", "keywords", "title"):
        table.add_column(col, overflow="fold")
    for r in [r for r in report.ranked if not r.listed][:top]:
        flag = f" (excluded; {r.excluded_by})" if r.excluded else ""
        literal_row(table, str(r.rank), f"{r.score:.3f}", r.section, f"{r.section_confidence:.2f}",
                    ", ".join(r.keywords), truncate(r.paper.title, 90) + flag)
    console.print(table)
    actions = Table(title="proposals")
    for col in ("action", "PR", "section", "title"):
        actions.add_column(col, overflow="fold")
    for p in report.proposals:
        pr = f"#{p.pr_number}" if p.pr_number else "-"
        literal_row(actions, p.action, pr, p.section, truncate(p.title, 90))
    console.print(actions)
    console.print(
        f"list: {report.list_source} | new {report.fetched} | ranked {len(report.ranked)} | "
        f"{len(report.proposals)} proposals | {report.seconds:.1f}s",
        markup=False,
    )
    for note in report.notes:
        console.print(Text("note:", style="cyan"), Text(note), highlight=False, soft_wrap=True)
    for err in report.errors:
        # One line: greppable. The error may quote a title or a server's words: never markup.
        console.print(Text("warning:", style="yellow"), Text(err), highlight=False, soft_wrap=True)
    sys.stderr.flush()
