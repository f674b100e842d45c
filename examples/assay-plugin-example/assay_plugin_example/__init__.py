"""An example assay plugin: a validator stage, a tool and a backend profile, each found by its entry point."""
from __future__ import annotations

from assay.records import Verdict


def banned_words(check, words: tuple[str, ...] = ("moreover",), case_sensitive: bool = False) -> Verdict:
    """Rejects an insight whose claim uses a banned word. `words` and `case_sensitive` are its typed params,
    set under [validators.params.banned_words] and checked like a built-in stage's."""
    answer = check.insight.claim if case_sensitive else check.insight.claim.lower()
    hits = [w for w in words if (w if case_sensitive else w.lower()) in answer]
    if hits:
        return Verdict(validator="banned_words", passed=False, reason=f"the claim uses banned words: {', '.join(hits)}")
    return Verdict(validator="banned_words", passed=True, reason="no banned word")


async def shout(text: str) -> str:
    """shout(text): the text in capitals (an example tool)"""
    return text.upper()


# A backend profile: the fields of assay's BackendProfile (see backends.toml).
EXAMPLE_GPU = {"kind": "self-hosted", "description": "An example GPU from a plugin", "price_per_device_hour_usd": 1.23}
