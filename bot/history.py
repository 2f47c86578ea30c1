"""Backtest by replaying a list's own git history: would litbot have found what maintainers added?

For every commit that added paper entries, the list as it stood just before that commit is the curated
corpus; the papers the commit added are mixed into a haystack of unrelated candidates and ranked. A good
ranker puts each added paper near the top and suggests the section the maintainer chose.
Only local git is used (``git log`` / ``git show``), never the network.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.errors import InputError
from bot.identity import IdentityIndex
from bot.lists import CuratedList, Entry, parse_list
from bot.lists.model import uncounted
from bot.paper import Paper
from bot.ranked import RankedPaper
from bot.sanitize import plain_text
from bot.state import State

log = logging.getLogger(__name__)

# (list before the commit, candidates, config, state) -> ranked candidates, as bot.ranking.rank_papers.
Ranker = Callable[[CuratedList, list[Paper], Config, State | None], list[RankedPaper]]


@dataclass
class ListCommit:
    rev: str
    date: str  # committer date, YYYY-MM-DD
    subject: str
    path: str = ""  # the list's path at this commit, and at its parent (a move renames it), in the repo
    parent_path: str = ""


@dataclass
class BacktestCase:
    """One paper a maintainer added, and how the ranker did on it."""

    rev: str
    date: str
    title: str
    section: str  # where the maintainer put it
    rank: int  # 1 + haystack papers scoring above it
    score: float
    suggested: str
    section_known: bool  # False when the commit created the section: no ranker could suggest it
    section_match: bool
    proposed: bool = False  # its score reached ranking.min_score: a run would have drafted its PR


@dataclass
class BacktestReport:
    cases: list[BacktestCase] = field(default_factory=list)
    commits_replayed: int = 0
    commits_without_additions: int = 0
    haystack: int = 0
    min_score: float = 0.5

    def summary(self) -> dict[str, Any]:
        ranks = [c.rank for c in self.cases]
        known = [c for c in self.cases if c.section_known]
        n = len(ranks)
        return {
            "papers": n,
            "commits": self.commits_replayed,
            "commits_without_additions": self.commits_without_additions,
            "haystack": self.haystack,
            **{f"hr@{k}": round(sum(r <= k for r in ranks) / n, 4) if n else None for k in (1, 5, 10, 50)},
            "mrr": round(sum(1 / r for r in ranks) / n, 4) if n else None,
            "median_rank": statistics.median(ranks) if n else None,
            "section_accuracy": round(sum(c.section_match for c in known) / len(known), 4) if known else None,
            "proposed": sum(c.proposed for c in self.cases),
            "min_score": self.min_score,
        }

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary(), "cases": [asdict(c) for c in self.cases]}


def _git(repo: str | Path, *args: str) -> subprocess.CompletedProcess[str]:
    # core.quotePath=false: a path of non-ASCII letters ("论文列表.md") as it is, not quoted and escaped.
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "core.quotePath=false", *args], capture_output=True, text=True,
        encoding="utf-8", errors="replace", check=False,
    )


def list_commits(repo: str | Path, file: str, since: date | None = None) -> list[ListCommit]:
    """Commits that touched ``file`` (relative to ``repo``), oldest first, from the day ``since`` on."""
    if not Path(repo).is_dir():
        raise InputError(f"--repo {repo}: not a folder; give the path of a local git clone of the list")
    probe = _git(repo, "rev-parse", "--git-dir")
    if probe.returncode != 0:
        raise InputError(f"--repo {repo}: not a git repository; clone the list's repository first")
    # --no-merges: a PR merged with a merge commit would otherwise count its additions twice (the
    # branch's commit and the merge, whose first parent lacks them).
    # --follow: a list moved ("git mv README.md docs/papers.md") keeps the history before the move; each
    # commit's --name-status says where the list was then, as a path from the repository's root, made
    # ``repo``'s here ("../README.md" where the list was moved into ``repo`` from above it: --relative
    # dropped such a path, and the history from before the move with it).
    # Newest first, reversed here: --follow finds a move walking back in time, and --reverse lost it.
    args = ["log", "--no-merges", "--follow", "--name-status", "--format=%x1e%H%x1f%cs%x1f%s"]
    prefix = _git(repo, "rev-parse", "--show-prefix").stdout.strip()
    # Filtered here on the commit's own date (%cs, the date the report shows), not by git's --since:
    # a bare date is "that date at the current time of day" to git, and a time this machine's zone.
    first_day = since.isoformat() if since else ""
    result = _git(repo, *args, "--", file)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no message"])[-1]  # git's last word, not a list
        raise InputError(f"--repo {repo}: git log failed ({reason})")
    commits = []
    for record in result.stdout.split("\x1e")[1:]:
        head, *changes = record.strip("\n").split("\n")
        rev, day, subject = (head.split("\x1f") + ["", ""])[:3]
        _, *paths = next((c.split("\t") for c in changes if "\t" in c), [""])
        paths = [_from(prefix, p) for p in paths]  # "R100\told\tnew": a move
        path = paths[-1] if paths else file
        parent = paths[0] if paths else path
        if day >= first_day:
            commits.append(ListCommit(rev, day, subject, path, parent))
    return commits[::-1]


def _from(prefix: str, path: str) -> str:
    """A path from the repository's root as one from its folder ``prefix`` ("docs/")."""
    return path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, prefix or ".")


def in_repo(repo: str | Path, file: str) -> str:
    """``file`` as a path relative to ``repo`` (an absolute path inside it is made so)."""
    if not os.path.isabs(file):
        return file
    relative = os.path.relpath(os.path.realpath(file), os.path.realpath(repo))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):  # not a file named "..list.md"
        raise InputError(f"--file {file}: not inside --repo {repo}; give the list's path in the repository")
    return relative


def show_file(repo: str | Path, rev: str, file: str) -> str | None:
    """The file's text at ``rev``; None where it did not exist (or ``rev`` has no parent). ``file`` is
    relative to ``repo``, which may be a folder inside the repository, as for ``git log``."""
    result = _git(repo, "show", f"{rev}:./{file}")  # plain "rev:file" is from the repository's root
    return result.stdout if result.returncode == 0 else None


def _gone(repo: str | Path, file: str) -> str:
    """Why the replay of ``file``, not in the repo's HEAD, stops early: where it was moved to, if it was."""
    gone = _git(repo, "log", "-1", "--format=%h", "--diff-filter=D", "--", file).stdout.strip()
    moved = ""
    if gone:
        for line in _git(repo, "show", "--name-status", "-M", "--format=", gone).stdout.splitlines():
            status, *paths = line.split("\t")
            if status.startswith("R") and len(paths) == 2 and paths[0] == file:
                moved = paths[1]
    if moved:
        return (f"{file} was moved to {moved} in {gone}: only its history before that is replayed; "
                f"--file {moved} replays all of it")
    return f"{file} is not in the repo's HEAD{f' (deleted in {gone})' if gone else ''}: replayed up to then"


def is_shallow(repo: str | Path) -> bool:
    return _git(repo, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"


def _remember(index: IdentityIndex, doc: CuratedList) -> None:
    """Index ``doc``'s entries. Entries only: a paper a version links where litbot cannot read it (in
    an unclosed code fence) was not listed as an entry there, and its addition counts when it is one."""
    for entry in doc.entries:
        index.add(entry.key, entry.arxiv_id, entry.doi, plain_text(entry.plain_title))


def _listed(index: IdentityIndex, entry: Entry) -> bool:
    """Whether an indexed entry is this paper (same arXiv id, DOI or fuzzy title)."""
    return index.find(entry.arxiv_id, entry.doi, plain_text(entry.plain_title)) is not None


def default_ranker(progress: bool = False) -> Ranker:
    def rank(
        doc: CuratedList, candidates: list[Paper], config: Config, state: State | None
    ) -> list[RankedPaper]:
        from bot.ranking import rank_papers

        return rank_papers(doc, candidates, config, state, progress=progress)

    return rank


def _norm(label: str) -> str:
    """A section label as compared: "Evaluations (3)" is the "Evaluations (2)" the list had before the
    commit counted its new paper (every addition was "a new section" in lists that count their papers)."""
    return " > ".join(uncounted(" ".join(part.split())).casefold() for part in label.split(" > "))


def _label(doc: CuratedList, entry: Entry) -> str:
    """The label of the section holding ``entry`` ("Text > Attacks" where two are named "Attacks"), as
    the ranker names its suggestions."""
    section = next((s for s in doc.paper_sections() if any(e is entry for e in s.entries)), None)
    return doc.section_label(section) if section is not None else entry.section


def score_commit(
    before: CuratedList, after: CuratedList, added: list[Entry], haystack: list[Paper], config: Config,
    state: State | None, ranker: Ranker, rev: str, date: str,
) -> list[BacktestCase]:
    papers = [e.to_paper() for e in added]
    added_keys = {p.key for p in papers}
    hay = [h for h in haystack if h.key not in added_keys]
    ranked = ranker(before, papers + hay, config, state)
    by_key = {r.paper.key: r for r in ranked}
    # Papers already in the list or dropped by the watchlist would never be proposed: they don't compete.
    competing = [r.score for r in ranked if r.paper.key not in added_keys and not r.listed and not r.excluded]
    known_sections = {_norm(before.section_label(s)) for s in before.paper_sections()}
    cases = []
    for entry, paper in zip(added, papers, strict=True):
        r = by_key.get(paper.key)
        if r is None or r.excluded or r.listed:
            rank, score, suggested = len(competing) + 1, (r.score if r else 0.0), (r.section if r else "")
        else:
            rank, score, suggested = 1 + sum(s > r.score for s in competing), r.score, r.section
        section = _label(after, entry)
        known = _norm(section) in known_sections
        cases.append(BacktestCase(
            rev=rev[:12], date=date, title=entry.plain_title, section=section, rank=rank,
            score=round(float(score), 6), suggested=suggested, section_known=known,
            section_match=known and _norm(suggested) == _norm(section),
            proposed=bool(r and not r.excluded and not r.listed and r.score >= config.ranking.min_score),
        ))
    return cases


def replay(
    repo: str | Path,
    file: str,
    haystack: list[Paper],
    config: Config,
    since: date | None = None,
    ranker: Ranker | None = None,
    cache_dir: str | Path | None = None,
    on_commit: Callable[[ListCommit, int], None] | None = None,
) -> BacktestReport:
    """Replay every commit of ``file`` that added papers; see the module docstring."""
    file = in_repo(repo, file)
    commits = list_commits(repo, file, since)
    if not commits:
        when = f" since {since}" if since else ""
        if since and list_commits(repo, file):
            raise InputError(f"--since {since}: no commits touch {file} from that date on; "
                             "give an earlier date")
        raise InputError(f"--file {file}: no commits touch it in {repo}{when}; check the path in the repo")
    if show_file(repo, "HEAD", file) is None:
        log.warning("%s", _gone(repo, file))
    ranker = ranker or default_ranker()
    # A candidate some version of the list lists is one of its additions (or was listed all along): it
    # competes with no other addition, as the benchmark's positives do not. A candidates file from the
    # period holds them, and ranked as stream papers they made the earlier additions look missed.
    versions = IdentityIndex()
    for commit in commits:
        text = show_file(repo, commit.rev, commit.path or file)
        if text is not None:
            _remember(versions, parse_list(text, commit.path or file))
    stream = [h for h in haystack if versions.find(h.arxiv_id, h.doi, plain_text(h.title)) is None]
    if len(stream) < len(haystack):
        log.warning("%d of the candidates are papers %s lists in some version: they are ranked only when "
                    "added, never as stream papers competing with other additions",
                    len(haystack) - len(stream), file)
    haystack = stream
    report = BacktestReport(haystack=len(haystack), min_score=config.ranking.min_score)
    # Every paper any version listed: one a broken version did not read (an unclosed code fence hid three
    # sections) is no addition when the fix brings it back.
    ever = IdentityIndex()
    with tempfile.TemporaryDirectory(prefix="litbot-backtest-") as tmp:
        # A private state: caches embeddings across commits (the haystack is embedded once) and keeps
        # the replay from reading or polluting the real state's feedback and seen papers.
        with State(cache_dir or tmp) as state:
            for commit in commits:
                path, parent = commit.path or file, commit.parent_path or commit.path or file
                old, new = show_file(repo, f"{commit.rev}^", parent), show_file(repo, commit.rev, path)
                if old is None or new is None:
                    continue  # the commit created or deleted the list: nothing to rank against
                before, after = parse_list(old, f"{parent}@{commit.rev[:12]}^"), parse_list(new, path)
                _remember(ever, before)
                if len(after.entries) < len(before.entries) // 2:
                    log.warning("%s at %s reads %d entries where its parent read %d (broken markdown?): "
                                "papers that come back later are not counted as added",
                                path, commit.rev[:12], len(after.entries), len(before.entries))
                added = [e for e in after.entries if not _listed(ever, e)]
                _remember(ever, after)
                if not added or not before.entries:
                    report.commits_without_additions += 1 if not added else 0
                    continue
                report.commits_replayed += 1
                report.cases += score_commit(
                    before, after, added, haystack, config, state, ranker, commit.rev, commit.date
                )
                if on_commit:
                    on_commit(commit, len(added))
    if is_shallow(repo):  # actions/checkout's default: the oldest commits kept have no parent to compare
        if not report.commits_replayed:
            raise InputError(f"--repo {repo}: a shallow clone, too short to replay; fetch the whole history "
                             "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)")
        log.warning("%s is a shallow clone: commits before its oldest were not replayed "
                    "(git fetch --unshallow for all of them)", repo)
    return report
