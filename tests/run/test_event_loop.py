"""The driver's event loop: uvloop by default where installed, asyncio's on request, and both stop
cleanly on SIGTERM (real `assay run` subprocesses against a loopback FAKE endpoint)."""
from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time

import pytest

from assay import aio
from assay.errors import UsageError
from assay.seeds import demo_seeds_path
from conftest import as_from_a_terminal
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"


def assay_run(url, seeds, out, *extra):
    return [sys.executable, "-m", "assay", "run", "--endpoint", url, "--model", "fake-model", "--seeds", str(seeds),
            "--corpus", str(CORPUS), "--out", str(out), "--no-progress", "--agents", "2", *extra]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    path = tmp_path_factory.mktemp("loop") / "seeds.jsonl"
    write_seeds(path, 12, sorted(p.stem for p in CORPUS.glob("*.md")))
    return path


@pytest.mark.parametrize("flag, expected", [((), "uvloop"), (("--event-loop", "asyncio"), "asyncio"),
                                            (("--event-loop", "uvloop"), "uvloop")])
def test_a_run_uses_the_chosen_loop_and_says_so(seeds, tmp_path, flag, expected):
    with FakeOpenAI(research_handler()) as fake:
        done = subprocess.run(assay_run(fake.base_url, seeds, tmp_path / "run", *flag),
                              capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["event_loop"] == expected
    assert summary["new_records"] == 12


@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_sigterm_mid_run_stops_cleanly_on_either_loop(seeds, tmp_path, loop):
    out = tmp_path / "run"
    with FakeOpenAI(research_handler(delay_s=0.5)) as fake:  # 12 seeds x >= 2 calls x 0.5 s over 2 agents: >= 6 s
        proc = subprocess.Popen(assay_run(fake.base_url, seeds, out, "--event-loop", loop),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(fake.requests) < 3 and time.monotonic() < deadline:  # the job is under way
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before the signal; the test proved nothing"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "to resume" in err
    assert (out / "journal.sqlite").exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_a_signal_before_the_job_starts_stops_cleanly_on_either_loop(seeds, tmp_path, loop, sig):
    """The loop is running but the job's own handlers are not in place yet (here: the preflight GET
    /models is slow). A handler raising KeyboardInterrupt inside uvloop used to break its shutdown."""
    with FakeOpenAI(research_handler()) as fake:
        fake.models_delay_s = 20.0
        proc = subprocess.Popen(assay_run(fake.base_url, seeds, tmp_path / "run", "--event-loop", loop),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_from_a_terminal)
        deadline = time.monotonic() + 60
        while fake.models_requests == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the request is out; the loop waits on it
        assert proc.poll() is None and not fake.requests, "the job started before the signal; nothing was proved"
        started = time.monotonic()
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "to resume" in err and "Traceback" not in err, err
    assert time.monotonic() - started < 15, "the signal waited for the slow request instead of stopping the run"


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as `nohup` or a background job of a script leaves it


def test_an_inherited_ignored_sigint_stays_ignored_and_sigterm_still_stops(seeds, tmp_path):
    with FakeOpenAI(research_handler()) as fake:
        fake.models_delay_s = 20.0
        proc = subprocess.Popen(assay_run(fake.base_url, seeds, tmp_path / "run"), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, preexec_fn=_ignore_sigint)
        deadline = time.monotonic() + 60
        while fake.models_requests == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        time.sleep(1.5)
        assert proc.poll() is None, "an ignored SIGINT stopped the run"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "to resume" in err, err


def test_asking_for_uvloop_without_it_names_the_fix(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # `import uvloop` raises ImportError
    with pytest.raises(UsageError, match="pip install uvloop"):
        aio.loop_factory("uvloop")
    assert aio.loop_factory("auto") is None  # auto falls back to asyncio's loop

    async def which():
        return aio.loop_name()
    assert aio.run(which(), "auto") == "asyncio"


def test_an_unknown_loop_is_a_usage_error():
    coro = asyncio.sleep(0)
    with pytest.raises(UsageError, match="auto, uvloop, asyncio"):
        aio.run(coro, "trio")
