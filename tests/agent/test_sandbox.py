"""The python tool's sandbox, on real subprocesses: each limit is shown to hold."""
from __future__ import annotations

import os
import socket
import threading
import time

from assay.agent.sandbox import Limits, run_python
from conftest import run_async


def run(code: str, **limits) -> object:
    return run_async(run_python(code, Limits(**limits)))


def test_prints_output():
    r = run("print(sum(range(10)))")
    assert r.ok and r.stdout.strip() == "45"


def test_infinite_loop_is_killed_by_the_cpu_limit():
    started = time.monotonic()
    r = run("while True: pass", cpu_s=1, wall_s=20)
    assert r.timed_out and not r.ok
    assert time.monotonic() - started < 10


def test_sleeping_forever_is_killed_by_the_wall_limit():
    started = time.monotonic()
    r = run("import time\ntime.sleep(60)", wall_s=1.5)
    assert r.timed_out and "wall-time limit" in r.summary()
    assert time.monotonic() - started < 8


def test_4gb_allocation_fails():
    r = run("x = bytearray(4 * 1024**3)\nprint('allocated')", memory_mb=256)
    assert "allocated" not in r.stdout
    assert "MemoryError" in r.stderr


def test_socket_connect_fails_even_to_a_listening_loopback_port():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    code = f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=2)\nprint('connected')"
    r = run(code)
    listener.close()
    assert "connected" not in r.stdout and not accepted
    assert r.exit_code != 0


def test_environment_is_scrubbed(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET-1234567890")
    monkeypatch.setenv("MY_SERVICE_TOKEN", "tok-SECRET-abcdefgh")
    r = run("import os\nprint(repr(os.environ.get('OPENAI_API_KEY')), repr(os.environ.get('MY_SERVICE_TOKEN')))\nprint(sorted(os.environ))")
    assert r.stdout.splitlines()[0] == "None None"
    assert "SECRET" not in r.stdout


def test_writing_outside_the_working_directory_fails(tmp_path):
    target = tmp_path / "escaped.txt"
    r = run(f"open({str(target)!r}, 'w').write('x')\nprint('wrote')")
    assert not target.exists() and "wrote" not in r.stdout
    assert "FileNotFoundError" in r.stderr  # the host's folders are not there at all
    inside = run("open('notes.txt', 'w').write('x')\nprint(open('notes.txt').read())")
    assert inside.ok and inside.stdout.strip() == "x"


def test_working_directory_is_empty_and_temporary():
    r = run("import os\nprint(sorted(os.listdir('.')))\nprint(os.getcwd())")
    listing, cwd = r.stdout.splitlines()
    assert listing == "['main.py']" and cwd == "/scratch"
    again = run("import os\nprint(sorted(os.listdir('.')))")
    assert again.stdout.strip() == "['main.py']"  # nothing carried over from the run before


def test_a_subprocess_stays_inside_the_boundary():
    r = run("import subprocess\nprint(subprocess.run(['ls', '/proc'], capture_output=True, text=True).stdout.split())")
    pids = [p for p in eval(r.stdout) if p.isdigit()]
    assert r.ok and len(pids) <= 4 and str(os.getpid()) not in pids  # the sandbox's own few processes only


def test_output_is_truncated():
    r = run("print('y' * 100000)", output_bytes=1000)
    assert len(r.stdout) < 1100 and r.stdout.endswith("[output truncated]")


def test_the_sandbox_runs_from_a_virtualenv_that_lives_under_tmp(tmp_path):
    """A fresh clone's venv under /tmp: its prefix is bound after the sandbox's own /tmp, not hidden by it."""
    import subprocess
    import sys

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    code = ("import asyncio; from assay.agent.sandbox import run_python; "
            "r = asyncio.run(run_python('import sys; print(sys.prefix)')); print(r.stdout.strip(), r.exit_code, r.stderr)")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split()[:2] == [str(venv), "0"], done.stdout + done.stderr
