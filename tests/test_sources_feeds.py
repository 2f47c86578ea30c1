"""RSS/Atom feeds through requests + feedparser against a loopback feed server."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from servers.feed_server import ATOM, RSS, FeedServer, fixture_feed

from bot.config import Config, FeedConfig
from bot.sanitize import plain_text
from bot.sources import commit_cursors, fetch_all
from bot.sources.feeds import parse_feed, without_tracking
from bot.state import State


def make_config(base: str, feeds: list[dict], **sources: object) -> Config:
    for f in feeds:
        f["url"] = base + f["url"]
    settings = {"arxiv": {"enabled": False}, "feeds": feeds, "feed_timeout_seconds": 0.3,
                "feed_max_bytes": 1_000_000}
    settings.update(sources)
    return Config.model_validate({"sources": settings})


@pytest.fixture
def state(tmp_path: Path) -> State:
    with State(tmp_path / "state") as s:
        yield s


ARXIV_RSS = fixture_feed("arxiv-cs.LG.rss.xml")


# -- parsing the real formats ----------------------------------------------------------------------


def test_arxiv_rss_items_become_clean_papers() -> None:
    papers = parse_feed(ARXIV_RSS, FeedConfig(name="cs.LG", url="https://rss.arxiv.org/rss/cs.LG"))
    assert [p.arxiv_id for p in papers] == ["2401.08001", "2401.08002"]  # new + cross by default
    first, second = papers
    assert first.title == "Robust Saliency Maps under Adversarial Manipulation"
    assert first.abstract.startswith("Gradient-based explanations of neural networks can be manipulated by")
    assert "Announce Type" not in first.abstract and "<i>" not in first.abstract
    assert first.authors == ["Alice Smith", "Bob Jones", "Carol White"]
    assert second.authors == ["Dan Brown", "Eve Black"]
    assert first.url == "https://arxiv.org/abs/2401.08001" and first.key == "arxiv:2401.08001"
    assert first.published == "2024-01-16"
    assert first.categories == ["cs.LG", "cs.CR"]
    assert first.venue == "arXiv" and first.source == "feed:cs.LG"


@pytest.mark.parametrize(("types", "ids"), [
    (["new"], ["2401.08001"]),
    (["replace", "replace-cross"], ["2305.01234", "2310.04321"]),
    (["new", "cross", "replace", "replace-cross"], ["2401.08001", "2401.08002", "2305.01234", "2310.04321"]),
])
def test_arxiv_announce_types_are_filtered_as_configured(types: list[str], ids: list[str]) -> None:
    feed = FeedConfig(name="cs.LG", url="https://rss.arxiv.org/rss/cs.LG", announce_types=types)
    assert [p.arxiv_id for p in parse_feed(ARXIV_RSS, feed)] == ids


def test_atom_conference_feed_venue_doi_and_html() -> None:
    feed = FeedConfig(name="tml", url="https://proceedings.example.org/feed.atom", venue="TML 2024")
    papers = parse_feed(fixture_feed("conference.atom.xml"), feed)
    assert [p.title for p in papers] == ["Fooling Concept-Based Explanations!",
                                         "Membership Inference from Counterfactual Explanations"]
    first = papers[0]
    assert first.venue == "TML 2024" and first.doi == "10.5555/TML.2024.17" and first.arxiv_id is None
    assert first.abstract.startswith("Concept activation vectors") and "<p>" not in first.abstract
    assert first.authors == ["Dan Brown", "Eve Black"]
    assert first.url == "https://proceedings.example.org/tml2024/paper/17"
    assert first.published == "2024-01-19"
    assert papers[1].doi is None
    assert papers[1].key == "title:membership inference from counterfactual explanations"


def test_an_atom_entry_is_dated_by_its_publication_and_takes_no_doi_from_a_related_link() -> None:
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            b"<id>urn:x</id><entry><title>Concept Explanations Can Be Fooled</title><id>urn:y</id>"
            b'<link rel="alternate" href="https://proceedings.example.org/tml2024/paper/18"/>'
            b'<link rel="related" href="https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/X1"/>'
            b"<published>2023-12-28T09:00:00Z</published><updated>2024-03-01T09:00:00Z</updated></entry></feed>")
    [paper] = parse_feed(atom, FeedConfig(name="tml", url="https://proceedings.example.org/feed.atom"))
    # A correction updates an entry; the list orders papers by when they came out.
    assert paper.published == "2023-12-28"
    # The data set's DOI, taken for the paper's, would key and link the paper as the data set.
    assert paper.doi is None and paper.key == "title:concept explanations can be fooled"


def test_rss_journal_feed_prism_doi_and_dc_identifier() -> None:
    feed = FeedConfig(name="jmls", url="https://journal.example.org/rss")
    papers = parse_feed(fixture_feed("journal.rss.xml"), feed)
    assert [p.doi for p in papers] == ["10.1234/JMLS.2024.042", "10.1234/jmls.2024.043"]  # as each is written
    assert papers[0].venue == "Journal of Machine Learning Security"  # prism:publicationName
    # The channel title, without the feed's own words (": Latest Articles").
    assert papers[1].venue == "Journal of Machine Learning Security"
    assert papers[0].authors == ["Ivan Petrov", "Judy Chen"]
    assert papers[0].abstract == "We certify gradient explanations against bounded perturbations."


def test_hostile_markup_in_a_feed_is_neutralised() -> None:
    body = fixture_feed("journal.rss.xml").replace(
        b"Certified Robustness of Gradient Explanations",
        b"&lt;script&gt;alert(1)&lt;/script&gt;Certified\xe2\x80\xae Robustness").replace(
        b"Formal verification", b"x" * 20000)
    papers = parse_feed(body, FeedConfig(name="j", url="https://j.example.org/rss"), max_len=1000)
    # Tags and the bidi override are gone; what is left is inert text.
    assert papers[0].title == "alert(1) Certified Robustness"
    assert len(papers[1].abstract) <= 1000


# -- fetching over HTTP ----------------------------------------------------------------------------


def test_conditional_get_makes_an_unchanged_feed_free(state: State) -> None:
    with FeedServer(feeds={"/rss/cs.LG": (RSS, ARXIV_RSS)}) as srv:
        config = make_config(srv.url, [{"name": "cs.LG", "url": "/rss/cs.LG"}])
        first = fetch_all(config, state)
        assert len(first.papers) == 2
        url = srv.url + "/rss/cs.LG"
        assert state.get_http_cache(url) == (None, None)  # not stored until committed
        commit_cursors(state, first)
        etag, modified = state.get_http_cache(url)
        assert etag and modified
        second = fetch_all(config, state)
        assert second.papers == [] and second.errors == [] and second.http_cache_updates == {}
        assert srv.requests[1].headers["if-none-match"] == etag
        # A changed feed has a new ETag and is fetched again.
        srv.route("/rss/cs.LG", body=ARXIV_RSS.replace(b"2401.08001", b"2401.09999"))
        third = fetch_all(config, state)
        assert [p.arxiv_id for p in third.papers] == ["2401.09999", "2401.08002"]


def test_last_modified_alone_also_gives_304(state: State) -> None:
    with FeedServer() as srv:
        srv.route("/j.rss", body=fixture_feed("journal.rss.xml"), etag=False)
        config = make_config(srv.url, [{"name": "j", "url": "/j.rss"}])
        commit_cursors(state, fetch_all(config, state))
        again = fetch_all(config, state)
    assert "if-modified-since" in srv.requests[1].headers
    assert again.papers == [] and again.errors == []


def fault_run(state: State, caplog: pytest.LogCaptureFixture, **route: object) -> tuple:
    """A broken feed next to a good one: the broken one is one warning, the good one still arrives."""
    with FeedServer(feeds={"/good.atom": (ATOM, fixture_feed("conference.atom.xml"))}) as srv:
        srv.route("/bad", **route)
        config = make_config(srv.url, [{"name": "bad", "url": "/bad"}, {"name": "good", "url": "/good.atom"}])
        with caplog.at_level(logging.WARNING):
            result = fetch_all(config, state)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(result.papers) == 2, "the good feed must still be read"
    assert list(result.http_cache_updates) == [srv.url + "/good.atom"]
    return result, warnings, srv


@pytest.mark.parametrize(("route", "reason"), [
    ({"status": 404}, "feed is gone (HTTP 404)"),
    ({"status": 410}, "feed is gone (HTTP 410)"),
    ({"status": 503}, "HTTP 503"),
    ({"body": ARXIV_RSS, "sleep": 1.0}, "timed out after 0.3s"),
    ({"body": b"\x00\x01garbage<<<not xml at all"}, "malformed feed, no entries could be read"),
    ({"body": b"<html><body><h1>Our new website</h1></body></html>", "content_type": "text/html"},
     "the server sent an HTML page, not an RSS or Atom feed"),
    # Not well-formed, it read "malformed feed ... (mismatched tag)"; the page names its feed.
    ({"body": b'<!DOCTYPE html>\n<html><head><link rel="alternate" type="application/rss+xml" '
              b'href="/feeds/latest.xml"><meta charset=utf-8></head><body><p>News<br></body></html>',
      "content_type": "text/html"},
     "the server sent an HTML page, not an RSS or Atom feed; the page names its feed: "
     "http://127.0.0.1:"),
    ({"body": b"<rss>" + b" " * 1_200_000 + b"</rss>"}, "exceeds feed_max_bytes=1000000"),
    ({"redirect": "/bad"}, "more than 5 redirects"),
])
def test_broken_feed_is_one_warning_and_skipped(
    state: State, caplog: pytest.LogCaptureFixture, route: dict, reason: str
) -> None:
    result, warnings, srv = fault_run(state, caplog, **route)
    assert len(result.errors) == 1 and reason in result.errors[0]
    assert result.errors[0].startswith("feed bad (http://127.0.0.1:")
    assert warnings == [result.errors[0]]


def test_redirect_loop_is_bounded(state: State, caplog: pytest.LogCaptureFixture) -> None:
    _, _, srv = fault_run(state, caplog, redirect="/bad")
    assert srv.hits("/bad") == 6  # the request and five redirects, then we give up


def test_ten_megabyte_body_is_cut_off_while_streaming(state: State, caplog: pytest.LogCaptureFixture) -> None:
    # Chunked, so no Content-Length gives the size away: the cap must hold while reading.
    result, _, _ = fault_run(state, caplog, body=b"<rss>" + b"x" * 10_000_000 + b"</rss>", chunked=True)
    assert "body exceeds feed_max_bytes=1000000; not a normal feed" in result.errors[0]


def test_a_server_dripping_bytes_is_cut_off_by_the_deadline(state: State,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    # Each 64-byte piece comes well within the 0.3 s read timeout, so only the whole-download deadline
    # (2 x timeout) stops a server that takes minutes over one feed and stalls the cycle.
    start = time.monotonic()
    result, _, _ = fault_run(state, caplog, body=ARXIV_RSS, drip=0.1)
    assert "download took longer than 0.6s" in result.errors[0]
    assert time.monotonic() - start < 0.6 + 0.2 * 3 + 1.0  # at the deadline, not after the whole body
    assert len(ARXIV_RSS) / 64 * 0.1 > 3  # the whole body would take this long


def test_wrong_encoding_is_recovered_with_a_warning(state: State, caplog: pytest.LogCaptureFixture) -> None:
    # Declared UTF-8, actually Latin-1: feedparser falls back and we say so once.
    body = fixture_feed("journal.rss.xml").decode().replace("Certified", "Certifiéd Café").encode("latin-1")
    with FeedServer(feeds={"/j.rss": (RSS, body)}) as srv, caplog.at_level(logging.WARNING):
        result = fetch_all(make_config(srv.url, [{"name": "j", "url": "/j.rss"}]), state)
    assert result.errors == []
    assert result.papers[0].title == "Certifiéd Café Robustness of Gradient Explanations"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "CharacterEncodingOverride" in warnings[0] and "feed j" in warnings[0]


def test_failed_feed_keeps_its_old_validators(state: State, caplog: pytest.LogCaptureFixture) -> None:
    with FeedServer(feeds={"/j.rss": (RSS, fixture_feed("journal.rss.xml"))}) as srv:
        config = make_config(srv.url, [{"name": "j", "url": "/j.rss"}])
        commit_cursors(state, fetch_all(config, state))
        before = state.get_http_cache(srv.url + "/j.rss")
        srv.route("/j.rss", status=500)
        result = fetch_all(config, state)
        commit_cursors(state, result)
    assert result.errors and state.get_http_cache(srv.url + "/j.rss") == before


def test_a_feed_cut_short_is_fetched_whole_next_time(state: State) -> None:
    # A close-delimited response that stops mid-item parses "leniently" into fewer items. Saving its
    # ETag would turn the next request into a 304, and the missing items would never arrive.
    full = fixture_feed("journal.rss.xml")
    with FeedServer(feeds={"/j.rss": (RSS, full[: int(len(full) * 0.6)])}) as srv:
        config = make_config(srv.url, [{"name": "j", "url": "/j.rss"}])
        cut = fetch_all(config, state)
        assert len(cut.papers) == 1 and cut.errors == [] and cut.http_cache_updates == {}
        commit_cursors(state, cut)
        srv.route("/j.rss", body=full)
        whole = fetch_all(config, state)
    assert "if-none-match" not in srv.requests[1].headers
    assert len(whole.papers) == 2  # the item the cut body lost is read this time
    assert whole.http_cache_updates  # a well-formed document's validators are kept as before


def test_relative_links_are_resolved_against_the_feed_without_its_password(state: State) -> None:
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Proc. TML</title>'
           b"<item><title>Saliency Maps Are Fragile</title><link>/tml2024/paper/17</link>"
           b"<description>An abstract.</description></item>"
           b"<item><title>A Host Without Its Scheme</title>"
           b"<link>dl.acm.org/doi/10.1145/3375627.3375830</link></item></channel></rss>")
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            b'<id>urn:x</id><entry><title>Concept Explanations Can Be Fooled</title><id>urn:y</id>'
            b'<link rel="alternate" href="paper/18.html"/><summary>Abstract.</summary></entry></feed>')
    with FeedServer(feeds={"/proc/rss.xml": (RSS, rss), "/proc/atom.xml": (ATOM, atom)}) as srv:
        private = srv.url.replace("http://", "http://reader:s3cret@")
        feeds = [{"name": "r", "url": "/proc/rss.xml"}, {"name": "a", "url": "/proc/atom.xml"}]
        config = make_config(private, feeds)
        result = fetch_all(config, state)
    # A link left relative was no link at all: its paper, chosen, failed every run's proposal step.
    # A host without a scheme stays as it was (no link, so the entry links to its DOI).
    assert sorted(p.url for p in result.papers) == sorted([f"{srv.url}/tml2024/paper/17",
                                                          f"{srv.url}/proc/paper/18.html",
                                                          "dl.acm.org/doi/10.1145/3375627.3375830"])
    assert not result.errors


def test_relative_links_are_resolved_against_the_address_a_redirect_led_to(state: State) -> None:
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Proc. TML</title>'
           b"<item><title>Saliency Maps Are Fragile</title><link>paper/17.html</link></item></channel></rss>")
    with FeedServer(feeds={"/tml/2024/rss.xml": (RSS, rss)}) as srv:
        srv.route("/feed", redirect="/tml/2024/rss.xml")
        result = fetch_all(make_config(srv.url, [{"name": "t", "url": "/feed"}]), state)
    # The page is beside the feed where it is now; beside the address it moved from, it is a 404.
    assert [p.url for p in result.papers] == [f"{srv.url}/tml/2024/paper/17.html"] and not result.errors


def test_an_items_bare_guid_is_no_link(state: State) -> None:
    # Found by an audit: feedparser copies a permalink <guid> into the link an item lacks; made absolute,
    # "48213" became a page of the feed's host that is not there, and went into the PR. A guid that is
    # a URL or a path is the item's page, and so is a <link> after a guid of the same value (a review).
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Journal of Tests</title>'
           b"<item><title>Robust Saliency via Smoothing</title><guid>48213</guid></item>"
           b"<item><title>Saliency Maps Are Fragile</title><guid>https://journal.example.org/a/17</guid></item>"
           b"<item><title>Concept Vectors Can Be Fooled</title><guid>/paper/18</guid></item>"
           b"<item><title>Counterfactuals Under Attack</title><guid>/paper/19</guid>"
           b"<link>/paper/19</link></item>"
           b"<item><title>Rule Lists Under Attack</title><guid>article.48216</guid>"
           b'<enclosure url="https://journal.example.org/pdf/48216.pdf" type="application/pdf" length="1"/>'
           b"</item></channel></rss>")
    with FeedServer(feeds={"/rss/latest": (RSS, rss)}) as srv:
        result = fetch_all(make_config(srv.url, [{"name": "j", "url": "/rss/latest"}]), state)
    assert sorted((p.title, p.url) for p in result.papers) == [
        ("Concept Vectors Can Be Fooled", f"{srv.url}/paper/18"),
        ("Counterfactuals Under Attack", f"{srv.url}/paper/19"), ("Robust Saliency via Smoothing", ""),
        ("Rule Lists Under Attack", ""),  # an enclosure is no <link>, a dotted id no page (a review)
        ("Saliency Maps Are Fragile", "https://journal.example.org/a/17")]


# feedparser keeps the spaces around an href; a link it leaves relative is no link at all.
@pytest.mark.parametrize("href", [" /tml2024/paper/17", "\n  /tml2024/paper/17\n", "&#160;/tml2024/paper/17"])
def test_a_relative_atom_link_with_spaces_around_it_is_resolved(href: str) -> None:
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            '<id>urn:x</id><entry><title>Concept Explanations Can Be Fooled</title><id>urn:y</id>'
            f'<link rel="alternate" href="{href}"/></entry></feed>').encode()
    [paper] = parse_feed(atom, FeedConfig(name="tml", url="https://proceedings.example.org/feed.atom"))
    assert paper.url == "https://proceedings.example.org/tml2024/paper/17"


@pytest.mark.parametrize("link, resolved", [
    ("p17.html", "https://h.org/proc/p17.html"), ("index.php?id=18", "https://h.org/proc/index.php?id=18"),
    ("view?id=19", "https://h.org/proc/view?id=19"), ("../p/20", "https://h.org/p/20"),
    ("//cdn.org/p/21", "https://cdn.org/p/21"),
    # A host without its scheme, a bare DOI, another scheme: no base makes them right, left as written.
    ("dl.acm.org/doi/10.1/x", "dl.acm.org/doi/10.1/x"), ("www.x.org/a", "www.x.org/a"),
    ("example.org/p", "example.org/p"), ("10.1145/3375627.3375830", "10.1145/3375627.3375830"),
    ("doi:10.1/x", "doi:10.1/x"), ("javascript:alert(1)", "javascript:alert(1)"), ("#top", "#top"),
    ("2401.00001", "2401.00001"), ("//", "//"),  # a bare arXiv id is the paper's identity
    ("record/1234567", "https://h.org/proc/record/1234567"),  # a path, though shaped like an old arXiv id
    # First segments with a dot that are no host: a version, a script (Open Journal Systems'), a query.
    ("v2.1/paper/17", "https://h.org/proc/v2.1/paper/17"),
    ("index.php/jmls/article/view/17", "https://h.org/proc/index.php/jmls/article/view/17"),
    ("paper.do?id=19", "https://h.org/proc/paper.do?id=19"),
])
def test_which_item_links_are_relative_to_the_feed(link: str, resolved: str) -> None:
    from bot.sources.feeds import _resolve_links

    entries = [{"link": link}]
    _resolve_links(entries, "https://reader:s3cret@h.org/proc/rss.xml?key=1")
    assert entries[0]["link"] == resolved


@pytest.mark.parametrize(("content_type", "declaration"), [
    ("application/rss+xml; charset=koi8-r", '<?xml version="1.0"?>'),
    # A parameter may be quoted, and its name is case-insensitive.
    ('application/rss+xml; charset="koi8-r"', '<?xml version="1.0"?>'),
    ("application/rss+xml; Charset=KOI8-R", '<?xml version="1.0"?>'),
    # After a stray newline (a template's) a declaration is none: XML parsers, feedparser's too, skip it.
    ("application/rss+xml; charset=koi8-r", '\n<?xml version="1.0" encoding="koi8-r"?>'),
])
def test_a_charset_only_the_server_names_is_read_and_a_declared_one_wins(
    state: State, content_type: str, declaration: str
) -> None:
    title = "Объяснимый искусственный интеллект под атакой"
    koi8 = (f'{declaration}<rss version="2.0"><channel><title>J</title><item><title>{title}'
            "</title><link>http://j.example.org/a/1</link></item></channel></rss>").encode("koi8-r")
    other = "Надёжность объяснений нейронных сетей"
    utf8 = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>J</title><item>'
            f"<title>{other}</title><link>http://j.example.org/a/2</link></item></channel></rss>").encode()
    with FeedServer() as srv:
        srv.route("/koi8.rss", body=koi8, content_type=content_type)
        srv.route("/utf8.rss", body=utf8, content_type="application/rss+xml; charset=windows-1252")
        config = make_config(srv.url, [{"name": "k", "url": "/koi8.rss"}, {"name": "u", "url": "/utf8.rss"}])
        result = fetch_all(config, state)
    # Read as UTF-8, the KOI8-R title was garbled for good: its feed then answered 304.
    assert sorted(p.title for p in result.papers) == sorted([title, other]) and not result.errors


def test_a_utf16_feed_without_a_byte_order_mark_is_read_by_the_servers_charset(
    state: State, caplog: pytest.LogCaptureFixture
) -> None:
    body = ('<rss version="2.0"><channel><title>J</title><item><title>Café au lait</title>'
            "<link>http://j.example.org/a/1</link></item></channel></rss>").encode("utf-16-le")
    # All ASCII, UTF-16 is valid UTF-8 byte for byte, NULs and all: only the server's charset reads it.
    ascii_only = ('<rss version="2.0"><channel><title>J</title><item><title>Green tea</title>'
                  "<link>http://j.example.org/a/3</link></item></channel></rss>").encode("utf-16-le")
    declared = ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>J</title><item>'
                "<title>Thé vert</title><link>http://j.example.org/a/2</link></item></channel></rss>"
                ).encode("utf-16-le")
    with FeedServer() as srv:
        srv.route("/j.rss", body=body, content_type="application/rss+xml; charset=utf-16le")
        srv.route("/d.rss", body=declared, content_type="application/rss+xml; charset=utf-16")
        srv.route("/a.rss", body=ascii_only, content_type="application/rss+xml; charset=utf-16le")
        feeds = [{"name": n, "url": f"/{n}.rss"} for n in ("j", "d", "a")]
        with caplog.at_level(logging.WARNING):
            result = fetch_all(make_config(srv.url, feeds), state)
    assert sorted(p.title for p in result.papers) == ["Café au lait", "Green tea", "Thé vert"]
    # d.rss's own "utf-16" declaration, left in the UTF-8 handed on, drew an encoding warning every run.
    assert not result.errors and not [r for r in caplog.records if r.levelno >= logging.WARNING]


# With no declaration, as XML allows after a mark: feedparser read such UTF-16 only by its lenient
# parser (a warning every run), and an all-ASCII one not at all.
@pytest.mark.parametrize("title", ["Thé vert", "Green tea"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_byte_order_mark_outranks_the_servers_charset(encoding: str, title: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    doc = (f'\ufeff<rss version="2.0"><channel><title>J</title><item><title>{title}</title>'
           "<link>http://j.example.org/a/1</link></item></channel></rss>")
    with caplog.at_level(logging.WARNING):
        papers = parse_feed(doc.encode(encoding), FeedConfig(name="j", url="https://j.example.org/rss"),
                            charset="iso-8859-1")
    assert [p.title for p in papers] == [title] and not caplog.records


@pytest.mark.parametrize("charset", ["windows-1252", "koi8-r", "utf-16", "punycode", "no-such-codec"])
def test_a_utf8_feed_under_a_wrong_charset_header_is_read_as_utf8(state: State, charset: str) -> None:
    title = "Café – Schrödinger’s saliency"
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>J</title><item><title>{title}'
            "</title><link>http://j.example.org/a/12</link></item></channel></rss>").encode()
    assert len(body) % 2 == 0  # so read as UTF-16 it decodes without an error, into nonsense
    with FeedServer() as srv:
        srv.route("/j.rss", body=body, content_type=f"application/rss+xml; charset={charset}")
        result = fetch_all(make_config(srv.url, [{"name": "j", "url": "/j.rss"}]), state)
    assert [p.title for p in result.papers] == [title] and not result.errors


def test_a_feed_with_no_items_is_no_error(state: State) -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    with FeedServer(feeds={"/quiet.xml": (RSS, empty)}) as srv:
        result = fetch_all(make_config(srv.url, [{"name": "q", "url": "/quiet.xml"}]), state)
    assert result.papers == [] and result.errors == [] and list(result.http_cache_updates) == [
        f"{srv.url}/quiet.xml"]


def test_a_feeds_kind_overrides_what_its_content_looks_like() -> None:
    # "kind" is for feeds the guess gets wrong: a mirror of arXiv items at another host, or a feed that
    # looks like arXiv's and is not. Ignored, a mirror's abstracts would keep "Announce Type: new" and
    # lose their arXiv ids, and a generic feed would be filtered by announce types it does not have.
    mirror = ARXIV_RSS.replace(b"rss.arxiv.org", b"mirror.example.org")
    mirror = mirror.replace(b"<arxiv:announce_type>", b"<x>").replace(b"</arxiv:announce_type>", b"</x>")
    url = "https://mirror.example.org/rss/cs.LG"
    guessed = parse_feed(mirror, FeedConfig(name="m", url=url))
    assert "Announce Type" in guessed[0].abstract  # the guess fails on this mirror: why "kind" exists
    told = parse_feed(mirror, FeedConfig(name="m", url=url, kind="arxiv"))
    assert [p.arxiv_id for p in told] == ["2401.08001", "2401.08002"]
    assert "Announce Type" not in told[0].abstract and told[0].venue == "arXiv"
    generic = parse_feed(ARXIV_RSS, FeedConfig(name="g", url="https://rss.arxiv.org/rss/x", kind="generic"))
    assert len(generic) == 4  # no announce filter
    assert generic[0].venue == "arXiv"  # not "cs.LG updates on arXiv.org": items linking to arXiv


@pytest.mark.parametrize(("channel", "venue"), [("Hugging Face Daily Papers", "arXiv"),
                                                 ("Our lab's reading list", "arXiv"),
                                                 ("ICML 2025 Accepted Papers", "ICML 2025"),
                                                 # A title that wraps, or has a double space.
                                                 ("ICML 2025 Accepted\n    Papers", "ICML 2025"),
                                                 ("ICML 2025 Accepted  Papers", "ICML 2025")])
def test_a_feed_of_items_linking_to_arxiv_names_no_venue_unless_it_is_a_conferences_accepted_papers(
        channel: str, venue: str) -> None:
    # An aggregator's title went into PRs and list entries as the papers' venue.
    doc = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{channel}</title>'
           '<link>https://example.org/</link><item><title>Fooling SHAP with stealthy sampling</title>'
           '<link>https://arxiv.org/abs/2205.15419</link><description>We fool SHAP.</description>'
           '</item></channel></rss>').encode()
    (found,) = parse_feed(doc, FeedConfig(name="x", url="https://example.org/feed", kind="generic"))
    assert (found.arxiv_id, found.venue) == ("2205.15419", venue)


@pytest.mark.parametrize(("text", "names"), [
    ("A. Smith, B. Jones and C. Doe", ["A. Smith", "B. Jones", "C. Doe"]),  # arXiv RSS dc:creator
    ("Alice Smith and Bob Jones", ["Alice Smith", "Bob Jones"]),
    ("Smith, John", ["John Smith"]),  # one author element, family name first
    ("Smith, J. R.", ["J. R. Smith"]),
    ("Martin Luther King, Jr.", ["Martin Luther King, Jr."]),
    ("De Cristofaro, Emiliano", ["Emiliano De Cristofaro"]),  # a family name of two words
    ("Van Durme, B.", ["B. Van Durme"]),
    ("Alice Brown, Carl Doe", ["Alice Brown", "Carl Doe"]),  # a given name then a family name: two people
    ("Smith, J.,", ["J. Smith"]), ("Smith, John;", ["John Smith"]),  # a trailing separator: no one more
    # Lists of "Family, Given" (bioRxiv, many journals): every second part initials, or ";" between people.
    ("Long, Y., Ang, K. S., Sethi, R., Chen, J.", ["Y. Long", "K. S. Ang", "R. Sethi", "J. Chen"]),
    ("Van Durme, B., De Cristofaro, E.", ["B. Van Durme", "E. De Cristofaro"]),
    ("Nguyen, T.; Tran, H.; and Le, M.", ["T. Nguyen", "H. Tran", "M. Le"]),
    ("Smith, John Adam; Doe, Jane", ["John Adam Smith", "Jane Doe"]),
    ("Li, Wei, Zhang, Hao and Chen, Ming", ["Wei Li", "Hao Zhang", "Ming Chen"]),
    ("Alice Smith, Bob Jones, Carol White, Dan Brown",
     ["Alice Smith", "Bob Jones", "Carol White", "Dan Brown"]),
    ("J. Smith, A. Doe, B. Roe, C. Poe", ["J. Smith", "A. Doe", "B. Roe", "C. Poe"]),
    # A name in Han, kana or Hangul script is one word holding family and given name: one person each.
    ("王伟, 李娜, 张三, 李四", ["王伟", "李娜", "张三", "李四"]),
    ("山田太郎, 鈴木花子", ["山田太郎", "鈴木花子"]),
    ("김철수, 이영희, 박민수, 최지우", ["김철수", "이영희", "박민수", "최지우"]),
    # A suffix after the given name in a ";" list ends that person's name.
    ("Smith, John, Jr.; Doe, Jane", ["John Smith Jr.", "Jane Doe"]),
    ("Doe, J.; King, Martin Luther, III", ["J. Doe", "Martin Luther King III"]),
    # A suffix after a whole name in a ";" list: that person's, not a given name ("Jr. Martin Luther King").
    ("Martin Luther King, Jr.; Jane Doe", ["Martin Luther King, Jr.", "Jane Doe"]),
    # Two people of one name each (as many Indonesians are): not one "Susanto Widodo".
    ("Widodo and Susanto", ["Widodo", "Susanto"]),
    # Family-first pairs ending in a group or "et al.": the pairs are people, the last part as written.
    ("Long, Y., Ang, K. S., Sethi, R., Human Cell Atlas Consortium",
     ["Y. Long", "K. S. Ang", "R. Sethi", "Human Cell Atlas Consortium"]),
    ("Long, Y., Ang, K. S., et al.", ["Y. Long", "K. S. Ang", "et al."]),
    # Two groups, not one person "OpenAI Google DeepMind" written family name first.
    ("Google DeepMind, OpenAI", ["Google DeepMind", "OpenAI"]),
    ("Qwen Team, Alibaba", ["Qwen Team", "Alibaba"]),
    # Given names with initials after them, each family name first: no "Andrew Y." is a person.
    ("Ng, Andrew Y., Jordan, Michael I., Weiss, Yair", ["Andrew Y. Ng", "Michael I. Jordan", "Yair Weiss"]),
    ("Ng, Andrew Y.", ["Andrew Y. Ng"]),
    ("van der Berg, Jan P., King, Martin L.", ["Jan P. van der Berg", "Martin L. King"]),
    # Degrees after a name, as medical journals' feeds write them: no person is called "PhD".
    ("Smith, John, PhD; Doe, Jane, MD", ["John Smith", "Jane Doe"]),
    ("John Smith, M.D., Ph.D., and Jane Doe, MPH", ["John Smith", "Jane Doe"]),
    # ... but after a family name alone, "MD" and "MA" are initials.
    ("Smith, MD; Doe, JA", ["MD Smith", "JA Doe"]),
    ("Long, Y., Ang, K. S., Li, MS", ["Y. Long", "K. S. Ang", "MS Li"]),
    # Written given name first with initials after it (as many South Indian names are): two people.
    ("Harshini Suresha, Kavitha SH", ["Harshini Suresha", "Kavitha SH"]),
    ("Raju Imandi, Chethana B, Ravi Kumar, Anil K", ["Raju Imandi", "Chethana B", "Ravi Kumar", "Anil K"]),
    # BibTeX: "and" between people written family name first, given names of any shape.
    ("Goodfellow, Ian J. and Shlens, Jonathon and Szegedy, Christian",
     ["Ian J. Goodfellow", "Jonathon Shlens", "Christian Szegedy"]),
    ("van der Berg, Jan and King, Martin Luther", ["Jan van der Berg", "Martin Luther King"]),
])
def test_author_strings_split_into_people(text: str, names: list[str]) -> None:
    from bot.paper import split_authors

    assert split_authors(text) == names


@pytest.mark.parametrize("text,kept", [
    ("John Smith, MD, PhD, Jane Doe", "John Smith, Jane Doe"),
    ("Smith, John, PhD; Doe, Jane, MD", "Smith, John; Doe, Jane"),
    # After initials or a family name alone, a degree's letters are a name's: "MA" is a family name here.
    ("LONG, Y. S., MA, L.", "LONG, Y. S., MA, L."),
    ("Smith, MD; Doe, JA", "Smith, MD; Doe, JA"),
])
def test_degrees_go_only_where_they_follow_a_whole_name(text: str, kept: str) -> None:
    from bot.paper import _without_degrees

    assert _without_degrees(text) == kept


def test_arxiv_feeds_write_given_names_first_so_a_comma_always_separates_people() -> None:
    rss = b'''<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
<channel><title>cs.CL updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CL</link>
<item><title>Open Information Extraction Revisited</title><link>https://arxiv.org/abs/2401.00001</link>
<description>arXiv:2401.00001v1 Announce Type: new
Abstract: We revisit OIE.</description><guid isPermaLink="false">oai:arXiv.org:2401.00001v1</guid>
<arxiv:announce_type>new</arxiv:announce_type><dc:creator>Mausam, Daniel S. Weld</dc:creator></item>
</channel></rss>'''
    papers = parse_feed(rss, FeedConfig(name="arxiv-cl", url="https://rss.arxiv.org/rss/cs.CL"))
    assert papers[0].authors == ["Mausam", "Daniel S. Weld"]
    # A one-word second name reads as "Family, Given" anywhere else: in an arXiv feed it is a person.
    swapped = rss.replace(b"Mausam, Daniel S. Weld", b"Daniel S. Weld, Mausam")
    feed = FeedConfig(name="arxiv-cl", url="https://rss.arxiv.org/rss/cs.CL")
    assert parse_feed(swapped, feed)[0].authors == ["Daniel S. Weld", "Mausam"]


# -- journal and proceedings feeds as publishers serve them ------------------------------------------

PUBLISHER_FEEDS = {"/nmeth.rss": (RSS, "nature-methods.rdf.xml"), "/cels.rss": (RSS, "sciencedirect.rss.xml"),
                   "/bioinformatics.rss": (RSS, "oup-advance.rss.xml"),
                   "/biorxiv.rss": (RSS, "biorxiv.rdf.xml"), "/acl.atom": (ATOM, "acl-anthology.atom.xml")}


def fetch_publishers(state: State, venues: dict[str, str] | None = None) -> dict[str, list]:
    """Each publisher feed fetched over loopback: its name -> its papers."""
    feeds = {path: (kind, fixture_feed(name)) for path, (kind, name) in PUBLISHER_FEEDS.items()}
    with FeedServer(feeds=feeds) as srv:
        names = [{"name": path.strip("/").split(".")[0], "url": path, **({"venue": venues[path]} if venues
                                                                          and path in venues else {})}
                 for path in feeds]
        result = fetch_all(make_config(srv.url, names), state)
    assert not result.errors
    return {r.name.removeprefix("feed:"): r.papers for r in result.reports}


def test_corrections_editorials_and_front_matter_are_no_papers(state: State) -> None:
    # Titled after the paper they correct, a correction ranks as high as the paper and would be proposed.
    titles = [p.title for papers in fetch_publishers(state).values() for p in papers]
    for non_paper in ("Author Correction: Squidpy", "Method of the Year 2024", "Editorial Board",
                      "Erratum: A systematic", "Correction to: BBKNN", "Proceedings of the 62nd"):
        assert not [t for t in titles if t.startswith(non_paper)], non_paper
    assert "Benchmarking single-cell foundation models for zero-shot cell type annotation" in titles
    assert "Graph neural networks decode cell-cell communication from spatial transcriptomics" in titles


@pytest.mark.parametrize("title", ["Correction of batch effects in single-cell data",
                                   "Editorial bias in peer review", "Error correction codes for DNA storage",
                                   "Contents-aware retrieval",
                                   # "to" with no colon or quote, "notice" leading a title, a hyphenated word
                                   "Corrections to the Born approximation from learned potentials",
                                   "Correction to Newton iterations via learned preconditioners",
                                   "Correction Notice Generation for Misinformation",
                                   "Retraction-aware citation recommendation", "Erratum-free decoding"])
def test_a_paper_whose_title_starts_like_a_correction_stays(title: str) -> None:
    from bot.sources.feeds import is_non_paper

    assert not is_non_paper({"title": title, "tags": [{"term": "Error correction"}]})


@pytest.mark.parametrize("title", ['Correction to "Deep nets for cell atlases"', "Correction to: BBKNN",
                                   "Correction Notice", "Erratum \u2014 Deep nets", "Retraction - Deep nets"])
def test_a_correction_named_after_a_colon_dash_or_quotes_is_no_paper(title: str) -> None:
    from bot.sources.feeds import is_non_paper

    assert is_non_paper({"title": title})


def test_family_first_author_lists_of_biorxiv_and_journals_are_people(state: State) -> None:
    # One dc:creator "Long, Y., Ang, K. S., ..." was split at every comma: eight "authors", half of them
    # initials, rendered as "L., Y., A., ..." in the entry.
    papers = fetch_publishers(state)
    assert [p.authors for p in papers["biorxiv"]] == [["Y. Long", "K. S. Ang", "R. Sethi", "J. Chen"],
                                                      ["T. Nguyen", "H. Tran", "M. Le"]]
    assert papers["bioinformatics"][0].authors == ["Wei Li", "Hao Zhang", "Ming Chen"]


@pytest.mark.parametrize("order", ["journal first", "preprint first"])
def test_a_biorxiv_preprint_and_its_journal_version_are_the_journal_paper(state: State, order: str) -> None:
    # The merged record took the venue and DOI of whichever came second: a Nature Methods paper's entry
    # read "*bioRxiv Subject Collection: Bioinformatics*", linked nature.com and cited the preprint's DOI.
    feeds = {"/nmeth.rss": (RSS, fixture_feed("nature-methods.rdf.xml")),
             "/biorxiv.rss": (RSS, fixture_feed("biorxiv.rdf.xml"))}
    names = [{"name": "nmeth", "url": "/nmeth.rss"}, {"name": "biorxiv", "url": "/biorxiv.rss"}]
    with FeedServer(feeds=feeds) as srv:
        result = fetch_all(make_config(srv.url, names if order == "journal first" else names[::-1]), state)
    [paper] = [p for p in result.papers if "SpatialGLUE" in p.title]
    assert paper.venue == "Nature Methods" and paper.doi == "10.1038/s41592-024-02316-4"
    assert paper.url == "https://www.nature.com/articles/s41592-024-02316-4"
    assert paper.title == "Deep generative modeling of spatial multi-omics with SpatialGLUE"  # the journal's
    assert paper.published == "2024-02-12"  # when the work became public, as for an arXiv preprint


def test_an_oxford_academic_link_gives_the_doi_without_the_pages_article_number(state: State) -> None:
    # OUP's links hold the DOI and then the site's own number: "10.1093/bioinformatics/btae512/7740000"
    # was taken whole, a DOI that resolves nowhere, linked in the PR and keyed apart from the real one.
    papers = fetch_publishers(state)["bioinformatics"]
    assert [p.doi for p in papers] == ["10.1093/bioinformatics/btae512", "10.1093/bioinformatics/btae530"]
    assert papers[0].key == "doi:10.1093/bioinformatics/btae512"


def test_a_publishers_citation_line_and_metadata_are_no_abstract(state: State) -> None:
    # nature.com leads every description with "Nature Methods, Published online: <date>; doi:..." and
    # ScienceDirect's holds only the date, the issue and the authors: the ranker embedded that and the
    # PR quoted it as the abstract, and ScienceDirect's papers came with no authors at all.
    papers = fetch_publishers(state)
    nature = papers["nmeth"][0]
    assert nature.abstract.startswith("SpatialGLUE integrates spatial multi-omics data")
    assert "Published online" not in nature.abstract and "doi:" not in nature.abstract
    [cell] = papers["cels"]
    assert cell.abstract == "" and cell.authors == ["Wenjing Ma", "Siyu Hou", "Xuan Liu"]
    assert cell.published == "2024-07-17"


@pytest.mark.parametrize("paragraph", ["Source code and data are available at https://github.com/x/y.",
                                       "Sources of variation in single-cell data are modelled jointly.",
                                       "Publication dates of 2,000 preprints predict their citations."])
def test_an_abstracts_paragraph_that_starts_like_a_publishers_metadata_stays(paragraph: str) -> None:
    # ScienceDirect's metadata paragraphs carry a colon ("Source: Cell Systems"); an abstract's own
    # paragraph starting with the same word was taken out as one.
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Bioinformatics</title><item>
<title>Fast batch alignment of single cell transcriptomes</title><link>https://example.org/a/1</link>
<description><![CDATA[<p>We align batches quickly.</p><p>{paragraph}</p>]]></description>
</item></channel></rss>""".encode()
    [paper] = parse_feed(rss, FeedConfig(name="oup", url="https://example.org/feed.rss"))
    assert paragraph in paper.abstract


def test_a_venue_taken_from_a_feeds_title_is_the_journals_name(state: State) -> None:
    # "ScienceDirect Publication: Cell Systems" was the venue, and the entry read so in the list.
    papers = fetch_publishers(state)
    assert {p.venue for p in papers["cels"]} == {"Cell Systems"}
    assert {p.venue for p in papers["biorxiv"]} == {"bioRxiv"}
    assert {p.venue for p in papers["nmeth"]} == {"Nature Methods"}  # prism:publicationName


@pytest.mark.parametrize(("title", "venue"), [
    ("Nature Methods - Issue - nature.com science feeds", "Nature Methods"),
    ("Bioinformatics Advance Access", "Bioinformatics"),
    ("medRxiv Subject Collection: Epidemiology", "medRxiv"),
    ("Current Issues in Molecular Biology", "Current Issues in Molecular Biology"),
    ("Journal of Machine Learning Research (JMLR)", "Journal of Machine Learning Research (JMLR)"),
    # Frontiers' feeds: the feed's words whole, not "Frontiers in Neuroscience | New and".
    ("Frontiers in Neuroscience | New and Recent Articles", "Frontiers in Neuroscience"),
    # A feed's words after a space alone end the title, or they are the journal's own name.
    ("Cell Systems Online First", "Cell Systems"),
    ("Most Recent Advances in Learning Systems", "Most Recent Advances in Learning Systems"),
    ("Annals of Current Issue Analysis in Medicine", "Annals of Current Issue Analysis in Medicine"),
])
def test_a_feed_title_gives_its_venue(title: str, venue: str) -> None:
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><item>'
           "<title>Spatial Omics at Scale</title><link>https://j.example.org/a/1</link></item></channel></rss>")
    [paper] = parse_feed(rss.encode(), FeedConfig(name="j", url="https://j.example.org/rss"))
    assert paper.venue == venue


# Found by a mutation round on the journal-feed code: each kills a mutant that survived.

@pytest.mark.parametrize("typed", [{"dc_type": "Editorial"}, {"prism_section": "Editorial"},
                                   {"tags": [{"term": "Editorial"}]}])
def test_an_item_typed_an_editorial_in_any_one_field_is_no_paper(typed: dict[str, object]) -> None:
    # Nature's "Method of the Year" is an editorial only by its type: publishers give it in one field or
    # another (dc:type, prism:section, a category).
    from bot.sources.feeds import is_non_paper

    assert is_non_paper({"title": "Method of the Year 2024: spatial proteomics", **typed})


@pytest.mark.parametrize("title,topic", [
    ("Who sits on editorial boards? Gender and geography across 2,000 journals", "Editorial boards"),
    ("Retracted papers keep being cited: a decade of evidence", "Retractions and research integrity"),
])
def test_a_topic_that_starts_with_a_notices_type_is_no_type(title: str, topic: str) -> None:
    # A research-integrity journal tags papers with topics: a type is the whole value, not its start.
    from bot.sources.feeds import is_non_paper

    assert not is_non_paper({"title": title, "tags": [{"term": topic}]})


def _description_feed(description: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Nature Methods</title><item>'
            f"<title>Deep generative modeling of spatial multi-omics</title><link>https://j.example.org/a/1</link>"
            f"<description><![CDATA[{description}]]></description></item></channel></rss>").encode()


def test_a_citation_line_whose_doi_is_not_a_link_is_no_abstract() -> None:
    # nature.com's feeds write the DOI as a link or as text.
    rss = _description_feed("<p>Nature Methods, Published online: 21 June 2024; "
                            "doi:10.1038/s41592-024-02316-4</p>SpatialGLUE integrates spatial "
                            "multi-omics data.")
    [paper] = parse_feed(rss, FeedConfig(name="nmeth", url="https://j.example.org/rss"))
    assert paper.abstract == "SpatialGLUE integrates spatial multi-omics data."


def test_metadata_named_in_bold_before_the_colon_is_no_abstract() -> None:
    # "<b>Source</b>:" as well as "<b>Source:</b>" and "Source:".
    rss = _description_feed("<p><b>Publication date</b>: 17 July 2024</p><p><b>Source</b>: Cell Systems, "
                            "Volume 15</p><p><b>Author(s)</b>: Wenjing Ma, Siyu Hou</p>")
    [paper] = parse_feed(rss, FeedConfig(name="cels", url="https://j.example.org/rss"))
    assert (paper.abstract, paper.authors) == ("", ["Wenjing Ma", "Siyu Hou"])


def test_a_wiley_feed_title_gives_the_journal() -> None:
    from bot.sources.feeds import channel_venue

    assert channel_venue("Wiley: Advanced Materials: Table of Contents") == "Advanced Materials"


def test_sciencedirects_authors_are_given_name_first() -> None:
    # "Author(s): Soumya Sanyal, Mausam": read family name first, two people were one, "Mausam Soumya Sanyal".
    rss = _description_feed("<p>Publication date: 17 July 2024</p><p><b>Source:</b> Artificial Intelligence, "
                            "Volume 332</p><p>Author(s): Soumya Sanyal, Mausam</p>")
    [paper] = parse_feed(rss, FeedConfig(name="aij", url="https://j.example.org/rss"))
    assert paper.authors == ["Soumya Sanyal", "Mausam"]


# -- IEEE Xplore, PubMed and Atypon (ACM DL, Wiley) feeds ----------------------------------------------

MORE_PUBLISHER_FEEDS = {"/tnnls.rss": "ieee-tnnls-toc.rss.xml", "/pubmed.rss": "pubmed-search.rss.xml",
                        "/csur.rss": "acm-csur.rdf.xml", "/aisy.rss": "wiley-earlyview.rdf.xml"}


def fetch_more_publishers(state: State) -> dict[str, list]:
    """Each of MORE_PUBLISHER_FEEDS fetched over loopback: its name -> its papers."""
    feeds = {path: (RSS, fixture_feed(name)) for path, name in MORE_PUBLISHER_FEEDS.items()}
    with FeedServer(feeds=feeds) as srv:
        names = [{"name": path.strip("/").split(".")[0], "url": path} for path in feeds]
        result = fetch_all(make_config(srv.url, names), state)
    assert not result.errors
    return {r.name.removeprefix("feed:"): r.papers for r in result.reports}


def test_an_ieee_issues_editorials_and_front_matter_are_no_papers(state: State) -> None:
    # A special issue's guest editorial and introduction talk of the issue's topic: they outranked the
    # issue's real paper and took the run's two PRs. Front cover and society pages were candidates too.
    papers = fetch_more_publishers(state)["tnnls"]
    assert [p.title for p in papers] == ["Manipulating Integrated Gradients with Adversarial Fine-Tuning",
                                         "An Introduction to Adversarial Attacks on Feature Attribution"]
    # IEEE's feeds are titled "<journal> - new TOC"; the entry read "*... Systems - new TOC*, 2024".
    assert {p.venue for p in papers} == {"IEEE Transactions on Neural Networks and Learning Systems"}


@pytest.mark.parametrize("title", [
    "Guest Editorial: Special Issue on Adversarial Robustness of Explainable AI",
    "Guest Editorial Special Section on Trustworthy Machine Learning",
    "Introduction to the Special Section on Manipulated Explanations",
    "Introduction to the Special Issue on Explainable AI", "Introduction to this special issue",
    "Introduction to the IEEE TNNLS Special Issue on Deep Learning for Graphs",
    "Preface", "Foreword", "Preface to the special issue on interpretable ML", "Foreword: AAAI 2024",
    "Message from the General Chairs", "Message from the Program Co-Chairs",
    "Welcome Message from the General Chair", "Message from the Editor-in-Chief",
    "[Front Cover]", "Front Cover", "Inside Back Cover", "[Table of Contents]", "Masthead",
    "IEEE Transactions on Pattern Analysis and Machine Intelligence Publication Information",
    "IEEE Computer Society Information", "Information for Authors", "Information for Authors:",
    "Call for Papers: Special Issue on Robust Explanations", "Introduction",
])
def test_an_issues_front_matter_is_no_paper(title: str) -> None:
    from bot.sources.feeds import is_non_paper

    assert is_non_paper({"title": title})


@pytest.mark.parametrize("title", [
    "An Introduction to Adversarial Attacks on Explanations", "Introduction to Deep Learning for Genomics",
    "Introduction to the special functions of mathematical physics", "Information Bottleneck Attribution",
    "Message Passing Neural Networks for Molecules", "Message from the Past: Backdoors in Pretrained Models",
    "Cover Song Identification with Siamese Networks", "Front-door Adjustment for Explanations",
    "Preface-aware summarisation", "Guest editorials and the citations they draw",
    "Leaking society information through federated recommenders: an audit",
])
def test_a_paper_titled_like_front_matter_stays(title: str) -> None:
    from bot.sources.feeds import is_non_paper

    assert not is_non_paper({"title": title})


def test_no_paper_of_the_backtest_haystack_is_taken_for_front_matter(shared_data: Path) -> None:
    # 3,000 real titles (arXiv and venues): the non-paper patterns must leave every one of them.
    from bot.paper import read_jsonl
    from bot.sources.feeds import is_non_paper

    papers = read_jsonl(str(shared_data / "backtest" / "haystack-dev.jsonl"))
    assert len(papers) >= 1000
    assert [p.title for p in papers if is_non_paper({"title": p.title})] == []


def test_pubmed_items_are_people_journals_and_abstracts(state: State) -> None:
    papers = fetch_more_publishers(state)["pubmed"]
    first, second = papers
    # Vancouver's "Smith J" was kept as written, and the list rendered "S. J et al.".
    assert first.authors == ["J. Smith", "M. A. García-López", "K. L. O'Brien", "J. P. van der Berg",
                             "Alzheimer's Disease Neuroimaging Initiative"]
    assert second.authors == ["W. Li", "S. Kavitha"]
    # The venue was the saved search's name, "explanation manipulation - PubMed".
    assert [p.venue for p in papers] == ["Med Image Anal", "J Biomed Inform"]
    # The citation paragraph, the "ABSTRACT" heading and "PMID: ... | DOI: ..." were the abstract's.
    assert first.abstract == (
        "BACKGROUND: Saliency maps are used to justify chest radiograph predictions. METHODS: We craft "
        "adversarial perturbations that manipulate explanations while accuracy is unchanged.")
    assert second.abstract == ""
    # MEDLINE ends a title with a period; a question mark stays.
    assert first.title == "Adversarial manipulation of saliency maps in chest radiograph classifiers"
    assert second.title.endswith("adversarial noise?")
    assert first.doi == "10.1016/j.media.2024.103201"
    # Its links carried the feed's tracking query into the list: "?utm_source=Other&...&v=2.18.0".
    assert first.url == "https://pubmed.ncbi.nlm.nih.gov/38900001/"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://dl.acm.org/doi/abs/10.1145/3650000?af=R", "https://dl.acm.org/doi/abs/10.1145/3650000"),
    ("https://www.biorxiv.org/content/10.1101/2024.06.18.599001v1?rss=1",
     "https://www.biorxiv.org/content/10.1101/2024.06.18.599001v1"),
    ("https://j.example.org/view?id=7&utm_source=rss&utm_medium=feed#abs", "https://j.example.org/view?id=7#abs"),
    ("https://j.example.org/view?v=2&id=7&rss=2", "https://j.example.org/view?v=2&id=7&rss=2"),
])
def test_a_feeds_tracking_parameters_are_no_part_of_a_papers_link(url: str, expected: str) -> None:
    assert without_tracking(url) == expected


def test_an_abstract_citing_a_paper_as_pubmed_cites_keeps_it_outside_pubmed() -> None:
    # PubMed's citation-paragraph rule ran on every feed and cut such an abstract's first paragraph.
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>J Child Health: Latest Articles</title>'
           b"<item><title>Saliency for paediatric X-rays</title><link>https://j.example.org/a/1</link>"
           b"<description>&lt;p&gt;We revisit Smith et al. Lancet. 2020;395:1-2 and extend it to children."
           b"&lt;/p&gt;&lt;p&gt;Methods follow.&lt;/p&gt;</description></item></channel></rss>")
    [paper] = parse_feed(rss, FeedConfig(name="jch", url="https://j.example.org/rss"))
    assert paper.abstract == ("We revisit Smith et al. Lancet. 2020;395:1-2 and extend it to children. "
                              "Methods follow.")


def test_names_of_vancouvers_shape_are_read_so_only_in_pubmeds_feed() -> None:
    # "Wei LI" and "Kavitha SH" are real authors written given name first: outside PubMed they stay.
    rss = (b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
           b"<title>Journal of Machine Learning Security: Latest Articles</title><item>"
           b"<title>Robust Saliency under Shift</title><link>https://j.example.org/a/1</link>"
           b"<dc:creator>Wei LI</dc:creator><dc:creator>Kavitha SH</dc:creator></item></channel></rss>")
    [paper] = parse_feed(rss, FeedConfig(name="jmls", url="https://j.example.org/rss"))
    assert paper.authors == ["Wei LI", "Kavitha SH"]
    [pubmed] = parse_feed(rss, FeedConfig(name="pm", url="https://pubmed.ncbi.nlm.nih.gov/rss/search/1a/"))
    assert pubmed.authors == ["L. I. Wei", "S. H. Kavitha"]


@pytest.mark.parametrize(("name", "person"), [
    ("Smith J", "J. Smith"), ("García-López MA", "M. A. García-López"), ("O'Brien KL", "K. L. O'Brien"),
    ("de la Cruz MA", "M. A. de la Cruz"), ("Özdemir Ö", "Ö. Özdemir"),
    # No person's name: a group, an acronym, a name already given first, a name alone.
    ("Alzheimer's Disease Neuroimaging Initiative", "Alzheimer's Disease Neuroimaging Initiative"),
    ("The PREVENT HD", "The PREVENT HD"), ("ADNI Study Group", "ADNI Study Group"),
    ("J. Smith", "J. Smith"), ("Smith", "Smith"),
])
def test_a_vancouver_name_is_given_name_first(name: str, person: str) -> None:
    from bot.sources.feeds import given_name_first

    assert given_name_first(name) == person


def test_an_atypon_citation_line_is_no_abstract_and_content_gives_the_abstract(state: State) -> None:
    # ACM DL's description is the issue's citation line alone; the abstract, where the feed has one, is in
    # content:encoded after the same line. The citation line was the abstract the ranker embedded.
    papers = fetch_more_publishers(state)
    with_content, without = papers["csur"]
    assert with_content.abstract.startswith("Explainable AI methods are increasingly used to audit models")
    assert "Volume 56" not in with_content.abstract
    assert without.abstract == ""
    # Wiley without dc:description: "Advanced Intelligent Systems, EarlyView." and an "Abstract" heading.
    [wiley] = papers["aisy"]
    assert wiley.abstract.startswith("Saliency maps are used to audit industrial defect detectors.")
    assert wiley.venue == "Advanced Intelligent Systems"


@pytest.mark.parametrize("description", [
    "Journal of Applied Polymer Science, Volume 141, Issue 25, July 5, 2024. ",
    "Volume 38, Issue 7, July 2024, Page 1-20<br/>. ",
    "Science, Technology, &amp; Human Values, Volume 49, Issue 4, Page 700-725, July 2024. <br/>",
])
def test_citation_lines_of_atypons_journals_are_no_abstract(description: str) -> None:
    [paper] = parse_feed(_description_feed(description), FeedConfig(name="j", url="https://j.example.org/rss"))
    assert paper.abstract == ""


@pytest.mark.parametrize(("description", "abstract"), [
    ("<h3>Abstract</h3><p>Shapley values attribute emissions to sectors.</p>",
     "Shapley values attribute emissions to sectors."),
    ("<p><strong>Abstract:</strong> We fool SHAP explanations.</p>", "We fool SHAP explanations."),
    ("Abstract: We fool SHAP explanations.", "We fool SHAP explanations."),
    # The abstract's own words, no heading nor citation.
    ("<p>Abstract reasoning in language models is brittle.</p>", None),
    ("In this paper, Volume 3 of the series, we audit saliency.", None),
])
def test_an_abstract_heading_is_no_part_of_the_abstract(description: str, abstract: str | None) -> None:
    [paper] = parse_feed(_description_feed(description), FeedConfig(name="j", url="https://j.example.org/rss"))
    assert paper.abstract == (abstract or description.removeprefix("<p>").removesuffix("</p>"))


@pytest.mark.parametrize(("title", "venue"), [
    ("IEEE Transactions on Neural Networks and Learning Systems - new TOC",
     "IEEE Transactions on Neural Networks and Learning Systems"),
    ("IEEE Access - new TOC", "IEEE Access"),
    ("explanation manipulation - PubMed", ""),
    # A conference's accepted papers are at that venue; its submissions are not (yet): no venue.
    ("ICML 2025 Accepted Papers", "ICML 2025"),
    ("ICML 2025 - Accepted Papers", "ICML 2025"), ("ICLR 2027 Conference - Accepted papers", "ICLR 2027"),
    ("Accepted Papers at AISTATS 2026", "AISTATS 2026"),
    ("Accepted papers", ""),
    ("ICLR 2026 Conference Submissions", ""),
    ("TMLR Papers Under Review", ""), ("ICLR 2026 Conference Rejected Papers", ""),
    ("ICLR 2025 Conference Accepted Submissions", "ICLR 2025"),
    ("COLM 2024 accepted submissions", "COLM 2024"),
    ("ACL 2024 Accepted Papers: Main Conference", "ACL 2024"),
    # A journal's feed of accepted articles names the journal, among the publisher's and feed's words.
    ("ScienceDirect Publication: Accepted Articles: Neural Networks", "Neural Networks"),
    ("IEEE Xplore: Accepted Papers - IEEE Transactions on Robotics", "IEEE Transactions on Robotics"),
    ("Wiley: Advanced Materials: Accepted Articles", "Advanced Materials"),
    ("Medical Image Analysis (Accepted Articles)", "Medical Image Analysis"),
    ("Bioinformatics: Accepted Manuscripts", "Bioinformatics"), ("accepted articles - PubMed", ""),
    ("Journal of Accepted Papers", "Journal of Accepted Papers"),
    ("Transactions on Machine Learning Research (TMLR) - Accepted Papers",
     "Transactions on Machine Learning Research (TMLR)"),
    ("Latest Accepted Articles: Pattern Recognition", "Pattern Recognition"),
    ("Neural Computation - Recently Accepted Papers", "Neural Computation"),
    ("Accepted Papers (ICML 2025)", "ICML 2025"),
    ("Journal of Accepted Ideas", "Journal of Accepted Ideas"),
])
def test_ieee_and_pubmed_feed_titles_give_their_venue(title: str, venue: str) -> None:
    from bot.sources.feeds import channel_venue

    assert channel_venue(title) == venue


# -- items as odd publishers write them --------------------------------------------------------------

_ODD_ITEMS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Lab News</title>
<item><title>Zero-dated explanations</title><link>https://lab.example.org/p/1</link>
  <dc:date>0000-00-00</dc:date></item>
<item><title>Sorting in &#55349;&#56490;(n log n) time, lone &#xD835; too &#x110000;</title>
  <link>https://lab.example.org/p/2</link><pubDate>Fri, 01 Jan 2027 00:00:00 +0100</pubDate>
  <description>For every x&lt;y and y&gt;z the attribution is monotone; the &lt;SEP&gt; token matters.
  </description>
  <dc:creator>Nowak, Anna Maria</dc:creator><dc:creator>Wang, Xiao Ming</dc:creator></item>
</channel></rss>"""


def test_odd_dates_surrogate_references_and_angle_brackets_in_text_are_read_as_written() -> None:
    # Each of these ended the whole fetch (ValueError: year 0 is out of range; UnicodeEncodeError on
    # the surrogates), cut the abstract between "<" and ">", or moved the date to the UTC day before.
    zero, sorting = parse_feed(_ODD_ITEMS, FeedConfig(name="lab", url="https://lab.example.org/rss"))
    assert zero.title == "Zero-dated explanations" and zero.published == ""
    assert sorting.title == "Sorting in \U0001d4aa(n log n) time, lone \ufffd too \ufffd"
    assert sorting.published == "2027-01-01"
    assert sorting.abstract == ("For every x<y and y>z the attribution is monotone; the <SEP> token "
                                "matters.")
    assert sorting.authors == ["Anna Maria Nowak", "Xiao Ming Wang"]  # an element per person


_SURROGATE_ITEMS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Lab News</title>
<item><title>Math &#55349;&#x110000; symbols</title><link>https://lab.example.org/p/1</link></item>
<item><title>Sorting in &#XD835;&#XDCAA;(n) time</title><link>https://lab.example.org/p/2</link></item>
<item><title>Halves &#55349; and &#56490; apart</title><link>https://lab.example.org/p/3</link></item>
</channel></rss>"""


def test_surrogate_references_pair_only_when_adjacent_and_either_hex_mark_is_read() -> None:
    # A high half before a reference past Unicode is no pair (joined, it was a character past Unicode,
    # and the feed was lost); "&#X" is hexadecimal as "&#x" is; two halves with text between them
    # are two lone halves, not one character that swallows the text.
    papers = parse_feed(_SURROGATE_ITEMS, FeedConfig(name="lab", url="https://lab.example.org/rss"))
    assert [p.title for p in papers] == ["Math \ufffd\ufffd symbols", "Sorting in \U0001d4aa(n) time",
                                         "Halves \ufffd and \ufffd apart"]


def test_an_items_only_author_element_family_first_is_one_person() -> None:
    # Publishers that write an element per author write one for a paper by one author, too.
    body = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Lab News</title>
<item><title>One author</title><link>https://lab.example.org/p/1</link>
  <dc:creator>Nowak, Anna Maria</dc:creator></item>
<item><title>Two in one element</title><link>https://lab.example.org/p/2</link>
  <dc:creator>Alice Brown, Carl Doe</dc:creator></item>
<item><title>Joined in one element</title><link>https://lab.example.org/p/3</link>
  <dc:creator>Berg, Anna and Carl Dorn</dc:creator></item>
</channel></rss>"""
    one, two, joined = parse_feed(body, FeedConfig(name="lab", url="https://lab.example.org/rss"))
    assert (one.authors, two.authors) == (["Anna Maria Nowak"], ["Alice Brown", "Carl Doe"])
    assert "Carl Dorn" in joined.authors  # not one "Anna and Carl Dorn Berg"


@pytest.fixture
def zero_item_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader of generic items fails on _ODD_ITEMS' zero-dated item, as any unforeseen item may."""
    from bot.sources import feeds

    read = feeds.generic_entry_paper

    def fragile(entry: object, *args: object) -> object:
        if "Zero" in entry.get("title", ""):  # type: ignore[attr-defined]
            raise OverflowError("date value out of range")
        return read(entry, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds, "generic_entry_paper", fragile)


@pytest.mark.usefixtures("zero_item_fails")
def test_an_item_that_cannot_be_read_is_skipped_and_named(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        papers = parse_feed(_ODD_ITEMS, FeedConfig(name="lab", url="https://lab.example.org/rss"))
    assert [p.url for p in papers] == ["https://lab.example.org/p/2"]
    assert "feed lab: item 'Zero-dated explanations' skipped: OverflowError" in caplog.text


def test_a_feeds_unexpected_failure_is_its_own_error_and_the_others_are_read(
        state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.sources import feeds

    read = feeds.read_feed

    def fragile(body: bytes, feed: FeedConfig, *args: object) -> object:
        if feed.name == "lab":
            raise RuntimeError("a surprise")
        return read(body, feed, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds, "read_feed", fragile)
    with FeedServer(feeds={"/lab": (RSS, _ODD_ITEMS), "/rss/cs.LG": (RSS, ARXIV_RSS)}) as srv:
        result = fetch_all(make_config(srv.url, [{"name": "lab", "url": "/lab"},
                                                 {"name": "cs.LG", "url": "/rss/cs.LG"}]), state)
    assert [p.arxiv_id for p in result.papers] == ["2401.08001", "2401.08002"]
    assert result.errors == [f"feed lab ({srv.url}/lab): unexpected RuntimeError: a surprise; skipped"]


def test_a_title_of_a_long_run_of_spaces_is_read_as_a_title() -> None:
    # "Correction" and tens of thousands of spaces took the non-paper patterns minutes (each space a
    # place to split "\s*" from "\s+"); whitespace is collapsed before they run.
    from bot.sources.feeds import is_non_paper

    assert is_non_paper({"title": "Correction" + " " * 40_000 + "to: Saliency"})
    assert not is_non_paper({"title": "Correction" + " " * 40_000 + "x"})


def test_the_hostile_length_guards_collapse_whitespace_before_the_patterns() -> None:
    # The guards against runs of spaces (benchmarks/hostile_text.py: without them "Correction", "J" or
    # "Volume 1" and 8,000 spaces took 1.2 s, 18 s and 5.6 s) collapse every whitespace run to one space
    # before any pattern runs: titles whose words a line break or a double space parts are still read,
    # and what the readers return has one space where the feed had a run.
    from bot.sources.feeds import _abstract_html, channel_venue, is_non_paper

    for title in ["Table of\n  Contents", "Editorial\tBoard", "Front  Matter",
                  "Proceedings\nof the 1st Workshop"]:
        assert is_non_paper({"title": title}), title
    assert _abstract_html("<p>We  study\n\t saliency\u00a0 maps.</p>") == "<p>We study saliency maps.</p>"
    assert _abstract_html("Volume 1" + " " * 40_000 + "x") == "Volume 1 x"
    assert channel_venue("Journal of\n  Machine   Learning Research") == (
        "Journal of Machine Learning Research")
    assert channel_venue("J" + " " * 40_000 + "x") == "J"  # capped at 2,000 characters, then collapsed


_MORE_ODD_ITEMS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Lab News</title>
<item><title>A .NET zero date</title><link>https://lab.example.org/p/3</link>
  <pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>
<item><title>Scripts in a description</title><link>https://lab.example.org/p/4</link>
  <description>We study X. &lt;script&gt;var a=document.cookie;&lt;/script&gt;
  &lt;style&gt;.a{color:red}&lt;/style&gt; With
  &lt;script type="math/tex"&gt;\\alpha&lt;/script&gt; bounds.</description>
  <dc:creator>Anna Berg, Carl Dorn</dc:creator><dc:creator>Eve Fox</dc:creator></item>
</channel></rss>"""


def test_a_zero_date_scripts_and_an_element_of_two_names_are_read_as_meant() -> None:
    # Read as RFC 822 a year 0001 is 2001; without feedparser's sanitiser a script's code became words of
    # the abstract; and "Anna Berg, Carl Dorn" beside "Eve Fox" was read as one "Carl Dorn Anna Berg".
    zero, scripts = parse_feed(_MORE_ODD_ITEMS, FeedConfig(name="lab", url="https://lab.example.org/rss"))
    assert zero.published == ""
    assert scripts.abstract == "We study X. With \\alpha bounds."  # MathJax's TeX stays
    assert scripts.authors == ["Anna Berg", "Carl Dorn", "Eve Fox"]


_ZERO_DATED_ATOM = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lab News</title>
<entry><title>A zero published date</title><id>tag:lab.example.org,2025:1</id>
  <link href="https://lab.example.org/p/1"/>
  <published>0001-01-01T00:00:00</published><updated>2025-01-06T00:00:00Z</updated></entry>
</feed>"""
_ZERO_DATED_RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Lab News</title>
<item><title>A zero date in a zone</title><link>https://lab.example.org/p/2</link>
  <pubDate>0001-01-01 00:00:00 EST</pubDate></item>
</channel></rss>"""


def test_a_zero_date_gives_way_to_the_next_date_of_the_item_or_to_none() -> None:
    # A placeholder date is no date: an Atom entry's zero <published> gives way to its <updated>, and
    # an RSS item whose only date is a zero one is undated (as written neither litbot's reader nor
    # RFC 822's knows it, and feedparser's reading of it is the year 1).
    feed = FeedConfig(name="lab", url="https://lab.example.org/feed")
    [atom] = parse_feed(_ZERO_DATED_ATOM, feed)
    [rss] = parse_feed(_ZERO_DATED_RSS, feed)
    assert (atom.published, rss.published) == ("2025-01-06", "")


@pytest.mark.usefixtures("zero_item_fails")
def test_a_feed_with_a_skipped_item_keeps_no_validators(state: State) -> None:
    # A 304 next run would keep the item skipped until the feed changed.
    with FeedServer(feeds={"/lab": (RSS, _ODD_ITEMS)}) as srv:
        result = fetch_all(make_config(srv.url, [{"name": "lab", "url": "/lab"}]), state)
    assert len(result.papers) == 1 and result.http_cache_updates == {}


def test_script_code_goes_in_one_pass_and_an_unclosed_script_tag_alone() -> None:
    from bot.sources.feeds import _abstract_html

    # An unclosed one is a word of the text: "Attackers inject <script> tags" lost all after "inject".
    assert plain_text(_abstract_html("Attackers inject <script> tags into pages. We detect 95%.")) == (
        "Attackers inject tags into pages. We detect 95%.")
    # One with attributes is markup: a summary cut inside its code loses the code, not its text.
    assert _abstract_html('High recall. <script type="text/javascript">var _gaq = [];') == "High recall."
    assert _abstract_html('We show <script type="math/asciimath">x^2</script> bounds.') == (
        'We show <script type="math/asciimath">x^2</script> bounds.')
    # Thousands of unclosed openings: each was scanned to the end (8 s for 200 kB).
    many = "<span>x</span>" + "<script>xxxxxxxxxx" * 11_000
    cleaned = _abstract_html(many)
    assert cleaned.count("xxxxxxxxxx") == 11_000 and "<script" not in cleaned


@pytest.mark.parametrize("text,day", [
    # A zone before the year is no year: taken for one, these dates were dropped as implausible.
    ("Fri, 03 May 24 10:00 +0000", "2024-05-03"),  # RSS 2.0 allows a two-digit year
    ("Fri May 03 10:00:00 -0500 2024", "2024-05-03"),
    ("Mon, 01 Jan 0001 00:00:00 GMT", ""),  # .NET's zero date, which RFC 822's reader takes for 2001
    ("Monday, 01-Jan-0001 00:00:00 GMT", ""), ("Mon Jan 01 00:00:00 0001", ""),  # RFC 850, asctime
    ("Fri, 03 May 2024 10:00:00 0000", "2024-05-03"),  # a zone written without its sign
    ("Mon Jan 01 00:00:00 0000", ""),  # asctime's year 0, which RFC 822's reader takes for 2000
    ("Mon, 01 Jan 0050 00:00:00 GMT", ""),  # a year of four digits is that year, not 2050
    ("0001-01-01T00:00:00", ""), ("1601-01-01T00:00:00Z", ""),  # .NET's and Windows' zero dates
])
def test_a_dates_year_is_the_one_it_is_written_with(text: str, day: str | None) -> None:
    from bot.paper import written_date

    assert written_date(text) == day


@pytest.mark.parametrize("names,people", [
    (["Smith, John, Jr.", "Eve Fox"], ["John Smith Jr.", "Eve Fox"]),
    (["anna berg, carl dorn", "eve fox"], ["anna berg", "carl dorn", "eve fox"]),
    (["De Cristofaro, Emiliano", "Eve Fox"], ["Emiliano De Cristofaro", "Eve Fox"]),
    (["Le Song, Bo Dai", "Eve Fox"], ["Le Song", "Bo Dai", "Eve Fox"]),  # "Le" is his given name
    (["van der Berg, Jan", "Eve Fox"], ["Jan van der Berg", "Eve Fox"]),
    (["Van der Berg, Anna Maria", "Eve Fox"], ["Anna Maria Van der Berg", "Eve Fox"]),
    (["Van Nguyen, Minh Tran", "Eve Fox"], ["Van Nguyen", "Minh Tran", "Eve Fox"]),  # "Van": a given name
    # An item's only element: one person as much, where it reads family first (read as a list, the
    # sole author was "Nowak" and "Anna Maria"); a list of the item's every author where it does not,
    # joins people, names a group, or a whole person after the comma.
    (["Nowak, Anna Maria"], ["Anna Maria Nowak"]), (["Wang, Xiao Ming"], ["Xiao Ming Wang"]),
    (["Smith, John, Jr."], ["John Smith Jr."]),
    (["A. Berg, C. Dorn"], ["A. Berg", "C. Dorn"]), (["Alice Brown, Carl Doe"], ["Alice Brown", "Carl Doe"]),
    (["Berg, Anna; Carl Dorn"], ["Anna Berg", "Carl Dorn"]),
    (["OpenAI, Anthropic Research"], ["OpenAI", "Anthropic Research"]),
    (["Mausam, Daniel S. Weld"], ["Mausam", "Daniel S. Weld"]),
])
def test_an_author_element_is_one_person_where_it_reads_family_first(names: list[str],
                                                                     people: list[str]) -> None:
    from bot.sources.feeds import _entry_authors

    assert _entry_authors({"authors": [{"name": n} for n in names]}) == people


@pytest.mark.parametrize(("title", "venue"), [
    ("Accepted Papers: Neural Networks - Latest Articles", "Neural Networks"),
    ("Accepted Papers List - ICML 2025", "ICML 2025"),
    ("ICML 2025 \u2014 Accepted Papers", "ICML 2025"),
    ("Accepted Papers \u2013 ICML 2025", "ICML 2025"),
    ("(Accepted Articles) Medical Image Analysis", "Medical Image Analysis"),
])
def test_an_accepted_papers_channel_gives_its_venue_without_the_channel_words(title: str, venue: str) -> None:
    from bot.sources.feeds import channel_venue

    assert channel_venue(title) == venue
