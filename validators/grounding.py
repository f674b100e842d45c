"""Every piece of evidence exists in the source it cites.

By reference (`ref`, a sentence id the agent was shown): the id names a sentence of that source and the
quote is that sentence's text. By quote: exact after normalisation, or fuzzy above a threshold with no
changed content word."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from assay.records import Verdict

from .base import Check
from .extract import FUNCTION_WORDS, NEGATIONS

_SMALL_WORDS = frozenset(w for w in FUNCTION_WORDS | {"is", "was", "are", "has", "had", "be", "did", "do", "can"}
                         if len(w) <= 3) - NEGATIONS


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s'.%-]", " ", text.lower())).strip()


def best_match(quote: str, source: str) -> tuple[float, str]:
    """Best similarity of `quote` against same-length windows of `source` (1.0 = exact)."""
    q, s = normalise(quote), normalise(source)
    if not q:
        return 0.0, ""
    if q in s:
        return 1.0, q
    words, n = s.split(), len(q.split())
    best, where = 0.0, ""
    for i in range(max(1, len(words) - n + 1)):
        window = " ".join(words[i:i + n])
        r = fuzz.ratio(q, window, score_cutoff=best * 100) / 100  # difflib's ratio by edit distance, in C
        if r > best:
            best, where = r, window
    return best, where


def content_changes(quote: str, window: str) -> list[str]:
    """Words of the quote that differ from the matched source text, ignoring short function words.

    Fuzzy matching tolerates typos and small words, never a changed number or name: those are
    exactly how a hallucinated quote differs from a real one.
    """
    q = [t.strip(".") for t in normalise(quote).split()]
    w = [t.strip(".") for t in normalise(window).split()]
    changed = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, q, w, autojunk=False).get_opcodes():
        if tag not in ("replace", "delete"):
            continue
        for k, word in enumerate(q[i1:i2]):
            if word in _SMALL_WORDS:
                continue  # function words; a short name ('Sun', 'Han') or 'not' still counts as a change
            other = w[j1 + k] if tag == "replace" and j1 + k < j2 else ""
            typo = (other and not any(ch.isdigit() for ch in word + other)
                    and SequenceMatcher(None, word, other).ratio() >= 0.75)
            if not typo:
                changed.append(word)
    return changed


def grounding(check: Check, *, fuzzy_threshold: float = 0.92, min_quote_chars: int = 12) -> Verdict:
    ins, seed = check.insight, check.seed
    if not ins.evidence:
        ok = seed.allow_no_evidence
        return Verdict(validator="grounding", passed=ok, score=1.0 if ok else 0.0,
                       reason="no evidence (allowed by the seed)" if ok else "claim cites no evidence")
    matches, problems = [], []
    for i, ev in enumerate(ins.evidence):
        if ev.ref is not None:
            problem = _cited_sentence(check, i, ev)
            if problem:
                problems.append(problem)
            else:
                matches.append({"source_id": ev.source_id, "ref": ev.ref, "score": 1.0, "matched": ev.quote})
            continue
        if ev.source_id not in check.corpus:
            problems.append(f"evidence[{i}] cites unknown source {ev.source_id!r}")
            continue
        if len(normalise(ev.quote)) < min_quote_chars:
            problems.append(f"evidence[{i}] quote is shorter than {min_quote_chars} characters")
            continue
        score, where = best_match(ev.quote, check.corpus.text(ev.source_id))
        changed = content_changes(ev.quote, where) if score < 1.0 else []
        matches.append({"source_id": ev.source_id, "score": round(score, 4), "matched": where, "changed_words": changed})
        if score < fuzzy_threshold:
            problems.append(f"evidence[{i}] quote not found in {ev.source_id!r} (best match {score:.2f} < {fuzzy_threshold})")
        elif changed:
            problems.append(f"evidence[{i}] quote differs from {ev.source_id!r} in {', '.join(map(repr, changed))}")
    scores = [m["score"] for m in matches]
    return Verdict(validator="grounding", passed=not problems, score=min(scores) if scores else 0.0,
                   reason="; ".join(problems) or "every quote found in its source", details={"matches": matches})


def _cited_sentence(check: Check, i: int, ev) -> str | None:
    sentence = check.corpus.sentence(ev.ref)
    if sentence is None:
        return f"evidence[{i}] cites {ev.ref!r}, which is no sentence of the corpus (ids are shown as [doc#n])"
    doc = sentence.ref.rpartition("#")[0]
    if ev.source_id != doc:
        return f"evidence[{i}] cites {ev.ref!r} as a sentence of {ev.source_id!r}"
    if normalise(ev.quote) != normalise(sentence.text):
        return f"evidence[{i}] quote is not the text of the cited sentence {ev.ref!r}"
    return None
