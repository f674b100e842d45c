"""Validators off the driver's core: one-call-per-seed throughput with no validators (structure only), the
default stack in-process, and the default stack in its own process (validators.process = on), side by side.

Nothing is pinned: the driver, the validator process and the fake server (benchmarks/fakeserver.py) share the
machine's cores as the OS schedules them, the same for all three rows. Every row is the median of --repeat runs,
taken round-robin. Usage: python benchmarks/validators_process.py [--n 6000] [--in-flight 256] [--repeat 3]
(writes benchmarks/results/validators_process.md and .json)
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import harness
from harness import FakeServer, drive, median_of, table

ROWS = (("no validators (structure only)", ["--stages", "structure", "--validators-process", "off"]),
        ("default stack, in the driver's process", ["--validators-process", "off"]),
        ("default stack, in a process of its own", ["--validators-process", "on"]),
        ("default stack less novelty, in the driver's process",
         ["--stages", "structure,grounding,numeric,execution", "--validators-process", "off"]),
        ("default stack less novelty, in a process of its own",
         ["--stages", "structure,grounding,numeric,execution", "--validators-process", "on"]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=6000)
    ap.add_argument("--in-flight", type=int, default=256)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    harness.pinned = lambda core: []  # unpinned: the validator process needs a core the driver is not held to
    load = harness.load_average()
    runs: dict[str, list[dict]] = {name: [] for name, _ in ROWS}
    with FakeServer() as server:
        for _ in range(args.repeat):
            for name, extra in ROWS:
                r = drive(sys.executable, "drive_assay.py", "--base-url", server.base_url, "--n", args.n,
                          "--in-flight", args.in_flight, *extra)
                if "error" in r:
                    raise SystemExit(f"{name}: {r['error']}")
                runs[name].append(r)
                print(name, round(r["calls_per_s"]), flush=True)
    med = {name: median_of(rs) for name, rs in runs.items()}
    base = med[ROWS[0][0]]["calls_per_s"]
    rows = [[name, f"{m['calls_per_s']:,.0f}", ", ".join(f"{r['calls_per_s']:,.0f}" for r in runs[name]),
             f"{m['calls_per_s'] / base:.2f}"] for name, m in med.items()]
    text = (f"<!-- {os.cpu_count()} cores · {args.n} seeds a run · {args.in_flight} in flight · median of {args.repeat}, "
            f"round-robin · load average before {load} -->\n"
            + table(["validators", "calls/s (median)", "runs", "vs no validators"], rows) + "\n")
    (harness.HERE / "results" / "validators_process.md").write_text(text)
    (harness.HERE / "results" / "validators_process.json").write_text(json.dumps(runs, indent=1) + "\n")
    print(text)


if __name__ == "__main__":
    main()
