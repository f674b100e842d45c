"""Stage 7: a near-duplicate of an insight already accepted (this run, or an existing dataset) adds nothing.

The verdict is the exact Jaccard similarity of shingles (words and word pairs) against the most similar known
claim. Candidates come from an exact prefix filter, not from MinHash LSH as before: the run's index keeps
~150 bytes per claim in numpy arrays (LSH over datasketch kept ~30 KB) and a check costs under 100 µs at 100,000
claims instead of milliseconds (benchmarks/novelty_index.py, benchmarks/results/novelty.md).

The prefix principle (set-similarity joins): if J(x, y) >= t, x and y share at least a = ceil(t * |x|)
shingles (t * |x u y| >= t * |x|), so under ANY fixed total order of shingles the first k shingles they share
lie within the first |x| - a + k of x and within y's likewise. Each claim is indexed under that prefix
(k = 3: about half its distinct shingles plus two), a query looks up its own prefix, and a claim it hits fewer
than k times cannot reach t. Unlike LSH banding (85 bands of 3 of 256 MinHash values: a pair at 0.5 missed with
probability 1.2e-5, and 8-10% of unrelated claims made candidates) nothing here is probabilistic except the
shingles' 36-bit identity in the index: a pair at or above the threshold is missed only if two of its shingles
share a bucket, probability at most |x u y|^2 / 2^36 (4e-8 for two 25-shingle claims). The order of shingles
only decides the cost; see `Index`.

Claims stay in the runner's `check.accepted` (or the `against` file's list); the index re-reads a claim's text
only to score a candidate exactly, or to re-index it when the order changes. Shingle hashes are blake2b, so
indexes, and what a check reports, are the same in every process.
"""
from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path

from assay.errors import UsageError
from assay.records import Verdict

from .base import Check
from .claim_index import Index, jaccard, shingles  # noqa: F401 (shingles, jaccard: re-exported)

# Indexes over run lists (keyed by the list's identity, holding it so the id is not reused) and files.
_RUN_INDEXES: OrderedDict[tuple[int, float], tuple[list[str], Index]] = OrderedDict()
_FILE_INDEXES: dict[tuple[str, float, float], Index] = {}


def _run_index(accepted: list[str], threshold: float) -> Index:
    key = (id(accepted), threshold)
    held = _RUN_INDEXES.get(key)
    if held is None or held[0] is not accepted or held[1].size > len(accepted):
        held = (accepted, Index(threshold, accepted))
        _RUN_INDEXES[key] = held
        while len(_RUN_INDEXES) > 64:
            _RUN_INDEXES.popitem(last=False)
    _RUN_INDEXES.move_to_end(key)
    index = held[1]
    index.catch_up()
    return index


def _file_index(path: str, threshold: float) -> Index:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"validators.params.novelty.against: {p} does not exist; give a records/claims JSONL "
                         "or a dataset folder written by `assay run`")
    key = (str(p.resolve()), p.stat().st_mtime, threshold)
    if key not in _FILE_INDEXES:
        index = Index(threshold, read_claims(p))
        index.catch_up()
        _FILE_INDEXES[key] = index
    return _FILE_INDEXES[key]


def read_claims(path: Path) -> list[str]:
    """Claims from a JSONL of records ({"insight": {"claim"}}) or rows ({"claim"}), or a saved HF dataset."""
    if path.is_dir():
        import datasets  # noqa: PLC0415 (only when comparing against a dataset folder)

        ds = datasets.load_from_disk(str(path))
        if "claim" not in ds.column_names:
            raise UsageError(f"{path}: dataset has no 'claim' column (columns: {', '.join(ds.column_names)})")
        return [c for c in ds["claim"] if c]
    claims = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}:{lineno}: not JSON ({e.msg})") from None
        if row.get("status") not in (None, "accepted"):
            continue  # a records.jsonl also holds rejected records; only accepted ones count as data
        claim = row.get("claim") or (row.get("insight") or {}).get("claim")
        if claim:
            claims.append(claim)
    return claims


def novelty(check: Check, *, threshold: float = 0.5, against: str | None = None) -> Verdict:
    claim = check.insight.claim
    found = []
    score, key = _run_index(check.accepted, threshold).nearest(claim)
    if key is not None:
        found.append((score, "accepted in this run", check.accepted[key]))
    if against:
        index = _file_index(against, threshold)
        score, key = index.nearest(claim)
        if key is not None:
            found.append((score, f"in {against}", index.claims[key]))
    best = max(found, default=(0.0, "", ""))
    details = {"nearest_similarity": round(best[0], 4), "nearest": best[2], "threshold": threshold}
    if best[0] >= threshold:
        return Verdict(validator="novelty", passed=False, score=round(1 - best[0], 4), details=details,
                       reason=f"near-duplicate (Jaccard {best[0]:.2f} >= {threshold}) of a claim {best[1]}: {best[2]!r}")
    return Verdict(validator="novelty", passed=True, score=round(1 - best[0], 4), details=details,
                   reason=f"novel: nearest known claim has Jaccard {best[0]:.2f} < {threshold}")
