"""The run's durable journal (SQLite, WAL): one record per seed, every call, and a replay cache.

A record and its calls are committed in one transaction, so after a crash a seed either has its
final record or none, and a resumed run redoes only the seeds without one.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import RunStateError
from .models import Record

FORMAT_VERSION = "1"
FILENAME = "journal.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seed_id TEXT PRIMARY KEY, ord INTEGER NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, seed_id TEXT NOT NULL, role TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metrics (t REAL NOT NULL, endpoint TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_ord ON records(ord);
"""


class Journal:
    def __init__(self, run_dir: Path):
        self.path = Path(run_dir) / FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
        self.db.executescript(_SCHEMA)
        version = self.meta("format_version")
        if version is None:
            self.set_meta("format_version", FORMAT_VERSION)
        elif version != FORMAT_VERSION:
            raise RunStateError(
                f"{self.path} was written by journal format {version}; this assay reads format {FORMAT_VERSION}. "
                "Use a new --out directory, or the assay version that wrote it."
            )

    @staticmethod
    def exists(run_dir: Path) -> bool:
        return (Path(run_dir) / FILENAME).exists()

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def done_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT seed_id FROM records")}

    def commit_record(self, record: Record, ord_: int) -> bool:
        """Write a final record and its calls atomically; False if the seed already had one."""
        body = record.model_dump_json()
        with self._tx():
            cur = self.db.execute("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)",
                                  (record.seed.id, ord_, record.status.value, body))
            if cur.rowcount == 0:
                return False
            self.db.executemany(
                "INSERT INTO calls (seed_id, role, body) VALUES (?, ?, ?)",
                [(record.seed.id, c.role, c.model_dump_json()) for c in record.calls],
            )
        return True

    def records(self, status: str | None = None) -> Iterator[Record]:
        """Records in seed-file order, streamed."""
        sql, args = "SELECT body FROM records ORDER BY ord", ()
        if status:
            sql, args = "SELECT body FROM records WHERE status=? ORDER BY ord", (status,)
        for (body,) in self.db.execute(sql, args):
            yield Record.model_validate_json(body)

    def accepted_claims(self) -> list[str]:
        """Claims of accepted records in seed order: what novelty compares against after a resume."""
        sql = "SELECT json_extract(body, '$.insight.claim') FROM records WHERE status='accepted' ORDER BY ord"
        return [claim for (claim,) in self.db.execute(sql) if claim]

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM records GROUP BY status").fetchall())

    def cached(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT body FROM cache WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def store_cached(self, key: str, body: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, json.dumps(body)))

    def add_metrics(self, t: float, endpoint: str, sample: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO metrics VALUES (?, ?, ?)", (t, endpoint, json.dumps(sample)))

    def _tx(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, *_):
                db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()
