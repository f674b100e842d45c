"""Reading a model's JSON reply, shared by the agent's actions and the LLM validator stages.

Tolerant where small models are sloppy (code fences, prose around the object, trailing commas, raw
newlines in strings); strict about the schema, with the first problem named for the model to fix.
"""
from __future__ import annotations

import json
import re
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from assay.errors import MalformedAction

M = TypeVar("M", bound=BaseModel)


def extract_json(text: str) -> dict[str, Any]:
    """The first JSON object in `text`, tolerating code fences, prose around it and trailing commas."""
    if text[:1] == "{":  # what structured output returns: one clean object, parsed without the scan below
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
        else:
            if isinstance(value, dict):
                return value
    cleaned = re.sub(r"```(?:json)?", "", text).strip()
    start = cleaned.find("{")
    if start < 0:
        raise MalformedAction("no JSON object found in the reply")
    depth, in_str, esc = 0, False, False
    for i in range(start, len(cleaned)):
        c = cleaned[i]
        if in_str:
            esc = (c == "\\") and not esc
            if c == '"' and not esc:
                in_str = False
            continue
        if c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return _loads(cleaned[start:i + 1])
    raise MalformedAction("the JSON object in the reply is not closed (was the reply cut off?)")


def _loads(candidate: str) -> dict[str, Any]:
    for attempt in (candidate, re.sub(r",\s*([}\]])", r"\1", candidate)):
        try:
            value = json.loads(attempt, strict=False)  # small models put raw newlines in strings
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise MalformedAction("the reply's JSON does not parse")


def validated(data: dict[str, Any], model: type[M], what: str = "") -> M:
    """`data` as `model`, or MalformedAction naming the first field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "(reply)"
        raise MalformedAction(f"{what}{where}: {first['msg']}") from None


def read_reply(text: str, model: type[M], what: str = "") -> M:
    """The reply as `model`: the JSON object in it, validated."""
    return validated(extract_json(text), model, what)
