"""Who a claim is attributed to: resolve a speaker phrase to sources, then list sources per article.

This module is what the claim labeller uses of speaker resolution:

- ``source_cues`` compiles the vocabulary once per lexicon version (``source_cues.py``);
  ``SourceCues`` answers where titles, names and body nouns are in a text;
- ``resolve_speaker`` / ``speaker_sources`` turn the words before a reporting verb
  (``俄罗斯总统普京``, ``香港浸会大学政治学教授高敬文``, ``乌克兰一位高级官员``, ``他``) into
  ``ResolvedSource``s by the ordered rules of ``speakers.py``;
- ``clean_speaker``, ``is_existential`` and ``is_unnamed_noun`` read a phrase's shape
  (``speaker_phrase.py``); ``SeenSources`` and ``TextBefore`` hold what the article said
  before (``source_context.py``);
- ``collect_sources`` counts, per distinct source, the claims it supports
  (``SourceMention``), as ../shared/eval/ANNOTATION.md asks: each distinct source once per
  article, a surname alone referring back to a named source is the same source, names
  compared ignoring the middle dot and spacing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from framing.analysis.source_context import NO_CONTEXT, NeedsContext, SeenSources, TextBefore, seen_sources
from framing.analysis.source_cues import ResolvedSource, SourceCues, literal_trie, name_key, source_cues
from framing.analysis.speaker_phrase import clean_speaker, is_event_subject, is_existential, is_unnamed_noun
from framing.analysis.speaker_reading import Decision, Phrase
from framing.analysis.speakers import decide
from framing.ingest.normalize import to_simplified
from framing.model import Article, SourceMention

__all__ = [
    "Decision",
    "ResolvedSource",
    "SeenSources",
    "SourceCues",
    "TextBefore",
    "as_written",
    "canonical_name",
    "clean_speaker",
    "collect_sources",
    "is_event_subject",
    "is_existential",
    "is_unnamed_noun",
    "literal_trie",
    "name_key",
    "resolve_speaker",
    "seen_sources",
    "source_cues",
    "speaker_decision",
    "speaker_sources",
]

_NEEDS_CONTEXT = object()
_UNSEEN = object()
_MAX_RESOLVED = 50_000  # phrases remembered per lexicon version before starting afresh


def resolve_speaker(
    span: str, cues: SourceCues, earlier: Sequence[ResolvedSource] = (), context: str | TextBefore = ""
) -> tuple[ResolvedSource, ...]:
    """The source(s) a speaker phrase names; ``()`` when it names none (双方, or no speaker).

    ``earlier`` are the article's sources so far, newest last: a pronoun takes the nearest
    named person, a surname alone takes the named source it ends, ``报道`` the last outlet.
    ``context`` is the article text before the sentence: a bare name takes its kind from a
    title written before it there (教授黄伟国 … 黄伟国说).

    Examples: ``俄罗斯总统普京`` → 普京 (official, from the gazetteer);
    ``香港浸会大学政治学教授高敬文`` → 高敬文 (expert, from the title 教授);
    ``乌克兰一位高级官员`` → itself (anonymous).
    """
    return speaker_sources(span, cues, earlier, context, allow_bare=True) or ()


def speaker_sources(
    span: str,
    cues: SourceCues,
    earlier: Sequence[ResolvedSource] = (),
    context: str | TextBefore = "",
    *,
    allow_bare: bool = True,
) -> tuple[ResolvedSource, ...] | None:
    """Like ``resolve_speaker``, but ``None`` when the phrase is no speaker at all and ``()``
    when it is one that names no citable source (双方, a pronoun with nothing before it).

    ``allow_bare``: whether a bare name that is neither in the gazetteer, nor after a title,
    nor a back-reference counts as a speaker.
    """
    return speaker_decision(span, cues, earlier, context, allow_bare=allow_bare).sources


def speaker_decision(
    span: str,
    cues: SourceCues,
    earlier: Sequence[ResolvedSource] = (),
    context: str | TextBefore = "",
    *,
    allow_bare: bool = True,
) -> Decision:
    """The decision of the speaker rules on a phrase: its sources, the rule, the words.

    The same phrases come back sentence after sentence (外交部发言人汪文斌, 普京): a phrase
    whose resolution never read ``earlier`` or ``context`` (a gazetteer name, a title with a
    known name, an unnamed source) is remembered per lexicon version; the others (他, 报道,
    a bare surname) are resolved every time.
    """
    memo = cues.resolved
    key = (span, allow_bare)
    known = memo.get(key, _UNSEEN)
    if known is _UNSEEN:
        try:
            known = decide(Phrase(span, cues, NO_CONTEXT, NO_CONTEXT, allow_bare))  # type: ignore[arg-type]
        except NeedsContext:
            known = _NEEDS_CONTEXT
        if len(memo) >= _MAX_RESOLVED:
            memo.clear()
        memo[key] = known
    if known is _NEEDS_CONTEXT:
        return decide(Phrase(span, cues, earlier, context, allow_bare))
    return known


def collect_sources(
    attributions: Iterable[tuple[int, ResolvedSource]], article: Article | None = None
) -> tuple[SourceMention, ...]:
    """One ``SourceMention`` per distinct source, in order of first citation.

    ``attributions`` are ``(sentence_index, source)`` pairs; the same source cited twice in
    one sentence counts once. With ``article``, a name the article spells another way that
    normalisation replaced (蒲亭, 川普 for 普京, 特朗普: ``lexicons/aliases.tsv``) is given as
    the article writes it, in simplified script, as ANNOTATION.md lists sources; each
    mention's ``canonical`` keeps the normalised spelling (``canonical_name``).
    """
    order: dict[str, ResolvedSource] = {}
    sentences: dict[str, dict[int, None]] = {}  # a dict keeps the order of first citation
    for index, source in attributions:
        key = name_key(source.name)
        order.setdefault(key, source)
        sentences.setdefault(key, {})[index] = None
    return tuple(
        SourceMention(
            name=as_written(source.name, article) if article is not None else source.name,
            kind=source.kind,
            named=source.named,
            claims=len(sentences[key]),
            sentence_indices=tuple(sentences[key]),
            affiliation=source.affiliation,
            canonical=canonical_name(source.name),
        )
        for key, source in order.items()
    )


def canonical_name(name: str) -> str:
    """``name`` as sources are compared across articles: NFKC, simplified script, no middle
    dot or spacing. A resolved source is read from ``Article.normalized``, where the alias
    table (``lexicons/aliases.tsv``) has already put the mainland spelling (普丁 → 普京).

    >>> canonical_name("弗拉基米爾·普京")
    '弗拉基米尔普京'
    """
    return name_key(unicodedata.normalize("NFKC", to_simplified(name)))


def as_written(name: str, article: Article) -> str:
    """``name`` as the article first writes it (simplified script), where normalisation put
    another spelling in its place; else ``name``."""
    at = article.normalized.find(name)
    if at < 0 or not article.offset_map and article.text[at : at + len(name)] == name:
        return name
    start, end = article.original_span(at, at + len(name))
    written = unicodedata.normalize("NFKC", to_simplified(article.text[start:end]))
    return written if written and written != unicodedata.normalize("NFKC", name) else name
