"""CLI subcommands: each module defines ``register(subparsers)`` and sets ``func`` on its parsers."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from bot.errors import InputError, Terminated

# Every command's --config: load_config's order, so the help says where a command looks without it.
CONFIG_HELP = "config file (default: $LITBOT_CONFIG, else config/litbot.yaml if present)"


def since_date(text: str | None) -> date | None:
    """A ``--since`` value (run, fetch, backtest), or None where none was given. Only YYYY-MM-DD, as
    the help says: Python would also read "20210101" and "2021-W01", which a reader takes for other
    things."""
    if text is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise InputError(f"--since {text!r}: not a date; use YYYY-MM-DD")


def entries_count(n: int) -> str:
    """"1 entry", "3 entries": how `list show` and `init` count a section's papers."""
    return f"{n} {'entry' if n == 1 else 'entries'}"


def literal_row(table: Any, *cells: str) -> None:
    """Add a row to a rich ``Table`` whose cells print as they are. Titles, sections and errors come
    from feeds and lists: rich would read "[/INST]" in a title as a closing tag (an error that stops
    the command) and "[sic]" as a style (gone from the output)."""
    from rich.text import Text

    table.add_row(*(Text(c) for c in cells))


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """A cancelled Action, `docker stop` or systemd sends SIGTERM, whose default kills the process
    between two statements; raised as an interrupt, the cycle closes its run record on the way out."""

    def interrupt(signum: int, frame: object) -> None:
        raise Terminated(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (run embedded in another program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        # None: a handler installed outside Python, which signal.signal cannot put back; the default then.
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
