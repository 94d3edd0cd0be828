"""What the claim labeller's rules read and return: the sentence in its article
(``SentenceContext``), a rule's ``Decision``, a labelled sentence while the article is read
(``Draft``), and which rule decided (``RuleKind``). The rules themselves are in ``label_rules``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from framing.analysis.claims.attribution import masked_text
from framing.analysis.claims.cues import ClaimCues
from framing.analysis.claims.editorial import editorial_evidence
from framing.analysis.sentences import QuoteSpan, SentenceSpan
from framing.analysis.sources import ResolvedSource
from framing.model import ClaimLabel, Role

NOT_BODY_ROLES = frozenset(
    {Role.CAPTION, Role.BYLINE, Role.DATELINE, Role.LINKS, Role.DISCLAIMER, Role.FOOTER}
)
HEADING_ROLES = frozenset({Role.TITLE, Role.HEADING})
LABELLED_BY_ROLE = HEADING_ROLES | NOT_BODY_ROLES

EvidenceItem = tuple[str, str, int, int, str]  # kind, words, start, end (in the sentence), detail


class RuleKind(StrEnum):
    """Which rule decided a sentence's label (what later steps read, never the reason text)."""

    HEADING_LINE = "heading_line"
    NOT_BODY_LINE = "not_body_line"
    INSIDE_QUOTATION = "inside_quotation"
    COLON_SPEECH = "colon_speech"
    ATTRIBUTION = "attribution"
    WRITER_INFERENCE = "writer_inference"
    CONTINUED_SPEECH = "continued_speech"
    PARAGRAPH_SPEECH = "paragraph_speech"
    ENUMERATED_POINT = "enumerated_point"
    DIRECT_QUOTATION = "direct_quotation"
    RHETORICAL_QUESTION = "rhetorical_question"
    PASSIVE_WITH_HOLDER = "passive_with_holder"
    PASSIVE_WITHOUT_HOLDER = "passive_without_holder"
    EDITORIAL_CUE = "editorial_cue"
    WRITER_STANCE = "writer_stance"
    ACT_SHOWS = "act_shows"
    DESCRIPTION = "description"


@dataclass(frozen=True)
class Decision:
    """A rule's label for one sentence, with why (``reason``, ``evidence``) and its sources.

    ``speech_open`` marks a speech introduced with a colon and no quotation mark (普京说：…),
    which runs on into the paragraph's next sentence; ``speech_carries_on`` a named speaker's
    words reported unquoted after a verb of speech (习近平指出，…): opening a paragraph, the
    speech carries on through it (``paragraph_speech``).
    """

    label: ClaimLabel
    rule: RuleKind
    reason: str
    evidence: tuple[EvidenceItem, ...] = ()
    sources: tuple[ResolvedSource, ...] = ()
    speech_open: bool = False
    speech_carries_on: bool = False


@dataclass
class Draft:
    """A labelled sentence while the article is read: its span, the decision, the sources
    cited inside it (正如{src}所言); the sources of a quotation may come from its neighbours."""

    span: SentenceSpan
    decision: Decision
    cited: tuple[ResolvedSource, ...] = ()

    @property
    def label(self) -> ClaimLabel:
        return self.decision.label

    @property
    def sources(self) -> tuple[ResolvedSource, ...]:
        return self.decision.sources


@dataclass
class SentenceContext:
    """What the rules read about one sentence (offsets relative to the sentence).

    ``quotes`` are the article's quotations that touch the sentence; ``drafts`` the sentences
    labelled before it; ``earlier`` the sources cited so far; ``context`` the article's text
    before the sentence; ``speaking`` the latest attributed sentence of its paragraph.
    """

    span: SentenceSpan
    quotes: Sequence[QuoteSpan]
    drafts: Sequence[Draft]
    earlier: Sequence[ResolvedSource]
    cues: ClaimCues
    context: str
    speaking: Draft | None = None
    opener: Draft | None = None
    # the quotations' spans clipped to the sentence, and the sentence with quoted words and
    # glosses blanked (an opening mark before the sentence leaves the first character
    # readable): nearly every rule reads them, so they are found when the context is made
    local: list[tuple[int, int]] = field(init=False, repr=False)
    masked: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        start, end = self.span.start, self.span.end
        self.local = [
            (max(q.start, start) - start, min(q.end, end) - start)
            for q in self.quotes
            if q.start < end and q.end > start
        ]
        self.masked = masked_text(self.text, [(a if a > 0 else -1, b) for a, b in self.local])

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def previous(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    @cached_property
    def editorial(self) -> list[EvidenceItem]:
        """The writer's cues in the sentence (``editorial.editorial_evidence``), scare quotes included."""
        return editorial_evidence(self.text, self.masked, self.local, self.cues)

    def decide(
        self, label: ClaimLabel, rule: RuleKind, reason: str, evidence=(), sources=(), **kw
    ) -> Decision:
        return Decision(label, rule, reason, tuple(evidence), tuple(sources), **kw)


Rule = Callable[[SentenceContext], Decision | None]
