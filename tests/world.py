"""The whole outside world for fault and hostile-input tests: loopback arXiv, feed and GitHub servers, a
config in a temp folder, and helpers to run cycles and check litbot's invariants afterwards.

Built on test_e2e's stream (the bundled example list and candidates, re-dated into the polling window)
with generous PR caps, so one clean cycle proposes every on-topic paper and "nothing skipped" can be
stated exactly: after recovery, the set of papers with a PR equals the set a fault-free run proposes.

Embeddings are the real model's. One dry run per test run over the clean world (``warm_baseline``, shared
by the xdist workers) fills an embedding cache that each world copies into its state folder, so cycles
cost HTTP and arithmetic, not model time; the same dry run gives the expected proposal set.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from servers.arxiv_server import ArxivEntry, ArxivServer
from servers.feed_server import FeedServer, fixture_feed
from servers.github_server import GitHubServer
from test_e2e import EXAMPLES, stream_entries

from bot.cli import main
from bot.config import Config, load_config
from bot.pipeline import CycleReport, run_cycle
from bot.proposal import keys_from_body
from bot.state import State

REPO = "owner/list"
TOKEN = "world-token-5678"
FEED_PATH = "/rss/cs.LG"
# The RSS fixture's "new" and "cross" announcements, both on explanations and clearly on topic.
FEED_ON_TOPIC = {"arxiv:2401.08001", "arxiv:2401.08002"}


def default_feeds() -> dict[str, tuple[str, bytes]]:
    return {FEED_PATH: ("application/rss+xml", fixture_feed("arxiv-cs.LG.rss.xml"))}


def config_dict(tmp: Path, arxiv_url: str, feed_url: str | None, github_url: str) -> dict[str, Any]:
    return {
        "list": {"repo": REPO, "path": "README.md"},
        "sources": {
            "arxiv": {"base_url": arxiv_url, "categories": ["cs.LG", "cs.AI", "cs.CV", "cs.CL", "cs.CR"],
                      "use_watchlist": False, "delay_seconds": 0, "page_size": 10, "max_results": 500,
                      "lookback_days": 14, "num_retries": 1, "timeout_seconds": 1},
            "feeds": [{"name": "cs-lg", "url": feed_url, "kind": "arxiv"}] if feed_url else [],
            "feed_timeout_seconds": 1,
        },
        "watchlist": {"boost": ["explanation manipulation", "fairwashing"], "exclude": ["quantum"]},
        "ranking": {"min_score": 0.29},  # between the on-topic 0.31 and the off-topic 0.28
        # Caps high enough that one clean cycle proposes every paper over min_score.
        "github": {"api_url": github_url, "labels": ["litbot"], "max_open_prs": 50,
                   "max_new_prs_per_run": 50, "retries": 1, "backoff_factor": 0, "secondary_rate_wait": 0,
                   "seconds_between_requests": 0, "seconds_between_writes": 0, "timeout_seconds": 5},
        "state": {"dir": str(tmp / "state")},
    }


@dataclass
class World:
    tmp: Path
    ax: ArxivServer
    fs: FeedServer
    gh: GitHubServer
    config_path: Path
    list_text: str
    served: list[ArxivEntry] = field(default_factory=list)

    @property
    def state_dir(self) -> Path:
        return self.tmp / "state"

    def config(self) -> Config:
        return load_config(str(self.config_path))

    def edit_config(self, change: Callable[[dict[str, Any]], None]) -> None:
        data = yaml.safe_load(self.config_path.read_text())
        change(data)
        self.config_path.write_text(yaml.safe_dump(data))

    def cycle(self, crash_hook: Callable[[str], None] | None = None, dry_run: bool = False) -> CycleReport:
        return run_cycle(self.config(), dry_run=dry_run, crash_hook=crash_hook)

    def cli(self, *extra: str) -> tuple[int, str, str]:
        """``litbot run --config ... <extra>`` in-process: (exit code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["run", "--config", str(self.config_path), *extra])
        return code, out.getvalue(), err.getvalue()

    def cli_json(self, *extra: str) -> dict[str, Any]:
        code, out, err = self.cli("--json", *extra)
        assert code == 0, err
        return json.loads(out)

    def pr_keys(self) -> Counter[str]:
        """How many PRs (any state) carry each paper key."""
        return Counter(k for p in self.gh.pulls(REPO) for k in keys_from_body(p.body))

    def assert_sound(self, expected: set[str], exact: bool = True) -> None:
        """The invariants every fault must leave intact, checked after the recovery run.

        - no duplicate PR: every paper key is carried by at most one PR;
        - nothing skipped: every paper the arXiv server serves is in state as seen, with a score;
          every seen paper scored at or over min_score has a PR (the caps are generous, so the
          backlog is empty); and the papers with a PR are exactly ``expected`` (what a fault-free run
          proposes). With ``exact=False`` (faults that change which papers one ranking run sees, so
          a borderline paper may legitimately be judged below the threshold) they are a subset, and
          each expected paper without a PR was judged: seen with a score under min_score;
        - every PR's branch adds only lines to the list (no existing line altered);
        - the state database passes its integrity check.
        """
        counts = self.pr_keys()
        dupes = {k: n for k, n in counts.items() if n > 1}
        assert not dupes, f"duplicate PRs: {dupes}"
        min_score = self.config().ranking.min_score
        with State(self.state_dir) as state:
            assert state.integrity_problems() == []
            scores = dict(state.db.execute("SELECT key, score FROM papers").fetchall())
            props = {p.key: p for p in state.proposals()}
            assert all(p.status == "open" and p.pr_number for p in props.values())
            assert state.backlog(min_score) == []
        assert set(props) == set(counts)
        served = {f"arxiv:{e.arxiv_id}" for e in self.served}
        assert served <= set(scores), f"never judged: {sorted(served - set(scores))}"
        assert all(s is not None for s in scores.values())
        over = {k for k, s in scores.items() if s >= min_score}
        assert over <= set(counts), f"over min_score but no PR: {sorted(over - set(counts))}"
        if exact:
            assert set(counts) == expected, (
                f"missing: {sorted(expected - set(counts))}, unexpected: {sorted(set(counts) - expected)}")
        else:
            assert set(counts) <= expected, f"unexpected: {sorted(set(counts) - expected)}"
            assert all(scores.get(k, 1.0) < min_score for k in expected - set(counts))
        for pr in self.gh.pulls(REPO):
            added_only(self.list_text, self.gh.file_text(REPO, "README.md", pr.head) or "")


def added_only(old: str, new: str) -> list[str]:
    """The lines ``new`` adds to ``old``; fails if any existing line changed or disappeared."""
    import difflib

    a, b = old.splitlines(), new.splitlines()
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} <= {"equal", "insert"}, "an existing line of the list changed"
    return [line for op, _, _, j1, j2 in ops if op == "insert" for line in b[j1:j2]]


@contextlib.contextmanager
def build_world(tmp: Path, monkeypatch: Any, entries: list[ArxivEntry] | None = None,
                feeds: dict[str, tuple[str, bytes]] | None = None, list_text: str | None = None,
                warm_state: Path | None = None) -> Iterator[World]:
    """Start the servers, write the config, set GITHUB_TOKEN; ``warm_state`` seeds the state folder."""
    list_text = list_text if list_text is not None else (EXAMPLES / "awesome-xai-attacks.md").read_text()
    entries = stream_entries() if entries is None else entries
    feeds = default_feeds() if feeds is None else feeds
    # A failing arXiv query otherwise waits 10 s, 20 s between whole-query attempts.
    monkeypatch.setattr("bot.sources.arxiv_api.BACKOFF_SECONDS", 0.01)
    with ArxivServer(papers=entries) as ax, FeedServer(feeds=feeds) as fs, GitHubServer(token=TOKEN) as gh:
        gh.add_repo(REPO, {"README.md": list_text})
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        tmp.mkdir(parents=True, exist_ok=True)
        feed_url = fs.url + FEED_PATH if feeds else None
        config_path = tmp / "litbot.yaml"
        config_path.write_text(yaml.safe_dump(config_dict(tmp, ax.url, feed_url, gh.url)))
        if warm_state is not None:
            shutil.copytree(warm_state, tmp / "state")
        yield World(tmp, ax, fs, gh, config_path, list_text, entries)


@functools.cache
def warm_baseline() -> tuple[Path, frozenset[str]]:
    """``baseline`` once per test run where it can be, shared by every test module and xdist worker.

    Each worker used to make its own: the same dry run, ~50 texts through the model, ~3 s per worker
    on the 2-core machine. The first worker to ask makes it in the run's shared temp folder (conftest's
    LITBOT_TEST_RUN_TMP) and the others read it. One that asks while it is being made makes its own
    copy, as before, rather than wait: each worker has its own core, and waiting would idle it."""
    import fcntl

    import pytest

    run_tmp = os.environ.get("LITBOT_TEST_RUN_TMP")
    shared = Path(run_tmp or tempfile.mkdtemp(prefix="litbot-world-")) / "world-baseline"
    done = shared / "expected.json"  # written last, by a rename: it exists only once all is in place
    shared.parent.mkdir(parents=True, exist_ok=True)
    with open(shared.parent / "world-baseline.lock", "w") as lock:  # the lock goes when it closes
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            mine = True
        except BlockingIOError:
            mine = False
        if done.exists():
            return shared / "state", frozenset(json.loads(done.read_text()))
        # A copy of its own goes beside the shared one, so pytest removes it with the run's temp folders.
        folder = shared if mine else Path(tempfile.mkdtemp(prefix="world-baseline-", dir=shared.parent))
        if mine:
            shutil.rmtree(folder, ignore_errors=True)  # a run that failed half way left no marker
        with pytest.MonkeyPatch.context() as mp:
            state, expected = baseline(folder, mp)
        if mine:
            (folder / "expected.part").write_text(json.dumps(sorted(expected)))
            (folder / "expected.part").rename(done)
        return state, frozenset(expected)


def baseline(tmp: Path, monkeypatch: Any) -> tuple[Path, set[str]]:
    """A dry run over the clean world: its state folder (embedding cache only) and the keys it would
    propose."""
    with build_world(tmp, monkeypatch) as w:
        report = w.cycle(dry_run=True)
        assert not report.errors, report.errors
        expected = {p.key for p in report.proposals if p.action == "would-open"}
        with State(w.state_dir) as state:
            assert state.proposals() == [] and state.seen_count() == 0
    return tmp / "state", expected
