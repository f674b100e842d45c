"""Quantities in text: a number (digits or words), its scale, unit or currency, and the rounding it states.

Number words are read by text2num, units by pint's registry (its spellings, plurals and prefixes), so
'two thousand tonnes', '0.31 million', '£2.71m', '38.9 percent', '1,142 mm' and '−9.4 °C' each become a value
with a dimension that compares with other spellings of it:

>>> [(q.text, str(q.base), q.dim) for q in quantities("Revenue was £2.71m, up 8 percent; 1,142 millimetres")]
[('£2.71m', '2710000.00', 'GBP'), ('8 percent', '0.08', 'percent'), ('1,142 millimetres', '1.142', '[length]')]
>>> backs(quantities("1,142 mm")[0], quantities("about 1.1 metres")[0])
True

Written arithmetic ('24.6 * 2 = 49.2') is read in arithmetic.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from text_to_num import find_numbers

from .shares import FRACTIONS, fractions, rates

SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Scale suffixes written onto a number: '£2.71m', '1.2bn', '€150k'. A bare 'm' is a metre unless money or a unit
# follows; where neither settles it ('1.56m of the pages') the quantity keeps both readings.
SUFFIX_SCALES = {"bn": 10**9, "b": 10**9, "mn": 10**6, "mln": 10**6, "m": 10**6, "k": 10**3, "tn": 10**12}
CURRENCY_SIGNS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY"}
CURRENCY_WORDS = {"gbp": "GBP", "usd": "USD", "eur": "EUR", "dollar": "USD", "dollars": "USD", "euro": "EUR",
                  "euros": "EUR", "sterling": "GBP"}
PENCE = {"p", "pence", "penny"}
HEDGES = frozenset({"about", "around", "roughly", "approximately", "nearly", "almost", "some", "circa", "~",
                    "approx", "close", "estimated"})
# English words that pint also knows as units ('in' = inch, 'a' = annum, 'at', 'are', 'point', 'c' = light speed).
NOT_UNITS = frozenset("""a an and are as at be bit by c do for from if in is it k of on or per point so the to up
x quarter quarters line lines hand hands round count pole rod barn cup cups gal stone tons ton pounds pound
decade decades degree degrees unit units point points""".split())
# What pint may call a unit here: lengths, areas, volumes, masses, times, speeds, energy, power, pressure, frequency.
DIMENSIONS = frozenset({"[length]", "[length]^2", "[length]^3", "[mass]", "[time]", "[length]*[time]^-1",
                        "[length]^2*[mass]*[time]^-2", "[length]^2*[mass]*[time]^-3", "[length]^-1*[mass]*[time]^-2",
                        "[time]^-1", "[length]*[time]^-2", "[length]^-3*[mass]"})
SINGLE_LETTER_UNITS = frozenset("mgthlWJV")
PERCENT_WORDS = {"percent", "%", "pc"}
# 'second' is a unit after 'per', 'a', 'each'; 'one' is no number in 'no one', 'any one'.
_NOT_NUMBER_AFTER = {"second": {"per", "a", "each", "every", "one", "split", "nano", "milli"},
                     "one": {"no", "any", "every", "some", "each", "someone", "anyone"}}

_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W\d_]\w*(?:['’][^\W\d_]+)?|\S")  # 'CO2', 'A380': words
_SPELLING = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
                           "\u2019": "'", "\u00d7": "×"})
_PER_CENT = re.compile(r"\bper\s+cent\b", re.I)
_TIMES = re.compile(r"(?<=\d)[xX](?=\d)")  # '0.58x44': a multiplication written without spaces


@dataclass(frozen=True)
class Quantity:
    text: str  # as written: '£2.71m'
    start: int  # where, in normalise(text)
    end: int
    number: Decimal  # the digits as written: 2.71
    value: Decimal  # with its scale: 2710000
    step: Decimal  # the rounding the text states, in value's terms: 10000 ('about 5,730': 10)
    unit: str | None = None  # 'GBP', 'millimeter', 'percent', 'degree_Celsius'; None for a bare number
    dim: str | None = None  # what it compares with: 'GBP', '[length]', 'percent'; None for a bare number
    factor: Decimal = Decimal(1)  # value * factor = base ('mm' 0.001, 'percent' 0.01, pence 0.01)
    ordinal: bool = False
    scale: Decimal = Decimal(1)  # value = number * scale ('0.31 million': 10**6)
    alt: Quantity | None = None  # a second reading of an ambiguous text ('1.56m': metres, or millions)

    @property
    def base(self) -> Decimal:
        return self.value * self.factor

    def readings(self) -> tuple[Quantity, ...]:
        return (self,) if self.alt is None else (self, self.alt)

    def key(self) -> str:
        """What two spellings of the same amount in the same unit share: '£412.6m', '£412,600,000' -> 'GBP:412600000'."""
        return f"{self.unit or ''}:{_plain(self.value)}"


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    def kind(self) -> str:
        c = self.text[0]
        return "num" if c.isdigit() else "word" if c.isalpha() else "sym"


class _Word:
    """A token as text2num's find_numbers reads it."""

    def __init__(self, tok: _Tok, blocked: bool):
        self._text, self._blocked = tok.text, blocked

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self._blocked


def normalise(text: str) -> str:
    """One spelling for minus signs, dashes, spaces and 'per cent', so that positions agree across readers."""
    text = text.translate(_SPELLING)
    if "x" in text or "X" in text:
        text = _TIMES.sub("×", text)
    return _PER_CENT.sub(lambda m: "percent".ljust(len(m.group(0))), text) if "cent" in text else text


def tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=4096)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in `text`, in order (positions are in normalise(text))."""
    text = normalise(text)
    toks = tokens(text)
    numbers = _numbers(text, toks)
    out = []
    for i, (j, k, number, ordinal, scale) in enumerate(numbers):
        nxt = numbers[i + 1][0] if i + 1 < len(numbers) else len(toks)
        out.append(_quantity(text, toks, j, k, number, ordinal, scale, nxt))
    return tuple(out)


def _numbers(text: str, toks: list[_Tok]) -> list[tuple[int, int, Decimal, bool, Decimal]]:
    """(first token, token after, number, ordinal, scale) for digits and number words ('2.4 million': 2.4, 10**6)."""
    found: dict[int, tuple[int, int, Decimal, bool]] = {}
    for i, t in enumerate(toks):
        if t.text[0].isdigit():
            found[i] = (i, i + 1, Decimal(t.text.replace(",", "")), False)
    if any(t.text[0].isalpha() for t in toks):
        words = []
        for i, t in enumerate(toks):
            low = t.text.lower()
            prev = toks[i - 1].text.lower() if i else ""
            words.append(_Word(t, low in _NOT_NUMBER_AFTER and prev in _NOT_NUMBER_AFTER[low]))
        for occ in find_numbers(words, "en", 0.0):
            if toks[occ.start].text[0].isdigit() and occ.end - occ.start == 1:
                continue  # digits: read above
            word = toks[occ.end - 1].text.lower()
            value = _decimal(occ.value)
            if word in SCALES and occ.end - occ.start == 1:
                value = Decimal(SCALES[word])
            if occ.end - occ.start == 1 and word == "one" and not _counts(toks, occ.end):
                continue  # 'offered one', 'one of them': a pronoun
            found[occ.start] = (occ.start, occ.end, value, bool(occ.is_ordinal))
    out = []
    for i in sorted(found):
        j, k, value, ordinal = found[i]
        word = toks[j].text.lower()
        if out and out[-1][1] > j:
            continue
        if word in SCALES and out and out[-1][1] == j and not out[-1][3]:
            out[-1] = (out[-1][0], k, out[-1][2], False, value)  # '2.4 million': text2num gives 2.4 and 1000000
            continue
        out.append((j, k, value, ordinal, Decimal(1)))
    return fractions(toks, rates(toks, out))


def _counts(toks: list[_Tok], i: int) -> bool:
    """Is the word at toks[i] something counted ('one oxygen atom'), not 'of', 'in' or the end of a phrase?"""
    return i < len(toks) and toks[i].text[0].isalpha() and toks[i].text.lower() not in NOT_UNITS | {"with", "that", "which"}


def _decimal(x: float | int) -> Decimal:
    d = Decimal(repr(x))
    return d.to_integral_value() if d == d.to_integral_value() else d.normalize()


def _quantity(text: str, toks: list[_Tok], j: int, k: int, number: Decimal, ordinal: bool, scale: Decimal,
              limit: int) -> Quantity:
    first = toks[j]
    written = first.text if first.text[0].isdigit() else ""
    places = len(written.split(".")[1]) if "." in written else min(_places(number), 2)  # 'two thirds': 0.67
    start, end = first.start, toks[k - 1].end
    value = number
    # a sign or currency written before the number
    currency = None
    before = j - 1
    if before >= 0 and toks[before].text in CURRENCY_SIGNS and toks[before].end == start:
        currency = CURRENCY_SIGNS[toks[before].text]
        start, before = toks[before].start, before - 1
        if before >= 0 and toks[before].text.upper() == "US" and toks[before].end == toks[before + 1].start:
            start, before = toks[before].start, before - 1
    if before >= 0 and toks[before].text.upper() in ("GBP", "USD", "EUR"):
        currency, start, before = toks[before].text.upper(), toks[before].start, before - 1
    if before >= 0 and toks[before].text == "-" and toks[before].end == start and \
            (before == 0 or toks[before].start > toks[before - 1].end or toks[before - 1].text in "(=:"):
        value, start, before = -value, toks[before].start, before - 1
    elif before >= 0 and toks[before].text.lower() == "minus" and (before == 0 or toks[before - 1].kind() != "num"):
        value, start, before = -value, toks[before].start, before - 1
    hedged = any(t.text.lower() in HEDGES for t in toks[max(0, before - 1):before + 1])
    # a range's short second year: '2022-23' -> 2023
    if first.text.isdigit() and len(first.text) == 2 and j >= 2 and toks[j - 1].text in "-/" and \
            toks[j - 2].text.isdigit() and len(toks[j - 2].text) == 4 and toks[j - 2].end == toks[j - 1].start == start - 1:
        century = int(toks[j - 2].text) // 100 * 100
        if int(first.text) > int(toks[j - 2].text) % 100:
            value = Decimal(century + int(first.text))
    # after the number: a written-on suffix (st, th, s, m, bn, k, p), scale words, then a unit or currency
    i = k
    unit = dim = None
    factor = Decimal(1)
    ambiguous = False
    if i < limit and toks[i].start == end and toks[i].kind() == "word":
        suffix = toks[i].text
        low = suffix.lower()
        if low in ("st", "nd", "rd", "th"):
            ordinal, end, i = True, toks[i].end, i + 1
        elif low == "s" and not currency:
            end, i = toks[i].end, i + 1  # '1990s'
        elif low in PENCE and not currency:
            unit, dim, factor, end, i = "pence", "GBP", Decimal("0.01"), toks[i].end, i + 1
        elif low in SUFFIX_SCALES and (currency or low != "m" or _unit_at(toks, i + 1, limit)):
            scale, end, i = Decimal(SUFFIX_SCALES[low]), toks[i].end, i + 1
        elif low == "m":
            ambiguous, end, i = True, toks[i].end, i + 1
    while i < limit and toks[i].text.lower() in SCALES and toks[i].kind() == "word":
        scale, end, i = scale * SCALES[toks[i].text.lower()], toks[i].end, i + 1
    if currency:
        unit = dim = currency
    elif unit is None:
        found = _unit_at(toks, i, limit)
        if found:
            n, unit, dim, factor = found
            end = toks[i + n - 1].end
            i += n
    if currency is None and unit is None and i + 1 < limit and toks[i].text == "US" and \
            toks[i + 1].text.lower() in CURRENCY_WORDS:
        i += 1  # '1.2 billion US dollars'
    if currency is None and unit is None and i < limit and toks[i].text.lower() in CURRENCY_WORDS:
        unit = dim = CURRENCY_WORDS[toks[i].text.lower()]
        end = toks[i].end
    step = Decimal(1).scaleb(-places) * scale
    if k - j >= 3 and toks[j + 1].text.lower() in ("in", "out"):
        written, step = "", abs(number) / 5  # a share said as 'one in three' is as rough as 'a third'
    elif toks[k - 1].text.lower() in FRACTIONS and not written:
        step = abs(number) / 5  # 'about a third' says 0.30 to 0.37, not 0.33 to two places
    if hedged and places == 0 and number == number.to_integral_value() and number:
        zeros = len(str(int(abs(number)))) - len(str(int(abs(number))).rstrip("0"))
        step *= Decimal(10) ** zeros
    q = Quantity(text[start:end], start, end, number, value * scale, step, unit, dim, factor, ordinal, scale)
    if ambiguous:  # '1.56m' with no money or unit to settle it: metres, or millions
        metre = _unit_of("m")
        q = replace(q, unit=metre[0], dim=metre[1], factor=metre[2],
                    alt=replace(q, value=q.value * 10**6, step=step * 10**6, scale=scale * 10**6))
    return q


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _unit_at(toks: list[_Tok], i: int, limit: int):
    """The longest unit of 1-4 tokens at toks[i]: (tokens used, unit, dim, factor), else None."""
    for n in (4, 3, 2, 1):
        if i + n > limit:
            continue
        parts = toks[i:i + n]
        if any(b.start - a.end > 1 for a, b in zip(parts, parts[1:])):
            continue
        words = [t.text for t in parts]
        if words[-1] in ("/", "-", "per") or words[0] in ("/", "-", "per") or \
                not all(w[0].isalpha() or w in ("/", "-", "°", "%") for w in words):
            continue
        found = _unit_of(" ".join(words))
        if found:
            return (n, *found)
    return None


@lru_cache(maxsize=8192)
def _unit_of(phrase: str) -> tuple[str, str, Decimal] | None:
    """(unit, dim, factor to base units) for a unit as written ('millimetres', 'GWh', '°C', 'km / h'), else None."""
    low = phrase.lower()
    if low in PERCENT_WORDS or low in ("percentage point", "percentage points"):
        return "percent", "percent", Decimal("0.01")
    words = phrase.split()
    if low in NOT_UNITS or words[0].lower() in NOT_UNITS and len(words) == 1:
        return None
    if len(words) == 1 and len(phrase) == 1 and phrase not in SINGLE_LETTER_UNITS:
        return None
    if words[0] in ("°", "degrees", "degree", "deg") and len(words) == 2 and words[1].lower() in ("c", "celsius", "centigrade"):
        return "degree_Celsius", "temperature:C", Decimal(1)
    if words[0] in ("°", "degrees", "degree", "deg") and len(words) == 2 and words[1].lower() in ("f", "fahrenheit"):
        return "degree_Fahrenheit", "temperature:F", Decimal(1)
    if any(w.lower() in NOT_UNITS and w not in ("per", "/") for w in words) or not any(w[0].isalpha() for w in words):
        return None
    name = " ".join("/" if w in ("per", "/") else w for w in words).replace(" / ", "/").replace(" - ", "_")
    try:
        unit = _registry().parse_units(name)
        base = (1 * unit).to_base_units()
    except Exception:  # pint raises many kinds for text that is not a unit; any of them means 'not a unit'
        return None
    dims = dict(unit.dimensionality)
    if not dims:
        return None  # pint's dimensionless words ('dozen', 'decade') are counts here
    if "[temperature]" in dims:
        return str(unit), f"temperature:{unit}", Decimal(1)
    key = "*".join(f"{d}^{p:g}" if p != 1 else d for d, p in sorted(dims.items()))
    if key not in DIMENSIONS:
        return None
    return str(unit), key, Decimal(repr(float(base.magnitude))).normalize()


@lru_cache(maxsize=1)
def _registry():
    import pint  # noqa: PLC0415 (0.3 s to import and load: only once a unit is looked up)

    return pint.UnitRegistry()


# --- comparing -----------------------------------------------------------------------------------------------------

def rounds_to(x: Decimal, target: Decimal, step: Decimal) -> bool:
    """x, rounded to `step`, is `target` (24.6 rounds to 25 in steps of 1; 5,732 to 5,730 in steps of 10)."""
    if x == target:
        return True
    if abs(x - target) * 2 < step:  # a step the target is no multiple of ('a third', step 1/15)
        return True
    try:
        return (x / step).to_integral_value(rounding=ROUND_HALF_UP) * step == target
    except (InvalidOperation, ZeroDivisionError):
        return False


def backs(known: Quantity, claimed: Quantity) -> bool:
    """Does `known` (stated or derived) back `claimed`, after unit and scale normalisation, within its rounding?"""
    return any(_backs(k, c) for k in known.readings() for c in claimed.readings())


def _backs(k: Quantity, c: Quantity) -> bool:
    if c.dim and k.dim:
        if c.dim != k.dim:
            return False
        return rounds_to(k.base / c.factor, c.value, c.step)
    if c.dim:  # a bare number backs a figure with a unit as written, or in base terms (0.389 backs 38.9 percent)
        return rounds_to(k.value, c.value, c.step) or rounds_to(k.value, c.base, c.step * c.factor) \
            or rounds_to(k.value, c.value / c.scale, c.step / c.scale)
    if k.dim:  # a claimed bare number is backed by a figure with a unit as written, or in base terms
        return rounds_to(k.value, c.value, c.step) or rounds_to(k.base, c.value, c.step) \
            or rounds_to(k.value / k.scale, c.value, c.step) or _rescaled(k, c)
    return rounds_to(k.value, c.value, c.step) or rounds_to(k.value / k.scale, c.value, c.step) or _rescaled(k, c)


def _rescaled(k: Quantity, c: Quantity) -> bool:
    """'$1.2bn' backs the bare 1,200 of a calculation in millions: a smaller scale word than the one written."""
    return k.scale > 1000 and any(s < k.scale and rounds_to(k.value / s, c.value, c.step) for s in _PRINTED_SCALES)


def matches_number(claimed: Quantity, printed: Decimal) -> bool:
    """A number a program printed stands for `claimed`: with or without its scale, or as a fraction of a percent."""
    for c in claimed.readings():
        if rounds_to(printed, c.value, c.step) or rounds_to(printed, c.value / c.scale, c.step / c.scale):
            return True
        if c.dim and rounds_to(printed, c.base, c.step * c.factor):
            return True
        # a program that works in thousands, millions or billions: 0.31 for '£310,000'
        if any(abs(c.value) * 1000 >= s and rounds_to(printed * s, c.value, c.step) for s in _PRINTED_SCALES):
            return True
    return False


_PRINTED_SCALES = tuple(Decimal(v) for v in SCALES.values())


def is_year(q: Quantity) -> bool:
    """A bare four-digit integer from 1000 to 2100 written without a comma: a year, not a count."""
    return q.dim is None and q.step == 1 and 1000 <= q.value <= 2100 and "," not in q.text


def ratio_unit(text: str, q: Quantity) -> bool:
    """The 1 of a ratio ('3.16 to 1', '3:1') is how a ratio is written, not a figure."""
    if q.value != 1 or q.dim:
        return False
    before = normalise(text)[:q.start].rstrip().lower()
    return before.endswith(":") and before[:-1].rstrip()[-1:].isdigit() or \
        before.endswith(" to") and any(c.isdigit() for c in before[-12:]) or before.endswith(("three to", "two to", "four to"))


def as_written(q: Quantity) -> Quantity:
    """The quantity with the rounding its digits state, not widened by a hedge ('about 40%': to 1, not to 10)."""
    return replace(q, step=Decimal(1).scaleb(-_places(q.number)) * q.scale, alt=q.alt and as_written(q.alt))


def bare(value: Decimal, step: Decimal | None = None) -> Quantity:
    """A derived number with no unit, e.g. the growth factor 1.12 of '12 percent'."""
    text = _plain(value)
    return Quantity(text, 0, 0, value, value, step if step is not None else Decimal(1).scaleb(-_places(value)))


def _plain(d: Decimal) -> str:
    d = d.normalize()
    return f"{d:f}" if abs(d) < 10**15 else str(d)
