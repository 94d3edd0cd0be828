"""Read folders of news files into clean, normalised ``Article`` objects, with a ledger.

    articles, ledger = load_articles(["../shared/corpus"])

Every input file gets a ``LedgerEntry``: ingested (with its article ids), duplicate of an
earlier file, or skipped with a one-line reason. Nothing is dropped without one.

Steps for each file: walk the paths (sorted, symlink loops detected) → read bytes (size
limit) → decode (UTF-8 with or without BOM, GB18030/GBK, Big5) → detect the format from the
content and read it (``framing.ingest.readers``) → normalise (``framing.ingest.normalize``) → infer the
outlet (``framing.ingest.outlets``) → drop exact and near duplicates.

Ledger conventions
------------------
* A file holding several articles (a 新闻联播 transcript, a JSON/CSV export) gets one entry
  per article, with ``path`` written ``file#N`` (N = the story or record number from 1).
* A file named ``manifest.csv`` with a ``file`` column is recognised as a manifest (the
  ledger of its folder): it is ``skipped`` with the reason ``manifest: …``, never read as an
  article. Pass it with ``IngestOptions(manifest=...)`` (``--manifest``) to apply it.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from framing.errors import InputError
from framing.ingest.outlets import UNKNOWN, Outlet, OutletDirectory, domain_of, parse_kind
from framing.ingest.readers import RawArticle, bare, parse_date, plausible_date, read_text
from framing.model import Article, LedgerEntry, LedgerStatus, Link, OutletKind, Paragraph, Role
from framing.output import is_report_folder
from framing.safe_text import display_path, printable

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"})
DIGEST_FORMATS = frozenset({"cctv-digest"})  # broadcasts of many stories on many topics
NEAR_DUPLICATE_JACCARD = 0.9  # share of shared 5-character shingles of the body text


@dataclass(frozen=True)
class IngestOptions:
    """Everything a user can set about ingestion, in one place (``--outlet``, ``--manifest`` …).

    Parameters
    ----------
    outlet : name of the outlet for every file (overrides everything else).
    outlet_map : CSV/TSV file with columns ``match`` and ``outlet``: ``match`` is a path glob
        (``*/voa/*``) or a folder name; the first matching row names the outlet.
    manifest : CSV with a ``file`` column (relative to the manifest's folder) and optional
        ``outlet``, ``outlet_kind``, ``date``, ``title``, ``event`` columns.
    lexicons : extra lexicon files or folders (``outlets.tsv``, ``aliases.tsv``) layered on
        the built-in ones.
    max_bytes : files larger than this are skipped with their size as the reason.
    near_duplicate : Jaccard similarity (0–1) of body shingles above which two articles are
        the same article.
    all_stories : keep every story of a broadcast digest; by default a story that names no
        word of the ``topic`` lexicon (俄罗斯, 普京, 莫斯科 …) is skipped as off-topic.
    follow_links : read what symbolic links inside the input folders point to even when it
        lies outside them; by default such a link is skipped with that reason.
    """

    outlet: str | None = None
    outlet_map: Path | None = None
    manifest: Path | None = None
    lexicons: tuple[Path, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    near_duplicate: float = NEAR_DUPLICATE_JACCARD
    all_stories: bool = False
    follow_links: bool = False

    @property
    def option_files(self) -> tuple[Path, ...]:
        """The files these options read besides the articles (no output may replace them)."""
        files = (self.outlet_map, self.manifest, *self.lexicons)
        return tuple(Path(f) for f in files if f is not None)


@dataclass(frozen=True)
class ManifestRow:
    outlet: str = ""
    outlet_kind: str = ""
    date: str = ""
    title: str = ""
    event: str = ""


@dataclass(frozen=True)
class IngestContext:
    """What ingestion needs besides the files: lexicon-backed tables and the user's settings."""

    options: IngestOptions
    directory: OutletDirectory
    aliases: object  # normalize.AliasTable
    manifest: Mapping[Path, ManifestRow] = field(default_factory=dict)
    manifest_path: Path | None = None
    outlet_map: tuple[tuple[str, str], ...] = ()
    topic: re.Pattern[str] | None = None  # None: keep every digest story


# ── public API ────────────────────────────────────────────────────────────────


def load_articles(
    paths: Iterable[Path | str] | Path | str, options: IngestOptions | None = None
) -> tuple[list[Article], list[LedgerEntry]]:
    """All articles in ``paths`` (files or folders) and the ledger of every input file.

    Returns
    -------
    (articles, ledger): articles in input order, duplicates left out; the ledger has one
    entry per file (or per story/record of a multi-article file).

    Raises
    ------
    InputError when an option file (manifest, outlet map) cannot be read; bad *input*
    files never raise, they get a ledger entry.
    """
    articles: list[Article] = []
    ledger: list[LedgerEntry] = []
    for article, entry in iter_articles(paths, options):
        if article is not None:
            articles.append(article)
        ledger.append(entry)
    return articles, ledger


def iter_articles(
    paths: Iterable[Path | str] | Path | str, options: IngestOptions | None = None
) -> Iterator[tuple[Article | None, LedgerEntry]]:
    """Stream ``(article, entry)`` pairs; ``article`` is ``None`` for skipped files and duplicates."""
    context = ingest_context(options or IngestOptions())
    deduper = Deduper(context.options.near_duplicate)
    for item in discover_files(paths, follow_links=context.options.follow_links):
        if isinstance(item, LedgerEntry):
            yield None, item
            continue
        for article, entry in ingest_file(item, context):
            if article is None:
                yield None, entry
                continue
            original = deduper.check_and_add(article, entry.path)
            if original is not None:
                yield None, duplicate_entry(entry, original)
            else:
                yield article, entry


def duplicate_entry(entry: LedgerEntry, original: str) -> LedgerEntry:
    """The ledger entry of an ingested article found to repeat the one at ``original``."""
    return LedgerEntry(
        entry.path,
        LedgerStatus.DUPLICATE,
        f"duplicate of {original}",
        entry.article_ids,
        duplicate_of=original,
        format=entry.format,
    )


def discover_files(
    paths: Iterable[Path | str] | Path | str, *, follow_links: bool = False
) -> list[Path | LedgerEntry]:
    """The files under ``paths`` in sorted order; everything not read as a ledger entry.

    Skipped with their reason: missing paths, broken links, hidden files and folders
    (``.name``: listed, never read), symbolic links that lead outside the folders in
    ``paths`` (unless ``follow_links``), and links back to a folder already read (a loop,
    or a second way into the same folder: each folder is walked once).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = [Path(raw) for raw in paths]
    roots = None if follow_links else tuple(os.path.realpath(p) for p in paths if p.is_dir())
    walked: dict[str, Path] = {}  # real folder → the path it was first read under
    found: list[Path | LedgerEntry] = []
    for path in paths:
        if path.is_symlink() and not path.exists():
            found.append(_skip(path, "broken symlink"))
        elif path.is_dir() and is_report_folder(path):
            found.append(_skip(path, "framing report folder"))
        elif path.is_dir():
            found.extend(_walk(path, frozenset(), walked, roots))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            found.append(_skip(path, "not a regular file"))
        else:
            found.append(_skip(path, "no such file or folder"))
    return found


_LEAVES_INPUT = "symlink leads outside the input folders (--follow-links reads it)"


def _walk(
    folder: Path, ancestors: frozenset[str], walked: dict[str, Path], roots: tuple[str, ...] | None
) -> Iterator[Path | LedgerEntry]:
    real = os.path.realpath(folder)
    if real in ancestors:
        yield _skip(folder, "symlink loop: leads back to a folder it is in")
        return
    if real in walked:
        what = "symlink to a folder" if folder.is_symlink() else "folder"
        yield _skip(folder, f"{what} already read as {display_path(walked[real])}")
        return
    walked[real] = folder
    ancestors = ancestors | {real}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _skip(folder, f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.name.startswith("."):  # .git, .DS_Store, an editor's .article.md.swp
                yield _skip(path, "hidden folder" if entry.is_dir() else "hidden file")
            elif entry.is_symlink() and not path.exists():
                yield _skip(path, "broken symlink")
            elif entry.is_dir() and is_report_folder(path):
                yield _skip(path, "framing report folder")
            elif entry.is_symlink() and roots is not None and not _inside(os.path.realpath(path), roots):
                yield _skip(path, _LEAVES_INPUT)
            elif entry.is_dir():
                yield from _walk(path, ancestors, walked, roots)
            elif entry.is_file():
                yield path
            else:
                yield _skip(path, "not a regular file")
        except OSError as exc:
            yield _skip(path, f"cannot read: {exc.strerror or exc}")


def _inside(real: str, roots: tuple[str, ...]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` or lies under one."""
    for root in roots:
        try:
            if os.path.commonpath([real, root]) == root:
                return True
        except ValueError:  # another drive
            continue
    return False


def _skip(path: Path | str, reason: str, fmt: str = "") -> LedgerEntry:
    # The reason may quote the file (a column name, a YAML problem): one printable line.
    return LedgerEntry(display_path(path), LedgerStatus.SKIPPED, printable(reason), format=fmt)


# ── one file ──────────────────────────────────────────────────────────────────


def ingest_file(
    path: Path, context: IngestContext, data: bytes | None = None
) -> Iterator[tuple[Article | None, LedgerEntry]]:
    """The articles of one file, each with its ledger entry (``None`` and the reason when skipped).

    ``data`` is the file's bytes when the caller has already read them.
    """
    if path.name.casefold() == "manifest.csv" and _is_manifest(path):
        applied = context.manifest_path is not None and path.resolve() == context.manifest_path
        note = "applied (--manifest)" if applied else "pass it with --manifest to apply it"
        yield None, _skip(path, f"manifest: the ledger of its folder, not an article; {note}", "manifest")
        return
    if path.stem.upper() in _DOCUMENTATION:
        yield None, _skip(path, f"documentation file ({path.name}), not an article")
        return
    try:
        if data is None or len(data) > context.options.max_bytes:
            data = _read_bytes(path, context.options.max_bytes)
        text, encoding = decode_bytes(data, str(path))
        raws = list(read_text(text, str(path)))
    except InputError as exc:
        yield None, _skip(path, exc.reason)
        return
    except RecursionError:
        yield None, _skip(path, "markup nested too deeply to read")
        return
    many = len(raws) > 1 or any(isinstance(r, RawArticle) and r.story for r in raws)
    if not raws:
        yield None, _skip(path, "no articles found")
        return
    shown = display_path(path)
    for raw in raws:
        if isinstance(raw, InputError):
            yield None, _skip(raw.path, raw.reason)
            continue
        entry_path = f"{shown}#{raw.story}" if many and raw.story else shown
        raw = without_invisible(raw)
        if not any(b.role in (Role.BODY, Role.PULL_QUOTE) and b.text.strip() for b in raw.blocks):
            kinds = sorted({b.role.value for b in raw.blocks})
            what = f"only {', '.join(kinds)}" if kinds else "no text"
            yield None, _skip(entry_path, f"no body text ({what})", raw.format)
            continue
        note = ""
        if raw.date is not None and not plausible_date(raw.date):
            note = (
                f"date {raw.date.date().isoformat()} is implausible "
                "(before 1900 or over a year ahead): read as undated"
            )
            raw = replace(raw, date=None)
        article = build_article(raw, path, encoding, context)
        if raw.format in DIGEST_FORMATS and context.topic and not context.topic.search(article.normalized):
            reason = "story off the China–Russia topic (no word of the topic lexicon; --all-stories keeps it)"
            yield None, _skip(entry_path, reason, raw.format)
            continue
        yield article, LedgerEntry(entry_path, LedgerStatus.INGESTED, note, (article.id,), format=raw.format)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path), f"too large: {size / 1e6:.1f} MB (limit {max_bytes / 1e6:.1f} MB, see --max-mb)"
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030/GBK or Big5.

    Raises ``InputError`` for empty and binary data and for bytes no candidate decodes.
    """
    if not data or data.isspace():  # as `not data.strip()`, without copying the bytes
        raise InputError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data)]
    else:
        if data.find(b"\x00", 0, 8192) >= 0:
            raise InputError(path, "binary file (NUL bytes)")
        candidates = [("utf-8", data)]
    for encoding, payload in candidates:
        try:
            return _check_text(payload.decode(encoding), path), encoding
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        raise InputError(path, "cannot decode: byte-order mark does not match the bytes")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
    if best is None or best.chaos > 0.3:
        raise InputError(path, "cannot decode: not UTF-8, GB18030/GBK or Big5 text")
    encoding = best.encoding.replace("_", "-")
    return _check_text(str(best), path), encoding


def _check_text(text: str, path: str) -> str:
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > len(sample) * 0.05:
        raise InputError(path, "binary file (control characters)")
    if not text or text.isspace():
        raise InputError(path, "empty file (only whitespace)")
    return text


# ── building the Article ──────────────────────────────────────────────────────

_FIRST_SENTENCE = re.compile(r"^(.{4,60}?[。！？!?])")
_AUTHOR_LINE = re.compile(r"^(?:作者|撰稿|撰文|记者|記者|文)\s*[:：]\s*(.+)$")
# _language counts characters with bytes.translate, at C speed. CJK ([\u3400-\u9fff\uf900-\ufaff])
# are the characters whose UTF-16 high byte is 0x34–0x9F or 0xF9–0xFA (a character beyond the
# Basic Multilingual Plane is a surrogate pair, 0xD8–0xDF); Latin letters are ASCII [A-Za-z].
_NOT_CJK_HIGH = bytes(b for b in range(256) if not (0x34 <= b <= 0x9F or 0xF9 <= b <= 0xFA))
_NOT_LATIN = bytes(b for b in range(128) if not chr(b).isalpha())


def compact_offsets(offsets: Iterable[int]):
    """An offset map as ``array("I")`` (4 bytes an index); ``()`` when there is none."""
    from array import array

    packed = array("I", offsets)
    return packed if packed else ()


def build_article(raw: RawArticle, path: Path, encoding: str, context: IngestContext) -> Article:
    """Normalise a reader's result into an ``Article`` (offsets, links, outlet, id)."""
    from framing.ingest.normalize import normalize_with_script

    row = context.manifest.get(path.resolve()) if context.manifest else None
    title = raw.title
    if row is not None and row.title and not raw.story:
        title = row.title
    blocks = list(raw.blocks)
    if title and (not blocks or blocks[0].role is not Role.TITLE):
        blocks.insert(0, _title(title))
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
    if row is not None and row.date:
        listed = parse_date(row.date)
        if listed is not None and plausible_date(listed) and (date is None or date.date() != listed.date()):
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
        language=_language(text),
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
    from framing.ingest.normalize import has_invisible, strip_invisible

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


def _title(title: str):
    from framing.ingest.readers import Block

    return Block(Role.TITLE, title)


def _language(text: str) -> str:
    cjk = len(text.encode("utf-16-be", "surrogatepass")[::2].translate(None, _NOT_CJK_HIGH))
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    if cjk and cjk >= latin / 10:
        return "zh"
    return "en" if latin else "und"


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
            for folder in _folder_names(path.parent):
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
            match = _AUTHOR_LINE.match(bare(block.text)) if block.role is Role.BYLINE else None
            if match:
                author = match.group(1).strip()
                break
    return outlet, author


@lru_cache(maxsize=256)
def _folder_names(folder: Path) -> tuple[str, ...]:
    """The names of ``folder`` and of the two folders above it (a file's ``parents[:3]``)."""
    return tuple(f.name for f in (folder, *folder.parents)[:3])


def _mapped_outlet(path: Path, context: IngestContext) -> Outlet | None:
    posix = path.as_posix()
    for pattern, name in context.outlet_map:
        if fnmatch.fnmatch(posix, pattern) or pattern in path.parts:
            return context.directory.get(name)
    return None


# ── option files ──────────────────────────────────────────────────────────────


def ingest_context(options: IngestOptions) -> IngestContext:
    from framing.ingest.normalize import AliasTable
    from framing.lexicon import load_lexicons

    lexicons = load_lexicons(options.lexicons)
    manifest: dict[Path, ManifestRow] = {}
    manifest_path = None
    if options.manifest is not None:
        manifest_path = Path(options.manifest).resolve()
        manifest = read_manifest(manifest_path)
    outlet_map = read_outlet_map(Path(options.outlet_map)) if options.outlet_map else ()
    topic_terms = sorted({row["term"] for row in lexicons["topic"]}, key=len, reverse=True)
    topic = (
        None if options.all_stories or not topic_terms else re.compile("|".join(map(re.escape, topic_terms)))
    )
    return IngestContext(
        options,
        OutletDirectory.from_table(lexicons["outlets"]),
        AliasTable.from_table(lexicons["aliases"]),
        manifest,
        manifest_path,
        outlet_map,
        topic,
    )


def _read_table(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter=delimiter)
    return [{(k or "").strip().casefold(): (v or "").strip() for k, v in r.items()} for r in reader]


def _is_manifest(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline()
    except OSError:
        return False
    return "file" in [c.strip().casefold() for c in header.split(",")]


def read_manifest(path: Path) -> dict[Path, ManifestRow]:
    """Rows of a manifest CSV keyed by the resolved path of the file each one describes."""
    rows = _read_table(path)
    if not rows or "file" not in rows[0]:
        found = ", ".join(rows[0]) if rows else "none"
        raise InputError(str(path), f"manifest needs a 'file' column; columns found: {found}")
    manifest: dict[Path, ManifestRow] = {}
    for row in rows:
        if not row.get("file"):
            continue
        manifest[(path.parent / row["file"]).resolve()] = ManifestRow(
            row.get("outlet", ""),
            row.get("outlet_kind", ""),
            row.get("date", ""),
            row.get("title", ""),
            row.get("event", ""),
        )
    return manifest


def read_outlet_map(path: Path) -> tuple[tuple[str, str], ...]:
    """``(match, outlet)`` pairs from a CSV/TSV with columns ``match`` and ``outlet``."""
    rows = _read_table(path)
    if not rows or "match" not in rows[0] or "outlet" not in rows[0]:
        found = ", ".join(rows[0]) if rows else "none"
        raise InputError(str(path), f"outlet map needs 'match' and 'outlet' columns; columns found: {found}")
    return tuple((r["match"], r["outlet"]) for r in rows if r.get("match") and r.get("outlet"))


# ── duplicates ────────────────────────────────────────────────────────────────

_SHINGLE = 5
_NON_TEXT = re.compile(r"[\s\W_]+")
_BANDS, _ROWS = 10, 6  # MinHash LSH: 60 hashes in 10 bands of 6


def _shingle_hashes(article: Article):
    """A uint32 hash of each window of ``_SHINGLE`` letters of the body, in text order."""
    import numpy as np

    text = article.normalized
    body = _NON_TEXT.sub("", "".join(text[p.start : p.end] for p in article.body_paragraphs()))
    codes = np.frombuffer(body.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = max(1, len(codes) - _SHINGLE + 1) if len(codes) else 0
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(min(_SHINGLE, len(codes))):
        # A polynomial hash of each window of _SHINGLE characters (uint64 arithmetic wraps).
        hashes = hashes * np.uint64(1_000_003) + codes[k : k + count]
    return ((hashes >> np.uint64(32)) ^ hashes).astype(np.uint32)


def _distinct_sorted(values):
    """The distinct values of a numpy array, sorted (the array itself is sorted in place).

    ``np.unique`` gives the same, but hashes in numpy 2: 3x slower on a text's shingles,
    10x on a corpus's candidate pairs.
    """
    import numpy as np

    values.sort()
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


# The hash: multiply-add-shift with these 64-bit constants (odd multiplier), written out
# so that every process and every numpy version computes the same signatures.
_HASH_A, _HASH_B = 0xC20A497FFA195965, 0xF7A69CABE6802696
_MINHASH_TABLES: tuple | None = None  # bin edges and empty-bin marks, built on first use


def _minhash(shingles):
    """The MinHash signature (``_BANDS × _ROWS`` values) of a non-empty shingle array.

    One-permutation MinHash (Li, Owen and Zhang 2012): each shingle is hashed once, the
    hash range is cut into 60 equal bins, and each bin keeps its smallest hash. Two texts
    agree on a bin with probability about their Jaccard similarity, as with 60 separate
    hash functions, at a 60th of the cost (60 hashes of every shingle took 0.3 ms an
    article, more than reading it). A bin no shingle fell into, in a short text, takes the
    value of the next non-empty bin, marked with its distance (rotation densification,
    Shrivastava and Li 2014), so empty bins agree only where the texts do.

    The hash is multiply-add-shift on 64 bits, ``(a·x + b) mod 2⁶⁴ >> 32`` with random odd
    ``a`` (Dietzfelbinger's universal family for 32-bit keys). An earlier ``(a·x + b) mod p``
    with ``a·x`` far below ``p`` was nearly monotonic in ``x``: unrelated articles agreed on
    most of their signature.
    """
    import numpy as np

    global _MINHASH_TABLES
    count = _BANDS * _ROWS
    if _MINHASH_TABLES is None:  # one assignment: another thread sees all of it or none
        edges = (np.arange(count + 1, dtype=np.uint64) << np.uint64(32)) + np.uint64(count - 1)
        marks = (np.arange(count, dtype=np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)
        _MINHASH_TABLES = (edges // np.uint64(count), marks)
    edges, marks = _MINHASH_TABLES
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        hashes = (np.uint64(_HASH_A) * shingles.astype(np.uint64) + np.uint64(_HASH_B)) >> np.uint64(32)
    hashes.sort()
    # Bin i holds the hashes in [edges[i], edges[i+1]); sorted, its smallest comes first.
    first = np.searchsorted(hashes, edges)
    filled = np.flatnonzero(first[1:] > first[:-1])
    bins = np.arange(count)
    donor = filled[np.searchsorted(filled, bins) % len(filled)]  # itself, or the next filled bin
    return (hashes[first[donor]] ^ marks[(donor - bins) % count]).astype(np.uint32)


class Deduper:
    """Exact duplicates by id; near duplicates by Jaccard similarity of body shingles.

    Candidates come from MinHash with locality-sensitive banding (60 values in 10 bands
    of 6, see ``_minhash``): two texts become candidates when one whole band of their
    signatures agrees, which happens with probability about 1 − (1 − J⁶)¹⁰ — 0.9995 at
    Jaccard J = 0.9, 0.15 at J = 0.5, under 0.01 at J = 0.3 (more often for texts of a few
    dozen shingles, whose empty bins borrow from the same neighbours: more comparisons,
    the same answers). A candidate whose signatures agree on much less than the threshold
    (the share of equal values estimates J) is dropped; the rest are compared exactly, on
    shingles computed only then. So articles that share boilerplate paragraphs do not make
    the check quadratic. Signatures are kept as rows of one array. ``find_duplicates``
    gives the same answers for a whole run at once.
    """

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.by_id: dict[str, str] = {}
        self.kept: list[tuple[Article, str]] = []  # articles with a signature, and where
        self.signatures = None  # numpy array, one row per kept article (grown by doubling)
        self.buckets: dict[tuple[int, bytes], list[int]] = {}
        self._shingles: dict[int, object] = {}  # kept index → shingles, once compared exactly

    @staticmethod
    def fingerprint(article: Article):
        """The MinHash signature of the article's body shingles (``None`` for a body with no
        text). Pure, so a worker process can compute it and hand it to ``check_and_add``."""
        hashes = _shingle_hashes(article)  # repeats do not change a bin's minimum
        return _minhash(hashes) if len(hashes) else None

    @staticmethod
    def shingles(article: Article):
        """The article's distinct body shingle hashes as a sorted uint32 array."""
        return _distinct_sorted(_shingle_hashes(article))

    def check_and_add(self, article: Article, where: str, fingerprint=None) -> str | None:
        """The place of an earlier copy of ``article``; else ``None``, and remember this one.

        ``fingerprint``: ``Deduper.fingerprint(article)`` when already computed (in a worker).
        """
        import numpy as np

        if article.id in self.by_id:
            return self.by_id[article.id]
        signature = None
        if self.threshold < 1:
            signature = fingerprint if fingerprint is not None else self.fingerprint(article)
        bands = (
            [(b, signature[b * _ROWS : (b + 1) * _ROWS].tobytes()) for b in range(_BANDS)]
            if (signature is not None)
            else []
        )
        candidates = {i for key in bands for i in self.buckets.get(key, ())}
        if candidates:
            # The share of equal MinHash values estimates J: compare exactly only the candidates
            # whose estimate is near the threshold, all of them tested at once.
            rows = np.fromiter(candidates, dtype=np.intp, count=len(candidates))
            agree = (self.signatures[rows] == signature).sum(axis=1)
            close = np.sort(rows[agree >= (self.threshold - 0.2) * len(signature)])
            shingles = self.shingles(article) if len(close) else None
            for i in close.tolist():
                other = self._shingles.get(i)
                if other is None:
                    other = self._shingles[i] = self.shingles(self.kept[i][0])
                if _jaccard_reaches(shingles, other, self.threshold):
                    return self.kept[i][1]
        self.by_id[article.id] = where
        if bands:
            self._keep(signature)
            self.kept.append((article, where))
            for key in bands:
                self.buckets.setdefault(key, []).append(len(self.kept) - 1)
        return None

    def _keep(self, signature) -> None:
        import numpy as np

        count = len(self.kept)
        if self.signatures is None or count == len(self.signatures):
            grown = np.empty((max(64, 2 * count), len(signature)), dtype=signature.dtype)
            if self.signatures is not None:
                grown[:count] = self.signatures
            self.signatures = grown
        self.signatures[count] = signature


def _jaccard_reaches(shingles, other, threshold: float) -> bool:
    """Whether two sorted arrays of distinct shingles have a Jaccard similarity ≥ ``threshold``."""
    import numpy as np

    shared = len(np.intersect1d(shingles, other, assume_unique=True))
    union = len(shingles) + len(other) - shared
    return bool(union) and shared / union >= threshold


def find_duplicates(items: Sequence[tuple[Article, str, object]], threshold: float) -> list[str | None]:
    """What ``Deduper(threshold).check_and_add`` answers for each ``(article, where,
    fingerprint)`` in turn (the place of an earlier copy, or ``None``), worked out at once.

    Called one by one, each article looks up its bands and compares its signature with
    every earlier article sharing one: 46 candidates an article, 0.05 ms, on a corpus
    of look-alike articles. Here the pairs sharing a band are listed for the whole corpus
    and their signatures compared in blocks; only the few close enough for the exact check
    are then walked in order, so duplicates of duplicates resolve as they would one by one.
    """
    import numpy as np

    by_id: dict[str, str] = {}  # article id → where it was kept
    signatures, rows = [], []
    for article, _where, fingerprint in items:
        signature = None
        if threshold < 1:
            signature = fingerprint if fingerprint is not None else Deduper.fingerprint(article)
        rows.append(len(signatures) if signature is not None else -1)
        if signature is not None:
            signatures.append(signature)
    close = _close_pairs(np.stack(signatures), threshold) if len(signatures) > 1 else {}
    if close is None:  # thousands of texts sharing a band: one by one keeps only the originals
        one_by_one = Deduper(threshold)
        return [one_by_one.check_and_add(*item) for item in items]
    owner = [-1] * len(signatures)  # signature row → item index, once kept
    shingles: dict[int, object] = {}  # signature row → shingles, once compared exactly

    def shingles_of(row: int, article: Article):
        if row not in shingles:
            shingles[row] = Deduper.shingles(article)
        return shingles[row]

    found: list[str | None] = []
    for index, (article, where, _fingerprint) in enumerate(items):
        if article.id in by_id:
            found.append(by_id[article.id])
            continue
        row, original = rows[index], None
        for other in close.get(row, ()):
            if owner[other] < 0:
                continue  # not kept: a duplicate itself
            if _jaccard_reaches(
                shingles_of(row, article), shingles_of(other, items[owner[other]][0]), threshold
            ):
                original = items[owner[other]][1]
                break
        found.append(original)
        if original is None:
            by_id[article.id] = where
            if row >= 0:
                owner[row] = index
    return found


# A band's six values mixed into one 64-bit key (odd multipliers; a collision only adds a
# pair that the band check below drops).
_BAND_MIXER = (
    0x500320D4F8F2A545,
    0x72D7E6DE5793354B,
    0x6349AB2FCA057CB1,
    0x1CD396D5EAB513A1,
    0x266BD94C871BA8A3,
    0x6FD0996BA47D139B,
)


# More pairs sharing a band than this (8 bytes each, sorted), and find_duplicates goes one by
# one: there, a band shared by thousands of copies costs one comparison with their original.
_PAIR_BUDGET = 4_000_000


def _close_pairs(signatures, threshold: float) -> dict[int, list[int]] | None:
    """For each signature row, the earlier rows that share one whole band with it and agree
    on enough values to be compared exactly (``Deduper.check_and_add``'s candidates);
    ``None`` when the pairs sharing a band are more than ``_PAIR_BUDGET``."""
    import numpy as np

    count = len(signatures)
    mixer = np.array(_BAND_MIXER, dtype=np.uint64)
    groups = []
    for band in range(_BANDS):
        with np.errstate(over="ignore"):
            keys = (signatures[:, band * _ROWS : (band + 1) * _ROWS].astype(np.uint64) * mixer).sum(axis=1)
        order = np.argsort(keys, kind="stable")  # equal keys keep their rows in ascending order
        ordered = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        sizes = np.diff(np.append(starts, count))
        groups.append((order, starts[sizes > 1], sizes[sizes > 1]))
    if sum(int((sizes * (sizes - 1) // 2).sum()) for _order, _starts, sizes in groups) > _PAIR_BUDGET:
        return None
    codes, triangles = [], {}
    for order, starts, sizes in groups:
        for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
            members = order[start : start + size]
            if size not in triangles:
                triangles[size] = np.triu_indices(size, 1)
            first, second = triangles[size]
            codes.append(members[first] * count + members[second])
    if not codes:
        return {}
    pairs = _distinct_sorted(np.concatenate(codes))  # a pair may share several bands
    earlier, later = pairs // count, pairs % count
    keep = np.zeros(len(pairs), dtype=bool)
    needed = (threshold - 0.2) * signatures.shape[1]
    for start in range(0, len(pairs), 1 << 16):  # blocks: a pair's two rows compared at once
        block = slice(start, start + (1 << 16))
        equal = signatures[earlier[block]] == signatures[later[block]]
        enough = np.flatnonzero(np.count_nonzero(equal, axis=1) >= needed)
        # and a whole band equal for real (the keys above are hashes)
        banded = equal[enough].reshape(len(enough), _BANDS, _ROWS).all(axis=2).any(axis=1)
        keep[start + enough[banded]] = True
    close: dict[int, list[int]] = {}
    for first, second in zip(earlier[keep].tolist(), later[keep].tolist(), strict=True):
        close.setdefault(second, []).append(first)  # pairs are sorted: earlier rows ascending
    return close


# ── records (JSON-safe) ───────────────────────────────────────────────────────


def article_to_record(article: Article) -> dict:
    """A JSON-safe dict of the article (dates as ISO 8601, enums as their values)."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "text": article.text,
        "normalized": article.normalized,
        "paragraphs": [
            {"role": p.role.value, "text": p.text, "start": p.start, "end": p.end} for p in article.paragraphs
        ],
        "links": [
            {"url": k.url, "text": k.text, "domain": k.domain, "paragraph_index": k.paragraph_index}
            for k in article.links
        ],
        "outlet": article.outlet,
        "outlet_kind": article.outlet_kind.value,
        "country": article.country,
        "url": article.url,
        "date": article.date.isoformat() if article.date else None,
        "author": article.author,
        "language": article.language,
        "script": article.script,
        "format": article.format,
        "encoding": article.encoding,
        "event": article.event,
        "story": article.story,
        "offset_map": list(article.offset_map),
    }


def article_from_record(record: Mapping) -> Article:
    """The inverse of ``article_to_record``; raises ``InputError`` naming a missing field."""
    try:
        date_value = record.get("date")
        return Article(
            id=record["id"],
            path=record["path"],
            title=record["title"],
            text=record["text"],
            normalized=record["normalized"],
            paragraphs=tuple(
                Paragraph(Role(p["role"]), p["text"], int(p["start"]), int(p["end"]))
                for p in record["paragraphs"]
            ),
            links=tuple(
                Link(k["url"], k["text"], k["domain"], int(k["paragraph_index"]))
                for k in record.get("links", ())
            ),
            outlet=record.get("outlet", "unknown"),
            outlet_kind=OutletKind(record.get("outlet_kind", "unknown")),
            country=record.get("country", ""),
            url=record.get("url", ""),
            date=datetime.fromisoformat(date_value) if date_value else None,
            author=record.get("author", ""),
            language=record.get("language", "zh"),
            script=record.get("script", "simplified"),
            format=record.get("format", ""),
            encoding=record.get("encoding", "utf-8"),
            event=record.get("event", ""),
            story=int(record.get("story", 0)),
            offset_map=compact_offsets(int(i) for i in record.get("offset_map", ())),
        )
    except KeyError as exc:
        raise InputError(str(record.get("path", "<record>")), f"article record lacks field {exc}") from None
    except (TypeError, ValueError) as exc:
        raise InputError(str(record.get("path", "<record>")), f"bad article record: {exc}") from None


def ledger_to_record(entry: LedgerEntry) -> dict:
    return {
        "path": entry.path,
        "status": entry.status.value,
        "reason": entry.reason,
        "article_ids": list(entry.article_ids),
        "duplicate_of": entry.duplicate_of,
        "format": entry.format,
    }


def summarize(articles: Sequence[Article], ledger: Sequence[LedgerEntry]) -> dict[str, int]:
    """Counts for the summary table: entries by status, articles by outlet."""
    counts: dict[str, int] = {status.value: 0 for status in LedgerStatus}
    for entry in ledger:
        counts[entry.status.value] += 1
    outlets: dict[str, int] = {}
    for article in articles:
        outlets[article.outlet] = outlets.get(article.outlet, 0) + 1
    for outlet in sorted(outlets):
        counts[f"outlet: {outlet}"] = outlets[outlet]
    return counts


# ── article files (what ``framing ingest --out`` writes, read back by later stages) ──


def articles_to_jsonl(articles: Iterable[Article]) -> str:
    """One JSON object per line (``article_to_record``), UTF-8 text kept readable."""
    import json

    return "".join(json.dumps(article_to_record(a), ensure_ascii=False) + "\n" for a in articles)


def articles_to_parquet(articles: Iterable[Article]) -> bytes:
    """A Parquet file (needs pyarrow, the ``parquet`` extra) with one row per article."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("parquet", "writing Parquet needs pyarrow: pip install 'framing[parquet]'") from None
    import io

    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([article_to_record(a) for a in articles]), sink)
    return sink.getvalue()


def read_article_file(path: Path | str) -> list[Article]:
    """Articles written by ``framing ingest --out`` (JSONL, or Parquet by its extension)."""
    import json

    path = Path(path)
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(str(path), "reading Parquet needs pyarrow") from None
        return [article_from_record(r) for r in pq.read_table(path).to_pylist()]
    articles: list[Article] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            articles.append(article_from_record(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}", f"not a JSON article record: {exc.msg}") from None
    return articles
