"""Author strings as curated lists write them: split one apart, and write paper authors the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.paper import is_group_name

# "et al." in its common spellings, with whatever separator/emphasis the list puts around it ("_et al._":
# the underscore before it is no letter of a word).
# "et al." as Chinese, Japanese and Korean lists write it after the last name: "等" / "等人", "ほか",
# " 외" (a word of its own).
CJK_ETAL = r"等人?|ほか|(?<=\s)외"
_ETAL = re.compile(rf"(?P<suffix>,?\s*(?:\*|_|<i>|<em>)?(?:(?<![^\W_])et\.?\s+al\b\.?|{CJK_ETAL})"
                   r"(?:\*|_|</i>|</em>)?)\s*$", re.I)
_SEP = re.compile(r"\s*(?:,\s*and\s+|,\s*&\s*|,|;|&|\band\b)\s*")
# An initial: "A.", "Th.", and a hyphenated given name's "S-Z." or "P.-J.".
_INITIAL = re.compile(r"^[A-Z][a-z]?(?:\.?-[A-Z][a-z]?)*\.$")
_COMPACT = re.compile(r"^(?:[A-Z]\.){2,}$")
_HYPHEN_INITIAL = re.compile(r"^[A-Z](?P<dot>\.?)-[A-Z]\.$")
# Lower-case surname particles stay with the surname: "Erwan Le Merrer" -> "E. Le Merrer".
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "le", "la",
              "ter", "ten", "bin", "ibn", "al", "el", "st.", "y"}
# A name written family name first, as reference styles (APA) write every author: "Dombrowski, A.",
# "Müller, K.-R.", "Schütt, K. T.", "van der Berg, J.". Only with initials for given names: written in
# full ("Dombrowski, Ann-Kathrin, Alber, Max") a name cannot be told from two surnames.
_FAMILY_FIRST = re.compile(
    r"(?P<family>(?:[^\W\d_][\w'’-]*\s+){0,3}[^\W\d_][\w'’-]*),\s*(?P<given>[^\W\d_]\.(?:[ -]?[^\W\d_]\.)*)")
# What comes between two such names: ", " (or "; "), and before the last ", & ", ", and ", " & "; or
# APA's ellipsis before the last of 21 or more authors: ", . . . " ("Berg, A., . . . Dorn, C.").
_FAMILY_SEP = re.compile(r",?\s*(?:&|\band\b)\s*|,?\s*(?:(?:\.\s?){3}|…)\s*|[,;]\s*")
# The ellipsis in such a separator: ". . .", "...", "…".
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
# MLA and Chicago write the first author's name alone family name first, the given names in full:
# "Dombrowski, Ann-Kathrin" in "Dombrowski, Ann-Kathrin, Max Alber, and Pan Kessel".
_INVERTED_FIRST = re.compile(r"(?P<family>(?:[a-z]+\s+){0,2}[^\W\d_][\w'’-]*),\s*"
                             r"(?P<given>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2})")
# The separator after it: ", " or, before a last name, ", and " / ", & ".
_AFTER_INVERTED = re.compile(r",\s*(?:(?:and|&)\s+)?")
# Vancouver (medicine's references) writes each name family name first, its initials bare after it:
# "Dombrowski A", "Anders CJ", "van der Berg JP" in "Dombrowski A, Anders CJ, Kessel P".
_VANCOUVER_NAME = re.compile(r"(?P<family>(?:[^\W\d_][\w'’-]*\s+){0,3}[^\W\d_][\w'’-]*)"
                             r"\s+(?P<given>[A-Z]{1,3})")


@dataclass(frozen=True)
class AuthorStyle:
    """How a list writes its authors; ``max_full`` is the most names shown before "et al." (0: never)."""

    # initials ("A. K. Name") | compact ("A.K. Name") | surname ("Name et al.") | full (as given) |
    # family ("Name, A. K.", as APA writes references) | inverted (the first "Name, Ann K.", the rest in
    # full, as MLA does) | vancouver ("Name AK")
    name_format: str = "initials"
    hyphen_initials: bool = False  # "Sze-Zhen" -> "S-Z." rather than "S. Z."
    hyphen_dot: bool = False  # and "S.-Z." rather than "S-Z."
    pair_sep: str = " & "
    list_sep: str = ", "
    last_sep: str = ", "
    etal_suffix: str = " et al."
    etal_keep: int = 1
    max_full: int = 2
    # APA's cut of a long author list: the first ``ellipsis_keep`` names, this separator, the last name
    # ("Berg, A., Cole, B., . . . Dorn, C."); "" where the list shows none.
    ellipsis: str = ""
    ellipsis_keep: int = 19
    # Family names in capitals, as ABNT (Brazil's standard) and some journals write references:
    # "GOODFELLOW, I. J.; SHLENS, J."; read from names written family name first.
    family_caps: bool = False


@dataclass
class ParsedAuthors:
    names: list[str]
    et_al: bool  # the names are cut: by "et al." after them, or an ellipsis before the last
    observed: dict[str, object]  # the AuthorStyle features this one string shows


def split_authors(text: str) -> ParsedAuthors:
    """``"A. Ghorbani et al."`` -> names ["A. Ghorbani"], et_al True, plus the separators it used."""
    observed: dict[str, object] = {}
    body = text.strip()
    et_al = False
    m = _ETAL.search(body)
    if m:
        et_al = True
        observed["etal_suffix"] = m.group("suffix")
        body = body[: m.start()]
    family = family_first(body)
    if family:
        names, seps = family
        observed = _family_observed(names, seps, et_al, observed)
        return ParsedAuthors(names, et_al or "ellipsis" in observed, observed)
    vancouver = vancouver_names(body, alone=et_al)  # "Berg A, et al.": the "et al." says it is a name
    if vancouver:
        seps = [", "] * (len(vancouver) - 1)
        observed = _family_observed(vancouver, seps, et_al, observed, "vancouver")
        return ParsedAuthors(vancouver, et_al, observed)
    inverted = inverted_first(body, alone=et_al)  # "Berg, Ann, et al.": the "et al." says it is one name
    if inverted:
        names, seps = inverted
        return ParsedAuthors(names, et_al, _family_observed(names, seps, et_al, observed, "inverted"))
    names = []
    seps = []
    pos = 0
    for sep in _SEP.finditer(body):
        if sep.start() == 0 or sep.end() == len(body):
            continue
        names.append(body[pos : sep.start()])
        seps.append(sep.group(0))
        pos = sep.end()
    if body[pos:]:
        names.append(body[pos:])
    if len(names) == 2:
        observed["pair_sep"] = seps[0]
    elif len(names) > 2:
        observed["list_sep"] = seps[0]
        observed["last_sep"] = seps[-1]
    if names:
        if et_al:
            observed["etal_keep"] = len(names)
        else:
            observed["max_full"] = len(names)
        fmt = [_name_format(n) for n in names]
        observed["name_format"] = max(set(fmt), key=fmt.count)
        hyphen = [m for n in names for t in n.split()[:-1] if (m := _HYPHEN_INITIAL.match(t))]
        if hyphen:
            observed["hyphen_initials"] = True
            observed["hyphen_dot"] = bool(hyphen[0]["dot"])
        elif any(len(n.split()) > 2 and _name_format(n) == "initials" for n in names):
            observed["hyphen_initials"] = False
    return ParsedAuthors(names, et_al, observed)


def family_first(text: str) -> tuple[list[str], list[str]] | None:
    """``"Ghorbani, A., & Zou, J."`` -> (["Ghorbani, A.", "Zou, J."], [", & "]): names written family
    name first, as the whole of ``text``, and the separators between them; None for anything else."""
    names: list[str] = []
    seps: list[str] = []
    pos = 0
    text = text.strip()
    while True:
        m = _FAMILY_FIRST.match(text, pos)
        if not (m and _capitalised(m["family"].split()) and m["given"].upper() == m["given"]):
            return None
        names.append(m.group(0))
        pos = m.end()
        if pos == len(text):
            return names, seps
        sep = _FAMILY_SEP.match(text, pos)
        if not sep or sep.end() == len(text):
            return None
        seps.append(sep.group(0))
        pos = sep.end()


def inverted_first(text: str, alone: bool = False) -> tuple[list[str], list[str]] | None:
    """``"Ghorbani, Amirata, and James Zou"`` -> (["Ghorbani, Amirata", "James Zou"], [", and "]): the
    first name family name first, the others given name first, as the whole of ``text``; None for
    anything else. A first name alone ("Berg, Ann") is read only where ``alone`` says it is one: it
    cannot be told from two surnames."""
    text = text.strip()
    m = _INVERTED_FIRST.match(text)
    if not (m and _capitalised(m["family"].split()) and _capitalised(m["given"].split(), particles=False)):
        return None
    if m.end() == len(text):
        return ([m.group(0)], []) if alone else None
    names, seps = [m.group(0)], []
    sep = _AFTER_INVERTED.match(text, m.end())
    if not sep:
        return None
    seps.append(sep.group(0))
    rest = text[sep.end() :]
    pos = 0
    for later in _SEP.finditer(rest):
        names.append(rest[pos : later.start()])
        seps.append(later.group(0))
        pos = later.end()
    names.append(rest[pos:])
    if not all(2 <= len(n.split()) <= 4 and _capitalised(n.split()) for n in names[1:]):
        return None
    return names, seps


def vancouver_names(text: str, alone: bool = False) -> list[str] | None:
    """``"Dombrowski A, Anders CJ"`` -> ["Dombrowski A", "Anders CJ"]: names written as Vancouver does,
    as the whole of ``text``; None for anything else. One name alone ("Heo J") is read only where
    ``alone`` says it is one: "Google AI" has its shape."""
    names = re.split(r",\s*", text.strip())
    if len(names) < 2 and not alone:
        return None
    for name in names:
        m = _VANCOUVER_NAME.fullmatch(name)
        if not m or not _capitalised(m["family"].split()):
            return None
    return names


def _capitalised(words: list[str], particles: bool = True) -> bool:
    """Whether ``words`` are a name's: the last capitalised, the others too or surname particles."""
    return bool(words) and words[-1][:1].isupper() and all(
        w[:1].isupper() or (particles and w.lower() in PARTICLES) for w in words)


def _family_observed(names: list[str], seps: list[str], et_al: bool, observed: dict[str, object],
                     name_format: str = "family") -> dict[str, object]:
    """The AuthorStyle features of names written family name first (APA's "family", Vancouver's
    "vancouver", or the first one alone: "inverted"), with their separators ``seps``."""
    observed["name_format"] = name_format
    if name_format != "inverted":  # MLA's one inverted name is too little to tell capitals from a style
        families = [n.partition(",")[0] if name_format == "family" else n.rpartition(" ")[0] for n in names]
        observed["family_caps"] = all(f.upper() == f and sum(c.isalpha() for c in f) >= 2 for f in families)
    cut = next((k for k, sep in enumerate(seps) if _ELLIPSIS.search(sep)), None)
    if cut is not None:  # "Berg, A., Cole, B., . . . Dorn, C.": the ellipsis cuts, as "et al." does
        observed["ellipsis"] = seps.pop(cut)
        observed["ellipsis_keep"] = cut + 1
    elif len(names) == 2:
        observed["pair_sep"] = seps[0]
    if len(seps) > 1 or (cut is not None and seps):
        observed["list_sep"] = seps[0]
        if cut is None:
            # The comma before the last name parts names that hold commas (or follows an inverted first
            # name): no serial comma a pair would drop. A pair is joined so too ("Ghorbani, A., & Zou, J.").
            observed["last_sep"] = observed["pair_sep"] = seps[-1]
    if et_al:
        observed["etal_keep"] = len(names)
    elif cut is None:
        observed["max_full"] = len(names)
    hyphen = [given for name in names if "-" in (given := name.rpartition(",")[2])]
    if hyphen and name_format == "family":  # "Müller, K.-R."
        observed["hyphen_initials"] = True
        observed["hyphen_dot"] = ".-" in hyphen[0]
    return observed


def _name_format(name: str) -> str:
    tokens = name.split()
    if len(tokens) < 2:
        return "surname" if tokens and tokens[0][:1].isupper() else "full"
    given = tokens[:-1]
    while given and given[-1].lower() in PARTICLES:
        given.pop()
    if given and all(_COMPACT.match(t) for t in given[:1]) and len(given) == 1:
        return "compact"
    if given and all(_INITIAL.match(t) for t in given):
        return "initials"
    return "full"


def join_names(names: list[str], et_al: bool, style: AuthorStyle) -> str:
    """Names as written in the list, joined with the list's separators."""
    if not names:
        return ""
    if len(names) == 1:
        text = names[0]
    elif len(names) == 2:
        text = names[0] + style.pair_sep + names[1]
    elif et_al and style.ellipsis:  # APA's cut: "Berg, A., Cole, B., . . . Dorn, C."
        return style.list_sep.join(names[:-1]) + style.ellipsis + names[-1]
    else:
        text = style.list_sep.join(names[:-1]) + style.last_sep + names[-1]
    return text + (style.etal_suffix if et_al else "")


# A generational suffix ending a name, as feeds write it: "Jr." in "Robert W. Heath Jr." and in "Martin
# Luther King, Jr.".
_NAME_SUFFIX = re.compile(r",?\s+(?P<suffix>(?:Jr|Sr)\.?|II|III|IV)$")


def format_name(full: str, style: AuthorStyle, first: bool = True) -> str:
    """A full name ("Sze-Zhen Sunder-Samuel") in the list's format ("S-Z. Sunder-Samuel"); ``first``
    says whether it is the first of the paper's names, which some formats write their own way."""
    full = " ".join(full.split())
    if (style.name_format == "full" or not full or (style.name_format == "inverted" and not first)
            or is_group_name(full)):
        return full
    suffix = _NAME_SUFFIX.search(full)
    if suffix is None or not suffix.start():
        return _formatted(full, style)
    # The suffix follows the whole name in every format ("M. L. King Jr.", "King, M. L., Jr.", "King ML
    # Jr"). Read as the surname, it was written in its place: "Jr., M. L. K.".
    name = _formatted(full[: suffix.start()], style)
    if style.name_format == "surname":
        return name
    if style.name_format == "vancouver":  # no punctuation in the names
        return f"{name} {suffix['suffix'].rstrip('.')}"
    comma = "," if style.name_format in ("family", "inverted") else ""
    return f"{name}{comma} {suffix['suffix']}"


def _formatted(full: str, style: AuthorStyle) -> str:
    """``full`` (no suffix) in the list's format, for format_name."""
    if "," in full:  # "Surname, Given Names"
        surname, given_text = (part.strip() for part in full.split(",", 1))
        given = given_text.split()
    else:
        tokens = full.split()
        if len(tokens) < 2:
            return full
        cut = len(tokens) - 1
        while cut > 1 and tokens[cut - 1].lower() in PARTICLES:
            cut -= 1
        given, surname = tokens[:cut], " ".join(tokens[cut:])
    if style.family_caps and style.name_format in ("family", "vancouver"):
        surname = surname.upper()
    if style.name_format == "surname":
        return surname
    if style.name_format == "inverted":
        return f"{surname}, {' '.join(given)}" if given else surname
    if style.name_format == "vancouver":  # "Jean-Paul van der Berg" -> "van der Berg JP"
        parts = [part for token in given for part in token.split("-")]
        letters = "".join(part[0].upper() for part in parts if part[:1].isalpha())
        return f"{surname} {letters}" if letters else surname
    initials: list[str] = []
    hyphen = ".-" if style.hyphen_dot else "-"
    for token in given:
        letters = [part[0].upper() for part in token.strip(".").split("-") if part and part[0].isalpha()]
        if not letters:
            continue
        if style.hyphen_initials:
            initials.append(hyphen.join(letters) + ".")
        else:
            initials.extend(f"{letter}." for letter in letters)
    if not initials:
        return surname
    if style.name_format == "family":
        return f"{surname}, {' '.join(initials)}"
    joiner = "" if style.name_format == "compact" else " "
    return f"{joiner.join(initials)} {surname}"


# An author list's own cut, as a feed may give it for a name: "et al.", BibTeX's "others".
_CUT = re.compile(r"(?:and\s+)?(?:et\.?\s+al\.?|others)", re.I)


def format_authors(full_names: list[str], style: AuthorStyle, clean: Callable[[str], str] = str) -> str:
    """Paper authors (full names) written the list's way, cut to "et al." past its threshold.

    ``clean`` escapes each name on its own, so the list's separators ("&") are never escaped.
    """
    text = _names_text(full_names, style, clean)
    if style.name_format == "family" and text and not text.endswith("."):
        # APA's names end in a full stop, an initial's or a group's own ("OpenAI. (2023)."): the list's
        # template has none of its own after them ("Heo, J. (2019)."), so "OpenAI (2023)." had none.
        text += "."
    return text


def _names_text(full_names: list[str], style: AuthorStyle, clean: Callable[[str], str]) -> str:
    """The names of format_authors, cut as the list cuts them."""
    given = [n for n in full_names if n.strip()]
    # A feed that cut the names ("Wei Li, Hao Zhang, et al.") gave no more: they are cut here too, as
    # the list cuts, or after the names given. Read as a name, "et al." was written "E. al.".
    people = [n for n in given if not _CUT.fullmatch(n.strip())]
    cut = len(people) < len(given)
    names = [clean(format_name(n, style, first=k == 0)) for k, n in enumerate(people)]
    if style.ellipsis and len(names) > style.ellipsis_keep + 1:
        return join_names(names[: style.ellipsis_keep] + names[-1:], True, style)
    if style.max_full and len(names) + cut > style.max_full:
        return join_names(names[: max(1, style.etal_keep)], True, style)
    if cut and names:  # no last name: the names go on after them ("W. Li, H. Zhang et al.")
        return style.list_sep.join(names) + style.etal_suffix
    return join_names(names, False, style)
