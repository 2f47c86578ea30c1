"""End to end: `litbot run` against loopback arXiv, feed and GitHub servers.

The unmodified arxiv, feedparser and PyGithub clients talk HTTP to the servers in tests/servers; the
ranking uses the real embedded model. One scenario, run after run, as a maintainer would live it:
drafts are opened, a re-run opens no duplicates, a closed PR is never proposed again (even after the
state is lost), and a merged PR becomes positive feedback.
"""

from __future__ import annotations

import difflib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from servers.arxiv_server import ArxivEntry, ArxivServer
from servers.feed_server import FeedServer, fixture_feed
from servers.github_server import GitHubServer

from bot.cli import main
from bot.config import load_config
from bot.embeddings import model_key
from bot.identity import arxiv_id_from
from bot.state import State

REPO = "owner/list"
TOKEN = "e2e-token-1234"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# Papers in the bundled stream that belong in the example list (attacks on / robustness of explanations).
ON_TOPIC = {"2206.11104", "2202.06861", "2203.06877", "2205.15419", "2202.01602", "2306.06123",
            "2401.06122", "2212.08507"}
# The RSS fixture's "new" and "cross" announcements (both on explanations); its replacements are old papers.
FEED_ON_TOPIC = {"2401.08001", "2401.08002"}


def stream_entries() -> list[ArxivEntry]:
    """The bundled candidates, re-dated to the last few days so they fall in the polling window."""
    now = datetime.now(UTC)
    entries = []
    for i, line in enumerate((EXAMPLES / "candidates.jsonl").read_text().splitlines()):
        c = json.loads(line)
        entries.append(ArxivEntry(
            arxiv_id=arxiv_id_from(c["id"]) or "", title=c["title"], summary=c["abstract"],
            authors=c["authors"], categories=c["categories"], published=now - timedelta(hours=3 * i + 1),
        ))
    return entries


def write_config(tmp: Path, arxiv_url: str, feed_url: str, github_url: str) -> Path:
    config = {
        "list": {"repo": REPO, "path": "README.md"},
        "sources": {
            "arxiv": {"base_url": arxiv_url, "categories": ["cs.LG", "cs.AI", "cs.CV", "cs.CL", "cs.CR"],
                      "use_watchlist": False, "delay_seconds": 0, "page_size": 25, "max_results": 500,
                      "lookback_days": 14, "num_retries": 1, "timeout_seconds": 5},
            "feeds": [{"name": "cs-lg", "url": feed_url, "kind": "arxiv"}],
        },
        "watchlist": {"boost": ["explanation manipulation", "fairwashing"],
                      "exclude": ["quantum", "slingshot"]},
        "ranking": {"min_score": 0.5},
        "github": {"api_url": github_url, "labels": ["litbot", "new paper"], "max_open_prs": 2,
                   "max_new_prs_per_run": 2, "retries": 1, "backoff_factor": 0, "secondary_rate_wait": 0,
                   "seconds_between_requests": 0, "seconds_between_writes": 0},
        "state": {"dir": str(tmp / "state")},
    }
    path = tmp / "litbot.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def run(config: Path, *extra: str) -> dict:
    return _run_json(["run", "--config", str(config), "--json", *extra])


def _run_json(argv: list[str]) -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    assert code == 0, out.getvalue()
    return json.loads(out.getvalue())


def only_added_lines(old: str, new: str) -> list[str]:
    ops = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} <= {"equal", "insert"}, "an existing line of the list changed"
    return [line for op, _, _, j1, j2 in ops if op == "insert" for line in new.splitlines()[j1:j2]]


@pytest.fixture
def world(tmp_path, monkeypatch):
    list_text = (EXAMPLES / "awesome-xai-attacks.md").read_text()
    feeds = {"/rss/cs.LG": ("application/rss+xml", fixture_feed("arxiv-cs.LG.rss.xml"))}
    with ArxivServer(papers=stream_entries()) as ax, FeedServer(feeds=feeds) as fs, \
            GitHubServer(token=TOKEN) as gh:
        gh.add_repo(REPO, {"README.md": list_text})
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        config = write_config(tmp_path, ax.url, fs.url + "/rss/cs.LG", gh.url)
        yield config, gh, list_text, tmp_path / "state"


def warm_embeddings(state_dir: Path) -> None:
    """Seed the state with the clean world's embedding cache (world.warm_baseline: these papers and
    this list, embedded once per test run): for runs that test what a cycle prints and writes, not
    the model. The maintainer scenario (the first test) starts cold, as a first run does."""
    import shutil

    from world import warm_baseline

    shutil.copytree(warm_baseline()[0], state_dir)


def proposed_keys(gh: GitHubServer) -> dict[int, str]:
    from bot.proposal import keys_from_body

    return {p.number: keys_from_body(p.body)[0] for p in gh.pulls(REPO)}


def test_cycle_opens_drafts_then_no_duplicates_and_respects_closed_and_merged(world):
    config, gh, list_text, state_dir = world

    # Run 1: two draft PRs (the per-run cap), each adding one on-topic paper and nothing else.
    first = run(config)
    assert first["proposals"] == {"opened": 2}
    pulls = gh.pulls(REPO)
    assert len(pulls) == 2
    for pr in pulls:
        assert pr.draft and pr.state == "open"
        assert set(pr.labels) == {"litbot", "new paper"}
        assert pr.title.startswith('Add "') and pr.head.startswith("litbot/")
        assert "never propose this paper again" in pr.body
        added = only_added_lines(list_text, gh.file_text(REPO, "README.md", pr.head))
        block = "\n".join(added)  # difflib may align the new entry's "</details>" with its neighbour's
        assert block.count("\n* [") + block.startswith("* [") == 1 and block.count("<summary>") == 1
    keys = proposed_keys(gh)
    assert all(k.startswith("arxiv:") for k in keys.values())
    assert {k.removeprefix("arxiv:") for k in keys.values()} <= ON_TOPIC | FEED_ON_TOPIC

    # Run 2: the open-PR cap is reached and nothing new arrived: no PR, no duplicate branch.
    second = run(config)
    assert second["proposals"] == {}
    assert len(gh.pulls(REPO)) == 2

    # The state stays small: a paper judged under min_score keeps only its identity, one that may
    # still be proposed its whole record; every seen paper's vector stays cached as background.
    settings = load_config(str(config))
    floor = settings.ranking.min_score
    with State(state_dir) as state:
        rows = state.db.execute("SELECT key, score, json_extract(data, '$.abstract') FROM papers").fetchall()
        assert {bool(abstract) for _, score, abstract in rows if score < floor} == {False}
        assert all(abstract for _, score, abstract in rows if score >= floor)
        assert len(state.background(model_key(settings.ranking.model), 10**5)[0]) == len(rows)
        # An excluded paper, on topic as it is ("...Gradient Slingshots"), never waits in the backlog.
        slingshots = "arxiv:2401.06122"
        assert dict((k, s) for k, s, _ in rows)[slingshots] == 0.0
        assert slingshots not in {p.key for p in state.backlog(floor)}

    # The maintainer closes the first PR: the next run records it and fills the freed slot with a
    # different paper, never the closed one.
    closed_number, closed_key = min(keys.items())
    gh.close_pull(closed_number)
    third = run(config)
    assert third["reconciled"]["closed"] == 1
    assert third["proposals"] == {"opened": 1}
    assert len(gh.pulls(REPO)) == 3
    assert list(proposed_keys(gh).values()).count(closed_key) == 1

    # State lost (a fresh Action cache): litbot rediscovers its PRs from GitHub and still proposes
    # neither the closed paper nor a duplicate of an open one.
    import shutil

    shutil.rmtree(state_dir)
    fourth = run(config)
    assert fourth["reconciled"]["discovered"] >= 3
    assert fourth["proposals"] in ({}, {"exists": 2})
    assert len(gh.pulls(REPO)) == 3
    with State(state_dir) as state:
        assert closed_key in {p.key for p in state.proposals("closed")}
        assert state.integrity_problems() == []

    # A merge is recorded as one, and the paper is now part of the list on the default branch.
    open_pr = next(p for p in gh.pulls(REPO, state="open"))
    gh.merge_pull(open_pr.number)
    fifth = run(config)
    assert fifth["reconciled"]["merged"] == 1
    with State(state_dir) as state:
        positives, negatives = state.feedback()
        assert proposed_keys(gh)[open_pr.number] in {p.key for p in positives}
        assert closed_key in {p.key for p in negatives}
        assert state.integrity_problems() == []


def test_dry_run_needs_no_token_and_writes_nothing(world, monkeypatch, capsys):
    config, gh, _, state_dir = world
    warm_embeddings(state_dir)
    monkeypatch.delenv("GITHUB_TOKEN")
    # Without a token the list comes from a local copy.
    data = yaml.safe_load(config.read_text())
    data["list"]["local_path"] = str(EXAMPLES / "awesome-xai-attacks.md")
    config.write_text(yaml.safe_dump(data))
    assert main(["run", "--config", str(config), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.count("would open: Add \"") == 2 and out.count("\nbranch litbot/") == 2
    assert "+* [" in out  # the diff of the list
    assert gh.pulls(REPO) == [] and gh.count("POST", r".") == 0
    with State(state_dir) as state:
        assert state.proposals() == [] and state.cursors() == {} and state.seen_count() == 0


def test_a_dry_run_prints_a_digest_once(world, monkeypatch, capsys):
    # It was printed once per paper in it: the same title, branch, diff and body each time.
    config, gh, _, state_dir = world
    warm_embeddings(state_dir)
    data = yaml.safe_load(config.read_text())
    data["github"]["mode"] = "digest"
    config.write_text(yaml.safe_dump(data))
    assert main(["run", "--config", str(config), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.count("would open: ") == 1 and "would open: Add 4 papers to the list" in out
    assert out.count("\nbranch litbot/digest-") == 1 and out.count("\n+* [") == 4


def test_json_logs_keep_stderr_to_json_lines(world, monkeypatch, capsys):
    config, gh, _, state_dir = world
    warm_embeddings(state_dir)
    data = yaml.safe_load(config.read_text())
    data["sources"]["feeds"].append({"name": "down", "url": gh.url + "/no-such-feed"})
    config.write_text(yaml.safe_dump(data))
    assert main(["--log-format", "json", "run", "--config", str(config), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\nbranch litbot/") == 2  # stdout is the run's output, as without
    records = [json.loads(line) for line in captured.err.splitlines()]  # no table, no progress bar
    assert any(r["level"] == "warning" and "feed down" in r["msg"] for r in records)
    assert records[-1]["msg"] == "cycle summary"  # and the summary an object, parsed once
    summary = records[-1]["data"]
    assert summary["proposals"] == {"would-open": 2} and any("feed down" in e for e in summary["errors"])
    assert [p["pull_title"].startswith('Add "') for p in summary["pull_requests"]] == [True, True]


def test_real_run_without_token_is_one_clear_line(world, monkeypatch, capsys):
    config, *_ = world
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "GITHUB_TOKEN is not set" in err[0]


def test_a_failed_prune_is_a_warning_not_a_failed_cycle(tmp_path, monkeypatch, caplog):
    import sqlite3

    from bot.config import Config
    from bot.lists import parse_list
    from bot.pipeline import prune_state

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    doc = parse_list("# L\n\n## Papers\n\n* [A paper](https://arxiv.org/abs/2301.00001)\n", "L.md")
    with State(tmp_path) as state:
        monkeypatch.setattr(state, "prune", locked)
        prune_state(state, Config(), doc)  # the cycle's work is committed already: nothing to undo
    assert "state not pruned this time: database is locked" in caplog.text
