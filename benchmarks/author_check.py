"""How often the author check of an entry's abstract lookup refuses the right paper, or takes another.

    .venv/bin/python benchmarks/author_check.py

Where arXiv gives one paper under an entry's title, litbot takes its abstract only if a name the entry
gives is a family name among the paper's authors (`bot/sources/abstracts.py`). Lists write names in
many ways. The 3,000 haystack papers' real author lists are written in each of litbot's author styles
(`bot.lists.authors.format_authors`: initials, APA, Vancouver, capitals, one, three or every name before
"et al."), read back as a list entry's names are, and checked against the same paper: every refusal is
a right abstract lost. Then against the next paper's authors: an acceptance there is a namesake's
paper taken (the check is a guard against a same-title paper, not an identity test). Needs ../shared.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backtest import DATA  # noqa: E402

from bot.lists.authors import AuthorStyle, format_authors, split_authors  # noqa: E402
from bot.paper import Paper  # noqa: E402
from bot.sources.abstracts import _shares_an_author, _written_names  # noqa: E402

STYLES = {**{f: AuthorStyle(name_format=f)
             for f in ("initials", "compact", "surname", "full", "family", "inverted", "vancouver")},
          "vancouver, capitals": AuthorStyle(name_format="vancouver", family_caps=True),
          "family, capitals": AuthorStyle(name_format="family", family_caps=True)}


def as_read(authors: list[str], style: AuthorStyle) -> SimpleNamespace:
    """An entry whose names are ``authors`` written in ``style`` and read back as a list's are."""
    return SimpleNamespace(authors=split_authors(format_authors(authors, style)).names)


def main() -> int:
    papers = [p for p in map(json.loads, (DATA / "backtest" / "haystack-dev.jsonl").open(encoding="utf-8"))
              if p["authors"]]
    print(f"{len(papers)} papers with authors; refused = the right paper's abstract lost")
    for name, style in STYLES.items():
        for shown in (1, 3, 100):
            written = dataclasses.replace(style, max_full=shown, etal_keep=min(shown, 3))
            refused = []
            for p in papers:
                entry, paper = as_read(p["authors"], written), Paper(title="", authors=p["authors"])
                if _written_names(entry) and not _shares_an_author(entry, paper):
                    refused.append(format_authors(p["authors"], written))
            print(f"{name:20} {shown:3} names shown: refused {len(refused):4}  {refused[:2]}")
    taken = 0
    for p, other in zip(papers, papers[1:], strict=False):
        entry = as_read(p["authors"], AuthorStyle(max_full=100))
        taken += _shares_an_author(entry, Paper(title="", authors=other["authors"]))
    print(f"another paper's authors taken (initials, every name): {taken} of {len(papers) - 1}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
