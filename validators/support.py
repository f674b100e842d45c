"""An LLM judge decides whether the cited passages entail the claim (strict verdict, fails closed)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from assay.errors import MalformedAction
from assay.records import Verdict

from . import llm
from .base import Check

SCHEMA = {
    "type": "object",
    "properties": {
        "reason": {"type": "string", "maxLength": 200},
        "verdict": {"type": "string", "enum": ["supported", "unsupported", "contradicted"]},
    },
    "required": ["reason", "verdict"],
    "additionalProperties": False,
}


class SupportReply(llm.Reply):
    reason: str = Field(max_length=400)
    verdict: Literal["supported", "unsupported", "contradicted"]


async def support(check: Check, *, max_tokens: int = 160, temperature: float = 0.0) -> Verdict:
    details = {"prompt_version": llm.prompt_version("support")}
    if not check.insight.evidence:
        return Verdict(validator="support", passed=False, score=0.0, reason="no evidence to check the claim against",
                       details=details)
    msgs = llm.messages("support", evidence=llm.evidence_text(check), claim=check.insight.claim)
    try:
        texts, usage, _ = await llm.ask(check, "support", msgs, SCHEMA, max_tokens=max_tokens, temperature=temperature)
    except llm.Undecided as e:
        return llm.undecided("support", str(e), e.usage, details)
    try:
        reply = llm.read(texts[0], SupportReply)
    except MalformedAction as e:
        return llm.undecided("support", f"the verifier's reply is not a valid verdict ({e}): {texts[0][:200]!r}",
                             usage, details)
    details["verdict"] = reply.verdict
    passed = reply.verdict == "supported"
    return Verdict(validator="support", passed=passed, score=1.0 if passed else 0.0, usage=usage, details=details,
                   reason=f"{reply.verdict}: {reply.reason}" if reply.reason else reply.verdict)
