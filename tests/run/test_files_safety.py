"""assay deletes only what it made: real folders, a foreign SQLite file, git repositories and `assay` processes.

A run directory is known by its journal's schema and run id, not by a file named journal.sqlite; `--fresh`
and export replacement remove only the files assay's manifest lists; one run writes a run directory at a time.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assay.dataset.export import export_run
from assay.journal import Journal
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
HERE = Path(__file__).resolve().parent


def assay(*args, env=None, timeout=180):
    return subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def run_args(url: str, seeds: Path, out: Path, *extra: str) -> list[str]:
    return ["run", "--endpoint", url, "--model", "fake-model", "--seeds", str(seeds), "--corpus", str(CORPUS),
            "--out", str(out), "--no-progress", *extra]


def git(*args, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def digest(folder: Path) -> dict[str, str]:
    """Every file under the folder (a .git included) and its content hash."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI(research_handler()) as server:
        yield server


@pytest.fixture
def seeds(tmp_path) -> Path:
    path = tmp_path / "seeds.jsonl"
    write_seeds(path, 3, ["mars", "water"])
    return path


def foreign_database(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (name TEXT, taken TEXT)")
    db.execute("INSERT INTO photos VALUES ('cat.jpg', '2024-05-01')")
    db.commit()
    db.close()


@pytest.mark.parametrize("journal", ["foreign sqlite", "empty file"])
def test_a_file_named_journal_sqlite_is_neither_written_into_nor_deleted(fake, seeds, tmp_path, journal):
    out = tmp_path / "photos"
    out.mkdir()
    (out / "cat.jpg").write_bytes(b"\xff\xd8 a cat")
    if journal == "foreign sqlite":
        foreign_database(out / "journal.sqlite")
    else:
        (out / "journal.sqlite").touch()
    before = digest(out)
    for extra in ((), ("--fresh",)):
        r = assay(*run_args(fake.base_url, seeds, out, *extra))
        assert r.returncode == 5, r.stderr
        assert "journal.sqlite" in r.stderr and "never writes into or deletes" in r.stderr and "--out" in r.stderr
        assert digest(out) == before  # not a byte written, no -wal, no lock file, nothing deleted
    assert not fake.requests


def test_fresh_removes_only_the_files_assay_wrote(fake, seeds, tmp_path):
    out = tmp_path / "run"
    assert assay(*run_args(fake.base_url, seeds, out)).returncode == 0
    first = Journal(out, readonly=True).run_id
    # The user keeps notes and a git repository in the run directory, and a file of their own in dataset/.
    (out / "notes.md").write_text("my notes on this run\n")
    git("init", "-q", cwd=out)
    git("add", "notes.md", cwd=out)
    git("commit", "-q", "-m", "notes", cwd=out)
    (out / "dataset" / "MY-README.txt").write_text("mine\n")
    theirs = {f: h for f, h in digest(out).items()
              if f.startswith(".git/") or f in ("notes.md", "dataset/MY-README.txt")}
    written = set(json.loads((out / ".assay-manifest.json").read_text())["files"])
    assert {"journal.sqlite", "config.json", "records.jsonl", "summary.json", "dataset/"} <= written

    r = assay(*run_args(fake.base_url, seeds, out, "--fresh", "--limit", "1"))
    assert r.returncode == 0, r.stderr
    after = digest(out)
    assert {f: after.get(f) for f in theirs} == theirs  # the user's files and .git, byte for byte
    assert git("log", "--format=%s", cwd=out).strip() == "notes"
    journal = Journal(out, readonly=True)
    assert journal.run_id != first and len(journal.done_ids()) == 1  # a new run: the old records are gone
    journal.close()
    assert len((out / "records.jsonl").read_text().splitlines()) == 1


def test_fresh_through_a_symlink_is_refused(fake, seeds, tmp_path):
    real = tmp_path / "real-run"
    assert assay(*run_args(fake.base_url, seeds, real)).returncode == 0
    link = tmp_path / "link"
    link.symlink_to(real)
    before = digest(real)
    r = assay(*run_args(fake.base_url, seeds, link, "--fresh"))
    assert r.returncode == 5 and f"--out {link} is a symbolic link to {real}" in r.stderr
    assert "pass the folder itself, or drop --fresh" in r.stderr
    assert digest(real) == before


def published_clone(tmp_path: Path, run: Path) -> Path:
    """What `git clone` of the Hub repo gives: the files `assay publish` uploads, in a git repository."""
    export = tmp_path / "export"
    result = export_run(run, export)
    hub = tmp_path / "hub-repo"
    hub.mkdir()
    for f in result.files:  # exactly what publish uploads
        (hub / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(export / f, hub / f)
    git("init", "-q", cwd=hub)
    git("add", "-A", cwd=hub)
    git("commit", "-q", "-m", "assay export", cwd=hub)
    git("clone", "-q", str(hub), "clone", cwd=tmp_path)
    return tmp_path / "clone"


def test_export_into_a_git_clone_of_the_published_dataset_is_refused(fake, seeds, tmp_path):
    run = tmp_path / "run"
    assert assay(*run_args(fake.base_url, seeds, run)).returncode == 0
    clone = published_clone(tmp_path, run)
    (clone / "my-analysis.md").write_text("mine\n")
    assert "exporting again replaces this folder" in (clone / "README.md").read_text()  # the old marker is there
    before = digest(clone)
    r = assay("export", str(run), "--out", str(clone))
    assert r.returncode == 5, r.stderr
    assert f"{clone} is not empty and is not an assay export" in r.stderr and ".git/" in r.stderr
    assert "Choose another --out" in r.stderr
    assert digest(clone) == before
    assert not list(tmp_path.glob(".clone.*"))  # no staging folder left beside it


def test_reexport_replaces_assay_files_and_keeps_the_users(fake, seeds, tmp_path):
    run = tmp_path / "run"
    assert assay(*run_args(fake.base_url, seeds, run)).returncode == 0
    out = tmp_path / "dataset"
    out.mkdir()  # an empty folder the user made is fine
    sharded = set(export_run(run, out, max_shard_bytes=1, row_group_rows=1).files)  # an earlier, bigger export
    git("init", "-q", cwd=out)  # the user made the export folder a git repository and added a file
    (out / "NOTES.md").write_text("mine\n")
    git("add", "-A", cwd=out)
    git("commit", "-q", "-m", "first export", cwd=out)
    theirs = {f: h for f, h in digest(out).items() if f.startswith(".git/") or f == "NOTES.md"}

    r = assay("export", str(run), "--out", str(out))
    assert r.returncode == 0, r.stderr
    now = set(json.loads((out / ".assay-manifest.json").read_text())["files"])
    files = digest(out)
    assert {f: files.get(f) for f in theirs} == theirs
    stale = sharded - now
    assert stale and not any((out / f).exists() for f in stale)  # the earlier export's extra shards are gone
    assert all((out / f).is_file() for f in now)
    assert set(files) == now | set(theirs) | {".assay-manifest.json"}
    assert not list(tmp_path.glob(".dataset.*"))


def test_a_failed_server_start_does_not_block_the_retry(seeds, tmp_path):
    out = tmp_path / "run"
    cmd = ["run", "--serve", "vllm", "--model", "fake-model", "--seeds", str(seeds), "--corpus", str(CORPUS),
           "--out", str(out), "--no-progress", "--metrics-interval", "0"]
    failed = assay(*cmd, env={"ASSAY_VLLM_PYTHON": sys.executable})  # this Python has no vllm module
    assert failed.returncode == 4 and "vLLM is not installed" in failed.stderr
    fake_vllm = {"PYTHONPATH": os.pathsep.join([str(HERE.parent / "fakes" / "vllm"), os.environ.get("PYTHONPATH", "")]),
                 "FAKE_VLLM_STARTUP_S": "0.5"}
    retry = assay(*cmd, env=fake_vllm)
    assert retry.returncode == 0, retry.stderr
    assert "run finished: 3 records" in retry.stdout


def wait_for(predicate, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def lock_holder(out: Path) -> dict:
    try:
        return json.loads((out / ".assay-lock").read_text() or "{}")
    except (OSError, ValueError):
        return {}


def a_run_holding_the_lock(tmp_path: Path, fake: FakeOpenAI, **popen) -> tuple[subprocess.Popen, list[str], Path]:
    """An `assay run` of 12 slow seeds, returned once it holds its run directory's lock and has made a call."""
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 12, ["mars", "water"])
    out = tmp_path / "run"
    args = run_args(fake.base_url, seeds, out, "--agents", "1")
    proc = subprocess.Popen([sys.executable, "-m", "assay", *args], **popen)
    wait_for(lambda: lock_holder(out).get("pid") == proc.pid and fake.requests, what="the first run to start")
    return proc, args, out


def test_two_runs_on_one_folder_the_second_is_refused_at_once(tmp_path):
    with FakeOpenAI(research_handler(delay_s=0.1)) as slow:
        first, args, out = a_run_holding_the_lock(tmp_path, slow, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                  text=True)
        try:
            started = time.monotonic()
            second = assay(*args)
            assert time.monotonic() - started < 30 and first.poll() is None  # refused while the first still runs
            _, err_first = first.communicate(timeout=300)
        finally:
            if first.poll() is None:
                first.kill()
    assert second.returncode == 5, second.stderr
    assert f"{out} is in use by another assay run (pid {first.pid} on host " in second.stderr
    assert "choose another --out" in second.stderr
    assert first.returncode == 0, err_first
    ids = [json.loads(line)["seed"]["id"] for line in (out / "records.jsonl").read_text().splitlines()]
    assert sorted(ids) == [f"q{i:03d}" for i in range(12)]  # each seed once: the second run did none
    assert lock_holder(out) == {}  # released on exit


def test_a_killed_runs_lock_is_taken_over_with_a_notice(tmp_path):
    with FakeOpenAI(research_handler(delay_s=0.1)) as slow:
        first, args, out = a_run_holding_the_lock(tmp_path, slow, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert lock_holder(out)["pid"] == first.pid  # the file still names the dead holder
        resumed = assay(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert "taking over the lock of a run that ended without releasing it" in resumed.stderr
    assert f"pid {first.pid} on host" in resumed.stderr
    assert "run finished: 12 records" in resumed.stdout


KILL_IN_EXPORT = """
import os, signal, sys
from assay.dataset import pairs
def die(self):
    os.kill(os.getpid(), signal.SIGKILL)  # SIGKILL in the middle of an export, its pair index open
    yield
pairs.PairIndex.pairs = die
from assay.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_export_leaves_no_temp_folders(fake, seeds, tmp_path):
    run = tmp_path / "run"
    assert assay(*run_args(fake.base_url, seeds, run)).returncode == 0
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "export"
    env = {**os.environ, "TMPDIR": str(tmp), "SQLITE_TMPDIR": str(tmp)}
    killed = subprocess.run([sys.executable, "-c", KILL_IN_EXPORT, "export", str(run), "--out", str(out)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert killed.returncode == -signal.SIGKILL
    assert list(tmp.iterdir()) == []  # nothing behind in the temp folder (it was /tmp/assay-pairs-*)
    assert (tmp_path / ".export.partial").is_dir()  # the staging folder, beside the export...
    done = assay("export", str(run), "--out", str(out), env={"TMPDIR": str(tmp)})
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / ".export.partial").exists() and list(tmp.iterdir()) == []  # ...removed by the next one
