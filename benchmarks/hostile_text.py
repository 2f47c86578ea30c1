"""Time litbot's readers of untrusted text on inputs built to make patterns backtrack.

    .venv/bin/python benchmarks/hostile_text.py [--sizes 2000,8000,32000]

Every reader of feed and candidate text runs its patterns on text collapsed and capped first, so the
time stays flat as the input grows; a reader whose time grows with the square of the size is a way for
one feed item to stall every run. The twenty-ninth stop found five (a feed title of "Correction" and
spaces, a channel title of "J" and spaces, a description of "Volume 1" and spaces, a venue of ", "
repeated, an arXiv comment), then one in its own mend (unclosed script tags). Prints one row per
reader and size, in seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bot.paper import Paper
from bot.sanitize import plain_text
from bot.sources.feeds import _abstract_html, channel_venue, is_non_paper
from bot.venue_names import accepted_venue, conventional_venue

READERS: dict[str, Callable[[int], object]] = {
    "feed item title (is_non_paper)": lambda n: is_non_paper({"title": "Correction" + " " * n + "x"}),
    "channel title (channel_venue)": lambda n: channel_venue("J" + " " * n + "x"),
    "description (_abstract_html)": lambda n: _abstract_html("Volume 1" + " " * n + "x"),
    "unclosed scripts (_abstract_html)": lambda n: _abstract_html("<span>x</span>" + "<script>x" * (n // 9)),
    "venue (conventional_venue)": lambda n: conventional_venue(", " * (n // 2)),
    "candidate venue (Paper.from_dict)": lambda n: Paper.from_dict({"title": "t", "venue": ", " * (n // 2)}),
    "arXiv comment (accepted_venue)": lambda n: accepted_venue("Accepted at " + "ICLR " * (n // 5)),
    "any text (plain_text)": lambda n: plain_text("<a " + "b=1 " * (n // 4), 5000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000,32000", help="input sizes in characters")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"{'reader':40s}" + "".join(f"{n:>10d}" for n in sizes))
    for name, read in READERS.items():
        times = []
        for n in sizes:
            start = time.perf_counter()
            read(n)
            times.append(time.perf_counter() - start)
        print(f"{name:40s}" + "".join(f"{t:10.3f}" for t in times))


if __name__ == "__main__":
    main()
