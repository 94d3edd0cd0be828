"""Exact and near duplicates: MinHash signatures of body shingles, LSH candidates, an exact Jaccard check."""

from __future__ import annotations

import re
from collections.abc import Sequence

from framing.model import Article

_SHINGLE = 5
_NON_TEXT = re.compile(r"[\s\W_]+")
_BANDS, _ROWS = 10, 6  # MinHash LSH: 60 hashes in 10 bands of 6


def _shingle_hashes(article: Article):
    """A uint32 hash of each window of ``_SHINGLE`` letters of the body, in text order."""
    import numpy as np

    text = article.normalized
    body = _NON_TEXT.sub("", "".join(text[p.start : p.end] for p in article.body_paragraphs()))
    codes = np.frombuffer(body.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = max(1, len(codes) - _SHINGLE + 1) if len(codes) else 0
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(min(_SHINGLE, len(codes))):
        # A polynomial hash of each window of _SHINGLE characters (uint64 arithmetic wraps).
        hashes = hashes * np.uint64(1_000_003) + codes[k : k + count]
    return ((hashes >> np.uint64(32)) ^ hashes).astype(np.uint32)


def _distinct_sorted(values):
    """The distinct values of a numpy array, sorted (the array itself is sorted in place).

    ``np.unique`` gives the same, but hashes in numpy 2: 3x slower on a text's shingles,
    10x on a corpus's candidate pairs.
    """
    import numpy as np

    values.sort()
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


# The hash: multiply-add-shift with these 64-bit constants (odd multiplier), written out
# so that every process and every numpy version computes the same signatures.
_HASH_A, _HASH_B = 0xC20A497FFA195965, 0xF7A69CABE6802696
_MINHASH_TABLES: tuple | None = None  # bin edges and empty-bin marks, built on first use


def _minhash(shingles):
    """The MinHash signature (``_BANDS × _ROWS`` values) of a non-empty shingle array.

    One-permutation MinHash (Li, Owen and Zhang 2012): each shingle is hashed once, the
    hash range is cut into 60 equal bins, and each bin keeps its smallest hash. Two texts
    agree on a bin with probability about their Jaccard similarity, as with 60 separate
    hash functions, at a 60th of the cost (60 hashes of every shingle took 0.3 ms an
    article, more than reading it). A bin no shingle fell into, in a short text, takes the
    value of the next non-empty bin, marked with its distance (rotation densification,
    Shrivastava and Li 2014), so empty bins agree only where the texts do.

    The hash is multiply-add-shift on 64 bits, ``(a·x + b) mod 2⁶⁴ >> 32`` with random odd
    ``a`` (Dietzfelbinger's universal family for 32-bit keys). An earlier ``(a·x + b) mod p``
    with ``a·x`` far below ``p`` was nearly monotonic in ``x``: unrelated articles agreed on
    most of their signature.
    """
    import numpy as np

    global _MINHASH_TABLES
    count = _BANDS * _ROWS
    if _MINHASH_TABLES is None:  # one assignment: another thread sees all of it or none
        edges = (np.arange(count + 1, dtype=np.uint64) << np.uint64(32)) + np.uint64(count - 1)
        marks = (np.arange(count, dtype=np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)
        _MINHASH_TABLES = (edges // np.uint64(count), marks)
    edges, marks = _MINHASH_TABLES
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        hashes = (np.uint64(_HASH_A) * shingles.astype(np.uint64) + np.uint64(_HASH_B)) >> np.uint64(32)
    hashes.sort()
    # Bin i holds the hashes in [edges[i], edges[i+1]); sorted, its smallest comes first.
    first = np.searchsorted(hashes, edges)
    filled = np.flatnonzero(first[1:] > first[:-1])
    bins = np.arange(count)
    donor = filled[np.searchsorted(filled, bins) % len(filled)]  # itself, or the next filled bin
    return (hashes[first[donor]] ^ marks[(donor - bins) % count]).astype(np.uint32)


class Deduper:
    """Exact duplicates by id; near duplicates by Jaccard similarity of body shingles.

    Candidates come from MinHash with locality-sensitive banding (60 values in 10 bands
    of 6, see ``_minhash``): two texts become candidates when one whole band of their
    signatures agrees, which happens with probability about 1 − (1 − J⁶)¹⁰ — 0.9995 at
    Jaccard J = 0.9, 0.15 at J = 0.5, under 0.01 at J = 0.3 (more often for texts of a few
    dozen shingles, whose empty bins borrow from the same neighbours: more comparisons,
    the same answers). A candidate whose signatures agree on much less than the threshold
    (the share of equal values estimates J) is dropped; the rest are compared exactly, on
    shingles computed only then. So articles that share boilerplate paragraphs do not make
    the check quadratic. Signatures are kept as rows of one array. ``find_duplicates``
    gives the same answers for a whole run at once.
    """

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.by_id: dict[str, str] = {}
        self.kept: list[tuple[Article, str]] = []  # articles with a signature, and where
        self.signatures = None  # numpy array, one row per kept article (grown by doubling)
        self.buckets: dict[tuple[int, bytes], list[int]] = {}
        self._shingles: dict[int, object] = {}  # kept index → shingles, once compared exactly

    @staticmethod
    def fingerprint(article: Article):
        """The MinHash signature of the article's body shingles (``None`` for a body with no
        text). Pure, so a worker process can compute it and hand it to ``check_and_add``."""
        hashes = _shingle_hashes(article)  # repeats do not change a bin's minimum
        return _minhash(hashes) if len(hashes) else None

    @staticmethod
    def shingles(article: Article):
        """The article's distinct body shingle hashes as a sorted uint32 array."""
        return _distinct_sorted(_shingle_hashes(article))

    def check_and_add(self, article: Article, where: str, fingerprint=None) -> str | None:
        """The place of an earlier copy of ``article``; else ``None``, and remember this one.

        ``fingerprint``: ``Deduper.fingerprint(article)`` when already computed (in a worker).
        """
        import numpy as np

        if article.id in self.by_id:
            return self.by_id[article.id]
        signature = None
        if self.threshold < 1:
            signature = fingerprint if fingerprint is not None else self.fingerprint(article)
        bands = (
            [(b, signature[b * _ROWS : (b + 1) * _ROWS].tobytes()) for b in range(_BANDS)]
            if (signature is not None)
            else []
        )
        candidates = {i for key in bands for i in self.buckets.get(key, ())}
        if candidates:
            # The share of equal MinHash values estimates J: compare exactly only the candidates
            # whose estimate is near the threshold, all of them tested at once.
            rows = np.fromiter(candidates, dtype=np.intp, count=len(candidates))
            agree = (self.signatures[rows] == signature).sum(axis=1)
            close = np.sort(rows[agree >= (self.threshold - 0.2) * len(signature)])
            shingles = self.shingles(article) if len(close) else None
            for i in close.tolist():
                other = self._shingles.get(i)
                if other is None:
                    other = self._shingles[i] = self.shingles(self.kept[i][0])
                if _jaccard_reaches(shingles, other, self.threshold):
                    return self.kept[i][1]
        self.by_id[article.id] = where
        if bands:
            self._keep(signature)
            self.kept.append((article, where))
            for key in bands:
                self.buckets.setdefault(key, []).append(len(self.kept) - 1)
        return None

    def _keep(self, signature) -> None:
        import numpy as np

        count = len(self.kept)
        if self.signatures is None or count == len(self.signatures):
            grown = np.empty((max(64, 2 * count), len(signature)), dtype=signature.dtype)
            if self.signatures is not None:
                grown[:count] = self.signatures
            self.signatures = grown
        self.signatures[count] = signature


def _jaccard_reaches(shingles, other, threshold: float) -> bool:
    """Whether two sorted arrays of distinct shingles have a Jaccard similarity ≥ ``threshold``."""
    import numpy as np

    shared = len(np.intersect1d(shingles, other, assume_unique=True))
    union = len(shingles) + len(other) - shared
    return bool(union) and shared / union >= threshold


def find_duplicates(items: Sequence[tuple[Article, str, object]], threshold: float) -> list[str | None]:
    """What ``Deduper(threshold).check_and_add`` answers for each ``(article, where,
    fingerprint)`` in turn (the place of an earlier copy, or ``None``), worked out at once.

    Called one by one, each article looks up its bands and compares its signature with
    every earlier article sharing one: 46 candidates an article, 0.05 ms, on a corpus
    of look-alike articles. Here the pairs sharing a band are listed for the whole corpus
    and their signatures compared in blocks; only the few close enough for the exact check
    are then walked in order, so duplicates of duplicates resolve as they would one by one.
    """
    import numpy as np

    by_id: dict[str, str] = {}  # article id → where it was kept
    signatures, rows = [], []
    for article, _where, fingerprint in items:
        signature = None
        if threshold < 1:
            signature = fingerprint if fingerprint is not None else Deduper.fingerprint(article)
        rows.append(len(signatures) if signature is not None else -1)
        if signature is not None:
            signatures.append(signature)
    close = _close_pairs(np.stack(signatures), threshold) if len(signatures) > 1 else {}
    if close is None:  # thousands of texts sharing a band: one by one keeps only the originals
        one_by_one = Deduper(threshold)
        return [one_by_one.check_and_add(*item) for item in items]
    owner = [-1] * len(signatures)  # signature row → item index, once kept
    shingles: dict[int, object] = {}  # signature row → shingles, once compared exactly

    def shingles_of(row: int, article: Article):
        if row not in shingles:
            shingles[row] = Deduper.shingles(article)
        return shingles[row]

    found: list[str | None] = []
    for index, (article, where, _fingerprint) in enumerate(items):
        if article.id in by_id:
            found.append(by_id[article.id])
            continue
        row, original = rows[index], None
        for other in close.get(row, ()):
            if owner[other] < 0:
                continue  # not kept: a duplicate itself
            if _jaccard_reaches(
                shingles_of(row, article), shingles_of(other, items[owner[other]][0]), threshold
            ):
                original = items[owner[other]][1]
                break
        found.append(original)
        if original is None:
            by_id[article.id] = where
            if row >= 0:
                owner[row] = index
    return found


# A band's six values mixed into one 64-bit key (odd multipliers; a collision only adds a
# pair that the band check below drops).
_BAND_MIXER = (
    0x500320D4F8F2A545,
    0x72D7E6DE5793354B,
    0x6349AB2FCA057CB1,
    0x1CD396D5EAB513A1,
    0x266BD94C871BA8A3,
    0x6FD0996BA47D139B,
)


# More pairs sharing a band than this (8 bytes each, sorted), and find_duplicates goes one by
# one: there, a band shared by thousands of copies costs one comparison with their original.
_PAIR_BUDGET = 4_000_000


def _close_pairs(signatures, threshold: float) -> dict[int, list[int]] | None:
    """For each signature row, the earlier rows that share one whole band with it and agree
    on enough values to be compared exactly (``Deduper.check_and_add``'s candidates);
    ``None`` when the pairs sharing a band are more than ``_PAIR_BUDGET``."""
    import numpy as np

    count = len(signatures)
    mixer = np.array(_BAND_MIXER, dtype=np.uint64)
    groups = []
    for band in range(_BANDS):
        with np.errstate(over="ignore"):
            keys = (signatures[:, band * _ROWS : (band + 1) * _ROWS].astype(np.uint64) * mixer).sum(axis=1)
        order = np.argsort(keys, kind="stable")  # equal keys keep their rows in ascending order
        ordered = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        sizes = np.diff(np.append(starts, count))
        groups.append((order, starts[sizes > 1], sizes[sizes > 1]))
    if sum(int((sizes * (sizes - 1) // 2).sum()) for _order, _starts, sizes in groups) > _PAIR_BUDGET:
        return None
    codes, triangles = [], {}
    for order, starts, sizes in groups:
        for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
            members = order[start : start + size]
            if size not in triangles:
                triangles[size] = np.triu_indices(size, 1)
            first, second = triangles[size]
            codes.append(members[first] * count + members[second])
    if not codes:
        return {}
    pairs = _distinct_sorted(np.concatenate(codes))  # a pair may share several bands
    earlier, later = pairs // count, pairs % count
    keep = np.zeros(len(pairs), dtype=bool)
    needed = (threshold - 0.2) * signatures.shape[1]
    for start in range(0, len(pairs), 1 << 16):  # blocks: a pair's two rows compared at once
        block = slice(start, start + (1 << 16))
        equal = signatures[earlier[block]] == signatures[later[block]]
        enough = np.flatnonzero(np.count_nonzero(equal, axis=1) >= needed)
        # and a whole band equal for real (the keys above are hashes)
        banded = equal[enough].reshape(len(enough), _BANDS, _ROWS).all(axis=2).any(axis=1)
        keep[start + enough[banded]] = True
    close: dict[int, list[int]] = {}
    for first, second in zip(earlier[keep].tolist(), later[keep].tolist(), strict=True):
        close.setdefault(second, []).append(first)  # pairs are sorted: earlier rows ascending
    return close

