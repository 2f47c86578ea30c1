"""Headings for a year a list has none for yet, where years head its topics ("## 2021" > "### Attacks").

A maintainer starting 2026 in such a list writes "## 2026" and "### Attacks" above the first 2026 attack
paper, rather than filing it under 2021. The new headings copy the nearest year's lines: their form,
the blank lines after them, the order of the years and of the topics within a year.
"""

from __future__ import annotations

import re

from bot.lists.model import CuratedList, Section, split_lines, year_order, year_span

_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_ATX = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
# An anchor alone on the line right above a heading ('<a name="2021"></a>'): a link's target, which goes
# with its heading, and which a copy of the heading takes, for its own year.
ANCHOR = re.compile(r"[ \t]*<a\s+(?:name|id)\s*=\s*[\"'][^\"']*[\"']\s*>\s*</a>[ \t]*(?:\r\n|\n|\r)?", re.I)


def open_year(doc: CuratedList, section: Section, year: str) -> tuple[str, int] | None:
    """``doc``'s text with the headings that put ``section``'s topic under ``year`` added, empty, and the
    line of the new topic heading, where ``section`` is the topic under another year's heading; None
    where nothing is to add (the section is ``year``'s, or its headings are not years alone, one line
    each, in year order)."""
    year = year[:4]
    chain = [*_ancestors(doc, section), section]
    dated = [i for i, s in enumerate(chain) if _YEAR_ONLY.fullmatch(s.name)]
    if not dated and (twin := _beside_span(doc, chain, year)) is not None:
        # The topic nearest in time is under a span of years that does not hold the year ("## 2024-2025"
        # for a 2026 paper, which went in there): the year's headings copy the topic's under the nearest
        # year alone, and go where the year falls among the years and spans.
        chain = [*_ancestors(doc, twin), twin]
        dated = [i for i, s in enumerate(chain) if _YEAR_ONLY.fullmatch(s.name)]
    if not _YEAR_ONLY.fullmatch(year) or len(dated) != 1 or dated[0] == len(chain) - 1:
        return None
    template = chain[dated[0]:]  # the year's heading, then each heading down to the topic
    lines = split_lines(doc.text)
    if any(not _one_line(s, lines) for s in template) or template[0].name == year:
        return None
    head = template[0]
    # The headings beside the year's that date their topics: years alone, and spans ("## Before 2020"),
    # which hold their years and stand among the others in their order.
    dates = [(s, span) for s in doc.sections if s.level == head.level and s.path == head.path
             and (span := year_span(s.name)) is not None]
    years = [s for s, _ in dates if _YEAR_ONLY.fullmatch(s.name)]
    order = year_order([s.name for s in years])
    if len(years) < 2 or order == "unordered":
        return None
    y = int(year)
    mine = next((s for s, (first, last) in dates if first <= y <= last), None)
    if mine is None:
        # A new year: before the first heading it precedes in the list's order, else after the last.
        later = [s for s, (first, last) in dates if (last < y if order == "descending" else first > y)]
        missing, below = template, later[0] if later else None
        after = dates[-1][0]
    else:
        parent, depth = mine, 1
        while depth < len(template):
            child = next((c for c in _children(doc, parent) if _same(c, template[depth])), None)
            if child is None:
                break
            parent, depth = child, depth + 1
        if depth == len(template):
            return None  # the topic is there under the year, but takes no papers: nothing to open
        missing, after = template[depth:], parent
        # Among the year's topics, before the first that comes after it under the nearest year.
        known = [c.name for c in _children(doc, template[depth - 1])]
        rank = known.index(missing[0].name)
        below = next((c for c in _children(doc, parent)
                      if c.name in known and known.index(c.name) > rank), None)
    nl = doc.newline
    written = split_lines(_heading(head, lines, year, head.name, nl, last=True))[-1]
    if mine is None and _written(doc, lines, written,
                                 below.start_line if below is not None else _content_end(doc, after, lines)):
        missing = template[1:]  # the year's heading is there, with nothing under it yet
    # The year's heading names the paper's year, and so does a topic's where only its markup names the
    # template's (an anchor "attacks-2021", which a copy would take from 2021's heading).
    heads = [_heading(s, lines, year if s is head or head.name not in s.name else "", head.name, nl,
                      last=s is missing[-1]) for s in missing]
    if below is not None:
        at = heading_top(lines, below.start_line)
        before, after_text = "", nl * _blanks_above(lines, at)
    else:
        at = _content_end(doc, after, lines)
        # The blank lines the copied heading has above it: none in a list written tight; one where it
        # is the file's first line and has nothing above it to tell.
        top = heading_top(lines, missing[0].start_line)
        before, after_text = nl * (_blanks_above(lines, top) if top > 0 else 1), ""
        if at == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
            before = nl + before  # the last line had no line end
    # After a byte-order mark, which stays the file's first character.
    offset = sum(len(line) for line in lines[:at]) or len(doc.text) - len(doc.text.lstrip("\ufeff"))
    text = doc.text[:offset] + before + "".join(heads) + after_text + doc.text[offset:]
    return text, len(split_lines(doc.text[:offset] + before + "".join(heads))) - 1


def _beside_span(doc: CuratedList, chain: list[Section], year: str) -> Section | None:
    """Where ``chain`` (a topic's headings, outermost first) is dated by one span of years that does not
    hold ``year`` alone, the same topic under the year alone nearest to ``year`` at that span's level;
    else None."""
    spans = [(i, span) for i, s in enumerate(chain[:-1]) if (span := year_span(s.name)) is not None]
    if not _YEAR_ONLY.fullmatch(year) or len(spans) != 1 or spans[0][1][0] <= int(year) <= spans[0][1][1]:
        return None
    at, y = spans[0][0], int(year)
    twins = []
    for s in doc.sections:
        other = [*_ancestors(doc, s), s]
        if len(other) == len(chain) and _YEAR_ONLY.fullmatch(other[at].name) and all(
                _same(a, b) for k, (a, b) in enumerate(zip(other, chain, strict=True)) if k != at):
            twins.append((abs(int(other[at].name) - y), -int(other[at].name), len(twins), s))
    return min(twins)[-1] if twins else None


def _ancestors(doc: CuratedList, section: Section) -> list[Section]:
    """The sections whose headings ``section`` is under, outermost first."""
    found: list[Section] = []
    level = section.level
    for s in reversed(doc.sections[: _index(doc, section)]):
        if s.level < level:
            found.append(s)
            level = s.level
    return found[::-1]


def _children(doc: CuratedList, parent: Section) -> list[Section]:
    """The sections right under ``parent``'s heading, in file order."""
    out: list[Section] = []
    for s in doc.sections[_index(doc, parent) + 1:]:
        if s.level <= parent.level:
            break
        if s.path == parent.heading_path:
            out.append(s)
    return out


def _index(doc: CuratedList, section: Section) -> int:
    # By identity: two sections may be equal field for field (empty, same name).
    return next(i for i, s in enumerate(doc.sections) if s is section)


def _same(a: Section, b: Section) -> bool:
    return a.level == b.level and a.name.casefold() == b.name.casefold()


def _one_line(section: Section, lines: list[str]) -> bool:
    """A "## Name" heading on one line, which a copy reproduces. Not a bold group line: with nothing below
    it yet, a copy would read as emphasis, not as a group."""
    line = lines[section.start_line].lstrip("\ufeff")
    return section.heading_end == section.start_line + 1 and bool(_ATX.match(line))


def _heading(section: Section, lines: list[str], year: str, template_year: str, nl: str, last: bool) -> str:
    """A copy of ``section``'s heading line, with ``year`` for ``template_year`` where it names it, and the
    blank lines after it (not after the last: the entry's insertion brings its own)."""
    # With its anchor line; the file's byte-order mark stays the file's.
    line = "".join(lines[heading_top(lines, section.start_line) : section.start_line + 1]).lstrip("\ufeff")
    if not line.endswith(("\n", "\r")):
        line += nl  # the file's last line
    if year:
        line = re.sub(rf"(?<!\d){template_year}(?!\d)", year, line)
    blanks = 0
    while not last and section.start_line + 1 + blanks < len(lines) and \
            not lines[section.start_line + 1 + blanks].strip():
        blanks += 1
    return line + "".join(lines[section.start_line + 1 : section.start_line + 1 + blanks])


def _written(doc: CuratedList, lines: list[str], heading: str, at: int) -> bool:
    """Whether ``heading`` stands above line ``at``, below the last section's heading there: a year's
    heading with nothing under it yet, which the parse reads as no section (it dates no entry)."""
    starts = {s.start_line for s in doc.sections}
    k = at - 1
    while k >= 0 and k not in starts:
        if lines[k].lstrip("\ufeff").strip() == heading.strip():
            return True
        k -= 1
    return False


def heading_top(lines: list[str], line_no: int) -> int:
    """The first line of the heading at ``line_no``: the anchor line right above it, where there is one."""
    return line_no - 1 if line_no > 0 and ANCHOR.fullmatch(lines[line_no - 1].lstrip("\ufeff")) else line_no


def _blanks_above(lines: list[str], line_no: int) -> int:
    n = 0
    while line_no - n - 1 >= 0 and not lines[line_no - n - 1].strip():
        n += 1
    return n


def _content_end(doc: CuratedList, section: Section, lines: list[str]) -> int:
    """The line after the last non-blank one of ``section`` and everything under it."""
    end = len(lines)
    for s in doc.sections[_index(doc, section) + 1:]:
        if s.level <= section.level:
            end = heading_top(lines, s.start_line)
            break
    while end > section.start_line + 1 and not lines[end - 1].strip():
        end -= 1
    return end
