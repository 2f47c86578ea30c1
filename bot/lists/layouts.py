"""What the list's other entries say about one entry's names: the list's layouts, read across entries.

Parsing reads each entry alone; these passes run over a section-ready list of entries afterwards, where
one entry's layout settles what another's words are.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.lists.authors import split_authors
from bot.lists.entry import MARK, SUBJECT_WORD, is_name
from bot.lists.model import Entry
from bot.lists.style import entry_style

# Capitalised words that a list writes where names go, but that name no one: "Best Paper Award", "ICML".
_NOT_A_NAME = re.compile(
    r"\b(?:(?-i:[A-Za-z]*[A-Z]{2,}[A-Za-z]*)|best|papers?|awards?|oral|spotlight|poster|highlight|honou?rable|"
    r"mention|outstanding|accepted|preprint|survey|review|workshop|conference|journal|technical|report|"
    r"open|source|code|available|project|page|website|slides|video|talk|blog|demo|supplementary|appendix|"
    r"extended|version|official|implementation|submission|coming|soon|press)\b",
    re.I,
)
_LAYOUTS_TRIED = 5


def read_lone_names(entries: list[Entry], newline: str) -> None:
    """"**Title**. Shiyin Lin. *arXiv*, 2025.": one full name alone reads too much like a venue or a
    phrase to be taken for names on its own, but where other entries of the list hold names at the same
    place of the same layout, it is this entry's names. Left as layout text, the entry would show no
    authors, and a new entry in its layout would copy them."""
    mark = f"{MARK}authors{MARK}"
    # The list's commonest layouts with names: a lone name is read by its list's layout, not a one-off's,
    # and trying a few keeps the parse linear however many layouts a long list shows.
    counts = Counter(e.style.template for e in entries if mark in e.style.template)
    layouts = [t.partition(mark) for t, _ in counts.most_common(_LAYOUTS_TRIED)]
    for e in entries:
        if e.authors_text or mark in e.style.template:
            continue
        own = e.style.template
        for head, _, tail in layouts:
            fits = own.startswith(head) and own.endswith(tail) and len(head) + len(tail) < len(own)
            name = own[len(head) : len(own) - len(tail)] if fits else ""
            if is_name(name) and name == name.strip() and not _NOT_A_NAME.search(name):
                names = split_authors(name)
                e.authors, e.et_al, e.observed = names.names, names.et_al, names.observed
                e.authors_text = e.fields["authors"] = name
                e.style = entry_style(head + mark + tail, names.observed, newline)
                break


# Family names alone, joined as names are: "Wang and Yu", "Cherubin & Paverd", "Li, Wang and Yu".
_FAMILY = r"[^\W\d_][\w'’-]+"
_FAMILY_NAMES = re.compile(rf"(?:{_FAMILY}(?:,[ \t]*(?:(?:and|&)[ \t]+)?|[ \t]+(?:and|&)[ \t]+))+{_FAMILY}")


def read_noted_names(entries: list[Entry], newline: str) -> None:
    """"- [T](u) - Wang and Yu": family names alone, two or more, read as the paper's note (a name needs
    two words, or an initial, to read as one by its shape), where other entries of the layout hold names
    at that place ("- [T](u) - Zeng et al."): they are this entry's names. Left a note, the list's
    entries of two names voted for a layout with none, and a new entry came without authors, or with
    them joined by "&" where the list writes "and"."""
    mark, note = f"{MARK}authors{MARK}", f"{MARK}note{MARK}"
    named = Counter(e.style.template for e in entries if mark in e.style.template)
    noted = [e for e in entries if not e.authors_text and e.style.template.count(note) == 1
             and _FAMILY_NAMES.fullmatch(e.fields.get("note", ""))
             and all(w[0].isupper() for w in re.findall(_FAMILY, e.fields["note"]) if w != "and")]
    # Where names hold that place in most of the layout's entries: "Rock and Roll", "Tips and Tricks"
    # beside one "Berg et al." are notes, and read as names, new entries got "- Lovelace and Turing".
    candidates = Counter(e.style.template.replace(note, mark) for e in noted)
    for e in noted:
        text = e.fields["note"]
        layout = e.style.template.replace(note, mark)
        if named[layout] < max(2, candidates[layout]):
            continue
        if not _NOT_A_NAME.search(text) and not SUBJECT_WORD.search(text):
            names = split_authors(text)
            e.authors, e.et_al, e.observed = names.names, names.et_al, names.observed
            e.authors_text = e.fields["authors"] = e.fields.pop("note")
            e.note = e.fields.get("remark", "")
            e.style = entry_style(layout, names.observed, newline)


def share_stop_after_names(entries: list[Entry], newline: str) -> None:
    """Where the list ends names with a full stop ("Ye Yuan and Siqi Liu. *arXiv*"), names that end in
    one of their own ("Sen Zhao et al. *arXiv*") share it: their templates get it too. Otherwise those
    entries voted for a layout with no full stop after the names, and outvoted, a new entry of two
    names came out as "Ye Yuan & Siqi Liu *arXiv*". Decided per layout, by the entries whose names end
    in a letter: more of them must show the layout with the full stop than without."""
    mark = f"{MARK}authors{MARK}"
    named = [e for e in entries if e.authors_text and mark in e.style.template]
    plain = Counter(e.style.template for e in named if not e.authors_text.endswith("."))
    for e in named:
        own = e.style.template
        if e.authors_text.endswith(".") and own.partition(mark)[2][:1] in ("", " ", "\t"):
            stopped = own.replace(mark, mark + ".", 1)
            if plain[stopped] > plain[own]:
                e.style = entry_style(stopped, e.observed, newline)


def may_as_months_are_cut(entries: list[Entry], newline: str) -> None:
    """"May" is a month's name in full and cut to three letters alike, and is read as written in full
    (the field "month"). Where the list's other entries cut their months ("Mar 2026", "Sep 2025"), its
    May entries are cut too (the field "mon"): else they voted for a layout of months in full, and where
    they outvoted the others, a new entry was dated "August 2025"."""
    full, cut = f"{MARK}month{MARK}", f"{MARK}mon{MARK}"
    forms = Counter("mon" if e.fields.get("mon") else "month" for e in entries
                    if e.fields.get("mon") or e.fields.get("month", "May") != "May")
    if forms["mon"] <= forms["month"]:
        return
    for e in entries:
        if e.fields.get("month") == "May" and full in e.style.template:
            e.fields["mon"] = e.fields.pop("month")
            e.style = entry_style(e.style.template.replace(full, cut), e.observed, newline)
