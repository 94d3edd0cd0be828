"""Label every sentence of an article in reading order, then find its quotations and cited sources.

``annotate_claims`` is the entry point; each sentence's label comes from
``label_rules.label_sentence``. All offsets in the result are into ``Article.text``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from framing.analysis.claims.attribution import cited_sources
from framing.analysis.claims.context import LABELLED_BY_ROLE, Draft, RuleKind, SentenceContext
from framing.analysis.claims.cues import ClaimCues, claim_cues
from framing.analysis.claims.editorial import looks_scare
from framing.analysis.claims.label_rules import label_sentence
from framing.analysis.sentences import QuoteSpan, find_quotes, paragraph_spans, split_sentences
from framing.analysis.sources import SeenSources, TextBefore, collect_sources
from framing.lexicon import Lexicons
from framing.model import Article, ClaimLabel, Evidence, Quote, Role, Sentence, SourceMention


@dataclass(frozen=True)
class ClaimAnnotation:
    """What ``annotate_claims`` finds in one article (offsets into ``Article.text``)."""

    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[SourceMention, ...]


def annotate_claims(article: Article, lexicons: Lexicons) -> ClaimAnnotation:
    """Label every sentence of ``article`` and find its quotations and cited sources.

    Parameters
    ----------
    article : an ingested ``Article`` (the analysis reads ``article.normalized``).
    lexicons : the loaded lexicons (``framing.lexicon.load_lexicons()``); the cues are
        compiled once per ``lexicons.version``.

    Returns
    -------
    ClaimAnnotation with one ``Sentence`` per sentence unit (offsets into ``Article.text``),
    the article's ``Quote``s and its cited ``SourceMention``s.
    """
    cues = claim_cues(lexicons)
    quotes = article_quotes(article)
    drafts = label_article(article, quotes, cues)
    give_quotes_neighbour_speakers(drafts)
    return ClaimAnnotation(
        sentences=tuple(_finish(article, d) for d in drafts),
        quotes=tuple(
            _quote(article, q, owner, cues) for q, owner in zip(quotes, _owners(quotes, drafts), strict=True)
        ),
        sources=collect_sources(
            (
                (d.span.index, s)
                for d in drafts
                for s in (d.sources if d.label is ClaimLabel.ATTRIBUTED else ()) + d.cited
            ),
            article,
        ),
    )


def article_quotes(article: Article) -> list[QuoteSpan]:
    """The quotations of the body paragraphs, one left open at a paragraph's end joined with
    the next paragraph's."""
    normalized = article.normalized
    quotes: list[QuoteSpan] = []
    for (p_start, p_end), paragraph in zip(paragraph_spans(article), article.paragraphs, strict=True):
        if paragraph.role in (Role.BODY, Role.PULL_QUOTE):
            quotes.extend(find_quotes(normalized[p_start:p_end], p_start))
    out: list[QuoteSpan] = []
    for quote in quotes:
        if out and not out[-1].closed and normalized[out[-1].end : quote.start].strip() == "":
            prev = out.pop()
            quote = QuoteSpan(prev.start, quote.end, normalized[prev.start + 1 : quote.end - 1], quote.closed)
        out.append(quote)
    return out


def label_article(article: Article, quotes: Sequence[QuoteSpan], cues: ClaimCues) -> list[Draft]:
    """Each sentence's decision in reading order, with the sources cited inside it."""
    drafts: list[Draft] = []
    # the sources cited so far and the text before each sentence, indexed once per article
    earlier = SeenSources(cues.sources)
    before = TextBefore(article.normalized, cues.sources)
    # quotations are in reading order and do not overlap: the ones that may touch a sentence
    # are found by bisection instead of testing every quotation of the article per sentence
    quote_starts = [q.start for q in quotes]
    quote_ends = [q.end for q in quotes]
    # the latest attributed sentence of the paragraph being read, kept as we go so that
    # finding whose speech a sentence continues does not read back through the paragraph
    speaking: Draft | None = None
    opener: Draft | None = None  # the first sentence of the paragraph being read
    for span in split_sentences(article):
        first = bisect_right(quote_ends, span.start)
        nearby = quotes[first : bisect_left(quote_starts, span.end, first)]
        context = before.up_to(span.start)
        if speaking is not None and speaking.span.paragraph_index != span.paragraph_index:
            speaking = None
        if opener is not None and opener.span.paragraph_index != span.paragraph_index:
            opener = None
        ctx = SentenceContext(span, nearby, drafts, earlier, cues, context, speaking, opener)
        draft = Draft(span, label_sentence(ctx))
        opener = draft if opener is None or _takes_over_speech(opener, draft) else opener
        if span.role not in LABELLED_BY_ROLE:
            draft.cited = cited_sources(span.text, span.text, cues, earlier, context)
        earlier.extend(draft.sources + draft.cited)
        drafts.append(draft)
        if draft.label is ClaimLabel.ATTRIBUTED:
            speaking = draft
    return drafts


def _takes_over_speech(opener: Draft, draft: Draft) -> bool:
    """Whether ``draft`` opens the paragraph's speech instead of ``opener``: a named speaker's
    words reported unquoted (普京强调，…) after a first sentence that carries on no speech
    (双方就乌克兰问题交换意见。习近平强调，…。): the speech carries on to the paragraph's end
    (ANNOTATION.md, "Continuations": everything after 习近平指出 to the end of the paragraph)."""
    return draft.decision.speech_carries_on and not opener.decision.speech_carries_on


def give_quotes_neighbour_speakers(drafts: list[Draft]) -> None:
    """A whole-sentence quotation takes the speaker of the sentence after or before it,
    in the same paragraph."""
    for i, draft in enumerate(drafts):
        if draft.decision.rule is not RuleKind.DIRECT_QUOTATION or draft.sources:
            continue
        for j in (i + 1, i - 1):
            if (
                0 <= j < len(drafts)
                and drafts[j].sources
                and drafts[j].span.paragraph_index == draft.span.paragraph_index
            ):
                draft.decision = replace(draft.decision, sources=drafts[j].sources)
                break


def _finish(article: Article, draft: Draft) -> Sentence:
    span, decision = draft.span, draft.decision
    text = article.text
    if article.offset_map:
        start, end = article.original_span(span.start, span.end)
        evidence = []
        for kind, word, a, b, detail in decision.evidence:
            o0, o1 = article.original_span(span.start + a, span.start + b)
            evidence.append(Evidence(kind, text[o0:o1] or word, o0, o1, detail))
    else:  # most articles: normalising kept every offset (original_span is the identity)
        start, end = span.start, span.end
        evidence = [
            Evidence(kind, text[start + a : start + b] or word, start + a, start + b, detail)
            for kind, word, a, b, detail in decision.evidence
        ]
    return Sentence(
        index=span.index,
        paragraph_index=span.paragraph_index,
        text=text[start:end],
        start=start,
        end=end,
        label=decision.label,
        reason=decision.reason,
        evidence=tuple(evidence),
        source="、".join(s.name for s in decision.sources) if decision.label is ClaimLabel.ATTRIBUTED else "",
    )


def _owners(quotes: Sequence[QuoteSpan], drafts: Sequence[Draft]) -> list[Draft | None]:
    """The sentence each quotation opens in (sentences are in reading order and do not overlap)."""
    starts = [d.span.start for d in drafts]
    owners: list[Draft | None] = []
    for quote in quotes:
        i = bisect_right(starts, quote.start) - 1
        owners.append(drafts[i] if i >= 0 and quote.start < drafts[i].span.end else None)
    return owners


def _quote(article: Article, quote: QuoteSpan, owner: Draft | None, cues: ClaimCues) -> Quote:
    start, end = article.original_span(quote.start, quote.end)
    attributed = owner is not None and owner.label is ClaimLabel.ATTRIBUTED
    speaker = "、".join(s.name for s in owner.sources) if attributed else ""
    scare = not attributed and looks_scare(article.normalized, quote.start, quote.end, cues)
    return Quote(
        text=article.text[start:end],
        start=start,
        end=end,
        sentence_index=owner.span.index if owner else -1,
        speaker=speaker,
        scare=scare,
    )


def claims_record(article: Article, annotation: ClaimAnnotation) -> dict:
    """The scorer's JSONL form of one article: path, sentences (text, label), sources (name, kind)."""
    return {
        "path": article.path,
        "sentences": [{"text": s.text, "label": s.label.value} for s in annotation.sentences],
        "sources": [{"name": s.name, "kind": s.kind.value} for s in annotation.sources],
    }
