"""The progress line is told the counts at most every UPDATE_S, and always ends with all of them."""
from __future__ import annotations

import time

from assay.run import progress
from assay.run.progress import RunProgress


def test_the_bar_hears_the_counts_a_few_times_a_second_and_ends_with_every_one(monkeypatch):
    bar = RunProgress(6000, enabled=True)
    told: list[float] = []
    update = bar._progress.update

    def counting_update(*args, **kwargs):
        told.append(time.monotonic())
        return update(*args, **kwargs)
    monkeypatch.setattr(bar._progress, "update", counting_update)
    started = time.monotonic()
    with bar:
        for i in range(6000):
            bar.record("accepted" if i % 3 else "rejected", 10)
            if i % 2000 == 1999:
                time.sleep(progress.UPDATE_S)  # slow stretches: the bar hears about them
    took = time.monotonic() - started
    task = bar._progress.tasks[0]
    assert (task.completed, task.fields["acc"], task.fields["rej"], task.fields["fail"]) == (6000, 4000, 2000, 0)
    assert 3 <= len(told) <= took / progress.UPDATE_S + 2  # not once a record: ~3 us each through rich
    assert bar.counts == {"accepted": 4000, "rejected": 2000, "failed": 0}


# -- what a real run prints (the scripted FAKE research model) -------------------------------------

import re  # noqa: E402
import signal  # noqa: E402

import pytest  # noqa: E402
from rich.console import Console  # noqa: E402

from assay.cli import main  # noqa: E402
from assay.config import load_config  # noqa: E402
from assay.run.runner import run  # noqa: E402
from assay.seeds import demo_seeds_path  # noqa: E402
from fakes.openai import FakeOpenAI  # noqa: E402
from fakes.research import research_handler, write_seeds  # noqa: E402

CORPUS = demo_seeds_path().parent / "corpus"
PRICED = '[backends.groq-lpu.prices."fake-model"]\ninput_per_m = 0.05\noutput_per_m = 0.08\n'
STATUS = re.compile(r"^assay: (\d+)/(\d+) seeds, (\d+) accepted (\d+) rejected (\d+) failed, (\d+) tok/s(, \$([\d.]+) est\.)?, "
                    r"ETA (\S+)$", re.M)


@pytest.fixture
def world(tmp_path):
    handler = signal.getsignal(signal.SIGTERM)
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 4, sorted(p.stem for p in CORPUS.glob("*.md")))
    (tmp_path / "priced.toml").write_text(PRICED)
    with FakeOpenAI(research_handler(delay_s=0.15)) as fake:  # a seed takes several calls: ~0.5 s
        yield fake, seeds, tmp_path
    signal.signal(signal.SIGTERM, handler)  # main() leaves SIGTERM ignored as it returns


def assay_run(capsys, world, *extra, url=None):
    fake, seeds, tmp = world
    code = main(["run", "-c", str(tmp / "priced.toml"), "--endpoint", url or fake.base_url, "--model", "fake-model",
                 "--seeds", str(seeds), "--corpus", str(CORPUS), "--out", str(tmp / "run"), "--agents", "1", *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    return err


def test_a_log_gets_the_banner_then_a_status_line_every_few_seconds(world, capsys, monkeypatch):
    monkeypatch.setattr(progress, "LINE_EVERY_S", 0.05)
    fake, _, tmp = world
    err = assay_run(capsys, world, "--backend", "groq-lpu", "--limit", "2")
    banner = err.splitlines()[0]
    assert re.fullmatch(rf"assay: 2 seeds to go, 0 done; endpoint cli: fake-model on groq-lpu at "
                        rf"{re.escape(fake.base_url)}; out {re.escape(str(tmp / 'run'))}", banner), banner
    lines = [m.groups() for m in STATUS.finditer(err)]
    assert len(lines) >= 3
    # tokens per second from every call: before the first seed is finished, calls have been counted
    assert any(done == "0" and int(tps) > 0 for done, _, _, _, _, tps, *_ in lines), err
    done, total, acc, rej, fail, tps, _, cost, eta = lines[-1]
    assert total == "2" and int(acc) + int(rej) + int(fail) == int(done) and float(cost) > 0
    assert re.fullmatch(r"\d+:\d\d:\d\d", eta)
    costs = [float(c) for *_, c, _ in lines]
    assert costs == sorted(costs)  # live cost only grows

    err = assay_run(capsys, world, "--backend", "groq-lpu")  # the resume's banner says what is left
    assert err.splitlines()[0].startswith("assay: 2 seeds to go, 2 done; endpoint cli: fake-model on groq-lpu")


def test_no_price_no_cost_and_no_progress_keeps_the_banner_only(world, capsys, monkeypatch):
    monkeypatch.setattr(progress, "LINE_EVERY_S", 0.05)
    fake = world[0]
    err = assay_run(capsys, world, "--limit", "1", url=fake.base_url.replace("://", "://bob:hunter2pass@"))
    assert f"at {fake.base_url};" in err and "hunter2pass" not in err  # a password in the URL is not shown
    # hosted-generic has no prices: no cost
    lines = [m.groups() for m in STATUS.finditer(err)]
    assert lines and all(cost is None for *_, cost, _ in lines)
    err = assay_run(capsys, world, "--limit", "2", "--no-progress")
    assert err.startswith("assay: 1 seeds to go, 1 done;") and not STATUS.search(err)


def test_a_terminal_gets_a_live_bar_with_the_same_story(world, monkeypatch):
    fake, seeds, tmp = world
    screens = []

    def terminal(**kw):
        console = Console(force_terminal=True, width=200, record=True, **kw)
        screens.append(console)
        return console
    monkeypatch.setattr(progress, "Console", terminal)
    cfg = load_config(tmp / "priced.toml", {
        "endpoints.cli.base_url": fake.base_url, "endpoints.cli.model": "fake-model", "endpoints.cli.backend": "groq-lpu",
        "roles.agent": "cli", "run.seeds": str(seeds), "run.corpus": str(CORPUS), "run.out": str(tmp / "bar"),
        "run.agents": 1, "run.limit": 2})
    summary = run(cfg, progress=True)
    text = screens[0].export_text()
    assert text.startswith("assay: 2 seeds to go, 0 done; endpoint cli: fake-model on groq-lpu")
    final = text.splitlines()[-1]
    c = summary.counts
    assert f"2/2 seeds, {c.get('accepted', 0)} accepted {c.get('rejected', 0)} rejected {c.get('failed', 0)} failed" in final
    assert re.search(r"\d+ tok/s, \$0\.\d{4} est\., ETA 0:00:00", final), final
