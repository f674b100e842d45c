"""Seed files: JSONL, streamed line by line, every problem reported with file and line."""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from assay.corpus import Corpus
from assay.errors import UsageError
from assay.records import Seed


def demo_seeds_path() -> Path:
    return Path(str(resources.files("assay.shipped_seeds").joinpath("demo.jsonl")))


class BadSeed(UsageError):
    pass


def read_seeds(path: str | Path, *, on_bad: str = "abort", warn=lambda message: None) -> Iterator[Seed]:
    """Yield seeds in file order; a bad line raises BadSeed (abort) or is reported and skipped (skip)."""
    for _, seed in _numbered(path, on_bad, warn):
        yield seed


def check_seed_file(path: str | Path, corpus: Corpus, *, on_bad: str = "abort", limit: int | None = None) -> None:
    """Refuse, before any token is spent, seeds whose `sources` name documents the corpus does not hold.

    Always an error, whatever --on-bad-seed says: a seed that parses is not a bad line, and a missing source
    is usually a wrong --corpus, which skipping would turn into a run of silently dropped seeds. Bad lines are
    left to the job's own pass (it reports or skips them), so they are not reported twice.
    """
    missing = []
    for i, (lineno, seed) in enumerate(_numbered(path, on_bad, warn=lambda message: None)):
        if limit is not None and i >= limit:
            break
        unknown = ", ".join(repr(s) for s in seed.sources if s not in corpus)
        if unknown:
            missing.append(f"{path}:{lineno}: seed {seed.id!r} cites {unknown}, not in the corpus")
    if missing:
        known = ", ".join(sorted(corpus.docs)[:10]) + (", ..." if len(corpus.docs) > 10 else "")
        more = f"\n  ... and {len(missing) - 20} more" if len(missing) > 20 else ""
        raise UsageError("seeds cite documents the corpus does not hold:\n  " + "\n  ".join(missing[:20]) + more
                         + f"\nThe corpus {corpus.folder or '(given)'} holds: {known or 'nothing'}. Add the documents "
                         "(FILE.md or FILE.txt, where the id is the file name without its suffix), fix the ids, or "
                         "pass the right --corpus")


def _numbered(path: str | Path, on_bad: str, warn) -> Iterator[tuple[int, Seed]]:
    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{p}: is a folder, not a seed file; pass a JSONL file with --seeds")
    if not p.is_file():
        raise UsageError(f"{p}: seed file not found; pass a JSONL file with --seeds")
    seen: set[str] = set()
    lines = 0
    with p.open("rb") as f:
        for lineno, raw in enumerate(f, 1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)  # editors on Windows write one; it is not part of the JSON
            if not raw.strip():
                continue
            lines += 1
            problem = None
            try:
                line = raw.decode("utf-8")
                seed = Seed.model_validate_json(line.rstrip())  # parsed and validated in one pass (pydantic-core)
                if seed.id in seen:
                    problem = f"duplicate seed id {seed.id!r}; ids must be unique within a file"
            except UnicodeDecodeError as e:
                problem = (f"not UTF-8 text (byte 0x{raw[e.start]:02x} at column {e.start + 1}); save the file as "
                           "UTF-8")
            except ValidationError as e:
                problem = _problem(e)
            if problem:
                message = f"{p}:{lineno}: {problem}"
                if on_bad == "abort":
                    raise BadSeed(message + "; fix the line or pass --on-bad-seed skip")
                warn(f"skipping {message}")
                continue
            seen.add(seed.id)
            yield lineno, seed
    if not lines:
        raise UsageError(f"{p}: the seed file is empty; write one JSON object per line, e.g. "
                         '{"id": "q1", "question": "How many moons does Mars have?"}')


def _problem(e: ValidationError) -> str:
    errors = e.errors()
    if errors[0]["type"] == "json_invalid":
        msg = errors[0]["msg"].removeprefix("Invalid JSON: ").replace(" at line 1 column", " at column")
        return f"not valid JSON ({msg})"
    parts = [f"{'.'.join(str(x) for x in err['loc']) or '(line)'}: {err['msg']}" for err in errors]
    return "; ".join(parts) + " (a seed needs at least \"id\" and \"question\")"
