"""A run's analyses in input order, each built on first access from what the run holds of it.

A run carries every article as its ``Article``, its feature row and its MinHash
fingerprint, which the duplicate check and the feature table need, and the rest of its
analysis (tokens, sentences, quotes, sources, hits) as one of: the ``ArticleAnalysis``
itself (analysed in this process, without a results store), the JSON text a worker
process made of it (``framing.pipeline.records``), or where the results store holds it.
The rest is built when a command reads it: the feature table of 10,000 articles reads
none of their sentences, a report reads them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, overload

from framing.model import Article, ArticleAnalysis
from framing.pipeline.records import RecordError, analysis_from_json


class StoredAt(NamedTuple):
    """Where the results store holds an article: its file's path and its place in the file."""

    path: str
    position: int


class Analysed(NamedTuple):
    """One analysed article as a run carries it (``rest``: see the module docstring)."""

    article: Article
    features: dict[str, float]
    fingerprint: bytes | None  # ``Deduper.fingerprint`` as the bytes of its uint32 array
    rest: ArticleAnalysis | str | StoredAt


# Reads the JSON text of a stored analysis: (where, article id) → the text, or None when it
# cannot be read (the store is gone or damaged, or holds another article there now).
StoredText = Callable[[StoredAt, str], str | None]


class RunAnalyses(Sequence[ArticleAnalysis]):
    """The analyses of ``items`` in order, each built once, on first access.

    Parameters
    ----------
    items : the run's articles, duplicates left out.
    stored_text : how to read a stored analysis's text (``ResultStore.analysis``).
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
        if isinstance(rest, StoredAt):
            rest = self._stored_text(rest, item.article.id) if self._stored_text else None
            if rest is None:
                return self._analyse(item.article)  # the store changed or broke since the run read it
        try:
            return analysis_from_json(item.article, item.features, rest)
        except RecordError:
            return self._analyse(item.article)  # a damaged stored text
