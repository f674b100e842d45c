"""K independent re-derivations of the answer from the sources; accept when enough agree with the claim.

The default threshold 0.5 with k=3 is a majority vote: two of three re-derivations must agree.

One request with n=k where the endpoint honours n (the prompt is processed once); otherwise k
requests with different seeds. A reply that cannot be read counts as disagreeing (fail closed).
"""
from __future__ import annotations

from pydantic import Field

from assay.errors import MalformedAction
from assay.records import Verdict

from . import llm
from .answers import agrees
from .base import Check

SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string", "maxLength": 160}},
    "required": ["answer"],
    "additionalProperties": False,
}


class Derivation(llm.Reply):
    answer: str = Field(max_length=400)


def sources_text(check: Check, limit: int) -> str:
    ids = check.seed.sources or list(dict.fromkeys(e.source_id for e in check.insight.evidence))
    parts = [f"[{sid}]\n{check.corpus.text(sid)[:limit].strip()}" for sid in ids if sid in check.corpus]
    return "\n\n".join(parts) or "(no sources)"


async def consistency(check: Check, *, k: int = 3, threshold: float = 0.5, temperature: float = 0.7,
                      max_tokens: int = 96, overlap: float = 0.5, source_chars: int = 1500) -> Verdict:
    if k < 1:
        raise ValueError(f"validators.params.consistency.k must be at least 1, got {k}")
    details: dict = {"prompt_version": llm.prompt_version("consistency"), "k": k}
    msgs = llm.messages("consistency", sources=sources_text(check, source_chars), question=check.seed.question)
    try:
        texts, usage, notes = await llm.ask(check, "consistency", msgs, SCHEMA, k=k, max_tokens=max_tokens,
                                            temperature=temperature)
    except llm.Undecided as e:
        return llm.undecided("consistency", str(e), e.usage, details)
    details.update(notes)
    answers, votes = [], 0
    for text in texts:
        try:
            answer = llm.read(text, Derivation).answer
        except MalformedAction as e:
            answers.append({"reply": text[:200], "error": str(e), "agrees": False})
            continue
        ok, why = agrees(check.insight.claim, answer, overlap=overlap) if answer.strip() else (False, "empty answer")
        votes += ok
        answers.append({"answer": answer, "agrees": ok, "why": why})
    details["derivations"] = answers
    if not any("answer" in a for a in answers):
        return llm.undecided("consistency", f"none of the {k} re-derivations could be read", usage, details)
    agreement = votes / k
    passed = agreement >= threshold
    return Verdict(validator="consistency", passed=passed, score=round(agreement, 4), usage=usage, details=details,
                   reason=f"{votes} of {k} re-derivations agree with the claim "
                          f"(agreement {agreement:.2f} {'>=' if passed else '<'} threshold {threshold:g})")
