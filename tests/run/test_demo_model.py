"""The README's first command, for real: `assay run` on the shipped demo with the embedded SmolLM2-135M model.

The demo must end with accepted and rejected records and loadable `insights`, `sft` and `preferences` configs,
and every accepted record right by the answer key below. The key
was written by hand from seeds/corpus/ (what each answer must say, what it must not, and the sentence that says
it), not from the validators: an accepted record that fails it is a validator miss.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import datasets
import pytest

from assay.seeds import demo_seeds_path

pytestmark = pytest.mark.model

# seed id -> (patterns the claim must match, patterns it must not, sentence ids of which one must be cited)
ANSWER_KEY: dict[str, tuple[list[str], list[str], set[str]]] = {
    "mars-moons": ([r"\b(two|2)\b", r"phobos", r"deimos"], [r"\b(one|three|four|[013-9])\b"], {"mars#2"}),
    "mars-day": ([r"24\.6", r"hour"], [r"\bweek|\byear"], {"mars#3"}),
    "mars-two-days": ([r"49\.2", r"hour"], [], {"mars#3"}),
    "bees-dance": ([r"waggle"], [r"queen|drone"], {"honeybees#2"}),
    "penicillin-year": ([r"fleming", r"1928"], [r"19[0-13-9]\d|192[0-79]"], {"penicillin#1"}),
    "python-name": ([r"monty python"], [], {"python_language#3"}),
    "wall-ming": ([r"\bming\b"], [r"\bhan\b|\bqin\b"], {"great_wall#2"}),
    "penicillin-python": ([r"\b63\b"], [], {"penicillin#1"}),
}

# Accepted records that fail the key, each with the validator class that let it through, so that a new miss fails
# this test and a known one stays visible (docs/validators.md, "Known misses"). Each must still fail the key.
KNOWN_MISSES: dict[str, str] = {}


def wrong(record: dict) -> list[str]:
    must, must_not, refs = ANSWER_KEY[record["seed"]["id"].split("#")[0]]
    claim = record["insight"]["claim"].lower()
    cited = {e.get("ref") for e in record["insight"]["evidence"]}
    problems = [f"does not say {p}" for p in must if not re.search(p, claim)]
    problems += [f"says {p}" for p in must_not if re.search(p, claim)]
    if not cited & refs:
        problems.append(f"cites {sorted(map(str, cited))}, none of {sorted(refs)}")
    return problems


def test_the_demo_key_covers_every_shipped_seed():
    ids = [json.loads(line)["id"] for line in demo_seeds_path().read_text().splitlines() if line.strip()]
    assert sorted(ids) == sorted(ANSWER_KEY)


def test_the_demo_yields_a_dataset_a_newcomer_can_load(tmp_path):
    out = tmp_path / "runs" / "demo"
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}  # a cache of its own: nothing stale from other runs
    done = subprocess.run([sys.executable, "-m", "assay", "run", "--out", str(out), "--no-progress"],
                          capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    seeds = len(ANSWER_KEY)
    assert len(records) == 3 * seeds  # the demo preset: three samples a seed
    accepted = [r for r in records if r["status"] == "accepted"]
    rejected = [r for r in records if r["status"] == "rejected"]
    accepted_seeds = {r["seed"]["id"].split("#")[0] for r in accepted}
    # Here 2 of the 8 seeds are accepted on every run (the README's figure); another CPU may sample otherwise,
    # so the test asks for what the issue asks of CI: at least one, and every one right by the key.
    assert accepted_seeds, f"no seed of {seeds} accepted"
    assert rejected, "the demo shows rejections too"

    misses = {r["seed"]["id"]: wrong(r) for r in accepted}  # ids carry the sample: bees-dance#0
    misses = {sid: p for sid, p in misses.items() if p}
    unexplained = {sid: p for sid, p in misses.items() if sid not in KNOWN_MISSES}
    assert not unexplained, f"accepted records the answer key says are wrong: {unexplained}"
    for sid in KNOWN_MISSES:  # a listed miss is still a miss, if it was accepted at all
        assert sid not in {r["seed"]["id"] for r in accepted} or sid in misses

    for config in ("insights", "sft", "preferences", "rejected"):
        rows = datasets.load_dataset(str(out / "dataset"), config, split="train",
                                     cache_dir=str(tmp_path / "hf" / "datasets"))
        assert len(rows) > 0, config
    insights = datasets.load_dataset(str(out / "dataset"), "insights", split="train",
                                     cache_dir=str(tmp_path / "hf" / "datasets"))
    assert len(insights) == len(accepted)
    assert all(ev["quote"] and ev["ref"] for row in insights for ev in row["evidence"])  # by reference, filled in
