"""Metering end to end against FAKE Groq-, Cerebras- and vLLM-shaped servers (they cannot be reached here):
usage and timings parsed, costs from the price table, /metrics sampled, budgets stop a run, reports."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assay.config import load_config
from assay.journal import Journal
from assay.profiles import shipped_backends, shipped_models
from assay.report import run_report
from assay.report.data import build, load, reprice
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from assay.metering.server_metrics import MetricsSampler, parse_prometheus, server_sample, with_rates
from fakes.hosted import FakeProvider, busy_seconds

CORPUS = demo_seeds_path().parent / "corpus"
LLAMA_8B = shipped_models()["meta-llama/Llama-3.1-8B-Instruct"]


def seeds_file(tmp_path: Path, n: int) -> Path:
    sources = ["mars", "honeybees", "water", "penicillin"]
    path = tmp_path / "seeds.jsonl"
    path.write_text("".join(json.dumps({"id": f"s{i}", "question": f"What does the {sources[i % 4]} source say first?",
                                        "sources": [sources[i % 4]]}) + "\n" for i in range(n)))
    return path


def run_on(fake: FakeProvider, tmp_path: Path, backend: str, n: int = 3, name: str = "run", **extra):
    overrides = {"run.seeds": str(seeds_file(tmp_path, n)), "run.corpus": str(CORPUS), "run.out": str(tmp_path / name),
                 "run.agents": 2, "agent.max_steps": 1, "endpoints.fake.base_url": fake.base_url,
                 "endpoints.fake.model": fake.model, "endpoints.fake.backend": backend, "roles.agent": "fake",
                 "metering.metrics_interval_s": 0.05,
                 "agent.evidence": "quote",  # the FAKE providers quote their evidence (tests/fakes/hosted.py)
                 **extra}
    return run(load_config(None, overrides), progress=False)


def records(run_dir: Path):
    j = Journal(run_dir)
    try:
        return list(j.records())
    finally:
        j.close()


def T(n: int) -> float:
    return n * (n + 1) / 2


@pytest.mark.parametrize("shape,backend,model", [("groq", "groq-lpu", "llama-3.1-8b-instant"),
                                                 ("cerebras", "cerebras-wse3", "llama3.1-8b")])
def test_hosted_usage_timings_and_cost_from_the_price_table(tmp_path, shape, backend, model):
    with FakeProvider(shape, model) as fake:
        summary = run_on(fake, tmp_path, backend)
        served, probes = dict(fake.sums), dict(fake.probe_sums)
    recs = records(summary.run_dir)
    calls = [c for r in recs for c in r.calls]
    assert probes["calls"] == 1  # one preflight probe of the JSON mode, outside every record (docs/metering.md)
    assert len(calls) == served["calls"] and summary.counts.get("accepted", 0) >= 1
    assert sum(r.usage.prompt_tokens for r in recs) == served["prompt_tokens"]
    assert sum(r.usage.completion_tokens for r in recs) == served["completion_tokens"]
    assert all(c.server_timings == {"queue_time": 0.002, "prompt_time": 0.001, "completion_time": 0.004,
                                    "total_time": 0.007} for c in calls)  # Groq's usage / Cerebras' time_info
    price = shipped_backends()[backend].prices[model]
    expected = (served["prompt_tokens"] * price.input_per_m + served["completion_tokens"] * price.output_per_m) / 1e6
    assert sum(r.usage.cost_usd_est for r in recs) == pytest.approx(expected, rel=1e-9)
    assert all(r.usage.energy_j_est is None for r in recs)  # hosted: no public energy figure, said as unknown
    # FLOPs and KV-cache from the Llama-3.1-8B profile (the alias), restated by hand per call.
    n, L, d, bpt = 8.03e9, 32, 32 * 128, 2 * 32 * 8 * 128 * 2
    for c in calls:
        P, G = c.prompt_tokens, c.completion_tokens
        assert c.estimate.flops == pytest.approx(2 * n * (P + G) + 4 * L * d * T(P + G))
        assert c.estimate.kv_peak_bytes == bpt * (P + G)
        assert c.estimate.kv_gb_s == pytest.approx(bpt * (P + G / 2) * max(0.0, c.wall_s - 0.002) / 1e9)
    report = build(load(summary.run_dir))
    assert report["by_backend"][backend]["cost_usd"] == pytest.approx(expected, rel=1e-9)
    assert report["server_metrics"] == {}  # hosted endpoints are not asked for /metrics


def test_vllm_cached_tokens_device_time_and_metrics_sampling(tmp_path):
    with FakeProvider("vllm", "meta-llama/Llama-3.1-8B-Instruct") as fake:
        summary = run_on(fake, tmp_path, "nvidia-h100-vllm", n=4)
        served, hits = dict(fake.sums), fake.metrics_hits
    recs = records(summary.run_dir)
    calls = [c for r in recs for c in r.calls]
    assert sum(r.usage.cached_tokens for r in recs) == served["cached_tokens"] > 0  # prompt_tokens_details
    h100 = shipped_backends()["nvidia-h100-vllm"]
    for c in calls:
        e = c.estimate
        assert 0 < e.device_s <= c.wall_s + 0.01  # its share of device time, never more than its wall time
        assert e.energy_j == pytest.approx(e.device_s * 700)
        assert e.cost_usd == pytest.approx(e.device_s * h100.price_per_device_hour_usd / 3600)
        C = c.cached_tokens
        P, G = c.prompt_tokens, c.completion_tokens
        assert e.flops == pytest.approx(2 * 8.03e9 * (P - C + G) + 4 * 32 * 4096 * (T(P + G) - T(C)))
    # Device shares add up to the time the endpoint had a call in flight (2 agents ran at once).
    assert sum(c.estimate.device_s for c in calls) == pytest.approx(busy_seconds(calls), rel=0.05, abs=0.02)
    assert hits >= 1
    data = load(summary.run_dir)
    samples = data.server["fake"]
    assert samples and samples[0][1]["kv_cache_usage"] == 0.25 and samples[0][1]["running"] == 2.0
    summary_m = build(data)["server_metrics"]["fake"]
    assert summary_m["kv_cache_usage_max"] == 0.25 and summary_m["waiting_max"] == 1.0


def test_prometheus_text_parsing_and_rates():
    text = ("# HELP vllm:kv_cache_usage_perc KV-cache usage.\n# TYPE vllm:kv_cache_usage_perc gauge\n"
            'vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.5\n'
            'vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.25\n'
            'vllm:prefix_cache_queries_total{engine="0",model_name="m"} 1000 1700000000000\n'
            "vllm:prefix_cache_hits_total 640\n"
            'vllm:num_requests_waiting{model_name="a,b}c"} NaN\n'
            "garbage line\n")
    raw = parse_prometheus(text)
    assert raw["vllm:kv_cache_usage_perc"] == 0.75  # summed over engines
    assert raw["vllm:prefix_cache_queries_total"] == 1000.0 and raw["vllm:prefix_cache_hits_total"] == 640.0
    assert "vllm:num_requests_waiting" not in raw
    sample = server_sample(raw)
    assert sample == {"kv_cache_usage": 0.75, "prefix_cache_queries": 1000.0, "prefix_cache_hits": 640.0}
    later = {"prefix_cache_queries": 1256.0, "prefix_cache_hits": 768.0, "generation_tokens": 50.0}
    rates = with_rates(later, {**sample, "generation_tokens": 10.0}, dt=2.0)
    assert rates["prefix_hit_rate"] == 0.5 and rates["generation_tok_s"] == 20.0


def test_an_endpoint_without_metrics_is_normal(tmp_path):
    with FakeProvider("plain", "m") as fake:  # answers 404 at /metrics, like llama.cpp
        journal = Journal(tmp_path)

        async def go():
            async with MetricsSampler(journal, {"x": fake.base_url, "dead": "http://127.0.0.1:9/v1"}, 0.01) as s:
                await asyncio.sleep(0.3)
            return s

        sampler = asyncio.run(go())
        rows = journal.db.execute("SELECT COUNT(*) FROM metrics").fetchone()[0]
        journal.close()
    assert rows == 0 and sampler.samples == {"x": 0, "dead": 0}


def test_run_token_budget_stops_scheduling_cleanly_then_resumes(tmp_path):
    with FakeProvider("groq", "llama-3.1-8b-instant") as fake:
        summary = run_on(fake, tmp_path, "groq-lpu", n=8, **{"budget.max_tokens": 1500, "run.agents": 1})
        first = len(records(summary.run_dir))
        assert summary.stopped_by is not None and "run token budget reached" in summary.stopped_by
        assert "--max-tokens 1500" in summary.stopped_by and 0 < first < 8
        saved = json.loads((summary.run_dir / "summary.json").read_text())
        assert saved["stopped_by"] == summary.stopped_by
        # Every recorded seed is whole; the run spent at most one call past the budget per agent.
        resumed = run_on(fake, tmp_path, "groq-lpu", n=8, **{"budget.max_tokens": 10**6})
    assert resumed.stopped_by is None and resumed.skipped == first and len(records(resumed.run_dir)) == 8


def test_seed_token_budget_fails_the_seed_with_the_reason(tmp_path):
    with FakeProvider("cerebras", "llama3.1-8b") as fake:
        summary = run_on(fake, tmp_path, "cerebras-wse3", n=2, **{"budget.seed_max_tokens": 50})
    recs = records(summary.run_dir)
    assert len(recs) == 2 and all(r.status.value == "failed" for r in recs)
    assert all("seed token budget reached" in r.reason and "--max-seed-tokens 50" in r.reason for r in recs)
    assert all(len(r.calls) == 1 for r in recs)  # the first call spent the budget; the second was not sent


def test_cli_budget_flag_and_report_commands(tmp_path):
    with FakeProvider("groq", "llama-3.1-8b-instant") as fake:
        cmd = [sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model", fake.model,
               "--backend", "groq-lpu", "--seeds", str(seeds_file(tmp_path, 6)), "--corpus", str(CORPUS),
               "--out", str(tmp_path / "cli"), "--agents", "1", "--max-steps", "1", "--max-cost", "0.00005",
               "--no-progress"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "stopped early, run cost budget reached" in done.stdout and "--max-cost 5e-05" in done.stdout
    rep = subprocess.run([sys.executable, "-m", "assay", "report", str(tmp_path / "cli"), "--json"],
                         capture_output=True, text=True, timeout=60)
    assert rep.returncode == 0 and json.loads(rep.stdout)["by_backend"]["groq-lpu"]["cost_usd"] >= 0.00005
    missing = subprocess.run([sys.executable, "-m", "assay", "report", str(tmp_path / "nothing")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "not an assay run directory" in missing.stderr


class SVGs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.svgs: dict[str, dict] = {}
        self.current: str | None = None
        self.tables = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.current = a.get("id")
            self.svgs[self.current] = {"rect": 0, "title": ""}
        elif tag == "rect" and self.current:
            self.svgs[self.current]["rect"] += 1
        elif tag == "table":
            self.tables += 1
        elif tag in ("script", "link", "img"):
            raise AssertionError(f"not self-contained: <{tag}>")

    def handle_endtag(self, tag):
        if tag == "svg":
            self.current = None

    def handle_data(self, data):
        if self.current and not self.svgs[self.current]["title"]:
            self.svgs[self.current]["title"] = data


def test_reports_two_runs_side_by_side_html_reprice_and_explain(tmp_path):
    with FakeProvider("groq", "llama-3.1-8b-instant") as groq, FakeProvider("vllm", "meta-llama/Llama-3.1-8B-Instruct") as vllm:
        a = run_on(groq, tmp_path, "groq-lpu", name="a").run_dir
        b = run_on(vllm, tmp_path, "nvidia-h100-vllm", name="b").run_dir
    page = tmp_path / "report.html"
    text = run_report([str(a), str(b)], html_path=str(page), reprice_target="nvidia-h200-vllm")
    assert f"A = {a}" in text and f"B = {b}" in text and "cost $ / accepted*" in text
    assert "PROJECTION" in text
    parser = SVGs()
    parser.feed(page.read_text())
    for plot in ("plot-throughput", "plot-funnel", "plot-cost", "plot-context", "plot-throughput-b", "plot-context-b"):
        assert plot in parser.svgs and parser.svgs[plot]["rect"] > 0, plot
    assert parser.svgs["plot-funnel"]["title"].startswith("Acceptance funnel")
    assert parser.tables >= 5  # side by side + per backend / per role of each run
    # Reprice H100 -> H200: device time scaled by bandwidth 3350/4800, priced at the H200's hour.
    data_b = load(b)
    device = sum(c.estimate.device_s for c in data_b.calls)
    r = reprice(data_b, "nvidia-h200-vllm")
    assert r["label"].startswith("PROJECTION") and r["device_s"] == pytest.approx(device * 3350 / 4800)
    assert r["cost_usd"] == pytest.approx(device * 3350 / 4800 * 3.59 / 3600)
    hosted = reprice(data_b, "cerebras-wse3:llama3.1-8b")
    tokens = sum(c.prompt_tokens + c.completion_tokens for c in data_b.calls)
    assert hosted["cost_usd"] == pytest.approx(tokens * 0.10 / 1e6)
    assert reprice(data_b, "groq-lpu")["cost_usd"] is None  # the run's model has no Groq price: said, not guessed
    explained = run_report([str(a)], show_explain=True)
    assert "FLOPs      = 2 * N_active" in explained and "https://groq.com/pricing" in explained
    assert "meta-llama/Llama-3.1-8B-Instruct" in explained
