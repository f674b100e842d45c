"""Crash and resume: real `assay run` subprocesses killed with SIGKILL / SIGTERM at random points.

Every seed must end with exactly one record, no accepted record lost or duplicated, the dataset
equal to an uninterrupted run's, and finished calls replayed from the journal instead of re-paid.
"""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

import datasets
import pytest

from assay.seeds import demo_seeds_path
from fakes import FakeOpenAI
from research_fake import research_handler, write_seeds

N_SEEDS = 40
AGENTS = 4
CORPUS = demo_seeds_path().parent / "corpus"


def assay_run(url, seeds, out, *extra):
    return [sys.executable, "-m", "assay", "run", "--endpoint", url, "--model", "fake-model",
            "--seeds", str(seeds), "--corpus", str(CORPUS), "--out", str(out), "--agents", str(AGENTS),
            "--no-progress", *extra]


def comparable(out):
    rows = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    return [(r["seed"]["id"], r["status"], r["reason"], r["insight"], [(v["validator"], v["passed"]) for v in r["verdicts"]])
            for r in rows]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    seeds = root / "seeds.jsonl"
    write_seeds(seeds, N_SEEDS, sorted(p.stem for p in CORPUS.glob("*.md")))
    with FakeOpenAI(research_handler(delay_s=0.03)) as fake:
        baseline = root / "baseline"
        done = subprocess.run(assay_run(fake.base_url, seeds, baseline), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        yield fake, seeds, baseline, len(fake.requests)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_runs_resume_to_the_same_dataset(world, tmp_path, sig):
    fake, seeds, baseline, baseline_requests = world
    expected = comparable(baseline)
    assert len(expected) == N_SEEDS and {s for _, s, *_ in expected} == {"accepted", "rejected"}
    rng = random.Random(sig)
    out = tmp_path / "crashy"
    before = len(fake.requests)
    kills = 0
    for _ in range(3):
        proc = subprocess.Popen(assay_run(fake.base_url, seeds, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(1.5, 3.0))
        if proc.poll() is None:
            proc.send_signal(sig)
            kills += 1
        _, err = proc.communicate(timeout=60)
        if sig == signal.SIGTERM and proc.returncode != 0:
            assert proc.returncode == 130 and "to resume" in err
    final = subprocess.run(assay_run(fake.base_url, seeds, out), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert kills >= 1, "no kill landed mid-run; the test proved nothing"
    assert comparable(out) == expected
    ids = [json.loads(line)["seed"]["id"] for line in (out / "records.jsonl").read_text().splitlines()]
    assert len(ids) == len(set(ids)) == N_SEEDS
    # dataset/ is the run's Hub-layout export; compare what a resume must reproduce (timings differ per run).
    keep = ["id", "claim", "reasoning", "evidence", "confidence", "verdicts"]
    a, b = (datasets.load_dataset(str(d / "dataset"), "insights", split="train", cache_dir=str(tmp_path / "cache"))
            .select_columns(keep) for d in (baseline, out))
    assert a.to_list() == b.to_list() and len(a) > 0
    # Finished calls are replayed, not paid again: at most the calls in flight at each kill are repeated.
    paid = len(fake.requests) - before
    assert paid <= baseline_requests + kills * AGENTS


def test_rerun_of_a_finished_run_pays_nothing(world):
    fake, seeds, baseline, _ = world
    before = len(fake.requests)
    again = subprocess.run(assay_run(fake.base_url, seeds, baseline), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and f"0 new, {N_SEEDS} resumed" in again.stdout
    assert len(fake.requests) == before
