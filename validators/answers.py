"""Does an answer say what a reference answer says? Math by symbolic equivalence, text by normalised match.

Used against a seed's reference answer (execution) and between re-derived answers (consistency).
"""
from __future__ import annotations

import re
import threading

from . import extract

# Words that carry no content in a short answer ('about 24.6 hours' -> {24.6, hours}).
_FILLER = extract.FUNCTION_WORDS | {"is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does",
                                     "did", "called", "named", "yes", "answer", "around", "approximately", "some",
                                     "much", "very", "it", "they", "them", "its", "their"}
_LATEX = re.compile(r"\\[a-zA-Z]+|\$")
_MATH_ONLY = re.compile(r"[\d\s.,+\-*/^()=a-z]*")
_MATH_WORDS = {"sqrt", "pi", "log", "ln", "exp", "sin", "cos", "tan"}
_SPAN = re.compile(r"[-\w.+*/^()]*[\d)][-\w.+*/^()\s]*")


def is_math(reference: str) -> bool:
    """LaTeX, or a bare expression such as '3/4' or 'x^2 + 1' (at most single-letter words)."""
    ref = reference.strip()
    if _LATEX.search(ref):
        return True
    words = re.findall(r"[A-Za-z]+", ref)
    return bool(re.search(r"\d", ref)) and bool(_MATH_ONLY.fullmatch(ref)) \
        and all(len(w) == 1 or w in _MATH_WORDS for w in words) and bool(re.search(r"[+*/^=(]|\d\s*-\s*\d", ref))


def content(text: str) -> set[str]:
    """Content words, singular: 'the nectar of flowers' -> {'nectar', 'flower'}."""
    out = set()
    for w in extract.words(text):
        if w in _FILLER or not re.search(r"[a-z]", w):
            continue
        out.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def agrees(answer: str, reference: str, *, overlap: float = 0.75) -> tuple[bool, str]:
    """(match?, why). Every number and name of the reference must be in the answer, and most of its words."""
    if not reference.strip():
        return False, "the reference answer is empty"
    if is_math(reference):
        return _math_agrees(answer, reference)
    problems = []
    ref_numbers = extract.numbers(reference)
    got = [n.value for n in extract.numbers(answer)]
    missing_numbers = [n.text for n in ref_numbers if not any(extract.same_number(n, g) for g in got)]
    if missing_numbers:
        problems.append(f"number(s) {', '.join(map(repr, missing_numbers))} of the reference are not in the answer")
    answer_words = extract.word_set(answer)
    missing_names = [w for w in extract.names(reference) if not extract.mentions(w, answer_words)]
    if missing_names:
        problems.append(f"name(s) {', '.join(map(repr, missing_names))} of the reference are not in the answer")
    ref_words, got_words = content(reference), content(answer)
    shared = len(ref_words & got_words) / len(ref_words) if ref_words else 1.0
    if shared < overlap:
        problems.append(f"only {shared:.0%} of the reference's words are in the answer (need {overlap:.0%})")
    return (not problems), "; ".join(problems) or f"matches the reference answer {reference!r}"


def _math_agrees(answer: str, reference: str) -> tuple[bool, str]:
    """math-verify (LaTeX and plain expressions, numeric tolerance); fails closed when either side does not parse."""
    from math_verify import parse, verify  # noqa: PLC0415 (heavy import, only for math references)

    # math-verify's timeouts use SIGALRM, which only the main thread may set.
    timeout = 5 if threading.current_thread() is threading.main_thread() else None
    gold = parse(_latex(reference), parsing_timeout=timeout)
    target = parse(answer[-500:], parsing_timeout=timeout)
    if not target:  # a bare expression in prose ('it is x^2+2x+1'): read the last formula-like span
        spans = [s.strip() for s in _SPAN.findall(answer[-500:]) if re.search(r"[\d+*/^]", s)]
        target = parse(_latex(spans[-1]), parsing_timeout=timeout) if spans else []
    if not gold:
        return False, f"could not parse the reference answer {reference!r} as math"
    if not target:
        return False, "could not read a mathematical answer in the claim"
    ok = verify(gold, target, timeout_seconds=timeout)
    return ok, (f"equivalent to the reference answer {reference!r}" if ok
                else f"not equivalent to the reference answer {reference!r} (read {target[-1]!s})")


def _latex(text: str) -> str:
    """Plain expressions go to math-verify inside $...$, with 'pi' as \\pi (else it reads p*i)."""
    if _LATEX.search(text):
        return text
    return "$" + re.sub(r"\bpi\b", r"\\pi", text.strip().rstrip(".")) + "$"
