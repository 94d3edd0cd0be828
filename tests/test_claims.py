"""Claim labels per ANNOTATION.md on sentences written for these tests (none from the corpus)."""

import pytest

from framing.analysis.claims import ClaimAnnotation, annotate_claims, claims_record
from framing.lexicon import load_lexicons
from framing.model import ClaimLabel, Role
from tests.claims_helpers import body, make_article

A, E, F, H, X = (ClaimLabel(c) for c in "AEFHX")


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def labels(article, lexicons):
    return [s.label for s in annotate_claims(article, lexicons).sentences]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # attributed: a speaker with a reporting verb, frames, unnamed sources
        ("外交部发言人汪文斌在例行记者会上表示，双方将继续保持沟通。", A),
        ("据塔斯社周二报道，两国外长在电话中讨论了能源合作。", A),
        ("据知情人士透露，会谈持续了约两个小时。", A),
        ("据悉，双方还讨论了能源合作。", A),
        ("据报道，代表团已经抵达。", A),
        ("一位不愿具名的欧洲外交官说，制裁方案仍在讨论之中。", A),
        ("分析人士认为，这次会晤的象征意义大于实际成果。", A),
        ("有分析认为，这次巡航是对邻国的试探。", A),  # vague sources: 有分析, 有观点, 有消息
        ("有观点指出，两国的能源合作仍受制于价格。", A),
        ("有消息称，双方将在年底前签约。", A),
        # a document is a source only when a claim is put in its mouth
        ("宣言全文由两国外交部网站发布，共约五千字。", F),  # 由: the document is what was issued
        ("白皮书由国务院新闻办公室发表，分为六个部分。", F),
        ("政府网站公布了代表团的完整名单。", F),  # 公布 with a plain object describes a publication
        ("政府网站公布，双方同意扩大本币结算。", A),
        ("公报指出，双方将扩大本币结算。", A),
        ("自由亚洲电台报道，代表团已经抵达。", A),  # 自由 is no passive 由
        ("路透社援引两名官员的话说，协议将于下月签署。", A),
        ("根据克里姆林宫发表的声明，两国元首同意扩大本币结算。", A),
        ("拉夫罗夫强调，俄方愿与各方保持对话。", A),
        ("对此，北约秘书长警告说，任何升级都将带来严重后果。", A),
        ("“我们不会接受任何单方面的安排，”她说。", A),
        ("在结束了长达三天、涉及能源和安全等多个领域的会谈之后，部长对记者说，双方达成了共识。", A),
        ("分析人士认为，两国展示团结，但这并不意味着结盟。", A),  # the inference is the analysts'
        # the writer's inference after an attribution is E
        ("两国在声明中呼吁各方保持克制，明显暗示对西方的不满。", E),
        ("尽管官方一再宣称保持中立，这次访问本身就是选边站队。", E),
        # editorial: judgement, prediction, comparison, rhetorical question
        ("这显然是一次精心安排的政治表演。", E),
        ("两国关系势必进一步升温。", E),
        ("莫斯科与北京的所谓“友谊”究竟能走多远？", E),
        ("相比去年，今年的会晤显得格外低调。", E),
        ("俄罗斯和中国走得越来越近。", E),
        # an intensifier of high degree grades what the writer describes (like 极其)
        ("该计划目前仍处于非常初步的阶段。", E),
        ("两国的贸易往来十分密切。", E),
        ("日本当时是安理会的非常任理事国。", F),  # negative: words that hold 非常 or 十分
        ("会谈持续了四十分钟。", F),
        ("会议于三点十分开始，他的提案得了九十分。", F),
        # a booster of the writer's certainty vouches for the point (like 显然)
        ("与邻国相比，该国的航天计划明显滞后。", E),
        ("这份协议对两国确实有利。", E),
        ("新港口的面积相当于三个足球场。", F),  # negative: 相当于 grades nothing
        ("双方就边界的确定达成一致，议会以绝对多数批准。", F),  # 的确定, 绝对多数: no booster
        ("该机构是一个非常设机构，负责准确实施协议。", F),
        # dense propaganda formulas (or one hyperbole) in the writer's own words are E
        ("两军务实合作取得丰硕成果，演习圆满成功。", E),
        ("元首外交为两国合作提供战略引领。", E),
        ("双边关系达到历史最高水平。", E),
        # negative cases: one formula, formulas that are names, a title in 《》, a source given
        ("代表团出席纪念世界反法西斯战争胜利80周年活动。", F),
        ("双方同意深化新时代全面战略协作伙伴关系，落实全球发展倡议。", F),
        ("双方秉持合作共赢原则和世代友好的理念，签署了三项协议。", F),
        ("两国外长签署《关于构建人类命运共同体和弘扬真正的多边主义的声明》。", F),
        ("双方坚持不结盟、不对抗、不针对第三方，推动世界多极化。", F),  # a party's stated position
        ("面对复杂的局势，俄方愿同中方推动世界多极化和国际关系民主化。", F),
        ("新华社评论说，元首外交为两国合作提供战略引领。", A),
        # the writer makes the event prove a point, or prescribes emphatically
        ("此次巡航不针对任何国家，充分展示了两国维护和平的决心。", E),
        ("盟国的制裁绝不能因此放松！", E),
        ("巡航于周五结束，共有六艘舰艇参加。", F),  # negative: the same event, described
        # what an act shows is the writer's inference, as after 这表明; a report or data speaks
        ("当局在疫情期间对居民施以严厉处罚表明，它在掩盖真相。", E),
        ("研究所的报告表明，两国贸易增长很快。", A),
        ("资料显示，两国从上世纪九十年代起开始勘界。", F),
        # factual: checkable descriptions, no source, no evaluation
        ("两国元首于本月十日在北京举行会谈。", F),
        ("双方签署了十二项合作文件。", F),
        ("去年双边贸易额达到两千四百亿美元。", F),
        ("代表团随后前往圣彼得堡参观一家造船厂。", F),
        # a cue inside a longer title is not read (中共国 inside 中共国家主席)
        ("中共国家主席周三同俄罗斯总统举行视频会晤。", F),
        ("协议符合两国的根本利益。", F),  # 根本利益 is a noun phrase, not the adverb 根本
        # negative cases: look-alike cues that are not attributions
        ("对于莫斯科来说，这是一条新的出口路线。", F),
        ("首相未经宣布地抵达基辅。", F),
        ("中国支持联合国在维和行动中发挥作用。", F),
        ("条约第六条规定，中俄相互没有领土要求。", F),  # a verb at the end reports only a quotation
        ("俄罗斯专家科尔科迪诺夫警告说，局势可能恶化。", A),
    ],
)
def test_single_sentence_labels(lexicons, text, label):
    annotation = annotate_claims(body(text), lexicons)
    assert [s.label for s in annotation.sentences] == [label], annotation.sentences[0].reason


def test_roles_give_h_and_x(lexicons):
    article = make_article(
        (Role.TITLE, "峰会落幕"),
        (Role.HEADING, "能源合作"),
        (Role.CAPTION, "两国元首握手。（美联社）"),
        (Role.BYLINE, "记者某某报道"),
        (Role.DATELINE, "2024年5月16日"),
        (Role.LINKS, "延伸阅读：另一篇文章"),
        (Role.DISCLAIMER, "免责声明：仅代表作者观点。"),
        (Role.FOOTER, "版权所有"),
        (Role.BODY, "双方签署了合作文件。"),
    )
    # the caption is two units (its photo credit is its own), all X
    assert labels(article, lexicons) == [H, H, X, X, X, X, X, X, X, F]


def test_multi_sentence_quotation_is_attributed(lexicons):
    article = body("普京说：“合作很顺利。我们还有很多事情要做。明年会更好。”随后他离开了会场。")
    got = labels(article, lexicons)
    assert got[:3] == [A, A, A]


def test_quotation_with_speaker_in_next_sentence(lexicons):
    article = body("“两国的合作没有上限。”", "外交部长王毅在记者会上这样说。")
    assert labels(article, lexicons) == [A, A]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # reported speech runs on: first person outside quotation marks, a party's commitment
        (("外长表示，会谈很顺利。我们对结果感到满意。",), [A, A]),
        (("部长指出，两国贸易增长很快。双方要继续扩大合作。",), [A, A]),
        # the commitment may open the party's next clause, its subject left out
        (("俄方表示，两国关系很好。俄方高度重视对华合作，愿同中方加强交流。",), [A, A]),
        # a party's stance (支持, 坚持, 主张) carries on its words too (stating a stance is A)
        (("外长表示，愿同邻国深化合作。中方支持邻国举办下届峰会。",), [A, A]),
        # negative: a decision is an act, and a stance without attributed words before is F
        (("外长表示，愿同邻国深化合作。双方同意下月再次会晤。",), [A, F]),
        (("双方签署了合作文件。中方支持邻国举办下届峰会。",), [F, F]),
        (("部长指出，两国贸易增长很快。中方代表团昨天抵达，当地官员到机场迎接。",), [A, F]),
        # 我国 is the state outlet's own voice, not a speaker's
        (("部长指出，两国贸易增长很快。我国代表团随后离开。",), [A, F]),
        # no attribution before: first person alone is not enough
        (("代表团抵达莫斯科。我们对结果感到满意。",), [F, F]),
        # a commitment in the next paragraph is not carried over
        (("部长指出，两国贸易增长很快。", "双方要继续扩大合作。"), [A, F]),
    ],
)
def test_reported_speech_continues(lexicons, texts, expected):
    assert labels(body(*texts), lexicons) == expected


def test_colon_speech_without_quotation_marks_runs_on(lexicons):
    article = body("对此，普京总统说：双方的关系进入新阶段。这份文件是谈判的主要成果。")
    assert labels(article, lexicons) == [A, A]


@pytest.mark.parametrize(
    ("text", "scare"),
    [
        ("所谓“友谊”只是口号。", True),
        ("会议讨论了“一带一路”倡议。", False),  # a quoted name followed by its noun
        ("双方回顾了「北京条约」的历史。", False),  # the quotation ends with a naming noun
        ("他说：“合作没有上限，也没有禁区。”", False),  # attributed
        ("两国海军举行“北方联合-2031”演练。", False),  # a code with a number is a name
        ("新机型“鹞鹰7”完成首飞。", False),
        ("新成立的“北极理事会”（Arctic Council）召开会议。", False),  # a name glossed in brackets
        ("这场“友好访问”不过是作秀。", True),  # negative: words, no number, no gloss
        ("这场“2031年的大戏”终于落幕。", True),  # a year opening the phrase is no code
    ],
)
def test_scare_quote_or_not(lexicons, text, scare):
    annotation = annotate_claims(body(text), lexicons)
    assert [q.scare for q in annotation.quotes] == [scare]


def test_evidence_and_reason_point_at_the_cue(lexicons):
    article = body("首先一句事实。", "拉夫罗夫强调，俄方愿意对话。")
    sentence = annotate_claims(article, lexicons).sentences[1]
    assert sentence.label is A and sentence.source == "拉夫罗夫"
    cue = next(e for e in sentence.evidence if e.kind == "reporting_verb")
    assert article.text[cue.start : cue.end] == "强调"
    assert "拉夫罗夫" in sentence.reason


def test_scare_quotes_are_flagged_and_make_e(lexicons):
    annotation = annotate_claims(body("这种“友谊”令人怀疑。", "王毅说：“我们是好朋友。”"), lexicons)
    assert [q.scare for q in annotation.quotes] == [True, False]
    assert annotation.quotes[1].speaker == "王毅"
    assert annotation.sentences[0].label is E


def test_offsets_are_into_article_text(lexicons):
    article = make_article((Role.TITLE, "标题"), (Role.BODY, "第一句。第二句。"))
    for sentence in annotate_claims(article, lexicons).sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_claims_record_has_the_scorer_fields(lexicons):
    article = body("拉夫罗夫强调，俄方愿意对话。")
    annotation = annotate_claims(article, lexicons)
    assert isinstance(annotation, ClaimAnnotation)
    record = claims_record(article, annotation)
    assert record["path"] == "hand.txt"
    assert record["sentences"] == [{"text": "拉夫罗夫强调，俄方愿意对话。", "label": "A"}]
    assert record["sources"] == [{"name": "拉夫罗夫", "kind": "official"}]


def test_empty_article_gives_empty_annotation(lexicons):
    annotation = annotate_claims(make_article(), lexicons)
    assert annotation == ClaimAnnotation((), (), ())


_PIECES = [
    "普京",
    "说",
    "表示，",
    "据",
    "新华社",
    "报道",
    "“",
    "”",
    "「",
    "」",
    '"',
    "。",
    "！",
    "？",
    "，",
    "：",
    "他",
    "认为",
    "显然",
    "双方",
    "签署",
    "协议",
    "\n",
    " ",
    "（美联社）",
    "教授",
    "王某",
    "·",
    "A",
]


@pytest.mark.parametrize("seed", range(40))
def test_any_text_gives_valid_spans(lexicons, seed):
    import random

    rng = random.Random(seed)
    paragraphs = [
        "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30))) for _ in range(rng.randint(1, 4))
    ]
    paragraphs = [p for p in paragraphs if p.strip()] or ["一句话。"]
    article = body(*paragraphs)
    annotation = annotate_claims(article, lexicons)
    for sentence in annotation.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.reason
        for evidence in sentence.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(article.text)
    for quote in annotation.quotes:
        assert article.text[quote.start : quote.end] == quote.text
    assert all(s.claims >= 1 for s in annotation.sources)
