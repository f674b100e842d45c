"""Plumbing shared by the benchmark sections: the fake server in its own process on its own core,
drivers run pinned to the other core, medians and markdown tables."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIENT_CORE, SERVER_CORE = "0", "1"  # the client under test gets one core, the fake the other


def pinned(core: str) -> list[str]:
    """`taskset -c core` where taskset and that core exist (a 1-core box still runs, unpinned)."""
    if os.cpu_count() and os.cpu_count() > int(core) and subprocess.run(["which", "taskset"], capture_output=True).returncode == 0:
        return ["taskset", "-c", core]
    return []


class FakeServer:
    """benchmarks/fakeserver.py as a subprocess; `flags` are its command-line options."""

    def __init__(self, *flags: str, log: Path | None = None):
        self.flags = [str(f) for f in flags]
        self.log = log

    def __enter__(self) -> "FakeServer":
        err = open(self.log, "w") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen([*pinned(SERVER_CORE), sys.executable, str(HERE / "fakeserver.py"), *self.flags],
                                     stdout=subprocess.PIPE, stderr=err, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            self.proc.kill()
            raise RuntimeError(f"fake server did not start: {line!r}")
        self.base_url = f"http://127.0.0.1:{int(line.split()[1])}/v1"
        return self

    def stats(self, reset: bool = False) -> dict:
        req = urllib.request.Request(self.base_url.rsplit("/v1", 1)[0] + "/stats", method="POST" if reset else "GET")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def drive(python: str, script: str, *args, log: Path | None = None, timeout: float = 900) -> dict:
    """Run one driver pinned to the client core; its RESULT line as a dict (or {"error": ...})."""
    cmd = [*pinned(CLIENT_CORE), python, str(HERE / script), *map(str, args)]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:g}s"}
    if log is not None:
        with open(log, "a") as f:
            f.write(f"$ {' '.join(cmd)}\n{proc.stdout[-20000:]}\n{proc.stderr[-20000:]}\n")
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
    return {"error": f"exit {proc.returncode}: {tail[0][:300]}"}


def median_of(results: list[dict]) -> dict:
    """The run with the median calls/s (its CPU and RSS belong with it), plus the spread."""
    ok = [r for r in results if "calls_per_s" in r]
    if not ok:
        return results[-1] if results else {"error": "no runs"}
    ok.sort(key=lambda r: r["calls_per_s"])
    mid = dict(ok[len(ok) // 2])
    mid["runs"] = [r["calls_per_s"] for r in ok]
    mid["cpu_s_per_1k_median"] = statistics.median(r["cpu_s_per_1k"] for r in ok)
    sustained = [r["sustained_calls_per_s"] for r in ok if r.get("sustained_calls_per_s")]
    if sustained:  # assay's drivers: calls/s between the 10th and 90th percentile of completions
        mid["sustained_calls_per_s_median"] = statistics.median(sustained)
    return mid


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"
