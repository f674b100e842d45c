"""Structure and grounding stages on hand-made insights; the chain stops at the first failure and fails closed."""
from __future__ import annotations

from assay.records import Evidence, Insight, Seed
from assay.agent.tools import ToolError, calculate
from assay.validators import Check, check_params, run_stages
from conftest import run_async

SEED = Seed(id="s", question="How long is a day on Mars?", sources=["mars"])


def check(corpus, **kw) -> Check:
    ins = Insight(claim=kw.pop("claim", "A day on Mars lasts about 24.6 hours."),
                  reasoning=kw.pop("reasoning", ["1. The source says a day on Mars lasts about 24.6 hours."]),
                  evidence=kw.pop("evidence", [Evidence(source_id="mars", quote="A day on Mars lasts about 24.6 hours.")]))
    return Check(seed=SEED, insight=ins, corpus=corpus)


def verdicts(c, stages=("structure", "grounding"), **kw):
    return run_async(run_stages(c, list(stages), {}, **kw))


def test_good_insight_passes_both(demo_corpus):
    v = verdicts(check(demo_corpus))
    assert [x.passed for x in v] == [True, True]
    assert v[1].details["matches"][0]["score"] == 1.0


def test_fabricated_quote_fails_grounding(demo_corpus):
    v = verdicts(check(demo_corpus, evidence=[Evidence(source_id="mars", quote="A day on Mars lasts about 26 hours.")]))
    assert v[-1].validator == "grounding" and not v[-1].passed and "differs from 'mars' in '26'" in v[-1].reason
    swapped = verdicts(check(demo_corpus, evidence=[Evidence(source_id="mars", quote="A day on Venus lasts about 24.6 hours.")]))
    assert not swapped[-1].passed and swapped[-1].details["matches"][0]["changed_words"] == ["venus"]


def test_near_exact_quote_passes_with_the_match_recorded(demo_corpus):
    v = verdicts(check(demo_corpus, evidence=[Evidence(source_id="mars", quote="A day on Mars lasts abot 24.6 hours")]))
    assert v[-1].passed and v[-1].details["matches"][0]["matched"].startswith("a day on mars")


def test_wrong_source_and_no_evidence(demo_corpus):
    wrong = verdicts(check(demo_corpus, evidence=[Evidence(source_id="water", quote="A day on Mars lasts about 24.6 hours.")]))
    assert not wrong[-1].passed and "not found in 'water'" in wrong[-1].reason
    unknown = verdicts(check(demo_corpus, evidence=[Evidence(source_id="venus", quote="A day on Venus is long.")]))
    assert "unknown source 'venus'" in unknown[-1].reason
    none = verdicts(check(demo_corpus, evidence=[]))
    assert none[-1].reason == "claim cites no evidence"


def test_structure_rejections_stop_the_chain(demo_corpus):
    v = verdicts(check(demo_corpus, claim="I don't know.", reasoning=[]))
    assert len(v) == 1 and not v[0].passed
    assert "refusal" in v[0].reason and "0 reasoning steps" in v[0].reason
    both = verdicts(check(demo_corpus, claim="I don't know.", reasoning=[]), all_verdicts=True)
    assert [x.validator for x in both] == ["structure", "grounding"]


def test_degenerate_repetition_is_rejected(demo_corpus):
    v = verdicts(check(demo_corpus, claim="The answer is: " * 8))
    assert not v[0].passed and "degenerate repetition" in v[0].reason


def test_degenerate_check_equals_its_definition():
    """The fast path (no Counter when fewer than two 3-grams repeat) decides exactly as the rule reads."""
    import random
    from collections import Counter

    from assay.validators.structure import _WORD, _degenerate

    def by_definition(text: str) -> bool:
        words = _WORD.findall(text.lower())
        if len(words) < 9:
            return False
        most = max(Counter(zip(words, words[1:], words[2:])).values())
        return most >= 3 or len(set(words)) / len(words) < 0.4

    rng = random.Random(7)
    vocab = "The moon Mars has two small moons, Phobos and Deimos; a day lasts 24.6 hours. Été ôté".split()
    texts = [" ".join(rng.choice(vocab[:rng.randint(2, len(vocab))]) for _ in range(rng.randint(0, 30)))
             for _ in range(20_000)]
    decided = [_degenerate(t) for t in texts]
    assert decided == [by_definition(t) for t in texts]
    assert 0.1 < sum(decided) / len(decided) < 0.9  # both outcomes well exercised


def test_word_split_equals_the_regex_on_any_text():
    import random
    import string

    from assay.validators.structure import _WORD, _words

    rng = random.Random(11)
    alphabet = string.printable + "éü_ßΩ—\u00a0"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(20_000)]
    assert [_words(t) for t in texts] == [_WORD.findall(t) for t in texts]


def test_refusal_is_found_in_any_case(demo_corpus):
    v = verdicts(check(demo_corpus, claim="AS AN AI, I Cannot answer this question."))
    assert not v[0].passed and "refusal" in v[0].reason


def test_a_stage_that_raises_fails_closed(demo_corpus):
    from assay import validators
    validators.STAGES["exploding"] = lambda check: 1 / 0
    try:
        v = verdicts(check(demo_corpus), stages=("exploding", "structure"))
    finally:
        del validators.STAGES["exploding"]
    assert len(v) == 1 and not v[0].passed and v[0].reason.startswith("could not decide: ZeroDivisionError")


def test_stage_configuration_is_checked():
    problems = check_params(["structure", "vibes"], {"grounding": {"fuzzy_threshold": 0.9, "fuzz": 1}})
    assert "validators.stages[1]: unknown stage 'vibes'" in problems[0]
    assert problems[1].startswith("validators.params.grounding.fuzz: unknown parameter")


def test_calculate_is_exact_and_refuses_code():
    assert calculate("1/3 + 1/6") == "0.5"
    assert calculate("2^10") == "1024"
    assert calculate("sqrt(2)").startswith("1.41421356237 (exact: sqrt(2))")
    for bad in ("__import__('os').system('true')", "open('/etc/passwd')", "(1).__class__", "10**10**10"):
        try:
            calculate(bad)
        except ToolError:
            continue
        raise AssertionError(f"calculate accepted {bad!r}")
