"""`assay export`: a run's journal -> Parquet shards per config + a dataset card, in the Hub's folder layout.

    DIR/README.md                                   card: YAML metadata (configs -> shards) + body
    DIR/data/{sft,insights,rejected,preferences}/train-00000-of-00001.parquet

One streaming pass over the journal feeds every config and the card's statistics, so a run of any
size exports in flat memory. The folder is built beside DIR and swapped in at the end: a reader never
sees a half-written export, and shards of an earlier export never linger. `datasets.load_dataset(DIR,
CONFIG)` reads every config that has rows.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assay.dataset.card import CardOptions, RunStats, render
from assay.errors import RunStateError, UsageError
from assay.journal import Journal
from assay.records import Status
from assay.dataset.pairs import PairIndex
from assay.dataset.rows import CONFIGS, FEATURES, SFT_FORMATS, preference_row, record_row, sft_row
from assay.dataset.shards import MAX_SHARD_BYTES, ROW_GROUP_ROWS, ShardWriter

MARKER = "<!-- written by `assay export`: exporting again replaces this folder -->"


@dataclass
class ExportResult:
    out_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # relative to out_dir, sorted


def export_run(run_dir: Path, out_dir: Path, opts: CardOptions | None = None, *, journal: Journal | None = None,
               max_shard_bytes: int = MAX_SHARD_BYTES, row_group_rows: int = ROW_GROUP_ROWS) -> ExportResult:
    """Export every record of the run in `run_dir` into `out_dir` (replacing an earlier export there)."""
    opts = opts or CardOptions()
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    if opts.sft_format not in SFT_FORMATS:
        raise UsageError(f"--sft-format {opts.sft_format!r}: choose one of {', '.join(SFT_FORMATS)}")
    if journal is None and not Journal.exists(run_dir):
        raise UsageError(f"{run_dir}: not an assay run directory (no journal.sqlite); pass the --out of an `assay run`")
    _check_replaceable(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    own = journal is None
    journal = journal or Journal(run_dir)
    try:
        stats, rows = _write(journal, staging, opts, dict(max_shard_bytes=max_shard_bytes, row_group_rows=row_group_rows))
    finally:
        if own:
            journal.close()
    card = render(stats, rows, _stages(run_dir), opts)
    (staging / "README.md").write_text(f"{card}\n{MARKER}\n", encoding="utf-8")
    _swap(staging, out_dir)
    files = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
    return ExportResult(out_dir=out_dir, rows=rows, files=files)


def _write(journal: Journal, staging: Path, opts: CardOptions, sizes: dict) -> tuple[RunStats, dict[str, int]]:
    writers = {name: ShardWriter(staging / "data" / name, FEATURES[name], **sizes) for name in CONFIGS}
    staging.mkdir(parents=True)
    stats = RunStats()
    with tempfile.TemporaryDirectory(prefix="assay-pairs-") as tmp:
        pairs = PairIndex(Path(tmp) / "pairs.sqlite")
        try:
            for r in journal.records():
                stats.add(r)
                if r.insight is None:
                    continue  # failed: no answer to learn from; it stays in records.jsonl
                if r.status == Status.accepted:
                    writers["insights"].write(record_row(r))
                    writers["sft"].write(sft_row(r, opts.sft_format))
                elif r.status == Status.rejected:
                    writers["rejected"].write(record_row(r))
                pairs.add(r, opts.sft_format)
            for question, chosen, rejected in pairs.pairs():
                writers["preferences"].write(preference_row(question, chosen, rejected))
        finally:
            pairs.close()
    for w in writers.values():
        w.close()
    return stats, {name: w.rows for name, w in writers.items()}


def _stages(run_dir: Path) -> list[str]:
    """The configured validator stack (config.json), so stages no record reached still show."""
    try:
        return list(json.loads((run_dir / "config.json").read_text(encoding="utf-8"))["validators"]["stages"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _check_replaceable(out_dir: Path) -> None:
    """Only an empty folder or an earlier assay export may be replaced: never delete someone's files."""
    if not out_dir.exists() or (out_dir.is_dir() and not any(out_dir.iterdir())):
        return
    readme = out_dir / "README.md"
    if out_dir.is_dir() and readme.is_file() and MARKER in readme.read_text(encoding="utf-8", errors="replace"):
        return
    if out_dir.is_dir() and (out_dir / "state.json").is_file() and (out_dir.parent / "journal.sqlite").is_file():
        return  # the `dataset/` a run of assay 0.1.0 wrote with save_to_disk, inside its own run directory
    raise RunStateError(f"{out_dir} exists and is not an assay export; refusing to replace it. "
                        "Choose another --out, or empty that folder first.")


def _swap(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
