"""Live server metrics: sample an endpoint's Prometheus /metrics into the journal during a run.

vLLM exposes KV-cache usage, prefix-cache queries and hits, running and waiting requests and token
counters; SGLang (--enable-metrics) and llama.cpp's llama-server (--metrics) expose most of them under
their own names. Which endpoints publish them is found by asking (detect.py), whatever their backend
profile; an endpoint without /metrics (llama-cpp-python, hosted APIs) is normal and simply not sampled.
One sample is taken as the job starts and one as it ends, so counter differences cover every call.
"""
from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request

# Our short name -> the Prometheus names that mean it (current vLLM first, older vLLM after).
# SGLang and llama.cpp's llama-server names follow vLLM's (a 0-1 KV fraction, requests, token counters).
NAMES: dict[str, tuple[str, ...]] = {
    "kv_cache_usage": ("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "vllm:cpu_cache_usage_perc",
                       "sglang:token_usage", "llamacpp:kv_cache_usage_ratio"),
    "prefix_cache_queries": ("vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total"),
    "prefix_cache_hits": ("vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total"),
    "running": ("vllm:num_requests_running", "sglang:num_running_reqs", "llamacpp:requests_processing"),
    "waiting": ("vllm:num_requests_waiting", "sglang:num_queue_reqs", "llamacpp:requests_deferred"),
    "prompt_tokens": ("vllm:prompt_tokens_total", "sglang:prompt_tokens_total", "llamacpp:prompt_tokens_total"),
    "cached_prompt_tokens": ("vllm:prompt_tokens_cached_total", "sglang:cached_tokens_total"),
    "generation_tokens": ("vllm:generation_tokens_total", "sglang:generation_tokens_total",
                          "llamacpp:tokens_predicted_total"),
    "requests_finished": ("vllm:request_success_total",),
    "preemptions": ("vllm:num_preemptions_total",),
}
COUNTERS = ("prefix_cache_queries", "prefix_cache_hits", "prompt_tokens", "cached_prompt_tokens",
            "generation_tokens", "requests_finished", "preemptions")
PART_START = "part_start"  # set on a run part's first sample: the counters' gap before it is not this run's
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
    """Async context manager: finds each endpoint's server, then samples the ones that publish /metrics every
    `interval_s` while the job runs (a first sample before any call, a final one after the last)."""

    def __init__(self, journal, urls: dict[str, str], interval_s: float, watchers: dict | None = None):
        self.journal = journal
        self.urls = urls
        self.interval_s = interval_s
        self.watchers = watchers or {}  # endpoint -> fn(sample): sees (and may add to) each sample before it is kept
        self.tasks: list[asyncio.Task] = []
        self.samples: dict[str, int] = {name: 0 for name in urls}
        self.servers: dict[str, dict] = {}
        self._previous: dict[str, tuple[float, dict[str, float]]] = {}

    async def __aenter__(self) -> "MetricsSampler":
        from assay.metering.detect import META_KEY, detect  # noqa: PLC0415 (detect imports this module)

        if self.interval_s > 0 and self.urls:
            found = await asyncio.gather(*(asyncio.to_thread(detect, url) for url in self.urls.values()))
            self.servers = dict(zip(self.urls, found))
        self.journal.set_meta(META_KEY, json.dumps({"interval_s": self.interval_s, "endpoints": self.servers}))
        for name, info in self.servers.items():
            if info["metrics"]:
                await self._take(name, first=True)
                self.tasks.append(asyncio.create_task(self._sample(name)))
        return self

    async def __aexit__(self, *exc) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for name, info in self.servers.items():
            if info["metrics"]:
                await self._take(name, final=True)

    async def _take(self, endpoint: str, first: bool = False, final: bool = False) -> bool:
        t = time.time()
        text = await asyncio.to_thread(fetch, metrics_url(self.urls[endpoint]))  # a thread: the loop stays free
        sample = server_sample(parse_prometheus(text or ""))
        if not sample:
            return False
        previous = None if first else self._previous.get(endpoint)
        self._previous[endpoint] = (t, sample)
        sample = with_rates(sample, previous[1] if previous else None, t - previous[0] if previous else 0.0)
        if endpoint in self.watchers:
            self.watchers[endpoint](sample)
        if first:
            sample[PART_START] = 1.0
        if final:
            sample["final"] = 1.0
        self.journal.add_metrics(t, endpoint, sample)
        self.samples[endpoint] += 1
        return True

    async def _sample(self, endpoint: str) -> None:
        misses = 0
        from assay.endpoint.kv import SAMPLE_S  # noqa: PLC0415

        interval = min(self.interval_s, SAMPLE_S) if endpoint in self.watchers else self.interval_s
        while misses < MISSES_BEFORE_GIVING_UP:
            await asyncio.sleep(interval)
            misses = 0 if await self._take(endpoint) else misses + 1
