"""Validated configuration: TOML file, then CLI flags on top; errors name the key path."""
from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from assay.errors import UsageError
from assay.profiles import BackendProfile, ModelProfile, shipped_backends
from assay.records import Strict as Contract
from assay.task import TaskConfig, load_task

EMBEDDED = "local"  # name of the embedded llama.cpp endpoint

# Request fields assay writes itself (client.chat): extra_body may add fields, not replace these.
OWN_REQUEST_FIELDS = frozenset({"model", "messages", "max_tokens", "temperature", "seed", "n", "response_format",
                                "stream", "top_p", "stop", "presence_penalty"})
# The shipped demo (no seeds given) samples each seed three times at temperature 0.3: the embedded 135M model
# gets several tries at each question, and the demo's dataset shows preference pairs. A flag or key overrides it.
DEMO_PRESET: dict[str, Any] = {"run.samples": 3, "agent.temperature": 0.3}

StructuredOutput = Literal["auto", "json_schema", "json_object_schema", "json_object", "none"]


class Strict(Contract):
    """Settings: as every contract, plus assignments validated (overrides and budgets are assigned)."""
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class EndpointConfig(Strict):
    """An OpenAI-compatible endpoint; no base_url means the embedded llama.cpp server."""

    base_url: str | None = Field(None, description="e.g. http://gpu-host:8000/v1; empty = start the embedded server")
    model: str = Field("smollm2", description="model name the server expects")
    api_key_env: str | None = Field(None, description="environment variable holding the API key")
    backend: str = Field("hosted-generic", description="hardware backend profile used for metering")
    max_concurrency: int = Field(8, gt=0, description="requests in flight at once (the embedded server: 1 unless set)")
    kv_ceiling: float = Field(0.9, ge=0, le=1, description="where the server publishes KV-cache usage (/metrics), "
                              "keep it below this fraction by capping requests in flight; 0 = off")
    structured_output: StructuredOutput = Field("auto", description="how to ask for JSON actions")
    timeout_s: float = Field(120.0, gt=0, description="per-request read timeout")
    max_retries: int = Field(4, ge=0, description="retries on 429/5xx/timeouts before giving up")
    context_window: int = Field(2048, gt=0, description="model context length in tokens")
    weight: float = Field(1.0, gt=0, description="share of a role's new episodes, relative to its other endpoints, "
                          "before measured throughput is taken into account")
    session_header: str | None = Field(None, description="header carrying the episode id, for a sticky load balancer "
                                       "in front of several replicas (e.g. vLLM production-stack's --session-key)")
    serve: Literal["vllm"] | None = Field(None, description="launch this endpoint's server for the job's lifetime "
                                          "(vllm: needs the vllm extra); leave base_url empty")
    serve_args: list[str] = Field(default_factory=list, description="extra server arguments, e.g. "
                                  "[\"--tensor-parallel-size\", \"2\"]")
    transport: Literal["auto", "sdk"] = Field("auto", description="auto: assay's lean HTTP/1.1 client (aiohttp "
                                              "behind a proxy); sdk: the openai SDK, for endpoints only it handles")
    max_response_mb: float = Field(16.0, gt=0, description="largest response body accepted; larger is a failed call")
    supports_n: bool | None = Field(None, description="server returns n choices for one request (n=k); "
                                    "empty = yes, except the embedded llama.cpp server, which ignores n")
    # Sampling sent with every chat request to this endpoint (agent and validators alike), and the plan's ceilings.
    top_p: float | None = Field(None, gt=0, le=1, description="nucleus sampling, sent as top_p; empty = the server's")
    presence_penalty: float | None = Field(None, ge=-2, le=2, description="sent as presence_penalty")
    stop: list[str] = Field(default_factory=list, description="stop sequences, sent as stop")
    extra_body: dict[str, Any] = Field(default_factory=dict, description="more request fields, sent as given, e.g. "
                                       "{top_k = 20} or vLLM's {chat_template_kwargs = {enable_thinking = false}}")
    rpm: float | None = Field(None, gt=0, description="ceiling: requests started per minute (the provider plan's RPM)")
    tpm: float | None = Field(None, gt=0, description="ceiling: tokens per minute; each request reserves its prompt "
                              "plus max_tokens when it starts, and its reported usage settles the difference")

    @property
    def embedded(self) -> bool:
        return self.base_url is None and self.serve is None

    @property
    def honours_n(self) -> bool:
        """Ask for k samples in one request (the prompt is processed once) rather than k requests."""
        return (not self.embedded) if self.supports_n is None else self.supports_n

    @model_validator(mode="after")
    def _extra_body_adds(self) -> "EndpointConfig":
        taken = sorted(set(self.extra_body) & OWN_REQUEST_FIELDS)
        if taken:
            raise ValueError(f"extra_body sets {', '.join(taken)}, which assay sets itself; use the setting for it "
                             "(agent.temperature, agent.max_completion_tokens, top_p, stop, presence_penalty, "
                             "structured_output)")
        return self

    @model_validator(mode="after")
    def _one_server(self) -> "EndpointConfig":
        if self.serve and self.base_url:
            raise ValueError("set base_url (a server already running) or serve (launch one), not both")
        if self.embedded and "max_concurrency" not in self.model_fields_set:
            # llama-cpp-python's server decodes one request at a time: more in flight only queue inside it, where
            # the wait inflates each call's measured KV hold time (README "Metering"); throughput is the same.
            object.__setattr__(self, "max_concurrency", 1)  # not an assignment: validate_assignment would recurse
        return self

    def output_mode(self) -> str:
        if self.structured_output != "auto":
            return self.structured_output
        # llama-cpp-python rejects json_schema but grammar-constrains json_object + schema.
        return "json_object_schema" if self.embedded else "json_schema"


class AgentConfig(Strict):
    max_steps: int = Field(4, ge=0, description="think/act/observe steps per episode; 0 = answer in one call")
    max_tokens: int = Field(6000, gt=0, description="prompt+completion tokens per episode")
    wall_time_s: float = Field(300.0, gt=0, description="wall-clock bound per episode")
    max_completion_tokens: int = Field(384, gt=0, description="max_tokens for each LLM call")
    temperature: float = Field(0.0, ge=0, le=2)
    sampling_seed: int | None = Field(0, description="sent as `seed` for reproducible sampling")
    max_malformed: int = Field(2, ge=0, description="malformed actions fed back before the episode fails")
    plan: bool = Field(True, description="ask for sub-questions before acting")
    answer_on_step_limit: bool = Field(True, description="at the step bound, ask for the answer instead of failing")
    max_evidence: int = Field(2, gt=0, description="pieces of evidence per insight the agent may give")
    evidence: Literal["ref", "quote"] = Field(
        "ref", description="ref: the agent cites sentence ids it was shown ([doc#n]) and assay fills in the text; "
        "quote: it copies the text (checked by fuzzy match)")
    tools: list[str] = Field(default_factory=lambda: ["search", "read", "calculate", "python"])
    tree_breadth: int = Field(1, ge=1, description="k > 1: fork each episode into k branches that share the "
                              "conversation so far (one n=k request where the endpoint honours n)")
    tree_fork: str = Field("final", pattern=r"^(final|plan|step:[1-9][0-9]*)$",
                           description="where a tree forks: final = before the final answer; plan = after the plan "
                           "(each branch takes its own steps); step:T = after step T")
    tree_max_tokens: int = Field(24000, gt=0, description="prompt+completion tokens per tree, all branches together")


class RolesConfig(Strict):
    agent: str | list[str] = Field(EMBEDDED, description="endpoint name, or several: each episode goes to the one "
                                   "with the least outstanding work for its measured throughput x weight")
    validator: str | list[str] | None = Field(None, description="endpoint(s) for LLM validators; defaults to the agent's")


class ValidatorsConfig(Strict):
    # Deterministic stages by default: they catch every row of their kinds in the labeled set and cost no
    # tokens. LLM stages (support, consistency, judge) are opt-in: see README 'Validators' for their figures.
    stages: list[str] = Field(default_factory=lambda: ["structure", "grounding", "numeric", "execution", "novelty"])
    all_verdicts: bool = Field(False, description="run every stage even after one fails")
    process: Literal["auto", "on", "off"] = Field(
        "off", description="run the stack's leading deterministic stages (structure, grounding, numeric, execution, "
        "novelty) in a process of their own, off the driver's core; auto: on where a second core exists (local "
        "executor); verdicts are the same as in-process")
    params: dict[str, dict[str, Any]] = Field(default_factory=dict, description="per-stage keyword arguments")


class RunConfig(Strict):
    seeds: str | None = Field(None, description="seed JSONL file, or a .parquet/.csv/.json(l) file or folder, a "
                              "saved dataset folder (save_to_disk) or hf:ORG/NAME (a Hub dataset, streamed); "
                              "default: the shipped demo seeds")
    seed_columns: dict[Literal["id", "question", "sources", "reference_answer", "domain", "tags",
                               "allow_no_evidence"], str] = Field(
        default_factory=dict, description="seed field -> the source's column, e.g. question = \"prompt\"; an "
        "unmapped field is read from the column of its own name (without an id column, ids are row1, row2, ...)")
    seeds_split: str | None = Field(None, description="the split of a Hub dataset or saved DatasetDict; "
                                    "default: train")
    corpus: str | None = Field(None, description="folder of .md/.txt source documents, or a table of documents "
                               "(as for seeds); default: corpus/ beside the seeds")
    corpus_columns: dict[Literal["id", "text"], str] = Field(
        default_factory=dict, description="document field -> the source's column, e.g. text = \"content\"")
    corpus_split: str | None = Field(None, description="the split of a Hub dataset or saved DatasetDict of "
                                     "documents; default: train")
    out: str = Field("runs/demo", description="run directory")
    agents: int = Field(4, gt=0, description="episodes running concurrently")
    limit: int | None = Field(None, gt=0, description="only the first N seeds")
    samples: int = Field(1, gt=0, description="attempts per seed (ids get #k; use temperature > 0), for preference pairs")
    on_bad_seed: Literal["skip", "abort"] = "abort"
    executor: Literal["local", "ray"] = Field("local", description="local: this process; ray: shards over a Ray "
                                              "cluster (needs the ray extra)")
    ray_address: str | None = Field(None, description="Ray cluster to join, e.g. ray://head:10001; empty = a local Ray")
    shard_size: int = Field(8, gt=0, description="seeds per Ray task: a killed worker's shard is redone as a whole")
    event_loop: Literal["auto", "uvloop", "asyncio"] = Field(
        "auto", description="auto: uvloop where installed (a dependency on Linux and macOS), else asyncio's loop")
    allow_changed_config: bool = Field(False, description="resume a run directory even though settings that "
                                       "shape records changed (model, stages, samples, prompts, agent bounds); the "
                                       "journal records the change")


class BudgetConfig(Strict):
    """Checked before each call; when one is reached the run stops scheduling and says which."""

    max_cost_usd: float | None = Field(None, gt=0, description="estimated USD the run may spend")
    max_tokens: int | None = Field(None, gt=0, description="prompt+completion tokens the run may use")
    seed_max_tokens: int | None = Field(None, gt=0, description="tokens one seed may use (agent and validators)")
    seed_max_cost_usd: float | None = Field(None, gt=0, description="estimated USD one seed may spend")


class MeteringConfig(Strict):
    metrics_interval_s: float = Field(5.0, ge=0, description="seconds between samples of a self-hosted "
                                      "endpoint's Prometheus /metrics; 0 = off")


class Config(Strict):
    run: RunConfig = Field(default_factory=RunConfig)
    agent: AgentConfig = Field(default_factory=AgentConfig)
    endpoints: dict[str, EndpointConfig] = Field(default_factory=dict)
    roles: RolesConfig = Field(default_factory=RolesConfig)
    validators: ValidatorsConfig = Field(default_factory=ValidatorsConfig)
    budget: BudgetConfig = Field(default_factory=BudgetConfig)
    metering: MeteringConfig = Field(default_factory=MeteringConfig)
    task: TaskConfig = Field(default_factory=TaskConfig, description="the agent's templates and answer schema "
                             "(task.py); default: the shipped research task")
    backends: dict[str, BackendProfile] = Field(default_factory=dict, description="add or override backend profiles")
    models: dict[str, ModelProfile] = Field(default_factory=dict, description="add or override model profiles")

    @model_validator(mode="after")
    def _backends_exist(self) -> "Config":
        shipped = shipped_backends()
        for name, profile in self.backends.items():
            if name not in shipped and profile.kind is None:
                raise ValueError(f"backends.{name}.kind is required for a backend that assay does not ship: "
                                 "set kind = \"self-hosted\" or kind = \"hosted\"")
        known = set(shipped) | set(self.backends)
        for name, ep in self.endpoints.items():
            if ep.backend not in known:
                raise ValueError(f"endpoints.{name}.backend names backend profile {ep.backend!r}, which is not defined "
                                 f"(known: {', '.join(sorted(known))}); pick one of those or add [backends.{ep.backend}] "
                                 "to the config")
        return self

    @model_validator(mode="after")
    def _roles_exist(self) -> "Config":
        if EMBEDDED not in self.endpoints:
            self.endpoints[EMBEDDED] = EndpointConfig(backend="cpu-llamacpp")
        for role, names in (("agent", self.roles.agent), ("validator", self.roles.validator)):
            listed = [names] if isinstance(names, str) else names or []
            if isinstance(names, list) and (not names or len(set(names)) < len(names)):
                raise ValueError(f"roles.{role} must list one or more distinct endpoint names (got {names})")
            for name in listed:
                if name not in self.endpoints:
                    known = ", ".join(sorted(self.endpoints))
                    raise ValueError(f"roles.{role} names endpoint {name!r}, which is not defined (known: {known})")
        return self

    def endpoints_for(self, role: str) -> list[str]:
        """The endpoint names serving a role, in config order (the first is the primary)."""
        names = self.roles.validator if role == "validator" and self.roles.validator else self.roles.agent
        return [names] if isinstance(names, str) else list(names)

    def endpoints_used(self) -> set[str]:
        """Every endpoint a role uses: the ones a run starts or connects to."""
        return set(self.endpoints_for("agent")) | set(self.endpoints_for("validator"))

    def endpoint_for(self, role: str) -> tuple[str, EndpointConfig]:
        name = self.endpoints_for(role)[0]
        return name, self.endpoints[name]


def configured_agent_endpoints(path: str | Path | None) -> list[str]:
    """The endpoint names a config file gives the agent role, read before any flag is applied (the CLI points its
    endpoint flags at them); the embedded endpoint when it names none. Unvalidated: load_config reports bad values."""
    data = _read_toml(Path(path)) if path is not None else {}
    names = (data.get("roles") or {}).get("agent") or EMBEDDED
    names = [names] if isinstance(names, str) else names if isinstance(names, list) else []
    defined = set(data.get("endpoints") or {}) | {EMBEDDED}  # an undefined name stays undefined: load_config names it
    return [n for n in names if isinstance(n, str) and n in defined]


def format_validation_error(err: ValidationError, source: str, where=lambda key: key) -> str:
    lines = [f"{source}: invalid configuration"]
    for e in err.errors():
        path = where(".".join(str(p) for p in e["loc"])) or "(top level)"
        got = e.get("input")
        hint = "" if isinstance(got, dict) or got is None else f" (got {got!r})"
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown key; check its spelling against `assay run --help` and the README's config section"
        lines.append(f"  {path}: {msg}{hint}")
    return "\n".join(lines)


def load_config(path: str | Path | None, overrides: dict[str, Any] | None = None,
                flags: dict[str, str] | None = None) -> Config:
    """Read TOML (if given), apply dotted-key overrides such as {"run.agents": 8}, validate.

    `flags` names the command-line flag behind an override key ({"endpoints.cli.base_url": "--endpoint"}), so a
    bad value is reported as the flag the user typed.
    """
    data: dict[str, Any] = {}
    source = "defaults"
    if path is not None:
        p = Path(path)
        source = str(p)
        data = _read_toml(p)
    given = set()
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        given.add(dotted)
        node = data
        *parents, leaf = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    if not (data.get("run") or {}).get("seeds"):  # the shipped demo: its preset, under every key the user set
        for dotted, value in DEMO_PRESET.items():
            section, key = dotted.split(".")
            data.setdefault(section, {}).setdefault(key, value)
    header = f"{source}: invalid configuration" if path is not None else "invalid configuration"
    problems = [f"  {_where(key, given, flags)}: {value!r} is not a finite number; write a number, or leave the key "
                "out for its default" for key, value in _non_finite(data)]
    if problems:
        raise UsageError("\n".join([header, *problems]))
    try:
        cfg = Config.model_validate(data)
    except ValidationError as e:
        raise UsageError(format_validation_error(e, source, lambda key: _where(key, given, flags))) from None
    problems = [f"  {_where(f'endpoints.{name}.base_url', given, flags)}: {problem}"
                for name, ep in cfg.endpoints.items() if ep.base_url is not None
                for problem in [_url_problem(ep.base_url)] if problem]
    if problems:
        raise UsageError("\n".join([header, *problems]))
    try:  # the task's templates, schema and field mapping, against the stages that read them
        load_task(cfg.task, cfg.validators.stages, cfg.agent.tree_breadth)
    except UsageError as e:
        raise UsageError(f"{header}\n  {e}") from None
    return cfg


def _url_problem(url: str) -> str | None:
    """Why an endpoint base URL cannot work, with the fix; None when it can."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return f"{url!r} has no scheme; add http:// (or https://), e.g. http://{url}"
    if scheme.lower() not in ("http", "https"):
        return f"{url!r}: {scheme}:// is not supported; an OpenAI-compatible endpoint is http:// or https://"
    if not rest.split("/", 1)[0]:
        return f"{url!r} has no host; e.g. http://127.0.0.1:8000/v1"
    return None


def _read_toml(p: Path) -> dict[str, Any]:
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{p}: config file not found; pass an existing file to -c/--config") from None
    except IsADirectoryError:
        raise UsageError(f"{p}: is a folder, not a config file; pass a TOML file to -c/--config") from None
    except OSError as e:
        raise UsageError(f"{p}: cannot read the config file ({e.strerror}); pass a file you can read to "
                         "-c/--config") from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM an editor added is not part of the TOML
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise UsageError(f"{p}:{line}: not UTF-8 text (byte 0x{raw[e.start]:02x}); save the file as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{p}: not valid TOML: {e}") from None


def _non_finite(node: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """inf and nan, which TOML and float() accept and which no bound, budget or timeout means."""
    if isinstance(node, float) and not math.isfinite(node):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _non_finite(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _non_finite(value, f"{path}.{i}")


def _where(key: str, given: set[str], flags: dict[str, str] | None) -> str:
    flag = (flags or {}).get(key)
    return f"{flag} ({key})" if flag and key in given else key
