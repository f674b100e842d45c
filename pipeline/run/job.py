"""One seed in, one record out: the agent episode, the validator stages, and the record with its provenance.

Executors (run/local.py, run/ray.py) schedule seeds and journal records; they use only this class's
public methods and its stop state (`stopping`, `stop`, `fail`, `outcome`).
"""
from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assay import __version__, aio
from assay.agent.episode import Agent, Episode
from assay.task import load_task
from assay.agent.tools import Toolbox
from assay.agent.tree import TreeAgent
from assay.config import Config
from assay.corpus import Corpus
from assay.endpoint.breaker import Breaker, EndpointBroken
from assay.endpoint.client import EndpointClient
from assay.endpoint.router import Router
from assay.errors import EndpointError, EndpointUnavailable, Interrupted
from assay.journal import Journal
from assay.metering import live
from assay.records import Provenance, Record, Seed, Status, Verdict
from assay.run.progress import RunProgress
from assay.secrets import redact
from assay.seeds import read_seeds
from assay.validators import Check, run_stages
from assay.validators import process as stage_process

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
    pending: int = 0  # seeds left pending by endpoint errors in this run
    event_loop: str = ""  # uvloop or asyncio

    def as_dict(self) -> dict:
        return {"run_dir": str(self.run_dir), "counts": self.counts, "new_records": self.new_records,
                "resumed_skipped": self.skipped, "elapsed_s": round(self.elapsed_s, 3), "tokens": self.tokens,
                "stopped_by": self.stopped_by, "pending_after_endpoint_errors": self.pending,
                "event_loop": self.event_loop, "assay_version": __version__}


class Job:
    """A run's seeds, endpoints, tools and stop state; `attempt` turns one seed into its final record."""

    def __init__(self, cfg: Config, journal: Journal, corpus: Corpus, clients: dict[str, EndpointClient],
                 seeds_path: Path, meter: live.LiveMeter):
        self.cfg = cfg
        self.journal = journal
        self.corpus = corpus
        self.seeds_path = seeds_path
        self.meter = meter
        self.budget = meter.budget  # the run's, for executors that charge records as they come back
        agent_name, agent_ep = cfg.endpoint_for("agent")
        val_name, val_ep = cfg.endpoint_for("validator")
        self.clients = clients
        self.agent_client = clients[agent_name]
        self.toolbox = Toolbox(corpus, cfg.agent.tools, cite_ids=cfg.agent.evidence == "ref")
        self.task = load_task(cfg.task, cfg.validators.stages, cfg.agent.tree_breadth)
        self.provenance = Provenance(endpoint=agent_name, model=agent_ep.model, backend=agent_ep.backend,
                                     prompt_version=self.task.version(), code_version=__version__,
                                     validator_endpoint=val_name, validator_model=val_ep.model)
        self._provenances: dict[tuple[str, str | None], Provenance] = {}
        self.stopping = asyncio.Event()
        self.fatal: BaseException | None = None
        self.stopped_by: str | None = None
        self.accepted_claims: list[str] = journal.accepted_claims()  # a resumed run remembers what it accepted
        self.progress: RunProgress | None = None  # the executor's progress display, while it runs
        self.breaker = Breaker()  # endpoint failures: seeds stay pending; some stop the run
        self._begun: tuple[RunSummary, set[str], int] | None = None
        self._trees: dict[str, asyncio.Task] = {}  # base seed id -> its tree, while its leaves are processed
        self._tree_left: dict[str, int] = {}
        self.routes = {role: Router(role, [clients[n] for n in cfg.endpoints_for(role)], log=self.log)
                       for role in ("agent", "validator")}
        v = cfg.validators
        self.stages_apart, self.stages_here = stage_process.split(v.stages)
        self.stage_process = (stage_process.StageProcess(corpus.docs, self.accepted_claims)
                              if cfg.run.executor == "local" and stage_process.wanted(v.process, v.stages) else None)

    # -- what the executors call --------------------------------------------------------------------

    def log(self, message: str) -> None:
        self.progress.log(message) if self.progress is not None else print(message, file=sys.stderr)

    def seed_stream(self, done: set[str], warn=lambda message: None):
        """(order, seed, sample) for every attempt still to make; K samples of a seed share its question."""
        k_samples = self.cfg.agent.tree_breadth if self.cfg.agent.tree_breadth > 1 else self.cfg.run.samples
        for i, seed in enumerate(read_seeds(self.seeds_path, on_bad=self.cfg.run.on_bad_seed, warn=warn,
                                                columns=self.cfg.run.seed_columns, split=self.cfg.run.seeds_split)):
            if self.cfg.run.limit is not None and i >= self.cfg.run.limit:
                return
            for k in range(k_samples):
                attempt = seed if k_samples == 1 else seed.model_copy(update={"id": f"{seed.id}#{k}"})
                if attempt.id not in done:
                    yield i * k_samples + k, attempt, k

    def begin(self) -> tuple[RunSummary, set[str], int]:
        """A new summary, the seed ids already recorded, and how many attempts are left to make. The whole seed
        file is validated here, once (later calls return the same), so the runner calls it before any token."""
        if self._begun is None:
            summary = RunSummary(run_dir=Path(self.cfg.run.out), event_loop=aio.loop_name())
            done = self.journal.done_ids()
            summary.skipped = len(done)
            total = sum(1 for _ in self.seed_stream(done, warn=lambda m: print(m, file=sys.stderr)))
            self._begun = summary, done, total
        return self._begun

    def signals(self):
        """While the job runs, SIGINT and SIGTERM set `stopping` instead of killing it."""
        return aio.on_signals(self._on_signal)

    def _on_signal(self, sig: int) -> None:
        if not self.stopping.is_set():
            self.log(f"{signal.Signals(sig).name}: finishing in-flight seeds (up to {GRACE_S:g}s), then stopping")
        self.stopping.set()

    def stop(self, reason: str) -> None:
        """A budget is spent: the run ends cleanly, seeds not yet recorded stay pending."""
        if self.stopped_by is None:
            self.stopped_by = reason
            self.log(f"stopping: {reason}")
        self.stopping.set()

    def fail(self, error: BaseException) -> None:
        """Something the run cannot go on with (a dead endpoint, a journal that cannot write, a bug)."""
        if self.fatal is None:
            self.fatal = error
        self.stopping.set()

    def outcome(self, summary: RunSummary, started: float) -> RunSummary:
        """How the run ended: a dead endpoint or a signal raise (seeds left pending), a budget returns early."""
        summary.elapsed_s = time.monotonic() - started
        summary.pending = sum(self.breaker.pending.values())
        if self.fatal is not None:
            raise self.fatal
        if self.stopped_by is not None:  # a budget, not a signal: the run finished cleanly
            summary.stopped_by = self.stopped_by
            return summary
        if self.stopping.is_set():
            raise Interrupted(f"interrupted: {summary.new_records} new records are saved in {self.cfg.run.out}; "
                              "run the same command again to resume")
        return summary

    def pending_error(self, summary: RunSummary) -> EndpointError | None:
        """After the outputs are written: seeds left pending by endpoint errors make the run fail (exit 3)."""
        if not summary.pending:
            return None
        return EndpointError(f"{summary.pending} seeds stay pending after endpoint errors ({self.breaker.summary()}); "
                             "the other records are saved: rerun the same command to retry them")

    def commit(self, record: Record, ord_: int, summary: RunSummary) -> bool:
        """Journal a seed's final record now and count it; False if the seed already had one (it is ignored)."""
        if not self.journal.commit_record(record, ord_):
            return False
        self.count(record, summary)
        return True

    def count(self, record: Record, summary: RunSummary) -> None:
        summary.new_records += 1
        tokens = record.usage.prompt_tokens + record.usage.completion_tokens
        summary.tokens += tokens
        if self.progress is not None:
            self.progress.record(record.status.value, tokens)

    async def close(self) -> None:
        for router in self.routes.values():
            await router.close()
        if self.stage_process is not None:
            await self.stage_process.close()

    # -- one seed -----------------------------------------------------------------------------------

    async def attempt(self, seed: Seed, sample: int = 0) -> Record | None:
        """process(); None when an endpoint failed the seed after retries: the seed stays pending for a rerun.

        Only what belongs to the seed becomes its failed record (context overflow, content filter, its own
        budget and bounds, all EpisodeFailed upstream). A dead endpoint, or a failure the breaker judges to
        be about the endpoint, stops the run.
        """
        live.begin_seed()  # per-seed budgets count from here
        self.journal.begin_seed(seed.id)  # and its replay-cache rows are dropped once its record is written
        try:
            record = await self.process(seed, sample)
        except EndpointError as e:
            client = self.clients.get(e.endpoint, self.agent_client)
            stop = self.breaker.failure(e, seed.id, client.cfg.api_key_env)
            if stop:
                raise EndpointBroken(f"stopping the run: endpoint {client.name!r}: {stop}. Finished seeds are saved; "
                                     "the rest stay pending for the rerun.", endpoint=client.name, status=e.status) from None
            if not await client.healthy():
                raise EndpointUnavailable(
                    f"stopping the run: endpoint {client.name!r} is down ({e}). "
                    "Finished seeds are saved; rerun the same command to resume when it is back.",
                    endpoint=client.name) from None
            self.log(f"seed {seed.id}: endpoint error after retries, left pending: {str(e)[:200]}")
            return None
        self.breaker.success()
        return record

    async def process(self, seed: Seed, sample: int = 0) -> Record:
        # Each episode runs on one endpoint of its role, chosen by the router (router.py).
        if self.cfg.agent.tree_breadth > 1:
            ep, at = await self._leaf(seed, sample)
        else:
            ep, at = await self.routes["agent"].run(
                seed.id, lambda endpoint: Agent(endpoint, self.toolbox, self.corpus, self.cfg.agent,
                                                task=self.task).run(seed, sample=sample))
        if ep.insight is None:
            return self._record(seed, Status.failed, ep.failure or "no insight", None, ep, at)

        async def validate(endpoint) -> list:
            check = Check(seed=seed, insight=ep.insight, corpus=self.corpus, client=endpoint,
                          accepted=self.accepted_claims)
            if self.stage_process is None:
                return await run_stages(check, v.stages, v.params, all_verdicts=v.all_verdicts)
            try:  # the deterministic stages in their own process (validators/process.py), the rest here
                verdicts = await self.stage_process.check(seed, ep.insight, self.stages_apart, v.params, v.all_verdicts)
            except stage_process.ChildDied as e:
                return [Verdict(validator=self.stages_apart[0], passed=False, reason=f"could not decide: {e}")]
            if self.stages_here and (v.all_verdicts or all(x.passed for x in verdicts)):
                verdicts += await run_stages(check, self.stages_here, v.params, all_verdicts=v.all_verdicts)
            return verdicts

        v = self.cfg.validators
        verdicts, checked_at = await self.routes["validator"].run(seed.id, validate)
        failed = next((x for x in verdicts if not x.passed), None)
        if failed is None:
            self.accepted_claims.append(ep.insight.claim)
            if self.stage_process is not None:
                self.stage_process.accept(ep.insight.claim)
            return self._record(seed, Status.accepted, "passed every stage", None, ep, at, verdicts, checked_at)
        return self._record(seed, Status.rejected, failed.reason, failed.validator, ep, at, verdicts, checked_at)

    async def _leaf(self, seed: Seed, sample: int) -> tuple[Episode, EndpointClient]:
        """Attempt `seed#k` of a tree: the first of a seed's attempts grows the tree (agent/tree.py), every
        attempt takes its own leaf; a leaf the server did not return (budget, trunk failure) is a failed record."""
        base = seed.model_copy(update={"id": seed.id.rpartition("#")[0] or seed.id})
        task = self._trees.get(base.id)
        if task is None:
            done = self._begun[1] if self._begun is not None else set()
            todo = [j for j in range(self.cfg.agent.tree_breadth) if f"{base.id}#{j}" not in done]  # a resumed tree
            task = self._trees[base.id] = asyncio.ensure_future(self._grow(base, todo[0] if todo else 0))
            self._tree_left[base.id] = len(todo) or 1
        try:
            tree, at = await asyncio.shield(task)
        finally:
            self._tree_left[base.id] -= 1
            if not self._tree_left[base.id]:
                del self._trees[base.id], self._tree_left[base.id]
        if sample < len(tree.leaves):
            leaf = tree.leaves[sample]
            leaf.notes.extend(tree.notes)
            return leaf, at
        return Episode(seed=base, sample=sample, failure=tree.failure or "; ".join(tree.notes) or "no leaf"), at

    async def _grow(self, base: Seed, carrier: int):
        """The tree; its trunk's and fork's calls move from leaf 0 to `carrier`, the first leaf still to record."""
        tree, at = await self.routes["agent"].run(
            base.id, lambda endpoint: TreeAgent(Agent(endpoint, self.toolbox, self.corpus, self.cfg.agent)).run(base))
        if 0 < carrier < len(tree.leaves):
            tree.leaves[carrier].calls[:0] = tree.leaves[0].calls
            tree.leaves[0].calls = []
        return tree, at

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
        each costs a pydantic __setattr__; model_construct is slower still, resolving default factories)."""
        fields: dict = {}
        calls: list = []
        if ep is not None:
            calls = list(ep.calls)
            fields = {"insight": ep.insight, "messages": ep.messages, "tool_calls": ep.tool_calls, "fork_at": ep.fork_at,
                      "notes": ep.notes + ([f"plan: {json.dumps(ep.plan)}"] if ep.plan else [])}
        if verdicts:
            fields["verdicts"] = verdicts
            for verdict in verdicts:  # LLM stages' calls count toward the seed's usage
                calls.extend(verdict.usage)
        return Record(seed=seed, status=status, reason=redact(reason), failed_stage=stage, calls=calls,
                      usage=self.meter.meter.totals(calls), provenance=self._provenance(agent_at, validator_at), **fields)

