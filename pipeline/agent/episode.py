"""One research episode: plan -> think/act/observe steps -> a structured Insight, within hard bounds.

The prompt only grows at its end: system prompt (tools, the seed's sources) first, then the
conversation, so servers with prefix caching reuse every earlier step's KV cache.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from assay import aio
from assay import templates as prompts
from assay import sentences
from assay.agent.actions import (PLAN_SCHEMA, insight_schema, parse_plan, parse_step, resolve_evidence,
                                 step_schema)
from assay.errors import MalformedAction
from assay.endpoint.client import EndpointClient
from assay.config import AgentConfig
from assay.corpus import Corpus
from assay.errors import EndpointRejected, EpisodeFailed
from assay.records import CallUsage, Insight, Seed, ToolCall
from assay.task import RESEARCH_TASK, Task
from assay.templates import Templates
from assay.agent.tools import Toolbox, ToolError

TEMPLATES = ("agent_system", "agent_evidence_ref", "agent_evidence_quote", "agent_plan", "agent_step",
             "agent_observation", "agent_final", "agent_final_ref")
SOURCE_CHARS = 3000  # of each seed's cited sources placed in the stable prefix


@dataclass
class Episode:
    seed: Seed
    sample: int = 0
    insight: Insight | None = None
    failure: str | None = None
    plan: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    calls: list[CallUsage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shown: dict[str, None] = field(default_factory=dict)  # sentence ids the agent has seen, in order (evidence by ref)
    fork_at: int | None = None  # a tree leaf: messages[:fork_at] is shared with its siblings
    steps_done: int = 0  # think/act/observe steps taken
    answered: bool = False  # a step chose `answer`

    @property
    def tokens(self) -> int:
        return sum(c.prompt_tokens + c.completion_tokens for c in self.calls)


def prompt_version() -> str:
    return prompts.version(*TEMPLATES)


_SYSTEM_PROMPTS: dict[tuple, tuple[Corpus, Toolbox, str]] = {}  # seeds citing the same sources share one


def system_prompt(seed: Seed, corpus: Corpus, toolbox: Toolbox, evidence: str = "quote",
                  templates: Templates = RESEARCH_TASK.templates) -> str:
    key = (id(corpus), id(toolbox), tuple(seed.sources), evidence, templates.folder)
    held = _SYSTEM_PROMPTS.get(key)
    if held is not None and held[0] is corpus and held[1] is toolbox:
        return held[2]
    if len(_SYSTEM_PROMPTS) >= 1024:  # bounded: a run of many distinct source sets stays in constant memory
        _SYSTEM_PROMPTS.clear()
    text = _render_system_prompt(seed, corpus, toolbox, evidence, templates)
    _SYSTEM_PROMPTS[key] = (corpus, toolbox, text)
    return text


def _render_system_prompt(seed: Seed, corpus: Corpus, toolbox: Toolbox, evidence: str, templates: Templates) -> str:
    parts = []
    for sid in seed.sources:
        if sid in corpus:
            body = corpus.numbered(sid, 0, SOURCE_CHARS) if evidence == "ref" else corpus.text(sid)[:SOURCE_CHARS].strip()
            parts.append(f"[{sid}]\n{body}")
    sources = "\n\n".join(parts) if parts else "(none given: use the search tool to find sources)"
    return templates.render("agent_system", tools=toolbox.spec_text(), sources=sources,
                            evidence_rule=templates.render(f"agent_evidence_{evidence}"))


class Agent:
    def __init__(self, client: EndpointClient, toolbox: Toolbox, corpus: Corpus, cfg: AgentConfig, *,
                 role: str = "agent", task: Task = RESEARCH_TASK):
        self.client = client
        self.task = task  # its templates, its answer's schema and parser (task.py); default: research
        self.prompts = task.templates
        self.role = role  # the meter's role for its calls: "validator:rederive" when a validator re-derives
        self.toolbox = toolbox
        self.corpus = corpus
        self.cfg = cfg

    async def run(self, seed: Seed, sample: int = 0) -> Episode:
        """One episode; `sample` varies the sampling seed when a seed is attempted several times."""
        ep = Episode(seed=seed, sample=sample)
        try:
            with aio.time_bound(self.cfg.wall_time_s):  # one shared timer, not one per episode
                await self._loop(ep)
        except TimeoutError:
            ep.failure = f"wall-time bound reached ({self.cfg.wall_time_s:g}s)"
        except EpisodeFailed as e:
            ep.failure = str(e)
        return ep

    async def _call(self, ep: Episode, schema: dict[str, Any], step: int) -> str:
        if ep.tokens >= self.cfg.max_tokens:
            raise EpisodeFailed(f"token bound reached ({ep.tokens} of {self.cfg.max_tokens} tokens)")
        self._fit_context(ep)
        try:
            result = await self.client.chat(
                ep.messages, role=self.role, schema=schema, max_tokens=self.cfg.max_completion_tokens,
                temperature=self.cfg.temperature, step=step,
                seed=None if self.cfg.sampling_seed is None else self.cfg.sampling_seed + ep.sample,
            )
        except EndpointRejected as e:
            if e.status == 413 or (e.status == 400 and "context" in str(e).lower()):
                raise EpisodeFailed(f"context overflow: the endpoint refused a {_approx_tokens(ep.messages)}-token prompt") from None
            raise
        ep.calls.append(result.usage)
        if result.finish_reason_is("content_filter"):
            raise EpisodeFailed("the endpoint's content filter stopped the reply")
        ep.messages.append({"role": "assistant", "content": result.text})
        if result.finish_reason_is("length"):
            ep.notes.append(f"step {step}: reply cut off at max_tokens={self.cfg.max_completion_tokens}")
        return result.text

    async def _ask(self, ep: Episode, schema: dict[str, Any], step: int, parse, given: str | None = None):
        """Call, parse; a malformed reply is fed back up to max_malformed times. `given`: the first reply, already
        received (a tree's fork request answered every branch at once)."""
        for attempt in range(self.cfg.max_malformed + 1):
            if attempt == 0 and given is not None:
                ep.messages.append({"role": "assistant", "content": given})
                text = given
            else:
                text = await self._call(ep, schema, step)
            try:
                return parse(text)
            except MalformedAction as e:
                if attempt == self.cfg.max_malformed:
                    raise EpisodeFailed(f"malformed action after {attempt + 1} tries: {e}") from None
                ep.messages.append({"role": "user", "content": f"Your reply was not valid: {e}. Reply with JSON only."})
        raise AssertionError("unreachable")

    async def _loop(self, ep: Episode) -> None:
        schema = await self.prefix(ep)
        ep.insight = resolve_evidence(await self._ask(ep, schema, self.cfg.max_steps + 1,
                                                     self.task.parser(ep.seed, self.corpus)), self.corpus)

    async def prefix(self, ep: Episode) -> dict[str, Any]:
        """Everything up to the final-answer prompt (appended); returns the insight schema. A tree forks here
        (agent.tree_fork = final), after `opening` (plan) or after a step of `research` (step:T)."""
        await self.opening(ep)
        schema = await self.research(ep)
        assert schema is not None
        return schema

    async def opening(self, ep: Episode) -> None:
        """The system prompt, the plan (when asked for) and the first step's prompt."""
        seed, cfg = ep.seed, self.cfg
        system = system_prompt(seed, self.corpus, self.toolbox, cfg.evidence, self.prompts)
        ep.messages.append({"role": "system", "content": system})
        self._saw(ep, system)
        if cfg.max_steps == 0:
            pass  # direct mode, one call per seed: the final prompt below asks for the insight at once
        elif cfg.plan:
            ep.messages.append({"role": "user", "content": self.prompts.render("agent_plan", question=seed.question)})
            ep.plan = await self._ask(ep, PLAN_SCHEMA, 0, parse_plan)
            ep.messages.append({"role": "user", "content": self.prompts.render("agent_step")})
        else:
            ep.messages.append({"role": "user", "content": f"Question: {seed.question}\n\n" + self.prompts.render("agent_step")})

    async def research(self, ep: Episode, last: int | None = None, given: str | None = None) -> dict[str, Any] | None:
        """The steps after `ep.steps_done`, up to step `last` (default: the step bound), then the final prompt
        (appended) and the insight schema. Stopped by `last` before an answer: None (a tree forks there).
        `given`: the next step's reply, already received."""
        seed, cfg = ep.seed, self.cfg
        schema = step_schema(self.toolbox.names)
        last = cfg.max_steps if last is None else min(last, cfg.max_steps)
        for step in range(ep.steps_done + 1, last + 1):
            _thought, tool, arg = await self._ask(ep, schema, step, lambda t: parse_step(t, self.toolbox.names), given)
            given = None
            ep.steps_done = step
            if tool == "answer":
                ep.answered = True
                break
            started = time.perf_counter()
            try:
                output, error = await self.toolbox.call(tool, arg), False
            except ToolError as e:
                output, error = f"error: {e}", True
            ep.tool_calls.append(ToolCall(step=step, tool=tool, input=arg, output=output[:4000], error=error,
                                          elapsed_s=time.perf_counter() - started))
            observation = self.prompts.render("agent_observation", tool=tool, output=output[:1500])
            self._saw(ep, observation)
            ep.messages.append({"role": "user", "content": observation + "\n\n" + self.prompts.render("agent_step")})
        if not ep.answered and ep.steps_done < cfg.max_steps:
            return None  # stopped at `last`: the caller forks here
        answered = ep.answered
        if not answered and cfg.max_steps:
            if not cfg.answer_on_step_limit:
                raise EpisodeFailed(f"step bound reached ({cfg.max_steps} steps) without an answer")
            ep.notes.append(f"step bound reached ({cfg.max_steps} steps); final answer requested")
        if self.task.custom:  # a custom task's answer, in its own schema
            ep.messages.append({"role": "user", "content": self.prompts.render(
                "agent_final", question=seed.question, schema=self.task.schema_text())})
            return self.task.schema
        refs = list(ep.shown) if cfg.evidence == "ref" else []  # nothing shown yet: a quote is the only way
        if refs:
            close = closest(self.corpus, refs, seed.question)
            final = self.prompts.render("agent_final_ref", question=seed.question, example_ref=close[0].ref,
                                   candidates="\n".join(f"[{s.ref}] {s.text}" for s in close))
        else:
            final = self.prompts.render("agent_final", question=seed.question)
        ep.messages.append({"role": "user", "content": final})
        cited = [s for s in seed.sources if s in self.corpus] or list(self.corpus.docs)
        return insight_schema(cited[:50], cfg.max_evidence,
                              quote_pattern=self.client.output_mode == "json_object_schema", refs=refs)

    def _saw(self, ep: Episode, text: str) -> None:
        """Note the sentence ids a prompt or an observation showed the agent (the ones it may cite)."""
        if self.cfg.evidence == "ref":
            for ref in sentences.REF.findall(text):
                if ref not in ep.shown and self.corpus.sentence(ref) is not None:
                    ep.shown[ref] = None

    def _fit_context(self, ep: Episode) -> None:
        """Compact the oldest observations when the prompt nears the window; the record notes it."""
        window = self.client.cfg.context_window
        budget = int(window * 0.9) - self.cfg.max_completion_tokens
        if _approx_tokens(ep.messages) <= budget:
            return
        for msg in ep.messages[2:-1]:
            if msg["role"] == "user" and msg["content"].startswith("Observation") and len(msg["content"]) > 240:
                msg["content"] = msg["content"][:200] + " [observation compacted]"
                ep.notes.append("context near the window: an older observation was compacted")
                if _approx_tokens(ep.messages) <= budget:
                    return
        raise EpisodeFailed(f"context overflow: ~{_approx_tokens(ep.messages)} tokens do not fit a {window}-token window")


_WORDS = re.compile(r"[a-z0-9]+")
_COMMON = frozenset("the a an of in on at to and or is are was were be by for with from as that this what which who "
                    "whom how many much does do did when where why it its their there than into about".split())


def closest(corpus: Corpus, refs: list[str], question: str, k: int = 3) -> list[sentences.Sentence]:
    """The k shown sentences sharing most words (or word beginnings) with the question, best first; ties keep
    the order they were shown in. Repeated next to the final prompt, where a small model reads best."""
    asked = {w[:5] for w in _WORDS.findall(question.lower()) if w not in _COMMON}
    scored = []
    for i, ref in enumerate(refs):
        sent = corpus.sentence(ref)
        words = {w[:5] for w in _WORDS.findall(sent.text.lower()) if w not in _COMMON}
        scored.append((-len(asked & words), i, sent))
    return [s for _, _, s in sorted(scored)[:k]]


def _approx_tokens(messages: list[dict[str, Any]]) -> int:
    """~4 characters a token for English, plus per-message overhead; only used to decide compaction."""
    return sum(len(m.get("content") or "") // 4 + 4 for m in messages)
