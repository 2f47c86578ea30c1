"""Names the entry reader left as template text, found by comparing the entries of one layout.

The reader (entry.py) finds authors by their shape. A shape it does not know ("Ivo Jansen. [Title](u)":
one name, no initial; "Wang, Z., & Datta, A. (2020). [Title](u)": family names first) leaves the names
in the entry's template as if they were the list's own text, and every new entry then copied one
neighbour's authors. What tells them apart is the list itself: text the list writes around its fields
recurs from entry to entry of a layout, a paper's names do not. So where the entries of a layout show,
at the same place, capitalised words that recur in few of them, and those words read as names, that
place is the authors field. A short name before the title ("- ResNet. [Title](u)") is found the same
way, and left out of new entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.lists.authors import PARTICLES, ParsedAuthors, split_authors
from bot.lists.entry import FIELD, MARK, is_name
from bot.lists.table import ROW

_AUTHORS = MARK + "authors" + MARK
_READ = "\x01"  # where an entry's authors field was read: names at that place, as far as its layout goes
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Initials, as a name written family first ends ("Datta, A.", "Müller, K.-R.", "Anders, C. J.").
_INITIALS = re.compile(r"[A-Z]\.(?:[ -]?[A-Z]\.)*")
# Separators between names: ", ", ", & ", " and ", "; ".
_NAME_SEP = re.compile(r"\s*(?:,\s*(?:&|and)\s+|,|;|&|\band\b)\s*")
# A name's run may not cross markup or a sentence's end: "Ivo Jansen. [" ends at the full stop.
_RUN = re.compile(r"(?:[^\W\d_][\w'’.-]*|[,;&]|\s+)+")
# A sentence's end inside a run: a full stop after a word, not after an initial ("A. Berg", "Heo, J.") or
# an abbreviation names hold ("Ann St. Clair", "Ivo Jansen Jr. and"). In "Ivo Jansen. Preprint. [" the
# names end at "Jansen."; taken whole, the list's "Preprint" went with them.
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2}\.)(?<!\b[SJ][tr]\.)(?=\s)")


def _words(line: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(FIELD.sub(" ", line))}


def _is_piece(piece: str) -> bool:
    """One name between separators: "Ivo Jansen", "A. Berg", "Müller", or the initials after a family
    name ("K.-R.")."""
    if _INITIALS.fullmatch(piece):
        return True
    words = piece.split()
    return 1 <= len(words) <= 4 and all(
        w[0].isupper() or w in PARTICLES for w in words) and words[-1][0].isupper()


def _sentences(segment: str) -> list[tuple[int, str]]:
    """The runs of name words and separators in ``segment``, each cut at its sentences' ends, with where
    each piece starts."""
    out = []
    for run in _RUN.finditer(segment):
        at = run.start()
        for piece in _SENTENCE_END.split(run.group(0)):
            out.append((at, piece))
            at += len(piece)
    return out


def _name_span(segment: str, common: set[str]) -> tuple[int, int] | None:
    """The names in a piece of a template's literal text: a run of name words and separators from its
    first capitalised word that is not ``common`` (the list's own, as "By" in "By Ivo Jansen") on; None
    where the run is anything but names."""
    for at, text in _sentences(segment):
        capitalised = [m for m in _WORD.finditer(text) if m.group(0)[0].isupper()]
        if not capitalised:
            continue
        own = [m.start() for m in capitalised if m.group(0).lower() not in common]
        if not own:
            # Words every entry writes are the list's ("Must Read — Ivo Jansen."): the names, if any, follow.
            continue
        start = own[0]
        # The run ends at the last name word or initial; a full stop after a whole name is the list's.
        end = max(m.end() for m in re.finditer(r"[A-Z]\.(?!\w)|[^\W\d_][\w'’-]*", text))
        names = text[start:end].rstrip(" ,;&")
        pieces = [p for p in _NAME_SEP.split(names) if p]
        words = _WORD.findall(names)
        # A person's name has two parts at least ("Ivo Jansen", "Heo, J."), not all in capitals: a lone
        # "ResNet" or "BERT" before a title is the paper's short name.
        if len(words) >= 2 and any(not w.isupper() for w in words) and all(_is_piece(p) for p in pieces):
            return at + start, at + start + len(names)
    return None


# A paper's short name between the bullet and its title, with the separator after it: "- ResNet. [",
# "- Adam — [", "1. BERT - **".
_SHORT_NAME = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+"
                         r"(?P<name>[^\W\d_][\w'’+-]*(?: [^\W\d_][\w'’+-]*){0,2}"
                         r"[ \t]*(?:[.:|—–-][ \t]*|[ \t]))[\[*_\"“<]*$")


def _short_name(segment: str, rare: set[str]) -> tuple[int, int] | None:
    """The span of a paper's own short name before its title, separator and all, in the template's text
    before its first field; None where there is none, or the words are no paper's own (not rare)."""
    m = _SHORT_NAME.match(segment)
    if m is None or not any(w.lower() in rare for w in _WORD.findall(m["name"])):
        return None
    return m.span("name")


def _segments(line: str) -> list[str]:
    """The text between the fields; an authors field the reader did find stays in it as ``_READ``."""
    parts = FIELD.split(line)
    out = [parts[0]]
    for name, text in zip(parts[1::2], parts[2::2], strict=True):
        if name == "authors":
            out[-1] += _READ + text
        else:
            out.append(text)
    return out


def mark_unread(line: str, key: str, layout: list[str],
                section: Sequence[str] = ()) -> tuple[str, list[ParsedAuthors]]:
    """``line`` (a template's bullet line, the one a new entry will copy) with the names left in it as
    text marked as the authors field, and the names as each entry of its layout wrote them (for the
    list's author style); or, where there are none, without a paper's short name before its title
    ("- ResNet. [Title](u)"). ``key``: ``line`` without what is each paper's own (its code links, notes);
    ``layout``: the same of every entry whose fields are those of ``key`` in the same order, maybe with
    authors among them (an entry of two names the reader read, beside entries of one it did not),
    ``key`` among them. Unchanged where the line has its authors field, is a table row, or is the only
    one of its layout (nothing to tell a recurring word from a paper's own). ``section``: the entries of
    ``layout`` in the section the new entry goes to."""
    if _AUTHORS in line or line.startswith(ROW) or len(layout) < 2:
        return line, []
    counts: dict[str, int] = {}
    for other in layout:
        for w in _words(other):
            counts[w] = counts.get(w, 0) + 1
    # Rare: in one entry, or at most a third of them. A list's own words ("In", "Proceedings", "PDF")
    # are in most; a prolific author's name may be in a few.
    rare = {w for w, n in counts.items() if n == 1 or n * 3 <= len(layout)}
    common = {w for w, n in counts.items() if n == len(layout) > 2}  # the list's own: in every entry
    # Words every entry of the section writes are the section's own, however rare in the list: in a list
    # by organisation, "- Meta AI. [Title](u)" under "## Meta" is what that section's new entries show.
    local = set.intersection(*map(_words, section)) if len(section) > 2 else set()
    mine = _segments(key)
    peers = [_segments(other) for other in layout]
    peers = [seg for seg in peers if len(seg) == len(mine)]

    for i, segment in enumerate(mine):
        spans = [(seg[i], _name_span(seg[i], common)) for seg in peers]
        names = [text[s[0]:s[1]] for text, s in spans if s is not None]
        # A paper's short name is its own text at that place too ("- ResNet. [T](u)" beside "- Ivo Jansen.").
        shorts = sum(1 for seg, (_, s) in zip(peers, spans, strict=True)
                     if s is None and i == 0 < len(mine) - 1 and _short_name(seg[0], rare))
        read = sum(1 for seg in peers if _READ in seg[i])
        # Most entries write text of their own there, and in at least half of them words rare in the
        # list: a prolific author's name recurs in a few entries, the list's own words ("Read More") in all.
        own = len(names) + shorts + read
        if own * 3 < len(layout) * 2 or 2 * (sum(1 for n in names if _words(n) & rare) + shorts) < own - read:
            continue
        if len(layout) < 3 and not read:
            # Two entries each with two words of its own there ("Ivo Jansen", "Maria Keller") may as well
            # be two tags ("Best Paper", "Oral Talk"); beside names that were read, they are names.
            continue
        # Where as many entries show a paper's short name there as show names, two capitalised words
        # are more likely a short name ("Vision Transformer" beside "ResNet", "Adam") than a person's:
        # a list of short names would gain an authors field it never shows.
        span = _name_span(segment, common | local) if len(names) + read > shorts else None
        if span is not None and line.count(text := segment[span[0]:span[1]]) == 1:
            return line.replace(text, _AUTHORS), [p for p in map(split_authors, names) if _readable(p)]
        span = _short_name(segment, rare - local) if i == 0 < len(mine) - 1 else None
        if span is not None and line.count(rest := segment[span[0]:]) == 1:
            # Where the line has text of its own before it ("- 🔥 ResNet. [T](u)": a mark, a link), the
            # short name is not where it is in ``key``; it is where the name and what follows it are.
            at = line.index(rest)
            return line[:at] + line[at + span[1] - span[0]:], []
    return line, []


def _readable(parsed: ParsedAuthors) -> bool:
    """Names the author splitter reads as people ("Ivo Jansen"); not those of a family-first list
    ("Wang", "Z."), whose style it would misread."""
    return bool(parsed.names) and all(is_name(n) for n in parsed.names)
