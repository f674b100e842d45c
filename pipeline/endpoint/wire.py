"""Read token usage and server timings out of any OpenAI-compatible response body."""
from __future__ import annotations

from typing import Any

# Groq puts its timings inside `usage`; Cerebras in a top-level `time_info`.
_TIMING_KEYS = ("queue_time", "prompt_time", "completion_time", "total_time")


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def parse_usage(body: dict[str, Any]) -> dict[str, Any]:
    """Token counts and server timings as plain fields for `CallUsage`; absent figures stay zero / empty."""
    usage = body.get("usage") or {}
    prompt_details = usage.get("prompt_tokens_details") or {}
    completion_details = usage.get("completion_tokens_details") or {}
    timings: dict[str, float] = {}
    for key in _TIMING_KEYS:
        v = _num(usage.get(key))
        if v is not None:
            timings[key] = v
    for key, value in (body.get("time_info") or {}).items():
        v = _num(value)
        if v is not None:
            timings[key] = v
    cached = _num(prompt_details.get("cached_tokens"))
    if cached is None:  # llama.cpp's llama-server: the prompt tokens it reused from its slot's cache
        cached = _num((body.get("timings") or {}).get("cache_n"))
    return {
        "prompt_tokens": int(usage.get("prompt_tokens") or 0),
        "completion_tokens": int(usage.get("completion_tokens") or 0),
        "cached_tokens": int(cached or 0),
        "cached_reported": cached is not None,
        "reasoning_tokens": int(completion_details.get("reasoning_tokens") or 0),
        "server_timings": timings,
    }
