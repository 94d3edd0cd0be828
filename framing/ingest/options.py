"""What a user sets about ingestion (``IngestOptions``) and what it needs besides the files (the context).

The context holds the lexicon-backed tables (outlets, aliases, topic words) and the option
files read once: a manifest (``--manifest``, read by ``manifest``) and an outlet map
(``--outlet-map``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from framing.errors import InputError
from framing.ingest.manifest import Manifest, read_manifest, read_table
from framing.ingest.normalize import AliasTable
from framing.ingest.outlets import OutletDirectory
from framing.ingest.readers.vocabulary import RoleVocabulary, default_vocabulary
from framing.lexicon import Lexicons, load_lexicons

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
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
    any_language : read articles that are not mostly Chinese; by default each is skipped with
        the reason (``English text: the tool's lexicons and rules are for Chinese``).
    """

    outlet: str | None = None
    outlet_map: Path | None = None
    manifest: Path | None = None
    lexicons: tuple[Path, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    near_duplicate: float = NEAR_DUPLICATE_JACCARD
    all_stories: bool = False
    follow_links: bool = False
    any_language: bool = False

    @property
    def option_files(self) -> tuple[Path, ...]:
        """The files these options read besides the articles (no output may replace them)."""
        files = (self.outlet_map, self.manifest, *self.lexicons)
        return tuple(Path(f) for f in files if f is not None)


@dataclass(frozen=True)
class IngestContext:
    """What ingestion needs besides the files: lexicon-backed tables and the user's settings."""

    options: IngestOptions
    directory: OutletDirectory
    aliases: AliasTable
    manifest: Manifest | None = None
    manifest_path: Path | None = None
    outlet_map: tuple[tuple[str, str], ...] = ()
    topic: re.Pattern[str] | None = None  # None: keep every digest story
    roles: RoleVocabulary = field(default_factory=default_vocabulary)  # paragraph-role words


def ingest_context(options: IngestOptions, lexicons: Lexicons | None = None) -> IngestContext:
    """The context for ``options``: lexicons loaded, option files read.

    ``lexicons``: ``load_lexicons(options.lexicons)`` when the caller has loaded them already.
    Raises ``InputError`` when an option file cannot be read, ``LexiconError`` for a bad lexicon.
    """
    if lexicons is None:
        lexicons = load_lexicons(options.lexicons)
    manifest = None
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
        RoleVocabulary.from_table(lexicons["ingest_roles"]),
    )


def is_manifest(path: Path) -> bool:
    """Whether the CSV file's header names a ``file`` column (a manifest, not an article)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline()
    except OSError:
        return False
    return "file" in [c.strip().casefold() for c in header.split(",")]


def read_outlet_map(path: Path) -> tuple[tuple[str, str], ...]:
    """``(match, outlet)`` pairs from a CSV/TSV with columns ``match`` and ``outlet``."""
    rows = [row for line, row in read_table(path) if line]
    if not rows or "match" not in rows[0] or "outlet" not in rows[0]:
        found = ", ".join(rows[0]) if rows else "none"
        raise InputError(str(path), f"outlet map needs 'match' and 'outlet' columns; columns found: {found}")
    return tuple((r["match"], r["outlet"]) for r in rows if r.get("match") and r.get("outlet"))
