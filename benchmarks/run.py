"""`python benchmarks/run.py`: assay against the bare SDK and its peers on the same fake endpoint.

Sections (default: throughput):
  throughput  one call per seed, 64 / 256 / 1,000 in flight: calls/s, client CPU-s per 1,000 calls, peak RSS;
              for assay also the sustained rate, between the 10th and 90th percentile of call completions
              (the run without its slow start and its drain)
  journal     the batched-journal lever, measured on the journal alone
  memory      peak RSS of assay at 10,000 vs 100,000 seeds
  saturation  a fake with fixed slots that queues (vLLM-like), and one that answers 429 past R req/s
  prefix      a multi-step agent against a fake that reports vLLM-style cached_tokens
  llama       the embedded llama.cpp server: tokens/s through assay vs the same prompts sent directly

The client under test is pinned to core 0 and the fake server to core 1 (taskset). Every row is
the median of --repeat runs, taken round-robin so the machine's noise spreads over all clients.
Results go to benchmarks/results/<section>.md and .json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import harness
import peers
from harness import FakeServer, drive, median_of, table

RESULTS = harness.HERE / "results"
LEVELS = (64, 256, 1000)


def clients(selected: list[str] | None) -> list[tuple[str, str, str, list[str]]]:
    """(name, python, driver, extra args) for every client in the comparison."""
    me = sys.executable
    rows = [
        ("wire (hand-written asyncio HTTP)", me, "drive_wire.py", []),
        ("openai AsyncOpenAI, httpx2 (default)", me, "drive_openai.py", ["--transport", "httpx"]),
        ("openai AsyncOpenAI, aiohttp", me, "drive_openai.py", ["--transport", "aiohttp"]),
        ("Bespoke Curator 0.1.31", "curator", "drive_curator.py", []),
        ("distilabel 1.5.3", "distilabel", "drive_distilabel.py", []),
        # The pipeline as issue 8 names it: episodes, durable journal, metering, structured-output parsing
        # (and the structure stage); then with the default validator stack on top.
        ("assay (episodes, journal, metering, parsing)", me, "drive_assay.py", ["--stages", "structure"]),
        ("assay + default validators", me, "drive_assay.py", []),
    ]
    out = []
    for name, python, script, extra in rows:
        if selected and not any(s.lower() in name.lower() for s in selected):
            continue
        if python in peers.PEERS:
            python = peers.python_for(python)
            if python is None:
                continue
        out.append((name, python, script, extra))
    return out


def throughput(args, prompts: Path, log: Path) -> tuple[str, dict]:
    rows, raw = [], {}
    with FakeServer("--latency-ms", args.latency_ms, "--tokens", 60, log=log.with_suffix(".server.log")) as fake:
        for level in args.levels:
            found: dict[str, list[dict]] = {}
            for rep in range(args.repeat):
                for name, python, script, extra in clients(args.clients):
                    r = drive(python, script, "--base-url", fake.base_url, "--n", args.calls, "--in-flight", level,
                              *(["--prompts", prompts] if script != "drive_assay.py" else []), *extra, log=log)
                    found.setdefault(name, []).append(r)
                    print(f"  {level:>5} in flight  {name:40s} {r.get('calls_per_s', r.get('error'))}", flush=True)
            curator = median_of(found.get("Bespoke Curator 0.1.31", [])).get("calls_per_s")
            for name, results in found.items():
                m = median_of(results)
                raw[f"{name} @ {level}"] = m
                if "calls_per_s" not in m:
                    rows.append([name, level, m.get("error"), "", "", "", ""])
                    continue
                ratio = f"{m['calls_per_s'] / curator:.2f}x" if curator else "n/a"
                sustained = m.get("sustained_calls_per_s_median")
                rows.append([name, level, f"{m['calls_per_s']:,.0f}", f"{sustained:,.0f}" if sustained else "",
                             f"{m['cpu_s_per_1k_median']:.2f}", f"{m['peak_rss_mb']:.0f}", ratio])
    md = table(["client", "in flight", "calls/s (median)", "sustained calls/s (median)", "client CPU-s / 1k calls",
                "peak RSS MB", "vs Curator"], rows)
    return md, raw


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sections", nargs="*", default=["throughput"],
                   help="throughput, journal, saturation, prefix, llama, memory (or all)")
    p.add_argument("--calls", type=int, default=6000, help="calls per run (one per seed)")
    p.add_argument("--repeat", type=int, default=3, help="runs per row; the median is reported")
    p.add_argument("--levels", type=int, nargs="+", default=list(LEVELS), help="requests in flight")
    p.add_argument("--latency-ms", type=float, default=50.0, help="the fake's answer time")
    p.add_argument("--clients", nargs="*", help="only clients whose name contains one of these words")
    p.add_argument("--quick", action="store_true", help="one run of 3,000 calls per row")
    args = p.parse_args(argv)
    if args.quick:
        args.calls, args.repeat = 3000, 1
    sections = (["throughput", "journal", "saturation", "prefix", "llama", "memory"] if "all" in args.sections
                else args.sections)
    RESULTS.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="assay-bench-"))
    import workload
    prompts = workload.write_prompts(work / "prompts.jsonl", max(args.calls, 1))
    for section in sections:
        print(f"== {section} (load average {harness.load_average()})", flush=True)
        log = RESULTS / f"{section}.log"
        log.write_text("")
        started, load = time.time(), harness.load_average()
        if section == "throughput":
            md, raw = throughput(args, prompts, log)
        elif section == "journal":
            raw = drive(sys.executable, "journal_batch.py", log=log)
            md = table(["journal write per record (replay cache + record + calls)", "µs"],
                       [["one transaction each (before group commit)", raw.get("per_record_us", raw.get("error"))],
                        [f"group commit, {raw.get('workers')} workers (as built)", raw.get("per_record_batched_us")]])
        else:
            import scenarios
            md, raw = getattr(scenarios, section)(args, log)
        header = (f"<!-- {time.strftime('%Y-%m-%d %H:%M')} · {args.calls} calls/run · median of {args.repeat} · "
                  f"fake latency {args.latency_ms:g} ms · load average before {load} · "
                  f"{time.time() - started:.0f}s -->\n")
        (RESULTS / f"{section}.md").write_text(header + md + "\n")
        (RESULTS / f"{section}.json").write_text(json.dumps(raw, indent=1, default=str) + "\n")
        print(md, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
