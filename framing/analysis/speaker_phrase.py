"""A speaker phrase cut down to the speaker: what opens the clause before it and what follows it.

The words between a clause start and a reporting verb hold the speaker and often more:
a connective before it (而, 不过), the existential 有 (有专家认为), adverbs, times and
prepositional phrases after it (还, 星期二, 在记者会上, 接受本台采访时, 对此). ``clean_speaker``
strips them; the connectives, the prepositions and the existential 有 are grammar and are
written here, the content words (fillers, times) are lexicon entries.
"""

from __future__ import annotations

import re

from framing.analysis.source_cues import PERSON_NAME, TITLED_NAME, SourceCues

PARENS = re.compile(r"[（(][^（）()]*[）)]")
_PASSIVE = re.compile(r"被(?![告害捕])")  # 被告, 被害人, 被捕者 are nouns, not a passive
_QUOTED = re.compile(r"[“「『\"][^”」』\"]*[”」』\"]")
_QUOTE_MARKS = re.compile(r"[“”「」『』\"]")
# 联合声明全文由外交部网站发布: a passive 由 names who issued something (自由, 理由, 由于 are other
# words); news put in the agent's mouth (该消息由X公布) makes the agent the speaker
PASSIVE_AGENT = re.compile(r"(?<=.)(?<![自理缘经来因])由(?![于此衷])")
# a wire dateline (某社北京3月5日电, with the reporters' gloss after it): where and when the
# report was filed, not who speaks in it
_DATELINE = re.compile(r"^[^，。：:“”]{1,20}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^（）()]{0,30}[）)])?\s*")
_LEADING_CONNECTIVE = re.compile(
    r"^(?:而且|而|但是|但|不过|然而|同时|此外|另外|对此|其中|并且|并|且|与此同时|最后|另一方面|因为|因此|因|所以"
    r"|虽然|尽管|即使|由于)"
)
# 有分析认为, 也有评论称, 另有报道称: "there is a view that…" introduces a new, unnamed source
# (有关部门, 有些专家, 有效 are not the existential 有)
EXISTENTIAL = re.compile(r"^(?:另|也|还|更|亦)?有(?![关些效所力利意的])")
# where and when someone spoke: 在记者会上, 在访问期间; 接受采访时
_WHERE_SPOKEN = (
    r"在[^，。]{0,40}?(?:中|上|时|后|期间|之际)|接受[^，。]{0,30}?(?:采访|专访|访问)时?"
    # 同普京会谈时, 与对方通电话时: the one met is no speaker
    r"|(?<=[\u3400-\u9fff])(?:同|与|跟)[^，。、]{1,30}?(?:会谈|会见|会晤|通电话|通话|见面)(?:时|后|期间)"
)
# Prepositional phrases between a speaker and the verb: 向记者, 对此, 在…中, 在接受…采访时, 在华盛顿,
# 接受本台采访时, the object of 把/将 (某报将这次会晤描述为…); a 在 left alone once a time word after
# it is stripped (在会后). A preposition inside a word (反对派, 面向, 成就, 以色列, 以方, 在野党, 将军)
# is none.
_TRAILING_PHRASE = re.compile(
    rf"(?:{_WHERE_SPOKEN}"
    r"|(?<![存现正实所])在(?!野)[^，。的]{0,6}|(?<![面方倾意走转导偏])向[^，。]{1,40}"
    r"|(?<![反针相绝面应核])对[^，。]{1,40}|(?<![成造也早迁将])就[^，。]{1,40}|"
    r"通过[^，。]{1,40}|(?<![即必])(?:把|将(?![军领士帅]))[^，。]{1,40}|(?<![可所难得予加足借给用亲])以(?!色列|方|军)[^，。]{0,30}|当地时间"
    r"|\d+[日号][早晚]?|(?:\d+年)?\d+月(?:\d+[日号])?|\d+年|(?:周|星期)[一二三四五六日天][早晚]"
    r"|[（(][^）)]*[）)])$"
)
_MAX_CLEANED = 50_000  # phrases remembered per lexicon version before starting afresh


def clean_speaker(span: str, cues: SourceCues) -> str:
    """The speaker of a phrase: without connectives and times before it, fillers, times and
    prepositional phrases after it, cut to the noun phrase that opens it (``bounded``)."""
    return cleaned(span, cues)[1]


def cleaned(span: str, cues: SourceCues) -> tuple[str, str]:
    """The phrase stripped of what opens and closes it, and the same cut by ``bounded``."""
    # one phrase is cleaned several times per sentence (to find the speaker, to check it,
    # to resolve it); the result depends only on the phrase and the lexicon
    memo = cues.cleaned
    found = memo.get(span)
    if found is None:
        if len(memo) >= _MAX_CLEANED:
            memo.clear()
        stripped = _stripped(span, cues)
        # 两国领导人在会谈后发表共同声明: the issued document ends the phrase, it is not cut
        *issuer, document = cues.issued.split(stripped)
        whole = issuer and cues.bodies.search(document)
        found = memo[span] = (
            stripped,
            stripped if whole else _closing_stripped(bounded(stripped, cues), cues),
        )
    return found


def _stripped(span: str, cues: SourceCues) -> str:
    text = _unquoted(span).strip(" ，,：:、")
    text = _opening_stripped(text, cues)
    passive = max((m.end() for m in _PASSIVE.finditer(text)), default=0)
    if passive:  # 这次会晤被美国官员(认为): the holder of a passive is the speaker
        text = text[passive:]
    agent = PASSIVE_AGENT.search(text)
    if agent and cues.news.search(text[: agent.start()]):
        text = text[agent.end() :]  # 该消息由新中国联邦创始人郭文贵公布: the agent is the speaker
    text = _closing_stripped(text, cues)
    existential = EXISTENTIAL.match(text)
    if existential and len(text) - existential.end() >= 2:
        text = text[existential.end() :]  # 有专家 → 专家
    elif existential:
        text = "有" + text[existential.end() :]  # 也有人 → 有人
    return text


def _unquoted(span: str) -> str:
    """The span without its quotations, unless it is one: 据“俄罗斯卫星通讯社”报导 names the outlet."""
    text = _QUOTED.sub("", span)
    if text.strip(" ，,：:、") or not _QUOTED.search(span):
        return text
    return _QUOTE_MARKS.sub("", span)


def _opening_stripped(text: str, cues: SourceCues) -> str:
    """Without the connectives and time words before the speaker (而如今, 不过此前), and a
    wire dateline opening the report (某社北京3月5日电（记者某某）)."""
    text = _DATELINE.sub("", text)
    for _ in range(4):
        before = text
        text = _LEADING_CONNECTIVE.sub("", text)
        text = cues.leading.sub("", text).lstrip(" ，,")
        if text == before:
            break
    return text


def _closing_stripped(text: str, cues: SourceCues) -> str:
    """Without the fillers, honorifics, times and prepositional phrases after the speaker."""
    for _ in range(6):
        before = text
        text = cues.fillers.sub("", text).rstrip(" ，,")
        text = cues.verb_end.sub("", text)  # 引述专家某某称，: the verb is not the speaker's
        text = _TRAILING_PHRASE.sub("", text).rstrip(" ，,")
        text = cues.issued_end.sub("", text)
        honorific = cues.honorific.search(text)
        if honorific and honorific.start() >= 2 and not cues.quantifier.match(text):
            text = text[: honorific.start()]  # 郭文贵先生 → 郭文贵 (郭先生 stays: see speakers)
        if text.endswith("中") and cues.bodies.search(text[:-1]):
            text = text[:-1]  # 声明中称 → 声明
        elif text.endswith("中"):
            # 某某直播中说, 他讲话中指出: the occasion without 在 (在…中 goes with _TRAILING_PHRASE)
            occasion = next((w for w in cues.words.get("occasion", ()) if text.endswith(w + "中")), "")
            if occasion and len(text) > len(occasion) + 1:
                text = text[: -len(occasion) - 1]
        if text == before:
            break
    return text.strip()


# ── the noun phrase that opens a phrase ──────────────────────────────────────────
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-'&]*(?: [A-Za-z0-9][A-Za-z0-9.\-'&]*)*")
_PUBLICATION = re.compile(r"《[^《》]{1,30}》")
_GLOSS = re.compile(r"[（(](?:[^（）()]|[（(][^（）()]*[）)])*[）)]")  # one level of nesting
_DOTTED = re.compile(r"[·•・‧\-]")
_READ_ON = {
    "的": "of",
    "、": "and",
    "和": "and",
    "与": "and",
    "及": "and",
    "同": "and",
    "跟": "and",
    "等": "and",
}
# tokens that complete a speaker's noun phrase, and those a complete one goes on with
_HEADS = frozenset({"name", "body", "pronoun", "vague", "publication", "latin", "collective"})
_GOES_ON = frozenset({"name", "body", "title", "vague", "honorific", "gloss", "publication", "latin"})


def _token(text: str, at: int, cues: SourceCues) -> tuple[str, int]:
    """The kind and end of the token at ``at``: the longest known word there (on a tie, the
    first kind listed), else a grammar word or one other character."""
    best = ("", at)
    for kind, regex in (
        ("name", cues.gazetteer),
        ("title", cues.titles),
        ("body", cues.body_anywhere),
        ("vague", cues.vague_anywhere),
        ("place", cues.place),
        ("publication", _PUBLICATION),
        ("gloss", _GLOSS),
        ("latin", _LATIN),
    ):
        m = regex.match(text, at)
        if m and m.end() > best[1]:
            best = (kind, m.end())
    for kind, types in (
        ("pronoun", ("pronoun",)),
        ("honorific", ("honorific",)),
        ("quantifier", ("quantifier",)),
        ("collective", ("collective", "leaders")),
    ):
        for word in (w for t in types for w in cues.words.get(t, ())):
            if text.startswith(word, at) and at + len(word) > best[1]:
                best = (kind, at + len(word))
    if best[0]:
        return best
    return _READ_ON.get(text[at], "space" if text[at].isspace() else "other"), at + 1


def bounded(text: str, cues: SourceCues) -> str:
    """The noun phrase that opens ``text``, cut where a complete one is followed by words that
    cannot go on with it (a verb, an adverb, a preposition, a place): 普京热烈欢迎习近平… →
    普京; 俄方发放给国际媒体的影片 → 俄方; 新华社北京 → 新华社.

    A phrase is complete after a known name, body, pronoun, vague noun, publication or Latin
    name. It goes on with titles, names, bodies, honorifics and glosses; with 的, 、, 和 or 等
    and whatever follows them; with the unknown name after a title that follows no person
    (协会秘书长张廷克, not 普京总统热烈欢迎); and with an unknown word ending like a role
    noun (举报人). A phrase never complete, or complete at its end, is returned whole.
    """
    at, complete, previous, person = 0, None, "", False  # person: the last name was a person's
    while at < len(text):
        kind, end = _token(text, at, cues)
        if kind == "collective" and at > 0:
            kind = "other"  # 熟悉美中俄…的人士: the parties as a modifier, not the speaker
        if complete is None or kind in _GOES_ON:
            if kind in _HEADS or complete is not None:
                complete = end
            person = (kind == "name" and is_person_name(text[at:end], cues)) or (
                person and kind in ("title", "honorific", "gloss")
            )
        elif kind in _READ_ON.values():
            complete = None  # 普京的幕僚…, 习近平与…: read on
        elif kind == "other":
            end = _unknown_end(text, at, cues)
            word = text[at:end]
            # after a title, a name; after 普京总统, a verb (热烈欢迎) unless a transliteration
            looks_named = bool(TITLED_NAME.match(word) or PERSON_NAME.match(word))
            dotted = bool(_DOTTED.search(word) and PERSON_NAME.match(word))
            named = previous == "title" and (dotted or (looks_named and not person))
            following, after = _token(text, end, cues) if end < len(text) else ("", end)
            # 大学政治学教授: a modifier of the title after it; 大学国际关系学院教授: of the
            # department whose title follows; 中共国新华社: one character joining two names is
            # part of a word the lexicons do not hold
            modifier = (
                following == "title"
                or (end == at + 1 and following in ("name", "body", "publication"))
                or (following == "body" and after < len(text) and _token(text, after, cues)[0] == "title")
            )
            if not (named or modifier or (word[-1] in cues.role_suffixes and end < len(text))):
                return text[:complete]
            complete, kind = end, "name" if named else "title"
        else:
            return text[:complete]
        # 外交部发言人张伟: a gazetteer name ending with a title is followed by a name as a title is
        at, previous = end, "title" if kind == "name" and _ends_with_title(text[at:end], cues) else kind
    return text


def _ends_with_title(name: str, cues: SourceCues) -> bool:
    return any(m.end() == len(name) for m in cues.titles.finditer(name))


def _unknown_end(text: str, at: int, cues: SourceCues) -> int:
    """The end of the run of unknown characters starting at ``at``."""
    end = at + 1
    while end < len(text) and _token(text, end, cues)[0] == "other":
        end += 1
    return end


MIN_EVENT_CHARS = 6  # 对民众施以严刑峻法: unknown words after the subject that make an act
# where and when the speaker spoke, which make no act of it (在记者会上, 接受采访时, 对此)
_SETTING = re.compile(f"{_WHERE_SPOKEN}|对此")


def is_event_subject(span: str, cues: SourceCues) -> bool:
    """Whether the words before a verb of evidence (speakers.tsv ``evidence``: 表明, 显示) are an
    act, not a speaker: a noun phrase followed by a predicate of its own, at least
    ``MIN_EVENT_CHARS`` characters that are no setting and no known name, place, body or
    title (中共在疫情期间对民众施以严刑峻法表明: the act shows), and not a document or data
    described with 的 (国防部公布的数据显示)."""
    text = _opening_stripped(_unquoted(span).strip(" ，,：:、"), cues)
    speaker = cleaned(span, cues)[1]
    if not speaker or not text.startswith(speaker):
        return False
    rest = _SETTING.sub("", text[len(speaker) :])
    for regex in (cues.gazetteer, cues.place, cues.body_anywhere, cues.titles, cues.vague_anywhere):
        rest = regex.sub("", rest)
    return len(rest) >= MIN_EVENT_CHARS and "的" not in rest


def is_person_name(name: str, cues: SourceCues) -> bool:
    """A gazetteer name of a person (普京), not of a body (中国外交部, 白宫)."""
    return bool(PERSON_NAME.match(name)) and not cues.bodies.search(name)


def is_existential(span: str, *, only: bool = False) -> bool:
    """Whether a speaker phrase opens with the existential 有 (有分析, 也有评论, 另有报道);
    with ``only``, whether it is nothing else (有, 也有)."""
    text = _LEADING_CONNECTIVE.sub("", span.strip(" ，,：:、"))
    return bool((EXISTENTIAL.fullmatch if only else EXISTENTIAL.match)(text))


def is_unnamed_noun(word: str, cues: SourceCues) -> bool:
    """A noun that speaks for no one in particular (分析, 评论, 报道, 外界, 舆论)."""
    return bool(cues.report_noun.match(word) or cues.vague.fullmatch(word))
