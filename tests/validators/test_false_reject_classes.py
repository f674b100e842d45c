"""Good answers the stack rejected on the development sets (issue 19), one class each, and the bad ones it still
rejects."""
from __future__ import annotations

from assay.validators.answers import agrees
from assay.validators.dates import relative_years
from test_reading_classes import verdict

BUDGET = "Aldwick District Council approved a net budget of £38.6 million for 2025/26, 4.1% more than the previous year."


def test_a_year_placed_relative_to_a_stated_one():
    assert [q.text for q in relative_years("the year before 2025/26")] == ["2024", "2025"]
    assert relative_years("Revenue rose in 2024.") == []
    v = verdict("numeric", BUDGET, "A 4.1% rise to £38.6m implies a 2024/25 budget of about £37.1m.",
                reasoning=["38.6 / 1.041 = 37.08"])
    assert v.passed, v.reason
    v = verdict("execution", BUDGET, "A 4.1% rise to £38.6m implies a 2024/25 budget of about £37.1m.",
                reasoning=["38.6 / 1.041 = 37.08"], code="print(round(38.6 / 1.041, 1))")
    assert v.passed, v.reason
    # a year no phrase places is still unbacked
    assert not verdict("numeric", BUDGET, "A 4.1% rise to £38.6m implies a 2021/22 budget of about £37.1m.",
                       reasoning=["38.6 / 1.041 = 37.08"]).passed
    assert agrees("Oilseed rape was left out in 2024 after flea beetle damage the year before.",
                  "flea beetle damage in 2023")[0]
    assert not agrees("Oilseed rape was left out in 2024 after flea beetle damage.", "flea beetle damage in 2023")[0]


def test_a_negating_word_says_the_references_not():
    assert agrees("Maeve's idea of dividing vacant plots into half plots was rejected.", "it was not agreed")[0]
    assert not agrees("Maeve's idea of dividing vacant plots into half plots was agreed.", "it was not agreed")[0]
    assert not agrees("Maeve's idea was rejected.", "the plots were not sold")[0]


def test_figures_labelled_by_a_letter_and_operands_that_are_no_result():
    claim = "Brackwater won 21, drew 8 and lost 9 of 38 league games, finishing fourth on 71 points (21 × 3 + 8)."
    assert agrees(claim, "W21 D8 L9, 71 points, fourth")[0]
    assert not agrees("Brackwater won 21, drew 9 and lost 8, finishing fourth on 71 points.", "W21 D8 L9, 71 points")[0]
    quote = "They won 21, drew 8 and lost 9, finishing fourth with 71 points from 38 matches."
    v = verdict("execution", quote, claim, reasoning=["21 × 3 + 8 × 1 = 71"], code="print(21 * 3 + 8)")
    assert v.passed, v.reason
    assert not verdict("execution", quote, claim, reasoning=["21 × 3 + 8 × 1 = 71"], code="print(21 * 3)").passed


def test_a_chain_of_causes_is_not_a_reversal():
    quote = "Coordinator Euan Pettigrew said the count is carried out on a single day, so a cold snap can shift birds between estuaries."
    v = verdict("numeric", quote, "Euan wants a second count in February, because a single-day count can be thrown off "
                                  "when a cold snap moves birds between estuaries.")
    assert v.details["negations"] == [] and "reverses" not in v.reason
    v = verdict("numeric", quote, "The count is carried out on a single day because a cold snap shifts birds between estuaries.")
    assert not v.passed and "reverses" in v.reason
