"""One list entry's lines -> its fields and the template those lines follow.

The template is the entry's own text with each field replaced by a marker (``\\0title\\0``), so every
byte that is not a field (bullet, indentation, separators, trailing spaces, line breaks) is kept as data:
rendering the fields back through it reproduces the lines, and voting over templates gives the style.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it.common.utils import normalizeReference

from bot.identity import arxiv_id_from, doi_from
from bot.lists.authors import (
    CJK_ETAL,
    PARTICLES,
    ParsedAuthors,
    family_first,
    inverted_first,
    split_authors,
    vancouver_names,
)
from bot.paper import is_group_name

# A list item's marker: "*", "-", "+" or an ordered "3." / "3)".
ITEM_MARKER = r"(?:[*+-]|\d{1,9}[.)])"
# The same, with its parts named: the number is a field, so a new entry gets its own.
BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[*+-])|(?P<num>\d{1,9})[.)])[ \t]+\S")
LINK = re.compile(
    r"(?<![!\\])\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])+)\]"
    r"\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)"
)
# An HTML link, as lists write titles that markdown would mangle: '<a href="u">Title</a>'. Its text is
# markdown to GitHub, as any text between inline tags.
HTML_LINK = re.compile(
    r"<a\s+(?:[^<>]*?\s)?href\s*=\s*(?P<q>[\"'])(?P<url>[^\"'\s<>]+)(?P=q)[^<>]*>"
    r"(?P<text>(?:(?!<a[\s>]|</a>)[^\n])+?)</a>",
    re.I,
)
# A reference link: "[text][label]" or "[text][]"; it is a link only where a definition ("[label]:
# url", often at the end of the file) names its label. The shortcut "[text]" is not read: it is also
# how lists write citation markers ("extends [1]") and tags ("[ICML 2020] [Title](u)"), which a
# definition of the same label would turn into entries.
REF_LINK = re.compile(
    r"(?<![!\\\]])\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])+)\]\[(?P<label>[^\[\]]*)\]"
)
# An image written bare, not the text of a link: a badge ("![stars](https://img.shields.io/...)").
BARE_IMAGE = re.compile(r"(?<!\[)!\[[^\[\]]*\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")
BOLD = re.compile(r"\*\*(?P<text>[^*]+?)\*\*|__(?P<text2>[^_]+?)__")
# A link text that is a paper's identifier and nothing else ("10.1109/TIFS.2024.3391011",
# "arXiv:2403.09539", "hep-th/9901001"): after a title, it names no title.
ID_TEXT = re.compile(r"\W*(?:(?:arxiv|doi)\s*:?\s*)?(?:10\.\d{4,9}/\S+|\d{4}\.\d{4,5}(?:v\d+)?"
                     r"|[a-z-]+(?:\.[a-z]{2})?/\d{7}(?:v\d+)?)\W*", re.I)
# Link texts that name a format rather than the paper: the title is then elsewhere on the line.
GENERIC_LINK_TEXT = re.compile(
    r"^\W*(paper|pdf|link|arxiv|code|url|html|doi|project|web|website|here|openreview|proceedings|"
    r"acl|github|slides|video|abs)\W*$",
    re.I,
)
# Not an arXiv id's first digits ("2012.01234").
YEAR = re.compile(r"(?<![\w/.#=-])(?:19|20)\d{2}(?![\w/]|\.\d{4,5}(?!\d))")
# A year and its month, "2024/05" (which YEAR leaves alone, for a path's "/2024/"), "2024-05", "2024.05";
# not a full date's, nor an arXiv id's "2012.01234".
YEAR_MONTH = re.compile(r"(?<![\w/.#=-])(?P<year>(?:19|20)\d{2})[-/.](?P<mm>0[1-9]|1[0-2])(?!\w|[-/.]\d)")
# A venue's year in two digits: "NeurIPS'20", "CVPR’21". The digits are the field; the mark stays.
SHORT_YEAR = re.compile(r"(?<=[A-Za-z]['’])\d{2}(?![\w/])")
VENUE_MD = re.compile(
    r"<em>(?P<a>.+?)</em>|(?<![*\w\\])\*(?!\*)(?P<b>[^*]+?)\*(?!\*)|(?<![\w_\\])_(?!_)(?P<c>[^_]+?)_(?![\w_])"
)
_VENUE_HTML = re.compile(r"<em>(?P<a>.*?)</em>", re.S)
# A word of a name: "Berg", "O'Neil", "A.", "Ann-Kathrin", and a hyphenated given name's initials "P.-J.".
_NAME_WORD = re.compile(r"(?:[^\W\d_]\.-)*[^\W\d_][\w'’\-]*\.?")
_INITIAL_TOKEN = re.compile(r"\b[A-Z]\.")
# An acronym ("ICML", "NeurIPS", "IEEE") or a word only venues use.
VENUE_WORD = re.compile(
    r"\b(?:[A-Za-z]*[A-Z]{2,}[A-Za-z]*|arXiv|Conference|Workshop|Journal|Proceedings|Transactions|Symposium)\b"
)
# "et al.", "_et al._" too: an underscore (emphasis) before it is no letter of another word.
_ETAL = re.compile(r"(?<![^\W_])et\.?\s+al\b", re.I)
_ETAL_END = re.compile(r"(?<![^\W_])et\.?\s+al\.?$", re.I)
# As Chinese, Japanese and Korean lists write it, after the last name: "Anpei Chen 等", "李四等", "ほか",
# "김철수 외". Only there: "等" inside a note ("图像、文本等多模态") is "and so on".
_CJK_ETAL_END = re.compile(rf"\s*(?:{CJK_ETAL})\s*$")
# A <summary> that labels the fold ("Abstract", "TL;DR") rather than listing the authors.
_SUMMARY_LABEL = re.compile(r"^\W*(?:abstract|summary|details|tl;?\s*dr|more|show|expand|read more)\W*$",
                            re.I)
# A sub-item that is one link: "  * [code](https://github.com/...)".
_LINK_ITEM = re.compile(rf"^[ \t]+{ITEM_MARKER}[ \t]+(?P<link>{LINK.pattern})[ \t]*$")
CODE_LINK_TEXT = re.compile(r"^\W*(code|github|project|web|website|slides|video|demo|blog)\W*$", re.I)
# Inline HTML that breaks or shrinks a line around its fields: "**T**<br><sub>A, B · ICML 2021</sub>".
_LINE_TAG = r"(?i:</?(?:br|sub|sup|small)\s*/?>)"
# An emoji, as a shortcode or a character ("[T](u) :star: A. Berg", "🔥 A. Berg"): a mark, not a name.
EMOJI_CHARS = r"\u2600-\u27bf\u2b50\u2b55\ufe0f\U0001f300-\U0001faff"  # U+FE0F: shown as a picture
EMOJI = rf"(?::[a-z0-9_+\-]+:|[{EMOJI_CHARS}])"
DETAILS_OPEN = re.compile(r"^\s*<details\b[^>]*>", re.I)
DETAILS_CLOSE = re.compile(r"</details>", re.I)
SUMMARY = re.compile(r"<summary>(?P<content>.*?)</summary>", re.S | re.I)
MARK = "\0"
FIELD = re.compile(MARK + r"(\w+)" + MARK)  # a field's marker in a template
# Hosts of papers (not code, slides or project pages).
PAPER_HOSTS = re.compile(
    r"arxiv\.org|doi\.org|openreview\.net|papers\.nips\.cc|neurips\.cc|proceedings\.|aclanthology|aclweb|"
    r"ieeexplore|dl\.acm\.org|springer|sciencedirect|researchgate|semanticscholar|biorxiv|medrxiv|ssrn|"
    r"jmlr\.org|mlr\.press|usenix\.org|aaai\.org|ijcai\.org|thecvf\.com|ecva\.net|nature\.com|science\.org|"
    r"pnas\.org|wiley\.com|tandfonline|mdpi\.com|frontiersin|plos|icml\.cc|iclr\.cc|\.pdf\b",
    re.I,
)


@dataclass(frozen=True)
class Link:
    """A link on an entry's line. ``target`` is the span of the URL for an inline link; for a reference
    link it is the ``[label]`` (or ``[]``) after the text, written as field "ref" so that a new entry
    writes its own URL there rather than another paper's label."""

    start: int
    end: int
    text: str
    text_span: tuple[int, int]
    target: tuple[int, int]
    url: str
    ref: bool = False


def find_links(line: str, refs: dict[str, str], start: int = 0) -> list[Link]:
    """The inline links of ``line`` from ``start`` (markdown's and HTML's), and the reference links whose
    label ``refs`` (label normalised as markdown does -> URL) defines, in line order."""
    found = [Link(m.start(), m.end(), m["text"], m.span("text"), m.span("url"), m["url"])
             for m in LINK.finditer(line, start)]
    found += [Link(m.start(), m.end(), m["text"], m.span("text"), m.span("url"), m["url"])
              for m in HTML_LINK.finditer(line, start)
              if not any(i.start < m.end() and m.start() < i.end for i in found)]
    inline = list(found)
    for m in REF_LINK.finditer(line, start) if refs else ():
        url = refs.get(normalizeReference(m["label"] or m["text"]))
        if url and not any(i.start < m.end() and m.start() < i.end for i in inline):
            found.append(Link(m.start(), m.end(), m["text"], m.span("text"), (m.end("text") + 1, m.end()),
                              url, ref=True))
    return sorted(found, key=lambda link: link.start)


def link_bounds(line: str, link: Link) -> tuple[int, int]:
    """The span of ``link`` on ``line``, with the brackets around it ("[[code](c)]"): they are the
    link's own, and left behind when a new entry leaves another paper's link out, they showed as "[]"."""
    wrapped = line[link.start - 1 : link.start] + line[link.end : link.end + 1] == "[]"
    return link.start - wrapped, link.end + wrapped


def _emphasis_end(line: str, link: Link) -> int:
    """Where the emphasis wrapping ``link`` closes ("**[T](u)**", "__[T](u)__"), else the link's end. The
    closing marks are the list's, as the opening ones are: read as the tail's text, they were the paper's
    own note, and a new entry, which has none, opened a bold it never closed."""
    close = re.match(r"[*_]+", line[link.end :])
    if close and line[: link.start].endswith(close.group()):
        return link.end + close.end()
    return link.end


@dataclass
class ParsedEntry:
    fields: dict[str, str]
    authors: ParsedAuthors
    template: str
    n_lines: int  # lines that make up the entry (bullet line .. </details>)
    has_details: bool
    extra: dict[str, str] = field(default_factory=dict)


# A link's text that is an image, a badge that names no paper: "![arXiv](b.svg)", an HTML link's
# '<img src="b.svg">' (read as the title, its tag hid the title link after it).
IMAGE = re.compile(r"!|<img\b", re.I)
# A line that ends in a line break ("<br>", "<br/>"), and a line that goes on the item's text (indented,
# not a sub-item, a <details> or blank).
_BROKEN = re.compile(r"<br\s*/?>[ \t]*$", re.I)
_GOES_ON = re.compile(r"[ \t]+(?![*+-][ \t]|\d{1,9}[.)][ \t]|<details)\S", re.I)


# A URL written bare, as citations end with it ("[Online]. Available: https://arxiv.org/abs/1906.07983",
# "https://doi.org/10.1007/978-3-030-28954-6_14"), which GitHub links: up to a space or "<>", less the
# punctuation that ends the sentence around it.
_BARE_URL = re.compile(r"https?://[^\s<>`]*[^\s<>`.,;:!?*_'\")\]]")


def bare_paper_link(line: str, start: int, links: Sequence[Link] = ()) -> Link | None:
    """The first bare URL on an item's line outside its ``links``, where it is a paper's (its host is one
    of PAPER_HOSTS) and the links are none or code links only: the item's link. Read as no link, a list
    of citations ending in their URLs had no entries, and new ones took another section's layout; beside
    a code link ("... 2020. https://arxiv.org/abs/... [[code]](gh)"), the code link took the URL's place,
    and the URL was a remark, or template text every new entry copied. A bare URL of anything else (a
    homepage, a repository) makes no entry of its item."""
    # A link of another kind, or a code link before all else ("- [code](gh): Title"), is the item's link.
    if not all(CODE_LINK_TEXT.match(link.text) and line[start : link.start].strip() for link in links):
        return None
    m = next((m for m in _BARE_URL.finditer(line, start)
              if not any(link.start <= m.start() < link.end for link in links)), None)
    if not m or not PAPER_HOSTS.search(m.group()):
        return None
    return Link(m.start(), m.end(), m.group(), m.span(), m.span(), m.group())


# A citation's number in brackets opening an item, as IEEE labels references: "[3] " in "- [3] J. Heo,".
# Not four digits: "[2021] [Title](u)" is a year.
_CITATION_LABEL = re.compile(r"\[(?P<n>\d{1,3})\][ \t]+")


def parse_entry(
    lines: list[str], refs: dict[str, str] | None = None, joined: bool = False,
) -> ParsedEntry | None:
    """Parse a list item's lines (no line endings); None when the item has no link, so is no entry.
    ``refs`` are the list's link reference definitions (normalised label -> URL); ``joined``: the lines
    are one line broken where the list breaks it (a paragraph's), read as the first line is."""
    first = "\n".join(lines) if joined else lines[0]
    bullet = BULLET.match(first)
    if not bullet:
        return None
    start = bullet.end() - 1
    spans: list[tuple[int, int, str]] = []
    fields: dict[str, str] = {}
    if bullet.group("num"):
        spans.append((bullet.start("num"), bullet.end("num"), "num"))
        fields["num"] = bullet.group("num")
    elif label := _CITATION_LABEL.match(first, start):
        # "- [3] J. Heo, ...": IEEE's label numbers the entry, as an ordered list's number would. As
        # template text every new entry copied it; read before the names, it hid them too.
        spans.append((*label.span("n"), "num"))
        fields["num"] = label["n"]
        start = label.end()
    refs = refs or {}
    # A badge before the title ("[![arXiv](b.svg)](u) [Title](u)", "[![code][gh]][repo] [Title](u)") or
    # a tag in reference form ("[[ICML 2020]][icml] [Title](u)") names no paper: read as the title link,
    # it hid the paper's own. It is another paper's link to a new entry, which leaves it out.
    links = find_links(first, refs, start)
    broken = len(lines) if joined else 1  # lines that make up the first, logical one
    if not links:
        # "- **Title** <br>" over "  *A. Berg* <br>" and "  CVPR 2023. [[Paper](u)]": one line broken
        # by the list, read as one (line breaks kept, so a new entry breaks where these do).
        while broken < len(lines) and _BROKEN.search(lines[broken - 1]) and _GOES_ON.match(lines[broken]):
            broken += 1
        first = "\n".join(lines[:broken])
        links = find_links(first, refs, start)
    bare = bare_paper_link(first, start, links)
    title_stop = min([m.start for m in links] + [bare.start]) if bare else None
    if bare:
        # Code links before the bare URL are the paper's own, as those after it (read in the tail): fields
        # a new entry leaves out. The title is before them.
        spans += [(m.start, m.end, "link") for m in links if m.end <= bare.start]
        links = [bare]
    named = [m for m in links if not IMAGE.match(m.text) and not (m.ref and m.text.startswith("["))]
    link = named[0] if named else next((m for m in links if not m.ref), None)
    if not link:
        return None
    spans += [(m.start, m.end, "link") for m in links if m.end <= link.start and m not in named]
    inner = emphasised_text(link.text)
    title_span = (link.text_span[0] + inner[0], link.text_span[0] + inner[1])
    # "[pdf]", a badge: no title; nor an id after one ("Title [arXiv:1906.08935](u)"), as it is no more
    # than "[pdf]" there (an id first, "[arXiv:1906.08935](u) Title", stays the title it was read as).
    spelled = ID_TEXT.fullmatch(link.text) and first[start : link.start].strip(" \t-–—:|[")
    if GENERIC_LINK_TEXT.match(link.text) or IMAGE.match(link.text) or bare or spelled:
        bold = BOLD.search(first, start, link.start)
        # "Title. [pdf](u)": the full stop separates; an ellipsis is the title's own.
        # "ICML 2020 [[paper](u)]": the bracket around the link is the link's own.
        before = first[start : title_stop or link.start].strip(" \t-–—:|").rstrip(",;[ \t")
        before = before[:-1] if before.endswith(".") and not before.endswith("..") else before
        group = "text" if bold and bold.group("text") is not None else "text2"
        cut = _title_before_names(before) if bold else None
        if (bold and cut and VENUE_WORD.search(bold[group])
                and first.index(before, start) + cut <= bold.start()):
            bold = None  # "Title. A. Berg. **ICML**, 2020. [pdf](u)": the bold is the venue
        after_bold = first[bold.end() : link.start].strip(" \t-–—:|,;[.") if bold else ""
        if (bold and after_bold and _LEAD_TAG.fullmatch(first, bold.start(), bold.end())
                and (YEAR.search(bold[group]) or VENUE_WORD.search(bold[group]))):
            # "**[ICLR 2020]** Title [[pdf]](u)": the bold is a tag, the title follows. A bracketed
            # title in bold ("**[Attention Is All You Need]** (NeurIPS 2017)") names no venue or year.
            bold = None
        if bold:
            title_span = (bold.start(group), bold.end(group))
        elif before:
            # "[CVPR 2020] Title [[pdf]](u)": a leading tag is a field (read below), not the title.
            tag = _LEAD_TAG.match(before)
            if tag and tag.end() < len(before):
                before = before[tag.end() :]
            # "Title (USENIX Security 2021) [(arXiv)](u)": a dated tag ending it is the venue and year.
            tag = _END_TAG.search(before)
            if tag and tag.start() > 0:
                before = before[: tag.start()]
            s = first.index(before, start)
            title_span = (s, s + len(before))
            # "*Title*, A. Author. ICML 2017. [pdf](u)": an emphasised title ends with its emphasis.
            em = (re.match(r"([*_])(?!\1)(?P<t>[^*_]+?)\1(?![*_\w])", before)
                  # A. Berg, C. Dorn. "Title." ICML, 2020: a quoted title, as citations have it.
                  or re.search(r"[\"“](?P<t>[^\"“”]+?)[.,]?[\"”]", before))
            cut = _title_before_names(before)
            lead = _title_after_names(before)
            venue_cut = _title_before_venue(before)
            if em and em.end() < len(before):
                title_span = (s + em.start("t"), s + em.end("t"))
            elif lead:
                title_span = (s + lead[0], s + lead[1])
            elif cut:
                title_span = (s, s + cut)
            elif venue_cut:
                title_span = (s, s + venue_cut)
    elif (ID_TEXT.fullmatch(link.text) and not link.ref and (after := _TITLE_AFTER_ID.match(first, link.end))
          and len(after["t"].split()) > 1 and not looks_like_authors(after["t"])
          and not YEAR.search(after["t"])):
        # "[arXiv:1901.00001](u) Title. A. Berg. ICML 2019.": the id names the link, the title follows
        # it. Read as the title, the id made a new entry "[Title](u)" with the neighbour's names after it.
        title_span = after.span("t")
    fields["title"] = first[title_span[0] : title_span[1]]
    fields["url"] = link.url
    spans += [(*title_span, "title"), (*link.target, "ref" if link.ref else "url")]
    if link.ref:
        fields["ref"] = first[slice(*link.target)]
    else:
        spelled_id(first, link.text_span, link.url, spans, fields)
    # The fields follow the title: "**Title**. A. Author. ICML 2021. [[pdf]](url)" has them before its
    # link, "[[pdf]](url) **Title** - A. Author" after; left unparsed they would be copied.
    within_link = link.text_span[0] <= title_span[0] < link.text_span[1]
    tail_start = _emphasis_end(first, link) if within_link else title_span[1]
    authors_text = tail_fields(first, tail_start, spans, fields, refs)
    if "year" not in fields:
        # "* [2021] [Title](url)", "* (2021) **Title** ...": a year before the title is the year too;
        # as template text every new entry would copy it.
        year = _years(first, start, min(title_span[0], link.start), [])
        if year:
            ys, ye, kind, fields["year"] = year[0]
            spans.append((ys, ye, kind))
    head = _head_fields(first, start, min(title_span[0], link.start), spans, fields)
    authors_text = authors_text or head or _names_at_end(first, spans)
    if "year" not in fields:
        _date_at_end(first, spans, fields)
    if "year" not in fields:
        badge_date(first, fields)
    badge_template(first, spans, fields)

    n_lines = len(lines)
    has_details = False
    offset = len(first) + 1
    for i in range(broken, len(lines)):
        if DETAILS_OPEN.match(lines[i]):
            close = next((j for j in range(i, len(lines)) if DETAILS_CLOSE.search(lines[j])), None)
            if close is None:
                break
            has_details = True
            n_lines = close + 1
            text = "\n".join(lines[i : close + 1])
            authors_text = details_fields(text, offset, spans, fields) or authors_text
            break
        offset += len(lines[i]) + 1
    read = {name for _, _, name in spans}
    if not has_details and "authors" not in read:
        # Only names under a line with the venue and year ("* Title (ICML 2021) [pdf](u)" over "  A. Berg").
        names_only = bool({"venue", "year"} & read)
        below = _continuation_fields([first, *lines[broken:]], spans, fields, names_only)
        authors_text = below or authors_text

    entry_text = "\n".join(lines[:n_lines])
    month_fields(entry_text, spans, fields)
    _arxiv_tag(entry_text, spans, fields)
    _status_marks(entry_text, spans)
    authors = split_authors(authors_text) if authors_text else ParsedAuthors([], False, {})
    fields["authors"] = authors_text
    template = _template(entry_text, spans, bullet, fields)
    if not has_details:
        template = _without_own_lines(template)
    return ParsedEntry(fields, authors, template, n_lines, has_details)


def parse_paragraph(lines: list[str], refs: dict[str, str] | None = None) -> ParsedEntry | None:
    """A paragraph's lines (no line endings) read as one list item's text: "**Title**" over "A. Berg.
    ICML 2020." over "[[Paper]](u)" is the item "- **Title** A. Berg. ICML 2020. [[Paper]](u)" broken
    where the paragraph breaks; the template is the paragraph's, with no bullet."""
    parsed = parse_entry([_PARAGRAPH_BULLET + lines[0], *lines[1:]], refs, joined=True)
    if parsed is None:
        return None
    return ParsedEntry(parsed.fields, parsed.authors, parsed.template.removeprefix(_PARAGRAPH_BULLET),
                       len(lines), parsed.has_details, parsed.extra)


_PARAGRAPH_BULLET = "- "


def _without_own_lines(template: str) -> str:
    """``template`` without the lines under the last that holds a field: a description or the paper's
    own links under its names ("  A. Berg, C. Dorn" over "  A study of attacks.") are that paper's, and
    left in the template every new entry copied them."""
    lines = template.split("\n")
    last = max((k for k, line in enumerate(lines) if MARK in line), default=len(lines) - 1)
    return "\n".join(lines[: last + 1])


# A full stop that ends a sentence, not an initial's ("A. Berg") nor "et al.".
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bet al)\.\s+")


# The year in parentheses that ends the names in APA ("Berg, A., & Dorn, C. (2019, June). Title."): the
# year's, not the names'.
_DATED_NAMES = re.compile(r"\s*\((?:19|20)\d{2}[^()]*\)$")
# A year as a sentence of its own between names and title: "2020" in "A. Berg. 2020. Title.".
_YEAR_ALONE = re.compile(r"(?:19|20)\d{2}")


def _title_after_names(text: str) -> tuple[int, int] | None:
    """Where the title is in "A. Berg, C. Dorn. Title. ICML 2020" (fields before a "[pdf]" link, names
    first as citations write them): the sentence after a first one of names, itself no names, nor a
    venue and year ("A. Vaswani, N. Shazeer. NeurIPS 2017. [pdf](u)" under its bold title)."""
    stops = list(_SENTENCE_END.finditer(text))
    for stop in re.finditer(r"\.\s+", text[: stops[0].start() if stops else len(text)]):
        # "Dombrowski A, Kessel P. Title. NeurIPS. 2019.", "A. Berg et al. Title. ICML 2020.": the full stop
        # after Vancouver's bare initial, or "et al.", ends the names, though it ends no sentence elsewhere.
        names = text[: stop.start()]
        if vancouver_names(names) or (_ETAL_END.search(names + ".") and looks_like_authors(names)):
            stops.insert(0, stop)
            break
    if not stops:
        return None
    # "Ann Berg, Carl Dorn. 2020. Title. In *ICML*.": the year has a sentence of its own (ACM). Names
    # before it need no initial: one full name ("Ann Berg. 2020. Title.") is the names there too.
    k = 1 if len(stops) > 1 and _YEAR_ALONE.fullmatch(text, stops[0].end(), stops[1].start()) else 0
    names = _DATED_NAMES.sub("", text[: stops[0].start()]).strip()
    if not (looks_like_authors(names) or (k and is_name(names))):
        return None
    start, end = stops[k].end(), stops[k + 1].start() if len(stops) > k + 1 else len(text)
    title = text[start:end].strip()
    if not title or looks_like_authors(title) or YEAR.search(title) or VENUE_WORD.fullmatch(title):
        return None
    return start, end


def _title_before_names(text: str) -> int | None:
    """Where the title ends in "Title. A. Berg, C. Dorn. ICML 2020" or "Title, A. Berg, C. Dorn, ICML
    2020" (fields before a "[pdf]" link), or None when no names follow it. A title's own ". " is rare,
    names after one are not; a title's own commas are common, so after a comma the names must show an
    initial or "et al.", or be followed by a venue or year."""
    stops = list(_SENTENCE_END.finditer(text))
    if stops and stops[0].start() > 0:
        names_end = stops[1].start() if len(stops) > 1 else len(text)
        if looks_like_authors(text[stops[0].end() : names_end].strip()):
            return stops[0].start()
    parts = [m.span() for m in re.finditer(r"[^,]+", text)]
    for k in range(1, len(parts)):
        for j in range(len(parts), k, -1):
            names = text[parts[k][0] : parts[j - 1][1]].strip()
            after = text[slice(*parts[j])] if j < len(parts) else ""  # the part after the names
            initials = _INITIAL_TOKEN.search(names)
            # "Deep Nets, Big Data, A. Berg": where one name has initials, a name without is the title's.
            mixed = initials and not all(
                _INITIAL_TOKEN.search(n) or _ETAL.search(n) for n in names.split(","))
            if names[:1].isupper() and not mixed and looks_like_authors(names) and (
                    YEAR.search(after) or VENUE_WORD.search(after)
                    or (not after and (initials or _ETAL.search(names)))):
                return parts[k - 1][1]
    return None


# The last sentence of "Title. *EMNLP*, 2023" or "Title. *ICML 2020*": a venue in emphasis, then its
# year (or the year inside the emphasis), with nothing after it.
_VENUE_SENTENCE = re.compile(r"\.\s+(?P<em>[*_])(?![*_\s])[^*_]*[^*_\s](?P=em),?(?:\s+(?:19|20)\d{2})?$")


def _title_before_venue(text: str) -> int | None:
    """Where the title ends in "Title. *EMNLP*, 2023" (fields before a "[Paper]" link, no names): at
    the full stop before an emphasised venue and its year, or None. Without names after the title,
    ``_title_before_names`` finds no end, and the venue and year were read as the title's words."""
    venue = _VENUE_SENTENCE.search(text)
    if not venue or venue.start() == 0:
        return None
    inside, year = venue.group(0).rsplit(venue["em"], 1)
    # A year only inside the emphasis must come with a venue's word: "Title. *Lessons of 2020*" may be
    # a subtitle.
    if YEAR.search(year) or (YEAR.search(inside) and VENUE_WORD.search(inside)):
        return venue.start()
    return None


def _names_at_end(line: str, spans: list) -> str:
    """Names after the line's last field or link ("[T](u) (ICML 2020) [[code]](c) - A. Berg, C. Dorn"),
    where the fields read so far found none; returns them. Left as template text, every new entry would
    carry these names."""
    end = max(e for _, e, _ in spans)
    end += len(line[end:]) - len(line[end:].lstrip(")]>"))  # the link's own closer
    found = _authors_span(line[end:])
    if found and looks_like_authors(line[end + found[0] : end + found[1]]):
        spans.append((end + found[0], end + found[1], "authors"))
        return line[end + found[0] : end + found[1]]
    return ""


def _continuation_fields(
    lines: list[str], spans: list, fields: dict[str, str], names_only: bool = False
) -> str:
    """Names, venue and year on the lines under a bare title line ("* [Title](u)  ", "  A. Berg. *ICML
    2020*"), read as a one-line entry's tail is; returns the authors text. A line of anything else (a
    description) is the paper's own, never a field."""
    authors_text = ""
    offset = len(lines[0]) + 1
    for line in lines[1:]:
        text = re.match(r"^[ \t]+(?![*+-][ \t]|\d{1,9}[.)][ \t]|<)", line)
        if not text or not line.strip():
            break
        found: list = []
        found_fields: dict[str, str] = {}
        names = tail_fields(line, text.end(), found, found_fields, {})
        kinds = {name for _, _, name in found}
        allowed = {"authors"} if names_only else {"authors", "venue", "year", "remark"}
        if not kinds or kinds - allowed:
            break
        spans += [(offset + s, offset + e, name) for s, e, name in found]
        fields.update(found_fields)
        authors_text = names or authors_text
        offset += len(line) + 1
    return authors_text


def _template(
    text: str, spans: list[tuple[int, int, str]], bullet: re.Match[str], fields: dict[str, str]
) -> str:
    """``text`` with its fields marked, and its continuation lines at a one-digit number's indent."""
    template = marked(text, spans)
    if bullet.group("num") and len(fields.get("num", "")) > 1:
        # A style is kept at a one-digit number ("9."): each new item adds its own number's extra
        # digits, so a list written "10."-"19." and one written "1."-"9." both get their own indent.
        template = shift_continuation(template, bullet.end() - 1, 1 - len(fields["num"]))
    return template


# Words that name a subject, not a person: a sub-item of tags ("Adversarial Robustness, Model
# Interpretability") is capitalised as names are. Suffixes no name ends in, and the field's own words
# (not "Deep": Deep Ganguli).
SUBJECT_WORD = re.compile(
    r"\b\w{3,}(?:ness|ity|ities|tion|tions|sion|ics|ism|ology)\b|\b(?:learning|networks?|models?|neural|"
    r"data|graphs?|attacks?|defen[cs]es?|images?|language|vision|robust|privacy|adversarial|"
    r"explanations?|explainable|generative|reinforcement|benchmarks?|datasets?|survey|transformers?)\b",
    re.IGNORECASE)


def with_names_item(parsed: ParsedEntry, first: list[str], sub: str) -> ParsedEntry | None:
    """``parsed`` (an item's own ``first`` lines) with the names on its first sub-item ``sub`` read as its
    authors: "- [ICLR 2023] **Title** [[paper](u)]" over "  - *A. Berg, C. Dorn*". Under a first line with no
    venue or year, the sub-item's venue and date are the entry's too. None where the entry has its names
    already or the sub-item is anything but names and those (a note, a link)."""
    item = _SUB_ITEM.match(sub)
    if item is None or parsed.has_details or parsed.n_lines != len(first) or parsed.fields.get("authors"):
        return None
    spans: list[tuple[int, int, str]] = []
    own: dict[str, str] = {}
    names = tail_fields(sub, item.end(), spans, own, {})
    kinds = {name for _, _, name in spans}
    # Beside the names, the date and venue a first line without them lacks ("- 📄 [T](u) [![arXiv](b)](u)"
    # over "  - *A. Berg, C. Dorn*, Jun 2026"): read as no names, the sub-item was left out of the
    # entry, and a new entry was its title line alone.
    undated = not any(parsed.fields.get(name) for name in ("year", "yy", "venue"))
    allowed = {"authors", "year", "yy", "venue", "remark"} if undated else {"authors"}
    if not names or "authors" not in kinds or kinds - allowed or SUBJECT_WORD.search(names):
        return None
    month_fields(sub, spans, own)
    line = marked(sub, spans)
    bullet = BULLET.match(first[0])
    if bullet and bullet.group("num") and len(bullet.group("num")) > 1:
        # At a one-digit number's indent, as _template puts the item's other continuation lines.
        line = shift_continuation("\n" + line, bullet.end() - 1, 1 - len(bullet.group("num")))[1:]
    authors = split_authors(names)
    return ParsedEntry({**parsed.fields, **own, "authors": names}, authors, parsed.template + "\n" + line,
                       parsed.n_lines + 1, False, parsed.extra)


def parse_titled_links(lines: list[str]) -> ParsedEntry | None:
    """A bold title whose link and fields are its sub-items ("* **Title**", "  * A. Author, B. Author",
    "  * ICML 2021 [paper](u)", "  * [code](c)"); None for any other item. The one link named for a
    format and not for code is the paper's; other links are fields a new entry leaves out, sub-item and
    all. Sub-items of text are read as a one-line entry's tail is (names, venue, year, a note). A
    sub-item link titled for a paper makes no such entry: "* **Vision**" over "  * [ResNet](u)" is a
    category of entries, not one."""
    bullet = BULLET.match(lines[0])
    # "* [Title](u)" (or "* **[Title](u)**") with its names and venue as sub-items: the link is the paper's.
    # A venue tag may come first ("* **[ICCV 2023]** [Title](u)"): its venue and year are the paper's.
    tag = bullet and _VENUE_TAG.match(lines[0], bullet.end() - 1)
    tag = tag if tag and YEAR.search(tag["tag"]) else None
    linked = bullet and _LINKED_TITLE.fullmatch(lines[0].rstrip(), tag.end() if tag else bullet.end() - 1)
    # A bold title of plain text, its link a sub-item's. A bold link is bold too: read as a plain title,
    # its own link was not the paper's, and the entry was not read.
    title = bullet and not linked and BOLD.fullmatch(lines[0].rstrip(), bullet.end() - 1)
    subs = [_SUB_ITEM.match(line) for line in lines[1:]]
    if not (title or linked) or not subs or not all(subs):
        return None
    links = [find_links(line, {}, m.end()) for line, m in zip(lines[1:], subs, strict=True)]
    named = (GENERIC_LINK_TEXT, CODE_LINK_TEXT)
    if not all(any(p.match(k.text) for p in named) for ks in links for k in ks):
        return None
    papers = [k for ks in links for k in ks if not CODE_LINK_TEXT.match(k.text)]
    if len(papers) != (0 if linked else 1):  # two [paper] links under "**Surveys**": a category of papers
        return None
    spans: list[tuple[int, int, str]]
    if linked:
        fields = {"title": linked["text"], "url": linked["url"]}
        spans = [(*linked.span("text"), "title"), (*linked.span("url"), "url")]
        if tag:
            venue_and_year(lines[0], *tag.span("tag"), spans, fields)
    else:
        paper = papers[0]
        group = "text" if title["text"] is not None else "text2"
        fields = {"title": title[group], "url": paper.url}
        spans = [(title.start(group), title.end(group), "title")]
    if bullet["num"]:
        spans.append((bullet.start("num"), bullet.end("num"), "num"))
        fields["num"] = bullet["num"]
    # The reader of heading blocks' labelled lines ("- Authors: ...") reads labelled sub-items too; it
    # imports this module, so it is imported here.
    from bot.lists.headed import read_labelled_item

    authors_text = ""
    offset = len(lines[0]) + 1
    for line, m, ks in zip(lines[1:], subs, links, strict=True):
        own = [(*link_bounds(line, k), "link") if linked or k is not paper else (*k.target, "url")
               for k in ks]
        if not _LINK_ITEM.match(line):  # text too: names, a venue, a year
            names = read_labelled_item(line, own, fields)
            if names is None:
                names = _titled_sub_item(line, m.end(), own, fields)
            authors_text = names or authors_text
        spans += [(offset + s, offset + e, name) for s, e, name in own]
        offset += len(line) + 1
    authors = split_authors(authors_text) if authors_text else ParsedAuthors([], False, {})
    fields["authors"] = authors_text
    text = "\n".join(lines)
    # "  - Date: 2025-07", "  - *A. Berg*, Mar 2026": the month is the paper's, as on a one-line entry's
    # line; as template text every new entry carried its neighbour's.
    month_fields(text, spans, fields)
    template = _template(text, spans, bullet, fields)
    return ParsedEntry(fields, authors, template, len(lines), False)


def _titled_sub_item(line: str, start: int, spans: list, fields: dict[str, str]) -> str:
    """A sub-item of text under a bold title, with no label, read as a one-line entry's tail is; returns
    the authors text. Text of no field ("  - Oral presentation" under the names and venue) is the paper's
    own note: as template text, every new entry copied it."""
    names = tail_fields(line, start, spans, fields, {})
    text = line[start:].rstrip()
    if not spans and text:  # no link, no field
        spans.append((start, start + len(text), "note"))
        fields.setdefault("note", text)
    return names


_LINKED_TITLE = re.compile(r"(?P<em>\*\*|__)?\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]+)\)(?(em)(?P=em))")
# A bracketed tag before a linked title, in bold or not: "**[ICCV 2023]** ", "[NeurIPS 2022] ".
_VENUE_TAG = re.compile(r"(?P<em>\*\*|__)?\[(?P<tag>[^\[\]]{1,60})\](?!\()(?(em)(?P=em))[ \t]+"
                        r"(?=(?:\*\*|__)?\[)")
# A sub-item's bullet and the space after it: "  * ".
_SUB_ITEM = re.compile(rf"^[ \t]+{ITEM_MARKER}[ \t]+(?=\S)")


def shift_continuation(text: str, column: int, by: int) -> str:
    """``text`` with each line after the first that is indented by at least ``column`` spaces moved
    ``by`` columns (left when negative): an item's continuation lines follow its content column when a
    number of another width moves it. Blank lines stay as they are."""
    def moved(line: str) -> str:
        if not line.strip() or len(line) - len(line.lstrip(" ")) < column:
            return line
        return " " * by + line if by >= 0 else line[-by:]

    first, *rest = text.split("\n")
    return "\n".join([first, *map(moved, rest)])


_SPELLED_AS = {"&": "(?:&|&amp;)", "<": r"(?:\\?<|&lt;)", ">": r"(?:\\?>|&gt;)"}


def _spelled(shown: str, value: str) -> tuple[int, int] | None:
    """Where id ``value`` is in a link's text, as markdown may write it: "10.1007/x\\_13" (an escape before
    any punctuation), "&amp;", "&lt;" (litbot's own entries write a DOI's text inert so), and as text, its
    entities read ("10.1000/a&amp;b" from a feed that escaped it is shown "a&b")."""
    for form in dict.fromkeys((value, html.unescape(html.unescape(value)))):
        pattern = "".join(_SPELLED_AS.get(c) or rf"\\?{re.escape(c)}" if c in string.punctuation
                          else re.escape(c) for c in form)
        if m := re.search(pattern, shown, re.IGNORECASE):
            return m.span()
    return None


def spelled_id(line: str, text: tuple[int, int], url: str, spans: list, fields: dict[str, str]) -> None:
    """The paper's link drawn as a badge that spells its arXiv id ("[![arXiv](https://img.shields.io/
    badge/arXiv-2206.07697-b31b1b.svg)](https://arxiv.org/abs/2206.07697)"), or whose text is its id
    ("[2206.07697](u)", "[10.1109/TIP.2023.3327112](https://doi.org/...)"): the id is the field "arxiv"
    or "doi", so a new entry's link names its own paper; as template text it named the neighbour's.
    Every place a badge spells it is the field: an alt text "![arXiv:2206.07697]" too, or the image kept
    the neighbour's id. ``text`` is the link text's span."""
    aid = arxiv_id_from(url)
    if not line.startswith("!", text[0]):
        shown = line[text[0] : text[1]]
        if not ID_TEXT.fullmatch(shown):
            return
        doi = doi_from(url)
        for name, value in (("arxiv", aid), ("doi", doi)):
            found = _spelled(shown, value) if value else None
            # Not where the text is read as something else already (a list item's title).
            if found and not any(a < text[0] + found[1] and text[0] + found[0] < b for a, b, _ in spans):
                spans.append((text[0] + found[0], text[0] + found[1], name))
                fields[name] = value
                return
        return
    if not aid:
        return
    at = line.find(aid, *text)
    while at >= 0:
        spans.append((at, at + len(aid), "arxiv"))
        fields["arxiv"] = aid
        at = line.find(aid, at + len(aid), text[1])


# A year's full date: "2023-05-17", "2023/05/17".
_FULL_DATE = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<mm>0[1-9]|1[0-2])(?P=sep)"
                        r"(?P<dd>0[1-9]|[12]\d|3[01])(?!\w|[-/.]\d)")


def month_fields(text: str, spans: list[tuple[int, int, str]], fields: dict[str, str]) -> None:
    """The month after a year field ("[arXiv 2024/04]", "arXiv 2024-05") is the field "mm", and the day
    after them ("2023-05-17") the field "dd": as template text every new entry would copy its
    neighbour's month, or month and day (a 2024 paper written "(2024-05-17)")."""
    for s, e, name in list(spans):
        month = (YEAR_MONTH.match(text, s) or _FULL_DATE.match(text, s)) if name == "year" else None
        if month and month.end("year") == e and not any(a < month.end() and month.start("mm") < b
                                                        for a, b, _ in spans):
            parts = ("mm", "dd") if "dd" in month.groupdict() else ("mm",)
            spans += [(*month.span(part), part) for part in parts]
            fields.update({part: month[part] for part in parts})
        # A month's name beside the year, as citations date papers: "(2019, June)" (APA), "Dec. 2019"
        # (IEEE). The field "month" when written in full, "mon" when cut to three letters.
        named = (_MONTH_AFTER.match(text, e) or _MONTH_BEFORE.search(text, 0, s)) if name == "year" else None
        if named and not any(a < named.end() and named.start() < b for a, b, _ in spans):
            part = "month" if named["month"] else "mon"
            spans.append((*named.span(part), part))
            fields[part] = named[part]
            if named.groupdict().get("day"):  # APA's "(2019, June 15)": the day is the paper's too
                spans.append((*named.span("day"), "day"))
                fields["day"] = named["day"]


MONTHS = "January February March April May June July August September October November December".split()
# The months' names as alternatives, written in full and cut to three letters ("May" is never cut, so it
# is only the first).
MONTH_NAMES, MON_NAMES = "|".join(MONTHS), "|".join(m[:3] for m in MONTHS if m != "May")
# A month's name after the year and a comma, maybe with its day: ", June" in "(2019, June)", ", Dec." in
# "2019, Dec.", ", June 15" in APA's "(2019, June 15)".
_MONTH_AFTER = re.compile(rf",[ \t]*(?:(?P<month>{MONTH_NAMES})|(?P<mon>{MON_NAMES})\.?)"
                          rf"(?:[ \t]+(?P<day>[12]\d|3[01]|0?[1-9])(?!\d))?(?![\w-])")
# A month's name just before the year: "Dec. " in "Dec. 2019", "June " in "June 2019".
_MONTH_BEFORE = re.compile(rf"(?<![\w-])(?:(?P<month>{MONTH_NAMES})|(?P<mon>{MON_NAMES})\.?)[ \t]+$")


# A date alone ending the line, maybe in brackets or emphasis: " (Jun 2026)", " (2025)", " *2025-07*".
_END_DATE = re.compile(r"[ \t]*[-–—,·|]?[ \t]*(?P<em>[*_]{1,2})?(?P<open>[(\[])?"
                       rf"(?:(?:{MONTH_NAMES}|(?:{MON_NAMES})\.?)[ \t]+)?"
                       r"(?P<year>(?:19|20)\d{2})(?:[-/.](?:0[1-9]|1[0-2]))?"
                       r"(?(open)[)\]])(?(em)(?P=em))[ \t]*")


def _date_at_end(line: str, spans: list, fields: dict[str, str]) -> None:
    """A date alone after the line's last field or link ("**T** - A. Berg [[paper]](u) (Jun 2026)",
    "[[paper]](u) [[code]](c) (2025)") is the year (month_fields reads its month): the tail stops at the
    first link after the names, and left as template text, every new entry carried a neighbour's date."""
    end = max(e for _, e, _ in spans)
    end += len(line[end:]) - len(line[end:].lstrip(")]>"))  # the link's own closer
    date = _END_DATE.fullmatch(line, end)
    if date:
        spans.append((*date.span("year"), "year"))
        fields["year"] = date["year"]


# A shields.io badge's text: "img.shields.io/badge/CVPR-2024-blue" (label, message, colour), "badge/
# CVPR%202024-blue" (message, colour); "--" is a dash and "_" a space in it.
_BADGE = re.compile(r"img\.shields\.io/badge/(?P<text>[^?)\s\"'<>/]+)", re.I)
_VENUE_YEAR = re.compile(r"(?P<venue>[^\W\d_][\w&.+ -]{0,40}?)[ '’]*(?<![\d.])(?P<year>(?:19|20)\d\d)")


def reads_as_badge_date(venue: str, year: str) -> bool:
    """Whether a badge of ``venue`` and ``year`` reads as a date (``badge_date``): a venue's acronym
    ("CVPR", "NeurIPS") or words ("Conference"), in letters, digits and "&.+-" (a badge of "ICML
    Workshop: X" would leave its entry undated, and out of order among the next ones)."""
    return bool(_VENUE_YEAR.fullmatch(f"{venue} {year}")) and bool(
        re.search(r"[A-Z].*[A-Z]", venue) or VENUE_WORD.search(venue))


def badge_date(line: str, fields: dict[str, str]) -> None:
    """A badge that reads "venue year" ("![](https://img.shields.io/badge/CVPR-2024-blue)") gives the entry's
    year, and its venue where the line names none: read as no date, a section of such entries had no
    order, and a new paper went to its end in a list newest first. The badge stays the entry's own (a
    new entry has no badge), so the fields have no place in the template."""
    for m in _BADGE.finditer(line):
        parts = [p.replace("\0", "-") for p in re.split(r"-(?!-)", m["text"].replace("--", "\0"))]
        words = " ".join(parts[:-1])  # the last is the colour
        words = badge_text(words).strip()  # "S%26P": "S&P"
        date = _VENUE_YEAR.fullmatch(words)
        # "Stars", "Citations" or "Last commit" beside a number is no date of the paper.
        if date and reads_as_badge_date(date["venue"], date["year"]):
            fields["year"] = date["year"]
            if not fields.get("venue"):
                fields["venue"] = date["venue"].strip()
            return


# Where a shields badge's path parts: at a single dash ("--" is a dash in a part).
_BADGE_DASH = re.compile(r"(?<!-)-(?!-)")
# A badge's message ending in a year after the venue: "CVPR%202024", "ICLR_2021", "NeurIPS 2023".
_MESSAGE_YEAR = re.compile(r"(?:(?P<venue>.+?)(?:%20|_| ))?(?P<year>(?:19|20)\d\d)")
_IMAGE_EXT = re.compile(r"\.(?:svg|png)$", re.I)


def badge_text(raw: str) -> str:
    """A badge path's part as it reads: "Nature%20MI" and "Nature_MI" read "Nature MI", "A--B" "A-B"."""
    return unquote(re.sub(r"(?<!_)_(?!_)", " ", raw).replace("__", "_").replace("--", "-"))


def badge_template(line: str, spans: list[tuple[int, int, str]], fields: dict[str, str],
                   within: Sequence[tuple[int, int]] | None = None) -> None:
    """A badge of the entry's own venue and year ("![](https://img.shields.io/badge/CVPR-2024-blue)", in
    an entry whose fields read it or not) is a place for a new entry's venue and year, as a tag that
    shows them is ("[arXiv 2023]"): its venue, year and colour are fields ("bvenue", "byear",
    "bcolour"; in its alt text the venue, "bname", or all of it, "balt"). Read as the entry's own, it
    was left out, and a new entry in a list of them stood out as the one with no badge. Only an image
    the line shows bare (before the title or after it), not a linked one, nor one inside a field;
    ``within``: only in these spans of the line (a table row's title cell: a badge in another column is
    that column's)."""
    badges: list[tuple[tuple[int, int, str], list[tuple[int, int, str]], dict[str, str]]] = []
    for image in BARE_IMAGE.finditer(line):
        if within is not None and not any(a <= image.start() < b for a, b in within):
            continue
        own = (image.start(), image.end(), "link")
        badge = _BADGE.search(line, image.start(), image.end())
        inside = [span for span in spans if span[0] < image.end() and image.start() < span[1]]
        if not badge or inside not in ([own], []):
            continue
        raw, at = badge["text"], badge.start("text")
        cuts = [m.start() for m in _BADGE_DASH.finditer(raw)]
        parts = list(zip([0] + [c + 1 for c in cuts], cuts + [len(raw)], strict=True))
        if len(parts) not in (2, 3):
            continue
        (cs, ce), (ms, me) = parts[-1], parts[-2]
        ext = _IMAGE_EXT.search(raw, cs, ce)
        ce = ext.start() if ext else ce
        message = _MESSAGE_YEAR.fullmatch(raw, ms, me)
        if not message or cs == ce:
            continue
        if message["venue"] is not None:
            vs, ve = message.span("venue")
        elif len(parts) == 3 and parts[0][0] < parts[0][1]:
            vs, ve = parts[0]
        else:
            continue
        venue = badge_text(raw[vs:ve]).strip()
        if not reads_as_badge_date(venue, message["year"]):
            continue  # "Stars-2024", "Last commit-2021": a count or a date of the code, no venue
        ys, ye = message.span("year")
        inner = [(at + vs, at + ve, "bvenue"), (at + ys, at + ye, "byear"), (at + cs, at + ce, "bcolour")]
        read: dict[str, str] = {}
        alt_start = image.start() + 2
        alt = line[alt_start : line.index("]", alt_start)]
        if re.search(r"\d", alt.replace(message["year"], "")):
            # "![CVPR'23](...)": a year the badge's path does not spell; the new alt text names the
            # venue and year as the path does.
            inner.append((alt_start, alt_start + len(alt), "balt"))
            read["balt"] = alt
        for word, name in () if "balt" in read else ((venue, "bname"), (message["year"], "byear")):
            found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", alt)
            if found:
                inner.append((alt_start + found.start(), alt_start + found.end(), name))
                read[name] = found[0]
        read.update(bvenue=raw[vs:ve], byear=message["year"], bcolour=raw[cs:ce])
        badges.append((own, inner, read))
    if len(badges) == 1:
        # Two ("![](.../arXiv-2022-red) ![](.../CVPR-2023-blue)") say two things a new paper may not
        # have: left out, as before, rather than one written in the other's colour.
        own, inner, read = badges[0]
        spans[:] = [span for span in spans if span != own] + inner
        fields.update(read)


# A tag that is a paper's arXiv id alone: "[arXiv 2506.01234]", "(arXiv:2506.01234)", "arXiv:2506.01234".
_ID_TAG = re.compile(r"\W*(?:arxiv\W*)?(?P<id>\d{4}\.\d{4,5})(?:v\d+)?\W*", re.I)


def _arxiv_tag(text: str, spans: list[tuple[int, int, str]], fields: dict[str, str]) -> None:
    """The paper's arXiv id in a tag read as the paper's own prefix or note ("[arXiv 2506.01234] [T](u)",
    "[T](u) (arXiv:2506.01234)") is the field "arxiv": a new entry writes its own id there, where, left
    out with the tag, it showed none."""
    aid = arxiv_id_from(fields.get("url", ""))
    for k, (s, e, name) in enumerate(spans):
        tag = _ID_TAG.fullmatch(text, s, e) if name in ("prefix", "note", "remark") else None
        if aid and tag and tag["id"] == aid:
            spans[k] = (*tag.span("id"), "arxiv")
            fields["arxiv"] = aid
            fields.pop(name, None)
            return


# What marks one paper out ("🔥", ":new:", a "![NEW](badge.svg)" image outside any link): its own, as
# its [code] link is. Not an emoji a list puts on every entry as an icon ("📄").
_STATUS_MARK = re.compile(
    # A star count ("⭐ 245", "★1.2k", "Stars: 245") is the paper's repository's, no mark of the list's.
    r"(?P<open>\()?(?:[\u2b50\u2605\U0001f31f]\ufe0f?|:star2?:|\b[Ss]tars?:)[ \t]*\d+(?:[.,]\d+)?[kK]?\b"
    r"(?(open)\))"
    r"|(?<![\[\w])!\[[^\[\]]*\]\([^()\s]*\)|[\U0001f525\U0001f195\u2728\u2b50\U0001f31f]\ufe0f?"
    # Done or under way: "✅ [T](u)", "🚧 **[T](u)**" (a reading list's marks of its own progress).
    r"|[\u2705\u2714\u2611\U0001f6a7]\ufe0f?|:(?:fire|new|star|star2|sparkles|boom|white_check_mark"
    r"|heavy_check_mark|construction):")


def _status_marks(text: str, spans: list[tuple[int, int, str]]) -> None:
    """Marks of a paper's status outside its fields are its own, like a link: a new entry leaves them out
    (where most entries of a section carry "🔥", every new entry had it, and a "![NEW]" badge)."""
    for m in _STATUS_MARK.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), "link"))


def marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, field) span replaced by its ``\\0field\\0`` marker."""
    for s, e, name in sorted(spans, reverse=True):
        text = text[:s] + MARK + name + MARK + text[e:]
    return text


# The title after a link whose text is the paper's id: words up to the sentence's end or a dash.
_TITLE_AFTER_ID = re.compile(r"[ \t]*(?:[-–—:|][ \t]*)?(?P<t>[^\s.\[\]()\-–—:|](?:[^\n\[\].]|\.(?!\s))*?"
                             r"\w[^\s.\[\]]*)(?=\.(?:\s|$)|[ \t]+[-–—][ \t]|[ \t]*$|[ \t]*\[)")


def tail_fields(line: str, start: int, spans: list, fields: dict[str, str], refs: dict[str, str]) -> str:
    """Authors/venue/year/note, and a remark after them, written after the link on a one-line entry;
    returns the authors text."""
    names = _tail_names_venue_year(line, start, spans, fields, refs)
    _remark(line, start, spans, fields, refs)
    return names


def _tail_names_venue_year(
    line: str, start: int, spans: list, fields: dict[str, str], refs: dict[str, str]
) -> str:
    """Authors/venue/year/note written after the link on a one-line entry; returns the authors text."""
    # Links after the title's ([code], [slides], a badge) belong to their own paper: they are fields a
    # new entry leaves out, not text it copies. The tail runs from behind the links that follow the
    # title straight away ("[T](u) [[code]](c) - A. Author, ICML 2021") to the next link.
    links = find_links(line, refs, start)
    bounds = [link_bounds(line, m) for m in links]
    spans += [(a, b, "link") for (a, b), m in zip(bounds, links, strict=True)  # not the paper's own link
              if not any(s < m.end and m.start < e for s, e, _ in spans)]
    # A badge that links nowhere ("![stars](https://img.shields.io/...)") is one too: read as the
    # tail's text, it was the venue, and a new entry's "(ICLR 2025)" lost its "(".
    images = [m.span() for m in BARE_IMAGE.finditer(line, start)
              if not any(a <= m.start() < b for a, b in bounds)]
    spans += [(a, b, "link") for a, b in images]
    bounds = sorted(bounds + images)
    for a, b in bounds:
        if line[start:a].strip(" \t|·•,;:/-–—*_."):  # a bold title's closing "**", its full stop
            break
        start = b
    # A field read already ends the tail too: the paper's bare URL ("Title. NeurIPS. 2019. https://...")
    # is no link here, and read over, it was the note, a field a new entry writes empty: it had no link.
    stop = min([a for a, _ in bounds if a >= start] + [s for s, _, _ in spans if s >= start] + [len(line)])
    taken = [(s, e) for s, e, _ in spans]
    venue = VENUE_MD.search(line, start, stop)
    if venue and _ETAL_END.fullmatch(next(g for g in venue.groups() if g is not None)):
        # "A. Berg *et al.*, ICML 2020": emphasis on "et al." alone is the names' own, no venue, nor the
        # names: read as them, "A. Berg" was template text every new entry copied.
        venue = VENUE_MD.search(line, venue.end(), stop)
    named = ""  # authors in emphasis: "[T](u) - *Ashish Vaswani, Noam Shazeer*, NeurIPS 2017"
    if venue:
        group = next(g for g in ("a", "b", "c") if venue.group(g) is not None)
        text = venue.group(group)
        # Names, not a venue: a list of them ("Data Mining and Knowledge Discovery" is a journal).
        listed = re.search(r",|\bet al\b|\b[A-Z]\.", text)
        if listed and looks_like_authors(text) and not VENUE_WORD.search(text):
            spans.append((venue.start(group), venue.end(group), "authors"))
            named, start = text, venue.end()  # a venue, if any, follows the names
        else:
            venue_and_year(line, venue.start(group), venue.end(group), spans, fields)
        taken.append(venue.span())
    years = _years(line, start, stop, taken)
    if years and "year" not in fields:
        ys, ye, kind, fields["year"] = years[-1]
        spans.append((ys, ye, kind))
        taken.append((ys, ye))
        if len(years) > 1:
            # "2019 (ICML 2020)", "arXiv 2019, ICML 2020": a preprint's year, then the venue's. Both are
            # the paper's year in a new entry (as template text, every one would copy the first), and
            # the words between the last two name the venue.
            spans += [(a, b, k) for a, b, k, _ in years[:-1]]
            taken += [(a, b) for a, b, _, _ in years[:-1]]
            gap = _BETWEEN_YEARS.fullmatch(line, years[-2][1], ys)
            if gap and _VENUE_BETWEEN.fullmatch(gap["v"]) and "venue" not in fields and not venue:
                spans.append((*gap.span("v"), "venue"))
                fields["venue"] = gap["v"]
                taken.append(gap.span("v"))
        after_venue = [a for a, _, _, _ in years if venue and a >= venue.end()]
        if after_venue and not named:
            named = _publication_detail(line, venue.end(), after_venue[0], spans, fields)  # type: ignore[union-attr]
    first_field = min([s for s, _ in taken if s >= start] + [stop])
    month = _MONTH_BEFORE.search(line, start, first_field) if (first_field, "year") in (
        (s, name) for s, _, name in spans) else None
    if month:
        # "A. Berg. NeurIPS, Dec. 2020": the month's name is the year's (the field "mon"), not the end
        # of the words before it. Read with them, names and all were the venue, and a new entry lost
        # its authors.
        first_field = month.start()
    region = line[start:first_field]
    authors_span = _authors_span(region)
    if authors_span and named:  # the names are read: plain words before the year are the venue
        authors_span = authors_span if "venue" not in fields and "year" in fields else None
    if authors_span:
        s, e = authors_span
        split = _venue_after_authors(region[s:e]) if not named else None
        if split:
            # "Slack et al., AIES 2020": the venue is a field; as template text every new entry would
            # copy this entry's venue. With the venue read already ("A. Berg. arXiv 2019, ICML 2020"),
            # the words after the names are the list's own ("arXiv").
            names_end, venue_start, venue_end = (start + s + k for k in split)
            spans.append((start + s, names_end, "authors"))
            if "venue" not in fields:
                spans.append((venue_start, venue_end, "venue"))
                fields["venue"] = line[venue_start:venue_end]
            return line[start + s : names_end]
        if not named and looks_like_authors(region[s:e]):
            spans.append((start + s, start + e, "authors"))
            return region[s:e]
        if "venue" not in fields and "year" in fields:
            # ", ICML 2020": plain words before the year name the venue. Left as template text, every
            # new entry would copy this entry's venue. Names may still follow ("ICML 2020 - A. Berg").
            # A bracket it closes is the list's ("[ICML] [2020]").
            e = s + len(_unclosed_end(region[s:e]))
            spans.append((start + s, start + e, "venue"))
            fields["venue"] = region[s:e]
            taken.append((start + s, start + e))
    # Authors after the year or venue: "**Title** (2017), A. Vaswani et al. [[pdf]](url)".
    last_field = max([e for s, e in taken if start <= s < stop] + [start])
    rest = line[last_field:stop]
    last_field += len(rest) - len(rest.lstrip(")]】*_`'\""))  # the field's own closer stays template
    after = _authors_span(line[last_field:stop]) if last_field > start and not named else None
    if after and looks_like_authors(line[last_field + after[0] : last_field + after[1]]):
        s, e = last_field + after[0], last_field + after[1]
        spans.append((s, e, "authors"))
        return line[s:e]
    if "venue" not in fields and "year" not in fields:
        note = re.match(r"^[\s\-–—:.,;|]*", line[start:stop])
        s = start + (note.end() if note else 0)
        text = line[s:stop].rstrip()
        if text and not re.fullmatch(rf"\\|{_LINE_TAG}", text):  # a line break ("\\", "<br>") is no note
            spans.append((s, s + len(text), "note"))
            fields["note"] = text
    return named


_READ_FIELDS = ("authors", "venue", "year", "yy")

# What lies between the venue and its year: separators and closing markup around the paper's own
# volume, issue, pages or publisher ("*, vol. 43, no. 2, pp. 1–10, " in "*IEEE TPAMI*, vol. 43, no. 2,
# pp. 1–10, Feb. 2021"), then the month's name, which is a field of its own.
_DETAIL = re.compile(rf"[)\]*_`'\"]*[\s,.;:]*(?P<d>.*?)[\s,.;:(\[]*"
                     rf"(?:(?<![\w-])(?:{MONTH_NAMES}|(?:{MON_NAMES})\.?)[ \t]+)?")


def _publication_detail(line: str, start: int, year: int, spans: list, fields: dict[str, str]) -> str:
    """The paper's own volume, issue, pages or publisher written between its venue (ending at ``start``)
    and its year: the field "detail" ("*IEEE TPAMI*, vol. 43, no. 2, pp. 1–10, 2021", "in *Explainable
    AI*, Springer, 2019"). As template text, every new entry carried its neighbour's pages. Names there
    ("*ICML*, A. Berg, C. Dorn, 2020") are the authors: returns them."""
    gap = _DETAIL.fullmatch(line, start, year)
    labels = gap is not None and line.startswith(":", gap.end("d"))  # "*ICML*, Year: 2020": the list's own
    if not gap or labels or not re.search(r"\w", gap["d"]) or any(s < gap.end("d") and gap.start("d") < e
                                                                  for s, e, _ in spans):
        return ""
    if looks_like_authors(gap["d"]) and not any(name == "authors" for _, _, name in spans):
        spans.append((*gap.span("d"), "authors"))
        return gap["d"]
    spans.append((*gap.span("d"), "detail"))
    fields["detail"] = gap["d"]
    return ""


_MONTH_DAY = re.compile(r"[-/.](?:0[1-9]|1[0-2])(?:[-/.](?:0[1-9]|[12]\d|3[01]))?(?![\w/.-])")


def _remark(line: str, start: int, spans: list, fields: dict[str, str], refs: dict[str, str]) -> None:
    """Text after a paper's names, venue and year on its line ("*ICML 2024*. 备注：经典的水印。", "ICML 2023
    (Oral)") is that paper's own remark, the field "remark", as a note before them is its own: left as
    template text, every new entry copied its neighbour's. Separators, closing markup and tags, and a
    line break are the list's."""
    last = max((e for s, e, name in spans if s >= start and name in _READ_FIELDS), default=-1)
    if last < 0 or any(s >= start and name == "note" for s, _, name in spans):
        return
    # An award read inside the venue's emphasis ("*ICML 2023 (Oral)*. Great paper."): the text after
    # it is a remark too, else it stops the remark before it starts and is copied into new entries.
    last = max([last] + [e for s, e, name in spans if s >= last and name == "remark"])
    month = _MONTH_DAY.match(line, last)
    if month and any(e == last and name == "year" for _, e, name in spans):
        last = month.end()  # "arXiv 2024.05", "2023-05-17": the month and day are the year's ("mm", "dd")
    # Up to the next field or link: "ICML 2020. [[pdf]](u)" (the paper's own link) has no remark.
    stop = min([s for s, _, _ in spans if s >= last] + [k.start for k in find_links(line, refs, last)]
               + [len(line)])
    if "\n" in line[last:stop]:
        stop = line.index("\n", last)
    at = re.compile(r"[)\]】*_`'\"]*[\s\-–—:.,;|]*").match(line, last).end()  # type: ignore[union-attr]
    text = _unclosed_end(re.sub(r"(?:<[^<>]*>|\\|\s)+$", "", line[at:stop]))
    url_next = any(s == stop and name == "url" for s, _, name in spans)  # the paper's bare URL follows
    if url_next and text.endswith(":"):
        return  # "2019. [Online]. Available: https://...": the list's label for the URL
    if (url_next or "," in line[last:at]) and text.endswith(".") and not text.endswith(".."):
        # "*NeurIPS*, 31, 9505–9515. https://...", "*JMLR*, *20*(3), 1–10.": the volume and pages go on
        # the venue's sentence, and the full stop ending it is the list's, which entries without them keep.
        text = text[:-1]
    if re.search(r"\w", re.sub(r"<[^<>]*>", "", text)):
        spans.append((at, at + len(text), "remark"))
        fields.setdefault("remark", text)


_BETWEEN_YEARS = re.compile(r"[\s,.;:(\[]*(?P<v>.*?)\s*")
# A venue's name between two years: a few capitalised words ("ICML", "IEEE S&P", "Nature Machine
# Intelligence"), not a note ("extended in TPAMI").
_VENUE_BETWEEN = re.compile(r"(?=.*[A-Z])[A-Z0-9][\w&'’-]*(?: (?:[A-Z0-9&][\w&'’-]*|of|on|for|and|in)){0,5}")


def _years(line: str, start: int, stop: int, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """(start, end, field, year) of the years in ``line[start:stop]`` outside ``taken``: four digits,
    or else a venue's two ("'20": the field "yy", the year 2020)."""
    free = [(m.start(), m.end(), "year", m.group(0)) for m in YEAR.finditer(line, start, stop)]
    free += [(m.start(), m.end("year"), "year", m["year"]) for m in YEAR_MONTH.finditer(line, start, stop)
             if not any(f[0] == m.start() for f in free)]  # "2024/05"
    free = sorted(f for f in free if not any(s <= f[0] < e for s, e in taken))
    if free:
        return free
    short = [m for m in SHORT_YEAR.finditer(line, start, stop)
             if not any(s <= m.start() < e for s, e in taken)]
    return [(m.start(), m.end(), "yy", full_year(m.group(0))) for m in short]


def full_year(two_digits: str) -> str:
    """A venue's two-digit year as four: "'20" is 2020, "'98" 1998."""
    return ("19" if two_digits > "50" else "20") + two_digits


# After a comma, or in parentheses: "*NeurIPS 2020 Workshop*" names its venue after the year.
_AWARD = re.compile(r"(?:\s*[,;]\s*|\s+(?=\())(?P<r>\([^()]*[^\W\d][^()]*\)|[^\W\d][^()]*)\s*")


def venue_and_year(line: str, s: int, e: int, spans: list, fields: dict[str, str]) -> None:
    """A venue in emphasis; a year ending it ("*ICML 2020*", "*ICML (2020)*") is the year field, so a
    new entry writes its own year there, and the section's year order can be read."""
    year = YEAR.search(line, s, e)
    # "*ICML 2023 (Outstanding Paper)*", "*NeurIPS 2023, Oral*": an award or track after the year is
    # the paper's own remark, not the venue's words.
    award = _AWARD.fullmatch(line, year.end(), e) if year else None
    if award and "remark" not in fields:
        spans.append((*award.span("r"), "remark"))
        fields["remark"] = award["r"]
        e = year.end()  # type: ignore[union-attr]
    if year and not line[year.end() : e].strip(" \t).,"):
        spans.append((year.start(), year.end(), "year"))
        fields["year"] = year.group(0)
        cut = year.start()
        # "*(May 2025)*", "*NeurIPS, Dec. 2020*": the month's name is the year's (month_fields reads it),
        # not the venue's words. Read as the venue, a new entry wrote "*arXiv 2025)*".
        month = _MONTH_BEFORE.search(line, s, cut)
        cut = month.start() if month else cut
        while cut > s and line[cut - 1] in " \t,(":
            cut -= 1
        if cut == s:  # "*2020*": a year alone
            return
        e = cut
    spans.append((s, e, "venue"))
    fields["venue"] = line[s:e]


def _head_fields(line: str, start: int, stop: int, spans: list, fields: dict[str, str]) -> str:
    """Authors, a venue or the paper's short name written before the title ("Emil Frey, Gus Hart.
    [Title](url)", "[ICLR 2021] [Title](url)", "**BERT**: [Title](url)"); returns the authors text.
    Left as template text, a new entry would copy them."""
    title_start = stop
    stop = min([s for s, _, _ in spans if start <= s < stop] + [stop])  # up to a year found there
    found = _authors_span(line[start:stop])
    if not found:
        return ""
    s, e = start + found[0], start + found[1]
    ends_names = _ETAL_END.search(line, s, e) and line.endswith(".", s, e)
    if ends_names and not line[e:title_start].strip(" \t*_\"“["):
        # "A. Berg et al. [Title](u)": the full stop ends "et al." and the names' sentence both; in the
        # names, a new entry of names in full ran into its title ("A. Lovelace & A. Turing [Title]").
        e -= 1
    if not fields.get("authors") and looks_like_authors(line[s:e]):
        spans.append((s, e, "authors"))
        return line[s:e]
    if stop == title_start and _NICKNAME.fullmatch(line[start:stop]):
        # The paper's short name ("**BERT**: [Pre-training of ...](u)"): its own, even in capitals.
        spans.append((start, stop, "prefix"))
    elif "venue" not in fields and VENUE_WORD.fullmatch(line[s:e]):
        spans.append((s, e, "venue"))
        fields["venue"] = line[s:e]
    elif stop == title_start and (tag := _TAG.fullmatch(line, start, stop)):
        # "[CVPR Oral] [Title](u)": this paper's own tag, its brackets and all; a new entry has none.
        spans.append((tag.start(1), stop, "prefix"))
    return ""


# A tag before a title, maybe in bold: "[CVPR 2020] ", "【Oral】", "(ICML 2021) ", "**[ICLR 2020]** ".
_LEAD_TAG = re.compile(r"(\*\*|__)?(?:\[[^\[\]]*\]|【[^】]*】|\([^()]*\))(?(1)\1)\s*")
# A tag with a year after a plain title: " (ICML 2021)", " [CVPR'22]".
_DATED = r"(?:(?<!\d)(?:19|20)\d\d|['’]\d\d)"
_END_TAG = re.compile(rf"\s+(?:\([^()]*{_DATED}[^()]*\)|\[[^\[\]]*{_DATED}[^\[\]]*\])$")
# A short name and a colon before a title, maybe in emphasis: "**Transformer**: ", "BERT: ".
_NICKNAME = re.compile(r"[*_]{0,2}[^\s*_:\[\]()]{1,30}(?: [^\s*_:\[\]()]{1,30}){0,2}[*_]{0,2}\s*:\s*")
# A tag in brackets or bold before a title: "[CVPR Oral] ", "【Spotlight】", "**Oral, ICML** ".
_TAG = re.compile(r"\s*(\[[^\[\]]{1,40}\]|【[^】]{1,40}】|\*\*[^*]{1,40}\*\*|__[^_]{1,40}__)\s*")


def _venue_after_authors(text: str) -> tuple[int, int, int] | None:
    """(end of the names, start and end of the venue) when the last comma-separated part of ``text`` names a
    venue ("ICML", "IEEE TIFS", "NeurIPS Workshop"; anything after "et al.") after author names."""
    # The venue follows the last comma, full stop, parenthesis, middle dot, semicolon or spaced dash
    # ("Emil Frey, Gus Hart. ICLR 2021.", "by Emil Frey, Gus Hart (ICLR 2021)", "Emil Frey, Gus Hart ·
    # ICLR 2021", "(Emil Frey, Gus Hart; ICLR 2021)", "Frey et al. - ICLR 2021").
    seps = [(text.rfind(sep), len(sep)) for sep in (",", ". ", " (", "·", ";", " - ", " – ", " — ")]
    seps += [(m.start(), m.end() - m.start()) for m in re.finditer(_LINE_TAG, text)]  # "A. Berg<br>ICML"
    cut, width = max(seps)
    # Markup around the venue ("**ICLR 2021**", "(ICLR'21)") stays around it, as in _authors_span,
    # and so does a separator after it ("A. Berg - **ICML** - 2020").
    left, right = text[:cut].rstrip(), text[cut + width :].strip().lstrip("*_`[(")
    right = _unclosed_end(right)
    if cut < 0 or not right or looks_like_authors(right):
        return None
    if not (VENUE_WORD.search(right) or _ETAL_END.search(left)):
        return None
    venue_start, venue_end = text.index(right, cut), text.index(right, cut) + len(right)
    cited = re.match(r"In[ \t]+", right)  # "A. Berg. In ICML 2020": the "In" is the list's, not the venue's
    if cited and text[cut] in ".,":
        venue_start += cited.end()
    return (len(left), venue_start, venue_end) if looks_like_authors(left) or _one_name(left, right) else None


def _one_name(text: str, venue: str) -> bool:
    """Whether ``text`` is one author's full name before ``venue`` ("Olaf Smith, MICCAI 2015"). Alone, one
    name without an initial reads as no names (a title's words look as much like one), and the name and
    venue were both read as the venue; a venue that names itself (an acronym, "Conference") vouches for
    it, where its words name no subject ("Deep Learning, ICML") nor an organisation by its acronym
    ("Google AI")."""
    return (is_name(text) and bool(VENUE_WORD.search(venue)) and not SUBJECT_WORD.search(text)
            and not VENUE_WORD.search(text) and not is_group_name(text) and not _NO_PERSON.search(text))


# Words of a lab, a place or a label, which a list may write where names go ("Google Brain, ICML",
# "Best Paper, NeurIPS"): no person's name.
_NO_PERSON = re.compile(r"\b(?:research|brain|labs?|paper|award|oral|spotlight|poster|highlight|kong|york|"
                        r"francisco|angeles|valley|national|academy|college|school|center|centre|inc|corp|ltd)\b",
                        re.IGNORECASE)


def _unclosed_end(text: str) -> str:
    """``text`` without the separators, and the closing markup whose opening it lacks, it ends with."""
    while True:
        trimmed = text.rstrip(" \t-–—")
        for close, open_ in ((")", "("), ("]", "[")):
            if trimmed.endswith(close) and trimmed.count(open_) < trimmed.count(close):
                trimmed = trimmed[:-1]
        for mark in ("**", "__", "*", "_", "`"):  # the pair's first half is missing: an odd count
            if trimmed.endswith(mark) and trimmed.count(mark) % 2:
                trimmed = trimmed[: -len(mark)]
                break
        if trimmed == text:
            return text
        text = trimmed


def _authors_span(region: str) -> tuple[int, int] | None:
    # Separators, and markup that opens here and closes after the field ("**[T](u)** (ICLR 2021)",
    # "A, **ICLR 2021**", "[ICLR 2021]", "<br><sub>A, B · ICML</sub>"): inside the field it would be
    # replaced with it, and a new entry's markdown left unbalanced.
    lead = re.match(rf"^(?:{EMOJI}|[\s.,:;\-–—(|*_`\[【·•\"”]|by\s|{_LINE_TAG})*", region)
    s = lead.end() if lead else 0
    text = _strip_end(region[s:])
    etal = _EMPHASISED_ETAL.search(text)
    if etal and region.startswith(etal["em"], s + len(text)):
        # "S. Hooker *et al.*, ...": the mark closing "et al." is the names' own, not one opening the
        # next field. Left out, a new entry of names in full closed an emphasis it never opened.
        text += etal["em"]
    stop = _OWN_STOP.search(text)
    own = stop is not None and (stop["i"] is None or stop["i"].isupper())  # "et al.", "P.", "Å."
    if text.endswith(".") and (not own or vancouver_names(text[:-1])):
        # The "." is the list's separator, not part of the last name, nor an initial's where the names
        # write theirs bare ("Dombrowski A, Kessel P.").
        text = text[:-1]
    return (s, s + len(text)) if text else None


# A full stop that is the names' own: "et al.", an initial's in any script ("P.", "Å."), "i" the letter.
_OWN_STOP = re.compile(r"(?:\bal|\b(?P<i>[^\W\d_]))\.$")
# "et al." in emphasis, ending names whose closing mark was stripped: "S. Hooker *et al." ("*et al.*").
_EMPHASISED_ETAL = re.compile(r"(?P<em>\*\*|__|\*|_)et\.?\s+al\.?$")


# The word a citation puts between the names and the venue: "A. Berg, C. Dorn. In *ICML*, 2020."
_CITATION_IN = r"(?<=[.,])[ \t]+In"


def _strip_end(text: str) -> str:
    """``text`` without the separators and opening markup, or line tags, it ends with."""
    while True:
        # A spaced dash or bar after the field separates it from the next ("A. Berg - *ICML*"); a
        # backslash ending the line is markdown's line break, as "<br>" is ("A. Berg, C. Dorn \\"); a
        # citation's "In" after the names introduces the venue ("C. Dorn. In *ICML*").
        stripped = re.sub(rf"{_LINE_TAG}$|[ \t]+[-–—|]+$|\\$|{_CITATION_IN}$", "",
                          text.rstrip(" \t\r\n,;:(*_`[【·•\"“'’"))
        if stripped == text:
            return text
        text = stripped


# A name in a script without capitals: two or three Chinese characters or Korean syllables ("胡正民",
# "김철수"), as Chinese lists write their authors, maybe followed by its romanised form ("戴涓涛 (Josef
# Dai)"). Not four: that is as often a term ("对抗攻击") as a name.
_UNCASED_NAME = re.compile(r"(?:[\u4e00-\u9fff\u3400-\u4dbf]{2,3}|[\uac00-\ud7a3]{2,3})"
                           r"(?:\s*[(（](?P<roman>[^()（）]+)[)）])?")


def emphasised_text(text: str) -> tuple[int, int]:
    """The span of a link text's words inside the emphasis that wraps them whole, else the whole:
    "[**Title**](u)" is the list's style around the title, not the title's words."""
    inside = (re.fullmatch(r"(\*\*\*|___|\*\*|__|\*|_|`)(?P<t>[^*_`]+)\1", text)
              # '<a href="u"><b>Title</b></a>': as HTML, read as the title it hid the paper listed.
              or re.fullmatch(r"<(b|strong|em|i)>(?P<t>[^<>]+)</\1>", text, re.I))
    return inside.span("t") if inside else (0, len(text))


def is_name(text: str) -> bool:
    """Two to four capitalised words, in any script's capitals ("Łukasz Kaiser", "Özgür Şimşek"), with
    lower-case surname particles between them allowed ("Guido van Rossum"); or a Chinese or Korean name
    (_UNCASED_NAME)."""
    uncased = _UNCASED_NAME.fullmatch(text.strip())
    if uncased:
        return uncased["roman"] is None or is_name(uncased["roman"])
    words = text.split()
    if not words or not (words[0][0].isupper() and words[-1][0].isupper() and len(words[-1]) > 1):
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return 2 <= capitalised <= 4 and all(
        _NAME_WORD.fullmatch(w) and (w[0].isupper() or w in PARTICLES) for w in words)


def looks_like_authors(text: str) -> bool:
    if cjk := _CJK_ETAL_END.search(text):  # names before it, every one: "Binbin Huang, Zehao Yu 等"
        names = [n for n in re.split(r"\s*[,、，]\s*", text[: cjk.start()]) if n]
        return bool(names) and all(is_name(n) for n in names)
    if _ETAL.search(text) or family_first(text):  # "Ghorbani, A., & Zou, J.": a comma in each name
        return True
    if inverted_first(text) and not SUBJECT_WORD.search(text):  # "Ghorbani, Amirata, and James Zou"
        return True
    if vancouver_names(text):  # "Dombrowski A, Kessel P"
        return True
    names = [n for n in re.split(r"\s*(?:,\s*and\s+|,|&|\band\b)\s*", text) if n]
    if not names or not all(is_name(n) for n in names):
        return False
    return bool(_INITIAL_TOKEN.search(text)) or len(names) >= 2


def details_fields(text: str, offset: int, spans: list, fields: dict[str, str]) -> str:
    """Fields of a ``<details><summary>authors <em>venue</em> year</summary> abstract</details>`` block."""
    summary = SUMMARY.search(text)
    if not summary:
        return ""
    c0 = summary.start("content")
    content = summary.group("content")
    venue = _VENUE_HTML.search(content)
    taken: list[tuple[int, int]] = []
    if venue:
        spans.append((offset + c0 + venue.start("a"), offset + c0 + venue.end("a"), "venue"))
        fields["venue"] = venue.group("a")
        taken.append(venue.span())
    years = [m for m in YEAR.finditer(content) if not any(s <= m.start() < e for s, e in taken)]
    if years:
        after = [m for m in years if not venue or m.start() >= venue.end()]
        y = (after or years)[-1]
        spans.append((offset + c0 + y.start(), offset + c0 + y.end(), "year"))
        fields["year"] = y.group(0)
        taken.append(y.span())
    first_field = min([s for s, _ in taken] + [len(content)])
    authors = ""
    span = _authors_span(content[:first_field])
    # A label in markup ("<b>Abstract</b>") is a label still.
    if span and _SUMMARY_LABEL.match(re.sub(r"<[^<>]*>", "", content[span[0] : span[1]])):
        span = None
    if span:
        authors = content[span[0] : span[1]]
        spans.append((offset + c0 + span[0], offset + c0 + span[1], "authors"))
    close = DETAILS_CLOSE.search(text, summary.end())
    body = text[summary.end() : close.start() if close else len(text)]
    stripped = body.strip()
    if stripped:
        b0 = summary.end() + body.index(stripped)
        spans.append((offset + b0, offset + b0 + len(stripped), "abstract"))
        fields["abstract"] = stripped
    return authors
