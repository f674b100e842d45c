"""CPU cost of the default validator stack per record, this tree against an earlier commit, side by side.

Each tree runs in a child process over the development parts (data/eval/labeled.jsonl, dev/, dev2/), one record at
a time (concurrency 1), every default stage on every row, as `assay eval-validators` does; a record's cost is the
sum of its stages' seconds. The earlier commit's validators are taken with `git archive` into a temporary folder
and imported from there (nothing in the checkout changes). Rounds alternate between the trees; each figure is the
median over rounds of the per-record median. Usage:
    python benchmarks/validators_cost.py [--base COMMIT] [--repeat 3]
(writes benchmarks/results/validators_cost.md)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = {"labeled": "data/eval/labeled.jsonl", "dev": "data/eval/dev/labeled.jsonl", "dev2": "data/eval/dev2/labeled.jsonl"}
STAGES = ["structure", "grounding", "numeric", "execution", "novelty"]


def child() -> None:
    """Time the stack over every part; print {part: {stage or 'stack': [seconds per record]}} as JSON."""
    from assay.corpus import Corpus
    from assay.validators.evaluate import evaluate, read_labeled

    out = {}
    for part, rel in PARTS.items():
        path = ROOT / rel
        rows = read_labeled(path)
        results = asyncio.run(evaluate(rows, STAGES, {}, Corpus.from_dir(path.parent / "corpus"), None, concurrency=1))
        times = {s: [r.seconds[s] for r in results] for s in STAGES}
        times["stack"] = [sum(r.seconds.values()) for r in results]
        out[part] = times
    print(json.dumps(out))


def shim(base: str, where: Path) -> Path:
    """The base commit's pipeline/, validators/ and prompts/ as an importable `assay` package under `where`."""
    tree = where / "tree"
    tree.mkdir()
    data = subprocess.run(["git", "-C", str(ROOT), "archive", base, "pipeline", "validators", "prompts"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(tree, filter="data")
    pkg = where / "path" / "assay"
    pkg.mkdir(parents=True)
    for entry in (tree / "pipeline").iterdir():
        (pkg / entry.name).symlink_to(entry)
    (pkg / "validators").symlink_to(tree / "validators")
    (pkg / "prompts").symlink_to(tree / "prompts")
    return where / "path"


def run(pythonpath: Path | None) -> dict:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    p = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, cwd=ROOT)
    if p.returncode:
        raise SystemExit(f"child failed ({'base' if pythonpath else 'this tree'}):\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="21992fc", help="the commit to compare against (default: before issue 19's "
                                                      "duplicate, false-reject and swap fixes)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child()
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    med: dict[str, dict[str, dict[str, list[float]]]] = {"base": {}, "head": {}}
    with tempfile.TemporaryDirectory() as tmp:
        path = shim(args.base, Path(tmp))
        for n in range(args.repeat):
            for name, pp in (("base", path), ("head", None)):
                got = run(pp)
                for part, times in got.items():
                    for stage, xs in times.items():
                        med[name].setdefault(part, {}).setdefault(stage, []).append(statistics.median(xs))
                print(f"round {n + 1} {name}: " + ", ".join(f"{p} {statistics.median(t['stack']) * 1e3:.2f} ms"
                                                             for p, t in got.items()), flush=True)
    rows = []
    for part in PARTS:
        for stage in [*STAGES, "stack"]:
            b = statistics.median(med["base"][part][stage]) * 1e3
            h = statistics.median(med["head"][part][stage]) * 1e3
            rows.append(f"| {part} | {stage} | {b:.3f} | {h:.3f} | {h / b:.2f}x |" if b else
                        f"| {part} | {stage} | {b:.3f} | {h:.3f} | - |")
    text = (f"<!-- {os.cpu_count()} cores · concurrency 1 · median over {args.repeat} alternating rounds of the "
            f"per-record median · base {args.base}, head {head} · python benchmarks/validators_cost.py -->\n"
            "| part | stage | base ms/record | head ms/record | head / base |\n| --- | --- | --- | --- | --- |\n"
            + "\n".join(rows) + "\n")
    (ROOT / "benchmarks" / "results" / "validators_cost.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
