"""Cost of one sandboxed call: this build's sandbox against the one at a git revision, side by side.

    python benchmarks/sandbox_cost.py [--rev 53705fe] [--calls 30]

Each round runs one call of each implementation, alternating, so both see the same machine; the
figures are medians of wall time per call of `print(sum(range(10)))`.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assay.agent import sandbox

ROOT = Path(__file__).resolve().parents[1]
CODE = "print(sum(range(10)))"


def load_old(rev: str):
    """The sandbox module as it was at `rev` (its own imports resolve against this build's assay)."""
    for path in ("pipeline/agent/sandbox.py", "pipeline/sandbox.py"):
        src = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True)
        if src.returncode == 0:
            break
    else:
        raise SystemExit(f"no sandbox module at {rev}")
    tmp = Path(tempfile.mkdtemp()) / "old_sandbox.py"
    tmp.write_text(src.stdout.replace("from .secrets import", "from assay.secrets import"))
    spec = importlib.util.spec_from_file_location("old_sandbox", tmp)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_sandbox"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


async def one(module) -> float:
    t = time.perf_counter()
    result = await module.run_python(CODE, module.Limits())
    assert result.stdout.strip() == "45", result
    return time.perf_counter() - t


async def main(rev: str, calls: int) -> None:
    old = load_old(rev)
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(calls):
        times["before"].append(await one(old))
        times["after"].append(await one(sandbox))
    before, after = statistics.median(times["before"]), statistics.median(times["after"])
    print(f"| implementation | median ms a call | p90 ms |\n| --- | --- | --- |")
    for name, med in (("before (" + rev + ", audit hook)", before), ("after (bubblewrap)", after)):
        series = sorted(times["before" if name.startswith("before") else "after"])
        print(f"| {name} | {med * 1000:.1f} | {series[int(len(series) * 0.9) - 1] * 1000:.1f} |")
    print(f"\nratio after/before: {after / before:.2f} ({calls} alternating rounds)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default="53705fe")
    ap.add_argument("--calls", type=int, default=30)
    a = ap.parse_args()
    asyncio.run(main(a.rev, a.calls))
    sys.exit(0)
