"""Several endpoints behind one role, at the wire: two FAKE OpenAI servers, one slow, one that dies mid-run.

Real runs (runner.run, real SQLite journal, real HTTP); the fakes answer with the deterministic research model.
"""
from __future__ import annotations

import asyncio
import re
import time
from collections import Counter, defaultdict

from assay.endpoint.client import EndpointClient
from assay.config import load_config
from assay.journal import Journal
from assay.endpoint.router import Router
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from conftest import endpoint
from fakes.openai import FakeOpenAI, Reply
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
# Stages that judge each seed on its own (novelty depends on which duplicate finished first).
STAGES = ["structure", "grounding", "numeric", "execution"]


def two_endpoint_run(tmp_path, a: FakeOpenAI, b: FakeOpenAI | None, n: int, **over):
    """Run n seeds with roles.agent = [a, b] (or [a] alone); returns the records in seed order."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, n, sorted(p.stem for p in CORPUS.glob("*.md")))
    o = {"run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp_path / "run"), "run.agents": 4,
         "endpoints.a.base_url": a.base_url, "endpoints.a.model": "fake-model", "endpoints.a.max_retries": 1,
         "endpoints.a.timeout_s": 5.0, "endpoints.a.session_header": "x-session-id", "roles.agent": ["a"],
         "validators.stages": STAGES}
    if b is not None:
        o |= {"endpoints.b.base_url": b.base_url, "endpoints.b.model": "fake-model", "endpoints.b.max_retries": 1,
              "endpoints.b.timeout_s": 5.0, "endpoints.b.backend": "nvidia-h100-vllm",
              "endpoints.b.session_header": "x-session-id", "roles.agent": ["a", "b"]}
    o.update(over)
    run(load_config(None, o), progress=False)
    journal = Journal(tmp_path / "run")
    records = list(journal.records())
    journal.close()
    assert [r.seed.id for r in records] == [f"q{i:03d}" for i in range(n)]  # exactly one record per seed
    return records


def outcome(records):
    return [(r.seed.id, r.status.value, r.reason, r.insight) for r in records]


def test_episodes_go_to_the_faster_endpoint_and_stay_on_one(tmp_path):
    n = 24
    with FakeOpenAI(research_handler()) as fast, FakeOpenAI(research_handler(delay_s=0.5)) as slow:
        records = two_endpoint_run(tmp_path, fast, slow, n)
        sessions = {name: [h.get("x-session-id") or h.get("X-Session-Id")
                           for h, req in zip(fake.headers, fake.requests) if '{"ok": true}' not in req["messages"][-1]["content"]]
                    for name, fake in (("a", fast), ("b", slow))}  # the preflight probe belongs to no episode
    per_endpoint = Counter(r.provenance.endpoint for r in records)
    assert per_endpoint["b"] >= 1, "the slow endpoint was never tried"
    assert per_endpoint["a"] >= 3 * per_endpoint["b"], per_endpoint  # measured throughput steers the rest away
    for r in records:
        agent_calls = [c for c in r.calls if c.role == "agent"]
        assert agent_calls and {c.endpoint for c in agent_calls} == {r.provenance.endpoint}  # one endpoint per episode
        backend = "nvidia-h100-vllm" if r.provenance.endpoint == "b" else "hosted-generic"
        assert {c.backend for c in agent_calls} == {backend}  # metered per endpoint and backend
    # Every request carried its episode's id in the affinity header, and an episode never changed endpoint.
    assert None not in sessions["a"] + sessions["b"]
    assert not set(sessions["a"]) & set(sessions["b"])
    assert set(sessions["b"]) == {r.seed.id for r in records if r.provenance.endpoint == "b"}


def test_weights_share_out_episodes_before_anything_is_measured():
    """With no measurements yet, 8 concurrent episodes split 6:2 over weights 3 and 1 (ties keep config order)."""
    async def go():
        heavy = EndpointClient("heavy", endpoint(weight=3.0), "http://127.0.0.1:9/v1")
        light = EndpointClient("light", endpoint(weight=1.0), "http://127.0.0.1:9/v1")
        router = Router("agent", [heavy, light])
        release = asyncio.Event()
        placed: list[str] = []

        async def episode(view):
            placed.append(view.name)
            await release.wait()
            return view.name

        tasks = [asyncio.create_task(router.run(f"s{i}", episode)) for i in range(8)]
        while len(placed) < 8:
            await asyncio.sleep(0.01)
        during = Counter(placed)
        release.set()
        await asyncio.gather(*tasks)
        await heavy.close()
        await light.close()
        return during, [s.outstanding for s in router.states]

    during, after = asyncio.run(go())
    assert during == {"heavy": 6, "light": 2}
    assert after == [0, 0]


def test_an_endpoint_that_dies_mid_run_hands_its_episodes_over_and_nothing_is_lost(tmp_path, capfd):
    n = 16
    with FakeOpenAI(research_handler()) as solo:
        baseline = two_endpoint_run(tmp_path / "solo", solo, None, n)
        baseline_requests = len(solo.requests)

    inner = research_handler(delay_s=0.02)
    seen = {"n": 0}

    def dies_mid_episode(req):
        seen["n"] += 1
        if seen["n"] >= 8 and len(req["messages"]) >= 4:  # an episode with finished calls on this endpoint
            doomed.dead = True  # every later request, /models included, loses its connection
            return Reply(drop=True)
        return inner(req)

    doomed = FakeOpenAI(dies_mid_episode)
    with FakeOpenAI(research_handler(delay_s=0.02)) as survivor, doomed:
        started = time.monotonic()
        records = two_endpoint_run(tmp_path / "pair", survivor, doomed, n)
        elapsed = time.monotonic() - started
        paid = len(survivor.requests) + len(doomed.requests)
    assert outcome(records) == outcome(baseline)  # same records as one healthy endpoint gives
    assert not [r for r in records if r.status.value == "failed"]
    moved = [r for r in records if any(c.replayed for c in r.calls)]
    assert moved, "no episode was resumed from the journal after its endpoint died"
    for r in moved:  # resumed on the survivor: the calls finished on the dead one replayed, the rest paid there
        assert r.provenance.endpoint == "a" and {c.endpoint for c in r.calls if c.role == "agent"} == {"a"}
    assert paid <= baseline_requests + 4  # at most the calls in flight when it died are paid twice
    err = capfd.readouterr().err
    assert "endpoint 'b' failed its health check and left rotation" in err
    resumed = set(re.findall(r"resuming episode (q\d+) on another endpoint", err))
    assert {r.seed.id for r in moved} <= resumed
    assert all(r.provenance.endpoint == "a" for r in records if r.seed.id in resumed)
    assert elapsed < 60


def test_a_down_endpoint_is_probed_again_and_returns_to_rotation():
    with FakeOpenAI(research_handler()) as a, FakeOpenAI(research_handler()) as b:
        async def go():
            ca = EndpointClient("a", endpoint(base_url=a.base_url), a.base_url)
            cb = EndpointClient("b", endpoint(base_url=b.base_url), b.base_url)
            router = Router("agent", [ca, cb], probe_after_s=0.2, log=lambda m: None)
            b.dead = True
            assert await router.report_failure(router.states[1])  # probe fails: out of rotation
            picks_while_down = {router.pick().client.name for _ in range(5)}
            b.dead = False
            await asyncio.sleep(0.3)
            router.pick()  # the pause has passed: a probe is started in the background
            for _ in range(50):
                if router.states[1].down_until is None:
                    break
                await asyncio.sleep(0.05)
            back = router.states[1].down_until is None
            router.states[0].outstanding = 5  # a busy `a` now loses to the revived `b`
            chosen = router.pick().client.name
            await router.close()
            await ca.close()
            await cb.close()
            return picks_while_down, back, chosen

        picks_while_down, back, chosen = asyncio.run(go())
    assert picks_while_down == {"a"} and back and chosen == "b"


def test_every_endpoint_down_stops_the_run_and_keeps_finished_seeds(tmp_path):
    import pytest

    from assay.errors import EndpointUnavailable

    counts = defaultdict(int)

    def dying(name, after):
        inner = research_handler()

        def handler(req):
            counts[name] += 1
            if counts[name] >= after:
                fakes[name].dead = True
                return Reply(drop=True)
            return inner(req)
        return handler

    fakes = {"a": FakeOpenAI(dying("a", 8)), "b": FakeOpenAI(dying("b", 10))}
    with fakes["a"], fakes["b"]:
        with pytest.raises(EndpointUnavailable, match="stopping the run: endpoint '[ab]' is down"):
            two_endpoint_run(tmp_path, fakes["a"], fakes["b"], 12)
    journal = Journal(tmp_path / "run")
    kept = journal.counts()
    journal.close()
    assert 0 < sum(kept.values()) < 12 and "failed" not in kept
