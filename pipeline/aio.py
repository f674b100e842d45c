"""The event loop a job runs on: uvloop where it is installed (the default on Linux and macOS), else asyncio's.

Measured on the orchestration benchmark (benchmarks/run.py levers): uvloop takes the event loop's own
share of the driver's CPU (timers, callbacks, socket reads) out of Python. `run.event_loop: asyncio`
(`--event-loop asyncio`) opts out, e.g. to rule the loop out while debugging.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from .errors import UsageError

T = TypeVar("T")

CHOICES = ("auto", "uvloop", "asyncio")


def loop_factory(choice: str = "auto") -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop for auto/uvloop when it imports; None (asyncio's default loop) otherwise."""
    if choice not in CHOICES:
        raise UsageError(f"run.event_loop must be one of {', '.join(CHOICES)} (got {choice!r})")
    if choice == "asyncio":
        return None
    try:
        import uvloop  # noqa: PLC0415 (optional on platforms without wheels)
    except ImportError:
        if choice == "uvloop":
            raise UsageError("run.event_loop is 'uvloop' but uvloop is not installed: pip install uvloop, "
                             "or set run.event_loop: auto (uses it when present)") from None
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T], choice: str = "auto") -> T:
    """asyncio.run(main) on the chosen loop."""
    try:
        factory = loop_factory(choice)
    except BaseException:
        main.close()  # never awaited: say so quietly instead of a RuntimeWarning
        raise
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)


def loop_name() -> str:
    """'uvloop' or 'asyncio': what the running job is on (for the run summary)."""
    loop = asyncio.get_running_loop()
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"
