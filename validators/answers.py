"""Does an answer say what a reference answer says? Math by symbolic equivalence, text by its facts.

Used against a seed's reference answer (execution) and between re-derived answers (consistency).
"""
from __future__ import annotations

import re
import threading

from . import extract
from .dates import relative_years
from .facts import stem
from .quantities import Quantity, as_written, backs, quantities

# Words that carry no content in a short answer ('about 24.6 hours' -> {24.6, hours}).
_FILLER = extract.FUNCTION_WORDS | extract.NEGATIONS | {"is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does",
                                     "did", "called", "named", "yes", "answer", "around", "approximately", "some",
                                     "much", "very", "it", "they", "them", "its", "their"}
_LATEX = re.compile(r"\\[a-zA-Z]+|\$(?=[^$]*[\\^_{}=+*/])[^$]*\$")  # '$388m to $438m' is money, not math
_MATH_ONLY = re.compile(r"[\d\s.,+\-*/^()=a-z]*")
_MATH_WORDS = {"sqrt", "pi", "log", "ln", "exp", "sin", "cos", "tan"}
_SPAN = re.compile(r"[-\w.+*/^()]*[\d)][-\w.+*/^()\s]*")


def is_math(reference: str) -> bool:
    """LaTeX, or a bare expression such as '3/4' or 'x^2 + 1' (at most single-letter words)."""
    ref = reference.strip()
    if _LATEX.search(ref):
        return True
    ref = ref.lstrip("+-").strip()  # '+42' is a signed number, not an expression
    words = re.findall(r"[A-Za-z]+", ref)
    return bool(re.search(r"\d", ref)) and bool(_MATH_ONLY.fullmatch(ref)) \
        and all(len(w) == 1 or w in _MATH_WORDS for w in words) and bool(re.search(r"[+*/^=(]|\d\s*-\s*\d", ref))


def content(text: str) -> set[str]:
    """Content words, stemmed: 'the nectar of flowers' -> {'nectar', 'flower'}."""
    return {stem(w) for w in extract.words(text) if w not in _FILLER and re.search(r"[a-z]", w)}


def agrees(answer: str, reference: str, *, overlap: float = 0.5, topic: str = "") -> tuple[bool, str]:
    """(match?, why), comparing facts: every quantity of the reference (after unit and scale normalisation, to the
    reference's precision) and every name must be in the answer, and its 'no' if it says no; a reference with
    neither quantities nor names must share most of its content words (stemmed, or one the prefix of the other).
    Part of a full name is enough ('Lindqvist' for 'Rosa Lindqvist') unless that part is the `topic` (the
    question's words: 'Python' does not answer 'Monty Python')."""
    if not reference.strip():
        return False, "the reference answer is empty"
    if is_math(reference):
        return _math_agrees(answer, reference)
    problems = []
    ref_q, got_q = quantities(reference), quantities(answer)
    got_q = (*got_q, *relative_years(answer))  # 'in 2024, after damage the year before' says 2023
    missing_numbers = [q.text for q in ref_q if not any(backs(g, q) or _rounded(q, g) for g in got_q)]
    if missing_numbers:
        problems.append(f"number(s) {', '.join(map(repr, missing_numbers))} of the reference are not in the answer")
    answer_words = extract.word_set(answer)
    ref_names = extract.names(reference, skip=[(q.start, q.end) for q in ref_q], common=answer_words)
    whole = extract.phrases(reference)
    topic_words = extract.word_set(topic)
    said = extract.words(answer)
    missing_names = [w for w in ref_names if not extract.mentions(w, answer_words) and not any(
        w in p and any(extract.mentions(v, answer_words) and v not in topic_words for v in p if v != w) for p in whole)
        and not _labelled(w, said)]
    if missing_names:
        problems.append(f"name(s) {', '.join(map(repr, missing_names))} of the reference are not in the answer")
    if extract.word_set(reference) & extract.NEGATIONS and not extract.negated_by_meaning(
            answer_words, answer, extract.word_set(reference)):
        problems.append("the reference says no or not; the answer does not")
    if not ref_q and not ref_names:
        ref_words, got_words = content(reference), content(answer)
        if not ref_words:  # 'No' is answered by any negation; 'nothing', 'never', 'none' by the same word
            ref_words = {w for w in extract.word_set(reference) & extract.NEGATIONS if w not in ("no", "not")}
            got_words |= answer_words
        if answer_words & extract.NEGATING_WORDS:  # 'rejected' says 'not agreed' in one word
            words = extract.words(reference)
            ref_words = ref_words - {stem(b) for a, b in zip(words, words[1:]) if a in extract.NEGATIONS}
        shared = sum(1 for w in ref_words if w in got_words or any(_prefix(w, g) for g in got_words))
        share = shared / len(ref_words) if ref_words else 1.0
        if share < overlap:
            problems.append(f"only {share:.0%} of the reference's words are in the answer (need {overlap:.0%})")
    return (not problems), "; ".join(problems) or f"matches the reference answer {reference!r}"


def _rounded(reference: Quantity, answer: Quantity) -> bool:
    """The answer writes the reference's figure rounded, less than 1% off: '39%' for '38.9%', not '25' for '24.6'."""
    if not backs(reference, as_written(answer)):
        return False
    a, r = (answer.base, reference.base) if answer.dim and answer.dim == reference.dim else (answer.value, reference.value)
    return abs(a - r) <= abs(r) / 100


def _labelled(name: str, words: list[str]) -> bool:
    """'W21' (a letter or two labelling a figure, as in 'W21 D8 L9') is said by 'won 21'."""
    letters = name.rstrip("0123456789")
    digits = name[len(letters):]
    return 0 < len(letters) <= 2 and letters.isalpha() and digits.isdigit() and any(
        a.startswith(letters) and b == digits for a, b in zip(words, words[1:]))


def _prefix(a: str, b: str) -> bool:
    """'melt' and 'meltwat', 'sweet' and 'sweeten': one stem starts the other (four letters at least)."""
    return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))


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
