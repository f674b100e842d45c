"""Tree rollouts: one episode's trunk forks before the final answer into k leaves that share the conversation.

Where the endpoint honours `n`, the fork is ONE request with n=k (the shared prefix is prefilled once); elsewhere
it is k requests with the identical prefix, sent with the same session id so the router keeps them on one
endpoint and its prefix cache serves them. Each leaf is an Episode of its own (sample = branch index), so the
runner turns it into an attempt record `seed#k`, exactly like `--samples`. Metering counts every call once:
the trunk's calls and an n=k fork call sit on leaf 0; with k requests each leaf carries its own call.

Bounds: the trunk keeps the episode's own bounds; the whole tree (trunk plus every leaf) stays within
`tree_max_tokens`, so breadth is cut (deterministically, before any request) to what the budget still allows.
A leaf's malformed answer is not fed back (that would fork the conversation again): the leaf fails.
"""
from __future__ import annotations

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
        try:
            with aio.time_bound(self.cfg.wall_time_s):
                schema = await self.agent.prefix(trunk)
                await self._fork(tree, trunk, schema, k)
        except TimeoutError:
            tree.failure = f"wall-time bound reached ({self.cfg.wall_time_s:g}s)"
        except EpisodeFailed as e:
            tree.failure = str(e)
        if tree.failure and not tree.leaves:
            trunk.failure = tree.failure
            tree.leaves = [trunk]
        return tree

    async def _fork(self, tree: Tree, trunk: Episode, schema: dict, k: int) -> None:
        agent, cfg, client = self.agent, self.cfg, self.agent.client
        agent._fit_context(trunk)
        shared = client.cfg.honours_n
        prompt = _approx_tokens(trunk.messages)
        fit = breadth_within(cfg.tree_max_tokens, trunk.tokens, prompt, cfg.max_completion_tokens, k, shared)
        if fit < 1:
            raise EpisodeFailed(f"tree token bound reached ({trunk.tokens} of {cfg.tree_max_tokens} tokens "
                                f"before the fork)")
        if fit < k:
            tree.notes.append(f"tree token bound: {fit} of {k} branches fit {cfg.tree_max_tokens} tokens")
        tree.context = copy.deepcopy(trunk.messages)
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
