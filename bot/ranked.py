"""The ranker's verdict on one candidate: what the proposal step and `litbot rank --json` consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.paper import Paper

# Title + abstract this close to a listed entry is another version of it: the journal version of a
# listed preprint scored 0.98 against it, while no two distinct papers of either real list, nor any
# later-added or stream paper against them, came above 0.86 (benchmarks/README.md, "Duplicates").
LIKELY_SAME_WORK = 0.95


@dataclass
class Neighbor:
    title: str
    similarity: float
    section: str = ""


@dataclass
class SectionGuess:
    section: str
    confidence: float


@dataclass
class RankedPaper:
    paper: Paper
    score: float  # higher is better; calibrated to 0..1 so thresholds in config mean something
    section: str
    section_confidence: float  # 0: not known (a proposal resumed from state after a crash)
    alternatives: list[SectionGuess] = field(default_factory=list)  # runner-up sections, best first
    neighbors: list[Neighbor] = field(default_factory=list)  # 3 closest curated entries
    keywords: list[str] = field(default_factory=list)  # watchlist terms matched
    listed: bool = False  # already in the list (same arXiv id, DOI or fuzzy title)
    excluded: bool = False  # hit an exclude term, or missed every must term
    excluded_by: str = ""  # why: "exclude: quantum", "no must term"
    score_without_watchlist: float = 0.0  # for an excluded paper, the score it would have had
    score_before_boost: float = 0.0  # the score before its boost terms; 0: none, or not known
    keywords_in_title: list[str] | None = None  # those of ``keywords`` in the title; None: not known
    rank: int = 0  # 1-based position in this batch
    # The genre the paper declares and its section's heading or hints name ("a survey"), if any: the
    # genre outweighs the topic in placing it, so the PR body says so. Empty for a resumed proposal.
    genre: str = ""
    # Why a list filed by venue gets it in that section ("its venue is ICLR 2026", "it is a preprint"):
    # the venue decides there, not the topic. Empty elsewhere, and for a resumed proposal.
    by_venue: str = ""
    # The title of a paper whose PR was closed that this one reads as another version of (title and
    # abstract at LIKELY_SAME_WORK or closer): never proposed, as that paper is not.
    like_closed: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `litbot rank --json` object (schema fixed by the ranking issue)."""
        return {
            "id": self.paper.id,
            "title": self.paper.title,
            "score": round(float(self.score), 6),
            "section": self.section,
            "section_confidence": round(float(self.section_confidence), 4),
            "alternatives": [
                {"section": a.section, "confidence": round(float(a.confidence), 4)} for a in self.alternatives
            ],
            "neighbors": [
                {"title": n.title, "similarity": round(float(n.similarity), 4)} for n in self.neighbors
            ],
            "keywords": list(self.keywords),
            "listed": self.listed,
            "excluded": self.excluded,
            "excluded_by": self.excluded_by,
            "genre": self.genre,
            "by_venue": self.by_venue,
            "rank": self.rank,
        }
