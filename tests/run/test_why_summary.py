"""The end of `assay run` says why seeds were not accepted: grouped, counted, with the fix where one is known."""
from __future__ import annotations

import subprocess
import sys

from assay.records import Provenance, Record, Seed, Status
from assay.report.reasons import group, summary
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

PROV = Provenance(endpoint="e", model="m", backend="b", prompt_version="p", code_version="c")


def record(status: str, reason: str, stage: str | None = None) -> Record:
    return Record(seed=Seed(id=reason[:8], question="q"), status=Status(status), reason=reason, failed_stage=stage,
                  provenance=PROV)


def test_reasons_are_grouped_by_stage_and_kind_with_the_fix():
    rows = group([
        record("failed", "wall-time bound reached (300s)"),
        record("failed", "wall-time bound reached (120s)"),
        record("rejected", "the claim: number(s) '3' appear in no evidence, question or calculation from them", "numeric"),
        record("rejected", "the claim: number(s) '7 km' appear in no evidence, question or calculation from them; x", "numeric"),
        record("rejected", "something new about 'x' and 42", "judge"),
        record("accepted", "passed every stage"),
    ])
    assert rows[0] == (2, "failed", "the episode's wall-time bound", "raise agent.wall_time_s in the config")
    assert rows[1] == (2, "rejected by numeric", "a figure no cited evidence states", None)
    assert rows[2] == (1, "rejected by judge", "something new about … and …", None)
    assert len(rows) == 3


def test_a_run_prints_why(tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 6, ["mars", "water", "honeybees"])
    with FakeOpenAI(research_handler()) as fake:
        done = subprocess.run([sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model", "fake-model",
                               "--seeds", str(seeds), "--corpus", str(demo_seeds_path().parent / "corpus"),
                               "--out", str(tmp_path / "run"), "--no-progress"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rejected = int(done.stdout.split(" rejected")[0].rsplit("(", 1)[1].split(", ")[-1])
    assert rejected > 0
    block = done.stdout.split("why seeds were not accepted", 1)[1].split("usage, time")[0]
    counted = sum(int(line.split()[0]) for line in block.splitlines()[1:] if line.strip())
    assert counted == rejected and "evidence not in its source" in block
    assert summary([]) == ""
