"""A one-clause claim spliced from two evidence sentences that share nothing it says (the demo's bees record)."""
from __future__ import annotations

from assay.records import Evidence, Insight, Seed
from assay.validators.base import Check
from assay.validators.numeric import numeric
from assay.validators.splices import spliced

DANCE = "Worker bees communicate the location of flowers with a waggle dance."
COLONY = "A honeybee colony has one queen, thousands of female workers and a few hundred male drones."


def test_a_doer_from_one_sentence_and_a_deed_from_another_is_rejected(demo_corpus):
    seed = Seed(id="bees", question="How do worker bees tell other bees where flowers are?", sources=["honeybees"])
    ins = Insight(claim="The queen of the colony communicates with flowers using a waggle dance.",
                  reasoning=["The sentence says bees communicate with a waggle dance."],
                  evidence=[Evidence(source_id="honeybees", quote=DANCE), Evidence(source_id="honeybees", quote=COLONY)])
    verdict = numeric(Check(seed=seed, insight=ins, corpus=demo_corpus))
    assert not verdict.passed and "names nothing the two sentences share" in verdict.reason


def test_claims_that_join_sources_on_purpose_pass():
    assert not spliced("Worker bees in a colony communicate with a waggle dance.", [DANCE, COLONY])  # 'worker' is shared
    assert not spliced("Python was first released 63 years after penicillin was discovered.",
                       ["Penicillin was discovered by Alexander Fleming in 1928.",
                        "Python was created by Guido van Rossum and first released in 1991."])
    assert not spliced("Worker bees communicate with a waggle dance.", [DANCE])  # one piece of evidence
