"""aio.time_bound: asyncio.timeout's contract (TimeoutError on overrun, nothing after the body, outer
cancellation kept) on one shared timer per tick, on both event loops."""
from __future__ import annotations

import asyncio
import time

import pytest

from assay import aio

LOOPS = [name for name in ("asyncio", "uvloop") if name == "asyncio" or aio.loop_factory("auto") is not None]


def run_on(loop_name: str, main):
    return aio.run(main, loop_name)


@pytest.mark.parametrize("loop_name", LOOPS)
def test_an_overrun_raises_timeout_error_between_the_bound_and_one_tick_later(loop_name):
    async def main():
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            with aio.time_bound(0.2):
                await asyncio.sleep(5)
        return time.monotonic() - started
    took = run_on(loop_name, main())
    assert 0.2 <= took < 0.2 + aio.TICK_S + 0.15  # slack for a loaded machine, far below the 5 s sleep


@pytest.mark.parametrize("loop_name", LOOPS)
def test_a_body_within_its_bound_is_untouched_and_the_bound_is_inert_after_it(loop_name):
    async def main():
        task = asyncio.current_task()
        with aio.time_bound(0.1) as bound:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # past the bound's deadline and its bucket's timer: no cancellation arrives
        return bound.expired, task.cancelling()
    assert run_on(loop_name, main()) == (False, 0)


async def cancel_once(bounded, ready: asyncio.Event) -> bool:
    """Run `bounded` as a task, cancel it from outside once `ready` is set; True if it ended cancelled."""
    task = asyncio.create_task(bounded)
    await ready.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return task.cancelled()


@pytest.mark.parametrize("loop_name", LOOPS)
def test_an_outer_cancellation_stays_a_cancellation(loop_name):
    async def bounded(entered: asyncio.Event):
        with aio.time_bound(10):
            entered.set()
            await asyncio.sleep(10)

    async def main():
        entered = asyncio.Event()
        return await cancel_once(bounded(entered), entered)
    assert run_on(loop_name, main()) is True


@pytest.mark.parametrize("loop_name", LOOPS)
def test_cancelled_by_both_the_bound_and_from_outside_stays_a_cancellation(loop_name):
    async def bounded(fired: asyncio.Event, release: asyncio.Event):
        with aio.time_bound(0.05):
            try:
                await asyncio.sleep(10)
            finally:
                fired.set()  # the bound has fired, and the caller cancels as well: the caller's cancellation wins
                await release.wait()

    async def main():
        fired = asyncio.Event()
        return await cancel_once(bounded(fired, asyncio.Event()), fired)
    assert run_on(loop_name, main()) is True


@pytest.mark.parametrize("loop_name", LOOPS)
def test_a_body_that_swallows_the_cancellation_leaves_the_task_uncancelled(loop_name):
    async def main():
        task = asyncio.current_task()
        with aio.time_bound(0.05) as bound:
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                pass  # bad manners, but the bound must not leave a cancellation pending behind it
        await asyncio.sleep(0.05)
        return bound.expired, task.cancelling()
    assert run_on(loop_name, main()) == (True, 0)


@pytest.mark.parametrize("loop_name", LOOPS)
def test_many_bounds_at_once_each_decide_for_themselves(loop_name):
    async def one(i: int) -> str:
        try:
            with aio.time_bound(0.1 + (i % 2) * 5):  # odd ones have 5 s more than they need
                await asyncio.sleep(0.3)
            return "done"
        except TimeoutError:
            return "timed out"

    async def main():
        return await asyncio.gather(*(one(i) for i in range(2000)))
    outcomes = run_on(loop_name, main())
    assert outcomes == ["timed out", "done"] * 1000


def test_outside_a_task_it_says_so():
    async def main():
        loop = asyncio.get_running_loop()
        failures = []

        def callback():
            try:  # a plain callback: a running loop but no current task
                aio.time_bound(1).__enter__()
            except RuntimeError as e:
                failures.append(str(e))
        loop.call_soon(callback)
        await asyncio.sleep(0.01)
        return failures
    assert run_on("asyncio", main()) == ["time_bound() must be used inside a task"]


def test_time_queued_for_an_endpoint_slot_does_not_count_against_the_episode():
    """Behind a one-at-a-time server, an episode waits for the slot longer than its bound; only the time it is
    served counts (two demo seeds failed 'wall-time bound reached' after 65-71 s of calls in a 300 s bound)."""
    from assay.endpoint.limiter import AdaptiveLimiter

    async def main():
        limiter = AdaptiveLimiter(1)

        async def hog():
            async with limiter:
                await asyncio.sleep(1.0)

        async def episode(served_s: float):
            with aio.time_bound(0.5):
                async with limiter:
                    await asyncio.sleep(served_s)
            return "done"

        holder = asyncio.create_task(hog())
        await asyncio.sleep(0.05)
        queued = await episode(0.2)  # ~0.95 s queued, 0.2 s served: inside its 0.5 s bound
        await holder
        with pytest.raises(TimeoutError):
            await episode(1.0)  # served longer than its bound: still stopped
        return queued
    assert asyncio.run(main()) == "done"
