"""Written arithmetic in text: '24.6 * 2 = 49.2', '0.58 x 44 MW = 25.5 MW', '(455 - 412) / 412 = 10.4%', chains
('a - b = 860 / b = 0.0616') and a total before its bracketed sum ('5.99 million (2.14 + 1.87 + ...)')."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .quantities import Quantity, normalise, quantities, tokens


@dataclass(frozen=True)
class Calculation:
    text: str  # as written: '(412.6 - 388.2) / 388.2 = 0.0629'
    expression: str  # the left side as written: '(412.6 - 388.2) / 388.2'
    template: str  # operators and brackets with a slot per operand: '({} - {}) / {}'
    operands: tuple[Quantity, ...]
    stated: Quantity


_OPERATORS = {"+": "+", "-": "-", "*": "*", "x": "*", "×": "*", "·": "*", "/": "/", "÷": "/", "^": "**",
              "plus": "+", "minus": "-", "times": "*", "over": "/"}
_TWO_WORD_OPERATORS = {("divided", "by"): "/", ("multiplied", "by"): "*"}
_EQUALS = {"=", "≈", "≃", "~", "equals", "≅", "is", "gives", "→", "makes"}
_MULTI_EQUALS = {("comes", "to"), ("works", "out", "at"), ("works", "out", "to"), ("is", "about"), ("is", "roughly"),
                 ("is", "approximately"), ("is", "around"), ("gives", "about")}


@lru_cache(maxsize=4096)
def calculations(text: str) -> tuple[Calculation, ...]:
    """Written-out calculations: '24.6 * 2 = 49.2', '0.58 x 44 MW = 25.5 MW', '(455 - 412) / 412 = 10.4%'."""
    norm = normalise(text)
    qs = quantities(text)
    out = []
    i = 0
    while i < len(qs) - 1:
        template, operands = _lead(norm, qs[i]), [qs[i]]
        j = i
        while j + 1 < len(qs):
            gap = _operator(norm, qs[j], qs[j + 1])
            if gap is None:
                break
            template += gap
            operands.append(qs[j + 1])
            j += 1
        if len(operands) >= 2 and j + 1 < len(qs):
            closing = _equals(norm, qs[j], qs[j + 1])
            if closing is not None:
                template += closing
                expression = _balance(template.format(*(norm[q.start:q.end] for q in operands)))
                template = _balance(template)
                final = _final(norm, qs, j + 1)  # 'a - b = 860 / b = 0.0616': the chain's last result
                if final is not None:
                    stated = qs[final]
                    out.append(Calculation(norm[operands[0].start:stated.end], expression, template, tuple(operands), stated))
                i = j + 1
                continue
        if len(operands) >= 2 and i > 0 and _bracketed_total(norm, qs[i - 1], operands):
            template = _balance(template)  # '5.99 million boardings (2.14 + 1.87 + 0.96)': the total, then its sum
            expression = template.format(*(norm[q.start:q.end] for q in operands))
            out.append(Calculation(norm[qs[i - 1].start:operands[-1].end], expression, template, tuple(operands), qs[i - 1]))
        i = max(i + 1, j)
    return tuple(out)


def _final(text: str, qs: tuple[Quantity, ...], at: int) -> int | None:
    """Where a result stands: `at` itself, or, when it starts another expression, that expression's own result."""
    while at + 1 < len(qs) and _operator(text, qs[at], qs[at + 1]) is not None:
        m = at + 1
        while m + 1 < len(qs) and _operator(text, qs[m], qs[m + 1]) is not None:
            m += 1
        if m + 1 >= len(qs) or _equals(text, qs[m], qs[m + 1]) is None:
            return None
        at = m + 1
    return at


def _bracketed_total(text: str, total: Quantity, operands: list[Quantity]) -> bool:
    before = text[total.end:operands[0].start]
    return before.rstrip().endswith("(") and len(tokens(before)) <= 4 and not any(c in before for c in ".;!?") \
        and text[operands[-1].end:].lstrip().startswith(")") and all(o.dim == total.dim for o in operands)


def _lead(text: str, q: Quantity) -> str:
    brackets = len(text[:q.start]) - len(text[:q.start].rstrip(" ("))
    return "(" * text[q.start - brackets:q.start].count("(") + "{}"


def _operator(text: str, a: Quantity, b: Quantity) -> str | None:
    gap = text[a.end:b.start]
    words = [t.text.lower() for t in tokens(gap)]
    ops = [w for w in words if w not in "()"]
    if len(ops) == 2 and tuple(ops) in _TWO_WORD_OPERATORS:
        op = _TWO_WORD_OPERATORS[tuple(ops)]
    elif ops == ["of"] and (a.dim == "percent" or a.dim is None and 0 < a.value < 1):
        op = "*"  # '58% of 44 MW', '0.58 of 44'
    elif len(ops) == 1 and ops[0] in _OPERATORS:
        op = _OPERATORS[ops[0]]
        if ops[0] == "-" and gap == "-" and a.value == a.value.to_integral_value() and b.value > a.value:
            return None  # '1991-2020', '2022-23': a range, not a subtraction
        if ops[0] == "/" and gap == "/" and b.value > a.value and a.value >= 1000:
            return None  # '2022/23'
    else:
        return None
    return ")" * words.count(")") + f" {op} " + "(" * words.count("(") + "{}"


def _equals(text: str, a: Quantity, b: Quantity) -> str | None:
    words = [t.text.lower() for t in tokens(text[a.end:b.start])]
    rest = [w for w in words if w not in "()"]
    if not (len(rest) == 1 and rest[0] in _EQUALS or tuple(rest) in _MULTI_EQUALS):
        return None
    return ")" * words[:words.index(rest[0])].count(")")


def _balance(expr: str) -> str:
    """Drop unmatched brackets taken from the surrounding prose: '(24.6 * 2' -> '24.6 * 2'."""
    while expr.count("(") > expr.count(")") and expr.startswith("("):
        expr = expr[1:].lstrip()
    while expr.count(")") > expr.count("(") and expr.endswith(")"):
        expr = expr[:-1].rstrip()
    return expr
