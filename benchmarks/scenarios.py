"""The sections beyond raw throughput: memory at 10k vs 100k seeds, saturated servers, prefix reuse,
and the real embedded llama.cpp server. Each returns (markdown table, raw figures)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import harness
from harness import FakeServer, drive, table


def memory(args, log: Path) -> tuple[str, dict]:
    """Peak RSS of one assay process per seed count: the job (seeds and records streamed), then with export."""
    raw, rows = {}, []
    # The default stack, then without novelty, whose index of every accepted claim lives in memory.
    stacks = (("default stages", []), ("without novelty", ["--stages", "structure,grounding,numeric,execution"]))
    with FakeServer("--latency-ms", args.latency_ms, log=log.with_suffix(".server.log")) as fake:
        for label, extra in stacks:
            got = {}
            for n in (10_000, 100_000):
                r = drive(sys.executable, "drive_assay.py", "--base-url", fake.base_url, "--n", n, "--in-flight", 256,
                          *extra, log=log, timeout=3600)
                raw[f"{label} {n}"] = got[n] = r
                print(f"  {label}, {n:>7} seeds: {r.get('peak_rss_mb', r.get('error'))} MB (job), "
                      f"{r.get('peak_rss_total_mb')} MB (with export)", flush=True)
                rows.append([label, f"{n:,}", r.get("calls_per_s", r.get("error")), r.get("peak_rss_mb"),
                             r.get("peak_rss_total_mb"), r.get("export_s")])
            grow = {k: got[100_000][k] - got[10_000][k] for k in ("peak_rss_mb", "peak_rss_total_mb")
                    if isinstance(got[100_000].get(k), (int, float)) and isinstance(got[10_000].get(k), (int, float))}
            rows.append([label, "growth 10k -> 100k", "", f"{grow.get('peak_rss_mb', 0):+.0f}",
                         f"{grow.get('peak_rss_total_mb', 0):+.0f}", ""])
    return table(["validators", "seeds", "calls/s", "peak RSS MB, job", "peak RSS MB, job + export", "export s"], rows), raw


def saturation(args, log: Path) -> tuple[str, dict]:
    """A fixed-slot queueing server and a 429 rate limiter; what assay's adaptive concurrency gets out of each."""
    raw, rows = {}, []
    # Capacities below what one client core sustains (~300 calls/s with the default validators), so the
    # figure measures the concurrency control, not the client's CPU.
    slots, service_ms = 16, 100.0  # capacity 160 calls/s; excess requests wait in the server's queue
    with FakeServer("--slots", slots, "--latency-ms", service_ms, log=log.with_suffix(".slots.log")) as fake:
        capacity = slots / (service_ms / 1000)
        for cap in (slots, 1024):
            fake.stats(reset=True)
            r = drive(sys.executable, "drive_assay.py", "--base-url", fake.base_url, "--n", 3000, "--in-flight", 1024,
                      "--max-concurrency", cap, "--latency", log=log)
            s = fake.stats()
            raw[f"slots, cap {cap}"] = {**r, "server": s}
            what = "fixed at the slot count" if cap == slots else "adaptive, upper bound 1,024"
            rows.append([f"{slots} slots x {service_ms:g} ms (capacity {capacity:,.0f}/s)", what,
                         f"{r.get('calls_per_s', 0):,.0f}", f"{100 * r.get('calls_per_s', 0) / capacity:.0f}%",
                         f"{r.get('latency_p50_s', 0):.2f} / {r.get('latency_p99_s', 0):.2f}",
                         f"{s['max_queue_wait_s']:.2f} s, max {s['max_waiting']} queued", "0"])
    rate = 150.0
    with FakeServer("--rate", rate, "--latency-ms", 50, log=log.with_suffix(".rate.log")) as fake:
        fake.stats(reset=True)
        r = drive(sys.executable, "drive_assay.py", "--base-url", fake.base_url, "--n", 3000, "--in-flight", 256,
                  "--max-concurrency", 256, "--latency", log=log)
        s = fake.stats()
        raw["rate limit"] = {**r, "server": s}
        rejected = s["rejected"] / max(1, s["ok"] + s["rejected"])
        rows.append([f"429 past {rate:g} req/s", "adaptive, upper bound 256", f"{r.get('calls_per_s', 0):,.0f}",
                     f"{100 * r.get('calls_per_s', 0) / rate:.0f}%",
                     f"{r.get('latency_p50_s', 0):.2f} / {r.get('latency_p99_s', 0):.2f}", "",
                     f"{100 * rejected:.1f}% ({s['rejected']})"])
    for name, r in raw.items():
        print(f"  {name}: {r.get('calls_per_s', r.get('error'))}", flush=True)
    return table(["server", "assay concurrency", "calls/s", "of capacity", "latency p50 / p99 s", "server queue wait",
                  "429s"], rows), raw


def prefix(args, log: Path) -> tuple[str, dict]:
    """The default multi-step agent (plan, tool steps, answer) against a fake reporting cached_tokens like vLLM."""
    raw, rows = {}, []
    with FakeServer("--prefix-cache", "--steps", 2, "--latency-ms", 20, log=log.with_suffix(".server.log")) as fake:
        r = drive(sys.executable, "drive_assay.py", "--base-url", fake.base_url, "--n", 400, "--in-flight", 64,
                  "--max-steps", 4, "--plan", "--report", log=log)
        s = fake.stats()
    raw["agent"] = {**r, "server": s}
    share = r.get("cached_tokens", 0) / max(1, r.get("prompt_tokens", 1))
    per_seed = r.get("calls", 0) / 400
    rows.append([f"plan, 2 tool steps (search, read), answer, insight: {per_seed:g} calls/seed", f"{r.get('calls', 0):,}",
                 f"{r.get('prompt_tokens', 0):,}", f"{r.get('cached_tokens', 0):,}", f"{100 * share:.0f}%"])
    md = table(["agent workload", "calls", "prompt tokens", "cached tokens", "cache hits"], rows)
    if r.get("report_excerpt"):
        md += "\n\n`assay report` on that run (excerpt):\n\n```\n" + r["report_excerpt"] + "\n```"
    return md, raw


def llama(args, log: Path) -> tuple[str, dict]:
    """The embedded llama.cpp server (one model server at a time: under flock)."""
    cmd = ["flock", "/tmp/assay-model.lock", sys.executable, str(harness.HERE / "drive_llama.py")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    with open(log, "a") as f:
        f.write(proc.stdout + proc.stderr)
    import json
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if not lines:
        return f"llama section failed: {(proc.stderr or proc.stdout)[-400:]}", {}
    r = json.loads(lines[-1][7:])
    rows = [["same requests sent directly, one after another", r["direct_tokens"], f"{r['direct_tps']:.1f}", "100%"],
            [f"through assay ({r['agents']} agents; the embedded endpoint's default, 1 request in flight)",
             r["assay_tokens"], f"{r['assay_tps']:.1f}", f"{100 * r['of_direct']:.0f}%"],
            [f"through assay ({r['agents']} agents, {r['in_flight']} requests in flight)", r["open_tokens"],
             f"{r['open_tps']:.1f}", f"{100 * r['open_of_direct']:.0f}%"]]
    return table(["embedded llama.cpp, SmolLM2-135M", "completion tokens", "tokens/s (median)",
                  "of direct (median of per-round ratios)"], rows), r
