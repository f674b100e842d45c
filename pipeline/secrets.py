"""The one place secrets are read; everything that writes output can redact them."""
from __future__ import annotations

import os
import re

from assay.errors import UsageError

_seen: set[str] = set()
# Names whose values are secrets even if no endpoint names them (scrubbed from sandboxes too).
SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL)", re.I)


def api_key(env_var: str | None, *, endpoint: str) -> str:
    """The API key for an endpoint, from the variable its config names; a placeholder when none is needed."""
    if not env_var:
        return "not-needed"
    value = os.environ.get(env_var)
    if not value:
        raise UsageError(
            f"endpoint {endpoint!r}: environment variable {env_var} is not set; "
            f"export {env_var}=<your key> or change endpoints.{endpoint}.api_key_env"
        )
    _seen.add(value)
    return value


def hub_token() -> str | None:
    value = os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")
    if value:
        _seen.add(value)
    return value


def redact(text: str) -> str:
    """Replace every secret value read so far (and any env value under a secret-looking name)."""
    for v in _secret_values():
        if v in text:
            text = text.replace(v, "***")
    return text


_names: tuple[int, list[str]] = (-1, [])  # (size of os.environ when scanned, its secret-looking names)


def _secret_values() -> list[str]:
    """Longest first. Names are rescanned only when the environment's size changes; values are read
    fresh each time, so a key set or changed later is still caught (redact runs once per record)."""
    global _names
    if _names[0] != len(os.environ):
        _names = (len(os.environ), [k for k in os.environ if SECRET_NAME.search(k)])
    values = set(_seen)
    for k in _names[1]:
        v = os.environ.get(k)
        if v and len(v) >= 8:
            values.add(v)
    return sorted(values, key=len, reverse=True)


def scrubbed_env() -> dict[str, str]:
    """A minimal environment for child processes that must not see credentials."""
    keep = {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "SYSTEMROOT"}
    return {k: v for k, v in os.environ.items() if k in keep and not SECRET_NAME.search(k)}
