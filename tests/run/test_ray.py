"""The Ray executor on a real local Ray instance (two workers) against a deterministic loopback FAKE endpoint.

Its records must equal the single-process executor's for the same seeds, and a worker killed with
SIGKILL mid-run must cost nothing but time: Ray reruns its shard and the driver journals each seed once.
"""
from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from assay.config import load_config
from assay.journal import Journal
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")

CORPUS = demo_seeds_path().parent / "corpus"
N = 24
# Stages that judge each seed on its own: novelty compares with claims accepted elsewhere in the run,
# whose order differs between any two concurrent executors (README 'Scaling out' says how Ray shares them).
STAGES = ["structure", "grounding", "numeric", "execution"]


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance with two worker slots, started on loopback for this module."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ray") / "seeds.jsonl"
    write_seeds(path, N, sorted(p.stem for p in CORPUS.glob("*.md")))
    return path


def job(seeds: Path, out: Path, url: str, n: int = N, **over) -> list[dict]:
    o = {"run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(out), "run.agents": 3,
         "run.shard_size": 4, "validators.stages": STAGES, "endpoints.fake.base_url": url,
         "endpoints.fake.model": "fake-model", "endpoints.fake.max_retries": 2, "roles.agent": "fake"}
    o.update(over)
    run(load_config(None, o), progress=False)
    journal = Journal(out)
    rows = [json.loads(r.model_dump_json()) for r in journal.records()]
    journal.close()
    assert [r["seed"]["id"] for r in rows] == [f"q{i:03d}" for i in range(n)]  # exactly one record per seed
    return rows


def comparable(rows: list[dict]) -> list[tuple]:
    return [(r["seed"]["id"], r["status"], r["reason"], r["insight"], r["messages"],
             [(t["tool"], t["input"], t["output"]) for t in r["tool_calls"]],
             [(v["validator"], v["passed"], v["reason"]) for v in r["verdicts"]],
             [(c["role"], c["endpoint"], c["prompt_tokens"], c["completion_tokens"]) for c in r["calls"]])
            for r in rows]


def shard_workers() -> list[int]:
    """Pids of Ray worker processes executing a shard right now (Ray titles them after the task)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if cmdline.startswith(b"ray::run_shard"):
                pids.append(int(entry))
    return pids


def test_ray_records_equal_the_single_process_run_and_a_killed_worker_loses_nothing(local_ray, seeds, tmp_path):
    with FakeOpenAI(research_handler(delay_s=0.05)) as fake:
        local = job(seeds, tmp_path / "local", fake.base_url)
        local_requests = len(fake.requests)

        started = time.monotonic()
        sharded = job(seeds, tmp_path / "ray", fake.base_url, **{"run.executor": "ray"})
        clean_s = time.monotonic() - started
        assert comparable(sharded) == comparable(local)
        assert all(r["calls"] and r["usage"]["prompt_tokens"] > 0 for r in sharded)  # usage came back with them
        assert len(fake.requests) - local_requests == local_requests  # each call made once, none repeated

        killed: list[int] = []

        def kill_a_worker_mid_shard():
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(fake.requests) < before + 20:
                time.sleep(0.02)  # let the shards get going first
            while time.monotonic() < deadline and not killed:
                for pid in shard_workers():
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    break
                time.sleep(0.02)

        before = len(fake.requests)
        killer = threading.Thread(target=kill_a_worker_mid_shard, daemon=True)
        killer.start()
        started = time.monotonic()
        survived = job(seeds, tmp_path / "ray-killed", fake.base_url, **{"run.executor": "ray"})
        killed_s = time.monotonic() - started
        killer.join(timeout=5)
        paid = len(fake.requests) - before
    assert killed, "no shard worker was found to kill; the test proved nothing"
    assert comparable(survived) == comparable(local)
    assert paid > local_requests  # the killed worker's shard really was run again...
    assert paid <= local_requests + 4 * 8  # ...and only that shard (4 seeds, a handful of calls each)
    assert summary_counts(tmp_path / "ray-killed") == summary_counts(tmp_path / "local")
    print(f"ray run {clean_s:.1f}s, with a worker killed {killed_s:.1f}s; {paid - local_requests} calls redone")


def summary_counts(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text())["counts"]


def test_a_ray_run_resumes_where_it_stopped(local_ray, seeds, tmp_path):
    """The first half, then the whole file: the second run pays only for the seeds it had not recorded."""
    with FakeOpenAI(research_handler()) as fake:
        first = job(seeds, tmp_path / "run", fake.base_url, n=N // 2, **{"run.executor": "ray", "run.limit": N // 2})
        first_requests = len(fake.requests)
        whole = job(seeds, tmp_path / "run", fake.base_url, **{"run.executor": "ray"})
        total_requests = len(fake.requests)
        with FakeOpenAI(research_handler()) as solo:
            local = job(seeds, tmp_path / "local", solo.base_url)
            local_requests = len(solo.requests)
    assert comparable(whole[:N // 2]) == comparable(first)
    assert comparable(whole) == comparable(local)
    assert total_requests == local_requests and 0 < first_requests < total_requests
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["resumed_skipped"] == N // 2
