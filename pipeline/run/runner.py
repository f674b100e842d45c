"""The batch job, top to bottom: seeds -> agent episodes -> validators -> journal -> dataset."""
from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import json
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assay import __version__, aio
from assay.metering import live
from assay.run import ray as ray_executor
from assay.agent.episode import Agent, Episode, prompt_version
from assay.endpoint.client import EndpointClient
from assay.config import Config, EndpointConfig
from assay.corpus import Corpus
from assay.errors import EndpointError, EndpointUnavailable, Interrupted, RunStateError, UsageError
from assay.journal import Journal
from assay.endpoint.llama_server import LocalServer
from assay.records import Provenance, Record, Seed, Status, UsageTotals
from assay.dataset.outputs import write_dataset, write_records_jsonl, write_summary
from assay.run.progress import RunProgress
from assay.endpoint.router import Router
from assay.endpoint.vllm_server import VllmServer
from assay.secrets import redact
from assay.seeds import demo_seeds_path, read_seeds
from assay.agent import sandbox
from assay.agent.tools import Toolbox

GRACE_S = 10.0  # in-flight episodes get this long to finish after SIGINT/SIGTERM


@dataclass
class RunSummary:
    run_dir: Path
    counts: dict[str, int] = field(default_factory=dict)
    new_records: int = 0
    skipped: int = 0
    elapsed_s: float = 0.0
    tokens: int = 0
    stopped_by: str | None = None  # the budget that ended the run early, if one did
    event_loop: str = ""  # uvloop or asyncio

    def as_dict(self) -> dict:
        return {"run_dir": str(self.run_dir), "counts": self.counts, "new_records": self.new_records,
                "resumed_skipped": self.skipped, "elapsed_s": round(self.elapsed_s, 3), "tokens": self.tokens,
                "stopped_by": self.stopped_by, "event_loop": self.event_loop, "assay_version": __version__}


def prepare_run_dir(run_dir: Path, fresh: bool) -> None:
    """Resume by default; --fresh wipes only a directory that is recognisably an assay run."""
    if fresh and run_dir.exists():
        if not Journal.exists(run_dir):
            raise RunStateError(f"{run_dir} exists and is not an assay run directory; refusing to delete it with --fresh")
        shutil.rmtree(run_dir)
    if run_dir.exists() and any(run_dir.iterdir()) and not Journal.exists(run_dir):
        raise RunStateError(f"{run_dir} exists, is not empty and holds no assay journal; choose another --out")
    run_dir.mkdir(parents=True, exist_ok=True)


def run(cfg: Config, *, fresh: bool = False, progress: bool | None = None) -> RunSummary:
    """Synchronous edge: start the embedded server if a role needs it, run the async job, stop the server."""
    run_dir = Path(cfg.run.out)
    seeds_path = Path(cfg.run.seeds) if cfg.run.seeds else demo_seeds_path()
    corpus = Corpus.from_dir(cfg.run.corpus or seeds_path.parent / "corpus")
    from assay.validators import check_params  # noqa: PLC0415 (validators import assay.*)
    problems = check_params(cfg.validators.stages, cfg.validators.params)
    if problems:
        raise UsageError("invalid validator configuration:\n  " + "\n  ".join(problems))
    _warn_without_sandbox(cfg)
    prepare_run_dir(run_dir, fresh)
    (run_dir / "config.json").write_text(redact(cfg.model_dump_json(indent=2)) + "\n", encoding="utf-8")

    needed = set(cfg.endpoints_for("agent")) | set(cfg.endpoints_for("validator"))
    with contextlib.ExitStack() as stack:
        urls: dict[str, str] = {}
        for name in sorted(needed):
            ep = cfg.endpoints[name]
            if ep.embedded:
                server = stack.enter_context(LocalServer(n_ctx=ep.context_window, log_path=run_dir / "server.log"))
                urls[name] = server.base_url
            elif ep.serve == "vllm":
                server = stack.enter_context(VllmServer(ep.model, ep.serve_args, log_path=run_dir / f"vllm-{name}.log"))
                urls[name] = server.base_url
            else:
                urls[name] = ep.base_url  # type: ignore[assignment]
        summary = aio.run(_run(cfg, run_dir, seeds_path, corpus, urls, progress), cfg.run.event_loop)
    return summary


def _warn_without_sandbox(cfg: Config) -> None:
    """Model-written code is refused where the sandbox cannot start: say so once, before any work."""
    runs_code = "python" in cfg.agent.tools or (
        "execution" in cfg.validators.stages and cfg.validators.params.get("execution", {}).get("run_code", True))
    problem = sandbox.check() if runs_code else None
    if problem:
        print(f"warning: {problem}. Until then the python tool answers with this message and the execution "
              "stage rejects insights that carry verification code; everything else runs.", file=sys.stderr)


async def _run(cfg: Config, run_dir: Path, seeds_path: Path, corpus: Corpus, urls: dict[str, str],
               progress: bool | None) -> RunSummary:
    journal = Journal(run_dir)
    clients: dict[str, EndpointClient] = {}
    meter = live.start(cfg, journal, set(urls))  # profiles, estimates per call, budgets
    for name, url in urls.items():
        clients[name] = EndpointClient(name, cfg.endpoints[name], url, cache=journal, meter=meter)
    try:
        for client in clients.values():
            await preflight(client)
        job = Job(cfg, journal, corpus, clients, seeds_path)
        async with meter.sampling(journal, urls, cfg.metering.metrics_interval_s):  # /metrics, where served
            if cfg.run.executor == "ray":  # the same job, its seeds sharded over Ray workers
                summary = await ray_executor.execute(job, urls, progress)
            else:
                summary = await job.execute(progress)
    finally:
        for client in clients.values():
            await client.close()
    write_records_jsonl(journal, run_dir / "records.jsonl")
    accepted = write_dataset(journal, run_dir)
    summary.counts = journal.counts()
    write_summary(run_dir / "summary.json", summary.as_dict() | {"accepted_in_dataset": accepted})
    journal.close()
    return summary


async def preflight(client: EndpointClient) -> None:
    """One clear message before any work when the endpoint is down or does not serve the model."""
    ids = await client.list_models()
    if ids and client.cfg.model not in ids:
        raise UsageError(f"endpoint {client.name!r} does not serve model {client.cfg.model!r}; it serves: "
                         f"{', '.join(ids[:10])}. Set --model or endpoints.{client.name}.model")


class Job:
    """Bounded workers pull seeds from a short queue, so a run of millions of seeds stays in constant memory."""

    def __init__(self, cfg: Config, journal: Journal, corpus: Corpus, clients: dict[str, EndpointClient], seeds_path: Path):
        self.cfg = cfg
        self.journal = journal
        self.corpus = corpus
        self.seeds_path = seeds_path
        agent_name, agent_ep = cfg.endpoint_for("agent")
        val_name, val_ep = cfg.endpoint_for("validator")
        self.clients = clients
        self.agent_client = clients[agent_name]
        self.validator_client = clients[val_name]
        self.toolbox = Toolbox(corpus, cfg.agent.tools)
        self.agent = Agent(self.agent_client, self.toolbox, corpus, cfg.agent)
        self.provenance = Provenance(endpoint=agent_name, model=agent_ep.model, backend=agent_ep.backend,
                                     prompt_version=prompt_version(), code_version=__version__,
                                     validator_endpoint=val_name, validator_model=val_ep.model)
        self._provenances: dict[tuple[str, str | None], Provenance] = {}
        self.stopping = asyncio.Event()
        self.fatal: BaseException | None = None
        self.accepted_claims: list[str] = journal.accepted_claims()  # a resumed run remembers what it accepted
        self.stopped_by: str | None = None
        self.routes = {role: Router(role, [clients[n] for n in cfg.endpoints_for(role)], log=self._log)
                       for role in ("agent", "validator")}

    def _log(self, message: str) -> None:
        bar = getattr(self, "bar", None)  # absent outside execute(), e.g. in a Ray worker
        bar.log(message) if bar is not None else print(message, file=sys.stderr)

    def _seed_stream(self, done: set[str], warn=lambda message: None):
        """(order, seed, sample) for every attempt still to make; K samples of a seed share its question."""
        k_samples = self.cfg.run.samples
        for i, seed in enumerate(read_seeds(self.seeds_path, on_bad=self.cfg.run.on_bad_seed, warn=warn)):
            if self.cfg.run.limit is not None and i >= self.cfg.run.limit:
                return
            for k in range(k_samples):
                attempt = seed if k_samples == 1 else seed.model_copy(update={"id": f"{seed.id}#{k}"})
                if attempt.id not in done:
                    yield i * k_samples + k, attempt, k

    async def execute(self, progress: bool | None) -> RunSummary:
        started = time.monotonic()
        summary, done, total = self.begin()
        with _gc_frozen():
            await self._execute(summary, done, total, progress)
        self.journal.flush()  # replay-cache rows of abandoned episodes
        return self.outcome(summary, started)

    async def _execute(self, summary: RunSummary, done: set[str], total: int, progress: bool | None) -> None:
        queue: asyncio.Queue = asyncio.Queue(maxsize=self.cfg.run.agents * 2)
        with self.signals(), RunProgress(total, enabled=progress) as bar:
            self.bar = bar
            if done:
                bar.log(f"resuming {self.cfg.run.out}: {len(done)} seeds already recorded, {total} to go")
            workers = [asyncio.create_task(self._worker(queue, summary)) for _ in range(self.cfg.run.agents)]
            for item in self._seed_stream(done):
                if not await self._put(queue, item):
                    break
            for _ in workers:
                if not await self._put(queue, None):
                    break
            everyone = asyncio.gather(*workers)
            stop = asyncio.create_task(self.stopping.wait())
            await asyncio.wait({everyone, stop}, return_when=asyncio.FIRST_COMPLETED)
            if not everyone.done():  # stopping: give in-flight seeds a grace period, then abandon them
                await asyncio.wait({everyone}, timeout=GRACE_S)
                for task in workers:
                    task.cancel()
            stop.cancel()
            await asyncio.gather(everyone, return_exceptions=True)

    def begin(self) -> tuple[RunSummary, set[str], int]:
        """A new summary, the seed ids already recorded, and how many attempts are left to make."""
        summary = RunSummary(run_dir=Path(self.cfg.run.out), event_loop=aio.loop_name())
        done = self.journal.done_ids()
        summary.skipped = len(done)
        # Validate the whole seed file up front: a bad line is reported before any tokens are spent.
        total = sum(1 for _ in self._seed_stream(done, warn=lambda m: print(m, file=sys.stderr)))
        return summary, done, total

    def signals(self):
        """While the job runs, SIGINT and SIGTERM set `stopping` instead of killing it."""
        return aio.on_signals(self._on_signal)

    def outcome(self, summary: RunSummary, started: float) -> RunSummary:
        """How the run ended: a dead endpoint or a signal raise (seeds left pending), a budget returns early."""
        summary.elapsed_s = time.monotonic() - started
        if self.fatal is not None:
            raise self.fatal
        if self.stopped_by is not None:  # a budget, not a signal: the run finished cleanly
            summary.stopped_by = self.stopped_by
            return summary
        if self.stopping.is_set():
            raise Interrupted(f"interrupted: {summary.new_records} new records are saved in {self.cfg.run.out}; "
                              "run the same command again to resume")
        return summary

    def _on_signal(self, sig: int) -> None:
        if not self.stopping.is_set():
            self.bar.log(f"{signal.Signals(sig).name}: finishing in-flight seeds (up to {GRACE_S:g}s), then stopping")
        self.stopping.set()

    async def _put(self, queue: asyncio.Queue, item) -> bool:
        """Queue an item unless the run is stopping; False once it is."""
        if self.stopping.is_set():
            return False
        if not queue.full():  # the usual case: no tasks, no waiting (two tasks a seed cost ~50 µs)
            queue.put_nowait(item)
            return True
        put = asyncio.create_task(queue.put(item))
        stop = asyncio.create_task(self.stopping.wait())
        await asyncio.wait({put, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if not put.done():
            put.cancel()
            return False
        return True

    async def _worker(self, queue: asyncio.Queue, summary: RunSummary) -> None:
        while True:
            item = await queue.get()
            if item is None or self.stopping.is_set():
                return
            ord_, seed, sample = item
            live.begin_seed()  # per-seed budgets count from here
            self.journal.begin_seed(seed.id)  # and its replay-cache rows are dropped once its record is written
            try:
                record = await self.attempt(seed, sample)
                if await self.journal.commit_record_async(record, ord_):  # counted once its group commit is on disk
                    self._count(record, summary)
            except live.BudgetExhausted as e:  # the seed stays pending: a rerun with a larger budget resumes it
                if self.stopped_by is None:
                    self.stopped_by = str(e)
                    self.bar.log(f"stopping: {e}")
                self.stopping.set()
                return
            except Exception as e:  # a dead endpoint, a journal that cannot write, or a bug: stop the run with it
                # (a worker that died silently left the seed queue full and the feeder waiting forever)
                self.fatal = e
                self.stopping.set()
                return

    def commit(self, record: Record, ord_: int, summary: RunSummary) -> bool:
        """Journal a seed's final record now and count it; False if the seed already had one (it is ignored)."""
        if not self.journal.commit_record(record, ord_):
            return False
        self._count(record, summary)
        return True

    def _count(self, record: Record, summary: RunSummary) -> None:
        summary.new_records += 1
        tokens = record.usage.prompt_tokens + record.usage.completion_tokens
        summary.tokens += tokens
        self.bar.record(record.status.value, tokens)

    async def attempt(self, seed: Seed, sample: int = 0) -> Record:
        """process(), where an endpoint's failure after retries becomes the seed's failed record."""
        try:
            return await self.process(seed, sample)
        except EndpointError as e:
            # One seed's bad luck becomes its record; a dead endpoint stops the run instead of
            # failing every remaining seed one by one (they stay pending for the resume).
            client = self.clients.get(e.endpoint, self.agent_client)
            if not await client.healthy():
                raise EndpointUnavailable(
                    f"stopping the run: endpoint {client.name!r} is down ({e}). "
                    "Finished seeds are saved; rerun the same command to resume when it is back.",
                    endpoint=client.name) from None
            return self._record(seed, Status.failed, f"endpoint error after retries: {e}", None, None)

    async def process(self, seed: Seed, sample: int = 0) -> Record:
        Check, run_stages = _validators()
        # Each episode runs on one endpoint of its role, chosen by the router (router.py).
        ep, at = await self.routes["agent"].run(
            seed.id, lambda endpoint: Agent(endpoint, self.toolbox, self.corpus, self.cfg.agent).run(seed, sample=sample))
        if ep.insight is None:
            return self._record(seed, Status.failed, ep.failure or "no insight", None, ep, at)

        async def validate(endpoint) -> list:
            check = Check(seed=seed, insight=ep.insight, corpus=self.corpus, client=endpoint,
                          accepted=self.accepted_claims)
            return await run_stages(check, v.stages, v.params, all_verdicts=v.all_verdicts)

        v = self.cfg.validators
        verdicts, checked_at = await self.routes["validator"].run(seed.id, validate)
        failed = next((x for x in verdicts if not x.passed), None)
        if failed is None:
            self.accepted_claims.append(ep.insight.claim)
            return self._record(seed, Status.accepted, "passed every stage", None, ep, at, verdicts, checked_at)
        return self._record(seed, Status.rejected, failed.reason, failed.validator, ep, at, verdicts, checked_at)

    def _provenance(self, agent_at: EndpointClient | None, validator_at: EndpointClient | None) -> Provenance:
        """Provenance names the endpoints this seed actually ran on (a role may have several)."""
        if agent_at is None:
            return self.provenance
        key = (agent_at.name, validator_at.name if validator_at is not None else None)
        provenance = self._provenances.get(key)
        if provenance is None:  # one shared (never mutated) Provenance per endpoint pair, not a copy per record
            where = {"endpoint": agent_at.name, "model": agent_at.cfg.model, "backend": agent_at.cfg.backend}
            if validator_at is not None:
                where |= {"validator_endpoint": validator_at.name, "validator_model": validator_at.cfg.model}
            provenance = self._provenances[key] = self.provenance.model_copy(update=where)
        return provenance

    def _record(self, seed: Seed, status: Status, reason: str, stage: str | None, ep: Episode | None,
                agent_at: EndpointClient | None = None, verdicts: list | None = None,
                validator_at: EndpointClient | None = None) -> Record:
        """The seed's final record, built in one validation with every field (no assignments afterwards:
        each costs a pydantic __setattr__). Not model_construct: it resolves default factories through
        inspect.signature, measured at ~0.9 ms a record."""
        fields: dict = {}
        calls: list = []
        if ep is not None:
            calls = list(ep.calls)
            fields = {"insight": ep.insight, "messages": ep.messages, "tool_calls": ep.tool_calls,
                      "notes": ep.notes + ([f"plan: {json.dumps(ep.plan)}"] if ep.plan else [])}
        if verdicts:
            fields["verdicts"] = verdicts
            for verdict in verdicts:  # LLM stages' calls count toward the seed's usage
                calls.extend(verdict.usage)
        return Record(seed=seed, status=status, reason=redact(reason), failed_stage=stage, calls=calls,
                      usage=totals(calls), provenance=self._provenance(agent_at, validator_at), **fields)


GC_YOUNG_THRESHOLD = 10_000


@contextlib.contextmanager
def _gc_frozen():
    """The collector, tuned for the job while it runs:

    - everything alive when the job starts (modules, corpus, config: most of the heap) is moved out of
      its sight: full collections otherwise rescan it every few thousand allocations, measured at ~25%
      of the driver's CPU at 256 seeds in flight (benchmarks/, levers);
    - a young collection waits for 10,000 net allocations instead of 700: the episodes in flight keep a
      few thousand young containers alive at any moment, so at 700 nearly every one was traced again
      and again as it aged (8,000 calls at 256 in flight: ~460 collections, ~0.3 s of a ~3 s job; at
      10,000: 4 collections, ~0.01 s). Cyclic garbage is still collected, 10,000 objects at a time.

    No gc.collect() first (~0.1 s): garbage frozen with the heap is released by the unfreeze at the end.
    """
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], GC_YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@functools.cache
def _validators():
    from assay.validators import Check, run_stages  # noqa: PLC0415 (validators import assay.*)
    return Check, run_stages


def totals(calls: list) -> UsageTotals:
    return live.totals(calls)  # token sums and the meter's estimates (assay.metering.meter)


_ = EndpointConfig  # re-exported for callers building configs programmatically
