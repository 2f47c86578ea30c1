"""Lists written one paper per paragraph ("**Title**" over "Names. Venue." over "[[Paper]](u)", or
"[Title](u) - Berg et al., ICML 2020" alone): each paragraph that is one paper is an entry, read as a list
item's text is, and a new paper is written as a paragraph in its neighbours' layout, a blank line from
them, without touching another byte. Prose that cites a paper, and a section that mixes such paragraphs
with list items, stay as they were."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.errors import InputError
from bot.lists import insert_entry, parse_list, usable
from bot.paper import Paper

ARXIV = "https://arxiv.org/abs/"
# The two papers of several tests' lists: (name, year, arXiv id).
TWO_PAPERS = (("One", 2021, "2101.00001"), ("Two", 2022, "2201.00002"))

BOLD = f"""**Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods**
Dylan Slack, Sophie Hilgard, Emily Jia, Sameer Singh, Himabindu Lakkaraju. AIES 2020.
[[Paper]]({ARXIV}1911.02508) [[Code]](https://github.com/dylan-slack/Fooling-LIME-SHAP)

**Interpretation of Neural Networks is Fragile**
Amirata Ghorbani, Abubakar Abid, James Zou. AAAI 2019.
[[Paper]]({ARXIV}1710.10547)

**Fairwashing: the risk of rationalization**
Ulrich Aivodji, Hiromi Arai, Olivier Fortineau, Sebastien Gambs, Satoshi Hara, Alain Tapp. ICML 2019.
[[Paper]]({ARXIV}1901.09749)
"""

ONE_LINE = f"""[Towards Robust Interpretability with Self-Explaining Neural Networks]({ARXIV}1806.07538) - \
Alvarez-Melis et al., NeurIPS 2018

[Robust Attribution Regularization]({ARXIV}1905.09957) - Chen et al., NeurIPS 2019

[Smoothed Geometry for Robust Attribution]({ARXIV}2006.06643) - Wang et al., NeurIPS 2020
"""

BR = "  "  # two spaces ending a line: markdown's line break
BROKEN = f"""**Sanity Checks for Saliency Maps**{BR}
Julius Adebayo, Justin Gilmer, Michael Muelly. NeurIPS 2018.{BR}
[[Paper]]({ARXIV}1810.03292)

**A Benchmark for Interpretability Methods in Deep Neural Networks**<br>
Sara Hooker, Dumitru Erhan, Pieter-Jan Kindermans, Been Kim. NeurIPS 2019.<br>
[[Paper]]({ARXIV}1806.10758)

**Do Feature Attribution Methods Correctly Attribute Features?**{BR}
Yilun Zhou, Serena Booth, Marco Tulio Ribeiro, Julie Shah. AAAI 2022.{BR}
[[Paper]]({ARXIV}2104.14403)
"""

LIST = f"""# Awesome Attacks on Explanations [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

A curated list of papers on attacking explanations. See
[our survey]({ARXIV}2306.06123) for background.

## Attacks

Papers that manipulate explanations.

{BOLD}
[⬆ Back to top](#awesome-attacks-on-explanations)

## Defenses

{ONE_LINE}
## Evaluation

{BROKEN}
## Citation

If you use this list, cite [our survey]({ARXIV}2306.06123).
"""

NEW = Paper(title="Manipulating Feature Visualizations with Gradient Slingshots", url=f"{ARXIV}2401.06122",
            published="2024-01-11", venue="NeurIPS 2024", authors=["Dilyara Bareeva", "Lukas Pirch"])
NEW_LINE = (f"[Manipulating Feature Visualizations with Gradient Slingshots]({ARXIV}2401.06122) - "
            "Bareeva & Pirch, NeurIPS 2024\n")


def _titles(text: str) -> list[tuple[str, list[str]]]:
    return [(s.name, [e.title for e in s.entries]) for s in parse_list(text).sections if s.entries]


def test_papers_written_as_paragraphs_are_entries_with_their_fields():
    # Known as listed only by their links: no entries, "no paper entries found" for a list of them.
    doc = usable(parse_list(LIST))
    assert _titles(LIST) == [
        ("Attacks", ["Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods",
                     "Interpretation of Neural Networks is Fragile",
                     "Fairwashing: the risk of rationalization"]),
        ("Defenses", ["Towards Robust Interpretability with Self-Explaining Neural Networks",
                      "Robust Attribution Regularization", "Smoothed Geometry for Robust Attribution"]),
        ("Evaluation", ["Sanity Checks for Saliency Maps",
                        "A Benchmark for Interpretability Methods in Deep Neural Networks",
                        "Do Feature Attribution Methods Correctly Attribute Features?"])]
    first = doc.section("Attacks").entries[0]
    assert (first.authors[:2], first.venue, first.year, first.url, first.arxiv_id) == (
        ["Dylan Slack", "Sophie Hilgard"], "AIES", "2020", f"{ARXIV}1911.02508", "1911.02508")
    lines = LIST.splitlines(keepends=True)
    assert first.raw == "".join(lines[first.start_line : first.end_line])
    assert first.raw == "".join(BOLD.splitlines(keepends=True)[:3])
    one = doc.section("Defenses").entries[1]
    assert (one.authors, one.et_al, one.venue, one.year) == (["Chen"], True, "NeurIPS", "2019")
    broken = doc.section("Evaluation").entries
    assert [e.year for e in broken] == ["2018", "2019", "2022"]
    assert broken[1].authors == ["Sara Hooker", "Dumitru Erhan", "Pieter-Jan Kindermans", "Been Kim"]
    assert [s.order for s in doc.paper_sections()] == ["descending", "ascending", "ascending"]
    # A paper already listed is found as its entry, not as a line of text.
    found = doc.find(Paper(title="Interpretation of neural networks is fragile", url=f"{ARXIV}1710.10547"))
    assert found is not None and (found.title, found.section) == (
        "Interpretation of Neural Networks is Fragile", "Attacks")
    assert doc.style.is_paragraph and doc.style.bullet == ""
    # A title's line over the names in emphasis.
    named = parse_list(f"# L\n\n## Attacks\n\n[The (Un)reliability of Saliency Methods]({ARXIV}1711.00867)\n"
                       "*Pieter-Jan Kindermans, Sara Hooker, Julius Adebayo*\n")
    entry = named.section("Attacks").entries[0]
    assert (entry.title, entry.authors) == ("The (Un)reliability of Saliency Methods",
                                            ["Pieter-Jan Kindermans", "Sara Hooker", "Julius Adebayo"])


PROSE = f"""# List

[Our Survey of Attacks on Explanations]({ARXIV}2306.06123) - Berg et al., arXiv 2023

## Attacks

Most of these attack [LIME](https://github.com/marcotcr/lime) and SHAP.

[Fooling LIME and SHAP]({ARXIV}1911.02508) - Slack et al., AIES 2020

[Interpretation of Neural Networks is Fragile]({ARXIV}1710.10547) - Ghorbani et al., AAAI 2019

See [this survey]({ARXIV}2202.01602) for background.

[This survey]({ARXIV}2202.01602) gives the background for every attack listed here.

Related: [Saliency Attacks]({ARXIV}2001.00001), [More Attacks]({ARXIV}2001.00002)

[![arXiv](https://img.shields.io/badge/arXiv-2206.07697-b31b1b.svg)]({ARXIV}2206.07697)

**2019**

[Fairwashing: the risk of rationalization]({ARXIV}1901.09749) - Aivodji et al., ICML 2019

[Explanations can be manipulated and geometry is to blame]({ARXIV}1906.07983) - Dombrowski et al., \
NeurIPS 2019

[Fooling Network Interpretation in Image Classification]({ARXIV}1812.02843) - Subramanya et al., ICCV 2019

## Defenses

- [Robust Attribution Regularization]({ARXIV}1905.09957) - Chen et al., NeurIPS 2019

[Smoothed Geometry for Robust Attribution]({ARXIV}2006.06643) - Wang et al., NeurIPS 2020

## Evaluation

We keep the evaluation papers short.

[Sanity Checks for Saliency Maps]({ARXIV}1810.03292) - Adebayo et al., NeurIPS 2018

Most of them use ImageNet, as [ImageNet]({ARXIV}1409.0575) does.

## Citation

[Our Survey of Attacks on Explanations]({ARXIV}2306.06123) - Berg et al., arXiv 2023
"""


def test_prose_badges_and_several_papers_are_no_entries_and_mixed_sections_stay_as_they_were():
    doc = parse_list(PROSE)
    # A link inside a sentence, a sentence going on after the link, two papers' links, a badge and a
    # bold run head are no entries; the five paragraphs of one paper each are.
    assert _titles(PROSE) == [
        ("Attacks", ["Fooling LIME and SHAP", "Interpretation of Neural Networks is Fragile",
                     "Fairwashing: the risk of rationalization",
                     "Explanations can be manipulated and geometry is to blame",
                     "Fooling Network Interpretation in Image Classification"]),
        ("Defenses", ["Robust Attribution Regularization"])]
    # "Defenses" mixes a list item with a paragraph, "Evaluation" is mostly prose, "Citation" lists no
    # papers, and the list's introduction is no section of papers: their paragraphs are known as listed
    # by their links alone, as before.
    unread = {e.url for e in doc.unread_paper_links()}
    assert {f"{ARXIV}2006.06643", f"{ARXIV}1810.03292", f"{ARXIV}2306.06123"} <= unread
    assert {f"{ARXIV}1911.02508", f"{ARXIV}1901.09749"}.isdisjoint(unread)
    assert not doc.section("Evaluation").entries and not doc.section("Defenses").entries[0].style.is_paragraph


def test_a_new_paper_is_a_paragraph_in_its_neighbours_layout_placed_by_year():
    doc = parse_list(LIST)
    block = ("**Manipulating Feature Visualizations with Gradient Slingshots**\n"
             "Dilyara Bareeva, Lukas Pirch. NeurIPS 2024.\n"
             f"[[Paper]]({ARXIV}2401.06122)\n")
    # Newest first, on top of the papers, under the section's note, a blank line on each side.
    new = insert_entry(doc, NEW, "Attacks")
    assert new == LIST.replace("explanations.\n\n**Fooling", f"explanations.\n\n{block}\n**Fooling")
    # Oldest first, after the last paper, not after the blank line that ends the section.
    new = insert_entry(doc, NEW, "Defenses")
    assert new == LIST.replace("NeurIPS 2020\n\n## Evaluation", f"NeurIPS 2020\n\n{NEW_LINE}\n## Evaluation")
    older = Paper(title="An Older Defense of Saliency", url=f"{ARXIV}1902.00001", published="2019-02-01",
                  venue="ICML 2019", authors=["Ann Berg"])
    new = insert_entry(doc, older, "Defenses")
    line = f"[An Older Defense of Saliency]({ARXIV}1902.00001) - Berg, ICML 2019\n"
    # Its month (February) before the month its neighbour's arXiv id gives (May).
    assert new == LIST.replace("NeurIPS 2018\n\n[Robust", f"NeurIPS 2018\n\n{line}\n[Robust")
    for text in (insert_entry(doc, NEW, name) for name in ("Attacks", "Defenses", "Evaluation")):
        entries = [e for s in parse_list(text).paper_sections() for e in s.entries]
        assert len(entries) == 10 and any(e.url == NEW.url and e.title == NEW.title for e in entries)


def test_a_new_paragraph_breaks_its_lines_as_most_of_its_neighbours_do():
    new = insert_entry(parse_list(LIST), NEW, "Evaluation")
    block = ("**Manipulating Feature Visualizations with Gradient Slingshots**  \n"
             f"Dilyara Bareeva, Lukas Pirch. NeurIPS 2024.  \n[[Paper]]({ARXIV}2401.06122)\n")
    last = f"[[Paper]]({ARXIV}2104.14403)\n"
    assert new == LIST.replace(last, f"{last}\n{block}")
    crlf = LIST.replace("\n", "\r\n")
    assert insert_entry(parse_list(crlf), NEW, "Evaluation") == new.replace("\n", "\r\n")


RUNS = f"""# List

## Attacks

**2020**

[Fooling LIME and SHAP]({ARXIV}1911.02508) - Slack et al., AIES 2020

[Smoothed Geometry for Robust Attribution]({ARXIV}2006.06643) - Wang et al., NeurIPS 2020

**2019**

[Interpretation of Neural Networks is Fragile]({ARXIV}1710.10547) - Ghorbani et al., AAAI 2019

[Fairwashing: the risk of rationalization]({ARXIV}1901.09749) - Aivodji et al., ICML 2019
"""


def test_a_new_paper_under_run_heads_of_paragraphs_joins_its_years_run_or_heads_its_own():
    doc = parse_list(RUNS)
    assert [len(s.entries) for s in doc.paper_sections()] == [4]
    older = Paper(title="A Paper of 2019 on Fooling Saliency", url="https://doi.org/10.1000/fool",
                  published="2019", venue="ICML 2019", authors=["Ann Berg", "Carl Dorn"])
    line = "[A Paper of 2019 on Fooling Saliency](https://doi.org/10.1000/fool) - Berg & Dorn, ICML 2019\n"
    assert insert_entry(doc, older, "Attacks") == RUNS.replace("**2019**\n\n", f"**2019**\n\n{line}\n")
    assert insert_entry(doc, NEW, "Attacks") == RUNS.replace("**2020**", f"**2024**\n\n{NEW_LINE}\n**2020**")


def test_a_paragraph_section_in_a_list_of_items_gets_a_paragraph_and_a_section_of_none_an_item():
    text = f"""# List

## Attacks

- [Fooling LIME and SHAP]({ARXIV}1911.02508) - Slack et al., AIES 2020
- [Interpretation of Neural Networks is Fragile]({ARXIV}1710.10547) - Ghorbani et al., AAAI 2019

## Defenses

**Robust Attribution Regularization**
Jiefeng Chen, Xi Wu. NeurIPS 2019.
[[Paper]]({ARXIV}1905.09957)

## Evaluation
"""
    doc = parse_list(text)
    assert [e.title for e in doc.section("Defenses").entries] == ["Robust Attribution Regularization"]
    new = insert_entry(doc, NEW, "Defenses")
    block = ("**Manipulating Feature Visualizations with Gradient Slingshots**\n"
             f"Dilyara Bareeva, Lukas Pirch. NeurIPS 2024.\n[[Paper]]({ARXIV}2401.06122)\n")
    # Newest first, as the list's other section runs.
    assert new == text.replace("## Defenses\n\n", f"## Defenses\n\n{block}\n")
    new = insert_entry(doc, NEW, "Evaluation")
    assert new == text + f"\n- {NEW_LINE}"


def test_a_line_of_a_new_paragraph_left_with_no_field_goes():
    # A paper with no names, venue or year: its line would be "." alone.
    text = "# List\n\n## Attacks\n\n" + BOLD.rstrip("\n")  # no newline at the end
    bare = Paper(title="A Paper Known by Its DOI", doi="10.1000/xyz123", url="https://doi.org/10.1000/xyz123")
    new = insert_entry(parse_list(text), bare, "Attacks")
    assert new == text + "\n\n**A Paper Known by Its DOI**\n[[Paper]](https://doi.org/10.1000/xyz123)"


def test_a_new_paragraph_that_would_not_read_back_as_the_paper_is_refused():
    # Its escaped bold ends the list's bold early: read back, the title would be another.
    odd = Paper(title="Attacks on **Bold** Explanations", url=f"{ARXIV}2402.00001", published="2024-02-01",
                authors=["Ann Berg"], venue="ICML 2024")
    with pytest.raises(InputError, match="would not read back as one paper"):
        insert_entry(parse_list(LIST), odd, "Attacks")


SHORT = Paper(title="Manipulating Feature Visualizations", authors=["Dilyara Bareeva", "Lukas Pirch"],
            url=f"{ARXIV}2401.06122", published="2024-01-11", venue="NeurIPS")


def test_a_paragraph_linking_other_papers_by_name_is_no_entry_and_hides_no_link() -> None:
    # Several papers by short names: read as one paper's entry ("GPT-2"), the other links were hidden
    # from `find`, and those papers proposed again.
    paragraph = ("[GPT-2](https://cdn.openai.com/gpt2.pdf), [RoBERTa](https://arxiv.org/abs/1907.11692), "
                 "[T5](https://jmlr.org/papers/v21/20-074.html)")
    doc = parse_list(f"# L\n\n## Language models\n\n{paragraph}\n\n{ONE_LINE}")
    assert doc.find(Paper(title="RoBERTa", id="1907.11692")) is not None
    assert len(doc.entries) == 3


@pytest.mark.parametrize("own", ["[[Paper]]({a}) [[Supplementary]](https://x.org/a-supp.pdf)",
                                 "[[Paper]]({a}) [[Poster]](https://x.org/poster.pdf)",
                                 "[[Paper]]({a}) ([TPAMI version](https://doi.org/10.1109/TPAMI.2023.1))",
                                 "[[Paper]]({a}) ([Oral](https://icml.cc/virtual/2021/oral/1))"])
def test_a_papers_own_material_linked_by_name_leaves_it_an_entry(own: str) -> None:
    text = "# L\n\n## Attacks\n\n" + "".join(
        f"**Paper {t}**\nAnn Berg. ICML {y}.\n{own.format(a=f'{ARXIV}{a}')}\n\n"
        for t, y, a in TWO_PAPERS)
    assert [e.title for e in parse_list(text).entries] == ["Paper One", "Paper Two"]


def test_a_paragraph_titled_elsewhere_is_found_by_its_own_preprint() -> None:
    # "([arXiv:2003.10555](arxiv))" after a title linked to OpenReview: the paper's own preprint.
    paragraph = ("[ELECTRA](https://openreview.net/forum?id=r1xMH1BtvB) - Clark et al., ICLR 2020 "
                 "([arXiv:2003.10555](https://arxiv.org/abs/2003.10555))")
    doc = parse_list(f"# L\n\n## Language models\n\n{paragraph}\n\n{ONE_LINE}")
    hit = doc.find(Paper(title="Pre-training Text Encoders", id="2003.10555"))
    assert hit is not None and hit.title == "ELECTRA" and len(doc.entries) == 4


def test_a_references_section_of_paragraphs_does_not_restyle_a_list_of_items() -> None:
    # Four "[1] A. Vaswani et al. [T](u). NeurIPS 2017." paragraphs outvoted three items: a paper added to
    # an empty section was written as a reference, "[1] D. Bareeva & L. Pirch. [T](u). NeurIPS 2024."
    items = "".join(f"- [Item Paper {i}]({ARXIV}210{i}.00001) - Ho et al., ICLR 2021\n" for i in range(1, 4))
    refs = "".join(f"[{i}] A. Vaswani et al. [Reference Paper {i}]({ARXIV}170{i}.03762). NeurIPS 2017.\n\n"
                   for i in range(1, 5))
    text = f"# L\n\n## Attacks\n\n{items}\n## Surveys\n\n## References\n\n{refs}"
    new = insert_entry(parse_list(text), SHORT, "Surveys")
    written = f"- [Manipulating Feature Visualizations]({ARXIV}2401.06122) - Bareeva & Pirch, NeurIPS 2024\n"
    assert written in new


def test_a_paper_goes_after_the_abstract_and_figure_of_the_paper_above_it() -> None:
    # It went right under the last paper's paragraph, so that paper's abstract fold read as the new one's.
    block = "".join(f"**Paper {t}**\nAnn Berg. AAAI {y}.\n[[Paper]]({ARXIV}{a})\n\n<details><summary>Abstract"
                    f"</summary>\n\nAbstract of {t}.\n\n</details>\n\n" for t, y, a in TWO_PAPERS)
    text = f"# L\n\n## Attacks\n\n{block}## Tools\n\n- [T](https://github.com/x/t)\n"
    new = insert_entry(parse_list(text), SHORT, "Attacks")
    assert new.index("Abstract of Two.") < new.index("**Manipulating Feature Visualizations**") < new.index(
        "## Tools")
    last = parse_list(new).section("Attacks").entries[-1]
    assert last.title == "Manipulating Feature Visualizations"


def test_papers_each_with_a_paragraph_of_description_are_entries() -> None:
    text = "# L\n\n## Attacks\n\n" + "".join(
        f"[Paper {t}]({ARXIV}{a}) - Berg et al., ICML {y}\n\nThis paper shows attack {t.lower()} works.\n\n"
        for t, y, a in TWO_PAPERS)
    doc = parse_list(text)
    assert [e.title for e in doc.entries] == ["Paper One", "Paper Two"]
    new = insert_entry(doc, SHORT, "Attacks")
    assert new.index("attack two works.") < new.index("[Manipulating Feature Visualizations]")


def test_a_new_paragraph_that_would_read_as_prose_is_refused_unless_its_link_lists_it() -> None:
    # Under "Surveys of the whole field; none yet." the new paragraph is one of two, read as prose: a
    # paper linked by neither arXiv nor DOI was unlisted, and proposed again at every run.
    text = f"# L\n\n## Attacks\n\n{ONE_LINE}\n## Surveys\n\nSurveys of the whole field; none yet.\n"
    paper = Paper(title="A Survey of Attacks", url="https://doi.org/10.1000/xyz", published="2024-01-01",
                  authors=["Ann Berg"], venue="TPAMI")
    assert parse_list(insert_entry(parse_list(text), paper, "Surveys")).find(paper) is not None
    with pytest.raises(InputError, match="would read as its prose"):
        unlinked = replace(paper, url="https://openreview.net/forum?id=Berg24")
        insert_entry(parse_list(text), unlinked, "Surveys")


@pytest.mark.parametrize("news", [
    f"[Slingshots]({ARXIV}2401.06122) was accepted to NeurIPS 2024!",
    f"[2024-05] [Slingshots]({ARXIV}2401.06122) accepted at NeurIPS 2024",
    f"[Slingshots]({ARXIV}2401.06122) has been Accepted to NeurIPS 2024",
    f"【2024.05】[Slingshots]({ARXIV}2401.06122) 被 NeurIPS 2024 接收！",
    f"[2024-09] [Slingshots]({ARXIV}2401.06122) (NeurIPS 2024) is accepted!",
    f"[2024-05] [Slingshots]({ARXIV}2401.06122) is selected as an oral at ICML 2024.",
    f"[2024-02] [Slingshots]({ARXIV}2401.06122) wins the best paper award at SaTML 2024.",
    f'[Slingshots]({ARXIV}2401.06122 "paper"), our new work, was accepted to NeurIPS 2024.',
])
def test_a_line_of_news_under_another_heading_is_no_paper(news: str) -> None:
    # Under "## Highlights" such lines were papers of venue "was accepted to NeurIPS".
    doc = parse_list(f"# L\n\n## Highlights\n\n{news}\n\n{news.replace('2401.06122', '2402.00001')}\n\n"
                     f"## Attacks\n\n{ONE_LINE}")
    assert [e.section for e in doc.entries] == ["Attacks"] * 3
    assert doc.find(Paper(title="Slingshots", id="2401.06122")) is not None  # still listed, as a link


@pytest.mark.parametrize("paper", [
    "[2021.01] [Paper {t} on widgets]({a}) - Berg et al., ICML {y}",
    "**Paper {t}** (accepted at ICML {y})\nAnn Berg.\n[[Paper]]({a})",
])
def test_a_date_tag_or_an_acceptance_note_leaves_a_paper_an_entry(paper: str) -> None:
    text = "# L\n\n## Attacks\n\n" + "".join(paper.format(t=t, y=y, a=f"{ARXIV}{a}") + "\n\n"
                                              for t, y, a in (("One", 2021, "2101.00001"),
                                                              ("Two", 2022, "2201.00002")))
    assert len(parse_list(text).entries) == 2


@pytest.mark.parametrize("after", [
    "---\n\n<p align=\"right\">(<a href=\"#readme-top\">back to top</a>)</p>\n\n",
    "<!-- more to come -->\n\n",
])
def test_a_new_paper_goes_before_what_closes_its_section(after: str) -> None:
    # The last paper's block ran over a rule, a "back to top" line or a comment: the paper went after them.
    text = f"# L\n\n## Attacks\n\n{ONE_LINE}\n{after}## Tools\n\n- [T](https://github.com/x/t)\n"
    new = insert_entry(parse_list(text), SHORT, "Attacks")
    assert new.index("[Manipulating Feature Visualizations]") < new.index(after.split("\n")[0])


def test_a_new_paper_goes_inside_the_collapsible_heading_its_section_is() -> None:
    # Under "<summary><h2>Attacks</h2>" the paper went past the fold's </details>, into the next fold.
    fold = "<details open><summary><h2>{}</h2></summary>\n\n{}\n</details>\n\n"
    text = "# L\n\n" + fold.format("Attacks", ONE_LINE) + fold.format("Defenses", ONE_LINE.replace("0", "1"))
    new = insert_entry(parse_list(text), SHORT, "Attacks")
    assert new.index("[Manipulating Feature Visualizations]") < new.index("</details>")
    titles = [e.title for e in parse_list(new).section("Attacks").entries]
    assert "Manipulating Feature Visualizations" in titles


def _two_papers(after: str = "") -> str:
    """Two papers written as bold paragraphs (2021, 2022), each followed by ``after`` ({t}: its name)."""
    return "\n\n".join(f"**Paper {t}**\nAnn Berg. AAAI {y}.\n[[Paper]]({ARXIV}{a})" + after.replace("{t}", t)
                       for t, y, a in TWO_PAPERS)


@pytest.mark.parametrize("attached", [
    "```bibtex\n@inproceedings{berg,\n---\n}\n```",
    "> TL;DR: attacks fool explanations.",
    "<p align=\"center\">\n<img src=\"fig.png\" width=\"400\">\n</p>",
    "<div align=\"center\"><img src=\"fig.png\"></div>",
    "- Key idea: perturb the input.\n- Result: the map changes.",
    "<details><summary>Abstract</summary>\n\nWe attack.\n\n</details>",
])
def test_what_follows_a_paper_stays_with_it_when_a_paper_goes_after_it(attached: str) -> None:
    # The first review's stop at anything but prose, a fold and a one-line figure put the new paper
    # between the last paper and its BibTeX, quote, figure or notes.
    text = "# L\n\n## Attacks\n\n" + _two_papers(f"\n\n{attached}") + "\n\n## Tools\n\n- [T](u)\n"
    new = insert_entry(parse_list(text), SHORT, "Attacks")
    assert new.rindex(attached.split("\n")[-1]) < new.index("**Manipulating Feature Visualizations**")


@pytest.mark.parametrize("after", [
    "<hr>", "<div align=\"right\"><a href=\"#top\">Back to top</a></div>",
    "<p align=\"right\">[Back to top](#top)</p>", "<table><tr><td>Tool</td></tr></table>",
    "<p>Contributing: PRs welcome.</p>",
])
def test_html_after_the_last_paper_that_is_no_figure_stays_after_a_new_paper(after: str) -> None:
    text = "# L\n\n## Attacks\n\n" + _two_papers() + f"\n\n{after}\n\n## Tools\n"
    new = insert_entry(parse_list(text), SHORT, "Attacks")
    assert new.index("**Manipulating Feature Visualizations**") < new.index(after)


def test_a_description_under_a_bold_label_stays_with_its_paper() -> None:
    text = "# L\n\n## Attacks\n\n" + _two_papers("\n\n**Abstract**\nWe attack {t}.") + "\n"
    new = insert_entry(parse_list(text), SHORT, "Attacks")
    assert new.index("We attack Two.") < new.index("**Manipulating Feature Visualizations**")


@pytest.mark.parametrize("note", ["(won the best paper award)", ". Received an outstanding paper award.",
                                  ". The adversary wins a minimax game.",
                                  ". Shows the top feature is selected by the attack."])
def test_a_paper_with_a_note_of_awards_or_games_is_a_paper(note: str) -> None:
    text = "# L\n\n## Attacks\n\n" + "".join(
        f"[Paper {t}]({ARXIV}{a}) - Berg et al., ICML {y}{note}\n\n"
        for t, y, a in TWO_PAPERS)
    assert len(parse_list(text).entries) == 2


def test_paragraph_papers_above_a_sections_subsections_are_its_entries() -> None:
    # Papers written under "## Attacks" before its "### Image attacks" were never read.
    text = (f"# L\n\nA list of attacks; see [our survey]({ARXIV}2306.06123).\n\n## Attacks\n\n{ONE_LINE}\n"
            f"### Image attacks\n\n{ONE_LINE.replace('0', '1')}")
    doc = parse_list(text)
    assert [e.section for e in doc.entries] == ["Attacks"] * 3 + ["Image attacks"] * 3
    assert doc.section("L").entries == []  # the title's introduction still cites, it lists nothing
