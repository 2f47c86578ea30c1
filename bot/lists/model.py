"""The parsed shape of a curated list: sections of entries, each pointing back at its original lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.errors import InputError
from bot.identity import IdentityIndex, arxiv_id_from, doi_from, paper_key
from bot.lists.entry import EMOJI_CHARS, badge_text, full_year
from bot.lists.style import VENUES_YEAR, ListStyle, infer_style, link_features
from bot.lists.table import blank_cell
from bot.paper import Paper
from bot.sanitize import plain_text

_MARKUP = re.compile(r"[&<]")  # where an HTML entity or tag may be
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~:=])")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(?P<info>.*)$")


def fence_opens(line: str) -> str:
    """The fence a line opens ("```", "~~~~"), "" for none. CommonMark: a backtick fence's info string
    holds no backtick ("```pip install x```" is code inline)."""
    m = _FENCE.match(line)
    return m[1] if m and not (m[1][0] == "`" and "`" in m["info"]) else ""


def fence_closes(line: str, fence: str) -> bool:
    """Whether a line closes ``fence``: CommonMark's fence of its own character, as long or longer, with
    nothing after it."""
    m = _FENCE.match(line)
    return bool(m) and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not m["info"].strip()
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# A link to an arXiv or DOI page, wherever in the list it is (an HTML <li>, a table litbot cannot read).
_PAPER_URL = re.compile(r"https?://[^\s\"'<>()\[\]]*(?:arxiv\.org/|doi\.org/|/doi/)[^\s\"'<>()\[\]]+",
                        re.IGNORECASE)


@dataclass
class Entry:
    """One listed paper. Lines are 0-based, ``end_line`` exclusive; ``raw`` is those lines verbatim."""

    title: str
    url: str
    authors: list[str]
    et_al: bool
    authors_text: str
    venue: str
    year: str
    abstract: str
    arxiv_id: str | None
    doi: str | None
    section: str
    start_line: int
    end_line: int
    raw: str
    note: str = ""
    fields: dict[str, str] = field(default_factory=dict, repr=False)  # field text exactly as written
    style: ListStyle = field(default_factory=ListStyle, repr=False)  # this entry's own template
    item_end_line: int = 0  # end of the whole list item (figures after </details> included)
    block_end_line: int = 0  # end of the item with its nested sub-list, trailing blank lines excluded
    top_level: bool = True  # False for an entry nested in another list item
    observed: dict[str, object] = field(default_factory=dict, repr=False)  # author-style features shown
    table_head: str = field(default="", repr=False)  # a table row's header and delimiter lines, verbatim
    table_start: int = -1  # a table row's header line: rows with the same one are one table

    @property
    def key(self) -> str:
        return paper_key(self.arxiv_id, self.doi, self.title)

    @property
    def sample(self) -> tuple[str, dict[str, object], str]:
        """What this entry contributes to style inference: template, author features shown (and a table
        row's placeholder for nothing, "blank": "-", and what its link says: ``link_features``), year."""
        blank = blank_cell(self.fields)
        observed = self.observed if blank is None else {**self.observed, "blank": blank}
        observed = {**observed, **link_features(self.url)}
        if re.fullmatch(r"\W*arxiv\W*", self.venue or "", re.I):
            # Whether the list writes a preprint's year beside "arXiv" ("arXiv'24"), or the venue alone.
            observed["preprint_year"] = bool(VENUES_YEAR.search(self.style.template))
        if self.fields.get("bvenue"):
            # How the list's venue badges spell and colour their venue ("arXiv" in red, "CVPR" in blue).
            name = badge_text(self.fields["bvenue"]).strip()
            observed.update({"badge:" + name.lower(): (name, self.fields["bcolour"]),
                             "badge_colour": self.fields["bcolour"]})
        return self.style.template, observed, self.year

    @property
    def plain_title(self) -> str:
        return _MD_ESCAPE.sub(r"\1", self.title).replace("**", "").strip()

    def to_paper(self) -> Paper:
        """The entry as a Paper (for embedding curated entries next to candidates)."""
        return Paper(title=self.plain_title, abstract=self.abstract, authors=list(self.authors), url=self.url,
                     venue=self.venue, published=self.year, source="list")

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title, "url": self.url, "authors": self.authors, "et_al": self.et_al,
            "authors_text": self.authors_text, "venue": self.venue, "year": self.year,
            "abstract": self.abstract, "note": self.note, "arxiv_id": self.arxiv_id, "doi": self.doi,
            "key": self.key, "section": self.section,
            "start_line": self.start_line, "end_line": self.end_line,
        }


# A year in a bold line ("**2020**", "**ICLR 2021**", "**2019 and before**") groups entries by date, not
# topic: they stay in their section, where a new paper can go.
YEAR_IN_NAME = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<=\w)['’]\d\d\b")  # "2021", "NeurIPS'21"
# A heading that only dates its entries: "2021", "Before 2019", "2020 and earlier", "ICLR 2021", "Jan 2024",
# "NeurIPS'21", "Q1 2024", "2023 (12 papers)", "2024-05", "05/2024"; every span's word (year_span) among
# them ("Prior to 2022").
_DATE_HEADING = re.compile(
    r"(?:(?<=(?:19|20)\d\d)[-/.](?:0?[1-9]|1[0-2])(?!\d)|(?:0?[1-9]|1[0-2])/(?=(?:19|20)\d\d)|"  # "2024-05"
    r"(?:19|20)\d\d|['’]\d\d|\b(?:before|after|earlier|older|later|since|until|and|or|to|present|now|"
    r"prior|up|onwards?|newer|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|q[1-4]|h[12]|spring|summer|fall|autumn|"
    r"winter|\d+ papers?|(?-i:[A-Z][A-Za-z]*[A-Z][A-Za-z]*))(?!\w)|[-\u2013\u2014/,&()~:\s])+",
    re.I,
)


def is_date_name(name: str) -> bool:
    """Whether a heading only dates what is under it ("2021", "ICLR 2021", "Before 2019"); a venue's
    track is part of its venue ("NeurIPS 2024 Datasets and Benchmarks", "ACL 2024 (Findings)")."""
    name = _DECORATION.sub("", name).strip()  # "2021 🔥" dates its papers as "2021" does
    if _VENUE_TOKEN.search(name):
        name = _TRACK_FILLER.sub(" ", TRACK.sub(" ", name))
    return bool(YEAR_IN_NAME.search(name)) and bool(_DATE_HEADING.fullmatch(name))


_DECORATION = re.compile(f"[{EMOJI_CHARS}\u20e3]+")


# A word with two capitals, as venues are named: "ICLR", "NeurIPS".
_VENUE_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*")
# A venue's track, which lists file apart from its main papers ("### ACL 2025 Findings"), and the words
# around one ("Findings of the ...", "Datasets and Benchmarks Track").
TRACK = re.compile(r"\b(findings|workshops?|datasets?|benchmarks?|demos?|demonstrations?|industry|"
                   r"student|tutorials?|position|tiny papers|short papers)\b", re.I)
_TRACK_FILLER = re.compile(r"\b(?:track|of|the)\b", re.I)


def is_venue_year(name: str) -> bool:
    """A date name that names a venue and its year ("ICLR 2021", "NeurIPS'21"), not a span or a month.
    Under a topic it dates that topic's papers; where it has no topic above it (a list filed by year,
    then venue: "## 2025" > "### ICLR 2025"), it is the section a paper of that venue goes to."""
    if not is_date_name(name) or year_span(name) is not None:
        return False
    return bool(_VENUE_TOKEN.search(YEAR_IN_NAME.sub(" ", name)))


# Words of a heading that dates by more than one year ("Before 2022", "2019-2020", "2024 and later"), and the
# separators between them; a name with any other word ("ICLR 2021") spans no years.
_SPAN_WORDS = re.compile(r"(?:19|20)\d\d|\b(?:before|prior to|earlier|older|until|up to|after|later|since|"
                         r"onwards?|newer|present|now|and|or|to)\b|[-\u2013\u2014/,&()~:\s]", re.I)
_OPEN_BELOW = re.compile(r"before|prior|earlier|older|until|up to", re.I)
_OPEN_ABOVE = re.compile(r"after|later|since|onward|newer|present|now", re.I)
NO_END = 9999  # the last year of a span that names none ("Since 2024")


def year_span(name: str) -> tuple[int, int] | None:
    """(first, last year) a date heading's name holds: "2021" (2021, 2021), "Before 2022" (0, 2021), "2021
    and earlier" (0, 2021), "2019-2020" (2019, 2020), "Since 2024" (2024, 9999); None for a name that is
    no such span ("ICLR 2021")."""
    name = _DECORATION.sub("", name).strip()  # "Before 2024 📚" spans as "Before 2024" does
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", name)]
    if not years or _SPAN_WORDS.sub("", name):
        return None
    if len(years) > 1:
        return min(years), max(years)
    year = years[0]
    if _OPEN_BELOW.search(name):
        strictly = re.search(rf"(?:before|prior to)\W+{year}", name, re.I)
        return 0, year - 1 if strictly else year
    if _OPEN_ABOVE.search(name):
        return year + 1 if re.search(rf"after\W+{year}", name, re.I) else year, NO_END
    return year, year


def year_in_full(text: str) -> str:
    """A year as a heading or venue writes it, in four digits: "2025", "'25" and "’25" are "2025"."""
    digits = text.strip("'’ ")
    return digits if len(digits) == 4 else full_year(digits)


def undated(parts: tuple[str, ...] | list[str]) -> list[str]:
    """A section's path and name without the headings that only date it: its topic ("2021 > Attacks"
    and "2020 > Attacks" are both "Attacks"). All of it where nothing else is left."""
    # A venue and its year as the section itself ("2025" > "ICLR 2025") is its topic, the venue's own.
    last = [parts[-1]] if parts and is_venue_year(parts[-1]) else []
    return [p for p in parts[: len(parts) - len(last)] if not is_date_name(p)] + last or list(parts)


# The level of a bold line that names a group of entries ("**Image classifiers**" above a list): below
# every markdown heading (h1-h6), so the group nests under the heading above it.
GROUP_LEVEL = 7


@dataclass
class Section:
    """A heading (ATX, setext, ``<summary><hN>``, a fold's ``<summary>`` or a bold group line) and the lines
    up to the next one, or to a fold's ``</details>``. The lines after a fold, back in the section it is in,
    are a section of that one's name, level and path with no heading line (``heading_end == start_line``)."""

    name: str
    level: int
    path: tuple[str, ...]  # ancestor section names, outermost first
    is_paper_section: bool
    entries: list[Entry]
    start_line: int
    end_line: int
    order: str = "unordered"  # ascending | descending | unordered (by entry year)
    heading_end: int = 0  # first line after the heading itself
    has_children: bool = False
    empty_tables: list[int] = field(default_factory=list)  # header lines of tables with no entry rows

    @property
    def is_group(self) -> bool:
        return self.level == GROUP_LEVEL

    @property
    def heading_path(self) -> tuple[str, ...]:
        """Its ancestors' names and its own, outermost first."""
        return (*self.path, self.name)

    @property
    def full_name(self) -> str:
        return " > ".join(self.heading_path)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "level": self.level, "group": self.is_group, "path": list(self.path),
            "full_name": self.full_name,
            "is_paper_section": self.is_paper_section, "order": self.order, "start_line": self.start_line,
            "end_line": self.end_line, "entries": [e.to_dict() for e in self.entries],
        }


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _nearest_in_time(sections: list[Section], year: str) -> Section:
    """Of sections that differ only in the years their headings name, the one of ``year``, else the one
    nearest to it (the newer of two as near); the first where a year is not known."""
    if len(sections) == 1 or not re.match(r"\d{4}", year):
        return sections[0]
    years = [[int(y) for p in s.heading_path if is_date_name(p) for y in re.findall(r"(?:19|20)\d\d", p)]
             for s in sections]
    if not all(years):
        return sections[0]
    target = int(year[:4])
    # A heading that holds the year ("Before 2020" for 2018) is its own, however far the years it names.
    held = [any((span := year_span(p)) is not None and span[0] <= target <= span[1]
                for p in s.heading_path if is_date_name(p)) for s in sections]
    distance = [(0 if h else min(abs(y - target) for y in ys), -max(ys))  # ties: the newer
                for h, ys in zip(held, years, strict=True)]
    return sections[distance.index(min(distance))]


def starts_with_words(name: str, key: str) -> bool:
    """Whether ``name``'s first words are ``key``'s, a plural "s" aside ("Defenses" starts "Defense
    from the attacks"), after the section's number ("Surveys" starts "1. Surveys", "2.1 Attacks")."""
    name_words, key_words = re.findall(r"\w+", name.casefold()), re.findall(r"\w+", key.casefold())
    if key_words and not key_words[0].isdecimal():
        while name_words and name_words[0].isdecimal():
            name_words = name_words[1:]
    return 0 < len(key_words) <= len(name_words) and all(
        a.removesuffix("s") == b.removesuffix("s") for a, b in zip(name_words, key_words, strict=False))


def split_lines(text: str) -> list[str]:
    """Lines with their endings, broken where markdown breaks them (\\n, \\r\\n, \\r) and nowhere else:
    str.splitlines also breaks at a form feed, U+2028 and others that sit inside a markdown line, and
    every line number after one would be off."""
    return _LINE.findall(text)


def year_order(years: list[str]) -> str:
    """Chronological direction of entries, tolerating a stray one (>= 80% of the year steps)."""
    known = [int(y) for y in years if y]
    ups = sum(1 for a, b in zip(known, known[1:], strict=False) if b > a)
    downs = sum(1 for a, b in zip(known, known[1:], strict=False) if b < a)
    if ups + downs == 0:
        return "unordered"
    if ups >= 0.8 * (ups + downs) and ups >= 1:
        return "ascending"
    if downs >= 0.8 * (ups + downs) and downs >= 1:
        return "descending"
    return "unordered"


def _squash(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def same_label(a: str, b: str) -> bool:
    """Whether two section names or labels are one, as ``CuratedList.section`` compares them."""
    return _squash(a) == _squash(b)


# A count of papers after a heading's name: "(12)", "[12]", "(12 papers)", "（12）". Not a year's 4 digits.
_COUNT = re.compile(r"[ \t]*[(\[（][ \t]*\d{1,3}(?:[ \t]*papers?)?[ \t]*[)\]）][ \t]*$", re.I)


# What a heading's name was read with before and is not now: an underscore inside a word (the emoji
# ":crystal_ball:" was ":crystalball:"), an arrow to the top of the page ("↑ Attacks", "Attacks 🔝"), a
# colon ending it ("Attacks:", without_end_colon).
_READ_BEFORE = re.compile(r"_|^[ \t]*(?:[↑⬆⤴🔝^][\ufe0f]?[ \t]*)+|(?:[ \t]*[↑⬆⤴🔝^][\ufe0f]?)+[ \t]*$")
# After a word, a bracket, "C++", a mark or an emoji ("Attacks 🔥:", "Defenses 🛡️:", "Top 1️⃣:").
_COLON_AFTER = rf")\]\uff09+\u00a9\u00ae\u2122\u20e3{EMOJI_CHARS}"
_END_COLON = re.compile(rf"(?:(?<=[^\W_])|(?<=[{_COLON_AFTER}]))[ \t]*[:\uff1a][ \t]*$")
_SHORTCODE_END = re.compile(r":[\w+-]+:[ \t]*$")  # an emoji's name closes with a colon: "Attacks :fire:"


def without_end_colon(name: str) -> str:
    """A heading's name without the colon that ends it: "## Attacks:" names the section "Attacks" (PR
    titles read 'Add "T" to Attacks:'). Not an emoji's name (":fire:")."""
    return name if _SHORTCODE_END.search(name) else _END_COLON.sub("", name)


def uncounted(name: str) -> str:
    """A heading's name without the count of papers it gives ("Attacks (12)" -> "Attacks"), and as a
    key or a proposal written by an earlier litbot names it (":crystalball:" for ":crystal_ball:")."""
    return _COUNT.sub("", without_end_colon(_READ_BEFORE.sub("", name)))


def uncounted_path(path: Sequence[str]) -> list[str]:
    """Heading names as compared without the paper counts they give: ["papers", "attacks"]."""
    return [uncounted(_squash(part)) for part in path]


@dataclass
class CuratedList:
    path: str
    text: str
    sections: list[Section]
    style: ListStyle
    newline: str = "\n"
    _index: IdentityIndex | None = field(default=None, repr=False)
    _by_key: dict[str, Entry] = field(default_factory=dict, repr=False)
    _topic_owners: dict[tuple[str, ...], set[tuple[str, ...]]] | None = field(default=None, repr=False)

    @property
    def entries(self) -> list[Entry]:
        """Entries of paper sections, in file order."""
        return [e for s in self.sections if s.is_paper_section for e in s.entries]

    def paper_sections(self) -> list[Section]:
        return [s for s in self.sections if s.is_paper_section]

    def to_text(self) -> str:
        return self.text

    def section_label(self, section: Section) -> str:
        """The section's topic: its name, or the shortest "Parent > Name" path that tells it apart from
        another paper section's, the headings that only date them left out. Sections of one topic in
        several years ("2021 > Attacks", "2020 > Attacks") share it, as one place for a paper to go;
        `section()` finds the year's. What a PR title shows and config keys name."""
        parts = undated(section.heading_path)
        mine = tuple(_squash(p) for p in parts)
        owners = self._owners()
        k = next((k for k in range(1, len(mine) + 1) if owners.get(mine[-k:], set()) <= {mine}), len(mine))
        return " > ".join(parts[-k:])

    def _owners(self) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
        """Each tail of a paper section's topic path -> the topic paths that end in it: built once, so a
        label is a look-up, not a scan of every section (lists of thousands of groups)."""
        if self._topic_owners is None:
            self._topic_owners = {}
            for s in self.paper_sections():
                topic = tuple(_squash(p) for p in undated(s.heading_path))
                for k in range(1, len(topic) + 1):
                    self._topic_owners.setdefault(topic[-k:], set()).add(topic)
        return self._topic_owners

    def section(self, name: str, year: str = "") -> Section:
        """Look a section up by name or by path ("Papers > Defense"); case and spacing do not matter.
        A topic in several years ("Attacks" under "## 2021" and "## 2020") is ``year``'s, or the
        nearest year's."""
        labelled = [s for s in self.paper_sections() if _squash(self.section_label(s)) == _squash(name)]
        if labelled:
            return _nearest_in_time(labelled, year)
        exact = [s for s in self.sections if _squash(s.name) == _squash(name)]
        if len(exact) == 1:  # also a name that itself contains ">" ("Text -> Image")
            return exact[0]
        wanted = [_squash(part) for part in re.split(r"\s*>\s*", name.strip()) if part.strip()]
        if wanted:
            hits = [
                s for s in self.sections
                if [_squash(p) for p in s.heading_path][-len(wanted):] == wanted
                or [_squash(p) for p in undated(s.heading_path)][-len(wanted):] == wanted
            ]
            if len(hits) > 1:  # same name twice: prefer the one that holds papers
                hits = [s for s in hits if s.is_paper_section] or hits
            topics = dict.fromkeys(self.section_label(s) for s in hits if s.is_paper_section)
            if len(topics) > 1:  # "Attacks" under "Text" and under "Image": the first was a guess
                names = ", ".join(f"'{t}'" for t in topics)
                raise InputError(f"{self.path}: '{name}' names {len(topics)} sections, {names}; give one of "
                                 "them")
            if hits:
                return _nearest_in_time(hits, year)
        # "Attacks (12)" where the heading now reads "Attacks (13)": a count kept up by hand, as lists
        # do, is no new section (a PR made for it is rebuilt there, not left for the maintainer).
        bare = uncounted_path(re.split(r"\s*>\s*", name))
        counted = [s for s in self.paper_sections() if uncounted_path(s.heading_path)[-len(bare):] == bare]
        if len(counted) == 1:
            return counted[0]
        # "Multimodal" for "Multimodal RAG": the first words of one paper section's name, as config keys.
        starts = [s for s in self.paper_sections() if starts_with_words(s.name, name)]
        if len(starts) == 1:
            return starts[0]
        # "Libraries" for "🛠️ Libraries", which lists no papers: found, for the caller to say so.
        others = [s for s in self.sections if not s.is_paper_section and starts_with_words(s.name, name)]
        if not starts and len(others) == 1:
            return others[0]
        raise InputError(f"{self.path}: no section named '{name}'; paper sections are: {self.paper_labels()}")

    def paper_labels(self) -> str:
        """The paper sections' labels, quoted (names may hold commas), for messages: "'A', 'B > C'"."""
        labels = dict.fromkeys(self.section_label(s) for s in self.paper_sections())
        return ", ".join(f"'{label}'" for label in labels) or "(none)"

    def section_style(self, section: Section | str, exclude: Entry | None = None) -> ListStyle:
        """The style a new entry in ``section`` should take: each feature is the majority of the section's
        entries, or of the whole list where the section has too few entries or no clear majority.

        ``exclude`` leaves one entry out of both votes, to check how well the others predict it.
        """
        if isinstance(section, str):
            section = self.section(section)
        own = [e.sample for e in section.entries if e is not exclude]
        others = [e for e in self.entries if e is not exclude]
        # A section of paragraphs (a References section's "[1] ...") does not write a list of items.
        items = [e for e in others if not e.style.is_paragraph]
        everyone = [e.sample for e in (items if items and not own else others)]
        return infer_style(own, self.newline, context=everyone)

    def find(self, paper: Paper) -> Entry | None:
        """The entry for this paper when it is already listed (same arXiv id, DOI or near-same title)."""
        if self._index is None:
            self._index = IdentityIndex()
            for number, entry in enumerate(e for s in self.sections for e in s.entries):
                key = str(number)
                self._by_key[key] = entry
                # As text, as the candidate's below: markdown renders "&#39;" in the list's own text.
                # Only a title with an entity or a tag needs it (a list of 20,000: 0.6 s otherwise).
                title = entry.plain_title
                title = plain_text(title) if _MARKUP.search(title) else title
                self._index.add(key, entry.arxiv_id, entry.doi, title)
            self._add_stray_links()
        # Compared as text: a JSONL export may escape its titles as HTML, and "&#39;" would be the
        # number 39, which tells two papers apart; the entries' titles are read as text above.
        hit = self._index.find(paper.arxiv_id, paper.doi, plain_text(paper.title))
        return self._by_key[hit] if hit is not None else None

    def _add_stray_links(self) -> None:
        assert self._index is not None
        for n, entry in enumerate(self.unread_paper_links()):
            key = f"unread:{n}"
            self._by_key[key] = entry
            self._index.add(key, entry.arxiv_id, entry.doi, "")

    def unread_paper_links(self) -> list[Entry]:
        """The arXiv and DOI links outside every entry, each as an entry of its line. Papers in a layout
        litbot cannot read (an HTML <li> or <table> among markdown sections) are listed all the same:
        ``find`` knows them, as proposing one again would list it twice."""
        covered = {n for s in self.sections for e in s.entries
                   for n in range(e.start_line, max(e.end_line, e.item_end_line))}
        found = []
        fence = ""
        for n, line in enumerate(self.text.splitlines()):
            # A code block is an example (a Contributing section's entry, the list's own BibTeX), and a
            # reference definition ("[1]: https://arxiv.org/...") is read where an entry uses it: one
            # that a note cites ("extends [1]") names a paper the list does not list.
            if _FENCE.match(line):
                if not fence:
                    fence = fence_opens(line)
                elif fence_closes(line, fence):
                    fence = ""
                continue
            if fence or n in covered or "://" not in line or _DEFINITION.match(line):
                continue
            for url in _PAPER_URL.findall(_IMAGE.sub("", line)):  # a badge's image is no paper
                arxiv_id = arxiv_id_from(url) if "arxiv.org/" in url.lower() else None
                doi = None if arxiv_id else doi_from(url)
                if arxiv_id or doi:
                    section = next((s.name for s in reversed(self.sections) if s.start_line <= n), "")
                    found.append(Entry(
                        title=plain_text(line, 120), url=url, authors=[], et_al=False, authors_text="",
                        venue="", year="", abstract="", arxiv_id=arxiv_id, doi=doi, section=section,
                        start_line=n, end_line=n + 1, raw=line))
        return found

    def to_dict(self) -> dict[str, object]:
        # A paper section's label is what `rank` names it and config keys use ("Text > Attacks" where
        # two sections are named "Attacks").
        sections = [s.to_dict() | ({"label": self.section_label(s)} if s.is_paper_section else {})
                    for s in self.sections]
        return {"path": self.path, "style": self.style.to_dict(), "sections": sections}


def moved_from(old: CuratedList, new: CuratedList) -> bool:
    """Whether ``new`` is the list ``old`` was, moved, with what is left at the old place a leftover: half
    of the old file's papers are on the new list, or it keeps under a tenth as many as the new one (a
    README left with "Our survey" when its list moved out). Another list in the repository is neither."""
    on_new = sum(new.find(e.to_paper()) is not None for e in old.entries)
    return 2 * on_new >= len(old.entries) or 10 * len(old.entries) < len(new.entries)
