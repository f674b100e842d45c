"""The wire under EndpointClient, one seam as in httpx: the request's bytes out; status, headers, body back.

- Http1Transport: the lean HTTP/1.1 client (http1.py) for direct connections; the SDK's request layer
  costs a driver at thousands of calls per second far more CPU than the call (benchmarks/results/levers.md).
- ProxyTransport: aiohttp, where HTTP(S)_PROXY applies (CONNECT tunnels, proxy auth).
- SdkTransport: openai.AsyncOpenAI, for endpoints whose quirks only the SDK handles (`transport = "sdk"`).
- MockTransport: a function answers, for unit tests.

Every transport answers HTTP errors as replies (the client decides what a status means) and raises only
TransportError / TransportTimeout when no HTTP answer came back.
"""
from __future__ import annotations

import asyncio
import inspect
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp
import openai
import orjson

from assay import __version__
from assay.endpoint.http1 import ConnectionClosed, Http1Client, ProtocolError

Reply = tuple[int, Mapping[str, str], bytes, float]  # status, headers (lower-case names), body, perf_counter() at end


class TransportError(Exception):
    """The request did not get an HTTP answer (refused, reset, DNS, oversize); `__cause__` holds the reason."""


class TransportTimeout(TransportError):
    """No answer within the connect or read timeout."""


class Transport(Protocol):
    async def request(self, method: str, path: str, data: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> Reply: ...

    async def close(self) -> None: ...


def proxy_for(url: str) -> str | None:
    """HTTP(S)_PROXY / NO_PROXY for this endpoint, read once (aiohttp's trust_env re-reads them per request)."""
    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and urllib.request.proxy_bypass_environment(parts.hostname or ""):
        return None
    return proxy


def base_headers(api_key: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": f"assay/{__version__}"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return headers


def make_transport(base_url: str, api_key: str | None, *, kind: str = "auto", timeout_s: float,
                   max_body: int, connect_timeout_s: float = 10.0) -> Transport:
    """The transport an endpoint's config asks for: `sdk`, or (auto) lean unless a proxy applies."""
    if kind == "sdk":
        return SdkTransport(base_url, api_key, timeout_s=timeout_s, connect_timeout_s=connect_timeout_s)
    proxy = proxy_for(base_url)
    if proxy:
        return ProxyTransport(base_url, api_key, proxy, timeout_s=timeout_s, connect_timeout_s=connect_timeout_s,
                              max_body=max_body)
    return Http1Transport(base_url, api_key, timeout_s=timeout_s, connect_timeout_s=connect_timeout_s,
                          max_body=max_body)


class Http1Transport:
    def __init__(self, base_url: str, api_key: str | None, *, timeout_s: float, connect_timeout_s: float = 10.0,
                 max_body: int):
        self._client = Http1Client(base_url.rstrip("/"), base_headers(api_key), timeout_s=timeout_s,
                                   connect_timeout_s=connect_timeout_s, max_body=max_body)

    async def request(self, method: str, path: str, data: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> Reply:
        try:
            resp = await self._client.request(method, path, data, headers)
        except asyncio.TimeoutError as e:
            raise TransportTimeout(str(e) or type(e).__name__) from e
        except (OSError, ConnectionClosed, ProtocolError) as e:
            raise TransportError(str(e)) from e
        return resp.status, resp.headers, resp.body, resp.done_at

    async def close(self) -> None:
        await self._client.close()


class ProxyTransport:
    def __init__(self, base_url: str, api_key: str | None, proxy: str, *, timeout_s: float,
                 connect_timeout_s: float = 10.0, max_body: int):
        self.base_url, self.proxy, self.max_body = base_url.rstrip("/"), proxy, max_body
        self.headers = base_headers(api_key)
        self.timeout_s, self.connect_timeout_s = timeout_s, connect_timeout_s
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Created on first use: a session belongs to the running event loop. No connection cap here:
        # the endpoint's limiter decides how many requests are in flight.
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.connect_timeout_s, sock_read=self.timeout_s)
            connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(connector=connector, timeout=timeout, headers=self.headers,
                                                  auto_decompress=False)
        return self._session

    async def request(self, method: str, path: str, data: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> Reply:
        try:
            async with self._open().request(method, self.base_url + path, data=data, headers=headers,
                                            proxy=self.proxy, allow_redirects=False) as r:
                content = await r.content.read(self.max_body + 1)
                if len(content) > self.max_body:
                    raise TransportError(f"response body larger than the {self.max_body / 2**20:g} MiB limit")
                if r.headers.get("content-encoding", "identity").lower() not in ("", "identity"):
                    raise TransportError(f"the server sent a {r.headers['content-encoding']!r}-encoded body, "
                                         "which was not asked for")
                return r.status, {k.lower(): v for k, v in r.headers.items()}, content, time.perf_counter()
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as e:
            raise TransportTimeout(str(e) or type(e).__name__) from e
        except (aiohttp.ClientError, OSError) as e:
            raise TransportError(str(e)) from e

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class SdkTransport:
    """Requests through the openai SDK's client: its own HTTP stack, headers and connection handling."""

    def __init__(self, base_url: str, api_key: str | None, *, timeout_s: float, connect_timeout_s: float = 10.0):
        self._client = openai.AsyncOpenAI(base_url=base_url, api_key=api_key or "not-needed", max_retries=0,
                                          timeout=openai.Timeout(timeout_s, connect=connect_timeout_s))
        self._fields = set(inspect.signature(self._client.chat.completions.create).parameters) - {
            "extra_body", "extra_headers", "extra_query", "timeout"}  # the SDK's own options, not request fields

    async def request(self, method: str, path: str, data: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> Reply:
        try:
            if method == "POST" and path == "/chat/completions":
                body = orjson.loads(data or b"{}")
                known = {k: body.pop(k) for k in list(body) if k in self._fields}  # the rest: an endpoint's extra_body
                raw = await self._client.chat.completions.with_raw_response.create(
                    **known, extra_body=body or None, extra_headers=dict(headers or {}))
            elif method == "GET" and path == "/models":
                raw = await self._client.models.with_raw_response.list()
            else:
                raise TransportError(f"the SDK transport sends chat completions and model lists, not {method} {path}")
            response = raw.http_response
        except openai.APIStatusError as e:
            response = e.response
        except openai.APITimeoutError as e:
            raise TransportTimeout(str(e)) from e
        except openai.APIConnectionError as e:
            raise TransportError(str(e.__cause__ or e)) from e
        return (response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.content,
                time.perf_counter())

    async def close(self) -> None:
        await self._client.close()


class MockTransport:
    """A function answers every request: `handler(method, path, body) -> (status, headers, body)` (sync or async)."""

    def __init__(self, handler: Callable[[str, str, bytes | None], Any | Awaitable[Any]]):
        self.handler = handler
        self.requests: list[tuple[str, str, bytes | None]] = []

    async def request(self, method: str, path: str, data: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> Reply:
        self.requests.append((method, path, data))
        answer = self.handler(method, path, data)
        if asyncio.iscoroutine(answer):
            answer = await answer
        status, reply_headers, body = answer
        body = body if isinstance(body, bytes) else orjson.dumps(body)
        return status, {k.lower(): v for k, v in reply_headers.items()}, body, time.perf_counter()

    async def close(self) -> None:
        return None
