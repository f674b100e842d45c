"""A vLLM server is found and sampled whatever backend profile the endpoint names (`--endpoint` defaults to
hosted-generic), n = k is metered as the server counts it, and the report says what is unknown and why.

Real vLLM cannot run here, so `python -m vllm.entrypoints.openai.api_server` is the FAKE in tests/fakes/vllm:
it speaks vLLM's wire and /metrics names, and counts n = k as vLLM 0.32 was measured to (issue 24).
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assay.config import EndpointConfig, load_config
from assay.endpoint.client import EndpointClient
from assay.endpoint.wire import parse_usage
from assay.journal import Journal
from assay.metering.detect import detect, from_metrics, from_models, hint
from assay.metering.meter import Agg, cached_known, prefilled
from assay.metering.server_metrics import MetricsSampler, parse_prometheus
from assay.records import CallUsage
from assay.report import run_report
from assay.report.data import build, load
from assay.report.server import counters, summary
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from fakes.research import write_seeds

HERE = Path(__file__).resolve().parent
CORPUS = demo_seeds_path().parent / "corpus"


@pytest.fixture
def fake_vllm(tmp_path):
    """The FAKE vLLM on a free loopback port, holding each request 50 ms so KV usage shows; yields its /v1 URL."""
    record = tmp_path / "fake_vllm.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent / "fakes" / "vllm"), os.environ.get("PYTHONPATH", "")]),
               FAKE_VLLM_RECORD=str(record), FAKE_VLLM_STARTUP_S="0", FAKE_VLLM_DELAY_S="0.05")
    proc = subprocess.Popen([sys.executable, "-m", "vllm.entrypoints.openai.api_server", "--model", "fake-model",
                             "--port", "0"], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not record.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        launched = json.loads(record.read_text())
        yield f"http://127.0.0.1:{launched['port']}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        try:
            os.kill(launched["engine_pid"], 15)
        except (ProcessLookupError, NameError):
            pass


def test_vllm_behind_endpoint_is_found_sampled_to_the_end_and_matches_the_calls(tmp_path, fake_vllm):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 4, sorted(p.stem for p in CORPUS.glob("*.md")))
    out = tmp_path / "run"
    cfg = load_config(None, {"run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(out),
                             "endpoints.cli.base_url": fake_vllm, "endpoints.cli.model": "fake-model",
                             "roles.agent": "cli", "agent.max_steps": 2, "metering.metrics_interval_s": 0.05})
    assert cfg.endpoints["cli"].backend == "hosted-generic"  # what --endpoint gives a user today
    run(cfg, progress=False)
    report = build(load(out))

    assert report["servers"]["cli"]["server"] == "vllm" and report["servers"]["cli"]["metrics"]
    assert report["servers"]["cli"]["version"] == "0.32.0+fake"
    s = report["server_metrics"]["cli"]
    assert s["final_sample"]  # taken after the last call, so the counters cover every call
    # n = 1 everywhere: the server's counters equal the calls' usage exactly (as against real vLLM, issue 24).
    counted, calls = s["counted"], s["calls_reported"]
    for key in ("prompt_tokens", "cached_tokens", "prefilled_tokens", "completion_tokens"):
        assert counted[key] == calls[key], key
    assert counted["requests_finished"] == calls["calls"] == calls["choices"]
    assert calls["cached_tokens"] > 0
    # The hit rate is weighted by tokens: all hits over all queries.
    assert s["prefix_hit_rate"] == pytest.approx(counted["cached_tokens"] / counted["prompt_tokens"])
    series = report["kv_usage_series"]["cli"]
    assert len(series) == s["samples"] >= 2 and max(p["kv_cache_usage"] for p in series) > 0
    assert [p["t"] for p in series] == sorted(p["t"] for p in series)

    # What stays unknown says why and what to do; cached figures are known here.
    notes = "\n".join(report["unknown"])
    assert "vLLM server" in notes and "hosted profile 'hosted-generic'" in notes and "--backend cpu-vllm" in notes
    assert "cached and prefilled tokens unknown" not in notes
    assert report["by_backend"]["hosted-generic"]["cached_pct"] is not None

    page = tmp_path / "r.html"
    text = run_report([str(out)], html_path=str(page))
    assert "server counted" in text and "calls reported" in text and "--backend cpu-vllm" in text
    assert "call-seconds" in text and "run wall time" in text
    html = page.read_text()
    assert 'id="plot-kv-usage"' in html and "<polyline" in html


def test_n_choices_are_recorded_and_the_servers_count_of_them_is_shown(tmp_path, fake_vllm):
    async def go():
        client = EndpointClient("v", EndpointConfig(base_url=fake_vllm, model="fake-model", max_retries=0), fake_vllm)
        journal = Journal(tmp_path / "j")
        msgs = [{"role": "system", "content": "x" * 2000}, {"role": "user", "content": "Question: what?"}]
        try:
            async with MetricsSampler(journal, {"v": fake_vllm}, 0.05):
                one = await client.chat(msgs, role="validator:consistency", n=1)
                three = await client.chat(msgs, role="validator:consistency", n=3)
            samples = [(t, json.loads(body)) for t, body in journal.db.execute("SELECT t, body FROM metrics ORDER BY t")]
        finally:
            await client.close()
            journal.close()
        return one.usage, three.usage, samples

    one, three, samples = asyncio.run(go())
    P = one.prompt_tokens
    assert (one.n, three.n) == (1, 3) and three.prompt_tokens == P  # the usage counts the prompt once...
    assert three.completion_tokens == 3 * one.completion_tokens
    assert prefilled(one) == P - one.cached_tokens and prefilled(three) is None  # ...so its prefill is unknown
    agg = Agg()
    agg.add(one)
    agg.add(three)
    s = summary(samples, agg)
    # ...while the server ran it once per choice: 4 prompts, the later two choices from the first one's blocks.
    blocks = ((P - 1) // 128) * 128
    assert s["counted"]["prompt_tokens"] == 4 * P and s["counted"]["requests_finished"] == 4
    assert s["counted"]["cached_tokens"] == one.cached_tokens + three.cached_tokens + 2 * blocks
    assert s["counted"]["prefilled_tokens"] == 4 * P - s["counted"]["cached_tokens"]
    assert s["calls_reported"] == {"calls": 2, "choices": 4, "prompt_tokens": 2 * P,
                                   "cached_tokens": one.cached_tokens + three.cached_tokens, "prefilled_tokens": None,
                                   "completion_tokens": one.completion_tokens + three.completion_tokens}


def test_detection_from_metric_names_owned_by_and_the_hint_for_each_server():
    assert from_metrics(parse_prometheus('vllm:num_requests_running{engine="0"} 1\n')) == "vllm"
    assert from_metrics(parse_prometheus("sglang:token_usage 0.2\n")) == "sglang"
    assert from_metrics(parse_prometheus("llamacpp:kv_cache_usage_ratio 0.5\n")) == "llama.cpp"
    assert from_metrics(parse_prometheus("python_gc_objects_collected_total 3\n")) is None
    assert from_models('{"data": [{"id": "m", "owned_by": "me"}]}') == "llama-cpp-python"
    assert from_models('{"data": [{"id": "m", "owned_by": "sglang"}]}') == "sglang"
    assert from_models("not json") is None
    assert "--metrics" in hint({"server": "llama.cpp", "metrics": False}, 5.0)
    assert "--enable-metrics" in hint({"server": "sglang", "metrics": False}, 5.0)
    assert "no /metrics" in hint({"server": "llama-cpp-python", "metrics": False}, 5.0)
    assert "--metrics-interval" in hint({}, 0.0) and hint({"server": "vllm", "metrics": True}, 5.0) is None
    assert detect("http://127.0.0.1:9/v1", timeout_s=0.5)["server"] is None  # nothing listening: nothing claimed


def test_cached_tokens_known_only_where_the_server_says_them():
    assert parse_usage({"usage": {"prompt_tokens": 10}})["cached_reported"] is False  # llama-cpp-python
    llama_server = parse_usage({"usage": {"prompt_tokens": 410, "completion_tokens": 40},
                                "timings": {"cache_n": 290, "prompt_n": 120}})
    assert (llama_server["cached_tokens"], llama_server["cached_reported"]) == (290, True)
    vllm = parse_usage({"usage": {"prompt_tokens": 10, "prompt_tokens_details": {"cached_tokens": 0}}})
    assert (vllm["cached_tokens"], vllm["cached_reported"]) == (0, True)  # a real zero
    old = CallUsage(role="agent", endpoint="e", backend="b", model="m", prompt_tokens=10)  # before the field existed
    assert not cached_known(old) and cached_known(old.model_copy(update={"cached_tokens": 4}))
    agg = Agg()
    agg.add(old)
    assert agg.as_dict()["cached_pct"] is None and agg.as_dict()["cached_tokens"] is None  # "unknown", not 0.0%


def test_counters_skip_the_gap_between_run_parts_and_survive_a_restart():
    samples = [(0.0, {"prompt_tokens": 100.0, "part_start": 1.0}), (1.0, {"prompt_tokens": 150.0}),
               (9.0, {"prompt_tokens": 900.0, "part_start": 1.0}),  # resumed later: 750 were someone else's
               (10.0, {"prompt_tokens": 40.0})]  # the server restarted: it counts from zero again
    assert counters(samples) == {"prompt_tokens": 50.0 + 40.0}
