"""A real run on the embedded llama.cpp model, metered: the journal's token sums equal what the server
reported, counted by a recording proxy on the wire between assay and the real server."""
from __future__ import annotations

import pytest

from assay.config import load_config
from assay.journal import Journal
from assay.report import run_report
from assay.report.data import build, load
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from fakes.hosted import RecordingProxy, busy_seconds

pytestmark = pytest.mark.model


def test_real_run_sums_equal_the_servers_usage(llama_server, tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text("".join(demo_seeds_path().read_text().splitlines(keepends=True)[:2]))
    with RecordingProxy(llama_server.base_url) as proxy:
        cfg = load_config(None, {
            "run.seeds": str(seeds), "run.corpus": str(demo_seeds_path().parent / "corpus"), "run.out": str(tmp_path / "run"),
            "run.agents": 2, "agent.max_steps": 1, "agent.max_completion_tokens": 160,
            "endpoints.real.base_url": proxy.base_url, "endpoints.real.model": "smollm2",
            "endpoints.real.backend": "cpu-llamacpp", "endpoints.real.structured_output": "json_object_schema",
            "roles.agent": "real", "metering.metrics_interval_s": 0.5,
            # Figures for this machine, as a user would set them, so energy and cost are computed.
            "backends.cpu-llamacpp.board_power_w": 65.0, "backends.cpu-llamacpp.price_per_device_hour_usd": 0.10,
        })
        summary = run(cfg, progress=False)
    journal = Journal(summary.run_dir)
    recs = list(journal.records())
    journal.close()
    calls = [c for r in recs for c in r.calls]
    assert len(recs) == 2 and len(calls) == proxy.sums["calls"] > 0
    assert sum(r.usage.prompt_tokens for r in recs) == proxy.sums["prompt_tokens"]
    assert sum(r.usage.completion_tokens for r in recs) == proxy.sums["completion_tokens"]
    assert "GET /metrics" in proxy.paths  # asked once or more; llama.cpp has none, which is normal
    report = build(load(summary.run_dir))
    backend = report["by_backend"]["cpu-llamacpp"]
    assert backend["prompt_tokens"] == proxy.sums["prompt_tokens"] and backend["calls"] == proxy.sums["calls"]
    assert report["server_metrics"] == {}
    # The model profile came from the GGUF: SmolLM2-135M, 23,040 KV bytes per token.
    for c in calls:
        e = c.estimate
        assert e.kv_peak_bytes == 23040 * (c.prompt_tokens + c.completion_tokens)
        assert e.flops > 2 * 130e6 * (c.prompt_tokens + c.completion_tokens)
        assert 0 < e.device_s <= c.wall_s + 0.01
        assert e.energy_j == pytest.approx(e.device_s * 65.0)
        assert e.cost_usd == pytest.approx(e.device_s * 0.10 / 3600)
    # llama.cpp serves one request at a time: device shares add up to the busy span, not to the sum of walls.
    assert sum(c.estimate.device_s for c in calls) == pytest.approx(busy_seconds(calls), rel=0.05, abs=0.05)
    text = run_report([str(summary.run_dir)])
    assert "cpu-llamacpp" in text and "acceptance funnel" in text
