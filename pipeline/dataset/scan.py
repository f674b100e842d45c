"""Before anything leaves the machine: every file of an export is searched for secrets, row by row."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from assay.secrets import leaks

MAX_FINDINGS = 20


def find_leaks(root: Path, files: list[str]) -> list[str]:
    """'FILE: row N, column C: what' (or 'FILE:LINE: what') for each secret or token-shaped string found."""
    found: list[str] = []
    for name in files:
        for where, text in _cells(root / name):
            found += [f"{name}{where}: {what}" for what in leaks(text)]
            if len(found) >= MAX_FINDINGS:
                return found
    return found


def _cells(path: Path) -> Iterator[tuple[str, str]]:
    if path.suffix == ".parquet":
        pf = pq.ParquetFile(path)
        row = 0
        for batch in pf.iter_batches(batch_size=1024):
            columns = batch.to_pydict()
            for i in range(batch.num_rows):
                for col, values in columns.items():
                    value = values[i]
                    if value is not None:
                        yield f": row {row + i}, column {col}", value if isinstance(value, str) else json.dumps(value)
            row += batch.num_rows
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            yield f":{n}", line
