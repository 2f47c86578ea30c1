"""Genre: what kind of paper a paper is (a survey, a dataset or benchmark, a tool), and which headings
name a kind rather than a topic.

A maintainer files a survey of attacks under "Surveys", not "Attacks": the genre decides before the
topic does. Embeddings and neighbours see only the topic, so a genre a paper declares about itself is
a separate signal (sections.py weighs it above the topical ones). A paper declares it in its title
("A Survey of ...", "SoK: ...") or in its abstract's words about itself ("this review", "we survey",
"a systematic review"); a survey *of people* ("we surveyed 40 practitioners") is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Genre:
    name: str
    phrase: str  # how the PR body names it: "it calls itself {phrase}"
    heading: re.Pattern[str]  # a heading that names the genre
    title: re.Pattern[str]  # a title that declares it
    abstract: re.Pattern[str]  # an abstract that says it of itself


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_SELF = r"(?:this|our|the present)"
_WORK = r"(?:paper|article|work|chapter|manuscript)"
# Words that qualify a review ("this systematic review") without making it something else.
_QUALIFIER = (r"(?:systematic|comprehensive|critical|literature|scoping|brief|short|extensive|structured"
              r"|narrative|in-depth|thorough)")
_KIND = rf"(?:{_QUALIFIER} ){{0,2}}"

GENRES = (
    Genre(
        "survey", "a survey",
        heading=_words(r"surveys?", r"reviews?", r"overviews?", r"tutorials?", r"SoKs?"),
        # "review" alone is also "code review", "peer review": only "a (systematic) review" declares one.
        title=_words(r"surveys?", rf"(?:a|an) {_KIND}review", rf"{_QUALIFIER} review",
                     r"overview", r"SoK", r"systemati[sz]ation of knowledge", r"tutorial", r"primer"),
        abstract=_words(
            rf"{_SELF} {_KIND}(?:survey|review|overview|tutorial)",
            rf"(?:survey|review|overview) (?:[\w-]+ ){{0,2}}in {_SELF} {_WORK}",
            rf"{_SELF} {_WORK} (?:surveys|reviews)",
            r"we (?:survey|review|systematically review)",
            rf"we (?:present|provide|offer) (?:a|an) {_KIND}(?:survey|review|overview)",
        ),
    ),
    Genre(
        "dataset", "a dataset or benchmark",
        heading=_words(r"datasets?", r"data sets?", r"benchmarks?", r"corpus", r"corpora"),
        # "... on Imbalanced Datasets" uses data; "A Benchmark for ...", "...: a Dataset of ..." offer it.
        title=_words(r"(?:a|an) (?:[\w-]+ ){0,3}(?:datasets?|benchmarks?|corpus)"),
        abstract=_words(
            r"we (?:introduce|present|release|propose|construct|build|create|curate) (?:[\w-]+ ){0,4}"
            r"(?:dataset|benchmark|corpus)",
        ),
    ),
    Genre(
        "tool", "a tool or library",
        heading=_words(r"tools?", r"toolkits?", r"toolboxes", r"librar(?:y|ies)", r"software"),
        # "Captum: a ... library for PyTorch" offers one; "Learning a Skill Library" does not.
        title=_words(r"(?:a|an) (?:[\w-]+ ){0,3}(?:toolkit|toolbox|library|package) (?:for|to|in)",
                     r"open[- ]source (?:tool|package|framework)"),
        abstract=_words(
            # not "tool": an LLM's tools ("open-source tool calling") are no software release
            r"open[- ]source (?:[\w-]+ ){0,2}(?:library|toolkit|toolbox|package)",
            r"we (?:introduce|present|release|describe) (?:[\w-]+ ){0,3}(?:library|toolkit|toolbox|package)",
        ),
    ),
)


def paper_genres(title: str, abstract: str, among: set[str] | None = None) -> set[str]:
    """The genres a paper declares about itself (only those ``among``, where given)."""
    return {g.name for g in GENRES if (among is None or g.name in among)
            and (g.title.search(title) or g.abstract.search(abstract or ""))}


def heading_genres(heading: str) -> set[str]:
    """The genres a section heading names ("Surveys", "Datasets & benchmarks"); empty for a topic."""
    return {g.name for g in GENRES if g.heading.search(heading)}


def shared_genre(title: str, abstract: str, heading: str) -> str:
    """How to name the genre that a paper declares and a heading (with its hints) names ("a survey"),
    or "": the PR body says why a paper goes where its topic alone would not put it."""
    named = heading_genres(heading)
    shared = paper_genres(title, abstract, among=named) if named else set()
    return next((g.phrase for g in GENRES if g.name in shared), "")


def genre_match(heading_texts: list[str], titles: list[str], abstracts: list[str]) -> np.ndarray:
    """(n_items, n_sections): 1 where the paper declares a genre its section's heading names."""
    heads = [heading_genres(h) for h in heading_texts]
    named = set().union(*heads)
    out = np.zeros((len(titles), len(heads)))
    if not named:  # most lists: 25k candidates need no pattern run
        return out
    for i, (title, abstract) in enumerate(zip(titles, abstracts, strict=True)):
        mine = paper_genres(title, abstract, among=named)
        for j, h in enumerate(heads):
            out[i, j] = bool(mine & h)
    return out
