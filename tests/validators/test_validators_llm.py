"""LLM stages (support, consistency, judge) against a scripted FAKE OpenAI server at the wire.

Strict verdict parsing, failing closed on garbage and endpoint errors, usage metered per validator
role, and n=k in one request versus k requests.
"""
from __future__ import annotations

import pytest

import json

from assay.errors import EndpointError
from assay.endpoint.client import EndpointClient
from assay.records import Evidence, Insight, Seed
from assay.validators import Check, run_stages
from conftest import endpoint, run_async
from fakes.openai import FakeOpenAI, Reply, completion, scripted

SEED = Seed(id="mars-day", question="How long is a day on Mars?", sources=["mars"], reference_answer="about 24.6 hours")
INSIGHT = Insight(claim="A day on Mars lasts about 24.6 hours.",
                  reasoning=["The mars source says a day lasts about 24.6 hours.", "So a day on Mars is 24.6 hours long."],
                  evidence=[Evidence(source_id="mars", quote="A day on Mars lasts about 24.6 hours.")])


def verdict(fake, corpus, stage, params=None, insight=INSIGHT, **ep):
    async def go():
        client = EndpointClient("verifier", endpoint(base_url=fake.base_url, max_retries=1, **ep), fake.base_url)
        try:
            check = Check(seed=SEED, insight=insight, corpus=corpus, client=client)
            (v,) = await run_stages(check, [stage], {stage: params or {}})
            return v
        finally:
            await client.close()
    return run_async(go())


def support_reply(verdict_: str, reason: str = "The evidence says so.") -> str:
    return json.dumps({"reason": reason, "verdict": verdict_})


def test_support_passes_on_a_supported_verdict_and_meters_its_call(demo_corpus):
    with FakeOpenAI(scripted(completion(support_reply("supported"), prompt_tokens=120, completion_tokens=14))) as fake:
        v = verdict(fake, demo_corpus, "support")
    assert v.passed and v.reason == "supported: The evidence says so."
    assert [(u.role, u.prompt_tokens, u.completion_tokens) for u in v.usage] == [("validator:support", 120, 14)]
    req = fake.requests[0]
    assert req["response_format"]["type"] == "json_schema"  # strict structured verdict on a hosted endpoint
    assert req["response_format"]["json_schema"]["schema"]["properties"]["verdict"]["enum"] == \
        ["supported", "unsupported", "contradicted"]
    assert "A day on Mars lasts about 24.6 hours." in req["messages"][1]["content"]
    assert len(v.details["prompt_version"]) == 12


def test_support_rejects_contradicted_and_unsupported_claims_with_the_judges_reason(demo_corpus):
    with FakeOpenAI(scripted(support_reply("contradicted", "The source says 24.6 hours."),
                             support_reply("unsupported", "Nothing about years."))) as fake:
        first, second = verdict(fake, demo_corpus, "support"), verdict(fake, demo_corpus, "support")
    assert not first.passed and first.reason == "contradicted: The source says 24.6 hours."
    assert not second.passed and second.details["verdict"] == "unsupported"


def test_support_fails_closed_on_replies_that_are_not_a_strict_verdict(demo_corpus):
    garbage = ["Yes, it is supported.", json.dumps({"reason": "ok", "verdict": "Supported"}),
               json.dumps({"verdict": "supported"}), json.dumps({"reason": "ok", "verdict": "supported", "score": 1}),
               '{"reason": "ok", "verdict": "supp']
    with FakeOpenAI(scripted(*garbage)) as fake:
        results = [verdict(fake, demo_corpus, "support") for _ in garbage]
    for v in results:
        assert not v.passed and v.reason.startswith("could not decide: the verifier's reply is not a valid verdict")
        assert v.usage and v.usage[0].role == "validator:support"  # a failed parse still reports what it cost
    assert "no JSON object" in results[0].reason
    assert "verdict: Input should be 'supported'" in results[1].reason
    assert "reason: Field required" in results[2].reason
    assert "score: Extra inputs are not permitted" in results[3].reason
    assert "not closed" in results[4].reason


def test_a_verifier_endpoint_that_stays_down_is_not_a_verdict(demo_corpus):
    """It raises out of the stages (the run's breaker leaves the seed pending); no verdict, so nothing accepted."""
    with FakeOpenAI(lambda req: Reply({"error": {"message": "overloaded"}}, status=503)) as fake:
        with pytest.raises(EndpointError, match="HTTP 503"):
            verdict(fake, demo_corpus, "support")
    assert len(fake.requests) == 2  # one retry (max_retries=1), then give up


def test_llm_stages_without_a_verifier_endpoint_fail_closed(demo_corpus):
    for stage in ("support", "consistency", "judge"):
        (v,) = run_async(run_stages(Check(seed=SEED, insight=INSIGHT, corpus=demo_corpus), [stage], {}))
        assert not v.passed and v.reason == "could not decide: no verifier endpoint is configured for LLM stages"


def answers(*texts: str) -> list[str]:
    return [json.dumps({"answer": t}) for t in texts]


def test_consistency_asks_for_k_samples_in_one_request_where_n_is_honoured(demo_corpus):
    handler = lambda req: completion(answers("about 24.6 hours", "24.6 hours", "about 40 hours"), prompt_tokens=200)
    with FakeOpenAI(handler) as fake:
        v = verdict(fake, demo_corpus, "consistency", {"k": 3, "threshold": 0.6})
    assert len(fake.requests) == 1 and fake.requests[0]["n"] == 3
    assert fake.requests[0]["temperature"] == 0.7
    assert v.passed and v.score == round(2 / 3, 4) and v.reason.startswith("2 of 3 re-derivations agree")
    assert [d["agrees"] for d in v.details["derivations"]] == [True, True, False]
    assert [(u.role, u.prompt_tokens) for u in v.usage] == [("validator:consistency", 200)]  # prompt paid once
    assert "[mars]" in fake.requests[0]["messages"][1]["content"]  # re-derived from the sources, not the claim


def test_consistency_sends_k_requests_with_different_seeds_where_n_is_not_honoured(demo_corpus):
    with FakeOpenAI(scripted(*answers("about 24.6 hours", "about 26 hours", "about 30 hours"))) as fake:
        v = verdict(fake, demo_corpus, "consistency", {"k": 3}, supports_n=False)
    assert len(fake.requests) == 3 and all("n" not in r for r in fake.requests)
    assert sorted(r["seed"] for r in fake.requests) == [0, 1, 2]
    assert not v.passed and v.reason == "1 of 3 re-derivations agree with the claim (agreement 0.33 < threshold 0.5)"
    assert len(v.usage) == 3 and {u.role for u in v.usage} == {"validator:consistency"}


def test_consistency_tops_up_when_a_server_ignores_n(demo_corpus):
    # Claims to honour n (a hosted endpoint by default) but answers with one choice, as llama.cpp does.
    with FakeOpenAI(scripted(*answers("24.6 hours", "24.6 hours", "24.6 hours"))) as fake:
        v = verdict(fake, demo_corpus, "consistency", {"k": 3})
    assert [r.get("n") for r in fake.requests] == [3, None, None]
    assert v.passed and v.details["requests"] == 3 and "got 1 choice" in v.details["n_ignored"]


def test_consistency_counts_unreadable_samples_as_disagreeing_and_fails_closed_on_all(demo_corpus):
    with FakeOpenAI(lambda req: completion(["not json", *answers("24.6 hours", "24.6 hours")])) as fake:
        v = verdict(fake, demo_corpus, "consistency", {"k": 3, "threshold": 0.9})
    assert not v.passed and v.score == round(2 / 3, 4) and "error" in v.details["derivations"][0]
    with FakeOpenAI(lambda req: completion(["nope", "{}", "[]"])) as fake:
        v = verdict(fake, demo_corpus, "consistency", {"k": 3})
    assert not v.passed and v.reason == "could not decide: none of the 3 re-derivations could be read"


def judge_reply(*oks: bool, verdict_: str = "sound", numbers=None) -> str:
    steps = [{"step": (numbers or range(1, len(oks) + 1))[i], "note": "follows" if ok else "unsupported leap", "ok": ok}
             for i, ok in enumerate(oks)]
    return json.dumps({"steps": steps, "verdict": verdict_})


def test_judge_returns_a_verdict_per_step(demo_corpus):
    with FakeOpenAI(scripted(judge_reply(True, True), judge_reply(True, False, verdict_="flawed"))) as fake:
        good, bad = verdict(fake, demo_corpus, "judge"), verdict(fake, demo_corpus, "judge")
    assert good.passed and good.reason == "every one of 2 steps follows" and len(good.details["steps"]) == 2
    assert not bad.passed and bad.reason == "step 2: unsupported leap" and bad.score == 0.5
    schema = fake.requests[0]["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["steps"]["minItems"] == schema["properties"]["steps"]["maxItems"] == 2
    assert "1. The mars source says" in fake.requests[0]["messages"][1]["content"]
    assert good.usage[0].role == "validator:judge"


def test_judge_fails_closed_on_missing_steps_and_on_self_contradiction(demo_corpus):
    replies = [judge_reply(True), judge_reply(True, True, numbers=[1, 3]), judge_reply(True, False, verdict_="sound"),
               judge_reply(True, True, verdict_="flawed"), json.dumps({"steps": [{"step": 1, "ok": "yes"}], "verdict": "sound"})]
    with FakeOpenAI(scripted(*replies)) as fake:
        short, renumbered, contradicts, flawed, loose = [verdict(fake, demo_corpus, "judge") for _ in replies]
    assert short.reason == "could not decide: the critic judged steps [1], not steps 1..2"
    assert renumbered.reason == "could not decide: the critic judged steps [1, 3], not steps 1..2"
    assert not contradicts.passed and "still called the reasoning sound" in contradicts.reason
    assert not flawed.passed and flawed.reason == "the critic found the reasoning flawed although it passed every step"
    assert not loose.passed and loose.reason.startswith("could not decide: the critic's reply is not a valid verdict")


def test_embedded_style_endpoint_gets_json_object_with_schema(demo_corpus):
    # The embedded llama.cpp server rejects json_schema; what it is sent is the grammar-constrained form.
    with FakeOpenAI(scripted(support_reply("supported"))) as fake:
        v = verdict(fake, demo_corpus, "support", structured_output="json_object_schema")
    assert v.passed and fake.requests[0]["response_format"]["type"] == "json_object"
    assert fake.requests[0]["response_format"]["schema"]["required"] == ["reason", "verdict"]
