"""The long-running worker behind `litbot serve`: one cycle per cron tick, never two at once.

A cycle that fails is logged and the worker waits for the next tick; SIGTERM/SIGINT let the cycle in
progress finish (a half-done cycle is safe, but a finished one saves a re-fetch) and then exit 0.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.errors import ConfigError

log = logging.getLogger("litbot.worker")

JOB_ID = "litbot-cycle"


_DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def crontab_weekdays(field: str) -> str:
    """Rewrite crontab day-of-week numbers (0/7 = Sunday) as names.

    APScheduler 3 numbers weekdays from Monday = 0, so a verbatim "0 6 * * 1" would fire on Tuesdays;
    names mean the same thing to both.
    """
    parts = []
    for part in field.split(","):
        body, slash, step = part.partition("/")
        lo, dash, hi = body.partition("-")
        if not (lo.isdigit() and (not dash or hi.isdigit())):
            parts.append(part)  # names, "*" or garbage: left for the trigger to judge
            continue
        if int(lo) > 7 or (dash and int(hi) > 7):
            raise ValueError(f"day of week {body!r} out of range 0-7")
        if dash and int(lo) == 0:  # "0-5" = Sunday plus Monday..Friday; Sunday is last for APScheduler
            sub = ["sun"] + ([f"mon-{_DOW_NAMES[int(hi)]}"] if int(hi) >= 1 else [])
            if slash:
                raise ValueError(f"day-of-week range {part!r} starting at 0 with a step; use names")
            parts.extend(sub)
            continue
        name = _DOW_NAMES[int(lo)] + (f"-{_DOW_NAMES[int(hi)]}" if dash else "")
        parts.append(name + (f"/{step}" if slash else ""))
    return ",".join(parts)


def make_trigger(cron: str, timezone: str = "UTC") -> CronTrigger:
    """A CronTrigger with standard crontab meaning, or a one-line ConfigError naming the bad key."""
    try:
        fields = cron.split()
        if len(fields) == 5:
            fields[4] = crontab_weekdays(fields[4])
        return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)
    except KeyError:  # zoneinfo's "not found" is a KeyError
        raise ConfigError(
            f"schedule.timezone {timezone!r}: unknown time zone; use an IANA name like UTC or Europe/Warsaw"
        ) from None
    except ValueError as exc:
        raise ConfigError(f"schedule.cron {cron!r}: not a valid 5-field cron expression ({exc})") from None


@dataclass
class WorkerStats:
    cycles: int = 0  # cycles started (including failed ones)
    failures: int = 0
    skipped: int = 0  # ticks dropped because a cycle was still running
    last_error: str | None = None
    last_started: float | None = None
    last_finished: float | None = None
    results: list[Any] = field(default_factory=list)  # last few job return values, newest last


class Worker:
    """Runs ``job`` on a cron schedule. ``run_cycle`` is the unit the scheduler and the tests share."""

    def __init__(
        self,
        job: Callable[[], object],
        cron: str = "0 6 * * *",
        timezone: str = "UTC",
        misfire_grace_time: int = 3600,
        run_now: bool = False,
    ):
        self.job = job
        self.trigger = make_trigger(cron, timezone)
        self.cron, self.timezone = cron, timezone
        self.misfire_grace_time = misfire_grace_time
        self.run_now = run_now
        self.stats = WorkerStats()
        self._cycle_lock = threading.Lock()
        self._stop_requested = False

    # -- one cycle ----------------------------------------------------------------------------

    def run_cycle(self) -> bool:
        """Run the job once unless a cycle is already running; returns whether it ran.

        The scheduler's max_instances=1 already prevents overlap; this lock also covers a cycle started
        by hand (``--once``, tests) while a scheduled one runs.
        """
        if not self._cycle_lock.acquire(blocking=False):
            self.stats.skipped += 1
            log.warning("previous cycle still running; skipping this tick")
            return False
        try:
            # Checked under the lock so a stop never races a cycle that is just starting.
            if self._stop_requested:
                return False
            self.stats.cycles += 1
            self.stats.last_started = time.time()
            log.info("cycle %d started", self.stats.cycles)
            try:
                result = self.job()
            except Exception as exc:  # one bad cycle (network down, API error) must not end the worker
                self.stats.failures += 1
                self.stats.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("cycle %d failed; the worker goes on", self.stats.cycles)
            else:
                self.stats.results = [*self.stats.results[-9:], result]
                log.info("cycle %d finished", self.stats.cycles)
            self.stats.last_finished = time.time()
        finally:
            self._cycle_lock.release()
        return True

    def run_cycles(self, n: int) -> WorkerStats:
        """Run ``n`` cycles back to back, synchronously (deterministic; for tests and `--once`)."""
        for _ in range(n):
            self.run_cycle()
        return self.stats

    # -- scheduling ---------------------------------------------------------------------------

    def next_fire_time(self, now: datetime | None = None) -> datetime | None:
        now = now or datetime.now(self.trigger.timezone)
        return self.trigger.get_next_fire_time(None, now)

    def build_scheduler(self) -> BackgroundScheduler:
        scheduler = BackgroundScheduler(timezone=self.timezone)
        kwargs: dict[str, Any] = {}
        if self.run_now:
            kwargs["next_run_time"] = datetime.now(self.trigger.timezone)
        scheduler.add_job(
            self.run_cycle,
            self.trigger,
            id=JOB_ID,
            name="litbot cycle",
            max_instances=1,
            # After downtime, several missed ticks collapse into one cycle rather than a burst.
            coalesce=True,
            misfire_grace_time=self.misfire_grace_time,
            **kwargs,
        )
        return scheduler

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        """Ask the worker to stop: no new cycles; the running one finishes. Safe as a signal handler.

        It only sets a flag: a handler that called into the scheduler could interrupt the main thread
        while it holds the executor's lock and deadlock on it.
        """
        self._stop_requested = True

    @property
    def stopping(self) -> bool:
        return self._stop_requested

    def serve(self, install_signals: bool = True, poll_seconds: float = 0.1) -> int:
        """Block, running cycles on schedule, until ``stop`` (or SIGTERM/SIGINT). Returns 0."""
        scheduler = self.build_scheduler()
        previous: dict[int, Any] = {}
        if install_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, self.stop)
        try:
            log.info(
                "worker started: cron %r (%s), next cycle at %s",
                self.cron, self.timezone, "now" if self.run_now else self.next_fire_time(),
            )
            scheduler.start()
            # The scheduler runs in its own thread; the main thread just waits for the stop flag.
            while not self._stop_requested:
                time.sleep(poll_seconds)
            log.info("stop requested; finishing the current cycle")
            scheduler.shutdown(wait=True)  # no new ticks; waits for a cycle already running
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        with self._cycle_lock:  # a cycle started by hand (run_cycle) finishes too
            pass
        log.info("worker stopped after %d cycles (%d failed)", self.stats.cycles, self.stats.failures)
        return 0
