"""distilabel (run from its own throwaway venv): LoadDataFromDicts >> ChatGeneration(OpenAILLM).

In flight = the task's input_batch_size (distilabel gathers one batch at a time); its steps run in
subprocesses, whose CPU the measurement includes; its results land in its Distiset cache.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile

from measure import Window, driver_args, report


def main(args: argparse.Namespace) -> None:
    os.environ.setdefault("DISTILABEL_LOG_LEVEL", "WARNING")
    from distilabel.models import OpenAILLM
    from distilabel.pipeline import Pipeline
    from distilabel.steps import LoadDataFromDicts
    from distilabel.steps.tasks import ChatGeneration

    rows = [json.loads(line) for line in open(args.prompts)][: args.n]
    with Pipeline(name="assay-bench", cache_dir=tempfile.mkdtemp(prefix="distilabel-bench-")) as pipeline:
        load = LoadDataFromDicts(data=[{"messages": r["messages"]} for r in rows], batch_size=args.in_flight)
        generate = ChatGeneration(
            llm=OpenAILLM(model=args.model, base_url=args.base_url, api_key="fake", max_retries=0,
                          generation_kwargs={"max_new_tokens": 384}),
            input_batch_size=args.in_flight)
        load >> generate
    with Window() as w:
        distiset = pipeline.run(use_cache=False)
    data = distiset["default"]["train"]
    done = sum(1 for g in data["generation"] if g)
    report(w.result(done, client="distilabel", in_flight=args.in_flight))


if __name__ == "__main__":
    p = driver_args()
    main(p.parse_args())
