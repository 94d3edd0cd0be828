"""Articles, analyses and ledger entries as JSON text and back, the form the results store keeps.

Reading a record only parses JSON and builds the data types of ``framing.model`` from
the values found, checking their shapes: nothing in a stored record can run code. Records
are lists of field values in the dataclasses' field order (no field names), enums as
their values, dates as ISO 8601 with the zone's name; an article's paragraphs are their
spans of its text, and its normalised text is ``null`` when it is the text itself. A
record that does not have the expected shape raises ``RecordError``.

    text = analysis_json(analysis)          # AnalysisText: (tokens, sources), (sentences, quotes, hits)
    restored = analysis_from_json(article, features, text)
    tokens, sources = compared_from_json(text.compared)   # what comparing reads, without the detail
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Any, NamedTuple

from framing.model import (
    Article,
    ArticleAnalysis,
    ClaimLabel,
    Evidence,
    LedgerEntry,
    LedgerStatus,
    Link,
    OutletKind,
    Paragraph,
    Quote,
    Role,
    Sentence,
    SourceKind,
    SourceMention,
    TermHit,
    Voice,
)


class RecordError(ValueError):
    """A stored record that is not what this version of framing writes."""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError) as exc:
        raise RecordError(f"not JSON: {exc}") from None


def _built(what: str, build, *args):
    """``build(*args)``, with a wrong shape or value reported as ``RecordError``."""
    try:
        return build(*args)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise RecordError(f"bad {what} record: {exc}") from None


# ── articles ────────────────────────────────────────────────────────────────


def article_json(article: Article) -> str:
    """The article as one JSON text; ``normalized`` is ``null`` when it equals ``text``."""
    return dumps(
        [
            article.id,
            article.path,
            article.title,
            article.text,
            None if article.normalized == article.text else article.normalized,
            [_paragraph_row(p, article.text) for p in article.paragraphs],
            [[k.url, k.text, k.domain, k.paragraph_index] for k in article.links],
            article.outlet,
            article.outlet_kind.value,
            article.country,
            article.url,
            _date_value(article.date),
            article.author,
            article.language,
            article.script,
            article.format,
            article.encoding,
            article.event,
            article.story,
            list(article.offset_map),
        ]
    )


def article_from_json(text: str | bytes) -> Article:
    return _built("article", _article, _loads(text))


def _article(values: list) -> Article:
    id_, path, title, text, normalized, paragraphs, links, outlet, outlet_kind, country = values[:10]
    url, date, author, language, script, format_, encoding, event, story, offset_map = values[10:]
    return Article(
        id=_str(id_),
        path=_str(path),
        title=_str(title),
        text=_str(text),
        normalized=_str(text if normalized is None else normalized),
        paragraphs=tuple(_paragraph(row, text) for row in paragraphs),
        links=tuple(Link(_str(u), _str(t), _str(d), _int(i)) for u, t, d, i in links),
        outlet=_str(outlet),
        outlet_kind=OutletKind(outlet_kind),
        country=_str(country),
        url=_str(url),
        date=_date(date),
        author=_str(author),
        language=_str(language),
        script=_str(script),
        format=_str(format_),
        encoding=_str(encoding),
        event=_str(event),
        story=_int(story),
        offset_map=_offsets(offset_map),
    )


def _paragraph_row(paragraph: Paragraph, text: str) -> list:
    """A paragraph as its role and span, and its text only when it is not the article's
    text at that span (it always is, for what ingest makes)."""
    row = [paragraph.role.value, paragraph.start, paragraph.end]
    return row if text[paragraph.start : paragraph.end] == paragraph.text else [*row, paragraph.text]


_ROLES = {role.value: role for role in Role}  # a role by its value, without an enum call each


def _paragraph(row: list, text: str) -> Paragraph:
    if len(row) == 3:
        role, start, end = row
        own = None
    else:
        role, start, end, own = row
    start, end = _int(start), _int(end)
    return Paragraph(_ROLES[role], text[start:end] if own is None else _str(own), start, end)


def _date_value(date: datetime | None) -> list | None:
    """An ISO 8601 date and the name of its time zone (``fromisoformat`` keeps only the offset)."""
    if date is None:
        return None
    zone = date.tzinfo
    name = zone.tzname(date) if isinstance(zone, timezone) else None
    return [date.isoformat(), name]


def _date(value: list | None) -> datetime | None:
    if value is None:
        return None
    text, name = value
    date = datetime.fromisoformat(_str(text))
    if name is not None and date.tzinfo is not None and date.tzname() != name:
        date = date.replace(tzinfo=timezone(date.utcoffset(), _str(name)))
    return date


def _offsets(values: list):
    from array import array

    if not values:
        return ()
    return array("I", values)


# ── analyses ────────────────────────────────────────────────────────────────


class AnalysisText(NamedTuple):
    """The rest of an analysis (all but its article and features) as two JSON texts: what
    comparing outlets and events reads of every article, and the detail a report shows of a few."""

    compared: str  # tokens and sources
    detail: str  # sentences, quotes, loaded-term hits, marker hits


class AnalysisDetail(NamedTuple):
    """The parts of an analysis ``AnalysisText.detail`` holds."""

    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    term_hits: tuple[TermHit, ...]
    marker_hits: tuple[TermHit, ...]


def analysis_json(analysis: ArticleAnalysis) -> AnalysisText:
    """Everything of the analysis but its article and features (stored apart), as two JSON texts."""
    compared = [
        list(analysis.tokens),
        [
            [m.name, m.kind.value, m.named, m.claims, list(m.sentence_indices), m.affiliation, m.canonical]
            for m in analysis.sources
        ],
    ]
    detail = [
        [
            [
                s.index,
                s.paragraph_index,
                s.text,
                s.start,
                s.end,
                s.label.value,
                s.reason,
                [[e.kind, e.text, e.start, e.end, e.detail] for e in s.evidence],
                s.source,
                s.confidence,
                None if s.rule_label is None else s.rule_label.value,
            ]
            for s in analysis.sentences
        ],
        [[q.text, q.start, q.end, q.sentence_index, q.speaker, q.scare] for q in analysis.quotes],
        [_hit_row(h) for h in analysis.term_hits],
        [_hit_row(h) for h in analysis.marker_hits],
    ]
    return AnalysisText(dumps(compared), dumps(detail))


def analysis_from_json(article: Article, features: dict[str, float], text: AnalysisText) -> ArticleAnalysis:
    """The analysis of ``article`` whose other parts ``analysis_json`` wrote as ``text``."""
    tokens, sources = compared_from_json(text.compared)
    detail = detail_from_json(text.detail)._asdict()
    return ArticleAnalysis(article=article, tokens=tokens, sources=sources, features=features, **detail)


def compared_from_json(text: str | bytes) -> tuple[tuple[str, ...], tuple[SourceMention, ...]]:
    """The tokens and sources ``AnalysisText.compared`` holds."""
    return _built("analysis", _compared, _loads(text))


def detail_from_json(text: str | bytes) -> AnalysisDetail:
    """The sentences, quotes and hits ``AnalysisText.detail`` holds."""
    return _built("analysis detail", _detail, _loads(text))


def _compared(values: list) -> tuple[tuple[str, ...], tuple[SourceMention, ...]]:
    tokens, sources = values
    sources = tuple(
        SourceMention(
            _word(n), SourceKind(k), _bool(named), _int(c), tuple(map(_int, at)), _word(aff), _word(canon)
        )
        for n, k, named, c, at, aff, canon in sources
    )
    # sys.intern (see _word) takes only text: a token of another type fails as a bad record
    return tuple(map(sys.intern, tokens)), sources


def _detail(values: list) -> AnalysisDetail:
    sentences, quotes, term_hits, marker_hits = values
    return AnalysisDetail(
        tuple(map(_sentence, sentences)),
        tuple(
            Quote(_str(t), _int(a), _int(b), _int(i), _word(who), _bool(scare))
            for t, a, b, i, who, scare in quotes
        ),
        tuple(map(_hit, term_hits)),
        tuple(map(_hit, marker_hits)),
    )


def _sentence(row: list) -> Sentence:
    index, paragraph, text, start, end, label, reason, evidence, source, confidence, rule_label = row
    return Sentence(
        _int(index),
        _int(paragraph),
        _str(text),
        _int(start),
        _int(end),
        ClaimLabel(label),
        _word(reason),
        tuple(Evidence(_word(k), _word(t), _int(a), _int(b), _word(d)) for k, t, a, b, d in evidence),
        _word(source),
        None if confidence is None else _float(confidence),
        None if rule_label is None else ClaimLabel(rule_label),
    )


def _hit_row(hit: TermHit) -> list:
    return [
        hit.term,
        hit.text,
        hit.category,
        hit.start,
        hit.end,
        hit.sentence_index,
        hit.stance,
        hit.in_headline,
        hit.voice.value,
    ]


def _hit(row: list) -> TermHit:
    term, text, category, start, end, sentence, stance, in_headline, voice = row
    return TermHit(
        _word(term),
        _word(text),
        _word(category),
        _int(start),
        _int(end),
        _int(sentence),
        _word(stance),
        _bool(in_headline),
        Voice(voice),
    )


# ── ledger ──────────────────────────────────────────────────────────────────


def ledger_json(entries: tuple[LedgerEntry, ...]) -> str:
    return dumps(
        [[e.path, e.status.value, e.reason, list(e.article_ids), e.duplicate_of, e.format] for e in entries]
    )


def ledger_from_json(text: str | bytes) -> tuple[LedgerEntry, ...]:
    return _built("ledger", _ledger, _loads(text))


def _ledger(rows: list) -> tuple[LedgerEntry, ...]:
    return tuple(
        LedgerEntry(_str(p), LedgerStatus(s), _str(r), tuple(map(_str, ids)), _str(d), _str(f))
        for p, s, r, ids, d, f in rows
    )


def features_from_row(names: tuple[str, ...], values: tuple) -> dict[str, float]:
    """A feature row read from the store's columns: numbers as stored (SQLite keeps NaN as NULL)."""
    if len(values) != len(names) or not all(v is None or type(v) in (int, float) for v in values):
        raise RecordError("bad feature row")
    return {name: float("nan") if v is None else v for name, v in zip(names, values, strict=True)}


# ── shapes ──────────────────────────────────────────────────────────────────
# JSON gives str, int, float, bool, None, list and dict: each field is checked to be the
# type its dataclass declares, so a damaged record fails here, not in a later stage.


def _str(value: object) -> str:
    if type(value) is not str:
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _word(value: object) -> str:
    """A short text that recurs across articles (a token, a cue, a category, a reason), as
    one string object for all its occurrences: held for 10,000 articles, a string each
    occurrence would double the memory of the analyses."""
    return sys.intern(_str(value))


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, found {type(value).__name__}")
    return value


def _float(value: object) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"expected a number, found {type(value).__name__}")
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, found {type(value).__name__}")
    return value
