"""FAKE hosted-provider and vLLM servers on loopback, and a recording proxy, for metering tests only.

Groq, Cerebras and vLLM on a GPU cannot be reached here, so this imitates their wire: the usage shapes
(Groq timings inside `usage`, Cerebras `time_info`, vLLM `prompt_tokens_details.cached_tokens` in
128-token blocks) and vLLM's Prometheus /metrics text. It answers an agent episode (plan, answer,
insight quoting the cited source) and keeps the sums of every usage it sent, to check the meter against.
The recording proxy is not a fake: it forwards to the real llama.cpp server and sums what it forwards.
"""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fakes.openai import completion

SHAPES = ("groq", "cerebras", "vllm", "plain")


def research_reply(req: dict) -> str:
    """Plan, then answer at once, then an insight quoting the first sentence of the cited source."""
    fmt = req.get("response_format") or {}
    schema = json.dumps(fmt.get("json_schema", {}).get("schema") or fmt.get("schema") or {})
    if "sub_questions" in schema:
        return json.dumps({"sub_questions": ["What does the source say?"]})
    if '"tool"' in schema:
        return json.dumps({"thought": "the source answers it", "tool": "answer", "input": ""})
    system = req["messages"][0]["content"]
    m = re.search(r"\[(\w+)\]\n(?:#[^\n]*\n+)?([^\n]*?\.)(?:\s|$)", system)
    sid, sentence = (m.group(1), m.group(2)) if m else ("unknown", "Nothing found here at all.")
    return json.dumps({"evidence": [{"source_id": sid, "quote": sentence}], "claim": sentence,
                       "reasoning": [f"1. The source {sid} states it: {sentence}"], "confidence": 0.8})


class Loopback:
    """A threaded HTTP server on a free loopback port, started and stopped as a context manager."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def busy_seconds(calls) -> float:
    """Time at least one of the calls was in flight (the union of their intervals)."""
    busy, end = 0.0, float("-inf")
    for s, e in sorted((c.started_at, c.started_at + c.wall_s) for c in calls):
        busy += max(0.0, e - max(s, end))
        end = max(end, e)
    return busy


class FakeProvider(Loopback):
    """One FAKE endpoint at `base_url` (…/v1) answering in `shape`; /metrics too when shape is vllm."""

    def __init__(self, shape: str, model: str):
        assert shape in SHAPES
        self.shape, self.model = shape, model
        self.lock = threading.Lock()
        self.sums = {"calls": 0, "prompt_tokens": 0, "cached_tokens": 0, "completion_tokens": 0}
        self.probe_sums = {"calls": 0, "prompt_tokens": 0, "cached_tokens": 0, "completion_tokens": 0}
        self.metrics_hits = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _send(self, status: int, body: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, json.dumps({"object": "list", "data": [{"id": fake.model}]}).encode(), "application/json")
                elif self.path == "/metrics" and fake.shape == "vllm":
                    fake.metrics_hits += 1
                    self._send(200, fake.metrics_text().encode(), "text/plain; version=0.0.4")
                else:
                    self._send(404, b'{"detail":"Not Found"}', "application/json")

            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                self._send(200, json.dumps(fake.answer(req)).encode(), "application/json")

        self._serve(Handler)

    def answer(self, req: dict) -> dict:
        content = research_reply(req)
        prompt = sum(len(m["content"]) for m in req["messages"]) // 4
        done = len(content) // 4
        # vLLM caches whole 128-token blocks of a prefix it has seen: the conversation so far.
        earlier = sum(len(m["content"]) for m in req["messages"][:-1]) // 4
        cached = (earlier // 128) * 128 if self.shape == "vllm" and len(req["messages"]) > 2 else 0
        probe = '{"ok": true}' in req["messages"][-1]["content"]  # assay's preflight probe: no record holds it
        with self.lock:
            sums = self.probe_sums if probe else self.sums
            for key, n in (("calls", 1), ("prompt_tokens", prompt), ("cached_tokens", cached), ("completion_tokens", done)):
                sums[key] += n
        timings = {"queue_time": 0.002, "prompt_time": 0.001, "completion_time": 0.004, "total_time": 0.007}
        if self.shape == "groq":
            return completion(content, prompt_tokens=prompt, completion_tokens=done, model=self.model, usage_extra=timings)
        if self.shape == "cerebras":
            return completion(content, prompt_tokens=prompt, completion_tokens=done, model=self.model, time_info=timings)
        if self.shape == "vllm":
            return completion(content, prompt_tokens=prompt, completion_tokens=done, model=self.model,
                              usage_extra={"prompt_tokens_details": {"cached_tokens": cached}})
        return completion(content, prompt_tokens=prompt, completion_tokens=done, model=self.model)

    def metrics_text(self) -> str:
        """vLLM's exposition format with its real metric names; counters follow what was served."""
        s = self.sums
        lab = 'engine="0",model_name="%s"' % self.model
        return "\n".join([
            "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.",
            "# TYPE vllm:kv_cache_usage_perc gauge",
            f"vllm:kv_cache_usage_perc{{{lab}}} 0.25",
            "# TYPE vllm:num_requests_running gauge",
            f"vllm:num_requests_running{{{lab}}} 2.0",
            f"vllm:num_requests_waiting{{{lab}}} 1.0",
            "# TYPE vllm:prefix_cache_queries_total counter",
            f"vllm:prefix_cache_queries_total{{{lab}}} {float(s['prompt_tokens'])}",
            f"vllm:prefix_cache_hits_total{{{lab}}} {float(s['cached_tokens'])}",
            f"vllm:prompt_tokens_total{{{lab}}} {float(s['prompt_tokens'])}",
            f'vllm:generation_tokens_total{{{lab}}} {float(s["completion_tokens"])}',
            f'vllm:request_success_total{{finished_reason="stop",{lab}}} {float(s["calls"])}',
            f'vllm:request_success_total{{finished_reason="length",{lab}}} 0.0',
            "",
        ])


class RecordingProxy(Loopback):
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
                probe = body is not None and b'{\\"ok\\": true}' in body  # assay's preflight probe: in no record
                if self.command == "POST" and status == 200 and not probe:
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

        self._serve(Handler)
