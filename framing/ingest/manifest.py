"""The manifest (``--manifest``): a CSV naming, for each file or story, its outlet, date, title and
event; its rows read once, and each row that cannot be applied reported.

A row's ``file`` is relative to the manifest's folder; ``file#n`` names story ``n`` of a
multi-story file (a broadcast digest, an export), as the ledger and ``framing events`` name
it, and overrides the row of the whole file for that story.

Dates: ISO 8601 and the other forms ``readers.dates.parse_date`` reads; ``16/05/2024`` and
``05/16/2024`` where only one reading is a date. A date like ``05/06/2024`` is read the way
the manifest's other dates show (day first when one of them is ``16/05/2024``); when none
shows it, the row's date is not used and a warning says why.

Warnings (``manifest_warnings``), one ledger entry each, named ``manifest.csv:LINE``:
a date that cannot be read, a row naming a file that does not exist (and, when a file of
that name exists relative to the current folder or an input folder, where), and a row naming
a file that exists but is not among the inputs of the run is not reported: a manifest of a
whole corpus is often used for a part of it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from framing.errors import InputError
from framing.ingest.readers.dates import numeric_date_order, parse_date, plausible_date
from framing.safe_text import display_path


@dataclass(frozen=True)
class ManifestRow:
    """What a manifest says about one file or story (empty: not said)."""

    outlet: str = ""
    outlet_kind: str = ""
    date: str = ""
    title: str = ""
    event: str = ""
    line: int = 0  # the row's line in the manifest (1 = the header)
    parsed_date: datetime | None = None  # ``date`` read (None: no date, or one that cannot be read)
    file: str = ""  # as the row writes it


@dataclass(frozen=True)
class Manifest:
    """The rows of a manifest by the resolved path and story (0: the whole file) they describe."""

    path: Path
    rows: Mapping[tuple[Path, int], ManifestRow]

    def row(self, file: Path, story: int = 0) -> ManifestRow | None:
        """The row of story ``story`` of ``file``, else the row of the whole file."""
        resolved = file.resolve()
        found = self.rows.get((resolved, story)) if story else None
        return found or self.rows.get((resolved, 0))


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV/TSV option file with their line numbers, column names case-folded."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    numbered = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader([line for _, line in numbered], delimiter=delimiter)
    rows = []
    for record in reader:
        line = numbered[reader.line_num - 1][0] if reader.line_num <= len(numbered) else 0
        rows.append((line, {(k or "").strip().casefold(): (v or "").strip() for k, v in record.items()}))
    if not rows and numbered:  # a header alone: its names for the error message
        header = next(csv.reader([numbered[0][1]], delimiter=delimiter))
        rows.append((0, {name.strip().casefold(): "" for name in header}))
    return rows


def _date_order(values: Iterable[str]) -> bool | None:
    """Day first (``True``) or month first (``False``) when the dates that can tell agree."""
    orders = {order for v in values if (order := numeric_date_order(v)) is not None}
    return orders.pop() if len(orders) == 1 else None


def read_manifest(path: Path) -> Manifest:
    """The manifest's rows keyed by the resolved path (and story) of what each describes."""
    table = read_table(path)
    if not table or "file" not in table[0][1]:
        found = ", ".join(table[0][1]) if table else "none"
        raise InputError(str(path), f"manifest needs a 'file' column; columns found: {found}")
    day_first = _date_order(row.get("date", "") for _, row in table)
    rows: dict[tuple[Path, int], ManifestRow] = {}
    for line, row in table:
        if not row.get("file"):
            continue
        name, _, story = row["file"].partition("#")
        date = row.get("date", "")
        parsed = parse_date(date, day_first=day_first) if date else None
        key = ((path.parent / name).resolve(), int(story) if story.isdigit() else 0)
        rows[key] = ManifestRow(
            row.get("outlet", ""),
            row.get("outlet_kind", ""),
            date,
            row.get("title", ""),
            row.get("event", ""),
            line,
            parsed if parsed is not None and plausible_date(parsed) else None,
            row["file"],
        )
    return Manifest(path, rows)


def manifest_warnings(manifest: Manifest, inputs: Iterable[Path]) -> list[tuple[str, str]]:
    """``(where, reason)`` for each row that cannot be applied: a date that cannot be read, a
    file that does not exist (saying where a file of that name does, relative to the current
    folder or an input folder). ``inputs`` are the folders and files given to the run."""
    shown = display_path(manifest.path)
    bases = [Path.cwd(), *(p if p.is_dir() else p.parent for p in inputs)]
    warnings: list[tuple[str, str]] = []
    for (file, _), row in sorted(manifest.rows.items(), key=lambda item: item[1].line):
        where = f"{shown}:{row.line}"
        name = row.file.partition("#")[0]
        if not file.exists():
            elsewhere = next((b for b in dict.fromkeys(bases) if (b / name).is_file()), None)
            hint = (
                f"; it exists relative to {elsewhere}: paths in a manifest are relative to the "
                "manifest's own folder"
                if elsewhere is not None
                else ""
            )
            warnings.append((where, f"manifest row names {name}, which does not exist{hint}"))
        if row.date and row.parsed_date is None:
            read = parse_date(row.date, day_first=True)
            if numeric_date_order(row.date) is None and read is not None and parse_date(row.date) is None:
                why = "day or month first? no other date of the manifest tells"
            elif read is not None:
                why = "implausible (before 1900 or over a year ahead)"
            else:
                why = "not a date framing reads (write 2024-05-16)"
            warnings.append((where, f"date {row.date!r} of {name} not used: {why}"))
    return warnings
