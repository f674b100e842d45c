"""What can be re-computed is re-computed: verification code, written arithmetic, the reference answer."""
from __future__ import annotations

from decimal import Decimal

from assay.errors import SandboxUnavailable
from assay.records import Verdict
from assay.agent.sandbox import Limits, run_python
from assay.agent.tools import ToolError, calculate

from .answers import agrees
from .base import Check
from .dates import relative_years
from .arithmetic import Calculation, calculations
from .quantities import Quantity, backs, is_year, matches_number, quantities, ratio_unit, rounds_to


async def execution(check: Check, *, run_code: bool = True, check_arithmetic: bool = True, check_reference: bool = True,
                    reference_overlap: float = 0.5, cpu_s: int = 5, wall_s: float = 10.0,
                    code_for_kinds: tuple[str, ...] | list[str] = ("derived",)) -> Verdict:
    """`code_for_kinds`: seeds of these kinds (the first tag, as `assay propose` writes it) are computation-backed:
    their claim must carry verification code, and its sandboxed run must print every derived figure."""
    ins, seed = check.insight, check.seed
    computed = bool(seed.tags) and seed.tags[0] in code_for_kinds
    problems: list[str] = []
    done: list[str] = []
    details: dict = {}

    if computed and run_code and not (ins.verification_code and ins.verification_code.strip()):
        done.append("code")
        problems.append(f"a {seed.tags[0]!r} question needs verification code that reproduces the derived figures; "
                        "the claim carries none")
    elif run_code and ins.verification_code and ins.verification_code.strip():
        done.append("code")
        docs = [check.corpus.text(i) for i in dict.fromkeys([e.source_id for e in ins.evidence] + list(seed.sources))
                if i in check.corpus]
        details["code"] = await _run_code(ins.verification_code, ins, seed.question, Limits(cpu_s=cpu_s, wall_s=wall_s),
                                          problems, docs, every=computed)
    if check_arithmetic:
        rows = []
        for where, text in [("claim", ins.claim)] + [(f"reasoning[{i}]", s) for i, s in enumerate(ins.reasoning)]:
            for calc in calculations(text):
                rows.append(_recompute(where, calc, problems))
        if rows:
            done.append("arithmetic")
            details["arithmetic"] = rows
    if check_reference and seed.reference_answer:
        done.append("reference")
        ok, why = agrees(ins.claim, seed.reference_answer, overlap=reference_overlap, topic=seed.question)
        details["reference"] = {"reference": seed.reference_answer, "agrees": ok, "why": why}
        if not ok:
            problems.append(f"the claim disagrees with the seed's reference answer: {why}")

    if not done:
        return Verdict(validator="execution", passed=True, score=None, details=details,
                       reason="nothing to re-compute: no verification code, written arithmetic or reference answer")
    return Verdict(validator="execution", passed=not problems, score=1.0 if not problems else 0.0, details=details,
                   reason="; ".join(problems) or f"re-computed ({', '.join(done)}) and it agrees")


async def _run_code(code: str, ins, question: str, limits: Limits, problems: list[str], docs: list[str],
                    every: bool = False) -> dict:
    """Run the code in the sandbox; the numbers it prints must include the claim's derived figures (`every`: all of
    them, a written calculation's result included)."""
    try:
        result = await run_python(code, limits)
    except SandboxUnavailable as e:
        problems.append(f"verification code not run: {e}")
        return {"sandbox": "unavailable"}
    info = {"exit_code": result.exit_code, "timed_out": result.timed_out, "stdout": result.stdout[:500]}
    if not result.ok:
        problems.append(f"verification code failed: {result.summary(300)}")
        return info
    printed = [q.value for q in quantities(result.stdout)]
    claimed = [q for q in quantities(ins.claim) if (q.text[:1].isdigit() or q.value >= 1) and not ratio_unit(ins.claim, q)]
    # The figures the code must reproduce: those the claim derives, not those it quotes from the sources. A derived
    # figure that is the result of a written calculation (re-computed below) need not be printed, but one must be.
    given = " ".join(e.quote for e in ins.evidence) + "\n" + question
    stated = [*quantities(given), *relative_years(given),  # 'the year before 2025/26': 2024/25 is no result either
              *(q for d in docs for q in quantities(d) if is_year(q))]  # a year the document states is no result
    derived = [q for q in claimed if not any(backs(k, q) for k in stated)]
    calcs = [c for t in [ins.claim, *ins.reasoning] for c in calculations(t)]
    written = [c.stated for c in calcs]
    # a written calculation's operands are inputs, not results ('71 points (21 x 3 + 8)': 3 is no result to print)
    operands = [q for c in calcs for q in c.operands]
    derived = [q for q in derived if not any(backs(o, q) for o in operands) or any(backs(w, q) for w in written)]
    if every:  # every result, a written calculation's included
        must = derived
    else:
        must = [q for q in derived if not any(backs(w, q) for w in written)]
    missing = [q.text for q in must if not any(matches_number(q, p) for p in printed)]
    candidates = derived or claimed
    if not missing and candidates and not any(matches_number(q, p) for q in candidates for p in printed):
        missing = [q.text for q in candidates]
    info["required"] = [q.text for q in must] or [q.text for q in candidates]
    info["missing"] = missing
    if missing:
        shown = ", ".join(_short(p) for p in printed[:8]) or "no numbers"
        problems.append(f"verification code prints {shown}, not the claimed {', '.join(map(repr, missing))}")
    return info


def _recompute(where: str, calc: Calculation, problems: list[str]) -> dict:
    """Re-compute a written calculation: its operands as written, then with percentages as fractions, then in base
    units ('£2.71m - £2.4m', '38.9% x 550', '1.2 km - 300 m'); the stated result may be a percentage of either."""
    row = {"where": where, "expression": calc.expression, "stated": calc.stated.text}
    first = None
    for operands in _readings(calc.operands):
        expression = calc.template.format(*(_short(v) for v in operands))
        try:
            value = _value(calculate(expression))
        except (ToolError, ValueError, ArithmeticError) as e:
            row["error"] = str(e)
            problems.append(f"{where}: cannot re-compute {calc.expression!r}: {e}")
            return row
        first = value if first is None else first
        if _states(calc.stated, value):
            row["computed"], row["ok"] = _short(value), True
            return row
    row["computed"], row["ok"] = _short(first), False
    problems.append(f"{where}: {calc.expression} is {_short(first)}, not {calc.stated.text}")
    return row


def _readings(operands: tuple[Quantity, ...]) -> list[list[Decimal]]:
    out = [[q.value for q in operands]]
    if any(q.dim == "percent" for q in operands):
        out.append([q.base if q.dim == "percent" else q.value for q in operands])
    if len({q.unit for q in operands if q.dim}) > 1:
        out.append([q.base for q in operands])
    return out


def _states(stated: Quantity, value: Decimal) -> bool:
    """The stated result, as written or as a fraction of its percent, is `value` rounded to the stated precision."""
    return rounds_to(value, stated.value, stated.step) or bool(stated.dim) and rounds_to(
        value, stated.base, stated.step * stated.factor) or matches_number(stated, value)


def _value(text: str) -> Decimal:
    """calculate() answers '0.5' or '1.41421356237 (exact: sqrt(2))'; the decimal part is what we compare."""
    return Decimal(text.split(" ")[0])


def _short(value: Decimal) -> str:
    return f"{value.normalize():f}" if abs(value) < 10**15 else str(value)
