"""Choosing candidates and rendering PRs: caps, exclusions, branch names, and hostile text made inert."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Config
from bot.paper import Paper
from bot.proposal import (
    DIGEST_MAX_PAPERS,
    LIKELY_SAME_WORK,
    MAX_AUTHORS,
    MAX_BODY,
    MAX_TITLE,
    body_without,
    branch_name,
    commit_message,
    digest_body,
    digest_branch,
    digest_title,
    keys_from_body,
    listed_twice_notice,
    marker,
    pr_body,
    pr_title,
    select,
    selection_notes,
    slug,
    titles_from_body,
)
from bot.ranked import Neighbor, RankedPaper, SectionGuess
from bot.sources.recall import Recall
from bot.state import State


def ranked(n: int, score: float = 0.9, **kw: object) -> RankedPaper:
    paper = Paper(title=f"Paper number {n}", abstract=f"Abstract {n}.",
                  authors=["Ada Lovelace", "Alan Turing"], published="2021-03-01",
                  url=f"https://arxiv.org/abs/2101.{n:05d}v2", venue="NeurIPS")
    defaults: dict[str, object] = dict(
        section="Attacks", section_confidence=0.71,
        alternatives=[SectionGuess("Defenses", 0.2)],
        neighbors=[Neighbor("Interpretation of Neural Networks is Fragile", 0.83, "Attacks"),
                   Neighbor("Fooling LIME and SHAP", 0.77, "Attacks"),
                   Neighbor("Robust explanations", 0.61, "Defenses")],
        keywords=["saliency", "adversarial"], rank=n,
    )
    defaults.update(kw)
    return RankedPaper(paper, score, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def state(tmp_path):
    with State(tmp_path / "state") as s:
        yield s


def config(**github: object) -> Config:
    return Config.model_validate({"github": github, "ranking": {"min_score": 0.5}})


def test_select_filters_and_orders(state: State) -> None:
    closed = ranked(5, 0.99)
    state.upsert_proposal(closed.paper, "closed", "Attacks", "litbot/x", pr_number=7)
    cands = [ranked(1, 0.6), ranked(2, 0.4), ranked(3, 0.95, listed=True), ranked(4, 0.97, excluded=True),
             closed, ranked(6, 0.8), ranked(6, 0.8)]
    chosen = select(cands, state, config(max_new_prs_per_run=10, max_open_prs=10))
    assert [c.paper.key for c in chosen] == ["arxiv:2101.00006", "arxiv:2101.00001"]


def test_a_closed_papers_journal_version_under_another_title_is_known_by_its_doi(state: State) -> None:
    # Closing means never again: the journal version, served by a feed with the closed preprint's DOI
    # and a reworded title, is the same paper, neither proposed nor left waiting in the backlog.
    from bot.proposal import proposed_as_another

    closed = ranked(5, 0.99)
    closed.paper.doi = "10.1234/jml.2021.5"
    state.upsert_proposal(closed.paper, "closed", "Attacks", "litbot/x", pr_number=7)
    journal = ranked(9, 0.95)
    journal.paper = Paper(title="A journal article with a reworded title", doi="10.1234/JML.2021.5",
                          abstract="Abstract.", url="https://journal.example.org/5")
    assert select([journal], state, config(max_new_prs_per_run=10, max_open_prs=10)) == []
    assert proposed_as_another([journal], state, 0.5) == {journal.paper.key}


def test_a_paper_that_reads_as_a_closed_one_is_not_proposed_and_the_run_says_so(state: State) -> None:
    # Another version of a paper whose PR was closed (rank_papers marks it): closed means never again.
    twin = ranked(9, 0.97, like_closed="Paper number 5")
    cfg = config(max_new_prs_per_run=10, max_open_prs=10)
    assert select([twin, ranked(1, 0.6)], state, cfg) == [ranked(1, 0.6)]
    # Found by a review: without a word, a paper held back by mistake could never be found; and the
    # run said nothing, not even "no paper reached min_score".
    assert selection_notes([twin, ranked(2, 0.2)], [], state, cfg) == [
        "1 paper at or over ranking.min_score 0.5 not proposed: 'Paper number 9' reads as the closed "
        "'Paper number 5'", "no paper reached ranking.min_score 0.5 (the best scored 0.200)"]


def test_the_abstract_a_pr_body_quotes_is_read_back_for_its_paper() -> None:
    from bot.proposal import abstract_in_body, digest_body, pr_body

    odd = ranked(2)
    odd.paper.title = "A *starred* [title] & <more>"
    odd.paper.abstract = ("We fool SHAP_values with x<y & z>w, see [1] and `code`; " + "more " * 60).strip()
    plain = ranked(3)
    assert abstract_in_body(pr_body(odd, 10), "anything") == odd.paper.abstract  # one paper: its own
    both = digest_body([plain, odd], 10)
    assert abstract_in_body(both, odd.paper.title) == odd.paper.abstract
    assert abstract_in_body(both, plain.paper.title) == plain.paper.abstract
    assert abstract_in_body(both, "Another paper") == "" and abstract_in_body(None, "x") == ""


def test_select_respects_caps(state: State) -> None:
    cands = [ranked(i, 0.9 - i / 100) for i in range(1, 10)]
    assert len(select(cands, state, config(max_new_prs_per_run=2, max_open_prs=5))) == 2
    for i in (20, 21, 22, 23):  # four PRs already open or pending
        state.upsert_proposal(ranked(i).paper, "open" if i % 2 else "pending", "Attacks", pr_number=i)
    chosen = select(cands, state, config(max_new_prs_per_run=2, max_open_prs=5))
    assert [c.paper.key for c in chosen] == ["arxiv:2101.00001"]
    assert select(cands, state, config(max_new_prs_per_run=2, max_open_prs=4)) == []


def test_select_skips_already_proposed_and_merged(state: State) -> None:
    state.upsert_proposal(ranked(1).paper, "open", "Attacks", pr_number=3)
    state.upsert_proposal(ranked(2).paper, "merged", "Attacks", pr_number=4)
    chosen = select([ranked(1), ranked(2), ranked(3)], state, config(max_open_prs=10, max_new_prs_per_run=5))
    assert [c.paper.key for c in chosen] == ["arxiv:2101.00003"]


def test_select_digest_takes_several_papers_for_one_pr(state: State) -> None:
    cands = [ranked(i) for i in range(1, 6)]
    assert len(select(cands, state, config(mode="digest", max_new_prs_per_run=1, max_open_prs=1))) == 5
    state.upsert_proposal(ranked(9).paper, "open", "Attacks", "litbot/digest-abc", pr_number=1)
    assert select(cands, state, config(mode="digest", max_new_prs_per_run=1, max_open_prs=1)) == []


def test_digest_mode_pauses_when_no_new_prs_are_allowed(state: State) -> None:
    # max_new_prs_per_run: 0 is the documented way to pause the bot; a digest opens a new PR too, so
    # ignoring the cap there would keep opening digests on a repository its maintainer paused.
    cands = [ranked(i) for i in range(1, 4)]
    assert select(cands, state, config(mode="digest", max_new_prs_per_run=0, max_open_prs=5)) == []
    assert select(cands, state, config(mode="per_paper", max_new_prs_per_run=0, max_open_prs=5)) == []


def test_the_notes_say_why_a_run_proposes_fewer_papers_than_it_could(state: State) -> None:
    # "0 proposals" alone left a maintainer guessing: a cap, the watchlist or the threshold.
    for i in (20, 21):
        state.upsert_proposal(ranked(i).paper, "open", "Attacks", pr_number=i)
    cands = [ranked(1, 0.9), ranked(2, 0.8), ranked(3, 0.7), ranked(4, 0.6, listed=True), ranked(5, 0.4),
             ranked(6, 0.0, excluded=True, excluded_by="exclude: quantum", score_without_watchlist=0.95),
             ranked(7, 0.0, excluded=True, excluded_by="no must term", score_without_watchlist=0.3)]
    capped = config(max_new_prs_per_run=1, max_open_prs=5)
    chosen = select(cands, state, capped)
    assert selection_notes(cands, chosen, state, capped) == [
        # Open after this run: its one PR counts (with 2 open before it, "5 with 2 open" read as room).
        "2 more papers at or over ranking.min_score 0.5 wait for room (github.max_open_prs 5 with 3 open, "
        "github.max_new_prs_per_run 1); later runs rank them again with the new papers",
        "1 paper at or over ranking.min_score 0.5 dropped by the watchlist (exclude: quantum: 1)",
    ]
    low = [ranked(1, 0.42), ranked(2, 0.3)]
    assert selection_notes(low, select(low, state, capped), state, capped) == [
        "no paper reached ranking.min_score 0.5 (the best scored 0.420)"]
    # A digest's room is its size and the open digests, not each paper in them.
    for i in (22, 23):  # two papers of one open digest: one PR
        state.upsert_proposal(ranked(i).paper, "open", "Attacks", "litbot/digest-1", pr_number=22)
    digest = config(mode="digest", max_new_prs_per_run=5, max_open_prs=5)
    many = [ranked(i, 0.9) for i in range(1, 13)]
    assert selection_notes(many, select(many, state, digest), state, digest)[0] == (
        "2 more papers at or over ranking.min_score 0.5 wait for room (a digest holds at most 10 papers; "
        "github.max_open_prs 5 with 4 open; github.max_new_prs_per_run 5); later runs rank them again with "
        "the new papers")
    paused = config(mode="digest", max_new_prs_per_run=0, max_open_prs=5)
    assert "github.max_new_prs_per_run 0" in selection_notes(many, [], state, paused)[0]
    roomy = config(max_new_prs_per_run=5, max_open_prs=10)
    assert selection_notes(cands[:3], select(cands[:3], state, roomy), state, roomy) == []


def test_a_digest_left_open_when_digests_are_turned_off_counts_as_one_open_pr(state: State) -> None:
    # max_open_prs counts PRs: an open 5-paper digest counted as 5 once the maintainer went back to a PR
    # per paper, and with max_open_prs 3 nothing was proposed for months.
    for i in range(30, 35):
        state.upsert_proposal(ranked(i).paper, "open", "Attacks", "litbot/digest-30", pr_number=30)
    per_paper = config(mode="per_paper", max_new_prs_per_run=5, max_open_prs=3)
    cands = [ranked(i, 0.9) for i in range(1, 6)]
    assert [r.paper.key for r in select(cands, state, per_paper)] == [r.paper.key for r in cands[:2]]
    assert "github.max_open_prs 3 with 3 open" in selection_notes(cands, cands[:2], state, per_paper)[0]


def test_a_paper_without_a_section_is_never_selected(state: State) -> None:
    # The ranker leaves section empty when it cannot place a paper: a PR for it would insert the
    # entry nowhere (or at a guessed spot), so even the best-scoring unplaced paper must wait.
    cands = [ranked(1, 0.99, section=""), ranked(2, 0.6)]
    for mode in ("per_paper", "digest"):
        chosen = select(cands, state, config(mode=mode, max_new_prs_per_run=5, max_open_prs=5))
        assert [c.paper.key for c in chosen] == ["arxiv:2101.00002"], mode



def test_a_paper_scoring_exactly_the_minimum_score_is_proposed(state: State) -> None:
    cands = [ranked(1, 0.5), ranked(2, 0.4999)]  # min_score 0.5
    assert [c.paper.key for c in select(cands, state, config(max_new_prs_per_run=5))] == ["arxiv:2101.00001"]


def test_a_digest_takes_at_most_its_cap_of_papers_best_first(state: State) -> None:
    cands = [ranked(i, 0.6 + i / 100) for i in range(1, DIGEST_MAX_PAPERS + 4)]
    chosen = select(cands, state, config(mode="digest", max_new_prs_per_run=1, max_open_prs=2))
    assert [c.paper.key for c in chosen] == [c.paper.key for c in cands[::-1][:DIGEST_MAX_PAPERS]]

@pytest.mark.parametrize("key, expected", [
    ("arxiv:2101.00001", "litbot/arxiv-2101.00001"),
    ("doi:10.1145/3372297.3417231", "litbot/doi-10.1145-3372297.3417231"),
    ("arxiv:hep-th/9901001", "litbot/arxiv-hep-th-9901001"),
])
def test_branch_names(key: str, expected: str) -> None:
    assert branch_name(key) == expected


def test_branch_names_are_valid_refs_for_odd_keys() -> None:
    odd = ["title:a..b c.lock", "doi:10.1/..--..>>", "title:" + "x" * 300, "title:élan vital", "title:"]
    for key in odd:
        s = slug(key)
        assert s and ".." not in s and not s.endswith((".lock", ".", "-")) and re.fullmatch(r"[a-z0-9.-]+", s)
        assert len(s) <= 60
    assert slug("title:" + "x" * 300) != slug("title:" + "x" * 299 + "y")
    # Keys that differ only in what a ref cannot hold get different branches, not one shared PR.
    assert slug("doi:10.1007/978-3-030-58452-8_1") != slug("doi:10.1007/978-3-030-58452-8-1")
    # A ref may not end in ".lock"; dropping the suffix made "10.1/x.lock" and "10.1/x" one branch.
    assert slug("doi:10.1/x.lock") != slug("doi:10.1/x") and not slug("doi:10.1/x.lock").endswith(".lock")
    assert digest_branch(["b", "a"]) == digest_branch(["a", "b"]) != digest_branch(["a"])


def test_markers_round_trip_and_cannot_be_closed_early() -> None:
    keys = ["arxiv:2101.00001", "doi:10.1/x-->y <b>", "title:a title with spaces"]
    titles = ["Fooling LIME -- and <i>SHAP</i> -->", "A  title\nover lines ", ""]
    body = "text\n" + "\n".join(marker(k, t) for k, t in zip(keys, titles, strict=True))
    assert keys_from_body(body) == keys
    assert titles_from_body(body) == dict(zip(keys[:2], titles[:2], strict=True))
    assert marker("arxiv:2101.00001") == "<!-- litbot:key=arxiv:2101.00001 -->"
    assert marker("arxiv:2101.00001", "A b") == "<!-- litbot:key=arxiv:2101.00001 title=A%20b -->"
    assert body.count("-->") == 3 and "LIME%20%2D%2D%20and" in body  # no "--" in an HTML comment


def test_a_marker_written_before_markers_carried_titles_is_read_as_before() -> None:
    body = "x\n<!-- litbot:key=arxiv:2101.00001 -->\n<!-- litbot:key=doi:10.1/a title=T -->"
    assert keys_from_body(body) == ["arxiv:2101.00001", "doi:10.1/a"]
    assert titles_from_body(body) == {"doi:10.1/a": "T"}
    # A paper taken out of a digest takes its marker along, titled or not.
    out = body_without(body, {"arxiv:2101.00001": "A", "doi:10.1/a": "T"})
    assert keys_from_body(out) == [] and "litbot:key" not in out


def test_a_title_is_plain_text_with_no_escapes_but_no_mentions_either() -> None:
    rp = ranked(2, section="Attacks & Defenses")
    rp.paper.title = "Look, Ma! L_2 attacks <b>on</b> @octocat's *model* (#12)"
    assert pr_title(rp) == 'Add "Look, Ma! L_2 attacks on @ octocat\'s *model* (# 12)" to Attacks & Defenses'



def test_a_hostile_title_in_the_commit_message_cannot_close_or_reference_an_issue() -> None:
    # The commit lands on the default branch when the PR is merged (as a merge commit, or as a one-commit
    # squash's default message): "Fixes #12" there closes issue 12 of the list's repository, and any
    # "#12" or issue URL adds a cross-reference to it as soon as the branch is pushed.
    rp = ranked(2, section="Attacks (#7)")
    rp.paper.title = "Fixes #12, closes owner/list#3 and GH-4 (https://github.com/o/r/issues/5) for @octocat"
    message = commit_message(rp)
    assert not re.search(r"#\d|(?<!\w)GH-\d|issues/\d|@[A-Za-z0-9]", message, re.IGNORECASE), message
    assert message.startswith('Add "Fixes # 12, closes owner/list# 3') and "to Attacks (# 7)" in message

def test_title_and_body_contents() -> None:
    rp = ranked(2, 0.8123)
    title = pr_title(rp)
    assert title == 'Add "Paper number 2" to Attacks'
    body = pr_body(rp, ranked_total=40)
    for expected in (
        "Ada Lovelace, Alan Turing", "*NeurIPS*", "2021",
        "[arXiv](https://arxiv.org/abs/2101.00002)", "[PDF](https://arxiv.org/pdf/2101.00002)",
        "0.812 (rank 2 of 40 candidates this run)",
        "**Attacks** (confidence 0.71); runner-up: Defenses (0.20)",
        "Interpretation of Neural Networks is Fragile (Attacks): similarity 0.83",
        "Robust explanations (Defenses): similarity 0.61",
        "| Watchlist keywords | saliency, adversarial |",
        "> Abstract 2.",
        "never propose this paper again", "another section",
        "<!-- litbot:key=arxiv:2101.00002 title=Paper%20number%202 -->",
    ):
        assert expected in body, expected
    doi = ranked(3)
    doi.paper.doi = "10.1000/abc"
    assert "[DOI](https://doi.org/10.1000/abc)" in pr_body(doi, 5)


def test_the_body_says_where_each_keyword_was_found_and_what_the_boost_added() -> None:
    rp = ranked(2, 0.8123, keywords=["saliency", "adversarial"], keywords_in_title=["saliency"],
                score_before_boost=0.7021)
    body = pr_body(rp, ranked_total=40)
    assert "| Watchlist keywords | saliency (title), adversarial (abstract) |" in body
    assert "0.812 (rank 2 of 40 candidates this run; 0.702 before its watchlist boost)" in body


def test_keywords_ranked_by_the_real_ranker_carry_where_they_were_found() -> None:
    from bot.lists import parse_list
    from bot.ranking import rank_papers

    listing = parse_list("## Attacks\n\n- [Fooling saliency maps](https://arxiv.org/abs/2001.00001)\n",
                         "l.md")
    config = Config.model_validate({"watchlist": {"boost": ["saliency", "fairwashing"]},
                                    "sections": {"tune": False}})
    paper = Paper(title="Saliency under attack", abstract="We study fairwashing of saliency maps.", id="x")

    class Fixed:
        def encode(self, texts: list[str], progress: bool = False):
            import numpy as np
            return np.tile(np.eye(4)[0], (len(texts), 1)).astype(np.float32)

    [rp] = rank_papers(listing, [paper], config, None, embedder=Fixed())
    assert rp.keywords == ["saliency", "fairwashing"] and rp.keywords_in_title == ["saliency"]
    assert 0 < rp.score_before_boost < rp.score


def test_the_body_says_when_a_paper_goes_where_its_genre_points() -> None:
    """The genre outweighs the topic (sections.py), so the reviewer is told why a survey of attacks is
    proposed for Surveys, or for a section a hint made the surveys' home; a paper placed by topic
    (the ranker found no genre) gets no such line."""
    survey = ranked(4, section="Surveys", genre="a survey")
    assert "**Surveys** (confidence 0.71), as it calls itself a survey; runner-up" in pr_body(survey, 5)
    assert "as it calls itself a survey" in digest_body([ranked(3), survey], 5)
    assert "calls itself" not in pr_body(ranked(4), 5)


def test_the_body_says_when_a_list_filed_by_venue_places_a_paper_by_its_venue() -> None:
    venue = ranked(4, section="NeurIPS 2024", section_confidence=0.95, by_venue="its venue is NeurIPS 2024")
    assert "**NeurIPS 2024** (confidence 0.95), as its venue is NeurIPS 2024; runner-up" in pr_body(venue, 5)
    hostile = ranked(4, by_venue="its venue is <img src=x onerror=alert(1)> [x](javascript:alert(1))")
    assert "<img" not in pr_body(hostile, 5) and "](javascript:" not in pr_body(hostile, 5)
    assert ", as its venue" not in pr_body(ranked(4), 5)


def test_the_body_flags_a_likely_version_of_a_listed_paper_an_unsure_section_and_a_missing_venue():
    plain = pr_body(ranked(4), 5)  # nearest entry at 0.83, confidence 0.71, venue NeurIPS
    assert "Possibly listed already" not in plain and "unsure" not in plain and "venue unknown" not in plain
    version = ranked(4, section_confidence=0.29,
                     neighbors=[Neighbor("The Bouncer Problem: Challenges to Remote Explainability", 0.98)])
    version.paper.venue, version.paper.url, version.paper.arxiv_id = "", "https://j.org/p", None
    body = pr_body(version, 5)
    assert "**Possibly listed already**: this reads as another version of *The Bouncer Problem" in body
    assert "(confidence 0.29); runner-up: Defenses (0.20); unsure, please check" in body
    assert "Ada Lovelace, Alan Turing · venue unknown · 2021" in body



def test_a_long_title_is_cut_so_the_section_still_shows_in_the_pr_title() -> None:
    rp = ranked(1, section="Defenses against membership inference")
    rp.paper.title = "A very long title " * 40
    title = pr_title(rp)
    assert len(title) <= MAX_TITLE and title.endswith('…" to Defenses against membership inference'), title
    assert MAX_TITLE <= 256  # GitHub refuses a longer PR title: the paper stayed pending, retried every run


def test_a_digest_of_one_paper_is_titled_like_a_single_pr() -> None:
    assert digest_title([ranked(3)]) == pr_title(ranked(3)) == 'Add "Paper number 3" to Attacks'
    assert digest_title([ranked(3), ranked(4)]) == "Add 2 papers to the list"


def test_the_papers_own_arxiv_url_is_not_linked_twice() -> None:
    rp = ranked(2)
    for same in ("https://arxiv.org/abs/2101.00002/", "https://arxiv.org/abs/2101.00002v2",
                 "http://arxiv.org/pdf/2101.00002v1"):
        rp.paper.url = same
        assert "[link]" not in pr_body(rp, 5), same
    rp.paper.url = "https://arxiv.org/abs/2101.00003v2"  # another paper's page is a link of its own
    assert "[link](https://arxiv.org/abs/2101.00003v2)" in pr_body(rp, 5)
    rp.paper.url = "https://journal.example/p/2"
    assert "[link](https://journal.example/p/2)" in pr_body(rp, 5)


def test_the_papers_own_doi_url_is_not_linked_twice() -> None:
    # "[link](https://doi.org/10.1016/j.x.2021.1) · [DOI](https://doi.org/10.1016/j.x.2021.1)".
    rp = ranked(2)
    rp.paper.arxiv_id, rp.paper.doi = None, "10.1016/j.Patcog.2021.108194"
    for same in ("https://doi.org/10.1016/j.Patcog.2021.108194", "http://dx.doi.org/10.1016/j.patcog.2021.108194"):
        rp.paper.url = same
        body = pr_body(rp, 5)
        assert "[link]" not in body and "[DOI](https://doi.org/10.1016/j.Patcog.2021.108194)" in body, same
    # The publisher's page, or another DOI's, is a link of its own.
    for other in ("https://www.sciencedirect.com/science/article/pii/S0031320321003769",
                  "https://doi.org/10.1016/j.patcog.2021.108195"):
        rp.paper.url = other
        assert f"[link]({other})" in pr_body(rp, 5)


def test_authors_past_the_cap_are_counted_not_listed() -> None:
    rp = ranked(1)
    rp.paper.authors = [f"Author {i}" for i in range(1, MAX_AUTHORS + 1)]
    assert "et al." not in pr_body(rp, 5)
    rp.paper.authors.append("One More")
    body = pr_body(rp, 5)
    assert f"Author {MAX_AUTHORS} et al. ({MAX_AUTHORS + 1} authors)" in body and "One More" not in body


def test_a_preprint_without_a_venue_shows_arxiv_as_its_venue() -> None:
    rp = ranked(1)
    rp.paper.venue = ""
    assert "Ada Lovelace, Alan Turing · *arXiv* · 2021" in pr_body(rp, 5)


def test_a_neighbour_at_exactly_the_same_work_threshold_is_flagged_and_one_just_below_is_not() -> None:
    at = ranked(1, neighbors=[Neighbor("Listed paper", LIKELY_SAME_WORK, "Attacks")])
    below = ranked(1, neighbors=[Neighbor("Listed paper", LIKELY_SAME_WORK - 0.001, "Attacks")])
    assert "Possibly listed already" in pr_body(at, 5)
    assert "Possibly listed already" not in pr_body(below, 5)


def test_rank_and_confidence_unknown_to_a_resumed_proposal_read_as_such() -> None:
    # A proposal resumed from state has no rank or confidence from this run (0): the body must not say
    # "rank 0", "confidence 0.00" or "unsure", and never a rank above the number of candidates.
    body = pr_body(ranked(1, rank=0, section_confidence=0.0, alternatives=[]), 0)
    assert "| Score | 0.900 (1 candidates this run) |" in body
    assert "**Attacks** (chosen by an earlier run) |" in body and "unsure" not in body
    assert "(rank 7 of 7 candidates this run)" in pr_body(ranked(7), 3)


def test_keywords_are_capped_and_an_unplaced_neighbour_shows_no_section() -> None:
    rp = ranked(1, keywords=[f"kw{i}" for i in range(30)], neighbors=[Neighbor("Unplaced entry", 0.7, "")])
    body = pr_body(rp, 5)
    assert "kw19 |" in body and "kw20" not in body
    assert "1. Unplaced entry: similarity 0.70" in body


def test_a_section_name_with_no_text_left_reads_as_the_list() -> None:
    rp = ranked(1, section="<b></b>", alternatives=[SectionGuess("<i></i>", 0.2)])
    assert pr_title(rp).endswith(" to the list")
    assert "**the list** (confidence 0.71); runner-up: the list (0.20)" in pr_body(rp, 5)

def test_lengths_are_capped() -> None:
    rp = ranked(1)
    rp.paper.title = "T" * 5000
    rp.paper.abstract = "word " * 20000
    rp.paper.authors = [f"Author {i}" for i in range(500)]
    rp.neighbors = [Neighbor("N" * 5000, 0.5)] * 3
    assert len(pr_title(rp)) <= MAX_TITLE
    body = pr_body(rp, 10)
    assert len(body) < MAX_BODY and "et al. (500 authors)" in body
    assert body.endswith(f"<!-- litbot:key=arxiv:2101.00001 title={'T' * 299}%E2%80%A6 -->")
    quoted = [line for line in body.splitlines() if line.startswith("> ")]
    assert sum(len(line) - 2 for line in quoted) <= 3100


def test_digest_body_has_one_section_per_paper_and_fits() -> None:
    papers = [ranked(i) for i in range(1, 31)]
    for rp in papers:
        rp.paper.abstract = "long " * 2000
    body = digest_body(papers, 30)
    assert len(body) < MAX_BODY
    assert keys_from_body(body) == [rp.paper.key for rp in papers]
    assert body.count("\n## Paper number ") == 30
    assert digest_title(papers) == "Add 30 papers to the list"


def test_a_digest_says_that_closing_it_declines_every_paper_and_how_to_decline_one() -> None:
    # Closed because of one wrong paper, a digest declined all of them for good, under a footer that
    # spoke of "this paper".
    body = digest_body([ranked(1), ranked(2)], 5)
    assert '"never propose any of these papers again"' in body and "this paper" not in body
    assert "delete their entries from this branch and merge the rest" in body
    assert '"never propose this paper again"' in digest_body([ranked(1)], 5)


# -- hostile input ---------------------------------------------------------------------------------

HOSTILE = st.lists(st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;script&gt;", "[click](https://evil.example)",
    "![pixel](https://evil.example/p.png)", "@octocat", "@org/team", "#123", "closes #1", "Fixes #42", "GH-7",
    "(#12)", "(@octocat)",
    "\u202e", "\u200b", "\u2066", "\ufeff", "\x00", "\x1b[31m", "`code`", "**bold**", "<details>", "-->",
    "javascript:alert(1)", "\n\n# Heading\n", "| a | b |", "> quote", " ", "word", "x@y.org",
]), max_size=25).map("".join)

MARKDOWN_LINK = re.compile(r"(?<!\\)\]\(")  # a markdown link/image from the input
ACTIVE = [
    re.compile(r"<\s*script", re.I), re.compile(r"<\s*img", re.I), re.compile(r"<\s*details", re.I),
    MARKDOWN_LINK,
    re.compile(r"(?<![\w.])@[A-Za-z0-9_-]"),                    # a mention that would notify
    re.compile(r"(?<!\w)#\d|(?<!\w)GH-\d", re.I),                  # an issue reference / closing keyword
    re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x1b]"),
    re.compile(r"\bjavascript:", re.I),                         # a script URL
]
OUR_LINKS = re.compile(r"\[(arXiv|PDF|DOI|link)\]\(https?://[^\s()<>]+\)")


# A PR title is plain text on GitHub: no link or tag in it is rendered, but mentions and issue
# references are.
TITLE_ACTIVE = [rx for rx in ACTIVE if rx is not MARKDOWN_LINK]


def _inert(text: str, active: list[re.Pattern[str]] = ACTIVE) -> None:
    text = OUR_LINKS.sub("", text)
    text = re.sub(r"<!-- litbot:key=[^\s<>]+ -->", "", text)
    for rx in active:
        assert not rx.search(text), (rx.pattern, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE, abstract=HOSTILE, author=HOSTILE, venue=HOSTILE, section=HOSTILE, url=HOSTILE)
def test_hostile_text_never_becomes_active_markup(title: str, abstract: str, author: str, venue: str,
                                                  section: str, url: str) -> None:
    paper = Paper(title=title or "x", abstract=abstract, authors=[author], venue=venue, url=url,
                  published="2020")
    rp = RankedPaper(paper, 0.9, section, 0.5, [SectionGuess(section, 0.1)], [Neighbor(title, 0.5, section)],
                     keywords=[author], rank=1)
    title_out, body = pr_title(rp), pr_body(rp, 3)
    _inert(title_out, TITLE_ACTIVE)
    _inert(body)
    _inert(digest_body([rp, rp], 3))
    assert "\n" not in title_out and len(title_out) <= MAX_TITLE
    assert keys_from_body(body) == [paper.key]


@pytest.mark.parametrize("start", ["- we find that rare sequences leak most", "# Results hold at every scale",
                                   "1. attacks transfer across sizes", "1) and more", "+ plus", "==="])
def test_a_wrapped_abstract_line_cannot_open_a_block(start: str) -> None:
    # The abstract is wrapped at 100 characters into "> " lines; the second line starts with ``start``.
    from markdown_it import MarkdownIt

    first = "We evaluate membership inference against large language models and report the results "
    first += "x" * (100 - len(first))
    assert len(first) == 100
    rp = RankedPaper(Paper(title="T", abstract=f"{first} {start}", url="https://arxiv.org/abs/2101.00001"),
                     0.9, "Attacks", 0.7, rank=1)
    body = pr_body(rp, 3)
    assert f"\n> {first}\n> " in body
    html = MarkdownIt("commonmark").render(body)
    quote = html[html.index("<blockquote>"):html.index("</blockquote>")]
    assert not re.search(r"<(ul|ol|li|h\d|hr)\b", quote), quote


def test_a_paper_is_taken_out_of_a_digest_body_once() -> None:
    from bot.proposal import body_without, keys_from_body, listed_from_body, listed_mark, marker

    body = f"Two papers.\n---\n{marker('arxiv:1')}\n{marker('arxiv:2')}"
    once = body_without(body, {"arxiv:1": "A *bold* title"})
    assert keys_from_body(once) == ["arxiv:2"]
    assert once.endswith(f"\n---\n{marker('arxiv:2')}")  # no empty line left where the marker was
    # Marked listed: a state rebuilt from GitHub knows the paper was listed by hand, not declined.
    assert once.startswith("<!-- litbot:listed=arxiv:1 title=A%20%2Abold%2A%20title -->\n"
                           "**Taken out of this PR:** *A \\*bold\\* title*: on the list by now")
    assert listed_from_body(once) == {"arxiv:1": "A *bold* title"} and listed_from_body(body) == {}
    # A run that died after editing the body, before recording it, takes it out again: nothing changes.
    assert body_without(once, {"arxiv:1": "A *bold* title"}) == once
    # The last marker has no line end after it; two out at once are both named; a DOI key with
    # parentheses (SICI) is a marker like any other.
    assert keys_from_body(body_without(body, {"arxiv:2": "B"})) == ["arxiv:1"]
    sici = "doi:10.1002/(sici)1097-0258(19980815)17:15<1661::aid-sim968>3.0.co;2-2"
    three = f"Three.\n---\n{marker('arxiv:1')}\n{marker(sici)}\n{marker('arxiv:3')}"
    both = body_without(three, {"arxiv:1": "A", sici: "S"})
    assert keys_from_body(both) == ["arxiv:3"]
    marks = listed_mark("arxiv:1", "A") + listed_mark(sici, "S")
    assert both.startswith(f"{marks}\n**Taken out of this PR:** *A*, *S*: ")
    assert listed_from_body(both) == {"arxiv:1": "A", sici: "S"}
    # A mark written before marks carried titles still reads.
    assert listed_from_body("<!-- litbot:listed=arxiv:1 -->\nx") == {"arxiv:1": ""}
    # The intro counts what is left, in a body saved from GitHub's web editor (CRLF) too.
    for eol in ("\n", "\r\n"):
        digest = eol.join(["litbot suggests adding 3 papers to the list, one section each below.", "",
                           "---", marker("arxiv:1"), marker("arxiv:2"), marker("arxiv:3")])
        assert body_without(digest, {"arxiv:1": "T"}).endswith(eol.join([
            "litbot suggests adding 2 papers to the list, one section each below.", "", "---",
            marker("arxiv:2"), marker("arxiv:3")]))


def test_more_prs_open_than_a_lowered_cap_allows_means_no_room_not_a_crash(state: State) -> None:
    for i in (40, 41, 42):
        state.upsert_proposal(ranked(i).paper, "open", "Attacks", pr_number=i)
    lowered = config(max_open_prs=2, max_new_prs_per_run=2)
    assert select([ranked(1)], state, lowered) == []
    assert "github.max_open_prs 2 with 3 open" in selection_notes([ranked(1)], [], state, lowered)[0]


def test_the_notes_count_one_paper_and_say_nothing_of_listed_or_all_excluded_papers(state: State) -> None:
    capped = config(max_new_prs_per_run=1, max_open_prs=5)
    two = [ranked(1, 0.9), ranked(2, 0.8)]
    assert selection_notes(two, select(two, state, capped), state, capped) == [
        "1 more paper at or over ranking.min_score 0.5 waits for room (github.max_open_prs 5 with 1 open, "
        "github.max_new_prs_per_run 1); later runs rank it again with the new papers"]
    # Listed (and excluded too): nothing the watchlist cost; every paper excluded: no "best scored 0.000".
    listed = [ranked(3, 0.0, listed=True, excluded=True, excluded_by="exclude: x",
                     score_without_watchlist=0.95)]
    assert selection_notes(listed, [], state, capped) == []
    excluded = [ranked(4, 0.0, excluded=True, excluded_by="exclude: x", score_without_watchlist=0.5),
                ranked(5, 0.0, excluded=True, excluded_by="exclude: y", score_without_watchlist=0.6),
                ranked(6, 0.0, excluded=True, excluded_by="no must term", score_without_watchlist=0.7)]
    assert selection_notes(excluded, [], state, capped) == [
        "3 papers at or over ranking.min_score 0.5 dropped by the watchlist "
        "(exclude: x: 1; exclude: y: 1; no must term: 1)"]
    # At min_score but with no section to go to: it reached min_score, so no note says none did.
    assert selection_notes([ranked(7, 0.5, section="")], [], state, capped) == []


def test_the_note_of_a_lowered_min_score_says_what_became_of_each_near_miss(state: State) -> None:
    # The maintainer who lowered it expects the papers that just missed: each one either came back, or
    # the note says why not and whether a later run will try again.
    capped = config(max_new_prs_per_run=1, max_open_prs=5)
    start = "ranking.min_score was lowered from 0.7 to 0.5: "
    back = [ranked(1).paper]

    def note(**recall: object) -> str:
        notes = selection_notes([], [], state, capped, Recall(earlier=0.7, **recall))  # type: ignore[arg-type]
        assert len(notes) == 1
        assert notes[0].startswith(start)
        return notes[0].removeprefix(start)

    seen = "seen in the last 60 days scored between the two"
    assert note(between=1, papers=back) == f"1 paper {seen}; it was served again and judged by 0.5"
    assert note(between=2, papers=back * 2) == f"2 papers {seen}; they were served again and judged by 0.5"
    kept = ", and state keeps only the identity of a paper under the threshold)"
    assert note(between=3, papers=back, no_arxiv_id=2) == (
        f"3 papers {seen}; 1 was served again and judged by 0.5; the other 2 cannot be judged again "
        f"(no arXiv id to ask for them by{kept}")
    assert note(between=1, over_limit=1) == (
        f"1 paper {seen}; it cannot be judged again (past the best 1000, which alone are asked for{kept}")
    assert note(between=7, papers=back, no_arxiv_id=2, over_limit=3) == (
        f"7 papers {seen}; 1 was served again and judged by 0.5; the other 6 cannot be judged again "
        f"(2 with no arXiv id to ask by, 3 past the best 1000 asked for, 1 not served by arXiv{kept}")
    assert note(between=2, skipped="sources.arxiv is disabled") == (
        f"2 papers {seen}; they cannot be judged again (sources.arxiv is disabled)")
    # arXiv off or down answers for the papers it could serve, not for one with no arXiv id.
    assert note(between=2, no_arxiv_id=1, skipped="sources.arxiv is disabled") == (
        f"2 papers {seen}; 1 cannot be judged again (sources.arxiv is disabled); 1 cannot be judged again "
        f"(no arXiv id to ask for it by{kept}")
    assert note(between=3, papers=back, no_arxiv_id=1, error="HTTP 503 from arXiv API") == (
        f"3 papers {seen}; 1 was served again and judged by 0.5; arXiv could not serve 1 (HTTP 503 from "
        "arXiv API), and the next run asks again; 1 cannot be judged again "
        f"(no arXiv id to ask for it by{kept}")
    assert note(between=2, papers=back) == (
        f"2 papers {seen}; 1 was served again and judged by 0.5; the other one cannot be judged again "
        f"(arXiv did not serve it{kept}")
    assert note(between=1, error="arXiv API unreachable") == (
        f"1 paper {seen}; arXiv could not serve it (arXiv API unreachable), and the next run asks again")
    assert note(between=3, papers=back, error="HTTP 503 from arXiv API") == (
        f"3 papers {seen}; 1 was served again and judged by 0.5; arXiv could not serve the other 2 "
        "(HTTP 503 from arXiv API), and the next run asks again")
    # Only papers with no arXiv id: arXiv down or off has nothing to answer for.
    assert note(between=2, no_arxiv_id=2, error="arXiv API unreachable") == (
        f"2 papers {seen}; they cannot be judged again (no arXiv id to ask for them by{kept}")
    assert note(between=2, error="arXiv API unreachable") == (
        f"2 papers {seen}; arXiv could not serve them (arXiv API unreachable), and the next run asks again")
    assert note(between=3, no_arxiv_id=1, over_limit=2) == (
        f"3 papers {seen}; they cannot be judged again (1 with no arXiv id to ask by, 2 past the best 1000 "
        f"asked for{kept}")
    # Lowered, but nothing scored between the two: nothing to say.
    assert selection_notes([], [], state, capped, Recall(earlier=0.7, between=0)) == []


def test_the_listed_twice_notice_names_each_paper_once_and_speaks_of_several_as_several() -> None:
    body, notice = listed_twice_notice("digest body", {"arxiv:1": "First", "arxiv:2": "Second"})
    assert notice is not None and "remove their entries from this PR before merging" in notice
    assert notice.endswith("or the list will have them twice.") and body.endswith("digest body")
    body, again = listed_twice_notice(body, {"arxiv:1": "First", "arxiv:3": "Third"})
    assert again is not None and "First" not in again
    assert "remove its entry" in again and "have it twice" in again
    assert listed_twice_notice(body, {"arxiv:3": "Third"}) == (body, None)


def test_a_pr_an_earlier_run_left_unopened_is_one_of_this_runs_new_prs(state: State) -> None:
    # A run that died between recording its proposals and opening their PRs left them pending; the next
    # run opens those first, and it opened max_new_prs_per_run more beside them (2 + 2 with a cap of 2).
    for i in (30, 31):
        state.upsert_proposal(ranked(i).paper, "pending", "Attacks", f"litbot/arxiv-2101-{i:05d}")
    cands = [ranked(i, 0.9 - i / 100) for i in range(1, 6)]
    two = config(max_new_prs_per_run=2, max_open_prs=10)
    assert select(cands, state, two) == []
    three = config(max_new_prs_per_run=3, max_open_prs=10)
    chosen = select(cands, state, three)
    assert [c.paper.key for c in chosen] == ["arxiv:2101.00001"]
    assert selection_notes(cands, chosen, state, three)[0] == (
        "4 more papers at or over ranking.min_score 0.5 wait for room (github.max_open_prs 10 with 3 open, "
        "github.max_new_prs_per_run 3, with 2 PRs an earlier run left unopened to open first); later runs "
        "rank them again with the new papers")
    # A pending digest is one PR, however many papers it carries; and in digest mode it is the run's one.
    state.upsert_proposal(ranked(32).paper, "pending", "Attacks", "litbot/arxiv-2101-00031")
    assert [c.paper.key for c in select(cands, state, three)] == ["arxiv:2101.00001"]
    assert select(cands, state, config(mode="digest", max_new_prs_per_run=2, max_open_prs=10)) == []
    assert len(select(cands, state, config(mode="digest", max_new_prs_per_run=3, max_open_prs=10))) == 5
    # One GitHub or the list refused waits on the maintainer: it holds no new paper back meanwhile.
    state.mark_refused("litbot/arxiv-2101-00030")
    assert [c.paper.key for c in select(cands, state, two)] == ["arxiv:2101.00001"]
    note = selection_notes(cands, select(cands, state, two), state, two)[0]
    assert "github.max_new_prs_per_run 2, with 1 PR an earlier run left unopened to open first)" in note
    # Nor is it an open PR to review: under max_open_prs 3, the two open PRs leave room for one.
    for i in (31, 32):
        state.upsert_proposal(ranked(i).paper, "open", "Attacks", f"litbot/arxiv-2101-{i:05d}", pr_number=i)
    capped = config(max_new_prs_per_run=5, max_open_prs=3)
    assert [c.paper.key for c in select(cands, state, capped)] == ["arxiv:2101.00001"]
    assert "github.max_open_prs 3 with 3 open, github.max_new_prs_per_run 5)" in selection_notes(
        cands, select(cands, state, capped), state, capped)[0]
    # A digest left unopened is counted open once, not once as open and again as resuming.
    state.db.execute("DELETE FROM proposals")
    state.upsert_proposal(ranked(30).paper, "pending", "Attacks", "litbot/p30")
    state.upsert_proposal(ranked(31).paper, "open", "Attacks", "litbot/p31", pr_number=31)
    assert len(select(cands[:3], state, config(mode="digest", max_new_prs_per_run=3, max_open_prs=3))) == 3
    # Opened (or dropped by the maintainer), they take nothing from the next run.
    for i in (30, 31, 32):
        state.upsert_proposal(ranked(i).paper, "open", "Attacks", f"litbot/arxiv-2101-{i:05d}", pr_number=i)
    assert len(select(cands, state, two)) == 2


def ranked_with_link(url: str, doi: str) -> RankedPaper:
    paper = Paper(
        title="Paper number 2",
        abstract="Abstract.",
        authors=["Ada Lovelace"],
        published="2021-03-01",
        url=url,
        doi=doi,
        venue="FAccT",
    )
    return RankedPaper(paper, 0.9, section="Attacks", section_confidence=0.71, rank=1)


def test_the_papers_doi_at_www_doi_org_is_not_linked_twice() -> None:
    body = pr_body(
        ranked_with_link("https://www.doi.org/10.1145/3442188.3445922", "10.1145/3442188.3445922"), 5
    )
    assert "[link]" not in body and "[DOI](https://doi.org/10.1145/3442188.3445922)" in body


def test_a_publishers_page_that_names_the_doi_in_its_path_is_a_link_of_its_own() -> None:
    # Only doi.org's page is the [DOI] link again: ACM's is the publisher's page, with its PDF and talk.
    url = "https://dl.acm.org/doi/10.1145/3442188.3445922"
    body = pr_body(ranked_with_link(url, "10.1145/3442188.3445922"), 5)
    assert f"[link]({url})" in body and "[DOI](https://doi.org/10.1145/3442188.3445922)" in body


def test_only_a_hidden_list_marker_names_a_prs_list() -> None:
    from bot.proposal import list_from_body, list_marker

    # Found by a mutation round: words a maintainer typed in the description are no marker, as
    # keys_from_body reads only litbot's hidden markers.
    assert list_from_body("Moved: litbot:list=papers/vision.md is wrong") is None
    body = "Moved: litbot:list=OLD.md, see below\n\n" + list_marker("README.md")
    assert list_from_body(body) == "README.md"


def test_a_listed_mark_of_the_older_form_is_read_and_ends_its_line_once_litbot_edits_the_body() -> None:
    # Found by a review: marks written before they ended their line kept the notice after them raw
    # HTML (its markdown shown as written) through the next take-out.
    from markdown_it import MarkdownIt

    from bot.proposal import body_without, keys_from_body, listed_from_body, listed_twice_notice

    old = ("<!-- litbot:listed=arxiv:2101.00001 -->**Taken out of this PR:** *Fooling saliency maps*: on the "
           "list by now, added by hand.\n\nlitbot suggests adding 2 papers\n\n"
           "<!-- litbot:key=arxiv:2101.00002 title=B -->\n<!-- litbot:key=arxiv:2101.00003 title=C -->\n")
    assert listed_from_body(old) == {"arxiv:2101.00001": ""}
    assert listed_twice_notice(old, {"arxiv:2101.00001": "Fooling saliency maps"}) == (old, None)
    for eol in ("\n", "\r\n"):  # as saved from GitHub's web editor too
        out = body_without(old.replace("\n", eol), {"arxiv:2101.00002": "B"})
        assert keys_from_body(out) == ["arxiv:2101.00003"] and list(listed_from_body(out)) == [
            "arxiv:2101.00002", "arxiv:2101.00001"]
        html = MarkdownIt("commonmark").render(out)
        assert html.count("<strong>Taken out of this PR:</strong>") == 2, html


def test_only_litbots_own_older_glued_marks_are_given_a_line_end() -> None:
    # Found by a review: the repair also rewrote marks a maintainer quoted in code, and added a line end
    # where one already followed a space.
    from bot.proposal import listed_mark, with_listed_marks

    m = listed_mark("arxiv:1", "T")
    assert with_listed_marks(m + "**Taken out of this PR:** *T*", {}) == m + "\n**Taken out of this PR:** *T*"
    own = "litbot suggests adding this paper"
    assert with_listed_marks(m + own, {}) == m + "\n" + own
    for kept in (m + listed_mark("arxiv:2") + "\nrest", m + "\r\nrest", "intro\n" + m,
                 "intro\n\n```\n" + m + "quoted\n```\n", "see `" + m + "` here\n", m + " \nrest"):
        assert with_listed_marks(kept, {}) == kept


def test_a_pr_body_starts_no_line_with_a_workflow_command_nor_links_a_github_thread() -> None:
    # Found by an audit: a dry run in GitHub Actions prints the body, and an author "::error ..." began a
    # line of it, a workflow command; a feed item whose link is an issue put a "mentioned this" note on it.
    from bot.proposal import pr_body

    paper = Paper(title="T", abstract="a", authors=["::error title=litbot::token leaked", "B"],
                  url="https://github.com/owner/awesome/issues/1", published="2021-01-01")
    body = pr_body(RankedPaper(paper, 0.9, "Attacks", 0.7), 10, "README.md")
    assert not any(line.startswith("::") for line in body.splitlines())
    assert "\\::error title=litbot::token leaked" in body  # shown as written
    assert "github.com/owner/awesome/issues/1" not in body


def test_listed_marks_keep_a_long_body_under_githubs_limit() -> None:
    # Found by a review: a mark carries its title (up to ~900 characters once quoted), and ten of them on
    # a digest near MAX_BODY went over GitHub's 65,536.
    from bot.proposal import GITHUB_MAX_BODY, MAX_BODY, listed_from_body, with_listed_marks

    body = "x" * MAX_BODY
    titles = {f"arxiv:2101.{n:05d}": "Ä long title " * 25 for n in range(10)}
    marked = with_listed_marks(body, titles)
    assert len(marked) <= GITHUB_MAX_BODY and list(listed_from_body(marked)) == list(titles)
    assert len(with_listed_marks("short", titles)) > len(marked) - len(body)  # titled where there is room
