"""The one place secrets are read; everything that writes output redacts them here."""
from __future__ import annotations

import base64
import functools
import os
import re
from urllib.parse import quote

from assay.errors import UsageError

_seen: set[str] = set()
# Names whose values are secrets even if no endpoint names them (scrubbed from sandboxes too).
SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL)", re.I)
# Strings shaped like a provider's credential, whoever they belong to.
TOKEN_SHAPED = re.compile(
    r"(?<![A-Za-z0-9_])(hf_[A-Za-z0-9]{30,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|gsk_[A-Za-z0-9]{20,}"
    r"|csk-[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|AIza[0-9A-Za-z_-]{30,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})")
MASK = "***"


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
    """Mask every secret value read so far (and any env value under a secret-looking name), including
    copies encoded in base64 or URL form and copies split by whitespace."""
    secrets = _secret_values()
    if not secrets or not text:
        return text
    squeezed = text.translate(_NO_WHITESPACE)
    if not any(v in squeezed for v in _variants(secrets)):
        return text
    return _pattern(secrets).sub(MASK, text)


def leaks(text: str) -> list[str]:
    """What in `text` looks like a secret: a value this process read (named by its variable's masked
    form) or a token-shaped string (shown masked)."""
    found = []
    secrets = _secret_values()
    match = _pattern(secrets).search(text) if secrets else None
    if match:
        found.append(f"a secret value of this process ({_mask(match.group(0))})")
    return found + [f"a token-shaped string ({_mask(m.group(0))})" for m in TOKEN_SHAPED.finditer(text)]


def scrubbed_env() -> dict[str, str]:
    """A minimal environment for child processes that must not see credentials."""
    keep = {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "SYSTEMROOT"}
    return {k: v for k, v in os.environ.items() if k in keep and not SECRET_NAME.search(k)}


_WHITESPACE = " \t\n\r\x0b\x0c"
_NO_WHITESPACE = str.maketrans("", "", _WHITESPACE)
_names: tuple[int, list[str]] = (-1, [])  # (size of os.environ when scanned, its secret-looking names)


def _secret_values() -> tuple[str, ...]:
    """Longest first. Names are rescanned only when the environment's size changes; values are read
    fresh each time, so a key set or changed later is still caught."""
    global _names
    if _names[0] != len(os.environ):
        _names = (len(os.environ), [k for k in os.environ if SECRET_NAME.search(k)])
    values = set(_seen)
    for k in _names[1]:
        v = os.environ.get(k)
        if v and len(v) >= 8:
            values.add(v)
    return tuple(sorted(values, key=len, reverse=True))


def _encodings(value: str) -> list[str]:
    raw = value.encode()
    out = {value, quote(value, safe="")}
    for shift in range(3):  # base64 of the value at each alignment inside a longer encoded string
        chunk = raw[shift:]
        enc = base64.b64encode(chunk).decode().rstrip("=")
        core = enc[(2 if shift else 0):len(enc) - 2]  # drop characters mixed with neighbouring bytes
        if len(core) >= 8:
            out.add(core)
            out.add(core.replace("+", "-").replace("/", "_"))
    return sorted(out, key=len, reverse=True)


@functools.lru_cache(maxsize=8)
def _variants(secrets: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(e for s in secrets for e in _encodings(s))


@functools.lru_cache(maxsize=8)
def _pattern(secrets: tuple[str, ...]) -> re.Pattern[str]:
    """Each encoding of each secret, with optional whitespace between its characters."""
    gap = f"[{re.escape(_WHITESPACE)}]*"
    parts = [gap.join(re.escape(c) for c in e) for e in _variants(secrets)]
    return re.compile("|".join(parts))


def _mask(s: str) -> str:
    return s[:4] + "…" + f"({len(s)} chars)"
