"""The import graph of assay's own modules: floors, circles, arrows that run up, lazy imports.

    python benchmarks/import_graph.py [ROOT]      # ROOT: a checkout (default: this one)

A module is a file of pipeline/ (as `assay.*`) or validators/ (as `assay.validators.*`). An arrow is an
import of another assay module anywhere in a file (module level or inside a function: both load it); a
lazy import is one inside a function. Floors: the longest chain of arrows, circles collapsed. A room is a
sub-package (`assay.endpoint`, ...); the ground floor is the modules directly in `assay`; an arrow runs up
when a ground module imports a room, or when a room imports one that depends on it.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path


def modules(root: Path) -> dict[str, Path]:
    out = {}
    for base, pkg in ((root / "pipeline", "assay"), (root / "validators", "assay.validators")):
        for p in base.rglob("*.py"):
            rel = p.relative_to(base).with_suffix("").parts
            name = ".".join((pkg, *rel))
            if p.name == "__init__.py":
                name = name.removesuffix(".__init__")
                PACKAGES.add(name)
            out[name] = p
    return out


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, bool]]:
    """(imported assay module, lazy?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            targets = []
            if isinstance(child, ast.Import):
                targets = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = pkg.split(".")[: len(pkg.split(".")) - (child.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in child.names]
            for t in targets:
                while t and t not in known:
                    t = t.rpartition(".")[0]
                if t and t != name and t != "assay":
                    found.append((t, lazy))
            visit(child, inner)

    visit(tree, False)
    return found


PACKAGES: set[str] = set()  # assay's sub-packages, filled by modules()


def room(name: str) -> str:
    """The sub-package a module lives in; the CLI stands above every room, the rest is the ground floor."""
    if name in ("assay.cli", "assay.__main__"):
        return "cli"
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and ".".join(parts[:2]) in PACKAGES else "ground"


def sccs(graph: dict[str, set[str]]) -> list[list[str]]:
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            strong(v)
    return out


def measure(root: Path) -> dict:
    mods = modules(root)
    known = set(mods)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    lazy = []
    for m, p in mods.items():
        for t, is_lazy in imports(m, p, known):
            graph[m].add(t)
            if is_lazy and m != "assay.cli":
                lazy.append((m, t))
    comps = sccs(graph)
    comp_of = {v: i for i, c in enumerate(comps) for v in c}
    depth: dict[int, int] = {}

    def floor(c: int) -> int:
        if c not in depth:
            depth[c] = 0
            below = {comp_of[w] for v in comps[c] for w in graph[v]} - {c}
            depth[c] = 1 + max((floor(b) for b in below), default=0)
        return depth[c]

    circles = [sorted(c) for c in comps if len(c) > 1]
    rooms = {room(m) for m in mods}
    room_graph = {r: {room(t) for m in mods if room(m) == r for t in graph[m]} - {r} for r in rooms}
    up = sorted((m, t) for m in mods for t in graph[m]
                if room(t) != room(m) and (room(m) == "ground" or room(m) in _reach(room_graph, room(t))))
    return {"modules": len(mods), "arrows": sum(len(v) for v in graph.values()),
            "floors": max((floor(i) for i in range(len(comps))), default=0), "circles": circles,
            "upward": up, "lazy": sorted(lazy), "rooms": {r: sorted(room_graph[r]) for r in sorted(rooms)}}


def _reach(g: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for n in g.get(todo.pop(), ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


if __name__ == "__main__":
    m = measure(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    print(f"modules {m['modules']}, arrows {m['arrows']}, floors {m['floors']}, circles {len(m['circles'])}, "
          f"upward arrows {len(m['upward'])}, lazy imports of assay modules {len(m['lazy'])}")
    for c in m["circles"]:
        print("  circle:", " <-> ".join(c))
    for a, b in m["upward"]:
        print(f"  up: {a} -> {b}")
    for a, b in m["lazy"]:
        print(f"  lazy: {a} -> {b}")
    for r, deps in m["rooms"].items():
        print(f"  room {r} imports {', '.join(deps) or '-'}")
