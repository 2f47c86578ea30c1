"""The arXiv API source against a loopback API server, through the unmodified ``arxiv`` client."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import arxiv
import pytest
import requests
from servers.arxiv_server import ArxivServer, feed_xml, make_entries

from bot.config import Config
from bot.sources import commit_cursors, fetch_all
from bot.sources.arxiv_api import (
    CURSOR_OVERLAP_DAYS,
    QUERY_ATTEMPTS,
    ArxivQuery,
    QueryRejectedError,
    build_queries,
    fetch_arxiv_ids,
    make_client,
    result_to_paper,
    retry_after_seconds,
)
from bot.state import State

NOW = datetime.now(UTC).replace(microsecond=0)


def make_config(url: str, **arxiv: object) -> Config:
    settings = {"base_url": url, "categories": ["cs.LG"], "use_watchlist": False, "delay_seconds": 0,
                "num_retries": 1, "page_size": 5, "timeout_seconds": 0.5, "lookback_days": 3}
    settings.update(arxiv)
    return Config.model_validate({"sources": {"arxiv": settings}})


@pytest.fixture
def state(tmp_path: Path) -> State:
    with State(tmp_path / "state") as s:
        yield s


def lg_entries(n: int = 40) -> list:
    # Seven hours apart, newest an hour ago: three days hold ~11 of them.
    return make_entries(n, newest=NOW - timedelta(hours=1), categories=["cs.LG"])


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows are computed from NOW, taken at import: a run crossing midnight (UTC) would otherwise
    # compare them with the next day's window.
    monkeypatch.setattr("bot.sources.arxiv_api.utc_today", lambda: NOW.date())


def days_ago(n: int) -> date:
    return (NOW - timedelta(days=n)).date()


def in_window(entries: list, days: int = 3) -> int:
    return sum(1 for e in entries if e.published.date() >= days_ago(days))


# -- the recorded API ------------------------------------------------------------------------------


def test_recorded_pages_replayed_and_normalised(shared_data: Path) -> None:
    recordings = shared_data / "arxiv-api"
    with ArxivServer(recordings=recordings) as srv:
        client = make_client(make_config(srv.url, page_size=10))
        results = list(client.results(arxiv.Search(query="testing", max_results=20)))
    assert len(results) == 20
    assert [r.params["start"] for r in srv.requests] == ["0", "10"]
    recorded = json.loads((recordings / "q_testing_s0_m10_bc5a6c384fe9.json").read_text())["body"]
    assert results[0].title in recorded
    paper = result_to_paper(results[0], 5000)
    assert paper is not None
    assert paper.arxiv_id == "2202.12139" and paper.key == "arxiv:2202.12139"
    assert paper.url == "https://arxiv.org/abs/2202.12139"
    assert paper.doi == "10.1109/ICSTW55395.2022.00035"  # as arXiv gives it
    # Its journal_ref, "Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on
    # Software Testing, Verification and Validation Workshops (ICSTW)", as lists name it.
    assert paper.venue == "ICSTW 2022"
    assert paper.published == "2022-02-24"
    assert paper.authors[:2] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb"]
    assert paper.categories == ["cs.SE", "cs.LG"]
    assert "\n" not in paper.abstract and paper.abstract.startswith("Deep Learning (DL)")


def test_the_venue_is_read_from_journal_ref_else_from_the_comment(state: State) -> None:
    # Most authors say where a paper was accepted only in the comment: such papers went into the list
    # as "arXiv" preprints, and to a venue-filed list's arXiv heading.
    entries = lg_entries(4)
    entries[0].comment = "Accepted at ICLR 2026 (Oral). 9 pages, 4 figures. Code: https://github.com/o/r"
    entries[1].comment, entries[1].journal_ref = "Accepted at ICLR 2026", (
        "Advances in Neural Information Processing Systems 38 (NeurIPS 2025)")
    entries[2].comment = "Submitted to ICLR 2026. 12 pages"
    entries[3].comment = "20 pages, 3 figures"
    with ArxivServer(papers=entries) as srv:
        papers = fetch_all(make_config(srv.url), state, backoff=0).papers
    assert [p.venue for p in papers] == ["ICLR 2026", "NeurIPS 2025", "arXiv", "arXiv"]


def test_recorded_400_is_a_refused_query_asked_once(shared_data: Path) -> None:
    # The arxiv package retries any status but 200 (with its delay between tries): a query the API
    # cannot read is refused the same way each time, so litbot's client stops at the first answer.
    with ArxivServer(recordings=shared_data / "arxiv-api") as srv:
        client = make_client(make_config(srv.url, page_size=100, num_retries=3))
        with pytest.raises(QueryRejectedError, match=r"HTTP 400: incorrect id format for abc"):
            list(client.results(arxiv.Search(id_list=["abc"])))
        assert len(srv.requests) == 1


# -- queries and windows ---------------------------------------------------------------------------


def test_queries_from_categories_config_and_watchlist() -> None:
    config = Config.model_validate({
        "sources": {"arxiv": {"categories": ["cs.LG", "cs.CR"], "queries": ["ti:saliency"]}},
        "watchlist": {"must": ["adversarial"], "boost": ['saliency "map"', "Adversarial"]},
    })
    queries = build_queries(config)
    assert [q.query for q in queries] == [
        "cat:cs.LG OR cat:cs.CR", "ti:saliency", 'all:"adversarial" OR all:"saliency map"']
    assert len({q.cursor_name for q in queries}) == 3
    assert all(q.cursor_name.startswith("arxiv:") for q in queries)
    config.sources.arxiv.use_watchlist = False
    assert len(build_queries(config)) == 2


def test_an_enabled_source_with_nothing_to_ask_for_says_so(state: State,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with ArxivServer() as srv, caplog.at_level(logging.WARNING):
        result = fetch_all(make_config(srv.url, categories=[]), state)
    assert srv.requests == [] and result.errors == []
    assert "sources.arxiv is enabled but has no categories, queries or watchlist terms" in caplog.text


def test_first_poll_uses_lookback_and_stops_paging_at_the_window(state: State) -> None:
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        result = fetch_all(make_config(srv.url), state, backoff=0)
    start = days_ago(3)
    expected = [e for e in entries if e.published.date() >= start]
    assert [p.arxiv_id for p in result.papers] == [e.arxiv_id for e in expected]
    # 40 entries in pages of 5: the window ends inside page 3, so pages 4-8 are never asked for.
    assert len(srv.requests) == len(expected) // 5 + 1
    first = srv.requests[0].params
    assert first["search_query"] == "cat:cs.LG"
    assert (first["sortBy"], first["sortOrder"]) == ("submittedDate", "descending")
    assert result.errors == []
    name = ArxivQuery("categories", "cat:cs.LG").cursor_name
    assert result.cursor_updates == {name: entries[0].published.date().isoformat()}
    assert state.get_cursor(name) is None  # fetch_all never writes the state
    commit_cursors(state, result)
    assert state.get_cursor(name) == entries[0].published.date().isoformat()


def test_cursor_sets_the_next_window_and_since_overrides_it(state: State) -> None:
    entries = lg_entries()
    name = ArxivQuery("categories", "cat:cs.LG").cursor_name
    state.set_cursor(name, days_ago(1).isoformat())
    with ArxivServer(papers=entries) as srv:
        config = make_config(srv.url, lookback_days=30)
        windowed = fetch_all(config, state, backoff=0)
        since = fetch_all(config, state, since=days_ago(6), backoff=0)
    start = days_ago(1 + CURSOR_OVERLAP_DAYS)
    assert {p.arxiv_id for p in windowed.papers} == {
        e.arxiv_id for e in entries if e.published.date() >= start}
    assert {p.arxiv_id for p in since.papers} == {
        e.arxiv_id for e in entries if e.published.date() >= days_ago(6)}


def test_since_after_the_cursor_does_not_move_the_cursor(state: State) -> None:
    name = ArxivQuery("categories", "cat:cs.LG").cursor_name
    state.set_cursor(name, days_ago(5).isoformat())
    with ArxivServer(papers=lg_entries()) as srv:
        result = fetch_all(make_config(srv.url), state, since=days_ago(1), backoff=0)
    assert result.papers and result.errors == []
    # Papers between the cursor and --since were not fetched; the cursor must not skip them.
    assert name not in result.cursor_updates


def test_max_results_cap_names_the_gap_and_moves_the_cursor(state: State,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    # Newest-first paging cannot reach the older part of a capped window on a later run either: a cursor
    # held back would only re-fetch the same capped window on every run, so it moves to the newest date.
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv, caplog.at_level(logging.WARNING):
        result = fetch_all(make_config(srv.url, max_results=4), state, backoff=0)
    assert len(result.papers) == 4
    name = ArxivQuery("categories", "cat:cs.LG").cursor_name
    assert result.cursor_updates == {name: entries[0].published.date().isoformat()}
    warnings = [r.getMessage() for r in caplog.records if "hit max_results=4" in r.getMessage()]
    assert len(warnings) == 1
    assert f"from {days_ago(3).isoformat()} to {entries[3].published.date().isoformat()}" in warnings[0]


def test_one_request_per_delay_across_pages_and_queries(state: State) -> None:
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        config = make_config(srv.url, delay_seconds=0.15, queries=["all:saliency"], lookback_days=2)
        result = fetch_all(config, state, backoff=0)
    assert result.errors == []
    assert {r.params["search_query"] for r in srv.requests} == {"cat:cs.LG", "all:saliency"}
    assert len(srv.requests) >= 3
    gaps = [b.at - a.at for a, b in zip(srv.requests, srv.requests[1:], strict=False)]
    assert min(gaps) >= 0.14


# -- faults ----------------------------------------------------------------------------------------


def test_503_is_retried_by_the_client(state: State, caplog: pytest.LogCaptureFixture) -> None:
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        srv.fail(status=503, times=1)
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert result.errors == [] and len(result.papers) == in_window(entries)
    assert srv.requests[0].params == srv.requests[1].params  # the same page, asked again
    assert result.cursor_updates


def test_persistent_503_gives_one_error_and_no_cursor(state: State, caplog: pytest.LogCaptureFixture) -> None:
    with ArxivServer(papers=lg_entries()) as srv, caplog.at_level(logging.WARNING):
        srv.fail(status=503, times=None)
        result = fetch_all(make_config(srv.url, num_retries=1), state, backoff=0)
    # Bounded: (1 try + 1 client retry) per attempt, QUERY_ATTEMPTS attempts.
    assert len(srv.requests) == 2 * QUERY_ATTEMPTS
    assert result.papers == [] and result.cursor_updates == {}
    assert len(result.errors) == 1 and "HTTP 503" in result.errors[0]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "HTTP 503" in r.getMessage()]
    assert len(warnings) == 1 and "cursor unchanged" in warnings[0].getMessage()


def test_backoff_grows_between_whole_query_attempts(state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=503, times=None)
        fetch_all(make_config(srv.url, num_retries=0), state, backoff=2.0)
    assert sleeps == [2.0, 4.0]


@pytest.mark.parametrize("status", [429, 503])
def test_a_pause_asked_by_retry_after_is_waited_out_before_the_retry(
        state: State, monkeypatch: pytest.MonkeyPatch, status: int) -> None:
    # Retried after the package's own delay (0 here), the request would meet the same refusal.
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        srv.fail(status=status, times=1, headers={"Retry-After": "7"})
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert sleeps == [7.0]
    assert result.errors == [] and len(result.papers) == in_window(entries) and result.cursor_updates
    assert srv.requests[0].params == srv.requests[1].params


def test_a_retry_after_date_is_waited_out_until_that_time(state: State,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=40), usegmt=True)
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=503, times=1, headers={"Retry-After": when})
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert result.errors == [] and len(sleeps) == 1 and 30 < sleeps[0] <= 40


def test_a_pause_longer_than_a_run_waits_ends_arxiv_for_the_run(state: State,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # An hour's Retry-After on the second page: the first page's papers are kept, the cursor stays (the
    # next run asks for the window again), nothing is retried and the other queries are not asked.
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=429, times=None, headers={"Retry-After": "3600"}, when=lambda p: p["start"] != "0")
        result = fetch_all(make_config(srv.url, queries=["all:saliency"], num_retries=3), state, backoff=5.0)
    assert sleeps == [] and len(srv.requests) == 2
    assert len(result.papers) == 5 and result.cursor_updates == {}
    assert len(result.errors) == 2
    assert "a pause of 3600 s (HTTP 429, Retry-After), past the 120 s a run waits" in result.errors[0]
    assert result.errors[1] == "arxiv query all:saliency: skipped, arXiv API rate-limited"


def test_the_pauses_of_a_run_share_one_budget(state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # A server that keeps asking for 50 s: every retry of every page and query waited it out (73 minutes
    # with the defaults); now the third pause would pass the run's 120 s, and arXiv's part ends there.
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=503, times=None, headers={"Retry-After": "50"})
        result = fetch_all(make_config(srv.url, queries=["all:saliency"], num_retries=3), state, backoff=5.0)
    assert [s for s in sleeps if s == 50.0] == [50.0, 50.0] and len(srv.requests) == 3
    assert "after 100 s of pauses, past the 120 s a run waits" in result.errors[0]
    assert result.errors[1] == "arxiv query all:saliency: skipped, arXiv API rate-limited"


def test_papers_asked_for_by_id_after_the_queries_share_the_runs_client_and_budget(
        state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # A client of their own gave the id requests a second 120 s of pauses, and a run could wait four
    # minutes where the README says two.
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        srv.fail(status=429, times=1, headers={"Retry-After": "100"})
        result = fetch_all(make_config(srv.url), state, backoff=0)
        srv.fail(status=429, times=1, headers={"Retry-After": "30"})
        report = fetch_arxiv_ids(make_config(srv.url), [entries[0].arxiv_id], result.arxiv_client)
    assert sleeps == [100.0] and result.errors == []
    assert report.error == "arXiv asked for a pause of 30 s (HTTP 429, Retry-After) after 100 s of pauses, " \
                           "past the 120 s a run waits"


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0), (" 0 ", 0.0),
    ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0), ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
    ("Wed, 21 Oct 2015 07:29:00 -0000", 60.0),  # a date without a zone name is UTC, not naive
    ("soon", None), ("", None), (None, None), ("-5", None), ("1.5", None),
])
def test_retry_after_reads_seconds_or_an_http_date(value: str | None, seconds: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert retry_after_seconds(value, now=now) == seconds


def test_hung_server_times_out_and_is_retried(state: State) -> None:
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        srv.fail(sleep=1.5, times=1)
        began = time.monotonic()
        result = fetch_all(make_config(srv.url, timeout_seconds=0.3), state, backoff=0)
        elapsed = time.monotonic() - began
    assert result.errors == [] and len(result.papers) == in_window(entries)
    assert elapsed < 1.5  # the timeout, not the server, decided


def test_persistently_hung_server_is_an_error(state: State, caplog: pytest.LogCaptureFixture) -> None:
    with ArxivServer(papers=lg_entries()) as srv, caplog.at_level(logging.WARNING):
        srv.fail(sleep=0.6, times=None)
        result = fetch_all(make_config(srv.url, timeout_seconds=0.2), state, backoff=0)
    assert result.papers == [] and result.cursor_updates == {}
    assert "timed out" in result.errors[0]
    assert "arxiv categories: arXiv API timed out" in caplog.text


def test_unreachable_api_fails_fast_for_every_query(state: State, caplog: pytest.LogCaptureFixture) -> None:
    with ArxivServer() as srv:
        url = srv.url  # the port is closed once the server stops: connection refused
    config = make_config(url, queries=["all:saliency", "all:backdoor"], num_retries=1)
    began = time.monotonic()
    with caplog.at_level(logging.WARNING):
        result = fetch_all(config, state, backoff=5.0)
    assert time.monotonic() - began < 2.0  # no whole-query backoff for a refused connection
    assert len(result.errors) == 3 and "cannot connect to arXiv API" in result.errors[0]
    assert all("skipped, arXiv API unreachable" in e for e in result.errors[1:])
    assert result.cursor_updates == {}


def test_a_connect_timeout_is_retried_like_a_read_timeout(state: State,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # A connection that times out (a server too busy to accept, SYNs dropped) may come at the next
    # try: unlike a refused one it earns the whole-query retries, and the other queries still run.
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)

    def syn_unanswered(*args: object, **kwargs: object) -> None:
        raise requests.ConnectTimeout("connect timed out")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", syn_unanswered)
    config = make_config("http://127.0.0.1:9/api/query", queries=["all:saliency"], num_retries=0)
    result = fetch_all(config, state, backoff=2.0)
    assert sleeps == [2.0, 4.0] * 2
    assert len(result.errors) == 2 and all("arXiv API timed out (attempts: 3)" in e for e in result.errors)


@pytest.mark.parametrize("page_start,requested", [
    ("5", ["0", "5", "5"]),  # mid-pagination: the case the arxiv package itself detects
    # The first page too. Only the API's one-entry error feed
    # (test_query_rejected_by_the_api_is_not_retried) means the query itself is wrong.
    ("0", ["0", "0", "5"]),
])
def test_an_empty_page_is_retried(state: State, page_start: str, requested: list[str]) -> None:
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv:
        srv.fail(empty=True, times=1, when=lambda p: p["start"] == page_start)
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert result.errors == [] and len(result.papers) == in_window(entries)
    assert [r.params["start"] for r in srv.requests][:3] == requested
    assert result.cursor_updates


def test_persistent_empty_page_keeps_papers_but_not_the_cursor(
    state: State, caplog: pytest.LogCaptureFixture
) -> None:
    with ArxivServer(papers=lg_entries()) as srv, caplog.at_level(logging.WARNING):
        srv.fail(empty=True, times=None, when=lambda p: p["start"] == "5")
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert len(result.papers) == 5  # the first page arrived and is worth ranking
    assert result.cursor_updates == {}
    assert "empty page mid-pagination" in result.errors[0]
    assert "5 papers kept" in caplog.text


def test_malformed_xml_is_an_error(state: State, caplog: pytest.LogCaptureFixture) -> None:
    with ArxivServer(papers=lg_entries()) as srv, caplog.at_level(logging.WARNING):
        srv.fail(body=b"<feed><entry><title>broken", times=None)
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert result.papers == [] and result.cursor_updates == {}
    assert "malformed page" in result.errors[0]


def test_a_page_cut_short_is_retried_and_then_one_querys_error(state: State) -> None:
    # Cut inside a <published> and sent with 200 (a proxy's cut): the package's parser raised
    # ValueError("Invalid isoformat string"), which ended the whole fetch, every source with it.
    with ArxivServer(papers=lg_entries()) as srv:
        page = srv.page({"search_query": "cat:cs.LG", "sortBy": "submittedDate", "sortOrder": "descending",
                         "start": "0", "max_results": "5"})
        cut = page[: page.index(b"<published>", page.index(b"<entry>")) + 16]
        srv.fail(body=cut, times=None, when=lambda p: p.get("search_query") == "cat:cs.LG")
        config = make_config(srv.url, queries=["all:saliency"])
        result = fetch_all(config, state, backoff=0)
    assert "arxiv categories: arXiv API sent a malformed page" in result.errors[0]
    assert len(srv.query_requests()) > 2  # retried, and the other query still asked
    assert any(r.params["search_query"] == "all:saliency" for r in srv.query_requests())


def test_a_total_that_undercounts_holds_the_cursor(state: State, caplog: pytest.LogCaptureFixture) -> None:
    # The API said 5 results; the window holds 11. The package stops paging at the total it is told, so
    # the 6 older ones were never fetched, and the cursor moved past them for good.
    entries = lg_entries()
    with ArxivServer(papers=entries) as srv, caplog.at_level(logging.WARNING):
        srv.fail(body=feed_xml(entries[:5], 5, 0, 5, "cat:cs.LG"), when=lambda p: p["start"] == "0")
        result = fetch_all(make_config(srv.url), state, backoff=0)
        assert len(result.papers) == 5 and result.cursor_updates == {}
        assert "paging stopped on a full page at the total the API reported" in caplog.text
        again = fetch_all(make_config(srv.url), state, backoff=0)  # an honest answer next time
    assert len(again.papers) == in_window(entries)
    assert again.cursor_updates


def test_a_probe_that_fails_holds_the_cursor_without_failing_the_query(
        state: State, caplog: pytest.LogCaptureFixture) -> None:
    # A 503 on the page after two full ones failed the query: fetched three times more. Unknown, the
    # total may have under-counted: the cursor stays, and the next run asks for the window again.
    entries = make_entries(10, newest=NOW - timedelta(hours=1), step=timedelta(hours=2),
                           categories=["cs.LG"])
    with ArxivServer(papers=entries) as srv, caplog.at_level(logging.WARNING):
        srv.fail(status=503, times=None, when=lambda p: p["start"] == "10")
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert len(result.papers) == 10 and not result.cursor_updates and not result.errors
    assert [r.params["start"] for r in srv.query_requests()].count("0") == 1
    assert "the request for the page after a full one failed" in caplog.text
    assert "the cursor stays" in caplog.text


def test_a_result_set_of_whole_pages_inside_the_window_moves_the_cursor(
        state: State, caplog: pytest.LogCaptureFixture) -> None:
    # The whole result set is 10 papers, two full pages: the page after them is empty, and the total
    # was right.
    entries = make_entries(10, newest=NOW - timedelta(hours=1), step=timedelta(hours=2),
                           categories=["cs.LG"])
    with ArxivServer(papers=entries) as srv, caplog.at_level(logging.WARNING):
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert len(result.papers) == 10 and result.cursor_updates and not result.errors
    assert [r.params["start"] for r in srv.query_requests()] == ["0", "5", "10"]
    assert "paging stopped" not in caplog.text


@pytest.mark.parametrize("status, message", [
    (400, "arXiv refused the query (HTTP 400: incorrect id format for abc); fix sources.arxiv queries"),
    (200, "arXiv answered with an error entry instead of results; fix sources.arxiv queries"),
])
def test_query_rejected_by_the_api_is_not_retried(shared_data: Path, state: State, status: int,
                                                  message: str) -> None:
    # Recorded as the API answers it: HTTP 400 with an error entry (200 kept for an API that did not).
    recorded = json.loads((shared_data / "arxiv-api" / "id_abc_s0_m100_b79c8dcf6bc3.json").read_text())
    assert recorded["status_code"] == 400
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=status, body=recorded["body"].encode(), times=None)
        result = fetch_all(make_config(srv.url), state, backoff=0)
    assert len(srv.requests) == 1
    assert message in result.errors[0]


REFUSAL = (b"<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
           b"<entry><title>Error</title><summary>incorrect query</summary></entry></feed>")


def test_a_refused_query_still_keeps_the_delay_before_the_next_request(state: State) -> None:
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=400, body=REFUSAL, times=None, when=lambda p: "bad" in p.get("search_query", ""))
        config = make_config(srv.url, delay_seconds=0.4, queries=["all:bad", "all:saliency"], lookback_days=1)
        result = fetch_all(config, state, backoff=0)
    assert any("HTTP 400: incorrect query" in e for e in result.errors)
    times = [r.at for r in srv.query_requests()]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.35


def test_a_400_on_a_later_page_is_retried_not_blamed_on_the_query(state: State) -> None:
    with ArxivServer(papers=lg_entries()) as srv:
        srv.fail(status=400, body=b"<html>Bad Request</html>", times=1, when=lambda p: p["start"] != "0")
        result = fetch_all(make_config(srv.url, page_size=5, lookback_days=3), state, backoff=0)
    assert result.errors == [] and result.papers


def test_the_cursor_never_moves_back(state: State) -> None:
    # A --since run that fetches an older window must not pull the cursor back to that window's newest
    # date: the next scheduled run would fetch days it already has, and the backlog would fill again.
    name = ArxivQuery("categories", "cat:cs.LG").cursor_name
    entries = lg_entries()
    later = (entries[0].published.date() + timedelta(days=3)).isoformat()
    state.set_cursor(name, later)
    with ArxivServer(papers=entries) as srv:
        result = fetch_all(make_config(srv.url), state, since=days_ago(6), backoff=0)
    assert result.papers
    assert result.cursor_updates.get(name, later) == later


def test_one_querys_unexpected_error_is_named_and_the_other_query_still_served(
        state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # A surprise (here an IndexError from reading one query's results) ends that query with a named
    # error; the other query, and every other source, still delivers.
    lg = make_entries(3, newest=NOW - timedelta(hours=1), categories=["cs.LG"])
    cr = make_entries(3, newest=NOW - timedelta(hours=2), categories=["cs.CR"], first_number=50)
    real = result_to_paper

    def surprising(result: arxiv.Result, max_text_length: int) -> object:
        if "cs.LG" in result.categories:
            raise IndexError("list index out of range")
        return real(result, max_text_length)

    monkeypatch.setattr("bot.sources.arxiv_api.result_to_paper", surprising)
    with ArxivServer(papers=lg + cr) as srv:
        result = fetch_all(make_config(srv.url, queries=["cat:cs.CR"]), state, backoff=0)
    assert len(result.errors) == 1
    assert result.errors[0].startswith("arxiv categories: unexpected IndexError")
    assert sorted(p.arxiv_id for p in result.papers) == sorted(e.arxiv_id for e in cr)
    assert list(result.cursor_updates) == [ArxivQuery("query cat:cs.CR", "cat:cs.CR").cursor_name]


# -- papers asked for by id ------------------------------------------------------------------------


def test_papers_asked_for_by_id_come_a_page_of_ids_at_a_time_and_unknown_ids_are_left_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.sources.arxiv_api.ID_LIST_PAGE", 2)
    entries = lg_entries(5)
    ids = [entries[0].arxiv_id, "2501.99999", entries[3].arxiv_id]
    with ArxivServer(papers=entries) as srv:
        report = fetch_arxiv_ids(make_config(srv.url), ids)
    assert [r.params["id_list"] for r in srv.requests] == [",".join(ids[:2]), ids[2]]
    assert [p.arxiv_id for p in report.papers] == [entries[0].arxiv_id, entries[3].arxiv_id]
    assert report.papers[0].abstract and report.error is None and report.requests == 2


def test_a_page_of_ids_arxiv_refuses_is_left_out_and_the_next_page_still_asked(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # A refusal would come back on every retry: not an error for a later run to try again.
    monkeypatch.setattr("bot.sources.arxiv_api.ID_LIST_PAGE", 1)
    entries = lg_entries(2)
    with ArxivServer(papers=entries) as srv:
        srv.fail(status=400, body=REFUSAL, times=None, when=lambda p: p.get("id_list") == "abc")
        report = fetch_arxiv_ids(make_config(srv.url), ["abc", entries[1].arxiv_id])
    assert [p.arxiv_id for p in report.papers] == [entries[1].arxiv_id] and report.error is None
    assert ("arxiv ids: arXiv refused the query (HTTP 400: incorrect query) when asked for abc; those "
            "papers are left out") in caplog.text


def test_an_arxiv_that_cannot_be_reached_for_ids_says_so_and_keeps_the_pages_it_had(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.sources.arxiv_api.ID_LIST_PAGE", 1)
    entries = lg_entries(2)
    with ArxivServer(papers=entries) as srv:
        srv.fail(status=503, times=None, when=lambda p: p.get("id_list") == entries[1].arxiv_id)
        report = fetch_arxiv_ids(make_config(srv.url), [e.arxiv_id for e in entries])
    assert [p.arxiv_id for p in report.papers] == [entries[0].arxiv_id]
    assert report.error == "HTTP 503 from arXiv API"
    with ArxivServer() as srv:
        url = srv.url
    assert fetch_arxiv_ids(make_config(url), ["2501.00001"]).error == "cannot connect to arXiv API"


def test_a_fresh_client_asking_by_id_waits_its_delay_after_the_runs_queries(state: State) -> None:
    entries = lg_entries(3)
    with ArxivServer(papers=entries) as srv:
        config = make_config(srv.url, delay_seconds=0.3, lookback_days=1)
        fetch_all(config, state, backoff=0)
        fetch_arxiv_ids(config, [entries[2].arxiv_id])
    assert srv.requests[-1].params["id_list"] and srv.requests[-2].params["search_query"]
    assert srv.requests[-1].at - srv.requests[-2].at >= 0.28


def test_a_title_is_asked_for_as_a_phrase_of_its_words() -> None:
    from bot.sources.arxiv_api import title_query

    assert title_query('Grad-CAM: "Visual" Explanations (ICCV)') == 'ti:"Grad CAM Visual Explanations ICCV"'


def test_arxiv_is_unanswered_only_where_none_of_its_queries_came_back_or_it_stopped() -> None:
    from bot.sources.arxiv_api import arxiv_unanswered
    from bot.sources.report import SourceReport

    failed = SourceReport(name="arxiv categories", error="HTTP 503")
    fine, feed_ok = SourceReport(name="arxiv watchlist"), SourceReport(name="feed cs-lg")
    assert arxiv_unanswered([failed, fine]) is None  # one query came back
    assert arxiv_unanswered([failed, feed_ok]) == "did not answer this run's queries"  # a feed is no query
    stopped = SourceReport(name="arxiv x", stop_reason="rate-limited")
    assert arxiv_unanswered([fine, stopped]) == "rate-limited"
    assert arxiv_unanswered([feed_ok]) is None


def test_ids_are_asked_for_a_page_of_the_clients_size_at_a_time_each_page_one_request() -> None:
    entries = lg_entries(5)
    with ArxivServer(papers=entries) as srv:
        config = make_config(srv.url, page_size=2)
        report = fetch_arxiv_ids(config, [e.arxiv_id for e in entries], make_client(config))
    assert [r.params["id_list"].count(",") + 1 for r in srv.requests] == [2, 2, 1]  # no page of a page
    assert len(report.papers) == 5


def test_requests_after_arxiv_stopped_answering_are_not_sent() -> None:
    from bot.sources.arxiv_api import ask_arxiv, id_searches

    with ArxivServer() as srv:
        url = srv.url
    config = make_config(url)
    client = make_client(config)
    reports = ask_arxiv(config, "arxiv ids", [s for _, s in id_searches(["2501.00001"], client)] * 3, client)
    assert [(r.error, r.stop_reason, r.requests) for r in reports] == [
        ("cannot connect to arXiv API", "unreachable", 1), ("cannot connect to arXiv API", "unreachable", 0),
        ("cannot connect to arXiv API", "unreachable", 0)]


def test_requests_after_arxiv_asked_for_a_pause_past_the_runs_are_not_sent() -> None:
    from bot.sources.arxiv_api import ask_arxiv, id_searches

    with ArxivServer(papers=lg_entries(2)) as srv:
        srv.fail(status=429, times=None, headers={"Retry-After": "3600"})
        config = make_config(srv.url)
        client = make_client(config)
        searches = [s for _, s in id_searches(["2501.00001"], client)] * 2
        reports = ask_arxiv(config, "arxiv ids", searches, client)
    assert [r.stop_reason for r in reports] == ["rate-limited", "rate-limited"] and len(srv.requests) == 1


def test_a_withdrawn_paper_is_not_fetched() -> None:
    # Found by an audit: the API keeps a withdrawn paper's abstract, and it was ranked like any other;
    # its comment, or an abstract replaced by the notice, says so first thing.
    with ArxivServer(papers=lg_entries(4)) as srv:
        srv.papers[0].comment = "This paper has been withdrawn by the authors due to a crucial error"
        srv.papers[1].comment = "Withdrawn: the proof of Lemma 2 is wrong"
        srv.papers[2].summary = "This paper has been withdrawn."
        srv.papers[3].summary = "We study a drug that was withdrawn from the market, and explanations of it."
        client = make_client(make_config(srv.url))
        results = list(client.results(arxiv.Search(query="cat:cs.LG", max_results=4)))
    assert [result_to_paper(r, 5000) is not None for r in results] == [False, False, False, True]


@pytest.mark.parametrize(("comment", "withdrawn"), [
    ("The authors have withdrawn this paper", True), ("This submission has been removed", True),
    ("arXiv admin note: this version has been removed by arXiv administrators", True),
    ("Withdrawn by arXiv administrators", True), ("We withdraw this paper", True),
    ("The authors withdraw this paper due to an error", True), ("This paper is being withdrawn", True),
    ("withdrawn (by the authors)", True), ("Retracted: error in proof", True),
    ("This paper has been\nwithdrawn by the authors", True),
    # Found by reviews: a venue it was withdrawn from is no withdrawal of the paper, nor a claim withdrawn.
    ("Withdrawn from NeurIPS 2024; accepted at ICLR 2025", False), ("withdrawn from ICLR, see v3", False),
    ("This paper was withdrawn from ICML 2024 and is now accepted at NeurIPS 2024", False),
    ("We withdraw this paper's central claim; see v3", False), ("Withdrawal: consent in learning", False),
    ("Withdrawn-Free Estimation of X", False), ("10 pages, accepted at ICML 2024", False),
])
def test_a_withdrawal_is_told_by_what_a_comment_says_first(comment: str, withdrawn: bool) -> None:
    with ArxivServer(papers=lg_entries(1)) as srv:
        srv.papers[0].comment = comment
        [result] = make_client(make_config(srv.url)).results(arxiv.Search(query="cat:cs.LG", max_results=1))
    assert (result_to_paper(result, 5000) is None) == withdrawn


def test_a_watchlist_term_arxiv_refuses_names_the_watchlist_and_its_syntax_is_left_out(
        state: State, caplog: pytest.LogCaptureFixture) -> None:
    # Found by an audit: "C++ (templates" made arXiv refuse the watchlist's one query at every run, losing
    # every watchlist paper, and the error pointed at sources.arxiv.queries.
    watchlist = {"must": ["saliency"], "boost": ["C++ (templates", "a: b [c]", "(R)"]}  # "R": every paper
    with ArxivServer(papers=lg_entries(5)) as srv:
        config = make_config(srv.url, use_watchlist=True).model_copy(
            update={"watchlist": Config.model_validate({"watchlist": watchlist}).watchlist})
        assert [q.query for q in build_queries(config) if q.label == "watchlist"] == [
            'all:"saliency" OR all:"C++ templates" OR all:"a b c"']
        srv.fail(status=400, times=None, when=lambda p: "all:" in p.get("search_query", ""))
        with caplog.at_level(logging.WARNING, logger="bot.sources.arxiv_api"):
            report = fetch_all(config, state, backoff=0)
    assert any("arxiv watchlist" in e and "fix watchlist.must / watchlist.boost" in e for e in report.errors)
    assert "watchlist term 'R' is one letter" in caplog.text
