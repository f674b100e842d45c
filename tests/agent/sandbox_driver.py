"""Driver for tests/agent/test_sandbox_attacks.py: runs one piece of code in the sandbox.

Run as a script (`python sandbox_driver.py`), never imported by the test. It reads one JSON request
on stdin and prints one JSON answer on stdout, so that an attack that kills or hangs the process
calling run_python shows up as this driver dying (or timing out), not as pytest dying.

Request keys:
  code            the Python source to run in the sandbox; "__DRIVER_PID__" in it is replaced by
                  this driver's pid (the caller an attacker would want to hit)
  limits          dict of keyword arguments for Limits(...) (only the keys given are passed)
  marker          optional string: after run_python returns, poll the host's /proc for processes
                  whose command line contains it, for up to marker_grace_s seconds; report the
                  survivors, then SIGKILL them (by pid) so nothing is left behind
  marker_grace_s  default 2.0
  monitor_disk    optional list of host paths: while the sandbox runs, sample the free space of
                  their filesystems every 50 ms and report the largest drop seen, in bytes

Answer keys: ok (bool), stdout/stderr/exit_code/timed_out (when ok), error_type/error_module/
error_message/is_unavailable (when run_python raised), elapsed_s, driver_pid, driver_maxrss_kb,
survivors (list of [pid, cmdline]), disk_drop_bytes.

The test starts the driver with the canary secrets in its environment (so they are in
/proc/<driver>/environ and in its memory, as the secrets of a real caller are).
"""
from __future__ import annotations

import asyncio
import json
import os
import resource
import shutil
import signal
import sys
import threading
import time


def host_processes_with(marker: str) -> list[tuple[int, str]]:
    me = os.getpid()
    found = []
    needle = marker.encode()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if needle in cmd:
            found.append((int(name), cmd.replace(b"\0", b" ").decode(errors="replace")[:300]))
    return found


class DiskMonitor:
    def __init__(self, paths: list[str]):
        seen = {}
        for p in paths:
            try:
                seen.setdefault(os.stat(p).st_dev, p)
            except OSError:
                pass
        self.paths = list(seen.values())
        self.start = {p: shutil.disk_usage(p).free for p in self.paths}
        self.max_drop = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for p in self.paths:
                try:
                    drop = self.start[p] - shutil.disk_usage(p).free
                except OSError:
                    continue
                self.max_drop = max(self.max_drop, drop)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def main() -> int:
    req = json.loads(sys.stdin.read())
    code = req["code"].replace("__DRIVER_PID__", str(os.getpid()))
    answer: dict = {"driver_pid": os.getpid()}

    # Imported lazily and tolerantly, so that a missing name fails only the tests that need it.
    import assay.agent.sandbox as sb

    unavailable = getattr(sb, "SandboxUnavailable", None)
    limits = sb.Limits(**req.get("limits", {}))

    monitor = DiskMonitor(req["monitor_disk"]) if req.get("monitor_disk") else None
    t0 = time.monotonic()
    try:
        if monitor:
            with monitor:
                result = asyncio.run(sb.run_python(code, limits))
        else:
            result = asyncio.run(sb.run_python(code, limits))
    except BaseException as e:  # noqa: BLE001 - report whatever came out
        answer.update(
            ok=False,
            error_type=type(e).__name__,
            error_module=type(e).__module__,
            error_message=str(e),
            is_unavailable=bool(unavailable is not None and isinstance(e, unavailable)),
        )
    else:
        answer.update(
            ok=True,
            stdout=result.stdout,
            stderr=result.stderr,
            exit_code=result.exit_code,
            timed_out=result.timed_out,
        )
    answer["elapsed_s"] = time.monotonic() - t0
    if monitor:
        answer["disk_drop_bytes"] = monitor.max_drop

    survivors: list = []
    marker = req.get("marker")
    if marker:
        deadline = time.monotonic() + float(req.get("marker_grace_s", 2.0))
        while True:
            survivors = host_processes_with(marker)
            if not survivors or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for pid, _ in survivors:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    answer["survivors"] = survivors
    answer["driver_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
