"""One record per paper: across sources within a run, and across runs through the state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servers.feed_server import ATOM, RSS, FeedServer, fixture_feed

from bot.config import Config
from bot.paper import Paper
from bot.sources import fetch_all
from bot.sources.dedupe import merge_duplicates, split_seen
from bot.sources.normalize import make_paper
from bot.state import State


@pytest.fixture
def state(tmp_path: Path) -> State:
    with State(tmp_path / "state") as s:
        yield s


def paper(**kw: object) -> Paper:
    kw.setdefault("source", "test")
    p = make_paper(**kw)  # type: ignore[arg-type]
    assert p is not None
    return p


PREPRINT = dict(title="Fooling Concept-Based Explanations", id="http://arxiv.org/abs/2401.08002v1",
                abstract="Short.", authors=["Dan Brown", "Eve Black"], published="2024-01-16",
                venue="arXiv", categories=["cs.LG"], source="arxiv")
PUBLISHED = dict(title="Fooling concept-based explanations!", url="https://proc.example.org/17",
                 doi="10.5555/TML.2024.17", abstract="A longer abstract of the published version.",
                 authors=["Dan Brown", "Eve Black"], published="2024-03-01", venue="TML 2024",
                 categories=["security"], source="feed:tml")


def test_api_and_rss_copies_and_versions_become_one() -> None:
    api = paper(**{**PREPRINT, "id": "http://arxiv.org/abs/2401.08002v2"})
    rss = paper(**{**PREPRINT, "id": "arXiv:2401.08002v1", "source": "feed:cs.LG", "categories": ["cs.CV"]})
    merged = merge_duplicates([api, rss])
    assert len(merged) == 1
    assert merged[0].arxiv_id == "2401.08002" and merged[0].url == "https://arxiv.org/abs/2401.08002"
    assert merged[0].source == "arxiv+feed:cs.LG"
    assert merged[0].categories == ["cs.LG", "cs.CV"]


@pytest.mark.parametrize("order", ["preprint first", "published first"])
def test_published_version_merges_into_the_preprint(order: str) -> None:
    pre, pub = paper(**PREPRINT), paper(**PUBLISHED)
    merged = merge_duplicates([pre, pub] if order == "preprint first" else [pub, pre])
    assert len(merged) == 1
    m = merged[0]
    assert m.arxiv_id == "2401.08002" and m.key == "arxiv:2401.08002"
    assert m.url == "https://arxiv.org/abs/2401.08002"
    assert m.title == "Fooling Concept-Based Explanations"  # the preprint's title
    assert m.venue == "TML 2024" and m.doi == "10.5555/tml.2024.17"
    assert m.published == "2024-01-16"  # when the work became public
    assert m.abstract == "A longer abstract of the published version."


@pytest.mark.parametrize("given", ["2401.08002v3", "arXiv:2401.08002", "https://arxiv.org/abs/2401.08002v1",
                                   "10.48550/arXiv.2401.08002"])
def test_an_arxiv_id_given_in_any_form_is_one_paper(given: str) -> None:
    # A JSONL file or feed naming the id its own way must not make a second key (and a second PR).
    from_file = Paper.from_dict({"title": "Fooling concept-based explanations", "arxiv_id": given})
    assert from_file.arxiv_id == "2401.08002" and from_file.key == "arxiv:2401.08002"
    cleaned = paper(title=from_file.title, arxiv_id=given, source="file:x")
    assert cleaned.key == "arxiv:2401.08002" and cleaned.url == "https://arxiv.org/abs/2401.08002"
    assert len(merge_duplicates([paper(**PREPRINT), cleaned])) == 1


def test_similar_titles_with_different_arxiv_ids_stay_apart() -> None:
    a = paper(title="Adversarial Attacks on Saliency Maps: A Survey", id="2401.00001")
    b = paper(title="Adversarial Attacks on Saliency Maps: A Survey.", id="2401.00002")
    c = paper(title="Robust Explanations", id="2401.00003")
    assert [p.arxiv_id for p in merge_duplicates([a, b, c])] == ["2401.00001", "2401.00002", "2401.00003"]


PART = "Certified Robustness of Graph Neural Networks against Adversarial Structural Perturbations, Part "


def test_titles_that_differ_in_a_number_stay_apart() -> None:
    a = paper(title=PART + "I", url="https://doi.org/10.1109/TPAMI.2024.1111111", venue="IEEE TPAMI")
    b = paper(title=PART + "II", url="https://doi.org/10.1109/TPAMI.2024.2222222", venue="IEEE TPAMI")
    # The same title under another DOI (a proceedings and a journal version) is one work to propose.
    c = paper(title=(PART + "I").upper(), doi="10.1109/TPAMI.2024.3333333", venue="IEEE TPAMI")
    assert [p.title.rsplit(", ", 1)[1].lower() for p in merge_duplicates([a, b, c])] == ["part i", "part ii"]


def test_a_title_that_differs_in_a_number_is_not_seen(state: State) -> None:
    state.record_seen([paper(title=PART + "I", url="https://doi.org/10.1109/TPAMI.2024.1111111")])
    part_two = paper(title=PART + "II", url="https://doi.org/10.1109/TPAMI.2024.2222222")
    same_title = paper(title=PART + "I", doi="10.1109/TPAMI.2024.3333333")
    assert split_seen([part_two, same_title], state)[0] == [part_two]


def test_split_seen_recognises_every_identity(state: State) -> None:
    state.record_seen([paper(**PREPRINT), paper(title="A Journal Paper", doi="10.1234/abc", url="https://j.org/1")])
    candidates = [
        paper(**{**PREPRINT, "id": "arXiv:2401.08002v3"}),               # a new version: seen
        paper(**PUBLISHED),                                             # published version of a seen preprint
        paper(title="A Journal Paper (revised)", doi="10.1234/ABC"),       # same DOI
        paper(title="Fooling Concept Based Explanations", id="2402.00001"),  # re-posted, same exact title
        paper(title="Something Entirely New About Backdoors", id="2402.00002"),
        paper(title="A brand new journal article on attribution", url="https://j.org/2"),
    ]
    assert [p.title for p in split_seen(candidates, state)[0]] == [
        "Something Entirely New About Backdoors", "A brand new journal article on attribution"]


def test_empty_state_drops_nothing(state: State) -> None:
    papers = [paper(**PREPRINT), paper(**PUBLISHED)]
    assert split_seen(papers, state)[0] == papers


def test_fetch_all_merges_feeds_and_outputs_new_papers_only(state: State, tmp_path: Path) -> None:
    lines = [json.dumps({"title": "Robust Saliency Maps under Adversarial Manipulation",
                         "url": "https://arxiv.org/abs/2401.08001v2", "abstract": "From a file."}),
             json.dumps({"title": "An Offline <b>Example</b> Paper", "published": "2024-01-02T10:00:00Z",
                         "authors": ["A. Person"]})]
    (tmp_path / "cands.jsonl").write_text("\n".join(lines) + "\n")
    with FeedServer(feeds={"/rss": (RSS, fixture_feed("arxiv-cs.LG.rss.xml")),
                           "/tml": (ATOM, fixture_feed("conference.atom.xml"))}) as srv:
        config = Config.model_validate({"sources": {
            "arxiv": {"enabled": False},
            "feeds": [{"name": "cs.LG", "url": srv.url + "/rss"},
                      {"name": "tml", "url": srv.url + "/tml", "venue": "TML 2024"}],
            "files": [{"path": "cands.jsonl", "name": "offline"}]}})
        config.base_dir = tmp_path
        first = fetch_all(config, state)
        by_title = {p.title: p for p in first.papers}
        assert len(first.papers) == 4
        fooling = by_title["Fooling Concept-Based Explanations"]
        assert (fooling.arxiv_id, fooling.venue) == ("2401.08002", "TML 2024")
        assert fooling.doi == "10.5555/tml.2024.17"
        saliency = by_title["Robust Saliency Maps under Adversarial Manipulation"]
        assert saliency.source == "feed:cs.LG+file:offline"
        offline = by_title["An Offline Example Paper"]
        assert (offline.published, offline.source) == ("2024-01-02", "file:offline")
        assert {r.name: (len(r.papers), r.new) for r in first.reports} == {
            "feed:cs.LG": (2, 2), "feed:tml": (2, 2), "file:offline": (2, 2)}
        state.record_seen(first.papers)
        second = fetch_all(config, state)  # no commit: the feeds answer 200 again
    assert second.papers == [] and second.errors == []
    assert all(r.new == 0 for r in second.reports)
