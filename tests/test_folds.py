"""Folds as a list's sections: "<details><summary><b>Attacks</b></summary>" over a topic's papers, at the
top level (not a paper's own <details> in its list item), one level below the heading it is under."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.lists import insert_entry, parse_list
from bot.paper import Paper

_A = "https://arxiv.org/abs/"
_NEW = Paper(title="New Paper", authors=["Ada Lovelace"], url=f"{_A}2301.00001", published="2023-01-05",
             venue="ICML")
_NEW_LINE = f"- [New Paper]({_A}2301.00001)"

# The forms real lists fold a topic in: bold or strong or plain or markdown-bold summaries, "open" or not,
# the summary on the <details> line, the next, or after a blank line, or on lines of its own.
_OPENINGS = [
    "<details>\n<summary><b>{}</b></summary>\n",
    "<details><summary><strong>{}</strong></summary>\n",
    "<details>\n<summary>{}</summary>\n",
    "<details open>\n\n<summary>**{}**</summary>\n",
    "<details open><summary> <b>{}</b> </summary>\n",
    "<details>\n\n<summary>\n<strong>{}</strong>\n</summary>\n",
]

_LIST = f"""# Awesome Folds

## Papers

<details>
<summary><b>Attacks</b></summary>

- [Paper A]({_A}2101.00001) - Berg et al., ICML 2021
- [Paper B]({_A}2102.00002) - Li et al., NeurIPS 2021

</details>

<details><summary><strong>Defenses (1)</strong></summary>

- [Paper C]({_A}2103.00003) - Kim et al., ICLR 2021
</details>

<details open>
<summary>🔒 Privacy</summary>

</details>

<details>

<summary>**Robustness**</summary>

- [Paper D]({_A}2104.00004) - Wu et al., ICML 2021
  <details><summary>Wu, <em>ICML</em>, 2021</summary>An abstract.</details>

</details>

## Contributing

Open a pull request.
"""


def _sections(text: str) -> list[tuple[str, int, list[str]]]:
    return [(s.full_name, s.level, [e.title for e in s.entries]) for s in parse_list(text).sections]


def _added(old: str, new: str) -> tuple[int, list[str]]:
    """The line the inserted lines start at and those lines; fails unless every other byte is the same."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    added = b[at : at + len(b) - len(a)]
    assert "".join(b[:at] + b[at + len(added) :]) == old
    return at, added


@pytest.mark.parametrize("opening", _OPENINGS)
@pytest.mark.parametrize("closing", ["\n</details>\n", "</details>\n"])
def test_a_fold_over_a_list_names_a_section_below_its_heading(opening: str, closing: str) -> None:
    # Each fold's papers are its own, not all the enclosing "## Papers"' (or no section's): a paper can be
    # suggested for "Attacks" or for "Defenses".
    text = (f"# L\n\n## Papers\n\n{opening.format('Attacks (2)')}\n- [A]({_A}2101.00001) 2021\n"
            f"- [B]({_A}2101.00002) 2021\n{closing}\n{opening.format('🛡️ Defenses')}\n"
            f"- [C]({_A}2101.00003) 2021\n{closing}\n## Tools\n\n- [T](https://github.com/x/t)\n")
    assert _sections(text) == [
        ("L", 1, []), ("L > Papers", 2, []), ("L > Papers > Attacks (2)", 3, ["A", "B"]),
        ("L > Papers > 🛡️ Defenses", 3, ["C"]), ("L > Tools", 2, ["T"])]
    assert parse_list(text).paper_labels() == "'Attacks (2)', '🛡️ Defenses'"


@pytest.mark.parametrize("section,after", [
    ("Attacks", f"- [Paper B]({_A}2102.00002) - Li et al., NeurIPS 2021\n"),  # the first fold
    ("Defenses", f"- [Paper C]({_A}2103.00003) - Kim et al., ICLR 2021\n"),  # its </details> right below
    ("Robustness", "  <details><summary>Wu, <em>ICML</em>, 2021</summary>An abstract.</details>\n"),  # last
])
def test_a_paper_goes_into_its_fold_after_the_folds_papers(section: str, after: str) -> None:
    new = insert_entry(parse_list(_LIST), _NEW, section)
    at, (line,) = _added(_LIST, new)
    assert line.startswith(_NEW_LINE)
    assert new.splitlines(keepends=True)[at - 1] == after
    doc = parse_list(new)
    assert [e.title for e in doc.section(section).entries][-1] == "New Paper"
    assert sum(len(s.entries) for s in doc.paper_sections()) == 5


def test_a_paper_goes_into_an_empty_fold_before_its_close() -> None:
    new = insert_entry(parse_list(_LIST), _NEW, "Privacy")
    at, (line, blank) = _added(_LIST, new)
    assert line.startswith(_NEW_LINE) and blank == "\n"
    assert new.splitlines()[at - 2 : at + 3] == ["<summary>🔒 Privacy</summary>", "", line.rstrip("\n"), "",
                                                 "</details>"]
    assert [e.title for e in parse_list(new).section("Privacy").entries] == ["New Paper"]


def test_papers_added_one_after_another_each_stay_in_their_fold() -> None:
    # As a PR of several papers adds them: each to the list the one before it left.
    text = _LIST
    for title, n, section in (("First", 1, "Defenses"), ("Second", 2, "Attacks"), ("Third", 3, "Privacy")):
        paper = Paper(title=f"{title} New Paper", authors=["Ada Lovelace"], url=f"{_A}2301.0000{n}",
                      published="2023-01-05", venue="ICML")
        text = insert_entry(parse_list(text), paper, section)
    assert [(name, titles) for name, _, titles in _sections(text) if titles] == [
        ("Awesome Folds > Papers > Attacks", ["Paper A", "Paper B", "Second New Paper"]),
        ("Awesome Folds > Papers > Defenses (1)", ["Paper C", "First New Paper"]),
        ("Awesome Folds > Papers > 🔒 Privacy", ["Third New Paper"]),
        ("Awesome Folds > Papers > Robustness", ["Paper D"])]


def test_folds_beside_a_headings_own_entries_are_no_topics_of_it() -> None:
    # "## Attacks" over A and B, an "Image attacks" fold, then C and D: read as topics, the heading split
    # into two "Attacks" sections, and a 2023 paper went after B, above the fold and the 2022 papers.
    text = (f"## Attacks\n\n- [A]({_A}2001.00001) 2020\n- [B]({_A}2101.00002) 2021\n\n"
            f"<details><summary><b>Image attacks</b></summary>\n\n- [E]({_A}2101.00005) 2021\n\n"
            "</details>\n\n"
            f"<details><summary><b>Text attacks</b></summary>\n\n- [F]({_A}2101.00006) 2021\n\n</details>\n\n"
            f"- [C]({_A}2201.00003) 2022\n- [D]({_A}2201.00004) 2022\n\n"
            "## Tools\n\n- [T](https://github.com/x/t)\n")
    assert _sections(text) == [("Attacks", 2, ["A", "B", "E", "F", "C", "D"]), ("Tools", 2, ["T"])]
    new = insert_entry(parse_list(text), _NEW, "Attacks")
    assert [e.title for e in parse_list(new).entries][-2:] == ["D", "New Paper"]


def test_folds_in_a_fold_nest() -> None:
    text = (f"## Papers\n\n<details><summary>Attacks</summary>\n\n<details><summary>White-box</summary>\n\n"
            f"- [A]({_A}2101.00001) 2021\n\n</details>\n\n<details><summary>Black-box</summary>\n\n"
            f"- [B]({_A}2101.00002) 2021\n\n</details>\n\n</details>\n\n"
            f"<details><summary>Defenses</summary>\n\n- [C]({_A}2101.00003) 2021\n\n</details>\n\n"
            "## Tools\n\n- [T](https://github.com/x/t)\n")
    assert [s for s in _sections(text) if s[2]] == [
        ("Papers > Attacks > White-box", 4, ["A"]), ("Papers > Attacks > Black-box", 4, ["B"]),
        ("Papers > Defenses", 3, ["C"]), ("Tools", 2, ["T"])]
    new = insert_entry(parse_list(text), _NEW, "Black-box")
    at, (line,) = _added(text, new)
    assert line.startswith(_NEW_LINE) and new.splitlines()[at - 1 : at + 3] == [
        f"- [B]({_A}2101.00002) 2021", line.rstrip("\n"), "", "</details>"]


@pytest.mark.parametrize("folds", [
    # One fold that holds all of a heading's papers is the heading's own, whatever it says.
    ["Attacks (12)"], ["🔥 Attack papers"], ["Certified robustness"],
    # Folds by venue sort papers by where they appeared, not by topic.
    ["Conferences", "Journals", "Workshops"],
    # Two folds of one name (under "**Image**" and "**Text**" lines the reader does not see as groups).
    ["Untargeted", "Targeted", "Untargeted", "Targeted"],
])
def test_folds_that_are_no_topics_leave_their_papers_to_the_heading(folds: list[str]) -> None:
    text = "## Attacks\n\n" + "".join(
        f"<details><summary><b>{name}</b></summary>\n\n- [P{i}]({_A}2101.0000{i}) 2021\n\n</details>\n\n"
        for i, name in enumerate(folds)) + "## Defenses\n\n- [D]({_A}2102.00001) 2021\n".replace("{_A}", _A)
    doc = parse_list(text)
    assert doc.paper_labels() == "'Attacks', 'Defenses'"
    assert [e.title for e in doc.section("Attacks").entries] == [f"P{i}" for i in range(len(folds))]


def test_a_fold_per_paper_is_no_topic() -> None:
    # "<summary><b>Title</b> [CVPR]</summary>" over the paper's and its code's links: each paper a section.
    text = "## Attacks\n\n" + "".join(
        f"<details><summary><b>{t}</b> [CVPR]</summary>\n\n- **Paper**: [arXiv]({_A}{a})\n"
        f"- **Code**: [GitHub](https://github.com/x/{a})\n\n</details>\n\n"
        for t, a in (("Universal Adversarial Perturbations", "1610.08401"), ("Deep Fool", "1511.04599")))
    assert parse_list(text).paper_labels() == "'Attacks'"
    linked = "## Attacks\n\n" + "".join(
        f'<details><summary><a href="{_A}{a}">{t}</a></summary>\n\n- [{t}]({_A}{a}) 2017\n\n</details>\n\n'
        for t, a in (("Towards Deep Learning Models", "1706.06083"), ("Deep Fool", "1511.04599")))
    assert parse_list(linked).paper_labels() == "'Attacks'"


def test_a_folds_name_is_read_as_text() -> None:
    # "&nbsp;Attacks", "Attacks &amp; Defenses" and "Attackson image classifiers" went into labels and
    # PR titles.
    text = "## Papers\n\n" + "".join(
        f"<details><summary>{s}</summary>\n\n- [P{i}]({_A}2101.0000{i}) 2021\n\n</details>\n\n"
        for i, s in enumerate(["&nbsp;<b>Attacks</b>", "<b>Probes &amp; Defenses</b>",
                               "<b>Evasion</b><br><sub>on image classifiers</sub>"]))
    assert parse_list(text).paper_labels() == "'Attacks', 'Probes & Defenses', 'Evasion on image classifiers'"


def test_a_fold_in_or_beside_a_collapsible_heading_section_nests_by_where_it_is() -> None:
    # In a "<summary><h2>" fold: one level below it; after that fold's </details>: beside it.
    text = (f"# L\n\n<details><summary><h2>Attacks</h2></summary>\n\n<details><summary><b>White-box</b>"
            f"</summary>\n\n- [A]({_A}2101.00001) 2021\n\n</details>\n\n<details><summary><b>Black-box</b>"
            f"</summary>\n\n- [B]({_A}2101.00002) 2021\n\n</details>\n\n</details>\n\n"
            f"<details><summary><b>Defenses</b></summary>\n\n- [C]({_A}2101.00003) 2021\n\n</details>\n")
    assert _sections(text) == [
        ("L", 1, []), ("L > Attacks", 2, []), ("L > Attacks > White-box", 3, ["A"]),
        ("L > Attacks > Black-box", 3, ["B"]), ("L > Defenses", 2, ["C"])]


def test_a_collapsible_heading_right_under_a_folds_close_is_not_in_the_fold() -> None:
    text = (f"## Papers\n\n<details><summary>Attacks</summary>\n\n- [A]({_A}2101.00001) 2021\n\n</details>\n"
            f"<details><summary><h4>Deep</h4></summary>\n\n- [B]({_A}2101.00002) 2021\n\n</details>\n")
    assert _sections(text) == [("Papers", 2, []), ("Papers > Attacks", 3, ["A"]), ("Papers > Deep", 4, ["B"])]


def test_folds_that_hide_an_abstract_or_the_rest_of_a_topic_are_no_sections() -> None:
    # A paper's own <details> (in its item, or right under it), "Older papers" and "Click to expand" folds,
    # a year's fold, one that folds all of a heading's papers ("Papers", or the heading's own name), a fold
    # of the list's BibTeX, and one in a comment: the papers in them are their topic's.
    text = (f"## Papers\n\n<details><summary><b>Attacks</b></summary>\n\n"
            f"- [A]({_A}2101.00001) 2021\n  <details><summary>A. Berg, <em>ICML</em>, 2021</summary>\n"
            f"  Abstract of A.\n  </details>\n- [B]({_A}2101.00002) 2021\n"
            f"<details><summary>C. Dorn, <em>ICLR</em>, 2021</summary>\n\nAbstract of B.\n\n</details>\n\n"
            "<!-- </details> (a fold taken out) -->\n\n"
            f"<details><summary>Older papers</summary>\n\n- [C]({_A}1901.00003) 2019\n\n</details>\n\n"
            f"</details>\n\n<details><summary><b>Defenses</b></summary>\n\n"
            f"<details><summary>Click to expand</summary>\n\n- [D]({_A}2101.00004) 2021\n\n</details>\n\n"
            f"<details><summary>2020</summary>\n\n- [E]({_A}2001.00005) 2020\n\n</details>\n\n</details>\n\n"
            f"## Surveys\n\n<details><summary>Papers (1)</summary>\n\n- [F]({_A}2101.00006) 2021\n\n"
            "</details>\n\n"
            f"## Benchmarks\n\n<details open><summary>📊 <b>Benchmarks</b></summary>\n\n"
            f"- [G]({_A}2101.00007) 2021\n\n</details>\n\n"
            "## Citation\n\n<details><summary>BibTeX</summary>\n\n```bibtex\n@misc{folds}\n```\n\n"
            "</details>\n")
    assert _sections(text) == [
        ("Papers", 2, []), ("Papers > Attacks", 3, ["A", "B", "C"]), ("Papers > Defenses", 3, ["D", "E"]),
        ("Surveys", 2, ["F"]), ("Benchmarks", 2, ["G"]), ("Citation", 2, [])]


def test_folds_of_the_lists_own_housekeeping_list_no_papers() -> None:
    # As headings of those names do: a table of contents, related lists.
    text = (f"# L\n\n<details><summary>Table of Contents</summary>\n\n- [Attacks](#attacks)\n"
            f"- [Related lists](#related-lists)\n\n</details>\n\n## Papers\n\n"
            f"<details><summary><b>Attacks</b></summary>\n\n- [A]({_A}2101.00001) 2021\n\n</details>\n\n"
            "<details><summary><b>Related lists</b></summary>\n\n- [Awesome X](https://github.com/x/awesome-x)"
            "\n\n</details>\n")
    doc = parse_list(text)
    assert [(s.full_name, s.is_paper_section) for s in doc.sections] == [
        ("L", False), ("L > Papers", False), ("L > Papers > Attacks", True),
        ("L > Papers > Related lists", False)]
    assert doc.paper_labels() == "'Attacks'"


def test_a_fold_holding_a_table_takes_a_new_row_before_its_close() -> None:
    table = "| Title | Year |\n|---|---|\n"
    text = (f"## Papers\n\n<details><summary><b>Attacks</b></summary>\n\n{table}"
            f"| [A]({_A}2101.00001) | 2021 |\n</details>\n\n<details><summary><b>Defenses</b></summary>\n\n"
            f"{table}| [B]({_A}2101.00002) | 2021 |\n\n</details>\n")
    new = insert_entry(parse_list(text), _NEW, "Attacks")
    at, (line,) = _added(text, new)
    assert line == f"| [New Paper]({_A}2301.00001) | 2023 |\n"
    assert new.splitlines()[at - 1 : at + 2] == [f"| [A]({_A}2101.00001) | 2021 |", line.rstrip("\n"),
                                                 "</details>"]
    assert [e.title for e in parse_list(new).section("Attacks").entries] == ["A", "New Paper"]


def test_list_add_writes_the_paper_into_the_fold_it_names(tmp_path: Path) -> None:
    lst, pj = tmp_path / "README.md", tmp_path / "paper.json"
    lst.write_text(_LIST, encoding="utf-8")
    pj.write_text(json.dumps({"id": "2301.00001", "title": "New Paper", "authors": ["Ada Lovelace"],
                              "published": "2023-01-05", "venue": "ICML", "url": f"{_A}2301.00001"}))
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Defenses", "--write"]) == 0
    new = lst.read_text(encoding="utf-8")
    at, (line,) = _added(_LIST, new)
    assert line.startswith(_NEW_LINE) and new.splitlines()[at + 1] == "</details>"
    assert [e.title for e in parse_list(new).section("Defenses").entries] == ["Paper C", "New Paper"]


def test_folds_named_by_words_that_are_also_topics_are_topics() -> None:
    # "Video" and "Event Cameras" are topics though "videos" and "events" name a list's housekeeping too:
    # one such fold made every fold of the heading no section.
    text = "## Papers\n\n" + "".join(
        f"<details><summary><b>{name}</b></summary>\n\n- [P{i}]({_A}2101.0000{i}) 2021\n\n</details>\n\n"
        for i, name in enumerate(["Image", "Video", "Event Cameras"]))
    assert parse_list(text).paper_labels() == "'Image', 'Video', 'Event Cameras'"


def test_the_lines_after_the_last_topic_fold_read_no_paper_of_the_heading() -> None:
    # "Our survey: [A Survey](arxiv)" after the folds became the only entry of a second "Papers" section,
    # offered to new papers beside the folds' topics.
    fold = "<details><summary>{}</summary>\n\n- [{} Paper](" + _A + "{}) 2023\n\n</details>\n\n"
    text = ("## Papers\n\n" + fold.format("Attacks", "Attack", "2307.15043")
            + fold.format("Defenses", "Defense", "2310.03684")
            + f"Our survey: [A Survey of Safety]({_A}2401.00001) - Doe et al., 2024\n\n"
            "## Contributing\n\nPRs welcome.\n")
    doc = parse_list(text)
    assert doc.paper_labels() == "'Attacks', 'Defenses'"
    assert doc.find(Paper(title="A Survey of Safety", url=f"{_A}2401.00001")) is not None


@pytest.mark.parametrize("summary", ["Deep Residual Learning",
                                     "ResNet: Deep Residual Learning for Image Recognition"])
def test_folds_of_one_paper_and_notes_on_it_are_no_topics(summary: str) -> None:
    fold = ("<details><summary>{}</summary>\n\n- [{}](" + _A + "{}) - {}\n\nMy notes on this one.\n\n"
            "</details>\n\n")
    text = ("## Papers\n\n"
            + fold.format(summary, "Deep Residual Learning for Image Recognition", "1512.03385", "He et al.")
            + fold.format("Attention Is All You Need", "Attention Is All You Need", "1706.03762", "Vaswani"))
    assert parse_list(text).paper_labels() == "'Papers'"
