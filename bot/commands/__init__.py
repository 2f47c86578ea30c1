"""CLI subcommands: each module defines ``register(subparsers)`` and sets ``func`` on its parsers."""

from __future__ import annotations

from typing import Any


def literal_row(table: Any, *cells: str) -> None:
    """Add a row to a rich ``Table`` whose cells print as they are. Titles, sections and errors come
    from feeds and lists: rich would read "[/INST]" in a title as a closing tag (an error that stops
    the command) and "[sic]" as a style (gone from the output)."""
    from rich.text import Text

    table.add_row(*(Text(c) for c in cells))
