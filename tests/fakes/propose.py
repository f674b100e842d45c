"""A deterministic FAKE proposer at the wire: its questions are a pure function of the numbered sentences shown
and the request's sampling seed (which sentences it starts from).

One document: a derived, a mechanism, a claim_check and a lookup question (the lookup repeats its sentence's
words, and is proposed again word for word so the duplicate check has one to drop). Two documents: a comparison
citing a sentence of each, and one that claims to compare but cites one document (dropped). Also the flaws a
small model shows: a heading instead of a question, a numbered claim check proposed as derived, a question
citing a sentence that does not mention it.
"""
from __future__ import annotations

import json
import re

from fakes.openai import Reply, completion

SENTENCE = re.compile(r"^\[([^\]\s]+#\d+)\] (.+)$", re.M)


def _short(text: str, words: int = 8) -> str:
    return " ".join(text.rstrip(".").split()[:words])


def propose_handler():
    def handler(req: dict) -> Reply:
        prompt = req["messages"][-1]["content"]
        by_doc: dict[str, list[tuple[str, str]]] = {}
        for ref, text in SENTENCE.findall(prompt):
            by_doc.setdefault(ref.rpartition("#")[0], []).append((ref, text))
        docs = sorted(by_doc)
        off = int(req.get("seed") or 0)  # another sampling seed, other sentences
        pick = {d: by_doc[d][off % len(by_doc[d]):] + by_doc[d][:off % len(by_doc[d])] for d in docs}
        qs = []
        if len(docs) == 1:
            (r1, s1), (r2, s2) = (pick[docs[0]] + pick[docs[0]])[:2]
            name = docs[0].replace("_", " ")
            qs = [
                {"question": f"Using the figures for {name}, how large is the difference between {_short(s1, 5)} "
                             f"and {_short(s2, 5)}?", "kind": "derived", "sentences": [r1, r2]},
                {"question": f"Why, according to the {name} document, does {_short(s2, 6)} follow from "
                             f"{_short(s1, 6)}?", "kind": "mechanism", "sentences": [r1, r2]},
                {"question": f"Is it true that {name} was never described in any source as {_short(s2, 4)}?",
                 "kind": "claim_check", "sentences": [r2]},
                {"question": f"What does the text say: {s1.rstrip('.')}?", "kind": "derived", "sentences": [r1]},
                {"question": f"What does the text say: {s1.rstrip('.')}?", "kind": "derived", "sentences": [r1]},
                # What SmolLM2-135M writes (benchmarks/results/propose.md): a heading, and a claim to check
                # numbered and given as derived.
                {"question": f"The {name} document", "kind": "derived", "sentences": [r1]},
                {"question": f"2. Is it true that {_short(s1, 4)} and then {_short(s2, 4)}?", "kind": "derived",
                 "sentences": [r1, r2]},
            ]
        elif len(docs) >= 2:
            (ra, sa), (rb, sb) = pick[docs[0]][0], pick[docs[1]][0]
            qs = [
                {"question": f"How do {docs[0].replace('_', ' ')} and {docs[1].replace('_', ' ')} compare, given "
                             f"that {_short(sa, 5)} while {_short(sb, 5)}?", "kind": "comparison",
                 "sentences": [ra, rb]},
                {"question": f"How does {docs[0].replace('_', ' ')} compare with everything else in the world?",
                 "kind": "comparison", "sentences": [ra]},
                # A question about one document citing a sentence of the other, which does not mention it.
                {"question": f"Why, in the other account, does {_short(sa, 6)}?", "kind": "mechanism",
                 "sentences": [rb]},
            ]
        content = json.dumps({"questions": qs})
        return Reply(completion(content, prompt_tokens=len(prompt) // 4, completion_tokens=len(content) // 4))

    return handler
