"""`litbot state show|check` over a real state database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import InputError, LitbotError
from bot.paper import Paper
from bot.state import DB_NAME, RUN_LOST_AFTER, State


def _fill(directory: Path) -> None:
    merged = Paper(title="Fooling SHAP with Stealthily Biased Sampling", id="2205.15419",
                   url="https://arxiv.org/abs/2205.15419")
    opened = Paper(title="Rethinking Stability for Attribution-based Explanations", id="2203.06877")
    with State(directory) as st:
        run = st.start_run()
        st.record_seen([merged, opened])
        st.upsert_proposal(merged, "open", section="Attacks", branch="litbot/a", pr_number=3, score=0.91)
        st.set_proposal_status(merged.key, "merged")
        st.upsert_proposal(opened, "open", section="Defenses", branch="litbot/b", pr_number=4, score=0.77)
        st.set_cursor("arxiv", "2026-11-20T00:00:00")
        st.finish_run(run, "ok", {"fetched": 40, "ranked": 40, "proposals": {"opened": 2}})


def test_show_json_reports_proposals_cursors_and_runs(tmp_path: Path, capsys) -> None:
    _fill(tmp_path)
    assert main(["state", "show", "--state", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seen"] == 2 and data["proposal_counts"] == {"merged": 1, "open": 1}
    merged = next(p for p in data["proposals"] if p["status"] == "merged")
    assert (merged["pr_number"], merged["section"], merged["score"]) == (3, "Attacks", 0.91)
    assert merged["url"] == "https://arxiv.org/abs/2205.15419" and len(merged["created"]) == 16
    assert data["cursors"] == {"arxiv": "2026-11-20T00:00:00"}
    assert data["runs"][0]["status"] == "ok" and data["runs"][0]["summary"]["fetched"] == 40
    assert data["size_bytes"] == (tmp_path / "litbot.sqlite").stat().st_size  # state closed: WAL folded in


def test_show_tables_for_humans(tmp_path: Path, capsys) -> None:
    _fill(tmp_path)
    assert main(["state", "show", "--state", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for expected in ("proposals", "#3", "merged", "Defenses", "source cursors", "recent runs", "2 opened",
                     " MB)"):
        assert expected in out


def test_a_digests_papers_are_counted_in_its_one_pr(tmp_path: Path, capsys, monkeypatch) -> None:
    # "7 opened" for one digest PR read as seven PRs.
    with State(tmp_path) as st:
        run = st.start_run()
        pulls = [{"key": f"arxiv:2101.0000{i}", "action": "opened", "pr_number": 5} for i in range(7)]
        pulls += [{"key": "arxiv:2101.00009", "action": "skipped", "pr_number": None}]
        st.finish_run(run, "ok", {"fetched": 9, "ranked": 9, "proposals": {"opened": 7, "skipped": 1},
                                  "pull_requests": pulls})
    monkeypatch.setenv("COLUMNS", "200")  # one table row a line
    assert main(["state", "show", "--state", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "7 opened in 1 PR, 1 skipped" in out


def test_check_passes_then_fails_on_a_bad_row(tmp_path: Path, capsys) -> None:
    _fill(tmp_path)
    assert main(["state", "check", "--state", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
    with State(tmp_path) as st:
        st.db.execute("UPDATE proposals SET status='lost' WHERE pr_number=4")
    assert main(["state", "check", "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown status 'lost'" in err[0]


def test_missing_state_is_one_line_and_creates_nothing(tmp_path: Path, capsys) -> None:
    where = tmp_path / "nothing-here"
    assert main(["state", "show", "--state", str(where)]) == 2
    assert main(["state", "check", "--state", str(where)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(DB_NAME in line for line in err)
    assert not where.exists()


def test_state_dir_defaults_to_the_configs(tmp_path: Path, capsys) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "litbot.yaml").write_text("state:\n  dir: var/state\n", encoding="utf-8")
    _fill(tmp_path / "var" / "state")
    assert main(["state", "check", "--config", str(tmp_path / "config" / "litbot.yaml")]) == 0


def test_drop_stops_a_pending_proposal_and_only_that(tmp_path: Path, capsys) -> None:
    _fill(tmp_path)
    stuck = Paper(title="Explanation manipulation GitHub keeps refusing", id="2301.00001")
    with State(tmp_path) as st:
        st.record_seen([stuck], scores={stuck.key: 0.9})
        st.upsert_proposal(stuck, "pending", section="Attacks", branch="litbot/stuck", score=0.9)
    opened = "arxiv:2203.06877"
    # All or nothing: one bad key (an open PR) drops nothing, and says what to do instead.
    assert main(["state", "drop", stuck.key, opened, "--state", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "open, not pending" in err[0] and "close PR #4 on GitHub instead" in err[0]
    assert main(["state", "drop", "arxiv:9999.99999", "--state", str(tmp_path)]) == 2
    assert "no proposal for 'arxiv:9999.99999'" in capsys.readouterr().err
    with State(tmp_path) as st:
        assert st.get_proposal(stuck.key).status == "pending"

    assert main(["state", "drop", stuck.key, stuck.key, "--state", str(tmp_path)]) == 0  # given twice: once
    out = capsys.readouterr().out
    assert out.startswith(f"dropped {stuck.key}") and "litbot/stuck may still exist" in out
    assert out.count("dropped") == 1
    with State(tmp_path) as st:
        assert st.get_proposal(stuck.key).status == "dropped" and st.integrity_problems() == []
        # Not a maintainer's verdict on the paper.
        assert stuck.key not in {p.key for p in st.proposals("closed")}
        assert all(stuck.key != p.key for group in st.feedback() for p in group)
        assert st.backlog(0.5) == []  # and not queued again either


def test_drop_takes_a_doi_key_as_the_pr_body_writes_the_doi(tmp_path: Path, capsys) -> None:
    stuck = Paper(title="Explanation manipulation in software testing", doi="10.1109/ICSTW55395.2022.00030")
    with State(tmp_path) as st:
        st.upsert_proposal(stuck, "pending", section="Attacks", branch="litbot/stuck", score=0.9)
    assert stuck.key == "doi:10.1109/icstw55395.2022.00030"
    assert main(["state", "drop", "doi:10.1109/ICSTW55395.2022.00030", "--state", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith(f"dropped {stuck.key}")


def test_show_prints_bracketed_titles_as_they_are(tmp_path: Path, capsys, monkeypatch) -> None:
    # "[/INST]" is a closing tag to rich's markup: it stopped `state show` with a traceback.
    monkeypatch.setenv("COLUMNS", "300")  # no folding inside the title
    title = "Jailbreaking chat models through the [/INST] token [sic]"
    with State(tmp_path) as st:
        st.upsert_proposal(Paper(title=title, id="2501.00001"), "pending", section="[Attacks]")
        st.set_cursor("feed [/x]", "etag [bold]")
    assert main(["state", "show", "--state", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for expected in (title, "[Attacks]", "feed [/x]", "etag [bold]"):
        assert expected in out


def test_an_empty_state_file_fails_the_check_and_stays_empty(tmp_path: Path, capsys) -> None:
    # SQLite takes an empty file for a new database: `check` made one and passed it, and the Action then
    # pushed that fresh state over the real one (a restore that failed half-way leaves an empty file).
    (tmp_path / DB_NAME).write_bytes(b"")
    for command in ("check", "show"):
        assert main(["state", command, "--state", str(tmp_path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "empty file" in err[0]
    assert (tmp_path / DB_NAME).stat().st_size == 0


def _deny_writes(monkeypatch, directory: Path) -> None:
    """As on a bind mount owned by another user (the tests may run as root, whom permissions do not stop):
    what litbot asks of the folder and its files says no write."""
    import os

    access, inside = os.access, directory.resolve()
    monkeypatch.setattr("bot.state.os.access", lambda path, mode: (
        not (mode & os.W_OK and Path(path).resolve().is_relative_to(inside)) and access(path, mode)))


def test_a_state_this_user_cannot_write_is_read_as_it_is(tmp_path: Path, capsys, monkeypatch) -> None:
    import bot.commands.state_cmd as state_cmd

    _fill(tmp_path)
    before = (tmp_path / DB_NAME).read_bytes()
    _deny_writes(monkeypatch, tmp_path)
    assert main(["state", "check", "--state", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
    assert main(["state", "show", "--state", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["proposal_counts"] == {"merged": 1, "open": 1}
    assert (tmp_path / DB_NAME).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]  # no -wal or -shm made beside it
    with state_cmd._open_existing(tmp_path) as st, pytest.raises(sqlite3.OperationalError, match="readonly"):
        st.db.execute("DELETE FROM proposals")


def test_a_look_where_this_user_cannot_write_still_shows_what_a_running_worker_wrote(
        tmp_path: Path, capsys, monkeypatch) -> None:
    # A worker's writes sit in the write-ahead log until SQLite copies them into the database: a look
    # that read the file alone (immutable) showed the state as it was before them (here: before the
    # second PR; for a state that never checkpointed, "schema v0").
    _fill(tmp_path)
    later = Paper(title="Fairwashing Explanations with Off-Manifold Detergent", id="2007.09969")
    with State(tmp_path) as worker:
        worker.upsert_proposal(later, "open", section="Attacks", branch="litbot/c", pr_number=5, score=0.8)
        assert (tmp_path / "litbot.sqlite-wal").stat().st_size > 0
        _deny_writes(monkeypatch, tmp_path)
        assert main(["state", "show", "--state", str(tmp_path), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["proposal_counts"] == {"merged": 1, "open": 2}
        monkeypatch.undo()


_KILLED_WORKER = """
import os, sys
from bot.paper import Paper
from bot.state import State
st = State(sys.argv[1])
st.db.execute("PRAGMA wal_autocheckpoint=0")
for i in range(3):
    st.upsert_proposal(Paper(title=f"A paper number {i} about things", id=f"2301.{i:05d}"), "open",
                       section="Attacks", branch=f"litbot/{i}", pr_number=i + 1, score=0.5)
os._exit(0)
"""


def test_a_look_at_a_killed_workers_log_without_its_shm_reads_it_and_leaves_nothing_behind(
        tmp_path: Path, capsys, monkeypatch) -> None:
    # Found by a review: a killed worker's state, restored without its -shm (SQLite keeps nothing lasting
    # there), every run since the last checkpoint in the -wal. A look by a user who may not write made a
    # -shm of its own to read the log, owned by that user: the worker could not open its state again.
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", _KILLED_WORKER, str(tmp_path)], check=True,
                   env={**__import__("os").environ, "PYTHONPATH": str(root)})
    (tmp_path / (DB_NAME + "-shm")).unlink()
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _deny_writes(monkeypatch, tmp_path)
    assert main(["state", "show", "--state", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["proposal_counts"] == {"open": 3}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    # With nowhere to copy it to (a read-only root file system), the database is read without its log,
    # with a warning, where a review found a traceback.
    def nowhere(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No usable temporary directory found")

    monkeypatch.setattr("bot.state.tempfile.TemporaryDirectory", nowhere)
    with pytest.raises(LitbotError, match="what it holds is in its write-ahead log, which this user could "
                                          "not read; look as the user litbot runs as"):
        State(tmp_path, readonly=True)


def test_a_look_through_a_linked_database_reads_the_running_workers_log(tmp_path: Path, capsys,
                                                                        monkeypatch) -> None:
    # Found by a review: SQLite keeps the -wal beside the file a link points to, and the look looked for
    # it beside the link, found none and read the database without it.
    real, folder = tmp_path / "volume", tmp_path / "state"
    real.mkdir(), folder.mkdir()
    sqlite3.connect(real / DB_NAME).close()
    (folder / DB_NAME).symlink_to(real / DB_NAME)
    with State(folder) as worker:
        worker.upsert_proposal(Paper(title="Fooling SHAP with Stealthily Biased Sampling", id="2205.15419"),
                               "open", section="Attacks", branch="litbot/a", pr_number=3, score=0.9)
        assert (real / (DB_NAME + "-wal")).stat().st_size > 0
        _deny_writes(monkeypatch, folder)
        _deny_writes(monkeypatch, real)
        assert main(["state", "show", "--state", str(folder), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["proposal_counts"] == {"open": 1}
        monkeypatch.undo()


def test_a_run_in_a_folder_it_may_not_write_stops_at_open_as_health_says(tmp_path: Path, capsys,
                                                                          monkeypatch) -> None:
    # Its files writable, the folder not: a review found a run let through there failing on its lock
    # file ("No such file"), while `state health` called the state unhealthy. Both name the folder now.
    _fill(tmp_path)
    access = __import__("os").access
    monkeypatch.setattr("bot.state.os.access", lambda path, mode: (
        Path(path).resolve() != tmp_path.resolve() and access(path, mode)))
    with pytest.raises(InputError, match=f"{tmp_path}: litbot cannot write its state here; make {tmp_path} "
                                         "writable"):
        State(tmp_path)
    assert main(["state", "health", "--state", str(tmp_path)]) == 1
    assert f"make {tmp_path} writable" in capsys.readouterr().err


def test_health_is_bad_on_a_folder_no_run_can_write_before_any_run(tmp_path: Path, capsys,
                                                                    monkeypatch) -> None:
    # Found by a review: a fresh read-only volume, no database yet. Every run stops at open, and health
    # said "no runs yet", healthy, for ever.
    access = __import__("os").access
    monkeypatch.setattr("bot.state.os.access", lambda path, mode: (
        Path(path).resolve() != tmp_path.resolve() and access(path, mode)))
    with pytest.raises(InputError, match="litbot cannot write its state here"):
        State(tmp_path)
    assert main(["state", "health", "--state", str(tmp_path)]) == 1
    assert f"make {tmp_path} writable" in capsys.readouterr().err
    assert main(["state", "health", "--state", str(tmp_path / "not-yet")]) == 0  # a run would make it


def test_a_linked_database_needs_the_folder_it_lives_in_writable(tmp_path: Path, monkeypatch) -> None:
    # Found by a review: SQLite makes the -wal and -shm beside the file a link points to. That folder
    # not writable, every run (and a look) failed, told to make the folder and the database writable,
    # both of which were.
    from bot.state import unwritable

    home, target = tmp_path / "home", tmp_path / "target"
    home.mkdir()
    _fill(target)
    (home / DB_NAME).symlink_to(target / DB_NAME)
    access = __import__("os").access
    monkeypatch.setattr("bot.state.os.access", lambda path, mode: (
        Path(path).resolve() != target.resolve() and access(path, mode)))
    assert unwritable(home) == [str(target)]
    with pytest.raises(InputError, match=f"make {target} writable"):
        State(home)
    assert main(["state", "show", "--state", str(home), "--json"]) == 0  # a look reads it as it is


def test_a_run_on_a_state_this_user_cannot_write_stops_at_once_naming_the_file(tmp_path: Path,
                                                                              monkeypatch) -> None:
    # SQLite opens a database it may not write read-only without a word: the run failed at its first
    # write, and `serve`, whose start-up check had passed, logged a traceback every cycle.
    _fill(tmp_path)
    access = __import__("os").access
    monkeypatch.setattr("bot.state.os.access", lambda path, mode: (
        not str(path).endswith(DB_NAME) and access(path, mode)))
    with pytest.raises(InputError, match=f"{tmp_path}: litbot cannot write its state here; make {DB_NAME} "
                                         "writable for this user, or pass --state with another folder"):
        State(tmp_path)
    from bot.config import Config
    from bot.pipeline import preflight

    config = Config.model_validate({"list": {"local_path": str(tmp_path / "list.md")}})
    with pytest.raises(InputError, match="cannot write its state here"):
        preflight(config, True, tmp_path)


def test_a_state_folder_litbot_cannot_write_is_named_and_not_called_broken(tmp_path: Path) -> None:
    # "not a litbot state database; move it away" sent people to throw good state out, for a folder
    # that was only not theirs to write (a bind mount owned by another user).
    with State(tmp_path) as st:
        for reason in ("attempt to write a readonly database", "unable to open database file"):
            error = st._open_error(sqlite3.OperationalError(reason))
            assert isinstance(error, InputError) and error.exit_code == 2
            assert "writable" in str(error) and "move it away" not in str(error)
        assert "move it away" in str(st._open_error(sqlite3.DatabaseError("file is not a database")))


def test_show_lists_ten_runs_unless_told_otherwise(tmp_path: Path, capsys) -> None:
    with State(tmp_path) as st:
        for _ in range(12):
            st.finish_run(st.start_run(), "ok", {})
    assert main(["state", "show", "--state", str(tmp_path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["runs"]) == 10
    assert main(["state", "show", "--state", str(tmp_path), "--json", "--runs", "2"]) == 0
    assert len(json.loads(capsys.readouterr().out)["runs"]) == 2
    assert main(["state", "show", "--state", str(tmp_path), "--json", "--runs", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == []
    assert main(["state", "show", "--state", str(tmp_path), "--json", "--runs", "-1"]) == 2
    assert "--runs -1: must be 0" in capsys.readouterr().err


def test_show_counts_proposals_per_status(tmp_path: Path, capsys) -> None:
    _fill(tmp_path)
    with State(tmp_path) as st:
        st.upsert_proposal(Paper(title="Another open one", id="2301.00002"), "open", section="Attacks",
                           branch="litbot/c", pr_number=5, score=0.8)
    assert main(["state", "show", "--state", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["proposal_counts"] == {"merged": 1, "open": 2}
    assert main(["state", "show", "--state", str(tmp_path)]) == 0
    assert "proposals: 1 merged, 2 open" in capsys.readouterr().out


def _row(out: str, word: str) -> list[str]:
    line = next(line for line in out.splitlines() if f" {word} " in line)
    return [cell.strip() for cell in line.split("│")[1:-1]]


def test_show_for_humans_marks_what_is_not_there(tmp_path: Path, capsys, monkeypatch) -> None:
    # No proposals yet says so; runs whose summary lacks the counts (an interrupted run, an older
    # summary) and a proposal without a score show "-"; a long title is cut.
    monkeypatch.setenv("COLUMNS", "300")
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "interrupted", {"proposals": ["an older summary's list"]})
    assert main(["state", "show", "--state", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "proposals: none" in out and _row(out, "interrupted")[4:] == ["-", "-", "-", "-"]
    with State(tmp_path) as st:
        st.upsert_proposal(Paper(title="A" * 95 + "Z", id="2501.00001"), "pending", section="Attacks")
    assert main(["state", "show", "--state", str(tmp_path)]) == 0
    row = _row(capsys.readouterr().out, "pending")
    assert row[3] == "-" and row[6] == "A" * 90


def test_dates_are_shown_in_utc_whatever_the_local_zone(monkeypatch) -> None:
    import time

    from bot.commands.state_cmd import _date

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert _date(0.5) == "1970-01-01 00:00" and _date(None) == "-"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_drop_opens_the_state_for_writing_even_where_a_look_would_only_read(tmp_path: Path, capsys,
                                                                            monkeypatch) -> None:
    import bot.commands.state_cmd as state_cmd

    long_title = "Explanation manipulation GitHub keeps refusing " * 3
    stuck = Paper(title=long_title, id="2301.00001")
    with State(tmp_path) as st:
        st.upsert_proposal(stuck, "pending", section="Attacks")
    monkeypatch.setattr(state_cmd, "unwritable", lambda directory: [DB_NAME])  # a look would only read
    assert main(["state", "drop", stuck.key, "--state", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (f"dropped {stuck.key} ({long_title[:80]}): litbot will not propose "
                                       "it again\n")
    with State(tmp_path) as st:
        assert st.get_proposal(stuck.key).status == "dropped"


def test_show_names_each_arxiv_cursor_by_its_query(tmp_path: Path, capsys) -> None:
    # The cursors read "arxiv:3f9c0a1b2c4d", a hash of the query that said nothing to a maintainer.
    from bot.config import load_config
    from bot.sources.arxiv_api import build_queries

    config_path = tmp_path / "litbot.yaml"
    config_path.write_text("sources:\n  arxiv:\n    categories: [cs.CR]\n"
                           "    queries: ['all:\"saliency\" AND all:\"attack\"']\n", encoding="utf-8")
    queries = build_queries(load_config(str(config_path)))
    with State(tmp_path / "state") as st:
        for q in queries:
            st.set_cursor(q.cursor_name, "2026-11-20T00:00:00")
        st.set_cursor("arxiv:000000000000", "2026-01-01T00:00:00")  # a query the config no longer has
    args = ["state", "show", "--state", str(tmp_path / "state"), "--config", str(config_path)]
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cursor_queries"] == {
        queries[0].cursor_name: "categories", queries[1].cursor_name: 'query all:"saliency" AND all:"attack"'}
    assert main(args) == 0
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())  # rows fold at the test's width
    assert f"{queries[0].cursor_name} (categories)" in out
    assert "arxiv:000000000000 2026-01-01" in out


def test_a_state_damaged_inside_is_one_line_for_check_show_and_run(tmp_path: Path, capsys) -> None:
    # The header reads, a page in the middle does not: `state check`, `state show` and `run` died with
    # "sqlite3.DatabaseError: database disk image is malformed" and a traceback.
    with State(tmp_path) as st:
        st.record_seen([Paper(title=f"Paper {i} on saliency attacks", id=f"2401.{i:05d}",
                              abstract="x" * 400) for i in range(400)])
    db = tmp_path / DB_NAME
    with sqlite3.connect(db) as raw:
        roots = [r for (r,) in raw.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'papers'")]
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    # The first pages of the seen papers' table and its indexes: the file opens, its schema version
    # reads, and SQLite's own check cannot read its way through. (With every table's first pages gone,
    # the check lists the pages it cannot read instead, one line each.)
    for root in roots:
        data[(root - 1) * size : root * size] = bytes(size)
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["state", "check", "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "damaged: database disk image is malformed; restore the folder from a backup" in err
    assert main(["state", "show", "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("litbot: error: the state database is damaged") and "\n" not in err


def test_health_is_bad_only_where_the_last_runs_all_failed(tmp_path: Path, capsys) -> None:
    # A worker whose every cycle failed (a revoked token) logged each and went on: its container looked
    # healthy for weeks.
    assert main(["state", "health", "--state", str(tmp_path / "new")]) == 0  # no run yet: nothing failed
    assert not (tmp_path / "new").exists()
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "ok", {"fetched": 3})
        for _ in range(2):
            st.finish_run(st.start_run(), "failed", {"errors": ["GitHub error (HTTP 401): Bad credentials"]})
        st.finish_run(st.start_run(), "interrupted", {"errors": ["interrupted"]})  # a restart tells nothing
    assert main(["state", "health", "--state", str(tmp_path)]) == 0
    assert main(["state", "health", "--state", str(tmp_path), "--failures", "2"]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith("unhealthy: the last 2 runs failed; the latest: GitHub error (HTTP 401): "
                                "Bad credentials")
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "failed", {"errors": ["x"]})
    assert main(["state", "health", "--state", str(tmp_path)]) == 1


def test_health_is_bad_where_the_last_runs_reached_no_source_or_the_state_cannot_be_written(
        tmp_path: Path, capsys, monkeypatch) -> None:
    # Blocked egress (or a wrong arXiv base_url) recorded "ok" runs with an error per source: a green
    # container that never fetches a paper. A read-only volume failed every cycle without a record.
    down = {"sources": 2, "sources_failed": 2, "errors": ["arxiv categories: HTTP 503", "feed x: HTTP 500"]}
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "ok", {"fetched": 3, "sources": 2, "sources_failed": 0})
        for _ in range(2):
            st.finish_run(st.start_run(), "ok", down)
        st.finish_run(st.start_run(), "ok", {**down, "sources_failed": 1})  # one reached: a working run
    assert main(["state", "health", "--state", str(tmp_path), "--failures", "2"]) == 0
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "failed", {"errors": ["GitHub error (HTTP 502)"]})
        st.finish_run(st.start_run(), "ok", down)
    capsys.readouterr()
    assert main(["state", "health", "--state", str(tmp_path), "--failures", "2"]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "unhealthy: the last 2 runs failed or reached no source; the latest: arxiv categories: HTTP 503")
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "ok", {"fetched": 0, "sources": 0, "sources_failed": 0})  # none set
    assert main(["state", "health", "--state", str(tmp_path), "--failures", "2"]) == 0
    # A run on a read-only database leaves its write-ahead log read-only: made writable again, the
    # database still could not be written, and health said healthy (the failed runs went unrecorded).
    import os

    (tmp_path / "litbot.sqlite-wal").touch()
    access = os.access
    monkeypatch.setattr("bot.state.os.access",
                        lambda path, mode: not str(path).endswith("-wal") and access(path, mode))
    capsys.readouterr()
    assert main(["state", "health", "--state", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "unhealthy: litbot cannot write its state here, so no run can be recorded; make litbot.sqlite-wal "
        "writable for this user")
    # A look still reads that log (an immutable open would ignore it: an older state, or "schema v0").
    from bot.state import can_write

    assert can_write(tmp_path)


def test_health_is_bad_where_the_disk_holding_the_state_is_full(tmp_path: Path, capsys, monkeypatch) -> None:
    # A run that fails on a full disk cannot record its failure: the last recorded runs said healthy
    # while every cycle failed.
    import shutil
    from collections import namedtuple

    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "ok", {"fetched": 3})
    assert main(["state", "health", "--state", str(tmp_path)]) == 0
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 60 * 1024, 60 * 1024))
    capsys.readouterr()
    assert main(["state", "health", "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("unhealthy: the disk holding the state has 60 kB free, under the 16 MB a cycle "
                        "needs to record its papers and run; free some space") and "\n" not in err


def test_runs_lost_to_a_kill_count_as_failed_runs(tmp_path: Path, capsys, monkeypatch) -> None:
    # A worker killed in every cycle (out of memory) records no failure: its runs stay "running" until
    # a later run marks them lost. To its container they are failures as much as "failed" ones are.
    clock = [1_000_000.0]
    monkeypatch.setattr("bot.state.time.time", lambda: clock[0])
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "ok", {"fetched": 3})
        for _ in range(3):
            clock[0] += 3600
            st.start_run()  # killed: never finished
        clock[0] += RUN_LOST_AFTER + 3600
        st.start_run()  # the run going on now, which marks them lost
        assert [r["status"] for r in st.runs()] == ["running", "lost", "lost", "lost", "ok"]
    assert main(["state", "health", "--state", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip().endswith("unhealthy: the last 3 runs failed")


def test_health_refuses_a_count_of_no_failures_in_one_line(tmp_path: Path, capsys) -> None:
    # "--failures 0" would call any state unhealthy and then fail to name the latest failure.
    with State(tmp_path) as st:
        st.finish_run(st.start_run(), "ok", {"fetched": 3})
    with pytest.raises(SystemExit) as exit_:
        main(["state", "health", "--state", str(tmp_path), "--failures", "0"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --failures: '0' is not a whole number of 1 or more" in err and "Traceback" not in err


def test_a_locked_state_is_not_called_damaged(tmp_path: Path, capsys, monkeypatch) -> None:
    # "database is locked" (another run holding it), as any SQLite error after opening, was reported as
    # damage with advice to move the state away: its closed PRs' memory with it.
    monkeypatch.setattr("bot.state.LOCK_TIMEOUT", 0.2)
    _fill(tmp_path)
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["state", "drop", "arxiv:2203.06877", "--state", str(tmp_path)]) in (1, 2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "locked" in err and "damaged" not in err and "move it away" not in err
