"""Endpoint failures that are not about a seed stop the run with the cause and the fix; seeds stay pending.

Each fault is injected at the wire by a FAKE OpenAI server whose GET /models stays healthy, so only the
chat calls fail. After the fault is fixed, the same command resumes and completes every seed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assay.journal import Journal
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI, Reply
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
N = 6


def switchable():
    """The research fake, or a fault while `state['fault']` is set."""
    inner = research_handler()
    state = {"fault": None}

    def handler(req):
        return state["fault"](req) if state["fault"] else inner(req)
    return handler, state


def assay_run(fake, tmp_path, *extra, env=None):
    seeds = tmp_path / "seeds.jsonl"
    if not seeds.exists():
        write_seeds(seeds, N, ["mars", "water", "honeybees"])
    cfg = tmp_path / "assay.toml"
    cfg.write_text(f'[endpoints.fake]\nbase_url = "{fake.base_url}"\nmodel = "fake-model"\nmax_retries = 1\n'
                   'api_key_env = "ASSAY_TEST_KEY"\n[roles]\nagent = "fake"\n')
    return subprocess.run([sys.executable, "-m", "assay", "run", "-c", str(cfg), "--seeds", str(seeds), "--corpus",
                           str(CORPUS), "--out", str(tmp_path / "run"), "--no-progress", *extra],
                          capture_output=True, text=True, timeout=180,
                          env={**os.environ, "ASSAY_TEST_KEY": "sk-test-key-123456", **(env or {})})


def recorded(tmp_path) -> dict[str, str]:
    journal = Journal(tmp_path / "run")
    try:
        return {r.seed.id: r.status.value for r in journal.records()}
    finally:
        journal.close()


def seeds_only(fault):
    """The fault for the seeds' requests; the preflight probe of the JSON mode is answered, so the breaker's
    streak rule (the same error across different seeds) is what stops the run."""
    def answer(req):
        if '{"ok": true}' in req["messages"][-1]["content"]:
            return Reply({"choices": [{"message": {"content": '{"ok": true}'}, "finish_reason": "stop"}],
                          "usage": {"prompt_tokens": 5, "completion_tokens": 3}})
        return fault(req)
    return answer


FAULTS = {
    "401 wrong key": (lambda req: Reply({"error": {"message": "Incorrect API key provided"}}, status=401),
                      ["HTTP 401", "check the key in ASSAY_TEST_KEY"]),
    "403 forbidden": (lambda req: Reply({"error": {"message": "no access"}}, status=403), ["HTTP 403"]),
    "404 no such model": (lambda req: Reply({"error": {"message": "model not found"}}, status=404),
                          ["HTTP 404", "check --model"]),
    "302 redirect": (lambda req: Reply(b"", status=302, headers={"Location": "https://elsewhere.example/v1"}),
                     ["redirected (HTTP 302)", "use the URL it redirects to"]),
    "200 with an error object": (seeds_only(lambda req: Reply({"error": {"message": "upstream overloaded"}})),
                                 ["different seeds in a row", "no choices"]),
    "200 that is not JSON": (seeds_only(lambda req: Reply(b"<html>gateway</html>", headers={"Content-Type": "text/html"})),
                             ["different seeds in a row", "not JSON"]),
    "200 that is not JSON, from the first request": (
        lambda req: Reply(b"<html>gateway</html>", headers={"Content-Type": "text/html"}),
        ["answers no chat request, whatever the JSON mode", "not JSON"]),
    "429 with Retry-After 3600": (lambda req: Reply({"error": {"message": "quota"}}, status=429,
                                                    headers={"Retry-After": "3600"}),
                                  ["Retry-After", "quota is spent"]),
    "400 the server refuses the request shape": (
        seeds_only(lambda req: Reply({"error": {"message": "response_format json_schema is not supported"}}, status=400)),
        ["different seeds in a row", "json_schema is not supported"]),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_an_endpoint_fault_stops_the_run_leaves_seeds_pending_and_the_resume_completes(tmp_path, name):
    fault, says = FAULTS[name]
    handler, state = switchable()
    with FakeOpenAI(handler) as fake:
        state["fault"] = fault
        broken = assay_run(fake, tmp_path)
        assert broken.returncode == 3, broken.stderr
        for text in says:
            assert text in broken.stderr, (text, broken.stderr)
        assert broken.stderr.count("error:") == 1 and "Traceback" not in broken.stderr
        assert "failed" not in recorded(tmp_path).values()  # no seed burned: pending, not failed
        assert "sk-test-key-123456" not in broken.stderr
        state["fault"] = None  # the user fixes the endpoint and runs the same command
        fixed = assay_run(fake, tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert sorted(recorded(tmp_path)) == [f"q{i:03d}" for i in range(N)]
    assert "failed" not in recorded(tmp_path).values()


def test_a_seed_whose_retries_run_out_stays_pending_and_the_run_says_so(tmp_path):
    """One seed's transient 500s outlast its retries: the others finish, the run exits 3 naming why, and
    the rerun completes that seed (it was never recorded as failed)."""
    inner = research_handler()
    flaky = {"on": True}

    def handler(req):
        if flaky["on"] and any("item 1?" in m["content"] for m in req["messages"]):
            return Reply({"error": {"message": "boom"}}, status=500)
        return inner(req)

    with FakeOpenAI(handler) as fake:
        first = assay_run(fake, tmp_path)
        assert first.returncode == 3, first.stderr
        assert "1 seeds stay pending after endpoint errors" in first.stderr and "HTTP 500" in first.stderr
        kept = recorded(tmp_path)
        assert sorted(kept) == [f"q{i:03d}" for i in range(N) if i != 1] and "failed" not in kept.values()
        summary = json.loads((tmp_path / "run" / "summary.json").read_text())
        assert summary["pending_after_endpoint_errors"] == 1
        flaky["on"] = False
        second = assay_run(fake, tmp_path)
    assert second.returncode == 0, second.stderr
    assert sorted(recorded(tmp_path)) == [f"q{i:03d}" for i in range(N)]


def test_retry_failed_attempts_failed_seeds_again_filtered_by_reason(tmp_path):
    """Seeds whose context overflowed are failed records (they belong to the seed); --retry-failed with a
    reason filter runs exactly those again, and leaves other failed seeds alone."""
    inner = research_handler()
    overflow = {"on": True}

    def handler(req):
        question = next((m["content"] for m in req["messages"] if "Question:" in m["content"]), "")
        if overflow["on"] and ("item 1?" in question or "item 2?" in question):
            return Reply({"error": {"message": "This model's maximum context length is 2048 tokens"}}, status=400)
        return inner(req)

    with FakeOpenAI(handler) as fake:
        first = assay_run(fake, tmp_path)
        assert first.returncode == 0, first.stderr
        assert [s for s, v in recorded(tmp_path).items() if v == "failed"] == ["q001", "q002"]
        overflow["on"] = False
        untouched = assay_run(fake, tmp_path, "--retry-failed", "no such reason")
        assert untouched.returncode == 0 and "retrying 0 failed seeds" in untouched.stderr
        again = assay_run(fake, tmp_path, "--retry-failed", "context overflow")
    assert again.returncode == 0, again.stderr
    assert "retrying 2 failed seeds whose reason contains 'context overflow'" in again.stderr
    assert "failed" not in recorded(tmp_path).values() and len(recorded(tmp_path)) == N
