"""The one-call-per-seed workload: N seeds citing the shipped Mars source, and the exact first request
assay sends for each, so the peers put the same bytes on the wire."""
from __future__ import annotations

import json
from pathlib import Path

from assay import templates
from assay.agent.episode import system_prompt
from assay.corpus import Corpus
from assay.records import Seed
from assay.seeds import demo_seeds_path
from assay.agent.tools import Toolbox

TOOLS = ["search", "read", "calculate"]


def corpus_dir() -> Path:
    return demo_seeds_path().parent / "corpus"


def seed(i: int) -> Seed:
    return Seed(id=f"s{i:07d}", question=f"How many moons does Mars have, and what are they called? (variant {i})",
                domain="astronomy", sources=["mars"])


def write_seeds(path: Path, n: int) -> Path:
    """Streamed to disk: 100,000 seeds never sit in memory here either."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(seed(i).model_dump_json() + "\n")
    return path


def write_prompts(path: Path, n: int) -> Path:
    """The messages of assay's direct-mode call (system prompt with tools and source, then the final prompt)."""
    corpus = Corpus.from_dir(corpus_dir())
    toolbox = Toolbox(corpus, TOOLS)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            s = seed(i)
            messages = [{"role": "system", "content": system_prompt(s, corpus, toolbox)},
                        {"role": "user", "content": templates.render("agent_final", question=s.question)}]
            f.write(json.dumps({"id": s.id, "messages": messages}) + "\n")
    return path
