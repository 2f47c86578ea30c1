"""litbot's memory: one SQLite database, schema-versioned, every change inside a transaction.

Tables: seen papers (with their last score and section), proposals (PR numbers and outcomes), source
cursors, HTTP validators for conditional GETs, the embedding cache, and a log of runs.

The database is bounded (``prune``, after every cycle): a seen paper that can no longer be proposed
keeps only what identifies it and the hash of its embedded text, and only the vectors the ranker will
read again are kept. It travels with each GitHub Actions run, so its size is a cost every day.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import DAMAGED_ADVICE, CycleBusy, InputError, LitbotError
from bot.fsutil import keep_out_of_git
from bot.paper import Paper

log = logging.getLogger(__name__)

DB_NAME = "litbot.sqlite"
CYCLE_LOCK = "cycle.lock"

# Each entry moves the schema from version i to i+1. Append only; never edit a released step.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE papers (
        key TEXT PRIMARY KEY, title TEXT NOT NULL, data TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
        score REAL, section TEXT, first_seen REAL NOT NULL, last_seen REAL NOT NULL
    );
    CREATE TABLE proposals (
        key TEXT PRIMARY KEY, title TEXT NOT NULL, section TEXT NOT NULL DEFAULT '',
        branch TEXT NOT NULL DEFAULT '', pr_number INTEGER, status TEXT NOT NULL,
        score REAL, data TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL
    );
    CREATE TABLE cursors (source TEXT PRIMARY KEY, value TEXT NOT NULL, updated REAL NOT NULL);
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY, etag TEXT, modified TEXT, updated REAL NOT NULL
    );
    CREATE TABLE embeddings (
        model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, started REAL NOT NULL, finished REAL,
        status TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX proposals_status ON proposals(status);
    CREATE INDEX papers_last_seen ON papers(last_seen);
    """,
    # v2, bounded state: a seen paper keeps the hash of its embedded text, so the ranker finds its
    # vector after ``prune`` has cut the record down to its identity; vectors are float16 (half the
    # bytes; the model runs in bfloat16 where it can, which is coarser still) and dated, so a prune
    # never drops the vectors another process has just cached for papers it has yet to record.
    # A cache row that cannot be read is dropped, not a reason to refuse the whole state.
    """
    ALTER TABLE papers ADD COLUMN text_hash TEXT;
    UPDATE papers SET text_hash = litbot_text_hash(data);
    DELETE FROM embeddings WHERE litbot_float16(vector) IS NULL;
    UPDATE embeddings SET vector = litbot_float16(vector);
    ALTER TABLE embeddings ADD COLUMN added REAL NOT NULL DEFAULT 0;
    """,
    # v3: the score a paper the watchlist dropped would have had, so that a changed watchlist judges
    # again the ones it would now let through (``turned_away``); NULL for every other paper.
    """
    ALTER TABLE papers ADD COLUMN dropped_score REAL;
    """,
    # v4: 1 once a paper reached min_score and was held back, 0 once it was settled (listed, excluded):
    # a held paper stays in the backlog when a re-rank or a raised min_score puts it under, so that it
    # is not cut down (and lost) before a later re-rank or a lowered min_score would propose it.
    """
    ALTER TABLE papers ADD COLUMN held INTEGER;
    """,
    # v5: abstracts arXiv gave for list entries written without one, by entry key ('' where it had none
    # to give, asked again after ENTRY_LOOKUP_RETRY_DAYS): a list of titles ranks far worse than one
    # with abstracts, and each entry is asked for once.
    """
    CREATE TABLE entry_abstracts (key TEXT PRIMARY KEY, abstract TEXT NOT NULL, checked REAL NOT NULL);
    """,
    # v6: no new table, a new proposal status ("listed"). An older litbot would read it as damage (`state
    # check`: "unknown status", failing every Action run at its state check); the version tells it to
    # upgrade instead.
    "",
]
SCHEMA_VERSION = len(MIGRATIONS)
KEEP_RUNS = 1000  # `litbot state show` lists the last 10; a year of daily runs and then some
FULL = "json_extract(data, '$.title') IS NOT NULL"  # a seen paper's whole record, not cut by ``prune``
# How long a seen paper may still be ranked again (``unranked``, ``turned_away``, and ``backlog`` past
# its best ``BACKLOG_LIMIT``); ``prune`` keeps its whole record for as long.
WAITING_DAYS = 60
# The papers a PR cap holds back wait, whatever their age, while they are among this many best: a list
# takes papers months or years old, and each run tells the maintainer they wait for room.
BACKLOG_LIMIT = 200
# The backlog's papers (two parameters: min_score, limit): at or over min_score now, or held back once.
_BEST_WAITING = (f"SELECT key FROM papers WHERE (score >= ? OR held IS 1) AND {FULL} "
                 "AND key NOT IN (SELECT key FROM proposals) ORDER BY score DESC, key LIMIT ?")
# A list entry arXiv had no abstract for (not found, another paper under its id) is asked for again after
# this long: a paper may reach arXiv later.
ENTRY_LOOKUP_RETRY_DAYS = 30
# In an embedding cache key, this marks a model derived for one version of the list (ranking/tuning.py):
# its vectors serve that version's re-runs only, so ``prune`` keeps none of them past a day.
DERIVED_MODEL_MARK = "#"
LOCK_TIMEOUT = 30  # seconds another litbot process may hold the database before we give up
# A run still "running" after this long died without a word (SIGKILL, a lost machine): GitHub ends a
# job at 6 hours, and a cycle over a 25k-paper day takes minutes.
RUN_LOST_AFTER = 6 * 3600

# Proposal lifecycle. "pending" = branch may exist but no PR yet (a crash between the two steps, or
# GitHub refused the PR). "dropped" = a pending one the maintainer told litbot to stop retrying
# (`litbot state drop`): never proposed again, and not a verdict on the paper (no negative feedback).
# "listed" = its PR closed (by litbot, or by a maintainer) and the paper on the list, before or since:
# listed by hand, so no verdict against it either, also once the paper is taken off the list again.
PROPOSAL_STATUSES = ("pending", "open", "merged", "closed", "listed", "dropped")
# The list files a state's list moved out of, and when (bot.pipeline.check_home): its PRs opened there
# before are still its own.
PAST_PATHS_META = "past_list_paths"
REFUSED_META = "refused_branches"  # pending proposals' branches whose PR was refused on the last try


@dataclass
class Proposal:
    key: str
    title: str
    section: str
    branch: str
    pr_number: int | None
    status: str
    score: float | None
    paper: Paper
    created: float
    updated: float


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _data_text_hash(data: str) -> str | None:
    try:
        return text_hash(Paper(**json.loads(data)).text)
    except Exception:  # a record this version cannot read: no background vector for it, then
        return None


def _float16_blob(blob: bytes) -> bytes | None:
    if not isinstance(blob, bytes) or len(blob) % 4:
        return None
    return np.frombuffer(blob, dtype=np.float32).astype(np.float16).tobytes()


def _disk_trouble(exc: BaseException) -> bool:
    """SQLite's words for a full volume (SQLITE_FULL) or a failing one (SQLITE_IOERR)."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "disk is full" in str(exc) or "disk I/O error" in str(exc))


def _chunks(items: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """``items`` in lists of at most 500, each with its "?,?,..." for an IN clause: SQLite caps the
    number of bound parameters."""
    items = list(items)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        yield chunk, ",".join("?" * len(chunk))


def _unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def _identity_data(data: str) -> str:
    """A seen paper's record cut down to what ``split_seen`` matches on: arXiv id and DOI (the title
    stays in its own column), and a published record's venue: judged on its title alone, such a paper
    is judged again when its arXiv copy brings the abstract, and its entry then named the preprint's
    "arXiv" beside the published DOI."""
    paper = json.loads(data)
    keys = ("arxiv_id", "doi") if paper.get("arxiv_id") else ("doi", "venue")
    return json.dumps({k: paper[k] for k in keys if paper.get(k)})


def _paper(data: str, title: str | None = None) -> Paper:
    """A paper from its record; one that does not read (edited by hand, written by a litbot with other
    fields) is a damaged state, named as one, not a traceback."""
    try:
        fields = json.loads(data)
        return Paper(**({"title": title, **fields} if title is not None else fields))
    except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
        raise LitbotError(f"state: the record of {title or str(data)[:60]!r} does not read ({exc}); "
                          f"{DAMAGED_ADVICE}") from exc


def _seen_paper(title: str, data: str) -> Paper:
    """A seen paper from its row, whole or cut down by ``prune`` (then only title, arXiv id, DOI, and a
    published record's venue)."""
    return _paper(data, title)


@dataclass
class PruneReport:
    compacted: int  # seen papers cut down to their identity
    forgotten: int
    vectors_dropped: int
    vacuumed: bool
    expired: int = 0  # of the compacted: papers at or over min_score never proposed, no longer waiting


def _lock_holder(fd: int, tries: int = 5) -> str:
    """Who holds the cycle lock, as its holder wrote it. A holder that took the lock a moment ago may not
    have written its line yet: read again, briefly."""
    for attempt in range(tries):
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if holder:
            # A pid of another pid namespace (a container beside this one) looks gone from here.
            return holder if _alive(holder) else f"{holder}, or a process that could not write over it"
        if attempt + 1 < tries:
            time.sleep(0.05)
    return "a process"


def _alive(holder: str) -> bool:
    """Whether the holder's line may be the current holder's: a holder that opened the file read-only
    cannot write its own line, and the one left there may be a cycle long gone (told by its pid where it
    ran on this host)."""
    m = re.match(r"pid (\d+) on (\S+),", holder)
    if not m or m[2] != socket.gethostname():
        return True
    try:
        os.kill(int(m[1]), 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        pass
    return True


def unwritable(directory: Path, logs: bool = True) -> list[str]:
    """What in ``directory`` this user may not write, of what the state needs: the folder (and, for a
    linked database, the folder it lives in), its database and, with ``logs``, the database's write-ahead
    log and shared memory (a run on a read-only database leaves those read-only too, and the database
    made writable again still could not be written)."""
    db = (directory / DB_NAME).resolve()  # SQLite keeps the -wal beside the file a link points to
    files = [db.with_name(db.name + end) for end in ("", "-wal", "-shm")[: 3 if logs else 1]]
    here = directory.resolve()
    folders = [directory] + ([db.parent] if db.parent != here else [])
    return [str(p) if p in folders or p.parent != here else p.name for p in [*folders, *files]
            if (p in folders or p.exists()) and not os.access(p, os.W_OK)]


def can_write(directory: Path) -> bool:
    """Whether this user may write the folder and its database if any: where not, no -shm can be made
    beside the database and a look reads it without one (``State._look``)."""
    return not unwritable(directory, logs=False)


class State:
    """A handle on the state database. Use as a context manager or call ``close``."""

    def __init__(self, directory: str | Path, readonly: bool = False):
        """``readonly``: only read an existing database, changing nothing (not even migrating it), for
        looking at a state folder litbot may not write to."""
        self.dir = Path(directory)
        created = not self.dir.exists()
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            # The directory comes from --state or state.dir: a path the user gave, so a usage error.
            raise InputError(f"state dir {self.dir}: cannot create it ({exc.strerror}); "
                             "give the path of a folder") from None
        if created:
            with contextlib.suppress(OSError):
                keep_out_of_git(self.dir, "its state (a database, a tuned model)")
        self.path = self.dir / DB_NAME
        self._copy: tempfile.TemporaryDirectory[str] | None = None  # where a look reads a copy
        self._unread_log = 0  # bytes of write-ahead log a look could not read
        # SQLite opens a database it may not write read-only without a word: the run then failed at its
        # first write, and `serve` logged a traceback every cycle. (Without a database, a -wal left over
        # is SQLite's to discard.)
        if not readonly and (blocked := unwritable(self.dir, logs=self.path.exists())):
            raise self._unwritable_error(blocked, "")
        if not readonly and self.path.is_file() and self.path.stat().st_size == 0:
            # SQLite takes an empty file for a new database: say so, as `state check` refuses it.
            log.warning("%s is empty: starting a new state (what an earlier one held and GitHub does not, "
                        "such as dropped papers, is gone)", self.path)
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            db = None
            try:
                if readonly:
                    db = self.db = self._look()
                else:
                    db = self.db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
                db.create_function("litbot_text_hash", 1, _data_text_hash, deterministic=True)
                db.create_function("litbot_title_hash", 1, text_hash, deterministic=True)
                db.create_function("litbot_float16", 1, _float16_blob, deterministic=True)
                db.create_function("litbot_identity", 1, _identity_data, deterministic=True)
                if readonly:
                    self._check_readable()
                    break
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
                break
            except sqlite3.DatabaseError as exc:
                if db is not None:
                    db.close()
                # Two processes opening a new database race for the switch to WAL, which SQLite
                # reports as "locked" at once instead of waiting: wait, then try again.
                locked = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
                if not locked or time.monotonic() > deadline:
                    raise self._open_error(exc) from None
                time.sleep(0.05)
        self._depth = 0

    def _open_error(self, exc: sqlite3.DatabaseError) -> LitbotError:
        if "locked" in str(exc):
            return LitbotError(f"{self.path}: locked by another process for {LOCK_TIMEOUT}s; try again")
        if "readonly" in str(exc) or "unable to open" in str(exc):
            # Not the database's fault: "move it away" would throw good state out.
            return self._unwritable_error(unwritable(self.dir), f" ({exc})")
        if _disk_trouble(exc):
            return self._disk_error(exc)
        if "malformed" in str(exc):
            return LitbotError(f"{self.path}: damaged ({exc}); {DAMAGED_ADVICE}")
        return LitbotError(f"{self.path}: not a litbot state database ({exc}); move it away to start fresh")

    def _unwritable_error(self, blocked: list[str], why: str) -> InputError:
        what = ", ".join(blocked) or f"the folder and {DB_NAME}"
        return InputError(f"{self.dir}: litbot cannot write its state here{why}; make {what} writable for "
                          "this user, or pass --state with another folder")

    def _look(self) -> sqlite3.Connection:
        """A read-only connection. Where this user may not write, no -shm can be made beside the file, so
        it is read as it is (immutable), unless a write-ahead log holds what a running or killed worker
        has not yet copied into it: an immutable read shows the state as it was before that log (hours
        of runs, or no tables at all). The log is then read through the -shm a running worker keeps
        (only read: one this look made, as this user, would lock the worker out), or, with none there
        (a killed worker's), from a private copy of the database and its log."""
        real = self.path.resolve()  # SQLite keeps the -wal beside the file a link points to
        uri = f"{real.as_uri()}?mode=ro"
        wal = real.with_name(real.name + "-wal")
        pending = wal.stat().st_size if wal.is_file() else 0

        def connect(uri: str) -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT, isolation_level=None)

        if can_write(self.dir):
            return connect(uri)
        if not pending:
            return connect(f"{uri}&immutable=1")
        db = connect(f"{uri}&readonly_shm=1")
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if "readonly" not in str(exc) and "unable to open" not in str(exc):
                raise
        try:
            self._copy = tempfile.TemporaryDirectory(prefix="litbot-look-")
            copy = Path(self._copy.name) / DB_NAME
            shutil.copyfile(real, copy)
            shutil.copyfile(wal, copy.with_name(DB_NAME + "-wal"))
        except OSError as exc:
            log.warning("%s: read without its write-ahead log (%d bytes; %s): the latest runs' changes are "
                        "not shown", self.path, pending, exc.strerror)
            self._unread_log = pending
            return connect(f"{uri}&immutable=1")
        return connect(f"{copy.as_uri()}?mode=ro")

    def _disk_error(self, exc: BaseException) -> LitbotError:
        # Not the database's fault either: it reads again once there is room (a full volume made litbot
        # advise moving good state away, and a write mid-cycle ended in a traceback).
        return LitbotError(f"{self.path}: the disk is full or failing ({exc}); free space on its volume, or "
                           "mend it, and run again: what was written before is kept")

    def _check_readable(self) -> None:
        """A read-only look needs the schema this litbot knows; migrating would write."""
        version = self._version()
        if version != SCHEMA_VERSION and self._unread_log:
            raise LitbotError(f"{self.path}: what it holds is in its write-ahead log, which this user could "
                              "not read; look as the user litbot runs as")
        if version != SCHEMA_VERSION:
            raise LitbotError(f"{self.path}: state schema v{version}, this litbot reads v{SCHEMA_VERSION}; "
                              "run litbot where it can write the folder, to migrate it")

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
        if self._copy is not None:
            self._copy.cleanup()

    # -- schema -------------------------------------------------------------------------------

    def _version(self) -> int:
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if not has_meta:
            return 0
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        try:
            return int(row[0]) if row else 0
        except ValueError:
            raise LitbotError(f"{self.path}: schema_version {row[0]!r} is no number; "
                              f"{DAMAGED_ADVICE}") from None

    def _migrate(self) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise LitbotError(
                f"{self.path}: state schema v{version} is newer than this litbot (v{SCHEMA_VERSION}); upgrade"
            )
        for step in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                # Re-read under the write lock: another process (a cron run beside `serve`) may have
                # applied this step while we waited for it.
                if self._version() > step:
                    self.db.execute("COMMIT")
                    continue
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(step + 1),)
                )
                self.db.execute("COMMIT")
            except BaseException:
                # SQLite has rolled back already on a full disk or an I/O error: a second ROLLBACK raised
                # "no transaction is active" in its place, read as a state that is no litbot's, and the
                # advice to move it away threw out an intact state.
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return self._version()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all. Nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        try:
            # Inside the try: an interrupt (SIGTERM during `litbot run`) raised the moment BEGIN returns,
            # after waiting for another process's lock, must not leave the transaction open.
            self.db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if _disk_trouble(exc):
                raise self._disk_error(exc) from None
            raise
        finally:
            self._depth = 0

    @contextmanager
    def cycle_lock(self) -> Iterator[None]:
        """Hold the state folder for one writing cycle; raise CycleBusy if another process holds it.

        SQLite keeps each write sound, but two workers on one folder (a second container on the same
        volume, a cron `litbot run` beside `serve`) would fetch, rank and open the same PRs twice. The
        kernel drops a flock when its holder dies, so a killed cycle leaves no stale lock behind.
        """
        path = self.dir / CYCLE_LOCK
        try:
            # 0o666 under the umask: a lock file made by another user of the folder (root once, by hand)
            # must not lock this one out.
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            try:  # flock needs no write access: only the holder's line is not written
                fd = os.open(path, os.O_RDONLY)
            except OSError as exc:
                raise InputError(f"{path}: litbot cannot open its lock file ({exc.strerror}); give this "
                                 "user access to it, or remove it (no cycle is holding it)") from None
        except OSError as exc:
            raise InputError(f"{path}: litbot cannot write its lock file ({exc.strerror}); make the folder "
                             "writable for this user, or pass --state with another folder") from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _lock_holder(fd)
                raise CycleBusy(f"{self.dir}: another litbot cycle is running on this state ({holder}); "
                                "this one is skipped. Give each worker its own state folder") from None
            except OSError as exc:
                # A volume that cannot lock (NFS without lockd, some FUSE mounts): cycles ran there before
                # the lock, and still do, unguarded.
                log.warning("%s: this file system cannot lock files (%s); the cycle runs without the lock "
                            "that keeps two cycles on one state apart: give each worker its own state folder",
                            path, exc.strerror)
                yield
                return
            # Who holds it, for the message a second cycle gives.
            since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
            line = f"pid {os.getpid()} on {socket.gethostname()}, since {since}".encode()
            with contextlib.suppress(OSError):  # opened read-only
                # Written, then cut to length: the file is never empty while a holder has its say.
                os.pwrite(fd, line, 0)
                os.ftruncate(fd, len(line))
            yield
        finally:
            os.close(fd)  # releases the lock

    # -- cursors and HTTP validators ---------------------------------------------------------

    def get_cursor(self, source: str) -> str | None:
        row = self.db.execute("SELECT value FROM cursors WHERE source=?", (source,)).fetchone()
        return row[0] if row else None

    def set_cursor(self, source: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO cursors(source, value, updated) VALUES (?, ?, ?)",
                (source, value, time.time()),
            )

    def cursors(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT source, value FROM cursors ORDER BY source"))

    def get_http_cache(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, modified FROM http_cache WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_http_cache(self, url: str, etag: str | None, modified: str | None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO http_cache(url, etag, modified, updated) VALUES (?, ?, ?, ?)",
                (url, etag, modified, time.time()),
            )

    # -- seen papers --------------------------------------------------------------------------

    def record_seen(
        self,
        papers: Iterable[Paper],
        scores: dict[str, float] | None = None,
        sections: dict[str, str] | None = None,
        dropped_scores: dict[str, float] | None = None,
        held: dict[str, bool] | None = None,
    ) -> None:
        """``dropped_scores``: for papers the watchlist dropped (recorded at score 0), the score they
        would have had; a paper scored again without one is no longer dropped. ``held``: True for a
        paper that reached min_score (it waits in the backlog until it is proposed or settled, whatever
        its later scores), False for one that is settled; a paper left out keeps what it had."""
        scores, sections, now = scores or {}, sections or {}, time.time()
        dropped_scores, held = dropped_scores or {}, held or {}
        with self.transaction() as db:
            for p in papers:
                db.execute(
                    """INSERT INTO papers(key, title, data, source, score, section, first_seen, last_seen,
                                          text_hash, dropped_score, held)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(key) DO UPDATE SET last_seen=excluded.last_seen, data=excluded.data,
                         score=COALESCE(excluded.score, papers.score),
                         section=COALESCE(excluded.section, papers.section),
                         text_hash=excluded.text_hash,
                         dropped_score=CASE WHEN excluded.score IS NULL THEN papers.dropped_score
                                            ELSE excluded.dropped_score END,
                         held=COALESCE(excluded.held, papers.held)""",
                    (p.key, p.title, json.dumps(p.to_dict()), p.source, scores.get(p.key),
                     sections.get(p.key), now, now, text_hash(p.text), dropped_scores.get(p.key),
                     None if p.key not in held else int(held[p.key])),
                )

    def unranked(self, max_age_days: float = WAITING_DAYS, limit: int = 25000) -> list[Paper]:
        """Papers recorded as seen but never scored, newest first.

        `litbot fetch` records what it outputs and moves the cursors; without this, a later `litbot run`
        would skip those papers as seen and never rank them.
        """
        rows = self.db.execute(
            f"""SELECT data FROM papers WHERE score IS NULL AND first_seen >= ? AND {FULL}
               AND key NOT IN (SELECT key FROM proposals) ORDER BY first_seen DESC LIMIT ?""",
            (time.time() - max_age_days * 86400, limit),
        )
        return [_paper(r[0]) for r in rows]

    def judged_on_title(self, keys: Iterable[str]) -> list[Paper]:
        """Of these seen papers, the ones judged on their title alone (a feed without abstracts) and
        never proposed nor settled (listed: score 0), as state has them (maybe cut down). A paper the
        watchlist dropped counts: a must term is usually in the abstract the title lacked."""
        found = []
        for chunk, marks in _chunks(keys):
            found += [_seen_paper(title, data) for title, data in self.db.execute(
                f"""SELECT title, data FROM papers WHERE key IN ({marks})
                   AND (score > 0 OR dropped_score IS NOT NULL)
                   AND text_hash = litbot_title_hash(title) AND key NOT IN (SELECT key FROM proposals)""",
                chunk)]
        return found

    def touch_seen(self, keys: Iterable[str]) -> None:
        """Note that these seen papers were served again: ``prune`` forgets by the last sighting."""
        now = time.time()
        with self.transaction() as db:
            for chunk, marks in _chunks(keys):
                db.execute(f"UPDATE papers SET last_seen = ? WHERE key IN ({marks})", (now, *chunk))

    def is_seen(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM papers WHERE key=?", (key,)).fetchone() is not None

    def seen_keys(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT key FROM papers")}

    def seen_papers(self, limit: int = 20000) -> list[Paper]:
        """The most recently seen papers, newest first. Pruned ones carry only their identity (title,
        arXiv id, DOI): what de-duplication needs."""
        rows = self.db.execute(
            "SELECT title, data FROM papers ORDER BY last_seen DESC LIMIT ?", (limit,))
        return [_seen_paper(title, data) for title, data in rows]

    def background(self, model: str, limit: int, titles: bool = False) -> tuple[list[Paper], np.ndarray]:
        """The ranker's unlabeled background: the newest ``limit`` seen papers with a vector cached
        under ``model`` (a paper embedded by another model is left out, not re-encoded), as identity
        records, and their vectors: of their title and abstract, or with ``titles`` of their title."""
        hashed = "litbot_title_hash(p.title)" if titles else "p.text_hash"
        rows = self.db.execute(
            f"""SELECT p.title, p.data, e.vector FROM papers p
               JOIN embeddings e ON e.model = ? AND e.text_hash = {hashed}
               ORDER BY p.last_seen DESC LIMIT ?""",
            (model, limit),
        ).fetchall()
        papers = [_seen_paper(title, data) for title, data, _ in rows]
        vectors = [_unpack(blob) for _, _, blob in rows]
        return papers, (np.stack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32))

    def turned_away(self, min_score: float, max_age_days: float = WAITING_DAYS,
                    limit: int = 200) -> list[Paper]:
        """Papers the watchlist dropped that would have scored at least ``min_score`` without it, best
        first, dropped lately and never proposed: what a changed watchlist may now let through. Lately
        by the last sighting: one waiting for months, dropped in the last run, counts."""
        rows = self.db.execute(
            f"""SELECT data FROM papers WHERE dropped_score >= ? AND last_seen >= ? AND {FULL}
               AND key NOT IN (SELECT key FROM proposals) ORDER BY dropped_score DESC LIMIT ?""",
            (min_score, time.time() - max_age_days * 86400, limit),
        )
        return [_paper(r[0]) for r in rows]

    def cut_down_between(self, low: float, high: float, max_age_days: float = WAITING_DAYS) -> list[Paper]:
        """The papers seen lately that scored in [low, high), were never proposed, and keep only their
        identity (title, arXiv id, DOI), best first: what a threshold lowered from ``high`` to ``low``
        cannot rank again from state."""
        rows = self.db.execute(
            f"""SELECT title, data FROM papers WHERE score >= ? AND score < ? AND last_seen >= ?
               AND NOT {FULL} AND key NOT IN (SELECT key FROM proposals) ORDER BY score DESC, key""",
            (low, high, time.time() - max_age_days * 86400))
        return [_seen_paper(title, data) for title, data in rows]

    # -- abstracts of list entries ---------------------------------------------------------------

    def entry_abstracts(self, keys: Iterable[str]) -> dict[str, str]:
        """The abstracts found for these list entries (by entry key), where one was found."""
        found: dict[str, str] = {}
        for chunk, marks in _chunks(keys):
            found.update(self.db.execute(f"SELECT key, abstract FROM entry_abstracts WHERE key IN ({marks}) "
                                         "AND abstract != ''", chunk))
        return found

    def entries_to_look_up(self, keys: Iterable[str]) -> set[str]:
        """Of these list entries, the ones never asked for, or asked for in vain over
        ``ENTRY_LOOKUP_RETRY_DAYS`` ago."""
        keys, asked = list(keys), set()
        retry_before = time.time() - ENTRY_LOOKUP_RETRY_DAYS * 86400
        for chunk, marks in _chunks(keys):
            asked.update(k for (k,) in self.db.execute(
                f"""SELECT key FROM entry_abstracts WHERE key IN ({marks})
                    AND (abstract != '' OR checked >= ?)""", (*chunk, retry_before)))
        return {k for k in keys if k not in asked}

    def record_entry_abstracts(self, abstracts: dict[str, str]) -> None:
        """What arXiv said of these list entries: an abstract, or '' for none."""
        now = time.time()
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO entry_abstracts(key, abstract, checked) VALUES (?, ?, ?)",
                           [(k, a, now) for k, a in abstracts.items()])

    def forget_entry_abstracts(self, listed: Iterable[str]) -> int:
        """Drop what was found for entries no longer on the list (``listed``: the keys of its entries,
        all of them); returns how many. A run's list only: `rank` may read any list from this state."""
        gone = {k for (k,) in self.db.execute("SELECT key FROM entry_abstracts")} - set(listed)
        with self.transaction() as db:
            db.executemany("DELETE FROM entry_abstracts WHERE key = ?", [(k,) for k in gone])
        return len(gone)

    def refused_branches(self) -> set[str]:
        """Branches of pending proposals whose PR GitHub (or the list) refused on the last try."""
        return set(json.loads(self.get_meta(REFUSED_META) or "[]"))

    def mark_refused(self, branch: str, refused: bool = True) -> None:
        """Note (or, ``refused`` False, clear) that the PR for ``branch`` was refused; pending proposals
        no longer on such a branch are cleared with it."""
        pending = {p.branch for p in self.proposals("pending")}
        branches = {b for b in self.refused_branches() if b in pending} - {branch}
        if refused:
            branches.add(branch)
        self.set_meta(REFUSED_META, json.dumps(sorted(branches)))

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def past_list_paths(self) -> dict[str, float]:
        """The list files this state's list moved out of, with when it left each (``PAST_PATHS_META``);
        none where unreadable."""
        try:
            paths = json.loads(self.get_meta(PAST_PATHS_META) or "{}")
        except json.JSONDecodeError:
            return {}
        if not isinstance(paths, dict):
            return {}
        return {p: float(t) for p, t in paths.items() if isinstance(p, str) and isinstance(t, int | float)}

    def add_past_list_path(self, path: str) -> None:
        """The list has left ``path`` now (the last time, where it had come back to it since)."""
        paths = self.past_list_paths()
        paths[path] = time.time()
        self.set_meta(PAST_PATHS_META, json.dumps(paths, sort_keys=True))

    def backlog(self, min_score: float, limit: int = BACKLOG_LIMIT) -> list[Paper]:
        """The best ``limit`` papers at or over ``min_score`` or held back once (by a PR cap) and never
        proposed, of any age: ``prune`` keeps their whole records. A held paper stays when a re-rank
        or a raised ``min_score`` puts it under, and comes back when a later one puts it over.

        Sources drop papers they have seen, so without this a paper cut by ``max_new_prs_per_run``
        would be lost for good.
        """
        rows = self.db.execute(
            f"SELECT data FROM papers WHERE key IN ({_BEST_WAITING}) ORDER BY score DESC",
            (min_score, limit),
        )
        return [_paper(r[0]) for r in rows]

    def seen_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]

    # -- embedding cache ----------------------------------------------------------------------

    def get_embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk, marks in _chunks(hashes):
            for h, blob in self.db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model=? AND text_hash IN ({marks})",
                (model, *chunk),
            ):
                found[h] = _unpack(blob)
        return found

    def put_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        now = time.time()
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings(model, text_hash, vector, added) VALUES (?, ?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float16).tobytes(), now) for h, v in vectors.items()],
            )

    # -- size ---------------------------------------------------------------------------------

    def prune(
        self, keep_recent: int, min_score: float, keep_texts: Iterable[str] = (),
        max_age_days: float = WAITING_DAYS, forget_after_days: float = 0, backlog_limit: int = BACKLOG_LIMIT,
    ) -> PruneReport:
        """Keep the database bounded; run after a cycle has recorded what it saw.

        * Full records stay for papers that may still be ranked again: ``unranked`` ones first seen and
          ``turned_away`` ones last seen within ``max_age_days``, and ``backlog`` ones (at least
          ``min_score``, or held back once) seen within it or among the best ``backlog_limit`` of any
          age. Every other seen paper keeps its key, title, arXiv id, DOI, dates, score and text hash:
          enough never to see it as new again.
        * Vectors of a paper's text stay for the newest ``keep_recent`` seen papers (the ranker's
          background), the papers that keep full records, the proposals, and ``keep_texts`` (the
          list's entries, so they are not re-embedded every run); the others (of titles alone too,
          which the ranker reads only on a day with a candidate lacking its abstract), and every
          vector of a derived model (``DERIVED_MODEL_MARK``), are dropped once they are a day old.
        * With ``forget_after_days``, a cut-down paper not seen (nor served again, ``touch_seen``) for
          that long is deleted; one that was ever proposed never is (closed PRs must stay closed, by
          any identity of the paper).
        * The log of runs keeps its newest ``KEEP_RUNS`` (a `serve` worker adds one every cycle).
        * The file is rebuilt (VACUUM) once a quarter of it is freed space, so it shrinks on disk.
        """
        cutoff = time.time() - max_age_days * 86400
        # What backlog, unranked and turned_away read.
        waiting = ("((first_seen >= ? AND (score IS NULL OR score >= ? OR held IS 1)) "
                   "OR (last_seen >= ? AND IFNULL(dropped_score, -1) >= ?) "
                   f"OR key IN ({_BEST_WAITING}))")
        keep_hashes = {text_hash(t) for t in keep_texts} | {
            _data_text_hash(d) for (d,) in self.db.execute("SELECT data FROM proposals")} - {None}
        with self.transaction() as db:
            done = f"{FULL} AND NOT ({waiting})"
            args = (cutoff, min_score, cutoff, min_score, min_score, backlog_limit)
            # What cutting them down frees, and how many of them were still worth proposing (waited past
            # max_age_days outside the best backlog_limit): one pass over what is cut.
            freed, expired = db.execute(
                "SELECT COALESCE(SUM(length(data) - length(litbot_identity(data))), 0), "
                "COUNT(CASE WHEN score >= ? AND key NOT IN (SELECT key FROM proposals) THEN 1 END) "
                f"FROM papers WHERE {done}", (min_score, *args)).fetchone()
            compacted = db.execute("UPDATE papers SET data = litbot_identity(data), source = '', "
                                   f"section = NULL WHERE {done}", args).rowcount
            forgotten = 0
            if forget_after_days:
                stale = (f"FROM papers WHERE NOT {FULL} AND last_seen < ? "
                         "AND key NOT IN (SELECT key FROM proposals)")
                since = (time.time() - forget_after_days * 86400,)
                # A row's bytes, roughly: the row, and its key and date in the two indexes.
                freed += db.execute(f"SELECT COALESCE(SUM(2 * length(key) + length(title) + length(data) "
                                    f"+ 80), 0) {stale}", since).fetchone()[0]
                forgotten = db.execute(f"DELETE {stale}", since).rowcount
            db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_vectors (text_hash TEXT PRIMARY KEY)")
            db.execute("DELETE FROM keep_vectors")
            # Never a NULL in there: "x NOT IN (..., NULL)" is never true, and nothing would be dropped.
            hashed = ("INSERT OR IGNORE INTO keep_vectors SELECT text_hash FROM papers "
                      "WHERE text_hash IS NOT NULL")
            db.execute(f"{hashed} AND key IN (SELECT key FROM papers ORDER BY last_seen DESC LIMIT ?)",
                       (keep_recent,))
            db.execute(f"{hashed} AND {waiting}", args)
            db.executemany("INSERT OR IGNORE INTO keep_vectors VALUES (?)", [(h,) for h in keep_hashes])
            # Vectors cached in the last day stay: another process (`serve` beside a cron `run`) may
            # be between ranking its candidates and recording them.
            unread = ("FROM embeddings WHERE added < ? AND (instr(model, ?) > 0 "
                      "OR text_hash NOT IN (SELECT text_hash FROM keep_vectors))")
            unread_args = (time.time() - 86400, DERIVED_MODEL_MARK)
            freed += db.execute(f"SELECT COALESCE(SUM(length(vector) + length(model) + 40), 0) {unread}",
                                unread_args).fetchone()[0]
            dropped = db.execute(f"DELETE {unread}", unread_args).rowcount
            db.execute("DELETE FROM keep_vectors")
            db.execute("DELETE FROM runs WHERE id <= (SELECT MAX(id) FROM runs) - ?", (KEEP_RUNS,))
        return PruneReport(compacted, forgotten, dropped, self._vacuum_when_worth_it(freed), expired)

    def _vacuum_when_worth_it(self, freed: int) -> bool:
        """Space freed inside pages is not given back to the file (nor reused by rows with newer keys):
        rebuild the file once the space freed since the last rebuild is a quarter of it."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key='freed_bytes'").fetchone()
            freed += int(row[0]) if row else 0
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('freed_bytes', ?)", (str(freed),))
        if freed * 4 < self.size_bytes():
            return False
        try:
            self.db.execute("VACUUM")
        except sqlite3.OperationalError:  # another process is reading: the next prune tries again
            return False
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('freed_bytes', '0')")
        return True

    def size_bytes(self) -> int:
        """The database's size (pages in use or free; the file once the write-ahead log is folded in)."""
        return int(self.db.execute("PRAGMA page_count").fetchone()[0]
                   * self.db.execute("PRAGMA page_size").fetchone()[0])

    # -- proposals ----------------------------------------------------------------------------

    def upsert_proposal(
        self,
        paper: Paper,
        status: str,
        section: str = "",
        branch: str = "",
        pr_number: int | None = None,
        score: float | None = None,
    ) -> None:
        if status not in PROPOSAL_STATUSES:
            raise ValueError(f"unknown proposal status {status!r}")
        now = time.time()
        with self.transaction() as db:
            db.execute(
                """INSERT INTO proposals(key, title, section, branch, pr_number, status, score, data,
                                         created, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(key) DO UPDATE SET title=excluded.title, section=excluded.section,
                     branch=excluded.branch, pr_number=COALESCE(excluded.pr_number, proposals.pr_number),
                     status=excluded.status, score=COALESCE(excluded.score, proposals.score),
                     data=excluded.data, updated=excluded.updated""",
                (paper.key, paper.title, section, branch, pr_number, status, score,
                 json.dumps(paper.to_dict()), now, now),
            )

    def set_proposal_status(self, key: str, status: str, pr_number: int | None = None) -> None:
        if status not in PROPOSAL_STATUSES:
            raise ValueError(f"unknown proposal status {status!r}")
        with self.transaction() as db:
            db.execute(
                "UPDATE proposals SET status=?, pr_number=COALESCE(?, pr_number), updated=? WHERE key=?",
                (status, pr_number, time.time(), key),
            )

    def delete_proposal(self, key: str) -> None:
        """Forget a proposal that never became a PR (e.g. the paper got listed by hand meanwhile)."""
        with self.transaction() as db:
            db.execute("DELETE FROM proposals WHERE key=? AND status='pending' AND pr_number IS NULL", (key,))

    def forget_proposal(self, key: str) -> None:
        """Forget a proposal that was never this state's (another list's PR, taken for this one's)."""
        with self.transaction() as db:
            db.execute("DELETE FROM proposals WHERE key=?", (key,))

    def drop_proposal(self, key: str) -> Proposal:
        """Stop retrying a pending proposal; InputError naming the way out if it is not pending."""
        if key[:4].lower() == "doi:":  # as a PR body shows it; keys hold DOIs lower-cased
            key = key.lower()
        prop = self.get_proposal(key)
        if prop is None:
            raise InputError(f"no proposal for {key!r}; `litbot state show --json` lists the keys")
        if prop.status != "pending":
            what = f"PR #{prop.pr_number}" if prop.pr_number else "its PR"
            raise InputError(
                f"{key} is {prop.status}, not pending; only pending proposals can be dropped"
                + (f" (close {what} on GitHub instead)" if prop.status == "open" else "")
            )
        self.set_proposal_status(key, "dropped")
        return prop

    def get_proposal(self, key: str) -> Proposal | None:
        row = self.db.execute("SELECT * FROM proposals WHERE key=?", (key,)).fetchone()
        return self._proposal(row) if row else None

    def proposals(self, status: str | None = None) -> list[Proposal]:
        if status:
            rows = self.db.execute("SELECT * FROM proposals WHERE status=? ORDER BY created", (status,))
        else:
            rows = self.db.execute("SELECT * FROM proposals ORDER BY created")
        return [self._proposal(r) for r in rows]

    def feedback(self) -> tuple[list[Paper], list[Paper]]:
        """Maintainers' verdicts: merged PRs (their entries on the list are the positives) and closed ones
        (negatives); a paper listed by hand while its PR was open is neither."""
        pos, neg = [], []
        for status, data in self.db.execute(
            "SELECT status, data FROM proposals WHERE status IN ('merged', 'closed')"
        ):
            (pos if status == "merged" else neg).append(_paper(data))
        return pos, neg

    @staticmethod
    def _proposal(row: tuple[Any, ...]) -> Proposal:
        key, title, section, branch, pr_number, status, score, data, created, updated = row
        return Proposal(key, title, section, branch, pr_number, status, score,
                        _paper(data, title), created, updated)

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self) -> int:
        """A new run's record. Older runs still "running" long past any real run's length are marked
        "lost": their process was killed before it could record how it ended."""
        now = time.time()
        with self.transaction() as db:
            db.execute("UPDATE runs SET status='lost' WHERE status='running' AND started < ?",
                       (now - RUN_LOST_AFTER,))
            cur = db.execute("INSERT INTO runs(started, status) VALUES (?, 'running')", (now,))
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished=?, status=?, summary=? WHERE id=?",
                (time.time(), status, json.dumps(summary), run_id),
            )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, started, finished, status, summary FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [
            {"id": r[0], "started": r[1], "finished": r[2], "status": r[3], "summary": json.loads(r[4])}
            for r in rows
        ]

    # -- integrity ----------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Empty when the database is sound: SQLite's own check plus litbot's invariants."""
        try:
            problems = [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        except sqlite3.DatabaseError as exc:  # damaged where SQLite's own check must read
            return [f"damaged: {exc}; {DAMAGED_ADVICE}"]
        if problems:
            return problems  # litbot's checks below would read the damaged pages
        if self.schema_version != SCHEMA_VERSION:
            problems.append(f"schema version {self.schema_version} != {SCHEMA_VERSION}")
        marks = ",".join("?" * len(PROPOSAL_STATUSES))
        bad = self.db.execute(
            f"SELECT key, status FROM proposals WHERE status NOT IN ({marks})", PROPOSAL_STATUSES
        ).fetchall()
        problems += [f"proposal {k}: unknown status {s!r}" for k, s in bad]
        for key, pr in self.db.execute(
            "SELECT key, pr_number FROM proposals WHERE status IN ('open','merged','closed','listed')"
        ):
            if pr is None:
                problems.append(f"proposal {key}: status without a PR number")
        # A digest PR carries several papers, all on its one branch; two branches sharing a PR cannot be.
        dup = self.db.execute(
            "SELECT pr_number, COUNT(DISTINCT branch) FROM proposals WHERE pr_number IS NOT NULL "
            "GROUP BY pr_number HAVING COUNT(DISTINCT branch) > 1"
        ).fetchall()
        problems += [f"PR #{n} recorded on {c} different branches" for n, c in dup]
        # Records a run reads whole: one that does not read (edited by hand) fails every run after.
        for table, title in (("proposals", "NULL"), ("papers", "title")):
            for key, data, named in self.db.execute(f"SELECT key, data, {title} FROM {table}"):
                try:
                    _paper(data, named)
                except LitbotError as exc:
                    problems.append(f"{table} {key}: its record does not read ({exc.__cause__})")
        for key in ("min_score",):  # recall.MIN_SCORE_META: read as a number every run
            value = self.get_meta(key)
            try:
                float(value) if value is not None else None
            except ValueError:
                problems.append(f"meta {key}: {value!r} is no number")
        for run_id, summary in self.db.execute("SELECT id, summary FROM runs"):
            try:
                json.loads(summary)
            except ValueError:
                problems.append(f"run {run_id}: its summary is no JSON")
        return problems
