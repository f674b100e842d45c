"""Check data/eval/dev2/labeled.jsonl against data/eval/dev2/corpus/.

Checks:
  * every row has the fields of the format, ids are unique, labels and kinds are known;
  * every cited source exists in corpus/ and is listed in the seed's sources;
  * every quote occurs verbatim in its cited document - except the kinds whose point is that
    it does not: fabricated_quote (some quote is in no document) and wrong_source (some quote
    is not in its cited document but is in another one);
  * every verification_code runs (subprocess, timeout) and prints something;
  * good rows with code: every number the code prints appears in the claim;
    code_mismatch rows: the code does NOT reproduce the claim's numbers;
  * bad rows name an existing good row in derived_from; duplicate rows have the paraphrase in accepted;
  * documents are 80-250 words; there are at least 20;
  * counts: >= 130 good, >= 15 per bad kind, >= 300 rows.
Exit status 1 on any problem.

Run:  python3 data/eval/dev2/check.py
"""
import collections
import json
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = ["fabricated_quote", "wrong_source", "altered_number", "swapped_entity",
         "unsupported_generalisation", "contradiction", "arithmetic_error", "code_mismatch",
         "wrong_answer", "broken_reasoning", "duplicate"]
MIN_GOOD, MIN_PER_KIND, MIN_ROWS, MIN_DOCS = 130, 15, 300, 20
FIELDS = {"id", "label", "kind", "expected_stage", "derived_from", "note", "seed", "insight", "accepted"}

problems = []


def bad(row_id, msg):
    problems.append(f"{row_id}: {msg}")


def run_code(code):
    try:
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"rc {p.returncode}"
    out = p.stdout.strip()
    if not out:
        return None, "printed nothing"
    return out, None


def numbers_in(text):
    return [t.replace(",", "") for t in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)]


def appears(tok, claim):
    claim = claim.replace(",", "")
    tok = tok.lstrip("-")
    return re.search(r"(?<![\d.])" + re.escape(tok) + r"(?!\.?\d)", claim) is not None


def main():
    docs = {p.stem: p.read_text(encoding="utf-8") for p in sorted((HERE / "corpus").glob("*.md"))}
    if len(docs) < MIN_DOCS:
        problems.append(f"corpus: {len(docs)} documents, want >= {MIN_DOCS}")
    for name, text in docs.items():
        n = len(text.split())
        if not 80 <= n <= 250:
            problems.append(f"corpus/{name}.md: {n} words, want 80-250")

    rows = [json.loads(line) for line in (HERE / "labeled.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = collections.Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            problems.append(f"{i}: id used {c} times")
    by_id = {r["id"]: r for r in rows}
    counts = collections.Counter()
    used_docs = collections.Counter()

    for r in rows:
        rid = r.get("id")
        missing = FIELDS - set(r)
        if missing:
            bad(rid, f"missing fields {sorted(missing)}")
            continue
        label, kind = r["label"], r["kind"]
        counts[kind] += 1
        if label == "good" and kind != "good":
            bad(rid, "good label with a bad kind")
        if label == "bad" and kind not in KINDS:
            bad(rid, f"unknown kind {kind}")
        if label not in ("good", "bad"):
            bad(rid, f"unknown label {label}")
        seed, ins = r["seed"], r["insight"]
        for k in ("id", "question", "sources", "reference_answer"):
            if k not in seed:
                bad(rid, f"seed lacks {k}")
        for k in ("claim", "reasoning", "evidence", "verification_code", "confidence"):
            if k not in ins:
                bad(rid, f"insight lacks {k}")
        if not 1 <= len(ins["reasoning"]) <= 3:
            bad(rid, f"{len(ins['reasoning'])} reasoning steps, want 1-3")
        if not 0 <= ins["confidence"] <= 1:
            bad(rid, "confidence out of range")
        if not isinstance(r["accepted"], list):
            bad(rid, "accepted is not a list")

        # sources and quotes
        not_in_cited, in_other, in_none = [], [], []
        for e in ins["evidence"]:
            sid, q = e["source_id"], e["quote"]
            used_docs[sid] += 1
            if sid not in docs:
                bad(rid, f"source {sid} does not exist")
                continue
            if sid not in seed["sources"]:
                bad(rid, f"source {sid} not among the seed's sources")
            if q not in docs[sid]:
                not_in_cited.append(q)
                if any(q in t for n, t in docs.items() if n != sid):
                    in_other.append(q)
                else:
                    in_none.append(q)
        for s in seed["sources"]:
            if s not in docs:
                bad(rid, f"seed source {s} does not exist")
        if kind == "fabricated_quote":
            if not in_none:
                bad(rid, "fabricated_quote row whose quotes all occur in some document")
        elif kind == "wrong_source":
            if not in_other or in_none:
                bad(rid, "wrong_source row needs quotes that are real but not in the cited document")
        elif not_in_cited:
            for q in not_in_cited:
                bad(rid, f"quote not verbatim in its document: {q[:70]!r}")

        # code
        code = ins["verification_code"]
        if code is not None:
            out, err = run_code(code)
            if err:
                bad(rid, f"verification_code fails: {err}")
            else:
                toks = numbers_in(out.splitlines()[-1])
                if not toks:
                    bad(rid, f"verification_code printed no number: {out!r}")
                reproduces = all(appears(t, ins["claim"]) for t in toks)
                if label == "good" and not reproduces:
                    bad(rid, f"code prints {out!r}, not all of which is in the claim")
                if kind == "code_mismatch" and reproduces:
                    bad(rid, f"code_mismatch row whose code prints {out!r}, which the claim states")
        elif kind == "code_mismatch":
            bad(rid, "code_mismatch row without code")

        # derivation
        if label == "bad":
            d = r["derived_from"]
            if d not in by_id or by_id[d]["label"] != "good":
                bad(rid, f"derived_from {d!r} is not a good row")
            else:
                base = by_id[d]
                if kind not in ("wrong_answer", "duplicate") and json.dumps(base["insight"], sort_keys=True) == json.dumps(ins, sort_keys=True):
                    bad(rid, "bad row has the same insight as its good row")
                if kind == "wrong_answer" and base["seed"]["question"] != seed["question"]:
                    pass
                if kind == "wrong_answer" and base["insight"]["claim"] == ins["claim"]:
                    bad(rid, "wrong_answer row keeps the good row's claim")
                if kind == "duplicate":
                    extra = [a for a in r["accepted"] if a not in base["accepted"]]
                    if not extra:
                        bad(rid, "duplicate row with no paraphrase added to accepted")
                    if ins["claim"] in r["accepted"]:
                        bad(rid, "duplicate row: accepted holds the claim verbatim, not a paraphrase")
            if kind != "duplicate" and ins["claim"] in r["accepted"]:
                bad(rid, "bad row whose claim is already accepted verbatim (would also be a duplicate)")
        else:
            if r["derived_from"] is not None:
                bad(rid, "good row with derived_from")
            if ins["claim"] in r["accepted"]:
                bad(rid, "good row whose claim is already accepted")

    # counts
    if counts["good"] < MIN_GOOD:
        problems.append(f"counts: {counts['good']} good rows, want >= {MIN_GOOD}")
    for k in KINDS:
        if counts[k] < MIN_PER_KIND:
            problems.append(f"counts: {counts[k]} {k} rows, want >= {MIN_PER_KIND}")
    if len(rows) < MIN_ROWS:
        problems.append(f"counts: {len(rows)} rows, want >= {MIN_ROWS}")
    unused = sorted(set(docs) - set(used_docs))
    if unused:
        problems.append(f"corpus: documents never cited: {unused}")

    print(f"{len(rows)} rows, {len(docs)} documents")
    for k in ["good"] + KINDS:
        print(f"  {k:28s} {counts[k]}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nclean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
