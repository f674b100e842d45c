"""What several stages read from text without a model: numbers, names, negations, scope words, arithmetic.

>>> [n.value for n in numbers("Mars has two moons; a day lasts 24.6 hours, 1,500 died in 1912")]
[Decimal('2'), Decimal('24.6'), Decimal('1500'), Decimal('1912')]
>>> [(a.expression, str(a.stated)) for a in arithmetic("So 1991 - 1928 = 63 years.")]
[('1991 - 1928', '63')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "dozen": 12,
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
NEGATIONS = frozenset({"not", "no", "never", "none", "neither", "nor", "cannot", "nothing", "nobody", "without"})
SCOPE_WORDS = frozenset({"all", "every", "always", "only", "any", "each", "entire", "entirely", "everything",
                         "everyone", "everywhere", "whole", "universally", "exclusively", "solely", "most"})
# Capitalised words that start sentences without naming anything.
FUNCTION_WORDS = frozenset("""a an the it its in on at by of for to from with as and but or so if this that these those
he she they his her their there here when where who what which how why during after before about around yes
we our you your i my one some many several today together while since because although however thus therefore
approximately roughly nearly almost just also then than indeed overall generally clearly notably hence
finally together""".split())

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(rf"(?<![\w.])(?P<sign>(?:minus\s+|-(?=\d)))?(?P<num>{_NUM})(?:st|nd|rd|th|s)?(?P<scale>\s+(?:{'|'.join(SCALES)}))?\b", re.I)
_WORD = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.I)
_TERM = rf"\(*\s*-?(?:{_NUM})\s*\)*"
_ARITH = re.compile(rf"(?P<expr>{_TERM}(?:\s*[-+*/×÷^]\s*{_TERM})+)\s*(?:=|≈|~=|equals)\s*(?P<stated>-?(?:{_NUM}))(?![\d.]*\d)")
_NAME = re.compile(r"\b[A-Z][\w'’]*(?:-[\w'’]+)*")
_WORDS = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


@dataclass(frozen=True)
class Number:
    value: Decimal
    places: int  # decimal places as written: 24.6 -> 1, 1,500 -> 0
    text: str


@dataclass(frozen=True)
class Arithmetic:
    expression: str  # as written, e.g. "24.6 * 2"
    stated: Decimal
    places: int
    operands: tuple[Decimal, ...]


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def places(text: str) -> int:
    digits = text.replace(",", "")
    return len(digits.split(".")[1]) if "." in digits else 0


def numbers(text: str) -> list[Number]:
    """Every number in `text`: digits (with thousands commas, minus signs and scale words) and number words."""
    found: list[tuple[int, Number]] = []
    for m in _NUMBER.finditer(text):
        value = _decimal(m["num"])
        if m["scale"]:
            value *= SCALES[m["scale"].strip().lower()]
        if m["sign"]:
            value = -value
        found.append((m.start(), Number(value, places(m["num"]), m.group(0).strip())))
    for m in _WORD.finditer(text):
        if m[1].lower() == "second" and not re.search(r"\bthe\s+$", text[:m.start()], re.I):
            continue  # 'per second' is a unit; 'the second' is an ordinal
        found.append((m.start(), Number(Decimal(WORD_NUMBERS[m[1].lower()]), 0, m[1])))
    return [n for _, n in sorted(found, key=lambda x: x[0])]


def same_number(claimed: Number, known: Decimal) -> bool:
    """Equal, or `known` rounded to the precision the claim was written in (24.6 supports 'about 25')."""
    if claimed.value == known:
        return True
    try:
        step = Decimal(1).scaleb(-claimed.places)
        return known.quantize(step, rounding=ROUND_HALF_UP) == claimed.value
    except InvalidOperation:
        return False


def arithmetic(text: str) -> list[Arithmetic]:
    """Written-out calculations such as '24.6 * 2 = 49.2' or '1,991 - 1,928 ≈ 63'."""
    out = []
    for m in _ARITH.finditer(text):
        expr = m["expr"].strip()
        expr = _balance(expr)
        operands = tuple(_decimal(x) for x in re.findall(_NUM, expr))
        out.append(Arithmetic(expr, _decimal(m["stated"]), places(m["stated"]), operands))
    return out


def _balance(expr: str) -> str:
    """Drop unmatched brackets that the regex took from surrounding prose: '(24.6 * 2' -> '24.6 * 2'."""
    while expr.count("(") > expr.count(")") and expr.startswith("("):
        expr = expr[1:].lstrip()
    while expr.count(")") > expr.count("(") and expr.endswith(")"):
        expr = expr[:-1].rstrip()
    return expr


def words(text: str) -> list[str]:
    """Lowercase word tokens with possessives removed ('Mars's' -> 'mars')."""
    return [re.sub(r"['’]s?$", "", w) for w in _WORDS.findall(text.lower().replace("’", "'"))]


def word_set(text: str) -> set[str]:
    """words(), plus the parts of hyphenated words ('mass-produced' also gives 'mass' and 'produced')."""
    out = set()
    for w in words(text):
        out.add(w)
        if "-" in w:
            out.update(p for p in w.split("-") if p)
    return out


def names(text: str) -> list[str]:
    """Capitalised words that may name something (people, places, works), lowercased; function words skipped."""
    out = []
    for m in _NAME.finditer(text):
        token = re.sub(r"['’]s?$", "", m.group(0)).lower()
        if token in FUNCTION_WORDS or token in WORD_NUMBERS or len(token) < 2:
            continue
        out.append(token)
    return out


def mentions(word: str, text_words: set[str]) -> bool:
    """A name counts as present in its singular or plural form ('Worker' in 'workers')."""
    if word in text_words:
        return True
    parts = word.split("-")
    if len(parts) > 1 and all(p in text_words for p in parts):
        return True
    return (word + "s") in text_words or (word.endswith("s") and word[:-1] in text_words)
