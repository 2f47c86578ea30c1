"""A loopback arXiv query API: real recorded responses plus generated pages in the same Atom format.

Usage::

    from servers.arxiv_server import ArxivServer, make_entries

    entries = make_entries(30, newest=datetime(2024, 1, 20, tzinfo=UTC), categories=["cs.LG"])
    with ArxivServer(papers=entries, recordings=RECORDINGS_DIR) as srv:
        config.sources.arxiv.base_url = srv.url          # http://127.0.0.1:PORT/api/query
        srv.fail(status=503, times=2)                     # the next two requests answer 503
        srv.fail(empty=True, when=lambda p: p["start"] != "0")   # an empty page mid-pagination
        ...
        srv.requests                                      # every request: .params has search_query, start...

Answers, in order: a pending fault whose ``when(params)`` holds; a recording (``recordings``: a folder of
JSON files with url, status_code, body, as in ../shared/data/arxiv-api) whose query parameters equal the
request's; otherwise a page generated from ``papers``, filtered by ``search_query`` (``cat:X``,
``all:"term"``/``all:term``, ``ti:``, ``abs:``, joined by OR / AND), sorted by ``sortBy`` (submittedDate or
lastUpdatedDate; relevance keeps the given order) and sliced by ``start``/``max_results``.

Faults (``fail``): ``status`` (answer that HTTP status), ``sleep`` (seconds before answering: a hung
server), ``body`` (raw bytes, e.g. malformed XML), ``headers`` (sent with a ``status``, e.g.
``{"Retry-After": "5"}`` as a rate limit answers), ``empty`` (a valid feed with no entries, what arXiv
sporadically returns mid-pagination). ``times`` bounds how often it fires (None: forever).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from . import LoopbackServer, SeenRequest, send

ATOM = "application/atom+xml; charset=utf-8"
_RECORD_KEYS = ("search_query", "id_list", "sortBy", "sortOrder", "start", "max_results")


@dataclass
class ArxivEntry:
    """One arXiv paper as the API describes it."""

    arxiv_id: str
    title: str
    summary: str
    authors: list[str]
    categories: list[str]
    published: datetime
    updated: datetime | None = None
    version: int = 1
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    def to_xml(self) -> str:
        vid = f"{self.arxiv_id}v{self.version}"
        updated = self.updated or self.published
        parts = [
            "  <entry>",
            f"    <id>http://arxiv.org/abs/{vid}</id>",
            f"    <title>{escape(self.title)}</title>",
            f"    <updated>{_ts(updated)}</updated>",
            f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
            f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" '
            'title="pdf"/>',
            f"    <summary>{escape(self.summary)}</summary>",
        ]
        parts += [f'    <category term="{escape(c)}" scheme="http://arxiv.org/schemas/atom"/>'
                  for c in self.categories]
        parts.append(f"    <published>{_ts(self.published)}</published>")
        if self.comment:
            parts.append(f"    <arxiv:comment>{escape(self.comment)}</arxiv:comment>")
        if self.categories:
            parts.append(f'    <arxiv:primary_category term="{escape(self.categories[0])}"/>')
        if self.journal_ref:
            parts.append(f"    <arxiv:journal_ref>{escape(self.journal_ref)}</arxiv:journal_ref>")
        parts += [f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in self.authors]
        if self.doi:
            parts.append(f"    <arxiv:doi>{escape(self.doi)}</arxiv:doi>")
            parts.append(f'    <link rel="related" href="https://doi.org/{escape(self.doi)}" title="doi"/>')
        parts.append("  </entry>")
        return "\n".join(parts)

    def text(self) -> dict[str, str]:
        return {"ti": self.title, "abs": self.summary, "au": " ".join(self.authors),
                "cat": " ".join(self.categories)}


def _ts(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_xml(entries: list[ArxivEntry], total: int, start: int, per_page: int, query: str = "") -> bytes:
    """A page of results exactly as the API frames it (opensearch header, then entries)."""
    head = f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" \
xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/loopback</id>
  <title>arXiv Query: search_query={escape(query)}&amp;id_list=&amp;start={start}\
&amp;max_results={per_page}</title>
  <updated>{_ts(datetime.now(UTC))}</updated>
  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
"""
    return (head + "\n".join(e.to_xml() for e in entries) + "\n</feed>\n").encode("utf-8")


_TOPICS = ["adversarial examples", "saliency maps", "feature attribution", "backdoor attacks",
           "membership inference", "model stealing", "counterfactual explanations", "certified robustness",
           "concept activation vectors", "data poisoning", "prompt injection", "diffusion models"]
_VERBS = ["Rethinking", "Towards", "On the Robustness of", "Understanding", "Attacking", "Defending",
          "Benchmarking", "Scaling"]
_NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Yann Lecun", "Fei-Fei Li", "Geoffrey Hinton",
          "Yoshua Bengio", "Daphne Koller", "Judea Pearl", "Cynthia Dwork", "Shafi Goldwasser",
          "Ian Goodfellow"]


def make_entries(n: int, newest: datetime | None = None, step: timedelta = timedelta(hours=7),
                 categories: list[str] | None = None, seed: int = 0,
                 first_number: int = 1) -> list[ArxivEntry]:
    """``n`` realistic entries, newest first, ``step`` apart in submission time; ids 2401.000NN."""
    rng = random.Random(seed)
    newest = newest or datetime(2024, 1, 20, 12, 0, tzinfo=UTC)
    cats_pool = categories or ["cs.LG", "cs.CV", "cs.CR", "cs.AI", "stat.ML"]
    out = []
    for i in range(n):
        topic, other = rng.sample(_TOPICS, 2)
        published = newest - step * i
        number = first_number + i
        cats = [cats_pool[i % len(cats_pool)]] + rng.sample(cats_pool, min(1, len(cats_pool)))
        out.append(ArxivEntry(
            arxiv_id=f"{published:%y%m}.{number:05d}",
            title=f"{rng.choice(_VERBS)} {topic.title()} via {other.title()} ({number})",
            summary=(f"We study {topic} in deep networks and relate it to {other}. "
                     f"Experiments on {rng.choice(['CIFAR-10', 'ImageNet', 'MNIST', 'GLUE'])} show "
                     f"{rng.randint(2, 40)}% gains.\n  Code is available."),
            authors=rng.sample(_NAMES, rng.randint(1, 4)),
            categories=list(dict.fromkeys(cats)),
            published=published,
            updated=published + timedelta(days=rng.choice([0, 0, 3])),
            version=rng.choice([1, 1, 2]),
            doi=f"10.1000/test.{number}" if number % 5 == 0 else None,
            journal_ref=f"Proc. Loopback Conf. {published.year}" if number % 5 == 0 else None,
        ))
    return out


# -- query matching ------------------------------------------------------------------------------

_ATOM_RE = re.compile(r'(\w+):(?:"([^"]*)"|(\S+))')


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _atom_matches(atom: str, entry: ArxivEntry) -> bool:
    m = _ATOM_RE.fullmatch(atom.strip().strip("()"))
    if not m:
        return False
    field_name, value = m.group(1), (m.group(2) or m.group(3) or "").lower()
    texts = entry.text()
    if field_name == "cat":
        return value in (c.lower() for c in entry.categories)
    haystack = " ".join(texts.values()) if field_name == "all" else texts.get(field_name, "")
    if field_name == "ti":
        # arXiv's index reads words: a title phrase matches whatever punctuation the title has.
        return f" {_words(value)} " in f" {_words(haystack)} "
    return value in haystack.lower()


def matches(query: str, entry: ArxivEntry) -> bool:
    """``A OR B AND C`` with AND binding tighter; parentheses are ignored (enough for litbot's queries)."""
    query = query.replace("(", " ").replace(")", " ")
    return any(all(_atom_matches(a, entry) for a in re.split(r"\s+AND\s+", alt) if a.strip())
               for alt in re.split(r"\s+OR\s+", query) if alt.strip())


@dataclass
class Fault:
    status: int | None = None
    sleep: float = 0.0
    body: bytes | None = None
    empty: bool = False
    times: int | None = 1
    when: Callable[[dict[str, str]], bool] | None = None
    fired: int = 0
    headers: dict[str, str] | None = None


@dataclass
class _Recording:
    status: int
    body: bytes


class ArxivServer(LoopbackServer):
    def __init__(self, papers: list[ArxivEntry] | None = None, recordings: str | Path | None = None) -> None:
        super().__init__()
        self.papers = list(papers or [])
        self.faults: list[Fault] = []
        self.recordings: dict[tuple[str, ...], _Recording] = {}
        if recordings is not None:
            for path in sorted(Path(recordings).glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                query = {k: v[-1] for k, v in
                         parse_qs(urlsplit(data["url"]).query, keep_blank_values=True).items()}
                key = tuple(query.get(k, "") for k in _RECORD_KEYS)
                self.recordings[key] = _Recording(int(data["status_code"]), data["body"].encode("utf-8"))

    @property
    def url(self) -> str:
        return self.base + "/api/query"

    def fail(self, status: int | None = None, sleep: float = 0.0, body: bytes | None = None,
             empty: bool = False, times: int | None = 1,
             when: Callable[[dict[str, str]], bool] | None = None,
             headers: dict[str, str] | None = None) -> Fault:
        fault = Fault(status, sleep, body, empty, times, when, headers=headers)
        self.faults.append(fault)
        return fault

    def query_requests(self) -> list[SeenRequest]:
        return [r for r in self.requests if r.path == "/api/query"]

    def _pending_fault(self, params: dict[str, str]) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times is not None and fault.fired >= fault.times:
                    continue
                if fault.when is None or fault.when(params):
                    fault.fired += 1
                    return fault
        return None

    def respond(self, handler: Any, req: SeenRequest) -> None:
        if req.path != "/api/query":
            send(handler, 404, b"not found")
            return
        params = req.params
        fault = self._pending_fault(params)
        if fault is not None:
            if fault.sleep:
                time.sleep(fault.sleep)
            if fault.body is not None:  # as the API answers a query it refuses: HTTP 400 and an error entry
                send(handler, fault.status or 200, fault.body, ATOM)
                return
            if fault.status is not None:
                send(handler, fault.status, b"Service Unavailable" if fault.status >= 500 else b"error",
                     headers=fault.headers)
                return
            if fault.empty:
                # arXiv's glitch: the header still announces the query's results, the page has none.
                found = re.search(rb"<opensearch:totalResults>(\d+)<", self.page(params))
                total = int(found.group(1)) if found else 0
                send(handler, 200, feed_xml([], total, int(params.get("start", 0)),
                                            int(params.get("max_results", 10))), ATOM)
                return
        key = tuple(params.get(k, "") for k in _RECORD_KEYS)
        if key in self.recordings:
            rec = self.recordings[key]
            send(handler, rec.status, rec.body, ATOM)
            return
        send(handler, 200, self.page(params), ATOM)

    def page(self, params: dict[str, str]) -> bytes:
        query = params.get("search_query", "")
        ids = [i for i in params.get("id_list", "").split(",") if i]
        hits = [e for e in self.papers
                if (not ids or e.arxiv_id in ids) and (not query or matches(query, e))]
        sort_by = params.get("sortBy", "relevance")
        if sort_by in ("submittedDate", "lastUpdatedDate"):
            attr = "published" if sort_by == "submittedDate" else "updated"
            hits.sort(key=lambda e: getattr(e, attr) or e.published,
                      reverse=params.get("sortOrder", "descending") == "descending")
        start, per_page = int(params.get("start", 0)), int(params.get("max_results", 10))
        return feed_xml(hits[start:start + per_page], len(hits), start, per_page, query)



__all__ = ["ArxivEntry", "ArxivServer", "Fault", "feed_xml", "make_entries", "matches"]
