"""Seeds and documents from any `datasets` source, streamed row by row, with a column mapping.

A source is one of:

- `hf:ORG/NAME`: a Hub dataset, through `datasets.load_dataset(..., streaming=True)` (needs the Hub);
- a local `.parquet`, `.csv`, `.json`/`.jsonl` or `.arrow` file, or a folder of such files (one kind);
- a folder written by `Dataset.save_to_disk` / `DatasetDict.save_to_disk` (memory-mapped, read in batches).

Rows come one at a time with their 1-based row number, so a million rows never sit in memory; problems
name the source, the row and the column. The seed JSONL reader (seeds.py) and the .md/.txt corpus folder
(corpus.py) stay as they were; this module is for everything else.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from assay.errors import UsageError

HUB = "hf:"
BUILDERS = {".parquet": "parquet", ".csv": "csv", ".json": "json", ".jsonl": "json", ".arrow": "arrow"}
SEED_FIELDS = ("id", "question", "sources", "reference_answer", "domain", "tags", "allow_no_evidence")
DOC_FIELDS = ("id", "text")
BATCH = 1024


def is_table(spec: str | Path) -> bool:
    """Whether `spec` names a `datasets` source rather than a seed JSONL file or a folder of .md/.txt documents.
    A .jsonl file is a table only when a column mapping is given (the caller decides that)."""
    s = str(spec)
    if s.startswith(HUB):
        return True
    p = Path(s)
    if p.is_file():
        return p.suffix in BUILDERS and p.suffix != ".jsonl"
    if p.is_dir():
        return _saved(p) is not None or (not _has_text_docs(p) and bool(_data_files(p)))
    return p.suffix in (".parquet", ".csv", ".arrow")  # named but missing: rows() says it is not found


def rows(spec: str | Path, split: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number from 1, row) for every row of the source, streamed."""
    s = str(spec)
    try:
        if s.startswith(HUB):
            yield from _numbered(_hub(s, split))
            return
        p = Path(s)
        if not p.exists():
            raise UsageError(f"{s}: not found; pass a file (.parquet, .csv, .json, .jsonl, .arrow), a folder of them, "
                             "a saved dataset folder (save_to_disk), or a Hub dataset as hf:ORG/NAME")
        saved = _saved(p) if p.is_dir() else None
        if saved is not None:
            yield from _numbered(_from_disk(p, saved, split))
            return
        files = [p] if p.is_file() else _data_files(p)
        kinds = {BUILDERS.get(f.suffix) for f in files}
        if not files or None in kinds:
            raise UsageError(f"{s}: not a data file assay reads; use .parquet, .csv, .json, .jsonl or .arrow")
        if len(kinds) > 1:
            raise UsageError(f"{s}: holds files of several kinds ({', '.join(sorted(kinds))}); keep one kind per folder")
        yield from _numbered(_stream(kinds.pop(), [str(f) for f in files]))
    except UsageError:
        raise
    except Exception as e:  # datasets/pyarrow errors: unreadable file, Hub unreachable, unknown dataset or split
        raise UsageError(f"{s}: cannot read it as a dataset ({type(e).__name__}: {str(e).splitlines()[0][:300]})") from e


def _numbered(it) -> Iterator[tuple[int, dict[str, Any]]]:
    return enumerate(it, 1)


def _hub(spec: str, split: str | None):
    import datasets

    name = spec[len(HUB):]
    return iter(datasets.load_dataset(name, split=split or "train", streaming=True))


def _stream(builder: str, files: list[str]):
    import datasets

    if builder == "parquet":  # read by row groups' batches straight from pyarrow: the least held in memory
        import pyarrow.parquet as pq

        def parquet():
            for f in files:
                # unbuffered reads: pre_buffer would fetch whole row groups (hundreds of MB in a big file) at once
                with pq.ParquetFile(f, pre_buffer=False, buffer_size=1 << 20) as pf:
                    for batch in pf.iter_batches(batch_size=BATCH):
                        yield from batch.to_pylist()
        return parquet()
    return iter(datasets.load_dataset(builder, data_files=files, split="train", streaming=True))


def _saved(p: Path) -> str | None:
    if (p / "dataset_dict.json").is_file():
        return "dict"
    if (p / "state.json").is_file() and (p / "dataset_info.json").is_file():
        return "dataset"
    return None


def _from_disk(p: Path, kind: str, split: str | None):
    import datasets

    ds = datasets.load_from_disk(str(p))
    if kind == "dict":
        names = list(ds)
        chosen = split or ("train" if "train" in ds or len(names) != 1 else names[0])
        if chosen not in ds:
            raise UsageError(f"{p}: no split {chosen!r}; it has {', '.join(names)}; set run.seeds_split "
                             "(or run.corpus_split) to one of them")
        ds = ds[chosen]
    for batch in ds.iter(batch_size=BATCH):
        keys = list(batch)
        for values in zip(*(batch[k] for k in keys)):
            yield dict(zip(keys, values))


def _data_files(d: Path) -> list[Path]:
    return sorted(f for f in d.iterdir() if f.is_file() and f.suffix in BUILDERS)


def _has_text_docs(d: Path) -> bool:
    from assay.corpus import SUFFIXES

    return any(f.suffix in SUFFIXES for f in d.iterdir())


# -- column mappings ---------------------------------------------------------------------------------------------

def columns_for(row: Mapping[str, Any], mapping: Mapping[str, str], fields: tuple[str, ...], required: tuple[str, ...],
                where: str, key: str) -> dict[str, str]:
    """field -> column for the fields the source holds; a mapped column the source lacks, or a required field
    without a column, is a UsageError naming the column, the columns there are and the key to set."""
    have = list(row)
    shown = ", ".join(have[:30]) + (", ..." if len(have) > 30 else "")
    out = {}
    for f in fields:
        col = mapping.get(f, f)
        if col in row:
            out[f] = col
        elif f in mapping:
            raise UsageError(f"{where}: column {col!r} not found (mapped by {key}.{f}); the source has columns: "
                             f"{shown}. Set {key}.{f} to one of them")
        elif f in required:
            raise UsageError(f"{where}: no column {f!r}; the source has columns: {shown}. Map one to it in the "
                             f"config, e.g. [{key}] {f} = \"{have[0] if have else 'COLUMN'}\"")
    return out


def text_value(value: Any, col: str, field: str, *, numbers: bool = False) -> tuple[str | None, str | None]:
    """(text, problem): a string as it is; a whole number too when `numbers` (ids); anything else a problem."""
    if isinstance(value, str):
        return value, None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    return None, f"column {col!r} ({field}) holds {_kind(value)}, not text"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= 40 else shown[:37] + '...'}"


def seed_dict(row: Mapping[str, Any], cols: dict[str, str], rownum: int) -> tuple[dict[str, Any] | None, str | None]:
    """The Seed fields of one row through the mapping, or the problem with it."""
    out: dict[str, Any] = {}
    if "id" in cols:
        out["id"], problem = text_value(row[cols["id"]], cols["id"], "id", numbers=True)
        if problem:
            return None, problem
    else:
        out["id"] = f"row{rownum}"
    out["question"], problem = text_value(row[cols["question"]], cols["question"], "question")
    if problem:
        return None, problem
    if not out["question"].strip():
        return None, f"column {cols['question']!r} (question) is empty"
    for f in ("reference_answer", "domain"):
        if f in cols and row[cols[f]] is not None:
            value = row[cols[f]]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            out[f], problem = text_value(value, cols[f], f)
            if problem:
                return None, problem
    for f in ("sources", "tags"):
        if f in cols and row[cols[f]] is not None:
            value = row[cols[f]]
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                return None, f"column {cols[f]!r} ({f}) holds {_kind(value)}, not a list of text"
            out[f] = [v for v in value if v]
    if "allow_no_evidence" in cols and row[cols["allow_no_evidence"]] is not None:
        out["allow_no_evidence"] = bool(row[cols["allow_no_evidence"]])
    return out, None


def documents(spec: str | Path, mapping: Mapping[str, str] | None = None,
              split: str | None = None) -> dict[str, str]:
    """id -> text for every row of a document source; problems (up to 20) refused together."""
    mapping = dict(mapping or {})
    docs: dict[str, str] = {}
    rownums: dict[str, int] = {}
    problems: list[str] = []
    cols: dict[str, str] | None = None
    for n, row in rows(spec, split):
        if cols is None:
            cols = columns_for(row, mapping, DOC_FIELDS, ("text",), str(spec), "run.corpus_columns")
        where = f"{spec} row {n}"
        if "id" in cols:
            sid, problem = text_value(row[cols["id"]], cols["id"], "id", numbers=True)
        else:
            sid, problem = f"row{n}", None
        text = None
        if not problem:
            text, problem = text_value(row[cols["text"]], cols["text"], "text")
        if not problem and sid in rownums:
            problem = f"duplicate document id {sid!r} (also row {rownums[sid]}); ids must be unique"
        if problem:
            problems.append(f"{where}: {problem}")
            if len(problems) > 20:
                break
            continue
        docs[sid] = text
        rownums[sid] = n
    if cols is None:
        raise UsageError(f"{spec}: the corpus has no rows")
    if problems:
        raise UsageError(f"corpus {spec}: {len(problems)} problem{'s' * (len(problems) > 1)} (fix the rows or "
                         "[run.corpus_columns])\n  " + "\n  ".join(problems[:20]))
    return docs


def fingerprint(docs: Mapping[str, str]) -> str:
    """The documents' ids and texts, hashed: what resume compares for a corpus that is not a folder of files."""
    h = hashlib.sha256()
    for sid in sorted(docs):
        h.update(sid.encode() + b"\0" + docs[sid].encode() + b"\0")
    return f"{len(docs)} documents, sha256 {h.hexdigest()[:12]}"
