"""Tree rollouts vs independent samples: prefilled prompt tokens per accepted insight, on a FAKE prefix-caching server.

Two `assay run`s of the same seeds against tests/fakes/openai.py's PrefixCache (a FAKE: it reports as cached the
longest prefix it has already seen, ~4 characters a token, and answers `n` with n choices):
  samples: run.samples = K, K whole episodes per seed (plan, steps, final answer);
  tree:    agent.tree_breadth = K, one trunk per seed forked before the final answer (one n=K request).
Branch j's final answer is the same in both (the j-th sentence of the cited source: choice j, or sampling seed j),
so the validators see the same candidates and the difference is what the server had to prefill.
Usage: python benchmarks/tree.py [--seeds 12] [--k 4]   (writes benchmarks/results/tree.md)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from assay.config import load_config  # noqa: E402
from assay.journal import Journal  # noqa: E402
from assay.run.runner import run  # noqa: E402
from assay.seeds import demo_seeds_path  # noqa: E402
from fakes.openai import FakeOpenAI, PrefixCache  # noqa: E402
from fakes.research import research_handler, write_seeds  # noqa: E402

CORPUS = demo_seeds_path().parent / "corpus"
REF = re.compile(r"\[(\w+#\d+)\] ([^\n]*)")


def answer(req: dict, i: int, diverge: bool = True) -> str:
    schema = json.dumps(req.get("response_format") or {})
    if '"evidence"' not in schema:
        body = json.loads(research_handler()(req).body["choices"][0]["message"]["content"])
        if diverge and ("sub_questions" in body or "thought" in body):  # sampled at temperature > 0, sampling seed j words its plan and thoughts its own way
            key = "sub_questions" if "sub_questions" in body else "thought"
            j = i + int(req.get("seed") or 0)
            body[key] = [f"{q} (angle {j})" for q in body[key]] if key == "sub_questions" else f"{body[key]} ({j})"
        return json.dumps(body)
    j = i + int(req.get("seed") or 0)  # choice j of one n=K request == the request with sampling seed j
    found = REF.findall(req["messages"][0]["content"]) or [("unknown#1", "Nothing found.")]
    ref, sentence = found[j % len(found)]
    return json.dumps({"evidence": [{"ref": ref}], "claim": sentence,
                       "reasoning": [f"1. The source {ref.split('#')[0]} states it directly."], "confidence": 0.8})


def measure(mode: str, seeds: Path, k: int, out: Path, diverge: bool) -> dict:
    cache = PrefixCache(lambda req, i: answer(req, i, diverge))
    with FakeOpenAI(cache) as api:
        over = {"run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(out), "agent.max_steps": 2,
                "agent.temperature": 0.7, "endpoints.api.base_url": api.base_url, "endpoints.api.model": "fake-model",
                "roles.agent": "api", "metering.metrics_interval_s": 0}
        over |= {"run.samples": k} if mode == "samples" else {"agent.tree_breadth": k}
        run(load_config(None, over), progress=False)
        requests = sum(1 for r in api.requests if r["messages"][0]["role"] == "system")
    journal = Journal(out)
    records = list(journal.records())
    journal.close()
    calls = [c for r in records for c in r.calls if c.role == "agent"]
    prompt = sum(c.prompt_tokens for c in calls)
    prefilled = sum(c.prompt_tokens - c.cached_tokens for c in calls)
    accepted = sum(r.status.value == "accepted" for r in records)
    served = sum(p for role, p in cache.per_request if role == "system")  # not the output-mode probe
    assert prefilled == served, (prefilled, served)  # metered once each, as the server counted
    return {"mode": mode, "diverge": diverge, "records": len(records), "accepted": accepted, "requests": requests, "prompt": prompt,
            "prefilled": prefilled, "completion": sum(c.completion_tokens for c in calls),
            "prefilled_per_accepted": prefilled / accepted if accepted else float("inf"),
            "accepted_per_1k_prefilled": 1000 * accepted / prefilled if prefilled else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--k", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds.jsonl"
        write_seeds(seeds, args.seeds, sorted(p.stem for p in CORPUS.glob("*.md")))
        rows = [measure(m, seeds, args.k, Path(tmp) / f"{m}-{d}", d) for d in (True, False) for m in ("samples", "tree")]

    def saving(s: dict, t: dict) -> float:
        return 1 - t["prefilled_per_accepted"] / s["prefilled_per_accepted"]
    lines = [
        "# Tree rollouts vs independent samples (FAKE prefix-caching server)", "",
        f"`python benchmarks/tree.py --seeds {args.seeds} --k {args.k}`: {args.seeds} seeds of the demo corpus, "
        f"K = {args.k}; agent.max_steps = 2 with a plan; default validators. The server is tests/fakes/openai.py's "
        "PrefixCache, a FAKE that counts ~4 characters a token and reports the longest prefix it has seen before as "
        "`cached_tokens` (an ideal prefix cache that never evicts); it is not a model and not a vLLM. "
        "Trunks: *diverging* = the fake words its plan and thoughts by sampling seed (as sampling at "
        "temperature 0.7 does: independent samples part from their first sampled token); *identical* = every "
        "sample's trunk is the same text (greedy). Prefilled = prompt - cached, summed over the agent's calls as assay metered them (checked equal to the "
        "fake's own count). Branch j's final answer is the same in both runs.", "",
        "| trunks | mode | records | accepted | agent requests | prompt tokens | prefilled tokens | completion tokens "
        "| prefilled / accepted | accepted / 1k prefilled |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {'diverging' if r['diverge'] else 'identical'} | {r['mode']} | {r['records']} | {r['accepted']} | {r['requests']} | {r['prompt']} | "
                     f"{r['prefilled']} | {r['completion']} | {r['prefilled_per_accepted']:.1f} | "
                     f"{r['accepted_per_1k_prefilled']:.2f} |")
    for a in (0, 2):
        s, t = rows[a], rows[a + 1]
        lines += ["", f"{'Diverging' if s['diverge'] else 'Identical'} trunks: tree **{100 * saving(s, t):.1f}% fewer "
                  f"prefilled tokens per accepted insight** than samples (target in issue 24: at least 50%), "
                  f"{t['accepted']} accepted vs {s['accepted']}; {t['requests']} agent requests vs {s['requests']}."]
    lines += ["", "Caveats: the fake's cache is ideal and never evicts, which flatters samples (their shared system "
              "prompt, and with identical trunks their whole trunks, are cached): with identical trunks the tree "
              "saves requests and prompt tokens sent, not prefill. The saving comes from the trunk (plan, steps) "
              "being sampled once per seed instead of K times. Not yet measured on the vLLM CPU server; KV GB·s "
              "per accepted insight is not reported here."]
    (HERE / "results" / "tree.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
