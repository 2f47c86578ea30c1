"""Table rows as entries: ``| 2021 | [Title](url) | ICML | [code](...) |`` under a header that names
the columns. The header says which cell holds what; a column it does not name (code, stars, notes) is
kept per entry and left empty in new rows, which cannot know it."""

from __future__ import annotations

import re

from bot.lists.authors import ParsedAuthors, split_authors
from bot.lists.entry import BOLD, GENERIC_LINK_TEXT, LINK, VENUE_MD, YEAR, ParsedEntry, marked

# Header words -> field. First match wins, so "Paper title" is the title and "Published in" the venue.
_COLUMNS = [
    ("title", re.compile(r"\b(?:title|papers?|name|articles?|works?)\b", re.I)),
    ("authors", re.compile(r"\b(?:authors?|by|people)\b", re.I)),
    ("abstract", re.compile(r"\b(?:abstract|summary|tl;?\s*dr|description)\b", re.I)),
    ("year", re.compile(r"\b(?:year|date|when)\b", re.I)),
    ("venue", re.compile(r"\b(?:venue|conf\w*|journal|published|publication|where|source|booktitle|pub)\b",
                         re.I)),
]


def cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's content, stripped, between the row's unescaped pipes."""
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    bounds = [-1, *pipes, len(line)]
    spans = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        s, e = a + 1, b
        while s < e and line[s] in " \t":
            s += 1
        while e > s and line[e - 1] in " \t":
            e -= 1
        spans.append((s, e))
    # A leading or trailing pipe opens or closes the row; it leaves no cell.
    if pipes and not line[: pipes[0]].strip():
        spans = spans[1:]
    if pipes and not line[pipes[-1] + 1 :].strip():
        spans = spans[:-1]
    return spans


def column_fields(header: str) -> list[str]:
    """The field each column holds ("" for a column no field name matches); each field used once."""
    out: list[str] = []
    for s, e in cells(header):
        name = re.sub(r"[*_`]", "", header[s:e])
        kind = next((f for f, pattern in _COLUMNS if pattern.search(name) and f not in out), "")
        out.append(kind)
    return out


def parse_row(line: str, columns: list[str]) -> ParsedEntry | None:
    """One table row; None when it links nowhere (a row that is no paper)."""
    spans_of = cells(line)
    kinds = columns + [""] * (len(spans_of) - len(columns))
    spans: list[tuple[int, int, str]] = []
    fields: dict[str, str] = {}
    links = list(LINK.finditer(line))
    if not links or not spans_of:
        return None

    def titled_link_in(cell: tuple[int, int]) -> re.Match[str] | None:
        # A link whose text is the title, not "pdf" or "code".
        inside = (m for m in links if cell[0] <= m.start() < cell[1])
        return next((m for m in inside if not GENERIC_LINK_TEXT.match(m["text"])), None)

    title_cell = dict(zip(kinds, spans_of, strict=False)).get("title") or next(
        (cell for cell in spans_of if titled_link_in(cell)), spans_of[0])
    link = titled_link_in(title_cell)
    if link:
        title = (link.start("text"), link.end("text"))
    else:
        # "**Title** [[pdf]](url)" or "Title | [pdf](url)": the bold text, else the text before a link.
        s, e = title_cell
        bold = BOLD.search(line, s, e)
        if bold:
            group = "text" if bold.group("text") is not None else "text2"
            title = (bold.start(group), bold.end(group))
        else:
            first = next((m.start() for m in links if s <= m.start() < e), e)
            title = (s, first)
            while title[1] > s and line[title[1] - 1] in " \t-–—:|":
                title = (s, title[1] - 1)
        link = next((m for m in links if not title[0] <= m.start() < title[1]), None)
        if link is None or title[0] == title[1]:
            return None
    spans += [(*title, "title"), (link.start("url"), link.end("url"), "url")]
    fields["title"], fields["url"] = line[title[0] : title[1]], link.group("url")

    for i, (kind, (s, e)) in enumerate(zip(kinds, spans_of, strict=False)):
        if (s, e) == title_cell or s <= link.start() < e:
            continue
        if kind == "year":
            year = YEAR.search(line, s, e)
            if year:
                spans.append((year.start(), year.end(), "year"))
                fields["year"] = year.group(0)
        elif kind == "venue":
            _venue_cell(line, s, e, "year" not in columns, spans, fields)
        elif kind in ("authors", "abstract"):
            spans.append((s, e, kind))
            fields[kind] = line[s:e]
        else:
            # A column no field names (code, stars, notes): this row's own; a new row leaves it empty.
            spans.append((s, e, f"cell{i}"))
            fields[f"cell{i}"] = line[s:e]
    authors = split_authors(fields["authors"]) if fields.get("authors") else ParsedAuthors([], False, {})
    fields.setdefault("authors", "")
    return ParsedEntry(fields, authors, marked(line, spans), 1, False)


def _venue_cell(line: str, s: int, e: int, with_year: bool, spans: list, fields: dict[str, str]) -> None:
    """A venue cell: its text, or the text inside its emphasis; "ICML 2020" also gives the year when no
    column is the year."""
    em = VENUE_MD.fullmatch(line, s, e)
    if em:
        group = next(g for g in ("a", "b", "c") if em.group(g) is not None)
        s, e = em.start(group), em.end(group)
    year = YEAR.search(line, s, e) if with_year else None
    if year:
        spans.append((year.start(), year.end(), "year"))
        fields["year"] = year.group(0)
        e = year.start()
        while e > s and line[e - 1] in " \t,(":
            e -= 1
    if e > s:
        spans.append((s, e, "venue"))
        fields["venue"] = line[s:e]
