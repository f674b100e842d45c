"""Sanity checks for the held-out labeled set (does not import assay)."""
import collections
import contextlib
import io
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = {"id", "label", "kind", "expected_stage", "derived_from", "note", "seed", "insight", "accepted"}
SEED_KEYS = {"id", "question", "reference_answer", "sources"}
INS_KEYS = {"claim", "confidence", "evidence", "reasoning", "verification_code"}
KINDS = {"good", "fabricated_quote", "wrong_source", "altered_number", "swapped_entity",
         "unsupported_generalisation", "contradiction", "arithmetic_error", "code_mismatch",
         "wrong_answer", "broken_reasoning", "duplicate"}
NUM = re.compile(r"-?\d[\d,]*(?:\.\d+)?")

docs = {}
for fn in sorted(os.listdir(os.path.join(HERE, "corpus"))):
    if fn.endswith(".md"):
        with open(os.path.join(HERE, "corpus", fn), encoding="utf-8") as f:
            docs[fn[:-3]] = f.read()

rows = [json.loads(l) for l in open(os.path.join(HERE, "labeled.jsonl"), encoding="utf-8")]
errors = []


def err(row, msg):
    errors.append(f"{row['id']} [{row['kind']}]: {msg}")


def nums(text):
    out = set()
    for n in NUM.findall(text):
        try:
            out.add(round(float(n.replace(",", "")), 6))
        except ValueError:
            pass
    return out


def run(code):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(code, "<verification>", "exec"), {})
    return buf.getvalue()


byid = {r["id"]: r for r in rows}
counts = collections.Counter(r["kind"] for r in rows)
if len(byid) != len(rows):
    errors.append("duplicate ids")
for r in rows:
    if set(r) != KEYS:
        err(r, f"keys {sorted(r)}")
        continue
    if set(r["seed"]) != SEED_KEYS or set(r["insight"]) != INS_KEYS:
        err(r, "seed/insight keys")
    if r["kind"] not in KINDS:
        err(r, "unknown kind")
    if (r["label"] == "good") != (r["kind"] == "good") or r["label"] not in ("good", "bad"):
        err(r, "label/kind mismatch")
    if r["expected_stage"] is not None:
        err(r, "expected_stage not null")
    ins, seed = r["insight"], r["seed"]
    if not (0 <= ins["confidence"] <= 1) or not isinstance(ins["confidence"], float):
        err(r, "confidence")
    if not ins["evidence"] or not ins["reasoning"] or not ins["claim"]:
        err(r, "empty claim/evidence/reasoning")
    for s in seed["sources"]:
        if s not in docs:
            err(r, f"seed source {s} missing")
    if not (3 <= len(r["accepted"]) <= 6):
        err(r, f"accepted has {len(r['accepted'])}")
    if ins["claim"] in r["accepted"]:
        err(r, "own claim in accepted")
    if r["derived_from"] is not None:
        d = byid.get(r["derived_from"])
        if d is None or d["kind"] != "good":
            err(r, "derived_from not a good row")
    for e in ins["evidence"]:
        if e["source_id"] not in docs:
            err(r, f"evidence source {e['source_id']} missing")
        if e["source_id"] not in seed["sources"]:
            err(r, f"evidence source {e['source_id']} not in seed sources")
    found = [e["quote"] in docs.get(e["source_id"], "") for e in ins["evidence"]]
    elsewhere = [any(e["quote"] in t for k, t in docs.items() if k != e["source_id"]) for e in ins["evidence"]]
    out = None
    if ins["verification_code"] is not None:
        try:
            out = run(ins["verification_code"])
        except Exception as ex:  # noqa: BLE001
            err(r, f"code raised {ex!r}")
    kind = r["kind"]
    if kind == "fabricated_quote":
        if all(found):
            err(r, "fabricated quote found in cited doc")
        if any(not f and o for f, o in zip(found, elsewhere)):
            err(r, "fabricated quote exists in another doc")
    elif kind == "wrong_source":
        if not any((not f) and o for f, o in zip(found, elsewhere)):
            err(r, "no quote that is in another doc but not the cited one")
    else:
        if not all(found):
            err(r, "quote not an exact substring of its cited document")
    claim_nums = nums(ins["claim"])
    if kind == "good" and out is not None:
        printed = nums(out)
        if not printed:
            err(r, "code printed no number")
        missing = {p for p in printed if p not in claim_nums}
        if missing:
            err(r, f"printed {sorted(missing)} not in claim {sorted(claim_nums)}")
    # Deliberate hard case: the code prints 15.0, which equals an unrelated quoted figure in the
    # claim ("15 percent" ticket cut), while the derived figure (17.7) is not reproduced.
    KNOWN_COINCIDENCES = {"ho-br-attendance--code_mismatch"}
    if kind == "code_mismatch" and r["id"] not in KNOWN_COINCIDENCES:
        printed = nums(out or "")
        if not printed or printed <= claim_nums:
            err(r, f"code output {out!r} matches claim numbers")
    if kind == "wrong_answer" and not seed["reference_answer"]:
        err(r, "wrong_answer without reference_answer")
    if kind == "duplicate":
        base = byid.get(r["derived_from"])
        if base is None or base["insight"]["claim"] not in r["accepted"]:
            err(r, "duplicate: original claim not in accepted")
    if kind == "good":
        for a in r["accepted"]:
            if a == ins["claim"]:
                err(r, "good row claim in its own accepted list")

print(f"{len(rows)} rows, {len(docs)} documents")
for k in sorted(counts):
    print(f"  {k:28s} {counts[k]}")
for k in KINDS - {"good"}:
    if counts[k] < 30:
        errors.append(f"kind {k} has only {counts[k]} rows")
if counts["good"] < 60:
    errors.append("fewer than 60 good rows")
for name, text in docs.items():
    w = len(text.split())
    if not 150 <= w <= 400:
        errors.append(f"doc {name} has {w} words")
print(f"{len(errors)} problems")
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
