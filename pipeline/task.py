"""A task: the prompts the agent is given and the answer it must give, run by the same loop as every task.

The shipped research task is the default `[task]`: the prompts in prompts/ and the Insight schema. A custom
task names a folder of its own templates (a NAME.md there replaces prompts/NAME.md; the others stay shipped)
and an output schema, a JSON schema file or a pydantic model (`module:Class`). Its answer is journaled whole
(`Insight.output`), and the fields that `fields` maps fill the insight's claim, evidence and reasoning, which
are what the validators read. A stage that reads a field the task does not map is refused when the config is
loaded (STAGE_NEEDS), never passed silently. Export: the answer's fields are the `output` column's fields, and
the SFT assistant turn is the answer as JSON (dataset/rows.py).
"""
from __future__ import annotations

import hashlib
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from assay.errors import MalformedAction, UsageError
from assay.records import Evidence, Insight, Strict
from assay.replies import extract_json
from assay.templates import Templates

RESEARCH = "research"
# The agent's templates and the variables each is given (a task's own file may use any of them, no others).
VARIABLES: dict[str, set[str]] = {
    "agent_system": {"tools", "sources", "evidence_rule"}, "agent_evidence_ref": set(), "agent_evidence_quote": set(),
    "agent_plan": {"question"}, "agent_step": set(), "agent_observation": {"tool", "output"},
    "agent_final": {"question", "schema"}, "agent_final_ref": {"question", "example_ref", "candidates"},
}
TEMPLATES = tuple(VARIABLES)
Mapped = Literal["claim", "evidence", "reasoning"]
# The insight fields each shipped stage reads; a plugin stage's needs are its own (it gets the whole insight).
STAGE_NEEDS: dict[str, tuple[str, ...]] = {
    "structure": ("claim", "reasoning"), "grounding": ("evidence",), "numeric": ("claim", "evidence"),
    "execution": ("claim",), "novelty": ("claim",), "support": ("claim", "evidence"),
    "consistency": ("claim",), "judge": ("claim", "evidence", "reasoning"),
}


class TaskConfig(Strict):
    name: str = Field(RESEARCH, description="the task's name, recorded with the run")
    prompts: str | None = Field(None, description="folder of the task's own templates: a NAME.md there replaces "
                                "the shipped prompts/NAME.md (agent_system, agent_final, ...); empty = shipped")
    output_schema: str | None = Field(None, description="the answer's shape: a JSON schema file (.json) or a "
                                      "pydantic model as module:Class; empty = the research task's Insight")
    fields: dict[Mapped, str] = Field(default_factory=dict, description="insight field -> the answer's field, "
                                      "e.g. claim = \"answer\", evidence = \"quotes\"; what validators read")


@dataclass(frozen=True)
class Task:
    name: str = RESEARCH
    templates: Templates = field(default_factory=Templates)
    schema: dict[str, Any] | None = None  # None: the research task's Insight schema (actions.insight_schema)
    model: type[BaseModel] | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def custom(self) -> bool:
        return self.schema is not None

    def version(self) -> str:
        """The prompts' content hash; a custom task's also covers its schema and field mapping."""
        prompts = self.templates.version(*TEMPLATES)
        if not self.custom:
            return prompts  # the research task's, as before tasks existed
        h = hashlib.sha256(prompts.encode())
        h.update(json.dumps([self.schema, self.fields], sort_keys=True).encode())
        return h.hexdigest()[:12]

    def schema_text(self) -> str:
        return json.dumps(self.schema, ensure_ascii=False)

    def parse(self, text: str) -> Insight:
        """The final reply as an Insight: a custom answer validated against its schema, kept whole in `output`,
        its mapped fields copied to claim / evidence / reasoning. MalformedAction says what is wrong."""
        if not self.custom:
            from assay.agent.actions import parse_insight
            return parse_insight(text)
        data = extract_json(text)
        if self.model is not None:
            try:
                data = self.model.model_validate(data).model_dump(mode="json")
            except ValidationError as e:
                first = e.errors()[0]
                raise MalformedAction(f"{'.'.join(map(str, first['loc'])) or '(reply)'}: {first['msg']}") from None
        else:
            from jsonschema import Draft202012Validator
            errors = sorted(Draft202012Validator(self.schema).iter_errors(data), key=lambda e: list(e.path))
            if errors:
                where = ".".join(map(str, errors[0].path)) or "(reply)"
                raise MalformedAction(f"{where}: {errors[0].message[:200]}")
        return Insight(claim=_text(data.get(self.fields.get("claim", ""), "")) if "claim" in self.fields else "",
                       reasoning=[_text(s) for s in _listed(data.get(self.fields.get("reasoning", "")))],
                       evidence=[_evidence(e) for e in _listed(data.get(self.fields.get("evidence", "")))],
                       output=data)

    def parser(self, seed, corpus):
        """parse() for one seed's episode: a custom answer's bare quote (no source, no sentence id) is given the
        source it was copied from, among the seed's cited documents (or its only one); grounding then checks it."""
        if not self.custom:
            return self.parse

        def parse(text: str) -> Insight:
            insight = self.parse(text)
            cited = [s for s in seed.sources if s in corpus]
            for ev in insight.evidence:
                if ev.quote and not ev.source_id and not ev.ref:
                    quote = _norm(ev.quote)
                    found = [s for s in cited if quote in _norm(corpus.text(s))]
                    ev.source_id = found[0] if found else cited[0] if len(cited) == 1 else ""
            return insight
        return parse


RESEARCH_TASK = Task()
_REF = re.compile(r"^\[?[^\[\]\s#]+#\d{1,5}\]?$")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _listed(value: Any) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _evidence(value: Any) -> Evidence:
    """A quote, a cited sentence id (doc#n) or an object with source_id / quote / ref."""
    if isinstance(value, dict):
        return Evidence(source_id=_text(value.get("source_id") or ""), quote=_text(value.get("quote") or ""),
                        ref=value.get("ref") if isinstance(value.get("ref"), str) else None)
    text = _text(value).strip()
    return Evidence(ref=text) if _REF.match(text) else Evidence(quote=text)


def load_task(cfg: TaskConfig, stages: list[str] | None = None, tree_breadth: int = 1) -> Task:
    """The task a config names, checked: templates' placeholders, the schema, the field mapping, and that every
    validator stage has the fields it reads. Raises UsageError naming the key (and file, line, placeholder)."""
    folder = None
    if cfg.prompts is not None:
        folder = Path(cfg.prompts)
        if not folder.is_dir():
            raise UsageError(f"task.prompts: {folder} is not a folder; point it at the folder holding the task's "
                             f"templates ({', '.join(n + '.md' for n in TEMPLATES[:2])}, ...)")
        known = [p.stem for p in folder.glob("*.md")]
        if not any(n in VARIABLES for n in known):
            raise UsageError(f"task.prompts: {folder} holds none of the agent's templates; name them after the "
                             f"shipped ones: {', '.join(n + '.md' for n in TEMPLATES)}")
    templates = Templates(folder)
    for name, given in VARIABLES.items():
        templates.check(name, given)
    if cfg.output_schema is None:
        if cfg.fields:
            raise UsageError("task.fields maps the answer's fields, but task.output_schema is empty: the research "
                             "task's answer is the Insight itself; set task.output_schema or drop task.fields")
        return Task(name=cfg.name, templates=templates)
    schema, model = _schema(cfg.output_schema)
    props = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(props, dict) or not props:
        raise UsageError(f"task.output_schema: {cfg.output_schema} must describe a JSON object with properties "
                         "(\"type\": \"object\", \"properties\": {...}); the answer is one object")
    for key, prop in cfg.fields.items():
        if prop not in props:
            raise UsageError(f"task.fields.{key}: {prop!r} is not a property of {cfg.output_schema} (its properties: "
                             f"{', '.join(props)})")
    for stage in stages or []:
        missing = [f for f in STAGE_NEEDS.get(stage, ()) if f not in cfg.fields]
        if missing:
            raise UsageError(f"validators.stages: stage {stage!r} reads the insight's {' and '.join(missing)}, which "
                             f"task.fields does not map; map them (e.g. task.fields.{missing[0]} = \"<a property of "
                             f"the schema>\") or drop {stage!r} from validators.stages")
    if tree_breadth > 1:
        raise UsageError("agent.tree_breadth > 1 is not yet supported with a custom task (task.output_schema); "
                         "use run.samples for several answers per seed")
    return Task(name=cfg.name, templates=templates, schema=schema, model=model, fields=dict(cfg.fields))


def _schema(value: str) -> tuple[dict[str, Any], type[BaseModel] | None]:
    path = Path(value)
    if re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", value) and not path.exists():
        module, _, name = value.partition(":")
        try:
            found = getattr(importlib.import_module(module), name)
        except ImportError as e:
            raise UsageError(f"task.output_schema: cannot import module {module!r} ({e}); install it or put it on "
                             "PYTHONPATH, or give a JSON schema file") from None
        except AttributeError:
            raise UsageError(f"task.output_schema: module {module!r} has no {name!r}; give module:Class of a pydantic "
                             "model") from None
        if not (isinstance(found, type) and issubclass(found, BaseModel)):
            raise UsageError(f"task.output_schema: {value} is not a pydantic model class; give module:Class of a "
                             "pydantic BaseModel, or a JSON schema file")
        return found.model_json_schema(), found
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"task.output_schema: {value} does not exist; give a JSON schema file or module:Class") from None
    except OSError as e:
        raise UsageError(f"task.output_schema: cannot read {value} ({e.strerror})") from None
    except ValueError as e:
        raise UsageError(f"task.output_schema: {value} is not valid JSON ({e})") from None
    from jsonschema import Draft202012Validator, SchemaError
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as e:
        raise UsageError(f"task.output_schema: {value} is not a valid JSON schema: {e.message}") from None
    return schema, None


# The export's `output` column: one field per property of the schema, typed from it; anything else is JSON text.
_DTYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


def output_columns(schema: dict[str, Any]) -> dict[str, str]:
    """property -> Arrow dtype for the schema's top-level properties (declared, never inferred from data)."""
    out = {}
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type") if isinstance(prop, dict) else None
        if isinstance(kind, list):  # ["string", "null"]
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        out[name] = _DTYPES.get(kind, "json") if isinstance(kind, str) else "json"
    return out


def output_row(output: dict[str, Any] | None, columns: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, dtype in columns.items():
        value = (output or {}).get(name)
        if value is not None and dtype == "json":
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif value is not None and dtype == "float64" and isinstance(value, (int, float)):
            value = float(value)
        elif value is not None and not _fits(value, dtype):
            value = None if dtype != "string" else json.dumps(value, ensure_ascii=False)
        out[name] = value
    return out


def _fits(value: Any, dtype: str) -> bool:
    return {"string": isinstance(value, str), "int64": isinstance(value, int) and not isinstance(value, bool),
            "bool": isinstance(value, bool)}.get(dtype, True)


def run_columns(run_dir: Path) -> dict[str, str] | None:
    """The export columns of a run's custom task (its config.json), None for the research task."""
    try:
        section = json.loads((Path(run_dir) / "config.json").read_text(encoding="utf-8")).get("task")
    except (OSError, ValueError, AttributeError):
        return None
    if not section or not section.get("output_schema"):
        return None
    schema, _model = _schema(TaskConfig.model_validate(section).output_schema)
    return output_columns(schema)
