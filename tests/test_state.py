"""State database: migrations, transactions that commit all-or-nothing, integrity, caches, proposals."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.commands.state_cmd import _open_existing
from bot.errors import LitbotError
from bot.paper import Paper
from bot.state import (
    DB_NAME,
    PAST_PATHS_META,
    SCHEMA_VERSION,
    WAITING_DAYS,
    State,
    can_write,
    text_hash,
    unwritable,
)


def paper(n: int) -> Paper:
    return Paper(title=f"Paper number {n} on robust saliency", abstract="abs", id=f"2301.{n:05d}",
                 url=f"https://arxiv.org/abs/2301.{n:05d}")


def test_migrates_from_empty_and_reopens_without_redoing_it(tmp_path: Path) -> None:
    with State(tmp_path / "s") as st:
        assert st.schema_version == SCHEMA_VERSION
        assert st.integrity_problems() == []
        st.set_cursor("arxiv", "2026-01-01")
        st.record_seen([paper(1), paper(2)])
    with State(tmp_path / "s") as st:  # second open: data kept, schema unchanged
        assert st.schema_version == SCHEMA_VERSION
        assert st.get_cursor("arxiv") == "2026-01-01" and st.seen_count() == 2


def test_refuses_a_newer_schema_and_a_non_database(tmp_path: Path) -> None:
    with State(tmp_path / "new") as st:
        st.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(LitbotError, match="newer than this litbot"):
        State(tmp_path / "new")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / DB_NAME).write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LitbotError, match="not a litbot state database"):
        State(tmp_path / "junk")


class _FullDisk:
    """A connection whose writes hit a full volume (or a failing one), as SQLite reports them."""

    def __init__(self, db: sqlite3.Connection, error: str) -> None:
        self.db, self.error = db, error

    def execute(self, sql: str, *args: object) -> object:
        if sql.lstrip().startswith("INSERT"):
            raise sqlite3.OperationalError(self.error)
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


@pytest.mark.parametrize("error", ["database or disk is full", "disk I/O error"])
def test_a_full_disk_is_one_line_that_keeps_the_state_not_a_bad_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str) -> None:
    # A full volume read as "not a litbot state database ...; move it away" would have thrown good state
    # out; the same error mid-cycle ended in a traceback, the mark of a bug.
    with State(tmp_path) as st:
        st.set_cursor("feed", "kept")
        real, st.db = st.db, _FullDisk(st.db, error)  # type: ignore[assignment]
        with pytest.raises(LitbotError, match="the disk is full or failing") as raised:
            st.record_seen([paper(1)])
        assert "move it away" not in str(raised.value) and "free space" in str(raised.value)
        st.db = real
        assert st.get_cursor("feed") == "kept" and st.seen_count() == 0 and not real.in_transaction

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError(error)

    monkeypatch.setattr("bot.state.sqlite3.connect", connect)
    with pytest.raises(LitbotError, match="the disk is full or failing") as raised:
        State(tmp_path)
    assert "move it away" not in str(raised.value)


def test_transaction_rolls_back_everything_on_exception(tmp_path: Path) -> None:
    with State(tmp_path) as st:
        st.set_cursor("feed", "old")
        with pytest.raises(RuntimeError), st.transaction():
            st.set_cursor("feed", "new")  # nested: joins the outer transaction
            st.record_seen([paper(1)])
            st.upsert_proposal(paper(1), "pending", section="Attacks")
            raise RuntimeError("crash between steps")
        assert st.get_cursor("feed") == "old"
        assert st.seen_count() == 0 and st.proposals() == []
        # The handle is still usable afterwards and a clean transaction commits.
        with st.transaction():
            st.set_cursor("feed", "new")
        assert st.get_cursor("feed") == "new"


def test_keyboard_interrupt_also_rolls_back(tmp_path: Path) -> None:
    with State(tmp_path) as st:
        with pytest.raises(KeyboardInterrupt), st.transaction():
            st.record_seen([paper(3)])
            raise KeyboardInterrupt
        assert not st.is_seen(paper(3).key)


class _InterruptAtBegin:
    """The state's connection, with an interrupt raised while BEGIN waits for another process's lock
    (BEGIN never ran) or the moment it returns: where SIGTERM lands in either case."""

    def __init__(self, db: sqlite3.Connection, after: bool) -> None:
        self._db, self._after = db, after

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("BEGIN") and not self._after:
            raise KeyboardInterrupt
        cursor = self._db.execute(sql, *args)
        if sql.startswith("BEGIN"):
            raise KeyboardInterrupt
        return cursor


@pytest.mark.parametrize("after", [True, False], ids=["as-begin-returns", "while-begin-waits"])
def test_an_interrupt_at_begin_leaves_no_transaction_open_and_is_what_the_caller_sees(
    tmp_path: Path, after: bool
) -> None:
    # Left open, the next write (the run's "interrupted" record) failed with "cannot start a
    # transaction within a transaction", and the run stayed "running". With no transaction begun, a
    # ROLLBACK would fail too, and its error would hide the interrupt.
    with State(tmp_path) as state:
        run = state.start_run()
        real = state.db
        state.db = _InterruptAtBegin(real, after)
        with pytest.raises(KeyboardInterrupt), state.transaction():
            pass
        state.db = real
        assert not real.in_transaction
        state.finish_run(run, "interrupted", {})
        assert state.runs(1)[0]["status"] == "interrupted"


def test_embeddings_roundtrip_per_model(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vecs = {text_hash(f"t{i}"): rng.normal(size=8).astype(np.float32) for i in range(600)}
    with State(tmp_path) as st:
        st.put_embeddings("m1", vecs)
        got = st.get_embeddings("m1", [*vecs, text_hash("missing")])  # > 500: crosses the chunking
        assert set(got) == set(vecs)
        for h, v in vecs.items():  # stored as float16: within its rounding, read back as float32
            assert got[h].dtype == np.float32
            np.testing.assert_allclose(got[h], v, rtol=1e-3, atol=1e-4)
        assert st.get_embeddings("m2", list(vecs)) == {}
    assert text_hash("a") == text_hash("a") != text_hash("b")


def test_proposal_lifecycle_and_feedback(tmp_path: Path) -> None:
    a, b, c = paper(1), paper(2), paper(3)
    with State(tmp_path) as st:
        st.upsert_proposal(a, "pending", section="Attacks", branch="litbot/a", score=0.9)
        st.upsert_proposal(a, "open", section="Attacks", branch="litbot/a", pr_number=11)
        st.upsert_proposal(b, "open", section="Defenses", pr_number=12, score=0.7)
        st.upsert_proposal(c, "open", section="Evaluations", pr_number=13)
        st.set_proposal_status(a.key, "merged")
        st.set_proposal_status(b.key, "closed")
        got = st.get_proposal(a.key)
        assert got is not None and (got.status, got.pr_number, got.score) == ("merged", 11, 0.9)
        assert got.paper.arxiv_id == "2301.00001"
        assert [p.key for p in st.proposals("open")] == [c.key]
        assert {p.key for p in st.proposals("closed")} == {b.key}
        pos, neg = st.feedback()
        assert [p.key for p in pos] == [a.key] and [p.key for p in neg] == [b.key]
        with pytest.raises(ValueError):
            st.upsert_proposal(c, "rejected")
        with pytest.raises(ValueError):
            st.set_proposal_status(c.key, "gone")
        assert st.integrity_problems() == []


def test_a_proposal_recorded_again_without_a_pr_number_keeps_its_own(tmp_path: Path) -> None:
    with State(tmp_path) as st:
        st.upsert_proposal(paper(4), "open", branch="litbot/d", pr_number=14)
        st.upsert_proposal(paper(4), "closed", branch="litbot/d")
        assert st.get_proposal(paper(4).key).pr_number == 14
        assert [p.key for p in st.proposals("closed")] == [paper(4).key]


@pytest.mark.parametrize(("status", "pr_number", "forgotten"), [
    ("pending", None, True),
    ("pending", 7, False),  # a PR exists: its outcome is still to be learned
    ("dropped", None, False),  # the maintainer's "stop retrying" must outlive the paper being listed
    ("closed", 7, False),
])
def test_only_a_pending_proposal_without_a_pr_is_forgotten(
    tmp_path: Path, status: str, pr_number: int | None, forgotten: bool
) -> None:
    with State(tmp_path) as st:
        st.upsert_proposal(paper(5), status, branch="litbot/e", pr_number=pr_number)
        st.delete_proposal(paper(5).key)
        assert (st.get_proposal(paper(5).key) is None) == forgotten


@pytest.mark.parametrize("status", ["open", "merged", "closed", "listed", "dropped"])
def test_only_a_pending_proposal_can_be_dropped(tmp_path: Path, status: str) -> None:
    # Dropping a closed one would take the maintainer's verdict (a negative) out of feedback.
    from bot.errors import InputError

    with State(tmp_path) as st:
        st.upsert_proposal(paper(6), status, branch="litbot/f", pr_number=None if status == "dropped" else 8)
        with pytest.raises(InputError, match=f"is {status}, not pending"):
            st.drop_proposal(paper(6).key)
        assert st.get_proposal(paper(6).key).status == status


@pytest.mark.parametrize(
    ("sql", "expect"),
    [
        ("UPDATE proposals SET status='weird' WHERE key=?", "unknown status"),
        ("UPDATE proposals SET pr_number=NULL WHERE key=?", "without a PR number"),
        ("UPDATE proposals SET status='closed', pr_number=NULL WHERE key=?", "without a PR number"),
        ("UPDATE proposals SET status='listed', pr_number=NULL WHERE key=?", "without a PR number"),
        ("UPDATE proposals SET pr_number=5 WHERE key=?", "PR #5 recorded on 2 different branches"),
        # Records a run reads whole: `check` passed them, and every run failed on a traceback.
        ("UPDATE proposals SET data='{\"title\": ' WHERE key=?", "does not read (Expecting value"),
        ("UPDATE proposals SET data='{\"title\": \"T\", \"pages\": 3}' WHERE key=?", "unexpected keyword"),
        ("UPDATE papers SET data='[1' WHERE key=? OR 1", "papers "),
        ("INSERT OR REPLACE INTO meta VALUES ('min_score', 'high') -- ?",
         "meta min_score: 'high' is no number"),
        ("UPDATE runs SET summary='{' WHERE id > 0 OR ? IS NULL", "its summary is no JSON"),
    ],
)
def test_integrity_check_catches_bad_rows(tmp_path: Path, sql: str, expect: str) -> None:
    with State(tmp_path) as st:
        st.upsert_proposal(paper(1), "open", branch="litbot/a", pr_number=5)
        st.upsert_proposal(paper(2), "open", branch="litbot/b", pr_number=6)
        st.record_seen([paper(3)])
        st.finish_run(st.start_run(), "ok", {})
        assert st.integrity_problems() == []
        if "--" in sql:
            st.db.execute(sql.partition(" --")[0])
        else:
            st.db.execute(sql, (paper(2).key,))  # bypass the API: what a buggy writer or hand edit does
        problems = st.integrity_problems()
    assert any(expect in p for p in problems), problems


def test_a_digest_pr_shared_by_papers_on_one_branch_is_sound(tmp_path: Path) -> None:
    with State(tmp_path) as st:
        for n in (1, 2, 3):
            st.upsert_proposal(paper(n), "open", branch="litbot/digest-1", pr_number=9)
        assert st.integrity_problems() == []


def test_runs_are_logged_newest_first(tmp_path: Path) -> None:
    with State(tmp_path) as st:
        first = st.start_run()
        st.finish_run(first, "ok", {"fetched": 3})
        second = st.start_run()
        runs = st.runs()
    assert [r["id"] for r in runs] == [second, first]
    assert runs[1]["status"] == "ok" and runs[1]["summary"] == {"fetched": 3}
    assert runs[0]["status"] == "running" and runs[0]["finished"] is None


def test_a_run_killed_without_a_record_is_marked_lost_by_a_later_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr("bot.state.time.time", lambda: clock[0])
    with State(tmp_path) as st:
        killed = st.start_run()  # SIGKILLed: it never finishes
        clock[0] += 3600
        alongside = st.start_run()  # a run an hour later, while another may still be going
        assert {r["id"]: r["status"] for r in st.runs()} == {killed: "running", alongside: "running"}
        clock[0] += 7 * 3600  # both past RUN_LOST_AFTER now: only the one never finished is lost
        st.finish_run(alongside, "ok", {})
        latest = st.start_run()
        statuses = {r["id"]: r["status"] for r in st.runs()}
        assert statuses == {killed: "lost", alongside: "ok", latest: "running"}


def test_a_paper_recorded_again_keeps_its_verdict_and_follows_its_new_text(tmp_path: Path) -> None:
    # `litbot fetch` records what it serves without scores: a paper ranked before must keep its score
    # and section (else it drops out of the backlog), while a new version's text is what gets embedded.
    first = paper(8)
    revised = Paper(**{**first.to_dict(), "abstract": "a revised abstract"})
    with State(tmp_path) as st:
        st.record_seen([first], scores={first.key: 0.9}, sections={first.key: "Attacks"})
        st.record_seen([revised])
        row = st.db.execute("SELECT score, section FROM papers WHERE key=?", (first.key,)).fetchone()
        assert row == (0.9, "Attacks") and [p.key for p in st.backlog(0.5)] == [first.key]
        st.put_embeddings("m", {text_hash(revised.text): _vector(8)})
        assert [p.key for p in st.background("m", 10)[0]] == [first.key]


def test_a_paper_with_a_proposal_is_never_unranked_again(tmp_path: Path) -> None:
    # A cycle killed between its PR and its record, then `litbot fetch`: the paper is seen unscored, and
    # must not come back to be ranked (and re-proposed) while its PR is the verdict.
    closed = paper(9)
    with State(tmp_path) as st:
        st.record_seen([closed])
        assert st.unranked() == [closed]
        st.upsert_proposal(closed, "closed", branch="litbot/x", pr_number=4)
        assert st.unranked() == []


def test_a_paper_scored_exactly_min_score_waits_in_the_backlog_through_a_prune(tmp_path: Path) -> None:
    # "At least min_score" in backlog and prune alike: prune must not cut what backlog still serves.
    edge = paper(10)
    with State(tmp_path) as st:
        st.record_seen([edge], scores={edge.key: 0.5})
        assert st.prune(keep_recent=10, min_score=0.5).compacted == 0
        assert st.backlog(0.5) == [edge]


def test_a_held_paper_waits_when_a_re_rank_or_a_raised_min_score_puts_it_under_until_it_is_settled(
        tmp_path: Path) -> None:
    held, judged, listed = paper(40), paper(41), paper(42)
    with State(tmp_path) as st:
        st.record_seen([held, judged, listed], scores={held.key: 0.7, judged.key: 0.45, listed.key: 0.8},
                       held={held.key: True, listed.key: True})
        st.record_seen([held, judged, listed], scores={held.key: 0.48, judged.key: 0.45, listed.key: 0.0},
                       held={listed.key: False})  # re-ranked: under min_score now; listed by hand
        assert st.prune(keep_recent=10, min_score=0.5).compacted == 2  # judged and listed, not held
        assert st.backlog(0.5) == [held] and st.backlog(0.9) == [held]
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
        st.prune(keep_recent=10, min_score=0.9)
        assert st.backlog(0.5) == [held]  # among the best waiting, whatever its age or min_score
        st.record_seen([held], scores={held.key: 0.6})  # scored again: still held
        assert st.backlog(0.5) == [held]
        st.upsert_proposal(held, "open", branch="litbot/x", pr_number=1)
        assert st.backlog(0.5) == []


def test_touch_seen_dates_every_key_past_the_parameter_chunks(tmp_path: Path) -> None:
    many = [paper(n) for n in range(1001)]
    with State(tmp_path) as st:
        st.record_seen(many)
        st.db.execute("UPDATE papers SET last_seen = 0")
        st.touch_seen(p.key for p in many)
        assert st.db.execute("SELECT COUNT(*) FROM papers WHERE last_seen = 0").fetchone() == (0,)


def test_concurrent_handles_see_committed_data(tmp_path: Path) -> None:
    with State(tmp_path) as one, State(tmp_path) as two:
        one.record_seen([paper(7)], scores={paper(7).key: 0.5})
        assert two.is_seen(paper(7).key)
        row = two.db.execute("SELECT score FROM papers WHERE key=?", (paper(7).key,)).fetchone()
        assert row == (0.5,)
    assert isinstance(sqlite3.sqlite_version, str)


def _open_after(directory: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        with State(directory) as state:
            results.put(("ok", state.schema_version))
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put((type(exc).__name__, str(exc)))


def test_processes_opening_a_new_state_at_once_all_succeed(tmp_path: Path) -> None:
    # `serve` and a cron `run` starting together on a fresh state dir raced for the WAL switch and
    # for the first migration; the loser was told its healthy database was "not a litbot state".
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    for trial in range(10):
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_after, args=(str(tmp_path / str(trial)), barrier, results))
                 for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=60)
        outcomes = [results.get(timeout=5) for _ in procs]
        assert outcomes == [("ok", SCHEMA_VERSION)] * 4, outcomes


def _vector(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return v / np.linalg.norm(v)


def test_a_paper_the_watchlist_dropped_keeps_its_would_be_score_until_judged_again(tmp_path: Path) -> None:
    strong, weak, judged = paper(1), paper(2), paper(3)
    with State(tmp_path) as st:
        st.record_seen([strong, weak, judged], scores={strong.key: 0.0, weak.key: 0.0, judged.key: 0.0},
                       dropped_scores={strong.key: 0.8, weak.key: 0.2, judged.key: 0.9})
        st.record_seen([judged], scores={judged.key: 0.9})  # judged again, and let through this time
        st.record_seen([strong])  # only fetched again (by `litbot fetch`): still dropped
        st.prune(keep_recent=0, min_score=0.5)
        # Only what would have reached min_score can come back, and prune keeps its whole record.
        assert st.turned_away(0.5) == [strong]
        assert st.turned_away(0.1) == [strong]  # the weak one was cut to its identity by the prune


def test_prune_keeps_what_can_still_be_proposed_and_cuts_the_rest(tmp_path: Path) -> None:
    from bot.sources.dedupe import split_seen

    doi = "10.1145/3375627.3375830"
    judged = Paper(title="Judged and Found Wanting", abstract="long abstract " * 50, id="2301.00010",
                   doi=doi, authors=["A. B."], url="https://arxiv.org/abs/2301.00010")
    waiting, fetched, proposed, stale = paper(11), paper(12), paper(13), paper(14)
    curated = "Curated entry. Its abstract."
    with State(tmp_path) as st:
        # Past its waiting time and outside the best backlog_limit (1 here) of the backlog.
        st.record_seen([stale], scores={stale.key: 0.8})
        ninety_days = 90 * 86400
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?, last_seen = last_seen - ?",
                      (ninety_days, ninety_days))
        st.record_seen([judged, waiting, proposed],
                       scores={judged.key: 0.1, waiting.key: 0.9, proposed.key: 0.2})
        st.record_seen([fetched])  # by `litbot fetch`: not ranked yet
        st.upsert_proposal(proposed, "open", pr_number=3)
        texts = [p.text for p in (judged, waiting, fetched, proposed, stale)] + [curated, "orphan"]
        st.put_embeddings("m", {text_hash(t): _vector(i) for i, t in enumerate(texts)})
        # A list-tuned model's vectors of the same texts serve that list version's re-runs only.
        st.put_embeddings("m#titles-0123", {text_hash(t): _vector(i) for i, t in enumerate(texts)})
        report = st.prune(keep_recent=1, min_score=0.5, keep_texts=[curated], backlog_limit=1)

        assert report.compacted == 3  # judged, proposed (its PR keeps its own record) and stale
        assert report.expired == 1  # stale: worth proposing, but no longer waiting
        # Vectors under a day old stay: another process may not have recorded their papers yet.
        assert report.vectors_dropped == 0
        st.db.execute("UPDATE embeddings SET added = added - 86400")
        report = st.prune(keep_recent=1, min_score=0.5, keep_texts=[curated], backlog_limit=1)
        assert [p.key for p in st.backlog(0.5)] == [waiting.key] and st.backlog(0.5)[0] == waiting
        assert st.unranked() == [fetched]
        cut = {p.key: p for p in st.seen_papers()}[judged.key]
        assert (cut.title, cut.arxiv_id, cut.doi, cut.abstract) == (judged.title, "2301.00010", doi, "")
        assert cut.venue == ""  # a preprint's is only "arXiv"
        # Still never new again, by arXiv id, by DOI, or as a published version with the same title.
        again = [judged, Paper(title="Other", doi=doi), Paper(title="Judged and found wanting")]
        assert split_seen(again, st)[0] == []
        kept = st.get_embeddings("m", [text_hash(t) for t in texts])
        # Newest seen (keep_recent=1: fetched), the ones still waiting, the proposal and the list.
        assert set(kept) == {text_hash(p.text) for p in (fetched, waiting, proposed)} | {text_hash(curated)}
        assert st.get_embeddings("m#titles-0123", [text_hash(t) for t in texts]) == {}
        assert report.vectors_dropped == 3 + len(texts)
        assert st.get_proposal(proposed.key).paper == proposed
        assert st.prune(keep_recent=1, min_score=0.5, keep_texts=[curated]).compacted == 0
        # Forgetting after 60 days: the stale paper goes; the proposal's, however old, never does.
        st.db.execute("UPDATE papers SET last_seen = last_seen - ? WHERE key = ?",
                      (ninety_days, proposed.key))
        assert st.prune(keep_recent=1, min_score=0.5, forget_after_days=60).forgotten == 1
        assert stale.key not in st.seen_keys() and {judged.key, proposed.key} <= st.seen_keys()
        assert st.integrity_problems() == []


def test_background_reads_cut_papers_vectors_by_their_text_hash(tmp_path: Path) -> None:
    papers = [paper(n) for n in range(5)]
    with State(tmp_path) as st:
        st.record_seen(papers, scores={p.key: 0.1 for p in papers})
        st.put_embeddings("m", {text_hash(p.text): _vector(i) for i, p in enumerate(papers[:4])})
        st.prune(keep_recent=10, min_score=0.5)
        got, vectors = st.background("m", 10)
        assert sorted(p.key for p in got) == sorted(p.key for p in papers[:4])  # paper 4: no vector
        by_key = {p.key: i for i, p in enumerate(papers)}
        for p, v in zip(got, vectors, strict=True):
            np.testing.assert_allclose(v, _vector(by_key[p.key]), atol=1e-3)
        assert len(st.background("m", 2)[0]) == 2 and st.background("other model", 10)[0] == []


def test_the_seen_papers_title_vectors_are_read_as_a_background_while_cached(tmp_path: Path) -> None:
    papers = [paper(n) for n in range(5)]
    with State(tmp_path) as st:
        st.record_seen(papers, scores={p.key: 0.1 for p in papers})
        st.put_embeddings("m", {text_hash(p.title): _vector(i) for i, p in enumerate(papers[:3])})
        st.put_embeddings("m", {text_hash(p.text): _vector(9) for p in papers})
        got, vectors = st.background("m", 10, titles=True)
        assert sorted(p.key for p in got) == sorted(p.key for p in papers[:3])  # the others: no title vector
        by_key = {p.key: i for i, p in enumerate(papers)}
        for p, v in zip(got, vectors, strict=True):
            np.testing.assert_allclose(v, _vector(by_key[p.key]), atol=1e-3)
        assert len(st.background("m", 10)[0]) == 5  # their texts' vectors, as before
        # Read only on a day with a candidate lacking its abstract: not kept for the background, so
        # they never double the state's size.
        st.db.execute("UPDATE embeddings SET added = added - 86400")
        st.prune(keep_recent=10, min_score=0.5)
        assert st.background("m", 10, titles=True)[0] == [] and len(st.background("m", 10)[0]) == 5


def test_prune_keeps_the_newest_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.state.KEEP_RUNS", 3)
    with State(tmp_path) as state:
        for n in range(5):
            state.finish_run(state.start_run(), "ok", {"n": n})
        state.prune(keep_recent=10, min_score=0.5)
        assert [r["summary"]["n"] for r in state.runs()] == [4, 3, 2]


def test_prune_shrinks_the_file(tmp_path: Path) -> None:
    many = [Paper(title=f"Paper {n}", abstract="words " * 300, id=f"2302.{n:05d}") for n in range(400)]
    with State(tmp_path) as st:
        st.record_seen(many, scores={p.key: 0.1 for p in many})
        st.put_embeddings("m", {text_hash(p.text): _vector(n) for n, p in enumerate(many)})
        st.db.execute("UPDATE embeddings SET added = added - 86400")
        before = st.size_bytes()
        report = st.prune(keep_recent=50, min_score=0.5)
        assert report.vacuumed and report.vectors_dropped == 350
        assert st.size_bytes() < before / 3
        assert st.seen_count() == 400 and len(st.background("m", 1000)[0]) == 50


def test_the_file_is_rebuilt_once_the_space_freed_over_several_prunes_adds_up_to_a_quarter(
    tmp_path: Path
) -> None:
    with State(tmp_path) as st:
        st._vacuum_when_worth_it(0)
        an_eighth = st.size_bytes() // 8 + 1
        assert not st._vacuum_when_worth_it(an_eighth)
        assert st._vacuum_when_worth_it(an_eighth)
        # Counted again from nothing after the rebuild.
        assert not st._vacuum_when_worth_it(an_eighth)


def test_version_1_state_is_migrated_in_place(tmp_path: Path) -> None:
    from bot.state import MIGRATIONS

    old = paper(21)
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO papers(key, title, data, first_seen, last_seen) VALUES (?, ?, ?, 1, 1)",
               (old.key, old.title, json.dumps(old.to_dict())))
    db.execute("INSERT INTO embeddings VALUES ('m', ?, ?)", (text_hash(old.text), _vector(5).tobytes()))
    db.commit()
    db.close()
    with State(tmp_path) as st:
        assert st.schema_version == SCHEMA_VERSION == 6 and st.integrity_problems() == []
        got, vectors = st.background("m", 10)  # the text hash was filled in, the vector halved
        assert got == [old] and np.allclose(vectors[0], _vector(5), atol=1e-3)


@pytest.mark.slow
def test_state_levels_off_under_daily_cycles() -> None:
    """benchmarks/state_size.py, scaled down: 100 papers a day, a 2,000-paper background, forgotten
    after 30 days. Unpruned, the state grows with every day; pruned, it stops growing once papers
    start being forgotten."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import state_size

    from bot.config import Config

    config = Config.model_validate({"ranking": {"background_limit": 2000},
                                    "state": {"forget_after_days": 30}})
    texts = [{"title": f"Paper {n}", "abstract": "words " * 150} for n in range(500)]
    days = (20, 40, 60, 80)
    pruned = state_size.simulate(80, 100, True, texts, config=config, report_days=days)
    unpruned = state_size.simulate(40, 100, False, texts, config=config, report_days=days)
    assert unpruned[40] > 1.8 * unpruned[20]
    assert pruned[80] <= 1.15 * pruned[40] and pruned[40] < unpruned[40] / 2


def test_a_paper_served_again_is_not_forgotten(tmp_path: Path) -> None:
    from bot.sources.dedupe import split_seen

    journal = Paper(title="A Journal Paper on Robust Saliency Maps", doi="10.1145/3375627.3375831")
    served = [paper(31), journal]
    gone = paper(32)
    with State(tmp_path) as st:
        st.record_seen([*served, gone], scores={p.key: 0.1 for p in [*served, gone]})
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?, last_seen = last_seen - ?",
                      (200 * 86400, 200 * 86400))
        # A feed or file serves them again (the second as its published version, matched by title).
        again = [served[0], Paper(title="A journal paper on robust saliency maps.", url="https://j.org/1")]
        fresh, keys = split_seen(again, st)
        assert fresh == [] and set(keys) == {p.key for p in served}
        st.touch_seen(keys)
        assert st.prune(keep_recent=10, min_score=0.5, forget_after_days=180).forgotten == 1
        assert st.seen_keys() == {p.key for p in served}


def test_a_paper_the_caps_hold_back_waits_past_two_months_among_the_best_of_the_backlog(
        tmp_path: Path) -> None:
    # A list takes papers months old, and a run promised these would be proposed once there is room:
    # among the backlog_limit best they wait whatever their age; below them, past the waiting time,
    # they are cut down and counted, so that the run can say so.
    best, second, fresh, weak = paper(33), paper(34), paper(35), paper(36)
    with State(tmp_path) as st:
        st.record_seen([best, second, weak], scores={best.key: 0.9, second.key: 0.7, weak.key: 0.2})
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
        st.record_seen([fresh], scores={fresh.key: 0.6})
        st.touch_seen([best.key])
        assert [p.key for p in st.backlog(0.5)] == [best.key, second.key, fresh.key]
        assert [p.key for p in st.backlog(0.5, limit=1)] == [best.key]
        report = st.prune(keep_recent=10, min_score=0.5, backlog_limit=1)
        # weak (under min_score) and second (past 60 days, not the best one) are cut; fresh waits.
        assert (report.compacted, report.expired) == (2, 1)
        assert [p.key for p in st.backlog(0.5)] == [best.key, fresh.key]
        assert st.prune(keep_recent=10, min_score=0.5, backlog_limit=1).expired == 0  # counted once


def test_a_proposal_cut_down_past_the_waiting_time_is_not_counted_as_expired(tmp_path: Path) -> None:
    # Every PR's paper reaches 60 days: counted, each would be warned about as "will not be proposed".
    proposed, waiting = paper(37), paper(38)
    with State(tmp_path) as st:
        st.record_seen([proposed, waiting], scores={proposed.key: 0.9, waiting.key: 0.5})
        st.upsert_proposal(proposed, "closed", "Attacks", "litbot/x", 7)
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?", (90 * 86400,))
        report = st.prune(keep_recent=10, min_score=0.5, backlog_limit=0)
        assert (report.compacted, report.expired) == (2, 1)  # the one at exactly min_score counts


def test_prune_keeps_vectors_another_process_has_not_recorded_yet(tmp_path: Path) -> None:
    with State(tmp_path) as ranking, State(tmp_path) as pruning:
        ranking.put_embeddings("m", {text_hash("a candidate"): _vector(1)})  # ranked, not recorded yet
        assert pruning.prune(keep_recent=10, min_score=0.5).vectors_dropped == 0
        ranking.record_seen([Paper(title="a candidate")], scores={"title:a candidate": 0.1})
        assert len(ranking.background("m", 10)[0]) == 1


def test_unreadable_cache_rows_do_not_block_the_migration(tmp_path: Path) -> None:
    from bot.state import MIGRATIONS

    db = sqlite3.connect(tmp_path / DB_NAME)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO papers(key, title, data, first_seen, last_seen) VALUES ('x', 'X', ?, 1, 1)",
               (json.dumps({"title": "X", "field_from_the_future": 1}),))
    db.execute("INSERT INTO embeddings VALUES ('m', 'h1', ?)", (b"\x00" * 7,))  # cut short
    db.execute("INSERT INTO embeddings VALUES ('m', 'h2', ?)", (_vector(2).tobytes(),))
    db.commit()
    db.close()
    with State(tmp_path) as st:
        assert st.schema_version == SCHEMA_VERSION and st.seen_count() == 1
        assert set(st.get_embeddings("m", ["h1", "h2"])) == {"h2"}


def test_a_state_dir_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("mine\n")
    with pytest.raises(LitbotError, match=r"afile: cannot create it \(File exists\); give") as err:
        State(tmp_path / "afile")
    assert err.value.exit_code == 2 and (tmp_path / "afile").read_text() == "mine\n"


def test_a_state_folder_litbot_makes_keeps_itself_out_of_git(tmp_path: Path) -> None:
    import subprocess

    repo = tmp_path / "list-repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with State(repo / "state"):
        pass
    (repo / "README.md").write_text("# List\n", encoding="utf-8")
    out = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all"],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["?? README.md"]  # neither the database nor the marker itself
    mine = tmp_path / "mine"  # a folder the user made (the project's own state/, with its README)
    mine.mkdir()
    with State(mine):
        pass
    assert not (mine / ".gitignore").exists()


def test_turned_away_reads_recent_unproposed_papers_at_or_over_min_score_best_first(tmp_path: Path) -> None:
    edge, best, old, closed, low = paper(41), paper(42), paper(43), paper(44), paper(45)
    with State(tmp_path) as st:
        st.record_seen([old], scores={old.key: 0.0}, dropped_scores={old.key: 0.95})
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?, last_seen = last_seen - ?",
                      ((WAITING_DAYS + 1) * 86400,) * 2)
        st.record_seen([edge, best, closed, low], scores={p.key: 0.0 for p in (edge, best, closed, low)},
                       dropped_scores={edge.key: 0.5, best.key: 0.9, closed.key: 0.99, low.key: 0.49})
        st.upsert_proposal(closed, "closed", "Attacks", pr_number=7)
        # Not the one dropped before its waiting time, nor the one with a closed PR; exactly min_score
        # counts. When a paper was first seen does not matter: one may have waited for months.
        assert st.turned_away(0.5) == [best, edge]
        st.db.execute("UPDATE papers SET first_seen = first_seen - ? WHERE key = ?", (365 * 86400, best.key))
        assert st.turned_away(0.5) == [best, edge]


def test_a_published_record_cut_down_keeps_its_venue(tmp_path: Path) -> None:
    # Judged on its title alone and cut down, then judged again when the arXiv copy brought the abstract:
    # merged with the cut-down record, the entry said "arXiv" beside the AAAI DOI.
    from bot.sources.dedupe import merge

    proceedings = Paper(title="Fooling SHAP with stealthy sampling", doi="10.1609/aaai.v39i1.4242",
                        venue="AAAI 2025", url="https://ojs.aaai.org/4242", authors=["A. B."])
    with State(tmp_path) as st:
        st.record_seen([proceedings], scores={proceedings.key: 0.2})
        assert st.prune(keep_recent=0, min_score=0.5).compacted == 1
        (cut,) = st.judged_on_title([proceedings.key])
    assert (cut.venue, cut.doi, cut.authors) == ("AAAI 2025", proceedings.doi, [])
    arxiv_copy = Paper(title=proceedings.title, abstract="We fool SHAP.", id="2501.04242", venue="arXiv")
    merged = merge(cut, arxiv_copy)
    assert (merged.venue, merged.doi, merged.arxiv_id) == ("AAAI 2025", proceedings.doi, "2501.04242")


def test_the_near_misses_of_a_lowered_threshold_are_the_cut_down_papers_between_the_two(
        tmp_path: Path) -> None:
    papers = [paper(i) for i in range(7)]
    scores = [0.5, 0.65, 0.8, 0.4, 0.6, 0.6, 0.6]  # the first exactly at the new threshold
    with State(tmp_path) as st:
        st.record_seen(papers[:6], scores={p.key: s for p, s in zip(papers, scores, strict=False)})
        st.upsert_proposal(papers[4], "closed", "Attacks", "litbot/x", pr_number=4)
        st.db.execute("UPDATE papers SET last_seen = last_seen - ? WHERE key = ?",
                      ((WAITING_DAYS + 1) * 86400, papers[5].key))
        st.prune(keep_recent=0, min_score=0.9)
        st.record_seen([papers[6]], scores={papers[6].key: 0.6})  # whole: state can rank it again itself
        near = st.cut_down_between(0.5, 0.7)
    # Best first; not the one over the old threshold or under the new one, the proposed one, the one
    # seen too long ago, or one whose whole record is kept.
    assert [(p.key, p.title, p.abstract) for p in near] == [
        (papers[1].key, papers[1].title, ""), (papers[0].key, papers[0].title, "")]


class _FullAtCommit:
    """A connection whose COMMIT finds the disk full: in WAL mode, where SQLite usually finds it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.strip() == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def test_a_full_disk_at_commit_is_one_line_and_keeps_nothing_half_written(tmp_path: Path) -> None:
    with State(tmp_path) as st:
        real, st.db = st.db, _FullAtCommit(st.db)  # type: ignore[assignment]
        with pytest.raises(LitbotError, match="the disk is full or failing"):
            st.record_seen([paper(1)])
        st.db = real
        assert st.seen_count() == 0 and not real.in_transaction


def test_judged_on_title_reads_past_one_chunk_and_leaves_out_settled_and_proposed_papers(
        tmp_path: Path) -> None:
    many = [Paper(title=f"Paper number {n} on robust saliency", id=f"2301.{n:05d}") for n in range(1001)]
    with State(tmp_path) as st:
        st.record_seen(many, scores={p.key: 0.5 for p in many})
        assert len(st.judged_on_title(p.key for p in many)) == 1001  # SQLite's bound-parameter chunks
        st.record_seen(many[:1], scores={many[0].key: 0.0})  # settled: listed
        st.upsert_proposal(many[1], "open", branch="litbot/x", pr_number=1)
        st.record_seen(many[2:3], scores={many[2].key: 0.0}, dropped_scores={many[2].key: 0.4})
        found = {p.key for p in st.judged_on_title([p.key for p in many[:4]])}
        assert found == {many[2].key, many[3].key}  # a watchlist's drop is judged again; listed, proposed not


def test_recent_held_papers_under_min_score_keep_their_whole_records_outside_the_best(tmp_path: Path) -> None:
    a, b = paper(1), paper(2)
    with State(tmp_path) as st:
        st.record_seen([a, b], scores={a.key: 0.4, b.key: 0.3}, held={a.key: True, b.key: True})
        st.prune(keep_recent=10, min_score=0.5, backlog_limit=1)
        assert st.backlog(0.5, limit=5) == [a, b]


def test_a_lock_file_this_user_cannot_write_still_locks_the_cycle(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Made once by root (`sudo litbot run`), it failed every cycle of the worker's user, unrecorded,
    # with advice about the folder; flock needs no write access.
    import os

    from bot.errors import CycleBusy

    real_open = os.open

    def owned_by_root(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith("cycle.lock") and flags & os.O_RDWR:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    with State(tmp_path) as st, State(tmp_path) as other:
        (tmp_path / "cycle.lock").write_text("")
        monkeypatch.setattr("bot.state.os.open", owned_by_root)
        with st.cycle_lock():
            with pytest.raises(CycleBusy), other.cycle_lock():
                pass
        with other.cycle_lock():  # released
            pass


def test_a_cycle_that_finds_the_lock_just_taken_waits_a_moment_for_the_holders_line(tmp_path: Path) -> None:
    # Taken, not yet written: the skipped cycle said "(a process)" where the holder's pid was a moment away.
    import fcntl
    import os
    import threading

    from bot.errors import CycleBusy

    with State(tmp_path) as st:
        fd = os.open(tmp_path / "cycle.lock", os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            threading.Timer(0.08, os.pwrite, (fd, b"pid 42 on elsewhere, since now", 0)).start()
            with pytest.raises(CycleBusy, match=r"\(pid 42 on elsewhere, since now\)"), st.cycle_lock():
                pass
        finally:
            os.close(fd)


def test_a_holder_line_left_by_a_cycle_long_gone_is_not_named_as_the_holder(tmp_path: Path) -> None:
    # A holder that could open the lock file read-only only cannot write its own line: the one left there
    # named a cycle that had exited, as if it still ran.
    import fcntl
    import os
    import socket
    import subprocess
    import sys

    from bot.errors import CycleBusy

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "cycle.lock").write_text(f"pid {dead.pid} on {socket.gethostname()}, since yesterday")
    with State(tmp_path) as st:
        fd = os.open(tmp_path / "cycle.lock", os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            busy = r"\(pid \d+ on .+, since yesterday, or a process that could not write over it\)"
            with pytest.raises(CycleBusy, match=busy), st.cycle_lock():
                pass
        finally:
            os.close(fd)


def test_a_file_system_that_cannot_lock_runs_the_cycle_unguarded_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # NFS without lockd, some FUSE mounts: every cycle died with "OSError: [Errno 37] No locks available".
    import errno

    def no_locks(fd: int, op: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr("bot.state.fcntl.flock", no_locks)
    ran = False
    with State(tmp_path) as st, st.cycle_lock():
        ran = True
    assert ran and "cannot lock files (No locks available); the cycle runs without the lock" in caplog.text


def test_a_new_lock_file_is_readable_and_writable_by_the_folders_other_users_as_the_umask_allows(
        tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        with State(tmp_path) as st, st.cycle_lock():
            pass
    finally:
        os.umask(old)
    assert (tmp_path / "cycle.lock").stat().st_mode & 0o777 == 0o644


def test_a_dropped_paper_keeps_its_record_while_it_may_come_back_and_not_after(tmp_path: Path) -> None:
    # One the watchlist dropped at exactly min_score comes back when the watchlist changes; one dropped
    # and not seen for 90 days is cut down like any judged paper (kept whole, the state only grew).
    from bot.state import FULL

    edge, old = paper(1), paper(2)
    with State(tmp_path) as st:
        st.record_seen([edge, old], scores={edge.key: 0.0, old.key: 0.0},
                       dropped_scores={edge.key: 0.5, old.key: 0.8})
        st.db.execute("UPDATE papers SET first_seen = first_seen - ?, last_seen = last_seen - ? "
                      "WHERE key = ?", (90 * 86400, 90 * 86400, old.key))
        st.prune(keep_recent=0, min_score=0.5, backlog_limit=0)
        whole = dict(st.db.execute(f"SELECT key, {FULL} FROM papers").fetchall())
        assert (whole[edge.key], whole[old.key]) == (1, 0)
        assert [p.key for p in st.turned_away(0.5)] == [edge.key]


def test_a_holder_line_is_doubted_only_for_a_pid_of_this_host_that_no_process_has(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from bot.state import _alive

    def kill(pid: int, signal: int) -> None:
        raise {1: PermissionError, 2: ProcessLookupError}[pid](pid)

    monkeypatch.setattr("bot.state.os.kill", kill)
    here = socket.gethostname()
    assert _alive(f"pid 1 on {here}, since now")  # another user's process: alive
    assert not _alive(f"pid 2 on {here}, since now")
    assert _alive("pid 2 on another-host, since now")  # not ours to look up


def test_a_record_that_does_not_read_is_a_damaged_state_not_a_traceback(tmp_path: Path) -> None:
    from bot.errors import LitbotError

    with State(tmp_path) as st:
        st.upsert_proposal(paper(1), "open", branch="litbot/a", pr_number=5)
        st.db.execute("UPDATE proposals SET data='{' WHERE key=?", (paper(1).key,))
        with pytest.raises(LitbotError, match=r"^state: the record of .* does not read \(.*\); restore"):
            st.proposals()
        st.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', 'v5')")
    with pytest.raises(LitbotError, match=r"schema_version 'v5' is no number; restore the folder"):
        State(tmp_path)


def test_an_empty_state_file_is_a_new_state_with_a_warning(tmp_path: Path, caplog) -> None:
    (tmp_path / "litbot.sqlite").write_bytes(b"")
    with State(tmp_path) as st:
        assert st.proposals() == []
    assert "litbot.sqlite is empty: starting a new state" in caplog.text


def test_a_migration_the_disk_fills_up_under_is_told_as_a_full_disk_and_keeps_the_old_state(
        tmp_path: Path) -> None:
    # SQLite rolls back itself on a full disk; litbot's second ROLLBACK raised "no transaction is active"
    # in its place, told as "not a litbot state database ... move it away", which threw out an intact
    # state, closed papers and all. A file size limit stands in for the full volume (the same SQLITE_FULL).
    import subprocess
    import sys

    script = f"""
import json, resource, sqlite3
import numpy as np
from pathlib import Path
from bot.paper import Paper
from bot.state import DB_NAME, MIGRATIONS, State
d = Path({str(tmp_path)!r})
db = sqlite3.connect(d / DB_NAME)
db.executescript(MIGRATIONS[0])
db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
db.execute("PRAGMA journal_mode=WAL")
for n in range(600):
    p = Paper(title=f"Paper {{n}}", abstract="abs " * 50, id=f"2301.{{n:05d}}")
    db.execute("INSERT INTO papers(key, title, data, first_seen, last_seen) VALUES (?, ?, ?, 1, 1)",
               (p.key, p.title, json.dumps(p.to_dict())))
    db.execute("INSERT INTO embeddings VALUES ('m', ?, ?)", (f"h{{n}}", np.ones(384, np.float32).tobytes()))
db.commit(); db.close()
resource.setrlimit(resource.RLIMIT_FSIZE, ((d / DB_NAME).stat().st_size // 2, resource.RLIM_INFINITY))
try:
    State(d).close()
    print("migrated")
except Exception as exc:
    print(exc)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert "the disk is full or failing" in out.stdout and "what was written before is kept" in out.stdout, (
        out.stdout, out.stderr)
    db = sqlite3.connect(tmp_path / "litbot.sqlite")
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("1",)
    assert db.execute("SELECT COUNT(*) FROM papers").fetchone() == (600,)


def test_a_paper_seen_again_is_seen_lately_and_forgetting_spares_a_whole_record(tmp_path: Path) -> None:
    # Gaps the mutation round found: `record_seen` not moving last_seen, and `forget_after_days`
    # deleting papers that still keep their whole record (the backlog), both passed every test.
    with State(tmp_path) as st:
        st.record_seen([paper(1), paper(2)], scores={paper(1).key: 0.9, paper(2).key: 0.1})
        st.db.execute("UPDATE papers SET last_seen = 1, first_seen = 1")
        st.record_seen([paper(1)], scores={paper(1).key: 0.9})
        (seen,) = st.db.execute("SELECT last_seen FROM papers WHERE key=?", (paper(1).key,)).fetchone()
        assert seen > 1e9
        st.db.execute("UPDATE papers SET last_seen = 1")
        st.prune(keep_recent=0, min_score=0.5, max_age_days=10**6, forget_after_days=1)
        # Paper 2, under min_score, is cut down and, unseen for a day, forgotten; paper 1 still waits whole.
        assert {k for (k,) in st.db.execute("SELECT key FROM papers")} == {paper(1).key}
        assert st.backlog(0.5) == [paper(1)]


def deny(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """As for a user who may not write these (the tests may run as root, whom permissions do not stop)."""
    access, denied = os.access, {str(p) for p in paths}
    monkeypatch.setattr(
        "bot.state.os.access", lambda path, mode: str(path) not in denied and access(path, mode)
    )


def test_every_part_of_the_state_this_user_may_not_write_is_named_the_folder_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run on a read-only copy leaves its -shm read-only as well as its -wal: made writable again, the
    # database still could not be written, and the error named files the user had already fixed.
    with State(tmp_path) as st:
        st.record_seen([paper(1)])
        for end in ("-wal", "-shm"):
            (tmp_path / (DB_NAME + end)).touch()
        deny(monkeypatch, tmp_path, tmp_path / f"{DB_NAME}-shm")
        assert unwritable(tmp_path) == [str(tmp_path), f"{DB_NAME}-shm"]
        error = st._open_error(sqlite3.OperationalError("attempt to write a readonly database"))
    assert f"make {tmp_path}, {DB_NAME}-shm writable for this user" in str(error)


def test_a_database_file_this_user_may_not_write_is_looked_at_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The folder writable, the database not (restored read-only): a look must read it as it is, not
    # open it for writing (a migration, WAL's switch) as a run does.
    with State(tmp_path) as st:
        st.record_seen([paper(1)])
    deny(monkeypatch, tmp_path / DB_NAME)
    assert not can_write(tmp_path)
    with _open_existing(tmp_path) as st, pytest.raises(sqlite3.OperationalError, match="readonly"):
        st.db.execute("DELETE FROM papers")


def test_a_damaged_proposal_is_named_by_its_title(tmp_path: Path) -> None:
    # "state: the record of '{' does not read" named nothing a maintainer could look for.
    with State(tmp_path) as st:
        st.upsert_proposal(paper(1), "open", branch="litbot/a", pr_number=5)
        st.db.execute("UPDATE proposals SET data='{' WHERE key=?", (paper(1).key,))
        with pytest.raises(
            LitbotError, match=rf"^state: the record of {re.escape(repr(paper(1).title))} does not"
        ):
            st.proposals()


def test_a_record_that_does_not_read_is_one_line_of_state_check_with_its_reason(tmp_path: Path) -> None:
    # Each problem is a line of `state check`: its reason once, not the whole error with its advice.
    try:
        json.loads("{")
    except ValueError as exc:
        reason = str(exc)
    with State(tmp_path) as st:
        st.upsert_proposal(paper(1), "open", branch="litbot/a", pr_number=5)
        st.db.execute("UPDATE proposals SET data='{' WHERE key=?", (paper(1).key,))
        assert st.integrity_problems() == [f"proposals {paper(1).key}: its record does not read ({reason})"]


def test_a_look_reads_the_state_while_a_cycle_commits_beside_it(tmp_path: Path) -> None:
    # The state is written ahead (WAL): `state show` in the middle of its read does not hold a running
    # cycle's commit back, nor does the cycle's write break the look's snapshot.
    with State(tmp_path) as cycle, State(tmp_path) as look:
        look.db.execute("BEGIN")
        assert look.seen_count() == 0
        cycle.db.execute("PRAGMA busy_timeout = 200")
        cycle.record_seen([paper(1)])
        assert look.seen_count() == 0
        look.db.execute("COMMIT")
        assert look.seen_count() == 1


def test_the_background_is_the_newest_seen_papers(tmp_path: Path) -> None:
    # Past ``limit``, the ranker's background keeps the papers seen last (today's field), not the oldest.
    papers = [paper(n) for n in range(4)]
    with State(tmp_path) as st:
        st.record_seen(papers)
        for n, p in enumerate(papers):
            st.db.execute("UPDATE papers SET last_seen = ? WHERE key = ?", (1000 + n, p.key))
        st.put_embeddings("m", {text_hash(p.text): np.full(4, n, np.float32) for n, p in enumerate(papers)})
        got, vectors = st.background("m", limit=2)
    assert [p.title for p in got] == [papers[3].title, papers[2].title]
    assert vectors[:, 0].tolist() == [3.0, 2.0]


def test_refused_branches_are_those_of_pending_proposals_and_each_is_cleared_on_its_own(
    tmp_path: Path,
) -> None:
    # A branch whose PR opened at last is no refused one; one cleared leaves the others refused.
    with State(tmp_path) as st:
        for n, branch in ((1, "litbot/a"), (2, "litbot/b"), (3, "litbot/c")):
            st.upsert_proposal(paper(n), "pending", branch=branch)
            st.mark_refused(branch)
        assert st.refused_branches() == {"litbot/a", "litbot/b", "litbot/c"}
        st.set_proposal_status(paper(1).key, "open", pr_number=3)
        st.mark_refused("litbot/b", refused=False)
        assert st.refused_branches() == {"litbot/c"}


def test_past_list_paths_keep_every_move_and_the_last_time_the_list_left_each(tmp_path: Path) -> None:
    # A list moved twice forgot the first file (a mutant wrote the new path alone), and its PRs there were
    # taken for another list's once that file held a list again.
    with State(tmp_path) as st:
        assert st.past_list_paths() == {}
        st.add_past_list_path("README.md")
        st.add_past_list_path("docs/LIST.md")
        first = st.past_list_paths()["README.md"]
        st.set_meta(PAST_PATHS_META, json.dumps({**st.past_list_paths(), "README.md": first - 60}))
        st.add_past_list_path("README.md")  # back, and out again: it left last now
        paths = st.past_list_paths()
        assert set(paths) == {"README.md", "docs/LIST.md"} and paths["README.md"] >= first


@pytest.mark.parametrize("damaged", ['{"README.md": 1', '["README.md"]', '"README.md"', "7",
                                     '{"README.md": "soon", "OLD.md": 5}'])
def test_past_list_paths_that_do_not_read_are_none_and_the_next_move_writes_anew(
        tmp_path: Path, damaged: str) -> None:
    # A damaged value failed every reconcile, or named what is no file; it reads as none, or as the
    # paths it names with a time.
    with State(tmp_path) as st:
        st.set_meta(PAST_PATHS_META, damaged)
        assert set(st.past_list_paths()) <= {"OLD.md"}
        st.add_past_list_path("docs/LIST.md")
        paths = set(st.past_list_paths())
        assert "docs/LIST.md" in paths and paths <= {"OLD.md", "docs/LIST.md"}
