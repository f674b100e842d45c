"""One client for every OpenAI-compatible endpoint: bounded concurrency, retries, typed errors, usage."""
from __future__ import annotations

import asyncio
import contextlib
import email.utils
import hashlib
import random
import ssl
import time
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any, Protocol

import orjson
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from assay import secrets
from assay.config import EndpointConfig
from assay.errors import EndpointError, EndpointRejected, EndpointResponseError, EndpointUnavailable, UsageError
from assay.endpoint.breaker import MAX_RETRY_AFTER_S, EndpointBroken, diagnosis
from assay.endpoint.ceilings import Ceilings
from assay.endpoint.limiter import AdaptiveLimiter
from assay.records import CallUsage
from assay.endpoint.transport import Transport, TransportError, TransportTimeout, make_transport
from assay.endpoint.wire import parse_usage


@dataclass
class ChatResult:
    texts: list[str]
    finish_reasons: list[str | None]
    usage: CallUsage
    body: dict[str, Any] = field(repr=False)

    @property
    def text(self) -> str:
        return self.texts[0]

    def finish_reason_is(self, reason: str) -> bool:
        return self.finish_reasons[0] == reason


def retry_after_s(headers: Mapping[str, str] | None) -> float | None:
    """Seconds the server asked us to wait: Retry-After (seconds or HTTP date) or x-ratelimit-reset-*."""
    if not headers:
        return None
    value = headers.get("retry-after-ms")
    if value:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value) if value else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - time.time())
    for name in ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", "x-ratelimit-reset"):
        value = headers.get(name)
        if value:
            secs = _duration_s(value)
            if secs is not None:
                return secs
    return None


def _duration_s(text: str) -> float | None:
    """Parse OpenAI-style durations such as '1s', '6m0s', '250ms' or a bare number of seconds."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    total, num = 0.0, ""
    i = 0
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    while i < len(text):
        c = text[i]
        if c.isdigit() or c == ".":
            num += c
            i += 1
            continue
        unit = "ms" if text.startswith("ms", i) else c
        if unit not in units or not num:
            return None
        total += float(num) * units[unit]
        num = ""
        i += len(unit)
    return total if not num else None


def response_format(mode: str, schema: dict[str, Any] | None, name: str = "action") -> dict[str, Any] | None:
    if schema is None or mode == "none":
        return None
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}}
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_object"}


class ResponseCache(Protocol):
    """Where finished calls are kept so a resumed run replays them instead of paying again (the journal)."""

    def cached(self, key: str) -> dict[str, Any] | None: ...

    def store_cached(self, key: str, body: dict[str, Any]) -> None: ...


FALLBACK_MODES = ("json_schema", "json_object_schema", "json_object", "none")  # the order auto tries them in


def _too_long(err: EndpointError) -> bool:
    """A pause longer than a run should sleep on: the breaker stops the run instead (breaker.py)."""
    return err.retry_after is not None and err.retry_after > MAX_RETRY_AFTER_S


def _retryable(err: BaseException) -> bool:
    return isinstance(err, EndpointError) and err.retryable and not _too_long(err)


def _backoff(err: BaseException, attempt: int) -> float:
    """Exponential backoff with jitter, or the server's Retry-After when that is longer."""
    backoff = min(30.0, 0.5 * 2**attempt) * (0.5 + random.random())
    return max(getattr(err, "retry_after", None) or 0.0, backoff)


def sampling_fields(cfg: EndpointConfig) -> dict[str, Any]:
    """The endpoint's own request fields, in a fixed order (they are part of the replay-cache key)."""
    fields: dict[str, Any] = {"top_p": cfg.top_p, "presence_penalty": cfg.presence_penalty, "stop": cfg.stop or None}
    return {k: v for k, v in fields.items() if v is not None} | cfg.extra_body


def cache_key(request: bytes) -> str:
    """The hash of the request body as sent: model, messages and sampling parameters (the prompt version is
    inside the messages' text). The body is built in a fixed order, so the same request has the same bytes;
    hashing what is sent saves serialising the request a second time, sorted."""
    return hashlib.sha256(request).hexdigest()


class EndpointClient:
    """Chat completions against one endpoint; the only place inference requests are sent."""

    def __init__(self, name: str, cfg: EndpointConfig, base_url: str, *, transport: Transport | None = None,
                 cache: ResponseCache | None = None, meter: Any = None):
        self.name = name
        self.cfg = cfg
        self.base_url = base_url
        api_key = secrets.api_key(cfg.api_key_env, endpoint=name)
        self._http = transport or make_transport(base_url, api_key, kind=cfg.transport, timeout_s=cfg.timeout_s,
                                                 max_body=int(cfg.max_response_mb * 2**20))
        self.output_mode = cfg.output_mode()  # how JSON is asked for; preflight may fall back (auto only)
        self.limiter = AdaptiveLimiter(cfg.max_concurrency)
        self.ceilings = Ceilings.of(cfg.rpm, cfg.tpm)  # the plan's RPM/TPM, kept strictly beside the limiter
        self._sampling = sampling_fields(cfg)
        self.cache = cache
        self.meter = meter  # assay.metering.live.LiveMeter: budgets before each call, device-time shares, estimates

    async def close(self) -> None:
        await self._http.close()

    async def list_models(self, timeout_s: float = 10.0) -> list[str]:
        """GET /models: the model ids the server serves (raises EndpointUnavailable if it does not answer)."""
        try:
            status, _, content, _ = await asyncio.wait_for(self._http.request("GET", "/models"), timeout=timeout_s)
            ids = [m["id"] for m in orjson.loads(content)["data"]] if status == 200 else None
        except (TransportError, asyncio.TimeoutError, ValueError, KeyError, TypeError) as e:
            ids, status = None, type(e).__name__
            if "CERTIFICATE_VERIFY_FAILED" in str(e) or isinstance(e.__cause__, ssl.SSLError):
                raise EndpointUnavailable(
                    f"endpoint {self.name!r} at {self.base_url}: the TLS connection failed ({str(e)[:200]}); if the "
                    "server's certificate comes from your own certificate authority, point SSL_CERT_FILE at that "
                    "authority's certificate (PEM) and rerun", endpoint=self.name) from None
        if ids is None:
            raise EndpointUnavailable(
                f"endpoint {self.name!r} at {self.base_url} does not answer GET /models ({status}); "
                "check the URL (it usually ends in /v1) and that the server is running",
                endpoint=self.name,
            )
        return ids

    async def preflight(self, known: Any = None, probe: bool = True) -> list[str]:
        """One clear message before any work when the endpoint is down, does not serve the model, or refuses the
        way JSON is asked for; with structured_output = "auto" a refused mode falls back to the next one. Returns
        notes for the user (a fallback taken). `known` (the journal's meta) keeps the mode a probe settled on, so
        a resume asks once; `probe=False` (nothing left to run) sends no chat request at all."""
        ids = await self.list_models()
        if ids and self.cfg.model not in ids:
            raise UsageError(f"endpoint {self.name!r} does not serve model {self.cfg.model!r}; it serves: "
                             f"{', '.join(ids[:10])}. Set --model or endpoints.{self.name}.model")
        key = f"output_mode {self.base_url} {self.cfg.model} {self.cfg.structured_output}"
        settled = known.meta(key) if known is not None else None
        if settled or not probe:
            self.output_mode = settled or self.output_mode
            return []
        notes = await self._settle_output_mode()
        if known is not None:
            known.set_meta(key, self.output_mode)
        return notes

    async def _settle_output_mode(self) -> list[str]:
        modes = [self.output_mode]
        if self.cfg.structured_output == "auto":
            modes += [m for m in FALLBACK_MODES if m != self.output_mode]
        refused = []
        for mode in modes:
            problem = await self._probe(mode)
            if problem is None:
                self.output_mode = mode
                return [f"endpoint {self.name!r} refused structured output {', '.join(refused)}; using {mode}"] if refused else []
            if self.cfg.structured_output != "auto":
                raise UsageError(f"endpoint {self.name!r} refuses structured_output = {mode!r} ({problem}); set "
                                 f"endpoints.{self.name}.structured_output (or --structured-output) to auto, or to a "
                                 "mode it supports")
            refused.append(f"{mode} ({problem[:120]})")
        raise EndpointRejected(f"endpoint {self.name!r} answers no chat request, whatever the JSON mode: "
                               f"{'; '.join(refused)}", endpoint=self.name)

    async def _probe(self, mode: str) -> str | None:
        """One tiny request asking for JSON in `mode` (not metered, not cached): None when the server takes it."""
        if mode == "none":
            fmt = None
        else:
            fmt = response_format(mode, {"type": "object", "properties": {"ok": {"type": "boolean"}},
                                         "required": ["ok"], "additionalProperties": False}, name="probe")
        request = {"model": self.cfg.model, "max_tokens": 8, "temperature": 0.0,
                   "messages": [{"role": "user", "content": 'Reply with the JSON {"ok": true}'}]}
        if fmt is not None:
            request["response_format"] = fmt
        try:
            await self._post(orjson.dumps(request))
        except EndpointError as e:
            cause = diagnosis(e, self.cfg.api_key_env)
            if cause:  # a wrong key, model or URL: about the endpoint, whatever the mode
                raise EndpointBroken(f"endpoint {self.name!r}: {cause} ({e})", endpoint=self.name, status=e.status) from None
            if e.overload:  # busy now: it says nothing about the mode, so the mode stands
                return None
            return str(e)  # 400/422, a 500 that refuses the format, a reply without choices or JSON
        return None

    async def healthy(self) -> bool:
        try:
            await self.list_models(timeout_s=10.0)
            return True
        except EndpointUnavailable:
            return False

    async def chat(
        self,
        messages: list[dict[str, Any]],
        *,
        role: str,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
        n: int = 1,
        step: int | None = None,
        session: str | None = None,
    ) -> ChatResult:
        """`session` (the episode id) goes out in the endpoint's session_header, if it has one; never in the cache key."""
        kwargs: dict[str, Any] = {
            "model": self.cfg.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if seed is not None:
            kwargs["seed"] = seed
        if n != 1:
            kwargs["n"] = n
        fmt = response_format(self.output_mode, schema)
        if fmt is not None:
            kwargs["response_format"] = fmt
        kwargs.update(self._sampling)

        data = orjson.dumps(kwargs)
        key = cache_key(data) if self.cache is not None else None
        if key is not None:
            hit = self.cache.cached(key)
            if hit is not None:
                return self._result(hit["body"], role=role, wall=hit["wall_s"], retries=0, waited=0.0, step=step,
                                    replayed=True)
        return await self._send_with_retries(data, key, role, step, session)

    async def _send_with_retries(self, data: bytes, key: str | None, role: str, step: int | None,
                                 session: str | None) -> ChatResult:
        """One attempt; only a failed first attempt enters tenacity's loop (its bookkeeping would cost every
        successful call): backoff with jitter that honours Retry-After, up to max_retries, each counted."""
        try:
            return await self._send_once(data, key, role, step, session, retries=0, waited=0.0)
        except EndpointError as err:
            if not _retryable(err) or self.cfg.max_retries == 0:
                raise
            failed = err
        count = {"retries": 1, "waited": _backoff(failed, 0)}
        await asyncio.sleep(count["waited"])

        def note(state: RetryCallState) -> None:
            count["retries"] += 1
            count["waited"] += state.upcoming_sleep

        retrying = AsyncRetrying(stop=stop_after_attempt(self.cfg.max_retries), reraise=True,
                                 retry=retry_if_exception(_retryable), before_sleep=note,
                                 wait=lambda state: _backoff(state.outcome.exception(), state.attempt_number))
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._send_once(data, key, role, step, session, **count)
        except EndpointError as err:
            raise (err.gave_up(count["retries"]) if _retryable(err) else err) from None
        raise AssertionError("unreachable: tenacity either returned or raised")

    async def _send_once(self, data: bytes, key: str | None, role: str, step: int | None, session: str | None, *,
                         retries: int, waited: float) -> ChatResult:
        """One request under the limiter and the meter; a failure tells the limiter before it leaves."""
        tracked = self.meter.track(self.name) if self.meter is not None else contextlib.nullcontext()
        try:
            async with self.limiter:
                reserved = await self.ceilings.admit(data) if self.ceilings is not None else 0
                with tracked as call:
                    started = time.perf_counter()
                    body, content, done_at = await self._post(data, session)
        except EndpointError as err:
            if err.overload and not _too_long(err):  # a 429 paces the endpoint's rate; a timeout or 503 shrinks its window
                self.limiter.on_overload(err.retry_after, rate_limited=err.status == 429)
            raise
        # The meter charges from sending to the last byte read: the time the endpoint held the call (its KV
        # cache), not our own event loop's delay after it. The limiter is told both (limiter.py).
        resumed = time.perf_counter()
        wall = done_at - started
        result = self._result(body, role=role, wall=wall, retries=retries, waited=waited, step=step,
                              started_at=call.started_at if call is not None else None)
        if call is not None:
            call.done(result.usage)
        self.limiter.on_success(resumed - started, result.usage.completion_tokens, resumed - done_at)
        if self.ceilings is not None:
            self.ceilings.settle(reserved, result.usage.prompt_tokens + result.usage.completion_tokens)
        if key is not None:  # the body as it came off the wire: no second serialisation of what we just parsed
            self.cache.store_cached(key, f'{{"wall_s":{wall!r},"body":{content.decode()}}}')
        return result

    async def _post(self, data: bytes, session: str | None = None) -> tuple[dict[str, Any], bytes, float]:
        """One HTTP attempt with the serialised request: the parsed body, its bytes and the perf_counter() when
        it was complete; every failure leaves as an EndpointError saying whether to retry."""
        where = f"endpoint {self.name!r} ({self.base_url})"
        try:
            sticky = {self.cfg.session_header: session} if session and self.cfg.session_header else None
            status, headers, content, done_at = await self._http.request("POST", "/chat/completions", data, sticky)
        except TransportTimeout:
            raise EndpointUnavailable(f"{where} timed out after {self.cfg.timeout_s:g}s", endpoint=self.name,
                                      retryable=True, overload=True) from None
        except TransportError as e:
            cause = e.__cause__ or e
            raise EndpointUnavailable(
                f"{where} is unreachable: {type(cause).__name__}: {secrets.redact(str(cause))[:200]}",
                endpoint=self.name, retryable=True,
            ) from None
        if 300 <= status < 400:  # not followed: a base URL that redirects is a configuration to fix
            raise EndpointRejected(f"{where} answered HTTP {status} (a redirect to {(headers or {}).get('location', '?')})",
                                   endpoint=self.name, status=status)
        if status >= 400:
            retryable = status in (408, 409, 429) or status >= 500
            detail = secrets.redact(content.decode("utf-8", "replace"))[:300]
            cls = EndpointError if retryable else EndpointRejected
            raise cls(f"{where} answered HTTP {status}: {detail}", endpoint=self.name, status=status,
                      retryable=retryable, overload=status in (429, 503), retry_after=retry_after_s(headers)) from None
        try:
            body = orjson.loads(content)
        except Exception as e:  # undecodable or cut-off body: worth another try
            raise EndpointResponseError(f"{where} sent a body that is not JSON ({e})", endpoint=self.name, retryable=True) from None
        if not isinstance(body, dict) or not body.get("choices"):
            raise EndpointResponseError(f"{where} sent a response with no choices", endpoint=self.name, retryable=True)
        return body, content, done_at

    def _result(self, body: dict[str, Any], *, role: str, wall: float, retries: int, waited: float, step: int | None,
                replayed: bool = False, started_at: float | None = None) -> ChatResult:
        texts, reasons = [], []
        for choice in body["choices"]:
            message = choice.get("message") or {}
            texts.append(message.get("content") or "")
            reasons.append(choice.get("finish_reason"))
        usage = CallUsage(
            role=role,
            endpoint=self.name,
            backend=self.cfg.backend,
            model=str(body.get("model") or self.cfg.model),
            wall_s=wall,
            retries=retries,
            retry_wait_s=waited,
            finish_reason=reasons[0],
            n=max(1, len(reasons)),
            step=step,
            replayed=replayed,
            started_at=started_at,
            **parse_usage(body),
        )
        return ChatResult(texts=texts, finish_reasons=reasons, usage=usage, body=body)
