"""The deterministic stages in a process of their own (validators/process.py): the same verdicts as in-process,
fail-closed in the child, a child that dies rejects what it held and the next record gets a new child, no
credential in the child's environment, and a whole run with the process on equals one with it off."""
from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path

import pytest

from assay.corpus import Corpus
from assay.validators import Check, run_stages
from assay.validators import process as stage_process
from assay.validators.evaluate import read_labeled
from conftest import run_async

ROOT = Path(__file__).resolve().parents[2]
STACK = ["structure", "grounding", "numeric", "execution", "novelty"]


def labeled(name: str):
    path = ROOT / "data" / "eval" / name / "labeled.jsonl" if name else ROOT / "data" / "eval" / "labeled.jsonl"
    return read_labeled(path), Corpus.from_dir(path.parent / "corpus")


@pytest.mark.parametrize("part", ["", "dev"])
def test_the_child_gives_the_verdicts_in_process_validation_gives(part):
    rows, corpus = labeled(part)

    async def go():
        here, there, apart = [], [], stage_process.StageProcess(corpus.docs, [])
        mine, its = [], apart.accepted
        try:
            for row in rows:  # one order for both: novelty sees the claims accepted before each row
                a = await run_stages(Check(seed=row.seed, insight=row.insight, corpus=corpus, accepted=mine), STACK, {})
                b = await apart.check(row.seed, row.insight, STACK, {}, False)
                here.append(a), there.append(b)
                if all(v.passed for v in a):
                    mine.append(row.insight.claim)
                if all(v.passed for v in b):
                    its.append(row.insight.claim)
                    apart.accept(row.insight.claim)
        finally:
            await apart.close()
        return here, there

    here, there = run_async(go())
    assert [[v.model_dump() for v in x] for x in here] == [[v.model_dump() for v in x] for x in there]
    assert sum(1 for x in here if not x[-1].passed) > 10  # the set has rejections, by several stages
    assert len({x[-1].validator for x in here if not x[-1].passed}) >= 3


def test_a_stage_that_raises_in_the_child_fails_closed_with_the_same_reason(tmp_path):
    rows, corpus = labeled("")
    params = {"novelty": {"against": str(tmp_path / "missing.jsonl")}}  # a file that is not there: the stage raises

    async def go():
        apart = stage_process.StageProcess(corpus.docs, [])
        try:
            there = await apart.check(rows[0].seed, rows[0].insight, ["novelty"], params, False)
        finally:
            await apart.close()
        here = await run_stages(Check(seed=rows[0].seed, insight=rows[0].insight, corpus=corpus), ["novelty"], params)
        return here, there

    here, there = run_async(go())
    assert not there[0].passed and there[0].reason.startswith("could not decide")
    assert [v.model_dump() for v in there] == [v.model_dump() for v in here]


def test_a_killed_child_rejects_what_it_held_and_a_new_one_takes_the_next_record():
    rows, corpus = labeled("")

    async def go():
        apart = stage_process.StageProcess(corpus.docs, ["an accepted claim"])
        try:
            await apart.check(rows[0].seed, rows[0].insight, STACK, {}, False)  # started
            first = apart.proc.pid
            held = [asyncio.ensure_future(apart.check(r.seed, r.insight, STACK, {}, False)) for r in rows[:200]]
            await asyncio.sleep(0)
            os.kill(first, signal.SIGKILL)
            outcomes = await asyncio.gather(*held, return_exceptions=True)
            after = await apart.check(rows[1].seed, rows[1].insight, STACK, {}, False)
            return first, apart.proc.pid, outcomes, after, apart.deaths
        finally:
            await apart.close()

    first, second, outcomes, after, deaths = run_async(go())
    died = [o for o in outcomes if isinstance(o, stage_process.ChildDied)]
    assert died and "died (exit code -9)" in str(died[0]) and deaths == 1
    assert all(isinstance(o, (list, stage_process.ChildDied)) for o in outcomes)  # none lost, none hanging
    assert second != first and after and after[0].validator == "structure"


def test_no_credential_reaches_the_child(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-must-not-leak-0123456789")
    monkeypatch.setenv("HF_TOKEN", "hf_mustnotleak0123456789")

    async def go():
        apart = stage_process.StageProcess({"d": "A sentence."}, [])
        try:
            await apart.check(*_one(), ["structure"], {}, False)
            return Path(f"/proc/{apart.proc.pid}/environ").read_bytes()
        finally:
            await apart.close()

    environ = run_async(go())
    assert b"must-not-leak" not in environ and b"mustnotleak" not in environ and b"PATH=" in environ


def _one():
    rows, _ = labeled("")
    return rows[0].seed, rows[0].insight


def test_the_stack_splits_at_the_first_stage_the_child_does_not_run():
    assert stage_process.split(STACK) == (STACK, [])
    assert stage_process.split(["structure", "support", "novelty"]) == (["structure"], ["support", "novelty"])
    assert stage_process.split(["judge", "structure"]) == ([], ["judge", "structure"])
    assert not stage_process.wanted("auto", ["judge"]) and not stage_process.wanted("off", STACK)
    assert stage_process.wanted("on", STACK)


def test_a_run_with_the_process_on_equals_one_with_it_off(tmp_path):
    from assay.config import load_config
    from assay.journal import Journal
    from assay.run.runner import run
    from assay.seeds import demo_seeds_path
    from fakes.openai import FakeOpenAI
    from fakes.research import research_handler, write_seeds

    corpus = demo_seeds_path().parent / "corpus"
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 24, sorted(p.stem for p in corpus.glob("*.md")))
    outcome = {}
    for setting in ("on", "off"):
        with FakeOpenAI(research_handler()) as api:
            run(load_config(None, {
                "run.seeds": str(seeds), "run.corpus": str(corpus), "run.out": str(tmp_path / setting),
                "run.agents": 1, "validators.process": setting, "endpoints.api.base_url": api.base_url,
                "endpoints.api.model": "fake-model", "roles.agent": "api", "metering.metrics_interval_s": 0}),
                progress=False)
        journal = Journal(tmp_path / setting)
        outcome[setting] = sorted((r.seed.id, r.status.value, json.dumps([v.model_dump() for v in r.verdicts]))
                                  for r in journal.records())
        journal.close()
    assert outcome["on"] == outcome["off"]
    assert {s for _, s, _ in outcome["on"]} == {"accepted", "rejected"}
