"""The event grouping as rows a teacher can read and correct: text for the terminal, CSV for a spreadsheet.

    EventGrouping + analyses ──event_rows──▶ [EventRow] ──listing_text / rows_csv──▶ str

One row per article, events in date order (their articles by date, then outlet), the
ungrouped articles last. The CSV's ``file`` and ``event`` columns make it a manifest:
edit ``event`` and pass the file back with ``--manifest``, and ingest sets each file's
event from it (``Article.event``), which the grouping then keeps, as the report does. Its
other columns are named so that a manifest reader leaves them alone (``outlet_name``,
``headline``, ``date_given``, not ``outlet``, ``title``, ``date``). A story of a broadcast
digest is named ``file#n``, as the ledger names it: a manifest row describes a whole file.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path

from framing.comparison.event_dates import INFERRED_MARK
from framing.comparison.events import EventGrouping
from framing.model import ArticleAnalysis

UNGROUPED_LABEL = "(ungrouped)"
CORRECTING = (
    "To correct the grouping: write it with --format csv --out events.csv, change the event "
    "column, and pass --manifest events.csv to framing events or framing report."
)


@dataclass(frozen=True)
class EventRow:
    """One article and its event (empty ``event`` when it is ungrouped)."""

    event: str
    event_name: str
    event_dates: str
    file: str  # relative to ``relative_to`` when given; digest stories end in "#n"
    outlet_name: str
    headline: str
    date_given: str  # ISO date the input gave, else empty
    date_inferred: str  # ISO date read from the article's text, else empty


def event_rows(
    grouping: EventGrouping, analyses: Sequence[ArticleAnalysis], *, relative_to: Path | None = None
) -> list[EventRow]:
    """Every article of ``analyses`` with its event, events in the grouping's order."""
    by_id = {a.article.id: a for a in analyses}
    rows = []
    for event in grouping.events:
        members = sorted((by_id[i] for i in event.article_ids if i in by_id), key=_order(grouping))
        rows.extend(_row(a, grouping, relative_to, event.id, event.name, event.date_range) for a in members)
    for article_id in grouping.ungrouped:
        if article_id in by_id:
            rows.append(_row(by_id[article_id], grouping, relative_to, "", "", ""))
    return rows


def _order(grouping: EventGrouping):
    """Articles by day (given, else read from the text; undated last), outlet, file and story."""

    def key(analysis: ArticleAnalysis) -> tuple:
        article = analysis.article
        inferred = grouping.inferred_dates.get(article.id)
        day = article.date.date() if article.date else (inferred.day if inferred else None)
        return (day is None, day or date.min, article.outlet, article.path, article.story)

    return key


def _row(analysis, grouping, relative_to, event_id: str, name: str, dates: str) -> EventRow:
    article = analysis.article
    inferred = grouping.inferred_dates.get(article.id)
    return EventRow(
        event=event_id,
        event_name=name,
        event_dates=dates,
        file=_file_name(article.path, article.story, relative_to),
        outlet_name=article.outlet,
        headline=article.title,
        date_given=article.date.date().isoformat() if article.date else "",
        date_inferred=inferred.day.isoformat() if inferred else "",
    )


def _file_name(path: str, story: int, relative_to: Path | None) -> str:
    name = path
    if relative_to is not None:
        try:
            name = os.path.relpath(Path(path).resolve(), Path(relative_to).resolve())
        except ValueError:  # another drive: keep the path as it was given
            name = path
    return f"{name}#{story}" if story else name


def rows_csv(rows: Sequence[EventRow]) -> str:
    """The rows as CSV text (a header line, then one line per article)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in fields(EventRow)])
    writer.writerows(astuple(row) for row in rows)
    return buffer.getvalue()


def listing_text(grouping: EventGrouping, rows: Sequence[EventRow]) -> str:
    """The grouping for the terminal: each event with its dates, outlets and articles."""
    ungrouped = len(grouping.ungrouped)
    lines = [
        f"{len(grouping.events)} events, {ungrouped} article{'' if ungrouped == 1 else 's'} ungrouped "
        f"(a date marked '{INFERRED_MARK}' was read from the article's words)."
    ]
    by_event: dict[str, list[EventRow]] = {}
    for row in rows:
        by_event.setdefault(row.event, []).append(row)
    for event in grouping.events:
        members = by_event.get(event.id, [])
        outlets = sorted({r.outlet_name for r in members})
        lines += [
            "",
            f"{event.name}",
            f"  id {event.id} · {len(members)} articles · outlets: {', '.join(outlets)}",
        ]
        lines += [_article_line(r) for r in members]
    if by_event.get(""):
        lines += ["", UNGROUPED_LABEL] + [_article_line(r) for r in by_event[""]]
    lines += ["", CORRECTING]
    return "\n".join(lines) + "\n"


def _article_line(row: EventRow) -> str:
    when = row.date_given or (f"{row.date_inferred} ({INFERRED_MARK})" if row.date_inferred else "undated")
    return f"  {when}  {row.outlet_name}  {row.headline}  [{row.file}]"
