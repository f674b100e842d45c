"""A deterministic FAKE research model at the wire: its reply is a pure function of the request.

Used where a run must be reproducible across crashes and resumes. It plans, sometimes searches,
answers, and gives an insight on the first sentence of the cited source, by its id where the
schema asks for one ([doc#n]) and by quote otherwise; for about a third of the questions it alters
the quote or cites a sentence that does not exist (hallucinations the grounding stage must reject).
"""
from __future__ import annotations

import hashlib
import json
import re

from fakes.openai import Reply, completion


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def research_handler(delay_s: float = 0.0):
    def handler(req: dict) -> Reply:
        messages = req["messages"]
        schema = json.dumps((req.get("response_format") or {}).get("json_schema", {}).get("schema")
                            or (req.get("response_format") or {}).get("schema") or {})
        system = messages[0]["content"]
        question = next((m["content"] for m in messages if m["role"] == "user" and "Question:" in m["content"]), "")
        question = question.split("Question:", 1)[-1].split("\n", 1)[0].strip()
        steps_taken = sum(1 for m in messages if m["role"] == "user" and m["content"].startswith("Observation"))
        if "sub_questions" in schema:
            body = {"sub_questions": [f"What do the sources say about: {question}"]}
        elif '"tool"' in schema:
            wants_search = _h(question) % 2 == 0 and steps_taken == 0
            body = {"thought": "look it up" if wants_search else "the sources answer it",
                    "tool": "search" if wants_search else "answer", "input": question if wants_search else ""}
        elif '"ref"' in schema:
            match = re.search(r"\[(\w+)\]\n(?:#[^\n]*\n+)?\[(\w+#\d+)\] ([^\n]*)", system)
            sid, ref, sentence = match.groups() if match else ("unknown", "unknown#1", "Nothing found.")
            if _h(question) % 3 == 0:
                ref = f"{sid}#99"
            body = {"evidence": [{"ref": ref}], "claim": sentence,
                    "reasoning": [f"1. The source {sid} states it directly."], "confidence": 0.8}
        else:
            match = re.search(r"\[(\w+)\]\n(?:#[^\n]*\n+)?([^\n]*?\.)(?:\s|$)", system)
            sid, sentence = (match.group(1), match.group(2)) if match else ("unknown", "Nothing found.")
            if _h(question) % 3 == 0:
                sentence = sentence.replace(" is ", " was never ").replace(" has ", " lacks ") + " Truly."
            body = {"evidence": [{"source_id": sid, "quote": sentence}], "claim": sentence,
                    "reasoning": [f"1. The source {sid} states it directly."], "confidence": 0.8}
        content = json.dumps(body)
        prompt_tokens = sum(len(m["content"]) for m in messages) // 4
        return Reply(completion(content, prompt_tokens=prompt_tokens, completion_tokens=len(content) // 4), delay_s=delay_s)

    return handler


def write_seeds(path, n: int, corpus_ids: list[str]) -> None:
    with open(path, "w") as f:
        for i in range(n):
            sid = corpus_ids[i % len(corpus_ids)]
            f.write(json.dumps({"id": f"q{i:03d}", "question": f"What does source {sid} say, item {i}?",
                                "sources": [sid]}) + "\n")
