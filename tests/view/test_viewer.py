"""`assay view` in a real headless Chromium: a real run (the scripted fake at the wire, a real journal), the
viewer as a real subprocess, the page driven by Playwright. It screenshots the list, a trace and a compare
(into docs/img/viewer-*.png when VIEWER_SCREENSHOTS=docs/img)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import assay
from assay.journal import Journal
from assay.records import Status
from fakes.openai import FakeOpenAI
from fakes.research import research_handler

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# Screenshots land in a temporary folder; VIEWER_SCREENSHOTS=docs/img regenerates the committed ones.
SHOTS = os.environ.get("VIEWER_SCREENSHOTS")
XSS = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">"

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium (.ci/run does)", allow_module_level=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The 8 demo seeds, 2 samples each (ids SEED#k), checked by structure, grounding and novelty: some
    accepted, some rejected by a stage; one failed record whose text is markup is added to the journal."""
    out = tmp_path_factory.mktemp("view") / "run"
    with FakeOpenAI(research_handler()) as fake:
        job = assay.Job(run={"out": str(out), "agents": 2, "samples": 2},
                        validators={"stages": ["structure", "grounding", "novelty"]},
                        endpoints={"fake": {"base_url": fake.base_url, "model": "fake-model"}}, roles={"agent": "fake"})
        result = job.run(progress=False)
    records = list(result.records())
    counts = result.counts()
    assert counts.get("accepted") and counts.get("rejected"), counts
    assert any("#" in r.seed.id for r in records)
    hostile = records[0].model_copy(deep=True)
    hostile.seed.id, hostile.status, hostile.failed_stage, hostile.reason = "hostile", Status.failed, "agent", XSS
    hostile.insight.claim = XSS
    add(out, hostile, 1000)
    return out, records, hostile


def add(run_dir: Path, record, ord_: int) -> None:
    journal = Journal(run_dir)
    try:
        assert journal.commit_record(record, ord_)
    finally:
        journal.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return Path(SHOTS) if SHOTS else tmp_path_factory.mktemp("shots")


def screenshot(page, folder: Path, name: str) -> None:
    path = folder / f"viewer-{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one


@pytest.fixture(scope="module")
def viewer(run):
    proc = subprocess.Popen([sys.executable, "-m", "assay", "view", str(run[0])], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("assay view: http://127.0.0.1:"), (line, proc.stderr.read() if proc.poll() else "")
    yield line.split()[2]
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(viewer):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 680}, bypass_csp=True)  # the CSP is a second line; the
        # tests prove the first one: no record string is ever parsed as markup (and the polls need eval)
        page.goto(viewer)
        yield page
        browser.close()


def rows(page) -> list[str]:
    return page.locator("tr.rec").evaluate_all("rs => rs.map(r => r.dataset.id)")


def settle(page, expected: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('tr.rec').length === {expected}")


def test_list_and_filters(page, run, shots):
    records = run[1]
    total = len(records) + 1
    settle(page, total)
    assert set(rows(page)) == {r.seed.id for r in records} | {"hostile"}
    assert page.locator("#count").inner_text() == f"{total} of {total} records"
    screenshot(page, shots, "list")

    rejected = [r for r in records if r.status.value == "rejected"]
    page.select_option("#status", "rejected")
    settle(page, len(rejected))
    assert set(rows(page)) == {r.seed.id for r in rejected}

    stage = rejected[0].failed_stage
    page.select_option("#status", "")
    page.select_option("#stage", stage)
    settle(page, sum(r.failed_stage == stage for r in records))
    page.select_option("#stage", "")
    reason = rejected[0].reason
    page.select_option("#reason", reason)
    settle(page, sum(r.reason == reason for r in records))
    assert rejected[0].seed.id in rows(page)
    page.select_option("#reason", "")

    word = records[3].seed.question.split()[-1].strip("?")
    page.fill("#q", word)
    expected = {r.seed.id for r in [*records, run[2]] if word.lower() in r.model_dump_json().lower()}
    settle(page, len(expected))
    assert set(rows(page)) == expected and records[3].seed.id in expected
    page.fill("#q", "")
    settle(page, total)


def test_trace_marks_evidence_in_its_source(page, run, shots):
    rec = next(r for r in run[1] if r.status.value == "accepted" and r.insight.evidence)
    page.goto(page.url.split("#")[0] + "#record=" + rec.seed.id)
    page.wait_for_selector("#trace")
    trace = page.locator("#trace")
    assert rec.insight.claim in trace.locator(".claim").inner_text()
    quote = rec.insight.evidence[0].quote
    marks = page.locator(f'pre.source[data-source="{rec.insight.evidence[0].source_id}"] mark').all_inner_texts()
    assert quote.strip() in marks
    body = trace.inner_text()
    for v in rec.verdicts:
        assert v.validator in body
    assert trace.locator("table.verdicts tr").count() == len(rec.verdicts) + 1
    assert trace.locator("div.msg").count() == len(rec.messages)  # plan and every step's messages
    assert rec.messages[1]["content"][:40] in body
    page.evaluate("() => { const d = document.getElementById('detail');"
                  " d.scrollTop = document.querySelector('.evidence').offsetTop - d.offsetTop - 40; }")
    screenshot(page, shots, "trace")  # the evidence, its source marked, then the verdicts


def test_samples_side_by_side(page, run, shots):
    rec = next(r for r in run[1] if r.seed.id.endswith("#1"))
    seed = rec.seed.id.rpartition("#")[0]
    page.goto(page.url.split("#")[0] + "#record=" + rec.seed.id)
    page.click("#compare-btn")
    page.wait_for_selector("#compare .col")
    cols = page.locator("#compare .col").evaluate_all("cs => cs.map(c => c.dataset.id)")
    assert sorted(cols) == sorted(r.seed.id for r in run[1] if r.seed.id.rpartition("#")[0] == seed) and len(cols) == 2
    screenshot(page, shots, "compare")


def test_markup_in_a_record_is_text(page, run):
    page.goto(page.url.split("#")[0] + "#record=hostile")
    page.wait_for_selector("#trace")
    assert page.evaluate("window.__xss") is None  # neither the script nor the onerror ran
    assert page.locator("#trace script, #trace img").count() == 0
    assert XSS in page.locator("#trace .claim").inner_text()
    page.select_option("#status", "failed")
    settle(page, 1)
    assert XSS[:30] in page.locator("tr.rec").inner_text()
    page.select_option("#status", "")


def test_a_record_committed_later_appears_on_reload(page, run):
    run_dir, records, _ = run
    settle(page, len(records) + 1)
    late = records[0].model_copy(deep=True)
    late.seed.id = "late-arrival"
    add(run_dir, late, 2000)
    page.reload()
    settle(page, len(records) + 2)
    assert "late-arrival" in rows(page)


def test_a_host_other_machines_reach_is_refused(run):
    done = subprocess.run([sys.executable, "-m", "assay", "view", str(run[0]), "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--host 0.0.0.0" in done.stderr and "loopback only" in done.stderr and not done.stdout


def test_the_json_endpoints_name_what_is_missing(viewer, run, tmp_path):
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(viewer + "api/record?id=no-such-seed", timeout=10)
    assert e.value.code == 404 and "no record 'no-such-seed'" in json.loads(e.value.read())["error"]
    compare = json.loads(urllib.request.urlopen(viewer + "api/compare?seed=mars-moons", timeout=10).read())
    assert sorted(r["seed"]["id"] for r in compare["records"]) == ["mars-moons#0", "mars-moons#1"]
    done = subprocess.run([sys.executable, "-m", "assay", "view", str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and f"{tmp_path}: not an assay run directory" in done.stderr


def test_a_long_list_is_cut_and_says_how_many_match(run, monkeypatch):
    from assay.view import data

    monkeypatch.setattr(data, "LIMIT", 5)
    listed = data.RunView(run[0]).records(status="rejected")
    journal = Journal(run[0], readonly=True)  # what the journal holds now (other tests add records)
    rejected = [r.seed.id for r in journal.records(status="rejected")]
    journal.db.close()
    assert len(rejected) > 5 and listed["matching"] == len(rejected)
    assert [r["id"] for r in listed["records"]] == rejected[:5]


def test_a_port_in_use_is_a_clear_error(run):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "assay", "view", str(run[0]), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"--port {port}: cannot listen on 127.0.0.1:{port}" in done.stderr
