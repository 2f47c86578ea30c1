"""The scheduled worker: one cycle at a time, failures don't kill it, signals stop it cleanly."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_ranking import make_list

from bot.cli import main
from bot.errors import ConfigError
from bot.worker import JOB_ID, Worker, make_trigger


def test_run_cycles_runs_the_job_n_times_and_keeps_results() -> None:
    calls: list[int] = []
    worker = Worker(lambda: calls.append(len(calls)) or len(calls), cron="*/5 * * * *")
    stats = worker.run_cycles(3)
    assert calls == [0, 1, 2]
    assert stats.cycles == 3 and stats.failures == 0 and stats.results == [1, 2, 3]


def test_an_exception_in_one_cycle_does_not_stop_the_next() -> None:
    outcomes = iter([RuntimeError("arXiv down"), "ok", ValueError("bad feed"), "ok"])

    def job() -> str:
        item = next(outcomes)
        if isinstance(item, Exception):
            raise item
        return item

    worker = Worker(job)
    stats = worker.run_cycles(4)
    assert stats.cycles == 4 and stats.failures == 2
    assert stats.results == ["ok", "ok"]
    assert stats.last_error == "ValueError: bad feed"


def test_a_cycle_failing_on_bad_input_logs_one_line_and_a_bug_its_traceback(
        caplog: pytest.LogCaptureFixture) -> None:
    from bot.errors import InputError

    outcomes = iter([InputError("list.md: file not found; check list.local_path"), KeyError("bug")])

    def job() -> None:
        raise next(outcomes)

    Worker(job).run_cycles(2)
    failed = [r for r in caplog.records if "failed" in r.getMessage()]
    one_line = "cycle 1 failed: list.md: file not found; check list.local_path; the worker goes on"
    assert failed[0].getMessage() == one_line
    assert failed[0].exc_info is None and failed[1].exc_info is not None


def test_overlapping_triggers_never_run_concurrently() -> None:
    release = threading.Event()
    entered = threading.Event()
    active, peak, calls = [0], [0], [0]

    def slow_job() -> None:
        calls[0] += 1
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        entered.set()
        release.wait(5)
        active[0] -= 1

    worker = Worker(slow_job)
    first = threading.Thread(target=worker.run_cycle)
    first.start()
    assert entered.wait(5)
    # Three more ticks while the first cycle runs: all skipped, none blocks.
    assert [worker.run_cycle() for _ in range(3)] == [False, False, False]
    release.set()
    first.join(5)
    assert calls[0] == 1 and peak[0] == 1 and worker.stats.skipped == 3
    assert worker.run_cycle() is True and calls[0] == 2


def test_scheduler_job_is_single_instance_and_coalesced() -> None:
    worker = Worker(lambda: None, cron="0 6 * * *", misfire_grace_time=120)
    job = worker.build_scheduler().get_job(JOB_ID)
    assert job.max_instances == 1 and job.coalesce is True and job.misfire_grace_time == 120


def test_next_fire_time_follows_cron_and_timezone() -> None:
    worker = Worker(lambda: None, cron="30 6 * * 1", timezone="Europe/Warsaw")
    nxt = worker.next_fire_time(datetime(2026, 1, 1, 12, 0, tzinfo=UTC))  # a Thursday
    assert nxt is not None
    assert (nxt.weekday(), nxt.hour, nxt.minute) == (0, 6, 30)
    assert nxt.astimezone(UTC).hour == 5  # CET is UTC+1 in January


@pytest.mark.parametrize(
    ("cron", "tz", "key"),
    [("61 * * * *", "UTC", "schedule.cron"), ("every day", "UTC", "schedule.cron"),
     ("0 6 * * *", "Mars/Olympus", "schedule.timezone")],
)
def test_bad_schedule_is_a_config_error_naming_the_key(cron: str, tz: str, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        make_trigger(cron, tz)
    assert str(err.value).startswith(key) and "\n" not in str(err.value)
    with pytest.raises(ConfigError):
        Worker(lambda: None, cron=cron, timezone=tz)


def test_sigterm_lets_the_running_cycle_finish_then_serve_returns_0() -> None:
    finished: list[bool] = []

    def job() -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # the signal arrives mid-cycle
        time.sleep(0.3)
        finished.append(True)

    before = signal.getsignal(signal.SIGTERM)
    # Every minute + run now: without the stop the worker would keep going.
    worker = Worker(job, cron="* * * * *", run_now=True)
    start = time.monotonic()
    assert worker.serve() == 0
    assert finished == [True]  # the cycle was not cut short
    assert worker.stats.cycles == 1
    assert time.monotonic() - start < 10
    assert signal.getsignal(signal.SIGTERM) is before  # handlers restored
    assert worker.run_cycle() is False  # a stopped worker starts nothing new


def test_a_second_signal_stops_at_once_and_a_programmatic_stop_never_does(monkeypatch) -> None:
    # Ctrl-C at a terminal waits for the cycle (minutes, cold); pressed again, the user means "now".
    import bot.worker

    exits: list[int] = []
    monkeypatch.setattr(bot.worker.os, "_exit", exits.append)
    worker = Worker(lambda: None)
    worker.stop()
    worker.stop()
    worker.stop(signal.SIGINT, None)
    assert exits == [] and worker.stopping
    worker.stop(signal.SIGINT, None)
    assert exits == [128 + signal.SIGINT]


def test_stop_from_another_thread_while_idle() -> None:
    worker = Worker(lambda: None, cron="0 6 1 1 *")
    timer = threading.Timer(0.2, worker.stop)
    timer.start()
    assert worker.serve(install_signals=False) == 0
    assert worker.stats.cycles == 0


def test_serve_command_refuses_a_real_run_without_token(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    cfg = tmp_path / "litbot.yaml"
    cfg.write_text("schedule:\n  cron: '0 6 * * *'\n")
    assert main(["serve", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "GITHUB_TOKEN" in err[0]


@pytest.mark.parametrize(("config", "flags", "says"), [
    ("schedule:\n  cron: '0 6 * * *'\n", [], "list.repo is not set"),
    ("list:\n  repo: o/r\nstate:\n  dir: afile/state\n", [], "state dir"),  # a path through a file
    ("state:\n  dir: afile/state\n", ["--dry-run"], "state dir"),
    # The list: missing, or with nothing to learn from, fails every cycle.
    ("list:\n  local_path: missing.md\n", ["--dry-run"], "missing.md: file not found"),
    ("list:\n  local_path: afile\n", ["--dry-run"], "afile"),
    # A model no cycle could load: failed at each tick with papers to rank.
    ("ranking:\n  model: ./nope\n", ["--dry-run"], "unknown model './nope': no such folder"),
])
def test_serve_refuses_at_start_what_would_fail_every_cycle(tmp_path, monkeypatch, capsys, config: str,
                                                             flags: list[str], says: str) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    (tmp_path / "afile").write_text("")
    cfg = tmp_path / "litbot.yaml"
    cfg.write_text(config)
    assert main(["serve", "--config", str(cfg), *flags]) == 2  # not a worker failing at each tick
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0]


@pytest.mark.parametrize(
    ("field", "expected"),
    [("1", "mon"), ("0", "sun"), ("7", "sun"), ("1-5", "mon,tue,wed,thu,fri"), ("0-2", "sun,mon,tue"),
     ("*", "*"), ("mon,wed", "mon,wed"), ("1,3,5", "mon,wed,fri"), ("5-7", "sun,fri,sat"),
     # Steps count from Sunday in cron; APScheduler counted "*/2" from Monday and dropped "mon-fri/2"'s.
     ("*/2", "sun,tue,thu,sat"), ("1-5/2", "mon,wed,fri"), ("mon-fri/2", "mon,wed,fri"), ("1/3", "mon,thu"),
     # 7 is Sunday at either end of a range: "7-7" ran every day, "7/2" every other day.
     ("7-7", "sun"), ("7/2", "sun"), ("6-7", "sun,sat"), ("0-7", "sun,mon,tue,wed,thu,fri,sat")],
)
def test_crontab_weekday_numbers_keep_their_unix_meaning(field: str, expected: str) -> None:
    from datetime import timedelta

    from bot.worker import crontab_weekdays

    assert crontab_weekdays(field) == expected
    # And the worker fires on exactly those days (2026-11-22 is a Sunday).
    trigger, t = make_trigger(f"0 6 * * {field}"), datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    fired = set()
    for _ in range(14):
        t = trigger.get_next_fire_time(None, t + timedelta(seconds=1))
        fired.add(t.strftime("%a").lower())
    assert fired == ({"sun", "mon", "tue", "wed", "thu", "fri", "sat"} if expected == "*"
                     else set(expected.split(",")))


@pytest.mark.parametrize(("field", "same_as"), [
    ("0-07", "0-7"), ("5-07", "5-7"), ("07/2", "7/2"), ("07", "7")])
def test_a_seven_with_a_leading_zero_is_the_seven_of_a_range(field: str, same_as: str) -> None:
    # cron reads "07" as 7: "0-07" is every day, not Sundays only.
    from bot.worker import crontab_weekdays

    assert crontab_weekdays(field) == crontab_weekdays(same_as)


def _fire_times(cron: str, tz: str, start: datetime, hours: int) -> list[str]:
    """Fire times (UTC) in ``hours`` from ``start``, chained as the scheduler chains them."""
    from datetime import timedelta

    trigger, end = make_trigger(cron, tz), start + timedelta(hours=hours)
    t, out = trigger.get_next_fire_time(None, start), []
    while t is not None and t <= end:
        out.append(t.astimezone(UTC).strftime("%m-%d %H:%M"))
        t = trigger.get_next_fire_time(t, t)
    return out


@pytest.mark.parametrize(
    ("cron", "tz", "start", "expected"),
    [  # Clocks go back at 03:00 CEST = 01:00 UTC on 2026-10-25: 02:00-02:59 happens twice.
     ("30 2 * * *", "Europe/Berlin", datetime(2026, 10, 24, 12, tzinfo=UTC), ["10-25 00:30", "10-26 01:30"]),
     ("30 1 * * *", "America/New_York", datetime(2026, 10, 31, 12, tzinfo=UTC),
      ["11-01 05:30", "11-02 06:30"]),
     # A job whose hour is a wildcard runs by the real clock, in both passes (as in cron).
     ("*/30 * * * *", "Europe/Berlin", datetime(2026, 10, 24, 23, 50, tzinfo=UTC),
      ["10-25 00:00", "10-25 00:30", "10-25 01:00", "10-25 01:30", "10-25 02:00", "10-25 02:30"]),
     # Clocks go forward: 02:30 does not exist on 2026-03-29 and the job runs once, at the jump (03:00).
     ("30 2 * * *", "Europe/Berlin", datetime(2026, 3, 28, 12, tzinfo=UTC), ["03-29 01:00", "03-30 00:30"]),
     # Two times in a 30-minute gap and after it (Lord Howe): both run, in order.
     ("20,40 2 * * *", "Australia/Lord_Howe", datetime(2026, 10, 3, 0, tzinfo=UTC),
      ["10-03 15:30", "10-03 15:40", "10-04 15:20", "10-04 15:40"]),
     ("30 2 * * *", "UTC", datetime(2026, 10, 24, 12, tzinfo=UTC), ["10-25 02:30", "10-26 02:30"]),
     # The day after the clocks go forward: APScheduler stepped 24 h in UTC and skipped it.
     ("0 0 * * *", "Europe/Berlin", datetime(2026, 3, 28, 12, tzinfo=UTC), ["03-28 23:00", "03-29 22:00"]),
    ],
)
def test_a_fixed_time_runs_once_when_the_clocks_change(cron: str, tz: str, start: datetime,
                                                      expected: list[str]) -> None:
    hours = 3 if cron.startswith("*/") else 48
    assert _fire_times(cron, tz, start, hours) == expected


def test_day_of_month_with_day_of_week_is_refused() -> None:
    # cron fires on the 1st OR on Mondays; APScheduler would need both (a few runs a year).
    with pytest.raises(ConfigError, match=r"schedule.cron '0 6 1 \* 1'.*set one of them to \*"):
        make_trigger("0 6 1 * 1")
    make_trigger("0 6 1 * *")


# -- deployment files: the worker's Docker image and the Action that runs single cycles -------------

REPO = Path(__file__).resolve().parent.parent


def _instructions(text: str) -> list[tuple[str, str]]:
    # As Docker does: comment lines go first (also inside continuations), then lines are joined.
    kept = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    joined = kept.replace("\\\n", " ")
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip() if " " in line.strip() else "")
        for line in joined.splitlines() if line.strip()
    ]


def test_dockerfile_invariants() -> None:
    steps = _instructions((REPO / "Dockerfile").read_text(encoding="utf-8"))
    kinds = [k for k, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim")
    runs = [arg for k, arg in steps if k == "RUN"]
    torch = next(i for i, r in enumerate(runs) if "torch" in r)
    assert "torch==2.13.0" in runs[torch] and "download.pytorch.org/whl/cpu" in runs[torch]
    assert torch < next(i for i, r in enumerate(runs) if "pip install ." in r)  # CPU wheel before the project
    env = " ".join(arg for k, arg in steps if k == "ENV")
    assert "HF_HUB_OFFLINE=1" in env
    users = [arg for k, arg in steps if k == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    assert ("VOLUME", '["/app/state"]') in steps
    # A worker whose every cycle fails goes on: the container's health says so (`litbot state health`).
    health = next(arg for k, arg in steps if k == "HEALTHCHECK")
    assert health.endswith('CMD ["litbot", "state", "health"]')
    assert steps[-1] == ("CMD", '["litbot", "serve"]')
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "state"} <= set(ignored)


def test_every_install_takes_the_tested_versions() -> None:
    # Lower bounds alone let a dependency's new release break a daily run at a fixed litbot release.
    import tomllib

    def name(spec: str) -> str:
        return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", spec)[0]).lower()

    lines = [line for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.+-]+", line) for line in lines)
    pinned = {name(line): line.split("==")[1] for line in lines}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert name(spec) in pinned, spec
    assert pinned["torch"] == "2.13.0"  # the CPU build's version, as the installs pin it
    assert "-c constraints.txt" in (REPO / "scripts" / "bootstrap").read_text(encoding="utf-8")
    assert "pip install . -c constraints.txt" in (REPO / "Dockerfile").read_text(encoding="utf-8")
    action = (REPO / "action.yml").read_text(encoding="utf-8")
    assert '-c "${{ github.action_path }}/constraints.txt"' in action


def test_action_and_workflow_shape() -> None:
    import yaml

    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"config", "dry-run", "token"}
    script = "\n".join(s.get("run", "") for s in action["runs"]["steps"])
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in script
    assert "litbot state check" in script and "--dry-run" in script
    assert 'run --config "$CONFIG" --state "$STATE_DIR"' in script
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python") for u in uses)
    assert any(u.startswith("actions/cache") for u in uses)
    # The runner has the internet: a ranking.model other than the embedded one must be able to download
    # (litbot keeps the embedded one off the hub by itself).
    assert not any("HF_HUB_OFFLINE" in (s.get("env") or {}) for s in action["runs"]["steps"])
    push = next(s for s in action["runs"]["steps"] if s.get("name", "").startswith("Push state"))
    assert "always()" in push["if"] and "dry-run" in push["if"]
    flow = yaml.safe_load((REPO / "examples" / "litbot-workflow.yml").read_text(encoding="utf-8"))
    assert not (REPO / ".github" / "workflows" / "litbot.yml").exists()  # it would run in litbot's own repo
    triggers = flow[True]  # YAML 1.1 reads the bare key `on` as a boolean
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    make_trigger(triggers["schedule"][0]["cron"])
    assert flow["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert flow["concurrency"]["cancel-in-progress"] is False


def test_serve_once_runs_a_single_cycle_and_propagates_errors(tmp_path, monkeypatch, capsys) -> None:
    from bot.commands import serve_cmd
    from bot.errors import LitbotError

    cfg = tmp_path / "litbot.yaml"
    (tmp_path / "list.md").write_text(make_list(), encoding="utf-8")
    cfg.write_text("list:\n  local_path: list.md\nstate:\n  dir: st\n", encoding="utf-8")
    calls: list[tuple[bool, str | None]] = []
    monkeypatch.setattr(serve_cmd, "cycle_job", lambda config, dry, state: calls.append((dry, state)))
    state = str(tmp_path / "x")  # serve opens it at start: never a folder in the working directory
    assert main(["serve", "--once", "--dry-run", "--config", str(cfg), "--state", state]) == 0
    assert calls == [(True, state)]

    def broken(config, dry, state):
        raise LitbotError("list.repo: repository not found")

    monkeypatch.setattr(serve_cmd, "cycle_job", broken)
    assert main(["serve", "--once", "--dry-run", "--config", str(cfg)]) == 1
    assert "repository not found" in capsys.readouterr().err


def test_a_scheduler_waking_late_still_gets_the_missed_time_to_run() -> None:
    # APScheduler collects every fire time from the previous one up to now and, coalescing, runs the
    # latest; a trigger that answered "the next one after now" would leave it nothing within the grace.
    trigger = make_trigger("0 6 * * *", "Europe/Berlin")
    tuesday, woken = datetime(2026, 11, 24, 5, tzinfo=UTC), datetime(2026, 11, 25, 5, 30, tzinfo=UTC)
    assert trigger.get_next_fire_time(tuesday, woken) == datetime(2026, 11, 25, 5, tzinfo=UTC)


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tehran"])
def test_a_daily_time_runs_once_every_local_day_across_the_clock_changes(tz: str) -> None:
    from datetime import date, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    # The week around each of the year's clock changes (found, not written down), and the new year's:
    # every other day is like the one before it.
    noon = [datetime(2026, 1, 1, 12, tzinfo=zone) + timedelta(days=d) for d in range(365)]
    changes = [b.date() for a, b in zip(noon, noon[1:], strict=False) if a.utcoffset() != b.utcoffset()]
    assert len(changes) == (0 if tz == "Asia/Tehran" else 2)
    for first in [date(2026, 1, 1), *(day - timedelta(days=3) for day in changes)]:
        window = {first + timedelta(days=d) for d in range(7)}
        for hour in range(24):
            for minute in (0, 30):
                trigger = make_trigger(f"{minute} {hour} * * *", tz)
                start = datetime(first.year, first.month, first.day, tzinfo=zone)
                t, days = trigger.get_next_fire_time(None, start), []
                while t.astimezone(zone).date() in window and len(days) <= len(window):
                    days.append(t.astimezone(zone).date())
                    t = trigger.get_next_fire_time(t, t + timedelta(seconds=7))
                assert sorted(days) == sorted(window), (first, hour, minute)


@pytest.mark.parametrize(("status", "fatal"),
                         [(404, True), (401, True), (0, False), (502, False), (403, False), (429, False)])
def test_serve_starts_when_github_is_only_down_but_not_on_a_missing_list(
        tmp_path, monkeypatch, caplog, status: int, fatal: bool) -> None:
    # A list that is not there fails every cycle; GitHub unreachable, failing or rate-limiting at start
    # does not: the worker starts and its first cycle tries again.
    import bot.pipeline as pipeline
    from bot.config import Config
    from bot.forge import ForgeError

    def read_list(config, forge):
        raise ForgeError(f"o/r:README.md: HTTP {status}", status)

    class Down:
        @property
        def repo(self) -> None:
            raise ForgeError(f"o/r: HTTP {status}", status)

    monkeypatch.setattr(pipeline, "_open_forge", lambda config, dry_run: Down())
    monkeypatch.setattr(pipeline, "_read_list", read_list)
    if fatal:
        with pytest.raises(ConfigError, match=f"HTTP {status}"):
            pipeline.preflight(Config(), False, tmp_path)
    else:
        pipeline.preflight(Config(), False, tmp_path)
        assert "the first cycle tries again" in caplog.text


@pytest.mark.parametrize(("path", "token", "says"), [
    ("NOPE.md", "tok", "file 'NOPE.md' not found"),  # list.path names no file on GitHub
    ("README.md", "wrong", "rejected the token (401)"),
])
def test_serve_exits_2_at_start_on_a_list_github_does_not_have_or_a_token_it_rejects(
        tmp_path, monkeypatch, capsys, path: str, token: str, says: str) -> None:
    # The README: what would fail every cycle stops `serve` at start with one line and exit 2, the
    # code of bad config; 1 is a failed cycle. A missing local list already exited 2, GitHub's 1.
    import yaml
    from servers.github_server import GitHubServer

    with GitHubServer(token="tok") as gh:
        gh.add_repo("owner/list", {"README.md": make_list()})
        monkeypatch.setenv("GITHUB_TOKEN", token)
        cfg = tmp_path / "litbot.yaml"
        cfg.write_text(yaml.safe_dump({"list": {"repo": "owner/list", "path": path},
                                       "github": {"api_url": gh.url, "retries": 0}, "state": {"dir": "st"}}))
        assert main(["serve", "--config", str(cfg)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and says in err[0], err
        # `run` says the same, with the same exit code: 1 is for a cycle that failed, as a flaky GitHub's.
        assert main(["run", "--config", str(cfg)]) == 2
        assert says in capsys.readouterr().err


def test_serve_tries_an_unanswering_github_once_at_start(tmp_path, monkeypatch, caplog) -> None:
    # With the configured retries (5) and timeout, a GitHub that accepts connections and never answers
    # held `serve` at start for minutes; the first cycle retries anyway.
    import socket

    import bot.pipeline as pipeline
    from bot.config import Config

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    config = Config.model_validate({
        "list": {"repo": "o/r"},
        "github": {"api_url": f"http://127.0.0.1:{listener.getsockname()[1]}", "timeout_seconds": 1,
                   "retries": 5, "backoff_factor": 0},
    })
    try:
        pipeline.preflight(config, False, tmp_path)
    finally:
        listener.close()
    assert len(accepted) == 1 and "the first cycle tries again" in caplog.text


def test_the_worker_keeps_the_last_ten_results() -> None:
    worker = Worker(iter(range(1, 13)).__next__)
    assert worker.run_cycles(12).results == list(range(3, 13))


def test_a_signal_after_a_programmatic_stop_and_one_before_it_count_alike(monkeypatch) -> None:
    # A programmatic stop neither forgets a signal already received nor ever exits by itself.
    import bot.worker

    exits: list[int] = []
    monkeypatch.setattr(bot.worker.os, "_exit", exits.append)
    worker = Worker(lambda: None)
    worker.stop(signal.SIGTERM, None)
    worker.stop()
    assert exits == []
    worker.stop(signal.SIGTERM, None)
    assert exits == [128 + signal.SIGTERM]


def test_serve_returns_only_after_a_cycle_started_by_hand_has_finished() -> None:
    finished: list[bool] = []
    entered = threading.Event()

    def job() -> None:
        entered.set()
        time.sleep(0.3)
        finished.append(True)

    worker = Worker(job, cron="0 6 1 1 *")
    by_hand = threading.Thread(target=worker.run_cycle)
    by_hand.start()
    assert entered.wait(5)
    worker.stop()
    assert worker.serve(install_signals=False) == 0
    assert finished == [True]
    by_hand.join(5)


@pytest.mark.parametrize(("cron", "tz", "start", "jump"), [
    # 02:00 CET became 03:00 CEST at 01:00 UTC; Lord Howe's 02:00 became 02:30 at 15:30 UTC.
    ("30 2 * * *", "Europe/Berlin", datetime(2026, 3, 28, 12, tzinfo=UTC),
     datetime(2026, 3, 29, 1, tzinfo=UTC)),
    ("20 2 * * *", "Australia/Lord_Howe", datetime(2026, 10, 3, tzinfo=UTC),
     datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),
])
def test_a_time_skipped_by_the_clocks_runs_at_the_second_they_jump(cron: str, tz: str, start: datetime,
                                                                   jump: datetime) -> None:
    assert make_trigger(cron, tz).get_next_fire_time(None, start) == jump


@pytest.mark.parametrize("cron", ["0 * * * *", "15 */1 * * *"])
def test_an_hourly_job_runs_in_both_passes_of_a_repeated_hour(cron: str) -> None:
    # Only a fixed minute and hour is a wall-clock time; an hour wildcard runs by the real clock.
    minute = cron.split()[0].zfill(2)
    expected = [f"10-25 {h:02d}:{minute}" for h in (0, 1, 2)]
    assert _fire_times(cron, "Europe/Berlin", datetime(2026, 10, 24, 23, 59, tzinfo=UTC), 3) == expected


@pytest.mark.parametrize(("field", "says"), [
    ("5-1", "runs backwards"), ("5-1,3", "runs backwards"), ("*/0", "positive number"),
    ("1/x", "positive number"), ("monday", "not 0-7 or sun..sat"), ("8", "not 0-7 or sun..sat"),
])
def test_a_bad_day_of_week_is_refused_saying_why(field: str, says: str) -> None:
    with pytest.raises(ConfigError, match=r"^schedule\.cron .*" + re.escape(says)):
        make_trigger(f"0 6 * * {field}")


@pytest.mark.parametrize(("flags", "expected"), [
    ([], {"cron": "15 7 * * *", "timezone": "Europe/Warsaw", "misfire_grace_time": 3600, "run_now": True}),
    (["--no-run-now", "--misfire-grace", "90"],
     {"cron": "15 7 * * *", "timezone": "Europe/Warsaw", "misfire_grace_time": 90, "run_now": False}),
])
def test_serve_hands_the_schedule_and_its_flags_to_the_worker(tmp_path, monkeypatch, flags: list[str],
                                                              expected: dict) -> None:
    from bot.commands import serve_cmd

    (tmp_path / "list.md").write_text(make_list(), encoding="utf-8")
    cfg = tmp_path / "litbot.yaml"
    cfg.write_text("list:\n  local_path: list.md\nstate:\n  dir: st\n"
                   "schedule:\n  cron: '15 7 * * *'\n  timezone: Europe/Warsaw\n", encoding="utf-8")
    made: list[dict] = []

    class FakeWorker:
        def __init__(self, job, **kwargs) -> None:
            made.append(kwargs)

        def serve(self) -> int:
            made.append({"served": True})
            return 0

    monkeypatch.setattr(serve_cmd, "Worker", FakeWorker)
    assert main(["serve", "--dry-run", "--config", str(cfg), "--state", str(tmp_path / "st"), *flags]) == 0
    assert made == [expected, {"served": True}]


def test_a_cycle_job_returns_and_logs_the_cycle_summary(monkeypatch, caplog) -> None:
    import bot.pipeline
    from bot.commands import serve_cmd
    from bot.config import Config

    class Report:
        def summary(self) -> dict:
            return {"proposals": {"opened": 1}}

    seen: list[tuple] = []
    monkeypatch.setattr(bot.pipeline, "run_cycle",
                        lambda config, dry_run, state_dir: seen.append((dry_run, state_dir)) or Report())
    with caplog.at_level("INFO", logger="litbot.serve"):
        assert serve_cmd.cycle_job(Config(), True, "st") == {"proposals": {"opened": 1}}
    assert seen == [(True, "st")]
    record = next(r for r in caplog.records if r.getMessage() == "cycle summary")
    assert record.data == {"proposals": {"opened": 1}}


@pytest.mark.parametrize("grace", ["abc", " 5", "1.5", "-3"])
def test_misfire_grace_that_is_not_a_whole_number_is_refused_saying_so(grace: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--misfire-grace", grace, "--once"])
    assert exit_info.value.code == 2 and "give a whole number of seconds" in capsys.readouterr().err


def test_a_cycle_another_process_holds_the_state_for_is_a_skipped_tick_not_a_failure(
        caplog: pytest.LogCaptureFixture) -> None:
    from bot.errors import CycleBusy

    outcomes = iter([CycleBusy("state: another litbot cycle is running on this state (pid 7)"), "ok"])

    def job() -> str:
        item = next(outcomes)
        if isinstance(item, Exception):
            raise item
        return item

    with caplog.at_level(logging.INFO, logger="litbot.worker"):
        stats = Worker(job).run_cycles(2)
    # `state health` and the failure count are for what is wrong with this worker; a neighbour's cycle is not.
    assert stats.failures == 0 and stats.skipped == 1 and stats.results == ["ok"] and stats.last_error is None
    assert stats.cycles == 1  # the tick it skipped ran no cycle
    (skipped,) = [r for r in caplog.records if "skipped" in r.getMessage()]
    assert skipped.levelname == "WARNING" and "pid 7" in skipped.getMessage()
    # The next tick's cycle takes the number the skipped one had.
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.getMessage().startswith("cycle")] == [
        "cycle 1 started", "cycle 1 skipped", "cycle 1 started", "cycle 1 finished"]


def test_a_sigterm_while_the_worker_starts_stops_it(tmp_path, monkeypatch) -> None:
    # PID 1 in a container ignores a signal it has no handler for: a SIGTERM sent while serve read its
    # config and checked GitHub was lost, the worker went on into its first cycle, and `docker stop`
    # waited out its timeout. (Here a handler of the test's own stands in for the ignoring.)
    import bot.pipeline
    from bot.commands import serve_cmd
    from bot.errors import Terminated

    (tmp_path / "list.md").write_text(make_list(), encoding="utf-8")
    cfg = tmp_path / "litbot.yaml"
    cfg.write_text("list:\n  local_path: list.md\nstate:\n  dir: st\n", encoding="utf-8")
    lost: list[int] = []
    started: list[bool] = []

    def slow_check(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.2)

    monkeypatch.setattr(bot.pipeline, "preflight", slow_check)
    monkeypatch.setattr(serve_cmd, "Worker", lambda *a, **k: started.append(True))
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: lost.append(signum))
    try:
        with pytest.raises(Terminated):
            serve_cmd.serve(argparse.Namespace(config=str(cfg), dry_run=True, state=str(tmp_path / "st"),
                                               once=False, run_now=True, misfire_grace=60))
        assert signal.getsignal(signal.SIGTERM) is not None and not lost and not started
    finally:
        signal.signal(signal.SIGTERM, previous)
