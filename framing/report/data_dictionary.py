"""Write the data dictionary of the report's CSV tables (``tables/README.md``) in the report's language.

    CSV tables by name + feature names + the report's words ──tables_readme──▶ README.md bytes

Each file gets its one-line description and each of its columns its meaning and unit, from
the ``tables_readme`` entry of ``text/<lang>.yaml``; the feature columns of ``articles.csv``
are described once, in plain words with their units (``framing.report.words.feature_label``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from framing.report.words import feature_label


def table_columns(data: bytes) -> list[str]:
    """The header row of a CSV table written by ``framing.report.tables.csv_bytes``."""
    text = data.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)), [])


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def tables_readme(tables: Mapping[str, bytes], features: Sequence[str], text: Mapping) -> bytes:
    """The Markdown data dictionary of ``tables`` (file name → CSV bytes), UTF-8."""
    words = text["tables_readme"]
    feature_set = set(features)
    lines = [f"# {words['title']}", "", words["intro"], "", f"## {words['files_title']}", ""]
    for name, data in tables.items():
        if not name.endswith(".csv"):
            continue
        lines += [f"### {name}", "", words["files"].get(name, words["undescribed"]), ""]
        lines += [f"| {words['column_header']} | {words['columns_title']} |", "|---|---|"]
        described = [c for c in table_columns(data) if c not in feature_set]
        for column in described:
            lines.append(f"| {_cell(column)} | {_cell(words['columns'].get(column, words['undescribed']))} |")
        if len(described) < len(table_columns(data)):
            lines.append(f"| … | {_cell(words['features_title'])} |")
        lines.append("")
    lines += [
        f"## {words['features_title']}",
        "",
        f"| {words['column_header']} | {words['columns_title']} |",
        "|---|---|",
    ]
    lines += [f"| {_cell(f)} | {_cell(feature_label(f, text))} |" for f in features]
    return ("\n".join(lines) + "\n").encode("utf-8")
