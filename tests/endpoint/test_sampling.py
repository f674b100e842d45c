"""Per-endpoint sampling fields and RPM/TPM ceilings, checked at the wire: what the FAKE server received, and
when (its own arrival timestamps; the assertions are lower bounds on spacing, so a slow machine cannot fail them)."""
from __future__ import annotations

import asyncio
import re
import threading
import time

import pytest

import assay
from assay.endpoint.client import EndpointClient
from assay.errors import UsageError
from conftest import endpoint, run_async
from fakes.openai import FakeOpenAI, completion
from fakes.research import research_handler

SAMPLING = {"top_p": 0.8, "presence_penalty": 0.5, "stop": ["</answer>"],
            "extra_body": {"top_k": 20, "chat_template_kwargs": {"enable_thinking": False}}}
ON_THE_WIRE = {"top_p": 0.8, "presence_penalty": 0.5, "stop": ["</answer>"], "top_k": 20,
               "chat_template_kwargs": {"enable_thinking": False}}


@pytest.mark.parametrize("transport", ["auto", "sdk"])
def test_sampling_fields_reach_the_request_body(transport):
    with FakeOpenAI() as fake:
        async def go():
            client = EndpointClient("fake", endpoint(base_url=fake.base_url, transport=transport, **SAMPLING),
                                    fake.base_url)
            try:
                await client.chat([{"role": "user", "content": "hi"}], role="agent", temperature=0.3, seed=7)
            finally:
                await client.close()

        run_async(go())
    body = fake.requests[-1]
    assert {k: body[k] for k in ON_THE_WIRE} == ON_THE_WIRE
    assert (body["temperature"], body["seed"], body["model"]) == (0.3, 7, "fake-model")  # assay's own, untouched


def test_every_call_of_a_run_carries_its_endpoints_sampling(tmp_path):
    with FakeOpenAI(research_handler()) as fake:
        run = assay.Job(run={"out": str(tmp_path / "run"), "limit": 2, "samples": 1},
                        endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model", **SAMPLING}},
                        roles={"agent": "fake"}).run(progress=False)
    chats = [r for r in fake.requests if r["messages"][0]["content"] != 'Reply with the JSON {"ok": true}']
    assert len(chats) >= 2 and sum(run.counts().values()) == 2
    assert all({k: r.get(k) for k in ON_THE_WIRE} == ON_THE_WIRE for r in chats)
    unset = [r for r in fake.requests if "top_p" not in r]
    assert len(unset) == 1  # only preflight's probe, which asks one fixed question


def test_extra_body_cannot_replace_what_assay_sets():
    with pytest.raises(UsageError, match=re.escape("endpoints.x: Value error, extra_body sets messages, n")):
        assay.Job(endpoints={"x": {"base_url": "http://h/v1", "extra_body": {"n": 4, "messages": []}}})
    with pytest.raises(UsageError, match="endpoints.x.top_p: Input should be less than or equal to 1"):
        assay.Job(endpoints={"x": {"base_url": "http://h/v1", "top_p": 1.5}})


class Stamped:
    """A FAKE server handler that notes when each request arrived and answers with usage of a chosen size."""

    def __init__(self, tokens: int = 15):
        self.tokens = tokens
        self.arrivals: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, req: dict):
        with self._lock:
            self.arrivals.append(time.monotonic())
        return completion("ok", prompt_tokens=self.tokens - 5, completion_tokens=5)


def burst(cfg_kw: dict, handler: Stamped, n: int) -> list[float]:
    """n chat calls started at once against one client; the server's arrival times, in order."""
    with FakeOpenAI(handler) as fake:
        async def go():
            client = EndpointClient("fake", endpoint(base_url=fake.base_url, max_concurrency=n, **cfg_kw), fake.base_url)
            try:
                await asyncio.gather(*(client.chat([{"role": "user", "content": f"q{i}"}], role="agent", max_tokens=20)
                                       for i in range(n)))
            finally:
                await client.close()

        run_async(go())
    return sorted(handler.arrivals)


# A request's own transit can differ from the first one's by this much: the allowance on every lower bound.
JITTER_S = 0.1


def test_rpm_ceiling_spaces_request_starts():
    arrivals = burst({"rpm": 240}, Stamped(), 6)  # 4 a second: one every 0.25 s
    assert len(arrivals) == 6
    for k, t in enumerate(arrivals):
        assert t - arrivals[0] >= k * 0.25 - JITTER_S, arrivals  # k+1 requests need k intervals, whatever the load


def test_tpm_ceiling_spaces_requests_by_their_tokens():
    """Each request reserves its prompt (4 bytes a token) plus max_tokens; the fake reports exactly 60 tokens a
    call, and with 12,000 tokens a minute (200 a second) no stretch of time holds more than its share."""
    handler = Stamped(tokens=60)
    arrivals = burst({"tpm": 12_000}, handler, 6)
    assert len(arrivals) == 6
    per_s = 12_000 / 60
    for k, t in enumerate(arrivals):
        # requests 0..k-1 reserved at least max_tokens=20 plus a prompt of ~30 tokens each before request k began
        assert t - arrivals[0] >= k * 40 / per_s - JITTER_S, arrivals
    spent = 6 * handler.tokens  # what the server says the calls used: within the ceiling over their span
    assert spent <= per_s * (arrivals[-1] - arrivals[0] + JITTER_S) + 2 * handler.tokens


def test_ceilings_only_where_configured():
    """Without rpm/tpm a client has no ceilings (nothing on its hot path); with them, seconds per request and
    per token."""
    client = EndpointClient("fake", endpoint(), "http://127.0.0.1:9/v1")
    assert client.ceilings is None
    paced = EndpointClient("fake", endpoint(rpm=60, tpm=1000), "http://127.0.0.1:9/v1").ceilings
    assert paced is not None and (paced.request_s, paced.token_s) == (1.0, 0.06)
