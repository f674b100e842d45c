"""`assay report`: what a run used and cost, per backend, per role, per validator stage and per accepted insight.

Reads only the run's journal (read-only), so it works on a finished, interrupted or running run.
Every derived figure is the sum of the per-call estimates the meter stored (meter.FORMULAS).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay.errors import UsageError
from assay.journal import JournalReader
from assay.metering import detect
from assay.metering.live import META_KEY, _default_meter, from_snapshot
from assay.metering.meter import FORMULAS, Agg, ContextGrowth, Meter, add, busy_s, token_cost
from assay.records import CallUsage, Record
from assay.profiles import BackendProfile
from assay.report import server
from assay.report.found import Found, corpus_documents
from assay.report.notes import unknowns

@dataclass
class RunData:
    """One pass over the journal: everything the tables, the JSON and the HTML plots need."""

    run_dir: Path
    meter: Meter
    stages: list[str]
    status: dict[str, int] = field(default_factory=dict)
    total: Agg = field(default_factory=Agg)
    by_backend: dict[str, Agg] = field(default_factory=dict)
    by_role: dict[str, Agg] = field(default_factory=dict)
    by_endpoint: dict[str, Agg] = field(default_factory=dict)
    backend_of: dict[str, str] = field(default_factory=dict)  # endpoint -> backend its calls were metered as
    accepted: Agg = field(default_factory=Agg)
    funnel: list[tuple[str, int]] = field(default_factory=list)
    growth: ContextGrowth = field(default_factory=ContextGrowth)
    timeline: dict[int, list[float]] = field(default_factory=dict)  # second -> [completion, prompt tokens]
    calls: list[CallUsage] = field(default_factory=list)  # kept for --reprice
    server: dict[str, list[tuple[float, dict]]] = field(default_factory=dict)
    kv_peak_bytes: float | None = 0.0
    outcomes: list[tuple[str, bool, dict[str, bool]]] = field(default_factory=list)  # status, insight?, verdicts
    servers: dict | None = None  # what each endpoint's server was found to be (None: a run from before detection)
    final_step: int | None = None  # the step number of the final-answer call: agent.max_steps + 1
    found: Found = field(default_factory=Found)  # accepted insights by question kind and source (found.py)


def load(run_dir: str | Path) -> RunData:
    run_dir = Path(run_dir)
    with JournalReader(run_dir) as journal:
        snapshot = journal.meta(META_KEY)
        meter = from_snapshot(snapshot) if snapshot else _default_meter()
        servers = journal.meta(detect.META_KEY)
        data = RunData(run_dir=run_dir, meter=meter, stages=_stages(run_dir), final_step=_final_step(run_dir),
                       servers=json.loads(servers) if servers else None)
        for record in journal.records():
            _add_record(data, record)
        for t, endpoint, sample in journal.metrics():
            data.server.setdefault(endpoint, []).append((t, sample))
    data.funnel = _funnel(data)
    return data


def _final_step(run_dir: Path) -> int | None:
    try:
        return int(json.loads((run_dir / "config.json").read_text())["agent"]["max_steps"]) + 1
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stages(run_dir: Path) -> list[str]:
    try:
        return list(json.loads((run_dir / "config.json").read_text())["validators"]["stages"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _add_record(data: RunData, record: Record) -> None:
    data.status[record.status.value] = data.status.get(record.status.value, 0) + 1
    calls = data.meter.ensure(record.calls)
    for c in calls:
        data.total.add(c)
        data.by_backend.setdefault(c.backend, Agg()).add(c)
        data.by_role.setdefault(c.role, Agg()).add(c)
        data.by_endpoint.setdefault(c.endpoint, Agg()).add(c)
        data.backend_of[c.endpoint] = c.backend
        if record.status.value == "accepted":
            data.accepted.add(c)
        if c.started_at is not None:  # a call's tokens spread evenly over the seconds it was in flight
            start, end = c.started_at, c.started_at + max(c.wall_s, 1e-6)
            for sec in range(int(start), int(end) + 1):
                share = (min(end, sec + 1) - max(start, sec)) / (end - start)
                bucket = data.timeline.setdefault(sec, [0.0, 0.0])
                bucket[0] += c.completion_tokens * share
                bucket[1] += c.prompt_tokens * share
        peak = c.estimate.kv_peak_bytes if c.estimate else None
        data.kv_peak_bytes = None if peak is None or data.kv_peak_bytes is None else max(data.kv_peak_bytes, peak)
    data.calls.extend(calls)
    data.growth.add_episode(calls)
    for v in record.verdicts:
        if v.validator not in data.stages:
            data.stages.append(v.validator)
    data.found.add(record)
    data.outcomes.append((record.status.value, record.insight is not None, {v.validator: v.passed for v in record.verdicts}))


def _funnel(data: RunData) -> list[tuple[str, int]]:
    """Seeds -> insight proposed -> passed each stage in order -> accepted."""
    rows = data.outcomes
    out = [("seeds", len(rows)), ("insight proposed", sum(1 for _, has, _ in rows if has))]
    for k, stage in enumerate(data.stages):
        out.append((f"passed {stage}", sum(1 for _, has, v in rows if has and all(v.get(s) for s in data.stages[:k + 1]))))
    out.append(("accepted", sum(1 for status, _, _ in rows if status == "accepted")))
    return out


def run_wall_s(calls: list[CallUsage]) -> float | None:
    """The run's wall time: seconds with at least one call in flight (a resumed run's pause is left out)."""
    return busy_s((c.started_at, c.started_at + c.wall_s) for c in calls if c.started_at is not None)


def build(data: RunData) -> dict[str, Any]:
    """The report as plain data: what --json prints and the tables and HTML show."""
    accepted = data.status.get("accepted", 0)
    metrics = {k: server.summary(v, data.by_endpoint.get(k)) for k, v in sorted(data.server.items())}
    t0 = min((t for samples in data.server.values() for t, _ in samples), default=0.0)
    t0 = min([t0, *(c.started_at for c in data.calls if c.started_at is not None)])
    return {
        "run": str(data.run_dir),
        "note": "FLOPs, KV GB*s, device s, energy and cost are estimates; `assay report --explain` shows how. "
                "call_s sums the calls' wall times (concurrent calls each count); run_wall_s is the time at least "
                "one call was in flight",
        "records": sum(data.status.values()),
        "status": data.status,
        "run_wall_s": run_wall_s(data.calls),
        "total": data.total.as_dict() | {"kv_peak_bytes": data.kv_peak_bytes},
        "by_backend": {k: v.as_dict() for k, v in sorted(data.by_backend.items())},
        "by_role": {k: v.as_dict() for k, v in sorted(data.by_role.items())},
        "funnel": [{"stage": s, "records": n} for s, n in data.funnel],
        "found": data.found.as_dict(corpus_documents(data.run_dir)),
        "per_accepted_insight": {
            "accepted": accepted,
            "all_spend_per_accepted": data.total.per(accepted),
            "accepted_records_mean": data.accepted.per(accepted),
            "by_backend": {k: v.per(accepted) for k, v in sorted(data.by_backend.items())},
            "by_role": {k: v.per(accepted) for k, v in sorted(data.by_role.items())},
            "server_counted_prefilled": server_prefilled(metrics, data.by_endpoint, accepted),
        },
        "context_growth": data.growth.as_dict(data.final_step),
        "servers": (data.servers or {}).get("endpoints", {}),
        "server_metrics": metrics,
        "kv_usage_series": {k: server.series(v, t0) for k, v in sorted(data.server.items())},
        "unknown": unknowns(data.meter, data.by_endpoint, data.backend_of, data.servers, set(data.server)),
    }


def server_prefilled(metrics: dict[str, Any], by_endpoint: dict[str, Any], accepted: int) -> float | None:
    """Prefilled tokens per accepted insight as the servers counted them (/metrics), where every endpoint the run
    called was sampled: exact also for n > 1 calls, whose usage counts the prompt once. Unknown otherwise."""
    if not accepted or not by_endpoint or set(by_endpoint) - set(metrics):
        return None
    counted = [metrics[k].get("counted", {}).get("prefilled_tokens") for k in by_endpoint]
    return None if None in counted else sum(counted) / accepted


def reprice(data: RunData, target: str) -> dict[str, Any]:
    """PROJECTION: the same calls on another backend profile (hosted prices, or bandwidth-scaled time)."""
    name, _, model = target.partition(":")
    profile = data.meter.backends.get(name)
    if profile is None:
        raise UsageError(f"--reprice {target}: no backend profile {name!r}; known: {', '.join(sorted(data.meter.backends))}")
    out: dict[str, Any] = {"label": "PROJECTION, not a measurement", "target": name, "kind": profile.kind,
                           "model": model or None, "notes": []}
    costs, energies, device = [], [], []
    for c in data.calls:
        if profile.kind == "hosted":
            priced_as = c.model_copy(update={"model": model}) if model else c  # an explicit MODEL wins
            costs.append(token_cost(profile, priced_as, data.meter.endpoint_models.get(c.endpoint)))
            energies.append(None)
        else:
            d = _scaled_device_s(data.meter.backends.get(c.backend), profile, c)
            device.append(d)
            costs.append(None if d is None or profile.price_per_device_hour_usd is None
                         else d * profile.devices * profile.price_per_device_hour_usd / 3600)
            energies.append(None if d is None or profile.board_power_w is None else d * profile.devices * profile.board_power_w)
    out["cost_usd"], out["energy_j"] = add(costs), add(energies)
    out["device_s"] = add(device) if profile.kind == "self-hosted" else None
    accepted = data.status.get("accepted", 0)
    out["cost_usd_per_accepted"] = out["cost_usd"] / accepted if accepted and out["cost_usd"] is not None else None
    if profile.kind == "hosted" and out["cost_usd"] is None:
        listed = ", ".join(sorted(k for k in profile.prices if k != "*")) or "none"
        out["notes"].append(f"{name} lists no price for this run's model; name one: --reprice {name}:MODEL "
                            f"(listed: {listed}), or add prices in config")
    if profile.kind == "self-hosted" and out["device_s"] is None:
        out["notes"].append("scaling needs the memory bandwidth of both the measured and the target backend, and "
                            "measured device time (self-hosted source); set memory_bandwidth_gb_s in config")
    return out


def _scaled_device_s(source: BackendProfile | None, target: BackendProfile, c: CallUsage) -> float | None:
    d = c.estimate.device_s if c.estimate else None
    if d is None or source is None or source.memory_bandwidth_gb_s is None or target.memory_bandwidth_gb_s is None:
        return None
    return d * source.memory_bandwidth_gb_s / target.memory_bandwidth_gb_s


def explain(data: RunData) -> str:
    lines = [FORMULAS, "Profiles this run was metered with (absent figure = unknown):", ""]
    used = {c.backend for c in data.calls} or set(data.meter.backends)
    for name in sorted(used):
        p = data.meter.backends.get(name)
        if p is None:
            lines.append(f"  backend {name}: no profile")
            continue
        lines.append(f"  backend {name} ({p.kind}, {p.devices} device(s)): {p.description}")
        for fig in ("peak_bf16_tflops", "memory_gb", "memory_bandwidth_gb_s", "board_power_w", "price_per_device_hour_usd"):
            value = getattr(p, fig)
            lines.append(f"    {fig} = {'unknown' if value is None else value}"
                         + (f"   [{p.sources[fig]}]" if fig in p.sources else ""))
        for model, price in sorted(p.prices.items()):
            lines.append(f"    prices[{model}] in/cached/out per M = {price.input_per_m}/{price.cached_input_per_m}/"
                         f"{price.output_per_m}   [{price.source}]")
    for endpoint, model_name in sorted(data.meter.endpoint_models.items()):
        if not any(c.endpoint == endpoint for c in data.calls):
            continue
        from assay.profiles import find_model  # noqa: PLC0415
        found = find_model(data.meter.models, model_name)
        if found is None:
            lines.append(f"  endpoint {endpoint}: model {model_name!r} has no profile: FLOPs and KV are unknown "
                         f"(add [models.\"{model_name}\"] to the config)")
            continue
        m = found[1]
        lines.append(f"  endpoint {endpoint}: model {found[0]}: params active {m.active_params}, layers {m.layers}, "
                     f"heads {m.heads}, kv_heads {m.kv_heads}, head_dim {m.head_dim}, kv bytes/token "
                     f"{m.kv_bytes_per_token}   [{m.source}]")
    return "\n".join(lines)
