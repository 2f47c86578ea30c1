"""Lists filed by venue: "## 2025" > "### ICLR 2025" > papers, or "## ICLR" > "### 2025" > papers, with
"### arXiv" (or "Preprints") for papers no venue has taken yet. There the heading a paper's venue names
is where it goes, whatever its topic: the layout says so, and no embedding of the paper can.

A heading names a venue where it reads as one ("ICLR", "NeurIPS", "USENIX Security") and says so: it
names its year ("ICLR 2025", "Findings of ACL 2025"), it is one of the field's best-known venues, or
its papers show that venue ("## NeurIPS" over "*NeurIPS 2024*" entries). An acronym alone says nothing:
"## NLP" > "### 2024" is a topic by year, and its papers show other venues. A track is a venue of its
own ("ACL 2025 Findings"), a remark is not ("ICLR 2025 Oral"). A list counts as filed by venue where
two or more headings name venues and more than half of its paper sections name a venue or preprints;
a paper is sent only to a heading whose venue is its own, never by likeness.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.lists.entry import SUBJECT_WORD, looks_like_authors
from bot.lists.model import TRACK, YEAR_IN_NAME, CuratedList, year_in_full
from bot.lists.style import short_venue
from bot.paper import Paper
from bot.venue_names import known_acronym

# "arXiv", "Preprints", "arXiv preprints", "CoRR": the home of papers no venue has taken yet.
_PREPRINT = re.compile(r"(?:arxiv|corr)(?:\s+(?:preprints?|papers?|only))?|(?:arxiv\s+)?preprints?"
                       r"(?:\s*(?:&|and|/)?\s*arxiv)?|(?:preprints?\s+)?\(?arxiv\)?|unpublished", re.I)
# How venue-filed lists write a venue: a word with two capitals ("ICLR", "NeurIPS", "S&P") and at most
# two more words ("USENIX Security", "ACM CCS", "IEEE S&P"); no topic's words in lower case.
_VENUE_NAME = re.compile(r"(?:[A-Z][A-Za-z&]+\s+){0,2}[A-Za-z]*[A-Z][A-Za-z&]*[A-Z&][A-Za-z&]*"
                         r"(?:\s+[A-Z][A-Za-z&]+){0,2}")
# A heading that names a venue with its year may spell it out ("Findings of ACL 2025", "Nature Machine
# Intelligence 2025"): capitalised words, with "of", "on", "and", "for", "the" between them.
_SPELLED_VENUE = re.compile(r"[A-Z][\w&-]*(?:\s+(?:(?:of|on|and|for|the|in|&)\s+)*[A-Z][\w&-]*){0,5}")
# What a venue's name carries before it ("Accepted at ICLR 2025") or its publisher's ("IEEE S&P").
_VENUE_PREFIX = re.compile(r"^(?:(?:accepted|published|presented|appears?|to appear)\s+(?:at|in|to|by)\s+"
                           r"|(?:in\s+)?proceedings\s+of\s+(?:the\s+)?)", re.I)
_PUBLISHER = re.compile(r"^(?:ieee(?:/cvf)?|acm)\s+(?=\S)", re.I)
# The field's best-known venues, by key: "## NeurIPS" over "### 2024" and bare titles names one, where
# "## NLP" names a topic. A heading naming any other venue says so by its year or its papers' venues.
KNOWN_VENUES = frozenset(
    "neurips icml iclr aaai ijcai aistats uai colt cvpr iccv eccv wacv bmvc acl emnlp naacl eacl coling "
    "conll kdd www sigir wsdm cikm recsys icde sigmod vldb ndss ccs s&p usenix asiaccs "
    "satml corl icra iros rss miccai interspeech icassp tmlr jmlr tpami tifs tdsc tnnls tkde ijcv tip "
    "facct aies chi ijcnn ecai icdm sdm pakdd acml aamas colm icse fse ase issta icst nsdi osdi sigcomm "
    "icwsm cscw uist kr icaps isbi ipmi midl ml4h chil tist tois tacl cl jair aij mlj".split()
    + ["usenix security", "euro s&p"])
# A track's spellings (model.TRACK finds them) as one name.
_TRACK_NAMES = {"workshops": "workshop", "dataset": "datasets", "benchmark": "benchmarks", "demos": "demo",
                "demonstrations": "demo", "demonstration": "demo", "tutorials": "tutorial"}
_ALIASES = {"nips": "neurips"}  # the old name of one venue, still in lists and journal references
PREPRINT_KEY = "\0preprint"
# A heading naming a track and nothing else: "Workshops", "Findings", "Datasets and Benchmarks Track".
_TRACK_WORDS = re.compile(rf"{TRACK.pattern}|\b(?:and|&|track|tracks|papers?|of|the)\b", re.I)


@dataclass(frozen=True)
class VenueHome:
    label: str  # the section's label, as rank results and PRs name sections
    reason: str  # for the PR body: "its venue is ICLR 2026", "it is a preprint"
    year: str  # the year to place it by: its venue's ("ICLR 2026" for a 2025 preprint), else its own
    sure: bool = True  # False: the preprints' heading for a venue the list has no heading for


def venue_key(text: str) -> str:
    """A venue as compared: "NeurIPS 2024", "NeurIPS'24", "2024 NeurIPS", "NeurIPS 2024 (Oral)" and
    "Accepted at NeurIPS 2024" are "neurips", "IEEE S&P" "s&p"; a track is part of it ("ACL 2025
    Findings" and "Findings of ACL 2025" are "acl +findings", "NeurIPS 2024 Datasets and Benchmarks"
    "neurips +benchmarks +datasets"), other words after the year are remarks; any preprint name
    ("arXiv", "Preprints", "CoRR") is one key."""
    tracks = sorted({_TRACK_NAMES.get(t.lower(), t.lower()) for t in TRACK.findall(text)})
    text = re.sub(r"\([^()]*\)", " ", TRACK.sub(" ", text))  # "(Findings)" a track, "(Oral)" a remark
    year = re.search(r"(?<![\w'’])(?:19|20)\d\d(?!\d)|(?<=\w)['’]\d\d\b|\s['’]\d\d\b"
                     r"|(?<=[A-Za-z])-\d\d\b", text)  # "AAAI-25"
    if year and text[: year.start()].strip(" ,:-"):
        text = text[: year.start()]  # what follows its year is a remark: "ICLR 2025 Oral"
    elif year:
        text = text[year.end() :]  # "2025 ICLR"
    text = re.sub(r"^(?:\s*(?:of|the|on|at|in|and|&)\s+)+|(?:\s+(?:of|the|on|at|in|and|&|track))+\s*$", "",
                  " " + _VENUE_PREFIX.sub("", text.strip(" :-,")).strip() + " ", flags=re.I).strip()
    if _PREPRINT.fullmatch(text.strip(" :-")):
        return PREPRINT_KEY
    text = _PUBLISHER.sub("", text)
    key = " ".join(re.findall(r"[a-z0-9&]+", text.lower()))
    key = _ALIASES.get(key, key)
    return " ".join([key, *(f"+{t}" for t in tracks)])


def _named_venue(label: str, shown: list[str]) -> str | None:
    """The venue key a paper section's label names, or None for a topic. ``shown``: the venue keys its
    entries show. A heading that names its year reads as a venue ("ICLR 2025", "USENIX Security 2024",
    "Findings of ACL 2025"); one that names none only where most of its entries that show a venue show
    that one ("## NeurIPS" over "*NeurIPS 2024*"): "## NLP" over "*ICML 2024*" is a topic."""
    text = " ".join(re.sub(r"[()]", " ", YEAR_IN_NAME.sub(" ", label)).split())
    if _PREPRINT.fullmatch(text):
        return PREPRINT_KEY
    key = venue_key(label)
    if TRACK.search(text) and not re.sub(r"\W+", "", _TRACK_WORDS.sub(" ", text)):
        # "Workshops", "Findings", "Datasets and Benchmarks Track": any venue's papers of that track.
        return _tracks(key)
    if YEAR_IN_NAME.search(label):
        return key if _VENUE_NAME.fullmatch(text) or _SPELLED_VENUE.fullmatch(text) else None
    if not _VENUE_NAME.fullmatch(text):
        return None
    if key.split(" +")[0] in KNOWN_VENUES:  # before the subject's words: "USENIX Security"
        return key
    if SUBJECT_WORD.search(text):
        return None
    # Entries still written as preprints ("*arXiv 2024*" under "## ACSAC") say nothing of the heading.
    shown = [k for k in shown if k != PREPRINT_KEY]
    return key if shown and shown.count(key) * 2 > len(shown) else None


def _tracks(key: str) -> str:
    """A venue key's tracks alone: "acl +findings" -> " +findings", "" for none."""
    return "".join(key.partition(" +")[1:])


def _per_list(cache: list[tuple[CuratedList, dict[str, str]]], doc: CuratedList,
              compute: Callable[[CuratedList], dict[str, str]]) -> dict[str, str]:
    """``compute(doc)``, kept for the last few lists asked about: each insertion asks, and a list of
    5,000 groups takes 0.07 s to answer."""
    for cached, found in cache:
        if cached is doc:
            return found
    found = compute(doc)
    cache.insert(0, (doc, found))
    del cache[4:]
    return found


def venue_sections(doc: CuratedList) -> dict[str, str]:
    """Label -> venue key for a list filed by venue; {} for any other list."""
    return _per_list(_RECENT, doc, _venue_sections)


_RECENT: list[tuple[CuratedList, dict[str, str]]] = []


def _venue_sections(doc: CuratedList) -> dict[str, str]:
    shown: dict[str, list[str]] = {}
    for s in doc.paper_sections():
        shown.setdefault(doc.section_label(s), []).extend(venue_key(e.venue) for e in s.entries if e.venue)
    named = {label: key for label, keys in shown.items() if (key := _named_venue(label, keys)) is not None}
    # Two headings of venues, one venue's years among them ("### NeurIPS 2025", "### NeurIPS 2024"):
    # one heading alone may be a topic ("## NeurIPS"), two are a layout.
    venues = [key for key in named.values() if key != PREPRINT_KEY and not key.startswith(" +")]
    # A heading naming a track alone ("Datasets and Benchmarks", "Position Papers") is as often a topic:
    # it takes a venue's papers of that track in a list the venues file, but does not make one so.
    # Where every paper section names a venue, preprints or a track ("ICLR 2025", "Workshops"), it is.
    filed = list(named.values()) if len(named) == len(shown) else [
        key for key in named.values() if not key.startswith(" +")]
    if len(venues) < 2 or len(filed) * 2 <= len(shown):
        return {}
    return named


def paper_venue_key(venue: str) -> str:
    """The key of a paper's venue, as written (``venue_key``): a paper of no venue is a preprint."""
    return venue_key(venue) if venue else PREPRINT_KEY


def venue_home(doc: CuratedList, paper: Paper, sections: dict[str, str] | None = None) -> VenueHome | None:
    """The section a venue-filed list keeps ``paper`` in: the heading of its venue (of the venue's year,
    where the headings name years), else, for a preprint or a venue of a year with no heading yet, the
    preprints' heading, or where the list has none a home of no label (the reason alone: its topic
    places it); None where the list is not filed by venue."""
    sections = venue_sections(doc) if sections is None else sections
    if not sections:
        return None
    venue = (paper.venue or "").strip()
    key = paper_venue_key(venue)
    year_match = YEAR_IN_NAME.search(venue)
    year = year_in_full(year_match.group(0)) if year_match and key != PREPRINT_KEY else paper.year
    own = [label for label, k in sections.items() if k == key]
    if not own and key != PREPRINT_KEY:
        # "Journal of Machine Learning Research (JMLR)", "IEEE Transactions on Information Forensics and
        # Security": as the list names it, its acronym ("JMLR 2025", "TIFS 2025").
        # Its track stays: "Findings of ACL 2025" is no paper of "ACL 2025".
        short = venue_key(short_venue(venue)).partition(" +")[0] + _tracks(key)
        own = [label for label, k in sections.items() if k == short]
    if not own and " +" in key:
        # A workshop paper where the list keeps every venue's workshop papers under "Workshops".
        own = [label for label, k in sections.items() if k == _tracks(key)]
    if own and key != PREPRINT_KEY:
        undated_labels = [label for label in own if not YEAR_IN_NAME.search(label)]
        of_year = [label for label in own if year and _full_years(label) == {year}]
        label = (of_year or undated_labels or [None])[0]
        if label is not None:
            return VenueHome(label, f"its venue is {venue}", year)
    preprints = [label for label, k in sections.items() if k == PREPRINT_KEY]
    if not preprints:
        # No heading to send it to: its topic places it among the venues' headings, and the PR says why
        # (the maintainer opens the venue's heading, or moves it). Label "": placed by the signals.
        what = "preprints" if key == PREPRINT_KEY else f"its venue, {venue},"
        return VenueHome("", f"the list has no heading for {what} yet, so its topic placed it", year,
                         sure=False)
    if key == PREPRINT_KEY:
        return VenueHome(preprints[0], "it is a preprint", paper.year)
    # A venue the list has no heading for (yet): the preprints' heading of the venue's year, for the
    # maintainer to open the venue's heading or leave it there.
    return VenueHome(preprints[0], f"the list has no heading for its venue, {venue}, yet", year, sure=False)


# "Neural Information Processing Systems (NeurIPS)": a venue spelled out, with the acronym it goes by.
# The bracket may close after the year the list writes apart ("... (ICML'23)": the venue is "... (ICML").
_SPELLED_OUT = re.compile(r"(?P<name>.*\S)\s*\((?P<acronym>[A-Za-z&]*[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\)?$")


def list_spelling(doc: CuratedList, venue: str) -> str:
    """``venue`` as the list spells that venue where its entries spell it out ("ICML 2025" in a list of
    "International Conference on Machine Learning (ICML)": "International Conference on Machine Learning
    (ICML) 2025"); as given where they do not, or it is a track of it."""
    spellings = _per_list(_SPELT, doc, _spellings)
    key = venue_key(venue)
    if " +" in key or key not in spellings or _SPELLED_OUT.match(YEAR_IN_NAME.sub("", venue).strip(" ,")):
        return venue
    year = YEAR_IN_NAME.search(venue)
    return f"{spellings[key]} {year_in_full(year[0])}" if year else spellings[key]


def _spellings(doc: CuratedList) -> dict[str, str]:
    """Venue key -> the list's spelling of that venue, for the venues most of whose entries spell it
    out ("International Conference on Machine Learning (ICML)", or without the acronym). The key keeps
    the track ("Findings of the ... (ACL)" is "acl +findings", no spelling of ACL's main conference); a
    name that holds a full stop holds more than the venue (names read with it)."""
    counts: dict[str, dict[str, int]] = {}
    short: dict[str, int] = {}
    for entry in doc.entries:
        name = YEAR_IN_NAME.sub("", entry.venue).strip(" ,")
        m = _SPELLED_OUT.match(name)
        # Spelled out with no acronym after it ("International Conference on Machine Learning"): a
        # venue's full name that the lists writing acronyms shorten (new entries wrote "ICML" there).
        # Not one with a number ("Proceedings of the 37th ..."): that spelling is one year's.
        acronym = "" if m or re.search(r"[\d<.;]", name) else known_acronym(name)
        if m and not re.search(r"[<.;]", m["name"]) and not looks_like_authors(m["name"].split(",")[0]):
            names = counts.setdefault(venue_key(m["acronym"]) + _tracks(venue_key(m["name"])), {})
            names[m.group(0)] = names.get(m.group(0), 0) + 1
        elif acronym and venue_key(name) != venue_key(acronym):
            names = counts.setdefault(venue_key(acronym) + _tracks(venue_key(name)), {})
            names[name] = names.get(name, 0) + 1
        elif name:
            short[venue_key(name)] = short.get(venue_key(name), 0) + 1
    found = {key: max(names, key=names.__getitem__) for key, names in counts.items()
             if sum(names.values()) > short.get(key, 0)}
    return found


_SPELT: list[tuple[CuratedList, dict[str, str]]] = []


def _full_years(label: str) -> set[str]:
    return {year_in_full(m.group(0)) for m in YEAR_IN_NAME.finditer(label)}


__all__ = ["PREPRINT_KEY", "VenueHome", "list_spelling", "paper_venue_key", "venue_home", "venue_key",
           "venue_sections"]
