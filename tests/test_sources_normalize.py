"""One clean Paper from whatever a source gives: plain text, capped lengths, canonical links and ids."""

from __future__ import annotations

import pytest

from bot.paper import MAX_AUTHORS
from bot.sources.normalize import MAX_CATEGORY, make_paper


def test_names_and_categories_are_plain_distinct_and_capped() -> None:
    names = ["Ann <b>Doe</b>", "Ann Doe", "Bo Roe", *(f"A{i} B" for i in range(999))]
    paper = make_paper(title="T", authors=names, categories=["cs.LG", "cs.LG", "x" * 80], source="feed:j")
    assert paper is not None
    assert paper.authors[:2] == ["Ann Doe", "Bo Roe"] and len(paper.authors) == MAX_AUTHORS
    assert paper.categories[0] == "cs.LG" and len(paper.categories) == 2
    assert len(paper.categories[1]) == MAX_CATEGORY


@pytest.mark.parametrize(("given", "arxiv_id"), [
    ({"url": "https://arxiv.org/abs/2401.00001v2"}, "2401.00001"),
    ({"id": "oai:arXiv.org:2401.00001"}, "2401.00001"),
    ({"doi": "10.48550/ARXIV.2401.00001"}, "2401.00001"),  # DataCite's arXiv DOI names the arXiv paper
    ({"url": "https://arxiv.org/abs/math.GT/0309136"}, "math.GT/0309136"),
])
def test_an_arxiv_paper_is_known_by_its_id_and_linked_by_its_abstract_page(given: dict,
                                                                         arxiv_id: str) -> None:
    paper = make_paper(title="T", source="feed:j", **given)
    assert paper is not None
    assert (paper.arxiv_id, paper.url, paper.doi) == (arxiv_id, f"https://arxiv.org/abs/{arxiv_id}", None)


@pytest.mark.parametrize("title", ["", "   ", "<b></b>", "<i> </i>"])
def test_a_paper_without_a_title_is_none(title: str) -> None:
    assert make_paper(title=title, url="https://example.org/x", source="feed:j") is None


def test_text_is_plain_a_line_break_a_space_and_a_long_title_cut() -> None:
    paper = make_paper(title="Robust\nModels <?xml version=\"1.0\"?>" + " word" * 500, source="feed:j",
                       max_text_length=100)
    assert paper is not None
    assert paper.title.startswith("Robust Models word") and len(paper.title) <= 100
