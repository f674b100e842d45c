"""A server assay launches (llama.cpp, vLLM): started on a port, awaited until it answers, never left orphaned."""
from __future__ import annotations

import abc

import ctypes
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from assay.errors import LocalServerError


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Runs in the child before exec: Linux sends SIGTERM to it if we die, even by SIGKILL."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class ServerProcess(abc.ABC):
    """Context manager: start `command()`, wait until GET /v1/models answers, stop on exit (errors and Ctrl-C too).

    The server runs in its own process group, so stopping it also stops the workers it spawned
    (vLLM's engine core, tensor-parallel ranks); Ctrl-C reaches only us, and we stop it in order.
    """

    what = "server"  # in messages: "the embedded llama.cpp server", "the vLLM server"

    def __init__(self, *, host: str = "127.0.0.1", port: int | None = None, log_path: Path | None = None,
                 startup_timeout_s: float = 180.0, env: Mapping[str, str] | None = None,
                 log_file: BinaryIO | None = None):
        """The server's output goes to `log_path`, or to `log_file` (the caller's: an unlinked temporary file
        leaves nothing behind however the process ends), or nowhere; a failed start quotes its last lines."""
        self.host = host
        self.port = port or free_port()
        self.log_path = log_path
        self.log_file = log_file
        self.startup_timeout_s = startup_timeout_s
        self.env = dict(env) if env is not None else None
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        local = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # a wildcard bind answers on loopback
        return f"http://{local}:{self.port}/v1"

    @abc.abstractmethod
    def command(self) -> list[str]:
        """The argv that starts this kind of server."""

    def check_installed(self) -> None:
        """Raise LocalServerError saying how to install the server, before anything is started."""

    def after_ready(self) -> None:
        """Hook: checks once the server answers (e.g. that /metrics is served)."""

    def start(self) -> "ServerProcess":
        self.check_installed()
        cmd = self.command()
        if self.log_path:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "ab")
        elif self.log_file is not None:
            self._log = self.log_file
        out = self._log or subprocess.DEVNULL
        env = None if self.env is None else {**os.environ, **self.env}
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                     preexec_fn=_die_with_parent, start_new_session=True)
        try:
            self._wait_ready()
            self.after_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        url = f"{self.base_url}/models"
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise LocalServerError(
                    f"{self.what} exited with code {self.proc.returncode} while starting"
                    + (f"; see {self.log_path}" if self.log_path else "") + self._log_tail()
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise LocalServerError(f"{self.what} did not answer within {self.startup_timeout_s:g}s" + self._log_tail())

    def _log_tail(self) -> str:
        if self.log_file is not None and not self.log_path:
            size = os.fstat(self.log_file.fileno()).st_size  # pread: the server shares this file's offset
            text = os.pread(self.log_file.fileno(), 65536, max(0, size - 65536)).decode(errors="replace")
        elif self.log_path and self.log_path.exists():
            text = self.log_path.read_text(errors="replace")
        else:
            return ""
        tail = text.strip().splitlines()[-5:]
        return "\n  " + "\n  ".join(tail) if tail else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            _signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc is not None:
            _signal_group(proc, signal.SIGKILL)  # stragglers it spawned and did not reap
        if self._log is not None and self._log is not self.log_file:
            self._log.close()
        self._log = None

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # its own session: the group id is its pid
    except (ProcessLookupError, PermissionError):
        pass
