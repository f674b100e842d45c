"""`assay revalidate`: new verdicts for a run's insights without one request at the wire, earlier generations
kept in the journal (real SQLite), and export, report and records.jsonl showing the latest."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

import assay
from assay.run.revalidate import superseded
from fakes.openai import FakeOpenAI
from fakes.research import research_handler


def assay_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def fake():
    with FakeOpenAI(research_handler()) as server:
        yield server


@pytest.fixture
def structure_only_run(fake, tmp_path):
    """The 8 demo seeds checked by structure alone: every insight accepted. The fake quotes one sentence per
    source and the demo seeds cite some sources twice, so novelty has duplicates to reject."""
    run = assay.Job(run={"out": str(tmp_path / "run"), "agents": 1, "samples": 1}, validators={"stages": ["structure"]},
                    endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model"}},
                    roles={"agent": "fake"}).run(progress=False)
    assert run.counts() == {"accepted": 8}
    return run


def test_revalidate_changes_verdicts_without_a_request(fake, structure_only_run):
    run = structure_only_run
    before = [(r.seed.id, r.status.value, [v.validator for v in r.verdicts]) for r in run.records()]
    calls = {r.seed.id: r.calls for r in run.records()}
    chats, probes = len(fake.requests), fake.models_requests

    done = assay_cli("revalidate", str(run.path), "--stages", "structure,novelty")
    assert done.returncode == 0, done.stderr
    assert (len(fake.requests), fake.models_requests) == (chats, probes)  # nothing reached the endpoint

    counts = run.counts()
    assert counts["rejected"] >= 1 and counts["accepted"] + counts["rejected"] == 8
    out = done.stdout
    assert "generation 1" in out and f"{counts['rejected']} records changed status" in out
    assert f"{'accepted':<14}{8:>18}{counts['accepted']:>18}" in out  # before and after, per status
    assert f"{'novelty':<14}{'0/0':>18}{'8/' + str(counts['rejected']):>18}" in out  # and per stage

    rejected = {r.seed.id: r for r in run.records(status="rejected")}
    assert all(r.failed_stage == "novelty" and r.verdicts[-1].validator == "novelty" for r in rejected.values())
    assert all(r.calls == calls[sid] for sid, r in rejected.items())  # the agent's calls stay, and no new ones
    old = superseded(run.path, 0)  # generation 0 (the run's own verdicts) kept
    assert sorted((sid, k["status"], [v["validator"] for v in k["verdicts"]]) for sid, k in old.items()) == sorted(before)

    # Export, records.jsonl, summary and report read the latest generation.
    ds = run.dataset()
    assert ds["insights"].num_rows == counts["accepted"] and sorted(ds["rejected"]["id"]) == sorted(rejected)
    lines = [json.loads(line) for line in (run.path / "records.jsonl").read_text().splitlines()]
    assert sum(line["status"] == "rejected" for line in lines) == counts["rejected"]
    assert run.summary["counts"] == counts and run.summary["generation"] == 1
    report = assay_cli("report", str(run.path), "--json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["status"] == counts
    assert {"stage": "passed novelty", "records": counts["accepted"]} in data["funnel"]
    assert (len(fake.requests), fake.models_requests) == (chats, probes)


def test_generations_stack_and_each_is_kept(fake, structure_only_run):
    run = structure_only_run
    chats = len(fake.requests)
    first = run.revalidate(["structure", "novelty"])
    second = run.revalidate(["structure"])
    assert (first.generation, second.generation) == (1, 2)
    assert second.before.status == first.after.status and second.after.status == {"accepted": 8}
    assert run.counts() == {"accepted": 8}
    gen1 = superseded(run.path, 1)  # what the second revalidation replaced: the novelty verdicts
    assert sum(k["status"] == "rejected" for k in gen1.values()) == first.after.status["rejected"]
    history = run.generations()
    assert [(h["generation"], h["stages"]) for h in history] == [(1, ["structure", "novelty"]), (2, ["structure"])]
    assert history[0]["counts"]["after"] == dict(first.after.status)
    with sqlite3.connect(run.path / "journal.sqlite") as db:  # 8 records, each with 2 kept generations
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT seed_id) FROM superseded").fetchone() == (16, 8)
        assert db.execute("SELECT value FROM meta WHERE key='generation'").fetchone() == ("2",)
    assert len(fake.requests) == chats


def test_param_change_is_a_new_generation(fake, structure_only_run):
    """Iterating on a check: the same stages with stricter params, through the API's config sections."""
    run = structure_only_run
    default = run.revalidate(["structure", "novelty"])
    strict = run.revalidate(["structure", "novelty"], validators={"params": {"novelty": {"threshold": 0.01}}})
    assert strict.before.status == default.after.status
    assert strict.after.status["rejected"] > default.after.status["rejected"]
    assert run.config.validators.params == {"novelty": {"threshold": 0.01}}  # config.json names the stack used


def test_bad_stage_is_refused_before_anything_changes(structure_only_run):
    done = assay_cli("revalidate", str(structure_only_run.path), "--stages", "structure,novelt")
    assert done.returncode == 2 and "unknown stage 'novelt'" in done.stderr
    assert structure_only_run.generations() == [] and structure_only_run.counts() == {"accepted": 8}
    done = assay_cli("revalidate", str(structure_only_run.path.parent), "--stages", "structure")
    assert done.returncode == 2 and "not an assay run directory" in done.stderr
