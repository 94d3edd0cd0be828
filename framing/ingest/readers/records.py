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
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

_COLUMNS = {
    "text": ("text", "body", "content", "article", "fulltext", "full_text", "正文", "内容", "內容"),
    "title": ("title", "headline", "标题", "標題", "题目"),
    "url": ("url", "link", "href", "source_url", "网址", "链接"),
    "outlet": ("outlet", "source", "publisher", "media", "site", "site_name", "来源", "媒体"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "datetime", "time", "日期"),
    "author": ("author", "byline", "authors", "作者"),
    "event": ("event",),
}


def _pick(record: Mapping[str, object], field: str) -> object:
    lowered = {str(k).strip().casefold(): v for k, v in record.items()}
    for name in _COLUMNS[field]:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _record_article(
    record: Mapping[str, object], fmt: str, path: str, number: int, words: RoleVocabulary
) -> RawArticle:
    text = _pick(record, "text")
    if text is None or not str(text).strip():
        raise InputError(f"{path}#{number}", "record has an empty text column")
    title = str(_pick(record, "title") or "").strip()
    body = str(text)
    blocks = html_blocks(body, words) if looks_like_html(body) else _paragraph_blocks(body)
    outlet = _pick(record, "outlet")
    return RawArticle(
        format=fmt,
        title=title,
        blocks=title_block(title) + finish_blocks(blocks, words),
        url=str(_pick(record, "url") or "").strip(),
        date=parse_date(_pick(record, "date")),
        author=str(_pick(record, "author") or "").strip(),
        outlet_names=(str(outlet).strip(),) if outlet else (),
        event=str(_pick(record, "event") or "").strip(),
        story=number,
    )


def _paragraph_blocks(text: str) -> list[Block]:
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r", "") else text.splitlines()
    return [Block(Role.BODY, squash(p)) for p in parts if p.strip()]


def _check_columns(records: list[Mapping[str, object]], path: str) -> None:
    columns = sorted({str(k) for r in records for k in r})
    lowered = {c.strip().casefold() for c in columns}
    if not lowered & set(_COLUMNS["text"]):
        raise InputError(
            path,
            f"no text column (one of {', '.join(_COLUMNS['text'])}); columns found: "
            f"{', '.join(columns) or 'none'}",
        )


def read_records(
    records: list[object], fmt: str, path: str, words: RoleVocabulary
) -> Iterator[RawArticle | InputError]:
    """One article per record (story = record number from 1); bad records yield their error."""
    mappings = [r for r in records if isinstance(r, Mapping)]
    if not mappings:
        raise InputError(path, f"{fmt} holds no records (objects with a text column)")
    _check_columns(mappings, path)
    for number, record in enumerate(records, start=1):
        if isinstance(record, InputError):  # a line or row its parser could not read
            yield InputError(f"{path}#{number}", record.reason)
            continue
        if not isinstance(record, Mapping):
            yield InputError(f"{path}#{number}", f"record is a {type(record).__name__}, not an object")
            continue
        try:
            yield _record_article(_without_surrogates(record), fmt, path, number, words)
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


def parse_json(text: str, path: str) -> list[object]:
    """The records of a JSON file: a list, a list under ``articles``/``items``/…, or one object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "records", "results"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    if isinstance(data, list):
        return data
    raise InputError(path, f"JSON holds a {type(data).__name__}, not articles")


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
