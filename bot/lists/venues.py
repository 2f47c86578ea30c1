"""Lists filed by venue: "## 2025" > "### ICLR 2025" > papers, or "## ICLR" > "### 2025" > papers, with
"### arXiv" (or "Preprints") for papers no venue has taken yet. There the heading a paper's venue names
is where it goes, whatever its topic: the layout says so, and no embedding of the paper can.

A list counts as filed by venue where at least two of its paper sections name venues the way such lists
write them (an acronym, "NeurIPS", "USENIX Security", with or without the year), and more than half of
them name a venue or preprints: "LLM Attacks" among topics is no venue, and a paper is sent only to a
heading whose venue is its own, never by likeness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.lists.entry import SUBJECT_WORD
from bot.lists.model import YEAR_IN_NAME, CuratedList, Section, is_date_name, is_venue_year
from bot.lists.parse import clean_heading
from bot.paper import Paper

# "arXiv", "Preprints", "arXiv preprints", "CoRR": the home of papers no venue has taken yet.
_PREPRINT = re.compile(r"(?:arxiv|corr)(?:\s+(?:preprints?|papers?|only))?|(?:arxiv\s+)?preprints?"
                       r"(?:\s*(?:&|and|/)?\s*arxiv)?|(?:preprints?\s+)?\(?arxiv\)?|unpublished", re.I)
# How venue-filed lists write a venue: a word with two capitals ("ICLR", "NeurIPS", "S&P") and at most
# two more words ("USENIX Security", "ACM CCS", "IEEE S&P"); no topic's words in lower case.
_VENUE_NAME = re.compile(r"(?:[A-Z][A-Za-z&]+\s+){0,2}[A-Za-z]*[A-Z][A-Za-z&]*[A-Z&][A-Za-z&]*"
                         r"(?:\s+[A-Z][A-Za-z&]+){0,2}")
_HEAD = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+(?P<h>.+?)[ \t#]*|\*\*(?P<b>[^*]+)\*\*[ \t]*)$")
_ALIASES = {"nips": "neurips"}  # the old name of one venue, still in lists and journal references
PREPRINT_KEY = "\0preprint"


@dataclass(frozen=True)
class VenueHome:
    label: str  # the section's label, as rank results and PRs name sections
    reason: str  # for the PR body: "its venue is ICLR 2026", "it is a preprint"
    year: str  # the year to place it by: its venue's ("ICLR 2026" for a 2025 preprint), else its own


def venue_key(text: str) -> str:
    """A venue as compared: "NeurIPS 2024" and "NeurIPS'24" are "neurips", "ICML 2024 (Oral)" "icml";
    any preprint name ("arXiv", "Preprints", "CoRR") is one key."""
    text = re.sub(r"\([^()]*\)", " ", YEAR_IN_NAME.sub(" ", text)).strip()
    if _PREPRINT.fullmatch(text.strip(" :-")):
        return PREPRINT_KEY
    key = " ".join(re.findall(r"[a-z0-9&]+", text.lower()))
    return _ALIASES.get(key, key)


def _named_venue(label: str) -> str | None:
    """The venue key a paper section's label names, or None for a topic: "LLM Attacks" names a subject,
    unless the heading also names a year, as a venue's does ("USENIX Security 2024")."""
    text = YEAR_IN_NAME.sub(" ", label).strip()
    if _PREPRINT.fullmatch(text):
        return PREPRINT_KEY
    if not _VENUE_NAME.fullmatch(text) or (SUBJECT_WORD.search(text) and not YEAR_IN_NAME.search(label)):
        return None
    return venue_key(label)


def _dated_by_headings(doc: CuratedList, section: Section) -> bool:
    """Whether headings date the section's papers: its own ("ICLR 2025"), one above it ("2025" >
    "ICLR"), or year headings inside it ("## NeurIPS" > "### 2024", read as runs of its entries)."""
    if is_venue_year(section.name) or any(is_date_name(p) for p in section.path):
        return True
    lines = doc.text.splitlines()[section.heading_end : section.end_line]
    return any(is_date_name(clean_heading(m["h"] or m["b"])) for line in lines if (m := _HEAD.match(line)))


def venue_sections(doc: CuratedList) -> dict[str, str]:
    """Label -> venue key for a list filed by venue; {} for any other list."""
    labels = dict.fromkeys(doc.section_label(s) for s in doc.paper_sections())
    named = {label: key for label in labels if (key := _named_venue(label)) is not None}
    venues = {key for key in named.values() if key != PREPRINT_KEY}
    # Dated venues are the layout's own mark: "ICLR 2025" headings, or a venue's year headings or runs.
    dated = [s for s in doc.paper_sections() if doc.section_label(s) in named and _dated_by_headings(doc, s)]
    if len(venues) < 2 or not dated or len(named) * 2 <= len(labels):
        return {}
    return named


def venue_home(doc: CuratedList, paper: Paper, sections: dict[str, str] | None = None) -> VenueHome | None:
    """The section a venue-filed list keeps ``paper`` in: the heading of its venue (of the venue's year,
    where the headings name years), else, for a preprint or a venue of a year with no heading yet, the
    preprints' heading; None where the list is not filed by venue or has no such heading."""
    sections = venue_sections(doc) if sections is None else sections
    if not sections:
        return None
    venue = (paper.venue or "").strip()
    key = venue_key(venue) if venue else PREPRINT_KEY
    year_match = YEAR_IN_NAME.search(venue)
    year = _full_year(year_match.group(0)) if year_match and key != PREPRINT_KEY else paper.year
    own = [label for label, k in sections.items() if k == key]
    if own and key != PREPRINT_KEY:
        undated_labels = [label for label in own if not YEAR_IN_NAME.search(label)]
        of_year = [label for label in own if year and _full_years(label) == {year}]
        label = (of_year or undated_labels or [None])[0]
        if label is not None:
            return VenueHome(label, f"its venue is {venue}", year)
    preprints = [label for label, k in sections.items() if k == PREPRINT_KEY]
    if not preprints:
        return None
    if key == PREPRINT_KEY:
        return VenueHome(preprints[0], "it is a preprint", paper.year)
    # A venue the list has no heading for (yet): the preprints' heading of the venue's year, for the
    # maintainer to open the venue's heading or leave it there.
    return VenueHome(preprints[0], f"the list has no heading for its venue, {venue}, yet", year)


def _full_year(text: str) -> str:
    digits = text.strip("'’")
    return digits if len(digits) == 4 else ("19" if digits > "50" else "20") + digits


def _full_years(label: str) -> set[str]:
    return {_full_year(m.group(0)) for m in YEAR_IN_NAME.finditer(label)}


__all__ = ["PREPRINT_KEY", "VenueHome", "venue_home", "venue_key", "venue_sections"]
