"""Input hygiene through the real CLI and the real corpus loader: what is accepted, what is refused before any token.

Every refusal's message and exit code is also a row of test_cli_errors.py; here: what a refusal leaves untouched
(no token spent, no document sent), and the inputs that must keep working (a BOM, --limit, links inside the corpus).
"""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pytest

from assay.corpus import Corpus
from assay.errors import UsageError
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"


def assay(*args, timeout=180):
    return subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ))


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI(research_handler()) as server:
        yield server


def run(fake, seeds, out, *extra, corpus=CORPUS):
    return assay("run", "--endpoint", fake.base_url, "--model", "fake-model", "--seeds", str(seeds), "--corpus",
                 str(corpus), "--out", str(out), "--no-progress", *extra)


def test_a_utf8_bom_in_the_seed_file_is_accepted(fake, tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 3, ["mars", "water"])
    seeds.write_bytes(codecs.BOM_UTF8 + seeds.read_bytes().replace(b"\n", b"\r\n"))  # as Notepad saves it
    r = run(fake, seeds, tmp_path / "run")
    assert r.returncode == 0, r.stderr
    assert "run finished: 3 records" in r.stdout
    ids = [json.loads(line)["seed"]["id"] for line in (tmp_path / "run" / "records.jsonl").read_text().splitlines()]
    assert ids == ["q000", "q001", "q002"]


def test_missing_sources_are_refused_before_any_token_even_with_skip(fake, tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text('{"id": "a", "question": "What is Mars?", "sources": ["mars"]}\n'
                     '{"id": "b", "question": "What is Venus?", "sources": ["venus", "mars", "vulcan"]}\n')
    before = len(fake.requests)
    r = run(fake, seeds, tmp_path / "run", "--on-bad-seed", "skip")
    assert r.returncode == 2
    assert f"{seeds}:2: seed 'b' cites 'venus', 'vulcan', not in the corpus" in r.stderr
    assert len(fake.requests) == before  # not one call: a seed cannot be grounded in a document that is not there
    assert not (tmp_path / "run").exists()  # refused before the run directory was made
    limited = run(fake, seeds, tmp_path / "run", "--limit", "1")  # only the seeds the run will attempt count
    assert limited.returncode == 0, limited.stderr


def test_a_corpus_link_outside_is_refused_and_never_sent(fake, tmp_path):
    private = tmp_path / "home" / "diary.md"
    private.parent.mkdir()
    private.write_text("PRIVATE-DIARY-CANARY: nothing for the endpoint\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mars.md").write_text((CORPUS / "mars.md").read_text())
    (corpus / "diary.md").symlink_to(private)
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 2, ["mars"])
    before = len(fake.requests)
    r = run(fake, seeds, tmp_path / "run", corpus=corpus)
    assert r.returncode == 2 and f"{corpus / 'diary.md'}: a link to {private}, outside the corpus folder" in r.stderr
    assert "PRIVATE-DIARY-CANARY" not in json.dumps(fake.requests[before:])


def test_corpus_accepts_links_inside_it_and_strips_a_bom(tmp_path):
    (tmp_path / "mars.md").write_bytes(codecs.BOM_UTF8 + "Mars has two moons.\n".encode())
    (tmp_path / "red-planet.md").symlink_to(tmp_path / "mars.md")  # an alias inside the folder is fine
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")  # not a document suffix: not looked at
    corpus = Corpus.from_dir(tmp_path)
    assert sorted(corpus.docs) == ["mars", "red-planet"]
    assert corpus.text("mars") == "Mars has two moons.\n"


def test_corpus_problems_are_reported_together(tmp_path):
    (tmp_path / "mars.md").write_text("Mars.\n")
    (tmp_path / "mars.txt").write_text("Mars again.\n")
    (tmp_path / "notes.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    (tmp_path / "scan.md").write_bytes(b"%PDF-1.4\x00\x01")
    with pytest.raises(UsageError) as e:
        Corpus.from_dir(tmp_path)
    message = str(e.value)
    assert message.startswith(f"corpus {tmp_path}: 3 problems")
    assert "mars.txt: document id 'mars' is also mars.md" in message
    assert "notes.txt: not UTF-8 text (byte 0xe9 at offset 3)" in message
    assert "scan.md: binary data, not text (a NUL byte at offset 8)" in message
