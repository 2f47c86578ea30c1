"""Section suggestion: which section of the list a paper belongs in, with a calibrated confidence.

Four topical signals per section, each standardised across the sections for the paper (so a weight
means the same thing whatever the signal's natural spread), summed and softmaxed:
* the heading itself (plus config ``sections.hints``), embedded: names carry meaning ("Defense",
  "Surveys") and are the only signal for a section with few or no entries;
* the section's centroid: its overall topic;
* similarity-weighted votes of the paper's nearest curated entries: sub-topics a centroid averages away;
* heading words in the title (abstract: half weight): "A Survey of ..." belongs in "Surveys" however
  its abstract embeds.
A fifth, the genre (genre.py), counts where a heading names a kind of paper ("Surveys", "Datasets")
and the paper declares that kind: weighted as much as the four together, because a maintainer files a
survey of attacks under "Surveys" however strongly its topic says "Attacks". A dataset or tool that only
the abstract's words declare ("we construct a dataset": as often a method paper's means) counts half.
The candidates at the top of the ranking are placed by the same signals on vectors from a copy of
the model tuned on this list's titles and sections (tuning.py): the frozen model does not know the
maintainers' categories. The rest, and every paper when tuning is off or fails, by the frozen model's.
Centroid and kNN compare embeddings centred on the mean of the list's entries: a list is one topic, so
raw cosines between its papers are all high and mostly measure that shared topic; centring leaves the
part that tells its sections apart (5-fold backtest: top-2 0.68 -> 0.76, top-1 0.47 -> 0.51, mean of 5
fold seeds). Headings are short phrases far from that mean, so they are compared raw.
The softmax temperature is fit on the list itself (leave-one-out over its entries, on the frozen
model's signals: the tuned model has seen every entry), so a confidence of 0.6 means the suggester is
right about 60 % of the time on this list's own papers; the tuned model's placements use the same one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.ranked import SectionGuess
from bot.ranking.genre import genre_match


@dataclass(frozen=True)
class SectionWeights:
    heading: float = 1.0
    centroid: float = 1.0
    knn: float = 1.0
    lexical: float = 1.0
    genre: float = 4.0
    k: int = 7


# Words that name no topic: a heading "Further related" or "Other papers" says nothing about content.
_STOPWORDS = {"about", "and", "from", "further", "general", "other", "others", "papers", "paper", "related",
              "misc", "miscellaneous", "with", "their", "into", "towards", "using", "the", "for"}
_TEMPERATURES = np.geomspace(0.1, 10.0, 41)
# Fewer than 4 entries fit no temperature: the softest is taken, so that a list of two papers does not
# claim 0.9997 for a guess between its two sections.
_MIN_ENTRIES_TO_FIT = 4


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
class TextCues:
    """What a paper's words say about each section, (n_items, n_sections) each: heading words it uses
    (``heading_overlap``) and a genre it shares with the heading (``genre_match``)."""

    words: np.ndarray
    genre: np.ndarray

    @classmethod
    def of(cls, headings: list[str], titles: list[str], abstracts: list[str]) -> TextCues:
        return cls(heading_overlap(headings, titles, abstracts), genre_match(headings, titles, abstracts))

    def __getitem__(self, rows: np.ndarray) -> TextCues:
        return TextCues(self.words[rows], self.genre[rows])


def heading_text(name: str, path: tuple[str, ...], hints: list[str]) -> str:
    # path[0] is usually the list title, shared by every section: it only dilutes the name.
    parents = [p for p in path[1:] if p.strip().lower() not in {"papers", "contents"}]
    text = " / ".join([*parents, name])
    return f"{text}: {', '.join(hints)}" if hints else text


@dataclass
class Examples:
    """The curated entries in one embedding space, centred on their mean (see the module doc)."""

    entries: np.ndarray  # (N, d) centred, unit length
    center: np.ndarray | None  # (d,) mean of the raw entry vectors; None: no centring
    stand_in: np.ndarray  # (S, d) the headings in this space, centred: for sections with no entries

    @classmethod
    def of(cls, raw: np.ndarray, heading: np.ndarray) -> Examples:
        # Below a handful of entries their mean is mostly one paper: centring on it would erase that paper.
        ex = cls(raw, raw.mean(axis=0) if len(raw) >= 4 else None, heading)
        ex.entries, ex.stand_in = ex.centred(raw), ex.centred(heading)
        return ex

    def centred(self, items: np.ndarray) -> np.ndarray:
        if self.center is None:
            return items
        c = items - self.center
        return c / (np.linalg.norm(c, axis=1, keepdims=True) + 1e-12)


@dataclass
class SectionModel:
    names: list[str]
    heading_texts: list[str]
    heading: np.ndarray  # (S, d) embedded heading + hints
    examples: Examples  # title + abstract vectors of the curated entries of eligible sections
    entry_section: np.ndarray  # (N,) index into names
    weights: SectionWeights
    temperature: float = 1.0


def _rowz(m: np.ndarray) -> np.ndarray:
    """Each row standardised; a NaN (a signal with nothing to say for that section) becomes 0, the mean."""
    known = ~np.isnan(m)
    n = np.maximum(known.sum(axis=1, keepdims=True), 1)
    filled = np.where(known, m, 0.0)
    mean = filled.sum(axis=1, keepdims=True) / n
    spread = np.sqrt((np.where(known, filled - mean, 0.0) ** 2).sum(axis=1, keepdims=True) / n)
    return np.where(known, (filled - mean) / (spread + 1e-9), 0.0)


def _example_signals(
    ex: Examples, entry_section: np.ndarray, n_sec: int, k: int, items: np.ndarray, own: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(centroid similarity, kNN votes), each (n_items, n_sections), of raw ``items`` in ``ex``'s space."""
    n = len(items)
    rows = np.arange(n)
    items = ex.centred(items)
    sims = items @ ex.entries.T if len(ex.entries) else np.zeros((n, 0))
    sims[rows[own >= 0], own[own >= 0]] = -np.inf  # an entry never votes for itself
    onehot = np.eye(n_sec)[entry_section] if len(ex.entries) else np.zeros((0, n_sec))
    sums, counts = onehot.T @ ex.entries, onehot.sum(axis=0)
    dot = items @ sums.T
    sq = np.tile((sums * sums).sum(axis=1), (n, 1))
    cnt = np.tile(counts, (n, 1))
    for i in rows[own >= 0]:  # take the entry out of its own section's centroid
        s, x = entry_section[own[i]], ex.entries[own[i]]
        sq[i, s] += -2 * float(x @ sums[s]) + float(x @ x)
        dot[i, s] -= float(x @ x)
        cnt[i, s] -= 1
    # A section with no entries: its heading stands in, on the same (centred) scale as the centroids.
    centroid = np.where(cnt > 0, dot / np.sqrt(np.maximum(sq, 1e-12)), items @ ex.stand_in.T)
    votes = np.zeros((n, n_sec))
    if sims.shape[1]:
        k = min(k, sims.shape[1])
        top = np.argsort(-sims, axis=1)[:, :k]
        vals = np.where(np.isfinite(sims[rows[:, None], top]), sims[rows[:, None], top], 0.0)
        where = (np.broadcast_to(rows[:, None], top.shape), entry_section[top])
        np.add.at(votes, where, np.clip(vals, 0, None))
    # A section with no entries has no one to vote for it: no votes is no evidence against it.
    votes[cnt == 0] = np.nan
    return centroid, votes


def _logits(model: SectionModel, items: np.ndarray, cues: TextCues, own: np.ndarray | None) -> np.ndarray:
    """Standardised signal sum over raw ``items``; ``own[i]`` = index of item i among the entries
    (leave-one-out), or -1."""
    own = np.full(len(items), -1) if own is None else own
    w, n_sec = model.weights, len(model.names)
    centroid, votes = _example_signals(model.examples, model.entry_section, n_sec, w.k, items, own)
    return (w.heading * _rowz(items @ model.heading.T) + w.centroid * _rowz(centroid)
            + w.knn * _rowz(votes) + w.lexical * _rowz(cues.words) + w.genre * _genre_signal(cues.genre))


def _genre_signal(strength: np.ndarray) -> np.ndarray:
    """The genre standardised as the other signals are, scaled by how firmly the paper declared its
    surest genre (standardising alone would make a half-sure genre count as much as a sure one), the
    sections of a less sure one in proportion ("A Survey ..." that also builds a benchmark: Surveys
    first, Datasets half)."""
    top = strength.max(axis=1, keepdims=True)
    return top * _rowz(strength / np.maximum(top, 1e-12))


def _softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def build_section_model(
    names: list[str],
    heading_texts: list[str],
    entries: np.ndarray,
    entry_sections: list[str],
    encode: Callable[[list[str]], np.ndarray],
    entry_titles: list[str] | None = None,
    entry_abstracts: list[str] | None = None,
    weights: SectionWeights = SectionWeights(),
    temperature: float | None = None,
) -> SectionModel:
    """Entries of sections not in ``names`` are ignored. ``temperature``: None fits it leave-one-out
    on the entries (``entry_titles`` and ``entry_abstracts`` needed); a model whose encoder has seen
    the entries (the tuned one) takes the frozen model's instead."""
    index = {n: i for i, n in enumerate(names)}
    keep = np.array([s in index for s in entry_sections], dtype=bool)
    raw = entries[keep] if len(entries) else entries
    heading = encode(heading_texts)
    model = SectionModel(
        names, heading_texts, heading, Examples.of(raw, heading),
        np.array([index[s] for s in entry_sections if s in index], dtype=int), weights,
    )
    n = len(model.examples.entries)
    if temperature is not None:
        model.temperature = temperature
    elif n < _MIN_ENTRIES_TO_FIT:
        model.temperature = float(_TEMPERATURES[-1])
    elif entry_titles is not None and entry_abstracts is not None and len(names) > 1:
        titles = [t for t, k in zip(entry_titles, keep, strict=True) if k]
        abstracts = [a for a, k in zip(entry_abstracts, keep, strict=True) if k]
        logits = _logits(model, raw, TextCues.of(heading_texts, titles, abstracts), np.arange(n))
        nll = [-np.log(_softmax(logits, t)[np.arange(n), model.entry_section] + 1e-12).mean()
               for t in _TEMPERATURES]
        model.temperature = float(_TEMPERATURES[int(np.argmin(nll))])
    return model


def section_probabilities(model: SectionModel, items: np.ndarray, cues: TextCues) -> np.ndarray:
    """(n_items, n_sections) probabilities; rows sum to 1."""
    if len(model.names) == 1:
        return np.ones((len(items), 1))
    return _softmax(_logits(model, items, cues, None), model.temperature)


def guesses(probs: np.ndarray, names: list[str], n_alternatives: int = 2) -> list[list[SectionGuess]]:
    out = []
    for row in probs:
        order = np.argsort(-row)[: 1 + n_alternatives]
        out.append([SectionGuess(names[i], float(row[i])) for i in order])
    return out
