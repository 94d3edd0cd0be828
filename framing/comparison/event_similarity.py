"""How alike two articles are as reports of one event: shared words, names and quotations.

    analyses ──ArticleSignals──▶ similarity(article, others) ∈ [0, ~1.5]

An article's signals, built once for the corpus being grouped:

- its words: the TF-IDF row (``framing.analysis.tfidf``) of its body tokens and its title's
  words (the title split into the words the corpus's bodies use, longest first; not for
  a title that recurs on other days, the name of a column), so distinctive terms, places
  and the headline all count, and words every article uses (中国, 俄罗斯) count little;
- its named actors: the named sources it cites (``SourceMention.named``), by canonical name;
- its quoted statements: the 6-character pieces of its quotations of 8 characters or
  more (shorter ones are names and scare quotes), so two outlets quoting the same
  sentence share them.

Similarity of two articles = cosine of the TF-IDF rows + ``entity_weight`` × Jaccard
overlap of the named actors + ``quote_weight`` when they quote the same statement
(``QUOTE_SHARED`` pieces in common).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from framing.analysis.sentences import paragraph_spans
from framing.comparison.vocabulary import is_content_token
from framing.model import Article, ArticleAnalysis, Role

_NOT_WORD = re.compile(r"[\W_]+")
# A quotation inside one paragraph, in any of the marks Chinese text uses.
_QUOTATION = re.compile(r"[“「『\"]([^“”「」『』\"\n]+)[”」』\"]")

QUOTE_MIN_CHARS = 8  # shorter quotations are names and slogans, not statements
QUOTE_PIECE = 6  # characters in one piece of a quotation
QUOTE_SHARED = 3  # pieces two articles must share to quote the same statement
TITLE_WORD_MAX = 8  # the longest word looked for in a title


class _Document(NamedTuple):
    """What ``tfidf_matrix`` reads of an analysis: its article and its tokens."""

    article: Article
    tokens: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class ArticleSignals:
    """The signals of the articles being grouped (row ``i`` is ``analyses[i]``)."""

    matrix: Any  # scipy CSR, L2-normalised TF-IDF rows; None when no article has a content word
    vocabulary: tuple[str, ...]
    headlines: tuple[str, ...]  # each article's title (normalised script)
    titles: tuple[tuple[str, ...], ...]  # each title's words (none for a column's title)
    actors: tuple[frozenset[str], ...]
    quotes: tuple[frozenset[str], ...]
    entity_weight: float
    quote_weight: float

    @classmethod
    def of(
        cls, analyses: Sequence[ArticleAnalysis], *, entity_weight: float = 0.2, quote_weight: float = 0.2
    ) -> ArticleSignals:
        from framing.analysis.tfidf import tfidf_matrix

        words: set[str] = set()
        for analysis in analyses:
            words.update(analysis.tokens)
        vocabulary = set(filter(is_content_token, words))
        headlines = tuple(headline(a.article) for a in analyses)
        standing = standing_titles(analyses, headlines)
        titles = tuple(() if text in standing else tuple(title_words(text, vocabulary)) for text in headlines)
        matrix, terms = None, ()
        if vocabulary:
            documents = [_Document(a.article, a.tokens + t) for a, t in zip(analyses, titles, strict=True)]
            tfidf = tfidf_matrix(documents, keep=is_content_token)
            matrix, terms = tfidf.matrix, tfidf.terms
        return cls(
            matrix,
            terms,
            headlines,
            titles,
            tuple(named_actors(a) for a in analyses),
            tuple(quoted_pieces(a.article) for a in analyses),
            entity_weight,
            quote_weight,
        )

    def extra(self, index: int, other: int) -> float:
        """What named actors and quoted statements add to the words' cosine for one pair."""
        score = 0.0
        mine, theirs = self.actors[index], self.actors[other]
        if mine and theirs:
            score += self.entity_weight * len(mine & theirs) / len(mine | theirs)
        if len(self.quotes[index] & self.quotes[other]) >= QUOTE_SHARED:
            score += self.quote_weight
        return score


def headline(article: Article) -> str:
    """The article's title in normalised script (the title paragraph's text), else ``title``."""
    for paragraph, (start, end) in zip(article.paragraphs, paragraph_spans(article), strict=True):
        if paragraph.role is Role.TITLE:
            return article.normalized[start:end]
    return article.title


def standing_titles(analyses: Sequence[ArticleAnalysis], headlines: Sequence[str]) -> frozenset[str]:
    """Headlines that recur on articles of different days: the name of a column or a
    programme ("国内联播快讯"), which says nothing about the event."""
    days: dict[str, set] = {}
    for analysis, text in zip(analyses, headlines, strict=True):
        if analysis.article.date is not None:
            days.setdefault(text, set()).add(analysis.article.date.date())
    return frozenset(title for title, seen in days.items() if len(seen) > 1)


def title_words(title: str, vocabulary: set[str] | frozenset[str]) -> list[str]:
    """``title`` split into words of ``vocabulary``, the longest match first; other characters skipped.

    Examples
    --------
    >>> title_words("中俄合建月球科研站", {"合建", "月球", "科研", "科研站"})
    ['合建', '月球', '科研站']
    """
    words, at = [], 0
    while at < len(title):
        for length in range(min(TITLE_WORD_MAX, len(title) - at), 1, -1):
            if title[at : at + length] in vocabulary:
                words.append(title[at : at + length])
                at += length
                break
        else:
            at += 1
    return words


def named_actors(analysis: ArticleAnalysis) -> frozenset[str]:
    """The named people and bodies the article cites as sources, by canonical name (普丁 in
    one outlet and 普京 in another are one actor)."""
    return frozenset(s.canonical or s.name for s in analysis.sources if s.named and (s.canonical or s.name))


def quoted_pieces(article: Article) -> frozenset[str]:
    """Overlapping ``QUOTE_PIECE``-character pieces of the article's quotations (normalised
    script, punctuation and spaces removed), from those of at least ``QUOTE_MIN_CHARS``
    characters: statements, not scare quotes or names."""
    pieces: set[str] = set()
    for match in _QUOTATION.finditer(article.normalized):
        text = _NOT_WORD.sub("", match.group(1))
        if len(text) >= QUOTE_MIN_CHARS:
            pieces.update(text[i : i + QUOTE_PIECE] for i in range(len(text) - QUOTE_PIECE + 1))
    return frozenset(pieces)


class CosineRows:
    """Cosine similarity (rows are L2-normalised) of one row to a few others.

    Read straight off the CSR arrays: slicing a scipy matrix and multiplying costs about
    0.4 ms a call in overhead, and grouping makes one call per article.
    """

    def __init__(self, matrix):
        import numpy as np

        self.matrix = matrix
        if matrix is not None:
            self.dense = np.zeros(matrix.shape[1])

    def __call__(self, index: int, candidates: Sequence[int]) -> dict[int, float]:
        import numpy as np

        if self.matrix is None or not len(candidates):
            return dict.fromkeys(candidates, 0.0)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        own = indices[indptr[index] : indptr[index + 1]]
        self.dense[own] = data[indptr[index] : indptr[index + 1]]
        rows = np.asarray(candidates)
        starts, lengths = indptr[rows], indptr[rows + 1] - indptr[rows]
        offsets = np.cumsum(lengths) - lengths
        # every stored entry of every candidate row, then the sum per row
        positions = np.arange(lengths.sum()) - np.repeat(offsets - starts, lengths)
        products = data[positions] * self.dense[indices[positions]]
        sums = np.bincount(np.repeat(np.arange(len(rows)), lengths), products, minlength=len(rows))
        self.dense[own] = 0.0
        return dict(zip(candidates, map(float, sums), strict=True))


class Similarity:
    """Article-to-article similarity from ``ArticleSignals``: cosine of the words plus actors
    and quotations."""

    def __init__(self, signals: ArticleSignals):
        self.signals = signals
        self.cosine = CosineRows(signals.matrix)

    def __call__(self, index: int, candidates: Sequence[int]) -> dict[int, float]:
        scores = self.cosine(index, candidates)
        return {other: value + self.signals.extra(index, other) for other, value in scores.items()}
