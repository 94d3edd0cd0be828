"""The labeller as an ordered list of named rules, and the grammar cues it reads from lexicons/claims.tsv.

The sentences are written for these tests; the word lists are read from the built-in lexicon
files, never copied here.
"""

import pytest

from framing.analysis.claims import RULES, Decision, RuleKind, annotate_claims
from framing.analysis.claims.cues import STANCE_TYPES, claim_cues
from framing.analysis.claims.editorial import stance_evidence
from framing.analysis.claims.label_rules import description, label_sentence
from framing.lexicon import SCHEMAS, builtin_dir, load_lexicons, read_table
from framing.model import ClaimLabel
from tests.claims_helpers import body

A, E, F = ClaimLabel.ATTRIBUTED, ClaimLabel.EDITORIAL, ClaimLabel.FACTUAL


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def words(kind: str) -> list[str]:
    """The built-in ``claims.tsv`` cues of one type."""
    return [r["cue"] for r in read_table(builtin_dir() / "claims.tsv").rows if kind in r.many("type")]


def test_rules_are_named_documented_and_end_with_one_that_always_decides():
    names = [rule.__name__ for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.__doc__ for rule in RULES)
    assert RULES[-1] is description
    assert names.index("heading_line") == 0 and names.index("reporting_cue") < names.index("editorial_cue")


def test_label_sentence_fails_loudly_without_a_deciding_rule():
    with pytest.raises(ValueError, match="no rule decided"):
        label_sentence(None, rules=(lambda ctx: None,))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("拉夫罗夫强调，俄方愿意对话。", RuleKind.ATTRIBUTION),
        ("两国在声明中呼吁各方保持克制，明显暗示对西方的不满。", RuleKind.WRITER_INFERENCE),
        ("这次会晤被认为是两国关系的转折点。", RuleKind.PASSIVE_WITHOUT_HOLDER),
        ("莫斯科与北京的友谊究竟能走多远？", RuleKind.RHETORICAL_QUESTION),
        ("这显然是一次精心安排的政治表演。", RuleKind.EDITORIAL_CUE),
        ("这次合作为两国的能源往来奠定了基础。", RuleKind.WRITER_STANCE),
        ("当局在疫情期间对居民施以严厉处罚表明，它在掩盖真相。", RuleKind.ACT_SHOWS),
        ("双方签署了十二项合作文件。", RuleKind.DESCRIPTION),
    ],
)
def test_each_decision_names_its_rule(lexicons, text, rule):
    from framing.analysis.claims.annotate import article_quotes, label_article
    from framing.analysis.claims.cues import claim_cues

    article = body(text)
    (draft,) = label_article(article, article_quotes(article), claim_cues(lexicons))
    assert isinstance(draft.decision, Decision) and draft.decision.rule is rule


def test_a_direct_quotation_takes_its_neighbours_speaker(lexicons):
    annotation = annotate_claims(body("“两国的合作没有上限。”外交部长王毅在记者会上这样说。"), lexicons)
    assert [s.label for s in annotation.sentences] == [A, A]
    assert annotation.sentences[0].source == annotation.sentences[1].source == "王毅"


# ── lexicons/claims.tsv ─────────────────────────────────────────────────────────────


def test_builtin_claims_table_is_valid_and_uses_every_type():
    rows = read_table(builtin_dir() / "claims.tsv").rows
    keys = [r["cue"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    used = {kind for r in rows for kind in r.many("type")}
    assert used == set(SCHEMAS["claims"].allowed["type"])
    assert all(r["note"].startswith("framing:") for r in rows)


def test_unknown_type_in_a_list_cell_names_the_file_and_line(tmp_path):
    from framing.errors import LexiconError

    path = tmp_path / "claims.tsv"
    path.write_text("cue\ttype\tnote\n将\tposition_verb|future\tx\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"claims.tsv:2: type 'future' is not one of"):
        read_table(path)


@pytest.mark.parametrize("verb", words("passive_verb"))
def test_every_passive_verb_without_a_holder_is_editorial(lexicons, verb):
    (sentence,) = annotate_claims(body(f"这次会晤被{verb}两国关系的转折点。"), lexicons).sentences
    assert sentence.label is E, sentence.reason


@pytest.mark.parametrize(("kind", "word"), [(kind, w) for kind in STANCE_TYPES for w in words(kind)])
def test_every_stance_cue_makes_a_sourceless_sentence_editorial(lexicons, kind, word):
    cue = word.replace("…", "两国")  # a gapped cue (为…奠定了基础) with words in its gap
    text = f"在那次会晤之后，{cue}边境贸易。"
    (sentence,) = annotate_claims(body(text), lexicons).sentences
    assert sentence.label is E, (word, sentence.reason)
    assert kind in {item[0] for item in stance_evidence(text, claim_cues(lexicons))}


@pytest.mark.parametrize("kind", ["mind_reading", "deontic"])
def test_a_stance_cue_in_a_speakers_words_stays_attributed(lexicons, kind):
    word = words(kind)[0].replace("…", "两国")
    (sentence,) = annotate_claims(body(f"外交部发言人表示，{word}边境贸易。"), lexicons).sentences
    assert sentence.label is A, sentence.reason


@pytest.mark.parametrize("word", words("not_first_person"))
def test_the_outlets_own_voice_does_not_continue_a_speech(lexicons, word):
    article = body(f"部长指出，两国贸易增长很快。{word}代表团随后离开。")
    assert [s.label for s in annotate_claims(article, lexicons).sentences] == [A, F]


@pytest.mark.parametrize("word", words("concessive"))
def test_a_conceded_attribution_is_the_writers_point(lexicons, word):
    (sentence,) = annotate_claims(
        body(f"{word}官方一再宣称保持中立，这次访问本身就是选边站队。"), lexicons
    ).sentences
    assert sentence.label is E, sentence.reason


def test_a_users_claims_table_extends_the_rules(tmp_path):
    text = "这次会晤被刻画为两国关系的转折点。"
    (before,) = annotate_claims(body(text), load_lexicons()).sentences
    extra = tmp_path / "claims.tsv"
    extra.write_text("cue\ttype\tnote\n刻画为\tpassive_verb\tmy own\n", encoding="utf-8")
    (after,) = annotate_claims(body(text), load_lexicons([extra])).sentences
    assert before.label is F and after.label is E


# ── continuations (ANNOTATION.md, "Hard cases") ────────────────────────────────────


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # a paragraph that opens with a named speaker's words carries them on
        (("拉夫罗夫指出，两国关系发展良好。双边贸易去年增长了三成。能源合作也在扩大。",), [A, A, A]),
        (("据塔斯社报道，两国外长举行了会谈。能源协议将在年底前生效。",), [A, A]),
        # the writer tells of the speaker: 他…, or the speaker's name
        (("拉夫罗夫指出，两国关系发展良好。他随后前往机场。",), [A, F]),
        (("拉夫罗夫指出，两国关系发展良好。拉夫罗夫随后前往机场。",), [A, F]),
        # unnamed sources, disclosures and stances report one thing
        (("分析人士指出，两国关系发展良好。双边贸易去年增长了三成。",), [A, F]),
        (("拉夫罗夫透露，双方将于下月会面。会谈地点尚未确定。",), [A, F]),
        # a quoted speech ends with its quotation
        (("拉夫罗夫说：“两国关系发展良好。”双边贸易去年增长了三成。",), [A, F]),
        # a meeting narrated in the perfective is the writer's report of an action
        (("据塔斯社报道，两国外长举行了会谈。双方还讨论了能源问题。",), [A, F]),
        # another speaker whose words do not carry on ends the speech
        (("拉夫罗夫指出，两国关系发展良好。王毅宣布，双方将扩大合作。会谈将于明年举行。",), [A, A, F]),
        # the next paragraph is judged on its own
        (("拉夫罗夫指出，两国关系发展良好。", "双边贸易去年增长了三成。"), [A, F]),
        # a speech that starts later in the paragraph carries on to its end too
        (("拉夫罗夫发表讲话，向与会者致以问候。拉夫罗夫强调，两国是邻邦。贸易去年增长了三成。",), [A, A, A]),
        (("两国外长举行了会谈。拉夫罗夫强调，两国是邻邦。贸易去年增长了三成。",), [F, A, A]),
        # a side speaking in an official's speech is the official speaking for it
        (("两国外长举行了会谈。拉夫罗夫强调，两国是邻邦。俄方赞赏中方的立场。",), [F, A, A]),
        # a speech opened with a colon runs on, until a sentence narrates a meeting
        (("某报调侃说：总统似乎打了个盹。这是长途飞行的结果。",), [A, A]),
        (("某报调侃说：总统似乎打了个盹。前一天，总统与商界人士进行了会谈。",), [A, F]),
        # the writer's interjection inside the speech is the writer's
        (("拉夫罗夫指出，两国关系良好。由此可见，合作还会继续。贸易增长了三成。",), [A, E, A]),
        # a citation opening a sentence is no speech that carries on
        (("正如某某研究所所指出的那样，这项处罚过重。双边贸易去年增长了三成。",), [A, F]),
        # numbered points of the speech in the next paragraphs
        (
            ("拉夫罗夫指出，两国合作有两个重点。", "一是扩大能源合作，保障供应稳定。", "二是加强人文交流。"),
            [A, A, A],
        ),
        (("两国外长举行了会谈。", "一是扩大能源合作，保障供应稳定。"), [F, F]),
    ],
)
def test_speech_carries_on_through_its_paragraph(lexicons, paragraphs, expected):
    sentences = annotate_claims(body(*paragraphs), lexicons).sentences
    assert [s.label for s in sentences] == expected, [s.reason for s in sentences]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # attribution verbs and frames: accusations, what a source calls a thing, a view, findings
        ("普京指责美国在边境问题上制造紧张局势。", A),
        ("美方称之为“艰难而直接”。", A),
        ("在一些分析人士看来，这次会晤的象征意义大于实际成果。", A),
        ("经警方调查，这条消息并不属实。", A),
        # a citation opening the sentence puts what follows in the source's mouth
        ("正如某某研究所所指出的那样，这项处罚过重。", A),
        ("援引某某通讯社的话说，两国将扩大合作。", A),
        # a verb that is the noun a relative clause of issuing describes reports nothing
        ("近日，某市警方先后发布的三则通报引起了网友的关注。", F),
        ("某市市长在电视台发表的讲话中说：“疫情已经得到控制。”", A),
        # a verb closing the sentence reports the quoted words before it, not a quoted name
        ("“我们会赢”，他说。", A),
        ("塔斯社、某国“某某”通讯社等多家媒体进行了报道。", F),
        # a cue inside the subject of a holder-less passive: the writer's characterisation
        ("部长引述前任的讲话被广泛认为是一种警告。", E),
        ("他说的这番话被视为一种警告。", E),
        # near miss: the passive in the reported clause is the speaker's
        ("部长援引专家的话说，这个计划被认为是失败的。", A),
        # telling someone reports the clause after whoever was told; 补充道 as 补充说
        ("王小明告诉记者，合作不会长久。", A),
        ("王小明告诉我们他不会来。", F),
        ("拉夫罗夫补充道，合作不会长久。", A),
        # 预计将 is "is expected to": no one predicts; 预计，… and 预计 + clause still report
        ("某国总统预计将宣布新的制裁。", F),
        ("某某组织预计，今年经济将增长三成。", A),
        # a source's characterisation (描述为, 定性为) is attributed
        ("美方把此事定性为一次挑衅。", A),
        # declining to disclose is an action, not a claim
        ("该公司拒绝透露交易的细节。", F),
        # 号称 right before a quotation gives a name; before a clause it reports a claim
        ("这个国家号称“双头鹰”，在东西方之间周旋。", F),
        ("该公司号称，其产品全球第一。", A),
        # near miss: cited inside the writer's own sentence, the sentence stays the writer's
        ("会谈持续了三天，正如某某通讯社所报道的那样。", F),
        # a passive with its holder is the holder's claim; naming a place is not
        ("此举被西方国家视为对邻国的警告。", A),
        ("这座港口城市被俄罗斯称为符拉迪沃斯托克。", F),
        # a short quoted phrase alone does not make the writer's judgement
        ("这场“友好访问”持续了三天。", F),
    ],
)
def test_attribution_cues_and_quoted_phrases(lexicons, text, label):
    (sentence,) = annotate_claims(body(text), lexicons).sentences
    assert sentence.label is label, sentence.reason


def test_a_quoted_phrase_alone_is_kept_as_evidence(lexicons):
    (sentence,) = annotate_claims(body("这场“友好访问”持续了三天。"), lexicons).sentences
    assert [e.kind for e in sentence.evidence] == ["scare_quote"]


@pytest.mark.parametrize(
    ("text", "scare"),
    [
        ("中方所称“抗美援朝”纪念活动在北京举行。", False),  # someone's words
        ("节目《平“语”近人》在当地播出。", False),  # inside a title
        ("苏联发射了“礼炮”1号空间站。", False),  # a name with its number
        ("节目名为“远方”，共有十集。", False),  # a name
        ("他们反对所谓“单极世界”。", True),  # 所谓: the writer's distance
    ],
)
def test_scare_quotes_are_the_writers_own_words(lexicons, text, scare):
    annotation = annotate_claims(body(text), lexicons)
    assert [q.scare for q in annotation.quotes] == [scare]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # after an attribution with a plain object, a question about the reported act (这…？)
        # is the writer's; after 说， / 表示： or in another clause it is the speaker's
        ("总统再三强调两国的友谊，这传递了怎样的意图？", E),
        ("总统表示，两国的友谊还能走多远？", A),
        ("律师质疑警方的做法，为何不交给同事处理？", A),
        # 帝国 is an ideological label, but not inside the name 俄罗斯帝国 (its not_in)
        ("当年俄罗斯帝国与清朝签订了一项边界条约。", F),
        ("这个帝国正在四处扩张。", E),
        # interpretive frames, speculation, reception with no one named, a correction
        ("两国的能源往来为边境城市的发展提供了新的动力。", E),
        ("救援队为受灾村民提供了帐篷和食品。", F),
        ("这次访问或许能缓和两国的紧张关系。", E),
        ("两国能否达成协议，成为外界关注的焦点。", E),
        ("这次访问不是一次礼节性拜访，而是一次摊牌。", E),
        # similes, generalisations, mind-reading; in a speaker's words they are the speaker's
        ("这座港口城市犹如一座通往东方的大门。", E),
        ("这位部长一向对邻国持强硬立场。", E),
        ("总统怀着复杂的心情离开了会场。", E),
        ("他不知道这次谈判会带来什么结果。", E),
        ("部长表示，他不知道谈判会带来什么结果。", A),
        # an interpretive tail
        ("两国开通了新的铁路线，从而打破了海运的垄断。", E),
        ("外交部发言人表示，两国开通了新的铁路线，从而打破了海运的垄断。", A),
        # cues that would hide in other words: 从不 in 从不同, 向来 in 方向来
        ("研究人员从不同角度比较了两国的能源政策。", F),
        ("两国沿着这个方向来推进边境口岸建设。", F),
    ],
)
def test_the_writers_cues_in_one_sentence(lexicons, text, label):
    (sentence,) = annotate_claims(body(text), lexicons).sentences
    assert sentence.label is label, sentence.reason


def test_a_question_mark_in_a_web_address_is_no_question(lexicons):
    from framing.analysis.claims.attribution import find_attribution
    from framing.analysis.claims.cues import claim_cues
    from framing.analysis.claims.editorial import writer_inference

    cues = claim_cues(lexicons)
    for text, asked in (
        ("部长提到了那份报告https://example.org/r?", False),
        ("部长提到了那份报告，这会带来什么?", True),
    ):
        attribution = find_attribution(text, text, cues, [], "")
        assert attribution is not None
        assert (writer_inference(text, attribution, cues) is not None) is asked, text
