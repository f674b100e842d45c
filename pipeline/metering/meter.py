"""The meter: per-call estimates of FLOPs, KV-cache memory, device time, energy and cost, and their sums.

Inputs are measured (tokens and times from the wire) and profiled (backends.toml, config, GGUF);
a figure whose inputs are unknown is None, shown as `unknown`, never a guess. FORMULAS is the one
text of every formula: `assay report --explain` prints it and the README's "Metering" repeats it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assay.records import CallEstimate, CallUsage, UsageTotals
from assay.profiles import BackendProfile, ModelProfile, find_model

FORMULAS = """\
All derived figures are estimates. P = prompt tokens, C = cached prompt tokens (reported by the server),
G = completion tokens (reasoning included), t = the call's wall time in seconds, n = choices returned.
C is unknown (not 0) where the server reports no cached tokens (llama-cpp-python); llama.cpp's llama-server
reports them as timings.cache_n, vLLM as prompt_tokens_details.cached_tokens (--enable-prompt-tokens-details).

Prefilled  = P - C: prompt tokens the server computed. Unknown where C is, and for n > 1: the server runs the
             prompt once per choice (vLLM counts n * P prompt tokens, the later choices mostly as prefix-cache
             hits) while the usage counts P once and C of one choice; the server's own /metrics counters
             (`assay report` shows them beside the calls' sums) give the run's true figure.
Call s     = the calls' wall times summed (concurrent calls each count); the run's wall time is the time at
             least one call was in flight.

FLOPs      = 2 * N_active * (P - C + G)  +  4 * L * d_attn * (T(P + G) - T(C)),  T(n) = n(n+1)/2
             N_active: parameters used per token; L: layers; d_attn = heads * head_dim. The second term is
             attention: every computed token at position i attends over i keys (QK^T and AV, 2 FLOPs per
             multiply-add); cached prefix tokens are not recomputed.
KV bytes/token = 2 (K and V) * L * kv_heads * head_dim * kv_dtype_bytes
KV peak    = KV bytes/token * (P + G)                          (bytes held at the end of the call)
KV GB*s    = KV bytes/token * (P + G/2) * t_held / 1e9         (prompt held for the whole call, the
             completion grows linearly); t_held = t - queue_time when the server reports queue_time.
             A server that queues silently (llama-cpp-python serves one request at a time) makes t
             include the wait, so there KV GB*s is an upper estimate when several agents share it.
Device s   = self-hosted only: the call's share of the endpoint's busy time. While n calls are in
             flight each is charged 1/n of every second (processor sharing), so the shares of all calls
             add up to the time the endpoint was busy, however many run at once. Calls replayed from the
             journal cache are charged their recorded wall time.
Energy J   = self-hosted: device_s * devices * board_power_w   (board power is the maximum, so this is an
             upper estimate); hosted: unknown (providers publish no energy per token)
Cost $     = self-hosted: device_s * devices * price_per_device_hour_usd / 3600
             hosted: ((P - C) * input + C * cached_input + G * output) / 1e6, prices per million tokens
             for the call's model; cached_input absent = billed as input
Sums       = a record's, a role's or a backend's figure is the sum over its calls; unknown if any call's is.
Per accepted insight = the run's whole spend (accepted, rejected and failed seeds) / accepted records, for the
             run, each backend and each role (a role's or backend's spend / all accepted insights).
Server     = sampled /metrics (vLLM, SGLang, llama.cpp's llama-server, found by their metric names; one sample
             when the job starts and one when it ends): counters are summed as differences between
             consecutive samples of one run part; the prefix-cache hit rate is sum(hits) / sum(queries), so
             weighted by tokens; KV-cache usage is the server's own fraction over time.
Context growth: per agent step (plan, 1..max_steps, final answer), the prompt tokens sent. Re-sent tokens of a call = min(P, previous call's
             P + G) in the same episode (the earlier conversation it repeats); unique tokens = P + G of an
             episode's last agent call; cached fraction = sum C / sum P.
Reprice (projection): hosted target = the same tokens at its price table; self-hosted target = device time
             scaled by memory bandwidth (decode is bandwidth-bound): device_s * bw_source / bw_target.
"""


def tri(n: float) -> float:
    return n * (n + 1) / 2


def flops(model: ModelProfile | None, prompt: int, cached: int, completion: int) -> float | None:
    if model is None or None in (model.active_params, model.layers, model.attn_dim):
        return None
    cached = min(cached, prompt)
    linear = 2 * model.active_params * (prompt - cached + completion)  # type: ignore[operator]
    attention = 4 * model.layers * model.attn_dim * (tri(prompt + completion) - tri(cached))  # type: ignore[operator]
    return linear + attention


def kv_peak_bytes(model: ModelProfile | None, prompt: int, completion: int) -> float | None:
    bpt = model.kv_bytes_per_token if model else None
    return None if bpt is None else bpt * (prompt + completion)


def kv_gb_s(model: ModelProfile | None, prompt: int, completion: int, held_s: float) -> float | None:
    bpt = model.kv_bytes_per_token if model else None
    return None if bpt is None else bpt * (prompt + completion / 2) * held_s / 1e9


def held_s(usage: CallUsage) -> float:
    """Time the sequence's KV cache existed: wall time less any queueing the server reports."""
    return max(0.0, usage.wall_s - usage.server_timings.get("queue_time", 0.0))


def energy_j(backend: BackendProfile | None, device_s: float | None) -> float | None:
    if backend is None or backend.kind != "self-hosted" or device_s is None or backend.board_power_w is None:
        return None
    return device_s * backend.devices * backend.board_power_w


def token_cost(backend: BackendProfile | None, usage: CallUsage, *models: str | None) -> float | None:
    prices = backend.token_prices(usage.model, *models) if backend else None
    if prices is None or prices.input_per_m is None or prices.output_per_m is None:
        return None
    cached = min(usage.cached_tokens, usage.prompt_tokens)
    cached_price = prices.cached_input_per_m if prices.cached_input_per_m is not None else prices.input_per_m
    return ((usage.prompt_tokens - cached) * prices.input_per_m + cached * cached_price
            + usage.completion_tokens * prices.output_per_m) / 1e6


def device_cost(backend: BackendProfile | None, device_s: float | None) -> float | None:
    if backend is None or device_s is None or backend.price_per_device_hour_usd is None:
        return None
    return device_s * backend.devices * backend.price_per_device_hour_usd / 3600


def add(values: Iterable[float | None]) -> float | None:
    """Sum that stays unknown if any part is unknown (an empty sum is 0)."""
    total = 0.0
    for v in values:
        if v is None:
            return None
        total += v
    return total


@dataclass
class Meter:
    """Profiles resolved for one run: backends by name, and the model profile behind each endpoint."""

    backends: dict[str, BackendProfile]
    models: dict[str, ModelProfile]
    endpoint_models: dict[str, str] = field(default_factory=dict)  # endpoint -> model name it was configured with
    _found: dict[tuple[str, str], ModelProfile | None] = field(default_factory=dict, repr=False, compare=False)

    def model_for(self, usage: CallUsage) -> ModelProfile | None:
        key = (usage.endpoint, usage.model)  # looked up once per pair, not once per call
        if key not in self._found:
            found = find_model(self.models, self.endpoint_models.get(usage.endpoint), usage.model)
            self._found[key] = found[1] if found else None
        return self._found[key]

    def estimate(self, usage: CallUsage, device_s: float | None = None) -> CallEstimate:
        """Every derived figure for one call; device_s is its measured share (default: its wall time)."""
        model = self.model_for(usage)
        backend = self.backends.get(usage.backend)
        by_backend: dict[str, float | None] = {}
        if backend is not None and backend.kind == "self-hosted":
            device = usage.wall_s if device_s is None else device_s
            by_backend = {"device_s": device, "energy_j": energy_j(backend, device),
                          "cost_usd": device_cost(backend, device)}
        elif backend is not None and backend.kind == "hosted":
            by_backend = {"cost_usd": token_cost(backend, usage, self.endpoint_models.get(usage.endpoint))}
        return CallEstimate(  # built whole: a pydantic assignment per field would cost as much again
            flops=flops(model, usage.prompt_tokens, usage.cached_tokens, usage.completion_tokens),
            kv_peak_bytes=kv_peak_bytes(model, usage.prompt_tokens, usage.completion_tokens),
            kv_gb_s=kv_gb_s(model, usage.prompt_tokens, usage.completion_tokens, held_s(usage)),
            **by_backend)

    def ensure(self, calls: Iterable[CallUsage]) -> list[CallUsage]:
        """Fill the estimate of calls that have none (replayed or metered elsewhere)."""
        calls = list(calls)
        for c in calls:
            if c.estimate is None:
                c.estimate = self.estimate(c)
        return calls

    def totals(self, calls: list[CallUsage]) -> UsageTotals:
        """A record's sums over its calls, estimates included."""
        return sum_usage(self.ensure(calls))


_ESTIMATED = ("flops", "kv_gb_s", "energy_j", "cost_usd")


FIGURES = ("device_s", "flops", "kv_gb_s", "energy_j", "cost_usd")


def cached_known(c: CallUsage) -> bool:
    """The server reported cached prompt tokens for this call (a record from before assay kept whether it did
    counts as reporting when it names some)."""
    return c.cached_reported is True or (c.cached_reported is None and c.cached_tokens > 0)


def prefilled(c: CallUsage) -> int | None:
    """Prompt tokens the server computed (P - C), or None: the cache went unreported, or n > 1 choices (the server
    runs the prompt once per choice, the usage counts it once and one choice's cache hits)."""
    if c.n > 1 or not cached_known(c):
        return None
    return c.prompt_tokens - min(c.cached_tokens, c.prompt_tokens)


@dataclass
class Agg:
    """Running sums over calls, for reports and cards (sum_usage totals one record on the hot path);
    an estimate stays unknown (None) once any call's is unknown."""

    calls: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    call_s: float = 0.0  # call-seconds: wall times summed, so concurrent calls count each
    choices: int = 0  # sum of n
    cache_unreported: int = 0  # calls whose server reported no cached tokens
    prefilled_tokens: int | None = 0
    device_s: float | None = 0.0
    flops: float | None = 0.0
    kv_gb_s: float | None = 0.0
    energy_j: float | None = 0.0
    cost_usd: float | None = 0.0

    def add(self, c: CallUsage) -> None:
        self.calls += 1
        self.prompt_tokens += c.prompt_tokens
        self.cached_tokens += c.cached_tokens
        self.completion_tokens += c.completion_tokens
        self.call_s += c.wall_s
        self.choices += c.n
        self.cache_unreported += not cached_known(c)
        p = prefilled(c)
        self.prefilled_tokens = None if p is None or self.prefilled_tokens is None else self.prefilled_tokens + p
        est = c.estimate
        for name in FIGURES:
            setattr(self, name, add([getattr(self, name), getattr(est, name) if est else None]))

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def cached_pct(self) -> float | None:
        """Unknown, not 0%, when any call's server reported no cached tokens."""
        if self.cache_unreported or not self.prompt_tokens:
            return None
        return 100 * self.cached_tokens / self.prompt_tokens

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("calls", "choices", "prompt_tokens", "cached_tokens", "prefilled_tokens",
                                            "completion_tokens", "call_s", *FIGURES)}
        d["cached_pct"] = self.cached_pct
        d["cache_unreported_calls"] = self.cache_unreported
        if self.cache_unreported:
            d["cached_tokens"] = None  # a zero the server never said
        return d

    def per(self, n: int) -> dict[str, float | None]:
        """Each figure divided by n (accepted insights); unknown stays unknown."""
        if not n:
            return {}
        out: dict[str, float | None] = {"tokens": self.tokens / n, "call_s": self.call_s / n,
                                        "prompt_tokens": self.prompt_tokens / n,
                                        "completion_tokens": self.completion_tokens / n}
        for name in ("prefilled_tokens", *FIGURES):
            v = getattr(self, name)
            out[name] = None if v is None else v / n
        return out


def sum_usage(calls: list[CallUsage]) -> UsageTotals:
    """Token sums and estimate sums (unknown if any call's is unknown; KV peak is the max), in one pass."""
    prompt = cached = completion = reasoning = 0
    wall = 0.0
    sums: dict[str, float | None] = dict.fromkeys(_ESTIMATED, 0.0)
    kv_peak: float | None = 0.0
    for c in calls:
        prompt += c.prompt_tokens
        cached += c.cached_tokens
        completion += c.completion_tokens
        reasoning += c.reasoning_tokens
        wall += c.wall_s
        e = c.estimate
        for name in _ESTIMATED:
            value = getattr(e, name) if e is not None else None
            if value is None:
                sums[name] = None
            elif sums[name] is not None:
                sums[name] += value
        peak = e.kv_peak_bytes if e is not None else None
        kv_peak = None if peak is None or kv_peak is None else max(kv_peak, peak)
    return UsageTotals(calls=len(calls), prompt_tokens=prompt, cached_tokens=cached, completion_tokens=completion,
                       reasoning_tokens=reasoning, wall_s=wall, flops_est=sums["flops"], kv_gb_s_est=sums["kv_gb_s"],
                       energy_j_est=sums["energy_j"], cost_usd_est=sums["cost_usd"], kv_peak_bytes_est=kv_peak)


def busy_s(spans: Iterable[tuple[float, float]]) -> float | None:
    """Seconds with at least one (start, end) interval open: a run's wall time without a resume's pause."""
    busy, end, seen = 0.0, float("-inf"), False
    for s, e in sorted(spans):
        busy += max(0.0, e - max(s, end))
        end, seen = max(end, e), True
    return busy if seen else None


def step_label(step: int, final_step: int | None) -> str:
    """Agent step numbers as a reader knows them: 0 is the plan, the final-answer call is "final"."""
    if final_step is not None and step == final_step:
        return "final"
    return {0: "plan", -1: "-"}.get(step, str(step))


@dataclass
class ContextGrowth:
    """How an agent loop's prompt grows: the quadratic cost that prefix caching offsets."""

    by_step: dict[int, list[int]] = field(default_factory=dict)  # step -> prompt tokens of each call
    cached_by_step: dict[int, list[int]] = field(default_factory=dict)
    unreported_by_step: dict[int, int] = field(default_factory=dict)  # calls whose cache went unreported
    sent: int = 0
    resent: int = 0
    unique: int = 0
    cached: int = 0
    unreported: int = 0

    def add_episode(self, calls: Iterable[CallUsage]) -> None:
        agent = [c for c in calls if c.role == "agent"]
        previous: CallUsage | None = None
        for c in agent:
            step = c.step if c.step is not None else -1
            self.by_step.setdefault(step, []).append(c.prompt_tokens)
            self.cached_by_step.setdefault(step, []).append(c.cached_tokens)
            if not cached_known(c):
                self.unreported_by_step[step] = self.unreported_by_step.get(step, 0) + 1
                self.unreported += 1
            self.sent += c.prompt_tokens
            self.cached += c.cached_tokens
            if previous is not None:
                self.resent += min(c.prompt_tokens, previous.prompt_tokens + previous.completion_tokens)
            previous = c
        if previous is not None:
            self.unique += previous.prompt_tokens + previous.completion_tokens

    def as_dict(self, final_step: int | None = None) -> dict:
        """`final_step` (agent.max_steps + 1) is the step number the final-answer call carries."""
        steps = []
        for step in sorted(self.by_step, key=lambda s: (s == final_step, s)):
            sent = self.by_step[step]
            known = not self.unreported_by_step.get(step)
            steps.append({"step": step, "label": step_label(step, final_step), "calls": len(sent),
                          "mean_prompt_tokens": sum(sent) / len(sent), "prompt_tokens": sum(sent),
                          "mean_cached_tokens": sum(self.cached_by_step[step]) / len(sent) if known else None})
        known = not self.unreported
        return {"by_step": steps, "prompt_tokens_sent": self.sent, "resent_tokens": self.resent,
                "unique_tokens": self.unique, "cached_tokens": self.cached if known else None,
                "cached_fraction": self.cached / self.sent if self.sent and known else None,
                "resent_fraction": self.resent / self.sent if self.sent else None}
