"""A copy of the encoder tuned on the list's own titles, for section suggestion.

A list's sections are its maintainers' categories, and a general-purpose encoder does not know them:
"attack" and "defense" papers on one topic embed close together. The usual few-shot fix (SetFit) is to
fine-tune the encoder on pairs of labelled examples: same section -> cosine 1, different -> 0. Trained
on titles only (short inputs, so a tuning run costs seconds, not minutes, on a CPU); it then embeds
title + abstract, as the frozen model does, and the section signals are computed on its vectors for
the candidates at the top of the ranking. The ranking itself is untouched.
Measured in benchmarks/README.md (eighth round): against the frozen model, top-1 0.51 -> 0.58 on the
2021 list's folds and 0.37 -> 0.41 on the 2020 list's; by date top-2 0.59 -> 0.70.

A tuned model belongs to one version of the list: its key (and so its cache entries in the state)
names a digest of the titles and sections it learnt from and of the recipe, so an edited list gets a
fresh one. A process keeps its latest tuned model (a `serve` worker tunes once per list version), and
its layers are saved beside the state database (``tuned/``, the newest ``KEEP_SAVED`` list versions):
without them every new process with one text the cache lacks (`rank --top 0` after `rank`, one new
candidate) tuned again: a `rank` adding 10 papers to a warm state took 13.9 s instead of 6.8 on the
2020 list's 21 titles, and tuning grows with the list. They stay out of the database, which the
Action pushes to a branch each run: 44 MB per list version would swamp it.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import hashlib
import json
import logging
import os
import random
import threading
import time
from pathlib import Path
from typing import Any

from bot.embeddings import Embedder, progress_bar
from bot.fsutil import atomic_write_bytes, keep_out_of_git
from bot.state import DERIVED_MODEL_MARK

log = logging.getLogger(__name__)

# SetFit's defaults (20 rounds of pairs, AdamW 2e-5, batch 16): the measured variant. Titles are ~15
# word pieces; 48 keeps the longest whole. MAX_PAIRS caps a long list's run near what the 53-entry
# test list costs (~23 s on 2 cores); past it each entry gets fewer rounds, and past 1,200 entries a
# random subset of one round's pairs.
ROUNDS = 20
MAX_PAIRS = 2400
BATCH = 16
LEARNING_RATE = 2e-5
MAX_WORD_PIECES = 48
VERSION = 3  # part of the key: change it when the recipe changes, so old vectors are not reused
SAVED_DIR = "tuned"  # in the state folder
KEEP_SAVED = 2  # list versions whose tuned layers stay saved (a maintainer trying an edit, and main)
SAVED_FORMAT = "litbot-tuned-layers-1"

_tuned: dict[str, Any] = {}  # the latest tuned model of this process (a worker re-uses it across cycles)
_lock = threading.Lock()


class TuningFailed(RuntimeError):
    """Tuning could not run (memory, a model that cannot be trained): the caller goes without it."""


def can_tune(sections: list[int]) -> bool:
    """Tuning needs a few examples and at least two sections to tell apart."""
    return len(sections) >= 4 and len(set(sections)) >= 2


def title_pairs(sections: list[int], seed: int = 0) -> list[tuple[int, int, float]]:
    """Per round and entry: one partner from its own section (target 1) and one from another (0);
    ``ROUNDS`` rounds, fewer for a long list, and never more than ``MAX_PAIRS`` pairs."""
    rounds = max(1, min(ROUNDS, MAX_PAIRS // max(1, 2 * len(sections))))
    rng = random.Random(seed)
    by_section: dict[int, list[int]] = {}
    for i, s in enumerate(sections):
        by_section.setdefault(s, []).append(i)
    others = {s: [j for t, members in by_section.items() if t != s for j in members] for s in by_section}
    pairs = []
    for _ in range(rounds):
        for i, s in enumerate(sections):
            same = [j for j in by_section[s] if j != i]
            if same:
                pairs.append((i, rng.choice(same), 1.0))
            if others[s]:
                pairs.append((i, rng.choice(others[s]), 0.0))
    rng.shuffle(pairs)
    return pairs[:MAX_PAIRS]


def tuned_key(base_key: str, titles: list[str], sections: list[int], precision: str = "float32") -> str:
    """The cache key of the model tuned from ``base_key`` on these titles and sections.

    The precision is part of it: bf16 and float32 inference agree (cosine 0.99998), but ~130 optimiser
    steps in either may drift apart, and entries and candidates must be embedded by one model."""
    recipe = [VERSION, ROUNDS, MAX_PAIRS, BATCH, LEARNING_RATE, MAX_WORD_PIECES, precision, titles, sections]
    digest = hashlib.sha256(json.dumps(recipe, ensure_ascii=False).encode()).hexdigest()[:16]
    return f"{base_key}{DERIVED_MODEL_MARK}titles-{digest}"


def tune_on_titles(
    base: Any, titles: list[str], sections: list[int], bfloat16: bool, seed: int = 0, progress: bool = False
) -> Any:
    """A tuned copy of the sentence-transformers model ``base`` (left as it was)."""
    import torch

    model = copy.deepcopy(base)
    model.max_seq_length = MAX_WORD_PIECES
    model.train()
    _freeze_word_pieces(model)
    pairs = title_pairs(sections, seed)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE)
    # Under bf16 autocast where the CPU has it (the embedder's own choice): 1.7x faster, measured.
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=bfloat16)
    # Dropout draws from torch's generator: seeded, so a list version always gets the same model, on a
    # forked generator, so the process's own is left as it was.
    bar = progress_bar(progress, len(pairs), "tuning on the list's titles")
    # The caller may be inside no_grad or inference mode: training needs gradients whatever it is in.
    # It may be inside an autocast block too (the embedder tunes lazily, from inside its own): only
    # the forward pass is autocast, never the loss and its gradients.
    # On one torch thread, as the encoder's workers run: a step's matrices (16 titles of 48 word pieces)
    # are too small to split, and two threads meeting at every operation's barrier waited on each other
    # whenever another process shared the cores: 10 steps took 46-57 s at a load of 4 on 2 cores, against
    # 2.8 s on one thread (measured). One thread also gives every machine the same tuned model.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]), torch.enable_grad(), torch.autocast("cpu", enabled=False), \
                bar as advance:
            torch.manual_seed(seed)
            for start in range(0, len(pairs), BATCH):
                _step(model, optimizer, autocast, titles, pairs[start : start + BATCH])
                advance(len(pairs[start : start + BATCH]))
    finally:
        torch.set_num_threads(threads)
    # Gradients and AdamW's moments are twice the model again: free them now, not at the next full
    # garbage collection (a module and its optimizer sit in reference cycles).
    model.zero_grad(set_to_none=True)
    model.requires_grad_(False)
    del optimizer
    gc.collect()
    model.eval()
    model.max_seq_length = base.max_seq_length  # it embeds whole abstracts from here on, as the base does
    return model


def saved_path(state_dir: Path, key: str) -> Path:
    """Where the layers of the model with this key are saved (the key may hold a path: hashed)."""
    return state_dir / SAVED_DIR / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.safetensors"


def save_tuned(model: Any, path: Path, key: str) -> None:
    """Save the tuned layers whole or not at all, then drop all but the newest ``KEEP_SAVED`` files.

    The word-piece table is left out: tuning never changes it (``_freeze_word_pieces``), and it is
    half the model. Safetensors, not pickle: loading a file from the state folder runs no code."""
    from safetensors.torch import save

    frozen = _word_piece_names(model)
    # Cloned: tensors that share memory (tied weights) are refused by save_file.
    layers = {name: t.detach().clone().contiguous() for name, t in model.state_dict().items()
              if name not in frozen}
    path.parent.mkdir(parents=True, exist_ok=True)
    # 44 MB each, in a state folder made before litbot marked the folders it makes.
    keep_out_of_git(path.parent, "tuned section models")
    metadata = {"format": SAVED_FORMAT, "key": key, "sha256": _digest(layers)}
    atomic_write_bytes(path, save(layers, metadata=metadata))
    saved = sorted(path.parent.glob("*.safetensors"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in saved if p != path][KEEP_SAVED - 1:]:
        old.unlink(missing_ok=True)
    # What a killed save left (atomic_write_bytes' ".<name>.<random>.tmp", and the ".tmp..." of
    # safetensors' own file writer): an hour old, no save of another process is still writing it.
    for left in [*path.parent.glob(".*.tmp"), *path.parent.glob(".tmp*")]:
        with contextlib.suppress(OSError):
            if left.stat().st_mtime < time.time() - 3600:
                left.unlink()


def _digest(layers: dict[str, Any]) -> str:
    """A checksum of the layers: safetensors has none, and bytes damaged in place still load."""
    import torch

    digest = hashlib.sha256()
    for name in sorted(layers):
        digest.update(name.encode())
        digest.update(layers[name].contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def load_tuned(base: Any, path: Path, key: str) -> Any:
    """A copy of ``base`` with the layers saved at ``path``; ValueError (or OSError) where the file is
    not the saved model of ``key`` or does not fit ``base``."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(str(path), framework="pt") as fh:
        metadata = fh.metadata() or {}
    if metadata.get("format") != SAVED_FORMAT or metadata.get("key") != key:
        raise ValueError("saved for another model or list version")
    layers = load_file(str(path))
    model = copy.deepcopy(base)
    frozen = _word_piece_names(model)
    expected = {name: t for name, t in model.state_dict().items() if name not in frozen}
    misfits = sorted(set(expected) ^ set(layers)) or [
        name for name, t in layers.items()
        if t.shape != expected[name].shape or t.dtype != expected[name].dtype]
    if misfits:
        raise ValueError(f"its layers do not fit the model ({misfits[0]})")
    if metadata.get("sha256") != _digest(layers):
        raise ValueError("its layers do not match their checksum (damaged)")
    model.load_state_dict(layers, strict=False)
    model.requires_grad_(False)
    model.eval()
    with contextlib.suppress(OSError):  # a folder this user may only read still serves the model
        os.utime(path)  # in use: the newest, so the last to be dropped
    return model


def _word_piece_names(model: Any) -> set[str]:
    """The state-dict names of the word-piece table (every name it has, where weights are tied)."""
    tables = [module.auto_model.get_input_embeddings().weight for module in model
              if hasattr(getattr(module, "auto_model", None), "get_input_embeddings")]
    pointers = {t.data_ptr() for t in tables}
    return {name for name, t in model.state_dict().items() if t.data_ptr() in pointers}


def _freeze_word_pieces(model: Any) -> None:
    """Leave the word-piece table as it was: it is half of MiniLM's weights, and a list's titles touch
    a few hundred of its 30k rows, yet AdamW would update (and keep two moments for) every one. Frozen,
    tuning on the 2020 list takes 6.1 s instead of 9.7 (float32: 14.5 instead of 17.2) and peaks 220 MB
    lower; sections placed the same to within one paper (benchmarks/README.md, sixth round)."""
    for module in model:
        transformer = getattr(module, "auto_model", None)
        if transformer is not None and hasattr(transformer, "get_input_embeddings"):
            transformer.get_input_embeddings().requires_grad_(False)


def _step(
    model: Any, optimizer: Any, autocast: Any, titles: list[str], batch: list[tuple[int, int, float]]
) -> None:
    import torch

    # Both sides of every pair in one forward pass.
    # ``preprocess`` is the name since sentence-transformers 6; ``tokenize`` before (deprecated now).
    prepare = getattr(model, "preprocess", None) or model.tokenize
    features = prepare([titles[i] for i, _, _ in batch] + [titles[j] for _, j, _ in batch])
    with autocast:
        vectors = model(features)["sentence_embedding"].float()
    left, right = vectors[: len(batch)], vectors[len(batch) :]
    cosine = torch.nn.functional.cosine_similarity(left, right)
    loss = torch.nn.functional.mse_loss(cosine, torch.tensor([y for _, _, y in batch]))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


class TunedEmbedder(Embedder):
    """Embeds texts with the copy of ``base``'s model tuned on ``titles``, through the same state cache.

    The model is tuned only when a text is missing from the cache."""

    def __init__(self, base: Embedder, titles: list[str], sections: list[int], progress: bool = False):
        super().__init__(base.model_name, base.state, base.batch_size, base.precision)
        self.key = tuned_key(base.key, titles, sections, self.precision)
        self._base, self._titles, self._sections, self._progress = base, titles, sections, progress

    @property
    def model(self) -> Any:
        if self._model is None:
            with _lock:
                if self.key not in _tuned:
                    # One list per process: older versions are only memory. A model sits in reference
                    # cycles, so the old one (90 MB) goes only with a full collection: without it a
                    # worker whose list changed every few cycles grew ~10 MB a cycle.
                    _tuned.clear()
                    gc.collect()
                    loaded = self._load()
                    _tuned[self.key] = loaded if loaded is not None else self._tune()
                self._model = _tuned[self.key]
        return self._model

    def _saved_path(self) -> Path | None:
        return saved_path(self.state.dir, self.key) if self.state is not None else None

    def _load(self) -> Any:
        path = self._saved_path()
        if path is None or not path.exists():
            return None
        try:
            model = load_tuned(self._base.model, path, self.key)
        except Exception as exc:  # a damaged or foreign file costs a tuning run, never the run itself
            log.warning("%s: cannot use the saved tuned model (%s: %s); tuning again",
                        path, type(exc).__name__, str(exc)[:200])
            gc.collect()
            return None
        log.info("using the model tuned on the list's %d titles, saved in %s", len(self._titles), path)
        return model

    def _tune(self) -> Any:
        log.info("tuning a copy of the model on the list's %d titles", len(self._titles))
        try:
            model = tune_on_titles(self._base.model, self._titles, self._sections,
                                   bfloat16=self.precision == "bfloat16", progress=self._progress)
        except Exception as exc:  # an extra signal: its failure must not fail the run
            gc.collect()
            raise TuningFailed(f"tuning on the list's titles failed ({type(exc).__name__}: "
                               f"{str(exc)[:200]})") from exc
        path = self._saved_path()
        if path is not None:
            try:
                save_tuned(model, path, self.key)
            except Exception as exc:  # a read-only or full state folder: the next process tunes again
                log.warning("%s: cannot save the tuned model (%s: %s); a new process will tune again",
                            path, type(exc).__name__, str(exc)[:200])
        return model

    def dim(self) -> int:
        return self._base.dim()
