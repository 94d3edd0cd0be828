"""One annotated article as plain data for the templates: paragraphs cut into sentences and marks.

    ArticleAnalysis ──article_view──▶ ArticleView
        paragraphs: runs of text, each inside a labelled sentence or between sentences,
                    cut into pieces that are plain, a loaded term or an evidence cue
        sentences:  label, reason, cues and the sentence cut at its loaded terms
        terms, sources

Every string here is text as the article or the analysis has it, unescaped: the HTML
templates escape it, the Markdown templates pass it through the ``md`` filter.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from framing.model import ArticleAnalysis, Paragraph, Role, Sentence, TeacherCorrection
from framing.report.cards import ArticleCard, article_card
from framing.report.marks import (  # noqa: F401  (day, safe_url, anchor: imported from here by views)
    UNDATED,
    Piece,
    TermNote,
    anchor,
    day,
    safe_url,
    term_piece,
    term_pieces,
    uncertain,
)

SHORT_SENTENCE = 60  # characters of a sentence quoted in the list of reasons
COUNTED_LABELS = ("A", "E", "F")  # the claim labels whose reasons are listed


@dataclass(frozen=True)
class SentenceView:
    """A labelled sentence: what the hover text, the list of reasons and the Markdown show."""

    number: int  # from 1 in reading order (Sentence.index + 1), as on the article's card
    label: str
    uncertain: bool
    confidence: str  # "0.93", or "" when the rules alone gave the label
    reason: str
    source: str
    cues: tuple[str, ...]  # "kind: text (detail)", one a line of the hover text
    cue_words: tuple[str, ...]  # "kind: text", for the list of reasons
    counted: bool  # an A/E/F claim (listed with its reason)
    short: str  # the first SHORT_SENTENCE characters
    shortened: bool
    pieces: tuple[Piece, ...]  # the sentence, its loaded terms marked (Markdown)
    corrected: bool = False  # its label set by a teacher's corrections file


@dataclass(frozen=True)
class Run:
    """Part of a paragraph: inside ``sentence`` or, when it is None, between sentences."""

    sentence: SentenceView | None
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class ParagraphView:
    role: str
    body: bool  # body text or a pull quote; other roles (captions, bylines…) are greyed
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class SourceView:
    name: str
    kind: str
    named: bool
    affiliation: str
    claims: int


@dataclass(frozen=True)
class TermView:
    term: str
    category: str
    count: int


@dataclass(frozen=True)
class ArticleView:
    anchor: str
    title: str
    outlet: str
    outlet_kind: str
    date: str
    event: str
    path: str
    url: str  # a plain http(s) URL, else ""
    paragraphs: tuple[ParagraphView, ...]
    sentences: tuple[SentenceView, ...]
    terms: tuple[TermView, ...]  # sorted by term, then category
    sources: tuple[SourceView, ...]
    corrections: tuple[TeacherCorrection, ...] = ()  # what a teacher's corrections file changed
    card: ArticleCard | None = None  # the article's card (framing.report.cards), when made


def article_view(
    analysis: ArticleAnalysis, event_name: str = "", notes: Mapping[str, TermNote] | None = None
) -> ArticleView:
    """The article with its annotation and card, ready for ``article.html`` and ``article.md``;
    ``notes`` (``framing.report.cards.term_notes``) give each loaded term its stance and note."""
    notes = notes or {}
    article = analysis.article
    marks = _candidate_marks(analysis, notes)
    starts = [m[0] for m in marks]
    terms = sorted(analysis.term_hits, key=lambda h: h.start)
    relabelled = {c.sentence_index for c in analysis.corrections if c.what == "label"}
    views = {
        id(s): _sentence_view(s, term_pieces(s, terms, notes), s.index in relabelled)
        for s in analysis.sentences
    }
    paragraphs = tuple(
        _paragraph_view(analysis, p, marks, starts, views)
        for p in article.paragraphs
        if p.role is not Role.TITLE
    )
    counts = Counter((h.term, h.category) for h in analysis.term_hits)
    return ArticleView(
        anchor=anchor(article.id),
        title=article.title,
        outlet=article.outlet,
        outlet_kind=str(article.outlet_kind),
        date=day(article.date),
        event=event_name,
        path=article.path,
        url=safe_url(article.url),
        paragraphs=paragraphs,
        sentences=tuple(views[id(s)] for s in analysis.sentences),
        terms=tuple(TermView(t, c, n) for (t, c), n in sorted(counts.items())),
        sources=tuple(
            SourceView(s.name, str(s.kind), s.named, s.affiliation, s.claims) for s in analysis.sources
        ),
        corrections=analysis.corrections,
        card=article_card(analysis, notes, event_name),
    )


def _sentence_view(sentence: Sentence, pieces: tuple[Piece, ...], corrected: bool = False) -> SentenceView:
    cues = []
    for ev in sentence.evidence:
        detail = f" ({ev.detail})" if ev.detail else ""
        cues.append(f"{ev.kind}: {ev.text}{detail}")
    confidence = "" if sentence.confidence is None else f"{sentence.confidence:.2f}"
    return SentenceView(
        number=sentence.index + 1,
        label=str(sentence.label),
        uncertain=uncertain(sentence),
        confidence=confidence,
        reason=sentence.reason,
        source=sentence.source,
        cues=tuple(cues),
        cue_words=tuple(f"{ev.kind}: {ev.text}" for ev in sentence.evidence),
        counted=str(sentence.label) in COUNTED_LABELS,
        short=sentence.text[:SHORT_SENTENCE],
        shortened=len(sentence.text) > SHORT_SENTENCE,
        pieces=pieces,
        corrected=corrected,
    )


def _candidate_marks(analysis: ArticleAnalysis, notes: Mapping[str, TermNote]) -> list[tuple]:
    """Every loaded-term hit and evidence cue of the article as (start, end, mark, piece),
    in the order marks are chosen: by start, terms before cues, longer first. Empty ones are left out."""
    text = analysis.article.text
    marks = [
        (hit.start, hit.end, "term", term_piece(text[hit.start : hit.end], hit, notes))
        for hit in analysis.term_hits
        if hit.end > hit.start
    ]
    for sentence in analysis.sentences:
        for ev in sentence.evidence:
            if ev.end > ev.start and ev.kind != "loaded_term":
                cue = Piece(text[ev.start : ev.end], "cue", ev.kind, f"{ev.text} {ev.detail}")
                marks.append((ev.start, ev.end, "cue", cue))
    marks.sort(key=lambda m: (m[0], 0 if m[2] == "term" else 1, -m[1]))
    return marks


def _marked(text: str, marks: list[tuple], starts: list[int], start: int, end: int) -> list[Piece]:
    """``text[start:end]`` cut into pieces at the marks wholly inside it, without overlaps
    (``starts``: the marks' start offsets, to skip to the first one inside)."""
    pieces, at = [], start
    for index in range(bisect_left(starts, start), len(marks)):
        m_start, m_end, _, piece = marks[index]
        if m_start >= end:
            break
        if m_start >= at and m_end <= end:
            pieces.append(Piece(text[at:m_start]))
            pieces.append(piece)
            at = m_end
    pieces.append(Piece(text[at:end]))
    return [p for p in pieces if p.text]


def _paragraph_view(analysis: ArticleAnalysis, paragraph: Paragraph, marks, starts, views) -> ParagraphView:
    text = analysis.article.text
    inside = [s for s in analysis.sentences if s.start < paragraph.end and s.end > paragraph.start]
    runs, at = [], paragraph.start
    for sentence in sorted(inside, key=lambda s: s.start):
        s_start, s_end = max(sentence.start, paragraph.start), min(sentence.end, paragraph.end)
        if s_start < at:
            continue
        runs.append(Run(None, tuple(_marked(text, marks, starts, at, s_start))))
        runs.append(Run(views[id(sentence)], tuple(_marked(text, marks, starts, s_start, s_end))))
        at = s_end
    runs.append(Run(None, tuple(_marked(text, marks, starts, at, paragraph.end))))
    body = paragraph.role in (Role.BODY, Role.PULL_QUOTE)
    return ParagraphView(str(paragraph.role), body, tuple(r for r in runs if r.sentence or r.pieces))
