"""One claim label per sentence (A / E / F / H / X), with its evidence and a readable reason.

The labels are ../shared/eval/ANNOTATION.md's:

- ``H`` the title and headings, ``X`` every other non-body paragraph (captions, bylines,
  datelines, link lists, disclaimers, footers);
- ``A`` the main proposition is put in a source's mouth: a speaker with a reporting verb
  (``lexicons/attribution.tsv`` types neutral, assertive, distancing, cognitive, disclosure,
  and stance verbs before a clause or quotation), a frame (``据{src}报道``), a quotation whose
  speaker is in the sentence or next to it, or a sentence inside a multi-sentence quotation;
  unless the writer adds an inference of their own after it (``…，明显暗示…``: ``E``);
- ``E`` the writer's own voice: rhetorical questions, modal judgements, predictions,
  comparisons, motive-reading (``judgement`` cues), scare quotes, loaded terms and boosters;
- ``F`` a checkable description with none of the above.

``annotate_claims`` is the public entry point; ``ClaimAnnotation`` carries the sentences,
quotations and cited sources. All offsets in the result are into ``Article.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from framing.analysis.sentences import QuoteSpan, SentenceSpan, find_quotes, paragraph_spans, split_sentences
from framing.analysis.sources import (
    ResolvedSource,
    SeenSources,
    SourceCues,
    TextBefore,
    clean_speaker,
    collect_sources,
    is_existential,
    is_unnamed_noun,
    literal_trie,
    resolve_speaker,
    seen_sources,
    source_cues,
    speaker_sources,
)
from framing.lexicon import Lexicons
from framing.model import Article, ClaimLabel, Evidence, Quote, Role, Sentence, SourceMention, frozen_record

NOT_BODY_ROLES = frozenset(
    {Role.CAPTION, Role.BYLINE, Role.DATELINE, Role.LINKS, Role.DISCLAIMER, Role.FOOTER}
)
HEADING_ROLES = frozenset({Role.TITLE, Role.HEADING})
_LABELLED_BY_ROLE = HEADING_ROLES | NOT_BODY_ROLES
REPORTING_TYPES = ("neutral", "assertive", "distancing", "cognitive", "disclosure")
# Attribution must open the sentence: at most this many characters of adverbial before it.
MAX_LEAD_CHARS = 26
MAX_SPEAKER_CHARS = 60  # not counting parenthesised glosses such as （Alexander Korolev）
# The words between a clause start and a verb are not read as its speaker beyond this many
# characters, glosses and quotations included (the longest speaker of ../shared/corpus is
# 161): in one long clause every verb would otherwise read all the words before it again.
MAX_SPEAKER_SPAN = 400
# Loaded-term categories and marker types that voice the writer's own evaluation. Contested
# terms (入侵, 俄乌冲突), euphemisms and official formulas name things one side's way but
# also appear in plain factual and quoted sentences, and boosters (非常, 全面) in both.
EVALUATIVE_TERM_CATEGORIES = frozenset(
    {"derogatory_label", "insulting_metaphor", "conspiracy", "hyperbole", "ideological_label"}
)
EVALUATIVE_MARKER_TYPES = frozenset({"opinion"})
# Propaganda formulas also name things (全面战略协作伙伴关系, 一个中国原则, 世界反法西斯战争)
# in plain factual sentences; a sentence dense with them, in the writer's own words and not
# as names (《…》, a formula ending in or followed by a naming noun), is the writer's voice
# (两国元首外交发挥战略引领作用: "loaded words make it obvious", ANNOTATION.md).
DENSE_TERM_CATEGORIES = frozenset({"propaganda_formula"})
DENSE_MIN_TERMS = 2
_BOOK_TITLE = re.compile(r"《[^《》]*》")
SCARE_QUOTE_MAX_CHARS = 12
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_ONLY_CLOSING = re.compile(r'[。！？!?”’」』 "]*')  # what may follow a verb closing the sentence
_CONCESSIVE = re.compile(r"^(?:首先|其次|然而|但是|但)?[，,]?(?:尽管|虽然|虽|即使|即便|固然)")
_PARENS = re.compile(r"[（(][^（）()]*[）)]")
# 南方Plus客户端引述俄罗斯媒体: a source relaying another; both are cited
_RELAYED = re.compile(r"引述|援引|引用|转引|转述")
_QUESTION_END = re.compile(r"[？?][”’」』）)\"']*$")
_OPENERS = '“「『"'
_CLOSING_QUOTE = re.compile(r"[”」』\"]")
_OPENER = re.compile(f"[{_OPENERS}]")
_SENTENCE_PUNCT = re.compile(r"[。！？!?，]")
_CLAUSE_SPLIT = re.compile(r"(?<=[，,；;：:])")
_CODE_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff]-?\d")  # 海上联合-2026, 西伯利亚力量-2, Su-35


@dataclass(frozen=True)
class ClaimAnnotation:
    """What ``annotate_claims`` finds in one article (offsets into ``Article.text``)."""

    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[SourceMention, ...]


@dataclass(frozen=True)
class ClaimCues:
    """Regexes compiled once per lexicon version (see ``claim_cues``)."""

    verbs: re.Pattern[str]
    verb_types: dict[str, str]
    # verbs that open with an unnamed source's noun (分析认为: 分析), see _unnamed_noun_prefix
    noun_led: frozenset[str]
    not_cues: re.Pattern[str]
    frames: re.Pattern[str]
    frame_names: dict[str, str]  # regex group name → the frame as written in the lexicon
    # group name → "frame", or "cited" (正如{src}所言: a source inside the writer's sentence)
    frame_kinds: dict[str, str]
    cited: re.Pattern[str]  # the "cited" patterns (a separate regex: they overlap frames)
    inference: re.Pattern[str]
    judgement: re.Pattern[str]
    naming: re.Pattern[str]  # nouns after a quoted name: “一带一路”倡议 is a name, not a scare quote
    naming_end: re.Pattern[str]  # the same nouns ending the quotation: 「北京条约」
    evaluative: re.Pattern[str] | None  # loaded terms, boosters and opinion markers (CORE's tables)
    dense: re.Pattern[str]  # terms that are evaluative only DENSE_MIN_TERMS at a time
    sources: SourceCues


_CACHE: dict[str, ClaimCues] = {}


def _alternation(words) -> str:
    """One regex for many cues, longest first; ``…`` in a cue is a short gap inside the sentence.

    Cues without gaps make a trie (``literal_trie``: the same matches, found faster).
    """
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not any("…" in w for w in ordered):
        return literal_trie(ordered) or r"(?!x)x"
    gap = r"[^。！？!?]{1,30}?"
    return "|".join(gap.join(re.escape(p) for p in w.split("…")) for w in ordered) or r"(?!x)x"


def _frame_regex(pattern: str) -> str:
    """``据{src}报道`` → a regex with the source in a group; ``…`` is a short gap in the clause."""
    out = []
    for part in re.split(r"(\{src\}|…)", pattern):
        if part == "{src}":
            out.append(r"(?P<SRC>[^，。；！？：“”]{1,40}?)")
        elif part == "…":
            out.append(r"[^，。；！？]{1,30}?")
        elif part:
            out.append(re.escape(part))
    return "".join(out)


def _guarded(alternatives: Sequence[tuple[str, str]], patterns: Sequence[str]) -> re.Pattern[str]:
    """One regex for many frame alternatives ``(group name, regex)``, by first character.

    Python's ``re`` tries every alternative of a flat alternation at every position.
    Grouped under their first character (``据(?:(?P<f0>报道)|(?P<f2>悉)|…)|引(?:…)``), every
    branch opens with a literal: ``re`` then scans for the positions holding one of those
    characters (in C, without trying a match elsewhere) and tries only the alternatives that
    start with it, in their order. Alternatives with different first characters never match
    at the same position, so the same one matches as in the flat alternation, with the same
    span; its named group then starts after the first character (callers read the match's
    span, ``lastgroup`` and the source groups, not the frame group's own span).
    """
    if not alternatives:
        return re.compile(r"(?!x)x")
    named = [f"(?P<{name}>{regex})" for name, regex in alternatives]
    heads = [re.escape(p.removeprefix("{src}")[:1]) for p in patterns]
    if any(
        not head or head in ("\\{", "…") or not regex.startswith(head)
        for head, (_, regex) in zip(heads, alternatives, strict=True)
    ):
        return re.compile("|".join(named))  # an alternative may start anywhere: no grouping
    by_first: dict[str, list[str]] = {}
    for head, (name, regex) in zip(heads, alternatives, strict=True):
        by_first.setdefault(head, []).append(f"(?P<{name}>{regex[len(head) :]})")
    return re.compile("|".join(f"{head}(?:{'|'.join(alts)})" for head, alts in by_first.items()))


def claim_cues(lexicons: Lexicons) -> ClaimCues:
    """Compile the attribution and editorial cues once per ``lexicons.version``."""
    cached = _CACHE.get(lexicons.version)
    if cached is not None:
        return cached
    verb_types: dict[str, str] = {}
    by_type: dict[str, list[str]] = {}
    frames: list[tuple[str, str]] = []
    frame_names: dict[str, str] = {}
    frame_kinds: dict[str, str] = {}
    cited: list[tuple[str, str]] = []
    for row in lexicons["attribution"]:
        kind = row["type"]
        if kind in REPORTING_TYPES or kind == "stance":
            verb_types[row["cue"]] = kind
        elif kind in ("frame", "cited"):
            # a leading {src} is the clause before the match: matching it inside the regex
            # would make the regex try every start position with a 40-character scan
            name = f"f{len(frame_names)}"
            frame_names[name] = row["cue"]
            regex = _frame_regex(row["cue"].removeprefix("{src}"))
            regex = regex.replace("(?P<SRC>", f"(?P<s{name[1:]}>")
            (frames if kind == "frame" else cited).append((name, regex))
            frame_kinds[name] = kind
        by_type.setdefault(kind, []).append(row["cue"])
    evaluative_words = [
        r["term"] for r in lexicons["loaded_terms"] if r["category"] in EVALUATIVE_TERM_CATEGORIES
    ] + [r["term"] for r in lexicons["markers"] if r["type"] in EVALUATIVE_MARKER_TYPES]
    sources = source_cues(lexicons)
    cues = ClaimCues(
        verbs=re.compile(_alternation(verb_types)),
        verb_types=verb_types,
        noun_led=frozenset(
            v for v in verb_types if any(is_unnamed_noun(v[:cut], sources) for cut in range(1, len(v) + 1))
        ),
        not_cues=re.compile(_alternation(by_type.get("not_cue", ()))),
        frames=_guarded(frames, by_type.get("frame", ())),
        frame_names=frame_names,
        frame_kinds=frame_kinds,
        cited=_guarded(cited, by_type.get("cited", ())),
        inference=re.compile(_alternation(by_type.get("inference", ()))),
        judgement=re.compile(_alternation(by_type.get("judgement", ()))),
        naming=re.compile(_alternation(by_type.get("naming", ()))),
        naming_end=re.compile(f"(?:{_alternation(by_type.get('naming', ()))})$"),
        evaluative=re.compile(_alternation(evaluative_words)) if evaluative_words else None,
        dense=re.compile(
            _alternation(
                r["term"] for r in lexicons["loaded_terms"] if r["category"] in DENSE_TERM_CATEGORIES
            )
        ),
        sources=sources,
    )
    _CACHE[lexicons.version] = cues
    return cues


# ── per-sentence analysis (normalised text, offsets relative to the sentence) ─────────


@frozen_record
class _Attribution:
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


def _masked(text: str, quotes: Sequence[tuple[int, int]]) -> str:
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


def _clause_start(masked: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last clause break before it, or 0."""
    breaks = _clauses(masked)[0]
    at = bisect_left(breaks, pos)  # the breaks before ``pos``
    return breaks[at - 1] + 1 if at else 0


# One sentence's clause breaks are looked up once per verb and frame: found once per
# sentence (a regex from the sentence start at each verb made a long sentence quadratic).
@lru_cache(maxsize=64)
def _clauses(masked: str) -> tuple[list[int], dict[int, int]]:
    """The positions of the clause breaks of ``masked``, and for each clause start (a break's
    position + 1) the length of the clauses before it that are not scene-setting
    (``_ADVERBIAL``), as ``_lead_is_adverbial`` counts them."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(masked)]
    plain_before: dict[int, int] = {}
    plain = previous = 0
    for at in breaks:
        clause = masked[previous : at + 1]
        if not _ADVERBIAL.search(clause):
            plain += len(clause)
        previous = at + 1
        plain_before[at + 1] = plain
    return breaks, plain_before


def find_attribution(
    text: str,
    masked: str,
    cues: ClaimCues,
    earlier: Sequence[ResolvedSource] = (),
    context: str = "",
) -> _Attribution | None:
    """The attribution that opens the sentence (or closes it: ``“…，”他说。``), if any.

    Frames with the source inside (``据{src}报道``) may open any clause; frames and verbs
    with the speaker before them must stand within ``MAX_LEAD_CHARS`` of the start.
    """
    for kind, pattern, m, speaker, speaker_start in _frames(text, masked, cues, cues.frames):
        if kind == "frame":
            return _Attribution(pattern, "frame", m.start(), m.end(), speaker, speaker_start, frame=True)
    blocked = None
    for m in cues.verbs.finditer(masked):
        start, end = m.start(), m.end()
        if blocked is None:  # built at the first verb: most sentences have none
            blocked = _blocked_positions(masked, cues)
        if blocked[start] or blocked[end - 1]:  # a blocked span holds the verb's first or last character
            continue
        verb = m.group()
        noun = ""
        if verb in cues.noun_led:  # else no prefix of it is such a noun: skip finding the lead
            noun = _unnamed_noun_prefix(verb, text[_clause_start(masked, start) : start], cues)
        if noun == verb:
            continue  # 也有分析指出: 分析 is the unnamed source, 指出 the verb
        if noun:
            start, verb = start + len(noun), verb[len(noun) :]  # 有分析认为 → 分析 + 认为
        kind = cues.verb_types[verb]
        after = masked[end : end + 1]
        before = masked[start - 1 : start] if start else ""
        if after == "的" or before in ("所", "被", "的", "据"):
            continue
        # “…，”他说。 — a verb closing the sentence reports only a quotation before it
        tail = _ONLY_CLOSING.match(masked, end).end() == len(masked) and bool(
            _CLOSING_QUOTE.search(masked, 0, start)
        )
        clausal = after in ("，", ",", "：", ":", "“", "「", "『") or tail
        if kind == "stance" and not clausal:
            continue
        clause = _clause_start(masked, start)
        if tail:
            # “…，”他说。 — the speaker follows the quotation
            clause = max(clause, max((masked.rfind(c, 0, start) + 1 for c in '”」』"'), default=0))
        if start - clause > MAX_SPEAKER_SPAN:  # too long for a speaker: not read
            if not tail and not _lead_is_adverbial(masked, clause):
                break
            continue
        speaker = text[clause:start]
        if not clean_speaker(speaker, cues.sources) and clause > 0:
            speaker, clause = _subject_before(text, masked, clause, cues)
        if not tail and not _lead_is_adverbial(masked, clause):
            break
        if len(_PARENS.sub("", speaker)) > MAX_SPEAKER_CHARS:
            continue
        # A bare name that is neither in the gazetteer, nor after a title, nor a back-reference
        # only counts when the verb opens a clause or a quotation (黄伟国说：): many subjects
        # that are not speakers look like names. A speaker that resolves without that
        # allowance resolves to the same sources with it (resolve_speaker's result).
        resolved = speaker_sources(speaker, cues.sources, earlier, context, allow_bare=clausal)
        if resolved is None:
            continue
        return _Attribution(verb, kind, start, end, speaker, clause, resolved=resolved)
    return None


def _nested_sources(
    text: str, masked: str, attribution: _Attribution, cues: ClaimCues, earlier, context
) -> tuple[ResolvedSource, ...]:
    """The speakers of a second attribution are cited too: after a frame with its source
    inside or a relay (据A报道，B表示; A引述B称) and before an attribution that does not open
    the sentence (A也称，B说); not inside a speaker's own words (X说，Y认为… is X's)."""
    spans = []
    relay = attribution.frame and bool(_RELAYED.search(attribution.cue))
    if attribution.frame and (relay or not attribution.cue.startswith("{src}")):
        spans.append((attribution.cue_end, len(text)))
    if attribution.speaker_start > 0:
        spans.append((0, attribution.speaker_start))
    found: list[ResolvedSource] = []
    for start, end in spans:
        other = find_attribution(text[start:end], masked[start:end], cues, earlier, context)
        if other is not None and other.speaker.strip():
            resolved = other.resolved
            if resolved is None:
                resolved = resolve_speaker(other.speaker, cues.sources, earlier, context)
            # 引述专家的话说: a role alone names no one the article could be checked against
            bare_role = relay and start > 0
            found.extend(s for s in resolved if not (bare_role and cues.sources.is_bare_role(s.name)))
    return tuple(found)


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


def _unnamed_noun_prefix(verb: str, lead: str, cues: ClaimCues, *, frame: bool = False) -> str:
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


# Clauses that set the scene before the speaker (在…后，当…时，对于…来说，随着…) do not
# count towards MAX_LEAD_CHARS: the attribution still opens the sentence's main clause.
_ADVERBIAL = re.compile(
    r"^(?:在|当|随着|对于|关于|针对|面对|自从|自|除了|由于|为了|而在|但在|不过在)"
    r"|(?:后|时|前|之际|期间|以来|来说|而言|之后|之前|当天|当日)[，,；;：:]?$"
)


def _lead_is_adverbial(masked: str, clause: int) -> bool:
    """Whether the words before a speaker, ``masked[:clause]``, are short, or only
    scene-setting clauses (for a clause start, counted once per sentence by ``_clauses``)."""
    if clause <= MAX_LEAD_CHARS:
        return True  # short whatever its clauses are
    plain = _clauses(masked)[1].get(clause)
    if plain is not None:
        return plain <= MAX_LEAD_CHARS
    clauses = [c for c in _CLAUSE_SPLIT.split(masked[:clause]) if c]
    return sum(len(c) for c in clauses if not _ADVERBIAL.search(c)) <= MAX_LEAD_CHARS


def _frames(text: str, masked: str, cues: ClaimCues, regex: re.Pattern[str]):
    """Frame and cited-source matches at clause starts: (kind, pattern, match, speaker, its start).

    A pattern with the source inside (``据{src}报道``) must open a clause; one with the
    source before it (``{src}在…中表示``) takes the clause's words before the match as the
    source and must stand within ``MAX_LEAD_CHARS`` of the sentence start (frames only).
    """
    for m in regex.finditer(masked):
        name = m.lastgroup or ""
        pattern = cues.frame_names[name]
        kind = cues.frame_kinds[name]
        src_group = "s" + name[1:]
        if pattern.startswith("{src}"):
            start = _clause_start(masked, m.start())
            if kind == "frame" and start > MAX_LEAD_CHARS:
                continue
            speaker = text[start : m.start()]
            if is_existential(speaker, only=True):
                # 有消息称, 另有报道称: the frame's noun is the unnamed source the 有 introduces
                noun = _unnamed_noun_prefix(masked[m.start() : m.end()], speaker, cues, frame=True)
                speaker = text[start : m.start() + len(noun)]
            elif body_end := cues.sources.body_at(masked, m.start()):
                # 航天局的声明说, 两国的联合声明称: the document the frame opens with is the source
                whole = cues.sources.body_ending(masked[start:body_end])
                if speaker.endswith("的") or (whole and whole[1] - whole[0] > body_end - m.start()):
                    speaker = text[start:body_end]
            if not clean_speaker(speaker, cues.sources) and start > 0:
                speaker, start = _subject_before(text, masked, start, cues)
            if speaker:
                yield kind, pattern, m, speaker, start
            continue
        opens_clause = m.start() == _clause_start(masked, m.start()) or masked[m.start() - 1] in "而但则另"
        if kind == "frame" and not opens_clause:
            continue
        src = m.group(src_group) if src_group in regex.groupindex else None
        if src is None:
            # 据报道，… / 据悉，…: attributed, to no one in particular
            yield kind, pattern, m, "", m.start()
            continue
        start, speaker = m.start(src_group), src
        # 根据两位领导人的声明: the document is the source, not the people who issued it
        body_after = cues.sources.body_ending(masked[: m.end(src_group) + 2])
        if body_after and body_after[1] > m.end(src_group):
            speaker = text[start : body_after[1]]
        yield kind, pattern, m, speaker, start


def _subject_before(text: str, masked: str, clause: int, cues: ClaimCues) -> tuple[str, int]:
    """教授Pavel K. Baev，在…后就曾分析，认为…: the speaker is the whole clause before, if it is one."""
    previous = _clause_start(masked, clause - 1)
    subject = text[previous : clause - 1]
    if resolve_speaker(subject, cues.sources):
        return subject, previous
    return "", clause


def _quote_led_verb(text: str, cues: ClaimCues) -> re.Match[str] | None:
    """``两国还“呼吁…”``: a reporting verb right after an opening quotation mark."""
    m = _OPENER.search(text)
    if not m or m.start() > MAX_LEAD_CHARS or m.start() == 0:
        return None
    verb = cues.verbs.match(text, m.end())
    return verb if verb and cues.verb_types[verb.group()] != "stance" else None


# ── the article ─────────────────────────────────────────────────────────────────


@dataclass
class _Draft:
    span: SentenceSpan
    label: ClaimLabel
    reason: str
    evidence: list[tuple[str, str, int, int, str]]  # kind, text, start, end (normalised), detail
    sources: tuple[ResolvedSource, ...] = ()
    speech_open: bool = False  # 普京说：… without quotation marks: the speech runs on
    cited: tuple[ResolvedSource, ...] = ()  # sources cited inside the writer's own sentence


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
    spans = split_sentences(article)
    normalized = article.normalized
    quotes: list[QuoteSpan] = []
    for (p_start, p_end), paragraph in zip(paragraph_spans(article), article.paragraphs, strict=True):
        if paragraph.role in (Role.BODY, Role.PULL_QUOTE):
            quotes.extend(find_quotes(normalized[p_start:p_end], p_start))
    quotes = _join_continued(quotes, normalized)
    drafts: list[_Draft] = []
    # the sources cited so far and the text before each sentence, indexed once per article
    # (rescanning them for every sentence was quadratic in the article's length)
    earlier = SeenSources(cues.sources)
    before = TextBefore(normalized, cues.sources)
    # quotations are in reading order and do not overlap: the ones that may touch a sentence
    # are found by bisection instead of testing every quotation of the article per sentence
    quote_starts = [q.start for q in quotes]
    quote_ends = [q.end for q in quotes]
    # the latest attributed sentence of the paragraph being read, kept as we go so that
    # finding whose speech a sentence continues does not read back through the paragraph
    speaking: _Draft | None = None
    for span in spans:
        first = bisect_right(quote_ends, span.start)
        nearby = quotes[first : bisect_left(quote_starts, span.end, first)]
        context = before.up_to(span.start)
        if speaking is not None and speaking.span.paragraph_index != span.paragraph_index:
            speaking = None
        draft = _label_sentence(span, nearby, drafts, earlier, cues, context, speaking)
        if span.role not in _LABELLED_BY_ROLE:
            draft.cited = _cited_sources(span.text, span.text, cues, earlier, context)
        earlier.extend(draft.sources + draft.cited)
        drafts.append(draft)
        if draft.label is ClaimLabel.ATTRIBUTED:
            speaking = draft
    _give_quotes_neighbour_speakers(drafts, quotes)
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


def _join_continued(quotes: list[QuoteSpan], text: str) -> list[QuoteSpan]:
    """A quotation left open at a paragraph end continues in the next paragraph's quotation."""
    out: list[QuoteSpan] = []
    for quote in quotes:
        if out and not out[-1].closed and text[out[-1].end : quote.start].strip() == "":
            prev = out.pop()
            quote = QuoteSpan(prev.start, quote.end, text[prev.start + 1 : quote.end - 1], quote.closed)
        out.append(quote)
    return out


def _cited_sources(
    text: str, masked: str, cues: ClaimCues, earlier: Sequence[ResolvedSource], context: str
) -> tuple[ResolvedSource, ...]:
    if not cues.cited.search(masked):
        return ()  # most sentences cite no one
    found: list[ResolvedSource] = []
    # the sources found here count as cited before the next one, then are taken back
    seen = seen_sources(earlier, cues.sources)
    mark = seen.mark()
    try:
        for kind, _pattern, _m, speaker, _start in _frames(text, masked, cues, cues.cited):
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


def _label_sentence(
    span: SentenceSpan,
    quotes: Sequence[QuoteSpan],
    drafts: Sequence[_Draft],
    earlier: Sequence[ResolvedSource],
    cues: ClaimCues,
    context: str,
    speaking: _Draft | None = None,
) -> _Draft:
    """One sentence's draft label; ``speaking`` is the latest attributed sentence of its
    paragraph before it (``None`` if there is none), see ``_speech_before``."""
    if span.role in HEADING_ROLES:
        return _Draft(
            span,
            ClaimLabel.HEADING,
            f"a {span.role.value} line",
            [("role", span.text, 0, len(span.text), span.role.value)],
        )
    if span.role in NOT_BODY_ROLES:
        return _Draft(
            span,
            ClaimLabel.NOT_BODY,
            f"not body text ({span.role.value})",
            [("role", span.text, 0, len(span.text), span.role.value)],
        )
    text = span.text
    local: list[tuple[int, int]] = []
    carried = None
    if quotes:  # most sentences touch no quotation
        local = [
            (max(q.start, span.start) - span.start, min(q.end, span.end) - span.start)
            for q in quotes
            if q.start < span.end and q.end > span.start
        ]
        # a quotation that began before this sentence: we are inside a multi-sentence quotation
        carried = next(
            (q for q in quotes if q.start < span.start < q.end and q.end - q.start > len(text) // 2), None
        )
    masked = _masked(text, [(a if a > 0 else -1, b) for a, b in local])
    if carried is not None:
        opener = drafts[-1] if drafts else None
        sources = opener.sources if opener and opener.label is ClaimLabel.ATTRIBUTED else ()
        return _Draft(
            span,
            ClaimLabel.ATTRIBUTED,
            "inside a quotation that began in an earlier sentence",
            [("quote", text, 0, len(text), "continued")],
            sources,
        )
    previous = drafts[-1] if drafts else None
    if previous and previous.speech_open and previous.span.paragraph_index == span.paragraph_index:
        return _Draft(
            span,
            ClaimLabel.ATTRIBUTED,
            "continues a speech introduced with a colon in the sentence before",
            [("speaker", text, 0, len(text), "continued")],
            previous.sources,
            speech_open=True,
        )
    attribution = find_attribution(text, masked, cues, earlier, context)
    speaker_before = _speech_before(span, masked, drafts, speaking)
    if attribution is None and speaker_before is not None:
        opener, why = speaker_before
        return _Draft(
            span,
            ClaimLabel.ATTRIBUTED,
            f"continues the reported speech of an earlier sentence ({why})",
            [("speaker", text, 0, len(text), "continued")],
            opener.sources,
        )
    led = None if attribution else _quote_led_verb(text, cues)
    if led is not None:
        clause = _clause_start(masked, led.start())
        attribution = _Attribution(
            led.group(),
            cues.verb_types[led.group()],
            led.start(),
            led.end(),
            text[clause : led.start() - 1],
            clause,
        )
    if attribution is not None:
        parts = _RELAYED.split(attribution.speaker)
        if attribution.resolved is not None and len(parts) == 1:
            sources = attribution.resolved
        else:
            sources = tuple(
                source for part in parts for source in resolve_speaker(part, cues.sources, earlier, context)
            )
        if _FIRST_PERSON.match(clean_speaker(attribution.speaker, cues.sources)):
            # 我同普京总统一致认为: 我 is the speaker of the speech this sentence continues
            before = _speech_before(span, masked, drafts, speaking)
            sources = before[0].sources if before else ()
        sources = tuple(
            dict.fromkeys(sources + _nested_sources(text, masked, attribution, cues, earlier, context))
        )
        evidence = [
            (
                "frame" if attribution.frame else "reporting_verb",
                attribution.cue
                if not attribution.frame
                else text[attribution.cue_start : attribution.cue_end],
                attribution.cue_start,
                attribution.cue_end,
                attribution.cue_type,
            ),
        ]
        if attribution.speaker.strip():
            s0 = attribution.speaker_start
            evidence.append(
                (
                    "speaker",
                    attribution.speaker,
                    s0,
                    s0 + len(attribution.speaker),
                    ", ".join(s.name for s in sources),
                )
            )
        override = _writer_inference(text, masked, attribution, cues)
        if override is not None:
            m, why = override
            evidence.append(("inference", m.group(), m.start(), m.end(), why))
            return _Draft(
                span,
                ClaimLabel.EDITORIAL,
                f"starts with an attribution ({attribution.cue}) but {why}: {m.group()}",
                evidence,
            )
        who = "、".join(s.name for s in sources) or attribution.speaker.strip() or "a source"
        colon = masked[attribution.cue_end : attribution.cue_end + 1] in ("：", ":")
        unquoted = colon and masked[attribution.cue_end + 1 : attribution.cue_end + 2] not in _OPENERS
        return _Draft(
            span,
            ClaimLabel.ATTRIBUTED,
            f"attributed to {who} ({attribution.cue_type}: {attribution.cue})",
            evidence,
            sources,
            speech_open=unquoted,
        )
    whole = _whole_quote(text, local)
    if whole:
        return _Draft(
            span,
            ClaimLabel.ATTRIBUTED,
            "a direct quotation; its speaker is in a neighbouring sentence",
            [("quote", text, 0, len(text), "")],
        )
    if _QUESTION_END.search(text):
        return _Draft(
            span,
            ClaimLabel.EDITORIAL,
            "a rhetorical question in the writer's voice",
            [("question", text[-1], len(text) - 1, len(text), "")],
        )
    passive = _PASSIVE_NO_HOLDER.search(masked)
    if passive:
        return _Draft(
            span,
            ClaimLabel.EDITORIAL,
            f"a passive with no one named as its holder ({passive.group()}): the writer's characterisation",
            [("passive", passive.group(), passive.start(), passive.end(), "no holder")],
        )
    editorial = _editorial_evidence(text, masked, local, cues)
    if editorial:
        kind, word, start, end, detail = editorial[0]
        return _Draft(
            span,
            ClaimLabel.EDITORIAL,
            f"the writer's own judgement with no source ({kind}: {word})",
            editorial,
        )
    return _Draft(span, ClaimLabel.FACTUAL, "a description with no source and no evaluative cue", [])


# 被认为 / 被视为 with nobody between 被 and the verb: the writer's own characterisation
# (ANNOTATION.md, "Passives without a holder"); with a holder (被美国视为) it is attributed.
_PASSIVE_NO_HOLDER = re.compile(r"被(?:普遍|广泛)?(?:认为|视为|看作|看做|看成|解读为|形容为|称为|称作|评为)")


# 双方坚持…, 中方愿…, 中俄都支持…: a party's stated position, in its own formulas
_PARTY_POSITION = re.compile(
    r"^(?:[^，。]{0,20}[，,])?(?:中俄|俄中)?(?:双方|两国|中方|俄方|美方|乌方|中俄|俄中)"
    r"(?:都|也|还|仍|均|始终|一致|将)?(?:要|应|愿|愿意|坚持|支持|致力于|同意|决定|主张|秉持|将)"
)


# Outside quotation marks a news writer does not say 我 or 我们 (我国, 我军, 我方 are the
# state media's own voice); after an attributed sentence such a sentence is the speaker's.
_FIRST_PERSON = re.compile(r"我们|我(?![国军方省市院部校党])")
# 双方要…, 中方愿…: commitments that only a party can make, continuing its reported speech.
_PARTY_COMMITMENT = re.compile(
    r"^(?:双方|两国|中方|俄方|美方|乌方|我们)(?:都|也|还|仍)?(?:要|应|应该|应当|愿|愿意|将继续|将)"
)


def _speech_before(
    span: SentenceSpan, masked: str, drafts: Sequence[_Draft], speaking: _Draft | None
) -> tuple[_Draft, str] | None:
    """The attributed sentence whose speech this one continues, and why; ``None`` if it does not.

    First person outside quotation marks continues the nearest attributed sentence of this
    paragraph, ``speaking`` (or the sentence just before, across a paragraph break); a
    party's commitment (双方要…) only the sentence just before, in the same paragraph.
    ``speaking`` is kept by the caller: reading back through the paragraph for it at every
    sentence made one long paragraph quadratic.
    """
    if not drafts:
        return None
    previous = drafts[-1]
    if "我" in masked and _FIRST_PERSON.search(masked):
        if speaking is not None:
            return speaking, "first person outside quotation marks"
        if (
            previous.span.paragraph_index == span.paragraph_index - 1
            and previous.label is ClaimLabel.ATTRIBUTED
        ):
            return previous, "first person outside quotation marks"
        return None
    if (
        previous.label is ClaimLabel.ATTRIBUTED
        and previous.span.paragraph_index == span.paragraph_index
        and _PARTY_COMMITMENT.search(masked)
    ):
        return previous, "a party's commitment in the same paragraph"
    return None


def _writer_inference(text: str, masked: str, attribution: _Attribution, cues: ClaimCues):
    """After an attribution, the writer's own inference makes the sentence E (ANNOTATION.md)."""
    lead = masked[: attribution.speaker_start + len(attribution.speaker)]
    if _CONCESSIVE.search(lead):
        m = _CONCESSIVE.search(lead)
        return m, "the attribution is conceded before the writer's own point"
    rest_start = attribution.cue_end
    # 认为，… / 说：… — everything after is the speaker's, inferences included; a verb with
    # a plain object (呼吁X，明显暗示…) ends the reported part at the next clause break
    if masked[rest_start : rest_start + 1] in ("，", ",", "：", ":"):
        return None
    for m in cues.inference.finditer(masked, rest_start):
        if _CLAUSE_BREAK.search(masked, rest_start, m.start()):
            return m, "the writer adds an inference of their own"
    return None


def _whole_quote(text: str, local: Sequence[tuple[int, int]]) -> bool:
    """The sentence is a direct quotation (its speaker must be next to it, ANNOTATION.md)."""
    if not local:
        return False
    quoted = sum(b - a for a, b in local)
    return (
        text[:1] in _OPENERS
        and quoted >= 0.6 * len(text)
        and (quoted > SCARE_QUOTE_MAX_CHARS or bool(_SENTENCE_PUNCT.search(text, 1, len(text) - 1)))
    )


def _editorial_evidence(
    text: str, masked: str, local, cues: ClaimCues
) -> list[tuple[str, str, int, int, str]]:
    found: list[tuple[str, str, int, int, str]] = []
    words = look_alikes = None  # found when first needed: most sentences have no cue
    for pattern, kind in (
        (cues.inference, "inference"),
        (cues.judgement, "judgement"),
        (cues.evaluative, "evaluative"),
    ):
        if pattern is None:
            continue
        for m in pattern.finditer(masked):
            if _may_straddle(masked, m, cues):
                # names and titles straddling a cue's edge show it is part of another word
                # (中共国 inside 中共国家主席): the longer reading across the lexicons wins
                if words is None:
                    words = list(cues.sources.name_and_title_spans(masked))
                if any(a < m.end() < b and a > m.start() or a < m.start() < b for a, b in words):
                    continue
            if look_alikes is None:
                look_alikes = [(w.start(), w.end()) for w in cues.not_cues.finditer(masked)]  # 根本利益
            if any(a < m.end() and m.start() < b for a, b in look_alikes):
                continue
            found.append((kind, m.group(), m.start(), m.end(), ""))
    # 《…伙伴关系的联合声明》 is a document's name: its formulas are not the writer's
    named = _BOOK_TITLE.sub(lambda m: "＿" * len(m.group()), masked) if "《" in masked else masked
    formulas = {
        m.group(): m
        for m in cues.dense.finditer(named)
        # 全面战略协作伙伴关系, 合作共赢原则: the name of a relation or policy, not a judgement
        if not (cues.naming_end.search(m.group()) or cues.naming.match(named, m.end()))
    }
    # 中方愿…, 双方坚持…: a party stating its position speaks the formulas, not the writer
    if len(formulas) >= DENSE_MIN_TERMS and not _PARTY_POSITION.search(masked):
        detail = f"{len(formulas)} propaganda formulas in the writer's words"
        found.extend(("formula", w, m.start(), m.end(), detail) for w, m in formulas.items())
    for a, b in local:
        if looks_scare(text, a, b, cues):
            found.append(("scare_quote", text[a:b], a, b, "a short quoted phrase with no speaker"))
    return found


def _may_straddle(masked: str, m: re.Match[str], cues: ClaimCues) -> bool:
    """Whether a name or title could straddle an edge of the cue ``m``: it would hold the two
    characters on either side of that edge (a set test instead of scanning for every name)."""
    return cues.sources.may_cross(masked, m.start()) or cues.sources.may_cross(masked, m.end())


def looks_scare(text: str, start: int, end: int, cues: ClaimCues) -> bool:
    """A short quoted phrase that is not a sentence and not a name (“一带一路”倡议, 「北京条约」,
    a code with a number: “海上联合-2026”, a name glossed in brackets: “奥库斯”（AUKUS）)."""
    inner = text[start + 1 : end - 1]
    return (
        0 < len(inner) <= SCARE_QUOTE_MAX_CHARS
        and not _SENTENCE_PUNCT.search(inner)
        and not cues.naming.match(text, end)
        and not cues.naming_end.search(inner)
        and not _CODE_NAME.search(inner)
        and text[end : end + 1] not in ("（", "(")
    )


def _give_quotes_neighbour_speakers(drafts: list[_Draft], quotes: Sequence[QuoteSpan]) -> None:
    """A whole-sentence quotation takes the speaker of the sentence before or after it."""
    for i, draft in enumerate(drafts):
        if (
            draft.label is not ClaimLabel.ATTRIBUTED
            or draft.sources
            or not draft.reason.startswith("a direct quotation")
        ):
            continue
        for j in (i + 1, i - 1):
            if (
                0 <= j < len(drafts)
                and drafts[j].sources
                and drafts[j].span.paragraph_index == draft.span.paragraph_index
            ):
                draft.sources = drafts[j].sources
                break


def _finish(article: Article, draft: _Draft) -> Sentence:
    span = draft.span
    text = article.text
    if article.offset_map:
        start, end = article.original_span(span.start, span.end)
        evidence = []
        for kind, word, a, b, detail in draft.evidence:
            o0, o1 = article.original_span(span.start + a, span.start + b)
            evidence.append(Evidence(kind, text[o0:o1] or word, o0, o1, detail))
    else:  # most articles: normalising kept every offset (original_span is the identity)
        start, end = span.start, span.end
        evidence = [
            Evidence(kind, text[start + a : start + b] or word, start + a, start + b, detail)
            for kind, word, a, b, detail in draft.evidence
        ]
    return Sentence(
        index=span.index,
        paragraph_index=span.paragraph_index,
        text=text[start:end],
        start=start,
        end=end,
        label=draft.label,
        reason=draft.reason,
        evidence=tuple(evidence),
        source="、".join(s.name for s in draft.sources) if draft.label is ClaimLabel.ATTRIBUTED else "",
    )


def _owners(quotes: Sequence[QuoteSpan], drafts: Sequence[_Draft]) -> list[_Draft | None]:
    """The sentence each quotation opens in (sentences are in reading order and do not overlap)."""
    starts = [d.span.start for d in drafts]
    owners: list[_Draft | None] = []
    for quote in quotes:
        i = bisect_right(starts, quote.start) - 1
        owners.append(drafts[i] if i >= 0 and quote.start < drafts[i].span.end else None)
    return owners


def _quote(article: Article, quote: QuoteSpan, owner: _Draft | None, cues: ClaimCues) -> Quote:
    start, end = article.original_span(quote.start, quote.end)
    speaker = ""
    if owner is not None and owner.label is ClaimLabel.ATTRIBUTED:
        speaker = "、".join(s.name for s in owner.sources)
    attributed = owner is not None and owner.label is ClaimLabel.ATTRIBUTED
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
