"""Turn what each source gives us into one clean Paper: plain text, capped lengths, canonical links."""

from __future__ import annotations

from collections.abc import Iterable

from bot.identity import arxiv_id_from, doi_from
from bot.paper import MAX_AUTHORS, MAX_TITLE, Paper
from bot.sanitize import plain_text, plain_url
from bot.venue_names import conventional_venue

# Venue labels and author names are short by nature; anything longer is noise or an attack.
MAX_VENUE = 200
MAX_NAME = 200
MAX_CATEGORY = 50

def arxiv_abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


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
    if doi and doi.lower().startswith("10.48550/arxiv."):
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
        venue=conventional_venue(plain_text(venue, MAX_VENUE)),
        id=clean_id or arxiv_id or doi or clean_url,
        arxiv_id=arxiv_id,
        doi=doi or doi_from(clean_url) or None,
        source=source,
    )
