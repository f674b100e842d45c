"""An LLM critic checks each reasoning step and returns a verdict per step (strict, fails closed)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from assay.errors import MalformedAction
from assay.records import Verdict

from . import llm
from .base import Check


class StepVerdict(llm.Reply):
    step: int
    note: str = Field(max_length=400)
    ok: bool


class JudgeReply(llm.Reply):
    steps: list[StepVerdict]
    verdict: Literal["sound", "flawed"]


def schema(n_steps: int) -> dict[str, Any]:
    """Exactly one entry per step, so a grammar-constrained model cannot skip or invent steps."""
    return {
        "type": "object",
        "properties": {
            "steps": {
                "type": "array", "minItems": n_steps, "maxItems": n_steps,
                "items": {
                    "type": "object",
                    "properties": {"step": {"type": "integer"}, "note": {"type": "string", "maxLength": 160},
                                   "ok": {"type": "boolean"}},
                    "required": ["step", "note", "ok"], "additionalProperties": False,
                },
            },
            "verdict": {"type": "string", "enum": ["sound", "flawed"]},
        },
        "required": ["steps", "verdict"],
        "additionalProperties": False,
    }


async def judge(check: Check, *, max_tokens: int = 384, temperature: float = 0.0) -> Verdict:
    steps = [s for s in check.insight.reasoning if s.strip()]
    details: dict[str, Any] = {"prompt_version": llm.prompt_version("judge")}
    if not steps:
        return Verdict(validator="judge", passed=False, score=0.0, reason="no reasoning steps to check", details=details)
    msgs = llm.messages("judge", evidence=llm.evidence_text(check), question=check.seed.question,
                        steps="\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)), claim=check.insight.claim)
    try:
        texts, usage, _ = await llm.ask(check, "judge", msgs, schema(len(steps)), max_tokens=max_tokens,
                                        temperature=temperature)
    except llm.Undecided as e:
        return llm.undecided("judge", str(e), e.usage, details)
    try:
        reply = llm.read(texts[0], JudgeReply)
    except MalformedAction as e:
        return llm.undecided("judge", f"the critic's reply is not a valid verdict ({e}): {texts[0][:200]!r}", usage, details)
    numbers = [s.step for s in reply.steps]
    if numbers != list(range(1, len(steps) + 1)):
        return llm.undecided("judge", f"the critic judged steps {numbers}, not steps 1..{len(steps)}", usage, details)
    details["steps"] = [s.model_dump() for s in reply.steps]
    details["verdict"] = reply.verdict
    bad = [s for s in reply.steps if not s.ok]
    if reply.verdict == "sound" and not bad:
        return Verdict(validator="judge", passed=True, score=1.0, usage=usage, details=details,
                       reason=f"every one of {len(steps)} steps follows")
    if bad:
        reason = "; ".join(f"step {s.step}: {s.note or 'does not follow'}" for s in bad)
        if reply.verdict == "sound":  # the critic contradicts itself: fail closed, and say so
            reason += " (the critic still called the reasoning sound; rejected because a step failed)"
    else:
        reason = "the critic found the reasoning flawed although it passed every step"
    return Verdict(validator="judge", passed=False, score=1 - len(bad) / len(steps), usage=usage, details=details,
                   reason=reason)
