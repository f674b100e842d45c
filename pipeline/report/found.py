"""What a run found: its accepted insights by question kind and by source coverage, and the share of the questions
that ended accepted, per kind, with the stage that rejected the rest.

A seed's kind is its first tag where that is one of `assay propose`'s kinds (derived, comparison, mechanism,
claim_check, lookup); questions a person wrote without one count as `unlabelled`. Built in one streaming pass
(`Found.add`), so `assay report` (text, JSON, HTML) and the dataset card read the same figures.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay.records import Record

UNLABELLED = "unlabelled"


def kind_of(tags: list[str]) -> str:
    from assay.propose import KINDS
    return tags[0] if tags and tags[0] in KINDS else UNLABELLED


@dataclass
class KindCounts:
    seeds: set[str] = field(default_factory=set)  # question ids of this kind
    accepted_seeds: set[str] = field(default_factory=set)
    accepted: int = 0  # accepted records (insights); several per question with --samples K
    multi_source: int = 0  # accepted insights whose evidence comes from two or more documents
    rejected_by: Counter = field(default_factory=Counter)  # stage -> rejected records
    failed: int = 0  # attempts with no insight
    cited: set[str] = field(default_factory=set)  # documents cited by its accepted insights


@dataclass
class Found:
    kinds: dict[str, KindCounts] = field(default_factory=dict)

    def add(self, r: Record) -> None:
        k = self.kinds.setdefault(kind_of(r.seed.tags), KindCounts())
        k.seeds.add(r.seed.id)
        status = r.status.value
        if status == "accepted" and r.insight is not None:
            k.accepted += 1
            k.accepted_seeds.add(r.seed.id)
            docs = {e.source_id for e in r.insight.evidence if e.source_id}
            k.cited |= docs
            k.multi_source += len(docs) >= 2
        elif status == "rejected":
            k.rejected_by[r.failed_stage or "unknown"] += 1
        elif status == "failed":
            k.failed += 1

    def as_dict(self, corpus_docs: int | None) -> dict[str, Any]:
        """Plain data: per kind, and the documents cited by accepted insights over the corpus's documents."""
        kinds = {}
        for name in sorted(self.kinds, key=_order):
            k = self.kinds[name]
            kinds[name] = {"questions": len(k.seeds), "accepted_questions": len(k.accepted_seeds),
                           "accepted_share": round(len(k.accepted_seeds) / len(k.seeds), 4) if k.seeds else None,
                           "accepted_insights": k.accepted, "multi_source_insights": k.multi_source,
                           "rejected_by_stage": dict(sorted(k.rejected_by.items())), "failed": k.failed,
                           "documents_cited": len(k.cited)}
        cited = set().union(*(k.cited for k in self.kinds.values())) if self.kinds else set()
        share = round(len(cited) / corpus_docs, 4) if corpus_docs else None
        return {"by_kind": kinds, "coverage": {"documents_cited": len(cited), "corpus_documents": corpus_docs,
                                               "share": share}}


def _order(kind: str) -> tuple[int, str]:
    from assay.propose import KINDS
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def corpus_documents(run_dir: Path) -> int | None:
    """The number of documents in the run's corpus (config.json's run.corpus), or None where it cannot be read."""
    from assay.corpus import Corpus

    try:
        run = json.loads((Path(run_dir) / "config.json").read_text())["run"]
        if not run.get("corpus"):
            return None
        return len(Corpus.load(run["corpus"], run.get("corpus_columns"), run.get("corpus_split")).docs)
    except Exception:  # a moved or deleted corpus: coverage is unknown, the rest of the report stands
        return None


HEADERS = ["kind", "questions", "accepted", "share", "insights", "multi-source", "rejected (by stage)", "failed",
           "docs cited"]


def rows(found: dict[str, Any]) -> list[list[str]]:
    out = []
    for name, k in found["by_kind"].items():
        share = "–" if k["accepted_share"] is None else f"{100 * k['accepted_share']:.0f}%"
        rejected = ", ".join(f"{s} {n}" for s, n in k["rejected_by_stage"].items()) or "0"
        out.append([name, str(k["questions"]), str(k["accepted_questions"]), share, str(k["accepted_insights"]),
                    str(k["multi_source_insights"]), rejected, str(k["failed"]), str(k["documents_cited"])])
    return out


def coverage_line(found: dict[str, Any]) -> str:
    c = found["coverage"]
    if c["corpus_documents"] is None:
        return f"source coverage: {c['documents_cited']} documents cited by accepted insights (corpus size unknown)"
    return (f"source coverage: {c['documents_cited']} of {c['corpus_documents']} corpus documents cited by accepted "
            f"insights ({100 * (c['share'] or 0):.0f}%)")


def markdown(found: dict[str, Any]) -> list[str]:
    """The card's section: a table per kind, and the coverage line."""
    out = ["## What the run found", "",
           "Questions by kind (the first tag `assay propose` writes; `unlabelled`: questions without one), the share "
           "that ended accepted, and the stage that rejected the other attempts.", "",
           "| " + " | ".join(HEADERS) + " |", "| --- |" + " ---: |" * 5 + " --- | ---: | ---: |"]
    out += ["| " + " | ".join(r) + " |" for r in rows(found)]
    return out + ["", coverage_line(found)[0].upper() + coverage_line(found)[1:] + "."]


def section(report: dict[str, Any]) -> str:
    """The HTML report's section (empty for a report from before kinds were counted)."""
    found = report.get("found") or {}
    if not found.get("by_kind"):
        return ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows(found))
    return (f'<h3>what the run found, by question kind</h3><table id="found"><tr>{head}</tr>{body}</table>'
            f"<p>{html.escape(coverage_line(found))}</p>")
