"""The batch job on one screen: inputs -> servers -> journal -> meter -> clients -> executor -> outputs."""
from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

from assay import aio
from assay.agent import sandbox
from assay.config import Config
from assay.corpus import Corpus
from assay.endpoint.kv import KvGovernor
from assay.dataset.outputs import write_dataset, write_records_jsonl, write_summary
from assay.endpoint.client import EndpointClient
from assay.endpoint.llama_server import LocalServer
from assay.endpoint.vllm_server import VllmServer
from assay.errors import UsageError
from assay.journal import Journal
from assay.metering import live
from assay.run import local, ray
from assay.run.job import Job, RunSummary
from assay.run.rundir import RunDir
from assay.secrets import redact
from assay.seeds import check_seed_file, default_corpus, demo_seeds_path
from assay.validators import check_params

EXECUTORS = {"local": local.execute, "ray": ray.execute}


def run(cfg: Config, *, fresh: bool = False, progress: bool | None = None, retry_failed: str | None = None) -> RunSummary:
    """Synchronous edge: check the inputs, take the run directory, start the servers the roles need, run the async
    job, stop the servers."""
    seeds_path, corpus = _inputs(cfg)
    with contextlib.ExitStack() as stack:
        run_dir, urls = _open(cfg, fresh, stack)
        return aio.run(_run(cfg, run_dir, seeds_path, corpus, urls, progress, retry_failed), cfg.run.event_loop)


async def arun(cfg: Config, *, fresh: bool = False, progress: bool | None = None,
               retry_failed: str | None = None) -> RunSummary:
    """run() on the caller's event loop (a notebook's, a service's); the blocking checks and server starts go to a
    thread. Signals keep the caller's handling."""
    seeds_path, corpus = await asyncio.to_thread(_inputs, cfg)
    with contextlib.ExitStack() as stack:
        run_dir, urls = await asyncio.to_thread(_open, cfg, fresh, stack)
        return await _run(cfg, run_dir, seeds_path, corpus, urls, progress, retry_failed)


def _inputs(cfg: Config) -> tuple[Path, Corpus]:
    """Seeds, corpus and validator stack checked before any token is spent."""
    seeds_path = Path(cfg.run.seeds) if cfg.run.seeds else demo_seeds_path()
    corpus = Corpus.load(cfg.run.corpus or default_corpus(seeds_path), cfg.run.corpus_columns, cfg.run.corpus_split)
    check_seed_file(seeds_path, corpus, on_bad=cfg.run.on_bad_seed, limit=cfg.run.limit,
                    columns=cfg.run.seed_columns, split=cfg.run.seeds_split)
    problems = check_params(cfg.validators.stages, cfg.validators.params)
    if problems:
        raise UsageError("invalid validator configuration:\n  " + "\n  ".join(problems))
    _warn_without_sandbox(cfg)
    return seeds_path, corpus


def _open(cfg: Config, fresh: bool, stack: contextlib.ExitStack) -> tuple[Path, dict[str, str]]:
    """The run directory, locked until `stack` closes, and the base URL of every endpoint the roles use."""
    logs = {f"vllm-{name}.log" for name in cfg.endpoints_used() if cfg.endpoints[name].serve == "vllm"}
    run_dir = stack.enter_context(RunDir(Path(cfg.run.out), fresh=fresh, files=logs, cfg=cfg)).path
    (run_dir / "config.json").write_text(redact(cfg.model_dump_json(indent=2)) + "\n", encoding="utf-8")
    return run_dir, {name: _serve(cfg, name, run_dir, stack) for name in sorted(cfg.endpoints_used())}


async def _run(cfg: Config, run_dir: Path, seeds_path: Path, corpus: Corpus, urls: dict[str, str],
               progress: bool | None, retry_failed: str | None = None) -> RunSummary:
    journal = Journal(run_dir)
    if retry_failed is not None:
        n = journal.forget_failed(retry_failed)
        print(f"retrying {n} failed seeds" + (f" whose reason contains {retry_failed!r}" if retry_failed else ""),
              file=sys.stderr)
    meter = live.start(cfg, journal, set(urls))  # profiles, estimates per call, budgets
    clients = {name: EndpointClient(name, cfg.endpoints[name], url, cache=journal, meter=meter)
               for name, url in urls.items()}
    job = None
    try:
        job = Job(cfg, journal, corpus, clients, seeds_path, meter)
        _, _, to_do = job.begin()  # the seed file validated before any request
        for client in clients.values():
            for note in await client.preflight(known=journal, probe=to_do > 0):
                print(f"note: {note}", file=sys.stderr)
        governors = {name: KvGovernor(c.limiter, cfg.endpoints[name].kv_ceiling) for name, c in clients.items()
                     if cfg.endpoints[name].kv_ceiling > 0}
        async with meter.sampling(journal, urls, cfg.metering.metrics_interval_s,  # /metrics, where served
                                  {name: g.observe for name, g in governors.items()}):
            summary = await EXECUTORS[cfg.run.executor](job, urls, progress)
    finally:
        if job is not None and job.stage_process is not None:
            await job.stage_process.close()  # the validator process (validators/process.py)
        for client in clients.values():
            await client.close()
    write_records_jsonl(journal, run_dir / "records.jsonl")
    accepted = write_dataset(journal, run_dir)
    summary.counts = journal.counts()
    write_summary(run_dir / "summary.json", summary.as_dict() | {"accepted_in_dataset": accepted})
    journal.close()
    error = job.pending_error(summary)
    if error is not None:
        raise error
    return summary


def _serve(cfg: Config, name: str, run_dir: Path, stack: contextlib.ExitStack) -> str:
    """The base URL of an endpoint, starting the server assay launches for it (embedded llama.cpp, vLLM)."""
    ep = cfg.endpoints[name]
    if ep.embedded:
        return stack.enter_context(LocalServer(n_ctx=ep.context_window, log_path=run_dir / "server.log")).base_url
    if ep.serve == "vllm":
        server = stack.enter_context(VllmServer(ep.model, ep.serve_args, log_path=run_dir / f"vllm-{name}.log"))
        if server.served_name != ep.model:  # requests and records name the model as served, never a local path
            cfg.endpoints[name] = ep.model_copy(update={"model": server.served_name})
        return server.base_url
    return ep.base_url  # type: ignore[return-value]


def _warn_without_sandbox(cfg: Config) -> None:
    """Model-written code is refused where the sandbox cannot start: say so once, before any work."""
    runs_code = "python" in cfg.agent.tools or (
        "execution" in cfg.validators.stages and cfg.validators.params.get("execution", {}).get("run_code", True))
    problem = sandbox.check() if runs_code else None
    if problem:
        print(f"warning: {problem}. Until then the python tool answers with this message and the execution "
              "stage rejects insights that carry verification code; everything else runs.", file=sys.stderr)
