"""Is it a usable insight at all (non-empty, bounded, reasoned, not a refusal)?"""
from __future__ import annotations

import re
from collections import Counter

from assay.records import Verdict

from .base import Check

_REFUSAL = re.compile(
    r"\b(i (cannot|can't|am unable to|do not know|don't know)|as an ai|i'm sorry|not enough information|"
    r"no information|unknown|n/a)\b",
)  # matched against the lowercased claim: ~2x faster than re.I
_WORD = re.compile(r"\w+")


def structure(check: Check, *, min_claim_chars: int = 8, max_claim_chars: int = 600, min_reasoning_steps: int = 1) -> Verdict:
    ins = check.insight
    claim = ins.claim.strip()
    problems = []
    if len(claim) < min_claim_chars:
        problems.append(f"claim has {len(claim)} characters, fewer than {min_claim_chars}")
    if len(claim) > max_claim_chars:
        problems.append(f"claim has {len(claim)} characters, more than {max_claim_chars}")
    low = claim.lower()
    if _REFUSAL.search(low):
        problems.append("claim is a refusal or boilerplate")
    steps = [s for s in ins.reasoning if s.strip()]
    if len(steps) < min_reasoning_steps:
        problems.append(f"{len(steps)} reasoning steps, fewer than {min_reasoning_steps}")
    if _degenerate(low):
        problems.append("claim is degenerate repetition")
    if claim and low == check.seed.question.strip().lower():
        problems.append("claim repeats the question")
    return Verdict(validator="structure", passed=not problems, score=1.0 if not problems else 0.0,
                   reason="; ".join(problems) or "well-formed")


_ASCII_WORDS = str.maketrans({chr(i): " " for i in range(128) if not (chr(i).isalnum() or chr(i) == "_")})


def _words(text: str) -> list[str]:
    """_WORD.findall(text); for ASCII text (where \\w is [A-Za-z0-9_]) by translate and split, ~2x faster."""
    return text.translate(_ASCII_WORDS).split() if text.isascii() else _WORD.findall(text)


def _degenerate(text: str) -> bool:
    """Looping output: a 3-word phrase repeated 3+ times, or under 40% distinct words in a long text."""
    words = _words(text.lower())
    if len(words) < 9:
        return False
    if len(set(words)) / len(words) < 0.4:
        return True
    grams = list(zip(words, words[1:], words[2:]))
    if len(grams) - len(set(grams)) < 2:  # fewer than 2 repeats: no 3-gram occurs 3 times (the usual case, without a Counter)
        return False
    return max(Counter(grams).values()) >= 3
