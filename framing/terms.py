"""Loaded-term and marker matching: every lexicon entry, one pass per text.

The ``loaded_terms`` and ``markers`` tables are compiled together into one Aho–Corasick
automaton (pyahocorasick), built once per ``Lexicons.version`` and cached, so matching
an article costs one scan of its normalised text whatever the number of entries.

Boundaries
----------
A match counts only when it starts and ends on token boundaries of the article's
segmentation (``framing.segment``). Every term is also a user word of the segmenter, so
a term in the text is normally one token; the rule is what keeps 所谓 from matching inside
无所谓 or 解放 inside 解放军 (one token each). The price: a term that the segmenter glues
to a neighbouring character is missed; that is rare because user words win ties.

Overlaps
--------
Within one table, overlapping matches keep the leftmost-longest (构建人类命运共同体, not
人类命运共同体 inside it). A loaded term and a marker may both match where both fall on
token boundaries; a marker inside a longer term's token does not count (所谓 is a
distancing marker, but 所谓民主 is one loaded term).

Offsets
-------
Matching runs on ``Article.normalized``; every ``TermHit`` carries offsets into
``Article.text`` (via ``Article.original_span``) and the text as written there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from framing.lexicon import Lexicons
from framing.model import Article, Sentence, TermHit
from framing.segment import Segmentation

LOADED = "loaded_terms"
MARKERS = "markers"


@dataclass(frozen=True)
class Entry:
    """One lexicon entry as the matcher reports it: ``category`` is the marker's type for markers."""

    term: str
    table: str  # "loaded_terms" or "markers"
    category: str
    stance: str = ""


class Match(NamedTuple):
    """A match in the normalised text (``[start, end)`` offsets into the text matched).

    A named tuple rather than a frozen dataclass: an article has dozens of candidate
    matches and a corpus millions, and a tuple is several times cheaper to build.
    """

    start: int
    end: int
    entry: Entry


class TermMatcher:
    """Both tables in one automaton. Build with ``term_matcher(lexicons)`` (cached)."""

    def __init__(self, lexicons: Lexicons):
        import ahocorasick

        entries: dict[str, list[Entry]] = {}
        for row in lexicons[LOADED]:
            entries.setdefault(row["term"], []).append(
                Entry(row["term"], LOADED, row["category"], row["stance"])
            )
        for row in lexicons[MARKERS]:
            entries.setdefault(row["term"], []).append(Entry(row["term"], MARKERS, row["type"]))
        self.version = lexicons.version
        self.entries = entries
        self._automaton = ahocorasick.Automaton()
        for term, found in entries.items():
            self._automaton.add_word(term, (len(term), tuple(found)))
        if entries:
            self._automaton.make_automaton()

    def find(self, text: str, token_starts: Sequence[int] | None = None) -> list[Match]:
        """Matches in ``text``, sorted by position, leftmost-longest within each table.

        Parameters
        ----------
        text : the normalised text.
        token_starts : the sorted start offsets of the text's tokens
            (``Segmentation.starts``); when given, a match must start and end on one.
            ``None`` accepts matches anywhere (substring matching).
        """
        if not self.entries:
            return []
        candidates: list[Match] = []
        if token_starts is None:
            for last, (size, found) in self._automaton.iter(text):
                candidates.extend(Match(last + 1 - size, last + 1, entry) for entry in found)
        else:
            boundaries = set(token_starts)
            boundaries.add(len(text))
            for last, (size, found) in self._automaton.iter(text):
                start = last + 1 - size
                if start in boundaries and last + 1 in boundaries:
                    candidates.extend(Match(start, last + 1, entry) for entry in found)
        return _leftmost_longest(candidates)


def _leftmost_longest(candidates: list[Match]) -> list[Match]:
    candidates.sort(key=lambda m: (m.start, -m.end, m.entry.table))
    kept: list[Match] = []
    reach = {LOADED: 0, MARKERS: 0}  # table -> end of the last kept match
    for match in candidates:
        table = match.entry.table
        if match.start >= reach[table]:
            kept.append(match)
            reach[table] = match.end
    return kept


_MATCHERS: dict[str, TermMatcher] = {}


def term_matcher(lexicons: Lexicons) -> TermMatcher:
    """The matcher for these lexicons, compiled once per ``lexicons.version``."""
    matcher = _MATCHERS.get(lexicons.version)
    if matcher is None:
        if len(_MATCHERS) >= 4:  # a long-lived process that keeps changing lexicons
            _MATCHERS.clear()
        matcher = _MATCHERS[lexicons.version] = TermMatcher(lexicons)
    return matcher


def term_hits(
    article: Article,
    segmentation: Segmentation,
    sentences: Sequence[Sentence],
    matcher: TermMatcher,
    headline: tuple[int, int] | None = None,
) -> tuple[tuple[TermHit, ...], tuple[TermHit, ...]]:
    """Loaded-term hits and marker hits of one article, offsets into ``Article.text``.

    Parameters
    ----------
    article : the article; ``segmentation`` must be of ``article.normalized``.
    sentences : the article's sentences (offsets into ``Article.text``), sorted; a hit
        gets the index of the sentence holding it, or -1 when it is in none.
    headline : the title's ``[start, end)`` in ``Article.text``; hits inside it get
        ``in_headline=True``.

    Returns
    -------
    (loaded, markers): two tuples of ``TermHit`` in text order.
    """
    starts = [s.start for s in sentences]
    text = article.text
    mapped = bool(article.offset_map)
    head_start, head_end = headline or (-1, -1)
    loaded: list[TermHit] = []
    markers: list[TermHit] = []
    for start, end, entry in matcher.find(segmentation.text, segmentation.starts):
        if mapped:
            start, end = article.original_span(start, end)
        i = bisect_right(starts, start) - 1
        sentence_index = sentences[i].index if i >= 0 and start < sentences[i].end else -1
        hit = TermHit(
            entry.term,
            text[start:end],
            entry.category,
            start,
            end,
            sentence_index,
            entry.stance,
            head_start <= start and end <= head_end,
        )
        (loaded if entry.table == LOADED else markers).append(hit)
    return tuple(loaded), tuple(markers)
