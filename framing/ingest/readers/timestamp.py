"""The timestamp-link layout of feed mirrors: ``<!--epoch-ms-->``, ``[title](url)``, a rule, an HTML body."""

from __future__ import annotations

import re
from datetime import datetime

from framing.errors import InputError
from framing.ingest.readers.blocks import RawArticle, first_dateline, title_block
from framing.ingest.readers.dates import from_epoch
from framing.ingest.readers.markdown import body_blocks, markdown_inline
from framing.ingest.readers.roles import finish_blocks
from framing.ingest.readers.vocabulary import RoleVocabulary

TIMESTAMP = re.compile(r"\A\s*<!--\s*(\d{10,13})\s*-->[ \t]*\r?\n")
_TITLE_LINK_START = re.compile(r"\A\s*\[")
_TITLE_RULE = re.compile(r"[ \t]*-{3,}[ \t]*(?:\r?\n|\Z)")


def title_link(text: str) -> tuple[str, str, int] | None:
    r"""``(title, url, end)`` of a ``[title](url)`` first line (and a ``---`` rule after it):
    what ``\A\s*\[(.*)\]\((\S*)\)[ \t]*\r?\n(?:[ \t]*-{3,}[ \t]*(?:\r?\n|\Z))?`` matches,
    found without its backtracking, which tried each ``](`` of the line with a scan to the
    line's end (quadratic on a line of ``[a](a](a](…``).

    The URL runs, without spaces, from the last ``](`` of the line to a ``)`` followed only by
    spaces or tabs to the line's end: the greedy ``(.*)`` takes the last ``](`` that can do.
    """
    start = _TITLE_LINK_START.match(text)
    if start is None:
        return None
    newline = text.find("\n", start.end())
    if newline < 0:
        return None
    # where the line's trailing spaces, tabs and \r begin: the URL's ``)`` is just before
    line = text[start.end() : newline]
    close = start.end() + len(line.removesuffix("\r").rstrip(" \t")) - 1
    if close < start.end() or text[close] != ")":
        return None
    cut = text.rfind("](", start.end(), close)
    if cut < 0 or any(ch.isspace() for ch in text[cut + 2 : close]):
        return None
    rule = _TITLE_RULE.match(text, newline + 1)
    return text[start.end() : cut], text[cut + 2 : close], rule.end() if rule else newline + 1


def timestamp_layout(body: str) -> tuple[datetime | None, str, str, str] | None:
    """``(epoch date, title, url, rest)`` for a ``<!--epoch-->[title](url)------`` body."""
    stamp = TIMESTAMP.match(body)
    if not stamp:
        return None
    rest = body[stamp.end() :]
    link = title_link(rest)
    if not link:
        return from_epoch(float(stamp.group(1))), "", "", rest
    title, _, _ = markdown_inline(link[0])
    return from_epoch(float(stamp.group(1))), title, link[1], rest[link[2] :]


def read_timestamp_link(text: str, path: str, words: RoleVocabulary) -> list[RawArticle]:
    """``<!--epoch-ms-->`` then ``[title](url)``, a ``------`` rule and an HTML body."""
    layout = timestamp_layout(text)
    if layout is None:
        raise InputError(path, "no <!--epoch--> header")
    stamp, title, url, body = layout
    blocks = finish_blocks(body_blocks(body, words), words)
    return [
        RawArticle(
            format="timestamp-link-html",
            title=title,
            blocks=title_block(title) + blocks,
            url=url,
            date=first_dateline(blocks) or stamp,
        )
    ]
