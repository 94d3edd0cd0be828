"""Speaker resolution as an ordered list of small named rules: a speaker phrase → its sources.

Each rule reads a ``Phrase`` (``speaker_reading.py``: the words before a reporting verb, cleaned, with the
article's sources so far and its text before the sentence) and either passes (``None``)
or returns a ``Decision``: the sources the phrase names (``()`` for a speaker that names
no citable source, such as 双方; ``None`` for a phrase that is no speaker at all), with the
rule's name and the words that decided it. ``RULES`` states the order; the first rule
that decides wins. ../shared/eval/ANNOTATION.md says what a source is and which kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from framing.analysis.source_context import OUTLET_KINDS, seen_sources, text_before
from framing.analysis.source_cues import PERSON_NAME, TITLED_NAME, ResolvedSource, SourceCues, name_key
from framing.analysis.speaker_phrase import (
    EXISTENTIAL,
    PASSIVE_AGENT,
    is_existential,
    is_person_name,
)
from framing.analysis.speaker_reading import Decision, Phrase
from framing.model import SourceKind

MAX_SPEAKER_CHARS = 60
_JOINER = re.compile(r"\s*(?:与|和|及|以及|、|同|跟)\s*")
_HAN_SPACE_HAN = re.compile(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]")  # 主编 某某 编辑: a byline
_PUBLICATION = re.compile(r"《([^《》，。：:；;！？—]{1,16})》")
_POSTED_TO = "驻"  # 驻华大使: posted to a place, which is not the envoy's employer
_LIST_END = re.compile(r"等[\u3400-\u9fff]{0,6}$")  # A、B等嘉宾
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")


def _decided(rule: str, *sources: ResolvedSource, evidence: str = "") -> Decision:
    return Decision(tuple(dict.fromkeys(sources)), rule, evidence)


def _anonymous(rule: str, name: str, evidence: str = "") -> Decision:
    return Decision((ResolvedSource(name, SourceKind.ANONYMOUS, False),), rule, evidence or name)


# ── the rules, in the order RULES lists them ────────────────────────────────────


def not_a_phrase(p: Phrase) -> Decision | None:
    """Nothing left once cleaned, or longer than any speaker."""
    if not p.bare or len(p.bare) > MAX_SPEAKER_CHARS:
        return Decision(None, "not_a_phrase", p.bare[:20])
    return None


def generic_say(p: Phrase) -> Decision | None:
    """习近平喜欢什么就(说什么): words closing with a habit of saying anything (speakers.tsv
    ``generic_say``) report no words, so they name no speaker."""
    span = p.span.rstrip(" ，,")
    if any(span.endswith(word) for word in p.cues.words.get("generic_say", ())):
        return Decision(None, "generic_say", span[-4:])
    return None


def issued_by_agent(p: Phrase) -> Decision | None:
    """联合声明全文由外交部网站发布: what was issued (by 由 someone) is no speaker, unless it is
    news put in the agent's mouth (该消息由X公布)."""
    passive = PASSIVE_AGENT.search(p.stripped)
    if passive and not p.cues.news.search(p.stripped[: passive.start()]):
        return Decision(None, "issued_by_agent", p.stripped[passive.start() :])
    return None


def existential_alone(p: Phrase) -> Decision | None:
    """另有报道称: the 有 is the whole phrase; the frame's noun says no one is named."""
    if EXISTENTIAL.fullmatch(p.bare):
        return Decision((), "existential_alone", p.bare)
    return None


def existential_noun(p: Phrase) -> Decision | None:
    """有分析认为 → 分析, 有声音指出 → 声音: a short noun after 有 is an unnamed source,
    never a back-reference."""
    if (
        is_existential(p.span)
        and len(p.bare) <= 4
        and not (p.cues.titles.search(p.bare) or p.cues.gazetteer.search(p.bare))
    ):
        return _anonymous("existential_noun", p.bare)
    return None


def pronoun(p: Phrase) -> Decision | None:
    """他, 她: the nearest named person cited before (none: no source)."""
    if p.cues.pronoun.match(p.bare):
        person = seen_sources(p.earlier, p.cues).last_person
        return _decided("pronoun", *(person,) if person else (), evidence=p.bare)
    return None


def report_noun(p: Phrase) -> Decision | None:
    """报道指出, 该报道称: the outlet cited last speaks again (none: no source)."""
    if p.cues.report_noun.match(p.bare):
        outlet = seen_sources(p.earlier, p.cues).last_outlet
        return _decided("report_noun", *(outlet,) if outlet else (), evidence=p.bare)
    return None


def collective(p: Phrase) -> Decision | None:
    """双方, 两国, 中俄: the parties together name no one source."""
    if p.cues.collective.match(p.bare):
        return Decision((), "collective", p.bare)
    return None


def listed_people(p: Phrase) -> Decision | None:
    """普京、托卡耶夫、费尔南德斯也在开幕式上表示; 某公司总裁甲、某部长乙等嘉宾: a 、-list whose
    every item is a source (a name, or a phrase that resolves to one) cites each."""
    names = _LIST_END.sub("", p.bare).split("、")
    if len(names) < 2 or (len(names) == 2 and not _LIST_END.search(p.bare)):
        return None
    found: list[ResolvedSource] = []
    for name in names:
        if len(names) > 2 and p.hits and _unknown_name(name, p.cues):
            found.append(p.named(name, p.title_kind_before(name)))  # an unknown name among known ones
            continue
        item = decide(Phrase(name, p.cues, p.earlier, p.context, allow_bare=False)).sources
        if not item or not all(s.named for s in item):
            return None  # 总书记、国家主席、军委主席习近平: titles of one person, not a list
        found.extend(item)
    return _decided("listed_people", *found, evidence="、".join(names))


def gazetteer_end(p: Phrase) -> Decision | None:
    """The phrase ends with gazetteer names (俄罗斯总统网站; 外交部发言人汪文斌; 习近平与普京),
    longer than any body noun ending it."""
    hits, body = p.hits, p.body
    if not hits or hits[-1].end() != len(p.bare) or (body and len(hits[-1].group()) <= len(body.group())):
        return None
    run = [hits[-1]]
    for m in reversed(hits[:-1]):
        if not _joins_names(p.bare[m.end() : run[0].start()], p.cues):
            break
        run.insert(0, m)
    written, owner = run[0].group(), p.bare[: run[0].start()]
    other = p.cues.place.fullmatch(owner) or owner.rstrip("的") in p.cues.words.get("unspecified", ())
    if other and p.cues.entries[name_key(written)][0] != written:
        # 日本外交部发言人, 某国外交部发言人: another country's office (or one left unspecified),
        # not the one the alias 外交部发言人 names
        return None
    return _decided(
        "gazetteer_end", *(p.gazetteer(m.group()) for m in run), evidence=p.bare[run[0].start() :]
    )


def _joins_names(gap: str, cues: SourceCues) -> bool:
    """Whether the words between two names join them: 与, 和, 、 (普京与习近平), with the second
    one's place and titles after it (普京和中国国家主席习近平)."""
    joiner = _JOINER.match(gap)
    if joiner is None:
        return False
    at = joiner.end()
    place = cues.place.match(gap, at)
    at = place.end() if place else at
    for title in cues.titles.finditer(gap, at):
        if title.start() != at:
            return False
        at = title.end()
    return at == len(gap)


def body_noun(p: Phrase) -> Decision | None:
    """两位领导人的声明, 中方通稿: the document or body is the source (双方发表联合声明 →
    联合声明; 该声明 → the document named before it)."""
    if not p.body:
        return None
    *issuer, name = p.cues.issued.split(p.bare)
    owner, _, document = (name or p.bare).rpartition("的")
    # 中国国家航天局发布声明, 航天局的声明: a named organisation speaks through its document;
    # 某报发布某市公安的通告: the one who publishes and the one whose document it is, both
    found = [
        source
        for who in (issuer[-1] if issuer else "", owner if document in p.cues.body_kinds else "")
        for source in _organisation(p, who)
    ]
    if found:
        return _decided("body_noun", *found, evidence=p.body.group())
    # 中俄签署的备忘录: a document described by who issued it is named so, whole
    name = p.bare if not name or name.startswith("的") else name
    name = _without_clause(name, p.body.group(), p.cues)
    before = _document_named_before(p, name)
    kind = p.cues.body_kinds[p.body.group()]  # 官媒: a group with no outlet named is unnamed
    found = before or ResolvedSource(name, kind, kind is not SourceKind.ANONYMOUS)
    return _decided("body_noun", found, evidence=p.body.group())


def _without_clause(name: str, body: str, cues: SourceCues) -> str:
    """The body's own name in ``name`` (which ends with ``body``), without the clause of a
    reporting or stance verb the phrase opens with (我们坚决反对任何损害中方 → 中方): the
    places, names, bodies and titles just before the body, after the verb, name it. A phrase
    with no such verb (美国知名做空公司) or described with 的 is the body's name whole."""
    if "的" in name:
        return name  # 中俄签署的备忘录: a document described by who issued it
    prefix = name[: len(name) - len(body)]
    known = [
        m.span()
        for r in (cues.titles, cues.vague_anywhere, cues.body_anywhere, cues.gazetteer)
        for m in r.finditer(prefix)
    ]
    verbs = [
        m.end()
        for m in cues.verb_anywhere.finditer(prefix)
        if not any(a <= m.start() and m.end() <= b for a, b in known)
    ]  # 反对派 is no verb
    if not verbs:
        return name
    after = prefix[verbs[-1] :]
    return after[_known_run_start(after, cues) :] + body


def _known_run_start(text: str, cues: SourceCues) -> int:
    """Where the run of places, gazetteer names, bodies and titles closing ``text`` starts."""
    regexes = (cues.place, cues.gazetteer, cues.body_anywhere, cues.titles)
    end = len(text)
    while end:
        starts = [j for j in range(max(0, end - 12), end) if any(r.fullmatch(text, j, end) for r in regexes)]
        if not starts:
            break
        end = min(starts)
    return end


def title_then_name(p: Phrase) -> Decision | None:
    """教授高敬文: the name after the last title is the source, the title says its kind."""
    if not p.titles:
        return None
    title = p.titles[-1]
    name = p.bare[title.end() :].strip(" ，")
    if name and (PERSON_NAME.match(name) or TITLED_NAME.match(name)) and not name.startswith("的"):
        kind = p.cues.title_kinds[title.group()]
        if title.group() in p.cues.generic_titles:  # 协会秘书长: the organisation's kind
            kind = _institution_kind(p.bare[: title.start()], p.cues)
        return _decided("title_then_name", p.named(name, kind), evidence=title.group())
    return None


def name_then_title(p: Phrase) -> Decision | None:
    """阿利耶夫总统: a known name before a closing title; 俄罗斯专家: no name, an unnamed source."""
    if not p.titles or not p.bare.endswith(p.titles[-1].group()):
        return None
    title = p.titles[-1]
    before = p.bare[: title.start()]
    hit = p.hits[-1] if p.hits else None
    posted = hit is not None and p.bare[: hit.start()].endswith(_POSTED_TO)  # 驻联合国大使: where, not who
    if hit and hit.end() == len(before) and not posted and is_person_name(hit.group(), p.cues):
        # 阿利耶夫总统 (中共中央总书记: the title of someone in the body, not the body)
        return _decided("name_then_title", p.gazetteer(p.hits[-1].group()), evidence=title.group())
    named = p.back_reference(before)
    if named is not None:
        return _decided("name_then_title", named, evidence=title.group())
    if "·" in before and PERSON_NAME.match(before):
        return _decided(
            "name_then_title", p.named(before, p.cues.title_kinds[title.group()]), evidence=title.group()
        )
    return _addressed(p, before, title.group()) or _anonymous("title_alone", p.bare, title.group())


def _addressed(p: Phrase, before: str, title: str) -> Decision | None:
    """李明教授, 王部长: a surname (and given name) before an address title is a named person;
    俄罗斯总统: a post one person holds in the country or government named before it is an
    identifiable official."""
    words = p.cues.words
    post = title in words.get("post", ())  # a post is an address too (王部长)
    if (post or title in words.get("address", ())) and _is_surname_led(before, p.cues):
        kind = p.cues.title_kinds[title] or SourceKind.OTHER
        surname = before in words.get("surname", ())
        if not surname and kind is SourceKind.OFFICIAL:
            return None  # 王部长, but 江苏省长, 石油部长: a full name rarely goes before an office
        if not surname:
            return _decided("name_then_title", p.named(before, kind), evidence=title)
        entry = seen_sources(p.earlier, p.cues).surname.get(before)  # 王毅 … 王部长
        return _decided("name_then_title", entry[1] if entry else p.named(p.bare, kind), evidence=title)
    sender = before.split(_POSTED_TO, 1)[0]  # 俄罗斯驻华大使: the country that sends the envoy
    if post and sender and _official_place_or_body(sender, p.cues):
        return _decided("name_then_title", ResolvedSource(p.bare, SourceKind.OFFICIAL, True), evidence=title)
    if title in words.get("voice", ()) and before and _official_place_or_body(before, p.cues):
        # 俄罗斯外交部发言人: the ministry speaks through its spokesperson
        body = p.gazetteer(before) if name_key(before) in p.cues.entries else None
        return _decided(
            "name_then_title", body or ResolvedSource(before, SourceKind.OFFICIAL, True), evidence=title
        )
    return None


def _is_surname_led(before: str, cues: SourceCues) -> bool:
    """Whether ``before`` is a Chinese surname with at most two more characters (李明, 王, 欧阳),
    and no place, name, title or body the lexicons know."""
    if not 1 <= len(before) <= 4 or not TITLED_NAME.match(before * (len(before) == 1 and 2 or 1)):
        return False
    surnames = cues.words.get("surname", ())
    if not any(before[:cut] in surnames and len(before) - cut <= 2 for cut in (1, 2)):
        return False
    known = cues.place.match(before) or cues.gazetteer.search(before) or cues.titles.search(before)
    return not (known or cues.body_anywhere.search(before) or cues.vague_anywhere.search(before))


def _official_place_or_body(before: str, cues: SourceCues) -> bool:
    """Whether ``before`` is a place for a government, or an official gazetteer name or body."""
    if cues.place.fullmatch(before):
        return True
    entry = cues.entries.get(name_key(before))
    if entry is not None:
        return entry[1] is SourceKind.OFFICIAL
    body = cues.bodies.search(before)
    return (bool(body) and cues.body_kinds[body.group()] is SourceKind.OFFICIAL) or _is_agency(before, cues)


def vague(p: Phrase) -> Decision | None:
    """知情人士, 外界: an unnamed person or group."""
    found = p.cues.vague.search(p.bare)
    return _anonymous("vague", p.bare, found.group()) if found else None


def institution_then_person(p: Phrase) -> Decision | None:
    """洛伊国际政策研究所的波布•罗: an institution, then the person, who takes its kind."""
    head, _, tail = p.bare.rpartition("的")
    kind = _kind_of_phrase(head, p.cues) if head else SourceKind.OTHER
    if kind is SourceKind.OTHER or not PERSON_NAME.match(tail):
        return None
    if len(tail) == 2 and "某" not in tail and not _is_surname_led(tail, p.cues):
        # 宪法法院的裁决, 警方的调查: a two-character noun that is no Chinese name (nor a
        # withheld one, 某某) is the institution's act or document, through which it speaks
        found = _organisation(p, head)
        return _decided("institution_then_person", *found, evidence=head) if found else None
    return _decided("institution_then_person", p.named(tail, kind), evidence=head)


def gazetteer_anywhere(p: Phrase) -> Decision | None:
    """Gazetteer names elsewhere in the phrase."""
    if p.hits:
        return _decided("gazetteer_anywhere", *(p.gazetteer(m.group()) for m in p.hits))
    return None


def surname_back_reference(p: Phrase) -> Decision | None:
    """科尔科迪诺夫 after 丹尼斯·科尔科迪诺夫: the named source it refers back to."""
    back = p.back_reference(p.bare)
    return _decided("surname_back_reference", back, evidence=p.bare) if back is not None else None


def agency_name(p: Phrase) -> Decision | None:
    """疾管署, 港澳办, 卫福部疾管署: an unknown name closing with a government office's suffix
    (speakers.tsv ``agency_suffix``: 署, 局, 办…) is the office, an official source."""
    if _is_agency(p.bare, p.cues) and not (p.titles or p.hits):
        return _decided("agency_name", ResolvedSource(p.bare, SourceKind.OFFICIAL, True), evidence=p.bare[-1])
    return None


def _is_agency(name: str, cues: SourceCues) -> bool:
    """Whether ``name`` is three to ten Chinese characters closing with an office's suffix."""
    if not (3 <= len(name) <= 10 and name[-1] in cues.words.get("agency_suffix", ())):
        return False
    if len(name) > 5 and not cues.place.match(name):
        return False  # a longer one only after a place (香港保安局): else words of a clause
    # 保安局和警务处, 罗先生关心时局: a list, a person or a verb is no office's name
    return bool(_HAN_ONLY.fullmatch(name)) and not (
        cues.verb_anywhere.search(name) or _JOINER.search(name) or cues.honorific.search(name)
    )


def bare_name(p: Phrase) -> Decision | None:
    """黄伟国: a name alone, whose kind a title written before it in the article gives; only
    where bare names count (the verb opens a clause) or a title gave it a kind."""
    if not PERSON_NAME.match(p.bare):
        return None
    kind = p.title_kind_before(p.bare)
    if p.allow_bare or kind is not SourceKind.OTHER:
        return _decided("bare_name", p.named(p.bare, kind), evidence=p.bare)
    return None


def told_an_outlet(p: Phrase) -> Decision | None:
    """一位消息人士对路透, 一位白宫官员告诉福克斯新闻: the speaker, and the outlet told."""
    relay = p.cues.relayed.search(p.span)
    if relay is None or p.gazetteer(relay.group("outlet")).kind not in OUTLET_KINDS:
        return None
    speaker = decide(Phrase(p.span[: relay.start()], p.cues, p.earlier, p.context, p.allow_bare))
    if not speaker.sources:
        return None
    return _decided(
        "told_an_outlet", *speaker.sources, p.gazetteer(relay.group("outlet")), evidence=relay.group()
    )


def credit_line(p: Phrase) -> Decision | None:
    """秘翻新闻主编 某某 编辑: a byline of credits, or words spaced out as a list, is no speaker."""
    if _HAN_SPACE_HAN.search(p.bare) or p.cues.credit_end.search(p.bare):
        return Decision(None, "credit_line", p.bare)
    return None


def opinion_noun(p: Phrase) -> Decision | None:
    """分析指出, 评论认为 with no one named: an unnamed analysis (ANNOTATION.md: anonymous)."""
    return _anonymous("opinion_noun", p.bare) if p.cues.opinion_noun.match(p.bare) else None


def leaders_together(p: Phrase) -> Decision | None:
    """两国元首表示: the leaders of the parties together are one official source."""
    if p.cues.leaders.match(p.bare):
        return _decided(
            "leaders_together", ResolvedSource(p.bare, SourceKind.OFFICIAL, True), evidence=p.bare
        )
    return None


def surname_with_honorific(p: Phrase) -> Decision | None:
    """郭先生: the person cited before whose name starts with the surname, else the gazetteer's
    person of that surname written last before (none: a speaker citing no one)."""
    honorific = p.cues.honorific.search(p.bare)
    if honorific is None or not 1 <= honorific.start() <= 2 or p.cues.quantifier.match(p.bare):
        return None
    surname = p.bare[: honorific.start()]
    entry = seen_sources(p.earlier, p.cues).surname.get(surname)
    if entry is not None:
        return _decided("surname_with_honorific", entry[1], evidence=p.bare)
    # not cited yet: the gazetteer's person of that surname written last before (郭文贵 … 郭先生)
    before = text_before(p.context, p.cues)
    written = max(((before.rfind(n), n) for n in p.cues.surnames.get(surname, ())), default=(-1, ""))
    found = (p.gazetteer(written[1]),) if written[0] >= 0 else ()
    return _decided("surname_with_honorific", *found, evidence=p.bare)


def publication(p: Phrase) -> Decision | None:
    """英国《太阳报》, 《雅虎体育》: a publication named in title marks speaks as an outlet."""
    m = _PUBLICATION.search(p.bare)
    if m is None or m.end() != len(p.bare) or (m.start() and not p.cues.place.fullmatch(p.bare[: m.start()])):
        return None
    name = m.group(1)
    if name_key(name) in p.cues.entries:
        return _decided("publication", p.gazetteer(name), evidence=m.group())
    body = p.cues.bodies.search(name)
    kind = p.cues.body_kinds[body.group()] if body else SourceKind.MEDIA
    return _decided("publication", ResolvedSource(name, kind, True), evidence=m.group())


def place_for_government(p: Phrase) -> Decision | None:
    """莫斯科, 西方国家, 中国俄罗斯: places speaking for their governments, each official."""
    places, at = [], 0
    while at < len(p.bare):
        m = p.cues.place.match(p.bare, at)
        if m is None:
            return None
        places.append(m.group())
        joiner = _JOINER.match(p.bare, m.end())
        at = joiner.end() if joiner and joiner.end() < len(p.bare) else m.end()
    sources = (ResolvedSource(place, SourceKind.OFFICIAL, True) for place in places)
    return _decided("place_for_government", *sources, evidence=p.bare) if places else None


def quantified_unnamed(p: Phrase) -> Decision | None:
    """一位白宫官员, 一名日本富豪, 乌克兰一些官员: a quantified person or group is unnamed."""
    place = p.cues.place.match(p.bare)
    rest = p.bare[place.end() :] if place else p.bare
    quantifier = p.cues.quantifier.match(rest)
    if quantifier and len(rest) > quantifier.end() and len(p.bare) <= 20:
        return _anonymous("quantified_unnamed", p.bare, quantifier.group())
    return None


Rule = Callable[[Phrase], Decision | None]

RULES: tuple[Rule, ...] = (
    told_an_outlet,
    not_a_phrase,
    credit_line,
    generic_say,
    issued_by_agent,
    existential_alone,
    existential_noun,
    pronoun,
    opinion_noun,
    report_noun,
    leaders_together,
    collective,
    surname_with_honorific,
    publication,
    listed_people,
    gazetteer_end,
    place_for_government,
    body_noun,
    title_then_name,
    quantified_unnamed,
    name_then_title,
    vague,
    institution_then_person,
    gazetteer_anywhere,
    surname_back_reference,
    agency_name,
    bare_name,
)


def decide(phrase: Phrase) -> Decision:
    """The first decision of ``RULES`` on ``phrase``; no rule deciding means no speaker."""
    for rule in RULES:
        decision = rule(phrase)
        if decision is not None:
            return decision
    return Decision(None, "no_rule")


# ── helpers of the rules ────────────────────────────────────────────────────────


_ORGANISATION_RULES = frozenset({"gazetteer_end", "body_noun", "place_for_government", "publication"})


def _organisation(p: Phrase, phrase: str) -> tuple[ResolvedSource, ...]:
    """The named organisations, governments or outlets ``phrase`` names (not 双方, not people)."""
    if not phrase:
        return ()
    decision = decide(Phrase(phrase, p.cues, p.earlier, p.context, allow_bare=False))
    return decision.sources or () if decision.rule in _ORGANISATION_RULES else ()


def _document_named_before(p: Phrase, name: str) -> ResolvedSource | None:
    """声明 alone (该声明, 这份声明) is the document named before it: 联合声明, 两位领导人的声明.

    A source cited earlier whose name ends with the noun comes first; otherwise the last
    longer body noun of the lexicon ending with it in the article so far (联合声明).
    """
    cues = p.cues
    noun = cues.determiner.sub("", name)
    if noun not in cues.body_kinds:
        return None
    source = seen_sources(p.earlier, cues).last_ending_with(noun)
    if source is not None:
        return source
    longer = [w for w in cues.body_kinds if w != noun and w.endswith(noun)]
    before = text_before(p.context, cues)
    last = max(((before.rfind(w), w) for w in longer), default=(-1, ""))
    return ResolvedSource(last[1], cues.body_kinds[last[1]], True) if last[0] >= 0 else None


def _kind_of_phrase(phrase: str, cues: SourceCues) -> SourceKind:
    """The kind an institution or title phrase gives the person after it (研究所 → expert)."""
    kinds = {**cues.body_kinds, **cues.title_kinds}
    words = [m.group() for m in cues.titles.finditer(phrase)]
    body = cues.body_anywhere.search(phrase)
    if body:
        words.append(body.group())
    return kinds[words[-1]] if words else SourceKind.OTHER


def _unknown_name(name: str, cues: SourceCues) -> bool:
    """A word that may be a name the lexicons do not hold: no gazetteer name, title or body."""
    known = name_key(name) in cues.entries or cues.titles.search(name) or cues.body_anywhere.search(name)
    return not known and bool(TITLED_NAME.match(name))


def _institution_kind(before: str, cues: SourceCues) -> SourceKind:
    """The kind of the organisation a title follows (《俄罗斯报》社长, 某协会秘书长), else other."""
    before = before.rstrip("的")
    publication = _PUBLICATION.search(before)
    if publication and publication.end() == len(before):
        entry = cues.entries.get(name_key(publication.group(1)))
        return entry[1] if entry else SourceKind.MEDIA
    body = cues.bodies.search(before)
    if body:
        return cues.body_kinds[body.group()]
    hits = list(cues.gazetteer.finditer(before))
    if hits and hits[-1].end() == len(before):
        return cues.entries[name_key(hits[-1].group())][1]
    return SourceKind.OTHER
