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
    assert m.venue == "TML 2024" and m.doi == "10.5555/TML.2024.17"
    assert m.published == "2024-01-16"  # when the work became public
    assert m.abstract == "A longer abstract of the published version."


@pytest.mark.parametrize("order", ["undated first", "dated first"])
def test_an_undated_copy_of_a_preprint_leaves_it_its_date(order: str) -> None:
    # An aggregator's feed item of the arXiv paper with no date, merged first, left it undated: the new
    # entry had no year and went where an undated paper goes.
    dated = paper(**PREPRINT)
    undated = paper(**{**PREPRINT, "published": "", "source": "feed:aggregator"})
    merged = merge_duplicates([undated, dated] if order == "undated first" else [dated, undated])
    assert len(merged) == 1 and merged[0].published == "2024-01-16"


def test_three_copies_keep_the_preprints_date_whatever_came_first() -> None:
    # The journal's copy, then an undated aggregator copy with the arXiv id, then arXiv's: the first
    # merge carried the journal's later date with the arXiv id, and it stood.
    journal = paper(**{**PUBLISHED, "title": PREPRINT["title"]})
    undated = paper(**{**PREPRINT, "published": "", "source": "feed:aggregator"})
    (merged,) = merge_duplicates([journal, undated, paper(**PREPRINT)])
    assert merged.published == "2024-01-16" and merged.doi == "10.5555/TML.2024.17"


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
        assert fooling.doi == "10.5555/TML.2024.17"
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


# A journal paper and its preprint, however the preprint's record says it is one.

SPATIAL = "Spatial multi-omics integration with graph attention"
JOURNAL = dict(title=SPATIAL, url="https://www.nature.com/articles/s41592-024-02316-4",
               doi="10.1038/s41592-024-02316-4", venue="Nature Methods", published="2024-06-21",
               abstract="The journal's abstract, longer than the preprint's.",
               authors=["Y. Long", "K. S. Ang"], source="feed:nmeth")


@pytest.mark.parametrize("order", ["preprint first", "journal first"])
@pytest.mark.parametrize("preprint", [
    # By its server's name alone: a Research Square link holds no DOI, nor does a bioRxiv item's link
    # where the feed leaves out its dc:identifier.
    dict(url="https://www.researchsquare.com/article/rs-4012345/v1", venue="Research Square"),
    dict(url="http://biorxiv.org/cgi/content/short/2024.02.10.579700v1?rss=1", venue="bioRxiv"),
    # By its DOI alone: a feed that names no server (an alert over several, titled by its search).
    dict(url="https://www.biorxiv.org/content/10.1101/2024.02.10.579700v1", doi="10.1101/2024.02.10.579700",
         venue="Spatial omics alert"),
    # By its arXiv id alone: arXiv's API gives the journal reference as the venue.
    dict(url="https://arxiv.org/abs/2402.01234", venue="Nat. Methods 21, 1234-1240 (2024)"),
])
def test_a_preprint_however_its_record_shows_it_merges_into_its_journal_version(
        preprint: dict[str, str], order: str) -> None:
    pre = paper(title=SPATIAL, abstract="Short.", published="2024-02-12", source="feed:pre", **preprint)
    pub = paper(**JOURNAL)
    [merged] = merge_duplicates([pre, pub] if order == "preprint first" else [pub, pre])
    assert (merged.venue, merged.doi) == ("Nature Methods", "10.1038/s41592-024-02316-4")
    assert merged.url == ("https://arxiv.org/abs/2402.01234" if merged.arxiv_id else JOURNAL["url"])


@pytest.mark.parametrize("order", ["preprint first", "journal first"])
def test_a_cold_spring_harbor_journal_paper_is_the_published_version_of_its_preprint(order: str) -> None:
    # Genome Research's DOIs share bioRxiv's prefix (10.1101/gr....): only bioRxiv's dated ones are preprints.
    pre = paper(title=SPATIAL, doi="10.1101/2023.05.01.538999", venue="bioRxiv", published="2023-05-03",
                url="https://www.biorxiv.org/content/10.1101/2023.05.01.538999v2", source="feed:biorxiv")
    pub = paper(title=SPATIAL, doi="10.1101/gr.277777.123", venue="Genome Research", published="2024-01-10",
                url="https://genome.cshlp.org/content/34/1/12", source="feed:gr")
    [merged] = merge_duplicates([pre, pub] if order == "preprint first" else [pub, pre])
    assert (merged.venue, merged.doi, merged.url) == ("Genome Research", "10.1101/gr.277777.123", pub.url)


@pytest.mark.parametrize("order", ["file first", "journal first"])
def test_a_copy_with_no_venue_links_the_journal_version_it_merges_with(order: str) -> None:
    # A candidate from a file with a PubMed link and no venue: the entry names the journal, so it links it.
    listed = paper(title=SPATIAL, url="https://pubmed.ncbi.nlm.nih.gov/38350000/", source="file:cands")
    pub = paper(**JOURNAL)
    [merged] = merge_duplicates([listed, pub] if order == "file first" else [pub, listed])
    assert (merged.venue, merged.url) == ("Nature Methods", JOURNAL["url"])


@pytest.mark.parametrize("order", ["preprint first", "arXiv record with its journal reference first"])
def test_an_arxiv_record_with_a_journal_reference_names_the_venue_over_a_plain_preprint(order: str) -> None:
    # A waiting preprint served again, now carrying the AAAI reference and DOI its authors added: the PR
    # said "*arXiv*" beside the AAAI DOI.
    pre = paper(**PREPRINT)
    ref = paper(**{**PREPRINT, "venue": "AAAI 2026", "doi": "10.1609/aaai.v40i1.1234"})
    [merged] = merge_duplicates([pre, ref] if order == "preprint first" else [ref, pre])
    assert (merged.venue, merged.doi) == ("AAAI 2026", "10.1609/aaai.v40i1.1234")
    assert merged.arxiv_id == "2401.08002"


@pytest.mark.parametrize("order", ["v1 first", "v2 first"])
def test_a_later_arxiv_version_gives_the_title_and_abstract(order: str) -> None:
    # A paper waiting for room kept v1's title when v2 dropped its "Towards", and the longer abstract
    # whichever version it was.
    v1 = paper(**{**PREPRINT, "title": "Towards Fooling Concept-Based Explanations",
                  "abstract": "A long first abstract that the authors later cut down to size.",
                  "id": "http://arxiv.org/abs/2401.08002v1"})
    v2 = paper(**{**PREPRINT, "abstract": "The rewritten abstract.", "id": "oai:arXiv.org:2401.08002v2",
                  "source": "feed:cs.LG"})
    [merged] = merge_duplicates([v1, v2] if order == "v1 first" else [v2, v1])
    assert (merged.title, merged.abstract) == (PREPRINT["title"], "The rewritten abstract.")
    assert merged.key == "arxiv:2401.08002"
    # Kept with its version, so that v1 served again (the cursors overlap two days) does not win back.
    assert merge_duplicates([merged, v1])[0].title == PREPRINT["title"]


def test_a_paper_served_again_by_arxiv_id_comes_back_as_seen_again_with_what_it_brings(state: State) -> None:
    # What later copies fill in (a waiting paper's venue, a title-only paper's abstract) and what keeps
    # a served paper from being forgotten (touch_seen) both read this.
    first = paper(**{**PREPRINT, "abstract": ""})
    state.record_seen([first], scores={first.key: 0.5})
    again = paper(**{**PREPRINT, "title": "A title spelt quite otherwise", "abstract": "Now an abstract."})
    fresh, seen = split_seen([again], state)
    assert fresh == [] and list(seen) == [first.key] and seen[first.key].abstract == "Now an abstract."


def test_a_journal_venue_taken_in_one_run_survives_an_arxiv_acceptance_note_served_in_a_later_one() -> None:
    journal = paper(**PUBLISHED)
    taken = merge_duplicates([paper(**PREPRINT), journal])[0]  # a waiting paper, as state keeps it
    later = paper(**{**PREPRINT, "venue": "ICML 2024 Workshop on Widgets", "id": "2401.08002v2"})
    merged = merge_duplicates([taken, later])[0]
    assert (merged.venue, merged.doi) == ("TML 2024", "10.5555/TML.2024.17")


def test_an_arxiv_version_is_read_from_a_pdf_link_too() -> None:
    older = paper(**{**PREPRINT, "title": "An older title", "id": "https://arxiv.org/pdf/2401.08002v1.pdf"})
    newer = paper(**{**PREPRINT, "id": "https://arxiv.org/pdf/2401.08002v3.pdf"})
    assert merge_duplicates([older, newer])[0].title == PREPRINT["title"]


# Copies of one paper, merged: what each keeps (a mutation round found none of these pinned).
_T = "Fooling Concept-Based Explanations"
_ARX = dict(title=_T, id="http://arxiv.org/abs/2401.08002v1", abstract="Short.", venue="arXiv",
            source="arxiv")
_JOURNAL = dict(title=_T, url="https://journal.example.org/17", venue="Journal of ML",
                abstract="A long published abstract.", source="feed")
_BIORXIV = dict(title=_T, url="https://www.biorxiv.org/content/10.1101/2024.01.01.123456v1",
                doi="10.1101/2024.01.01.123456", venue="bioRxiv", source="feed")
_NO_VENUE = dict(title=_T, url="https://example.org/copy", venue="", source="feed")


@pytest.mark.parametrize(("first", "second", "kept"), [
    # A journal's record, even without a DOI, over an arXiv comment's "Accepted at ... Workshop".
    (_JOURNAL, {**_ARX, "venue": "Accepted at the XAI Workshop"}, {"venue": "Journal of ML"}),
    # Two published records: the later copy wins the tie.
    ({"title": _T, "url": "https://proc.example.org/17", "venue": "TML 2024", "doi": "10.5555/tml.17",
      "source": "feed"},
     {"title": _T, "url": "https://pubmed.example.org/99", "venue": "Trans Mach Learn",
      "doi": "10.5555/tml.17", "source": "feed"}, {"venue": "Trans Mach Learn"}),
    # Neither published: the preprint server's name, in either order, and over a venue its DOI belies.
    (_BIORXIV, _NO_VENUE, {"venue": "bioRxiv"}),
    (_NO_VENUE, _BIORXIV, {"venue": "bioRxiv"}),
    ({**_NO_VENUE, "doi": "10.1101/2024.01.01.123456", "venue": "Neuroscience"}, _ARX, {"venue": "arXiv"}),
    # The journal's venue, and the DOI only the arXiv copy had.
    ({**_ARX, "venue": "", "doi": "10.5555/tml.17"}, _JOURNAL,
     {"venue": "Journal of ML", "doi": "10.5555/tml.17"}),
    # A later version gives its title, never an empty abstract; version 12 is later than version 2.
    ({**_ARX, "abstract": "The v1 abstract, long enough."},
     {**_ARX, "id": "https://arxiv.org/abs/2401.08002v2", "abstract": "", "title": _T + " (v2)"},
     {"title": _T + " (v2)", "abstract": "The v1 abstract, long enough."}),
    ({**_ARX, "id": "http://arxiv.org/abs/2401.08002v12", "title": "Title of v12"},
     {**_ARX, "id": "http://arxiv.org/abs/2401.08002v2", "title": "Title of v2"}, {"title": "Title of v12"}),
])
def test_merged_copies_keep_the_published_venue_the_doi_and_the_latest_version(
        first: dict, second: dict, kept: dict) -> None:
    from bot.sources.dedupe import merge
    from bot.sources.normalize import make_paper

    merged = merge(make_paper(**first), make_paper(**second))
    assert {k: getattr(merged, k) for k in kept} == kept
