"""A list's entry style, learned by majority vote over its entries (per section, backed by the whole list),
and rendering a paper in it."""

from __future__ import annotations

import calendar
import html
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from bot.errors import InputError
from bot.lists.authors import AuthorStyle, format_authors, join_names
from bot.lists.entry import FIELD, ITEM_MARKER, MARK, reads_as_badge_date
from bot.lists.table import ROW, row_template
from bot.lists.unread_names import mark_unread
from bot.paper import Paper
from bot.sanitize import escape_block_start_html, markdown_inline, neutralize_refs, plain_text, safe_url
from bot.venue_names import known_acronym

MAX_ABSTRACT = 3000
_DETAILS_PARTS = re.compile(
    r"^(?P<pre>.*?)(?P<summary><summary>.*?</summary>)(?P<body>.*?)(?P<close>[ \t]*</details>.*)$",
    re.S | re.I,
)
_SUMMARY_PARTS = re.compile(r"^<summary>(?P<open>\s*)(?P<inner>.*?)(?P<close>\s*)</summary>$", re.S | re.I)
_EM_GAP = re.compile(r"(?P<sp>[ \t]*)(?P<br>\n[ \t]*)?(?=<em>)")
_AUTHORS = MARK + "authors" + MARK
_NUM = MARK + "num" + MARK
_GAP = MARK + "gap" + MARK

DEFAULT_LINE = f"* [{MARK}title{MARK}]({MARK}url{MARK})"
# An ATX heading's opening hashes (group 1), as a paper's heading line starts: "### Title".
HEADING_MARKS = re.compile(r" {0,3}(#{1,6})(?=[ \t])")
# A list item's first line, as its template starts: "- ", "* ", "\0num\0. ", "  1) ".
_ITEM_LINE = re.compile(rf"[ \t]*(?:[*+-]|{MARK}num{MARK}[.)]|\d{{1,9}}[.)])(?:[ \t]|$)")
# Fields that are each paper's own, which a new entry never has: lines of nothing else go with them.
_OWN = frozenset(("link", "note", "prefix", "remark", "detail"))


@dataclass
class ListStyle:
    """An entry template split into features; each feature is the list's majority pattern.

    ``line`` is the bullet line and ``details`` the lines after it, both with ``\\0field\\0`` markers.
    ``details`` is empty for one-line lists. ``abstract`` says whether new entries carry the abstract.
    """

    line: str = DEFAULT_LINE
    details: str = ""
    abstract: bool = True
    authors: AuthorStyle = field(default_factory=AuthorStyle)
    newline: str = "\n"
    blank: str = ""  # what a table row writes in a cell it has nothing for ("-"); "" leaves it empty
    arxiv_link: str = ""  # how entries link an arXiv paper ("https://arxiv.org/pdf/{}.pdf"); "": as given
    doi_link: str = ""  # where most entries link a DOI, its form ("https://doi.org/{}"); "": as given
    # Whether entries at "arXiv" show their year beside it ("arXiv'24"); False: "arXiv" alone, as its
    # preprints are written where its other venues show a year ("ICLR'24").
    preprint_year: bool = True
    # How the list's venue badges spell and colour each venue (lower-cased name -> (name, colour)), and
    # the colour most of them have: a new entry's badge takes its venue's, else that one.
    badges: dict[str, tuple[str, str]] = field(default_factory=dict)
    badge_colour: str = ""

    @property
    def bullet(self) -> str:
        """"*", "-" or "+"; for a numbered list its marker shape, "1." or "1)"; "|" for table rows; "" for
        paragraphs."""
        if self.is_row:
            return "|"
        if self.is_paragraph:
            return ""
        line = self.line.lstrip(" \t")
        return "1" + line[len(_NUM)] if line.startswith(_NUM) else line[:1]

    @property
    def is_row(self) -> bool:
        return self.line.startswith(ROW)

    @property
    def is_heading(self) -> bool:
        """A paper written as a heading over its own lines ("### Title" over "- Authors: ...")."""
        return bool(HEADING_MARKS.match(self.line))

    @property
    def is_paragraph(self) -> bool:
        """A paper written as a paragraph of its own, no bullet ("**Title**" over "A. Berg. ICML 2020.")."""
        return paragraph_line(self.line)

    @property
    def template(self) -> str:
        return self.line + ("\n" + self.details if self.details else "")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["line"] = self.line.removeprefix(ROW).replace(MARK, "%")
        data["details"] = self.details.replace(MARK, "%")
        data["bullet"] = self.bullet
        return data


def paragraph_line(line: str) -> bool:
    """Whether a template's first line is a paragraph's: no table row, heading or list item."""
    return not line.startswith(ROW) and not HEADING_MARKS.match(line) and not _ITEM_LINE.match(line)


def entry_style(template: str, observed: dict[str, object], newline: str = "\n") -> ListStyle:
    """The style of one entry: its own template and author separators (list defaults elsewhere)."""
    line, _, details = template.partition("\n")
    authors = replace(AuthorStyle(), **observed)  # type: ignore[arg-type]
    return ListStyle(line=line, details=details, abstract=MARK + "abstract" + MARK in details,
                     authors=authors, newline=newline)


@dataclass
class _Vote:
    """Counts per pattern; ties go to the pattern seen in the most recent entry (year, then position)."""

    counts: dict[Any, list] = field(default_factory=dict)

    def add(self, value: Any, recency: tuple) -> None:
        slot = self.counts.setdefault(value, [0, recency])
        slot[0] += 1
        slot[1] = max(slot[1], recency)

    def winner(self, default: Any) -> Any:
        if not self.counts:
            return default
        return max(self.counts.items(), key=lambda kv: (kv[1][0], kv[1][1]))[0]

    def clear_winner(self, min_support: int) -> bool:
        """Enough votes, and the winner holds more than half of them."""
        total = sum(count for count, _ in self.counts.values())
        top = max((count for count, _ in self.counts.values()), default=0)
        return total >= min_support and top * 2 > total


@dataclass
class _Tally:
    votes: dict[str, _Vote] = field(default_factory=dict)
    max_full: list[int] = field(default_factory=list)
    etal_seen: bool = False

    def vote(self, name: str, value: Any, recency: tuple) -> None:
        self.votes.setdefault(name, _Vote()).add(value, recency)


def _tally(samples: Iterable[tuple[str, dict[str, object], str]]) -> _Tally:
    tally = _Tally()
    vote = tally.vote
    for position, (template, observed, year) in enumerate(samples):
        recency = (year or "", position)
        line, _, details = template.partition("\n")
        vote("line", line, recency)
        # Entries that differ only in what is each paper's own (a [code] link, a note, a tag) are one
        # layout to a new entry, which has none of them: split, "[T](u) [[code](c)]" and "[T](u)" each
        # lost to another section's layout. Rows keep theirs: a table's columns are its layout.
        vote("line_key", _line_key(line), recency)
        if HEADING_MARKS.match(line) or paragraph_line(line):
            # One block has a [Code] link or a TL;DR line, the next none: one layout to a new entry.
            details = _without_own(_filled_lines(template, None)).partition("\n")[2]
        parts = _DETAILS_PARTS.match(details) if details else None
        if details and not parts and MARK not in details:
            # Lines under the item with no field in them (a description, a bibtex block) are that
            # paper's own text: a new entry must not copy them.
            details = ""
        vote("has_details", bool(details), recency)
        if parts:
            vote("pre", parts["pre"], recency)
            _vote_summary(tally, parts["summary"], recency)
            vote("close", parts["close"], recency)
            has_abstract = MARK + "abstract" + MARK in parts["body"]
            vote("has_abstract", has_abstract, recency)
            vote("body" if has_abstract else "body_empty", parts["body"], recency)
        elif details:
            vote("details_other", details, recency)
        _vote_observed(tally, observed, recency)
    return tally


def _vote_observed(tally: _Tally, observed: dict[str, object], recency: tuple) -> None:
    """An entry's link and author features (``observed``), each a vote of its own."""
    for key, value in observed.items():
        if key in ("blank", "arxiv_link", "doi_link", "link_kind", "preprint_year", "badge_colour") or \
                key.startswith("badge:"):
            tally.vote(key, value, recency)
        elif key == "max_full":
            tally.max_full.append(int(value))  # type: ignore[call-overload]
        else:
            tally.vote("author:" + key, value, recency)
    tally.etal_seen = tally.etal_seen or "etal_keep" in observed


def _vote_summary(tally: _Tally, summary: str, recency: tuple) -> None:
    """The summary as independent features: its padding, the gap before ``<em>`` (a line break and the
    spaces left before it), and the rest. Lists vary these one at a time, so voting on the whole summary
    would split the majority between variants that agree on everything else."""
    m = _SUMMARY_PARTS.match(summary)
    if not m:
        tally.vote("summary", summary, recency)
        return
    inner = m["inner"]
    at = inner.find(_AUTHORS)
    gap = _EM_GAP.match(inner, at + len(_AUTHORS)) if at >= 0 else None
    if gap:
        inner = inner[: gap.start()] + _GAP + inner[gap.end() :]
        tally.vote("sum_break", gap["br"] or "", recency)
        tally.vote("sum_gap_br" if gap["br"] else "sum_gap", gap["sp"], recency)
    tally.vote("sum_open", m["open"], recency)
    tally.vote("sum_inner", inner, recency)
    tally.vote("sum_close", m["close"], recency)


def infer_style(
    samples: Iterable[tuple[str, dict[str, object], str]],
    newline: str = "\n",
    context: Iterable[tuple[str, dict[str, object], str]] | None = None,
    min_support: int = 2,
) -> ListStyle:
    """Majority pattern per feature over ``(template, observed author features, year)`` samples.

    With ``context`` (the whole list's samples), a feature the samples (one section) do not decide,
    because fewer than ``min_support`` of them show it or no pattern has a majority, takes the context's
    majority instead.
    """
    samples = list(samples)
    own = _tally(samples)
    wider = _tally(context := list(context)) if context is not None else None

    def decider(name: str) -> _Tally | None:
        """The tally whose vote on ``name`` counts: the samples', else the context's."""
        mine = own.votes.get(name)
        if wider is not None and (mine is None or not mine.clear_winner(min_support)) and name in wider.votes:
            return wider
        return own if mine is not None else None

    def win(name: str, default: Any) -> Any:
        tally = decider(name)
        return tally.votes[name].winner(default) if tally is not None else default

    def win_line() -> str:
        """The commonest layout, then its commonest form (with or without a code link) among its entries."""
        tally = decider("line_key")
        if tally is None:
            return DEFAULT_LINE
        key = tally.votes["line_key"].winner(None)
        lines = tally.votes["line"].counts
        same = {k: v for k, v in lines.items() if _line_key(k) == key}
        return max(same.items(), key=lambda kv: (kv[1][0], kv[1][1]))[0]

    line, names = win_line(), wider or own
    if wider is not None and "line_key" in own.votes and not own.votes["line_key"].clear_winner(min_support):
        # The section's own layout, its names unread: how they are written is the section's to say too.
        line, names = (mine, own) if (mine := _unread_layout(own, samples, context)) else (line, names)
    line = _names_read(line, context or samples, names, samples)
    if wider is not None and len(samples) >= min_support:
        line = _own_bullet(line, samples)
    if wider is not None and context:
        # The lines under the item, and the names, of entries laid out as the line chosen: voted on over
        # the whole list, one layout's line took another's (no) lines under it ("1. [T](u) \\" alone).
        key = _line_key(line)
        same = [smp for smp in context if _line_key(smp[0].partition("\n")[0]) == key]
        wider = _tally(same) if same and len(same) < len(context) else wider
    details = ""
    if win("has_details", False):
        if win("sum_inner", None) is not None or win("summary", None) is not None:
            has_abstract = win("has_abstract", True)
            body = win("body", "") if has_abstract else win("body_empty", "")
            if not body:
                body = win("body", "") or win("body_empty", "\n")
            details = win("pre", "<details>\n") + _summary(win) + body + win("close", "</details>")
        else:
            details = win("details_other", "")
    defaults = AuthorStyle()
    # A list that shows no two-name entry most likely joins a pair as it joins the last of three names,
    # without the serial comma: ", and " -> " and ".
    last_sep = win("author:last_sep", None)
    pair_sep = win("author:pair_sep", re.sub(r"^,(?=\s*(?:&|and\b))", "", last_sep) if last_sep else None)
    # Vancouver parts every name from the next with a comma, the last too ("Heo J, Moon T").
    pair_sep = pair_sep or (", " if win("author:name_format", "") == "vancouver" else defaults.pair_sep)
    # A list that shows no three-name entry most likely joins the last name as it joins a pair.
    authors = AuthorStyle(**{
        key: win("author:" + key, getattr(defaults, key)) for key in AuthorStyle.__dataclass_fields__
        if key not in ("max_full", "last_sep", "pair_sep")
    }, pair_sep=pair_sep, last_sep=last_sep or pair_sep, max_full=_max_full(wider or own, defaults.max_full))
    return ListStyle(line=line, details=details, abstract=win("has_abstract", True),
                     authors=authors, newline=newline, blank=win("blank", ""),
                     arxiv_link=win("arxiv_link", ""),
                     doi_link=win("doi_link", "") if win("link_kind", "") == "doi" else "",
                     preprint_year=win("preprint_year", True),
                     badges={key.removeprefix("badge:"): vote.winner(None) for tally in (wider, own) if tally
                             for key, vote in tally.votes.items() if key.startswith("badge:")},
                     badge_colour=win("badge_colour", ""))


# A bullet item's marker: "- " in "- [T](u)", "  * " in "  * **T**".
_BULLET_MARK = re.compile(r"[ \t]*(?P<mark>[*+-])(?=[ \t])")


def _own_bullet(line: str, samples: list[tuple[str, dict[str, object], str]]) -> str:
    """``line`` (the list's layout, where the section's entries do not agree on theirs) with the bullet
    every one of them writes: a section of two "- " items, laid out each its own way, took "* " from the
    list's other sections, and its new entry stood out of its list (markdown starts a new list where
    the bullet changes). One entry says nothing of its section: it may be a contributor's slip."""
    chosen = _BULLET_MARK.match(line)
    marks = [m["mark"] if (m := _BULLET_MARK.match(template)) else "" for template, _, _ in samples]
    if not chosen or not marks or len(set(marks)) != 1 or not marks[0]:
        return line
    return line[: chosen.start("mark")] + marks[0] + line[chosen.end("mark") :]


@lru_cache(maxsize=4096)  # most entries share a line template: three expressions per entry cost 2.5x
def _line_key(line: str) -> str:
    """The layout a bullet line shows: without what is each paper's own (rows keep all: their columns)."""
    return line if line.startswith(ROW) else _without_own(line)


def _names_read(line: str, pool: list[tuple[str, dict[str, object], str]], tally: _Tally,
                section: list[tuple[str, dict[str, object], str]]) -> str:
    """``line`` with names the entry reader left in it as text marked as the authors field
    (unread_names.py); how its layout's entries write them joins ``tally``'s author votes. ``section``:
    the samples of the section the line is for, a part of ``pool`` or all of it."""
    key = _line_key(line)
    if _AUTHORS in line or line.startswith(ROW) or not re.search(r"[^\W\d_]", FIELD.sub("", key)):
        return line  # names read, a table's row, or no word outside the fields to be names
    fields = _fields(key)
    keys = [_line_key(template.partition("\n")[0]) for template, _, _ in pool]
    layout = [k for k in keys if _fields(k) == fields]
    own = [k for k in (_line_key(template.partition("\n")[0]) for template, _, _ in section)
           if _fields(k) == fields]
    line, names = mark_unread(line, key, layout, own)
    for parsed in names:
        _vote_observed(tally, parsed.observed, ("", -1))
    return line


def _unread_layout(own: _Tally, section: list[tuple[str, dict[str, object], str]],
                   pool: list[tuple[str, dict[str, object], str]]) -> str | None:
    """The section's newest line where most of its entries are laid out as it is but for names the entry
    reader left as text ("- Ivo Jansen. [T](u)", "- Tom Berg. [T](u)") or a paper's short name ("- ResNet.
    [T](u)"); None where they are not. Each entry's own text made a layout of its own, so the section had
    no majority layout, and a new entry took another section's, APA's or IEEE's in a section that writes
    neither."""
    line = own.votes["line"].winner(None)
    if line is None or _AUTHORS in line or line.startswith(ROW):
        return None
    key = _line_key(line)
    fields = _fields(key)
    layout = [k for k in (_line_key(t.partition("\n")[0]) for t, _, _ in pool) if _fields(k) == fields]
    keys = [_line_key(t.partition("\n")[0]) for t, _, _ in section]
    marked, _ = mark_unread(key, key, layout, [k for k in keys if _fields(k) == fields])
    if marked == key:
        return None
    # What mark_unread marked or left out (names, a short name) is anything at its place in the other
    # entries; every other byte of the layout is the line's.
    head = len(os.path.commonprefix([key, marked]))
    tail = len(os.path.commonprefix([key[head:][::-1], marked[head:][::-1]]))
    same = re.compile(re.escape(key[:head]) + ".+?" + re.escape(key[len(key) - tail :]), re.S)
    return line if 2 * sum(1 for k in keys if same.fullmatch(k)) > len(keys) else None


@lru_cache(maxsize=4096)
def _fields(key: str) -> tuple[str, ...]:
    """The fields a layout shows, in order, but its authors: entries whose names were read and entries
    whose names were not (unread_names.py) are one layout."""
    return tuple(f for f in FIELD.findall(key) if f != "authors")


def _summary(win: Any) -> str:
    inner = win("sum_inner", None)
    if inner is None:
        return win("summary", "")
    if _GAP in inner:
        br = win("sum_break", "")
        inner = inner.replace(_GAP, win("sum_gap_br" if br else "sum_gap", " ") + br)
    return "<summary>" + win("sum_open", "") + inner + win("sum_close", "") + "</summary>"


def _max_full(tally: _Tally, default: int) -> int:
    """Most names any entry shows in full; 0 (never cut) when no entry writes "et al."."""
    if not tally.etal_seen:
        return 0
    return max(tally.max_full) if tally.max_full else default


def render_fields(fields: dict[str, str], style: ListStyle) -> str:
    """Fill the style's template with already-safe field text; lines joined by the style's newline."""
    template = style.template
    if style.is_row:
        template = row_template(template, {name for name, text in fields.items() if text}, style.blank)
    no_abstract = not style.abstract or not fields.get("abstract")
    if no_abstract:
        # A <details> that holds only the abstract under a label ("<summary>Abstract</summary>") goes whole.
        template = re.sub(rf"\n[ \t]*<details\b[^>]*>\s*<summary>[^{MARK}]*?</summary>\s*{MARK}abstract{MARK}"
                          rf"\s*</details>[ \t]*(?=\n|$)", "", template, flags=re.I)
    if style.is_heading or style.is_paragraph:
        # Before the abstract's line goes: the blank line that set its paragraph apart goes with it.
        template = _filled_lines(template, {**fields, "abstract": ""} if no_abstract else fields)
    if no_abstract:
        template = re.sub(rf"\n[ \t]*{MARK}abstract{MARK}[ \t]*(?=\n|$)", "", template)
    # A labelled sub-item whose every field the paper leaves empty goes whole: "  - Date: " (a paper of
    # no date), "  - Authors: " (one of no names) said nothing but their label.
    template = _LABELLED_ITEM.sub(lambda m: m[0] if any(fields.get(f) for f in FIELD.findall(m[0])) else "",
                                  template)
    # A field the new entry lacks takes its decoration (emphasis, separator, parentheses) with it.
    if not fields.get("venue"):
        # Emphasis goes only when it wraps the venue alone: in "*venue year*" it stays for the year.
        venue = rf"{MARK}venue{MARK}"
        template = re.sub(rf"[ \t]*(?:\[{venue}\]|\({venue}\))", "", template)  # "[ICML] [2020]" goes whole
        template = re.sub(rf"(?:<em>{venue}</em>|\*{venue}\*|_{venue}_|{venue}),?[ \t]*", "", template)
        # "ICLR'24" is a venue's mark: with no venue, "'26" alone would read as one; so would a Date
        # column's neighbour "ICML 2020" cut to its year.
        template = re.sub(rf"['’]{MARK}v?yy{MARK}|[ \t,]*{MARK}vyear{MARK}", "", template)
    if not fields.get("dd") or not fields.get("mm") or not fields.get("year"):
        template = re.sub(rf"[-/.]{MARK}dd{MARK}", "", template)  # "2023-05-17": no day, no full date
    if not fields.get("mm") or not fields.get("year"):
        template = re.sub(rf"[-/.]{MARK}mm{MARK}", "", template)  # "2024/05": the year alone
    if not fields.get("day") or not (fields.get("month") or fields.get("mon")):
        template = re.sub(rf"[ \t]+{MARK}day{MARK}", "", template)  # "(2019, June 15)": the month alone
    if not style.is_row:
        for name in ("month", "mon"):
            if not fields.get(name) or not fields.get("year"):
                # "(2019, June)", "Dec. 2019": a paper with no month shows its year alone.
                template = re.sub(rf"{MARK}{name}{MARK}\.?[ \t]*(?={MARK}year)"
                                  rf"|,[ \t]*{MARK}{name}{MARK}(?!\.?[ \t]*{MARK}year)\.?", "", template)
            elif fields[name] == "May":  # "Dec. 2019" cuts the month's name; "May" is cut by none
                template = template.replace(f"{MARK}{name}{MARK}.", f"{MARK}{name}{MARK}")
    if not fields.get("year"):
        # "(2021)" and "*2021*" go whole; ", 2021" and " 2021" go with their separator, and so does a
        # year's sentence of its own (". 2021." in Vancouver's "NeurIPS. 2021." and "2021;32:1-9.",
        # ACM's "A. Berg. 2021. Title."), or its full stop was left doubled; a ")" closing an earlier
        # "(" (as in "(*venue*, 2021)") stays.
        year = rf"{MARK}year{MARK}"
        # "*(2021)*" goes with its emphasis, or an empty "**" was left.
        template = re.sub(rf"\.[ \t]+{year}(?=[.;])|[ \t]*(?:([*_]?)\([ \t]*{year}[ \t]*\)\1"
                          rf"|\[[ \t]*{year}[ \t]*\]|<em>{year}</em>|\*{year}\*|_{year}_|,?[ \t]*{year})", "",
                          template)
        template = re.sub(rf"['’]{MARK}yy{MARK}", "", template)  # "NeurIPS'20": the mark goes too
    if not fields.get("vyear"):
        template = re.sub(rf"['’]{MARK}vyy{MARK}|[ \t,]*{MARK}vyear{MARK}", "", template)
    if not arxiv_link_form(fields.get("url", "")):
        # "[arXiv](u)" where every entry links arXiv: a link elsewhere (OpenReview, a DOI) says "Paper".
        paper_word = {"ARXIV": "PAPER", "arxiv": "paper"}
        template = re.sub(rf"\[(?i:(arxiv))\](?=\({MARK}url{MARK}\))",
                          lambda m: "[" + paper_word.get(m[1], "Paper") + "]", template)
    # A link whose text is the paper's id ("[2206.07697](u)", "[10.1109/X.1](u)") and a paper without
    # that id: the text is the id it has, else "paper"; an empty "[](u)" would render as nothing.
    for name, other in (("doi", "arxiv"), ("arxiv", "doi")):
        if not fields.get(name):
            stand_in = fields.get(other) and f"{MARK}{other}{MARK}" or "paper"
            spelled = rf"\[[^\[\]\n{MARK}]*{MARK}{name}{MARK}[^\[\]\n{MARK}]*\](?=\()"
            template = re.sub(spelled, f"[{stand_in}]", template)
    if not fields.get("arxiv"):
        # A badge that spells an arXiv id has none to spell for this paper: a plain link instead.
        template = re.sub(rf"!\[[^\]]*\]\([^()\s]*{MARK}arxiv{MARK}[^()\s]*\)", "paper", template)
        # A tag that is the id alone ("[arXiv 2506.01234] ", " (arXiv:2506.01234)") goes whole.
        tag = (rf"(?:[\[(][^\[\]()\n{MARK}]*{MARK}arxiv{MARK}[^\[\]()\n{MARK}]*[\])]"
               rf"|(?:arxiv[: \t]*)?[^\s{MARK}]*{MARK}arxiv{MARK}\S*)")
        template = re.sub(rf"(?i:[ \t]*[,;]?[ \t]*{tag}(?=[ \t]*(?:\n|$))|{tag}[ \t]*)", "", template)
    if not fields.get("bvenue") or not fields.get("byear"):
        # A badge of the venue and year, for a paper with neither to show: no badge.
        template = re.sub(rf"[ \t]*!\[[^\]\n]*\]\([^()\s]*{MARK}bvenue{MARK}[^()\s]*\)", "", template)
    template = _without_own(template, fields)
    if not fields.get("authors"):
        # Emphasis around the names alone ("  - *A. Berg, C. Dorn*") goes with them.
        em = r"(?:</?em>|\*\*|__|\*|_)"
        # A line of names alone after a break ("Title<br><i>A. Berg</i>" in a table's cell) goes whole.
        template = re.sub(rf"<br\s*/?>[ \t]*(?:</?(?:i|em|small|sub)>|{em})?{MARK}authors{MARK}"
                          rf"(?:</(?:i|em|small|sub)>|{em})?(?=[ \t]*(?:<br|\[|$|\|))", "", template)
        template = re.sub(rf"{em}({MARK}authors{MARK}){em}", r"\1", template)
        template = re.sub(rf"{MARK}authors{MARK}[ \t]*[.,]?[ \t]*", "", template)
    if fields.get("authors", "").endswith("."):
        # "Sen Zhao et al. *arXiv*": names that end in a full stop end their field with it.
        template = template.replace(f"{MARK}authors{MARK}.", f"{MARK}authors{MARK}")
    text = FIELD.sub(lambda m: fields.get(m.group(1), ""), template)
    # A sub-item left with no field ("  * " where a note or the names were) goes whole.
    text = re.sub(rf"\n[ \t]+{ITEM_MARKER}[ \t]*(?=\n|$)", "", text)
    # So does a line of an entry broken by <br> left with its break alone ("  <br>" where the names
    # were): it rendered as an empty line in the entry.
    text = re.sub(r"\n[ \t]*<br\s*/?>[ \t]*(?=\n|$)", "", text, flags=re.I)
    # And a line left with its backslash break alone ("   \\" where the names were), and a backslash
    # break ending the entry, which breaks to nothing: markdown shows a stray "\\" there.
    text = re.sub(r"\n[ \t]*\\[ \t]*(?=\n|$)", "", text)
    text = re.sub(r"(?<!\\)[ \t]*\\$", "", text)
    if style.is_paragraph:
        # A line left with no word ("." where the venue and year were) goes: a paragraph's line of
        # nothing, or a blank one, and the paper would read as two paragraphs, neither of them an entry.
        text = "\n".join(line for k, line in enumerate(text.split("\n")) if not k or re.search(r"\w", line))
    return text.replace("\n", style.newline)


# A sub-item of a label and fields alone: "  - Date: \0year\0-\0mm\0", "\t+ Authors: \0authors\0".
_LABELLED_ITEM = re.compile(rf"\n[ \t]+{ITEM_MARKER}[ \t]+[*_]{{0,2}}[^\W\d_][^\n:{MARK}]{{0,30}}:[*_]{{0,2}}"
                            rf"(?:[ \t]*{MARK}\w+{MARK}[^\w\n{MARK}]*)+(?=\n|$)")


def _filled_lines(template: str, fields: dict[str, str] | None) -> str:
    """A heading block's ``template`` without the lines under the heading whose every field ``fields`` leaves
    empty ("- Authors: " for a paper with none, "TL;DR: " of another paper's), nor the blank line that
    set such a paragraph apart; with ``fields`` None, without the lines of only the paper's own fields."""
    lines = template.split("\n")
    kept = lines[:1]
    for k, line in enumerate(lines[1:], 1):
        names = FIELD.findall(line)
        empty = all(not fields.get(n) for n in names) if fields is not None else set(names) <= _OWN
        if not names or not empty:
            kept.append(line)
        elif len(kept) > 1 and not kept[-1].strip() and not "".join(lines[k + 1 : k + 2]).strip():
            kept.pop()
    return "\n".join(kept)


# A sub-item of links alone, maybe labelled: "  - \0link\0", "  - **Code:** \0link\0 \0link\0".
_LINKS_ITEM = re.compile(rf"\n[ \t]*{ITEM_MARKER}[ \t]+"
                         rf"(?:[*_]{{0,2}}[^\W\d_][^\n:*_{MARK}]{{0,30}}[*_]{{0,2}}[ \t]*:[*_]{{0,2}}[ \t]*)?"
                         rf"(?:{MARK}link{MARK}[ \t|·•,;/]*)+(?=\n|$)")


def _without_own(template: str, fields: dict[str, str] | None = None) -> str:
    """``template`` without the places of an entry's own prefix, links, note, volume and pages
    (``detail``) and remark that ``fields`` (by default none, as a new paper's) do not fill."""
    fields = fields or {}
    if not fields.get("prefix"):
        template = template.replace(f"{MARK}prefix{MARK}", "")
    if not fields.get("link"):
        # A sub-item that is only another paper's [code] links goes whole, bullet and all, and its
        # label with it ("  - Code: [github](c)"): the separator rule below left "  - Code:" behind.
        template = _LINKS_ITEM.sub("", template)
        # Another paper's [code] or [slides] link goes with the separator before it, a spaced dash
        # too ("[T](u) - [code](c)"): left, it dangled at the end of the new entry.
        template = re.sub(rf"[ \t]*(?:(?<=[ \t])[-–—]|[|·•,;/])?[ \t]*{MARK}link{MARK}", "", template)
    if not fields.get("note"):
        # A sub-item that is only another paper's note goes whole too: the separator rule below took its
        # bullet and left an empty line in the new entry.
        template = re.sub(rf"\n[ \t]*{ITEM_MARKER}[ \t]+{MARK}note{MARK}[ \t]*(?=\n|$)", "", template)
        template = re.sub(rf"[ \t]*[-–—:,.;|]*[ \t]*{MARK}note{MARK}", "", template)
    if not fields.get("detail"):
        # Another paper's volume, pages or publisher ("*IEEE TPAMI*, vol. 43, pp. 1–10, 2021") go with
        # the separator before them.
        template = re.sub(rf"[ \t]*[,;]?[ \t]*{MARK}detail{MARK}", "", template)
    if not fields.get("remark"):
        # A full stop before a remark ends the fields ("*ICML 2024*. 备注：..."), as in entries with none.
        template = re.sub(rf"[ \t]*(?:[-–—:,;|]+[ \t]*)?{MARK}remark{MARK}", "", template)
    return template


def render_parsed(fields: dict[str, str], names: list[str], et_al: bool, style: ListStyle) -> str:
    """Re-render a parsed entry: authors rebuilt from the name list, the rest as written."""
    filled = dict(fields)
    if names:
        filled["authors"] = join_names(names, et_al, style.authors)
    return render_fields(filled, style)


def written_title(paper: Paper) -> str:
    """The paper's title as a new entry writes it: markdown made inert."""
    return _md_text(paper.title, 500)


def _md_text(text: str, limit: int, line_start: bool = True) -> str:
    # Entities instead of backslashes for <>: "\<script" would still read as a tag to naive filters.
    return markdown_inline(text, limit, line_start).replace("\\<", "&lt;").replace("\\>", "&gt;")


def _doi_text(doi: str) -> str:
    """A DOI as a link's text, made inert; an "_" inside a word ("..._13", every Springer chapter's) is
    inert as it is and stays so: the list reads its entries' DOIs back from that text."""
    return re.sub(r"(?<=[A-Za-z0-9])\\_(?=[A-Za-z0-9])", "_", _md_text(doi, 300, line_start=False))


def _html_text(text: str, limit: int) -> str:
    """Untrusted text for inside <summary>/<details>: raw HTML there, so entities, not backslashes."""
    # Refs first: run after the numeric entities, it would split "&#91;" into a visible "&# 91;".
    text = neutralize_refs(html.escape(plain_text(text, limit), quote=False))
    text = text.replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;")
    return text.replace("`", "&#96;").replace("|", "&#124;").replace("~", "&#126;").replace("\\", "&#92;")


# An arXiv paper's page or PDF, as a list writes its links: the parts around the id are the list's
# (abs or pdf, ".pdf" or none, http or https); the version is the paper's own.
_ARXIV_LINK = re.compile(r"(?P<head>https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)"
                         r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?(?P<tail>\.pdf)?/?", re.I)


def arxiv_link_form(url: str) -> str | None:
    """The form of an arXiv link ("https://arxiv.org/pdf/{}.pdf"), or None for any other URL."""
    m = _ARXIV_LINK.fullmatch(url.strip())
    return m["head"] + "{}" + (m["tail"] or "") if m else None


# A DOI's resolver link, as a list of journal papers writes them: "https://doi.org/10.1038/...".
_DOI_LINK = re.compile(r"(?P<head>https?://(?:dx\.|www\.)?doi\.org/)10\.\d{4,9}/\S+", re.I)


def link_features(url: str) -> dict[str, str]:
    """What an entry's link says of how the list links papers: its kind ("arxiv", "doi" or "other"), and
    the form of an arXiv or DOI link."""
    if form := arxiv_link_form(url):
        return {"link_kind": "arxiv", "arxiv_link": form}
    if m := _DOI_LINK.fullmatch(url.strip()):
        return {"link_kind": "doi", "doi_link": m["head"] + "{}"}
    return {"link_kind": "other"}


def paper_url(paper: Paper, arxiv_link: str = "", doi_link: str = "") -> str:
    """The paper's link: its DOI's where the list links papers by DOI (``doi_link``), as a list of journal
    papers does (not the publisher's page, nor the preprint's); an arXiv paper's in the form the list
    links others (``arxiv_link``)."""
    if doi_link and paper.doi and (url := safe_url(doi_link.format(paper.doi))):
        return url
    url = safe_url(paper.url)
    form = arxiv_link_form(url) if url else None
    if arxiv_link and paper.arxiv_id and (not url or form) and form != arxiv_link:
        return safe_url(arxiv_link.format(paper.arxiv_id)) or url
    if not url and paper.arxiv_id:
        url = f"https://arxiv.org/abs/{paper.arxiv_id}"
    if not url and paper.doi:
        url = safe_url(f"https://doi.org/{paper.doi}")
    if not url:
        raise InputError(f"paper '{plain_text(paper.title, 80)}': no http(s) URL, arXiv id or DOI to link to")
    return url


def _date_parts(published: str) -> dict[str, str]:
    """The month and day fields of a date ("2023-06-02", "Jun 2023", "June 2"). The numbered ones ("06",
    "02") only from a full date: a list of "2023-05-17" shows a paper dated "2024-11" by its year. A
    month's name from a month alone too: "(2024, November)" is a date such lists write."""
    date = re.fullmatch(r"\d{4}-(?P<mm>0[1-9]|1[0-2])(?:-(?P<dd>\d{2}))?", published)
    if not date:
        return {"mm": "", "dd": "", "mon": "", "month": "", "day": ""}
    month = calendar.month_name[int(date["mm"])]
    day = date["dd"] or ""
    return {"mm": date["mm"] if day else "", "dd": day, "mon": month[:3], "month": month,
            "day": str(int(day)) if day else ""}  # "June 5", as citations write a day


def render_entry(paper: Paper, style: ListStyle, number: str = "1") -> str:
    """The paper as a new entry in the list's style (no trailing newline); ``number`` is its item number
    when the list is numbered.

    Every untrusted field is neutralised for where it lands: markdown on the bullet line, HTML inside
    ``<details>``. A paper without a venue gets "arXiv" when it has an arXiv id, otherwise the venue part
    of the template is dropped; likewise a missing year or abstract drops that part.
    """
    details = style.details
    if style.is_heading or style.is_paragraph:  # markdown lines, but for a <details> fold among them
        details = "".join(re.findall(r"<details\b.*?</details>", details, re.S | re.I))
    in_html = {name for name in ("authors", "venue", "year", "abstract") if MARK + name + MARK in details}

    def clean(name: str, text: str, limit: int) -> str:
        if name not in in_html:
            return _md_text(text, limit)
        # A <details> with blank lines in it is markdown again there: an abstract on its own line,
        # "- https://arxiv.org/..." or "# Surveys", was a listed paper, or a section, of the list's own.
        text = _html_text(text, limit)
        return escape_block_start_html(text) if name == "abstract" else text

    names = [plain_text(n, 200) for n in paper.authors[:100]]
    venue, year, venue_year = _venue_and_year(paper, style.template)
    preprint = re.fullmatch(r"\W*arxiv\W*", venue, re.I)
    fields = {
        "title": written_title(paper),
        "url": paper_url(paper, style.arxiv_link, style.doi_link),
        "authors": format_authors(names, style.authors, lambda name: clean("authors", name, 300)),
        "venue": clean("venue", _venue_text(venue, style.template), 300),
        "year": year,
        "abstract": clean("abstract", paper.abstract, MAX_ABSTRACT) if style.abstract else "",
        "num": number,
        "date": paper.year,  # a table's date column: the year is what every paper has
        **_date_parts(paper.published),
        "yy": year[2:],  # "ICML'22"
        "vyear": venue_year,  # a table's venue cell beside its Date column: "ICML'22 | 2021-12"
        "vyy": venue_year[2:],
        "arxiv": paper.arxiv_id or "",  # in a badge: "badge/arXiv-2206.07697-b31b1b.svg"
        # As a link's text: "[10.1109/TIP.2023.3327112](https://doi.org/...)"; a DOI may hold "*", "&..;".
        "doi": _doi_text(paper.doi) if paper.doi else "",
    }
    if MARK + "bvenue" + MARK in style.template:
        fields.update(_badge_fields(paper, style))
    # Where the list writes "[Title][1]" the new entry writes an inline link: a label of its own would
    # need a definition, a second insertion elsewhere in the file, and renders no differently.
    fields["ref"] = f"({fields['url']})"
    if preprint and not style.preprint_year:
        # The list's preprints show no year beside "arXiv" ("arXiv", not "arXiv'26", where its other
        # venues show theirs: "ICLR'24"): the venue's year goes; a date column keeps the paper's.
        style = replace(style, line=VENUES_YEAR.sub(lambda m: m["venue"], style.line))
    if not fields["title"]:
        raise InputError("paper has an empty title after sanitising; nothing to list")
    if style.is_heading:  # "C #": a heading drops the hashes that end it, unless escaped
        fields["title"] = re.sub(r"(?<=\s)#", r"\#", fields["title"])
    return render_fields(fields, style)


def _badge_fields(paper: Paper, style: ListStyle) -> dict[str, str]:
    """What a venue badge shows for ``paper`` ("![](https://img.shields.io/badge/CVPR-2024-blue)"): its
    venue's short name, as the list's badges spell it, in the path (escaped as shields reads it: "-" is
    "--", "_" is "__") and in the alt text; the venue's year, else the paper's; the colour the list's
    badges give that venue, else the one most of them have."""
    venue = paper.venue or ("arXiv" if paper.arxiv_id else "")
    named = _venue_year(venue)
    name = venue[: named.start()].strip(" ,'\u2019-") if named else venue
    short = short_venue(name)
    # Its acronym ("ICML" for "International Conference on Machine Learning", "TIFS"), not initials of a
    # long name no one calls it by ("WVLNTRM" for a workshop's): a badge names the venue as people do.
    name = short if short in name or short == known_acronym(name) or len(short) <= 5 else name
    # A track after the venue's year stays ("ICML 2024 Workshop on X": "ICML Workshop on X"), as in the
    # text form: cut, a workshop paper's badge claimed the main conference. A presentation's remark goes.
    track = venue[named.end() :].strip(" ,") if named else ""
    if track and not _PRESENTATION.fullmatch(track):
        name = f"{name} {track}"
    name, colour = style.badges.get(name.lower(), (name, style.badge_colour))
    year = named["year"] if named else paper.year
    if not reads_as_badge_date(name, year or "2000"):
        # One that would not read back as a date ("ICML Workshop: X", a venue that long): none, or the
        # entry was undated, and out of order among the next ones.
        return {}
    path = quote(name.replace("-", "--").replace("_", "__"), safe="")
    return {"bvenue": path, "bname": _md_text(name, 100), "bcolour": colour, "byear": year,
            "balt": _md_text(f"{name} {year}", 110)}


# A venue that names its year: "NeurIPS 2025", "ICLR 2026" (a preprint of 2025 accepted there), also
# before a remark or a workshop's name ("ICML 2024 (Oral)", "NeurIPS 2025 Workshop on Safety").
_VENUE_YEAR = re.compile(r"[ ,'\u2019-]+(?P<year>(?:19|20)\d\d)(?=\s*$|[ ,]+[(\[]|[ ]+[A-Z])")


# How a venue's paper was presented, after its year: "Oral", "(Spotlight)", "Poster", "Highlight".
_PRESENTATION = re.compile(r"[\s,]*(?:\(\s*)?(?i:oral|spotlight|poster|highlight)"
                           r"(?:\s+(?i:paper|presentation))?(?:\s*\))?\s*")


def _venue_year(venue: str) -> re.Match[str] | None:
    """Where a venue names its year ("ICLR 2026"): one year after some name, else None."""
    years = list(_VENUE_YEAR.finditer(venue))
    return years[0] if len(years) == 1 and years[0].start() else None


def _venue_text(venue: str, template: str) -> str:
    """The venue as the template writes it: short in a list of "ICLR'24"; in one of "Long Name (ICML'23)",
    long, and opening the bracket the template closes ("(KDD'24)", not "KDD'24)")."""
    if _CLOSED_AFTER_YEAR.search(template) and not re.search(rf"\(\s*{MARK}venue{MARK}", template):
        return venue if "(" in venue else f"({venue}"
    return short_venue(venue) if _SHORT_VENUES.search(template) else venue


def venue_year(paper: Paper) -> str:
    """The year the paper's venue names ("ICLR 2026": "2026"), "" where it names none."""
    m = _venue_year(paper.venue)
    return m["year"] if m else ""


# "ICLR'24": a list that writes venues so writes short names, acronyms.
_SHORT_VENUES = re.compile(rf"{MARK}venue{MARK}['’]{MARK}v?yy{MARK}")
# "Name (ICML'23)": the venue's bracket opens inside the field and closes after its year.
_CLOSED_AFTER_YEAR = re.compile(_SHORT_VENUES.pattern + r"\)")
_PUBLISHERS = {"ieee", "cvf", "acm", "springer", "elsevier", "siam", "the"}
# Words a venue's acronym leaves out: "(Proceedings of the) Conference on Computer Vision and Pattern
# Recognition" is CVPR.
_LOWER_WORDS = {"on", "of", "and", "for", "in", "the", "&", "a", "an", "to", "proceedings", "conference",
                "annual"}


def short_venue(venue: str) -> str:
    """A long venue as lists that write "ICLR'24" name it: its own acronym in brackets ("Journal of
    Machine Learning Research (JMLR)": "JMLR"), else a capitals-only word in it ("Proceedings of the
    AAAI Conference ...": "AAAI"), else the initials of its words after the publisher's ("IEEE
    Transactions on Information Forensics and Security": "TIFS"). Three words or fewer stay as written."""
    words = venue.split()
    if len(words) <= 3:
        return venue
    if m := re.search(r"\(([A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\)", venue):
        return m[1]
    if known := known_acronym(venue):  # "Annual Meeting of the ACL" is ACL, not its initials "MACL"
        return known
    caps = [w for w in re.findall(r"\b[A-Z]{3,}[a-z]?\b", venue) if w.lower() not in _PUBLISHERS]
    if len(caps) == 1:
        return caps[0]
    name = re.sub(r"[,:;(].*", "", venue)
    if re.search(r"neural information processing systems", name, re.I):
        return "NeurIPS"  # the one whose name is no initials ("Advances in ...": ANIPS)
    named = re.findall(r"\b[A-Za-z][\w-]*", name)
    while named and named[0].lower() in _PUBLISHERS:
        named = named[1:]
    # "International Conference on Machine Learning" keeps its C: ICML, as "Conference on ..." loses it.
    initials = "".join(w[0].upper() for i, w in enumerate(named) if w.lower() not in _LOWER_WORDS
                       or (w.lower() == "conference" and i and named[i - 1].lower() == "international"))
    return initials if len(initials) >= 3 else venue


# A venue's own year in a template: "ICLR'24" (yy, vyy), a venue cell's "ICLR 2024" beside a Date
# column (vyear), "*ICLR 2024*" or "ICLR, 2024" where the year follows the venue.
VENUES_YEAR = re.compile(rf"(?P<venue>{MARK}venue{MARK})(?:['’]{MARK}v?yy{MARK}"
                         rf"|[ \t]*,?[ \t]*{MARK}v?year{MARK})")


def _venue_and_year(paper: Paper, template: str) -> tuple[str, str, str]:
    """The venue, the year and the venue's year to write. Where the list writes a year beside the venue,
    a venue that names its own ("ICLR 2026") gives it, once: "[NeurIPS 2025 2025]", "*ICLR 2026*, 2025"
    otherwise. A track after that year stays with the venue ("ICML 2024 Workshop on X": "ICML Workshop
    on X, 2024"); a presentation's remark goes ("ICLR 2026 Poster", "NeurIPS 2025 (Spotlight)"): it
    read "(ICLR (Poster) 2026)", and a list's remarks are each entry's own. A year written with a month
    is the paper's date's, not its venue's: a table's "ICLR'26 | 2025-09" (the venue's year a field of
    its own) or "ICLR 2026 | 2025-09"."""
    venue = paper.venue or ("arXiv" if paper.arxiv_id else "")
    m = _venue_year(venue)
    has = {name for name in ("year", "yy", "vyear", "vyy", "mm", "mon", "month")
           if f"{MARK}{name}{MARK}" in template}
    dated = bool(has & {"mm", "mon", "month"}) and bool(paper.year)
    venue_year = m["year"] if m else paper.year
    # "*ICLR, Jun. 2026*": a date right beside the venue (no column between), of the venue's own year,
    # says that year: the venue's goes, as beside a year alone ("*NeurIPS 2019, May 2019*" before). A
    # date of another year stays beside the venue's ("ICLR 2025, Sep 2024": "ICLR, Sep 2024" is 2024's).
    beside = re.search(rf"{MARK}venue{MARK}[^|\n{MARK}]{{0,8}}{MARK}(?:mon|month|mm){MARK}", template)
    said = bool(beside and m and m["year"] == paper.year)
    if m and has & ({"vyear", "vyy"} if dated and not said else {"year", "yy", "vyear", "vyy"}):
        rest = "" if _PRESENTATION.fullmatch(venue[m.end() :]) else venue[m.end() :].rstrip()
        venue = (venue[: m.start()] + rest).strip()
    elif m and beside and _PRESENTATION.fullmatch(venue[m.end() :]):
        venue = venue[: m.end()].strip()  # "*ICLR 2022, Dec. 2020*": the remark goes, the year stays
    return venue, paper.year if dated or not m else m["year"], venue_year


_HTML_START = re.compile(r"^[ \t]*<details\b", re.I)
ITEM_START = re.compile(rf"^(?P<indent>[ \t]*){ITEM_MARKER}(?P<gap>[ \t]{{1,4}})(?=\S)")
# Block tags: whitespace next to them is dropped by the renderer (leading/trailing space in a block).
_BLOCK_TAG_SPACE = re.compile(r"\s*(</?(?:details|summary)\b[^>]*>)\s*", re.I)


def render_equivalent(a: str, b: str) -> bool:
    """Whether two entries render the same on GitHub, comparing whitespace only where it cannot matter.

    Inside the ``<details>`` HTML block, runs of spaces and line breaks are one space to the browser and
    vanish next to ``<details>``/``<summary>`` tags; trailing spaces at the end of a line there, or of the
    entry, show nowhere. Everything else must match byte for byte: case, punctuation, attributes
    (``<details open>``), and any indentation that decides whether a line still belongs to the list item.
    """
    return _render_key(a) == _render_key(b)


def _render_key(text: str) -> tuple[str, ...]:
    lines = text.replace("\r\n", "\n").split("\n")
    item = ITEM_START.match(lines[0])
    column = item.end() if item else 0
    start = next((i for i, line in enumerate(lines) if i and _HTML_START.match(line)), None)
    if start is None:
        return (*lines[:-1], lines[-1].rstrip())
    block = [lines[start]]
    for line in lines[start + 1 :]:
        indent = len(line) - len(line.lstrip(" \t"))
        # A line indented below the item's content would leave the list item: that is not whitespace-only.
        block.append(line.strip() if indent >= column or not line.strip() else "\0" + line)
    html_text = _BLOCK_TAG_SPACE.sub(r"\1", re.sub(r"\s+", " ", "\n".join(block).strip()))
    # The opening line's indentation decides list membership too, so it stays exact.
    lead = lines[start][: len(lines[start]) - len(lines[start].lstrip(" \t"))]
    # Only the paragraph's last line loses its trailing spaces: mid-paragraph, two of them are a <br>.
    return (*lines[: start - 1], lines[start - 1].rstrip(), lead + html_text)
