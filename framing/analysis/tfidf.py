"""TF-IDF over the tokens the analysis already has, for events and distinctive terms.

scikit-learn's default ``token_pattern`` turns unsegmented Chinese clauses into single
tokens, and ``tokenizer=`` would segment every article a second time. Here the
vectorizer's ``analyzer=`` hook is a callable that returns each article's stored body
tokens (``ArticleAnalysis.tokens``, segmented once by ``framing.analysis.article``), filtered.

For REPORT: ``tfidf_matrix`` gives the article × term matrix (rows in the order of the
analyses, so ``result.ids[i]`` is row ``i``); cosine similarity of its rows groups
articles into events, and ``top_terms`` lists the terms that set a group of rows
(an outlet, an event) apart.

Examples
--------
>>> result = analyze(articles)
>>> tfidf = tfidf_matrix(result.articles, min_df=2)
>>> top_terms(tfidf, [0, 3, 5], n=10)
[('特别军事行动', 0.21), ...]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from framing.model import ArticleAnalysis


@dataclass(frozen=True, eq=False)
class TfidfResult:
    """``matrix``: scipy CSR, one row per analysis, one column per term (``terms`` in column order)."""

    matrix: Any
    terms: tuple[str, ...]
    ids: tuple[str, ...]


def keep_token(token: str, *, min_chars: int = 2) -> bool:
    """The default token filter: at least ``min_chars`` characters and not a number.

    Single characters are mostly function words (的, 了, 在, 是); numbers are dates and
    counts, which say more about the day than about the framing.
    """
    return len(token) >= min_chars and not token.replace(".", "").replace(",", "").isdigit()


def tfidf_matrix(
    analyses: Sequence[ArticleAnalysis],
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
    sublinear_tf: bool = True,
    keep: Callable[[str], bool] = keep_token,
) -> TfidfResult:
    """Fit TF-IDF on the analyses' body tokens (no re-segmentation).

    Parameters
    ----------
    analyses : from ``framing.analysis.article`` (``AnalysisResult.articles``).
    min_df, max_df, max_features, sublinear_tf : as ``sklearn.feature_extraction.text.TfidfVectorizer``.
    keep : which tokens count as terms (default ``keep_token``).

    Returns
    -------
    TfidfResult; rows L2-normalised, so ``matrix @ matrix.T`` is cosine similarity.

    Raises
    ------
    ValueError (scikit-learn's) when no term survives the filters.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    # keep() once per distinct word, not once per token of the corpus (millions of calls)
    words: set[str] = set()
    for analysis in analyses:
        words.update(analysis.tokens)
    kept = frozenset(filter(keep, words))

    def analyzer(tokens: Sequence[str]) -> list[str]:
        return [t for t in tokens if t in kept]

    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        min_df=min_df,
        max_df=max_df,
        max_features=max_features,
        sublinear_tf=sublinear_tf,
        norm="l2",
    )
    matrix = vectorizer.fit_transform([a.tokens for a in analyses])
    return TfidfResult(
        matrix=matrix.tocsr(),
        terms=tuple(vectorizer.get_feature_names_out()),
        ids=tuple(a.article.id for a in analyses),
    )


def top_terms(result: TfidfResult, rows: Sequence[int], *, n: int = 20) -> list[tuple[str, float]]:
    """The ``n`` terms with the highest mean TF-IDF weight over ``rows``, highest first.

    Ties are broken by the term, so the output is the same on every run.
    """
    if not rows:
        return []
    weights = result.matrix[list(rows)].mean(axis=0).A1
    order = sorted(
        (i for i in range(len(result.terms)) if weights[i] > 0), key=lambda i: (-weights[i], result.terms[i])
    )
    return [(result.terms[i], float(weights[i])) for i in order[:n]]
