"""Table rows as entries: ``| 2021 | [Title](url) | ICML | [code](...) |`` under a header that names
the columns. The header says which cell holds what; a column it does not name (code, stars, notes,
a human-written summary) is kept per entry and left empty in new rows, which cannot know it."""

from __future__ import annotations

import re

from bot.lists.authors import ParsedAuthors, split_authors
from bot.lists.entry import (
    BARE_IMAGE,
    BOLD,
    FIELD,
    GENERIC_LINK_TEXT,
    HTML_LINK,
    ID_TEXT,
    LINK,
    MARK,
    MON_NAMES,
    MONTH_NAMES,
    PAPER_HOSTS,
    SHORT_YEAR,
    SUBJECT_WORD,
    VENUE_MD,
    YEAR,
    ParsedEntry,
    badge_date,
    badge_template,
    emphasised_text,
    full_year,
    looks_like_authors,
    marked,
    spelled_id,
    tail_fields,
)

# A row's template starts with this marker (it renders as nothing), so a style knows it is a row.
ROW = MARK + "row" + MARK
# Header words -> field. First match wins: "Paper title" is the title, "Venue & Year" the venue (its
# year is read out of it), "Published in" the venue.
_COLUMNS = [
    ("title", re.compile(r"\b(?:title|papers?|name|articles?|works?)\b", re.I)),
    ("authors", re.compile(r"\b(?:authors?|by|people)\b", re.I)),
    ("abstract", re.compile(r"\babstracts?\b", re.I)),
    ("venue", re.compile(r"\b(?:venue|conf\w*|journal|published|publication|where|source|booktitle|pub)\b",
                         re.I)),
    # "Time" and "Month" alone head a date column ("| Time | Title |" with 2024.04), where its cells are
    # dates (_WEAK_DATE): not "| Time |" of speed-ups, nor "Inference time".
    ("year", re.compile(r"\b(?:year|date|when)\b|^\W*(?:time|month|released?)\W*$", re.I)),
    ("num", re.compile(r"^\W*(?:no|nr|num|number|index|idx)\W*$|^#$", re.I)),  # "| No. | Title |"
]
_PIPE = re.compile(r"(?<!\\)\|")
_SHORTCODE = re.compile(r":[\w+-]+:")  # GitHub's emoji shortcodes, ":page_facing_up:"
_FIELD_OF_KIND = {"title": f"[{MARK}title{MARK}]({MARK}url{MARK})",
                  **{kind: MARK + kind + MARK for kind in ("authors", "abstract", "venue", "year", "num")}}


def cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's content, stripped, between the row's unescaped pipes."""
    pipes = [m.start() for m in _PIPE.finditer(line)]
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


# A header that names the title outright: where one does, a "Name" column is the paper's short name
# ("| Name | Paper |": "AdvBench", then its paper's title), not its title.
_TITLE_HEADER = re.compile(r"\b(?:title|papers?|articles?)\b", re.I)


# Headers that say a venue or a date: "Published" (where, or when), "Publication (Date)".
_WEAK_VENUE = re.compile(r"\b(?:published|publication|pub)\b", re.I)
_WEAK_DATE = re.compile(r"^\W*(?:time|month|released?)\W*$", re.I)
_YEAR_HEADER = re.compile(r"^\W*year\W*$", re.I)
_DATED_CELL = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def column_fields(header: str, rows: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The field each column holds ("" for a column no field name matches); each field used once.
    ``rows``: the table's rows, which say whether a column named "Time" or "Release" holds dates."""
    names = [re.sub(r"[*_`]", "", header[s:e]) for s, e in cells(header)]
    titled = next((i for i, name in enumerate(names) if _TITLE_HEADER.search(name)), None)
    out: list[str] = []
    for i, name in enumerate(names):
        kind = next((f for f, pattern in _COLUMNS if pattern.search(name) and f not in out
                     and (f != "title" or titled in (None, i))), "")
        if kind == "year" and _WEAK_DATE.match(name) and not _dates_in(rows, i):
            kind = ""
        # "| Published |" over "May 2024": when, not where. Beside a "Year" column ("| Published | Year |"
        # over "2024-01-03 | 2024") both are the paper's date, and a new row writes its own in each: the
        # second was left empty, or given the venue.
        weak_date = kind in ("venue", "") and _WEAK_VENUE.search(name) and _dates_in(rows, i, whole=True)
        if weak_date and ("year" not in out or _YEAR_HEADER.search(names[out.index("year")])):
            kind = "year"
        elif not kind and "year" in out and _YEAR_HEADER.search(name) and _WEAK_VENUE.search(
                names[out.index("year")]):
            kind = "year"
        out.append(kind)
    return out


def _dates_in(rows: list[str] | tuple[str, ...], column: int, whole: bool = False) -> bool:
    """Whether most of the column's filled cells hold a year (all of them do, with no rows to say);
    ``whole``: are a year or a date and nothing else (and there are rows to say so)."""
    texts = []
    for row in rows:
        spans = cells(row)
        if len(spans) > column:
            texts.append(row[spans[column][0] : spans[column][1]].strip())
    filled = [t for t in texts if t.strip("-—") and t.lower() != "n/a"]
    if whole:
        dates = [t for t in filled if YEAR.fullmatch(t) or any(shape.fullmatch(t) for shape in _DATE_SHAPES)]
        return bool(filled) and len(dates) * 2 > len(filled)
    return sum(1 for t in filled if _DATED_CELL.search(t)) * 2 >= len(filled)


def header_template(header: str) -> str:
    """A row template from the header alone, for a table that has no rows yet to learn from. With no
    column named for the title, the title and its link go in the first column no field names (or the
    first column): a row must always carry the paper."""
    kinds = column_fields(header)
    if "title" not in kinds and kinds:
        kinds[kinds.index("") if "" in kinds else 0] = "title"
    return ROW + "| " + " | ".join(_FIELD_OF_KIND.get(kind, "") for kind in kinds) + " |"


def parse_row(line: str, columns: list[str]) -> ParsedEntry | None:
    """One table row; None when it links nowhere (a row that is no paper)."""
    spans_of = cells(line)
    kinds = columns + [""] * (len(spans_of) - len(columns))
    # Only links inside one cell: a renderer splits a row at every unescaped pipe before links exist.
    links = [m for m in LINK.finditer(line) if any(s <= m.start() and m.end() <= e for s, e in spans_of)]
    # '<a href="u">Title</a>' too, as list items are read; GitHub renders it in a cell alike.
    links += [m for m in HTML_LINK.finditer(line) if any(s <= m.start() and m.end() <= e for s, e in spans_of)
              and not any(k.start() < m.end() and m.start() < k.end() for k in links)]
    links.sort(key=lambda m: m.start())
    if not links or not spans_of:
        return None

    def titled_link_in(cell: tuple[int, int]) -> re.Match[str] | None:
        # A link whose text is the title, not "pdf" or "code", nor a badge ("[![Stars](b.svg)](repo)"
        # in a Code column), as in a list item (parse_entry), nor an icon ("[📄](u)", "[:memo:](u)").
        inside = (m for m in links if cell[0] <= m.start() < cell[1])
        return next((m for m in inside if not GENERIC_LINK_TEXT.match(m["text"])
                     and not m["text"].startswith("!") and re.search(r"[^\W_]", m["text"])
                     and not _SHORTCODE.fullmatch(m["text"].strip()) and not ID_TEXT.fullmatch(m["text"])),
                    None)

    def wordy(cell: tuple[int, int]) -> bool:
        # Text that could be a title: letters, not just a year or a "[pdf](...)" link.
        text = LINK.sub("", line[cell[0] : cell[1]])
        return bool(re.search(r"[^\W\d_]{2}", text)) and not YEAR.fullmatch(text.strip())

    # The column the header names for the title, unless it holds no link while another cell holds a
    # titled one ("| Model Name | Paper |": the paper is in "Paper").
    named = dict(zip(kinds, spans_of, strict=False)).get("title")
    linked = next((c for c in spans_of if titled_link_in(c)), None)
    if named and not titled_link_in(named) and linked:
        named = None
    if named and not titled_link_in(named) and not wordy(named):
        # "| Name | Venue | Paper |" whose Paper cells are only "[PDF](u)": the title is the words in a
        # column no field names (the Name column), not the link's text.
        named = next((c for kind, c in zip(kinds, spans_of, strict=False) if not kind and wordy(c)), named)
    title_cell = named or linked or next((c for c in spans_of if wordy(c)), None)
    if title_cell is None:
        return None
    link = titled_link_in(title_cell)
    if link:
        inner = emphasised_text(link["text"])  # "[**Title**](u)": the bold is the table's, for a new row too
        title = (link.start("text") + inner[0], link.start("text") + inner[1])
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
            own_id = next((m for m in links if s <= m.start() < e and ID_TEXT.fullmatch(m["text"])), None)
            if title[0] == title[1] and own_id is not None:
                # "| [10.1109/SP.2017.41](u) | S&P 2017 |": a row that names its paper by its id alone.
                title = own_id.span("text")
        # The paper's link: in the title's own cell, else one to a paper host, else the first; never
        # a "[code]" link in another column when the paper's is there.
        others = [m for m in links if not title[0] <= m.start() < title[1]]
        link = next((m for m in others if s <= m.start() < e), None) or next(
            (m for m in others if PAPER_HOSTS.search(m["url"])), None) or next(iter(others), None)
        if link is None or title[0] == title[1]:
            return None
    spans: list[tuple[int, int, str]] = [(*title, "title"), (link.start("url"), link.end("url"), "url")]
    fields = {"title": line[title[0] : title[1]], "url": link.group("url")}
    spelled_id(line, link.span("text"), link.group("url"), spans, fields)
    # Other links beside the paper's, in its cell or the title's ("[paper](u) [code](c)"): this paper's
    # own, left out of a new row (as on a list item's line).
    own_cells = [c for c in spans_of if c == title_cell or c[0] <= link.start() < c[1]]
    spans += [(m.start(), m.end(), "link") for m in links
              if m.start() != link.start() and any(a <= m.start() < b for a, b in own_cells)
              and not (m.start() < title[1] and title[0] < m.end())]
    # A badge there too ("[T](u) ![](https://img.shields.io/badge/ICML-2021-blue)"): copied, every new
    # row showed its neighbour's venue and year. One of the venue and year shows the new paper's own.
    spans += [(m.start(), m.end(), "link") for m in BARE_IMAGE.finditer(line)
              if any(a <= m.start() < b for a, b in own_cells)
              and not any(s < m.end() and m.start() < e for s, e, _ in spans)]
    badge_template(line, spans, fields, within=own_cells)

    _names_under_title(line, title_cell, title[1], spans, fields, set(kinds))

    for i, (kind, (s, e)) in enumerate(zip(kinds, spans_of, strict=False)):
        if (s, e) == title_cell or s <= link.start() < e:
            continue
        if kind == "year":
            _year_cell(line, s, e, spans, fields)
        elif kind == "venue":
            _venue_cell(line, s, e, "year" not in columns, spans, fields)
        elif kind in ("authors", "abstract"):
            spans.append((s, e, kind))
            fields[kind] = line[s:e]
        elif kind == "num" and line[s:e].isdecimal() and len(line[s:e]) <= 9:
            # The row's number: a new row takes the number of the row it goes before, or the next one.
            spans.append((s, e, "num"))
            fields["num"] = line[s:e]
        else:
            # A column no field names (code, stars, notes): this row's own; a new row leaves it empty,
            # or writes what the table writes for nothing ("-": ``blank_cell``).
            spans.append((s, e, f"cell{i}"))
            fields[f"cell{i}"] = line[s:e]
    if "year" not in fields:
        badge_date(line, fields)  # a row dated by its badge alone, as a list item is
    authors = split_authors(fields["authors"]) if fields.get("authors") else ParsedAuthors([], False, {})
    fields.setdefault("authors", "")
    return ParsedEntry(fields, authors, ROW + marked(line, spans), 1, False)


# A line of the title's cell after a break ("[Title](u)<br>A. Berg, C. Dorn", "<br>*A. Berg et al.*").
_BREAK_LINE = re.compile(r"<br\s*/?>[ \t]*(?:<(?:i|em|small|sub)>|\*{1,2}|_)?(?P<text>[^<>|*_\[\]]+?)"
                         r"(?:</(?:i|em|small|sub)>|\*{1,2}|_)?[ \t]*(?=<br\s*/?>|\[|$)", re.I)


def _names_under_title(line: str, cell: tuple[int, int], title_end: int, spans: list,
                       fields: dict[str, str], columns: set[str]) -> None:
    """The lines after a break in the title's cell: where no column holds names, the first that reads
    as names is the field "authors"; one that reads as a venue and year no column holds is read so; any
    other line is this row's own note ("<br>Likelihood ratio attack"). Left as template text, every new
    row carried this row's names, or its note."""
    taken = [(s, e) for s, e, _ in spans]
    for m in _BREAK_LINE.finditer(line[: cell[1]], title_end):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if ("authors" not in fields and "authors" not in columns and looks_like_authors(m["text"])
                and not SUBJECT_WORD.search(m["text"])):
            spans.append((m.start("text"), m.end("text"), "authors"))
            fields["authors"] = m["text"]
            continue
        # "<br>A. Berg, C. Dorn. ICML 2020", "<br>ICML 2020": read as a list item's tail is.
        found: list[tuple[int, int, str]] = []
        found_fields: dict[str, str] = {}
        tail_fields(line[: m.end("text")], m.start("text"), found, found_fields, {})
        kinds = {name for _, _, name in found}
        # "Image Classification, Black Box": a row's tags, capitalised as names are.
        tags = "authors" in kinds and SUBJECT_WORD.search(m["text"])
        read = kinds <= {"authors", "venue", "year", "yy", "remark"} and not (kinds & (set(fields) | columns)
                                                                               or tags)
        if kinds and read:
            spans += found
            fields.update(found_fields)
        else:
            spans.append((m.start(), m.end(), "note"))  # the break and the line go together


_YYYY = r"(?P<year>(?:19|20)\d{2})"
_MM, _DD = r"(?P<mm>0[1-9]|1[0-2])", r"(?P<dd>0[1-9]|[12]\d|3[01])"
# A date in a year cell, as lists write them: "2023-06-02", "2023/06", "2023.06", "06/2023", "Jun 2023",
# "June 2023". Each part is a field, so a new row writes its own date in the same shape.
_DATE_SHAPES = [
    re.compile(rf"{_YYYY}(?P<sep>[-/.]){_MM}(?:(?P=sep){_DD})?"),
    re.compile(rf"{_MM}/{_YYYY}"),
    re.compile(rf"(?:(?P<month>{MONTH_NAMES})|(?P<mon>{MON_NAMES}))\.? {_YYYY}"),
]


def _year_cell(line: str, s: int, e: int, spans: list, fields: dict[str, str]) -> None:
    """A year cell. A date of a known shape ("2023-06-02", "Jun 2023") is its parts, so a new row
    writes its own date alike; anything else more than the year ("2019-2021", "n/a", "Q2 2023") is the
    "date" field as a whole, so a new row writes its own year and never copies a neighbour's rest."""
    year = YEAR.search(line, s, e)
    date = next((m for shape in _DATE_SHAPES if (m := shape.fullmatch(line, s, e))), None)
    if year and line[s:e] == year.group(0):
        spans.append((year.start(), year.end(), "year"))
    elif date:
        parts = {part: text for part, text in date.groupdict().items() if text is not None and part != "sep"}
        spans += [(date.start(part), date.end(part), part) for part in parts]
        fields.update(parts)  # "year" too: "2020/07", a slash next to it hides it from YEAR
    else:
        spans.append((s, e, "date"))
        fields["date"] = line[s:e]
    if year and not date:
        fields["year"] = year.group(0)


def _venue_cell(line: str, s: int, e: int, with_year: bool, spans: list, fields: dict[str, str]) -> None:
    """A venue cell: its text, or the text inside its emphasis; "ICML 2020" also gives the year when no
    column is the year. A venue written as a link is a field whole (its year read, not cut out), so a
    new row never keeps a neighbour's link."""
    if LINK.search(line, s, e):
        spans.append((s, e, "venue"))
        fields["venue"] = line[s:e]
        year = YEAR.search(line, s, e) if with_year else None
        if year:
            fields["year"] = year.group(0)
        return
    em = VENUE_MD.fullmatch(line, s, e)
    if em:
        group = next(g for g in ("a", "b", "c") if em.group(g) is not None)
        s, e = em.start(group), em.end(group)
    # Beside a Year or Date column, the venue's own year is a field of its own ("ICML'22" over a
    # "2021-12" preprint date): a new row writes its venue's year there and its own date in the column.
    year_name, yy_name = ("year", "yy") if with_year else ("vyear", "vyy")
    year = YEAR.search(line, s, e)
    short = SHORT_YEAR.search(line, s, e) if not year else None
    if year and (with_year or not line[year.end() : e].strip()):
        spans.append((year.start(), year.end(), year_name))
        fields[year_name] = year.group(0)
        e = year.start()
        while e > s and line[e - 1] in " \t,(":
            e -= 1
    elif short and not line[short.end() : e].strip():
        # "ICML'20": the mark stays the list's, the two digits are the new row's own year.
        spans.append((short.start(), short.end(), yy_name))
        fields[year_name] = full_year(short.group(0))
        e = short.start() - 1
    # Even empty ("| 2020 | [A](u) |  |"), it is the venue's place: rows then share one template.
    spans.append((s, e, "venue"))
    fields["venue"] = line[s:e]


# What a table writes in a cell it has nothing for: "-", "—", "N/A", "✗".
BLANK_CELL = re.compile(r"[-–—/×✗✘❌]|n/?a|none|tbd", re.I)


def blank_cell(fields: dict[str, str]) -> str | None:
    """What a row writes in a column of its own that it has nothing for: a placeholder ("-"), or ""
    where it leaves one empty; None where it shows neither."""
    own = [v for k, v in fields.items() if k.startswith("cell")]
    return next((v for v in own if BLANK_CELL.fullmatch(v)), "" if "" in own else None)


def row_template(template: str, filled: set[str], blank: str = "") -> str:
    """A row template for a paper that has only the ``filled`` fields: a cell whose fields are all
    missing is emptied whole, or takes the table's placeholder ``blank`` ("-"); its pipes stay, so no
    column shifts. An empty first cell of a row written without a leading pipe gets one, or that
    pipe would be read as the row's opening one."""
    row = template[len(ROW) :]
    parts: list[str] = []
    last = 0
    spans = cells(row)
    for s, e in spans:
        names = FIELD.findall(row[s:e])
        parts.append(row[last:s])
        if names and not set(names) & filled:
            if blank and s == e and parts[-1].endswith("  "):
                parts[-1] = parts[-1][:-1]  # an empty cell's padding: "|  |" takes "| - |", not "|  -|"
            parts.append(blank + (" " if blank and s == e and row[e : e + 1] == "|" else ""))
        else:
            parts.append(row[s:e])
        last = e
    parts.append(row[last:])
    out = "".join(parts)
    if spans and not _PIPE.match(row.lstrip(" \t")) and not parts[1]:
        out = "| " + out.lstrip(" \t")
    return out
