"""Run model-written Python in a separate, limited process: never in ours.

Layers, outermost first: a fresh process in its own session (killed as a group at the wall-time
limit); rlimits on CPU time, address space, file size and open files; a private network namespace
where the kernel allows one (loopback down, nothing routable); an empty temporary working directory;
a scrubbed environment (no keys); and, inside the child, a Python audit hook that refuses sockets,
subprocesses, ctypes and writes outside the working directory before any model code is compiled.
"""
from __future__ import annotations

import asyncio
import ctypes
import os
import resource
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assay.secrets import scrubbed_env

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000

# Runs in the child before the model's code; the hook cannot be removed once added.
_BOOTSTRAP = r'''
import os, sys
_root = os.path.realpath(os.getcwd())
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_DENY = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
         "os.forkpty", "os.kill", "os.killpg", "pty.", "ctypes.", "os.chdir", "os.chroot", "sys.remote_exec")
def _inside(path):
    try:
        p = os.path.realpath(os.fsdecode(path))
    except Exception:
        return False
    return p == _root or p.startswith(_root + os.sep)
def _hook(event, args):
    if event.startswith(_DENY) and event != "socket.gethostname":
        raise PermissionError(f"sandbox: {event} is not allowed")
    if event == "open" and len(args) >= 3:
        path, mode, flags = args[0], args[1], args[2]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & _WRITE)
        if writes and not isinstance(path, int) and not _inside(path):
            raise PermissionError(f"sandbox: writing outside the working directory is not allowed: {path}")
    if event in ("os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.truncate",
                 "shutil.rmtree", "os.chmod", "os.chown", "os.utime"):
        for a in args:
            if isinstance(a, (str, bytes, os.PathLike)) and not _inside(a):
                raise PermissionError(f"sandbox: {event} outside the working directory is not allowed")
sys.addaudithook(_hook)
del _hook
_src = open("main.py").read()
exec(compile(_src, "main.py", "exec"), {"__name__": "__main__"})
'''


@dataclass
class SandboxResult:
    stdout: str
    stderr: str
    exit_code: int | None
    timed_out: bool = False
    network_isolated: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    def summary(self, limit: int = 2000) -> str:
        parts = []
        if self.stdout:
            parts.append(self.stdout[:limit])
        if self.stderr:
            parts.append("stderr: " + self.stderr[-limit:])
        if self.timed_out:
            parts.append("killed: wall-time limit reached")
        elif self.exit_code not in (0, None):
            parts.append(f"exit code {self.exit_code}")
        return "\n".join(parts) or "(no output)"


@dataclass(frozen=True)
class Limits:
    cpu_s: int = 5
    wall_s: float = 10.0
    memory_mb: int = 512
    output_bytes: int = 8000
    file_mb: int = 16


def _isolate_network() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) == 0:
        return True
    # Unprivileged: a user namespace lets us own a network namespace.
    return libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0


def _child_setup(limits: Limits, netns_flag: str) -> None:
    os.setsid()
    mem = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb << 20, limits.file_mb << 20))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        if _isolate_network():
            Path(netns_flag).write_text("1")
    except OSError:
        pass


async def run_python(code: str, limits: Limits = Limits()) -> SandboxResult:
    """Execute `code` as a script in a fresh sandboxed interpreter and return its truncated output."""
    with tempfile.TemporaryDirectory(prefix="assay-sandbox-") as work:
        wd = Path(work) / "wd"
        wd.mkdir()
        (wd / "main.py").write_text(code, encoding="utf-8")
        out_path, err_path = Path(work) / "stdout", Path(work) / "stderr"
        netns_flag = str(Path(work) / "netns")
        env = scrubbed_env()
        env.update(HOME=str(wd), TMPDIR=str(wd), PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
        # stdout/stderr go to files, so RLIMIT_FSIZE also caps a print loop.
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-I", "-c", _BOOTSTRAP,
                cwd=wd, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=err,
                preexec_fn=lambda: _child_setup(limits, netns_flag),
            )
            timed_out = False
            try:
                await asyncio.wait_for(proc.wait(), timeout=limits.wall_s)
            except (asyncio.TimeoutError, asyncio.CancelledError) as e:
                timed_out = isinstance(e, asyncio.TimeoutError)
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                await proc.wait()
                if not timed_out:
                    raise
        rc = proc.returncode
        # The CPU rlimit ends a busy loop with SIGXCPU (soft) or SIGKILL (hard): a time limit too.
        cpu_killed = rc in (-signal.SIGXCPU, -signal.SIGKILL) and not timed_out
        return SandboxResult(
            stdout=_read_head(out_path, limits.output_bytes),
            stderr=_read_head(err_path, limits.output_bytes),
            exit_code=rc,
            timed_out=timed_out or cpu_killed,
            network_isolated=Path(netns_flag).exists(),
        )


def _read_head(path: Path, limit: int) -> str:
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n[output truncated]" if len(data) > limit else "")
