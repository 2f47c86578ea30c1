"""`litbot state show|check|health|drop`: what litbot proposed and what became of it; is the database
sound; are its runs failing; stop retrying a proposal GitHub keeps refusing."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bot.commands import CONFIG_HELP, literal_row
from bot.config import load_config
from bot.errors import InputError, LitbotError
from bot.sanitize import truncate
from bot.state import DB_NAME, State, unwritable


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("state", help="inspect litbot's state: proposals, cursors, runs")
    actions = p.add_subparsers(dest="state_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="proposals with their outcome, cursors, recent runs")
    check = actions.add_parser("check", help="integrity check; exits 1 when something is wrong")
    health = actions.add_parser(
        "health", help="exits 1 when the last runs all failed (a revoked token, a moved list) or reached no "
                       "source, or when the state cannot be written: for a container's health check")
    health.add_argument("--failures", type=_positive, default=3,
                        help="how many failed runs in a row are unhealthy (default: 3)")
    drop = actions.add_parser(
        "drop", help="stop retrying a pending proposal (one GitHub keeps refusing); never proposed again"
    )
    drop.add_argument("keys", metavar="KEY", nargs="+",
                      help="paper keys, as `state show --json` and run warnings print them")
    for a in (show, check, health, drop):
        a.add_argument("--state", help="state directory (default: state.dir from config)")
        a.add_argument("--config", help=CONFIG_HELP)
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.add_argument("--runs", type=int, default=10, help="how many recent runs to show (default: 10)")
    show.set_defaults(func=cmd_show)
    check.set_defaults(func=cmd_check)
    health.set_defaults(func=cmd_health)
    drop.set_defaults(func=cmd_drop)


def state_dir(args: argparse.Namespace) -> Path:
    if args.state:
        return Path(args.state)
    config = load_config(args.config)
    return config.resolve(config.state.dir)


def _arxiv_queries(args: argparse.Namespace) -> dict[str, str]:
    """What each arXiv cursor is for, by its name: a cursor is named by a hash of its query, which says
    nothing to a maintainer. Only for queries the config still has; none where it cannot be read."""
    from bot.sources.arxiv_api import build_queries  # the arxiv client, only for the table

    try:
        config = load_config(args.config)
    except LitbotError:
        return {}
    return {q.cursor_name: truncate(q.label, 60) for q in build_queries(config)}


def _open_existing(directory: Path, write: bool = False) -> State:
    """The state in ``directory``, which must hold one. A look (not ``write``) also works where this
    user may not write: it then reads the file as it is, changing nothing. Where it may, the database is
    opened as a run opens it (migrated to this litbot's schema, as the next run would)."""
    path = directory / DB_NAME
    # Opening creates a database; inspecting a typo'd path must not leave an empty one behind.
    if not path.is_file():
        raise InputError(
            f"{directory}: no litbot state here ({DB_NAME} missing); run litbot first or pass --state"
        )
    # SQLite takes an empty file for a new database: `check` would pass it, and the Action push it over
    # the real state (a restore that failed half-way leaves one).
    if path.stat().st_size == 0:
        raise InputError(f"{path}: empty file, not a litbot state database; restore it or move it away")
    return State(directory, readonly=not write and bool(unwritable(directory)))


def _date(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts)) if ts else "-"


def snapshot(state: State, runs: int = 10) -> dict[str, Any]:
    """Everything `state show` reports, as plain JSON-ready data."""
    proposals = [
        {
            "key": p.key, "title": p.title, "status": p.status, "pr_number": p.pr_number,
            "section": p.section, "score": p.score, "branch": p.branch, "url": p.paper.url,
            "created": _date(p.created), "updated": _date(p.updated),
        }
        for p in state.proposals()
    ]
    counts: dict[str, int] = {}
    for p in proposals:
        counts[p["status"]] = counts.get(p["status"], 0) + 1
    return {
        "path": str(state.path),
        "schema_version": state.schema_version,
        "seen": state.seen_count(),
        "size_bytes": state.size_bytes(),
        "proposal_counts": counts,
        "proposals": proposals,
        "cursors": state.cursors(),
        "runs": [
            {**r, "started": _date(r["started"]), "finished": _date(r["finished"])} for r in state.runs(runs)
        ],
    }


def cmd_show(args: argparse.Namespace) -> int:
    if args.runs < 0:  # SQLite reads "LIMIT -1" as no limit: every run, not an error
        raise InputError(f"--runs {args.runs}: must be 0 (none) or more")
    with _open_existing(state_dir(args)) as state:
        data = snapshot(state, args.runs)
    queries = _arxiv_queries(args)
    data["cursor_queries"] = {name: queries[name] for name in data["cursors"] if name in queries}
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    out = Console(soft_wrap=True)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(data["proposal_counts"].items())) or "none"
    out.print(f"{data['path']} (schema v{data['schema_version']}, {data['size_bytes'] / 1e6:.1f} MB): "
              f"{data['seen']} papers seen; "
              f"proposals: {counts}", markup=False, highlight=False)
    table = Table(title="proposals")
    for col in ("status", "PR", "section", "score", "proposed", "updated", "title"):
        table.add_column(col, overflow="fold")
    for p in data["proposals"]:
        literal_row(
            table, p["status"], f"#{p['pr_number']}" if p["pr_number"] else "-", p["section"],
            f"{p['score']:.3f}" if p["score"] is not None else "-", p["created"], p["updated"],
            p["title"][:90],
        )
    out.print(table)
    cursors = Table(title="source cursors")
    cursors.add_column("source")
    cursors.add_column("cursor", overflow="fold")
    queries = data["cursor_queries"]
    for source, value in data["cursors"].items():
        literal_row(cursors, f"{source} ({queries[source]})" if source in queries else source, value)
    out.print(cursors)
    runs = Table(title="recent runs")
    for col in ("id", "started", "finished", "status", "new", "ranked", "proposals"):
        runs.add_column(col)
    runs.add_column("errors", overflow="fold")
    for r in data["runs"]:
        s = r["summary"]
        actions = s.get("proposals")  # the cycle summary counts proposals (papers) by action
        proposed = ", ".join(f"{n} {a}{_in_prs(s, a, n)}" for a, n in actions.items()
                             ) if isinstance(actions, dict) else ""
        # Why a run failed was only in --json: the first error, and how many more.
        errors = [str(e) for e in s["errors"]] if isinstance(s.get("errors"), list) else []
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        literal_row(
            runs, str(r["id"]), r["started"], r["finished"], r["status"], str(s.get("fetched", "-")),
            str(s.get("ranked", "-")), proposed or "-", truncate(errors[0], 120) + more if errors else "-",
        )
    out.print(runs)
    return 0


def _in_prs(summary: dict, action: str, papers: int) -> str:
    """" in 1 PR" where a run's papers went into fewer PRs than papers (a digest): "7 opened" read as
    seven PRs."""
    pulls = summary.get("pull_requests")
    if not isinstance(pulls, list):
        return ""
    numbers = {p.get("pr_number") for p in pulls if isinstance(p, dict) and p.get("action") == action
               and p.get("pr_number") is not None}
    return f" in {len(numbers)} PR{'s' * (len(numbers) != 1)}" if numbers and len(numbers) < papers else ""


def cmd_check(args: argparse.Namespace) -> int:
    with _open_existing(state_dir(args)) as state:
        problems = state.integrity_problems()
        path = state.path
    if not problems:
        print(f"{path}: ok")
        return 0
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    return 1


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


# Free space under which the state cannot be relied on to take a cycle's writes (seen papers, cached
# vectors, the run's record): a run of a few thousand papers writes megabytes.
MIN_FREE_BYTES = 16 * 2**20
# Runs that tell nothing of litbot's health: one still going, one stopped by a signal (a restart).
_NOT_TELLING = ("running", "interrupted")


def _failing(run: dict[str, Any]) -> bool:
    """A run that failed, was lost, or reached none of its sources (arXiv unreachable, every feed down:
    recorded "ok", a cycle that can never find a paper)."""
    summary = run["summary"] if isinstance(run["summary"], dict) else {}
    sources = summary.get("sources")
    return run["status"] in ("failed", "lost") or bool(sources) and summary.get("sources_failed") == sources


def cmd_health(args: argparse.Namespace) -> int:
    """A worker whose every cycle fails (a revoked token, a renamed repository) logs each failure and
    goes on: to its container it looked healthy for weeks. Unhealthy where the last ``--failures`` runs
    that ended all failed (or were lost: killed, or reached no source), or where the state cannot be
    written (a read-only volume or a full disk: its cycles fail without a record); a state with fewer
    runs, or none yet, is healthy."""
    directory = state_dir(args)
    # Checked first: on a read-only volume no run can ever be recorded, so "no runs yet" was for ever.
    blocked = unwritable(directory) if directory.is_dir() else []
    if not blocked and not (directory / DB_NAME).is_file():
        print(f"{directory}: no runs yet")
        return 0
    if blocked:
        print(f"{directory}: unhealthy: litbot cannot write its state here, so no run can be recorded; "
              f"make {', '.join(blocked)} writable for this user", file=sys.stderr)
        return 1
    free = shutil.disk_usage(directory).free
    if free < MIN_FREE_BYTES:
        # A run that fails on a full disk cannot record its failure: the runs said healthy meanwhile.
        print(f"{directory}: unhealthy: the disk holding the state has {free // 1024} kB free, under the "
              f"{MIN_FREE_BYTES // 2**20} MB a cycle needs to record its papers and run; free some space",
              file=sys.stderr)
        return 1
    with _open_existing(directory) as state:
        ended = [r for r in state.runs(limit=args.failures + 50) if r["status"] not in _NOT_TELLING]
    recent = ended[: args.failures]
    if len(recent) < args.failures or not all(_failing(r) for r in recent):
        last = ended[0]["status"] if ended else "none"
        print(f"{directory}: healthy (last run: {last})")
        return 0
    errors = recent[0]["summary"].get("errors") if isinstance(recent[0]["summary"], dict) else None
    why = f"; the latest: {truncate(str(errors[0]), 300)}" if errors else ""
    failed = ("failed" if all(r["status"] in ("failed", "lost") for r in recent)
              else "failed or reached no source")
    print(f"{directory}: unhealthy: the last {args.failures} runs {failed}{why}", file=sys.stderr)
    return 1


def cmd_drop(args: argparse.Namespace) -> int:
    with _open_existing(state_dir(args), write=True) as state, state.transaction():
        # All or none: one transaction. A key given twice is dropped once, not refused as "dropped".
        dropped = [state.drop_proposal(key) for key in dict.fromkeys(args.keys)]
    for prop in dropped:
        branch = f"; its branch {prop.branch} may still exist on GitHub" if prop.branch else ""
        print(f"dropped {prop.key} ({prop.title[:80]}): litbot will not propose it again{branch}")
    return 0
