"""The Ray executor: shards of seeds run on Ray workers; their records come back and the driver journals them once.

Each worker runs the same async loop as one machine (`Job.attempt`: agent episode, validators, the
endpoint router) for its shard, `run.agents` episodes at a time, and returns the shard's records with
every call's usage. Only the driver writes the journal, and a record for a seed that already has one
is ignored, so a shard that Ray reruns after its worker died adds each seed once. Resume and export
work as on one machine; a cut-off shard is redone from its seeds' first calls (workers have no journal).
"""
from __future__ import annotations

import asyncio
import itertools
import sys
import time
from pathlib import Path
from typing import Any

from assay import aio
from assay.config import Config
from assay.corpus import Corpus
from assay.endpoint.client import EndpointClient
from assay.errors import BudgetExhausted, EndpointUnavailable, RunStateError, UsageError
from assay.journal import Journal
from assay.metering import live
from assay.records import Record, Seed, Status
from assay.run.job import GRACE_S, Job, RunSummary
from assay.run.progress import RunProgress

INSTALL_HINT = "Ray is not installed; install the ray extra: pip install -e '.[ray]'"
TASK_RETRIES = 3  # a shard whose worker dies is rerun this many times before the run stops
POLL_S = 0.5


def import_ray():
    try:
        import ray  # noqa: PLC0415 (optional extra)
    except ImportError:
        raise UsageError(f"--executor ray: {INSTALL_HINT}") from None
    return ray


def run_shard(cfg_json: str, urls: dict[str, str], docs: dict[str, str], shard: list[tuple[int, dict, int]],
              accepted: list[str]) -> dict[str, Any]:
    """On a Ray worker: the shard's seeds to records. Returns {"records": [(ord, json)], "stopped_by", "fatal"}."""
    cfg = Config.model_validate_json(cfg_json)
    return aio.run(_run_shard(cfg, urls, docs, shard, accepted), cfg.run.event_loop)


async def _run_shard(cfg: Config, urls: dict[str, str], docs: dict[str, str], shard: list[tuple[int, dict, int]],
                     accepted: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"records": [], "stopped_by": None, "fatal": None, "pending": []}
    journal = Journal(None)  # in memory: this worker's meter and replay cache need one; the run's is the driver's
    meter = live.start(cfg, journal, set(urls))
    clients = {name: EndpointClient(name, cfg.endpoints[name], url, meter=meter) for name, url in urls.items()}
    job = Job(cfg, journal, Corpus(docs), clients, Path(cfg.run.seeds or "."), meter)
    job.accepted_claims.extend(accepted)  # novelty sees what the run accepted before this shard
    gate = asyncio.Semaphore(cfg.run.agents)

    async def one(ord_: int, seed: dict, sample: int) -> None:
        async with gate:
            if out["stopped_by"] or out["fatal"]:
                return
            try:
                record = await job.attempt(Seed.model_validate(seed), sample)
            except BudgetExhausted as e:
                out["stopped_by"] = out["stopped_by"] or str(e)
                return
            except EndpointUnavailable as e:
                out["fatal"] = out["fatal"] or str(e)
                return
            if record is None:  # an endpoint error left it pending; the driver learns why below
                return
            out["records"].append((ord_, record.model_dump_json()))

    try:
        await asyncio.gather(*(one(*item) for item in shard))
        out["pending"] = [job.breaker.examples[sig] for sig, n in job.breaker.pending.items() for _ in range(n)]
    finally:
        await job.close()
        for client in clients.values():
            await client.close()
        journal.close()
    return out


def _shards(items, size: int):
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield [(ord_, seed.model_dump(), sample) for ord_, seed, sample in chunk]


async def execute(job: Job, urls: dict[str, str], progress: bool | None) -> RunSummary:
    """Driver side of `Job.execute`: same summary, same journal, same stop rules (signals, budgets, dead endpoints)."""
    ray = import_ray()
    cfg: Config = job.cfg
    started = time.monotonic()
    summary, done, total = job.begin()
    if cfg.run.ray_address and any(("127.0.0.1" in u or "localhost" in u) for u in urls.values()):
        print("warning: an endpoint listens on this machine's loopback, which Ray workers on other hosts cannot "
              "reach; give them an address they can (README 'Scaling out')", file=sys.stderr)
    own = not ray.is_initialized()
    if own:
        ray.init(address=cfg.run.ray_address, include_dashboard=False, log_to_driver=True)
    try:
        with job.signals(), RunProgress(total, enabled=progress, job=job) as bar:
            job.progress = bar
            slots = max(1, int(ray.cluster_resources().get("CPU", 1)))
            bar.log(f"ray: {slots} worker slot(s), shards of {cfg.run.shard_size} seeds"
                    + (f"; resuming: {len(done)} seeds already recorded, {total} to go" if done else ""))
            await _drive(ray, job, urls, summary, _shards(job.seed_stream(done), cfg.run.shard_size), 2 * slots)
            job.progress = None
    finally:
        if own:
            ray.shutdown()
    return job.outcome(summary, started)


async def _drive(ray, job: Job, urls: dict[str, str], summary: RunSummary, shards, in_flight: int) -> None:
    """Keep `in_flight` shards running, journal each as it returns; once stopping, wait GRACE_S, then cancel."""
    task = ray.remote(num_cpus=1, max_retries=TASK_RETRIES)(run_shard)
    budget = job.budget  # the run's, charged as records return
    docs = ray.put(job.corpus.docs)
    accepted_ref, accepted_n = ray.put(list(job.accepted_claims)), len(job.accepted_claims)
    pending: dict[Any, list] = {}
    stop_at: float | None = None
    while True:
        while not job.stopping.is_set() and len(pending) < in_flight:
            if budget is not None:
                try:
                    budget.check(None)
                except BudgetExhausted as e:
                    job.stop(str(e))
                    break
            shard = next(shards, None)
            if shard is None:
                break
            if len(job.accepted_claims) != accepted_n:
                accepted_ref, accepted_n = ray.put(list(job.accepted_claims)), len(job.accepted_claims)
            shard_cfg = _with_remaining_budget(job.cfg, budget)
            pending[task.remote(shard_cfg.model_dump_json(), urls, docs, shard, accepted_ref)] = shard
        if not pending:
            return
        if job.stopping.is_set():
            stop_at = stop_at or time.monotonic() + GRACE_S
            if time.monotonic() > stop_at:  # grace over: abandon the shards still running (they stay pending)
                for ref in pending:
                    ray.cancel(ref, force=True)
                return
        ready, _ = await asyncio.to_thread(ray.wait, list(pending), num_returns=1, timeout=POLL_S)
        for ref in ready:
            shard = pending.pop(ref)
            try:
                out = ray.get(ref)
            except ray.exceptions.RayError as e:
                job.fail(RunStateError(
                    f"a Ray shard of {len(shard)} seeds failed {TASK_RETRIES + 1} times ({type(e).__name__}: "
                    f"{str(e)[:300]}); finished seeds are saved, rerun the same command to resume"))
                continue
            _collect(job, out, summary, budget)


def _collect(job: Job, out: dict[str, Any], summary: RunSummary, budget) -> None:
    """Journal a finished shard's records (once each) and take over its stop reasons."""
    for ord_, body in out["records"]:
        record = Record.model_validate_json(body)
        if not job.commit(record, ord_, summary):
            continue  # a rerun shard's seed that an earlier run of it already recorded
        if record.status == Status.accepted and record.insight is not None:
            job.accepted_claims.append(record.insight.claim)
        for call in record.calls if budget is not None else ():
            if not call.replayed:
                budget.charge(call, None)
    for reason in out["pending"]:
        job.breaker.left_pending(reason)
    if out["fatal"]:
        job.fail(EndpointUnavailable(out["fatal"]))
    if out["stopped_by"]:
        job.stop(out["stopped_by"])


def _with_remaining_budget(cfg: Config, budget) -> Config:
    """A shard may spend what the run has left; shards running at once can together overshoot by one shard's spend."""
    if budget is None or (cfg.budget.max_tokens is None and cfg.budget.max_cost_usd is None):
        return cfg
    left = cfg.budget.model_copy()
    if left.max_tokens is not None:
        left.max_tokens = max(1, left.max_tokens - budget.run.tokens)
    if left.max_cost_usd is not None:
        left.max_cost_usd = max(1e-9, left.max_cost_usd - budget.run.cost_usd)
    return cfg.model_copy(update={"budget": left})
