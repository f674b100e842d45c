"""The wire's limit: a hand-written asyncio HTTP/1.1 client, N keep-alive connections, nothing else.

No SDK, no parsing beyond Content-Length: whatever this reaches is what the fake endpoint and the
loopback allow, the ceiling every other row is compared with.
"""
from __future__ import annotations

import argparse
import asyncio
import json
from urllib.parse import urlsplit

from measure import Window, driver_args, report


async def connection(host: str, port: int, path: str, body: bytes, todo: list[int], done: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = (f"POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
               f"content-length: {len(body)}\r\n\r\n").encode() + body
    while todo[0] > 0:
        todo[0] -= 1
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        json.loads(await reader.readexactly(length))
        done[0] += 1
    writer.close()


async def main(args: argparse.Namespace) -> None:
    url = urlsplit(args.base_url)
    first = json.loads(open(args.prompts).readline())
    body = json.dumps({"model": args.model, "messages": first["messages"], "max_tokens": 384}).encode()
    todo, done = [args.n], [0]
    with Window() as w:
        await asyncio.gather(*(connection(url.hostname, url.port, url.path + "/chat/completions", body, todo, done)
                               for _ in range(args.in_flight)))
    report(w.result(done[0], client="wire", in_flight=args.in_flight))


if __name__ == "__main__":
    p = driver_args()
    asyncio.run(main(p.parse_args()))
