"""The real server: tokens/s of the embedded llama.cpp server through assay vs the same requests sent
directly, one after another. Run it under `flock /tmp/assay-model.lock` (run.py does).

assay runs the shipped demo seeds in direct mode (one call per seed) with 4 agents; every request
body it sends is recorded at the transport, then replayed byte for byte by a plain HTTP loop.
Passes alternate (assay, direct, assay, direct, ...) so the server's warm-up favours neither.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from measure import report


def assay_pass(base_url: str, work: Path, i: int, agents: int, limit: int, bodies: list[dict]) -> tuple[int, float]:
    from assay import runner, transport
    from assay.config import Config
    from assay.seeds import demo_seeds_path

    original = transport.Transport.request

    async def recording(self, method, path, body=None, headers=None):
        if path.endswith("/chat/completions") and body is not None:
            bodies.append(json.loads(json.dumps(body)))
        return await original(self, method, path, body, headers)
    transport.Transport.request = recording
    cfg = Config.model_validate({
        "run": {"seeds": str(demo_seeds_path()), "out": str(work / f"run{i}"), "agents": agents, "limit": limit},
        "agent": {"plan": False, "max_steps": 0},
        "endpoints": {"llama": {"base_url": base_url, "model": "smollm2", "max_concurrency": agents,
                                "structured_output": "json_object_schema", "backend": "cpu-llamacpp",
                                "context_window": 2048}},
        "roles": {"agent": "llama"},
    })
    windows = []
    execute = runner.Job.execute

    async def timed(self, *a, **kw):
        t0 = time.perf_counter()
        try:
            return await execute(self, *a, **kw)
        finally:
            windows.append(time.perf_counter() - t0)
    runner.Job.execute = timed
    try:
        runner.run(cfg, fresh=True, progress=False)
    finally:
        runner.Job.execute = execute
        transport.Transport.request = original
    import sqlite3
    db = sqlite3.connect(work / f"run{i}" / "journal.sqlite")
    tokens = sum(json.loads(b).get("completion_tokens", 0) for (b,) in db.execute("SELECT body FROM calls"))
    return tokens, windows[0]


def direct_pass(base_url: str, bodies: list[dict]) -> tuple[int, float]:
    tokens, t0 = 0, time.perf_counter()
    for body in bodies:
        req = urllib.request.Request(base_url + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as r:
            tokens += json.loads(r.read())["usage"]["completion_tokens"]
    return tokens, time.perf_counter() - t0


def main(args: argparse.Namespace) -> None:
    from assay.local_server import LocalServer

    work = Path(tempfile.mkdtemp(prefix="assay-llama-bench-"))
    assay_tps, direct_tps, a_tokens, d_tokens = [], [], 0, 0
    with LocalServer(n_ctx=2048, log_path=work / "server.log") as server:
        for i in range(args.rounds):
            bodies: list[dict] = []
            a_tokens, a_s = assay_pass(server.base_url, work, i, args.agents, args.seeds, bodies)
            d_tokens, d_s = direct_pass(server.base_url, bodies)
            assay_tps.append(a_tokens / a_s)
            direct_tps.append(d_tokens / d_s)
            print(f"round {i}: assay {a_tokens} tok in {a_s:.1f}s, direct {d_tokens} tok in {d_s:.1f}s", flush=True)
    report({"assay_tps": statistics.median(assay_tps), "direct_tps": statistics.median(direct_tps),
            "assay_runs": assay_tps, "direct_runs": direct_tps, "assay_tokens": a_tokens, "direct_tokens": d_tokens,
            "agents": args.agents, "seeds": args.seeds})


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seeds", type=int, default=8)
    p.add_argument("--agents", type=int, default=4)
    main(p.parse_args())
