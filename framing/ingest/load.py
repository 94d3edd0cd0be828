"""Files → ``Article`` objects with a ledger: each file decoded, read, built, and checked for duplicates.

    articles, ledger = load_articles(["../shared/corpus"])

Every input file gets a ``LedgerEntry``: ingested (with its article ids), duplicate of an
earlier file, or skipped with a one-line reason. Nothing is dropped without one.

Steps for each file: walk the paths (``discover``) → read bytes and decode (``decode``) →
detect the format from the content and read it (``readers``) → build the article:
normalise, outlet, author (``build``) → drop exact and near duplicates (``duplicates``).

Ledger conventions
------------------
* A file holding several articles (a 新闻联播 transcript, a JSON/CSV export) gets one entry
  per article, with ``path`` written ``file#N`` (N = the story or record number from 1).
* A file named ``manifest.csv`` with a ``file`` column is recognised as a manifest (the
  ledger of its folder): it is ``skipped`` with the reason ``manifest: …``, never read as an
  article. Pass it with ``IngestOptions(manifest=...)`` (``--manifest``) to apply it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from framing.errors import InputError
from framing.ingest.build import build_article, without_invisible
from framing.ingest.decode import decode_bytes, read_bytes
from framing.ingest.discover import skipped
from framing.ingest.documents import document_kind, read_document
from framing.ingest.duplicates import Deduper
from framing.ingest.inputs import InputSources, gather_inputs
from framing.ingest.language import not_chinese_reason
from framing.ingest.options import IngestContext, IngestOptions, ingest_context, is_manifest
from framing.ingest.readers import RawArticle, plausible_date, read_text
from framing.ingest.topic import digest_story_on_topic
from framing.model import Article, LedgerEntry, LedgerStatus, Role
from framing.safe_text import display_path

_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"})
DIGEST_FORMATS = frozenset({"cctv-digest"})  # broadcasts of many stories on many topics


def load_articles(
    paths: Iterable[Path | str] | Path | str,
    options: IngestOptions | None = None,
    sources: InputSources | None = None,
) -> tuple[list[Article], list[LedgerEntry]]:
    """All articles in ``paths`` (files, folders, web addresses, ``-`` for standard input) and
    the ledger of every input file. ``sources`` says where fetched pages and pasted text are
    saved (``framing.ingest.inputs``).

    Returns
    -------
    (articles, ledger): articles in input order, duplicates left out; the ledger has one
    entry per file (or per story/record of a multi-article file).

    Raises
    ------
    InputError when an option file (manifest, outlet map) cannot be read; bad *input*
    files never raise, they get a ledger entry.
    """
    articles: list[Article] = []
    ledger: list[LedgerEntry] = []
    for article, entry in iter_articles(paths, options, sources):
        if article is not None:
            articles.append(article)
        ledger.append(entry)
    return articles, ledger


def iter_articles(
    paths: Iterable[Path | str] | Path | str,
    options: IngestOptions | None = None,
    sources: InputSources | None = None,
) -> Iterator[tuple[Article | None, LedgerEntry]]:
    """Stream ``(article, entry)`` pairs; ``article`` is ``None`` for skipped files and duplicates."""
    context = ingest_context(options or IngestOptions())
    deduper = Deduper(context.options.near_duplicate)
    for item in gather_inputs(
        paths, sources, follow_links=context.options.follow_links, manifest=context.manifest
    ):
        if isinstance(item, LedgerEntry):
            yield None, item
            continue
        for article, entry in ingest_file(item, context):
            if article is None:
                yield None, entry
                continue
            original = deduper.check_and_add(article, entry.path)
            if original is not None:
                yield None, duplicate_entry(entry, original)
            else:
                yield article, entry


def duplicate_entry(entry: LedgerEntry, original: str) -> LedgerEntry:
    """The ledger entry of an ingested article found to repeat the one at ``original``."""
    return LedgerEntry(
        entry.path,
        LedgerStatus.DUPLICATE,
        f"duplicate of {original}",
        entry.article_ids,
        duplicate_of=original,
        format=entry.format,
    )


def ingest_file(
    path: Path, context: IngestContext, data: bytes | None = None
) -> Iterator[tuple[Article | None, LedgerEntry]]:
    """The articles of one file, each with its ledger entry (``None`` and the reason when skipped).

    ``data`` is the file's bytes when the caller has already read them.
    """
    if path.name.casefold() == "manifest.csv" and is_manifest(path):
        applied = context.manifest_path is not None and path.resolve() == context.manifest_path
        note = "applied (--manifest)" if applied else "pass it with --manifest to apply it"
        yield None, skipped(path, f"manifest: the ledger of its folder, not an article; {note}", "manifest")
        return
    if path.stem.upper() in _DOCUMENTATION:
        yield None, skipped(path, f"documentation file ({path.name}), not an article")
        return
    try:
        if data is None or len(data) > context.options.max_bytes:
            data = read_bytes(path, context.options.max_bytes)
        if (kind := document_kind(data)) is not None:  # Word and PDF files
            raws, encoding = read_document(data, str(path), context.roles), kind
        else:
            text, encoding = decode_bytes(data, str(path))
            raws = list(read_text(text, str(path), context.roles))
    except InputError as exc:
        yield None, skipped(path, exc.reason)
        return
    except RecursionError:
        yield None, skipped(path, "markup nested too deeply to read")
        return
    many = len(raws) > 1 or any(isinstance(r, RawArticle) and r.story for r in raws)
    if not raws:
        yield None, skipped(path, "no articles found")
        return
    shown = display_path(path)
    for raw in raws:
        if isinstance(raw, InputError):
            yield None, skipped(raw.path, raw.reason)
            continue
        entry_path = f"{shown}#{raw.story}" if many and raw.story else shown
        yield _story(without_invisible(raw), entry_path, path, encoding, context)


def _story(
    raw: RawArticle, entry_path: str, path: Path, encoding: str, context: IngestContext
) -> tuple[Article | None, LedgerEntry]:
    """One reader's article built, or the reason it is left out: no body text, not Chinese,
    a digest story off the topic (a brief keeps its items on the topic)."""
    if not any(b.role in (Role.BODY, Role.PULL_QUOTE) and b.text.strip() for b in raw.blocks):
        kinds = sorted({b.role.value for b in raw.blocks})
        what = f"only {', '.join(kinds)}" if kinds else "no text"
        return None, skipped(entry_path, f"no body text ({what})", raw.format)
    notes = [raw.note] if raw.note else []
    if raw.format in DIGEST_FORMATS and context.topic:
        kept = digest_story_on_topic(raw, context.topic)
        if kept.story is None:
            return None, skipped(entry_path, kept.note, raw.format)
        raw, notes = kept.story, [*notes, kept.note] if kept.note else notes
    if raw.date is not None and not plausible_date(raw.date):
        notes.append(
            f"date {raw.date.date().isoformat()} is implausible "
            "(before 1900 or over a year ahead): read as undated"
        )
        raw = replace(raw, date=None)
    article = build_article(raw, path, encoding, context)
    if not context.options.any_language and (foreign := not_chinese_reason(article.text)):
        return None, skipped(entry_path, f"{foreign} (--any-language reads it)", raw.format)
    note = "; ".join(notes)
    return article, LedgerEntry(entry_path, LedgerStatus.INGESTED, note, (article.id,), format=raw.format)


def summarize(articles: Sequence[Article], ledger: Sequence[LedgerEntry]) -> dict[str, int]:
    """Counts for the summary table: entries by status, articles by outlet."""
    counts: dict[str, int] = {status.value: 0 for status in LedgerStatus}
    for entry in ledger:
        counts[entry.status.value] += 1
    outlets: dict[str, int] = {}
    for article in articles:
        outlets[article.outlet] = outlets.get(article.outlet, 0) + 1
    for outlet in sorted(outlets):
        counts[f"outlet: {outlet}"] = outlets[outlet]
    return counts
