"""Terminal rendering of `assay report`: aligned tables from the report's plain data, one run or two."""
from __future__ import annotations

from typing import Any

from assay.report import found

COLUMNS = (  # key, header, kind
    ("calls", "calls", "int"), ("prompt_tokens", "prompt tok", "int"), ("cached_pct", "cached", "pct"),
    ("prefilled_tokens", "prefilled tok", "int"), ("completion_tokens", "compl tok", "int"),
    ("call_s", "call s", "s"), ("device_s", "device s*", "s"), ("flops", "FLOPs*", "flop"),
    ("kv_gb_s", "KV GB*s*", "num"), ("energy_j", "energy J*", "num"), ("cost_usd", "cost $*", "usd"),
)
PER_ACCEPTED = (  # key, header, kind: what one accepted insight cost, per backend and per role
    ("prefilled_tokens", "prefilled tok", "num"), ("completion_tokens", "compl tok", "num"),
    ("kv_gb_s", "KV GB*s*", "num"), ("device_s", "device s*", "s"), ("energy_j", "energy J*", "num"),
    ("cost_usd", "cost $*", "usd"),
)


def fmt(value: Any, kind: str = "num") -> str:
    if value is None:
        return "unknown"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "pct":
        return f"{value:.1f}%"
    if kind == "s":
        return f"{value:.2f}"
    if kind == "usd":
        return f"{value:.6f}" if abs(value) < 1 else f"{value:,.2f}"
    if kind == "flop":
        for unit, scale in (("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6)):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {unit}"
        return f"{value:.3g}"
    return f"{value:.4g}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _usage_table(groups: dict[str, dict], first: str) -> str:
    rows = [[name, *(fmt(g.get(k), kind) for k, _, kind in COLUMNS)] for name, g in groups.items()]
    return table([first, *(h for _, h, _ in COLUMNS)], rows)


def run_line(report: dict[str, Any]) -> str:
    return (f"run wall time {fmt(report.get('run_wall_s'), 's')} s (a call in flight); call-seconds "
            f"{fmt(report['total'].get('call_s'), 's')} (the calls' wall times summed: concurrent calls each count)")


def per_accepted_rows(per: dict[str, Any]) -> list[list[str]]:
    rows = [["whole run", *(fmt(per["all_spend_per_accepted"].get(k), kind) for k, _, kind in PER_ACCEPTED)]]
    for group in ("by_backend", "by_role"):
        for name, d in per.get(group, {}).items():
            rows.append([f"{group[3:]} {name}", *(fmt(d.get(k), kind) for k, _, kind in PER_ACCEPTED)])
    return rows


def growth_lines(g: dict[str, Any]) -> list[str]:
    return ["context growth (agent calls; per step the prompt is re-sent, so its tokens grow with the step and "
            "the episode's cost with its square)",
            table(["step", "calls", "mean prompt tok", "mean cached tok", "prompt tok"],
                  [[s.get("label", str(s["step"])), fmt(s["calls"], "int"), fmt(s["mean_prompt_tokens"], "s"),
                    fmt(s["mean_cached_tokens"], "s"), fmt(s.get("prompt_tokens"), "int")] for s in g["by_step"]]),
            f"prompt tokens sent {fmt(g['prompt_tokens_sent'], 'int')}, of which re-sent "
            f"{fmt(g['resent_tokens'], 'int')} ({fmt(_pct(g['resent_fraction']), 'pct')}); unique tokens "
            f"{fmt(g['unique_tokens'], 'int')}; cached {fmt(_pct(g['cached_fraction']), 'pct')}", ""]


def server_lines(report: dict[str, Any]) -> list[str]:
    out = []
    for endpoint, s in report["server_metrics"].items():
        found = report.get("servers", {}).get(endpoint, {})
        out.append(f"server /metrics of {endpoint} ({found.get('server') or 'server'}): {s['samples']} samples"
                   f"{'' if s.get('final_sample') else ' (no final sample)'}; KV cache usage max "
                   f"{fmt(_pct(s['kv_cache_usage_max']), 'pct')}, prefix-cache hit rate "
                   f"{fmt(_pct(s.get('prefix_hit_rate')), 'pct')} (hits / queries, weighted by tokens), running max "
                   f"{fmt(s['running_max'])}, waiting max {fmt(s['waiting_max'])}, generation "
                   f"{fmt(s['generation_tok_s_mean'])} tok/s mean")
        counted, calls = s.get("counted", {}), s.get("calls_reported")
        if calls:
            keys = (("prompt_tokens", "prompt tok"), ("cached_tokens", "cached tok"),
                    ("prefilled_tokens", "prefilled tok"), ("completion_tokens", "compl tok"))
            out.append(table(["", *(h for _, h in keys), "requests"],
                             [["server counted", *(fmt(counted.get(k), "int") for k, _ in keys),
                               fmt(counted.get("requests_finished"), "int")],
                              ["calls reported", *(fmt(calls.get(k), "int") for k, _ in keys),
                               f"{calls['calls']:,} ({calls['choices']:,} choices)"]]))
    return out


def render(report: dict[str, Any], repriced: dict[str, Any] | None = None) -> str:
    out = [f"run {report['run']}: {report['records']} records "
           + ", ".join(f"{n} {s}" for s, n in sorted(report["status"].items())),
           run_line(report),
           "(* estimate; `assay report --explain` prints every formula and the profiles used)", ""]
    out += ["per backend", _usage_table(report["by_backend"], "backend"), ""]
    out += ["per role", _usage_table(report["by_role"], "role"), ""]
    out += ["acceptance funnel", table(["stage", "records"], [[f["stage"], fmt(f["records"], "int")] for f in report["funnel"]]), ""]
    if report.get("found", {}).get("by_kind"):
        out += ["what the run found, by question kind", table(found.HEADERS, found.rows(report["found"])),
                found.coverage_line(report["found"]), ""]
    per = report["per_accepted_insight"]
    if per["accepted"]:
        out += [f"cost per accepted insight ({per['accepted']} accepted; each row's whole spend, accepted, rejected "
                "and failed seeds, / accepted insights)",
                table(["", *(h for _, h, _ in PER_ACCEPTED)], per_accepted_rows(per)), ""]
        if per.get("server_counted_prefilled") is not None:
            out += [f"prefilled tokens per accepted insight as the server counted them (/metrics; exact for n > 1 "
                    f"calls too): {fmt(per['server_counted_prefilled'], 'num')}", ""]
    else:
        out += ["per accepted insight: no accepted insight in this run", ""]
    if report["context_growth"]["by_step"]:
        out += growth_lines(report["context_growth"])
    out += server_lines(report)
    if report.get("unknown"):
        out += ["", "unknown figures, and how to get them:", *(f"  - {n}" for n in report["unknown"])]
    if repriced:
        out += ["", render_reprice(repriced)]
    return "\n".join(out).rstrip() + "\n"


def render_reprice(r: dict[str, Any]) -> str:
    lines = [f"REPRICE on {r['target']}{':' + r['model'] if r['model'] else ''} ({r['kind']}) - {r['label']}",
             f"  cost {usd(r['cost_usd'])}, per accepted insight {usd(r['cost_usd_per_accepted'])}, "
             f"energy {fmt(r['energy_j'])} J, device time {fmt(r['device_s'], 's')} s"]
    lines += [f"  note: {n}" for n in r["notes"]]
    return "\n".join(lines)


def usd(value: float | None) -> str:
    return "unknown" if value is None else "$" + fmt(value, "usd")


def _pct(fraction: float | None) -> float | None:
    return None if fraction is None else 100 * fraction


def compare_rows(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any, Any, str]]:
    """(label, A, B, kind) for the figures a user compares across two runs or endpoints."""
    def per(r, key):
        return r["per_accepted_insight"]["all_spend_per_accepted"].get(key)

    rows = [("records", a["records"], b["records"], "int"),
            ("run wall s", a.get("run_wall_s"), b.get("run_wall_s"), "s"),
            ("accepted", a["status"].get("accepted", 0), b["status"].get("accepted", 0), "int")]
    for key, label, kind in (("prompt_tokens", "prompt tokens", "int"), ("completion_tokens", "completion tokens", "int"),
                             ("cached_pct", "cached %", "pct"), ("prefilled_tokens", "prefilled tokens", "int"),
                             ("call_s", "call s", "s"), ("device_s", "device s*", "s"),
                             ("flops", "FLOPs*", "flop"), ("kv_gb_s", "KV GB*s*", "num"),
                             ("energy_j", "energy J*", "num"), ("cost_usd", "cost $*", "usd")):
        rows.append((label, a["total"].get(key), b["total"].get(key), kind))
    for key, label, kind in (("tokens", "tokens / accepted", "num"), ("prefilled_tokens", "prefilled / accepted", "num"),
                             ("call_s", "call s / accepted", "s"),
                             ("kv_gb_s", "KV GB*s / accepted*", "num"), ("energy_j", "energy J / accepted*", "num"),
                             ("cost_usd", "cost $ / accepted*", "usd")):
        rows.append((label, per(a, key), per(b, key), kind))
    rows.append(("server-counted prefilled / accepted", a["per_accepted_insight"].get("server_counted_prefilled"),
                 b["per_accepted_insight"].get("server_counted_prefilled"), "num"))
    return rows


def render_compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    rows = []
    for label, va, vb, kind in compare_rows(a, b):
        ratio = f"{vb / va:.3g}x" if isinstance(va, (int, float)) and isinstance(vb, (int, float)) and va else "-"
        rows.append([label, fmt(va, kind), fmt(vb, kind), ratio])
    notes = [f"  - {label}: {n}" for label, r in (("A", a), ("B", b)) for n in r.get("unknown", [])]
    return (f"A = {a['run']}\nB = {b['run']}\n(* estimate; --explain prints the formulas)\n\n"
            + table(["", "A", "B", "B/A"], rows) + "\n"
            + ("\nunknown figures, and how to get them:\n" + "\n".join(notes) + "\n" if notes else ""))
