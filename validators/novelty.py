"""Stage 7: a near-duplicate of an insight already accepted (this run, or an existing dataset) adds nothing.

MinHash LSH (datasketch) finds candidates in sub-linear time; the exact Jaccard similarity of their
shingles (words and word pairs) decides, so the verdict is exact and reproducible. The run's index grows with
`check.accepted` instead of being rebuilt for every check.
"""
from __future__ import annotations

import json
import re
from collections import OrderedDict
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from assay.errors import UsageError
from assay.models import Verdict

from .base import Check

NUM_PERM = 256


def shingles(text: str) -> set[str]:
    """Words and adjacent word pairs: one changed word in a short claim keeps most of them, a new fact does not.

    (Measured on the shipped labeled set: distinct claims about the same source reach 0.42, near-copies
    start at 0.58; character 4-grams overlapped, 0.59 against 0.59.)
    """
    w = re.findall(r"\w+", text.lower())
    return set(w) | {f"{a} {b}" for a, b in zip(w, w[1:])}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class Index:
    """Claims with their shingles, searchable by MinHash LSH; `candidates` are then scored exactly."""

    def __init__(self, threshold: float):
        # Banding tuned against misses, not for speed: with rows of 3 (of 2 below 0.45), a pair at the
        # threshold shares no band with probability under 1e-5; unrelated claims (Jaccard ~0.1) become
        # candidates ~8% of the time and the exact score dismisses them.
        rows = 2 if threshold < 0.45 else 3
        self.lsh = MinHashLSH(num_perm=NUM_PERM, params=(NUM_PERM // rows, rows))
        self.claims: list[str] = []
        self.sets: list[set[str]] = []

    def add(self, claim: str) -> None:
        key = len(self.claims)
        self.claims.append(claim)
        self.sets.append(shingles(claim))
        self.lsh.insert(key, _minhash(self.sets[-1]), check_duplication=False)

    def nearest(self, claim: str) -> tuple[float, int | None]:
        s = shingles(claim)
        best, where = 0.0, None
        for key in self.lsh.query(_minhash(s)):
            score = jaccard(s, self.sets[key])
            if score > best:
                best, where = score, key
        return best, where


def _minhash(s: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([x.encode() for x in s])
    return m


# Indexes over run lists (keyed by the list's identity, holding it so the id is not reused) and files.
_RUN_INDEXES: OrderedDict[tuple[int, float], tuple[list[str], Index]] = OrderedDict()
_FILE_INDEXES: dict[tuple[str, float, float], Index] = {}


def _run_index(accepted: list[str], threshold: float) -> Index:
    key = (id(accepted), threshold)
    held = _RUN_INDEXES.get(key)
    if held is None or held[0] is not accepted or len(held[1].claims) > len(accepted):
        held = (accepted, Index(threshold))
        _RUN_INDEXES[key] = held
        while len(_RUN_INDEXES) > 64:
            _RUN_INDEXES.popitem(last=False)
    _RUN_INDEXES.move_to_end(key)
    index = held[1]
    for claim in accepted[len(index.claims):]:
        index.add(claim)
    return index


def _file_index(path: str, threshold: float) -> Index:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"validators.params.novelty.against: {p} does not exist; give a records/claims JSONL "
                         "or a dataset folder written by `assay run`")
    key = (str(p.resolve()), p.stat().st_mtime, threshold)
    if key not in _FILE_INDEXES:
        index = Index(threshold)
        for claim in read_claims(p):
            index.add(claim)
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
