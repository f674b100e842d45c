"""The local executor: bounded asyncio workers pull seeds from a short queue, so millions of seeds run in
constant memory; each record is counted once its group commit is on disk."""
from __future__ import annotations

import asyncio
import contextlib
import gc
import time

from assay.errors import BudgetExhausted
from assay.run.job import GRACE_S, Job, RunSummary
from assay.run.progress import RunProgress


async def execute(job: Job, urls: dict[str, str], progress: bool | None) -> RunSummary:
    started = time.monotonic()
    summary, done, total = job.begin()
    with _gc_frozen():
        await _run(job, summary, done, total, progress)
    job.journal.flush()  # replay-cache rows of abandoned episodes
    return job.outcome(summary, started)


async def _run(job: Job, summary: RunSummary, done: set[str], total: int, progress: bool | None) -> None:
    queue: asyncio.Queue = asyncio.Queue(maxsize=job.cfg.run.agents * 2)
    with job.signals(), RunProgress(total, enabled=progress, job=job) as bar:  # its banner says what is resumed
        job.progress = bar
        workers = [asyncio.create_task(_worker(job, queue, summary)) for _ in range(job.cfg.run.agents)]
        for item in job.seed_stream(done):
            if not await _put(job, queue, item):
                break
        for _ in workers:
            if not await _put(job, queue, None):
                break
        everyone = asyncio.gather(*workers)
        stop = asyncio.create_task(job.stopping.wait())
        await asyncio.wait({everyone, stop}, return_when=asyncio.FIRST_COMPLETED)
        if not everyone.done():  # stopping: give in-flight seeds a grace period, then abandon them
            await asyncio.wait({everyone}, timeout=GRACE_S)
            for task in workers:
                task.cancel()
        stop.cancel()
        await asyncio.gather(everyone, return_exceptions=True)
        job.progress = None


async def _put(job: Job, queue: asyncio.Queue, item) -> bool:
    """Queue an item unless the run is stopping; False once it is."""
    if job.stopping.is_set():
        return False
    if not queue.full():  # the usual case: no tasks, no waiting
        queue.put_nowait(item)
        return True
    put = asyncio.create_task(queue.put(item))
    stop = asyncio.create_task(job.stopping.wait())
    await asyncio.wait({put, stop}, return_when=asyncio.FIRST_COMPLETED)
    stop.cancel()
    if not put.done():
        put.cancel()
        return False
    return True


async def _worker(job: Job, queue: asyncio.Queue, summary: RunSummary) -> None:
    while True:
        item = await queue.get()
        if item is None or job.stopping.is_set():
            return
        ord_, seed, sample = item
        try:
            record = await job.attempt(seed, sample)
            if record is not None and await job.journal.commit_record_async(record, ord_):  # counted once on disk
                job.count(record, summary)
        except BudgetExhausted as e:  # the seed stays pending: a rerun with a larger budget resumes it
            job.stop(str(e))
            return
        except Exception as e:  # a dead endpoint, a journal that cannot write, or a bug: stop the run with it
            # (a worker that died silently left the seed queue full and the feeder waiting forever)
            job.fail(e)
            return


GC_YOUNG_THRESHOLD = 10_000


@contextlib.contextmanager
def _gc_frozen():
    """Tune the collector while the job runs: the heap alive at its start (modules, corpus, config) is frozen
    out of full collections, and young collections wait for 10,000 allocations, since the episodes in flight
    keep thousands of young containers alive (benchmarks/results/levers.md)."""
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], GC_YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
