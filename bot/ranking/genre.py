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
    # How much the abstract's words alone say (the title's say all): "this survey" is what a paper is,
    # "we construct a dataset" is as often a method paper's means as a dataset paper's point.
    abstract_strength: float = 1.0


def _words(*alternatives: str) -> re.Pattern[str]:
    """Whole words: no word character may touch an alternative, except one anchored at the start or
    at a title's colon (``_DECLARED``), whose colon may follow a word ("X: A Survey")."""
    def whole(a: str) -> str:
        return f"(?:{a})(?!\\w)" if a.startswith(("^", _DECLARED)) else f"(?<!\\w)(?:{a})(?!\\w)"
    return re.compile("|".join(whole(a) for a in alternatives), re.IGNORECASE)


def _or(pattern: re.Pattern[str], words: str) -> re.Pattern[str]:
    """``pattern`` or one of ``words`` as the heading's head: a Chinese or Japanese heading puts no space
    around the genre's noun ("综述", "数据集与基准", "综述论文"), and a noun that modifies another
    ("数据集蒸馏", dataset distillation; "工具学习", tool learning) names a topic."""
    head = rf"^\W*(?:{words})(?:(?:与|和|及|、|/|&|\s)*(?:{words}))*(?:论文|文章|論文|논문)?\W*$"
    return re.compile(f"{pattern.pattern}|{head}", pattern.flags)


_SELF = r"(?:this|our|the present)"
_WORK = r"(?:paper|article|work|chapter|manuscript)"
# Words that qualify a review ("this systematic review") without making it something else.
_QUALIFIER = (r"(?:systematic|comprehensive|critical|literature|scoping|brief|short|extensive|structured"
              r"|narrative|in-depth|thorough)")
_KIND = rf"(?:{_QUALIFIER} ){{0,2}}"
# Where a title declares what it is: its start, or after its colon, dash or question ("X: A Survey",
# "Can MLLMs Read Maps? A Benchmark ..."), maybe "towards" it.
_DECLARED = r"(?:^|[:—–?]\s*)(?:towards\s+)?"
# A survey of people is a study, not a review: "this survey of 500 users", "our survey among clinicians".
_OF_PEOPLE = (r"(?!\s+(?:of|among|with|across)\s+(?:\d|over\b|more\b|(?:[\w-]+\s+){0,2}(?:users|"
              r"participants|respondents|practitioners|developers|people|experts|clinicians|researchers|"
              r"students|workers|engineers|professionals|employees|patients|physicians)\b))")
# What a review reviews: "we review recent work on ...", not "we review the threat model".
_LITERATURE = (r"(?:[\w-]+\s+){0,3}(?:literature|works?|research|studies|approaches|methods|techniques"
               r"|advances|progress|developments|evolution|state[- ]of[- ]the[- ]art|landscape|field"
               r"|efforts)\b")

# The genre's noun naming what is done to data, or a threat to it ("a dataset distillation method", "a
# dataset construction framework", "a dataset inference attack") is no dataset offered; "a dataset of 10k
# images", "a benchmark environment", "a benchmark evaluation suite" are.
_NOUN_END = (r"(?![\w-])(?!\s+(?:distillation|condensation|construction|curation|creation|generation"
             r"|synthesis|modification|augmentation|selection|pruning|cleaning|filtering|deduplication"
             r"|compression|reduction|quantization|annotation|labell?ing|valuation|documentation"
             r"|preparation|versioning|balancing|shift|bias|inference|ownership|copyright|auditing"
             r"|poisoning|watermarking|contamination|leakage|protection)\b)")

GENRES = (
    Genre(
        "survey", "a survey",
        # The genre noun as the heading's head ("Surveys", "Reviews and tutorials", "Survey papers"), not
        # as a modifier ("Code review" and "Peer review" are topics).
        heading=_or(_words(r"surveys", r"reviews", r"overviews", r"tutorials", r"SoKs?",
                           r"^\W*(?:survey|review|overview|tutorial)(?:\s+papers?)?\W*$"),
                    "综述|サーベイ|서베이"),
        title=_words(
            r"(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:survey|overview|tutorial|primer)",  # "A Comprehensive Survey"
            rf"(?:a|an)\s+{_KIND}review", rf"{_QUALIFIER} review",  # not "a code review"
            # "Survey on X", "X: Review and Outlook"; not "Survey Data", "Primer: Searching for ..."
            rf"{_DECLARED}(?:the\s+)?{_KIND}(?:survey|overview|review|tutorial)s?(?=\s+(?:of|on|for|and|to)\b|\s*$)",
            r"SoK", r"systemati[sz]ation of knowledge",
        ),
        abstract=_words(
            rf"{_SELF} {_KIND}(?:survey|review|overview|tutorial){_OF_PEOPLE}",
            rf"(?:survey|review|overview) (?:[\w-]+ ){{0,2}}in {_SELF} {_WORK}",
            rf"{_SELF} {_WORK} (?:surveys|reviews)",
            rf"we (?:survey|review|systematically review)\s+{_LITERATURE}",
            rf"we (?:present|provide|offer) (?:a|an) {_KIND}(?:survey|review|overview){_OF_PEOPLE}",
        ),
    ),
    Genre(
        "dataset", "a dataset or benchmark",
        heading=_or(_words(r"datasets", r"data sets", r"benchmarks", r"corpora",
                           r"^\W*(?:dataset|data set|benchmark|corpus)(?:\s+papers?)?\W*$"),
                    "数据集|基准|データセット|ベンチマーク|데이터셋|벤치마크"),
        # "A Benchmark for ...", "X: a Dataset of ..." offer one; "... on a Small Dataset" uses one.
        title=_words(rf"{_DECLARED}(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:datasets?|benchmarks?|corpus){_NOUN_END}",
                     rf"and\s+(?:a|an)\s+(?:[\w-]+\s+){{0,3}}(?:dataset|benchmark|corpus){_NOUN_END}"),
        abstract=_words(
            r"we (?:introduce|present|release|propose|construct|build|create|curate) (?:[\w-]+ ){0,4}"
            rf"(?:dataset|benchmark|corpus){_NOUN_END}",
        ),
        abstract_strength=0.5,
    ),
    Genre(
        "tool", "a tool or library",
        heading=_or(_words(r"tools", r"toolkits", r"toolboxes", r"libraries",
                           r"^\W*(?:software|tool|toolkit|library)\W*$"), "工具|ツール|도구"),
        # "Captum: a ... library for PyTorch" offers one; "Building a Skill Library" does not.
        title=_words(rf"{_DECLARED}(?:a|an)\s+(?:[\w-]+\s+){{0,5}}(?:toolkit|toolbox|library|package)\b",
                     r"open[- ]source (?:tool|package|framework)"),
        abstract=_words(
            # not "tool": an LLM's tools ("open-source tool calling") are no software release
            r"open[- ]source (?:[\w-]+ ){0,2}(?:library|toolkit|toolbox|package)",
            r"we (?:introduce|present|release|describe) (?:[\w-]+ ){0,3}(?:library|toolkit|toolbox|package)",
        ),
        abstract_strength=0.5,
    ),
)


def paper_genres(title: str, abstract: str, among: set[str] | None = None) -> set[str]:
    """The genres a paper declares about itself (only those ``among``, where given)."""
    return set(genre_strengths(title, abstract, among))


def genre_strengths(title: str, abstract: str, among: set[str] | None = None) -> dict[str, float]:
    """The genres a paper declares about itself, each with how firmly: 1 in its title, the genre's
    ``abstract_strength`` in its abstract alone."""
    found = {}
    for g in GENRES:
        if among is not None and g.name not in among:
            continue
        if g.title.search(title):
            found[g.name] = 1.0
        elif g.abstract.search(abstract or ""):
            found[g.name] = g.abstract_strength
    return found


def heading_genres(heading: str) -> set[str]:
    """The genres a section heading names ("Surveys", "Datasets & benchmarks"), or its hints do
    (``heading_text``'s "Further related: survey, attack"); empty for a topic."""
    name, _, hints = heading.rpartition(": ") if ": " in heading else (heading, "", "")
    parts = [name, *(h.strip() for h in hints.split(","))]
    return {g.name for g in GENRES for part in parts if part and g.heading.search(part)}


def shared_genre(title: str, abstract: str, heading: str) -> str:
    """How to name the genre that a paper declares and a heading (with its hints) names ("a survey"),
    or "": the PR body says why a paper goes where its topic alone would not put it."""
    named = heading_genres(heading)
    shared = paper_genres(title, abstract, among=named) if named else set()
    return next((g.phrase for g in GENRES if g.name in shared), "")


def genre_match(heading_texts: list[str], titles: list[str], abstracts: list[str]) -> np.ndarray:
    """(n_items, n_sections): how firmly the paper declares a genre its section's heading names (0 where
    it declares none; ``genre_strengths``)."""
    heads = [heading_genres(h) for h in heading_texts]
    named = set().union(*heads)
    out = np.zeros((len(titles), len(heads)))
    if not named:  # most lists: 25k candidates need no pattern run
        return out
    for i, (title, abstract) in enumerate(zip(titles, abstracts, strict=True)):
        mine = genre_strengths(title, abstract, among=named)
        for j, h in enumerate(heads):
            out[i, j] = max((mine[g] for g in h if g in mine), default=0.0)
    return out
