"""The replay cache keeps the calls of unfinished seeds only: counted in the real journal after real runs.

A seed's finished calls are written to the cache as they finish (group commits every few ms), so a
run killed mid-episode can replay them; the transaction that commits the seed's record deletes them.
"""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
N_SEEDS = 12
HUNG = "q005"  # its final (insight) call hangs until the test releases it


def assay_run(url, seeds, out):
    return [sys.executable, "-m", "assay", "run", "--endpoint", url, "--model", "fake-model", "--seeds", str(seeds),
            "--corpus", str(CORPUS), "--out", str(out), "--no-progress", "--agents", "2",
            "--stages", "structure,grounding,numeric,execution"]


def count(db: sqlite3.Connection, sql: str, *args) -> int:
    return db.execute(sql, args).fetchone()[0]


def test_rows_of_finished_seeds_are_deleted_with_their_record(tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, N_SEEDS, sorted(p.stem for p in CORPUS.glob("*.md")))
    answer = research_handler(delay_s=0.02)
    hanging, release = threading.Event(), threading.Event()

    def handler(req: dict):
        insight_call = "claim" in json.dumps(req.get("response_format") or {})
        if insight_call and "item 5?" in json.dumps(req["messages"]) and not release.is_set():
            hanging.set()
            release.wait(60)
        return answer(req)

    out = tmp_path / "run"
    with FakeOpenAI(handler) as fake:
        proc = subprocess.Popen(assay_run(fake.base_url, seeds, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        try:
            assert hanging.wait(120), "the run never reached the hung seed's insight call"
            time.sleep(1.0)  # the other agent finishes seeds meanwhile; every group commit is long on disk
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
        release.set()

        db = sqlite3.connect(out / "journal.sqlite")
        recorded = count(db, "SELECT COUNT(*) FROM records")
        assert 0 < recorded < N_SEEDS
        # The killed run kept the hung seed's finished calls (plan, steps) for the resume, and no row of a recorded seed.
        assert count(db, "SELECT COUNT(*) FROM cache WHERE seed_id=?", HUNG) >= 2
        assert count(db, "SELECT COUNT(*) FROM cache WHERE seed_id IN (SELECT seed_id FROM records)") == 0
        db.close()

        resumed = subprocess.run(assay_run(fake.base_url, seeds, out), capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr

    db = sqlite3.connect(out / "journal.sqlite")
    assert count(db, "SELECT COUNT(*) FROM records") == N_SEEDS
    calls = count(db, "SELECT COUNT(*) FROM calls")
    assert calls >= 3 * N_SEEDS  # episodes of several calls each: their rows were written before their records
    assert count(db, "SELECT COUNT(*) FROM cache") == 0
    # The resume replayed the hung seed's finished calls from the cache rather than paying for them again.
    assert count(db, "SELECT COUNT(*) FROM calls WHERE seed_id=? AND json_extract(body, '$.replayed')", HUNG) >= 2
    db.close()
