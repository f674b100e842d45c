"""The Python API: a job from a config or keyword arguments, run sync or async, its results as a DatasetDict.

    import assay
    job = assay.Job(run={"seeds": "seeds.jsonl", "out": "runs/x"},
                    endpoints={"vllm": {"base_url": "http://127.0.0.1:8000/v1", "model": "Qwen/Qwen3-8B"}},
                    roles={"agent": "vllm"})
    run = job.run()                  # or: run = await job.arun()
    ds = run.dataset()               # DatasetDict: sft, insights, rejected, preferences
    run = assay.open_run("runs/x")   # a run made earlier, by the CLI or the API

The keyword arguments are the TOML config's sections, and they go through the same loader as `assay run`'s
flags (config.load_config), so a bad value is reported with its key path; the run itself is the CLI's
(run/runner.py). Nothing here is a second implementation of either.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assay.config import Config, load_config
from assay.journal import FILENAME, Journal, not_a_journal
from assay.records import Record
from assay.scratch import scratch_dir

if TYPE_CHECKING:
    import datasets

    from assay.run.revalidate import Revalidation

SECTIONS = tuple(Config.model_fields)  # run, agent, endpoints, roles, validators, budget, metering, backends, models


class Job:
    """A configured batch job: `Job("assay.toml", run={"limit": 10})`, `Job(cfg)` or `Job(run={...}, ...)`.

    `config` is a Config, a TOML file or a dict shaped like one; `sections` (the TOML's top-level tables as
    dicts or config models) are laid over it, key by key.
    """

    def __init__(self, config: Config | str | Path | Mapping[str, Any] | None = None, /, **sections: Any):
        self.config = build_config(config, **sections)

    @property
    def out(self) -> Path:
        return Path(self.config.run.out)

    def run(self, *, fresh: bool = False, progress: bool | None = None, retry_failed: str | None = None) -> "Run":
        """Run (or resume) the job as `assay run` does and open its run directory.

        `fresh` starts over; `retry_failed` ("" = all, or text in the reason) attempts failed seeds again;
        `progress` None shows a bar when stderr is a terminal. Raises the CLI's errors (assay.errors).
        """
        from assay.run.runner import run

        summary = run(self.config, fresh=fresh, progress=progress, retry_failed=retry_failed)
        return Run(summary.run_dir)

    async def arun(self, *, fresh: bool = False, progress: bool | None = None,
                   retry_failed: str | None = None) -> "Run":
        """As run(), on the caller's event loop."""
        from assay.run.runner import arun

        summary = await arun(self.config, fresh=fresh, progress=progress, retry_failed=retry_failed)
        return Run(summary.run_dir)


def build_config(config: Config | str | Path | Mapping[str, Any] | None = None, /, **sections: Any) -> Config:
    """One validated Config from a base (Config, TOML path or dict) and sections laid over it."""
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        from assay.errors import UsageError

        raise UsageError(f"unknown config section {', '.join(map(repr, unknown))}; the sections are "
                         f"{', '.join(SECTIONS)} (as in the TOML config)")
    if isinstance(config, Config) and not sections:
        return config.model_copy(deep=True)
    path = config if isinstance(config, (str, Path)) else None
    base = config.model_dump(exclude_unset=True) if isinstance(config, Config) else dict(config or {}) if path is None else {}
    overrides = dict(_dotted(base))
    overrides.update(_dotted({name: _plain(value) for name, value in sections.items()}))
    return load_config(path, overrides)


def _plain(value: Any) -> Any:
    return value.model_dump(exclude_unset=True) if hasattr(value, "model_dump") else value


def _dotted(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """{"run": {"out": "x"}} -> ("run.out", "x"): the dotted keys load_config lays over the file, leaf by leaf."""
    for key, value in tree.items():
        value = _plain(value)
        if isinstance(value, Mapping) and value:
            yield from _dotted(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@dataclass(frozen=True)
class Run:
    """A run directory (finished, interrupted or still running): its records, summary, config and dataset."""

    path: Path

    def records(self, status: str | None = None) -> Iterator[Record]:
        """Every seed's record in seed order (only `status`: accepted, rejected or failed, if given), streamed."""
        journal = Journal(self.path, readonly=True)
        try:
            yield from journal.records(status)
        finally:
            journal.close()

    def counts(self) -> dict[str, int]:
        """Records per status, from the journal."""
        journal = Journal(self.path, readonly=True)
        try:
            return journal.counts()
        finally:
            journal.close()

    @property
    def summary(self) -> dict[str, Any] | None:
        """summary.json as the last run wrote it (None while the first run is still going)."""
        try:
            return json.loads((self.path / "summary.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    @property
    def config(self) -> Config:
        """The config the run was started with (config.json; secrets redacted)."""
        return Config.model_validate_json((self.path / "config.json").read_text(encoding="utf-8"))

    def revalidate(self, stages: list[str] | None = None, *, corpus: str | Path | None = None,
                   all_verdicts: bool | None = None, **sections: Any) -> "Revalidation":
        """Check the run's insights again with `stages` (no agent calls) and commit the verdicts as its next
        generation, as `assay revalidate` does; `sections` (e.g. validators={"params": ...}) override the run's
        config. Returns the counts before and after (`.table()` prints them)."""
        from assay.run.revalidate import revalidate

        config = build_config(self.config, **sections) if sections else None
        return revalidate(self.path, stages, config=config, corpus=corpus, all_verdicts=all_verdicts)

    def generations(self) -> list[dict[str, Any]]:
        """Every revalidation of the run, oldest first (stages, params, counts before and after); [] if none."""
        from assay.run.revalidate import history

        return history(self.path)

    def dataset(self) -> "datasets.DatasetDict":
        """The export's configs (sft, insights, rejected, preferences), each a `datasets.Dataset`; a config
        without rows is an empty Dataset with its features. Read from RUN/dataset, or exported from the journal
        where the run has not written one yet."""
        from assay.files import read_manifest

        folder = self.path / "dataset"
        manifest = read_manifest(folder) if folder.is_dir() else None
        if manifest is not None and manifest.kind == "export":
            return load_export(folder)
        from assay.dataset.export import export_run

        with scratch_dir("assay-dataset-") as tmp:  # loaded in memory; the folder goes even if we are killed
            export_run(self.path, Path(tmp) / "dataset")
            return load_export(Path(tmp) / "dataset", cache_dir=Path(tmp) / "cache", keep_in_memory=True)


def open_run(path: str | Path) -> Run:
    """An existing run directory (made by `assay run` or Job.run); a folder without an assay journal is refused."""
    run = Run(Path(path))
    if not Journal.exists(run.path):
        raise not_a_journal(run.path / FILENAME, reading=True)
    return run


def _features(name: str, shard: str) -> "datasets.Features":
    """The config's declared features; a custom task's records add an `output` column (task.py), read from the
    shard's own schema, which export declared from the task's schema."""
    import datasets
    import pyarrow.parquet as pq

    from assay.dataset.rows import FEATURES

    schema = pq.read_schema(shard)
    return datasets.Features.from_arrow_schema(schema) if "output" in schema.names else FEATURES[name]


def load_export(folder: str | Path, *, cache_dir: Path | None = None,
                keep_in_memory: bool = False) -> "datasets.DatasetDict":
    """An export folder (`assay export`'s --out, or RUN/dataset) as a DatasetDict of every config.

    Each config's shards go through the `parquet` builder, whose cache key holds the files' paths and times:
    `load_dataset(DIR, CONFIG)` keys its cache by the folder's name and card only (measured with datasets 5.2),
    which is safe for an export's own card (its patterns name each config's content digest) but not for a
    folder whose card an older assay wrote.
    """
    import datasets

    from assay.dataset.rows import CONFIGS, FEATURES

    folder = Path(folder)
    out = {}
    for name in CONFIGS:
        shards = sorted(str(p) for p in (folder / "data" / name).glob("*.parquet"))
        if shards:
            out[name] = datasets.load_dataset("parquet", data_files={"train": shards}, split="train",
                                              features=_features(name, shards[0]), cache_dir=cache_dir and str(cache_dir),
                                              keep_in_memory=keep_in_memory)
        else:  # export writes no shard for an empty config, and the card lists none
            out[name] = datasets.Dataset.from_dict({key: [] for key in FEATURES[name]}, features=FEATURES[name])
    return datasets.DatasetDict(out)
