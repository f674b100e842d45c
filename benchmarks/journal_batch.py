"""The batched-journal lever, measured before it is built: what one record costs the journal today
(the replay-cache write and the record + calls transaction, each its own commit) against the same rows
written 64 records to a transaction, as a group-commit writer would. Prints a RESULT line."""
from __future__ import annotations

import json
import statistics
import tempfile
import time

from measure import report

N, BATCH = 3000, 64


def records():
    from assay.models import CallUsage, Evidence, Insight, Provenance, Record, Seed, Status

    prov = Provenance(endpoint="e", model="m", backend="b", prompt_version="p", code_version="c")
    for i in range(N):
        r = Record(seed=Seed(id=f"s{i}", question="How many moons does Mars have? " * 3, sources=["mars"]),
                   status=Status.accepted, provenance=prov,
                   insight=Insight(claim="Phobos and Deimos " * 5, reasoning=["The source says so. " * 3] * 2,
                                   evidence=[Evidence(source_id="mars", quote="Mars has two small moons.")]),
                   messages=[{"role": "system", "content": "x" * 1200}, {"role": "user", "content": "y" * 400},
                             {"role": "assistant", "content": "z" * 300}])
        r.calls = [CallUsage(role="agent", endpoint="e", backend="b", model="m", prompt_tokens=400, completion_tokens=60)]
        yield r


def today(rs, body) -> float:
    from assay.journal import Journal

    j = Journal(tempfile.mkdtemp())
    t = time.perf_counter()
    for i, r in enumerate(rs):
        j.store_cached(f"k{i}", {"body": body, "wall_s": 0.05})
        j.commit_record(r, i)
    return (time.perf_counter() - t) / len(rs)


def batched(rs, body) -> float:
    from assay.journal import Journal

    db = Journal(tempfile.mkdtemp()).db
    t = time.perf_counter()
    for start in range(0, len(rs), BATCH):
        db.execute("BEGIN IMMEDIATE")
        for i in range(start, min(len(rs), start + BATCH)):
            r = rs[i]
            db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (f"k{i}", json.dumps({"body": body, "wall_s": 0.05})))
            db.execute("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)", (r.seed.id, i, r.status.value, r.model_dump_json()))
            db.executemany("INSERT INTO calls (seed_id, role, body) VALUES (?, ?, ?)",
                           [(r.seed.id, c.role, c.model_dump_json()) for c in r.calls])
        db.execute("COMMIT")
    return (time.perf_counter() - t) / len(rs)


def main() -> None:
    rs = list(records())
    body = {"choices": [{"message": {"content": "z" * 300}}], "usage": {"prompt_tokens": 400, "completion_tokens": 60}}
    now, grouped = [], []
    for _ in range(3):  # alternate so the disk's mood favours neither
        now.append(today(rs, body))
        grouped.append(batched(rs, body))
    report({"per_record_us": round(1e6 * statistics.median(now), 1),
            "per_record_batched_us": round(1e6 * statistics.median(grouped), 1), "batch": BATCH, "records": N})


if __name__ == "__main__":
    main()
