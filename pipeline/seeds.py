"""Seed files: JSONL, streamed line by line, every problem reported with file and line; or any `datasets` source
(Parquet, CSV, a saved dataset, a Hub id: sources.py) through a column mapping, streamed row by row."""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from assay import sources
from assay.corpus import Corpus
from assay.errors import UsageError
from assay.records import Seed


def demo_seeds_path() -> Path:
    return Path(str(resources.files("assay.shipped_seeds").joinpath("demo.jsonl")))


def default_corpus(seeds: str | Path) -> Path:
    """corpus/ beside the seed file, the default when no corpus is given; a Hub dataset has no folder beside it."""
    if str(seeds).startswith(sources.HUB):
        raise UsageError(f"seeds {seeds}: a Hub dataset has no corpus folder beside it; pass --corpus (run.corpus): a "
                         "folder of .md/.txt documents or a table of documents, e.g. hf:ORG/DOCS")
    return Path(seeds).parent / "corpus"


class BadSeed(UsageError):
    pass


def read_seeds(path: str | Path, *, on_bad: str = "abort", warn=lambda message: None,
               columns: dict[str, str] | None = None, split: str | None = None) -> Iterator[Seed]:
    """Yield seeds in file order; a bad line raises BadSeed (abort) or is reported and skipped (skip).

    `columns` maps seed fields to a table's columns (run.seed_columns); `split` picks a Hub dataset's or a saved
    DatasetDict's split (run.seeds_split)."""
    for _, seed in _located(path, on_bad, warn, columns, split):
        yield seed


def check_seed_file(path: str | Path, corpus: Corpus, *, on_bad: str = "abort", limit: int | None = None,
                    columns: dict[str, str] | None = None, split: str | None = None) -> None:
    """Refuse, before any token is spent, seeds whose `sources` name documents the corpus does not hold.

    Always an error, whatever --on-bad-seed says: a seed that parses is not a bad line, and a missing source
    is usually a wrong --corpus, which skipping would turn into a run of silently dropped seeds. Bad lines are
    left to the job's own pass (it reports or skips them), so they are not reported twice.
    """
    missing = []
    for i, (where, seed) in enumerate(_located(path, on_bad, lambda message: None, columns, split)):
        if limit is not None and i >= limit:
            break
        unknown = ", ".join(repr(s) for s in seed.sources if s not in corpus)
        if unknown:
            missing.append(f"{where}: seed {seed.id!r} cites {unknown}, not in the corpus")
    if missing:
        known = ", ".join(sorted(corpus.docs)[:10]) + (", ..." if len(corpus.docs) > 10 else "")
        more = f"\n  ... and {len(missing) - 20} more" if len(missing) > 20 else ""
        raise UsageError("seeds cite documents the corpus does not hold:\n  " + "\n  ".join(missing[:20]) + more
                         + f"\nThe corpus {corpus.folder or getattr(corpus, 'source', None) or '(given)'} holds: {known or 'nothing'}. Add the documents "
                         "(FILE.md or FILE.txt, where the id is the file name without its suffix), fix the ids, or "
                         "pass the right --corpus")


def is_table(path: str | Path, columns: dict[str, str] | None = None) -> bool:
    """Whether the seeds are read through `datasets` (sources.py) rather than as JSONL lines."""
    return bool(columns) or sources.is_table(path)


def _located(path, on_bad, warn, columns, split) -> Iterator[tuple[str, Seed]]:
    """(where, seed): `FILE:LINE` for JSONL (as it always was), `SOURCE row N` for a table."""
    if is_table(path, columns):
        yield from _table(str(path), on_bad, warn, dict(columns or {}), split)
        return
    for lineno, seed in _numbered(path, on_bad, warn):
        yield f"{path}:{lineno}", seed


def _table(spec: str, on_bad: str, warn, columns: dict[str, str], split: str | None) -> Iterator[tuple[str, Seed]]:
    seen: set[str] = set()
    cols: dict[str, str] | None = None
    for n, row in sources.rows(spec, split):
        if cols is None:  # a mapped column the source lacks is the config's mistake: never skipped
            cols = sources.columns_for(row, columns, sources.SEED_FIELDS, ("question",), spec, "run.seed_columns")
        where = f"{spec} row {n}"
        fields, problem = sources.seed_dict(row, cols, n)
        seed = None
        if fields is not None:
            try:
                seed = Seed.model_validate(fields)
            except ValidationError as e:
                problem = _problem(e).replace(' (a seed needs at least "id" and "question")', "")
        if seed is not None and seed.id in seen:
            problem = f"duplicate seed id {seed.id!r} (column {cols.get('id', 'id')!r}); ids must be unique"
        if problem:
            message = f"{where}: {problem}"
            if on_bad == "abort":
                raise BadSeed(message + "; fix the row or [run.seed_columns], or pass --on-bad-seed skip")
            warn(f"skipping {message}")
            continue
        seen.add(seed.id)
        yield where, seed
    if cols is None:
        raise UsageError(f"{spec}: the seed source has no rows")


def _numbered(path: str | Path, on_bad: str, warn) -> Iterator[tuple[int, Seed]]:
    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{p}: is a folder, not a seed file; pass a JSONL file with --seeds")
    if not p.is_file():
        raise UsageError(f"{p}: seed file not found; pass a JSONL file with --seeds")
    seen: set[str] = set()
    lines = 0
    with p.open("rb") as f:
        for lineno, raw in enumerate(f, 1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)  # editors on Windows write one; it is not part of the JSON
            if not raw.strip():
                continue
            lines += 1
            problem = None
            try:
                line = raw.decode("utf-8")
                seed = Seed.model_validate_json(line.rstrip())  # parsed and validated in one pass (pydantic-core)
                if seed.id in seen:
                    problem = f"duplicate seed id {seed.id!r}; ids must be unique within a file"
            except UnicodeDecodeError as e:
                problem = (f"not UTF-8 text (byte 0x{raw[e.start]:02x} at column {e.start + 1}); save the file as "
                           "UTF-8")
            except ValidationError as e:
                problem = _problem(e)
            if problem:
                message = f"{p}:{lineno}: {problem}"
                if on_bad == "abort":
                    raise BadSeed(message + "; fix the line or pass --on-bad-seed skip")
                warn(f"skipping {message}")
                continue
            seen.add(seed.id)
            yield lineno, seed
    if not lines:
        raise UsageError(f"{p}: the seed file is empty; write one JSON object per line, e.g. "
                         '{"id": "q1", "question": "How many moons does Mars have?"}')


def _problem(e: ValidationError) -> str:
    errors = e.errors()
    if errors[0]["type"] == "json_invalid":
        msg = errors[0]["msg"].removeprefix("Invalid JSON: ").replace(" at line 1 column", " at column")
        return f"not valid JSON ({msg})"
    parts = [f"{'.'.join(str(x) for x in err['loc']) or '(line)'}: {err['msg']}" for err in errors]
    return "; ".join(parts) + " (a seed needs at least \"id\" and \"question\")"
