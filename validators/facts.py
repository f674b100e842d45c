"""Claims compared as facts: which quantities, names and content words a text states, which figure goes with
which name, and which way its relations point (cause and effect; 'X rather than Y').

Two checks read it: a relation the evidence states the other way round (reversed), and two claims that state
the same facts in other words (duplicates). Figures given to the wrong thing are read in swaps.py.

>>> reversed_relations(facts("Lower snowfall, rather than warmer summers, drove the retreat."),
...                    [facts("The retreat is due to warmer summers rather than to lower snowfall.")])[0][:45]
"'rather than' reverses what was chosen and wh"
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from . import extract
from .extract import stem
from .quantities import Quantity, backs, bare, is_year, normalise, quantities, tokens

# Words that end a clause for pairing figures with names ('81 and conceded 39, while Kestrel scored 74').
CLAUSE_WORDS = frozenset({"and", "while", "whereas", "whilst", "but", "against", "versus", "vs", "ahead",
                          "compared", "respectively", "then"})
CLAUSE_MARKS = frozenset(",;:()")
# Relation markers, as word sequences: which side is the cause, or the one preferred.
FORWARD = {("leads", "to"), ("lead", "to"), ("led", "to"), ("leading", "to"), ("results", "in"), ("resulted", "in"),
           ("result", "in"), ("causes",), ("caused",), ("therefore",), ("hence",), ("thus",), ("so",)}
BACKWARD = {("because",), ("because", "of"), ("due", "to"), ("owing", "to"), ("as", "a", "result", "of"),
            ("caused", "by"), ("thanks", "to"), ("driven", "by"), ("since",)}
PREFERENCE = {("rather", "than"), ("instead", "of"), ("in", "place", "of"), (",", "not")}
_MARKERS = sorted([(m, "forward") for m in FORWARD] + [(m, "backward") for m in BACKWARD]
                  + [(m, "preference") for m in PREFERENCE], key=lambda x: -len(x[0]))
# Claims without quantities that share this many names and content stems state the same facts at a lower
# Jaccard (measured on the development sets: distinct claims about one document share at most 3, at <= 0.25;
# paraphrases share 4 to 8, at 0.40 and up).
WORDS_ONLY_FACTOR = 0.7
WORDS_ONLY_SHARED = 4
# ... or that state the same relation (a cause, a preference) of the same things, about the same name, at this
# share of the threshold ('Saoirse attributes the decline to easily decomposed carbon being used up, not to
# microbes adjusting' and 'Saoirse Landry puts the fading response down to the depletion of easily decomposed
# carbon, not microbial acclimatisation').
RELATION_FACTOR = 0.4
_WINDOW = 3  # content words on each side of 'rather than': the two things compared
_STOP = extract.STARTERS | extract.NEGATIONS | extract.SCOPE_WORDS | {
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "said", "says", "say",
    "would", "will", "can", "could", "than", "rather", "instead", "not", "per", "a", "an", "versus", "vs"}


@dataclass(frozen=True)
class Relation:
    kind: str  # 'cause' (first causes second) or 'preference' (first rather than second)
    first: frozenset[str]
    second: frozenset[str]
    marker: str
    text: str  # the sentence, for reasons


@dataclass(frozen=True)
class Facts:
    text: str
    quantities: tuple[Quantity, ...]
    content: frozenset[str]  # stems of the content words, names included, quantities as their keys
    names: frozenset[str]  # stems of its capitalised words
    negated: bool  # a negation word ('not', 'no', 'without', "n't"); 'rather than' is a relation, not a polarity
    relations: tuple[Relation, ...]

    def tokens(self) -> set[str]:
        """What a duplicate shares: quantity keys (every reading), names and content stems."""
        keys = {_key_token(r) for q in self.quantities for r in q.readings()}
        return keys | set(self.content)


def _key_token(q: Quantity) -> str:
    return "q_" + "".join(c if c.isalnum() else "_" for c in q.key())


@lru_cache(maxsize=4096)
def facts(text: str) -> Facts:
    norm = normalise(text)
    qs = quantities(text)
    spans = [(q.start, q.end) for q in qs]
    items: list[tuple[str, str, int]] = []  # (kind, value, start): 'q' quantity key, 'w' word, 'p' punctuation
    qi = 0
    for t in tokens(norm):
        while qi < len(qs) and qs[qi].end <= t.start:
            qi += 1
        if qi < len(qs) and qs[qi].start <= t.start:
            if not items or items[-1] != ("q", _key_token(qs[qi]), qs[qi].start):
                items.append(("q", _key_token(qs[qi]), qs[qi].start))
            continue
        items.append(("w" if t.text[0].isalpha() else "p", t.text.lower(), t.start))
    blank = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(norm)) if spans else norm
    word_set = extract.word_set(blank)
    content = frozenset(stem(w) for w in word_set if w not in _STOP and not w.isdigit())
    content |= {v for k, v, _ in items if k == "q"}
    # ', not X' states a preference (a relation below), as 'rather than X' does; every other 'not' is a polarity.
    said = {v for i, (k, v, _) in enumerate(items) if k == "w" and not (v == "not" and i and items[i - 1][1] == ",")}
    names = frozenset(stem(n) for n in extract.names(norm))
    return Facts(text, qs, content, names, extract.negated(said), tuple(_relations(items, norm)))


def _relations(items, text: str) -> list[Relation]:
    vals = [v for _, v, _ in items]
    out = []
    i = 0
    while i < len(items):
        for marker, kind in _MARKERS:
            n = len(marker)
            if tuple(vals[i:i + n]) != marker:
                continue
            after = items[i + n:]
            if marker == ("since",) and after and after[0][0] == "q":
                break  # 'since 1990' is a time
            if marker == ("so",) and (not i or vals[i - 1] not in (",", "and")):
                break  # 'so' joins a consequence after a comma or 'and'; elsewhere it is 'so much', 'so that'
            if marker == (",", "not") and not any(k != "p" for k, _, _ in after[:1]):
                break
            sentence = _sentence(items, i)
            if kind == "preference":
                left = [v for k, v, _ in reversed(items[sentence[0]:i]) if _content(k, v)][:_WINDOW]
                right = _content_until_clause(after, limit=_WINDOW)
                out.append(Relation("preference", _stems(left), _stems(right), " ".join(marker), _span(items, sentence, text)))
            else:
                initial = i == sentence[0]
                if initial:  # 'Because X, Y': the cause first
                    cause = _content_until_clause(after)
                    rest = after[next((j for j, (k, v, _) in enumerate(after) if k == "p" and v in CLAUSE_MARKS), len(after)) + 1:]
                    effect = _content_until_clause(rest)
                else:
                    start = max([sentence[0]] + [j + 1 for j in range(sentence[0], i)
                                                 if items[j][0] == "p" and items[j][1] in CLAUSE_MARKS and j < i - 1])
                    left = [v for k, v, _ in items[start:i] if _content(k, v)]
                    right = _content_until_clause(after)
                    cause, effect = (left, right) if kind == "forward" else (right, left)
                if cause and effect:
                    out.append(Relation("cause", _stems(cause), _stems(effect), " ".join(marker), _span(items, sentence, text)))
            i += n - 1
            break
        i += 1
    return out


def _content(kind: str, value: str) -> bool:
    return kind == "q" or kind == "w" and value not in _STOP


def _content_until_clause(items, limit: int | None = None) -> list[str]:
    out = []
    for k, v, _ in items:
        if k == "p" and (v in CLAUSE_MARKS or v in ".!?"):
            break
        if _content(k, v):
            out.append(v)
            if limit and len(out) == limit:
                break
    return out


def _stems(values: list[str]) -> frozenset[str]:
    return frozenset(v if v.startswith("q_") else stem(v) for v in values)


def _sentence(items, i: int) -> tuple[int, int]:
    start = i
    while start > 0 and not (items[start - 1][0] == "p" and items[start - 1][1] in ".!?"):
        start -= 1
    end = i
    while end < len(items) and not (items[end][0] == "p" and items[end][1] in ".!?"):
        end += 1
    return start, end


def _span(items, sentence: tuple[int, int], text: str) -> str:
    a, b = sentence
    start = items[a][2] if a < len(items) else 0
    stop = items[b][2] if b < len(items) else len(text)
    return text[start:stop].strip()


def _weight(shared: frozenset[str]) -> int:
    return sum(2 if s.startswith("q_") else 1 for s in shared)


# --- the checks ------------------------------------------------------------------------------------------------------

def _kind(q: Quantity) -> str | None:
    """A quantity's dimension, with bare four-digit integers from 1000 to 2100 taken as years, not counts."""
    if is_year(q):
        return "year"
    return q.dim


def reversed_relations(claim: Facts, evidence: list[Facts]) -> list[str]:
    """Relations the claim states the other way round: 'X because Y' against 'Y because X', 'X rather than Y'."""
    theirs = [r for f in evidence for r in f.relations]
    problems = []
    for r in claim.relations:
        best = None
        for e in theirs:
            if e.kind != r.kind or _holds_both(r.first, e) or _holds_both(r.second, e):
                continue
            straight = _weight(r.first & e.first) + _weight(r.second & e.second)
            cross = _weight(r.first & e.second) + _weight(r.second & e.first)
            if best is None or straight + cross > best[0] + best[1]:
                best = (straight, cross, e)
        if best and best[1] >= 2 and best[1] > best[0]:
            what = "cause and effect" if r.kind == "cause" else "what was chosen and what was not"
            problems.append(f"'{r.marker}' reverses {what}: the claim says {r.text!r}; the evidence says {best[2].text!r}")
    return problems


def _holds_both(side: frozenset[str], e: Relation) -> bool:
    """One side of a claim's relation holds two or more stems of each side of the evidence's: a chain ('wants a
    second count because a single-day count is thrown off when a cold snap moves birds' against 'a single-day
    count, so a cold snap can shift birds'), not a reversal."""
    return len(side & e.first) >= 2 and len(side & e.second) >= 2


def same_facts(a: Facts, b: Facts, threshold: float) -> float | None:
    """The Jaccard similarity of two texts' facts when they state the same facts (else None).

    Same facts: the same polarity, no relation reversed, and either no quantities and facts (names, content
    stems) shared at Jaccard >= threshold (or >= WORDS_ONLY_FACTOR x threshold when they share at least
    WORDS_ONLY_SHARED of them: 'the K2 works without a separate Bluetooth adapter' and 'the Kestrel K2 has no
    need for a separate Bluetooth adapter'; or >= RELATION_FACTOR x threshold when they share a name and state the
    same relation), or the same quantities in the same units (one text's may be part of
    the other's when that part holds two figures besides years), at least one content word shared, and facts
    shared at Jaccard >= threshold / 2: figures that agree say more than words that agree.
    """
    qa, qb = a.quantities, b.quantities
    if bool(qa) != bool(qb) or _polarity(a) != _polarity(b):
        return None
    ta, tb = a.tokens(), b.tokens()
    score = len(ta & tb) / len(ta | tb) if ta or tb else 0.0
    if score < (threshold / 2 if qa else threshold * min(WORDS_ONLY_FACTOR, RELATION_FACTOR)):
        return None
    if not qa and score < threshold and not (score >= threshold * WORDS_ONLY_FACTOR and len(ta & tb) >= WORDS_ONLY_SHARED
                                             and len((ta & tb) - a.names - b.names) >= 2) \
            and not (score >= threshold * RELATION_FACTOR and a.names & b.names and _same_relation(a, b)):
        return None  # two shared beyond names say what was said, not only who it was about ('Everest', 'Nepal')
    if qa:
        if not (a.content & b.content) - {t for t in ta | tb if t.startswith("q_")}:
            return None
        a_in_b, b_in_a = _within(qa, qb), _within(qb, qa)
        if not (a_in_b and b_in_a or a_in_b and _figures(qa) >= 2 or b_in_a and _figures(qb) >= 2):
            return None
    if reversed_relations(a, [b]):
        return None
    return score


def _same_relation(a: Facts, b: Facts) -> bool:
    """A relation of one text whose both sides share a stem with the same sides of one of the other's."""
    return any(r.kind == e.kind and _meet(r.first, e.first) and _meet(r.second, e.second)
               for r in a.relations for e in b.relations)


def _meet(x: frozenset[str], y: frozenset[str]) -> bool:
    """A stem in both, or one a 5+ letter beginning of the other ('microb', 'microbi')."""
    return bool(x & y) or any(len(p) >= 5 and len(q) >= 5 and (p.startswith(q) or q.startswith(p)) for p in x for q in y)


def _within(qa: tuple[Quantity, ...], qb: tuple[Quantity, ...]) -> bool:
    """Every figure of qa is one of qb's, or one step from two of them ('dipped 0.8 points, from 62.3% to 61.5%');
    a year counts only when qb dates anything ('from 62.3% to 61.5%' against '62.3% in 2023 to 61.5% in 2024')."""
    dated = any(_kind(y) == "year" for y in qb)
    figures = [y for y in qb if _kind(y) != "year"]
    steps = [bare(v) for y, z in combinations(figures, 2) for v in (y.value + z.value, abs(y.value - z.value))]
    return all(any(_same(x, y) for y in qb) or _kind(x) == "year" and not dated
               or _kind(x) != "year" and any(backs(s, x) for s in steps) for x in qa)


def _same(x: Quantity, y: Quantity) -> bool:
    return any(p.unit == q.unit and (backs(p, q) or backs(q, p)) for p in x.readings() for q in y.readings())


def _figures(qs: tuple[Quantity, ...]) -> int:
    return sum(_kind(q) != "year" for q in qs)


def _polarity(f: Facts) -> bool:
    # Negation words only: 'instead of an overhead line', 'stay the same' state a choice and a level, and a
    # reversed choice is caught as a reversed relation.
    return f.negated
