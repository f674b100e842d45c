"""The lean HTTP/1.1 client (assay.endpoint.http1) against real sockets: a loopback asyncio server that
answers each request with canned bytes, so every framing a real server may choose is exercised."""
from __future__ import annotations

import asyncio
import gzip
import ssl
import subprocess

import pytest

from assay.endpoint.http1 import ConnectionClosed, Http1Client, ProtocolError


class CannedServer:
    """Loopback server: for each request (headers + Content-Length body) it sends `answer(n, request)`;
    `close_after` closes the connection after that reply; counts connections and requests."""

    def __init__(self, answer, close_after=lambda n: False, delay_s: float = 0.0):
        self.answer, self.close_after, self.delay_s = answer, close_after, delay_s
        self.connections = 0
        self.requests: list[bytes] = []

    async def handle(self, reader, writer):
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                if self.delay_s:
                    await asyncio.sleep(self.delay_s)
                writer.write(self.answer(len(self.requests), request))
                await writer.drain()
                if self.close_after(len(self.requests)):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def __aenter__(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/v1"
        return self

    async def __aexit__(self, *exc):
        self.server.close()


def ok(body: bytes = b'{"ok": true}', extra: str = "") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode() + body


def run(coro):
    return asyncio.run(coro)


def test_keep_alive_reuses_one_connection_and_sends_headers_and_body():
    async def go():
        async with CannedServer(lambda n, req: ok(b'{"n": %d}' % n)) as srv:
            client = Http1Client(srv.url, {"Authorization": "Bearer k"}, timeout_s=5)
            bodies = [(await client.request("POST", "/chat/completions", b'{"x": 1}', {"X-Session": "s1"})).body
                      for _ in range(3)]
            await client.close()
            return srv, bodies
    srv, bodies = run(go())
    assert bodies == [b'{"n": 1}', b'{"n": 2}', b'{"n": 3}']
    assert srv.connections == 1
    first = srv.requests[0]
    assert first.startswith(b"POST /v1/chat/completions HTTP/1.1\r\n")
    assert b"Authorization: Bearer k\r\n" in first and b"X-Session: s1\r\n" in first
    assert first.endswith(b'\r\n\r\n{"x": 1}') and b"Content-Length: 8\r\n" in first


def test_chunked_body_with_extensions_and_trailers_is_reassembled():
    payload = b'{"choices": [{"message": {"content": "hello world"}}]}'
    parts = [payload[:7], payload[7:30], payload[30:]]
    chunked = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\nX-Trailer: t\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

    async def go():
        async with CannedServer(lambda n, req: head + chunked) as srv:
            client = Http1Client(srv.url, {}, timeout_s=5)
            a = await client.request("POST", "/x", b"{}")
            b = await client.request("POST", "/x", b"{}")  # the framing left the connection reusable
            await client.close()
            return srv, a, b
    srv, a, b = run(go())
    assert a.body == payload and b.body == payload and srv.connections == 1


def test_byte_at_a_time_delivery_parses_the_same():
    body = b'{"a": [1, 2, 3]}'
    raw = ok(body, "Retry-After: 3\r\n")

    async def dribble(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        for i in range(len(raw)):
            writer.write(raw[i:i + 1])
            await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()

    async def go():
        server = await asyncio.start_server(dribble, "127.0.0.1", 0)
        client = Http1Client(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", {}, timeout_s=5)
        r = await client.request("GET", "/models")
        server.close()
        return r
    r = run(go())
    assert r.body == body and r.headers["retry-after"] == "3" and r.status == 200


def test_close_delimited_http10_body_and_an_unrequested_encoding_refused():
    body = b'{"big": "' + b"x" * 5000 + b'"}'

    def answer(n, req):
        if n == 1:  # HTTP/1.0, no length: the body runs to the connection's end
            return b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body
        zipped = gzip.compress(body)  # we send no Accept-Encoding: a compressed body was not asked for
        return f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(zipped)}\r\n\r\n".encode() + zipped

    async def go():
        async with CannedServer(answer, close_after=lambda n: n == 1) as srv:
            client = Http1Client(srv.url, {}, timeout_s=5)
            a = await client.request("POST", "/x", b"{}")
            with pytest.raises(ProtocolError, match="'gzip'-encoded body, which was not asked for"):
                await client.request("POST", "/x", b"{}")
            await client.close()
            return srv, a
    srv, a = run(go())
    assert a.body == body and not a.keep_alive
    assert srv.connections == 2  # the close-delimited answer spent its connection


@pytest.mark.parametrize("framing", ["content-length", "chunked", "close"])
def test_a_body_past_the_size_limit_is_refused_whatever_its_framing(framing):
    big = b"y" * 50_000

    def answer(n, req):
        if framing == "content-length":
            return f"HTTP/1.1 200 OK\r\nContent-Length: {len(big)}\r\n\r\n".encode() + big
        if framing == "chunked":
            chunks = b"".join(b"1000\r\n" + big[:4096] + b"\r\n" for _ in range(20))
            return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
        return b"HTTP/1.0 200 OK\r\n\r\n" + big

    async def go():
        async with CannedServer(answer, close_after=lambda n: True) as srv:
            client = Http1Client(srv.url, {}, timeout_s=5, max_body=10_000)
            with pytest.raises(ProtocolError, match="larger than the"):
                await client.request("POST", "/x", b"{}")
            await client.close()
    run(go())


def test_connection_close_header_and_error_statuses_pass_through():
    def answer(n, req):
        return ok(b'{"error": "slow down"}', "Connection: close\r\n").replace(b"200 OK", b"429 Too Many Requests")

    async def go():
        async with CannedServer(answer, close_after=lambda n: True) as srv:
            client = Http1Client(srv.url, {}, timeout_s=5)
            rs = [await client.request("POST", "/x", b"{}") for _ in range(2)]
            return srv, rs
    srv, rs = run(go())
    assert [r.status for r in rs] == [429, 429] and rs[0].body == b'{"error": "slow down"}'
    assert srv.connections == 2


def test_timeout_drop_mid_body_and_garbage_are_typed_errors():
    async def go():
        async with CannedServer(lambda n, req: ok(), delay_s=2.0) as srv:
            client = Http1Client(srv.url, {}, timeout_s=0.3)
            with pytest.raises(asyncio.TimeoutError):
                await client.request("POST", "/x", b"{}")
            assert client._idle == []  # a timed-out connection is never reused
        async with CannedServer(lambda n, req: ok()[:-4], close_after=lambda n: True) as srv:
            client = Http1Client(srv.url, {}, timeout_s=5)
            with pytest.raises(ConnectionClosed):
                await client.request("POST", "/x", b"{}")
        async with CannedServer(lambda n, req: b"SSH-2.0-OpenSSH\r\n\r\n") as srv:
            client = Http1Client(srv.url, {}, timeout_s=5)
            with pytest.raises(ProtocolError, match="status line"):
                await client.request("POST", "/x", b"{}")
        with pytest.raises(OSError):  # nothing listens there
            await Http1Client(srv.url, {}, timeout_s=5).request("POST", "/x", b"{}")
    run(go())


def test_tls_with_a_locally_trusted_certificate(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)

    async def go():
        srv = CannedServer(lambda n, req: ok(b'{"tls": true}'))
        server = await asyncio.start_server(srv.handle, "127.0.0.1", 0, ssl=server_ctx)
        url = f"https://localhost:{server.sockets[0].getsockname()[1]}/v1"
        trusting = ssl.create_default_context(cafile=str(cert))
        r = await Http1Client(url, {}, timeout_s=5, ssl_context=trusting).request("POST", "/x", b"{}")
        with pytest.raises(ssl.SSLCertVerificationError):  # the default trust store does not know it
            await Http1Client(url, {}, timeout_s=5).request("POST", "/x", b"{}")
        server.close()
        return srv, r
    srv, r = run(go())
    assert r.body == b'{"tls": true}' and srv.requests[0].startswith(b"POST /v1/x HTTP/1.1\r\nHost: localhost:")
