"""Source patterns of ANNOTATION.md found with their kind, each beside a near miss that is no
source, on sentences written for these tests."""

import pytest

from framing.analysis.claims import annotate_claims
from framing.lexicon import load_lexicons
from tests.claims_helpers import body


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def _sources(lexicons, *sentences: str) -> list[tuple[str, str]]:
    return [(s.name, s.kind.value) for s in annotate_claims(body(*sentences), lexicons).sources]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a news agency's dateline opening the report it gives: the agency is the source
        ("新华社消息，两国元首当天举行了会谈。", [("新华社", "state_media")]),
        ("路透社3月5日消息：两国元首当天举行了会谈。", [("路透社", "media")]),
        # near misses: 消息 after words that are no source
        ("最新消息：两国元首当天举行了会谈。", []),
        ("这一消息，令不少观察者感到意外。", []),
        # 正如X所指出/揭露: a source cited inside the writer's sentence
        ("正如《某某体育》所指出的那样，这项处罚过重。", [("某某体育", "media")]),
        ("正如郭文贵先生在多次揭露的那样，背后是利益的交易。", [("郭文贵", "partisan")]),
        # an observation put in the mouths of others; near miss: the reporter's own
        ("外界注意到，两国的贸易额下降了。", [("外界", "anonymous")]),
        ("记者注意到，两国的贸易额下降了。", []),
        # an unnamed source brought in by a quantifier opens a reported clause after a long lead
        (
            "某某公司宣布计划在2030年把第一批乘客送上月球轨道，一名日本富豪称已经支付了费用。",
            [("一名日本富豪", "anonymous")],
        ),
        # near miss: after the same long lead, a subject that brings in no one reports nothing
        ("某某公司宣布计划在2030年把第一批乘客送上月球轨道，这家公司称已经准备就绪。", []),
        # the subject two clauses back, over a clause of what the speaker did
        ("李明教授在直播中，向观众解读了局势，并强调，合作不会长久。", [("李明", "expert")]),
        # near miss: a clause of the writer's with no name is no subject
        ("某国经济一塌糊涂，内外交困，并强调，合作不会长久。", []),
        # two named leaders joined by 和, the second with its place and title
        ("俄罗斯总统普京和中国国家主席习近平说，合作继续。", [("普京", "official"), ("习近平", "official")]),
        # 将/把 brings in what the speaker characterises, not the speaker
        ("《某某日报》将普京周五宣布的协议描述为“重要保证”。", [("某某日报", "media")]),
        ("美国将军表示，合作不会长久。", [("美国将军", "anonymous")]),
        # two titles of one person joined by 、, then the name; a general staff speaks
        ("日本政府发言人、内阁官房长官松野博一表示，谈判将继续。", [("松野博一", "official")]),
        ("韩国联合参谋本部称，对方发射了导弹。", [("韩国联合参谋本部", "official")]),
        # a capital or country speaks for its government; a post there is an identifiable official
        ("布鲁塞尔方面表示，制裁将继续。", [("布鲁塞尔", "official")]),
        ("波兰总统表示，制裁将继续。", [("波兰总统", "official")]),
        # the outlet told is cited too; near miss: a reporter told is no source
        ("一名官员告诉某某通讯社，会谈将延期。", [("一名官员", "anonymous"), ("某某通讯社", "media")]),
        ("一名官员告诉记者，会谈将延期。", [("一名官员", "anonymous")]),
        # a manner adverb after a title is no name
        ("美国官员私下承认，制裁效果有限。", [("美国官员", "anonymous")]),
        ("俄罗斯外交部发言人罕见地表示，谈判将继续。", [("俄罗斯外交部", "official")]),
        # a negated disclosure is part of the speaker's description, not the verb
        ("报道援引一名不愿透露姓名的官员的话说，谈判将继续。", [("一名不愿透露姓名的官员", "anonymous")]),
        # an institution's act or document speaks for the institution, not as a person
        ("根据某国宪法法院的裁决，选举有效。", [("某国宪法法院", "official")]),
        ("根据警方的调查，这条消息并不属实。", [("警方", "official")]),
        # near miss: a Chinese name after the institution is the person
        ("某某研究所的王明认为，风险正在上升。", [("王明", "expert")]),
        # a short name of a state broadcaster keeps the article's spelling and takes the kind
        ("根据俄罗斯电视台直播的画面，两人握手致意。", [("俄罗斯电视台", "state_media")]),
    ],
)
def test_frames_and_cited_sources(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # a side (俄方, 中方) speaking in an official's speech is the official speaking for it
        ("拉夫罗夫强调，两国是邻邦。俄方赞赏中方的立场，愿意加强合作。", [("拉夫罗夫", "official")]),
        ("会谈气氛友好。拉夫罗夫表示，两国是邻邦。中方愿意加强合作。", [("拉夫罗夫", "official")]),
        # near misses: a side speaking alone, or after an outlet's report, is itself the source
        ("俄方赞赏中方的立场，愿意加强合作。", [("俄方", "official")]),
        (
            "据某某通讯社报道，两国是邻邦。俄方赞赏中方的立场。",
            [("某某通讯社", "media"), ("俄方", "official")],
        ),
    ],
)
def test_a_side_in_an_officials_speech(lexicons, paragraph, expected):
    assert _sources(lexicons, paragraph) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a surname (and given name) before an address title: a named person of the title's kind
        ("李明教授表示，风险正在上升。", [("李明", "expert")]),
        ("欧阳明博士认为，油价还会波动。", [("欧阳明", "expert")]),
        ("王部长说，会谈很顺利。", [("王部长", "official")]),
        # a surname with an office refers back to the person of that surname cited before
        ("王毅说，会谈很顺利。|王部长还说，合作会继续。", [("王毅", "official")]),
        # near misses: a field or place before a title is no name (the source stays unnamed)
        ("军事专家认为，演习规模有限。", [("军事专家", "anonymous")]),
        ("石油部长表示，产量将保持稳定。", [("石油部长", "anonymous")]),
        # a post one person holds in a named country or government is an identifiable official
        ("俄罗斯总统表示，谈判的大门仍然敞开。", [("俄罗斯总统", "official")]),
        ("美国国务卿说，制裁将继续。", [("美国国务卿", "official")]),
        # near miss: officials of a country are many, and stay unnamed
        ("日本官员表示，谈判的大门仍然敞开。", [("日本官员", "anonymous")]),
        # a gazetteer name ending with a title (外交部发言人), then a name: the name is the source
        ("外交部发言人张伟表示，中方反对单边制裁。", [("张伟", "official")]),
        ("外交部发言人表示，中方反对单边制裁。", [("中国外交部", "official")]),
    ],
)
def test_titled_people(lexicons, sentence, expected):
    assert _sources(lexicons, *sentence.split("|")) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 据A报道，B表示 and A发布B的通告，称: both the one who relays and the one who speaks
        (
            "据某某通讯社报道，某国外交部表示，谈判将继续。",
            [("某某通讯社", "media"), ("某国外交部", "official")],
        ),
        (
            "27日深夜，《某某日报》官方微博发布某市公安局的通告，称演出被提前。",
            [("某某日报", "media"), ("某市公安局", "official")],
        ),
        # an outlet's report relays whoever it quotes, as 据A报道 does
        ("路透社报道说，某国外交部表示，谈判将继续。", [("路透社", "media"), ("某国外交部", "official")]),
        # near miss: the words of a speaker who is no outlet are the speaker's own
        ("某国外交部说，路透社的报道不实。", [("某国外交部", "official")]),
        # near miss: a document with no named owner or issuer is itself the source
        ("该项目的通告称，演出被提前。", [("该项目的通告", "official")]),
    ],
)
def test_nested_attribution(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # time words between the speaker and the verb are not part of the source's name
        ("某某大学研究员赵明去年表示，风险在上升。", [("赵明", "expert")]),
        ("某国官员去年12月说，谈判没有进展。", [("某国官员", "anonymous")]),
        ("某国总统会后表示，谈判很有成果。", [("某国总统", "anonymous")]),
        ("路透社3日晚报道，谈判没有进展。", [("路透社", "media")]),
        # near miss: a time word alone before the verb is no source
        ("次日表示，谈判没有进展。", []),
    ],
)
def test_time_words_are_no_part_of_a_source(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "label", "expected"),
    [
        # a speech act closing the sentence reports nothing: coverage and speeches are actions
        ("某某通讯社、某某电视台等多家媒体进行了报道。", "F", []),
        ("某国总统出席开幕式并致辞。", "F", []),
        # near misses: a denial closing the sentence is a stance; a verb before a clause reports it
        (
            "西方国家指责某国策划入侵，但某国外交部予以否认。",
            "A",
            [("西方国家", "official"), ("某国外交部", "official")],
        ),
        ("某某通讯社报道，会谈持续了三个小时。", "A", [("某某通讯社", "media")]),
    ],
)
def test_speech_acts_that_report_nothing(lexicons, sentence, label, expected):
    annotation = annotate_claims(body(sentence), lexicons)
    assert annotation.sentences[0].label.value == label
    assert [(s.name, s.kind.value) for s in annotation.sources] == expected


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # 通报 as the subject refers back to the outlet cited last, else names no one
        (("新华社报道，会晤很成功。", "通报还称，双方反对干涉内政。"), [("新华社", "state_media")]),
        (("根据中方通报，会晤很成功。", "通报还称，双方反对干涉内政。"), [("中方", "official")]),
        # near miss: a body issuing a bulletin is the source
        (("某市公安局通报称，嫌疑人已被抓获。",), [("某市公安局", "official")]),
        # words holding a reporting verb that report nothing: coverage, a lie
        (("这一构想被国际媒体广为报道，但建设需要时间。",), []),
        (("某党以谎言治国，说谎是某党的传统。",), []),
        # wide reports name no reporter (据报道)
        (("据广泛报道，会谈将推迟。",), []),
    ],
)
def test_words_that_name_no_new_source(lexicons, sentences, expected):
    assert _sources(lexicons, *sentences) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a spokesperson of a named government body or country speaks for it (as 外交部发言人 does)
        ("俄罗斯外交部发言人表示，谈判的大门仍然敞开。", [("俄罗斯外交部", "official")]),
        ("白宫发言人说，制裁将继续。", [("白宫", "official")]),
        ("日本外交部发言人表示，谈判的大门仍然敞开。", [("日本外交部", "official")]),
        ("外交部发言人表示，中方反对单边制裁。", [("中国外交部", "official")]),
        # near miss: a company's spokesperson is no government's voice, and stays unnamed
        ("某国能源公司发言人表示，将派员观察。", [("某国能源公司发言人", "anonymous")]),
    ],
)
def test_spokespeople_speak_for_their_body(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a preposition inside a word is no prepositional phrase after the speaker
        ("以色列总统表示，谈判的大门仍然敞开。", [("以色列总统", "official")]),
        ("某国反对派领袖李明表示，选举不公。", [("李明", "partisan")]),
        ("以方表示，停火协议仍然有效。", [("以方", "official")]),
        ("以色列国防军表示，停火协议仍然有效。", [("以色列国防军", "official")]),
        ("日本在野党领袖表示，选举不公。", [("日本在野党领袖", "anonymous")]),
        # 被告 is a noun, not a passive whose holder speaks
        ("被告李明表示，他是无辜的。", [("被告李明", "other")]),
        # near miss: a real prepositional phrase after the speaker is stripped
        ("李明对记者表示，谈判将继续。", [("李明", "other")]),
    ],
)
def test_prepositions_inside_words(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a ministry is an official body; its minister's title is not cut by it
        ("某国商务部称，关税将上调。", [("某国商务部", "official")]),
        ("俄罗斯商务部长表示，关税将上调。", [("俄罗斯商务部长", "official")]),
        ("欧盟委员会主席表示，关税将上调。", [("欧盟委员会主席", "official")]),
        # near miss: the head of a body that is no government stays unnamed
        ("某协会主席表示，关税将上调。", [("某协会主席", "anonymous")]),
    ],
)
def test_ministries_and_their_heads(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a state's propaganda press named by its role is state media; a mouthpiece before an
        # outlet's name describes the outlet
        ("某党大外宣3日报道，两国关系良好。", [("某党大外宣", "state_media")]),
        ("某党喉舌新华社消息，两国元首举行了会谈。", [("新华社", "state_media")]),
        # near miss: propaganda work that says nothing cites no one
        ("某国加强了对外宣传工作。", []),
    ],
)
def test_propaganda_press(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an envoy posted somewhere (驻…大使) is an official of the country that sends them
        ("俄罗斯驻华大使表示，两国关系良好。", [("俄罗斯驻华大使", "official")]),
        ("美国驻联合国大使说，制裁将继续。", [("美国驻联合国大使", "official")]),
        # near miss: an envoy of an unnamed country stays unnamed
        ("某国驻华大使表示，两国关系良好。", [("某国驻华大使", "anonymous")]),
    ],
)
def test_envoys(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the office of a country left unspecified is not the one the alias 外交部发言人 names
        ("某国外交部发言人表示，两国关系良好。", [("某国外交部", "official")]),
        ("一个国家的外交部发言人表示，两国关系良好。", [("一个国家的外交部发言人", "anonymous")]),
        # near miss: with no country written, the alias names China's ministry
        ("外交部发言人表示，两国关系良好。", [("中国外交部", "official")]),
    ],
)
def test_unspecified_places(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a habit of saying anything reports no words
        ("这位官员想什么就说什么，从不顾及后果。", []),
        ("他的邻居想说就说，没人拦得住。", []),
        # near miss: the same person reporting words
        ("李明教授说，合作不会长久。", [("李明", "expert")]),
    ],
)
def test_generic_saying_is_no_report(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a body after a clause of a stance verb: the body alone speaks, not the clause
        ("我们坚决反对任何损害中方，中方表示，合作不会长久。", [("中方", "official")]),
        # near misses: a body named with its modifiers, or described with 的
        ("美国知名咨询公司表示，合作不会长久。", [("美国知名咨询公司", "other")]),
        ("南城市北河县公安局通报，嫌疑人已被控制。", [("南城市北河县公安局", "official")]),
    ],
)
def test_body_after_a_clause(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an act before a verb of evidence shows something; no one says it
        ("当局在疫情期间对居民施以严厉处罚表明，它在掩盖真相。", []),
        # near misses: a speaker who shows, where and when they spoke
        ("普京再次表明，合作不会长久。", [("普京", "official")]),
        ("普京在接受俄罗斯卫星通讯社采访时表明，合作不会长久。", [("普京", "official")]),
    ],
)
def test_an_act_shows_no_speaker(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 讲 inside the noun 讲话 reports nothing
        ("普京在电视讲话里宣布了新的决定。", []),
        # near misses: the verb after the speech, and 讲 as the verb
        ("普京在讲话中指出，合作不会长久。", [("普京", "official")]),
        ("李明教授讲，合作不会长久。", [("李明", "expert")]),
    ],
)
def test_speech_noun_is_no_verb(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # state media's stacked titles: 政治局常委、…总理 name one person, the name after them
        ("中共中央政治局常委、某省省长陈立平强调，要稳住经济。", [("陈立平", "official")]),
        # a department between a university and the title (大学…学院教授) goes on with the phrase
        ("某某大学国际关系学院教授黄国明说，会晤意义重大。", [("黄国明", "expert")]),
        # near miss: the department alone before the title, as before
        ("国际关系学院教授黄国明说，会晤意义重大。", [("黄国明", "expert")]),
        # Hong Kong titles: the chief executive, a legislative councillor
        ("行政长官陈立平表示，政府会全力配合。", [("陈立平", "official")]),
        ("立法会议员黄国明质疑，方案欠缺细节。", [("黄国明", "official")]),
        # 新闻发言人 of a ministry speaks for it, as 发言人 does; 答记者问时 is the occasion
        ("商务部新闻发言人表示，中方将采取必要措施。", [("商务部", "official")]),
        ("商务部新闻发言人答记者问时说，中方将采取必要措施。", [("商务部", "official")]),
        # near miss: a spokesperson of a company stays unnamed
        ("某国能源公司新闻发言人表示，将派员观察。", [("某国能源公司新闻发言人", "anonymous")]),
        # a press secretary speaks for the office, as a spokesperson does; a Taiwanese legislator
        ("白宫新闻秘书表示，总统将于周五会见来访者。", [("白宫", "official")]),
        ("某党立委黄国明表示，预算必须增加。", [("黄国明", "official")]),
        # a statistics bureau: the frame's word (统计) opens the body noun (统计局)
        ("据某省统计局统计，上月产量同比增长百分之五。", [("某省统计局", "official")]),
        # near miss: the frame alone names no one
        ("据统计，上月产量同比增长百分之五。", []),
        # the occasion with no 在 before it (直播中, 讲话中) is no part of the speaker
        ("陈立平直播中说，局势将会改变。", [("陈立平", "other")]),
        ("俄罗斯总统讲话中指出，局势将会改变。", [("俄罗斯总统", "official")]),
        # near miss: a document before 中 speaks itself (声明中称 → 声明)
        ("某国外交部声明中称，局势将会改变。", [("某国外交部声明", "official")]),
        # a wire dateline (and the reporter's gloss) opening the report is not its speaker
        ("某社北京3月5日电（记者黄国明）国务院总理陈立平5日指出，目标已经实现。", [("陈立平", "official")]),
        ("某社莫斯科3月5日电 俄罗斯总统普京5日表示，俄方愿意谈判。", [("普京", "official")]),
        # the one met (同…会谈时) is no speaker; near miss: 和 joins two speakers
        ("陈立平同黄国明会谈时表示，双方将加强合作。", [("陈立平", "other")]),
        ("普京与某国总统通电话时指出，双方将加强合作。", [("普京", "official")]),
        ("普京和马克龙会谈后表示，双方将加强合作。", [("普京", "official"), ("马克龙", "official")]),
        # an unknown name closing with an office's suffix (署, 局, 办) is the office; its
        # spokesperson speaks for it
        ("某某管理署今天表示，新增三例病例。", [("某某管理署", "official")]),
        ("香港渔农署表示，情况受控。", [("香港渔农署", "official")]),
        ("港澳办发言人表示，中央支持特区政府。", [("港澳办", "official")]),
        # foreign wire reports with no outlet named are an unnamed source, as 外媒 is
        ("据外电报道，双方已达成协议。", [("外电", "anonymous")]),
        # near misses: a list of offices, a longer clause with no place before it
        ("决定暂停举办某某局表示，活动取消。", []),
    ],
)
def test_titles_of_state_and_hong_kong_reports(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected
