"""The analysis façade: articles in, one ``ArticleAnalysis`` each and a feature table out.

Per article, in one pass each:

1. segment ``Article.normalized`` once (``framing.analysis.segment``); the body's word tokens are
   kept on the result and reused by TF-IDF (``framing.analysis.tfidf``);
2. label sentences, find quotations and cited sources (``framing.analysis.claims``);
3. match every loaded term and marker in one automaton pass over the same text, on the
   same tokens' boundaries, and once the sentences have their final labels, tell the
   outlet's own voice from quoted and attributed words (``framing.analysis.terms``);
4. compute the feature row (``framing.analysis.features``).

The segmenter and the term automaton are built once per ``Lexicons.version`` and per
process; ``jobs > 1`` spreads articles over a process pool whose workers each build
their own once.

Examples
--------
>>> from framing import load_articles, analyze
>>> articles, ledger = load_articles(["corpus/"])
>>> result = analyze(articles, jobs=2)
>>> result.features[["outlet", "loaded_term_density", "attributed_share"]]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from framing.analysis.segment import Segmenter, segmenter_for
from framing.lexicon import Lexicons, load_lexicons
from framing.model import Article, ArticleAnalysis, Role
from framing.workers import forked_pool, no_gc_pauses

if TYPE_CHECKING:
    import pandas as pd

# The article columns that come before the features in the feature table.
ARTICLE_COLUMNS = ("path", "outlet", "outlet_kind", "date", "title", "event")


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Everything ``analyze`` found.

    Attributes
    ----------
    articles : the per-article analyses, in the input order (the table's row order); a
        sequence that may build each one on first access (``framing.pipeline.run``).
    lexicons_version : ``Lexicons.version`` of the lexicons used.
    heads : when given, each article's ``article`` and ``features`` in the same order,
        from which the table is built without reading ``articles``.
    features : one row per article, index the article id; columns ``ARTICLE_COLUMNS``
        then ``framing.analysis.features.feature_names()`` (``date`` in UTC, naive dates read as UTC).
        Built on first use (``feature_table``).
    """

    articles: Sequence[ArticleAnalysis]
    lexicons_version: str = ""
    heads: Sequence[Any] | None = field(default=None, repr=False)

    @cached_property
    def features(self) -> pd.DataFrame:
        with no_gc_pauses():  # thousands of results alive: a collection would rescan them all
            return feature_table(self.heads if self.heads is not None else self.articles)


def analyze_article(
    article: Article, lexicons: Lexicons, segmenter: Segmenter | None = None, *, use_model: bool = True
) -> ArticleAnalysis:
    """Analyse one article.

    Parameters
    ----------
    article : an ingested article.
    lexicons : the loaded lexicons.
    segmenter : reuse one across articles (default: this process's,
        ``framing.analysis.segment.segmenter_for``).
    use_model : label sentences with the shipped classifier (``framing.analysis.claim_model``)
        over the rules' findings; ``False`` keeps the rules' labels (for training and
        for comparing the two).

    Returns
    -------
    ArticleAnalysis whose ``tokens`` are the body's word tokens (normalised script).
    """
    from framing.analysis.claim_model import relabel
    from framing.analysis.claims import annotate_claims
    from framing.analysis.features import article_features
    from framing.analysis.terms import reported_spans, term_hits, term_matcher, with_voice

    segmentation = (segmenter or segmenter_for(lexicons)).segment(article.normalized)
    claims = annotate_claims(article, lexicons)
    tokens, body_spans, headline_tokens, headline = _body_and_headline(article, segmentation)
    loaded, markers = term_hits(article, segmentation, claims.sentences, term_matcher(lexicons), headline)
    sentences = relabel(article, claims.sentences, loaded, markers) if use_model else claims.sentences
    reported = reported_spans(article, claims.quotes)
    loaded, markers = with_voice(loaded, sentences, reported), with_voice(markers, sentences, reported)
    features = article_features(
        body_tokens=len(tokens),
        headline_tokens=headline_tokens,
        body_spans=body_spans,
        sentences=sentences,
        quotes=claims.quotes,
        sources=claims.sources,
        term_hits=loaded,
        marker_hits=markers,
    )
    return ArticleAnalysis(
        article=article,
        # one string per word: a corpus repeats a few thousand words millions of times
        # (63 MB less per 1,000 articles held)
        tokens=tuple(map(sys.intern, tokens)),
        sentences=sentences,
        quotes=claims.quotes,
        sources=claims.sources,
        term_hits=loaded,
        marker_hits=markers,
        features=features,
    )


def _body_and_headline(
    article: Article, segmentation
) -> tuple[list[str], list[tuple[int, int]], int, tuple | None]:
    """The body's word tokens and paragraph spans (offsets into ``Article.text``), and the
    headline's token count and span (``None`` without a title paragraph)."""
    from framing.analysis.sentences import paragraph_spans

    tokens: list[str] = []
    body_spans: list[tuple[int, int]] = []
    headline_tokens, headline = 0, None
    for paragraph, (start, end) in zip(article.paragraphs, paragraph_spans(article), strict=True):
        if paragraph.role in (Role.BODY, Role.PULL_QUOTE):
            tokens.extend(segmentation.words(start, end))
            body_spans.append((paragraph.start, paragraph.end))
        elif paragraph.role is Role.TITLE and headline is None:
            headline_tokens = len(segmentation.words(start, end))
            headline = (paragraph.start, paragraph.end)
    return tokens, body_spans, headline_tokens, headline


def analyze(
    articles: Iterable[Article], lexicons: Lexicons | None = None, *, jobs: int = 1
) -> AnalysisResult:
    """Analyse every article and build the feature table.

    Parameters
    ----------
    articles : ingested articles (``framing.load_articles``).
    lexicons : default ``load_lexicons()`` (the built-in tables).
    jobs : processes to use; 1 analyses in this process. Results keep the input order.

    Returns
    -------
    AnalysisResult with ``features`` (pandas DataFrame) and ``articles``.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    lexicons = lexicons or load_lexicons()
    articles = list(articles)
    if jobs == 1 or len(articles) < 2:
        segmenter = segmenter_for(lexicons)
        with no_gc_pauses():
            analyses = tuple(analyze_article(a, lexicons, segmenter) for a in articles)
    else:
        analyses = _analyze_in_pool(articles, lexicons, jobs)
    return AnalysisResult(analyses, lexicons.version)


def _analyze_in_pool(
    articles: Sequence[Article], lexicons: Lexicons, jobs: int
) -> tuple[ArticleAnalysis, ...]:
    from framing.analysis.terms import term_matcher

    # Build the tokenizer and the automaton here: forked workers inherit them ready-made.
    segmenter_for(lexicons).segment("")
    term_matcher(lexicons)
    workers = min(jobs, len(articles))
    chunksize = max(1, min(64, len(articles) // (workers * 4)))
    with forked_pool(workers, _start_worker, (lexicons,)) as pool, no_gc_pauses():
        return tuple(pool.map(_analyze_in_worker, articles, chunksize=chunksize))


_WORKER_LEXICONS: Lexicons | None = None


def _start_worker(lexicons: Lexicons) -> None:
    global _WORKER_LEXICONS
    _WORKER_LEXICONS = lexicons
    segmenter_for(lexicons).segment("")  # no-op when forked from a parent that built it


def _analyze_in_worker(article: Article) -> ArticleAnalysis:
    assert _WORKER_LEXICONS is not None, "worker started without lexicons"
    return analyze_article(article, _WORKER_LEXICONS)


def feature_table(analyses: Iterable[ArticleAnalysis]) -> pd.DataFrame:
    """One row per analysis: ``ARTICLE_COLUMNS`` then every feature; index ``id``.

    ``analyses``: anything with an ``article`` and ``features`` (``ArticleAnalysis``, or a
    head of ``AnalysisResult.heads``). A feature an analysis lacks is 0.
    """
    import pandas as pd

    from framing.analysis.features import feature_names

    names = feature_names()
    described, measured = [], []
    for analysis in analyses:
        article = analysis.article
        described.append(
            (article.id, article.path, article.outlet, article.outlet_kind.value, article.date, article.title)
            + (article.event,)
        )
        measured.append([analysis.features.get(name, 0.0) for name in names])
    table = pd.DataFrame(described, columns=["id", *ARTICLE_COLUMNS]).join(
        pd.DataFrame(measured, columns=names)
    )
    table["date"] = pd.to_datetime(table["date"], utc=True)
    return table.set_index("id")


def feature_csv(result: AnalysisResult) -> str:
    """The feature table as CSV text, safe to open in a spreadsheet (``framing.safe_text``:
    a text cell starting like a formula gets a ``'``)."""
    from framing.safe_text import csv_safe_frame

    table = csv_safe_frame(result.features)
    # In one chunk: pandas chooses the digits of a date column's fractions of a second for
    # each chunk of rows it writes, so a long table would mix "00:00:00" and "00:00:00.000".
    return table.to_csv(chunksize=max(1, len(table)))


def analysis_to_record(analysis: ArticleAnalysis) -> dict[str, Any]:
    """The JSONL form of one analysis (what ``framing analyze --format jsonl`` prints).

    Keys: ``path``, ``id``, ``outlet``, ``outlet_kind``, ``date`` (ISO 8601 or null),
    ``title``, ``event``, ``story``, ``sentences`` (``index``, ``paragraph_index``, ``text``,
    ``label``, ``reason``, ``evidence``, ``source``, ``start``, ``end``), ``quotes``,
    ``sources`` (``name``, ``kind``, ``named``, ``claims``, ``sentence_indices``,
    ``affiliation``), ``term_hits`` and ``marker_hits`` (``term``, ``text``, ``category``,
    ``start``, ``end``, ``sentence_index``, ``stance``, ``in_headline``, ``voice``: own, quoted
    or attributed), ``features``, ``corrections`` (what a teacher's corrections file
    changed: ``what``, ``target``, ``tool_said``, ``now``, ``sentence_index``, ``where``,
    ``note``; empty without one).
    Offsets are into the article's text in its original script. This is the form
    ``../shared/eval/score.py`` reads.
    """
    article = analysis.article
    return {
        "path": article.path,
        "id": article.id,
        "outlet": article.outlet,
        "outlet_kind": article.outlet_kind.value,
        "date": article.date.isoformat() if article.date else None,
        "title": article.title,
        "event": article.event,
        "story": article.story,
        "sentences": [_plain(asdict(s)) for s in analysis.sentences],
        "quotes": [asdict(q) for q in analysis.quotes],
        "sources": [_plain(asdict(s)) for s in analysis.sources],
        "term_hits": [asdict(h) for h in analysis.term_hits],
        "marker_hits": [asdict(h) for h in analysis.marker_hits],
        "features": dict(analysis.features),
        "corrections": [asdict(c) for c in analysis.corrections],
    }


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Enum members → their values, tuples → lists (so the record equals its JSON round trip)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if hasattr(value, "value"):
            value = value.value
        elif isinstance(value, tuple | list):
            value = [_plain(v) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out
