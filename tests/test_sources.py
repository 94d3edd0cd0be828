"""Speaker resolution and cited sources per ANNOTATION.md, on phrases written for these tests."""

import dataclasses

import pytest

from framing.analysis.claims import annotate_claims
from framing.analysis.sources import (
    ResolvedSource,
    canonical_name,
    collect_sources,
    name_key,
    resolve_speaker,
    source_cues,
    speaker_decision,
    speaker_sources,
)
from framing.ingest.normalize import AliasTable, normalize_text
from framing.lexicon import load_lexicons
from framing.model import Role, SourceKind
from tests.claims_helpers import body, make_article


@pytest.fixture(scope="module")
def cues():
    return source_cues(load_lexicons())


@pytest.mark.parametrize(
    ("span", "name", "kind", "named"),
    [
        ("俄罗斯总统普京", "普京", SourceKind.OFFICIAL, True),
        ("外交部发言人汪文斌", "汪文斌", SourceKind.OFFICIAL, True),
        ("某大学政治学教授李明", "李明", SourceKind.EXPERT, True),
        ("国际事务分析师伊万·彼得罗夫", "伊万·彼得罗夫", SourceKind.EXPERT, True),
        ("美国有线电视新闻网（CNN）", "CNN", SourceKind.MEDIA, True),
        ("新华社", "新华社", SourceKind.STATE_MEDIA, True),
        ("塔斯社", "塔斯社", SourceKind.STATE_MEDIA, True),
        ("俄罗斯总统网站", "俄罗斯总统网站", SourceKind.OFFICIAL, True),
        ("两国的联合声明", "两国的联合声明", SourceKind.OFFICIAL, True),
        ("中方通稿", "中方通稿", SourceKind.STATE_MEDIA, True),
        ("乌克兰一位高级官员", "乌克兰一位高级官员", SourceKind.ANONYMOUS, False),
        ("欧洲专家", "欧洲专家", SourceKind.ANONYMOUS, False),
        ("知情人士", "知情人士", SourceKind.ANONYMOUS, False),
        ("郭文贵", "郭文贵", SourceKind.PARTISAN, True),
        ("拉夫罗夫星期二在记者会上", "拉夫罗夫", SourceKind.OFFICIAL, True),
        ("俄罗斯专家科尔科迪诺夫", "科尔科迪诺夫", SourceKind.EXPERT, True),
        ("洛伊研究所的某某", "某某", SourceKind.EXPERT, True),
        ("阿利耶夫总统", "阿利耶夫", SourceKind.OFFICIAL, True),
    ],
)
def test_resolve_speaker(cues, span, name, kind, named):
    (source,) = resolve_speaker(span, cues)
    assert (source.name, source.kind, source.named) == (name, kind, named)


@pytest.mark.parametrize(
    "span",
    ["双方", "两国", "", "这是一段非常长的而且根本不是任何说话人的文字内容它只是一段描述而已不是名字"],
)
def test_no_source(cues, span):
    assert resolve_speaker(span, cues) == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("APEC峰会", []),  # AP (Associated Press) is not inside APEC
        ("SUPPORT", []),  # nor RT (a state broadcaster) inside another word
        ("AFPX", []),
        ("美联社AP报道", ["AP"]),
        ("据AP、RT和TASS", ["AP", "RT", "TASS"]),
        ("(Reuters)", ["Reuters"]),
    ],
)
def test_latin_names_match_only_as_whole_words(cues, text, found):
    assert [m.group() for m in cues.gazetteer.finditer(text) if m.group().isascii()] == found


def test_pronoun_and_surname_refer_back(cues):
    earlier = [
        ResolvedSource("伊万·彼得罗夫", SourceKind.EXPERT, True),
        ResolvedSource("新华社", SourceKind.STATE_MEDIA, True),
    ]
    assert resolve_speaker("他", cues, earlier) == (earlier[0],)
    assert resolve_speaker("彼得罗夫", cues, earlier) == (earlier[0],)
    assert resolve_speaker("他", cues, []) == ()


@pytest.mark.parametrize(
    ("span", "context", "first", "then"),
    [
        # a pronoun, a surname, a report noun: the nearest fitting source before them
        ("他", "", "伊万·彼得罗夫", "李明"),
        ("彼得罗夫", "", "伊万·彼得罗夫", "彼得罗夫"),  # no one to refer to: a bare name
        ("报道", "", "新华社", "塔斯社"),
        # a bare name takes its kind from a title written before it in the article
        ("黄伟国", "教授黄伟国指出", "黄伟国", "黄伟国"),
    ],
)
def test_remembered_phrases_still_read_what_came_before(cues, span, context, first, then):
    """speaker_sources remembers a phrase only when it resolved without reading the article
    before it: phrases that refer back resolve afresh against each article's own sources."""
    one = [
        ResolvedSource("伊万·彼得罗夫", SourceKind.EXPERT, True),
        ResolvedSource("新华社", SourceKind.STATE_MEDIA, True),
    ]
    other = [
        ResolvedSource("李明", SourceKind.EXPERT, True),
        ResolvedSource("塔斯社", SourceKind.STATE_MEDIA, True),
    ]
    for _ in range(2):  # the second round reads what the first remembered
        assert [s.name for s in resolve_speaker(span, cues, one, context)] == [first]
        assert [s.name for s in resolve_speaker(span, cues, other, "")] == [then]
    kinds = {s.kind for s in resolve_speaker("黄伟国", cues, [], "教授黄伟国指出")}
    assert kinds == {SourceKind.EXPERT}


def test_remembered_phrase_resolves_as_it_did_first(cues):
    before = resolve_speaker("外交部发言人汪文斌", cues, [ResolvedSource("他人", SourceKind.OTHER, True)])
    again = resolve_speaker("外交部发言人汪文斌", cues, [], "")
    assert before == again == (ResolvedSource("汪文斌", SourceKind.OFFICIAL, True, before[0].affiliation),)


def test_name_key_ignores_middle_dot_and_spacing():
    assert name_key("伊万·彼得罗夫") == name_key("伊万彼得罗夫") == name_key("伊万 • 彼得罗夫")


def test_collect_sources_counts_claims_once_per_sentence():
    putin = ResolvedSource("普京", SourceKind.OFFICIAL, True)
    expert = ResolvedSource("俄罗斯专家", SourceKind.ANONYMOUS, False)
    mentions = collect_sources([(1, putin), (1, putin), (3, expert), (4, putin)])
    assert [(m.name, m.claims, m.sentence_indices) for m in mentions] == [
        ("普京", 2, (1, 4)),
        ("俄罗斯专家", 1, (3,)),
    ]


def test_source_names_are_written_as_the_article_writes_them():
    # 蒲亭 is normalised to 普京 for the analysis (lexicons/aliases.tsv); the source keeps
    # the article's spelling, as the labelled sets list it
    written = body("蒲亭表示，合作将继续。", "普京还说，会谈很成功。")
    article = dataclasses.replace(written, normalized=written.text.replace("蒲亭", "普京"))
    annotation = annotate_claims(article, load_lexicons())
    assert [(s.name, s.kind, s.claims) for s in annotation.sources] == [("蒲亭", SourceKind.OFFICIAL, 2)]
    # ... and is compared across articles by its canonical name
    assert [s.canonical for s in annotation.sources] == ["普京"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("弗拉基米爾·普京", "弗拉基米尔普京"),  # traditional script, middle dot
        ("伊万 • 彼得罗夫", "伊万彼得罗夫"),
        ("ＣＮＮ", "CNN"),  # full-width letters
        ("新华社", "新华社"),
    ],
)
def test_canonical_name_is_simplified_without_dots_or_spacing(written, canonical):
    assert canonical_name(written) == canonical


def test_one_source_spelled_two_ways_in_two_scripts_has_one_canonical_name():
    lexicons = load_lexicons()
    aliases = AliasTable.from_table(lexicons["aliases"])
    canonical = set()
    for written in ("普丁表示，會談很成功。", "普京表示，会谈很成功。"):
        article = dataclasses.replace(body(written), normalized=normalize_text(written, aliases).text)
        canonical |= {s.canonical for s in annotate_claims(article, lexicons).sources}
    assert canonical == {"普京"}


def test_article_sources_skip_photo_credits_and_merge_surnames():
    lexicons = load_lexicons()
    article = make_article(
        (Role.CAPTION, "两国元首在会谈前合影。（美联社）"),
        (Role.BODY, "国际事务分析师伊万·彼得罗夫表示，协议对双方都有利。"),
        (Role.BODY, "彼得罗夫还认为，能源合作将继续扩大。"),
        (Role.BODY, "“这是一个新的起点，”他说。"),
        (Role.BODY, "上述判断正如郭文贵所言，并不令人意外。"),
    )
    sources = annotate_claims(article, lexicons).sources
    assert [(s.name, s.kind, s.claims) for s in sources] == [
        ("伊万·彼得罗夫", SourceKind.EXPERT, 3),
        ("郭文贵", SourceKind.PARTISAN, 1),
    ]


def test_relayed_source_cites_both():
    lexicons = load_lexicons()
    article = body("另据某某客户端引述塔斯社报道，双方将于下月再次会晤。")
    sources = annotate_claims(article, lexicons).sources
    assert [(s.name, s.kind) for s in sources] == [
        ("某某客户端", SourceKind.MEDIA),
        ("塔斯社", SourceKind.STATE_MEDIA),
    ]


def test_unnamed_report_frame_names_no_source():
    annotation = annotate_claims(body("据报道，代表团已经抵达。"), load_lexicons())
    assert annotation.sentences[0].label.value == "A" and annotation.sources == ()


def test_unattributed_article_has_no_sources():
    lexicons = load_lexicons()
    assert annotate_claims(body("双方签署了协议。", "这显然是一场表演。"), lexicons).sources == ()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a role noun with a field or organisation before it and a name after: the name is the source
        ("某某战略研究院的军事分析人士赵明对记者说，演习规模有限。", [("赵明", SourceKind.EXPERT)]),
        ("海洋政策观察人士刘芳表示，航线的安全风险正在上升。", [("刘芳", SourceKind.EXPERT)]),
        ("某某大学的能源问题研究员孙立说：“价格仍是关键。”", [("孙立", SourceKind.EXPERT)]),
        (
            "边境研究中心的安全专家伊戈尔·索科洛夫认为，巡逻将常态化。",
            [("伊戈尔·索科洛夫", SourceKind.EXPERT)],
        ),
        # a verb inside a title is not the reporting verb (发言 in 发言人, 分析 in 分析人士)
        ("某国能源公司发言人在首都对记者表示，将派员观察。", [("某国能源公司发言人", SourceKind.ANONYMOUS)]),
        # negative cases: the role noun alone, or a group, stays an unnamed source
        ("军事分析人士认为，这次部署针对的是海上通道。", [("军事分析人士", SourceKind.ANONYMOUS)]),
        ("一些观察人士指出，双方的分歧并未消失。", [("一些观察人士", SourceKind.ANONYMOUS)]),
        # 接受…采访时 between the speaker and the verb; titles alone are unnamed sources
        ("某某学院历史学者周宁接受本台采访时说，条约文本已经公开。", [("周宁", SourceKind.EXPERT)]),
        ("总统新闻秘书对记者说，会谈持续了三个小时。", [("总统新闻秘书", SourceKind.ANONYMOUS)]),
        (
            "港口管理部门有关负责人表示，通关时间已经缩短。",
            [("港口管理部门有关负责人", SourceKind.ANONYMOUS)],
        ),
        # military commands and government departments speak as bodies
        ("某国第三舰队表示，此次巡航的目的是检验战备能力。", [("某国第三舰队", SourceKind.OFFICIAL)]),
        ("边境口岸有关部门称，通关时间已经缩短。", [("边境口岸有关部门", SourceKind.OFFICIAL)]),
        # a document the frame opens with: a named body speaks through it, 双方 does not
        ("某某航天局的声明说，双方将共建科研站。", [("某某航天局", SourceKind.OFFICIAL)]),
        ("两国的联合声明称，双方将扩大本币结算。", [("两国的联合声明", SourceKind.OFFICIAL)]),
        # a list of names before the verb: each is a source (a place before the verb is dropped)
        (
            "普京、托卡耶夫、卡西姆若马尔也在开幕式上表示，合作将继续。",
            [
                ("普京", SourceKind.OFFICIAL),
                ("托卡耶夫", SourceKind.OFFICIAL),
                ("卡西姆若马尔", SourceKind.OTHER),
            ],
        ),
        # a longer phrase after 在 is no place: 在会谈后发表共同声明，指… keeps the document
        ("两国领导人在会谈后发表共同声明，指双方仍能合作。", [("共同声明", SourceKind.OFFICIAL)]),
        # the existential 有 introduces an unnamed source, named by its noun (never a back-reference)
        ("有分析认为，这次巡航是对邻国的试探。", [("分析", SourceKind.ANONYMOUS)]),
        ("也有评论指出，新航线的商业价值有限。", [("评论", SourceKind.ANONYMOUS)]),
        ("有声音认为，制裁的效果正在减弱。", [("声音", SourceKind.ANONYMOUS)]),
        ("另有消息称，谈判将在下月恢复。", [("消息", SourceKind.ANONYMOUS)]),
        ("有人认为，这项协议来得太晚。", [("有人", SourceKind.ANONYMOUS)]),
        ("外界普遍认为，双方仍有分歧。", [("外界", SourceKind.ANONYMOUS)]),
        # negative cases: a named speaker before the compound verb keeps it; 有些 is not existential
        ("专家分析认为，油价还会波动。", [("专家", SourceKind.ANONYMOUS)]),
        ("有些学者认为，这项协议来得太晚。", [("有些学者", SourceKind.ANONYMOUS)]),
        ("美联社报道称，代表团已经抵达。", [("美联社", SourceKind.MEDIA)]),
    ],
)
def test_attributed_sentence_sources(sentence, expected):
    annotation = annotate_claims(body(sentence), load_lexicons())
    assert annotation.sentences[0].label.value == "A"
    assert [(s.name, s.kind) for s in annotation.sources] == expected


def test_report_noun_after_you_is_not_a_back_reference():
    annotation = annotate_claims(
        body("新华社报道，两国将举行会谈。", "有报道说，会谈可能推迟。"), load_lexicons()
    )
    assert [(s.name, s.claims) for s in annotation.sources] == [("新华社", 1), ("报道", 1)]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # 声明 alone is the document named before it, once it is made to say something
        (
            ("两国领导人签署了一份联合声明。", "声明称双方反对部署中程导弹。"),
            [("联合声明", SourceKind.OFFICIAL)],
        ),
        (
            ("根据两位领导人的声明，双方将扩大合作。", "该声明还指出，双方将加强协调。"),
            [("两位领导人的声明", SourceKind.OFFICIAL)],
        ),
        (("声明称双方反对部署中程导弹。",), [("声明", SourceKind.OFFICIAL)]),  # nothing named before
        # a sentence describing the document cites no one
        (("两国领导人签署了一份联合声明。", "联合声明全文由外交部网站发布，共约八千字。"), []),
    ],
)
def test_document_is_a_source_only_when_it_speaks(paragraphs, expected):
    annotation = annotate_claims(body(*paragraphs), load_lexicons())
    assert [(s.name, s.kind) for s in annotation.sources] == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # the noun phrase that opens the words before the verb is the speaker; what follows
        # it (a verb, an adverb, a preposition) is cut off
        ("普京热烈欢迎托卡耶夫来访", [("普京", "official")]),
        ("拉夫罗夫通过塔斯社", [("拉夫罗夫", "official")]),
        ("他历来", []),
        ("韩方完全", [("韩方", "official")]),
        ("新华社北京", [("新华社", "state_media")]),
        # it goes on through titles, 的, lists and the name after a title
        ("俄罗斯总统普京的顾问伊万诺夫", [("伊万诺夫", "official")]),
        ("某某大学国际政治学教授王海", [("王海", "expert")]),
        ("某国能源协会秘书长赵刚", [("赵刚", "other")]),  # a title of the organisation's kind
        ("《俄罗斯报》社长彼得罗夫", [("彼得罗夫", "state_media")]),
        ("某国国家电视台台长甲乙", [("甲乙", "state_media")]),
        ("某电视公司总裁甲乙丙、某国文化部长丁戊等嘉宾", [("甲乙丙", "other"), ("丁戊", "official")]),
        # titles of one person in a list are not a list of people; a party as a modifier
        ("中共中央总书记、国家主席、中央军委主席习近平", [("习近平", "official")]),
        ("一些熟悉中俄关系的人士", [("一些熟悉中俄关系的人士", "anonymous")]),
        # places, parties and leaders speak for governments (ANNOTATION.md)
        ("莫斯科", [("莫斯科", "official")]),
        ("中国俄罗斯", [("中国", "official"), ("俄罗斯", "official")]),
        ("西方国家", [("西方国家", "official")]),
        ("韩方", [("韩方", "official")]),
        ("两国元首", [("两国元首", "official")]),
        # unnamed people: a quantifier, a role, a vague group
        ("一位白宫官员", [("一位白宫官员", "anonymous")]),
        ("一名当地商人", [("一名当地商人", "anonymous")]),
        ("嘉宾还特别", [("嘉宾", "anonymous")]),
        ("分析也", [("分析", "anonymous")]),
        ("之前有人在网上", [("有人", "anonymous")]),
        ("也有人", [("有人", "anonymous")]),
        # publications in title marks, quoted outlet names, a commentator is an analyst
        ("英国《某某晚报》", [("某某晚报", "media")]),
        ("“塔斯社”", [("塔斯社", "state_media")]),
        # an outlet written another way than its Chinese name keeps the article's wording
        ("央视新闻", [("央视新闻", "state_media")]),
        ("时事评论员李四", [("李四", "expert")]),
        # a speaker who told an outlet: both are cited
        ("一位消息人士周五对路透", [("一位消息人士", "anonymous"), ("路透社", "media")]),
        # a transliterated name with a hyphen and a nested gloss
        ("联合国大使琳达·托马斯-格林（(Linda T-G)）", [("琳达·托马斯-格林", "official")]),
    ],
)
def test_speaker_phrases(cues, span, expected):
    assert [(s.name, s.kind.value) for s in resolve_speaker(span, cues)] == expected


@pytest.mark.parametrize("span", ["主编 某某 编辑", "联合声明全文由外交部网站发布"])
def test_not_a_speaker(cues, span):
    assert speaker_sources(span, cues) is None


def test_surname_with_honorific_refers_back(cues):
    earlier = [
        ResolvedSource("郭某某", SourceKind.PARTISAN, True),
        ResolvedSource("新华社", SourceKind.STATE_MEDIA, True),
    ]
    assert resolve_speaker("郭先生", cues, earlier) == (earlier[0],)
    assert resolve_speaker("郭先生", cues, []) == ()
    assert resolve_speaker("那位女士", cues, earlier)[0].kind is SourceKind.ANONYMOUS
    # not cited yet: the gazetteer's person of that surname written before
    assert [s.name for s in resolve_speaker("郭先生", cues, [], "据郭文贵透露的消息。")] == ["郭文贵"]


def test_every_rule_decides_with_its_name(cues):
    decision = speaker_decision("外交部发言人汪文斌", cues)
    assert decision.rule == "gazetteer_end" and decision.evidence
    assert speaker_decision("这只是一句描述而已", cues).sources is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 据A报道，B表示: both are cited
        ("据塔斯社报道，某国航天集团负责人称，合作将继续。", ["塔斯社", "某国航天集团负责人"]),
        # A也称，B说: the clause before the sentence's attribution cites A too
        ("新华社在报道会谈时也称，普京在会谈中说，两国关系良好。", ["普京", "新华社"]),
        # A引述B称: the source relayed too, unless it is a role alone (专家的话)
        ("塔斯社援引一位匿名官员称，谈判将继续。", ["塔斯社", "一位匿名官员"]),
        ("某某电视台引述专家的话说，风险在上升。", ["某某电视台"]),
        # but the words of a speaker are theirs: no second source inside them
        ("某某大学教授李明认为，某某研究所的报告表明，风险在上升。", ["李明"]),
        ("某某大学教授李明说，合作会继续，而某某研究所认为风险在上升。", ["李明"]),
        # a second party in a clause after a semicolon or a linking conjunction: cited too
        ("某国政府指责伦敦干预选举，但伦敦对此予以否认。", ["某国政府", "伦敦"]),
        ("有学者指出，风险在上升；某某电视台则形容这是一场豪赌。", ["学者", "某某电视台"]),
        # a source in quotation marks inside a frame
        ("据“某某电视台”报导，谈判已经破裂。", ["某某电视台"]),
    ],
)
def test_nested_attribution_cites_both(sentence, expected):
    annotation = annotate_claims(body(sentence), load_lexicons())
    assert annotation.sentences[0].label.value == "A"
    assert [s.name for s in annotation.sources] == expected


def test_what_other_modules_may_ask_of_the_vocabulary(cues):
    text = "外交部发言人汪文斌说，两国的联合声明称"
    assert (3, 6) in set(cues.title_spans(text))  # 发言人
    assert {(0, 6), (6, 9)} <= set(cues.name_and_title_spans(text))  # 外交部发言人, 汪文斌: gazetteer names
    assert cues.body_at(text, text.index("联合声明")) == text.index("联合声明") + 4
    assert cues.body_ending("两国的联合声明") == (3, 7)
    assert cues.body_ending("两国的") is None
    assert cues.may_cross("汪文斌", 1) and not cues.may_cross("你好", 1)
    assert cues.is_bare_role("专家") and not cues.is_bare_role("一位专家")


def test_events_compare_named_sources_by_canonical_name():
    from framing.comparison.event_similarity import named_actors
    from framing.model import ArticleAnalysis, SourceMention

    def cited(name: str, canonical: str) -> ArticleAnalysis:
        mention = SourceMention(name, SourceKind.OFFICIAL, True, 1, (0,), canonical=canonical)
        return ArticleAnalysis(body("正文。"), (), (), (), (mention,), (), (), {})

    assert named_actors(cited("普丁", "普京")) == named_actors(cited("普京", "普京")) == {"普京"}


def test_a_place_speaking_for_a_government_is_no_antecedent_of_a_pronoun():
    annotation = annotate_claims(
        body("某某大学教授李明批评伦敦干预选举，但伦敦对此予以否认。", "他还说，谈判将在下月举行。"),
        load_lexicons(),
    )
    assert [s.name for s in annotation.sources] == ["李明", "伦敦"]
    assert annotation.sentences[1].source == "李明"


@pytest.mark.parametrize(
    ("sentence", "label", "expected"),
    [
        ("有分析甚至认为两国联合是一种错觉。", "A", ["分析"]),  # 甚至 is no part of the speaker
        ("这项计划将被视为一次挑衅。", "E", []),  # a passive with no holder
        # the holder of a passive naming verb puts their words on it when they are quoted
        ("这项战略被某某杂志主编王某（Wang Mou）称作“新的冷战”。", "A", ["王某"]),
        ("这座城市被当地人称为海港之城。", "F", []),  # a name, not a claim
    ],
)
def test_characterising_sources(sentence, label, expected):
    annotation = annotate_claims(body(sentence), load_lexicons())
    assert annotation.sentences[0].label.value == label
    assert [s.name for s in annotation.sources] == expected


def test_a_closed_quotation_ends_the_speech_a_scare_quote_does_not():
    annotation = annotate_claims(
        body(
            "据某某社报导，普京强调，“两国没有领土要求。”这难道不是在提醒对方吗？",
            "普京说，两国关系是“铁板一块”。两国合作给人民带来了好处。",
        ),
        load_lexicons(),
    )
    assert [s.label.value for s in annotation.sentences] == ["A", "E", "A", "A"]


def test_a_quotation_over_several_sentences_takes_the_speaker_named_where_it_closes():
    annotation = annotate_claims(
        body(
            "“战争会带来灾难。难民会涌向各国。数以百万计的人将流离失所，”某国驻联合国大使伊万·彼得罗夫周一说。"
        ),
        load_lexicons(),
    )
    assert [s.label.value for s in annotation.sentences][1:] == ["A", "A"]
    assert annotation.sentences[2].source == "伊万·彼得罗夫"
    assert [s.name for s in annotation.sources] == ["伊万·彼得罗夫"]


@pytest.mark.parametrize(
    ("sentence", "label", "expected"),
    [
        # 据{src}， / 根据{src}， with nothing after the source: only a known source
        ("据路透社，谈判已经破裂。", "A", ["路透社"]),
        ("根据两国签署的备忘录，基地由双方共建。", "A", ["两国签署的备忘录"]),
        ("据此，双方达成了协议。", "F", []),  # 据此 is "accordingly"
        ("根据计划，工程将在明年完工。", "F", []),
        # a channel the source speaks through is not part of its name
        ("新华社官方微博称，会谈取得成功。", "A", ["新华社"]),
        # a known speaker, a colon and a quotation: the speaker's words
        ("普京：“我们不会让步。”", "A", ["普京"]),
        ("标题：“两国合作”。", "F", []),  # a label, not a speaker
        # "the … side" after a place: the place speaks for its government
        ("伦敦方面表示，将继续谈判。", "A", ["伦敦"]),
    ],
)
def test_bare_frames_and_channels(sentence, label, expected):
    annotation = annotate_claims(body(sentence), load_lexicons())
    assert annotation.sentences[0].label.value == label
    assert [s.name for s in annotation.sources] == expected
