"""Soak: the worker runs 100 consecutive cycles against the loopback servers; memory must not creep.

    .venv/bin/python benchmarks/worker_soak.py [--cycles 100] [--out soak.json]

The real ``Worker`` (bot/worker.py) drives ``run_cycle`` through its own ``run_cycle`` method, back to
back, as its scheduler would on each cron tick (no waiting for wall-clock ticks). Every cycle is a full
`litbot run` with the real embedded model: the loopback arXiv server publishes a few new papers before
each tick, the feed server serves the RSS fixture (answered 304 after the first fetch), and the loopback
GitHub server takes the draft PRs; now and then a maintainer merges or closes one, so slots free up and
reconciliation has work. Reported: resident memory (VmRSS) after cycles 1, 10, 50 and 100, the
high-water mark (VmHWM), cycle times, failures and the state's integrity at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
CHECKPOINTS = (1, 10, 50, 100, 200, 300, 400)


def vm_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--new-per-cycle", type=int, default=3)
    parser.add_argument("--out", help="write the numbers as JSON here too")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import yaml
    from servers.arxiv_server import ArxivServer, make_entries
    from servers.feed_server import FeedServer, fixture_feed
    from servers.github_server import GitHubServer
    from test_e2e import EXAMPLES, stream_entries

    import bot.sources.arxiv_api as arxiv_api
    from bot.config import load_config
    from bot.pipeline import run_cycle
    from bot.state import State
    from bot.worker import Worker

    arxiv_api.BACKOFF_SECONDS = 0.01
    token, repo = "soak-token", "owner/list"
    feeds = {"/rss": ("application/rss+xml", fixture_feed("arxiv-cs.LG.rss.xml"))}
    checkpoints: dict[int, float] = {}
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, ArxivServer(papers=stream_entries()) as ax, \
            FeedServer(feeds=feeds) as fs, GitHubServer(token=token) as gh:
        gh.add_repo(repo, {"README.md": (EXAMPLES / "awesome-xai-attacks.md").read_text()})
        config_path = Path(tmp) / "litbot.yaml"
        config_path.write_text(yaml.safe_dump({
            "list": {"repo": repo, "path": "README.md"},
            "sources": {"arxiv": {"base_url": ax.url, "categories": ["cs.LG", "cs.CR"],
                                  "use_watchlist": False, "delay_seconds": 0, "page_size": 50,
                                  "lookback_days": 14, "num_retries": 1, "timeout_seconds": 5},
                        "feeds": [{"name": "rss", "url": fs.url + "/rss", "kind": "arxiv"}]},
            "ranking": {"min_score": 0.3},
            "github": {"api_url": gh.url, "max_open_prs": 3, "max_new_prs_per_run": 1, "retries": 1,
                       "backoff_factor": 0, "seconds_between_requests": 0, "seconds_between_writes": 0},
            "state": {"dir": str(Path(tmp) / "state")},
        }))
        os.environ["GITHUB_TOKEN"] = token
        config = load_config(str(config_path))
        tick = {"n": 0}

        def job() -> dict:
            n = tick["n"] = tick["n"] + 1
            now = datetime.now(UTC)
            # New papers appear between ticks (ids never reused); some of them are on topic.
            ax.papers += make_entries(args.new_per_cycle, newest=now - timedelta(minutes=5),
                                      step=timedelta(minutes=1), categories=["cs.LG", "cs.CR"], seed=n,
                                      first_number=10 * n)
            open_prs = gh.pulls(repo, state="open")
            if open_prs and n % 4 == 0:  # a maintainer acts now and then
                (gh.merge_pull if n % 8 == 0 else gh.close_pull)(open_prs[0].number)
            t = time.perf_counter()
            report = run_cycle(config)
            times.append(time.perf_counter() - t)
            return report.summary()

        worker = Worker(job, cron="*/5 * * * *")
        for i in range(1, args.cycles + 1):
            worker.run_cycle()
            if i in CHECKPOINTS or i == args.cycles:
                checkpoints[i] = round(vm_kb("VmRSS") / 1024, 1)
                print(f"cycle {i}: rss {checkpoints[i]} MB, last cycle {times[-1]:.2f}s", flush=True)
        with State(Path(tmp) / "state") as state:
            problems = state.integrity_problems()
            seen, proposals = state.seen_count(), len(state.proposals())
        result = {
            "cycles": worker.stats.cycles,
            "failures": worker.stats.failures,
            "last_error": worker.stats.last_error,
            "ranker": "real (all-MiniLM-L6-v2, embedding cache in state)",
            "rss_mb_after_cycle": checkpoints,
            "peak_rss_mb": round(vm_kb("VmHWM") / 1024, 1),
            "cycle_seconds": {"first": round(times[0], 2), "median": round(sorted(times)[len(times) // 2], 2),
                              "max": round(max(times), 2)},
            "papers_seen": seen,
            "proposals": proposals,
            "pulls_on_github": len(gh.pulls(repo)),
            "integrity_problems": problems,
        }
    first, last = checkpoints[min(checkpoints)], checkpoints[max(checkpoints)]
    after_warmup = checkpoints.get(10, first)
    result["growth_mb_after_warmup"] = round(last - after_warmup, 1)
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if not problems and result["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
