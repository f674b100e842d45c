"""Plugins through Python entry points, the way pytest and llm find theirs.

Three groups, each `name = "module:object"` in a distribution's `[project.entry-points."<group>"]`:

- `assay.validators`: a stage, `fn(check, **params) -> Verdict` (or an awaitable of one); its keyword
  arguments are its typed params, checked like a built-in stage's.
- `assay.tools`: `fn(arg: str) -> str` (sync or async): the model's input string in, the observation out.
- `assay.backends`: a backend profile: a `BackendProfile`, a dict of its fields, or a callable returning either.

Discovery is lazy and happens where each registry is read (the validator stack, the Toolbox, the backend
profiles), so a Ray worker that builds its own Job finds the plugins installed in its own environment.
A plugin that cannot be loaded is a UsageError (exit 2) naming the entry point and its distribution.
"""
from __future__ import annotations

import functools
import inspect
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from assay.errors import UsageError

VALIDATORS = "assay.validators"
TOOLS = "assay.tools"
BACKENDS = "assay.backends"


def _where(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    origin = f"{dist.name} {dist.version}" if dist is not None else "an unknown distribution"
    return f"plugin {ep.name!r} (entry point {ep.group} = {ep.value!r}, from {origin})"


def _check(group: str, ep: EntryPoint, obj: Any) -> Any:
    if group in (VALIDATORS, TOOLS):
        if not callable(obj):
            raise UsageError(f"{_where(ep)} is a {type(obj).__name__}, not a callable")
        try:
            params = list(inspect.signature(obj).parameters.values())
        except (TypeError, ValueError):
            return obj
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if not positional and not any(p.kind is p.VAR_POSITIONAL for p in params):
            what = "check" if group == VALIDATORS else "the model's input string"
            raise UsageError(f"{_where(ep)} takes no positional argument; it must take {what} first")
        return obj
    from assay.profiles import BackendProfile
    value = obj() if callable(obj) and not isinstance(obj, (dict, BackendProfile)) else obj
    try:
        return value if isinstance(value, BackendProfile) else BackendProfile.model_validate(value)
    except Exception as e:  # pydantic's ValidationError, or anything that is not a profile
        raise UsageError(f"{_where(ep)} is not a backend profile: {type(e).__name__}: {str(e)[:300]}") from None


@functools.cache
def load(group: str) -> dict[str, Any]:
    """name -> loaded object for one group; raises UsageError for a plugin that is broken."""
    found: dict[str, Any] = {}
    for ep in entry_points(group=group):
        if ep.name in found:
            continue  # the first distribution on sys.path wins, as importlib.metadata orders them
        try:
            obj = ep.load()
        except Exception as e:  # noqa: BLE001 (an import error, a missing attribute: whatever the plugin raised)
            raise UsageError(f"{_where(ep)} cannot be loaded: {type(e).__name__}: {str(e)[:300]}") from None
        found[ep.name] = _check(group, ep, obj)
    return found


def validators() -> dict[str, Any]:
    return load(VALIDATORS)


def tools() -> dict[str, Any]:
    return load(TOOLS)


def backends() -> dict[str, Any]:
    return load(BACKENDS)
