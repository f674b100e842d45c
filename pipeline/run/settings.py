"""The settings that shape a run's records, kept per part of the run: a resume that would change them stops.

Kept in the journal's meta (key `settings`) as a list of parts, one per change:

    [{"since": "2026-12-06T10:48:21+0000", "records_before": 0, "settings": {...}, "config": {...},
      "changed": null}, {"records_before": 12, ..., "changed": {"agent.temperature": [0.0, 0.7]}}]

Only what changes what a record holds is compared: the agents' endpoint model, backend, structured
output and context window, the agent bounds and sampling, the validator stages and their params,
samples, per-seed budgets, the prompt versions and the corpus text. Concurrency, timeouts, retries,
the endpoint's URL, --out, --limit, run budgets and the display are not: a resume may change them.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assay import sources
from assay.config import Config
from assay.corpus import SUFFIXES
from assay.errors import UsageError
from assay.secrets import redact
from assay.seeds import default_corpus, demo_seeds_path

META_KEY = "settings"
ENDPOINT_KEYS = ("model", "backend", "structured_output", "context_window")
# The flag (or config key) that sets each setting, for the message that names it.
HOW = {"model": "--model", "backend": "--backend", "structured_output": "--structured-output",
       "agent.max_steps": "--max-steps", "agent.temperature": "--temperature", "validators.stages": "--stages",
       "validators.all_verdicts": "--all-verdicts", "run.samples": "--samples",
       "budget.seed_max_tokens": "--max-seed-tokens", "budget.seed_max_cost_usd": "--max-seed-cost",
       "prompts": "the prompt templates of this assay version", "corpus": "the documents in --corpus"}


def of_config(cfg: Config) -> dict[str, Any]:
    """The record-shaping settings a Config holds (without prompts and corpus, which are not config)."""
    from assay.validators import uses_endpoint

    out: dict[str, Any] = {}
    agents = cfg.endpoints_for("agent")
    roles = [("agent", agents)]
    validators = cfg.endpoints_for("validator")
    if uses_endpoint(cfg.validators.stages) and validators != agents:
        roles.append(("validator", validators))
    for role, names in roles:
        for key in ENDPOINT_KEYS:  # by role, not by endpoint name: the same model under another name is the same
            values = [getattr(cfg.endpoints[n], key) for n in names]
            out[f"{role} endpoint {key}"] = values[0] if len(values) == 1 else values
    out |= {f"agent.{k}": v for k, v in cfg.agent.model_dump(mode="json").items()}
    v = cfg.validators
    out |= {"validators.stages": v.stages, "validators.all_verdicts": v.all_verdicts,
            "validators.params": {s: p for s, p in sorted(v.params.items()) if s in v.stages},
            "run.samples": cfg.run.samples, "budget.seed_max_tokens": cfg.budget.seed_max_tokens,
            "budget.seed_max_cost_usd": cfg.budget.seed_max_cost_usd}
    return json.loads(json.dumps(out))  # as it reads back from the journal (tuples become lists)


def of_run(cfg: Config) -> dict[str, Any]:
    """Everything compared on resume: the config's record-shaping settings, prompt versions, the corpus text."""
    from assay.task import load_task
    from assay.validators import LLM_STAGES, llm

    prompts = {"prompts.agent": load_task(cfg.task).version()} | {
        f"prompts.{s}": llm.prompt_version(s) for s in cfg.validators.stages if s in LLM_STAGES}
    return of_config(cfg) | prompts | {"corpus": _corpus_print(cfg)}


def _corpus_print(cfg: Config) -> str:
    """The corpus documents' names and bytes, hashed (the run checked them already: corpus.py)."""
    seeds = Path(cfg.run.seeds) if cfg.run.seeds else demo_seeds_path()
    folder = Path(cfg.run.corpus) if cfg.run.corpus else default_corpus(seeds)
    if cfg.run.corpus_columns or sources.is_table(cfg.run.corpus or folder):  # a table of documents: ids and texts
        return sources.fingerprint(sources.documents(cfg.run.corpus or folder, cfg.run.corpus_columns,
                                                     cfg.run.corpus_split))
    h, n = hashlib.sha256(), 0
    for p in sorted(folder.iterdir()) if folder.is_dir() else ():
        if p.suffix in SUFFIXES and p.is_file():
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
            n += 1
    return f"{n} documents, sha256 {h.hexdigest()[:12]}"


def part(cfg: Config) -> dict[str, Any]:
    """One part of a run as the journal keeps it: when, the settings compared, and the whole config (no secrets)."""
    return {"since": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "settings": of_run(cfg),
            "config": json.loads(redact(cfg.model_dump_json()))}


def changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """key -> (old, new) for every setting both know that differs (a run from before a key was kept has none)."""
    return {k: (old[k], new[k]) for k in new if k in old and old[k] != new[k]}


def check(journal, new_part: dict[str, Any], *, allow: bool, where: str,
          legacy: Callable[[], dict[str, Any] | None] = lambda: None) -> dict[str, tuple[Any, Any]]:
    """Compare a resume's settings with the last part's; record a new part when they differ.

    Raises UsageError naming each change unless `allow`; returns the changes allowed (empty if none).
    `legacy()` gives the settings of a run directory written before parts were kept (from its config.json).
    """
    parts = json.loads(journal.meta(META_KEY) or "[]")
    records = sum(journal.counts().values())
    last = (parts[-1]["settings"] if parts else legacy()) if records else None
    changed = changes(last, new_part["settings"]) if last is not None else {}
    if changed and not allow:
        raise UsageError(refusal(where, changed, records))
    if not records:
        parts = []  # nothing was made with the earlier settings: this part is the run's first
    elif parts and not changed and last == new_part["settings"]:
        return {}  # the same settings: the last part goes on
    parts.append(new_part | {"records_before": records, "changed": {k: list(v) for k, v in changed.items()} or None})
    journal.set_meta(META_KEY, json.dumps(parts))
    return changed


def refusal(where: str, changed: dict[str, tuple[Any, Any]], records: int) -> str:
    lines = [f"{where} holds {records} records made with other settings; resuming with these would mix them:"]
    lines += [f"  {line}" for line in describe(changed)]
    lines.append("Rerun with the settings the run was made with, or choose another --out (or add --fresh to start "
                 "over), or pass --allow-changed-config to continue with the new ones (the change is recorded in "
                 "the run's journal)")
    return "\n".join(lines)


def describe(changed: dict[str, tuple[Any, Any]]) -> list[str]:
    """`key: old → new (the flag that sets it)`, one per change."""
    out = []
    for key, (old, new) in changed.items():
        how = HOW.get(key.removeprefix("agent endpoint ")) or HOW.get(key.split(".")[0]) or _config_key(key)
        out.append(f"{key}: {_show(old)} → {_show(new)} ({how})")
    return out


def _config_key(key: str) -> str:
    if " endpoint " in key:
        role, _, field = key.split(" ", 2)
        return f"endpoints.NAME.{field} of roles.{role} in -c FILE"
    return f"{key} in -c FILE"


def _show(value: Any) -> str:
    text = json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
