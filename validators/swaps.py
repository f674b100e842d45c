"""Figures and names given to the wrong thing: two claim clauses that each say what the evidence says of the other.

A text is cut into clauses (at commas, brackets, 'and', 'while', 'versus', ...); a clause that holds only a figure
('at 71 percent', '(19%)') belongs to the clause before it. Each clause is the set of what it says: content stems,
names and quantity keys (names and quantities weigh two, words one). Two claim clauses Ci, Cj pivot on a figure
each (or a name each) that the evidence states in two different clauses Hi, Hj. Straight, Ci reads like Hi and Cj
like Hj; crossed, Ci reads like Hj and Cj like Hi. A claim that reads clearly better crossed has swapped them:

>>> e = ["The turbines stand 142 metres tall to the blade tip, and each blade is 68 m long."]
>>> swapped("Each turbine stands 68 m tall to the tip, with blades 142 metres long.", e)[0][:40]
"'68 m' and '142 metres' are swapped: the"

A figure whose clause names someone the evidence sentence stating it never mentions, while the evidence gives
that name another figure of the kind, is swapped too ('Southport had 1,142 mm' where Northgate had it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import extract
from .extract import stem
from .facts import _STOP, CLAUSE_MARKS, CLAUSE_WORDS, _key_token, _kind
from .quantities import Quantity, backs, normalise, quantities, tokens

_MARGIN = 2  # crossed must beat straight by a name, a figure or two words


@dataclass(frozen=True)
class Part:
    text: str
    items: frozenset[str]  # 'w:stem', 'n:name', 'q:key'
    quantities: tuple[Quantity, ...]
    names: frozenset[str]
    sentence: int


def _weight(items: frozenset[str] | set[str]) -> int:
    return sum(1 if i.startswith("w:") else 2 for i in items)


@lru_cache(maxsize=4096)
def parts(text: str) -> tuple[Part, ...]:
    norm = normalise(text)
    qs = quantities(text)
    spans = [(q.start, q.end) for q in qs]
    # names as the text writes them; a first word that is an ordinary English word is none
    names = dict((s, n) for n, s in extract.name_spans(norm, skip=spans, common=extract.lower_words(norm) | {"the"}))
    out: list[list] = []  # [start, end, items, quantities, names, sentence]
    sentence, cur = 0, None
    qi = 0
    for t in tokens(norm):
        while qi < len(qs) and qs[qi].end <= t.start:
            qi += 1
        in_q = qi < len(qs) and qs[qi].start <= t.start
        low = t.text.lower()
        cut = not in_q and (low in CLAUSE_MARKS or low in ".!?" or low in CLAUSE_WORDS)
        if cut:
            if low in ".!?":
                sentence += 1
            cur = None
            continue
        if cur is None:
            cur = [t.start, t.end, set(), [], set(), sentence]
            out.append(cur)
        cur[1] = t.end
        if in_q:
            q = qs[qi]
            if not cur[3] or cur[3][-1] is not q:
                cur[3].append(q)
                cur[2].add("q:" + _key_token(q))
        elif t.start in names:
            cur[4].add(names[t.start])
            cur[2].add("n:" + names[t.start])
        elif t.text[0].isalpha() and low not in _STOP:
            cur[2].add("w:" + stem(low))
    merged: list[list] = []
    for p in out:  # a clause of figures alone goes with the clause before it in its sentence
        if merged and merged[-1][5] == p[5] and len(p[3]) == 1 and not any(i.startswith(("w:", "n:")) for i in p[2]):
            m = merged[-1]
            m[1], m[2], m[3], m[4] = p[1], m[2] | p[2], m[3] + p[3], m[4] | p[4]
        else:
            merged.append(p)
    return tuple(Part(norm[a:b], frozenset(i), tuple(q), frozenset(n), s) for a, b, i, q, n, s in merged)


def _holds(p: Part, q: Quantity) -> bool:
    return any(backs(k, q) for k in p.quantities)


def swapped(claim: str, evidence: list[str], *, subjects_run: bool = True) -> list[str]:
    """Problems, each naming the two figures (or names) the claim gives to each other's clause (`subjects_run`: and
    a figure given to whom the clauses before it name; off for reasoning steps, which list figures loosely)."""
    mine = parts(claim)
    theirs = [p for t in evidence for p in parts(t)]
    if not theirs:
        return []
    problems = []
    for i, ci in enumerate(mine):
        for cj in mine[i + 1:]:
            problem = _crossed_figures(ci, cj, theirs) or _crossed_names(ci, cj, theirs)
            if problem:
                problems.append(problem)
    if not problems:
        problems += _misnamed(mine, theirs, evidence)
    if not problems and subjects_run:
        problems += _given_to_another(mine, evidence)
    return problems


def subjects(ps: tuple[Part, ...] | list[Part]) -> list[frozenset[str]]:
    """Who each clause is about: its names, or those of the nearest clause before it in its sentence that has
    any ('Rovers scored 81 and conceded 39': 'conceded 39' is Rovers')."""
    out: list[frozenset[str]] = []
    for n, p in enumerate(ps):
        own = p.names
        if not own and n and ps[n - 1].sentence == p.sentence:
            own = out[-1]
        out.append(own)
    return out


def _given_to_another(mine: tuple[Part, ...], evidence: list[str]) -> list[str]:
    """A figure in a clause about n that the evidence states only in clauses about others, while it gives n
    another figure of that kind in a clause about n alone ('Kestrel scored 74 and let in 39' where Rovers
    conceded 39 and Kestrel 31)."""
    theirs = [(h, s, (n, h.sentence)) for n, t in enumerate(evidence) for h, s in zip(parts(t), subjects(parts(t)))]
    named: dict[tuple[int, int], set[str]] = {}  # who each evidence sentence is about, clause by clause
    for _, s, key in theirs:
        named.setdefault(key, set()).update(s)
    everyone = set().union(*(s for _, s, _ in theirs))
    problems = []
    for c, who in zip(mine, subjects(mine)):
        for q in c.quantities:
            if not who or _kind(q) == "year" or q.ordinal or not q.dim and abs(q.value) < 10:
                continue  # a small bare count ('two vessels', '2 x 2,400') says too little of whom it is about
            # a holder is about someone else: it names others, or nobody before the sentence turns to n
            holders = [(h.text, s) for h, s, key in theirs if _holds(h, q) and (s or who & named[key])]
            if len(holders) != sum(_holds(h, q) for h, _, _ in theirs) or not holders:
                continue
            renamed = _renamed(who, holders, everyone)
            if renamed:
                problems.append(renamed.format(q=q.text))
                break
            if any(s & who for _, s in holders):
                continue
            own = [k for h, s, _ in theirs if s & who and not s - who for k in h.quantities
                   if _kind(k) == _kind(q) and not backs(k, q) and not k.ordinal]
            if own:
                said = "; ".join(repr(t) for t, _ in holders)
                problems.append(f"{q.text!r} is about {', '.join(sorted(who))} in the claim, but the evidence says it "
                                f"of another ({said}) and gives {', '.join(sorted(who))} "
                                f"{', '.join(repr(k.text) for k in own[:3])}")
                break
    return problems


def _renamed(who: frozenset[str], holders: list[tuple[str, frozenset[str]]], everyone: set[str]) -> str | None:
    """The claim names the figure's holder with a name the evidence never uses, in place of one it does, the rest
    of the name kept ('the Corran Trust' for 'the Hallam Trust')."""
    foreign = who - everyone
    kept = [s & who for _, s in holders]
    theirs = [s - who for _, s in holders]
    # one name for one, the rest the same: 'Tomasz said Nortfield sold 120,000 K1s' against 'Tomasz Reiter said the
    # company sold 0.12 million K1 units' is no renaming (a name from elsewhere in the document, another word)
    if len(foreign) == 1 and all(k and k == who - foreign and len(t) == 1 for k, t in zip(kept, theirs)):
        return (f"{{q!r}} is given to {', '.join(sorted(foreign))} in the claim; the evidence gives it to "
                f"{', '.join(sorted(set().union(*theirs)))} ({'; '.join(repr(t) for t, _ in holders)})")
    return None


def _crossed(ci: Part, cj: Part, hi: Part, hj: Part, pivots: set[str]) -> bool:
    a, b = ci.items - pivots, cj.items - pivots
    straight = _weight(a & hi.items) + _weight(b & hj.items)
    cross = _weight(a & hj.items) + _weight(b & hi.items)
    return cross >= straight + _MARGIN and cross >= 3


def _crossed_figures(ci: Part, cj: Part, theirs: list[Part]) -> str | None:
    for qi in ci.quantities:
        for qj in cj.quantities:
            if _kind(qi) != _kind(qj) or qi.ordinal or qj.ordinal or backs(qi, qj) or backs(qj, qi):
                continue
            his = [h for h in theirs if _holds(h, qi) and not _holds(h, qj)]
            hjs = [h for h in theirs if _holds(h, qj) and not _holds(h, qi)]
            if len(his) != 1 or len(hjs) != 1:
                continue
            pivots = {"q:" + _key_token(qi), "q:" + _key_token(qj)} | {"q:" + _key_token(k) for h in his + hjs
                                                                        for k in h.quantities if backs(k, qi) or backs(k, qj)}
            if _crossed(ci, cj, his[0], hjs[0], pivots):
                return (f"{qi.text!r} and {qj.text!r} are swapped: the evidence says {qi.text!r} in "
                        f"{his[0].text!r} and {qj.text!r} in {hjs[0].text!r}")
    return None


def _crossed_names(ci: Part, cj: Part, theirs: list[Part]) -> str | None:
    for ni in sorted(ci.names - cj.names):
        for nj in sorted(cj.names - ci.names):
            his = [h for h in theirs if ni in h.names and nj not in h.names]
            hjs = [h for h in theirs if nj in h.names and ni not in h.names]
            if len(his) != 1 or len(hjs) != 1:
                continue
            if _crossed(ci, cj, his[0], hjs[0], {"n:" + ni, "n:" + nj}):
                return (f"{ni} and {nj} are swapped: the evidence says {his[0].text!r} and {hjs[0].text!r}; the claim "
                        f"says {ci.text!r} and {cj.text!r}")
    return None


def _misnamed(mine: tuple[Part, ...], theirs: list[Part], evidence: list[str]) -> list[str]:
    """A figure in a clause naming n, stated only in evidence sentences that never mention n, while the evidence
    gives n another figure of that kind."""
    sentences = {}
    for t in evidence:
        for p in parts(t):
            sentences.setdefault((t, p.sentence), set()).update(p.names)
    where = {id(p): (t, p.sentence) for t in evidence for p in parts(t)}
    problems = []
    for c in mine:
        for q in c.quantities:
            if _kind(q) == "year" or q.ordinal:
                continue
            holders = [h for h in theirs if _holds(h, q)]
            if not holders:
                continue
            for n in sorted(c.names):
                if any(n in sentences[where[id(h)]] for h in holders):
                    continue
                own = [k for h in theirs if n in h.names for k in h.quantities
                       if _kind(k) == _kind(q) and not backs(k, q) and not k.ordinal]
                others = sorted(set().union(*(sentences[where[id(h)]] for h in holders)))
                if own and others:
                    problems.append(f"{q.text!r} goes with {', '.join(others)} in the evidence, not {n} "
                                    f"({n}: {', '.join(repr(k.text) for k in own[:3])})")
                    break
    return problems
