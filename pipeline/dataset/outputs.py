"""What a finished run leaves beside its journal: records.jsonl, summary.json and its dataset export."""
from __future__ import annotations

import json
import os
from pathlib import Path

from assay.dataset.card import CardOptions
from assay.dataset.export import export_run
from assay.journal import Journal


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


def write_dataset(journal: Journal, run_dir: Path) -> int:
    """The run's own `dataset/`: the same export as `assay export RUN --out RUN/dataset`; returns accepted rows."""
    return export_run(run_dir, run_dir / "dataset", CardOptions(), journal=journal).rows["insights"]


def write_summary(path: Path, summary: dict) -> None:
    path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
