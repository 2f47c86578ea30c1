"""Size of the state database over months of daily cycles, with and without ``State.prune``.

    .venv/bin/python benchmarks/state_size.py [--days 365] [--per-day 500] [--out size.json]

Each simulated day records ``--per-day`` new papers the way a cycle does (``record_seen`` with their
scores, their vectors put in the embedding cache), then prunes as the pipeline does (the default
``background_limit`` and ``min_score``, the 55 texts of a list kept). Texts are the real haystack
papers (recycled under new arXiv ids when the days outrun them), vectors random unit vectors of the
model's 384 dimensions, scores drawn so that ~2 % reach ``min_score``. Time is simulated by moving
every recorded date one day back before the next day starts. "without prune" is the same run with
the pruning step left out: what the state grew like before. Sizes are the database's pages
(``State.size_bytes``), which is the file once the write-ahead log is folded in, as the Action does
before pushing it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

from bot.config import Config  # noqa: E402
from bot.paper import Paper  # noqa: E402
from bot.state import State, text_hash  # noqa: E402

DAY = 86400
REPORT_DAYS = (1, 7, 30, 60, 90, 180, 365)


def haystack(data: Path) -> list[dict]:
    keep = ("title", "abstract", "authors", "categories", "published")
    with open(data / "backtest" / "haystack-dev.jsonl", encoding="utf-8") as fh:
        return [{k: v for k, v in json.loads(line).items() if k in keep} for line in fh]


def simulate(days: int, per_day: int, prune: bool, texts: list[dict], seed: int = 0,
             config: Config | None = None, report_days: tuple[int, ...] = REPORT_DAYS) -> dict[int, float]:
    """Size in MB after each of ``report_days`` (and the last day)."""
    config, rng = config or Config(), np.random.default_rng(seed)
    curated = [f"Curated entry {i}. " + texts[i]["abstract"] for i in range(55)]
    sizes: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp, State(tmp) as state:
        for day in range(1, days + 1):
            start = (day - 1) * per_day
            papers = []
            for n in range(start, start + per_day):
                base = texts[n % len(texts)]
                # The n-th paper: a unique arXiv id, and a unique text once the haystack is used up.
                title = base["title"] if n < len(texts) else f"{base['title']} ({n})"
                papers.append(Paper(**{**base, "title": title}, id=f"{2400 + n // 99999}.{n % 99999:05d}"))
            scores = {p.key: float(s) for p, s in zip(papers, rng.beta(1, 12, len(papers)), strict=True)}
            vectors = rng.normal(size=(len(papers), 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            with state.transaction():
                state.record_seen(papers, scores=scores)
                state.put_embeddings("all-MiniLM-L6-v2",
                                     {text_hash(p.text): v for p, v in zip(papers, vectors, strict=True)})
            if prune:
                state.prune(config.ranking.background_limit, config.ranking.min_score, keep_texts=curated,
                            forget_after_days=config.state.forget_after_days)
            if day in report_days or day == days:
                sizes[day] = state.size_bytes() / 1e6
                print(f"{'pruned' if prune else 'unpruned'} day {day}: {sizes[day]:.1f} MB", flush=True)
            with state.transaction() as db:
                db.execute("UPDATE papers SET first_seen = first_seen - ?, last_seen = last_seen - ?",
                           (DAY, DAY))
                db.execute("UPDATE embeddings SET added = added - ?", (DAY,))
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--per-day", type=int, default=500)
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    texts = haystack(Path(args.data))
    result = {
        "per_day": args.per_day,
        "pruned_mb": simulate(args.days, args.per_day, True, texts),
        "unpruned_mb": simulate(min(args.days, 90), args.per_day, False, texts),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
