"""The deterministic stages one behaviour at a time: numeric, execution (real sandbox), novelty (real datasets), answers."""
from __future__ import annotations

import socket

import json

import datasets
import pytest

from assay.corpus import Corpus
from assay.errors import UsageError
from assay.records import Evidence, Insight, Seed
from assay.validators import Check, run_stages
from assay.validators.answers import agrees
from conftest import run_async

SEED = Seed(id="s", question="How many hours do two days on Mars last?", sources=["mars"])
QUOTE = Evidence(source_id="mars", quote="A day on Mars lasts about 24.6 hours.")


def run(stage, corpus, *, claim, reasoning=("The source says so.",), evidence=(QUOTE,), code=None, seed=SEED,
        accepted=None, **params):
    ins = Insight(claim=claim, reasoning=list(reasoning), evidence=list(evidence), verification_code=code)
    check = Check(seed=seed, insight=ins, corpus=corpus, accepted=accepted if accepted is not None else [])
    (v,) = run_async(run_stages(check, [stage], {stage: params}))
    return v


def test_numeric_backs_figures_by_evidence_question_rounding_and_written_calculations(demo_corpus):
    assert run("numeric", demo_corpus, claim="A day on Mars lasts about 25 hours.").passed  # rounds 24.6
    derived = run("numeric", demo_corpus, claim="Two days on Mars last 49.2 hours.",
                  reasoning=["A day lasts 24.6 hours.", "24.6 * 2 = 49.2"])
    assert derived.passed  # 2 from the question, 49.2 from a written calculation over backed operands
    chained = run("numeric", demo_corpus, claim="Two Mars days are 2952 minutes.",
                  reasoning=["24.6 * 2 = 49.2", "49.2 * 60 = 2952"])
    assert chained.passed  # 60 minutes an hour is a unit conversion; each result backs the next step
    unshown = run("numeric", demo_corpus, claim="Two days on Mars last 49.2 hours.")
    assert not unshown.passed and "'49.2 hours'" in unshown.reason
    assert run("numeric", demo_corpus, claim="Two days on Mars last 49.2 hours.", one_step=True).passed
    wrong = run("numeric", demo_corpus, claim="A day on Mars lasts about 26.4 hours.")
    assert not wrong.passed and wrong.details["unbacked_numbers"] == ["26.4 hours"]


def test_numeric_checks_names_negations_and_scope_words(demo_corpus):
    venus = run("numeric", demo_corpus, claim="A day on Venus lasts about 24.6 hours.")
    assert not venus.passed and venus.details["unbacked_names"] == ["venus"]
    negated = run("numeric", demo_corpus, claim="A day on Mars does not last 24.6 hours.")
    assert not negated.passed and "negates ('not')" in negated.reason
    general = run("numeric", demo_corpus, claim="Every day on Mars always lasts 24.6 hours.")
    assert not general.passed and general.details["scope_words"] == ["always", "every"]
    hyphen = run("numeric", demo_corpus, claim="Mass production began during the Second World War.",
                 evidence=[Evidence(source_id="penicillin", quote="Penicillin was first mass-produced during the Second World War.")])
    assert hyphen.passed, hyphen.reason  # 'Mass' starts the sentence; 'mass-produced' backs it


def test_execution_reruns_code_in_the_sandbox_and_compares_the_printed_figures(demo_corpus):
    claim = "Two days on Mars last about 49.2 hours."
    ok = run("execution", demo_corpus, claim=claim, code="print(round(24.6 * 2, 1))")
    assert ok.passed and ok.details["code"]["required"] == ["49.2 hours"]
    off = run("execution", demo_corpus, claim=claim, code="print(24.6 + 2)")
    assert not off.passed and "prints 26.6, not the claimed '49.2 hours'" in off.reason
    crash = run("execution", demo_corpus, claim=claim, code="raise SystemExit('no')")
    assert not crash.passed and crash.reason.startswith("verification code failed")
    hang = run("execution", demo_corpus, claim=claim, code="while True: pass", cpu_s=1, wall_s=2)
    assert not hang.passed and hang.details["code"]["timed_out"]
    with socket.create_server(("127.0.0.1", 0)) as listener:  # code that needs the host's network cannot reach it
        port = listener.getsockname()[1]
        escape = run("execution", demo_corpus, claim=claim,
                     code=f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=2); print(49.2)")
    assert not escape.passed and "ConnectionRefusedError" in escape.reason


def test_execution_recomputes_written_arithmetic_exactly(demo_corpus):
    good = run("execution", demo_corpus, claim="Everest is about 26.8 times as tall.", reasoning=["8,849 / 330 = 26.8"])
    assert good.passed and good.details["arithmetic"][0]["ok"]  # 26.815... rounds to the stated 26.8
    bad = run("execution", demo_corpus, claim="It took 61 years.", reasoning=["(1991 - 1928) = 61"])
    assert not bad.passed and bad.reason == "reasoning[0]: (1991 - 1928) is 63, not 61"
    nothing = run("execution", demo_corpus, claim="A day on Mars lasts about 24.6 hours.")
    assert nothing.passed and nothing.score is None and nothing.reason.startswith("nothing to re-compute")


def test_execution_compares_with_the_reference_answer(demo_corpus):
    text = Seed(id="m", question="How many moons does Mars have?", reference_answer="Two: Phobos and Deimos")
    assert run("execution", demo_corpus, seed=text, claim="Mars has two moons, called Phobos and Deimos.").passed
    miss = run("execution", demo_corpus, seed=text, claim="Mars has two moons, Phobos and Titan.")
    assert not miss.passed and "name(s) 'deimos'" in miss.reason
    maths = Seed(id="p", question="What fraction of the days are dry?", reference_answer="\\frac{3}{4}")
    assert run("execution", demo_corpus, seed=maths, claim="The share is 0.75.").passed  # math-verify: 3/4 == 0.75
    assert not run("execution", demo_corpus, seed=maths, claim="The share is 0.7.").passed


@pytest.mark.parametrize("answer, reference, expected", [
    ("A day on Mars is roughly 24.6 hours long.", "about 24.6 hours", True),
    ("A day on Mars is roughly 25 hours long.", "about 24.6 hours", False),  # less precise than the reference
    ("Honeybees produce honey from flower nectar.", "the nectar of flowers", True),
    ("Mars is the fourth planet from the Sun.", "the fifth", False),
    ("It is x^2+2x+1.", "(x+1)^2", True),
    ("It is about 1.414.", "sqrt(2)", False),  # math-verify compares to 6 places
    ("The answer is 1.41421356.", "sqrt(2)", True),
    ("Nothing to see.", "3/4", False),
])
def test_answers_agree_by_numbers_names_words_or_math(answer, reference, expected):
    assert agrees(answer, reference)[0] is expected


def test_novelty_grows_its_index_with_the_run_and_reads_existing_data(demo_corpus, tmp_path):
    accepted: list[str] = []
    claim = "A day on Mars lasts about 24.6 hours."
    assert run("novelty", demo_corpus, claim=claim, accepted=accepted).passed
    accepted.append(claim)
    dup = run("novelty", demo_corpus, claim="Indeed, a day on Mars lasts about 24.6 hours", accepted=accepted)
    assert not dup.passed and dup.reason.startswith("near-duplicate (Jaccard 0.8") and dup.details["nearest"] == claim
    other = run("novelty", demo_corpus, claim="Mars has two small moons, named Phobos and Deimos.", accepted=accepted)
    assert other.passed and other.details["nearest_similarity"] < 0.5

    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"status": "rejected", "insight": {"claim": "Mars has two moons."}}) + "\n"
                       + json.dumps({"status": "accepted", "insight": {"claim": claim}}) + "\n")
    assert not run("novelty", demo_corpus, claim=claim.lower(), against=str(records)).passed
    assert run("novelty", demo_corpus, claim="Mars has two moons.", against=str(records)).passed  # only accepted count
    folder = tmp_path / "dataset"
    datasets.Dataset.from_dict({"claim": [claim]}).save_to_disk(str(folder))
    from_dataset = run("novelty", demo_corpus, claim=claim, against=str(folder))
    assert not from_dataset.passed and f"in {folder}" in from_dataset.reason
    missing = run("novelty", demo_corpus, claim=claim, against=str(tmp_path / "nope.jsonl"))
    assert not missing.passed and "does not exist" in missing.reason  # fails closed, naming the parameter


def test_grounding_counts_short_names_and_negations_as_changes(demo_corpus):
    corpus = Corpus({"moon": "The Moon takes about 27.3 days to orbit Earth.", **demo_corpus.docs})
    sun = run("grounding", corpus, claim="x" * 10, evidence=[Evidence(source_id="moon", quote="The Sun takes about 27.3 days to orbit Earth.")])
    assert not sun.passed and sun.details["matches"][0]["changed_words"] == ["sun"]
    negated = run("grounding", corpus, claim="x" * 10, evidence=[Evidence(source_id="mars", quote="A day on Mars does not last about 24.6 hours.")])
    assert not negated.passed


def test_novelty_against_a_malformed_file_names_the_line(tmp_path):
    from assay.validators.novelty import read_claims

    bad = tmp_path / "claims.jsonl"
    bad.write_text('{"claim": "ok"}\nnot json\n')
    with pytest.raises(UsageError, match=r"claims.jsonl:2: not JSON"):
        read_claims(bad)
