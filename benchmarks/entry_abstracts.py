"""How much the ranker gains from the abstracts a run finds for a list written as titles.

The dev protocol of ``backtest.py`` (the 34 later-added papers among the 3,000 stream papers, ranked
against the 2020-07-30 list), with the list given four ways:

* as written (its entries carry their abstracts in ``<details>``);
* as titles: each entry a linked title, as most awesome lists are written;
* as titles, with the abstracts of a share of its entries in the state's ``entry_abstracts`` table (what
  ``litbot run`` stores from arXiv), read through ``with_abstracts`` as a run and ``rank`` read them. The
  share stands for how many entries arXiv answers for (by id, or by title); which ones, by seed.

    .venv/bin/python benchmarks/entry_abstracts.py [--cache DIR] [--seeds 3] [--out results.json]

Needs ../shared/data; ~15 s a ranking on 2 cores with a warm --cache.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backtest import DATA, RANKING_ONLY, positives, ranking_metrics, target_ranks  # noqa: E402

from bot.config import Config  # noqa: E402
from bot.embeddings import Embedder  # noqa: E402
from bot.lists import CuratedList, parse_list, read_list  # noqa: E402
from bot.paper import read_jsonl  # noqa: E402
from bot.ranking import rank_papers  # noqa: E402
from bot.sources.abstracts import lookup_key, with_abstracts  # noqa: E402
from bot.state import State  # noqa: E402

SHARES = (0.25, 0.5, 0.75, 1.0)


def as_titles(doc: CuratedList) -> CuratedList:
    """The list with each entry a linked title under its section, nothing else."""
    text = "# Papers\n" + "".join(
        f"\n## {s.name}\n\n" + "".join(f"* [{e.plain_title}]({e.url})\n" for e in s.entries)
        for s in doc.paper_sections())
    titles = parse_list(text, "titles.md")
    if [e.key for e in titles.entries] != [e.key for e in doc.entries]:
        raise SystemExit("the list written as titles reads other entries than the list as written")
    return titles


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", help="state dir reused for its embedding cache (default: a fresh temp dir)")
    ap.add_argument("--seeds", type=int, default=3, help="draws of the entries answered, per share")
    ap.add_argument("--out", help="write JSON results here")
    args = ap.parse_args(argv)
    for path in (DATA / "lists" / "awesome-advxai-2020-07-30.md", DATA / "backtest" / "haystack-dev.jsonl"):
        if not path.is_file():
            print(f"{path}: not found (the shared data folder)", file=sys.stderr)
            return 2
    written = read_list(str(DATA / "lists" / "awesome-advxai-2020-07-30.md"))
    titles = as_titles(written)
    candidates = read_jsonl(str(DATA / "backtest" / "haystack-dev.jsonl")) + positives(
        DATA / "backtest" / "positives-dev.jsonl")
    results: dict[str, object] = {}
    with State(args.cache or tempfile.mkdtemp(prefix="litbot-abstracts-")) as state:
        embedder = Embedder(Config().ranking.model, state)

        def measure(doc: CuratedList, name: str) -> dict[str, float]:
            ranked = rank_papers(doc, candidates, RANKING_ONLY, state, embedder=embedder)
            m = ranking_metrics(target_ranks(ranked, "positive:"))
            print(f"{name:28} HR@10 {m['HR@10']:.3f}  HR@50 {m['HR@50']:.3f}  MRR {m['MRR']:.3f}", flush=True)
            return m

        results["as written"] = measure(written, "as written")
        state.db.execute("DELETE FROM entry_abstracts")
        results["titles"] = measure(with_abstracts(titles, state, Config()), "titles")
        abstracts = {lookup_key(t): w.abstract for t, w in zip(titles.entries, written.entries, strict=True)}
        for share in SHARES:
            runs = []
            for seed in range(args.seeds if share < 1 else 1):
                state.db.execute("DELETE FROM entry_abstracts")
                answered = random.Random(seed).sample(sorted(abstracts), round(share * len(abstracts)))
                state.record_entry_abstracts({k: abstracts[k] for k in answered})
                runs.append(measure(with_abstracts(titles, state, Config()),
                                    f"titles + {share:.0%} found, seed {seed}"))
            results[f"titles + {share:.0%} found"] = {
                k: sum(r[k] for r in runs) / len(runs) for k in runs[0]}
        state.db.execute("DELETE FROM entry_abstracts")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
