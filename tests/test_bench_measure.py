"""benchmarks/measure.py: the figures every benchmark driver reports (the module imports nothing from assay)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from measure import sustained_rate  # noqa: E402


def test_the_sustained_rate_leaves_out_slow_start_and_drain():
    # A run shaped like assay's: a window doubling from 8 each 50 ms round trip up to 256, then 3,000
    # completions/s for 2 s, then the last window draining over one round trip.
    ends, t, window = [], 0.0, 8
    while window < 256:
        t += 0.05
        ends += [t] * window
        window *= 2
    steady_from = t
    ends += [steady_from + i / 3000 for i in range(1, 6001)]
    t = ends[-1]
    ends += [t + 0.05 * (i + 1) / 256 for i in range(256)]
    whole = len(ends) / ends[-1]
    sustained = sustained_rate(list(reversed(ends)))  # any order
    assert abs(sustained - 3000) / 3000 < 0.01, sustained
    assert whole < 0.95 * sustained  # the ramp and the drain cost the whole-run figure ~6% here


def test_too_few_calls_or_no_spread_give_no_rate():
    assert sustained_rate([1.0] * 50) is None
    assert sustained_rate([1.0] * 500) is None  # every call completed at once: no span to divide by
