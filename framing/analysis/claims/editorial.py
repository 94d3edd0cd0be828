"""Find the writer's own voice in a sentence: editorial cues, scare quotes, inferences after an attribution.

Offsets are relative to the sentence; ``masked`` is the sentence with quoted words blanked
(``attribution.masked_text``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from framing.analysis.claims.attribution import CLAUSE_BREAK, Attribution
from framing.analysis.claims.cues import ClaimCues

SCARE_QUOTE_MAX_CHARS = 12
DENSE_MIN_TERMS = 2  # propaganda formulas in one sentence that make it the writer's voice
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_SENTENCE_PUNCT = re.compile(r"[。！？!?，]")
_CODE_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff]-?\d")  # 海上联合-2026, 西伯利亚力量-2, Su-35
# a question mark ends the sentence (an ASCII one after a Chinese character: not a web address's)
_QUESTION_END = re.compile(r"(?:？|(?<=[\u3400-\u9fff])\?)[”’」』）)\"']*$")
_CODE_AFTER = re.compile(r"-?[0-9A-Za-z０-９]")  # “礼炮”1号, “联盟”MS

EvidenceItem = tuple[str, str, int, int, str]  # kind, words, start, end (in the sentence), detail


def writer_inference(
    masked: str, attribution: Attribution, cues: ClaimCues
) -> tuple[re.Match[str], str] | None:
    """After an attribution, the writer's own inference makes the sentence E (ANNOTATION.md):
    a concession before it (尽管X宣称…，…) or an inference cue after the reported clause
    (呼吁X，明显暗示…). The cue's match and why, or ``None``."""
    lead = masked[: attribution.speaker_start + len(attribution.speaker)]
    conceded = cues.grammar.concessive.search(lead)
    if conceded:
        return conceded, "the attribution is conceded before the writer's own point"
    rest_start = attribution.cue_end
    # 认为，… / 说：… — everything after is the speaker's, inferences included; a verb with
    # a plain object (呼吁X，明显暗示…) ends the reported part at the next clause break
    if masked[rest_start : rest_start + 1] in ("，", ",", "：", ":"):
        return None
    for m in cues.inference.finditer(masked, rest_start):
        if CLAUSE_BREAK.search(masked, rest_start, m.start()):
            return m, "the writer adds an inference of their own"
    asked = _QUESTION_END.search(masked, rest_start)
    if asked and _asks_about_it(masked, rest_start, asked.start()):
        return asked, "the writer asks a question of their own about it"
    return None


def _asks_about_it(masked: str, start: int, mark: int) -> bool:
    """Whether the clause ending at the question ``mark`` asks about the reported act itself
    (…强调…，这透露出什么信号？): it opens with 这 or 此 after a clause break past ``start``.
    A question in another clause (质疑…，为何…？) is the speaker's, as one inside a quotation."""
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(masked, start, mark)]
    return bool(breaks) and masked[breaks[-1] : breaks[-1] + 1] in ("这", "此")


def is_whole_quote(text: str, local: Sequence[tuple[int, int]]) -> bool:
    """The sentence is a direct quotation (its speaker must be next to it, ANNOTATION.md)."""
    if not local:
        return False
    quoted = sum(b - a for a, b in local)
    return (
        text[:1] in '“「『"'
        and quoted >= 0.6 * len(text)
        and (quoted > SCARE_QUOTE_MAX_CHARS or bool(_SENTENCE_PUNCT.search(text, 1, len(text) - 1)))
    )


def editorial_evidence(
    text: str, masked: str, local: Sequence[tuple[int, int]], cues: ClaimCues
) -> list[EvidenceItem]:
    """The writer's cues in a sentence with no source: inference and judgement cues,
    evaluative words, propaganda formulas dense in the writer's words, scare quotes."""
    found = _cue_words(masked, cues)
    found.extend(_dense_formulas(masked, cues))
    for a, b in local:
        if looks_scare(text, a, b, cues):
            found.append(("scare_quote", text[a:b], a, b, "a short quoted phrase with no speaker"))
    return found


def stance_evidence(masked: str, cues: ClaimCues) -> list[EvidenceItem]:
    """The writer's stance in words no loaded-term list has (``claims.tsv``'s interpretive
    frames, mind-reading, evaluative predicates, deontic and predictive modality, reception
    with no one named), unless a name or a look-alike holds them."""
    return _cue_words(masked, cues, [(pattern, kind) for kind, pattern in cues.grammar.stance])


def _cue_words(
    masked: str, cues: ClaimCues, patterns: Sequence[tuple[re.Pattern[str] | None, str]] | None = None
) -> list[EvidenceItem]:
    """Inference, judgement and evaluative cues (or ``patterns``), unless a name or a
    look-alike holds them."""
    found: list[EvidenceItem] = []
    words = look_alikes = None  # found when first needed: most sentences have no cue
    if patterns is None:
        patterns = (
            (cues.inference, "inference"),
            (cues.judgement, "judgement"),
            (cues.evaluative, "evaluative"),
        )
    for pattern, kind in patterns:
        if pattern is None:
            continue
        for m in pattern.finditer(masked):
            if may_straddle(masked, m, cues):
                # names and titles straddling a cue's edge show it is part of another word
                # (中共国 inside 中共国家主席): the longer reading across the lexicons wins
                if words is None:
                    words = list(cues.sources.name_and_title_spans(masked))
                if any(a < m.end() < b and a > m.start() or a < m.start() < b for a, b in words):
                    continue
            if look_alikes is None:
                # 根本利益; 俄罗斯帝国, a name that holds the loaded term 帝国
                look_alikes = [
                    (w.start(), w.end())
                    for regex in (cues.not_cues, cues.evaluative_names)
                    for w in regex.finditer(masked)
                ]
            if any(a < m.end() and m.start() < b for a, b in look_alikes):
                continue
            found.append((kind, m.group(), m.start(), m.end(), ""))
    return found


def _dense_formulas(masked: str, cues: ClaimCues) -> list[EvidenceItem]:
    """``DENSE_MIN_TERMS`` or more propaganda formulas in the writer's own words, not as names
    and not in a party's stated position (中方愿…, 双方坚持…: the party speaks the formulas)."""
    # 《…伙伴关系的联合声明》 is a document's name: its formulas are not the writer's
    named = _BOOK_TITLE.sub(lambda m: "＿" * len(m.group()), masked) if "《" in masked else masked
    formulas = {
        m.group(): m
        for m in cues.dense.finditer(named)
        # 全面战略协作伙伴关系, 合作共赢原则: the name of a relation or policy, not a judgement
        if not (cues.naming_end.search(m.group()) or cues.naming.match(named, m.end()))
    }
    if len(formulas) < DENSE_MIN_TERMS or cues.grammar.party_position.search(masked):
        return []
    detail = f"{len(formulas)} propaganda formulas in the writer's words"
    return [("formula", w, m.start(), m.end(), detail) for w, m in formulas.items()]


def may_straddle(masked: str, m: re.Match[str], cues: ClaimCues) -> bool:
    """Whether a name or title could straddle an edge of the cue ``m``: it would hold the two
    characters on either side of that edge (a set test instead of scanning for every name)."""
    return cues.sources.may_cross(masked, m.start()) or cues.sources.may_cross(masked, m.end())


def looks_scare(text: str, start: int, end: int, cues: ClaimCues) -> bool:
    """A short quoted phrase in the writer's words that is not a sentence and not a name.

    Not: a name (“一带一路”倡议, 「北京条约」, a code with a number: “海上联合-2026”, “礼炮”1号,
    a name glossed in brackets: “奥库斯”（AUKUS）), a quotation inside a title (《平“语”近人》),
    one quoted character, or someone's words (…所称“抗美援朝”, 称之为“…”, 认为“…”).
    """
    inner = text[start + 1 : end - 1]
    return (
        1 < len(inner) <= SCARE_QUOTE_MAX_CHARS
        and not _SENTENCE_PUNCT.search(inner)
        and not cues.naming.match(text, end)
        and not cues.naming_end.search(inner)
        and not _CODE_NAME.search(inner)
        and not _CODE_AFTER.match(text, end)
        and text[end : end + 1] not in ("（", "(")
        and not cues.quote_introducer.search(text, max(0, start - 8), start)
        and text.rfind("《", 0, start) <= text.rfind("》", 0, start)
    )
