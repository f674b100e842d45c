"""A real run on the embedded llama.cpp model, metered: the journal's token sums equal what the server
reported, counted by a recording proxy on the wire between assay and the real server."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assay.config import load_config
from assay.journal import Journal
from assay.report import build, load, run_report
from assay.runner import run
from assay.seeds import demo_seeds_path

pytestmark = pytest.mark.model


class RecordingProxy:
    """Forwards every request to the real server unchanged and sums the usage of the replies it forwards."""

    def __init__(self, upstream_base: str):
        self.upstream = upstream_base.rstrip("/").removesuffix("/v1")
        self.sums = {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0}
        self.paths: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _forward(self, body: bytes | None) -> None:
                proxy.paths.append(f"{self.command} {self.path}")
                req = urllib.request.Request(proxy.upstream + self.path, data=body, method=self.command,
                                             headers={"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(req, timeout=600) as r:
                        status, raw = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, raw = e.code, e.read()
                if self.command == "POST" and status == 200:
                    usage = json.loads(raw).get("usage") or {}
                    proxy.sums["calls"] += 1
                    proxy.sums["prompt_tokens"] += usage.get("prompt_tokens", 0)
                    proxy.sums["completion_tokens"] += usage.get("completion_tokens", 0)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self):
                self._forward(None)

            def do_POST(self):
                self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "RecordingProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


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
    spans = sorted((c.started_at, c.started_at + c.wall_s) for c in calls)
    busy, end = 0.0, float("-inf")
    for s, e in spans:
        busy += max(0.0, e - max(s, end))
        end = max(end, e)
    assert sum(c.estimate.device_s for c in calls) == pytest.approx(busy, rel=0.05, abs=0.05)
    text = run_report([str(summary.run_dir)])
    assert "cpu-llamacpp" in text and "acceptance funnel" in text
