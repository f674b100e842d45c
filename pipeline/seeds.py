"""Seed files: JSONL, streamed line by line, every problem reported with file and line."""
from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from assay.errors import UsageError
from assay.records import Seed


def demo_seeds_path() -> Path:
    return Path(str(resources.files("assay.shipped_seeds").joinpath("demo.jsonl")))


class BadSeed(UsageError):
    pass


def read_seeds(path: str | Path, *, on_bad: str = "abort", warn=lambda message: None) -> Iterator[Seed]:
    """Yield seeds in file order; a bad line raises BadSeed (abort) or is reported and skipped (skip)."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{p}: seed file not found; pass a JSONL file with --seeds")
    seen: set[str] = set()
    with p.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            problem = None
            try:
                seed = Seed.model_validate_json(line.rstrip())  # parsed and validated in one pass (pydantic-core)
                if seed.id in seen:
                    problem = f"duplicate seed id {seed.id!r}; ids must be unique within a file"
            except ValidationError as e:
                problem = _problem(e)
            if problem:
                message = f"{p}:{lineno}: {problem}"
                if on_bad == "abort":
                    raise BadSeed(message + "; fix the line or pass --on-bad-seed skip")
                warn(f"skipping {message}")
                continue
            seen.add(seed.id)
            yield seed


def _problem(e: ValidationError) -> str:
    errors = e.errors()
    if errors[0]["type"] == "json_invalid":
        msg = errors[0]["msg"].removeprefix("Invalid JSON: ").replace(" at line 1 column", " at column")
        return f"not valid JSON ({msg})"
    parts = [f"{'.'.join(str(x) for x in err['loc']) or '(line)'}: {err['msg']}" for err in errors]
    return "; ".join(parts) + " (a seed needs at least \"id\" and \"question\")"
