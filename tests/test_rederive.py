"""The rederive stage: a fresh agent episode on the validator endpoint (a scripted FAKE at the wire) that sees the
seed but not the first answer, compared with the claim by fact signature."""
from __future__ import annotations

import json
import re

from assay.endpoint.client import EndpointClient
from assay.records import Evidence, Insight, Seed
from assay.validators import LLM_STAGES, STAGES, Check, check_params, run_stages
from assay.validators.rederive import differences
from conftest import endpoint, run_async
from fakes.openai import FakeOpenAI, Reply, completion

SEED = Seed(id="mars-day", question="How long is a day on Mars?", sources=["mars"], tags=["derived", "proposed"])
FIRST = Insight(claim="A day on Mars lasts about 24.6 hours, as the first answer worked out.",
                reasoning=["1. The mars source gives the length of a day."],
                evidence=[Evidence(source_id="mars", quote="A day on Mars lasts about 24.6 hours.")])


def rederiver(claim: str):
    """An agent at the wire: plans, answers at once, and gives `claim` citing the first sentence it was shown."""
    def handler(req: dict) -> Reply:
        schema = json.dumps((req.get("response_format") or {}).get("json_schema", {}).get("schema") or {})
        if "sub_questions" in schema:
            body = {"sub_questions": ["How long is one Martian day?"]}
        elif '"tool"' in schema:
            body = {"thought": "the sources answer it", "tool": "answer", "input": ""}
        else:
            ref = re.search(r"\[(\w+#\d+)\] A day on Mars", req["messages"][0]["content"]).group(1)
            body = {"evidence": [{"ref": ref}], "claim": claim, "reasoning": ["1. The source says so."],
                    "confidence": 0.9}
        return Reply(completion(json.dumps(body), prompt_tokens=100, completion_tokens=20))
    return handler


def verdict(fake, corpus, seed=SEED, insight=FIRST, params=None):
    async def go():
        client = EndpointClient("verifier", endpoint(base_url=fake.base_url, max_retries=1), fake.base_url)
        try:
            (v,) = await run_stages(Check(seed=seed, insight=insight, corpus=corpus, client=client), ["rederive"],
                                    {"rederive": params or {}})
            return v
        finally:
            await client.close()
    return run_async(go())


def test_an_agreeing_rederivation_accepts_and_is_metered_under_the_validator_role(demo_corpus):
    with FakeOpenAI(rederiver("Each Martian day is roughly 24.6 hours long.")) as fake:
        v = verdict(fake, demo_corpus)
    assert v.passed and v.score == 1.0 and v.reason.startswith("an independent re-derivation agrees")
    assert v.usage and {u.role for u in v.usage} == {"validator:rederive"}
    assert v.details["rederived"]["claim"] == "Each Martian day is roughly 24.6 hours long."
    assert v.details["claim"] == FIRST.claim and v.details["differs"] == []
    chats = [r for r in fake.requests if r.get("messages")]
    said = json.dumps([r["messages"] for r in chats])
    assert "How long is a day on Mars?" in said and "first answer worked out" not in said  # never shown the claim


def test_a_disagreeing_rederivation_rejects_naming_the_quantity_and_keeping_both_answers(demo_corpus):
    with FakeOpenAI(rederiver("A day on Mars lasts about 37 hours.")) as fake:
        v = verdict(fake, demo_corpus)
    assert not v.passed and v.score == 0.0
    assert "quantity '24.6 hours' of the claim is not reached" in v.reason and "'37 hours'" in v.reason
    assert v.details["claim"] == FIRST.claim
    assert v.details["rederived"]["claim"] == "A day on Mars lasts about 37 hours."
    assert v.details["rederived"]["evidence"][0]["source_id"] == "mars"


def test_a_seed_with_a_reference_answer_skips_rederivation_without_a_call(demo_corpus):
    with FakeOpenAI(rederiver("unused")) as fake:
        v = verdict(fake, demo_corpus, seed=SEED.model_copy(update={"reference_answer": "about 24.6 hours"}))
        assert not [r for r in fake.requests if r.get("messages")]
    assert v.passed and "reference answer" in v.reason and not v.usage


def test_no_answer_from_the_rederivation_fails_closed(demo_corpus):
    with FakeOpenAI(lambda req: completion("I cannot say.")) as fake:
        v = verdict(fake, demo_corpus, params={"max_steps": 0})
    assert not v.passed and v.reason.startswith("could not decide: the re-derivation gave no answer")
    assert v.usage and {u.role for u in v.usage} == {"validator:rederive"}


def test_fact_signatures_name_what_differs():
    assert differences("Fleming discovered penicillin in 1928.", "It was Alexander Fleming, in 1928.",
                       topic="Who discovered penicillin?") == []
    assert differences("The bridge is 1.2 km long.", "It spans 1,200 metres.") == []
    assert differences("About 39% of voters agreed.", "38.9% of voters agreed.") == []
    (entity,) = differences("Penicillin was discovered by Fleming.", "Penicillin was found by Florey.",
                            topic="Who discovered penicillin?")
    assert "entity 'fleming'" in entity and "'florey'" in entity
    (polarity,) = differences("Mars has no rings.", "Mars has rings.")
    assert polarity.startswith("polarity: the claim says no/not")
    (words,) = differences("Iron oxide gives the surface its red colour.", "Volcanic basalt makes it dark grey.",
                           topic="Why is the surface red?")
    assert "content words" in words


def test_rederive_is_a_registered_llm_stage_with_checked_params():
    assert "rederive" in STAGES and "rederive" in LLM_STAGES
    assert check_params(["rederive"], {"rederive": {"max_steps": 2, "sampling_seed": 5}}) == []
    (problem,) = check_params(["rederive"], {"rederive": {"answer": "x"}})
    assert problem.startswith("validators.params.rederive.answer: unknown parameter")


def test_a_derived_question_needs_code_whose_run_prints_every_derived_figure(demo_corpus):
    seed = Seed(id="moons", question="How many more hours than an Earth day does a day on Mars last?",
                sources=["mars"], tags=["derived", "proposed"])
    claim = "A day on Mars lasts 0.6 hours longer than a 24-hour Earth day (24.6 - 24 = 0.6)."
    bare = Insight(claim=claim, reasoning=["1. Subtract."],
                   evidence=[Evidence(source_id="mars", quote="A day on Mars lasts about 24.6 hours.")])

    def run(insight, s=seed):
        (v,) = run_async(run_stages(Check(seed=s, insight=insight, corpus=demo_corpus), ["execution"], {}))
        return v

    no_code = run(bare)
    assert not no_code.passed and "needs verification code" in no_code.reason
    assert run(bare, seed.model_copy(update={"tags": ["mechanism", "proposed"]})).passed  # not computation-backed
    silent = run(bare.model_copy(update={"verification_code": "print(24.6 - 24 > 0)"}))
    assert not silent.passed and "'0.6'" in silent.reason  # a written calculation's result must be printed too
    printed = run(bare.model_copy(update={"verification_code": "print(round(24.6 - 24, 1))"}))
    assert printed.passed and printed.details["code"]["missing"] == []
