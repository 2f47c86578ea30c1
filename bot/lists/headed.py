"""Papers written one per heading: "### Title" over its own lines ("- Authors: A. Berg, C. Dorn", "- Venue:
NeurIPS 2019", "- [[Paper]](u) [[Code]](c)"). The heading and its lines are one entry, and its template is
the whole block, so a new paper is written as a block of the same lines, labels, links and blank lines.
"""

from __future__ import annotations

import re

from bot.identity import arxiv_id_from, doi_from
from bot.lists.authors import PARTICLES, ParsedAuthors, split_authors
from bot.lists.entry import (
    CODE_LINK_TEXT,
    DETAILS_CLOSE,
    DETAILS_OPEN,
    EMOJI,
    GENERIC_LINK_TEXT,
    IMAGE,
    PAPER_HOSTS,
    SUMMARY,
    VENUE_WORD,
    YEAR,
    Link,
    ParsedEntry,
    bare_paper_link,
    details_fields,
    find_links,
    link_bounds,
    marked,
    month_fields,
    spelled_id,
    tail_fields,
    venue_and_year,
)

Span = tuple[int, int, str]

# An ATX heading's marks, its text and its closing marks: "### Title", "### 3. Title ###".
_ATX = re.compile(r"(?P<marks> {0,3}#{1,6}[ \t]+)(?P<rest>.*?)(?:[ \t]+#+)?[ \t]*")
_NUMBER = re.compile(r"(?P<num>\d{1,3})[.)][ \t]+")
# A tag before the title: "[2019] ", "[Oral] ", "(NeurIPS 2019) ", "**[ICLR 2020]** "; not a link's text.
_LEAD_TAG = re.compile(r"(?P<em>\*\*|__)?(?:\[(?P<a>[^\[\]]+)\](?!\()|\((?P<b>[^()]+)\))(?(em)(?P=em))[ \t]+")
# A tag with a year ending the title: " (NeurIPS 2019)", " [CVPR'22]".
_DATED = r"(?:(?<!\d)(?:19|20)\d\d(?!\d)|['’]\d\d)"
_END_TAG = re.compile(rf"[ \t]+(?:\((?P<a>[^()]*{_DATED}[^()]*)\)|\[(?P<b>[^\[\]]*{_DATED}[^\[\]]*)\])$")
_EMOJIS = re.compile(rf"(?:{EMOJI}[ \t]*)+")
_WRAPPED = re.compile(r"(?P<em>\*\*|__|\*|_)(?P<t>[^*_]+)(?P=em)")
# A detail line's label, in emphasis or not, before its colon: "- Authors: ", "**Venue:** ", "*Venue*: ",
# "- **TL;DR**: ", "- 👥 Authors: "; not a URL's scheme ("https://").
_LABEL = re.compile(
    rf"(?P<lead>[ \t]*(?:[*+-][ \t]+|>[ \t]*)?(?:{EMOJI}[ \t]*)*)(?P<em>\*\*|__|\*|_)?"
    r"(?P<label>[^\W\d_][^\W_]*(?:[ ;./&-]{1,2}[^\W_]+){0,3})"
    r"(?:(?(em)(?P=em))[ \t]*[:：]|[ \t]*[:：][ \t]*(?(em)(?P=em)))(?!//)[ \t]*"
)
_LEAD = re.compile(r"[ \t]*(?:[*+-][ \t]+|>[ \t]*)?")
# What each label says its value is. A label of none of these ("TL;DR", "Keywords") marks the paper's own
# text, which a new entry leaves out.
# In Japanese, Chinese and Korean too: "著者", "作者", "저자".
_AUTHORS_LABEL = re.compile(r"authors?|authored by|by|writers?|著者|作者|저자", re.I)
_WHEN_LABEL = re.compile(r"venue|conference|conf|journal|published(?: (?:in|at|on))?|publication|"
                         r"proceedings|booktitle|accepted(?: (?:at|by|in))?|source|year|date|time", re.I)
_ABSTRACT_LABEL = re.compile(r"abstract", re.I)
_LINKS_LABEL = re.compile(r"(?:(?:paper|pdf|arxiv|code|links?|urls?|project(?: page)?|resources?|github|"
                          r"repo(?:sitory)?|website|doi|openreview)[ &/,]*)+", re.I)
# A link's text that names the paper itself (not its code): "[Paper]", "[[pdf]]", "arXiv".
# With a qualifier in brackets too: "📄 Paper (Low Resolution)", "PDF (arXiv)".
_PAPER_TEXT = re.compile(r"^\W*(?:paper|pdf|arxiv|doi|openreview|proceedings|abs|html|link|url)\W*"
                         r"(?:\([^()]{1,40}\)\W*)?$", re.I)
# A line of a figure or of HTML alone ('<img src="fig.png">', "![overview](fig.png)", "<br>").
_MARKUP_LINE = re.compile(r"[ \t]*(?:(?:!\[[^\]]*\]\([^()]*\)|<[^<>]*>)[ \t]*)+")
# A <summary> that labels what it folds: the paper's abstract, or other text of its own.
_FOLD_LABEL = re.compile(r"^\W*(?:abstract|summary|details|tl;?\s*dr|more|show|expand|read more|notes?)\W*$",
                         re.I)
# Lines no heading block of one paper holds: a table, a fenced code block (a citation's BibTeX).
_NOT_DETAILS = re.compile(r"[ \t]*(?:\||```|~~~)")
_ABSTRACT_WORDS = 25  # a paragraph of so many words, no label, is the paper's abstract; shorter, a note
_LINK_WORDS = 3  # "[Project Page](u)": a resource's name; longer link text is another paper's title
_FIELDS_SHARE = 0.6  # a line with no label is a line of fields where they cover this share of its text
_READ = ("authors", "venue", "year", "yy")
_YEARS = re.compile(r"(?<![\w.])(?:19|20)\d\d[ \t]*[-–—][ \t]*(?:19|20)\d\d(?![\w.])")  # "2018-2023"
_TITLE_WORDS = 3  # the fewest words of a title read as a paper's
# The words in lower case a venue's name holds: "Proceedings of the AAAI Conference on Artificial
# Intelligence".
_VENUE_SMALL_WORDS = {"of", "on", "the", "in", "for", "at", "and", "to", "with", "de"}


def parse_heading_entry(lines: list[str], refs: dict[str, str], short_ok: bool = True) -> ParsedEntry | None:
    """A heading and the lines under it (no line endings, no trailing blank line) read as one paper; None
    where they are not one: no link to the paper, no names, venue or year, or a line that is no detail
    of one paper (a table, a code block, a link titled for another paper). A title of a word or two
    ("Segment Anything", unspaced Chinese) is a paper's where its block has its link, names and venue,
    and either labels them ("Authors:", "Venue:") or ``short_ok`` (the list's papers with longer titles
    are written with such lines); else it names a topic."""
    spans: list[Span] = []
    fields: dict[str, str] = {}
    titled = _read_heading(lines[0], spans, fields, refs)
    if titled is None:
        return None
    offset = len(lines[0]) + 1
    k = 1
    while k < len(lines):
        line = lines[k]
        if _NOT_DETAILS.match(line):
            return None
        if DETAILS_OPEN.match(line):
            close = next((j for j in range(k, len(lines)) if DETAILS_CLOSE.search(lines[j])), None)
            if close is None:
                return None
            text = "\n".join(lines[k : close + 1])
            _read_fold(text, offset, spans, fields)
            used = close + 1 - k
        elif not re.search(r"\w", line) or _MARKUP_LINE.fullmatch(line):
            # Blank lines and rules ("---") are the list's spacing; a figure is the paper's own.
            if IMAGE.search(line):
                spans.append((offset + len(line) - len(line.lstrip()), offset + len(line.rstrip()), "link"))
            used = 1
        else:
            used = _read_line(lines, k, offset, spans, fields, refs)
            if used == 0:
                return None
        offset += sum(len(x) + 1 for x in lines[k : k + used])
        k += used
    if not fields.get("url") or not any(fields.get(name) for name in _READ) or _two_papers(lines):
        return None
    if not titled and not _short_title_paper(lines, fields, short_ok):
        return None
    text = "\n".join(lines)
    month_fields(text, spans, fields)
    authors_text = fields.get("authors", "")
    authors = split_authors(authors_text) if authors_text else ParsedAuthors([], False, {})
    fields["authors"] = authors_text
    return ParsedEntry(fields, authors, marked(text, spans), len(lines), "<details" in text.lower())


def _read_heading(line: str, spans: list[Span], fields: dict[str, str], refs: dict[str, str]) -> bool | None:
    """The title, and a number, a year or venue tag and links the heading holds ("### 3. [2019] [Title](u)
    (NeurIPS 2019)"); True where it is a paper's by its looks, False where its title is of a word or two
    (a paper's or a topic's, as its block says), None where the heading names no paper."""
    m = _ATX.fullmatch(line)
    if not m:
        return None
    pos, end = m.start("rest"), m.end("rest")
    if number := _NUMBER.match(line, pos, end):
        spans.append((*number.span("num"), "num"))
        fields["num"] = number["num"]
        pos = number.end()
    if marks := _EMOJIS.match(line, pos, end):
        # "### ⭐ Title": a mark of this paper's (a highlight), not the list's to give a new one.
        spans.append((*marks.span(), "prefix"))
        pos = marks.end()
    tag = _LEAD_TAG.match(line, pos, end)
    if tag and (tag["a"] is not None or YEAR.search(tag["b"])):  # "(Un)certainty" is the title's
        _read_tag(line, tag, spans, fields)
        pos = tag.end()
    links = find_links(line[:end], refs, pos)
    first = links[0] if links else None
    linked = False
    if (first and not line[pos : first.start].strip("*_ \t") and not IMAGE.match(first.text)
            and not GENERIC_LINK_TEXT.match(first.text)):
        # "### [Title](u)", "### **[Title](u)** [[Code]](c) (ICML 2020)": the title is the paper's link.
        inner = _WRAPPED.fullmatch(first.text)
        start = first.text_span[0] + (inner.start("t") if inner else 0)
        stop = first.text_span[0] + inner.end("t") if inner else first.text_span[1]
        spans += [(start, stop, "title"), (*first.target, "ref" if first.ref else "url")]
        fields.update(title=line[start:stop], url=first.url)
        linked = bool(PAPER_HOSTS.search(first.url))
        if first.ref:
            fields["ref"] = line[slice(*first.target)]
        after = first.end + len(line[first.end : end]) - len(line[first.end : end].lstrip("*_"))
        if line[after:end].strip():
            tail_fields(line[:end], after, spans, fields, refs)
    else:
        stop = first.start if first else end
        if first and _read_links(line[:end], links, spans, fields, "") is None:
            return None  # "### Title [[pdf]](u)": the links are the paper's
        text = line[pos:stop].rstrip(" \t-–—:|[")
        if tag := _END_TAG.search(text):
            group = "a" if tag["a"] is not None else "b"
            venue_and_year(line, pos + tag.start(group), pos + tag.end(group), spans, fields)
            text = text[: tag.start()]
        inner = _WRAPPED.fullmatch(text)
        start, stop = (pos + inner.start("t"), pos + inner.end("t")) if inner else (pos, pos + len(text))
        spans.append((start, stop, "title"))
        fields["title"] = line[start:stop]
    # A heading of a word or two names a topic ("Attacks", "Diffusion Models", "MNIST", "📊 Benchmarks")
    # over its one paper or link as often as a paper: the block decides (``_short_title_paper``); not where
    # it is the link to a paper ("### [Another Survey](arxiv)").
    words = sum(bool(re.search(r"[^\W\d_]", word)) for word in fields["title"].split())
    if words == 0:
        return None
    return words >= _TITLE_WORDS or linked


def _short_title_paper(lines: list[str], fields: dict[str, str], short_ok: bool) -> bool:
    """Whether a block under a title of a word or two is a paper's: it holds names and a venue or year
    (a topic's heading over one paper's link shows at most part of them), labelled so, which no topic's
    lines are, or written as the list's papers with longer titles write theirs (``short_ok``)."""
    if not fields.get("authors") or not (fields.get("venue") or fields.get("year")):
        return False
    labels = [m["label"] for line in lines[1:] if (m := _LABEL.match(line))]
    labelled = (any(_AUTHORS_LABEL.fullmatch(x) for x in labels)
                and any(_WHEN_LABEL.fullmatch(x) for x in labels))
    return labelled or short_ok


def heading_shape(lines: list[str]) -> frozenset[tuple[str, str]]:
    """The lines a heading block is written with: each detail line's mark ("-", ">") and label
    ("authors"), casefolded. A block under a title of a word or two whose lines are among those of a
    paper with a longer title is written as the list writes its papers."""
    shape = set()
    for line in lines[1:]:
        if not line.strip():
            continue
        label = _LABEL.match(line)
        lead = label["lead"] if label else _LEAD.match(line).group()  # type: ignore[union-attr]
        shape.add((re.sub(r"\s", "", lead), label["label"].casefold() if label else ""))
    return frozenset(shape)


def _read_tag(line: str, tag: re.Match[str], spans: list[Span], fields: dict[str, str]) -> None:
    """A tag before the title: its year ("[2019]"), or venue and year ("[NeurIPS 2019]"); any other tag
    ("[Oral]") is the paper's own."""
    group = "a" if tag["a"] is not None else "b"
    s, e = tag.span(group)
    if year := YEAR.fullmatch(line, s, e):
        spans.append((s, e, "year"))
        fields["year"] = year.group()
    elif YEAR.search(line, s, e):
        venue_and_year(line, s, e, spans, fields)
    else:
        spans.append((tag.start(), tag.end(), "prefix"))


def _read_line(lines: list[str], k: int, offset: int, spans: list[Span], fields: dict[str, str],
               refs: dict[str, str]) -> int:
    """Read the detail line ``lines[k]`` (and the paragraph it opens, for an abstract or a note) into
    ``spans`` at ``offset``; returns the lines it took, 0 where it is no detail of one paper."""
    line = lines[k]
    label = _LABEL.match(line)
    start = label.end() if label else len(_LEAD.match(line).group())  # type: ignore[union-attr]
    name = label["label"] if label else ""
    value = (start, len(line.rstrip()))
    if value[0] >= value[1]:
        return 1  # a label alone ("Links:" over its links): the list's
    links = find_links(line, refs, start)
    if _LINKS_LABEL.fullmatch(name) or (links and not label):
        found: list[Span] = []
        rest = _read_links(line, links or _bare(line, start), found, fields, fields["title"])
        if rest is not None and not label and _says_more(rest):
            # "A. Berg, C. Dorn. *ICML 2020*. [[pdf]](u)": the fields before the links, nothing after.
            read = _read_value(line, (start, links[0].start), "", fields)
            rest = rest if read is None or _says_more(rest[links[0].start :]) else ""
            found += read or []
        if rest is None or (not label and _says_more(rest)):
            return 0
        spans += [(offset + s, offset + e, kind) for s, e, kind in found]
        return 1
    if links:  # names or a venue with their own links ("Authors: [A. Berg](home)"): the paper's own
        _note(line, value, offset, spans, fields)
        return 1
    if _ABSTRACT_LABEL.fullmatch(name):
        _paragraph(lines, k, offset, start, spans, fields, "abstract")
        return _paragraph_end(lines, k) - k
    if label:
        _read_labelled(line, value, name, offset, spans, fields)
        return 1
    read = _read_value(line, value, name, fields)
    if read is not None:
        spans += [(offset + s, offset + e, kind) for s, e, kind in read]
        return 1
    kind = "abstract" if _words(lines, k) >= _ABSTRACT_WORDS and "abstract" not in fields else "note"
    _paragraph(lines, k, offset, start, spans, fields, kind)
    return _paragraph_end(lines, k) - k


def _read_labelled(line: str, value: tuple[int, int], name: str, offset: int, spans: list[Span],
                   fields: dict[str, str]) -> None:
    """The ``value`` of a line labelled ``name`` (not links, not an abstract): the names, venue and year
    its label says it holds ("Authors: A. Berg", "Venue: NeurIPS 2019"), else the paper's own note
    ("TL;DR: ...")."""
    read = _read_value(line, value, name, fields) if _labels_fields(name) else None
    if read is None:
        _note(line, value, offset, spans, fields)
    else:
        spans += [(offset + s, offset + e, kind) for s, e, kind in read]


def _labels_fields(name: str) -> bool:
    """Whether a line's label says it holds names, a venue or a year ("Authors", "Venue", "Published")."""
    return bool(_AUTHORS_LABEL.fullmatch(name) or _WHEN_LABEL.fullmatch(name))


def read_labelled_item(line: str, spans: list[Span], fields: dict[str, str]) -> str | None:
    """A sub-item labelled for names or a date under a bold title ("  - Authors: A. Berg, C. Dorn", "  -
    **Venue:** MICCAI, 2019"), read as a heading block's detail line is: the label is the list's text, the
    value the fields. Read as a one-line entry's tail, the label went into the fields, and a new entry
    lost it and its names. Returns the authors text; None where the sub-item has no such label or holds
    links (the caller reads it as a tail)."""
    label = _LABEL.match(line)
    name = label["label"] if label else ""
    if not label or not _labels_fields(name):
        return None
    value = (label.end(), len(line.rstrip()))
    if value[0] >= value[1] or find_links(line, {}, value[0]):
        return None
    own: dict[str, str] = {}
    _read_labelled(line, value, name, 0, spans, own)
    names = own.pop("authors", "")
    for key, text in own.items():
        fields.setdefault(key, text)
    return names


def _note(line: str, value: tuple[int, int], offset: int, spans: list[Span], fields: dict[str, str]) -> None:
    """``value`` of ``line`` as the paper's own note: kept for the entry, left out of a new one."""
    spans.append((offset + value[0], offset + value[1], "note"))
    fields.setdefault("note", line[slice(*value)])


def _read_value(line: str, value: tuple[int, int], label: str, fields: dict[str, str]) -> list[Span] | None:
    """The names, venue or year a detail line's value holds, as spans (and into ``fields``, where not read
    yet); None where it holds none of them, or, with no label, holds more than them (a sentence)."""
    found: list[Span] = []
    own: dict[str, str] = {}
    names = tail_fields(line[: value[1]], value[0], found, own, {})
    if names:
        own["authors"] = names
    kinds = {kind for _, _, kind in found}
    if _AUTHORS_LABEL.fullmatch(label) and kinds != {"authors"}:
        # "Authors: Otto Pahl": one name, read as none by its looks; the label says what it is.
        found, own = [(*value, "authors")], {"authors": line[slice(*value)]}
    elif not kinds & {"venue", "year", "yy"} and (
            _WHEN_LABEL.fullmatch(label) or (not label and VENUE_WORD.fullmatch(line[slice(*value)]))):
        found, own = [(*value, "venue")], {"venue": line[slice(*value)]}  # "Venue: NeurIPS", "- NeurIPS"
    kinds = {kind for _, _, kind in found}
    if not kinds & set(_READ) or kinds - {*_READ, "remark", "detail"}:
        return None
    text = re.sub(r"\W", "", line[slice(*value)])
    covered = sum(len(re.sub(r"\W", "", line[s:e])) for s, e, kind in found if kind in _READ)
    shares = covered >= _FIELDS_SHARE * len(text)
    if _YEARS.search(line, *value) or (not label and (not shares or _sentence(own))):
        # "We show in 2019 that ...", "A large image dataset from 2009": a sentence with a year in it;
        # "OpenAI, 2018-2023": the years of a series, not a paper's.
        return None
    for key, text in own.items():
        fields.setdefault(key, text)
    return found


def _sentence(own: dict[str, str]) -> bool:
    """Whether the names and venue read from a line with no label are a sentence's words ("Introduced by
    Kim et al., ICML 2018", "ImageNet (Deng et al., CVPR 2009)", "Occlusion and its variants, popularised
    in ECCV 2014") rather than a paper's fields."""
    names, venue = own.get("authors", ""), own.get("venue", "")
    if _prose(names, PARTICLES | {"and", "et", "al"}) or names.count("(") != names.count(")"):
        return True
    long = len(venue.split()) > _LINK_WORDS
    return long and (not VENUE_WORD.search(venue) or _prose(venue, _VENUE_SMALL_WORDS))


def _prose(text: str, small: set[str]) -> bool:
    """Whether ``text`` holds a word in lower case (no capital: "arXiv" is a name) other than ``small``
    ones: a sentence's, not names' or a venue's."""
    return any(w.islower() and w not in small for w in re.findall(r"[^\W\d_]+", text))


def _read_links(line: str, links: list[Link], spans: list[Span], fields: dict[str, str],
                title: str) -> str | None:
    """The paper's link among a line's links (the first named for the paper, or to a paper's host, where
    the heading gave none) as the field "url", the others the paper's own ("[[Code]](c)"); returns the
    line's text outside them. None where a link is titled for another paper."""
    taken = 0
    rest = []
    for link in links:
        text = link.text
        image = IMAGE.match(text)
        code = CODE_LINK_TEXT.match(text) or (image and not PAPER_HOSTS.search(link.url))
        short = len(text.split()) <= _LINK_WORDS
        # "[🔝](#contents)" beside the title is navigation; its text is no title's, even the unread one.
        paper = not code and not link.url.startswith("#") and (
            _PAPER_TEXT.match(text) or squash_words(text) in {squash_words(title)} - {""}
            or (PAPER_HOSTS.search(link.url) and (short or image)))
        if not (code or paper or image or short):
            return None
        if paper and "url" not in fields:
            spans.append((*link.target, "ref" if link.ref else "url"))
            fields["url"] = link.url
            if link.ref:
                fields["ref"] = line[slice(*link.target)]
            else:
                spelled_id(line, link.text_span, link.url, spans, fields)
        else:
            spans.append((*link_bounds(line, link), "link"))
        rest.append(line[taken : link.start])
        taken = link.end
    rest.append(line[taken:])
    return "".join(rest)


def squash_words(text: str) -> str:
    """The text's words, lower-cased, one space apart: titles compared so, "[Title](u)" is "Title"."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def _bare(line: str, start: int) -> list[Link]:
    """A bare URL to a paper after a links label ("- Paper: https://arxiv.org/abs/1902.02041")."""
    link = bare_paper_link(line, start)
    return [link] if link else []


def _says_more(text: str) -> bool:
    """Whether the text around a line's links is more than separators, icons and a few words ("📄 Paper
    |"): a date, or a sentence (a paper of its own, titled beside its "[pdf]" link)."""
    words = re.sub(rf"{EMOJI}|[^\w\s]", " ", text).split()
    return bool(YEAR.search(text)) or len(words) > _LINK_WORDS


def _read_fold(text: str, offset: int, spans: list[Span], fields: dict[str, str]) -> None:
    """A <details> fold: under a label ("<summary>Abstract</summary>") its text is the abstract, under
    another label ("TL;DR") or none the paper's own; a summary of names and venue is read as an item's."""
    summary = SUMMARY.search(text)
    label = re.sub(r"<[^<>]*>", "", summary["content"]) if summary else ""
    if not summary or (_FOLD_LABEL.match(label) and not _ABSTRACT_LABEL.search(label)):
        opened = summary.end() if summary else DETAILS_OPEN.match(text).end()  # type: ignore[union-attr]
        close = DETAILS_CLOSE.search(text, opened)
        body = text[opened : close.start() if close else len(text)]
        if body.strip():
            at = opened + body.index(body.strip())
            spans.append((offset + at, offset + at + len(body.strip()), "note"))
        return
    names = details_fields(text, offset, spans, fields)
    if names:
        fields.setdefault("authors", names)


def _paragraph(lines: list[str], k: int, offset: int, start: int, spans: list[Span],
               fields: dict[str, str], kind: str) -> None:
    """The paragraph from ``lines[k][start:]`` as one span of ``kind`` ("abstract" or "note")."""
    text = "\n".join(lines[k : _paragraph_end(lines, k)]).rstrip()
    spans.append((offset + start, offset + len(text), kind))
    fields.setdefault(kind, text[start:])


def _paragraph_end(lines: list[str], k: int) -> int:
    """The line after the paragraph that ``lines[k]`` opens: up to a blank line, a line of its own (a
    bullet, a label) or a fold."""
    end = k + 1
    while (end < len(lines) and lines[end].strip() and not _LEAD.match(lines[end]).group().strip()  # type: ignore[union-attr]
           and not _LABEL.match(lines[end]) and not DETAILS_OPEN.match(lines[end])):
        end += 1
    return end


def _words(lines: list[str], k: int) -> int:
    return sum(len(line.split()) for line in lines[k : _paragraph_end(lines, k)])


def _two_papers(lines: list[str]) -> bool:
    """Whether the block links two papers by their ids (two arXiv ids, or two DOIs): a heading over a
    list of papers, not one paper's details."""
    urls = [m.url for line in lines for m in find_links(line, {})]
    arxiv = {i for u in urls if (i := arxiv_id_from(u))}
    dois = {d.lower() for u in urls if (d := doi_from(u))}
    return len(arxiv) > 1 or len(dois) > 1
