"""`assay export`: real runs -> Parquet configs + card, read back with `datasets.load_dataset` and compared.

The run comes from the real runner and validators against a FAKE model at the wire whose answer
depends on the sampling seed (sampled_run.py), so `--samples 2` yields accepted and rejected attempts
at one question: preference pairs. The real embedded model's run is exported in test_export_model.py.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import datasets
import pytest
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard

from assay.dataset.export import export_run
from assay.journal import Journal
from assay.records import Status
from assay.dataset.pairs import PairIndex
from assay.dataset.rows import CONFIGS, FEATURES, record_row
from fakes.sampled import sampled_run

def assay(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return sampled_run(tmp_path_factory.mktemp("export"))


def load(folder: Path, config: str, cache: Path) -> datasets.Dataset:
    return datasets.load_dataset(str(folder), config, split="train", cache_dir=str(cache))


def shard_digest(folder: Path, config: str) -> str:
    """The content digest the export names a config's shards by: sha256 of their bytes, in order, 12 hex digits."""
    h = hashlib.sha256()
    for shard in sorted((folder / "data" / config).iterdir()):
        h.update(shard.read_bytes())
    return h.hexdigest()[:12]


def records(run: Path, status: str | None = None):
    journal = Journal(run)
    try:
        return list(journal.records(status=status))
    finally:
        journal.close()


def test_every_config_round_trips_through_load_dataset(run_dir, tmp_path):
    out = tmp_path / "export"
    done = assay("export", str(run_dir), "--out", str(out))
    assert done.returncode == 0, done.stderr
    accepted, rejected = records(run_dir, "accepted"), records(run_dir, "rejected")
    assert accepted and rejected, "the fake run must give both kinds"
    assert f"insights {len(accepted)}, rejected {len(rejected)}" in done.stdout

    insights = load(out, "insights", tmp_path / "cache")
    assert insights.features == FEATURES["insights"]  # declared types, not inferred ones
    assert insights.to_list() == [record_row(r) for r in accepted]  # lossless, in seed order
    for row, r in zip(insights, accepted):
        assert row["claim"] == r.insight.claim and row["status"] == "accepted"
        assert [e["quote"] for e in row["evidence"]] == [e.quote for e in r.insight.evidence]
        assert [v["validator"] for v in row["verdicts"]] == [v.validator for v in r.verdicts]
        assert [m["content"] for m in row["messages"]] == [m["content"] for m in r.messages]
        assert row["usage"]["prompt_tokens"] == r.usage.prompt_tokens == sum(c["prompt_tokens"] for c in row["calls"])
        assert row["provenance"]["model"] == "fake-model" and row["provenance"]["endpoint"] == "cli"

    neg = load(out, "rejected", tmp_path / "cache")
    assert neg.to_list() == [record_row(r) for r in rejected]
    assert all(row["failed_stage"] and row["reason"] for row in neg)
    assert neg.features == insights.features

    sft = load(out, "sft", tmp_path / "cache")
    assert sft["id"] == [r.seed.id for r in accepted]
    for row, r in zip(sft, accepted):
        user, assistant = row["messages"]
        assert user == {"role": "user", "content": r.seed.question}
        steps = "\n".join(r.insight.reasoning)
        assert assistant == {"role": "assistant", "content": f"<think>\n{steps}\n</think>\n\n{r.insight.claim}"}

    # Pairs, computed here independently: same question text, accepted vs rejected, in seed order (the
    # fake's accepted and rejected answers always differ, so the skip of identical texts never applies).
    by_question = defaultdict(lambda: ([], []))
    for r in records(run_dir):
        if r.insight is not None:
            by_question[r.seed.question][r.status.value == "rejected"].append(r.seed.id)
    expected = [(c, x) for good, bad in by_question.values() for c, x in zip(good, bad)]
    prefs = load(out, "preferences", tmp_path / "cache")
    assert expected and [(p["chosen_id"], p["rejected_id"]) for p in prefs] == expected
    for p in prefs:
        assert p["chosen_id"].split("#")[0] == p["rejected_id"].split("#")[0]  # two samples of one seed
        assert p["prompt"] == [{"role": "user", "content": p["question"]}]
        assert p["chosen"][0]["role"] == p["rejected"][0]["role"] == "assistant"
        assert p["chosen"] != p["rejected"] and p["rejected_stage"] == "grounding"


def test_pairs_skip_identical_answers(run_dir, tmp_path):
    good = records(run_dir, "accepted")[0]
    bad = records(run_dir, "rejected")[0]
    twin = good.model_copy(update={"seed": good.seed.model_copy(update={"id": "twin"}), "status": Status.rejected,
                                   "failed_stage": "novelty", "reason": "repeats an accepted claim"}, deep=True)
    other = bad.model_copy(update={"seed": good.seed.model_copy(update={"id": "other"})}, deep=True)
    index = PairIndex(tmp_path / "pairs.sqlite")
    for r in (good, twin, other):
        index.add(r, "think")
    pairs = [(c["id"], r["id"]) for _, c, r, _ in index.pairs()]
    index.close()
    assert pairs == [(good.seed.id, "other")]  # zipping in seed order alone would have paired it with its twin


def test_export_is_byte_identical_and_replaces_stale_shards(run_dir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export_run(run_dir, a)
    time.sleep(1.1)  # a timestamp anywhere in the files would now differ
    export_run(run_dir, b)
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())  # names included
    expected = {f"data/{c}/train-00000-of-00001-{shard_digest(a, c)}.parquet" for c in CONFIGS}
    assert expected | {"README.md", ".assay-manifest.json"} == set(files)
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
    # Re-exporting into the same folder replaces the earlier export: the shards of an earlier, sharded export go.
    stale = set(export_run(run_dir, a, max_shard_bytes=1, row_group_rows=2).files) - set(files)
    assert stale and all((a / f).exists() for f in stale)
    export_run(run_dir, a)
    assert not any((a / f).exists() for f in stale) and (a / "README.md").read_bytes() == (b / "README.md").read_bytes()
    assert sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()) == files
    assert not list(tmp_path.glob(".*"))  # no staging folder left behind


def test_small_shards_roll_over_and_still_load(run_dir, tmp_path):
    out = tmp_path / "sharded"
    result = export_run(run_dir, out, max_shard_bytes=1, row_group_rows=2)  # each 2 rows make a shard
    rejected = records(run_dir, "rejected")
    shards = sorted((out / "data" / "rejected").iterdir())
    digest = shard_digest(out, "rejected")  # one digest over every shard of the config, in order
    assert len(shards) >= 2 and [s.name for s in shards] == [
        f"train-{i:05d}-of-{len(shards):05d}-{digest}.parquet" for i in range(len(shards))]
    assert load(out, "rejected", tmp_path / "cache")["id"] == [r.seed.id for r in rejected]
    assert result.rows["rejected"] == len(rejected)


def test_card_metadata_validates_and_body_is_computed_from_records(run_dir, tmp_path):
    out = tmp_path / "export"
    export_run(run_dir, out)
    text = (out / "README.md").read_text()
    card = DatasetCard.load(out / "README.md", repo_type="dataset")  # the Hub client's own parser
    data = card.data.to_dict()
    assert data["license"] == "unknown" and data["language"] == ["en"]
    assert data["task_categories"] == ["question-answering", "text-generation"]
    assert data["size_categories"] == ["n<1K"] and data["pretty_name"] == "assay research insights (fake-model)"
    assert {"synthetic", "assay"} <= set(data["tags"])
    configs = MetadataConfigs.from_dataset_card_data(card.data)  # how `datasets` reads the configs
    assert sorted(configs) == sorted(CONFIGS)
    for c in CONFIGS:  # the pattern names the content, so `datasets`' cache key (folder name + card) follows it
        assert configs[c]["data_files"] == [{"split": "train", "path": f"data/{c}/train-*-{shard_digest(out, c)}.parquet"}]
    assert configs["insights"].get("default") is True

    all_records = records(run_dir)
    checked, passed = defaultdict(int), defaultdict(int)
    for r in all_records:
        for v in r.verdicts:
            checked[v.validator] += 1
            passed[v.validator] += v.passed
    for stage in checked:
        assert f"| {stage} | {checked[stage]:,} | {passed[stage]:,} | {100 * passed[stage] / checked[stage]:.1f}% |" in text
    prompt = sum(r.usage.prompt_tokens for r in all_records)
    n_accepted = sum(r.status.value == "accepted" for r in all_records)
    assert f"| prompt tokens | {prompt:,} | {prompt / n_accepted:.4g} |" in text
    assert "| cost, USD (estimate) | unknown | unknown |" in text  # the fake endpoint's backend has no prices
    assert "| agent | cli | hosted-generic | fake-model |" in text
    assert f"- prompts `{all_records[0].provenance.prompt_version}`" in text
    assert 'load_dataset("path/to/this/folder", "insights", split="train")' in text
    assert str(tmp_path) not in text and str(run_dir) not in text and "127.0.0.1" not in text


def test_card_options_and_sft_formats(run_dir, tmp_path):
    out = tmp_path / "export"
    done = assay("export", str(run_dir), "--out", str(out), "--sft-format", "plain", "--license", "cc-by-4.0",
                 "--language", "en,fr", "--pretty-name", "Mars facts")
    assert done.returncode == 0, done.stderr
    card = DatasetCard.load(out / "README.md", repo_type="dataset")
    assert (card.data.license, card.data.language, card.data.pretty_name) == ("cc-by-4.0", ["en", "fr"], "Mars facts")
    first = records(run_dir, "accepted")[0].insight
    row = load(out, "sft", tmp_path / "cache")[0]
    assert row["messages"][1]["content"] == "\n".join(first.reasoning) + f"\n\nAnswer: {first.claim}"
    export_run(run_dir, out, opts=None)
    assert "(`--sft-format think`)" in (out / "README.md").read_text()


def test_refuses_what_it_must_not_touch(run_dir, tmp_path):
    not_a_run = assay("export", str(tmp_path), "--out", str(tmp_path / "x"))
    assert not_a_run.returncode == 2 and "not an assay run directory" in not_a_run.stderr
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    clobber = assay("export", str(run_dir), "--out", str(precious))
    assert clobber.returncode == 5 and "is not an assay export" in clobber.stderr
    assert (precious / "notes.txt").read_text() == "keep me"


def test_the_run_writes_the_same_export_as_assay_export(run_dir, tmp_path):
    out = tmp_path / "export"
    export_run(run_dir, out)
    own = run_dir / "dataset"
    files = sorted(p.relative_to(own).as_posix() for p in own.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    for f in files:
        assert (own / f).read_bytes() == (out / f).read_bytes(), f
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["accepted_in_dataset"] == len(records(run_dir, "accepted"))


def test_runs_with_other_rows_in_folders_of_the_same_name_load_their_own_rows(run_dir, tmp_path):
    """`datasets` caches a local folder under its name and card metadata, not its files: every run's export is
    RUN/dataset, so before the card's patterns named a content digest, a second run loaded the first one's rows."""
    cache = tmp_path / "cache"  # one cache for every load, as on a user's machine
    (tmp_path / "small").mkdir()
    small = sampled_run(tmp_path / "small", seeds=1)
    exports = {run: run / "dataset" for run in (run_dir, small)}  # written by the runs themselves
    assert len({len(records(run, "accepted")) for run in exports}) == 2, "the two runs must differ in rows"
    for run, folder in exports.items():
        assert folder.name == "dataset"
        got = datasets.load_dataset(str(folder), "insights", split="train", cache_dir=str(cache))
        assert got.to_list() == [record_row(r) for r in records(run, "accepted")]

    # The same folder, exported again with other rows (`assay run --fresh`, `assay export --out` reused): new rows.
    again = tmp_path / "again" / "dataset"
    for run in (run_dir, small, run_dir):
        export_run(run, again)
        got = datasets.load_dataset(str(again), "insights", split="train", cache_dir=str(cache))
        assert got["id"] == [r.seed.id for r in records(run, "accepted")]
        # Identical rows: identical files, names included, so the Hub skips them and the cache entry is reused.
        same = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
        assert same == {p.relative_to(exports[run]).as_posix(): p.read_bytes()
                        for p in exports[run].rglob("*") if p.is_file()}
        assert re.fullmatch(r"train-00000-of-00001-[0-9a-f]{12}\.parquet",
                            next((again / "data" / "insights").iterdir()).name)
