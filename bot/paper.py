"""The one paper record every source produces and every later stage consumes."""

from __future__ import annotations

import calendar
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from bot.errors import InputError
from bot.fsutil import read_input_text
from bot.identity import arxiv_id_from, doi_from, normalize_title, paper_key
from bot.sanitize import plain_text
from bot.venue_names import conventional_venue

# Upper bounds on untrusted text: a 1 MB "abstract" from a feed must not reach a PR or the model.
MAX_TITLE = 500
MAX_ABSTRACT = 5000
MAX_AUTHORS = 100
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
log = logging.getLogger(__name__)


@dataclass
class Paper:
    """A candidate paper. ``key`` is its identity (arxiv:…, doi:… or title:…)."""

    title: str
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    published: str = ""  # ISO date (YYYY-MM-DD) or empty when unknown
    url: str = ""
    venue: str = ""
    id: str = ""  # the id as the source gave it (any form)
    arxiv_id: str | None = None  # version-less
    doi: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        # Given ids are normalised too ("arXiv:2401.00001v2" -> "2401.00001"): one paper, one key,
        # whichever source or JSONL file named it.
        # An arXiv DOI (10.48550/arXiv.N, as DataCite and many exports give it) names the arXiv paper.
        self.arxiv_id = (arxiv_id_from(self.arxiv_id) if self.arxiv_id else None) or arxiv_id_from(
            self.id) or arxiv_id_from(self.url) or (arxiv_id_from(self.doi) if self.doi else None)
        self.doi = (doi_from(self.doi) if self.doi else None) or doi_from(self.id) or doi_from(self.url)
        if not self.id:
            self.id = self.arxiv_id or self.doi or self.url or self.title

    @property
    def key(self) -> str:
        return paper_key(self.arxiv_id, self.doi, self.title)

    @property
    def identity_keys(self) -> set[str]:
        """Every key this paper may have been recorded under: its key, arXiv id, DOI and title."""
        keys = {self.key, "title:" + normalize_title(self.title)}
        if self.arxiv_id:
            keys.add(f"arxiv:{self.arxiv_id}")
        if self.doi:
            keys.add(f"doi:{self.doi.lower()}")
        return keys

    @property
    def year(self) -> str:
        return self.published[:4] if self.published[:4].isdigit() else ""

    @property
    def text(self) -> str:
        """What gets embedded: title and abstract."""
        return f"{self.title}. {self.abstract}".strip() if self.abstract else self.title

    def to_candidate(self) -> dict[str, Any]:
        """The ranking schema (one JSONL line of ``litbot fetch``), with the DOI and arXiv id where known:
        a journal paper's DOI is often in neither its id nor its link (a publisher's page), and without it
        ``rank`` could neither link it nor see it is listed already under its doi.org link."""
        ids = {name: value for name, value in (("doi", self.doi), ("arxiv_id", self.arxiv_id)) if value}
        return {
            "id": self.id,
            "title": self.title,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "categories": list(self.categories),
            "published": self.published,
            "url": self.url,
            "venue": self.venue,
            **ids,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "paper",
                  bad_date: Callable[[InputError], None] | None = None) -> Paper:
        """Build from a candidate-schema dict; unknown fields are ignored, bad ones named. A
        ``published`` that is no date raises, or with ``bad_date`` is handed to it and left out."""
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(data).__name__}")
        title = data.get("title")
        if title is not None and not isinstance(title, str):
            raise InputError(f"{where}: field 'title' must be a string, got {type(title).__name__}")
        if not title or not title.strip():
            raise InputError(f"{where}: field 'title' is missing or empty; every paper needs a title")
        kwargs: dict[str, Any] = {"title": _text(title)}
        for name in ("abstract", "published", "url", "venue", "id", "source"):
            value = data.get(name)
            if value is not None and (not isinstance(value, str | int | float) or isinstance(value, bool)):
                value = _from_structured(name, value, where, bad_date)
            if value is None:
                continue
            if name == "id" and isinstance(value, float):
                # JSON's 2401.10000 reads as 2401.1: the arXiv id would be lost without a word.
                raise InputError(f"{where}: field 'id' is a number ({value}); write it as a string, "
                                 'e.g. "2401.10000"')
            # The id is echoed back as given (``rank --json``): a caller matches its rows on it.
            kwargs[name] = _text(str(value)) if name != "id" else _LONE_SURROGATE.sub("\ufffd", str(value))
            if name == "venue":
                # As lists write it: "NeurIPS 2025" for "Advances in ... 38 (NeurIPS 2025)"; "" (none
                # yet) for "Submitted to ICLR 2026".
                kwargs[name] = conventional_venue(kwargs[name])
        if kwargs.get("published"):
            try:
                kwargs["published"] = iso_published(kwargs["published"], where)
            except InputError as exc:
                if bad_date is None:
                    raise
                bad_date(exc)
                del kwargs["published"]
        for name in ("authors", "categories"):
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, str):
                # "Alice Smith, Bob Jones" is several authors: kept whole it reads as one name and
                # renders as "B. J. Alice Smith".
                value = split_authors(value) if name == "authors" else [value]
            if isinstance(value, list):  # a name or category an export left out ("authors": ["A B", null])
                value = [_person(v) if name == "authors" else v for v in value if v is not None]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{where}: field '{name}' must be a list of strings")
            kwargs[name] = [_text(v) for v in value if v.strip()]
        for name in ("arxiv_id", "doi"):
            if isinstance(data.get(name), str) and data[name]:
                kwargs[name] = _text(data[name])
        return cls(**kwargs)


def _from_structured(name: str, value: Any, where: str,
                     bad_date: Callable[[InputError], None] | None) -> str | None:
    """A field other exports write as a structure: Crossref's and CSL's date ({"date-parts": [[2021, 3,
    4]]}, [2021, 3, 4]) as its date; DBLP's venues (["ICML", "PMLR"]) as the first, one {"name": ...} as
    its name. Where that says nothing: a ``source`` or ``venue`` (no field of the candidate schema) is
    left out, a ``published`` is a date that does not read (``bad_date``), any other an error."""
    if name == "published":
        parts = value.get("date-parts") if isinstance(value, dict) else [value]
        first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else None
        numbers = first and all(isinstance(n, int) and not isinstance(n, bool) for n in first)
        if first and numbers and 1 <= len(first) <= 3:
            return "-".join(f"{n:02d}" if k else str(n) for k, n in enumerate(first))
        error = InputError(f"{where}: field 'published' is no date ({type(value).__name__}); "
                           'write it as a string, e.g. "2024-05-17"')
        if bad_date is None:
            raise error
        bad_date(error)
        return None
    if name == "venue":
        named = value.get("name") if isinstance(value, dict) else next(
            (v for v in value if isinstance(v, str)), None) if isinstance(value, list) else None
        return named if isinstance(named, str) else None
    if name == "source":
        return None
    raise InputError(f"{where}: field '{name}' must be a string")


def _person(value: Any) -> Any:
    """An author as a name: Semantic Scholar's {"name": "Ann Lee"}, CSL's {"given": "Ann", "family":
    "Lee"}; anything else as it is (a string, or what the caller refuses)."""
    if not isinstance(value, dict):
        return value
    if isinstance(value.get("name"), str):
        return value["name"]
    parts = [p for p in (value.get("given"), value.get("family")) if isinstance(p, str)]
    return " ".join(parts) if parts else value


_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# A name in Han, kana or Hangul script is written whole, family and given name in one word ("王伟"):
# "王伟, 李娜" are two people, never the family and given names of one.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# One word of a given name written as initials: "J.", "J.R.", "J.-P.", "JR".
_INITIALS = re.compile(r"(?:[^\W\d_]\.-?)+|[A-Z]{1,3}")


# An author that is a group, not a person: "Gemini Team", "Google DeepMind", "The ATLAS Collaboration",
# "Llama Team, AI @ Meta". Its words are not a given name and a family name: written as it is, never
# "G. Team" or "DeepMind, G.". Neither "AI" ("Smith AI" is a person in Vancouver's form) nor a leading
# "The" ("The Viet Bui", a real arXiv author: Thế is a Vietnamese given name) says group on its own.
_GROUP_NAME = re.compile(
    r"@|(?<![\w-])(?:Team|Collaboration|Consortium|Group|Labs?|Laborator(?:y|ies)|Institute|"
    r"University|Inc|Ltd|LLC|Corp(?:oration)?|Foundation|Project|Committee|Initiative|Association|Society|"
    r"Alliance|Council|Cent(?:er|re)|Research|DeepMind|Organi[sz]ation|Authors|Contributors|Community)"
    r"(?![\w-])"
    # A company's AI lab by its name ("Meta AI", "Meta FAIR", "Google Brain", "Amazon AGI"): "AI" alone
    # is a Vancouver name's initials, but not after a company's name.
    r"|^\s*(?:Meta|Google|Microsoft|Amazon|Apple|NVIDIA|Nvidia|IBM|Intel|Samsung|Huawei|Alibaba|Baidu|"
    r"Tencent|ByteDance|Salesforce|Adobe|Mistral)\s+(?:AI|FAIR|AGI|Brain|MLR|Cloud|AI\s+Lab)\s*$")


def is_group_name(name: str) -> bool:
    """Whether an author name is a group's (a team, lab, company or collaboration), not a person's."""
    return bool(_GROUP_NAME.search(name))


def split_authors(text: str, given_first: bool = False) -> list[str]:
    """'A, B and C' (arXiv RSS dc:creator) into names; one 'Smith, John' or 'King, Jr.' stays one name.

    ``given_first``: the source always writes "Given Family" (arXiv feeds), so "Mausam, Daniel S. Weld" is
    two people. Otherwise "X, Y" is one name, family first, only when Y looks like a given name (one
    word, initials, or a word and initials after a one-word family name: "Ng, Andrew Y."): "De
    Cristofaro, Emiliano" is one person, "Alice Brown, Carl Doe" two. So are lists of such names, as
    bioRxiv and many journals write them: "Long, Y., Ang, K. S." (every second part initials), "Ng,
    Andrew Y., Jordan, Michael I." and "Nguyen, T.; Tran, H." (";" between people) are two people each."""
    clean = _clean_names(text, 20000)
    if not given_first and ";" in clean:
        return [name for person in _PEOPLE_SPLIT.split(clean) if person for name in _one_person(person)]
    people = _BIBTEX_AND.split(clean)
    if not given_first and len(people) > 1 and all(person.count(",") == 1 for person in people):
        # BibTeX's "Goodfellow, Ian J. and Shlens, Jonathon": "and" between people, each family name first
        # (split at every comma, "Ian J." was a person of its own).
        return [name for person in people for name in _one_person(person)]
    names = [n for n in _AUTHOR_SPLIT.split(clean) if n]
    if len(names) == 2 and clean.count(",") == 1 and not re.search(r";|&|\band\b", clean):
        last, first = names
        if first.lower() in _NAME_SUFFIXES:  # "Martin Luther King, Jr."
            return [clean]
        words = first.split()
        # "Google DeepMind, OpenAI": two groups, not a person named "OpenAI Google DeepMind".
        if not given_first and not _CJK.search(clean) and not is_group_name(clean) and (
                len(words) == 1 or _initials_only(first)
                or (_initialled(first) and _one_family_name(last))):
            return [f"{first} {last}"]
    # Pairs may end in a part that pairs with nothing: a group ("..., Chen, J., Human Cell Atlas
    # Consortium") or "et al.", a name as written. Left unpaired, the list was read part by part, each
    # family and each set of initials a person ("Long", "Y.", ...).
    pairs = names[: len(names) // 2 * 2]
    if not given_first and len(pairs) >= 4 and _family_first_pairs(pairs):
        return [f"{pairs[i + 1]} {pairs[i]}" for i in range(0, len(pairs), 2)] + names[len(pairs):]
    return names


def one_authors_name(text: str) -> list[str]:
    """The person a source's element for one author names, given name first: "Nowak, Anna Maria" is Anna
    Maria Nowak (as a list of names it is "Nowak" and "Anna Maria"), "John Smith, MD" John Smith. An
    element that still names several ("A. Berg and C. Dorn") gives them all."""
    return _one_person(_clean_names(text, 1000))


def _clean_names(text: str, limit: int) -> str:
    """Names as plain text, without a trailing separator ("Smith, J.,": a list cut short separates no one)
    or the degrees after a name."""
    return _without_degrees(re.sub(r"[\s,;]+$", "", plain_text(text, limit)))


# Between people as BibTeX separates them: "Goodfellow, Ian J. and Shlens, Jonathon".
_BIBTEX_AND = re.compile(r"\s+and\s+")
# Between people where ";" separates them: "Nguyen, T.; Tran, H.; and Le, M.".
_PEOPLE_SPLIT = re.compile(r"\s*;\s*(?:(?:and|&)\s+)?")
# Academic degrees, as medical journals' feeds write them after a name ("John Smith, MD, PhD").
_DEGREES = {"PhD", "MD", "MSc", "BSc", "MPH", "MBA", "DPhil", "DSc", "MBBS", "MBChB", "FRCP", "FRCS",
            "FRCPC", "FACS", "FACP", "FAAN", "DrPH", "PharmD", "DDS", "DMD", "DVM", "MEng", "BEng", "MPhil",
            "MA", "MS", "BA", "BS", "RN", "DO", "JD", "EdD", "PsyD", "MSN", "BSN", "MRCP", "LLM"}


def _without_degrees(text: str) -> str:
    """``text`` without the degrees that stand as parts of their own after a name: "John Smith, MD, PhD,
    Jane Doe" and "Smith, John, PhD; Doe, Jane, MD" name two people. A part that could be initials stays:
    "Smith, MD" (M. D. Smith) has no name before it but a family name."""
    pieces = re.split(r"(\s*[,;]\s*)", text)
    # parts: of this person so far, where ";" tells people apart ("Smith, John, PhD": a third part)
    out, named, dropped, parts = [pieces[0]], _whole_name(pieces[0]), False, 1
    for sep, part in zip(pieces[1::2], pieces[2::2], strict=True):
        parts = 0 if ";" in sep else parts
        if part.replace(".", "") in _DEGREES and (dropped or named or (";" in text and parts >= 2)):
            dropped = True
            continue
        out += [sep, part]
        named, dropped, parts = _whole_name(part), False, parts + 1
    return "".join(out)


def _whole_name(part: str) -> bool:
    """Two words or more, not all initials: "John Smith", not "Smith" or "K. S." (a name's half)."""
    words = part.split()
    return len(words) >= 2 and not _initials_only(part)


def _one_person(text: str) -> list[str]:
    """One person of a ";"-separated list: "Smith, John Adam" is John Adam Smith, whatever the given name."""
    family, comma, given = text.partition(",")
    given, _, suffix = (part.strip() for part in given.partition(","))
    # "Smith, John, Jr.": the suffix ends the name, as "John Smith Jr."; the person is still one.
    if suffix.lower() in _NAME_SUFFIXES and "," not in suffix and given:
        return [f"{given} {family.strip()} {suffix}"]
    if comma and not suffix and given.lower() not in _NAME_SUFFIXES and given:
        return [f"{given} {family.strip()}"]
    return split_authors(text)


def _family_first_pairs(parts: list[str]) -> bool:
    """Whether "A, B, C, D" is "Family, Given" pairs: every second part is initials ("Long, Y., Ang, K. S."),
    every part is one word ("Li, Wei, Zhang, Hao": a list of people named by one word each is rare), or
    each family name is one word (after particles) and each given name one word or one with initials
    after it ("Ng, Andrew Y., Jordan, Michael I.": a person is not called "Andrew Y.")."""
    givens, families = parts[1::2], parts[::2]
    if all(_initials_only(g) for g in givens):
        return not any(_initials_only(f) for f in families)
    if any(_initialled(g) for g in givens) and all(len(g.split()) == 1 or _initialled(g) for g in givens):
        return all(_one_family_name(f) for f in families)
    return all(len(p.split()) == 1 and p.lower() not in _NAME_SUFFIXES and not _CJK.search(p) for p in parts)


def _initials_only(part: str) -> bool:
    """Whether every word of ``part`` is an initial: "Y.", "K. S.", "JR"."""
    return all(_INITIALS.fullmatch(w) for w in part.split())


def _one_family_name(part: str) -> bool:
    """One capitalised word, after lower-case particles if any: "Ng", "van der Berg"."""
    *particles, last = part.split() or [""]
    return (last[:1].isupper() and not _INITIALS.fullmatch(last) and not _CJK.search(last)
            and all(w.islower() for w in particles))


def _initialled(given: str) -> bool:
    """A given name and initials after it: "Andrew Y.", "Jean-Paul R. K."."""
    first, *rest = given.split() or [""]
    return bool(rest) and not _INITIALS.fullmatch(first) and first[:1].isupper() and all(
        _INITIALS.fullmatch(w) for w in rest)


def _text(value: str) -> str:
    # JSON's "\ud800" escape decodes to a lone surrogate, which no UTF-8 writer (the state's text hash,
    # stdout) can encode: it becomes U+FFFD, as an undecodable byte would.
    return _LONE_SURROGATE.sub("\ufffd", value).strip()


def iso_date(value: datetime | date | time.struct_time | None) -> str:
    """YYYY-MM-DD (UTC for datetimes), or "" when unknown: the form of ``Paper.published``."""
    if value is None:
        return ""
    if isinstance(value, time.struct_time):
        value = datetime.fromtimestamp(calendar.timegm(value), UTC)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date().isoformat()
    return value.isoformat()


def written_date(text: str) -> str | None:
    """YYYY-MM-DD of a date as ``text`` writes it, on its own clock ("2027-01-01T00:00:00+01:00" is 1
    January); "" where it writes a date no paper has (a zero date: "Mon, 01 Jan 0001", which RFC 822's
    reader takes for 2001, and "0001-01-01"); None where it writes none this reader knows."""
    zero = _ZERO_YEAR.search(text) and not _A_YEAR.search(text)  # "... 10:00:00 0000" is a zone
    if zero or ((year := _RFC_822_YEAR.search(text)) and not plausible_date(year[1])):
        return ""  # RFC 822's reader takes "0001" for 2001
    moment = _parse_date(text.strip())
    day = moment.date() if isinstance(moment, datetime) else moment
    if day is None:
        return None
    return day.isoformat() if plausible_date(day.isoformat()) else ""


# The year after a day and a month's name, as RFC 822 writes it: "01 Jan 0001".
_RFC_822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+(\d{4})\b")
# A zero year after a month's name or a space: "01-Jan-0001" (RFC 850), "Mon Jan 01 00:00:00 0001" (C's
# asctime); not a zone ("+0000").
_ZERO_YEAR = re.compile(r"(?:[A-Za-z]{3,9}[ -]|\s)000[01](?!\d)")
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def plausible_date(day: str) -> bool:
    """Whether a YYYY-MM-DD could date a paper: not a placeholder ("0001-01-01", "1970-01-01" is one too,
    but a real date)."""
    return day[:4].isdecimal() and int(day[:4]) >= 1900


# Day-first or month-first numbers ("03/04/2021") are left out: no form says which it is.
_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%Y.%m.%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y",
                 "%b. %d, %Y", "%a, %d %b %Y")  # the last: RFC 2822 without a time
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%b. %Y", "%Y/%m", "%Y-%m")  # a month and no day: read as "YYYY-MM"
# "Sept" is how many write September's short form; strptime knows only "Sep".
_SEPT = re.compile(r"\bSept(?=[.\s])", re.IGNORECASE)


def _parse_date(text: str) -> datetime | date | None:
    try:
        return datetime.fromisoformat(text)  # "2021-03-04", "2021-03-04T10:00:00Z", offsets
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)  # RFC 2822, as RSS writes dates
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of 11 digits overflows
        pass
    bare = re.sub(r"\s+(?:UTC|GMT|Z)$|Z$", "", text.strip(), flags=re.IGNORECASE)  # "... 10:00:00 UTC"
    try:
        return datetime.fromisoformat(bare)  # "2021-03-04 10:00:00 UTC"
    except ValueError:
        pass
    for form in _DATE_FORMATS:  # "2021/03/04", "2021-3-4", "March 4, 2021", "4 Mar 2021", "March 2021"
        try:
            return datetime.strptime(bare, form).date()
        except ValueError:
            continue
    return None


def iso_published(text: str, where: str = "paper") -> str:
    """YYYY-MM-DD (UTC) from the date forms exports and feeds write; a bare year or year-month stays
    as it is (all some sources know). Anything else is an error: a date read wrong misplaces the entry
    in the list's chronological order, and one dropped loses its year."""
    not_a_date = InputError(f"{where}: field 'published' is not a date ({text[:40]!r}); "
                            "write it as YYYY-MM-DD")
    if year_month := re.fullmatch(r"\d{4}(?:-(\d{2}))?", text):
        if year_month[1] is not None and not 1 <= int(year_month[1]) <= 12:
            raise not_a_date  # "2021-13" matches the pattern but is no month
        return text
    text = _SEPT.sub("Sep", text)
    for form in _MONTH_FORMATS:  # also "2021-3"
        try:
            month = datetime.strptime(text.strip(), form)
        except ValueError:
            continue
        return f"{month.year:04d}-{month.month:02d}"  # strftime's %Y does not pad a year under 1000
    if (moment := _parse_date(text)) is None:
        raise not_a_date
    try:
        return iso_date(moment)
    except OverflowError:  # "9999-12-31T23:00:00-05:00" is a day past the last date in UTC
        raise InputError(f"{where}: field 'published' is out of the range of dates ({text[:40]!r}); "
                         "write it as YYYY-MM-DD") from None


def _no_constant(name: str) -> Any:
    # NaN and Infinity are no JSON (RFC 8259), though Python's reader takes them: "abstract": NaN was
    # read as the text "nan".
    raise json.JSONDecodeError(f"{name} is not a JSON value", name, 0)


def load_json(text: str) -> Any:
    """``json.loads`` for untrusted text. A number of thousands of digits (ValueError) or nesting
    thousands deep (RecursionError) is raised as the JSONDecodeError every caller already turns into its
    one-line error, instead of escaping as a traceback."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError:
        raise
    except ValueError:  # Python's limit on digits in an int
        raise json.JSONDecodeError("a number with too many digits", text, 0) from None
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def read_jsonl(
    path: str, drop_bad_dates: bool = False,
    bad_line: Callable[[tuple[int, InputError]], None] | None = None,
    given_ids: list[Any] | None = None,
) -> list[Paper]:
    """Read a candidates JSONL file; a bad line raises an error naming the file and line.

    ``drop_bad_dates``: a date that is no date is left out, with one warning for the file, for a
    caller that does not need it (``rank``: one odd line must not stop the ranking of thousands). A
    paper litbot may propose needs it: without its year its entry goes to the wrong place.
    ``bad_line``: a bad line is handed to it, as (its number, the error), and skipped, instead of raising
    (a source read every cycle: one broken line must not hide the file's other papers). A file with no
    good line raises. ``given_ids``: each paper's ``id`` as the line wrote it (a number, "", none) is
    appended to it, in the order of the papers."""
    papers: list[Paper] = []
    bad_dates: list[InputError] = []
    skipped: list[tuple[int, InputError]] = []
    # Split on "\n" only: a JSON string may hold U+2028, which str.splitlines() would cut.
    for lineno, line in enumerate(read_input_text(path, "a JSONL file").split("\n"), 1):
        if not line.strip():
            continue
        try:
            try:
                data = load_json(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg.removesuffix(' at')} "
                                 f"at column {exc.colno}); "
                                 "one object per line") from None
            papers.append(Paper.from_dict(data, where=f"{path}:{lineno}",
                                          bad_date=bad_dates.append if drop_bad_dates else None))
            if given_ids is not None:
                given = data.get("id")
                # Echoed as given, but printable: a lone surrogate ("\ud800") cannot be written as UTF-8.
                given_ids.append(_LONE_SURROGATE.sub("\ufffd", given) if isinstance(given, str) else given)
        except InputError as exc:
            if bad_line is None:
                raise
            skipped.append((lineno, exc))
    if not papers:
        if skipped:
            raise skipped[0][1]
        raise InputError(f"{path}: no candidates in file; expected one JSON object per line")
    for bad in skipped:
        bad_line(bad)  # type: ignore[misc]  # skipped is empty without a bad_line
    if bad_dates:
        n = len(bad_dates) - 1
        more = f" (and {n} more line{'s' if n > 1 else ''})" if n else ""
        log.warning("%s%s; read without a date", bad_dates[0], more)
    return papers


def write_jsonl(papers: list[Paper], path: str) -> None:
    """Write candidates atomically (temp file + rename)."""
    from bot.fsutil import atomic_write_text

    atomic_write_text(path, "".join(json.dumps(p.to_candidate(), ensure_ascii=False) + "\n" for p in papers))
