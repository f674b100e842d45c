"""What the agent is asked to emit (JSON schemas, with bounded fields) and how its replies are read."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from assay.errors import MalformedAction
from assay.records import Insight
from assay.replies import extract_json, validated

# Bounded lengths keep a small model from printing until max_tokens (the JSON then never closes).
PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"sub_questions": {"type": "array", "items": {"type": "string", "maxLength": 150}, "maxItems": 3}},
    "required": ["sub_questions"],
    "additionalProperties": False,
}


def step_schema(tools: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "thought": {"type": "string", "maxLength": 300},
            "tool": {"type": "string", "enum": [*tools, "answer"]},
            "input": {"type": "string", "maxLength": 600},
        },
        "required": ["thought", "tool", "input"],
        "additionalProperties": False,
    }


MAX_REF_CHOICES = 400  # sentence ids listed in the schema; beyond that, any well-formed id (grounding checks it)
REF_PATTERN = r"^[^\[\]\s#]+#[0-9]{1,5}$"


def insight_schema(source_ids: list[str] | None = None, max_evidence: int = 2, *, quote_pattern: bool = True,
                   refs: list[str] | None = None) -> dict[str, Any]:
    """The final-answer schema; with known source ids, `source_id` is limited to them.

    With `refs` (the sentence ids the agent was shown), evidence is cited by id: the schema admits
    only those ids, so a grammar-constrained model cannot cite a passage it never saw, and assay
    fills in the text. The one-sentence quote pattern is for grammar engines that take it
    (llama.cpp); vLLM's xgrammar refuses the whole schema over it (HTTP 400), so json_schema mode
    goes without.
    """
    return _insight_schema(tuple(sorted(source_ids or ())), max_evidence, quote_pattern, tuple(refs or ()))


@lru_cache(maxsize=1024)  # built once per source set, not once per call (the caller must not mutate it)
def _insight_schema(source_ids: tuple[str, ...], max_evidence: int, quote_pattern: bool,
                    refs: tuple[str, ...] = ()) -> dict[str, Any]:
    schema = json.loads(json.dumps(INSIGHT_SCHEMA))
    schema["properties"]["evidence"]["maxItems"] = max_evidence
    if not quote_pattern:
        del schema["properties"]["evidence"]["items"]["properties"]["quote"]["pattern"]
        del schema["properties"]["claim"]["pattern"]
        del schema["properties"]["reasoning"]["items"]["pattern"]
    if refs:
        ref = {"type": "string", "enum": list(refs)} if len(refs) <= MAX_REF_CHOICES else \
            {"type": "string", "maxLength": 90, "pattern": REF_PATTERN}
        schema["properties"]["evidence"]["items"] = {
            "type": "object", "properties": {"ref": ref}, "required": ["ref"], "additionalProperties": False}
        return schema
    if source_ids:
        schema["properties"]["evidence"]["items"]["properties"]["source_id"] = {"type": "string", "enum": list(source_ids)}
    return schema


# One sentence: a dot ends it unless digits surround it (24.6). Small models otherwise copy the right
# sentence and then keep writing, and the quote no longer exists in the source.
QUOTE_PATTERN = r'^([^."\\\n?{}]|[0-9][.][0-9]){8,200}[.]$'

# A claim or a step is a sentence in words: small models otherwise fill a free string with JSON debris ("{{1}}},").
CLAIM_PATTERN = r'^[A-Za-z0-9][^{}\[\]"\\\n]{11,199}$'

# Evidence comes first: a small model copies a quote best right after reading the source, and then writes
# its claim with the quote in view (grammar-constrained decoding keeps this order). Confidence comes before
# the reasoning steps, which a small model otherwise fills with "confidence: 0".
INSIGHT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "evidence": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"source_id": {"type": "string", "maxLength": 80}, "quote": {"type": "string", "maxLength": 200, "pattern": QUOTE_PATTERN}},
                "required": ["source_id", "quote"],
                "additionalProperties": False,
            },
            "minItems": 1,
            "maxItems": 2,
        },
        "claim": {"type": "string", "minLength": 12, "maxLength": 200, "pattern": CLAIM_PATTERN},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "reasoning": {"type": "array", "items": {"type": "string", "minLength": 12, "maxLength": 200, "pattern": CLAIM_PATTERN},
                      "minItems": 1, "maxItems": 2},
    },
    "required": ["evidence", "claim", "confidence", "reasoning"],
    "additionalProperties": False,
}


def parse_step(text: str, tools: list[str]) -> tuple[str, str, str]:
    data = extract_json(text)
    tool = str(data.get("tool") or data.get("action") or "").strip().lower()
    if tool not in (*tools, "answer"):
        raise MalformedAction(f'"tool" must be one of {[*tools, "answer"]}, got {tool!r}')
    raw_input = data.get("input", "")
    arg = raw_input if isinstance(raw_input, str) else json.dumps(raw_input)
    return str(data.get("thought", "")), tool, arg


def parse_plan(text: str) -> list[str]:
    data = extract_json(text)
    subs = data.get("sub_questions")
    if not isinstance(subs, list):
        raise MalformedAction('"sub_questions" must be a list of strings')
    return [str(s) for s in subs][:3]


def parse_insight(text: str) -> Insight:
    if text[:1] == "{":  # clean structured output: parsed and validated in one pass
        try:
            return Insight.model_validate_json(text)
        except ValidationError:
            pass  # anything else takes the tolerant path below, which also explains what is wrong
    data = extract_json(text)
    if isinstance(data.get("reasoning"), str):
        data["reasoning"] = [data["reasoning"]]
    evidence = data.get("evidence")
    if isinstance(evidence, (str, dict)):
        evidence = data["evidence"] = [evidence]
    if isinstance(evidence, list):  # a bare id ("mars#2") or a bare quote, as models without a schema write them
        data["evidence"] = [({"ref": e} if _REF.match(e.strip()) else {"quote": e}) if isinstance(e, str) else e
                            for e in evidence]
    return validated(data, Insight, "insight field ")


_REF = re.compile(r"^\[?[^\[\]\s#]+#\d{1,5}\]?$")


def resolve_evidence(insight: Insight, corpus) -> Insight:
    """Fill each cited sentence's source and exact text from the corpus; an unknown id stays for grounding
    to reject (an id naming another document than `source_id` too)."""
    for ev in insight.evidence:
        if not ev.ref:
            continue
        ev.ref = ev.ref.strip().strip("[]").strip()
        sentence = corpus.sentence(ev.ref)
        if sentence is None:
            continue
        ev.source_id = ev.source_id or ev.ref.rpartition("#")[0]
        ev.quote = sentence.text
    return insight
