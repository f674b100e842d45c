"""The on-disk contracts: what goes in (Seed), what agents propose (Insight), what comes out (Record)."""
from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """The base of every contract, config and profile model: an unknown key is an error."""
    model_config = ConfigDict(extra="forbid")


class Seed(Strict):
    id: str = Field(min_length=1, description="unique within a run")
    question: str = Field(min_length=1, description="the research question or topic")
    domain: str = "general"
    sources: list[str] = Field(default_factory=list, description="corpus document ids the seed cites")
    reference_answer: str | None = None
    allow_no_evidence: bool = False
    tags: list[str] = Field(default_factory=list)


class Evidence(Strict):
    """A passage backing a claim. By reference, the agent names a sentence id it was shown (`ref`,
    `doc#n`) and assay fills `source_id` and `quote` from the document; by quote, it copies the text."""
    source_id: str = ""
    quote: str = ""
    ref: str | None = Field(None, description="the cited sentence's id, doc#n; None for a retyped quote")


class Insight(BaseModel):
    """An agent's proposal; lenient on input (models add fields), strict where validators look."""

    model_config = ConfigDict(extra="ignore")
    claim: str = ""
    reasoning: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    verification_code: str | None = None
    confidence: float | None = None
    output: dict[str, Any] | None = Field(None, description="a custom task's whole answer, as its schema shapes it; "
                                          "claim/evidence/reasoning are the fields its `task.fields` maps (task.py)")


class CallEstimate(Strict):
    """Derived figures for one call, each an estimate (formulas: README "Metering"); None = unknown."""

    flops: float | None = None
    kv_peak_bytes: float | None = None
    kv_gb_s: float | None = None
    device_s: float | None = Field(None, description="self-hosted: this call's share of device time")
    energy_j: float | None = None
    cost_usd: float | None = None


class CallUsage(Strict):
    """One LLM call as the wire reported it, plus what we measured around it."""

    role: str
    endpoint: str
    backend: str
    model: str
    prompt_tokens: int = 0
    cached_tokens: int = 0
    cached_reported: bool | None = Field(None, description="the server reported cached prompt tokens (0 included); "
                                         "False: it reports none, so cached_tokens = 0 means unknown; None: a record "
                                         "from before assay kept this")
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    n: int = Field(1, ge=1, description="choices the server returned: it runs the prompt once per choice, while the "
                                        "usage counts it once")
    wall_s: float = 0.0
    ttft_s: float | None = None
    server_timings: dict[str, float] = Field(default_factory=dict)
    retries: int = 0
    retry_wait_s: float = 0.0
    finish_reason: str | None = None
    step: int | None = None
    replayed: bool = Field(False, description="served from the run's request cache on resume, not paid again")
    started_at: float | None = Field(None, description="unix time the request was sent")
    estimate: CallEstimate | None = Field(None, description="filled by the meter")


class Verdict(Strict):
    validator: str
    passed: bool
    score: float | None = None
    reason: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    usage: list[CallUsage] = Field(default_factory=list)


class Status(str, Enum):
    accepted = "accepted"
    rejected = "rejected"
    failed = "failed"


class ToolCall(Strict):
    step: int
    tool: str
    input: Any
    output: str
    error: bool = False
    elapsed_s: float = 0.0


class Provenance(Strict):
    endpoint: str
    model: str
    backend: str
    prompt_version: str
    code_version: str
    validator_endpoint: str | None = None
    validator_model: str | None = None


class UsageTotals(Strict):
    """Sums over a record's calls; derived estimates are filled by the meter."""

    calls: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    wall_s: float = 0.0
    flops_est: float | None = None
    kv_gb_s_est: float | None = None
    energy_j_est: float | None = None
    cost_usd_est: float | None = None
    kv_peak_bytes_est: float | None = None


class Record(Strict):
    """Exactly one final record per seed attempt."""

    seed: Seed
    status: Status
    reason: str = ""
    failed_stage: str | None = None
    insight: Insight | None = None
    messages: list[dict[str, Any]] = Field(default_factory=list)
    fork_at: int | None = Field(None, description="a tree leaf's: messages[:fork_at] is the context it shares with "
                                "its sibling leaves (the prompt of their preference pairs)")
    tool_calls: list[ToolCall] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)
    calls: list[CallUsage] = Field(default_factory=list)
    provenance: Provenance
    usage: UsageTotals = Field(default_factory=UsageTotals)
    notes: list[str] = Field(default_factory=list)
