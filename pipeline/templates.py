"""Prompt templates are files in prompts/; a missing variable is an error; versions are content hashes."""
from __future__ import annotations

import hashlib
import string
from functools import lru_cache
from importlib import resources

from assay.errors import UsageError


@lru_cache(maxsize=None)
def template(name: str) -> str:
    try:
        return resources.files("assay.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"prompt template prompts/{name}.md does not exist") from None


@lru_cache(maxsize=None)
def _compiled(name: str) -> tuple[list[str], list[tuple[int, str]]]:
    """The template split once into text pieces and the slots that take variables ($name, ${name};
    $$ is a dollar), by string.Template's own pattern; an invalid placeholder fails here as it would there.
    Rendering is then a join (Template.substitute would rescan the text each time)."""
    t = string.Template(template(name))
    pieces: list[str] = []
    slots: list[tuple[int, str]] = []
    at = 0
    for m in t.pattern.finditer(t.template):
        pieces.append(t.template[at:m.start()])
        if m.group("escaped") is not None:
            pieces.append(t.delimiter)
        elif m.group("named") or m.group("braced"):
            slots.append((len(pieces), m.group("named") or m.group("braced")))
            pieces.append("")
        else:  # the ValueError string.Template raises for an invalid placeholder, with its line and column
            where = t.template[:m.start("invalid")].splitlines(keepends=True)
            line, col = (len(where), len(where[-1])) if where else (1, 1)
            raise ValueError(f"Invalid placeholder in string: line {line}, col {col}")
        at = m.end()
    pieces.append(t.template[at:])
    return pieces, slots


def render(name: str, **values: object) -> str:
    pieces, slots = _compiled(name)
    out = pieces.copy()
    for i, var in slots:
        if var not in values:
            raise UsageError(f"prompt template prompts/{name}.md needs variable {var!r}, which was not given")
        out[i] = str(values[var])
    return "".join(out).strip()


def version(*names: str) -> str:
    """A short content hash over the named templates, recorded in every record."""
    h = hashlib.sha256()
    for name in sorted(names):
        h.update(name.encode())
        h.update(b"\0")
        h.update(template(name).encode())
    return h.hexdigest()[:12]
