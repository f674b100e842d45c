"""The novelty index: exact against brute force, reproducible across processes, grown with the run's list, small."""
from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tracemalloc

import pytest

from assay.records import Insight, Seed
from assay.validators import Check
from assay.validators.claim_index import Index, _Sig, jaccard, shingles
from assay.validators.novelty import _RUN_INDEXES, _run_index, novelty

TINY = {"limit": 3, "share": 10**6, "pending": 32, "fresh": 8}  # tiers and ranking bounds a few entries deep
VOCAB = [f"w{i}" for i in range(150)]  # small on purpose: shared words fill postings, so buckets get ranked


def mutate(rng: random.Random, claim: str) -> str:
    words = claim.split()
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.35 and words:
            words[rng.randrange(len(words))] = rng.choice(VOCAB)
        elif op < 0.6:
            words.insert(rng.randrange(len(words) + 1), rng.choice(VOCAB))
        elif op < 0.85 and words:
            del words[rng.randrange(len(words))]
        elif words:  # the same words, other case and punctuation: shingles must not change
            i = rng.randrange(len(words))
            words[i] = words[i].upper() + rng.choice([",", ".", "!", ""])
    return " ".join(words)


def stream(seed: int, n: int) -> list[str]:
    """New claims of 1 to 24 words (short ones test the smallest prefixes) and edits of earlier ones."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < 0.45:
            out.append(mutate(rng, rng.choice(out)))
        else:
            out.append(" ".join(rng.choice(VOCAB) for _ in range(rng.choice([1, 2, 3, rng.randint(4, 24)]))))
    return out


def brute(claim: str, sets: list[set[str]]) -> tuple[float, int | None]:
    s = shingles(claim)
    best, where = 0.0, None
    for key, other in enumerate(sets):
        score = jaccard(s, other)
        if score > best:
            best, where = score, key
    return best, where


@pytest.mark.parametrize("threshold, params", [
    (0.5, {}),  # the shipped tuning (here: the dict and the second array)
    (0.5, TINY),  # many merges, rankings, moves to later classes, compactions
    (0.3, TINY),
    (0.8, TINY),
])
def test_index_finds_exactly_what_brute_force_finds(threshold, params):
    claims = stream(seed=int(threshold * 10) + len(params), n=3000)
    index = Index(threshold, **params)
    sets: list[set[str]] = []
    rng = random.Random(7)
    near = 0
    for claim in claims:
        expected = brute(claim, sets)
        got = index.nearest(claim)
        if expected[0] >= threshold:  # no false negative, and the same best claim (the earliest on a tie)
            near += 1
            assert got == expected, claim
        else:  # no false positive; below the threshold the score is the best among candidates, never above the truth
            assert got[0] <= expected[0] and got[0] < threshold, claim
        if expected[0] < threshold or rng.random() < 0.3:  # a run accepts the novel ones (and some near-copies here)
            sets.append(shingles(claim))
            index.add(claim)
    assert near > 500 and index.size == len(sets) and index._k + index._m > 0
    if params:
        classes = {(key >> 32) - 16 for key in index._key.values()}  # ranked, and some moved on to later classes
        assert index._m > 0 and index._moves > 100 and max(classes) >= 1


def test_shingle_hashes_and_verdicts_are_the_same_in_every_process():
    # Pinned: blake2b of the words, so neither PYTHONHASHSEED nor a Python upgrade changes a bucket.
    assert sorted(_Sig("Mars has two moons, Phobos and Deimos.").buckets) == [
        812951446, 9227282597, 9466045783, 10784121314, 16014310799, 16802061200, 17010225575, 23177202921,
        28249258203, 40473501949, 40606298934, 52532267062, 56391826077]
    script = (
        "import json, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_novelty_index import stream\n"
        "from assay.validators.claim_index import Index\n"
        "index, out = Index(0.5, limit=3, share=10**6, pending=32, fresh=8), []\n"
        "for claim in stream(seed=3, n=600):\n"
        "    out.append(index.nearest(claim))\n"
        "    if out[-1][0] < 0.5: index.add(claim)\n"
        "print(json.dumps([out, sorted(index._key.items())]))\n")
    tests = os.path.dirname(__file__)
    runs = [subprocess.run([sys.executable, "-c", script, tests], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "random")]
    assert runs[0] == runs[1] == runs[2]
    verdicts, ranked = json.loads(runs[0])
    assert ranked and sum(score >= 0.5 for score, _ in verdicts) > 50


def check(claim: str, accepted: list[str]) -> Check:
    return Check(seed=Seed(id="s", question="q"), insight=Insight(claim=claim), corpus=None, accepted=accepted)


def test_the_run_index_grows_with_the_accepted_list_and_is_rebuilt_when_the_list_shrinks():
    accepted: list[str] = []
    claims = stream(seed=11, n=400)
    first = None
    for claim in claims:
        v = novelty(check(claim, accepted), check_facts=False)  # the word index alone, against brute force
        index = _RUN_INDEXES[(id(accepted), 0.5, "words")][1]
        first = first or index
        assert index is first and index.size == len(accepted)  # caught up with the list, not rebuilt
        best = brute(claim, [shingles(c) for c in accepted])
        assert v.passed == (best[0] < 0.5)
        if not v.passed:
            assert v.details["nearest"] == accepted[best[1]] and v.details["nearest_similarity"] == round(best[0], 4)
            assert v.reason.startswith(f"near-duplicate (Jaccard {best[0]:.2f} >= 0.5) of a claim accepted in this run")
        else:
            accepted.append(claim)
    assert 100 < len(accepted) < 400
    del accepted[-5:]  # a list that shrank is indexed afresh
    rebuilt = _run_index(accepted, 0.5)
    assert rebuilt is not first and rebuilt.size == len(accepted)
    dup = novelty(check(accepted[-1] + " again", accepted))
    assert not dup.passed and dup.details["nearest"] == accepted[-1]


def synthetic(n: int) -> list[str]:
    """benchmarks/fakeserver.py's claims: 'Phobos and Deimos' and ten syllable words, all distinct."""
    syl = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "bo", "da", "fi", "gu", "ha", "je"]
    out = []
    for i in range(n):
        d = hashlib.blake2b(str(i).encode(), digest_size=20).digest()
        out.append("Phobos and Deimos " + " ".join(syl[d[2 * j] % 16] + syl[d[2 * j] >> 4] + syl[d[2 * j + 1] % 16]
                                                   for j in range(10)) + ".")
    return out


def test_an_indexed_claim_costs_well_under_250_bytes():
    claims = synthetic(20_000)
    accepted = claims[:4_000]  # past the first merges and the ranking of "phobos", "and", "deimos"
    index = Index(0.5, accepted)
    index.catch_up()
    tracemalloc.start()
    accepted.extend(claims[4_000:])  # the list's own growth is the runner's, not the index's
    before = tracemalloc.get_traced_memory()[0]
    index.catch_up()
    per_claim = (tracemalloc.get_traced_memory()[0] - before) / 16_000
    tracemalloc.stop()
    assert per_claim < 200, per_claim  # ~150: 15 entries of 8 bytes, a 16-byte bitmap, an 8-byte bound, growth room
    assert index.nearest(claims[123]) == (1.0, 123) and index.nearest(claims[123] + " Indeed.")[1] == 123
