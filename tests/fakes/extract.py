"""A deterministic FAKE product extractor at the wire, for the custom task in examples/custom-task/.

Its final reply is a pure function of the request: the product sentence of the page in the system prompt,
cited by id ([page#n]) where the prompt numbers sentences. The lamp's first reply gives the price as text
(the schema is enforced and the error fed back), and the mug's cites a sentence that does not exist
(grounding must reject it).
"""
from __future__ import annotations

import json
import re

from pydantic import BaseModel, Field

from fakes.openai import Reply, completion

_SENTENCE = re.compile(r"\[(\w+)#(\d+)\] The (.+?) costs ([0-9.]+) ([A-Z]{3})\.")


class Product(BaseModel):
    """The same answer as a pydantic model (task.output_schema = "fakes.extract:Product")."""
    evidence: list[str] = Field(min_length=1, max_length=2)
    name: str
    price: float = Field(strict=True, ge=0)  # as the JSON schema: "24.50" is no price
    currency: str
    summary: str


def extract_handler():
    def handler(req: dict) -> Reply:
        messages = req["messages"]
        system = messages[0]["content"]
        m = _SENTENCE.search(system)
        doc, n, name, price, currency = m.groups() if m else ("none", "1", "Nothing", "0", "EUR")
        ref = f"{doc}#{99 if doc == 'mug' else n}"
        fed_back = any("not valid" in x["content"] for x in messages if x["role"] == "user")
        body = {"evidence": [ref], "name": name, "price": price if doc == "lamp" and not fed_back else float(price),
                "currency": currency, "summary": f"The {name} costs {price} {currency}."}
        content = json.dumps(body)
        return Reply(completion(content, prompt_tokens=sum(len(x["content"]) for x in messages) // 4,
                                completion_tokens=len(content) // 4))
    return handler
