"""Evidence by reference: the agent cites sentence ids it was shown, assay fills in the text, grounding checks the id."""
from __future__ import annotations

import json

import pytest

from assay.agent.actions import insight_schema, parse_insight, resolve_evidence
from assay.agent.episode import Agent
from assay.agent.tools import Toolbox
from assay.config import AgentConfig
from assay.corpus import Corpus
from assay.endpoint.client import EndpointClient
from assay.records import Seed
from assay.sentences import split
from assay.validators.base import Check
from assay.validators.grounding import grounding

from conftest import endpoint, run_async
from fakes.openai import FakeOpenAI, scripted

PLAN = json.dumps({"sub_questions": ["How long is a day on Mars?"]})


def final(*refs: str, claim: str = "A day on Mars lasts about 24.6 hours.") -> str:
    return json.dumps({"evidence": [{"ref": r} for r in refs], "claim": claim,
                       "reasoning": ["The cited sentence gives the length of a day on Mars."], "confidence": 0.9})


def step(tool: str, arg: str) -> str:
    return json.dumps({"thought": f"use {tool}", "tool": tool, "input": arg})


def episode(fake, corpus, seed, cfg=None):
    async def go():
        client = EndpointClient("fake", endpoint(base_url=fake.base_url), fake.base_url)
        try:
            box = Toolbox(corpus, ["search", "read", "calculate"], cite_ids=True)
            return await Agent(client, box, corpus, cfg or AgentConfig()).run(seed)
        finally:
            await client.close()
    return run_async(go())


MARS = Seed(id="mars-day", question="How long is a day on Mars?", sources=["mars"])


def test_sentence_ids_follow_reading_order_and_skip_headings():
    text = ("# Report\n\nDr. J. Smith measured 24.6 percent in 2020-2022. It rose\nby 3 points! \"Why?\" asked Ms. Lee.\n\n"
            "- First item. Second sentence.\n| Region | Share |\n## Notes\n1. Numbered point")
    units = split("r", text)
    assert [(u.ref, u.text) for u in units] == [
        ("", "# Report"),
        ("r#1", "Dr. J. Smith measured 24.6 percent in 2020-2022."),
        ("r#2", "It rose by 3 points!"),
        ("r#3", '"Why?" asked Ms. Lee.'),
        ("r#4", "First item."),
        ("r#5", "Second sentence."),
        ("r#6", "| Region | Share |"),
        ("", "## Notes"),
        ("r#7", "Numbered point"),
    ]
    for u in units:  # offsets point at the document's own text
        assert " ".join(text[u.start:u.end].split()) == u.text


def test_the_system_prompt_numbers_sentences_and_the_schema_admits_only_those_shown(demo_corpus):
    with FakeOpenAI(scripted(PLAN, step("answer", ""), final("mars#3"))) as fake:
        ep = episode(fake, demo_corpus, MARS)
        requests = fake.requests
    assert ep.failure is None
    assert "[mars#3] A day on Mars lasts about 24.6 hours." in requests[0]["messages"][0]["content"]
    ev = ep.insight.evidence[0]
    assert (ev.ref, ev.source_id, ev.quote) == ("mars#3", "mars", "A day on Mars lasts about 24.6 hours.")
    items = requests[-1]["response_format"]["json_schema"]["schema"]["properties"]["evidence"]["items"]
    assert items["required"] == ["ref"]
    assert items["properties"]["ref"]["enum"] == [u.ref for u in demo_corpus.units("mars") if u.ref]
    assert grounding(Check(seed=MARS, insight=ep.insight, corpus=demo_corpus)).passed


def test_ids_shown_by_search_become_citable(demo_corpus):
    seed = Seed(id="bees", question="How do worker bees tell other bees where flowers are?")  # no sources given
    with FakeOpenAI(scripted(PLAN, step("search", "waggle dance flowers"), step("answer", ""),
                             final("honeybees#2", claim="Worker bees use a waggle dance."))) as fake:
        ep = episode(fake, demo_corpus, seed)
        requests = fake.requests
    assert "[honeybees#2] Worker bees communicate the location of flowers with a waggle dance." in ep.tool_calls[0].output
    enum = requests[-1]["response_format"]["json_schema"]["schema"]["properties"]["evidence"]["items"]["properties"]["ref"]["enum"]
    assert "honeybees#2" in enum and "mars#3" not in enum  # only what the agent saw
    assert ep.insight.evidence[0].quote == "Worker bees communicate the location of flowers with a waggle dance."


def test_a_read_from_a_sentence_id_shows_that_sentence_on(demo_corpus):
    box = Toolbox(demo_corpus, ["read"], cite_ids=True)
    out = run_async(box.call("read", "[mars#3]"))
    assert out.splitlines()[0] == "[mars#3] A day on Mars lasts about 24.6 hours."


@pytest.mark.parametrize("evidence, problem", [
    ([{"ref": "mars#99"}], "no sentence of the corpus"),
    ([{"ref": "atlantis#1"}], "no sentence of the corpus"),
    ([{"ref": "mars#3", "source_id": "water"}], "as a sentence of 'water'"),
])
def test_grounding_rejects_an_id_that_names_no_sentence_of_its_source(demo_corpus, evidence, problem):
    ins = resolve_evidence(parse_insight(json.dumps({"evidence": evidence, "claim": "A day on Mars lasts 24.6 hours.",
                                                     "reasoning": ["x"]})), demo_corpus)
    verdict = grounding(Check(seed=MARS, insight=ins, corpus=demo_corpus))
    assert not verdict.passed and problem in verdict.reason


def test_a_quote_edited_after_resolution_is_caught(demo_corpus):
    ins = resolve_evidence(parse_insight(final("mars#3")), demo_corpus)
    ins.evidence[0].quote = "A day on Mars lasts about 26 hours."
    verdict = grounding(Check(seed=MARS, insight=ins, corpus=demo_corpus))
    assert not verdict.passed and "not the text of the cited sentence" in verdict.reason


def test_without_a_schema_bare_ids_and_bracketed_ids_are_read(demo_corpus):
    text = 'Answer: {"evidence": ["[mars#2]"], "claim": "Mars has two moons, Phobos and Deimos.", "reasoning": "It says so."}'
    ins = resolve_evidence(parse_insight(text), demo_corpus)
    assert ins.evidence[0].ref == "mars#2" and ins.evidence[0].quote.startswith("Mars has two small moons")


def test_quote_mode_keeps_the_old_contract(demo_corpus):
    with FakeOpenAI(scripted(PLAN, step("answer", ""), json.dumps({
            "evidence": [{"source_id": "mars", "quote": "A day on Mars lasts about 24.6 hours."}],
            "claim": "A day on Mars lasts about 24.6 hours.", "reasoning": ["x"], "confidence": 0.9}))) as fake:
        ep = episode(fake, demo_corpus, MARS, AgentConfig(evidence="quote"))
        requests = fake.requests
    assert "[mars#" not in requests[0]["messages"][0]["content"]
    assert "quote" in requests[-1]["response_format"]["json_schema"]["schema"]["properties"]["evidence"]["items"]["properties"]
    assert ep.insight.evidence[0].ref is None


def test_a_large_id_set_falls_back_to_an_id_pattern():
    refs = [f"doc#{i}" for i in range(1, 1000)]
    ref = insight_schema(["doc"], 1, refs=refs)["properties"]["evidence"]["items"]["properties"]["ref"]
    assert "enum" not in ref and ref["pattern"].endswith("$")


def test_ids_are_stable_across_corpus_loads(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nOne fact here. Another fact, 2.5 m long.\n")
    first = Corpus.from_dir(tmp_path).sentence("a#2")
    again = Corpus.from_dir(tmp_path).sentence("a#2")
    assert first == again and first.text == "Another fact, 2.5 m long."
