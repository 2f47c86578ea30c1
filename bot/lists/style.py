"""A list's entry style, learned by majority vote over its entries, and rendering a paper in it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from bot.errors import InputError
from bot.lists.authors import AuthorStyle, format_authors, join_names
from bot.lists.entry import MARK
from bot.paper import Paper
from bot.sanitize import markdown_inline, plain_text, safe_url

MAX_ABSTRACT = 3000
_DETAILS_PARTS = re.compile(
    r"^(?P<pre>.*?)(?P<summary><summary>.*?</summary>)(?P<body>.*?)(?P<close>[ \t]*</details>.*)$",
    re.S | re.I,
)
_FIELD = re.compile(MARK + r"(\w+)" + MARK)
# Same neutralising as bot.sanitize applies to markdown, for text that lands inside raw HTML instead.
_MENTION = re.compile(r"(?<![\w.])@(?=[A-Za-z0-9_-])")
_ISSUE_REF = re.compile(r"(?:(?<=\s)|^)(#|GH-)(?=\d)", re.IGNORECASE)
_URL_SCHEME = re.compile(r"\b(javascript|data|vbscript):", re.IGNORECASE)

DEFAULT_LINE = f"* [{MARK}title{MARK}]({MARK}url{MARK})"


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

    @property
    def bullet(self) -> str:
        return self.line.lstrip(" \t")[:1]

    @property
    def template(self) -> str:
        return self.line + ("\n" + self.details if self.details else "")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["line"] = self.line.replace(MARK, "%")
        data["details"] = self.details.replace(MARK, "%")
        data["bullet"] = self.bullet
        return data


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


def infer_style(samples: Iterable[tuple[str, dict[str, object], str]], newline: str = "\n") -> ListStyle:
    """Majority pattern per feature over ``(template, observed author features, year)`` samples."""
    votes: dict[str, _Vote] = {}

    def vote(name: str, value: Any, recency: tuple) -> None:
        votes.setdefault(name, _Vote()).add(value, recency)

    max_full: list[int] = []
    etal_seen = False
    for position, (template, observed, year) in enumerate(samples):
        recency = (year or "", position)
        line, _, details = template.partition("\n")
        vote("line", line, recency)
        vote("has_details", bool(details), recency)
        parts = _DETAILS_PARTS.match(details) if details else None
        if parts:
            vote("pre", parts["pre"], recency)
            vote("summary", parts["summary"], recency)
            vote("close", parts["close"], recency)
            has_abstract = MARK + "abstract" + MARK in parts["body"]
            vote("has_abstract", has_abstract, recency)
            vote("body" if has_abstract else "body_empty", parts["body"], recency)
        elif details:
            vote("details_other", details, recency)
        for key, value in observed.items():
            if key == "max_full":
                max_full.append(int(value))  # type: ignore[call-overload]
            else:
                vote("author:" + key, value, recency)
        etal_seen = etal_seen or "etal_keep" in observed

    def win(name: str, default: Any) -> Any:
        return votes[name].winner(default) if name in votes else default

    details = ""
    if win("has_details", False):
        if "summary" in votes:
            has_abstract = win("has_abstract", True)
            body = win("body", "") if has_abstract else win("body_empty", "")
            if not body:
                body = win("body", "") or win("body_empty", "\n")
            details = win("pre", "<details>\n") + win("summary", "") + body + win("close", "</details>")
        else:
            details = win("details_other", "")
    defaults = AuthorStyle()
    authors = AuthorStyle(**{
        key: win("author:" + key, getattr(defaults, key)) for key in AuthorStyle.__dataclass_fields__
        if key != "max_full"
    }, max_full=(max(max_full) if max_full else defaults.max_full) if etal_seen else 0)
    return ListStyle(line=win("line", DEFAULT_LINE), details=details, abstract=win("has_abstract", True),
                     authors=authors, newline=newline)


def render_fields(fields: dict[str, str], style: ListStyle) -> str:
    """Fill the style's template with already-safe field text; lines joined by the style's newline."""
    template = style.template
    if not style.abstract or not fields.get("abstract"):
        template = re.sub(rf"\n[ \t]*{MARK}abstract{MARK}[ \t]*(?=\n|$)", "", template)
    # A field the new entry lacks takes its decoration (emphasis, separator, parentheses) with it.
    if not fields.get("venue"):
        template = re.sub(rf"(?:<em>|\*|_)?{MARK}venue{MARK}(?:</em>|\*|_)?,?[ \t]*", "", template)
    if not fields.get("year"):
        template = re.sub(rf"[ \t]*[,(]?[ \t]*{MARK}year{MARK}\)?", "", template)
    if not fields.get("note"):
        template = re.sub(rf"[ \t]*[-–—:,.;|]*[ \t]*{MARK}note{MARK}", "", template)
    if not fields.get("authors"):
        template = re.sub(rf"{MARK}authors{MARK}[ \t]*[.,]?", "", template)
    text = _FIELD.sub(lambda m: fields.get(m.group(1), ""), template)
    return text.replace("\n", style.newline)


def render_parsed(fields: dict[str, str], names: list[str], et_al: bool, style: ListStyle) -> str:
    """Re-render a parsed entry: authors rebuilt from the name list, the rest as written."""
    filled = dict(fields)
    if names:
        filled["authors"] = join_names(names, et_al, style.authors)
    return render_fields(filled, style)


def _md_text(text: str, limit: int) -> str:
    # Entities instead of backslashes for <>: "\<script" would still read as a tag to naive filters.
    return markdown_inline(text, limit).replace("\\<", "&lt;").replace("\\>", "&gt;")


def _html_text(text: str, limit: int) -> str:
    """Untrusted text for inside <summary>/<details>: raw HTML there, so entities, not backslashes."""
    text = html.escape(plain_text(text, limit), quote=False)
    text = text.replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;")
    text = text.replace("`", "&#96;").replace("|", "&#124;").replace("~", "&#126;").replace("\\", "&#92;")
    text = _MENTION.sub("@ ", text)
    text = _ISSUE_REF.sub(lambda m: m.group(1) + " ", text)
    return _URL_SCHEME.sub(lambda m: m.group(1) + " :", text)


def paper_url(paper: Paper) -> str:
    url = safe_url(paper.url)
    if not url and paper.arxiv_id:
        url = f"https://arxiv.org/abs/{paper.arxiv_id}"
    if not url and paper.doi:
        url = safe_url(f"https://doi.org/{paper.doi}")
    if not url:
        raise InputError(f"paper '{plain_text(paper.title, 80)}': no http(s) URL, arXiv id or DOI to link to")
    return url


def render_entry(paper: Paper, style: ListStyle) -> str:
    """The paper as a new entry in the list's style (no trailing newline).

    Every untrusted field is neutralised for where it lands: markdown on the bullet line, HTML inside
    ``<details>``. A paper without a venue gets "arXiv" when it has an arXiv id, otherwise the venue part
    of the template is dropped; likewise a missing year or abstract drops that part.
    """
    details = style.details
    in_html = {name for name in ("authors", "venue", "year", "abstract") if MARK + name + MARK in details}

    def clean(name: str, text: str, limit: int) -> str:
        return _html_text(text, limit) if name in in_html else _md_text(text, limit)

    names = [plain_text(n, 200) for n in paper.authors[:100]]
    venue = paper.venue or ("arXiv" if paper.arxiv_id else "")
    fields = {
        "title": _md_text(paper.title, 500),
        "url": paper_url(paper),
        "authors": format_authors(names, style.authors, lambda name: clean("authors", name, 300)),
        "venue": clean("venue", venue, 300),
        "year": paper.year,
        "abstract": clean("abstract", paper.abstract, MAX_ABSTRACT) if style.abstract else "",
    }
    if not fields["title"]:
        raise InputError("paper has an empty title after sanitising; nothing to list")
    return render_fields(fields, style)
