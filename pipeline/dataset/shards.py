"""Streamed, deterministic Parquet shards for one config: rows in, `train-NNNNN-of-MMMMM.parquet` files out.

Rows are buffered one row group at a time, so memory stays flat however long the run. Output bytes
depend only on the rows and the pyarrow version: no timestamps, no paths. The schema carries the
`datasets.Features` (the `huggingface` metadata key), so `load_dataset` reads back the declared types.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 1000  # the `datasets` writer's default batch
MAX_SHARD_BYTES = 500 * 1000 * 1000  # the Hub's (and `datasets`') recommended shard size
# Content-defined chunking makes an unchanged row range produce unchanged pages, so the Hub's Xet
# storage deduplicates a re-export of a grown run; same options as `datasets.push_to_hub`.
CDC = {"min_chunk_size": 256 * 1024, "max_chunk_size": 1024 * 1024, "norm_level": 0}


class ShardWriter:
    """Write rows of one config into `folder/train-*.parquet`; nothing is written for zero rows."""

    def __init__(self, folder: Path, features: datasets.Features, *, max_shard_bytes: int = MAX_SHARD_BYTES,
                 row_group_rows: int = ROW_GROUP_ROWS):
        self.folder = Path(folder)
        self.features = features
        self.schema = features.arrow_schema
        self.max_shard_bytes = max_shard_bytes
        self.row_group_rows = row_group_rows
        self.rows = 0
        self._buffer: list[dict[str, Any]] = []
        self._parts: list[Path] = []
        self._writer: pq.ParquetWriter | None = None

    def write(self, row: dict[str, Any]) -> None:
        self._buffer.append(self.features.encode_example(row))
        self.rows += 1
        if len(self._buffer) >= self.row_group_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"part-{len(self._parts):05d}.parquet"
            self._parts.append(path)
            self._writer = pq.ParquetWriter(path, self.schema, compression="snappy", write_page_index=True,
                                            use_content_defined_chunking=CDC)
        self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
        self._buffer.clear()
        if self._parts[-1].stat().st_size >= self.max_shard_bytes:
            self._close_shard()

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close(self) -> list[Path]:
        """Finish the last shard and give every shard its final `-of-` name; returns them in order."""
        self._flush()
        self._close_shard()
        n = len(self._parts)
        final = []
        for i, part in enumerate(self._parts):
            target = self.folder / f"train-{i:05d}-of-{n:05d}.parquet"
            os.replace(part, target)
            final.append(target)
        return final
