"""`python benchmarks/ab.py REV [REV ...]`: the orchestration row for git revisions, side by side.

This VM's CPU speed drifts by ±15% from one run to the next, so a change worth a few percent only
shows when revisions alternate: each round runs every revision once (in a rotating order) against
one fake server, and the figure to quote is the median of the per-round ratios to the first
revision. Each revision runs from a git worktree with its own benchmarks/drive_assay.py and its own
code (`assay` resolved to that worktree's pipeline/ by a package shim on PYTHONPATH). The export
after the measured window is switched off, to fit more rounds.

    python benchmarks/ab.py b7c781e HEAD --rounds 12 --calls 6000
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import HERE, FakeServer, pinned

REPO = HERE.parent
# Runs a revision's own driver with the export stubbed out (the measured window ends before it).
NO_EXPORT = ("import runpy, sys, importlib.util; "
             "runner = importlib.import_module('assay.runner' if importlib.util.find_spec('assay.runner') else 'assay.run.runner'); "
             "runner.write_dataset = runner.write_records_jsonl = lambda *a, **k: None; "
             "sys.argv = ['drive_assay.py'] + sys.argv[1:]; sys.path.insert(0, '.'); "
             "runpy.run_path('drive_assay.py', run_name='__main__')")


def checkout(rev: str, into: Path) -> tuple[Path, Path]:
    """A worktree of `rev`, and a directory for PYTHONPATH where `assay` is that worktree's code: pipeline/
    copied as assay/, with validators/, prompts/ and seeds/ linked where the installed package has them."""
    tree = into / f"tree-{rev}"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(tree), rev],
                   check=True, capture_output=True)
    pkg = into / f"pkg-{rev}"
    pkg.mkdir()
    shutil.copytree(tree / "pipeline", pkg / "assay")
    for sub, name in (("validators", "validators"), ("prompts", "prompts"), ("seeds", "shipped_seeds")):
        (pkg / "assay" / name).symlink_to(tree / sub)
    return tree, pkg


def run_one(checked: tuple[Path, Path], base_url: str, args) -> dict:
    tree, pkg = checked
    env = dict(os.environ, PYTHONPATH=str(pkg), PYTHONUNBUFFERED="1")
    cmd = [*pinned("0"), sys.executable, "-c", NO_EXPORT, "--base-url", base_url, "--n", str(args.calls),
           "--in-flight", str(args.in_flight), "--stages", "structure"]
    proc = subprocess.run(cmd, cwd=tree / "benchmarks", env=env, capture_output=True, text=True, timeout=900)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{tree.name}: no RESULT line: {(proc.stderr or proc.stdout)[-500:]}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("revs", nargs="+", help="git revisions; ratios are to the first")
    p.add_argument("--rounds", type=int, default=12)
    p.add_argument("--calls", type=int, default=6000)
    p.add_argument("--in-flight", type=int, default=256)
    p.add_argument("--latency-ms", type=float, default=50.0)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="assay-ab-") as tmp:
        trees = {rev: checkout(rev, Path(tmp)) for rev in args.revs}
        seen: dict[str, list[float]] = {rev: [] for rev in args.revs}
        try:
            with FakeServer("--latency-ms", args.latency_ms, "--tokens", 60) as fake:
                for r in range(args.rounds):
                    order = args.revs[r % len(args.revs):] + args.revs[:r % len(args.revs)]
                    got = {rev: run_one(trees[rev], fake.base_url, args) for rev in order}
                    for rev in args.revs:
                        seen[rev].append(got[rev]["calls_per_s"])
                    print(f"round {r + 1}: " + "  ".join(f"{rev} {got[rev]['calls_per_s']:,.0f} calls/s "
                                                         f"{got[rev]['cpu_s_per_1k']:.3f} CPU-s/1k" for rev in order),
                          flush=True)
        finally:
            for tree, _ in trees.values():
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], capture_output=True)
    first = args.revs[0]
    for rev in args.revs:
        ratio = statistics.median(b / a for a, b in zip(seen[first], seen[rev]))
        print(f"{rev}: median {statistics.median(seen[rev]):,.0f} calls/s; median per-round ratio to {first}: {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
