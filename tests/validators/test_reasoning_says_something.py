"""Reasoning that reasons: the classes a 135M model's demo output showed (steps that say nothing, steps that
disown the claim, looping steps, a number word that is data), each against a good paraphrase that must pass."""
from __future__ import annotations

import pytest

from assay.records import Evidence, Insight, Seed
from assay.validators.base import Check
from assay.validators.numeric import numeric
from assay.validators.structure import structure

SEED = Seed(id="mars-moons", question="How many moons does Mars have, and what are they called?", sources=["mars"])
EVIDENCE = [Evidence(source_id="mars", ref="mars#2", quote="Mars has two small moons, named Phobos and Deimos.")]
CLAIM = "Mars has two moons, Phobos and Deimos."


def check(reasoning: list[str], corpus, claim: str = CLAIM) -> Check:
    return Check(seed=SEED, insight=Insight(claim=claim, reasoning=reasoning, evidence=EVIDENCE), corpus=corpus)


@pytest.mark.parametrize("steps", [
    ["the answer is", "the evidence"],
    ["This sentence has evidence of fact and logic that supports the claim."],
    ["thought-tool", "answer-need-to-know"],
])
def test_steps_that_say_nothing_are_rejected(demo_corpus, steps):
    verdict = structure(check(steps, demo_corpus))
    assert not verdict.passed and "the steps say nothing" in verdict.reason


@pytest.mark.parametrize("step", [
    "This sentence has no evidence to support this claim.",
    "The claim is not supported by the source.",
    "I'm not sure about the moons.",
])
def test_a_step_that_disowns_the_claim_is_rejected(demo_corpus, step):
    verdict = structure(check(["The source names the two moons of Mars.", step], demo_corpus))
    assert not verdict.passed and "disowns" in verdict.reason


def test_a_looping_step_is_rejected(demo_corpus):
    step = "the evidence is that Mars has moons and the evidence is that Mars has moons and the evidence is that Mars has moons"
    verdict = structure(check([step], demo_corpus))
    assert not verdict.passed and "reasoning[0] is degenerate repetition" in verdict.reason


@pytest.mark.parametrize("steps", [
    ["The source says Mars has two small moons, Phobos and Deimos."],
    ["Two moons are named: Phobos and Deimos.", "So the answer is two."],
    ["Counting the names gives the number of moons.", "Therefore the answer follows."],
])
def test_reasoning_with_content_passes(demo_corpus, steps):
    assert structure(check(steps, demo_corpus)).passed


def test_a_claim_that_is_the_question_without_its_mark_is_rejected(demo_corpus):
    verdict = structure(check(["Mars has two moons."], demo_corpus, claim="How many moons does Mars have, and what are they called"))
    assert not verdict.passed and "repeats the question" in verdict.reason


def test_a_small_number_word_counting_things_is_data(demo_corpus):
    bad = numeric(check(["Mars has two moons.", "They have three orbits around the Sun."], demo_corpus))
    assert not bad.passed and "'three'" in bad.reason
    talk = numeric(check(["The two figures in the sentence are the moons' names: Phobos and Deimos."], demo_corpus))
    assert talk.passed, talk.reason


def test_the_content_rule_can_be_switched_off(demo_corpus):
    assert structure(check(["the answer is"], demo_corpus), reasoning_content=False).passed
