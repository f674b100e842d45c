"""Build data/eval/labeled.jsonl: the good records of data/eval/facts.toml and hallucinated variants of each.

    python3 data/build_eval_set.py          # rewrites data/eval/labeled.jsonl; same inputs, same bytes

Every row: id, label (good | bad), kind, expected_stage (the stage built to catch that kind; none for
good rows), derived_from, note (what was changed), seed, insight, accepted (claims accepted earlier in
the run, which the novelty stage compares against). Sources are data/eval/corpus/*.md.

The variants are derived mechanically from the hand-written facts, with their own plain text handling
(nothing here imports assay's validators), and are chosen with fixed random seeds.
"""
from __future__ import annotations

import json
import random
import re
import sys
import tomllib
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent / "eval"
CORPUS = HERE / "corpus"
OUT = HERE / "labeled.jsonl"

EXPECTED = {
    "fabricated_quote": "grounding", "wrong_source": "grounding", "altered_number": "numeric",
    "swapped_entity": "numeric", "unsupported_generalisation": "support", "contradiction": "support",
    "arithmetic_error": "execution", "code_mismatch": "execution", "wrong_answer": "execution",
    "broken_reasoning": "judge", "duplicate": "novelty",
}
EMBELLISHMENTS = ["as later studies confirmed", "which surprised many experts at the time",
                  "according to most historians", "as records from the period show", "a fact first noted in 1850"]
NUMBER_WORDS = {"one": ["two", "three"], "two": ["three", "four"], "three": ["four", "five"], "four": ["five", "six"],
                "fourth": ["fifth", "third"], "seven": ["nine", "six"]}
SYNONYMS = {"about": "roughly", "roughly": "about", "around": "about", "was": "had been", "is": "is now",
            "built": "constructed", "discovered": "found", "found": "discovered", "long": "in length"}


def load() -> tuple[list[dict], list[dict], dict[str, str]]:
    data = tomllib.loads((HERE / "facts.toml").read_text(encoding="utf-8"))
    docs = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))}
    for f in data["fact"]:
        _require(f["quote"] in docs[f["source"]], f"{f['id']}: quote is not in {f['source']}.md")
    for d in data["derived"]:
        for sid, quote in d["evidence"]:
            _require(quote in docs[sid], f"{d['id']}: quote is not in {sid}.md")
        _require(_compute(d["expression"], d["result"]), f"{d['id']}: {d['expression']} is not {d['result']}")
    return data["fact"], data["derived"], docs


def _require(ok: bool, message: str) -> None:
    if not ok:
        sys.exit(f"build_eval_set: {message}")


def _compute(expression: str, result: str) -> bool:
    """The stated result is the exact value rounded to the result's decimal places."""
    a, op, b = re.fullmatch(r"([\d.]+) ([-+*/]) ([\d.]+)", expression).groups()
    x, y = Fraction(a), Fraction(b)
    exact = {"+": x + y, "-": x - y, "*": x * y, "/": x / y}[op]
    places = len(result.split(".")[1]) if "." in result else 0
    return abs(exact - Fraction(result)) <= Fraction(1, 2 * 10**places)


def sentences(doc: str) -> list[str]:
    body = "\n".join(line for line in doc.splitlines() if not line.startswith("#"))
    return [s.strip() for s in re.split(r"(?<=[a-z0-9])\.\s+", body.strip()) if s.strip()]


def title(doc: str) -> str:
    return doc.splitlines()[0].lstrip("# ").strip()


# -- good records -----------------------------------------------------------------------------------

def fact_reasoning(f: dict, claim: str) -> list[str]:
    """One of three plain reasoning shapes, fixed per fact."""
    shape = sum(map(ord, f["id"])) % 3
    src, quote = f["source"], f["quote"]
    if shape == 0:
        return [f'The {src} source says: "{quote}"', f"This answers the question: {claim}"]
    if shape == 1:
        return [f"The question asks: {f['question']}", f'The {src} source states: "{quote}"', f"So: {claim}"]
    return [f"I looked for the answer in the {src} source.", f'It says: "{quote}"', "The claim restates that sentence."]


def derived_reasoning(d: dict, result: str, claim: str, *, with_equation: bool = True) -> list[str]:
    steps = [f'The {sid} source says: "{quote}"' for sid, quote in d["evidence"]]
    steps.append(f"{d['expression']} = {result}" if with_equation else f"Working it out from these figures gives {result}.")
    steps.append(f"So: {claim}")
    return steps


def code_for(expression: str, result: str) -> str:
    places = len(result.split(".")[1]) if "." in result else 0
    return f"print(round({expression}, {places}))" if places else f"print(round({expression}))"


def good_rows(facts: list[dict], derived: list[dict]) -> list[dict]:
    rows = []
    for f in facts:
        seed = {"id": f["id"], "question": f["question"], "sources": [f["source"]]}
        if f.get("reference"):
            seed["reference_answer"] = f["reference"]
        insight = {"claim": f["claim"], "reasoning": fact_reasoning(f, f["claim"]),
                   "evidence": [{"source_id": f["source"], "quote": f["quote"]}], "verification_code": None,
                   "confidence": 0.9}
        rows.append(row(f["id"], "good", seed, insight, note="hand-written good record", topic=f["source"]))
    for d in derived:
        claim = d["claim"].format(result=d["result"])
        seed = {"id": d["id"], "question": d["question"], "reference_answer": d["reference"],
                "sources": list(dict.fromkeys(sid for sid, _ in d["evidence"]))}
        insight = {"claim": claim, "reasoning": derived_reasoning(d, d["result"], claim),
                   "evidence": [{"source_id": sid, "quote": q} for sid, q in d["evidence"]],
                   "verification_code": code_for(d["expression"], d["result"]), "confidence": 0.9}
        rows.append(row(d["id"], "good", seed, insight, note="arithmetic over quoted figures, with code",
                        topic=d["evidence"][0][0]))
    return rows


def row(rid: str, kind: str, seed: dict, insight: dict, *, note: str, topic: str, derived_from: str | None = None) -> dict:
    return {"id": rid, "label": "good" if kind == "good" else "bad", "kind": kind,
            "expected_stage": EXPECTED.get(kind), "derived_from": derived_from, "note": note,
            "seed": seed, "insight": insight, "accepted": [], "_topic": topic}


def variant(good: dict, kind: str, note: str, **changes) -> dict:
    out = json.loads(json.dumps(good))
    out.update(id=f"{good['id']}/{kind}", label="bad", kind=kind, expected_stage=EXPECTED[kind],
               derived_from=good["id"], note=note)
    out["insight"].update(changes)
    return out


# -- hallucinated variants ---------------------------------------------------------------------------

def pick(items: list, n: int, name: str) -> list:
    """n items in their original order, chosen by a random generator seeded with the kind's name."""
    chosen = set(random.Random(name).sample(range(len(items)), min(n, len(items))))
    return [x for i, x in enumerate(items) if i in chosen]


def fabricated_quotes(goods: dict, facts: list[dict], docs: dict[str, str]) -> list[dict]:
    out = []
    for i, f in enumerate(pick(facts, 33, "fabricated_quote")):
        g, rng = goods[f["id"]], random.Random(f["id"])
        shape = i % 3
        if shape == 0 and f["claim"].lower() != f["quote"].lower():
            quote, note = f["claim"], "the claim's own wording passed off as a quote"
        elif shape == 1:
            others = [s for s in sentences(docs[f["source"]]) if s.rstrip(".") != f["quote"].rstrip(".")]
            other = rng.choice(others).rstrip(".").split()
            words = f["quote"].rstrip(".").split()
            quote = " ".join(words[: max(2, len(words) // 2)] + other[len(other) // 2:]) + "."
            note = "a quote spliced from halves of two source sentences"
        else:
            quote = f"{f['quote'].rstrip('.')}, {rng.choice(EMBELLISHMENTS)}."
            note = "a real quote with an invented clause added"
        out.append(variant(g, "fabricated_quote", note, evidence=[{"source_id": f["source"], "quote": quote}]))
    return out


def wrong_sources(goods: dict, facts: list[dict], docs: dict[str, str]) -> list[dict]:
    out = []
    for i, f in enumerate(pick(facts, 30, "wrong_source")):
        g, rng = goods[f["id"]], random.Random(f["id"] + "/wrong")
        other_doc = rng.choice(sorted(d for d in docs if d != f["source"]))
        if i % 2 == 0:
            quote = rng.choice(sentences(docs[other_doc]))
            ev = {"source_id": f["source"], "quote": quote if quote.endswith(".") else quote + "."}
            note = f"a real quote from {other_doc!r} cited as {f['source']!r}"
        else:
            ev = {"source_id": other_doc, "quote": f["quote"]}
            note = f"the right quote attributed to the wrong source {other_doc!r}"
        out.append(variant(g, "wrong_source", note, evidence=[ev]))
    return out


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)|\b(" + "|".join(NUMBER_WORDS) + r")\b")


def alter(token: str, rng: random.Random, avoid: set[str]) -> str:
    """A plausible wrong figure that neither rounds to the original nor is another figure of the quote.

    (A claim that moves a figure to the wrong noun of the same sentence, 'two atoms of oxygen' from
    'two hydrogen atoms and one oxygen atom', is a different error: every figure is still backed.)
    """
    for _ in range(20):
        new = _altered(token, rng)
        if new.lower() not in avoid:
            return new
    raise ValueError(f"no alteration of {token!r} avoids {sorted(avoid)}")


def _altered(token: str, rng: random.Random) -> str:
    if token.lower() in NUMBER_WORDS:
        new = rng.choice(NUMBER_WORDS[token.lower()])
        return new.capitalize() if token[0].isupper() else new
    commas, digits = "," in token, token.replace(",", "")
    if "." in digits:
        places = len(digits.split(".")[1])
        value = float(digits) + rng.choice([1.3, 2.1, -1.2, 3.4])
        return f"{value:.{places}f}"
    n = int(digits)
    if 1000 <= n <= 2100:
        new = n + rng.choice([-12, -5, 3, 10])
    elif n < 10:
        new = n + rng.choice([1, 2, 3])
    else:
        new = round(n * rng.choice([1.2, 1.5, 0.8]))
        new = new if new != n else n + 10
    return f"{new:,}" if commas else str(new)


def altered_numbers(goods: dict, facts: list[dict]) -> list[dict]:
    eligible = [f for f in facts if any(m.group(0) in f["quote"] for m in _NUMBER.finditer(f["claim"]))]
    out = []
    for i, f in enumerate(pick(eligible, 30, "altered_number")):
        g, rng = goods[f["id"]], random.Random(f["id"] + "/number")
        token = rng.choice([m.group(0) for m in _NUMBER.finditer(f["claim"]) if m.group(0) in f["quote"]])
        new = alter(token, rng, {m.group(0).lower() for m in _NUMBER.finditer(f["quote"])})
        claim = _replace_token(f["claim"], token, new)
        changes = {"claim": claim, "reasoning": fact_reasoning(f, claim)}
        note = f"claim says {new!r} where the source says {token!r}"
        if i % 2 == 1:
            quote = _replace_token(f["quote"], token, new)
            changes["evidence"] = [{"source_id": f["source"], "quote": quote}]
            changes["reasoning"] = [s.replace(f["quote"], quote) for s in fact_reasoning(f, claim)]
            note += ", and the quote was changed to match"
        v = variant(g, "altered_number", note, **changes)
        if i % 2 == 1:
            v["expected_stage"] = "grounding"  # the changed quote no longer exists in the source
        out.append(v)
    return out


def _replace_token(text: str, token: str, new: str) -> str:
    return re.sub(rf"(?<![\w.,]){re.escape(token)}(?![\w]|[.,]\d)", new, text, count=1)


def swapped_entities(goods: dict, facts: list[dict]) -> list[dict]:
    out = []
    for i, f in enumerate(pick([f for f in facts if f.get("swap")], 30, "swapped_entity")):
        old, new = f["swap"]
        claim = f["claim"].replace(old, new)
        changes = {"claim": claim, "reasoning": fact_reasoning(f, claim)}
        note = f"{old!r} swapped for {new!r} in the claim"
        swap_quote = i % 2 == 1 and old in f["quote"]
        if swap_quote:
            quote = f["quote"].replace(old, new)
            changes["evidence"] = [{"source_id": f["source"], "quote": quote}]
            changes["reasoning"] = [s.replace(f["quote"], quote) for s in fact_reasoning(f, claim)]
            note += " and in the quote"
        v = variant(goods[f["id"]], "swapped_entity", note, **changes)
        if swap_quote:
            v["expected_stage"] = "grounding"
        out.append(v)
    return out


def rewritten_claims(goods: dict, facts: list[dict], kind: str, field: str, n: int) -> list[dict]:
    out = []
    for f in pick([f for f in facts if f.get(field)], n, kind):
        claim = f[field]
        out.append(variant(goods[f["id"]], kind, f"hand-written {kind.replace('_', ' ')} of the source",
                           claim=claim, reasoning=fact_reasoning(f, claim)))
    return out


def arithmetic_errors(goods: dict, derived: list[dict]) -> list[dict]:
    out = []
    for d in derived:
        wrong = wrong_result(d["result"], random.Random(d["id"]))
        claim = d["claim"].format(result=wrong)
        out.append(variant(goods[d["id"]], "arithmetic_error", f"{d['expression']} written as {wrong}, not {d['result']}",
                           claim=claim, reasoning=derived_reasoning(d, wrong, claim), verification_code=None))
    return out


def wrong_result(result: str, rng: random.Random) -> str:
    places = len(result.split(".")[1]) if "." in result else 0
    unit = Fraction(1, 10**places)
    value = Fraction(result) + rng.choice([-1, 1]) * unit * rng.choice([1, 2, 10])
    if value <= 0:
        value = Fraction(result) + unit * 10
    return f"{float(value):.{places}f}"


def code_mismatches(goods: dict, derived: list[dict]) -> list[dict]:
    out = []
    for i, d in enumerate(pick(derived, 16, "code_mismatch")):
        g = goods[d["id"]]
        if i % 2 == 0:
            flipped = d["expression"].translate(str.maketrans("+-*/", "-+/*"))
            code = f"print({flipped})"
            out.append(variant(g, "code_mismatch", f"verification code computes {flipped}, which does not give the claim",
                               verification_code=code))
        else:
            wrong = wrong_result(d["result"], random.Random(d["id"] + "/code"))
            claim = d["claim"].format(result=wrong)
            out.append(variant(g, "code_mismatch", f"claim says {wrong}; the attached code prints {d['result']}",
                               claim=claim, reasoning=derived_reasoning(d, wrong, claim, with_equation=False)))
    return out


def wrong_answers(goods: dict, facts: list[dict]) -> list[dict]:
    out = []
    by_source: dict[str, list[dict]] = {}
    for f in facts:
        by_source.setdefault(f["source"], []).append(f)
    for f in pick([f for f in facts if f.get("reference")], 25, "wrong_answer"):
        # An off-topic claim that happens to contain the reference answer ('... the moons of Jupiter' for
        # 'Jupiter') is not wrong by the reference, so it is not offered.
        key = set(re.findall(r"\w+", f["reference"].lower())) - {"the", "a", "an", "of", "and", "about", "around", "in"}
        others = [o for o in by_source[f["source"]] if o["id"] != f["id"]
                  and not key <= set(re.findall(r"\w+", o["claim"].lower()))]
        if not others:
            continue
        other = random.Random(f["id"]).choice(others)
        ins = goods[other["id"]]["insight"]
        out.append(variant(goods[f["id"]], "wrong_answer", f"a true, grounded claim that answers {other['id']!r} instead",
                           **json.loads(json.dumps(ins))))
    return out


def broken_reasonings(goods: dict, facts: list[dict], derived: list[dict], docs: dict[str, str]) -> list[dict]:
    out = []
    items = [(f["id"], f["source"]) for f in facts] + [(d["id"], d["evidence"][0][0]) for d in derived]
    for i, (rid, src) in enumerate(pick(items, 35, "broken_reasoning")):
        g, rng = goods[rid], random.Random(rid + "/broken")
        claim = g["insight"]["claim"]
        other = rng.choice(sorted(d for d in docs if d != src))
        shapes = [
            ([f'The {other} source says: "{rng.choice(sentences(docs[other]))}"', f"Therefore: {claim}"],
             f"an irrelevant premise from {other!r}"),
            ([f"The claim is true: {claim}", "Since the claim is true, it answers the question."], "circular"),
            ([f"The question is about {title(docs[src])}.", "Questions like this usually have a well-known answer.",
              f"So: {claim}"], "a leap with no evidence"),
            ([f"The {src} source does not say anything about this.", f"Guessing from general knowledge: {claim}"],
             "disowns the evidence and guesses"),
        ]
        steps, what = shapes[i % len(shapes)]
        out.append(variant(g, "broken_reasoning", f"correct claim, broken reasoning: {what}", reasoning=steps))
    return out


def near_copy(claim: str, rng: random.Random) -> tuple[str, str]:
    shape = rng.randrange(3)
    if shape == 0:
        return claim.lower().rstrip("."), "lower-cased, final stop dropped"
    if shape == 1:
        return f"Indeed, {claim}", "'Indeed,' prefixed"
    words = claim.split()
    for j, w in enumerate(words):
        if w.lower() in SYNONYMS:
            words[j] = SYNONYMS[w.lower()]
            return " ".join(words), f"{w!r} replaced by {SYNONYMS[w.lower()]!r}"
    return claim.rstrip(".") + ", in fact.", "', in fact' appended"


def duplicates(goods: dict, facts: list[dict], derived: list[dict]) -> list[dict]:
    out = []
    for rid in pick([f["id"] for f in facts] + [d["id"] for d in derived], 30, "duplicate"):
        g = goods[rid]
        claim, how = near_copy(g["insight"]["claim"], random.Random(rid + "/dup"))
        v = variant(g, "duplicate", f"near-copy of a claim accepted earlier in the run ({how})", claim=claim)
        v["_duplicate_of"] = g["insight"]["claim"]
        out.append(v)
    return out


# -- context and output ------------------------------------------------------------------------------

def accepted_context(rows: list[dict], goods: list[dict]) -> None:
    """Claims 'accepted earlier in the run': other facts on the same topic plus a few from elsewhere."""
    for r in rows:
        base = r["derived_from"] or r["id"]
        rng = random.Random(r["id"] + "/accepted")
        # Never the row's own claim: only duplicate rows are duplicates (a wrong answer borrows another's claim).
        own = r["insight"]["claim"]
        same = [g["insight"]["claim"] for g in goods if g["id"] != base and g["_topic"] == r["_topic"] and g["insight"]["claim"] != own]
        rest = [g["insight"]["claim"] for g in goods if g["id"] != base and g["_topic"] != r["_topic"] and g["insight"]["claim"] != own]
        accepted = same[:4] + rng.sample(rest, 3)
        if "_duplicate_of" in r:
            accepted.insert(rng.randrange(len(accepted) + 1), r.pop("_duplicate_of"))
        r["accepted"] = accepted


def build() -> list[dict]:
    facts, derived, docs = load()
    goods = good_rows(facts, derived)
    by_id = {g["id"]: g for g in goods}
    bad = (fabricated_quotes(by_id, facts, docs) + wrong_sources(by_id, facts, docs) + altered_numbers(by_id, facts)
           + swapped_entities(by_id, facts)
           + rewritten_claims(by_id, facts, "unsupported_generalisation", "generalisation", 40)
           + rewritten_claims(by_id, facts, "contradiction", "contradiction", 40)
           + arithmetic_errors(by_id, derived) + code_mismatches(by_id, derived) + wrong_answers(by_id, facts)
           + broken_reasonings(by_id, facts, derived, docs) + duplicates(by_id, facts, derived))
    rows = goods + bad
    accepted_context(rows, goods)
    for r in rows:
        r.pop("_topic")
    ids = [r["id"] for r in rows]
    _require(len(ids) == len(set(ids)), "duplicate row ids")
    return rows


def main() -> None:
    rows = build()
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    print(f"wrote {len(rows)} rows to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    for kind, n in counts.items():
        print(f"  {kind:28} {n}")


if __name__ == "__main__":
    main()
