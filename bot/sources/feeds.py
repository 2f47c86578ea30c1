"""RSS/Atom sources: arXiv's announcement feeds and any conference, journal or proceedings feed.

We fetch the bytes ourselves (requests: timeout, redirect limit, a size cap enforced while streaming,
conditional GET with the stored ETag / Last-Modified) and hand them to ``feedparser.parse``. An
unchanged feed answers 304 and costs nothing. Every failure (HTTP error, vanished feed, timeout,
redirect loop, oversized or unparseable body) becomes one warning line and an empty report; the run goes
on. The new validators are returned in the report, not stored: they are committed with the cursors, after
the caller has used the papers, so a crash in between cannot make a changed feed look unchanged.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import requests

from bot.config import FeedConfig, SourcesConfig
from bot.identity import DOI_PREFIX, NEW_ID, arxiv_id_from, doi_from
from bot.paper import (
    Paper,
    is_group_name,
    iso_date,
    one_authors_name,
    plausible_date,
    split_authors,
    written_date,
)
from bot.sanitize import plain_text, plain_url
from bot.sources.normalize import make_paper
from bot.sources.report import SourceReport
from bot.state import State

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
USER_AGENT = "litbot (+https://github.com/) feed reader"
_ARXIV_DESC = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?(?P<abstract>.*)$",
    re.DOTALL | re.IGNORECASE,
)


class FeedFetchError(Exception):
    """A feed we could not get; the message is the whole log line's reason."""


@dataclass
class FetchedFeed:
    body: bytes | None  # None: not modified (304)
    etag: str | None
    modified: str | None
    url: str = ""  # where the body came from, after redirects: relative links are resolved against it
    charset: str = ""  # the Content-Type header's, if it names one


def download(url: str, etag: str | None, modified: str | None, timeout: float, max_bytes: int,
             session: requests.Session | None = None) -> FetchedFeed:
    """GET with validators; raises FeedFetchError with a one-line reason."""
    session = session or requests.Session()
    session.max_redirects = MAX_REDIRECTS
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    deadline = time.monotonic() + 2 * timeout  # read timeout is per read; this bounds a slow drip
    try:
        with session.get(url, headers=headers, timeout=timeout, stream=True) as resp:
            if resp.status_code == 304:
                return FetchedFeed(None, etag, modified)
            if resp.status_code in (404, 410):
                raise FeedFetchError(f"feed is gone (HTTP {resp.status_code}); remove it or fix its url")
            if resp.status_code != 200:
                raise FeedFetchError(f"HTTP {resp.status_code}")
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FeedFetchError(f"body of {int(declared)} bytes exceeds feed_max_bytes={max_bytes}")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FeedFetchError(f"body exceeds feed_max_bytes={max_bytes}; not a normal feed")
                if time.monotonic() > deadline:
                    raise FeedFetchError(f"download took longer than {2 * timeout:g}s")
                chunks.append(chunk)
            charset = re.search(r"charset=[\"']?([\w.:-]+)", resp.headers.get("Content-Type", ""), re.I)
            return FetchedFeed(b"".join(chunks), resp.headers.get("ETag"), resp.headers.get("Last-Modified"),
                               resp.url or url, charset[1] if charset else "")
    except requests.TooManyRedirects:
        raise FeedFetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
    except requests.Timeout:
        raise FeedFetchError(f"timed out after {timeout:g}s") from None
    except requests.ConnectionError as exc:
        raise FeedFetchError(f"connection failed ({type(exc).__name__})") from None
    except requests.RequestException as exc:
        raise FeedFetchError(f"request failed ({type(exc).__name__}: {exc})") from None


def _is_arxiv_feed(feed: FeedConfig, parsed: Any) -> bool:
    if feed.kind != "auto":
        return feed.kind == "arxiv"
    link = str(parsed.feed.get("link", "")) + " " + feed.url
    return "arxiv.org" in link or any("arxiv_announce_type" in e for e in parsed.entries[:5])


def _entry_doi(entry: Any) -> str | None:
    for key in ("prism_doi", "dc_identifier", "doi"):
        value = entry.get(key)
        if isinstance(value, str) and doi_from(value):
            return doi_from(value)
    for link in entry.get("links", []):
        href = link.get("href", "")
        if "doi.org/" in href and doi_from(href):
            return doi_from(href)
    return None


def _entry_date(entry: Any) -> str:
    """The item's date as its publisher wrote it: "Fri, 01 Jan 2027 00:00:00 +0100" is 1 January, which
    feedparser's UTC reading makes the last day of 2026. "" for none, or none that is a date: a zero date
    ("0000-00-00", .NET's year 1 in a zone east of UTC) crashed the whole fetch."""
    for key in ("published", "updated", "created"):
        day = written_date(raw) if (raw := entry.get(key)) and isinstance(raw, str) else None
        if day is not None:  # a date as written, or one no paper has ("" for that key: not feedparser's)
            if day:
                return day
            continue
        try:
            day = iso_date(entry.get(f"{key}_parsed"))
        except (ValueError, OverflowError):
            continue
        if day and plausible_date(day):
            return day
    return ""


# PubMed writes each dc:creator as Vancouver does, family name first and the initials bare after it:
# "Smith J", "García-López MA", "van der Berg JP". The rest of litbot reads a name given name first, so
# it became "S. J. et al." in the list. Decided per feed (PubMed's), not per name nor per item: "Wei LI"
# and "Kavitha SH" are real given-name-first authors of the same shape, a lone "Heo J" cannot be told
# from them, and PubMed's items often add a group ("Alzheimer's Disease Neuroimaging Initiative") that
# an "every creator of the item has the shape" test would fail on. PubMed writes every person so.
_VANCOUVER_NAME = re.compile(r"(?P<family>(?:[^\W\d_][\w'\u2019-]*\s+){0,3}[^\W\d_][\w'\u2019-]*)"
                             r"\s+(?P<initials>[^\W\d_]{1,3})")


def given_name_first(name: str) -> str:
    """A Vancouver name given name first ("García-López MA" -> "M. A. García-López"); any other as it is."""
    m = _VANCOUVER_NAME.fullmatch(name.strip())
    if not m or not m["initials"].isupper() or is_group_name(name):
        return name
    *particles, family = m["family"].split()
    # A family name is capitalised, after capitalised words or lower-case particles ("van der Berg");
    # one in capitals is a group's acronym ("The PREVENT HD").
    if not family[:1].isupper() or family.isupper() and len(family) > 1 or any(
            not (w[:1].isupper() or w.islower()) or w.isupper() and len(w) > 1 for w in particles):
        return name
    return " ".join(f"{initial}." for initial in m["initials"]) + " " + m["family"]


# "Family, Given ...": one family name (after particles: "van der Berg") before the one comma, maybe a
# suffix after a second ("Smith, John, Jr.").
_PARTICLES = "van|von|der|den|de|del|della|di|da|du|la|le|dos|das|bin|ibn|al|el|ter|ten|zu"
# Capitalised, only particles that are no given names: "Le Song, Bo Dai", "Di He, Tie-Yan Liu" and "Van
# Nguyen, Minh Tran" are two people each, "Van der Berg, Anna Maria" and "De Sa, Chris" one.
_CAPITAL_PARTICLES = r"Von|Der|Den|De|Del|Della|Dos|Das|Ter|Ten|Van(?=\s+(?:der|den|de)\s)"
_FAMILY_FIRST = re.compile(rf"\s*(?:(?:{_PARTICLES}|{_CAPITAL_PARTICLES})\s+){{0,3}}"
                           r"[^\W\d_][\w'\u2019.-]*\s*,[^,]+(?:,\s*(?i:jr|sr|ii|iii|iv)\.?\s*)?$")


def _one_person_alone(name: str) -> bool:
    """Whether an item's only author element, family name first, names one person: "Nowak, Anna Maria"
    as much as beside other elements (read as a list, a sole author was "Nowak" and "Anna Maria"). A lone
    element may hold the item's every author, so not one that joins people ("Berg, Anna and Carl Dorn"),
    names a group ("OpenAI, Anthropic Research") or a whole person after the comma ("Mausam, Daniel S.
    Weld": a given name, initials and a family name)."""
    return not (_JOINS_PEOPLE.search(name) or is_group_name(name)
                or _WHOLE_NAME.fullmatch(name.partition(",")[2]))


_JOINS_PEOPLE = re.compile(r"\band\b|&|;", re.IGNORECASE)
_WHOLE_NAME = re.compile(r"\s*[^\W\d_][\w'\u2019-]+(?:\s+[^\W\d_]\.)+\s+[^\W\d_][\w'\u2019-]+\s*")


def _entry_authors(entry: Any, arxiv_kind: bool = False, vancouver: bool = False) -> list[str]:
    names: list[str] = []
    authors = entry.get("authors", [])
    for author in authors:
        name = author.get("name", "") or ""
        if vancouver and (person := given_name_first(name)) != name:
            names.append(person)
        elif not arxiv_kind and _FAMILY_FIRST.match(name) and (len(authors) > 1 or _one_person_alone(name)):
            # An element per author: "Nowak, Anna Maria" is one person, Anna Maria Nowak (read as a list
            # of names, it was two, "Nowak" and "Anna Maria"). "Anna Berg, Carl Dorn" is two.
            names += one_authors_name(name)
        else:
            # One dc:creator may hold "A, B and C" (arXiv) or "Smith, John" (one name).
            names += split_authors(name, given_first=arxiv_kind)
    return names


def arxiv_entry_paper(entry: Any, feed: FeedConfig, max_len: int) -> Paper | None:
    """An item of rss.arxiv.org; None when its announce type is not wanted."""
    desc = entry.get("summary", "") or ""
    m = _ARXIV_DESC.match(desc)
    announce = (entry.get("arxiv_announce_type") or (m.group("type") if m else "new")).strip().lower()
    if announce not in feed.announce_types:
        return None
    raw_id = m.group("id") if m else entry.get("id", "")
    arxiv_id = arxiv_id_from(raw_id) or arxiv_id_from(entry.get("link", "")) or arxiv_id_from(entry.get("id"))
    return make_paper(
        title=entry.get("title", ""),
        abstract=m.group("abstract") if m else desc,
        authors=_entry_authors(entry, arxiv_kind=True),
        categories=[t.get("term", "") for t in entry.get("tags", [])],
        published=_entry_date(entry),
        url=entry.get("link", ""),
        venue=feed.venue or "arXiv",
        id=raw_id,
        arxiv_id=arxiv_id,
        doi=_entry_doi(entry),
        source=f"feed:{feed.name}",
        max_text_length=max_len,
    )


# Journal and proceedings feeds also announce what is no paper: a correction or erratum to one (titled
# after it, so it ranks as high as the paper itself), a retraction, an editorial, the editorial board
# page, an issue's front matter, a volume's own entry ("Proceedings of the ..."). Titled so, or typed so
# (dc:type, prism:section, a category), an item is left out. A correction names what it corrects after
# a colon or in quotes ("Correction to: X", ACS's 'Correction to "X"'): "Corrections to the Born
# approximation" and "Correction Notice Generation for ..." are papers, and so is "Retraction-aware ...".
_NON_PAPER_TITLE = re.compile(
    r"^\W*(?:(?:(?:author|publisher|editorial|editor'?s)\s+)?corrections?\s*"
    r"(?::|\s+to\s*[:\"'\u201c\u2018\u00ab]|\s+notice\s*(?::|$))"
    r"|(?:errat(?:um|a)|corrigend(?:um|a)|addendum|retraction(?:\s+note)?|retracted|notice of retraction"
    r"|expression of concern|withdrawn|editorial(?:\s+(?:note|comment))?)\s*(?::|[\u2013\u2014]|-(?!\w))"
    r"|proceedings of\b"
    r"|(?:editorial(?: board)?|front ?matter|back ?matter|table of contents|contents|issue information"
    r"|masthead|(?:(?:inside )?(?:front|back) )?cover(?: image)?|in this issue"
    r"|(?:reviewer|referee)s? acknowledge?ments?"
    r"|acknowledge?ments? to (?:the )?reviewers|obituary|erratum|corrigendum|correction|introduction)\W*$)",
    re.IGNORECASE,
)
# An issue's front matter as IEEE, Elsevier and Springer title it. A special issue's editorial talks of
# the topic ("The articles in this special issue focus on ..."), so it outranked the issue's own
# papers and took the run's PR quota. Each is named by a form no paper's title takes: "Introduction to
# the Special Issue on", not "An Introduction to Adversarial Attacks"; "... Publication Information" at
# a title's end, not "Information Bottleneck ...".
_FRONT_MATTER_TITLE = re.compile(
    r"^\W*(?:guest\s+editorial\b|call\s+for\s+(?:papers|participation|nominations)\b"
    r"|introduction\s+to\s+(?:the|this)\s+(?:[\w-]+\s+){0,4}?(?:special|focus(?:ed)?|themed?)\s+"
    r"(?:issue|section|collection|topic)\b"
    r"|(?:preface|foreword|prologue)(?:\W*$|\s*[:\u2013\u2014]|\s+-\s|\s+to\b)"
    r"|(?:(?:a\s+)?welcome\s+)?messages?\s+from\s+the\s+(?:[\w-]+\s+){0,4}?"
    r"(?:chairs?|co-chairs?|editors?|editor-in-chief|president|organizers)\b)",
    re.IGNORECASE,
)
# Looked for at a title's end, on its own: after "^\W*" above, a long run of spaces took quadratic time.
_FRONT_MATTER_END = re.compile(
    r"\b(?:publication information|society information|information for authors)\W*$", re.IGNORECASE)
# A type is a whole value ("Editorial", "Author Correction"): a topic tag "Error correction" is no type.
_NON_PAPER_TYPE = re.compile(
    r"^\W*(?:(?:author|publisher)\s+)?(?:editorials?|corrections?|errat(?:um|a)|corrigend(?:um|a)"
    r"|retractions?|expression of concern|obituar(?:y|ies)|front ?matter|back ?matter|editorial board"
    r"|issue information)(?:\s+(?:note|notice))?\W*$", re.IGNORECASE)


def is_non_paper(entry: Any) -> bool:
    """Whether a journal or proceedings feed item is a correction, editorial or the like, not a paper."""
    # Whitespace collapsed and the length capped: "Correction" and 40,000 spaces took half a minute.
    title = " ".join(str(entry.get("title", "") or "").split())[:2000]
    end = _FRONT_MATTER_END.search(title)
    if (_NON_PAPER_TITLE.match(title) or _FRONT_MATTER_TITLE.match(title)
            or (end is not None and ":" not in title[: end.start()])):
        return True
    types = [entry.get("dc_type"), entry.get("prism_section"), entry.get("prism_genre")]
    types += [t.get("term") for t in entry.get("tags", [])]
    return any(isinstance(t, str) and _NON_PAPER_TYPE.match(t) for t in types)


# What publishers put in an item's description besides (or instead of) its abstract. nature.com leads
# with a citation line, "<p>Nature Methods, Published online: 21 June 2024; <a ...>doi:10.1038/...</a></p>";
# ScienceDirect gives only "<p>Publication date: ...</p><p>Source: ...</p><p>Author(s): A, B</p>", its one
# place for the authors. Left in, they were the abstract the ranker embedded and the PR quoted.
_CITATION_LEAD = re.compile(
    r"^\s*<p>\s*[^<>]{1,200}?,\s*Published online:\s*[^<>;]{1,40};\s*(?:<a\b[^>]*>)?\s*doi:\s*[^<>\s]+"
    r"\s*(?:</a>)?\s*</p>", re.IGNORECASE)
# Their colon ("Source:", "<b>Source:</b>", "<b>Source</b>:") tells them from an abstract's own paragraphs:
# "<p>Source code is available at ...</p>" (OUP's "Availability" part) is the abstract's.
_META_PARAGRAPH = re.compile(
    r"<p>\s*(?:<b>\s*)?(?P<name>Publication date|Source|Author\(s\))\s*(?::\s*(?:</b>)?|</b>\s*:)"
    r"(?P<value>[^<>]*)</p>", re.IGNORECASE)


# PubMed's description is a citation paragraph ("<p>Med Image Anal. 2024 Jun 18;96:103201. doi: ...
# Online ahead of print.</p>"), an "ABSTRACT" heading paragraph, the abstract, and "<p>PMID:<a>..</a> |
# DOI:<a>..</a></p>". The citation is told by the date after the journal and the ";" or ":" after it.
_PUBMED_CITATION = re.compile(
    r"^\s*<p>\s*[^<>]{1,200}?\.\s+(?:19|20)\d\d(?:\s+[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?(?:\s+\d{1,2})?)?[;:]"
    r"[^<>]{0,400}</p>")
_PUBMED_IDS = re.compile(r"<p>\s*(?:<b>\s*)?PMID\s*:(?:(?!</?p\b).)*</p>\s*$", re.IGNORECASE | re.DOTALL)
# Journals on Atypon (ACM DL, Wiley, Taylor & Francis, SAGE) write the citation as the whole
# description and lead content:encoded with it: "ACM Computing Surveys, Volume 56, Issue 10, Page 1-38,
# October 2024. <br/>", "Advanced Intelligent Systems, EarlyView. ".
_CITATION_PART = (r"(?:Volume|Issue|Pages?|Article)\s+[\w.-]+|[A-Z][a-z]+\.?(?:\s+\d{1,2},?)?\s+(?:19|20)\d\d"
                  r"|EarlyView|Ahead of Print")
_ATYPON_CITATION = re.compile(
    rf"^\s*(?:<p>\s*)?(?:[^<>]{{1,200}}?,\s*)?(?:Volume\s+[\w.-]+|EarlyView)(?:\s*,\s*(?:{_CITATION_PART}))*"
    r"\s*\.?\s*(?:(?:<br\s*/?>\s*)+\.?\s*(?:</p>)?|</p>|(?=<)|$)")
# A heading that leads the abstract: Springer's "<h3>Abstract</h3>", Wiley's "<h2>Abstract</h2>",
# PubMed's "<p><b>ABSTRACT</b></p>", "<strong>Abstract:</strong>", a bare "Abstract:". Only in a tag of
# its own or before a colon: "Abstract reasoning in language models ..." is an abstract's first words.
_ABSTRACT_HEADING = re.compile(
    r"^\s*(?:<(?:p|div|section|h[1-6]|b|strong)\b[^>]*>\s*)*(?:no\s+)?abstract\s*(?::\s*)?"
    r"(?:</(?:p|div|section|h[1-6]|b|strong)>\s*)+:?|^\s*abstract\s*:", re.IGNORECASE)


# A script's or style sheet's opening tag, whose code feedparser's sanitiser (off: see read_feed)
# dropped; MathJax's "<script type="math/tex">\alpha</script>" is the abstract's TeX and stays.
_CODE_OPEN = re.compile(r"<(script|style)\b(?![^<>]*math/)[^<>]{0,500}>", re.IGNORECASE)


def _without_code(html_text: str) -> str:
    """``html_text`` without its script and style elements, in one pass: a pattern that looked for each
    one's end from every opening tag took minutes over thousands of unclosed ones. A tag never closed is
    a word of the text ("Attackers inject <script> tags into pages"): only the tag goes, as plain_text
    would take it; one with attributes is markup, a summary cut inside its code, which goes with it."""
    out, at, lower = [], 0, html_text.lower()
    unclosed: set[str] = set()  # no closing tag of this name after here: no need to look again
    while m := _CODE_OPEN.search(html_text, at):
        out.append(html_text[at : m.start()])
        name = m[1].lower()
        close = -1 if name in unclosed else lower.find(f"</{name}", m.end())
        if close < 0:
            if re.match(rf"<{name}\s+\S", m[0], re.IGNORECASE):  # "<script type=...>": code to the end
                return "".join(out)
            unclosed.add(name)
            out.append(" ")
            at = m.end()
            continue
        at = lower.find(">", close)
        at = len(html_text) if at < 0 else at + 1
        out.append(" ")
    return "".join(out) + html_text[at:]


def _abstract_html(text: str, pubmed: bool = False) -> str:
    """A description without the publisher's citation, metadata, ids and "Abstract" heading around it.
    PubMed's citation paragraph is looked for in PubMed's feeds only: elsewhere an abstract's first
    paragraph may cite a paper so ("We revisit Smith et al. Lancet. 2020;395:1-2 ...")."""
    # Whitespace runs are one space in HTML: collapsed (and the text capped) before the leads' patterns,
    # which took minutes over "Volume 1" and tens of thousands of spaces.
    text = re.sub(r"\s+", " ", text[:200_000])
    text = _without_code(text)
    pubmed_leads = [_PUBMED_CITATION] if pubmed else []
    for lead in (_CITATION_LEAD, *pubmed_leads, _ATYPON_CITATION, _ABSTRACT_HEADING):
        text = lead.sub("", text, count=1)
    if pubmed:
        text = _PUBMED_IDS.sub("", text)
    return _META_PARAGRAPH.sub(" ", text).strip()


def _description(entry: Any, pubmed: bool = False) -> tuple[str, str]:
    """(the abstract, as HTML, and the authors the description names, "" if none) of a generic item.

    The description where it holds more than the publisher's citation or metadata, else content:encoded
    (where Atypon's journals put the abstract); "" where neither holds one: a citation is no abstract."""
    content = entry.get("content") or [{}]
    texts = [entry.get("summary", "") or "", content[0].get("value", "") or ""]
    authors = ""
    for m in _META_PARAGRAPH.finditer(texts[0]):
        if m["name"].lower() == "author(s)":
            authors = m["value"].strip()
    abstract = next((a for t in texts if plain_text(a := _abstract_html(t, pubmed), 100)), "")
    return abstract, authors


# A channel's title is the venue dressed as a feed: "ScienceDirect Publication: Cell Systems", "bioRxiv
# Subject Collection: Bioinformatics", "Nature Methods - Issue - nature.com science feeds", "Bioinformatics
# Advance Access", "J. Mach. Learn. Sec.: Latest Articles". Written whole, the entry read
# "*ScienceDirect Publication: Cell Systems* 2024" where the list writes "*Cell Systems* 2024".
_FEED_PREFIX = re.compile(r"^\s*(?:ScienceDirect Publication|Wiley(?: Online Library)?|Taylor & Francis"
                          r"|IEEE Xplore"
                          r"|SAGE Publications Inc|Oxford Academic|Cambridge Core)\s*:\s*", re.IGNORECASE)
_PREPRINT_COLLECTION = re.compile(r"^\s*(bioRxiv|medRxiv)\b.*$", re.IGNORECASE)
# The feed's words end its title; after a separator more may follow them ("Issue - nature.com science
# feeds"), after a space alone they are the title's end: "The Most Recent Advances in AI" is a journal.
_FEED_WORDS = (r"(?:latest (?:articles|results|issue|papers)|current issue|advance access"
               r"|(?:the )?most recent(?: articles)?|(?:new and )?recent articles|new articles|online first"
               r"|early view|just accepted|articles in press|issue\s*-\s*nature\.com science feeds"
               r"|table of contents|(?:new )?toc)")
_FEED_SUFFIX = re.compile(rf"\s*[:|\u2013\u2014-]\s*{_FEED_WORDS}\b.*$|\s+{_FEED_WORDS}\W*$", re.IGNORECASE)


# A conference's feed of its own papers: "ICML 2025 Accepted Papers" names the venue. One of what was
# sent to it ("ICLR 2026 Conference Submissions", "Papers Under Review", "Rejected Papers") names where
# the papers were sent, not where they appeared: no venue, or every entry would claim acceptance.
_ACCEPTED_WORDS = (r"(?:list of )?(?:(?:latest|recent|recently|newly|just) )?"
                   r"accepted (?:papers|articles|manuscripts|submissions|posters|orals)(?: list)?")
_ACCEPTED = re.compile(rf"\b{_ACCEPTED_WORDS}\b(?:\s*(?:at|of|for|to)\b)?", re.IGNORECASE)
_NOT_ACCEPTED = re.compile(r"\b(?:submissions|submitted papers|under review|rejected|withdrawn)\b",
                           re.IGNORECASE)
_SEPARATORS = " :|-\u2013\u2014"


def _trimmed(text: str) -> str:
    """``text`` less the separators and a bracket left open or closed at its ends ("Medical Image
    Analysis (" of "... (Accepted Articles)"); a venue's own "(JMLR)" stays."""
    text = text.strip(_SEPARATORS)
    if text.endswith("(") or (text.startswith(")") and text.count(")") > text.count("(")):
        text = text.removesuffix("(").removeprefix(")").strip(_SEPARATORS)
    if re.fullmatch(r"\([^()]*\)", text):  # "Accepted Papers (ICML 2025)"
        text = text[1:-1].strip(_SEPARATORS)
    return text


# A PubMed search feed is titled after its search ("explanation manipulation - PubMed"): no venue at all.
# Its items name their journal in dc:source.
_PUBMED_SEARCH = re.compile(r"\s[\u2013\u2014-]\s*PubMed\s*$", re.IGNORECASE)
_PUBMED_HOST = "pubmed.ncbi.nlm.nih.gov"


def channel_venue(title: str) -> str:
    """The venue a feed's own title names, without the publisher's and feed's words around it; "" for
    a title that names none."""
    # Collapsed and capped first: "J" and 32,000 spaces took the suffix pattern 105 s, for every item.
    title = " ".join(title[:2000].split())
    if _PUBMED_SEARCH.search(title):
        return ""
    title = _FEED_PREFIX.sub("", title)
    accepted = _ACCEPTED.search(title)
    before = _trimmed(title[: accepted.start()]) if accepted else ""
    if accepted and not re.search(r"\b(?:of|for|on|in|the|and)$", before, re.IGNORECASE):
        # The venue before the words ("ACL 2024 Accepted Papers: Main Conference") or after them
        # ("Accepted Papers at AISTATS 2026"); OpenReview's "ICLR 2027 Conference" is ICLR 2027.
        # ("Journal of Accepted Papers" is a name.)
        venue = _FEED_SUFFIX.sub("", before or _trimmed(title[accepted.end():])).strip()
        return re.sub(r"(?<=\d{4})\s+Conference$", "", venue)
    if _NOT_ACCEPTED.search(title):
        return ""
    if m := _PREPRINT_COLLECTION.match(title):
        return {"biorxiv": "bioRxiv", "medrxiv": "medRxiv"}[m[1].lower()]
    return _FEED_SUFFIX.sub("", title).strip() or title.strip()


def _is_pubmed_feed(feed: FeedConfig, parsed: Any) -> bool:
    link = str(parsed.feed.get("link", "")) + " " + feed.url
    return _PUBMED_HOST in link or bool(_PUBMED_SEARCH.search(parsed.feed.get("title", "")))


def _journal_source(entry: Any) -> str:
    """The journal an item's dc:source names (PubMed's "Med Image Anal", Wiley's), not a URL or id."""
    source = entry.get("dc_source")
    if not isinstance(source, str) or re.search(r"://|^\s*(?:doi|urn|isbn|issn):|^\s*10\.\d", source, re.I):
        return ""
    return source.strip()


# Query parameters a feed adds to count its readers, no part of the paper's address: "utm_*"
# everywhere, Atypon's "?af=R", bioRxiv's and Science's "?rss=1". A PubMed article's address has no
# query at all: its feed's are all tracking ("?utm_source=...&fc=...&ff=...&v=2.18.0").
_TRACKING = re.compile(r"^(?:utm_\w+=.*|af=R|rss=1)$", re.IGNORECASE)


def without_tracking(url: str) -> str:
    """``url`` less the feed's tracking parameters; the rest of its query is kept as written."""
    base, sep, rest = url.partition("?")
    if not sep:
        return url
    query, hash_, fragment = rest.partition("#")
    pubmed = _PUBMED_HOST in base
    kept = [] if pubmed else [p for p in query.split("&") if p and not _TRACKING.match(p)]
    return base + ("?" + "&".join(kept) if kept else "") + hash_ + fragment


def _channel_venue_of(entry: Any, channel: str) -> str:
    """The venue the feed's title gives an item. A feed of arXiv papers (an aggregator's, "Hugging Face
    Daily Papers"; a lab's) names itself, not where they appeared: its title went into PRs and entries
    as their venue. A conference's own "Accepted Papers" feed that links to arXiv still names it."""
    links_arxiv = arxiv_id_from(str(entry.get("link", "") or ""))
    if links_arxiv and not _ACCEPTED.search(" ".join(channel.split())):
        return "arXiv"
    return channel_venue(channel)


def generic_entry_paper(entry: Any, feed: FeedConfig, parsed: Any, max_len: int) -> Paper | None:
    """A conference, journal or proceedings item; None for one that is no paper (``is_non_paper``)."""
    if is_non_paper(entry):
        log.debug("feed %s: %r is no paper (a correction, editorial or the like); skipped",
                  feed.name, str(entry.get("title", ""))[:80])
        return None
    pubmed = _is_pubmed_feed(feed, parsed)
    venue = (feed.venue or entry.get("prism_publicationname") or _journal_source(entry)
             or _channel_venue_of(entry, str(parsed.feed.get("title", ""))))
    abstract, named = _description(entry, pubmed)
    title = entry.get("title", "") or ""
    return make_paper(
        # MEDLINE ends every title with a period, which no list writes.
        title=re.sub(r"(?<!\.)\.\s*$", "", title) if pubmed else title,
        abstract=abstract,
        # ScienceDirect writes "Given Family, Given Family" there, as arXiv does.
        authors=_entry_authors(entry, vancouver=pubmed) or split_authors(named, given_first=True),
        categories=[t.get("term", "") for t in entry.get("tags", [])],
        published=_entry_date(entry),
        url=without_tracking(str(entry.get("link", "") or "")),
        venue=venue,
        id=entry.get("id", "") or entry.get("link", ""),
        doi=_entry_doi(entry),
        source=f"feed:{feed.name}",
        max_text_length=max_len,
    )


# feedparser's notices about a complete document it read under another encoding or content type;
# any other "bozo" means the XML itself was broken, e.g. a body cut short.
_BENIGN_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(body: bytes, feed: FeedConfig, max_len: int = 5000, url: str = "", charset: str = ""
               ) -> list[Paper]:
    """Papers in a feed document; raises FeedFetchError when it holds no entries we can read. ``url``:
    where it was read from (default: the feed's own); ``charset``: the one its server named."""
    return read_feed(body, feed, max_len, url, charset)[0]


def _in_utf8(body: bytes, charset: str) -> bytes:
    """The body in UTF-8 where only the server names its encoding and the bytes are no UTF-8:
    feedparser reads the document's own byte-order mark or declaration, and without either takes
    UTF-8 (a KOI8-R title read so is garbled for good). A document that says its encoding, or whose
    bytes read as UTF-8 (text in a legacy encoding almost never does, whole), is left as it is:
    servers name a wrong charset more often than documents do.

    A UTF-16 or UTF-32 byte-order mark decides, whatever the server says: such a document needs no
    declaration, yet feedparser reads it only where a declaration names its encoding."""
    if body.startswith(codecs.BOM_UTF8):
        return body
    marked = next((enc for bom, enc in _WIDE_BOMS if body.startswith(bom)), None)
    if marked:
        try:
            return _undeclared(body.decode(marked)).encode("utf-8")
        except UnicodeError:
            return body  # not what its mark says: feedparser's own guess
    if not charset:
        return body
    try:
        wide = codecs.lookup(charset).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return body  # an unknown charset: feedparser's own guess
    if wide and b"\x00" not in body:
        return body  # no UTF-8 or 8-bit XML holds a NUL byte; UTF-16 or -32 text always does
    declaration = re.match(rb"<\?xml[^>]*>", body[:400])  # only at the very start is it one
    if declaration and re.search(rb"encoding\s*=", declaration[0]):
        return body
    if not wide:
        try:
            body.decode("utf-8")
            return body
        except UnicodeDecodeError:
            pass
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeError):  # an unknown or unusable charset: feedparser's own guess
        return body
    return _undeclared(text).encode("utf-8")


# "&#55349;&#56490;": a character beyond the BMP as Java's escapers write it, a UTF-16 surrogate pair
# per reference. feedparser raised UnicodeEncodeError on them (and ValueError or OverflowError on a
# reference past Unicode, "&#x110000;"), and the feed was lost.
_NUMERIC_REF = re.compile(rb"&#(?:(\d{1,30})|[xX]([0-9a-fA-F]{1,30}));")


def _without_surrogate_refs(body: bytes) -> bytes:
    """``body`` with each pair of surrogate references as the one character they encode, and a lone one,
    or one past Unicode, as U+FFFD."""
    if b"&#" not in body:
        return body
    refs = [(m.start(), m.end(), code) for m in _NUMERIC_REF.finditer(body)
            if 0xD800 <= (code := int(m[1]) if m[1] else int(m[2], 16)) <= 0xDFFF or code > 0x10FFFF]
    out, last, k = [], 0, 0
    while k < len(refs):
        start, end, high = refs[k]
        low = refs[k + 1][2] if k + 1 < len(refs) and refs[k + 1][0] == end else 0
        if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            char, end, k = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), refs[k + 1][1], k + 2
        else:
            char, k = 0xFFFD, k + 1
        out += [body[last:start], b"&#%d;" % char]
        last = end
    return b"".join(out) + body[last:]


# UTF-32's marks first: UTF-32LE's begins with UTF-16LE's. Decoding by the codec consumes the mark.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _undeclared(text: str) -> str:
    # The document's own declaration, once the text is re-encoded to UTF-8, would send feedparser
    # back to the encoding it names.
    return re.sub(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""", r"\1", text, count=1)


# New-style only: an old-style id ("cs/0102001") reads like any path ("record/1234567").
_BARE_ARXIV_ID = re.compile(rf"{NEW_ID}(?:v\d+)?")
_FILE_EXTENSIONS = {"html", "htm", "shtml", "php", "asp", "aspx", "jsp", "cgi", "pdf", "xml"}


def _relative(link: str) -> bool:
    """A link relative to the feed: "/proc/p/17", "p17.html", "view?id=19", "../p/19", "//cdn.org/p". Not
    one with a scheme ("https:", "doi:", "arXiv:"), the feed's own page ("?q", "#x"), a bare DOI, nor a
    host written without its scheme ("dl.acm.org/doi/...", "www.x.org", "example.org/p"), which no base
    makes right."""
    if not link or link != link.strip() or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", link):
        return False
    if _BARE_ARXIV_ID.fullmatch(link):  # the paper's identity, not a page beside the feed
        return False
    if link.startswith("//"):
        return len(link) > 2
    if link.startswith(("/", "./", "../")):
        return True
    if link.startswith(("?", "#")):
        return False
    first = re.split(r"[/?#]", link, maxsplit=1)[0]
    if re.fullmatch(DOI_PREFIX, first):
        return False
    labels = first.lower().split(".")
    host = labels[0] == "www" or len(labels) >= 3 or (
        len(labels) == 2 and link[len(first):].startswith("/") and labels[1].isalpha()
        and labels[1] not in _FILE_EXTENSIONS)
    return not host


def _resolve_links(entries: list[Any], base: str) -> None:
    """Relative item links made absolute against the feed's address (never its user:password@): a link
    left relative is no link, and a paper without one cannot become an entry."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https"):
        return
    # Never the feed's user:password@ nor its query (a key): only its host and path.
    public = urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
    for entry in entries:
        link = entry.get("link", "")
        if (entry.get("guidislink") and isinstance(link, str) and link == entry.get("id")
                and _relative(link.strip()) and "/" not in link
                and not any(ln.get("href") == link and ln.get("rel", "alternate") == "alternate"
                            for ln in entry.get("links") or [])):
            # No <link> (an <enclosure> is none): feedparser copied a permalink <guid> there, and an id
            # ("48213", "article.48216") made absolute linked a page that is not there. A path
            # ("/paper/17") is a page on the feed's host.
            entry["link"] = ""
            continue
        # feedparser keeps the spaces around an href (" /paper/17", a leading &#160;).
        if isinstance(link, str) and _relative(link.strip()):
            entry["link"] = urljoin(public, link.strip())


# A web page rather than a feed: a feed's URL that now serves its journal's page, or a page's URL
# given for its feed. Such a page often names its feed: <link rel="alternate" type="application/rss+xml">.
_HTML_PAGE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_FEED_LINK = re.compile(r"<link\b[^<>]{0,500}?\btype=[\"']application/(?:rss|atom)\+xml[\"'][^<>]{0,500}>",
                        re.IGNORECASE)
_HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)


def _html_page_error(body: bytes, url: str) -> FeedFetchError | None:
    if not _HTML_PAGE.match(body[:4096]):
        return None
    page = body[:200_000].decode("utf-8", errors="replace")
    named = [urljoin(url, h[1]) for link in _FEED_LINK.findall(page) if (h := _HREF.search(link))]
    hint = f"; the page names its feed: {plain_url(named[0], 300)}" if named else ""
    return FeedFetchError(f"the server sent an HTML page, not an RSS or Atom feed{hint}")


def read_feed(body: bytes, feed: FeedConfig, max_len: int = 5000, url: str = "", charset: str = ""
              ) -> tuple[list[Paper], bool]:
    """(papers, whether the document was well-formed XML); see ``parse_feed``."""
    if page := _html_page_error(body, url or feed.url):
        raise page
    # Neither feedparser's HTML sanitiser nor its link resolver, which re-writes the item's HTML: both
    # take "x&lt;y and y&gt;z" or "the &lt;SEP&gt; token" in an abstract for tags, and cut or re-wrote
    # the text between them. plain_text removes real tags only (what is left of markup, such as a
    # script's code, is inert text), and the item links are resolved below.
    parsed = feedparser.parse(_without_surrogate_refs(_in_utf8(body, charset)), sanitize_html=False,
                               resolve_relative_uris=False)
    _resolve_links(parsed.entries, url or feed.url)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", None)
        detail = reason() if callable(reason) else str(parsed.get("bozo_exception", ""))
        raise FeedFetchError(f"malformed feed, no entries could be read ({detail[:120]})")
    if not parsed.entries and not parsed.get("version"):
        raise FeedFetchError("not an RSS or Atom document (an HTML page?)")
    if parsed.bozo:
        exc = parsed.get("bozo_exception")
        log.warning("feed %s: %s: %s; using the %d entries the lenient parser recovered",
                    feed.name, type(exc).__name__, str(exc)[:120], len(parsed.entries))
    arxiv_kind = _is_arxiv_feed(feed, parsed)
    papers: list[Paper] = []
    skipped = 0
    for entry in parsed.entries:
        try:
            paper = (arxiv_entry_paper(entry, feed, max_len) if arxiv_kind
                     else generic_entry_paper(entry, feed, parsed, max_len))
        except Exception as exc:  # noqa: BLE001 - one odd item must not cost the feed its other items
            log.warning("feed %s: item %r skipped: %s: %s", feed.name,
                        plain_text(str(entry.get("title", "") or ""), 80), type(exc).__name__, str(exc)[:120])
            log.debug("feed %s: the skipped item's error", feed.name, exc_info=True)
            skipped += 1
            continue
        if paper is not None:
            papers.append(paper)
    # A skipped item is read again next run (a fix of ours may read it): the document counts as incomplete,
    # so its validators are not kept and the feed is not answered "not modified".
    well_formed = not parsed.bozo or isinstance(parsed.get("bozo_exception"), _BENIGN_BOZO)
    return papers, well_formed and not skipped


def fetch_feed(feed: FeedConfig, sources: SourcesConfig, state: State,
               session: requests.Session | None = None) -> SourceReport:
    name = f"feed:{feed.name}"
    report = SourceReport(name=name, requests=1)
    etag, modified = state.get_http_cache(feed.url)
    try:
        got = download(feed.url, etag, modified, sources.feed_timeout_seconds, sources.feed_max_bytes,
                       session)
        if got.body is None:
            log.info("feed %s: not modified since last fetch", feed.name)
            return report
        report.papers, complete = read_feed(got.body, feed, sources.max_text_length, got.url, got.charset)
    except FeedFetchError as exc:
        report.error = f"feed {feed.name} ({feed.url}): {exc}; skipped"
        log.warning("%s", report.error)
        return report
    except Exception as exc:  # noqa: BLE001 - one feed's surprise must not cost the run every other source
        report.error = (f"feed {feed.name} ({feed.url}): unexpected {type(exc).__name__}: {str(exc)[:160]}; "
                        "skipped")
        log.warning("%s", report.error)
        log.debug("feed %s: the error", feed.name, exc_info=True)
        return report
    if not complete:
        # A broken document may be a body cut short: keep the old validators, or the server would
        # answer 304 next time and the items we missed would never come.
        log.info("feed %s: validators not saved; the whole feed is fetched again next run", feed.name)
    elif got.etag or got.modified:
        report.http_cache = (feed.url, got.etag, got.modified)
    return report


def fetch_feeds(sources: SourcesConfig, state: State) -> list[SourceReport]:
    with requests.Session() as session:
        return [fetch_feed(f, sources, state, session) for f in sources.feeds]
