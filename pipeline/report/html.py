"""`assay report --html`: one self-contained HTML file (inline SVG, no scripts, nothing fetched)."""
from __future__ import annotations

import html
from typing import Any

from assay.report.data import RunData
from assay.report.found import section as found_section
from assay.report.text import COLUMNS, PER_ACCEPTED, compare_rows, fmt, per_accepted_rows, run_line, usd

W, ROW, PAD = 640, 22, 170  # chart width, bar row height, label column width

CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.note{color:#666}.proj{background:#fff4d6;padding:8px;border:1px dashed #c90}.runs{display:flex;gap:32px;flex-wrap:wrap}
svg text{font:11px system-ui,sans-serif;fill:#333}"""


def esc(x: Any) -> str:
    return html.escape(str(x))


def hbars(plot_id: str, title: str, items: list[tuple[str, float | None]], kind: str) -> str:
    """Horizontal bars; an unknown value is written as such instead of drawn."""
    known = [v for _, v in items if v is not None]
    top = max(known, default=0) or 1
    h = ROW * max(1, len(items)) + 30
    parts = [f'<svg id="{plot_id}" role="img" width="{W}" height="{h}" viewBox="0 0 {W} {h}">',
             f"<title>{esc(title)}</title>", f'<text x="0" y="14" font-weight="bold">{esc(title)}</text>']
    for i, (label, v) in enumerate(items):
        y = 24 + i * ROW
        parts.append(f'<text x="0" y="{y + 14}">{esc(label[:28])}</text>')
        if v is None:
            parts.append(f'<text x="{PAD}" y="{y + 14}" fill="#999">unknown</text>')
            continue
        width = max(1.0, (W - PAD - 90) * v / top)
        parts.append(f'<rect x="{PAD}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}" fill="#4c78a8"/>')
        parts.append(f'<text x="{PAD + width + 4:.1f}" y="{y + 14}">{esc(fmt(v, kind))}</text>')
    return "".join(parts) + "</svg>"


def columns(plot_id: str, title: str, xs: list[str], series: list[tuple[str, str, list[float | None]]], unit: str) -> str:
    """Vertical bars per x, one colour per series (drawn over each other, first widest)."""
    h, base, left = 220, 190, 50
    top = max((v for _, _, vals in series for v in vals if v is not None), default=0) or 1
    n = max(1, len(xs))
    step = (W - left - 10) / n
    parts = [f'<svg id="{plot_id}" role="img" width="{W}" height="{h + 20}" viewBox="0 0 {W} {h + 20}">',
             f"<title>{esc(title)}</title>", f'<text x="0" y="14" font-weight="bold">{esc(title)}</text>',
             f'<line x1="{left}" y1="{base}" x2="{W - 10}" y2="{base}" stroke="#999"/>',
             f'<text x="0" y="34">{esc(fmt(top))} {esc(unit)}</text><text x="0" y="{base}">0</text>']
    for s, (name, colour, vals) in enumerate(series):
        shrink = 0.8 - 0.3 * s
        for i, v in enumerate(vals):
            if v is None:
                continue
            bh = (base - 30) * v / top
            x = left + i * step + step * (1 - shrink) / 2
            parts.append(f'<rect x="{x:.1f}" y="{base - bh:.1f}" width="{max(1.0, step * shrink):.1f}" '
                         f'height="{bh:.1f}" fill="{colour}"><title>{esc(name)} {esc(xs[i])}: {esc(fmt(v))}</title></rect>')
    labels = range(0, n, max(1, n // 8))
    parts += [f'<text x="{left + i * step:.1f}" y="{base + 14}">{esc(xs[i])}</text>' for i in labels]
    legend = " ".join(f'<tspan fill="{c}">■</tspan> {esc(nm)}' for nm, c, _ in series)
    parts.append(f'<text x="{left}" y="{h + 14}">{legend}</text>')
    return "".join(parts) + "</svg>"


def lines(plot_id: str, title: str, series: list[tuple[str, str, list[tuple[float, float]]]], top: float | None,
          unit: str) -> str:
    """Lines over time (x in seconds); `top` fixes the y range (1.0 for a fraction), else the largest value."""
    h, base, left = 220, 190, 50
    xs = [x for _, _, pts in series for x, _ in pts]
    t1 = max(xs, default=0) or 1
    top = top or max((y for _, _, pts in series for _, y in pts), default=0) or 1
    parts = [f'<svg id="{plot_id}" role="img" width="{W}" height="{h + 20}" viewBox="0 0 {W} {h + 20}">',
             f"<title>{esc(title)}</title>", f'<text x="0" y="14" font-weight="bold">{esc(title)}</text>',
             f'<line x1="{left}" y1="{base}" x2="{W - 10}" y2="{base}" stroke="#999"/>',
             f'<text x="0" y="34">{esc(fmt(top))} {esc(unit)}</text><text x="0" y="{base}">0</text>',
             f'<text x="{W - 60}" y="{base + 14}">{esc(fmt(t1, "s"))} s</text>']
    for name, colour, pts in series:
        xy = " ".join(f"{left + (W - left - 10) * x / t1:.1f},{base - (base - 30) * y / top:.1f}" for x, y in pts)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{xy}"><title>{esc(name)}'
                     "</title></polyline>")
    legend = " ".join(f'<tspan fill="{c}">■</tspan> {esc(nm)}' for nm, c, _ in series)
    parts.append(f'<text x="{left}" y="{h + 14}">{legend}</text>')
    return "".join(parts) + "</svg>"


def kv_usage(report: dict[str, Any], suffix: str) -> str:
    """The server's KV-cache usage over the run, one line per sampled endpoint; or why there is none."""
    colours = ("#4c78a8", "#f58518", "#54a24b", "#e45756")
    series = [(f"{endpoint} KV-cache usage", colours[i % len(colours)],
               [(p["t"], p["kv_cache_usage"]) for p in pts if p["kv_cache_usage"] is not None])
              for i, (endpoint, pts) in enumerate(report.get("kv_usage_series", {}).items())]
    series = [s for s in series if s[2]]
    if series:
        return lines(f"plot-kv-usage{suffix}", "KV-cache usage over time (server /metrics, fraction of the cache)",
                     series, 1.0, "")
    return (f'<svg id="plot-kv-usage{suffix}" role="img" width="10" height="10"><title>KV-cache usage over time: no '
            "server metrics (see unknown figures)</title></svg>")


def throughput(data: RunData, bins: int = 60) -> tuple[list[str], list[tuple[str, str, list[float | None]]]]:
    """Completion tokens per second over the run (from the calls), beside vLLM's own counter if sampled."""
    if not data.timeline:
        return [], []
    t0, t1 = min(data.timeline), max(data.timeline) + 1
    width = max(1, -(-(t1 - t0) // bins))
    n = -(-(t1 - t0) // width)
    ours = [0.0] * n
    for t, (completion, _prompt) in data.timeline.items():
        ours[(t - t0) // width] += completion / width
    series = [("completion tok/s (calls)", "#4c78a8", ours)]
    server = [None] * n
    for samples in data.server.values():
        for t, s in samples:
            i = int((t - t0) // width)
            if 0 <= i < n and "generation_tok_s" in s:
                server[i] = (server[i] or 0) + s["generation_tok_s"]
    if any(v is not None for v in server):
        series.append(("generation tok/s (server /metrics)", "#f58518", server))
    return [f"{i * width}s" for i in range(n)], series


def run_section(report: dict[str, Any], data: RunData, repriced: dict[str, Any] | None, suffix: str = "") -> str:
    parts = [f"<h2>{esc(report['run'])}</h2>",
             f"<p>{report['records']} records: " + ", ".join(f"{n} {esc(s)}" for s, n in sorted(report['status'].items()))
             + f"</p><p>{esc(run_line(report))}</p>"
             + '<p class="note">* estimate; every formula is in <code>assay report --explain</code></p>']
    for title, groups, first in (("per backend", report["by_backend"], "backend"), ("per role", report["by_role"], "role")):
        head = "".join(f"<th>{esc(h)}</th>" for _, h, _ in COLUMNS)
        rows = "".join(f"<tr><td>{esc(name)}</td>" + "".join(f"<td>{esc(fmt(g.get(k), kind))}</td>" for k, _, kind in COLUMNS)
                       + "</tr>" for name, g in groups.items())
        parts.append(f"<h3>{title}</h3><table><tr><th>{first}</th>{head}</tr>{rows}</table>")
    xs, series = throughput(data)
    parts.append(columns(f"plot-throughput{suffix}", "Throughput over time", xs, series, "tok/s") if xs
                 else f'<svg id="plot-throughput{suffix}" role="img" width="10" height="10">'
                      "<title>Throughput over time: no timed calls</title></svg>")
    parts.append(hbars(f"plot-funnel{suffix}", "Acceptance funnel (records)", [(f["stage"], f["records"]) for f in report["funnel"]], "int"))
    parts.append(found_section(report))
    cost = [(f"backend {k}", v["cost_usd"]) for k, v in report["by_backend"].items()]
    cost += [(f"role {k}", v["cost_usd"]) for k, v in report["by_role"].items()]
    parts.append(hbars(f"plot-cost{suffix}", "Cost per backend and per role (USD, estimate)", cost, "usd"))
    kv = [(f"backend {k}", v["kv_gb_s"]) for k, v in report["by_backend"].items()]
    parts.append(hbars(f"plot-kv{suffix}", "KV-cache occupancy per backend (GB*s, estimate)", kv, "num"))
    steps = report["context_growth"]["by_step"]
    parts.append(columns(f"plot-context{suffix}", "Context growth: mean prompt tokens per agent step",
                         [s.get("label", str(s["step"])) for s in steps],
                         [("prompt tokens", "#4c78a8", [s["mean_prompt_tokens"] for s in steps]),
                          ("of which cached", "#54a24b", [s["mean_cached_tokens"] for s in steps])], "tokens"))
    parts.append(kv_usage(report, suffix))
    for endpoint, sm in report["server_metrics"].items():
        counted, calls = sm.get("counted", {}), sm.get("calls_reported") or {}
        keys = ("prompt_tokens", "cached_tokens", "prefilled_tokens", "completion_tokens")
        parts.append(f"<h3>server counters of {esc(endpoint)}</h3><p>prefix-cache hit rate "
                     f"{esc(fmt(None if sm.get('prefix_hit_rate') is None else 100 * sm['prefix_hit_rate'], 'pct'))} "
                     "(hits / queries, weighted by tokens)</p><table><tr><th></th>"
                     + "".join(f"<th>{esc(k.replace('_', ' '))}</th>" for k in keys) + "</tr>"
                     + "".join(f"<tr><td>{label}</td>" + "".join(f"<td>{esc(fmt(d.get(k), 'int'))}</td>" for k in keys)
                               + "</tr>" for label, d in (("server counted", counted), ("calls reported", calls)))
                     + "</table>")
    per = report["per_accepted_insight"]
    head = "".join(f"<th>{esc(h)}</th>" for _, h, _ in PER_ACCEPTED)
    rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in per_accepted_rows(per)) \
        if per["accepted"] else ""
    parts.append(f"<h3>cost per accepted insight ({per['accepted']} accepted; each row's whole spend / accepted)</h3>"
                 + (f"<table><tr><th></th>{head}</tr>{rows}</table>" if rows else "<p>no accepted insight</p>"))
    if report.get("unknown"):
        parts.append("<h3>unknown figures, and how to get them</h3><ul>"
                     + "".join(f"<li>{esc(n)}</li>" for n in report["unknown"]) + "</ul>")
    if repriced:
        notes = "".join(f"<br>note: {esc(n)}" for n in repriced["notes"])
        parts.append(f'<div class="proj"><b>PROJECTION</b> on {esc(repriced["target"])} ({esc(repriced["kind"])}): '
                     f'cost {esc(usd(repriced["cost_usd"]))}, per accepted '
                     f'{esc(usd(repriced["cost_usd_per_accepted"]))}, energy {esc(fmt(repriced["energy_j"]))} J'
                     f"{notes}</div>")
    return "<section>" + "".join(parts) + "</section>"


def render_html(runs: list[tuple[dict[str, Any], RunData]], repriced: list[dict[str, Any] | None] | None = None) -> str:
    body = []
    if len(runs) == 2:
        (a, _), (b, _) = runs
        rows = "".join(f"<tr><td>{esc(label)}</td><td>{esc(fmt(va, k))}</td><td>{esc(fmt(vb, k))}</td></tr>"
                       for label, va, vb, k in compare_rows(a, b))
        body.append(f"<h2>side by side</h2><table><tr><th></th><th>A: {esc(a['run'])}</th><th>B: {esc(b['run'])}</th></tr>"
                    f"{rows}</table>")
    repriced = repriced or [None] * len(runs)
    body.append('<div class="runs">' + "".join(run_section(r, d, repriced[i], "" if i == 0 else f"-{chr(97 + i)}")
                                               for i, (r, d) in enumerate(runs)) + "</div>")
    title = " vs ".join(r["run"] for r, _ in runs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>assay report: {esc(title)}</title>'
            f"<style>{CSS}</style></head><body><h1>assay report</h1>{''.join(body)}</body></html>\n")
