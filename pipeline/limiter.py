"""Adaptive concurrency per endpoint: additive increase, multiplicative decrease (AIMD).

A saturated server says so in three ways: 429s, timeouts, or (vLLM-style queueing) latency that
climbs while nothing errors. Each halves the window; a run of fast successes widens it by one.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque


class AdaptiveLimiter:
    def __init__(self, max_limit: int, *, initial: int | None = None, min_limit: int = 1,
                 latency_factor: float = 2.5, cooldown_s: float = 0.5):
        self.max_limit = max_limit
        self.min_limit = max(1, min(min_limit, max_limit))
        self.limit = float(min(max_limit, initial if initial is not None else 8))
        self.in_flight = 0
        self.latency_factor = latency_factor
        self.cooldown_s = cooldown_s
        self._cond = asyncio.Condition()
        self._recent: deque[float] = deque(maxlen=64)  # latency per completion token, recent calls
        self._baseline: float | None = None
        self._last_decrease = 0.0
        self.decreases = 0

    async def acquire(self) -> None:
        async with self._cond:
            await self._cond.wait_for(lambda: self.in_flight < int(self.limit))
            self.in_flight += 1

    async def release(self) -> None:
        async with self._cond:
            self.in_flight -= 1
            # Admit as many waiters as the (possibly raised) limit allows.
            self._cond.notify(max(1, int(self.limit) - self.in_flight))

    async def __aenter__(self) -> "AdaptiveLimiter":
        await self.acquire()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.release()

    def on_success(self, latency_s: float, tokens: int = 1) -> None:
        per_token = latency_s / max(1, tokens)
        self._recent.append(per_token)
        # The baseline is the best latency seen lately: it relaxes 1% a call, so a server that
        # simply got slower (longer prompts) stops looking congested after a while.
        self._baseline = per_token if self._baseline is None else min(self._baseline * 1.01, per_token)
        if len(self._recent) >= 8 and self._baseline > 0:
            recent = sorted(self._recent)[len(self._recent) // 2]
            if recent > self.latency_factor * self._baseline:
                self._decrease()
                # Forget the congested samples so one episode of queueing is counted once.
                self._recent.clear()
                return
        if self.limit < self.max_limit:
            # Slow start (one more per success) until the first sign of overload, then additive.
            step = 1.0 if self.decreases == 0 else 1.0 / max(1.0, self.limit)
            self.limit = min(float(self.max_limit), self.limit + step)

    def on_overload(self) -> None:
        """429, timeout or 503: back off."""
        self._decrease()

    def _decrease(self) -> None:
        now = time.monotonic()
        if now - self._last_decrease < self.cooldown_s:
            return
        self._last_decrease = now
        self.limit = max(float(self.min_limit), self.limit / 2)
        self.decreases += 1
