"""The arXiv API source, through the ``arxiv`` package.

One client (one HTTP session, one request every ``delay_seconds``) serves every query of a run. Queries:
the configured categories, each configured query, and the watchlist terms. Results come newest first
(sortBy=submittedDate); paging stops at the first paper older than the window, so a daily poll costs one
or two requests per query.

Window and cursor: a cursor per query ("arxiv:<hash of the query>") holds the newest submission date seen
on the last fetch that ended well. The next window starts ``CURSOR_OVERLAP_DAYS`` before it, because arXiv
announces papers a day or more after their submission date; the repeats are dropped as already seen.
A first poll looks back ``lookback_days``; ``since`` overrides both. A query that failed part-way earns no
cursor update: the cursor never moves past papers a retry could still fetch. A query that hit
``max_results`` before reaching the window start does move it, with a warning naming the dates it missed:
newest-first paging would hit the same cap on every later run and never reach them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import arxiv
import requests

from bot.config import Config
from bot.paper import Paper, iso_date
from bot.sources.normalize import make_paper
from bot.sources.report import SourceReport
from bot.state import State
from bot.venue_names import accepted_venue

log = logging.getLogger(__name__)

CURSOR_OVERLAP_DAYS = 2
# Whole-query retries on top of the package's per-page retries, with exponential backoff.
QUERY_ATTEMPTS = 3
BACKOFF_SECONDS = 10.0
# Only the first page may be legitimately empty; these errors mean "arXiv hiccup, try again later".


class MalformedPageError(arxiv.ArxivError):
    """A response that is not an arXiv API feed (garbage, HTML error page): retried like an HTTP error."""


class QueryRejectedError(Exception):
    """The API answered with its error entry: retrying will not help."""


class RateLimitedError(Exception):
    """The API asked for a pause longer than a run should wait: no query of this run will be served."""


# How long a run waits out Retry-After pauses (HTTP 429 or 503), all together; a pause past it ends
# arXiv's part of the run, cursors unchanged, so that a daily Action does not sit idle for an hour.
RETRY_AFTER_LIMIT_SECONDS = 120.0
# Papers asked for by id in one request (the API's id_list): one page of results each.
ID_LIST_PAGE = 100
# Titles looked for in one request (an OR of title phrases): a long query is one arXiv reads slowly.
TITLES_PER_QUERY = 5


_TRANSIENT = (arxiv.ArxivError, requests.RequestException)


@dataclass(frozen=True)
class ArxivQuery:
    label: str  # for logs and the summary table
    query: str

    @property
    def cursor_name(self) -> str:
        return "arxiv:" + hashlib.sha256(self.query.encode("utf-8")).hexdigest()[:12]


def build_queries(config: Config) -> list[ArxivQuery]:
    """The categories query, each configured query, and one OR-query of the watchlist terms."""
    src = config.sources.arxiv
    queries: list[ArxivQuery] = []
    if src.categories:
        queries.append(ArxivQuery("categories", " OR ".join(f"cat:{c}" for c in src.categories)))
    for q in src.queries:
        if q.strip():
            queries.append(ArxivQuery(f"query {q.strip()[:40]}", q.strip()))
    if src.use_watchlist:
        terms: list[str] = []
        for term in [*config.watchlist.must, *config.watchlist.boost]:
            # Inside a phrase too, arXiv's parser reads these as syntax, and refuses the query: every
            # watchlist paper was lost, at every run, for one term ("C++ (templates").
            term = " ".join(re.sub(r'["()\[\]{}\\:]', " ", term).split())
            # One letter ("(R)" is "R" now) matches nearly every paper: the query would fill its cap.
            if len(term) == 1:
                log.warning("arxiv: watchlist term %r is one letter once search syntax is left out; not "
                            "asked of arXiv (it still counts in ranking)", term)
            elif term and term.lower() not in (t.lower() for t in terms):
                terms.append(term)
        if terms:
            queries.append(ArxivQuery("watchlist", " OR ".join(f'all:"{t}"' for t in terms)))
    return queries


class _TimeoutSession(requests.Session):
    """The arxiv package calls ``session.get(url)`` without a timeout; a hung server must not hang us."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout
        self.max_redirects = 5
        self.paused = 0.0  # seconds waited out this run as Retry-After asked

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", self.timeout)
        resp = super().request(*args, **kwargs)
        if resp.status_code in (429, 503):
            # The package retries a refusal after its own delay_seconds, which a server that said how
            # long to wait would refuse again: its pause is waited out first (the package's delay
            # then runs from the end of it).
            # The pauses of a run share one budget: retries of every page and query waited them out
            # one by one, over an hour against a server that kept asking for two minutes.
            wait = retry_after_seconds(resp.headers.get("Retry-After"))
            if wait is not None and self.paused + wait > RETRY_AFTER_LIMIT_SECONDS:
                raise RateLimitedError(
                    f"arXiv asked for a pause of {wait:.0f} s (HTTP {resp.status_code}, Retry-After)"
                    + (f" after {self.paused:.0f} s of pauses" if self.paused else "")
                    + f", past the {RETRY_AFTER_LIMIT_SECONDS:.0f} s a run waits")
            if wait:
                log.info("arxiv: HTTP %d, waiting %.0f s as asked (Retry-After)", resp.status_code, wait)
                time.sleep(wait)
                self.paused += wait
        if resp.status_code == 400 and parse_qs(urlsplit(resp.url).query).get("start") == ["0"]:
            # The API refuses a query it cannot read with HTTP 400 (and an error entry): no retry
            # answers otherwise. Raised here, before the arxiv package's own retries see the status.
            # Only on a query's first page: a later page of a query that worked is a glitch to retry.
            raise QueryRejectedError(f"arXiv refused the query (HTTP 400: {_error_summary(resp.text)})")
        return resp


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date); None if unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" in an HTTP date: UTC, no zone given
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _error_summary(body: str) -> str:
    """The API's own words from its error entry, or a generic phrase."""
    m = re.search(r"<summary>(.*?)</summary>", body, re.DOTALL)
    return " ".join(m.group(1).split())[:120] if m else "bad query"


class _CountingClient(arxiv.Client):
    """Counts page requests (for the summary) and serves from the configured base URL."""

    requests_made = 0

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> Any:
        try:
            feed = super()._parse_feed(url, first_page=first_page, _try_index=_try_index)
        except ValueError as exc:
            # The package's parser on a body cut short ("<published>2026-"): a glitch to retry like any
            # other malformed page, not a crash of the run.
            raise MalformedPageError(url, _try_index, f"unreadable page ({str(exc)[:80]})") from exc
        except QueryRejectedError:
            # Raised by the session, before the package timed the request: the next query must
            # still wait its delay_seconds after this one.
            self._last_request_dt = datetime.now()
            raise
        # Every real answer, even an empty one, carries opensearch:itemsPerPage.
        if feed.malformed or (not feed.results and feed.header.items_per_page == 0):
            raise MalformedPageError(url, _try_index, f"not an arXiv API feed ({feed.error or 'no header'})")
        if first_page and not feed.results and feed.header.total_results:
            if feed.header.total_results == 1:
                # The API reports a bad query as one "Error" entry, which the package drops (no date).
                raise QueryRejectedError("arXiv answered with an error entry instead of results")
            # The API's known glitch, on the first page: the package only checks later pages.
            raise MalformedPageError(url, _try_index, f"empty page of {feed.header.total_results} results")
        return feed

    def _format_url(self, search: arxiv.Search, start: int, page_size: int) -> str:
        self.requests_made += 1
        return super()._format_url(search, start, page_size)


def make_client(config: Config) -> arxiv.Client:
    src = config.sources.arxiv
    client = _CountingClient(page_size=src.page_size, delay_seconds=src.delay_seconds,
                             num_retries=src.num_retries)
    client.query_url_format = src.base_url.rstrip("?") + "?{}"
    client._session = _TimeoutSession(src.timeout_seconds)
    return client


def window_start(state: State, query: ArxivQuery, lookback_days: int, since: date | None,
                 today: date | None = None) -> date:
    if since is not None:
        return since
    cursor = state.get_cursor(query.cursor_name)
    if cursor:
        try:
            return date.fromisoformat(cursor) - timedelta(days=CURSOR_OVERLAP_DAYS)
        except ValueError:
            log.warning("arxiv: ignoring unreadable cursor %r for %s", cursor, query.label)
    return (today or utc_today()) - timedelta(days=lookback_days)


def utc_today() -> date:
    """Today in UTC, the calendar arXiv dates its submissions in (one place, so tests can pin it)."""
    return datetime.now(UTC).date()


# A withdrawn paper keeps its abstract on the API; its comment (or an abstract replaced) says so first
# thing: "This paper has been withdrawn by the authors ...", "The authors withdraw this paper ...", or, in
# a comment, just "Withdrawn: ...". Not "Withdrawn from NeurIPS 2024; accepted at ICLR 2025", "We
# withdraw this paper's central claim", nor an abstract that opens "Withdrawn by the FDA, rofecoxib ...".
_PAPER = r"(?:paper|article|submission|manuscript|version)"
_WITHDRAWN_NOTICE = re.compile(
    rf"^\W*(?:(?:arxiv\s+admin\s+note:\s+)?(?:this|the)\s+{_PAPER}\s+(?:has\s+been|is\s+being|is|was)\s+"
    rf"(?:withdrawn|removed|retracted)|(?:the\s+)?(?:authors?|we)\s+(?:have\s+|has\s+)?"
    rf"(?:withdrawn|withdraw|withdrew)\s+(?:this|the|our)\s+{_PAPER}(?!['’])\b)(?!\s+from\b)", re.I)
_WITHDRAWN_WORD = re.compile(r"^\W*(?:paper\s+)?(?:withdrawn|retracted)"
                             r"(?=\s*(?:[.:;,!()\]]|$|(?:by|due|because|as|for)\b))", re.I)


def _withdrawn(result: arxiv.Result) -> bool:
    comment, abstract = result.comment or "", result.summary or ""
    return bool(_WITHDRAWN_NOTICE.search(comment) or _WITHDRAWN_WORD.search(comment)
                or _WITHDRAWN_NOTICE.search(abstract))


def result_to_paper(result: arxiv.Result, max_text_length: int) -> Paper | None:
    if _withdrawn(result):
        log.info("arxiv: %s is withdrawn; skipped", result.entry_id)
        return None
    # Most authors say where a paper was accepted in the comment ("Accepted at ICLR 2026"), few fill in
    # journal_ref: without it, such a paper went into a list as a preprint. make_paper shortens either.
    venue = result.journal_ref or accepted_venue(result.comment or "") or "arXiv"
    return make_paper(
        title=result.title,
        abstract=result.summary,
        authors=[a.name for a in result.authors],
        categories=result.categories or ([result.primary_category] if result.primary_category else []),
        published=iso_date(result.published),
        url=result.entry_id,
        venue=venue,
        id=result.entry_id,
        doi=result.doi,
        source="arxiv",
        max_text_length=max_text_length,
    )


def _fetch_once(client: arxiv.Client, query: ArxivQuery, start: date, max_results: int,
                max_text_length: int, papers: list[Paper]) -> str:
    """Page through one query into ``papers``: "reached" the window start; "ended", the whole result set
    inside the window; "capped" at ``max_results`` before the window start; "short", paging stopped on
    a full page at the total the API reported, before the window start; "unknown", the request for the
    page after that full one failed. arXiv's totalResults has been seen to under-count, and the package
    stops paging at it: the rest of the window may be unfetched."""
    search = arxiv.Search(query=query.query, max_results=max_results,
                          sort_by=arxiv.SortCriterion.SubmittedDate, sort_order=arxiv.SortOrder.Descending)
    count = 0
    for result in client.results(search):
        count += 1
        if result.published.date() < start:
            return "reached"
        paper = result_to_paper(result, max_text_length)
        if paper is not None:
            papers.append(paper)
    if count >= max_results:
        return "capped"
    if not count or count % client.page_size:
        return "ended"
    # On a full page the total may have been the API's miscount, or the true count: the page after it
    # tells. (An empty one reads as arXiv's empty-page glitch on a first page.)
    try:
        after = client._parse_feed(client._format_url(search, count, client.page_size), first_page=True)
    except (MalformedPageError, QueryRejectedError):
        return "ended"  # the empty page after the last: read as a glitch, or as an error entry of one
    except _TRANSIENT:
        # Not known: held, not retried (a failed probe failed the query, fetched it three times more).
        return "unknown"
    return "short" if after.results else "ended"


def fetch_query(client: arxiv.Client, query: ArxivQuery, state: State, config: Config,
                since: date | None = None, backoff: float | None = None) -> SourceReport:
    src = config.sources.arxiv
    name = f"arxiv {query.label}"
    start = window_start(state, query, src.lookback_days, since)
    backoff = BACKOFF_SECONDS if backoff is None else backoff
    report = SourceReport(name=name)
    before = getattr(client, "requests_made", 0)
    papers: list[Paper] = []
    for attempt in range(QUERY_ATTEMPTS):
        papers = []
        try:
            outcome = _fetch_once(client, query, start, src.max_results, config.sources.max_text_length,
                                  papers)
        except QueryRejectedError as exc:
            where = ("watchlist.must / watchlist.boost (or set sources.arxiv.use_watchlist: false)"
                     if query.label == "watchlist" else "sources.arxiv queries")
            report.error = f"{name}: {exc}; fix {where} in the config"
            break
        except RateLimitedError as exc:
            report.error = f"{name}: {exc}"
            report.stop_reason = "rate-limited"
            break
        except _TRANSIENT as exc:
            report.error = f"{name}: {_describe(exc)} (attempts: {attempt + 1})"
            if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.Timeout):
                # No route, DNS failure, refused: the client already retried; minutes of backoff
                # would not help, and an offline run should fail fast.
                report.stop_reason = "unreachable"
                break
            if attempt + 1 < QUERY_ATTEMPTS:
                wait = backoff * (2**attempt)
                log.info("arxiv: %s failed (%s); retrying in %.1fs", query.label, _describe(exc), wait)
                time.sleep(wait)
            continue
        except Exception as exc:  # noqa: BLE001 - one query's surprise must not cost the run every source
            report.error = f"{name}: unexpected {type(exc).__name__}: {str(exc)[:160]}"
            log.debug("%s: the error", name, exc_info=True)
            break
        report.error = None
        dates = [p.published for p in papers if p.published]
        if outcome in ("short", "unknown"):
            # Held: the next run asks for the window again, and what this one missed comes then.
            why = ("paging stopped on a full page at the total the API reported" if outcome == "short" else
                   "the request for the page after a full one failed, so more may follow")
            log.warning("arxiv: %s: %s (%d papers fetched), before the window start %s; the cursor stays, so "
                        "the next run fetches the window again", query.label, why, len(papers),
                        start.isoformat())
            break
        if outcome == "capped":
            # Newest-first paging can never reach the rest of this window on a later run either, so the
            # gap is named once and the cursor still moves on; holding it back would only re-fetch the
            # same capped window on every run.
            log.warning(
                "arxiv: %s hit max_results=%d; papers submitted from %s to %s (that day in part) were not "
                "fetched and will not be (raise sources.arxiv.max_results or narrow the query)",
                query.label, src.max_results, start.isoformat(), min(dates, default=utc_today().isoformat()))
        if dates:
            newest = max(dates)
            old = state.get_cursor(query.cursor_name)
            covered_old = since is None or old is None or since.isoformat() <= old
            if covered_old:
                report.cursor = (query.cursor_name, max(newest, old or ""))
        break
    report.papers = papers
    report.requests = getattr(client, "requests_made", 0) - before
    if report.error:
        log.warning("%s; %d papers kept from the pages that arrived, cursor unchanged",
                    report.error, len(papers))
    return report


def arxiv_unanswered(reports: list[SourceReport]) -> str | None:
    """Why a run's later requests (near misses, entries' abstracts) should not go to arXiv: it stopped
    answering (out of reach, a pause past the run's), or not one of the run's queries came back (a hung
    arXiv: each request would wait out the timeout). None where it answered."""
    queries = [r for r in reports if r.name.startswith("arxiv")]
    stopped = next((r.stop_reason for r in queries if r.stop_reason), None)
    if stopped:
        return stopped
    return "did not answer this run's queries" if queries and all(r.error for r in queries) else None


def late_client(config: Config) -> arxiv.Client:
    """A client for requests made after the run's queries went through another: it waits its
    delay_seconds before its first request too."""
    client = make_client(config)
    client._last_request_dt = datetime.now()
    return client


def fetch_arxiv_ids(config: Config, ids: list[str], client: arxiv.Client | None = None) -> SourceReport:
    """The current records of ``ids`` (version-less arXiv ids), ``ID_LIST_PAGE`` a request (see
    ``id_searches``), in one report: ``error`` (what went wrong, without the source's name) is the
    first request's that failed, the papers those that came."""
    client = client or late_client(config)
    reports = ask_arxiv(config, "arxiv ids", [search for _, search in id_searches(ids, client)], client)
    return SourceReport(name="arxiv ids", papers=[p for r in reports for p in r.papers],
                        error=next((r.error for r in reports if r.error), None),
                        requests=sum(r.requests for r in reports))


def id_searches(ids: list[str], client: arxiv.Client) -> list[tuple[list[str], arxiv.Search]]:
    """Searches for ``ids`` by id_list, ``ID_LIST_PAGE`` ids each (fewer where the client's page_size
    is smaller: one page of answers each), with the ids each asks for."""
    size = min(ID_LIST_PAGE, client.page_size)
    pages = [ids[i:i + size] for i in range(0, len(ids), size)]
    return [(page, arxiv.Search(id_list=page, max_results=len(page))) for page in pages]


def title_query(title: str) -> str:
    """An arXiv search for a title as a phrase: its words, as arXiv's index reads them (punctuation and
    quotes in the title would end the phrase or the query)."""
    return 'ti:"' + " ".join(re.findall(r"\w+", title)) + '"'


def title_searches(titles: list[str], client: arxiv.Client, per_query: int | None = None
                   ) -> list[tuple[list[str], arxiv.Search]]:
    """Searches for papers whose titles hold one of ``titles`` as a phrase, ``per_query`` titles each
    (``TITLES_PER_QUERY`` by default), with the titles each asks for. Each reads one whole page of
    answers, best match first: a short title's namesakes may fill most of it. Which answer is which
    title's is the caller's to tell."""
    per_query = per_query or TITLES_PER_QUERY
    groups = [[t for t in titles[i:i + per_query] if re.search(r"\w", t)]
              for i in range(0, len(titles), per_query)]
    return [(group, arxiv.Search(query=" OR ".join(title_query(t) for t in group),
                                 max_results=client.page_size))
            for group in groups if group]


def ask_arxiv(config: Config, name: str, searches: list[arxiv.Search],
              client: arxiv.Client) -> list[SourceReport]:
    """One report per search, in order. ``client``: the run's (one request per delay_seconds, one
    Retry-After budget). A search arXiv refuses gives no papers and no error (a retry would be refused
    too); one that fails otherwise has ``error`` set (what went wrong, without the source's name), and
    the next search is still asked unless arXiv is out of reach or asks for a pause past the run's:
    then every search left gets that error."""
    reports: list[SourceReport] = []
    for search in searches:
        report = SourceReport(name=name)
        reports.append(report)
        before = getattr(client, "requests_made", 0)
        try:
            for result in client.results(search):
                paper = result_to_paper(result, config.sources.max_text_length)
                if paper is not None:
                    report.papers.append(paper)
        except QueryRejectedError as exc:
            ids = search.id_list
            asked = search.query or ", ".join(ids[:3]) + (" ..." if len(ids) > 3 else "")
            log.warning("%s: %s when asked for %s; those papers are left out", name, exc, asked[:120])
        except RateLimitedError as exc:
            report.error, report.stop_reason = str(exc), "rate-limited"
        except _TRANSIENT as exc:
            report.error = _describe(exc)
            if isinstance(exc, requests.Timeout):
                # A hung arXiv: each request left would wait out the timeout (30 s by default).
                report.stop_reason = "timed out"
            elif isinstance(exc, requests.ConnectionError):
                report.stop_reason = "unreachable"
            elif isinstance(exc, arxiv.HTTPError) and exc.status == 429:
                # Too many requests, and no pause named (else RateLimitedError): past the package's
                # own retries, every request left would be refused the same way.
                report.stop_reason = "rate-limited"
        except Exception as exc:  # noqa: BLE001 - a surprise here must not cost the run what it fetched
            report.error = f"unexpected {type(exc).__name__}: {str(exc)[:160]}"
            log.debug("%s: the error", name, exc_info=True)
        report.requests = getattr(client, "requests_made", 0) - before
        if report.stop_reason:
            reports += [SourceReport(name=name, error=report.error, stop_reason=report.stop_reason)
                        for _ in searches[len(reports):]]
            break
    return reports


def _describe(exc: BaseException) -> str:
    if isinstance(exc, arxiv.HTTPError):
        return f"HTTP {exc.status} from arXiv API"
    if isinstance(exc, arxiv.UnexpectedEmptyPageError):
        return "arXiv API returned an empty page mid-pagination"
    if isinstance(exc, MalformedPageError):
        return "arXiv API sent a malformed page"
    if isinstance(exc, requests.Timeout):
        return "arXiv API timed out"
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect to arXiv API"
    return f"{type(exc).__name__}: {exc}"


def fetch_arxiv(config: Config, state: State, since: date | None = None, backoff: float | None = None,
                client: arxiv.Client | None = None) -> list[SourceReport]:
    """One report per query; a failing query does not stop the others, an unreachable or rate-limiting API
    does."""
    if not config.sources.arxiv.enabled:
        return []
    queries = build_queries(config)
    if not queries:
        log.warning("arxiv: sources.arxiv is enabled but has no categories, queries or watchlist terms to "
                    "ask for; add some, or set sources.arxiv.enabled: false")
        return []
    client = client or make_client(config)
    reports: list[SourceReport] = []
    for i, query in enumerate(queries):
        report = fetch_query(client, query, state, config, since, backoff)
        reports.append(report)
        if report.stop_reason:
            rest = queries[i + 1:]
            if rest:
                log.warning("arxiv: API %s; skipping the %d remaining queries", report.stop_reason, len(rest))
            reports += [SourceReport(name=f"arxiv {q.label}", stop_reason=report.stop_reason,
                                     error=f"arxiv {q.label}: skipped, arXiv API {report.stop_reason}")
                        for q in rest]
            break
    return reports
