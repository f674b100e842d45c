"""Every error is a message with its documented exit code: each case driven through the real CLI in a subprocess.

Each row asserts the exit code, one `error:` line naming the file, line, key or flag and the fix, and no
traceback on the terminal. Read-only folders are real read-only mounts (a private mount namespace, as the
sandbox uses); a full disk is a file size limit on the process (writes fail with EFBIG, as on a full disk).
"""
from __future__ import annotations

import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assay.errors import EXIT_CODES
from assay.journal import Journal
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"


def _can_mount() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


MOUNTS = _can_mount()
needs_mounts = pytest.mark.skipif(not MOUNTS, reason="needs mount namespaces (unshare -rm) for a read-only mount, "
                                                    "as root would write through file permissions")


def read_only(*paths: Path) -> list[str]:
    """A command prefix: the rest of the command sees `paths` as read-only mounts."""
    mounts = " && ".join(f"mount --bind -o ro {shlex.quote(str(p))} {shlex.quote(str(p))}" for p in paths)
    return ["unshare", "-rm", "sh", "-c", f'{mounts} && exec "$@"', "sh"]


def file_size_limit(n: int) -> Callable[[], None]:
    def limit() -> None:  # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing it
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
    return limit


def assay(*args: str, prefix: list[str] = (), preexec=None, env=None, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "assay", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=preexec, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI(research_handler()) as server:
        yield server


@dataclass
class World:
    """What a case builds its command from: a folder of its own and the fake endpoint."""
    tmp: Path
    url: str
    seeds: Path = field(init=False)

    def __post_init__(self) -> None:
        self.seeds = self.tmp / "seeds.jsonl"
        write_seeds(self.seeds, 3, ["mars", "water"])

    def run(self, *extra: str, seeds: Path | None = None, corpus: Path = CORPUS, out: Path | None = None) -> list[str]:
        return ["run", "--endpoint", self.url, "--model", "fake-model", "--seeds", str(seeds or self.seeds),
                "--corpus", str(corpus), "--out", str(out or self.tmp / "run"), "--no-progress", *extra]

    def file(self, name: str, content: str | bytes) -> Path:
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    def corpus(self, **extra: str | bytes) -> Path:
        folder = self.tmp / "corpus"
        shutil.copytree(CORPUS, folder, dirs_exist_ok=True)
        for name, content in extra.items():
            self.file(f"corpus/{name.replace('__', '.')}", content)
        return folder


@dataclass
class Case:
    build: Callable[[World], dict]  # -> {"args": [...], optional "prefix", "preexec"}
    code: int
    says: Callable[[World], list[str]]  # every one must be in the message
    mounts: bool = False


def _out_is_a_file(w):
    return {"args": w.run(out=w.file("out.txt", "not a folder"))}


def _fresh_on_a_symlink(w):
    Journal(w.tmp / "real").close()  # an assay run directory...
    (w.tmp / "link").symlink_to(w.tmp / "real")  # ...reached through a link
    return {"args": w.run("--fresh", out=w.tmp / "link")}


def _read_only_out(w):
    (w.tmp / "ro").mkdir()
    return {"args": w.run(out=w.tmp / "ro"), "prefix": read_only(w.tmp / "ro")}


def _read_only_parent(w):
    (w.tmp / "ro").mkdir()
    return {"args": w.run(out=w.tmp / "ro" / "run"), "prefix": read_only(w.tmp / "ro")}


def _disk_full(w):
    write_seeds(w.seeds, 40, ["mars", "water"])
    return {"args": w.run(), "preexec": file_size_limit(150_000)}


def _seeds_not_utf8(w):
    lines = w.seeds.read_bytes().splitlines(keepends=True)
    w.seeds.write_bytes(lines[0] + lines[1].replace(b"What", b"Qu\xe9") + lines[2])  # Latin-1
    return {"args": w.run()}


def _toml_not_utf8(w):
    return {"args": ["run", "-c", str(w.file("cfg.toml", b"[agent]\n# r\xe9sum\xe9\nmax_steps = 2\n"))]}


def _config_is_a_folder(w):
    (w.tmp / "conf").mkdir()
    return {"args": ["run", "-c", str(w.tmp / "conf")]}


def _wall_time_inf(w):
    return {"args": ["run", "-c", str(w.file("cfg.toml", "[agent]\nwall_time_s = inf\n"))]}


def _flag_nan(w):
    return {"args": w.run("--max-cost", "nan")}


def _endpoint_without_scheme(w):
    return {"args": ["run", "--endpoint", "localhost:8000/v1", "--model", "m", "--out", str(w.tmp / "run")]}


def _ftp_endpoint(w):
    return {"args": ["run", "--endpoint", "ftp://files.example.com/v1", "--model", "m", "--out", str(w.tmp / "run")]}


def _ftp_in_config(w):
    cfg = w.file("cfg.toml", '[endpoints.gpu]\nbase_url = "ftp://gpu-host/v1"\n[roles]\nagent = "gpu"\n')
    return {"args": ["run", "-c", str(cfg), "--out", str(w.tmp / "run")]}


def _empty_seed_file(w):
    return {"args": w.run(seeds=w.file("empty.jsonl", "\n\n"))}


def _seeds_a_folder(w):
    (w.tmp / "seeds-dir").mkdir()
    return {"args": w.run(seeds=w.tmp / "seeds-dir")}


def _missing_source(w):
    seeds = w.file("cites.jsonl", '{"id": "a", "question": "Q?", "sources": ["mars"]}\n'
                                  '{"id": "b", "question": "Q?", "sources": ["venus"]}\n')
    return {"args": w.run(seeds=seeds)}


def _corpus_symlink_outside(w):
    secret = w.file("outside/secret.md", "the user's private notes\n")
    corpus = w.corpus()
    (corpus / "notes.md").symlink_to(secret)
    return {"args": w.run(corpus=corpus)}


def _corpus_duplicate_ids(w):
    return {"args": w.run(corpus=w.corpus(mars__txt="Mars, again.\n"))}


def _corpus_binary_file(w):
    return {"args": w.run(corpus=w.corpus(photo__md=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))}


def _export_out_a_file(w):
    Journal(w.tmp / "run").close()
    return {"args": ["export", str(w.tmp / "run"), "--out", str(w.file("x.txt", "mine"))]}


def _report_not_a_run(w):
    w.file("run/journal.sqlite", b"")
    return {"args": ["report", str(w.tmp / "run")]}


CASES = {
    "--out is a regular file": Case(_out_is_a_file, 5, lambda w: [f"--out {w.tmp / 'out.txt'} is a file, not a folder"]),
    "--fresh on a symlink": Case(_fresh_on_a_symlink, 5, lambda w: [
        f"--out {w.tmp / 'link'} is a symbolic link", "pass the folder itself, or drop --fresh"]),
    "read-only --out": Case(_read_only_out, 5, lambda w: [
        f"cannot write {w.tmp / 'ro'}", "read-only", "pass --out a folder you can write to"], mounts=True),
    "--out in a read-only folder": Case(_read_only_parent, 5, lambda w: [
        f"cannot write {w.tmp / 'ro' / 'run'}", "read-only", "pass --out a folder you can write to"], mounts=True),
    "disk full": Case(_disk_full, 5, lambda w: [
        f"cannot write {w.tmp / 'run'}", "free some space", "rerun the same command: finished seeds are kept"]),
    "seeds not UTF-8": Case(_seeds_not_utf8, 2, lambda w: [
        f"{w.seeds}:2: not UTF-8 text (byte 0xe9", "save the file as UTF-8"]),
    "TOML not UTF-8": Case(_toml_not_utf8, 2, lambda w: [f"{w.tmp / 'cfg.toml'}:2: not UTF-8 text (byte 0xe9)",
                                                         "save the file as UTF-8"]),
    "-c a folder": Case(_config_is_a_folder, 2, lambda w: [f"{w.tmp / 'conf'}: is a folder, not a config file",
                                                           "-c/--config"]),
    "wall_time_s = inf": Case(_wall_time_inf, 2, lambda w: [
        str(w.tmp / "cfg.toml"), "agent.wall_time_s: inf is not a finite number", "write a number"]),
    "--max-cost nan": Case(_flag_nan, 2, lambda w: ["--max-cost (budget.max_cost_usd): nan is not a finite number"]),
    "--endpoint without a scheme": Case(_endpoint_without_scheme, 2, lambda w: [
        "--endpoint (endpoints.cli.base_url): 'localhost:8000/v1' has no scheme", "add http://",
        "http://localhost:8000/v1"]),
    "ftp:// endpoint": Case(_ftp_endpoint, 2, lambda w: ["--endpoint", "ftp:// is not supported", "http:// or https://"]),
    "ftp:// in the config": Case(_ftp_in_config, 2, lambda w: [
        str(w.tmp / "cfg.toml"), "endpoints.gpu.base_url", "ftp:// is not supported"]),
    "empty seed file": Case(_empty_seed_file, 2, lambda w: [f"{w.tmp / 'empty.jsonl'}: the seed file is empty",
                                                            "one JSON object per line"]),
    "--seeds a folder": Case(_seeds_a_folder, 2, lambda w: [f"{w.tmp / 'seeds-dir'}: is a folder, not a seed file",
                                                            "--seeds"]),
    "seed cites a missing document": Case(_missing_source, 2, lambda w: [
        f"{w.tmp / 'cites.jsonl'}:2: seed 'b' cites 'venus', not in the corpus", "--corpus"]),
    "corpus symlink to outside": Case(_corpus_symlink_outside, 2, lambda w: [
        f"{w.tmp / 'corpus' / 'notes.md'}: a link to {w.tmp / 'outside' / 'secret.md'}, outside the corpus folder",
        "copy the document into"]),
    "duplicate document ids": Case(_corpus_duplicate_ids, 2, lambda w: [
        f"{w.tmp / 'corpus' / 'mars.txt'}: document id 'mars' is also mars.md", "rename or remove one"]),
    "binary corpus file": Case(_corpus_binary_file, 2, lambda w: [
        f"{w.tmp / 'corpus' / 'photo.md'}: binary data, not text", "move it out of the folder"]),
    "export --out a file": Case(_export_out_a_file, 5, lambda w: [f"{w.tmp / 'x.txt'} is a file or a link, not a folder"]),
    "report on an empty journal.sqlite": Case(_report_not_a_run, 2, lambda w: [
        f"{w.tmp / 'run'}: not an assay run directory", "pass a directory written by `assay run`"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_is_one_message_with_its_exit_code(name, fake, tmp_path):
    case = CASES[name]
    if case.mounts and not MOUNTS:
        pytest.skip("needs mount namespaces (unshare -rm) for a read-only mount")
    world = World(tmp_path, fake.base_url)
    before = len(fake.requests)
    how = case.build(world)
    r = assay(*how["args"], prefix=how.get("prefix", []), preexec=how.get("preexec"))
    assert r.returncode == case.code, r.stderr
    assert case.code in EXIT_CODES
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in r.stderr, r.stderr
    message = r.stderr[r.stderr.index("error:"):]
    for part in case.says(world):
        assert part in message, f"{part!r} not in {message!r}"
    if case.code == 2:
        assert len(fake.requests) == before  # refused before any token was spent


def test_after_a_full_disk_the_same_command_resumes(fake, tmp_path):
    world = World(tmp_path, fake.base_url)
    how = _disk_full(world)
    full = assay(*how["args"], preexec=how["preexec"])
    assert full.returncode == 5 and "finished seeds are kept" in full.stderr
    done = assay(*how["args"])
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["seed"]["id"] for line in (tmp_path / "run" / "records.jsonl").read_text().splitlines()]
    assert sorted(ids) == [f"q{i:03d}" for i in range(40)]


PLANT_A_BUG = """
import importlib, sys
module, name = sys.argv[1].rsplit(".", 1)
def bug(*args, **kwargs):
    raise ZeroDivisionError("a bug the test planted")
setattr(importlib.import_module(module), name, bug)
from assay.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("where", ["in the run", "before the run directory"])
def test_a_bug_is_one_line_and_its_traceback_goes_to_a_log_file(fake, tmp_path, where):
    world = World(tmp_path, fake.base_url)
    target = "assay.run.runner._serve" if where == "in the run" else "assay.run.runner.check_seed_file"
    temp = tmp_path / "tmp"
    temp.mkdir()
    r = subprocess.run([sys.executable, "-c", PLANT_A_BUG, target, *world.run()], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "TMPDIR": str(temp)})
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "File \"" not in r.stderr
    (line,) = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith("error: unexpected internal error (a bug): ZeroDivisionError: a bug the test planted; "
                           "the traceback is in ")
    log = Path(re.search(r"the traceback is in (\S+):", line).group(1))
    if where == "in the run":
        assert log == tmp_path / "run" / "error.log"
    else:  # no run directory of assay's to write into: a temp file
        assert log.parent == temp and log.name.startswith("assay-error-") and not (tmp_path / "run").exists()
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: a bug the test planted" in text


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, fake) -> Path:
    root = tmp_path_factory.mktemp("finished")
    world = World(root, fake.base_url)
    done = assay(*world.run())
    assert done.returncode == 0, done.stderr
    return root / "run"


@needs_mounts
def test_report_and_export_read_a_read_only_copy_of_a_finished_run(finished_run, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(finished_run, copy)
    before = sorted(p.name for p in copy.iterdir())
    report = assay("report", str(copy), prefix=read_only(copy))
    assert report.returncode == 0, report.stderr
    assert "accepted" in report.stdout
    export = assay("export", str(copy), "--out", str(tmp_path / "export"), prefix=read_only(copy))
    assert export.returncode == 0, export.stderr
    assert (tmp_path / "export" / "README.md").is_file()
    assert sorted(p.name for p in copy.iterdir()) == before  # no -shm, -wal or lock left in the copy
