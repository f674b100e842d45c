"""Plugins by entry points: the example package (examples/assay-plugin-example) installed into a temporary
venv that sees this assay (--system-site-packages), exercised through that venv's python."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assay-plugin-example"


def _pip(py: Path, path: Path) -> None:
    copy = py.parents[2] / "src" / path.name  # build from a copy: setuptools leaves build/ and *.egg-info behind
    shutil.copytree(path, copy, dirs_exist_ok=True)
    path = copy
    p = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(path)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr


def _venv(root: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(root / "v")], check=True, timeout=120)
    py = root / "v" / "bin" / "python"
    if subprocess.run([str(py), "-c", "import wheel"], capture_output=True).returncode:
        # setuptools before 70.1 builds wheels only with `wheel` present (from the configured index or find-links)
        if subprocess.run([str(py), "-m", "pip", "install", "-q", "wheel"], capture_output=True, timeout=300).returncode:
            pytest.skip("setuptools here needs the `wheel` package to build the example plugin, and none can be installed")
    return py


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    py = _venv(tmp_path_factory.mktemp("plugin-venv"))
    _pip(py, EXAMPLE)
    return py


PROBE = textwrap.dedent("""
    import asyncio, json
    from assay.corpus import Corpus
    from assay.records import Insight, Seed
    from assay.validators import check_params, registry, run_stages
    from assay.validators.base import Check
    from assay.agent.tools import Toolbox
    from assay.profiles import shipped_backends
    from assay.errors import ToolError

    out = {"stage": "banned_words" in registry()}
    out["params_ok"] = check_params(["structure", "banned_words"], {"banned_words": {"words": ["sun"]}})
    out["params_bad"] = check_params(["banned_words"], {"banned_words": {"colour": "red"}})
    check = Check(seed=Seed(id="s1", question="q?"), insight=Insight(claim="Moreover, the Sun is hot."), corpus=None)
    out["verdicts"] = [v.model_dump() for v in asyncio.run(run_stages(check, ["banned_words"], {}))]
    box = Toolbox(Corpus({}), ["search", "shout"])
    out["spec"] = box.spec_text()
    out["shout"] = asyncio.run(box.call("shout", "quiet please"))
    out["backend"] = shipped_backends()["example-gpu"].price_per_device_hour_usd
    print(json.dumps(out))
""")


def test_example_plugin_is_discovered_and_keeps_the_builtin_contract(venv):
    p = subprocess.run([str(venv), "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert out["stage"] is True
    assert out["params_ok"] == []  # typed params checked like a built-in stage's
    assert out["params_bad"] and "validators.params.banned_words.colour: unknown parameter" in out["params_bad"][0]
    [verdict] = out["verdicts"]
    assert verdict["validator"] == "banned_words" and verdict["passed"] is False and "moreover" in verdict["reason"]
    assert "shout(text): the text in capitals" in out["spec"]
    assert out["shout"] == "QUIET PLEASE"
    assert out["backend"] == 1.23


def test_plugins_are_absent_without_the_package():
    """This interpreter has no plugin installed: the registry is the built-ins only."""
    from assay.validators import STAGES, registry
    assert set(registry()) >= set(STAGES) and "banned_words" not in registry()


BROKEN = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "assay-broken-plugin"
version = "0.0.1"

[project.entry-points."assay.validators"]
broken = "assay_broken_plugin_missing_module:stage"

[tool.setuptools]
py-modules = []
"""


def test_a_broken_plugin_is_a_usage_error_naming_entry_point_and_distribution(tmp_path):
    pkg = tmp_path / "assay-broken-plugin"
    pkg.mkdir()
    (pkg / "pyproject.toml").write_text(BROKEN)
    py = _venv(tmp_path)
    _pip(py, pkg)
    p = subprocess.run([str(py), "-m", "assay", "run", "--out", str(tmp_path / "run"), "--stages", "structure",
                        "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--no-progress"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    assert "plugin 'broken'" in p.stderr and "assay.validators" in p.stderr and "assay-broken-plugin 0.0.1" in p.stderr
    assert "ModuleNotFoundError" in p.stderr


@pytest.mark.parametrize("executor", ["local", "ray"])
def test_assay_run_uses_the_plugin_validator_tool_and_backend(venv, tmp_path, executor):
    """`assay run` through the venv's python on the scripted fake: the agent calls the plugin tool, the plugin
    stage rejects (its reason in records.jsonl), and the plugin backend's price is in `assay report`. On Ray the
    shards run in workers that build their own Job, so the stage and tool there are found by the workers' own
    discovery (a local Ray started by the venv's python runs its workers on that python)."""
    if executor == "ray":
        pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")
    from assay.seeds import demo_seeds_path
    from fakes.openai import FakeOpenAI
    from fakes.research import research_handler, write_seeds

    corpus = demo_seeds_path().parent / "corpus"
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 2, sorted(p.stem for p in corpus.glob("*.md")))
    inner = research_handler()

    def handler(req: dict):
        schema = json.dumps((req.get("response_format") or {}).get("json_schema", {}).get("schema")
                            or (req.get("response_format") or {}).get("schema") or {})
        observed = any(m["role"] == "user" and m["content"].startswith("Observation") for m in req["messages"])
        if '"tool"' in schema and '"sub_questions"' not in schema and not observed:
            from fakes.openai import Reply, completion
            body = json.dumps({"thought": "shout it", "tool": "shout", "input": "hello plugin"})
            return Reply(completion(body, prompt_tokens=50, completion_tokens=10))
        return inner(req)

    config = tmp_path / "assay.toml"
    config.write_text('[agent]\ntools = ["search", "read", "shout"]\n\n'
                      '[validators]\nstages = ["structure", "banned_words"]\n\n'
                      '[validators.params.banned_words]\nwords = ["the", "a", "e"]\n')
    out = tmp_path / "run"
    with FakeOpenAI(handler) as fake:
        p = subprocess.run([str(venv), "-m", "assay", "run", "-c", str(config), "--seeds", str(seeds), "--corpus", str(corpus),
                            "--out", str(out), "--endpoint", fake.base_url, "--model", "fake-model",
                            "--backend", "example-gpu", "--no-progress", "--executor", executor, "--shard-size", "1"],
                           capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    rows = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert rows
    assert any(t["tool"] == "shout" and t["output"] == "HELLO PLUGIN" for r in rows for t in r["tool_calls"])
    assert any(v["validator"] == "banned_words" and not v["passed"] and "banned words" in v["reason"]
               for r in rows for v in r["verdicts"])
    report = subprocess.run([str(venv), "-m", "assay", "report", str(out), "--explain"], capture_output=True, text=True, timeout=120)
    assert report.returncode == 0, report.stderr[-2000:]
    # the plugin profile's price per device-hour is what the report prices the run's device time with
    assert "example-gpu" in report.stdout and "1.23" in report.stdout, report.stdout[-3000:]


def test_a_raising_plugin_stage_rejects_and_a_raising_plugin_tool_is_an_observation(monkeypatch):
    """Fail-closed and total, like the built-ins (plugins stubbed in-process; discovery is tested above)."""
    import asyncio

    from assay import plugins
    from assay.agent.tools import Toolbox
    from assay.corpus import Corpus
    from assay.errors import ToolError
    from assay.records import Insight, Seed
    from assay.validators import run_stages
    from assay.validators.base import Check

    def exploding(check, limit: int = 1):
        raise RuntimeError("boom")

    def bad_tool(text: str) -> str:
        raise KeyError(text)

    monkeypatch.setattr(plugins, "validators", lambda: {"exploding": exploding})
    monkeypatch.setattr(plugins, "tools", lambda: {"bad": bad_tool, "number": lambda text: 42})
    check = Check(seed=Seed(id="s", question="q?"), insight=Insight(claim="c"), corpus=None)
    [verdict] = asyncio.run(run_stages(check, ["exploding"], {}))
    assert not verdict.passed and verdict.reason == "could not decide: RuntimeError: boom"
    box = Toolbox(Corpus({}), ["bad", "number"])
    with pytest.raises(ToolError, match="bad failed: KeyError"):
        asyncio.run(box.call("bad", "x"))
    with pytest.raises(ToolError, match="number returned a int, not a string"):
        asyncio.run(box.call("number", "x"))


def test_a_plugin_stage_marked_as_calling_the_endpoint_counts_as_an_llm_stage_and_all_lists_plugins(monkeypatch):
    from assay import plugins
    from assay.validators import every_stage, uses_endpoint

    def asks_a_model(check):  # a plugin stage that calls check.client, as support/judge do
        raise AssertionError("not run here")
    asks_a_model.assay_llm = True

    def counts_words(check):
        raise AssertionError("not run here")
    monkeypatch.setattr(plugins, "validators", lambda: {"asks_a_model": asks_a_model, "counts_words": counts_words})
    assert uses_endpoint(["structure", "asks_a_model"]) and uses_endpoint(["judge"])
    assert not uses_endpoint(["structure", "counts_words", "novelty"])
    stages = every_stage()
    assert stages[:5] == ["structure", "grounding", "numeric", "execution", "novelty"]
    assert stages[-2:] == ["asks_a_model", "counts_words"]
