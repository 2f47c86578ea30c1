"""Turn what each source gives us into one clean Paper: plain text, capped lengths, canonical links."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.identity import arxiv_id_from, doi_from
from bot.paper import MAX_AUTHORS, MAX_TITLE, Paper
from bot.sanitize import plain_text, plain_url

# Venue labels and author names are short by nature; anything longer is noise or an attack.
MAX_VENUE = 200
MAX_NAME = 200
MAX_CATEGORY = 50

_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def arxiv_abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# One word of a given name written as initials: "J.", "J.R.", "J.-P.", "JR".
_INITIALS = re.compile(r"(?:[^\W\d_]\.-?)+|[A-Z]{1,3}")


def split_authors(text: str, given_first: bool = False) -> list[str]:
    """'A, B and C' (arXiv RSS dc:creator) into names; one 'Smith, John' or 'King, Jr.' stays one name.

    ``given_first``: the source always writes "Given Family" (arXiv feeds), so "Mausam, Daniel S. Weld" is
    two people. Otherwise "X, Y" is one name, family first, only when Y looks like a given name (one
    word, or initials): "De Cristofaro, Emiliano" is one person, "Alice Brown, Carl Doe" two."""
    clean = plain_text(text, 20000)
    names = [n for n in _AUTHOR_SPLIT.split(clean) if n]
    if len(names) == 2 and clean.count(",") == 1 and not re.search(r";|&|\band\b", clean):
        last, first = names
        if first.lower() in _NAME_SUFFIXES:  # "Martin Luther King, Jr."
            return [clean]
        words = first.split()
        if not given_first and (len(words) == 1 or all(_INITIALS.fullmatch(w) for w in words)):
            return [f"{first} {last}"]
    return names


def clean_authors(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        clean = plain_text(name, MAX_NAME)
        if clean and clean not in out:
            out.append(clean)
        if len(out) >= MAX_AUTHORS:
            break
    return out


def make_paper(
    *,
    title: str,
    abstract: str = "",
    authors: Iterable[str] = (),
    categories: Iterable[str] = (),
    published: str = "",
    url: str = "",
    venue: str = "",
    id: str = "",
    doi: str | None = None,
    arxiv_id: str | None = None,
    source: str,
    max_text_length: int = 5000,
) -> Paper | None:
    """A sanitised Paper, or None when there is no usable title."""
    clean_title = plain_text(title, min(MAX_TITLE, max_text_length))
    if not clean_title:
        return None
    clean_id = plain_text(id, 500)
    clean_url = plain_url(url, 2000)
    arxiv_id = arxiv_id_from(arxiv_id) or arxiv_id_from(clean_id) or arxiv_id_from(clean_url)
    doi = doi_from(doi) if doi else None
    if doi and doi.startswith("10.48550/arxiv."):
        # arXiv's own DOI says nothing the arXiv id does not; keep doi for the published version.
        arxiv_id = arxiv_id or arxiv_id_from(doi)
        doi = None
    if arxiv_id:
        clean_url = arxiv_abs_url(arxiv_id)
    cats: list[str] = []
    for c in categories:
        c = plain_text(c, MAX_CATEGORY)
        if c and c not in cats:
            cats.append(c)
    return Paper(
        title=clean_title,
        abstract=plain_text(abstract, max_text_length),
        authors=clean_authors(authors),
        categories=cats,
        published=published,
        url=clean_url,
        venue=plain_text(venue, MAX_VENUE),
        id=clean_id or arxiv_id or doi or clean_url,
        arxiv_id=arxiv_id,
        doi=doi or doi_from(clean_url) or None,
        source=source,
    )
