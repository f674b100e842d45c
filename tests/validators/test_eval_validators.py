"""`assay eval-validators` on the shipped labeled set (real subprocesses), LLM stages at a FAKE endpoint and on the
real embedded model, the labeled set's reproducibility, and per-stage verdicts in a run's records."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assay.endpoint.client import EndpointClient
from assay.config import EndpointConfig
from assay.corpus import Corpus
from assay.validators.evaluate import evaluate, metrics, read_labeled
from assay.records import Record
from assay.seeds import demo_seeds_path
from assay.validators import STAGES
from conftest import REPO, run_async
from fakes.openai import FakeOpenAI, completion
from fakes.research import research_handler, write_seeds

LABELED = REPO / "data" / "eval" / "labeled.jsonl"
DEV = REPO / "data" / "eval" / "dev" / "labeled.jsonl"  # hand-written for issue 19's fault classes; tuned on too
DEFAULT_STACK = "structure,grounding,numeric,execution,novelty"
DETERMINISTIC_TARGETS = ("grounding", "numeric", "execution", "novelty")
ISSUE_KINDS = {"fabricated_quote", "wrong_source", "altered_number", "swapped_entity", "unsupported_generalisation",
               "contradiction", "arithmetic_error", "broken_reasoning", "duplicate"}


def assay(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True, timeout=timeout)


def test_the_shipped_labeled_set_is_rebuilt_byte_for_byte_and_covers_every_kind():
    spec = importlib.util.spec_from_file_location("build_eval_set", REPO / "data" / "build_eval_set.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rebuilt = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in builder.build())
    assert rebuilt == LABELED.read_text(encoding="utf-8"), "run: python3 data/build_eval_set.py"
    rows = [json.loads(line) for line in rebuilt.splitlines()]
    corpus = Corpus.from_dir(LABELED.parent / "corpus")
    assert len(rows) >= 300
    kinds = {r["kind"] for r in rows if r["label"] == "bad"}
    assert ISSUE_KINDS <= kinds
    for r in rows:
        assert (r["expected_stage"] is None) == (r["label"] == "good") and r["expected_stage"] in (None, *STAGES)
        assert all(sid in corpus for sid in r["seed"]["sources"])
        if r["label"] == "good":  # good rows quote their sources word for word
            assert all(e["quote"] in corpus.text(e["source_id"]) for e in r["insight"]["evidence"])


def test_deterministic_stages_catch_every_row_they_target_with_no_false_rejects(tmp_path):
    out = tmp_path / "eval.json"
    done = assay("eval-validators", "--labeled", str(LABELED), "--stages", DEFAULT_STACK, "--json", str(out))
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert report["rows"] >= 300 and report["good"] >= 100
    for stage in DETERMINISTIC_TARGETS:
        col = report["columns"][stage]
        assert col["target_rows"] >= 20, stage
        assert col["target_recall"] == 1.0, (stage, [r["id"] for r in report["results"] if r["expected_stage"] == stage
                                                     and r["verdicts"][stage]["passed"]])
    for name, col in report["columns"].items():
        assert col["false_rejects"] == 0, (name, [r["id"] for r in report["results"] if r["label"] == "good"
                                                  and not all(v["passed"] for v in r["verdicts"].values())])
        assert col["calls"] == col["prompt_tokens"] == col["completion_tokens"] == 0  # deterministic: no tokens
    stack = report["columns"]["stack"]
    assert stack["precision"] == 1.0 and stack["recall"] > 0.8
    for kind in ("fabricated_quote", "wrong_source", "altered_number", "swapped_entity", "arithmetic_error", "duplicate"):
        assert stack["recall_by_kind"][kind] == 1.0, kind
    printed = next(line for line in done.stdout.splitlines() if line.startswith("stack"))
    assert printed.split()[1:4] == ["1.00", f"{stack['recall']:.2f}", f"{stack['f1']:.2f}"]
    assert "recall per hallucination kind" in done.stdout and "broken_reasoning" in done.stdout


def test_the_development_set_is_rebuilt_byte_for_byte_and_its_quotes_are_real():
    spec = importlib.util.spec_from_file_location("build_dev_set", DEV.parent / "build.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rows = builder.build()
    builder.check(rows)  # quotes in their documents (or, for the two quote kinds, not), codes that run
    rebuilt = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    assert rebuilt == DEV.read_text(encoding="utf-8"), "run: python3 data/eval/dev/build.py"
    assert len(rows) >= 150 and len({r["seed"]["sources"][0] for r in rows}) >= 10
    assert ISSUE_KINDS <= {r["kind"] for r in rows}


def test_the_default_stack_on_the_development_set_rejects_no_good_row_and_catches_the_exact_kinds(tmp_path):
    """Percentages, scale words, currencies, unit spellings, x and ×, ranges, first names, 'no' for 'without',
    paraphrased reference answers: none of them may cost a good row. The kinds a program can settle are caught."""
    out = tmp_path / "eval.json"
    done = assay("eval-validators", "--labeled", str(DEV), "--stages", DEFAULT_STACK, "--json", str(out))
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    stack = report["columns"]["stack"]
    assert stack["false_rejects"] == 0, [r["id"] for r in report["results"] if r["label"] == "good"
                                         and not all(v["passed"] for v in r["verdicts"].values())]
    for kind in ("fabricated_quote", "wrong_source", "altered_number", "arithmetic_error", "code_mismatch",
                 "wrong_answer", "unsupported_generalisation", "broken_reasoning", "contradiction"):
        assert stack["recall_by_kind"][kind] == 1.0, kind
    assert stack["recall_by_kind"]["duplicate"] >= 0.85 and stack["recall_by_kind"]["swapped_entity"] >= 0.55


def test_without_labeled_each_part_gets_its_table_and_a_side_by_side_summary(tmp_path):
    from assay.config import load_config
    from assay.validators.evaluate import run_eval

    cfg = load_config(None, {"validators.stages": ["structure", "numeric"]})
    report, text = run_eval(cfg, parts={"development": [LABELED], "test": [DEV]}, per_kind_n=1, json_out=tmp_path / "r.json")
    assert list(report["parts"]) == ["development", "test"] and report["parts"]["test"]["rows"] == 12
    assert "== development part ==" in text and "== test part ==" in text
    summary = text.split("the stack, part by part:")[1].splitlines()
    assert summary[1].split() == ["development", "test"] and summary[2].startswith("good rows rejected")
    assert json.loads((tmp_path / "r.json").read_text())["parts"]["test"]["results"][0]["verdicts"]


def verifier(req: dict) -> dict:
    """A FAKE verifier that answers each LLM stage in its own schema: supports everything, finds every step sound."""
    fmt = req.get("response_format") or {}
    schema = fmt.get("json_schema", {}).get("schema") or fmt.get("schema") or {}
    props = schema.get("properties", {})
    if "verdict" in props and "steps" not in props:
        body = json.dumps({"reason": "stated", "verdict": "supported"})
    elif "steps" in props:
        n = props["steps"]["minItems"]
        body = json.dumps({"steps": [{"step": i, "note": "ok", "ok": True} for i in range(1, n + 1)], "verdict": "sound"})
    else:
        return completion([json.dumps({"answer": "nothing"})] * req.get("n", 1), prompt_tokens=300, completion_tokens=6)
    return completion(body, prompt_tokens=200, completion_tokens=20)


def test_llm_stages_are_measured_with_their_tokens_at_a_fake_endpoint(tmp_path):
    out = tmp_path / "eval.json"
    with FakeOpenAI(verifier) as fake:
        done = assay("eval-validators", "--labeled", str(LABELED), "--stages", "support,consistency,judge", "--per-kind", "2",
                     "--json", str(out),
                     "--endpoint", fake.base_url, "--model", "fake-model")
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    rows = report["rows"]
    assert rows == 2 * 12  # two rows of each of the 11 bad kinds and of the good rows
    support, consistency, judge = (report["columns"][s] for s in ("support", "consistency", "judge"))
    assert support["rejected"] == 0 and support["recall"] == 0.0 and support["precision"] is None
    assert (support["calls"], support["prompt_tokens"], support["completion_tokens"]) == (rows, 200 * rows, 20 * rows)
    assert consistency["calls"] == rows and consistency["prompt_tokens"] == 300 * rows  # n=3 in one request each
    assert consistency["recall"] == 1.0 and consistency["false_rejects"] == 2  # 'nothing' agrees with no claim
    assert judge["undecided"] == 0 and judge["calls"] == rows
    assert all(r.get("n") == 3 for r in fake.requests if "answer" in json.dumps(r["response_format"]))
    line = next(line for line in done.stdout.splitlines() if line.startswith("support"))
    assert line.split()[-2] == str(220 * rows)  # tokens column: prompt + completion


def test_eval_validators_refuses_bad_input_with_a_clear_message(tmp_path):
    bad = tmp_path / "labeled.jsonl"
    bad.write_text(LABELED.read_text().splitlines()[0] + "\n{not json\n")
    cases = [
        (["--labeled", str(tmp_path / "missing.jsonl")], "missing.jsonl: labeled file not found"),
        (["--labeled", str(bad), "--corpus", str(LABELED.parent / "corpus")], "labeled.jsonl:2: not JSON"),
        (["--stages", "structure,vibes"], "unknown stage 'vibes'"),
        (["--model", "x"], "--model and --api-key-env need --endpoint URL"),
        (["--per-kind", "0"], "--per-kind and --concurrency must be at least 1"),
    ]
    for args, message in cases:
        done = assay("eval-validators", *args, timeout=120)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)


def test_a_run_keeps_every_verdict_reason_and_meters_llm_stages(tmp_path):
    """Records of a real `assay run` (FAKE model at the wire) carry each stage's verdict; rejected ones keep their trace."""
    inner = research_handler()

    def handler(req):
        return verifier(req) if "strict checker" in req["messages"][0]["content"] else inner(req)

    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 9, ["mars", "water", "honeybees"])
    with FakeOpenAI(handler) as fake:
        done = assay("run", "--endpoint", fake.base_url, "--model", "fake-model", "--seeds", str(seeds),
                     "--corpus", str(demo_seeds_path().parent / "corpus"), "--out", str(tmp_path / "run"), "--stages", "structure,grounding,numeric,execution,novelty,support",
                     "--all-verdicts", "--no-progress", timeout=300)
    assert done.returncode == 0, done.stderr
    records = [Record.model_validate_json(line) for line in (tmp_path / "run" / "records.jsonl").read_text().splitlines()]
    assert len(records) == 9
    stages = ["structure", "grounding", "numeric", "execution", "novelty", "support"]
    for r in records:
        assert [v.validator for v in r.verdicts] == stages and all(v.reason for v in r.verdicts)
        assert [c.role for c in r.calls if c.role.startswith("validator")] == ["validator:support"]
        if r.status.value == "rejected":
            assert r.messages and r.insight is not None  # kept, with its trace
            assert r.failed_stage == next(v.validator for v in r.verdicts if not v.passed)
    stages_that_rejected = {r.failed_stage for r in records if r.status.value == "rejected"}
    assert "novelty" in stages_that_rejected  # the fake answers repeated sources with the same sentence


@pytest.mark.model
def test_llm_stages_on_the_real_embedded_model(llama_server):
    """SmolLM2 through llama.cpp: grammar-constrained verdicts parse, usage is metered, n=k is topped up."""
    rows = [r for r in read_labeled(LABELED) if r.id in ("mars-day", "mars-day/unsupported_generalisation")]
    assert len(rows) == 2
    corpus = Corpus.from_dir(LABELED.parent / "corpus")

    async def go():
        cfg = EndpointConfig(base_url=llama_server.base_url, structured_output="json_object_schema")
        client = EndpointClient("local", cfg, llama_server.base_url)
        try:
            return await evaluate(rows, ["support", "judge", "consistency"], {"consistency": {"k": 2}}, corpus, client)
        finally:
            await client.close()

    results = run_async(go())
    report = metrics(results, ["support", "judge", "consistency"])
    for r in results:
        for stage, v in r.verdicts.items():
            assert v.usage and all(u.role == f"validator:{stage}" and u.prompt_tokens > 0 for u in v.usage), stage
            assert v.reason
        assert not r.verdicts["support"].reason.startswith("could not decide"), r.verdicts["support"].reason
        consistency = r.verdicts["consistency"]
        assert len(consistency.usage) == 2 and "got 1 choice" in consistency.details["n_ignored"]  # llama.cpp ignores n
    assert report["columns"]["support"]["calls"] == 2 and report["columns"]["stack"]["prompt_tokens"] > 0
