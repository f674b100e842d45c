"""The tools an agent may call; each takes the model's input string and returns an observation."""
from __future__ import annotations

import ast
import json
import operator
from collections.abc import Awaitable, Callable

import sympy

from assay.corpus import Corpus
from assay.agent.sandbox import Limits, run_python


class ToolError(Exception):
    """A tool refused its input; the message goes back to the model as the observation."""


_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow, ast.Mod: operator.mod, ast.FloorDiv: operator.floordiv}
_FUNCS = {"sqrt": sympy.sqrt, "abs": sympy.Abs, "log": sympy.log, "exp": sympy.exp, "round": lambda x, n=0: sympy.Float(round(float(x), int(n))),
          "min": sympy.Min, "max": sympy.Max, "floor": sympy.floor, "ceil": sympy.ceiling}
_CONSTS = {"pi": sympy.pi, "e": sympy.E}


def calculate(expression: str) -> str:
    """Exact arithmetic by walking the syntax tree (no eval): '1/3 + 1/6' -> '1/2 (= 0.5)'."""
    expr = expression.strip().replace("^", "**").replace("×", "*").replace("÷", "/").replace(",", "")
    if len(expr) > 300:
        raise ToolError("expression too long (300 characters at most)")
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        raise ToolError(f"cannot parse {expression!r} as arithmetic; use numbers, + - * / ** ( ) and sqrt()") from None
    value = sympy.simplify(_eval(tree.body))
    if value.is_Integer or not value.is_number:
        return str(value)
    decimal = f"{float(sympy.N(value, 17)):.12g}"
    if value.is_Rational:
        exact_decimal = sympy.Rational(decimal) == value
        return decimal if exact_decimal else f"{decimal} (exact: {value})"
    return f"{decimal} (exact: {value})"


def _eval(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return sympy.Rational(str(node.value)) if isinstance(node.value, float) else sympy.Integer(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow) and (abs(right) > 1000 or abs(left) > 10**100):
            raise ToolError("exponent too large")
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise ToolError("division by zero")
        return _BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.Name) and node.id in _CONSTS:
        return _CONSTS[node.id]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords:
        return _FUNCS[node.func.id](*[_eval(a) for a in node.args])
    raise ToolError(f"unsupported element in expression: {ast.dump(node)[:60]}")


Tool = Callable[[str], Awaitable[str]]


class Toolbox:
    """The tools bound to one run's corpus and sandbox limits."""

    SPECS = {
        "search": "search(query): full-text search over the source documents; returns matching passages",
        "read": "read(source_id or source_id:offset): read a passage of a source document",
        "calculate": "calculate(expression): exact arithmetic, e.g. 24.6 * 2",
        "python": "python(code): run a short Python script in a sandbox; returns what it prints",
    }

    def __init__(self, corpus: Corpus, names: list[str], limits: Limits = Limits()):
        unknown = [n for n in names if n not in self.SPECS]
        if unknown:
            raise ValueError(f"unknown tools {unknown}; available: {sorted(self.SPECS)}")
        self.corpus = corpus
        self.names = names
        self.limits = limits

    def spec_text(self) -> str:
        lines = [f"- {self.SPECS[n]}" for n in self.names]
        lines.append("- answer: give the final answer when the sources answer the question")
        return "\n".join(lines)

    async def call(self, name: str, arg: str) -> str:
        if name not in self.names:
            raise ToolError(f"unknown tool {name!r}; use one of: {', '.join(self.names + ['answer'])}")
        if name == "search":
            hits = self.corpus.search(arg)
            if not hits:
                return "no passages match; try other words"
            return "\n".join(f"[{sid}] {text.strip()}" for sid, text in hits)
        if name == "read":
            sid, _, offset = arg.strip().partition(":")
            try:
                return self.corpus.read(sid.strip(), int(offset or 0))
            except (KeyError, ValueError) as e:
                raise ToolError(str(e).strip('"')) from None
        if name == "calculate":
            return calculate(arg)
        result = await run_python(arg, self.limits)
        return result.summary()


def tool_input(raw: object) -> str:
    """Models sometimes send an object where a string is asked for; keep it readable."""
    return raw if isinstance(raw, str) else json.dumps(raw)
