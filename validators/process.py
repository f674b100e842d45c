"""Deterministic validator stages in a process of their own, so the driver's core is left to the event loop.

With the default validators on, the driver's single core spent ~0.6 ms a record on them and one-call-per-seed
throughput fell to ~40% of the validator-free rate. `validators.process = "on"` (or "auto": on where a second
core exists; the default is "off", benchmarks/results/validators_process.md says why) runs the leading
deterministic stages of the stack (structure, grounding, numeric, execution, novelty)
in ONE child process; the stages after the first one that is not deterministic (an LLM stage, a plugin) run on
the driver as before, and only when the child's stages passed (or `all_verdicts`).

Verdicts are those of in-process validation in the same order: the child is one process that answers requests
strictly in the order they are sent (FIFO), and novelty's index of accepted claims is the child's copy of the
driver's list, kept in step by an `accept` message sent at the moment the driver appends a claim. So a record's
novelty check sees exactly the claims accepted before its check was sent, as in-process it sees those accepted
before it runs. The child gets the corpus once (its documents' text), a scrubbed environment (no credential
reaches it, nor the sandbox it starts for the execution stage), and messages as length-prefixed JSON on its
stdin/stdout. A stage that raises fails closed in the child, with the same reason as in-process; a child that
dies rejects the records it held ("could not decide: the validator process died ...") and a new one takes the
next record, seeded with the driver's accepted claims.
"""
from __future__ import annotations

import asyncio
import json
import os
import struct
import sys
from collections import deque
from typing import Any

from assay.records import Insight, Seed, Verdict

IN_CHILD = frozenset({"structure", "grounding", "numeric", "execution", "novelty"})
_LEN = struct.Struct(">I")


def split(stages: list[str]) -> tuple[list[str], list[str]]:
    """(the leading stages the child runs, the rest for the driver)."""
    n = 0
    while n < len(stages) and stages[n] in IN_CHILD:
        n += 1
    return stages[:n], stages[n:]


def wanted(setting: str | bool, stages: list[str]) -> bool:
    """`validators.process`: on, off, or auto (on when a second core exists and the stack starts with a stage the
    child runs)."""
    if setting in (False, "off") or not split(stages)[0]:
        return False
    if setting in (True, "on"):
        return True
    return len(os.sched_getaffinity(0)) >= 2


class StageProcess:
    """The driver's end: `check()` awaits a record's verdicts, `accept()` tells the child a claim was accepted."""

    def __init__(self, docs: dict[str, str], accepted: list[str]):
        self.docs = docs
        self.accepted = accepted  # the driver's list: a new child starts from it
        self.proc: asyncio.subprocess.Process | None = None
        self.waiting: deque[asyncio.Future] = deque()
        self.reader: asyncio.Task | None = None
        self.deaths = 0
        self._starting: asyncio.Lock | None = None

    async def _start(self) -> None:
        from assay.secrets import scrubbed_env

        env = scrubbed_env() | {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "assay.validators.process", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, env=env, limit=1 << 26)
        self._send({"op": "init", "docs": self.docs, "accepted": self.accepted})
        self.reader = asyncio.create_task(self._read(self.proc))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, separators=(",", ":")).encode()
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(_LEN.pack(len(body)) + body)  # buffered by the transport: never blocks the loop

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        try:
            while True:
                head = await proc.stdout.readexactly(_LEN.size)
                body = await proc.stdout.readexactly(_LEN.unpack(head)[0])
                fut = self.waiting.popleft()
                if not fut.done():
                    fut.set_result([Verdict.model_validate(v) for v in json.loads(body)])
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        code = await proc.wait()
        if self.proc is proc:  # died (not closed by us): the records it held are rejected, the next starts anew
            self.deaths += 1
            self.proc = None
            while self.waiting:
                fut = self.waiting.popleft()
                if not fut.done():
                    fut.set_exception(ChildDied(f"the validator process died (exit code {code}) while checking it"))

    async def check(self, seed: Seed, insight: Insight, stages: list[str], params: dict[str, dict[str, Any]],
                    all_verdicts: bool) -> list[Verdict]:
        if self.proc is None:
            self._starting = self._starting or asyncio.Lock()
            async with self._starting:
                if self.proc is None:
                    await self._start()
        fut = asyncio.get_running_loop().create_future()
        self.waiting.append(fut)
        self._send({"op": "check", "seed": seed.model_dump(mode="json"), "insight": insight.model_dump(mode="json"),
                    "stages": stages, "params": params, "all": all_verdicts})
        return await fut

    def accept(self, claim: str) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self._send({"op": "accept", "claim": claim})

    async def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdin is not None and not proc.stdin.is_closing():
            proc.stdin.close()  # EOF: the child finishes what it holds and exits
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
        if self.reader is not None:
            await self.reader


class ChildDied(RuntimeError):
    pass


def _serve() -> None:
    """The child: read requests from stdin, answer each in order on stdout; stdout is the protocol alone."""
    from assay.corpus import Corpus
    from assay.validators import run_stages
    from assay.validators.base import Check

    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle: the child ends at EOF
    inp, out = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stage that prints writes to stderr, never into the protocol
    loop = asyncio.new_event_loop()
    corpus, accepted = None, []
    while True:
        head = inp.read(_LEN.size)
        if len(head) < _LEN.size:
            return
        msg = json.loads(inp.read(_LEN.unpack(head)[0]))
        if msg["op"] == "init":
            corpus, accepted = Corpus(msg["docs"]), list(msg["accepted"])
        elif msg["op"] == "accept":
            accepted.append(msg["claim"])
        elif msg["op"] == "check":
            check = Check(seed=Seed.model_validate(msg["seed"]), insight=Insight.model_validate(msg["insight"]),
                          corpus=corpus, accepted=accepted)
            verdicts = loop.run_until_complete(run_stages(check, msg["stages"], msg["params"], all_verdicts=msg["all"]))
            body = json.dumps([v.model_dump(mode="json") for v in verdicts], separators=(",", ":")).encode()
            out.write(_LEN.pack(len(body)) + body)
            out.flush()


if __name__ == "__main__":
    _serve()
