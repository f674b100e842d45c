"""Validation without an answer key: a fresh agent episode re-derives the answer, and must agree with the claim.

When a seed carries no reference answer (proposed questions never do), nothing checks the claim's conclusion
against an independent one. This stage runs a second research episode (pipeline/agent/episode.py `Agent`) on the
validator role's endpoint — another model or server where `roles.validator` names one — that sees the seed (its
question and sources) and the corpus, never the first insight. The two claims are then compared by their fact
signatures (facts.py): the same polarity, the claim's figures reached again (to the claim's precision, units
normalised), and the same things named. A disagreement rejects the record, and the verdict keeps both answers and
names the quantity, name or polarity that differs.

A seed with a reference answer skips the re-derivation (the execution stage compares the claim with the key).
The episode's calls are metered under the role `validator:rederive`, as every LLM stage's are.
"""
from __future__ import annotations

from typing import Any

from assay.records import Verdict

from . import extract, llm
from .answers import content
from .base import Check
from .facts import facts
from .quantities import Quantity, as_written, backs, is_year, quantities

STAGE = "rederive"


def prompt_version() -> str:
    from assay.agent.episode import prompt_version as agent_prompts
    return agent_prompts()


async def rederive(check: Check, *, max_steps: int = 4, max_tokens: int = 6000, temperature: float = 0.0,
                   sampling_seed: int | None = 1, evidence: str = "ref", tools: list[str] | None = None,
                   overlap: float = 0.5) -> Verdict:
    from assay.agent.episode import Agent
    from assay.agent.tools import Toolbox
    from assay.config import AgentConfig

    seed = check.seed
    details: dict[str, Any] = {"prompt_version": prompt_version()}
    if seed.reference_answer:
        return Verdict(validator=STAGE, passed=True, score=None, details=details,
                       reason="not re-derived: the seed has a reference answer (the execution stage checks the claim "
                              "against it)")
    if check.client is None:
        return llm.undecided(STAGE, "no verifier endpoint is configured for LLM stages", [], details)
    if evidence not in ("ref", "quote"):
        raise ValueError(f"validators.params.rederive.evidence must be 'ref' or 'quote', got {evidence!r}")
    cfg = AgentConfig(max_steps=max_steps, max_tokens=max_tokens, temperature=temperature,
                      sampling_seed=sampling_seed, evidence=evidence,
                      **({"tools": list(tools)} if tools is not None else {}))
    toolbox = Toolbox(check.corpus, cfg.tools, cite_ids=evidence == "ref")
    # The seed only: the question and its sources. The first insight is never shown.
    ep = await Agent(check.client, toolbox, check.corpus, cfg, role=llm.role(STAGE)).run(seed)
    details["claim"] = check.insight.claim
    if ep.insight is None or not ep.insight.claim.strip():
        details["rederived"] = None
        return llm.undecided(STAGE, f"the re-derivation gave no answer ({ep.failure or 'empty claim'})", ep.calls,
                             details)
    again = ep.insight
    details["rederived"] = {"claim": again.claim, "reasoning": again.reasoning,
                            "evidence": [e.model_dump() for e in again.evidence]}
    differs = differences(check.insight.claim, again.claim, topic=seed.question, overlap=overlap)
    details["differs"] = differs
    if differs:
        return Verdict(validator=STAGE, passed=False, score=0.0, usage=ep.calls, details=details,
                       reason=f"the re-derivation disagrees: {'; '.join(differs)} (claim: {_cut(check.insight.claim)}; "
                              f"re-derived: {_cut(again.claim)})")
    return Verdict(validator=STAGE, passed=True, score=1.0, usage=ep.calls, details=details,
                   reason=f"an independent re-derivation agrees: {_cut(again.claim)}")


def differences(claim: str, rederived: str, *, topic: str = "", overlap: float = 0.5) -> list[str]:
    """What differs between the two answers' fact signatures; empty when they agree.

    Quantities: every figure of the claim (years included; not an ordinal in words) is in the re-derivation, to the claim's precision or
    rounded within 1%. Names: the claim's names beyond the question's own are mentioned by the re-derivation (a
    part of a full name is enough). Polarity: both say no/not, or neither. With neither figures nor names, most of
    the claim's content words must be in the re-derivation.
    """
    a, b = facts(claim), facts(rederived)
    out = []
    if a.negated != b.negated:
        out.append(f"polarity: the {'claim' if a.negated else 're-derivation'} says no/not, the "
                   f"{'re-derivation' if a.negated else 'claim'} does not")
    got = quantities(rederived)
    figures = [q for q in a.quantities if not (q.ordinal and not q.text[:1].isdigit())]  # not 'the first answer'
    missing = [q.text for q in figures if not any(_same_figure(q, g) for g in got)]
    if missing:
        shown = ", ".join(repr(g.text) for g in got if not is_year(g)) or "no figure"
        out.append(f"quantity {', '.join(map(repr, missing))} of the claim is not reached (the re-derivation "
                   f"states {shown})")
    topic_words = extract.word_set(topic)
    theirs = extract.word_set(rederived)
    skip = [(q.start, q.end) for q in a.quantities]
    named = [w for w in extract.names(claim, common=theirs, skip=skip) if w not in topic_words]
    absent = [w for w in named if not extract.mentions(w, theirs)]
    if absent:
        others = [w for w in extract.names(rederived, skip=[(q.start, q.end) for q in got]) if w not in topic_words]
        out.append(f"entity {', '.join(map(repr, absent))} of the claim is not named by the re-derivation"
                   + (f" (it names {', '.join(map(repr, others[:4]))})" if others else ""))
    if not figures and not named:
        mine, yours = content(claim) - content(topic), content(rederived)
        share = len(mine & yours) / len(mine) if mine else 1.0
        if share < overlap:
            out.append(f"only {share:.0%} of the claim's content words are in the re-derivation (need {overlap:.0%})")
    return out


def _same_figure(claimed: Quantity, got: Quantity) -> bool:
    if backs(got, claimed) or backs(claimed, got):
        return True
    if not backs(claimed, as_written(got)):
        return False
    x, y = (got.base, claimed.base) if got.dim and got.dim == claimed.dim else (got.value, claimed.value)
    return abs(x - y) <= abs(y) / 100


def _cut(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= n else text[:n - 1] + "…")
