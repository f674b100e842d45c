"""The event loop a job runs on: uvloop where it is installed (the default on Linux and macOS), else asyncio's.

Measured on the orchestration benchmark (benchmarks/run.py levers): uvloop takes the event loop's own
share of the driver's CPU (timers, callbacks, socket reads) out of Python. `run.event_loop: asyncio`
(`--event-loop asyncio`) opts out, e.g. to rule the loop out while debugging.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import signal
import threading
import weakref
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

from assay.errors import UsageError

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
    """asyncio.run(main) on the chosen loop, with SIGINT and SIGTERM handled on the loop throughout.

    While `main` runs, a signal goes to the innermost `on_signals` handler, or else cancels `main`;
    KeyboardInterrupt is raised only once the loop has shut down. Python-level handlers forward the
    signal with call_soon_threadsafe and never raise inside the loop: the CLI's own SIGTERM handler
    raises KeyboardInterrupt, which raised inside uvloop can be lost or break its shutdown (uvloop
    issues #94 and #336). A signal the process inherited as ignored (nohup) stays ignored.
    """
    try:
        factory = loop_factory(choice)
    except BaseException:
        main.close()  # never awaited: say so quietly instead of a RuntimeWarning
        raise
    interrupted: list[int] = []
    with asyncio.Runner(loop_factory=factory) as runner:
        result = runner.run(_guarded(main, interrupted))
    if interrupted and result is _INTERRUPTED:
        raise KeyboardInterrupt
    return result  # type: ignore[return-value]


_INTERRUPTED = object()
_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_handlers: list[Callable[[int], None]] = []  # innermost last; the guard of aio.run dispatches to it


async def _guarded(main: Coroutine[Any, Any, T], interrupted: list[int]) -> Any:
    task = asyncio.current_task()
    assert task is not None

    def cancel_main(sig: int) -> None:
        interrupted.append(sig)
        if not task.done():
            task.cancel()

    if threading.current_thread() is not threading.main_thread():
        return await main  # signals are delivered to the main thread only
    _handlers.append(cancel_main)
    previous = _forward(lambda sig: _handlers[-1](sig))
    try:
        return await main
    except asyncio.CancelledError:
        if not interrupted:
            raise
        task.uncancel()
        return _INTERRUPTED
    finally:
        _restore(previous)
        _handlers.remove(cancel_main)


@contextlib.contextmanager
def on_signals(handler: Callable[[int], None]) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM that reach aio.run's guard call handler(signum) on its loop.

    Outside aio.run (a loop started by other code) signals keep whatever handling that code set.
    """
    _handlers.append(handler)
    try:
        yield
    finally:
        _handlers.remove(handler)


def _forward(handler: Callable[[int], None]) -> dict[int, Any]:
    """Python-level handlers that schedule handler(signum) on the running loop; the previous ones
    (an ignored signal is left ignored)."""
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    previous = {sig: old for sig, old in previous.items() if old is not None and old is not signal.SIG_IGN}

    def on_signal(signum: int, frame: Any) -> None:
        loop.call_soon_threadsafe(handler, signum)
    for sig in previous:
        signal.signal(sig, on_signal)
    return previous


def _restore(previous: dict[int, Any]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)


def loop_name() -> str:
    """'uvloop' or 'asyncio': what the running job is on (for the run summary)."""
    loop = asyncio.get_running_loop()
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"


TICK_S = 0.05  # a time bound fires up to this late


def time_bound(seconds: float) -> "_TimeBound":
    """`with time_bound(s):` inside a task, as `async with asyncio.timeout(s):` (TimeoutError when the body
    overruns), for bounds that many tasks hold at once, such as every episode's wall time. A plain `with`:
    entering and leaving never wait, so they need no coroutines.

    Bounds share one timer per TICK_S of deadlines instead of one each: entering and leaving are a set
    insert and delete, where asyncio.timeout schedules and cancels a timer per bound. The price is
    precision: a bound fires between `seconds` and `seconds + TICK_S` after entry. Time spent inside
    `paused()` (queued for a slot at the endpoint) does not count.
    """
    return _TimeBound(seconds)


@contextlib.contextmanager
def paused():
    """The running task's time bound stops while the body waits (a queue, not the work being bounded)."""
    bound = _current_bound.get()
    if bound is None or bound.expired:
        yield
        return
    remaining = bound.pause()
    try:
        yield
    finally:
        bound.resume(remaining)


class _TimeBound:
    __slots__ = ("seconds", "expired", "_task", "_bucket", "_deadline", "_loop", "_token")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._task: asyncio.Task | None = None
        self._bucket: set | None = None

    def __enter__(self) -> "_TimeBound":
        loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("time_bound() must be used inside a task")
        self._task, self._loop = task, loop
        self._deadline = loop.time() + self.seconds
        self._bucket = _wheel(loop).add(loop, self, self._deadline)
        self._token = _current_bound.set(self)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._bucket.discard(self)
        _current_bound.reset(self._token)
        if self.expired and self._task.uncancel() == 0 and exc_type is asyncio.CancelledError:
            raise TimeoutError(f"time bound of {self.seconds:g}s reached") from exc

    def pause(self) -> float:
        self._bucket.discard(self)
        return self._deadline - self._loop.time()

    def resume(self, remaining: float) -> None:
        self._deadline = self._loop.time() + max(remaining, 0.0)
        self._bucket = _wheel(self._loop).add(self._loop, self, self._deadline)

    def _expire(self) -> None:
        if not self._task.done():
            self.expired = True
            self._task.cancel()


class _Wheel:
    """Bounds in buckets of TICK_S by deadline; each bucket is one loop timer that expires what is still in it."""

    def __init__(self) -> None:  # holds no reference to its loop: _wheels forgets a loop once it is gone
        self.buckets: dict[int, set[_TimeBound]] = {}

    def add(self, loop: asyncio.AbstractEventLoop, bound: _TimeBound, deadline: float) -> set:
        key = int(deadline / TICK_S) + 1  # the bucket fires at key * TICK_S >= deadline
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = set()
            loop.call_at(key * TICK_S, self._fire, key)
        bucket.add(bound)
        return bucket

    def _fire(self, key: int) -> None:
        for bound in self.buckets.pop(key, ()):
            bound._expire()


_wheels: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Wheel]" = weakref.WeakKeyDictionary()
_current_bound: contextvars.ContextVar[_TimeBound | None] = contextvars.ContextVar("assay_time_bound", default=None)


def _wheel(loop: asyncio.AbstractEventLoop) -> _Wheel:
    wheel = _wheels.get(loop)
    if wheel is None:
        wheel = _wheels[loop] = _Wheel()
    return wheel
