"""Config and seed files: good input loads; bad input names the file, line or key and how to fix it."""
from __future__ import annotations

import pytest

from assay.config import load_config
from assay.errors import UsageError
from assay.seeds import BadSeed, read_seeds


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_toml_config_with_cli_overrides(tmp_path):
    p = write(tmp_path, "assay.toml", """
[run]
agents = 3
[endpoints.groq]
base_url = "https://api.groq.com/openai/v1"
model = "llama-3.1-8b-instant"
api_key_env = "GROQ_API_KEY"
backend = "groq-lpu"
[roles]
agent = "groq"
validator = "local"
""")
    cfg = load_config(p, {"run.agents": 7, "run.limit": None})
    assert cfg.run.agents == 7
    assert cfg.endpoint_for("agent")[1].model == "llama-3.1-8b-instant"
    name, local = cfg.endpoint_for("validator")
    assert name == "local" and local.embedded and local.output_mode() == "json_object_schema"
    assert cfg.endpoints["groq"].output_mode() == "json_schema"


def test_the_embedded_server_gets_one_request_at_a_time_unless_told_otherwise(tmp_path):
    cfg = load_config(None, {})
    assert cfg.endpoints["local"].max_concurrency == 1  # it decodes one at a time; more would only queue
    p = write(tmp_path, "assay.toml", "[endpoints.local]\nmax_concurrency = 3\n[endpoints.gpu]\n"
                                      "base_url = 'http://gpu:8000/v1'\n")
    cfg = load_config(p, {})
    assert cfg.endpoints["local"].max_concurrency == 3
    assert cfg.endpoints["gpu"].max_concurrency == 8  # a server of unknown size keeps the usual default
    assert load_config(None, {"endpoints.local.max_concurrency": 2}).endpoints["local"].max_concurrency == 2


def test_errors_name_the_key_path_and_value(tmp_path):
    p = write(tmp_path, "bad.toml", "[endpoints.gpu]\nbase_url = 'http://x/v1'\nmax_concurrency = -2\n")
    with pytest.raises(UsageError) as info:
        load_config(p)
    msg = str(info.value)
    assert str(p) in msg and "endpoints.gpu.max_concurrency" in msg and "greater than 0" in msg and "-2" in msg


def test_unknown_key_is_refused_with_a_hint(tmp_path):
    p = write(tmp_path, "typo.toml", "[run]\nagentz = 4\n")
    with pytest.raises(UsageError, match=r"run\.agentz: unknown key"):
        load_config(p)


def test_role_naming_a_missing_endpoint(tmp_path):
    p = write(tmp_path, "roles.toml", "[roles]\nagent = 'nope'\n")
    with pytest.raises(UsageError, match="roles.agent names endpoint 'nope'"):
        load_config(p)


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(UsageError, match="not valid TOML"):
        load_config(write(tmp_path, "x.toml", "[run\n"))
    with pytest.raises(UsageError, match="config file not found"):
        load_config(tmp_path / "missing.toml")


def test_seed_errors_report_file_and_line(tmp_path):
    p = write(tmp_path, "seeds.jsonl", '{"id": "a", "question": "q?"}\n\n{"id": "b", "question": \n')
    with pytest.raises(BadSeed) as info:
        list(read_seeds(p))
    assert f"{p}:3: not valid JSON" in str(info.value) and "--on-bad-seed skip" in str(info.value)


def test_missing_field_and_duplicate_id(tmp_path):
    p = write(tmp_path, "seeds.jsonl", '{"id": "a"}\n{"id": "b", "question": "q"}\n{"id": "b", "question": "again"}\n')
    with pytest.raises(BadSeed, match=r":1: question: Field required"):
        list(read_seeds(p))
    warnings = []
    seeds = list(read_seeds(p, on_bad="skip", warn=warnings.append))
    assert [s.id for s in seeds] == ["b"]
    assert any(":1:" in w for w in warnings) and any(":3: duplicate seed id 'b'" in w for w in warnings)


def test_the_demo_preset_applies_only_to_the_shipped_demo_and_under_every_setting(tmp_path):
    demo = load_config(None)
    assert (demo.run.samples, demo.agent.temperature) == (3, 0.3)
    assert load_config(None, {"run.samples": 1, "agent.temperature": 0.0}).run.samples == 1
    assert load_config(None, {"agent.temperature": 0.0}).agent.temperature == 0.0
    own = load_config(None, {"run.seeds": str(tmp_path / "seeds.jsonl")})
    assert (own.run.samples, own.agent.temperature) == (1, 0.0)
    toml = tmp_path / "c.toml"
    toml.write_text("[agent]\ntemperature = 0.9\n")
    assert (load_config(toml).agent.temperature, load_config(toml).run.samples) == (0.9, 3)
