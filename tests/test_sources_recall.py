"""The near misses of a lowered min_score, asked for again by arXiv id (against the loopback API)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.arxiv_server import ArxivServer, Fault, make_entries

from bot.config import Config
from bot.paper import Paper
from bot.sources.recall import MIN_SCORE_META, recall_near_misses
from bot.sources.report import SourceReport
from bot.state import State

ENTRIES = make_entries(4, newest=datetime.now(UTC) - timedelta(hours=1), categories=["cs.LG"])


def config(url: str, min_score: float = 0.5, **arxiv: object) -> Config:
    settings = {"base_url": url, "delay_seconds": 0, "num_retries": 0, "timeout_seconds": 1, **arxiv}
    return Config.model_validate({"sources": {"arxiv": settings}, "ranking": {"min_score": min_score}})


def seen(n: int) -> Paper:
    e = ENTRIES[n]
    return Paper(title=e.title, abstract="The abstract.", id=e.arxiv_id, url=f"https://arxiv.org/abs/{e.arxiv_id}")


@pytest.fixture
def state(tmp_path: Path) -> State:
    """Judged under min_score 0.7, cut down to their identity: three on arXiv (0.65, 0.6, 0.55), one
    only a journal's feed served (0.6, a DOI and no arXiv id), one under the new threshold (0.4)."""
    journal = Paper(title="Saliency maps under attack, the journal version", doi="10.1/j.2026.1",
                    url="https://journal.example.org/1", abstract="The abstract.")
    papers = [seen(0), seen(1), seen(2), journal, seen(3)]
    with State(tmp_path / "state") as st:
        st.record_seen(papers, scores=dict(zip([p.key for p in papers], [0.65, 0.6, 0.55, 0.6, 0.4],
                                               strict=True)))
        st.prune(keep_recent=0, min_score=0.7)
        st.set_meta(MIN_SCORE_META, "0.7")
        yield st


def test_no_recall_unless_min_score_was_lowered_since_the_last_run(state: State) -> None:
    with ArxivServer(papers=ENTRIES) as srv:
        assert recall_near_misses(config(srv.url, 0.7), state, {}, []) is None
        assert recall_near_misses(config(srv.url, 0.8), state, {}, []) is None
        state.db.execute("DELETE FROM meta")  # a first run: nothing was judged under another threshold
        assert recall_near_misses(config(srv.url, 0.5), state, {}, []) is None
    assert srv.requests == []


def test_a_lowered_min_score_asks_arxiv_for_its_near_misses_best_first(state: State) -> None:
    again = Paper(title=ENTRIES[1].title, abstract="Served again today.", id=ENTRIES[1].arxiv_id)
    with ArxivServer(papers=ENTRIES) as srv:
        recall = recall_near_misses(config(srv.url), state, {again.key: again}, [])
    assert recall is not None and (recall.earlier, recall.between, recall.error) == (0.7, 4, None)
    # The copy served again today is not asked for; the journal's paper cannot be.
    assert [r.params["id_list"] for r in srv.requests] == [f"{ENTRIES[0].arxiv_id},{ENTRIES[2].arxiv_id}"]
    assert [p.key for p in recall.papers] == [again.key, seen(0).key, seen(2).key]
    assert recall.papers[1].abstract and recall.no_arxiv_id == 1 and recall.over_limit == 0


def test_only_the_best_near_misses_are_asked_for(state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.sources.recall.RECALL_LIMIT", 1)
    with ArxivServer(papers=ENTRIES) as srv:
        recall = recall_near_misses(config(srv.url), state, {}, [])
    assert recall is not None and [p.key for p in recall.papers] == [seen(0).key]
    assert recall.over_limit == 2 and recall.no_arxiv_id == 1


def test_an_arxiv_switched_off_or_down_this_run_is_not_asked(state: State) -> None:
    with ArxivServer(papers=ENTRIES) as srv:
        off = recall_near_misses(config(srv.url, enabled=False), state, {}, [])
        down = recall_near_misses(config(srv.url), state, {}, [
            SourceReport(name="arxiv categories", error="arxiv categories: cannot connect to arXiv API",
                         stop_reason="unreachable")])
    assert srv.requests == []
    assert off is not None and (off.skipped, off.error, off.papers) == ("sources.arxiv is disabled", None, [])
    assert down is not None and (down.skipped, down.error, down.papers) == (None, "arXiv API unreachable", [])


def test_a_journal_near_miss_served_again_as_its_preprint_came_back(state: State) -> None:
    # `split_seen` files the preprint under the journal record's key: it is that paper, served again,
    # not one "with no arXiv id to ask by".
    preprint = Paper(title="Saliency maps under attack, the journal version", abstract="The abstract.",
                     id="2402.00001", doi="10.1/j.2026.1")
    journal = Paper(title=preprint.title, doi=preprint.doi)
    with ArxivServer(papers=ENTRIES) as srv:
        recall = recall_near_misses(config(srv.url), state, {journal.key: preprint}, [])
    assert recall is not None and recall.no_arxiv_id == 0
    # The identity record, for the caller to merge with the copy (and to know it by its arXiv id then).
    assert [(p.key, p.abstract) for p in recall.papers][0] == (journal.key, "")


def test_an_arxiv_that_answered_none_of_the_runs_queries_is_not_asked_again(state: State) -> None:
    # A hung arXiv: every near miss's request waited out the timeout, 30 s each, every run.
    timed_out = SourceReport(name="arxiv categories",
                             error="arxiv categories: arXiv API timed out (attempts: 3)")
    with ArxivServer(papers=ENTRIES) as srv:
        recall = recall_near_misses(config(srv.url), state, {}, [timed_out])
    assert srv.requests == []
    assert recall is not None and recall.error == "arXiv API did not answer this run's queries"


def test_a_near_miss_asked_for_by_id_keeps_the_doi_its_identity_held(tmp_path: Path) -> None:
    # arXiv's copy has no DOI; the one a journal's copy once gave stays.
    paper = Paper(title=ENTRIES[0].title, abstract="The abstract.", id=ENTRIES[0].arxiv_id,
                  doi="10.1145/3600000.1234")
    with State(tmp_path / "state") as st, ArxivServer(papers=ENTRIES) as srv:
        st.record_seen([paper], scores={paper.key: 0.6})
        st.prune(keep_recent=0, min_score=0.7)
        st.set_meta(MIN_SCORE_META, "0.7")
        recall = recall_near_misses(config(srv.url), st, {}, [])
    assert recall is not None
    assert [(p.arxiv_id, p.doi, bool(p.abstract)) for p in recall.papers] == [
        (ENTRIES[0].arxiv_id, "10.1145/3600000.1234", True)]


def test_near_misses_arxiv_failed_to_serve_are_an_error_for_the_next_run(state: State) -> None:
    with ArxivServer(papers=ENTRIES) as srv:
        srv.faults.append(Fault(status=503, times=None, when=lambda p: bool(p.get("id_list"))))
        recall = recall_near_misses(config(srv.url), state, {}, [])
    assert recall is not None and recall.error == "HTTP 503 from arXiv API" and recall.papers == []


def test_a_near_miss_served_again_without_its_abstract_is_still_asked_for(state: State) -> None:
    bare = Paper(title=ENTRIES[0].title, id=ENTRIES[0].arxiv_id)  # a feed of titles served it today
    with ArxivServer(papers=ENTRIES) as srv:
        recall = recall_near_misses(config(srv.url), state, {bare.key: bare}, [])
    assert ENTRIES[0].arxiv_id in srv.requests[0].params["id_list"].split(",")
    assert recall is not None and any(p.key == bare.key and p.abstract for p in recall.papers)


def test_near_misses_of_the_last_sixty_days_are_asked_for_and_older_ones_are_not(state: State) -> None:
    day = 86400
    state.db.execute("UPDATE papers SET last_seen = last_seen - ? WHERE key = ?", (45 * day, seen(0).key))
    state.db.execute("UPDATE papers SET last_seen = last_seen - ? WHERE key = ?", (61 * day, seen(2).key))
    with ArxivServer(papers=ENTRIES) as srv:
        recall = recall_near_misses(config(srv.url), state, {}, [])
    assert recall is not None and recall.between == 3  # the two on arXiv within 60 days, the journal's
    assert [p.key for p in recall.papers] == [seen(0).key, seen(1).key]
