"""A paper's venue as lists write it. Sources give a venue as the publisher or arXiv's journal_ref
writes it: "Advances in Neural Information Processing Systems 38 (NeurIPS 2025)", "Proceedings of the
42nd International Conference on Machine Learning, PMLR 267:52612-52631, 2025", "Information Fusion 58
(2020) 82-115". Lists write "NeurIPS 2025", "ICML 2025", "Information Fusion 2020": an entry copied the
long form whole, and a list filed by venue found no heading for it. And arXiv's comment field is where
most authors say where a paper was accepted ("Accepted at ICLR 2026"), which journal_ref rarely does.
"""

from __future__ import annotations

import re

_YEAR = r"(?:19|20)\d\d"
# How much of a venue, and of an arXiv comment, is read: more than any real one holds.
MAX_VENUE_TEXT = 500
MAX_COMMENT_TEXT = 2000
# A conference's spelled-out name, without its ordinal and publisher: the acronym lists write for it.
# Only venues whose proceedings name no acronym of their own; "(NeurIPS 2025)" and "(ICST)" are read.
# Whole names only: "European Symposium on Security and Privacy" (EuroS&P), "Asia Conference on Computer
# and Communications Security" (AsiaCCS), "International Conference on Machine Learning and Applications"
# (ICMLA) and "... on Computer Vision Theory and Applications" (VISAPP) are other venues.
_QUALIFIED = r"(?<!european )(?<!euro )(?<!asia )(?<!asian )(?<!pacific-asia )(?<!pacific )(?<!african )"
_NAME_ENDS = r"(?=\s*(?:[,:;.()\[\]]|\d|\b(?:19|20)\d\d|$)|\s+(?:datasets|workshops?|findings|track)\b)"
_SPELLED = [(re.compile(_QUALIFIED + pattern + _NAME_ENDS, re.I), short) for pattern, short in [
    (r"neural information processing systems", "NeurIPS"),
    (r"international conference on machine learning", "ICML"),
    (r"international conference on learning representations", "ICLR"),
    (r"annual meeting of the association for computational linguistics", "ACL"),
    (r"north american chapter of the association for computational linguistics", "NAACL"),
    (r"european chapter of the association for computational linguistics", "EACL"),
    (r"empirical methods in natural language processing", "EMNLP"),
    (r"conference on computer vision and pattern recognition", "CVPR"),
    (r"international conference on computer vision", "ICCV"),
    (r"european conference on computer vision", "ECCV"),
    (r"aaai conference on artificial intelligence", "AAAI"),
    (r"international joint conference on artificial intelligence", "IJCAI"),
    (r"international conference on artificial intelligence and statistics", "AISTATS"),
    (r"conference on uncertainty in artificial intelligence", "UAI"),
    (r"sigkdd (?:international )?conference on knowledge discovery (?:and|&) data mining", "KDD"),
    (r"usenix security symposium", "USENIX Security"),
    (r"symposium on security and privacy", "S&P"),
    (r"conference on computer and communications security", "CCS"),
    (r"network and distributed system security", "NDSS"),
    (r"conference on fairness, accountability,? and transparency", "FAccT"),
    (r"conference on ai, ethics,? and society", "AIES"),
    (r"transactions on machine learning research", "TMLR"),
]]
# A conference's name, as opposed to a journal's: a list writes the first by its acronym, the second
# in full ("Information Fusion", "IEEE Transactions on ...").
_CONFERENCE = re.compile(r"\b(?:proceedings|conference|symposium|workshops?|meeting|congress)\b",
                         re.I)
# "(NeurIPS 2025)", "(ICST2023)", "(ISSTA) 2022", "(IEEE AITest 2019)": the acronym the name is known by.
_ACRONYM = re.compile(rf"\((?:(?:IEEE|ACM|IEEE/CVF)\s+)?"
                      rf"(?P<acronym>(?:[A-Z]+\s)?[A-Za-z]*[A-Z][A-Za-z&-]*[A-Z][A-Za-z&-]*)(?:[\s'’-]*(?P<year>{_YEAR}|(?<=['’\s-])\d\d))?\)")
# Findings as the ACL Anthology writes them: "Findings of the Association for Computational
# Linguistics: EMNLP 2025", "Findings of the Association for Computational Linguistics (ACL 2024)".
_FINDINGS = re.compile(rf"findings of the association for computational linguistics\W+"
                       rf"(?P<venue>[A-Z]+)(?:\W+(?P<year>{_YEAR}))?", re.I)
# A track that is a venue of its own, kept beside the acronym: "... (NeurIPS 2023) Datasets and
# Benchmarks Track" is not the main conference.
_TRACK = re.compile(r"\bdatasets and benchmarks\b", re.I)
# What follows a journal's name in a reference: volume, issue, pages, article number ("58 (2020)
# 82-115", ", vol. 19, pp. 1-12", "2, 476-486", ", 12345").
_DETAIL = re.compile(rf"(?:[\s,:;]+(?:vol(?:ume)?\.?|no\.?|pp?\.|issue|art(?:icle)?\.?(?: no\.?)?)?\s*"
                     rf"(?!{_YEAR}\b)\d[\d():–-]*)+\s*(?=[(,;.]|{_YEAR}\b|$)", re.I)
_PAGES = re.compile(r"[\s,.;]*\(?\b(?:pp?\.|pages?)\s*\d+\s*[-–]+\s*\d+\)?", re.I)
# After a venue's name in a reference: its volume or series ("Volume 1: Long Papers", "Lecture Notes in
# Computer Science"), or a place ("Seattle, WA, USA", "Vienna"): capitalised words, up to three.
_PROCEEDINGS_PART = re.compile(
    r"\s*(?:vol(?:ume)?\.?\s*\d|lecture notes\b|lncs\b|proceedings\b|pp?\.|pages?\b)", re.IGNORECASE)
_PLACE = re.compile(r"\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}\s*")
# Where a place ends: a country, or a state's two capitals ("Seattle, WA, USA", "Paris, France").
_COUNTRY = re.compile(
    r"\s*(?:[A-Z]{2}|U\.?S\.?A?\.?|U\.?K\.?|UAE|Canada|China|France|Germany|Austria|Japan|(?:South )?Korea|"
    r"Singapore|Italy|Spain|Portugal|Australia|India|Israel|Brazil|Mexico|Switzerland|(?:The )?Netherlands|"
    r"Belgium|Sweden|Denmark|Norway|Finland|Ireland|Greece|Turkey|T[üu]rkiye|Thailand|Vietnam|Hong Kong|"
    r"Taiwan|Poland|Czech Republic|Czechia|Hungary|Croatia|Chile|Argentina|New Zealand|South Africa|Egypt|"
    r"Online|Virtual)\s*")


def _without_place(text: str, name_end: int) -> str:
    """``text`` up to the comma after which its proceedings' details begin (``name_end``: where the
    venue's name is known to run at least): a volume or series, or a place, which is capitalised words to
    the end, the last a country or a state ("Miami, Florida, USA"). A workshop's name keeps its commas:
    "... on Safety, Fairness, Privacy, and Ethics", "... on Vision, Language, Reasoning"."""
    parts = text[name_end:].split(",")
    for i, part in enumerate(parts[1:], 1):
        rest = parts[i:]
        if _PROCEEDINGS_PART.match(part) or (all(_PLACE.fullmatch(p) for p in rest)
                                             and _COUNTRY.fullmatch(rest[-1])):
            parts = parts[:i]
            break
    return (text[:name_end] + ",".join(parts)).strip(" ,.;")
_PROCEEDINGS_OF = re.compile(r"^(?:in\s+)?proceedings\s+of\s+(?:the\s+)?", re.I)
# Not a venue yet: a paper submitted or under review is a preprint.
_NOT_YET = re.compile(r"^\W*(?:submitted|under (?:review|submission)|in submission|in review|preprint)\b",
                      re.I)
# NeurIPS's "D&B" track, as authors abbreviate it ("NeurIPS 2024 D&B Track").
_DB_TRACK = re.compile(r"\bD\s*&\s*B\b")


def _spelled_tracks(text: str) -> str:
    """``text`` with NeurIPS's "D&B" spelled as lists spell it, where it names NeurIPS or a track:
    "Journal of D&B Research" is a journal's name."""
    if not re.search(r"neurips|\btrack\b", text, re.IGNORECASE):
        return text
    return _DB_TRACK.sub("Datasets and Benchmarks", text)


def conventional_venue(text: str) -> str:
    """``text`` as lists write a venue: a conference by its acronym and year, a journal by its name and
    year, without volume, issue and pages; a venue already short ("ICLR 2026", "ACL 2025 Findings",
    "ICML 2025 Workshop on X") as it is. "" for a paper only submitted or under review."""
    # Capped first: venues are short, and some patterns below take time of the square of the length
    # (a JSONL "venue" of ", " 8,000 times took 12 s).
    text = _spelled_tracks(" ".join(text[:MAX_VENUE_TEXT].split()))
    if _NOT_YET.search(text):
        return ""
    if m := re.match(r"(?P<acronym>[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\s*['’](?P<yy>\d\d)\s*:", text):
        return f"{m['acronym']} 20{m['yy']}"  # "KDD '24: Proceedings of the 30th ACM SIGKDD Conference ..."
    if re.match(r"(?i:arxiv|corr)\b", text):
        return "arXiv"  # "arXiv preprint arXiv:2401.12345", as BibTeX and Google Scholar give it
    bare = _PROCEEDINGS_OF.sub("", text)
    if bare != text and re.fullmatch(rf"(?!IEEE\b)[A-Za-z]*[A-Z][A-Za-z&]*[A-Z]\S*\s+{_YEAR}", bare):
        text = bare  # "Proceedings of AAAI 2026"; not "Proceedings of the IEEE", a journal
    text = re.sub(rf"\s*\(({_YEAR})\)$", r" \1", text)  # "TMLR (2025)"
    named = re.match(rf"[A-Za-z]*[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*(?:\s+{_YEAR}|\s*['’]\d\d)\s+(?i:workshops?|"
                     rf"findings|datasets|tiny|demo|industry|position|student|tutorials?)\b", text)
    if named:
        # Named by its acronym and year already: "ICML 2024 Workshop on ... (TiFA)". The pages, what
        # follows them ("EMNLP 2024 Demo, pages 100-110, Miami"), and a place, volume or series after the
        # name are the proceedings'; a workshop's name may hold commas ("... on Theoretic Foundation,
        # Criticism, and Application Trend of Explainable AI").
        if pages := _PAGES.search(text):
            text = text[: pages.start()]
        return _without_place(text, named.end())
    if len(text.split()) <= 4 and not re.search(r"\d[\d():–-]*\d", _without_years(text)):
        return text  # already short: "ICLR 2026", "NeurIPS 2025 (Oral)"
    if m := _FINDINGS.search(text):
        return " ".join(filter(None, ["Findings of", m["venue"], m["year"] or _last_year(text)]))
    # The acronym the name gives in brackets first: "... Symposium on Security and Privacy (EuroS&P)".
    acronym = _ACRONYM.search(text) if _CONFERENCE.search(text) else None
    short = acronym["acronym"].rstrip("-") if acronym else known_acronym(text)  # "(AAAI-24)"
    short = _IEEE_ACRONYMS.get(short, short)
    if short:
        year = _full_year(acronym["year"]) if acronym and acronym["year"] else _last_year(text)
        if not year and (yy := re.search(r"\([^()]*?\s['’]?(\d\d)\)", text)):
            year = _full_year(yy[1])  # "(USENIX Security 24)"
        year = year or _edition_year(short, text)
        # A track is a venue of its own: "... (NeurIPS 2023) Datasets and Benchmarks Track", a workshop
        # "at the Annual Meeting of the ACL"; an acronym that names the workshop ("ICSTW") says it already.
        workshop = re.search(r"\bworkshops?\b", text, re.I) and not re.search(r"W$|workshop", short, re.I)
        track = "Datasets and Benchmarks" if _TRACK.search(text) else "Workshop" if workshop else ""
        return " ".join(filter(None, [short, year, track]))
    if _CONFERENCE.search(re.sub(r"^(?:in\s+)?proceedings\b", "", text, flags=re.I)):
        # A conference with no acronym known: its name as given, without its pages. ("Proceedings of the
        # IEEE 112 (2024)" is a journal's name.)
        return _PAGES.sub("", text).strip(" ,.;") or text
    if _DETAIL.search(text):
        return _journal(text)
    return text


# The year of a conference's first edition, less one: "The Twelfth International Conference on Learning
# Representations" (OpenReview's booktitle) is ICLR 2024, "Proceedings of the 40th International
# Conference on Machine Learning" ICML 2023, "Advances in Neural Information Processing Systems 36" (the
# volume, one less than the edition) NeurIPS 2023.
_FIRST_EDITION = {"ICLR": 2012, "ICML": 1983, "NeurIPS": 1986, "ACL": 1962, "AAAI": 1986, "IJCAI": 1968,
                  "EMNLP": 1995, "NAACL": 1999, "AISTATS": 1996, "UAI": 1984, "KDD": 1994,
                  "USENIX Security": 1990}
_ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENTHS = {word[:-1] + "ieth": n for word, n in _TENS.items()}  # "twentieth", "thirtieth"
_ORDINAL_WORDS = re.compile(rf"\b(?:(?P<tens>{'|'.join(_TENS)})[- ])?"
                            rf"(?P<unit>{'|'.join([*_ORDINALS, *_TENTHS])})\b", re.I)


def _edition_year(short: str, text: str) -> str:
    """The year a known conference's edition number gives ("40th", "Twelfth", NeurIPS's volume "36"),
    "" where it gives none."""
    if short not in _FIRST_EDITION:
        return ""
    number = 0
    if m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)\b", text):
        number = int(m[1])
    elif m := _ORDINAL_WORDS.search(text):
        tens, unit = (m["tens"] or "").lower(), m["unit"].lower()
        number = _TENS.get(tens, 0) + _ORDINALS.get(unit, 0) + _TENTHS.get(unit, 0)
    elif short == "NeurIPS" and (m := re.search(r"processing systems\s+(\d{1,2})\b", text, re.I)):
        number = int(m[1]) + 1  # the volume
    return str(_FIRST_EDITION[short] + number) if number else ""


def known_acronym(text: str) -> str:
    """The acronym lists write for a venue spelled out in ``text`` ("... Annual Meeting of the
    Association for Computational Linguistics ...": "ACL"), or "" where it names none known."""
    return next((short for pattern, short in _SPELLED if pattern.search(text)), "")


def _journal(text: str) -> str:
    """"Information Fusion 58 (2020) 82-115" -> "Information Fusion 2020"."""
    name = re.split(r"\s*[,(]|\s+\d", _DETAIL.sub(" ", text), maxsplit=1)[0].strip(" ,:;")
    if not name or name == text:
        return text
    year = _last_year(text)
    return f"{name} {year}" if year else name


# Acronyms IEEE Xplore writes in brackets for venues lists name otherwise: "Symposium on Security and
# Privacy (SP)" is S&P, "(CVPRW)" CVPR's workshops.
_IEEE_ACRONYMS = {"SP": "S&P", "EuroSP": "EuroS&P", "CVPRW": "CVPR Workshops", "ICCVW": "ICCV Workshops",
                  "WACVW": "WACV Workshops", "ICASSPW": "ICASSP Workshops"}


def _full_year(year: str) -> str:
    return year if len(year) == 4 else f"20{year}"


def _last_year(text: str) -> str:
    years = re.findall(rf"(?<![\d:–-]){_YEAR}(?![\d–-])", text)
    return years[-1] if years else ""


def _without_years(text: str) -> str:
    return re.sub(rf"(?<!\d){_YEAR}(?!\d)", "", text)


# Where a comment says a paper was accepted: "Accepted at ICLR 2026", "To appear in the Proceedings of
# AAAI 2026", "Published in TMLR", "Accepted as a spotlight to NeurIPS 2025", "In Proceedings of ...".
_ACCEPTED = re.compile(
    r"(?:\b(?:accepted|to appear|will appear|appears?|appearing|published|presented"
    r"|camera[- ]ready(?: version)?)"
    r"(?:\s+(?:as|for)\s+(?:an?\s+)?(?P<role>[\w-]+(?:\s+[\w-]+)?))?"
    r"\s+(?:at|in|to|by|for|on)\s+|(?:^|[,;.]\s*)in\s+(?=proceedings\b))(?:the\s+)?(?P<venue>.+)", re.I)
# Where the venue's name ends in a comment: a sentence's end, its page and figure counts, what it says
# next ("and will be presented in ..."), a journal's volume.
_COMMENT_END = re.compile(r"(?:;|,\s*\d+\s*(?:pages?|figures?|tables?)\b|\s+-{1,2}\s|\s+\||"
                          r"\s+and\s+(?:will|is|was|has)\b|,\s*vol\b|\s+with\s+(?-i:(?![A-Z]))).*", re.I)
# A full stop in a journal's abbreviated name ("Phys. Rev. D", "Proc. Natl. Acad. Sci. USA"): one after
# a capitalised word of up to ten letters, before another such abbreviation, a capital alone, or a
# closing acronym; "Track. We release the data" ends its sentence.
_ABBREVIATED = re.compile(r"(?-i:\b[A-Z][a-z]{0,9}\.\s+(?=[A-Z][a-z]{0,9}\.|[A-Z]\b(?!\.\s+\S)|[A-Z]{2,4}$))")


def _sentence(text: str) -> str:
    """``text`` up to the end of its first sentence: a full stop before a space or the end, unless it
    is one of an abbreviated name's."""
    for m in re.finditer(r"\.(?:\s|$)", text):
        word = max(0, text.rfind(" ", 0, m.start()) + 1)
        last = re.fullmatch(r"[A-Z][a-z]{0,9}", text[word : m.start()])
        if m.end() == len(text) and ". " in text[:word] and last:
            return text  # "Phys. Rev. Lett.": its last abbreviation's full stop
        if not _ABBREVIATED.match(text, word):
            return text[: m.start()]
    return text


# A comment that says a paper is not (yet) accepted, or is another version of one that was.
_NOT_ACCEPTED = re.compile(r"\b(?:submitted|under review|in submission|under submission|extended version|"
                           r"in principle|"
                           r"extension of|rejected|withdrawn|in review|preprint of)\b", re.I)
# What a venue's name is not: "accepted in principle", "published in the journal's next issue".
# "ICLR", "Nature Communications", "Phys. Rev. D", "Interspeech 2025".
_NAMES_A_VENUE = re.compile(r"(?-i:[A-Z][A-Za-z&]*[A-Z]|\b[A-Z][a-z]+\.?\s+[A-Z]|^[A-Z][a-z]{4,}$"
                            r"|\b[A-Z][a-z]+\s+(?:19|20)\d\d\b)|\b(?:conference|journal|transactions|proceedings|"
                            r"symposium|workshop)\b", re.I)
# A place, not a venue: "Accepted at Google Research", "Presented at New York University".
_INSTITUTION = re.compile(r"\b(?:(?:google|microsoft|meta|ibm|amazon|apple|nvidia|adobe|samsung|intel|baidu|"
                          r"alibaba|tencent|huawei|bytedance)(?:\s+ai)?\s+research|institute|university|"
                          r"universit[éä]t|lab|labs|laboratory|inc|corp|"
                          r"company|group|center|centre|college|school|foundation)\.?$",
                          re.I)
# Where code, data or a talk went, not a paper: "Code published at GitHub", "Presented at the MIT AI Lab
# seminar".
_NO_VENUE = re.compile(r"^(?:github|gitlab|zenodo|hugging\s*face|kaggle|youtube|our\b)"
                       r"|\b(?:repository|website|blog|seminar|colloquium|lecture|meetup|talk series)\b",
                       re.I)
# Words before the venue's name that are none of it: "Accepted to appear in", "a NeurIPS workshop",
# "the main conference of ACL 2024".
_LEAD_WORDS = re.compile(r"^(?:(?:appear|be\s+(?:published|presented))\s+(?:at|in)\s+|an?\s+|the\s+|"
                         r"main\s+(?:conference|track)\s+(?:of|at)\s+)+", re.I)
# A track a comment gives the paper ("as a workshop paper", "(Datasets and Benchmarks Track)"): a
# venue of its own, kept.
_ROLE_TRACK = re.compile(r"\b(workshop|tiny papers?|findings|datasets and benchmarks|position|demo|"
                         r"industry)\b", re.I)


# A comment that opens with the venue: "CVPR 2025 Highlight", "ICLR 2026. Code: ...", "EMNLP 2025 Findings",
# "NeurIPS 2024 (Datasets and Benchmarks Track)".
_LEADING_VENUE = re.compile(
    rf"(?P<venue>(?:[A-Z][A-Za-z&]*\s+)?[A-Za-z]*[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*(?:\s*['’]\d\d|\s+{_YEAR})"
    r"(?:\s+(?i:findings|tiny papers?(?: track)?|datasets and benchmarks(?: track)?"
    r"|workshop(?:\s+on\s+[^.;()]+)?))?"
    rf"|(?i:findings of (?:the )?)[A-Z]+\s+{_YEAR})"
    r"(?:\s*\((?P<track>(?i:[^()]*\b(?:findings|workshop|datasets|benchmarks|"
    r"tiny papers?)\b[^()]*))\))?"
    r"(?:\s+(?i:oral|spotlight|poster|highlight|camera[- ]ready|main conference))?"
    r"\s*(?:[.,;(]|$)")


def _track_name(words: str) -> str:
    """A track as lists write it: "workshop" is "Workshop", "tiny paper" "Tiny Papers"."""
    key = words.lower()
    return {"tiny paper": "Tiny Papers", "tiny papers": "Tiny Papers",
            "datasets and benchmarks": "Datasets and Benchmarks"}.get(key, words.title())


def accepted_venue(comment: str) -> str:
    """The venue an arXiv comment says the paper was accepted at ("Accepted at ICLR 2026 (Oral)." ->
    "ICLR 2026"), as lists write it; "" where it names none, or says the paper is only submitted."""
    comment = _spelled_tracks(" ".join(comment[:MAX_COMMENT_TEXT].split()))
    if lead := _LEADING_VENUE.match(comment):
        # "ICLR 2025 (under review)" and "NeurIPS 2025. Under review" are submissions; "ECCV 2024.
        # Extended version of ..." and "... An earlier version was rejected from ..." are not.
        first = re.split(r"\.\s|;", comment, maxsplit=1)
        if _NOT_ACCEPTED.search(first[0]) or (len(first) > 1 and _NOT_YET.match(first[1])):
            return ""
        track = _ROLE_TRACK.search(lead["track"] or "")
        return conventional_venue(f"{lead['venue']} {_track_name(track[1])}" if track else lead["venue"])
    m = _ACCEPTED.search(comment)
    if not m:
        return ""
    venue = _COMMENT_END.sub("", _sentence(m["venue"])).strip(" ,:;!")
    # Only what comes before the venue's end may take it back: "Accepted to ICML 2025. Extended version
    # with appendix" is accepted.
    if _NOT_ACCEPTED.search(comment[: m.start("venue") + len(venue)]):
        return ""
    venue = _LEAD_WORDS.sub("", venue)
    role = m["role"] or ""
    if late := re.search(r"\s+as\s+(?:an?\s+)?(?P<role>(?:datasets and benchmarks\s+|[\w-]+\s+)?"
                         r"(?:paper|presentation|talk|poster|spotlight|oral|abstract))$", venue, re.I):
        venue, role = venue[: late.start()], late["role"]  # "Accepted to ICLR 2025 as a workshop paper"
    if of := re.match(r"(?:the\s+)?(?P<track>datasets and benchmarks|industry|findings|position(?: papers?)?|"
                      r"demo(?:nstrations?)?|student(?: research)?|tiny papers?|main)\s+track\s+(?:of|at)\s+"
                      r"(?:the\s+)?(?P<venue>.+)$", venue, re.I):
        venue, role = of["venue"], of["track"]  # "the Datasets and Benchmarks track of NeurIPS 2024"
    track = _ROLE_TRACK.search(role) or _ROLE_TRACK.search(" ".join(re.findall(r"\(([^()]*)\)", venue)))
    venue = re.sub(r"\s*\((?:oral|spotlight|poster|highlight|main(?: conference| track)?|"
                   r"[^()]*\b(?:findings|workshop|datasets|benchmarks|track)\b)[^()]*\)$", "", venue,
                   flags=re.I)
    venue = re.sub(r"\s+(?:as\s+)?(?:an?\s+)?(?:oral|spotlight|poster|highlight)\b.*$", "", venue, flags=re.I)
    venue = re.sub(r"\s+(?:main\s+(?:conference|track)|conference)$", "", venue, flags=re.I)
    venue = re.sub(r"\s*\(non-archival\)", "", venue, flags=re.I)
    if (not venue or len(venue) > 200 or not _NAMES_A_VENUE.search(venue) or _INSTITUTION.search(venue)
            or _NO_VENUE.search(venue)):
        return ""
    if track and not _ROLE_TRACK.search(venue):
        venue = f"{venue} {_track_name(track[1])}"  # "ICLR 2025 Workshop", "EMNLP 2024 Findings"
    return conventional_venue(venue)


__all__ = ["accepted_venue", "conventional_venue", "known_acronym"]
