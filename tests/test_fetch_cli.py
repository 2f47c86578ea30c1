"""``litbot fetch`` end to end: arXiv API and a feed on loopback servers, state in a temp dir."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from servers.arxiv_server import ArxivServer, make_entries
from servers.feed_server import RSS, FeedServer, fixture_feed

from bot.cli import main
from bot.sources import arxiv_api
from bot.state import State


def write_config(tmp_path: Path, arxiv_url: str, feed_url: str, **arxiv: object) -> Path:
    settings = {"base_url": arxiv_url, "categories": ["cs.LG"], "use_watchlist": False, "delay_seconds": 0,
                "num_retries": 0, "page_size": 10, "timeout_seconds": 0.5, "lookback_days": 2}
    settings.update(arxiv)
    config = {"sources": {"arxiv": settings, "feeds": [{"name": "cs.LG", "url": feed_url}],
                          "feed_timeout_seconds": 0.5},
              "state": {"dir": "state"}}
    path = tmp_path / "litbot.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.sources.arxiv_api.BACKOFF_SECONDS", 0.01)


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch):
    # The newest paper is from today (UTC) even just after midnight: the next window starts
    # CURSOR_OVERLAP_DAYS before the newest paper seen, so a newest paper from yesterday would reach a
    # day further back than the first run's window, and the second runs below would find "new" papers.
    now = datetime.now(UTC)
    newest = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0))
    entries = make_entries(20, newest=newest, categories=["cs.LG"])
    monkeypatch.setattr("bot.sources.arxiv_api.utc_today", lambda: now.date())  # one day per test
    with ArxivServer(papers=entries) as api, \
            FeedServer(feeds={"/rss/cs.LG": (RSS, fixture_feed("arxiv-cs.LG.rss.xml"))}) as feeds:
        yield api, feeds, entries


def test_fetch_writes_candidates_records_seen_and_moves_cursors(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, entries = servers
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    out = tmp_path / "out" / "candidates.jsonl"
    assert main(["fetch", "--config", str(config), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    start = arxiv_api.utc_today() - timedelta(days=2)
    expected_api = sum(1 for e in entries if e.published.date() >= start)
    assert len(rows) == expected_api + 2
    assert set(rows[0]) == {"id", "title", "abstract", "authors", "categories", "published", "url", "venue",
                            "arxiv_id"}
    assert all(r["url"].startswith("https://arxiv.org/abs/") for r in rows)
    err = capsys.readouterr().err
    assert "source" in err and "arxiv categories" in err and "feed:cs.LG" in err
    assert f"{len(rows)} new papers; 0 source errors" in err
    with State(tmp_path / "state") as state:  # state.dir resolves against the config's folder
        assert state.seen_count() == len(rows)
        assert len(state.cursors()) == 1
        assert state.get_http_cache(feeds.url + "/rss/cs.LG")[0]
    # Second run: the feed answers 304, the API's papers are all seen.
    assert main(["fetch", "--config", str(config), "--out", str(out)]) == 0
    assert out.read_text() == ""
    assert feeds.requests[-1].headers.get("if-none-match")
    assert "0 new papers" in capsys.readouterr().err


def test_fetch_to_stdout_with_state_option_and_since(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, entries = servers
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    since = arxiv_api.utc_today() - timedelta(days=5)
    code = main(["fetch", "--config", str(config), "--state", str(tmp_path / "other"),
                 "--since", since.isoformat()])
    assert code == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == sum(1 for e in entries if e.published.date() >= since) + 2
    assert (tmp_path / "other" / "litbot.sqlite").exists() and not (tmp_path / "state").exists()


def test_failed_source_is_reported_and_earns_no_cursor(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, _ = servers
    api.fail(status=503, times=None)
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    assert main(["fetch", "--config", str(config), "--out", str(tmp_path / "c.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "HTTP 503 from arXiv API" in err and "2 new papers; 1 source errors" in err
    with State(tmp_path / "state") as state:
        assert state.cursors() == {}
        assert state.seen_count() == 2


def test_json_logs_keep_stderr_to_json_lines(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, _ = servers
    api.fail(status=503, times=None)
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    out = tmp_path / "c.jsonl"
    assert main(["--log-format", "json", "fetch", "--config", str(config), "--out", str(out)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]  # no table among them
    failed = [r for r in records if r["msg"].startswith("source arxiv categories:")]
    assert failed and failed[-1]["level"] == "warning" and "HTTP 503 from arXiv API" in failed[-1]["msg"]
    assert any(r["msg"].startswith("source feed:cs.LG: fetched 2, new 2") for r in records)
    assert records[-1]["msg"] == "2 new papers; 1 source errors"


def test_every_source_failing_exits_1_and_keeps_the_old_output(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, _ = servers
    api.fail(status=503, times=None)
    config = write_config(tmp_path, api.url, feeds.url + "/gone")
    out = tmp_path / "c.jsonl"
    out.write_text("earlier output\n")
    assert main(["fetch", "--config", str(config), "--out", str(out)]) == 1
    assert out.read_text() == "earlier output\n"
    assert "feed is gone (HTTP 404)" in capsys.readouterr().err


def test_out_to_a_folder_is_one_line_and_records_nothing_seen(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, _ = servers
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    (tmp_path / "adir").mkdir()
    assert main(["fetch", "--config", str(config), "--out", str(tmp_path / "adir")]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == [f"litbot: error: {tmp_path / 'adir'}: Is a directory; cannot write it, "
                      "give a writable file path"]
    assert list((tmp_path / "adir").iterdir()) == []
    # Nothing was output, so nothing may count as seen: the next fetch still brings every paper.
    assert main(["fetch", "--config", str(config), "--out", str(tmp_path / "c.jsonl")]) == 0
    assert len((tmp_path / "c.jsonl").read_text().splitlines()) > 0


# A malformed --since: test_cli_errors.py, for every command that takes one.


def test_future_since_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    future = (date.today() + timedelta(days=3)).isoformat()
    assert main(["fetch", "--state", str(tmp_path), "--since", future]) == 2
    assert "is in the future" in capsys.readouterr().err


def test_include_seen_outputs_seen_papers_too(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, _ = servers
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    assert main(["fetch", "--config", str(config)]) == 0
    first = capsys.readouterr().out.splitlines()
    assert main(["fetch", "--config", str(config), "--include-seen"]) == 0
    again = capsys.readouterr().out.splitlines()
    # The feed is unchanged (304), so only the API's papers come back, all of them already seen.
    assert again == first[: len(first) - 2]


def test_bad_candidates_file_is_one_error_line_and_the_rest_runs(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    api, feeds, _ = servers
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    data = yaml.safe_load(config.read_text())
    data["sources"]["files"] = [{"path": "extra.jsonl"}]
    config.write_text(yaml.safe_dump(data))
    (tmp_path / "extra.jsonl").write_text('{"title": "ok"}\n{not json\n')
    assert main(["fetch", "--config", str(config), "--out", str(tmp_path / "c.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "file:extra: " in err and "extra.jsonl:2: not valid JSON" in err


def write_files_config(tmp_path: Path, *files: str) -> Path:
    config = {"sources": {"arxiv": {"enabled": False}, "feeds": [], "files": [{"path": f} for f in files]},
              "state": {"dir": "state"}}
    path = tmp_path / "litbot.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_fetch_with_no_source_configured_succeeds_with_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No source is not "every source failed".
    assert main(["fetch", "--config", str(write_files_config(tmp_path))]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "0 new papers; 0 source errors" in captured.err


def test_since_today_is_not_in_the_future(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_files_config(tmp_path)
    assert main(["fetch", "--config", str(config), "--since", arxiv_api.utc_today().isoformat()]) == 0


def test_include_seen_outputs_a_paper_two_sources_share_once_and_stdout_matches_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = json.dumps({"title": "Über robuste Modelle", "url": "https://arxiv.org/abs/2101.00001"})
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(paper + "\n", encoding="utf-8")
    config = write_files_config(tmp_path, "a.jsonl", "b.jsonl")
    out = tmp_path / "c.jsonl"
    assert main(["fetch", "--config", str(config), "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    capsys.readouterr()
    assert main(["fetch", "--config", str(config), "--include-seen"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")  # once, and the same bytes


def test_summary_table_lists_each_source_aligned() -> None:
    from bot.commands.fetch_cmd import summary_table
    from bot.paper import Paper
    from bot.sources import FetchResult, SourceReport

    papers = [Paper(title=f"t{i}", url=f"https://arxiv.org/abs/2101.0000{i}") for i in range(3)]
    result = FetchResult(papers=[], errors=["HTTP 503"], cursor_updates={}, reports=[
        SourceReport("arxiv categories", papers=papers, requests=12, new=1),
        SourceReport("feed:x", error="HTTP 503", requests=1)])
    assert summary_table(result).splitlines() == [
        "source            fetched  new  pages  status",
        "arxiv categories        3    1     12      ok",
        "feed:x                  0    0      1   error",
    ]


def test_a_file_with_a_bad_line_as_the_only_source_still_writes_its_good_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The file's report carries an error (the skipped line) but its good lines were read: that is a
    # partial failure, as a feed down beside a working one is, not "every source failed".
    (tmp_path / "c.jsonl").write_text('{"title": "A good paper", "url": "https://arxiv.org/abs/2101.00001"}\n'
                                      '{not json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["fetch", "--config", str(write_files_config(tmp_path, "c.jsonl")), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in rows] == ["A good paper"]
    assert "c.jsonl:2: not valid JSON" in capsys.readouterr().err
    with State(tmp_path / "state") as state:
        assert state.seen_count() == 1


def test_fetch_out_keeps_a_journal_papers_doi_for_rank(tmp_path: Path) -> None:
    # A nature.com item's id and link are its page: the DOI, from prism:doi, was written nowhere, so
    # `rank --candidates` could not link it by DOI nor see it was listed already under its doi.org link.
    from bot.paper import read_jsonl

    with FeedServer(feeds={"/nmeth.rss": (RSS, fixture_feed("nature-methods.rdf.xml"))}) as srv:
        config = tmp_path / "litbot.yaml"
        feeds = [{"name": "nmeth", "url": srv.url + "/nmeth.rss"}]
        config.write_text(yaml.safe_dump({"sources": {"arxiv": {"enabled": False}, "feeds": feeds},
                                          "state": {"dir": "state"}}))
        out = tmp_path / "candidates.jsonl"
        assert main(["fetch", "--config", str(config), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("doi") for r in rows] == ["10.1038/s41592-024-02316-4", "10.1038/s41592-024-02420-5"]
    assert "arxiv_id" not in rows[0]  # only what is known
    assert [p.key for p in read_jsonl(str(out))] == ["doi:10.1038/s41592-024-02316-4",
                                                     "doi:10.1038/s41592-024-02420-5"]


def test_fetch_beside_a_running_cycle_on_the_same_state_is_refused_and_records_nothing(
    tmp_path: Path, servers: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    # Its cursors and seen papers would race those of the cycle, which is fetching the same windows.
    api, feeds, _ = servers
    config = write_config(tmp_path, api.url, feeds.url + "/rss/cs.LG")
    with State(tmp_path / "state") as state, state.cycle_lock():
        assert main(["fetch", "--config", str(config)]) == 1
        assert state.seen_count() == 0 and state.cursors() == {}
    assert "another litbot cycle is running on this state" in capsys.readouterr().err
    assert api.requests == [] and feeds.requests == []
