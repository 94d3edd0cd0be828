"""Sentence units and quotation spans (ANNOTATION.md: 。！？!? plus closing marks, paragraph breaks)."""

import pytest

from framing.analysis.sentences import find_quotes, split_sentences, split_text
from framing.model import Article, Paragraph, Role
from tests.claims_helpers import make_article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲方到了。乙方走了。", ["甲方到了。", "乙方走了。"]),
        ("他说：“好。走吧！”然后离开。", ["他说：“好。", "走吧！”", "然后离开。"]),
        ("真的吗？！不会吧", ["真的吗？！", "不会吧"]),
        ("会谈（在北京举行。）结束", ["会谈（在北京举行。）", "结束"]),
        ('He said "yes!" then left.', ['He said "yes!"', "then left."]),
        ("第一项\n第二项。", ["第一项", "第二项。"]),
        ("内涵。 ”他说。", ["内涵。 ”", "他说。"]),
        ("没有句号的一行", ["没有句号的一行"]),
        ("逗号，分号；不是句末", ["逗号，分号；不是句末"]),
        ("   ", []),
    ],
)
def test_split_text(text, expected):
    assert [text[a:b] for a, b in split_text(text)] == expected


def test_split_sentences_keeps_roles_paragraphs_and_offsets():
    article = make_article(
        (Role.TITLE, "标题一行"), (Role.BODY, "第一句。第二句！"), (Role.CAPTION, "图片说明。（图）")
    )
    spans = split_sentences(article)
    assert [s.text for s in spans] == ["标题一行", "第一句。", "第二句！", "图片说明。", "（图）"]
    assert [s.role for s in spans] == [Role.TITLE, Role.BODY, Role.BODY, Role.CAPTION, Role.CAPTION]
    assert all(article.normalized[s.start : s.end] == s.text for s in spans)
    assert [s.index for s in spans] == list(range(5))


def test_split_sentences_maps_through_offset_map():
    # the normalised text is one character shorter than the original: offsets must follow the map
    text = "AB甲。\n\n乙丙。"
    normalized = "A甲。\n\n乙丙。"
    offset_map = (0, 2, 3, 4, 5, 6, 7, 8)
    article = Article(
        id="x",
        path="p",
        title="",
        text=text,
        normalized=normalized,
        paragraphs=(Paragraph(Role.BODY, "AB甲。", 0, 4), Paragraph(Role.BODY, "乙丙。", 6, 9)),
        offset_map=offset_map,
    )
    spans = split_sentences(article)
    assert [s.text for s in spans] == ["A甲。", "乙丙。"]


@pytest.mark.parametrize(
    ("text", "inners", "closed"),
    [
        ("他说：“我们‘朋友’很多。”", ["我们‘朋友’很多。"], [True]),
        ("所谓「安全」与『和平』", ["安全", "和平"], [True, True]),
        ('称其为"伙伴"关系', ["伙伴"], [True]),
        ("“第一段没有结束", ["第一段没有结束"], [False]),
        ("没有引号", [], []),
    ],
)
def test_find_quotes(text, inners, closed):
    quotes = find_quotes(text)
    assert [q.inner for q in quotes] == inners
    assert [q.closed for q in quotes] == closed
