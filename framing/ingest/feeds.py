"""Feed reader: RSS 2.0, RSS 1.0 (RDF) and Atom text → one ``RawArticle`` per item.

    if looks_like_feed(text):
        for item in read_feed(text, "news.xml"):
            ...  # a RawArticle, or an InputError for what could not be read

Each item becomes an article: its title, link, date and author, and its text from
``content:encoded`` (Atom ``content``) when the feed carries it, else from ``description``
(Atom ``summary``). Escaped HTML is decoded and cleaned (feedparser removes scripts and
styles) into paragraphs with roles, as the other readers do. The outlet names offered are
the feed's title, the item's ``<source>`` and its author.

An item whose text is only a summary (under ``SUMMARY_MAX_CHARS`` characters of body text,
or ending in an ellipsis: ``…``, ``...``, ``[…]``) gets the format ``<kind>-feed-summary``
instead of ``<kind>-feed`` (``rss``, ``atom`` or ``rdf``), so the ledger shows it;
``is_summary_only`` tells the two apart. A feed that breaks off (a truncated download)
gives the items read up to the break, then an ``InputError`` naming the problem.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from html import unescape

from framing.errors import InputError
from framing.ingest.readers.blocks import Block, RawArticle, squash
from framing.ingest.readers.dates import parse_date
from framing.ingest.readers.html import html_blocks, looks_like_html
from framing.ingest.readers.roles import finish_blocks
from framing.ingest.readers.vocabulary import RoleVocabulary, default_vocabulary
from framing.model import Role

SUMMARY_MAX_CHARS = 200  # body characters; a shorter item is taken for a teaser, not the article
SUMMARY_SUFFIX = "-summary"
_ELLIPSIS_ENDS = ("…", "...", "[…]", "[...]", "(…)", "（…）")

# What may stand before the root element: a byte-order mark, the XML declaration,
# processing instructions (a stylesheet), comments and a DOCTYPE.
_PROLOG = re.compile(
    r"\ufeff?\s*(?:(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>)\s*)*", re.S
)
_ROOT = re.compile(r"<([\w.-]+:)?(rss|feed|RDF)\b([^>]*)>")
_ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
_RSS1_NAMESPACE = "http://purl.org/rss/1.0/"
_HEAD_CHARS = 8192


def looks_like_feed(text: str) -> bool:
    """Whether ``text`` is a feed, from its root element: ``<rss``, an Atom ``<feed`` (its
    namespace declared on it) or an RSS 1.0 ``<rdf:RDF`` (the RSS 1.0 namespace in it)."""
    head = text[:_HEAD_CHARS]
    prolog = _PROLOG.match(head)
    root = _ROOT.match(head, prolog.end() if prolog else 0)
    if root is None:
        return False
    prefix, name, attributes = root.groups()
    if name == "rss":
        return prefix is None
    if name == "feed":
        return any(namespace in attributes for namespace in _ATOM_NAMESPACES)
    return prefix == "rdf:" and _RSS1_NAMESPACE in head


def is_summary_only(article: RawArticle) -> bool:
    """Whether a feed item carried only a summary of the article (see the module docstring)."""
    return article.format.endswith(SUMMARY_SUFFIX)


def read_feed(text: str, path: str, words: RoleVocabulary | None = None) -> Iterator[RawArticle | InputError]:
    """One ``RawArticle`` per item (``story`` = the item's number from 1), in feed order.

    ``words``: the paragraph-role vocabulary (default: the built-in lexicons').

    Raises ``InputError`` for text that holds no item; a malformed feed (one that breaks
    off) yields the items read, then an ``InputError`` naming the problem and its line.
    """
    words = words or default_vocabulary()
    parsed = _parse(text)
    problem = _problem(parsed)
    entries = list(parsed.entries)
    if not entries:
        raise InputError(path, f"malformed feed: {problem}" if problem else "feed holds no items")
    kind = _kind(parsed.get("version", ""))
    feed_title = squash(str(parsed.feed.get("title", "")))
    for number, entry in enumerate(entries, start=1):
        yield _item_article(entry, kind, feed_title, number, words)
    if problem:
        read = f"{len(entries)} item(s) read, the last may be cut short"
        yield InputError(path, f"malformed feed ({problem}): {read}")


def _parse(text: str):
    """feedparser's result for ``text``, given as bytes said to be UTF-8: feedparser would
    take a str for a file name or a URL to open, and the text is already decoded."""
    import feedparser

    data = io.BytesIO(text.encode("utf-8", "surrogatepass"))
    return feedparser.parse(data, response_headers={"content-type": "application/xml; charset=utf-8"})


def _problem(parsed) -> str:
    """The parser's complaint as one line; empty when the feed is well formed (a declared
    encoding that differs from the decoded text's is no problem: the text is decoded)."""
    import feedparser

    if not parsed.get("bozo"):
        return ""
    error = parsed.get("bozo_exception")
    if isinstance(error, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return ""
    message = getattr(error, "getMessage", None)
    line = getattr(error, "getLineNumber", None)
    text = message() if callable(message) else str(error)
    where = f" at line {line()}" if callable(line) and line() else ""
    return squash(f"{text}{where}")[:200] or type(error).__name__


def _kind(version: str) -> str:
    if version.startswith("atom"):
        return "atom"
    if version in ("rss10", "rss090"):
        return "rdf"
    return "rss"


def _item_article(
    entry: Mapping, kind: str, feed_title: str, number: int, words: RoleVocabulary
) -> RawArticle:
    """One item as a ``RawArticle``: the full content when given, else the description."""
    title = squash(unescape(str(entry.get("title", ""))))
    value, is_html = _body(entry)
    blocks = finish_blocks(_html_or_plain(value, is_html, words), words)
    body = [b.text for b in blocks if b.role is Role.BODY]
    summary = sum(len(t) for t in body) < SUMMARY_MAX_CHARS or (
        bool(body) and body[-1].endswith(_ELLIPSIS_ENDS)
    )
    author = _author(entry)
    source = entry.get("source") or {}
    names = (feed_title, squash(str(source.get("title", ""))), author)
    return RawArticle(
        format=f"{kind}-feed{SUMMARY_SUFFIX if summary else ''}",
        title=title,
        blocks=((Block(Role.TITLE, title),) if title else ()) + blocks,
        url=str(entry.get("link", "")).strip(),
        date=_date(entry),
        author=author,
        outlet_names=tuple(n for n in names if n),
        story=number,
    )


def _body(entry: Mapping) -> tuple[str, bool]:
    """The item's text and whether it is HTML: the longest ``content`` (content:encoded,
    Atom content), else the ``summary`` (description)."""
    contents = [c for c in entry.get("content") or () if str(c.get("value", "")).strip()]
    if contents:
        chosen = max(contents, key=lambda c: len(str(c.get("value", ""))))
        value, kind = str(chosen.get("value", "")), str(chosen.get("type", "text/html"))
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = str(entry.get("summary", "")), str(detail.get("type", "text/html"))
    is_html = kind in ("text/html", "application/xhtml+xml")
    # Escaped twice by the feed (``&amp;lt;p&amp;gt;``): still tags as text after one decoding.
    if is_html and not looks_like_html(value) and "&lt;" in value and looks_like_html(unescape(value)):
        value = unescape(value)
    return value, is_html


def _html_or_plain(value: str, is_html: bool, words: RoleVocabulary) -> list[Block]:
    if is_html and looks_like_html(value):
        return html_blocks(value, words)
    text = unescape(value) if is_html else value
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r", "") else text.splitlines()
    return [Block(Role.BODY, squash(p)) for p in parts if p.strip()]


def _author(entry: Mapping) -> str:
    """The item's author by name (``author_detail``), else the author text as given."""
    detail = entry.get("author_detail") or {}
    name = squash(str(detail.get("name", "")))
    return name or squash(str(entry.get("author", "")))


def _date(entry: Mapping) -> datetime | None:
    """The item's date as written (its zone kept), else feedparser's UTC reading of it."""
    for key in ("published", "updated", "created"):
        found = parse_date(entry.get(key))
        if found is not None:
            return found
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC)
    return None
