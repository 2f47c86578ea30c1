"""Backtest the ranker and the section suggester on real list history (protocol: benchmarks/README.md).

    .venv/bin/python benchmarks/backtest.py --out results.json [--cache DIR]

Ranking: every later-added paper (positives-dev) competes with the haystack in one candidate batch
ranked against the 2020-07-30 list, through ``rank_papers``; its rank = 1 + haystack papers above it.
Ranking, list folds: k-fold over the 2021-12-17 list's entries; each fold is cut out of the list and
ranked among the haystack (a second, larger set of positives, so a method is not chosen on 34 papers).
Ranking, topic lists: pseudo-lists cut from the haystack itself (papers whose title names a topic;
the older 60 % are the list, the rest are ranked among the other haystack papers): other topics than
the one real list, to see whether a choice of method generalises or only fits adversarial XAI.
Ranking, stream size: the first two checks on random haystack subsets of 375-3,000 papers, with the
trend in log2(size) carried to 25k (no 25k sample of real papers exists here).
Sections: k-fold over the 2021-12-17 list's entries (fold removed from the list, then predicted).
Sections, by date: the 2021-12-17 list without the 34 later-added papers is the list; each of those
papers is placed in a section (the real use: new papers into sections that older papers defined).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Config  # noqa: E402
from bot.embeddings import Embedder  # noqa: E402
from bot.identity import titles_match  # noqa: E402
from bot.lists import parse_list, read_list  # noqa: E402
from bot.paper import Paper, read_jsonl  # noqa: E402
from bot.ranking import ScoreParams, SectionWeights, rank_papers  # noqa: E402
from bot.ranking.score import relevance_scores  # noqa: E402
from bot.state import State  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@dataclass(frozen=True)
class Dataset:
    """The protocol's files: the dev split of ../shared/data by default. Another split of the same
    shape (``backtest/positives-<split>.jsonl``, ``backtest/haystack-<split>.jsonl`` and the list at its
    two dates in ``lists/``) runs through the same code with ``--data``, ``--split`` and the list names."""

    root: Path = DATA
    split: str = "dev"
    old_list: str = "awesome-advxai-2020-07-30.md"
    new_list: str = "awesome-advxai-2021-12-17.md"

    @property
    def haystack(self) -> Path:
        return self.root / "backtest" / f"haystack-{self.split}.jsonl"

    @property
    def positives(self) -> Path:
        return self.root / "backtest" / f"positives-{self.split}.jsonl"

    def list_path(self, name: str) -> Path:
        return self.root / "lists" / name

    def missing(self, *lists: str) -> list[Path]:
        names = (self.old_list, self.new_list, *lists)
        wanted = [self.haystack, self.positives, *(self.list_path(n) for n in names)]
        return list(dict.fromkeys(f for f in wanted if not f.is_file()))

# The two baselines and the method, all through the same rank_papers path.
METHODS = {
    "cosine max-sim": ScoreParams(min_positives=10**9),  # forces the similarity path
    # sklearn's C=1 with balanced weights at this size (3,055 papers, 21 positives): 1 * 3055 / 42.
    "linear classifier": ScoreParams(c=73.0, sim_weight=0.0, center=False),
    "litbot, cross-fitted (5 folds)": ScoreParams(crossfit_folds=5),
    "litbot (centred LR + sim blend)": ScoreParams(),
}
# Ranking checks read scores, not sections: tuning a title model per fold would only cost time.
RANKING_ONLY = Config(sections={"tune": False})

# Each: the five signals' weights, and whether the list-tuned model places the papers (else the frozen
# model does). The ablations use the frozen model; the one-signal rows leave the genre out too.
_ONE = dict(heading=0.0, centroid=0.0, knn=0.0, lexical=0.0, genre=0.0)
SECTION_METHODS = {
    "1-NN": (SectionWeights(**{**_ONE, "knn": 1.0}, k=1), False),
    "centroid": (SectionWeights(**{**_ONE, "centroid": 1.0}), False),
    "heading only (embedded)": (SectionWeights(**{**_ONE, "heading": 1.0}), False),
    "heading words only": (SectionWeights(**{**_ONE, "lexical": 1.0}), False),
    "all but heading words and genre": (SectionWeights(lexical=0.0, genre=0.0), False),
    "frozen model (sections.tune: false)": (SectionWeights(), False),
    "litbot without the genre signal": (SectionWeights(genre=0.0), True),
    "litbot (list-tuned model)": (SectionWeights(), True),
}


# Topics for the pseudo-lists: picked for having at least 11 haystack titles that name them (counted
# before any method was run on them), from across the haystack's fields.
TOPICS = {
    "jailbreaks": r"jailbreak", "hallucination": r"hallucinat", "federated learning": r"federated",
    "point clouds": r"point cloud", "retrieval-augmented generation": r"retrieval-augmented|\bRAG\b",
    "mixture of experts": r"mixture[- ]of[- ]experts|\bMoE\b", "quantization": r"quantiz",
    "gaussian splatting": r"gaussian splatting", "privacy": r"privacy|membership inference",
    "adversarial robustness": r"adversarial", "robotics": r"robot", "code": r"\bcode\b|program synthesis",
    "speech and audio": r"speech|audio", "reinforcement learning": r"reinforcement learning",
    "explainability": r"explainab|interpretab|attribution|saliency",
}


def ranking_metrics(ranks: list[int]) -> dict[str, float]:
    r = np.asarray(ranks, dtype=float)
    hits = {f"HR@{k}": float((r <= k).mean()) for k in (5, 10, 50)}
    return {**hits, "MRR": float((1 / r).mean()), "median rank": float(np.median(r))}


def positives(path: Path) -> list[Paper]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(Paper(title=d["title"], abstract=d.get("abstract", ""), url=d.get("url", ""),
                             id=f"positive:{len(out)}"))
    return out


def backtest_ranking(
    state: State, params: ScoreParams, data: Dataset = Dataset()
) -> tuple[dict[str, float], list[int]]:
    doc = read_list(str(data.list_path(data.old_list)))
    hay = read_jsonl(str(data.haystack))
    pos = positives(data.positives)
    embedder = Embedder(Config().ranking.model, state)
    ranked = rank_papers(doc, hay + pos, RANKING_ONLY, state, progress=True, embedder=embedder, params=params)
    ranks = target_ranks(ranked, "positive:")
    return ranking_metrics(ranks), ranks


def backtest_ranking_folds(
    state: State, params: ScoreParams, data: Dataset = Dataset(), folds: int = 5, seeds: int = 1
) -> dict[str, float]:
    """Each fold of the 2021 list's entries ranked among the haystack, with the rest as the list."""
    path = data.list_path(data.new_list)
    doc = read_list(str(path))
    hay = read_jsonl(str(data.haystack))
    embedder = Embedder(Config().ranking.model, state)
    ranks: list[int] = []
    for seed in range(seeds):
        fold_of = np.random.default_rng(seed).permutation(len(doc.entries)) % folds
        ranks += fold_ranks(doc, hay, fold_of, state, embedder, params)
    return {**ranking_metrics(ranks), "n": len(ranks)}


def fold_ranks(doc: Any, stream: list[Paper], fold_of: np.ndarray, state: State, embedder: Embedder,
               params: ScoreParams | None = None) -> list[int]:
    """Ranks of each fold's entries among ``stream``, with the list re-parsed without that fold."""
    ranks: list[int] = []
    for k in sorted(set(fold_of.tolist())):
        rest, pos = held_out(doc, [e for e, f in zip(doc.entries, fold_of, strict=True) if f == k])
        ranked = rank_papers(rest, stream + pos, RANKING_ONLY, state, embedder=embedder, params=params)
        ranks += target_ranks(ranked, "held:")
    return ranks


def target_ranks(ranked: list, prefix: str) -> list[int]:
    """Rank of each paper whose id starts with ``prefix`` among the others (1 = above all of them)."""
    ranks, above = [], 0
    for r in ranked:
        if r.paper.id.startswith(prefix):
            ranks.append(above + 1)
        else:
            above += 1
    return ranks


def held_out(doc: Any, held: list) -> tuple[Any, list[Paper]]:
    """The list re-parsed without ``held``, and ``held`` as candidate papers with ids "held:<i>"."""
    rest = parse_list(without_entries(doc.text, held), doc.path)
    pos = [e.to_paper() for e in held]
    for i, p in enumerate(pos):
        p.id = f"held:{i}"
    return rest, pos


def backtest_ranking_scale(
    state: State, data: Dataset = Dataset(), sizes: tuple[int, ...] = (375, 750, 1500, 3000), draws: int = 16,
    target: int = 25_000,
) -> dict[str, Any]:
    """How ranking changes as the stream grows, distractors and background together (as in real use):
    random subsets of the haystack of each size, for the dev positives and for the 2021 list folds;
    MRR and HR@10 fit linearly in log2(size) and carried to ``target`` papers."""
    hay = read_jsonl(str(data.haystack))
    pos = positives(data.positives)
    doc20 = read_list(str(data.list_path(data.old_list)))
    doc21 = read_list(str(data.list_path(data.new_list)))
    sizes = tuple(n for n in sizes if n <= len(hay)) or (len(hay),)  # a smaller haystack: what it has
    embedder = Embedder(Config().ranking.model, state)
    out: dict[str, Any] = {}
    for view in ("dev", "list folds"):
        rows = []
        for size in sizes:
            ranks: list[int] = []
            # The whole haystack has one draw, unless the folds vary; fold assignment d is the one
            # backtest_ranking_folds uses for seed d, so the last row matches it.
            for draw in range(draws if size < len(hay) or view == "list folds" else 1):
                pick = np.sort(np.random.default_rng(draw).choice(len(hay), size, replace=False))
                stream = [hay[i] for i in pick]
                if view == "dev":
                    ranked = rank_papers(doc20, stream + pos, RANKING_ONLY, state, embedder=embedder)
                    ranks += target_ranks(ranked, "positive:")
                else:
                    fold_of = np.random.default_rng(draw).permutation(len(doc21.entries)) % 5
                    ranks += fold_ranks(doc21, stream, fold_of, state, embedder)
            rows.append({"stream": size, **ranking_metrics(ranks), "n": len(ranks)})
        x = np.log2([r["stream"] for r in rows])
        trend = {m: np.polyfit(x, [r[m] for r in rows], 1) for m in ("MRR", "HR@10")}
        out[view] = {"rows": rows, "per doubling": {m: float(t[0]) for m, t in trend.items()},
                     f"at {target}": {m: float(np.polyval(t, np.log2(target))) for m, t in trend.items()}}
    return out


def topic_splits(
    data: Dataset, state: State, share: float = 0.6, seeds: int = 1
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """(haystack vectors, then per topic and split: list rows, held-out rows, other rows); split 0 by
    publication date (older ``share`` is the list), the others at random."""
    hay = read_jsonl(str(data.haystack))
    vecs = Embedder(Config().ranking.model, state).encode([p.text for p in hay])
    splits = []
    for pattern in TOPICS.values():
        members = np.array([i for i, p in enumerate(hay) if re.search(pattern, p.title, re.I)])
        others = np.setdiff1d(np.arange(len(hay)), members)
        for seed in range(seeds):
            order = (members[np.argsort([hay[i].published or "" for i in members], kind="stable")]
                     if seed == 0 else np.random.default_rng(seed).permutation(members))
            n_list = round(len(members) * share)
            splits.append((order[:n_list], order[n_list:], others))
    return vecs, splits


def backtest_ranking_topics(
    state: State, params: ScoreParams, data: Dataset = Dataset(), share: float = 0.6, seeds: int = 3
) -> dict[str, float]:
    """Pseudo-lists from the haystack (see TOPICS): split 0 by publication date, the others at random.

    Scored with ``relevance_scores``, the function ``rank_papers`` calls, on the same cached vectors:
    a pseudo-list has no markdown, sections or watchlist, and scoring is all this check is about.
    """
    vecs, splits = topic_splits(data, state, share, seeds)
    no_negatives = np.zeros((0, vecs.shape[1]))
    ranks: list[int] = []
    for listed, held, others in splits:
        batch = vecs[np.r_[others, held]]
        _, raw = relevance_scores(vecs[listed], batch, no_negatives, batch, params)
        background = raw[: len(others)]
        ranks += [1 + int((background > s).sum()) for s in raw[len(others):]]
    return {**ranking_metrics(ranks), "n": len(ranks)}


def backtest_feedback(
    state: State, params: ScoreParams, data: Dataset = Dataset(), rounds: int = 5, per_round: int = 10
) -> list[dict[str, float]]:
    """Closed PRs as negatives, on the topic pseudo-lists (date split): each round the maintainer
    closes the ``per_round`` best-ranked stream papers that are not on the list, and the held-out
    members are ranked again among the stream papers left. Closed papers are never proposed again
    whatever the model, so the baseline removes them too but does not learn from them."""
    vecs, splits = topic_splits(data, state)
    no_negatives = np.zeros((0, vecs.shape[1]))
    ranks: dict[tuple[int, bool], list[int]] = {}
    for listed, held, others in splits:
        closed = np.zeros(0, dtype=int)
        for r in range(rounds):
            rest = np.setdiff1d(others, closed)
            batch = vecs[np.r_[rest, held]]
            for learn in (True, False):
                negatives = vecs[closed] if learn and len(closed) else no_negatives
                _, raw = relevance_scores(vecs[listed], batch, negatives, batch, params)
                ranks.setdefault((r, learn), []).extend(1 + int((raw[: len(rest)] > s).sum())
                                                        for s in raw[len(rest) :])
                if learn:
                    top = rest[np.argsort(-raw[: len(rest)])[:per_round]]
            closed = np.r_[closed, top]
    return [{"closed per list": r * per_round, "learns": learn, **ranking_metrics(v)}
            for (r, learn), v in sorted(ranks.items())]


def without_entries(text: str, entries: list) -> str:
    lines = text.splitlines(keepends=True)
    drop = {i for e in entries for i in range(e.start_line, max(e.item_end_line, e.end_line))}
    return "".join(line for i, line in enumerate(lines) if i not in drop)


def backtest_sections(
    state: State, weights: SectionWeights, folds: int = 5, data: Dataset = Dataset(), seed: int = 0,
    list_name: str | None = None, tune: bool = True,
) -> dict[str, float]:
    """``list_name``: a list in the data's ``lists/`` (default: the newer one, the protocol's)."""
    path = data.list_path(list_name or data.new_list)
    doc = read_list(str(path))
    entries = doc.entries
    fold_of = np.random.default_rng(seed).permutation(len(entries)) % folds
    embedder = Embedder(Config().ranking.model, state)
    top1 = top2 = 0
    confidence: list[float] = []
    for k in range(folds):
        held = [e for e, f in zip(entries, fold_of, strict=True) if f == k]
        rest, papers = held_out(doc, held)
        ranked = rank_papers(rest, papers, Config(sections={"tune": tune}), state, embedder=embedder,
                             section_weights=weights)
        truth = {e.plain_title: e.section for e in held}
        for r in ranked:
            guesses = [r.section] + [a.section for a in r.alternatives]
            top1 += guesses[0] == truth[r.paper.title]
            confidence.append(r.section_confidence)
            top2 += truth[r.paper.title] in guesses[:2]
    # Calibrated confidence: its mean should sit near top-1 accuracy.
    return {"top-1": top1 / len(entries), "top-2": top2 / len(entries), "n": len(entries),
            "mean confidence": float(np.mean(confidence))}


def backtest_sections_by_date(
    state: State, weights: SectionWeights, data: Dataset = Dataset(), tune: bool = True
) -> dict[str, float]:
    """The later-added papers placed in the newer list stripped of them (dev: 34 papers, 19 older entries)."""
    path = data.list_path(data.new_list)
    doc = read_list(str(path))
    added = positives(data.positives)
    held = [e for e in doc.entries if any(titles_match(e.plain_title, p.title) for p in added)]
    rest, papers = held_out(doc, held)
    embedder = Embedder(Config().ranking.model, state)
    ranked = rank_papers(rest, papers, Config(sections={"tune": tune}), state, embedder=embedder,
                         section_weights=weights)
    truth = {e.plain_title: e.section for e in held}
    top1 = [r.section == truth[r.paper.title] for r in ranked]
    top2 = [truth[r.paper.title] in [r.section] + [a.section for a in r.alternatives[:1]] for r in ranked]
    return {"top-1": float(np.mean(top1)), "top-2": float(np.mean(top2)), "n": len(held),
            "mean confidence": float(np.mean([r.section_confidence for r in ranked]))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="write JSON results here")
    ap.add_argument("--cache", help="state dir reused for its embedding cache (default: a fresh temp dir)")
    ap.add_argument("--data", default=str(DATA), help="shared data folder")
    defaults = Dataset()
    ap.add_argument("--split", default=defaults.split,
                    help="reads backtest/positives-SPLIT.jsonl and backtest/haystack-SPLIT.jsonl")
    ap.add_argument("--old-list", default=defaults.old_list,
                    help="the list (in DATA/lists) before the positives were added: the ranking corpus")
    ap.add_argument("--new-list", default=defaults.new_list,
                    help="the list (in DATA/lists) after they were added: list folds and sections")
    ap.add_argument("--only", choices=("ranking", "scale", "sections", "feedback"),
                    help="run one of the backtests")
    ap.add_argument("--section-list",
                    help="list (in DATA/lists) for the section folds (default: --new-list, the protocol's)")
    ap.add_argument("--seeds", type=int, default=1,
                    help="section fold assignments to average over (seeds 0..N-1; 53 entries make one "
                         "split noisy: one entry is 0.019)")
    args = ap.parse_args(argv)
    data = Dataset(Path(args.data), args.split, args.old_list, args.new_list)
    section_list = args.section_list or data.new_list
    console = Console(stderr=True)
    missing = data.missing(section_list)
    if missing:
        print(f"backtest: missing {', '.join(map(str, missing))}; check --data, --split and the list names",
              file=sys.stderr)
        return 2
    n_positives, n_haystack = len(positives(data.positives)), len(read_jsonl(str(data.haystack)))
    results: dict[str, Any] = {"ranking": {}, "ranking folds": {}, "ranking topic lists": {},
                               "ranking scale": {}, "sections": {}, "sections by date": {}, "feedback": []}
    with tempfile.TemporaryDirectory() as tmp, State(args.cache or tmp) as state:
        if state.seen_count() or state.proposals():
            console.print("[red]--cache state has seen papers or proposals; use a fresh dir[/red]")
            return 2
        if args.only in (None, "scale"):
            results["ranking scale"] = backtest_ranking_scale(state, data)
        if args.only in (None, "feedback"):
            results["feedback"] = backtest_feedback(state, ScoreParams(), data)
        for name, params in METHODS.items() if args.only in (None, "ranking") else ():
            t = time.perf_counter()
            metrics, ranks = backtest_ranking(state, params, data)
            seconds = round(time.perf_counter() - t, 1)
            results["ranking"][name] = {**metrics, "seconds": seconds, "ranks": ranks}
            results["ranking folds"][name] = backtest_ranking_folds(state, params, data, seeds=args.seeds)
            results["ranking topic lists"][name] = backtest_ranking_topics(state, params, data)
        for name, (weights, tune) in SECTION_METHODS.items() if args.only in (None, "sections") else ():
            runs = [backtest_sections(state, weights, data=data, seed=s, list_name=section_list,
                                      tune=tune) for s in range(args.seeds)]
            results["sections"][name] = {
                **{m: float(np.mean([r[m] for r in runs])) for m in ("top-1", "top-2", "mean confidence")},
                "n": runs[0]["n"], "per seed": [[r["top-1"], r["top-2"]] for r in runs],
            }
            results["sections by date"][name] = backtest_sections_by_date(state, weights, data, tune=tune)

    out = Console()
    rank_cols = ("HR@5", "HR@10", "HR@50", "MRR")
    titles = {
        "ranking": f"ranking: {n_positives} later-added papers vs {n_haystack:,} haystack ({data.old_list})",
        "ranking folds": f"ranking, list folds: {data.new_list} entries (5 folds x {args.seeds} seed(s)) vs "
                         f"{n_haystack:,} haystack",
        "ranking topic lists": f"ranking, topic lists: {len(TOPICS)} pseudo-lists cut from the haystack "
                               "(3 splits each)",
    }
    for key, title in titles.items():
        if results[key]:
            table = Table(title=title)
            for col in ("method", "n", *rank_cols, "median rank"):
                table.add_column(col)
            for name, m in results[key].items():
                n = str(m.get("n", len(m.get("ranks", []))))
                table.add_row(name, n, *(f"{m[c]:.3f}" for c in rank_cols), f"{m['median rank']:g}")
            out.print(table)
    for view, scale in results["ranking scale"].items():
        table = Table(title=f"ranking as the stream grows ({view}; random haystack subsets, litbot)")
        for col in ("stream papers", "n", *rank_cols, "median rank"):
            table.add_column(col)
        for m in scale["rows"]:
            table.add_row(str(m["stream"]), str(m["n"]), *(f"{m[c]:.3f}" for c in rank_cols),
                          f"{m['median rank']:g}")
        slope, far = scale["per doubling"], scale["at 25000"]
        table.add_row("per doubling", "", "", f"{slope['HR@10']:+.3f}", "", f"{slope['MRR']:+.3f}", "")
        table.add_row("25,000 (trend)", "", "", f"{far['HR@10']:.3f}", "", f"{far['MRR']:.3f}", "")
        out.print(table)
    if results["feedback"]:
        table = Table(title=f"feedback: closed PRs on the {len(TOPICS)} topic lists (date split), learned "
                            "from as negatives or only removed")
        for col in ("closed per list", "closed papers", *rank_cols, "median rank"):
            table.add_column(col)
        for m in results["feedback"]:
            table.add_row(str(m["closed per list"]), "learned from" if m["learns"] else "removed only",
                          *(f"{m[c]:.3f}" for c in rank_cols), f"{m['median rank']:g}")
        out.print(table)
    if results["sections"]:
        table = Table(title=f"sections: 5-fold leave-out, {section_list}, "
                            f"mean of {args.seeds} fold seed(s)")
        for col in ("method", "top-1", "top-2", "mean confidence", "per seed (top-1/top-2)"):
            table.add_column(col)
        for name, m in results["sections"].items():
            seeds = " ".join(f"{a:.2f}/{b:.2f}" for a, b in m["per seed"])
            table.add_row(name, *(f"{m[c]:.3f}" for c in ("top-1", "top-2", "mean confidence")), seeds)
        out.print(table)
        table = Table(title=f"sections by date: the later-added papers into {data.new_list} without them")
        for col in ("method", "top-1", "top-2", "mean confidence"):
            table.add_column(col)
        for name, m in results["sections by date"].items():
            table.add_row(name, *(f"{m[c]:.3f}" for c in ("top-1", "top-2", "mean confidence")))
        out.print(table)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
