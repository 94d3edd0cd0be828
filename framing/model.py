"""The plain data that flows through the pipeline.

    files ──ingest──▶ Article ──analyze──▶ ArticleAnalysis ──compare──▶ tables ──report──▶ HTML / Markdown

Every stage takes these types and returns these types; none of them does I/O.

Offsets
-------
``Article.text`` is the article's plain text in its original script, paragraphs joined
by ``"\\n\\n"``. ``Article.normalized`` is the same text converted to simplified script
with the alias table applied (普丁 → 普京), which is what the analysis reads.
Every offset stored in an ``ArticleAnalysis`` (sentences, evidence, term hits, quotes)
is a character offset into ``Article.text`` (the original), so a highlight lands on the
characters the reader sees. ``Article.original_span`` maps a span of ``normalized``
back to ``text``; when both have the same length it is the identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


def frozen_record(cls: type) -> type:
    """``@dataclass(frozen=True)``, the name some modules still use for it."""
    return dataclass(frozen=True)(cls)


class Role(StrEnum):
    """What a paragraph is. Only ``BODY`` (and ``PULL_QUOTE``) carry the article's claims."""

    TITLE = "title"
    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"
    BYLINE = "byline"
    DATELINE = "dateline"
    LINKS = "links"  # related-links / further-reading lists
    DISCLAIMER = "disclaimer"
    FOOTER = "footer"
    PULL_QUOTE = "pull_quote"


class OutletKind(StrEnum):
    STATE_MEDIA = "state media"
    PUBLIC_BROADCASTER = "public international broadcaster"
    COMMERCIAL = "commercial"
    PARTISAN = "partisan"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Link:
    """A hyperlink found in the article, with its anchor text (empty for bare image links)."""

    url: str
    text: str
    domain: str
    paragraph_index: int


@dataclass(frozen=True)
class Paragraph:
    """One block of the article. ``start``/``end`` are offsets into ``Article.text``."""

    role: Role
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """A clean, normalised article; one per story (a broadcast digest yields several)."""

    id: str  # stable: sha1 of the normalised text, first 16 hex digits
    path: str  # the input file it came from
    title: str
    text: str  # plain text in the original script, paragraphs joined by "\n\n"
    normalized: str  # simplified script, aliases applied
    paragraphs: tuple[Paragraph, ...]
    links: tuple[Link, ...] = ()
    outlet: str = "unknown"
    outlet_kind: OutletKind = OutletKind.UNKNOWN
    country: str = ""
    url: str = ""
    date: datetime | None = None  # timezone-aware where the input says the zone
    author: str = ""
    language: str = "zh"
    script: str = "simplified"  # simplified | traditional | mixed
    format: str = ""  # which reader recognised the file, e.g. "front-matter-markdown"
    encoding: str = "utf-8"
    event: str = ""  # set by the user (front matter or manifest); empty when not given
    story: int = 0  # index of the story inside a multi-story file (digests), else 0
    # normalized index -> original index, for the rare conversions that change length;
    # empty when ``normalized`` and ``text`` align character by character. Ingest stores it
    # as an ``array("I")`` (4 bytes an index, not a Python int each); it is derived from the
    # two texts, so it takes no part in equality or hashing.
    offset_map: Sequence[int] = field(default=(), repr=False, compare=False, hash=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``normalized`` to the same span of ``text``."""
        if not self.offset_map:
            return start, end
        last = len(self.text)
        orig_start = self.offset_map[start] if start < len(self.offset_map) else last
        orig_end = self.offset_map[end] if end < len(self.offset_map) else last
        return orig_start, max(orig_start, orig_end)

    def body_paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.role in (Role.BODY, Role.PULL_QUOTE))


class LedgerStatus(StrEnum):
    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class LedgerEntry:
    """What became of one input file (or one story inside it)."""

    path: str
    status: LedgerStatus
    reason: str = ""  # one line; why skipped, or "duplicate of <path>"
    article_ids: tuple[str, ...] = ()
    duplicate_of: str = ""
    format: str = ""


# ── analysis ────────────────────────────────────────────────────────────────


class ClaimLabel(StrEnum):
    """Sentence claim types, exactly as ../shared/eval/ANNOTATION.md defines them."""

    ATTRIBUTED = "A"
    EDITORIAL = "E"
    FACTUAL = "F"
    HEADING = "H"
    NOT_BODY = "X"


class SourceKind(StrEnum):
    OFFICIAL = "official"
    STATE_MEDIA = "state_media"
    MEDIA = "media"
    EXPERT = "expert"
    ANONYMOUS = "anonymous"
    PARTISAN = "partisan"
    OTHER = "other"


@dataclass(frozen=True)
class Evidence:
    """Why a sentence got its label: the cue and where it is (offsets into ``Article.text``)."""

    kind: str  # e.g. reporting_verb, frame, quote, speaker, evaluative, loaded_term, question, role
    text: str
    start: int
    end: int
    detail: str = ""  # e.g. the cue's type (distancing, cognitive) or the lexicon category


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph_index: int
    text: str  # as in Article.text
    start: int
    end: int
    label: ClaimLabel
    reason: str  # one readable line: why this label
    evidence: tuple[Evidence, ...] = ()
    source: str = ""  # the source the claim is attributed to, for label A
    confidence: float | None = None  # the model's probability of ``label``; None: rules alone
    rule_label: ClaimLabel | None = None  # what the rules said, where the model decided


@dataclass(frozen=True)
class Quote:
    """A quotation span; a short one with no speaker is a scare quote."""

    text: str
    start: int
    end: int
    sentence_index: int
    speaker: str = ""
    scare: bool = False


@dataclass(frozen=True)
class SourceMention:
    """A distinct source cited in an article, with the claims it supports.

    ``name`` is spelled as the article writes it (in simplified script: 普丁 stays 普丁);
    ``canonical`` is the name as sources are compared across articles: simplified script,
    the mainland spelling of ``lexicons/aliases.tsv`` (普京), no middle dot or spacing.
    """

    name: str
    kind: SourceKind
    named: bool
    claims: int
    sentence_indices: tuple[int, ...] = ()
    affiliation: str = ""
    canonical: str = ""


class Voice(StrEnum):
    """Whose words a term hit is in: the outlet's own, or material it reports."""

    OWN = "own"  # outside quotation marks and book-title marks, in a sentence not labelled A
    QUOTED = "quoted"  # inside a quotation (“…”) or a title (《…》)
    ATTRIBUTED = "attributed"  # in a sentence labelled A, outside quotation marks


@dataclass(frozen=True)
class TermHit:
    """One loaded-language or marker hit (offsets into ``Article.text``)."""

    term: str  # the lexicon entry that matched (simplified)
    text: str  # as written in the article
    category: str
    start: int
    end: int
    sentence_index: int
    stance: str = ""
    in_headline: bool = False
    voice: Voice = Voice.OWN  # set from the final sentence labels (framing.analysis.terms.with_voice)


@dataclass(frozen=True)
class TeacherCorrection:
    """A change a teacher's corrections file (``--corrections``) made to an analysis.

    ``what`` is ``"label"``, ``"source_kind"``, ``"not_a_source"`` or ``"term_ignored"``;
    ``target`` the sentence number (``sentence_number``), the source's name or the term;
    ``tool_said`` what the tool had (a label, a source kind, how many hits were ignored) and ``now``
    what the teacher set (empty for a removal). ``sentence_index`` is the corrected
    sentence's ``Sentence.index`` (-1 for the other kinds); ``where`` names the row
    (``file:line``) and ``note`` is the teacher's comment, if any.
    """

    what: str
    target: str
    tool_said: str
    now: str = ""
    sentence_index: int = -1
    where: str = ""
    note: str = ""


def sentence_number(sentence: Sentence) -> int:
    """The number a reader sees for a sentence: 1 for the first, counting every sentence
    of every paragraph in reading order, the title's included. ``framing explain`` prints
    it and a corrections file names a sentence by it."""
    return sentence.index + 1


def numbered_sentence(sentences: Sequence[Sentence], number: int) -> Sentence | None:
    """The sentence ``sentence_number`` gives ``number``, or ``None`` when there is none."""
    return next((s for s in sentences if sentence_number(s) == number), None)


@dataclass(frozen=True)
class ArticleAnalysis:
    article: Article
    tokens: tuple[str, ...]  # segmented body tokens (normalised), reused for TF-IDF
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[SourceMention, ...]
    term_hits: tuple[TermHit, ...]  # loaded terms
    marker_hits: tuple[TermHit, ...]  # hedges, boosters, opinion and distancing markers
    features: dict[str, float]  # one row of the feature table; names documented in features.py
    corrections: tuple[TeacherCorrection, ...] = ()  # what a teacher's corrections file changed
