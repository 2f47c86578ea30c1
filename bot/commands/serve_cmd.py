"""`litbot serve`: the scheduled worker (Docker's entry point); `--once` runs a single cycle."""

from __future__ import annotations

import argparse
import logging

from bot.commands import CONFIG_HELP, sigterm_interrupts
from bot.config import Config, load_config
from bot.worker import Worker

log = logging.getLogger("litbot.serve")


def _positive_seconds(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of seconds, 1 or more")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run cycles on the config's cron schedule until SIGTERM")
    p.add_argument("--config", help=CONFIG_HELP)
    p.add_argument("--state", help="state directory (default: state.dir from config)")
    p.add_argument("--once", action="store_true", help="run one cycle now and exit (errors exit non-zero)")
    p.add_argument("--dry-run", action="store_true",
                   help="change nothing on GitHub; log what would be proposed")
    p.add_argument(
        "--no-run-now", dest="run_now", action="store_false",
        help="wait for the first cron tick instead of running a cycle at start",
    )
    p.add_argument(
        "--misfire-grace", type=_positive_seconds, default=3600, metavar="SECONDS",
        help="a tick missed by at most this much (busy or asleep) still runs (default: 3600)",
    )
    p.set_defaults(func=serve)


def cycle_job(config: Config, dry_run: bool, state_dir: str | None) -> object:
    """One pipeline cycle; imported lazily so the worker does not load the ranker until it runs."""
    from bot.pipeline import run_cycle

    report = run_cycle(config, dry_run=dry_run, state_dir=state_dir)
    summary = report.summary()
    log.info("cycle summary", extra={"data": summary})  # an object in JSON logs, JSON text in plain ones
    return summary


def serve(args: argparse.Namespace) -> int:
    from bot.pipeline import preflight

    # As PID 1 in a container, a SIGTERM with no handler is ignored: one sent while the worker starts
    # (a GitHub check can take seconds) was lost, and `docker stop` waited out its whole timeout.
    with sigterm_interrupts():
        config = load_config(args.config)
        preflight(config, args.dry_run, args.state)

    def job() -> object:
        return cycle_job(config, args.dry_run, args.state)

    if args.once:
        with sigterm_interrupts():  # as `litbot run`: the cycle records itself "interrupted"
            job()
        return 0
    worker = Worker(
        job,
        cron=config.schedule.cron,
        timezone=config.schedule.timezone,
        misfire_grace_time=args.misfire_grace,
        run_now=args.run_now,
    )
    return worker.serve()
