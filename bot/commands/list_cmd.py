"""``litbot list``: inspect a curated list, or add one paper to it as a reviewable diff."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import replace

from bot.commands import entries_count
from bot.errors import InputError
from bot.fsutil import atomic_write_text, read_input_text
from bot.lists import CuratedList, insert_entry, read_list, unified_diff
from bot.lists.model import Section
from bot.lists.style import render_entry
from bot.lists.venues import list_spelling
from bot.paper import Paper, load_json

MAX_PAPER_JSON = 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("list", help="inspect a curated list or add a paper to it")
    actions = parser.add_subparsers(dest="list_command", metavar="ACTION", required=True)

    show = actions.add_parser("show", help="sections, entries and the learned entry style of a list")
    show.add_argument("list_path", metavar="LIST.md")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=cmd_show)

    add = actions.add_parser("add", help="print the diff that adds a paper to a section (--write applies it)")
    add.add_argument("list_path", metavar="LIST.md")
    add.add_argument("--paper", required=True, metavar="PAPER.json", help="one paper in the candidate schema")
    add.add_argument("--section", required=True, metavar="NAME", help="section name or path 'Papers > X'")
    add.add_argument("--write", action="store_true", help="apply the change to LIST.md (atomically)")
    add.set_defaults(func=cmd_add)


# The paper `list show` writes in each section's learned style, for a maintainer to check the style.
EXAMPLE = Paper(title="Title of a New Paper", abstract="The new paper's abstract.",
                authors=["Ada Lovelace", "Alan Turing", "Grace Hopper"], venue="ICML 2026",
                published="2026-02-03", url="https://arxiv.org/abs/2602.00001", arxiv_id="2602.00001")


def _new_entry(doc: CuratedList, section: Section) -> str:
    """How a new paper would be written in ``section`` (the example paper, in its style)."""
    try:
        # Its venue as the list spells it, as `list add` writes it.
        paper = replace(EXAMPLE, venue=list_spelling(doc, EXAMPLE.venue))
        return render_entry(paper, doc.section_style(section))
    except InputError as exc:  # a style that cannot write it: say why, as `list add` would
        return f"(cannot be written here: {exc})"


def cmd_show(args: argparse.Namespace) -> int:
    doc = read_list(args.list_path)
    if args.json:
        out = doc.to_dict()
        by_start = {s.start_line: s for s in doc.sections}
        for section in out["sections"]:
            own = by_start.get(section["start_line"])
            if own is not None and own.is_paper_section:
                section["new_entry"] = _new_entry(doc, own)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    form = "table rows" if doc.style.bullet == "|" else f"bullet '{escape(doc.style.bullet)}'"
    if doc.style.is_heading:
        form = f"a '{escape(doc.style.line.split()[0])}' heading per paper"
    elif doc.style.is_paragraph:
        form = "a paragraph per paper"
    n = len(doc.entries)
    tree = Tree(f"[bold]{escape(doc.path)}[/] — {n} paper{'s' * (n != 1)}, {form}")
    unread = doc.unread_paper_links()
    # "?" marks names a list writes and this entry lacks; a list that writes none (a table with no
    # Authors column) would show it on every row.
    unknown = "?" if any(e.authors_text for e in doc.entries) else ""
    for section in doc.sections:
        kind = "papers" if section.is_paper_section else "other"
        heading = f"**{section.name}**" if section.is_group else f"{'#' * section.level} {section.name}"
        # Paper links in a layout litbot cannot read (an HTML <li>): known as listed, never as entries.
        stray = sum(1 for e in unread if section.heading_end <= e.start_line < section.end_line)
        more = f", {stray} paper link{'s' * (stray != 1)} not read as entries" if stray else ""
        node = tree.add(f"{escape(heading)}  [dim]({entries_count(len(section.entries))}, {kind}, "
                        f"{section.order}{more})[/]")
        if section.is_paper_section:
            node.add(f"[dim]a new paper here:[/] {escape(_new_entry(doc, section))}")
            for entry in section.entries:
                who = escape(entry.authors_text or unknown)
                node.add(f"{escape(entry.year or '----')}  {escape(entry.plain_title)}  [dim]{who}[/]")
    Console(highlight=False).print(tree)
    return 0


def _read_paper(path: str) -> Paper:
    # A missing path or a folder gets its one-line error from read_input_text.
    if os.path.isfile(path) and os.path.getsize(path) > MAX_PAPER_JSON:
        raise InputError(f"{path}: over {MAX_PAPER_JSON} bytes; expected one paper as a JSON object")
    try:
        data = load_json(read_input_text(path, "a paper JSON file"))
    except json.JSONDecodeError as exc:
        where = f"{exc.msg}, line {exc.lineno}"
        raise InputError(f"{path}: not valid JSON ({where}); expected one paper object") from None
    return Paper.from_dict(data, where=path)


def cmd_add(args: argparse.Namespace) -> int:
    doc = read_list(args.list_path)
    paper = _read_paper(args.paper)
    new_text = insert_entry(doc, paper, args.section)
    print(unified_diff(doc.text, new_text, os.path.basename(args.list_path)), end="")
    if args.write:
        atomic_write_text(args.list_path, new_text)
    return 0
