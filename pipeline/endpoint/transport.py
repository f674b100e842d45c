"""The wire under EndpointClient: a JSON body out, status + headers + raw bytes back.

Measured (benchmarks/, one core, 256 in flight): the openai SDK spends ~1.2 ms of CPU building each
request (TypedDict transforms over every message, httpx2 models) with its aiohttp transport and
~2.7 ms with its default httpx2 one, which caps a driver at ~800 calls/s; a plain aiohttp POST costs
~0.3 ms, and http1.py's lean client a few tens of µs. So inference calls skip the SDK's request
layer and go over http1.py; what the SDK would add (retries, parsing into objects) we do ourselves
(client.py retries, usage.py reads the body). aiohttp stays for endpoints reached through a proxy.
"""
from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlsplit

import aiohttp

from assay import __version__
from assay.endpoint.http1 import ConnectionClosed, Http1Client, ProtocolError


class TransportError(Exception):
    """The request did not get an HTTP answer (refused, reset, DNS); `__cause__` holds the reason."""


class TransportTimeout(TransportError):
    """No answer within the connect or read timeout."""


def proxy_for(url: str) -> str | None:
    """HTTP(S)_PROXY / NO_PROXY for this endpoint, read once: aiohttp's trust_env re-reads them (and
    ~/.netrc) in a worker thread on every request, which measured ~20% of a busy run's samples."""
    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and urllib.request.proxy_bypass_environment(parts.hostname or ""):
        return None
    return proxy


class Transport:
    def __init__(self, base_url: str, api_key: str | None, *, timeout_s: float, connect_timeout_s: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.headers = {"Content-Type": "application/json", "Accept": "application/json",
                        "User-Agent": f"assay/{__version__}"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"
        self.timeout_s, self.connect_timeout_s = timeout_s, connect_timeout_s
        self.proxy = proxy_for(self.base_url)
        # Direct connections take the lean client; a proxy needs aiohttp (CONNECT tunnels, proxy auth).
        self._lean = None if self.proxy else Http1Client(self.base_url, self.headers, timeout_s=timeout_s,
                                                         connect_timeout_s=connect_timeout_s)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Created on first use: a session belongs to the running event loop. No connection cap here:
        # the endpoint's limiter decides how many requests are in flight.
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.connect_timeout_s, sock_read=self.timeout_s)
            connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(connector=connector, timeout=timeout, headers=self.headers)
        return self._session

    async def request(self, method: str, path: str, data: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> tuple[int, Mapping[str, str], bytes, float]:
        """One attempt (`data`: the JSON body, serialised): status, headers, body and the perf_counter() at
        which the response was complete. Raises TransportTimeout / TransportError when no HTTP answer came back."""
        try:
            if self._lean is not None:
                resp = await self._lean.request(method, path, data, headers)
                return resp.status, resp.headers, resp.body, resp.done_at
            async with self._open().request(method, self.base_url + path, data=data, headers=headers,
                                            proxy=self.proxy) as r:
                content = await r.read()
                return r.status, r.headers, content, time.perf_counter()
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as e:
            raise TransportTimeout(str(e) or type(e).__name__) from e
        except (aiohttp.ClientError, OSError, ConnectionClosed, ProtocolError) as e:
            raise TransportError(str(e)) from e

    async def close(self) -> None:
        if self._lean is not None:
            await self._lean.close()
        if self._session is not None:
            await self._session.close()
            self._session = None
