"""A circuit breaker per run: endpoint failures that are not about one seed stop the run, seeds stay pending.

A failure belongs to a seed when only that seed could have caused it (its context overflowed, a content
filter stopped its reply, its own budget or bounds ran out); those become failed records upstream and
never reach here. Everything else is about the endpoint or the shape of our request. Some errors say so
by themselves (401, 403, 404, a redirect, a Retry-After longer than a run should wait); the rest trip the
breaker when the same error ends several different seeds in a row with no success between them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assay.errors import EndpointError, EndpointUnavailable

SAME_ERROR_SEEDS = 3  # distinct seeds ended by one error signature, with no success between, trip it
MAX_RETRY_AFTER_S = 300.0  # an endpoint that asks for a longer pause than this is not coming back soon


class EndpointBroken(EndpointUnavailable):
    """The run stopped: an endpoint fails in a way no retry or other seed can fix; seeds stay pending."""


def diagnosis(err: EndpointError, api_key_env: str | None) -> str | None:
    """What is wrong and how to fix it, for failures that are about the endpoint by their nature alone."""
    status = err.status
    key = f"the key in {api_key_env}" if api_key_env else "no API key (set endpoints.NAME.api_key_env or --api-key-env)"
    if status == 401:
        return f"the endpoint rejected the API key (HTTP 401): check {key}"
    if status == 403:
        return f"the endpoint refused access (HTTP 403): {key} may lack access to this model"
    if status == 404:
        return ("the endpoint has no such model or path (HTTP 404): check --model and that the base URL ends in "
                "/v1 (e.g. http://host:8000/v1)")
    if status is not None and 300 <= status < 400:
        return f"the endpoint redirected (HTTP {status}): use the URL it redirects to as the base URL"
    if status in (405, 415):
        return f"the endpoint does not accept chat completions here (HTTP {status}): check the base URL"
    if err.retry_after is not None and err.retry_after > MAX_RETRY_AFTER_S:
        return (f"the endpoint asks to wait {err.retry_after:.0f}s (Retry-After) before the next request: "
                "its quota is spent; rerun later or raise the quota")
    return None


@dataclass
class Breaker:
    """Counts endpoint failures of a run; `failure` says when to stop, `success` resets the streak."""

    streak: Counter = field(default_factory=Counter)  # error signature -> distinct seeds since the last success
    seeds: dict[str, set[str]] = field(default_factory=dict)
    pending: Counter = field(default_factory=Counter)  # error signature -> seeds left pending by it this run
    examples: dict[str, str] = field(default_factory=dict)  # signature -> one full message

    def success(self) -> None:
        self.streak.clear()
        self.seeds.clear()

    def failure(self, err: EndpointError, seed_id: str, api_key_env: str | None) -> str | None:
        """The stop message if this failure trips the breaker; else None (the seed stays pending)."""
        reason = str(err)
        self.left_pending(reason)
        cause = diagnosis(err, api_key_env)
        if cause:
            return f"{cause} ({reason[:300]})"
        sig = _signature(reason)
        seen = self.seeds.setdefault(sig, set())
        seen.add(seed_id)
        if len(seen) >= SAME_ERROR_SEEDS:
            return (f"the same endpoint error ended {len(seen)} different seeds in a row: {reason[:300]}. "
                    "It is about the endpoint or the request, not the seeds: fix the endpoint (or the setting the "
                    "error names) and rerun the same command")
        return None

    def left_pending(self, reason: str) -> None:
        sig = _signature(reason)
        self.pending[sig] += 1
        self.examples.setdefault(sig, reason)

    def summary(self) -> str:
        return "; ".join(f"{n} x {self.examples[sig][:200]}" for sig, n in self.pending.most_common(5))


def _signature(reason: str) -> str:
    """An error message with its numbers and quoted ids blurred, so one fault reads the same for every seed."""
    return re.sub(r"\d+(\.\d+)?", "#", re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", reason))[:400]
