"""Article cards: one article's labels, sources, loaded terms and markers, summed up for a teacher.

    ArticleAnalysis + TermNotes ──article_card──▶ ArticleCard ──card_text──▶ plain text (framing explain)
                                                               ──card.html / card.md──▶ report, handout

A card numbers the article's sentences from 1 in reading order (``Sentence.index + 1``, the
order of ``framing analyze --format jsonl``), so a teacher can write a correction as
"sentence 7 is E, not F". A label the classifier gave with a probability under
``framing.analysis.claim_model.UNCERTAIN_BELOW`` is listed as unsure.

Loaded terms are split by voice: the outlet's own voice (outside quotations and outside
attributed A sentences) or quoted (inside a quotation or an attributed sentence), as the
analysis set each hit's ``voice`` (``hit_voice``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from framing.analysis.claim_model import UNCERTAIN_BELOW
from framing.model import ArticleAnalysis, Role, TermHit, Voice
from framing.report.marks import Piece, TermNote, anchor, day, safe_url, term_notes, term_pieces, uncertain
from framing.report.words import fill, kind_name

OWN, QUOTED = "own", "quoted"  # the two voices of a loaded term
MIX_LABELS = ("A", "E", "F")  # the claim labels whose mix a card shows
MARKER_KINDS = ("hedge", "booster", "opinion", "distancing", "scare_quote")  # in the card's order
EXCERPT_CONTEXT = 1  # sentences kept either side of a highlighted one in a handout excerpt
HANDOUT_ALL_UP_TO = 12  # a handout of at most this many articles has a card for each


def hit_voice(hit: TermHit) -> str:
    """``OWN`` or ``QUOTED``: the hit's voice as the analysis set it (``framing.analysis.terms.
    with_voice``), a quoted and an attributed hit alike counted as someone else's words."""
    return OWN if hit.voice is Voice.OWN else QUOTED


@dataclass(frozen=True)
class CardSentence:
    number: int  # from 1, in reading order
    label: str
    uncertain: bool
    confidence: str  # "0.42", or "" when the rules alone gave the label
    text: str
    reason: str
    cue: str  # the deciding cues, "kind: text; kind: text"
    source: str
    highlighted: bool  # holds a loaded term, a marker, a scare quote, or an unsure label
    pieces: tuple[Piece, ...]  # the sentence cut at its loaded terms


@dataclass(frozen=True)
class CardSource:
    name: str
    kind: str
    named: bool
    affiliation: str
    claims: int
    sentences: tuple[int, ...]  # numbers of the sentences it carries


@dataclass(frozen=True)
class CardTerm:
    term: str
    written: str  # as the article writes it (traditional script stays traditional)
    category: str
    stance: str
    note: str
    voice: str  # OWN or QUOTED
    sentences: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True)
class CardMarker:
    kind: str  # one of MARKER_KINDS
    text: str
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class ArticleCard:
    anchor: str
    title: str
    outlet: str
    outlet_kind: str
    date: str
    event: str
    path: str
    url: str
    mix: tuple[tuple[str, int, float], ...]  # (label, sentences, share 0–1 of the A/E/F ones)
    other_sentences: int  # headings and text that is not the body (H, X)
    sources: tuple[CardSource, ...]
    own_terms: tuple[CardTerm, ...]
    quoted_terms: tuple[CardTerm, ...]
    markers: tuple[CardMarker, ...]
    unsure: tuple[CardSentence, ...]
    sentences: tuple[CardSentence, ...]
    uncertain_below: float = UNCERTAIN_BELOW

    @property
    def claims(self) -> int:
        return sum(n for _, n, _ in self.mix)

    @property
    def excerpts(self) -> tuple[tuple[CardSentence, ...], ...]:
        """Runs of sentences around the highlighted ones (``EXCERPT_CONTEXT`` either side)."""
        keep = {
            n
            for s in self.sentences
            if s.highlighted
            for n in range(s.number - EXCERPT_CONTEXT, s.number + EXCERPT_CONTEXT + 1)
        }
        runs: list[list[CardSentence]] = []
        for s in self.sentences:
            if s.number in keep and s.label != "X":
                if runs and runs[-1][-1].number == s.number - 1:
                    runs[-1].append(s)
                else:
                    runs.append([s])
        return tuple(tuple(run) for run in runs)


def article_card(
    analysis: ArticleAnalysis, notes: Mapping[str, TermNote] | None = None, event_name: str = ""
) -> ArticleCard:
    """The card of one analysed article; ``notes`` from ``term_notes(lexicons)`` (empty: no notes)."""
    notes = notes or {}
    article = analysis.article
    sentences = _sentences(analysis)
    labels = [s.label for s in sentences]
    counted = sum(label in MIX_LABELS for label in labels)
    terms = _terms(analysis, notes)
    return ArticleCard(
        anchor=anchor(article.id),
        title=article.title,
        outlet=article.outlet,
        outlet_kind=str(article.outlet_kind),
        date=day(article.date),
        event=event_name,
        path=article.path,
        url=safe_url(article.url),
        mix=tuple(
            (label, labels.count(label), labels.count(label) / counted if counted else 0.0)
            for label in MIX_LABELS
        ),  # fmt: skip
        other_sentences=len(labels) - counted,
        sources=tuple(
            CardSource(
                s.name,
                str(s.kind),
                s.named,
                s.affiliation,
                s.claims,
                tuple(sorted(i + 1 for i in s.sentence_indices)),
            )  # fmt: skip
            for s in analysis.sources
        ),
        own_terms=tuple(t for t in terms if t.voice == OWN),
        quoted_terms=tuple(t for t in terms if t.voice == QUOTED),
        markers=_markers(analysis),
        unsure=tuple(s for s in sentences if s.uncertain),
        sentences=sentences,
    )


def _sentences(analysis: ArticleAnalysis) -> tuple[CardSentence, ...]:
    hits = sorted(analysis.term_hits, key=lambda h: h.start)
    flagged = {h.sentence_index for h in (*analysis.term_hits, *analysis.marker_hits)}
    flagged |= {q.sentence_index for q in analysis.quotes if q.scare}
    body = {i for i, p in enumerate(analysis.article.paragraphs) if p.role in (Role.BODY, Role.PULL_QUOTE)}
    cards = []
    for s in analysis.sentences:
        unsure = uncertain(s)
        cards.append(
            CardSentence(
                number=s.index + 1,
                label=str(s.label),
                uncertain=unsure,
                confidence="" if s.confidence is None else f"{s.confidence:.2f}",
                text=s.text,
                reason=s.reason,
                cue="; ".join(f"{ev.kind}: {ev.text}" for ev in s.evidence),
                source=s.source,
                highlighted=(s.index in flagged or unsure) and (s.paragraph_index in body or not body),
                pieces=term_pieces(s, hits),
            )
        )
    return tuple(cards)


def _terms(analysis: ArticleAnalysis, notes: Mapping[str, TermNote]) -> list[CardTerm]:
    """One ``CardTerm`` per (term, category, voice), in order of first appearance."""
    grouped: dict[tuple[str, str, str], list[TermHit]] = {}
    for hit in sorted(analysis.term_hits, key=lambda h: h.start):
        grouped.setdefault((hit.term, hit.category, hit_voice(hit)), []).append(hit)
    terms = []
    for (term, category, voice), hits in grouped.items():
        note = notes.get(term)
        stance = hits[0].stance or (note.stance if note else "")
        terms.append(
            CardTerm(
                term,
                hits[0].text,
                category,
                stance,
                note.note if note else "",
                voice,
                tuple(sorted({h.sentence_index + 1 for h in hits})),
            )  # fmt: skip
        )
    return terms


def _markers(analysis: ArticleAnalysis) -> tuple[CardMarker, ...]:
    grouped: dict[tuple[str, str], set[int]] = {}
    for hit in analysis.marker_hits:
        grouped.setdefault((hit.category, hit.text), set()).add(hit.sentence_index + 1)
    for quote in analysis.quotes:
        if quote.scare:
            grouped.setdefault(("scare_quote", quote.text), set()).add(quote.sentence_index + 1)
    order = {kind: n for n, kind in enumerate(MARKER_KINDS)}
    ranked = sorted(grouped.items(), key=lambda kv: (order.get(kv[0][0], len(order)), min(kv[1])))
    return tuple(CardMarker(kind, text, tuple(sorted(numbers))) for (kind, text), numbers in ranked)


def handout_selection(groups) -> tuple[tuple[tuple[str, tuple], ...], int]:
    """The articles a handout gives a card: all of them when there are at most
    ``HANDOUT_ALL_UP_TO``; else, in each event covered by two or more outlets, the first article
    of each outlet. ``groups`` are the report's ``ArticleGroup``s; returns the chosen
    ``(event, articles)`` pairs and how many articles were left out."""
    total = sum(len(g.articles) for g in groups)
    if total <= HANDOUT_ALL_UP_TO:
        return tuple((g.event, tuple(g.articles)) for g in groups), 0
    chosen = []
    for group in groups:
        first: dict[str, object] = {}
        for article in group.articles:
            first.setdefault(article.outlet, article)
        if group.event and len(first) >= 2:
            chosen.append((group.event, tuple(first.values())))
    return tuple(chosen), total - sum(len(articles) for _, articles in chosen)


def card_summary(card: ArticleCard, text: Mapping) -> tuple[str, ...]:
    """The card's plain-language summary, a sentence a line, in the words of ``text["cards"]``."""
    words = text["cards"]
    counts = {label: n for label, n, _ in card.mix}
    lines = [
        fill(words["summary_mix"], claims=card.claims, a=counts["A"], e=counts["E"], f=counts["F"])
        if card.claims
        else words["summary_no_claims"]
    ]
    named = sum(s.named for s in card.sources)
    if card.sources:
        lines.append(fill(words["summary_sources"], sources=len(card.sources), named=named,
                                                      unnamed=len(card.sources) - named))  # fmt: skip
    else:
        lines.append(words["summary_no_sources"])
    own, quoted = sum(t.count for t in card.own_terms), sum(t.count for t in card.quoted_terms)
    lines.append(
        fill(words["summary_terms"], own=own, quoted=quoted) if own or quoted else words["summary_no_terms"]
    )
    if card.unsure:
        below = f"{card.uncertain_below:.0%}"
        lines.append(fill(words["summary_unsure"], unsure=len(card.unsure), below=below))
    return tuple(lines)


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers)


def card_text(card: ArticleCard, text: Mapping, *, sentences: bool = True) -> str:
    """The card as plain text for a terminal (``framing explain``): the same content as card.html."""
    w = text["cards"]
    kind = (text.get("outlet_kinds", {}).get(card.outlet_kind) or [card.outlet_kind])[0]
    lines = [card.title, f"{card.outlet} ({kind}) · {card.date} · {card.path}"]
    if card.event:
        lines.append(f"{text['words']['event']}: {card.event}")
    lines += ["", *card_summary(card, text), "", w["mix"]]
    lines += [f"  {label} {text['labels'][label]['name']}: {n} ({share:.0%})" for label, n, share in card.mix]
    if card.other_sentences:
        lines.append("  " + fill(w["other_sentences"], n=card.other_sentences))
    lines += ["", w["sources"]]
    for s in card.sources:
        named = w["named"] if s.named else w["unnamed"]
        where = f" · {s.affiliation}" if s.affiliation else ""
        source_kind = kind_name(s.kind, text)
        lines.append(f"  {s.name} — {source_kind}, {named}{where}; {s.claims} {text['words']['claims']} "
                     f"({_numbers(s.sentences)})".rstrip(" ()"))  # fmt: skip
    if not card.sources:
        lines.append("  " + text["words"]["none_found"])
    for heading, terms in ((w["own_terms"], card.own_terms), (w["quoted_terms"], card.quoted_terms)):
        lines += ["", heading]
        for t in terms:
            stance = f", {w['stance']}: {text['stance_names'].get(t.stance, t.stance)}" if t.stance else ""
            category = text["category_names"].get(t.category, t.category)
            lines.append(f"  {t.written} — {category}{stance} ×{t.count} ({_numbers(t.sentences)})")
            if t.note:
                lines.append(f"      {t.note}")
        if not terms:
            lines.append("  " + text["words"]["none_found"])
    lines += ["", w["markers"]]
    for m in card.markers:
        lines.append(f"  {w['marker_kinds'][m.kind]}: {m.text} ({_numbers(m.sentences)})")
    if not card.markers:
        lines.append("  " + text["words"]["none_found"])
    lines += ["", fill(w["unsure"], below=f"{card.uncertain_below:.0%}")]
    lines += [f"  #{s.number} {s.label}? p={s.confidence}: {s.text}" for s in card.unsure]
    if not card.unsure:
        lines.append("  " + text["words"]["none"])
    if sentences:
        lines += ["", w["sentences"]]
        for s in card.sentences:
            mark = "?" if s.uncertain else ""
            lines.append(f"  #{s.number} [{s.label}{mark}] {s.text}")
            why = " · ".join(part for part in (s.reason, s.cue) if part)
            if why:
                lines.append(f"      {why}")
    return "\n".join(lines) + "\n"


__all__ = [
    "OWN",
    "QUOTED",
    "ArticleCard",
    "CardMarker",
    "CardSentence",
    "CardSource",
    "CardTerm",
    "TermNote",
    "article_card",
    "card_summary",
    "card_text",
    "handout_selection",
    "hit_voice",
    "term_notes",
]
