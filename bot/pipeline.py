"""One litbot cycle: reconcile with GitHub, fetch, rank, propose, then remember.

Order matters for crash safety. Papers are recorded as seen and source cursors move only after the
proposal step has finished, so a cycle killed anywhere re-fetches and re-ranks the same papers next
time; proposals are written to state as "pending" before any branch exists, so a half-made PR is
found and finished instead of duplicated.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import DEFAULT_CONFIG_PATH, Config, github_token, repo_file_path
from bot.embeddings import check_model
from bot.errors import ConfigError, InputError, LitbotError
from bot.lists import CuratedList, moved_from, parse_list, read_list, usable
from bot.ranked import RankedPaper
from bot.state import BACKLOG_LIMIT, WAITING_DAYS, State

log = logging.getLogger(__name__)

# Named steps of a cycle; tests (and LITBOT_CRASH_AT) can kill the process between any two of them.
STEPS = ("start", "reconciled", "list-read", "fetched", "ranked", "proposed", "recorded")


class SimulatedCrash(BaseException):
    """Raised by the crash hook; BaseException so no `except Exception` in the cycle swallows it."""


@dataclass
class CycleReport:
    dry_run: bool
    list_source: str = ""
    fetched: int = 0
    ranked: list[RankedPaper] = field(default_factory=list)
    proposals: list[Any] = field(default_factory=list)  # bot.propose.ProposalResult
    reconciled: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why fewer papers were proposed than ranked
    sources: int = 0  # queries and feeds asked this run
    sources_failed: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        actions: dict[str, int] = {}
        for p in self.proposals:
            actions[p.action] = actions.get(p.action, 0) + 1
        return {
            "dry_run": self.dry_run,
            "fetched": self.fetched,
            "ranked": len(self.ranked),
            "proposals": actions,
            # Which PRs, in a line each (the diffs and bodies are the text dry run's): a dry run can be
            # reviewed from CI, and a worker's log names what each cycle opened.
            "pull_requests": [{k: v for k, v in p.to_json().items() if k not in ("diff", "body")}
                              for p in self.proposals],
            "reconciled": self.reconciled,
            "notes": self.notes,
            "errors": self.errors,
            "sources": self.sources,
            "sources_failed": self.sources_failed,
            "seconds": round(self.seconds, 2),
        }


def _crash_hook_from_env() -> Callable[[str], None] | None:
    target = os.environ.get("LITBOT_CRASH_AT")
    if not target:
        return None

    def hook(step: str) -> None:
        if step == target:
            raise SimulatedCrash(f"simulated crash after step {step!r}")

    return hook


def preflight(config: Config, dry_run: bool, state_dir: str | Path | None = None) -> None:
    """Fail now on what would fail every cycle (`serve` checks at start, not at 6 a.m.): a real run
    without a token or list.repo, a list that is missing or has nothing to learn from, a state
    directory that cannot be opened. GitHub down or rate-limited is no such thing: it is a warning,
    and the first cycle tries again."""
    from bot.forge import ForgeError

    # One quick try: an unanswering GitHub, with the configured retries and timeout, held the start up
    # for minutes, where the first cycle would retry anyway.
    quick = config.model_copy(update={"github": config.github.model_copy(
        update={"retries": 0, "timeout_seconds": min(config.github.timeout_seconds, 10)})})
    forge = _open_forge(quick, dry_run)
    check_model(config.embedding_model())
    with State(state_dir or config.resolve(config.state.dir)) as state:
        try:
            doc, _ = _read_list(quick, forge)
            if forge is not None:  # a state of another list: every cycle fails
                check_home(state, forge, quick, record=False, current=lambda: doc)
        except ForgeError as exc:
            if exc.status and exc.status < 500 and exc.status not in (403, 429):
                # A list.path GitHub does not have, a token it rejects: bad config, failing every cycle as
                # a missing local list does, and exit 2 as that does (1 is a cycle that failed).
                raise ConfigError(str(exc)) from None
            log.warning("could not read the list at start (%s); the first cycle tries again", exc)


def _open_forge(config: Config, dry_run: bool) -> Any | None:
    if not (config.source_file or config.list.repo or config.list.local_path):
        # Run outside the project root: no config/litbot.yaml found, and the defaults name no list.
        raise ConfigError(
            f"no config file ({DEFAULT_CONFIG_PATH} is not in {Path.cwd()}): run from the project root, "
            "pass --config, or write one with `litbot init LIST.md`"
        )
    if dry_run and config.list.local_path:
        # A dry run changes nothing on GitHub; with a local copy it needs nothing from it either. Read
        # from GitHub whenever a token was exported, the bundled example's dry run went to the network.
        return None
    token = github_token(required=not dry_run)
    if not config.list.repo:
        if not dry_run:
            raise ConfigError("list.repo is not set: name the repository (owner/name) that holds the list")
        return None
    if not token:
        return None
    from bot.forge import Forge

    return Forge.from_config(config, token)


def _read_list(config: Config, forge: Any | None) -> tuple[CuratedList, str]:
    if forge is not None:
        text, _sha = forge.read_file(config.list.path)
        where = f"{config.list.repo}:{config.list.path}"
        # Checked as a local list is: a list litbot cannot place papers in stops the run before any fetch.
        return usable(parse_list(text, where)), where
    if not config.list.local_path:
        where = f" in {config.source_file}" if config.source_file else ""
        # A dry run reads the list from GitHub only with a repository and a token: name what is missing
        # (with a token exported, "no token is available" sent the maintainer looking in the wrong place).
        gaps = []
        if not config.list.repo:
            gaps.append(("list.repo is not set", "name the repository in list.repo (owner/name)"))
        if not github_token(required=False):
            gaps.append(("no GitHub token is available", "export GITHUB_TOKEN"))
        raise ConfigError(
            f"list.local_path is not set{where} and {' and '.join(g for g, _ in gaps)}: set list.local_path "
            f"to a local copy of the list, or {' and '.join(f for _, f in gaps)}"
        )
    path = config.resolve(config.list.local_path)
    try:
        return read_list(str(path)), str(path)
    except InputError as exc:
        if path.is_file():
            raise
        # Not there (a typo, a relative path read from another folder): say which setting named it.
        where = f" in {config.source_file}" if config.source_file else ""
        raise InputError(f"list.local_path{where}: {exc}") from None


WATCHLIST_META = "watchlist"  # the must and exclude terms that judged the papers seen so far
HOME_META = "home"  # the repository (its id, which a rename keeps) and list file the state's PRs are on


def check_home(state: State, forge: Any, config: Config, record: bool,
               current: Callable[[], CuratedList]) -> None:
    """Refuse a state that holds another list's PRs: one state folder is one list's memory. Read against
    another repository, its PR numbers named other people's PRs there (their outcome recorded as the
    papers' verdicts) or none (every run failed on a 404); against another list in the same repository,
    the two lists shared their seen papers and PRs. A list moved within its repository (its old file
    gone, or a leftover of it: ``moved_from``) keeps its state. ``record``: remember this list as the
    state's own (a real run); ``current``: the list the config names, read once for the whole cycle."""
    repo = forge.repo
    here = {"id": repo.id, "repo": repo.full_name, "path": config.list.path}
    try:
        was = json.loads(state.get_meta(HOME_META) or "null")
    except json.JSONDecodeError:
        was = None  # unreadable: as an older state, which has none, the list of this run becomes its own
    fix = (f"give each list its own state.dir (in the Action, its own state-branch), or move {state.dir} "
           "away to start afresh")
    if isinstance(was, dict) and was.get("id") != repo.id:
        # A repository deleted and made again under its name is another one (its PR numbers start over).
        again = " (a repository of that name made again since)" if was.get("repo") == repo.full_name else ""
        raise ConfigError(f"{state.path}: this state holds the PRs of {was.get('repo')}{again}, and "
                          f"list.repo is {config.list.repo}: {fix}")
    if isinstance(was, dict) and isinstance(was.get("path"), str):
        was["path"] = repo_file_path(was["path"])  # recorded before paths had one spelling
    if isinstance(was, dict) and was.get("path") != config.list.path:
        from bot.forge import ForgeError

        try:
            old = parse_list(forge.read_file(str(was.get("path")))[0], str(was.get("path")))
        except ForgeError as exc:
            if exc.status not in (404, 200):  # 200: a folder there now, no list
                raise
            old = None
        if old is not None and old.entries and not moved_from(old, current()):
            raise ConfigError(f"{state.path}: this state holds the PRs of the list {was.get('path')} in "
                              f"{was.get('repo')}, and list.path is {config.list.path}: {fix}")
        # Gone, or no list any more (a README the list moved out of): the list moved, its state with it.
        log.info("the list has moved from %s to %s; its state moves with it", was.get("path"),
                 config.list.path)
        if record:  # the PRs opened there name that file: still this list's (bot.propose._OtherLists)
            state.add_past_list_path(str(was.get("path")))
    if record and was != here:
        state.set_meta(HOME_META, json.dumps(here))


def watchlist_digest(config: Config) -> str:
    """What decides whether a paper is dropped (the must and exclude terms), as a short digest; boost
    terms only move scores."""
    # Case kept: an acronym term matches by it ("US" is not "us").
    terms = {kind: sorted({" ".join(t.split()) for t in getattr(config.watchlist, kind)})
             for kind in ("must", "exclude")}
    return hashlib.sha256(json.dumps(terms, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def run_cycle(
    config: Config,
    dry_run: bool = False,
    state_dir: str | Path | None = None,
    since: date | None = None,
    progress: bool = False,
    crash_hook: Callable[[str], None] | None = None,
) -> CycleReport:
    """Run one full cycle and return what happened. Raises LitbotError on fatal problems."""
    from bot.proposal import linkable, proposed_as_another, select, selection_notes
    from bot.propose import reconcile, submit
    from bot.ranking import rank_papers
    from bot.sources import commit_cursors, fetch_all
    from bot.sources.abstracts import forget_removed, look_up_abstracts, with_abstracts
    from bot.sources.dedupe import merge
    from bot.sources.recall import MIN_SCORE_META, recall_near_misses

    hook = crash_hook or _crash_hook_from_env() or (lambda step: None)
    started = time.monotonic()
    report = CycleReport(dry_run=dry_run)
    forge = _open_forge(config, dry_run)
    check_model(config.embedding_model())  # bad config, as an unreadable list is: before any state is made
    # Read once: by reconcile if a merge needs it, else after it.
    list_read = functools.cache(lambda: _read_list(config, forge))
    if forge is None:
        list_read()  # a local list that cannot be read is bad config: no state folder, no run recorded
    # A dry run changes no proposals, cursors or seen papers: it may run beside a real cycle.
    with (State(state_dir or config.resolve(config.state.dir)) as state,
          contextlib.nullcontext() if dry_run else state.cycle_lock()):
        run_id = state.start_run()
        try:
            hook("start")
            if forge is not None:
                check_home(state, forge, config, record=not dry_run, current=lambda: list_read()[0])
            if forge is not None and not dry_run:  # a dry run changes no proposals, cursors or seen papers
                report.reconciled = reconcile(
                    forge, state, prefix=config.github.branch_prefix, labels=config.github.labels,
                    list_path=config.list.path, read_list=lambda: list_read()[0],
                )
            hook("reconciled")
            doc, report.list_source = list_read()
            hook("list-read")
            fetched = fetch_all(config, state, since)
            report.errors.extend(fetched.errors)
            report.fetched = len(fetched.papers)
            # `state health` reads these: a worker cut off from arXiv and every feed is unhealthy, even
            # where a candidates file of its own still reads.
            remote = [r for r in fetched.reports if not r.local]
            report.sources = len(remote)
            report.sources_failed = sum(1 for r in remote if r.error)
            hook("fetched")
            fresh_keys = {p.key for p in fetched.papers}
            # Held back by a PR cap last time, fetched by `litbot fetch` and never ranked, or dropped by
            # a watchlist the maintainer has since changed (a must term too narrow, an exclude too wide).
            judged_by = watchlist_digest(config)
            earlier = state.get_meta(WATCHLIST_META)
            changed = earlier is not None and earlier != judged_by
            turned_away = state.turned_away(config.ranking.min_score) if changed else []
            if turned_away:
                log.info("watchlist: must or exclude terms changed; %d papers the old ones dropped in the "
                         "last %d days are judged again", len(turned_away), WAITING_DAYS)
            # A seen paper served again may bring what its first copy lacked: the published venue and DOI
            # of a waiting preprint, or the abstract of one judged on its title alone (judged again).
            served = fetched.seen_again
            fuller = state.judged_on_title([k for k, p in served.items() if p.abstract])
            # Near misses of a lowered min_score, which state keeps only by identity: served again today,
            # or asked of arXiv by id.
            recall = recall_near_misses(config, state, served, fetched.reports, fetched.arxiv_client)
            waiting = (state.backlog(config.ranking.min_score) + state.unranked() + turned_away + fuller
                       + (recall.papers if recall else []))
            backlog, superseded = {}, {}
            for p in waiting:
                if p.key not in fresh_keys:
                    whole = merge(p, served[p.key]) if p.key in served else p
                    backlog[whole.key] = whole
                    if whole.key != p.key:  # a journal record that gained an arXiv id: known by that now
                        superseded[p.key] = p
            candidates = fetched.papers + list(backlog.values())
            # Entries written without an abstract are ranked by the one arXiv gave (kept in state).
            look_up_abstracts(doc, state, config, fetched.reports, fetched.arxiv_client)
            ranked_doc = with_abstracts(doc, state, config)
            # A quiet day (nothing new, empty backlog) is normal; the ranker's classifier needs items.
            if candidates:
                report.ranked = rank_papers(ranked_doc, candidates, config, state, progress=progress)
            hook("ranked")
            chosen = select(report.ranked, state, config)
            report.notes = selection_notes(report.ranked, chosen, state, config, recall)
            report.proposals = submit(
                forge, state, doc.text, chosen, len(report.ranked), config, dry_run=dry_run,
                fetched={r.paper.key: r.paper for r in report.ranked},
            )
            report.errors.extend(dict.fromkeys(f"{p.branch}: {p.error}" for p in report.proposals if p.error))
            hook("proposed")
            if not dry_run:
                min_score = config.ranking.min_score
                twins = proposed_as_another(report.ranked, state, min_score)
                # A listed or excluded paper, one no entry can link to, a proposal's paper under
                # another identity, or one that reads as a closed paper is never proposed: at its own
                # score it would take a backlog place from a paper the PR cap held back, and come back
                # (and be warned about) every run.
                settled = {r.paper.key for r in report.ranked if r.listed or r.excluded or r.like_closed
                           or not linkable(r.paper) or r.paper.key in twins}
                with state.transaction():
                    state.record_seen(
                        [r.paper for r in report.ranked],
                        scores={r.paper.key: 0.0 if r.paper.key in settled else r.score
                                for r in report.ranked},
                        sections={r.paper.key: r.section for r in report.ranked},
                        dropped_scores={r.paper.key: r.score_without_watchlist for r in report.ranked
                                        if r.excluded and not r.listed and linkable(r.paper)},
                        # A held paper a re-rank or a raised min_score puts under waits on, not lost.
                        held={r.paper.key: r.paper.key not in settled for r in report.ranked
                              if r.paper.key in settled or r.score >= min_score},
                    )
                    # Their records under the old key are settled: never ranked, nor waiting, again.
                    state.record_seen(superseded.values(), scores=dict.fromkeys(superseded, 0.0),
                                      held=dict.fromkeys(superseded, False))
                    commit_cursors(state, fetched)
                    state.set_meta(WATCHLIST_META, judged_by)
                    # Near misses arXiv could not serve this time are asked for again next run.
                    judged_under = recall.earlier if recall and recall.error else config.ranking.min_score
                    state.set_meta(MIN_SCORE_META, repr(judged_under))
                    # An entry taken off the list (or relinked, so known by another key) needs none.
                    forget_removed(doc, state)
                prune_state(state, config, ranked_doc)
            hook("recorded")
        except Exception as exc:  # SimulatedCrash (a BaseException) stands for a dead process: no record
            report.seconds = time.monotonic() - started
            report.errors.append(str(exc) if isinstance(exc, LitbotError) else f"{type(exc).__name__}: {exc}")
            state.finish_run(run_id, "failed", report.summary())
            raise
        except KeyboardInterrupt:
            # Ctrl-C, or a cancelled Action (SIGINT, then SIGTERM: see `litbot run`). Left "running", the
            # record would claim for ever that the run is still going.
            report.seconds = time.monotonic() - started
            report.errors.append("interrupted")
            try:
                state.finish_run(run_id, "interrupted", report.summary())
            except Exception as exc:  # the interrupt is what the caller must see; say why the record is not
                log.warning("could not record run %s as interrupted: %s", run_id, exc)
            raise
        report.seconds = time.monotonic() - started
        state.finish_run(run_id, "dry-run" if dry_run else "ok", report.summary())
    write_step_summary(report)
    return report


def prune_state(state: State, config: Config, doc: CuratedList) -> None:
    """Keep the state bounded; after a cycle, and after `rank` (which caches vectors of candidates it
    does not record). The caller's work is already committed: a failure here (another process holding
    the database past the timeout) is a warning, and the next cycle prunes."""
    try:
        pruned = state.prune(config.ranking.background_limit, config.ranking.min_score,
                             keep_texts=[e.to_paper().text for e in doc.entries],
                             forget_after_days=config.state.forget_after_days)
    except (sqlite3.Error, LitbotError) as exc:  # LitbotError: a full disk (State.transaction)
        log.warning("state not pruned this time: %s", exc)
        return
    if pruned.expired:
        # A run opens one digest whatever max_new_prs_per_run says: there only the open PRs' cap helps.
        raise_caps = ("github.max_open_prs" if config.github.mode == "digest"
                      else "github.max_open_prs or max_new_prs_per_run")
        log.warning("state: %d %s at or over ranking.min_score waited over %d days for room outside the %d "
                    "best waiting and will not be proposed (raise %s to take more)", pruned.expired,
                    "paper" if pruned.expired == 1 else "papers", WAITING_DAYS, BACKLOG_LIMIT, raise_caps)
    log.info("state: %d seen papers cut to their identity, %d forgotten, %d vectors dropped%s; %.1f MB",
             pruned.compacted, pruned.forgotten, pruned.vectors_dropped,
             ", rebuilt" if pruned.vacuumed else "", state.size_bytes() / 1e6)


def write_step_summary(report: CycleReport, top: int = 10) -> None:
    """In GitHub Actions, append a markdown summary of the cycle to the job page."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from bot.sanitize import markdown_inline

    lines = ["## litbot" + (" (dry run)" if report.dry_run else ""), ""]
    lines.append(f"{report.fetched} new papers fetched, {len(report.ranked)} ranked "
                 f"in {report.seconds:.0f}s.")
    lines += ["", "### Top candidates", "", "| # | score | section | title |", "|---|---|---|---|"]
    for r in [r for r in report.ranked if not r.listed][:top]:
        section, title = markdown_inline(r.section, 80), markdown_inline(r.paper.title, 200)
        lines.append(f"| {r.rank} | {r.score:.3f} | {section} | {title} |")
    lines += ["", "### Pull requests", ""]
    if not report.proposals:
        lines.append("None this run.")
    for p in report.proposals:
        link = f" [#{p.pr_number}]({p.url})" if p.pr_number and p.url else ""
        title, section = markdown_inline(p.title, 200), markdown_inline(p.section, 80)
        lines.append(f"- {p.action}:{link} {title} → {section}")
    if report.notes:
        lines += ["", "### Notes", ""] + [f"- {markdown_inline(n, 500)}" for n in report.notes]
    if report.errors:
        lines += ["", "### Problems", ""] + [f"- {markdown_inline(e, 500)}" for e in report.errors]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
