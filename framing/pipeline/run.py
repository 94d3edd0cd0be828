"""Files in, analyses and a ledger out: ingest and analysis streamed file by file, on every core.

    run(["corpus/"], RunOptions(jobs=2, cache_dir=default_cache_dir()))

Each input file is read, ingested and analysed in one step, in a worker process when
``jobs > 1`` (each worker builds its lexicons, segmenter and matchers once). The parent
keeps the input order, drops duplicates (once every file is in, from the MinHash
signatures the workers computed) and builds the feature table. Nothing holds the corpus
as raw text: a worker sees one file at a time.

With a cache folder, a file's outcome is stored under its path and bytes and under a
digest of the options and lexicons (``framing.pipeline.cache``), so a re-run after adding a few
files reads and analyses only those. An interrupted run keeps what it analysed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from framing.ingest import IngestContext, IngestOptions
from framing.lexicon import Lexicons, load_lexicons
from framing.model import Article, ArticleAnalysis, LedgerEntry, LedgerStatus
from framing.pipeline.cache import ResultCache, dumps, file_key, loads


@dataclass(frozen=True)
class RunOptions:
    """How to run the pipeline.

    Parameters
    ----------
    ingest : the ingestion settings (outlet, manifest, extra lexicons …).
    jobs : worker processes; 1 runs everything in this process.
    cache_dir : where per-file results are cached; ``None`` caches nothing.
    """

    ingest: IngestOptions = field(default_factory=IngestOptions)
    jobs: int = 1
    cache_dir: Path | None = None


@dataclass(frozen=True)
class FileOutcome:
    """What one input file became: parallel tuples, one item per article or skip."""

    entries: tuple[LedgerEntry, ...]
    analyses: tuple[ArticleAnalysis | None, ...]
    # Deduper.fingerprint of each (a MinHash signature), for the parent's duplicate check, as
    # the bytes of its uint32 array: a cached array took 5 µs to unpickle, bytes nothing
    fingerprints: tuple[bytes | None, ...]


@dataclass(frozen=True, eq=False)
class RunResult:
    """The analysis, the ledger of every input, and what the cache saved."""

    analysis: object  # framing.analysis.article.AnalysisResult (kept lazy: pandas is imported on use)
    ledger: tuple[LedgerEntry, ...]
    files: int
    cached_files: int
    cache_warning: str = ""

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a.article for a in self.analysis.articles)


def run(
    paths: Iterable[Path | str] | Path | str,
    options: RunOptions | None = None,
    *,
    on_file: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Ingest and analyse every file under ``paths``.

    Parameters
    ----------
    paths : files or folders.
    options : see ``RunOptions``.
    on_file : called as ``on_file(done, total)`` after each file (for a progress bar).

    Returns
    -------
    RunResult; ``analysis`` is an ``AnalysisResult`` in input order, duplicates left out.
    """
    from framing.analysis.article import AnalysisResult, no_gc_pauses
    from framing.ingest import discover_files, duplicate_entry, find_duplicates, ingest_context

    options = options or RunOptions()
    if options.jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {options.jobs}")
    lexicons = load_lexicons(options.ingest.lexicons)
    context = ingest_context(options.ingest)  # bad option files raise here, once, not in every worker
    found = discover_files(paths, follow_links=options.ingest.follow_links)
    files = [item for item in found if isinstance(item, Path)]
    ledger: list[LedgerEntry] = [item for item in found if isinstance(item, LedgerEntry)]
    results: list[tuple[LedgerEntry, ArticleAnalysis | None, object]] = []
    cached = 0
    warning = ""
    with no_gc_pauses():
        for done, (outcome, was_cached, cache_warning) in enumerate(
            _outcomes(files, options, lexicons, context), 1
        ):
            cached += was_cached
            warning = warning or cache_warning
            results.extend(zip(outcome.entries, outcome.analyses, outcome.fingerprints, strict=True))
            if on_file:
                on_file(done, len(files))
        # Duplicates are found once every file is in: for the whole corpus at once, in input order.
        kept = [(entry, analysis, sig) for entry, analysis, sig in results if analysis is not None]
        signatures = _signatures([sig for _, _, sig in kept])
        ingested = [(a.article, entry.path, sig) for (entry, a, _), sig in zip(kept, signatures, strict=True)]
        originals = iter(find_duplicates(ingested, options.ingest.near_duplicate))
        analyses: list[ArticleAnalysis] = []
        for entry, analysis, _fingerprint in results:
            original = next(originals) if analysis is not None else None
            if original is not None:
                ledger.append(duplicate_entry(entry, original))
                continue
            ledger.append(entry)
            if analysis is not None:
                analyses.append(analysis)
        result = AnalysisResult(tuple(analyses), lexicons.version)  # its table is built on first use
    return RunResult(result, tuple(ledger), len(files), cached, warning)


def _outcomes(
    files: Sequence[Path], options: RunOptions, lexicons: Lexicons, context: IngestContext
) -> Iterator[tuple[FileOutcome, bool, str]]:
    """Each file's outcome in input order: cache hits read here, the rest computed (in a pool).

    Only files the cache index knows unchanged are looked up here, from their stat: the
    others are read, hashed, and looked up or analysed by a worker, so no file is read
    twice and this process does not read every new file before the pool starts. Hits are
    read in this process: through a worker they would be unpickled, pickled again and sent
    back. The misses are handed to the pool first, while this process is still small:
    forked after loading the hits, every worker would end up with its own copy of them
    (copy-on-write pages split as reference counts change).
    """
    global _WORKER
    # Built here first: forked workers inherit it ready-made (tokenizer, matchers, context).
    _WORKER = worker = _Worker(options, lexicons, context)
    try:
        stored = [worker.stored(path) for path in files]
        misses = [path for path, key in zip(files, stored, strict=True) if key is None]
        with _fresh_outcomes(misses, options, lexicons, worker) as fresh:
            for path, key in zip(files, stored, strict=True):
                outcome = worker.load(key) if key is not None else None
                if outcome is not None:
                    yield outcome, True, ""
                    continue
                computed = next(fresh) if key is None else worker.compute(path)  # else: a damaged entry
                cache = worker.cache
                if cache is not None:
                    if computed.seen is not None:
                        cache.remember(*computed.seen)
                    if computed.key is not None:
                        cache.put(computed.key, computed.packed)
                outcome = computed.outcome if computed.outcome is not None else loads(computed.packed)
                yield outcome, computed.cached, cache.write_error if cache is not None else ""
    finally:  # also when interrupted: what was analysed so far is kept for the next run
        if worker.cache is not None:
            worker.cache.save_index()
            worker.cache.close()
        _WORKER = None  # the pool has ended: nothing should keep the segmenter and cache alive


# Below this many files per process a pool costs more (starting it, sending results) than it saves.
_POOL_MIN_FILES_PER_JOB = 8


@contextmanager
def _fresh_outcomes(
    files: Sequence[Path], options: RunOptions, lexicons: Lexicons, worker: _Worker
) -> Iterator[Iterator[_Computed]]:
    """The outcomes of ``files``, in order; with a pool, every file is submitted on entry."""
    if options.jobs == 1 or len(files) < _POOL_MIN_FILES_PER_JOB * options.jobs:
        yield (worker.compute(path) for path in files)
        return
    from framing.workers import forked_pool

    workers = min(options.jobs, len(files))
    chunksize = max(1, min(32, len(files) // (workers * 8)))
    pool = forked_pool(workers, _start_worker, (options, lexicons))
    try:
        yield pool.map(_compute_in_worker, files, chunksize=chunksize)  # submits every file now
    finally:  # interrupted, the files not yet started are dropped instead of waited for
        pool.shutdown(wait=True, cancel_futures=True)


class _Computed(NamedTuple):
    """A file's outcome, computed or found in the cache by ``_Worker.compute``."""

    outcome: FileOutcome | None  # None when it comes from a worker process: see ``packed``
    packed: bytes | None  # the outcome pickled, when sent from a worker or to be stored
    key: str | None  # the cache key to store ``packed`` under (a fresh outcome, with a cache)
    cached: bool  # found in the cache
    seen: tuple | None  # arguments of ResultCache.remember for the file, when there is a cache


class _Worker:
    """Everything one process needs to turn a file into a ``FileOutcome``, built once."""

    def __init__(self, options: RunOptions, lexicons: Lexicons, context: IngestContext | None = None):
        from framing.analysis.article import segmenter_for
        from framing.ingest import ingest_context

        self.options = options
        self.lexicons = lexicons
        self.context = context or ingest_context(options.ingest)
        self.segmenter = segmenter_for(lexicons)
        self.max_bytes = options.ingest.max_bytes
        self.cache = (
            ResultCache(options.cache_dir, _setting(options, lexicons)) if options.cache_dir else None
        )

    def stored(self, path: Path) -> str | None:
        """The key of an unchanged file (same size, times and inode as when it was last
        hashed) whose entry the cache holds; else ``None``. Nothing is read."""
        if self.cache is None:
            return None
        name = str(path)
        try:
            stat = os.stat(name)
        except OSError:
            return None  # ingest_file records the reason
        key = self.cache.known(name, stat)
        return key if key is not None and self.cache.has(key) else None

    def load(self, key: str) -> FileOutcome | None:
        """The stored outcome under ``key``; ``None`` when the entry turns out damaged."""
        outcome = self.cache.get(key) if self.cache is not None else None
        return outcome if isinstance(outcome, FileOutcome) else None

    def compute(self, path: Path, *, pickled: bool = False) -> _Computed:
        """Read the file once: its outcome from the cache under its key, else ingested and
        analysed. ``pickled``: for a worker process, the outcome only as a pickle (made once,
        for both the cache and the parent). Storing is left to the caller: one process
        writes the cache."""
        if self.cache is None:
            return self._result(self._fresh(path, None), pickled, None, False, None)
        name = str(path)
        read_at = time.time_ns()  # before the stat: a change after it shows in the stat
        try:
            stat = os.stat(name)
        except OSError:
            stat = None
        data = self._read(path) if stat is not None else None
        if data is None:  # ingest_file reads it again and records the reason
            return self._result(self._fresh(path, None), pickled, None, False, None)
        key = file_key(name, data)
        seen = (name, stat, key, read_at)
        found = self.load(key) if self.cache.has(key) else None
        if found is not None:
            return self._result(found, pickled, None, True, seen)
        return self._result(self._fresh(path, data), pickled, key, False, seen)

    @staticmethod
    def _result(outcome: FileOutcome, pickled: bool, key: str | None, cached: bool, seen) -> _Computed:
        packed = dumps(outcome) if pickled or key is not None else None
        return _Computed(None if pickled else outcome, packed, key, cached, seen)

    def _read(self, path: Path) -> bytes | None:
        """The file's bytes; ``None`` for what cannot be read or is too large."""
        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            return None
        return data if len(data) <= self.max_bytes else None

    def _fresh(self, path: Path, data: bytes | None) -> FileOutcome:
        from framing.analysis.article import analyze_article
        from framing.ingest import Deduper, ingest_file

        entries, analyses, fingerprints = [], [], []
        for article, entry in ingest_file(path, self.context, data):
            entries.append(entry)
            if article is None or entry.status is not LedgerStatus.INGESTED:
                analyses.append(None)
                fingerprints.append(None)
                continue
            analyses.append(analyze_article(article, self.lexicons, self.segmenter))
            near_duplicates = self.options.ingest.near_duplicate < 1  # else only exact copies are checked
            fingerprint = Deduper.fingerprint(article) if near_duplicates else None
            fingerprints.append(fingerprint.tobytes() if fingerprint is not None else None)
        return FileOutcome(tuple(entries), tuple(analyses), tuple(fingerprints))


def _signatures(packed: Sequence[bytes | None]) -> list:
    """``FileOutcome`` fingerprints as the arrays ``Deduper.fingerprint`` made: rows of one
    array read from their joined bytes (one ``frombuffer`` each cost 10 µs)."""
    import numpy as np

    present = [p for p in packed if p is not None]
    if not present:
        return [None] * len(packed)
    rows = iter(np.frombuffer(b"".join(present), np.uint32).reshape(len(present), -1))
    return [next(rows) if p is not None else None for p in packed]


def _setting(options: RunOptions, lexicons: Lexicons) -> str:
    """A digest of everything besides the file that shapes a file's outcome."""
    from framing.analysis.claim_model import model_digest

    digest = hashlib.sha1(repr(options.ingest).encode())
    digest.update(lexicons.version.encode())
    digest.update(model_digest().encode())  # the sentence classifier's weights
    for extra in (options.ingest.manifest, options.ingest.outlet_map):
        if extra is not None:
            try:
                digest.update(Path(extra).read_bytes())
            except OSError:
                pass  # ingest_context has already raised InputError for an unreadable option file
    return digest.hexdigest()[:16]


_WORKER: _Worker | None = None


def _start_worker(options: RunOptions, lexicons: Lexicons) -> None:
    global _WORKER
    if _WORKER is None or _WORKER.options != options:  # spawned, not forked: build it here
        _WORKER = _Worker(options, lexicons)


def _compute_in_worker(path: Path) -> _Computed:
    assert _WORKER is not None, "worker started without its state"
    return _WORKER.compute(path, pickled=True)
