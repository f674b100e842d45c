"""The fault matrix: each endpoint fault, injected at the wire by a FAKE server, against a real run.

Every run must finish (or stop with a clear message) with exactly one record per seed, bounded in time.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from assay.endpoint.client import EndpointClient
from assay.config import load_config
from assay.errors import EndpointUnavailable, InternalError
from assay.journal import Journal
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from conftest import endpoint
from fakes.openai import FakeOpenAI, Reply, completion
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
N = 6


def faulty(fault, times: int = 1, on_seed: str = "item 1?"):
    """Answer normally, except the first `times` requests about one seed get `fault(request)`."""
    inner = research_handler()
    hits = {"n": 0}
    lock = threading.Lock()

    def handler(req):
        about_seed = any(on_seed in m["content"] for m in req["messages"])
        with lock:
            inject = about_seed and hits["n"] < times
            hits["n"] += inject
        return fault(req) if inject else inner(req)
    handler.hits = hits
    return handler


def job(tmp_path, fake, **over):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, N, sorted(p.stem for p in CORPUS.glob("*.md")))
    overrides = {"run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp_path / "run"), "run.agents": 3,
                 "endpoints.fake.base_url": fake.base_url, "endpoints.fake.model": "fake-model",
                 "endpoints.fake.max_retries": 3, "endpoints.fake.timeout_s": 2.0, "roles.agent": "fake"}
    overrides.update(over)
    cfg = load_config(None, overrides)
    started = time.monotonic()
    run(cfg, progress=False)
    elapsed = time.monotonic() - started
    journal = Journal(tmp_path / "run")
    records = list(journal.records())
    journal.close()
    assert sorted(r.seed.id for r in records) == [f"q{i:03d}" for i in range(N)]  # exactly one record per seed
    return records, elapsed


def seed_record(records, seed_id="q001"):
    return next(r for r in records if r.seed.id == seed_id)


RETRIED = {
    "429 Retry-After": lambda req: Reply({"error": {"message": "rate limited"}}, status=429, headers={"Retry-After": "0.3"}),
    "429 x-ratelimit": lambda req: Reply({"error": {"message": "rate limited"}}, status=429,
                                         headers={"x-ratelimit-reset-requests": "300ms", "x-ratelimit-remaining-requests": "0"}),
    "500": lambda req: Reply({"error": {"message": "internal"}}, status=500),
    "502": lambda req: Reply("<html>bad gateway</html>", status=502),
    "503": lambda req: Reply({"error": {"message": "overloaded"}}, status=503),
    "reset mid-response": lambda req: Reply(completion("{}"), truncate_at=20),
    "connection dropped": lambda req: Reply(drop=True),
    "read timeout": lambda req: Reply(completion("{}"), delay_s=3.0),
    "truncated JSON": lambda req: Reply('{"id": "x", "choices": [{"message": {"content": "'),
    "not JSON": lambda req: Reply("<html>gateway</html>"),
    "empty choices": lambda req: Reply({"id": "x", "choices": [], "usage": {}}),
}


@pytest.mark.parametrize("name", list(RETRIED))
def test_retryable_fault_is_retried_and_the_run_completes(tmp_path, name):
    handler = faulty(RETRIED[name], times=2)
    with FakeOpenAI(handler) as fake:
        records, elapsed = job(tmp_path, fake)
    assert handler.hits["n"] == 2
    hit = seed_record(records)
    assert hit.status.value in ("accepted", "rejected")  # the seed recovered, not failed
    assert sum(c.retries for c in hit.calls) == 2
    assert elapsed < 60


def test_finish_reason_length_is_noted_and_fed_back(tmp_path):
    cut = lambda req: Reply(completion('{"thought": "I was cut', finish_reason="length"))  # noqa: E731
    handler = faulty(cut, times=1)
    with FakeOpenAI(handler) as fake:
        records, _ = job(tmp_path, fake)
    hit = seed_record(records)
    assert any("reply cut off at max_tokens" in n for n in hit.notes)
    assert any(m["content"].startswith("Your reply was not valid") for m in hit.messages)
    assert hit.status.value in ("accepted", "rejected")


def test_content_filter_fails_the_seed_with_the_reason(tmp_path):
    handler = faulty(lambda req: Reply(completion("", finish_reason="content_filter")), times=1)
    with FakeOpenAI(handler) as fake:
        records, _ = job(tmp_path, fake)
    hit = seed_record(records)
    assert hit.status.value == "failed" and hit.reason == "the endpoint's content filter stopped the reply"


def test_context_length_exceeded_fails_the_seed(tmp_path):
    too_long = lambda req: Reply({"error": {"message": "maximum context length is 2048 tokens", "code": "context_length_exceeded"}}, status=400)  # noqa: E731
    with FakeOpenAI(faulty(too_long, times=1)) as fake:
        records, _ = job(tmp_path, fake)
    hit = seed_record(records)
    assert hit.status.value == "failed" and hit.reason.startswith("context overflow")


def test_dead_endpoint_stops_the_run_and_resume_finishes_it(tmp_path):
    inner = research_handler()
    state = {"calls": 0}

    def handler(req):
        state["calls"] += 1
        if state["calls"] == 13:
            fake.dead = True  # the server goes away mid-run: every later request loses its connection
            return Reply(drop=True)
        return inner(req)

    fake = FakeOpenAI(handler)
    with fake:
        with pytest.raises(EndpointUnavailable, match="stopping the run: endpoint 'fake' is down"):
            job(tmp_path, fake, **{"endpoints.fake.max_retries": 1})
    journal = Journal(tmp_path / "run")
    kept = journal.counts()
    journal.close()
    assert 0 < sum(kept.values()) < N and "failed" not in kept  # finished seeds kept, none failed one by one
    with FakeOpenAI(research_handler()) as back:
        records, _ = job(tmp_path, back)
    assert len(records) == N


class SlotServer:
    """FAKE vLLM-like server: a fixed number of slots, excess requests queue (latency climbs, no errors)."""

    def __init__(self, slots: int, service_s: float):
        self.sem = threading.Semaphore(slots)
        self.service_s = service_s
        self.in_flight = 0
        self.peak_waiting = 0
        self.lock = threading.Lock()

    def __call__(self, req):
        with self.lock:
            self.in_flight += 1
            self.peak_waiting = max(self.peak_waiting, self.in_flight)
        with self.sem:
            time.sleep(self.service_s)
        with self.lock:
            self.in_flight -= 1
        return completion("ok", completion_tokens=10)


def test_queueing_endpoint_makes_the_client_back_off():
    server = SlotServer(slots=4, service_s=0.05)
    with FakeOpenAI(server) as fake:
        async def go():
            client = EndpointClient("q", endpoint(base_url=fake.base_url, max_concurrency=64, timeout_s=30), fake.base_url)
            try:
                await asyncio.gather(*[client.chat([{"role": "user", "content": str(i)}], role="agent") for i in range(400)])
                return client.limiter
            finally:
                await client.close()
        limiter = asyncio.run(go())
    assert limiter.decreases >= 1
    assert limiter.limit < 64  # it did not settle at the configured maximum


def test_one_slow_episode_does_not_block_the_others(tmp_path):
    """Seed q001's calls take 1.5 s each; the other five seeds finish while it is still running."""
    inner = research_handler()
    finished_while_slow = []

    def handler(req):
        slow = any("item 1?" in m["content"] for m in req["messages"])
        if slow:
            time.sleep(1.5)
            return inner(req)
        finished_while_slow.append(time.monotonic())
        return inner(req)

    with FakeOpenAI(handler) as fake:
        started = time.monotonic()
        records, elapsed = job(tmp_path, fake, **{"run.agents": 2})
    assert len(records) == N
    # With 2 agents, the other 5 seeds' calls were all served before the slow seed's 3+ calls ended.
    assert max(finished_while_slow) - started < 4.0 < elapsed


def test_a_bug_in_a_worker_stops_the_run_with_its_error_instead_of_hanging(tmp_path, monkeypatch):
    """Before: the worker died silently, the seed feeder blocked on a full queue and the run never ended."""
    from assay.run.job import Job

    real = Job.process

    async def buggy(self, seed, sample=0):
        if seed.id == "q002":
            raise RuntimeError("boom in a stage")
        return await real(self, seed, sample)
    monkeypatch.setattr(Job, "process", buggy)
    with FakeOpenAI(research_handler()) as fake:
        started = time.monotonic()
        with pytest.raises(InternalError, match="RuntimeError: boom in a stage") as info:
            job(tmp_path, fake, **{"run.agents": 1})  # one worker: its death used to stall everything
    assert time.monotonic() - started < 60
    assert "boom in a stage" in (tmp_path / "run" / "error.log").read_text() and "error.log" in str(info.value)
    journal = Journal(tmp_path / "run")
    kept = sorted(r.seed.id for r in journal.records())
    journal.close()
    assert kept[:2] == ["q000", "q001"]  # what finished before the bug is on disk
