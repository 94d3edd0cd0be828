"""Articles that are not mostly Chinese are skipped with the reason, unless --any-language (issue 16)."""

from __future__ import annotations

import pytest

from framing.ingest import IngestOptions, load_articles
from framing.ingest.language import not_chinese_reason

ENGLISH = (
    "# Putin arrives in Beijing\n\nRussian President Vladimir Putin arrived in Beijing on Thursday "
    "for a two-day state visit, officials said.\n\nAnalysts say the visit shows deepening ties.\n"
)
CHINESE = "# 普京抵达北京\n\n俄罗斯总统普京周四抵达北京，开始为期两天的国事访问。\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (ENGLISH, "English text"),
        ("Russian President Vladimir Putin (普京) met Xi Jinping (习近平) in Beijing.", "English text"),
        ("Президент России Владимир Путин прибыл в Пекин", "Russian text (Cyrillic script)"),
        ("ロシアのプーチン大統領は木曜日に北京に到着した。", "Japanese text"),
        ("러시아 푸틴 대통령이 목요일 베이징에 도착했다", "Korean text"),
        (CHINESE, ""),
        ("俄罗斯总统普京周四抵达北京。BBC and Reuters reported the visit.", ""),
        # a bilingual article: as many English words as Chinese characters is still Chinese
        ("两国外长会谈。The foreign ministers met.", ""),
        ("2024-05-16 10:00", ""),  # nothing to judge: not refused for its language
    ],
)
def test_not_chinese_reason_names_the_language(text, reason):
    found = not_chinese_reason(text)
    assert found.split(":")[0] == reason
    if reason:
        assert found.endswith("the tool's lexicons and rules are for Chinese")


def test_english_article_is_skipped_unless_any_language(tmp_path):
    (tmp_path / "en.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "zh.md").write_text(CHINESE, encoding="utf-8")
    articles, ledger = load_articles([tmp_path])
    assert [a.path for a in articles] == [str(tmp_path / "zh.md")]
    skipped = {e.path: e.reason for e in ledger if e.status.value == "skipped"}
    assert skipped == {
        str(tmp_path / "en.md"): "English text: the tool's lexicons and rules are for Chinese "
        "(--any-language reads it)"
    }
    articles, ledger = load_articles([tmp_path], IngestOptions(any_language=True))
    assert len(articles) == 2 and all(e.status.value == "ingested" for e in ledger)
    assert {a.language for a in articles} == {"en", "zh"}
