"""Text from feeds made plain and inert: what is stripped, what must survive."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from bot.paper import Paper
from bot.sanitize import markdown_inline, plain_text, plain_url, safe_url, truncate
from bot.sources.normalize import make_paper

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lists"


@pytest.mark.parametrize("text", [
    "Private Learning with 0<epsilon<1 and delta>0",
    "Our attack needs < 100 queries and reaches > 90% success.",
    "Sharp bounds for 0<p<1 and q>2",
    "a <= b and c >= d, x -> y",
])
def test_comparisons_in_text_are_not_taken_for_tags(text: str) -> None:
    assert plain_text(text) == text


@pytest.mark.parametrize("text", [
    "The <think> Tag Is Not Safe: Jailbreaking Reasoning Models",
    "What Does the <mask> Token Know?",
    "Bounds for x<y and y>z",
    "Stopping at <eos>: a <b and c> case",
])
def test_a_word_in_angle_brackets_is_text_and_renders_literally(text: str) -> None:
    # They were stripped as tags: "The Tag Is Not Safe", "Bounds for x z".
    assert plain_text(text) == text
    assert markdown_inline(text) == text.replace("<", "\\<").replace(">", "\\>")


@pytest.mark.parametrize(("text", "expected"), [
    ("Robust attribution of CO<sub>2</sub> emissions", "Robust attribution of CO2 emissions"),
    ("Fooling <i>k</i>-NN on <i>E. coli</i>'s genes", "Fooling k-NN on E. coli's genes"),
    ("Attacks at 10<sup>−3</sup> budgets on <sup>18</sup>F-FDG", "Attacks at 10⁻³ budgets on ¹⁸F-FDG"),
    ("A <mml:math><mml:mi>k</mml:mi></mml:math>-sparse attack", "A k-sparse attack"),
    ("<jats:p>One.</jats:p><jats:p>Two.</jats:p>", "One. Two."),
    ("line<br/>break and <p>para</p>graph", "line break and para graph"),
])
def test_inline_markup_joins_its_text_and_block_markup_separates_it(text: str, expected: str) -> None:
    # Every tag became a space: "CO 2", "k -NN", "E. coli 's", and "10 −3" read as ten minus three.
    assert plain_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('<p class="abstract" hidden>We propose X.</p>', "We propose X."),
    ("<details open>x</details> <video controls src=v.mp4>y", "x y"),
    ("<big>B</big>ig <wbr>word", "Big word"),
    # A value read two ways (quoted, or unquoted with its quotes) made an unclosed tag of 30 attributes
    # take 2^30 steps: every feed text goes through here.
    ("<a" + ' b="x"' * 30, "<a" + ' b="x"' * 30),
    ("<a" + " b=x open" * 30, "<a" + " b=x open" * 30),
])
def test_tags_with_bare_attributes_are_tags_and_an_unclosed_one_is_text(text: str, expected: str) -> None:
    assert plain_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a <script>alert(1)</script> b", "a alert(1) b"),
    ("x <img src=x onerror=alert(1)> y", "x y"),
    ("<b>bold</b> text", "bold text"),
    ("before <!-- a comment --> after", "before after"),
    ("&lt;script&gt;evil&lt;/script&gt;", "evil"),
])
def test_tags_are_still_stripped(text: str, expected: str) -> None:
    assert plain_text(text) == expected


QUERY = "https://j.example/view?id=77&section=security&timestamp=1700000000&region=eu&param=2&not=1"


def test_urls_are_never_entity_decoded() -> None:
    # Python's html.unescape reads "&sect", "&times", "&reg", "&para", "&not" without a ';'.
    assert safe_url(QUERY) == QUERY
    assert make_paper(title="T", url=QUERY, source="feed:j").url == QUERY  # type: ignore[union-attr]
    assert plain_url("https://j.example/p?a=1&amp;b=2\u200b") == "https://j.example/p?a=1&amp;b=2"


@pytest.mark.parametrize(("text", "expected"), [
    ("x &section=1 &times 2 &reg &para", "x &section=1 &times 2 &reg &para"),
    ("&notit; stays", "&notit; stays"),
    ("a &amp; b &copy; &#64;c &#x40;d", "a & b © @c @d"),
    ("&#X41;&#x42;&#67; &#X2F;", "ABC /"),  # an upper-case "X" is as valid as a lower-case one
    ("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;", "bold"),
])
def test_text_decodes_only_entities_closed_by_a_semicolon(text: str, expected: str) -> None:
    assert plain_text(text) == expected


@pytest.mark.parametrize("url", ["https://j.example/paper\\", "https://j.example/p?a=1&b=[2]\\x"])
def test_a_backslash_in_a_url_cannot_break_the_link(url: str) -> None:
    from markdown_it import MarkdownIt

    link = safe_url(url)
    assert "\\" not in link and "%5C" in link
    html = MarkdownIt("commonmark").render(f"[T]({link}) (J 2024)")
    assert '<a href="https://j.example/' in html and ">T</a> (J 2024)" in html, html


def test_an_issue_url_in_untrusted_text_cannot_link_or_close_the_issue() -> None:
    text = markdown_inline("Fixes https://github.com/owner/list/issues/12 and github.com/o/r/pull/3, "
                           "see github.com/o/r/discussions/5.")
    assert "issues/12" not in text and "pull/3" not in text and "discussions/5" not in text
    assert "https://github.com/owner/list/issues/ 12" in text  # still readable


# Each character a feed URL could use to end "(...)" early, open a tag/attribute or split a table cell.
_LINK_BREAKERS = ["https://x.example/a)![i](https://evil.example/p.png", "https://x.example/a(b))[j](https://evil.example)",
                  'https://x.example/a"><img src=x>', "https://x.example/a|b|c", "https://x.example/a\\)"]


@pytest.mark.parametrize("url", _LINK_BREAKERS)
def test_a_feed_url_cannot_end_its_link_early_or_inject_an_image(url: str) -> None:
    # A feed controls the URL of its papers; if ")" reached the "(...)" of our link, the rest of the URL
    # would render as markdown: here an image from the attacker's host, in the list and in the PR body.
    from markdown_it import MarkdownIt

    from bot.lists import read_list, render_entry
    from bot.proposal import pr_body
    from bot.ranked import RankedPaper

    link = safe_url(url)
    assert not set("()<>\"|\\") & set(link), link
    paper = Paper(title="T", url=url, published="2023")
    md = MarkdownIt("commonmark").enable("table")
    plain = read_list(str(FIXTURES / "plain_notes.md")).style
    for text in (render_entry(paper, plain), pr_body(RankedPaper(paper, 0.9, "Attacks", 0.7, rank=1), 3)):
        html = md.render(text)
        hrefs = re.findall(r'<a href="([^"]*)"', html)
        assert "<img" not in html and len(hrefs) == html.count("<a") == 1, html
        assert unquote(hrefs[0]) == unquote(link), html  # the whole URL is the one link's target
        assert "evil.example" not in re.sub(r'href="[^"]*"', "", html), html


@pytest.mark.parametrize("text", ["&amp;amp;commat;octocat", "&amp;amp;#64;octocat", "&amp;amp;#x40;octocat",
                                  "see &amp;amp;num;123", "(&amp;amp;#35;7)", "x&amp;amp;#X23;12",
                                  "&amp;amp;amp;commat;octocat"])
def test_an_entity_left_after_decoding_cannot_render_as_a_mention_or_issue_ref(text: str) -> None:
    # Text is entity-decoded twice, so a thrice-encoded "@" arrives as "&commat;": no "@" for the mention
    # check to see, but GitHub's renderer decodes it after us and would ping @octocat (or link #123).
    import html as htmlmod

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(markdown_inline(text))
    shown = htmlmod.unescape(re.sub(r"<[^>]*>", "", rendered))
    assert not re.search(r"@[A-Za-z0-9]|#\d", shown), (markdown_inline(text), shown)
    assert "octocat" in shown or re.search(r"\d", shown)  # the text itself is still there


@pytest.mark.parametrize("text", ["open data:text/html,<b>x</b> now", "run VBScript:MsgBox(1)",
                                  "javascript:alert(1)"])
def test_script_url_schemes_in_text_are_broken(text: str) -> None:
    # Inert in GitHub's renderer today, but a scheme left whole is one markdown slip from a live link.
    out = markdown_inline(text).lower()
    assert not any(f"{scheme}:" in out for scheme in ("data", "vbscript", "javascript"))


def test_an_email_address_is_kept_while_a_mention_is_broken() -> None:
    # Breaking "@" everywhere would mangle the contact addresses abstracts give; only a mention pings.
    out = markdown_inline("Code: jane.doe@example.org, thanks @octocat")
    assert "jane.doe@example.org" in out and "@octocat" not in out


def test_truncation_marks_the_cut_and_ends_on_a_word_near_the_limit() -> None:
    # An abstract cut mid-word with no mark reads as the paper's own text; a word boundary far back
    # would drop too much, so a long unbroken run is cut where the limit falls.
    cut = truncate("saliency maps " * 40, 50)
    assert len(cut) <= 50 and cut.endswith("…") and cut[:-1].split()[-1] in ("saliency", "maps")
    assert truncate("x" * 80, 50) == "x" * 49 + "…"


def test_a_text_exactly_at_the_limit_is_not_cut_and_a_far_word_boundary_is_not_used() -> None:
    assert truncate("x" * 50, 50) == "x" * 50
    # The only space is near the start: cutting there would leave "a…" of a 82-character text.
    assert truncate("a " + "x" * 80, 50) == "a " + "x" * 47 + "…"


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u202e", "\u2060", "\u2066", "\ufeff", "\u00ad"])
def test_an_invisible_character_inside_a_word_is_dropped_not_turned_into_a_space(char: str) -> None:
    # A zero-width space or soft hyphen inside "Transformers" must not split the word: titles are compared
    # and searched as text, and "Trans formers" reads as a typo in the entry.
    assert plain_text(f"Trans{char}formers for{char} RoBERTa") == "Transformers for RoBERTa"


def test_a_tag_whose_attribute_holds_an_escaped_angle_bracket_is_stripped_whole() -> None:
    # Tags go before entities are decoded: decoded first, the "&gt;" inside the attribute would end the
    # tag there and leave the rest of the attribute in the title.
    assert plain_text('<a title="x &gt; y" href="https://e.example">Paper title</a>') == "Paper title"
    assert plain_text('<img alt="a &lt;b&gt; c" src=x>Paper') == "Paper"


def test_bytes_from_a_source_are_decoded_with_visible_replacement_characters() -> None:
    assert plain_text(b"Caf\xe9 <b>au lait</b>") == "Caf\ufffd au lait"  # type: ignore[arg-type]
    assert plain_url(b"https://a.example/\xff") == "https://a.example/\ufffd"  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["~~retracted~~ results", "~one~ tilde", "use `rm -rf` here",
                                  "_Attention_ matters", "__init__ and __main__", "*starred* **bold**"])
def test_strikethrough_code_and_emphasis_in_feed_text_render_literally(text: str) -> None:
    # GitHub renders GFM: "~~x~~" strikes text through, backticks open a code span (showing our escapes
    # as backslashes), "_x_" italicises. Feed text shows as the characters it is.
    import html as htmlmod

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("strikethrough").render(markdown_inline(text))
    assert rendered == f"<p>{htmlmod.escape(text, quote=False)}</p>\n"


def test_issue_references_are_broken_in_any_letter_case() -> None:
    text = markdown_inline("see gh-7, Gh-8 and https://GitHub.com/o/r/Issues/9")
    assert not re.search(r"gh-\d|issues/\d", text, re.IGNORECASE), text


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://Example.org/Paper", "HTTPS://Example.org/Paper"),  # a scheme in capitals is still http(s)
    ("https://", ""), ("https:///etc/passwd", ""),  # no host: no link
    ("ftp://x.example/p", ""), ("javascript:alert(1)//https://x.example", ""),
])
def test_only_an_http_url_with_a_host_is_kept(url: str, expected: str) -> None:
    assert safe_url(url) == expected
