"""End to end on the real embedded llama.cpp server with the shipped SmolLM2 model (real subprocesses, signals)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import datasets
import pytest

from assay.agent.episode import Agent
from assay.endpoint.client import EndpointClient
from assay.config import AgentConfig, EndpointConfig
from assay.records import Record, Seed
from assay.seeds import demo_seeds_path
from assay.agent.tools import Toolbox
from conftest import as_from_a_terminal, run_async

pytestmark = pytest.mark.model
ASSAY = [sys.executable, "-m", "assay"]


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


def wait_for_server_child(proc: subprocess.Popen, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = [k for k in children(proc.pid) if "llama_cpp.server" in Path(f"/proc/{k}/cmdline").read_text(errors="ignore")]
        if kids:
            return kids[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError("assay never started the embedded server")


def test_run_end_to_end_writes_records_and_a_loadable_dataset(tmp_path):
    out = tmp_path / "run"
    done = subprocess.run([*ASSAY, "run", "--out", str(out), "--limit", "3", "--samples", "1", "--no-progress"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "run finished: 3 records" in done.stdout
    records = [Record.model_validate_json(line) for line in (out / "records.jsonl").read_text().splitlines()]
    demo_ids = [json.loads(line)["id"] for line in demo_seeds_path().read_text().splitlines()[:3]]
    assert [r.seed.id for r in records] == demo_ids  # one record per seed, in seed order
    for r in records:
        assert r.status.value in {"accepted", "rejected", "failed"} and r.reason
        assert r.calls and all(c.prompt_tokens > 0 and c.completion_tokens > 0 for c in r.calls)
        assert r.usage.prompt_tokens == sum(c.prompt_tokens for c in r.calls)
        assert r.messages[0]["role"] == "system"
        assert r.provenance.model == "smollm2" and len(r.provenance.prompt_version) == 12
        if r.status.value != "failed":
            assert r.verdicts and r.verdicts[0].validator == "structure"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["tokens"] == sum(r.usage.prompt_tokens + r.usage.completion_tokens for r in records)
    accepted = [r for r in records if r.status.value == "accepted"]
    assert summary["accepted_in_dataset"] == len(accepted)
    # dataset/ is the run's export in the Hub layout; a config with no rows is left out of its card.
    card = (out / "dataset" / "README.md").read_text()
    for config, status in (("insights", "accepted"), ("rejected", "rejected")):
        expected = [r.seed.id for r in records if r.status.value == status]
        assert (f"config_name: {config}\n" in card) == bool(expected)
        if expected:
            ds = datasets.load_dataset(str(out / "dataset"), config, split="train", cache_dir=str(tmp_path / "cache"))
            assert ds["id"] == expected
            assert ds.features["evidence"].feature["quote"].dtype == "string"
    # Resume: rerunning the same command records nothing twice.
    again = subprocess.run([*ASSAY, "run", "--out", str(out), "--limit", "3", "--samples", "1", "--no-progress"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 new, 3 resumed" in again.stdout
    assert len((out / "records.jsonl").read_text().splitlines()) == 3


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 130)])
def test_signal_stops_the_run_and_the_embedded_server(tmp_path, sig, code):
    proc = subprocess.Popen([*ASSAY, "run", "--out", str(tmp_path / "run"), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_from_a_terminal)
    server = wait_for_server_child(proc)
    time.sleep(1.0)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "to resume" in err
    assert wait_gone(server), "the embedded server outlived assay"


def test_sigkill_of_assay_leaves_no_orphan_server(tmp_path):
    proc = subprocess.Popen([*ASSAY, "run", "--out", str(tmp_path / "run"), "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = wait_for_server_child(proc)
    proc.kill()
    proc.wait(timeout=10)
    assert wait_gone(server), "the embedded server outlived a SIGKILLed assay"


def test_serve_prints_a_working_base_url_and_stops_on_sigterm():
    proc = subprocess.Popen([*ASSAY, "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        with urllib.request.urlopen(url + "/models", timeout=10) as r:
            assert json.load(r)["data"][0]["id"] == "smollm2"
        server = wait_for_server_child(proc, timeout=5)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert wait_gone(server)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_run_against_an_external_endpoint_and_one_real_episode(tmp_path, llama_server, demo_corpus):
    out = tmp_path / "ext"
    env = dict(os.environ, MY_KEY="sk-assay-test-key-000")
    done = subprocess.run([*ASSAY, "run", "--endpoint", llama_server.base_url, "--model", "smollm2",
                           "--api-key-env", "MY_KEY", "--structured-output", "json_object_schema",
                           "--out", str(out), "--limit", "1", "--samples", "1", "--no-progress"],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    record = Record.model_validate_json((out / "records.jsonl").read_text())
    assert record.provenance.endpoint == "cli" and record.calls
    assert not list(out.glob("server.log")), "no embedded server should start when --endpoint is given"
    for path in out.rglob("*"):
        if path.is_file():
            assert b"sk-assay-test-key-000" not in path.read_bytes()

    async def episode():
        cfg = EndpointConfig(base_url=llama_server.base_url, structured_output="json_object_schema")
        client = EndpointClient("local", cfg, llama_server.base_url)
        try:
            agent = Agent(client, Toolbox(demo_corpus, ["search", "read", "calculate"]), demo_corpus,
                          AgentConfig(max_steps=2))
            return await agent.run(Seed(id="x", question="Who discovered penicillin?", sources=["penicillin"]))
        finally:
            await client.close()
    ep = run_async(episode())
    assert ep.calls and ep.calls[0].model
    assert (ep.insight is not None) != (ep.failure is not None)
    assert ep.messages[0]["role"] == "system" and "[penicillin]" in ep.messages[0]["content"]
