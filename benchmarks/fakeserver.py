"""FAKE OpenAI-compatible server for benchmarks: one asyncio protocol, HTTP/1.1 keep-alive, >10k req/s on a core.

tests/fakes/openai.py (a thread per request) tops out far below what a client must be measured against,
so the wire's limit here is set only by the configured latency, never by the fake itself.

Behaviours (combinable, all from the command line):
  --latency-ms L --tokens T --token-rate R   answer after L ms + T/R s (R=0: no decode time)
  --slots N        serve at most N at once and queue the rest in FIFO order, as vLLM's scheduler does
  --rate R         answer 429 (with Retry-After) past R requests/s (token bucket, one second of burst)
  --prefix-cache   report prompt_tokens_details.cached_tokens as vLLM does: the longest prefix already
                   seen, in whole 128-token blocks (a chain of block hashes)

Replies follow what the request asks for, so the real agent can run on it: a plan, a step action
(tools in turn, `--steps` of them, then "answer") or, by default, an insight whose quote is a real
sentence of the shipped corpus (so grounding accepts it). GET /stats returns the counters as JSON;
POST /stats/reset zeroes them. Prints `PORT <n>` on stdout once listening.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import hashlib
import json
import re
import sys
import time

QUOTE = "Mars has two small moons, named Phobos and Deimos."
_VARIANT = re.compile(rb"variant (\d+)")
_SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "bo", "da", "fi", "gu", "ha", "je"]


def insight(n: int) -> str:
    """A distinct claim per seed (novelty accepts it); the quote is a real sentence (grounding accepts it)."""
    digest = hashlib.blake2b(str(n).encode(), digest_size=20).digest()
    words = [_SYLLABLES[digest[2 * i] % 16] + _SYLLABLES[digest[2 * i] >> 4] + _SYLLABLES[digest[2 * i + 1] % 16]
             for i in range(10)]
    return json.dumps({
        "evidence": [{"source_id": "mars", "quote": QUOTE}],
        "claim": "Phobos and Deimos " + " ".join(words) + ".",  # no numbers or names the evidence lacks
        "reasoning": ["The Mars source names two small moons.", "Their names are Phobos and Deimos."],
        "confidence": 0.9,
    })
PLAN = json.dumps({"sub_questions": ["What does the source say about the moons of Mars?"]})
TOOL_STEPS = (("search", "moons of Mars"), ("read", "mars:0"))
BLOCK = 128  # vLLM's KV block on CPU; prefix hits are counted in whole blocks
_TOKEN = re.compile(r"\w+|[^\w\s]")


def step_reply(tool: str, arg: str) -> str:
    return json.dumps({"thought": f"I will use {tool}.", "tool": tool, "input": arg})


class Stats:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.started = time.monotonic()
        self.ok = self.rejected = self.max_waiting = self.prompt_tokens = self.cached_tokens = 0
        self.queue_wait_s = 0.0
        self.max_queue_wait_s = 0.0

    def as_dict(self) -> dict:
        elapsed = time.monotonic() - self.started
        return {"ok": self.ok, "rejected": self.rejected, "elapsed_s": elapsed, "max_waiting": self.max_waiting,
                "mean_queue_wait_s": self.queue_wait_s / self.ok if self.ok else 0.0,
                "max_queue_wait_s": self.max_queue_wait_s,
                "prompt_tokens": self.prompt_tokens, "cached_tokens": self.cached_tokens}


class PrefixCache:
    """vLLM-style automatic prefix caching: a block is reused when it and every block before it were seen."""

    def __init__(self, capacity_blocks: int = 1_000_000):
        self.blocks: collections.OrderedDict[int, None] = collections.OrderedDict()
        self.capacity = capacity_blocks

    def lookup_and_insert(self, tokens: list[str]) -> int:
        parent, hit, still_hitting = 0, 0, True
        for start in range(0, len(tokens) - BLOCK + 1, BLOCK):
            parent = hash((parent, *tokens[start:start + BLOCK]))
            if still_hitting and parent in self.blocks:
                hit += BLOCK
                self.blocks.move_to_end(parent)
                continue
            still_hitting = False
            self.blocks[parent] = None
            if len(self.blocks) > self.capacity:
                self.blocks.popitem(last=False)
        return hit


class Server:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.stats = Stats()
        self.loop = asyncio.get_running_loop()
        self.running = 0
        self.waiting: collections.deque = collections.deque()
        self.bucket = float(args.rate or 0)
        self.bucket_t = time.monotonic()
        self.cache = PrefixCache() if args.prefix_cache else None
        self.models = json.dumps({"object": "list", "data": [{"id": args.model, "object": "model"}]}).encode()
        self.fixed = {kind: self._body(text, args.prompt_tokens, 0) for kind, text in
                      (("plan", PLAN), ("answer", step_reply("answer", "Phobos and Deimos")))}
        self.served = 0
        self.fixed.update({f"step{i}": self._body(step_reply(t, a), args.prompt_tokens, 0)
                           for i, (t, a) in enumerate(TOOL_STEPS)})

    def _body(self, content: str, prompt_tokens: int, cached: int) -> bytes:
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": self.args.tokens,
                 "total_tokens": prompt_tokens + self.args.tokens}
        if self.cache is not None:
            usage["prompt_tokens_details"] = {"cached_tokens": cached}
        return json.dumps({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": self.args.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": usage,
        }).encode()

    def service_s(self) -> float:
        decode = self.args.tokens / self.args.token_rate if self.args.token_rate else 0.0
        return self.args.latency_ms / 1000 + decode

    def _admit(self) -> bool:
        """Token bucket: R per second, at most one second's worth saved up."""
        if not self.args.rate:
            return True
        now = time.monotonic()
        self.bucket = min(float(self.args.rate), self.bucket + (now - self.bucket_t) * self.args.rate)
        self.bucket_t = now
        if self.bucket >= 1.0:
            self.bucket -= 1.0
            return True
        return False

    def completion(self, body: bytes, respond) -> None:
        if not self._admit():
            self.stats.rejected += 1
            wait = (1.0 - self.bucket) / self.args.rate
            headers = f"retry-after-ms: {int(wait * 1000) + 1}\r\nretry-after: {max(1, round(wait))}\r\n"
            respond(429, b'{"error": {"message": "rate limit reached", "type": "rate_limit"}}', headers)
            return
        reply = self._reply(body)
        if self.args.slots:
            self.waiting.append((time.monotonic(), reply, respond))
            self.stats.max_waiting = max(self.stats.max_waiting, len(self.waiting))
            self._schedule()
        else:
            self.loop.call_later(self.service_s(), self._done, reply, respond, False)

    def _schedule(self) -> None:
        while self.waiting and self.running < self.args.slots:
            queued_at, reply, respond = self.waiting.popleft()
            waited = time.monotonic() - queued_at
            self.stats.queue_wait_s += waited
            self.stats.max_queue_wait_s = max(self.stats.max_queue_wait_s, waited)
            self.running += 1
            self.loop.call_later(self.service_s(), self._done, reply, respond, True)

    def _done(self, reply: bytes, respond, slotted: bool) -> None:
        self.stats.ok += 1
        respond(200, reply, "")
        if slotted:
            self.running -= 1
            self._schedule()

    def _reply(self, body: bytes) -> bytes:
        kind = "insight"
        if b'"sub_questions"' in body:
            kind = "plan"
        elif b'"tool"' in body and b'"evidence"' not in body:
            done = body.count(b"Observation from ")  # tool steps taken: each left an observation
            kind = f"step{done}" if done < min(self.args.steps, len(TOOL_STEPS)) else "answer"
        if kind == "insight":
            self.served += 1
            found = _VARIANT.search(body)
            content = insight(int(found.group(1)) if found else self.served)
        else:
            content = None
        if self.cache is None:
            self.stats.prompt_tokens += self.args.prompt_tokens
            return self.fixed[kind] if content is None else self._body(content, self.args.prompt_tokens, 0)
        request = json.loads(body)
        text = "".join(f"<|{m.get('role')}|>\n{m.get('content') or ''}\n" for m in request.get("messages", []))
        tokens = _TOKEN.findall(text)
        cached = self.cache.lookup_and_insert(tokens)
        self.stats.prompt_tokens += len(tokens)
        self.stats.cached_tokens += cached
        if content is None:
            content = json.loads(self.fixed[kind])["choices"][0]["message"]["content"]
        return self._body(content, len(tokens), cached)


class HTTP(asyncio.Protocol):
    """Minimal HTTP/1.1: Content-Length bodies, keep-alive, no chunked uploads (the SDKs send none)."""

    def __init__(self, server: Server):
        self.server = server
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end].decode("latin-1")
            length = 0
            lower = head.lower()
            at = lower.find("content-length:")
            if at >= 0:
                eol = lower.find("\r\n", at)
                length = int(lower[at + 15:eol if eol >= 0 else len(lower)])
            if len(self.buf) < end + 4 + length:
                return
            body = self.buf[end + 4:end + 4 + length]
            self.buf = self.buf[end + 4 + length:]
            method, path, _ = head.split(" ", 2)
            self.handle(method, path.split("?", 1)[0], body)

    def respond(self, status: int, body: bytes, headers: str = "") -> None:
        if self.transport is None or self.transport.is_closing():
            return
        reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status, "OK")
        self.transport.write(
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            f"{headers}\r\n".encode() + body)

    def handle(self, method: str, path: str, body: bytes) -> None:
        srv = self.server
        if method == "POST" and path.endswith("/chat/completions"):
            srv.completion(body, self.respond)
        elif method == "GET" and path.rstrip("/").endswith("/models"):
            self.respond(200, srv.models)
        elif path.startswith("/stats"):
            if method == "POST":
                srv.stats.reset()
            self.respond(200, json.dumps(srv.stats.as_dict()).encode())
        else:
            self.respond(404, b'{"error": {"message": "not found"}}')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--model", default="fake-model")
    p.add_argument("--latency-ms", type=float, default=50.0, help="time before the reply (prefill + queueing)")
    p.add_argument("--tokens", type=int, default=60, help="completion tokens reported per reply")
    p.add_argument("--token-rate", type=float, default=0.0, help="decode tokens/s per request; 0 = instant")
    p.add_argument("--prompt-tokens", type=int, default=400, help="reported when --prefix-cache is off")
    p.add_argument("--slots", type=int, default=0, help="requests served at once; the rest queue (0 = unlimited)")
    p.add_argument("--rate", type=float, default=0.0, help="429 past this many requests/s (0 = never)")
    p.add_argument("--prefix-cache", action="store_true", help="report cached_tokens like vLLM")
    p.add_argument("--steps", type=int, default=0, help="tool steps before a step reply says 'answer'")
    return p.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    server = Server(args)
    listener = await asyncio.get_running_loop().create_server(lambda: HTTP(server), "127.0.0.1", args.port,
                                                              backlog=4096, reuse_address=True)
    print(f"PORT {listener.sockets[0].getsockname()[1]}", flush=True)
    async with listener:
        await listener.serve_forever()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        import uvloop  # the fake must never be the bottleneck; plain asyncio also works
        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    try:
        runner(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
