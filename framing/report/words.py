"""Name the report's figures in plain words with their units, in the report's language.

    feature name ("loaded_war_metaphor_density") + the report's words (text/<lang>.yaml)
        ──feature_label──▶ "loaded terms: war metaphor, per 1,000 words"

A feature named in the words' ``features`` entry gets that label; the families of features
(one per loaded-term category, stance or source kind) are named by the patterns of
``feature_patterns`` with the names of ``category_names``, ``stance_names`` and
``source_kinds``; any other feature is shown with its underscores made spaces, never as a
snake_case name. A feature counted in two voices (``framing.analysis.features``: the
outlet's own, and its ``quoted_`` twin) gets the ``own_voice`` or ``quoted`` pattern
around its label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from numbers import Integral

from framing.analysis.features import QUOTED, feature_names
from framing.errors import ReportError

# (pattern of the feature name, entry of feature_patterns, entry naming the captured part)
FAMILIES = (
    (re.compile(r"^loaded_(\w+)_density$"), "loaded_category_density", "category_names"),
    (re.compile(r"^stance_(\w+)_density$"), "stance_density", "stance_names"),
    (re.compile(r"^sources_(\w+)$"), "sources_kind", "source_kinds"),
    (re.compile(r"^loaded_(\w+)$"), "loaded_category", "category_names"),
)


def kind_name(kind: str, text: Mapping) -> str:
    """A source kind's short name ("state media") from ``source_kinds``, else the kind spaced."""
    entry = text.get("source_kinds", {}).get(kind)
    return entry[0] if entry else kind.replace("_", " ")


def _part_name(entry: str, part: str, text: Mapping) -> str | None:
    if entry == "source_kinds":
        return kind_name(part, text) if part in text.get("source_kinds", {}) else None
    return text.get(entry, {}).get(part)


def feature_label(name: str, text: Mapping) -> str:
    """The feature ``name`` in plain words with its unit, from the report's words ``text``.

    Examples
    --------
    >>> words = {"features": {"tokens": "words in the body (count)"}}
    >>> feature_label("tokens", words), feature_label("own_voice_share", words)
    ('words in the body (count)', 'own voice share')
    """
    if name.startswith(QUOTED):
        return _voiced(_plain_label(name.removeprefix(QUOTED), text), "quoted", text)
    label = _plain_label(name, text)
    return _voiced(label, "own_voice", text) if QUOTED + name in feature_names() else label


def _voiced(label: str, voice: str, text: Mapping) -> str:
    template = text.get("feature_patterns", {}).get(voice)
    return fill(template, name=label) if template else label


def _plain_label(name: str, text: Mapping) -> str:
    """The label of ``name`` before its voice is said."""
    label = text.get("features", {}).get(name)
    if label:
        return label
    for pattern, entry, names in FAMILIES:
        match = pattern.match(name)
        part = _part_name(names, match.group(1), text) if match else None
        template = text.get("feature_patterns", {}).get(entry)
        if part and template:
            return fill(template, name=part)
    return name.replace("_", " ")


class Count(int):
    """A number in a text that may say it in the singular or the plural: ``{n:# article|#
    articles}`` gives ``1 article``, ``3 articles`` (``#`` is the number); other format
    specifications are int's."""

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return int.__format__(self, spec)
        one, many = spec.split("|", 1)
        return (one if self == 1 else many).replace("#", str(int(self)))


def fill(template: str, **values) -> str:
    """A text of ``text/<lang>.yaml`` with its {placeholders} filled in; a whole number may
    choose between a singular and a plural wording (``Count``)."""
    values = {k: _counted(v) for k, v in values.items()}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise ReportError(
            f"text/*.yaml: the text {template[:50]!r} has a placeholder the report cannot fill: {exc}"
        ) from None


def _counted(value):
    """A whole number as a ``Count`` (not a bool); anything else as it is."""
    return Count(value) if isinstance(value, Integral) and not isinstance(value, bool) else value
