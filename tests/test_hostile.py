"""Hostile input through whole cycles: what a feed says must reach a PR and the list only as inert text.

The unit-level properties (render_entry / insert_entry / pr_body / digest_body on hostile strings) live in
test_lists.py and test_proposal.py; here the same text is served over HTTP by the loopback arXiv server
and goes through fetch, ranking and the GitHub proposal step, and the curated list itself is hostile.
The gaps the unit tests leave (the Actions job summary, commit messages) get their own properties.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers.arxiv_server import ArxivEntry
from test_e2e import stream_entries
from test_proposal import ACTIVE, TITLE_ACTIVE, _inert
from world import REPO, World, added_only, build_world, warm_baseline

from bot.paper import Paper
from bot.pipeline import CycleReport, write_step_summary
from bot.proposal import commit_message, keys_from_body
from bot.propose import ProposalResult
from bot.ranked import RankedPaper
from bot.state import State

HOSTILE_ID = "2205.99999"
# Everything a title can carry to hurt: script, a fake link and image, mentions, issue refs, closing
# keywords, code spans, bidi overrides and zero-width characters.
HOSTILE_TITLE = ('Fooling SHAP <script>alert(1)</script> with [Stealthily](javascript:alert(1)) Biased '
                 '![x](https://evil.example/p.png) Sampling @octocat #123 Closes #1 `rm -rf /` '
                 '\u202egnilpmas\u202c\u200b\u2066')


def _hostile_entry(base: ArxivEntry, abstract_bytes: int = 1_000_000) -> ArxivEntry:
    pad = " Closes #7. @admin <img src=x onerror=alert(1)> [a](http://x.example) **bold** |t|"
    abstract = base.summary + pad
    abstract += (" " + base.summary) * (abstract_bytes // (len(base.summary) + 1))
    return replace(base, arxiv_id=HOSTILE_ID, title=HOSTILE_TITLE, summary=abstract,
                   authors=["@octocat", "Mallory <b>Evil</b>", "#42 Person"])


@pytest.fixture
def hostile_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    entries = stream_entries()
    # Stands in for an on-topic paper (the same abstract) so it ranks high enough to be proposed.
    base = next(e for e in entries if e.arxiv_id == "2205.15419")
    entries = [e for e in entries if e is not base] + [_hostile_entry(base)]
    with build_world(tmp_path, monkeypatch, entries=entries, warm_state=warm_baseline()[0]) as w:
        yield w


def _pr_for(world: World, key: str):
    prs = [p for p in world.gh.pulls(REPO) if key in keys_from_body(p.body)]
    assert len(prs) == 1, [p.title for p in world.gh.pulls(REPO)]
    return prs[0]


def _assert_inert_entry(lines: list[str]) -> None:
    block = "\n".join(lines)
    assert "<script" not in block.lower() and "onerror" not in block.lower() and "<img" not in block.lower()
    assert "javascript:" not in block.lower()
    text = re.sub(r"\]\(https?://[^)\s]*\)", "]()", block)  # our own link targets are inert
    assert not re.search(r"(?<!\\)!\[", text), text  # no image
    assert len(re.findall(r"(?<!\\)\]\(", text)) <= 1  # only the entry's own link
    assert not re.search(r"(?<![\w.])@[A-Za-z0-9_-]", text), text
    assert not re.search(r"(?<![\w&])#\d", text), text  # "&#91;" is an entity, not a reference
    assert "&# " not in block  # an entity split by the reference neutraliser shows up as text
    assert not re.search(r"(?<!\\)`", text), text
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", block)
    assert block.count("<details>") == block.count("</details>")


def test_hostile_paper_flows_through_a_cycle_as_inert_text(hostile_world: World) -> None:
    report = hostile_world.cycle()
    assert not report.errors
    key = f"arxiv:{HOSTILE_ID}"
    pr = _pr_for(hostile_world, key)
    _inert(pr.title, TITLE_ACTIVE)
    _inert(pr.body)
    assert "\n" not in pr.title and len(pr.body) < 65536
    assert "Fooling SHAP" in pr.title
    added = added_only(hostile_world.list_text, hostile_world.gh.file_text(REPO, "README.md", pr.head))
    assert added and any(HOSTILE_ID in line for line in added)
    _assert_inert_entry(added)
    # The abstract's markup is shown as the characters it was, inside the raw-HTML <details>.
    assert "&#91;a&#93;(http://x.example)" in "\n".join(added)
    # The 1 MB abstract was cut to the configured text length before it reached anything.
    assert sum(len(line) for line in added) < 10_000
    hostile_world.assert_sound(set(hostile_world.pr_keys()), exact=True)


def test_non_utf8_bytes_from_arxiv_do_not_break_the_cycle(hostile_world: World) -> None:
    # Raw invalid UTF-8 inside one paper's title, in every page the server sends.
    hostile_world.ax.papers[-1] = replace(hostile_world.ax.papers[-1], title="Fooling SHAP BADBYTES Sampling")
    original = hostile_world.ax.page
    bad = b"\xff\xfe\xc0\xaf\xed\xa0\x80"
    hostile_world.ax.page = lambda params: original(params).replace(b"BADBYTES", bad)
    report = hostile_world.cycle()
    assert not report.errors
    # The page is not thrown away: the bad bytes become visible replacement characters.
    (hostile,) = [rp for rp in report.ranked if rp.paper.arxiv_id == HOSTILE_ID]
    assert "\ufffd" in hostile.paper.title and "Sampling" in hostile.paper.title
    assert _pr_for(hostile_world, hostile.paper.key)
    for rp in report.ranked:
        assert "\ufffd" not in rp.paper.title or rp is hostile
        for text in (rp.paper.title, rp.paper.abstract):
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", text)
    for pr in hostile_world.gh.pulls(REPO):
        _inert(pr.title, TITLE_ACTIVE)
        _inert(pr.body)
        pr.body.encode("utf-8")  # valid text, no lone surrogates
        added_only(hostile_world.list_text, hostile_world.gh.file_text(REPO, "README.md", pr.head))
    hostile_world.assert_sound(set(hostile_world.pr_keys()), exact=True)


# -- a hostile or broken curated list -----------------------------------------------------------------

def _example_list() -> str:
    from test_e2e import EXAMPLES

    return (EXAMPLES / "awesome-xai-attacks.md").read_text()


def _no_abstracts(text: str) -> str:
    return re.sub(r"\n  <details>.*?</details>", "", text, flags=re.S)


def _duplicate_sections(text: str) -> str:
    return text.replace("### Defenses", "### Attacks", 1)


def _broken_markdown(text: str) -> str:
    text = text.replace("  </details>\n", "", 1)  # an unclosed <details>
    return text.replace("## Papers\n", "## Papers\n\n* [Unclosed link(https://example.org\n**bold\n", 1)


def _no_headings(text: str) -> str:
    return re.sub(r"^#+ .*\n", "", text, flags=re.M)


def _no_entries(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.startswith("#")) + "\n"


# Each case pins its outcome: a list litbot can still read must get proposals (failing on a merely
# untidy list would stop the bot for a cosmetic flaw), and one it cannot place papers in must stop the
# run with one line naming the list and the fix, before anything is proposed or recorded.
@pytest.mark.parametrize("mangle, error", [
    (_no_abstracts, None),
    (_duplicate_sections, None),
    (_broken_markdown, None),
    (_no_headings, "no sections (markdown headings) found"),
    (_no_entries, "no paper entries found"),
], ids=["no-abstracts", "duplicate-sections", "broken-markdown", "no-headings", "no-entries"])
def test_broken_curated_list_still_proposes_or_fails_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mangle, error: str | None) -> None:
    text = mangle(_example_list())
    assert text != _example_list()
    with build_world(tmp_path, monkeypatch, list_text=text, warm_state=warm_baseline()[0]) as w:
        code, out, err = w.cli("--json")
        lines = [line for line in err.splitlines() if line.startswith("litbot: error:")]
        if error is not None:
            assert code == 2 and len(lines) == 1, err
            assert f"{REPO}:README.md: {error}" in lines[0], err
            assert w.ax.query_requests() == []  # told before a whole arXiv window is fetched for nothing
            assert w.gh.pulls(REPO) == [] and w.gh.branches(REPO) == ["main"]
            with State(w.state_dir) as state:
                assert state.proposals() == [] and state.seen_count() == 0 and state.cursors() == {}
            return
        assert code == 0 and lines == [], err
        assert w.gh.pulls(REPO), "a parsable list with on-topic candidates should get proposals"
        for pr in w.gh.pulls(REPO):
            added = added_only(text, w.gh.file_text(REPO, "README.md", pr.head))
            assert sum(line.startswith("* [") for line in added) == 1
        w.assert_sound(set(w.pr_keys()), exact=True)


# -- properties the unit tests do not cover ----------------------------------------------------------

_TOKENS = list("ab <>/[]()!@#*_`|~&;\"'\\\n\r\t-.:") + [
    "<script>", "</details>", "](http://x)", "@octocat", "#123", "Closes #4", "javascript:", "\u202e",
    "\u200b", "\x00", "\udcff", "GH-9", "![i](http://x/i.png)",
]
_HOSTILE = st.lists(st.sampled_from(_TOKENS), max_size=20).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_HOSTILE, section=_HOSTILE, error=_HOSTILE)
def test_job_summary_is_inert(tmp_path_factory: pytest.TempPathFactory, title: str, section: str,
                              error: str) -> None:
    path = tmp_path_factory.mktemp("summary") / "summary.md"
    rp = RankedPaper(Paper(title=title or "x"), 0.9, section, 0.5, rank=1)
    prop = ProposalResult(key="k", title=title, section=section, branch="litbot/k", pr_number=3,
                          url="https://github.com/o/r/pull/3", action="opened")
    report = CycleReport(dry_run=False, ranked=[rp], proposals=[prop], errors=[error])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GITHUB_STEP_SUMMARY", str(path))
        write_step_summary(report)
    text = path.read_text(encoding="utf-8")
    text = text.replace("[#3](https://github.com/o/r/pull/3)", "")
    for rx in ACTIVE:
        assert not rx.search(text), (rx.pattern, text)
    # Each table row stays one row: no raw pipe or newline from the title splits it.
    rows = [line for line in text.splitlines() if line.startswith("| 1 |")]
    assert len(rows) == 1 and len(re.findall(r"(?<!\\)\|", rows[0])) == 5


@settings(max_examples=60, deadline=None)
@given(title=_HOSTILE, section=_HOSTILE)
def test_commit_message_is_one_plain_line(title: str, section: str) -> None:
    message = commit_message(RankedPaper(Paper(title=title or "x"), 0.9, section, 0.5))
    assert "\n" not in message and "\r" not in message and len(message) <= 300
    assert not re.search("[\x00-\x1f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", message)


_SMUGGLED = _TOKENS + ["&commat;", "&#64;", "&#x40;", "&num;", "&#35;", "&amp;", "&amp;commat;", "octocat",
                       "torvalds/linux#1", "1. ", "# ", "- ", "=", "12) ", ".@"]


# "&" + "amp;" * depth + a reference to "@" or "#": feeds escape their text once or more, and we decode only
# twice, so depth 2 and up leaves an entity that GitHub decodes after our checks ran.
_NESTED_ENTITY = st.builds(lambda depth, ref: "&" + "amp;" * depth + ref, st.integers(0, 4),
                           st.sampled_from(["commat;", "#64;", "#x40;", "num;", "#35;", "#x23;", "#X23;"]))


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(_SMUGGLED), _NESTED_ENTITY), max_size=20).map("".join))
def test_text_stays_inert_after_github_style_rendering(text: str) -> None:
    # Checked on what a renderer shows, not on the source: entities decoded after our checks ran
    # ("&commat;octocat"), cross-repo references ("owner/repo#1") and a line that opens a block.
    import html as htmlmod

    from markdown_it import MarkdownIt

    from bot.sanitize import markdown_inline

    rendered = MarkdownIt("commonmark").render(markdown_inline(text))
    assert rendered == "" or (rendered.startswith("<p>") and rendered.count("<p>") == 1), rendered
    shown = htmlmod.unescape(re.sub(r"<[^>]*>", "", rendered))
    assert not re.search(r"(?<![A-Za-z0-9])@[A-Za-z0-9]", shown), shown  # GitHub logins start so
    assert not re.search(r"#\d|(?<!\w)GH-\d", shown, re.IGNORECASE), shown


def test_job_summary_lists_no_paper_already_on_the_list(tmp_path: Path) -> None:
    # A listed paper is ranked last but still ranked: shown among the "top candidates" it reads as a
    # paper litbot wants to add.
    listed = RankedPaper(Paper(title="Already Listed Paper"), 0.99, "Attacks", 0.9, rank=1, listed=True)
    fresh = RankedPaper(Paper(title="A Fresh Paper"), 0.8, "Attacks", 0.9, rank=2)
    path = tmp_path / "summary.md"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GITHUB_STEP_SUMMARY", str(path))
        write_step_summary(CycleReport(dry_run=False, ranked=[listed, fresh]))
    text = path.read_text(encoding="utf-8")
    assert "A Fresh Paper" in text and "Already Listed" not in text


# Square brackets are rich's markup: "[/INST]" (an LLM chat-template token, common in jailbreak paper
# titles) is a closing tag with no opening one, an error; "[sic]" or "[bold]" a style, eaten.
_BRACKETED = ["Jailbreaks through the [/INST] token", "Explanations [sic] of [bold]models[/bold]", "[/]"]


@pytest.mark.parametrize("title", _BRACKETED)
def test_the_run_summary_prints_titles_sections_and_warnings_as_they_are(title: str) -> None:
    from rich.console import Console

    from bot.commands.run_cmd import print_summary

    rp = RankedPaper(Paper(title=title), 0.9, f"Attacks {title}", 0.5, rank=1)
    prop = ProposalResult(key="k", title=title, section="[red]Defenses", branch="litbot/k", pr_number=3,
                          url="https://github.com/o/r/pull/3", action="opened")
    console = Console(record=True, width=400)
    report = CycleReport(dry_run=False, ranked=[rp], proposals=[prop], errors=[f"feed: {title}"])
    print_summary(report, console)
    out = console.export_text()
    assert out.count(title) == 4  # title twice, the section and the warning
    assert f"Attacks {title}" in out and "[red]Defenses" in out
    assert f"warning: feed: {title}" in out
