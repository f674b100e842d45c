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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from assay.errors import RunStateError
from assay.records import Record
from assay.secrets import redact

FORMAT_VERSION = "1"
FILENAME = "journal.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seed_id TEXT PRIMARY KEY, ord INTEGER NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metrics (t REAL NOT NULL, endpoint TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_ord ON records(ord);
"""
# Every call, one row each: a view over the calls inside each record's body (they are committed with it), so
# a call is serialised and written once. Journals from before the view keep their calls table and get rows.
_CALLS_VIEW = """
CREATE VIEW calls AS SELECT records.seed_id AS seed_id, json_extract(c.value, '$.role') AS role, c.value AS body
FROM records, json_each(records.body, '$.calls') AS c;
"""


# The seed whose episode is making the calls in this task (set by the job's worker for each seed).
_cache_owner: contextvars.ContextVar[str | None] = contextvars.ContextVar("assay_cache_owner", default=None)


class Journal:
    def __init__(self, run_dir: Path):
        self.path = Path(run_dir) / FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        # A new journal's pages hold two ~3.4 KB records each rather than one: ~6 us less a record written
        # in groups of 50 (24 against 30 us, median of 7; 16 KiB measured 27). No effect on an existing file.
        self.db.execute("PRAGMA page_size=8192")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
        self.db.executescript(_SCHEMA)
        kind = self.db.execute("SELECT type FROM sqlite_master WHERE name='calls'").fetchone()
        if kind is None:
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
        version = self.meta("format_version")
        if version is None:
            self.set_meta("format_version", FORMAT_VERSION)
        elif version != FORMAT_VERSION:
            raise RunStateError(
                f"{self.path} was written by journal format {version}; this assay reads format {FORMAT_VERSION}. "
                "Use a new --out directory, or the assay version that wrote it."
            )

    @staticmethod
    def begin_seed(seed_id: str) -> None:
        """Replay-cache rows stored from here on, in this task and those it starts, belong to this seed."""
        _cache_owner.set(seed_id)

    @staticmethod
    def exists(run_dir: Path) -> bool:
        return (Path(run_dir) / FILENAME).exists()

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
        self._flush_handle = loop.call_later(self.group_delay_s, self.flush)

    def flush(self) -> None:
        """Commit everything staged in one transaction and wake the workers waiting on it."""
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
        """One transaction: the staged cache rows, then each record (ignored if its seed has one) and its calls.

        Cache rows of a seed whose record is in this transaction are not written: a finished seed is never
        run again (a resume skips it), so its calls would never be replayed. What the cache is for, the
        calls of episodes still running when a run stops or an endpoint dies, is all written. (A row cost
        ~13 us a call, measured on the journal alone: an insert at a random place of the key index.)
        """
        cache, self._staged_cache = self._staged_cache, {}
        done = []
        finished = {record_row[0] for record_row, _ in batch}
        rows = [(key, text) for key, (text, owner) in cache.items() if owner not in finished]
        with self._tx():
            if rows:
                self.db.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?)", rows)
            for record_row, call_rows in batch:
                cur = self.db.execute("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)", record_row)
                done.append(cur.rowcount == 1)
                if done[-1] and call_rows:
                    self.db.executemany("INSERT INTO calls (seed_id, role, body) VALUES (?, ?, ?)", call_rows)
        if self._may_hold is not None:
            for key, _ in rows:
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
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


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
