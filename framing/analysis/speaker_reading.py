"""One speaker phrase as the speaker rules of ``speakers.py`` read it (``Phrase``: the words
before a reporting verb, cleaned and cut, with the article's sources so far and its text
before the sentence), and what a rule decides about it (``Decision``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from framing.analysis.source_context import OUTLET_KINDS, TextBefore, seen_sources, text_before
from framing.analysis.source_cues import ResolvedSource, SourceCues, name_key
from framing.analysis.speaker_phrase import PARENS, cleaned
from framing.model import SourceKind


@dataclass(frozen=True)
class Decision:
    """What a rule decided: the sources (``None``: no speaker at all), the rule, the words."""

    sources: tuple[ResolvedSource, ...] | None
    rule: str
    evidence: str = ""


@dataclass
class Phrase:
    """One speaker phrase as the rules read it.

    ``earlier`` and ``context`` may stand in for an unread article (``NO_CONTEXT``): a rule
    that reads them then raises ``NeedsContext`` and the phrase is resolved per article.
    """

    span: str  # as written
    cues: SourceCues
    earlier: Sequence[ResolvedSource]
    context: str | TextBefore
    allow_bare: bool  # a bare unknown name counts as a speaker

    @cached_property
    def text(self) -> str:
        """The speaker phrase cleaned and cut to its opening noun phrase."""
        return cleaned(self.span, self.cues)[1]

    @cached_property
    def stripped(self) -> str:
        """The phrase cleaned but not cut (what follows its noun phrase kept)."""
        return cleaned(self.span, self.cues)[0]

    @cached_property
    def bare(self) -> str:
        """The cleaned phrase without parenthesised glosses (nested ones too)."""
        return PARENS.sub("", PARENS.sub("", self.text)).strip()

    @cached_property
    def hits(self) -> tuple[re.Match[str], ...]:
        """The gazetteer names in ``bare``."""
        return matches(self.cues.gazetteer, self.bare)

    @cached_property
    def titles(self) -> tuple[re.Match[str], ...]:
        return matches(self.cues.titles, self.bare)

    @cached_property
    def body(self) -> re.Match[str] | None:
        """The body or document noun ending ``bare``."""
        return self.cues.bodies.search(self.bare)

    def named(self, name: str, kind: SourceKind) -> ResolvedSource:
        """``name`` as a named source: its gazetteer entry, a source cited before whose name
        is it, ends with it or ends it, or else a new source of ``kind``."""
        key = name_key(name)
        if key in self.cues.entries:
            return self.gazetteer(name)
        seen = seen_sources(self.earlier, self.cues)
        found = seen.latest(
            seen.name_ending.get(key), *(seen.same_name.get(key[cut:]) for cut in range(1, len(key) + 1))
        )
        return found or ResolvedSource(name, kind, True)

    def gazetteer(self, written: str) -> ResolvedSource:
        """The gazetteer's source for a name as written: under its canonical name, except an
        outlet written another way than its Chinese name (央视新闻 for 中央电视台), which
        keeps the article's wording, as the labelled sets write it."""
        canonical, kind, affiliation = self.cues.entries[name_key(written)]
        key, canonical_key = name_key(written), name_key(canonical)
        other_spelling = canonical_key not in key and key not in canonical_key
        if kind in OUTLET_KINDS and other_spelling and not canonical.isascii():
            return ResolvedSource(written, kind, True, affiliation)
        return ResolvedSource(canonical, kind, True, affiliation)

    def back_reference(self, name: str) -> ResolvedSource | None:
        """A surname alone that ends a named source cited before (科尔科迪诺夫 →
        丹尼斯·科尔科迪诺夫): the latest named source whose name is ``name``, or ends with
        it and has a middle dot."""
        key = name_key(name)
        if len(key) < 2:
            return None
        seen = seen_sources(self.earlier, self.cues)
        return seen.latest(seen.same_name.get(key), seen.dotted_ending.get(key))

    def title_kind_before(self, name: str) -> SourceKind:
        """A bare name's kind from a title written before it earlier in the article (教授黄伟国)."""
        return text_before(self.context, self.cues).title_kind_before(name)


def matches(regex: re.Pattern[str], text: str) -> tuple[re.Match[str], ...]:
    return tuple(regex.finditer(text))
