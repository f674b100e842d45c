"""Per-endpoint admission control: an adaptive concurrency window and, once a server has said
"too many", a pace in requests per second.

A saturated server says so in two ways, and each needs its own control:

* A server that queues (vLLM's scheduler) answers every request, only later. The window follows
  latency, gradient/Vegas style: each window of calls (about one round trip's worth) gives a median
  latency per completion token, compared with a baseline that does not drift: the lowest window
  median of the last ~20 s. Past `tolerance` x baseline the window shrinks in proportion (at most
  by half, never below what the present throughput needs in flight at unloaded latency), otherwise
  it grows: +1 a success (x2 a round trip) until the first sign of overload, then sqrt(window) per
  window of calls. It grows only while at least half of it is in use. The baseline does not relax
  with time, so a queue that builds up slowly still reads as one. Slow start ends at the first
  window (8 calls) past tolerance without a cut: 8 calls are too few to size a cut on, and the
  windows that follow cut in proportion if the rise holds. The latency compared leaves out the wait
  the client knows is its own, from a response's last byte to its task running again (`lag_s`), so
  a driver whose own event loop is saturated is not read as a queueing server.
* A rate limiter (429 past R requests/s) answers at once, so latency says nothing and a window
  cannot pace a rate. On a 429 the limiter paces admissions from the completion rate of the last
  second: 80% of it the first time (a burst allowance may have inflated it), then 95% of the lower
  of it and the pace. It stops admitting for a moment (the Retry-After when the client passes one),
  then probes upward once a second while the pace holds anyone back, by a step that doubles from 1%
  up to 5% of the pace (25% before a second 429 confirms the first estimate, or after 10 quiet
  seconds). A pace that holds no one back for a minute after the last overload is dropped. With
  under 8 completions in the last second there is no rate to read: the window halves instead.

Each overload episode is reacted to once: an overload of a request admitted before the limiter's
last reaction belongs to the episode already counted (the admitting epoch rides in a context
variable, so `on_overload()` needs no argument). Latency samples of requests admitted before the
window last shrank are ignored for the same reason.

Hot path: a counter and a FIFO deque of waiter futures. Under the window and not paced, entering
costs one comparison and no suspension; leaving hands the slot straight to the oldest waiter.
"""
from __future__ import annotations

import asyncio
import contextvars
import itertools
import math
import time
from collections import deque
from typing import Callable

from assay import aio

_EPOCHS = itertools.count(1)
# Epoch of the limiter that admitted this task's latest request (0: none). Epochs are global, so a
# stamp from one limiter never passes for a later epoch of another.
_ADMITTED: contextvars.ContextVar[int] = contextvars.ContextVar("assay_limiter_admitted", default=0)

RATE_WINDOW_S = 1.0  # completion rate measured over the last second, in tenths
PROBE_EVERY_S = 1.0
PACE_FACTOR = 0.95  # pace at this share of the completion rate measured when overloaded
FIRST_PACE_FACTOR = 0.8  # the first time, when a burst allowance may have inflated that rate
PACE_IDLE_DROP_S = 60.0
PROBE_QUIET_S = 10.0
MIN_RATE = 1.0  # requests/s: the slowest pace
TICK_SLACK_S = 0.0005
MAX_PAUSE_S = 5.0
MIN_EVIDENCE = 8.0  # completions/s over the last second below which no pace is inferred


class AdaptiveLimiter:
    def __init__(self, max_limit: int, *, initial: int | None = None, min_limit: int = 1,
                 tolerance: float = 1.5, baseline_window_s: float = 20.0, cooldown_s: float = 0.5,
                 pause_s: float = 0.1, burst_s: float = 0.05, clock: Callable[[], float] = time.monotonic):
        self.max_limit = max_limit
        self.min_limit = max(1, min(min_limit, max_limit))
        self.tolerance = tolerance
        self.cooldown_s = cooldown_s  # between reactions to overloads that carry no admitting epoch
        self.pause_s = pause_s  # admissions stop this long after an overload without Retry-After
        self.burst_s = burst_s  # a paced limiter may catch up this much time after a late tick
        self._clock = clock
        self.in_flight = 0
        self.decreases = 0  # the window shrank (latency or overload)
        self.overloads = 0  # overload episodes reacted to
        self._waiters: deque[asyncio.Future] = deque()
        self._limit = 1.0
        self._cap = 1
        self.kv_cap = math.inf  # set from the server's KV-cache usage (endpoint/kv.py): the window grows no higher
        # Slow start from 8, below the slot count of any server worth queueing for (a larger start
        # overshoots a small server: benchmarks/results/saturation.md).
        self.limit = float(max(self.min_limit, min(max_limit, initial if initial is not None else 8)))
        self._slow_start = True
        self._stale_before = -math.inf  # samples of requests admitted before this are ignored
        self._win: list[float] = []  # this window's latencies per completion token
        self._win_raw: list[float] = []  # and per call
        self._win_t0 = 0.0  # when its first call completed
        self._win_n = 8
        self._baseline_bucket_s = baseline_window_s / 10
        self._medians: deque[list] = deque()  # [bucket index, lowest window median in it]
        self.baseline: float | None = None  # seconds per completion token, unloaded
        self._latency = 0.0  # moving average of a call's latency, seconds (0: none yet)
        # Pacing.
        self._epoch = next(_EPOCHS)
        self._last_overload = -math.inf
        self.rate: float | None = None  # requests/s; None: not paced
        self._interval = 0.0
        self._paced = False  # a rate or a pause is in force: acquire goes through the pacer
        self._next_t = -math.inf  # earliest admission of the next paced request
        self._pace_q: deque[asyncio.Future] = deque()
        self._pace_bound = False  # someone waited on the pace since the last probe
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._probe_at = math.inf
        self._probe_step = 0.0
        self._confirmed = False  # a second overload came while paced: the pace is near the server's rate
        self._rate_b = 0  # current tenth-of-a-second bucket of completions
        self._rate_n = 0
        self._rate_hist: deque[tuple[int, int]] = deque(maxlen=int(RATE_WINDOW_S * 10))

    # -- the window ------------------------------------------------------------------------------

    @property
    def limit(self) -> float:
        return self._limit

    @property
    def _top(self) -> float:
        return min(float(self.max_limit), self.kv_cap)

    @limit.setter
    def limit(self, value: float) -> None:
        self._limit = value
        self._cap = max(1, int(value))
        if self._waiters and self.in_flight < self._cap:
            self._wake()

    async def __aenter__(self) -> "AdaptiveLimiter":
        if self.in_flight < self._cap and not self._waiters:
            self.in_flight += 1
        else:
            with aio.paused():  # time queued here is not the episode's: its wall-time bound stops
                await self._wait_slot()
        if self._paced:
            with aio.paused():
                await self._wait_pace()
        _ADMITTED.set(self._epoch)
        return self

    async def __aexit__(self, *exc) -> None:
        self._release()

    def _release(self) -> None:
        w = self._waiters
        if w and self.in_flight <= self._cap:
            while w:
                f = w.popleft()
                if not f.done():
                    f.set_result(None)  # the slot passes to the oldest waiter: in_flight unchanged
                    return
        self.in_flight -= 1

    def _wake(self) -> None:
        w = self._waiters
        while w and self.in_flight < self._cap:
            f = w.popleft()
            if not f.done():
                f.set_result(None)
                self.in_flight += 1

    async def _wait_slot(self) -> None:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
        except BaseException:
            if fut.done() and not fut.cancelled():
                self._release()  # handed a slot, then cancelled: pass it on
            else:
                try:
                    self._waiters.remove(fut)
                except ValueError:
                    pass
            raise

    # -- pacing ----------------------------------------------------------------------------------

    async def _wait_pace(self) -> None:
        now = self._clock()
        if not self._pace_q and self._next_t <= now:
            if self.rate is None:
                self._paced = False  # a pause that has run out
            else:
                self._next_t = max(self._next_t, now - self.burst_s) + self._interval
            return
        self._pace_bound = True
        loop = self._loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._pace_q.append(fut)
        if self._timer is None:
            self._arm()
        try:
            await fut
        except BaseException:
            if not fut.done() or fut.cancelled():
                try:
                    self._pace_q.remove(fut)
                except ValueError:
                    pass
            self._release()  # the window slot taken before pacing
            raise

    def _arm(self) -> None:
        if self._loop is None:
            return
        self._timer = self._loop.call_later(max(0.0, self._next_t - self._clock()), self._tick)

    def _rearm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pace_q:
            self._arm()

    def _tick(self) -> None:
        self._timer = None
        now = self._clock()
        q = self._pace_q
        while q and self._next_t <= now + TICK_SLACK_S:
            f = q.popleft()
            if f.done():
                continue
            f.set_result(None)
            if self.rate is not None:
                self._next_t = max(self._next_t, now - self.burst_s) + self._interval
        if q:
            self._arm()
        elif self.rate is None and self._next_t <= now:
            self._paced = False

    def _set_rate(self, rate: float | None) -> None:
        self.rate = rate
        if rate is None:
            self._interval = 0.0
        else:
            self._interval = 1.0 / rate
            self._paced = True

    def completion_rate(self, now: float | None = None) -> float:
        """Successful calls per second over the last RATE_WINDOW_S (the first second counts as a whole one)."""
        now = self._clock() if now is None else now
        b = int(now * 10)
        first = b - int(RATE_WINDOW_S * 10) + 1
        n = self._rate_n if self._rate_b >= first else 0
        n += sum(c for i, c in self._rate_hist if i >= first)
        return n / max(0.1, now - first / 10)

    # -- signals from the client -----------------------------------------------------------------

    def on_success(self, latency_s: float, tokens: int = 1, lag_s: float = 0.0) -> None:
        """A call came back `latency_s` after it was sent, `lag_s` of that after its last byte was read."""
        now = self._clock()
        b = int(now * 10)
        if b == self._rate_b:
            self._rate_n += 1
        else:
            self._rate_hist.append((self._rate_b, self._rate_n))
            self._rate_b, self._rate_n = b, 1
        if now >= self._probe_at:
            self._probe(now)
        self._latency = latency_s if not self._latency else self._latency + 0.1 * (latency_s - self._latency)
        if now - latency_s < self._stale_before:
            return  # admitted before the window last shrank: says nothing about the new window
        latency_s -= lag_s  # the server's part and the wait to read it; not our tasks' queue after it
        win = self._win
        if not win:
            self._win_t0 = now
        win.append(latency_s / tokens if tokens > 1 else latency_s)
        self._win_raw.append(latency_s)
        if self._slow_start and self._limit < self._top and 2 * self.in_flight >= self._cap:
            self.limit = min(self._top, self._limit + 1.0)  # +1 a success: x2 a round trip
        if len(win) >= self._win_n:
            self._evaluate(now)

    def _evaluate(self, now: float) -> None:
        win, raw = self._win, self._win_raw
        win.sort()
        raw.sort()
        median, median_s = win[len(win) // 2], raw[len(raw) // 2]
        self._win, self._win_raw = [], []
        self._win_n = 8 if self._slow_start else max(8, min(self._cap, 128))
        bucket = int(now / self._baseline_bucket_s)
        meds = self._medians
        if meds and meds[-1][0] == bucket:
            if median < meds[-1][1]:
                meds[-1][1] = median
        else:
            meds.append([bucket, median])
        while meds[0][0] <= bucket - 10:
            meds.popleft()
        baseline = self.baseline = min(m[1] for m in meds)
        queueing = baseline > 0 and median > self.tolerance * baseline
        if queueing and self._slow_start:
            self._slow_start = False  # no cut yet: the next, larger windows confirm and size it
        elif queueing:
            # Queueing: shrink in proportion to the excess, so the next window sits near tolerance.
            ratio = median / baseline
            factor = max(0.5, min(0.9, self.tolerance / ratio))
            # Not below what the present throughput needs in flight at unloaded latency (Little's
            # law): calls admitted just after a cut still wait behind the queue that came before.
            # (The window's own completion rate, over no less than one call's latency.)
            rate = (len(raw) - 1) / max(now - self._win_t0, median_s, 1e-6)
            floor = 1.1 * rate * median_s / ratio
            self._shrink(now, max(factor, min(1.0, floor / self._limit)))
        elif not self._slow_start and self._limit < self._top and 2 * self.in_flight >= self._cap:
            self.limit = min(self._top, self._limit + max(1.0, math.sqrt(self._limit)))

    def _shrink(self, now: float, factor: float) -> None:
        new = max(float(self.min_limit), self._limit * factor)
        if new < self._limit:
            self.decreases += 1
        self.limit = new
        self._slow_start = False
        self._stale_before = now
        self._win, self._win_raw = [], []

    def on_overload(self, retry_after: float | None = None, *, rate_limited: bool | None = None) -> None:
        """An overload: `rate_limited` True for a 429 (pace and pause), False for a 503 or a timeout
        (halve the window), None when the caller does not say (pace and pause, and the window down
        to what the pace needs). `retry_after`: the server's hint in seconds, the pause's length."""
        now = self._clock()
        admitted = _ADMITTED.get()
        if admitted:
            if admitted < self._epoch:
                return  # admitted before the last reaction: same episode
        elif now - self._last_overload < self.cooldown_s:
            return
        self._epoch = next(_EPOCHS)
        self._last_overload = now
        self.overloads += 1
        measured = self.completion_rate(now)
        if rate_limited is False or measured < MIN_EVIDENCE:
            # A timeout or 503, or too few completions to tell a rate (a slow server, or one that
            # rejects everything): the window is the control, as AIMD's; any pace is dropped.
            self._shrink(now, 0.5)
            if rate_limited is not False:
                self._set_rate(None)
                self._next_t = max(self._next_t, now + self._pause(retry_after))
                self._paced = True  # until the pause is over
                self._rearm()
            return
        # The first estimate may be far off either way (a burst allowance inflates it; a run that
        # just started deflates it), so until a second overload confirms it the pace probes up
        # fast (x1.25 a second at most); once confirmed, by steps from 1% up to 5% a second.
        self._confirmed = self.rate is not None
        if self.rate is None:
            self._set_rate(max(MIN_RATE, FIRST_PACE_FACTOR * measured))
        else:
            self._set_rate(max(MIN_RATE, PACE_FACTOR * min(self.rate, measured)))
        self._probe_step = max(0.5, (0.01 if self._confirmed else 0.05) * self.rate)
        self._probe_at = now + PROBE_EVERY_S
        if rate_limited is None:
            # 429, 503 or a timeout: the pace now holds the rate, so the window need not fall below
            # twice what the pace keeps in flight (Little's law) - halving it further only starves it.
            need = 2.0 * self.rate * self._latency
            self._shrink(now, max(0.5, min(1.0, need / self._limit)))
        self._next_t = max(self._next_t, now + self._pause(retry_after))
        self._rearm()

    def _pause(self, retry_after: float | None) -> float:
        # Capped: x-ratelimit-reset-* can name the time to a full bucket, minutes away; the calls
        # that met the 429 wait out the whole hint themselves (EndpointClient.chat).
        return self.pause_s if retry_after is None else min(MAX_PAUSE_S, max(0.0, retry_after))

    def _probe(self, now: float) -> None:
        """Once a second while paced: raise the pace if it held anyone back; drop it after a quiet minute."""
        self._probe_at = now + PROBE_EVERY_S
        if self.rate is None:
            self._probe_at = math.inf
            return
        if self._pace_bound:
            self._pace_bound = False
            self._set_rate(self.rate + self._probe_step)
            # Doubling steps, at most 5% of the pace a second; after PROBE_QUIET_S without an
            # overload the pace was likely set too low, and it may climb by a quarter a second.
            cap = 0.25 if not self._confirmed or now - self._last_overload > PROBE_QUIET_S else 0.05
            self._probe_step = min(2 * self._probe_step, cap * self.rate)
        elif now - self._last_overload > PACE_IDLE_DROP_S:
            self._set_rate(None)
            self._probe_at = math.inf
