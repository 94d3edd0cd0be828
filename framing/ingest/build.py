"""A reader's ``RawArticle`` → ``Article``: paragraphs with offsets, links, normalised text, title,
language, outlet, author, date and id."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from array import array
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from framing.ingest.manifest import ManifestRow
from framing.ingest.normalize import has_invisible, normalize_with_script, strip_invisible
from framing.ingest.options import IngestContext
from framing.ingest.outlets import UNKNOWN, Outlet, domain_of, parse_kind
from framing.ingest.readers.blocks import Block, RawArticle, bare
from framing.model import Article, Link, Paragraph, Role
from framing.safe_text import display_path

_FIRST_SENTENCE = re.compile(r"^(.{4,60}?[。！？!?])")
# language_of counts characters with bytes.translate. CJK ([\u3400-\u9fff\uf900-\ufaff])
# are the characters whose UTF-16 high byte is 0x34–0x9F or 0xF9–0xFA (a character beyond the
# Basic Multilingual Plane is a surrogate pair, 0xD8–0xDF); Latin letters are ASCII [A-Za-z].
_NOT_CJK_HIGH = bytes(b for b in range(256) if not (0x34 <= b <= 0x9F or 0xF9 <= b <= 0xFA))
_NOT_LATIN = bytes(b for b in range(128) if not chr(b).isalpha())


def compact_offsets(offsets: Iterable[int]):
    """An offset map as ``array("I")`` (4 bytes an index); ``()`` when there is none."""
    packed = array("I", offsets)
    return packed if packed else ()


def build_article(raw: RawArticle, path: Path, encoding: str, context: IngestContext) -> Article:
    """Normalise a reader's result into an ``Article`` (offsets, links, outlet, id)."""
    row = context.manifest.row(path, raw.story) if context.manifest else None
    title = raw.title
    if row is not None and row.title and (not raw.story or "#" in row.file):  # a file's title is no story's
        title = row.title
    blocks = list(raw.blocks)
    if title and (not blocks or blocks[0].role is not Role.TITLE):
        blocks.insert(0, Block(Role.TITLE, title))
    elif title and blocks[0].text != title:
        blocks[0] = replace(blocks[0], text=title)
    paragraphs: list[Paragraph] = []
    links: list[Link] = []
    offset = 0
    for index, block in enumerate(blocks):
        if paragraphs:
            offset += 2
        paragraphs.append(Paragraph(block.role, block.text, offset, offset + len(block.text)))
        offset += len(block.text)
        for url, anchor in block.links:
            absolute = urljoin(raw.url, url) if raw.url else url
            links.append(Link(absolute, anchor, domain_of(absolute), index))
    text = "\n\n".join(p.text for p in paragraphs)
    normalized, script = normalize_with_script(text, context.aliases)
    outlet, author = _outlet_and_author(raw, path, row, context)
    if not title:
        first_body = next((p.text for p in paragraphs if p.role is Role.BODY), "")
        match = _FIRST_SENTENCE.match(first_body)
        title = match.group(1) if match else first_body[:60]
    date = raw.date
    if row is not None and row.parsed_date is not None:
        listed = row.parsed_date
        if date is None or date.date() != listed.date():
            date = listed
    return Article(
        id=hashlib.sha1(normalized.text.encode("utf-8")).hexdigest()[:16],
        path=display_path(path),
        title=title,
        text=text,
        # one string when nothing changed: half the memory, and pickled once
        normalized=text if normalized.text == text else normalized.text,
        paragraphs=tuple(paragraphs),
        links=tuple(links),
        outlet=outlet.name,
        outlet_kind=outlet.kind,
        country=outlet.country,
        url=raw.url,
        date=date,
        author=author,
        language=language_of(text),
        script=script,
        format=raw.format,
        encoding=encoding,
        event=(row.event if row is not None and row.event else raw.event),
        story=raw.story,
        offset_map=compact_offsets(normalized.offset_map),
    )


def without_invisible(raw: RawArticle) -> RawArticle:
    """``raw`` with its text cleaned by ``normalize.strip_invisible`` (control, bidi and
    zero-width characters out, lone surrogates as U+FFFD); ``raw`` itself when clean."""
    texts = [raw.title, raw.url, raw.author, raw.event, *raw.outlet_names]
    for block in raw.blocks:
        texts.append(block.text)
        texts.extend(part for link in block.links for part in link)
    if not has_invisible("\n".join(texts)):  # most articles: one search
        return raw
    clean = strip_invisible
    return replace(
        raw,
        title=clean(raw.title),
        blocks=tuple(
            replace(
                b,
                text=clean(b.text),
                links=tuple((clean(url), clean(anchor)) for url, anchor in b.links),
            )
            for b in raw.blocks
        ),
        url=clean(raw.url),
        author=clean(raw.author),
        outlet_names=tuple(clean(n) for n in raw.outlet_names),
        event=clean(raw.event),
    )


def language_of(text: str) -> str:
    """``zh`` when CJK characters are at least a tenth of the Latin letters, ``en`` for Latin
    text, else ``und``."""
    cjk = cjk_count(text)
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    if cjk and cjk >= latin / 10:
        return "zh"
    return "en" if latin else "und"


def cjk_count(text: str) -> int:
    """How many CJK characters (``[\u3400-\u9fff\uf900-\ufaff]`` and those beyond the Basic
    Multilingual Plane) ``text`` holds."""
    return len(text.encode("utf-16-be", "surrogatepass")[::2].translate(None, _NOT_CJK_HIGH))


def _outlet_and_author(
    raw: RawArticle, path: Path, row: ManifestRow | None, context: IngestContext
) -> tuple[Outlet, str]:
    directory = context.directory
    outlet: Outlet | None = None
    if context.options.outlet:
        outlet = directory.get(context.options.outlet)
    elif row is not None and row.outlet:
        outlet = directory.get(row.outlet)
    else:
        outlet = _mapped_outlet(path, context)
        outlet = outlet or (directory.by_url(raw.url) if raw.url else None)
        for name in raw.outlet_names:
            if outlet is not None:
                break
            outlet = directory.by_name(name)
        if outlet is None:
            for folder in folder_names(path.parent):
                outlet = directory.by_name(folder)
                if outlet is not None:
                    break
    outlet = outlet or UNKNOWN
    if row is not None and row.outlet_kind:
        kind = parse_kind(row.outlet_kind)
        if kind is not None and kind is not outlet.kind:
            outlet = replace(outlet, kind=kind)
    author = raw.author
    if author and directory.by_name(author) is not None:
        author = ""  # feed mirrors put the outlet in the author field
    if not author:
        for block in raw.blocks:
            match = context.roles.author_line.match(bare(block.text)) if block.role is Role.BYLINE else None
            if match:
                author = match.group(1).strip()
                break
    return outlet, author


@lru_cache(maxsize=256)
def folder_names(folder: Path) -> tuple[str, ...]:
    """The names of ``folder`` and of the two folders above it (a file's ``parents[:3]``)."""
    return tuple(f.name for f in (folder, *folder.parents)[:3])


def _mapped_outlet(path: Path, context: IngestContext) -> Outlet | None:
    posix = path.as_posix()
    for pattern, name in context.outlet_map:
        if fnmatch.fnmatch(posix, pattern) or pattern in path.parts:
            return context.directory.get(name)
    return None
