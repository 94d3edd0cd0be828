"""The four seed articles in ../shared/corpus/seeds ingest with the right metadata and roles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from framing.ingest import load_articles
from framing.model import LedgerStatus, Role

SHARED = Path(__file__).parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")

# file stem prefix, title start, date, outlet, body paragraphs at least, {role: texts that must have it}
CASES = [
    (
        "000",
        "新闻述评：俄入侵乌克兰",
        date(2022, 2, 23),
        "GNews",
        15,
        {
            Role.BYLINE: ["轉載自GNews", "作者：东京樱花团", "校对：东京樱花团", "发布：东京樱花团"],
            Role.CAPTION: ["图片来源（视频截图）"],
            Role.LINKS: ["延展阅读：台湾因俄罗斯入侵乌克兰"],
            Role.DATELINE: ["2022年2月23日"],
            Role.DISCLAIMER: ["免责声明"],
        },
    ),
    (
        "001",
        "习普峰会中俄联手抗拒西方",
        date(2023, 3, 22),
        "VOA",
        25,
        {
            Role.DATELINE: ["Wed, 22 Mar 2023 14:41:45 GMT"],
            Role.CAPTION: ["莫斯科旅游纪念品商店", "习近平与普京在克里姆林宫签署中俄协议"],
            Role.HEADING: ["习向普送温暖", "一个分裂的世界"],
        },
    ),
    (
        "002",
        "我们宣告国际关系新时代的开始",
        date(2022, 2, 6),
        "Al Jazeera",
        15,
        {
            Role.HEADING: ["抵制挑战", "俄罗斯与西方"],
            Role.CAPTION: ["俄罗斯对中国进行工作访问"],
            Role.PULL_QUOTE: ["中俄两国都对西方的针对政策感到不满"],
        },
    ),
    (
        "003",
        "西方围堵下中俄",
        date(2021, 12, 15),
        "RFA",
        15,
        {
            Role.LINKS: ["习近平与普京会谈 涉及冬奥", "美中较量针锋相对"],
            Role.HEADING: ["习近平不点名批美国干涉中俄内政", "“不是盟友，胜似盟友”的中俄关系"],
            Role.CAPTION: ["中国国家主席习近平2021年12月15日与俄罗斯总统普京举行了视频会晤"],
            Role.BYLINE: ["自由亚洲电台记者"],
        },
    ),
]


@pytest.fixture(scope="module")
def seeds():
    articles, ledger = load_articles([SEEDS])
    assert [e.status for e in ledger] == [LedgerStatus.INGESTED] * 4
    return {Path(a.path).name[:3]: a for a in articles}


@pytest.mark.parametrize(("prefix", "title", "day", "outlet", "min_body", "roles"), CASES)
def test_seed_metadata_and_roles(seeds, prefix, title, day, outlet, min_body, roles):
    article = seeds[prefix]
    assert article.title.startswith(title)
    assert article.paragraphs[0].role is Role.TITLE and article.paragraphs[0].text == article.title
    assert article.date is not None and article.date.date() == day
    assert article.outlet == outlet
    assert len(article.body_paragraphs()) >= min_body
    for role, needles in roles.items():
        for needle in needles:
            holders = [p for p in article.paragraphs if needle in p.text]
            assert holders, f"{needle!r} missing"
            assert all(p.role is role for p in holders), [(p.role, p.text[:30]) for p in holders]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seed_body_has_no_furniture(seeds, prefix):
    body = " ".join(p.text for p in seeds[prefix].body_paragraphs())
    for furniture in (
        "免责声明",
        "延展阅读",
        "校对：",
        "Privacy Policy",
        "责编：",
        "GMT",
        "（2023年3月21日）",
    ):
        assert furniture not in body


def test_seed_offsets_point_into_text(seeds):
    for article in seeds.values():
        for paragraph in article.paragraphs:
            assert article.text[paragraph.start : paragraph.end] == paragraph.text
