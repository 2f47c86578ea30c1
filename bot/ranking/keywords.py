"""Watchlist terms: case-insensitive whole-word/phrase matching with light plural/stem tolerance."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

# Endings a term's stem may carry: "explanation" matches "explanations", "attack" "attacked", "value"
# (stem "valu") "values" and "valued", "study" (stem "stud") "studies".
_SUFFIXES = r"(?:e|es|s|ed|d|ing|ings|al|ally|y|ies|ied)?"
# Hyphens as Unicode writes them ("post‑hoc" with U+2011, "in–context" with an en dash) join words too.
_HYPHENS = r"\-\u2010-\u2015"
_JOIN = rf"[\s{_HYPHENS}]+"


def _base(word: str) -> str:
    """A light English stem of one term word, less a final e/y: singular, plural and -ed/-ing forms then
    meet in ``base + _SUFFIXES``. A base keeps at least four letters ("series", "speed" and "string"
    stay whole), and "ss", "us", "is" are no plural endings ("process", "bias", "analysis")."""
    if re.fullmatch(r"[A-Z]{2,}s", word):  # an acronym's plural: "GANs", "LLMs"
        return word[:-1].lower()
    w = word.lower()
    stem = w
    if not re.search(r"(?:ss|us|is)$", w):
        for ending, replacement in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", ""), ("ing", ""),
                                    ("ed", "")):
            if w.endswith(ending):
                stem = w[: -len(ending)] + replacement
                break
    base = stem[:-1] if stem.endswith(("e", "y")) else stem
    return base if len(base) >= 4 else w


def _pattern(term: str) -> re.Pattern[str]:
    words = [w for w in re.split(rf"[\s_{_HYPHENS}]+", _fold(term).strip()) if w]
    parts = [re.escape(_base(w)) + _SUFFIXES for w in words]
    # Words of a phrase may be joined by spaces or hyphens ("saliency-map", "saliency maps").
    return re.compile(r"(?<!\w)" + _JOIN.join(parts) + r"(?!\w)", re.IGNORECASE)


def _distinct(terms: list[str]) -> list[str]:
    """Terms with a word in them, each once: "Stream" and "stream " are one boost, not two, and a
    term of only "-" would match every text."""
    seen: set[str] = set()
    out = []
    for t in terms:
        key = _fold(t).strip().casefold()
        if re.search(r"\w", key) and key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _fold(text: str) -> str:
    # "Naïve" typed with a combining diaeresis and with the precomposed letter must meet.
    return unicodedata.normalize("NFC", text)


@dataclass
class Watchlist:
    must: list[str] = field(default_factory=list)
    boost: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._compiled = {kind: [(t, _pattern(t)) for t in _distinct(getattr(self, kind))]
                          for kind in ("must", "boost", "exclude")}

    def matches(self, kind: str, text: str) -> list[str]:
        text = _fold(text)
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
