"""Stage 1, ingest: find the input files, decode them, read each format, normalise the text,
name the outlet, and drop duplicates; articles and a ledger of every file come out.

Modules, in the order a file meets them: ``discover`` (walking the inputs) → ``decode``
(bytes → text) → ``readers`` (one module per format; paragraph roles) → ``build``
(``Article``: normalised text via ``normalize``, outlet via ``outlets``) → ``duplicates``;
``load`` runs these steps, ``options`` holds the settings and option files, ``records`` turns
articles and ledger entries into JSON-safe records and article files.

This module is the stage's public API: later stages import from ``framing.ingest``.
"""

from framing.ingest.decode import decode_bytes
from framing.ingest.discover import discover_files
from framing.ingest.duplicates import Deduper, find_duplicates
from framing.ingest.inputs import InputSources, gather_inputs, needs_sources
from framing.ingest.load import duplicate_entry, ingest_file, iter_articles, load_articles, summarize
from framing.ingest.normalize import to_simplified
from framing.ingest.options import (
    DEFAULT_MAX_BYTES,
    NEAR_DUPLICATE_JACCARD,
    IngestContext,
    IngestOptions,
    ingest_context,
)
from framing.ingest.records import (
    article_from_record,
    article_to_record,
    articles_to_jsonl,
    articles_to_parquet,
    ledger_to_record,
    read_article_file,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NEAR_DUPLICATE_JACCARD",
    "Deduper",
    "IngestContext",
    "IngestOptions",
    "InputSources",
    "article_from_record",
    "article_to_record",
    "articles_to_jsonl",
    "articles_to_parquet",
    "decode_bytes",
    "discover_files",
    "duplicate_entry",
    "find_duplicates",
    "gather_inputs",
    "ingest_context",
    "ingest_file",
    "iter_articles",
    "load_articles",
    "needs_sources",
    "ledger_to_record",
    "read_article_file",
    "summarize",
    "to_simplified",
]
