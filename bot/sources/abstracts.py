"""Abstracts for list entries written without one, from arXiv: by the entry's arXiv id, or by its title.

Most curated lists give a title and a link, no abstract; the ranker learns far less from titles than from
abstracts (the dev backtest, the 2020 list with its abstracts cut: MRR 0.59 against 0.88 as written).
Each entry is asked for once and the answer kept in state; an entry arXiv had nothing for is asked again
after ``ENTRY_LOOKUP_RETRY_DAYS``. The list file is never changed: the abstracts only feed the ranker.
"""

from __future__ import annotations

import dataclasses
import logging
import re

import arxiv

from bot.config import Config
from bot.identity import normalize_title, titles_match
from bot.lists import CuratedList, Entry
from bot.lists.authors import PARTICLES
from bot.paper import Paper
from bot.sanitize import plain_text
from bot.sources.arxiv_api import arxiv_unanswered, ask_arxiv, id_searches, late_client, title_searches
from bot.sources.report import SourceReport
from bot.state import State

log = logging.getLogger(__name__)

# Entries asked for in one run: with 100 ids a request and 5 titles a request, ~21 requests (a minute at
# arXiv's 3 s delay), more only where a short title's namesakes fill a page (its group's titles are
# then asked alone); a longer list is filled over the next runs.
LOOKUP_LIMIT = 100


def without_abstract(doc: CuratedList) -> list[Entry]:
    from bot.ranking import has_abstract

    return [e for e in doc.entries if not has_abstract(e.abstract)]


def lookup_key(entry: Entry) -> str:
    """What an answer is kept under: the entry's key and the title it was asked by. Two entries under
    one key (a link copied from the entry above) are two questions, and a title corrected under a DOI
    is asked again."""
    return f"{entry.key}\n{normalize_title(_clean_title(entry.plain_title))}"


def look_up_abstracts(doc: CuratedList, state: State, config: Config, reports: list[SourceReport],
                      client: arxiv.Client | None = None) -> int:
    """Ask arXiv for the abstracts of up to ``LOOKUP_LIMIT`` entries without one and never asked for
    (or asked in vain long ago), and keep the answers in state. ``reports``: the run's source reports (an
    arXiv that stopped answering is not asked); ``client``: the run's arXiv client. An entry whose
    request failed is asked again by the next run. Returns how many abstracts were found."""
    if not (config.list.abstracts_from_arxiv and config.sources.arxiv.enabled):
        return 0
    if arxiv_unanswered(reports):
        return 0
    keyed = [(lookup_key(e), e) for e in without_abstract(doc)]
    todo = state.entries_to_look_up(key for key, _ in keyed)
    asking = [(key, e) for key, e in keyed if key in todo][:LOOKUP_LIMIT]
    if not asking:
        return 0
    client = client or late_client(config)
    by_id: dict[str, list[Entry]] = {}
    by_title: dict[str, list[Entry]] = {}
    for _, e in asking:
        if e.arxiv_id and plausible_arxiv_id(e.arxiv_id):
            by_id.setdefault(e.arxiv_id, []).append(e)
        else:
            by_title.setdefault(_clean_title(e.plain_title), []).append(e)
    answers: dict[str, str] = {}
    plan = id_searches(list(by_id), client) + title_searches(list(by_title), client)
    crowded = _answer(config, client, plan, by_id, by_title, answers)
    # A page full of another title's namesakes ("Grad-CAM" has hundreds) may have crowded a title's
    # own paper out: each of its titles with no answer is asked alone.
    _answer(config, client, title_searches(crowded, client, per_query=1), by_id, by_title, answers)
    state.record_entry_abstracts(answers)
    found = sum(1 for a in answers.values() if a)
    again = len({key for key, _ in asking} - set(answers))
    log.info("arxiv: abstracts found for %d of %d list entries asked for%s", found, len(asking),
             f" ({again} to ask again next run)" if again else "")
    return found


def _answer(config: Config, client: arxiv.Client, plan: list[tuple[list[str], arxiv.Search]],
            by_id: dict[str, list[Entry]], by_title: dict[str, list[Entry]], answers: dict[str, str]
            ) -> list[str]:
    """Ask ``plan``'s searches and put each asked entry's answer in ``answers`` (none where the request
    failed: asked again next run). Returns the titles left without an answer on a full page of
    papers: not known to be missing from arXiv, to be asked alone."""
    if not plan:
        return []
    answered = ask_arxiv(config, "arxiv abstracts", [search for _, search in plan], client)
    stopped = any(r.stop_reason for r in answered)  # rate-limited, timed out: ask no more this run
    crowded: list[str] = []
    for (asked, search), report in zip(plan, answered, strict=True):
        if report.error:
            continue
        full = not search.id_list and len(asked) > 1 and len(report.papers) >= (search.max_results or 0)
        for item in asked:
            entries = (by_id if search.id_list else by_title)[item]
            judge = _by_id if search.id_list else _by_title
            found = {lookup_key(e): judge(e, report.papers) for e in entries}
            if full and not any(found.values()):
                if not stopped:
                    crowded.append(item)
                continue
            answers.update(found)
    error = next((r.error for r in answered if r.error), None)
    if error:
        log.warning("arxiv: some list entries' abstracts could not be asked for (%s); the next run asks "
                    "again", error)
    return crowded


# A title's tags a list adds: "(NeurIPS 2018)", "[ICCV'17]" after it; "2018 - ", "[ICLR 2018]",
# "ICLR 2018: " before it.
_TRAILING_TAG = re.compile(r"\s*[(\[][^()\[\]]*\d\d[^()\[\]]*[)\]]\s*$")
_LEADING_TAG = re.compile(r"^\s*[(\[][^()\[\]]*\d\d[^()\[\]]*[)\]]\s*(?:[-\u2013\u2014:|]\s*)?")
_LEADING_YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*[-\u2013\u2014:.]\s*"
                           # a venue is an acronym ("ICLR", "NeurIPS"): "Vision 2030: ..." is a title
                           r"|^\s*(?=[\w&@.-]*[A-Z][\w&@.-]*[A-Z])[A-Z][\w&@.-]*\s*(?:(?:19|20)\d\d|'\d\d)"
                           r"\s*[-\u2013\u2014:|]\s+")


def _clean_title(title: str) -> str:
    """An entry's title (its ``plain_title``) as arXiv would have it: text, not markup or entities,
    without a list's tags."""
    text = plain_text(title)
    text = _LEADING_YEAR.sub("", _LEADING_TAG.sub("", _TRAILING_TAG.sub("", text)))
    return text.strip() or plain_text(title)


def _matched_titles(entry: Entry) -> set[str]:
    """The titles a paper's is matched with: the entry's as cleaned, and as written (a title may begin
    with what reads as a tag, "DIMT25@ICDAR2025: ...")."""
    return {_clean_title(entry.plain_title), plain_text(entry.plain_title)}


def _by_id(entry: Entry, papers: list[Paper]) -> str:
    """The abstract of the paper under the entry's own arXiv id, if that is the entry's paper: its
    title, or the title's head (lists shorten "Grad-CAM: Visual Explanations ..." to "Grad-CAM"). Another
    paper is a mistyped link's, and its abstract would teach the ranker another paper."""
    titles = {normalize_title(t) for t in _matched_titles(entry)}
    for p in papers:
        if p.arxiv_id == entry.arxiv_id and p.abstract:
            other = normalize_title(p.title)
            if any(t and (titles_match(t, other) or other == t or other.startswith(t + " ")) for t in titles):
                return p.abstract
    return ""


def _by_title(entry: Entry, papers: list[Paper]) -> str:
    """The abstract of the one paper found under the entry's title and of a year near the entry's, and
    by one of the entry's authors where it names any; where several share the title, the one the entry's
    year or first author agrees with, else none."""
    titles = _matched_titles(entry)
    hits = list({p.arxiv_id or p.key: p for p in papers if p.abstract and _year_gap(entry, p) <= 2
                 and any(titles_match(t, p.title) for t in titles)}.values())
    if len(hits) > 1:
        hits = [p for p in hits if _year_gap(entry, p) <= 1 or _shares_first_author(entry, p)]
        hits = hits if len(hits) == 1 else [p for p in hits if _shares_first_author(entry, p)]
    if len(hits) == 1 and _written_names(entry) and hits[0].authors and not _shares_an_author(entry, hits[0]):
        return ""  # another paper under the same title: "S. Hooker, D. Erhan" wrote neither
    return hits[0].abstract if len(hits) == 1 else ""


def plausible_arxiv_id(arxiv_id: str) -> bool:
    """Whether arXiv could have given the id: a new-style id's month is 01-12, from 0704 on, with four
    digits after the dot until 1412 and five from 1501. arXiv answers nothing for any other (a link a
    digit short, a month 13), so an entry whose link has one is asked for by its title instead."""
    m = re.fullmatch(r"(\d\d)(\d\d)\.(\d{4,5})", arxiv_id)
    if m is None:
        return "/" in arxiv_id  # an old-style id ("hep-th/9901001")
    yymm, digits = m.group(1) + m.group(2), len(m.group(3))
    return 1 <= int(m.group(2)) <= 12 and yymm >= "0704" and digits == (4 if yymm < "1501" else 5)


def _year_gap(entry: Entry, paper: Paper) -> int:
    """Years between the entry's and the paper's (a preprint comes a year or so before its venue);
    0 where either is unknown."""
    years = [int(m[0]) for m in (re.search(r"(?:19|20)\d\d", entry.year or ""),
                                 re.search(r"(?:19|20)\d\d", paper.published or "")) if m]
    return abs(years[0] - years[1]) if len(years) == 2 else 0


def _shares_first_author(entry: Entry, paper: Paper) -> bool:
    return _shares_an_author(entry, paper, first_only=True)


def _shares_an_author(entry: Entry, paper: Paper, first_only: bool = False) -> bool:
    """Whether a name of the entry's authors (its first author's alone with ``first_only``) is a family
    name among the paper's."""
    written = _written_names(entry, first_only)
    return bool(written) and any(written & _family_words(name) for name in paper.authors)


def _written_names(entry: Entry, first_only: bool = False) -> set[str]:
    """The name words of the entry's authors (its first author's alone with ``first_only``); none where
    it gives initials alone ("S. B")."""
    names = entry.authors[:1] if first_only else entry.authors
    return set().union(*(_name_words(name) for name in names))


# Words of a name that say little of whose it is: particles before a family name ("van der Berg";
# "Le" alone is one; the list reader's), and suffixes (taken off the end).
_SUFFIXES = re.compile(r"(?:,?\s+(?:jr|sr|ii|iii|iv)\.?)+\s*$", re.IGNORECASE)


def _words(name: str) -> list[str]:
    """A name's words ("Struß" as "struss"), without suffixes and the particles before another name
    word: "van der Berg" is "berg"; "Du, X." and "Le VT" keep theirs (initials are no name word)."""
    family, comma, given = _SUFFIXES.sub("", name).partition(",")
    words: list[str] = []
    for part in (family, given) if comma else (family,):
        tokens = re.findall(r"[^\W\d_]+", part)
        named = [len(t) > 1 and not _INITIALS.fullmatch(t) for t in tokens]
        words += [w for i, t in enumerate(tokens) for w in normalize_title(t.casefold()).split()
                  if t.casefold() not in PARTICLES or not any(named[i + 1:])]
    return words


# Initials written without dots, as Vancouver does ("VT" in "Le VT"): up to three capitals.
_INITIALS = re.compile(r"[A-Z]{1,3}")


def _name_words(name: str) -> set[str]:
    """The words of a name as a list writes it, whichever order and case ("Smith, J.", "SMITH J",
    "J. Smith", "Jan van der Berg"), without one-letter initials, particles, suffixes or "et al."."""
    return {w for w in _words(re.sub(r"\s+et\.?\s+al\.?\s*$", "", name)) if len(w) > 1}


def _family_words(name: str) -> set[str]:
    """The family name of a name as arXiv gives it, given names first ("Kaiming He", "Erwan Le
    Merrer"): every word but the first, so that a list's "J. Martin" is not "Martin Schmidt"; all of
    them where the rest are initials ("Sankar B")."""
    words = _words(name)
    family = [w for w in words[1:] if len(w) > 1]
    return set(family or words)


def with_abstracts(doc: CuratedList, state: State, config: Config) -> CuratedList:
    """The list as the ranker should see it: entries without an abstract given the one state holds for
    them (unless ``list.abstracts_from_arxiv`` is off). A copy: the list read for editing keeps its
    entries as written."""
    if not config.list.abstracts_from_arxiv:
        return doc
    bare = {id(e): lookup_key(e) for e in without_abstract(doc)}
    found = state.entry_abstracts(bare.values())
    if not found:
        return doc
    sections = [dataclasses.replace(s, entries=[
        dataclasses.replace(e, abstract=found[bare[id(e)]]) if bare.get(id(e)) in found else e
        for e in s.entries]) for s in doc.sections]
    return dataclasses.replace(doc, sections=sections, _index=None, _by_key={}, _topic_owners=None)


def forget_removed(doc: CuratedList, state: State) -> None:
    """Drop the answers for entries no longer on ``doc`` (the run's list, all of it)."""
    state.forget_entry_abstracts(lookup_key(e) for e in doc.entries)
