"""Section suggestion: which section of the list a paper belongs in, with a confidence.

Three signals per section, each a cosine-like number in [-1, 1], blended and softmaxed:
* the heading itself (plus config ``sections.hints``): names carry meaning ("Defense", "Surveys"), and
  they are the only signal for a section with few or no entries;
* the section's centroid: its overall topic;
* similarity-weighted votes of the paper's nearest curated entries: catches sub-topics a centroid
  averages away;
* heading words in the paper's title (abstract: half weight): "A Survey of ..." belongs in "Surveys"
  however its abstract embeds. Measured on the 2021 list (benchmarks/README.md): +0.1 top-1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.ranked import SectionGuess


@dataclass(frozen=True)
class SectionWeights:
    heading: float = 0.3
    centroid: float = 0.35
    knn: float = 0.35
    k: int = 7
    temperature: float = 0.05  # cosines differ by a few hundredths between sections: sharpen them
    lexical: float = 0.1


# Words that name no topic: a heading "Further related" or "Other papers" says nothing about content.
_STOPWORDS = {"about", "and", "from", "further", "general", "other", "others", "papers", "paper", "related",
              "misc", "miscellaneous", "with", "their", "into", "towards", "using", "the", "for"}


def _stems(text: str) -> set[str]:
    # First five letters: a crude stem that joins "evaluation"/"evaluating", "defense"/"defending".
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in _STOPWORDS}


def heading_overlap(heading_texts: list[str], titles: list[str], abstracts: list[str]) -> np.ndarray:
    """(n_items, n_sections): share of a heading's words found in the title (1) or abstract (0.5)."""
    heads = [_stems(h) for h in heading_texts]
    out = np.zeros((len(titles), len(heads)))
    for i, (title, abstract) in enumerate(zip(titles, abstracts, strict=True)):
        t, a = _stems(title), _stems(abstract)
        for j, h in enumerate(heads):
            if h:
                out[i, j] = (len(h & t) + 0.5 * len(h & a - t)) / len(h)
    return out


@dataclass
class SectionModel:
    names: list[str]
    heading: np.ndarray  # (S, d) embedded heading + hints
    centroid: np.ndarray  # (S, d) mean of entries, the heading where a section is empty
    entries: np.ndarray  # (N, d) curated entries
    entry_section: np.ndarray  # (N,) index into names, -1 for entries of ineligible sections


def heading_text(name: str, path: tuple[str, ...], hints: list[str]) -> str:
    # path[0] is usually the list title, shared by every section: it only dilutes the name.
    parents = [p for p in path[1:] if p.strip().lower() not in {"papers", "contents"}]
    text = " / ".join([*parents, name])
    return f"{text}: {', '.join(hints)}" if hints else text


def build_section_model(
    names: list[str],
    heading_texts: list[str],
    entries: np.ndarray,
    entry_sections: list[str],
    encode: Callable[[list[str]], np.ndarray],
) -> SectionModel:
    heading = encode(heading_texts) if names else np.zeros((0, entries.shape[1]), dtype=np.float32)
    index = {n: i for i, n in enumerate(names)}
    entry_section = np.array([index.get(s, -1) for s in entry_sections], dtype=int)
    centroid = heading.copy()
    for i in range(len(names)):
        members = entries[entry_section == i]
        if len(members):
            c = members.mean(axis=0)
            centroid[i] = c / max(np.linalg.norm(c), 1e-12)
    return SectionModel(names, heading, centroid, entries, entry_section)


def section_probabilities(
    model: SectionModel,
    items: np.ndarray,
    weights: SectionWeights = SectionWeights(),
    overlap: np.ndarray | None = None,
) -> np.ndarray:
    """(n_items, n_sections) probabilities; rows sum to 1. ``overlap``: see ``heading_overlap``."""
    logits = weights.heading * items @ model.heading.T + weights.centroid * items @ model.centroid.T
    if overlap is not None:
        logits = logits + weights.lexical * overlap
    eligible = model.entry_section >= 0
    if eligible.any():
        sims = items @ model.entries[eligible].T
        owner = model.entry_section[eligible]
        k = min(weights.k, sims.shape[1])
        top = np.argsort(-sims, axis=1)[:, :k]
        votes = np.zeros((len(items), len(model.names)))
        rows = np.arange(len(items))[:, None]
        np.add.at(votes, (np.broadcast_to(rows, top.shape), owner[top]), np.clip(sims[rows, top], 0, None))
        votes /= np.maximum(votes.sum(axis=1, keepdims=True), 1e-12)
        logits = logits + weights.knn * votes
    logits = logits / weights.temperature
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def guesses(probs: np.ndarray, names: list[str], n_alternatives: int = 2) -> list[list[SectionGuess]]:
    out = []
    for row in probs:
        order = np.argsort(-row)[: 1 + n_alternatives]
        out.append([SectionGuess(names[i], float(row[i])) for i in order])
    return out
