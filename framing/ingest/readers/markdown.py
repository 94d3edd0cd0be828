"""Markdown bodies → blocks, read with markdown-it: one block a line; headings, items, images, links."""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt

from framing.ingest.readers.blocks import Block, anchor_share, bare, looks_like_heading, squash
from framing.ingest.readers.html import html_blocks, looks_like_html
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

# The parser for bodies: CommonMark, with raw HTML kept inline (dropped from the text) and the
# rules these sources never mean switched off: indented code (a paragraph indented by four
# spaces stays a paragraph), fences, block quotes, HTML blocks, link reference definitions,
# setext headings (a line of = under a line is a rule), entities and backslash escapes (the
# text keeps them as written). Link targets are kept as written, not percent-encoded.
_OFF = ["code", "fence", "blockquote", "html_block", "reference", "lheading", "entity", "escape"]
_PARSER = MarkdownIt("commonmark", {"html": True}).disable(_OFF)
_PARSER.normalizeLink = str
_PARSER.normalizeLinkText = str
# The same, for the block structure alone: each line's inline markup is read on its own.
_BLOCKS = MarkdownIt("commonmark", {"html": True}).disable([*_OFF, "inline"])
# For the digest's story bodies (HTML with Markdown links after it): CommonMark as it is.
_RENDERER = MarkdownIt("commonmark", {"html": True})

# A line without inline markup is plain text; a text with no line starting like a heading,
# list item, rule or quote is plain lines, which the block parser need not read.
# (A link or image needs "](": reference definitions are off, so a lone "[" is text.)
_INLINE_MARKUP = re.compile(r"\]\(|[<*`_\\]")
_BLOCK_MARKUP = re.compile(r"(?:\A|[\r\n])\s*(?:[#>=+*_-]|\d+[.)])")
_LINE_BREAK = re.compile(r"\r\n?|\n")  # as CommonMark breaks lines
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")


def markdown_inline(text: str) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    """Plain text of one Markdown line, its links as ``(url, anchor)``, and whether it held an
    image. Images and raw HTML tags leave no text; stray emphasis marks are dropped."""
    if not _INLINE_MARKUP.search(text):  # most lines: plain prose, nothing to read
        return squash(text), (), False
    pieces: list[str] = []
    links: list[tuple[str, str]] = []
    anchor: list[str] | None = None
    href = ""
    had_image = False
    for token in _PARSER.parseInline(text)[0].children or ():
        if token.type in ("text", "code_inline"):
            pieces.append(token.content)
            if anchor is not None:
                anchor.append(token.content)
        elif token.type == "link_open":
            anchor, href = [], str(token.attrs.get("href", ""))
        elif token.type == "link_close" and anchor is not None:
            links.append((href, bare("".join(anchor))))
            anchor = None
        elif token.type == "image":
            had_image = True
    plain = "".join(pieces).replace("*", "").replace("`", "")
    if "_" in plain:
        plain = _UNDERSCORE_EMPHASIS.sub("", plain)
    return squash(plain), tuple(links), had_image


def markdown_blocks(markdown: str) -> list[Block]:
    """One block per non-empty line (these sources put one paragraph on each line); the
    parser tells headings, list items and rules from paragraph lines."""
    blocks: list[Block] = []
    if _BLOCK_MARKUP.search(markdown):
        for line, kind in _structured_lines(markdown):
            _add_line(blocks, line, kind)
        return blocks
    for line in _LINE_BREAK.split(markdown):  # plain lines: each a paragraph
        if _INLINE_MARKUP.search(line):
            _add_line(blocks, line, "line")
        elif line.strip():
            blocks.append(Block(Role.BODY, squash(line)))
    return blocks


def _structured_lines(markdown: str) -> list[tuple[str, str]]:
    """Each source line of the text's paragraphs, headings and list items (rules leave
    none), with its kind: ``heading``, ``item`` (a list item's first line) or ``line``."""
    lines: list[tuple[str, str]] = []
    heading = item = False
    for token in _BLOCKS.parse(markdown):
        if token.type == "heading_open":
            heading = True
        elif token.type == "list_item_open":
            item = True
        elif token.type == "inline":
            for number, line in enumerate(token.content.split("\n")):
                lines.append((line, "heading" if heading else "item" if item and number == 0 else "line"))
            heading = item = False
    return lines


def _add_line(blocks: list[Block], line: str, kind: str) -> None:
    """Append the block of one source line (``kind``: heading, item or line) to ``blocks``;
    the links of a line without text go to the block before it."""
    stripped = line.strip()
    if not stripped or not line.strip(" \t=") and "=" in line:  # a line of = is a rule
        return
    text, links, had_image = markdown_inline(line)
    if not text:
        if blocks and links:
            blocks[-1] = replace(blocks[-1], links=blocks[-1].links + links)
        return
    role = Role.BODY
    if kind == "heading":
        role = Role.HEADING
    elif kind == "line" and had_image and stripped.startswith("!["):
        role = Role.CAPTION
    elif kind == "item" and anchor_share(text, links) >= 0.6:
        role = Role.LINKS
    elif stripped.startswith("**") and stripped.rstrip("：:").endswith("**") and looks_like_heading(text):
        role = Role.HEADING
    blocks.append(Block(role, text, links))


def body_blocks(body: str, words: RoleVocabulary) -> list[Block]:
    """HTML when the body holds HTML tags, Markdown otherwise."""
    return html_blocks(body, words) if looks_like_html(body) else markdown_blocks(body)


def markdown_as_html(text: str) -> str:
    """``text`` rendered as HTML by CommonMark (raw HTML in it passes through as it is)."""
    return _RENDERER.render(text)
