"""Prompt templates are files in prompts/; a missing variable is an error; versions are content hashes."""
from __future__ import annotations

import hashlib
import string
from functools import lru_cache
from importlib import resources

from .errors import UsageError


@lru_cache(maxsize=None)
def template(name: str) -> str:
    try:
        return resources.files("assay.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"prompt template prompts/{name}.md does not exist") from None


@lru_cache(maxsize=None)
def _compiled(name: str) -> string.Template:
    return string.Template(template(name))


def render(name: str, **values: object) -> str:
    try:
        return _compiled(name).substitute({k: str(v) for k, v in values.items()}).strip()
    except KeyError as e:
        raise UsageError(f"prompt template prompts/{name}.md needs variable {e.args[0]!r}, which was not given") from None


def version(*names: str) -> str:
    """A short content hash over the named templates, recorded in every record."""
    h = hashlib.sha256()
    for name in sorted(names):
        h.update(name.encode())
        h.update(b"\0")
        h.update(template(name).encode())
    return h.hexdigest()[:12]
