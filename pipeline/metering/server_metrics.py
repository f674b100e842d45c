"""Live server metrics: sample a self-hosted endpoint's Prometheus /metrics into the journal during a run.

vLLM exposes KV-cache usage, prefix-cache queries and hits, running and waiting requests and token
counters; an endpoint without /metrics (llama.cpp, hosted APIs) is normal and simply not sampled.
"""
from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request

# Our short name -> the Prometheus names that mean it (current vLLM first, older vLLM after).
NAMES: dict[str, tuple[str, ...]] = {
    "kv_cache_usage": ("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "vllm:cpu_cache_usage_perc"),
    "prefix_cache_queries": ("vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total"),
    "prefix_cache_hits": ("vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total"),
    "running": ("vllm:num_requests_running",),
    "waiting": ("vllm:num_requests_waiting",),
    "prompt_tokens": ("vllm:prompt_tokens_total",),
    "generation_tokens": ("vllm:generation_tokens_total",),
    "preemptions": ("vllm:num_preemptions_total",),
}
MISSES_BEFORE_GIVING_UP = 3  # an endpoint that never answers /metrics is not asked again


def parse_prometheus(text: str) -> dict[str, float]:
    """Sum each metric over its label sets: `name{labels} value [timestamp]`; comments and junk skipped."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "{" in line:
            name, _, rest = line.partition("{")
            _, _, rest = rest.rpartition("}")
        else:
            name, _, rest = line.partition(" ")
        fields = rest.split()
        if not fields:
            continue
        try:
            value = float(fields[0])
        except ValueError:
            continue
        if value != value:  # NaN: a gauge with nothing to report yet
            continue
        out[name.strip()] = out.get(name.strip(), 0.0) + value
    return out


def server_sample(raw: dict[str, float]) -> dict[str, float]:
    """The figures assay keeps, under short names; absent ones are left out."""
    sample = {}
    for short, names in NAMES.items():
        for name in names:
            if name in raw:
                sample[short] = raw[name]
                break
    return sample


def with_rates(sample: dict[str, float], previous: dict[str, float] | None, dt: float) -> dict[str, float]:
    """Add the prefix-cache hit rate and token throughput since the previous sample."""
    if previous is None or dt <= 0:
        return sample
    out = dict(sample)
    dq = sample.get("prefix_cache_queries", 0.0) - previous.get("prefix_cache_queries", 0.0)
    if dq > 0:
        out["prefix_hit_rate"] = (sample.get("prefix_cache_hits", 0.0) - previous.get("prefix_cache_hits", 0.0)) / dq
    for key, rate in (("generation_tokens", "generation_tok_s"), ("prompt_tokens", "prompt_tok_s")):
        if key in sample and key in previous:
            out[rate] = max(0.0, sample[key] - previous[key]) / dt
    return out


def fetch(url: str, timeout_s: float = 5.0) -> str | None:
    """GET the metrics text; None when the endpoint has none or does not answer (both normal)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as r:
            return r.read().decode("utf-8", "replace") if r.status == 200 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def metrics_url(base_url: str) -> str:
    """vLLM serves /metrics at the server root, beside /v1."""
    root = base_url.rstrip("/")
    return (root[:-3] if root.endswith("/v1") else root) + "/metrics"


class MetricsSampler:
    """Async context manager: samples every `interval_s` while the job runs, one task per endpoint."""

    def __init__(self, journal, urls: dict[str, str], interval_s: float):
        self.journal = journal
        self.urls = urls
        self.interval_s = interval_s
        self.tasks: list[asyncio.Task] = []
        self.samples: dict[str, int] = {name: 0 for name in urls}

    async def __aenter__(self) -> "MetricsSampler":
        if self.interval_s > 0:
            self.tasks = [asyncio.create_task(self._sample(name, url)) for name, url in self.urls.items()]
        return self

    async def __aexit__(self, *exc) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _sample(self, endpoint: str, base_url: str) -> None:
        url, previous, last_t, misses = metrics_url(base_url), None, 0.0, 0
        while misses < MISSES_BEFORE_GIVING_UP:
            t = time.time()
            text = await asyncio.to_thread(fetch, url)  # a thread: urllib keeps the event loop free
            sample = server_sample(parse_prometheus(text or ""))
            if sample:
                misses = 0
                sample = with_rates(sample, previous, t - last_t)
                self.journal.add_metrics(t, endpoint, sample)
                self.samples[endpoint] += 1
                previous, last_t = sample, t
            else:
                misses += 1
            await asyncio.sleep(self.interval_s)
