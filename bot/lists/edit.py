"""Adding a paper to a list as a pure insertion: every existing byte stays where and what it was."""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.errors import InputError
from bot.lists.entry import MARK, shift_continuation
from bot.lists.headed import parse_heading_entry
from bot.lists.model import (
    GROUP_LEVEL,
    NO_END,
    YEAR_IN_NAME,
    CuratedList,
    Entry,
    Section,
    is_date_name,
    is_venue_year,
    same_label,
    split_lines,
    year_in_full,
    year_order,
    year_span,
)
from bot.lists.parse import parse_list, read_paragraph_block
from bot.lists.style import (
    HEADING_MARKS,
    ITEM_START,
    ListStyle,
    infer_style,
    paper_url,
    render_entry,
    venue_year,
    written_title,
)
from bot.lists.table import header_template
from bot.lists.venues import KNOWN_VENUES, PREPRINT_KEY, list_spelling, paper_venue_key, venue_home, venue_key
from bot.lists.year_heads import ANCHOR, heading_top, open_year
from bot.paper import Paper
from bot.sanitize import plain_text


def insert_entry(doc: CuratedList, paper: Paper, section_name: str, style: ListStyle | None = None) -> str:
    """The list's full text with ``paper`` rendered in the list's style and placed in ``section_name``.

    Without ``style`` the entry takes the target section's style (``doc.section_style``), so it matches
    its neighbours where a list's sections were written in different layouts.

    Placement follows the section's year order, and within a year the months the paper and its peers
    show (an entry's arXiv id dates it to the month), in the direction that year's months run; where no
    month compares, on top of its year's entries newest first, at their end oldest first. A section
    whose entries show no order of years (one year, or one entry) takes the order most of the list's
    other sections show; the end where none does, or where the paper has no year. Where years head the
    topics ("## 2021" > "### Attacks") and the paper's year has no heading of that topic, the paper goes
    under new headings for it ("## 2026" > "### Attacks"), unless ``section_name`` itself names a year.
    """
    placed = _placement_date(paper)
    home = venue_home(doc, paper)
    if home and home.year and home.year != placed.year and same_label(home.label, section_name):
        # A list filed by venue files a 2025 preprint at "ICLR 2026" under ICLR's 2026.
        placed = replace(placed, published=home.year)
    section = doc.section(section_name, placed.year)
    if not section.is_paper_section:
        raise InputError(f"{doc.path}: section '{section.full_name}' does not list papers; "
                         f"paper sections are: {doc.paper_labels()}")
    listed = doc.find(paper)
    if listed is not None:
        raise InputError(f"{doc.path}: '{plain_text(paper.title, 120)}' is already listed as "
                         f"'{listed.plain_title}' in section '{listed.section}' "
                         f"(line {listed.start_line + 1})")
    grown = _under_new_year(doc, section, placed.year, section_name)
    if grown is not None:
        style = style or doc.section_style(section)  # the topic's style in the years it has
        doc, section = grown
    lines = split_lines(doc.text)
    peers, style = _peers(doc, section, style, lines)
    if style.is_heading:
        style = _at_level(style, doc, section, peers)
    # Paragraphs are set apart by a blank line, or they would run into one.
    if style.is_heading:
        loose = _blocks_loose(doc, peers, lines)
    else:
        loose = style.is_paragraph or _loose(peers, lines)
    dated = _dated_by_ids(peers)
    order = _section_order(doc, section, dated)
    runs, venue_head = None, ""
    preprint_runs: list[_Run] = []
    if peers and placed.year and not style.is_row:
        runs = _year_runs(peers, lines, section.heading_end, preprint_runs)
    plan = _run_plan(runs, placed.published, order) if runs else None
    direction = _runs_order(runs, order) if runs else order
    if runs and preprint_runs and paper_venue_key(plain_text(paper.venue or "", 200)) == PREPRINT_KEY:
        # A preprint where the years' runs have one of preprints beside them: that one, by its date.
        runs, plan = [*runs, preprint_runs[0]], ("join", len(runs))
    if peers and not runs and not style.is_row:
        # A topic's papers under its venues' headings ("## Attacks" > "### ICLR 2025", "### arXiv").
        venues = _venue_runs(peers, lines, section.heading_end)
        plan, venue_head = _venue_plan(venues, paper, placed.year, order, lines) if venues else (None, "")
        runs = [run for _, _, run in venues] if venues and plan else None
        direction = _runs_order(runs, order) if runs else order
    when = placed.published[:7] if placed.year else ""  # "2024-05": the month orders within a year
    if runs and plan:
        number = _run_number(runs, plan, when, direction)
    else:
        # Among the entries as placed (dated by their arXiv ids where none shows a year): undated, the
        # number was one past the last while the item went on top.
        number = _number(dated, when, order, lines, _counted_on(doc, peers))
    number = _unique_label(number, peers)
    # "ICML 2025" written as the list spells it: "International Conference on Machine Learning (ICML)".
    spelt = replace(paper, venue=list_spelling(doc, paper.venue)) if paper.venue else paper
    block = _keep_inside_item(render_entry(spelt, style, number).replace("\r\n", "\n"), number)
    if style.is_heading and not _reads_back(block, paper, style):
        # Read next time as a topic's heading, the block would be a section of its own and the paper
        # unlisted: proposed again, and papers after it put under it.
        raise InputError(f"{doc.path}: '{plain_text(paper.title, 120)}' written as this list's heading "
                         f"would not read back as a paper (its title, names or venue are unlike the list's)")
    if style.is_paragraph and not _paragraph_reads_back(block, paper, style):
        # Read next time as prose, the paper would be unlisted (proposed again) and, in a section of few
        # papers, its neighbours too.
        raise InputError(f"{doc.path}: '{plain_text(paper.title, 120)}' written as this list's paragraph "
                         f"would not read back as one paper (its title or link would read otherwise)")
    into_table = not peers and style.is_row and bool(section.empty_tables)
    if not peers and style.is_row and not into_table:
        # A table row in a section with no table yet: the row comes with a copy of a header it fits.
        heads = [e for e in doc.entries if e.table_head]
        fits = [e for e in heads if e.style.line == style.line] or heads
        block = (fits[0].table_head.replace("\r\n", "\n") if fits else "") + block
    nl = doc.newline
    if runs and plan:
        gap = nl if loose else ""
        offset, insert = _into_runs(runs, plan, placed.published, block.replace("\n", nl), lines, nl, gap,
                                    (section.heading_end, section.end_line), direction,
                                    venue_head)
    else:
        # A paragraph right under a heading is set apart all the same: what follows it may run into it.
        tight = _tight(doc) and not style.is_paragraph
        among, among_order = dated, order
        if grouped := _venue_group(dated, paper):
            among, among_order = grouped[0], grouped[1] or _section_order(doc, section, grouped[0])
        offset, insert = _placement(section, among, among_order, when, block.replace("\n", nl), lines, nl,
                                    into_table, tight, loose)
    text = doc.text[:offset] + insert + doc.text[offset:]
    if style.is_paragraph and parse_list(text).find(paper) is None:
        # On its own it reads as a paper; among a section's prose it may not ("Surveys of the whole field;
        # none yet." over it is one paragraph of two). Its arXiv or DOI link still says it is listed; a
        # paper with neither would be proposed again.
        raise InputError(f"{doc.path}: '{plain_text(paper.title, 120)}' written as a paragraph in section "
                         f"'{section.name}' would read as its prose, not as a paper; add it by hand")
    return text


def _placement_date(paper: Paper) -> Paper:
    """The paper as dated for placing it: by its date, else by the year its venue names ("ICLR 2026"),
    else by the month its arXiv id gives ("2404.01234": 2024-04); a paper with none of them went after
    every dated entry. Only for placing: an arXiv id's year is no venue's, so it is not written as one.
    A dated paper keeps its date, whatever year its venue says: lists file papers by either, and a
    2025 preprint at "ICLR 2026" would open a 2026 heading in a list filed by arXiv year."""
    if paper.published:
        return paper
    if year := venue_year(paper):
        return replace(paper, published=year)
    m = _ARXIV_MONTH.search(paper.arxiv_id or "")
    if not m:
        return paper
    return replace(paper, published=f"{_id_year(m[1])}-{m[2]}")


def _id_year(yy: str) -> str:
    """The year of an arXiv id's two digits ("2404.01234": 2024; "hep-th/9901001": 1999)."""
    return f"{19 if int(yy) > 90 else 20}{yy}"


def _dated_by_ids(peers: list[Entry]) -> list[Entry]:
    """``peers`` dated by their arXiv ids where none shows a year ("- **Title** [[Paper]](arxiv.org/abs/
    2505.12082)", as preprint sections are written): their order and a new paper's place among them
    (it went after all of them, under the oldest of a newest-first section); as they are otherwise."""
    if any(e.year for e in peers):
        return peers
    months = [_ARXIV_MONTH.search(e.arxiv_id or "") for e in peers]
    if sum(1 for m in months if m) < 3:  # two ids are two papers' order, not the section's
        return peers
    return [replace(e, year=_id_year(m[1])) if m else e
            for e, m in zip(peers, months, strict=True)]


def _venue_group(peers: list[Entry], paper: Paper) -> tuple[list[Entry], str] | None:
    """Where entries are grouped by venue and year (a table's "ICLR 2025" rows, then "NeurIPS 2024"
    rows, ..., its "arXiv 2024" rows last): the entries a new one goes among, and their order ("" for
    the one their years show): its venue's group, after its last entry; else the venues' entries, or
    the preprints' where the paper is one, without the other. None for any other section, and for a
    numbered one (the number goes with the place). A new row went after the arXiv rows, or between
    two rows of another venue, by month."""
    if any("num" in e.fields for e in peers):
        return None
    keys = [(venue_key(e.venue), e.year) if e.venue else None for e in peers]
    if sum(k is not None for k in keys) * 2 <= len(keys):
        return None
    if {k[0] for k in keys if k is not None} == {PREPRINT_KEY}:
        # Preprints alone ("arXiv 2026" rows, then "arXiv 2025" rows) are no venues to group by: read as
        # such, a venue's paper went under every entry and a preprint to its year's end, not by month.
        # (Where venues are grouped by year, "arXiv 2025" rows among them are a group of that year.)
        return None
    runs: list[list[int]] = []
    for i, key in enumerate(keys):
        if runs and keys[runs[-1][0]] == key:
            runs[-1].append(i)
        else:
            runs.append([i])
    starts = [keys[run[0]] for run in runs]
    if len(set(starts)) < len(starts) or sum(len(run) > 1 for run in runs) < 2:
        return None  # a venue's entries in two places, or no groups: ordered by something else
    key = paper_venue_key((paper.venue or "").strip())
    own = (key, venue_year(paper) or paper.year)
    if own in starts:
        run = runs[starts.index(own)]
        if key == PREPRINT_KEY:
            # Among its year's preprints by date (at their end, a preprint went under older ones).
            venues = [e for e, k in zip(peers, keys, strict=True) if k and k[0] != key]
            return _preprints_by_date(peers[run[0] : run[-1] + 1], venues)
        return peers[: run[-1] + 1], "unordered"  # after the last of its group
    preprints = [i for i, k in enumerate(keys) if k is not None and k[0] == PREPRINT_KEY]
    if not preprints or preprints != list(range(preprints[0], len(keys))):
        return None
    # The preprints close the section: a venue's paper goes among the venues', a preprint among them,
    # in the venues' direction where the preprints' years do not show one (all of one year).
    venues, own_preprints = peers[: preprints[0]], peers[preprints[0] :]
    if key != PREPRINT_KEY:
        return venues, ""
    return _preprints_by_date(own_preprints, venues)


def _preprints_by_date(preprints: list[Entry], venues: list[Entry]) -> tuple[list[Entry], str]:
    """A preprint's place among ``preprints``: by date, in the direction their years run, or where they
    show none (all of one year) the direction of the ``venues``' years."""
    shown = year_order([e.year for e in preprints if e.year])
    return preprints, shown if shown != "unordered" else year_order([e.year for e in venues if e.year])


def _section_order(doc: CuratedList, section: Section, peers: list[Entry]) -> str:
    """The direction a paper goes in among ``peers``: the one their years show; for a section whose
    entries show no order of years (one year, one entry, none), the one most of the list's other
    sections show, else the one its entries' months show. A newest-first list's sections of two
    papers of one year read "unordered", and a newer paper went under them."""
    order = year_order([e.year for e in peers])
    if order != "unordered" or len({e.year for e in peers if e.year}) > 1:
        return order  # years in order, or mixed: ordered by something else
    others = [s.order for s in doc.paper_sections() if s is not section]
    ups, downs = others.count("ascending"), others.count("descending")
    if ups != downs:
        return "ascending" if ups > downs else "descending"
    # One year's entries, by the months they show. Not by their arXiv ids: months a maintainer never
    # wrote order papers within a year, and say nothing of where a newer year goes.
    return year_order([str(m) for e in peers if (m := _shown_month(e))])


def _reads_back(block: str, paper: Paper, style: ListStyle) -> bool:
    """Whether a paper's heading block reads back as one paper at its link (the one the list's style
    gives it: its PDF's or its DOI's where the list links those)."""
    parsed = parse_heading_entry(block.strip("\n").split("\n"), {})
    return parsed is not None and parsed.fields["url"] == paper_url(paper, style.arxiv_link, style.doi_link)


def _paragraph_reads_back(block: str, paper: Paper, style: ListStyle) -> bool:
    """Whether a paper's paragraph reads back as one paper, of its title, at its link."""
    parsed = read_paragraph_block(block.strip("\n"))
    return parsed is not None and parsed.fields["title"] == written_title(paper) and (
        parsed.fields["url"] == paper_url(paper, style.arxiv_link, style.doi_link))


def _under_new_year(doc: CuratedList, section: Section, year: str,
                    section_name: str) -> tuple[CuratedList, Section] | None:
    """The list with new headings for ``year`` above the topic ``section`` is, and that topic's new, empty
    section in it; None where the list needs none or ``section_name`` itself names a year ("2021 >
    Attacks" is where the maintainer wants it)."""
    if not year or any(is_date_name(part) for part in re.split(r"\s*>\s*", section_name)):
        return None
    opened = open_year(doc, section, year)
    if opened is None:
        return None
    grown = parse_list(opened[0], doc.path)
    found = next((s for s in grown.sections if s.start_line == opened[1]), None)
    # Used only where the new headings read back as that empty topic under the year: else the nearest
    # year's section, as before, rather than headings left with nothing under them.
    if found is None or found.name != section.name or found.entries or found.has_children:
        return None
    return grown, found


def _peers(doc: CuratedList, section: Section, style: ListStyle | None,
           lines: list[str]) -> tuple[list[Entry], ListStyle]:
    """The entries the new one goes among, and its style. A section may hold a list and a table, or two
    tables with different columns: a new list item goes among the list items, a new row into the table
    whose columns its style has (and takes that table's style), never one cut into the other."""
    tops = [e for e in section.entries if e.top_level] or section.entries
    given, style = style, style or doc.section_style(section)
    if not tops and section.empty_tables:
        # Only a table header so far: it says what goes in each column of the first row.
        header = lines[section.empty_tables[0]].rstrip("\r\n")
        return [], replace(style, line=header_template(header), details="")
    rows = [e for e in tops if e.table_start >= 0]
    items = [e for e in tops if e.table_start < 0]
    if (style.is_row and items and not rows) or (not style.is_row and rows and not items):
        # The list-wide style is of the other kind than all of this section's entries: follow them.
        style = infer_style([e.sample for e in tops], doc.newline)
    heads = [e for e in items if e.style.is_heading]
    paragraphs = [e for e in items if e.style.is_paragraph]
    if not style.is_row and items and ((len(heads) == len(items)) != style.is_heading
                                       or (len(paragraphs) == len(items)) != style.is_paragraph):
        # Papers written as headings (or paragraphs) here, as items elsewhere (or the other way round):
        # follow these.
        style = infer_style([e.sample for e in items], doc.newline)
    if not style.is_row:
        return items, style
    tables: dict[int, list[Entry]] = {}
    for e in rows:
        tables.setdefault(e.table_start, []).append(e)
    if not tables:
        return [], style
    same = [t for t in tables.values() if any(e.style.line == style.line for e in t)]
    table = max(same, key=len) if same else list(tables.values())[-1]
    # Tables of the same columns that split the section by date (the older papers folded away in a
    # <details> below): one run of rows, so a paper goes where its date falls, not always into the
    # biggest. Tables whose years overlap split it by something else ("Workshop papers"): the biggest.
    split = len(same) > 1 and _split_by_date(same, lines)
    peers = [e for t in same for e in t] if split else table
    if given is not None:
        return peers, given
    # Backed only by rows under the same header: another table's columns or a bullet would not fit.
    head = table[0].table_head
    alike = [e.sample for e in doc.entries if e.table_head == head]
    return peers, infer_style([e.sample for e in table], doc.newline, context=alike)


# What stands between two tables that split a section by date: a fold ("<details><summary>Older
# papers</summary>") or a line naming a time ("2019 and before", "Earlier work"). A label with other
# words ("Surveys:") splits it by topic, whatever years its rows happen to have.
_DATE_WORDS = re.compile(r"(?:19|20)\d\d|\b(?:older|earlier|previous|past|archived?|before|after|later|"
                         r"newer|recent|latest|more|classic|history|legacy|years?)\b", re.IGNORECASE)


def _split_by_date(tables: list[list[Entry]], lines: list[str]) -> bool:
    """Whether the rows of ``tables``, in document order, run one way by year with no table's years
    reaching into the next one's, and nothing but a fold or a date stands between them."""
    for above, below in zip(tables, tables[1:], strict=False):
        gap = re.sub(r"<[^>]*>", " ", "".join(lines[_end(above[-1]) : below[0].table_start]))
        if re.search(r"\w", gap) and not _DATE_WORDS.search(gap):
            return False
    years = [[e.year for e in t if e.year] for t in tables]
    if not all(years):
        return False
    order = year_order([y for ys in years for y in ys])
    if order == "descending":
        return all(min(a) >= max(b) for a, b in zip(years, years[1:], strict=False))
    if order == "ascending":
        return all(max(a) <= min(b) for a, b in zip(years, years[1:], strict=False))
    return False


def _tight(doc: CuratedList) -> bool:
    """Whether the list writes a section's first entry on the line right under its heading, no blank
    line between (most of its sections that start with an entry do)."""
    firsts = [s.entries[0].start_line == s.heading_end for s in doc.paper_sections() if s.entries]
    return sum(firsts) * 2 > len(firsts)


def _placement(
    section: Section, entries: list[Entry], order: str, year: str, block: str, lines: list[str], nl: str,
    into_table: bool = False, tight: bool = False, loose: bool = False,
) -> tuple[int, str]:
    """(character offset, text to insert) for the new block among ``entries`` of ``section``;
    ``into_table``: as the first row of the section's table that has a header and no rows yet;
    ``tight``: in a section with no entries yet, right under its heading, as the list writes them;
    ``loose``: a blank line between entries."""
    def offset_of(line_no: int) -> int:
        return sum(len(line) for line in lines[:line_no])

    gap = nl if loose else ""
    if into_table:
        # Under the header and its delimiter row.
        return _after_line(lines, section.empty_tables[0] + 2, block + nl, offset_of)
    if not entries:
        anchor = section.heading_end
        # Not after the anchor line of the heading below ('<a name="2021"></a>'): that stays with it.
        for i in range(heading_top(lines, section.end_line) - 1, section.heading_end - 1, -1):
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
        if tight and anchor == section.heading_end:
            return _after_line(lines, anchor, block + nl, offset_of)
        return _after_line(lines, anchor, nl + block + nl + (nl if after_blank else ""), offset_of)
    # A new entry goes between whole top-level items: never between an entry and its sub-list.
    neighbour, before = _neighbour(entries, year, order, lines)
    if not before:
        end = max(neighbour.item_end_line, neighbour.block_end_line)
        return _after_line(lines, end, gap + block + nl, offset_of)
    return offset_of(neighbour.start_line), block + nl + gap


def _number(peers: list[Entry], year: str, order: str, lines: list[str],
            elsewhere: tuple[int, ...] = ()) -> str:
    """The new item's number in a numbered list: the number of the item it goes before, or one past
    the last, as wide as the list writes them ("07."); a list that numbers every item "1." gets "1."
    too. Markdown renders an ordered list counting up from its first number, so the items after it
    need no renumbering (and keep their bytes)."""
    numbers = [e.fields["num"] for e in peers if "num" in e.fields]
    if not numbers:
        return "1"
    if len(set(numbers)) == 1 and len(numbers) > 1:
        return numbers[0]
    neighbour, before = _neighbour(peers, year, order, lines)
    counts = [int(n) for n in numbers]
    down = len(counts) > 1 and all(a > b for a, b in zip(counts, counts[1:], strict=False))
    if down and "num" in neighbour.fields and all(e.table_start >= 0 for e in peers):
        # A table counting down ("| 52 |" at the top, newest first): nothing renders a table's numbers
        # for it, so a new top row is one more than the row below it, a new last row one less. Where
        # that number is taken (a row between two others, a last row numbered 1) or the count runs on
        # through the list's other tables, one past the highest: a number no other row has.
        near = int(neighbour.fields["num"])
        width = len(numbers[-1]) if numbers[-1].startswith("0") else 1
        number = near + 1 if before else near - 1
        taken = set(counts) | set(elsewhere)
        if number in taken or number <= 0:
            number = max(taken) + 1
        return str(number).zfill(width)
    if before and "num" in neighbour.fields:
        return neighbour.fields["num"]
    # One past the entry it follows: in a list numbered per group, one past the last of its group.
    last = neighbour.fields["num"] if not before and "num" in neighbour.fields else numbers[-1]
    width = len(last) if last.startswith("0") else 1
    return str(min(int(last) + 1, 999_999_999)).zfill(width)  # markdown reads at most nine digits


def _counted_on(doc: CuratedList, peers: list[Entry]) -> tuple[int, ...]:
    """The numbers of the list's other table rows where one count runs through its tables (no number
    twice): a row new to one table takes a number none of them has. () where each table counts anew."""
    own = {id(e) for e in peers}
    rows = [e for e in doc.entries if e.table_start >= 0 and e.fields.get("num", "").isdecimal()]
    numbers = [int(e.fields["num"]) for e in rows]
    others = tuple(int(e.fields["num"]) for e in rows if id(e) not in own)
    return others if others and len(set(numbers)) == len(numbers) else ()


def _unique_label(number: str, peers: list[Entry]) -> str:
    """``number`` for a list that labels its references ("- [3] J. Heo, ..."), where another entry has it
    already: one past the highest label. Nothing renders such labels, as markdown counts an ordered
    list: a new reference on top of a list newest first was a second "[1]"."""
    labels = [e.fields["num"] for e in peers if MARK + "num" + MARK + "]" in e.style.line]
    if number not in labels:
        return number
    return str(max(int(label) for label in labels) + 1)


def _keep_inside_item(block: str, number: str) -> str:
    """A longer number ("10." where the style was learned on "9.") moves the item's content right; its
    continuation lines (the <details> block) move with it, or they would fall out of the list item."""
    extra = len(number) - 1
    item = ITEM_START.match(block)
    if extra <= 0 or not item or not block.lstrip(" \t")[:1].isdigit():
        return block
    # Lines at or past where the content would start with a one-digit number.
    return shift_continuation(block, item.end() - extra, extra)


def _after_line(
    lines: list[str], line_no: int, insert: str, offset_of: Callable[[int], int]
) -> tuple[int, str]:
    """Insert after line ``line_no - 1``; at a last line with no newline, the newline moves before us."""
    if line_no >= len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        nl = "\r\n" if insert.endswith("\r\n") else "\n"
        return offset_of(len(lines)), nl + insert[: -len(nl)]
    return offset_of(line_no), insert


def _neighbour(entries: list[Entry], year: str, order: str, lines: list[str]) -> tuple[Entry, bool]:
    """The entry the new one goes next to, and whether it goes before it (else after it).

    Where a line of its own heads a run of entries ("**2025**" above that year's papers), an entry that
    would go first in the run goes last in the run above: the line stays above the entries it heads.
    """
    before = _before_index(entries, year, order)
    if before is None:
        return entries[-1], False
    below = entries[before]
    if before > 0 and not _same_run(entries[before - 1], below, lines):
        above = entries[before - 1]
        # On top of its own year's run, under that run's head ("**2024**"), as its newest paper; else
        # the head of the next, older run stays above that run's entries.
        if below.year != year[:4] or above.year == year[:4]:
            return above, False
    return below, True


# A line of its own that heads a run of entries: a heading or a bold line ("### 2021", "**2020 and
# before**"). Other text between entries (an abstract written outside its item) heads nothing.
# A fold's summary heads the entries folded under it too: "<details><summary>2023</summary>".
_HEAD_LINE = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]+\S.*|(\*\*|__)\S.*?\1:?)[ \t]*"
                        r"|[ \t]*(?:<details\b[^>]*>[ \t]*)?<summary\b[^>]*>.*</summary>[ \t]*", re.I)
_SUMMARY_OPEN = r"(?:<details\b[^>]*>[ \t]*)?<summary\b[^>]*>[ \t]*(?:<(?:b|strong)>)?"
_SUMMARY_CLOSE = r"(?:</(?:b|strong)>)?[ \t]*</summary>"
# A head that is a year alone, or a year and its month: "### 2021", "**2021**", "__2021:__", "### 2024-05",
# "<summary>2023</summary>".
_YEAR_LINE = re.compile(rf"[ \t]{{0,3}}(?:#{{1,6}}[ \t]+|\*\*|__|(?i:{_SUMMARY_OPEN}))?"
                        r"(?P<year>(?:19|20)\d\d)"
                        r"(?:(?P<sep>[-/.])(?P<month>0?[1-9]|1[0-2]))?"
                        rf"(?:\*\*|__|(?i:{_SUMMARY_CLOSE}))?:?(?:\*\*|__)?[ \t]*#*[ \t]*")
_DETAILS_LINE = re.compile(r"[ \t]*<details\b[^>]*>[ \t]*", re.I)


def _month_key(date: str) -> int:
    """A date ("2024-05-17", "2024") as year * 100 + month, the unit runs are dated in: months compare
    within a year, and a year alone is its last month (the end of its year's runs)."""
    return int(date[:4]) * 100 + (_month_of(date) or 12)


def _month_of(date: str) -> int:
    """The month a date names ("2024-05-17": 5), 0 for none ("2024")."""
    return int(date[5:7]) if date[5:7].isdecimal() else 0


def _head_span(line: str) -> tuple[int, int, bool] | None:
    """(first, last month as ``_month_key``, whether the head is a year or month alone) a run head dates:
    "### 2021" (202101, 202112, True), "### 2024-05" (202405, 202405, True), "**Before 2022**" (1, 202112),
    "2019-2020" (201901, 202012), "Since 2024" (202401, 999912); None for a line that is no such head."""
    m = _YEAR_LINE.fullmatch(line)
    if m:
        year = int(m["year"]) * 100
        first, last = (int(m["month"]),) * 2 if m["month"] else (1, 12)
        return year + first, year + last, True
    span = year_span(_head_text(line))
    return (span[0] * 100 + 1, span[1] * 100 + 12, False) if span else None


def _head_text(line: str) -> str:
    """A run head's words: "### ICLR 2025", "**ICLR 2025**", "<summary>ICLR 2025</summary>": "ICLR 2025"."""
    return re.sub(r"^[ \t]{0,3}#{1,6}[ \t]+|[*_]|#+[ \t]*$|<[^>]*>", "", line).strip()


@dataclass
class _Run:
    head: int  # the line of its head
    first: int  # the months it holds (year * 100 + month)
    last: int
    alone: bool  # headed by a year alone ("### 2021"): a form a new run's head can copy
    entries: list[Entry]

    @property
    def year(self) -> int:
        """The month that orders it among the runs."""
        return self.last if self.last // 100 != NO_END else self.first


def _year_runs(entries: list[Entry], lines: list[str], top: int,
               preprints: list[_Run] | None = None) -> list[_Run] | None:
    """The section's entries in runs headed by their year ("### 2021" or "**2021**" above each) or years
    ("### Before 2021"), or None where a run has no such head (one un-headed run is a section like any
    other) or no head is a year alone or a span of the runs' grid (``_grid``), for a new run to copy.
    Entries above the first head (classics, an introduction) are no run: a paper never joins them. A
    run headed by preprints among them goes to ``preprints``, not among the years' runs."""
    groups = _groups(entries, lines)
    runs, above = [], top
    for n, group in enumerate(groups):
        head = next((k for k in range(group[0].start_line - 1, above - 1, -1) if lines[k].strip()), None)
        span = _head_span(lines[head].rstrip("\r\n")) if head is not None else None
        above = _end(group[-1])
        if head is not None and span is not None:
            runs.append(_Run(head, *span, group))
        elif head is not None and venue_key(_head_text(lines[head].rstrip("\r\n"))) == PREPRINT_KEY:
            # A preprints' fold or head among the years' ("<summary>arXiv</summary>" after "2024"): no
            # year's run, and no reason to read the years' as none. Since such a fold heads a run (a
            # topic's filed by venue), it hid every year's, and every paper went to its end.
            if preprints is not None:
                preprints.append(_Run(head, 0, 0, False, group))
            continue
        elif n > 0 or len(groups) == 1:
            return None
    return runs if any(r.alone for r in runs) or _grid(runs) else None


def _groups(entries: list[Entry], lines: list[str]) -> list[list[Entry]]:
    """The entries in runs: each run's entries follow one another with no heading between them."""
    groups = [[entries[0]]]
    for a, b in zip(entries, entries[1:], strict=False):
        if _same_run(a, b, lines):
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


_VENUE_AND_YEAR = re.compile(r"[^\n()\[\]]*?(?<![\w'’])(?:(?:19|20)\d\d|['’]\d\d)(?!\w)")


def _venue_runs(entries: list[Entry], lines: list[str], top: int) -> list[tuple[str, str, _Run]] | None:
    """(venue key, year, run) for a section's entries in runs headed by their venue and year ("### ICLR
    2025"), or by preprints ("### arXiv"); None where a run has another head, or none."""
    runs, above = [], top
    for group in _groups(entries, lines):
        head = next((k for k in range(group[0].start_line - 1, above - 1, -1) if lines[k].strip()), None)
        above = _end(group[-1])
        line = lines[head].rstrip("\r\n") if head is not None else ""
        name = _head_text(line) if line and _is_head(line) else ""
        key = venue_key(name) if name else ""
        if not key or not (is_venue_year(name) or key == PREPRINT_KEY):
            return None
        year = next((year_in_full(y) for y in YEAR_IN_NAME.findall(name)), "")
        months = (int(year) * 100 + 1, int(year) * 100 + 12) if year else (0, 0)  # preprints: no year
        runs.append((key, year, _Run(head, *months, False, group)))
    # One venue head is enough where it is a venue: "## Attacks" > "### ICLR 2025" alone put a NeurIPS
    # paper under ICLR's. "### BraTS 2021" over MICCAI papers is a topic: a head the field does not know
    # as a venue is one where its papers show it.
    if len(runs) == 1 and runs[0][0] != PREPRINT_KEY and runs[0][0].split(" +")[0] not in KNOWN_VENUES:
        shown = [venue_key(e.venue) for e in runs[0][2].entries if e.venue]
        if not shown or shown.count(runs[0][0]) * 2 <= len(shown):
            return None
    return runs or None


def _venue_plan(runs: list[tuple[str, str, _Run]], paper: Paper, year: str, order: str,
                lines: list[str]) -> tuple[tuple[str, int] | None, str]:
    """(plan, head): ("join", i) the run of the paper's venue and year, or of preprints for a preprint;
    for a venue and year no head names yet, a run of its own under a new head ("NeurIPS 2025") among the
    others by its year; (None, "") for a preprint where no run is the preprints'."""
    venue = plain_text(paper.venue or "", 200)
    key = paper_venue_key(venue)
    year = venue_year(paper) or year  # "ICLR 2026" for a 2025 preprint: its venue's heading, of 2026
    if key == PREPRINT_KEY:
        # The preprints' run of its year, or one that names no year ("### arXiv"); else a head of its own
        # by year, named as the list names its preprints' ("**arXiv 2024**": "**arXiv 2026**"). A 2026
        # preprint joined "**arXiv 2024**", and in a topic with no preprints' run went under its last venue.
        preprints = [i for i, (k, _, _) in enumerate(runs) if k == PREPRINT_KEY]
        own = [i for i in preprints if runs[i][1] in (year, "")]
        if own:
            return ("join", own[0]), ""
        if preprints:
            head = _head_text(lines[runs[preprints[0]][2].head].rstrip("\r\n"))
            # In the head's own form: "arXiv 2024" -> "arXiv 2026", "arXiv'24" -> "arXiv'26".
            named = YEAR_IN_NAME.sub(lambda y: year if len(y[0]) == 4 else y[0][0] + year[2:], head,
                                     count=1) if year else ""
        else:
            named = f"arXiv {year}" if year else ""
    else:
        own = [i for i, (k, y, _) in enumerate(runs) if k == key and y == year]
        if own:
            return ("join", own[0]), ""
        named = _venue_year_text(venue)
    if not named or not year or any(_renamed_head(lines[run.head], named) is None for _, _, run in runs):
        return None, ""
    # A track with no head of its own ("NeurIPS 2025 Workshop on X"): its venue's, never a second one.
    main = [i for i, (k, y, _) in enumerate(runs) if k == venue_key(named) and y == year]
    if main:
        return ("join", main[0]), ""
    dated = [(i, int(y)) for i, (k, y, _) in enumerate(runs) if y]
    shown = year_order([str(y) for _, y in dated]) if len(dated) > 1 else order
    # Heads all of one year ("ICLR 2025", "ACL 2025") say no order: the list's own says it.
    newer_first = (shown if shown in ("ascending", "descending") else order) != "ascending"
    for i, y in dated:
        if (y < int(year)) if newer_first else (y > int(year)):
            return ("before", i), named
    # After the last dated run: before a preprints' run that closes the section, else at the end.
    last = dated[-1][0] if dated else len(runs) - 1
    return (("before", last + 1), named) if last + 1 < len(runs) else (("after", last), named)


def _renamed_head(line: str, name: str) -> str | None:
    """A venue's head line ``line`` ("### ICLR 2025", "**ICLR 2025**") naming ``name`` instead; None
    where its words are marked up apart ("### **ICLR** 2025"), which a copy would get wrong."""
    old = _head_text(line.rstrip("\r\n"))
    at = line.rfind(old) if old else -1
    return line[:at] + name + line[at + len(old) :] if at >= 0 else None


def _venue_year_text(venue: str) -> str:
    """A venue's name and year as a head names them: "NeurIPS 2025 (Oral)" is "NeurIPS 2025"."""
    m = _VENUE_AND_YEAR.match(venue)
    return m.group(0).strip() if m and is_venue_year(m.group(0).strip()) else ""


def _grid(runs: list[_Run]) -> tuple[int, int] | None:
    """(width, a first year) where every run is headed by a span of whole years as wide as the others,
    laid end to end ("### 2023-2024", "### 2021-2022"): a new run takes the span of that grid that
    holds its year. None for any other mix."""
    years = [(r.first // 100, r.last // 100) for r in runs]
    if len(runs) < 2 or any(r.alone or r.first % 100 != 1 or r.last % 100 != 12 for r in runs) or any(
            first == 0 or last == NO_END for first, last in years):
        return None
    widths = {last - first + 1 for first, last in years}
    if len(widths) != 1:
        return None
    width = widths.pop()
    return (width, years[0][0]) if len({first % width for first, _ in years}) == 1 else None


def _run_plan(runs: list[_Run], published: str, order: str) -> tuple[str, int]:
    """Where a paper of date ``published`` goes among year or month runs: ("join", i) at the end of run i,
    its year's or month's (a paper with no month: its year's latest month's); else a run of its own
    ("before", i) run i or ("after", last), in the order of the runs' dates (or of the entries', where
    one run shows none; newest first where neither does)."""
    y = _month_key(published)
    same = [i for i, r in enumerate(runs) if r.first <= y <= r.last]
    if not same and not _month_of(published):
        # Its year in runs of months ("### 2024-05"): which month is unknown, not December, for which it
        # opened a run of its own, under a head with no month ("### 2024-").
        year = int(published[:4])
        same = sorted((i for i, r in enumerate(runs) if r.first // 100 <= year <= r.last // 100),
                      key=lambda i: -runs[i].last)
    if same:
        return "join", same[0]
    newer_first = _runs_order(runs, order) != "ascending"
    for i, r in enumerate(runs):
        if (r.year < y) if newer_first else (r.year > y):
            return "before", i
    return "after", len(runs) - 1


def _join_before(run: _Run, date: str, order: str) -> int | None:
    """Index of the entry of ``run`` a paper of ``date`` goes before, None for after its last: where the
    years of its entries ask, or, in a run of one year or month, ``order`` (the runs' direction) within
    it (by month where they show one: on top of a newest-first run where none compare)."""
    own = year_order([e.year for e in run.entries]) if run.first // 100 != run.last // 100 else "unordered"
    return _before_index(run.entries, date, own if own != "unordered" else order)


def _runs_order(runs: list[_Run], order: str) -> str:
    """The direction of ``runs``: their years', or the section's (``order``) where there is one run."""
    return year_order([str(r.year) for r in runs]) if len(runs) > 1 else order


def _run_number(runs: list[_Run], plan: tuple[str, int], year: str, order: str) -> str:
    """The new item's number among numbered year runs: the number of the item it goes before or one past
    the item it follows, or, for a run of its own, the number runs start at where each restarts ("1."),
    else the one the next run starts at."""
    kind, i = plan
    firsts = [r.entries[0].fields.get("num", "") for r in runs]
    if "" in firsts:
        return "1"  # not a numbered list (or not throughout): the number is not written
    before = _join_before(runs[i], year, order) if kind == "join" else None
    if before is not None:
        return runs[i].entries[before].fields.get("num") or firsts[i]
    if kind == "join" or (kind == "after" and len(set(firsts)) > 1):
        last = runs[i].entries[-1].fields.get("num") or firsts[i]
        return str(int(last) + 1).zfill(len(last) if last.startswith("0") else 1)
    return firsts[0] if len(set(firsts)) == 1 else firsts[i]


def _into_runs(runs: list[_Run], plan: tuple[str, int], published: str, block: str, lines: list[str], nl: str,
               gap: str, section_lines: tuple[int, int], order: str, venue_head: str = "") -> tuple[int, str]:
    """(offset, text) for the new block: in its year's run where ``order`` (the runs') asks, under a
    head the maintainer wrote for its year with nothing under it yet, or as a new run whose head copies
    the nearest head that is a year alone (its form, its anchor line, the blank lines around it) with
    the paper's year, and month where that head names one ("### 2024-05")."""
    def offset_of(line_no: int) -> int:
        return sum(len(line) for line in lines[:line_no])

    kind, i = plan
    run = runs[i]
    if kind == "join":
        before = _join_before(run, published, order)
        if before is not None:
            return offset_of(run.entries[before].start_line), block + nl + gap
        return _after_line(lines, _end(run.entries[-1]), gap + block + nl, offset_of)
    alone = [k for k, r in enumerate(runs) if r.alone]
    form = runs[min((abs(k - i), k) for k in alone)[1] if alone else i]  # the nearest year alone
    under_head = "".join(lines[form.head + 1 : form.entries[0].start_line])
    empty = _empty_head(runs, lines, _month_key(published), section_lines)
    if empty is not None:
        return _after_line(lines, empty + 1, under_head + block + nl, offset_of)
    fold = _fold(lines, form)
    top = heading_top(lines, fold[0] if fold else form.head)  # a fold's anchor is above its <details>
    # A run folded in <details> ("<summary>2025</summary>"): the new run is a fold of its own, closed
    # (the blank lines before the </details> copied, not a note of that year's under its entries).
    closing = ""
    if fold:
        blank = [line for line in lines[_end(form.entries[-1]) : fold[1]] if not line.strip()]
        closing = "".join(blank) + lines[fold[1]]
    if venue_head:  # "### NeurIPS 2025" in the form of the head next to it ("### ICLR 2025")
        renamed = _renamed_head(lines[form.head], venue_head)
        assert renamed is not None  # _venue_plan asked for a new head only where one can be written
        # The anchor above it renamed; a fold's "<details>" line kept as it is.
        opened = fold[0] if fold else form.head
        anchor = _renamed_anchor("".join(lines[top:opened]), _head_text(lines[form.head].rstrip("\r\n")),
                                 venue_head)
        head = anchor + "".join(lines[opened : form.head]) + renamed + under_head
    else:
        head = _new_head(runs, form, lines, top, published) + under_head
    above = top
    while above > 0 and not lines[above - 1].strip():
        above -= 1
    spacer = nl * (top - above)
    # Out of the fold of the run it goes next to, whether or not the form it copies is folded.
    folded = _fold(lines, run)
    if kind == "before":
        at = heading_top(lines, folded[0] if folded else run.head)
        return offset_of(at), head + block + nl + closing + spacer
    end = folded[1] + 1 if folded else _end(run.entries[-1])
    return _after_line(lines, end, spacer + head + block + nl + closing, offset_of)


def _renamed_anchor(anchor: str, old: str, new: str) -> str:
    """The lines above a head (``<a id="iclr-2025"></a>``) for a head naming ``new`` instead of ``old``:
    the old name's slug renamed ("neurips-2025"), as a table of contents links it; where no slug of it
    is there to rename, none, since a copied id would send the contents' link to the old head."""
    if not anchor.strip():
        return anchor
    for sep in ("-", "_", ""):
        slug = sep.join(re.findall(r"[\w&]+", old))
        if slug and (m := re.search(re.escape(slug), anchor, re.I)):
            renamed = sep.join(re.findall(r"[\w&]+", new))
            renamed = renamed.lower() if m[0].islower() else renamed
            return anchor[: m.start()] + renamed + anchor[m.end() :]
    return ""


def _new_head(runs: list[_Run], form: _Run, lines: list[str], top: int, published: str) -> str:
    """``form``'s head lines from ``top`` (anchor, fold, head) for a new run of ``published``: with its
    year, and month where the head names one ("### 2024-05"); for spans on a grid (``_grid``), with the
    grid's span that holds its year."""
    if not form.alone:
        width, start = _grid(runs) or (1, 0)
        year = int(published[:4])
        first = year - (year - start) % width
        swap = {form.first // 100: first, form.last // 100: first + width - 1}
        return re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", lambda y: str(swap.get(int(y[0]), y[0])),
                      "".join(lines[top : form.head + 1]))
    m = _YEAR_LINE.fullmatch(lines[form.head].rstrip("\r\n"))
    assert m is not None  # _year_runs found it so
    year, end = published[:4], m.end("year")
    if m["month"]:  # "2024-05" for "2023-11", "2024-5" where the list leaves out the zero
        end = m.end("month")
        if _month_of(published):  # else its year alone ("### 2025"): "2025-" named a month of none
            year += m["sep"] + published[5:7].lstrip("0" if len(m["month"]) < 2 else "")
    written = lines[form.head][m.start("year") : end]
    # Each line above the head with the new year; an anchor that names no year ("sec-2") is left out: a
    # copy would be the page's second such id, and a contents' link to it would open the new run.
    above = [re.sub(rf"(?<!\d){written}(?!\d)", year, line) for line in lines[top : form.head]]
    anchor = "".join(new for new, old in zip(above, lines[top : form.head], strict=True)
                     if new != old or not ANCHOR.fullmatch(old))
    return anchor + lines[form.head][: m.start("year")] + year + lines[form.head][end:]


def _fold(lines: list[str], run: _Run) -> tuple[int, int] | None:
    """(the line of its <details>, of its </details>) where ``run`` is headed by a fold's summary, with
    nothing but blank lines between the <details> and the summary, and no other head between the run's
    last entry and the </details> (a line of text may be: "Not yet read: ...")."""
    if "<summary" not in lines[run.head].lower():
        return None
    top = run.head
    if "<details" not in lines[run.head].lower():
        top = next((k for k in range(run.head - 1, -1, -1) if lines[k].strip()), -1)
        if top < 0 or not _DETAILS_LINE.fullmatch(lines[top].rstrip("\r\n")):
            return None
    for k in range(_end(run.entries[-1]), len(lines)):
        line = lines[k].rstrip("\r\n")
        if line.strip().lower() == "</details>":
            return top, k
        if _is_head(line) or _DETAILS_LINE.match(line):
            return None
    return None


def _empty_head(runs: list[_Run], lines: list[str], key: int, section_lines: tuple[int, int]) -> int | None:
    """The line of a head that holds the year or month ``key`` (``_month_key``: "### 2026", "### 2025-2026")
    with no entries under it, outside every entry, in the section's lines: a year the maintainer opened
    before its first paper, for it to go under."""
    heads = {r.head for r in runs}
    inside = {k for r in runs for e in r.entries for k in range(e.start_line, _end(e))}
    for k in range(*section_lines):
        span = _head_span(lines[k].rstrip("\r\n"))
        if span and span[0] <= key <= span[1] and k not in heads and k not in inside:
            return k
    return None


def _same_run(above: Entry, below: Entry, lines: list[str]) -> bool:
    """Whether no head line (``_is_head``) stands between two entries: they are in one run."""
    return not any(_is_head(line.rstrip("\r\n")) for line in lines[_end(above) : below.start_line])


def _is_head(line: str) -> bool:
    """Whether ``line`` heads a run (``_HEAD_LINE``). A fold's summary heads one only where it dates it
    ("<summary>2023</summary>", "<summary>ICLR 2025</summary>") or names preprints: "<summary>More
    </summary>" folds away the rest of the run it is in, and as a head of a run with no date it hid every
    year's run, for a paper to go to the section's end."""
    if not _HEAD_LINE.fullmatch(line):
        return False
    if "<summary" not in line.lower() or _head_span(line) is not None:
        return True
    name = _head_text(line)
    return is_venue_year(name) or venue_key(name) == PREPRINT_KEY


def _end(entry: Entry) -> int:
    """The line after an entry, its sub-items and the figures after its <details> included."""
    return max(entry.item_end_line, entry.block_end_line)


def _before_index(entries: list[Entry], date: str, order: str) -> int | None:
    """Index of the entry a paper of ``date`` ("2024", "2024-05") goes before; None to append after the
    last. Among its year's entries, months order it where it and an entry show one ("2023-03" rows,
    arXiv ids), in the direction they run (``_within_year``); else it is no older than them (in steady
    use every paper proposed is newer than those listed): on top of them where they run newest first,
    after them where they run oldest first."""
    year, month = date[:4], _month_of(date)
    if not year or order == "unordered":
        return None
    within = _within_year(entries, year, order)
    for i, entry in enumerate(entries):
        if not entry.year:
            continue
        if entry.year != year:
            if (entry.year > year) == (order == "ascending"):
                return i
            continue
        newer = bool(month) and _month(entry) > month
        if newer == (within == "ascending"):
            return i
    return None


def _within_year(entries: list[Entry], year: str, order: str) -> str:
    """The direction the entries of ``year`` run in: the one their months show (a list newest first
    by year may list each year's papers oldest first), else the section's ``order``."""
    months = year_order([str(m) for e in entries if e.year == year and (m := _month(e))])
    return months if months != "unordered" else order


_MONTH_NUMBERS = {name[:3].lower(): n for n, name in enumerate(calendar.month_name) if name}


# An arXiv id's year and month: "2410.00037", "hep-th/9901001".
_ARXIV_MONTH = re.compile(r"(?:^|/)(\d\d)(0[1-9]|1[0-2])(?:\.\d{4,5}|\d{3})(?:v\d+)?$")


def _shown_month(entry: Entry) -> int:
    """The month an entry shows ("2023-06", "Jun 2023", "[arXiv 2024/04]"), 0 where it shows none."""
    mm = entry.fields.get("mm", "")
    if mm.isdecimal():
        return int(mm)
    return _MONTH_NUMBERS.get((entry.fields.get("mon") or entry.fields.get("month") or "")[:3].lower(), 0)


def _month(entry: Entry) -> int:
    """The month an entry shows, else the one its arXiv id dates it to ("2410.00037": October) where
    that is a month of the entry's year (a 2024 preprint listed as "ICLR 2025" is of no month of
    2025); 0 for none."""
    m = _ARXIV_MONTH.search(entry.arxiv_id or "")
    if _shown_month(entry) or not m or not entry.year or entry.year[2:] != m[1]:
        return _shown_month(entry)
    return int(m[2])


def _loose(entries: list[Entry], lines: list[str]) -> bool:
    """Whether this section separates entries by a blank line (majority of its gaps; a run's head, such
    as "### 2020" between two entries, is no gap between items)."""
    gaps = _gaps(entries, lines)
    return sum(gaps) * 2 > len(gaps) if gaps else False


def _gaps(entries: list[Entry], lines: list[str]) -> list[bool]:
    """For each two entries next to each other in one run, whether a blank line stands between them."""
    return [any(not lines[i].strip() for i in range(a.item_end_line, b.start_line))
            for a, b in zip(entries, entries[1:], strict=False) if _same_run(a, b, lines)]


def _blocks_loose(doc: CuratedList, peers: list[Entry], lines: list[str]) -> bool:
    """Whether papers written as headings are set apart by a blank line: as this section's are, else as
    the list's other sections' are; a section of one paper in a list of one paper per section says
    nothing, and markdown sets a heading apart."""
    gaps = _gaps(peers, lines) or [gap for s in doc.paper_sections()
                                    for gap in _gaps([e for e in s.entries if e.style.is_heading], lines)]
    return sum(gaps) * 2 > len(gaps) if gaps else True


def _at_level(style: ListStyle, doc: CuratedList, section: Section, peers: list[Entry]) -> ListStyle:
    """A heading block's style at the level its neighbours' headings are, else at that of the papers'
    headings in sections of its section's level, else one below its section's heading: the list-wide
    style may be another section's, a level deeper or higher."""
    def level(entry: Entry) -> int:
        return len(HEADING_MARKS.match(entry.style.line)[1])  # type: ignore[index]

    levels = [level(e) for e in peers if e.style.is_heading] or [
        level(e) for s in doc.paper_sections() if s.level == section.level for e in s.entries
        if e.style.is_heading]
    if levels:
        depth = max(set(levels), key=levels.count)
    elif section.level < GROUP_LEVEL:
        depth = min(section.level + 1, 6)
    else:
        return style
    return replace(style, line=HEADING_MARKS.sub("#" * depth, style.line, count=1))


def unified_diff(old_text: str, new_text: str, path: str) -> str:
    """A git-style unified diff of the list before and after."""
    diff = difflib.unified_diff(split_lines(old_text), split_lines(new_text),
                                fromfile=f"a/{path}", tofile=f"b/{path}")
    marker = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith("\n") else line + marker for line in diff)
