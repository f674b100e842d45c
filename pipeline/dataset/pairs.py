"""Preference pairs: an accepted and a rejected attempt at the same question become a DPO chosen/rejected pair.

The runner keeps one record per seed id, so several attempts at one question are several seeds with
the same question text (`assay run --samples K` makes them: ids `SEED#0`..`SEED#K-1`). Questions are
matched on their text with whitespace collapsed. Within a question, each accepted attempt (in seed
order) takes the next unused rejected attempt whose assistant text differs from its own, so each record
is in at most one pair; a pair of identical texts would teach nothing and is never made. Sides are kept in a temporary SQLite file, not in memory, because a run can hold 100k records.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assay.records import Record, Status
from assay.dataset.rows import assistant_text


def question_key(question: str) -> str:
    return " ".join(question.split())


class PairIndex:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")  # scratch data: rebuilt by every export
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE sides (q TEXT NOT NULL, accepted INTEGER NOT NULL, n INTEGER NOT NULL, "
                        "question TEXT NOT NULL, body TEXT NOT NULL)")
        self.n = 0

    def add(self, r: Record, sft_format: str) -> None:
        """Remember one side; only accepted and rejected records have an insight to compare."""
        if r.insight is None or r.status not in (Status.accepted, Status.rejected):
            return
        body = {"id": r.seed.id, "text": assistant_text(r.insight, sft_format),
                "stage": r.failed_stage, "reason": r.reason}
        self.db.execute("INSERT INTO sides VALUES (?, ?, ?, ?, ?)",
                        (question_key(r.seed.question), int(r.status == Status.accepted), self.n,
                         r.seed.question, json.dumps(body)))
        self.n += 1

    def pairs(self) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
        """(question, chosen side, rejected side), questions in order of their first attempt."""
        self.db.execute("CREATE INDEX sides_q ON sides(q, accepted, n)")
        questions = self.db.execute(
            "SELECT q, MIN(n) AS first FROM sides GROUP BY q "
            "HAVING MAX(accepted) = 1 AND MIN(accepted) = 0 ORDER BY first").fetchall()
        for q, _ in questions:
            sides = self.db.execute("SELECT accepted, question, body FROM sides WHERE q=? ORDER BY n", (q,)).fetchall()
            rejected = [json.loads(b) for a, _, b in sides if not a]
            question = sides[0][1]
            for c in (json.loads(b) for a, _, b in sides if a):
                # The next unused rejected attempt that reads differently: identical texts teach nothing.
                r = next((x for x in rejected if x["text"] != c["text"]), None)
                if r is None:
                    break
                rejected.remove(r)
                yield question, c, r

    def close(self) -> None:
        self.db.close()


def sibling_pairs(context: list[dict[str, Any]], leaves: list[tuple[str, bool]]) -> list[dict[str, Any]]:
    """Tree leaves forked from one `context` -> DPO pairs whose prompt is exactly that shared context.
    `leaves` are (assistant text, accepted) in branch order; each accepted leaf takes the next unused rejected
    sibling that reads differently, so every leaf is in at most one pair."""
    rejected = [text for text, ok in leaves if not ok]
    pairs = []
    for text, ok in leaves:
        if not ok:
            continue
        other = next((r for r in rejected if r != text), None)
        if other is None:
            break
        rejected.remove(other)
        pairs.append({"prompt": [dict(m) for m in context], "chosen": text, "rejected": other})
    return pairs
