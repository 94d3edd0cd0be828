"""Markdown bodies → blocks: one block a line, headings, list items, images and links found."""

from __future__ import annotations

import re
from dataclasses import replace

from framing.ingest.readers.blocks import Block, anchor_share, bare, looks_like_heading, squash
from framing.ingest.readers.html import html_blocks, looks_like_html
from framing.ingest.readers.roles import RoleVocabulary
from framing.model import Role

# ``[text](url "title")``. The part after the text is optional so that a ``[`` whose link
# fails still matches, up to the next ``]``: the engine goes on after it instead of trying
# each ``[`` before that ``]`` again, all of which would fail the same way (one scan of
# ``[^\]]*`` per ``[``: quadratic on ``[[[[…``). Group 2 (the URL) is None for those;
# ``_link_sub`` leaves them as they are, so the links found are the ones
# ``\[([^\]]*)\]\(…\)`` finds.
_MD_IMAGE = re.compile(r"!\[([^\]]*)(?:\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\))?")
_MD_LINK = re.compile(r"\[([^\]]*)(?:\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\))?")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)$")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MD_LINE_MARKS = frozenset("#-*_=+")  # what _MD_RULE, _MD_HEADING and _MD_LIST start with (or \s, \d)
_MARKUP_CHAR = re.compile(r"[\[<*`_]")  # a line without these holds no image, link, tag or emphasis


def _link_sub(pattern: re.Pattern[str], replace_link, text: str) -> str:
    """``pattern.sub(replace_link, text)`` for ``_MD_LINK`` / ``_MD_IMAGE``: only the matches
    that are whole links (their URL group took part) are replaced."""
    return pattern.sub(lambda m: m.group() if m.group(2) is None else replace_link(m), text)


def _strip_tags(text: str) -> str:
    """``_HTML_TAG.sub("", text)``. A tag runs to the next ``>``: after the last ``>`` none
    can end, and leaving that stretch out keeps ``[^>]*`` from scanning it again from each
    ``<`` in it (quadratic on ``<a <a <a …``)."""
    end = text.rfind(">") + 1
    return _HTML_TAG.sub("", text[:end]) + text[end:]


def markdown_inline(text: str) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    """Plain text of one Markdown line, its links, and whether it held an image."""
    if not _MARKUP_CHAR.search(text):  # most lines: plain prose, nothing to strip
        return squash(text), (), False
    had_image = any(m.group(2) is not None for m in _MD_IMAGE.finditer(text))
    text = _link_sub(_MD_IMAGE, lambda m: "", text)
    links: list[tuple[str, str]] = []

    def link(match: re.Match[str]) -> str:
        links.append((match.group(2), bare(match.group(1))))
        return match.group(1)

    text = _link_sub(_MD_LINK, link, text)
    text = _strip_tags(text)
    text = text.replace("*", "").replace("`", "")
    if "_" in text:  # the pattern starts with a lookbehind: it is tried at every position
        text = _UNDERSCORE_EMPHASIS.sub("", text)
    return squash(text), tuple(links), had_image


def markdown_blocks(markdown: str) -> list[Block]:
    """One block per non-empty line (these sources put one paragraph on each line)."""
    blocks: list[Block] = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        heading = item = None
        first = line[0]
        # A rule, heading or list item starts with a space, a digit or one of these marks.
        if first in _MD_LINE_MARKS or first.isspace() or first.isdecimal():
            if _MD_RULE.match(line):
                continue
            heading = _MD_HEADING.match(line)
            item = _MD_LIST.match(line)
        elif not _MARKUP_CHAR.search(line):  # most lines: a paragraph of plain prose
            blocks.append(Block(Role.BODY, squash(line)))
            continue
        source = heading.group(2) if heading else item.group(1) if item else line
        text, links, had_image = markdown_inline(source)
        if not text:
            if blocks and links:
                blocks[-1] = replace(blocks[-1], links=blocks[-1].links + links)
            continue
        role = Role.BODY
        stripped = source.strip()
        bold_only = stripped.startswith("**") and stripped.rstrip("：:").endswith("**")
        if heading:
            role = Role.HEADING
        elif had_image and line.lstrip().startswith("!["):
            role = Role.CAPTION
        elif item and anchor_share(text, links) >= 0.6:
            role = Role.LINKS
        elif bold_only and looks_like_heading(text):
            role = Role.HEADING
        blocks.append(Block(role, text, links))
    return blocks


def body_blocks(body: str, words: RoleVocabulary) -> list[Block]:
    """HTML when the body holds HTML tags, Markdown otherwise."""
    return html_blocks(body, words) if looks_like_html(body) else markdown_blocks(body)



def links_as_html(text: str) -> str:
    """``text`` with each Markdown link ``[anchor](url)`` written as ``<p><a href="url">anchor</a></p>``
    (the digest's story bodies are HTML with a Markdown link after them)."""
    return _link_sub(_MD_LINK, lambda m: m.expand(r'<p><a href="\2">\1</a></p>'), text)
