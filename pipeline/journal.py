"""The run's durable journal (SQLite, WAL): one record per seed, every call, and a replay cache.

A record and its calls are committed in one transaction, so after a crash a seed either has its
final record or none, and a resumed run redoes only the seeds without one. Inside a running job,
records are group-committed: every record (and replay-cache row) staged within a few milliseconds
shares one transaction, and the worker that staged a record waits for that commit before counting
it, so "done" still means "on disk" at a fraction of the cost (benchmarks/results/journal.md).
"""
from __future__ import annotations

import asyncio
import contextvars
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from assay.errors import AssayError, RunStateError, UsageError
from assay.records import Record
from assay.secrets import redact

FORMAT_VERSION = "1"
FILENAME = "journal.sqlite"
RUN_ID = "run_id"  # meta key: the run's identity, also in the run directory's manifest

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seed_id TEXT PRIMARY KEY, ord INTEGER NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, body TEXT NOT NULL, seed_id TEXT);
CREATE TABLE IF NOT EXISTS metrics (t REAL NOT NULL, endpoint TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_ord ON records(ord);
"""
# A replay-cache row belongs to the seed whose episode made the call: the transaction that commits the seed's
# record deletes its rows. (Journals from before the column get it, empty, when a run opens them.)
_CACHE_OWNER = "CREATE INDEX IF NOT EXISTS cache_seed ON cache(seed_id)"
# Every call, one row each: a view over the calls inside each record's body (they are committed with it), so
# a call is serialised and written once. Journals from before the view keep their calls table and get rows.
_CALLS_VIEW = """
CREATE VIEW calls AS SELECT records.seed_id AS seed_id, json_extract(c.value, '$.role') AS role, c.value AS body
FROM records, json_each(records.body, '$.calls') AS c;
"""


def not_a_journal(path: Path, *, reading: bool = False) -> AssayError:
    """The error for a journal.sqlite that assay did not write (it is never written into, never deleted)."""
    what = "empty" if path.is_file() and path.stat().st_size == 0 else "not an assay journal"
    if reading:  # report and export read a run: a wrong RUN argument is bad input
        return UsageError(f"{path.parent}: not an assay run directory ({path.name} is missing or {what}); "
                          "pass a directory written by `assay run`")
    return RunStateError(f"{path} is {what}; assay never writes into or deletes a file it did not create. "
                         "Choose another --out (or move that file away)")


def identify(path: Path) -> tuple[str, str | None] | None:
    """(format version, run id) when `path` is an assay journal, else None; read without writing a byte.

    Recognised by assay's own schema: a meta table holding format_version, with a run id (or, in journals
    from before run ids, with its records, cache or calls table beside it). A foreign SQLite file, an empty file
    or anything else is None.
    """
    if not path.is_file():
        return None
    try:  # without a WAL beside it, read the file as immutable: SQLite then creates nothing next to a foreign file
        db = connect_readonly(path) if Path(f"{path}-wal").exists() else _immutable(path)
    except (sqlite3.Error, RunStateError):
        return None
    try:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            return None
        meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('format_version', ?)", (RUN_ID,)))
    except sqlite3.Error:
        return None
    finally:
        db.close()
    if "format_version" not in meta or (RUN_ID not in meta and not {"records", "cache", "calls"} & tables):
        return None
    return str(meta["format_version"]), meta.get(RUN_ID)


def is_blank(path: Path) -> bool:
    """An empty file, or a database with no tables: what a run killed while creating its journal leaves."""
    try:
        if path.stat().st_size == 0:
            return True
        db = connect_readonly(path) if Path(f"{path}-wal").exists() else _immutable(path)
        try:
            return db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None
        finally:
            db.close()
    except (OSError, sqlite3.Error, RunStateError):
        return False


class JournalReader:
    """A run's journal opened read-only (a running run's, or a read-only copy of a finished one): what
    `assay report` reads, through the journal's own queries."""

    def __init__(self, run_dir: Path):
        path = Path(run_dir) / FILENAME
        if identify(path) is None:
            raise not_a_journal(path, reading=True)
        self.db = connect_readonly(path)

    def __enter__(self) -> "JournalReader":
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def records(self) -> Iterator[Record]:
        for (body,) in self.db.execute("SELECT body FROM records ORDER BY ord"):
            yield Record.model_validate_json(body)

    def metrics(self) -> Iterator[tuple[float, str, dict[str, Any]]]:
        for t, endpoint, body in self.db.execute("SELECT t, endpoint, body FROM metrics ORDER BY t"):
            yield t, endpoint, json.loads(body)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that never writes, also where the folder is read-only (a copy of a finished run)."""
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return db
    except sqlite3.OperationalError:  # WAL needs a -shm file beside the journal, which a read-only folder cannot take
        db.close()
    except sqlite3.Error:
        db.close()
        raise
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size:
        raise RunStateError(f"{path}: cannot read this journal in a read-only folder: {wal.name} holds commits not yet "
                            "in the journal (the run was stopped before it closed it). Copy the run directory to a "
                            "writable place and read the copy")
    return _immutable(path)  # nothing is pending outside the main file: a run that closed its journal


def _immutable(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False)


# The seed whose episode is making the calls in this task (set by the job's worker for each seed).
_cache_owner: contextvars.ContextVar[str | None] = contextvars.ContextVar("assay_cache_owner", default=None)


class Journal:
    def __init__(self, run_dir: Path | None, *, run_id: str | None = None, readonly: bool = False):
        """Open the run's journal, creating it (with `run_id`, or a new one) where there is none.

        An existing file is opened only if it is an assay journal (identify()): assay never writes into a
        database it did not create. `readonly` never writes at all, so a read-only copy of a run can be read.
        `run_dir` None is a journal in memory, for a process whose records another one journals (a Ray
        worker): nothing on disk, so nothing outlives the process however it ends.
        """
        self.path = Path(run_dir) / FILENAME if run_dir is not None else None
        existing = self.path is not None and (readonly or self.path.exists() or self.path.is_symlink())
        found = identify(self.path) if existing else None
        if existing:
            if found is None:
                raise not_a_journal(self.path, reading=readonly)
            version, self.run_id = found
            if version != FORMAT_VERSION:
                raise RunStateError(
                    f"{self.path} was written by journal format {version}; this assay reads format {FORMAT_VERSION}. "
                    "Use a new --out directory, or the assay version that wrote it."
                )
        if readonly:
            self.db = connect_readonly(self.path)
        else:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path or ":memory:", isolation_level=None, check_same_thread=False)
            # A new journal's pages hold two records each rather than one: fewer page writes a record
            # (benchmarks/results/journal.md). No effect on an existing file.
            self.db.execute("PRAGMA page_size=8192")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
            if found is None:  # schema, format and run id in one transaction: a journal is whole or has no tables
                self.run_id = run_id or uuid.uuid4().hex
                with self._tx():
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        self.db.execute(statement)
                    self.db.execute(_CACHE_OWNER)
                    self.db.execute(_CALLS_VIEW)
                    self.db.executemany("INSERT INTO meta VALUES (?, ?)",
                                        [("format_version", FORMAT_VERSION), (RUN_ID, self.run_id)])
            else:
                self.db.executescript(_SCHEMA)  # tables added since the journal was written
                if "seed_id" not in {row[1] for row in self.db.execute("PRAGMA table_info(cache)")}:
                    self.db.execute("ALTER TABLE cache ADD COLUMN seed_id TEXT")
                self.db.execute(_CACHE_OWNER)
                if self.run_id is None:  # written before journals had run ids
                    self.run_id = uuid.uuid4().hex
                    self.set_meta(RUN_ID, self.run_id)
        kind = self.db.execute("SELECT type FROM sqlite_master WHERE name='calls'").fetchone()
        if kind is None and not readonly:
            self.db.executescript(_CALLS_VIEW)
        self._calls_table = kind is not None and kind[0] == "table"
        # A fresh journal's replay cache holds only what this process stores: lookups (nearly all misses)
        # test a filter instead of running a SELECT. A journal that already has cache rows is a resume:
        # every lookup goes to the table.
        self._may_hold = None if self.db.execute("SELECT 1 FROM cache LIMIT 1").fetchone() else _KeyFilter()
        self.group_delay_s, self.group_max = 0.005, 256  # a record waits at most this long for its commit
        self._staged: list[tuple[tuple[tuple, list[tuple]], asyncio.Future]] = []
        self._staged_cache: dict[str, tuple[str, str | None]] = {}  # key -> (JSON text, owning seed id)
        self._flush_handle: asyncio.TimerHandle | None = None
        self._failed: BaseException | None = None  # a timed flush's error that no record was waiting on

    @staticmethod
    def begin_seed(seed_id: str) -> None:
        """Replay-cache rows stored from here on, in this task and those it starts, belong to this seed."""
        _cache_owner.set(seed_id)

    @staticmethod
    def exists(run_dir: Path) -> bool:
        """Whether the folder holds an assay journal (by its schema and meta, not by the file's name)."""
        return identify(Path(run_dir) / FILENAME) is not None

    def close(self) -> None:
        self.flush()
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def done_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT seed_id FROM records")}

    def _rows(self, record: Record, ord_: int) -> tuple[tuple, list[tuple]]:
        sid = record.seed.id
        calls = [(sid, c.role, redact(model_json(c))) for c in record.calls] if self._calls_table else []
        return (sid, ord_, record.status.value, redact(model_json(record))), calls

    def commit_record(self, record: Record, ord_: int) -> bool:
        """Write a final record and its calls atomically, now; False if the seed already had one."""
        return self._write([self._rows(record, ord_)])[-1]

    async def commit_record_async(self, record: Record, ord_: int) -> bool:
        """As commit_record, in the next group commit; returns once that transaction is on disk."""
        self._raise_failed()
        waiter = asyncio.get_running_loop().create_future()
        self._staged.append((self._rows(record, ord_), waiter))
        if len(self._staged) >= self.group_max:
            self.flush()
        else:
            self._schedule()
        return await waiter

    def _schedule(self) -> None:
        if self._flush_handle is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no job running: write through
            self.flush()
            return
        self._flush_handle = loop.call_later(self.group_delay_s, self._timed_flush)

    def _timed_flush(self) -> None:
        """The timer's flush: an error (a full disk) with no record waiting on it goes to the next commit or flush,
        not to the event loop, which would print it as a traceback and carry on."""
        try:
            self.flush()
        except Exception as e:
            self._failed = e

    def _raise_failed(self) -> None:
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def flush(self) -> None:
        """Commit everything staged in one transaction and wake the workers waiting on it."""
        self._raise_failed()
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        staged, self._staged = self._staged, []
        if not staged and not self._staged_cache:
            return
        try:
            done = self._write([rows for rows, _ in staged])
        except BaseException as e:  # disk full, I/O error: every waiting worker learns it (and stops the run)
            waiting = [w for _, w in staged if not w.done()]
            for waiter in waiting:
                waiter.set_exception(e)
            if not waiting:
                raise
            return
        for (_, waiter), ok in zip(staged, done):
            if not waiter.done():
                waiter.set_result(ok)

    def _write(self, batch: list[tuple[tuple, list[tuple]]]) -> list[bool]:
        """One transaction: the staged cache rows, then each record (ignored if its seed has one), its calls,
        and the deletion of its seed's cache rows.

        A recorded seed never runs again (a resume skips it), so its calls would never be replayed: the
        transaction that writes its record deletes its rows (those of earlier commits, or of a killed run
        whose calls this one replayed), and rows staged beside its record are not written at all. What the
        cache is for, the calls of episodes still running when a run stops or an endpoint dies, is all
        written. (A row cost ~13 us a call, measured on the journal alone: an insert at a random place of
        the key index.)
        """
        cache, self._staged_cache = self._staged_cache, {}
        done = []
        finished = {record_row[0] for record_row, _ in batch}
        rows = [(key, text, owner) for key, (text, owner) in cache.items() if owner not in finished]
        with self._tx():
            if rows:
                self.db.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", rows)
            for record_row, call_rows in batch:
                cur = self.db.execute("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)", record_row)
                done.append(cur.rowcount == 1)
                if done[-1]:
                    self.db.execute("DELETE FROM cache WHERE seed_id=?", (record_row[0],))
                    if call_rows:
                        self.db.executemany("INSERT INTO calls (seed_id, role, body) VALUES (?, ?, ?)", call_rows)
        if self._may_hold is not None:
            for key, *_ in rows:
                self._may_hold.add(key)
        return done

    def records(self, status: str | None = None) -> Iterator[Record]:
        """Records in seed-file order, streamed."""
        sql, args = "SELECT body FROM records ORDER BY ord", ()
        if status:
            sql, args = "SELECT body FROM records WHERE status=? ORDER BY ord", (status,)
        for (body,) in self.db.execute(sql, args):
            yield Record.model_validate_json(body)

    def forget_failed(self, reason_contains: str = "") -> int:
        """Drop failed records (those whose reason contains the text, or all) so a resume attempts them again."""
        where = "status='failed' AND instr(json_extract(body, '$.reason'), ?) > 0"
        with self._tx():
            if self._calls_table:
                self.db.execute(f"DELETE FROM calls WHERE seed_id IN (SELECT seed_id FROM records WHERE {where})",
                                (reason_contains,))
            return self.db.execute(f"DELETE FROM records WHERE {where}", (reason_contains,)).rowcount

    def spent(self) -> tuple[int, float]:
        """Tokens and estimated cost the recorded seeds spent: what a resumed run's budgets start from."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(json_extract(body, '$.usage.prompt_tokens') + json_extract(body, '$.usage.completion_tokens')), 0),"
            " COALESCE(SUM(json_extract(body, '$.usage.cost_usd_est')), 0) FROM records").fetchone()
        return int(row[0]), float(row[1])

    def accepted_claims(self) -> list[str]:
        """Claims of accepted records in seed order: what novelty compares against after a resume."""
        sql = "SELECT json_extract(body, '$.insight.claim') FROM records WHERE status='accepted' ORDER BY ord"
        return [claim for (claim,) in self.db.execute(sql) if claim]

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM records GROUP BY status").fetchall())

    def cached(self, key: str) -> dict[str, Any] | None:
        staged = self._staged_cache.get(key)
        text = staged[0] if staged is not None else None
        if text is None:
            if self._may_hold is not None and key not in self._may_hold:
                return None
            row = self.db.execute("SELECT body FROM cache WHERE key=?", (key,)).fetchone()
            text = row[0] if row else None
        return orjson.loads(text) if text else None

    def store_cached(self, key: str, body: dict[str, Any] | str) -> None:
        """Keep a finished call for replay (`body` as a dict or as its JSON text); written with the next commit
        unless its seed's record is in that commit too."""
        text = redact(body if isinstance(body, str) else orjson.dumps(body).decode())
        self._staged_cache[key] = (text, _cache_owner.get())
        self._schedule()  # the filter learns the key once its row is in the table (staged rows are looked up first)

    def add_metrics(self, t: float, endpoint: str, sample: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO metrics VALUES (?, ?, ?)", (t, endpoint, json.dumps(sample)))

    def _tx(self) -> "_Transaction":
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error:  # a full disk fails the COMMIT and can leave the transaction open
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        self.db.execute("ROLLBACK")


def model_json(model: BaseModel) -> str:
    """The same JSON value as model.model_dump_json(), about 3x faster on a record (orjson walks the
    models' field dicts). Anything orjson cannot encode goes through pydantic instead."""
    try:
        return orjson.dumps(model, default=_fields, option=orjson.OPT_SERIALIZE_NUMPY).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return model.model_dump_json()


def _fields(value: Any) -> Any:
    if isinstance(value, BaseModel) and not value.__pydantic_extra__:
        return value.__dict__  # exactly the declared fields (extras and private attributes live elsewhere)
    raise TypeError(type(value).__name__)


class _KeyFilter:
    """A Bloom filter over the replay-cache keys this process stored: "no" is certain, "maybe" is checked
    in the table. 1 MiB whatever the run's size; with 500,000 keys about 1% of misses still run the SELECT."""

    BITS = 1 << 23

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS >> 3)

    @classmethod
    def _slots(cls, key: str) -> tuple[int, int]:
        h = hash(key)  # salted per process, which is all this in-memory filter needs; cached on the str
        return h & (cls.BITS - 1), (h >> 23) & (cls.BITS - 1)

    def add(self, key: str) -> None:
        for i in self._slots(key):
            self.bits[i >> 3] |= 1 << (i & 7)

    def __contains__(self, key: str) -> bool:
        a, b = self._slots(key)
        return bool(self.bits[a >> 3] & (1 << (a & 7))) and bool(self.bits[b >> 3] & (1 << (b & 7)))
