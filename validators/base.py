"""What every stage receives: the seed, the proposed insight, the sources, and a verifier endpoint."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assay.corpus import Corpus
from assay.records import Insight, Seed


@dataclass
class Check:
    seed: Seed
    insight: Insight
    corpus: Corpus
    client: Any = None  # EndpointClient for LLM stages (the validator role)
    accepted: list[str] = field(default_factory=list)  # claims accepted so far in this run (novelty)
