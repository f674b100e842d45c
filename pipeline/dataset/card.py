"""The dataset card: Hub YAML metadata plus a body that says what produced the data and at what cost.

Every figure is computed from the records as they stream past (`RunStats.add`), so the card is as
true as the shards and as deterministic: no timestamps, no local paths, no secrets.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from huggingface_hub import DatasetCardData

from assay.records import Record, Status
from assay.metering.meter import Agg, busy_s
from assay.dataset.rows import SFT_FORMATS
from assay.secrets import redact
from assay.report.found import Found, markdown as found_markdown

ESTIMATES = (  # Agg figure, label: per-call estimates the meter stored; None where it had no figure
    ("device_s", "device time, s (estimate)"),
    ("flops", "FLOPs (estimate)"),
    ("kv_gb_s", "KV-cache GB·s (estimate)"),
    ("energy_j", "energy, J (estimate)"),
    ("cost_usd", "cost, USD (estimate)"),
)
CONFIG_TEXT = {
    "sft": "chat `messages` (user question, assistant reasoning and answer) for supervised fine-tuning",
    "insights": "accepted records in full: claim, reasoning, evidence, verdicts, trace, provenance, usage",
    "rejected": "rejected records in full, with the failing stage and its reason (negatives)",
    "preferences": "DPO pairs: an accepted (chosen) and a rejected answer to the same question",
}


@dataclass
class RunStats:
    """Aggregates over every record of a run, built in one streaming pass; sums use the meter's Agg, as `assay report` does."""

    status: Counter = field(default_factory=Counter)
    stages: dict[str, list[int]] = field(default_factory=dict)  # stage -> [checked, passed], first-seen order
    total: Agg = field(default_factory=Agg)
    reasoning_tokens: int = 0
    by_route: dict[tuple[str, str, str, str], Agg] = field(default_factory=dict)
    by_role: dict[str, Agg] = field(default_factory=dict)
    by_backend: dict[str, Agg] = field(default_factory=dict)
    spans: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of each timed call
    prompt_versions: Counter = field(default_factory=Counter)
    code_versions: Counter = field(default_factory=Counter)
    found: Found = field(default_factory=Found)  # accepted insights by question kind and source (report/found.py)
    corpus_documents: int | None = None  # the run's corpus size, for source coverage; None: unknown

    def add(self, r: Record) -> None:
        self.status[r.status.value] += 1
        self.found.add(r)
        for v in r.verdicts:
            checked_passed = self.stages.setdefault(v.validator, [0, 0])
            checked_passed[0] += 1
            checked_passed[1] += int(v.passed)
        for c in r.calls:
            self.total.add(c)
            self.reasoning_tokens += c.reasoning_tokens
            self.by_route.setdefault((c.role, c.endpoint, c.backend, c.model), Agg()).add(c)
            self.by_role.setdefault(c.role, Agg()).add(c)
            self.by_backend.setdefault(c.backend, Agg()).add(c)
            if c.started_at is not None:
                self.spans.append((c.started_at, c.started_at + c.wall_s))
        self.prompt_versions[r.provenance.prompt_version] += 1
        self.code_versions[r.provenance.code_version] += 1

    @property
    def records(self) -> int:
        return sum(self.status.values())

    @property
    def run_wall_s(self) -> float | None:
        """Seconds with at least one call in flight."""
        return busy_s(self.spans)


@dataclass
class CardOptions:
    license: str = "unknown"
    language: list[str] = field(default_factory=lambda: ["en"])
    pretty_name: str | None = None
    repo_id: str | None = None  # shown in the loading example once known
    sft_format: str = "think"


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return label
    return "10M<n<100M"


def _num(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:.4g}"


def metadata(stats: RunStats, rows: dict[str, int], opts: CardOptions, default_model: str) -> DatasetCardData:
    # export_run's `rows` (shards.ConfigRows) carries each config's pattern, which names its content digest:
    # `datasets` keys its cache of a local folder by the folder's name and this metadata only, so a pattern
    # without the digest let another export into a folder of the same name load the first one's cached rows.
    patterns = getattr(rows, "data_files", {})
    configs = []
    for name, n in rows.items():
        if n:
            path = patterns.get(name, f"data/{name}/train-*")
            entry = {"config_name": name, "data_files": [{"split": "train", "path": path}]}
            if name == "insights":
                entry["default"] = True
            configs.append(entry)
    return DatasetCardData(
        license=opts.license,
        language=list(opts.language),
        task_categories=["question-answering", "text-generation"],
        size_categories=[size_category(max(rows.values(), default=0))],
        pretty_name=opts.pretty_name or f"assay research insights ({default_model})",
        tags=["synthetic", "assay", "reasoning", "validated", "dpo"],
        configs=configs,
    )


def _int(x: int | None) -> str:
    return "unknown" if x is None else f"{x:,}"


def cost_per_accepted(stats: RunStats, accepted: int) -> list[str]:
    """Per backend and per role: what one accepted insight cost (the group's whole spend / accepted insights)."""
    if not accepted:
        return []
    out = ["", "#### Cost per accepted insight, per backend and per role", "",
           "Each row's whole spend (accepted, rejected and failed attempts) divided by the "
           f"{accepted:,} accepted insights; `unknown` where a call's figure is unknown.", "",
           "| | prefilled prompt tokens | completion tokens | KV-cache GB·s | device s | energy, J | cost, USD |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind, groups in (("backend", stats.by_backend), ("role", stats.by_role)):
        for name, agg in sorted(groups.items()):
            per = agg.per(accepted)
            cells = [per[k] for k in ("prefilled_tokens", "completion_tokens", "kv_gb_s", "device_s", "energy_j",
                                      "cost_usd")]
            out.append(f"| {kind} {name} | " + " | ".join("unknown" if v is None else _num(v) for v in cells) + " |")
    return out


def render(stats: RunStats, rows: dict[str, int], stages: list[str], opts: CardOptions) -> str:
    """README.md text: YAML front matter, then the generated body."""
    models = sorted({route[3] for route in stats.by_route}) or ["unknown model"]
    data = metadata(stats, rows, opts, models[0])
    accepted = stats.status.get(Status.accepted.value, 0)
    repo = opts.repo_id or "path/to/this/folder"
    present = [name for name, n in rows.items() if n]
    out = [f"# {data.pretty_name}", ""]
    out += [
        "Research insights generated by [assay](#how-it-was-made): agents answered seed questions with "
        "evidence from a source corpus, and validator stages rejected hallucinated or badly reasoned answers. "
        f"{stats.records:,} seed attempts: {accepted:,} accepted, {stats.status.get('rejected', 0):,} rejected, "
        f"{stats.status.get('failed', 0):,} failed (no answer; failures are not exported).", "",
        "## Configs", "", "| config | rows | holds |", "| --- | ---: | --- |",
    ]
    out += [f"| `{name}` | {rows[name]:,} | {CONFIG_TEXT[name]} |" for name in rows]
    empty = [name for name, n in rows.items() if not n]
    if empty:
        out += ["", "Configs with no rows are left out of the metadata (`datasets` cannot load an empty "
                f"Parquet config): {', '.join(f'`{e}`' for e in empty)}."]
    out += ["", "## How to load", "", "```python", "from datasets import load_dataset", ""]
    out += [f'{name} = load_dataset("{repo}", "{name}", split="train")' for name in present] or ["# no rows yet"]
    out += ["```", "",
            f"SFT assistant turns are formatted as: {SFT_FORMATS[opts.sft_format]} (`--sft-format {opts.sft_format}`).",
            "Preference pairs match an accepted and a rejected attempt whose questions have the same text "
            "(`assay run --samples K` attempts each seed K times); within a question, each accepted attempt takes the "
            "next rejected one (seed order) whose text differs, so each record is used at most once. Tree leaves "
            "(`agent.tree_breadth`) pair with their siblings first (`pair` = `siblings`): the prompt is the whole "
            "conversation they forked from and chosen/rejected are what followed, as generated (a branch forked "
            "after the plan or a step keeps its steps, observations as user turns); other pairs have "
            "`pair` = `question` and the question as the prompt.", ""]
    if stats.found.kinds:
        out += found_markdown(stats.found.as_dict(stats.corpus_documents)) + [""]
    out += ["## How it was made", "", "Calls by role, endpoint (by name), hardware backend and model:", "",
            "| role | endpoint | backend | model | calls | prompt tokens | cached | completion tokens | call s |",
            "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for (role, endpoint, backend, model), c in sorted(stats.by_route.items()):
        out.append(f"| {role} | {endpoint} | {backend} | {model} | {c.calls:,} | {c.prompt_tokens:,} | "
                   f"{_int(None if c.cache_unreported else c.cached_tokens)} | {c.completion_tokens:,} | {c.call_s:.1f} |")
    out += ["", "### Validator stack", "",
            "Stages run in order; a stage only sees insights that passed the stages before it unless the run "
            "used `--all-verdicts`. Pass rates are computed from the records' verdicts.", "",
            "| stage | checked | passed | pass rate |", "| --- | ---: | ---: | ---: |"]
    order = list(stages) + [s for s in stats.stages if s not in stages]
    for stage in order:
        checked, passed = stats.stages.get(stage, [0, 0])
        rate = f"{100 * passed / checked:.1f}%" if checked else "–"
        out.append(f"| {stage} | {checked:,} | {passed:,} | {rate} |")
    out += ["", "### Metering", "",
            "Totals over every call of every attempt (rejected and failed ones cost too), and the same divided by "
            "the number of accepted insights. Estimates are the per-call estimates of assay's meter (README "
            "\"Metering\"); a figure is `unknown` when any call's backend profile lacks it.", "",
            "| figure | total | per accepted insight |", "| --- | ---: | ---: |"]
    total = stats.total
    figures = [("LLM calls", total.calls), ("prompt tokens", total.prompt_tokens),
               ("cached prompt tokens", None if total.cache_unreported else total.cached_tokens),
               ("prompt tokens prefilled (after cache hits)", total.prefilled_tokens),
               ("completion tokens", total.completion_tokens), ("reasoning tokens", stats.reasoning_tokens),
               ("call-seconds (wall times summed over calls)", total.call_s),
               ("run wall time, s (a call in flight)", stats.run_wall_s)]
    figures += [(label, getattr(total, key)) for key, label in ESTIMATES]
    for label, value in figures:
        per = "n/a" if not accepted else "unknown" if value is None else _num(value / accepted)
        out.append(f"| {label} | {'unknown' if value is None else _num(value)} | {per} |")
    if total.cache_unreported:
        out += ["", f"Cached and prefilled tokens are unknown: the server reported no cached prompt tokens for "
                f"{total.cache_unreported:,} of {total.calls:,} calls (llama-cpp-python reports none)."]
    out += cost_per_accepted(stats, accepted)
    out += ["", "### Versions", "", "Prompt versions (content hash of the prompt templates) and assay versions:", ""]
    out += [f"- prompts `{v}`: {n:,} records" for v, n in sorted(stats.prompt_versions.items())]
    out += [f"- assay {v}: {n:,} records" for v, n in sorted(stats.code_versions.items())]
    out += ["", "## Limitations", "",
            "Machine-generated. Validators reduce hallucinations but do not remove them all; check the `verdicts` "
            "of each record and the pass rates above before training on it.", ""]
    body = "\n".join(out)
    return redact(f"---\n{data.to_yaml()}\n---\n\n{body}")
