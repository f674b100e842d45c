"""Cost per accepted insight, per backend and per role, against figures computed by hand from a real run.

The run is real (journal, validators, export); its two endpoints are FAKE servers at the wire with fixed
usage, so every token figure is a hand calculation: the agent on a priced hosted API that reports cached
tokens, the judge on a self-hosted box that reports none (as llama-cpp-python), whose figures are unknown.
"""
from __future__ import annotations

import json

import pytest

from assay.config import load_config
from assay.journal import Journal
from assay.report import run_report
from assay.report.data import build, load
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI, completion
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
P, C, G = 1000, 256, 40  # the agent's every call: prompt, cached, completion tokens
JP, JG = 500, 20  # the judge's every call; it reports no cached tokens
IN, CACHED, OUT = 1.0, 0.5, 2.0  # USD per million tokens on the hosted API
POWER, PRICE = 100.0, 3.6  # the judge's box: W, USD per device-hour
BPT = 2 * 2 * 1 * 4 * 2  # KV bytes per token of the model profile below: 2 x layers x kv_heads x head_dim x bytes


def agent(req: dict) -> dict:
    body = research_handler()(req).body
    body["usage"] = {"prompt_tokens": P, "completion_tokens": G, "prompt_tokens_details": {"cached_tokens": C}}
    return body


def judge(req: dict) -> dict:
    """Sound, except for item 0's reasoning: one rejected seed whose spend the accepted ones carry."""
    flawed = "item 0?" in req["messages"][-1]["content"]
    reply = {"steps": [{"step": 1, "note": "follows", "ok": not flawed}], "verdict": "flawed" if flawed else "sound"}
    return completion(json.dumps(reply), prompt_tokens=JP, completion_tokens=JG)


def test_cost_per_accepted_insight_by_backend_and_role_equals_the_hand_calculation(tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 6, sorted(p.stem for p in CORPUS.glob("*.md")))
    out = tmp_path / "run"
    with FakeOpenAI(agent) as api, FakeOpenAI(judge) as box:
        cfg = load_config(None, {
            "run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(out), "agent.max_steps": 0,
            "endpoints.api.base_url": api.base_url, "endpoints.api.model": "fake-model", "endpoints.api.backend": "test-api",
            "endpoints.box.base_url": box.base_url, "endpoints.box.model": "fake-model", "endpoints.box.backend": "test-box",
            "roles.agent": "api", "roles.validator": "box", "validators.stages": ["structure", "grounding", "judge"],
            "backends.test-api.kind": "hosted",
            "backends.test-api.prices": {"fake-model": {"input_per_m": IN, "cached_input_per_m": CACHED, "output_per_m": OUT}},
            "backends.test-box.kind": "self-hosted", "backends.test-box.board_power_w": POWER,
            "backends.test-box.price_per_device_hour_usd": PRICE,
            "models.fake-model": {"params_total": 1e9, "layers": 2, "heads": 2, "kv_heads": 1, "head_dim": 4},
            "metering.metrics_interval_s": 0})
        run(cfg, progress=False)
    journal = Journal(out)
    records = list(journal.records())
    journal.close()
    calls = [c for r in records for c in r.calls]
    agent_calls = [c for c in calls if c.role == "agent"]
    judge_calls = [c for c in calls if c.role == "validator:judge"]
    A = sum(r.status.value == "accepted" for r in records)
    assert len(agent_calls) == 6 and 0 < A < len(judge_calls) <= 6  # the judge rejects one
    assert all(c.n == 1 for c in calls)

    report = build(load(out))
    per = report["per_accepted_insight"]
    role, backend = per["by_role"], per["by_backend"]
    # The agent, on the hosted API: 6 calls of P=1000 (C=256 cached), G=40, priced per token.
    a = role["agent"]
    assert a["prefilled_tokens"] == pytest.approx(6 * (1000 - 256) / A)
    assert a["completion_tokens"] == pytest.approx(6 * 40 / A)
    assert a["cost_usd"] == pytest.approx(6 * (744 * 1.0 + 256 * 0.5 + 40 * 2.0) / 1e6 / A)
    assert a["device_s"] is None and a["energy_j"] is None  # hosted: no device time, no energy
    assert a["kv_gb_s"] == pytest.approx(sum(BPT * (P + G / 2) * c.wall_s for c in agent_calls) / 1e9 / A, rel=1e-3)
    assert backend["test-api"] == a
    # The judge, on the box: its server reports no cached tokens, so what it prefilled is unknown.
    j = role["validator:judge"]
    device = sum(c.estimate.device_s for c in judge_calls)
    assert j["prefilled_tokens"] is None and j["completion_tokens"] == pytest.approx(len(judge_calls) * 20 / A)
    assert j["device_s"] == pytest.approx(device / A)
    assert j["energy_j"] == pytest.approx(device * 100.0 / A)
    assert j["cost_usd"] == pytest.approx(device * 3.6 / 3600 / A)
    assert backend["test-box"] == j
    # The whole run: prefilled unknown (one backend's is), the rest the sum of both.
    whole = per["all_spend_per_accepted"]
    assert whole["prefilled_tokens"] is None and whole["energy_j"] is None
    assert whole["completion_tokens"] == pytest.approx((6 * 40 + len(judge_calls) * 20) / A)
    assert report["by_backend"]["test-box"]["cached_pct"] is None  # "unknown", never "0.0%"
    assert report["by_backend"]["test-api"]["cached_pct"] == pytest.approx(25.6)
    assert report["context_growth"]["by_step"][0]["label"] == "final"  # max_steps 0: the one call is the answer

    notes = "\n".join(report["unknown"])
    assert "cached and prefilled tokens unknown for endpoint 'box'" in notes
    assert "sampling was off" in notes
    text = run_report([str(out)])
    assert "cost per accepted insight" in text and "role validator:judge" in text and "backend test-api" in text
    assert f"{6 * 744 / A:.4g}" in text  # prefilled tokens per accepted insight, agent
    card = (out / "dataset" / "README.md").read_text()
    assert "Cost per accepted insight, per backend and per role" in card
    assert f"| role agent | {6 * 744 / A:.4g} | {6 * 40 / A:.4g} |" in card
    assert "| role validator:judge | unknown |" in card and "| cached prompt tokens | unknown |" in card
