"""Loaded-term and marker matching: every lexicon entry, one pass over each text's tokens.

Matching reuses the article's segmentation (``framing.analysis.segment``) instead of scanning the
text again. Both tables are compiled once per ``Lexicons.version`` (cached) into an index
from a term's first token to the term's token run, where the run is how the segmenter
cuts the term on its own; an article is then one pass over its tokens with one dictionary
look-up each, whatever the number of entries.

Boundaries
----------
A term matches where it is a whole token or a run of whole tokens. Every term is a user
word of the segmenter, so it normally comes out as one token (a term with a hyphen or an
enumeration comma, such as 盎格鲁-撒克逊, as a run). The rule is what keeps 所谓 from
matching inside 无所谓 (one token), and 中共国 inside 中共国家主席 (cut 中共/国家主席).
A term the segmenter glues to a neighbouring character is missed; that is rare because
user words win ties. Where a term's span starts and ends on token boundaries, the
segmenter's best path inside the span is the term's own cut, so this equals substring
matching restricted to token boundaries: an Aho–Corasick automaton with that check gave
the same 21,974 matches on 429 articles, and cost more than the segmentation itself.

Overlaps
--------
Within one table, overlapping matches keep the leftmost-longest (构建人类命运共同体, not
人类命运共同体 inside it). A loaded term and a marker may both match; a marker inside a
longer term's token does not count (所谓 is a distancing marker, but 所谓民主 is one
loaded term).

Names and topics
----------------
A loaded term inside a proper name is not loaded: the ``not_in`` column of
``loaded_terms.tsv`` lists the longer names that contain it (帝国 in 俄罗斯帝国 or 大英帝国),
and a match that lies inside one of them is dropped. Names of the source gazetteer need
no entry: they are user words of the segmenter, so a term inside one is not a whole token.
A term whose ``topic`` column names a subject (结盟, 同盟: ``alliance``) is a neutral name
of that subject when the article is about it: when a term of that topic is in the
headline, no term of the topic counts in the article, headline included.

Voice
-----
``with_voice`` sets each hit's ``Voice`` once the sentences have their final labels:
``quoted`` inside a quotation (“…”, 「…」, scare quotes too: the marks say the word is
someone else's) or a title (《…》, the name of someone's document), ``attributed`` in a
sentence labelled A, else ``own``: the outlet's own voice.

Offsets
-------
Matching runs on ``Article.normalized``; every ``TermHit`` carries offsets into
``Article.text`` (via ``Article.original_span``) and the text as written there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import compress
from typing import NamedTuple

from framing.analysis.segment import Segmentation, Segmenter, built_once_per_version, segmenter_for
from framing.analysis.sentences import find_quotes
from framing.errors import LexiconError
from framing.lexicon import LexiconRow, Lexicons
from framing.model import Article, ClaimLabel, Quote, Role, Sentence, TermHit, Voice

LOADED = "loaded_terms"
MARKERS = "markers"


@dataclass(frozen=True)
class Entry:
    """One lexicon entry as the matcher reports it: ``category`` is the marker's type for markers."""

    term: str
    table: str  # "loaded_terms" or "markers"
    category: str
    stance: str = ""
    not_in: tuple[tuple[str, int], ...] = ()  # (a longer name holding the term, the term's offset in it)
    topic: str = ""  # the subject the term can neutrally name


class Match(NamedTuple):
    """A match in the normalised text (``[start, end)`` offsets into the text matched).

    A named tuple rather than a frozen dataclass: an article has dozens of candidate
    matches and a corpus millions, and a tuple is several times cheaper to build.
    """

    start: int
    end: int
    entry: Entry


class TermMatcher:
    """Both tables, indexed by the first token of each term. Build with ``term_matcher(lexicons)``."""

    def __init__(self, lexicons: Lexicons, segmenter: Segmenter | None = None):
        entries: dict[str, list[Entry]] = {}
        for row in lexicons[LOADED]:
            entry = Entry(
                row["term"], LOADED, row["category"], row["stance"], _names_holding(row), row["topic"]
            )
            entries.setdefault(row["term"], []).append(entry)
        for row in lexicons[MARKERS]:
            entries.setdefault(row["term"], []).append(Entry(row["term"], MARKERS, row["type"]))
        segmenter = segmenter or segmenter_for(lexicons)
        self.version = lexicons.version
        self.entries = entries
        # first token -> [(the term's token run, its length in characters, its entries)]
        self._index: dict[str, list[tuple[tuple[str, ...], int, tuple[Entry, ...]]]] = {}
        for term in sorted(entries):
            run = segmenter.segment(term).tokens
            self._index.setdefault(run[0], []).append((run, len(term), tuple(entries[term])))

    def find(self, segmentation: Segmentation) -> list[Match]:
        """Matches in the segmented text, sorted by position, leftmost-longest within each table.

        Parameters
        ----------
        segmentation : the text's tokens (``Segmenter.segment``), from a segmenter built
            with the same lexicons (so that every term is one of its user words).
        """
        tokens, starts = segmentation.tokens, segmentation.starts
        index = self._index
        candidates: list[Match] = []
        # the positions of tokens that start a term, found in C (a Python loop over every
        # token of the article cost four times as much)
        for i in compress(range(len(tokens)), map(index.__contains__, tokens)):
            start = starts[i]
            for run, size, found in index[tokens[i]]:
                if len(run) == 1 or tokens[i : i + len(run)] == run:
                    for entry in found:
                        candidates.append(Match(start, start + size, entry))
        return _leftmost_longest(candidates)


def _names_holding(row: LexiconRow) -> tuple[tuple[str, int], ...]:
    """The ``not_in`` names of a loaded term, each with where the term sits in it."""
    term = row["term"]
    names = []
    for name in row.many("not_in"):
        if term not in name or name == term:
            raise LexiconError(row.file, row.line, f"not_in {name!r} does not hold the term {term!r}")
        names.append((name, name.index(term)))
    return tuple(names)


def in_a_name(text: str, start: int, entry: Entry) -> bool:
    """True when the match of ``entry`` at ``start`` of ``text`` lies inside one of its ``not_in`` names."""
    return any(start >= at and text.startswith(name, start - at) for name, at in entry.not_in)


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
    return built_once_per_version(_MATCHERS, lexicons, TermMatcher)


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
    (loaded, markers): two tuples of ``TermHit`` in text order, every hit's ``voice``
    ``own`` until ``with_voice`` sets it. Loaded terms inside a ``not_in`` name, and terms
    of a topic the headline names, are left out (module docstring).
    """
    starts = [s.start for s in sentences]
    text, normalized = article.text, segmentation.text
    mapped = bool(article.offset_map)
    head_start, head_end = headline or (-1, -1)
    loaded: list[tuple[TermHit, str]] = []
    markers: list[TermHit] = []
    for start, end, entry in matcher.find(segmentation):
        if entry.not_in and in_a_name(normalized, start, entry):
            continue
        if mapped:
            start, end = article.original_span(start, end)
        i = bisect_right(starts, start) - 1
        sentence_index = sentences[i].index if i >= 0 and start < sentences[i].end else -1
        written = text[start:end]
        hit = TermHit(
            entry.term,
            entry.term if written == entry.term else written,  # share the string: most hits are as listed
            entry.category,
            start,
            end,
            sentence_index,
            entry.stance,
            head_start <= start and end <= head_end,
        )
        if entry.table == LOADED:
            loaded.append((hit, entry.topic))
        else:
            markers.append(hit)
    topics = {topic for hit, topic in loaded if topic and hit.in_headline}
    return tuple(hit for hit, topic in loaded if topic not in topics or not topic), tuple(markers)


_TITLE = re.compile(r"《[^《》]*》")


def reported_spans(article: Article, quotes: Iterable[Quote]) -> list[tuple[int, int]]:
    """Sorted, disjoint ``[start, end)`` spans of ``Article.text`` in someone else's words: the
    body's quotations (marks included), the quotations of every other paragraph (the headline,
    captions) and every 《title》."""
    spans = [(q.start, q.end) for q in quotes]
    for paragraph in article.paragraphs:
        if paragraph.role not in (Role.BODY, Role.PULL_QUOTE):
            spans += [(q.start, q.end) for q in find_quotes(paragraph.text, paragraph.start)]
    spans += [m.span() for m in _TITLE.finditer(article.text)]
    merged: list[tuple[int, int]] = []  # a title inside a quotation: one span
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def voice_of(start: int, sentence: Sentence | None, spans: Sequence[tuple[int, int]]) -> Voice:
    """The voice of words starting at ``start``, in ``sentence`` (None: in no sentence)."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= start < spans[i][1]:
        return Voice.QUOTED
    if sentence is not None and sentence.label is ClaimLabel.ATTRIBUTED:
        return Voice.ATTRIBUTED
    return Voice.OWN


def with_voice(
    hits: Iterable[TermHit], sentences: Sequence[Sentence], spans: Sequence[tuple[int, int]]
) -> tuple[TermHit, ...]:
    """The hits with their ``voice`` set from the final sentence labels and ``reported_spans``."""
    by_index = {s.index: s for s in sentences}
    out = []
    for hit in hits:
        voice = voice_of(hit.start, by_index.get(hit.sentence_index), spans)
        out.append(hit if voice is hit.voice else replace(hit, voice=voice))
    return tuple(out)
