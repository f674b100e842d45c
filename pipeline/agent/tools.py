"""The tools an agent may call; each takes the model's input string and returns an observation."""
from __future__ import annotations

import ast
import inspect
import operator
import re
from collections.abc import Awaitable, Callable

import sympy

from assay.corpus import Corpus
from assay.agent.sandbox import Limits, run_python
from assay.errors import SandboxUnavailable, ToolError
from assay.secrets import redact


_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow, ast.Mod: operator.mod, ast.FloorDiv: operator.floordiv}


def _round(x, n=0):
    places = int(n)
    if not -100 <= places <= 100:
        raise ToolError("round(x, n): n must be between -100 and 100")
    return sympy.Float(round(float(x), places))


def _exp(x):
    if _log10_abs(x) > 0 and sympy.N(x, 15) > MAX_DIGITS * 2.302:
        raise ToolError(f"exp(x) of x above {MAX_DIGITS * 2.3:.0f} has more than {MAX_DIGITS} digits")
    return sympy.exp(x)


_FUNCS = {"sqrt": sympy.sqrt, "abs": sympy.Abs, "log": sympy.log, "exp": _exp, "round": _round,
          "min": sympy.Min, "max": sympy.Max, "floor": sympy.floor, "ceil": sympy.ceiling}
_CONSTS = {"pi": sympy.pi, "e": sympy.E}
MAX_DIGITS = 1000  # of any intermediate result
THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3})((?:,\d{3})+)(?![\d.]|,\d)")


def calculate(expression: str) -> str:
    """Exact arithmetic by walking the syntax tree (no eval): '1/3 + 1/6' -> '1/2 (= 0.5)'. Total: every
    input gives a result or a ToolError whose message goes back to the model."""
    try:
        return _calculate(expression)
    except ToolError:
        raise
    except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError, AttributeError) as e:
        raise ToolError(f"cannot compute {expression[:80]!r}: {type(e).__name__}: {str(e)[:120]}") from None


def _calculate(expression: str) -> str:
    expr = expression.strip().replace("^", "**").replace("×", "*").replace("÷", "/")
    expr = THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), expr)
    if len(expr) > 300:
        raise ToolError("expression too long (300 characters at most)")
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        raise ToolError(f"cannot parse {expression!r} as arithmetic; use numbers, + - * / ** ( ) and sqrt()") from None
    value = _eval(tree.body)
    value = sympy.simplify(value) if not value.is_Rational else value
    if value.is_Integer or not value.is_number:
        return str(value)
    approx = sympy.N(value, 17)
    decimal = f"{float(approx):.12g}" if abs(approx) < 1e300 else str(sympy.N(value, 12))
    if value.is_Rational and sympy.Rational(decimal) == value:
        return decimal
    exact = str(value)
    return f"{decimal} (exact: {exact})" if len(exact) <= 200 else decimal


def _log10_abs(v) -> float:
    """An estimate of log10|v| that never builds the number (0 for zero or a symbol)."""
    if v.is_Rational:
        p, q = abs(v.p), v.q
        return (p.bit_length() - q.bit_length()) * 0.30103 if p else 0.0
    try:
        f = abs(sympy.N(v, 15))
        return float(sympy.log(f, 10)) if f else 0.0
    except (TypeError, ValueError):
        return 0.0


def _bounded(v):
    if v.is_Rational and max(abs(v.p).bit_length(), v.q.bit_length()) > MAX_DIGITS * 3.33:
        raise ToolError(f"an intermediate result has more than {MAX_DIGITS} digits")
    if v.is_number and not v.is_Rational and abs(_log10_abs(v)) > MAX_DIGITS:
        raise ToolError(f"an intermediate result is beyond 10**{MAX_DIGITS}")
    return v


def _eval(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return _bounded(sympy.Rational(str(node.value)) if isinstance(node.value, float) else sympy.Integer(node.value))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow):
            if abs(_log10_abs(left)) * abs(sympy.N(right, 15)) > MAX_DIGITS:
                raise ToolError(f"exponent too large: the power would have more than {MAX_DIGITS} digits")
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise ToolError("division by zero")
        return _bounded(_BINOPS[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.Name) and node.id in _CONSTS:
        return _CONSTS[node.id]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords:
        return _bounded(_FUNCS[node.func.id](*[_eval(a) for a in node.args]))
    raise ToolError(f"unsupported element in expression: {ast.dump(node)[:60]}")


Tool = Callable[[str], Awaitable[str]]


def _plugin_spec(name: str, fn) -> str:
    """A plugin tool's line in the prompt: the first line of its docstring, else `name(input)`."""
    doc = (inspect.getdoc(fn) or "").strip().splitlines()
    return doc[0] if doc and doc[0].startswith(f"{name}(") else f"{name}(input): " + (doc[0] if doc else "a plugin tool")


class Toolbox:
    """The tools bound to one run's corpus and sandbox limits."""

    SPECS = {
        "search": "search(query): full-text search over the source documents; returns matching passages",
        "read": "read(source_id or source_id:offset): read a passage of a source document",
        "calculate": "calculate(expression): exact arithmetic, e.g. 24.6 * 2",
        "python": "python(code): run a short Python script in a sandbox; returns what it prints",
    }

    def __init__(self, corpus: Corpus, names: list[str], limits: Limits = Limits(), *, cite_ids: bool = False):
        """`cite_ids`: search and read show each sentence behind its id (`[doc#n]`) for evidence by reference."""
        from assay import plugins
        # Plugin tools (entry-point group assay.tools), discovered where the Toolbox is built: in the worker too.
        self.plugins = {n: fn for n, fn in plugins.tools().items() if n not in self.SPECS}
        unknown = [n for n in names if n not in self.SPECS and n not in self.plugins]
        if unknown:
            raise ValueError(f"unknown tools {unknown}; available: {sorted([*self.SPECS, *self.plugins])}")
        self.corpus = corpus
        self.names = names
        self.limits = limits
        self.cite_ids = cite_ids

    def spec_text(self) -> str:
        lines = [f"- {self.SPECS[n]}" if n in self.SPECS else f"- {_plugin_spec(n, self.plugins[n])}" for n in self.names]
        lines.append("- answer: give the final answer when the sources answer the question")
        return "\n".join(lines)

    async def call(self, name: str, arg: str) -> str:
        """The observation for the model. Total: whatever goes wrong inside a tool is the model's ToolError,
        never the run's end."""
        if name not in self.names:
            raise ToolError(f"unknown tool {name!r}; use one of: {', '.join(self.names + ['answer'])}")
        try:
            return redact(await self._run(name, arg))
        except ToolError:
            raise
        except SandboxUnavailable as e:
            raise ToolError(f"the python tool is unavailable here ({e}); use calculate instead") from None
        except Exception as e:  # noqa: BLE001 (see the docstring)
            raise ToolError(f"{name} failed: {type(e).__name__}: {redact(str(e))[:200]}") from None

    async def _run(self, name: str, arg: str) -> str:
        if name in self.plugins:
            result = self.plugins[name](arg)
            result = await result if inspect.isawaitable(result) else result
            if not isinstance(result, str):
                raise ToolError(f"{name} returned a {type(result).__name__}, not a string")
            return result
        if name == "search":
            hits = self.corpus.search(arg)
            if not hits:
                return "no passages match; try other words"
            if self.cite_ids:
                shown = (self.corpus.numbered(sid, start, start + len(text)) for sid, start, text in hits)
                return "\n".join(block for block in shown if "#" in block) or "no passages match; try other words"
            return "\n".join(f"[{sid}] {text.strip()}" for sid, _start, text in hits)
        if name == "read":
            return self._read(arg)
        if name == "calculate":
            return calculate(arg)
        return (await run_python(arg, self.limits)).summary()

    def _read(self, arg: str) -> str:
        """read(doc), read(doc:offset), or with ids on, read(doc#n) from that sentence on."""
        arg = arg.strip().strip("[]")
        sentence = self.corpus.sentence(arg) if "#" in arg else None
        sid, _, offset = (arg.rpartition("#")[0], "", "") if sentence else arg.partition(":")
        try:
            start = sentence.start if sentence else int(offset or 0)
            text = self.corpus.read(sid.strip(), start)
        except (KeyError, ValueError) as e:
            raise ToolError(str(e).strip('"')) from None
        if self.cite_ids:
            return self.corpus.numbered(sid.strip(), max(0, start), max(0, start) + len(text)) or text
        return text
