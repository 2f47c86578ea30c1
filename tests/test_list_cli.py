"""``litbot list show/add``: output, --write, and one-line errors that leave the list untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lists"
PAPER = {
    "id": "2305.00001", "title": "Do-Calculus for Deep Nets", "abstract": "We study it.",
    "authors": ["Ada Lovelace", "Alan Turing"], "categories": ["cs.LG"], "published": "2018-04-01",
    "url": "https://arxiv.org/abs/2305.00001",
}


def setup(tmp_path: Path, paper: object = PAPER) -> tuple[Path, Path]:
    lst = tmp_path / "README.md"
    shutil.copy(FIXTURES / "authors_year.md", lst)
    pj = tmp_path / "paper.json"
    pj.write_text(paper if isinstance(paper, str) else json.dumps(paper))
    return lst, pj


def test_show_json(tmp_path, capsys):
    lst, _ = setup(tmp_path)
    assert main(["list", "show", str(lst), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    sections = {s["name"]: s for s in data["sections"]}
    assert sections["Learning"]["is_paper_section"] and len(sections["Learning"]["entries"]) == 6
    assert sections["Software"]["is_paper_section"] is False
    assert sections["Learning"]["entries"][0]["authors"] == ["F. D. Johansson"]
    assert data["style"]["bullet"] == "*"


def test_show_json_gives_each_paper_section_the_label_rank_names_it_by(tmp_path, capsys):
    # `rank` names a section by its label ("Text > Attacks" where two are named "Attacks"), which `list
    # show --json` did not give: a caller could match it to no section.
    item = "* [{}](https://arxiv.org/abs/210{}.00001) - A. Berg, ICML 2021\n"
    text = ("# L\n\n## Image\n\n### Attacks\n\n" + item.format("A", 1) + "\n## Text\n\n### Attacks\n\n"
            + item.format("B", 2) + "\n### Defenses\n\n" + item.format("C", 3) + "\n## Links\n\n* [x](https://x.org)\n")
    (tmp_path / "list.md").write_text(text)
    assert main(["list", "show", str(tmp_path / "list.md"), "--json"]) == 0
    sections = json.loads(capsys.readouterr().out)["sections"]
    assert [s.get("label") for s in sections if s["is_paper_section"]] == [
        "Image > Attacks", "Text > Attacks", "Defenses"]
    assert all("label" not in s for s in sections if not s["is_paper_section"])


def test_show_gives_each_paper_section_the_entry_a_new_paper_gets(tmp_path, capsys):
    # The learned style in words was "bullet '*'" for the whole list; a maintainer checks it best as
    # the entry each section would get. Two sections written differently get different entries.
    items = "".join(f"* [P{i}](https://arxiv.org/abs/200{i}.00001) - A. Berg, ICML 202{i}\n"
                    for i in range(3))
    text = ("# L\n\n## Items\n\n" + items
            + "\n## Rows\n\n| Title | Venue |\n|---|---|\n"
            + "".join(f"| [R{i}](https://arxiv.org/abs/210{i}.00001) | ICLR'2{i} |\n" for i in range(3)))
    (tmp_path / "list.md").write_text(text)
    assert main(["list", "show", str(tmp_path / "list.md"), "--json"]) == 0
    sections = {s["name"]: s for s in json.loads(capsys.readouterr().out)["sections"]}
    assert sections["Items"]["new_entry"] == (
        "* [Title of a New Paper](https://arxiv.org/abs/2602.00001) - A. Lovelace, A. Turing & G. Hopper, "
        "ICML 2026")
    assert sections["Rows"]["new_entry"] == ("| [Title of a New Paper](https://arxiv.org/abs/2602.00001) "
                                             "| ICML'26 |")
    assert "new_entry" not in sections["L"]
    assert main(["list", "show", str(tmp_path / "list.md")]) == 0
    assert "a new paper here: | [Title of a New" in capsys.readouterr().out


def test_show_tree(tmp_path, capsys):
    lst, _ = setup(tmp_path)
    assert main(["list", "show", str(lst)]) == 0
    out = capsys.readouterr().out
    assert "Learning" in out and "Invariant Risk Minimization" in out


def test_show_marks_missing_names_only_where_the_list_writes_names(tmp_path, capsys):
    lst = tmp_path / "README.md"
    rows = "".join(f"| [Paper {k}](https://arxiv.org/abs/2101.0000{k}) | 2021 |\n" for k in (1, 2))
    lst.write_text("## P\n\n| Title | Year |\n|---|---|\n" + rows)
    assert main(["list", "show", str(lst)]) == 0
    assert "?" not in capsys.readouterr().out  # a table with no Authors column: no name is missing
    lst.write_text("## P\n\n- [Paper 1](https://arxiv.org/abs/2101.00001). A. Berg, C. Dorn. 2021\n"
                   "- [Paper 2](https://arxiv.org/abs/2101.00002). 2021\n")
    assert main(["list", "show", str(lst)]) == 0
    assert "?" in capsys.readouterr().out


def test_add_prints_diff_and_write_applies_it(tmp_path, capsys):
    lst, pj = setup(tmp_path)
    before = lst.read_text()
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "learning"]) == 0
    diff = capsys.readouterr().out
    added = "+* [Do-Calculus for Deep Nets](https://arxiv.org/abs/2305.00001). A. Lovelace & A. Turing, 2018."
    assert added in diff.splitlines()
    assert lst.read_text() == before
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Learning", "--write"]) == 0
    after = lst.read_text()
    assert after != before and "Do-Calculus for Deep Nets" in after
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Learning"]) == 2
    assert "already listed" in capsys.readouterr().err


def test_bad_inputs_fail_with_one_line_and_write_nothing(tmp_path, capsys):
    lst, pj = setup(tmp_path)
    before = lst.read_bytes()
    binary = tmp_path / "img.md"
    binary.write_bytes(b"\x89PNG\x00\x01")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 100_000)  # past the recursion limit
    long_number = tmp_path / "long.json"
    long_number.write_text('{"title": "a", "id": ' + "9" * 5000 + "}")  # over the int digits limit
    no_title = tmp_path / "nt.json"
    no_title.write_text(json.dumps({"url": "https://x.org"}))
    cases = [
        ["list", "add", str(lst), "--paper", str(pj), "--section", "Nope", "--write"],
        ["list", "add", str(lst), "--paper", str(bad_json), "--section", "Learning", "--write"],
        ["list", "add", str(lst), "--paper", str(deep_json), "--section", "Learning", "--write"],
        ["list", "add", str(lst), "--paper", str(long_number), "--section", "Learning", "--write"],
        ["list", "add", str(lst), "--paper", str(no_title), "--section", "Learning", "--write"],
        ["list", "add", str(lst), "--paper", str(pj), "--section", "Software", "--write"],
        ["list", "add", str(binary), "--paper", str(pj), "--section", "Learning", "--write"],
        ["list", "show", str(pj)],
        ["list", "show", str(tmp_path / "missing.md")],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("litbot: error: ") and err.count("\n") == 1, err
    assert lst.read_bytes() == before
    assert binary.read_bytes() == b"\x89PNG\x00\x01"


def test_show_tree_gives_the_form_each_sections_kind_and_only_paper_entries(tmp_path, capsys, monkeypatch):
    setup(tmp_path)
    shutil.copy(FIXTURES / "tables.md", tmp_path / "tables.md")
    monkeypatch.chdir(tmp_path)  # a short path: the header stays on one line
    assert main(["list", "show", "README.md"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "README.md — 9 papers, bullet '*'"
    assert "## Learning  (6 entries, papers, ascending)" in out
    assert "## Software  (1 entry, other, unordered)" in out and "DoWhy" not in out
    assert main(["list", "show", "tables.md"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(" papers, table rows")


def test_show_names_a_list_of_one_paper_per_heading_so(tmp_path, capsys, monkeypatch):
    shutil.copy(FIXTURES / "headings.md", tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    assert main(["list", "show", "README.md"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "README.md — 7 papers, a '###' heading per paper"
    assert "## Attacks  (3 entries, papers, descending)" in out and "### Counterfactual" not in out


def test_show_prints_brackets_in_names_and_titles_as_they_are(tmp_path, capsys):
    lst = tmp_path / "list.md"
    lst.write_text("# L\n\n## Attacks [sic]\n\n"
                   "* [The [/INST] trick](https://arxiv.org/abs/2101.00001). A. B, 2021.\n"
                   "* [Second](https://arxiv.org/abs/2101.00002). C. D, 2021.\n", encoding="utf-8")
    assert main(["list", "show", str(lst)]) == 0
    out = capsys.readouterr().out
    assert "## Attacks [sic]" in out and "2021  The [/INST] trick" in out


HTML_LIST = """# FL Reading List

## Personalization

<ul>
<li><a href="https://arxiv.org/abs/2102.07078"><b>Exploiting Shared Representations for Personalized \
Federated Learning</b></a><br>
Liam Collins, Hamed Hassani<br><i>ICML</i>, 2021</li>
<li><a href="https://doi.org/10.5555/Ditto.2021"><b>Ditto: Fair and Robust Federated Learning</b></a><br>
Tian Li, Virginia Smith<br><i>ICML</i>, 2021</li>
</ul>

## Systems

- [Flower: A Friendly Federated Learning Framework](https://arxiv.org/abs/2007.14390) - Beutel et al., 2020
"""


def test_papers_in_html_items_are_listed_though_not_read_as_entries(tmp_path, capsys, monkeypatch):
    # <ul><li> items are no entries litbot reads: their section looked empty, and a paper listed there
    # was proposed again, in a PR that listed it twice.
    (tmp_path / "list.md").write_text(HTML_LIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["list", "show", "list.md"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "list.md — 1 paper, bullet '-'"
    assert "## Personalization  (0 entries, other, unordered, 2 paper links not read as entries)" in out
    for paper in ({"title": "Ditto", "doi": "10.5555/ditto.2021", "url": "https://example.org/d"},
                  {"title": "Exploiting shared representations", "arxiv_id": "2102.07078v2",
                   "url": "https://arxiv.org/abs/2102.07078v2"}):
        (tmp_path / "p.json").write_text(json.dumps(paper), encoding="utf-8")
        assert main(["list", "add", "list.md", "--paper", "p.json", "--section", "Systems"]) == 2
        assert "is already listed as" in capsys.readouterr().err
    # Its papers all HTML, the section takes none: a new one went under "</ul>" as a markdown item.
    (tmp_path / "p.json").write_text(json.dumps({"title": "New", "arxiv_id": "2301.00001"}), encoding="utf-8")
    assert main(["list", "add", "list.md", "--paper", "p.json", "--section", "Personalization"]) == 2
    assert "does not list papers" in capsys.readouterr().err
    # The list's own links to code or its intro's to a site are no papers: nothing else is listed.
    assert main(["list", "add", "list.md", "--paper", "p.json", "--section", "Systems"]) == 0


def test_a_paper_in_a_code_block_or_a_badge_is_not_listed():
    # A Contributing section's example entry and the list's own BibTeX are code, a DOI badge's image
    # no paper ("10.5281/zenodo.1234567.svg"): they counted as listed, and the example never came.
    from bot.lists import parse_list
    from bot.paper import Paper

    badge = "[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.1234567.svg)](https://example.org/z)"
    text = (f"# L {badge}\n\n## Attacks\n\n- [A](https://arxiv.org/abs/1902.02041) - J. Heo, NeurIPS 2019\n\n"
            "## Contributing\n\n```\n- [Attention](https://arxiv.org/abs/1706.03762) - A. Vaswani\n```\n\n"
            "## Citation\n\n~~~bibtex\n@article{o, url={https://arxiv.org/abs/2305.11111}}\n~~~\n")
    doc = parse_list(text)
    assert doc.unread_paper_links() == []
    assert doc.find(Paper(title="Attention", arxiv_id="1706.03762")) is None
    # As CommonMark reads fences: "```pip install x```" opens none, and a "```" line inside a "````"
    # block closes nothing; either hid every paper linked after it.
    html = '<table><tr><td><a href="https://arxiv.org/abs/2002.00002">Paper Two</a></td></tr></table>\n'
    for code in ("```pip install foo```\n", "````\nhttps://arxiv.org/abs/2001.00001\n```\nx\n````\n"):
        later = parse_list(text + "\n## Other\n\n" + code + "\n" + html)
        assert [e.arxiv_id for e in later.unread_paper_links()] == ["2002.00002"]


def test_show_json_keeps_non_ascii_as_it_is(tmp_path, capsys):
    lst, _ = setup(tmp_path)
    assert main(["list", "show", str(lst), "--json"]) == 0
    assert "Schölkopf" in capsys.readouterr().out


def test_add_prints_a_diff_of_the_lists_file_name_ending_in_one_newline(tmp_path, capsys):
    lst, pj = setup(tmp_path)
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Learning"]) == 0
    diff = capsys.readouterr().out
    assert diff.splitlines()[:2] == ["--- a/README.md", "+++ b/README.md"]
    assert diff.endswith("\n") and not diff.endswith("\n\n")


def test_a_paper_file_over_a_mebibyte_is_refused_and_one_of_exactly_one_is_read(tmp_path, capsys):
    from bot.commands.list_cmd import MAX_PAPER_JSON

    lst, pj = setup(tmp_path)
    text = json.dumps(PAPER)
    pj.write_text(text + " " * (MAX_PAPER_JSON - len(text)))
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Learning"]) == 0
    pj.write_text(text + " " * (MAX_PAPER_JSON + 1 - len(text)))
    capsys.readouterr()
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Learning"]) == 2
    assert f"over {MAX_PAPER_JSON} bytes" in capsys.readouterr().err


def test_a_paper_file_that_is_not_json_names_the_line(tmp_path, capsys):
    lst, pj = setup(tmp_path, '{"title": "a",\n "id": }\n')
    assert main(["list", "add", str(lst), "--paper", str(pj), "--section", "Learning"]) == 2
    assert "not valid JSON (Expecting value, line 2); expected one paper object" in capsys.readouterr().err


def test_show_writes_a_bold_group_as_the_list_does_and_marks_it_in_json(tmp_path, capsys):
    lst = tmp_path / "README.md"
    lst.write_text("# L\n\n## Attacks\n\n**Image classifiers**\n\n"
                   "* [A Paper](https://arxiv.org/abs/2001.00001) - A. Bee, 2020\n")
    assert main(["list", "show", str(lst)]) == 0
    tree = capsys.readouterr().out
    assert "## Attacks" in tree and "**Image classifiers**" in tree and "#######" not in tree
    assert main(["list", "show", str(lst), "--json"]) == 0
    sections = {s["name"]: s for s in json.loads(capsys.readouterr().out)["sections"]}
    assert (sections["Image classifiers"]["group"], sections["Attacks"]["group"]) == (True, False)
    assert sections["Image classifiers"]["full_name"] == "L > Attacks > Image classifiers"


def test_show_says_a_list_of_paragraphs_writes_a_paragraph_per_paper(tmp_path, capsys, monkeypatch):
    # It said "bullet ''".
    monkeypatch.chdir(tmp_path)  # a short path: the header stays on one line
    path = tmp_path / "list.md"
    path.write_text("# L\n\n## Attacks\n\n" + "".join(
        f"[Attack Paper {i}](https://arxiv.org/abs/2101.0000{i}) - Berg et al., ICML 2021\n\n"
        for i in range(3)), encoding="utf-8")
    assert main(["list", "show", "list.md"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "list.md — 3 papers, a paragraph per paper"
