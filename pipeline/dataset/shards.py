"""Streamed, deterministic Parquet shards for one config: rows in, `train-NNNNN-of-MMMMM-DIGEST.parquet` files out.

Rows are buffered one row group at a time, so memory stays flat however long the run. Output bytes
depend only on the rows and the pyarrow version: no timestamps, no paths. The schema carries the
`datasets.Features` (the `huggingface` metadata key), so `load_dataset` reads back the declared types.

DIGEST (`ShardWriter.digest`) is the first 12 hex digits of the sha256 of the config's shard bytes, in
order; the card's pattern for the config names it (`data/CONFIG/train-*-DIGEST.parquet`). `datasets`
keys its cache of a local folder by the folder's name and the card's metadata, never the files, so
without it a second export with other rows into another folder named `dataset` would load the first
one's cached rows. Same rows give the same names; changed rows give new names, and so a new cache key.
"""
from __future__ import annotations

import hashlib
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
DIGEST_HEX = 12  # 48 bits: names the content of one config, not a security boundary


def shard_name(index: int, count: int, digest: str) -> str:
    """The file name of shard `index` of `count` of a config whose content digest is `digest`."""
    return f"train-{index:05d}-of-{count:05d}-{digest}.parquet"


def data_files_pattern(config: str, digest: str) -> str:
    """The card's `data_files` pattern for a config: its shards of this content and no others."""
    return f"data/{config}/train-*-{digest}.parquet"


class ConfigRows(dict):
    """Rows per config (a plain `dict[str, int]`) that also carries each config's card pattern, `data_files`:
    `card.metadata` writes those, so the card (and with it `datasets`' cache key) names the content."""

    def __init__(self, rows: dict[str, int], data_files: dict[str, str]):
        super().__init__(rows)
        self.data_files = dict(data_files)


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
        self.digest: str | None = None  # set by close() when there are shards
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
        """Finish the last shard and give every shard its final name (count and content digest); returns them in order."""
        self._flush()
        self._close_shard()
        n = len(self._parts)
        if not n:
            return []
        h = hashlib.sha256()
        for part in self._parts:
            with open(part, "rb") as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
        self.digest = h.hexdigest()[:DIGEST_HEX]
        final = []
        for i, part in enumerate(self._parts):
            target = self.folder / shard_name(i, n, self.digest)
            os.replace(part, target)
            final.append(target)
        return final
