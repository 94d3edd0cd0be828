"""Split an article into sentence units and find its quotations.

The units follow ../shared/eval/ANNOTATION.md: a sentence ends at 。！？!? together with
any closing quote or bracket that follows, or at a paragraph break; headings, captions
and list items (each a paragraph of their own, or a line of one) are their own units.
A sentence boundary inside a quotation is still a boundary (the guideline labels every
sentence of a multi-sentence quotation on its own); the quotation itself is kept whole
as a ``QuoteSpan`` that may cover several sentences.

Everything here works on ``Article.normalized`` (simplified script, aliases applied);
``paragraph_spans`` maps each paragraph's ``Article.text`` offsets onto it, and callers
map their spans back with ``Article.original_span``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from framing.model import Article, Role, frozen_record

# A terminator run, then any closing quotes or brackets that belong to the same sentence.
_TERMINATOR = re.compile(r"[。！？!?]+")
_CLOSERS = frozenset("”’」』）)]】》〉\"'")
_SPACES = re.compile(r"\s+")  # what str.isspace and str.strip call spaces
# Quotation marks: opening → closing. The straight double quote pairs with itself.
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"'}
_QUOTE_CLOSE = {v: k for k, v in QUOTE_PAIRS.items()}
# every character find_quotes acts on; the others are skipped without a Python-level step
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted({*QUOTE_PAIRS, *_QUOTE_CLOSE}))) + "]")


@frozen_record
class SentenceSpan:
    """One sentence unit; ``start``/``end`` are offsets into ``Article.normalized``."""

    index: int
    paragraph_index: int
    role: Role
    start: int
    end: int
    text: str  # the normalised text of the span, stripped of surrounding spaces


@frozen_record
class QuoteSpan:
    """A quotation with its marks; ``start``/``end`` are offsets into ``Article.normalized``.

    ``closed`` is False when the paragraph ended before the closing mark (a quotation
    that continues into the next paragraph, as Chinese style writes them).
    """

    start: int
    end: int
    inner: str  # the quoted words without the marks
    closed: bool = True


def paragraph_spans(article: Article) -> tuple[tuple[int, int], ...]:
    """Each paragraph's ``[start, end)`` in ``Article.normalized``.

    Inverts ``Article.offset_map`` (normalized index → original index) when the
    normalisation changed the length; otherwise the offsets are the same.
    """
    if not article.offset_map:
        return tuple((p.start, p.end) for p in article.paragraphs)
    mapping = article.offset_map
    return tuple((bisect_left(mapping, p.start), bisect_left(mapping, p.end)) for p in article.paragraphs)


def split_text(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of one paragraph, spaces trimmed, empty ones dropped.

    Examples
    --------
    >>> t = "他说：“好。走吧！”然后离开。"
    >>> [t[a:b] for a, b in split_text(t)]
    ['他说：“好。', '走吧！”', '然后离开。']
    """
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        begin = line_start
        # the straight quotes from the line start to the terminator, counted as we go on:
        # counting them from the line start at every terminator was quadratic in the line
        counted_to, straight_quotes = line_start, 0
        for match in _TERMINATOR.finditer(text, line_start, line_end):
            straight_quotes += text.count('"', counted_to, match.start())
            counted_to = match.start()
            if match.start() < begin:
                continue
            # a straight quote after the terminator closes the sentence only when one is open
            straight_open = straight_quotes % 2 == 1
            end = match.end()
            while end < line_end:
                if text[end] not in _CLOSERS:
                    # spaces before a closing mark belong to the sentence too: skip them at once
                    closer = _closer_after_space(text, end, line_end)
                    if closer < 0:
                        break
                    end = closer
                    continue
                if text[end] in "\"'" and not straight_open:
                    break
                straight_open = straight_open and text[end] != '"'
                end += 1
            _add_trimmed(spans, text, begin, end)
            begin = end
        _add_trimmed(spans, text, begin, line_end)
    return spans


def _closer_after_space(text: str, pos: int, end: int) -> int:
    """``。 ”``: a closing mark separated from its terminator by spaces still closes the sentence.

    The position of that mark when ``text[pos:end]`` is spaces then one, else -1 (the spaces
    are read once, not the rest of the line).
    """
    spaces = _SPACES.match(text, pos, end)
    if spaces is None or spaces.end() == end or text[spaces.end()] not in "”’」』）)】》":
        return -1
    return spaces.end()


def _lines(text: str) -> list[tuple[int, int]]:
    """Line spans of a paragraph: a line break inside a paragraph separates list items."""
    if "\n" not in text:
        return [(0, len(text))]
    out, start = [], 0
    for match in re.finditer(r"\n", text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(article: Article) -> tuple[SentenceSpan, ...]:
    """The article's sentence units in reading order, every paragraph of every role."""
    sentences: list[SentenceSpan] = []
    normalized = article.normalized
    for p_index, ((p_start, p_end), paragraph) in enumerate(
        zip(paragraph_spans(article), article.paragraphs, strict=True)
    ):
        text = normalized[p_start:p_end]
        for start, end in split_text(text):
            sentences.append(
                SentenceSpan(
                    index=len(sentences),
                    paragraph_index=p_index,
                    role=paragraph.role,
                    start=p_start + start,
                    end=p_start + end,
                    text=text[start:end],
                )
            )
    return tuple(sentences)


def find_quotes(text: str, offset: int = 0) -> list[QuoteSpan]:
    """Top-level quotations in one paragraph (nested quotes stay inside their outer quote).

    A quotation left open at the end of the paragraph runs to its end (``closed=False``).

    Examples
    --------
    >>> [q.inner for q in find_quotes("他说：“我们‘朋友’很多。”")]
    ['我们‘朋友’很多。']
    """
    quotes: list[QuoteSpan] = []
    opener: str | None = None
    start = 0
    for mark in _QUOTE_MARK.finditer(text):
        i, ch = mark.start(), mark.group()
        if opener is None:
            if ch in QUOTE_PAIRS:
                opener, start = ch, i
        elif ch == QUOTE_PAIRS[opener]:
            quotes.append(QuoteSpan(offset + start, offset + i + 1, text[start + 1 : i]))
            opener = None
        elif ch in _QUOTE_CLOSE and ch != '"' and opener == '"':
            # a curly closing mark while a straight quote is open: the straight one was stray
            opener = None
    if opener is not None and len(text) - start > 1:
        quotes.append(QuoteSpan(offset + start, offset + len(text), text[start + 1 :], closed=False))
    return quotes
