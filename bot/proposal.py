"""What to propose and how the PR reads: candidate choice, branch names, titles, bodies. Pure functions.

Every string that came from a feed goes through ``bot.sanitize`` before it lands in a title or body, so a
hostile abstract cannot inject markup, ping people, or link/close issues.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator
from urllib.parse import quote, unquote

from bot.config import Config
from bot.errors import InputError
from bot.identity import IdentityIndex, arxiv_id_from, doi_from, normalize_title
from bot.lists.style import link_features, paper_url
from bot.paper import Paper
from bot.ranked import LIKELY_SAME_WORK, RankedPaper
from bot.sanitize import (
    escape_block_start,
    is_github_thread,
    markdown_inline,
    neutralize_refs,
    plain_text,
    safe_url,
    truncate,
)
from bot.sources.recall import RECALL_LIMIT, Recall
from bot.state import WAITING_DAYS, State

log = logging.getLogger(__name__)

MAX_TITLE = 256  # GitHub refuses longer PR titles (422): the paper stayed pending for ever
MAX_ABSTRACT = 3000
GITHUB_MAX_BODY = 65536  # GitHub rejects longer bodies
MAX_BODY = 60000  # what litbot writes, with room for notices and marks added later
MAX_AUTHORS = 20
DIGEST_MAX_PAPERS = 10  # one digest PR stays reviewable in a sitting
MARKER_PREFIX = "<!-- litbot:key="
_MARKER = re.compile(r"<!-- litbot:key=([^\s<>]+)(?: title=([^\s<>]*))? -->")
# A marker's title is for recognising the paper, not for reading: long titles are cut.
MAX_MARKED_TITLE = 300
FOOTER = (
    "---\n"
    "*Proposed by litbot. Closing this PR means \"never propose this paper again\": litbot remembers. "
    "Moving the entry to another section (or editing it) before merging is fine.*"
)
# A digest closed because of one paper declined them all, for good, and nothing said so.
DIGEST_FOOTER = (
    "---\n"
    "*Proposed by litbot. Closing this PR means \"never propose any of these papers again\": litbot "
    "remembers. To decline only some, delete their entries from this branch and merge the rest: a paper "
    "taken out is declined as if closed. Moving entries to other sections (or editing them) is fine.*"
)


def select(ranked: list[RankedPaper], state: State, config: Config) -> list[RankedPaper]:
    """The candidates to propose this run, best first, within the open-PR and per-run caps.

    Never a paper proposed before, under whatever identity it comes back: a journal version by DOI
    of a closed arXiv paper, an arXiv copy of a closed feed paper, a title spelt a little otherwise."""
    return list(itertools.islice(_proposable(ranked, state, config, warn=True), _room(state, config)[0]))


def _room(state: State, config: Config, opening: int = 0) -> tuple[int, str]:
    """How many papers this run may propose, what the open-PR and per-run caps leave, and those caps as
    the notes name them, counting the ``opening`` PRs this run is about to open as open."""
    gh = config.github
    # PRs, not papers: a digest's papers share one branch, in either mode (a digest opened before the
    # maintainer turned digests off is one open PR, not one per paper).
    proposals = state.proposals()
    # A PR a run died before opening is opened by the next (submit resumes it first): one of that run's
    # new PRs, and open after it, or a crash would double the PRs a maintainer gets in one go. One
    # GitHub or the list refused (a branch someone committed to, a section gone) is no PR to review and
    # waits on the maintainer: counted, it would hold every new paper back for as long.
    refused = state.refused_branches()
    resuming = len({p.branch for p in proposals
                    if p.status == "pending" and p.branch and p.branch not in refused})
    open_prs = len({p.branch or p.key for p in proposals
                    if p.status == "open" or p.status == "pending" and p.branch not in refused})
    per_run = f"github.max_new_prs_per_run {gh.max_new_prs_per_run}"
    if resuming:
        per_run += (f", with {resuming} {'PR' if resuming == 1 else 'PRs'} an earlier run left unopened "
                    "to open first")
    new_prs = gh.max_new_prs_per_run - resuming
    if gh.mode == "digest":
        room = DIGEST_MAX_PAPERS if open_prs < gh.max_open_prs and new_prs > 0 else 0
        return room, (f"a digest holds at most {DIGEST_MAX_PAPERS} papers; github.max_open_prs "
                      f"{gh.max_open_prs} with {open_prs + opening} open; {per_run}")
    return (max(0, min(gh.max_open_prs - open_prs, new_prs)),
            f"github.max_open_prs {gh.max_open_prs} with {open_prs + opening} open, {per_run}")


def _proposable(ranked: list[RankedPaper], state: State, config: Config, warn: bool) -> Iterator[RankedPaper]:
    """Every candidate that may be proposed, best first, caps aside."""
    known, proposed = _proposal_index(state)
    for rp in sorted(ranked, key=lambda r: -r.score):
        key = rp.paper.key
        if (rp.score < config.ranking.min_score or rp.listed or rp.excluded or key in known
                or not rp.section):
            continue
        paper = rp.paper
        if proposed.find(paper.arxiv_id, paper.doi, paper.title) is not None:
            continue  # proposed before (or chosen a moment ago) under another identity
        if rp.like_closed:
            # Its camera-ready version, retitled, with a DOI and no arXiv id: closed means never again.
            if warn:
                log.info("%s reads as another version of %r, whose PR was closed; not proposed", paper.key,
                         rp.like_closed)
            continue
        if not linkable(paper):
            # An entry is a link: chosen, it would stay pending and fail every run's proposal step.
            if warn:
                log.warning("%s has no http(s) link, arXiv id or DOI; not proposed", paper.key)
            continue
        proposed.add(key, paper.arxiv_id, paper.doi, paper.title)
        yield rp


def _proposal_index(state: State) -> tuple[set[str], IdentityIndex]:
    """The keys of every proposal, and their identities."""
    index, keys = IdentityIndex(), set()
    for prop in state.proposals():
        keys.add(prop.key)
        index.add(prop.key, prop.paper.arxiv_id, prop.paper.doi, prop.paper.title)
    return keys, index


def proposed_as_another(ranked: list[RankedPaper], state: State, min_score: float) -> set[str]:
    """Keys of candidates at or over ``min_score`` that are a proposal's paper under another identity
    (the DOI version of a closed arXiv paper): never proposed, so never to wait in the backlog either.
    Only those could wait (one let in by a lowered min_score is ranked again, and caught, next run):
    the fuzzy title look-up over every paper of a 25k-paper day took seconds."""
    keys, index = _proposal_index(state)
    return {rp.paper.key for rp in ranked if rp.score >= min_score and rp.paper.key not in keys
            and index.find(rp.paper.arxiv_id, rp.paper.doi, rp.paper.title) is not None}


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def selection_notes(ranked: list[RankedPaper], chosen: list[RankedPaper], state: State,
                    config: Config, recall: Recall | None = None) -> list[str]:
    """Why a run proposes fewer papers than it ranked, for the maintainer: papers the caps hold back,
    papers the watchlist dropped that would have been proposed, or no paper reaching min_score; and
    what became of the near misses of a lowered min_score (``recall``)."""
    min_score, notes = config.ranking.min_score, []
    waiting = sum(1 for _ in _proposable(ranked, state, config, warn=False)) - len(chosen)
    if waiting > 0:
        # "max_open_prs 1 with 0 open" read as room to spare, where this run's PR took it.
        opening = min(len(chosen), 1) if config.github.mode == "digest" else len(chosen)
        one, caps = waiting == 1, _room(state, config, opening)[1]
        notes.append(f"{waiting} more {'paper' if one else 'papers'} at or over ranking.min_score "
                     f"{min_score} {'waits' if one else 'wait'} for room ({caps}); later runs rank "
                     f"{'it' if one else 'them'} again with the new papers")
    dropped = [r for r in ranked if r.excluded and not r.listed and r.score_without_watchlist >= min_score]
    if dropped:
        why = Counter(r.excluded_by for r in dropped).most_common(3)
        notes.append(f"{_papers(len(dropped))} at or over ranking.min_score {min_score} dropped by the "
                     f"watchlist (" + "; ".join(f"{reason}: {n}" for reason, n in why) + ")")
    twins = [r for r in ranked if r.like_closed and r.score >= min_score and not r.listed and not r.excluded]
    if twins:
        # Without a word, a paper held back by mistake (a closed paper's sequel) could never be found.
        notes.append(f"{_papers(len(twins))} at or over ranking.min_score {min_score} not proposed: "
                     + "; ".join(f"{truncate(plain_text(r.paper.title), 80)!r} reads as the closed "
                                 f"{truncate(plain_text(r.like_closed), 80)!r}" for r in twins[:3])
                     + ("; ..." if len(twins) > 3 else ""))
    unlisted = [r.score for r in ranked if not r.listed and not r.excluded and not r.like_closed]
    if not chosen and not waiting and unlisted and max(unlisted) < min_score:
        notes.append(f"no paper reached ranking.min_score {min_score} (the best scored {max(unlisted):.3f})")
    if recall and recall.between:
        notes.append(_recall_note(recall, min_score))
    return notes


def _recall_note(recall: Recall, min_score: float) -> str:
    """What became of the papers a lowered min_score now lets in: the maintainer who lowered it expects
    them, and must hear why any never come, or that a later run asks again."""
    got, rest = len(recall.papers), recall.between - len(recall.papers)
    note = (f"ranking.min_score was lowered from {recall.earlier} to {min_score}: {_papers(recall.between)} "
            f"seen in the last {WAITING_DAYS} days scored between the two")
    if got:
        was = "was" if got == 1 else "were"
        who = ("it" if got == 1 else "they") + f" {was}" if not rest else f"{got} {was}"
        note += f"; {who} served again and judged by {min_score}"
    if not rest:
        return note
    # Whom a clause speaks of: all that were not served again, or some of them.
    def whom(n: int) -> str:
        if n < rest:
            return str(n)
        if got:
            return "the other one" if n == 1 else f"the other {n}"
        return "it" if n == 1 else "they"

    askable = rest - recall.no_arxiv_id
    reasons = [(recall.no_arxiv_id, "with no arXiv id to ask by", "no arXiv id to ask for {} by")]
    # arXiv down or off: every paper with an arXiv id waits on it, whatever it would have answered.
    if not (recall.error or recall.skipped):
        reasons += [(recall.over_limit, f"past the best {RECALL_LIMIT} asked for",
                     f"past the best {RECALL_LIMIT}, which alone are asked for"),
                    (askable - recall.over_limit, "not served by arXiv", "arXiv did not serve {}")]
    reasons = [r for r in reasons if r[0] > 0]
    out = sum(n for n, _, _ in reasons)
    if recall.error and askable:
        them = whom(askable).replace("they", "them")
        note += f"; arXiv could not serve {them} ({recall.error}), and the next run asks again"
    elif recall.skipped and askable:
        note += f"; {whom(askable)} cannot be judged again ({recall.skipped})"
    if out:
        them = "it" if out == 1 else "them"
        why = ", ".join(alone.format(them) if len(reasons) == 1 else f"{n} {beside}"
                        for n, beside, alone in reasons)
        note += (f"; {whom(out)} cannot be judged again ({why}, and state keeps only the identity of a "
                 "paper under the threshold)")
    return note


def linkable(paper: Paper) -> bool:
    """Whether an entry can link to the paper (an http(s) URL, an arXiv id or a DOI)."""
    try:
        paper_url(paper)
    except InputError:
        return False
    return True


# -- names and markers -----------------------------------------------------------------------------


def slug(key: str, limit: int = 60) -> str:
    """A git-ref-safe slug of a paper key: ``arxiv:2101.00001`` -> ``arxiv-2101.00001``."""
    text = re.sub(r"[^a-z0-9.]+", "-", key.lower())
    text = re.sub(r"\.{2,}", ".", text)  # ".." is not allowed in a ref
    text = re.sub(r"-*\.-*", ".", text).strip(".-")
    # Titles are long and may differ only far in; other keys lose characters ("_", "(", runs of "-")
    # that told two DOIs apart ("...-8_1" / "...-8-1"): a short hash keeps distinct papers distinct.
    # A ref may not end in ".lock": such a slug gets the hash too (dropping the suffix would give
    # "doi:10.1/x.lock" the branch of "doi:10.1/x").
    lossy = text != re.sub(r"[:/]", "-", key.lower()) or text.endswith(".lock")
    if len(text) > limit or key.startswith("title:") or lossy:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        text = text[: limit - 9].rstrip(".-") + "-" + digest
    return text or hashlib.sha1(key.encode()).hexdigest()[:12]


def branch_name(key: str, prefix: str = "litbot/") -> str:
    return prefix + slug(key)


def digest_branch(keys: list[str], prefix: str = "litbot/") -> str:
    digest = hashlib.sha1("\n".join(sorted(keys)).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}digest-{digest}"


def _key_text(key: str) -> str:
    # Quoted so that no key (a hostile DOI, a title) can close the HTML comment early.
    return quote(key, safe=":/.()")


def marker(key: str, title: str = "") -> str:
    """The hidden marker that says which paper a PR proposes, with its title: a state rebuilt from
    GitHub after a loss knows a closed paper by it (a journal version comes back under a DOI of its
    own, with the preprint's title)."""
    return f"{MARKER_PREFIX}{_key_text(key)}{_title_attribute(title)} -->"


def _title_attribute(title: str) -> str:
    # "-" quoted too: no "--" inside an HTML comment.
    return f" title={quote(truncate(title, MAX_MARKED_TITLE), safe='').replace('-', '%2D')}" if title else ""


def _marker_of(key: str) -> re.Pattern[str]:
    """``key``'s marker, with or without a title, and its line end."""
    return re.compile(re.escape(MARKER_PREFIX + _key_text(key)) + r"(?: title=[^\s<>]*)? -->(?:\r?\n)?")


_LIST_MARKER = re.compile(r"<!-- litbot:list=([^\s<>]+) -->")


def list_marker(path: str) -> str:
    """The hidden marker naming the list file a PR adds to: two litbots keeping two lists of one
    repository under one branch prefix tell their PRs apart by it."""
    return f"<!-- litbot:list={_key_text(path).replace('-', '%2D')} -->"  # no "--" inside a comment


def with_list_marker(body: str, path: str) -> str:
    """``body`` naming ``path`` as its list (a PR rebuilt where its list moved)."""
    return _LIST_MARKER.sub(lambda m: list_marker(path), body, count=1)


def list_from_body(body: str | None) -> str | None:
    """The list file a PR's marker names; None for a PR opened before PRs named theirs."""
    m = _LIST_MARKER.search(body or "")
    return unquote(m.group(1)) if m else None


def keys_from_body(body: str | None) -> list[str]:
    """Paper keys from litbot's hidden markers, in order."""
    return [unquote(k) for k, _ in _MARKER.findall(body or "")]


def titles_from_body(body: str | None) -> dict[str, str]:
    """The titles litbot's markers carry, by key (a marker written before they did has none)."""
    return {unquote(k): unquote(t) for k, t in _MARKER.findall(body or "") if t}


def _named(titles: Iterable[str]) -> str:
    """Papers named in a PR body: their titles in italics, inert."""
    return ", ".join(f"*{markdown_inline(t, 200)}*" for t in titles)


def body_without(body: str, titles_by_key: dict[str, str]) -> str:
    """A digest's body once these papers are out of it (listed by hand meanwhile): their markers go,
    so the PR no longer speaks for them, and a line at the top says why their sections stay. Papers
    already out of it (a run that died before recording them) are not named again."""
    titles_by_key = {k: t for k, t in titles_by_key.items() if _marker_of(k).search(body)}
    if not titles_by_key:
        return body
    for key in titles_by_key:
        # With its line end, LF or (saved from GitHub's web editor) CRLF: no empty line left behind.
        body = _marker_of(key).sub("", body)
    # The intro counts what is left: "adding 6 papers" over the 5 sections still in the PR misled.
    body = _DIGEST_INTRO.sub(lambda m: _digest_intro(len(keys_from_body(body))), body, count=1)
    names = _named(titles_by_key.values())
    # Marked listed: a state rebuilt from GitHub knows them as listed by hand, not as new papers.
    out = f"**Taken out of this PR:** {names}: on the list by now, added by hand."
    return with_listed_marks(f"{out}\n\n{body}", titles_by_key)


_LISTED_MARK = re.compile(r"<!-- litbot:listed=([^\s<>]+)(?: title=([^\s<>]*))? -->")
# The older forms: marks at the start of a notice or of litbot's own text, with no line end between.
_LISTED_MARK_GLUED = re.compile(r"(?m)^(?:<!-- litbot:listed=[^\s<>]+(?: title=[^\s<>]*)? -->)+"
                                r"(?=\*\*|litbot suggests)")


def listed_mark(key: str, title: str = "") -> str:
    """Says in a PR's body that a paper is on the list by hand (read back after a lost state); titled,
    as a paper marker is, so that its journal version is known too."""
    return f"<!-- litbot:listed={_key_text(key)}{_title_attribute(title)} -->"  # keys_from_body skips it


def listed_from_body(body: str | None) -> dict[str, str]:
    """The papers a PR's body marks as listed by hand: their titles by key, in order ("" for a mark
    written before marks carried titles)."""
    return {unquote(k): unquote(t) for k, t in _LISTED_MARK.findall(body or "")}


def with_listed_marks(body: str, titles_by_key: dict[str, str]) -> str:
    """``body`` marking these papers as listed by hand, each once. The marks go on a line of their own:
    a line that starts with one is raw HTML to GitHub, so markdown after it would show as written and
    a title's tags would be live."""
    marked = listed_from_body(body)
    marks = "".join(listed_mark(k, t) for k, t in titles_by_key.items() if k not in marked)
    if len(marks) + len(body) > GITHUB_MAX_BODY - 100:  # a long digest's body: the keys alone, kept short
        marks = "".join(listed_mark(k) for k in titles_by_key if k not in marked)
    # A mark written before marks ended their line keeps the notice after it raw: it ends it now.
    body = _LISTED_MARK_GLUED.sub(r"\g<0>\n", body)
    return f"{marks}\n{body}" if marks else body


def listed_twice_notice(body: str, titles_by_key: dict[str, str]) -> tuple[str, str | None]:
    """A digest's body, and a notice for the maintainer, once papers of it are on the list by hand but
    litbot cannot take their entries out (its branch has commits litbot did not make, so it is theirs):
    merged as it is, the PR lists them twice. Each paper is named once: ``None`` when none is new."""
    marked = listed_from_body(body)
    titles_by_key = {k: t for k, t in titles_by_key.items() if k not in marked}
    if not titles_by_key:
        return body, None
    one = len(titles_by_key) == 1
    names = _named(titles_by_key.values())
    notice = (f"**On the list by now, added by hand:** {names}. This branch has commits litbot did not "
              f"make, so litbot leaves it to you: remove {'its entry' if one else 'their entries'} from "
              f"this PR before merging, or the list will have {'it' if one else 'them'} twice.")
    return with_listed_marks(f"{notice}\n\n{body}", titles_by_key), notice


# -- titles and bodies -----------------------------------------------------------------------------


def _section_label(name: str) -> str:
    return markdown_inline(name, 80) or "the list"


def pr_title(rp: RankedPaper) -> str:
    """GitHub shows a PR title as plain text (code spans aside): markdown escapes would show as
    backslashes ("L\\_2", "Ma\\!"). So it is plain text, with only mentions and issue references broken."""
    section = neutralize_refs(plain_text(rp.section, 80)) or "the list"
    room = max(20, MAX_TITLE - len(section) - len('Add "" to '))
    return truncate(f'Add "{neutralize_refs(plain_text(rp.paper.title, room))}" to {section}', MAX_TITLE)


def digest_title(chosen: list[RankedPaper]) -> str:
    n = len(chosen)
    return f"Add {n} paper{'s' if n != 1 else ''} to the list" if n != 1 else pr_title(chosen[0])


def commit_message(rp: RankedPaper) -> str:
    """Plain text like the PR title, references broken too: a commit message's "Fixes #12" closes that
    issue once the commit reaches the default branch (the PR merged), and "#12" references it on push."""
    title = neutralize_refs(plain_text(rp.paper.title, 200))
    return truncate(f'Add "{title}" to {neutralize_refs(plain_text(rp.section, 80))}', MAX_TITLE)


def _links(rp: RankedPaper) -> str:
    p = rp.paper
    links: list[tuple[str, str]] = []
    if p.arxiv_id:
        aid = quote(p.arxiv_id, safe="./")
        links += [("arXiv", f"https://arxiv.org/abs/{aid}"), ("PDF", f"https://arxiv.org/pdf/{aid}")]
    url = safe_url(p.url)
    doi = safe_url(f"https://doi.org/{quote(p.doi, safe='/.')}") if p.doi else ""
    # The paper's own arXiv page in another form (a version, "/pdf/", http) is the [arXiv] link again;
    # its DOI resolved by doi.org ("https://dx.doi.org/10.1/X") is the [DOI] link again.
    resolved = link_features(url)["link_kind"] == "doi"
    same_paper = (p.arxiv_id is not None and arxiv_id_from(url) == p.arxiv_id) or bool(
        p.doi and resolved and (doi_from(url) or "").casefold() == p.doi.casefold())
    if is_github_thread(url):  # a feed item that links an issue: no note on that issue from this PR
        url = ""
    if url and not same_paper and not any(url.rstrip("/") == u for _, u in links):
        links.append(("link", url))
    if doi:
        links.append(("DOI", doi))
    return " · ".join(f"[{label}]({u})" for label, u in links if u)


def _quote(text: str) -> str:
    lines = textwrap.wrap(text, 100, break_long_words=False, break_on_hyphens=False) or [""]
    # Each wrapped line is a line start of its own: "- we find" there would open a list in the quote.
    return "\n".join(f"> {escape_block_start(line)}" for line in lines)


def _pct(x: float) -> str:
    return f"{x:.2f}"


# Below this the section is about as likely wrong as right (calibrated: confidence ~ accuracy).
UNSURE_SECTION = 0.5


def paper_section(rp: RankedPaper, ranked_total: int, abstract_limit: int = MAX_ABSTRACT,
                  heading: str = "###") -> str:
    """The markdown describing one proposed paper (without footer or marker)."""
    p = rp.paper
    authors = markdown_inline(", ".join(p.authors[:MAX_AUTHORS]), 2000)
    if len(p.authors) > MAX_AUTHORS:
        authors += f" et al. ({len(p.authors)} authors)"
    # The entry shows "arXiv" for a preprint with no venue; any other paper's venue is the reviewer's.
    venue = ("*arXiv*" if p.arxiv_id else "venue unknown") if not p.venue \
        else f"*{markdown_inline(p.venue, 200)}*"
    meta = [x for x in (authors, venue, p.year) if x]
    out = [f"{heading} {markdown_inline(p.title, 500)}", "", " · ".join(meta) or "(no author data)"]
    same = rp.neighbors[0] if rp.neighbors and rp.neighbors[0].similarity >= LIKELY_SAME_WORK else None
    if same:
        out += ["", f"> **Possibly listed already**: this reads as another version of "
                f"*{markdown_inline(same.title, 200)}* (similarity {_pct(same.similarity)}). If it is the "
                "same work, close this PR, or keep the better link."]
    links = _links(rp)
    if links:
        out += ["", links]
    total = max(ranked_total, rp.rank, 1)
    rank = f"rank {rp.rank} of {total} candidates this run" if rp.rank else f"{total} candidates this run"
    # 0 means not known (a proposal resumed from state): the best of S sections always has >= 1/S.
    conf = rp.section_confidence
    known = f"confidence {_pct(conf)}" if conf > 0 else "chosen by an earlier run"
    section = f"**{_section_label(rp.section)}** ({known})"
    if rp.genre:
        section += f", as it calls itself {rp.genre}"
    if rp.by_venue:
        section += f", as {markdown_inline(rp.by_venue, 300)}"
    if rp.alternatives:
        alt = rp.alternatives[0]
        section += f"; runner-up: {_section_label(alt.section)} ({_pct(alt.confidence)})"
    if 0 < conf < UNSURE_SECTION:
        section += "; unsure, please check"
    boost = (f"; {rp.score_before_boost:.3f} before its watchlist boost"
             if 0 < rp.score_before_boost < rp.score else "")
    out += ["", "| | |", "|---|---|", f"| Score | {rp.score:.3f} ({rank}{boost}) |",
            f"| Suggested section | {section} |"]
    if rp.keywords:
        in_title = rp.keywords_in_title
        words = ", ".join(markdown_inline(k, 60) + ("" if in_title is None else " (title)" if k in in_title
                                                    else " (abstract)") for k in rp.keywords[:20])
        out.append(f"| Watchlist keywords | {words} |")
    if rp.neighbors:
        out += ["", "**Closest entries already in the list**", ""]
        for i, n in enumerate(rp.neighbors[:3], 1):
            where = f" ({_section_label(n.section)})" if n.section else ""
            out.append(f"{i}. {markdown_inline(n.title, 200)}{where}: similarity {_pct(n.similarity)}")
    abstract = markdown_inline(p.abstract, abstract_limit)
    if abstract:
        out += ["", "**Abstract**", "", _quote(abstract)]
    return "\n".join(out)


_ABSTRACT = re.compile(r"^\*\*Abstract\*\*\r?\n\r?\n((?:> .*(?:\r?\n|$))+)", re.MULTILINE)
_PAPER_HEADING = re.compile(r"^#{2,3} (.*)$", re.MULTILINE)


def abstract_in_body(body: str | None, title: str) -> str:
    """The abstract a PR body (``pr_body``, ``digest_body``) quotes for the paper titled ``title``, as
    plain text; "" where it quotes none for it. A paper state lost is known again by more than its
    title: a closed paper rebuilt from its PR's marker alone was a title, a weak negative, and no
    longer known in its retitled camera-ready copy."""
    def unescaped(text: str) -> str:  # what markdown_inline escaped
        return re.sub(r"\\(.)", r"\1", text).replace("&amp;", "&")

    heads = list(_PAPER_HEADING.finditer(body or ""))
    for i, head in enumerate(heads):
        if len(heads) > 1 and normalize_title(unescaped(head[1])) != normalize_title(title):
            continue
        block = (body or "")[head.end(): heads[i + 1].start() if i + 1 < len(heads) else None]
        found = _ABSTRACT.search(block)
        if found:
            return unescaped(" ".join(line[2:].strip() for line in found[1].splitlines()))
    return ""


def _fit(parts: list[str], tail: str) -> str:
    """Join ``parts`` and ``tail``, cutting the parts so the whole stays under GitHub's limit."""
    body = "\n\n".join([*parts, tail])
    if len(body) <= MAX_BODY:
        return body
    head = truncate("\n\n".join(parts), MAX_BODY - len(tail) - 100)
    return head + "\n\n*(truncated)*\n\n" + tail


def pr_body(rp: RankedPaper, ranked_total: int, list_path: str = "") -> str:
    intro = "litbot suggests adding this paper to the list."
    markers = [marker(rp.paper.key, rp.paper.title), *([list_marker(list_path)] if list_path else [])]
    return _fit([intro, paper_section(rp, ranked_total)], "\n".join([FOOTER, *markers]))


_DIGEST_INTRO = re.compile(
    r"^litbot suggests adding \d+ papers? to the list, (?:one section each|its section) below\.(?=\r?$)",
    re.MULTILINE)


def _digest_intro(n: int) -> str:
    return (f"litbot suggests adding {n} papers to the list, one section each below." if n != 1
            else "litbot suggests adding 1 paper to the list, its section below.")


def digest_body(chosen: list[RankedPaper], ranked_total: int, list_path: str = "") -> str:
    intro = _digest_intro(len(chosen))
    limit = max(500, min(MAX_ABSTRACT, (MAX_BODY - 20000) // max(1, len(chosen))))
    sections = [paper_section(rp, ranked_total, abstract_limit=limit, heading="##") for rp in chosen]
    markers = "\n".join([*(marker(rp.paper.key, rp.paper.title) for rp in chosen),
                         *([list_marker(list_path)] if list_path else [])])
    return _fit([intro, *sections], f"{DIGEST_FOOTER if len(chosen) > 1 else FOOTER}\n{markers}")
