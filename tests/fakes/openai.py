"""FAKE OpenAI-compatible server on loopback, for scripted replies and fault injection at the wire.

Only for what the real embedded llama.cpp server cannot show: exact scripted actions, hosted-provider
usage shapes (Groq, Cerebras, vLLM) and faults. Each reply is produced by a function of the request.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    body: Any = None  # dict -> JSON; str/bytes -> raw
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    drop: bool = False  # close the connection without answering
    truncate_at: int | None = None  # send headers and this many body bytes, then close (reset mid-response)


def completion(content: str | list[str], *, prompt_tokens: int = 10, completion_tokens: int = 5,
               finish_reason: str = "stop", usage_extra: dict | None = None, model: str = "fake-model",
               **top: Any) -> dict:
    contents = [content] if isinstance(content, str) else content
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens}
    usage.update(usage_extra or {})
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": i, "message": {"role": "assistant", "content": c}, "finish_reason": finish_reason}
                    for i, c in enumerate(contents)],
        "usage": usage, **top,
    }


class FakeOpenAI:
    """`handler(request_json) -> Reply | dict | str`; every request is kept in `.requests`."""

    def __init__(self, handler: Callable[[dict], Any] | None = None, models: list[str] | None = None):
        self.handler = handler or (lambda req: completion("ok"))
        self.models = models or ["fake-model"]
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.dead = False  # set True to make every request, /models included, lose its connection
        self.models_delay_s = 0.0  # GET /models answers after this long (a client still starting up)
        self.models_requests = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # keep test output clean
                pass

            def _send(self, reply: Reply) -> None:
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                body = reply.body
                raw = body if isinstance(body, bytes) else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if reply.truncate_at is not None:
                    self.wfile.write(raw[:reply.truncate_at])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(raw)

            def do_GET(self):
                if fake.dead:
                    return self._send(Reply(drop=True))
                if self.path.rstrip("/").endswith("/models"):
                    fake.models_requests += 1
                    models = {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}
                    self._send(Reply(models, delay_s=fake.models_delay_s))
                else:
                    self._send(Reply({"error": "not found"}, status=404))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                req = json.loads(self.rfile.read(length) or b"{}")
                if fake.dead:
                    return self._send(Reply(drop=True))
                fake.requests.append(req)
                fake.headers.append(dict(self.headers))
                out = fake.handler(req)
                self._send(out if isinstance(out, Reply) else Reply(out))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def scripted(*replies: Any) -> Callable[[dict], Any]:
    """A handler that returns the given replies in order (strings become completions), then fails loudly."""
    queue = list(replies)

    def handler(req: dict) -> Any:
        if not queue:
            return Reply({"error": {"message": "fake script exhausted"}}, status=500)
        item = queue.pop(0)
        return completion(item) if isinstance(item, str) else item

    return handler


class PrefixCache:
    """A FAKE prefix-caching server's accounting (not a model): prompt tokens are ~4 characters each; a request
    whose messages extend ones seen before reports that shared part as `prompt_tokens_details.cached_tokens`,
    and `n` choices come from `answer(request, i)`. `.prefilled` sums prompt - cached over every request."""

    def __init__(self, answer: Callable[[dict, int], str]):
        self.answer = answer
        self.seen: list[str] = []
        self.prefilled = 0
        self.per_request: list[tuple[str, int]] = []  # (first message's role, tokens prefilled)
        self.lock = threading.Lock()

    def __call__(self, req: dict) -> dict:
        text = "".join(m.get("role", "") + (m.get("content") or "") for m in req.get("messages", []))
        with self.lock:
            best = max((_common(text, s) for s in self.seen), default=0)
            self.seen.append(text)
            prompt, cached = len(text) // 4, best // 4
            self.prefilled += prompt - cached
            self.per_request.append(((req.get("messages") or [{}])[0].get("role", ""), prompt - cached))
        n = int(req.get("n") or 1)
        return completion([self.answer(req, i) for i in range(n)], prompt_tokens=prompt, completion_tokens=20 * n,
                          usage_extra={"prompt_tokens_details": {"cached_tokens": cached}})


def _common(a: str, b: str) -> int:
    i = 0
    for x, y in zip(a, b):
        if x != y:
            break
        i += 1
    return i
