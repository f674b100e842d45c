"""The claim and each reasoning step say nothing the evidence does not.

Every quantity, name, negation and scope word of the claim is backed by the evidence or the question; a figure
is not given to another name than the evidence gives it to (swapped), and no cause or choice is turned round.
Reasoning steps are read the same way for their quantities, negations, scope words and relations (their quoted
text aside); names are left to the claim, since steps name sources and the question.

A quantity is backed when an equal one (after unit and scale normalisation, within the rounding the claim
states) is in the evidence or the question, or when the reasoning derives it in a written calculation
('24.6 * 2 = 49.2', '214 / 550 = 38.9 percent') whose operands are backed. Whether that calculation is *right*
is the execution stage's job; this stage only asks where each figure came from. `one_step=True` also accepts
any sum, difference, product or quotient of two stated figures without a written calculation, for agents that
do not show their arithmetic; it is off by default because small figures collide (an altered 'three' is
'two' + 'one').
"""
from __future__ import annotations

import re
from decimal import Decimal, DivisionByZero, InvalidOperation
from itertools import permutations

from assay.records import Verdict

from . import extract
from .base import Check
from .dates import relative_years
from .facts import facts, reversed_relations
from .splices import spliced
from .swaps import swapped
from .arithmetic import calculations
from .quantities import Quantity, backs, bare, is_year, quantities, ratio_unit

# Unit conversions and halving/doubling may appear as operands without being in the sources.
CONVERSIONS = frozenset(Decimal(x) for x in (2, 7, 12, 24, 60, 100, 365, 1000, 3600))
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_ENUMERATION = re.compile(r"^\s*(?:step\s*)?\d+\s*[.):](?=\s|$)\s*", re.I)


def numeric(check: Check, *, check_numbers: bool = True, check_names: bool = True, check_negation: bool = True,
            check_scope: bool = True, check_pairs: bool = True, check_relations: bool = True,
            check_steps: bool = True, one_step: bool = False) -> Verdict:
    ins, seed = check.insight, check.seed
    quotes = [e.quote for e in ins.evidence]
    context = "\n".join([*quotes, seed.question])
    context_words = extract.word_set(context)
    claim_words = extract.word_set(" ".join([ins.claim, *ins.reasoning]))
    context_negated = extract.negated_by_meaning(context_words, context, claim_words)
    context_scope = extract.scope_families(context_words) | extract.implied_scope(context_words, context)
    evidence_facts = [facts(q) for q in quotes]
    # dates are how a document places its figures: a year it states anywhere backs the claim's year
    # ('the year before 2025/26' backs 2024/25)
    years = [q for d in _cited_documents(check) for q in quantities(d) if is_year(q)] + relative_years(context) \
        if check_numbers else []
    known = backed_quantities(context, [ins.claim, *ins.reasoning], one_step=one_step, also=years) \
        if check_numbers else []
    problems: list[str] = []
    details: dict[str, list] = {"unbacked_numbers": [], "unbacked_names": [], "negations": [], "scope_words": []}

    texts = [("the claim", ins.claim)]
    if check_steps:
        texts += [(f"reasoning[{i}]", _own_words(s)) for i, s in enumerate(ins.reasoning)]
    for where, text in texts:
        step = where != "the claim"
        text = extract.without_answer_word(text, seed.question)
        text_words = extract.word_set(text)
        if check_numbers:
            unbacked = [q.text for q in quantities(text) if not (step and _incidental(q, text)) and not _halving(q)
                        and not ratio_unit(text, q) and not any(backs(k, q) for k in known)]
            details["unbacked_numbers"] += unbacked
            if unbacked:
                problems.append(f"{where}: {_some('number', unbacked)} appear in no evidence, question or calculation "
                                "from them")
        if check_names and not step:
            missing = _unbacked_names(check, text, context, context_words)
            details["unbacked_names"] += missing
            if missing:
                problems.append(f"{where}: {_some('name', missing)} are not in the evidence or question")
        if check_negation and not context_negated and extract.negated(text_words, text):
            negs = sorted(w for w in text_words if w in extract.NEGATIONS or w.endswith("n't"))
            details["negations"] += negs
            problems.append(f"{where} negates ({', '.join(map(repr, negs)) or 'by a phrase'}) where the evidence does not")
        if check_scope:
            scope = [w for w in extract.scope_words(text) if extract.SCOPE_FAMILIES[w] not in context_scope]
            details["scope_words"] += scope
            if scope:
                problems.append(f"{where} generalises ({', '.join(map(repr, scope))}) beyond what the evidence says")
        if check_pairs and evidence_facts:
            problems += [f"{where}: {p}" for p in swapped(text, quotes, subjects_run=not step)]
            if not step:
                problems += [f"{where}: {p}" for p in spliced(text, quotes)]
        if check_relations and evidence_facts:
            problems += [f"{where}: {p}" for p in reversed_relations(facts(text), evidence_facts)]
    return Verdict(validator="numeric", passed=not problems, score=1.0 if not problems else 0.0,
                   reason="; ".join(problems) or "every number, name and qualifier in the claim and its reasoning is "
                                                  "backed by the evidence", details=details)


def _own_words(step: str) -> str:
    """A reasoning step without what it quotes (grounding checks quotes) and without its number ('2.', 'Step 3:')."""
    return _QUOTED.sub(" ", _ENUMERATION.sub("", step))


# What reasoning counts when it talks about itself: 'the two figures', 'both of', 'one of them'.
_TALK = frozenset("""figure figures number numbers value values step steps sentence sentences source sources fact facts
quote quotes document documents part parts way ways thing things reason reasons piece pieces item items of""".split())


def _incidental(q: Quantity, text: str) -> bool:
    """Ordinals, 'one', and small number words counting the reasoning's own material ('the two figures') are how
    reasoning talks, not data; 'three moons' is a figure like any other."""
    if q.ordinal:
        return True
    if q.text[:1].isdigit() or q.value > 3 or q.dim is not None:
        return False
    after = text[q.end:].split(maxsplit=1)
    return q.value <= 1 or not after or after[0].lower().strip(".,;:") in _TALK


def _halving(q: Quantity) -> bool:
    """'half' in words: halving, like doubling, is a conversion, not a figure from the sources."""
    return q.value == Decimal("0.5") and not q.text[:1].isdigit() and q.dim is None


def _some(what: str, items: list[str]) -> str:
    return f"{what}(s) {', '.join(map(repr, items))}"


def _unbacked_names(check: Check, claim: str, context: str, context_words: set[str]) -> list[str]:
    spans = [(q.start, q.end) for q in quantities(claim)]
    docs = _cited_documents(check)
    common = extract.lower_words(context) | {w for d in docs for w in extract.lower_words(d)}
    proper = extract.proper_words(context) | {w for d in docs for w in extract.proper_words(d)}
    missing = sorted({w for w, _ in extract.name_spans(claim, common=common, skip=spans, proper=proper)
                      if not extract.mentions(w, context_words)})
    if missing and docs:  # a quote is about its document's subject: a name of the document's title backs the claim
        titles = [set(p) for d in docs for t in [d.lstrip().splitlines()[0]] for p in extract.phrases(t) + [(n,) for n in extract.names(t)]]
        whole = extract.phrases(claim)
        missing = [w for w in missing if not any(set(next((p for p in whole if w in p), (w,))) <= t for t in titles)]
    if missing and docs:
        known_names = set(extract.names(context))
        missing = [w for w in missing if not extract.full_name_backs(w, known_names, docs)]
    return missing


def _cited_documents(check: Check) -> list[str]:
    ids = dict.fromkeys([e.source_id for e in check.insight.evidence] + list(check.seed.sources))
    return [check.corpus.text(i) for i in ids if i in check.corpus]


def backed_quantities(context: str, texts: list[str], *, one_step: bool = False,
                      also: list[Quantity] = ()) -> list[Quantity]:
    """Quantities stated in the context (or `also`), or derived from them by the written calculations in `texts`."""
    stated = list(quantities(context))
    known = stated + list(also)
    for q in stated:  # a stated percentage also backs its growth factors: 12 percent -> 1.12, 0.88
        if q.dim == "percent":
            known += [bare(1 + q.base, q.step * q.factor), bare(1 - q.base, q.step * q.factor)]
    if one_step:
        values = sorted({q.value for q in stated})
        for a, b in permutations(values, 2):
            known += [bare(v) for v in _one_step(a, b)]
    calcs = [c for t in texts for c in calculations(t)]
    restated = [q for t in texts for q in quantities(t) if q.dim]
    # an operand may be one step from stated figures of one kind ('28,000 / 188,000' after '£216,000 v £188,000');
    # the calculation itself is re-computed by the execution stage
    steps = [bare(v) for a, b in permutations(stated, 2) if a.dim == b.dim and not is_year(a)
             for v in (a.value + b.value, a.value - b.value)] if calcs else []
    done: set[int] = set()
    changed = True
    while changed:  # a chain of calculations: each result backs the next step's operands
        changed = False
        for n, calc in enumerate(calcs):
            if n in done:
                continue
            if all(o.value in CONVERSIONS or any(backs(k, o) for k in known) or any(backs(k, o) for k in steps)
                   for o in calc.operands):
                known += [calc.stated, *calc.operands]
                done.add(n)
                changed = True
        # a backed figure restated in other units ('0.31 million kilograms is 310 tonnes') backs its bare number
        more = [q for q in restated if q not in known and any(backs(k, q) for k in known)]
        if more:
            known += more
            changed = True
    return known


def _one_step(a: Decimal, b: Decimal) -> list[Decimal]:
    out = [a + b, a - b, a * b]
    try:
        out.append(a / b)
    except (DivisionByZero, InvalidOperation):
        pass
    return out
