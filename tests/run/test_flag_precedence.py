"""Flags override the config file (flag > file > default), and endpoint flags reach the endpoint the run uses.

The config file names its own endpoint `remote` for the agents; every flag of `assay run` that is a
setting is given with a value that differs from the file's, and must win on the endpoint or key it names.
"""
from __future__ import annotations

import json
import signal

import pytest

from assay.cli import build_parser, main, run_config
from assay.config import EMBEDDED
from assay.errors import UsageError
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"

FILE = """
[run]
seeds = "file-seeds.jsonl"
corpus = "file-corpus"
out = "runs/file"
limit = 7
samples = 2
agents = 3
on_bad_seed = "skip"
executor = "local"
shard_size = 5
event_loop = "asyncio"

[agent]
max_steps = 2
temperature = 0.3

[validators]
stages = ["structure"]
all_verdicts = false

[budget]
max_cost_usd = 5.0
max_tokens = 5000
seed_max_tokens = 500
seed_max_cost_usd = 0.5

[metering]
metrics_interval_s = 9.0

[endpoints.remote]
base_url = "http://127.0.0.1:9/v1"
model = "file-model"
api_key_env = "FILE_KEY"
backend = "hosted-generic"
max_concurrency = 6
structured_output = "json_schema"

[roles]
agent = "remote"
"""

# flag arguments -> (where the value lands in the Config, the value the flag gives)
CASES = {
    ("--seeds", "flag-seeds.jsonl"): (lambda c: c.run.seeds, "flag-seeds.jsonl"),
    ("--corpus", "flag-corpus"): (lambda c: c.run.corpus, "flag-corpus"),
    ("--out", "runs/flag"): (lambda c: c.run.out, "runs/flag"),
    ("--limit", "2"): (lambda c: c.run.limit, 2),
    ("--samples", "3"): (lambda c: c.run.samples, 3),
    ("--agents", "9"): (lambda c: c.run.agents, 9),
    ("--on-bad-seed", "abort"): (lambda c: c.run.on_bad_seed, "abort"),
    ("--allow-changed-config",): (lambda c: c.run.allow_changed_config, True),
    ("--executor", "ray", "--ray-address", "ray://head:10001"): (lambda c: (c.run.executor, c.run.ray_address),
                                                                 ("ray", "ray://head:10001")),
    ("--shard-size", "11"): (lambda c: c.run.shard_size, 11),
    ("--event-loop", "auto"): (lambda c: c.run.event_loop, "auto"),
    ("--max-steps", "6"): (lambda c: c.agent.max_steps, 6),
    ("--temperature", "0.9"): (lambda c: c.agent.temperature, 0.9),
    ("--stages", "structure,grounding"): (lambda c: c.validators.stages, ["structure", "grounding"]),
    ("--all-verdicts",): (lambda c: c.validators.all_verdicts, True),
    ("--max-cost", "1.5"): (lambda c: c.budget.max_cost_usd, 1.5),
    ("--max-tokens", "100"): (lambda c: c.budget.max_tokens, 100),
    ("--max-seed-tokens", "10"): (lambda c: c.budget.seed_max_tokens, 10),
    ("--max-seed-cost", "0.01"): (lambda c: c.budget.seed_max_cost_usd, 0.01),
    ("--metrics-interval", "0"): (lambda c: c.metering.metrics_interval_s, 0.0),
    # endpoint flags: on the file's agent endpoint, not on the embedded one
    ("--model", "flag-model"): (lambda c: c.endpoints["remote"].model, "flag-model"),
    ("--api-key-env", "FLAG_KEY"): (lambda c: c.endpoints["remote"].api_key_env, "FLAG_KEY"),
    ("--backend", "groq-lpu"): (lambda c: c.endpoints["remote"].backend, "groq-lpu"),
    ("--concurrency", "2"): (lambda c: c.endpoints["remote"].max_concurrency, 2),
    ("--structured-output", "json_object"): (lambda c: c.endpoints["remote"].structured_output, "json_object"),
}
# run flags that are not settings: what to do with the run directory (--propose writes its seeds file there
# before the run; no config key holds it), and the display
NOT_SETTINGS = {"config", "fresh", "retry_failed", "no_progress", "endpoint", "serve",
                "serve_args", "help", "propose"}


def config_from(argv: list[str]):
    return run_config(build_parser().parse_args(["run", *argv]))


@pytest.fixture
def file(tmp_path):
    path = tmp_path / "assay.toml"
    path.write_text(FILE)
    return path


@pytest.mark.parametrize("argv", list(CASES), ids=lambda argv: argv[0])
def test_each_flag_overrides_the_file(file, argv):
    where, value = CASES[argv]
    before = where(config_from(["-c", str(file)]))
    assert before != value  # the file says something else...
    cfg = config_from(["-c", str(file), *argv])
    assert where(cfg) == value  # ...and the flag wins
    local = cfg.endpoints[EMBEDDED]  # the built-in endpoint the run does not use is left alone
    assert (local.backend, local.max_concurrency, local.structured_output) == ("cpu-llamacpp", 1, "auto")


def test_every_setting_flag_of_assay_run_is_checked():
    run = build_parser()._subparsers._group_actions[0].choices["run"]
    flags = run._option_string_actions
    checked = {flags[arg].dest for argv in CASES for arg in argv if arg.startswith("--")}
    assert {action.dest for action in run._actions} - NOT_SETTINGS - checked == set()


def test_without_a_file_the_flags_set_the_embedded_endpoint():
    cfg = config_from(["--backend", "nvidia-h100-vllm", "--concurrency", "2", "--structured-output", "json_object"])
    local = cfg.endpoints[EMBEDDED]
    assert (local.backend, local.max_concurrency, local.structured_output) == ("nvidia-h100-vllm", 2, "json_object")


def test_several_agent_endpoints_each_get_the_flag_and_a_validator_endpoint_keeps_the_file(tmp_path):
    path = tmp_path / "several.toml"
    path.write_text("""
[endpoints.a]
base_url = "http://127.0.0.1:9/v1"
max_concurrency = 5
[endpoints.b]
base_url = "http://127.0.0.1:10/v1"
max_concurrency = 6
[endpoints.v]
base_url = "http://127.0.0.1:11/v1"
max_concurrency = 7
structured_output = "json_schema"
[roles]
agent = ["a", "b"]
validator = "v"
""")
    cfg = config_from(["-c", str(path), "--concurrency", "2", "--structured-output", "json_object"])
    assert [(cfg.endpoints[n].max_concurrency, cfg.endpoints[n].structured_output) for n in "abv"] == [
        (2, "json_object"), (2, "json_object"), (7, "json_schema")]


def test_endpoint_flag_beats_the_files_endpoint_and_its_flags_go_with_it(file):
    cfg = config_from(["-c", str(file), "--endpoint", "http://127.0.0.1:8/v1", "--model", "m", "--concurrency", "3"])
    assert cfg.endpoint_for("agent")[0] == "cli"
    assert (cfg.endpoints["cli"].model, cfg.endpoints["cli"].max_concurrency) == ("m", 3)
    assert (cfg.endpoints["remote"].model, cfg.endpoints["remote"].max_concurrency) == ("file-model", 6)


def test_model_for_the_embedded_server_is_refused_with_the_fix():
    with pytest.raises(UsageError, match=r"--model and --api-key-env need --endpoint URL, --serve vllm, or a config"):
        config_from(["--model", "gpt-4"])


def test_a_misspelt_agent_endpoint_is_named_not_created(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('[endpoints.remote]\nbase_url = "http://127.0.0.1:9/v1"\n[roles]\nagent = "remtoe"\n')
    with pytest.raises(UsageError, match="roles.agent names endpoint 'remtoe', which is not defined"):
        config_from(["-c", str(path), "--backend", "groq-lpu"])


def test_a_bad_flag_value_is_reported_as_the_flag_on_the_files_endpoint(file):
    with pytest.raises(UsageError, match=r"--concurrency \(endpoints.remote.max_concurrency\): Input should be greater"):
        config_from(["-c", str(file), "--concurrency", "0"])
    with pytest.raises(UsageError, match=r"endpoints.remote.backend names backend profile 'no-such-profile'"):
        config_from(["-c", str(file), "--backend", "no-such-profile"])


@pytest.fixture
def sigterm_kept():
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)  # main() leaves SIGTERM ignored as it returns


def test_a_real_run_sends_what_the_flags_say_to_the_files_endpoint(tmp_path, sigterm_kept, capsys):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 3, sorted(p.stem for p in CORPUS.glob("*.md")))
    with FakeOpenAI(research_handler()) as fake:
        path = tmp_path / "fake.toml"
        path.write_text(f'[endpoints.fake]\nbase_url = "{fake.base_url}"\nmodel = "fake-model"\n'
                        'structured_output = "json_schema"\nmax_concurrency = 8\n[roles]\nagent = "fake"\n')
        out = tmp_path / "run"
        code = main(["run", "-c", str(path), "--seeds", str(seeds), "--corpus", str(CORPUS), "--out", str(out),
                     "--no-progress", "--structured-output", "json_object_schema", "--concurrency", "1",
                     "--backend", "groq-lpu"])
        assert code == 0, capsys.readouterr().err
    kinds = {(r.get("response_format") or {}).get("type") for r in fake.requests}
    assert kinds == {"json_object"}  # json_object + schema, as the flag asked; the file said json_schema
    saved = json.loads((out / "config.json").read_text())["endpoints"]["fake"]
    assert (saved["structured_output"], saved["max_concurrency"], saved["backend"]) == ("json_object_schema", 1, "groq-lpu")
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert {r["provenance"]["backend"] for r in records} == {"groq-lpu"} and len(records) == 3
