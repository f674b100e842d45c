"""KV-aware admission (endpoint/kv.py) against the FAKE vLLM server (tests/fakes/vllm): its /metrics KV-cache usage
is the prompt tokens of the requests it holds over a small cache, so usage follows requests in flight."""
from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assay.config import load_config
from assay.endpoint.kv import KvGovernor
from assay.endpoint.limiter import AdaptiveLimiter
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from fakes.research import write_seeds

HERE = Path(__file__).resolve().parent
CORPUS = demo_seeds_path().parent / "corpus"


def test_the_governor_caps_the_window_above_the_ceiling_and_lets_go_below():
    lim = AdaptiveLimiter(64, initial=32)
    gov = KvGovernor(lim, 0.9)
    sample = {"kv_cache_usage": 1.8, "running": 32.0}
    gov.observe(sample)
    assert lim.kv_cap == pytest.approx(32 * 0.9 / 1.8 * 0.95) and lim.limit == lim.kv_cap and gov.cuts == 1
    assert sample["window_cap"] == lim.kv_cap  # kept with the sample, for the report
    gov.observe({"kv_cache_usage": 0.85, "running": 15.0})  # between the relax line and the ceiling: holds
    assert lim.kv_cap == pytest.approx(15.2)
    for _ in range(12):
        gov.observe({"kv_cache_usage": 0.2, "running": 5.0})
    assert lim.kv_cap == float("inf")  # far below: the cap goes away, the limiter's own rules again
    gov.observe({"running": 5.0})  # a sample without KV usage changes nothing
    assert lim.kv_cap == float("inf")


def _fake_vllm(tmp_path: Path, name: str, kv_tokens: int) -> tuple[subprocess.Popen, str]:
    record = tmp_path / f"fake-{name}.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent / "fakes" / "vllm"), os.environ.get("PYTHONPATH", "")]),
               FAKE_VLLM_RECORD=str(record), FAKE_VLLM_STARTUP_S="0", FAKE_VLLM_DELAY_S="0.4",
               FAKE_VLLM_KV_TOKENS=str(kv_tokens))
    proc = subprocess.Popen([sys.executable, "-m", "vllm.entrypoints.openai.api_server", "--model", "fake-model",
                             "--port", "0"], env=env)
    for _ in range(200):
        if record.exists() and record.read_text():
            return proc, f"http://127.0.0.1:{json.loads(record.read_text())['port']}/v1"
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the fake vLLM did not start")


def _run(tmp_path: Path, name: str, ceiling: float) -> tuple[list[float], int, list[dict]]:
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 96, sorted(p.stem for p in CORPUS.glob("*.md")))
    proc, url = _fake_vllm(tmp_path, name, 1500)
    try:
        run(load_config(None, {
            "run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp_path / name), "run.agents": 24,
            "agent.max_steps": 0, "endpoints.v.base_url": url, "endpoints.v.model": "fake-model",
            "endpoints.v.max_concurrency": 24, "endpoints.v.kv_ceiling": ceiling, "roles.agent": "v",
            "metering.metrics_interval_s": 0.25}), progress=False)
        with urllib.request.urlopen(url.rsplit("/v1", 1)[0] + "/fake_stats", timeout=5) as r:
            stats = json.load(r)
    finally:
        proc.terminate()
        proc.wait(10)
    db = sqlite3.connect(tmp_path / name / "journal.sqlite")
    samples = [json.loads(b) for (b,) in db.execute("SELECT body FROM metrics ORDER BY rowid")]
    db.close()
    return [s["kv_cache_usage"] for s in samples if "kv_cache_usage" in s], stats["max_running"], samples


def test_with_a_ceiling_the_fake_servers_kv_usage_stays_under_it_and_without_one_it_does_not(tmp_path):
    free, free_max, _ = _run(tmp_path, "free", 0)
    held, held_max, samples = _run(tmp_path, "held", 0.9)
    busy_free = [u for u in free if u > 0]
    assert busy_free and statistics.median(busy_free) > 0.9  # uncapped, the window fills the fake cache past 0.9
    cut = next(i for i, s in enumerate(samples) if s.get("window_cap", 1e9) < 24)
    after = [s["kv_cache_usage"] for s in samples[cut + 1:] if s.get("kv_cache_usage")]
    assert after and statistics.median(after) <= 0.9  # once it has seen the ceiling, usage is kept under it
    assert held_max < free_max  # the fake's own count of requests it ran at once
