"""An endpoint that echoes the API key back, base64-encoded, in its error messages: the key reaches no output.

The echo lands where a server's words are kept: a failed seed's reason and message trace, the journal,
records.jsonl, the dataset, and the terminal (a seed left pending by a server error). Both alignments of the key inside a
longer base64 string are sent (HTTP Basic credentials `user:KEY` put it at an offset of 5 bytes).
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI, Reply
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
KEY = "sk-EchoCanary-9f8e7d6c5b4a39281706"


def encoded_forms() -> list[str]:
    plain, basic = base64.b64encode(KEY.encode()).decode(), base64.b64encode(f"user:{KEY}".encode()).decode()
    return [plain, basic, plain[4:-4], basic[12:-4]]  # whole, and cores no neighbouring byte changes


def test_a_key_echoed_in_base64_is_masked_in_records_files_and_terminal(tmp_path):
    plain, basic = encoded_forms()[:2]
    echo = f"your key is {plain} (Authorization: Basic {basic})"
    inner = research_handler()

    def handler(req):
        question = next((m["content"] for m in req["messages"] if "Question:" in m["content"]), "")
        if "item 1?" in question:  # every reply of this seed's episode: it fails, its trace and reason are kept
            return Reply({"choices": [{"message": {"content": f"I will not answer: {echo}"}, "finish_reason": "stop"}],
                          "usage": {"prompt_tokens": 5, "completion_tokens": 5}})
        if "item 2?" in question:  # an error after retries: the seed stays pending, the terminal says why
            return Reply({"error": {"message": f"upstream failed for {echo}"}}, status=500)
        return inner(req)

    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 4, ["mars", "water"])
    with FakeOpenAI(handler) as fake:
        done = subprocess.run(
            [sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model", "fake-model",
             "--api-key-env", "ECHO_TEST_KEY", "--seeds", str(seeds), "--corpus", str(CORPUS),
             "--out", str(tmp_path / "run"), "--no-progress"],
            capture_output=True, text=True, timeout=180, env={**os.environ, "ECHO_TEST_KEY": KEY})
    assert done.returncode == 3 and "upstream failed for" in done.stderr, done.stderr  # q002 pending
    records = {json.loads(line)["seed"]["id"]: json.loads(line)
               for line in (tmp_path / "run" / "records.jsonl").read_text().splitlines()}
    assert sorted(records) == ["q000", "q001", "q003"] and records["q001"]["status"] == "failed"
    assert "malformed" in records["q001"]["reason"] and "your key is" in json.dumps(records["q001"])  # echo kept
    files = [p for p in (tmp_path / "run").rglob("*") if p.is_file()]
    assert {"journal.sqlite", "records.jsonl"} <= {p.name for p in files}
    for form in [KEY, *encoded_forms()]:
        for text in (done.stdout, done.stderr):
            assert form not in text
        for path in files:
            assert form.encode() not in path.read_bytes(), (form, path)


def test_a_key_echoed_in_base64_by_a_401_is_masked_in_the_stop_message(tmp_path):
    """The breaker's stop message quotes the server's words (exit 3): the echo is there, masked."""
    basic = encoded_forms()[1]
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 2, ["mars"])
    with FakeOpenAI(lambda req: Reply({"error": {"message": f"invalid credentials Basic {basic}"}}, status=401)) as fake:
        done = subprocess.run(
            [sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model", "fake-model",
             "--api-key-env", "ECHO_TEST_KEY", "--seeds", str(seeds), "--corpus", str(CORPUS),
             "--out", str(tmp_path / "run"), "--no-progress"],
            capture_output=True, text=True, timeout=180, env={**os.environ, "ECHO_TEST_KEY": KEY})
    assert done.returncode == 3 and "invalid credentials Basic " in done.stderr, done.stderr
    for form in [KEY, *encoded_forms()]:
        assert form not in done.stdout + done.stderr
        for path in (p for p in (tmp_path / "run").rglob("*") if p.is_file()):
            assert form.encode() not in path.read_bytes(), (form, path)
