"""No assay scratch outlives a process killed with SIGKILL: real subprocesses, each with a TMPDIR of its own.

A temporary directory is removed by the process that made it; SIGKILL gives it no chance. So assay keeps
no named scratch: a Ray worker's journal is in memory, eval-validators' server log an unlinked file, the
export's index an SQLite temporary file (unlinked as it is opened). The one scratch folder (Run.dataset's
export) has a watchdog process that removes it when its maker dies.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assay.config import load_config
from assay.corpus import Corpus
from assay.endpoint.server_process import ServerProcess
from assay.errors import LocalServerError
from assay.seeds import demo_seeds_path, read_seeds
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

REPO = Path(__file__).resolve().parents[2]
CORPUS = demo_seeds_path().parent / "corpus"
STAGES = ["structure", "grounding", "numeric", "execution"]


def hanging_research(after: int):
    """The research FAKE, except that every request after the first `after` waits until released."""
    answer, release, reached, seen = research_handler(), threading.Event(), threading.Event(), [0]

    def handler(req: dict):
        seen[0] += 1
        if seen[0] > after and not release.is_set():
            reached.set()
            release.wait(60)
        return answer(req)
    return handler, reached, release


def killed_when(proc: subprocess.Popen, reached: threading.Event, release: threading.Event) -> None:
    try:
        assert reached.wait(120), "the process never got that far: " + (proc.stderr.read() if proc.poll() is not None else "")
        time.sleep(0.5)  # its episodes are mid-flight, its journal has committed what finished
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        release.set()
    assert proc.returncode == -signal.SIGKILL


def left_in(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir())


def test_a_killed_run_leaves_nothing_in_tmp(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 12, sorted(p.stem for p in CORPUS.glob("*.md")))
    handler, reached, release = hanging_research(after=15)
    with FakeOpenAI(handler) as fake:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model", "fake-model", "--seeds",
             str(seeds), "--corpus", str(CORPUS), "--out", str(tmp_path / "run"), "--no-progress", "--agents", "3"],
            env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed_when(proc, reached, release)
    assert left_in(tmp) == []


_SHARD = """
import json, sys
from assay.run.ray import run_shard
args = json.load(open(sys.argv[1]))
run_shard(args["cfg"], args["urls"], args["docs"], [tuple(item) for item in args["shard"]], [])
"""


def test_a_killed_ray_shard_leaves_nothing_in_tmp(tmp_path):
    """What a Ray worker runs, in a process of its own (no Ray needed to run it, or to SIGKILL it)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 4, sorted(p.stem for p in CORPUS.glob("*.md")))
    handler, reached, release = hanging_research(after=3)
    with FakeOpenAI(handler) as fake:
        cfg = load_config(None, {"run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp_path / "run"),
                                 "run.agents": 2, "validators.stages": STAGES, "endpoints.fake.base_url": fake.base_url,
                                 "endpoints.fake.model": "fake-model", "roles.agent": "fake"})
        args = tmp_path / "shard.json"
        args.write_text(json.dumps({
            "cfg": cfg.model_dump_json(), "urls": {"fake": fake.base_url}, "docs": Corpus.from_dir(CORPUS).docs,
            "shard": [(i, seed.model_dump(), 0) for i, seed in enumerate(read_seeds(seeds))]}))
        proc = subprocess.Popen([sys.executable, "-c", _SHARD, str(args)], env={**os.environ, "TMPDIR": str(tmp)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed_when(proc, reached, release)
    assert left_in(tmp) == []


_SCRATCH = """
import sys, time
from assay.scratch import scratch_dir
with scratch_dir("assay-test-") as path:
    (path / "part.parquet").write_bytes(b"x" * 4096)
    print(path, flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_scratch_folder_goes_when_its_maker_is_killed(tmp_path, sig):
    """The one kind of scratch folder assay makes (Run.dataset exports into one): its watchdog removes it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", _SCRATCH], env={**os.environ, "TMPDIR": str(tmp)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        folder = Path(proc.stdout.readline().strip())
        assert folder.parent == tmp and (folder / "part.parquet").is_file()
    finally:
        os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C or a kill of the job would
        proc.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while left_in(tmp) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left_in(tmp) == []


class _Talker(ServerProcess):
    """A server that says why it cannot start, then exits (a llama.cpp server with a bad model would)."""

    what = "the test server"

    def command(self) -> list[str]:
        return [sys.executable, "-c", "import sys; print('error: cannot load the model'); sys.exit(3)"]


def test_a_server_log_in_an_unlinked_file_is_still_quoted_when_the_start_fails(tmp_path):
    """eval-validators keeps the embedded server's log in an unlinked file: the failed start still says why."""
    import tempfile

    with tempfile.TemporaryFile(dir=tmp_path) as log:
        assert left_in(tmp_path) == []  # nothing on disk to outlive the process
        with pytest.raises(LocalServerError) as failed:
            _Talker(log_file=log, startup_timeout_s=30).start()
        assert not log.closed  # the caller's file: theirs to close
    assert "exited with code 3" in str(failed.value) and "cannot load the model" in str(failed.value)
    assert "see " not in str(failed.value)  # no path to send the user to


def test_assay_makes_no_named_scratch():
    """The class, for code added later: a named temporary file or folder is left behind by SIGKILL."""
    allowed = {  # (file, call): why it is not scratch
        ("pipeline/run/rundir.py", "mkstemp"): "a crash's traceback, kept on purpose where no run directory is ours",
        ("pipeline/scratch.py", "mkdtemp"): "removed by a watchdog process when its maker exits or dies",
    }
    found = set()
    for path in [*REPO.joinpath("pipeline").rglob("*.py"), *REPO.joinpath("validators").rglob("*.py")]:
        for call in re.findall(r"\b(mkdtemp|mkstemp|TemporaryDirectory|NamedTemporaryFile)\(", path.read_text()):
            found.add((str(path.relative_to(REPO)), call))
    assert found <= set(allowed), f"named scratch that SIGKILL would leave behind: {sorted(found - set(allowed))}"
