"""Articles and ledger entries as JSON-safe records, and the article files ``framing ingest --out`` writes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from framing.errors import InputError
from framing.ingest.build import compact_offsets
from framing.model import Article, LedgerEntry, Link, OutletKind, Paragraph, Role


def article_to_record(article: Article) -> dict:
    """A JSON-safe dict of the article (dates as ISO 8601, enums as their values)."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "text": article.text,
        "normalized": article.normalized,
        "paragraphs": [
            {"role": p.role.value, "text": p.text, "start": p.start, "end": p.end} for p in article.paragraphs
        ],
        "links": [
            {"url": k.url, "text": k.text, "domain": k.domain, "paragraph_index": k.paragraph_index}
            for k in article.links
        ],
        "outlet": article.outlet,
        "outlet_kind": article.outlet_kind.value,
        "country": article.country,
        "url": article.url,
        "date": article.date.isoformat() if article.date else None,
        "author": article.author,
        "language": article.language,
        "script": article.script,
        "format": article.format,
        "encoding": article.encoding,
        "event": article.event,
        "story": article.story,
        "offset_map": list(article.offset_map),
    }


def article_from_record(record: Mapping) -> Article:
    """The inverse of ``article_to_record``; raises ``InputError`` naming a missing field."""
    try:
        date_value = record.get("date")
        return Article(
            id=record["id"],
            path=record["path"],
            title=record["title"],
            text=record["text"],
            normalized=record["normalized"],
            paragraphs=tuple(
                Paragraph(Role(p["role"]), p["text"], int(p["start"]), int(p["end"]))
                for p in record["paragraphs"]
            ),
            links=tuple(
                Link(k["url"], k["text"], k["domain"], int(k["paragraph_index"]))
                for k in record.get("links", ())
            ),
            outlet=record.get("outlet", "unknown"),
            outlet_kind=OutletKind(record.get("outlet_kind", "unknown")),
            country=record.get("country", ""),
            url=record.get("url", ""),
            date=datetime.fromisoformat(date_value) if date_value else None,
            author=record.get("author", ""),
            language=record.get("language", "zh"),
            script=record.get("script", "simplified"),
            format=record.get("format", ""),
            encoding=record.get("encoding", "utf-8"),
            event=record.get("event", ""),
            story=int(record.get("story", 0)),
            offset_map=compact_offsets(int(i) for i in record.get("offset_map", ())),
        )
    except KeyError as exc:
        raise InputError(str(record.get("path", "<record>")), f"article record lacks field {exc}") from None
    except (TypeError, ValueError) as exc:
        raise InputError(str(record.get("path", "<record>")), f"bad article record: {exc}") from None


def ledger_to_record(entry: LedgerEntry) -> dict:
    """A JSON-safe dict of the ledger entry (status as its value)."""
    return {
        "path": entry.path,
        "status": entry.status.value,
        "reason": entry.reason,
        "article_ids": list(entry.article_ids),
        "duplicate_of": entry.duplicate_of,
        "format": entry.format,
    }


def articles_to_jsonl(articles: Iterable[Article]) -> str:
    """One JSON object per line (``article_to_record``), UTF-8 text kept readable."""
    return "".join(json.dumps(article_to_record(a), ensure_ascii=False) + "\n" for a in articles)


def articles_to_parquet(articles: Iterable[Article]) -> bytes:
    """A Parquet file (needs pyarrow, the ``parquet`` extra) with one row per article."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("parquet", "writing Parquet needs pyarrow: pip install 'framing[parquet]'") from None
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([article_to_record(a) for a in articles]), sink)
    return sink.getvalue()


def read_article_file(path: Path | str) -> list[Article]:
    """Articles written by ``framing ingest --out`` (JSONL, or Parquet by its extension)."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(str(path), "reading Parquet needs pyarrow") from None
        return [article_from_record(r) for r in pq.read_table(path).to_pylist()]
    articles: list[Article] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            articles.append(article_from_record(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}", f"not a JSON article record: {exc.msg}") from None
    return articles
