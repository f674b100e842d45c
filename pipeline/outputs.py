"""What a finished run leaves beside its journal: records.jsonl and a Hugging Face dataset of accepted records."""
from __future__ import annotations

import json
import os
from pathlib import Path

import datasets

datasets.disable_progress_bars()

from .journal import Journal
from .models import Record

ACCEPTED_FEATURES = datasets.Features({
    "id": datasets.Value("string"),
    "question": datasets.Value("string"),
    "domain": datasets.Value("string"),
    "claim": datasets.Value("string"),
    "reasoning": datasets.List(datasets.Value("string")),
    "evidence": datasets.List({"source_id": datasets.Value("string"), "quote": datasets.Value("string")}),
    "confidence": datasets.Value("float64"),
    "verdicts": datasets.List({"validator": datasets.Value("string"), "passed": datasets.Value("bool"),
                                   "reason": datasets.Value("string")}),
    "model": datasets.Value("string"),
    "prompt_version": datasets.Value("string"),
    "prompt_tokens": datasets.Value("int64"),
    "completion_tokens": datasets.Value("int64"),
})


def accepted_row(r: Record) -> dict:
    ins = r.insight
    assert ins is not None
    return {
        "id": r.seed.id,
        "question": r.seed.question,
        "domain": r.seed.domain,
        "claim": ins.claim,
        "reasoning": list(ins.reasoning),
        "evidence": [{"source_id": e.source_id, "quote": e.quote} for e in ins.evidence],
        "confidence": ins.confidence,
        "verdicts": [{"validator": v.validator, "passed": v.passed, "reason": v.reason} for v in r.verdicts],
        "model": r.provenance.model,
        "prompt_version": r.provenance.prompt_version,
        "prompt_tokens": r.usage.prompt_tokens,
        "completion_tokens": r.usage.completion_tokens,
    }


def write_records_jsonl(journal: Journal, path: Path) -> int:
    """All records in seed order; written to a temp file and renamed so a reader never sees half a file."""
    tmp = path.with_suffix(".jsonl.tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for r in journal.records():
            f.write(r.model_dump_json() + "\n")
            n += 1
    os.replace(tmp, path)
    return n


def write_accepted_dataset(journal: Journal, path: Path) -> int:
    """save_to_disk of accepted records with explicit features; `datasets.load_from_disk(path)` reads it."""
    def rows():
        for r in journal.records(status="accepted"):
            yield accepted_row(r)

    columns: dict[str, list] = {name: [] for name in ACCEPTED_FEATURES}
    for row in rows():
        for name, value in row.items():
            columns[name].append(value)
    ds = datasets.Dataset.from_dict(columns, features=ACCEPTED_FEATURES)
    # datasets writes zero shards for an empty dataset and then cannot load it back; one empty shard loads.
    ds.save_to_disk(str(path), num_shards=1 if len(ds) == 0 else None)
    return len(ds)


def write_summary(path: Path, summary: dict) -> None:
    path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
