"""Which reader a file needs, told from its content (never its extension), and the file read with it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from framing.errors import InputError
from framing.ingest.feeds import looks_like_feed, read_feed
from framing.ingest.readers.blocks import RawArticle
from framing.ingest.readers.digest import digest_header, read_cctv_digest
from framing.ingest.readers.front_matter import FRONT_MATTER, read_front_matter
from framing.ingest.readers.page import HTML_PAGE, read_html_page
from framing.ingest.readers.plain import read_markdown
from framing.ingest.readers.records import parse_csv, parse_json, parse_jsonl, read_records
from framing.ingest.readers.story_list import flat_records
from framing.ingest.readers.timestamp import TIMESTAMP, read_timestamp_link
from framing.ingest.readers.vocabulary import RoleVocabulary, default_vocabulary

_CSV_HEADER = re.compile(r"\A\ufeff?[\w \"'-]+(?:([,\t;])[\w \"'-]+)(?:\1[\w \"'-]+)*\r?\n")


def detect_format(text: str) -> str:
    """The reader for this text, from its content (see the module docstring for names)."""
    if FRONT_MATTER.match(text):
        return "front-matter"
    if TIMESTAMP.match(text):
        return "timestamp-link-html"
    head = text.lstrip()[:2000]
    if digest_header(text[:400]):
        return "cctv-digest"
    if looks_like_feed(text):
        return "feed"
    if head.startswith(("{", "[")):
        first_line = head.split("\n", 1)[0].strip()
        if head.startswith("{") and first_line.endswith("}") and "\n" in text.strip():
            return "jsonl"
        return "json"
    if HTML_PAGE.match(text):
        return "html-page"
    header = _CSV_HEADER.match(text)
    if header:
        delimiter = header.group(1)
        lines = text.splitlines()
        if len(lines) > 1 and lines[1].count(delimiter) >= header.group(0).count(delimiter):
            return "csv"
    return "markdown"


def read_text(text: str, path: str, words: RoleVocabulary | None = None) -> Iterator[RawArticle | InputError]:
    """Every article in one decoded file; a record that fails yields its ``InputError``.

    ``words``: the paragraph-role vocabulary (default: the built-in lexicons').
    """
    words = words or default_vocabulary()
    fmt = detect_format(text)
    if fmt == "front-matter":
        yield from read_front_matter(text, path, words)
    elif fmt == "timestamp-link-html":
        yield from read_timestamp_link(text, path, words)
    elif fmt == "cctv-digest":
        yield from read_cctv_digest(text, path, words)
    elif fmt == "json":
        yield from read_records(parse_json(text, path), "json", path, words)
    elif fmt == "jsonl":
        yield from read_records(flat_records(parse_jsonl(text, path)), "jsonl", path, words)
    elif fmt == "csv":
        yield from read_records(flat_records(parse_csv(text, path)), "csv", path, words)
    elif fmt == "feed":
        yield from read_feed(text, path, words)
    elif fmt == "html-page":
        yield from read_html_page(text, path, words)
    else:
        yield from read_markdown(text, path, words)
