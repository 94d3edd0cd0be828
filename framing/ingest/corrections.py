"""Read a teacher's corrections file (``--corrections``): one correction a row, checked line by line.

A CSV (or TSV, by its ``.tsv`` name) with a header naming some of the columns
``file``, ``sentence``, ``label``, ``source``, ``kind``, ``term`` and ``note``; each row
corrects one thing:

=====================  ==============================================================
a sentence's label     ``file`` + ``sentence`` (its number, as ``framing explain`` prints
                       it, or its text) + ``label`` (A, E, F, H or X)
a source               ``file`` (or ``*`` / empty: every file) + ``source`` (its name as
                       the tool found it) + ``kind`` (a source kind, or ``not a source``)
a term to ignore       ``term`` (+ ``file``, or ``*`` / empty: every file)
=====================  ==============================================================

``file`` is the file as the ledger or the report shows it, or any path ending the same
way (``cctv/2024-05-16.md``); a story of a broadcast digest is ``file#N`` as in the
ledger. ``note`` is a comment kept with the correction. Blank rows and rows whose
``file`` starts with ``#`` are skipped. A malformed file raises ``CorrectionsError``
naming the file and the line; which rows match nothing is for
``framing.analysis.corrections`` to say, once the articles are known.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from framing.errors import FramingError, InputError
from framing.ingest.decode import decode_bytes
from framing.model import ClaimLabel, SourceKind

COLUMNS = ("file", "sentence", "label", "source", "kind", "term", "note")
NOT_A_SOURCE = "not a source"
EVERY_FILE = "*"
MAX_BYTES = 10 * 1024 * 1024


class CorrectionsError(FramingError):
    """A corrections file that cannot be read; the message names the file and the line."""

    def __init__(self, path: str, line: int, reason: str):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class SentenceCorrection:
    """Give the sentence ``number`` (or the one whose text is ``text``) of ``file`` the label ``label``."""

    where: str  # "file:line" of the row, for messages
    line: int  # the row's line in the file
    file: str
    number: int | None
    text: str
    label: ClaimLabel
    note: str = ""


@dataclass(frozen=True)
class SourceCorrection:
    """Give the source ``name`` of ``file`` (``EVERY_FILE``: of every file) the kind ``kind``;
    ``kind`` ``None``: it is not a source."""

    where: str
    line: int
    file: str
    name: str
    kind: SourceKind | None
    note: str = ""


@dataclass(frozen=True)
class TermCorrection:
    """Ignore the loaded term or marker ``term`` in ``file`` (``EVERY_FILE``: everywhere)."""

    where: str
    line: int
    file: str
    term: str
    note: str = ""


Correction = SentenceCorrection | SourceCorrection | TermCorrection


@dataclass(frozen=True)
class Corrections:
    """A corrections file's rows in file order, and the file they came from."""

    path: Path
    rows: tuple[Correction, ...]


def read_corrections(path: Path | str) -> Corrections:
    """Read and check a corrections file (see the module docstring).

    Raises ``CorrectionsError`` naming the file and, for a bad row, its line.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CorrectionsError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise CorrectionsError(str(path), 0, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text, _ = decode_bytes(data, str(path))
    except InputError as exc:
        raise CorrectionsError(str(path), 0, exc.reason) from None
    return parse_corrections(text, str(path), tab=path.suffix.lower() in (".tsv", ".tab"))


def parse_corrections(text: str, name: str = "<corrections>", *, tab: bool = False) -> Corrections:
    """The rows of a corrections file's ``text``; ``name`` is the file named in errors."""
    reader = csv.reader(text.splitlines(), delimiter="\t" if tab else ",")
    header = next(reader, None)
    columns = [c.strip().casefold() for c in header or ()]
    if not columns or "file" not in columns:
        found = ", ".join(c for c in columns if c) or "none"
        raise CorrectionsError(name, 1, f"the header needs a 'file' column; columns found: {found}")
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise CorrectionsError(
            name, 1, f"unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}"
        )
    rows: list[Correction] = []
    for cells in reader:
        line = reader.line_num
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise CorrectionsError(name, line, f"{len(cells)} cells but {len(columns)} columns")
        row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns)}
        if not any(row.values()) or row["file"].startswith("#"):
            continue
        try:
            rows.append(_correction(row, f"{name}:{line}", line))
        except ValueError as exc:
            raise CorrectionsError(name, line, str(exc)) from None
    return Corrections(Path(name), tuple(rows))


def _correction(row: dict[str, str], where: str, line: int) -> Correction:
    """One row as the correction it asks for; ``ValueError`` with the reason when it is malformed."""
    asked = [c for c in ("label", "source", "term") if row.get(c)]
    if not asked:
        raise ValueError("nothing to correct: give a label, a source (with its kind) or a term")
    if len(asked) > 1:
        raise ValueError(f"one correction a row: this one has a {' and a '.join(asked)}")
    file, note = row.get("file", ""), row.get("note", "")
    if asked == ["label"]:
        if row.get("kind"):
            raise ValueError("a kind goes with a source, not with a label")
        return SentenceCorrection(
            where, line, *_sentence_target(file, row.get("sentence", "")), _label(row), note
        )
    if row.get("sentence"):
        raise ValueError(f"a sentence goes with a label, not with a {asked[0]}")
    if asked == ["source"]:
        return SourceCorrection(
            where, line, file or EVERY_FILE, row["source"], _kind(row.get("kind", "")), note
        )
    if row.get("kind"):
        raise ValueError("a kind goes with a source, not with a term")
    return TermCorrection(where, line, file or EVERY_FILE, row["term"], note)


def _sentence_target(file: str, sentence: str) -> tuple[str, int | None, str]:
    """``(file, number, text)`` of a label row: the sentence by its number or by its text."""
    if not file or file == EVERY_FILE:
        raise ValueError("a label row needs the file the sentence is in")
    if not sentence:
        raise ValueError("a label row needs the sentence: its number or its text")
    if sentence.isdigit():
        number = int(sentence)
        if number < 1:
            raise ValueError("sentences are numbered from 1")
        return file, number, ""
    return file, None, sentence


def _label(row: dict[str, str]) -> ClaimLabel:
    value = row["label"].upper()
    try:
        return ClaimLabel(value)
    except ValueError:
        labels = ", ".join(label.value for label in ClaimLabel)
        raise ValueError(f"unknown label {row['label']!r}; labels: {labels}") from None


def _kind(value: str) -> SourceKind | None:
    """The kind a source row gives: a ``SourceKind`` (``state media`` as ``state_media``), or
    ``None`` for ``not a source``."""
    words = " ".join(value.casefold().replace("_", " ").split())
    if words == NOT_A_SOURCE:
        return None
    for kind in SourceKind:
        if words == kind.value.replace("_", " "):
            return kind
    kinds = ", ".join([k.value for k in SourceKind] + [NOT_A_SOURCE])
    if not value:
        raise ValueError(f"a source row needs a kind: {kinds}")
    raise ValueError(f"unknown kind {value!r}; kinds: {kinds}")
