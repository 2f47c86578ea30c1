"""Relevance: how much a paper looks like the curated entries rather than like the stream.

PU learning: curated entries (merged proposals among them) are the labelled positives; the candidate batch
plus recently seen papers are unlabelled background, mostly off-topic with a few hidden positives; papers
whose PR was closed are known negatives. Measured on the dev backtest (benchmarks/README.md):

* a class-balanced logistic regression beats plain cosine similarity (MRR 0.84 vs 0.60);
* centring the embeddings on the background mean helps: it removes the "any ML abstract" direction
  every vector shares, so both the classifier and the cosines see what is specific to the list;
* blending in the max-cosine to a curated entry (z-scored against the background) rescues positives
  the linear boundary misses (narrow sub-topics with one curated example): HR@50 0.97 -> 1.0;
* a candidate is also a background paper (a "negative") in its own training set. Cross-fitting
  (``crossfit_folds``: each candidate scored by a model whose background left it out) changes nothing
  measurable (MRR 0.889 vs 0.879, HR@50 0.97 vs 1.0: one paper either way), and bagging over
  background subsamples was worse in exploration (MRR ~0.80): with the background's total weight equal
  to the positives' count, one background paper weighs P/N of a positive (1/140 on dev, ~1/1000 at
  25k), too little to hide it. So one model is fit on everything; only the calibration holds out.

The score is calibrated with Platt scaling on held-out curated entries (K-fold over positives) versus
the background: score = P(curated-like | features) with equal priors. 0.5 means "as likely to come
from the list's distribution as from the stream's"; min_score=0.5 proposes exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression


@dataclass(frozen=True)
class ScoreParams:
    # Inverse L2 strength with each positive weighing 1 (see _fit): 360 equals sklearn's C=5 under
    # "balanced" weights at the dev size (3k background), mid-range of a flat region (C 3..10 there).
    c: float = 360.0
    sim_weight: float = 0.25  # share of the max-cosine term in the blend (z-scores)
    # A closed PR is a sure negative, unlike an unlabelled paper; flat from 0.5 to 3 on the feedback
    # backtest, worse from 10 (benchmarks/README.md).
    negative_weight: float = 3.0
    calib_folds: int = 5
    min_positives: int = 5  # fewer curated entries: a classifier would just memorise them
    min_background: int = 30
    center: bool = True
    crossfit_folds: int = 0  # >1: score each candidate with a model whose background left it out
    # Tiny-list fallback maps max cosine to 0..1 around this point (all-MiniLM-L6-v2 scale: random
    # stream papers sit at 0.38 median, later-added papers at 0.70).
    sim_midpoint: float = 0.6
    sim_scale: float = 0.04


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


def similarity_scores(
    pos: np.ndarray, items: np.ndarray, params: ScoreParams
) -> tuple[np.ndarray, np.ndarray]:
    """Fallback for tiny lists or backgrounds: (0..1 score, raw max cosine)."""
    raw = (items @ pos.T).max(axis=1) if len(pos) else np.zeros(len(items))
    return _sigmoid((raw - params.sim_midpoint) / params.sim_scale), raw


def _fit(pos: np.ndarray, bg: np.ndarray, neg: np.ndarray, params: ScoreParams) -> LogisticRegression:
    # Imported here: sklearn takes ~1.2 s to import, which a command failing on its config or model
    # should not wait for.
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([pos, bg, neg])
    y = np.r_[np.ones(len(pos)), np.zeros(len(bg) + len(neg))]
    # Balanced, with the background's total weight equal to the positives' count. sklearn's "balanced"
    # scales every weight with the sample count instead, so a 25k stream would get 8x less
    # regularisation than the 3k dev stream and over-fit the ~20 positives (C=100 there: MRR 0.58).
    share = len(pos) / len(bg)
    w = np.r_[np.ones(len(pos)), np.full(len(bg), share), np.full(len(neg), params.negative_weight * share)]
    return LogisticRegression(C=params.c, max_iter=2000).fit(x, y, sample_weight=w)


class _Blend:
    """Classifier margin and max-cosine, each z-scored on the background, mixed linearly."""

    def __init__(self, pos: np.ndarray, bg: np.ndarray, neg: np.ndarray, params: ScoreParams):
        self.pos, self.params = pos, params
        self.model = _fit(pos, bg, neg, params)
        self.stats = [(v.mean(), v.std() + 1e-9) for v in self._terms(bg)]

    def _terms(self, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.model.decision_function(items), (items @ self.pos.T).max(axis=1)

    def __call__(self, items: np.ndarray) -> np.ndarray:
        (lr, sim), ((m1, s1), (m2, s2)) = self._terms(items), self.stats
        w = self.params.sim_weight
        return (1 - w) * (lr - m1) / s1 + w * (sim - m2) / s2


def relevance_scores(
    pos: np.ndarray, bg: np.ndarray, neg: np.ndarray, items: np.ndarray, params: ScoreParams = ScoreParams()
) -> tuple[np.ndarray, np.ndarray]:
    """(calibrated 0..1 score, raw blend) for ``items`` (usually the candidates, which are also in ``bg``).

    All inputs are L2-normalised embeddings; ``neg`` may be empty.
    """
    if len(pos) < params.min_positives or len(bg) < params.min_background:
        return similarity_scores(pos, items, params)
    # Candidates are background rows too (same cached vector, byte for byte): cross-fitting needs to know.
    row_of = {v.tobytes(): i for i, v in enumerate(bg)}
    item_rows = np.array([row_of.get(v.tobytes(), -1) for v in items], dtype=int)
    mu = bg.mean(axis=0) if params.center else np.zeros(bg.shape[1], dtype=bg.dtype)
    pos, bg, items = _unit(pos - mu), _unit(bg - mu), _unit(items - mu)
    neg = _unit(neg - mu) if len(neg) else np.zeros((0, bg.shape[1]), dtype=bg.dtype)
    main = _Blend(pos, bg, neg, params)
    raw, bg_raw = main(items), main(bg)
    if params.crossfit_folds > 1:  # off by default: measured no gain, see the module docstring
        fold = np.random.default_rng(0).permutation(len(bg)) % params.crossfit_folds
        for k in range(params.crossfit_folds):
            mine = (item_rows >= 0) & (fold[np.maximum(item_rows, 0)] == k)
            if mine.any():
                raw[mine] = _Blend(pos, bg[fold != k], neg, params)(items[mine])

    # Calibration: each curated entry scored by a model that never saw it, against the background.
    folds = np.arange(len(pos)) % min(params.calib_folds, len(pos))
    held = np.zeros(len(pos))
    for k in np.unique(folds):
        blend = _Blend(pos[folds != k], bg, neg, params)
        held[folds == k] = blend(pos[folds == k])
    z = np.r_[held, bg_raw][:, None]
    y = np.r_[np.ones(len(held)), np.zeros(len(bg_raw))]
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=0.1, class_weight="balanced").fit(z, y)
    return platt.predict_proba(raw[:, None])[:, 1], raw
