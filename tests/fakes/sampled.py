"""A real run (real runner and validators) against a FAKE model whose answer depends on the sampling seed.

research_fake's model, except that odd sampling seeds add an invented sentence to the claim and to the
quote (or cite a sentence id that does not exist), a hallucination the grounding stage rejects. With `--samples 2` a question the fake answers
well gets an accepted attempt (#0) and a rejected one (#1): preference pairs, without the real model.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"


def sampling_handler():
    inner = research_handler()

    def handler(req):
        reply = inner(req)
        message = reply.body["choices"][0]["message"]
        data = json.loads(message["content"])
        if "evidence" in data and req.get("seed", 0) % 2 == 1:
            ev = data["evidence"][0]
            if "ref" in ev:  # evidence by reference: a sentence id that does not exist
                ev["ref"] = ev["ref"].split("#")[0] + "#99"
            else:
                ev["quote"] += " It tripled in 1850."
            data["claim"] += " It tripled in 1850."
            message["content"] = json.dumps(data)
        return reply

    return handler


def sampled_run(root: Path, seeds: int = 6) -> Path:
    """`assay run --samples 2` on `seeds` generated seeds into root/run; returns the run directory."""
    path = root / "seeds.jsonl"
    write_seeds(path, seeds, ["mars", "water", "honeybees"])
    with FakeOpenAI(sampling_handler()) as fake:
        done = subprocess.run([sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model",
                               "fake-model", "--seeds", str(path), "--corpus", str(CORPUS), "--out", str(root / "run"),
                               "--samples", "2", "--no-progress"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return root / "run"
