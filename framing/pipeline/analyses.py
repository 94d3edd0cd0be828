"""A run's analyses in input order, each built on first access from what the run holds of it.

A run carries every article as its ``Article``, its feature row and its MinHash
fingerprint, which the duplicate check and the feature table need, and the rest of its
analysis (tokens, sources, sentences, quotes, hits) as one of: the ``ArticleAnalysis``
itself (analysed in this process, without a results store), the JSON texts a worker
process made of it (``framing.pipeline.records.AnalysisText``), or where the results store
holds it. The rest is built when a command reads it: the feature table of 10,000 articles
reads none of it; comparing outlets and events reads every article's tokens and sources;
a report shows the sentences of at most a few hundred articles, so an analysis built from
text builds its sentences, quotes and hits only when they are first read
(``LazyAnalysis``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import partial
from typing import NamedTuple, overload

from framing.model import Article, ArticleAnalysis
from framing.pipeline.records import (
    AnalysisDetail,
    AnalysisText,
    RecordError,
    compared_from_json,
    detail_from_json,
)


class StoredAt(NamedTuple):
    """Where the results store holds an article: its file's path and its place in the file."""

    path: str
    position: int


class Analysed(NamedTuple):
    """One analysed article as a run carries it (``rest``: see the module docstring)."""

    article: Article
    features: dict[str, float]
    fingerprint: bytes | None  # ``Deduper.fingerprint`` as the bytes of its uint32 array
    rest: ArticleAnalysis | AnalysisText | StoredAt


# Reads one JSON text of a stored analysis: (where, article id, which part: ``"compared"`` or
# ``"detail"``) → the text, or None when it cannot be read (the store is gone or damaged, or
# holds another article there now).
StoredText = Callable[[StoredAt, str, str], str | None]

_DETAIL_FIELDS = AnalysisDetail._fields
_FIELDS = tuple(f.name for f in dataclasses.fields(ArticleAnalysis))


class LazyAnalysis(ArticleAnalysis):
    """An ``ArticleAnalysis`` whose sentences, quotes and hits (``AnalysisDetail``) are built
    when one of them is first read, by ``load_detail``; its other fields are set at once.

    It reads, compares (with any ``ArticleAnalysis``), copies (``dataclasses.replace``) and
    pickles as the analysis it stands for; a copy or a pickle holds the detail built.
    """

    @classmethod
    def of(
        cls,
        article: Article,
        tokens: tuple[str, ...],
        sources: tuple,
        features: dict[str, float],
        load_detail: Callable[[], AnalysisDetail],
    ) -> LazyAnalysis:
        analysis = cls.__new__(cls)
        values = {"article": article, "tokens": tokens, "sources": sources, "features": features}
        for name, value in {**values, "_load_detail": load_detail}.items():
            object.__setattr__(analysis, name, value)  # a frozen dataclass: set as its __init__ does
        return analysis

    def __getattr__(self, name: str):
        # Python calls this only for an attribute the instance does not have: a detail field
        # not built yet.
        load = self.__dict__.get("_load_detail")
        if name not in _DETAIL_FIELDS or load is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        for field, value in zip(_DETAIL_FIELDS, load(), strict=True):
            object.__setattr__(self, field, value)
        object.__setattr__(self, "_load_detail", None)
        return self.__dict__[name]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArticleAnalysis):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _FIELDS)

    __hash__ = None  # as ArticleAnalysis's (its features are a dict)

    def __reduce__(self):
        return ArticleAnalysis, tuple(getattr(self, name) for name in _FIELDS)


class RunAnalyses(Sequence[ArticleAnalysis]):
    """The analyses of ``items`` in order, each built once, on first access.

    Parameters
    ----------
    items : the run's articles, duplicates left out.
    stored_text : how to read a stored analysis's texts (``ResultStore.analysis``).
    analyse : analyses an article again, for one whose stored text cannot be read.
    """

    def __init__(
        self,
        items: Sequence[Analysed],
        stored_text: StoredText | None,
        analyse: Callable[[Article], ArticleAnalysis],
    ):
        # Each item's ``rest`` becomes the analysis once built (the text is not kept twice).
        self.items: list[Analysed] = list(items)
        self._stored_text = stored_text
        self._analyse = analyse

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> ArticleAnalysis: ...

    @overload
    def __getitem__(self, index: slice) -> list[ArticleAnalysis]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self.items[index]
        if not isinstance(item.rest, ArticleAnalysis):
            item = self.items[index] = item._replace(rest=self._build(item))
        return item.rest

    def _build(self, item: Analysed) -> ArticleAnalysis:
        rest = item.rest
        compared, detail = (rest.compared, rest.detail) if isinstance(rest, AnalysisText) else (rest, rest)
        text = self._text(compared, item.article, "compared")
        if text is None:
            return self._analyse(item.article)  # the store changed or broke since the run read it
        try:
            tokens, sources = compared_from_json(text)
        except RecordError:
            return self._analyse(item.article)  # a damaged stored text
        # the loader keeps the detail's text, or where it is stored, not the tokens' text
        return LazyAnalysis.of(
            item.article, tokens, sources, item.features, partial(self._detail, item.article, detail)
        )

    def _detail(self, article: Article, detail: str | StoredAt) -> AnalysisDetail:
        text = self._text(detail, article, "detail")
        try:
            if text is not None:
                return detail_from_json(text)
        except RecordError:
            pass  # a damaged stored text: analysed again below
        again = self._analyse(article)
        return AnalysisDetail(*(getattr(again, name) for name in _DETAIL_FIELDS))

    def _text(self, where: str | StoredAt, article: Article, part: str) -> str | None:
        """The JSON text ``where`` is, or the one the store holds there (``part`` of the
        analysis: ``"compared"`` or ``"detail"``); ``None`` when it cannot be read."""
        if isinstance(where, StoredAt):
            return self._stored_text(where, article.id, part) if self._stored_text else None
        return where
