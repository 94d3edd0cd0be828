"""The plain data that flows through the pipeline.

(The classes have no ``__slots__`` on purpose: frozen slotted dataclasses unpickle through
a Python-level ``__setstate__``, which made reading cached and pooled results 3x slower.)

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

import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from operator import attrgetter
from typing import ClassVar


def frozen_record(cls: type) -> type:
    """``@dataclass(frozen=True)``, with an ``__init__`` that fills the instance's ``__dict__``.

    A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``:
    1.1 µs for an ``Evidence`` against 0.3 µs this way, and an article makes about 500 such
    records (evidence, term hits, sentences, paragraphs). The signature and defaults are the
    dataclass's; equality, hashing, ``replace`` and pickling are the dataclass's own.
    Fields with a ``default_factory`` or ``init=False``, and ``__post_init__``, are not
    supported (the decorator raises ``TypeError``).
    """
    cls = dataclass(frozen=True)(cls)
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"record {cls.__name__}: __post_init__ needs the dataclass __init__")
    params, lines, namespace = [], [], {}
    for f in fields(cls):
        if not f.init or f.default_factory is not MISSING:
            raise TypeError(f"record {cls.__name__}: field {f.name} needs the dataclass __init__")
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        lines.append(f"    __record_dict__[{f.name!r}] = {f.name}\n")
    # the names of self and of its __dict__ cannot be a field's (dataclass fields are not dunder)
    source = (
        f"def __init__(__record_self__, {', '.join(params)}):\n"
        f"    __record_dict__ = __record_self__.__dict__\n{''.join(lines)}"
    )
    exec(source, namespace)  # noqa: S102 - the source is built from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init
    return cls


class Packed:
    """Pickles with some fields as nested pickles, unpacked on first access.

    A run over thousands of cached or pooled results that only needs the feature table
    then reads each article's metadata and features, not its text, sources and sentences
    (most of the objects, and of the time). The object behaves the same either
    way: equality, ``asdict`` and ``replace`` read the fields, which unpacks them
    (``replace_packed`` changes a field without unpacking the rest). Packed fields may
    have no default, which would answer for them before ``__getattr__`` is reached.
    A subclass lists its bulky fields in ``_PACKED``, in groups unpacked together, and
    the fields of strings to intern on unpacking in ``_INTERNED``.
    """

    _PACKED: ClassVar[tuple[tuple[str, ...], ...]] = ()
    _INTERNED: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A field with a default is also a class attribute: reading it on an unpickled
        # object would find the default instead of reaching __getattr__.
        defaulted = [name for group in cls.__dict__.get("_PACKED", ()) for name in group if name in vars(cls)]
        if defaulted:
            raise TypeError(f"{cls.__name__}: packed fields must have no default: {', '.join(defaulted)}")

    def __reduce_ex__(self, protocol: int):
        # From protocol 5 each group's pickle goes as a PickleBuffer: in a plain pickle it is
        # bytes, and ``framing.pipeline.cache.dumps`` lays it out of band, read back without a copy.
        wrap = pickle.PickleBuffer if protocol >= 5 else bytes
        state = self._encode_state(dict(self.__dict__))
        packed = {group: wrap(data) for group, data in state.pop("_packed", {}).items()}
        for group in self._PACKED:
            if group[0] in state:
                values = self._encode(group, tuple(state.pop(name) for name in group))
                packed[group] = wrap(pickle.dumps(values, pickle.HIGHEST_PROTOCOL))
        return _unpickle_packed, (type(self), state, packed)

    def _encode(self, group: tuple[str, ...], values: tuple) -> tuple:
        """A group's values as pickled; a subclass may write them more compactly."""
        return values

    def _decode(self, group: tuple[str, ...], values: tuple) -> tuple:
        """The group's values from what ``_encode`` made of them."""
        return values

    def _encode_state(self, state: dict) -> dict:
        """The unpacked fields as pickled (``_decode_state`` reads them back)."""
        return state

    @classmethod
    def _decode_state(cls, state: dict) -> dict:
        return state

    def _reads_changed(self, group: tuple[str, ...], changes: dict) -> bool:
        """Whether the packed ``group`` was written against a field that ``changes`` alters
        (``replace_packed`` then unpacks it first, with the field as it was)."""
        return False

    def __getattr__(self, name: str):
        # Only reached for an attribute not in __dict__: a field still packed.
        packed = self.__dict__.get("_packed")
        group = next((g for g in self._PACKED if name in g), None)
        if group is None or not packed or group not in packed:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        values = self._decode(group, pickle.loads(packed[group]))
        for field_name, value in zip(group, values, strict=True):
            if field_name in self._INTERNED:  # the same words recur across articles: one string each
                value = tuple(map(sys.intern, value))
            self.__dict__[field_name] = value
        del packed[group]
        return self.__dict__[name]


def replace_packed(instance: Packed, **changes):
    """``dataclasses.replace`` that leaves packed fields packed (``replace`` reads every field)."""
    unknown = set(changes) - set(instance.__dataclass_fields__)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field {', '.join(sorted(unknown))}")
    state = {k: v for k, v in instance.__dict__.items() if k != "_packed"}
    packed = dict(instance.__dict__.get("_packed", {}))
    for group in instance._PACKED:
        if group in packed and (set(group) & changes.keys() or instance._reads_changed(group, changes)):
            getattr(instance, group[0])  # a group partly changed, or packed against what changes
            return replace_packed(instance, **changes)
    state.update(changes)
    return _unpickle_packed(type(instance), state, packed)


def _unpickle_packed(cls: type, state: dict, packed: dict[tuple[str, ...], bytes | memoryview]):
    # Keyed by the whole group: a pickle made when the class grouped its fields otherwise
    # (an old cache entry) fails here, where the cache counts it as a miss, not on first read.
    if not packed.keys() <= set(cls._PACKED):
        raise TypeError(f"{cls.__name__} pickled with other packed fields: {sorted(packed)}")
    instance = object.__new__(cls)
    instance.__dict__.update(cls._decode_state(state))
    if packed:
        instance.__dict__["_packed"] = packed
    return instance


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


@frozen_record
class Link:
    """A hyperlink found in the article, with its anchor text (empty for bare image links)."""

    url: str
    text: str
    domain: str
    paragraph_index: int


@frozen_record
class Paragraph:
    """One block of the article. ``start``/``end`` are offsets into ``Article.text``."""

    role: Role
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Article(Packed):
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

    _PACKED = (("text", "normalized", "paragraphs"),)

    def _encode(self, group, values):
        # Paragraph texts are slices of the text: pickled as spans, the text is written once.
        text, normalized, paragraphs = values
        if all(text[p.start : p.end] == p.text for p in paragraphs):
            return text, normalized, tuple((p.role, p.start, p.end) for p in paragraphs), _SLICED
        return values

    def _decode(self, group, values):
        if len(values) == len(group):
            return values
        text, normalized, spans, _ = values
        return text, normalized, tuple(Paragraph(role, text[a:b], a, b) for role, a, b in spans)

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


@frozen_record
class Evidence:
    """Why a sentence got its label: the cue and where it is (offsets into ``Article.text``)."""

    kind: str  # e.g. reporting_verb, frame, quote, speaker, evaluative, loaded_term, question, role
    text: str
    start: int
    end: int
    detail: str = ""  # e.g. the cue's type (distancing, cognitive) or the lexicon category


@frozen_record
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


@frozen_record
class Quote:
    """A quotation span; a short one with no speaker is a scare quote."""

    text: str
    start: int
    end: int
    sentence_index: int
    speaker: str = ""
    scare: bool = False


@frozen_record
class SourceMention:
    """A distinct source cited in an article, with the claims it supports."""

    name: str
    kind: SourceKind
    named: bool
    claims: int
    sentence_indices: tuple[int, ...] = ()
    affiliation: str = ""


@frozen_record
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


@dataclass(frozen=True)
class ArticleAnalysis(Packed):
    article: Article
    tokens: tuple[str, ...]  # segmented body tokens (normalised), reused for TF-IDF
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[SourceMention, ...]
    term_hits: tuple[TermHit, ...]  # loaded terms
    marker_hits: tuple[TermHit, ...]  # hedges, boosters, opinion and distancing markers
    features: dict[str, float]  # one row of the feature table; names documented in features.py

    _PACKED = (("tokens",), ("sources",), ("sentences", "quotes", "term_hits", "marker_hits"))
    _INTERNED = frozenset({"tokens"})

    def _encode_state(self, state):
        # The features as values in feature_names() order: unpickling a dict of 70 names
        # cost more than everything else a cached analysis's head holds.
        from framing.analysis.features import feature_names, feature_names_key

        features = state["features"]
        if isinstance(features, dict) and tuple(features) == feature_names():
            state["features"] = (feature_names_key(), tuple(features.values()))
        return state

    @classmethod
    def _decode_state(cls, state):
        features = state.get("features")
        if isinstance(features, tuple):
            from framing.analysis.features import feature_names, feature_names_key

            key, values = features
            if key != feature_names_key():
                raise ValueError("the analysis was pickled with other feature names")
            state["features"] = dict(zip(feature_names(), values, strict=True))  # a state of its own
        return state

    def _encode(self, group, values):
        # Sentences, evidence, quotations and hits quote the article's text at their offsets:
        # pickled as rows without the quoted text, which unpacking slices from the article
        # again (a third of a cached analysis, and of the time to pickle it). Anything that
        # is not such a slice is kept as it is.
        if group[0] != "sentences" or self.article is None:
            return values
        text = self.article.text
        sentences, quotes, loaded, markers = values
        if not all(text[s.start : s.end] == s.text for s in sentences) or not all(
            text[q.start : q.end] == q.text for q in quotes
        ):
            return values
        rows = tuple(
            (
                s.index,
                s.paragraph_index,
                s.start,
                s.end,
                s.label,
                s.reason,
                _rows(s.evidence, text),
                s.source,
                s.confidence,
                s.rule_label,
            )
            for s in sentences
        )
        quote_rows = tuple((q.start, q.end, q.sentence_index, q.speaker, q.scare) for q in quotes)
        return rows, quote_rows, _rows(loaded, text), _rows(markers, text), self.article.id

    def _decode(self, group, values):
        if group[0] != "sentences" or len(values) == len(group):
            return values
        rows, quote_rows, loaded, markers, article_id = values
        if self.article is None or self.article.id != article_id:
            raise ValueError("the analysis was packed with another article's text")
        text = self.article.text
        sentences = tuple(
            Sentence(i, p, text[a:b], a, b, lab, why, _records(Evidence, evidence, text), src, conf, rule)
            for i, p, a, b, lab, why, evidence, src, conf, rule in rows
        )
        quotes = tuple(Quote(text[a:b], a, b, *rest) for a, b, *rest in quote_rows)
        return sentences, quotes, _records(TermHit, loaded, text), _records(TermHit, markers, text)

    def _reads_changed(self, group, changes):
        # the sentences' texts are sliced from the article: another text needs them unpacked
        if group[0] != "sentences" or "article" not in changes or self.article is None:
            return False
        new, old = changes["article"], self.article
        if new is None or new.id != old.id:
            return True
        # the report's relative paths: the same text, still packed in the same bytes
        text_group = Article._PACKED[0]
        packed = old.__dict__.get("_packed", {}).get(text_group)
        if packed is not None and packed is new.__dict__.get("_packed", {}).get(text_group):
            return False
        return new.text != old.text


_SLICED = "sliced"  # marks a group packed without the texts it can slice again


def _rows(records: Sequence, text: str) -> tuple[tuple, ...]:
    """Records with ``text``, ``start`` and ``end`` fields as tuples of their fields in order,
    the text replaced by ``None`` where it is ``text[start:end]`` (``_records`` puts it back)."""
    if not records:
        return ()
    values, at, _, _ = _ROW_LAYOUT[type(records[0])]
    rows = []
    for record in records:
        row = values(record)
        if text[record.start : record.end] == record.text:
            row = (*row[:at], None, *row[at + 1 :])
        rows.append(row)
    return tuple(rows)


def _records(cls: type, rows: Sequence[tuple], text: str) -> tuple:
    _, at, start, end = _ROW_LAYOUT[cls]
    return tuple(
        cls(*row) if row[at] is not None else cls(*row[:at], text[row[start] : row[end]], *row[at + 1 :])
        for row in rows
    )


def _row_layout(cls: type) -> tuple[Callable[[object], tuple], int, int, int]:
    """How ``_rows`` writes a record: its fields in order, and where text, start and end are."""
    names = [f.name for f in fields(cls)]
    return attrgetter(*names), names.index("text"), names.index("start"), names.index("end")


_ROW_LAYOUT = {cls: _row_layout(cls) for cls in (Evidence, TermHit)}
