"""The endpoint client against a loopback FAKE server: usage shapes, retries, typed errors."""
from __future__ import annotations

import json
import time

import pytest

from assay.endpoint.client import EndpointClient, retry_after_s
from assay.errors import EndpointError, EndpointRejected, EndpointResponseError, EndpointUnavailable, UsageError
from conftest import endpoint, run_async
from fakes.openai import FakeOpenAI, Reply, completion, scripted


def chat(fake, cfg=None, **kw):
    async def go():
        client = EndpointClient("fake", cfg or endpoint(base_url=fake.base_url), fake.base_url)
        try:
            return await client.chat([{"role": "user", "content": "hi"}], role="agent", **kw)
        finally:
            await client.close()
    return run_async(go())


def test_usage_shapes_from_groq_cerebras_and_vllm():
    groq = completion("a", prompt_tokens=100, completion_tokens=20,
                      usage_extra={"queue_time": 0.01, "prompt_time": 0.02, "completion_time": 0.1, "total_time": 0.13})
    cerebras = completion("b", prompt_tokens=50, completion_tokens=7,
                          time_info={"queue_time": 0.001, "prompt_time": 0.003, "completion_time": 0.02, "total_time": 0.03})
    vllm = completion("c", prompt_tokens=759, completion_tokens=12,
                      usage_extra={"prompt_tokens_details": {"cached_tokens": 640},
                                   "completion_tokens_details": {"reasoning_tokens": 3}})
    with FakeOpenAI(scripted(groq, cerebras, vllm)) as fake:
        g, c, v = chat(fake), chat(fake), chat(fake)
    assert (g.usage.prompt_tokens, g.usage.completion_tokens) == (100, 20)
    assert g.usage.server_timings == {"queue_time": 0.01, "prompt_time": 0.02, "completion_time": 0.1, "total_time": 0.13}
    assert c.usage.server_timings["total_time"] == 0.03 and c.usage.prompt_tokens == 50
    assert (v.usage.cached_tokens, v.usage.reasoning_tokens) == (640, 3)
    assert v.text == "c" and v.usage.wall_s > 0


def test_structured_output_request_per_mode():
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    with FakeOpenAI(scripted("{}", "{}", "{}")) as fake:
        for mode in ("json_schema", "json_object_schema", "none"):
            chat(fake, endpoint(base_url=fake.base_url, structured_output=mode), schema=schema)
        sent = [r.get("response_format") for r in fake.requests]
    assert sent[0]["type"] == "json_schema" and sent[0]["json_schema"]["schema"] == schema
    assert sent[1] == {"type": "json_object", "schema": schema}
    assert sent[2] is None


def test_429_is_retried_after_the_servers_retry_after():
    limited = Reply({"error": {"message": "slow down"}}, status=429, headers={"Retry-After": "0.4"})
    with FakeOpenAI(scripted(limited, "fine")) as fake:
        started = time.monotonic()
        result = chat(fake)
        elapsed = time.monotonic() - started
    assert result.text == "fine"
    assert result.usage.retries == 1
    assert elapsed >= 0.4 and result.usage.retry_wait_s >= 0.4


def test_5xx_retried_until_the_budget_then_typed_error():
    boom = Reply({"error": {"message": "overloaded"}}, status=503)
    with FakeOpenAI(scripted(boom, boom, boom, boom)) as fake:
        with pytest.raises(EndpointError) as info:
            chat(fake, endpoint(base_url=fake.base_url, max_retries=2))
        assert len(fake.requests) == 3
    assert info.value.status == 503 and "gave up after 2 retries" in str(info.value)


def test_400_is_not_retried_and_is_typed():
    bad = Reply({"error": {"message": "maximum context length exceeded"}}, status=400)
    with FakeOpenAI(scripted(bad, "never")) as fake:
        with pytest.raises(EndpointRejected) as info:
            chat(fake)
        assert len(fake.requests) == 1
    assert info.value.status == 400 and "context length" in str(info.value)


def test_body_without_choices_or_json_is_retried_then_reported():
    with FakeOpenAI(scripted(Reply({"choices": []}), Reply("not json {"), Reply({"choices": []}))) as fake:
        with pytest.raises(EndpointResponseError):
            chat(fake, endpoint(base_url=fake.base_url, max_retries=2))
        assert len(fake.requests) == 3


def test_connection_refused_is_endpoint_unavailable():
    cfg = endpoint(base_url="http://127.0.0.1:9/v1", max_retries=1)

    async def go():
        client = EndpointClient("dead", cfg, cfg.base_url)
        try:
            await client.chat([{"role": "user", "content": "hi"}], role="agent")
        finally:
            await client.close()
    with pytest.raises(EndpointUnavailable, match="unreachable"):
        run_async(go())


def test_retry_after_header_forms():
    assert retry_after_s({"retry-after": "3"}) == 3.0
    assert retry_after_s({"retry-after-ms": "250"}) == 0.25
    assert retry_after_s({"x-ratelimit-reset-requests": "1m30s"}) == 90.0
    assert retry_after_s({"x-ratelimit-reset-tokens": "250ms"}) == 0.25
    assert retry_after_s({}) is None


def test_a_calls_wall_time_ends_when_its_response_is_read_not_when_the_busy_loop_gets_back_to_it(monkeypatch):
    """Real http1 over a loopback FAKE. When the response is complete, 0.4 s of other ready work is queued
    on the event loop ahead of the waiting task (as hundreds of busy episodes are, at saturation); the
    call's wall time, what the meter charges and the limiter reads, leaves that out."""
    import asyncio

    from assay.endpoint import http1

    finish = http1._Connection._finish

    def busy_then_finish(self, body):
        asyncio.get_running_loop().call_soon(time.sleep, 0.4)  # runs before the task the response wakes
        finish(self, body)
    monkeypatch.setattr(http1._Connection, "_finish", busy_then_finish)

    async def go(fake):
        client = EndpointClient("fake", endpoint(base_url=fake.base_url), fake.base_url)
        try:
            started = time.perf_counter()
            result = await client.chat([{"role": "user", "content": "hi"}], role="agent")
            return result, time.perf_counter() - started
        finally:
            await client.close()

    with FakeOpenAI(scripted(Reply(completion("ok"), delay_s=0.05))) as fake:
        result, seen = run_async(go(fake))
    assert seen >= 0.45  # the caller did wait for the loop
    assert 0.05 <= result.usage.wall_s < 0.3


def mock_client(handler, **cfg):
    from assay.endpoint.transport import MockTransport
    transport = MockTransport(handler)
    return EndpointClient("mock", endpoint(**cfg), "http://mock/v1", transport=transport), transport


def test_the_retry_chain_over_a_mock_transport_counts_retries_and_honours_retry_after():
    answers = iter([(503, {"Retry-After": "0.3"}, {"error": "busy"}), (200, {}, completion("ok"))])
    client, transport = mock_client(lambda method, path, body: next(answers))

    async def go():
        started = time.monotonic()
        result = await client.chat([{"role": "user", "content": "hi"}], role="agent")
        return result, time.monotonic() - started
    result, elapsed = run_async(go())
    assert result.text == "ok" and result.usage.retries == 1
    assert elapsed >= 0.3 and result.usage.retry_wait_s >= 0.3
    assert [(m, p) for m, p, _ in transport.requests] == [("POST", "/chat/completions")] * 2


def test_no_retry_on_success_and_a_retry_after_beyond_the_run_is_not_slept_on():
    client, transport = mock_client(lambda method, path, body: (200, {}, completion("ok")))
    assert run_async(client.chat([{"role": "user", "content": "hi"}], role="agent")).usage.retries == 0
    quota, _ = mock_client(lambda method, path, body: (429, {"Retry-After": "3600"}, {"error": "quota"}))
    started = time.monotonic()
    with pytest.raises(EndpointError) as info:
        run_async(quota.chat([{"role": "user", "content": "hi"}], role="agent"))
    assert time.monotonic() - started < 2 and info.value.retry_after == 3600


def test_models_are_listed_over_the_transport():
    client, _ = mock_client(lambda method, path, body: (200, {}, {"data": [{"id": "a"}, {"id": "b"}]}))
    assert run_async(client.list_models()) == ["a", "b"]
    down, _ = mock_client(lambda method, path, body: (502, {}, b"bad gateway"))
    with pytest.raises(EndpointUnavailable, match="does not answer GET /models"):
        run_async(down.list_models())


def test_the_sdk_transport_speaks_to_a_real_server_and_maps_its_errors():
    """transport = "sdk": the openai SDK's own HTTP stack on the wire to a FAKE server; an HTTP error is a reply
    with its status, so the client's errors (and the breaker's diagnoses) are the same on every transport."""
    with FakeOpenAI(scripted("from the sdk", Reply({"error": {"message": "bad key"}}, status=401))) as fake:
        cfg = endpoint(base_url=fake.base_url, transport="sdk", api_key_env="ASSAY_TEST_SDK_KEY")
        import os
        os.environ["ASSAY_TEST_SDK_KEY"] = "sk-sdk-test-1234567"
        try:
            async def go():
                client = EndpointClient("sdk", cfg, fake.base_url)
                try:
                    models = await client.list_models()
                    first = await client.chat([{"role": "user", "content": "hi"}], role="agent")
                    with pytest.raises(EndpointRejected) as info:
                        await client.chat([{"role": "user", "content": "again"}], role="agent")
                    return models, first, info.value
                finally:
                    await client.close()
            models, first, rejected = run_async(go())
        finally:
            del os.environ["ASSAY_TEST_SDK_KEY"]
        auth = {next(v for k, v in h.items() if k.lower() == "authorization") for h in fake.headers}
    assert models == ["fake-model"] and first.text == "from the sdk" and first.usage.prompt_tokens == 10
    assert rejected.status == 401 and "bad key" in str(rejected)
    assert auth == {"Bearer sk-sdk-test-1234567"}


@pytest.mark.model
def test_preflight_falls_back_from_a_json_mode_the_real_llama_server_refuses(llama_server):
    """llama-cpp-python's server answers json_schema with HTTP 500: `auto` reached through --endpoint falls back
    to json_object + schema before any seed; an explicit json_schema stops with the fix instead."""
    async def go(mode):
        client = EndpointClient("llama", endpoint(base_url=llama_server.base_url, model="smollm2",
                                                  structured_output=mode), llama_server.base_url)
        try:
            notes = await client.preflight()
            result = await client.chat([{"role": "user", "content": "Is Mars red? Answer as JSON."}], role="agent",
                                       schema={"type": "object", "properties": {"answer": {"type": "string"}},
                                               "required": ["answer"]}, max_tokens=24)
            return client.output_mode, notes, result
        finally:
            await client.close()
    mode, notes, result = run_async(go("auto"))
    assert mode == "json_object_schema" and "refused structured output json_schema" in notes[0]
    assert result.text.lstrip().startswith("{")  # the grammar-constrained mode really answered
    with pytest.raises(UsageError, match="refuses structured_output = 'json_schema'.*set endpoints.llama.structured_output"):
        run_async(go("json_schema"))


def test_preflight_probe_over_a_mock_transport():
    def server(method, path, body):
        if path == "/models":
            return 200, {}, {"data": [{"id": "fake-model"}]}
        fmt = json.loads(body).get("response_format", {}).get("type")
        return (400, {}, {"error": "response_format not supported"}) if fmt else (200, {}, completion("{}"))
    client, transport = mock_client(server)
    notes = run_async(client.preflight())
    assert client.output_mode == "none" and "json_schema" in notes[0] and "json_object" in notes[0]
    assert len(transport.requests) == 1 + 4  # GET /models, then one probe per mode until one is taken
