"""CCTV 新闻联播 daily transcripts: one article per story of the broadcast's detailed news."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from framing.errors import InputError
from framing.ingest.readers.blocks import RawArticle, title_block
from framing.ingest.readers.dates import BEIJING, parse_date
from framing.ingest.readers.fields import names_field, text_field
from framing.ingest.readers.markdown import body_blocks, markdown_as_html, markdown_inline
from framing.ingest.readers.roles import finish_blocks
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

_CCTV_DIGEST = re.compile(r"^#\s*《新闻联播》\s*[（(]\s*(\d{8})\s*[)）]", re.M)
_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.M)


def digest_header(text: str) -> re.Match[str] | None:
    """The ``# 《新闻联播》 (YYYYMMDD)`` line; only texts naming 《新闻联播》 are searched (a
    pattern starting at any line start is tried at every position of the text)."""
    return _CCTV_DIGEST.search(text) if "《新闻联播》" in text else None


_STORY = re.compile(r"^###\s+(.+?)\s*$", re.M)
_UPDATE_STAMP = re.compile(r"[（(]\s*更新时间戳\s*[:：]\s*\d+\s*[)）]")


def read_cctv_digest(
    text: str, path: str, words: RoleVocabulary, fields: Mapping | None = None
) -> list[RawArticle]:
    """One ``RawArticle`` per story (``###`` heading under 详细新闻), story index from 1.

    The 新闻摘要 section is the broadcast's table of contents, not a story; it is not read.
    """
    header = digest_header(text)
    if not header:
        raise InputError(path, "no 《新闻联播》 (YYYYMMDD) header")
    day = parse_date(header.group(1))
    broadcast = day.replace(hour=19, tzinfo=BEIJING) if day else None
    sections = list(_SECTION.finditer(text))
    detail_start = next((m.end() for m in sections if "详细" in m.group(1)), None)
    if detail_start is None:
        raise InputError(path, "新闻联播 transcript without a 详细新闻 section")
    detail = text[detail_start:]
    heads = list(_STORY.finditer(detail))
    if not heads:
        raise InputError(path, "新闻联播 transcript without ### story headings")
    stories: list[RawArticle] = []
    for number, head in enumerate(heads, start=1):
        end = heads[number].start() if number < len(heads) else len(detail)
        chunk = detail[head.end() : end]
        title, _, _ = markdown_inline(head.group(1))
        # The story bodies are HTML with a Markdown [查看原文](url) link after them.
        chunk = markdown_as_html(chunk.replace("\n---\n", "\n"))
        blocks = list(body_blocks(chunk, words))
        # The 查看原文 link is the story's own page; the update stamp is the mirror's.
        url = next((u for b in blocks for u, a in b.links if "查看原文" in a), "")
        blocks = [replace(b, role=Role.FOOTER) if _UPDATE_STAMP.search(b.text) else b for b in blocks]
        stories.append(
            RawArticle(
                format="cctv-digest",
                title=title,
                blocks=title_block(title) + finish_blocks(blocks, words),
                url=url,
                date=broadcast,
                outlet_names=("CCTV 新闻联播",) + names_field(fields or {}, "author"),
                event=text_field(fields or {}, "event"),
                story=number,
            )
        )
    return stories
