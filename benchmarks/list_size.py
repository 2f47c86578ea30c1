"""How parsing a list and adding one entry scale with the list's size.

    .venv/bin/python benchmarks/list_size.py [--sizes 1000,5000,20000] [--repeat 3]

Synthetic lists in three layouts, each entry a real-looking line with a linked title, names, venue
and year: one long section of bullets; bullets under bold group lines ("**Group 12**", one entry per
group, so sections grow with entries); a table under one heading. For each it times ``parse_list``
and ``insert_entry`` of one new paper into the last section (best of ``--repeat``), and prints a
table; nothing is asserted. The largest awesome lists hold a few thousand entries.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.lists import insert_entry, parse_list  # noqa: E402
from bot.paper import Paper  # noqa: E402

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


LAYOUTS: dict[str, Callable[[int], str]] = {"bullets": bullets, "bold groups": groups, "table": table}
NEW = Paper(title="A New Paper on Robustness", url=f"{ARXIV}2501.00001", published="2025-01-02",
            authors=["Ada Lovelace", "Alan Turing"], venue="ICML", arxiv_id="2501.00001")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| layout | entries | sections | parse (s) | add one entry (s) |")
    print("|---|---|---|---|---|")
    for name, make in LAYOUTS.items():
        for n in (int(s) for s in args.sizes.split(",")):
            text = make(n)
            doc = parse_list(text)
            last = doc.paper_sections()[-1]
            label = doc.section_label(last)
            parse_s = best_of(args.repeat, lambda text=text: parse_list(text))
            add_s = best_of(args.repeat, lambda doc=doc, label=label: insert_entry(doc, NEW, label))
            sections = len(doc.paper_sections())
            print(f"| {name} | {len(doc.entries)} | {sections} | {parse_s:.2f} | {add_s:.2f} |", flush=True)


if __name__ == "__main__":
    main()
