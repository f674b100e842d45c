"""What every benchmark driver reports: calls/s, client CPU-seconds per 1,000 calls, peak RSS.

Imports nothing from assay, so the peers' drivers can use it from their own virtual environments.
CPU counts this process and every child it waited for (distilabel runs its steps in subprocesses).
"""
from __future__ import annotations

import argparse
import json
import resource
import time


def _cpu_s() -> float:
    return sum(_cpu_split())


def _cpu_split() -> tuple[float, float]:
    """(user, system) CPU-seconds: system time is mostly the sockets (loopback delivery included)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + kids.ru_utime, me.ru_stime + kids.ru_stime


def peak_rss_mb() -> float:
    """Largest resident set of this process (VmHWM) or of any waited-for child.

    Not RUSAGE_SELF's ru_maxrss: Linux carries it across exec, so a driver started from a big parent
    would report the parent's size.
    """
    hwm_kib = 0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm_kib = int(line.split()[1])
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(hwm_kib, kids) / 1024


class Window:
    """The measured stretch: from the first request to the last result stored, imports excluded."""

    def __enter__(self) -> "Window":
        self.t0, self.split0 = time.perf_counter(), _cpu_split()
        return self

    def __exit__(self, *exc) -> None:
        self.wall_s = time.perf_counter() - self.t0
        user, system = _cpu_split()
        self.user_s, self.sys_s = user - self.split0[0], system - self.split0[1]
        self.cpu_s = self.user_s + self.sys_s
        self.peak_mb = peak_rss_mb()  # the peak up to the window's end (what follows is not measured work)

    def result(self, calls: int, **extra) -> dict:
        return {"calls": calls, "wall_s": round(self.wall_s, 3), "calls_per_s": round(calls / self.wall_s, 1),
                "cpu_s_per_1k": round(1000 * self.cpu_s / max(1, calls), 3),
                "sys_s_per_1k": round(1000 * self.sys_s / max(1, calls), 3), "peak_rss_mb": round(self.peak_mb, 1),
                **extra}


def report(result: dict) -> None:
    """The one line the orchestrator reads from a driver's stdout."""
    print("RESULT " + json.dumps(result), flush=True)


def driver_args() -> argparse.ArgumentParser:
    """The flags every client driver takes; run.py passes the same ones to each."""
    p = argparse.ArgumentParser()
    p.add_argument("--base-url", required=True)
    p.add_argument("--model", default="fake-model")
    p.add_argument("--prompts", required=True)
    p.add_argument("--n", type=int, default=3000)
    p.add_argument("--in-flight", type=int, default=256)
    return p


def sustained_rate(ends: list[float]) -> float | None:
    """Calls/s between the 10th and the 90th percentile of call completions: the run without its slow
    start (the window doubles from 8 each round trip, ~5 round trips to 256) and its drain (the last
    window's round trip, with fewer and fewer calls in flight)."""
    if len(ends) < 100:
        return None
    ends = sorted(ends)
    lo, hi = len(ends) // 10, len(ends) * 9 // 10
    span = ends[hi] - ends[lo]
    return (hi - lo) / span if span > 0 else None
