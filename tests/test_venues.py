"""Lists filed by venue: which heading a paper's venue names, and where the entry goes there."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_ranking import FakeEmbedder

from bot.config import Config
from bot.lists import parse_list
from bot.lists.edit import insert_entry
from bot.lists.venues import list_spelling, venue_home, venue_key, venue_sections
from bot.paper import Paper
from bot.ranking import rank_papers


def _items(venue: str, n: int, base: int) -> str:
    return "".join(f"- **{venue} paper {base + i}** [[paper](https://arxiv.org/abs/{base + i}.0000{i})]\n"
                   for i in range(n))


# Year, then venue: "## 2025" > "### ICLR 2025", and each year's preprints under "### arXiv".
BY_YEAR = (
    "# Awesome Backdoors\n\nPapers by year, then venue.\n\n"
    "## Contents\n\n- [2025](#2025)\n- [2024](#2024)\n\n"
    f"## 2025\n\n### ICLR 2025\n\n{_items('ICLR', 2, 2410)}\n### ACL 2025\n\n{_items('ACL', 2, 2411)}\n"
    f"### arXiv\n\n{_items('Preprint', 2, 2501)}\n"
    f"## 2024\n\n### NeurIPS 2024\n\n{_items('NeurIPS', 2, 2405)}\n"
    f"### ICLR 2024\n\n{_items('ICLR', 2, 2310)}\n"
    f"### arXiv\n\n{_items('Preprint', 2, 2402)}\n## Contributing\n\nPull requests welcome.\n"
)
# Venue, then year: "## NeurIPS" > "### 2024".
BY_VENUE = "# Graph robustness\n\n" + "".join(
    f"## {venue}\n\n" + "".join(
        f"### {year}\n\n- [{venue} paper {year}](https://arxiv.org/abs/{year % 100}06.0{i}001). "
        f"A. Berg, C. Dorn. *{venue} {year}*.\n\n" for year in (2024, 2023))
    for i, venue in enumerate(("NeurIPS", "ICLR", "arXiv")))
# Topics, as most lists: an acronym in a heading ("LLM Attacks") names no venue.
BY_TOPIC = "# L\n\n" + "".join(
    f"## {topic}\n\n" + "".join(f"- [{topic} {y}](https://arxiv.org/abs/{y % 100}01.0000{i}) ICML {y}\n"
                                for i, y in enumerate((2021, 2022, 2023)))
    for topic in ("LLM Attacks", "VLM Attacks", "Defenses"))


def _paper(venue: str = "", published: str = "2025-09-30", title: str = "New Backdoor Paper") -> Paper:
    return Paper(title=title, authors=["Ann Smith"], published=published, venue=venue,
                 url="https://arxiv.org/abs/2509.30112", arxiv_id="2509.30112")


@pytest.mark.parametrize("text,key", [
    ("NeurIPS 2024", "neurips"), ("NeurIPS'24", "neurips"), ("NIPS 2017", "neurips"),
    ("ICML 2024 (Oral)", "icml"), ("USENIX Security 2025", "usenix security"),
    ("arXiv", venue_key("Preprints")), ("CoRR", venue_key("arXiv preprints")), ("AAAI-25", "aaai"),
])
def test_a_venue_is_compared_without_its_year_or_remark(text: str, key: str) -> None:
    assert venue_key(text) == key


def test_venue_year_headings_under_year_headings_are_the_sections() -> None:
    doc = parse_list(BY_YEAR)
    labels = [doc.section_label(s) for s in doc.paper_sections()]
    assert labels == ["ICLR 2025", "ACL 2025", "arXiv", "NeurIPS 2024", "ICLR 2024", "arXiv"]
    assert [len(s.entries) for s in doc.paper_sections()] == [2] * 6
    # Under a topic, "ICLR 2025" still only dates the topic's papers, as "2025" would.
    topic = parse_list("# L\n\n## Attacks\n\n### ICLR 2025\n\n" + _items("ICLR", 2, 2410)
                       + "\n### ICLR 2024\n\n" + _items("ICLR", 2, 2310))
    assert [doc.section_label(s) for s in topic.paper_sections()] == ["Attacks"]


@pytest.mark.parametrize("text", [BY_YEAR, BY_VENUE])
def test_a_list_filed_by_venue_sends_each_paper_to_its_venues_heading(text: str) -> None:
    doc = parse_list(text)
    dated = "ICLR 2025" if text is BY_YEAR else "ICLR"
    home = venue_home(doc, _paper("ICLR 2025", published="2024-09-30"))
    assert (home.label, home.reason, home.year) == (dated, "its venue is ICLR 2025", "2025")
    preprint = venue_home(doc, _paper())
    assert (preprint.label, preprint.reason, preprint.year) == ("arXiv", "it is a preprint", "2025")
    assert venue_home(doc, _paper("arXiv")).label == "arXiv"
    # A venue with no heading yet: the preprints' heading, saying so, for the maintainer to decide.
    other = venue_home(doc, _paper("KDD 2025"))
    assert (other.label, other.reason) == ("arXiv", "the list has no heading for its venue, KDD 2025, yet")


def test_a_list_filed_by_topic_has_no_venue_headings() -> None:
    doc = parse_list(BY_TOPIC)
    assert venue_sections(doc) == {}
    assert venue_home(doc, _paper("ICML 2025")) is None


def test_a_paper_goes_under_its_venues_year_not_its_preprints() -> None:
    """A 2025 preprint accepted at ICLR 2026 is an ICLR 2026 paper in a list filed by venue; the year
    heading it opens is the venue's."""
    new = insert_entry(parse_list(BY_VENUE), _paper("ICLR 2026", published="2025-09-30"), "ICLR")
    iclr = new.index("## ICLR")
    assert new.index("### 2026", iclr) < new.index("New Backdoor Paper", iclr) < new.index("### 2024", iclr)
    assert "*ICLR 2026*" in new
    assert new.replace(new[new.index("### 2026", iclr) : new.index("### 2024", iclr)], "") == BY_VENUE


def test_a_preprint_goes_under_its_years_preprints_heading() -> None:
    doc = parse_list(BY_YEAR)
    new = insert_entry(doc, _paper(published="2024-11-02"), venue_home(doc, _paper()).label)
    y2024 = new.index("## 2024")
    assert new.index("### arXiv", y2024) < new.index("New Backdoor Paper") < new.index("## Contributing")


def test_the_ranker_places_papers_in_a_list_filed_by_venue_by_their_venue() -> None:
    papers = [_paper("ICLR 2025", title="Poisoning instruction tuning"), _paper(title="Sleeper agents"),
              _paper("KDD 2025", title="Graph backdoors")]
    papers = [replace(p, id=str(i), arxiv_id=None, url=f"https://example.org/{i}")
              for i, p in enumerate(papers)]
    ranked = {r.paper.id: r for r in rank_papers(parse_list(BY_YEAR), papers, Config(), None,
                                                 embedder=FakeEmbedder())}
    assert [(r.section, r.section_confidence, r.by_venue) for _, r in sorted(ranked.items())] == [
        ("ICLR 2025", 0.95, "its venue is ICLR 2025"), ("arXiv", 0.95, "it is a preprint"),
        ("arXiv", pytest.approx(0.45, abs=0.1), "the list has no heading for its venue, KDD 2025, yet")]
    # Its own venue's heading is near-sure; the preprints' for a venue with none a guess, but the first.
    assert all(sum(a.confidence for a in ranked[i].alternatives) <= 0.05 + 1e-6 for i in ("0", "1"))
    assert all(a.confidence < ranked["2"].section_confidence for a in ranked["2"].alternatives)
    # In a list filed by topic the topic decides, and no venue reason is given.
    topical = rank_papers(parse_list(BY_TOPIC), papers, Config(), None, embedder=FakeEmbedder())
    assert all(not r.by_venue and r.section in ("LLM Attacks", "VLM Attacks", "Defenses") for r in topical)


# Topics, each filed by venue: "## Attacks" > "### ICLR 2025". The venue heads date the topic's papers.
TOPIC_BY_VENUE = (
    "# L\n\n## Attacks\n\n"
    f"### ICLR 2026\n\n{_items('ICLR', 1, 2509)}\n### ICLR 2025\n\n{_items('ICLR', 2, 2410)}\n"
    f"### ACL 2025\n\n{_items('ACL', 1, 2502)}\n### NeurIPS 2024\n\n{_items('NeurIPS', 2, 2405)}\n"
    f"## Defenses\n\n### ICLR 2025\n\n{_items('ICLR', 2, 2411)}\n### ACL 2024\n\n{_items('ACL', 2, 2406)}"
)


def _added(text: str, paper: Paper, section: str) -> tuple[str, list[str]]:
    """The line above the new entry's, and the lines it added."""
    new = insert_entry(parse_list(text), paper, section).split("\n")
    old = text.split("\n")
    at = next(i for i, (a, b) in enumerate(zip(new, old, strict=False)) if a != b)
    return new[at - 1], new[at : at + len(new) - len(old)]


@pytest.mark.parametrize("venue,published,above,added", [
    # Its venue's run, of its venue's year (not the preprint's 2025); the end of that run.
    ("ICLR 2026", "2025-09-30", "- **ICLR paper 2509** [[paper](https://arxiv.org/abs/2509.00000)]",
     ["- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]"]),
    ("ACL 2025", "2025-02-01", "- **ACL paper 2502** [[paper](https://arxiv.org/abs/2502.00000)]",
     ["- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]"]),
    # A venue and year with no head yet: one of its own, in the heads' form, among them by its year.
    # (before the next older head: the blank line above it is the run's above's)
    ("NeurIPS 2025 (Spotlight)", "2025-05-17", "",
     ["### NeurIPS 2025", "", "- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]", ""]),
    ("ICML 2026", "2026-02-11", "",
     ["### ICML 2026", "", "- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]", ""]),
])
def test_a_topics_paper_goes_under_its_venues_head(venue: str, published: str, above: str,
                                                  added: list[str]) -> None:
    assert _added(TOPIC_BY_VENUE, _paper(venue, published), "Attacks") == (above, added)
    doc = parse_list(TOPIC_BY_VENUE)
    assert [doc.section_label(s) for s in doc.paper_sections()] == ["Attacks", "Defenses"]
    grown = parse_list(insert_entry(parse_list(TOPIC_BY_VENUE), _paper(venue, published), "Attacks"))
    assert [len(s.entries) for s in grown.paper_sections()] == [7, 4]  # a head of a run, not a section


def test_a_new_venue_head_goes_among_the_others_by_year_and_nothing_else_changes() -> None:
    entry = "- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]"
    new = insert_entry(parse_list(TOPIC_BY_VENUE), _paper("NeurIPS 2025", "2025-05-17"), "Attacks")
    head = f"### NeurIPS 2025\n\n{entry}\n\n### NeurIPS 2024"
    assert new == TOPIC_BY_VENUE.replace("### NeurIPS 2024", head, 1)
    # "USENIX Security 2025" as a head would read as a topic of its own: no head, the section's end.
    usenix = insert_entry(parse_list(TOPIC_BY_VENUE), _paper("USENIX Security 2025"), "Attacks")
    assert "### USENIX" not in usenix and parse_list(usenix).find(_paper()).section == "Attacks"


def test_a_venue_named_with_a_subjects_word_is_a_venue_where_its_heading_names_a_year() -> None:
    doc = parse_list(BY_YEAR.replace("### ACL 2025", "### USENIX Security 2025"))
    assert venue_home(doc, _paper("USENIX Security 2025")).label == "USENIX Security 2025"


@pytest.mark.parametrize("text,key", [
    ("ICLR 2025 Oral", "iclr"), ("Accepted at ICLR 2025", "iclr"), ("2025 ICLR", "iclr"),
    ("USENIX Security '25", "usenix security"), ("IEEE S&P 2025", "s&p"),
    # A track is filed apart from the main papers: part of the venue, wherever it is written.
    ("Findings of ACL 2025", "acl +findings"), ("ACL 2025 Findings", "acl +findings"),
    ("NeurIPS 2024 Workshop on Backdoors", "neurips +workshop"),
    ("NeurIPS 2024 Datasets & Benchmarks Track", "neurips +benchmarks +datasets"),
])
def test_a_venues_remark_prefix_and_publisher_are_not_its_name(text: str, key: str) -> None:
    assert venue_key(text) == key


def test_topic_acronyms_over_years_are_no_venues() -> None:
    """ "## NLP" > "### 2024" is a topic by year, shaped as "## NeurIPS" > "### 2024": its papers show
    other venues, so it names none (every paper went to "Preprints", "no heading for its venue")."""
    text = "# L\n\n" + "".join(
        f"## {topic}\n\n" + "".join(f"### {y}\n\n- [{topic} {y}](https://arxiv.org/abs/{y % 100}0{i}.00001). "
                                    f"A. Berg. *ICML {y}*.\n\n" for y in (2024, 2023))
        for i, topic in enumerate(("NLP", "CV", "RL"))) + "## Preprints\n\n- [P](https://arxiv.org/abs/2501.00009)\n"
    doc = parse_list(text)
    assert venue_sections(doc) == {}
    assert venue_home(doc, _paper("NeurIPS 2025")) is None


def test_several_title_headings_are_topics_over_venue_heads() -> None:
    text = "".join(f"# {topic}\n\n## ICLR 2025\n\n{_items('ICLR', 2, 2410)}\n## NeurIPS 2024\n\n"
                   f"{_items('NeurIPS', 2, 2405)}\n" for topic in ("Jailbreak Attacks", "Defenses"))
    doc = parse_list(text)
    assert [doc.section_label(s) for s in doc.paper_sections()] == ["Jailbreak Attacks", "Defenses"]


def test_headings_that_spell_a_venue_out_are_found() -> None:
    text = BY_YEAR.replace("### ACL 2025", "### Findings of ACL 2025").replace(
        "### NeurIPS 2024", "### Nature Machine Intelligence 2024")
    doc = parse_list(text)
    assert venue_home(doc, _paper("Findings of ACL 2025")).label == "Findings of ACL 2025"
    assert venue_home(doc, _paper("Nature Machine Intelligence", "2024-05-01")).label == (
        "Nature Machine Intelligence 2024")
    assert venue_home(doc, _paper("ICLR 2025 Oral")).label == "ICLR 2025"


def test_a_venues_remark_joins_its_head_and_a_head_marked_up_in_parts_is_never_copied() -> None:
    entry = "- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]"
    oral = insert_entry(parse_list(TOPIC_BY_VENUE), _paper("ICLR 2025 Oral", "2024-10-01"), "Attacks")
    attacks = oral[: oral.index("## Defenses")]
    assert attacks.count("### ICLR 2025") == 1
    assert attacks.index("### ICLR 2025") < attacks.index(entry) < attacks.index("### ACL 2025")
    marked = TOPIC_BY_VENUE.replace("### ICLR 2026", "### *ICLR* 2026")
    marked = marked.replace("### ICLR 2025", "### *ICLR* 2025")
    new = insert_entry(parse_list(marked), _paper("ICML 2026", "2026-02-11"), "Attacks")  # raised ValueError
    assert entry in new and "ICML 2026" not in new.replace(entry, "")


def test_a_track_heading_takes_only_its_tracks_papers() -> None:
    text = BY_YEAR.replace("### ACL 2025", "### ICLR 2025 Findings")  # a track listed before the main one
    text = text.replace("### NeurIPS 2024", "### NeurIPS 2024 Datasets and Benchmarks\n\n"
                        + _items("Bench", 1, 2406) + "\n### NeurIPS 2024")
    doc = parse_list(text)
    assert venue_home(doc, _paper("ICLR 2025")).label == "ICLR 2025"
    assert venue_home(doc, _paper("Findings of ICLR 2025")).label == "ICLR 2025 Findings"
    assert venue_home(doc, _paper("NeurIPS 2024", "2024-05-01")).label == "NeurIPS 2024"
    assert venue_home(doc, _paper("NeurIPS 2024 Datasets and Benchmarks Track", "2024-05-01")).label == (
        "NeurIPS 2024 Datasets and Benchmarks")


@pytest.mark.parametrize("text", [
    # The year first; a well-known venue over bare titles; a "# Contributing" after the title's venues.
    BY_YEAR.replace("### ICLR 2025", "### 2025 ICLR").replace("### ICLR 2024", "### 2024 ICLR"),
    BY_VENUE.replace("A. Berg, C. Dorn. *NeurIPS 2024*.", "").replace("A. Berg, C. Dorn. *NeurIPS 2023*.", "")
    .replace("A. Berg, C. Dorn. *ICLR 2024*.", "").replace("A. Berg, C. Dorn. *ICLR 2023*.", ""),
    "# Awesome\n\n## ICLR 2025\n\n" + _items("ICLR", 2, 2410) + "\n## NeurIPS 2024\n\n"
    + _items("NeurIPS", 2, 2405) + "\n## arXiv\n\n" + _items("Pre", 2, 2501)
    + "\n# Contributing\n\nPRs welcome.\n",
])
def test_more_venue_layouts_are_filed_by_venue(text: str) -> None:
    doc = parse_list(text)
    home = venue_home(doc, _paper("ICLR 2025", "2024-10-01"))
    assert home is not None and "ICLR" in home.label and home.reason == "its venue is ICLR 2025"
    assert venue_home(doc, _paper()).label == "arXiv"


def test_the_preprints_heading_for_a_venue_with_none_is_marked_unsure() -> None:
    paper = replace(_paper("KDD 2025", title="Graph backdoors"), id="k", arxiv_id=None,
                    url="https://example.org/k")
    (ranked,) = rank_papers(parse_list(BY_YEAR), [paper], Config(), None, embedder=FakeEmbedder())
    assert ranked.section == "arXiv"
    assert ranked.section_confidence == pytest.approx(0.45)  # under the PR body's "unsure" mark
    assert all(a.confidence < 0.45 for a in ranked.alternatives)


def test_a_tracks_paper_joins_its_venues_head_where_the_track_has_none() -> None:
    paper = _paper("ICLR 2025 Workshop on Trust", "2025-03-01")
    new = insert_entry(parse_list(TOPIC_BY_VENUE), paper, "Attacks")
    attacks = new[: new.index("## Defenses")]
    assert attacks.count("### ICLR 2025") == 1 and "New Backdoor Paper" in attacks


def test_a_track_in_brackets_a_known_venue_with_a_subjects_word_and_a_long_name_find_their_heads() -> None:
    text = (BY_YEAR.replace("### ACL 2025", "### ACL 2025 (Findings)")
            .replace("### NeurIPS 2024", "### TIFS 2024")
            .replace("### ICLR 2024", "### JMLR 2024"))
    doc = parse_list(text)
    assert venue_home(doc, _paper("Findings of ACL 2025")).label == "ACL 2025 (Findings)"
    assert venue_home(doc, _paper("ACL 2025 (Findings)")).label == "ACL 2025 (Findings)"
    assert venue_home(doc, _paper("Journal of Machine Learning Research (JMLR)", "2024-02-01")).label == (
        "JMLR 2024")
    assert venue_home(doc, _paper("IEEE Transactions on Information Forensics and Security",
                                  "2024-02-01")).label == "TIFS 2024"
    usenix = BY_VENUE.replace("## ICLR", "## USENIX Security").replace("*ICLR", "*USENIX Security")
    assert venue_home(parse_list(usenix), _paper("USENIX Security 2024", "2024-05-01")).label == (
        "USENIX Security")


def test_a_track_head_under_a_topic_dates_its_papers_as_the_venue_heads_do() -> None:
    # "### ICLR 2025 Findings" among "### ICLR 2025" heads read as a topic of its own: the heads after
    # it were topics too, and a paper went under whichever came last.
    text = TOPIC_BY_VENUE.replace("### ACL 2025", "### ACL 2025 Findings")
    doc = parse_list(text)
    assert [doc.section_label(s) for s in doc.paper_sections()] == ["Attacks", "Defenses"]
    new = insert_entry(doc, _paper("NeurIPS 2024", "2024-06-01"), "Attacks")
    assert new.index("### NeurIPS 2024") < new.index("New Backdoor Paper") < new.index("## Defenses")


def test_a_heading_naming_a_track_alone_takes_every_venues_papers_of_that_track() -> None:
    # "## Workshops" holding papers was read as a list of events (skipped, and `init` skipped it), so
    # a workshop paper went to the preprints' heading, "unsure".
    papers = "".join(f"- **Workshop paper {i}** - Ada Berg, Cy Dorn [[paper](https://arxiv.org/abs/2407.0000{i})]\n"
                     for i in range(2))
    workshops = "## Workshops\n\n" + papers + "\n## Contributing"
    text = BY_YEAR.replace("## Contributing", workshops)
    doc = parse_list(text)
    assert "Workshops" in [doc.section_label(s) for s in doc.paper_sections()]
    home = venue_home(doc, _paper("ICML 2025 Workshop on Trustworthy Models"))
    assert home is not None and (home.label, home.sure) == ("Workshops", True)
    # A track's long name keeps its track: "Findings of ACL 2025" is no paper of "### ACL 2025".
    findings = venue_home(doc, _paper("Findings of the Association for Computational Linguistics: ACL 2025"))
    assert findings is not None and (findings.label, findings.sure) == ("arXiv", False)
    assert venue_home(doc, _paper("Findings of ACL 2025")).label == "arXiv"


def test_one_venues_years_are_a_layout_and_one_venue_head_is_a_run() -> None:
    # Year, then one venue: "### NeurIPS 2025", "### NeurIPS 2024" (one venue key) was no venue layout,
    # so a NeurIPS 2024 paper was placed by topic, under NeurIPS 2025.
    one_venue = "# Awesome\n\n" + "".join(
        f"## {y}\n\n### NeurIPS {y}\n\n{_items('NeurIPS', 2, (y % 100) * 100 + 5)}\n"
        f"### arXiv\n\n{_items('Pre', 2, (y % 100) * 100 + 1)}\n" for y in (2025, 2024))
    home = venue_home(parse_list(one_venue), _paper("NeurIPS 2024", "2024-05-20"))
    assert home is not None and home.label == "NeurIPS 2024"
    # A topic with one venue head: a NeurIPS paper went in under "### ICLR 2025".
    one_head = (f"# L\n\n## Attacks\n\n### ICLR 2025\n\n{_items('ICLR', 2, 2410)}\n"
                f"## Defenses\n\n### ICLR 2025\n\n{_items('ICLR', 2, 2411)}")
    new = insert_entry(parse_list(one_head), _paper("NeurIPS 2025"), "Attacks")
    attacks = new[: new.index("## Defenses")]
    heads = [attacks.index(text) for text in ("### ICLR 2025", "### NeurIPS 2025", "New Backdoor Paper")]
    assert heads == sorted(heads)


def test_entries_written_as_preprints_say_nothing_of_their_venues_heading() -> None:
    acsac = "# L\n\n" + "".join(
        f"## {v}\n\n" + "".join(f"- [{v} {y}](https://arxiv.org/abs/{y % 100}01.0{i}001). *{v} {y}*.\n"
                                 for y in (2024, 2023)) + "\n" for i, v in enumerate(("NeurIPS", "ICLR")))
    acsac += ("## ACSAC\n\n- [A paper](https://arxiv.org/abs/2301.00009). *ACSAC 2023*.\n"
              "- [Another](https://arxiv.org/abs/2401.00009). *arXiv 2024*.\n\n"
              "## arXiv\n\n- [P](https://arxiv.org/abs/2402.00009). *arXiv 2024*.\n")
    home = venue_home(parse_list(acsac), _paper("ACSAC 2024"))
    assert home is not None and (home.label, home.sure) == ("ACSAC", True)


def test_venue_heads_all_of_one_year_take_the_lists_own_order() -> None:
    text = (f"# L\n\n## Attacks\n\n### ICLR 2025\n\n{_items('ICLR', 2, 2410)}\n### ACL 2025\n\n"
            f"{_items('ACL', 2, 2502)}\n## Defenses\n\n"
            + "".join(f"- [D {y}](https://arxiv.org/abs/{y % 100}01.0000{i}) ICML {y}\n"
                      for i, y in enumerate((2021, 2022, 2023))))
    new = insert_entry(parse_list(text), _paper("NeurIPS 2026", "2026-01-05"), "Attacks")
    attacks = new[: new.index("## Defenses")]
    assert attacks.index("### ACL 2025") < attacks.index("### NeurIPS 2026")  # oldest first, as the list


def test_a_new_venue_head_renames_the_anchor_it_copies() -> None:
    # The anchor line above the head copied was copied as it was: a second id="neurips-2024", and the
    # contents' link to it jumped to the new head.
    text = (f"# L\n\n## Attacks\n\n<a id=\"iclr-2025\"></a>\n### ICLR 2025\n\n{_items('ICLR', 2, 2410)}\n"
            f"<a id=\"neurips-2024\"></a>\n### NeurIPS 2024\n\n{_items('NeurIPS', 2, 2405)}\n"
            f"## Defenses\n\n### ICLR 2025\n\n{_items('ICLR', 2, 2411)}")
    new = insert_entry(parse_list(text), _paper("ICML 2025", "2025-06-01"), "Attacks")
    assert '<a id="icml-2025"></a>\n### ICML 2025\n\n- **New Backdoor Paper**' in new
    assert new.count('id="neurips-2024"') == 1 and new.count('id="iclr-2025"') == 1


def test_a_preprints_section_whose_entries_show_no_year_is_ordered_by_their_ids() -> None:
    # "- **Title** [[Paper]](arxiv.org/abs/2505.12082)" newest first: a new preprint went after all of
    # them, under the oldest.
    ids = ["2505.12082", "2505.10833", "2410.13699", "2410.03617", "2408.07666"]
    text = "# L\n\n## arXiv\n\n" + "".join(
        f"- **Paper {i}** [[Paper]](https://arxiv.org/abs/{i})\n" for i in ids)
    paper = replace(_paper(), published="2026-09-10", arxiv_id="2609.14402",
                    url="https://arxiv.org/abs/2609.14402")
    new = insert_entry(parse_list(text), paper, "arXiv")
    assert new.index("New Backdoor Paper") < new.index("Paper 2505.12082")
    oldest_first = "# L\n\n## arXiv\n\n" + "".join(
        f"- **Paper {i}** [[Paper]](https://arxiv.org/abs/{i})\n" for i in reversed(ids))
    new = insert_entry(parse_list(oldest_first), replace(paper, published="2024-12-01"), "arXiv")
    assert new.index("Paper 2410.13699") < new.index("New Backdoor Paper") < new.index("Paper 2505.10833")


def test_a_workshops_heading_of_events_is_no_paper_section_even_where_they_link_paper_hosts() -> None:
    # Workshop pages on neurips.cc, iclr.cc and OpenReview are paper hosts: read as papers, their names
    # became curated examples, and an off-topic paper named like a workshop ranked first.
    named = [("NeurIPS 2023", "Regulatable ML", "neurips.cc"), ("ICLR 2024", "Secure LLMs", "iclr.cc"),
             ("ICML 2024", "AI Safety", "icml.cc")]
    events = "".join(f"* [{v} Workshop on {t}](https://{host}/virtual/2024/workshop/{i})\n"
                     for i, (v, t, host) in enumerate(named))
    doc = parse_list(f"# L\n\n## Workshops\n\n{events}\n## Papers\n\n{_items('P', 3, 2401)}")
    assert [doc.section_label(s) for s in doc.paper_sections()] == ["Papers"]


def test_a_lone_head_the_field_does_not_know_as_a_venue_is_a_topic_where_its_papers_show_another() -> None:
    # "### BraTS 2021" over MICCAI papers got a new "### MICCAI 2024" head above it.
    papers = "".join(f"- [MICCAI paper {i}](https://arxiv.org/abs/2105.0{i}001) - A. B., MICCAI 2021\n"
                     for i in range(3))
    text = (f"# L\n\n## Segmentation\n\n### BraTS 2021\n\n{papers}\n"
            f"## Classification\n\n{papers.replace('21', '22')}")
    new = insert_entry(parse_list(text), _paper("MICCAI 2024", "2024-06-01"), "Segmentation")
    assert "### MICCAI 2024" not in new and new.index("### BraTS 2021") < new.index("New Backdoor Paper")


def test_a_heading_naming_a_track_alone_does_not_make_a_topic_list_one_filed_by_venue() -> None:
    text = "# L\n\n" + "".join(f"## {name}\n\n{_items(name, 2, 2400 + i)}\n" for i, name in enumerate(
        ["Surveys", "NeurIPS", "ICML", "Datasets and Benchmarks"]))
    assert venue_sections(parse_list(text)) == {}


def test_a_venue_is_written_as_the_list_spells_it_out() -> None:
    # The list writes "International Conference on Machine Learning (ICML)": a new ICML paper got "ICML".
    text = "# L\n\n## P\n\n" + "".join(
        f"- [P{y}](https://arxiv.org/abs/{y % 100}01.00001) - A. Berg. *{name}*, {y}.\n" for y, name in [
            (2021, "International Conference on Machine Learning (ICML)"),
            (2022, "Neural Information Processing Systems (NeurIPS)"), (2023, "Information Fusion")])
    doc = parse_list(text)
    new = insert_entry(doc, _paper("ICML 2025", "2025-03-01"), "P")
    assert "*International Conference on Machine Learning (ICML)*, 2025." in new
    # A venue it does not spell out, or a track of one it does, as the paper gives it.
    assert "*ICLR*, 2026." in insert_entry(doc, _paper("ICLR 2026", "2025-10-01"), "P")
    workshop = _paper("ICML 2025 Workshop on X", "2025-06-01")
    assert "*ICML Workshop on X*, 2025." in insert_entry(doc, workshop, "P")


def test_a_venue_is_written_as_the_list_spells_it_out_without_its_acronym() -> None:
    # The 2020 list writes "<em>International Conference on Machine Learning</em> 2020" and "Advances in
    # Neural Information Processing Systems": new ICML and NeurIPS papers got "ICML" and "NeurIPS".
    text = "# L\n\n## P\n\n" + "".join(
        f"- [P{y}](https://arxiv.org/abs/{y % 100}01.00001) - A. Berg. *{name}*, {y}.\n" for y, name in [
            (2020, "International Conference on Machine Learning"),
            (2021, "Advances in Neural Information Processing Systems"),
            (2022, "Proceedings of the 39th International Conference on Machine Learning"),
            (2023, "Information Fusion")])
    doc = parse_list(text)
    assert list_spelling(doc, "ICML 2025") == "International Conference on Machine Learning 2025"
    new = insert_entry(doc, _paper("NeurIPS 2025", "2025-03-01"), "P")
    assert "*Advances in Neural Information Processing Systems*, 2025." in new
    # Spelled once each way, the acronym is as much the list's; a track and an unknown venue stay as given.
    once_each = text.replace("Proceedings of the 39th International Conference on Machine Learning", "ICML")
    assert list_spelling(parse_list(once_each), "ICML 2025") == "ICML 2025"
    assert list_spelling(doc, "ICML 2024 Workshop on X") == "ICML 2024 Workshop on X"
    assert list_spelling(doc, "ICLR 2026") == "ICLR 2026"


_GROUPED = "## P\n\n| Venue | Title |\n|---|---|\n" + "".join(
    f"| {venue} | [{venue} paper {i}](https://arxiv.org/abs/{arxiv}) |\n" for i, (venue, arxiv) in enumerate([
        ("ICLR 2025", "2410.19258"), ("ICLR 2025", "2410.10819"), ("NeurIPS 2024", "2407.11550"),
        ("NeurIPS 2024", "2407.02490"), ("ICML 2024", "2406.10774"), ("ICLR 2024", "2309.17453"),
        ("ICLR 2024", "2310.01801"), ("arXiv 2024", "2406.02069"), ("arXiv 2024", "2406.11430")]))


@pytest.mark.parametrize("venue,published,after", [
    ("ICML 2024", "2024-08-01", "ICML 2024 paper 4"),  # its venue's group, not by month among NeurIPS's
    ("ICLR 2025", "2024-10-01", "ICLR 2025 paper 1"),
    ("arXiv", "2025-05-01", "ICLR 2024 paper 6"),  # the preprints' rows, newest first
    ("MLSys 2025", "2025-03-01", None),  # no group: by year among the venues' rows, on top
])
def test_rows_grouped_by_venue_take_a_new_row_into_its_venues_group(venue: str, published: str,
                                                                    after: str | None) -> None:
    # A new row went after the arXiv rows, or between NeurIPS rows by its month.
    new = insert_entry(parse_list(_GROUPED), replace(_paper(venue, published), venue=venue), "P")
    rows = [line for line in new.splitlines() if line.startswith("| ") and "](" in line]
    at = next(i for i, row in enumerate(rows) if "New Backdoor Paper" in row)
    assert (rows[at - 1].split("[")[1].split("]")[0] if at else None) == after


_PREPRINTS = "## P\n\n" + "".join(
    f"- [Preprint {arxiv}](https://arxiv.org/abs/{arxiv}) - *A. Berg, C. Dorn* - arXiv 20{arxiv[:2]}\n"
    for arxiv in ("2606.22030", "2603.18718", "2603.10291", "2505.02820", "2503.13347"))


@pytest.mark.parametrize("venue,published,after", [
    ("EMNLP 2025", "2025-08-19", "Preprint 2603.10291"),  # went under every entry, after a blank line
    ("", "2026-04-02", "Preprint 2606.22030"),  # went to the end of its year's entries, not by its month
])
def test_preprints_of_two_years_are_no_grouping_by_venue(venue: str, published: str, after: str) -> None:
    # "arXiv 2026" entries, then "arXiv 2025" entries, 2+ each, read as two venues' groups.
    new = insert_entry(parse_list(_PREPRINTS), replace(_paper(venue, published), venue=venue), "P")
    lines = new.splitlines()
    at = next(i for i, line in enumerate(lines) if "New Backdoor Paper" in line)
    assert lines[at - 1].startswith(f"- [{after}]")
    # Grouped by venue with the preprints last, a preprint goes among them by date, not to its year's end.
    new = insert_entry(parse_list(_GROUPED), _paper("", "2024-08-01"), "P")
    rows = [line for line in new.splitlines() if line.startswith("| ") and "](" in line]
    assert "New Backdoor Paper" in rows[7]  # above the June 2024 preprints


@pytest.mark.parametrize("heads,above", [
    # A 2026 preprint joined "**arXiv 2024**"; with no preprints' head it went under the last venue's.
    (["ICLR 2025", "arXiv 2024"], "**arXiv 2026**"),
    (["ICLR 2025", "NeurIPS 2024", "ACL 2023"], "**arXiv 2026**"),
    (["ICLR 2025", "arXiv'24"], "**arXiv'26**"),  # in its neighbour's form, not "arXiv2026"
])
def test_a_preprint_under_a_topic_filed_by_venue_goes_to_its_years_preprints_head(heads: list[str],
                                                                                   above: str) -> None:
    runs = "".join(f"**{head}**\n\n{_items(head.split()[0], 2, 2400 + i)}\n" for i, head in enumerate(heads))
    text = f"# L\n\n## Attacks\n\n{runs}## Defenses\n\n{_items('D', 2, 2300)}"
    paper = replace(_paper(published="2026-02-10"), venue="")
    new = insert_entry(parse_list(text), paper, "Attacks")
    attacks = new[: new.index("## Defenses")]
    assert attacks.count(above) == 1
    lines = attacks.splitlines()
    at = next(i for i, line in enumerate(lines) if "New Backdoor Paper" in line)
    assert [line for line in lines[:at] if line.startswith("**")][-1] == above  # the head over it


@pytest.mark.parametrize("preprints", ["arXiv", "Preprints", "arXiv 2025"])
def test_a_preprints_heading_under_a_topic_filed_by_venue_is_a_run_of_that_topic(preprints: str) -> None:
    # "### arXiv" under each topic was a section of its own, all named "arXiv": the topic's preprints were
    # not its papers, and a preprint of any topic could be suggested for either "arXiv".
    text = TOPIC_BY_VENUE.replace("## Defenses", f"### {preprints}\n\n{_items('P', 2, 2501)}\n## Defenses")
    doc = parse_list(text)
    assert [(doc.section_label(s), len(s.entries)) for s in doc.paper_sections()] == [("Attacks", 8),
                                                                                      ("Defenses", 4)]
    new = insert_entry(doc, replace(_paper(published="2025-03-10"), venue=""), "Attacks")
    lines = new[: new.index("## Defenses")].splitlines()
    at = next(i for i, line in enumerate(lines) if "New Backdoor Paper" in line)
    assert [line for line in lines[:at] if line.startswith("### ")][-1] == f"### {preprints}"
    assert new.count("### ") == text.count("### ")  # joined the preprints' run, no head of its own


def _folded(heads: list[str], state: str = " open") -> str:
    """A topic filed by venue with each venue's papers in a fold: "<details open><summary>ICLR 2025"."""
    runs = "".join(f"<details{state}>\n<summary>{head}</summary>\n\n{_items(head.split()[0], 2, 2400 + i)}"
                   f"\n</details>\n\n" for i, head in enumerate(heads))
    return f"# L\n\n## Attacks\n\n{runs}## Defenses\n\n{_items('D', 2, 2300)}"


@pytest.mark.parametrize("venue,summary", [
    ("NeurIPS 2024", "<summary>NeurIPS 2024</summary>"),  # its venue's fold (went into the first fold)
    ("", "<summary>arXiv</summary>"),  # the preprints' fold
])
def test_a_topics_paper_goes_into_its_venues_fold(venue: str, summary: str) -> None:
    text = _folded(["ICLR 2025", "NeurIPS 2024", "arXiv"])
    new = insert_entry(parse_list(text), replace(_paper(published="2025-03-10"), venue=venue), "Attacks")
    lines = new.splitlines()
    at = next(i for i, line in enumerate(lines) if "New Backdoor Paper" in line)
    assert [line for line in lines[:at] if "<summary>" in line][-1] == summary
    assert "</details>" in lines[at + 1 : next(i for i, line in enumerate(lines) if "Defenses" in line)][:3]


def test_a_new_venue_gets_a_fold_of_its_own_in_the_form_of_its_neighbours() -> None:
    text = _folded(["ICLR 2025", "NeurIPS 2024"], state="")
    new = insert_entry(parse_list(text), _paper("ICML 2026", "2026-02-11"), "Attacks")
    entry = "- **New Backdoor Paper** [[paper](https://arxiv.org/abs/2509.30112)]"
    # A new head lost the fold's "<details>" line, and left its "</details>" unmatched.
    assert new == text.replace("<details>\n<summary>ICLR 2025",
                               f"<details>\n<summary>ICML 2026</summary>\n\n{entry}\n\n</details>\n\n"
                               "<details>\n<summary>ICLR 2025", 1)
    grown = parse_list(new)
    assert [len(s.entries) for s in grown.paper_sections()] == [5, 2]


def test_a_preprints_heading_among_year_heads_stays_a_section() -> None:
    # Only venues make a topic's headings runs: "### 2024", "### arXiv" under a topic are not read so.
    text = ("# L\n\n## Attacks\n\n### 2025\n\n" + _items("A", 2, 2501) + "\n### 2024\n\n"
            + _items("A", 2, 2401) + "\n### arXiv\n\n" + _items("P", 2, 2502) + "\n## Defenses\n\n"
            + _items("D", 2, 2300))
    assert [parse_list(text).section_label(s) for s in parse_list(text).paper_sections()] == [
        "Attacks", "arXiv", "Defenses"]


def test_a_venue_with_no_heading_in_a_list_with_no_preprints_heading_is_placed_by_topic_and_says_so() -> None:
    # Placed among the venues' headings by its topic, the PR said only "unsure": not that its venue has
    # no heading (an ICML paper's PR was titled "Add ... to NeurIPS 2025").
    text = BY_YEAR.replace(f"### arXiv\n\n{_items('Preprint', 2, 2501)}\n", "").replace(
        f"### arXiv\n\n{_items('Preprint', 2, 2402)}\n", "")
    doc = parse_list(text)
    assert "arXiv" not in [doc.section_label(s) for s in doc.paper_sections()]
    paper = replace(_paper("KDD 2025", title="Graph backdoors"), id="k")
    home = venue_home(doc, paper)
    assert home is not None and (home.label, home.sure) == ("", False)
    (ranked,) = rank_papers(doc, [paper], Config(), None, embedder=FakeEmbedder())
    assert ranked.by_venue == "the list has no heading for its venue, KDD 2025, yet, so its topic placed it"
    assert ranked.section in [doc.section_label(s) for s in doc.paper_sections()]


def test_the_lists_spelling_is_learnt_only_from_venues_written_alone_and_by_most_entries() -> None:
    def lst(venues: list[str]) -> str:
        return "# L\n\n## P\n\n" + "".join(f"- [P{i}](https://arxiv.org/abs/2{i}01.00001) - *{v}*, 2023.\n"
                                           for i, v in enumerate(venues))
    icml = "International Conference on Machine Learning (ICML)"
    # A track's long name is no spelling of the main conference: "Findings of ... (ACL)" is ACL's Findings.
    findings = lst(["Findings of the Association for Computational Linguistics (ACL)"] * 2)
    assert list_spelling(parse_list(findings), "ACL 2024") == "ACL 2024"
    workshop = lst(["Workshop on Trustworthy ML (ICML)"] * 2)
    assert list_spelling(parse_list(workshop), "ICML 2024") == "ICML 2024"
    # Most entries write the acronym: so does the new one.
    assert list_spelling(parse_list(lst(["ICML"] * 3 + [icml])), "ICML 2024") == "ICML 2024"
    assert list_spelling(parse_list(lst([icml] * 2 + ["ICML"])), "ICML 2024") == f"{icml} 2024"
    # Names read with the venue ("A. Berg, B. Chen. International ... (ICML)") are no spelling of it.
    assert list_spelling(parse_list(lst([f"A. Berg, B. Chen. {icml}"] * 2)), "ICML 2024") == "ICML 2024"
    assert list_spelling(parse_list(lst([f"Anna Berg and Bo Chen, {icml}"] * 2)), "ICML 2024") == "ICML 2024"


def test_a_workshops_heading_of_events_with_their_proceedings_on_arxiv_lists_no_papers() -> None:
    names = ["Alpha", "Beta", "Gamma"]
    events = "".join(f"* [Workshop on {t}](https://sites.google.com/view/{t}) [[proceedings]]"
                     f"(https://arxiv.org/abs/210{i}.0000{i})\n" for i, t in enumerate(names))
    doc = parse_list(f"# L\n\n## Workshops\n\n{events}\n## Papers\n\n{_items('P', 3, 2401)}")
    assert [doc.section_label(s) for s in doc.paper_sections()] == ["Papers"]


def test_a_workshops_heading_of_arxiv_papers_without_names_lists_papers() -> None:
    text = f"# L\n\n## Workshops\n\n{_items('W', 3, 2405)}\n## Papers\n\n{_items('P', 3, 2401)}"
    doc = parse_list(text)
    assert [doc.section_label(s) for s in doc.paper_sections()] == ["Workshops", "Papers"]


def test_a_list_of_venue_and_track_headings_alone_is_filed_by_venue() -> None:
    names = ["ICLR 2025", "NeurIPS 2024", "Workshops", "Datasets and Benchmarks"]
    text = "# L\n\n" + "".join(f"## {name}\n\n{_items(name.split()[0], 2, 2400 + i)}\n"
                               for i, name in enumerate(names))
    assert venue_sections(parse_list(text))
    home = venue_home(parse_list(text), _paper("NeurIPS 2024 Datasets and Benchmarks Track", "2024-06-01"))
    assert home is not None and home.label == "Datasets and Benchmarks"


def test_a_list_of_long_names_with_the_acronym_and_year_in_brackets_gets_one_such() -> None:
    # "Name (ICML'23)": a new entry was "ICML'24)", its bracket unopened.
    icml = "International Conference on Machine Learning (ICML"
    neurips = "Neural Information Processing Systems (NeurIPS"
    text = "# L\n\n## P\n\n" + "".join(f"- [P{i}](https://arxiv.org/abs/2{i}01.00001) - {v}'23)\n"
                                       for i, v in enumerate([icml, neurips, icml]))
    doc = parse_list(text)
    assert "- International Conference on Machine Learning (ICML'24)" in insert_entry(
        doc, _paper("ICML 2024", "2024-05-01"), "P")
    assert "- (KDD'24)" in insert_entry(doc, _paper("KDD 2024", "2024-05-01"), "P")
