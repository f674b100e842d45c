"""`assay report`: what a run spent, per backend, role and accepted insight, as text, JSON or HTML."""
from __future__ import annotations

import json
from pathlib import Path

from assay.errors import UsageError
from assay.report.data import build, explain, load, reprice
from assay.report.html import render_html
from assay.report.text import render, render_compare, render_reprice


def run_report(runs: list[str], *, as_json: bool = False, html_path: str | None = None,
               reprice_target: str | None = None, show_explain: bool = False) -> str:
    """What `assay report` prints (and writes, with --html) for one run or two side by side."""
    if len(runs) > 2:
        raise UsageError(f"assay report compares at most two runs side by side; got {len(runs)}: {' '.join(runs)}")
    datas = [load(r) for r in runs]
    reports = [build(d) for d in datas]
    repriced = [reprice(d, reprice_target) if reprice_target else None for d in datas]
    if html_path:
        Path(html_path).write_text(render_html(list(zip(reports, datas)), repriced), encoding="utf-8")
    if as_json:
        out = [r | ({"reprice": p} if p else {}) for r, p in zip(reports, repriced)]
        text = json.dumps(out[0] if len(out) == 1 else {"runs": out}, indent=2) + "\n"
    elif len(reports) == 2:
        text = render_compare(*reports) + "".join("\n" + render_reprice(p) + "\n" for p in repriced if p)
    else:
        text = render(reports[0], repriced[0])
    if show_explain and not as_json:
        text += "\n" + explain(datas[0]) + "\n"
    if html_path and not as_json:
        text += f"\nHTML report: {html_path}\n"
    return text
