"""A custom task (examples/custom-task: a product's name, price and currency, with evidence) through the same
loop as the research task: journaled, validated, exported and loaded back with `datasets`; on a FAKE model at
the wire and on the real embedded model. Template, schema and field-mapping errors name the file or key."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import datasets
import pytest

import assay
from assay.config import load_config
from assay.errors import UsageError
from assay.task import RESEARCH_TASK, TaskConfig, load_task
from assay.templates import Templates
from fakes.extract import extract_handler
from fakes.openai import FakeOpenAI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "custom-task"


def example_config(tmp_path: Path, **task) -> dict:
    return {"run": {"seeds": str(EXAMPLE / "seeds.jsonl"), "corpus": str(EXAMPLE / "corpus"),
                    "out": str(tmp_path / "run"), "agents": 1},
            "task": {"name": "product-extraction", "prompts": str(EXAMPLE / "prompts"),
                     "output_schema": str(EXAMPLE / "product.schema.json"),
                     "fields": {"claim": "summary", "evidence": "evidence"}} | task,
            "agent": {"max_steps": 0, "plan": False}, "validators": {"stages": ["grounding"]}}


@pytest.mark.parametrize("schema", ["json", "pydantic"])
def test_custom_task_runs_end_to_end_on_the_fake(tmp_path, schema):
    extra = {} if schema == "json" else {"output_schema": "fakes.extract:Product"}
    with FakeOpenAI(extract_handler()) as fake:
        cfg = example_config(tmp_path, **extra)
        run = assay.Job(cfg, endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model"}},
                        roles={"agent": "fake"}).run(progress=False)
        requests = list(fake.requests)
    # the task's own templates and schema reached the wire
    sent = next(r for r in requests if len(r["messages"]) > 1)  # after the endpoint's one-message probe
    assert sent["messages"][0]["content"].startswith("You extract product facts from shop pages.")
    assert sent["messages"][-1]["content"].startswith("Now extract the product:")
    wire_schema = json.dumps(sent["response_format"])
    assert '"currency"' in wire_schema and '"claim"' not in wire_schema
    records = {r.seed.id: r for r in run.records()}
    assert set(records) == {"kettle", "lamp", "mug"}
    kettle, lamp, mug = records["kettle"], records["lamp"], records["mug"]
    # journaled whole; the mapped fields filled the insight the validators read; evidence resolved by id
    assert kettle.status.value == "accepted"
    assert kettle.insight.output == {"evidence": ["kettle#1"], "name": "Acme Kettle", "price": 39.9,
                                     "currency": "EUR", "summary": "The Acme Kettle costs 39.90 EUR."}
    assert kettle.insight.claim == "The Acme Kettle costs 39.90 EUR."
    assert kettle.insight.evidence[0].quote == "The Acme Kettle costs 39.90 EUR." and \
        kettle.insight.evidence[0].source_id == "kettle"
    # a reply outside the schema (price as text) was fed back, and the second try accepted
    assert lamp.status.value == "accepted" and lamp.insight.output["price"] == 24.5
    assert any("not valid" in m["content"] and "price" in m["content"] for m in lamp.messages if m["role"] == "user")
    # grounding ran on the mapped evidence and rejected a sentence id that does not exist
    assert mug.status.value == "rejected" and mug.failed_stage == "grounding"
    assert kettle.provenance.prompt_version == load_task(TaskConfig(**cfg["task"])).version() != RESEARCH_TASK.version()
    # exported: the answer's fields are typed columns; the SFT assistant turn is the answer's JSON
    ds = run.dataset()
    assert ds["insights"]["id"] == ["kettle", "lamp"] and ds["rejected"]["id"] == ["mug"]
    assert ds["insights"].features["output"]["price"] == datasets.Value("float64")
    assert ds["insights"].features["output"]["evidence"] == datasets.Value("string")  # an array: JSON text
    assert ds["insights"][0]["output"] | {"evidence": None} == {"evidence": None, "name": "Acme Kettle",
                                                               "price": 39.9, "currency": "EUR",
                                                               "summary": "The Acme Kettle costs 39.90 EUR."}
    assert json.loads(ds["sft"][0]["messages"][1]["content"]) == kettle.insight.output
    exported = tmp_path / "export"
    env = os.environ | {"PYTHONPATH": str(ROOT / "tests")}  # a model's module must import where the run is exported
    done = subprocess.run([sys.executable, "-m", "assay", "export", str(run.path), "--out", str(exported)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    loaded = datasets.load_dataset(str(exported), "insights", split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.to_list() == ds["insights"].to_list()


def test_the_research_task_is_the_default_and_unchanged():
    cfg = load_config(None)
    task = load_task(cfg.task, cfg.validators.stages)
    assert not task.custom and task.templates.folder is None
    from assay.agent.episode import prompt_version
    assert task.version() == prompt_version()


def test_template_errors_name_file_line_and_placeholder(tmp_path):
    (tmp_path / "agent_final.md").write_text("Answer this.\nThe question: $question\nThe price in $currency.\n")
    with pytest.raises(UsageError) as e:
        load_task(TaskConfig(prompts=str(tmp_path)))
    assert f"{tmp_path / 'agent_final.md'}:3: placeholder $currency" in str(e.value)
    assert "$question, $schema" in str(e.value)
    (tmp_path / "agent_final.md").write_text("Answer.\n\nCosts $ 5 for $question\n")
    with pytest.raises(UsageError, match=r"agent_final\.md:3: invalid placeholder '\$ 5 for \$question' at column 7"):
        load_task(TaskConfig(prompts=str(tmp_path)))
    (tmp_path / "agent_final.md").write_text("Costs $$5: ${question}\n")
    assert Templates(tmp_path).render("agent_final", question="why?") == "Costs $5: why?"
    with pytest.raises(UsageError, match=r"agent_final\.md:1: placeholder \$question was given no value"):
        Templates(tmp_path).render("agent_final")


@pytest.mark.parametrize("task, message", [
    ({"output_schema": "missing/schema.json"}, "task.output_schema: missing/schema.json does not exist"),
    ({"output_schema": "no_such_module_xyz:Model"}, "task.output_schema: cannot import module 'no_such_module_xyz'"),
    ({"output_schema": "fakes.extract:Nope"}, "task.output_schema: module 'fakes.extract' has no 'Nope'"),
    ({"output_schema": "fakes.extract:extract_handler"}, "is not a pydantic model class"),
    ({"fields": {"claim": "title"}}, "task.fields.claim: 'title' is not a property of"),
    ({"prompts": "no/such/folder"}, "task.prompts: no/such/folder is not a folder"),
])
def test_bad_task_settings_name_the_key(tmp_path, task, message):
    with pytest.raises(UsageError, match=message.replace(".", r"\.").replace("(", r"\(")):
        assay.Job(example_config(tmp_path, **task))


def test_a_stage_that_reads_an_unmapped_field_is_refused_at_load(tmp_path):
    cfg = example_config(tmp_path)
    cfg["validators"] = {"stages": ["structure", "grounding"]}
    with pytest.raises(UsageError, match=r"validators\.stages: stage 'structure' reads the insight's reasoning, "
                                         r"which task\.fields does not map"):
        assay.Job(cfg)
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "object", "properties": {"a": {"type": 7}}}')
    with pytest.raises(UsageError, match=r"task\.output_schema: .*bad\.json is not a valid JSON schema"):
        load_task(TaskConfig(output_schema=str(bad)))


@pytest.mark.model
def test_custom_task_on_the_embedded_model(tmp_path):
    """The real SmolLM2 under the example's templates and schema: every seed gets a record, and an answer it
    gave is journaled whole and valid against the schema (the grammar enforces it); whether a 135M model
    cites the right sentence is for grounding to say, not this test."""
    cfg = example_config(tmp_path)
    cfg["run"]["limit"] = 2
    run = assay.Job(cfg).run(progress=False)
    records = list(run.records())
    assert len(records) == 2
    answered = [r for r in records if r.insight is not None]
    for r in answered:
        assert set(r.insight.output) == {"evidence", "name", "price", "currency", "summary"}
        assert r.insight.output["currency"] in ("EUR", "USD", "GBP")
        assert r.insight.claim == r.insight.output["summary"]
    for r in records:
        assert r.status.value in ("accepted", "rejected", "failed") and r.calls
    ds = run.dataset()
    assert ds["insights"].num_rows + ds["rejected"].num_rows == len(answered)


def test_a_bare_quote_is_given_the_cited_source_it_was_copied_from():
    from assay.corpus import Corpus
    from assay.records import Seed
    corpus = Corpus({"kettle": "The Acme Kettle costs 39.90 EUR. It boils fast.", "lamp": "The lamp costs 24.50 USD."})
    task = load_task(TaskConfig(output_schema=str(EXAMPLE / "product.schema.json"),
                                fields={"claim": "summary", "evidence": "evidence"}))
    answer = {"evidence": ["the acme kettle  costs 39.90 EUR.", "A made-up sentence."], "name": "Acme Kettle",
              "price": 39.9, "currency": "EUR", "summary": "The Acme Kettle costs 39.90 EUR."}
    both = task.parser(Seed(id="k", question="q", sources=["lamp", "kettle"]), corpus)(json.dumps(answer))
    assert [(e.source_id, e.quote) for e in both.evidence] == [("kettle", "the acme kettle  costs 39.90 EUR."),
                                                               ("", "A made-up sentence.")]  # grounding rejects ''
    one = task.parser(Seed(id="k", question="q", sources=["kettle"]), corpus)(json.dumps(answer))
    assert [e.source_id for e in one.evidence] == ["kettle", "kettle"]  # the only source: grounding checks the quote
