"""Shares said in words: 'half', 'a third', 'two thirds', 'one in three', 'two out of five' (quantities.py reads
the numbers; these turn counts and fraction words into the share they say)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

Found = list[tuple[int, int, Decimal, bool, Decimal]]  # (first token, token after, number, ordinal, scale)

FRACTIONS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "quarter": Decimal("0.25"), "quarters": Decimal("0.25"),
             "third": Decimal(1) / 3, "thirds": Decimal(1) / 3, "fifth": Decimal("0.2"), "fifths": Decimal("0.2")}


def rates(toks: list[Any], found: Found) -> Found:
    """'one in three', '1 in 4', 'two out of five': a share (1/3), not the counts 1 and 3 ('one' alone is dropped
    by quantities._numbers as a pronoun, so it is read here)."""
    if not any(t.text.lower() in ("in", "of") for t in toks):
        return found
    by_end = {f[1]: n for n, f in enumerate(found)}
    out: list[tuple[int, int, Decimal, bool, Decimal] | None] = list(found)
    for n, (j, k, value, ordinal, scale) in enumerate(found):
        words = [t.text.lower() for t in toks[max(0, j - 2):j]]
        gap = 2 if words[-2:] == ["out", "of"] else 1 if words[-1:] == ["in"] else 0  # '5 in 12 games' is no share
        if not gap or ordinal or scale != 1 or value != value.to_integral_value() or not 2 <= value <= 100:
            continue
        i = j - gap - 1  # the first count's (last) token
        if i < 0:
            continue
        m = by_end.get(i + 1)
        if m is not None and out[m] is not None and not found[m][3] and found[m][4] == 1:
            first, start = found[m][2], found[m][0]
        elif toks[i].text.lower() == "one":
            first, start = Decimal(1), i
        else:
            continue
        if not 0 < first < value or first != first.to_integral_value() or gap == 1 and first != 1:
            continue
        if m is not None:
            out[m] = None
        out[n] = (start, k, first / value, False, Decimal(1))
    return [x for x in out if x is not None]


def fractions(toks: list[Any], found: Found) -> Found:
    """'half', 'a quarter', 'a third', 'two thirds', 'three quarters' (text2num reads 'third' as the ordinal 3rd)."""
    if not any(t.text.lower() in FRACTIONS for t in toks):
        return found
    by_end = {f[1]: n for n, f in enumerate(found)}
    out: list[tuple[int, int, Decimal, bool, Decimal] | None] = list(found)
    starts = {f[0]: n for n, f in enumerate(found)}
    for i, t in enumerate(toks):
        low = t.text.lower()
        if low not in FRACTIONS:
            continue
        n = starts.get(i)
        if n is not None and not found[n][3]:
            continue  # a number text2num read whole
        before = by_end.get(i)
        if before is not None and out[before] is not None and not found[before][3]:
            j, _, value, _, scale = found[before]
            out[before] = (j, i + 1, value * scale * FRACTIONS[low], False, Decimal(1))
            if n is not None:
                out[n] = None
        elif low.startswith("hal") or i and toks[i - 1].text.lower() in ("a", "one", "an"):
            if n is not None:
                out[n] = None
            out.append((i, i + 1, FRACTIONS[low], False, Decimal(1)))
    return sorted(x for x in out if x is not None)
