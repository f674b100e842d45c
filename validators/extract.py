"""What several stages read from text without a model: words, names, negations and scope words.

Quantities and written arithmetic are read in quantities.py; whole claims are compared as facts in facts.py.

>>> names("Between 2020 and 2022 the Kelby terminal grew. Moving cargo, Priya Raman said.", common={"moving"})
['kelby', 'priya', 'raman']
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

NEGATIONS = frozenset({"not", "no", "never", "none", "neither", "nor", "cannot", "nothing", "nobody", "without"})
# Phrases that say 'not X' without a negation word: they back a claim's 'not'.
NEGATING_PHRASES = ("rather than", "instead of", "in place of", "no longer", "free of", "ruled out", "far from",
                    "the same", "first time", "left out")
# Words that say 'not' by their meaning ('lacks a doctor', 'failed to stop', 'zero accidents'): in the evidence
# they back a claim's 'no' or 'not'; a claim's own 'lacks' is not read as a negation (it states a fact).
NEGATING_WORDS = frozenset("""lack lacks lacked lacking absent absence zero fail fails failed unable missing nil
refused refuses declined denied deny denies excluded exclude avoided prevented prevents ceased stopped halted
barred banned impossible unavailable nowhere neither nor unchanged flat lost lose loses losing against rejected
scrapped cancelled abandoned withdrawn""".split())
# Prefixes that negate the word they start ('unvaccinated', 'non-members'): they back 'not vaccinated'.
NEGATING_PREFIXES = ("un", "non", "non-")
# Scope words, by what they claim: a claim's word is backed by any word of its family in the evidence.
SCOPE_FAMILIES = {
    "all": "universal", "every": "universal", "entire": "universal", "entirely": "universal",
    "everything": "universal", "everyone": "universal", "everywhere": "universal", "whole": "universal",
    "universally": "universal", "any": "any", "always": "always", "ever": "always", "only": "only",
    "solely": "only", "exclusively": "only", "most": "most",
}
SCOPE_WORDS = frozenset(SCOPE_FAMILIES)
# Idioms with a scope word that generalise nothing: 'in all' (in total), 'the most' (a superlative).
SCOPE_IDIOMS = ("all told", "at all", "above all", "after all", "the most", "all but")
# Capitalised words that start sentences without naming anything.
FUNCTION_WORDS = frozenset("""a an the it its in on at by of for to from with as and but or so if this that these those
he she they his her their there here when where who what which how why during after before about around yes
we our you your i my one some many several today together while since because although however thus therefore
approximately roughly nearly almost just also then than indeed overall generally clearly notably hence
finally together""".split())
# More words that are capitalised only to start a sentence (or a reasoning step): never names.
STARTERS = FUNCTION_WORDS | frozenset("""between up down over under across through into onto upon within without
against along among amid despite per via unlike like both either neither each all every most more less only once
twice half later earlier yet still even instead rather meanwhile moreover furthermore additionally until till
whether whereas whilst though unless according following given including except beyond below above behind beside
besides near toward towards throughout step next first second third last""".split())
# Titles before a name ('Dr Priya Raman'): part of how a name is written, not a name to find.
TITLES = frozenset("dr mr mrs ms mx prof professor sir dame lord lady rev st".split())
MONTHS = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())

# Capitalised words that name nothing by themselves: starters, months, titles, negations and scope words.
NOT_NAMES = STARTERS | MONTHS | TITLES | NEGATIONS | SCOPE_WORDS

_NAME = re.compile(r"\b[A-Z][\w'’]*(?:-[\w'’]+)*")
_WORDS = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_SENTENCE_END = frozenset('.!?:;"“(')


def words(text: str) -> list[str]:
    """Lowercase word tokens with possessives removed ('Mars's' -> 'mars')."""
    return [re.sub(r"['’]s?$", "", w) for w in _WORDS.findall(text.lower().replace("’", "'"))]


def lower_words(text: str) -> set[str]:
    """Words a text writes in lower case: ordinary words, never names."""
    return set(re.findall(r"\b[a-z][a-z'-]*", text.replace("’", "'")))


def word_set(text: str) -> set[str]:
    """words(), plus the parts of hyphenated words ('mass-produced' also gives 'mass' and 'produced')."""
    out = set()
    for w in words(text):
        out.add(w)
        if "-" in w:
            out.update(p for p in w.split("-") if p)
    return out


def negated(text_words: set[str], text: str = "") -> bool:
    """Does the text say 'not' in any of its ways ('no', 'without', "isn't", 'rather than')?"""
    if text_words & NEGATIONS or any(w.endswith("n't") for w in text_words):
        return True
    low = text.lower()
    return any(p in low for p in NEGATING_PHRASES)


def negated_by_meaning(context_words: set[str], context: str, claim_words: set[str]) -> bool:
    """Does the evidence say 'not' in other words: a negation, a negating word ('lacks', 'zero', 'failed'), or a
    negated form of one of the claim's words ('unvaccinated' for 'not vaccinated')?"""
    if negated(context_words, context) or context_words & NEGATING_WORDS:
        return True
    low = context.lower()
    if any(p in low for p in NEGATING_PHRASES):
        return True
    stems = {w[:6] for w in claim_words if len(w) >= 5}
    return any(w.startswith(p) and len(w) - len(p) >= 5 and w[len(p):].lstrip("-")[:6] in stems
               for w in context_words for p in NEGATING_PREFIXES)


# Questions answered by yes or no: a claim's leading 'No,' answers them and negates nothing of its own.
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|may|might)\b", re.I)
_ANSWER_WORD = re.compile(r"^\s*(?:no|yes)\s*[,:;.\-–—]\s*", re.I)


def without_answer_word(text: str, question: str) -> str:
    """'No: 8.6 t/ha was below...' answering 'Was ...?' reads as '8.6 t/ha was below...' (same length: positions hold)."""
    m = _ANSWER_WORD.match(text)
    if m and _YES_NO.match(question):
        return " " * m.end() + text[m.end():]
    return text


def implied_scope(context_words: set[str], context: str) -> set[str]:
    """Scope a text states without a scope word: 'each plot' (every), 'without removing any' (all), 'not unless'
    (only)."""
    out = set()
    if "each" in context_words:
        out.add("universal")
    if "any" in context_words and negated(context_words, context):
        out.add("universal")
    if "unless" in context_words:
        out.add("only")
    return out


def scope_families(text_words: set[str]) -> set[str]:
    return {SCOPE_FAMILIES[w] for w in text_words if w in SCOPE_FAMILIES}


def scope_words(text: str) -> list[str]:
    """The scope words of a text, idioms aside ('50 minutes in all' generalises nothing)."""
    low = _IN_ALL.sub(" ", text.lower())
    for idiom in SCOPE_IDIOMS:
        low = low.replace(idiom, " ")
    return sorted({w for w in words(low) if w in SCOPE_WORDS})


# 'in all' is 'in total' only where its phrase ends: '50 minutes in all.', not 'second in all three seasons'
_IN_ALL = re.compile(r"\bin all\b(?=\s*(?:[,.;:)!?]|$))")


def _initial(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in _SENTENCE_END


def names(text: str, *, common: set[str] | frozenset[str] = frozenset(), skip=()) -> list[str]:
    """Capitalised words that may name something (people, places, works), lowercased.

    Skipped: function words, month and day names, units of quantities (`skip` spans), and a sentence's first word
    when it is an ordinary word: in `common` (words the sources use in lower case) or an -ing, -ed or -ly form.
    """
    return [token for token, _ in name_spans(text, common=common, skip=skip)]


def name_spans(text: str, *, common: set[str] | frozenset[str] = frozenset(), skip=(),
               proper: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """names(), each with where it starts. A sentence's first word is ordinary when it, or a word of its stem, is
    in `common`, unless `proper` (words the sources capitalise mid-sentence) holds it."""
    out = []
    stems = None
    for m in _NAME.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        token = re.sub(r"['’]s?$", "", m.group(0)).lower()
        if token in NOT_NAMES or len(token) < 2 or token.isdigit() or _unit_symbol(m.group(0)):
            continue
        if _initial(text, m.start()) and token not in proper:
            if token in common or token.endswith(("ing", "ed", "ly")) and len(token) > 4:
                continue
            if common and stems is None:  # with no `common`, the caller wants every possible name
                stems = {stem(w) for w in common}
            if stems and (stem(token) in stems or _in_dictionary(token)):
                continue
        out.append((token, m.start()))
    return out


def proper_words(text: str) -> set[str]:
    """Words a text capitalises where no sentence starts: names as the sources write them."""
    return {re.sub(r"['’]s?$", "", m.group(0)).lower() for m in _NAME.finditer(text) if not _initial(text, m.start())}


def _unit_symbol(token: str) -> bool:
    """'MW', 'GWh', 'Hz', 'TWh': a unit symbol (short or mixed case, and a unit to pint) names nothing."""
    if not (len(token) <= 3 or any(c.isupper() for c in token[1:])) or not token.isalpha():
        return False
    from .quantities import _unit_of  # noqa: PLC0415 (pint loads only when a symbol-like word is met)

    return _unit_of(token) is not None


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """English words written in lower case (web2): 'Average' starting a sentence is one, 'Venus' is not."""
    from english_words import get_english_words_set  # noqa: PLC0415 (0.2 s: only once a first word is unknown)

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def _in_dictionary(token: str) -> bool:
    """The word or its singular ('Owners': 'owner') is an English word written in lower case."""
    d = _dictionary()
    return token in d or token.endswith("s") and (token[:-1] in d or token.endswith("es") and token[:-2] in d or
                                                  token.endswith("ies") and token[:-3] + "y" in d)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 15)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def phrases(text: str) -> list[tuple[str, ...]]:
    """Runs of two or more capitalised words, lowercased and in order: 'Priya Raman', 'Royal Society'."""
    out = []
    run: list[str] = []
    end = -1
    for m in _NAME.finditer(text):
        token = re.sub(r"['’]s?$", "", m.group(0)).lower()
        if token in NOT_NAMES:
            token = ""
        if token and run and text[end:m.start()] == " ":
            run.append(token)
        else:
            if len(run) > 1:
                out.append(tuple(run))
            run = [token] if token else []
        end = m.end()
    if len(run) > 1:
        out.append(tuple(run))
    return out


def full_name_backs(name: str, known_names: set[str], documents: list[str]) -> bool:
    """A name is another part of a full name the evidence refers to: 'Priya' when the evidence says 'Raman' and
    the document introduced 'Priya Raman'. A surname refers to the first full name that used it, so 'Chidi'
    is not backed by 'Okafor' in a document that introduced 'Amara Okafor' first."""
    for doc in documents:
        first: dict[str, tuple[str, ...]] = {}
        for p in phrases(doc):
            for w in p:
                first.setdefault(w, p)
        for p in {q for q in first.values() if name in q}:
            if any(w != name and w in known_names and first.get(w) == p for w in p):
                return True
    return False


def mentions(word: str, text_words: set[str]) -> bool:
    """A name counts as present in its singular or plural form ('Worker' in 'workers')."""
    if word in text_words:
        return True
    parts = word.split("-")
    if len(parts) > 1 and all(p in text_words for p in parts):
        return True
    return (word + "s") in text_words or (word.endswith("s") and word[:-1] in text_words)
