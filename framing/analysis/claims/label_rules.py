"""The sentence labeller: an ordered list of small rules, the first one that decides gives the label.

Each rule reads a ``SentenceContext`` (the sentence, its quotations, the sentences before it)
and returns a ``Decision`` (label, the rule that decided, a readable reason, its evidence,
the sources) or ``None`` to pass to the next rule. ``RULES`` states the order; the last
rule always decides (``F``). The labels are ../shared/eval/ANNOTATION.md's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from framing.analysis.claims.attribution import (
    OPENERS,
    Attribution,
    clause_start,
    contrasting_clauses,
    ends_in_quotation,
    find_attribution,
    interjection,
    quote_led_attribution,
)
from framing.analysis.claims.context import (
    HEADING_ROLES,
    NOT_BODY_ROLES,
    Decision,
    Draft,
    Rule,
    RuleKind,
    SentenceContext,
)
from framing.analysis.claims.editorial import (
    is_whole_quote,
    stance_evidence,
    writer_inference,
)
from framing.analysis.sources import (
    ResolvedSource,
    clean_speaker,
    is_event_subject,
    is_unnamed_noun,
    resolve_speaker,
)
from framing.model import ClaimLabel, SourceKind

_QUESTION_END = re.compile(r"[？?][”’」』）)\"']*$")


# ── the rules, in the order RULES applies them ──────────────────────────────────────


def heading_line(ctx: SentenceContext) -> Decision | None:
    """The title and headings are ``H`` (the paragraph's role says so)."""
    role = ctx.span.role
    if role not in HEADING_ROLES:
        return None
    evidence = [("role", ctx.text, 0, len(ctx.text), role.value)]
    return ctx.decide(ClaimLabel.HEADING, RuleKind.HEADING_LINE, f"a {role.value} line", evidence)


def not_body_line(ctx: SentenceContext) -> Decision | None:
    """Captions, bylines, datelines, link lists, disclaimers and footers are ``X``."""
    role = ctx.span.role
    if role not in NOT_BODY_ROLES:
        return None
    evidence = [("role", ctx.text, 0, len(ctx.text), role.value)]
    return ctx.decide(ClaimLabel.NOT_BODY, RuleKind.NOT_BODY_LINE, f"not body text ({role.value})", evidence)


def inside_quotation(ctx: SentenceContext) -> Decision | None:
    """A sentence inside a multi-sentence quotation that began before it is ``A``."""
    start, half = ctx.span.start, len(ctx.text) // 2
    if not any(q.start < start < q.end and q.end - q.start > half for q in ctx.quotes):
        return None
    opener = ctx.previous
    sources = opener.sources if opener and opener.label is ClaimLabel.ATTRIBUTED else ()
    # the quotation closes here with its speaker after it (…，”联合国大使某某说。)
    closing = find_attribution(ctx.text, ctx.masked, ctx.cues, ctx.earlier, ctx.context)
    if closing is not None and closing.speaker.strip():
        sources = _attributed_sources(ctx, closing) or sources
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.INSIDE_QUOTATION,
        "inside a quotation that began in an earlier sentence",
        [("quote", ctx.text, 0, len(ctx.text), "continued")],
        sources,
    )


def colon_speech_runs_on(ctx: SentenceContext) -> Decision | None:
    """普京说：… without quotation marks: the paragraph's next sentences continue the speech,
    until one tells of the speaker or narrates a meeting (as ``paragraph_speech`` ends)."""
    previous = ctx.previous
    if not (
        previous
        and previous.decision.speech_open
        and previous.span.paragraph_index == ctx.span.paragraph_index
    ) or tells_of(ctx, previous.sources):
        return None
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.COLON_SPEECH,
        "continues a speech introduced with a colon in the sentence before",
        [_continued_speaker(ctx, previous.sources)],
        previous.sources,
        speech_open=True,
    )


def reporting_cue(ctx: SentenceContext) -> Decision | None:
    """A frame (据{src}报道) or a speaker with a reporting verb opening the sentence: ``A``,
    or ``E`` when the writer adds an inference of their own."""
    attribution = find_attribution(ctx.text, ctx.masked, ctx.cues, ctx.earlier, ctx.context)
    return attributed(ctx, attribution) if attribution is not None else None


def continued_speech(ctx: SentenceContext) -> Decision | None:
    """First person outside quotation marks, or a party's commitment or stance (双方要…, 俄方支持…), after an
    attributed sentence continues its speech: ``A``."""
    before = speech_before(ctx)
    if before is None:
        return None
    opener, why = before
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.CONTINUED_SPEECH,
        f"continues the reported speech of an earlier sentence ({why})",
        [_continued_speaker(ctx, opener.sources)],
        opener.sources,
    )


def _continued_speaker(ctx: SentenceContext, speakers: Sequence[ResolvedSource]) -> tuple:
    """The evidence of speech carried on from an earlier sentence: its speakers' names,
    pointing at no words of this sentence (the whole sentence where the earlier one named
    no one, as after a bare 据报道)."""
    names = "、".join(s.name for s in speakers)
    if names:
        return ("speaker", names, 0, 0, "continued")
    return ("speaker", ctx.text, 0, len(ctx.text), "continued")


def paragraph_speech(ctx: SentenceContext) -> Decision | None:
    """In a paragraph that opens with a named speaker's words (习近平指出，…), the next sentences
    carry on the speech: ``A`` (ANNOTATION.md, "Continuations"); unless the sentence names
    the speaker or opens with 他/她: then the writer tells of the speaker."""
    opener, speaking = ctx.opener, ctx.speaking
    if opener is None or not opener.decision.speech_carries_on:
        return None
    if tells_of(ctx, opener.sources):
        return None
    # another speaker of the paragraph, whose words do not carry on, ends the speech
    if speaking is not None and not speaking.decision.speech_carries_on and _other_speaker(speaking, opener):
        return None
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.PARAGRAPH_SPEECH,
        "continues the speech that opens its paragraph",
        # the speaker is in the paragraph's first sentence: named here, pointing at no words
        [("speaker", "、".join(s.name for s in opener.sources), 0, 0, "paragraph")],
        opener.sources,
    )


def enumerated_point(ctx: SentenceContext) -> Decision | None:
    """A paragraph that opens with a numbered point (一是…, 第二，…, 其三，…) right after a
    paragraph that ends in reported speech is the next point of that speech: ``A``, and the
    rest of its paragraph carries on (ANNOTATION.md, "Continuations")."""
    previous = ctx.previous
    if (
        ctx.opener is not None
        or previous is None
        or previous.label is not ClaimLabel.ATTRIBUTED
        or previous.span.paragraph_index != ctx.span.paragraph_index - 1
    ):
        return None
    point = ctx.cues.grammar.enumerator.match(ctx.masked)
    if not point or tells_of(ctx, previous.sources):
        return None
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.ENUMERATED_POINT,
        f"a numbered point ({point.group()}) of the speech the paragraph before reports",
        [("speaker", point.group(), point.start(), point.end(), "enumerated")],
        previous.sources,
        speech_carries_on=True,
    )


def quote_led_verb(ctx: SentenceContext) -> Decision | None:
    """``两国还“呼吁…”``: a reporting verb right after an opening quotation mark."""
    attribution = quote_led_attribution(ctx.text, ctx.masked, ctx.cues)
    return attributed(ctx, attribution) if attribution is not None else None


def direct_quotation(ctx: SentenceContext) -> Decision | None:
    """A sentence that is a quotation is ``A``; its speaker is in a neighbouring sentence."""
    if not is_whole_quote(ctx.text, ctx.local):
        return None
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.DIRECT_QUOTATION,
        "a direct quotation; its speaker is in a neighbouring sentence",
        [("quote", ctx.text, 0, len(ctx.text), "")],
    )


def rhetorical_question(ctx: SentenceContext) -> Decision | None:
    """A question in the writer's voice is ``E``."""
    text = ctx.text
    if not _QUESTION_END.search(text):
        return None
    return ctx.decide(
        ClaimLabel.EDITORIAL,
        RuleKind.RHETORICAL_QUESTION,
        "a rhetorical question in the writer's voice",
        [("question", text[-1], len(text) - 1, len(text), "")],
    )


def passive_with_holder(ctx: SentenceContext) -> Decision | None:
    """被美国及其盟友视为…: the holder named in a passive is the source: ``A``
    (ANNOTATION.md, "Passives without a holder")."""
    passive = ctx.cues.grammar.passive_holder.search(ctx.masked)
    if not passive:
        return None
    start, words = passive.start("holder"), ctx.text[passive.start() : passive.end()]
    holder = ctx.text[start : passive.end("holder")]  # as written: a gloss is blanked in ``masked``
    sources = resolve_speaker(holder, ctx.cues.sources, ctx.earlier, ctx.context)
    if not sources:
        return None
    names = ", ".join(s.name for s in sources)
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.PASSIVE_WITH_HOLDER,
        f"attributed to {'、'.join(s.name for s in sources)} (a passive with its holder: {words})",
        [
            ("passive", words, passive.start(), passive.end(), "holder"),
            ("speaker", holder, start, start + len(holder), names),
        ],
        sources,
    )


def passive_without_holder(ctx: SentenceContext) -> Decision | None:
    """被认为 / 被视为 with nobody named is the writer's characterisation: ``E``
    (ANNOTATION.md, "Passives without a holder"; with a holder, 被美国视为, it is attributed)."""
    passive = ctx.cues.grammar.passive_no_holder.search(ctx.masked)
    if not passive:
        return None
    return ctx.decide(
        ClaimLabel.EDITORIAL,
        RuleKind.PASSIVE_WITHOUT_HOLDER,
        f"a passive with no one named as its holder ({passive.group()}): the writer's characterisation",
        [("passive", passive.group(), passive.start(), passive.end(), "no holder")],
    )


def editorial_cue(ctx: SentenceContext) -> Decision | None:
    """A judgement, inference or evaluative word, or dense formulas: ``E``. A scare quote
    alone does not decide (quoted names and fragments look the same); ``description``
    keeps it as evidence."""
    evidence = ctx.editorial
    if not any(kind != "scare_quote" for kind, *_ in evidence):
        return None
    kind, word, _start, _end, _detail = evidence[0]
    return ctx.decide(
        ClaimLabel.EDITORIAL,
        RuleKind.EDITORIAL_CUE,
        f"the writer's own judgement with no source ({kind}: {word})",
        evidence,
    )


def writer_stance(ctx: SentenceContext) -> Decision | None:
    """The writer's stance in neutral-looking words with no source: an interpretive frame
    (意味着, 为…奠定了基础, …的体现), an actor's mind read (心里清楚), an evaluative verb or
    idiom (激怒, 雪上加霜), what ought to be (必须, 不应), a forecast (一定会) or a reception
    characterised with no one named (备受关注): ``E`` ("a plain interpretive sentence is E
    too", ANNOTATION.md)."""
    evidence = stance_evidence(ctx.masked, ctx.cues)
    if not evidence:
        return None
    kind, word, _start, _end, _detail = evidence[0]
    return ctx.decide(
        ClaimLabel.EDITORIAL,
        RuleKind.WRITER_STANCE,
        f"the writer's own stance with no source ({kind.replace('_', ' ')}: {word})",
        evidence,
    )


def act_shows(ctx: SentenceContext) -> Decision | None:
    """An act said to show something (…对民众施以严刑峻法表明，…): what the act shows is the
    writer's own inference, as after 这表明 (ANNOTATION.md: interpretation is ``E``). Only an
    act before the verb of evidence (speakers.tsv ``evidence``), as the attribution rules tell
    it from a speaker or a document (报告表明, 国防部公布的数据显示)."""
    masked, cues = ctx.masked, ctx.cues
    for word in sorted(cues.sources.words.get("evidence", ())):  # a handful of verbs
        at = masked.find(word)
        if at <= 0:
            continue
        clause = clause_start(masked, at, cues)
        if is_event_subject(ctx.text[clause:at], cues.sources):
            return ctx.decide(
                ClaimLabel.EDITORIAL,
                RuleKind.ACT_SHOWS,
                f"the writer's own inference from an act ({word})",
                [("inference", word, at, at + len(word), "what an act shows")],
            )
    return None


def description(ctx: SentenceContext) -> Decision:
    """Everything else is a checkable description: ``F`` (with any short quoted phrase of the
    writer's as evidence: a scare quote, or a name)."""
    quoted = [item for item in ctx.editorial if item[0] == "scare_quote"]
    if quoted:
        reason = f"a description with no source; a short quoted phrase ({quoted[0][1]}) is the only cue"
        return ctx.decide(ClaimLabel.FACTUAL, RuleKind.DESCRIPTION, reason, quoted)
    return ctx.decide(
        ClaimLabel.FACTUAL, RuleKind.DESCRIPTION, "a description with no source and no evaluative cue"
    )


RULES: tuple[Rule, ...] = (
    heading_line,
    not_body_line,
    inside_quotation,
    colon_speech_runs_on,
    reporting_cue,
    continued_speech,
    paragraph_speech,
    enumerated_point,
    quote_led_verb,
    direct_quotation,
    rhetorical_question,
    passive_with_holder,
    passive_without_holder,
    editorial_cue,
    writer_stance,
    act_shows,
    description,
)


def label_sentence(ctx: SentenceContext, rules: Sequence[Rule] = RULES) -> Decision:
    """The decision of the first rule that decides."""
    for rule in rules:
        decision = rule(ctx)
        if decision is not None:
            return decision
    raise ValueError("no rule decided: the last rule must always decide")


# ── what the rules share ───────────────────────────────────────────────────────────


def attributed(ctx: SentenceContext, attribution: Attribution) -> Decision:
    """The decision for a sentence the ``attribution`` opens: ``A`` with its sources, or
    ``E`` when the writer adds an inference of their own after it."""
    cues, text, masked = ctx.cues, ctx.text, ctx.masked
    sources = tuple(dict.fromkeys(_attributed_sources(ctx, attribution) + _nested_sources(ctx, attribution)))
    sources = _official_for_side(ctx, sources)
    cue_words = text[attribution.cue_start : attribution.cue_end] if attribution.frame else attribution.cue
    kind = "frame" if attribution.frame else "reporting_verb"
    evidence = [(kind, cue_words, attribution.cue_start, attribution.cue_end, attribution.cue_type)]
    if attribution.speaker.strip():
        s0 = attribution.speaker_start
        names = ", ".join(s.name for s in sources)
        evidence.append(("speaker", attribution.speaker, s0, s0 + len(attribution.speaker), names))
    override = writer_inference(masked, attribution, cues)
    if override is not None:
        m, why = override
        evidence.append(("inference", m.group(), m.start(), m.end(), why))
        reason = f"starts with an attribution ({attribution.cue}) but {why}: {m.group()}"
        return ctx.decide(ClaimLabel.EDITORIAL, RuleKind.WRITER_INFERENCE, reason, evidence)
    who = "、".join(s.name for s in sources) or attribution.speaker.strip() or "a source"
    after = masked[attribution.cue_end : attribution.cue_end + 1]
    unquoted = masked[attribution.cue_end + 1 : attribution.cue_end + 2] not in OPENERS
    reason = f"attributed to {who} ({attribution.cue_type}: {attribution.cue})"
    return ctx.decide(
        ClaimLabel.ATTRIBUTED,
        RuleKind.ATTRIBUTION,
        reason,
        evidence,
        sources,
        speech_open=after in ("：", ":") and unquoted,
        speech_carries_on=after in ("，", ",", "：", ":")
        and unquoted
        and not ends_in_quotation(text, attribution.cue_end)
        and _speech_of_named(ctx, attribution, sources),
    )


# Reporting verbs of speech-making and frames (据新华社报道，): what follows them may run on
# as the speaker's speech (not disclosures, distancing claims or stances: 透露, 声称, 宣布).
SPEECH_TYPES = frozenset({"neutral", "assertive", "cognitive"})


def _speech_of_named(ctx: SentenceContext, attribution: Attribution, sources) -> bool:
    """A verb of speech or a frame with named speakers only (习近平指出, 据新华社报道, not
    分析指出, 消息人士表示 or 据报道)."""
    if not (attribution.frame or attribution.cue_type in SPEECH_TYPES) or not sources:
        return False
    if not all(s.named for s in sources):
        return False
    return not is_unnamed_noun(clean_speaker(attribution.speaker, ctx.cues.sources), ctx.cues.sources)


def _attributed_sources(ctx: SentenceContext, attribution: Attribution) -> tuple[ResolvedSource, ...]:
    """Who the speaker is: the relayed sources too (A引述B), or for 我 the speaker of the
    speech this sentence continues (我同普京总统一致认为…)."""
    cues = ctx.cues
    parts = cues.grammar.relayed.split(attribution.speaker)
    if attribution.resolved is not None and len(parts) == 1:
        sources = attribution.resolved
    else:
        sources = tuple(
            source
            for part in parts
            for source in resolve_speaker(part, cues.sources, ctx.earlier, ctx.context)
        )
    if cues.grammar.first_person.match(clean_speaker(attribution.speaker, cues.sources)):
        before = speech_before(ctx)
        sources = before[0].sources if before else ()
    return sources


def _nested_sources(ctx: SentenceContext, attribution: Attribution) -> tuple[ResolvedSource, ...]:
    """The speakers of a second attribution are cited too: after a frame with its source
    inside or a relay (据A报道，B表示; A引述B称) and before an attribution that does not open
    the sentence (A也称，B说); in a clause after a semicolon or a linking conjunction (A指责…，
    但B否认); not inside a speaker's own words (X说，Y认为… is X's)."""
    text, masked, cues = ctx.text, ctx.masked, ctx.cues
    spans = []
    relay = attribution.frame and bool(cues.grammar.relayed.search(attribution.cue))
    # 路透社报道说，B表示: an outlet's report relays the words of whoever it quotes, as 据A报道 does
    speakers = attribution.resolved
    if speakers is None and attribution.speaker.strip():
        speakers = resolve_speaker(attribution.speaker, cues.sources, ctx.earlier, ctx.context)
    outlet = bool(speakers) and all(s.kind in (SourceKind.MEDIA, SourceKind.STATE_MEDIA) for s in speakers)
    if (attribution.frame and (relay or not attribution.cue.startswith("{src}"))) or outlet:
        spans.append((attribution.cue_end, len(text)))
    if attribution.speaker_start > 0:
        spans.append((0, attribution.speaker_start))
    spans.extend((at, len(text)) for at in contrasting_clauses(masked, attribution.cue_end, cues))
    found: list[ResolvedSource] = []
    for start, end in spans:
        other = find_attribution(text[start:end], masked[start:end], cues, ctx.earlier, ctx.context)
        if other is not None and other.speaker.strip():
            resolved = other.resolved
            if resolved is None:
                resolved = resolve_speaker(other.speaker, cues.sources, ctx.earlier, ctx.context)
            # 引述专家的话说: a role alone names no one the article could be checked against
            bare_role = relay and start > 0
            found.extend(s for s in resolved if not (bare_role and cues.sources.is_bare_role(s.name)))
    return tuple(found)


_SIDE = re.compile(r"^.方$")  # 中方, 俄方: one side of talks (双方, 各方 cite no official)


def _official_for_side(ctx: SentenceContext, sources):
    """In a paragraph carrying on an official's speech (习近平强调，…), a side speaking
    (中方愿…, 俄方赞赏…) is that official speaking for it: the official is the source."""
    opener = ctx.opener
    if opener is None or not opener.decision.speech_carries_on or not sources:
        return sources
    if not all(s.kind is SourceKind.OFFICIAL for s in (*sources, *opener.sources)):
        return sources
    side = all(_SIDE.match(s.name) for s in sources)
    return opener.sources if side and not tells_of(ctx, opener.sources) else sources


def _other_speaker(draft: Draft, opener: Draft) -> bool:
    """Whether ``draft`` cites a source that the paragraph's opener does not."""
    return bool({s.name for s in draft.sources} - {s.name for s in opener.sources})


def tells_of(ctx: SentenceContext, speakers: Sequence[ResolvedSource]) -> bool:
    """Whether the sentence opens with 他/她 or the writer's interjection (看来，, 由此可见，),
    names one of ``speakers`` or narrates a meeting (还讨论了…, 进行了会谈): the writer tells of
    the speaker or the event instead of carrying on the speech (其次，普京总统又阐述了…;
    ANNOTATION.md: actions are not claims, the writer's interjections are E)."""
    masked, grammar = ctx.masked, ctx.cues.grammar
    if grammar.third_person.match(masked) or interjection(masked, ctx.cues):
        return True
    return bool(grammar.narrated_action.search(masked)) or any(s.name in masked for s in speakers)


def speech_before(ctx: SentenceContext) -> tuple[Draft, str] | None:
    """The attributed sentence whose speech this one continues, and why; ``None`` if it does not.

    First person outside quotation marks continues the nearest attributed sentence of this
    paragraph, ``ctx.speaking`` (or the sentence just before, across a paragraph break); a
    party's commitment or stance (双方要…, 俄方支持…) only the sentence just before, in the same paragraph.
    """
    previous = ctx.previous
    if previous is None:
        return None
    grammar, masked, paragraph = ctx.cues.grammar, ctx.masked, ctx.span.paragraph_index
    if grammar.first_person.search(masked):
        if ctx.speaking is not None:
            return ctx.speaking, "first person outside quotation marks"
        if previous.span.paragraph_index == paragraph - 1 and previous.label is ClaimLabel.ATTRIBUTED:
            return previous, "first person outside quotation marks"
        return None
    if (
        previous.label is ClaimLabel.ATTRIBUTED
        and previous.span.paragraph_index == paragraph
        and grammar.party_commitment.search(masked)
    ):
        return previous, "a party's commitment or stance in the same paragraph"
    return None
