"""Abstracts for list entries written without one, asked of the loopback arXiv API by id and by title."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from servers.arxiv_server import ArxivEntry, ArxivServer, Fault

from bot.config import Config
from bot.lists import parse_list
from bot.paper import Paper
from bot.sources.abstracts import look_up_abstracts, lookup_key, with_abstracts
from bot.sources.report import SourceReport
from bot.state import ENTRY_LOOKUP_RETRY_DAYS, State

WHEN = datetime(2020, 3, 1, tzinfo=UTC)


def record(arxiv_id: str, title: str) -> ArxivEntry:
    return ArxivEntry(arxiv_id=arxiv_id, title=title, summary=f"The abstract of {title}, in full words.",
                      authors=["Ada Lovelace"], categories=["cs.LG"], published=WHEN)


ON_ARXIV = [
    record("2001.00001", "Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods"),
    record("2001.00002", "Interpretation of Neural Networks is Fragile"),
    record("2001.00003", "Explanations can be manipulated and geometry is to blame"),
    record("2001.00004", "A paper the mistyped link points to"),
]
# Two entries linked to arXiv (one by a mistyped id), two linked elsewhere (one on arXiv, one not), and
# one that carries its abstract already.
LIST = """# Papers

## Attacks

* [Fooling LIME and SHAP: Adversarial Attacks on Post-hoc Explanation Methods](https://arxiv.org/abs/2001.00001)
* [Explanations can be manipulated and geometry is to blame](https://arxiv.org/abs/2001.00004)
* [Interpretation of Neural Networks is Fragile](https://ojs.aaai.org/index.php/AAAI/article/view/4252)
* [A workshop paper that never reached arXiv](https://example.org/workshop.pdf)

## Defenses

* [Robust explanations by smoothing](https://example.org/robust)
  <details><summary>2020</summary>We make explanations robust by smoothing the model, and show on three
  image benchmarks that the smoothed explanations resist the manipulation attacks of earlier work.</details>
"""


def config(url: str, **settings: object) -> Config:
    return Config.model_validate({
        "sources": {"arxiv": {"base_url": url, "delay_seconds": 0, "num_retries": 0, "timeout_seconds": 1,
                              "page_size": 10}},
        "list": settings,
    })


@pytest.fixture
def state(tmp_path: Path) -> State:
    with State(tmp_path / "state") as st:
        yield st


def abstracts_seen_by_the_ranker(doc_text: str, state: State, cfg: Config) -> dict[str, str]:
    return {e.plain_title: e.abstract for e in with_abstracts(parse_list(doc_text), state, cfg).entries}


def test_entries_without_an_abstract_get_arxivs_by_id_or_title_and_are_asked_for_once(state: State) -> None:
    doc = parse_list(LIST)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        assert look_up_abstracts(doc, state, cfg, []) == 2
        asked = [r.params for r in srv.requests]
        assert look_up_abstracts(doc, state, cfg, []) == 0  # each entry is asked for once
        assert len(srv.requests) == len(asked)
    assert [p["id_list"] for p in asked if p["id_list"]] == ["2001.00001,2001.00004"]
    # The titles as phrases of their words, in one request: punctuation would end a phrase.
    assert [p["search_query"] for p in asked if p["search_query"]] == [
        'ti:"Interpretation of Neural Networks is Fragile" OR ti:"A workshop paper that never reached arXiv"']
    seen = abstracts_seen_by_the_ranker(LIST, state, cfg)
    fooling = "Fooling LIME and SHAP: Adversarial Attacks on Post-hoc Explanation Methods"
    assert seen[fooling] == ON_ARXIV[0].summary
    assert seen["Interpretation of Neural Networks is Fragile"] == ON_ARXIV[1].summary
    # A mistyped link's paper has another title: its abstract would teach the ranker another paper.
    assert seen["Explanations can be manipulated and geometry is to blame"] == ""
    assert seen["A workshop paper that never reached arXiv"] == ""
    assert seen["Robust explanations by smoothing"].startswith("We make explanations robust")
    # The list read for editing keeps its entries as written.
    assert [e.abstract for e in doc.entries][:4] == ["", "", "", ""]


def test_an_entry_arxiv_had_nothing_for_is_asked_again_a_month_on(state: State) -> None:
    doc = parse_list(LIST)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        look_up_abstracts(doc, state, cfg, [])
        state.db.execute("UPDATE entry_abstracts SET checked = checked - ?",
                         ((ENTRY_LOOKUP_RETRY_DAYS + 1) * 86400,))
        srv.papers.append(record("2001.00005", "A workshop paper that never reached arXiv"))
        logged = len(srv.requests)
        assert look_up_abstracts(doc, state, cfg, []) == 1
        again = [r.params for r in srv.requests[logged:]]
    assert [p["id_list"] or p["search_query"] for p in again] == [
        "2001.00004", 'ti:"A workshop paper that never reached arXiv"']


def test_what_arxiv_could_not_answer_is_asked_again_by_the_next_run(state: State) -> None:
    doc = parse_list(LIST)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        srv.faults.append(Fault(status=503, times=None, when=lambda p: bool(p.get("search_query"))))
        assert look_up_abstracts(doc, state, cfg, []) == 1  # by id; the titles failed
        srv.faults.clear()
        assert look_up_abstracts(doc, state, cfg, []) == 1  # the titles, and only they
        assert not srv.requests[-1].params["id_list"]
        srv.faults.append(Fault(status=503, times=None))
        state.db.execute("DELETE FROM entry_abstracts")
        assert look_up_abstracts(doc, state, cfg, []) == 0  # every request failed: nothing recorded
    first_four = {lookup_key(e) for e in doc.entries[:4]}
    assert state.entries_to_look_up(first_four) == first_four


def test_one_title_request_that_keeps_failing_holds_up_only_its_own_titles(
        state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first failure ended the lookups and dropped the answers already in: a query arXiv kept failing
    # on stalled every entry of the list, every run.
    monkeypatch.setattr("bot.sources.arxiv_api.TITLES_PER_QUERY", 1)
    doc = parse_list(LIST)
    with ArxivServer(papers=ON_ARXIV) as srv:
        srv.faults.append(Fault(status=503, times=None,
                                when=lambda p: "workshop" in p.get("search_query", "")))
        assert look_up_abstracts(doc, state, config(srv.url), []) == 2
    asked_again = state.entries_to_look_up(lookup_key(e) for e in doc.entries)
    assert {e.plain_title for e in doc.entries if lookup_key(e) in asked_again} == {
        "A workshop paper that never reached arXiv", "Robust explanations by smoothing"}


@pytest.mark.parametrize(("entry", "on_arxiv"), [
    # A list's short form of the title its link's paper has, and the tags lists add.
    ("Fooling LIME and SHAP", "Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods"),
    ("Grad-CAM", "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"),
    ("Sanity Checks for Saliency Maps (NeurIPS 2018)", "Sanity Checks for Saliency Maps"),
    ("Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization [ICCV'17]",
     "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"),
    ("2018 - Sanity Checks for Saliency Maps", "Sanity Checks for Saliency Maps"),
    ("Fooling LIME &amp; SHAP", "Fooling LIME & SHAP"),
    ("**Sanity Checks for Saliency Maps (NeurIPS 2018)**", "Sanity Checks for Saliency Maps"),
    ("Interpretation of Neural Network is Fragile", "Interpretation of Neural Networks is Fragile"),
    ("[ICLR 2018] Sanity Checks for Saliency Maps", "Sanity Checks for Saliency Maps"),
    ("ICLR 2018: Sanity Checks for Saliency Maps", "Sanity Checks for Saliency Maps"),
    ("NeurIPS'18 - Sanity Checks for Saliency Maps", "Sanity Checks for Saliency Maps"),
])
def test_an_entry_linked_to_arxiv_takes_its_papers_abstract_under_a_short_or_tagged_title(
        state: State, entry: str, on_arxiv: str) -> None:
    text = f"# Papers\n\n## Attacks\n\n* [{entry}](https://arxiv.org/abs/2001.00009)\n"
    with ArxivServer(papers=[record("2001.00009", on_arxiv)]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1


@pytest.mark.parametrize(("written", "title"), [
    ("<b>Certified</b> Robustness of <i>k</i>-NN Explanations", "Certified Robustness of k-NN Explanations"),
    ("Fooling LIME &amp; SHAP with Adversarial Sampling", "Fooling LIME & SHAP with Adversarial Sampling"),
])
def test_a_title_written_in_html_is_asked_for_by_its_text(state: State, written: str, title: str) -> None:
    text = f"# Papers\n\n## Attacks\n\n* [{written}](https://doi.org/10.1234/x.2020)\n"
    with ArxivServer(papers=[record("2001.00010", title)]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1
    assert "amp" not in srv.requests[0].params["search_query"].split()


def test_of_two_papers_under_one_title_the_one_the_entrys_year_and_author_agree_with(state: State) -> None:
    survey = "Explainable AI: A Survey"
    older = ArxivEntry(arxiv_id="2101.00001", title=survey, summary="Doe's survey of 2021.",
                       authors=["J. Doe"], categories=["cs.LG"], published=datetime(2021, 1, 5, tzinfo=UTC))
    newer = ArxivEntry(arxiv_id="2205.00002", title=survey, summary="Smith's survey of 2022.",
                       authors=["Ann Smith"], categories=["cs.LG"], published=WHEN.replace(year=2022))
    text = (f"# Papers\n\n## Surveys\n\n* [{survey}](https://doi.org/10.1234/s.2022) - A. Smith et al., "
            f"2022\n* [{survey}](https://doi.org/10.1234/t.2023)\n")
    doc = parse_list(text)
    with ArxivServer(papers=[older, newer]) as srv:
        look_up_abstracts(doc, state, config(srv.url), [])
    found = state.entry_abstracts(lookup_key(e) for e in doc.entries)
    # Smith's by her name and year; the entry that gives neither cannot tell, and takes none.
    assert [found.get(lookup_key(e), "") for e in doc.entries] == ["Smith's survey of 2022.", ""]


def test_no_lookup_when_switched_off_or_arxiv_is_down_this_run(state: State) -> None:
    doc = parse_list(LIST)
    down = SourceReport(name="arxiv categories", error="cannot connect", stop_reason="unreachable")
    with ArxivServer(papers=ON_ARXIV) as srv:
        assert look_up_abstracts(doc, state, config(srv.url, abstracts_from_arxiv=False), []) == 0
        assert look_up_abstracts(doc, state, config(srv.url), [down]) == 0
        off = Config.model_validate({"sources": {"arxiv": {"base_url": srv.url, "enabled": False}}})
        assert look_up_abstracts(doc, state, off, []) == 0
        assert srv.requests == []
        look_up_abstracts(doc, state, config(srv.url), [])
    # Switched off, the ranker sees the list as written, whatever state holds.
    seen = abstracts_seen_by_the_ranker(LIST, state, config(srv.url, abstracts_from_arxiv=False))
    assert seen["Interpretation of Neural Networks is Fragile"] == ""


def test_a_long_list_is_asked_for_a_hundred_entries_a_run(state: State,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.sources.abstracts.LOOKUP_LIMIT", 2)
    doc = parse_list(LIST)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        look_up_abstracts(doc, state, cfg, [])
        keys = [lookup_key(e) for e in doc.entries]
        assert len(state.entries_to_look_up(keys)) == 3  # two asked, three to go
        look_up_abstracts(doc, state, cfg, [])
        assert len(state.entries_to_look_up(keys)) == 1  # the one with an abstract
    assert time.time() - state.db.execute("SELECT MIN(checked) FROM entry_abstracts").fetchone()[0] < 60


def test_a_hung_arxiv_is_asked_once_not_once_per_request(state: State) -> None:
    # Each title request waited out the timeout (30 s by default), twenty a run, every run.
    timed_out = SourceReport(name="arxiv categories",
                             error="arxiv categories: arXiv API timed out (attempts: 3)")
    with ArxivServer(papers=ON_ARXIV) as srv:
        assert look_up_abstracts(parse_list(LIST), state, config(srv.url), [timed_out]) == 0
        assert srv.requests == []
        cfg = Config.model_validate({"sources": {"arxiv": {
            "base_url": srv.url, "delay_seconds": 0, "num_retries": 0, "timeout_seconds": 0.2}}})
        srv.faults.append(Fault(sleep=0.5, times=None))
        assert look_up_abstracts(parse_list(LIST), state, cfg, []) == 0
        assert len(srv.requests) == 1  # the first timed out: the others were not sent


@pytest.mark.parametrize(("entry", "on_arxiv"), [
    ("Grad", "Gradients of Counterfactuals"),  # a head is whole words
    ("Robustness (Transformer)", "Robustness"),  # a tag holds a year or a venue's digits, not a word
])
def test_an_entry_linked_to_another_papers_id_takes_nothing(state: State, entry: str, on_arxiv: str) -> None:
    text = f"# Papers\n\n## Attacks\n\n* [{entry}](https://arxiv.org/abs/2001.00009)\n"
    with ArxivServer(papers=[record("2001.00009", on_arxiv)]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 0


@pytest.mark.parametrize(("published", "found"), [(2020, 1), (2021, 0)])
def test_a_title_found_years_from_the_entrys_year_is_another_paper(
        state: State, published: int, found: int) -> None:
    # A preprint comes a year or two before its venue; three years on, a paper of the same title is
    # another one.
    title = "Adversarial attacks on saliency maps"
    paper = ArxivEntry(arxiv_id="2001.00011", title=title, summary="The abstract.", authors=["A. Lee"],
                       categories=["cs.LG"], published=WHEN.replace(year=published))
    text = f"# Papers\n\n## Attacks\n\n* [{title}](https://doi.org/10.1234/a.2018) - A. Lee, 2018\n"
    with ArxivServer(papers=[paper]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == found


@pytest.mark.parametrize("mistyped_first", [True, False])
def test_two_entries_under_one_link_are_each_judged_by_their_own_title(
        state: State, mistyped_first: bool) -> None:
    # A link copied from the entry above gave two entries one key and one answer: the last entry's
    # judgement, so one took its neighbour's abstract, or the entry the link is right for lost its own.
    right = "* [Interpretation of Neural Networks is Fragile](https://arxiv.org/abs/2001.00002)\n"
    copied = "* [A benchmark for saliency metrics](https://arxiv.org/abs/2001.00002)\n"
    text = "# Papers\n\n## Attacks\n\n" + (copied + right if mistyped_first else right + copied)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        assert look_up_abstracts(parse_list(text), state, cfg, []) == 1
    seen = abstracts_seen_by_the_ranker(text, state, cfg)
    assert seen == {"Interpretation of Neural Networks is Fragile": ON_ARXIV[1].summary,
                    "A benchmark for saliency metrics": ""}


@pytest.mark.parametrize(("authors", "found"), [("S. Hooker, D. Erhan", 0), ("P. Novak, S. Hooker", 1),
                                                ("", 1)])
def test_the_one_paper_under_an_entrys_title_is_taken_only_if_it_shares_an_author(
        state: State, authors: str, found: int) -> None:
    title = "A benchmark for interpretability methods in deep neural networks"
    paper = ArxivEntry(arxiv_id="2001.00012", title=title, summary="Molecular property predictors.",
                       authors=["Petra Novak"], categories=["cs.LG"], published=WHEN)
    byline = f" - {authors}, 2020" if authors else ""
    text = f"# Papers\n\n## Evaluations\n\n* [{title}](https://doi.org/10.1234/b.2020){byline}\n"
    assert bool(authors) == bool(parse_list(text).entries[0].authors)
    with ArxivServer(papers=[paper]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == found


def test_a_title_crowded_off_a_full_page_by_anothers_namesakes_is_asked_alone(
        state: State, caplog: pytest.LogCaptureFixture) -> None:
    # "Grad-CAM" names hundreds of titles: its namesakes filled the page its group-mates shared, whose
    # papers were then recorded as not on arXiv, for a month.
    namesakes = [record(f"2001.{100 + n:05d}", f"Grad-CAM for task {n}") for n in range(12)]
    fairwashing = record("2001.00013", "Fairwashing: the risk of rationalization")
    text = ("# Papers\n\n## Attacks\n\n* [Grad-CAM](https://doi.org/10.1109/iccv.2017.74)\n"
            "* [Fairwashing: the risk of rationalization](https://proceedings.mlr.press/v97/aivodji19a)\n")
    with ArxivServer(papers=[*namesakes, fairwashing]) as srv:  # the server's best match first
        caplog.set_level("INFO")
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1
        queries = [r.params["search_query"] for r in srv.requests]
    assert queries == ['ti:"Grad CAM" OR ti:"Fairwashing the risk of rationalization"', 'ti:"Grad CAM"',
                       'ti:"Fairwashing the risk of rationalization"']
    assert "abstracts found for 1 of 2 list entries asked for" in caplog.text


def test_a_title_corrected_under_a_doi_link_is_asked_again(state: State) -> None:
    typo = "* [Fooling LIME and SHAP: Adversarial Atacks](https://doi.org/10.1145/3375627.3375830)\n"
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        assert look_up_abstracts(parse_list("# Papers\n\n## Attacks\n\n" + typo), state, cfg, []) == 0
        corrected = typo.replace("Atacks", "Attacks on Post hoc Explanation Methods")
        fixed = "# Papers\n\n## Attacks\n\n" + corrected
        assert look_up_abstracts(parse_list(fixed), state, cfg, []) == 1


def test_too_many_requests_stops_the_lookups_where_no_pause_is_named(
        state: State, caplog: pytest.LogCaptureFixture) -> None:
    # HTTP 429 without Retry-After: every request of the run was sent (each retried by the package), 36
    # for a list of 54 entries, each refused in turn.
    caplog.set_level("INFO")
    with ArxivServer(papers=ON_ARXIV) as srv:
        srv.faults.append(Fault(status=429, times=None))
        assert look_up_abstracts(parse_list(LIST), state, config(srv.url), []) == 0
        assert len(srv.requests) == 1
    assert "could not be asked for (HTTP 429 from arXiv API); the next run asks again" in caplog.text
    assert "abstracts found for 0 of 4 list entries asked for (4 to ask again next run)" in caplog.text


SURVEY = "Explainable AI: A Survey"


def same_title(arxiv_id: str, year: int, authors: list[str], summary: str,
               title: str = "Explainable AI: A Survey") -> ArxivEntry:
    return ArxivEntry(arxiv_id=arxiv_id, title=title, summary=summary, authors=authors, categories=["cs.LG"],
                      published=WHEN.replace(year=year))


@pytest.mark.parametrize(("byline", "papers", "expected"), [
    # No author to go by: the year nearer the entry's.
    ("2022", [("2101.00001", 2021, ["J. Doe"], "of 2021"), ("2404.00002", 2024, ["K. Lee"], "of 2024")],
     "of 2021"),
    # The first author's paper, whatever its year (within two), over the one of the entry's year.
    ("A. Smith, 2022", [("2404.00001", 2024, ["Ann Smith"], "Smith's"),
                        ("2201.00002", 2022, ["J. Doe"], "Doe's")], "Smith's"),
    # Two papers by the first author: no telling.
    ("A. Smith, 2022", [("2201.00001", 2022, ["Ann Smith"], "a"),
                        ("2101.00002", 2021, ["Ann Smith"], "b")], ""),
    # The first author, not any author of the entry's.
    ("A. Smith and B. Jones, 2022", [("2201.00001", 2022, ["Ann Smith"], "Smith's"),
                                     ("2201.00002", 2022, ["Bo Jones"], "Jones's")], "Smith's"),
    ("A. Smith, 2022", [("2201.00001", 2022, ["J. Doe", "A. Smith"], "with Smith"),
                        ("2201.00002", 2022, ["K. Lee"], "Lee's")], "with Smith"),
    # Surname first (APA, Vancouver): "J." is not a surname, and "J. Doe" did not write it.
    ("Smith, J., 2022", [("2201.00001", 2022, ["J. Doe"], "Doe's"),
                         ("2201.00002", 2022, ["Jane Smith"], "Smith's")], "Smith's"),
    ("Smith J, Doe K. AAAI 2022", [("2201.00001", 2022, ["J. Doe"], "Doe's"),
                                   ("2201.00002", 2022, ["Jane Smith"], "Smith's")], "Smith's"),
    # Three years from the entry's: another paper.
    ("2023", [("1901.00001", 2019, ["A. B."], "of 2019")], ""),
])
def test_of_papers_under_one_title_the_entrys_year_and_authors_choose(
        state: State, byline: str, papers: list[tuple[str, int, list[str], str]], expected: str) -> None:
    text = f"# Papers\n\n## Surveys\n\n* [{SURVEY}](https://doi.org/10.1234/s.2022) - {byline}\n"
    doc = parse_list(text)
    with ArxivServer(papers=[same_title(i, y, a, s) for i, y, a, s in papers]) as srv:
        look_up_abstracts(doc, state, config(srv.url), [])
    assert state.entry_abstracts([lookup_key(doc.entries[0])]).get(lookup_key(doc.entries[0]), "") == expected


@pytest.mark.parametrize("byline", ["Ghorbani, A., Abid, A., & Zou, J. (2019)",
                                    "Ghorbani A, Abid A, Zou J. 2019", "A. Ghorbani, A. Abid, J. Zou, 2019",
                                    "Ghorbani et al., 2019", "GHORBANI A, ABID A, ZOU J. 2019",
                                    "ZOU J, et al. 2019", "J. Zou Jr., 2019", "James van Zou, 2019"])
def test_the_one_paper_under_a_title_is_taken_whichever_way_the_list_writes_names(
        state: State, byline: str) -> None:
    title = "Interpretation of Neural Networks is Fragile"
    authors = ["Amirata Ghorbani", "Abubakar Abid", "James Zou"]
    paper = same_title("1710.10547", 2019, authors, "Fragile.", title)
    text = f"# Papers\n\n## Attacks\n\n* [{title}](https://doi.org/10.1609/aaai.v33i01.33013681) - {byline}\n"
    with ArxivServer(papers=[paper]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1


@pytest.mark.parametrize(("written", "on_arxiv", "taken"), [
    (["HE K", "ZHANG X"], ["Kaiming He", "Xiangyu Zhang"], True),  # Vancouver in capitals, short names
    (["LI W", "WU H"], ["Wei Li", "Hao Wu"], True),
    (["Daumé H III"], ["Hal Daumé III"], True),
    (["VAN DER BERG JP"], ["Jan Peter van der Berg"], True),
    (["LE MERRER E"], ["Erwan Le Merrer"], True),
    (["J. Zou Jr"], ["James Zou"], True),
    (["Le VT"], ["Van-Truong Le"], True),  # "Le", "Du": particles elsewhere, family names here
    (["Du, X."], ["Xin Du"], True),
    (["STRUSS JM"], ["Julia Maria Struß"], True),
    (["S. B"], ["Sankar B"], True),  # initials alone: nothing to tell by
    (["S. B"], ["Prabhat Kumar"], True),
    (["A. Du"], ["Bo Le"], False),
    (["S. Hooker", "P. Novak"], ["Petra Novak"], True),  # any author of the entry's
    # A particle before a name is not the name: "Le Gall" is not Quoc V. Le.
    (["M. Le Gall"], ["Quoc V. Le"], False), (["J. van Dijk"], ["Hoang Van"], False),
    (["J. van der Berg"], ["Anna Der"], False), (["X. du Bois"], ["Xin Du"], False),
    (["J. de Vries"], ["Soham De"], False), (["K. von Neumann"], ["Otto Von"], False),
    (["M. al Farabi"], ["Nasser Al"], False), (["A. bin Laden"], ["Tan Bin"], False),
    (["V. Le"], ["Vinh Le Jr"], True), (["DAUME H"], ["Hal Daumé III"], True),
    (["Le VTH"], ["Van Thanh Hoa Le"], True),  # three initials
    (["VAN DYKE J"], ["Hoang Van"], False),  # four capitals are a name
    (["van Dam J"], ["Hoang Van"], False),  # a short name in mixed case is no initials
    (["B. Jones"], ["Sankar B"], False),  # an initial is no family name
    (["Sankar, B."], ["Sankar B"], True), (["Prabhat"], ["Prabhat"], True),
    (["J. Garcia"], ["Jose Garcia Perez"], True),  # two family names
    (["A. Smith"], [], True),  # arXiv gives no authors: nothing to tell by
    (["J. Martin"], ["Martin Schmidt"], False),  # a given name is not the author
    (["Smith, J."], ["J. Doe"], False),  # nor an initial
])
def test_the_author_check_reads_family_names_however_a_list_writes_them(
        written: list[str], on_arxiv: list[str], taken: bool) -> None:
    import dataclasses

    from bot.sources.abstracts import _by_title

    title = "Deep residual learning for saliency"
    entry = parse_list(f"# Papers\n\n## Attacks\n\n* [{title}](https://doi.org/10.1234/r.2019) - A. B., "
                       "2019\n").entries[0]
    paper = Paper(title=title, abstract="Residual.", authors=on_arxiv, published="2019-03-01")
    assert _by_title(dataclasses.replace(entry, authors=written), [paper]) == ("Residual." if taken else "")


def test_several_entries_under_one_title_are_each_answered_and_asked_for_once(state: State) -> None:
    text = ("# Papers\n\n## Surveys\n\n* [Explainable AI: A Survey](https://doi.org/10.1234/s.2022) - "
            "A. Smith, 2022\n* [Explainable AI: A Survey](https://doi.org/10.1234/t.2021) - J. Doe, 2021\n")
    doc = parse_list(text)
    papers = [same_title("2201.00001", 2022, ["Ann Smith"], "Smith's"),
              same_title("2101.00002", 2021, ["J. Doe"], "Doe's")]
    with ArxivServer(papers=papers) as srv:
        assert look_up_abstracts(doc, state, config(srv.url), []) == 2
        assert len(srv.requests) == 1
    keys = [lookup_key(e) for e in doc.entries]
    assert state.entries_to_look_up(keys) == set()
    assert [state.entry_abstracts(keys)[k] for k in keys] == ["Smith's", "Doe's"]


def test_an_answer_found_on_a_later_ask_replaces_the_empty_one(state: State) -> None:
    doc = parse_list(LIST)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        look_up_abstracts(doc, state, cfg, [])
        state.db.execute("UPDATE entry_abstracts SET checked = checked - ?", (2 * 86400,))
        sent = len(srv.requests)
        assert look_up_abstracts(doc, state, cfg, []) == 0 and len(srv.requests) == sent  # 2 days: not yet
        month = ENTRY_LOOKUP_RETRY_DAYS * 86400
        state.db.execute("UPDATE entry_abstracts SET checked = checked - ?", (month,))
        srv.papers.append(record("2001.00005", "A workshop paper that never reached arXiv"))
        assert look_up_abstracts(doc, state, cfg, []) == 1
        sent = len(srv.requests)
        assert look_up_abstracts(doc, state, cfg, []) == 0 and len(srv.requests) == sent  # found: kept
    assert state.db.execute("SELECT COUNT(*) FROM entry_abstracts").fetchone()[0] == 4  # a row an entry
    seen = abstracts_seen_by_the_ranker(LIST, state, cfg)
    assert seen["A workshop paper that never reached arXiv"] == srv.papers[-1].summary


def test_a_short_blurb_is_replaced_by_arxivs_abstract_and_kept_where_arxiv_has_none(state: State) -> None:
    # Under 25 words is no abstract to learn a paper from; a blurb arXiv has no paper for is still
    # better than nothing.
    text = ("# Papers\n\n## Attacks\n\n"
            "* [Interpretation of Neural Networks is Fragile](https://doi.org/10.1609/x)\n"
            "  <details><summary>2020</summary>Saliency is fragile.</details>\n"
            "* [A workshop paper that never reached arXiv](https://doi.org/10.1234/w.2020)\n"
            "  <details><summary>2020</summary>A short blurb about it.</details>\n")
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        assert look_up_abstracts(parse_list(text), state, cfg, []) == 1
    doc = parse_list(text)
    ranked = with_abstracts(doc, state, cfg)
    assert [e.abstract for e in ranked.entries] == [ON_ARXIV[1].summary, "A short blurb about it."]
    # The copy is its own list: finding a paper in it gives the entry the ranker sees.
    fragile = Paper(title="Interpretation of Neural Networks is Fragile")
    doc.find(fragile)
    assert with_abstracts(doc, state, cfg).find(fragile).abstract == ON_ARXIV[1].summary


@pytest.mark.parametrize(("written", "phrase"), [
    ("Explainable AI in 2023: A Review", 'ti:"Explainable AI in 2023 A Review"'),
    ("2048 Is Hard: Explaining Game Agents", 'ti:"2048 Is Hard Explaining Game Agents"'),
    ("Scaling ViTs (ViT-22B) in Practice", 'ti:"Scaling ViTs ViT 22B in Practice"'),
    ("Vision 2030: Explaining Models", 'ti:"Vision 2030 Explaining Models"'),
    ("[ICLR 2018] Sanity Checks", 'ti:"Sanity Checks"'),
])
def test_only_a_lists_tags_are_taken_off_a_title_before_it_is_asked_for(
        state: State, written: str, phrase: str) -> None:
    text = f"# Papers\n\n## Attacks\n\n* [{written}](https://doi.org/10.1234/p.2020)\n"
    with ArxivServer(papers=[]) as srv:
        look_up_abstracts(parse_list(text), state, config(srv.url), [])
    assert [r.params["search_query"] for r in srv.requests] == [phrase]


def test_a_title_search_reads_its_whole_page(state: State) -> None:
    # Five answers a title were read: a paper seventh among its namesakes was recorded as not on arXiv.
    namesakes = [record(f"2001.{100 + n:05d}", f"Sanity checks for saliency maps of task {n}")
                 for n in range(6)]
    sanity = record("1810.03292", "Sanity Checks for Saliency Maps")
    text = "# Papers\n\n## Attacks\n\n* [Sanity Checks for Saliency Maps](https://doi.org/10.5555/3327546)\n"
    with ArxivServer(papers=[*namesakes, sanity]) as srv:  # the server's best match first
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1
        assert len(srv.requests) == 1


def test_a_title_that_begins_like_a_tag_matches_its_paper_as_written(state: State) -> None:
    title = "DIMT25@ICDAR2025: HW-TSC's End-to-End Document Image Translation"
    text = f"# Papers\n\n## Attacks\n\n* [{title}](https://doi.org/10.1234/p.2020)\n"
    with ArxivServer(papers=[record("2509.00001", title)]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1


def test_an_entry_linked_by_an_id_arxiv_cannot_have_is_asked_for_by_its_title(state: State) -> None:
    # "1711.0610": a digit short (five after the dot from 2015 on); arXiv answers nothing for it.
    text = ("# Papers\n\n## Attacks\n\n"
            "* [Interpretation of Neural Networks is Fragile](https://arxiv.org/abs/1711.0610)\n")
    with ArxivServer(papers=ON_ARXIV) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1
    assert [(r.params["id_list"], r.params["search_query"]) for r in srv.requests] == [
        ("", 'ti:"Interpretation of Neural Networks is Fragile"')]


def test_no_title_is_asked_alone_once_arxiv_stopped_answering(
        state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.sources.arxiv_api.TITLES_PER_QUERY", 2)
    namesakes = [record(f"2001.{100 + n:05d}", f"Grad-CAM for task {n}") for n in range(12)]
    text = ("# Papers\n\n## Attacks\n\n* [Grad-CAM](https://doi.org/10.1109/iccv.2017.74)\n"
            "* [Fairwashing: the risk of rationalization](https://doi.org/10.1234/f.2020)\n"
            "* [Interpretation of Neural Networks is Fragile](https://doi.org/10.1234/i.2020)\n")
    with ArxivServer(papers=[*namesakes, *ON_ARXIV]) as srv:
        refused = Fault(status=429, times=None, when=lambda p: "Fragile" in p.get("search_query", ""))
        srv.faults.append(refused)
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 0
        assert len(srv.requests) == 2  # the crowded page, the refused one; no title alone after it


def test_the_lookups_share_the_runs_client_and_its_pauses(
        state: State, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # A client of their own would give the lookups a second 120 s of Retry-After pauses.
    import arxiv

    from bot.sources.arxiv_api import ask_arxiv, make_client

    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    with ArxivServer(papers=ON_ARXIV) as srv:
        cfg = config(srv.url)
        client = make_client(cfg)
        srv.faults.append(Fault(status=429, headers={"Retry-After": "100"}))
        ask_arxiv(cfg, "arxiv categories", [arxiv.Search(query="all:x", max_results=1)], client)
        srv.faults.append(Fault(status=429, headers={"Retry-After": "30"}))
        assert look_up_abstracts(parse_list(LIST), state, cfg, [], client) == 0
    assert sleeps == [100.0]
    assert "a pause of 30 s (HTTP 429, Retry-After) after 100 s of pauses, past the 120 s" in caplog.text


GRAD_CAM = "* [Grad-CAM](https://doi.org/10.1109/iccv.2017.74)\n"
FAIRWASHING = "* [Fairwashing: the risk of rationalization](https://proceedings.mlr.press/v97/aivodji19a)\n"


def grad_cams(n: int) -> list[ArxivEntry]:
    return [record(f"2001.{100 + i:05d}", f"Grad-CAM for task {i}") for i in range(n)]


def test_a_page_full_of_one_titles_own_namesakes_is_its_answer(state: State) -> None:
    # Asked alone already: asking it alone again (every run) would tell no more.
    doc = parse_list("# Papers\n\n## Attacks\n\n" + GRAD_CAM)
    with ArxivServer(papers=grad_cams(12)) as srv:
        assert look_up_abstracts(doc, state, config(srv.url), []) == 0
        assert len(srv.requests) == 1
    assert state.entries_to_look_up([lookup_key(doc.entries[0])]) == set()


@pytest.mark.parametrize(("papers", "queries"), [
    # One short of the page: every namesake and paper came, and what is missing is missing.
    (grad_cams(9), ['ti:"Grad CAM" OR ti:"Fairwashing the risk of rationalization"']),
    # A full page with one title answered: only the other is asked alone.
    ([*grad_cams(9), record("2001.00013", "Fairwashing: the risk of rationalization")],
     ['ti:"Grad CAM" OR ti:"Fairwashing the risk of rationalization"', 'ti:"Grad CAM"']),
])
def test_only_titles_left_unanswered_on_a_full_page_are_asked_alone(
        state: State, papers: list[ArxivEntry], queries: list[str]) -> None:
    with ArxivServer(papers=papers) as srv:
        look_up_abstracts(parse_list("# Papers\n\n## Attacks\n\n" + GRAD_CAM + FAIRWASHING), state,
                          config(srv.url), [])
    assert [r.params["search_query"] for r in srv.requests] == queries


def test_of_two_entries_under_one_title_one_answered_on_a_full_page_the_title_is_not_asked_again(
        state: State) -> None:
    smith = same_title("2001.00050", 2020, ["Ann Smith"], "Smith's.")
    text = ("# Papers\n\n## Surveys\n\n" + GRAD_CAM
            + f"* [{SURVEY}](https://doi.org/10.1234/s.2020) - A. Smith, 2020\n"
            f"* [{SURVEY}](https://doi.org/10.1234/t.2020) - J. Doe, 2020\n")
    with ArxivServer(papers=[*grad_cams(9), smith]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1
        assert len(srv.requests) == 2  # the shared page, then Grad-CAM alone


def test_titles_crowded_off_a_page_before_arxiv_stopped_answering_are_asked_next_run(
        state: State, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("bot.sources.arxiv_api.TITLES_PER_QUERY", 2)
    text = ("# Papers\n\n## Attacks\n\n" + GRAD_CAM
            + "* [Fairwashing: the risk of rationalization](https://doi.org/10.1234/f.2020)\n"
            "* [Interpretation of Neural Networks is Fragile](https://doi.org/10.1234/i.2020)\n")
    doc = parse_list(text)
    caplog.set_level("INFO")
    with ArxivServer(papers=[*grad_cams(12), *ON_ARXIV]) as srv:
        refused = Fault(status=429, times=None, when=lambda p: "Fragile" in p.get("search_query", ""))
        srv.faults.append(refused)
        look_up_abstracts(doc, state, config(srv.url), [])
    keys = [lookup_key(e) for e in doc.entries]
    assert state.entries_to_look_up(keys) == set(keys)  # none recorded as not on arXiv
    assert "abstracts found for 0 of 3 list entries asked for (3 to ask again next run)" in caplog.text


def test_the_summary_says_nothing_of_asking_again_where_every_entry_was_answered(
        state: State, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    fairwashing = record("2001.00013", "Fairwashing: the risk of rationalization")
    with ArxivServer(papers=[*grad_cams(12), fairwashing]) as srv:
        look_up_abstracts(parse_list("# Papers\n\n## Attacks\n\n" + GRAD_CAM + FAIRWASHING), state,
                          config(srv.url), [])
    assert "abstracts found for 1 of 2 list entries asked for" in caplog.text
    assert "ask again" not in caplog.text


@pytest.mark.parametrize("title", [
    "(2+1)D Convolutions for Saliency", "8000 - Hours of Speech",
    "ImageNet 2012-trained features are explainable", "Lessons from NeurIPS 2020: A Review",
])
def test_a_title_that_only_looks_tagged_is_asked_for_whole(title: str) -> None:
    from bot.sources.abstracts import _clean_title

    assert _clean_title(title) == title


def test_an_arxiv_linked_title_that_begins_like_a_tag_takes_its_papers_abstract(state: State) -> None:
    title = "DIMT25@ICDAR2025: HW-TSC's End-to-End Document Image Translation"
    text = f"# Papers\n\n## Attacks\n\n* [{title}](https://arxiv.org/abs/2509.00001)\n"
    with ArxivServer(papers=[record("2509.00001", title)]) as srv:
        assert look_up_abstracts(parse_list(text), state, config(srv.url), []) == 1


@pytest.mark.parametrize(("arxiv_id", "plausible"), [
    ("0704.0001", True), ("0703.0001", False), ("2112.00001", True), ("2113.00001", False),
    ("2100.00001", False), ("1412.1234", True), ("1412.12345", False), ("1501.1234", False),
    ("1501.12345", True), ("hep-th/9901001", True),
])
def test_an_id_is_plausible_from_arxivs_first_new_style_month_with_its_digits(
        arxiv_id: str, plausible: bool) -> None:
    from bot.sources.abstracts import plausible_arxiv_id

    assert plausible_arxiv_id(arxiv_id) is plausible


@pytest.mark.parametrize("edited", ["Fooling LIME and SHAP (AIES 2020)", "fooling LIME and SHAP"])
def test_a_tag_or_the_case_changed_in_a_title_is_not_asked_again(state: State, edited: str) -> None:
    first = "# Papers\n\n## Attacks\n\n* [Fooling LIME and SHAP](https://doi.org/10.1145/3375627.3375830)\n"
    with ArxivServer(papers=[]) as srv:
        look_up_abstracts(parse_list(first), state, config(srv.url), [])
        sent = len(srv.requests)
        again = parse_list(first.replace("Fooling LIME and SHAP", edited))
        look_up_abstracts(again, state, config(srv.url), [])
        assert len(srv.requests) == sent


def test_forgetting_entries_answers_keeps_the_listed_ones(state: State) -> None:
    state.record_entry_abstracts({"a": "found", "b": ""})
    assert state.forget_entry_abstracts(["a"]) == 1
    assert state.entries_to_look_up(["a", "b"]) == {"b"} and state.entry_abstracts(["a"]) == {"a": "found"}
