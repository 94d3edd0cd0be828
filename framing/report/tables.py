"""The report's CSV tables: every comparison table, the events and the ledger, as UTF-8 with BOM.

The byte order mark lets spreadsheets read the Chinese; no cell is left that a spreadsheet
would run as a formula (``framing.safe_text.csv_safe_frame``).
"""

from __future__ import annotations

from collections.abc import Sequence

from framing.model import LedgerEntry
from framing.report.article_view import day
from framing.safe_text import csv_safe_frame

EVENT_COLUMNS = ["event", "name", "start", "end", "terms", "articles", "set_by_input"]
LEDGER_COLUMNS = ["path", "status", "format", "reason", "duplicate_of", "article_ids"]


def csv_bytes(frame) -> bytes:
    """The frame as CSV bytes, UTF-8 with BOM, without its index."""
    return csv_safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def events_frame(comparison):
    """One row per event: id, name, first and last day, terms, article count, set by the input."""
    import pandas as pd

    rows = [
        {
            "event": e.id,
            "name": e.name,
            "start": day(e.start),
            "end": day(e.end),
            "terms": " / ".join(e.terms),
            "articles": len(e.article_ids),
            "set_by_input": e.manual,
        }
        for e in comparison.grouping.events
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def ledger_frame(ledger: Sequence[LedgerEntry]):
    """One row per input entry: what became of it and why."""
    import pandas as pd

    rows = [
        {
            "path": e.path,
            "status": str(e.status),
            "format": e.format,
            "reason": e.reason,
            "duplicate_of": e.duplicate_of,
            "article_ids": " ".join(e.article_ids),
        }
        for e in ledger
    ]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def report_tables(comparison, ledger: Sequence[LedgerEntry]) -> dict[str, bytes]:
    """Every table of the report by file name (tables/<name>)."""
    frames = {
        "articles.csv": comparison.features.reset_index(),
        "by_outlet.csv": comparison.by_outlet,
        "by_event_outlet.csv": comparison.by_event_outlet,
        "term_density.csv": comparison.term_density,
        "claims.csv": comparison.claims,
        "source_kinds.csv": comparison.source_kinds,
        "distinctive_outlet.csv": comparison.distinctive_outlet,
        "distinctive_event.csv": comparison.distinctive_event,
        "distinctive_event_outlet.csv": comparison.distinctive_event_outlet,
        "events.csv": events_frame(comparison),
        "ledger.csv": ledger_frame(ledger),
    }
    return {name: csv_bytes(frame) for name, frame in frames.items()}
