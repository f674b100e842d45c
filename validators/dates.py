"""Years a text states relative to a year it gives: 'the year before 2025/26' is 2024/25, 'in 2024 after damage
the year before' is 2023. Read by the numeric stage (a claim's year backed by the evidence's), execution (a year
the evidence implies is no derived result) and answers (a reference's year said relatively in the answer)."""
from __future__ import annotations

from .quantities import Quantity, bare, is_year, normalise, quantities

# Phrases that place something a year from the years around them, and by how much.
RELATIVE = {"the year before": -1, "the previous year": -1, "the prior year": -1, "a year earlier": -1,
            "a year before": -1, "the preceding year": -1, "last year": -1, "the year after": 1,
            "the following year": 1, "a year later": 1, "the next year": 1, "next year": 1}


def relative_years(text: str) -> list[Quantity]:
    """The years one step from each year of `text` in the directions its relative phrases say (none without one)."""
    low = normalise(text).lower()
    steps = {v for phrase, v in RELATIVE.items() if phrase in low}
    if not steps:
        return []
    return [bare(q.value + s) for q in quantities(text) if is_year(q) for s in sorted(steps)]
