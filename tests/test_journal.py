"""The journal on real SQLite: every call readable from `calls`, written once, in the record's transaction."""
from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from assay.journal import Journal
from assay.records import CallUsage, Provenance, Record, Seed, Status

PROVENANCE = Provenance(endpoint="e", model="m", backend="b", prompt_version="p", code_version="c")


def record(sid: str, n_calls: int) -> Record:
    calls = [CallUsage(role="agent" if i == 0 else "validator", endpoint="e", backend="b", model="m",
                       prompt_tokens=10 + i, completion_tokens=i, step=i) for i in range(n_calls)]
    return Record(seed=Seed(id=sid, question="q?"), status=Status.accepted, calls=calls, provenance=PROVENANCE)


def calls_rows(path) -> list[tuple[str, str, dict]]:
    db = sqlite3.connect(path)
    try:
        return [(sid, role, json.loads(body)) for sid, role, body in db.execute("SELECT seed_id, role, body FROM calls")]
    finally:
        db.close()


def test_calls_are_read_from_the_records_they_were_committed_with(tmp_path):
    journal = Journal(tmp_path)
    assert journal.commit_record(record("a", 2), 0)
    assert not journal.commit_record(record("a", 3), 1)  # a second record for a seed is ignored, calls too

    async def grouped():
        return await asyncio.gather(*(journal.commit_record_async(record(f"g{i}", 1), 2 + i) for i in range(3)))
    assert asyncio.run(grouped()) == [True, True, True]
    journal.close()
    rows = calls_rows(journal.path)
    assert [(sid, role, body["prompt_tokens"]) for sid, role, body in rows] == [
        ("a", "agent", 10), ("a", "validator", 11), ("g0", "agent", 10), ("g1", "agent", 10), ("g2", "agent", 10)]
    assert rows[1][2] == record("a", 2).calls[1].model_dump(mode="json")
    assert Journal(tmp_path).counts() == {"accepted": 4}  # reopening an existing journal keeps the view


def test_a_journal_from_before_the_view_keeps_filling_its_calls_table(tmp_path):
    db = sqlite3.connect(tmp_path / "journal.sqlite")
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('format_version', '1');
        CREATE TABLE calls (id INTEGER PRIMARY KEY AUTOINCREMENT, seed_id TEXT NOT NULL, role TEXT NOT NULL,
                            body TEXT NOT NULL);""")
    db.close()
    journal = Journal(tmp_path)
    assert journal.commit_record(record("old", 2), 0)
    journal.close()
    assert [(sid, role) for sid, role, _ in calls_rows(journal.path)] == [("old", "agent"), ("old", "validator")]


def test_a_journal_from_before_cache_owners_gets_the_column_and_keeps_its_rows(tmp_path):
    db = sqlite3.connect(tmp_path / "journal.sqlite")
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('format_version', '1'), ('run_id', 'r1');
        CREATE TABLE cache (key TEXT PRIMARY KEY, body TEXT NOT NULL);
        INSERT INTO cache VALUES ('old-key', '{"wall_s": 0.1, "body": {}}');""")
    db.close()
    journal = Journal(tmp_path)
    assert journal.cached("old-key") == {"wall_s": 0.1, "body": {}}  # a resume still replays it

    async def seed() -> None:
        Journal.begin_seed("s1")
        journal.store_cached("new-key", "{}")
        journal.flush()  # the row reaches the table before the record, as a long episode's rows do
        assert await journal.commit_record_async(record("s1", 1), 0)
    asyncio.run(seed())
    assert list(journal.db.execute("SELECT key, seed_id FROM cache")) == [("old-key", None)]
    journal.close()


def test_replay_cache_lookups_skip_the_table_only_when_the_answer_is_certain(tmp_path):
    statements: list[str] = []
    journal = Journal(tmp_path)
    journal.db.set_trace_callback(statements.append)
    journal.store_cached("k1", {"wall_s": 0.1, "body": {"n": 1}})  # outside a job: written through
    assert journal.cached("k1") == {"wall_s": 0.1, "body": {"n": 1}}
    selects = sum("SELECT body FROM cache" in s for s in statements)
    assert journal.cached("never-stored") is None
    assert sum("SELECT body FROM cache" in s for s in statements) == selects  # a certain miss: no query
    journal.close()

    resumed = Journal(tmp_path)  # the table has rows: a resume, where every key may be in it
    statements.clear()
    resumed.db.set_trace_callback(statements.append)
    assert resumed.cached("k1") == {"wall_s": 0.1, "body": {"n": 1}}
    assert resumed.cached("never-stored") is None
    assert sum("SELECT body FROM cache" in s for s in statements) == 2

    fresh = Journal(tmp_path / "fresh")
    assert fresh._may_hold is not None
    for i in range(2000):  # stored keys are always found (a Bloom filter has no false negatives)
        fresh.store_cached(f"key-{i}", "{}")
    fresh.flush()
    assert all(fresh.cached(f"key-{i}") == {} for i in range(2000))


def test_cache_rows_of_a_recorded_seed_are_never_kept(tmp_path):
    """A finished seed is never run again, so its calls are not kept for replay: rows staged beside its record
    are not written, rows written by an earlier commit are deleted by the one that writes its record. The calls
    of episodes still running are kept."""
    journal = Journal(tmp_path)

    async def seed(sid: str, calls: int, finish: asyncio.Event | None) -> None:
        Journal.begin_seed(sid)  # as the job's worker does for each seed
        for i in range(calls):
            journal.store_cached(f"{sid}-call{i}", {"wall_s": 0.1, "body": {"n": i}})
        if finish is not None:
            await finish.wait()
            assert await journal.commit_record_async(record(sid, 1), 0)

    async def main() -> None:
        now, later = asyncio.Event(), asyncio.Event()
        now.set()
        tasks = [asyncio.create_task(seed("done", 2, now)), asyncio.create_task(seed("running", 2, None)),
                 asyncio.create_task(seed("later", 1, later))]
        await asyncio.sleep(0.05)  # one group commit: "done"'s record, every staged cache row
        later.set()
        await asyncio.gather(*tasks)
    asyncio.run(main())
    rows = set(journal.db.execute("SELECT key, seed_id FROM cache"))
    assert rows == {("running-call0", "running"), ("running-call1", "running")}  # "later-call0" went with its record
    assert journal.counts() == {"accepted": 2}
    assert journal.cached("done-call0") is None and journal.cached("running-call1") == {"wall_s": 0.1, "body": {"n": 1}}
    # The lookup filter learns a key when its row reaches the table: staged rows are looked up first, and
    # rows never written need no place in it.
    assert "running-call0" in journal._may_hold and "later-call0" in journal._may_hold
    assert "done-call0" not in journal._may_hold and "done-call1" not in journal._may_hold


def test_the_lookup_filter_learns_nothing_from_a_transaction_that_failed(tmp_path):
    journal = Journal(tmp_path)
    journal._staged_cache["k"] = ("{}", None)
    journal.db.execute("DROP TABLE records")  # the record insert fails, the transaction rolls back
    with pytest.raises(sqlite3.OperationalError):
        journal._write([(("s", 0, "accepted", "{}"), [])])
    assert "k" not in journal._may_hold
    assert journal.db.execute("SELECT COUNT(*) FROM cache").fetchone() == (0,)


def test_new_journals_use_8_kib_pages_and_older_files_keep_theirs(tmp_path):
    assert Journal(tmp_path / "new").db.execute("PRAGMA page_size").fetchone() == (8192,)
    old = sqlite3.connect(tmp_path / "journal.sqlite")  # a journal an older assay wrote with 4 KiB pages
    old.execute("PRAGMA page_size=4096")
    old.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                      "INSERT INTO meta VALUES ('format_version', '1');"
                      "CREATE TABLE records (seed_id TEXT PRIMARY KEY, ord INTEGER NOT NULL, status TEXT NOT NULL, "
                      "body TEXT NOT NULL);")
    old.close()
    journal = Journal(tmp_path)
    assert journal.db.execute("PRAGMA page_size").fetchone() == (4096,)
    assert journal.commit_record(record("a", 1), 0) and journal.counts() == {"accepted": 1}


def test_journal_bodies_are_the_records_json_whatever_the_details_hold(tmp_path):
    import math

    import numpy as np

    from assay.journal import model_json
    from assay.records import Evidence, Insight, Verdict
    verdicts = [Verdict(validator="novelty", passed=True, score=np.float64(0.25),
                        details={"nearest": np.float64(0.5), "pair": (1, 2), "nested": {"k": [1.0, math.nan]}}),
                Verdict(validator="odd", passed=False, details={"set": {1, 2}})]  # orjson refuses sets: pydantic's turn
    rec = record("x", 2).model_copy(update={
        "verdicts": verdicts, "messages": [{"role": "system", "content": "quote \" and \\ and \n and é"}],
        "insight": Insight(claim="c", reasoning=["r"], evidence=[Evidence(source_id="s", quote="q")])})
    assert json.loads(model_json(rec)) == json.loads(rec.model_dump_json())
    journal = Journal(tmp_path)
    assert journal.commit_record(rec, 0)
    back = next(journal.records())
    assert back.model_dump_json() == Record.model_validate_json(rec.model_dump_json()).model_dump_json()
