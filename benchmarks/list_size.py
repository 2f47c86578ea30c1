"""How parsing a list and adding one entry scale with the list's size.

    .venv/bin/python benchmarks/list_size.py [--sizes 1000,5000,20000] [--repeat 3] [--layouts table]

Synthetic lists in four layouts, each entry a real-looking line with a linked title, names, venue
and year: one long section of bullets; bullets under bold group lines ("**Group 12**", one entry per
group, so sections grow with entries); a table under one heading; the bullets after an HTML table of
as many rows (the thirty-sixth stop's reader of HTML headings was quadratic in such a block). For
each it times ``parse_list`` (with its cache of parsed texts emptied), ``insert_entry`` of one new
paper into the last section, and the proposal step of a dry run that drafts 10 PRs there (each reads
the same list), best of ``--repeat``, and prints a table; nothing is asserted. The largest awesome
lists hold a few thousand entries.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Config  # noqa: E402
from bot.lists import insert_entry, parse_list  # noqa: E402
from bot.lists.parse import _parsed, _parsed_text  # noqa: E402
from bot.paper import Paper  # noqa: E402
from bot.propose import submit  # noqa: E402
from bot.ranked import RankedPaper  # noqa: E402

ARXIV = "https://arxiv.org/abs/"


def bullets(n: int) -> str:
    return "## Papers\n\n" + "".join(
        f"- [Robust Paper Number {i}]({ARXIV}2001.{i:05d}) - A. Berg, C. Dee. ICML {2001 + i % 20}\n"
        for i in range(n))


def groups(n: int) -> str:
    return "## Papers\n\n" + "".join(
        f"**Group {letters(i)}**\n\n- [Robust Paper Number {i}]({ARXIV}2001.{i:05d}) 2020\n\n"
        for i in range(n))


def letters(i: int) -> str:
    """``i`` in letters ("ba"): a group named by a number such as 2020 would be a date group, no section."""
    word = ""
    while True:
        i, digit = divmod(i, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if not i:
            return word


def table(n: int) -> str:
    return "## Papers\n\n| Title | Authors | Venue | Year |\n|---|---|---|---|\n" + "".join(
        f"| [Robust Paper Number {i}]({ARXIV}2001.{i:05d}) | A. Berg | ICML | 2020 |\n" for i in range(n))


def after_html(n: int) -> str:
    """Bullets after an HTML table as long (a README's contributors): the HTML-heading reader scans it."""
    return "## People\n\n<table>\n" + "".join(
        f'<tr><td><a href="https://github.com/u{i}">User {i}</a></td><td>{i} commits</td></tr>\n'
        for i in range(n)) + "</table>\n\n" + bullets(n)


LAYOUTS: dict[str, Callable[[int], str]] = {"bullets": bullets, "bold groups": groups, "table": table,
                                            "bullets after HTML": after_html}
NEW = Paper(title="A New Paper on Robustness", url=f"{ARXIV}2501.00001", published="2025-01-02",
            authors=["Ada Lovelace", "Alan Turing"], venue="ICML", arxiv_id="2501.00001")


def ten_prs(section: str) -> list[RankedPaper]:
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa".split()
    return [RankedPaper(Paper(title=f"A {word} paper on robustness", url=f"{ARXIV}2502.{i:05d}",
                              arxiv_id=f"2502.{i:05d}", authors=["Ada Lovelace"], published="2025-02-03"),
                        score=0.9, section=section, section_confidence=0.9, rank=i + 1)
            for i, word in enumerate(words)]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        _parsed.cache_clear(), _parsed_text.cache_clear()  # each repeat reads the list afresh
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="comma-separated: " + ", ".join(LAYOUTS))
    args = parser.parse_args()
    print("| layout | entries | sections | parse (s) | add one entry (s) | dry run, 10 PRs (s) |")
    print("|---|---|---|---|---|---|")
    for name in args.layouts.split(","):
        make = LAYOUTS[name.strip()]
        for n in (int(s) for s in args.sizes.split(",")):
            text = make(n)
            doc = parse_list(text)
            last = doc.paper_sections()[-1]
            label = doc.section_label(last)
            parse_s = best_of(args.repeat, lambda text=text: parse_list(text))
            add_s = best_of(args.repeat, lambda doc=doc, label=label: insert_entry(doc, NEW, label))
            chosen = ten_prs(label)
            # A dry run opens nothing and writes no state: no forge, no state.
            dry_s = best_of(args.repeat, lambda text=text, chosen=chosen: submit(
                None, None, text, chosen, 100, Config(), dry_run=True))  # type: ignore[arg-type]
            sections = len(doc.paper_sections())
            print(f"| {name} | {len(doc.entries)} | {sections} | {parse_s:.2f} | {add_s:.2f} | {dry_s:.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
