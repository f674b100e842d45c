"""The exported dataset's schema: explicit `datasets.Features` per config and how a Record becomes a row.

Types are declared, never inferred from data, so every export of every run has the same schema.
The nested provenance / usage / per-call structs are derived from the pydantic contracts' field
annotations (a code change changes them; data never does); dicts and free-form values become JSON text.
"""
from __future__ import annotations

import json
import types
import typing
from typing import Any, Literal

import datasets
from pydantic import BaseModel

from assay.records import CallUsage, Insight, Provenance, Record, UsageTotals

CONFIGS = ("sft", "insights", "rejected", "preferences")
SftFormat = Literal["think", "plain", "answer"]
SFT_FORMATS: dict[str, str] = {
    "think": "`<think>` + the reasoning steps, one a line + `</think>`, a blank line, then the answer",
    "plain": "the reasoning steps, one a line, a blank line, then `Answer: ` and the answer",
    "answer": "the answer alone",
}

_SCALARS = {str: "string", int: "int64", float: "float64", bool: "bool"}


def _dtype(annotation: Any) -> str:
    """Arrow dtype for a pydantic field annotation; anything not a plain scalar is stored as JSON text."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else Any
    return _SCALARS.get(annotation, "string")


def _flat_features(model: type[BaseModel]) -> dict[str, datasets.Value]:
    return {name: datasets.Value(_dtype(f.annotation)) for name, f in model.model_fields.items()}


def _flat_row(obj: BaseModel) -> dict[str, Any]:
    dumped = obj.model_dump(mode="json")
    out = {}
    for name, f in type(obj).model_fields.items():
        value = dumped[name]
        if _dtype(f.annotation) == "string" and value is not None and not isinstance(value, str):
            value = _json(value)
        out[name] = value
    return out


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else _json(value)


MESSAGES = datasets.List({"role": datasets.Value("string"), "content": datasets.Value("string")})
STRINGS = datasets.List(datasets.Value("string"))

# insights (accepted) and rejected share one schema: a full record, status and failing stage included.
RECORD_FEATURES = datasets.Features({
    "id": datasets.Value("string"),
    "question": datasets.Value("string"),
    "domain": datasets.Value("string"),
    "tags": STRINGS,
    "reference_answer": datasets.Value("string"),
    "status": datasets.Value("string"),
    "reason": datasets.Value("string"),
    "failed_stage": datasets.Value("string"),
    "claim": datasets.Value("string"),
    "reasoning": STRINGS,
    # ref: the sentence id the agent cited (doc#n), null for a retyped quote
    "evidence": datasets.List({"source_id": datasets.Value("string"), "quote": datasets.Value("string"),
                               "ref": datasets.Value("string")}),
    "verification_code": datasets.Value("string"),
    "confidence": datasets.Value("float64"),
    "verdicts": datasets.List({
        "validator": datasets.Value("string"), "passed": datasets.Value("bool"),
        "score": datasets.Value("float64"), "reason": datasets.Value("string"),
        "details": datasets.Value("string"),  # JSON: each validator reports different details
    }),
    "messages": MESSAGES,  # the agent's full trace (system prompt, tool observations, replies)
    "tool_calls": datasets.List({
        "step": datasets.Value("int64"), "tool": datasets.Value("string"), "input": datasets.Value("string"),
        "output": datasets.Value("string"), "error": datasets.Value("bool"), "elapsed_s": datasets.Value("float64"),
    }),
    "notes": STRINGS,
    "provenance": _flat_features(Provenance),
    "usage": _flat_features(UsageTotals),
    "calls": datasets.List(_flat_features(CallUsage)),
})

SFT_FEATURES = datasets.Features({
    "id": datasets.Value("string"),
    "domain": datasets.Value("string"),
    "messages": MESSAGES,
})

PREFERENCE_FEATURES = datasets.Features({
    "question": datasets.Value("string"),
    "pair": datasets.Value("string"),
    "prompt": MESSAGES,
    "chosen": MESSAGES,
    "rejected": MESSAGES,
    "chosen_id": datasets.Value("string"),
    "rejected_id": datasets.Value("string"),
    "rejected_stage": datasets.Value("string"),
    "rejected_reason": datasets.Value("string"),
})

FEATURES: dict[str, datasets.Features] = {
    "sft": SFT_FEATURES, "insights": RECORD_FEATURES, "rejected": RECORD_FEATURES, "preferences": PREFERENCE_FEATURES,
}


def record_features(columns: dict[str, str] | None = None) -> datasets.Features:
    """RECORD_FEATURES, plus a custom task's `output` column (its answer's fields, typed from its schema: task.py)."""
    if not columns:
        return RECORD_FEATURES
    fields = {name: datasets.Value("string" if dtype == "json" else dtype) for name, dtype in columns.items()}
    return datasets.Features({**RECORD_FEATURES, "output": fields})


def record_row(r: Record, columns: dict[str, str] | None = None) -> dict[str, Any]:
    """A whole accepted or rejected record (it must have an insight); `columns`: a custom task's output columns."""
    ins = r.insight
    assert ins is not None, "only records with an insight are exported"
    if columns:
        from assay.task import output_row
        return _record_row(r, ins) | {"output": output_row(ins.output, columns)}
    return _record_row(r, ins)


def _record_row(r: Record, ins: Insight) -> dict[str, Any]:
    return {
        "id": r.seed.id,
        "question": r.seed.question,
        "domain": r.seed.domain,
        "tags": list(r.seed.tags),
        "reference_answer": r.seed.reference_answer,
        "status": r.status.value,
        "reason": r.reason,
        "failed_stage": r.failed_stage,
        "claim": ins.claim,
        "reasoning": list(ins.reasoning),
        "evidence": [{"source_id": e.source_id, "quote": e.quote, "ref": e.ref} for e in ins.evidence],
        "verification_code": ins.verification_code,
        "confidence": ins.confidence,
        "verdicts": [{"validator": v.validator, "passed": v.passed, "score": v.score, "reason": v.reason,
                      "details": _json(v.details)} for v in r.verdicts],
        "messages": [message(m.get("role", ""), m.get("content", "")) for m in r.messages],
        "tool_calls": [{"step": t.step, "tool": t.tool, "input": _text(t.input), "output": t.output,
                        "error": t.error, "elapsed_s": t.elapsed_s} for t in r.tool_calls],
        "notes": list(r.notes),
        "provenance": _flat_row(r.provenance),
        "usage": _flat_row(r.usage),
        "calls": [_flat_row(c) for c in r.calls],
    }


def message(role: str, content: Any) -> dict[str, str]:
    return {"role": _text(role), "content": "" if content is None else _text(content)}


def assistant_text(insight: Insight, fmt: str) -> str:
    """The assistant turn a model should learn: reasoning then answer, in the chosen format; a custom task's
    answer is its JSON, as its schema shapes it."""
    if insight.output is not None:
        return json.dumps(insight.output, ensure_ascii=False)
    steps = "\n".join(s.strip() for s in insight.reasoning if s.strip())
    claim = insight.claim.strip()
    if fmt == "answer" or not steps:
        return claim
    if fmt == "think":
        return f"<think>\n{steps}\n</think>\n\n{claim}"
    if fmt == "plain":
        return f"{steps}\n\nAnswer: {claim}"
    raise ValueError(f"unknown sft format {fmt!r}; choose one of {', '.join(SFT_FORMATS)}")


def sft_row(r: Record, fmt: str) -> dict[str, Any]:
    assert r.insight is not None
    return {"id": r.seed.id, "domain": r.seed.domain,
            "messages": [message("user", r.seed.question), message("assistant", assistant_text(r.insight, fmt))]}


def preference_row(question: str, chosen: dict[str, Any], rejected: dict[str, Any],
                   context: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """TRL's conversational preference format: prompt, chosen and rejected as message lists. Tree siblings'
    prompt is the whole context they forked from; other pairs' is the question."""
    return {
        "question": question,
        "pair": "siblings" if context is not None else "question",
        "prompt": context if context is not None else [message("user", question)],
        "chosen": chosen.get("messages") or [message("assistant", chosen["text"])],
        "rejected": rejected.get("messages") or [message("assistant", rejected["text"])],
        "chosen_id": chosen["id"],
        "rejected_id": rejected["id"],
        "rejected_stage": rejected["stage"],
        "rejected_reason": rejected["reason"],
    }
