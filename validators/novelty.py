"""A near-duplicate of an insight already accepted (this run, or an existing dataset) adds nothing.

The verdict is the exact Jaccard similarity of shingles (words and word pairs) against the most similar known
claim, and a facts index beside it catches paraphrases that state the same quantities and relation
(facts.py). Candidates come from an exact prefix filter (claim_index.py): a pair at or above the threshold
is missed only if two of its shingles share a 36-bit bucket, and an index holds ~150 bytes a claim
(figures: benchmarks/results/novelty.md). Shingle hashes are blake2b, so indexes, and what a check
reports, are the same in every process.
"""
from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path

from assay.errors import UsageError
from assay.records import Verdict

from .base import Check
from .claim_index import Index, jaccard, shingles  # noqa: F401 (shingles, jaccard: re-exported)
from .facts import RELATION_FACTOR, WORDS_ONLY_FACTOR, facts, same_facts

# Indexes over run lists (keyed by the list's identity, holding it so the id is not reused) and files.
_RUN_INDEXES: OrderedDict[tuple[int, float, str], tuple[list[str], Index | FactIndex]] = OrderedDict()
_FILE_INDEXES: dict[tuple[str, float, float, str], Index | FactIndex] = {}


class FactIndex:
    """Claims as the facts they state (quantities, names, content stems; facts.py), in a words-only Index.

    A candidate at Jaccard >= threshold of those facts is a duplicate only when facts.same_facts agrees: the same
    quantities after normalisation, the same polarity, no relation reversed. It finds what the lexical index
    cannot: '£412.6m in 2023, up from £388.2m' and 'revenue of £412.6 million, against £388.2 million'.
    """

    def __init__(self, threshold: float, claims: list[str]):
        self.threshold = threshold
        self.claims = claims
        self.size = 0  # claims[:size] are indexed
        # same_facts pairs claims with quantities only with claims with quantities, at Jaccard >= threshold / 2,
        # and claims without any only with each other, at >= threshold x RELATION_FACTOR: two indexes, each at its own bound, so a
        # quantity-free claim is not compared with every claim that shares a name with it (O(run) a check).
        self._parts = {True: ([], [], threshold / 2), False: ([], [], threshold * min(WORDS_ONLY_FACTOR, RELATION_FACTOR))}  # texts, claim positions, bound
        self._indexes = {q: Index(t, texts, pairs=False) for q, (texts, _, t) in self._parts.items()}

    def catch_up(self) -> None:
        while self.size < len(self.claims):
            f = facts(self.claims[self.size])
            texts, keys, _ = self._parts[bool(f.quantities)]
            texts.append(" ".join(sorted(f.tokens())))
            keys.append(self.size)
            self.size += 1
        for index in self._indexes.values():
            index.catch_up()

    def nearest(self, claim: str) -> tuple[float, int | None]:
        mine = facts(claim)
        q = bool(mine.quantities)
        keys = self._parts[q][1]
        for _, i in sorted(self._indexes[q].scored(_fact_text(claim)), key=lambda x: (-x[0], x[1])):
            score = same_facts(mine, facts(self.claims[keys[i]]), self.threshold)
            if score is not None:
                return score, keys[i]
        return 0.0, None


def _fact_text(claim: str) -> str:
    return " ".join(sorted(facts(claim).tokens()))


def _run_index(accepted: list[str], threshold: float, kind: str = "words") -> Index | FactIndex:
    key = (id(accepted), threshold, kind)
    held = _RUN_INDEXES.get(key)
    if held is None or held[0] is not accepted or held[1].size > len(accepted):
        held = (accepted, Index(threshold, accepted) if kind == "words" else FactIndex(threshold, accepted))
        _RUN_INDEXES[key] = held
        while len(_RUN_INDEXES) > 64:
            _RUN_INDEXES.popitem(last=False)
    _RUN_INDEXES.move_to_end(key)
    index = held[1]
    index.catch_up()
    return index


def _file_index(path: str, threshold: float, kind: str = "words") -> Index | FactIndex:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"validators.params.novelty.against: {p} does not exist; give a records/claims JSONL "
                         "or a dataset folder written by `assay run`")
    key = (str(p.resolve()), p.stat().st_mtime, threshold, kind)
    if key not in _FILE_INDEXES:
        claims = read_claims(p)
        index = Index(threshold, claims) if kind == "words" else FactIndex(threshold, claims)
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


def novelty(check: Check, *, threshold: float = 0.5, facts_threshold: float = 0.5, check_facts: bool = True,
            against: str | None = None) -> Verdict:
    """Reject a near-copy (word Jaccard >= threshold) or a paraphrase of the same facts (facts Jaccard >=
    facts_threshold and facts.same_facts) of a claim accepted in this run or held in `against`."""
    claim = check.insight.claim
    found = []
    for kind, t in (("words", threshold), ("facts", facts_threshold))[:2 if check_facts else 1]:
        index = _run_index(check.accepted, t, kind)
        score, key = index.nearest(claim)
        if key is not None:
            found.append((score, kind, "accepted in this run", check.accepted[key]))
        if against:
            index = _file_index(against, t, kind)
            score, key = index.nearest(claim)
            if key is not None:
                found.append((score, kind, f"in {against}", index.claims[key]))
    # A facts candidate is already a duplicate: same_facts agreed, at its own bound (facts_threshold, or half of it
    # when both claims state quantities and every figure of one is among the other's).
    dups = [f for f in found if f[1] == "facts" or f[0] >= threshold]
    words = max((f for f in found if f[1] == "words"), default=(0.0, "words", "", ""))
    details = {"nearest_similarity": round(words[0], 4), "nearest": words[3], "threshold": threshold,
               "facts_threshold": facts_threshold}
    if dups:
        score, kind, where, text = max(dups, key=lambda f: (f[1] == "words", f[0]))
        details.update(nearest=text, duplicate_by=kind)
        if kind == "words":
            details["nearest_similarity"] = round(score, 4)
            reason = f"near-duplicate (Jaccard {score:.2f} >= {threshold}) of a claim {where}: {text!r}"
        else:
            shared = ", ".join(q.text for q in facts(claim).quantities) or "no quantities"
            reason = (f"states the same facts ({shared}; facts Jaccard {score:.2f}, facts_threshold {facts_threshold}) as a claim "
                      f"{where}: {text!r}")
        return Verdict(validator="novelty", passed=False, score=round(1 - score, 4), details=details, reason=reason)
    return Verdict(validator="novelty", passed=True, score=round(1 - words[0], 4), details=details,
                   reason=f"novel: nearest known claim has Jaccard {words[0]:.2f} < {threshold}, and none states the same facts")
