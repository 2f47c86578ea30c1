"""Speed of `litbot rank`: cold and warm runs on 1,000 candidates, and cache overhead at scale.

    .venv/bin/python benchmarks/rank_speed.py [--n 1000] [--n-large 25000] [--out speed.json]

* cold: a fresh process and an empty state dir (model load + encode everything);
* warm: the same command again (every embedding from the cache);
* warm_new: then the same list with 10 papers the maintainers later added on top of the 1,000: texts
  the cache lacks, at the top of the ranking, so the section model tuned on the list's titles must
  embed them (loaded from the state folder, where the cold run saved it);
* throughput: ``Embedder.encode`` with an empty cache (hash, look up, encode, write in chunks) versus
  the model's raw ``encode`` on the same texts, batch size and precision; the ratio is the cache's
  overhead;
* cold_untuned: cold with ``sections.tune: false`` (what tuning on the list's titles costs);
* cold_large (``--rank-large N``): a cold ``rank`` of N candidates end to end, to set against the
  throughput run (encode only);
* precision: cold runs with ``ranking.precision`` auto and float32, and the cosine between the two
  precisions' vectors for the same texts (how far bf16 moves an embedding).
Peak RSS is the child process's maximum resident set (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"


def candidates(n: int) -> list[dict]:
    rows = [json.loads(line) for line in (DATA / "backtest" / "haystack-dev.jsonl").open(encoding="utf-8")]
    out = []
    for i in range(n):  # beyond 3,000, reuse papers with a distinct title so each text is new
        row = dict(rows[i % len(rows)])
        if i >= len(rows):
            row["id"], row["title"] = f"{row['id']}-copy{i}", f"{row['title']} (copy {i})"
        out.append(row)
    return out


def timed_rank(list_path: Path, cands: Path, state: Path, config: Path | None = None) -> dict[str, float]:
    cmd = [sys.executable, "-m", "bot.cli", "rank", "--list", str(list_path), "--candidates", str(cands),
           "--state", str(state), "--json", "--top", "0"]
    cmd += ["--config", str(config)] if config else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"rank failed: {proc.stderr.strip()[-500:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(max(rss, before) / 1024, 1),
            "ranked": len(json.loads(proc.stdout))}


def throughput(n: int, n_raw: int = 1000) -> dict[str, object]:
    from bot.config import Config
    from bot.embeddings import Embedder, load_model
    from bot.state import State

    texts = [f"{r['title']}. {r['abstract']}" for r in candidates(n)]
    model = load_model("all-MiniLM-L6-v2")
    sample = texts[: min(n, n_raw)]
    batch = Config().ranking.batch_size
    out: dict[str, object] = {"n": n, "n_compared": len(sample), "batch_size": batch}
    with tempfile.TemporaryDirectory() as tmp, State(tmp) as state:
        emb = Embedder("all-MiniLM-L6-v2", state, batch_size=batch)
        out["precision"] = emb.precision
        # Same texts, batch size and precision both ways, raw first (the embedder sorts by length too,
        # so padding is equal).
        t = time.perf_counter()
        with emb.precision_context():
            model.encode(sorted(sample, key=len, reverse=True), batch_size=batch, normalize_embeddings=True)
        out["raw_texts_per_s"] = round(len(sample) / (time.perf_counter() - t), 1)
        t = time.perf_counter()
        emb.encode(sample)
        out["embedder_texts_per_s"] = round(len(sample) / (time.perf_counter() - t), 1)
        out["ratio"] = round(out["embedder_texts_per_s"] / out["raw_texts_per_s"], 3)
        if n > len(sample):  # the long run, with the progress bar a real 25k ranking shows
            emb = Embedder("all-MiniLM-L6-v2", state, batch_size=batch)
            t = time.perf_counter()
            emb.encode(texts, progress=True)
            out["large_run_texts_per_s"] = round(n / (time.perf_counter() - t), 1)
            out["large_run_from_cache"] = emb.cached
        t = time.perf_counter()
        Embedder("all-MiniLM-L6-v2", state).encode(texts)
        out["cache_hit_texts_per_s"] = round(n / (time.perf_counter() - t), 1)
    return out


def precision_drift(n: int = 300) -> dict[str, object]:
    """Cosine between float32 and bfloat16 vectors of the same texts, and each one's raw speed."""
    from bot.embeddings import Embedder

    texts = [f"{r['title']}. {r['abstract']}" for r in candidates(n)]
    vecs, speed = {}, {}
    for precision in ("float32", "bfloat16"):
        emb = Embedder("all-MiniLM-L6-v2", None, precision=precision)
        emb.encode(texts[:16])  # warm-up: first calls pay one-off kernel set-up
        t = time.perf_counter()
        vecs[precision] = emb.encode(texts)
        speed[precision] = round(n / (time.perf_counter() - t), 1)
    cos = (vecs["float32"] * vecs["bfloat16"]).sum(axis=1)
    return {"n": n, "texts_per_s": speed, "cosine_min": round(float(cos.min()), 6),
            "cosine_mean": round(float(cos.mean()), 6)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--n-large", type=int, default=25000, help="texts for the throughput run (0: skip)")
    ap.add_argument("--rank-large", type=int, default=0,
                    help="also time a cold `rank` of this many candidates, end to end (0: skip)")
    ap.add_argument("--out", help="write JSON results here")
    args = ap.parse_args(argv)
    results: dict[str, object] = {"cpus": len(os.sched_getaffinity(0))}
    with tempfile.TemporaryDirectory() as tmp:
        cands = Path(tmp) / "c.jsonl"
        cands.write_text("".join(json.dumps(r) + "\n" for r in candidates(args.n)), encoding="utf-8")
        list_path = DATA / "lists" / "awesome-advxai-2020-07-30.md"
        results["cold"] = timed_rank(list_path, cands, Path(tmp) / "state")
        results["warm"] = timed_rank(list_path, cands, Path(tmp) / "state")
        more = Path(tmp) / "more.jsonl"
        later = (DATA / "backtest" / "positives-dev.jsonl").read_text(encoding="utf-8").splitlines()[:10]
        more.write_text(cands.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in later),
                        encoding="utf-8")
        results["warm_new"] = timed_rank(list_path, more, Path(tmp) / "state")
        fp32 = Path(tmp) / "fp32.yaml"
        fp32.write_text("ranking:\n  precision: float32\n", encoding="utf-8")
        results["cold_float32"] = timed_rank(list_path, cands, Path(tmp) / "state32", fp32)
        untuned = Path(tmp) / "untuned.yaml"
        untuned.write_text("sections:\n  tune: false\n", encoding="utf-8")
        results["cold_untuned"] = timed_rank(list_path, cands, Path(tmp) / "state_untuned", untuned)
        if args.rank_large:
            large = Path(tmp) / "large.jsonl"
            rows = candidates(args.rank_large)
            large.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            results["cold_large"] = timed_rank(list_path, large, Path(tmp) / "state_large")
    results["precision"] = precision_drift()
    if args.n_large:
        results["throughput"] = throughput(args.n_large)
    print(json.dumps(results, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
