"""Watchlist terms: case-insensitive whole-word/phrase matching with light plural/stem tolerance."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# Endings a term may carry or drop: "explanation" matches "explanations", "attack" matches "attacked".
_SUFFIXES = r"(?:s|es|ed|ing|al|ally)?"
_STEM_CUT = re.compile(r"(?:es|s|ed|ing)$")


def _pattern(term: str) -> re.Pattern[str]:
    words = [w for w in re.split(r"[\s\-_]+", term.strip().lower()) if w]
    parts = []
    for w in words:
        stem = _STEM_CUT.sub("", w) if len(w) > 4 else w
        parts.append(re.escape(stem) + _SUFFIXES)
    # Words of a phrase may be joined by spaces or hyphens ("saliency-map", "saliency maps").
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)", re.IGNORECASE)


@dataclass
class Watchlist:
    must: list[str] = field(default_factory=list)
    boost: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._compiled = {
            kind: [(t, _pattern(t)) for t in getattr(self, kind) if t.strip()]
            for kind in ("must", "boost", "exclude")
        }

    def matches(self, kind: str, text: str) -> list[str]:
        return [term for term, pat in self._compiled[kind] if pat.search(text)]

    def verdict(self, text: str) -> tuple[list[str], bool]:
        """(boost and must terms found, excluded?) for one title+abstract."""
        must = self.matches("must", text)
        excluded = bool(self.matches("exclude", text)) or (bool(self._compiled["must"]) and not must)
        return must + [t for t in self.matches("boost", text) if t not in must], excluded


MAX_BOOSTED_TERMS = 3  # one paper repeating every watchlist word should not outrank the classifier


def boosted_score(score: float, n_terms: int, weight: float) -> float:
    """``score`` with ``n_terms`` matched boost terms (at most 3) as further evidence.

    Each term adds ``weight`` to the log-odds (multiplies the odds by e**weight), the way independent
    evidence combines. Added to the probability instead, the boost saturated at 1.0 and let a generic
    term lift a stream paper at 0.9 over a curated-like one at 0.98 (list folds: MRR 0.73 -> 0.67).
    """
    n = min(n_terms, MAX_BOOSTED_TERMS)
    if n <= 0 or weight <= 0:
        return score
    p = min(max(score, 1e-9), 1 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1 - p)) + weight * n)))
