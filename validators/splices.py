"""A claim spliced from two evidence sentences: the doer of one, the deed of the other.

"The queen of the colony communicates with flowers using a waggle dance", citing "Worker bees communicate the
location of flowers with a waggle dance" and "A honeybee colony has one queen, ...": every word is in the
evidence, but the claim's one clause takes 'queen' from one sentence and 'communicate ... waggle dance' from the
other, and names nothing the two sentences share ('workers'), so nothing in the evidence joins them.

Only a claim of one clause with no figures is read this way: a comparison or a calculation across sources ("63
years after", "£8.7m of the £11.6m") joins different facts on purpose (measured on the development sets: 0 of 68
multi-evidence good rows flagged).
"""
from __future__ import annotations

import re

from .extract import FUNCTION_WORDS, stem

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_JOINS = re.compile(r"[,;:()\d]|\b(and|but|while|whereas|after|before|than|because|so|which|who|whose|when|since|"
                    r"until|as|or|versus|vs|both|between|compared)\b", re.I)


def _content(text: str) -> set[str]:
    return {stem(w.lower()) for w in _WORD.findall(text) if w.lower() not in FUNCTION_WORDS and len(w) > 2}


def spliced(claim: str, quotes: list[str]) -> list[str]:
    """Problems naming the words a one-clause claim takes from each of two evidence sentences that share nothing it says."""
    if len(quotes) < 2 or _JOINS.search(claim):
        return []
    mine = _content(claim)
    theirs = [_content(q) for q in quotes]
    for i, a in enumerate(theirs):
        for j, b in enumerate(theirs):
            if i >= j:
                continue
            only_a, only_b = (mine & a) - b, (mine & b) - a
            if only_a and only_b and not mine & a & b:
                return [f"one clause joins {', '.join(sorted(only_a))!s} (evidence[{i}]) with "
                        f"{', '.join(sorted(only_b))!s} (evidence[{j}]), and names nothing the two sentences share"]
    return []
