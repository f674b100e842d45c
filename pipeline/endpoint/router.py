"""Several endpoints behind one role: each episode goes where it will wait least, and stays there.

An endpoint's expected wait for one more episode is (outstanding + 1) x seconds per call divided by
(its concurrency window x its configured weight): seconds per call is measured (a moving average of
the calls it served), the window is its adaptive limiter's. An episode keeps its endpoint for every
step, so the server's prefix cache holds its growing prompt. An endpoint whose calls fail and whose
health probe fails leaves rotation, is probed again later with a growing pause, and the episodes it
held are resumed on another endpoint: the journal's replay cache is keyed by model and messages, so
a same-model endpoint replays the calls that already finished instead of paying for them again.
"""
from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from assay.endpoint.client import ChatResult, EndpointClient
from assay.errors import EndpointError, EndpointUnavailable

T = TypeVar("T")
EWMA = 0.2  # weight of the newest call in the seconds-per-call average
PROBE_AFTER_S = 5.0  # first pause before a down endpoint is probed again; doubles per failed probe
PROBE_MAX_S = 120.0


@dataclass
class EndpointState:
    client: EndpointClient
    weight: float
    outstanding: int = 0  # episodes leased to it now
    s_per_call: float | None = None  # measured; None until its first paid call
    episodes: int = 0
    down_until: float | None = None  # None: in rotation
    probe_pause_s: float = PROBE_AFTER_S
    probing: bool = False


class EpisodeEndpoint:
    """One episode's view of its endpoint: same calls, plus the affinity header and failure reports."""

    def __init__(self, router: "Router", state: EndpointState, session: str):
        self._router = router
        self._state = state
        self.session = session
        self.lost: EndpointError | None = None  # set when a call failed and the endpoint was found down

    @property
    def name(self) -> str:
        return self._state.client.name

    @property
    def cfg(self):
        return self._state.client.cfg

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self._state.client, attr)  # anything else an episode reads is its endpoint's

    async def chat(self, messages: list[dict[str, Any]], **kw: Any) -> ChatResult:
        client = self._state.client
        if client.cfg.session_header:
            kw["session"] = self.session
        try:
            result = await client.chat(messages, **kw)
        except EndpointError as e:
            if await self._router.report_failure(self._state):
                self.lost = e
            raise
        self._router.observe(self._state, result)
        return result


class Router:
    """The endpoints of one role; `run(key, fn)` runs an episode on the best one, moving it if that one dies."""

    def __init__(self, role: str, clients: list[EndpointClient], *, log: Callable[[str], None] | None = None,
                 probe_after_s: float = PROBE_AFTER_S):
        if not clients:
            raise ValueError(f"role {role!r} has no endpoints")
        self.role = role
        self.probe_after_s = probe_after_s
        self.states = [EndpointState(c, c.cfg.weight, probe_pause_s=probe_after_s) for c in clients]
        self.log = log or (lambda message: print(message, file=sys.stderr))
        self._probes: set[asyncio.Task] = set()

    def in_rotation(self) -> list[EndpointState]:
        return [s for s in self.states if s.down_until is None]

    def expected_wait(self, s: EndpointState) -> float:
        """Seconds a new episode's first call would wait there, up to a common factor."""
        measured = [x.s_per_call for x in self.states if x.s_per_call is not None]
        per_call = s.s_per_call if s.s_per_call is not None else (sum(measured) / len(measured) if measured else 1.0)
        window = max(1.0, s.client.limiter.limit)
        return (s.outstanding + 1) * per_call / (window * s.weight)

    def pick(self) -> EndpointState | None:
        self._probe_due()
        up = self.in_rotation()
        if len(up) <= 1:
            return up[0] if up else None
        return min(up, key=self.expected_wait)  # min keeps config order on ties: deterministic

    async def run(self, key: str, fn: Callable[[EpisodeEndpoint], Awaitable[T]]) -> tuple[T, EndpointClient]:
        """fn(endpoint) for one episode; if its endpoint goes down under it, rerun it on another one."""
        while True:
            state = self.pick()
            if state is None:
                raise self._all_down()
            view = EpisodeEndpoint(self, state, key)
            state.outstanding += 1
            state.episodes += 1
            try:
                result = await fn(view)
            except EndpointError:
                if view.lost is None:
                    raise  # the endpoint is healthy: this failure is the seed's own
            finally:
                state.outstanding -= 1
            if view.lost is None:
                return result, state.client
            if not self.in_rotation():
                raise view.lost
            self.log(f"{self.role} endpoint {state.client.name!r} is down; resuming episode {key} on another endpoint")

    def observe(self, state: EndpointState, result: ChatResult) -> None:
        if result.usage.replayed:
            return  # a replayed call says nothing about the endpoint's speed today
        wall = result.usage.wall_s
        state.s_per_call = wall if state.s_per_call is None else (1 - EWMA) * state.s_per_call + EWMA * wall

    async def report_failure(self, state: EndpointState) -> bool:
        """A call failed after its retries: probe the endpoint; True if it is (now) out of rotation."""
        if state.down_until is not None:
            return True
        if await state.client.healthy():
            return False
        if state.down_until is None:
            state.down_until = time.monotonic() + state.probe_pause_s
            left = ", ".join(repr(s.client.name) for s in self.in_rotation()) or "none"
            self.log(f"{self.role} endpoint {state.client.name!r} failed its health check and left rotation "
                     f"(probed again in {state.probe_pause_s:g}s; in rotation: {left})")
        return True

    def _probe_due(self) -> None:
        now = time.monotonic()
        for s in self.states:
            if s.down_until is not None and not s.probing and now >= s.down_until:
                s.probing = True
                task = asyncio.get_running_loop().create_task(self._probe(s))
                self._probes.add(task)
                task.add_done_callback(self._probes.discard)

    async def _probe(self, s: EndpointState) -> None:
        try:
            if await s.client.healthy():
                s.down_until, s.probe_pause_s = None, self.probe_after_s
                self.log(f"{self.role} endpoint {s.client.name!r} answers again; back in rotation")
            else:
                s.probe_pause_s = min(PROBE_MAX_S, s.probe_pause_s * 2)
                s.down_until = time.monotonic() + s.probe_pause_s
        finally:
            s.probing = False

    def _all_down(self) -> EndpointError:
        names = ", ".join(repr(s.client.name) for s in self.states)
        return EndpointUnavailable(f"every {self.role} endpoint is down ({names})", endpoint=self.states[0].client.name)

    async def close(self) -> None:
        for task in list(self._probes):
            task.cancel()
        await asyncio.gather(*self._probes, return_exceptions=True)
