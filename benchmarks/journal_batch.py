"""The group-commit lever on the journal alone: what one record (its replay-cache row, the record and
its calls) costs written one transaction each, as before, against the job's path: records staged by
concurrent workers and group-committed (Journal.commit_record_async). Prints a RESULT line."""
from __future__ import annotations

import json
import statistics
import tempfile
import time

from measure import report

N, WORKERS = 3000, 256


def records():
    from assay.records import CallUsage, Evidence, Insight, Provenance, Record, Seed, Status

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
    """Before group commit: the cache row and the record each committed on their own."""
    from assay.journal import Journal

    j = Journal(tempfile.mkdtemp())
    t = time.perf_counter()
    for i, r in enumerate(rs):
        j.store_cached(f"k{i}", {"body": body, "wall_s": 0.05})  # outside a job this writes through
        j.commit_record(r, i)
    return (time.perf_counter() - t) / len(rs)


def batched(rs, body) -> float:
    """As built: WORKERS concurrent workers stage cache row + record and await the group commit."""
    import asyncio

    from assay.journal import Journal

    j = Journal(tempfile.mkdtemp())
    text = json.dumps({"body": body, "wall_s": 0.05})

    async def worker(k: int) -> None:
        for i in range(k, len(rs), WORKERS):
            j.store_cached(f"k{i}", text)
            await j.commit_record_async(rs[i], i)

    async def go() -> float:
        t = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(WORKERS)))
        return (time.perf_counter() - t) / len(rs)
    return asyncio.run(go())


def main() -> None:
    rs = list(records())
    body = {"choices": [{"message": {"content": "z" * 300}}], "usage": {"prompt_tokens": 400, "completion_tokens": 60}}
    now, grouped = [], []
    for _ in range(3):  # alternate so the disk's mood favours neither
        now.append(today(rs, body))
        grouped.append(batched(rs, body))
    report({"per_record_us": round(1e6 * statistics.median(now), 1),
            "per_record_batched_us": round(1e6 * statistics.median(grouped), 1), "workers": WORKERS, "records": N})


if __name__ == "__main__":
    main()
