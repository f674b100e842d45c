"""The real server: tokens/s of the embedded llama.cpp server through assay vs the same requests sent
directly, one after another. Run it under `flock /tmp/assay-model.lock` (run.py does).

assay runs the shipped demo seeds in direct mode (one call per seed) with 4 agents; every request
body it sends is recorded at the transport, then replayed byte for byte by a plain HTTP loop.
Each round runs assay as configured by default (the embedded endpoint admits one request at a time),
the same requests directly, and assay with --in-flight requests admitted (4: the setting before that
default), in an order that alternates from round to round so the server's drift favours none of them.
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


def assay_pass(base_url: str, work: Path, i: int, agents: int, limit: int, bodies: list[dict],
               in_flight: int | None = None) -> tuple[int, float]:
    from assay.run import runner
    from assay.endpoint import transport
    from assay.config import Config
    from assay.seeds import demo_seeds_path

    original = transport.Http1Transport.request

    async def recording(self, method, path, data=None, headers=None):
        if path.endswith("/chat/completions") and data is not None and b'{\\"ok\\": true}' not in data:
            bodies.append(json.loads(data))  # as serialised for the wire; the preflight probe is not a seed's call
        return await original(self, method, path, data, headers)
    transport.Http1Transport.request = recording
    cfg = Config.model_validate({
        "run": {"seeds": str(demo_seeds_path()), "out": str(work / f"run{i}"), "agents": agents, "limit": limit},
        "agent": {"plan": False, "max_steps": 0},
        # The embedded endpoint as `assay run` configures it (no base_url: started by the job), here pointed
        # at the server this benchmark started so both clients share it.
        "endpoints": {"local": {"backend": "cpu-llamacpp", "context_window": 2048,
                                **({"max_concurrency": in_flight} if in_flight else {})}},
    })
    windows = []
    execute = runner.EXECUTORS["local"]

    async def timed(*a, **kw):
        t0 = time.perf_counter()
        try:
            return await execute(*a, **kw)
        finally:
            windows.append(time.perf_counter() - t0)
    runner.EXECUTORS["local"] = timed
    try:
        with _embedded_at(base_url):
            runner.run(cfg, fresh=True, progress=False)
    finally:
        runner.EXECUTORS["local"] = execute
        transport.Http1Transport.request = original
    import sqlite3
    db = sqlite3.connect(work / f"run{i}" / "journal.sqlite")
    tokens = sum(json.loads(b).get("completion_tokens", 0) for (b,) in db.execute("SELECT body FROM calls"))
    return tokens, windows[0]


class _embedded_at:
    """runner.run starts no second server: LocalServer is swapped for the one already up at base_url."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def __enter__(self):
        from assay.run import runner
        self.original, url = runner.LocalServer, self.base_url

        class Running:
            base_url = url

            def __init__(self, *a, **kw):
                pass

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return None
        runner.LocalServer = Running

    def __exit__(self, *exc):
        from assay.run import runner
        runner.LocalServer = self.original


def direct_pass(base_url: str, bodies: list[dict]) -> tuple[int, float]:
    tokens, t0 = 0, time.perf_counter()
    for body in bodies:
        req = urllib.request.Request(base_url + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as r:
            tokens += json.loads(r.read())["usage"]["completion_tokens"]
    return tokens, time.perf_counter() - t0


def main(args: argparse.Namespace) -> None:
    from assay.endpoint.llama_server import LocalServer

    work = Path(tempfile.mkdtemp(prefix="assay-llama-bench-"))
    assay_tps, direct_tps, open_tps = [], [], []
    with LocalServer(n_ctx=2048, log_path=work / "server.log") as server:
        bodies: list[dict] = []
        for i in range(args.rounds):
            # The server's speed drifts by 5-10% from pass to pass on a shared machine: every round runs all
            # three, in an order that alternates, and medians are reported. The direct pass replays the
            # bodies of the latest default pass (they are the same each time: temperature 0, fixed seed).
            if i % 2 == 0:
                bodies.clear()
                a_tokens, a_s = assay_pass(server.base_url, work, 3 * i, args.agents, args.seeds, bodies)
                d_tokens, d_s = direct_pass(server.base_url, bodies)
                o_tokens, o_s = assay_pass(server.base_url, work, 3 * i + 1, args.agents, args.seeds, [], args.in_flight)
            else:
                d_tokens, d_s = direct_pass(server.base_url, bodies)
                o_tokens, o_s = assay_pass(server.base_url, work, 3 * i + 1, args.agents, args.seeds, [], args.in_flight)
                bodies.clear()
                a_tokens, a_s = assay_pass(server.base_url, work, 3 * i, args.agents, args.seeds, bodies)
            assay_tps.append(a_tokens / a_s)
            direct_tps.append(d_tokens / d_s)
            open_tps.append(o_tokens / o_s)
            print(f"round {i}: assay {a_tokens} tok in {a_s:.1f}s, direct {d_tokens} tok in {d_s:.1f}s, "
                  f"assay with {args.in_flight} in flight {o_tokens} tok in {o_s:.1f}s", flush=True)
    ratios = [a / d for a, d in zip(assay_tps, direct_tps)]  # paired within a round: drift between rounds cancels
    open_ratios = [o / d for o, d in zip(open_tps, direct_tps)]
    report({"assay_tps": statistics.median(assay_tps), "direct_tps": statistics.median(direct_tps),
            "of_direct": statistics.median(ratios), "open_of_direct": statistics.median(open_ratios),
            "open_tps": statistics.median(open_tps), "assay_runs": assay_tps, "direct_runs": direct_tps,
            "open_runs": open_tps, "assay_tokens": a_tokens, "direct_tokens": d_tokens, "open_tokens": o_tokens,
            "agents": args.agents, "in_flight": args.in_flight, "seeds": args.seeds})


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--seeds", type=int, default=8)
    p.add_argument("--agents", type=int, default=4)
    p.add_argument("--in-flight", type=int, default=4, help="requests admitted at once in the third pass")
    main(p.parse_args())
