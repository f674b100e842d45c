"""What `assay view` shows, read from a run's journal through a read-only SQLite connection.

Each request opens its own connection, so records a running job commits after the page loaded are there on
the next request (a reload, or the page's poll). Evidence is located in its source document's text here,
as character spans the page marks; the page inserts every string as text, never as markup.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from assay.journal import FILENAME, connect_readonly, identify, not_a_journal

SAMPLE_SEP = "#"  # samples of one seed are SEED#k


def seed_of(record_id: str) -> str:
    """The seed a sample belongs to: `q1#2` -> `q1`; an id without a sample suffix is its own seed."""
    base, sep, k = record_id.rpartition(SAMPLE_SEP)
    return base if sep and k.isdigit() else record_id


class RunView:
    def __init__(self, run_dir: str | Path, corpus: str | Path | None = None):
        self.run_dir = Path(run_dir)
        self.path = self.run_dir / FILENAME
        if identify(self.path) is None:
            raise not_a_journal(self.path, reading=True)
        self._corpus_arg = corpus
        self._docs: dict[str, str] | None = None
        self.corpus_note = ""

    def _rows(self) -> list[tuple[str, str, str]]:
        db = connect_readonly(self.path)
        try:
            return db.execute("SELECT seed_id, status, body FROM records ORDER BY ord").fetchall()
        finally:
            db.close()

    def _one(self, record_id: str) -> dict[str, Any] | None:
        db = connect_readonly(self.path)
        try:
            row = db.execute("SELECT body FROM records WHERE seed_id=?", (record_id,)).fetchone()
        finally:
            db.close()
        return json.loads(row[0]) if row else None

    def records(self, status: str = "", stage: str = "", reason: str = "", q: str = "") -> dict[str, Any]:
        """Summaries of the records matching every filter given, and the facets to filter by (over all records)."""
        statuses, stages, reasons = Counter(), Counter(), Counter()
        items = []
        needle = q.casefold().strip()
        for seed_id, st, body in self._rows():
            rec = json.loads(body)
            r_stage, r_reason = rec.get("failed_stage") or "", rec.get("reason") or ""
            statuses[st] += 1
            if r_stage:
                stages[r_stage] += 1
            if r_reason:
                reasons[r_reason] += 1
            if (status and st != status) or (stage and r_stage != stage) or (reason and r_reason != reason):
                continue
            if needle and needle not in body.casefold():
                continue
            insight = rec.get("insight") or {}
            usage = rec.get("usage") or {}
            items.append({"id": seed_id, "seed": seed_of(seed_id), "status": st, "stage": r_stage,
                          "reason": r_reason, "question": rec["seed"]["question"], "claim": insight.get("claim", ""),
                          "tokens": usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0),
                          "cost_usd": usage.get("cost_usd_est")})
        return {"records": items, "total": sum(statuses.values()), "statuses": dict(statuses),
                "stages": dict(stages.most_common()), "reasons": dict(reasons.most_common(200))}

    def record(self, record_id: str) -> dict[str, Any] | None:
        """One record's whole body, its evidence located in the source texts, and its sibling samples' ids."""
        rec = self._one(record_id)
        if rec is None:
            return None
        docs = self.docs()
        sources: dict[str, dict[str, Any]] = {}
        for i, ev in enumerate((rec.get("insight") or {}).get("evidence") or []):
            sid, quote = ev.get("source_id") or "", ev.get("quote") or ""
            text = docs.get(sid)
            entry = sources.setdefault(sid, {"id": sid, "text": text, "spans": []})
            at = _find(text, quote) if text is not None else None
            ev["found"] = at is not None
            if at is not None:
                entry["spans"].append([at[0], at[1], i])
        base = seed_of(record_id)
        siblings = [sid for sid, _, _ in self._rows() if seed_of(sid) == base]
        return {"record": rec, "sources": list(sources.values()), "samples": siblings, "seed": base,
                "corpus_note": self.corpus_note}

    def compare(self, seed: str) -> list[dict[str, Any]]:
        """Every sample of a seed (ids `seed` and `seed#k`), whole, in journal order."""
        return [json.loads(body) for sid, _, body in self._rows() if seed_of(sid) == seed]

    def docs(self) -> dict[str, str]:
        """The run's source documents (its config's corpus, or --corpus); none, with a note, where unreadable."""
        if self._docs is None:
            try:
                self._docs = _load_docs(self.run_dir, self._corpus_arg)
            except Exception as e:  # the viewer still shows records; the page says why sources are missing
                self._docs, self.corpus_note = {}, f"source documents not loaded: {e}"
        return self._docs


def _load_docs(run_dir: Path, corpus: str | Path | None) -> dict[str, str]:
    from assay.config import Config
    from assay.corpus import Corpus
    from assay.seeds import demo_seeds_path

    if corpus:
        return Corpus.load(corpus).docs
    cfg_path = run_dir / "config.json"
    if not cfg_path.is_file():
        raise FileNotFoundError(f"{cfg_path} is missing; pass --corpus DIR")
    cfg = Config.model_validate_json(cfg_path.read_text(encoding="utf-8"))
    seeds = Path(cfg.run.seeds) if cfg.run.seeds else demo_seeds_path()
    return Corpus.load(cfg.run.corpus or seeds.parent / "corpus", cfg.run.corpus_columns, cfg.run.corpus_split).docs


def _find(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote sits in its document: exactly, else ignoring case (the page marks that span)."""
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at < 0 and len(text.lower()) == len(text):  # ignoring case, where lowering keeps every offset
        at = text.lower().find(quote.lower())
    return (at, at + len(quote)) if at >= 0 else None

