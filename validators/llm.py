"""What the LLM stages share: asking the verifier endpoint (once, or k times), strict replies, failing closed."""
from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from assay import templates
from assay.replies import read_reply
from assay.records import CallUsage, Verdict

from .base import Check

R = TypeVar("R", bound=BaseModel)


class Reply(BaseModel):
    """Base of every verifier reply: unknown fields are an error, so a reply is either what we asked or rejected."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Undecided(Exception):
    """The stage cannot reach a verdict; it rejects with this reason and still reports what it spent."""

    def __init__(self, reason: str, usage: list[CallUsage] | None = None):
        super().__init__(reason)
        self.usage = usage or []


def role(stage: str) -> str:
    return f"validator:{stage}"


def prompt_version(stage: str) -> str:
    if stage == "rederive":  # a fresh agent episode: the agent's templates
        from .rederive import prompt_version as rederive_prompts
        return rederive_prompts()
    return templates.version("validator_system", f"validator_{stage}")


def messages(stage: str, **values: object) -> list[dict[str, str]]:
    return [{"role": "system", "content": templates.render("validator_system")},
            {"role": "user", "content": templates.render(f"validator_{stage}", **values)}]


def read(text: str, model: type[R]) -> R:
    """The reply as `model`, or MalformedAction naming what is wrong (no JSON, a missing field, a bad value)."""
    return read_reply(text, model)


async def ask(check: Check, stage: str, msgs: list[dict[str, str]], schema: dict[str, Any], *, k: int = 1,
              max_tokens: int = 256, temperature: float = 0.0, seed: int | None = 0) -> tuple[list[str], list[CallUsage], dict]:
    """k completions of the same prompt: one request with n=k where the endpoint honours n, else k requests.

    A server that is said to honour n but returns fewer choices is topped up with single requests, and
    the returned notes say so.
    """
    client = check.client
    if client is None:
        raise Undecided("no verifier endpoint is configured for LLM stages")
    usage: list[CallUsage] = []
    notes: dict[str, Any] = {}
    texts: list[str] = []
    if k > 1 and client.cfg.honours_n:
        result = await client.chat(msgs, role=role(stage), schema=schema, max_tokens=max_tokens,
                                   temperature=temperature, seed=seed, n=k)
        usage.append(result.usage)
        texts.extend(result.texts[:k])
        notes["requests"] = 1
        if len(texts) < k:
            notes["n_ignored"] = f"asked n={k}, got {len(texts)} choice(s); topped up with single requests"
    missing = k - len(texts)
    if missing:
        first = 0 if not texts else len(texts)
        results = await asyncio.gather(*[
            client.chat(msgs, role=role(stage), schema=schema, max_tokens=max_tokens, temperature=temperature,
                        seed=None if seed is None else seed + first + i)
            for i in range(missing)])
        for r in results:
            usage.append(r.usage)
            texts.append(r.text)
        notes["requests"] = notes.get("requests", 0) + missing
    return texts, usage, notes


def undecided(stage: str, reason: str, usage: list[CallUsage], details: dict | None = None) -> Verdict:
    return Verdict(validator=stage, passed=False, score=None, reason=f"could not decide: {reason}",
                   usage=usage, details=details or {})


def evidence_text(check: Check) -> str:
    return "\n".join(f'- [{e.source_id}] "{e.quote}"' for e in check.insight.evidence) or "(none)"
