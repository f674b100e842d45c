"""assay itself: the real `assay.run.runner.run` (Job, direct-mode episodes, validators, journal, metering).

The measured window is `Job.execute` (first seed queued to last record committed); the export that
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
        **({"validators": {"stages": args.stages.split(",")}} if args.stages else {}),
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


def use_sdk(transport: str) -> None:
    """The lever undone: send chat completions through the openai SDK, as client.py did before transport.py."""
    import json
    import time

    import openai
    from assay.endpoint import client as client_mod

    original = client_mod.EndpointClient.__init__

    def init(self, *a, **kw):
        if transport == "sdk-aiohttp":
            kw["http_client"] = openai.DefaultAioHttpClient()
        original(self, *a, **kw)

    async def send(self, data, *_):
        raw = await self._client.chat.completions.with_raw_response.create(**json.loads(data))
        # the fake never errs here; error mapping is not measured
        return json.loads(raw.content), raw.content, time.perf_counter()
    client_mod.EndpointClient.__init__ = init
    client_mod.EndpointClient._send = send


def use_sweep_share() -> None:
    """The lever undone: each call's device-time share re-swept over every overlapping interval (O(n^2))."""
    import time
    from assay.metering import live

    def enter(self):
        self.live.budget.check(live._seed_spend.get())
        self.interval[0] = time.time()
        self.live.__dict__.setdefault("ivs", {}).setdefault(self.endpoint, []).append(self.interval)
        return self

    def leave(self, *exc):
        self.interval[1] = time.time()
        ivs = self.live.ivs[self.endpoint]
        self.share = live.processor_share(ivs, *self.interval)
        horizon = min((a for a, b in ivs if b is None), default=float("inf"))
        ivs[:] = [iv for iv in ivs if iv[1] is None or iv[1] >= horizon]
    live.TrackedCall.__enter__, live.TrackedCall.__exit__ = enter, leave


def use_aiohttp() -> None:
    """The lever undone: inference calls over aiohttp, as transport.py sent them before http1.py."""
    from assay.endpoint import transport

    original = transport.Transport.__init__

    def init(self, *a, **kw):
        original(self, *a, **kw)
        self._lean = None
    transport.Transport.__init__ = init


def use_commit_each() -> None:
    """The lever undone: one transaction per record (group commit off)."""
    from assay import journal

    original = journal.Journal.__init__

    def init(self, *a, **kw):
        original(self, *a, **kw)
        self.group_max = 1
    journal.Journal.__init__ = init


def use_calls_table() -> None:
    """The lever undone: every call serialised again and inserted into a calls table of its own."""
    from assay import journal

    original = journal.Journal.__init__

    def init(self, run_dir, *a, **kw):
        import sqlite3
        from pathlib import Path
        db = sqlite3.connect(Path(run_dir) / journal.FILENAME)  # a journal from before the view
        db.execute("CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY AUTOINCREMENT, seed_id TEXT NOT NULL, "
                   "role TEXT NOT NULL, body TEXT NOT NULL)")
        db.commit()
        db.close()
        original(self, run_dir, *a, **kw)
    journal.Journal.__init__ = init


def use_asyncio_timeout() -> None:
    """The lever undone: every episode's wall-time bound an asyncio.timeout of its own (before aio.time_bound)."""
    import asyncio
    import contextlib
    from assay.agent.episode import episode as agent

    class Bound:  # asyncio.timeout behind the plain `with` the agent now uses
        def __init__(self, seconds):
            self.seconds = seconds

        def __enter__(self):
            self.cm = asyncio.timeout(self.seconds)
            self.cm._task = asyncio.current_task()  # what its __aenter__ does, without awaiting
            self.cm._state = asyncio.timeouts._State.ENTERED
            self.cm._cancelling = self.cm._task.cancelling()
            self.cm.reschedule(asyncio.get_running_loop().time() + self.seconds)
            return self

        def __exit__(self, *exc):
            coro = self.cm.__aexit__(*exc)
            with contextlib.suppress(StopIteration):
                coro.send(None)  # __aexit__ never awaits: run it to its end here
    agent.aio = type("aio", (), {"time_bound": staticmethod(Bound)})


def use_keep_cache_rows() -> None:
    """The lever undone: replay-cache rows written even for seeds recorded in the same commit."""
    from assay import journal
    journal.Journal.begin_seed = staticmethod(lambda seed_id: None)  # no owner: every row is written


def use_gc_unfrozen() -> None:
    """The lever undone: the collector keeps rescanning the startup heap during the job (and collects the
    young generation at CPython's default threshold)."""
    import contextlib
    from assay.run import runner
    runner._gc_frozen = contextlib.nullcontext


def main(args: argparse.Namespace) -> None:
    from assay.run import runner

    import workload
    work = Path(args.work or tempfile.mkdtemp(prefix="assay-bench-"))
    seeds = workload.write_seeds(work / "seeds.jsonl", args.n)
    cfg = config(args, seeds, work / "run")
    if args.transport != "default":
        use_sdk(args.transport)
    if args.sweep_share:
        use_sweep_share()
    if args.aiohttp:
        use_aiohttp()
    if args.commit_each:
        use_commit_each()
    if args.gc_unfrozen:
        use_gc_unfrozen()
    if args.calls_table:
        use_calls_table()
    if args.asyncio_timeout:
        use_asyncio_timeout()
    if args.keep_cache_rows:
        use_keep_cache_rows()
    if args.gc_young_700:
        runner.GC_YOUNG_THRESHOLD = 700  # the lever undone: CPython's default young-generation threshold

    windows: list[Window] = []
    execute = runner.Job.execute

    async def timed(self, *a, **kw):
        with Window() as w:
            summary = await execute(self, *a, **kw)
        windows.append(w)
        return summary
    runner.Job.execute = timed

    started = time.perf_counter()
    summary = runner.run(cfg, fresh=True, progress=False)
    whole = time.perf_counter() - started
    total_peak = peak_rss_mb()
    figures = journal_figures(work / "run", args)
    calls = figures["journal_calls"]
    name = "assay" + (f"-{args.transport}" if args.transport != "default" else "") + ("-asyncio-loop" if args.event_loop == "asyncio" else "") \
        + ("-sweep-share" if args.sweep_share else "") + ("-aiohttp" if args.aiohttp else "") \
        + ("-commit-each" if args.commit_each else "") + ("-gc-unfrozen" if args.gc_unfrozen else "") \
        + ("-calls-table" if args.calls_table else "") \
        + ("-gc-young-700" if args.gc_young_700 else "") + ("-asyncio-timeout" if args.asyncio_timeout else "") \
        + ("-keep-cache-rows" if args.keep_cache_rows else "")
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
    p.add_argument("--latency", action="store_true", help="(always on) latency percentiles from the journal")
    p.add_argument("--report", action="store_true", help="add an excerpt of `assay report` on the run")
    p.add_argument("--work", help="folder for seeds and the run (default: a new temp folder)")
    p.add_argument("--transport", choices=["default", "sdk-httpx", "sdk-aiohttp"], default="default")
    p.add_argument("--sweep-share", action="store_true", help="undo a lever: O(n^2) device-time share per call")
    p.add_argument("--event-loop", choices=["auto", "uvloop", "asyncio"], default="auto",
                   help="asyncio undoes a lever: the stdlib loop instead of uvloop")
    p.add_argument("--aiohttp", action="store_true", help="undo a lever: aiohttp instead of http1.py")
    p.add_argument("--commit-each", action="store_true", help="undo a lever: one journal transaction per record")
    p.add_argument("--gc-unfrozen", action="store_true", help="undo a lever: no gc.freeze() during the job")
    p.add_argument("--gc-young-700", action="store_true", help="undo a lever: young collections every 700 allocations")
    p.add_argument("--calls-table", action="store_true", help="undo a lever: calls written again to a table of their own")
    p.add_argument("--asyncio-timeout", action="store_true", help="undo a lever: an asyncio.timeout per episode")
    p.add_argument("--keep-cache-rows", action="store_true",
                   help="undo a lever: replay-cache rows written for seeds recorded in the same commit")
    main(p.parse_args())
