"""The claim index behind the novelty stage: exact Jaccard candidates by prefix filtering, in numpy arrays.

See validators/novelty.py for what the stage decides; this module is how it finds candidates fast
and in ~150 bytes per claim (benchmarks/novelty_index.py).
"""
from __future__ import annotations

import hashlib
import math
import re
import sys
from collections import OrderedDict
from itertools import chain, count

import numpy as np

_WORD = re.compile(r"\w+")


def shingles(text: str, pairs: bool = True) -> set[str]:
    """Words and adjacent word pairs: one changed word in a short claim keeps most of them, a new fact does not.

    (Measured on the shipped labeled set: distinct claims about the same source reach 0.42, near-copies
    start at 0.58; character 4-grams overlapped, 0.59 against 0.59.)
    """
    w = _WORD.findall(text.lower())
    return set(w) | {f"{a} {b}" for a, b in zip(w, w[1:])} if pairs else set(w)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


# --- shingle hashes: stable across processes and Python versions (blake2b, never the salted hash()) -----------

_U64 = np.uint64
_M64 = (1 << 64) - 1
_BUCKET_SHIFT = 28  # a shingle's identity in the index: the top 36 bits of its 64-bit hash
_ID_BITS = 28  # an entry is (bucket << 28) | claim number: up to 268 million claims per index
_ID_MASK = (1 << _ID_BITS) - 1
_DEAD = _ID_MASK  # a removed entry keeps its bucket and takes this claim number, so it sorts last in it
_K = 3  # prefix shingles a near-duplicate shares with the query, at least (see Index._prefix_len)
_RANKED = 1 << 36  # order keys: unranked buckets by their own value (< 2**36), then ranked ones above this
_NONE = np.zeros(0, np.uint32)
_LITTLE = sys.byteorder == "little"
_ORDERS = count()  # a number for each order any index has had: a claim's cached prefix names its order
_WORD_HASHES: dict[str, int] = {}  # bounded cache: natural and templated text repeats its words


def _word_hash(w: str) -> int:
    if len(_WORD_HASHES) >= 1 << 15:
        _WORD_HASHES.clear()
    h = _WORD_HASHES[w] = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
    return h


class _Sig:
    """One claim as the index sees it: its exact shingle count, a 128-bit bitmap of its shingles, its buckets.

    A shingle's 64-bit hash: blake2b of a word; h(a) ^ (h(b) >> 1) for the pair "a b" (no pair string is built).
    """

    __slots__ = ("n", "mask", "buckets", "prefix")

    def __init__(self, text: str, pairs: bool = True):
        words = _WORD.findall(text.lower())
        self.n = len(set(words)) + (len(set(zip(words, words[1:]))) if pairs else 0)  # == len(shingles(text, pairs))
        get = _WORD_HASHES.get
        hw = [get(w) or _word_hash(w) for w in words]
        hs = hw + [a ^ (b >> 1) for a, b in zip(hw, hw[1:])] if pairs else hw
        mask = 0
        for h in hs:
            mask |= 1 << (h & 127)
        self.mask = mask
        self.buckets: set[int] = {h >> _BUCKET_SHIFT for h in hs}
        self.prefix: tuple[int, list[int]] = (-1, [])  # (the order it was taken in, the prefix)


_SIGS: OrderedDict[tuple[str, bool], _Sig] = OrderedDict()  # claims checked lately: the runner accepts most soon after


def _sig(text: str, *, keep: bool = True, pairs: bool = True) -> _Sig:
    sig = _SIGS.get((text, pairs))
    if sig is None:
        sig = _Sig(text, pairs)
        if keep:
            _SIGS[(text, pairs)] = sig
            if len(_SIGS) > 1024:
                _SIGS.popitem(last=False)
    return sig


def _popcount(a: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(a)
    return np.unpackbits(a.view(np.uint8).reshape(*a.shape, 8), axis=-1).sum(-1)


def _grow(a: np.ndarray, need: int) -> np.ndarray:
    """Room for `need` rows, growing by a quarter in place (realloc, so no second array stays alive)."""
    if need > len(a):
        a.resize((max(need, len(a) + (len(a) >> 2) + 64),) + a.shape[1:], refcheck=False)
    return a


class Index:
    """Every claim of `claims` at Jaccard >= threshold of a query is a candidate; candidates are scored exactly.

    Per claim (position i in `claims`): one 8-byte entry (bucket << 28 | i) per prefix bucket (15 for a claim of
    25 shingles), a 128-bit bitmap of its shingle hashes (16 bytes) and one float (8 bytes) for the overlap bound
    in `nearest`, plus at most a quarter of growth room: ~150 bytes, no Python object per claim. Entries live in
    three tiers: the newest (up to `fresh`) in a dict by bucket, then two sorted uint64 arrays; the dict is
    merged into the second when full and the second into the first when it holds `pending` entries (or 1/64 of
    the first, at most 4x `pending`), each merge one in-place timsort pass over two sorted runs.

    The order: unranked buckets first, by value (a fixed pseudo-random order), then ranked ones. After a merge
    into the big array, a bucket with max(limit, claims / share) entries or more -- "the", "and", a template's
    fixed words, a topic's name -- is ranked: it moves after every unranked bucket, ahead of the buckets ranked
    before it (the first and most common end the order); a ranked bucket whose entries reach 4x its class's
    bound moves to the next class. Moving a bucket later changes the prefix only of the claims indexed under it,
    which are re-read from `claims` and re-indexed; every other prefix holds. Ranking only pays once a bucket is
    probed often (re-indexing a claim costs as much as skipping ~1,000 hits), hence a bound that grows with
    the index.
    """

    def __init__(self, threshold: float, claims: list[str] | None = None, *, limit: int = 64, share: int = 256,
                 pending: int = 16384, fresh: int = 1024, pairs: bool = True):
        self.threshold = threshold
        self.pairs = pairs  # shingles: words and word pairs, or words alone (for texts whose order means nothing)
        self.claims: list[str] = [] if claims is None else claims
        self.size = 0  # claims[:size] are indexed
        self._tau = threshold / (1 + threshold)  # Jaccard >= t  <=>  overlap >= tau * (|x| + |y|)
        self._limit, self._share, self._pending_max, self._fresh_max = limit, share, pending, fresh
        self._mask = np.zeros((64, 2), _U64)
        self._r = np.zeros(64, np.float64)  # tau * |y| - (|y| - popcount(mask_y)), see nearest
        # Entries (bucket << 28 | claim) in three tiers: the newest by bucket in a small dict, two sorted arrays.
        self._fresh: dict[int, list[int]] = {}
        self._nfresh = 0
        self._mid = np.zeros(1024, _U64)  # sorted in [:_k]
        self._k = 0
        self._main = np.zeros(1024, _U64)  # sorted in [:_m]; removed entries (claim number _DEAD) only here
        self._m = self._dead = 0
        self._key: dict[int, int] = {}  # ranked bucket -> its order key
        self._moves = 0
        self._order = next(_ORDERS)

    # -- public ---------------------------------------------------------------------------------------------
    def add(self, claim: str) -> None:
        """Append a claim to `claims` and index it."""
        self.claims.append(claim)
        self.catch_up()

    def catch_up(self) -> None:
        """Index claims[size:] (the run's list grows as the runner accepts)."""
        while self.size < len(self.claims):
            self._add(self.size)

    def nearest(self, claim: str) -> tuple[float, int | None]:
        """The best exact Jaccard among the candidates that can reach the threshold, and that claim's position.

        Every indexed claim at or above the threshold is among them; below it, the answer is the best of those
        that happened to be candidates (0.0, None when none), as it was with LSH.
        """
        best, where = 0.0, None
        for score, key in self.scored(claim):
            if score > best:  # ascending keys: the earliest claim wins a tie
                best, where = score, key
        return best, where

    def scored(self, claim: str) -> list[tuple[float, int]]:
        """(exact Jaccard, position) of every candidate, in position order: all claims at or above the threshold."""
        if not self.size:
            return []
        sig = _sig(claim, pairs=self.pairs)
        ids = self._lookup(self._prefix_of(sig))
        need = self._shared(len(sig.buckets))
        if ids.size and need > 1:
            ids.sort()  # a claim hit `need` times has ids[j] == ids[j + need - 1] for its first hit j
            ids = ids[need - 1:][ids[need - 1:] == ids[:1 - need]]
        if ids.size:
            # An exact bound before any text is re-read: a bit set in y's bitmap but not in x's stands for at least
            # one shingle of y that x lacks, so |x & y| <= popcount(mx & my) + (|y| - popcount(my)); keep y only if
            # that can reach tau * (|x| + |y|). r_y = tau * |y| - (|y| - popcount(my)) is stored per claim.
            mx = np.array((sig.mask & _M64, sig.mask >> 64), _U64)
            common = _popcount(self._mask[ids] & mx).sum(1, dtype=np.int64)
            ids = ids[common - self._r[ids] >= self._tau * sig.n - 1e-6]
        if not ids.size:
            return []
        s = shingles(claim, self.pairs)
        return [(jaccard(s, shingles(self.claims[key], self.pairs)), key) for key in np.unique(ids).tolist()]

    # -- the prefix -----------------------------------------------------------------------------------------
    def _overlap(self, nb: int) -> int:
        """The fewest shingles (of nb) a claim shares with any claim at Jaccard >= t: t * |x u y| >= t * |x|.

        The epsilon keeps a product like 0.7 * 10 = 7.000000000000001 from rounding up past the true bound.
        """
        return max(0, math.ceil(self.threshold * nb - 1e-9))

    def _prefix_len(self, nb: int) -> int:
        # The first k shingles (in the order) that x and y share lie within the first |x| - overlap + k of x and
        # of y. Two extra prefix entries per claim (k = 3) let a query drop every claim it hits fewer times.
        a = self._overlap(nb)
        return max(0, min(nb, nb - a + min(_K, a)))

    def _shared(self, nb: int) -> int:
        """How many prefix shingles the query shares, at least, with every indexed claim at Jaccard >= t.

        min(k, overlap_x, overlap_y) (see _prefix_len); any y that can reach t has |y| >= t * |x|, so
        overlap_y >= ceil(t * t * |x|).
        """
        if self.threshold <= 0:
            return 1
        return max(1, min(_K, self._overlap(nb), math.ceil(self.threshold * self.threshold * nb - 1e-9)))

    def _prefix_of(self, sig: _Sig) -> list[int]:
        if sig.prefix[0] != self._order:
            sig.prefix = (self._order, self._prefix(sig.buckets))
        return sig.prefix[1]

    def _prefix(self, buckets: set[int], keys: dict[int, int] | None = None) -> list[int]:
        """The claim's first prefix_len buckets in the order: unranked ones by value, then ranked ones by key."""
        p = self._prefix_len(len(buckets))
        keys = self._key if keys is None else keys
        ranked = keys.keys() & buckets
        if not ranked:
            return sorted(buckets)[:p]
        first = sorted(buckets - ranked)
        return first[:p] if len(first) >= p else first + sorted(ranked, key=keys.__getitem__)[:p - len(first)]

    # -- postings -------------------------------------------------------------------------------------------
    def _range(self, bucket: int) -> tuple[int, int]:
        """Where the big array holds this bucket's live entries (it is the only tier when ranking)."""
        lo, hi = self._main[:self._m].searchsorted(np.array([bucket << _ID_BITS, (bucket << _ID_BITS) | _DEAD], _U64))
        return int(lo), int(hi)

    def _lookup(self, prefix: list[int]) -> np.ndarray:
        """Claim numbers indexed under these buckets, once per bucket (so a claim under two comes twice)."""
        parts = []
        if prefix and (self._m or self._k):
            bounds = []  # each bucket's first and last possible entry, all in ascending order (fewer cache misses)
            for b in sorted(prefix):
                bounds += (b << _ID_BITS, (b << _ID_BITS) | _DEAD)
            query = np.array(bounds, _U64)
            for arr in (self._main[:self._m], self._mid[:self._k]):
                if len(arr):
                    at = arr.searchsorted(query).tolist()
                    parts += [arr[lo:hi] for lo, hi in zip(at[::2], at[1::2]) if hi > lo]
        fresh = self._fresh
        more = [e for b in prefix if b in fresh for e in fresh[b]]
        if more:
            parts.append(np.array(more, _U64))
        if not parts:
            return _NONE
        entries = np.concatenate(parts) if len(parts) > 1 else parts[0]
        if _LITTLE:  # the low 32 bits of each entry, read in place, as a new contiguous uint32 array
            return entries.view(np.uint32)[::2] & np.uint32(_ID_MASK)
        return (entries & _U64(_ID_MASK)).astype(np.uint32)

    def _insert(self, b: int, i: int) -> None:
        e = self._fresh.get(b)
        if e is None:
            self._fresh[b] = [(b << _ID_BITS) | i]
        else:
            e.append((b << _ID_BITS) | i)
        self._nfresh += 1

    def _add(self, i: int) -> None:
        sig = _sig(self.claims[i], keep=False, pairs=self.pairs)
        self._mask = _grow(self._mask, i + 1)
        self._r = _grow(self._r, i + 1)
        self._mask[i] = (sig.mask & _M64, sig.mask >> 64)
        self._r[i] = self._tau * sig.n - (sig.n - sig.mask.bit_count())
        self.size = i + 1
        fresh = self._fresh
        prefix = self._prefix_of(sig)
        for b in prefix:  # _insert, inlined: this is every claim's path
            e = fresh.get(b)
            if e is None:
                fresh[b] = [(b << _ID_BITS) | i]
            else:
                e.append((b << _ID_BITS) | i)
        self._nfresh += len(prefix)
        if self._nfresh >= self._fresh_max:
            self._flush()

    def _flush(self) -> None:
        """The dict's entries into the second sorted array; that one into the first once it is big enough."""
        n = self._nfresh
        self._mid = _grow(self._mid, self._k + n)
        self._mid[self._k:self._k + n] = np.fromiter(chain.from_iterable(self._fresh.values()), _U64, count=n)
        self._k += n
        self._mid[:self._k].sort(kind="stable")  # timsort: one merge of two sorted runs
        self._fresh, self._nfresh = {}, 0
        if self._k >= max(self._pending_max, min(self._m >> 6, self._pending_max << 2)):
            self._merge()

    def _merge(self) -> None:
        """The second array into the first, in place; then rank the buckets that grew past their bound."""
        k = self._k
        self._main = _grow(self._main, self._m + k)
        self._main[self._m:self._m + k] = self._mid[:k]
        self._m += k
        self._main[:self._m].sort(kind="stable")
        self._k = 0
        if self._dead > self._m >> 3:
            w, step = 0, 1 << 16
            for s in range(0, self._m, step):  # in place, a chunk at a time: no second copy of the array
                chunk = self._main[s:min(s + step, self._m)]
                live = chunk[(chunk & _U64(_ID_MASK)) != _U64(_DEAD)]
                self._main[w:w + len(live)] = live
                w += len(live)
            self._m, self._dead = w, 0
        self._rank()
        if self._nfresh >= self._fresh_max:
            self._flush()

    def _rank(self) -> None:
        """Move later in the order the buckets whose entries reached their bound, and re-index their claims."""
        bound = max(self._limit, self.size // self._share)
        m, step = self._m, 1 << 16
        if m < bound:
            return
        found: set[int] = set()
        for s in range(0, m - bound + 1, step):  # >= bound entries: sorted, so entries j and j + bound - 1 agree
            e = min(s + step, m - bound + 1)
            a = self._main[s:e] >> _U64(_BUCKET_SHIFT)
            found.update(np.unique(a[a == (self._main[s + bound - 1:e + bound - 1] >> _U64(_BUCKET_SHIFT))]).tolist())
        moves = []
        for b in sorted(found):
            lo, hi = self._range(b)
            key = self._key.get(b)
            cls = -1 if key is None else (key - _RANKED) >> 32
            if hi - lo >= bound << (2 * (cls + 1)):
                moves.append((lo - hi, b, cls))
        if not moves:
            return
        self._order = next(_ORDERS)
        moves.sort()  # the biggest first: it gets the oldest rank, the latest place in its class
        old = {b: self._key.get(b) for _, b, _ in moves}  # None: was unranked
        affected: set[int] = set()
        for _, b, cls in moves:
            self._key[b] = _RANKED + ((cls + 1) << 32) + (1 << 32) - 1 - self._moves
            self._moves += 1
            lo, hi = self._range(b)
            affected.update((self._main[lo:hi] & _U64(_ID_MASK)).tolist())
            self._main[lo:hi] = _U64((b << _ID_BITS) | _DEAD)  # still sorted: dead entries end their bucket
            self._dead += hi - lo
        before = dict(self._key)
        for b, key in old.items():
            if key is None:
                del before[b]
            else:
                before[b] = key
        for i in sorted(affected):
            buckets = _sig(self.claims[i], keep=False, pairs=self.pairs).buckets
            kept = set(self._prefix(buckets, before)) - old.keys()  # only moved buckets lost their entries
            for b in self._prefix(buckets):
                if b not in kept:
                    self._insert(b, i)
