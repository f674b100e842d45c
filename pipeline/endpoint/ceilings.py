"""Fixed rate ceilings an endpoint's plan states (requests and tokens per minute), beside the adaptive limiter.

The limiter (limiter.py) finds what a server sustains; a ceiling is what the user may spend, known in
advance, so it is kept strictly rather than discovered by 429s. Each is a GCRA without burst: request
starts are spaced 60/rpm seconds apart, and a request that reserves c tokens moves the next start
c*60/tpm seconds on, so no stretch of time T holds more than rpm*T/60 requests (plus the one at its
start) or tpm*T/60 tokens plus one request's. A request's tokens are not known before it is answered:
its reservation is its prompt (4 bytes a token) plus max_tokens for each of its n choices, and the
usage it reports settles the difference.
"""
from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

import orjson

from assay import aio

BYTES_PER_TOKEN = 4


class Ceilings:
    def __init__(self, rpm: float | None = None, tpm: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.request_s = 60.0 / rpm if rpm else 0.0
        self.token_s = 60.0 / tpm if tpm else 0.0
        self._clock = clock
        self._next_request = -math.inf  # earliest start of the next request, by each ceiling
        self._next_token = -math.inf

    @classmethod
    def of(cls, rpm: float | None, tpm: float | None) -> "Ceilings | None":
        return cls(rpm, tpm) if rpm or tpm else None

    def reserve(self, data: bytes) -> tuple[float, int]:
        """Claim the next start allowed by both ceilings: (seconds to wait for it, tokens reserved)."""
        tokens = 0
        if self.token_s:
            body = orjson.loads(data)
            tokens = len(data) // BYTES_PER_TOKEN + int(body.get("max_tokens") or 0) * int(body.get("n") or 1)
        now = self._clock()
        start = max(now, self._next_request, self._next_token)
        self._next_request = start + self.request_s
        self._next_token = start + tokens * self.token_s
        return start - now, tokens

    async def admit(self, data: bytes) -> int:
        """Wait for this request's start (in order of arrival; the episode's time bound stops meanwhile);
        returns the tokens reserved, for settle()."""
        wait, tokens = self.reserve(data)
        if wait > 0:
            with aio.paused():
                await asyncio.sleep(wait)
        return tokens

    def settle(self, reserved: int, used: int) -> None:
        """The answer's usage replaces the reservation (a reply that reports none keeps it)."""
        if self.token_s and used:
            self._next_token += (used - reserved) * self.token_s
