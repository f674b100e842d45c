"""A resume never mixes settings silently: real runs on the scripted FAKE research model.

The run directory keeps the settings each part of the run was made with (journal meta `settings`); a
resume that would change what its records hold stops with exit 2 naming each change, unless
--allow-changed-config, which goes on and records the change. Settings that shape no record
(concurrency, agents, --limit, budgets, the endpoint's URL) may change freely.
"""
from __future__ import annotations

import json
import signal
import sqlite3

import pytest

from assay.cli import main
from assay.journal import JournalReader
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"


@pytest.fixture
def world(tmp_path):
    handler = signal.getsignal(signal.SIGTERM)
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 6, sorted(p.stem for p in CORPUS.glob("*.md")))
    with FakeOpenAI(research_handler()) as fake:
        yield fake, seeds, tmp_path / "run"
    signal.signal(signal.SIGTERM, handler)  # main() leaves SIGTERM ignored as it returns


def run(capsys, world, *extra, corpus=CORPUS):
    fake, seeds, out = world
    code = main(["run", "--endpoint", fake.base_url, "--model", "fake-model", "--seeds", str(seeds),
                 "--corpus", str(corpus), "--out", str(out), "--no-progress", "--agents", "1", *extra])
    captured = capsys.readouterr()
    return code, captured.err


def records(out) -> list[str]:
    return (out / "records.jsonl").read_text().splitlines()


def parts(out) -> list[dict]:
    with JournalReader(out) as journal:
        return json.loads(journal.meta("settings"))


def test_a_changed_resume_is_refused_allowed_with_the_flag_and_recorded(world, capsys):
    fake, _, out = world
    assert run(capsys, world, "--limit", "3")[0] == 0
    before, paid = records(out), len(fake.requests)
    assert len(before) == 3 and len(parts(out)) == 1

    code, err = run(capsys, world, "--temperature", "0.7", "--max-steps", "2", "--stages", "structure,grounding")
    assert code == 2
    assert f"--out {out} holds 3 records made with other settings" in err
    assert "agent.temperature: 0.0 → 0.7 (--temperature)" in err
    assert "agent.max_steps: 4 → 2 (--max-steps)" in err
    assert "validators.stages: [" in err and "→ [\"structure\", \"grounding\"] (--stages)" in err
    assert "--allow-changed-config" in err and "--fresh" in err
    assert records(out) == before and len(fake.requests) == paid  # nothing lost, nothing spent
    assert len(parts(out)) == 1

    # What shapes no record may change: --limit, agents, concurrency, budgets, metrics.
    code, err = run(capsys, world, "--limit", "4", "--agents", "2", "--concurrency", "3", "--max-tokens", "10000000",
                    "--metrics-interval", "0")
    assert code == 0, err
    assert len(records(out)) == 4 and len(parts(out)) == 1

    code, err = run(capsys, world, "--temperature", "0.7", "--allow-changed-config")
    assert code == 0, err
    assert "now holds records made with two sets of settings" in err and "agent.temperature: 0.0 → 0.7" in err
    assert len(records(out)) == 6
    first, second = parts(out)
    assert first["settings"]["agent.temperature"] == 0.0 and first["changed"] is None
    assert second["changed"] == {"agent.temperature": [0.0, 0.7]} and second["records_before"] == 4
    assert second["config"]["agent"]["temperature"] == 0.7  # the whole config of each part, too

    # The run now goes on with its latest settings; going back is a change again.
    assert run(capsys, world, "--temperature", "0.7")[0] == 0
    code, err = run(capsys, world)
    assert code == 2 and "agent.temperature: 0.7 → 0.0 (--temperature)" in err


def test_model_samples_backend_and_corpus_changes_are_named(world, capsys, tmp_path):
    _, _, out = world
    assert run(capsys, world, "--limit", "2")[0] == 0
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in CORPUS.glob("*.md"):
        (corpus / p.name).write_text(p.read_text() + "\nOne more sentence.\n")
    code, err = run(capsys, world, "--model", "other-model", "--samples", "2", "--backend", "groq-lpu",
                    corpus=corpus)
    assert code == 2
    for line in ("agent endpoint model: 'fake-model' → 'other-model' (--model)", "run.samples: 1 → 2 (--samples)",
                 "agent endpoint backend: 'hosted-generic' → 'groq-lpu' (--backend)",
                 "(the documents in --corpus)"):
        assert line in err
    assert len(records(out)) == 2


def test_a_run_directory_from_before_settings_were_kept_is_checked_against_its_config_json(world, capsys):
    _, _, out = world
    assert run(capsys, world, "--limit", "2")[0] == 0
    db = sqlite3.connect(out / "journal.sqlite")
    with db:
        db.execute("DELETE FROM meta WHERE key='settings'")
    db.close()
    code, err = run(capsys, world, "--max-steps", "1")
    assert code == 2 and "agent.max_steps: 4 → 1 (--max-steps)" in err
    assert run(capsys, world)[0] == 0  # unchanged: goes on, and from now on the journal keeps the settings
    assert len(records(out)) == 6 and len(parts(out)) == 1


def test_fresh_starts_over_with_new_settings(world, capsys):
    _, _, out = world
    assert run(capsys, world, "--limit", "2")[0] == 0
    code, err = run(capsys, world, "--limit", "2", "--temperature", "0.5", "--fresh")
    assert code == 0, err
    [only] = parts(out)
    assert only["settings"]["agent.temperature"] == 0.5 and only["records_before"] == 0
