"""The meter's formulas against worked examples computed by hand, and the shipped profiles' sources."""
from __future__ import annotations

import pytest

from assay.config import Config, load_config
from assay.errors import UsageError
from assay.metering.live import Budget, BudgetExhausted, SeedBudgetExhausted, ShareClock, Spend, build_meter, check_cost_budget
from assay.endpoint.llama_server import find_gguf
from assay.metering.meter import ContextGrowth, Meter, add, flops, kv_gb_s, kv_peak_bytes, sum_usage
from assay.records import CallUsage
from assay.profiles import (FIGURES, BackendProfile, ModelProfile, TokenPrices, merge_backends, model_profile_from_gguf,
                            shipped_backends, shipped_models)
from assay.agent.episode import EpisodeFailed

TINY = ModelProfile(params_total=1e9, layers=2, heads=2, kv_heads=1, head_dim=4, kv_dtype_bytes=2)


def call(**kw) -> CallUsage:
    kw.setdefault("role", "agent")
    kw.setdefault("endpoint", "e")
    kw.setdefault("backend", "b")
    kw.setdefault("model", "tiny")
    return CallUsage(**kw)


def test_flops_worked_example():
    # P=10 prompt, C=4 cached, G=2 completion: 8 tokens computed through 1e9 params -> 2*1e9*8 = 1.6e10.
    # Attention: positions 5..12 attend over 5..12 keys: sum = 78 - 10 = 68; 4 * L=2 * d_attn=8 * 68 = 4352.
    assert flops(TINY, prompt=10, cached=4, completion=2) == 16_000_000_000 + 4352
    assert flops(TINY, prompt=3, cached=0, completion=0) == 2e9 * 3 + 4 * 2 * 8 * 6
    assert flops(ModelProfile(layers=2), 10, 0, 1) is None  # no parameter count: unknown, not a guess


def test_kv_cache_worked_example():
    assert TINY.kv_bytes_per_token == 2 * 2 * 1 * 4 * 2 == 32  # K and V, 2 layers, 1 KV head of 4, 2 bytes
    assert kv_peak_bytes(TINY, prompt=10, completion=2) == 32 * 12
    # Prompt (10) held the whole 2 s, completion (2) growing linearly: 32 * (10 + 1) * 2 / 1e9 GB*s.
    assert kv_gb_s(TINY, prompt=10, completion=2, held_s=2.0) == pytest.approx(7.04e-7, rel=1e-12)
    assert ModelProfile(layers=2, heads=2).kv_bytes_per_token is None


def test_estimate_hosted_cost_with_and_without_a_cached_price():
    backend = BackendProfile(kind="hosted", prices={"tiny": TokenPrices(input_per_m=0.5, cached_input_per_m=0.25, output_per_m=2.0)})
    meter = Meter(backends={"b": backend}, models={"tiny": TINY})
    c = call(prompt_tokens=1000, cached_tokens=200, completion_tokens=100, wall_s=2.5,
             server_timings={"queue_time": 0.5})
    est = meter.estimate(c)
    assert est.cost_usd == pytest.approx((800 * 0.5 + 200 * 0.25 + 100 * 2.0) / 1e6)  # 6.5e-4
    assert est.energy_j is None and est.device_s is None  # hosted: no device time, no energy figure
    assert est.kv_gb_s == pytest.approx(32 * (1000 + 50) * 2.0 / 1e9)  # held 2.5 s wall - 0.5 s queued
    backend.prices["tiny"].cached_input_per_m = None
    assert meter.estimate(c).cost_usd == pytest.approx((1000 * 0.5 + 100 * 2.0) / 1e6)  # cached billed as input
    assert Meter(backends={"b": BackendProfile(kind="hosted")}, models={}).estimate(c).cost_usd is None


def test_estimate_self_hosted_energy_and_cost_from_device_time():
    backend = BackendProfile(kind="self-hosted", board_power_w=700, devices=2, price_per_device_hour_usd=3.6)
    est = Meter(backends={"b": backend}, models={"tiny": TINY}).estimate(call(wall_s=30.0), device_s=10.0)
    assert est.device_s == 10.0
    assert est.energy_j == 10.0 * 2 * 700  # 14 kJ
    assert est.cost_usd == pytest.approx(10.0 * 2 * 3.6 / 3600)  # $0.02
    unpriced = Meter(backends={"b": BackendProfile(kind="self-hosted")}, models={}).estimate(call(wall_s=3.0))
    assert (unpriced.device_s, unpriced.energy_j, unpriced.cost_usd, unpriced.flops) == (3.0, None, None, None)


def processor_share(intervals: list[list], start: float, end: float) -> float:
    """The reference ShareClock is checked against: seconds of [start, end] charged to one call when the n
    calls in flight share each second equally (a sweep, O(n^2) a call).

    `intervals` holds [start, end] of every call to the endpoint (end None = still in flight).
    """
    points = {start, end}
    for a, b in intervals:
        b = end if b is None else b
        if a < end and b > start:
            points.update((max(a, start), min(b, end)))
    ordered = sorted(points)
    share = 0.0
    for a, b in zip(ordered, ordered[1:]):
        mid = (a + b) / 2
        n = sum(1 for x, y in intervals if x <= mid and (y is None or y >= mid))
        share += (b - a) / max(n, 1)
    return share


def test_processor_share_worked_example():
    a, b, c = [0.0, 4.0], [1.0, 3.0], [2.0, None]  # c still in flight
    ivs = [a, b, c]
    # a: [0,1] alone 1; [1,2] with b 1/2; [2,3] with b and c 1/3; [3,4] with c 1/2.
    assert processor_share(ivs, 0.0, 4.0) == pytest.approx(1 + 0.5 + 1 / 3 + 0.5)
    assert processor_share(ivs, 1.0, 3.0) == pytest.approx(0.5 + 1 / 3)
    # Shares of calls that all finished add up to the time the endpoint was busy.
    done = [[0.0, 4.0], [1.0, 3.0], [2.0, 6.0]]
    assert sum(processor_share(done, s, e) for s, e in done) == pytest.approx(6.0)


def test_share_clock_equals_processor_share():
    """The O(1)-per-call clock the run uses gives every call the share the definition gives it."""
    import random
    rng = random.Random(7)
    calls = [(a, a + rng.uniform(0.1, 3.0)) for a in sorted(rng.uniform(0, 10) for _ in range(60))]
    clock, opened, shares = ShareClock(), {}, {}
    for t, kind, i in sorted([(a, 1, i) for i, (a, _) in enumerate(calls)] + [(b, 0, i) for i, (_, b) in enumerate(calls)]):
        if kind:
            opened[i] = clock.start(t)
        else:
            shares[i] = clock.end(t) - opened[i]
    ivs = [list(c) for c in calls]
    for i, (a, b) in enumerate(calls):
        assert shares[i] == pytest.approx(processor_share(ivs, a, b))


def test_sums_stay_unknown_when_a_part_is_unknown():
    assert add([1.0, 2.5]) == 3.5 and add([]) == 0.0 and add([1.0, None]) is None
    price = TokenPrices(input_per_m=1, output_per_m=1)
    meter = Meter(backends={"b": BackendProfile(kind="hosted", prices={"tiny": price, "*": price})}, models={"tiny": TINY})
    calls = meter.ensure([call(prompt_tokens=10, completion_tokens=1), call(model="other", endpoint="x", prompt_tokens=5)])
    totals = sum_usage(calls)
    assert totals.prompt_tokens == 15 and totals.cost_usd_est == pytest.approx(16 / 1e6)
    assert totals.flops_est is None and totals.kv_peak_bytes_est is None  # "other" has no model profile


def test_context_growth_worked_example():
    g = ContextGrowth()
    g.add_episode([call(step=0, prompt_tokens=100, completion_tokens=10, cached_reported=True),
                   call(role="validator", prompt_tokens=999),  # other conversations are not agent growth
                   call(step=1, prompt_tokens=150, completion_tokens=20, cached_reported=True),
                   call(step=2, prompt_tokens=200, completion_tokens=5, cached_tokens=128, cached_reported=True)])
    d = g.as_dict(final_step=2)
    assert d["prompt_tokens_sent"] == 450
    assert d["resent_tokens"] == min(150, 110) + min(200, 170) == 280
    assert d["unique_tokens"] == 205 and d["cached_fraction"] == pytest.approx(128 / 450)
    assert [s["mean_prompt_tokens"] for s in d["by_step"]] == [100, 150, 200]
    assert [s["label"] for s in d["by_step"]] == ["plan", "1", "final"]  # the final answer is no step of the loop


def test_context_growth_says_unknown_where_the_server_reports_no_cache():
    g = ContextGrowth()
    g.add_episode([call(step=1, prompt_tokens=100, cached_reported=False),
                   call(step=2, prompt_tokens=300, cached_tokens=256, cached_reported=True)])
    d = g.as_dict(final_step=5)
    assert d["cached_fraction"] is None and d["cached_tokens"] is None  # not "0.0% cached"
    assert [(s["label"], s["mean_cached_tokens"]) for s in d["by_step"]] == [("1", None), ("2", 256)]


def test_gguf_profile_of_the_shipped_model():
    m = model_profile_from_gguf(find_gguf())
    # SmolLM2-135M: 30 layers, 9 query heads, 3 KV heads of 64; f16 cache: 2*30*3*64*2 bytes a token.
    assert (m.layers, m.heads, m.kv_heads, m.head_dim) == (30, 9, 3, 64)
    assert m.kv_bytes_per_token == 23040
    assert 130e6 < m.params_total < 140e6 and m.params_active == m.params_total  # tied embeddings count once
    assert build_meter(Config()).models["smollm2"].kv_bytes_per_token == 23040


def test_every_shipped_figure_has_a_public_source():
    backends = shipped_backends()
    assert {"cpu-llamacpp", "nvidia-h100-vllm", "nvidia-h200-vllm", "groq-lpu", "cerebras-wse3", "sambanova-rdu",
            "hosted-generic"} <= set(backends)
    for name, p in backends.items():
        assert p.kind in ("self-hosted", "hosted"), name
        for fig in FIGURES:
            if getattr(p, fig) is not None:
                assert p.sources.get(fig, "").startswith("https://"), f"{name}.{fig} has no public source"
        for model, price in p.prices.items():
            assert (price.source or "").startswith("https://"), f"{name}.prices.{model} has no source"
    for name, m in shipped_models().items():
        assert (m.source or "").startswith("https://") and m.kv_bytes_per_token, name


def test_config_overrides_merge_and_unknown_backends_are_named():
    cfg = load_config(None, {"backends.nvidia-h100-vllm.devices": 4, "backends.nvidia-h100-vllm.price_per_device_hour_usd": 2.0,
                             "backends.my-tpu.kind": "self-hosted", "backends.my-tpu.board_power_w": 200})
    merged = merge_backends(cfg.backends)
    h100 = merged["nvidia-h100-vllm"]
    assert (h100.devices, h100.price_per_device_hour_usd, h100.board_power_w) == (4, 2.0, 700)  # others kept
    assert merged["my-tpu"].board_power_w == 200
    with pytest.raises(UsageError, match=r"endpoints\.gpu\.backend names backend profile 'nvidia-h900'.*\[backends\.nvidia-h900\]"):
        load_config(None, {"endpoints.gpu.base_url": "http://h/v1", "endpoints.gpu.backend": "nvidia-h900"})
    with pytest.raises(UsageError, match=r"backends\.mine\.kind is required"):
        load_config(None, {"backends.mine.board_power_w": 10})
    with pytest.raises(UsageError, match=r"backends\.groq-lpu\.pric"):
        load_config(None, {"backends.groq-lpu.pric": 1})


def test_cost_budget_needs_a_price_and_says_which_key():
    cfg = load_config(None, {"budget.max_cost_usd": 1.0})
    with pytest.raises(UsageError, match=r"\[backends\.cpu-llamacpp\] price_per_device_hour_usd"):
        check_cost_budget(cfg, build_meter(cfg), {"local"})
    cfg = load_config(None, {"budget.max_cost_usd": 1.0, "endpoints.g.base_url": "http://g/v1", "endpoints.g.model": "m1",
                             "endpoints.g.backend": "groq-lpu"})
    with pytest.raises(UsageError, match=r'\[backends\.groq-lpu\.prices\."m1"\]'):
        check_cost_budget(cfg, build_meter(cfg), {"g"})


def test_budget_checks_before_a_call():
    b = Budget(max_tokens=100, seed_max_tokens=30)
    seed = Spend()
    b.check(seed)
    b.charge(call(prompt_tokens=20, completion_tokens=10), seed)
    with pytest.raises(SeedBudgetExhausted, match="30 tokens used of --max-seed-tokens 30") as info:
        b.check(seed)
    assert isinstance(info.value, EpisodeFailed)  # the episode ends as a failed record with this reason
    b.charge(call(prompt_tokens=70), Spend())
    with pytest.raises(BudgetExhausted, match="100 tokens used of --max-tokens 100"):
        b.check(Spend())
    assert not issubclass(BudgetExhausted, Exception)  # no `except Exception` turns it into a record
