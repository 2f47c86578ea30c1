"""One cycle as a whole: what a dry run leaves alone, and what a real run remembers for the next."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from servers.arxiv_server import Fault
from world import FEED_ON_TOPIC, FEED_PATH, REPO, World, added_only, build_world, warm_baseline

from bot import pipeline
from bot.config import Config
from bot.errors import ConfigError, CycleBusy, LitbotError
from bot.forge import ForgeError
from bot.lists import moved_from
from bot.lists.parse import parse_list
from bot.pipeline import HOME_META, WATCHLIST_META, check_home, watchlist_digest
from bot.ranked import RankedPaper
from bot.state import State

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    with build_world(tmp_path, monkeypatch, warm_state=warm_baseline()[0]) as w:
        yield w


def snapshot(world: World) -> tuple[object, ...]:
    with State(world.state_dir) as state:
        props = sorted((p.key, p.status, p.pr_number, p.branch) for p in state.proposals())
        seen = dict(state.db.execute("SELECT key, score FROM papers").fetchall())
        cache = list(state.db.execute("SELECT * FROM http_cache ORDER BY url"))
        return props, state.cursors(), seen, cache


def test_a_dry_run_with_a_token_writes_nothing_to_github_or_state(world: World) -> None:
    # A dry run is how a maintainer previews litbot (locally, or from CI with the Action's token): it
    # must not act on GitHub or record anything, even when it could. Reconcile is the step that writes
    # on its own (labels, closed/merged verdicts, discovered PRs), so the world is left with work for
    # it: a PR closed and another unlabelled since the last real run.
    world.cycle()
    world.gh.close_pull(1)
    world.gh.pull(REPO, 2).labels.clear()
    before, logged = snapshot(world), len(world.gh.requests)

    report = world.cycle(dry_run=True)

    assert [(r.method, r.path) for r in world.gh.requests[logged:] if r.method != "GET"] == []
    assert world.gh.pull(REPO, 2).labels == []
    assert snapshot(world) == before  # proposals, cursors, seen papers and feed validators alike
    assert not report.errors and report.reconciled == {}


def test_a_real_run_stores_its_cursors_and_the_next_run_uses_them(world: World) -> None:
    # Without the cursors every run re-downloads whole feeds and pages back through the full arXiv
    # lookback window: arXiv's rate limits make that a slow run at best and a banned client at worst.
    world.cycle()
    newest = max(e.published for e in world.served).date().isoformat()
    with State(world.state_dir) as state:
        assert list(state.cursors().values()) == [newest]  # one arXiv query: the categories
        etag, modified = state.get_http_cache(world.fs.url + FEED_PATH)
        assert etag and modified
    first_pages = len(world.ax.query_requests())
    feed_requests = len([r for r in world.fs.requests if r.path == FEED_PATH])

    world.cycle()

    # A later window (from the cursor, not lookback_days back): fewer pages; the feed: a conditional GET.
    assert len(world.ax.query_requests()) - first_pages < first_pages
    again = [r for r in world.fs.requests if r.path == FEED_PATH][feed_requests:]
    assert [r.headers.get("if-none-match") for r in again] == [etag]


def test_reconcile_and_ranking_share_one_read_of_the_list(world: World) -> None:
    # Reconcile needs the list to tell a merged PR from a digest merged without its paper, and the
    # cycle needs it to rank: one read serves both, so a day with a merge costs no extra API call.
    world.cycle()
    world.gh.merge_pull(1)
    logged = len(world.gh.requests)

    report = world.cycle()

    assert report.reconciled["merged"] == 1
    reads = [r for r in world.gh.requests[logged:]
             if r.method == "GET" and r.path.endswith("/contents/README.md") and r.query.get("ref") == "main"]
    # The other read is the PR refresh's, which judges open PRs against the list as it is right then.
    assert len(reads) == 2


def test_a_cycle_that_fails_to_move_its_cursors_records_no_papers_as_seen(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seen papers and cursors commit together: papers recorded without their cursor moving (or the
    # other way round) is a half-written state, and the run's failure must leave the last one intact.
    import bot.sources

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    before = snapshot(world)
    monkeypatch.setattr(bot.sources, "commit_cursors", disk_full)
    with pytest.raises(LitbotError, match="the disk is full or failing"):
        world.cycle()
    assert snapshot(world)[1:] == before[1:]  # cursors, seen papers, feed validators


def test_papers_that_can_never_be_proposed_are_recorded_at_zero(world: World, tmp_path: Path) -> None:
    # A paper already listed, or one no entry could link to, is never proposed: at its own score it
    # would hold a backlog place from a paper the PR cap held back, and come back every run.

    from bot.paper import Paper

    listed = {"id": "1710.10547", "title": "Interpretation of Neural Networks is Fragile",
              "abstract": "Saliency maps of neural networks are fragile under small adversarial changes."}
    unlinkable = {"title": "Fooling saliency maps with adversarial model manipulation, again",
                  "abstract": "We fool saliency maps and other explanations by manipulating the model."}
    # The journal version of a paper whose PR was closed: its own key, never proposed, so it must not
    # wait in the backlog either (it held a place there for good once the backlog stopped ageing out).
    twin = {"title": "Manipulating explanations of image classifiers to hide a model's bias",
            "abstract": "We manipulate saliency map explanations of image classifiers to hide their bias.",
            "doi": "10.1234/twin.2025.1", "url": "https://journal.example.org/twin"}
    # And the camera-ready copy of another closed paper: retitled, a DOI and no arXiv id (a review found
    # the pipeline's part of this untested: such a paper is not proposed, and must not wait either).
    abstract = ("We show that gradient-based saliency maps can be manipulated by small, targeted changes "
                "to the model's weights, so that explanations point at arbitrary regions while the "
                "classifier's accuracy stays the same, and we evaluate the attack on three datasets.")
    camera = {"title": "Weight manipulation attacks on gradient saliency", "abstract": abstract,
              "doi": "10.1234/camera.2025.2", "url": "https://journal.example.org/camera"}
    with State(world.state_dir) as state:
        closed = Paper(title=twin["title"], id="2501.00999", url="https://arxiv.org/abs/2501.00999")
        state.upsert_proposal(closed, "closed", "Attacks", "litbot/arxiv-2501.00999", pr_number=99)
        preprint = Paper(title="Saliency maps can be manipulated through the weights", abstract=abstract,
                         id="2501.00998", url="https://arxiv.org/abs/2501.00998")
        state.upsert_proposal(preprint, "closed", "Attacks", "litbot/arxiv-2501.00998", pr_number=98)
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps(p) + "\n" for p in (listed, unlinkable, twin, camera)))
    world.edit_config(lambda data: data["sources"].__setitem__("files", [{"path": str(extra)}]))
    report = world.cycle()
    ranked = {r.paper.title: r for r in report.ranked}
    assert ranked[listed["title"]].listed
    assert ranked[unlinkable["title"]].score >= 0.29 and ranked[twin["title"]].score >= 0.29
    assert ranked[camera["title"]].score >= 0.29 and ranked[camera["title"]].like_closed == preprint.title
    with State(world.state_dir) as state:
        scores = dict(state.db.execute("SELECT key, score FROM papers").fetchall())
        assert [scores[ranked[p["title"]].paper.key] for p in (listed, unlinkable, twin, camera)] == [0.0] * 4
        never = {listed["title"], unlinkable["title"], twin["title"], camera["title"]}
        assert not {p.title for p in state.backlog(0.29)} & never


def test_a_refused_digest_is_one_error_line_not_one_per_paper(world: World) -> None:
    world.edit_config(lambda data: data["github"].__setitem__("mode", "digest"))
    world.gh.fail_next("POST", r"/pulls$", 422, body={"message": "Validation Failed"})
    report = world.cycle()
    refused = [p for p in report.proposals if p.error]
    assert len(refused) > 1 and len(report.errors) == 1 and refused[0].branch in report.errors[0]


def test_a_dry_run_is_recorded_as_one(world: World) -> None:
    # `litbot state show` tells a preview from a run that acted; "ok" would claim PRs were opened.
    with State(world.state_dir) as state:
        before = {r["id"] for r in state.runs()}
    world.cycle(dry_run=True)
    with State(world.state_dir) as state:
        assert [r["status"] for r in state.runs() if r["id"] not in before] == ["dry-run"]


def test_without_a_token_a_list_must_be_given_locally(tmp_path: Path) -> None:
    from bot.config import Config
    from bot.errors import ConfigError
    from bot.pipeline import _read_list

    gaps = "list.repo is not set and no GitHub token is available"
    fixes = "name the repository in list.repo .* and export GITHUB_TOKEN"
    with pytest.raises(ConfigError, match=f"list.local_path is not set and {gaps}: .* or {fixes}"):
        _read_list(Config(base_dir=tmp_path), None)


def test_a_dry_run_with_a_token_but_no_repository_says_the_repository_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With GITHUB_TOKEN exported, "no GitHub token is available" sent the maintainer after the token.
    from bot.config import Config
    from bot.errors import ConfigError
    from bot.pipeline import _read_list

    monkeypatch.setenv("GITHUB_TOKEN", "ghp_x")
    with pytest.raises(ConfigError) as caught:
        _read_list(Config(base_dir=tmp_path), None)
    assert str(caught.value) == (
        "list.local_path is not set and list.repo is not set: set list.local_path to a local copy of the "
        "list, or name the repository in list.repo (owner/name)")


def test_a_dry_run_with_a_local_copy_reads_it_and_asks_github_nothing(world: World) -> None:
    # The README's first command, on a machine with GITHUB_TOKEN exported: it read the list from GitHub
    # instead of the bundled example named by list.local_path (offline: a "cannot reach GitHub" error).
    local = world.tmp / "local-list.md"
    local.write_text(world.list_text)
    world.edit_config(lambda data: data["list"].update(local_path=str(local)))
    logged = len(world.gh.requests)

    report = world.cycle(dry_run=True)

    assert world.gh.requests[logged:] == []
    assert report.list_source == str(local)
    assert report.proposals and not report.errors


def test_papers_waiting_in_state_are_ranked_with_the_new_ones_unless_judged_below_min_score(
    world: World,
) -> None:
    # Held back by a PR cap (scored at or over min_score, no PR) or fetched by `litbot fetch` (never
    # scored): sources skip both as seen, so this is their only way back. One judged below min_score
    # stays judged: ranked again each run, it would be proposed the day the scores drift.
    from bot.paper import Paper

    def paper(n: int, title: str) -> Paper:
        return Paper(id=f"2409.{n:05d}", title=title, abstract=f"{title}. We study saliency explanations.")

    held = paper(1, "Adversarial attacks on saliency maps held back by the cap")
    unscored = paper(2, "Manipulating feature attributions, fetched and never ranked")
    low = paper(3, "Judged below the threshold last time")
    with State(world.state_dir) as state:
        state.record_seen([held, low], scores={held.key: 0.5, low.key: 0.1})
        state.record_seen([unscored])

    report = world.cycle(dry_run=True)

    keys = [r.paper.key for r in report.ranked]
    assert held.key in keys and unscored.key in keys and low.key not in keys
    assert report.fetched == len(keys) - 2  # the waiting papers are not counted as fetched


def test_papers_a_watchlist_dropped_are_judged_again_once_its_must_or_exclude_terms_change(
    world: World,
) -> None:
    # A must term too narrow (or an exclude too wide) records every paper it drops as seen at 0: sources
    # skip them from then on, so without this the papers of those days were lost when the maintainer
    # mended the config.
    world.edit_config(lambda c: c["watchlist"].update(must=["zzz unmatched"]))
    first = world.cycle()
    assert first.fetched and not first.proposals
    min_score = world.config().ranking.min_score
    with State(world.state_dir) as state:
        dropped = {p.key for p in state.turned_away(min_score)}
    would_open = {r.paper.key for r in first.ranked
                  if r.score_without_watchlist >= min_score and not r.listed}
    assert dropped and dropped == would_open

    world.edit_config(lambda c: c["watchlist"].update(must=[]))
    second = world.cycle()
    assert dropped <= {r.paper.key for r in second.ranked}
    assert {p.key for p in second.proposals} & dropped

    # The terms that judged them are remembered: the next run, on the same terms, judges none again.
    with State(world.state_dir) as state:
        assert state.get_meta(WATCHLIST_META) == watchlist_digest(world.config())


def test_only_must_and_exclude_terms_decide_whether_dropped_papers_are_judged_again() -> None:
    # A boost term only moves scores, and order and spaces are no change of mind; case is ("US", "us").
    from bot.config import Config

    def digest(**watchlist: list[str]) -> str:
        return watchlist_digest(Config.model_validate({"watchlist": watchlist}))

    base = digest(must=["watermark"], exclude=["quantum", "us"])
    assert digest(must=["watermark "], exclude=["us", "quantum"], boost=["LLM"]) == base
    assert digest(must=["watermark"], exclude=["quantum", "US"]) != base
    assert digest(must=["watermark", "fingerprint"], exclude=["quantum"]) != base
    assert digest(must=["watermark"]) != base


def test_a_paper_recorded_by_a_fetch_running_beside_the_cycle_is_ranked_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `litbot fetch` in another process records what it fetched as seen, never scored, while this run
    # holds the same papers as new: they come back as waiting too, and must not be ranked twice.
    import bot.sources

    real_fetch = bot.sources.fetch_all

    def fetch_beside_another(*args: object, **kwargs: object) -> bot.sources.FetchResult:
        fetched = real_fetch(*args, **kwargs)
        with State(world.state_dir) as other:
            other.record_seen(fetched.papers[:3])
        return fetched

    monkeypatch.setattr(bot.sources, "fetch_all", fetch_beside_another)
    report = world.cycle(dry_run=True)
    keys = [r.paper.key for r in report.ranked]
    assert len(keys) == report.fetched and len(set(keys)) == len(keys)


def _interrupt_at_start(step: str) -> None:
    if step == "start":
        raise KeyboardInterrupt


def test_an_interrupted_run_is_recorded_as_one_with_how_long_it_ran(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    import bot.pipeline

    ticks = iter([100.0, 107.5])
    monkeypatch.setattr(bot.pipeline, "time", types.SimpleNamespace(monotonic=lambda: next(ticks)))
    with pytest.raises(KeyboardInterrupt):
        world.cycle(crash_hook=_interrupt_at_start)
    with State(world.state_dir) as state:
        run = state.runs(1)[0]
    assert (run["status"], run["summary"]["errors"], run["summary"]["seconds"]) == (
        "interrupted", ["interrupted"], 7.5)
    assert run["finished"] is not None


def test_an_interrupt_is_still_raised_when_its_record_cannot_be_written(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Ctrl-C is what the caller must see (exit 130, "interrupted"), not the locked database behind it.
    def locked(*args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(State, "finish_run", locked)
    with pytest.raises(KeyboardInterrupt):
        world.cycle(crash_hook=_interrupt_at_start)
    assert "as interrupted: database is locked" in caplog.text


def test_a_simulated_crash_leaves_the_run_record_as_a_killed_process_would(world: World) -> None:
    # The crash hook stands for SIGKILL: no "failed" or "interrupted" record, the run stays "running"
    # (a later start marks it lost), so crash tests see the state a dead process leaves.
    from bot.pipeline import SimulatedCrash

    def crash(step: str) -> None:
        if step == "start":
            raise SimulatedCrash(step)

    with pytest.raises(SimulatedCrash):
        world.cycle(crash_hook=crash)
    with State(world.state_dir) as state:
        run = state.runs(1)[0]
    assert (run["status"], run["finished"]) == ("running", None)


def test_a_litbot_error_is_recorded_in_its_own_words(world: World) -> None:
    # Its message is the one line the user sees; an unexpected error gets its type ("KeyError: 'x'").

    world.gh.fail_next("GET", r".", 401, times=1000)
    with pytest.raises(LitbotError) as caught:
        world.cycle()
    with State(world.state_dir) as state:
        run = state.runs(1)[0]
    assert run["status"] == "failed" and run["summary"]["errors"] == [str(caught.value)]
    assert str(caught.value).startswith("GitHub rejected the token")


def test_a_cycle_parses_each_version_of_the_list_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reconcile, ranking and every PR the cycle opens read the same base text: parsed each time, a list
    # of 5,000 entries cost ~1.6 s per read, 26 s for a dry run of 10 PRs.
    from collections import Counter

    import bot.lists.parse as parse

    parsed: Counter[str] = Counter()
    structure = parse._structure
    monkeypatch.setattr(parse, "_structure", lambda text: parsed.update([text]) or structure(text))
    parse._parsed.cache_clear(), parse._parsed_text.cache_clear()
    report = world.cycle()
    assert len([p for p in report.proposals if p.action == "opened"]) >= 2
    assert parsed and max(parsed.values()) == 1


def test_a_pr_rediscovered_after_state_was_lost_keeps_its_papers_authors_and_date(world: World) -> None:
    # State lost (a fresh Action cache): reconcile knows PR 1 only by its title and marker. The cycle
    # hands the papers it fetched and ranked to the proposal step, which completes the PR's paper
    # from them; without them the proposal kept no authors and no date, and a rebuild of the PR
    # would have written its entry without names or year.
    import shutil

    world.cycle()
    with State(world.state_dir) as state:
        first = next(p for p in state.proposals() if p.pr_number == 1)
    assert first.paper.authors and first.paper.published
    shutil.rmtree(world.state_dir)
    shutil.copytree(warm_baseline()[0], world.state_dir)  # the embedding cache alone: no model run

    report = world.cycle()

    assert report.reconciled.get("discovered")
    with State(world.state_dir) as state:
        again = next(p for p in state.proposals() if p.pr_number == 1)
    assert again.key == first.key
    assert (again.paper.authors, again.paper.published) == (first.paper.authors, first.paper.published)


def test_papers_the_caps_held_back_past_their_waiting_time_are_counted_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Below the best BACKLOG_LIMIT of the backlog, a paper that waited two months for room is cut:
    # the run promised it would be proposed, so losing it is said, not done quietly.
    from bot.config import Config
    from bot.lists.parse import parse_list
    from bot.paper import Paper
    from bot.pipeline import prune_state
    from bot.state import BACKLOG_LIMIT

    doc = parse_list("# L\n\n## Attacks\n\n- [A paper](https://example.org/a)\n")
    papers = [Paper(title=f"Held back paper number {i}", url=f"https://example.org/{i}")
              for i in range(BACKLOG_LIMIT + 2)]
    config = Config()
    with State(tmp_path) as state:
        state.record_seen(papers, scores={p.key: 0.9 - i / 1000 for i, p in enumerate(papers)})
        state.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
        prune_state(state, config, doc)
        assert state.backlog(config.ranking.min_score) == papers[:BACKLOG_LIMIT]
    assert (f"2 papers at or over ranking.min_score waited over 60 days for room outside the "
            f"{BACKLOG_LIMIT} best waiting and will not be proposed (raise github.max_open_prs or "
            "max_new_prs_per_run to take more)") in caplog.text
    # A run opens one digest whatever max_new_prs_per_run says: only the open PRs' cap makes room.
    digests = Config.model_validate({"github": {"mode": "digest"}})
    caplog.clear()
    with State(tmp_path / "digests") as state:
        state.record_seen(papers, scores={p.key: 0.9 - i / 1000 for i, p in enumerate(papers)})
        state.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
        prune_state(state, digests, doc)
    assert "will not be proposed (raise github.max_open_prs to take more)" in caplog.text
    # One paper is one paper; a prune that cannot write (a full disk) is a warning, the cycle done.
    caplog.clear()
    with State(tmp_path / "one") as state:
        state.record_seen(papers[:BACKLOG_LIMIT + 1], scores={p.key: 0.9 for p in papers})
        state.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
        prune_state(state, config, doc)
        assert "1 paper at or over ranking.min_score waited" in caplog.text

        def full(*args: object, **kwargs: object) -> None:
            raise LitbotError("litbot.sqlite: the disk is full or failing (database or disk is full)")

        state.prune = full  # type: ignore[method-assign]
        prune_state(state, config, doc)
    assert "state not pruned this time: litbot.sqlite: the disk is full" in caplog.text


def test_papers_a_cap_held_back_wait_through_a_raised_min_score_and_come_back_when_it_is_lowered(
        world: World) -> None:
    # A run with a higher min_score (or a re-rank that puts a waiting paper just under it) used to cut
    # the held papers' records down: lowering min_score again brought none back, and no note said so.
    world.edit_config(lambda c: c["github"].update(max_new_prs_per_run=1))
    first = world.cycle()
    min_score = world.config().ranking.min_score
    waiting = {r.paper.key for r in first.ranked if r.score >= min_score and not r.listed} - {
        p.key for p in first.proposals}
    assert waiting and any("for room" in n for n in first.notes), first.notes

    world.edit_config(lambda c: c["ranking"].update(min_score=0.999))
    raised = world.cycle()
    assert not raised.proposals and waiting <= {r.paper.key for r in raised.ranked}

    world.edit_config(lambda c: c["ranking"].update(min_score=min_score))
    lowered = world.cycle()
    assert {p.key for p in lowered.proposals} <= waiting and lowered.proposals
    with State(world.state_dir) as state:
        assert waiting == {p.key for p in state.backlog(min_score)} | {p.key for p in lowered.proposals}


def test_a_waiting_preprint_takes_the_venue_and_doi_of_its_published_version_served_in_a_later_run(
        world: World, tmp_path: Path) -> None:
    # Merged within one run only, the published copy arriving while the preprint waited for room was
    # dropped as seen: the PR said "arXiv" and had no DOI, where both copies in one run gave "AAAI".
    abstract = "We manipulate saliency map explanations of image classifiers to hide their bias."
    preprint = {"id": "2501.04242", "title": "Manipulating saliency map explanations to hide a model's bias",
                "abstract": abstract,
                "url": "https://arxiv.org/abs/2501.04242", "published": "2025-01-10"}
    published = {"title": preprint["title"], "doi": "10.1609/aaai.v39i1.4242", "venue": "AAAI 2025",
                 "abstract": preprint["abstract"], "url": "https://ojs.aaai.org/4242"}
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps(preprint) + "\n")
    world.edit_config(lambda c: (c["sources"].__setitem__("files", [{"path": str(extra)}]),
                                 c["github"].update(max_open_prs=0)))
    first = {r.paper.key: r for r in world.cycle().ranked}
    assert first["arxiv:2501.04242"].score >= 0.29 and not first["arxiv:2501.04242"].paper.doi
    extra.write_text(json.dumps(published) + "\n")
    second = [r for r in world.cycle().ranked if r.paper.title == preprint["title"]]
    assert [(r.paper.key, r.paper.doi, r.paper.venue) for r in second] == [
        ("arxiv:2501.04242", "10.1609/aaai.v39i1.4242", "AAAI 2025")]
    with State(world.state_dir) as state:  # kept so: the copy is not served again
        waiting = {p.key: p for p in state.backlog(0.29)}
        assert waiting["arxiv:2501.04242"].venue == "AAAI 2025"


TITLE_ONLY = "Manipulating saliency map explanations to hide a model's bias"


def title_only_then_its_arxiv_copy(world: World, tmp_path: Path, settings: Callable[[dict], object]
                                   ) -> tuple[list[RankedPaper], list[RankedPaper]]:
    """A proceedings record without an abstract in one cycle, its arXiv copy with one in the next
    (with ``settings`` applied to the config): how each cycle ranked the paper."""
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"title": TITLE_ONLY, "doi": "10.1609/aaai.v39i1.4242",
                                 "url": "https://ojs.aaai.org/4242", "venue": "AAAI 2025"}) + "\n")
    world.edit_config(lambda c: (c["sources"].__setitem__("files", [{"path": str(extra)}]), settings(c)))
    first = [r for r in world.cycle().ranked if r.paper.title == TITLE_ONLY]
    abstract = "We manipulate saliency map explanations of image classifiers to hide their bias."
    extra.write_text(json.dumps({"id": "2501.04242", "title": TITLE_ONLY, "abstract": abstract,
                                 "url": "https://arxiv.org/abs/2501.04242"}) + "\n")
    return first, [r for r in world.cycle().ranked if r.paper.title == TITLE_ONLY]


def test_a_paper_judged_on_its_title_alone_is_judged_again_when_a_copy_brings_its_abstract(
        world: World, tmp_path: Path) -> None:
    # A proceedings feed without abstracts first, the arXiv copy with one later: the copy was dropped as
    # seen (same title), so the paper stayed judged on its title alone.
    first, second = title_only_then_its_arxiv_copy(
        world, tmp_path, lambda c: c["ranking"].update(min_score=0.999))
    assert [r.paper.abstract for r in first] == [""]
    # One paper, now with its abstract and arXiv id (its record under the DOI settled); judged once
    # more, not every run.
    assert [(r.paper.key, r.paper.abstract.startswith("We manipulate"), r.paper.doi) for r in second] == [
        ("arxiv:2501.04242", True, "10.1609/aaai.v39i1.4242")]
    with State(world.state_dir) as state:
        assert state.db.execute("SELECT score, held FROM papers WHERE key = 'doi:10.1609/aaai.v39i1.4242'"
                                ).fetchone() == (0.0, 0)
    assert not [r for r in world.cycle().ranked if r.paper.title == TITLE_ONLY]


def test_a_paper_a_must_term_dropped_on_its_title_alone_is_judged_again_when_a_copy_brings_its_abstract(
        world: World, tmp_path: Path) -> None:
    # Must terms are usually in the abstract: dropped on its title (score 0), the paper was never judged
    # again when its arXiv copy brought the abstract that has the term.
    first, second = title_only_then_its_arxiv_copy(
        world, tmp_path, lambda c: c["watchlist"].update(must=["image classifiers"]))
    assert [(r.excluded, r.paper.abstract) for r in first] == [(True, "")]
    assert [(r.paper.key, r.excluded, r.keywords) for r in second] == [
        ("arxiv:2501.04242", False, ["image classifiers"])]
    assert not [r for r in world.cycle().ranked if r.paper.title == TITLE_ONLY]  # once, not every run


def test_a_paper_waiting_for_months_that_a_watchlist_term_drops_for_one_run_comes_back_when_it_goes(
        world: World) -> None:
    # The window for judging dropped papers again ran from when a paper was first seen: one held back
    # by the PR cap for over 60 days and dropped by an exclude term for one run was lost for good.
    world.edit_config(lambda c: c["github"].update(max_open_prs=0))
    min_score = world.config().ranking.min_score
    waiting = [r for r in world.cycle().ranked if r.score >= min_score and not r.listed]
    held = max(waiting, key=lambda r: r.score)
    with State(world.state_dir) as state:
        state.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
    world.edit_config(lambda c: c["watchlist"].update(exclude=[held.paper.title]))
    dropped = [r for r in world.cycle().ranked if r.paper.key == held.paper.key]
    assert [r.excluded for r in dropped] == [True]
    world.edit_config(lambda c: (c["watchlist"].update(exclude=[]), c["github"].update(max_open_prs=5)))
    back = world.cycle()
    assert held.paper.key in {p.key for p in back.proposals}


def near_misses_of_a_lowered_min_score(world: World) -> tuple[set[str], set[str]]:
    """A run at min_score 0.9, then 0.2 set: the papers judged between the two (cut down to their
    identity), and of those the ones the arXiv server has. Their days are put behind the cursor, so
    that no query serves them again: only a look-up by id reaches them."""
    world.edit_config(lambda c: c["ranking"].update(min_score=0.9))
    first = world.cycle()
    between = {r.paper.key for r in first.ranked if 0.2 <= r.score < 0.9 and not r.listed and not r.excluded}
    assert not any("lowered" in n for n in first.notes)
    on_arxiv = {f"arxiv:{e.arxiv_id}" for e in world.ax.papers} & between
    assert on_arxiv and between - on_arxiv == FEED_ON_TOPIC  # the feed's two are not on the API server
    for e in world.ax.papers:
        if f"arxiv:{e.arxiv_id}" in between:
            e.published -= timedelta(days=100)
    world.edit_config(lambda c: c["ranking"].update(min_score=0.2))
    return between, on_arxiv


def asked_by_id(world: World, since: int) -> set[str]:
    return {i for r in world.ax.requests[since:] for i in r.params.get("id_list", "").split(",") if i}


def test_a_lowered_min_score_asks_arxiv_again_for_the_near_misses_state_keeps_only_by_identity(
    world: World,
) -> None:
    # Judged under the old threshold, they keep only their identity (whole records of a stream would not
    # fit a state branch): the maintainer who lowered it expects them, and before this none ever came.
    between, on_arxiv = near_misses_of_a_lowered_min_score(world)
    logged = len(world.ax.requests)

    lowered = world.cycle()

    assert asked_by_id(world, logged) == {k.removeprefix("arxiv:") for k in between}
    assert {r.paper.key for r in lowered.ranked} == on_arxiv
    assert {p.key for p in lowered.proposals} == {r.paper.key for r in lowered.ranked if r.score >= 0.2}
    assert lowered.proposals
    assert (f"ranking.min_score was lowered from 0.9 to 0.2: {len(between)} papers seen in the last 60 days "
            f"scored between the two; {len(on_arxiv)} were served again and judged by 0.2; the other 2 "
            "cannot be judged again (arXiv did not serve them, and state keeps only the identity of a paper "
            "under the threshold)") in lowered.notes
    logged = len(world.ax.requests)
    assert not any("lowered" in n for n in world.cycle().notes)  # said once, for the run that lowered it
    assert not asked_by_id(world, logged)


def test_near_misses_arxiv_could_not_serve_are_asked_for_again_by_the_next_run(world: World) -> None:
    between, on_arxiv = near_misses_of_a_lowered_min_score(world)
    world.ax.faults.append(Fault(status=503, times=None, when=lambda params: bool(params.get("id_list"))))

    failed = world.cycle()

    assert not failed.ranked
    assert (f"{len(between)} papers seen in the last 60 days scored between the two; arXiv could not serve "
            "them (HTTP 503 from arXiv API), and the next run asks again") in " ".join(failed.notes)
    world.ax.faults.clear()
    again = world.cycle()
    assert {r.paper.key for r in again.ranked} == on_arxiv
    assert f"{len(on_arxiv)} were served again and judged by 0.2" in " ".join(again.notes)


def test_a_list_of_titles_is_ranked_by_the_abstracts_arxiv_gives_its_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Most lists give a title and a link: the ranker learnt the list from its titles alone, far less
    # than from abstracts. arXiv gives them once; the list file and the PRs' entries stay as written.
    from servers.arxiv_server import ArxivEntry
    from world import stream_entries

    import bot.ranking
    from bot.lists import parse_list
    from bot.sources.abstracts import lookup_key

    example = parse_list((ROOT / "examples" / "awesome-xai-attacks.md").read_text())
    titles = "# Papers\n" + "".join(
        f"\n## {s.name}\n\n" + "".join(f"* [{e.plain_title}]({e.url})\n" for e in s.entries)
        for s in example.paper_sections())
    long_ago = stream_entries()[-1].published - timedelta(days=900)  # outside every polling window
    on_arxiv = [ArxivEntry(arxiv_id=e.arxiv_id or "", title=e.plain_title, summary=e.abstract,
                           authors=["A. B."], categories=["cs.LG"], published=long_ago)
                for e in example.entries]
    seen_by_ranker: list[list[str]] = []
    real = bot.ranking.rank_papers

    def spy(doc: object, *args: object, **kwargs: object) -> object:
        seen_by_ranker.append([e.abstract for e in doc.entries])  # type: ignore[attr-defined]
        return real(doc, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bot.ranking, "rank_papers", spy)
    with build_world(tmp_path, monkeypatch, entries=stream_entries() + on_arxiv, list_text=titles) as world:
        first = world.cycle()
        asked = [r.params["id_list"] for r in world.ax.requests if r.params.get("id_list")]
        second = world.cycle()
        assert [r.params["id_list"] for r in world.ax.requests if r.params.get("id_list")] == asked
        assert asked == [",".join(e.arxiv_id or "" for e in example.entries[i:i + 10])
                         for i in range(0, len(example.entries), 10)]  # the world's page_size
        assert seen_by_ranker[0] == [e.abstract for e in example.entries]
        assert first.proposals and not first.errors and not second.errors  # the second: asked nothing again
        for pr in world.gh.pulls(REPO):
            added = added_only(titles, world.gh.file_text(REPO, "README.md", pr.head))
            assert len(added) == 1 and added[0].startswith("* [")  # the list's own style: no abstract
        # An entry the maintainer takes off the list takes its abstract out of state with it.
        gone = example.entries[0]
        world.gh.set_file(REPO, "README.md", titles.replace(f"* [{gone.plain_title}]({gone.url})\n", ""))
        kept, gone_key = {lookup_key(e) for e in example.entries[1:]}, lookup_key(gone)
        with State(world.state_dir) as state:
            assert set(state.entry_abstracts([gone_key, *kept])) == kept | {gone_key}
        assert not world.cycle(dry_run=True).errors  # a dry run keeps it
        with State(world.state_dir) as state:
            assert gone_key in state.entry_abstracts([gone_key])
        assert not world.cycle().errors
        with State(world.state_dir) as state:
            assert set(state.entry_abstracts([gone_key, *kept])) == kept


def test_the_lookups_of_a_run_wait_out_arxivs_pauses_from_the_runs_own_budget(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # Given a client of their own, the lookups of entries' abstracts had a second 120 s of pauses.
    sleeps: list[float] = []
    monkeypatch.setattr("bot.sources.arxiv_api.time.sleep", sleeps.append)
    titles = ("# Papers\n\n## Attacks\n\n* [Interpretation of Neural Networks is Fragile]"
              "(https://doi.org/10.1609/aaai.v33i01.33013681)\n* [Fooling LIME and SHAP]"
              "(https://arxiv.org/abs/1911.02508)\n")
    with build_world(tmp_path, monkeypatch, list_text=titles) as world:
        def lookup(params: dict[str, str]) -> bool:
            return bool(params.get("id_list")) or 'ti:"' in params.get("search_query", "")

        world.ax.faults += [Fault(status=429, headers={"Retry-After": "100"}, when=lambda p: not lookup(p)),
                            Fault(status=429, headers={"Retry-After": "30"}, times=None, when=lookup)]
        report = world.cycle()
    assert 100.0 in sleeps and 30.0 not in sleeps, sleeps
    assert not report.errors
    assert "a pause of 30 s (HTTP 429, Retry-After) after 100 s of pauses" in caplog.text


def test_a_run_cut_off_from_arxiv_and_every_feed_reached_no_source_whatever_files_it_read(
        world: World, tmp_path: Path) -> None:
    # `state health` reads these counts: with the bundled config's candidates file among the sources, a
    # worker that could reach neither arXiv nor a feed looked healthy for ever.
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"title": "A paper from a file", "url": "https://example.org/a"}) + "\n")
    unreachable = "http://127.0.0.1:9"
    world.edit_config(lambda c: (c["sources"].__setitem__("files", [{"path": str(extra)}]),
                                 c["sources"]["arxiv"].update(base_url=unreachable + "/api/query"),
                                 c["sources"]["feeds"][0].update(url=unreachable + "/rss")))
    summary = world.cycle().summary()
    assert summary["sources"] == summary["sources_failed"] == 2  # the arXiv query and the feed
    assert summary["fetched"] == 1
    # Nor does a file that cannot be read count among them: 2 of 3 failing read as not all down.
    world.edit_config(lambda c: c["sources"].__setitem__("files", [{"path": str(tmp_path / "gone.jsonl")}]))
    summary = world.cycle().summary()
    assert summary["sources"] == summary["sources_failed"] == 2 and summary["errors"]


def test_a_capped_cycle_notes_the_papers_waiting_and_the_same_terms_judge_no_dropped_paper_again(
        world: World) -> None:
    world.edit_config(lambda c: c["github"].update(max_new_prs_per_run=1))
    report = world.cycle()
    assert len(report.proposals) == 1 and any("for room" in n for n in report.notes), report.notes
    world.edit_config(lambda c: c["watchlist"].update(must=["zzz unmatched"]))
    world.cycle()
    with State(world.state_dir) as state:
        dropped = {p.key for p in state.turned_away(world.config().ranking.min_score)}
    assert dropped
    again = world.cycle()  # the same terms: what they dropped is not ranked again
    assert not dropped & {r.paper.key for r in again.ranked}


HOLD_LOCK = """
import sys
import time
from bot.state import State
with State(sys.argv[1]) as state, state.cycle_lock():
    print("held", flush=True)
    sys.stdin.read()
"""


def hold_cycle_lock(state_dir: Path) -> subprocess.Popen[str]:
    """Another process (a second worker on the same volume) in the middle of its cycle."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(state_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_cycle_on_a_state_another_process_is_cycling_on_is_skipped_and_changes_nothing(
        world: World) -> None:
    # Two workers on one state folder each opened the same PRs' branches and re-ranked the same papers.
    world.cycle()
    with State(world.state_dir) as state:
        runs = len(state.runs())
    before, logged = snapshot(world), len(world.gh.requests)
    holder = hold_cycle_lock(world.state_dir)
    try:
        busy = rf"another litbot cycle is running on this state \(pid {holder.pid} "
        with pytest.raises(CycleBusy, match=busy):
            world.cycle()
        assert world.cycle(dry_run=True).dry_run  # a preview changes nothing: it may run beside
    finally:
        holder.kill()  # as a crashed worker: the kernel drops its lock, nothing is left to clean up
        holder.wait()
    assert snapshot(world) == before
    assert [(r.method, r.path) for r in world.gh.requests[logged:] if r.method != "GET"] == []
    with State(world.state_dir) as state:
        assert [r["status"] for r in state.runs()][: len(state.runs()) - runs] == ["dry-run"]
    assert not world.cycle().errors


def test_a_state_refuses_another_repositorys_list_and_keeps_its_own_through_a_rename(world: World) -> None:
    # The state of a test repository, then list.repo moved to the real one: PR numbers recorded there
    # named the maintainers' own PRs here, whose outcome became the papers' verdicts (or a 404 failed
    # every run). One state folder is one list's memory.
    world.cycle()
    before = snapshot(world)
    world.gh.add_repo("someone/else", {"README.md": world.list_text})
    world.edit_config(lambda c: c["list"].update(repo="someone/else"))
    with pytest.raises(ConfigError, match=r"litbot\.sqlite: this state holds the PRs of owner/list, "
                       r"and list\.repo is someone/else: give each list its own state\.dir \(in the "
                       r"Action, its own state-branch\)"):
        world.cycle()
    assert snapshot(world) == before and world.gh.pulls("someone/else") == []
    # A rename keeps the repository's id: the same list, the same state.
    world.gh.move_repo(REPO, "owner/renamed")
    world.edit_config(lambda c: c["list"].update(repo="owner/renamed"))
    assert not world.cycle().errors
    with State(world.state_dir) as state:
        assert json.loads(state.get_meta(HOME_META) or "")["repo"] == "owner/renamed"


def test_a_state_refuses_another_list_in_its_repository_but_follows_its_list_moved(world: World) -> None:
    world.cycle()
    before = snapshot(world)
    item = "* [Another list's paper {0}](https://arxiv.org/abs/1901.0000{0}) - A. Berg, ICML 2019\n"
    other = "# Other\n\n## Attacks\n\n" + "".join(item.format(i) for i in range(3))
    world.gh.set_file(REPO, "OTHER.md", other)
    world.edit_config(lambda c: c["list"].update(path="OTHER.md"))
    with pytest.raises(ConfigError, match=r"holds the PRs of the list README\.md in owner/list, and "
                                          r"list\.path is OTHER\.md"):
        world.cycle()
    assert snapshot(world) == before
    # The list moved (its old file gone): its state moves with it.
    world.gh.set_file(REPO, "OTHER.md", world.gh.file_text(REPO, "README.md") or "")
    world.gh.move_file(REPO, "README.md", "docs/LIST.md")
    world.edit_config(lambda c: c["list"].update(path="docs/LIST.md"))
    assert not world.cycle().errors
    with State(world.state_dir) as state:
        assert json.loads(state.get_meta(HOME_META) or "")["path"] == "docs/LIST.md"
    # And out of a README that stays, with a paper of its own left in it: moved too (found by a review:
    # every run was refused, and the only ways out lost the state).
    world.gh.set_file(REPO, "LIST.md", world.gh.file_text(REPO, "docs/LIST.md") or "")
    world.gh.set_file(REPO, "docs/LIST.md", "# About\n\n## Our survey\n\n"
                      "- [A survey of ours](https://arxiv.org/abs/2306.06123)\n")
    world.edit_config(lambda c: c["list"].update(path="LIST.md"))
    assert not world.cycle().errors
    # A copy of the list elsewhere, its papers the same: the list too.
    world.gh.set_file(REPO, "COPY.md", world.gh.file_text(REPO, "LIST.md") or "")
    world.edit_config(lambda c: c["list"].update(path="COPY.md"))
    assert not world.cycle().errors


def test_a_second_litbots_merges_adopted_here_do_not_hand_this_state_to_its_list(world: World) -> None:
    # Found by a review: TOOLS.md, in the same repository, is served by a second litbot with a state of
    # its own and the same branch prefix; this state's reconcile adopts its merged PRs. Pointed at this
    # state by mistake, TOOLS.md then held more of "this state's" merged papers than README.md did, and
    # took the state over.
    world.cycle()
    world.gh.merge_pull(1)
    assert world.cycle().reconciled["merged"] == 1
    item = "* [Tool paper {0} on gradients](https://arxiv.org/abs/1902.0000{0}) - B. Berg, NeurIPS 2019\n"
    world.gh.set_file(REPO, "TOOLS.md", "# Tools\n\n## Gradients\n\n" + item.format(7) + item.format(8))
    repo = world.gh.repos[REPO]
    for i in range(3):  # the second litbot's one-paper PRs, merged
        _second_litbots_pr(world, item.format(i), f"arxiv:1902.0000{i}", named=False)
        world.gh.merge_pull(repo.pulls[-1].number)
    world.cycle()
    with State(world.state_dir) as state:
        assert len(state.feedback()[0]) == 4
    world.edit_config(lambda c: c["list"].update(path="TOOLS.md"))
    with pytest.raises(ConfigError, match=r"holds the PRs of the list README\.md"):
        world.cycle()
    with State(world.state_dir) as state:
        assert json.loads(state.get_meta(HOME_META) or "")["path"] == "README.md"


def test_a_real_run_with_a_local_copy_of_the_list_still_opens_prs_on_github(monkeypatch) -> None:
    # A gap the mutation round found: only a dry run may read the list from its local copy and leave
    # GitHub alone; with `_open_forge` giving no client whenever list.local_path was set, a real run
    # would have opened no PR, and no test said so.
    from bot.config import Config
    from bot.forge import Forge
    from bot.pipeline import _open_forge

    monkeypatch.setenv("GITHUB_TOKEN", "t")
    config = Config.model_validate({"list": {"repo": "o/r", "local_path": "README.md"}})
    assert isinstance(_open_forge(config, dry_run=False), Forge)
    assert _open_forge(config, dry_run=True) is None


ITEM = "* [{0} paper {1}](https://arxiv.org/abs/2101.{1:05d}) - A. Berg, ICML 2021\n"


def a_list(numbers: range, name: str = "Our") -> str:
    return "# L\n\n## Attacks\n\n" + "".join(ITEM.format(name, n) for n in numbers)


class FakeForge:
    """The little of a Forge `check_home` asks: the repository's id and name, and files on it."""

    def __init__(self, files: dict[str, str | ForgeError], repo_id: int = 7, name: str = "owner/list"):
        self.repo = SimpleNamespace(id=repo_id, full_name=name)
        self.files = files

    def read_file(self, path: str, ref: str | None = None) -> tuple[str, str]:
        found = self.files.get(path)
        if found is None:
            raise ForgeError(f"owner/list: file '{path}' not found", 404)
        if isinstance(found, ForgeError):
            raise found
        return found, "sha"


def config(path: str = "README.md", repo: str = "owner/list") -> Config:
    return Config.model_validate({"list": {"repo": repo, "path": path}})


def home(state: State) -> dict | None:
    return json.loads(state.get_meta(HOME_META) or "null")


def test_a_list_moved_away_from_a_path_that_is_now_a_folder_or_no_text_keeps_its_state(
    tmp_path: Path,
) -> None:
    # GitHub answers 200 with a folder (or bytes that are no UTF-8) where the old list was: no list
    # there any more, so the list moved; a refusal would stop every run, for good.
    new = a_list(range(5))
    for what in ("'README.md' is a directory; list.path must name a file", "'README.md' is not UTF-8 text"):
        with State(tmp_path / what[-4:]) as state:
            state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "README.md"}))
            forge = FakeForge({"README.md": ForgeError(f"owner/list: {what}", 200), "docs/LIST.md": new})
            check_home(state, forge, config("docs/LIST.md"), record=True, current=lambda: parse_list(new))
            assert home(state) == {"id": 7, "repo": "owner/list", "path": "docs/LIST.md"}


def test_a_look_that_records_nothing_leaves_the_state_without_a_home(tmp_path: Path) -> None:
    # A dry run (and `serve`'s check at start) change nothing: recorded there, a preview of a test
    # repository's list would make the state refuse the real one at the next real run.
    doc = parse_list(a_list(range(3)))
    with State(tmp_path) as state:
        check_home(state, FakeForge({}), config(), record=False, current=lambda: doc)
        assert state.get_meta(HOME_META) is None
        check_home(state, FakeForge({}), config(), record=True, current=lambda: doc)
        assert home(state) == {"id": 7, "repo": "owner/list", "path": "README.md"}


def test_serves_start_check_refuses_another_lists_state_and_records_nothing(
    tmp_path: Path, monkeypatch
) -> None:
    # `serve` checks at start what would fail every cycle: a state of another repository's list is such a
    # thing (exit 2 now, not a failed cycle at 6 a.m.), and a dry-run worker's check records no home.
    doc = parse_list(a_list(range(3)))
    monkeypatch.setattr(pipeline, "_read_list", lambda config, forge: (doc, "owner/list:README.md"))
    monkeypatch.setattr(pipeline, "_open_forge", lambda config, dry_run: FakeForge({}, 9, "someone/else"))
    pipeline.preflight(config(repo="someone/else"), True, tmp_path)
    with State(tmp_path) as state:
        assert state.get_meta(HOME_META) is None
        state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "README.md"}))
    with pytest.raises(
        ConfigError, match=r"this state holds the PRs of owner/list, and list\.repo is someone/else"
    ):
        pipeline.preflight(config(repo="someone/else"), False, tmp_path)


def test_a_repository_made_again_under_its_name_is_named_as_such(tmp_path: Path) -> None:
    # Found by the mutation round: deleted and made again, a repository has a new id, and the refusal
    # read "this state holds the PRs of owner/list, and list.repo is owner/list".
    doc = parse_list(a_list(range(3)))
    with State(tmp_path) as state:
        state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "README.md"}))
        with pytest.raises(ConfigError, match=r"holds the PRs of owner/list \(a repository of that name made "
                                              r"again since\), and list\.repo is owner/list"):
            check_home(state, FakeForge({}, 8), config(), record=True, current=lambda: doc)


@pytest.mark.parametrize("recorded", ["{", '"README.md"', "[7]"])
def test_a_home_record_that_does_not_read_is_taken_for_none_and_written_anew(
    tmp_path: Path, recorded: str
) -> None:
    # Edited by hand, or torn: as an older state, which has none, this run's list becomes its own
    # (not a traceback on every run).
    doc = parse_list(a_list(range(3)))
    with State(tmp_path) as state:
        state.set_meta(HOME_META, recorded)
        check_home(state, FakeForge({}), config("docs/LIST.md"), record=True, current=lambda: doc)
        assert home(state) == {"id": 7, "repo": "owner/list", "path": "docs/LIST.md"}


def test_a_list_moved_leaves_half_of_its_papers_or_under_a_tenth_as_many_as_the_list_has() -> None:
    # The README's rule, at its edges: half of the old file's papers on the new list is the list moved;
    # a file of 2 papers beside a list of 20 is another list (10 * 2 is not under 20), of 21 a leftover.
    old = parse_list(a_list(range(4), "Old"))
    assert moved_from(old, parse_list(a_list(range(2)) + ITEM.format("New", 90)))  # 2 of 4 there
    assert not moved_from(old, parse_list(a_list(range(1)) + ITEM.format("New", 90)))  # 1 of 4
    two = parse_list(a_list(range(100, 102), "Other"))
    assert not moved_from(two, parse_list(a_list(range(20))))
    assert moved_from(two, parse_list(a_list(range(21))))


def test_a_dry_run_of_another_repositorys_list_on_this_state_is_refused_too(world) -> None:
    # A preview ranks against the state's seen papers and closed PRs: another list's would be a wrong
    # preview, so it stops as a real run does (and records nothing).
    world.cycle()
    world.gh.add_repo("someone/else", {"README.md": world.list_text})
    world.edit_config(lambda c: c["list"].update(repo="someone/else"))
    with pytest.raises(
        ConfigError, match=r"this state holds the PRs of owner/list, and list\.repo is someone/else"
    ):
        world.cycle(dry_run=True)


def test_a_cycle_after_the_list_moved_reads_it_once_as_any_cycle_does(world) -> None:
    # Whether the list moved is asked of the cycle's one read of the new file, not of a second one.
    from world import REPO

    def reads(path: str, since: int) -> int:
        return len(
            [
                r
                for r in world.gh.requests[since:]
                if r.method == "GET" and r.path.endswith(f"/contents/{path}") and r.query.get("ref") == "main"
            ]
        )

    world.cycle()
    logged = len(world.gh.requests)
    world.cycle()
    usual = reads("README.md", logged)
    world.gh.move_file(REPO, "README.md", "docs/LIST.md")
    world.edit_config(lambda c: c["list"].update(path="docs/LIST.md"))
    logged = len(world.gh.requests)
    assert not world.cycle().errors
    assert reads("docs/LIST.md", logged) == usual


def test_a_home_spelt_otherwise_before_paths_had_one_spelling_is_no_move(tmp_path: Path, caplog) -> None:
    # Found by a review: "./README.md" recorded, "README.md" configured: a move was logged, and the
    # list's own file recorded as one it had left.
    doc = parse_list(a_list(range(3)))
    with State(tmp_path) as state:
        state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "./README.md"}))
        with caplog.at_level("INFO", logger="bot.pipeline"):
            check_home(state, FakeForge({"README.md": a_list(range(3))}), config(), record=True,
                       current=lambda: doc)
        assert "moved" not in caplog.text and state.past_list_paths() == {}


def test_a_list_that_moves_records_the_file_it_left_and_when(tmp_path: Path) -> None:
    new = a_list(range(5))
    with State(tmp_path) as state:
        state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "README.md"}))
        before = time.time()
        check_home(state, FakeForge({"README.md": ForgeError("gone", 404), "docs/LIST.md": new}),
                   config("docs/LIST.md"), record=True, current=lambda: parse_list(new))
        assert list(state.past_list_paths()) == ["README.md"]
        assert before <= state.past_list_paths()["README.md"] <= time.time()


def test_a_look_that_records_nothing_records_no_file_the_list_moved_out_of(tmp_path: Path) -> None:
    # A dry run (or `serve`'s check at start) wrote to the state it must leave alone, when a mutant
    # recorded the old path whatever ``record`` said.
    new = a_list(range(5))
    with State(tmp_path) as state:
        state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "README.md"}))
        look = FakeForge({"docs/LIST.md": new})
        check_home(state, look, config("docs/LIST.md"), record=False, current=lambda: parse_list(new))
        assert state.past_list_paths() == {} and home(state)["path"] == "README.md"
        check_home(state, look, config("docs/LIST.md"), record=True, current=lambda: parse_list(new))
        assert list(state.past_list_paths()) == ["README.md"] and home(state)["path"] == "docs/LIST.md"


def test_a_list_moved_twice_keeps_both_files_it_moved_out_of(tmp_path: Path) -> None:
    # Its PRs on the first file are still its own after the second move.
    new = a_list(range(5))
    with State(tmp_path) as state:
        state.set_meta(HOME_META, json.dumps({"id": 7, "repo": "owner/list", "path": "README.md"}))
        check_home(state, FakeForge({"docs/LIST.md": new}), config("docs/LIST.md"), record=True,
                   current=lambda: parse_list(new))
        check_home(state, FakeForge({"LIST.md": new}), config("LIST.md"), record=True,
                   current=lambda: parse_list(new))
        assert set(state.past_list_paths()) == {"README.md", "docs/LIST.md"}


def test_a_cycle_leaves_the_prs_of_a_second_litbot_that_name_their_list_alone(world: World) -> None:
    # Found by a mutation round: no test ran the other-list check through a real cycle (its reconcile
    # must be told the list's path); a second litbot's PRs naming TOOLS.md would be adopted.
    world.cycle()
    item = "* [Tool paper {0} on gradients](https://arxiv.org/abs/1902.0000{0}) - B. Berg, NeurIPS 2019\n"
    world.gh.set_file(REPO, "TOOLS.md", "# Tools\n\n## Gradients\n\n" + item.format(7) + item.format(8))
    repo = world.gh.repos[REPO]
    for i in range(2):  # the second litbot's PRs: one merged, one open
        _second_litbots_pr(world, item.format(i), f"arxiv:1902.0000{i}", named=True)
        if i == 0:
            world.gh.merge_pull(repo.pulls[-1].number)
    report = world.cycle()
    assert report.reconciled["discovered"] == 0
    with State(world.state_dir) as state:
        assert not [p for p in state.proposals() if p.key.startswith("arxiv:1902.")]
        assert state.feedback()[0] == []


def _second_litbots_pr(world: World, entry: str, key: str, named: bool) -> None:
    """A PR of a second litbot keeping TOOLS.md under the same branch prefix, adding ``entry`` there
    (its body naming that list where ``named``: PRs before litbot named theirs did not)."""
    import time

    from servers.github_server import Pull

    from bot.proposal import branch_name, list_marker, marker

    repo = world.gh.repos[REPO]
    branch = branch_name(key)
    repo.refs[f"refs/heads/{branch}"] = repo.refs[f"refs/heads/{repo.default_branch}"]
    world.gh.set_file(REPO, "TOOLS.md", (world.gh.file_text(REPO, "TOOLS.md") or "") + entry, branch=branch)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    body = f"Proposed by litbot.\n\n{marker(key)}" + (f"\n{list_marker('TOOLS.md')}" if named else "")
    repo.pulls.append(Pull(max(p.number for p in repo.pulls) + 1, f"Add paper {key[-1]}", body, branch,
                           repo.default_branch, True, created_at=now, updated_at=now))
