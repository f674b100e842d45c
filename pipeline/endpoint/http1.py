"""A lean HTTP/1.1 client for inference calls: keep-alive connections, one asyncio Protocol each.

Why not aiohttp: at thousands of calls per second on one core, aiohttp's per-request machinery
(ClientRequest, payload registry, timers, header multidicts) costs several times more CPU a call
than this client (benchmarks/results/levers.md). It
does only what an OpenAI-compatible endpoint needs: a request with a body, a response framed by
Content-Length, chunked transfer coding or connection close, TLS; bodies capped in size, and no
content encoding (none is asked for, so a compressed body cannot grow past the cap).
Proxies are not spoken here: transport.py falls back to aiohttp when HTTP(S)_PROXY applies.
"""
from __future__ import annotations

import asyncio
import time
import ssl as ssl_mod
from collections.abc import Mapping
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024  # bytes of status line + headers before we call the answer malformed
MAX_BODY = 16 << 20  # default cap on a response body: a chat completion is kilobytes


class ProtocolError(Exception):
    """The server's bytes are not a well-formed HTTP/1.1 response."""


class ConnectionClosed(ConnectionError):
    """The connection ended before a complete response."""


class Response:
    __slots__ = ("status", "headers", "body", "keep_alive", "done_at")

    def __init__(self, status: int, headers: dict[str, str], body: bytes, keep_alive: bool):
        self.status, self.headers, self.body, self.keep_alive = status, headers, body, keep_alive
        # perf_counter() when the last byte was read: before the awaiting task is woken, which on a busy
        # event loop can be milliseconds later
        self.done_at = time.perf_counter()


class _Connection(asyncio.Protocol):
    """One TCP (or TLS) connection; one request at a time; parses the response as bytes arrive."""

    def __init__(self, max_body: int = MAX_BODY) -> None:
        self.max_body = max_body
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.used = 0  # requests sent on this connection
        self._buf = bytearray()
        self._waiter: asyncio.Future | None = None
        self._reset()

    def _reset(self) -> None:
        self._status = 0
        self._headers: dict[str, str] | None = None
        self._mode = ""  # "length" | "chunked" | "close"
        self._need = 0
        self._chunks: list[bytes] = []
        self._got = 0  # body bytes received so far (chunked)
        self._keep = True

    # -- asyncio.Protocol
    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self._waiter is None or self._waiter.done():
            self.close()  # bytes nobody asked for: this connection's framing can no longer be trusted
            return
        self._buf += data
        try:
            self._parse()
        except ProtocolError as e:
            self._fail(e)

    def eof_received(self) -> bool:
        if self._mode == "close" and self._waiter is not None and not self._waiter.done():
            self._finish(bytes(self._buf))
            self._buf.clear()
        return False  # let the transport close

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None and not self._waiter.done():
            if self._mode == "close" and self._headers is not None:
                self._finish(bytes(self._buf))
            else:
                why = f": {exc}" if exc else ""
                self._waiter.set_exception(ConnectionClosed(f"connection closed before a full response{why}"))

    # -- one exchange
    def send(self, request: bytes, waiter: asyncio.Future) -> None:
        self._reset()
        self._buf.clear()  # bytes past the last response's end (a server that over-sent) are not this one's
        self._waiter = waiter
        self.used += 1
        self.transport.write(request)

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()

    def _fail(self, exc: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc)
        self.abort()

    def _check_size(self, n: int) -> None:
        if n > self.max_body:
            raise ProtocolError(f"response body larger than the {self.max_body / 2**20:g} MiB limit "
                                "(endpoints.NAME.max_response_mb)")

    def _finish(self, body: bytes) -> None:
        encoding = self._headers.get("content-encoding", "identity").lower()
        if encoding not in ("", "identity"):  # we send no Accept-Encoding: nothing else was asked for
            self._fail(ProtocolError(f"the server sent a {encoding!r}-encoded body, which was not asked for"))
            return
        waiter, self._waiter = self._waiter, None
        if not waiter.done():
            waiter.set_result(Response(self._status, self._headers, body, self._keep and not self.closed))

    def _parse(self) -> None:
        buf = self._buf
        while self._headers is None:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > MAX_HEAD:
                    raise ProtocolError("response headers larger than 64 KiB")
                return
            head = bytes(buf[:end]).decode("latin-1")
            del buf[:end + 4]
            lines = head.split("\r\n")
            parts = lines[0].split(" ", 2)
            if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
                raise ProtocolError(f"not an HTTP/1.x status line: {lines[0][:80]!r}")
            status = int(parts[1])
            if 100 <= status < 200:
                continue  # 100 Continue and friends: the real answer follows
            headers: dict[str, str] = {}
            for line in lines[1:]:
                name, sep, value = line.partition(":")
                if not sep:
                    raise ProtocolError(f"malformed header line: {line[:80]!r}")
                name = name.strip().lower()
                value = value.strip()
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
            self._status, self._headers = status, headers
            conn = headers.get("connection", "").lower()
            self._keep = "close" not in conn and (parts[0] != "HTTP/1.0" or "keep-alive" in conn)
            if status in (204, 304):
                self._mode, self._need = "length", 0
            elif "chunked" in headers.get("transfer-encoding", "").lower():
                self._mode = "chunked"
            elif "content-length" in headers:
                try:
                    self._mode, self._need = "length", int(headers["content-length"])
                except ValueError:
                    raise ProtocolError(f"bad Content-Length {headers['content-length']!r}") from None
                self._check_size(self._need)
            else:
                self._mode, self._keep = "close", False
        if self._mode == "close":
            self._check_size(len(buf))
        if self._mode == "length":
            if len(buf) >= self._need:
                body = bytes(buf[:self._need])
                del buf[:self._need]
                self._finish(body)
        elif self._mode == "chunked":
            self._parse_chunks()

    def _parse_chunks(self) -> None:
        buf = self._buf
        while True:
            if self._need == 0:  # at a chunk-size line
                end = buf.find(b"\r\n")
                if end < 0:
                    return
                size = bytes(buf[:end]).split(b";", 1)[0].strip()
                try:
                    n = int(size, 16)
                except ValueError:
                    raise ProtocolError(f"bad chunk size {size[:20]!r}") from None
                if n == 0:  # last chunk, then optional trailers, then a blank line
                    trailer_end = buf.find(b"\r\n\r\n", end)
                    if trailer_end < 0:
                        return
                    del buf[:trailer_end + 4]
                    self._finish(b"".join(self._chunks))
                    return
                del buf[:end + 2]
                self._need = n + 2  # the data and its CRLF
            self._check_size(self._got + self._need - 2)
            if len(buf) < self._need:
                return
            self._got += self._need - 2
            self._chunks.append(bytes(buf[:self._need - 2]))
            del buf[:self._need]
            self._need = 0


class Http1Client:
    """Keep-alive connections to one origin; `request` sends one and returns its Response.

    Raises asyncio.TimeoutError when no full answer arrives within `timeout_s`, OSError /
    ConnectionClosed / ProtocolError when the exchange fails. Nothing is re-sent here, not even on
    a connection the server closed as we reused it: an inference POST may already be running (and
    billed), so the caller's counted, backed-off retry decides (client.py).
    """

    def __init__(self, base_url: str, headers: Mapping[str, str], *, timeout_s: float,
                 connect_timeout_s: float = 10.0, ssl_context: ssl_mod.SSLContext | None = None,
                 max_body: int = MAX_BODY):
        self.max_body = max_body
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"unsupported URL scheme {parts.scheme!r} in {base_url!r}")
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self.ssl = (ssl_context or ssl_mod.create_default_context()) if parts.scheme == "https" else None
        host_header = self.host if parts.port is None else f"{self.host}:{parts.port}"
        if ":" in self.host and not self.host.startswith("["):  # IPv6 literal
            host_header = f"[{self.host}]" + (f":{parts.port}" if parts.port else "")
        self._fixed = "".join(f"{k}: {v}\r\n" for k, v in {"Host": host_header, **headers}.items())
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self._idle: list[_Connection] = []

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        _, conn = await asyncio.wait_for(
            loop.create_connection(lambda: _Connection(self.max_body), self.host, self.port, ssl=self.ssl,
                                   server_hostname=self.host if self.ssl else None),
            self.connect_timeout_s)
        return conn

    def _encode(self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None) -> bytes:
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items()) if headers else ""
        length = f"Content-Length: {len(body)}\r\n" if body is not None else ""
        head = f"{method} {self.prefix}{path} HTTP/1.1\r\n{self._fixed}{extra}{length}\r\n".encode("latin-1")
        return head + body if body is not None else head

    async def request(self, method: str, path: str, body: bytes | None = None,
                      headers: Mapping[str, str] | None = None) -> Response:
        data = self._encode(method, path, body, headers)
        loop = asyncio.get_running_loop()
        conn = None
        while self._idle:
            candidate = self._idle.pop()
            if not candidate.closed:  # a server that closed an idle connection has been noticed by now
                conn = candidate
                break
        if conn is None:
            conn = await self._connect()
        waiter = loop.create_future()
        timer = loop.call_later(self.timeout_s, _expire, waiter)
        conn.send(data, waiter)
        try:
            response = await waiter
        except BaseException:  # closed, malformed, timed out or cancelled: the connection is spent
            conn.abort()
            raise
        finally:
            timer.cancel()
        if response.keep_alive and not conn.closed:
            self._idle.append(conn)
        else:
            conn.close()
        return response

    async def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


def _expire(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_exception(asyncio.TimeoutError())
