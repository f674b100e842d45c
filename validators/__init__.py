"""Validator stages: plain callables in an explicit registry, run cheap to expensive, failing closed.

A stage is `fn(check: Check, **params) -> Verdict` (or an awaitable of one). Params come from
config `[validators.params.<stage>]` and are checked against the function's keyword arguments.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from assay.records import Verdict
from assay.errors import EndpointError

from .base import Check
from .consistency import consistency
from .execution import execution
from .grounding import grounding
from .judge import judge
from .novelty import novelty
from .numeric import numeric
from .rederive import rederive
from .structure import structure
from .support import support

# Cheap to expensive: the order a stack is usually configured in.
STAGES: dict[str, Callable[..., Any]] = {
    "structure": structure,
    "grounding": grounding,
    "numeric": numeric,
    "execution": execution,
    "novelty": novelty,
    "support": support,
    "consistency": consistency,
    "judge": judge,
    "rederive": rederive,
}
# Stages that call the verifier endpoint (role "validator:<stage>" in the meter); the rest are deterministic.
LLM_STAGES = frozenset({"support", "consistency", "judge", "rederive"})


def registry() -> dict[str, Callable[..., Any]]:
    """The built-in stages, then the plugins of entry-point group `assay.validators` (assay.plugins), read
    where the stack is checked and run, so a Ray worker discovers the plugins installed in its own
    environment. A built-in name is never replaced by a plugin."""
    from assay import plugins
    return {**plugins.validators(), **STAGES}


def uses_endpoint(stages: list[str]) -> bool:
    """The stack calls the verifier endpoint: a built-in LLM stage, or a plugin stage marked `assay_llm = True`
    (an attribute on its function), which then gets the validator client in `check.client` as they do."""
    known = registry()
    return any(s in LLM_STAGES or getattr(known.get(s), "assay_llm", False) for s in stages)


def every_stage() -> list[str]:
    """`--stages all`: the built-ins in their cheap-to-expensive order, then the installed plugins' stages."""
    return list(STAGES) + [s for s in registry() if s not in STAGES]


def check_params(stages: list[str], params: dict[str, dict[str, Any]]) -> list[str]:
    """Problems with the configured stack, phrased as config errors (key path first)."""
    problems = []
    known = registry()
    for i, name in enumerate(stages):
        if name not in known:
            problems.append(f"validators.stages[{i}]: unknown stage {name!r}; available: {', '.join(known)}")
    for name, kwargs in params.items():
        if name not in known:
            problems.append(f"validators.params.{name}: no such stage")
            continue
        accepted = set(inspect.signature(known[name]).parameters) - {"check"}
        for key in kwargs:
            if key not in accepted:
                problems.append(f"validators.params.{name}.{key}: unknown parameter; accepted: {', '.join(sorted(accepted))}")
    return problems


async def run_stages(check: Check, stages: list[str], params: dict[str, dict[str, Any]], *, all_verdicts: bool = False) -> list[Verdict]:
    verdicts: list[Verdict] = []
    known = registry()
    for name in stages:
        try:
            result = known[name](check, **params.get(name, {}))
            # (isinstance first: inspect.isawaitable on a Verdict goes through the slower Awaitable ABC)
            verdict = result if isinstance(result, Verdict) else await result
        except EndpointError:
            raise  # a verifier endpoint that fails is the run's problem (the breaker), not a verdict on the insight
        except Exception as e:  # fail closed: a stage that cannot decide rejects, with the reason
            verdict = Verdict(validator=name, passed=False, reason=f"could not decide: {type(e).__name__}: {e}")
        verdicts.append(verdict)
        if not verdict.passed and not all_verdicts:
            break
    return verdicts
