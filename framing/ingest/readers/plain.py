"""Markdown and plain-text files (and GNews pages mirrored as Markdown): the title from the first heading."""

from __future__ import annotations

import re
from dataclasses import replace

from framing.ingest.readers.blocks import Block, RawArticle, first_dateline, looks_like_heading, squash
from framing.ingest.readers.markdown import markdown_blocks
from framing.ingest.readers.roles import finish_blocks, repost_url
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

_GNEWS_NAV = re.compile(r"返回首頁|返回首页")
# Markdown signs: a line starting like a heading, list item or quote; a link; bold text. The
# line starts are looked for after a newline (and at the start apart): a pattern starting
# with ``^`` under re.M is tried at every position, one starting with a literal is not.
_MARKDOWN_LINE_SIGN = re.compile(r"#{1,6}\s|[-*+]\s|>\s")
_MARKDOWN_SIGNS = re.compile(r"\n(?:#{1,6}\s|[-*+]\s|>\s)|\*\*[^*]+\*\*")
# A link, ``\[[^\]]*\]\([^)]*\)``, found as ``_MD_LINK`` is (each ``[`` read once): the first
# ``[…](`` with a ``)`` anywhere after it; with none after the first, there is none after the others.
_MARKDOWN_LINK_START = re.compile(r"\[[^\]]*(\]\()?")


def has_markdown_signs(text: str) -> bool:
    """Whether the text has a Markdown heading, list item, quote, bold text or link (else plain text)."""
    if _MARKDOWN_LINE_SIGN.match(text) or _MARKDOWN_SIGNS.search(text):
        return True
    opening = next((m for m in _MARKDOWN_LINK_START.finditer(text) if m.group(1)), None)
    return opening is not None and text.find(")", opening.end()) >= 0


def read_markdown(text: str, path: str, words: RoleVocabulary) -> list[RawArticle]:
    """Markdown or plain text: the first heading (or a short first line) is the title."""
    is_markdown = has_markdown_signs(text)
    blocks = markdown_blocks(text) if is_markdown else _plain_blocks(text)
    fmt = "markdown" if is_markdown else "plain-text"
    if _GNEWS_NAV.search(text[:400]):
        fmt = "gnews-mirror-markdown"
        blocks = [replace(b, role=Role.FOOTER) if _GNEWS_NAV.search(b.text) else b for b in blocks]
    title = ""
    for index, block in enumerate(blocks):
        if block.role is Role.FOOTER:
            continue
        if block.role is Role.HEADING or (not is_markdown and looks_like_heading(block.text)):
            title = block.text
            blocks = blocks[:index] + [replace(block, role=Role.TITLE)] + blocks[index + 1 :]
        break
    finished = finish_blocks(blocks, words)
    # The title goes first so the sentence stage meets it first; anything before it
    # (a navigation line) keeps its place after it.
    ordered = tuple(b for b in finished if b.role is Role.TITLE) + tuple(
        b for b in finished if b.role is not Role.TITLE
    )
    return [
        RawArticle(
            format=fmt,
            title=title,
            blocks=ordered,
            url=repost_url(finished, words),
            date=first_dateline(finished),
            outlet_names=("GNews",) if fmt == "gnews-mirror-markdown" else (),
        )
    ]


def _plain_blocks(text: str) -> list[Block]:
    return [Block(Role.BODY, squash(line)) for line in text.splitlines() if line.strip()]
