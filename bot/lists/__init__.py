"""Curated awesome lists: parse them, learn their entry style, and add a paper without touching the rest."""

from bot.lists.edit import insert_entry, unified_diff
from bot.lists.model import CuratedList, Entry, Section, moved_from
from bot.lists.parse import parse_list, read_list, usable
from bot.lists.style import ListStyle, render_entry, render_equivalent, render_parsed

__all__ = [
    "CuratedList",
    "Entry",
    "ListStyle",
    "Section",
    "insert_entry",
    "moved_from",
    "parse_list",
    "read_list",
    "render_entry",
    "render_equivalent",
    "render_parsed",
    "unified_diff",
    "usable",
]
