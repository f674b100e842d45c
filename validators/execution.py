"""Stage 4: what can be re-computed is re-computed: verification code, written arithmetic, the reference answer."""
from __future__ import annotations

from decimal import Decimal

from assay.errors import SandboxUnavailable
from assay.records import Verdict
from assay.agent.sandbox import Limits, run_python
from assay.agent.tools import ToolError, calculate

from . import extract
from .answers import agrees
from .base import Check


async def execution(check: Check, *, run_code: bool = True, check_arithmetic: bool = True, check_reference: bool = True,
                    reference_overlap: float = 0.75, cpu_s: int = 5, wall_s: float = 10.0) -> Verdict:
    ins, seed = check.insight, check.seed
    problems: list[str] = []
    done: list[str] = []
    details: dict = {}

    if run_code and ins.verification_code and ins.verification_code.strip():
        done.append("code")
        details["code"] = await _run_code(ins.verification_code, ins, seed.question, Limits(cpu_s=cpu_s, wall_s=wall_s), problems)
    if check_arithmetic:
        rows = []
        for where, text in [("claim", ins.claim)] + [(f"reasoning[{i}]", s) for i, s in enumerate(ins.reasoning)]:
            for calc in extract.arithmetic(text):
                rows.append(_recompute(where, calc, problems))
        if rows:
            done.append("arithmetic")
            details["arithmetic"] = rows
    if check_reference and seed.reference_answer:
        done.append("reference")
        ok, why = agrees(ins.claim, seed.reference_answer, overlap=reference_overlap)
        details["reference"] = {"reference": seed.reference_answer, "agrees": ok, "why": why}
        if not ok:
            problems.append(f"the claim disagrees with the seed's reference answer: {why}")

    if not done:
        return Verdict(validator="execution", passed=True, score=None, details=details,
                       reason="nothing to re-compute: no verification code, written arithmetic or reference answer")
    return Verdict(validator="execution", passed=not problems, score=1.0 if not problems else 0.0, details=details,
                   reason="; ".join(problems) or f"re-computed ({', '.join(done)}) and it agrees")


async def _run_code(code: str, ins, question: str, limits: Limits, problems: list[str]) -> dict:
    """Run the code in the sandbox; the numbers it prints must include the claim's derived figures."""
    try:
        result = await run_python(code, limits)
    except SandboxUnavailable as e:
        problems.append(f"verification code not run: {e}")
        return {"sandbox": "unavailable"}
    info = {"exit_code": result.exit_code, "timed_out": result.timed_out, "stdout": result.stdout[:500]}
    if not result.ok:
        problems.append(f"verification code failed: {result.summary(300)}")
        return info
    printed = [n.value for n in extract.numbers(result.stdout)]
    claimed = extract.numbers(ins.claim)
    # The figures the code must reproduce: those the claim derives, not those it quotes from the sources.
    stated = {n.value for n in extract.numbers(" ".join(e.quote for e in ins.evidence) + "\n" + question)}
    derived = [n for n in claimed if n.value not in stated]
    required = derived or claimed
    missing = [n.text for n in required if not any(extract.same_number(n, p) for p in printed)]
    info["required"] = [n.text for n in required]
    info["missing"] = missing
    if missing:
        shown = ", ".join(str(p) for p in printed[:8]) or "no numbers"
        problems.append(f"verification code prints {shown}, not the claimed {', '.join(map(repr, missing))}")
    return info


def _recompute(where: str, calc: extract.Arithmetic, problems: list[str]) -> dict:
    row = {"where": where, "expression": calc.expression, "stated": str(calc.stated)}
    try:
        value = _value(calculate(calc.expression))
    except (ToolError, ValueError, ArithmeticError) as e:
        row["error"] = str(e)
        problems.append(f"{where}: cannot re-compute {calc.expression!r}: {e}")
        return row
    row["computed"] = str(value)
    stated = extract.Number(calc.stated, calc.places, str(calc.stated))
    row["ok"] = extract.same_number(stated, value)
    if not row["ok"]:
        problems.append(f"{where}: {calc.expression} is {_short(value)}, not {calc.stated}")
    return row


def _value(text: str) -> Decimal:
    """calculate() answers '0.5' or '1.41421356237 (exact: sqrt(2))'; the decimal part is what we compare."""
    return Decimal(text.split(" ")[0])


def _short(value: Decimal) -> str:
    return f"{value.normalize():f}" if abs(value) < 10**15 else str(value)
