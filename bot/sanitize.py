"""Neutralise untrusted text (feeds, APIs) before it enters markdown or a pull request.

Everything a feed gives us is data, never markup: HTML is stripped to text, markdown link/image syntax
and emphasis lose their meaning, ``@mentions``, ``#123`` / "closes #N" references and GitHub issue URLs cannot
ping anyone or link issues, and control, bidi and zero-width characters are dropped. Lengths are capped.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata

# Bidi overrides/isolates and zero-width characters: invisible, and able to disguise text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Tags that run inside a word or line ("CO<sub>2</sub>", "<i>k</i>-NN", MathML): removed without a
# trace. Every other element ("<p>", "<br/>", "<li>") and comment or declaration separates text: a space.
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data dfn em font i italic kbd mark nobr q rp rt ruby s samp sc small "
    "span strike strong sub sup time tt u var wbr del ins bold underline monospace math mi mo mn ms mtext "
    "mrow msub msup msubsup mfrac msqrt mroot mover munder munderover mstyle mspace mfenced semantics "
    "inline-formula xref ext-link named-content styled-content tex-math".split())
_BLOCK_TAGS = frozenset(
    "p br div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr td th caption hr blockquote "
    "pre section article header footer nav aside main figure figcaption img script style iframe object "
    "embed form input button select option textarea label body html head title meta link base details "
    "summary video audio source track svg canvas noscript template center address abstract sec list "
    "list-item fig graphic label disp-formula mtable mtr mtd".split())
# HTML's attributes that stand alone ("<details open>", "<p hidden>"); any other needs a value, so that
# "a <b and c> d" stays text.
_BARE_ATTRIBUTES = ("hidden|open|controls|nowrap|selected|checked|disabled|noshade|autoplay|loop|muted"
                    "|async|defer|required|readonly|multiple|reversed|novalidate|allowfullscreen|itemscope")
# Only real tags: a known element's name, maybe namespaced ("mml:math", "jats:p"), with nothing or
# attributes after it; comments and declarations. "<think>" and "<mask>" in an LLM paper's title are
# words, and "x<y and y>z" mathematics: kept, and escaped wherever the text goes. An unquoted value
# holds no quote, so a value can be read one way only: with two ways each, 24 attributes of an
# unclosed tag took 11 s to give up on.
_TAG = re.compile(
    r"<!--.{0,2000}?-->|<[!?][^<>]{0,2000}>"
    r"|</?(?:[A-Za-z][\w-]{0,20}:)?(?P<name>[A-Za-z][\w-]{0,20})"
    rf"(?:\s+(?:(?:{_BARE_ATTRIBUTES})(?![\w:=-])|[\w:-]+\s*=\s*"
    r"(?:\"[^\"<>]{0,2000}\"|'[^'<>]{0,2000}'|[^\s<>\"'=`]{1,2000}))){0,40}\s*/?>",
    re.DOTALL | re.IGNORECASE,
)
_WS = re.compile(r"\s+")
# Only references closed by ';'. html.unescape also takes legacy names without one, so a URL query
# "&section=1&timestamp=2" in text would turn into "§ion=1×tamp=2".
_ENTITY_REF = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});")
# Characters that carry meaning in GitHub markdown; escaped so they render literally.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!])")
# "@user" / "@org/team" would notify people; "#12" and "GH-12" would link or close issues.
_MENTION = re.compile(r"(?<![A-Za-z0-9])@(?=[A-Za-z0-9_-])")  # "_@x", ".@x" too; not e-mail addresses
# GitHub links "#12" after any non-word character, e.g. "(#12)" or "x,GH-7", and "owner/repo#12" (a
# cross-reference that lands on that issue): every "#" before a digit is broken, and "GH-" after a non-word.
_ISSUE_REF = re.compile(r"(#|(?<!\w)GH-)(?=\d)", re.IGNORECASE)
# "Closes https://github.com/owner/repo/issues/12" links (and on merge closes) that issue too.
_ISSUE_URL = re.compile(r"(github\.com/[^\s/]+/[^\s/]+/(?:issues|pull|discussions)/)(?=\d)", re.IGNORECASE)
# "&commat;" / "&#35;" would become "@" / "#" in GitHub's renderer, after our checks ran on the text.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Text placed at the start of a line must not open a heading, list or setext underline.
_BLOCK_START = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")
_URL_SCHEME = re.compile(r"\b(javascript|data|vbscript):", re.IGNORECASE)


_SUPERSCRIPT = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
# "10<sup>−3</sup>", "<sup>18</sup>F": written as superscripts, not run into the number before them.
_SUP_NUMBER = re.compile(r"<sup>([0-9+\-−=()n]{1,12})</sup>", re.IGNORECASE)


def plain_text(text: str | None, limit: int = 5000) -> str:
    """HTML and entities to plain text, invisible/control characters removed, whitespace collapsed."""
    if not text:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text[: limit * 4]  # bound the work on hostile input before the regexes run
    text = _strip_tags(text)
    text = _unescape(_unescape(text))  # twice: feeds often escape their HTML once more
    text = _strip_tags(text)  # entities can smuggle tags: "&lt;script&gt;"
    return truncate(_visible(text), limit)


def _strip_tags(text: str) -> str:
    return _TAG.sub(_untag, _SUP_NUMBER.sub(lambda m: m[1].translate(_SUPERSCRIPT), text))


def _untag(m: re.Match[str]) -> str:
    name = (m["name"] or "").lower()
    if name in _INLINE_TAGS:
        return ""
    return " " if not name or name in _BLOCK_TAGS else m[0]


def plain_url(url: str | None, limit: int = 2000) -> str:
    """A URL as the source gave it, less invisible/control characters. Never entity-decoded: '&' in a
    query is data, and "&amp;" in a URL is what the source wrote."""
    if not url:
        return ""
    if isinstance(url, bytes):
        url = url.decode("utf-8", errors="replace")
    return truncate(_visible(url[: limit * 4]), limit)


def _unescape(text: str) -> str:
    return _ENTITY_REF.sub(_decode_entity, text)


def _decode_entity(m: re.Match[str]) -> str:
    ref = m[0]
    if ref.startswith("&#"):
        return html.unescape(ref)
    # Exact names only: html.unescape("&notit;") would read the legacy "&not" and give "¬it;".
    return html.entities.html5.get(ref[1:], ref)


def _visible(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    return _WS.sub(" ", text).strip()


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"


def markdown_inline(text: str | None, limit: int = 5000, line_start: bool = True) -> str:
    """Untrusted text made safe to place inside markdown (a list entry or a PR body line); where it can
    start a line (``line_start``), what would open a block there is escaped too."""
    text = plain_text(text, limit)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    if line_start:
        text = escape_block_start(text)
    return neutralize_refs(text)


def escape_block_start(line: str) -> str:
    """Escape what would open a heading, list or setext underline at the start of a markdown line; for
    text already made inline-safe that is then placed on a line of its own (e.g. wrapped). A line that
    starts "::" is a workflow command to GitHub Actions where a dry run prints it: escaped too."""
    line = _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)
    return f"\\{line}" if line.startswith("::") else line


# What opens a block at the start of a line, as CommonMark reads it (not "2.5D", not "#hashtag").
_OPENS_BLOCK = re.compile(r"^(?:(?P<mark>#{1,6}|[-+*]|\d{1,9}[.)])(?=\s|$)"
                          r"|(?P<rule>[-=_*])(?=[-=_*\s]*$)|::)")


def escape_block_start_html(text: str) -> str:
    """``escape_block_start`` for text in raw HTML that may still be read as markdown (a ``<details>``
    with blank lines in it): an entity, which renders as the character in either reading, and only
    where a block would open, so that ordinary text stays as written."""
    m = _OPENS_BLOCK.match(text)
    if not m:
        return text
    at = m.end("mark") - 1 if m["mark"] else 0
    return f"{text[:at]}&#{ord(text[at])};{text[at + 1:]}"


def is_github_thread(url: str) -> bool:
    """Whether ``url`` is a GitHub issue, pull request or discussion: linked from a PR's description, it
    puts a "mentioned this" note on that thread."""
    return bool(_ISSUE_URL.search(url))


def neutralize_refs(text: str) -> str:
    """Break @mentions, issue references and script URL schemes so GitHub renders them inert."""
    text = _MENTION.sub("@ ", text)
    text = _ISSUE_REF.sub(lambda m: m.group(1) + " ", text)
    text = _ISSUE_URL.sub(lambda m: m.group(1) + " ", text)
    return _URL_SCHEME.sub(lambda m: m.group(1) + " :", text)


def safe_url(url: str | None) -> str:
    """Only http(s) URLs survive; characters that would break out of ``(...)``, an HTML link's ``href``
    or, in a table row, out of the cell (``|``) are percent-encoded; so is ``\\``, which would escape the
    closing ``)``."""
    if not url:
        return ""
    url = plain_url(url, 2000).replace(" ", "%20")
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        return ""
    # "'" ends an HTML link's href='...' as '"' ends href="..." (lists write '<a href="u">Title</a>').
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ('"', "%22"), ("'", "%27"),
                       ("|", "%7C"), ("\\", "%5C")):
        url = url.replace(char, code)
    return url
