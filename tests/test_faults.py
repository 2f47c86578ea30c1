"""Whole cycles under faults: arXiv, feeds and GitHub misbehaving, and the process dying between steps.

Each test breaks one thing during a cycle, lets the next cycle run against healthy servers, and then
checks the invariants of ``World.assert_sound``: no paper has two PRs, the papers with a PR are exactly
those a fault-free run proposes (nothing skipped, nothing extra), every PR only adds lines to the list,
and the state database is sound. Fatal GitHub errors (401, 404) must also end the CLI with one clear
line and a non-zero exit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servers.feed_server import fixture_feed
from world import FEED_ON_TOPIC, FEED_PATH, REPO, World, build_world, warm_baseline

from bot.pipeline import STEPS, SimulatedCrash
from bot.proposal import branch_name
from bot.state import State


def _baseline() -> tuple[Path, frozenset[str]]:
    state, expected = warm_baseline()
    assert len(expected) == 10, expected  # 8 arXiv + 2 feed papers on explanations
    return state, expected


@pytest.fixture
def expected() -> set[str]:
    return set(_baseline()[1])


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    with build_world(tmp_path, monkeypatch, warm_state=_baseline()[0]) as w:
        yield w


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("litbot: error:")]


# -- the process killed between any two steps ---------------------------------------------------------


# The default run kills the cycle at the two riskiest points (after ranking: nothing recorded; after
# proposing: PRs exist, papers not yet recorded as seen); `-m slow` covers every step.
DEFAULT_STEPS = {"ranked", "proposed"}
SLOW = pytest.mark.slow


@pytest.mark.parametrize("step", [s if s in DEFAULT_STEPS else pytest.param(s, marks=SLOW) for s in STEPS])
def test_crash_after_any_step_then_next_run_recovers(world: World, expected: set[str], step: str) -> None:
    def crash(at: str) -> None:
        if at == step:
            raise SimulatedCrash(at)

    with pytest.raises(SimulatedCrash):
        world.cycle(crash_hook=crash)
    with State(world.state_dir) as state:
        assert state.integrity_problems() == []
    report = world.cycle()
    assert not report.errors
    world.assert_sound(expected)
    # A third run finds nothing left to do.
    assert [p.action for p in world.cycle().proposals if p.action != "exists"] == []
    world.assert_sound(expected)


def test_crash_via_environment_in_the_cli(world: World, expected: set[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITBOT_CRASH_AT", "proposed")
    with pytest.raises(SimulatedCrash):
        world.cli("--json")
    assert sum(world.pr_keys().values()) == len(expected)  # PRs opened, seen papers not yet recorded
    monkeypatch.delenv("LITBOT_CRASH_AT")
    summary = world.cli_json()
    assert summary["proposals"] in ({}, {"exists": len(expected)})
    world.assert_sound(expected)


# -- arXiv ------------------------------------------------------------------------------------------


def _later_page(params: dict[str, str]) -> bool:
    return params.get("start", "0") != "0"


@pytest.mark.parametrize("fault", [
    pytest.param({"status": 503}, id="503"),
    pytest.param({"sleep": 1.5}, id="timeout", marks=SLOW),
    pytest.param({"empty": True}, id="empty-page", marks=SLOW),
])
def test_arxiv_fails_mid_pagination(world: World, expected: set[str], fault: dict) -> None:
    world.edit_config(lambda c: c["sources"]["arxiv"].update(timeout_seconds=0.5))
    world.ax.fail(times=None, when=_later_page, **fault)
    first = world.cycle()
    assert any("arxiv" in e for e in first.errors), first.errors
    # What `state health` reads: the feed still answered, so this run reached a source.
    summary = first.summary()
    assert (summary["sources_failed"], summary["sources"]) == (1, 2)  # the arXiv query, the feed
    with State(world.state_dir) as state:
        assert state.integrity_problems() == []
        # A query that broke off earns no cursor: the next window still covers what it missed.
        assert len(state.cursors()) < 5
    world.ax.faults.clear()
    second = world.cycle()
    assert not second.errors
    world.assert_sound(expected)


@SLOW
def test_arxiv_all_empty_then_recovers(world: World, expected: set[str]) -> None:
    world.ax.fail(empty=True, times=None)
    first = world.cycle()
    # An all-empty arXiv is legal (a quiet day): the feed's papers still go through.
    assert {p.key for p in first.proposals} <= expected
    world.ax.faults.clear()
    world.cycle()
    world.assert_sound(expected)


# -- feeds ------------------------------------------------------------------------------------------

FEED_FAULTS = {
    "malformed": {"body": b"<rss><channel><item><title>broken"},
    "wrong-encoding": {"body": fixture_feed("arxiv-cs.LG.rss.xml").replace(b"Saliency", "Salièncy".encode(
        "latin-1"))},
    "10MB": {"body": b"<rss>" + b"x" * 10_000_000, "chunked": True},
    "redirect-loop": {"redirect": FEED_PATH},
}


@pytest.mark.parametrize("fault", [f if f == "malformed" else pytest.param(f, marks=SLOW)
                                   for f in FEED_FAULTS])
def test_broken_feed_costs_only_that_feed(world: World, expected: set[str], fault: str,
                                         caplog: pytest.LogCaptureFixture) -> None:
    world.fs.route(FEED_PATH, **FEED_FAULTS[fault])
    first = world.cycle()
    # One warning naming the feed (an error for the cycle report, or a lenient-parse recovery).
    assert any("cs-lg" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert first.fetched >= 40  # arXiv still delivered
    world.fs.route(FEED_PATH, body=fixture_feed("arxiv-cs.LG.rss.xml"))
    world.cycle()
    # Without the feed's two papers the first ranking differs, so a borderline paper may be judged
    # below the threshold in it: judged, not skipped.
    world.assert_sound(expected, exact=False)
    assert FEED_ON_TOPIC <= set(world.pr_keys())


# -- GitHub -----------------------------------------------------------------------------------------


def test_bad_token_is_one_line_nonzero_and_state_stays_clean(world: World, expected: set[str]) -> None:
    world.gh.fail_next("GET", r".", 401, times=1000)
    code, _, err = world.cli()
    assert code == 2  # bad config, as the README says: no retry helps
    lines = error_lines(err)
    assert len(lines) == 1 and "401" in lines[0] and "GITHUB_TOKEN" in lines[0], err
    with State(world.state_dir) as state:
        assert state.integrity_problems() == [] and state.proposals() == [] and state.seen_count() == 0
        assert state.runs(1)[0]["status"] == "failed"
    world.gh._faults.clear()
    assert world.cli()[0] == 0
    world.assert_sound(expected)


def test_an_unexpected_error_still_closes_the_run_record(world: World, expected: set[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.ranking

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in ranking")

    real = bot.ranking.rank_papers
    monkeypatch.setattr(bot.ranking, "rank_papers", broken)
    with pytest.raises(RuntimeError):
        world.cycle()
    with State(world.state_dir) as state:
        run = state.runs(1)[0]
        assert run["status"] == "failed" and run["finished"] is not None
        assert run["summary"]["errors"] == ["RuntimeError: a bug in ranking"]
        assert state.integrity_problems() == [] and state.proposals() == []
    monkeypatch.setattr(bot.ranking, "rank_papers", real)  # fixed: the next run completes
    world.cycle()
    world.assert_sound(expected)


def test_an_interrupted_run_closes_its_record_and_the_next_run_recovers(world: World,
                                                                        expected: set[str]) -> None:
    def interrupt(at: str) -> None:
        if at == "proposed":  # PRs open, papers not yet recorded as seen
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        world.cycle(crash_hook=interrupt)
    with State(world.state_dir) as state:
        run = state.runs(1)[0]
        assert run["status"] == "interrupted" and run["finished"] is not None
        assert run["summary"]["errors"] == ["interrupted"]
        assert state.integrity_problems() == []
    world.cycle()
    world.assert_sound(expected)


def test_sigterm_during_litbot_run_ends_it_as_interrupted(world: World, expected: set[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    import bot.pipeline

    def terminate(at: str) -> None:
        if at == "ranked":
            os.kill(os.getpid(), signal.SIGTERM)  # what a cancelled Action or `docker stop` sends

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(bot.pipeline, "_crash_hook_from_env", lambda: terminate)
    code, _, err = world.cli()
    assert code == 143 and "litbot: interrupted" in err
    assert signal.getsignal(signal.SIGTERM) is before  # the command leaves the process's handler as it was
    with State(world.state_dir) as state:
        assert state.runs(1)[0]["status"] == "interrupted"
        assert state.proposals() == []  # stopped before proposing
    monkeypatch.setattr(bot.pipeline, "_crash_hook_from_env", lambda: None)
    assert world.cli()[0] == 0
    world.assert_sound(expected)


def test_sigterm_during_serve_once_ends_it_as_interrupted(world: World, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import signal

    import bot.pipeline
    from bot.cli import main

    def terminate(at: str) -> None:
        if at == "ranked":
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(bot.pipeline, "_crash_hook_from_env", lambda: terminate)
    assert main(["serve", "--once", "--config", str(world.config_path)]) == 143
    assert "litbot: interrupted" in capsys.readouterr().err
    with State(world.state_dir) as state:
        assert state.runs(1)[0]["status"] == "interrupted"


def test_papers_fetched_by_litbot_fetch_are_still_ranked_by_run(world: World, expected: set[str],
                                                                tmp_path: Path) -> None:
    # `litbot fetch` records what it writes and moves the cursors, as specified; the next `run` on the
    # same state must still rank and propose those papers rather than skip them as seen.
    from bot.cli import main

    assert main(["fetch", "--config", str(world.config_path), "--out", str(tmp_path / "c.jsonl")]) == 0
    with State(world.state_dir) as state:
        assert state.seen_count() > 0 and len(state.unranked()) == state.seen_count()
    assert world.cli()[0] == 0
    world.assert_sound(expected)
    with State(world.state_dir) as state:
        assert state.unranked() == []


def test_missing_repo_is_one_line_nonzero(world: World, expected: set[str]) -> None:
    world.edit_config(lambda c: c["list"].update(repo="owner/missing"))
    code, _, err = world.cli()
    assert code == 2  # bad config (a typo in list.repo): `run` agrees with `serve`
    lines = error_lines(err)
    assert len(lines) == 1 and "owner/missing" in lines[0] and "not found" in lines[0], err
    with State(world.state_dir) as state:
        assert state.integrity_problems() == [] and state.proposals() == [] and state.seen_count() == 0
    world.edit_config(lambda c: c["list"].update(repo=REPO))
    assert world.cli()[0] == 0
    world.assert_sound(expected)


def test_secondary_rate_limit_with_retry_after_is_waited_out(world: World, expected: set[str]) -> None:
    # No wait asked: that the wait is kept is test_forge's (a second each here added up).
    world.gh.fail_next("POST", r"/pulls$", 403, headers={"Retry-After": "0"})
    report = world.cycle()
    assert not report.errors
    assert world.gh.count("POST", r"/pulls$") == len(expected) + 1
    world.assert_sound(expected)


# What each fault must do to the cycle (propose.PER_PR_STATUSES and the forge's own retries decide):
# "absorbed": the forge retries it away, the run is clean; "refused": GitHub refused one change (409/422),
# that paper stays pending with one warning and every other paper gets its PR; "fatal": any other
# failure would hit every PR alike, so the run stops with one error line and a non-zero exit.
@pytest.mark.parametrize("method,path,status,body,times,outcome", [
    pytest.param("PUT", r"/contents/", 409, None, 1, "absorbed", id="409-file-once", marks=SLOW),
    pytest.param("PUT", r"/contents/", 409, None, 2, "refused", id="409-file-twice"),
    pytest.param("PUT", r"/contents/", 422, None, 1, "refused", id="422-file", marks=SLOW),
    pytest.param("POST", r"/git/refs$", 422, {"message": "Reference already exists"}, 1, "fatal",
                 id="422-branch-exists-lie"),
    pytest.param("POST", r"/git/refs$", 409, None, 1, "refused", id="409-branch", marks=SLOW),
    pytest.param("PATCH", r"/git/refs/", 422, None, 1, "refused", id="422-ref-update", marks=SLOW),
    pytest.param("POST", r"/pulls$", 502, None, 5, "fatal", id="5xx-pr-creation"),
    pytest.param("POST", r"/issues/\d+/labels$", 500, None, 5, "fatal", id="5xx-labels", marks=SLOW),
])
def test_github_write_fault_then_next_run_finishes(world: World, expected: set[str], method: str, path: str,
                                                   status: int, body: dict | None, times: int,
                                                   outcome: str) -> None:
    if method == "PATCH":
        # A branch is only force-updated when it exists already: orphans of a run that died after
        # creating them. Without them this fault never fires and the case tests nothing.
        repo = world.gh.repos[REPO]
        for key in expected:
            repo.refs[f"refs/heads/{branch_name(key)}"] = repo.refs["refs/heads/main"]
    world.gh.fail_next(method, path, status, body=body, times=times)
    code, _, err = world.cli()
    assert [f.times < times for f in world.gh._faults] == [True], "the fault never fired"
    errors, warnings = error_lines(err), [line for line in err.splitlines() if line.startswith("warning:")]
    with State(world.state_dir) as state:
        assert state.integrity_problems() == []
        pending = [p.key for p in state.proposals("pending")]
    if outcome == "fatal":
        assert code == 1 and len(errors) == 1 and warnings == [], err
        if body and "already exists" in body["message"]:  # says what GitHub did, not a bare 404
            assert "already exists (422) but cannot find it (404)" in err and "run again" in err, err
        assert len(pending) == 1  # the paper the run stopped at: resumed first next run
    elif outcome == "refused":
        assert code == 0 and errors == [] and len(warnings) == 1 and f"HTTP {status}" in warnings[0], err
        assert len(pending) == 1 and sum(world.pr_keys().values()) == len(expected) - 1
    else:
        assert code == 0 and errors == [] and warnings == [], err
        assert pending == [] and sum(world.pr_keys().values()) == len(expected)
    world.gh._faults.clear()
    assert world.cli()[0] == 0
    world.assert_sound(expected)


@pytest.mark.parametrize("method,path,status,times", [
    pytest.param("PUT", r"/contents/", 409, 2, id="409-file-past-the-retry"),
    pytest.param("POST", r"/pulls$", 422, 1, id="422-pr-creation"),
])
def test_one_refused_pr_does_not_block_the_others(world: World, expected: set[str], method: str, path: str,
                                                  status: int, times: int) -> None:
    world.gh.fail_next(method, path, status, times=times)  # the first PR of the run only
    code, _, err = world.cli()
    assert code == 0 and error_lines(err) == [], err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and f"HTTP {status}" in warnings[0], err
    assert "left pending, retried next run (`litbot state drop arxiv:" in warnings[0], err
    assert sum(world.pr_keys().values()) == len(expected) - 1  # every other paper got its PR
    with State(world.state_dir) as state:
        pending = state.proposals("pending")
        assert len(pending) == 1 and pending[0].key in expected and state.integrity_problems() == []
    assert world.cli()[0] == 0  # GitHub accepts it now: the pending paper gets its PR, no duplicate
    world.assert_sound(expected)


def test_a_refused_paper_the_maintainer_drops_is_not_proposed_again(world: World, expected: set[str]) -> None:
    from bot.cli import main

    world.gh.fail_next("POST", r"/pulls$", 422, times=1)
    assert world.cli()[0] == 0
    with State(world.state_dir) as state:
        (stuck,) = state.proposals("pending")
    assert main(["state", "drop", stuck.key, "--state", str(world.state_dir)]) == 0
    world.gh._faults.clear()
    code, _, err = world.cli()
    assert code == 0 and "warning:" not in err, err
    assert stuck.key not in world.pr_keys() and set(world.pr_keys()) == expected - {stuck.key}
    with State(world.state_dir) as state:
        assert state.get_proposal(stuck.key).status == "dropped" and state.integrity_problems() == []
        assert state.proposals("pending") == []


def test_pr_left_without_labels_is_labelled_next_run(world: World, expected: set[str]) -> None:
    world.gh.fail_next("POST", r"/issues/\d+/labels$", 500, times=5)
    assert world.cli()[0] != 0
    world.gh._faults.clear()
    assert world.cli()[0] == 0
    world.assert_sound(expected)
    assert all(set(p.labels) == {"litbot"} for p in world.gh.pulls(REPO))


# -- a real SIGKILL mid-request ---------------------------------------------------------------------------


@SLOW
@pytest.mark.parametrize("method,path,nth", [
    ("POST", r"/git/refs$", 1),            # branch made, nothing committed
    ("PUT", r"/contents/", 2),             # second entry committed, no PR for it yet
    ("POST", r"/pulls$", 3),               # mid-way through opening PRs
    ("POST", r"/issues/\d+/labels$", 5),   # a PR without its labels
])
def test_sigkill_mid_cycle_then_next_run_recovers(world: World, expected: set[str], method: str, path: str,
                                                  nth: int) -> None:
    import os
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--config", str(world.config_path)],
                            cwd=root, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while world.gh.count(method, path) < nth and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.kill()
    finally:
        proc.wait(30)
    assert proc.returncode == -9, "the cycle finished before the kill point"
    with State(world.state_dir) as state:
        assert state.integrity_problems() == []
    assert world.cli()[0] == 0
    world.assert_sound(expected)
