"""`assay export`: a run's journal -> Parquet shards per config + a dataset card, in the Hub's folder layout.

    DIR/README.md                                   card: YAML metadata (configs -> shards) + body
    DIR/data/{sft,insights,rejected,preferences}/train-00000-of-00001-DIGEST.parquet
    DIR/.assay-manifest.json                        the files above: the only ones a later export replaces

DIGEST is a content digest of the config's shards (shards.py), and the card's pattern for the config
names it (`data/insights/train-*-DIGEST.parquet`). `datasets.load_dataset(DIR, CONFIG)` caches a local
folder under the folder's name and the card's metadata, not the files' content; with the digest in the
card, an export with other rows gets another cache entry, even in another folder named `dataset` (every
run's own export is RUN/dataset). Same rows give the same names and card, byte for byte.

One streaming pass over the journal feeds every config and the card's statistics, so a run of any
size exports in flat memory. The folder is built beside DIR and swapped in at the end: a reader never
sees a half-written export, and shards of an earlier export never linger. Where DIR also holds files
assay did not write (a `.git`, the user's notes), only assay's files are replaced, one by one, and the
others stay. A non-empty DIR without assay's manifest is refused. `datasets.load_dataset(DIR, CONFIG)`
reads every config that has rows.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from assay.dataset.card import CardOptions, RunStats, render
from assay.report.found import corpus_documents
from assay.errors import RunStateError, UsageError
from assay.files import MANIFEST, Manifest, foreign, read_manifest, remove_owned, storage_problem, write_manifest
from assay.journal import Journal
from assay.records import Status
from assay.dataset.pairs import PairIndex
from assay.dataset.rows import CONFIGS, FEATURES, SFT_FORMATS, preference_row, record_features, record_row, sft_row
from assay.task import run_columns
from assay.dataset.shards import MAX_SHARD_BYTES, ROW_GROUP_ROWS, ConfigRows, ShardWriter, data_files_pattern

MARKER = "<!-- written by `assay export`: exporting again replaces this folder -->"


@dataclass
class ExportResult:
    out_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # what assay wrote, relative to out_dir, sorted (not its manifest)


def export_run(run_dir: Path, out_dir: Path, opts: CardOptions | None = None, *, journal: Journal | None = None,
               max_shard_bytes: int = MAX_SHARD_BYTES, row_group_rows: int = ROW_GROUP_ROWS) -> ExportResult:
    """Export every record of the run in `run_dir` into `out_dir` (replacing an earlier export there)."""
    opts = opts or CardOptions()
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    if opts.sft_format not in SFT_FORMATS:
        raise UsageError(f"--sft-format {opts.sft_format!r}: choose one of {', '.join(SFT_FORMATS)}")
    own = journal is None
    journal = journal or Journal(run_dir, readonly=True)  # a read-only copy of a run exports too
    try:
        earlier = earlier_export(out_dir)
        staging = _staging(out_dir)
        try:
            stats, rows = _write(journal, staging, opts, dict(max_shard_bytes=max_shard_bytes,
                                                              row_group_rows=row_group_rows), run_columns(run_dir))
            stats.corpus_documents = corpus_documents(run_dir)
            card = render(stats, rows, _stages(run_dir), opts)
            (staging / "README.md").write_text(f"{card}\n{MARKER}\n", encoding="utf-8")
            files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                           if p.is_file() and p.name != MANIFEST)
            write_manifest(staging, Manifest("export", set(files)))
            _replace(staging, out_dir, earlier, files)
        except BaseException:
            remove_owned(staging)
            raise
    except OSError as e:
        problem = storage_problem(e)
        if problem is None:
            raise
        what, space = problem
        fix = ("free some space, or pass --out a folder on another disk" if space else
               "pass --out a folder you can write to")
        raise RunStateError(f"cannot write the export {e.filename or out_dir}: {what}; {fix}") from None
    finally:
        if own:
            journal.close()
    return ExportResult(out_dir=out_dir, rows=dict(rows), files=files)


def _write(journal: Journal, staging: Path, opts: CardOptions, sizes: dict,
           columns: dict[str, str] | None = None) -> tuple[RunStats, ConfigRows]:
    """`columns`: a custom task's output columns (task.py), added to insights and rejected."""
    features = FEATURES | {name: record_features(columns) for name in ("insights", "rejected")}
    writers = {name: ShardWriter(staging / "data" / name, features[name], **sizes) for name in CONFIGS}
    stats = RunStats()
    pairs = PairIndex("")  # SQLite's private temporary file, unlinked as it is opened: a kill leaves nothing in /tmp
    try:
        for r in journal.records():
            stats.add(r)
            if r.insight is None:
                continue  # failed: no answer to learn from; it stays in records.jsonl
            if r.status == Status.accepted:
                writers["insights"].write(record_row(r, columns))
                writers["sft"].write(sft_row(r, opts.sft_format))
            elif r.status == Status.rejected:
                writers["rejected"].write(record_row(r, columns))
            pairs.add(r, opts.sft_format)
        for question, chosen, rejected, context in pairs.pairs():
            writers["preferences"].write(preference_row(question, chosen, rejected, context))
    finally:
        pairs.close()
    for w in writers.values():
        w.close()
    return stats, ConfigRows({name: w.rows for name, w in writers.items()},
                             {name: data_files_pattern(name, w.digest) for name, w in writers.items() if w.digest})


def _stages(run_dir: Path) -> list[str]:
    """The configured validator stack (config.json), so stages no record reached still show."""
    try:
        return list(json.loads((run_dir / "config.json").read_text(encoding="utf-8"))["validators"]["stages"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def earlier_export(out_dir: Path) -> Manifest | None:
    """The files of the export already in `out_dir` (None: there is none); a folder assay cannot replace is refused."""
    if out_dir.is_symlink() or out_dir.exists() and not out_dir.is_dir():
        raise RunStateError(f"{out_dir} is a file or a link, not a folder; pass --out a folder (it is created if "
                            "missing)")
    if not out_dir.exists() or not any(out_dir.iterdir()):
        return None
    manifest = read_manifest(out_dir)
    if manifest is not None and manifest.kind == "export":
        return manifest
    legacy = _legacy_files(out_dir, need_marker=True)  # an assay from before manifests wrote it, and nothing else
    if legacy is not None:
        return Manifest("export", legacy)
    others = foreign(out_dir, set())
    shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
    raise RunStateError(f"{out_dir} is not empty and is not an assay export ({shown}); refusing to replace it, and "
                        "assay never deletes files it did not write. Choose another --out (a new or empty folder), "
                        "or copy the export's files there yourself")


# What assay wrote into an export folder before manifests: the card and shards, and 0.1.0's save_to_disk files
# in a run's own dataset/ (only beside an assay journal).
_LEGACY = re.compile(r"README\.md|data/[a-z]+/(train|part)-\d{5}(-of-\d{5})?\.parquet")
_SAVED = re.compile(r"state\.json|dataset_info\.json|data-\d{5}-of-\d{5}\.arrow")


def _legacy_files(out_dir: Path, *, need_marker: bool) -> set[str] | None:
    files = set(foreign(out_dir, set()))
    readme = out_dir / "README.md"
    if not need_marker or readme.is_file() and MARKER in readme.read_text(encoding="utf-8", errors="replace"):
        return files if all(_LEGACY.fullmatch(f) for f in files) else None
    if "state.json" in files and Journal.exists(out_dir.parent):
        return files if all(_SAVED.fullmatch(f) for f in files) else None
    return None


def _staging(out_dir: Path) -> Path:
    """A new folder beside `out_dir`, assay's by its manifest; one left by a killed export is removed first."""
    staging = out_dir.with_name(f".{out_dir.name}.partial")
    if staging.exists() or staging.is_symlink():
        left = None
        if staging.is_dir() and not staging.is_symlink():  # a killed export's (an older assay's has no manifest)
            left = read_manifest(staging)
            if left is None and _legacy_files(staging, need_marker=False) is not None:
                left = Manifest("staging")
        if left is None:
            raise RunStateError(f"{staging} exists and was not made by assay; remove or rename it (assay builds the "
                                f"export there before swapping it into {out_dir})")
        remove_owned(staging, left)
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.mkdir()
    write_manifest(staging, Manifest("staging"))
    return staging


def _replace(staging: Path, out_dir: Path, earlier: Manifest | None, files: list[str]) -> None:
    """Put the new export in place of the earlier one, leaving every file assay did not write where it is."""
    if not out_dir.exists() or earlier is not None and not foreign(out_dir, earlier.files):  # wholly assay's: swap
        old = out_dir.with_name(f".{out_dir.name}.old")
        remove_owned(old)
        if old.exists():
            raise RunStateError(f"{old} exists and was not made by assay; remove or rename it")
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
        remove_owned(old, earlier)
        return
    # The user's files beside assay's (or an empty folder, perhaps a mount point): file by file. The manifest
    # lists old and new files until the move is done, so a crash in between leaves nothing unaccounted for.
    before = earlier.files if earlier else set()
    clash = [f for f in files if f not in before and ((out_dir / f).exists() or (out_dir / f).is_symlink())]
    if clash:
        raise RunStateError(f"{out_dir}: {', '.join(clash[:5])} exists and was not written by assay; refusing to "
                            "overwrite it. Move it away or choose another --out")
    write_manifest(out_dir, Manifest("export", before | set(files)))
    for f in files:
        (out_dir / f).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / f, out_dir / f)
    remove_owned(out_dir, Manifest("export", before | set(files)), keep=set(files), keep_folder=True)
    remove_owned(staging, Manifest("staging"))
