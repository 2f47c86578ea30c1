"""The proposal step: sync state with GitHub, then open (or resume, or refresh) draft PRs.

Crash-safe in the Renovate way: a proposal is written as ``pending`` before its branch exists, and every
step is looked up before it is taken (PR for the branch? branch already there?), so a run that dies
anywhere is finished by the next one without duplicates. Closed-unmerged PRs are never proposed again;
merged ones are recorded, their entries curated positives from then on.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz

from bot.config import Config
from bot.errors import InputError, LitbotError
from bot.forge import BranchTakenError, Forge, ForgeError, PullCommit, PullInfo
from bot.identity import TITLE_MATCH_THRESHOLD, normalize_title
from bot.lists import CuratedList, Entry, Section, insert_entry, moved_from, parse_list, unified_diff
from bot.lists.model import undated
from bot.paper import Paper
from bot.proposal import (
    abstract_in_body,
    body_without,
    branch_name,
    commit_message,
    digest_body,
    digest_branch,
    digest_title,
    listed_from_body,
    listed_twice_notice,
    pr_body,
    pr_title,
    with_list_marker,
    with_listed_marks,
)
from bot.ranked import RankedPaper
from bot.sanitize import plain_text
from bot.state import Proposal, State

log = logging.getLogger(__name__)

# GitHub refused this one change (409 conflict after the forge's own retry, 422 validation): skip that
# PR for this run, keep the paper pending (retried first next run) and go on, so one paper GitHub keeps
# refusing never blocks the others. Any other failure (auth, rate limit, 5xx, network) would fail every
# PR alike: the cycle stops and the next run resumes.
PER_PR_STATUSES = frozenset({409, 422})

ACTIONS = ("opened", "exists", "refreshed", "closed", "skipped", "would-open", "failed")

# Marks the commits litbot makes on its branches: a commit without it is someone else's, and a branch
# with one is never reset (refresh_conflicts).
COMMIT_TRAILER = "Made-by: litbot"
# The message of a merge of the base into a PR branch ("Update branch", or a conflict resolved).
_BASE_MERGED_IN = re.compile(r"^Merge (?:remote-tracking )?branch '[^']+' into ")
LISTED_MEANWHILE = ("The list has this paper by now (added on the base branch), so this PR has nothing left "
                    "to add. Closed by litbot; it will not propose the paper again.")


@dataclass
class ProposalResult:
    key: str
    title: str
    section: str
    branch: str
    pr_number: int | None
    url: str
    action: str
    diff: str = ""
    body: str = ""
    error: str = ""  # why GitHub refused it, when action == "failed"
    pull_title: str = ""  # the PR's own title (``title`` is the paper's)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Group:
    """The papers that travel in one PR (one paper, or a digest)."""

    branch: str
    papers: list[RankedPaper]
    ranked_total: int
    digest: bool = False

    def title(self) -> str:
        return digest_title(self.papers) if self.digest else pr_title(self.papers[0])

    def body(self, list_path: str) -> str:
        if self.digest:
            return digest_body(self.papers, self.ranked_total, list_path)
        return pr_body(self.papers[0], self.ranked_total, list_path)

    def message(self) -> str:
        return self.title() if self.digest else commit_message(self.papers[0])


# -- reconcile --------------------------------------------------------------------------------------


class _OtherLists:
    """Tells the PRs of another list in this repository, kept by another litbot under the same branch
    prefix, by the list file their hidden marker names (``list_marker``). Taken for this list's, each
    litbot rebuilt the other's PRs into its own file, learnt from the other's merges and closes, and
    counted them against its caps. A PR naming no file (opened before PRs named theirs) or this list's
    file is this list's; so is one its state knows, unless it names a file the list never left that
    holds another list now (recorded by a litbot that could not tell), and one opened at a file the list
    left before it left (``past_list_paths``). One naming any other file is another list's, but where the
    state knows no PR at all (lost, or new) and that file holds no list now or a leftover of this one
    (``moved_from``)."""

    def __init__(self, forge: Forge, state: State, path: str, current: Callable[[], CuratedList]):
        self.forge, self.path, self.current = forge, path, functools.cache(current)
        self.past = state.past_list_paths()
        self.known = {p.pr_number for p in state.proposals() if p.pr_number is not None}
        self.lists: dict[str, bool] = {}  # a file PRs name -> whether it holds another list now
        self.numbers: set[int] = set()  # the other lists' PRs met
        self.open: dict[str, set[int]] = {}  # and their open ones, by the file they name

    def theirs(self, pr: PullInfo | None) -> bool:
        named = pr.list_path if pr is not None else None
        if pr is None or named is None or named == self.path:
            return False
        if pr.number in self.known:
            # This list's, unless a litbot that could not tell recorded another list's PR.
            other = named not in self.past and self._holds_another_list(named)
        elif named in self.past:
            # Opened there before the list left: this list's, unknown to its state where a run died
            # before recording it or an older backup was restored. After: a list that took the file.
            other = pr.created > self.past[named]
        else:
            # A state that has opened PRs knows its own; one that has not (lost, or new) goes by the file.
            other = bool(self.known) or self._holds_another_list(named)
        return other and self._met(pr, named)

    def _met(self, pr: PullInfo, named: str) -> bool:
        """Remember another list's PR; True."""
        self.numbers.add(pr.number)
        if pr.status == "open":
            self.open.setdefault(named, set()).add(pr.number)
        return True

    def _holds_another_list(self, named: str) -> bool:
        if named not in self.lists:
            try:
                there = parse_list(self.forge.read_file(named)[0], named)
            except ForgeError as exc:
                if exc.status not in (404, 200):  # 200: a folder there, no file
                    raise
                there = None
            except InputError:  # no list (too big, not text)
                there = None
            self.lists[named] = bool(there and there.entries) and not moved_from(there, self.current())
        return self.lists[named]

    def warn(self, prefix: str) -> None:
        """Once a run, for the other lists' open PRs (their closed ones stay under the prefix for good)."""
        for named, numbers in self.open.items():
            shown = ", ".join(f"#{n}" for n in sorted(numbers)[:5]) + (", ..." if len(numbers) > 5 else "")
            log.warning("PRs %s on branches under %r add to %s, another list of this repository kept by "
                        "another litbot: left alone. Give each list its own github.branch_prefix, neither "
                        "the start of the other ('litbot-vision/' beside 'litbot/')", shown, prefix, named)


_TITLE = re.compile(r'^Add "(.*)" to (.+)$')


def _unescape(text: str) -> str:
    # Titles of PRs opened before titles became plain text escaped markdown ("Ma\\!"); a plain title's
    # own backslashes ("\\ell_1") stay.
    return re.sub(r"\\([\\`*_\[\]<>|~!])", r"\1", text)


def _paper_from_pull(key: str, pr: PullInfo) -> Paper:
    """A Paper for a PR found on GitHub that state does not know (state was lost), with the abstract
    its body quotes for it."""
    paper = _identity_from_pull(key, pr)
    paper.abstract = abstract_in_body(pr.body, paper.title)
    return paper


def _identity_from_pull(key: str, pr: PullInfo) -> Paper:
    """A thin Paper for a PR found on GitHub that state does not know: titled as its marker titles it,
    else (a PR opened before markers carried titles) as a one-paper PR's title names it. A title naming
    several papers (a retitled digest) is no one paper's: they are known by their keys, and by their
    titles only where the markers carry them."""
    m = _TITLE.match(pr.title) if len(pr.keys) == 1 else None
    marked = pr.titles.get(key, "")
    return _paper_of_key(key, marked or (_unescape(m.group(1)) if m else ""), bool(marked))


def _paper_of_key(key: str, title: str = "", marked: bool = False) -> Paper:
    """A thin Paper for ``key``, titled ``title`` where that is the paper's (``marked``: litbot wrote it
    into the PR for this paper)."""
    kind, _, value = key.partition(":")
    if kind == "arxiv":
        return Paper(title=title or value, arxiv_id=value)
    if kind == "doi":
        return Paper(title=title or value, doi=value)
    # A title key is the normalised title: the paper's own title is kept where it is that title, or
    # where normalising has changed since the PR was opened ("$\\ell_p$" was "ell_p", now "lp": rebuilt
    # from the old key's text, a closed paper no longer matched its journal version): the marker's
    # title, litbot's own, or a PR title still as near the key's text as one title's spellings are. A
    # PR title the maintainer changed ("... (ICML 2021)") names no other paper, nor one cut short ("…").
    paper = Paper(title=title or value)
    if paper.key == key:
        return paper
    kept = title and not title.endswith("…") and (
        marked or fuzz.ratio(normalize_title(title), value) >= TITLE_MATCH_THRESHOLD)
    return paper if kept else Paper(title=value)


def _taken_out_of(pr: PullInfo) -> list[Paper]:
    """The papers litbot took out of digest ``pr`` (listed by hand): marked listed, no longer proposed by
    it. Told by identity, not by key: litbot marks a paper listed under its key of the day, which may
    not be its marker's (an arXiv DOI's marker names the arXiv paper)."""
    own = {k for key in pr.keys for k in (key, _identity_from_pull(key, pr).key)}
    papers = [_paper_of_key(key, title, marked=True) for key, title in listed_from_body(pr.body).items()
              if key not in own]
    return [p for p in papers if p.key not in own]


def reconcile(
    forge: Forge, state: State, prefix: str = "litbot/", labels: list[str] | None = None,
    list_path: str | None = None, read_list: Callable[[], CuratedList] | None = None,
) -> dict[str, int]:
    """Bring pending/open proposals up to date with their PRs and adopt litbot PRs state lost track of.

    Open litbot PRs that state did not yet know as open (a run died between opening and labelling, or
    state was lost) get the ``labels`` they lack; a PR state knew as open keeps the labels it has, so a
    label the maintainer took off stays off. A one-paper PR merged is the paper accepted, however its
    entry was edited. A digest's paper is judged by the list (``read_list``, or else ``list_path`` read
    from the forge): merged without it (the maintainer took it out), it counts as closed, not merged;
    recorded as closed and then merged with it (the PR was reopened), as merged. PRs from a fork never
    count: only branches of the list's own repository are litbot's. A closed PR whose paper the list has
    (listed by hand, before or after the close) is recorded as listed: no verdict against the paper.
    Returns counts: merged, closed, listed, open (proposals that changed to that status) and discovered.
    """
    if read_list is None and list_path:
        path = list_path
        read_list = lambda: parse_list(forge.read_file(path)[0], path)  # noqa: E731
    counts = {"merged": 0, "closed": 0, "listed": 0, "open": 0, "discovered": 0}
    merging: list[tuple[Proposal, PullInfo]] = []
    closing: list[tuple[Proposal, PullInfo | None]] = []  # closed: declined, or listed by hand?
    others = _OtherLists(forge, state, list_path, read_list) if list_path and read_list else None
    pulls = [p for p in forge.find_pulls(prefix) if others is None or not others.theirs(p)]  # newest first
    if others is not None:
        others.warn(prefix)
        # Another list's PRs a litbot that could not tell them apart recorded: no proposal of this list's,
        # nor a verdict on the paper.
        for prop in state.proposals():
            if prop.pr_number in others.numbers:
                state.forget_proposal(prop.key)
    by_number = {p.number: p for p in pulls}
    by_branch: dict[str, PullInfo] = {}
    by_key: dict[str, PullInfo] = {}
    for pr in pulls:
        if pr.branch not in by_branch or (pr.status == "open" and by_branch[pr.branch].status != "open"):
            by_branch[pr.branch] = pr  # the newest PR of a branch, unless an older one is still open
        for key in pr.keys:
            if key not in by_key or (pr.status == "open" and by_key[key].status != "open"):
                by_key[key] = pr
    proposals = state.proposals()
    labelled: set[int] = set()  # PRs labelled by this reconcile: a digest's papers share one
    sharing = Counter(p.pr_number for p in proposals if p.pr_number)

    def digest(pr: PullInfo) -> bool:
        # Several papers in one PR: its markers say so, or state, or, where a maintainer rewrote the
        # description markers and all, its branch's name. Digest mode with one candidate opens a
        # one-paper PR on a digest branch: its one marker says it is no digest.
        return (len(pr.keys) > 1 or sharing[pr.number] > 1
                or (not pr.keys and pr.branch.startswith(f"{prefix}digest-"))
                or bool(_taken_out_of(pr)))  # one paper left, one taken out

    for prop in proposals:
        if prop.status in ("closed", "listed"):
            # A maintainer may reopen a PR closed by mistake (or one litbot closed, its paper listed by
            # hand, after taking that entry out again): it is open again, and its merge counts when it
            # comes. A merged PR of a closed paper is either a digest merged without it (declined) or
            # one reopened and merged since the last run: the list says which. A paper litbot took out
            # of a digest (listed by hand) is no longer in it: its marker is gone.
            pr = by_number.get(prop.pr_number) if prop.pr_number else None
            carried = pr is not None and (prop.key in pr.keys or not digest(pr))
            if pr is not None and carried and pr.status == "open":
                state.upsert_proposal(prop.paper, "open", prop.section, pr.branch, pr.number, prop.score)
                counts["open"] += 1
            elif pr is not None and carried and pr.status == "merged" and (read_list is not None
                                                                           or not digest(pr)):
                merging.append((prop, pr))
            elif prop.status == "closed":
                closing.append((prop, None))  # listed by hand since it was declined?
            continue
        if prop.status not in ("pending", "open"):
            continue
        pr = (by_number.get(prop.pr_number) if prop.pr_number else None) or by_key.get(prop.key)
        pr = pr or by_branch.get(prop.branch)
        if pr is None and prop.pr_number:
            pr = forge.get_pull(prop.pr_number)  # e.g. the maintainer renamed the head branch
            if others is not None and others.theirs(pr):  # and its branch renamed since
                state.forget_proposal(prop.key)
                continue
        if pr is None:
            continue  # pending without a PR: submit() resumes it
        if pr.status == "merged":
            merging.append((prop, pr))  # decided below, by the list
        elif pr.status == "closed":
            closing.append((prop, pr))  # so is this
        elif pr.status != prop.status or pr.number != prop.pr_number:
            if pr.status == "open" and prop.status == "pending" and labels:
                _label_once(forge, pr, labels, labelled)  # before it is recorded: a failure is retried
            state.upsert_proposal(prop.paper, pr.status, prop.section, pr.branch, pr.number, prop.score)
            counts[pr.status] += 1
    # A marker's key may not be the key the paper has now (an arXiv DOI names the arXiv paper).
    discovered = [(key, pr, paper) for key, pr in by_key.items()
                  if state.get_proposal(key) is None
                  and state.get_proposal((paper := _paper_from_pull(key, pr)).key) is None]
    # A digest's paper litbot took out, listed by hand meanwhile: its marker went, its listed mark stays.
    proposed = set(by_key) | {_identity_from_pull(key, pr).key for key, pr in by_key.items()}
    taken_out = {paper.key: (pr, paper) for pr in reversed(pulls) for paper in _taken_out_of(pr)
                 if paper.key not in proposed and state.get_proposal(paper.key) is None}
    # The list is read before any merge is recorded: a failed read leaves them all for the next run.
    # Closes only ask whether their paper was listed by hand; unread, they are recorded as declined,
    # and a later run that reads the list records the listed ones as such.
    listed: CuratedList | None = None
    if read_list is not None and (any(digest(pr) for _, pr in merging)
                                  or any(digest(pr) and pr.status == "merged" for _, pr, _ in discovered)):
        listed = read_list()
    elif read_list is not None and (closing or any(pr.status == "closed" for _, pr, _ in discovered)):
        try:
            listed = read_list()
        except LitbotError as exc:
            log.warning("closed PRs recorded as declined for now: the list does not read (%s)", exc)

    def verdict(paper: Paper, pr: PullInfo) -> str:
        # A digest merged without the paper (the maintainer took it out): declined, not accepted. A
        # one-paper PR merged is accepted, however the maintainer edited its entry (title, link).
        if pr.status == "closed":
            return closed_verdict(paper, pr, known=False)
        declined = listed is not None and digest(pr) and listed.find(paper) is None
        return "closed" if declined else "merged"

    def closed_verdict(paper: Paper, pr: PullInfo | None, known: bool) -> str:
        # A closed PR whose paper is on the list was not declined: the maintainers listed it by hand.
        # Never a negative, even once taken off the list again, so it takes the paper itself there, not
        # a near title; or the list as litbot read it when it closed the PR itself (it marks the body so).
        # A lost state trusts the mark alone; for a PR state knows the mark may be older than a reopen
        # and a decline since.
        marked = pr is not None and paper.key in listed_from_body(pr.body)
        if marked and not known:
            return "listed"
        on_list = listed is not None and (_listed_itself(listed, paper)
                                          or marked and listed.find(paper) is not None)
        return "listed" if on_list else "closed"

    for prop, pr in merging:
        status = verdict(prop.paper, pr)
        if status != prop.status:
            state.upsert_proposal(prop.paper, status, prop.section, pr.branch, pr.number, prop.score)
            counts[status] += 1
    for prop, found in closing:
        status = closed_verdict(prop.paper, found or by_number.get(prop.pr_number or 0), known=True)
        if found is None and status != prop.status:
            state.set_proposal_status(prop.key, status)
            counts[status] += 1
        elif found is not None and (status != prop.status or found.number != prop.pr_number):
            state.upsert_proposal(prop.paper, status, prop.section, found.branch, found.number, prop.score)
            counts[status] += 1
    for _, pr, paper in discovered:
        m = _TITLE.match(pr.title) if len(pr.keys) == 1 else None
        section = _unescape(m.group(2)) if m else ""
        status = verdict(paper, pr) if pr.status != "open" else pr.status
        if status == "open" and labels:
            _label_once(forge, pr, labels, labelled)
        state.upsert_proposal(paper, status, section, pr.branch, pr.number)
        counts["discovered"] += 1
    for pr, paper in taken_out.values():
        state.upsert_proposal(paper, "listed", "", pr.branch, pr.number)
        counts["discovered"] += 1
    return counts


def _listed_itself(doc: CuratedList, paper: Paper) -> bool:
    """Whether the list has this very paper: by its arXiv id, its DOI or its title as it is, not only a
    title near it ("Attacks on" and "Attacks with" one method are two papers ``find`` may take for one)."""
    entry = doc.find(paper)
    if entry is None:
        return False
    return bool(paper.arxiv_id and entry.arxiv_id == paper.arxiv_id
                or paper.doi and entry.doi and entry.doi.lower() == paper.doi.lower()
                or _normal(entry.plain_title) == _normal(paper.title))


def _normal(title: str) -> str:
    return normalize_title(plain_text(title))


def _label_once(forge: Forge, pr: PullInfo, labels: list[str], labelled: set[int]) -> None:
    """The configured labels an adopted PR lacks (a refused label is a warning there, not an error)."""
    if pr.number not in labelled:
        forge.ensure_labels(pr, labels)
        labelled.add(pr.number)


# -- submit ---------------------------------------------------------------------------------------


def _groups(chosen: list[RankedPaper], ranked_total: int, config: Config) -> list[_Group]:
    prefix = config.github.branch_prefix
    if not chosen:
        return []
    if config.github.mode == "digest":
        branch = digest_branch([r.paper.key for r in chosen], prefix)
        return [_Group(branch, list(chosen), ranked_total, digest=True)]
    return [_Group(branch_name(r.paper.key, prefix), [r], ranked_total) for r in chosen]


def _resumable(state: State, ranked_total: int, skip: set[str]) -> list[_Group]:
    """Pending proposals from a run that died before opening their PR, grouped by branch."""
    by_branch: dict[str, list[Proposal]] = {}
    for prop in state.proposals("pending"):
        if prop.key not in skip and prop.branch:
            by_branch.setdefault(prop.branch, []).append(prop)
    groups = []
    for branch, props in by_branch.items():
        # The ranker's details are gone; score and section survive in state, which is enough for a PR.
        papers = [RankedPaper(p.paper, p.score or 0.0, p.section, 0.0) for p in props]
        groups.append(_Group(branch, papers, ranked_total, digest=len(props) > 1))
    return groups


def _result(group: _Group, rp: RankedPaper, action: str, pr: PullInfo | None, diff: str = "",
            body: str = "", error: str = "") -> ProposalResult:
    return ProposalResult(key=rp.paper.key, title=rp.paper.title, section=rp.section, branch=group.branch,
                          pr_number=pr.number if pr else None, url=pr.url if pr else "", action=action,
                          diff=diff, body=body, error=error,
                          pull_title=pr.title if pr else group.title() if group.papers else "")


def _insert_all(text: str, papers: list[RankedPaper], path: str) -> str:
    for rp in papers:
        doc = parse_list(text, path)
        if doc.find(rp.paper) is None:
            text = insert_entry(doc, rp.paper, rp.section)
    return text


def _record(state: State, group: _Group, status: str, pr: PullInfo | None) -> None:
    with state.transaction():
        for rp in group.papers:
            state.upsert_proposal(rp.paper, status, rp.section, group.branch,
                                  pr.number if pr else None, rp.score)


def _forget_pending(state: State, keys: list[str]) -> None:
    """Drop pending proposals for papers someone listed meanwhile: nothing was proposed, nothing learned."""
    with state.transaction():
        for key in keys:
            state.delete_proposal(key)


def _submit_group(forge: Forge, state: State, group: _Group, config: Config,
                  others: _OtherLists) -> list[ProposalResult]:
    path = config.list.path
    existing = forge.pull_for_branch(group.branch)
    if existing is not None and others.theirs(existing):
        # The same paper proposed to another list of this repository under the same prefix: this list's
        # PR gets a branch of its own, named after its list (the same each run: a crash resumes it).
        log.warning("branch %s is PR #%s's, for %s, another list kept by another litbot under the same "
                    "github.branch_prefix: this list's PR goes on a branch of its own; give each list its "
                    "own prefix", group.branch, existing.number, existing.list_path)
        group.branch = f"{group.branch}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:6]}"
        existing = forge.pull_for_branch(group.branch)
    if existing is not None:
        # Our own PR from an earlier run (maybe one that died before recording it): never a second one.
        _record(state, group, existing.status, existing)
        action = "exists" if existing.status == "open" else "skipped"
        return [_result(group, rp, action, existing) for rp in group.papers]
    base_text, _ = forge.read_file(path)
    base = parse_list(base_text, path)
    listed = [rp for rp in group.papers if base.find(rp.paper) is not None]
    group.papers = [rp for rp in group.papers if base.find(rp.paper) is None]
    results = [_result(group, rp, "skipped", None) for rp in listed]
    if listed:
        _forget_pending(state, [rp.paper.key for rp in listed])
    if not group.papers:
        if listed:
            forge.delete_branch(group.branch)  # an orphan from a crashed run, if any
        return results
    # Pending first: if we die after creating the branch, the next run knows the branch is ours.
    _record(state, group, "pending", None)
    forge.create_branch(group.branch, ours=lambda message: COMMIT_TRAILER in message)
    diff = _commit_entries(forge, group, path, group.message())
    body = group.body(path)
    pr = forge.open_pull(group.branch, group.title(), body, config.github.labels, config.github.reviewers)
    _record(state, group, "open", pr)
    log.info("opened PR #%s for %s", pr.number, ", ".join(rp.paper.key for rp in group.papers))
    return results + [_result(group, rp, "opened", pr, diff, body) for rp in group.papers]


def refresh_conflicts(forge: Forge, state: State, config: Config, fetched: Mapping[str, Paper] | None = None,
                      others: _OtherLists | None = None) -> list[ProposalResult]:
    """Rebuild open PRs whose list changed under them: same entries, on top of the current base.

    Also rebuilt: a PR whose branch lost its entries (a run died, or GitHub refused the commit, between
    resetting the branch and re-committing). Never rebuilt: a branch someone else committed to (a
    maintainer who moved, edited or removed an entry owns it now, as Renovate leaves a PR it did not
    write alone); it is left for them to resolve. A PR whose papers are all on the list by now (added
    by hand) has nothing left to add: merging it would list them twice, so it is closed with a comment.

    A PR state knows only from GitHub (state was lost: its title and marker) is rebuilt from the paper
    as ``fetched`` has it whole, else as state has it; a digest's paper in the section its branch lists
    it in. From the title alone an entry lost its names and year, and a digest's papers had no section
    to go to, so the PR could never be rebuilt.
    """
    path = config.list.path
    results: list[ProposalResult] = []
    by_pr: dict[int, list[Proposal]] = {}
    for prop in state.proposals("open"):
        if prop.pr_number is not None:
            by_pr.setdefault(prop.pr_number, []).append(prop)
    base_text = forge.read_file(path)[0] if by_pr else ""
    base = parse_list(base_text, path) if by_pr else None
    others = others or _OtherLists(forge, state, path, lambda: base or parse_list(base_text, path))
    for number, props in by_pr.items():
        pr = forge.get_pull(number)
        if others.theirs(pr):
            continue  # another list's, recorded by a litbot that could not tell: never rebuilt here
        if pr.status != "open":
            # Closed or merged since this run's reconcile: the next one records it, judging a merged
            # digest's papers by the list (one may have been taken out before the merge).
            continue
        papers = [RankedPaper(_whole(p.paper, fetched), p.score or 0.0, p.section, 0.0) for p in props]
        group = _Group(pr.branch, papers, 0, digest=len(props) > 1)
        try:
            on_base = [base is not None and base.find(rp.paper) is not None for rp in papers]
            if all(on_base):
                results += _close_listed(forge, state, pr, group)
                continue
            on_branch: list[Entry | None] = [None] * len(papers)
            try:
                branch_doc = parse_list(forge.read_file(path, ref=pr.branch)[0], path)
                on_branch = [branch_doc.find(rp.paper) for rp in papers]
                lost = any(entry is None for entry in on_branch)
                for rp, entry in zip(papers, on_branch, strict=True):
                    if entry is not None and not rp.section:  # a digest's paper known from GitHub alone
                        rp.section = _home_of(entry, branch_doc, base)
            except ForgeError as exc:
                if exc.status != 404:
                    raise
                lost = True  # no list at list.path on the branch: the list moved since; rebuilt there
            _remember_whole(state, pr, props, papers)
            if pr.list_path not in (None, path) and not lost:
                _name_the_list(forge, pr, path)  # rebuilt there before, by a run that stopped short of this
            # A digest paper listed by hand meanwhile: merged as it is, the PR would list it twice.
            if pr.mergeable is not False and not lost and not any(on_base):
                continue
            # Recorded under a name two topics share now ("Attacks" once "Image > Attacks" joined it):
            # where its entry is on the branch says which.
            for rp, entry in zip(papers, on_branch, strict=True):
                if entry is not None and _place(base, rp.section) is None:
                    rp.section = _home_of(entry, branch_doc, base) or rp.section
            _remember_whole(state, pr, props, papers)
            taken_out = [rp for rp, listed in zip(papers, on_base, strict=True) if listed]
            kept = _Group(pr.branch, [rp for rp in papers if rp not in taken_out], 0, group.digest)
            rebuilt = _refresh_pull(forge, config, pr, kept, papers, base_text)
            if rebuilt and pr.list_path not in (None, path):
                _name_the_list(forge, pr, path)
            if rebuilt and taken_out:  # out of the PR for good: no reason to rebuild it at every run
                _take_out(forge, pr, papers, kept.papers)
                for rp in taken_out:
                    state.set_proposal_status(rp.paper.key, "listed", pr.number)
                rebuilt += [_result(group, rp, "skipped", pr) for rp in taken_out]
            elif twice := [rp for rp, listed, entry in zip(papers, on_base, on_branch, strict=True)
                           if listed and entry is not None]:
                _say_listed_twice(forge, pr, twice)  # the branch is the maintainer's
            results += rebuilt
        except InputError as exc:
            # The maintainer took away what the entry needs (its section): the branch keeps its entries
            # and the PR is theirs to resolve or close; the other PRs and the run go on.
            log.warning("PR #%s cannot be rebuilt on the list as it is now: %s; left as it is for the "
                        "maintainer to resolve or close", number, exc)
            results += [_result(group, rp, "failed", pr, error=f"{exc}; PR #{number} left as it is")
                        for rp in papers]
        except ForgeError as exc:
            # 404: the branch went between the PR's lookup and its rebuild (GitHub closes the PR).
            if exc.status not in PER_PR_STATUSES | {404}:
                raise
            results += _refused(group, exc, f"PR #{number} tried again on the next run")
    return results


def _take_out(forge: Forge, pr: PullInfo, carried: list[RankedPaper], kept: list[RankedPaper]) -> None:
    """Say in a rebuilt digest's description which of the ``carried`` papers it no longer adds (listed by
    hand meanwhile). The count in litbot's title goes with them; a title the maintainer wrote stays."""
    gone = {rp.paper.key: rp.paper.title for rp in carried if rp not in kept}
    forge.edit_pull(pr.number, lambda title, body: (
        digest_title(kept) if title == digest_title(carried) else title, body_without(body, gone)))


def _say_listed_twice(forge: Forge, pr: PullInfo, twice: list[RankedPaper]) -> None:
    """Tell the maintainer, once, that merging their branch as it is lists these papers twice."""
    notices: list[str] = []

    def mark(title: str, body: str) -> tuple[str, str]:
        body, notice = listed_twice_notice(body, {rp.paper.key: rp.paper.title for rp in twice})
        notices[:] = [notice] if notice is not None else []
        return title, body

    forge.edit_pull(pr.number, mark)
    for notice in notices:
        forge.comment(pr.number, notice)
        log.warning("PR #%s: %s listed by hand meanwhile, and the branch has commits litbot did not make: "
                    "asked the maintainer to take the entry out before merging",
                    pr.number, ", ".join(rp.paper.key for rp in twice))


def _place(doc: CuratedList | None, section: str) -> Section | None:
    """The one section ``section`` names in ``doc``; None for "" (a digest's paper known from GitHub
    alone), a name no section has, or one two topics share now ("Attacks" once "Image > Attacks" joined
    "Text > Attacks")."""
    try:
        return doc.section(section) if section and doc is not None else None
    except InputError:
        return None


def _home_of(entry: Entry, branch_doc: CuratedList, base: CuratedList | None) -> str:
    """The section ``entry`` is in on a PR's branch, named as the base list tells it apart: the shortest
    tail of its heading path that names one section there ("Image > Attacks" where "Text > Attacks" is
    too; the branch, older, may know one "Attacks"). "" for an entry in no section (an unread link)."""
    home = next((s for s in branch_doc.sections if any(e is entry for e in s.entries)), None)
    if home is None:
        return ""
    parts = undated(home.heading_path)
    for k in range(1, len(parts) + 1):
        tail = " > ".join(parts[-k:])
        found = _place(base, tail)
        # The same topic: the same heading path, or one that holds an entry of the PR's section (its
        # parent renamed). Not another topic a looser name finds where this one was deleted.
        if found is None:
            continue
        shared = {e.key for e in found.entries} & {e.key for e in home.entries}
        if undated(found.heading_path) == parts or shared:
            return tail
    return branch_doc.section_label(home)


def _name_the_list(forge: Forge, pr: PullInfo, path: str) -> None:
    """A PR that adds to the list where it moved names that file: a list that takes the old one must
    not take the PR for its own. Housekeeping: refused, it is tried again next run, and neither the
    run nor the PR's rebuild waits on it."""
    try:
        forge.edit_pull(pr.number, lambda title, body: (title, with_list_marker(body, path)))
    except ForgeError as exc:
        if exc.status not in PER_PR_STATUSES | {403, 404}:
            raise
        log.warning("PR #%s adds to %s but still names %s as its list; tried again next run (%s)",
                    pr.number, path, pr.list_path, exc)
        return
    pr.body = with_list_marker(pr.body, path)


def _remember_whole(state: State, pr: PullInfo, props: list[Proposal], papers: list[RankedPaper]) -> None:
    """Keep what a PR's papers were completed with (``_whole``, a section from the branch): the next run
    fetches them no more (seen), and their PR may need rebuilding again."""
    with state.transaction():
        for prop, rp in zip(props, papers, strict=True):
            if rp.paper is not prop.paper or rp.section != prop.section:
                state.upsert_proposal(rp.paper, "open", rp.section, pr.branch, pr.number, prop.score)


def _whole(paper: Paper, fetched: Mapping[str, Paper] | None) -> Paper:
    """``paper`` as this run fetched it, where state knows no more of it than a PR's marker and body
    give (a title, and the abstract the body quotes)."""
    known = (fetched or {}).get(paper.key)
    thin = not (paper.authors or paper.published)
    return known if known is not None and thin else paper


def _close_listed(forge: Forge, state: State, pr: PullInfo, group: _Group) -> list[ProposalResult]:
    """Merging would list the papers twice: close the PR, saying why (and, where a lost state reads it
    back, that the papers were listed, not declined)."""
    titles = {rp.paper.key: rp.paper.title for rp in group.papers}
    forge.edit_pull(pr.number, lambda title, body: (title, with_listed_marks(body, titles)))
    forge.close_pull(pr.number, LISTED_MEANWHILE)
    for rp in group.papers:  # listed, so never proposed again, nor learnt from as a rejection
        state.set_proposal_status(rp.paper.key, "listed", pr.number)
    log.info("closed PR #%s: its papers are on the list already", pr.number)
    return [_result(group, rp, "closed", pr) for rp in group.papers]


def _refresh_pull(forge: Forge, config: Config, pr: PullInfo, group: _Group, carried: list[RankedPaper],
                  base_text: str) -> list[ProposalResult]:
    """Rebuild the PR's branch with ``group``'s entries, unless someone else committed to it; returns
    the results, none when it was left alone. ``carried``: the papers the branch was built with.
    Raises InputError, with the branch untouched, where the entries cannot go on ``base_text`` (the
    list on the base branch), e.g. their section is gone."""
    path = config.list.path
    foreign = [c.message for c in forge.pull_commits(pr.number)
               if COMMIT_TRAILER not in c.message and not _base_merged_in(forge, c, carried, path)]
    if foreign:
        log.info("PR #%s needs rebuilding, but its branch has commits litbot did not make (%r): "
                 "left for the maintainer to resolve", pr.number, foreign[-1].splitlines()[0][:80])
        return []
    _insert_all(base_text, group.papers, path)  # before the reset: a branch is never emptied for nothing
    forge.reset_branch(pr.branch)
    diff = _commit_entries(forge, group, path, "Refresh: re-add the entry on top of the updated list")
    log.info("refreshed PR #%s", pr.number)
    return [_result(group, rp, "refreshed", pr, diff, pr.body) for rp in group.papers]


def _base_merged_in(forge: Forge, commit: PullCommit, papers: list[RankedPaper], path: str) -> bool:
    """GitHub's "Update branch" merges the base into a PR branch: nothing of anyone's to keep, if the
    merge only added lines to the base's list, and those are the lines of litbot's entries (wherever
    the merge left them in their section). For a paper the base lists by now (added by hand), litbot's
    entry may come along from the branch, to be taken out by the rebuild. A conflict resolved in
    GitHub's editor (or a ``git merge`` by hand) makes the same kind of commit, and may carry the
    maintainer's edits: then it is theirs. Whatever cannot be told is theirs too: a rebuild is then
    left to them, never an edit lost."""
    if len(commit.parents) != 2 or not _BASE_MERGED_IN.match(commit.message):
        return False
    try:
        merged = forge.read_file(path, ref=commit.sha)[0]
        branch = forge.read_file(path, ref=commit.parents[0])[0]
        base = forge.read_file(path, ref=commit.parents[1])[0]
    except ForgeError as exc:
        if exc.status != 404:
            raise
        return False  # the list was elsewhere then: nothing to compare
    added = _added_lines(base, merged)
    if added is None:
        return False
    still_to_add = _added_lines(base, _insert_all(base, papers, path)) or Counter()
    return not still_to_add - added and not added - still_to_add - _entries_listed_by_hand(
        branch, base, papers, path)


def _entries_listed_by_hand(branch: str, base: str, papers: list[RankedPaper], path: str) -> Counter[str]:
    """The lines of litbot's entries on ``branch`` for the papers ``base`` lists by now."""
    on_base, on_branch = parse_list(base, path), parse_list(branch, path)
    lines = branch.splitlines()
    found = [on_branch.find(rp.paper) for rp in papers if on_base.find(rp.paper) is not None]
    return Counter(line for e in found if e is not None for line in lines[e.start_line:e.end_line])


def _added_lines(old: str, new: str) -> Counter[str] | None:
    """The lines ``new`` adds to ``old``, or None where it also changes or removes some."""
    a, b = old.splitlines(), new.splitlines()
    added: Counter[str] = Counter()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            return None
        if tag == "insert":
            added.update(b[j1:j2])
    return added


def _commit_entries(forge: Forge, group: _Group, path: str, message: str) -> str:
    """Commit the group's entries onto its branch's list (as GitHub has it then); returns the diff."""
    diffs: dict[str, str] = {}

    def build(text: str) -> str:
        new_text = _insert_all(text, group.papers, path)
        diffs["diff"] = unified_diff(text, new_text, path)
        return new_text

    forge.commit_file(group.branch, path, build, f"{message}\n\n{COMMIT_TRAILER}")
    return diffs.get("diff", "")


def _dry_run(doc_text: str, chosen: list[RankedPaper], ranked_total: int, config: Config
             ) -> list[ProposalResult]:
    path = config.list.path
    results = []
    for group in _groups(chosen, ranked_total, config):
        new_text = _insert_all(doc_text, group.papers, path)
        diff, body = unified_diff(doc_text, new_text, path), group.body(path)
        results += [_result(group, rp, "would-open", None, diff, body) for rp in group.papers]
    return results


def submit(forge: Forge | None, state: State, doc_text: str, chosen: list[RankedPaper], ranked_total: int,
           config: Config, dry_run: bool, fetched: Mapping[str, Paper] | None = None) -> list[ProposalResult]:
    """Open draft PRs for ``chosen`` (after resuming crashed ones and refreshing conflicting ones).

    Dry run: no GitHub, no state writes; returns the diffs against ``doc_text`` and the PR bodies it
    would submit. A real run builds every change on the list as it is on GitHub at that moment.
    ``fetched``: this run's papers by key, whole, for PRs state knows only by their title (state lost).
    """
    if dry_run:
        return _dry_run(doc_text, chosen, ranked_total, config)
    if forge is None:
        raise LitbotError("opening pull requests needs GitHub access: set GITHUB_TOKEN or use --dry-run")
    path = config.list.path
    others = _OtherLists(forge, state, path, lambda: parse_list(forge.read_file(path)[0], path))
    results = refresh_conflicts(forge, state, config, fetched, others)
    chosen_keys = {rp.paper.key for rp in chosen}
    for group in _resumable(state, ranked_total, chosen_keys) + _groups(chosen, ranked_total, config):
        try:
            results += _submit_group(forge, state, group, config, others)
            refused = False
        except BranchTakenError as exc:  # someone's work on the branch: theirs to keep or delete
            results += _refused(group, exc, _left_pending(group), "PR not opened on branch")
            refused = True
        except ForgeError as exc:
            if exc.status not in PER_PR_STATUSES:
                raise
            results += _refused(group, exc, _left_pending(group))
            refused = True
        except InputError as exc:  # a paper no entry can be made of: it must not stop the others
            results += _refused(group, exc, _left_pending(group), "cannot add")
            refused = True
        if refused or group.branch in state.refused_branches():
            state.mark_refused(group.branch, refused)
    return results


def _left_pending(group: _Group) -> str:
    drop = "litbot state drop " + " ".join(rp.paper.key for rp in group.papers)
    return f"left pending, retried next run (`{drop}` stops it)"


def _refused(group: _Group, exc: Exception, outcome: str, what: str = "GitHub refused"
             ) -> list[ProposalResult]:
    log.warning("%s %s: %s; %s", what, group.branch, exc, outcome)
    error = f"{exc}; {outcome}"
    return [_result(group, rp, "failed", None, error=error) for rp in group.papers]
