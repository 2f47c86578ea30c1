"""Lists written one paper per heading ("### Title" over "- Authors: ...", "- Venue: ...", "- [[Paper]](u)"):
the heading and its lines are one entry of the section above them, and a new paper is written as such a
block, in the list's layout, without touching another byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.lists import insert_entry, parse_list, read_list
from bot.paper import Paper

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "lists" / "headings.md"
ARXIV = "https://arxiv.org/abs/"

# The layout as the task describes it, a [Code] link on one paper and the last paper alone in its section.
EXAMPLE = f"""# Awesome Robust XAI

## Attacks

### Fooling Neural Network Interpretations via Adversarial Model Manipulation
- Authors: Juyeon Heo, Sunghwan Joo, Taesup Moon
- Venue: NeurIPS 2019
- [[Paper]]({ARXIV}1902.02041) [[Code]](https://github.com/rmrisforbidden/FoolingNeuralNetwork-Interpretations)

### Interpretation of Neural Networks is Fragile
- Authors: Amirata Ghorbani, Abubakar Abid, James Zou
- Venue: AAAI 2019
- [[Paper]]({ARXIV}1710.10547)

## Defenses

### Towards Robust Interpretability with Self-Explaining Neural Networks
- Authors: David Alvarez-Melis, Tommi S. Jaakkola
- Venue: NeurIPS 2018
- [[Paper]]({ARXIV}1806.07538)
"""

NEW = Paper(title="Robust Explanations for Everyone", url=f"{ARXIV}2501.01234", published="2025-01-15",
            authors=["Ada Lovelace", "Alan Turing"], venue="ICML", abstract="We make explanations robust.")
NEW_BLOCK = ("### Robust Explanations for Everyone\n- Authors: Ada Lovelace, Alan Turing\n"
             f"- Venue: ICML 2025\n- [[Paper]]({ARXIV}2501.01234)\n")


def _sections(text: str) -> list[tuple[str, list[str]]]:
    return [(s.name, [e.title for e in s.entries]) for s in parse_list(text).paper_sections()]


def test_papers_under_headings_are_entries_of_the_section_above():
    # Each heading was a section of its own, holding one entry titled "[Paper]".
    doc = parse_list(EXAMPLE)
    assert [s.name for s in doc.sections] == ["Awesome Robust XAI", "Attacks", "Defenses"]
    assert _sections(EXAMPLE) == [
        ("Attacks", ["Fooling Neural Network Interpretations via Adversarial Model Manipulation",
                     "Interpretation of Neural Networks is Fragile"]),
        ("Defenses", ["Towards Robust Interpretability with Self-Explaining Neural Networks"])]
    first = doc.entries[0]
    assert (first.authors, first.venue, first.year, first.url, first.arxiv_id) == (
        ["Juyeon Heo", "Sunghwan Joo", "Taesup Moon"], "NeurIPS", "2019", f"{ARXIV}1902.02041", "1902.02041")
    # The entry spans the heading and its lines, and no more.
    assert (first.start_line, first.end_line) == (4, 8)
    assert first.raw == "".join(EXAMPLE.splitlines(keepends=True)[4:8])
    assert first.section == "Attacks" and first.style.is_heading


def test_a_new_paper_is_a_heading_block_in_the_lists_layout():
    # Labels and link form copied, the neighbour's [Code] link not, a blank line before the next section.
    doc = parse_list(EXAMPLE)
    new = insert_entry(doc, NEW, "Attacks")
    assert new == EXAMPLE.replace("\n## Defenses", f"\n{NEW_BLOCK}\n## Defenses")
    # The section with one paper shows no spacing between papers: the list's other section does.
    assert insert_entry(doc, NEW, "Defenses") == EXAMPLE + f"\n{NEW_BLOCK}"


def test_a_new_block_goes_where_its_date_falls_in_a_list_newest_first():
    text = FIXTURE.read_text()
    paper = Paper(title="Robust Explanations for Everyone", url=f"{ARXIV}2006.01234", published="2020-06-01",
                  authors=["Ada Lovelace", "Alan Turing"], venue="ICML")
    block = (f"### Robust Explanations for Everyone\n- **Authors:** Ada Lovelace, Alan Turing\n"
             f"- **Venue:** ICML 2020\n- [[Paper]]({ARXIV}2006.01234)\n\n")
    new = insert_entry(read_list(str(FIXTURE)), paper, "Attacks")
    # On top of the 2020 papers: newest first, and the AIES 2020 one's arXiv id (1911) is no month of 2020.
    assert new == text.replace("### Fooling LIME", block + "### Fooling LIME")


# (layout, its two papers' blocks, the new paper's block): "{t}" and the like are each listed paper's
# fields, "{T}", "{A}", "{U}" the new paper's title, names and link.
_LAYOUTS = [
    # Labels in bold, or emphasised before the colon, on plain lines broken by two spaces.
    ("bold labels", "### {t}\n- **Authors:** {a}\n- **Venue:** {v} {y}\n- [[Paper]]({u})\n",
     "### {T}\n- **Authors:** {A}\n- **Venue:** ICML 2025\n- [[Paper]]({U})\n"),
    ("emphasised labels", "### {t}\n*Authors*: {a}  \n*Venue*: {v} {y}  \n[Paper]({u})\n",
     "### {T}\n*Authors*: {A}  \n*Venue*: ICML 2025  \n[Paper]({U})\n"),
    # No labels, no bullets.
    ("plain lines", "### {t}\n{a}\n*{v} {y}*\n[[pdf]]({u})\n", "### {T}\n{A}\n*ICML 2025*\n[[pdf]]({U})\n"),
    # The heading is the paper's link.
    ("linked heading", "### [{t}]({u})\n- Authors: {a}\n- Venue: {v} {y}\n",
     "### [{T}]({U})\n- Authors: {A}\n- Venue: ICML 2025\n"),
    # The year before the title, the venue alone on a line; the venue and year after the title.
    ("year before title", "#### [{y}] {t}\n- {a}\n- {v}\n- [arXiv]({u})\n",
     "#### [2025] {T}\n- {A}\n- ICML\n- [arXiv]({U})\n"),
    ("venue after title", "### {t} ({v} {y})\n- {a}\n- [[Paper]]({u})\n",
     "### {T} (ICML 2025)\n- {A}\n- [[Paper]]({U})\n"),
    # An abstract line gets the new paper's abstract; a TL;DR line is each paper's own.
    ("abstract line", "### {t}\n- Authors: {a}\n- Venue: {v} {y}\n- Abstract: On {t}.\n- [[Paper]]({u})\n",
     "### {T}\n- Authors: {A}\n- Venue: ICML 2025\n- Abstract: We make explanations robust.\n"
     "- [[Paper]]({U})\n"),
    ("tldr line", "### {t}\n- Authors: {a}\n- Venue: {v} {y}\n- TL;DR: {t}, in short.\n- [[Paper]]({u})\n",
     "### {T}\n- Authors: {A}\n- Venue: ICML 2025\n- [[Paper]]({U})\n"),
    # A blank line between the lines.
    ("blank lines", "### {t}\n\n- Authors: {a}\n\n- Venue: {v} {y}\n\n- [[Paper]]({u})\n",
     "### {T}\n\n- Authors: {A}\n\n- Venue: ICML 2025\n\n- [[Paper]]({U})\n"),
    # Names, venue and link on one line, the abstract folded in <details>.
    ("details fold",
     "### {t}\n{a}. *{v} {y}*. [[pdf]]({u})\n<details><summary>Abstract</summary>\n\nOn {t}.\n\n</details>\n",
     "### {T}\n{A}. *ICML 2025*. [[pdf]]({U})\n<details><summary>Abstract</summary>\n\n"
     "We make explanations robust.\n\n</details>\n"),
    # Numbered headings: the next number.
    ("numbered", "### {n}. {t}\n- Authors: {a}\n- Venue: {v} {y}\n- [[Paper]]({u})\n",
     "### 3. {T}\n- Authors: {A}\n- Venue: ICML 2025\n- [[Paper]]({U})\n"),
    # Labels after an emoji; a mark before the title is that paper's own.
    ("emoji labels", "### ⭐ {t}\n- 👥 Authors: {a}\n- 🏛️ Venue: {v} {y}\n- [📄 Paper]({u})\n",
     "### {T}\n- 👥 Authors: {A}\n- 🏛️ Venue: ICML 2025\n- [📄 Paper]({U})\n"),
    # A bare link after its label; a full date.
    ("bare url", "### {t}\n- Authors: {a}\n- Published: {v} {y}\n- Paper: {u}\n",
     "### {T}\n- Authors: {A}\n- Published: ICML 2025\n- Paper: {U}\n"),
    ("full date", "### {t}\n- Authors: {a}\n- Date: {y}-05-01\n- [[Paper]]({u})\n",
     "### {T}\n- Authors: {A}\n- Date: 2025-01-15\n- [[Paper]]({U})\n"),
]


@pytest.mark.parametrize("fmt, expected", [case[1:] for case in _LAYOUTS], ids=[case[0] for case in _LAYOUTS])
def test_each_layout_of_heading_blocks_is_read_and_written_back(fmt: str, expected: str) -> None:
    papers = [("Fooling Neural Network Interpretations", "Juyeon Heo, Sunghwan Joo, Taesup Moon", "NeurIPS",
               "2019", "1902.02041"),
              ("Interpretation of Neural Networks is Fragile", "Amirata Ghorbani, Abubakar Abid, James Zou",
               "AAAI", "2019", "1710.10547")]
    blocks = "\n".join(fmt.format(t=t, a=a, v=v, y=y, u=ARXIV + i, n=n)
                       for n, (t, a, v, y, i) in enumerate(papers, 1))
    tail = f"\n## Other\n\n- [A Paper Listed Otherwise]({ARXIV}2001.00001) - A. Berg, ICML 2020\n"
    text = "# L\n\n## Attacks\n\n" + blocks + tail
    doc = parse_list(text)
    assert _sections(text) == [("Attacks", [t for t, *_ in papers]), ("Other", ["A Paper Listed Otherwise"])]
    read = [(e.authors_text, e.year, e.arxiv_id) for e in doc.entries[:2]]
    assert read == [(a, y, i) for _, a, _, y, i in papers]
    block = expected.format(T=NEW.title, A="Ada Lovelace, Alan Turing", U=NEW.url)
    assert insert_entry(doc, NEW, "Attacks") == text.replace(tail, "\n" + block + tail)


def test_a_topic_heading_over_its_papers_stays_a_section_beside_papers_written_as_headings():
    # The common layout, a citation's code block, a heading over two papers' links and a dataset's
    # description with a year in it are no paper's heading; the papers written as headings in the same
    # list are.
    text = EXAMPLE + (
        "\n## Surveys\n\n### Overviews\n"
        f"- [A Survey of Attacks on Explanations]({ARXIV}2407.04295) - A. Berg, C. Dorn. arXiv 2024\n"
        f"\n### Two Papers\n- Authors: A. Berg\n- [[pdf]]({ARXIV}2001.00001) [[pdf]]({ARXIV}2002.00002)\n"
        "\n## Citation\n\n### Robust XAI Survey\n- Authors: A. Berg\n"
        f"```bibtex\n@article{{berg2024, year={{2024}}}}\n```\n[[Paper]]({ARXIV}2407.04295)\n"
        "\n## Datasets\n\n### ImageNet\nA large image dataset from 2009 with 1.2M images.\n"
        "[[Paper]](https://ieeexplore.ieee.org/document/5206848)\n")
    doc = parse_list(text)
    assert [s.name for s in doc.sections] == [
        "Awesome Robust XAI", "Attacks", "Defenses", "Surveys", "Overviews", "Two Papers", "Citation",
        "Robust XAI Survey", "Datasets", "ImageNet"]
    overviews = ("Overviews", ["A Survey of Attacks on Explanations"])
    assert _sections(text)[:3] == [*_sections(EXAMPLE), overviews]


def test_a_paper_written_as_a_heading_is_found_as_listed():
    doc = parse_list(EXAMPLE.replace(f"[[Paper]]({ARXIV}1710.10547)",
                                     "[[Paper]](https://doi.org/10.1609/aaai.v33i01.33013681)"))
    assert doc.find(Paper(title="Another title", url=f"{ARXIV}1902.02041v2", arxiv_id="1902.02041"))
    assert doc.find(Paper(title="Another title", url="https://x.org/p", doi="10.1609/AAAI.V33I01.33013681"))
    fragile = doc.find(Paper(title="Interpretation of neural networks is fragile.", url="https://x.org/p"))
    assert fragile is not None and fragile.section == "Attacks"
    with pytest.raises(InputError, match="already listed as 'Towards Robust Interpretability"):
        insert_entry(doc, Paper(title="Towards robust interpretability with self-explaining neural networks",
                                url="https://x.org/p"), "Attacks")


def test_a_new_heading_takes_the_level_of_its_neighbours():
    # Papers are "###" under "## Attacks" and "####" under "### Images": the new one's level follows its
    # section's papers, not the list's majority.
    text = EXAMPLE.replace("## Defenses\n\n###", "## Defenses\n\n### Images\n\n####")
    doc = parse_list(text)
    assert _sections(text)[-1] == ("Images", ["Towards Robust Interpretability with Self-Explaining Neural "
                                              "Networks"])
    assert insert_entry(doc, NEW, "Images") == text + "\n#" + NEW_BLOCK


def test_a_section_of_heading_blocks_gets_one_in_a_list_of_bullets():
    # The list-wide majority writes papers as items; the section that writes them as headings keeps to its
    # way, and the sections of items to theirs.
    bullets = "".join(f"- [Paper {n}]({ARXIV}200{n}.00001) - A. Berg, C. Dorn, ICML 202{n}\n"
                      for n in range(1, 5))
    text = EXAMPLE + f"\n## Other\n\n{bullets}"
    doc = parse_list(text)
    assert not doc.style.is_heading
    assert insert_entry(doc, NEW, "Attacks") == text.replace("\n## Defenses", f"\n{NEW_BLOCK}\n## Defenses")
    item = f"- [{NEW.title}]({NEW.url}) - A. Lovelace, A. Turing, ICML 2025\n"
    assert insert_entry(doc, NEW, "Other") == text + item


def test_a_title_ending_in_a_hash_is_not_cut_from_its_heading():
    # "### Learning to Program in C #": markdown drops a heading's closing run of hashes.
    paper = Paper(title="Learning to Program in C #", url=f"{ARXIV}2501.01234", published="2025-01-15")
    new = insert_entry(parse_list(EXAMPLE), paper, "Attacks")
    assert "\n### Learning to Program in C \\#\n" in new


_FOOLING = ("### Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods\n"
            f"- Authors: Dylan Slack, Sophie Hilgard\n- Venue: AIES 2020\n- [[Paper]]({ARXIV}1911.02508)\n")


def test_a_paper_heading_after_a_topic_of_its_level_stays_a_section():
    # Sections run in file order: read as a paper, it joined the topic above it ("Overviews"), not "Attacks".
    text = (f"# L\n\n## Attacks\n\n### Overviews\n- [A Survey of Attacks on Explanations]({ARXIV}2407.04295)"
            f" - A. Berg, C. Dorn. arXiv 2024\n\n{_FOOLING}")
    doc = parse_list(text)
    assert [s.name for s in doc.sections][-1].startswith("Fooling LIME and SHAP")
    assert _sections(text)[0] == ("Overviews", ["A Survey of Attacks on Explanations"])


def test_paper_headings_with_no_section_above_stay_sections():
    # Read as papers they were in no section at all: the list had none, and its papers were never found.
    text = _FOOLING + "\n" + EXAMPLE.split("## Attacks\n\n")[1].split("\n## Defenses")[0]
    doc = parse_list(text)
    assert len(doc.sections) == 3
    assert doc.find(Paper(title="Another title", url=f"{ARXIV}1911.02508", arxiv_id="1911.02508"))


def test_a_navigation_link_beside_a_paper_heading_is_not_its_link():
    text = EXAMPLE.replace("### Interpretation of Neural Networks is Fragile",
                           "### Interpretation of Neural Networks is Fragile [🔝](#contents)")
    fragile = parse_list(text).entries[1]
    assert (fragile.title, fragile.url) == (
        "Interpretation of Neural Networks is Fragile", f"{ARXIV}1710.10547")


@pytest.mark.parametrize("heading, lines", [
    ("Concept-based Explanation Methods",
     f"- Introduced by Kim et al., ICML 2018\n- [[Paper]]({ARXIV}1711.11279)"),
    ("Adversarial Attacks on Explanations",
     f"First shown by Ghorbani et al. (AAAI 2019). [[Paper]]({ARXIV}1710.10547)"),
    ("Gradient-based Attribution Methods",
     f"Occlusion and its variants, popularised in ECCV 2014.\n[[Survey]]({ARXIV}2101.00001)"),
    ("Datasets and Benchmarks", f"ImageNet (Deng et al., CVPR 2009) [[Paper]]({ARXIV}0906.00001)"),
    # A series' years; a heading naming papers, more than one.
    ("The GPT Series of Models", f"- OpenAI, 2018-2023\n- [[Paper]]({ARXIV}2005.14165)"),
    ("Surveys and Overviews", f"- Guidotti et al., ACM CSUR 2018\n- [[Paper]]({ARXIV}1802.01933)"),
    # A word or two: a topic over its one paper or link.
    ("Diffusion Models", f"Ho et al., NeurIPS 2020 [[DDPM]]({ARXIV}2006.11239)"),
    ("📊 Benchmarks", f"🗓️ 2022 · [🔗 Link]({ARXIV}2203.00003)"),
    ("MNIST", "- Year: 1998\n- [Link](http://yann.lecun.com/exdb/mnist/)"),
])
def test_a_topic_heading_over_a_sentence_or_of_a_word_or_two_is_a_section(heading: str, lines: str) -> None:
    text = f"# L\n\n## Methods\n\n### {heading}\n{lines}\n"
    assert [s.name for s in parse_list(text).sections] == ["L", "Methods", heading]


def test_a_paper_with_no_abstract_leaves_no_blank_line_where_its_abstract_would_be():
    # Its abstract's line went and the blank line setting it apart stayed: two blank lines after the block.
    abstract = "We show that this paper's method is fragile. " * 4  # a paragraph of 25 words or more
    blocks = "".join(f"### {t}\n{a}. AAAI 2019. [[pdf]]({ARXIV}{i})\n\n{abstract}\n\n" for t, a, i in [
        ("Interpretation of Neural Networks is Fragile", "Amirata Ghorbani, James Zou", "1710.10547"),
        ("Fooling Neural Network Interpretations", "Juyeon Heo, Taesup Moon", "1902.02041")])
    text = f"# L\n\n## Attacks\n\n{blocks}## Other\n\n- [A Paper Listed Otherwise]({ARXIV}2001.00001)\n"
    paper = Paper(title=NEW.title, url=NEW.url, published="2025-01-15", authors=NEW.authors, venue="ICML")
    block = f"### {NEW.title}\nAda Lovelace, Alan Turing. ICML 2025. [[pdf]]({NEW.url})\n\n"
    assert insert_entry(parse_list(text), paper, "Attacks") == text.replace("## Other", block + "## Other")


def test_a_heading_block_that_would_not_read_back_as_a_paper_is_not_written():
    # Its names and venue read as one sentence, the next parse saw a topic's heading over a link: a section
    # of its own, the paper unlisted (proposed again) and the next paper for "Attacks" put under it.
    blocks = "\n".join(f"### {t}\n{a}. AAAI 2019. [[pdf]]({ARXIV}{i})\n" for t, a, i in [
        ("Interpretation of Neural Networks is Fragile", "Amirata Ghorbani, James Zou", "1710.10547"),
        ("Fooling Neural Network Interpretations", "Juyeon Heo, Taesup Moon", "1902.02041")])
    doc = parse_list(f"# L\n\n## Attacks\n\n{blocks}")
    paper = Paper(title=NEW.title, url=NEW.url, published="2025-01-15", authors=NEW.authors,
                  venue="ReScience C")
    with pytest.raises(InputError, match="would not read back as a paper"):
        insert_entry(doc, paper, "Attacks")
    assert NEW.url in insert_entry(doc, NEW, "Attacks")  # "ICML 2025" reads back


@pytest.mark.parametrize(("listed", "written"), [
    ("https://arxiv.org/pdf/{}.pdf", "https://arxiv.org/pdf/2501.01234.pdf"),
    ("https://arxiv.org/abs/{}", f"{ARXIV}2501.01234"),
])
def test_a_block_linked_as_the_list_links_papers_reads_back(listed: str, written: str) -> None:
    # The read-back check compared the block's link with the paper's own, so in a list linking arXiv PDFs
    # every new paper was refused as unreadable.
    text = EXAMPLE
    for arxiv_id in ("1902.02041", "1710.10547", "1806.07538"):
        text = text.replace(f"{ARXIV}{arxiv_id}", listed.format(arxiv_id))
    paper = Paper(title=NEW.title, url=f"{ARXIV}2501.01234", arxiv_id="2501.01234", published="2025-01-15",
                  authors=NEW.authors, venue="ICML")
    assert f"- [[Paper]]({written})\n" in insert_entry(parse_list(text), paper, "Attacks")


# One '###' per paper under '##' topics: an abstract, labelled names and venue, a links line.
def _rag_block(title: str, names: str, venue: str, arxiv_id: str) -> str:
    return (f"### {title}\n\n> We study retrieval for question answering.\n\n**Authors:** {names}\n\n"
            f"**Venue:** {venue}\n\n[[Paper]]({ARXIV}{arxiv_id})\n\n")


RAG = ("# RAG Reading Notes\n\n## Retrievers\n\n"
       + _rag_block("Segment Anything", "Alexander Kirillov, Eric Mintun", "ICCV 2023", "2304.02643")
       + _rag_block("Dense Passage Retrieval for Open-Domain Question Answering", "Vladimir Karpukhin",
                    "EMNLP 2020", "2004.04906")
       + _rag_block("ColBERT: Efficient and Effective Passage Search", "Omar Khattab", "SIGIR 2020",
                    "2004.12832")
       + "## Generation\n\n"
       + _rag_block("REALM: Retrieval-Augmented Language Model Pre-Training", "Kelvin Guu", "ICML 2020",
                    "2002.08909"))


def test_a_short_titled_paper_block_is_a_paper_and_so_are_the_blocks_after_it():
    # "Segment Anything" (two words) was a topic's heading, and the papers after it in "Retrievers" its
    # subsections: init wrote hints for sections named after papers, runs proposed papers "to" a paper.
    assert _sections(RAG) == [
        ("Retrievers", ["Segment Anything", "Dense Passage Retrieval for Open-Domain Question Answering",
                        "ColBERT: Efficient and Effective Passage Search"]),
        ("Generation", ["REALM: Retrieval-Augmented Language Model Pre-Training"])]
    first = parse_list(RAG).entries[0]
    assert (first.authors, first.venue, first.year, first.arxiv_id) == (
        ["Alexander Kirillov", "Eric Mintun"], "ICCV", "2023", "2304.02643")


def test_an_unspaced_chinese_title_block_is_a_paper():
    # Counted by spaces, a Chinese or Japanese title is one word.
    text = RAG.replace("### Segment Anything", "### 基于三维高斯泼溅的实时场景重建方法")
    assert _sections(text)[0][1][0] == "基于三维高斯泼溅的实时场景重建方法"


def test_a_short_titled_block_written_as_the_lists_unlabelled_papers_is_a_paper():
    # No labels to say what its lines are: the list's papers with longer titles, written the same, do.
    blocks = "\n".join(f"### {t}\n- {a}\n- AAAI 2019\n- [[Paper]]({ARXIV}{i})\n" for t, a, i in [
        ("LightRAG", "Zirui Guo, Lianghao Xia", "2410.05779"),
        ("Interpretation of Neural Networks is Fragile", "Amirata Ghorbani, James Zou", "1710.10547")])
    assert _sections(f"# L\n\n## Attacks\n\n{blocks}") == [
        ("Attacks", ["LightRAG", "Interpretation of Neural Networks is Fragile"])]


def test_a_short_topic_heading_over_bullet_entries_stays_a_section_beside_short_titled_papers():
    gans = (f"### GANs\n\n- [Generative Adversarial Networks]({ARXIV}1406.2661) - Ian Goodfellow, "
            "NeurIPS 2014\n"
            f"- [Progressive Growing of GANs]({ARXIV}1710.10196) - Tero Karras, ICLR 2018\n\n")
    text = RAG + gans
    doc = parse_list(text)
    assert [s.name for s in doc.sections] == ["RAG Reading Notes", "Retrievers", "Generation", "GANs"]
    assert _sections(text)[0][1][0] == "Segment Anything"
    assert [e.title for e in doc.sections[3].entries] == [
        "Generative Adversarial Networks", "Progressive Growing of GANs"]


@pytest.mark.parametrize("title", ["Magistral", "Many-Turn Jailbreaking", "検索拡張生成のためのグラフ手法"])
def test_a_short_titled_paper_is_written_as_a_heading_block(title: str) -> None:
    # Refused as "would not read back as a paper": such a paper could never be proposed for the list.
    paper = Paper(title=title, url=f"{ARXIV}2506.00001", arxiv_id="2506.00001", published="2025-06-01",
                  authors=["Ann Lee"], venue="ICML", abstract="We study retrieval for question answering.")
    text = insert_entry(parse_list(RAG), paper, "Generation")
    block = f"### {title}\n\n**Authors:** Ann Lee\n\n**Venue:** ICML 2025\n\n[[Paper]]({ARXIV}2506.00001)\n"
    assert block in text
    realm = "REALM: Retrieval-Augmented Language Model Pre-Training"
    assert _sections(text)[1] == ("Generation", [title, realm])


@pytest.mark.parametrize("link", ["📄 Paper (Low Resolution)", "PDF (arXiv)", "[Paper] (CVPR version)"])
def test_a_paper_link_with_a_qualifier_in_brackets_is_the_papers_link(link: str) -> None:
    # A real layout (a 3D Gaussian Splatting list): "[📄 Paper (Low Resolution)](u) | [📄 Paper (High
    # Resolution)](pdf) | [💻 Code](c)". Read as another paper's title, the block was no entry, and the
    # paper's heading a section new papers went under.
    def block(n: int, title: str, text: str) -> str:
        return (f"### {title}\n**Authors**: Ann Doe, Bo Roe\n\n[{text}]({ARXIV}2308.0407{n}) | "
                f"[📄 Paper (High Resolution)](https://example.org/{n}.pdf) | "
                f"[💻 Code](https://github.com/a/{n})\n\n")
    text = ("# L\n\n## Seminal Paper introducing Splatting:\n"
            + block(1, "Gaussian Splatting for Rendering", link)
            + "## Dynamics:\n" + block(2, "Dynamic Gaussians for Tracking", "📄 Paper")
            + block(3, "Deformable Gaussians for Scenes", "📄 Paper"))
    doc = parse_list(text)
    assert _sections(text) == [
        ("Seminal Paper introducing Splatting", ["Gaussian Splatting for Rendering"]),
        ("Dynamics", ["Dynamic Gaussians for Tracking", "Deformable Gaussians for Scenes"])]
    assert doc.entries[0].url == f"{ARXIV}2308.04071"
