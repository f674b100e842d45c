"""benchmarks/: the figures the drivers report, and the drivers themselves against a fake and the real server
(they patch assay's internals to time and record it, so a change there can break them unnoticed)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.append(str(BENCH))  # after everything else: its module names (run, harness) must shadow nothing
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
    sustained = sustained_rate(ends[::-1])  # in any order
    assert abs(sustained - 3000) / 3000 < 0.01, sustained
    assert whole < 0.95 * sustained  # the ramp and the drain cost the whole-run figure ~6% here


def test_too_few_calls_or_no_spread_give_no_rate():
    assert sustained_rate([1.0] * 50) is None
    assert sustained_rate([1.0] * 500) is None  # every call completed at once: no span to divide by


def test_the_assay_driver_runs_the_job_against_the_fake_and_reports_its_figures(tmp_path):
    fake = subprocess.Popen([sys.executable, str(BENCH / "fakeserver.py"), "--latency-ms", "5"],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = int(fake.stdout.readline().split()[1])
        proc = subprocess.run([sys.executable, str(BENCH / "drive_assay.py"), "--base-url", f"http://127.0.0.1:{port}/v1",
                               "--n", "300", "--in-flight", "32", "--stages", "structure", "--work", str(tmp_path)],
                              capture_output=True, text=True, timeout=300, cwd=BENCH)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stderr[-2000:]
    result = json.loads(lines[-1][7:])
    assert result["calls"] == result["journal_calls"] == 300
    assert result["counts"] == {"accepted": 300}
    assert result["calls_per_s"] > 0 and result["sustained_calls_per_s"] > 0 and result["cpu_s_per_1k"] > 0


def test_the_llama_driver_replays_the_requests_assay_sent(llama_server, tmp_path):
    import drive_llama

    bodies: list[dict] = []
    tokens, seconds = drive_llama.assay_pass(llama_server.base_url, tmp_path, 0, 1, 1, bodies)
    assert len(bodies) == 1 and bodies[0]["messages"], bodies  # one seed, one call, recorded as sent
    assert tokens > 0 and seconds > 0
    direct_tokens, direct_s = drive_llama.direct_pass(llama_server.base_url, bodies)
    assert direct_tokens > 0 and direct_s > 0
