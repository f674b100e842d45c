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
