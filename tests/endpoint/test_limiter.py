"""AdaptiveLimiter against simulated servers on a virtual clock: a fixed-slot queueing server
(vLLM-like) and a token-bucket rate limiter that answers 429, plus ordering and cancellation.

The event loop below never sleeps: when nothing is ready it moves its clock to the next timer, so a
simulated minute runs in well under a second and the figures do not depend on the machine's load.
"""
from __future__ import annotations

import asyncio
import random
import selectors
import time

import pytest

from assay.endpoint.limiter import AdaptiveLimiter


class _JumpingSelector(selectors.DefaultSelector):
    def __init__(self):
        super().__init__()
        self.loop: VirtualLoop | None = None

    def select(self, timeout=None):
        events = super().select(0)
        if not events:
            if timeout is None:
                raise RuntimeError("deadlock: nothing ready and no timer due")
            self.loop.now += timeout
        return events


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        selector = _JumpingSelector()
        super().__init__(selector)
        selector.loop = self
        self.now = 1000.0

    def time(self) -> float:
        return self.now


def run_virtual(make):
    """make(loop) -> coroutine; runs it on a VirtualLoop and returns its result."""
    loop = VirtualLoop()
    try:
        return loop.run_until_complete(make(loop))
    finally:
        loop.close()


class RateLimited(Exception):
    pass


class SlotServer:
    """Serves `slots` at once for `service_s` each (plus jitter); the rest wait in FIFO order."""

    def __init__(self, slots: int, service_s: float, rng: random.Random):
        self.sem = asyncio.Semaphore(slots)
        self.service_s = service_s
        self.rng = rng
        self.waiting = self.max_waiting = 0

    async def request(self):
        self.waiting += 1
        self.max_waiting = max(self.max_waiting, self.waiting)
        async with self.sem:
            self.waiting -= 1
            await asyncio.sleep(self.service_s * self.rng.uniform(0.9, 1.1))


class RateServer:
    """429 past `rate` requests/s (token bucket, one second of burst, starts full), else `latency_s`."""

    def __init__(self, rate: float, latency_s: float, loop, rng: random.Random):
        self.rate, self.latency_s, self.loop, self.rng = rate, latency_s, loop, rng
        self.bucket, self.t = rate, loop.time()
        self.ok = self.rejected = 0

    async def request(self):
        now = self.loop.time()
        self.bucket = min(self.rate, self.bucket + (now - self.t) * self.rate)
        self.t = now
        await asyncio.sleep(0.0005)  # the 429 is answered at once
        if self.bucket < 1.0:
            self.rejected += 1
            raise RateLimited((1.0 - self.bucket) / self.rate)
        self.bucket -= 1.0
        await asyncio.sleep(self.latency_s * self.rng.uniform(0.9, 1.1) - 0.0005)
        self.ok += 1


async def drive(loop, limiter, server, calls: int, agents: int, client_s: float = 0.002, hint: bool = False):
    """`agents` tasks make `calls` calls in all, each as EndpointClient.chat does: the limiter around the
    attempt, on_success after it, on_overload + back-off + retry on a 429. Returns (calls/s, latencies)."""
    rng = random.Random(7)
    left = [calls]
    walls: list[float] = []

    async def agent():
        while left[0] > 0:
            left[0] -= 1
            retries = 0
            while True:
                try:
                    async with limiter:
                        started = loop.time()
                        await server.request()
                    wall = loop.time() - started
                    limiter.on_success(wall, 60)
                    walls.append(wall)
                    break
                except RateLimited as e:
                    if hint:
                        limiter.on_overload(e.args[0], rate_limited=True)
                    else:
                        limiter.on_overload()
                    await asyncio.sleep(max(e.args[0], min(30.0, 0.5 * 2**retries) * rng.uniform(0.5, 1.5)))
                    retries += 1
            await asyncio.sleep(client_s)  # the client's own work per call (validators, journal)

    started = loop.time()
    await asyncio.gather(*[agent() for _ in range(agents)])
    return calls / (loop.time() - started), sorted(walls)


def pct(xs: list[float], q: float) -> float:
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def test_queueing_server_fills_its_slots_without_a_runaway_queue():
    """16 slots x 100 ms (160/s), 1,024 agents, upper bound 1,024: >= 95% of capacity at p50 < 2x unloaded."""
    def make(loop):
        async def go():
            limiter = AdaptiveLimiter(1024, clock=loop.time)
            server = SlotServer(16, 0.1, random.Random(1))
            rate, walls = await drive(loop, limiter, server, 6000, 1024)
            return limiter, server, rate, walls
        return go()
    limiter, server, rate, walls = run_virtual(make)
    assert rate >= 0.95 * 160, rate
    assert pct(walls, 0.5) < 0.2, pct(walls, 0.5)  # unloaded: 0.1 s
    assert pct(walls, 0.99) < 0.4, pct(walls, 0.99)
    assert limiter.decreases >= 1
    assert 16 <= limiter.limit <= 48, limiter.limit  # settles near the slot count, far below 1,024
    assert server.max_waiting < 200


def test_queueing_server_that_turns_slower_is_followed():
    """The server halves its slots mid-run: the window follows down, and latency stays bounded."""
    def make(loop):
        async def go():
            limiter = AdaptiveLimiter(1024, clock=loop.time)
            server = SlotServer(32, 0.1, random.Random(2))
            first, _ = await drive(loop, limiter, server, 4000, 1024)
            before = limiter.limit
            server.sem = asyncio.Semaphore(8)
            second, walls = await drive(loop, limiter, server, 3000, 1024)
            return before, limiter.limit, first, second, walls
        return go()
    before, after, first, second, walls = run_virtual(make)
    assert first >= 0.95 * 320 and second >= 0.9 * 80, (first, second)
    assert after < before / 2, (before, after)
    assert pct(walls, 0.5) < 0.25, pct(walls, 0.5)


@pytest.mark.parametrize("hint", [False, True], ids=["bare on_overload()", "429 with Retry-After"])
def test_rate_limited_server_is_paced_near_its_rate(hint):
    """429 past 150 req/s (1 s burst), 50 ms answers, 256 agents: >= 90% of R with < 5% rejected."""
    def make(loop):
        async def go():
            limiter = AdaptiveLimiter(256, clock=loop.time)
            server = RateServer(150, 0.05, loop, random.Random(4))
            rate, walls = await drive(loop, limiter, server, 6000, 256, hint=hint)
            return limiter, server, rate
        return go()
    limiter, server, rate = run_virtual(make)
    rejected = server.rejected / (server.ok + server.rejected)
    assert rate >= 0.9 * 150, rate
    assert rejected < 0.05, (rejected, server.rejected)
    assert limiter.rate is not None and 120 < limiter.rate < 190, limiter.rate


def test_unlimited_server_opens_the_window_to_its_bound_quickly():
    """Flat latency: the window doubles per round trip up to max_limit and never shrinks."""
    def make(loop):
        async def go():
            limiter = AdaptiveLimiter(512, clock=loop.time)
            server = SlotServer(10_000, 0.05, random.Random(3))
            started = loop.time()
            reached = None

            async def watch():
                nonlocal reached
                while reached is None:
                    if limiter.limit >= 512:
                        reached = loop.time() - started
                    await asyncio.sleep(0.01)
            watcher = asyncio.ensure_future(watch())
            rate, _ = await drive(loop, limiter, server, 20_000, 600, client_s=0)
            watcher.cancel()
            return limiter, reached, rate
        return go()
    limiter, reached, rate = run_virtual(make)
    assert limiter.limit == 512 and limiter.decreases == 0 and limiter.rate is None
    assert reached is not None and reached < 1.0, reached  # 8 -> 512 is six round trips of 50 ms
    assert rate > 0.8 * 512 / 0.05, rate  # the ramp included


def test_a_saturated_client_does_not_read_its_own_queue_as_the_servers():
    """The server answers every call after 50 ms (5,120/s at 256 in flight); the client spends 0.5 ms of its
    one thread on each response (2,000/s), so responses queue for it. Told that wait (`lag_s`), the
    limiter keeps the window open; the round trip alone reads as a queue at the server, and the window
    is cut again and again."""
    def run(tell_lag: bool):
        def make(loop):
            async def go():
                limiter = AdaptiveLimiter(256, clock=loop.time)
                cpu = asyncio.Lock()  # the client's event loop: one response handled at a time
                left = [6000]

                async def agent():
                    while left[0] > 0:
                        left[0] -= 1
                        async with limiter:
                            started = loop.time()
                            await asyncio.sleep(0.05)
                            done_at = loop.time()
                            async with cpu:
                                await asyncio.sleep(0.0005)
                        now = loop.time()
                        limiter.on_success(now - started, 60, now - done_at if tell_lag else 0.0)
                started = loop.time()
                await asyncio.gather(*[agent() for _ in range(256)])
                return limiter, 6000 / (loop.time() - started)
            return go()
        return run_virtual(make)

    told, told_rate = run(tell_lag=True)
    assert told.decreases == 0 and told.limit == 256, (told.decreases, told.limit)
    assert told_rate >= 0.9 * 2000, told_rate  # the client's capacity, slow start included
    blind, _ = run(tell_lag=False)
    assert blind.decreases >= 5 and blind.limit < 0.6 * 256, (blind.decreases, blind.limit)


def test_slow_start_ends_without_a_cut_and_a_lasting_rise_cuts_next():
    """One 8-call window past tolerance ends slow start and leaves the window as it is; the next (larger)
    window, still past tolerance, sizes the cut."""
    now = [0.0]
    limiter = AdaptiveLimiter(1024, initial=64, clock=lambda: now[0])
    limiter.in_flight = 64  # in use: the window may grow
    for _ in range(8):
        now[0] += 0.001
        limiter.on_success(0.05, 10)
    assert limiter.limit == 72 and limiter._slow_start
    for _ in range(8):  # latency x2: past the 1.5x tolerance
        now[0] += 0.001
        limiter.on_success(0.1, 10)
    assert limiter.limit == 80 and not limiter._slow_start and limiter.decreases == 0
    for _ in range(80):  # the next window: max(8, min(window, 128)) calls, still x2
        now[0] += 0.001
        limiter.on_success(0.1, 10)
    assert limiter.decreases == 1 and limiter.limit < 80


def test_idle_window_does_not_grow():
    """Successes while the window is mostly unused are no evidence for a wider one."""
    limiter = AdaptiveLimiter(1024, initial=16)
    for _ in range(1000):
        limiter.on_success(0.05, 10)
    assert limiter.limit == 16


def test_overload_kinds():
    """A timeout/503 halves the window and leaves the rate alone; a 429 paces at the measured rate;
    a 429 with too few completions to measure pauses and halves the window instead; a pace that
    holds no one back for a minute after the last overload is dropped."""
    now = [0.0]
    limiter = AdaptiveLimiter(256, initial=64, clock=lambda: now[0])
    limiter.on_overload(rate_limited=True)  # nothing measured yet
    assert limiter.rate is None and limiter.limit == 32
    for i in range(200):  # 2 s at 100 completions/s
        now[0] = 1.0 + i / 100
        limiter.on_success(0.05, 10)
    limiter.on_overload(rate_limited=False)
    assert limiter.rate is None and limiter.limit == 16 and limiter.decreases == 2
    now[0] += 0.6  # past the cooldown that stands in for the admitting epoch here
    measured = limiter.completion_rate()
    assert measured == pytest.approx(40, rel=0.15)  # the last second held 2.6-2.99 s: 40 completions
    limiter.on_overload(2.0, rate_limited=True)
    assert limiter.rate == pytest.approx(0.8 * measured)
    assert limiter.limit == 16 and limiter._next_t == pytest.approx(now[0] + 2.0)  # Retry-After: a pause
    for i in range(100):
        now[0] += 0.7
        limiter.on_success(0.05, 10)
    assert limiter.rate is None and limiter._probe_at == float("inf")


def test_fifo_order_and_handover():
    async def go():
        limiter = AdaptiveLimiter(10, initial=2)
        order: list[int] = []
        gate = asyncio.Event()

        async def worker(i: int):
            async with limiter:
                order.append(i)
                await gate.wait()

        tasks = [asyncio.ensure_future(worker(i)) for i in range(6)]
        await asyncio.sleep(0.01)
        assert order == [0, 1] and limiter.in_flight == 2
        gate.set()
        await asyncio.gather(*tasks)
        assert order == list(range(6))
        assert limiter.in_flight == 0 and not limiter._waiters
        # Raising the limit admits waiters at once; lowering it lets the excess drain first.
        limiter.limit = 1
        gate.clear()
        tasks = [asyncio.ensure_future(worker(i)) for i in range(6, 10)]
        await asyncio.sleep(0.01)
        assert order[6:] == [6] and limiter.in_flight == 1
        limiter.limit = 3
        await asyncio.sleep(0.01)
        assert order[6:] == [6, 7, 8] and limiter.in_flight == 3
        gate.set()
        await asyncio.gather(*tasks)
        assert limiter.in_flight == 0
    asyncio.run(go())


def test_cancelled_waiters_do_not_leak_slots():
    async def go():
        limiter = AdaptiveLimiter(10, initial=1)
        release = asyncio.Event()

        async def holder():
            async with limiter:
                await release.wait()

        async def waiter():
            async with limiter:
                return "in"

        h = asyncio.ensure_future(holder())
        await asyncio.sleep(0)
        waiting = [asyncio.ensure_future(waiter()) for _ in range(5)]
        await asyncio.sleep(0.01)
        assert limiter.in_flight == 1 and len(limiter._waiters) == 5
        for t in waiting[:3]:
            t.cancel()
        await asyncio.sleep(0)
        assert len(limiter._waiters) == 2
        release.set()
        await h
        assert [await t for t in waiting[3:]] == ["in", "in"]
        assert limiter.in_flight == 0 and not limiter._waiters

        # Cancelled after the slot was handed over, before it ran: the slot goes on to the next one.
        h = asyncio.ensure_future(holder())
        release.clear()
        await asyncio.sleep(0)
        a, b = asyncio.ensure_future(waiter()), asyncio.ensure_future(waiter())
        await asyncio.sleep(0.01)
        release.set()
        while limiter._waiters and len(limiter._waiters) == 2:
            await asyncio.sleep(0)  # the holder leaves and hands its slot to a
        a.cancel()
        await h
        assert await b == "in"
        assert a.cancelled()
        assert limiter.in_flight == 0 and not limiter._waiters

        # Cancelled while waiting on the pace: the window slot is given back.
        limiter.limit = 4
        limiter.on_overload(0.5, rate_limited=True)  # pause admissions for half a second
        t = asyncio.ensure_future(waiter())
        await asyncio.sleep(0.01)
        assert limiter.in_flight == 1 and not t.done()
        t.cancel()
        await asyncio.sleep(0)
        assert limiter.in_flight == 0 and not limiter._pace_q
        # And the exception inside the block releases too.
        with pytest.raises(ValueError):
            async with limiter:
                raise ValueError
        assert limiter.in_flight == 0
    asyncio.run(go())


def test_one_overload_episode_is_counted_once():
    """Every request of a burst that met the same 429 reports it; the limiter reacts to the first."""
    async def go():
        limiter = AdaptiveLimiter(64, initial=32)

        async def call():
            async with limiter:
                await asyncio.sleep(0.01)
            limiter.on_overload()
        await asyncio.gather(*[call() for _ in range(32)])
        assert limiter.overloads == 1 and limiter.decreases == 1 and limiter.limit == 16
        # A request admitted after the reaction is a new episode.
        await call()
        assert limiter.overloads == 2 and limiter.limit == 8
    asyncio.run(go())


def test_pause_and_pace_on_a_real_clock():
    """The pacer on the real event loop: after a 429 nothing is admitted for the pause, then about `rate` a second."""
    async def go():
        limiter = AdaptiveLimiter(64, initial=64)
        for _ in range(20):
            limiter.on_success(0.01, 1)
        limiter.on_overload(0.2, rate_limited=True)
        limiter._set_rate(100.0)
        started = time.monotonic()
        admitted: list[float] = []

        async def call():
            async with limiter:
                admitted.append(time.monotonic() - started)
        await asyncio.gather(*[call() for _ in range(40)])
        return admitted
    admitted = asyncio.run(go())
    assert admitted[0] >= 0.19
    spread = admitted[-1] - admitted[0]
    assert 0.3 <= spread <= 1.0, spread  # 40 at 100/s: 0.39 s, less at most a 50 ms catch-up allowance


def test_fast_path_is_cheap():
    """Entering and leaving under the limit, unpaced: a few microseconds, no suspension."""
    async def go():
        limiter = AdaptiveLimiter(1024, initial=1024)
        n = 20_000
        t = time.perf_counter()
        for _ in range(n):
            async with limiter:
                pass
            limiter.on_success(0.05, 60)
        return (time.perf_counter() - t) / n
    per_call = asyncio.run(go())
    assert per_call < 20e-6, per_call
