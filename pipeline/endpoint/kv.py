"""KV-aware admission: keep a server's KV-cache usage under a ceiling instead of waiting for preemption.

A server that runs out of KV-cache blocks preempts running requests (vLLM recomputes or swaps them), which
costs prefill twice and stalls every agent in flight; latency rises only once that has begun. Where the server
publishes its KV-cache usage on /metrics (vLLM's `vllm:kv_cache_usage_perc`, a 0-1 fraction), the metrics
sampler hands each sample to a governor here, which caps the endpoint's adaptive window (limiter.py):

* usage at or above the ceiling: the cap becomes the requests the server is running x ceiling / usage (less 5%),
  so the next admissions bring usage back under it; the window shrinks to the cap at once;
* usage below 85% of the ceiling: the cap grows by a quarter a sample, and goes away once above the configured
  concurrency; the window then grows by its own rules.

The cap is the only thing it touches: latency and overload control stay the limiter's. Each sample carries the
cap in force (`window_cap`), so the report shows usage and cap over time. `endpoints.NAME.kv_ceiling` (default
0.9; 0 turns it off) and a sampling interval of at most 1 s while it is on (metering.metrics_interval_s
= 0 turns all sampling, and with it this control, off).
"""
from __future__ import annotations

import math

from assay.endpoint.limiter import AdaptiveLimiter

RELAX = 0.85  # below ceiling x RELAX the cap loosens
MARGIN = 0.95
SAMPLE_S = 1.0  # the sampling interval while a ceiling is in force, at most


class KvGovernor:
    def __init__(self, limiter: AdaptiveLimiter, ceiling: float):
        self.limiter = limiter
        self.ceiling = ceiling
        self.cuts = 0  # samples at or above the ceiling

    def observe(self, sample: dict[str, float]) -> None:
        usage = sample.get("kv_cache_usage")
        if usage is None:
            return
        lim = self.limiter
        if usage >= self.ceiling:
            self.cuts += 1
            running = sample.get("running")
            basis = max(1.0, running if running else float(lim.in_flight))
            lim.kv_cap = max(float(lim.min_limit), basis * self.ceiling / usage * MARGIN)
            if lim.limit > lim.kv_cap:
                lim.limit = lim.kv_cap
        elif usage < self.ceiling * RELAX and math.isfinite(lim.kv_cap):
            lim.kv_cap *= 1.25
            if lim.kv_cap >= lim.max_limit:
                lim.kv_cap = math.inf
        sample["window_cap"] = lim.kv_cap if math.isfinite(lim.kv_cap) else float(lim.max_limit)
        sample["window"] = lim.limit
