"""What `assay view` shows, read from a run's journal through a read-only SQLite connection.

Each request opens its own connection, so records a running job commits after the page loaded are there on
the next request (a reload, or the page's poll). Evidence is located in its source document's text here,
as character spans the page marks; the page inserts every string as text, never as markup.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assay.journal import FILENAME, connect_readonly, identify, not_a_journal

SAMPLE_SEP = "#"  # samples of one seed are SEED#k
LIMIT = 1000  # summaries sent at once; the page says how many more match


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

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        db = connect_readonly(self.path)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def _one(self, record_id: str) -> dict[str, Any] | None:
        rows = self._query("SELECT body FROM records WHERE seed_id=?", (record_id,))
        return json.loads(rows[0][0]) if rows else None

    def _samples(self, seed: str, what: str) -> list[tuple]:
        """`what` of the seed's records (ids `seed` and `seed#k`), in journal order."""
        like = seed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + SAMPLE_SEP + "%"
        rows = self._query(f"SELECT seed_id, {what} FROM records WHERE seed_id=? OR seed_id LIKE ? ESCAPE '\\' "
                           "ORDER BY ord", (seed, like))
        return [row for row in rows if seed_of(row[0]) == seed]

    def records(self, status: str = "", stage: str = "", reason: str = "", q: str = "") -> dict[str, Any]:
        """Summaries of the records matching every filter given (the first LIMIT), and the facets to filter by
        (over all records). The filters run in SQLite, so a poll does not parse every record; search matches
        the record's whole JSON text, ignoring ASCII case."""
        where, args = [], []
        for value, expr in ((status, "status"), (stage, "json_extract(body, '$.failed_stage')"),
                            (reason, "json_extract(body, '$.reason')")):
            if value:
                where.append(f"{expr} = ?")
                args.append(value)
        if q.strip():
            where.append("instr(lower(body), lower(?)) > 0")
            args.append(q.strip())
        cond = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(
            "SELECT seed_id, status, json_extract(body, '$.failed_stage'), json_extract(body, '$.reason'), "
            "json_extract(body, '$.seed.question'), json_extract(body, '$.insight.claim'), "
            "json_extract(body, '$.usage.prompt_tokens') + json_extract(body, '$.usage.completion_tokens'), "
            f"json_extract(body, '$.usage.cost_usd_est') FROM records {cond} ORDER BY ord LIMIT ?", (*args, LIMIT + 1))
        matching = len(rows) if len(rows) <= LIMIT else self._query(f"SELECT count(*) FROM records {cond}", tuple(args))[0][0]
        items = [{"id": sid, "seed": seed_of(sid), "status": st, "stage": stg or "", "reason": why or "",
                  "question": question, "claim": claim or "", "tokens": tokens or 0, "cost_usd": cost}
                 for sid, st, stg, why, question, claim, tokens, cost in rows[:LIMIT]]
        facet = ("SELECT json_extract(body, '$.{0}') AS v, count(*) FROM records WHERE v IS NOT NULL AND v != '' "
                 "GROUP BY v ORDER BY count(*) DESC, v LIMIT 200")
        statuses = dict(self._query("SELECT status, count(*) FROM records GROUP BY status"))
        return {"records": items, "matching": matching, "total": sum(statuses.values()), "statuses": statuses,
                "stages": dict(self._query(facet.format("failed_stage"))),
                "reasons": dict(self._query(facet.format("reason")))}

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
        siblings = [sid for sid, _ in self._samples(base, "1")]
        return {"record": rec, "sources": list(sources.values()), "samples": siblings, "seed": base,
                "corpus_note": self.corpus_note}

    def compare(self, seed: str) -> list[dict[str, Any]]:
        """Every sample of a seed (ids `seed` and `seed#k`), whole, in journal order."""
        return [json.loads(body) for _, body in self._samples(seed, "body")]

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

