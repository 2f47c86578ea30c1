"""Adding a paper to a list as a pure insertion: every existing byte stays where and what it was."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from bot.errors import InputError
from bot.lists.model import CuratedList, Entry, Section
from bot.lists.style import ITEM_START, ListStyle, render_entry
from bot.paper import Paper
from bot.sanitize import plain_text


def insert_entry(doc: CuratedList, paper: Paper, section_name: str, style: ListStyle | None = None) -> str:
    """The list's full text with ``paper`` rendered in the list's style and placed in ``section_name``.

    Without ``style`` the entry takes the target section's style (``doc.section_style``), so it matches
    its neighbours where a list's sections were written in different layouts.

    Placement follows the section's year order (after its peers of the same year), or the end when the
    section is unordered or the paper has no year.
    """
    section = doc.section(section_name)
    if not section.is_paper_section:
        valid = ", ".join(f"'{s.full_name}'" for s in doc.paper_sections()) or "(none)"
        raise InputError(f"{doc.path}: section '{section.full_name}' does not list papers; "
                         f"paper sections are: {valid}")
    listed = doc.find(paper)
    if listed is not None:
        raise InputError(f"{doc.path}: '{plain_text(paper.title, 120)}' is already listed as "
                         f"'{listed.plain_title}' in section '{listed.section}' "
                         f"(line {listed.start_line + 1})")
    number = _number(section, paper.year)
    style = style or doc.section_style(section)
    block = _keep_inside_item(render_entry(paper, style, number).replace("\r\n", "\n"), number)
    if not section.entries and block.startswith("|"):
        # A table row in a section with no table yet: the row comes with a copy of the list's header.
        heads = [e.table_head for e in doc.entries if e.table_head]
        head = next((e.table_head for e in doc.entries if e.table_head and e.style.line == style.line),
                    heads[0] if heads else "")
        block = head.replace("\r\n", "\n") + block
    nl = doc.newline
    block = block.replace("\n", nl)
    lines = doc.text.splitlines(keepends=True)
    offset, insert = _placement(section, paper.year, block, lines, nl)
    return doc.text[:offset] + insert + doc.text[offset:]


def _placement(section: Section, year: str, block: str, lines: list[str], nl: str) -> tuple[int, str]:
    """(character offset, text to insert) for the new block in ``section``."""
    def offset_of(line_no: int) -> int:
        return sum(len(line) for line in lines[:line_no])

    entries = section.entries
    loose = _loose(entries, lines)
    gap = nl if loose else ""
    if not entries:
        anchor = section.heading_end
        for i in range(section.end_line - 1, section.heading_end - 1, -1):
            if lines[i].strip():
                anchor = i + 1
                break
        if anchor > section.heading_end and lines[anchor - 1].strip().lower() == "</details>":
            # A collapsible section (<details><summary><h2>…): the entry goes inside, before its
            # </details>, with the blank line markdown needs after the HTML above it.
            close = anchor - 1
            lead = nl if lines[close - 1].strip() else ""
            return offset_of(close), lead + block + nl + nl
        after_blank = anchor < len(lines) and lines[anchor].strip() != ""
        return _after_line(lines, anchor, nl + block + nl + (nl if after_blank else ""), offset_of)
    # A new entry goes between whole top-level items: never between an entry and its sub-list.
    tops = [e for e in entries if e.top_level] or entries
    before = _before_index(tops, year, section.order)
    if before is None:
        last = tops[-1]
        return _after_line(lines, max(last.item_end_line, last.block_end_line), gap + block + nl, offset_of)
    return offset_of(tops[before].start_line), block + nl + gap


def _number(section: Section, year: str) -> str:
    """The new item's number in a numbered section: the number of the item it goes before, or one past
    the last; a list that numbers every item "1." gets "1." too. Markdown renders an ordered list counting
    up from its first number, so the items after it need no renumbering (and keep their bytes)."""
    tops = [e for e in section.entries if e.top_level] or section.entries
    numbers = [e.fields["num"] for e in tops if "num" in e.fields]
    if not numbers:
        return "1"
    if len(set(numbers)) == 1 and len(numbers) > 1:
        return numbers[0]
    before = _before_index(tops, year, section.order)
    if before is not None and "num" in tops[before].fields:
        return tops[before].fields["num"]
    return str(min(int(numbers[-1]) + 1, 999_999_999))  # markdown reads at most nine digits as a number


def _keep_inside_item(block: str, number: str) -> str:
    """A longer number ("10." where the style was learned on "9.") moves the item's content right; its
    continuation lines (the <details> block) move with it, or they would fall out of the list item."""
    extra = len(number) - 1
    first, *rest = block.split("\n")
    item = ITEM_START.match(first)
    if extra <= 0 or not item or not first.lstrip(" \t")[:1].isdigit():
        return block
    column = item.end() - extra  # where the content would start with a one-digit number

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    moved = [" " * extra + line if line.strip() and indent(line) >= column else line for line in rest]
    return "\n".join([first, *moved])


def _after_line(
    lines: list[str], line_no: int, insert: str, offset_of: Callable[[int], int]
) -> tuple[int, str]:
    """Insert after line ``line_no - 1``; at a last line with no newline, the newline moves before us."""
    if line_no >= len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        nl = "\r\n" if insert.endswith("\r\n") else "\n"
        return offset_of(len(lines)), nl + insert[: -len(nl)]
    return offset_of(line_no), insert


def _before_index(entries: list[Entry], year: str, order: str) -> int | None:
    """Index of the entry the new one goes before; None to append after the last."""
    if not year or order == "unordered":
        return None
    for i, entry in enumerate(entries):
        if not entry.year:
            continue
        if order == "ascending" and entry.year > year:
            return i
        if order == "descending" and entry.year < year:
            return i
    return None


def _loose(entries: list[Entry], lines: list[str]) -> bool:
    """Whether this section separates entries by a blank line (majority of its gaps)."""
    gaps = [any(not lines[i].strip() for i in range(a.item_end_line, b.start_line))
            for a, b in zip(entries, entries[1:], strict=False)]
    return sum(gaps) * 2 > len(gaps) if gaps else False


def unified_diff(old_text: str, new_text: str, path: str) -> str:
    """A git-style unified diff of the list before and after."""
    diff = difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                fromfile=f"a/{path}", tofile=f"b/{path}")
    marker = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith("\n") else line + marker for line in diff)
