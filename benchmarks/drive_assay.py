"""assay itself: the real `assay.run.runner.run` (the job, direct-mode episodes, validators, journal, metering).

The measured window is the local executor (first seed queued to last record committed); the export that
follows (records.jsonl, the HF dataset) is timed separately, since it runs once per job.
Lever flags reproduce older or alternative settings for side-by-side runs.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from measure import Window, peak_rss_mb, report, sustained_rate


def config(args: argparse.Namespace, seeds: Path, out: Path):
    from assay.config import Config

    import workload
    return Config.model_validate({
        "run": {"seeds": str(seeds), "corpus": str(workload.corpus_dir()), "out": str(out), "agents": args.in_flight,
                "event_loop": args.event_loop},
        "agent": {"plan": args.plan, "max_steps": args.max_steps, "tools": workload.TOOLS},
        "endpoints": {"bench": {"base_url": args.base_url, "model": args.model,
                                "max_concurrency": args.max_concurrency or args.in_flight,
                                "structured_output": "json_schema", "backend": "hosted-generic"}},
        "roles": {"agent": "bench"},
        "validators": {"process": args.validators_process,
                       **({"stages": args.stages.split(",")} if args.stages else {})},
    })


def journal_figures(run_dir: Path, args: argparse.Namespace) -> dict:
    """Per-call latency percentiles and token sums, read back from the run's journal (its metering)."""
    import json
    import sqlite3
    db = sqlite3.connect(run_dir / "journal.sqlite")
    walls, ends, prompt, cached = [], [], 0, 0
    for (body,) in db.execute("SELECT body FROM calls"):  # streamed: 100k calls must not sit in memory
        c = json.loads(body)
        walls.append(c.get("wall_s", 0.0))
        if c.get("started_at") is not None:
            ends.append(c["started_at"] + c.get("wall_s", 0.0))
        prompt += c.get("prompt_tokens", 0)
        cached += c.get("cached_tokens", 0)
    out: dict = {"journal_calls": len(walls), "prompt_tokens": prompt, "cached_tokens": cached}
    walls.sort()
    if walls:
        out.update(latency_p50_s=walls[len(walls) // 2], latency_p99_s=walls[int(len(walls) * 0.99)])
    sustained = sustained_rate(ends)
    if sustained is not None:
        out["sustained_calls_per_s"] = round(sustained, 1)
    if args.report:
        import subprocess
        import sys
        rep = subprocess.run([sys.executable, "-m", "assay", "report", str(run_dir)], capture_output=True, text=True)
        out["report_excerpt"] = "\n".join(rep.stdout.splitlines()[:40]) or rep.stderr[-500:]
    return out


def main(args: argparse.Namespace) -> None:
    from assay.run import local, runner

    import workload
    work = Path(args.work or tempfile.mkdtemp(prefix="assay-bench-"))
    seeds = workload.write_seeds(work / "seeds.jsonl", args.n)
    cfg = config(args, seeds, work / "run")
    windows: list[Window] = []

    async def timed(*a, **kw):  # the measured window: the local executor, first seed queued to last record
        with Window() as w:
            summary = await local.execute(*a, **kw)
        windows.append(w)
        return summary
    runner.EXECUTORS["local"] = timed

    started = time.perf_counter()
    summary = runner.run(cfg, fresh=True, progress=False)
    whole = time.perf_counter() - started
    total_peak = peak_rss_mb()
    figures = journal_figures(work / "run", args)
    calls = figures["journal_calls"]
    name = "assay" + ("-asyncio-loop" if args.event_loop == "asyncio" else "")
    report(windows[0].result(calls, client=name, in_flight=args.in_flight, counts=summary.counts,
                             export_s=round(whole - windows[0].wall_s, 2), journal=str(work / "run"),
                             peak_rss_total_mb=round(total_peak, 1), **figures))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--base-url", required=True)
    p.add_argument("--model", default="fake-model")
    p.add_argument("--n", type=int, default=3000, help="seeds")
    p.add_argument("--in-flight", type=int, default=256)
    p.add_argument("--max-steps", type=int, default=0, help="0 = one call per seed")
    p.add_argument("--plan", action="store_true", help="ask for a plan first (the default agent does)")
    p.add_argument("--max-concurrency", type=int, help="the endpoint's upper bound (default: --in-flight)")
    p.add_argument("--stages", help="validator stages, comma-separated (default: assay's default stack)")
    p.add_argument("--validators-process", choices=["auto", "on", "off"], default="auto",
                   help="validators.process: the deterministic stages in a process of their own")
    p.add_argument("--latency", action="store_true", help="(always on) latency percentiles from the journal")
    p.add_argument("--report", action="store_true", help="add an excerpt of `assay report` on the run")
    p.add_argument("--work", help="folder for seeds and the run (default: a new temp folder)")
    p.add_argument("--event-loop", choices=["auto", "uvloop", "asyncio"], default="auto",
                   help="the driver's event loop (run.event_loop)")
    main(p.parse_args())
