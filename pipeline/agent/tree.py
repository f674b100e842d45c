"""Tree rollouts: one episode's trunk forks into k branches that share the conversation so far.

Fork points (agent.tree_fork): `final`, before the final answer (each branch is one reply); `plan`, after the
plan; `step:T`, after step T (each branch takes its own steps, then its final answer). Where the endpoint honours
`n`, the fork is ONE request with n=k (the shared prefix is prefilled once); elsewhere it is k requests with the
identical prefix, on the endpoint the router chose for the seed, so its prefix cache serves them. Each leaf is an
Episode of its own (sample = branch index, so its sampling seed differs), which the runner turns into an attempt
record `seed#k`, exactly like `--samples`, with `fork_at` marking the shared context (the export pairs accepted
and rejected siblings on it). Metering counts every call once: the trunk's calls and an n=k fork call sit on
leaf 0; every later call on the branch that made it.

Bounds: the trunk keeps the episode's own bounds; the whole tree (trunk plus every leaf) stays within
`tree_max_tokens`: breadth is cut (deterministically, before any request) to what the budget allows, and a
branch that takes steps gets an equal share of what the trunk left. A leaf's malformed final answer (fork
`final`) is not fed back (that would fork the conversation again): the leaf fails.
"""
from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field

from assay import aio
from assay.agent.actions import parse_insight, resolve_evidence
from assay.agent.episode import Agent, Episode, _approx_tokens
from assay.errors import EndpointRejected, EpisodeFailed, MalformedAction
from assay.records import Seed


@dataclass
class Tree:
    seed: Seed
    breadth: int  # asked for
    leaves: list[Episode] = field(default_factory=list)
    context: list[dict] = field(default_factory=list)  # the shared conversation the leaves forked from
    failure: str | None = None  # the trunk's failure: then there are no leaves
    notes: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        return sum(leaf.tokens for leaf in self.leaves)


def breadth_within(budget: int, trunk_tokens: int, prompt_tokens: int, completion_tokens: int, k: int,
                   shared: bool) -> int:
    """The most branches (<= k) whose worst case fits the tree budget. With one n=k request the prompt is
    counted once; with k requests it is counted k times (what the server is asked to process)."""
    left = budget - trunk_tokens
    if shared:
        return max(0, min(k, (left - prompt_tokens) // completion_tokens))
    return max(0, min(k, left // (prompt_tokens + completion_tokens)))


class TreeAgent:
    def __init__(self, agent: Agent):
        self.agent = agent
        self.cfg = agent.cfg

    async def run(self, seed: Seed, breadth: int | None = None) -> Tree:
        k = breadth or self.cfg.tree_breadth
        tree = Tree(seed=seed, breadth=k)
        trunk = Episode(seed=seed, sample=0)
        fork = self.cfg.tree_fork
        try:
            with aio.time_bound(self.cfg.wall_time_s):
                await self.agent.opening(trunk)
                at = None if fork == "final" else 0 if fork == "plan" else int(fork.partition(":")[2])
                schema = await self.agent.research(trunk, last=at)
                if schema is None:  # stopped at the fork point: the branches take their own steps
                    await self._fork_steps(tree, trunk, k)
                else:  # forks before the final answer (also where the trunk answered before its fork point)
                    if fork != "final":
                        tree.notes.append(f"the trunk answered before the fork point ({fork}): forked before the "
                                          "final answer")
                    await self._fork(tree, trunk, schema, k)
        except TimeoutError:
            tree.failure = f"wall-time bound reached ({self.cfg.wall_time_s:g}s)"
        except EpisodeFailed as e:
            tree.failure = str(e)
        if tree.failure and not tree.leaves:
            trunk.failure = tree.failure
            tree.leaves = [trunk]
        return tree

    def _breadth(self, tree: Tree, trunk: Episode, k: int) -> tuple[int, bool]:
        """(branches that fit the tree's budget, one n=k request?) before any fork request; the shared context set."""
        cfg, client = self.cfg, self.agent.client
        self.agent._fit_context(trunk)
        shared = client.cfg.honours_n
        prompt = _approx_tokens(trunk.messages)
        fit = breadth_within(cfg.tree_max_tokens, trunk.tokens, prompt, cfg.max_completion_tokens, k, shared)
        if fit < 1:
            raise EpisodeFailed(f"tree token bound reached ({trunk.tokens} of {cfg.tree_max_tokens} tokens "
                                f"before the fork)")
        if fit < k:
            tree.notes.append(f"tree token bound: {fit} of {k} branches fit {cfg.tree_max_tokens} tokens")
        tree.context = copy.deepcopy(trunk.messages)
        return fit, shared

    async def _fork_steps(self, tree: Tree, trunk: Episode, k: int) -> None:
        """Fork after the plan or a step: the branches' first step is one n=k request (or k requests with one
        prefix); each branch then takes its own steps and final answer, within an equal share of the tree's budget."""
        agent, cfg, client = self.agent, self.cfg, self.agent.client
        fit, shared = self._breadth(tree, trunk, k)
        share = (cfg.tree_max_tokens - trunk.tokens) // fit
        step = trunk.steps_done + 1
        given: list[str | None] = [None] * fit
        fork_call = []
        if shared and fit > 1:
            from assay.agent.actions import step_schema
            try:
                res = await client.chat(trunk.messages, role="agent", schema=step_schema(agent.toolbox.names), n=fit,
                                        step=step, session=f"{tree.seed.id}/tree", max_tokens=cfg.max_completion_tokens,
                                        temperature=cfg.temperature, seed=cfg.sampling_seed)
            except EndpointRejected as e:
                raise EpisodeFailed(f"the fork request was refused: {e}") from None
            given = list(res.texts) + [None] * (fit - len(res.texts))
            fork_call = [res.usage]
        # Each branch's own bound: its share of what the tree has left (the trunk's calls are not its own).
        bounded = Agent(client, agent.toolbox, agent.corpus, cfg.model_copy(update={"max_tokens": max(1, share)}))

        async def branch(i: int) -> Episode:
            leaf = Episode(seed=tree.seed, sample=i, plan=list(trunk.plan), messages=copy.deepcopy(tree.context),
                           tool_calls=list(trunk.tool_calls), notes=list(trunk.notes), shown=dict(trunk.shown),
                           steps_done=trunk.steps_done, fork_at=len(tree.context))
            try:
                schema = await bounded.research(leaf, given=given[i])
                leaf.insight = resolve_evidence(await bounded._ask(leaf, schema, cfg.max_steps + 1, parse_insight),
                                                agent.corpus)
            except EpisodeFailed as e:
                leaf.failure = f"branch {i}: {e}"
            return leaf

        tree.leaves = list(await asyncio.gather(*(branch(i) for i in range(fit))))
        tree.leaves[0].calls[:0] = list(trunk.calls) + fork_call  # every call metered once, on leaf 0

    async def _fork(self, tree: Tree, trunk: Episode, schema: dict, k: int) -> None:
        agent, cfg, client = self.agent, self.cfg, self.agent.client
        fit, shared = self._breadth(tree, trunk, k)
        step = cfg.max_steps + 1
        base = cfg.sampling_seed
        session = f"{tree.seed.id}/tree"
        try:
            if shared and fit > 1:
                res = await client.chat(trunk.messages, role="agent", schema=schema, n=fit, step=step, session=session,
                                        max_tokens=cfg.max_completion_tokens, temperature=cfg.temperature, seed=base)
                answers = [(t, r) for t, r in zip(res.texts, res.finish_reasons)]
                per_leaf = [[res.usage]] + [[] for _ in answers[1:]]
            else:
                results = []
                for i in range(fit):  # sequential: the first request warms the prefix cache for the others
                    results.append(await client.chat(
                        trunk.messages, role="agent", schema=schema, step=step, session=session,
                        max_tokens=cfg.max_completion_tokens, temperature=cfg.temperature,
                        seed=None if base is None else base + i))
                answers = [(r.text, r.finish_reasons[0]) for r in results]
                per_leaf = [[r.usage] for r in results]
        except EndpointRejected as e:
            raise EpisodeFailed(f"the fork request was refused: {e}") from None
        for i, ((text, reason), calls) in enumerate(zip(answers, per_leaf)):
            leaf = Episode(seed=tree.seed, sample=i, plan=list(trunk.plan), messages=copy.deepcopy(tree.context),
                           tool_calls=list(trunk.tool_calls), notes=list(trunk.notes), shown=dict(trunk.shown),
                           calls=(list(trunk.calls) if i == 0 else []) + calls, fork_at=len(tree.context))
            leaf.messages.append({"role": "assistant", "content": text})
            if reason == "content_filter":
                leaf.failure = "the endpoint's content filter stopped the reply"
            else:
                try:
                    leaf.insight = resolve_evidence(parse_insight(text), agent.corpus)
                except MalformedAction as e:
                    leaf.failure = f"malformed answer in branch {i}: {e}"
            if reason == "length":
                leaf.notes.append(f"branch {i}: reply cut off at max_tokens={cfg.max_completion_tokens}")
            tree.leaves.append(leaf)
        if len(tree.leaves) < fit:
            tree.notes.append(f"the server returned {len(tree.leaves)} of {fit} choices")
