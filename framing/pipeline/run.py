"""Files in, analyses and a ledger out: ingest and analysis streamed file by file, on every core.

    run(["corpus/"], RunOptions(jobs=2, cache_dir=default_cache_dir()))

Each input file is read, ingested and analysed in one step, in a worker process when
``jobs > 1`` (forked after this process has analysed the first file, each worker inherits
the lexicons, segmenter and matchers it built, and whatever that analysis built). The parent
keeps the input order, drops duplicates (once every file is in, from the MinHash
signatures the workers computed) and builds the feature table. Nothing holds the corpus
as raw text: a worker sees one file at a time.

A worker sends back each article, its features and fingerprint, and the rest of its
analysis as JSON text, built into an ``ArticleAnalysis`` only when a command reads it
(``framing.pipeline.analyses``). With a cache folder, each file's outcome is kept in the
results store (``framing.pipeline.store``) under its path and bytes and the settings that
shape it, so a re-run reads and analyses only new and changed files; the parent then
keeps no analysis text itself, the store gives it back when a command reads it. An
interrupted run keeps what it analysed.

A teacher's corrections (``RunOptions.corrections``) are applied last, to the analyses
they concern (``framing.analysis.corrections``): the store holds the tool's own results,
and a run without the corrections reads them back unchanged.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import NamedTuple

from framing import __version__
from framing.analysis.article import AnalysisResult, analyze_article, segmenter_for
from framing.analysis.corrections import all_warnings, correct_analysis, plan_corrections
from framing.ingest import (
    Deduper,
    IngestContext,
    IngestOptions,
    InputSources,
    duplicate_entry,
    find_duplicates,
    gather_inputs,
    ingest_context,
    ingest_file,
)
from framing.ingest.corrections import Corrections
from framing.lexicon import Lexicons, load_lexicons
from framing.model import Article, LedgerEntry, LedgerStatus
from framing.pipeline.analyses import Analysed, RunAnalyses, StoredAt
from framing.pipeline.records import AnalysisText, analysis_json
from framing.pipeline.store import FileKey, ResultStore, Setting, file_key
from framing.pipeline.store_file import STORE_FORMAT
from framing.workers import no_gc_pauses


@dataclass(frozen=True)
class RunOptions:
    """How to run the pipeline.

    Parameters
    ----------
    ingest : the ingestion settings (outlet, manifest, extra lexicons …).
    jobs : worker processes; 1 runs everything in this process.
    cache_dir : the folder of the results store (``framing.pipeline.store``); ``None``
        stores nothing.
    corrections : a teacher's corrections (``framing.ingest.corrections.read_corrections``),
        applied to the analyses after the results store has kept the tool's own.
    """

    ingest: IngestOptions = field(default_factory=IngestOptions)
    jobs: int = 1
    cache_dir: Path | None = None
    corrections: Corrections | None = None


@dataclass(frozen=True, eq=False)
class RunResult:
    """The analysis, the ledger of every input, and what the results store saved."""

    analysis: AnalysisResult  # ``articles`` in input order, duplicates left out
    ledger: tuple[LedgerEntry, ...]
    files: int
    cached_files: int  # files whose outcome came from the results store
    cache_warning: str = ""  # why the results store could not be used (one line)
    correction_warnings: tuple[str, ...] = ()  # one line a corrections row that matched nothing

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(item.article for item in self.analysis.heads)


class FileOutcome(NamedTuple):
    """What one input file became: its ledger entries and, for each, the article analysed
    (``None`` for a skipped story)."""

    entries: tuple[LedgerEntry, ...]
    analysed: tuple[Analysed | None, ...]


def run(
    paths: Iterable[Path | str] | Path | str,
    options: RunOptions | None = None,
    *,
    on_file: Callable[[int, int], None] | None = None,
    sources: InputSources | None = None,
) -> RunResult:
    """Ingest and analyse every file under ``paths``.

    Parameters
    ----------
    paths : files or folders.
    options : see ``RunOptions``.
    on_file : called as ``on_file(done, total)`` after each file (for a progress bar).
    sources : where web addresses and ``-`` among ``paths`` are saved (``framing.ingest.inputs``).

    Returns
    -------
    RunResult; ``analysis`` is an ``AnalysisResult`` in input order, duplicates left out.
    """
    options = options or RunOptions()
    if options.jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {options.jobs}")
    lexicons = load_lexicons(options.ingest.lexicons)
    # bad option files raise here, once, not in every worker
    context = ingest_context(options.ingest, lexicons)
    found = gather_inputs(paths, sources, follow_links=options.ingest.follow_links, manifest=context.manifest)
    files = [item for item in found if isinstance(item, Path)]
    ledger: list[LedgerEntry] = [item for item in found if isinstance(item, LedgerEntry)]
    store = ResultStore(options.cache_dir, setting(options, lexicons)) if options.cache_dir else None
    results: list[tuple[LedgerEntry, Analysed | None]] = []
    cached = 0
    with no_gc_pauses():
        for done, (outcome, was_stored) in enumerate(_outcomes(files, options, lexicons, context, store), 1):
            cached += was_stored
            results.extend(zip(outcome.entries, outcome.analysed, strict=True))
            if on_file:
                on_file(done, len(files))
        kept = _drop_duplicates(results, ledger, options.ingest.near_duplicate)
    if store is not None:
        store.hold_snapshot()
    analyses = RunAnalyses(
        kept, store.analysis if store else None, partial(analyze_article, lexicons=lexicons)
    )
    warnings = _correct(analyses, options.corrections) if options.corrections is not None else ()
    result = AnalysisResult(analyses, lexicons.version, heads=analyses.items)  # the table is built on use
    return RunResult(result, tuple(ledger), len(files), cached, store.warning if store else "", warnings)


def _correct(analyses: RunAnalyses, corrections: Corrections) -> tuple[str, ...]:
    """Apply the teacher's corrections to the analyses they concern, in place (the others stay
    unbuilt); the warnings of rows that matched nothing. The store keeps the tool's results:
    it was written before this."""
    plan = plan_corrections([item.article for item in analyses.items], corrections)
    applied: set[str] = set()
    for index, rows in plan.rows_by_article.items():
        corrected, used = correct_analysis(analyses[index], rows)
        analyses.items[index] = analyses.items[index]._replace(features=corrected.features, rest=corrected)
        applied.update(used)
    return all_warnings(plan, applied)


def _drop_duplicates(
    results: Sequence[tuple[LedgerEntry, Analysed | None]], ledger: list[LedgerEntry], threshold: float
) -> list[Analysed]:
    """The analysed articles that repeat no earlier one, in input order; every entry goes to
    ``ledger``, a repeat's as a duplicate. Found once every file is in, for the whole corpus."""
    kept = [(entry, item) for entry, item in results if item is not None]
    signatures = _signatures([item.fingerprint for _, item in kept])
    ingested = [(item.article, entry.path, sig) for (entry, item), sig in zip(kept, signatures, strict=True)]
    originals = iter(find_duplicates(ingested, threshold))
    analysed: list[Analysed] = []
    for entry, item in results:
        original = next(originals) if item is not None else None
        if original is not None:
            ledger.append(duplicate_entry(entry, original))
            continue
        ledger.append(entry)
        if item is not None:
            analysed.append(item)
    return analysed


def _outcomes(
    files: Sequence[Path],
    options: RunOptions,
    lexicons: Lexicons,
    context: IngestContext,
    store: ResultStore | None,
) -> Iterator[tuple[FileOutcome, bool]]:
    """Each file's outcome in input order, and whether it came from the store.

    The files the store holds are known first (from their stat, or their bytes when the
    stat changed), then the others are handed to the pool, while this process is still
    small (forked after loading the stored articles, every worker would carry its own copy
    of them), and the stored ones read here as the pool works.
    """
    global _WORKER
    # Built here first: forked workers inherit it ready-made (tokenizer, matchers, context).
    _WORKER = worker = _Worker(options, lexicons, context, store is not None)
    try:
        stored = [_stored_row(store, path, worker.max_bytes) for path in files]
        misses = [path for path, row in zip(files, stored, strict=True) if row is None]
        with _fresh_outcomes(misses, options, worker) as fresh:
            for path, row in zip(files, stored, strict=True):
                loaded = store.load(row, str(path)) if store is not None and row is not None else None
                if loaded is not None:
                    yield FileOutcome(*loaded), True
                    continue
                # a row that turned out damaged, or gone with its store: the file is analysed here
                key, outcome = next(fresh) if row is None else worker.compute(path)
                if store is not None and key is not None:
                    if store.add(key, outcome.entries, tuple(map(_as_text, outcome.analysed))):
                        outcome = _stored_at(outcome, key.path)  # its text is the store's to keep
                yield outcome, False
    finally:  # also when interrupted: what was analysed so far is kept for the next run
        if store is not None:
            store.flush()
        _WORKER = None  # the pool has ended: nothing should keep the segmenter alive


def _stored_row(store: ResultStore | None, path: Path, max_bytes: int) -> int | None:
    """The store's row of the file at ``path`` when it holds the same bytes as then; else ``None``.

    The bytes are read only when the file's size or times changed since."""
    if store is None:
        return None
    name = str(path)
    row = store.row_of(name)
    if row is None:
        return None
    read_at = time.time_ns()  # before the stat: a change after it shows in the stat
    try:
        stat = os.stat(name)
    except OSError:
        return None  # ingest_file records the reason
    if row.unchanged(stat):
        return row.file_id
    data = _read(path, max_bytes)
    key = file_key(name, stat, data, read_at) if data is not None else None
    if key is None or key.sha256 != row.sha256:
        return None
    store.refresh(key)
    return row.file_id


def _stored_at(outcome: FileOutcome, path: str) -> FileOutcome:
    """``outcome`` with each analysis found where the store keeps it, instead of held here."""
    analysed = tuple(
        None if item is None else item._replace(rest=StoredAt(path, position))
        for position, item in enumerate(outcome.analysed)
    )
    return outcome._replace(analysed=analysed)


def _as_text(item: Analysed | None) -> Analysed | None:
    """``item`` with the rest of its analysis as JSON text (as the store keeps it)."""
    if item is None or isinstance(item.rest, AnalysisText):
        return item
    return item._replace(rest=analysis_json(item.rest))


def _read(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes; ``None`` for what cannot be read or is too large."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


# Below this many files per process a pool costs more (starting it, sending results) than it saves.
_POOL_MIN_FILES_PER_JOB = 8


@contextmanager
def _fresh_outcomes(
    files: Sequence[Path], options: RunOptions, worker: _Worker
) -> Iterator[Iterator[tuple[FileKey | None, FileOutcome]]]:
    """The outcomes of ``files``, in order; with a pool, every file is submitted on entry."""
    if options.jobs == 1 or len(files) < _POOL_MIN_FILES_PER_JOB * options.jobs:
        yield (worker.compute(path) for path in files)
        return
    from framing.workers import forked_pool

    # The first file is analysed here: the workers forked after it inherit what its analysis
    # built on first use (compiled patterns, datasketch) instead of each building it again.
    first = worker.compute(files[0])
    rest = files[1:]
    workers = min(options.jobs, len(rest))
    chunksize = max(1, min(32, len(rest) // (workers * 8)))
    pool = forked_pool(workers, _start_worker, (options, worker.lexicons, worker.keyed))
    try:
        # submits every file now
        yield itertools.chain([first], pool.map(_compute_in_worker, rest, chunksize=chunksize))
    finally:  # interrupted, the files not yet started are dropped instead of waited for
        pool.shutdown(wait=True, cancel_futures=True)


class _Worker:
    """Everything one process needs to turn a file into a ``FileOutcome``, built once.

    ``keyed``: read each file's key (path, size, times, sha256 of the bytes) for the store.
    """

    def __init__(self, options: RunOptions, lexicons: Lexicons, context: IngestContext | None, keyed: bool):
        self.options = options
        self.lexicons = lexicons
        self.context = context or ingest_context(options.ingest, lexicons)
        self.segmenter = segmenter_for(lexicons)
        self.max_bytes = options.ingest.max_bytes
        self.keyed = keyed
        self.as_text = False  # set in a worker process: analyses go back to the parent as text

    def compute(self, path: Path) -> tuple[FileKey | None, FileOutcome]:
        """Read the file once, ingest and analyse it; its key (``None`` when not keyed or
        when the file cannot be read: ingest_file records why)."""
        key, data = None, None
        if self.keyed:
            name = str(path)
            read_at = time.time_ns()  # before the stat: a change after it shows in the stat
            try:
                stat = os.stat(name)
            except OSError:
                stat = None
            data = _read(path, self.max_bytes) if stat is not None else None
            key = file_key(name, stat, data, read_at) if data is not None else None
        return key, self._fresh(path, data)

    def _fresh(self, path: Path, data: bytes | None) -> FileOutcome:
        entries, analysed = [], []
        near_duplicates = self.options.ingest.near_duplicate < 1  # else only exact copies are checked
        for article, entry in ingest_file(path, self.context, data):
            entries.append(entry)
            if article is None or entry.status is not LedgerStatus.INGESTED:
                analysed.append(None)
                continue
            analysis = analyze_article(article, self.lexicons, self.segmenter)
            fingerprint = Deduper.fingerprint(article) if near_duplicates else None
            analysed.append(
                Analysed(
                    article,
                    analysis.features,
                    fingerprint.tobytes() if fingerprint is not None else None,
                    analysis_json(analysis) if self.as_text else analysis,
                )
            )
        return FileOutcome(tuple(entries), tuple(analysed))


def _signatures(fingerprints: Sequence[bytes | None]) -> list:
    """The fingerprints as the arrays ``Deduper.fingerprint`` made (rows of one array)."""
    import numpy as np

    present = [p for p in fingerprints if p is not None]
    if not present:
        return [None] * len(fingerprints)
    rows = iter(np.frombuffer(b"".join(present), np.uint32).reshape(len(present), -1))
    return [next(rows) if p is not None else None for p in fingerprints]


def setting(options: RunOptions, lexicons: Lexicons) -> Setting:
    """Everything besides a file that shapes its outcome: framing's version, the store
    format, the ingest options with the bytes of the option files they name, the lexicons'
    version, the claim model's digest and a digest of framing's own code (``code_digest``)."""
    import hashlib

    from framing.analysis.claim_model import model_digest

    ingest = ingest_description(options.ingest)
    option_files = {}
    for extra in (options.ingest.manifest, options.ingest.outlet_map):
        if extra is not None:
            try:
                option_files[str(extra)] = hashlib.sha256(Path(extra).read_bytes()).hexdigest()
            except OSError:
                pass  # ingest_context has already raised InputError for an unreadable option file
    return Setting(
        {
            "framing": __version__,
            "store format": STORE_FORMAT,
            "ingest options": ingest,
            "option files": option_files,
            "lexicons": lexicons.version,
            "claim model": model_digest(),
            "code": code_digest(),
        }
    )


@cache
def code_digest() -> str:
    """A digest of the source of every module of the installed ``framing`` package
    (``source_digest``): a checkout or install changed between two runs (a rule, a reader)
    can change what a file gives without changing framing's version, and its stored
    results are then not reused."""
    return source_digest(Path(__file__).resolve().parents[1])


def source_digest(package: Path) -> str:
    """A digest of the names and bytes of every ``.py`` file under ``package``."""
    import hashlib

    digest = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def ingest_description(options: IngestOptions) -> dict:
    """The ingest options as a JSON-able dict (paths as text)."""
    return {name: _plain(value) for name, value in dataclasses.asdict(options).items()}


def _plain(value):
    """An option's value as JSON holds it (paths as text)."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, Path) else value


_WORKER: _Worker | None = None


def _start_worker(options: RunOptions, lexicons: Lexicons, keyed: bool) -> None:
    global _WORKER
    if _WORKER is None or _WORKER.options != options:  # spawned, not forked: build it here
        _WORKER = _Worker(options, lexicons, None, keyed)
    _WORKER.as_text = True


def _compute_in_worker(path: Path) -> tuple[FileKey | None, FileOutcome]:
    assert _WORKER is not None, "worker started without its state"
    return _WORKER.compute(path)
