"""Export round trip of a run of the real embedded llama.cpp model (SmolLM2): whatever it got right or wrong."""
from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import datasets
import pytest
from huggingface_hub import DatasetCard

from assay.journal import Journal
from assay.dataset.rows import FEATURES, assistant_text, record_row

pytestmark = pytest.mark.model


def test_real_run_round_trips_through_export(tmp_path):
    run, out = tmp_path / "run", tmp_path / "export"
    done = subprocess.run([sys.executable, "-m", "assay", "run", "--out", str(run), "--limit", "2", "--samples", "1", "--no-progress"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "assay", "export", str(run), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    journal = Journal(run)
    records = list(journal.records())
    journal.close()
    assert len(records) == 2
    card = DatasetCard.load(out / "README.md", repo_type="dataset")
    listed = {c["config_name"] for c in card.data.configs}
    with_insight = [r for r in records if r.insight is not None]
    for config, status in (("insights", "accepted"), ("rejected", "rejected")):
        expected = [r for r in with_insight if r.status.value == status]
        assert (config in listed) == bool(expected)  # an empty config is left out: datasets cannot load it
        if expected:
            ds = datasets.load_dataset(str(out), config, split="train", cache_dir=str(tmp_path / "cache"))
            assert ds.features == FEATURES[config]
            assert ds.to_list() == [record_row(r) for r in expected]
            assert all(row["provenance"]["model"] == "smollm2" and row["calls"] for row in ds)
    accepted = [r for r in with_insight if r.status.value == "accepted"]
    if accepted:
        sft = datasets.load_dataset(str(out), "sft", split="train", cache_dir=str(tmp_path / "cache"))
        assert [row["messages"][1]["content"] for row in sft] == [assistant_text(r.insight, "think") for r in accepted]
    checked, passed = defaultdict(int), defaultdict(int)
    for r in records:
        for v in r.verdicts:
            checked[v.validator] += 1
            passed[v.validator] += v.passed
    text = (out / "README.md").read_text()
    for stage, n in checked.items():
        assert f"| {stage} | {n:,} | {passed[stage]:,} | {100 * passed[stage] / n:.1f}% |" in text
    assert "| agent | local | cpu-llamacpp | smollm2 |" in text
    assert f"| completion tokens | {sum(r.usage.completion_tokens for r in records):,} |" in text
    # The run's own dataset/ is the same export, byte for byte.
    for path in out.rglob("*"):
        if path.is_file():
            assert (run / "dataset" / path.relative_to(out)).read_bytes() == path.read_bytes(), path
