"""`assay eval-validators`: run validator stages over a labeled set; precision, recall and F1 per stage and kind.

Every stage sees every row (as with --all-verdicts), so each stage is measured on its own; the stack
rejects a row when any of its stages does, which is what the cheap-to-expensive chain decides too.
A rejection is a positive: precision = bad rows rejected / rows rejected, recall = bad rows rejected /
bad rows. Tokens are the verifier calls' prompt + completion tokens, per stage.

With no --labeled it measures the shipped sets in two parts, side by side: the development part
(data/eval/labeled.jsonl and data/eval/dev/labeled.jsonl), which validators are tuned on, and the test part
(data/eval/heldout/labeled.jsonl), written apart from the validator code and never tuned on.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assay.endpoint.client import EndpointClient
from assay.config import Config
from assay.corpus import Corpus
from assay.errors import UsageError
from assay.endpoint.llama_server import LocalServer
from assay.records import Insight, Seed, Verdict

DEFAULT_LABELED = Path("data/eval/labeled.jsonl")
# The shipped sets: each part is a list of labeled files, each read with the corpus/ beside it.
PARTS = {"development": [DEFAULT_LABELED, Path("data/eval/dev/labeled.jsonl")],
         "test": [Path("data/eval/heldout/labeled.jsonl")]}


@dataclass
class LabeledRow:
    id: str
    label: str  # good | bad
    kind: str
    expected_stage: str | None
    seed: Seed
    insight: Insight
    accepted: list[str]


@dataclass
class RowResult:
    row: LabeledRow
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def default_labeled() -> Path:
    """The shipped set: under the working directory, else in the source checkout assay runs from."""
    for base in (Path.cwd(), Path(__file__).resolve().parent.parent):
        if (base / DEFAULT_LABELED).is_file():
            return base / DEFAULT_LABELED
    raise UsageError(f"no {DEFAULT_LABELED} here or in assay's checkout; pass --labeled FILE "
                     "(build the shipped one with: python3 data/build_eval_set.py)")


def read_labeled(path: Path) -> list[LabeledRow]:
    if not path.is_file():
        raise UsageError(f"{path}: labeled file not found; pass an existing JSONL to --labeled")
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            label = raw["label"]
            if label not in ("good", "bad"):
                raise ValueError(f"label must be 'good' or 'bad', got {label!r}")
            rows.append(LabeledRow(id=str(raw["id"]), label=label, kind=str(raw.get("kind") or label),
                                   expected_stage=raw.get("expected_stage"), seed=Seed.model_validate(raw["seed"]),
                                   insight=Insight.model_validate(raw["insight"]), accepted=list(raw.get("accepted") or [])))
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}:{lineno}: not JSON ({e.msg})") from None
        except KeyError as e:
            raise UsageError(f"{path}:{lineno}: missing key {e.args[0]!r} (need id, label, seed, insight)") from None
        except (ValidationError, ValueError) as e:
            raise UsageError(f"{path}:{lineno}: {str(e).splitlines()[0]}") from None
    if not rows:
        raise UsageError(f"{path}: no rows")
    return rows


def per_kind(rows: list[LabeledRow], n: int | None) -> list[LabeledRow]:
    """The first n rows of each kind, in file order: a fixed, stratified sample for slow endpoints."""
    if n is None:
        return rows
    seen: dict[str, int] = {}
    out = []
    for r in rows:
        if seen.get(r.kind, 0) < n:
            seen[r.kind] = seen.get(r.kind, 0) + 1
            out.append(r)
    return out


async def evaluate(rows: list[LabeledRow], stages: list[str], params: dict[str, dict[str, Any]], corpus: Corpus,
                   client: EndpointClient | None, *, concurrency: int = 4, on_row=None) -> list[RowResult]:
    from assay.validators import Check, run_stages  # noqa: PLC0415 (validators import assay.*)

    slots = asyncio.Semaphore(concurrency)

    async def one(row: LabeledRow) -> RowResult:
        async with slots:
            result = RowResult(row)
            check = Check(seed=row.seed, insight=row.insight, corpus=corpus, client=client, accepted=row.accepted)
            for name in stages:
                started = time.perf_counter()
                (verdict,) = await run_stages(check, [name], params, all_verdicts=True)
                result.seconds[name] = time.perf_counter() - started
                result.verdicts[name] = verdict
            if on_row:
                on_row(result)
            return result

    return list(await asyncio.gather(*(one(r) for r in rows)))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (2 * precision * recall / (precision + recall)) if precision and recall else (0.0 if recall is not None else None)
    return {"precision": precision, "recall": recall, "f1": f1}


def metrics(results: list[RowResult], stages: list[str]) -> dict[str, Any]:
    kinds = sorted({r.row.kind for r in results if r.row.label == "bad"})
    n_good = sum(r.row.label == "good" for r in results)
    n_bad = len(results) - n_good
    columns = stages + ["stack"]

    def rejected(r: RowResult, col: str) -> bool:
        return any(not v.passed for v in r.verdicts.values()) if col == "stack" else not r.verdicts[col].passed

    report: dict[str, Any] = {"rows": len(results), "good": n_good, "bad": n_bad, "stages": stages, "columns": {}}
    for col in columns:
        tp = sum(rejected(r, col) for r in results if r.row.label == "bad")
        fp = sum(rejected(r, col) for r in results if r.row.label == "good")
        used = stages if col == "stack" else [col]
        verdicts = [r.verdicts[s] for r in results for s in used]
        target = [r for r in results if r.row.expected_stage in used]
        report["columns"][col] = {
            **_prf(tp, fp, n_bad - tp), "rejected": tp + fp, "false_rejects": fp,
            "target_rows": len(target), "target_recall": (sum(rejected(r, col) for r in target) / len(target)) if target else None,
            "undecided": sum(v.reason.startswith("could not decide") for v in verdicts),
            "calls": sum(len(v.usage) for v in verdicts),
            "prompt_tokens": sum(u.prompt_tokens for v in verdicts for u in v.usage),
            "completion_tokens": sum(u.completion_tokens for v in verdicts for u in v.usage),
            "seconds": round(sum(r.seconds.get(s, 0.0) for r in results for s in used), 3),
            "recall_by_kind": {k: _rate([rejected(r, col) for r in results if r.row.kind == k]) for k in kinds},
        }
    report["kinds"] = {k: sum(r.row.kind == k for r in results) for k in kinds}
    return report


def _rate(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def render(report: dict[str, Any], source: str) -> str:
    cols = report["columns"]
    lines = [f"{report['rows']} labeled records from {source} ({report['good']} good, {report['bad']} bad); "
             f"stages: {', '.join(report['stages'])}", "",
             f"{'stage':<12} {'prec':>5} {'recall':>6} {'F1':>5}  {'target':>6} {'good rejected':>13} {'undecided':>9} "
             f"{'calls':>5} {'tokens':>8} {'seconds':>8}"]
    for name, c in cols.items():
        target = f"{_fmt(c['target_recall'])}" if c["target_rows"] else "   -"
        lines.append(f"{name:<12} {_fmt(c['precision']):>5} {_fmt(c['recall']):>6} {_fmt(c['f1']):>5}  {target:>6} "
                     f"{c['false_rejects']:>6}/{report['good']:<6} {c['undecided']:>9} {c['calls']:>5} "
                     f"{c['prompt_tokens'] + c['completion_tokens']:>8} {c['seconds']:>8.1f}")
    lines += ["", "recall per hallucination kind (share of that kind's rows each stage rejects):",
              f"{'kind':<28} {'rows':>4}  " + " ".join(f"{n[:10]:>10}" for n in cols)]
    for kind, n in report["kinds"].items():
        lines.append(f"{kind:<28} {n:>4}  " + " ".join(f"{_fmt(c['recall_by_kind'][kind]):>10}" for c in cols.values()))
    lines += ["", "target = recall on the rows whose expected_stage is that stage; tokens = prompt + completion of its "
              "verifier calls; seconds = time spent in the stage summed over rows (rows run concurrently)."]
    return "\n".join(lines)


def default_parts() -> dict[str, list[Path]]:
    """The shipped parts, under the working directory or in the source checkout assay runs from."""
    for base in (Path.cwd(), Path(__file__).resolve().parent.parent):
        if all((base / f).is_file() for files in PARTS.values() for f in files):
            return {part: [base / f for f in files] for part, files in PARTS.items()}
    raise UsageError(f"no {', '.join(str(f) for files in PARTS.values() for f in files)} here or in assay's checkout; "
                     "pass --labeled FILE")


def run_eval(cfg: Config, *, labeled: Path | None = None, corpus_dir: Path | None = None, per_kind_n: int | None = None,
             concurrency: int = 4, json_out: Path | None = None, progress: bool = False,
             parts: dict[str, list[Path]] | None = None) -> tuple[dict[str, Any], str]:
    """Synchronous edge: read the set(s), start the embedded server if an LLM stage needs it, evaluate, report.

    One file (`labeled`, with `corpus_dir` or the corpus/ beside it) gives one report; otherwise each part of
    `parts` (default: the shipped development and test parts) gets its own, printed side by side.
    """
    from assay.validators import check_params, uses_endpoint  # noqa: PLC0415

    stages, params = cfg.validators.stages, cfg.validators.params
    problems = check_params(stages, params)
    if problems:
        raise UsageError("invalid validator configuration:\n  " + "\n  ".join(problems))
    if labeled is not None:
        sets = {"": [(labeled, corpus_dir or labeled.parent / "corpus")]}
    else:
        sets = {part: [(f, f.parent / "corpus") for f in files] for part, files in (parts or default_parts()).items()}
    batches = {part: [(per_kind(read_labeled(f), per_kind_n), Corpus.from_dir(c)) for f, c in files]
               for part, files in sets.items()}
    name, ep = cfg.endpoint_for("validator")
    needs_llm = uses_endpoint(stages)
    if needs_llm and ep.serve:
        raise UsageError(f"endpoints.{name}.serve: eval-validators does not launch {ep.serve} servers; start it "
                         "yourself and pass --endpoint URL --model NAME")
    total = sum(len(rows) for part in batches.values() for rows, _ in part)
    with contextlib.ExitStack() as stack:
        url = ep.base_url
        if needs_llm and ep.embedded:
            log = stack.enter_context(tempfile.TemporaryFile())  # unlinked already: a killed eval leaves nothing
            url = stack.enter_context(LocalServer(n_ctx=ep.context_window, log_file=log)).base_url
        results = asyncio.run(_evaluate(batches, stages, params, (name, ep, url) if needs_llm else None,
                                        concurrency, _progress(total) if progress else None))
    endpoint = {"name": name, "model": ep.model, "base_url": url} if needs_llm else None
    reports = {}
    for part, rows in results.items():
        report = metrics(rows, stages)
        report["labeled"] = ", ".join(str(f) for f, _ in sets[part])
        report["endpoint"] = endpoint
        reports[part] = report
    if labeled is not None:
        report, rows = reports[""], results[""]
        if json_out:
            json_out.write_text(json.dumps(report | {"results": _detail(rows)}, indent=2) + "\n", encoding="utf-8")
        return report, render(report, str(labeled))
    if json_out:
        both = {"parts": {part: reports[part] | {"results": _detail(results[part])} for part in reports}}
        json_out.write_text(json.dumps(both, indent=2) + "\n", encoding="utf-8")
    text = "\n\n".join(f"== {part} part ==\n" + render(reports[part], reports[part]["labeled"]) for part in reports)
    return {"parts": reports}, text + "\n\n" + side_by_side(reports)


def _detail(results: list[RowResult]) -> list[dict]:
    return [{"id": r.row.id, "kind": r.row.kind, "label": r.row.label, "expected_stage": r.row.expected_stage,
             "verdicts": {s: {"passed": v.passed, "reason": v.reason} for s, v in r.verdicts.items()}} for r in results]


def side_by_side(reports: dict[str, dict[str, Any]]) -> str:
    """The whole stack per part: good rows rejected, recall, and recall per hallucination kind."""
    parts = list(reports)
    cols = {p: reports[p]["columns"]["stack"] for p in parts}
    kinds = sorted({k for p in parts for k in reports[p]["kinds"]})
    lines = ["the stack, part by part:", f"{'':<28} " + " ".join(f"{p:>16}" for p in parts)]
    lines.append(f"{'good rows rejected':<28} " + " ".join(
        f"{cols[p]['false_rejects']:>6}/{reports[p]['good']:<4} {_share(cols[p]['false_rejects'], reports[p]['good']):>5}"
        for p in parts))
    lines.append(f"{'recall (all bad rows)':<28} " + " ".join(f"{_fmt(cols[p]['recall']):>16}" for p in parts))
    for kind in kinds:
        cells = []
        for p in parts:
            n = reports[p]["kinds"].get(kind)
            cells.append(f"{_fmt(cols[p]['recall_by_kind'].get(kind)):>10} of {n:<3}" if n else f"{'-':>16}")
        lines.append(f"{kind:<28} " + " ".join(cells))
    return "\n".join(lines)


def _share(n: int, of: int) -> str:
    return f"{n / of:.1%}" if of else "-"


def _progress(total: int):
    """Print to stderr at every tenth of the rows: LLM stages on a CPU take minutes."""
    done = [0]
    step = max(1, total // 10)

    def on_row(_: RowResult) -> None:
        done[0] += 1
        if done[0] % step == 0 or done[0] == total:
            print(f"checked {done[0]}/{total} rows", file=sys.stderr, flush=True)
    return on_row


async def _evaluate(batches, stages, params, endpoint, concurrency, progress) -> dict[str, list[RowResult]]:
    client = None
    if endpoint is not None:
        name, ep, url = endpoint
        client = EndpointClient(name, ep, url)
    try:
        if client is not None:
            await client.preflight()
        out: dict[str, list[RowResult]] = {}
        for part, files in batches.items():
            out[part] = []
            for rows, corpus in files:
                out[part] += await evaluate(rows, stages, params, corpus, client, concurrency=concurrency, on_row=progress)
        return out
    finally:
        if client is not None:
            await client.close()
