"""The command line: parse, then hand over to one function per command; errors become exit codes here only."""
from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from typing import Any

from assay import __version__, aio
from assay.errors import EXIT_CODES, AssayError, UsageError
from assay.secrets import redact
from assay import propose
from assay.run import revalidate
from assay import view

EPILOG = "exit codes:\n" + "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items())


def _add_run_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run", help="run agents on seeds, validate, journal and export",
        description=(
            "Run research agents on every seed, check each insight with the validator stages, and write a run "
            "directory: journal.sqlite (durable, resumable), records.jsonl (every seed's one record), dataset/ "
            "(accepted records as a Hugging Face dataset) and summary.json. With no --endpoint, assay starts the "
            "embedded llama.cpp server with SmolLM2-135M and stops it when the job ends. Rerunning on the same "
            "--out resumes: seeds already recorded are skipped."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-c", "--config", metavar="FILE", help="TOML config file (see README 'Configuration'); a flag given overrides "
                   "its key in FILE: flag > file > default")
    g = p.add_argument_group("input and output")
    g.add_argument("--seeds", metavar="FILE", help="seed JSONL (default: the shipped demo seeds)")
    g.add_argument("--corpus", metavar="DIR", help="folder of .md/.txt source documents (default: corpus/ beside the seeds)")
    g.add_argument("--out", metavar="DIR", help="run directory (default: runs/demo)")
    g.add_argument("--limit", type=int, metavar="N", help="only the first N seeds")
    g.add_argument("--propose", type=int, metavar="N", help="first propose N questions about --corpus (as `assay "
                   "propose`) into RUN/proposed-seeds.jsonl, then run on them; a resume reuses that file")
    g.add_argument("--samples", type=int, metavar="K",
                   help="attempt each seed K times (ids SEED#k, sampling seed varied; use --temperature > 0): "
                        "accepted and rejected attempts of one question become preference pairs on export")
    g.add_argument("--fresh", action="store_true", help="delete the run directory's previous results and start over")
    g.add_argument("--retry-failed", nargs="?", const="", metavar="TEXT",
                   help="on resume, attempt failed seeds again (only those whose reason contains TEXT, if given)")
    g.add_argument("--allow-changed-config", action="store_true", default=None,
                   help="resume --out although a setting that shapes records changed since its records were made "
                        "(model, backend, stages and params, samples, prompts, agent bounds, temperature, corpus; "
                        "not concurrency, timeouts, --limit or budgets); the journal records the change. Without "
                        "it such a resume stops (exit 2) and names each change")
    g.add_argument("--on-bad-seed", choices=["skip", "abort"], help="on a malformed seed line: report and skip it, or stop (default: abort)")
    g = p.add_argument_group(
        "endpoint (default: the embedded llama.cpp server)",
        "These flags set the endpoint the agents use, over -c FILE's values for it: --endpoint's own, --serve's,\n"
        "or else every endpoint roles.agent names in FILE (several get the same value). LLM validators on an\n"
        "endpoint of their own (roles.validator) keep FILE's settings; without one they share the agents'.")
    g.add_argument("--endpoint", metavar="URL", help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1")
    g.add_argument("--model", metavar="NAME", help="model name served at the endpoint (not the embedded one)")
    g.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the endpoint's API key")
    g.add_argument("--backend", metavar="PROFILE", help="hardware backend profile for metering, e.g. nvidia-h100-vllm")
    g.add_argument("--concurrency", type=int, metavar="N", help="max requests in flight to the endpoint")
    g.add_argument("--structured-output", choices=["auto", "json_schema", "json_object_schema", "json_object", "none"],
                   help="how to request JSON actions (auto: json_object+schema for llama.cpp, json_schema otherwise)")
    g.add_argument("--serve", choices=["vllm"], help="launch vLLM's OpenAI server for --model for this job's lifetime "
                   "and use it (needs the vllm extra; README 'Scaling out')")
    g.add_argument("--serve-args", metavar="ARGS", help="more vLLM arguments for --serve as one string, e.g. "
                   "--serve-args='--tensor-parallel-size 2'")
    g = p.add_argument_group("scaling out (README 'Scaling out'; several endpoints per role: roles.agent in -c FILE)")
    g.add_argument("--executor", choices=["local", "ray"], help="local: this process (default); ray: shard the seeds "
                   "over a Ray cluster (needs the ray extra)")
    g.add_argument("--ray-address", metavar="ADDR", help="Ray cluster to join, e.g. ray://head:10001 (default: a local Ray)")
    g.add_argument("--shard-size", type=int, metavar="N", help="seeds per Ray task (default 8)")
    g.add_argument("--event-loop", choices=aio.CHOICES,
                   help="the driver's event loop (default auto: uvloop where installed, else asyncio's)")
    g = p.add_argument_group("agents and validators")
    g.add_argument("--agents", type=int, metavar="N", help="episodes running at once (default 4)")
    g.add_argument("--max-steps", type=int, metavar="N", help="think/act/observe steps per episode (default 4)")
    g.add_argument("--temperature", type=float, metavar="T", help="sampling temperature (default 0)")
    g.add_argument("--stages", metavar="LIST", help="comma-separated validator stages in order (default: structure,grounding,numeric,execution,novelty)")
    g.add_argument("--all-verdicts", action="store_true", default=None, help="run every stage even after one rejects")
    g = p.add_argument_group("budgets and metering (checked before each call; see README 'Metering')")
    g.add_argument("--max-cost", type=float, metavar="USD", help="stop scheduling once the run's estimated cost reaches USD")
    g.add_argument("--max-tokens", type=int, metavar="N", help="stop scheduling once the run has used N prompt+completion tokens")
    g.add_argument("--max-seed-tokens", type=int, metavar="N", help="a seed that has used N tokens ends as a failed record")
    g.add_argument("--max-seed-cost", type=float, metavar="USD", help="a seed that has cost USD (estimated) ends as a failed record")
    g.add_argument("--metrics-interval", type=float, metavar="S", help="seconds between /metrics samples of self-hosted endpoints (default 5; 0 = off)")
    p.add_argument("--no-progress", action="store_true", help="no live progress, the start-up banner only (without a "
                   "terminal the progress is a status line every 30 s)")


# Endpoint flags and the key each sets on the endpoint(s) the agent role uses.
ENDPOINT_FLAGS = {"model": "--model", "api_key_env": "--api-key-env", "backend": "--backend",
                  "max_concurrency": "--concurrency", "structured_output": "--structured-output"}


def _run_overrides(a: argparse.Namespace, agent_endpoints: list[str]) -> dict[str, Any]:
    """Flags as dotted config keys: each one given replaces the config file's value (flag > file > default).

    Endpoint flags go to the endpoint(s) the agent role uses: --endpoint's own `cli` endpoint, --serve's `vllm`,
    or else every endpoint the config file's roles.agent names (the embedded one when it names none).
    """
    o: dict[str, Any] = {
        "run.seeds": a.seeds, "run.corpus": a.corpus, "run.out": a.out, "run.limit": a.limit, "run.samples": a.samples,
        "run.agents": a.agents, "run.on_bad_seed": a.on_bad_seed, "run.allow_changed_config": a.allow_changed_config,
        "agent.max_steps": a.max_steps, "agent.temperature": a.temperature,
        "validators.all_verdicts": a.all_verdicts,
        "budget.max_cost_usd": a.max_cost, "budget.max_tokens": a.max_tokens,
        "budget.seed_max_tokens": a.max_seed_tokens, "budget.seed_max_cost_usd": a.max_seed_cost,
        "metering.metrics_interval_s": a.metrics_interval,
        "validators.stages": [s.strip() for s in a.stages.split(",") if s.strip()] if a.stages else None,
    }
    endpoint_flags = {"model": a.model, "api_key_env": a.api_key_env, "backend": a.backend,
                      "max_concurrency": a.concurrency, "structured_output": a.structured_output}
    o |= {"run.executor": a.executor, "run.ray_address": a.ray_address, "run.shard_size": a.shard_size,
          "run.event_loop": a.event_loop}
    if a.ray_address and a.executor != "ray":
        raise UsageError("--ray-address needs --executor ray")
    if a.serve_args and not a.serve:
        raise UsageError("--serve-args needs --serve vllm")
    if a.serve:
        if a.endpoint or not a.model:
            raise UsageError("--serve vllm launches the endpoint for --model (a Hugging Face id or a local folder): "
                             "give --model and no --endpoint")
        o["endpoints.vllm.serve"] = a.serve
        o["endpoints.vllm.serve_args"] = shlex.split(a.serve_args or "")
        o["roles.agent"] = "vllm"
        agent_endpoints = ["vllm"]
    elif a.endpoint:
        o["endpoints.cli.base_url"] = a.endpoint
        o["roles.agent"] = "cli"
        agent_endpoints = ["cli"]
    for name in agent_endpoints:
        for key, value in endpoint_flags.items():
            o[f"endpoints.{name}.{key}"] = value
    return o


def _run_flags(agent_endpoints: list[str]) -> dict[str, str]:
    """The flag behind each override key, so a bad value is reported as the flag the user typed."""
    return FLAGS | {f"endpoints.{name}.{key}": flag for name in agent_endpoints + ["cli", "vllm"]
                    for key, flag in ENDPOINT_FLAGS.items()}


def run_config(a: argparse.Namespace):
    """The run's Config: defaults, then the -c file, then the flags."""
    from assay.config import configured_agent_endpoints, load_config

    named = configured_agent_endpoints(a.config)
    cfg = load_config(a.config, _run_overrides(a, named), _run_flags(named))
    if a.model or a.api_key_env:
        embedded = [name for name in cfg.endpoints_for("agent") if cfg.endpoints[name].embedded]
        if embedded:
            raise UsageError(f"--model and --api-key-env need --endpoint URL, --serve vllm, or a config file whose "
                             f"roles.agent names a served endpoint (the embedded server {embedded[0]!r} only serves "
                             "smollm2)")
    return cfg


FLAGS = {"endpoints.cli.base_url": "--endpoint", "agent.temperature": "--temperature",
         "budget.max_cost_usd": "--max-cost", "budget.seed_max_cost_usd": "--max-seed-cost",
         "metering.metrics_interval_s": "--metrics-interval"}


def cmd_run(a: argparse.Namespace) -> int:
    from assay.run.runner import run

    cfg = run_config(a)
    if a.propose is not None:
        propose.before_run(cfg, a)
        a.fresh = False  # the run directory was made fresh before proposing
    summary = run(cfg, fresh=a.fresh, progress=False if a.no_progress else None, retry_failed=a.retry_failed)
    c = summary.counts
    print(f"run finished: {sum(c.values())} records in {summary.run_dir} "
          f"({c.get('accepted', 0)} accepted, {c.get('rejected', 0)} rejected, {c.get('failed', 0)} failed; "
          f"{summary.new_records} new, {summary.skipped} resumed) in {summary.elapsed_s:.1f}s, {summary.tokens} tokens")
    if summary.stopped_by:
        print(f"stopped early, {summary.stopped_by}; unfinished seeds stay pending: rerun with a larger budget to resume")
    why = _why(summary.run_dir)
    if why:
        print(why)
    print(f"usage, time, FLOPs, KV-cache, energy and cost: assay report {summary.run_dir}")
    if c.get("accepted", 0):
        print(f"dataset: {summary.run_dir / 'dataset'}  (datasets.load_dataset(DIR, 'insights'); "
              "share it with `assay publish`)")
    else:  # an empty config cannot be loaded by datasets; say why instead of leaving a trap
        print(f"no insight was accepted, so the dataset has no 'insights' config yet; every seed's reason "
              f"is in {summary.run_dir / 'records.jsonl'} (rejected records: load_dataset(DIR, 'rejected'))")
    return 0


def _why(run_dir) -> str:
    """Rejections and failures of the run, grouped and counted (report/reasons.py)."""
    from assay.journal import JournalReader
    from assay.report.reasons import summary

    with JournalReader(run_dir) as journal:
        return summary(journal.records())


def cmd_report(a: argparse.Namespace) -> int:
    from assay.report import run_report

    sys.stdout.write(run_report(a.runs, as_json=a.json, html_path=a.html, reprice_target=a.reprice,
                                show_explain=a.explain))
    return 0


def _add_report_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="tokens, time, FLOPs, KV-cache, energy and cost of a run, per backend, role and accepted insight",
        description=(
            "Read RUN's journal and print tables per backend and per role (tokens, cached %, wall and device time, "
            "FLOPs, KV-cache GB*s, energy, cost), the acceptance funnel per validator stage, figures per accepted "
            "insight, context growth per agent step and sampled server metrics. With RUN_B, the two side by side. "
            "Derived figures are estimates: --explain prints every formula and the profiles used."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", nargs="+", metavar="RUN", help="run directory; give two to compare them side by side")
    p.add_argument("--json", action="store_true", help="print the report as JSON, for machines")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with plots to FILE")
    p.add_argument("--reprice", metavar="BACKEND[:MODEL]",
                   help="PROJECTION: what the same calls would cost on another backend profile")
    p.add_argument("--explain", action="store_true", help="print every formula and the backend/model profiles used")


def cmd_serve(a: argparse.Namespace) -> int:
    from assay.endpoint.llama_server import MODEL_ALIAS, LocalServer
    from assay.endpoint.vllm_server import VllmServer

    if a.engine == "vllm":
        if not a.model:
            raise UsageError("--engine vllm needs --model (a Hugging Face id or a local folder)")
        server, model = VllmServer(a.model, a.engine_args, host=a.host, port=a.port), a.model
    elif a.model or a.engine_args:
        raise UsageError("--model and vLLM arguments need --engine vllm (the embedded server only serves smollm2)")
    else:
        server, model = LocalServer(port=a.port, n_ctx=a.ctx, log_path=None), MODEL_ALIAS
    stop = threading.Event()
    with server:  # Ctrl-C while it starts stops it too (KeyboardInterrupt)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        print(server.base_url, flush=True)
        print(f"serving model {model!r} with {a.engine} (pid {server.proc.pid}); Ctrl-C to stop", file=sys.stderr, flush=True)
        while not stop.wait(0.5):
            if not server.alive():
                raise AssayError(f"{server.what} exited unexpectedly")
    return 0


def _add_card_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("dataset and card")
    g.add_argument("--sft-format", choices=["think", "plain", "answer"], default="think",
                   help="sft assistant turn: <think>reasoning</think> then the answer (default), plain reasoning "
                        "then 'Answer: ...', or the answer alone")
    g.add_argument("--license", default="unknown", help="card license id, e.g. apache-2.0, cc-by-4.0 (default: unknown)")
    g.add_argument("--language", default="en", metavar="CODES", help="comma-separated language codes (default: en)")
    g.add_argument("--pretty-name", metavar="TEXT", help="card title (default: 'assay research insights (MODEL)')")


def _card_options(a: argparse.Namespace):
    from assay.dataset.card import CardOptions

    return CardOptions(license=a.license, language=[c.strip() for c in a.language.split(",") if c.strip()],
                       pretty_name=a.pretty_name, sft_format=a.sft_format)


def _add_export_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="write a run as a Hugging Face dataset folder (Parquet configs + card)",
        description=(
            "Export every record of RUN (a run directory) into DIR in the Hub layout: README.md (dataset card "
            "with YAML metadata) and data/CONFIG/train-*.parquet for the configs sft, insights, rejected and "
            "preferences. Load one with datasets.load_dataset(DIR, CONFIG). Exporting the same run twice gives "
            "byte-identical files; exporting again into DIR replaces the earlier export."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", metavar="RUN", help="run directory (the --out of `assay run`)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write (created, or an earlier export replaced)")
    _add_card_options(p)


def cmd_export(a: argparse.Namespace) -> int:
    from pathlib import Path

    from assay.dataset.export import export_run

    result = export_run(Path(a.run), Path(a.out), _card_options(a))
    rows = ", ".join(f"{name} {n}" for name, n in result.rows.items())
    print(f"exported {a.run} -> {result.out_dir}: {rows} rows, {len(result.files)} files")
    loadable = [name for name, n in result.rows.items() if n]
    if loadable:
        print(f"load: datasets.load_dataset({str(result.out_dir)!r}, {loadable[0]!r})  (configs: {', '.join(loadable)})")
    else:
        print("no rows to load yet: every record failed (see records.jsonl)")
    return 0


def _add_publish_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "publish", help="export a run and upload it to a Hugging Face dataset repo in one commit",
        description=(
            "Export RUN into RUN/dataset (as `assay export` does) and upload it to the dataset repo OWNER/NAME "
            "in one commit, creating the repo if needed. Needs HF_TOKEN (a token with write access). Publishing "
            "unchanged data makes no new commit; an interrupted publish resumes when rerun. HF_ENDPOINT points "
            "it at another Hub."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", metavar="RUN", help="run directory (the --out of `assay run`)")
    p.add_argument("--repo", required=True, metavar="OWNER/NAME", help="dataset repo, e.g. alice/mars-insights")
    p.add_argument("--private", action="store_true", help="create the repo private (an existing repo keeps its visibility)")
    p.add_argument("--revision", metavar="BRANCH", help="branch to commit to, created from main if missing (default: main)")
    p.add_argument("--publish-despite-secrets", action="store_true",
                   help="upload even though the export holds strings that look like API keys or tokens (by default "
                        "publish refuses and names the file and row)")
    _add_card_options(p)


def cmd_publish(a: argparse.Namespace) -> int:
    from pathlib import Path

    from assay.dataset.publish import publish

    result = publish(Path(a.run), a.repo, private=a.private, revision=a.revision, opts=_card_options(a),
                     allow_secrets=a.publish_despite_secrets)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.changed:
        print(f"published {len(result.export.files)} files to {a.repo} in commit {result.commit[:12]}")
    else:
        print(f"no changes: {a.repo} already holds this export (commit {result.commit[:12]})")
    print(result.url)
    return 0


def _add_eval_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval-validators", help="measure validator stages on a labeled set: precision, recall, F1, tokens",
        description=(
            "Run validator stages over a labeled set of good and hallucinated insights (default: the shipped "
            "data/eval/labeled.jsonl) and print precision, recall and F1 of each stage and of the whole stack, "
            "recall per hallucination kind, and the tokens each stage spent. Every stage sees every row. LLM stages "
            "(support, consistency, judge) use the embedded llama.cpp server unless --endpoint is given."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-c", "--config", metavar="FILE", help="TOML config: [validators] stages and params, endpoints, roles")
    p.add_argument("--labeled", metavar="FILE", help="labeled JSONL (default: data/eval/labeled.jsonl)")
    p.add_argument("--corpus", metavar="DIR", help="source documents the rows cite (default: corpus/ beside --labeled)")
    p.add_argument("--stages", metavar="LIST", help="comma-separated stages, or 'all' (default: the configured stack)")
    p.add_argument("--per-kind", type=int, metavar="N", help="only the first N rows of each kind: a fixed sample for slow endpoints")
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="rows checked at once (default 4)")
    p.add_argument("--json", metavar="FILE", help="also write the figures and every row's verdicts as JSON")
    g = p.add_argument_group("verifier endpoint for LLM stages (default: the embedded llama.cpp server)")
    g.add_argument("--endpoint", metavar="URL", help="OpenAI-compatible base URL")
    g.add_argument("--model", metavar="NAME", help="model name served at --endpoint")
    g.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the endpoint's API key")
    g.add_argument("--structured-output", choices=["auto", "json_schema", "json_object_schema", "json_object", "none"],
                   help="how to request JSON verdicts (auto: json_object+schema for llama.cpp, json_schema otherwise)")


def cmd_eval_validators(a: argparse.Namespace) -> int:
    from pathlib import Path

    from assay.validators import every_stage

    from assay.config import load_config
    from assay.validators.evaluate import run_eval

    if a.per_kind is not None and a.per_kind < 1 or a.concurrency < 1:
        raise UsageError("--per-kind and --concurrency must be at least 1")
    o: dict[str, Any] = {}
    if a.stages:
        o["validators.stages"] = every_stage() if a.stages.strip() == "all" else [s.strip() for s in a.stages.split(",") if s.strip()]
    if a.endpoint:
        for key, value in {"base_url": a.endpoint, "model": a.model, "api_key_env": a.api_key_env,
                           "structured_output": a.structured_output}.items():
            o[f"endpoints.cli.{key}"] = value
        o["roles.validator"] = "cli"
    elif a.model or a.api_key_env:
        raise UsageError("--model and --api-key-env need --endpoint URL (the embedded server only serves smollm2)")
    cfg = load_config(a.config, o, FLAGS)
    _, text = run_eval(cfg, labeled=Path(a.labeled) if a.labeled else None, corpus_dir=Path(a.corpus) if a.corpus else None,
                       per_kind_n=a.per_kind, concurrency=a.concurrency, json_out=Path(a.json) if a.json else None,
                       progress=True)
    print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assay",
        description=(
            "assay turns inference into training data: research agents answer seed questions with evidence, "
            "validator stages reject hallucinations, accepted insights become Hugging Face datasets, and every "
            "call is metered per hardware backend.\n\nStart with `assay run` (no flags needed: it uses the "
            "embedded SmolLM2 model and the shipped demo seeds)."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"assay {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run_parser(sub)
    _add_report_parser(sub)
    _add_export_parser(sub)
    _add_publish_parser(sub)
    _add_eval_parser(sub)
    revalidate.add_parser(sub, COMMANDS)
    propose.add_parser(sub, COMMANDS)
    view.add_parser(sub, COMMANDS)
    p = sub.add_parser("serve", help="start an endpoint alone (embedded llama.cpp, or vLLM) and print its base URL",
                       usage="assay serve [--engine {llama.cpp,vllm}] [--model M] [--port N] [--host H] [vLLM args...]",
                       description="Start an OpenAI-compatible server, print its base URL on stdout, and serve until "
                                   "Ctrl-C or SIGTERM. Default: the embedded llama.cpp server (SmolLM2-135M) on loopback. "
                                   "--engine vllm launches vLLM's server for --model with prefix caching and "
                                   "--enable-prompt-tokens-details on (its /metrics is served too); every other "
                                   "argument goes to vLLM, e.g. --tensor-parallel-size 2 (README 'Scaling out').",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", choices=["llama.cpp", "vllm"], default="llama.cpp", help="server to start (default llama.cpp)")
    p.add_argument("--model", metavar="M", help="vllm: Hugging Face model id or local folder (also the served model name)")
    p.add_argument("--port", type=int, help="port to listen on (default: a free one)")
    p.add_argument("--host", default="127.0.0.1", help="vllm: address to bind (default 127.0.0.1; 0.0.0.0 for other hosts)")
    p.add_argument("--ctx", type=int, default=2048, help="llama.cpp: context window in tokens (default 2048)")
    p.set_defaults(engine_args=[])
    return parser


COMMANDS = {"run": cmd_run, "report": cmd_report, "serve": cmd_serve, "export": cmd_export, "publish": cmd_publish,
            "eval-validators": cmd_eval_validators}


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM before (or after) the job's own handlers: stop cleanly, exit 130


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM at any point, parsing included
        print("interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    finally:
        # A SIGTERM that lands while we exit must not escape as a KeyboardInterrupt (exit -2).
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _dispatch(argv: list[str] | None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # only `serve --engine vllm` takes arguments it does not know: they are vLLM's
        if args.command != "serve" or args.engine != "vllm":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.engine_args = extra[1:] if extra[0] == "--" else extra
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except AssayError as e:
        print(f"error: {redact(str(e))}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a bug: one line here, the traceback in a file (RUN/error.log where a run had its folder)
        from assay.run.rundir import internal_error

        print(f"error: {redact(str(internal_error(e, None)))}", file=sys.stderr)
        return 1
