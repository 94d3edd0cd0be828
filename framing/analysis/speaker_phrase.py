"""A speaker phrase cut down to the speaker: what opens the clause before it and what follows it.

The words between a clause start and a reporting verb hold the speaker and often more:
a connective before it (而, 不过), the existential 有 (有专家认为), adverbs, times and
prepositional phrases after it (还, 星期二, 在记者会上, 接受本台采访时, 对此). ``clean_speaker``
strips them; the connectives, the prepositions and the existential 有 are grammar and are
written here, the content words (fillers, times) are lexicon entries.
"""

from __future__ import annotations

import re

from framing.analysis.source_cues import SourceCues

PARENS = re.compile(r"[（(][^（）()]*[）)]")
_QUOTED = re.compile(r"[“「『\"][^”」』\"]*[”」』\"]")
_LEADING_CONNECTIVE = re.compile(
    r"^(?:而且|而|但是|但|不过|然而|同时|此外|另外|对此|其中|并且|并|且|与此同时|最后|另一方面)"
)
# 有分析认为, 也有评论称, 另有报道称: "there is a view that…" introduces a new, unnamed source
# (有关部门, 有些专家, 有效 are not the existential 有)
EXISTENTIAL = re.compile(r"^(?:另|也|还|更|亦)?有(?![关些效所力利意的])")
# Prepositional phrases between a speaker and the verb: 向记者, 对此, 在…中, 在接受…采访时, 在华盛顿,
# 接受本台采访时.
_TRAILING_PHRASE = re.compile(
    r"(?:在[^，。]{0,40}?(?:中|上|时|后|期间|之际)|接受[^，。]{0,30}?(?:采访|专访|访问)时?"
    r"|(?<![存现正实所])在[^，。的]{1,6}|向[^，。]{1,40}|对[^，。]{1,40}|就[^，。]{1,40}|"
    r"通过[^，。]{1,40}|以[^，。]{0,30}|当地时间|\d+[日号]|\d+月\d+[日号]?|[（(][^）)]*[）)])$"
)
_MAX_CLEANED = 50_000  # phrases remembered per lexicon version before starting afresh


def clean_speaker(span: str, cues: SourceCues) -> str:
    """Strip connectives before and fillers/prepositional phrases after a speaker phrase."""
    # one phrase is cleaned several times per sentence (to find the speaker, to check it,
    # to resolve it); the result depends only on the phrase and the lexicon
    memo = cues.cleaned
    text = memo.get(span)
    if text is None:
        if len(memo) >= _MAX_CLEANED:
            memo.clear()
        text = memo[span] = _clean(span, cues)
    return text


def _clean(span: str, cues: SourceCues) -> str:
    text = _QUOTED.sub("", span).strip(" ，,：:、")
    text = _LEADING_CONNECTIVE.sub("", text)
    if "被" in text:  # 这次会晤被美国官员(认为): the holder of a passive is the speaker
        text = text.rsplit("被", 1)[1]
    existential = EXISTENTIAL.match(text)
    if existential and len(text) - existential.end() >= 2:
        text = text[existential.end() :]  # 有专家 → 专家; 有人 stays
    for _ in range(6):
        before = text
        text = cues.fillers.sub("", text).rstrip(" ，,")
        text = _TRAILING_PHRASE.sub("", text).rstrip(" ，,")
        text = cues.issued_end.sub("", text)
        if text == before:
            break
    return text.strip()


def is_existential(span: str, *, only: bool = False) -> bool:
    """Whether a speaker phrase opens with the existential 有 (有分析, 也有评论, 另有报道);
    with ``only``, whether it is nothing else (有, 也有)."""
    text = _LEADING_CONNECTIVE.sub("", span.strip(" ，,：:、"))
    return bool((EXISTENTIAL.fullmatch if only else EXISTENTIAL.match)(text))


def is_unnamed_noun(word: str, cues: SourceCues) -> bool:
    """A noun that speaks for no one in particular (分析, 评论, 报道, 外界, 舆论)."""
    return bool(cues.report_noun.match(word) or cues.vague.fullmatch(word))
