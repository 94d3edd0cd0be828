"""Compile the claim labeller's cues from the lexicons, once per lexicon version.

``attribution.tsv`` gives the reporting verbs, frames, cited-source patterns and the editorial
cues (inference, judgement, naming nouns, look-alikes); ``claims.tsv`` the grammar cues
(concessions, relays, scene-setting clauses, passives, first person, a party's position or
commitment); ``loaded_terms.tsv`` and ``markers.tsv`` the evaluative words. ``ClaimCues``
holds them as compiled regexes (see ``lexicons/README.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from framing.analysis.sources import SourceCues, is_unnamed_noun, literal_trie, source_cues
from framing.lexicon import Lexicons

REPORTING_TYPES = ("neutral", "assertive", "distancing", "cognitive", "disclosure")
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
# ``claims.tsv`` types that voice the writer's own stance without a loaded word (ANNOTATION.md:
# "a plain interpretive sentence is E too"): interpretation, mind-reading, evaluative verbs,
# deontic modality, prediction, a reception characterised with no one named
STANCE_TYPES = (
    "interpretive_frame",
    "mind_reading",
    "evaluative_predicate",
    "deontic",
    "prediction",
    "reception",
)
_NOTHING = r"(?!x)x"  # a regex that matches nothing: the alternation of no words


@dataclass(frozen=True)
class ClaimCues:
    """The labeller's cues as regexes, compiled once per lexicon version (``claim_cues``)."""

    verbs: re.Pattern[str]
    verb_types: dict[str, str]
    # verbs that open with an unnamed source's noun (分析认为: 分析), see unnamed_noun_prefix
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
    evaluative: re.Pattern[str] | None  # loaded terms and opinion markers that voice a judgement
    # the ``not_in`` names of those loaded terms (俄罗斯帝国 for 帝国): a cue inside one is no cue
    evaluative_names: re.Pattern[str]
    dense: re.Pattern[str]  # terms that are evaluative only DENSE_MIN_TERMS at a time
    # a reporting verb or naming word right before a quotation (说“…”, 所称“…”, 名为“…”):
    # the quoted words are someone's, or a name, not the writer's scare quotes
    quote_introducer: re.Pattern[str]
    grammar: GrammarCues
    sources: SourceCues


@dataclass(frozen=True)
class GrammarCues:
    """The ``claims.tsv`` word classes, as the regexes and sets the rules read."""

    concessive: re.Pattern[str]  # 然而，尽管… opening a sentence
    relayed: re.Pattern[str]  # 引述, 援引: where a speaker phrase splits into two sources
    adverbial: re.Pattern[str]  # a scene-setting clause (在…后，)
    frame_linkers: tuple[str, ...]  # 而据报道: the frame still opens its clause
    not_before_verb: tuple[str, ...]  # 所说, 被称: no report
    not_after_verb: tuple[str, ...]  # 表示的: no report
    passive_no_holder: re.Pattern[str]  # 被认为 with nobody between
    passive_holder: re.Pattern[str]  # 被美国视为: the holder in the group ``holder``
    first_person: re.Pattern[str]  # 我, 我们 but not 我国
    third_person: re.Pattern[str]  # 他, 她: the writer telling of someone
    enumerator: re.Pattern[str]  # 一是, 第二，: a numbered point opening a paragraph
    narrated_action: re.Pattern[str]  # 还讨论了, 进行了会谈: the writer narrates a meeting
    party_position: re.Pattern[str]  # 双方坚持…, 中方愿…
    party_commitment: re.Pattern[str]  # 双方要…, 我们将…
    # the writer's stance in words no loaded-term list has, one regex per kind (STANCE_TYPES)
    stance: tuple[tuple[str, re.Pattern[str]], ...]


_CACHE: dict[str, ClaimCues] = {}


def alternation(words: Iterable[str]) -> str:
    """One regex for many cues, longest first; ``…`` in a cue is a short gap inside the sentence.

    Cues without gaps make a trie (``literal_trie``: the same matches, found faster).
    """
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not any("…" in w for w in ordered):
        return literal_trie(ordered) or _NOTHING
    gap = r"[^。！？!?]{1,30}?"
    return "|".join(gap.join(re.escape(p) for p in w.split("…")) for w in ordered) or _NOTHING


def frame_regex(pattern: str) -> str:
    """``据{src}报道`` → a regex with the source in a group; ``…`` is a short gap in the clause."""
    out = []
    for part in re.split(r"(\{src\}|…)", pattern):
        if part == "{src}":
            # a source in quotation marks (据“俄罗斯卫星通讯社”报导): the marks stay in
            # the masked text, the words inside are blanked (attribution reads them from the text)
            out.append(r"(?P<SRC>[“「『][^，。；！？：“”「」『』]{1,38}[”」』]|[^，。；！？：“”]{1,40}?)")
        elif part == "…":
            # not a passive: in 该计划将被视为… no one holds the view ({src}将…视为 is 将 = 把)
            out.append(r"(?!被)[^，。；！？]{1,30}?")
        elif part:
            out.append(re.escape(part))
    return "".join(out)


def guarded(alternatives: Sequence[tuple[str, str]], patterns: Sequence[str]) -> re.Pattern[str]:
    """One regex for many frame alternatives ``(group name, regex)``, by first character.

    Grouped under their first character (``据(?:(?P<f0>报道)|(?P<f2>悉)|…)|引(?:…)``), every
    branch opens with a literal, so ``re`` tries only the alternatives that start with the
    character at hand, in their order. Alternatives with different first characters never
    match at the same position, so the same one matches as in the flat alternation, with
    the same span; its named group then starts after the first character (callers read the
    match's span, ``lastgroup`` and the source groups, not the frame group's own span).
    """
    if not alternatives:
        return re.compile(_NOTHING)
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
    """Compile the attribution, editorial and grammar cues once per ``lexicons.version``."""
    cached = _CACHE.get(lexicons.version)
    if cached is not None:
        return cached
    by_type: dict[str, list[str]] = {}
    for row in lexicons["attribution"]:
        by_type.setdefault(row["type"], []).append(row["cue"])
    verb_types = {
        row["cue"]: row["type"]
        for row in lexicons["attribution"]
        if row["type"] in REPORTING_TYPES or row["type"] == "stance"
    }
    frames, cited, frame_names, frame_kinds = _frame_alternatives(lexicons)
    naming = alternation(by_type.get("naming", ()))
    sources = source_cues(lexicons)
    cues = ClaimCues(
        verbs=re.compile(alternation(verb_types)),
        verb_types=verb_types,
        noun_led=frozenset(
            v for v in verb_types if any(is_unnamed_noun(v[:cut], sources) for cut in range(1, len(v) + 1))
        ),
        not_cues=re.compile(alternation(by_type.get("not_cue", ()))),
        frames=guarded(frames, by_type.get("frame", ())),
        frame_names=frame_names,
        frame_kinds=frame_kinds,
        cited=guarded(cited, by_type.get("cited", ())),
        inference=re.compile(alternation(by_type.get("inference", ()))),
        judgement=re.compile(alternation(by_type.get("judgement", ()))),
        naming=re.compile(naming),
        naming_end=re.compile(f"(?:{naming})$"),
        evaluative=_evaluative(lexicons),
        evaluative_names=re.compile(
            alternation(
                name
                for r in lexicons["loaded_terms"]
                if r["category"] in EVALUATIVE_TERM_CATEGORIES
                for name in r.many("not_in")
            )
        ),
        dense=re.compile(
            alternation(r["term"] for r in lexicons["loaded_terms"] if r["category"] in DENSE_TERM_CATEGORIES)
        ),
        quote_introducer=re.compile(
            f"(?:{alternation([*verb_types, *_words_of(lexicons, 'quote_introducer')])})[：:，,]?$"
        ),
        grammar=grammar_cues(lexicons),
        sources=sources,
    )
    _CACHE[lexicons.version] = cues
    return cues


def _frame_alternatives(lexicons: Lexicons):
    """The ``frame`` and ``cited`` patterns as named regex alternatives, with each name's
    pattern as written and its kind."""
    frames: list[tuple[str, str]] = []
    cited: list[tuple[str, str]] = []
    frame_names: dict[str, str] = {}
    frame_kinds: dict[str, str] = {}
    for row in lexicons["attribution"]:
        kind = row["type"]
        if kind not in ("frame", "cited"):
            continue
        # a leading {src} is the clause before the match: matching it inside the regex
        # would make the regex try every start position with a 40-character scan
        name = f"f{len(frame_names)}"
        frame_names[name] = row["cue"]
        regex = frame_regex(row["cue"].removeprefix("{src}"))
        regex = regex.replace("(?P<SRC>", f"(?P<s{name[1:]}>")
        (frames if kind == "frame" else cited).append((name, regex))
        frame_kinds[name] = kind
    return frames, cited, frame_names, frame_kinds


def _evaluative(lexicons: Lexicons) -> re.Pattern[str] | None:
    words = [r["term"] for r in lexicons["loaded_terms"] if r["category"] in EVALUATIVE_TERM_CATEGORIES] + [
        r["term"] for r in lexicons["markers"] if r["type"] in EVALUATIVE_MARKER_TYPES
    ]
    return re.compile(alternation(words)) if words else None


def _words_of(lexicons: Lexicons, kind: str) -> list[str]:
    """The ``claims.tsv`` cues of one type."""
    return [row["cue"] for row in lexicons["claims"] if kind in row.many("type")]


def grammar_cues(lexicons: Lexicons) -> GrammarCues:
    """The ``claims.tsv`` word classes compiled into the patterns the rules read."""
    words: dict[str, list[str]] = {}
    for row in lexicons["claims"]:
        for kind in row.many("type"):
            words.setdefault(kind, []).append(row["cue"])

    def any_of(kind: str) -> str:
        return f"(?:{alternation(words.get(kind, ()))})"

    def longest_first(kind: str) -> tuple[str, ...]:
        return tuple(sorted(set(words.get(kind, ())), key=lambda w: (-len(w), w)))

    # 被美国视为: the holder's claim; 被俄罗斯称为X names a thing, but 被X称作“…” puts the
    # holder's own words on it (a characterisation in quotation marks)
    naming = alternation(words.get("naming_verb", ()))
    claimed = alternation(set(words.get("passive_verb", ())) - set(words.get("naming_verb", ())))
    claimed = f"{claimed}|(?:{naming})(?=[“「『])"
    # a parenthesised gloss of the holder's name (戈德伯格（Jeffrey Goldberg）) counts as one
    holder_unit = r"(?:[^，,。；;：:！!？?“”（(]|[（(][^（）()]{0,60}[）)])"
    return GrammarCues(
        concessive=re.compile(f"^{any_of('concessive_lead')}?[，,]?{any_of('concessive')}"),
        relayed=re.compile(alternation(words.get("relay", ()))),
        adverbial=re.compile(f"^{any_of('scene_opener')}|{any_of('scene_closer')}[，,；;：:]?$"),
        frame_linkers=longest_first("frame_linker"),
        not_before_verb=longest_first("not_before_verb"),
        not_after_verb=longest_first("not_after_verb"),
        passive_no_holder=re.compile(f"被{any_of('passive_adverb')}?{any_of('passive_verb')}"),
        passive_holder=re.compile(f"被(?P<holder>{holder_unit}{{1,20}}?)(?:{claimed})"),
        first_person=re.compile(f"(?!{any_of('not_first_person')}){any_of('first_person')}"),
        third_person=re.compile(any_of("third_person")),
        narrated_action=re.compile(f"进行了{any_of('meeting_action')}|{any_of('meeting_action')}了"),
        enumerator=re.compile(f"{any_of('enumerator')}(?=[，,、：:]|(?<=是))"),
        party_position=re.compile(
            f"^(?:[^，。]{{0,20}}[，,])?{any_of('party_pair')}?{any_of('party')}"
            f"{any_of('position_adverb')}?{any_of('position_verb')}"
        ),
        # the commitment right after the party (双方要…), or opening the party's next clause
        # with its subject left out (俄方高度重视…，愿同…)
        party_commitment=re.compile(
            f"^{any_of('committing_party')}(?:[^，,。；;“”「」]{{1,30}}[，,])?"
            f"{any_of('commitment_adverb')}?{any_of('commitment_verb')}"
        ),
        stance=tuple((kind, re.compile(any_of(kind))) for kind in STANCE_TYPES if words.get(kind)),
    )
