"""Find the attribution that opens a sentence: a frame (据{src}报道), or a speaker and a reporting verb.

Everything here reads one sentence of ``Article.normalized`` and its ``masked`` form (quoted
words and parenthesised glosses blanked out, so cues inside them are not read); offsets are
relative to the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache

from framing.analysis.claims.cues import ClaimCues
from framing.analysis.source_context import OUTLET_KINDS
from framing.analysis.sources import (
    ResolvedSource,
    clean_speaker,
    is_event_subject,
    is_existential,
    is_unnamed_noun,
    resolve_speaker,
    seen_sources,
    speaker_decision,
    speaker_sources,
)
from framing.model import frozen_record

# Attribution must open the sentence: at most this many characters of adverbial before it.
MAX_LEAD_CHARS = 26
MAX_SPEAKER_CHARS = 60  # not counting parenthesised glosses such as （Alexander Korolev）
# The words between a clause start and a verb are not read as its speaker beyond this many
# characters, glosses and quotations included (the longest speaker of ../shared/corpus is
# 161): in one long clause every verb would otherwise read all the words before it again.
MAX_SPEAKER_SPAN = 400
MAX_SUBJECT_CLAUSES = 2  # clauses read back for the subject of a verb whose clause has none
MAX_SUBJECT_CHARS = 16  # a subject found two clauses back is a short noun phrase
CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_CLAUSE_SPLIT = re.compile(r"(?<=[，,；;：:])")
_ONLY_CLOSING = re.compile(r'[。！？!?”’」』 "]*')  # what may follow a verb closing the sentence
_PARENS = re.compile(r"[（(][^（）()]*[）)]")
OPENERS = '“「『"'
_CLOSING_QUOTE = re.compile(r"[”」』\"]")
_OPENER = re.compile(f"[{OPENERS}]")
# a frame pattern without its {src} but 据 or a dateline's 消息: a known source must open its words
_BARE_FRAME = re.compile(r"(?:根据|据)?[，,：:“「『]*|消息[，,：:]")  # 新华社消息，, not 最新消息：
_QUOTE_END = tuple("，,。！？!?…；;：:")  # punctuation closing quoted words, or right after them
_CLAUSAL_AFTER = ("，", ",", "：", ":", "“", "「", "『")  # a verb before these reports a clause


@frozen_record
class Attribution:
    """A reporting cue and its speaker (offsets into the sentence)."""

    cue: str
    cue_type: str  # reporting verb type, or "frame"
    cue_start: int
    cue_end: int
    speaker: str
    speaker_start: int
    frame: bool = False
    # what the speaker resolved to when it was checked (same ``earlier`` and ``context``),
    # so that the sentence need not resolve it again; None when it was not resolved
    resolved: tuple[ResolvedSource, ...] | None = None


def masked_text(text: str, quotes: Sequence[tuple[int, int]]) -> str:
    """The sentence with quoted words blanked out, so cues inside quotations are not read."""
    if not quotes and "（" not in text and "(" not in text:
        return text  # nothing to blank (most sentences): skip building the character list
    chars = list(text)
    # parenthesised glosses too: （Peace Research Institute Oslo, PRIO） holds no clause break
    for m in _PARENS.finditer(text):
        for i in range(m.start() + 1, m.end() - 1):
            chars[i] = "＿"
    for start, end in quotes:
        for i in range(max(start + 1, 0), min(end - 1, len(chars))):
            chars[i] = "＿"
    return "".join(chars)


def clause_start(masked: str, pos: int, cues: ClaimCues) -> int:
    """Where the clause holding ``pos`` starts: after the last clause break before it, or 0."""
    breaks = _clauses(masked, cues.grammar.adverbial)[0]
    at = bisect_left(breaks, pos)  # the breaks before ``pos``
    return breaks[at - 1] + 1 if at else 0


# One sentence's clause breaks are looked up once per verb and frame: found once per
# sentence (a regex from the sentence start at each verb made a long sentence quadratic).
@lru_cache(maxsize=64)
def _clauses(masked: str, adverbial: re.Pattern[str]) -> tuple[list[int], dict[int, int]]:
    """The positions of the clause breaks of ``masked``, and for each clause start (a break's
    position + 1) the length of the clauses before it that are not scene-setting
    (``adverbial``), as ``lead_is_adverbial`` counts them."""
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(masked)]
    plain_before: dict[int, int] = {}
    plain = previous = 0
    for at in breaks:
        clause = masked[previous : at + 1]
        if not adverbial.search(clause):
            plain += len(clause)
        previous = at + 1
        plain_before[at + 1] = plain
    return breaks, plain_before


def lead_is_adverbial(masked: str, clause: int, cues: ClaimCues) -> bool:
    """Whether the words before a speaker, ``masked[:clause]``, are short, or only
    scene-setting clauses (在…后，当…时，对于…来说，随着…: ``claims.tsv`` scene openers and
    closers), which do not count towards ``MAX_LEAD_CHARS``."""
    if clause <= MAX_LEAD_CHARS:
        return True  # short whatever its clauses are
    adverbial = cues.grammar.adverbial
    plain = _clauses(masked, adverbial)[1].get(clause)
    if plain is not None:
        return plain <= MAX_LEAD_CHARS
    clauses = [c for c in _CLAUSE_SPLIT.split(masked[:clause]) if c]
    return sum(len(c) for c in clauses if not adverbial.search(c)) <= MAX_LEAD_CHARS


def find_attribution(
    text: str,
    masked: str,
    cues: ClaimCues,
    earlier: Sequence[ResolvedSource] = (),
    context: str = "",
) -> Attribution | None:
    """The attribution that opens the sentence (or closes it: ``“…，”他说。``), if any.

    Frames with the source inside (``据{src}报道``) may open any clause; frames and verbs
    with the speaker before them must stand within ``MAX_LEAD_CHARS`` of the start.
    """
    for kind, pattern, m, speaker, speaker_start in frame_matches(text, masked, cues, cues.frames):
        if kind == "frame" and not _subject_of_passive(masked, m.end(), cues):
            return Attribution(pattern, "frame", m.start(), m.end(), speaker, speaker_start, frame=True)
    if opening := _opening_citation(text, masked, cues):
        return opening
    blocked = None
    for m in cues.verbs.finditer(masked):
        if blocked is None:  # built at the first verb: most sentences have none
            blocked = _blocked_positions(masked, cues)
        if blocked[m.start()] or blocked[m.end() - 1]:  # a blocked span holds its first or last character
            continue
        found = _verb_attribution(m, text, masked, cues, earlier, context)
        if found is _STOP:
            break
        if found is not None and not _subject_of_passive(masked, found.cue_end, cues):
            return found
    return None


def _opening_citation(text: str, masked: str, cues: ClaimCues) -> Attribution | None:
    """A cited-source pattern with its source inside that opens the sentence (正如{src}所指出的
    那样，…; 援引{src}，…): what follows is put in the source's mouth, as after 据{src}报道.
    Inside the writer's sentence (…，正如{src}所言，…) it stays a citation (``cited_sources``)."""
    if not cues.cited.match(masked):
        return None  # most sentences: no pattern at the start
    for kind, pattern, m, speaker, speaker_start in frame_matches(text, masked, cues, cues.cited):
        if kind == "cited" and m.start() == 0 and not pattern.startswith("{src}") and speaker.strip():
            # not a frame: the writer's own sentences after it do not carry the source's words on
            return Attribution(pattern, "cited", m.start(), m.end(), speaker, speaker_start)
    return None


_STOP = object()  # a verb whose lead is too long: no later verb opens the sentence either


def _verb_attribution(m: re.Match[str], text: str, masked: str, cues: ClaimCues, earlier, context):
    """The attribution of the reporting verb ``m``, ``None`` if it reports nothing, or ``_STOP``
    when the words before it are too long for it (or any later verb) to open the sentence."""
    start, end, verb = m.start(), m.end(), m.group()
    noun = ""
    if verb in cues.noun_led:  # else no prefix of it is such a noun: skip finding the lead
        noun = unnamed_noun_prefix(verb, text[clause_start(masked, start, cues) : start], cues)
    if noun == verb:
        return None  # 也有分析指出: 分析 is the unnamed source, 指出 the verb
    if noun:
        start, verb = start + len(noun), verb[len(noun) :]  # 有分析认为 → 分析 + 认为
    kind = cues.verb_types[verb]
    grammar = cues.grammar
    if masked.startswith(grammar.not_after_verb, end) or masked.endswith(grammar.not_before_verb, 0, start):
        return None
    # “…，”他说。 — a verb closing the sentence reports only a quotation before it
    closing = _ONLY_CLOSING.match(masked, end).end() == len(masked)
    tail = closing and _quoted_words_before(text, masked, start)
    # 多家媒体进行了报道。, 普京出席并致辞。: a speech act closing the sentence reports nothing
    # (予以否认。 takes a stance; 他这样说。 refers back to words just reported)
    if closing and not tail and kind == "neutral" and verb != "说":
        return None
    told_end = _recipient_end(masked, verb, end, cues)
    clausal = masked[end : end + 1] in _CLAUSAL_AFTER or tail or told_end is not None
    if kind == "stance" and not clausal:
        return None
    clause = clause_start(masked, start, cues)
    if tail:
        # “…，”他说。 — the speaker follows the quotation
        clause = max(clause, max((masked.rfind(c, 0, start) + 1 for c in '”」』"'), default=0))
    if start - clause > MAX_SPEAKER_SPAN:  # too long for a speaker: not read
        return _STOP if not tail and not lead_is_adverbial(masked, clause, cues) else None
    speaker = text[clause:start]
    if not clausal and _issued_head(speaker, cues):
        return None  # 警方发布的三则通报引起了…: the verb is the noun a relative clause describes
    if verb in cues.sources.words.get("evidence", ()) and is_event_subject(speaker, cues.sources):
        return None  # 中共施以严刑峻法表明…: an act shows something, no one says it
    if not clean_speaker(speaker, cues.sources) and clause > 0:
        speaker, clause = _subject_before(text, masked, clause, cues)
    long_lead = not tail and not lead_is_adverbial(masked, clause, cues)
    if long_lead and not _new_unnamed(speaker, not closing, cues):
        return _STOP
    if len(_PARENS.sub("", speaker)) > MAX_SPEAKER_CHARS:
        return None
    # A bare name that is neither in the gazetteer, nor after a title, nor a back-reference
    # only counts when the verb opens a clause or a quotation (黄伟国说：): many subjects
    # that are not speakers look like names. A speaker that resolves without that
    # allowance resolves to the same sources with it (resolve_speaker's result).
    resolved = speaker_sources(speaker, cues.sources, earlier, context, allow_bare=clausal)
    if resolved is None:
        return None
    resolved = resolved + _outlet_told(text, end, told_end, cues)
    return Attribution(verb, kind, start, end, speaker, clause, resolved=resolved)


def _quoted_words_before(text: str, masked: str, start: int) -> bool:
    """Whether a quotation of someone's words closes before ``start`` (“…，”他说; “…”，他说),
    not a quoted name (塔吉克斯坦“霍瓦尔”国家通讯社等媒体进行了报道)."""
    close = max(masked.rfind(mark, 0, start) for mark in '”」』"')
    if close < 0:
        return False
    return text[close - 1 : close] in _QUOTE_END or masked[close + 1 : close + 2] in _QUOTE_END


# Speaker rules of an unnamed person or group brought in by a quantifier or 有 (一名日本富豪,
# 有网民): such a subject opens a new clause and a new speaker, however long the words before.
NEW_SPEAKER_RULES = frozenset({"quantified_unnamed", "existential_noun"})


def _new_unnamed(speaker: str, reports: bool, cues: ClaimCues) -> bool:
    """Whether ``speaker``, all the words of its clause, brings in an unnamed source
    (…宣布计划…，一名日本富豪称已经…): a reported clause after a long lead of the writer's;
    ``reports`` is whether words follow the verb."""
    if not reports or clean_speaker(speaker, cues.sources) != speaker.strip():
        return False
    return speaker_decision(speaker, cues.sources, allow_bare=False).rule in NEW_SPEAKER_RULES


def _subject_of_passive(masked: str, after: int, cues: ClaimCues) -> bool:
    """Whether the clause goes on from a cue ending at ``after`` into a passive with no holder
    (习近平引述毛泽东的讲话被广泛认为是…): the cue is inside the subject the writer
    characterises, and reports nothing."""
    passive = cues.grammar.passive_no_holder.search(masked, after)
    return passive is not None and not CLAUSE_BREAK.search(masked, after, passive.start())


MAX_RECIPIENT_CHARS = 12  # 告诉美国有线电视新闻网记者，: who was told, before the reported clause


def _recipient_end(masked: str, verb: str, end: int, cues: ClaimCues) -> int | None:
    """Where whoever a verb of telling (speakers.tsv ``relay``: 告诉) names ends and the clause
    it reports starts (李明告诉记者，…: a verb followed by a comma reports that clause too);
    ``None`` for other verbs, or when no one is named before the clause break."""
    if verb not in cues.sources.words.get("relay", ()):
        return None
    told = CLAUSE_BREAK.search(masked, end, end + MAX_RECIPIENT_CHARS + 1)
    return told.start() if told is not None and told.start() > end else None


def _outlet_told(text: str, end: int, told_end: int | None, cues: ClaimCues) -> tuple[ResolvedSource, ...]:
    """The outlet a verb of telling names before the reported clause (某官员告诉路透社，…:
    ``text[end:told_end]``): cited too, as after 对路透社说 (speakers.tsv ``relay``)."""
    if told_end is None:
        return ()
    decision = speaker_decision(text[end:told_end], cues.sources, allow_bare=False)
    return tuple(s for s in decision.sources or () if s.kind in OUTLET_KINDS)


def _issued_head(speaker: str, cues: ClaimCues) -> bool:
    """Whether the words before a verb describe what was issued (``发布的``, ``发表了的``), so
    the verb is that document's noun (警方发布的通报), not someone reporting."""
    return any(speaker.startswith("的", m.end()) for m in cues.sources.issued.finditer(speaker))


def interjection(masked: str, cues: ClaimCues) -> bool:
    """Whether the sentence opens with the writer's inference or judgement set off by a comma
    (看来，…, 由此可见，…): the writer's own interjection, not a speaker's words carried on."""
    found = cues.inference.match(masked) or cues.judgement.match(masked)
    return found is not None and masked[found.end() : found.end() + 1] in ("，", ",")


def ends_in_quotation(text: str, after: int) -> bool:
    """Whether the words reported after ``after`` end in a quotation closed at the sentence's
    end (据…报导，普京强调，“…。”): the speaker's words end there, the next sentence does not
    carry them on."""
    end = len(text.rstrip("。！？!? \n"))
    closing = _CLOSING_QUOTE.search(text, max(end - 1, after))
    if closing is None:
        return False
    opener = max(text.rfind(mark, after, closing.start()) for mark in OPENERS)
    # a quotation opening a clause (…强调，“…”), not a quoted term ending it (是“铁板一块”)
    return opener > 0 and text[opener - 1] in "，,：:"


def contrasting_clauses(masked: str, after: int, cues: ClaimCues) -> list[int]:
    """Where clauses after the cue ending at ``after`` start that a new party may open: after
    a semicolon; with a linking conjunction (``claims.tsv`` frame_linker: 但, 而, 另) unless the
    cue reports the clause that follows it (普京说，…，而美国… is still 普京's speech).
    In 西方国家指责…，但莫斯科予以否认 or 专家指出…；英国《太阳报》则形容…, both speakers are cited."""
    linked = masked[after : after + 1] not in _CLAUSAL_AFTER
    starts = []
    for m in CLAUSE_BREAK.finditer(masked, after):
        at = m.end()
        if m.group() in "；;" or (linked and masked.startswith(cues.grammar.frame_linkers, at)):
            starts.append(at)
    return starts


def _blocked_positions(masked: str, cues: ClaimCues) -> bytearray:
    """Where a verb is no reporting verb: inside a look-alike or an editorial phrase (来说,
    意义上说), or inside a job title (分析 in 分析人士, 发言 in 发言人: the title names the speaker).

    One flag per character of ``masked``: set when some such span covers it (looked up per
    verb in constant time; testing every span for every verb was quadratic in a long sentence).
    """
    blocked = bytearray(len(masked) + 1)
    patterns = (cues.not_cues, cues.judgement, cues.inference)
    spans = [m.span() for pattern in patterns for m in pattern.finditer(masked)]
    for start, end in (*spans, *cues.sources.title_spans(masked)):
        blocked[start:end] = b"\x01" * (end - start)
    return blocked


def unnamed_noun_prefix(verb: str, lead: str, cues: ClaimCues, *, frame: bool = False) -> str:
    """The unnamed source a cue opens with (``分析`` of 有分析认为), or ``""``.

    Only with nothing but an existential 有 (or nothing) before it: in 专家分析认为 the
    expert is the speaker and 分析认为 the verb.
    """
    if lead.strip() and not is_existential(lead, only=True):
        return ""
    for cut in range(len(verb), 0, -1):
        noun, rest = verb[:cut], verb[cut:]
        if is_unnamed_noun(noun, cues.sources) and (not rest or rest in cues.verb_types or frame):
            return noun
    return ""


def frame_matches(
    text: str, masked: str, cues: ClaimCues, regex: re.Pattern[str]
) -> Iterator[tuple[str, str, re.Match[str], str, int]]:
    """Frame and cited-source matches at clause starts: (kind, pattern, match, speaker, its start).

    A pattern with the source inside (``据{src}报道``) must open a clause; one with the
    source before it (``{src}在…中表示``) takes the clause's words before the match as the
    source and must stand within ``MAX_LEAD_CHARS`` of the sentence start (frames only).
    """
    for m in regex.finditer(masked):
        name = m.lastgroup or ""
        pattern = cues.frame_names[name]
        kind = cues.frame_kinds[name]
        if pattern.startswith("{src}"):
            found = _source_before(text, masked, m, kind, cues)
        else:
            found = _source_inside(text, masked, m, kind, "s" + name[1:], regex, cues)
        if (
            found is not None
            and _BARE_FRAME.fullmatch(pattern.replace("{src}", ""))
            and not _opens_with_known_source(found[0], cues)
        ):
            # 据路透社，, 普京：“…”: a frame with no word besides 据 only with a known source
            # that opens its words (据此， is "accordingly"; 标题：“…” and 奉劝某某：“…” quote no one)
            continue
        if found is not None:
            yield kind, pattern, m, *found


def _opens_with_known_source(speaker: str, cues: ClaimCues) -> bool:
    """Whether the words ``speaker`` open with the speaker they resolve to, a known one
    (a gazetteer name, a title, a body: not a bare word)."""
    cleaned = clean_speaker(speaker, cues.sources)
    if not cleaned or not speaker.strip(" “「『").startswith(cleaned):
        return False
    decision = speaker_decision(speaker, cues.sources, allow_bare=False)
    # a name somewhere inside other words (奉劝某某主席) is no speaker of them
    return bool(decision.sources) and decision.rule != "gazetteer_anywhere"


def _source_before(
    text: str, masked: str, m: re.Match[str], kind: str, cues: ClaimCues
) -> tuple[str, int] | None:
    """``{src}在…中表示``: the clause's words before the match are the source."""
    start = clause_start(masked, m.start(), cues)
    if kind == "frame" and start > MAX_LEAD_CHARS:
        return None
    speaker = text[start : m.start()]
    if is_existential(speaker, only=True):
        # 有消息称, 另有报道称: the frame's noun is the unnamed source the 有 introduces
        noun = unnamed_noun_prefix(masked[m.start() : m.end()], speaker, cues, frame=True)
        speaker = text[start : m.start() + len(noun)]
    elif body_end := cues.sources.body_at(masked, m.start()):
        # 航天局的声明说, 两国的联合声明称: the document the frame opens with is the source
        whole = cues.sources.body_ending(masked[start:body_end])
        if speaker.endswith("的") or (whole and whole[1] - whole[0] > body_end - m.start()):
            speaker = text[start:body_end]
    if not clean_speaker(speaker, cues.sources) and start > 0:
        speaker, start = _subject_before(text, masked, start, cues)
    return (speaker, start) if speaker else None


def _source_inside(
    text: str, masked: str, m: re.Match[str], kind: str, src_group: str, regex: re.Pattern[str], cues
) -> tuple[str, int] | None:
    """``据{src}报道``: the frame opens a clause (or follows a linker: 而据…), the source is inside."""
    opens_clause = m.start() == clause_start(masked, m.start(), cues) or masked.endswith(
        cues.grammar.frame_linkers, 0, m.start()
    )
    if kind == "frame" and not opens_clause:
        return None
    src = m.group(src_group) if src_group in regex.groupindex else None
    if src is None:
        return "", m.start()  # 据报道，… / 据悉，…: attributed, to no one in particular
    start, speaker = m.start(src_group), src
    if src[:1] in OPENERS:  # 据“俄罗斯卫星通讯社”报导: the quoted words, blanked in ``masked``
        start, speaker = start + 1, text[start + 1 : m.end(src_group) - 1]
    # 根据两位领导人的声明: the document is the source, not the people who issued it
    body_after = cues.sources.body_ending(masked[: m.end(src_group) + 2])
    if body_after and body_after[1] > m.end(src_group):
        speaker = text[start : body_after[1]]
    # 据国家统计局统计: the frame's word (统计) opened a body noun (统计局) the source ends with
    for cut in (m.end() + 1, m.end() + 2):
        body_cut = cues.sources.body_ending(masked[:cut])
        if body_cut and m.end(src_group) <= body_cut[0] < m.end() < body_cut[1]:
            speaker = text[start : body_cut[1]]
            break
    return speaker, start


def _subject_before(text: str, masked: str, clause: int, cues: ClaimCues) -> tuple[str, int]:
    """教授Pavel K. Baev，在…后就曾分析，认为…: the speaker is the whole clause before, if it is
    one; or the one before that, over a clause of what the speaker did (郭某在直播中，向观众解读了
    局势，并强调，…)."""
    end = clause
    for back in range(MAX_SUBJECT_CLAUSES):
        if end <= 0:
            break
        previous = clause_start(masked, end - 1, cues)
        subject = text[previous : end - 1]
        # a bare word is no name here (内外交困); further back, only a short known speaker
        if back == 0:
            found = bool(speaker_decision(subject, cues.sources, allow_bare=False).sources)
        else:
            found = _subject_further_back(subject, cues)
        if found:
            return subject, previous
        end = previous
    return "", clause


def _subject_further_back(words: str, cues: ClaimCues) -> bool:
    """Whether a clause before the one before a verb is its subject: a known speaker, short,
    that opens it (郭某在直播中 → 郭某; not 内外交困, not 坚决反对任何势力…损害中方利益)."""
    short = len(clean_speaker(words, cues.sources)) <= MAX_SUBJECT_CHARS
    return short and _opens_with_known_source(words, cues)


def quote_led_attribution(text: str, masked: str, cues: ClaimCues) -> Attribution | None:
    """``两国还“呼吁…”``: a reporting verb right after an opening quotation mark, its
    speaker the clause's words before the mark."""
    m = _OPENER.search(text)
    if not m or m.start() > MAX_LEAD_CHARS or m.start() == 0:
        return None
    verb = cues.verbs.match(text, m.end())
    if not verb or cues.verb_types[verb.group()] == "stance":
        return None
    start, end, cue = verb.start(), verb.end(), verb.group()
    clause = clause_start(masked, start, cues)
    return Attribution(cue, cues.verb_types[cue], start, end, text[clause : start - 1], clause)


def cited_sources(
    text: str, masked: str, cues: ClaimCues, earlier: Sequence[ResolvedSource], context: str
) -> tuple[ResolvedSource, ...]:
    """Named sources cited inside the writer's own sentence (正如{src}所言, 引述{src}的话)."""
    if not cues.cited.search(masked):
        return ()  # most sentences cite no one
    found: list[ResolvedSource] = []
    # the sources found here count as cited before the next one, then are taken back
    seen = seen_sources(earlier, cues.sources)
    mark = seen.mark()
    try:
        for kind, _pattern, _m, speaker, _start in frame_matches(text, masked, cues, cues.cited):
            if kind != "cited":
                continue
            # only named ones: 引述专家的话 names no one the article could be checked against
            resolved = resolve_speaker(speaker, cues.sources, seen, context)
            named = [s for s in resolved if s.named]
            found.extend(named)
            seen.extend(named)
    finally:
        seen.undo(mark)
    return tuple(found)
