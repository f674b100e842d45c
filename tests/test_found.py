"""What a run found, on the scripted fakes end to end: `assay run --propose N` (proposer, agent and re-deriver on one
FAKE endpoint at the wire) → validate with rederive → export; figures per question kind in the report (text, JSON,
HTML) and the dataset card."""
from __future__ import annotations

import json
import signal

import pytest

from assay.cli import main
from assay.corpus import Corpus
from assay.propose import KINDS, SEEDS_FILE
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI, Reply, completion
from fakes.propose import propose_handler
from fakes.research import research_handler

CORPUS = demo_seeds_path().parent / "corpus"
STAGES = "structure,grounding,execution,rederive"
REDERIVE_SEED = 1  # validators.params.rederive.sampling_seed's default: how the fake tells the re-derivation apart


def chain_handler():
    """Proposals for proposal prompts; otherwise the research fake, except that the re-derivation of a 'Why ...'
    (mechanism) question answers something else, so the two derivations disagree."""
    propose, research = propose_handler(), research_handler()

    def handler(req: dict) -> Reply:
        schema = json.dumps((req.get("response_format") or {}).get("json_schema", {}).get("schema") or {})
        if '"questions"' in schema:
            return propose(req)
        question = next((m["content"] for m in req["messages"] if m["role"] == "user" and "Question:" in m["content"]), "")
        final = '"claim"' in schema
        if final and req.get("seed") == REDERIVE_SEED and "Question: Why" in question:
            ref = next(p for p in schema.split('"') if "#" in p and not p.startswith("^"))
            body = {"evidence": [{"ref": ref}], "claim": "Nothing in the sources explains it.",
                    "reasoning": ["1. No passage gives a cause."], "confidence": 0.4}
            return Reply(completion(json.dumps(body), prompt_tokens=50, completion_tokens=20))
        return research(req)

    return handler


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    handler = signal.getsignal(signal.SIGTERM)
    run = tmp_path_factory.mktemp("found") / "run"
    with FakeOpenAI(chain_handler()) as fake:
        code = main(["run", "--endpoint", fake.base_url, "--model", "fake-model", "--corpus", str(CORPUS),
                     "--propose", "20", "--out", str(run), "--stages", STAGES, "--no-progress", "--agents", "1", "--samples", "1"])
        requests = len(fake.requests)
        again = main(["run", "--endpoint", fake.base_url, "--model", "fake-model", "--corpus", str(CORPUS),
                      "--propose", "20", "--out", str(run), "--stages", STAGES, "--no-progress", "--agents", "1", "--samples", "1"])
        resumed = len(fake.requests) - requests
    signal.signal(signal.SIGTERM, handler)
    return run, code, again, resumed


def test_run_propose_writes_the_seeds_into_the_run_and_a_resume_reuses_them(chain):
    run, code, again, resumed = chain
    assert code == 0 and again == 0
    seeds = [json.loads(line) for line in (run / SEEDS_FILE).read_text().splitlines()]
    assert len(seeds) == 20 and {s["tags"][0] for s in seeds} == set(KINDS)
    records = [json.loads(line) for line in (run / "records.jsonl").read_text().splitlines()]
    assert sorted(r["seed"]["id"] for r in records) == sorted(s["id"] for s in seeds)
    assert resumed <= 2  # no proposer or agent call on resume: the same file, every seed already recorded


def test_the_report_counts_questions_accepted_and_rejections_by_stage_per_kind(chain, capsys):
    run = chain[0]
    capsys.readouterr()
    assert main(["report", str(run), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["found"]
    records = [json.loads(line) for line in (run / "records.jsonl").read_text().splitlines()]
    by_kind = found["by_kind"]
    assert set(by_kind) == set(KINDS)
    for kind, k in by_kind.items():  # every figure is the records' own, per kind
        mine = [r for r in records if r["seed"]["tags"][0] == kind]
        assert k["questions"] == len(mine)
        assert k["accepted_questions"] == sum(r["status"] == "accepted" for r in mine)
        assert sum(k["rejected_by_stage"].values()) == sum(r["status"] == "rejected" for r in mine)
        assert k["accepted_share"] == round(k["accepted_questions"] / k["questions"], 4)
    # derived questions carry no verification code in the fake: execution rejects every one that got that far
    assert by_kind["derived"]["accepted_questions"] == 0 and by_kind["derived"]["rejected_by_stage"].get("execution")
    # the re-derivation of a mechanism question disagrees: rederive rejects it, keeping both answers
    assert by_kind["mechanism"]["accepted_questions"] == 0 and by_kind["mechanism"]["rejected_by_stage"].get("rederive")
    disagreed = next(r for r in records if r["failed_stage"] == "rederive")
    v = disagreed["verdicts"][-1]
    assert v["details"]["claim"] == disagreed["insight"]["claim"]
    assert v["details"]["rederived"]["claim"] == "Nothing in the sources explains it."
    assert {c["role"] for c in disagreed["calls"]} >= {"agent", "validator:rederive"}
    # the other kinds are re-derived in agreement and accepted
    assert by_kind["claim_check"]["accepted_questions"] or by_kind["comparison"]["accepted_questions"]
    accepted = [r for r in records if r["status"] == "accepted"]
    assert all(any(v["validator"] == "rederive" and v["passed"] and "agrees" in v["reason"] for v in r["verdicts"])
               for r in accepted)
    cited = {e["source_id"] for r in accepted for e in r["insight"]["evidence"]}
    assert found["coverage"] == {"documents_cited": len(cited), "corpus_documents": len(Corpus.from_dir(CORPUS).docs),
                                 "share": round(len(cited) / len(Corpus.from_dir(CORPUS).docs), 4)}
    assert main(["report", str(run), "--html", str(run.parent / "report.html")]) == 0
    text = capsys.readouterr().out
    assert "what the run found, by question kind" in text and "source coverage:" in text
    assert "mechanism" in text and "rederive " in text
    page = (run.parent / "report.html").read_text()
    assert 'id="found"' in page and "<td>claim_check</td>" in page


def test_the_dataset_card_says_what_the_run_found(chain):
    run = chain[0]
    card = (run / "dataset" / "README.md").read_text()
    assert "## What the run found" in card
    rows = [line for line in card.splitlines() if line.startswith("| derived |")]
    assert len(rows) == 1 and "execution" in rows[0]
    assert "Source coverage:" in card and "corpus documents cited by accepted insights" in card


def test_propose_refuses_seeds_and_needs_a_corpus(tmp_path, capsys):
    assert main(["run", "--propose", "3", "--seeds", str(demo_seeds_path()), "--corpus", str(CORPUS),
                 "--endpoint", "http://127.0.0.1:9/v1", "--out", str(tmp_path / "r")]) == 2
    assert "drop --seeds" in capsys.readouterr().err
    assert main(["run", "--propose", "3", "--endpoint", "http://127.0.0.1:9/v1", "--out", str(tmp_path / "r")]) == 2
    assert "--propose needs --corpus" in capsys.readouterr().err
