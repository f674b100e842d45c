"""Stage 3a: the claim says nothing the evidence does not: every number, name, negation and scope word is backed.

A number is backed when the evidence or the question states it (or it rounds to one of them), or when
the reasoning derives it in a written calculation ('24.6 * 2 = 49.2') whose operands are backed.
Whether that calculation is *right* is the execution stage's job; this stage only asks where each
figure came from. `one_step=True` also accepts any sum, difference, product or quotient of two stated
figures without a written calculation, for agents that do not show their arithmetic; it is off by
default because small figures collide (an altered 'three' is 'two' + 'one').
"""
from __future__ import annotations

from decimal import Decimal, DivisionByZero, InvalidOperation
from itertools import permutations

from assay.records import Verdict

from . import extract
from .base import Check

# Unit conversions and halving/doubling may appear as operands without being in the sources.
CONVERSIONS = frozenset(Decimal(x) for x in (2, 7, 12, 24, 60, 100, 365, 1000, 3600))


def numeric(check: Check, *, check_numbers: bool = True, check_names: bool = True, check_negation: bool = True,
            check_scope: bool = True, one_step: bool = False) -> Verdict:
    ins, seed = check.insight, check.seed
    evidence = " ".join(e.quote for e in ins.evidence)
    context = f"{evidence}\n{seed.question}"
    context_words = extract.word_set(context)
    claim_words = extract.words(ins.claim)
    problems: list[str] = []
    details: dict[str, list] = {}

    if check_numbers:
        known = backed_numbers(context, ins.reasoning, one_step=one_step)
        unbacked = [n.text for n in extract.numbers(ins.claim) if not any(extract.same_number(n, k) for k in known)]
        details["unbacked_numbers"] = unbacked
        if unbacked:
            problems.append(f"number(s) {', '.join(map(repr, unbacked))} in the claim appear in no evidence, "
                            "question or calculation from them")
    if check_names:
        missing = sorted({w for w in extract.names(ins.claim) if not extract.mentions(w, context_words)})
        details["unbacked_names"] = missing
        if missing:
            problems.append(f"name(s) {', '.join(map(repr, missing))} in the claim are not in the evidence or question")
    if check_negation:
        negs = sorted({w for w in claim_words if w in extract.NEGATIONS or w.endswith("n't")} - context_words)
        details["negations"] = negs
        if negs:
            problems.append(f"the claim negates ({', '.join(map(repr, negs))}) where the evidence does not")
    if check_scope:
        scope = sorted({w for w in claim_words if w in extract.SCOPE_WORDS} - context_words)
        details["scope_words"] = scope
        if scope:
            problems.append(f"the claim generalises ({', '.join(map(repr, scope))}) beyond what the evidence says")
    return Verdict(validator="numeric", passed=not problems, score=1.0 if not problems else 0.0,
                   reason="; ".join(problems) or "every number, name and qualifier in the claim is backed by the evidence",
                   details=details)


def backed_numbers(context: str, reasoning: list[str], *, one_step: bool = False) -> set[Decimal]:
    """Numbers stated in the context or derived from them in the reasoning's written calculations."""
    stated = {n.value for n in extract.numbers(context)}
    known = set(stated)
    if one_step:
        for a, b in permutations(sorted(stated), 2):
            known.update(_one_step(a, b))
    calcs = [c for step in reasoning for c in extract.arithmetic(step)]
    changed = True
    while changed:  # a chain of calculations: each result backs the next step's operands
        changed = False
        for calc in calcs:
            if calc.stated not in known and all(o in known or o in CONVERSIONS for o in calc.operands):
                known.add(calc.stated)
                changed = True
    return known


def _one_step(a: Decimal, b: Decimal) -> list[Decimal]:
    out = [a + b, a - b, a * b]
    try:
        out.append(a / b)
    except (DivisionByZero, InvalidOperation):
        pass
    return out
