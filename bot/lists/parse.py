"""Markdown text -> CuratedList. markdown-it finds the structure (headings, list items, code to skip);
fields come from the original lines, so nothing is ever re-serialised."""

from __future__ import annotations

import dataclasses
import functools
import html
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from markdown_it import MarkdownIt

from bot.errors import InputError
from bot.fsutil import os_reason
from bot.identity import arxiv_id_from, doi_from
from bot.lists.entry import (
    CODE_LINK_TEXT,
    FIELD,
    GENERIC_LINK_TEXT,
    IMAGE,
    LINK,
    MARK,
    PAPER_HOSTS,
    ParsedEntry,
    find_links,
    looks_like_authors,
    parse_entry,
    parse_paragraph,
    parse_titled_links,
    with_names_item,
)
from bot.lists.headed import heading_shape, parse_heading_entry, squash_words
from bot.lists.layouts import may_as_months_are_cut, read_lone_names, read_noted_names, share_stop_after_names
from bot.lists.model import (
    GROUP_LEVEL,
    YEAR_IN_NAME,
    CuratedList,
    Entry,
    Section,
    fence_closes,
    fence_opens,
    is_date_name,
    is_venue_year,
    split_lines,
    uncounted,
    without_end_colon,
    year_order,
)
from bot.lists.style import entry_style, infer_style
from bot.lists.table import column_fields, parse_row
from bot.lists.venues import PREPRINT_KEY, venue_key

MAX_BYTES = 5 * 1024 * 1024
_HTML_HEADING = re.compile(r"<summary>\s*<h([1-6])[^>]*>(?P<text>.*?)</h\1>", re.I)
# A heading written in HTML on a line of its own ('<h2 id="attacks">Attacks</h2>'): a heading as it renders.
_HTML_LINE_HEADING = re.compile(r"[ \t]*<h([1-6])(?P<attrs>\s[^<>]*)?>(?P<text>.*?)</h\1>[ \t]*", re.I)
# Not a README's banner: centred, and a sentence or no words at all ('<h3 align="center">A curated list
# of ...</h3>', a logo); a centred heading of a few words is a section like any other.
_CENTRED = re.compile(r"\balign\s*=\s*[\"']?center", re.I)
_BANNER_WORDS = 5
# Nor a label of a part of the paper whose heading is above it ('<h4>Abstract</h4>' under "### Title").
_PART_LABEL = re.compile(r"\W*(?:abstract|summary|tl;?\s*dr|bibtex|citation|cite|details|notes?|overview|"
                         r"method|results?|links?|code|paper)\W*", re.I)


def _html_heading_is_a_section(level: int, attrs: str, name: str, above: int | None) -> bool:
    """Whether an HTML heading on a line of its own is a section of the page; ``above``: the level of the
    heading before it, if any."""
    if _CENTRED.search(attrs or "") and not 0 < len(re.findall(r"\w+", name)) <= _BANNER_WORDS:
        return False
    return not (_PART_LABEL.fullmatch(name) and above is not None and level > above)


# Sections that list venues, people or housekeeping rather than papers.
_NON_PAPER = re.compile(
    r"\b(conferences?|workshops?|venues?|events?|contribut\w*|licen[cs]e|contents|"
    r"toc|related (?:lists?|awesome|resources|repos\w*)|awesome lists?|other lists?|resources|links|"
    r"tutorials?|courses?|lectures?|books?|blogs?( posts)?|talks?|videos?|podcasts?|people|researchers|"
    r"community|citation|cite|acknowledge?ments?|sponsors?|star history|about|footnotes?|competitions?|"
    r"newsletters?|jobs|groups|labs|changelog|what'?s new|announcements?|todo|references?)\b",
    re.I,
)
_NAMED_PAPERS = re.compile(r"papers?|surveys?|readings?", re.I)
# The list's own news, alone as a heading ("🔥 News", "Latest Updates", "News & Updates"): "Fake News
# Detection", "Knowledge Updates" and "News Recommendation" are research topics.
_OWN_NEWS = re.compile(
    r"^\W*(?:(?:latest|recent)\s+)?(?:news|updates)(?:\s*(?:&|and|/)\s*(?:news|updates))?\W*$", re.I)
# The list's own headings as Chinese, Japanese and Korean lists write them (contributing, citation,
# acknowledgements, licence, contents, news), alone: "引用推荐" (citation recommendation) is a topic.
_OWN_CJK = re.compile(r"^\W*(?:如何)?(?:贡献(?:指南)?|引用|致谢|许可(?:证|协议)?|目录|新闻|动态|更新(?:日志)?"
                      r"|コントリビューション|貢献|引用|謝辞|ライセンス|目次|기여|인용|라이선스|목차)\W*$")
# Words of _NON_PAPER that also name research topics: "Video Hallucination", "Event Cameras", "Link
# Prediction", "Community Detection", "Group Fairness". A heading with one of them lists papers when its
# entries link to papers (a "Videos" section of talks links to YouTube). "References" is one where a
# list's papers are its references; the usual one holds the list's own bibtex.
_ALSO_TOPICS = re.compile(r"\b(?:videos?|events?|links?|community|groups?|references?|workshops?)\b", re.I)
# "Workshops" lists events ("ICLR 2024 Workshop on X", linking its page on iclr.cc or OpenReview) in
# most lists, and a venue's workshop papers in lists filed by venue: those show their authors, or link
# an arXiv id or a DOI.
_WORKSHOPS = re.compile(r"\bworkshops?\b", re.I)
# Words that name code or data rather than papers: such a section still lists papers when its entries
# are papers (dataset papers under "Datasets", "Tool Use" or "Code Generation" in a list on LLM agents).
_RESOURCE = re.compile(
    r"\b(software|tools?|toolk?its?|libraries|library|packages?|frameworks?|code|implementations?|"
    r"datasets?|data ?sets|benchmarks?|challenges?)\b",
    re.I,
)
# Kinds of paper among those words (genre.py's): a heading of them with no entries yet is for papers.
_PAPER_GENRE = re.compile(r"\b(?:datasets?|data ?sets|benchmarks?|tools?|toolk?its?)\b", re.I)
# A paragraph of bold text alone, right above a list or table, names a group of entries as a heading
# would: "**Image classifiers**" under "## Attacks". Short, as headings are; a bold link is a paper.
_BOLD_LINE = re.compile(r"(\*\*|__)(?P<name>(?:(?!\1)[^\n])+?):?\1\s*:?")
_GROUP_WORDS = 8
# The tags of a fold: its <details> and </details>, and its <summary> with what it says; and a comment,
# whose tags are none ("<!-- <details> -->", a fold the maintainer took out).
_FOLD_TAG = re.compile(r"(?P<comment><!--.*?(?:-->|\Z))|<(?P<close>/?)details\b[^>]*>|"
                       r"<summary\b[^>]*>(?P<summary>.*?)</summary>", re.I | re.S)
# Words of a fold's label that say what it hides rather than name a topic: one paper's abstract or BibTeX,
# the rest of its section ("Show more", "Older papers", "Click to expand") or all of it ("Papers", "Paper
# list"), whose entries stay the section's. A label is of these words alone.
_FOLD_WORDS = frozenset(
    "abstract abstracts summary details detail tl dr tldr bibtex bib notes note more less show hide expand "
    "collapse click tap here to read see view open toggle full all the rest remaining older earlier previous "
    "past archive archived legacy classic recent latest newer new papers paper works work entries items list "
    "of for me this section and".split())
# Or it starts by saying what to do to see the rest, or that it is more of it: "Show 20 surveys", "More
# attacks", "Older surveys".
_FOLD_FIRST = frozenset("show click tap expand see view hide toggle more older earlier".split())
_md = MarkdownIt("commonmark").enable("table")


def read_list(path: str) -> CuratedList:
    """Read and parse a list file; anything that is not a usable list is one InputError naming the fix."""
    try:
        size = os.path.getsize(path)
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory; give the path of the list's markdown file")
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_BYTES} byte limit for a list; "
                             "is this really an awesome-list README?")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; give the path of the list's markdown file") from None
    except PermissionError:
        raise InputError(f"{path}: not readable (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{os_reason(path, exc)}; give the path of the list's markdown file") from None
    if b"\0" in data:
        raise InputError(f"{path}: binary file, not markdown; give the list's README.md")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the list as UTF-8 markdown") from None
    return usable(parse_list(text, path))


def usable(doc: CuratedList) -> CuratedList:
    """``doc``, or one InputError naming the fix when it has no sections or no entries to place papers by."""
    if not doc.sections:
        raise InputError(f"{doc.path}: no sections (markdown headings) found; "
                         "a list needs '## Section' headings")
    if not doc.entries:
        raise InputError(f"{doc.path}: no paper entries found; entries are list items like '* [Title](url)' "
                         "or '1. [Title](url)', or table rows under a header")
    return doc


def parse_list(text: str, path: str = "LIST.md") -> CuratedList:
    """Parse markdown into sections and entries; ``to_text()`` gives back ``text`` unchanged.

    The result is shared by every caller that parses the same text: read it, never change it. A cycle
    reads one version of the list many times (to reconcile, rank, and for each PR it opens or
    refreshes: 32 parses of one text in the fault tests' first cycle), and a list of 5,000 entries
    takes ~1.6 s to parse."""
    return _parsed(text, path)


@functools.lru_cache(maxsize=4)  # the base, and the few versions one PR's steps go through
def _parsed(text: str, path: str) -> CuratedList:
    # The same text under another name (the cycle names the list "owner/repo:README.md" in its
    # messages, a PR step "README.md") is parsed once.
    return dataclasses.replace(_parsed_text(text), path=path)


@functools.lru_cache(maxsize=4)
def _parsed_text(text: str) -> CuratedList:
    if text.startswith("\ufeff"):
        body = text[1:]
    else:
        body = text
    raw_lines = split_lines(body)
    lines = [line.rstrip("\r\n") for line in raw_lines]
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    joined = "\n".join(lines)
    headings, items, tables, refs, linked, html_blocks, paragraphs = _structure(joined)
    entries = _entries(items, lines, raw_lines, newline, refs)
    headed = _headed_entries(headings, entries, lines, raw_lines, newline, refs)
    if headed:
        # The paper's heading is no section, and its lines ("- [[Paper]](u)") no entries of their own.
        heads = [e.start_line for e in headed]
        taken = set(heads)
        headings = [h for h in headings if h[0] not in taken]
        entries = [e for e in entries if not _in_block(headed, heads, e.start_line)] + headed
    # After the papers written as headings are known: a fold is no heading of theirs to be under.
    folds, fold_ends = _fold_headings(_folds(joined, lines, html_blocks), headings, entries, lines)
    if folds:
        headings = sorted(headings + folds)
    sections = _sections(_without_date_leaves(_holding_entries(headings, entries, len(lines)), tables),
                         len(lines), fold_ends)
    entries.sort(key=lambda e: e.start_line)
    entry_starts = [e.start_line for e in entries]
    tables.sort()
    paragraph_starts = [start for start, _ in paragraphs]
    html_papers = _html_paper_lines(html_blocks, lines)
    for section in sections:
        section.entries = entries[_between(entry_starts, section.heading_end, section.end_line)]
        # A table none of whose rows is an entry (a header, maybe a "coming soon" row): new rows go
        # right under its header.
        with_rows = {e.table_start for e in section.entries}
        section.empty_tables = [h for h in tables[_between(tables, section.heading_end, section.end_line)]
                                if h not in with_rows]
        # "#### [Title](arxiv)" over its authors and summary: a paper of its own, not a place for others;
        # over a list of papers ("## [Paper](arxiv)" over the papers built on it) it is their section.
        own_paper = section.start_line in linked and not section.entries
        # Nor the lines after a fold, back in the heading the folds are topics of (no heading line of their
        # own): a survey the list cites there is the list's, not a paper of that heading.
        if (not section.entries and not section.empty_tables and not own_paper
                and not (section.has_children and section.level < 2)
                and section.heading_end > section.start_line):
            # Papers written as paragraphs, where the section holds no list item, row or heading of one;
            # not the list's introduction above its sections (under its title), which may cite the list's
            # own paper. A "## Attacks" may hold some before its "### Image attacks".
            found = paragraphs[_between(paragraph_starts, section.heading_end, section.end_line)]
            section.entries = _paragraph_entries(found, lines, raw_lines, newline, refs, section.end_line)
            if section.entries and not _is_paper_section(section):
                section.entries = []  # paragraphs citing papers under "Citation": links, as before
        for entry in section.entries:
            entry.section = section.name
        # Papers only in HTML ("<table>" rows, "<li>"s), which litbot does not read: a new paper would
        # go after them in another layout (a markdown table under the "</table>"), so no paper goes here.
        unread = not section.entries and _any_between(html_papers, section.heading_end, section.end_line)
        section.is_paper_section = not own_paper and not unread and _is_paper_section(section)
        section.order = year_order([e.year for e in section.entries])
    # The lines after a fold, back in the section it is in (``_sections``), are a section only where
    # they hold entries: else it would be a second, empty one of that name for a paper to go to.
    sections = [s for s in sections if s.heading_end > s.start_line or s.entries or s.empty_tables]
    paper = [e for s in sections if s.is_paper_section for e in s.entries]
    read_lone_names(paper, newline)
    read_noted_names(paper, newline)
    share_stop_after_names(paper, newline)
    may_as_months_are_cut(paper, newline)
    # A section of paragraphs (a References section's "[1] ...") does not write a list of items' entries.
    items = [e for e in paper if not e.style.is_paragraph]
    style = infer_style([e.sample for e in (items if len(items) * 2 >= len(paper) else paper)], newline)
    return CuratedList(path="", text=text, sections=sections, style=style, newline=newline)


def _structure(
    text: str,
) -> tuple[list[tuple[int, int, int, str]], list[tuple[int, int, int]], list[int], dict[str, str], set[int],
           list[tuple[int, int]], list[tuple[int, int]]]:
    """Headings as (start, end, level, name); list items and table body rows as (start, end, header),
    ``header`` being the line of a row's table header (-1 for a list item); the header line of every
    table; the link reference definitions (normalised label -> URL); the first lines of the headings
    that are a link to a paper and nothing else; the lines (start, end) of each HTML block outside
    lists and quotes; and those of each paragraph outside lists and quotes. Tables inside lists or
    quotes are no entries."""
    linked: set[int] = set()
    html_blocks: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    headings: list[tuple[int, int, int, str]] = []
    items: list[tuple[int, int, int]] = []
    tables: list[int] = []
    env: dict = {}
    tokens = _md.parse(text, env)
    lists: list[str] = []
    quotes = 0
    table: tuple[int, int] | None = None
    for i, tok in enumerate(tokens):
        if tok.type in ("blockquote_open", "blockquote_close"):
            quotes += 1 if tok.type == "blockquote_open" else -1
        elif tok.type == "table_open" and tok.map:
            table = (tok.map[0], tok.map[1]) if not lists and not quotes else None
            if table is not None:
                tables.append(table[0])
        elif tok.type == "table_close":
            table = None
        elif tok.type == "tr_open" and table is not None and tok.map and tok.map[0] > table[0] + 1:
            items.append((tok.map[0], tok.map[1], table[0]))
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(tok.type)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "paragraph_open" and tok.map and not lists and not quotes:
            name = _group_name(tokens, i)
            if name:
                headings.append((tok.map[0], tok.map[1], GROUP_LEVEL, name))
            else:
                paragraphs.append((tok.map[0], tok.map[1]))
        elif tok.type == "heading_open" and tok.map:
            headings.append((tok.map[0], tok.map[1], int(tok.tag[1]), clean_heading(tokens[i + 1].content)))
            link = LINK.fullmatch(tokens[i + 1].content.strip())
            if link and PAPER_HOSTS.search(link["url"]):
                linked.add(tok.map[0])
        elif tok.type == "list_item_open" and tok.map and lists:
            items.append((tok.map[0], tok.map[1], -1))
        elif tok.type == "html_block" and tok.map:
            if not lists and not quotes:
                html_blocks.append((tok.map[0], tok.map[1]))
            # A heading inside an HTML comment is not on the page.
            visible = re.sub(r"<!--.*?(?:-->|$)", lambda c: "\n" * c[0].count("\n"), tok.content, flags=re.S)
            for offset, (line, shown) in enumerate(zip(tok.content.split("\n"), visible.split("\n"),
                                                       strict=True)):
                m = _HTML_HEADING.search(line)
                if not m and not lists and not quotes:
                    m = _HTML_LINE_HEADING.fullmatch(shown)
                if m:
                    name = clean_heading(m["text"])
                    above = headings[-1][2] if headings else None
                    if m.re is _HTML_LINE_HEADING and not _html_heading_is_a_section(
                            int(m[1]), m["attrs"], name, above):
                        continue
                    at = tok.map[0] + offset
                    headings.append((at, at + 1, int(m.group(1)), name))
    headings.sort()
    refs = {label: ref["href"] for label, ref in env.get("references", {}).items()}
    return headings, items, tables, refs, linked, html_blocks, paragraphs


@dataclasses.dataclass
class _Fold:
    """A <details> outside every list item: its lines, and what its <summary> says."""

    start: int  # the line of its <details>
    tag_end: int  # where in the text its <details> tag ends (-1 once anything follows it)
    head_end: int = -1  # the line after its </summary>; -1 where it has none
    close: int = -1  # the line of its </details>; -1 where it is not closed
    summary: str = ""  # the summary as written


def _folds(text: str, lines: list[str], html_blocks: list[tuple[int, int]]) -> list[_Fold]:
    """The folds of the HTML blocks ``html_blocks`` (``_structure``'s) in ``text``, in file order: each with
    its summary where that comes right after its <details> (on its line, the next, or after blank
    lines), and its </details> where one closes it outside every list item."""
    if not html_blocks:
        return []
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: list[_Fold] = []
    open_folds: list[_Fold] = []
    for first, last in html_blocks:
        base = starts[first]
        for m in _FOLD_TAG.finditer(text, base, starts[last] - 1):
            at = bisect_right(starts, m.start()) - 1
            if m["comment"] is not None:
                continue
            if m["summary"] is not None:
                top = open_folds[-1] if open_folds else None
                if top is not None and top.tag_end >= 0 and not text[top.tag_end : m.start()].strip():
                    top.summary, top.head_end = m["summary"], bisect_right(starts, m.end() - 1)
            elif m["close"]:
                if open_folds:
                    open_folds.pop().close = at
            else:
                fold = _Fold(start=at, tag_end=m.end())
                found.append(fold)
                open_folds.append(fold)
            for fold in open_folds:
                if fold.tag_end != m.end():
                    fold.tag_end = -1
    return found


def _fold_headings(
    folds: list[_Fold], headings: list[tuple[int, int, int, str]], entries: list[Entry], lines: list[str],
) -> tuple[list[tuple[int, int, int, str]], dict[int, int]]:
    """The folds that name a group of entries as a heading would ("<details><summary><b>Attacks</b>
    </summary>" over a list), as headings (start, end, level, name), and the line after each one's
    </details> by its start (``_sections``). Such a fold is one level below the heading it is under
    (a fold under "## Papers" is a "###"), one more for each fold it is in. Not a fold that only dates
    (a year's run, ``year_heads``), one labelled for what it hides ("Abstract", "Show more"), one whose
    <summary> is a heading itself (``_HTML_HEADING``), one in a paper's lines, one that holds a heading,
    nor one that holds neither an entry nor nothing at all (one paper's BibTeX, a note)."""
    entry_starts = sorted(e.start_line for e in entries)
    spans = sorted((e.start_line, max(e.end_line, e.item_end_line, e.block_end_line)) for e in entries)
    reach: list[int] = []  # the furthest line an entry starting at or above spans[k] reaches
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)
    span_starts = [start for start, _ in spans]
    marked = [h for h in headings if h[2] < GROUP_LEVEL]
    head_starts = [h[0] for h in marked]
    # The folds with a heading in them ("<summary><h2>" ones): a fold after one is not under its headings.
    walled = [(f.start, f.close) for f in folds
              if f.close >= f.start and _any_between(head_starts, f.start, f.close)]
    kept: list[tuple[_Fold, str, int]] = []
    for fold in folds:
        if fold.head_end < 0 or fold.close < fold.head_end or re.match(r"\s*<h[1-6]\b", fold.summary, re.I):
            continue
        # "&nbsp;<b>Attacks</b>", "Attacks &amp; Defenses", "<b>Attacks</b><br><sub>on images</sub>".
        summary = re.sub(r"<br\s*/?>", " ", fold.summary, flags=re.I)
        name = " ".join(html.unescape(clean_heading(summary)).split())
        words = re.sub(r"[\W\d_]+", " ", name.casefold()).split()
        if not words or YEAR_IN_NAME.search(name) or words[0] in _FOLD_FIRST or set(words) <= _FOLD_WORDS:
            continue
        # The heading it is under: the nearest above, but not one in a fold closed above it (a
        # "<summary><h2>" fold's, or one of its own "###"): the fold is beside that fold, not in it.
        above = next((h for h in reversed(marked[: bisect_left(head_starts, fold.start)])
                      if not any(a <= h[0] <= b < fold.start for a, b in walled)), None)
        if above is not None and squash_words(above[3]) == squash_words(name):
            continue  # "### Attacks" over "<summary>Attacks</summary>": all of the heading's, folded
        k = bisect_right(span_starts, fold.start) - 1
        if k >= 0 and reach[k] > fold.start:
            continue
        if _any_between(head_starts, fold.start, fold.close):
            continue
        if not _any_between(entry_starts, fold.head_end, fold.close) and any(
                line.strip() for line in lines[fold.head_end : fold.close]):
            continue
        kept.append((fold, name, above))
    kept = _topic_folds(kept, entries, marked, walled, len(lines))
    found: list[tuple[int, int, int, str]] = []
    ends: dict[int, int] = {}
    inside: list[int] = []  # the </details> lines of the kept folds the current one is in
    for fold, name, above in kept:
        while inside and inside[-1] < fold.start:
            inside.pop()
        level = above[2] if above is not None else 0
        found.append((fold.start, fold.head_end, min(level + 1 + len(inside), 6), name))
        ends[fold.start] = fold.close + 1
        inside.append(fold.close)
    return found, ends


_Kept = tuple[_Fold, str, "tuple[int, int, int, str] | None"]


def _topic_folds(kept: list[_Kept], entries: list[Entry], marked: list[tuple[int, int, int, str]],
                 walled: list[tuple[int, int]], n_lines: int) -> list[_Kept]:
    """The folds that split what they are in (a heading, or a fold) into topics, as its sections do:
    two or more, of names of their own, holding all of its entries. A heading's one fold is the
    heading's own papers folded ("## Attacks" over "<summary>Attacks (12)</summary>"); entries beside
    the folds make them a heading's extras, not its topics; folds of the venues ("Conferences",
    "Journals") sort papers by where they appeared, and a fold that is one paper ("<summary>Paper
    Title</summary>" over "[arXiv](u)", "[Code](c)") is no topic: in each case the folds stay as they
    were before folds were read, and their papers the heading's."""
    def parent(fold: _Fold, above: tuple[int, int, int, str] | None) -> tuple[int, int]:
        """The lines (from, to) of what ``fold`` is in: the kept fold around it, else its heading."""
        around = [f for f, _, _ in kept if f.start < fold.start and fold.close < f.close]
        if around:
            inner = max(around, key=lambda f: f.start)
            return inner.head_end, inner.close
        if above is None:
            return 0, min([h[0] for h in marked] + [n_lines])
        rank = marked.index(above)
        end = next((h[0] for h in marked[rank + 1 :] if h[2] <= above[2]), n_lines)
        # A "<summary><h2>" heading's section ends with its fold.
        return above[1], min([end] + [b for a, b in walled if a <= above[0] <= b])

    groups: dict[tuple[int, int], list[_Kept]] = {}
    for item in kept:
        groups.setdefault(parent(item[0], item[2]), []).append(item)
    starts = sorted(e.start_line for e in entries)
    by_start = {e.start_line: e for e in entries}
    topics: list[_Kept] = []
    for (first, last), group in groups.items():
        spans = [(f.head_end, f.close) for f, _, _ in group]
        held = [[by_start[i] for i in starts[_between(starts, a, b)]] for a, b in spans]
        names = [uncounted(squash_words(name)) for _, name, _ in group]
        # "<summary><h3>" folds beside them are topics of the same kind.
        headed = [(a, b) for a, b in walled if first <= a < last]
        outside = [i for i in starts[_between(starts, first, last)]
                   if not any(a <= i < b for a, b in spans + headed)]
        topical = all(_topic_fold(fold, name, papers)
                      for (fold, name, _), papers in zip(group, held, strict=True))
        if len(group) + len(headed) < 2 or len(set(names)) < len(names) or outside or not topical:
            continue
        topics += group
    return sorted(topics, key=lambda item: item[0].start)


def _topic_fold(fold: _Fold, name: str, papers: list[Entry]) -> bool:
    """Whether a fold may be a topic: not a venue's ("Conferences", "Journals"; "Video" and "Events" are
    topics too) holding papers, nor one paper's (its summary links the paper, its links are "Paper",
    "Code")."""
    if _NON_PAPER.search(name) and not _ALSO_TOPICS.search(name) and any(map(_paper_linked, papers)):
        return False
    if len(papers) == 1:  # "<summary>Deep Residual Learning</summary>" over that paper and notes on it
        title, label = f" {squash_words(papers[0].plain_title)} ", f" {squash_words(name)} "
        if title == label or (title in label and len(title.split()) >= 3) or (
                label in title and len(label.split()) >= 3):
            return False
    return not PAPER_HOSTS.search(fold.summary) and not (
        papers and all(GENERIC_LINK_TEXT.match(e.plain_title) for e in papers))


# The most lines one paper's heading block holds: a heading over more is a topic's.
_MAX_BLOCK = 60
# A heading that names papers, more than one ("Surveys and Overviews", "Papers on Robustness"): a topic's.
_PAPERS_NAMED = re.compile(r"\b(?:papers|surveys|readings)\b", re.I)


def _headed_entries(
    headings: list[tuple[int, int, int, str]], entries: list[Entry], lines: list[str], raw_lines: list[str],
    newline: str, refs: dict[str, str],
) -> list[Entry]:
    """The papers written one per heading ("### Title" over "- Authors: ...", "- [[Paper]](u)"): headings
    (ATX) with none below them before the next of their level, no list item or row titled for a paper
    (one per paper under a topic's heading, the common layout) in their lines, and those lines one
    paper's details (``parse_heading_entry``). A heading of a housekeeping word or a date is no paper's,
    nor one whose nearest section above is no higher than it: sections run in file order, so its paper
    would join a sibling topic ("### Overviews" above "### Title"), or no section at all."""
    titled = sorted((e.start_line, e.title) for e in entries if not GENERIC_LINK_TEXT.match(e.title))
    starts = [start for start, _ in titled]
    leaves = [(start, end, _stop(headings, i, len(lines)), name) for i, (start, end, level, name)
              in enumerate(headings) if not _deeper(headings, i)]
    papers = _titled_papers(leaves, lines, titled, starts, refs)
    shapes = {heading_shape(block) for block, _ in papers.values()}
    found: list[Entry] = []
    above = 0  # the level of the nearest heading above that stays a section; 0 where there is none
    for i, (start, end, level, name) in enumerate(headings):
        stop = _stop(headings, i, len(lines))
        parsed = None
        if 0 < above < level and not _deeper(headings, i):
            if start in papers:
                parsed = papers[start][1]
            # A title of a word or two is a paper's where its block is written as the list's papers are.
            elif any(heading_shape(lines[start : _trim_blank(lines, start, stop)]) <= s for s in shapes):
                parsed = _heading_paper(lines, start, end, stop, name, titled, starts, refs, short_ok=True)
        if parsed is None:
            above = level
        else:
            found.append(_entry(parsed, start, lines, raw_lines, newline, refs))
    return found


def _stop(headings: list[tuple[int, int, int, str]], i: int, n_lines: int) -> int:
    """The line after heading ``i``'s lines: the next heading's, or the end."""
    return headings[i + 1][0] if i + 1 < len(headings) else n_lines


def _deeper(headings: list[tuple[int, int, int, str]], i: int) -> bool:
    """Whether a deeper heading follows heading ``i``: it is a topic's, over its own."""
    return i + 1 < len(headings) and headings[i + 1][2] > headings[i][2]


def _titled_papers(
    leaves: list[tuple[int, int, int, str]], lines: list[str], titled: list[tuple[int, str]],
    starts: list[int], refs: dict[str, str],
) -> dict[int, tuple[list[str], ParsedEntry]]:
    """The heading blocks that are papers by their titles alone, wherever they stand, by their first
    line: (their lines, the paper). Their lines (``heading_shape``) say how the list writes a paper:
    those before them in a topic may be short-titled papers, read as sections till now."""
    papers = {}
    for start, end, stop, name in leaves:
        if parsed := _heading_paper(lines, start, end, stop, name, titled, starts, refs, short_ok=False):
            papers[start] = (lines[start : _trim_blank(lines, start, stop)], parsed)
    return papers


def _heading_paper(
    lines: list[str], start: int, end: int, stop: int, name: str, titled: list[tuple[int, str]],
    starts: list[int], refs: dict[str, str], short_ok: bool,
) -> ParsedEntry | None:
    """The paper the heading ``name`` at ``start`` and its lines up to ``stop`` are, or None; ``short_ok``:
    a title of a word or two may be a paper's (``parse_heading_entry``)."""
    if (not lines[start].lstrip(" ").startswith("#") or stop - start > _MAX_BLOCK or is_date_name(name)
            or (len(name.split()) <= 2 and _NON_PAPER.search(name)) or _PAPERS_NAMED.search(name)):
        return None
    # An item titled as its heading ("- [Title](u)" under "### Title") is its link, no paper of its own.
    if any(squash_words(title) != squash_words(name) for _, title in titled[_between(starts, end, stop)]):
        return None
    parsed = parse_heading_entry(lines[start : _trim_blank(lines, start, stop)], refs, short_ok)
    return None if parsed is None or is_date_name(parsed.fields["title"]) else parsed


def _in_block(blocks: list[Entry], starts: list[int], line: int) -> bool:
    """Whether ``line`` is in one of ``blocks`` (entries in file order, ``starts`` their first lines)."""
    k = bisect_right(starts, line) - 1
    return k >= 0 and line < blocks[k].end_line


def _group_name(tokens: list, i: int) -> str:
    """The group a bold paragraph at ``tokens[i]`` names, or "" when it is no group line."""
    above = ("bullet_list_open", "ordered_list_open", "table_open")
    if i + 3 >= len(tokens) or tokens[i + 3].type not in above:
        return ""
    m = _BOLD_LINE.fullmatch(tokens[i + 1].content.strip())
    if not m or "](" in m["name"] or len(m["name"].split()) > _GROUP_WORDS:
        return ""
    if YEAR_IN_NAME.search(m["name"]):
        return ""
    return clean_heading(m["name"])


def _without_date_leaves(
    headings: list[tuple[int, int, int, str]], tables: list[int],
) -> list[tuple[int, int, int, str]]:
    """``headings`` without those that only date the list items below them ("### 2021" under
    "## Attacks"): their entries are the heading above's, a topic a new paper can be suggested for (not
    a year it was not published in), and they join its year's run there. Only where that heading is
    their parent (the one just above, on a higher level; not a sibling that would take them over) and
    names papers (not "Conferences"), where none is below them (a date holding topics, "## 2021" >
    "### Attacks", stays), and where they hold no table (a table per year stays a section of its own)."""
    kept: list[tuple[int, int, int, str]] = []
    # One "# Title" over venue heads is the list's; several, each over its own, are topics ("# Attacks"
    # > "## ICLR 2025", "# Defenses" > "## ICLR 2025"). A "# Contributing" after them is neither.
    above = {next((p for p in reversed(headings[:i]) if p[2] < level), None)
             for i, (_, _, level, name) in enumerate(headings) if is_venue_year(name)}
    titles = sum(1 for p in above if p is not None and p[2] == 1)
    # A topic's preprints beside its venues ("## Attacks" > "### ICLR 2025", "### arXiv") are one more run
    # of that topic's papers, not a section named "arXiv" under every topic.
    preprints: list[tuple[tuple[int, int, int, str], tuple[int, int, int, str]]] = []
    last: tuple[int, int, int, str] | None = None  # the last head kept that is no preprints' head
    filed_by_venue: set[tuple[int, int, int, str] | None] = set()
    for i, (start, end, level, name) in enumerate(headings):
        stop = headings[i + 1][0] if i + 1 < len(headings) else float("inf")
        leaf = i + 1 == len(headings) or headings[i + 1][2] <= level
        # A preprints' head kept so far may yet be a run of the topic above it: for the venue and
        # preprints' heads after it, no sibling that takes them over ("### arXiv 2025" over "### NeurIPS
        # 2024" left that a section of its own). Years after "### arXiv" stay its own, as they were.
        preprints_head = venue_key(name) == PREPRINT_KEY
        venue_or_preprints = preprints_head or is_venue_year(name)
        before = last if venue_or_preprints else (kept[-1] if kept else None)
        parent = before if before is not None and before[2] < level else None
        dated = level < GROUP_LEVEL and is_date_name(name)
        # "ICLR 2025" under "## 2025" or the list's title: no topic to date, the venue is the section.
        venue_home = is_venue_year(name) and parent is not None and (
            (parent[2] == 1 and titles == 1) or is_date_name(parent[3]))
        runs_under = (leaf and parent is not None and _may_list_papers(parent[3])
                      and not any(start < t < stop for t in tables))
        if dated and runs_under and not venue_home:
            if is_venue_year(name):
                filed_by_venue.add(parent)
            continue
        kept.append((start, end, level, name))
        if level < GROUP_LEVEL and runs_under and preprints_head:
            preprints.append((kept[-1], parent))
        else:
            last = kept[-1]
    dropped = {heading for heading, parent in preprints if parent in filed_by_venue}
    return [h for h in kept if h not in dropped]


def _holding_entries(
    headings: list[tuple[int, int, int, str]], entries: list[Entry], n_lines: int
) -> list[tuple[int, int, int, str]]:
    """``headings`` without the bold group lines that no entry follows before the next heading: a bold
    line above notes is emphasis, and one above "[paper](u) [code](c)" links or "A. Berg, C. Dee. ICML
    2020. [pdf](u)" is a paper's title, not a section to place papers in."""
    starts = sorted(e.start_line for e in entries if not GENERIC_LINK_TEXT.match(e.title)
                    and not looks_like_authors(re.split(r"\.\s", e.title, maxsplit=1)[0]))
    kept = []
    for i, heading in enumerate(headings):
        stop = headings[i + 1][0] if i + 1 < len(headings) else n_lines
        below = _between(starts, heading[1], stop)
        if heading[2] != GROUP_LEVEL or below.stop > below.start:
            kept.append(heading)
    return kept


def _html_paper_lines(html_blocks: list[tuple[int, int]], lines: list[str]) -> list[int]:
    """The lines of the HTML blocks that link a paper (its arXiv or DOI URL), in order. Not a comment's:
    entries a maintainer commented out ("<!-- under review: ...") are no papers shown in HTML, and read
    so, their section took no paper."""
    return [n for first, last in html_blocks if not lines[first].lstrip().startswith("<!--")
            for n in range(first, last)
            if any(arxiv_id_from(url) or doi_from(url) for url in _URL.findall(lines[n]))]


_URL = re.compile(r"https?://[^\s\"'<>()]+")


def _between(sorted_lines: list[int], start: int, stop: int) -> slice:
    """The slice of ``sorted_lines`` at ``start`` <= line < ``stop``: a look-up, not a scan, so a list of
    thousands of entries in thousands of sections parses in seconds."""
    return slice(bisect_left(sorted_lines, start), bisect_left(sorted_lines, stop))


def _any_between(sorted_lines: list[int], start: int, stop: int) -> bool:
    """Whether any of ``sorted_lines`` is at ``start`` <= line < ``stop``."""
    found = _between(sorted_lines, start, stop)
    return found.stop > found.start


def clean_heading(text: str) -> str:
    """Heading text without badges, link syntax, tags or emphasis: '[![x](b)](l) My List' -> 'My List'."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    # A link to a place on the page beside the name ("Crystals [🔝](#contents)") is navigation: kept, it
    # was the name's tail in PR titles and config keys. A heading that is only its own anchor keeps it.
    rest = re.sub(r"\[[^\]]*\]\(#[^)]*\)|<a\s[^<>]*href\s*=\s*[\"']#[^<>]*>.*?</a>", "", text, flags=re.I)
    if re.search(r"\w", re.sub(r"<[^>]+>", "", rest)):
        text = rest
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    # An underscore inside a word is no emphasis in markdown: ":crystal_ball:" is an emoji's name.
    text = re.sub(r"(?<!\\)[*`]|(?<![\\\w])_+|(?<!\\)_+(?!\w)", "", text)
    # Markdown's backslash escapes: "Evaluation \& Analysis" renders, and is named, "Evaluation & Analysis".
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    # Entities too: "Other &amp; misc" renders, and is named, "Other & misc" (last: "&#42;" is a star).
    text = html.unescape(text)
    return without_end_colon(re.sub(r"\s+", " ", text).strip())


def _sections(
    headings: list[tuple[int, int, int, str]], n_lines: int, ends: dict[int, int] | None = None,
) -> list[Section]:
    """The sections the headings open, each up to the next heading. ``ends``: the line after a fold's
    </details>, by the fold's first line: the fold, and what is under it, ends there where that comes
    first, and the lines after it are the section it is in again (a section of the same name, level
    and path, which starts with no heading line of its own)."""
    ends = ends or {}
    sections: list[Section] = []
    stack: list[tuple[Section, int]] = []  # each open section, and the line it ends by at the latest
    for i, (start, end, level, name) in enumerate(headings):
        _resume(stack, sections, start)
        stop = headings[i + 1][0] if i + 1 < len(headings) else n_lines
        while stack and stack[-1][0].level >= level:
            stack.pop()
        if stack:
            stack[-1][0].has_children = True
        latest = min(ends.get(start, n_lines), stack[-1][1] if stack else n_lines)
        section = Section(name=name, level=level, path=tuple(s.name for s, _ in stack),
                          is_paper_section=False, entries=[], start_line=start, end_line=min(stop, latest),
                          heading_end=end)
        sections.append(section)
        stack.append((section, latest))
    _resume(stack, sections, n_lines)
    return sections


def _resume(stack: list[tuple[Section, int]], sections: list[Section], upto: int) -> None:
    """Close the sections on ``stack`` that end by line ``upto`` (the folds whose </details> is above it,
    and what is in them); the lines after a fold, up to ``upto`` or the end of the fold around it, go
    back to the section the fold is in."""
    while stack and stack[-1][1] <= upto:
        closed = stack.pop()[1]
        while stack and stack[-1][1] <= closed:
            stack.pop()  # a group line inside the fold, ending with it
        if stack and closed < upto:
            outer, latest = stack[-1]
            rest = Section(name=outer.name, level=outer.level, path=outer.path, is_paper_section=False,
                           entries=[], start_line=closed, end_line=min(upto, latest), heading_end=closed)
            sections.append(rest)
            stack[-1] = (rest, latest)


_READ_BELOW = ("authors", "venue", "year")


def _entries(
    items: list[tuple[int, int, int]], lines: list[str], raw_lines: list[str], newline: str,
    refs: dict[str, str],
) -> list[Entry]:
    entries: list[Entry] = []
    starts = sorted(s for s, _, _ in items)
    inside = _inside_another(items)
    rows: dict[int, list[str]] = {}  # a table's header line -> its rows, which say what a column holds
    for start, _, header in items:
        if header >= 0:
            rows.setdefault(header, []).append(lines[start])
    columns = {header: column_fields(lines[header], found) for header, found in rows.items()}
    taken: set[int] = set()  # sub-items that are part of their parent's entry
    for start, end, header in items:
        if start in taken:
            continue
        nested = starts[bisect_right(starts, start) : bisect_left(starts, end)]
        stop = _trim_blank(lines, start, min([end, *nested]))
        block_end = _trim_blank(lines, start, end)
        if header >= 0:
            parsed = parse_row(lines[start], columns[header])
        else:
            parsed = parse_entry(lines[start:stop], refs)
        read = {k for k, v in parsed.fields.items() if v} if parsed is not None else set()
        if (parsed is None or "authors" not in read) and nested and header < 0:
            # "* **Title**" with its links as sub-items, or "* [Title](u)" with its names and venue as
            # sub-items: the whole block is the entry. So is "* **[ICCV 2023]** [Title](u)" with its names
            # as a sub-item: its line alone reads a venue and a year, but no names.
            block = parse_titled_links(lines[start:block_end])
            if block is not None and (parsed is None or any(block.fields.get(k) for k in _READ_BELOW
                                                            if k not in read)):
                parsed = block
                taken.update(nested)
                stop = block_end
        if parsed is not None and header < 0 and nested and nested[0] == stop and stop not in taken:
            # "- [ICML 2021] **Title** [[paper](u)]" over "  - *A. Berg, C. Dorn*": the names are this
            # entry's, and a new entry gets a line of its own names.
            sub_end = _trim_blank(lines, stop, next(e for s, e, _ in items if s == stop))
            named = with_names_item(parsed, lines[start:stop], lines[stop]) if sub_end == stop + 1 else None
            if named is not None:
                parsed = named
                taken.add(stop)
                stop = sub_end
        under_entry = bool(entries) and entries[-1].start_line < start < entries[-1].block_end_line
        if parsed is None or (under_entry and CODE_LINK_TEXT.fullmatch(parsed.fields["title"])
                              and not PAPER_HOSTS.search(parsed.fields["url"])):
            # "  * [code](https://github.com/a/b)" under an entry is that paper's code, not a paper "code"
            # (a "[PDF](arXiv link)" there still names the paper's arXiv id, so it is read as before).
            continue
        entry = _entry(parsed, start, lines, raw_lines, newline, refs)
        entry.item_end_line, entry.block_end_line, entry.top_level = stop, block_end, start not in inside
        if header >= 0:
            entry.table_head, entry.table_start = "".join(raw_lines[header : header + 2]), header
        entries.append(entry)
    return entries


def _entry(parsed: ParsedEntry, start: int, lines: list[str], raw_lines: list[str], newline: str,
           refs: dict[str, str]) -> Entry:
    """The entry ``parsed`` from the lines at ``start``: a top-level one, of its own lines only."""
    f = parsed.fields
    last = start + parsed.n_lines
    return Entry(
        title=f["title"], url=f["url"], authors=parsed.authors.names, et_al=parsed.authors.et_al,
        authors_text=f.get("authors", ""), venue=f.get("venue", ""), year=f.get("year", ""),
        abstract=f.get("abstract", ""), note=f.get("note") or f.get("remark", ""),
        arxiv_id=_linked(arxiv_id_from, f["url"], lines[start:last], refs),
        doi=_linked(doi_from, f["url"], lines[start:last], refs), section="",
        start_line=start, end_line=last, raw="".join(raw_lines[start:last]),
        fields=f, style=entry_style(parsed.template, parsed.authors.observed, newline),
        item_end_line=last, observed=parsed.authors.observed, block_end_line=last,
    )


def _paragraph_entries(
    paragraphs: list[tuple[int, int]], lines: list[str], raw_lines: list[str], newline: str,
    refs: dict[str, str], section_end: int,
) -> list[Entry]:
    """The papers a section writes as paragraphs (``read_paragraph``), where most of its paragraphs are
    such papers, a paper's description after it (a paragraph of its own) being part of it; else none: a
    paper cited in a section's prose is no entry of its own. Run heads ("**2021**") and navigation
    ("[Back to top](#contents)") are no paragraph of text there. What follows a paper up to the next
    one or a run head (its description, its abstract's <details>, a figure) is that paper's block: a
    new paper never goes between them."""
    found: list[Entry] = []
    bounds = [section_end]  # where a paper's block ends at the latest: the next paper or run head
    counted = 0
    after_paper = False
    for start, end in paragraphs:
        stop = _trim_blank(lines, start, end)
        if _aside(lines[start:stop], refs):
            bounds.append(start)
            after_paper = False
            continue
        parsed = read_paragraph(lines[start:stop], refs)
        if parsed is not None:
            found.append(_entry(parsed, start, lines, raw_lines, newline, refs))
            bounds.append(start)
        counted += parsed is not None or not after_paper
        after_paper = after_paper or parsed is not None
    if not found or len(found) * 2 <= counted:
        return []
    bounds.sort()
    prose = {start: end for start, end in paragraphs}
    for entry in found:
        limit = bounds[bisect_right(bounds, entry.start_line)]
        entry.block_end_line = _attached_end(lines, entry.end_line, limit, prose)
        for read_id, name in ((arxiv_id_from, "arxiv_id"), (doi_from, "doi")):
            if getattr(entry, name) is None:  # "[T](openreview) ... [[Preprint]](arxiv)": its own preprint
                setattr(entry, name, next((i for k in find_links(entry.raw, refs) if _OWN_LINK.match(k.text)
                                           and (i := read_id(k.url))), None))
    return found


# What ends the lines that go with a paper above it: a fold's or a section's </details>, a rule, a
# comment, a spacer, a "back to top" line (links to the page's anchors only).
_BLOCK_END = re.compile(r"\s*(?:</details\s*>|(?:[-*_][ \t]*){3,}$|<!--|<br\s*/?>\s*$|"
                        r"(?:<p\b[^>]*>\s*)?\(?\s*<a\s+href=[\"']#)", re.I)


def _attached_end(lines: list[str], end: int, limit: int, prose: dict[int, int]) -> int:
    """The line after what belongs to the paper whose paragraph ends at ``end``, up to ``limit`` (the
    next paper, run head or the section's end): its description, abstract or BibTeX fold, figure, code
    block, quote or notes. A fold's or a section's </details>, a rule, a comment, a spacer, a "back to
    top" line or a fold that is a heading ends it: a new paper goes before those."""
    last = n = end
    while n < limit:
        line = lines[n]
        if not line.strip():
            n += 1
            continue
        if n in prose:  # a run head or a "back to top" line is ``limit`` already (_paragraph_entries)
            last = n = prose[n]
            continue
        if _BLOCK_END.match(line):
            break
        close = None
        if line.lstrip().startswith("<") and not re.match(r"\s*<details\b", line, re.I):
            # HTML other than a fold: a figure ("<p align=center>" over "<img>" over "</p>") is the
            # paper's; a rule, a table, a "back to top" or a contributing note is not.
            block = n
            while block < limit and lines[block].strip():
                block += 1
            html_block = "\n".join(lines[n:block])
            worded = re.search(r"[^\W\d_]", re.sub(r"<[^>]*>", "", html_block))
            if worded or not re.search(r"<img\b", html_block, re.I):
                break
            close = block - 1
        elif re.match(r"\s*<details\b", line, re.I):
            if _HTML_HEADING.search("\n".join(lines[n : min(n + 3, limit)])):
                break
            close = next((k for k in range(n, limit) if re.search(r"</details\s*>", lines[k], re.I)), None)
        elif fence := fence_opens(line):
            close = next((k for k in range(n + 1, limit) if fence_closes(lines[k], fence)), None)
        else:
            close = n
        if close is None:
            break  # an abstract fold or a code block that never closes: nothing to keep together
        last = n = close + 1
    return max(end, _trim_blank(lines, end - 1, last))


def _aside(lines: list[str], refs: dict[str, str]) -> bool:
    """Whether a paragraph heads a run of papers or leads elsewhere: a bold line alone ("**2021**"), or
    links to places on the page ("[⬆ Back to top](#contents)") and images, with no word outside them."""
    text = "\n".join(lines).strip()
    if _BOLD_LINE.fullmatch(text) and "](" not in text:
        return True
    links = find_links(text, refs)
    rest = LINK.sub("", text)
    return bool(links) and all(k.url.startswith("#") or IMAGE.match(k.text) for k in links) and not re.search(
        r"[^\W\d_]", rest)


# A tag before a paragraph's title, no words of a sentence: "[CVPR 2020] ", "【Oral】", "**BERT**: ", "🔥".
_PARAGRAPH_TAG = re.compile(r"\s*(?:\[[^\[\]]*\]|【[^】]*】|\([^()]*\)|\*\*[^*]+\*\*|__[^_]+__)?\s*:?\s*")
# The title's link or emphasis closing, and the sentence going on after it: "[This survey](u) gives ...".
_SENTENCE_ON = re.compile(rf"{MARK}(?:title|url){MARK}[\])*_\"”'’]*[ \t]+{MARK}note{MARK}")


# A link's text naming the paper's own version or material, not another paper: "[[Supplementary]](u)",
# "[Preprint](arxiv)", "([TPAMI version](doi))", "([Oral](icml.cc))", "[arXiv:2003.10555](u)".
_OWN_LINK = re.compile(
    r"^\W*(?:(?:arxiv|pdf|paper|preprint|supp\w*|appendix|poster|slides|video|talk|oral|spotlight|project|"
    r"page|code|journal|conference|workshop|extended|full|long|short|camera[- ]ready|version|html|doi|link|"
    r"openreview|proceedings|abs|abstract|tpami|tacl|jmlr|pmlr|acm|ieee|springer|published)\b\W*){1,3}$"
    r"|^\W*(?:arxiv:?\s*)?\d{4}\.\d{4,5}(?:v\d+)?\W*$", re.I)
# A line of the list's news, under whatever heading: "[2024-05] [X](u) accepted at NeurIPS 2024",
# "[X](u) was accepted to NeurIPS 2024!", "【2024.05】[X](u) 被 NeurIPS 2024 接收！".
# The paper's link followed by what became of it is news; "**Title** (accepted at ICML 2021)" a paper.
# Only right after the link (a venue in brackets, ", our new work," between them): "[T](u) - Berg et al.
# ... The adversary wins a minimax game." is a paper with a note.
_NEWS_LINE = re.compile(r"\]\([^)]*\)\**(?:\s*\([^()]*\))?(?:\s*,[^,]{1,40},)?\s+(?:"
                        r"(?:(?:is|was|has been|have been|got|gets|been)\s+)?accepted\b"
                        r"|(?:is|was|has been|have been|got|gets)\s+(?:selected|chosen|awarded|nominated)\b"
                        r"|(?:wins|won|receives|received)\s+(?:the|a|an)\b)"
                        r"|\]\([^)]*\)\**\s*被.{0,40}(?:接收|录用)", re.I)


def read_paragraph(lines: list[str], refs: dict[str, str] | None = None) -> ParsedEntry | None:
    """A paragraph's lines (no line endings) read as one paper, as a list item's text is; None where it
    is no such entry: it links no paper, or links several ("Related: [A](arxiv), [B](arxiv)"), or its
    title is a badge, or a sentence's words come before the title ("See [this survey](arxiv) for
    background.") or go on right after it ("[This survey](arxiv) gives the background ...")."""
    refs = refs or {}
    if _NEWS_LINE.search(lines[0]):
        return None
    parsed = parse_paragraph(lines, refs)
    if parsed is None:
        return None
    fields, template = parsed.fields, parsed.template
    url, title = fields["url"], fields["title"]
    paper = PAPER_HOSTS.search(url) or _linked(arxiv_id_from, url, lines, refs) or _linked(
        doi_from, url, lines, refs)
    if url.startswith("#") or not paper or IMAGE.match(title) or not re.search(r"[^\W\d_]", title):
        return None
    links = find_links("\n".join(lines), refs)
    arxiv = {i for k in links if (i := arxiv_id_from(k.url))}
    dois = {i.lower() for k in links if (i := doi_from(k.url))}
    # Another paper's link, named for it ("[RoBERTa](arxiv)", "extends [Learning Important Features](u)",
    # "([arXiv:2003.10555](u))"): as an entry, the paragraph would hide that paper from `find`, which
    # knows the links outside entries; as prose, it does not.
    titled = [k for k in links if k.url != url
              and (PAPER_HOSTS.search(k.url) or arxiv_id_from(k.url) or doi_from(k.url))
              and not IMAGE.match(k.text) and not _OWN_LINK.match(k.text)
              and not (GENERIC_LINK_TEXT.match(k.text) or CODE_LINK_TEXT.match(k.text))]
    if len(arxiv) > 1 or len(dois) > 1 or titled:
        return None
    before = template.partition(f"{MARK}title{MARK}")[0]
    if f"{MARK}note{MARK}" in before or _SENTENCE_ON.search(template):
        return None
    prefix = fields.get("prefix", "") if f"{MARK}prefix{MARK}" in before else ""
    if re.search(r"[^\W\d_]", prefix) and not _PARAGRAPH_TAG.fullmatch(prefix):
        return None
    if re.search(r"[^\W\d_]", FIELD.sub("", before)):
        return None
    return parsed


def read_paragraph_block(text: str) -> ParsedEntry | None:
    """``text`` (a new entry, no trailing newline) read as one paragraph that is one paper
    (``read_paragraph``); None where markdown reads it as anything else too (a heading, a list, two
    paragraphs)."""
    lines = text.split("\n")
    blocks = [(tok.type, tok.map) for tok in _md.parse(text) if tok.level == 0 and tok.type.endswith("_open")]
    if blocks != [("paragraph_open", [0, len(lines)])]:
        return None
    return read_paragraph(lines)


def _inside_another(items: list[tuple[int, int, int]]) -> set[int]:
    """The first lines of the items that start inside another item (sub-items)."""
    inside: set[int] = set()
    furthest = -1  # the last line (exclusive) reached by any item that starts above this one
    for start, end, _ in sorted(items):
        if start < furthest:
            inside.add(start)
        furthest = max(furthest, end)
    return inside


def _linked(
    read_id: Callable[[str], str | None], url: str, lines: list[str], refs: dict[str, str]
) -> str | None:
    """The id ``read_id`` finds in the title's URL, else in the entry's other links to the paper itself:
    "[Title](ACM DOI) [[arXiv]](arxiv.org/abs/...)" is listed under both, and a preprint must be
    recognised as it. Only links named for a format ("arXiv", "pdf", "paper") count: "a reply to
    [Jain & Wallace](arxiv...)" cites another paper."""
    found = read_id(url)
    if found is None:
        found = next((i for m in find_links("\n".join(lines), refs)
                      if GENERIC_LINK_TEXT.match(m.text) and (i := read_id(m.url))), None)
    return found


def _trim_blank(lines: list[str], start: int, stop: int) -> int:
    """``stop`` moved back over trailing blank lines, keeping at least the line at ``start``."""
    while stop > start + 1 and not lines[stop - 1].strip():
        stop -= 1
    return stop


def _is_paper_heading(name: str) -> bool:
    return not _NON_PAPER.search(name) or bool(_NAMED_PAPERS.search(name))


def _may_list_papers(name: str) -> bool:
    """Whether a heading lists papers by its name, or may where its entries are papers ("Video ...")."""
    return _is_paper_heading(name) or not _NON_PAPER.search(_ALSO_TOPICS.sub(" ", name))


def _paper_linked(entry: Entry) -> bool:
    return bool(entry.arxiv_id or entry.doi or PAPER_HOSTS.search(entry.url))


def _paper_like(entry: Entry) -> bool:
    if entry.url.startswith("#"):
        return False
    return bool(entry.year or entry.authors or _paper_linked(entry) or "abstract" in entry.fields)


def _is_paper_section(section: Section) -> bool:
    if _OWN_NEWS.match(section.name) or _OWN_CJK.match(section.name):
        return False  # its items link the maintainers' papers too: "Our paper [T](u) is accepted"
    if not _is_paper_heading(section.name):
        # "Video Hallucination": a topic, where most of its entries link to papers.
        linked = sum(1 for e in section.entries if _paper_linked(e)) * 2 > len(section.entries)
        if not (_may_list_papers(section.name) and section.entries and linked):
            return False
        # The entry's own link, not its "[[proceedings]](arxiv.org/...)" beside an event's page.
        papers = sum(1 for e in section.entries if e.authors or arxiv_id_from(e.url) or doi_from(e.url))
        if _WORKSHOPS.search(section.name) and papers * 2 <= len(section.entries):
            return False
    if section.is_group and section.path and not _is_paper_heading(section.path[-1]):
        return False  # "**Surveys**" under "## Related lists" lists lists
    if _RESOURCE.search(section.name) and not _NAMED_PAPERS.search(section.name):
        if not section.entries and _PAPER_GENRE.search(section.name):
            return not section.has_children  # an empty "Benchmarks" the maintainer opened for papers
        # Years and authors are not enough here: software lists give them too. Papers have paper links.
        return sum(1 for e in section.entries if _paper_linked(e)) * 2 > len(section.entries)
    if not section.entries:
        return not section.has_children
    anchors = sum(1 for e in section.entries if e.url.startswith("#"))
    if anchors * 2 >= len(section.entries):  # a table of contents
        return False
    return sum(1 for e in section.entries if _paper_like(e)) * 2 >= len(section.entries)
