"""Prompt templates are files in prompts/ (or a task's own folder); a missing variable is an error; versions are
content hashes. A task's own file is checked as it is loaded: an error names the file, line and placeholder."""
from __future__ import annotations

import hashlib
import string
from functools import lru_cache
from importlib import resources
from pathlib import Path

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
    def invalid(line: int, col: int, _text: str) -> None:  # the ValueError string.Template raises, line and column
        raise ValueError(f"Invalid placeholder in string: line {line}, col {col}")
    pieces, slots, _lines = _split(template(name), invalid)
    return pieces, slots


def _split(text: str, invalid) -> tuple[list[str], list[tuple[int, str]], dict[str, int]]:
    """Text pieces, the slots that take variables, and the line each variable first appears on."""
    t = string.Template(text)
    pieces: list[str] = []
    slots: list[tuple[int, str]] = []
    lines: dict[str, int] = {}
    at = 0
    for m in t.pattern.finditer(t.template):
        pieces.append(t.template[at:m.start()])
        if m.group("escaped") is not None:
            pieces.append(t.delimiter)
        elif m.group("named") or m.group("braced"):
            var = m.group("named") or m.group("braced")
            slots.append((len(pieces), var))
            lines.setdefault(var, t.template.count("\n", 0, m.start()) + 1)
            pieces.append("")
        else:
            where = t.template[:m.start("invalid")].splitlines(keepends=True)
            line, col = (len(where), len(where[-1])) if where else (1, 1)
            invalid(line, col, t.template[m.start():].split("\n", 1)[0][:20])
        at = m.end()
    pieces.append(t.template[at:])
    return pieces, slots, lines


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



class Templates:
    """A task's templates: a NAME.md in `folder` replaces the shipped prompts/NAME.md; the others stay shipped.
    Without a folder, exactly the shipped templates (the research task)."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else None

    def path(self, name: str) -> Path | None:
        """The task's own file for `name`, None where the shipped one is used."""
        if self.folder is None:
            return None
        p = self.folder / f"{name}.md"
        return p if p.is_file() else None

    def text(self, name: str) -> str:
        p = self.path(name)
        return template(name) if p is None else _file(p)[0]

    def check(self, name: str, given: set[str]) -> None:
        """A task's own template: every placeholder must be one of the variables `given` it (raises UsageError
        naming the file, line and placeholder)."""
        p = self.path(name)
        if p is None:
            return
        _text, (_pieces, _slots, lines) = _file(p)
        for var, line in lines.items():
            if var not in given:
                takes = ", ".join(f"${v}" for v in sorted(given)) or "no variables"
                raise UsageError(f"{p}:{line}: placeholder ${var} is not a variable of the {name} template (it takes "
                                 f"{takes}); use one of those, or write $${var} for a literal dollar sign")

    def render(self, name: str, **values: object) -> str:
        p = self.path(name)
        if p is None:
            return render(name, **values)
        _text, (pieces, slots, lines) = _file(p)
        out = pieces.copy()
        for i, var in slots:
            if var not in values:
                raise UsageError(f"{p}:{lines[var]}: placeholder ${var} was given no value (the {name} template "
                                 f"takes {', '.join('$' + v for v in sorted(values)) or 'no variables'})")
            out[i] = str(values[var])
        return "".join(out).strip()

    def version(self, *names: str) -> str:
        """As version(): a content hash over the named templates, the task's own files where it has them."""
        h = hashlib.sha256()
        for name in sorted(names):
            h.update(name.encode())
            h.update(b"\0")
            h.update(self.text(name).encode())
        return h.hexdigest()[:12]


def _file(path: Path) -> tuple[str, tuple[list[str], list[tuple[int, str]], dict[str, int]]]:
    """The file's text (read each time: an edited template is seen) and its split, made once per text."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise UsageError(f"{path}: not UTF-8 text ({e.reason}); save the template as UTF-8") from None
    except OSError as e:
        raise UsageError(f"{path}: cannot read the template ({e.strerror})") from None
    return text, _split_file(str(path), text)


@lru_cache(maxsize=256)
def _split_file(path: str, text: str) -> tuple[list[str], list[tuple[int, str]], dict[str, int]]:
    def invalid(line: int, col: int, at: str) -> None:
        raise UsageError(f"{path}:{line}: invalid placeholder {at!r} at column {col}; a variable is $name or "
                         "${name}, and $$ is a literal dollar sign")
    return _split(text, invalid)
