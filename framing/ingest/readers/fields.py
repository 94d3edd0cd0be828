"""Fields of front matter and records: one text, or a list of names, under any of several keys."""

from __future__ import annotations

from collections.abc import Mapping


def text_field(fields: Mapping, *names: str) -> str:
    """The first of the fields ``names`` that holds a non-empty text (or number), stripped."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return ""


def names_field(fields: Mapping, *names: str) -> tuple[str, ...]:
    """Every name under the fields ``names``: a text, or the texts of a list."""
    found: list[str] = []
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            found.append(value.strip())
        elif isinstance(value, list):
            found.extend(str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip())
    return tuple(found)
