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
# A conference's spelled-out name, without its ordinal and publisher: the acronym lists write for it.
# Only venues whose proceedings name no acronym of their own; "(NeurIPS 2025)" and "(ICST)" are read.
_SPELLED = [(re.compile(pattern, re.I), short) for pattern, short in [
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
    (r"knowledge discovery and data mining", "KDD"),
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
_CONFERENCE = re.compile(r"\b(?:proceedings|conference|symposium|workshops?|meeting|congress|advances in)\b",
                         re.I)
# "(NeurIPS 2025)", "(ICST2023)", "(ISSTA) 2022", "(IEEE AITest 2019)": the acronym the name is known by.
_ACRONYM = re.compile(rf"\((?:[A-Z][\w/&-]*\s+)?(?P<acronym>[A-Za-z]*[A-Z][A-Za-z&-]*[A-Z][A-Za-z&-]*)"
                      rf"(?:[\s'’-]*(?P<year>{_YEAR}))?\)")
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
_PROCEEDINGS_OF = re.compile(r"^(?:in\s+)?proceedings\s+of\s+(?:the\s+)?", re.I)
# Not a venue yet: a paper submitted or under review is a preprint.
_NOT_YET = re.compile(r"^\W*(?:submitted|under (?:review|submission)|in submission|in review|preprint)\b",
                      re.I)


def conventional_venue(text: str) -> str:
    """``text`` as lists write a venue: a conference by its acronym and year, a journal by its name and
    year, without volume, issue and pages; a venue already short ("ICLR 2026", "ACL 2025 Findings",
    "ICML 2025 Workshop on X") as it is. "" for a paper only submitted or under review."""
    text = " ".join(text.split())
    if _NOT_YET.search(text):
        return ""
    bare = _PROCEEDINGS_OF.sub("", text)
    if bare != text and _last_year(bare) and len(bare.split()) <= 4:
        text = bare  # "Proceedings of AAAI 2026"; not "Proceedings of the IEEE", a journal
    if len(text.split()) <= 4 and not re.search(r"\d[\d():–-]*\d", _without_years(text)):
        return text  # already short: "ICLR 2026", "NeurIPS 2025 (Oral)"
    if m := _FINDINGS.search(text):
        return " ".join(filter(None, ["Findings of", m["venue"], m["year"] or _last_year(text)]))
    short = known_acronym(text)
    acronym = _ACRONYM.search(text) if _CONFERENCE.search(text) else None
    if acronym and not short:
        short = acronym["acronym"]
    if short:
        year = acronym["year"] if acronym and acronym["year"] else _last_year(text)
        # A track is a venue of its own: "... (NeurIPS 2023) Datasets and Benchmarks Track", a workshop
        # "at the Annual Meeting of the ACL"; an acronym that names the workshop ("ICSTW") says it already.
        track = ("Datasets and Benchmarks" if _TRACK.search(text) else
                 "Workshop" if re.search(r"\bworkshops?\b", text, re.I) and not short.endswith("W") else "")
        return " ".join(filter(None, [short, year, track]))
    if _CONFERENCE.search(text):
        # A conference with no acronym known: its name as given, without its pages.
        return _PAGES.sub("", text).strip(" ,.;") or text
    if _DETAIL.search(text):
        return _journal(text)
    return text


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
    r"(?:\s+(?:as|for)\s+(?:an?\s+)?[\w-]+(?:\s+(?:paper|presentation|talk))?)?"
    r"\s+(?:at|in|to|by|for|on)\s+|(?:^|[,;.]\s*)in\s+(?=proceedings\b))(?:the\s+)?(?P<venue>.+)", re.I)
# Where the venue's name ends in a comment: a sentence's end, or its page and figure counts.
_COMMENT_END = re.compile(r"(?:\.(?:\s|$)|;|,\s*\d+\s*(?:pages?|figures?|tables?)\b|\s+-{1,2}\s|\s+\|).*",
                          re.I)
# A comment that says a paper is not (yet) accepted, or is another version of one that was.
_NOT_ACCEPTED = re.compile(r"\b(?:submitted|under review|in submission|under submission|extended version|"
                           r"extension of|rejected|withdrawn)\b", re.I)
# What a venue's name is not: "accepted in principle", "published in the journal's next issue".
_NAMES_A_VENUE = re.compile(r"(?-i:[A-Z][A-Za-z&]*[A-Z])|\b(?:conference|journal|transactions|proceedings|"
                            r"symposium|workshop)\b", re.I)


# A comment that opens with the venue: "CVPR 2025 Highlight", "ICLR 2026. Code: ...", "EMNLP 2025 Findings".
_LEADING_VENUE = re.compile(
    rf"(?P<venue>(?:[A-Z][A-Za-z&]*\s+)?[A-Za-z]*[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*(?:\s*['’]\d\d|\s+{_YEAR})"
    r"(?:\s+(?i:findings|workshop))?)"
    r"(?:\s+(?i:oral|spotlight|poster|highlight|camera[- ]ready|main conference))?"
    r"\s*(?:[.,;(]|$)")


def accepted_venue(comment: str) -> str:
    """The venue an arXiv comment says the paper was accepted at ("Accepted at ICLR 2026 (Oral)." ->
    "ICLR 2026"), as lists write it; "" where it names none, or says the paper is only submitted."""
    comment = " ".join(comment.split())
    if lead := _LEADING_VENUE.match(comment):
        return conventional_venue(lead["venue"])
    m = _ACCEPTED.search(comment)
    if not m or _NOT_ACCEPTED.search(comment[: m.end("venue")]):
        return ""
    venue = _COMMENT_END.sub("", m["venue"]).strip(" ,:;!")
    venue = re.sub(r"\s*\((?:oral|spotlight|poster|highlight|main(?: conference| track)?)[^()]*\)$", "",
                   venue, flags=re.I)
    venue = re.sub(r"\s+(?:as\s+)?(?:an?\s+)?(?:oral|spotlight|poster|highlight)\b.*$", "", venue, flags=re.I)
    venue = re.sub(r"\s+(?:main\s+(?:conference|track)|conference)$", "", venue, flags=re.I)
    if not venue or len(venue) > 200 or not _NAMES_A_VENUE.search(venue):
        return ""
    return conventional_venue(venue)


__all__ = ["accepted_venue", "conventional_venue", "known_acronym"]
