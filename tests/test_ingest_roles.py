"""Paragraph roles from text: every word of the built-in ``ingest_roles`` table does its job,
the rules around the words hold, and a user's lexicon extends the words."""

from __future__ import annotations

import pytest

from framing.ingest import IngestOptions, load_articles
from framing.ingest.readers.blocks import Block
from framing.ingest.readers.html import html_blocks
from framing.ingest.readers.roles import finish_blocks, role_from_text
from framing.ingest.readers.vocabulary import GAP, RoleVocabulary, default_vocabulary
from framing.lexicon import builtin_dir, read_table
from framing.model import Role

TABLE = read_table(builtin_dir() / "ingest_roles.tsv")
WORDS = default_vocabulary()


def role(text: str, start: Role = Role.BODY) -> Role:
    return role_from_text(text, start, WORDS)


def terms(*types: str) -> list[str]:
    return [row["term"] for row in TABLE if row["type"] in types]


def filled(term: str) -> str:
    return term.replace(GAP, "示例")


# A line written around each term of a type, and the role it must get.
LINES = {
    "credit": (lambda t: f"{t}：张三", Role.BYLINE),
    "credit_anywhere": (lambda t: f"（{t}：张三）", Role.BYLINE),
    "author_credit": (lambda t: f"{t}：张三", Role.BYLINE),
    "credit_phrase": (lambda t: t.replace(GAP, "张三北京"), Role.BYLINE),
    "repost": (lambda t: f"张三 {t}示例网", Role.BYLINE),
    "agency": (lambda t: f"（示例{t}）", Role.BYLINE),
    "disclaimer": (lambda t: f"本文{filled(t)}。", Role.DISCLAIMER),
    "disclaimer_start": (lambda t: f"{t} 2024 示例网", Role.DISCLAIMER),
    "links_lead": (lambda t: f"{t}两国关系回顾", Role.LINKS),
    "greeting": (lambda t: f"{t}，这里是示例节目，我是主持人张三。", Role.BYLINE),
    "footer": (lambda t: f"欢迎{filled(t)}示例", Role.FOOTER),
    "feed_footer": (lambda t: f"{t}示例", Role.FOOTER),
    "footer_line": (lambda t: t, Role.FOOTER),
    "caption": (lambda t: f"{t}示例", Role.CAPTION),
    "caption_start": (lambda t: f"{t}两国元首会谈现场", Role.CAPTION),
    "dateline_word": (lambda t: f"示例社北京3月21日{t}。", Role.DATELINE),
    "end_mark": (lambda t: f"（{t}）", Role.FOOTER),
    "date_label": (lambda t: f"{t}：2021-06-28 10:00", Role.DATELINE),
}


@pytest.mark.parametrize(
    ("term", "kind"), [(row["term"], row["type"]) for row in TABLE if row["type"] in LINES]
)
def test_every_built_in_word_gives_its_role(term, kind):
    line, expected = LINES[kind]
    assert role(line(term)) is expected, line(term)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("文末 © 2024", Role.BODY),  # © counts only at the start
        ("免责声明" + "字" * 300, Role.BODY),  # too long for a disclaimer
        ("Terms of use apply here", Role.BODY),  # a footer line is the whole line
        ("**Privacy Policy**", Role.FOOTER),
        ("这张图为示意", Role.BODY),  # 图为 counts only at the start
        ("编辑说，会谈取得成果。", Role.BODY),  # clause punctuation: a sentence, not a credit
        ("编辑 和 记者：张三", Role.BYLINE),  # several credits before one colon
        ("（示例通讯社北京3月17日电）中国国家主席与到访的俄罗斯总统举行会谈。", Role.BODY),
        ("2024年3月17日", Role.DATELINE),
        ("2021-06-28T09:53:35.120Z", Role.DATELINE),  # ISO time stamps
        ("28/06/2021 10:30", Role.DATELINE),
        ("2021年6月28日 星期一 下午3:05", Role.DATELINE),
        ("June 28, 2021", Role.DATELINE),
        ("6 分钟前", Role.DATELINE),  # relative to the visit
        ("3 hours ago", Role.DATELINE),
        ("6 分钟前，两国外长举行会谈。", Role.BODY),
        ("示例社12月15日消息。", Role.DATELINE),  # a dateline alone
        ("示例社12月15日消息，两国外长举行会谈。", Role.BODY),  # a dateline leading a sentence
        ("-完-", Role.FOOTER),
        ("完成了", Role.BODY),
        ("张三/李四（示例社、路透）", Role.BYLINE),  # writers, then the agencies
        ("张三/李四", Role.BODY),
        ("— 示例台 (@example_tv) June 29, 2021", Role.CAPTION),  # an embedded post's signature
        ("中俄两国海军在日本海举行联合演习。", Role.BODY),
        # a broadcast's opening: greeting, date and the day's topics, one paragraph
        ("大家好，欢迎收看示例周评，我是张三。今天是3月1日。今天的话题：峰会会开成什么样？", Role.BYLINE),
        ("【示例台2024年3月1日讯】大家好，欢迎收看示例周评。", Role.BYLINE),  # after a dateline
        ("主持人说：大家好，欢迎收看。", Role.BODY),  # the greeting opens the paragraph only
        ("大家好，" + "这是一段很长的讲话。" * 40, Role.BODY),  # too long for an opening
        ("音频处理/发稿：张三", Role.BYLINE),
        ("Translator: 张三", Role.BYLINE),
        ("   ", Role.BODY),
    ],
)
def test_rules_around_the_words(text, expected):
    assert role(text) is expected


def test_a_bold_line_first_read_as_a_heading_can_be_a_credit():
    assert role("**撰稿：张三**", Role.HEADING) is Role.BYLINE
    assert role("两国关系的新阶段", Role.HEADING) is Role.HEADING
    assert role("**更多新闻，请关注示例频道**", Role.HEADING) is Role.LINKS  # a "more news" lead
    assert role("图为会谈现场", Role.HEADING) is Role.HEADING  # a caption is not a heading's override


def test_the_author_is_the_name_after_an_author_credit():
    assert WORDS.author_line.match("作者：张三")[1] == "张三"
    assert WORDS.author_line.match("文：李四")[1] == "李四"
    assert WORDS.author_line.match("摄影：王五") is None  # a credit, not the writer


def test_html_class_names_give_captions_furniture_and_embedded_posts():
    html = (
        '<p class="photo-caption">会谈现场</p><div class="ad-slot">广告内容</div>'
        '<p class="head">两国外长举行会谈。</p>'
        '<blockquote class="twitter-tweet"><p>帖子内容</p></blockquote><blockquote>引语</blockquote>'
    )
    found = {b.text: b.role for b in html_blocks(html, WORDS)}
    assert found == {
        "会谈现场": Role.CAPTION,
        "广告内容": Role.FOOTER,
        "两国外长举行会谈。": Role.BODY,
        "帖子内容": Role.CAPTION,
        "引语": Role.PULL_QUOTE,
    }


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("两国签署协议。（完）", [(Role.BODY, "两国签署协议。"), (Role.BYLINE, "（完）")]),
        (
            "两国签署协议。（完）（编辑：张三）1100628",
            [(Role.BODY, "两国签署协议。"), (Role.BYLINE, "（完）（编辑：张三）1100628")],
        ),
        (
            "示例社12月15日消息。两国外长举行会谈。",
            [(Role.DATELINE, "示例社12月15日消息。"), (Role.BODY, "两国外长举行会谈。")],
        ),
        ("他说（编辑：某某）很好。", [(Role.BODY, "他说（编辑：某某）很好。")]),  # inside a sentence
        ("双方会谈（完）", [(Role.BODY, "双方会谈（完）")]),  # no sentence before it
        ("【示例社6月29日讯】两国外长会谈。", [(Role.BODY, "【示例社6月29日讯】两国外长会谈。")]),
    ],
)
def test_credits_stuck_to_a_paragraph_become_blocks_of_their_own(text, parts):
    found = finish_blocks([Block(Role.BODY, text)], WORDS)
    assert [(b.role, b.text) for b in found] == parts


def test_no_words_of_a_type_match_nothing():
    empty = RoleVocabulary.from_table([])
    assert role_from_text("编辑：张三", Role.BODY, empty) is Role.BODY
    assert role_from_text("2024年3月17日", Role.BODY, empty) is Role.DATELINE  # structure, not words


def test_a_user_lexicon_adds_role_words(tmp_path):
    lexicon = tmp_path / "ingest_roles.tsv"
    lexicon.write_text("term\ttype\tnote\n本站导航\tfooter\ttest\n核稿\tcredit\ttest\n", encoding="utf-8")
    article = tmp_path / "article.md"
    article.write_text("# 标题\n\n两国外长举行会谈。\n\n核稿：张三\n\n本站导航 首页 国际\n", encoding="utf-8")
    (before,), _ = load_articles([article])
    (after,), _ = load_articles([article], IngestOptions(lexicons=(lexicon,)))
    assert [p.role for p in before.paragraphs][-2:] == [Role.BODY, Role.BODY]
    assert [p.role for p in after.paragraphs][-2:] == [Role.BYLINE, Role.FOOTER]


def test_a_long_line_of_credit_words_is_read_once():
    # Credits and separators repeated without a colon: each way of cutting them is not tried.
    words = RoleVocabulary.from_table([{"term": term, "type": "credit"} for term in ("编", "辑", "编辑")])
    assert role_from_text("编辑" * 55 + "。", Role.BODY, words) is Role.BODY


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("示例频道", "示例频道", Role.LINKS),
        ("🔗 两国外长举行会谈", "两国外长举行会谈", Role.LINKS),
        ("两国外长举行会谈。", "两国外长举行会谈。", Role.BODY),  # a sentence
        ("据示例网报道，两国外长举行会谈", "示例网", Role.BODY),  # a link in a sentence
        ("合作领域包括：", "合作领域", Role.BODY),  # a lead into what follows
    ],
)
def test_a_paragraph_that_is_one_link_and_no_sentence_is_a_link(text, anchor, expected):
    (found,) = finish_blocks([Block(Role.BODY, text, (("https://example.org/a", anchor),))], WORDS)
    assert found.role is expected


def test_lines_ruled_out_before_the_rules_are_those_no_rule_names():
    # role_from_text tries no rule on a line that may_be_furniture rules out: on lines built
    # from every word of the table and the signs the rules read, trying every rule agrees.
    import random

    from framing.ingest.readers.roles import RULES, Line

    pieces = [filled(row["term"]) for row in TABLE] + list("（）()【】/／—-：:。，日月年 ©") + [
        "2024年3月1日", "12月15日", "示例", "两国会谈", "张三", "@example", "June 28, 2021", "字" * 40
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        plain = text.strip()
        if not plain:
            continue
        line = Line(plain, len(plain) <= 300 and WORDS.marks.search(plain) is not None)
        every_rule = next((r for rule in RULES if (r := rule(line, WORDS)) is not None), Role.BODY)
        assert role(text) is every_rule, text
