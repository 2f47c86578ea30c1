"""The ``litbot`` command: a thin shell that parses arguments and hands over to the subcommands."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sqlite3
import sys

from bot import __version__
from bot.errors import DAMAGED_ADVICE, LitbotError
from bot.logs import json_logs, setup_logging

# One module per area; each registers its own subcommands (see bot/commands/).
COMMAND_MODULES = [
    "bot.commands.init_cmd",
    "bot.commands.run_cmd",
    "bot.commands.serve_cmd",
    "bot.commands.rank_cmd",
    "bot.commands.fetch_cmd",
    "bot.commands.list_cmd",
    "bot.commands.state_cmd",
    "bot.commands.backtest_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="litbot", description="Find new papers for a curated list and propose them as draft PRs."
    )
    parser.add_argument("--version", action="version", version=f"litbot {__version__}")
    _global_flags(parser, log_format="text", verbose=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    _global_flags_everywhere(parser)
    return parser


def _global_flags(parser: argparse.ArgumentParser, log_format: str, verbose: object) -> None:
    parser.add_argument("--log-format", choices=["text", "json"], default=log_format, help="log line format")
    parser.add_argument("-v", "--verbose", action="store_true", default=verbose, help="debug logging")


def _global_flags_everywhere(parser: argparse.ArgumentParser) -> None:
    """The global flags on every subcommand too: `litbot run -v` works as `litbot -v run` does. There
    they default to nothing (SUPPRESS), so a flag given before the subcommand stands."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _global_flags(command, log_format=argparse.SUPPRESS, verbose=argparse.SUPPRESS)
                _global_flags_everywhere(command)


def main(argv: list[str] | None = None) -> int:
    try:
        # Ctrl-C while the subcommands import (torch among them) ends as quietly as one mid-command.
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        _fatal("interrupted")
        return 130
    setup_logging(args.log_format, logging.DEBUG if args.verbose else logging.INFO)
    _utf8_stdout()
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except LitbotError as exc:
        _fatal(f"error: {exc}")
        return exc.exit_code
    except sqlite3.DatabaseError as exc:
        # The state's file opened, and a later read or write failed. Only a damaged file is to be
        # restored or moved away: a lock, a full disk or an I/O error leaves good state that it must keep.
        if "malformed" in str(exc) or "not a database" in str(exc):
            _fatal(f"error: the state database is damaged ({exc}); {DAMAGED_ADVICE}")
        elif "locked" in str(exc):
            _fatal(f"error: the state database is locked by another litbot process ({exc}); run again when "
                   "it has finished")
        elif "readonly" in str(exc):
            # The database writable, its -wal or -shm left read-only (by a run on a read-only copy).
            _fatal(f"error: the state database could not be written ({exc}); make the state folder and "
                   "every litbot.sqlite* file in it writable for this user, and run again")
        else:
            _fatal(f"error: the state database could not be read or written ({exc}); check the disk's "
                   "space and the folder's permissions, and run again")
        return 1
    except KeyboardInterrupt as exc:
        _fatal("interrupted")
        return getattr(exc, "exit_code", 130)
    except BrokenPipeError:
        # `litbot rank ... | head`: the reader left. Silence the flush at exit, exit as SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE


def _utf8_stdout() -> None:
    """Titles come in every script and JSON is UTF-8 (RFC 8259): a stdout in a narrower encoding (a
    redirect on Windows is cp1252, PYTHONIOENCODING may say ascii) stopped `rank --json > out.json` with a
    traceback at the first Chinese title, half the array written."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def _fatal(message: str) -> None:
    """The last word of a failed command: a plain line, or a log record where stderr carries JSON lines
    (`--log-format json`), so a log shipper never meets a line it cannot parse."""
    if json_logs():
        logging.getLogger("litbot").error(message)
    else:
        print(f"litbot: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
