"""Exact and near duplicates: MinHash signatures of body shingles, LSH candidates, an exact Jaccard check.

Two articles are the same article when their normalised text is the same (the article id)
or when the Jaccard similarity of the sets of their body's 5-character shingles reaches
the threshold (``--near-duplicate``, 0.9 by default). Comparing every pair would be
quadratic, so ``datasketch`` finds the candidates: a MinHash signature of each body's
shingles (``NUM_PERM`` values) and locality-sensitive hashing over bands of it (``bands``).
A candidate whose signatures agree on much less than the threshold is dropped; the rest are
compared exactly, on shingles computed only then. The earliest kept article that passes is
the original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from framing.model import Article

SHINGLE = 5  # characters of body text (letters and digits) in one shingle
NUM_PERM = 64  # values in a MinHash signature
SEED = 1  # of datasketch's permutations: the same signatures in every process
CANDIDATE_RECALL = 0.999  # chance that a pair at the threshold shares a band
ESTIMATE_SLACK = 0.2  # candidates whose signatures agree on less than threshold − this are dropped
_NON_TEXT = re.compile(r"[\s\W_]+")


def shingle_hashes(article: Article):
    """A 32-bit hash (numpy uint32) of each window of ``SHINGLE`` letters of the body, in text order."""
    import numpy as np

    text = article.normalized
    body = _NON_TEXT.sub("", "".join(text[p.start : p.end] for p in article.body_paragraphs()))
    codes = np.frombuffer(body.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = max(1, len(codes) - SHINGLE + 1) if len(codes) else 0
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(min(SHINGLE, len(codes))):
        # A polynomial hash of each window of SHINGLE characters (uint64 arithmetic wraps).
        hashes = hashes * np.uint64(1_000_003) + codes[k : k + count]
    return ((hashes >> np.uint64(32)) ^ hashes).astype(np.uint32)


def shingles(article: Article):
    """The article's distinct body shingle hashes, sorted (for the exact Jaccard check)."""
    import numpy as np

    return np.unique(shingle_hashes(article))


@lru_cache(maxsize=1)
def _datasketch():
    """The ``datasketch`` package, imported without importing ``scipy.integrate`` for it.

    ``datasketch.lsh`` imports ``scipy.integrate.quad`` at its top for a search of the LSH
    parameters, which runs only when the bands are not given; framing always gives them
    (``bands``). That import is 0.2–0.4 s of every ``framing analyze`` (a third of a run on
    stored results), so while datasketch is imported ``scipy.integrate`` stands for a
    module whose ``quad`` imports the real one when called; it is then taken out of
    ``sys.modules``, and any later ``import scipy.integrate`` loads the real module.
    """
    import sys
    import types

    if "datasketch" in sys.modules or "scipy.integrate" in sys.modules:
        import datasketch

        return datasketch

    def quad(*args, **kwargs):
        from scipy.integrate import quad as real_quad

        return real_quad(*args, **kwargs)

    stand_in = types.ModuleType("scipy.integrate", "imported by framing for datasketch: see _datasketch")
    stand_in.quad = quad
    sys.modules["scipy.integrate"] = stand_in
    try:
        import datasketch
    finally:
        if sys.modules.get("scipy.integrate") is stand_in:
            del sys.modules["scipy.integrate"]
    return datasketch


@lru_cache(maxsize=1)
def _permutations():
    """datasketch's permutations for ``NUM_PERM`` and ``SEED``, drawn once per process."""
    return _datasketch().MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def fingerprint(article: Article):
    """The MinHash signature (``NUM_PERM`` uint32 values) of the article's body shingles;
    ``None`` for a body with no text. Pure, so a worker process can compute it."""
    hashes = shingle_hashes(article)
    if not len(hashes):
        return None
    # The shingles are hashed already: datasketch takes each hash as its own 32-bit value.
    minhash = _datasketch().MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_permutations(), scheme="affine32"
    )
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues


@lru_cache(maxsize=32)
def bands(threshold: float) -> tuple[int, int]:
    """``(bands, rows)`` of the LSH index: the most rows a band (the fewest chance candidates)
    for which a pair of similarity ``threshold`` shares at least one band with probability
    ``CANDIDATE_RECALL`` (10 bands of 6 rows at 0.9)."""
    for rows in range(NUM_PERM // 2, 0, -1):  # datasketch wants two bands at least
        count = NUM_PERM // rows
        if 1 - (1 - threshold**rows) ** count >= CANDIDATE_RECALL:
            return count, rows
    return NUM_PERM, 1


def _jaccard_reaches(first, second, threshold: float) -> bool:
    """Whether two sorted arrays of distinct shingles have a Jaccard similarity ≥ ``threshold``."""
    import numpy as np

    shared = len(np.intersect1d(first, second, assume_unique=True))
    union = len(first) + len(second) - shared
    return bool(union) and shared / union >= threshold


class Deduper:
    """Remembers the articles kept so far and tells whether a new one repeats one of them."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.by_id: dict[str, str] = {}  # article id → where it was kept
        self.kept: list[tuple[Article, str, object]] = []  # (article, where, signature values)
        self.index = None
        if threshold < 1:
            self.index = _datasketch().MinHashLSH(num_perm=NUM_PERM, params=bands(threshold))
        self._shingles: dict[int, object] = {}  # kept index → shingles, once compared exactly

    fingerprint = staticmethod(fingerprint)

    def check_and_add(self, article: Article, where: str, signature=None) -> str | None:
        """The place of an earlier copy of ``article``; else ``None``, and remember this one.

        ``signature``: ``fingerprint(article)`` when already computed (in a worker); one of
        another length (an older version's) is computed again.
        """
        if article.id in self.by_id:
            return self.by_id[article.id]
        minhash = None
        if self.index is not None:
            if signature is None or len(signature) != NUM_PERM:
                signature = fingerprint(article)
            minhash = _lean(signature) if signature is not None else None
        original = self._near_copy_of(article, minhash) if minhash is not None else None
        if original is not None:
            return original
        self.by_id[article.id] = where
        if minhash is not None:
            self.index.insert(len(self.kept), minhash, check_duplication=False)
            self.kept.append((article, where, minhash.hashvalues))
        return None

    def _near_copy_of(self, article: Article, minhash) -> str | None:
        """Where the earliest kept article at the threshold of similarity to this one is."""
        import numpy as np

        keys = self.index.query(minhash)
        if not keys:
            return None
        # The share of equal signature values estimates the similarity: only the candidates
        # near enough are compared exactly.
        keys = np.sort(np.asarray(keys))
        agree = np.count_nonzero(np.stack([self.kept[k][2] for k in keys]) == minhash.hashvalues, axis=1)
        close = keys[agree >= (self.threshold - ESTIMATE_SLACK) * NUM_PERM]
        own = shingles(article) if len(close) else None
        for key in close.tolist():
            other = self._shingles.get(key)
            if other is None:
                other = self._shingles[key] = shingles(self.kept[key][0])
            if _jaccard_reaches(own, other, self.threshold):
                return self.kept[key][1]
        return None


def _lean(signature):
    return _datasketch().LeanMinHash(seed=SEED, hashvalues=signature, scheme="affine32")


def find_duplicates(items: Sequence[tuple[Article, str, object]], threshold: float) -> list[str | None]:
    """For each ``(article, where, signature or None)`` in turn, the place of an earlier copy
    of it among the items not found to be copies themselves, or ``None``."""
    deduper = Deduper(threshold)
    return [deduper.check_and_add(article, where, signature) for article, where, signature in items]
