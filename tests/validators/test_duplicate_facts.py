"""Paraphrased duplicates caught as the same facts (issue 19), and distinct facts about one thing kept apart."""
from __future__ import annotations

from decimal import Decimal

from assay.records import Insight, Seed
from assay.validators import Check
from assay.validators.facts import facts, same_facts
from assay.validators.novelty import novelty
from assay.validators.quantities import backs, bare, quantities


def verdict(claim: str, accepted: list[str]):
    return novelty(Check(seed=Seed(id="s", question="q"), insight=Insight(claim=claim), corpus=None,
                         accepted=list(accepted)))


def test_the_same_figures_in_other_words_are_a_duplicate_below_the_word_threshold():
    v = verdict("The 1612 timber bridge stood for 182 years before the 1794 flood swept it away.",
                ["Adults pay £4.80 for a single crossing.",
                 "The timber bridge at Fenbury, built in 1612, lasted 182 years until it was washed away in 1794."])
    assert not v.passed and v.details["duplicate_by"] == "facts" and "1612" in v.reason
    assert v.details["nearest_similarity"] < 0.5  # the word index alone misses it


def test_a_choice_is_not_a_negation():
    # 'instead of' and ', not' state a preference; the claims agree on it, so neither reads as the other's denial
    assert not verdict("Cairnmor's underground cable, chosen over an overhead line, cost an extra £4.2m.",
                       ["Choosing an underground cable instead of an overhead line added £4.2 million to Cairnmor's cost."]).passed
    assert not verdict("Warmer summers, rather than lower snowfall, explain why the Sella Glacier is retreating faster.",
                       ["Scientists put the faster retreat down to warmer summers, not to lower snowfall."]).passed
    # a reversed choice is a different fact
    assert verdict("Lower snowfall, rather than warmer summers, explains why the Sella Glacier is retreating faster.",
                   ["Scientists put the faster retreat down to warmer summers, not to lower snowfall."]).passed


def test_a_figure_one_step_from_the_others_and_years_only_one_side_gives():
    assert not verdict("Ashby Road's figure dipped 0.8 points, from 62.3% to 61.5%.",
                       ["Ashby Road Academy slipped from 62.3 percent in 2023 to 61.5 percent in 2024."]).passed
    assert not verdict("The extra 40 kg N/ha raised wheat yield by 0.6 t/ha, about 15 kg of grain per kg of nitrogen.",
                       ["Raising nitrogen from 140 to 180 kg N/ha added 0.6 t/ha of wheat - roughly 15 kg grain per extra kg of N."]).passed


def test_claims_without_figures_sharing_what_was_said():
    assert not verdict("Unlike the K1, the K2 works without a separate Bluetooth adapter.",
                       ["The Kestrel K2, unlike its predecessor, has no need for a separate Bluetooth adapter."]).passed
    # the same names, but nothing else said alike: a different fact (a contradiction is the support stage's)
    assert verdict("The survey by China and Nepal found that Mount Everest is a small hill.",
                   ["Mount Everest sits on the border of Nepal and China."]).passed


def test_distinct_facts_about_the_same_thing_are_not_duplicates():
    accepted = ["Ashby Road Academy slipped from 62.3 percent in 2023 to 61.5 percent in 2024.",
                "Harwick Ports' revenue was £412.6m in 2023, up from £388.2m in 2022."]
    assert verdict("Ashby Road Academy had 1,140 pupils in 2024.", accepted).passed
    assert verdict("Harwick Ports' revenue grew by about 6.3% in 2023.", accepted).passed
    assert verdict("Harwick Ports' revenue was £388.2m in 2022 and its profit £41.0m.", accepted).passed
    # opposite polarity: 'no' against a plain statement
    a, b = facts("The K2 needs a separate Bluetooth adapter."), facts("The K2 needs no separate Bluetooth adapter.")
    assert same_facts(a, b, 0.5) is None


def test_a_share_said_as_one_in_three():
    assert not verdict("Dominic scored 23 of the team's 68 league goals, about a third (33.8%).",
                       ["Dominic Feeney got roughly one in three of Brackwater's 68 league goals."]).passed
    (share,) = quantities("two out of five voters")
    assert share.value == Decimal("0.4") and backs(bare(Decimal("0.41")), share)
    assert [q.text for q in quantities("He scored 5 in 12 games")] == ["5", "12"]  # counts, not a share


def test_the_same_relation_about_the_same_person():
    claim = "Saoirse attributes the decline to easily decomposed carbon being used up, not to microbes adjusting to warmth."
    assert not verdict(claim, ["Saoirse Landry puts the fading CO2 response down to the depletion of easily decomposed "
                               "carbon, not microbial acclimatisation."]).passed
    # the same person and words, the relation the other way round: another fact
    assert verdict(claim, ["Saoirse Landry puts the fading CO2 response down to microbial acclimatisation, not the "
                           "depletion of easily decomposed carbon."]).passed
