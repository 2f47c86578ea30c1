"""The long-running worker behind `litbot serve`: one cycle per cron tick, never two at once.

A cycle that fails is logged and the worker waits for the next tick; SIGTERM/SIGINT let the cycle in
progress finish (a half-done cycle is safe, but a finished one saves a re-fetch) and then exit 0.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.errors import ConfigError, CycleBusy, LitbotError

log = logging.getLogger("litbot.worker")

JOB_ID = "litbot-cycle"


_DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _dow_number(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit() and int(token) <= 7:
        return int(token) % 7  # 0 and 7 are both Sunday
    if token[:3] in _DOW_NAMES and len(token) == 3:
        return _DOW_NAMES.index(token[:3])
    raise ValueError(f"day of week {token!r} is not 0-7 or sun..sat")


def _dow_bound(token: str) -> int:
    """A range's end as a number: 7 stays 7 (Sunday after Saturday), so "5-7" and "7-7" keep their
    meaning ("07" too, as cron reads it); every other day is its number."""
    token = token.strip()
    return 7 if token.isdigit() and int(token) == 7 else _dow_number(token)


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field as the explicit list of day names it means, or "*".

    APScheduler 3 numbers weekdays from Monday = 0 (so a verbatim "1" would fire on Tuesdays), counts
    "*/2" from Monday and drops the step of a named range ("mon-fri/2"); an explicit list of names
    means the same thing to both.
    """
    if field.strip() == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        body, slash, step_text = part.partition("/")
        step = int(step_text) if slash and step_text.isdigit() and int(step_text) > 0 else None
        if slash and step is None:
            raise ValueError(f"day-of-week step {part!r} must be a positive number")
        if body == "*":
            lo, hi = 0, 6
        elif "-" in body:
            lo_text, hi_text = body.split("-", 1)
            lo, hi = _dow_bound(lo_text), _dow_bound(hi_text)  # "5-7" = Friday to Sunday
        else:
            lo = _dow_bound(body)
            hi = max(6, lo) if step else lo  # "1/2" = from Monday on, every other day; "7/2" = Sunday
        if hi < lo:
            raise ValueError(f"day-of-week range {body!r} runs backwards")
        days.update(d % 7 for d in range(lo, hi + 1, step or 1))
    return ",".join(_DOW_NAMES[d] for d in sorted(days))


class CrontabTrigger(CronTrigger):
    """A CronTrigger that keeps cron's meaning across daylight-saving changes.

    A job at a fixed time (minute and hour both fixed) is a wall-clock time, as in cron: it runs once a
    day, in the first pass of the hour the clocks go back, and at the jump when they go forward.
    APScheduler 3 steps its days in UTC, so it ran a daily 02:30 job twice on the autumn night and
    skipped a daily 00:00 job on the day after the spring one. Those times are stepped on a clock
    without daylight saving (``wall``: the same fields in UTC) and placed in the zone. A job whose
    minute or hour is a wildcard (``*``, ``*/n``) runs by the real clock, in both passes: APScheduler's
    own stepping, which is right for those.
    """

    wall: CronTrigger | None = None  # set by make_trigger for fixed times

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        if self.wall is None:
            return super().get_next_fire_time(previous_fire_time, now)

        def as_wall(moment: datetime) -> datetime:
            return moment.astimezone(self.timezone).replace(tzinfo=UTC, fold=0)

        # As APScheduler does: after the previous fire time (missed ones included, so that a scheduler
        # waking late can coalesce them into the latest), or from ``now`` on when there is none.
        after = (previous_fire_time or now).astimezone(UTC)
        moment = self.wall.get_next_fire_time(
            as_wall(previous_fire_time) if previous_fire_time else None, as_wall(now))
        while moment is not None:
            placed = self._place(moment)
            # Compared in UTC: same-zone datetimes compare by wall time. A time already over (``now``
            # in the second pass of a repeated hour) is skipped.
            real = placed.astimezone(UTC)
            if real > after or (previous_fire_time is None and real == after):
                return placed
            moment = self.wall.get_next_fire_time(moment, moment)
        return None

    def _place(self, wall: datetime) -> datetime:
        """A wall-clock time in the zone: the first pass of a repeated one, and for one skipped when
        the clocks go forward the moment they jump, as cron runs it (times stay in order)."""
        placed = wall.replace(tzinfo=self.timezone)  # fold 0
        if placed.astimezone(UTC).astimezone(self.timezone).replace(tzinfo=None) == wall.replace(tzinfo=None):
            return placed
        # Read with the offset after the jump it is before it, with the one before, after it: bisect.
        before, after = placed.replace(fold=1).astimezone(UTC), placed.astimezone(UTC)
        offset_after = after.astimezone(self.timezone).utcoffset()
        while after - before > timedelta(seconds=1):
            middle = before + (after - before) / 2
            if middle.astimezone(self.timezone).utcoffset() == offset_after:
                after = middle
            else:
                before = middle
        return after.replace(microsecond=0).astimezone(self.timezone)


def make_trigger(cron: str, timezone: str = "UTC") -> CrontabTrigger:
    """A CronTrigger with standard crontab meaning, or a one-line ConfigError naming the bad key."""
    try:
        fields = cron.split()
        if len(fields) == 5:
            if fields[2] != "*" and fields[4] != "*":
                # cron runs when either matches, APScheduler only when both do: refuse the ambiguity.
                raise ValueError("day of month and day of week are both set (cron runs on either, the "
                                 "worker would need both); set one of them to *")
            fields[4] = crontab_weekdays(fields[4])
        trigger = CrontabTrigger.from_crontab(" ".join(fields), timezone=timezone)
        if not fields[0].startswith("*") and not fields[1].startswith("*"):
            trigger.wall = CronTrigger.from_crontab(" ".join(fields), timezone="UTC")
    except KeyError:  # zoneinfo's "not found" is a KeyError
        raise ConfigError(
            f"schedule.timezone {timezone!r}: unknown time zone; use an IANA name like UTC or Europe/Warsaw"
        ) from None
    except ValueError as exc:
        raise ConfigError(f"schedule.cron {cron!r}: not a valid 5-field cron expression ({exc}); write "
                          "minute hour day-of-month month day-of-week, e.g. '0 6 * * *' (06:00 every day)"
                          ) from None
    if trigger.get_next_fire_time(None, datetime.now(trigger.timezone)) is None:
        # "0 6 31 2 *" reads well and never comes: a worker would wait for ever, and look healthy.
        raise ConfigError(f"schedule.cron {cron!r}: never fires, as no month has the day it names; "
                          "name a day its months have")
    return trigger


@dataclass
class WorkerStats:
    cycles: int = 0  # cycles started (including failed ones)
    failures: int = 0
    skipped: int = 0  # ticks dropped: a cycle was still running, here or in another process on the state
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
        self._signalled = False

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
            number, started = self.stats.cycles + 1, time.time()
            log.info("cycle %d started", number)
            try:
                result = self.job()
            except CycleBusy as exc:  # another process's cycle on the same state: not this worker's fault
                # A tick skipped, not a cycle run: "stopped after 4 cycles" of a worker that ran none
                # misled the operator. The next tick's cycle takes the number again.
                self.stats.skipped += 1
                log.warning("cycle %d skipped: %s", number, exc)
                return True
            except Exception as exc:  # one bad cycle (network down, API error) must not end the worker
                self.stats.failures += 1
                self.stats.last_error = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, LitbotError):  # its one line says what and how to fix it
                    log.error("cycle %d failed: %s; the worker goes on", number, exc)
                else:  # a bug: the traceback is what a report needs
                    log.exception("cycle %d failed; the worker goes on", number)
            else:
                self.stats.results = [*self.stats.results[-9:], result]
                log.info("cycle %d finished", number)
            self.stats.cycles, self.stats.last_started = number, started
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
        while it holds the executor's lock and deadlock on it. A second signal (Ctrl-C pressed again at
        a terminal) ends the process at once: the cycle in progress is abandoned, which is safe (a
        killed cycle is repeated by the next one), and its run is later marked "lost".
        """
        if signum is not None and self._signalled:
            log.warning("second signal: stopping now, without finishing the cycle in progress")
            os._exit(128 + signum)  # the cycle runs in the scheduler's thread: nothing else can stop it
        self._signalled = self._signalled or signum is not None
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
            log.info("stop requested; finishing the current cycle (a second Ctrl-C or SIGTERM stops at once)")
            scheduler.shutdown(wait=True)  # no new ticks; waits for a cycle already running
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        with self._cycle_lock:  # a cycle started by hand (run_cycle) finishes too
            pass
        log.info("worker stopped after %d cycles (%d failed%s)", self.stats.cycles, self.stats.failures,
                 f", {self.stats.skipped} ticks skipped" if self.stats.skipped else "")
        return 0
