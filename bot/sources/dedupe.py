"""One record per paper across sources and runs.

Within a run, papers are grouped by identity (arXiv id, then DOI, then fuzzy title, via
``bot.identity.IdentityIndex``): the API and RSS copies of a preprint, its versions, and its published
version in a proceedings feed become one Paper. The merge keeps the arXiv id and link, and takes the venue
and DOI from the published version.

Across runs, ``split_seen`` removes papers the state has already seen (any of their identities: arXiv id,
DOI, or title), so ``fetch`` hands on new papers only.
"""

from __future__ import annotations

import re

from bot.identity import IdentityIndex, normalize_title
from bot.paper import Paper
from bot.sources.normalize import arxiv_abs_url
from bot.state import State

# How many seen papers to load for cross-run title matching of papers without an arXiv id.
SEEN_TITLE_LIMIT = 100_000


# Preprint servers, by name (a venue "arXiv", a feed's title "bioRxiv Subject Collection: ...") or DOI:
# bioRxiv and medRxiv (10.1101/ and a date, not Cold Spring Harbor's journals), Research Square, SSRN,
# ChemRxiv, PsyArXiv and OSF, Preprints.org, TechRxiv, Authorea.
_PREPRINT_VENUE = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|chemrxiv|psyarxiv|techrxiv|ssrn|research square|preprints\.org|authorea"
    r"|osf preprints)\b", re.IGNORECASE)
_PREPRINT_DOI = re.compile(r"10\.1101/\d{4}\.\d{2}\.\d{2}\.|10\.21203/rs\.|10\.2139/ssrn\.|10\.26434/chemrxiv"
                           r"|10\.31234/|10\.31219/|10\.20944/preprints|10\.36227/techrxiv|10\.22541/au\.",
                           re.IGNORECASE)
# The version an arXiv id or link ends in ("2401.08002v2", ".../pdf/2401.08002v2.pdf").
_VERSION = re.compile(r"\d[vV](\d+)(?:\.pdf)?$")


def _published_rank(paper: Paper) -> int:
    """How well a record names where the paper appeared: 2 a published record (a journal's or a
    conference's, or any with the DOI of one, as an arXiv paper's record is once it took a journal's
    venue and DOI, or once its authors gave both), 1 an arXiv paper's record naming where its authors say
    it appeared or was accepted (arXiv's journal reference or comment), 0 a preprint or no venue.

    A bioRxiv or medRxiv copy is a preprint as an arXiv one is: taken for the published version, the
    journal paper's entry read "*bioRxiv*" and linked the preprint's DOI. Read as a preprint's, arXiv's
    journal reference left a waiting preprint saying "arXiv" beside the DOI it took; level with a
    journal's venue, an "Accepted at ... Workshop" served later replaced it."""
    preprint_doi = bool(paper.doi and _PREPRINT_DOI.match(paper.doi))
    if not paper.venue or _PREPRINT_VENUE.search(paper.venue) or preprint_doi:
        return 0
    return 2 if not paper.arxiv_id or paper.doi else 1


def _version(paper: Paper) -> int:
    """The arXiv version its id names ("2401.08002v2", "oai:arXiv.org:2401.08002v2"); 0 if none."""
    found = _VERSION.search(paper.id)
    return int(found.group(1)) if found else 0


def merge(a: Paper, b: Paper) -> Paper:
    """The two records of one paper as one: preprint identity, published venue/DOI, the fullest text."""
    arxiv_id = a.arxiv_id or b.arxiv_id
    rank_a, rank_b = _published_rank(a), _published_rank(b)
    pub_b = rank_b > 0 and rank_b >= rank_a  # the later copy wins a tie
    pub_a = rank_a > 0 and not pub_b
    # Neither published: a preprint server's name over a feed's (an aggregator's, whichever came first).
    unpublished = [v for v in (a.venue, b.venue) if v and _PREPRINT_VENUE.search(v)] + [a.venue, b.venue]
    venue = (b.venue if pub_b else a.venue if pub_a else next(filter(None, unpublished), ""))
    doi = (b.doi if pub_b and b.doi else a.doi or b.doi)
    # Without an arXiv id to link, the entry links the published version, as it names its venue.
    record = b if rank_b > rank_a else a
    # A later version of one arXiv paper may be retitled or its abstract rewritten: its words win (a
    # paper waiting for room kept v1's title when v2 was announced).
    newer = None
    if a.arxiv_id and a.arxiv_id == b.arxiv_id and _version(a) != _version(b):
        newer = b if _version(b) > _version(a) else a
    sources = [s for s in (a.source + "+" + b.source).split("+") if s]
    return Paper(
        title=(newer.title if newer else a.title if a.arxiv_id else b.title if b.arxiv_id else record.title),
        abstract=(newer.abstract if newer and newer.abstract else max((a.abstract, b.abstract), key=len)),
        authors=a.authors if len(a.authors) >= len(b.authors) else b.authors,
        categories=list(dict.fromkeys([*a.categories, *b.categories])),
        # The preprint's date is when the work became public (an undated copy of it, from an aggregator's
        # feed, says nothing; a copy merged already may carry a journal's later date): the earliest an
        # arXiv copy gives, otherwise the earliest known.
        published=min((p.published for p in (a, b) if p.arxiv_id and p.published),
                      default=min(filter(None, (a.published, b.published)), default="")),
        url=arxiv_abs_url(arxiv_id) if arxiv_id else record.url or a.url or b.url,
        venue=venue,
        id=newer.id if newer else arxiv_id or a.id or b.id,
        arxiv_id=arxiv_id,
        doi=doi,
        source="+".join(dict.fromkeys(sources)),
    )


def merge_duplicates(papers: list[Paper]) -> list[Paper]:
    """Order-preserving: the first occurrence's position holds the merged record."""
    index = IdentityIndex()
    merged: list[Paper] = []
    for paper in papers:
        slot = index.find(paper.arxiv_id, paper.doi, paper.title)
        if slot is not None:  # never two arXiv ids, nor titles that differ in a number (IdentityIndex)
            i = int(slot)
            merged[i] = merge(merged[i], paper)
            index.add(slot, merged[i].arxiv_id, merged[i].doi, merged[i].title)
            continue
        index.add(str(len(merged)), paper.arxiv_id, paper.doi, paper.title)
        merged.append(paper)
    return merged


def split_seen(papers: list[Paper], state: State) -> tuple[list[Paper], dict[str, Paper]]:
    """The papers not seen on an earlier run, and the seen ones served again, by their state keys.

    An arXiv paper is old news when its id or its exact (normalised) title was seen; a paper without an
    arXiv id (a journal or proceedings entry) also when its title fuzzily matches a seen one, because that
    is how a published version of an already-seen preprint shows up (titles that differ in a number,
    "Part I" / "Part II", are two papers). The keys let the state note that a paper is still being
    served, so it is not forgotten while a source keeps serving it.
    """
    seen = state.seen_keys()
    if not seen:
        return list(papers), {}
    again = {k: p for p in papers for k in p.identity_keys & seen}
    fresh = [p for p in papers if not (p.identity_keys & seen)]
    if not fresh:
        return [], again
    index = IdentityIndex()
    titles: dict[str, str] = {}
    for old in state.seen_papers(limit=SEEN_TITLE_LIMIT):
        index.add(old.key, old.arxiv_id, old.doi, old.title)
        titles.setdefault(normalize_title(old.title), old.key)
    out = []
    for p in fresh:
        match = (titles.get(normalize_title(p.title)) if p.arxiv_id
                 else index.find(None, p.doi, p.title))
        if match is None:
            out.append(p)
        else:
            again.setdefault(match, p)
    return out, again
