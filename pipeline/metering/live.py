"""The meter during a run: each call's share of device time while others are in flight, and budgets.

The endpoint client wraps every request in `track(endpoint)`: entering checks the budgets (so a
spent budget stops the next call, never the one already sent), leaving closes the call's interval,
and `done(usage)` fills the call's estimate and charges it to the run and to its seed.
"""
from __future__ import annotations

import contextvars
import functools
import json
import time
from collections import defaultdict
from dataclasses import dataclass

from assay.config import Config
from assay.errors import BudgetExhausted, SeedBudgetExhausted, UsageError
from assay.metering.meter import Meter
from assay.records import CallUsage, UsageTotals
from assay.profiles import MODEL_ALIAS, BackendProfile, find_gguf, ModelProfile, find_model, merge_backends, merge_models, model_profile_from_gguf
from assay.metering.server_metrics import MetricsSampler

META_KEY = "metering"  # journal meta: the profiles this run was metered with, for `assay report`


@dataclass
class Spend:
    tokens: int = 0
    cost_usd: float = 0.0
    calls: int = 0


_seed_spend: contextvars.ContextVar[Spend | None] = contextvars.ContextVar("assay_seed_spend", default=None)


def begin_seed() -> None:
    """Calls made from here on, in this task and the tasks it starts, count toward a fresh seed spend."""
    _seed_spend.set(Spend())


@functools.cache
def _default_meter() -> Meter:
    return build_meter(Config())


@dataclass
class Budget:
    """Limits checked before each call; None = no limit. Spend counts calls sent, not replayed ones."""

    max_tokens: int | None = None
    max_cost_usd: float | None = None
    seed_max_tokens: int | None = None
    seed_max_cost_usd: float | None = None

    def __post_init__(self) -> None:
        self.run = Spend()

    def check(self, seed: Spend | None) -> None:
        run = self.run
        if self.max_tokens is not None and run.tokens >= self.max_tokens:
            raise BudgetExhausted(f"run token budget reached: {run.tokens} tokens used of --max-tokens {self.max_tokens}")
        if self.max_cost_usd is not None and run.cost_usd >= self.max_cost_usd:
            raise BudgetExhausted(f"run cost budget reached: ${run.cost_usd:.6f} (estimated) spent of "
                                  f"--max-cost {self.max_cost_usd:g}")
        if seed is None:
            return
        if self.seed_max_tokens is not None and seed.tokens >= self.seed_max_tokens:
            raise SeedBudgetExhausted(f"seed token budget reached: {seed.tokens} tokens used of "
                                      f"--max-seed-tokens {self.seed_max_tokens}")
        if self.seed_max_cost_usd is not None and seed.cost_usd >= self.seed_max_cost_usd:
            raise SeedBudgetExhausted(f"seed cost budget reached: ${seed.cost_usd:.6f} (estimated) spent of "
                                      f"--max-seed-cost {self.seed_max_cost_usd:g}")

    def charge(self, usage: CallUsage, seed: Spend | None) -> None:
        tokens = usage.prompt_tokens + usage.completion_tokens
        cost = (usage.estimate.cost_usd if usage.estimate else None) or 0.0
        for spend in (self.run, seed):
            if spend is not None:
                spend.tokens += tokens
                spend.cost_usd += cost
                spend.calls += 1


class ShareClock:
    """Each call's share of device time when the calls in flight share each second equally, kept
    incrementally: V(t) = integral of ds / n(s), n = calls in flight at s; a call's share is
    V(end) - V(start), O(1) a call (a sweep over overlapping intervals is O(n^2): see results/levers.md)."""

    def __init__(self) -> None:
        self.v, self.t, self.n = 0.0, 0.0, 0

    def _advance(self, now: float) -> float:
        if self.n:
            self.v += (now - self.t) / self.n
        self.t = now
        return self.v

    def start(self, now: float) -> float:
        v = self._advance(now)
        self.n += 1
        return v

    def end(self, now: float) -> float:
        v = self._advance(now)
        self.n -= 1
        return v


class TrackedCall:
    def __init__(self, live: "LiveMeter", endpoint: str):
        self.live = live
        self.endpoint = endpoint
        self.interval: list = [0.0, None]
        self.share = 0.0

    def __enter__(self) -> "TrackedCall":
        self.live.budget.check(_seed_spend.get())
        self.interval[0] = time.time()
        self._v0 = self.live.clocks[self.endpoint].start(self.interval[0])
        return self

    def __exit__(self, *exc) -> None:
        self.interval[1] = time.time()
        self.share = self.live.clocks[self.endpoint].end(self.interval[1]) - self._v0

    @property
    def started_at(self) -> float:
        """Unix time the request was sent."""
        return self.interval[0]

    def done(self, usage: CallUsage) -> None:
        """The call succeeded (its usage built with started_at): estimate it with its device-time share,
        and charge the budgets."""
        usage.estimate = self.live.meter.estimate(usage, device_s=self.share)
        self.live.budget.charge(usage, _seed_spend.get())


class LiveMeter:
    """Handed to every EndpointClient of a run (`meter=`); the Job starts each seed with `begin_seed`."""

    def __init__(self, meter: Meter, budget: Budget | None = None, endpoint_backends: dict[str, str] | None = None):
        self.meter = meter
        self.budget = budget or Budget()
        self.endpoint_backends = endpoint_backends or {}
        self.clocks: dict[str, ShareClock] = defaultdict(ShareClock)

    def track(self, endpoint: str) -> TrackedCall:
        return TrackedCall(self, endpoint)

    def sampling(self, journal, urls: dict[str, str], interval_s: float, watchers: dict | None = None) -> MetricsSampler:
        """/metrics of every endpoint whose server publishes them (vLLM, SGLang, llama.cpp), whatever its backend
        profile says: `--endpoint` and `--serve vllm` default to hosted-generic, which says nothing of the server.
        `watchers`: endpoint -> fn(sample), e.g. the KV-cache governor (endpoint/kv.py)."""
        return MetricsSampler(journal, dict(urls), interval_s, watchers)


def build_meter(cfg: Config, used: set[str] | None = None) -> Meter:
    """Shipped profiles with the config's on top; the embedded endpoint's model from its GGUF file.

    The GGUF is read (about 2 s) only when an endpoint among `used` (default: all) is the embedded
    one or serves its model by name (e.g. `assay serve` behind --endpoint).
    """
    backends = merge_backends(cfg.backends)
    models = merge_models(cfg.models)
    endpoint_models = {name: ep.model for name, ep in cfg.endpoints.items()}
    embedded = [ep for name, ep in cfg.endpoints.items()
                if (ep.embedded or ep.model == MODEL_ALIAS) and (used is None or name in used)]
    if embedded and find_model(models, MODEL_ALIAS) is None:
        try:
            models[MODEL_ALIAS] = model_profile_from_gguf(find_gguf())
        except Exception as e:  # no model package or no gguf reader: FLOPs and KV become unknown, said so
            models[MODEL_ALIAS] = ModelProfile(source=f"GGUF metadata unreadable ({type(e).__name__}: {e})")
    return Meter(backends=backends, models=models, endpoint_models=endpoint_models)


def check_cost_budget(cfg: Config, meter: Meter, names: set[str]) -> None:
    """--max-cost needs a price for every endpoint it must watch; say which key to set."""
    if cfg.budget.max_cost_usd is None and cfg.budget.seed_max_cost_usd is None:
        return
    for name in sorted(names):
        ep = cfg.endpoints[name]
        backend = meter.backends[ep.backend]
        if backend.kind == "self-hosted" and backend.price_per_device_hour_usd is None:
            raise UsageError(f"a cost budget needs a price, but backend {ep.backend!r} (endpoint {name!r}) has no "
                             f"price_per_device_hour_usd; set [backends.{ep.backend}] price_per_device_hour_usd = ... "
                             "in the config, or budget tokens with --max-tokens instead")
        if backend.kind == "hosted":
            prices = backend.token_prices(ep.model)
            if prices is None or prices.input_per_m is None or prices.output_per_m is None:
                raise UsageError(f"a cost budget needs token prices, but backend {ep.backend!r} lists none for model "
                                 f"{ep.model!r}; set [backends.{ep.backend}.prices.\"{ep.model}\"] input_per_m and "
                                 "output_per_m in the config")


def snapshot(meter: Meter) -> str:
    return json.dumps({
        "backends": {k: v.model_dump(exclude_defaults=True) for k, v in meter.backends.items()},
        "models": {k: v.model_dump(exclude_defaults=True) for k, v in meter.models.items()},
        "endpoint_models": meter.endpoint_models,
    })


def from_snapshot(text: str) -> Meter:
    data = json.loads(text)
    return Meter(backends={k: BackendProfile.model_validate(v) for k, v in data["backends"].items()},
                 models={k: ModelProfile.model_validate(v) for k, v in data["models"].items()},
                 endpoint_models=data.get("endpoint_models", {}))


def start(cfg: Config, journal, names: set[str]) -> LiveMeter:
    """The run's meter: profiles resolved and saved in the journal, budgets primed with what is recorded."""
    meter = build_meter(cfg, names)
    check_cost_budget(cfg, meter, names)
    journal.set_meta(META_KEY, snapshot(meter))
    b = cfg.budget
    budget = Budget(b.max_tokens, b.max_cost_usd, b.seed_max_tokens, b.seed_max_cost_usd)
    # A resumed run has already spent what its records hold; budgets are per run directory.
    budget.run.tokens, budget.run.cost_usd = journal.spent()
    live = LiveMeter(meter, budget, {name: ep.backend for name, ep in cfg.endpoints.items()})
    return live
