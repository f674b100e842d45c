"""What the servers said about a run: /metrics samples summed into counters, a KV-usage series, and the
server's own token counts beside the sums of the calls' usage (they differ for n > 1; see meter.FORMULAS)."""
from __future__ import annotations

from typing import Any

from assay.metering.meter import Agg
from assay.metering.server_metrics import COUNTERS, PART_START

Samples = list[tuple[float, dict]]


def counters(samples: Samples) -> dict[str, float]:
    """Each counter's growth over the run: differences between consecutive samples of one run part (the gap
    before a part's first sample is other traffic), a drop read as a server restart counting from zero."""
    out: dict[str, float] = {}
    previous: dict | None = None
    for _, s in samples:
        if previous is not None and not s.get(PART_START):
            for key in COUNTERS:
                if key in s and key in previous:
                    grew = s[key] - previous[key]
                    out[key] = out.get(key, 0.0) + (grew if grew >= 0 else s[key])
        previous = s
    return out


def _span(samples: Samples) -> float:
    """Seconds covered by sampled intervals (the same parts counters() sums over)."""
    total, previous = 0.0, None
    for t, s in samples:
        if previous is not None and not s.get(PART_START):
            total += t - previous
        previous = t
    return total


def summary(samples: Samples, calls: Agg | None = None) -> dict[str, Any]:
    """One endpoint's samples as figures; `calls` (the endpoint's calls) puts the usage's sums beside them."""
    def values(key):
        return [s[key] for _, s in samples if key in s]

    grew = counters(samples)
    out: dict[str, Any] = {"samples": len(samples), "final_sample": any(s.get("final") for _, s in samples)}
    for key in ("kv_cache_usage", "running", "waiting"):
        v = values(key)
        out[f"{key}_max"] = max(v) if v else None
    kv = values("kv_cache_usage")
    out["kv_cache_usage_mean"] = sum(kv) / len(kv) if kv else None
    # Weighted by tokens: all hits over all queries, not the mean of each interval's rate.
    queries, hits = grew.get("prefix_cache_queries"), grew.get("prefix_cache_hits")
    if hits is None and "cached_prompt_tokens" in grew:
        queries, hits = grew.get("prompt_tokens"), grew["cached_prompt_tokens"]
    out["prefix_hit_rate"] = hits / queries if queries and hits is not None else None
    span = _span(samples)
    out["generation_tok_s_mean"] = grew["generation_tokens"] / span if "generation_tokens" in grew and span else None
    out["counted"] = {
        "prompt_tokens": grew.get("prompt_tokens"),
        "cached_tokens": hits,
        "prefilled_tokens": None if grew.get("prompt_tokens") is None or hits is None else grew["prompt_tokens"] - hits,
        "completion_tokens": grew.get("generation_tokens"),
        "requests_finished": grew.get("requests_finished"),
    }
    if calls is not None:
        out["calls_reported"] = {"calls": calls.calls, "choices": calls.choices, "prompt_tokens": calls.prompt_tokens,
                                 "cached_tokens": None if calls.cache_unreported else calls.cached_tokens,
                                 "prefilled_tokens": calls.prefilled_tokens,
                                 "completion_tokens": calls.completion_tokens}
    return out


def series(samples: Samples, t0: float) -> list[dict[str, float | None]]:
    """KV-cache usage (0-1), running and waiting requests over time, seconds from t0."""
    return [{"t": t - t0, "kv_cache_usage": s.get("kv_cache_usage"), "running": s.get("running"),
             "waiting": s.get("waiting")} for t, s in samples]
