"""The novelty stage's index alone: per-check CPU and memory per indexed claim, old (datasketch MinHash LSH) vs new.

Claims are the fake server's (fakeserver.insight(): "Phobos and Deimos" and ten syllable words, all distinct),
the ones the issue 8 memory runs accept. For each index and size, a fresh subprocess indexes N claims, then
runs `--checks` checks the way a run does: nearest() on a new claim, then the claim is accepted (appended
and indexed). Reported: the median, p90 and mean of a whole check, the median of nearest() alone (CPU time
of the process, so time spent waiting for a busy core does not count; a neighbour still slows it through
shared caches, hence the new index's timing run is repeated and the run with the lowest median kept), and
the memory the index holds per claim beyond the claim strings: tracemalloc (every Python and numpy
allocation) in one subprocess, resident set growth (/proc/self/statm) and peak growth (VmHWM) in another.

    python benchmarks/novelty_index.py [--sizes 10000,100000] [--checks 2000] [--old-checks 300] [--repeat 3] [--out FILE]

The old index is the one validators/novelty.py used before (kept here verbatim, datasketch 256 permutations,
bands of 3); it is skipped when datasketch is not installed. One core is enough; nothing is pinned.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def claims(n: int) -> list[str]:
    sys.path.insert(0, str(HERE))
    from fakeserver import insight  # noqa: PLC0415

    return [json.loads(insight(i))["claim"] for i in range(n)]


class OldIndex:
    """validators/novelty.py's Index before the prefix-filter rewrite (MinHash LSH over datasketch)."""

    NUM_PERM = 256

    def __init__(self, threshold: float, accepted: list[str]):
        from datasketch import MinHashLSH  # noqa: PLC0415

        rows = 2 if threshold < 0.45 else 3
        self.lsh = MinHashLSH(num_perm=self.NUM_PERM, params=(self.NUM_PERM // rows, rows))
        self.accepted, self.sets = accepted, []

    def _minhash(self, s):
        from datasketch import MinHash  # noqa: PLC0415

        m = MinHash(num_perm=self.NUM_PERM, seed=1)
        m.update_batch([x.encode() for x in s])
        return m

    def catch_up(self) -> None:
        from assay.validators.novelty import shingles  # noqa: PLC0415

        while len(self.sets) < len(self.accepted):
            key = len(self.sets)
            self.sets.append(shingles(self.accepted[key]))
            self.lsh.insert(key, self._minhash(self.sets[-1]), check_duplication=False)

    def nearest(self, claim: str):
        from assay.validators.novelty import jaccard, shingles  # noqa: PLC0415

        s = shingles(claim)
        best, where = 0.0, None
        for key in self.lsh.query(self._minhash(s)):
            score = jaccard(s, self.sets[key])
            if score > best:
                best, where = score, key
        return best, where


def make(kind: str, accepted: list[str]):
    if kind == "old":
        return OldIndex(0.5, accepted)
    import importlib  # noqa: PLC0415

    return importlib.import_module("assay.validators.novelty").Index(0.5, accepted)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def hwm_bytes() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


def child(kind: str, n: int, checks: int, mode: str) -> dict:
    """One measurement in this (fresh) process: 'mem' traces allocations, 'time' measures RSS and CPU."""
    texts = claims(n + checks)
    make(kind, [])  # imports and one-time set-up are not the index
    accepted: list[str] = []
    if mode == "mem":
        import tracemalloc  # noqa: PLC0415

        tracemalloc.start()
        index = make(kind, accepted)
        accepted.extend(texts[:n])
        index.catch_up()
        traced = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        return {"traced_per_claim": traced / n}
    try:  # reset the peak (VmHWM) to the current resident set: claim generation's temporaries are not the index
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    rss0 = rss_bytes()
    t0 = time.process_time()
    index = make(kind, accepted)
    accepted.extend(texts[:n])
    index.catch_up()
    build = time.process_time() - t0
    rss1, hwm1 = rss_bytes(), hwm_bytes()  # the peak includes merges' and growth's transient copies
    whole, query = [], []
    clock = time.process_time_ns  # CPU time of this process: a busy neighbour on the core does not count
    for text in texts[n:]:
        t = clock()
        index.nearest(text)
        q = clock()
        accepted.append(text)
        index.catch_up()
        whole.append(clock() - t)
        query.append(q - t)
    whole.sort()
    return {"build_us_per_claim": build / n * 1e6, "rss_per_claim": (rss1 - rss0) / n,
            "peak_per_claim": (max(hwm1, rss1) - rss0) / n,
            "check_median_us": whole[len(whole) // 2] / 1e3, "check_p90_us": whole[int(len(whole) * 0.9)] / 1e3,
            "check_mean_us": statistics.fmean(whole) / 1e3, "nearest_median_us": statistics.median(query) / 1e3}


def run_child(kind: str, n: int, checks: int, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n), str(checks), mode],
                         check=True, capture_output=True, text=True, cwd=HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--checks", type=int, default=2000)
    p.add_argument("--old-checks", type=int, default=300, help="checks for the old index (~50 ms each at 100k)")
    p.add_argument("--repeat", type=int, default=3, help="timing runs of the new index (the old one runs once)")
    p.add_argument("--kinds", default="old,new", help="which indexes (old is skipped without datasketch)")
    p.add_argument("--out", type=Path, help="also write the table here (markdown)")
    p.add_argument("--append", action="store_true", help="append to --out instead of replacing it")
    p.add_argument("--child", nargs=4, metavar=("KIND", "N", "CHECKS", "MODE"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], int(a.child[1]), int(a.child[2]), a.child[3])))
        return
    kinds = [k for k in ("old", "new") if k in a.kinds.split(",")]
    try:
        import datasketch  # noqa: F401, PLC0415
    except ImportError:
        kinds = [k for k in kinds if k != "old"]
    load = os.getloadavg()
    rows = []
    for n in [int(s) for s in a.sizes.split(",")]:
        for kind in kinds:
            checks = a.old_checks if kind == "old" else a.checks
            t0 = time.time()
            runs = [run_child(kind, n, checks, "time") for _ in range(a.repeat if kind == "new" else 1)]
            r = {**min(runs, key=lambda x: x["check_median_us"]), **run_child(kind, n, checks, "mem")}
            r["runs"] = len(runs)
            rows.append((kind, n, checks, r))
            print(f"{kind} {n}: {json.dumps({k: round(v, 1) for k, v in r.items()})} ({time.time() - t0:.0f}s)",
                  file=sys.stderr, flush=True)
    names = {"old": "old: datasketch MinHash LSH (256 perm, bands of 3)", "new": "new: prefix filter + exact Jaccard"}
    after = os.getloadavg()
    lines = [f"<!-- {time.strftime('%Y-%m-%d %H:%M')} · benchmarks/novelty_index.py · threshold 0.5 · "
             f"load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after {after[0]:.2f} {after[1]:.2f} "
             f"{after[2]:.2f} · {os.cpu_count()} cores · CPU time per check (process_time) -->",
             "| index | claims indexed | checks (timing runs) | median µs/check (nearest + add) | p90 µs | mean µs "
             "| median µs, nearest alone | build µs/claim | bytes/claim, tracemalloc | bytes/claim, RSS growth "
             "| bytes/claim, peak RSS growth |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind, n, checks, r in rows:
        lines.append(f"| {names[kind]} | {n:,} | {checks:,} ({r['runs']}) | {r['check_median_us']:,.0f} | {r['check_p90_us']:,.0f} "
                     f"| {r['check_mean_us']:,.0f} | {r['nearest_median_us']:,.0f} | {r['build_us_per_claim']:,.0f} "
                     f"| {r['traced_per_claim']:,.0f} | {r['rss_per_claim']:,.0f} | {r['peak_per_claim']:,.0f} |")
    by = {(kind, n): r for kind, n, _, r in rows}
    sizes = sorted({n for _, n, _, _ in rows})
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        lines.append("")
        for kind in kinds:
            a_, b_ = by[(kind, lo)], by[(kind, hi)]
            grow = {k: (b_[k] * hi - a_[k] * lo) / (hi - lo) for k in ("traced_per_claim", "rss_per_claim")}
            lines.append(f"- {names[kind]}: each claim from {lo:,} to {hi:,} added {grow['traced_per_claim']:,.0f} bytes "
                         f"(tracemalloc), {grow['rss_per_claim']:,.0f} bytes (RSS); {hi - lo:,} claims: "
                         f"{grow['rss_per_claim'] * (hi - lo) / 2**20:,.1f} MiB of RSS")
    table = "\n".join(lines) + "\n"
    print(table, end="")
    if a.out:
        with a.out.open("a" if a.append else "w") as f:
            f.write(("\n" if a.append else "") + table)


if __name__ == "__main__":
    main()
