"""The Python API (assay.Job, assay.open_run): docs/api.md's examples run as written against a FAKE model at
the wire, and the API's dataset is the CLI export's, loaded back through `datasets`."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import datasets
import pytest

import assay
from assay.config import Config
from assay.errors import UsageError
from fakes.openai import FakeOpenAI
from fakes.research import research_handler

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
DOC_URL, DOC_MODEL = "http://127.0.0.1:8000/v1", "Qwen/Qwen3-8B"


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI(research_handler()) as server:
        yield server


def doc_examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_doc_examples_run_as_written(fake, tmp_path, monkeypatch, capsys):
    blocks = doc_examples()
    assert len(blocks) == 5
    monkeypatch.chdir(tmp_path)
    for block in blocks:  # in order, each in a fresh namespace: the last opens the run the first made
        assert DOC_URL in block or "open_run" in block  # every example runs against the scripted server
        exec(compile(block.replace(DOC_URL, fake.base_url).replace(DOC_MODEL, "fake-model"), str(DOC), "exec"), {})
    out = capsys.readouterr().out
    demo = assay.open_run(tmp_path / "runs" / "api-demo")
    counts = demo.counts()
    assert sum(counts.values()) == 4
    assert str(counts) in out  # the first example printed them
    assert sum(assay.open_run(tmp_path / "runs" / "api-async").counts().values()) == 2
    hot = assay.open_run(tmp_path / "runs" / "api-hot")
    assert hot.config.agent.temperature == 0.7 and hot.config.validators.stages == ["structure", "grounding"]
    assert {r["temperature"] for r in fake.requests if r["model"] == "fake-model"} >= {0.7}
    assert [g["stages"] for g in demo.generations()] == [["structure", "novelty"]]  # the last example's


def test_dataset_is_the_cli_export(fake, tmp_path):
    # Novelty rejects a claim the run already accepted: the fake quotes one sentence per source, and the demo
    # seeds cite some sources twice, so the run has both accepted and rejected records, whatever the model.
    job = assay.Job(run={"out": str(tmp_path / "run"), "limit": 6, "agents": 1, "samples": 1},
                    validators={"stages": ["structure", "novelty"]},
                    endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model"}}, roles={"agent": "fake"})
    run = job.run(progress=False)
    ds = run.dataset()
    assert isinstance(ds, datasets.DatasetDict) and list(ds) == ["sft", "insights", "rejected", "preferences"]
    counts = run.counts()
    assert ds["insights"].num_rows == counts.get("accepted", 0) > 0
    assert ds["rejected"].num_rows == counts.get("rejected", 0) > 0
    assert ds["preferences"].num_rows == 0 and "chosen" in ds["preferences"].features  # empty, with its features
    exported = tmp_path / "export"
    done = subprocess.run([sys.executable, "-m", "assay", "export", str(run.path), "--out", str(exported)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # (a private cache: load_dataset(DIR, CONFIG) keys its cache by the folder's name, not its path)
    cli = datasets.load_dataset(str(exported), "insights", split="train", cache_dir=str(tmp_path / "cache"))
    assert cli.to_list() == ds["insights"].to_list()
    accepted = [r.seed.id for r in run.records(status="accepted")]
    assert accepted == ds["insights"]["id"]
    assert run.summary["counts"] == counts
    other = assay.Job(job.config, run={"out": str(tmp_path / "other" / "run"), "limit": 2}).run(progress=False)
    theirs = other.dataset()  # another run's dataset/ folder, same name and layout: its own rows, not a cached copy
    assert theirs["insights"]["id"] == [r.seed.id for r in other.records(status="accepted")] != accepted


def test_dataset_of_a_run_without_its_dataset_folder(fake, tmp_path):
    """An interrupted run has a journal but no dataset/ yet: the API exports the journal on the fly."""
    run = assay.Job(run={"out": str(tmp_path / "run"), "limit": 3, "samples": 1},
                    endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model"}},
                    roles={"agent": "fake"}).run(progress=False)
    import shutil

    shutil.rmtree(run.path / "dataset")
    ds = assay.open_run(run.path).dataset()
    assert ds["insights"].num_rows + ds["rejected"].num_rows == 3 - run.counts().get("failed", 0)
    assert not (run.path / "dataset").exists()  # reading a run writes nothing into it


def test_arun_runs_on_the_callers_loop(fake, tmp_path):
    async def main():
        beats = 0

        async def heartbeat():  # the caller's loop keeps running while the job does
            nonlocal beats
            while True:
                beats += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(heartbeat())
        job = assay.Job(run={"out": str(tmp_path / "run"), "limit": 2, "samples": 1},
                        endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model"}}, roles={"agent": "fake"})
        run = await job.arun(progress=False)
        ticker.cancel()
        return run, beats

    run, beats = asyncio.run(main())
    assert sum(run.counts().values()) == 2 and beats > 1


def test_config_sources_merge_key_by_key(tmp_path):
    toml = tmp_path / "assay.toml"
    toml.write_text('[agent]\nmax_steps = 2\ntemperature = 0.3\n[validators]\nstages = ["structure"]\n')
    job = assay.Job(toml, agent={"temperature": 0.9}, run={"out": "x"})
    assert (job.config.agent.max_steps, job.config.agent.temperature) == (2, 0.9)  # the file's other keys stay
    again = assay.Job(job.config, validators={"all_verdicts": True})
    assert again.config.validators.stages == ["structure"] and again.config.validators.all_verdicts
    assert assay.Job({"run": {"limit": 5}}, run={"agents": 2}).config.run.limit == 5
    cfg = Config()
    assert assay.Job(cfg).config == cfg and assay.Job(cfg).config is not cfg


@pytest.mark.parametrize("kwargs, message", [
    ({"agent": {"temprature": 1}}, "agent.temprature: unknown key"),
    ({"run": {"agents": 0}}, "run.agents: Input should be greater than 0"),
    ({"endpoints": {"x": {"base_url": "localhost:8000/v1"}}}, "endpoints.x.base_url: 'localhost:8000/v1' has no scheme"),
    ({"endpoint": {"base_url": "http://h/v1"}}, "unknown config section 'endpoint'"),
    ({"roles": {"agent": "nowhere"}}, "roles.agent names endpoint 'nowhere'"),
])
def test_bad_config_names_its_key(kwargs, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        assay.Job(**kwargs)


def test_open_run_refuses_a_folder_without_a_journal(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not an assay run directory"):
        assay.open_run(tmp_path)
