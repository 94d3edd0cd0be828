"""Exports with one article per record: JSON, JSON Lines and CSV, columns found by their usual names."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping

from framing.errors import InputError
from framing.ingest.readers.blocks import Block, RawArticle, squash, title_block
from framing.ingest.readers.dates import parse_date
from framing.ingest.readers.html import html_blocks, looks_like_html
from framing.ingest.readers.roles import finish_blocks
from framing.ingest.readers.story_list import COLUMNS, StoryList, pick, story_records
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role


def _record_article(
    record: Mapping[str, object], found: StoryList, fmt: str, path: str, number: int, words: RoleVocabulary
) -> RawArticle:
    fields = found.fields

    def value(kind: str) -> str:
        picked = pick(record, fields.get(kind, ()))
        if isinstance(picked, list):
            picked = ", ".join(str(v).strip() for v in picked if isinstance(v, str | int) and str(v).strip())
        return str(picked).strip() if picked is not None else ""

    body = pick(record, fields.get("text", ()))
    if body is None or not str(body).strip():
        raise InputError(f"{path}#{number}", "record has an empty text field")
    body = str(body)
    title = value("title")
    blocks = html_blocks(body, words) if looks_like_html(body) else _paragraph_blocks(body)
    outlet = value("outlet")
    return RawArticle(
        format=fmt,
        title=title,
        blocks=title_block(title) + finish_blocks(blocks, words),
        url=value("url"),
        date=parse_date(pick(record, fields.get("date", ()))),
        author=value("author"),
        outlet_names=(outlet,) if outlet else (),
        event=value("event"),
        story=number,
        note=found.describe(),
    )


def _paragraph_blocks(text: str) -> list[Block]:
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r", "") else text.splitlines()
    return [Block(Role.BODY, squash(p)) for p in parts if p.strip()]


def read_records(
    found: StoryList, fmt: str, path: str, words: RoleVocabulary
) -> Iterator[RawArticle | InputError]:
    """One article per record (story = record number from 1); bad records yield their error."""
    records = found.records
    if not any(isinstance(r, Mapping) for r in records):
        raise InputError(path, f"{fmt} holds no records (objects with a text field)")
    if "text" not in found.fields:
        columns = sorted({str(k) for r in records if isinstance(r, Mapping) for k in r})
        raise InputError(
            path,
            f"no text column (one of {', '.join(COLUMNS['text'])}); columns found: "
            f"{', '.join(columns) or 'none'}",
        )
    for number, record in enumerate(records, start=1):
        if isinstance(record, InputError):  # a line or row its parser could not read
            yield InputError(f"{path}#{number}", record.reason)
            continue
        if not isinstance(record, Mapping):
            yield InputError(f"{path}#{number}", f"record is a {type(record).__name__}, not an object")
            continue
        try:
            yield _record_article(_without_surrogates(record), found, fmt, path, number, words)
        except InputError as exc:
            yield exc


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(record: Mapping[str, object]) -> Mapping[str, object]:
    """The record with every lone surrogate in its text (JSON allows ``"\\ud800"``, UTF-8
    does not) replaced by U+FFFD, before a parser or a writer meets it."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, Mapping):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return clean(record)


def parse_json(text: str, path: str) -> StoryList:
    """The story list of a JSON file: the array of records anywhere in it where most records
    have a text field (``story_list.story_records``), or the document as one record."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict | list):
        raise InputError(path, f"JSON holds a {type(data).__name__}, not articles")
    found = story_records(data)
    if found is None:
        top = (
            f"top-level keys: {', '.join(sorted(map(str, data))[:12]) or 'none'}"
            if isinstance(data, dict)
            else (f"an array of {len(data)} items")
        )
        raise InputError(
            path, f"no story list: no record in the JSON has a text field (text, body, content …); {top}"
        )
    return found


def parse_jsonl(text: str, path: str) -> list[object]:
    """One item per non-blank line: the decoded value, or an ``InputError`` for a line that
    is not JSON (``read_records`` skips that record alone). A file with no JSON line at all
    raises."""
    records: list[object] = []
    first_error: InputError | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            error = InputError(path, f"malformed JSON Lines at line {number}: {exc.msg}")
            first_error = first_error or error
            records.append(error)
        except RecursionError:
            records.append(InputError(path, f"JSON nested too deeply at line {number}"))
    if first_error is not None and all(isinstance(r, InputError) for r in records):
        raise first_error
    return records


def parse_csv(text: str, path: str) -> list[object]:
    """One item per row: a dict by column name, or an ``InputError`` for a row the ``csv``
    module refuses (``read_records`` skips that record alone)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # The csv module refuses a field over 131,072 characters; a long article is one. No
    # field is longer than the file, which the size limit (--max-mb) already bounds.
    if len(text) > csv.field_size_limit():
        csv.field_size_limit(len(text))
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        reader.fieldnames  # noqa: B018 - reads the header line
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV header: {exc}") from None
    rows: list[object] = []
    failed_at = -1
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            break
        except csv.Error as exc:
            if reader.line_num == failed_at:
                break  # the reader no longer moves on: stop rather than loop
            failed_at = reader.line_num
            rows.append(InputError(path, f"malformed CSV row at line {reader.line_num}: {exc}"))
    return rows
