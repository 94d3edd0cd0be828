"""Build small ``ArticleAnalysis`` objects by hand for the events/compare/charts/report tests.

Every article is written here for the tests; nothing is copied from real outlets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from framing.model import (
    Article,
    ArticleAnalysis,
    ClaimLabel,
    Evidence,
    OutletKind,
    Paragraph,
    Role,
    Sentence,
    SourceKind,
    SourceMention,
    TermHit,
)

# The loaded-term categories the factory's feature rows carry a density for, as analyze does.
CATEGORIES = ("derogatory_label", "propaganda_formula")


def make_analysis(
    sentences: list[tuple[str, str]],
    *,
    outlet: str = "示例通讯社",
    outlet_kind: OutletKind = OutletKind.OTHER,
    date: str | None = "2024-05-16",
    title: str = "示例标题",
    event: str = "",
    path: str = "",
    loaded: list[tuple[str, str]] = (),
    sources: list[tuple[str, SourceKind]] = (),
    tokens: tuple[str, ...] | None = None,
) -> ArticleAnalysis:
    """An analysis of an article made of ``sentences`` ((text, claim label) pairs, one paragraph each).

    ``loaded`` lists (term, category): each term is highlighted where it first occurs in the text.
    ``tokens`` defaults to the text split on spaces, so tests control the vocabulary exactly.
    """
    text, paragraphs, built = _sentences(sentences)
    hits = _term_hits(text, built, loaded)
    ident = hashlib.sha1(f"{path}|{outlet}|{date}|{title}|{text}".encode()).hexdigest()[:16]
    article = Article(
        id=ident,
        path=path or f"constructed/{ident}.md",
        title=title,
        text=text,
        normalized=text,
        paragraphs=tuple(paragraphs),
        outlet=outlet,
        outlet_kind=outlet_kind,
        date=datetime.fromisoformat(date) if date else None,
        event=event,
    )
    tokens = tuple(tokens) if tokens is not None else tuple(w for s, _ in sentences for w in s.split())
    mentions = tuple(
        SourceMention(name=name, kind=kind, named=kind != SourceKind.ANONYMOUS, claims=1)
        for name, kind in sources
    )
    return ArticleAnalysis(
        article=article,
        tokens=tokens,
        sentences=tuple(built),
        quotes=(),
        sources=mentions,
        term_hits=tuple(hits),
        marker_hits=(),
        features=_features(built, hits, tokens, mentions),
    )


def _sentences(sentences: list[tuple[str, str]]) -> tuple[str, list[Paragraph], list[Sentence]]:
    """The article text (paragraphs joined by a blank line), its paragraphs and labelled sentences."""
    paragraphs, built, offset = [], [], 0
    for index, (sentence, label) in enumerate(sentences):
        start, end = offset, offset + len(sentence)
        paragraphs.append(Paragraph(Role.BODY, sentence, start, end))
        evidence = ()
        if label == "A":
            evidence = (Evidence("reporting_verb", "表示", start, start + 1, "neutral"),)
        built.append(
            Sentence(
                index=index,
                paragraph_index=index,
                text=sentence,
                start=start,
                end=end,
                label=ClaimLabel(label),
                reason=f"constructed label {label}",
                evidence=evidence,
            )
        )
        offset = end + 2
    return "\n\n".join(s for s, _ in sentences), paragraphs, built


def _term_hits(text: str, built: list[Sentence], loaded) -> list[TermHit]:
    hits = []
    for term, category in loaded:
        at = text.find(term)
        if at < 0:
            raise ValueError(f"loaded term {term!r} is not in the text")
        sentence_index = next(s.index for s in built if s.start <= at < s.end)
        hits.append(TermHit(term, term, category, at, at + len(term), sentence_index))
    return hits


def _features(built: list[Sentence], hits: list[TermHit], tokens, mentions) -> dict[str, float]:
    """The feature row, computed the way analyze names it, for the features the tests use."""
    labels = [s.label for s in built]
    body = max(1, len(labels))
    per_category = {f"loaded_{c}_density": 0.0 for c in CATEGORIES}
    for hit in hits:
        per_category[f"loaded_{hit.category}_density"] += 1000.0 / max(1, len(tokens))
    return {
        **per_category,
        "loaded_term_density": 1000.0 * len(hits) / max(1, len(tokens)),
        "attributed_share": labels.count(ClaimLabel.ATTRIBUTED) / body,
        "editorial_share": labels.count(ClaimLabel.EDITORIAL) / body,
        "named_source_count": float(sum(m.named for m in mentions)),
    }


@dataclass(frozen=True)
class FakeResult:
    """Shaped like ``framing.analysis.article.AnalysisResult``: a feature frame and the analyses."""

    features: object
    articles: tuple[ArticleAnalysis, ...]


def make_result(analyses: list[ArticleAnalysis]) -> FakeResult:
    """A result for ``analyses`` with the feature frame built the way ``analyze`` documents it."""
    from framing.comparison.compare import feature_frame

    return FakeResult(feature_frame(analyses), tuple(analyses))
