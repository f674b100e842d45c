"""Source documents and full-text search over them (SQLite FTS5, built once per run)."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from assay.errors import UsageError

SUFFIXES = (".md", ".txt")


class Corpus:
    def __init__(self, docs: dict[str, str]):
        self.docs = docs
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE passages USING fts5(source_id UNINDEXED, start UNINDEXED, text)")
        rows = []
        for sid, text in docs.items():
            for start, passage in _passages(text):
                rows.append((sid, start, passage))
        self._db.executemany("INSERT INTO passages VALUES (?, ?, ?)", rows)

    @classmethod
    def from_dir(cls, folder: str | Path) -> "Corpus":
        d = Path(folder)
        if not d.is_dir():
            raise UsageError(f"{d}: corpus folder not found; pass a folder of .md/.txt files with --corpus")
        docs = {p.stem: p.read_text(encoding="utf-8", errors="replace")
                for p in sorted(d.iterdir()) if p.suffix in SUFFIXES and p.is_file()}
        return cls(docs)

    def __contains__(self, source_id: str) -> bool:
        return source_id in self.docs

    def text(self, source_id: str) -> str:
        return self.docs[source_id]

    def search(self, query: str, k: int = 3) -> list[tuple[str, str]]:
        terms = [t for t in re.findall(r"\w+", query.lower()) if len(t) > 1]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms[:16])
        rows = self._db.execute(
            "SELECT source_id, text FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?",
            (match, k),
        ).fetchall()
        return [(sid, text) for sid, text in rows]

    def read(self, source_id: str, start: int = 0, length: int = 800) -> str:
        if source_id not in self.docs:
            known = ", ".join(sorted(self.docs)[:10])
            raise KeyError(f"no source {source_id!r}; known sources: {known}")
        text = self.docs[source_id]
        start = max(0, int(start))
        return text[start:start + max(1, min(int(length), 4000))]


def _passages(text: str, size: int = 600) -> list[tuple[int, str]]:
    """Paragraph-ish chunks with their character offsets."""
    out, pos = [], 0
    for para in re.split(r"(\n\s*\n)", text):
        if para.strip():
            for i in range(0, len(para), size):
                out.append((pos + i, para[i:i + size]))
        pos += len(para)
    return out
