"""Paper identity: arXiv id, DOI and normalised title, so one paper is recognised whatever its link."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

# New-style ids (2101.00001, optional version) and old-style ids (cs/0102001, math.GT/0309136).
# NEW_ID and DOI_PREFIX are also what the feed reader takes for an identity rather than a page path.
NEW_ID = r"\d{4}\.\d{4,5}"
DOI_PREFIX = r"10\.\d{4,9}"
_OLD_ID = r"[a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html|format)/({NEW_ID}|{_OLD_ID})(?:v\d+)?", re.IGNORECASE
)
_ARXIV_DOI = re.compile(rf"10\.48550/arxiv\.({NEW_ID}|{_OLD_ID})", re.IGNORECASE)
# "arXiv:2101.00001", "arXiv: 2101.00001", and OAI-PMH's "oai:arXiv.org:2101.00001"; arXiv's own "cite
# as" form ("arXiv:2101.00001v2 [cs.LG]"), Google Scholar's ("arXiv preprint arXiv:2101.00001") and a
# DOI's suffix ("arXiv.2101.00001").
_ARXIV_BARE = re.compile(rf"^(?:arxiv\s+preprint\s+)?(?:arxiv[:.]\s*|oai:arxiv\.org:)?({NEW_ID}|{_OLD_ID})"
                         r"(?:v\d+)?(?:\s*\[[a-z\-]+(?:\.[a-z\-]+)?\])?$", re.IGNORECASE)
# A DOI ends where text that no DOI holds begins: markdown's brackets, "|", "@", controls
# and invisible or bidi characters. Taken in, a feed's "10.1234/a](https://evil.example)" linked the
# list's entry elsewhere, and a raw U+202E reordered its line.
_DOI = re.compile(rf"\b({DOI_PREFIX}/[^\s\"'<>#?\[\]|@`{{}}^\\\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e"
                  r"\u2060-\u2069\ufeff]+)", re.IGNORECASE)
# Longer is no DOI (the longest registered run to ~150 characters): a feed's megabyte "DOI" went whole
# into the PR's hidden marker, and the body past GitHub's limit.
MAX_DOI = 300
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_PDF_FILE = re.compile(r"(?:\.full)?\.pdf$", re.IGNORECASE)
# bioRxiv and medRxiv (10.1101) pages add the version and the page: "425001v2", "425001v2.full" (the
# full text, their usual link), ".abstract", ".full-text". Named pages only: the prefix is a journal
# publisher's too ("10.1101/gr.275870.121").
_PREPRINT_VERSION = re.compile(r"(?:v\d+)?(?:\.(?:full|abstract|full-text|supplementary-material))?$",
                               re.IGNORECASE)
# Oxford Academic's pages put their own article number after the DOI ("academic.oup.com/bioinformatics/
# article/doi/10.1093/bioinformatics/btae512/7740000"), its PDF links the number and the file
# (".../article-pdf/doi/10.1093/bioinformatics/btae512/58793232/btae512.pdf"); OUP's DOIs are
# "10.1093/<journal>/<id>".
_OUP_PAGE_NUMBER = re.compile(r"^(10\.1093/[^/]+/([^/]+))/\d+(?:/\2)?$", re.IGNORECASE)
_ENDS_A_DOI = set(" \t\r\n\"'<>#?%[]|@`{}^\\") | {chr(c) for c in range(32)} | {chr(127)}


def _unescape_in_doi(m: re.Match[str]) -> str:
    char = chr(int(m[1], 16))
    return m[0] if char in _ENDS_A_DOI or ord(char) > 127 else char

# Titles at or above this rapidfuzz ratio (0-100) are taken as the same paper.
TITLE_MATCH_THRESHOLD = 93.0
# Normalised titles shorter than this match only exactly: there one letter is a word, not a typo
# ("Point Transformer" / "Paint Transformer", two papers at 94).
SHORT_TITLE = 20


def arxiv_id_from(text: str | None) -> str | None:
    """The version-less arXiv id in a URL, DOI or bare id, or None."""
    if not text:
        return None
    text = text.strip()
    for pattern in (_ARXIV_URL, _ARXIV_DOI, _ARXIV_BARE):
        m = pattern.search(text)
        if m:
            # DataCite writes arXiv's DOIs in capitals ("10.48550/ARXIV.HEP-TH/9901001"); an old-style
            # id's archive is lower-case, and its key must be the one its arXiv link gives.
            return m.group(1).lower() if m.group(1).isupper() else m.group(1)
    return None


def doi_from(text: str | None) -> str | None:
    """A DOI found in a URL or string (arXiv DOIs included), or None. Written as found: DOIs are
    case-insensitive, so identities compare them lower-cased, but a link in a maintainer's list keeps
    the publisher's own form ("10.1109/CVPR.2020.00123")."""
    if not text:
        return None
    # One DOI, one key, however a link's path escaped it: the list's own links write "(" as "%28", a
    # link may encode its slashes. Escapes of what ends a DOI in text ("%3C" in Wiley's
    # "...49:8%3C693::...", "%3F", "%23", spaces, quotes) stay escaped: decoded, they would cut it
    # short. A query is left as written: decoded, a DOI in it takes "&utm_source=..." along.
    if "%" in text:
        path, mark, query = text.partition("?")
        text = _ESCAPE.sub(_unescape_in_doi, path) + mark + query
    m = _DOI.search(text)
    if not m:
        return None
    doi = m.group(1).rstrip(".,;)*!")  # "*10.1145/x*" in emphasis, "see 10.1145/x!"
    if len(doi) > MAX_DOI:
        return None
    # A link to the PDF names the DOI and its file ("link.springer.com/content/pdf/10.1007/x.pdf",
    # bioRxiv's ".../10.1101/2021.01.01.425001v2.full.pdf"): the paper's DOI is without them.
    doi = _OUP_PAGE_NUMBER.sub(r"\1", _PDF_FILE.sub("", doi))
    return _PREPRINT_VERSION.sub("", doi) if doi.startswith("10.1101/") else doi


# LaTeX's names of the symbols titles use, as the Unicode a list or a journal's feed writes instead.
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
          "phi chi psi omega").split()
_SYMBOLS = {**dict(zip(_GREEK, "αβγδεζηθικλμνξπρστυφχψω", strict=True)),
            **dict(zip((g.capitalize() for g in _GREEK), "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΠΡΣΤΥΦΧΨΩ", strict=True)),
            "varepsilon": "ε", "vartheta": "θ", "varphi": "φ", "varrho": "ρ", "varsigma": "ς",
            "ell": "ℓ", "infty": "∞", "partial": "∂", "nabla": "∇", "times": "×", "cdot": "·", "pm": "±",
            "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈", "sim": "∼",
            "in": "∈", "to": "→", "rightarrow": "→", "leftarrow": "←", "star": "⋆", "ast": "∗"}
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_MATH_SPAN = re.compile(r"\$([^$]{1,200})\$")


def _math_as_text(title: str) -> str:
    """A title's LaTeX math as the text it typesets to: "$\\ell_p$-Robust" is "ℓp-Robust", as a journal's
    feed writes it, "$\\epsilon$" is "ε"; subscripts, superscripts and font commands are their letters."""
    def symbols(text: str) -> str:
        return _COMMAND.sub(lambda m: _SYMBOLS.get(m[1], m[0]), text) if "\\" in text else text

    def span(m: re.Match[str]) -> str:
        text = re.sub(r"\\(?:math[a-z]*|text[a-z]*|boldsymbol|bm|operatorname)\b", "", m[1])
        return re.sub(r"[_^{}]", "", symbols(text))

    return symbols(_MATH_SPAN.sub(span, title) if "$" in title else title)


def normalize_title(title: str) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive form of a title, its LaTeX symbols as
    Unicode."""
    text = unicodedata.normalize("NFKD", _math_as_text(title))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# Roman numerals that number a part or a sequel ("Part II"); "i" and "v" are too often words or letters.
_ROMAN = {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"}


_NEGATIONS = {"not", "no", "non", "never", "without"}


def _markers(norm: str) -> list[str]:
    """What near-same titles of different papers differ in: a number, glued to a name or not ("Part I" /
    "Part II", "Llama 2" / "Llama 3", "Qwen2" / "Qwen3"), or a negation ("Attention is not Explanation"
    / "Attention is not not Explanation"). A typo or a spelling variant changes neither."""
    words = norm.split()
    return sorted(re.findall(r"\d+", norm) + [w for w in words if w in _ROMAN or w in _NEGATIONS])


# The kind of paper a title declares. "Deep Learning for Anomaly Detection: A Review" and "...: A Survey"
# are two papers (ratio 93.2) as close as one paper's spelling variants ("Generative Adversarial Nets" /
# "Networks", 93.1): no threshold tells them apart, two different declared kinds do.
_KIND = re.compile(r"\b(survey|review|overview|tutorial|benchmark|dataset|primer|perspective)s?\b")


def _kinds(norm: str) -> set[str]:
    return set(_KIND.findall(norm.replace("data set", "dataset")))


def _kinds_differ(a: str, b: str) -> bool:
    """Both titles declare a kind of paper and share none: "A Review" against "A Survey". One kind
    word in common is one paper however the rest reads ("A Benchmark Dataset" / "A Benchmark Data
    Set", "Survey Data" with and without ": A Review"), and a title that adds its kind to the other's
    words (a journal version's ": A Survey") is no conflict."""
    ka, kb = _kinds(a), _kinds(b)
    return bool(ka and kb) and not ka & kb


# Words a title gains or loses between its versions without naming another paper ("Distilling the
# Knowledge", "&" for "and", "vs." for "versus", "through" for "via", a "Towards" dropped), and the names
# of the markup a JSONL title may carry ("<i>", "\emph{...}", "&amp;" left escaped): the normalised title
# keeps them as words.
_FILLER = {"a", "an", "the", "and", "or", "of", "for", "in", "on", "to", "with", "via", "by", "from", "at",
           "as", "is", "are", "vs", "versus", "towards", "toward", "using", "through",
           "em", "strong", "sup", "sub", "emph", "textit", "textbf", "texttt", "amp", "quot", "nbsp"}
# An arXiv title writes its symbols in LaTeX ("$\epsilon$-bounded", "$\ell_\infty$"), a list in Unicode
# ("ε-bounded"): these names and a one-letter word are a symbol either way, not a word of the title.
_MATH = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "varphi", "chi", "psi", "omega",
         "ell", "infty", "mathcal", "mathbf", "mathrm", "mathbb", "boldsymbol"}
# An acronym spells a handful of words; longer words are not tried as one.
_LONGEST_ACRONYM = 8


def _acronym_of(word: str, before: list[str]) -> bool:
    """``word`` shortens the words right before it, each giving it its first letters ("tcav": Testing
    with Concept Activation Vectors, "cace": CAusal Concept Effect, "xai": eXplainable Artificial
    Intelligence): a title's "(TCAV)", which a list often leaves out, names no other paper. An acronym
    is short; a long word is not tried (the splits to try grow with its length)."""
    if len(word) > _LONGEST_ACRONYM:
        return False
    words = [w for w in before if w not in _FILLER]

    def spells(rest: str, ws: list[str]) -> bool:
        if not ws:
            return not rest
        head = ws[0].removeprefix("e") if rest.startswith("x") else ws[0]  # "eXplainable", "eXtreme"
        return any(head.startswith(rest[:n]) and spells(rest[n:], ws[1:])
                   for n in range(1, len(rest) - len(ws) + 2))

    return any(spells(word, words[-k:]) for k in range(2, min(len(word), len(words)) + 1))


# The letters of the words one title has and the other lacks score at least this much when they are one
# word respelled: a plural, a typo, British spelling, "posthoc" / "post hoc", "Nets" / "Networks" (66.7).
# Another word ("Image" / "Text": 22, "Helps" / "Hurts": 40) or a word more ("Graph": 0) scores under.
_RESPELLED = 60.0


def _words(norm: str) -> list[str]:
    """A normalised title's words of letters: "$\\ell_2$" normalises to "ell_2", "ℓ2" to "l2", and both
    are the symbol "ell"/"l" and the number 2, which _markers compares."""
    return re.findall(r"[^\W\d_]+", norm)


def _words_differ(a: str, b: str) -> bool:
    """One normalised title has a word the other has not, nor respells: "Towards Evaluating the
    Robustness of Graph Neural Networks" is not the listed "... of Neural Networks" (94.5). The longer
    the title, the more a whole word is lost in the ratio. Declared kinds are _kinds_differ's."""
    words_a, words_b = _words(a), _words(b)
    left, right = Counter(words_a), Counter(words_b)

    def extra(words: list[str], other: Counter[str]) -> list[str]:
        out, spare = [], Counter(other)
        for i, w in enumerate(words):
            if spare[w]:
                spare[w] -= 1
            elif w not in _FILLER and w not in _MATH and len(w) > 1 and not _acronym_of(w, words[:i]):
                out.append(w)
        return out

    only_a, only_b = extra(words_a, right), extra(words_b, left)
    if all(_KIND.fullmatch(w) for w in only_a + only_b):  # none, or only kinds (": A Survey" added)
        return False
    return fuzz.ratio("".join(only_a), "".join(only_b)) < _RESPELLED


def _told_apart(a: str, b: str) -> bool:
    """Normalised titles that are two papers however close: a number, a negation or a declared kind
    differs, or a word."""
    return _markers(a) != _markers(b) or _kinds_differ(a, b) or _words_differ(a, b)


# Words versions of one title write for one another, as one word for the ratio: "Fooling Partial
# Dependence via / through Data Poisoning" scored 89 and was two papers.
_SAME_WORD = {"through": "via", "versus": "vs", "toward": "towards"}


def _compared(norm: str) -> str:
    """What the ratio compares of a normalised title: its words, one of each pair of words versions
    write for one another."""
    return " ".join(_SAME_WORD.get(w, w) for w in norm.split())


def _near(a: str, b: str) -> bool:
    """Normalised titles of one paper: equal, or a typo/punctuation variant not told apart."""
    return a == b or (min(len(a), len(b)) >= SHORT_TITLE and not _told_apart(a, b)
                      and fuzz.ratio(_compared(a), _compared(b)) >= TITLE_MATCH_THRESHOLD)


# What a later version adds to its title, or drops, without naming another paper: a leading "Towards", a
# closing "(Extended Version)", "- Full Version". At a title's start or end only: "Long-Context
# Transformers" is no version of "Context Transformers". The ratio alone missed them on short titles
# ("Fooling SHAP with Stealthily Biased Sampling (Extended Version)": 84), and a closed paper's journal
# version was proposed again. Not ": A Survey": "Learning from Noisy Labels with Deep Neural Networks"
# and its ": A Survey" are two papers, of other authors and years. Their DOIs say nothing: a journal
# version has a DOI of its own.
_VERSION_NOTE = r"(?:an?\s+)?(?:extended|full|long|journal|conference)\s+(?:version|abstract|paper)"
_DECORATION = re.compile(
    rf"^\s*towards?\s+|\s*[(\[]\s*{_VERSION_NOTE}\s*[)\]]\s*$|\s*[:\u2013\u2014-]\s*{_VERSION_NOTE}\s*$",
    re.IGNORECASE)
# Words a bare title keeps, at least, to name one paper: "Towards Robust Models" is no version of
# "Robust Models".
_BARE_WORDS = 4


def bare_title(title: str) -> str:
    """A title's normalised form without what its versions add ("Towards", "(Extended Version)"); ""
    where too few words are left to name one paper by."""
    text, before = title[:2000], None
    while text != before:
        before, text = text, _DECORATION.sub("", text)
    bare = normalize_title(text)
    return bare if len(_words(bare)) >= _BARE_WORDS else ""


def titles_match(a: str, b: str) -> bool:
    na, nb = normalize_title(a), normalize_title(b)
    if not (na and nb):
        return False
    # Two versions' titles, unless each declares its own kind of paper (": A Review", ": A Survey").
    return _near(na, nb) or (bare_title(a) == bare_title(b) != "" and not _kinds_differ(na, nb))


def paper_key(arxiv_id: str | None = None, doi: str | None = None, title: str = "") -> str:
    """A stable key for a paper: its arXiv id, else its DOI, else its normalised title."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi:
        return f"doi:{doi.lower()}"
    return "title:" + normalize_title(title)


@dataclass
class IdentityIndex:
    """Remembers papers by arXiv id, DOI and title; ``find`` answers "have we seen this one?"."""

    _by_arxiv: dict[str, str] = field(default_factory=dict)
    _by_doi: dict[str, str] = field(default_factory=dict)
    _by_title: dict[str, str] = field(default_factory=dict)
    _arxiv_of: dict[str, str] = field(default_factory=dict)  # key -> its arXiv id
    _by_bare: dict[str, tuple[str, str]] = field(default_factory=dict)  # bare_title -> key, its title
    _by_compared: dict[str, str] = field(default_factory=dict)  # _compared(title) -> normalised title

    def add(self, key: str, arxiv_id: str | None, doi: str | None, title: str) -> None:
        if arxiv_id:
            self._by_arxiv.setdefault(arxiv_id, key)
            self._arxiv_of.setdefault(key, arxiv_id)
        if doi:
            self._by_doi.setdefault(doi.lower(), key)
        norm = normalize_title(title)
        if norm:
            self._by_title.setdefault(norm, key)
            self._by_compared.setdefault(_compared(norm), norm)
        if bare := bare_title(title):
            self._by_bare.setdefault(bare, (key, norm))

    def find(self, arxiv_id: str | None, doi: str | None, title: str) -> str | None:
        if arxiv_id and arxiv_id in self._by_arxiv:
            return self._by_arxiv[arxiv_id]
        if doi and doi.lower() in self._by_doi:
            return self._by_doi[doi.lower()]
        norm = normalize_title(title)
        if not norm:
            return None

        def same(hit: str) -> bool:
            # Two arXiv ids are two papers, and so are titles that differ in a number, a negation or
            # the kind of paper they declare.
            other = self._arxiv_of.get(self._by_title[hit])
            return not (arxiv_id and other and other != arxiv_id) and not _told_apart(hit, norm)

        if norm in self._by_title:
            return self._by_title[norm] if same(norm) else None
        # Another version's title: "Towards X", "X (Extended Version)".
        if (bare := bare_title(title)) and bare in self._by_bare:
            key, known = self._by_bare[bare]
            # Two arXiv ids are two papers; two DOIs are not (a journal version has a DOI of its own).
            other = self._arxiv_of.get(key)
            if not (arxiv_id and other and other != arxiv_id) and not _kinds_differ(known, norm):
                return key
        # Fuzzy fallback catches punctuation/typo variants; short titles need exact matches.
        if len(norm) < SHORT_TITLE:
            return None
        hits = process.extract(_compared(norm), self._by_compared.keys(), scorer=fuzz.ratio,
                               score_cutoff=TITLE_MATCH_THRESHOLD, limit=10)
        # The hits are near by ratio already; a short one matches only exactly, as in _near.
        known = (self._by_compared[h] for h, _, _ in hits)
        return next((self._by_title[h] for h in known if len(h) >= SHORT_TITLE and same(h)), None)
