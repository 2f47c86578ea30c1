"""Load: one full `litbot run` cycle over 25,000 new candidates, with peak memory against the 2 GB bound.

    .venv/bin/python benchmarks/load_cycle.py [--n 25000] [--out load.json]

The candidates are ../shared/data/backtest/haystack-dev.jsonl (3,000 real arXiv papers) replicated with
distinct titles and abstracts, so every text is new to the embedding cache (a worst-case first run). They
come in through a ``sources.files`` JSONL source; the list is the real 2021-12-17 curated list, served by
the loopback GitHub server (tests/servers), which receives the real draft PRs. The cycle runs in this
process with an empty state folder; peak RSS is the kernel's high-water mark (VmHWM) of this process,
which includes the model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
DATA = ROOT.parent / "shared" / "data"
BOUND_MB = 2048


def vm_kb(field: str) -> int:
    """A VmXXX line of /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _watch_memory(every: float) -> None:
    """Print the high-water mark every ``every`` seconds, so a run cut short still tells its peak."""
    import threading

    start = time.perf_counter()

    def loop() -> None:
        while True:
            time.sleep(every)
            elapsed, peak = time.perf_counter() - start, vm_kb("VmHWM") / 1024
            print(f"[{elapsed:.0f}s] VmHWM {peak:.0f} MB", file=sys.stderr, flush=True)

    threading.Thread(target=loop, daemon=True).start()


def candidates(n: int, repeat_texts: bool = False) -> list[dict]:
    """``n`` candidates with distinct arXiv ids (so none is merged as a duplicate of another).

    Beyond the 3,000 real papers each copy also gets a distinct title and abstract, so every text is
    new to the embedding cache; with ``repeat_texts`` copies keep the original text (only 3,000
    encodes), which isolates everything but the model from the embedding cost.
    """
    rows = [json.loads(line) for line in (DATA / "backtest" / "haystack-dev.jsonl").open(encoding="utf-8")]
    out = []
    for i in range(n):
        row = dict(rows[i % len(rows)])
        if i >= len(rows):
            k = i // len(rows)
            row["id"], row["doi"] = f"http://arxiv.org/abs/29{k:02d}.{i:05d}", None
            if not repeat_texts:
                row["title"] = f"{row['title']}: variant {k} of {i}"
                row["abstract"] = f"Variant {k}. {row['abstract']}"
        out.append(row)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=25000)
    parser.add_argument("--repeat-texts", action="store_true",
                        help="copies keep the real papers' texts: 3,000 encodes instead of --n")
    parser.add_argument("--out", help="write the numbers as JSON here too")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is absent: the benchmark needs ../shared/data")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import yaml
    from servers.github_server import GitHubServer

    from bot.config import load_config
    from bot.pipeline import run_cycle
    from bot.state import State

    token = "load-token"
    list_text = (DATA / "lists" / "awesome-advxai-2021-12-17.md").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, GitHubServer(token=token) as gh:
        gh.add_repo("owner/list", {"README.md": list_text})
        cands = Path(tmp) / "candidates.jsonl"
        rows = candidates(args.n, args.repeat_texts)
        cands.write_text("".join(json.dumps(c) + "\n" for c in rows), encoding="utf-8")
        config_path = Path(tmp) / "litbot.yaml"
        config_path.write_text(yaml.safe_dump({
            "list": {"repo": "owner/list", "path": "README.md"},
            "sources": {"arxiv": {"enabled": False}, "files": [{"path": str(cands), "name": "load"}]},
            "github": {"api_url": gh.url, "max_open_prs": 5, "max_new_prs_per_run": 5,
                       "seconds_between_requests": 0, "seconds_between_writes": 0},
            "state": {"dir": str(Path(tmp) / "state")},
        }))
        os.environ["GITHUB_TOKEN"] = token
        _watch_memory(30.0)
        rss_before = vm_kb("VmHWM")
        t = time.perf_counter()
        report = run_cycle(load_config(str(config_path)))
        seconds = time.perf_counter() - t
        with State(Path(tmp) / "state") as state:
            problems = state.integrity_problems()
            seen = state.seen_count()
        result = {
            "candidates": args.n,
            "distinct_texts": 3000 if args.repeat_texts else args.n,
            "fetched": report.fetched,
            "ranked": len(report.ranked),
            "prs_opened": sum(1 for p in report.proposals if p.action == "opened"),
            "recorded_seen": seen,
            "errors": report.errors,
            "integrity_problems": problems,
            "seconds": round(seconds, 1),
            "peak_rss_mb_before_cycle": round(rss_before / 1024, 1),
            "peak_rss_mb": round(vm_kb("VmHWM") / 1024, 1),
            "bound_mb": BOUND_MB,
            "cpu_count": os.cpu_count(),
        }
    result["within_bound"] = result["peak_rss_mb"] < BOUND_MB
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["within_bound"] and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
