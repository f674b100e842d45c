"""What a proposed seeds file (`assay propose --out FILE`) holds, against issue 22's targets.

    python benchmarks/propose_set.py SEEDS.jsonl --corpus DIR [--json]

Reported, for the questions in file order:
- duplicates: a question whose nearest earlier question is at word-shingle Jaccard >= 0.5 in the novelty stage's
  index (validators/claim_index.py, the check `assay propose` applies), and, beside it, the novelty stage's second
  check (validators/novelty.py FactIndex: the same quantities and relation, paraphrased). Target: below 5%.
- coverage: the corpus documents cited as a source by at least one question. Target: all.
- research share: questions of the multi-source kind (comparison, or any kind citing two or more documents) or
  the derived kind. Target: at least 40%.
- the share marked lookup, and the count of each kind (the first tag).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

THRESHOLD = 0.5  # the novelty stage's default, and assay.propose.DUPLICATE_THRESHOLD


def read(path: Path) -> list[dict]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            sys.exit(f"{path}:{lineno}: not JSON ({e.msg}); pass a seeds file written by `assay propose`")
    return rows


def duplicates(questions: list[str]) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]:
    """(i, j, score) for each question i whose nearest earlier question j is a duplicate: by words, by facts."""
    from assay.validators.claim_index import Index
    from assay.validators.novelty import FactIndex

    found: dict[str, list] = {"words": [], "facts": []}
    for kind, index in (("words", Index(THRESHOLD, [])), ("facts", FactIndex(THRESHOLD, []))):
        for i, q in enumerate(questions):
            if kind == "facts":
                index.catch_up()
            score, j = index.nearest(q)
            if j is not None and (kind == "facts" or score >= THRESHOLD):
                found[kind].append((i, j, score))
            if kind == "words":
                index.add(q)
            else:
                index.claims.append(q)
    return found["words"], found["facts"]


def measure(rows: list[dict], docs: list[str]) -> dict:
    questions = [r["question"] for r in rows]
    kinds = collections.Counter((r.get("tags") or ["?"])[0] for r in rows)
    words, facts = duplicates(questions)
    cited = {s for r in rows for s in r.get("sources", [])}
    multi = [r for r in rows if r["tags"][0] == "comparison" or len(r.get("sources", [])) >= 2]
    research = [r for r in rows if r in multi or r["tags"][0] == "derived"]
    n = max(1, len(rows))
    return {
        "questions": len(rows),
        "kinds": dict(sorted(kinds.items())),
        "duplicates_words": len(words), "duplicates_facts": len(facts),
        "duplicate_share": len({i for i, _, _ in words + facts}) / n,
        "duplicate_pairs": [(questions[i], questions[j], round(s, 2), k)
                            for k, found in (("words", words), ("facts", facts)) for i, j, s in found],
        "documents": len(docs), "covered": len(cited & set(docs)),
        "uncovered": sorted(set(docs) - cited), "unknown_sources": sorted(cited - set(docs)),
        "multi_source": len(multi), "multi_or_derived": len(research), "multi_or_derived_share": len(research) / n,
        "lookup_share": kinds.get("lookup", 0) / n,
        "questions_per_document": dict(sorted(collections.Counter(s for r in rows for s in r["sources"]).items())),
    }


def report(m: dict) -> str:
    def pct(x: float) -> str:
        return f"{100 * x:.1f}%"

    lines = [
        "| figure | value | target |", "|---|---|---|",
        f"| questions | {m['questions']} | 200 |",
        f"| duplicates (word Jaccard >= {THRESHOLD} / same facts) | {m['duplicates_words']} / {m['duplicates_facts']} "
        f"({pct(m['duplicate_share'])} of questions) | below 5% |",
        f"| documents covered | {m['covered']} of {m['documents']} | all |",
        f"| multi-source or derived | {m['multi_or_derived']} ({pct(m['multi_or_derived_share'])}; multi-source "
        f"{m['multi_source']}) | at least 40% |",
        f"| marked lookup | {pct(m['lookup_share'])} | |",
        f"| per kind | {', '.join(f'{k} {v}' for k, v in m['kinds'].items())} | |",
    ]
    if m["uncovered"]:
        lines.append(f"\nNot covered: {', '.join(m['uncovered'])}")
    if m["unknown_sources"]:
        lines.append(f"\nSources not in the corpus: {', '.join(m['unknown_sources'])}")
    for a, b, s, k in m["duplicate_pairs"]:
        lines.append(f"\n- duplicate by {k} ({s}): {a!r} ~ {b!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("seeds", type=Path, help="seeds JSONL written by `assay propose`")
    p.add_argument("--corpus", required=True, help="the corpus folder the questions were proposed from")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = p.parse_args(argv)
    from assay.corpus import Corpus

    if not a.seeds.is_file():
        sys.exit(f"{a.seeds}: not found; pass the --out file of `assay propose`")
    m = measure(read(a.seeds), sorted(Corpus.load(a.corpus).docs))
    print(json.dumps(m, indent=1) if a.json else report(m))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
