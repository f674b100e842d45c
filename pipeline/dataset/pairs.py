"""Preference pairs: an accepted and a rejected attempt at the same question become a DPO chosen/rejected pair.

The runner keeps one record per seed id, so several attempts at one question are several seeds with
the same question text (`assay run --samples K` makes them: ids `SEED#0`..`SEED#K-1`). Questions are
matched on their text with whitespace collapsed. Within a question, each accepted attempt (in seed
order) takes the next unused rejected attempt whose assistant text differs from its own, so each record
is in at most one pair; a pair of identical texts would teach nothing and is never made. Tree leaves
(`agent.tree_breadth`) pair with their siblings first: same shared context (the record's `messages[:fork_at]`),
which becomes the pair's prompt, and everything after it as generated (one reply, or a branch's steps, its
observations as user turns, and its answer). Sides are kept in a temporary SQLite file, not in
memory, because a run can hold 100k records.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assay.records import Record, Status
from assay.dataset.rows import assistant_text, message


def question_key(question: str) -> str:
    return " ".join(question.split())


class PairIndex:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")  # scratch data: rebuilt by every export
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE sides (q TEXT NOT NULL, accepted INTEGER NOT NULL, n INTEGER NOT NULL, "
                        "question TEXT NOT NULL, body TEXT NOT NULL, ctx TEXT)")
        self.db.execute("CREATE TABLE contexts (ctx TEXT PRIMARY KEY, messages TEXT NOT NULL)")
        self.n = 0

    def add(self, r: Record, sft_format: str) -> None:
        """Remember one side; only accepted and rejected records have an insight to compare. A tree leaf also
        keeps its reply as generated and the context it shares with its siblings (stored once per context)."""
        if r.insight is None or r.status not in (Status.accepted, Status.rejected):
            return
        body = {"id": r.seed.id, "text": assistant_text(r.insight, sft_format),
                "stage": r.failed_stage, "reason": r.reason}
        ctx = None
        if r.fork_at and len(r.messages) > r.fork_at and r.messages[-1].get("role") == "assistant":
            context = json.dumps([message(m.get("role"), m.get("content")) for m in r.messages[:r.fork_at]])
            ctx = hashlib.sha256(context.encode()).hexdigest()
            self.db.execute("INSERT OR IGNORE INTO contexts VALUES (?, ?)", (ctx, context))
            body["reply"] = [message(m.get("role"), m.get("content")) for m in r.messages[r.fork_at:]]
        self.db.execute("INSERT INTO sides VALUES (?, ?, ?, ?, ?, ?)",
                        (question_key(r.seed.question), int(r.status == Status.accepted), self.n,
                         r.seed.question, json.dumps(body), ctx))
        self.n += 1

    def pairs(self) -> Iterator[tuple[str, dict[str, Any], dict[str, Any], list[dict[str, str]] | None]]:
        """(question, chosen side, rejected side, shared context or None), questions in order of their first
        attempt. Siblings first: an accepted tree leaf takes the next unused rejected leaf forked from the same
        context whose reply differs, and the pair's prompt is that context. Sides left over pair by question."""
        self.db.execute("CREATE INDEX sides_q ON sides(q, accepted, n)")
        questions = self.db.execute(
            "SELECT q, MIN(n) AS first FROM sides GROUP BY q "
            "HAVING MAX(accepted) = 1 AND MIN(accepted) = 0 ORDER BY first").fetchall()
        for q, _ in questions:
            sides = [(bool(a), question, json.loads(b), ctx) for a, question, b, ctx in self.db.execute(
                "SELECT accepted, question, body, ctx FROM sides WHERE q=? ORDER BY n", (q,))]
            question = sides[0][1]
            used: set[str] = set()
            for ok, _, c, ctx in sides:
                if not ok or ctx is None:
                    continue
                r = next((x for a, _, x, xc in sides if not a and xc == ctx and x["id"] not in used
                          and x["reply"] != c["reply"]), None)
                if r is not None:
                    used |= {c["id"], r["id"]}
                    (context,) = self.db.execute("SELECT messages FROM contexts WHERE ctx=?", (ctx,)).fetchone()
                    yield question, c | {"messages": c["reply"]}, r | {"messages": r["reply"]}, json.loads(context)
            rejected = [x for a, _, x, _ in sides if not a and x["id"] not in used]
            for c in (x for a, _, x, _ in sides if a and x["id"] not in used):
                # The next unused rejected attempt that reads differently: identical texts teach nothing.
                r = next((x for x in rejected if x["text"] != c["text"]), None)
                if r is None:
                    break
                rejected.remove(r)
                yield question, c, r, None

    def close(self) -> None:
        self.db.close()
