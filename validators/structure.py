"""Is it a usable insight at all (non-empty, bounded, reasoned, not a refusal)?"""
from __future__ import annotations

import re
from collections import Counter

from assay.records import Verdict

from .base import Check
from .extract import FUNCTION_WORDS

_REFUSAL = re.compile(
    r"\b(i (cannot|can't|am unable to|do not know|don't know)|as an ai|i'm sorry|not enough information|"
    r"no information|unknown|n/a)\b",
)  # matched against the lowercased claim: ~2x faster than re.I
_WORD = re.compile(r"\w+")


def structure(check: Check, *, min_claim_chars: int = 8, max_claim_chars: int = 600, min_reasoning_steps: int = 1,
              reasoning_content: bool = True) -> Verdict:
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
    if claim and low.rstrip("?.! ") == check.seed.question.strip().lower().rstrip("?.! "):
        problems.append("claim repeats the question")
    if steps and reasoning_content:
        problems += _reasoning_problems(steps, ins, check.seed.question)
    return Verdict(validator="structure", passed=not problems, score=1.0 if not problems else 0.0,
                   reason="; ".join(problems) or "well-formed")


# Words about the answer rather than of it: a step made only of these says nothing ("the answer is", "the evidence").
_META = frozenset("""answer answers question questions claim claims evidence sentence sentences source sources fact facts
based support supports supported true reason reasoning step steps says say said show shows document information
given best first next following above below has have had does did are was were been being can could will would
should may might must""".split())
_DISCLAIMS = re.compile(
    r"\b(no|little|insufficient|not enough|without|lacks?|lacking)\s+(\w+\s+)?(evidence|support|information|proof)\b"
    r"|\b(not|never|cannot be|can't be|isn't|is not)\s+(supported|verified|confirmed|proven|backed)\b"
    r"|\bi'?m not sure\b|\bi am not sure\b")


def _content(text: str) -> set[str]:
    return {w[:5] for w in _words(text.lower()) if len(w) > 2 and w not in FUNCTION_WORDS and w not in _META}


def _reasoning_problems(steps: list[str], ins, question: str) -> list[str]:
    """Reasoning must reason: some step uses a word of the evidence, claim or question, and no step disowns
    the claim's support ("this sentence has no evidence to support this claim")."""
    problems = []
    for i, step in enumerate(steps):
        m = _DISCLAIMS.search(step.lower())
        if m:
            problems.append(f"reasoning[{i}] disowns the claim's support ({m.group(0)!r})")
        if _degenerate(step.lower()):
            problems.append(f"reasoning[{i}] is degenerate repetition")
    known = _content(" ".join([ins.claim, question, *(e.quote for e in ins.evidence)]))
    if not any(_content(step) & known for step in steps):
        problems.append("no reasoning step uses a word of the evidence, the claim or the question: the steps say nothing")
    return problems


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
