"""Fault classes of issue 19, one test each: written derivations real answers use, and figures or names swapped."""
from __future__ import annotations

from decimal import Decimal

from assay.validators.answers import agrees, is_math
from assay.validators.arithmetic import calculations
from assay.validators.quantities import backs, bare, quantities
from assay.validators.swaps import swapped
from test_reading_classes import verdict


def test_chained_equals_and_a_total_before_its_bracketed_sum():
    assert [(c.expression, c.stated.text) for c in calculations("(14,820 - 13,960) / 13,960 = 860 / 13,960 = 0.0616")] \
        == [("(14,820 - 13,960) / 13,960", "0.0616"), ("860 / 13,960", "0.0616")]
    (total,) = calculations("2.14 million of the 5.99 million boardings (2.14 + 1.87 + 0.96 + 0.58 + 0.44)")
    assert total.stated.text == "5.99 million"
    assert verdict("execution", "Output was 14,820 GWh, up from 13,960 GWh.", "Output grew about 6.2%.",
                   reasoning=["(14,820 - 13,960) / 13,960 = 860 / 13,960 = 0.0616"]).passed


def test_fraction_words_say_a_rough_share():
    third = quantities("about a third")[0]
    assert backs(bare(Decimal("0.338")), third) and not backs(bare(Decimal("0.25")), third)
    assert verdict("numeric", "Revenue reached $1.2bn, while capital spending was $310 million.",
                   "Capital spending was about a quarter (26%) of revenue.",
                   reasoning=["310 / 1,200 = 0.258, roughly a quarter."]).passed  # 1,200 is $1.2bn in millions


def test_an_operand_one_step_from_stated_figures_and_restated_units():
    assert verdict("numeric", "The café took £216,000, versus £188,000 in 2022.", "Takings rose about 14.9%.",
                   reasoning=["28,000 / 188,000 = 0.149"]).passed
    assert verdict("numeric", "Output was 5,310 tonnes, of which 0.31 million kilograms went to Hoekstra.",
                   "Hoekstra took about 5.8% of the cheese.",
                   reasoning=["0.31 million kilograms is 310 tonnes.", "310 / 5,310 = 0.0584"]).passed


def test_years_of_the_document_ratios_and_yes_no_answers():
    doc = "# Newsletter, spring 2024\n\nThe vats, installed in 1987, will be taken out in the autumn."
    assert verdict("numeric", "The vats, installed in 1987, will be taken out in the autumn.",
                   "The vats will be 37 years old in 2024.", reasoning=["2024 - 1987 = 37"], doc=doc).passed
    assert verdict("numeric", "The museum employs 38 staff and relies on 120 volunteers.",
                   "Volunteers outnumber staff by more than three to one (3.16 to 1).",
                   reasoning=["120 / 38 = 3.16"]).passed
    yes_no = verdict("numeric", "Wheat yielded 8.6 t/ha, against a five-year average of 8.9 t/ha.",
                     "No: 8.6 t/ha was below the 8.9 t/ha average.")
    assert yes_no.passed, yes_no.reason


def test_scope_said_without_a_scope_word():
    assert verdict("numeric", "It was widened without removing any of the original arches.",
                   "The widening kept all of the original arches.").passed
    assert verdict("numeric", "Not unless a survey finds that a meter cannot be fitted.",
                   "Households can only opt out if a meter can't be fitted.").passed
    assert not verdict("numeric", "It was widened and two arches were removed.", "It kept all of the arches.").passed


def test_money_is_not_latex():
    assert not is_math("$388 million to $438 million") and is_math("$x^2$")
    assert agrees("Guidance implies second-half revenue of $388m-$438m.", "$388 million to $438 million")[0]


def test_two_figures_swapped_within_one_sentence():
    turbines = ["The turbines stand 142 metres tall to the blade tip, and each blade is 68 m long."]
    assert swapped("Each turbine stands 68 m tall to the blade tip, with blades 142 metres long.", turbines)
    assert not swapped("Each turbine stands 142 m tall to the blade tip, with blades 68 metres long.", turbines)
    fares = ["A single adult ticket costs £4.80, versus £2.40 for a child."]
    assert swapped("A single ticket costs £2.40 for an adult versus £4.80 for a child.", fares)
    assert not swapped("Adults pay £4.80 for a single and children £2.40.", fares)
    bake = ["Bake at 230 °C for 15 minutes, then at 200 °C for a further 35 minutes."]
    assert swapped("It bakes 15 minutes at 200 °C and 35 minutes at 230 °C.", bake)


def test_two_names_swapped_within_one_sentence():
    parties = ["Lindqvist stood for the Harbour Party and Price for the Civic Alliance."]
    problems = swapped("Lindqvist was the Civic Alliance's candidate and Price the Harbour Party's.", parties)
    assert problems and "swapped" in problems[0]
    assert not swapped("Price stood for the Civic Alliance, and Lindqvist for the Harbour Party.", parties)


def test_a_figure_given_to_a_name_the_evidence_sentence_never_mentions():
    rain = ["Northgate recorded 1,142 mm of rain in 2023.", "Southport recorded 864 mm."]
    assert swapped("Southport recorded 1,142 mm of rain in 2023.", rain)
    assert not swapped("Northgate had 1,142 millimetres of rain in 2023.", rain)


def test_a_false_scope_word_in_a_reasoning_step():
    quote = "Harlow Rovers finished the 2022-23 season second in the Western League with 78 points."
    v = verdict("numeric", quote, "Harlow Rovers finished second in 2022-23 with 78 points.",
                reasoning=["They finished second in all three seasons."])
    assert not v.passed and v.details["scope_words"] == ["all"]
    assert verdict("numeric", "The loaf bakes for 15 minutes, then 35.", "It bakes for 50 minutes in all.",
                   reasoning=["15 + 35 = 50"]).passed


def test_a_figure_given_to_whom_the_clauses_before_it_name():
    quote = "Rovers scored 81 goals and conceded 39, while Kestrel scored 74 and conceded 31."
    (problem,) = swapped("Rovers scored 81 and conceded 31, while Kestrel scored 74 and let in 39.", [quote])
    assert "'39' is about kestrel" in problem and "'31'" in problem
    assert swapped("Rovers scored 81 and conceded 39, while Kestrel scored 74 and let in 31.", [quote]) == []
    # reasoning steps list figures loosely ('profit was £2.71m and revenue £48.3m'): not read this way
    assert swapped("Rovers scored 81 and conceded 31, while Kestrel scored 74 and let in 39.", [quote],
                   subjects_run=False) == []


def test_years_swapped_between_two_events_and_a_holder_renamed():
    quote = "In 2016 Okafor received the Fairbairn Medal, and in 2020 she was elected a Fellow of the Royal Society."
    (problem,) = swapped("Okafor received the Fairbairn Medal in 2020, four years after her election to the Royal "
                         "Society in 2016.", [quote])
    assert "'2020' and '2016' are swapped" in problem
    assert swapped("Okafor received the Fairbairn Medal in 2016, four years before her election to the Royal "
                   "Society in 2020.", [quote]) == []
    grant = "A grant of €0.9m from the Hallam Trust paid for the scanners."
    (problem,) = swapped("A €900,000 grant from the Corran Trust paid for the scanners.", [grant])
    assert "corran" in problem and "hallam" in problem
    assert swapped("A €900,000 grant from the Hallam Trust paid for the scanners.", [grant]) == []
    # a name the quote does not use, beside the ones it does, is no renaming (the names check reads it)
    assert swapped("Tomasz said Nortfield has sold about 120,000 K1s since 2016.",
                   ["Product manager Tomasz Reiter said the company had sold 0.12 million K1 units since 2016."]) == []
