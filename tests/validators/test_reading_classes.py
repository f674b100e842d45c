"""Fault classes of issue 19, one test each: how quantities, names, negations and reference answers are read."""
from __future__ import annotations

from assay.corpus import Corpus
from assay.records import Evidence, Insight, Seed
from assay.validators import Check, run_stages
from assay.validators.answers import agrees
from assay.validators.arithmetic import calculations
from assay.validators.quantities import matches_number, quantities
from conftest import run_async


def verdict(stage, quote, claim, *, reasoning=("The source says so.",), doc=None, reference=None, code=None):
    corpus = Corpus({"d": doc or quote})
    seed = Seed(id="s", question="What does the source say?", sources=["d"], reference_answer=reference)
    ins = Insight(claim=claim, reasoning=list(reasoning), evidence=[Evidence(source_id="d", quote=quote)],
                  verification_code=code)
    (v,) = run_async(run_stages(Check(seed=seed, insight=ins, corpus=corpus), [stage], {}))
    return v


SURVEY = "Of the 550 members surveyed, 214 said they cycle to work."


def test_percentages_derived_in_words_back_the_claim():
    v = verdict("numeric", SURVEY, "Roughly 39 per cent of members cycle to work.",
                reasoning=["214 divided by 550 is 0.389, or 38.9 per cent."])
    assert v.passed, v.reason
    wrong = verdict("numeric", SURVEY, "Roughly 45 per cent of members cycle to work.",
                    reasoning=["214 divided by 550 is 0.389."])
    assert not wrong.passed and "'45 percent'" in wrong.reason


def test_scale_and_currency_words_in_printed_figures():
    claim = quantities("Turnover grew by £310,000.")[0]
    assert matches_number(claim, quantities("0.31000000000000005")[0].value)  # the code worked in millions
    assert not matches_number(claim, quantities("0.3")[0].value)
    us = quantities("The project cost 1.2 billion US dollars.")[0]
    assert (us.text, us.unit, us.value) == ("1.2 billion US dollars", "USD", 1200000000)


def test_unit_symbols_and_capitalised_first_words_are_not_names():
    assert verdict("numeric", "The capacity factor was 0.58 and the capacity 44 MW.",
                   "Average output was about 25.5 MW.", reasoning=["0.58 x 44 = 25.52"]).passed
    assert verdict("numeric", "The farm generated 412 GWh.", "Output: 412 GWh, or 0.412 TWh.").passed
    assert verdict("numeric", "The project cost 1.2 billion dollars.", "The project cost 1.2 billion US dollars.").passed
    venus = verdict("numeric", "A day on Mars lasts about 24.6 hours.", "Venus has a day of about 24.6 hours.")
    assert not venus.passed and venus.details["unbacked_names"] == ["venus"]


def test_a_first_word_the_sources_capitalise_is_still_a_name():
    doc = "# Valemouth election\n\nVotes were counted on Friday. Rosa Lindqvist won; Gareth Price came second.\n\nThe price of a recount is high."
    v = verdict("numeric", "Rosa Lindqvist won.", "Price won the election.", doc=doc)
    assert not v.passed and v.details["unbacked_names"] == ["price"]


def test_operators_written_as_x_times_and_of():
    (calc,) = calculations("0.58x44 = 25.5")
    assert calc.template == "{} * {}" and calc.stated.text == "25.5"
    (of,) = calculations("58% of 44 MW = 25.5 MW")
    assert of.template == "{} * {}"
    assert verdict("execution", "Capacity 44 MW at a 58% capacity factor.", "Output was about 25.5 MW.",
                   reasoning=["58% of 44 MW = 25.5 MW"]).passed
    assert not verdict("execution", "Capacity 44 MW at a 58% capacity factor.", "Output was about 27.5 MW.",
                       reasoning=["58% of 44 MW = 27.5 MW"]).passed


def test_negation_said_with_other_words_backs_a_claims_no():
    for quote, claim in [("The bridge was built without public money.", "No public money was used to build the bridge."),
                         ("The village lacks a doctor.", "The village has no doctor."),
                         ("Zero accidents were recorded in 2021.", "No accidents were recorded in 2021."),
                         ("The vaccine failed to prevent infection.", "The vaccine did not prevent infection."),
                         ("Most respondents were unvaccinated.", "Most respondents were not vaccinated.")]:
        v = verdict("numeric", quote, claim)
        assert v.passed, (claim, v.reason)
    assert not verdict("numeric", "The village has a doctor.", "The village has no doctor.").passed


def test_reference_answers_compare_quantities_and_entities_not_words():
    assert agrees("214 of 550 members cycle to work, about 39%.", "38.9%")[0]  # rounded as the answer writes it
    assert not agrees("214 of 550 members cycle to work, about 40%.", "38.9%")[0]
    assert agrees("Priya Raman led it.", "Dr. Raman")[0]  # a title is no entity
    assert agrees("The bridge was built without public money.", "No")[0]
    assert not agrees("The bridge was built with public money.", "No")[0]
    assert agrees("It spent £0.31m.", "£310,000")[0] and not agrees("It spent £0.35m.", "£310,000")[0]
