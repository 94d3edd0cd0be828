"""Blocks, the readers' common currency: ``Block`` and ``RawArticle``, and plain-text helpers on them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from framing.ingest.readers.dates import parse_date
from framing.model import Role, frozen_record


@frozen_record
class Block:
    """One paragraph-to-be: its role, its plain text, and the links in it as (url, anchor text)."""

    role: Role
    text: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RawArticle:
    """What a reader found in a file, before normalisation and outlet lookup."""

    format: str
    title: str
    blocks: tuple[Block, ...]
    url: str = ""
    date: datetime | None = None
    author: str = ""
    outlet_names: tuple[str, ...] = ()  # names in the file that may name the outlet
    event: str = ""
    story: int = 0
    note: str = ""  # for the ledger: how the reader read it (the fields of a record …)


_SENTENCE_END = re.compile(r"[。；;！!]$|[。！!][”」』]$")


def squash(text: str) -> str:
    """Runs of whitespace as one space and none at the ends, as ``re.sub(r"\\s+", " ", text).strip()``
    (``str.split`` and ``\\s`` know the same whitespace)."""
    return " ".join(text.split())


def _non_space(text: str) -> str:
    return "".join(text.split())


def bare(text: str) -> str:
    """Text without Markdown emphasis marks and surrounding spaces (for pattern tests)."""
    return text.replace("*", "").replace("`", "").strip()


def looks_like_heading(text: str) -> bool:
    """A short line that does not end like a sentence (for bold-only paragraphs)."""
    plain = bare(text)
    return 0 < len(plain) <= 50 and not _SENTENCE_END.search(plain) and not plain.endswith(("：", ":"))


def anchor_share(text: str, links: Iterable[tuple[str, str]]) -> float:
    """The share (0–1) of a block's non-space characters that are link anchor text."""
    total = len(_non_space(bare(text)))
    if not total:
        return 0.0
    anchored = sum(len(_non_space(bare(anchor))) for _, anchor in links)
    return min(1.0, anchored / total)


def title_block(title: str) -> tuple[Block, ...]:
    """The title as a block of its own (none for an empty title)."""
    return (Block(Role.TITLE, title),) if title else ()


def first_dateline(blocks: Iterable[Block]) -> datetime | None:
    """The date of the first date line among ``blocks`` that holds one."""
    for block in blocks:
        if block.role is Role.DATELINE:
            found = parse_date(bare(block.text).strip("（）() "))
            if found:
                return found
    return None
