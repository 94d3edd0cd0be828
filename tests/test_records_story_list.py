"""JSON story lists nested anywhere, JSON Lines and CSV with HTML bodies: one article per record,
HTML cleaned, and the ledger says which fields were read (issue 16)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from framing.ingest import load_articles
from framing.ingest.readers.story_list import story_records
from framing.model import LedgerStatus, Role

STORIES = [
    {
        "id": 1,
        "detail": {
            "title": "中俄举行战略安全磋商",
            "pubtime": "2024-05-16 10:00:00",
            "source": "新华社",
            "content": "<p>中俄两国代表在莫斯科举行第十九轮战略安全磋商。</p><p>双方表示将继续加强协调。</p>",
        },
    },
    {
        "id": 2,
        "detail": {
            "title": "两国签署能源协议",
            "pubtime": "2024-05-17 09:00",
            "source": "新华社",
            "content": "<p>两国企业在北京签署能源合作协议，涉及天然气供应。</p>"
            "<script>var x='脚本';</script>",
        },
    },
]


def test_a_story_list_nested_in_the_document_is_found(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"code": 0, "data": {"list": STORIES}}, ensure_ascii=False), encoding="utf-8")
    articles, ledger = load_articles([path])
    assert [a.title for a in articles] == ["中俄举行战略安全磋商", "两国签署能源协议"]
    assert [a.date.date().isoformat() for a in articles] == ["2024-05-16", "2024-05-17"]
    first = articles[0]
    assert [p.role for p in first.paragraphs] == [Role.TITLE, Role.BODY, Role.BODY]
    assert "<p>" not in first.text and "脚本" not in articles[1].text
    assert [e.path for e in ledger] == [f"{path}#1", f"{path}#2"]
    assert all(e.status is LedgerStatus.INGESTED for e in ledger)
    assert ledger[0].reason == (
        "records at data.list; text from detail.content, title from detail.title, "
        "outlet from detail.source, date from detail.pubtime"
    )


def test_the_array_with_text_wins_over_other_arrays():
    document = {"tags": [{"name": "外交"}, {"name": "能源"}], "result": {"items": STORIES}}
    found = story_records(document)
    assert found is not None and found.location == "result.items"
    assert found.fields["text"][0] == "detail.content"


def test_a_long_unnamed_field_is_the_text_when_none_is_named():
    body = "<p>" + "两国外长在北京举行会谈，双方就边境贸易交换了意见。" * 4 + "</p>"
    found = story_records({"rows": [{"headline": "外长会谈", "x_html_v2": body}]})
    assert found is not None and found.fields["text"] == ("x_html_v2",)
    assert found.fields["title"] == ("headline",)


def test_json_without_a_story_list_is_one_line(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"version": 2, "items": [{"id": 1}, {"id": 2}]}', encoding="utf-8")
    articles, ledger = load_articles([path])
    assert articles == [] and len(ledger) == 1
    assert ledger[0].reason.startswith("no story list: no record in the JSON has a text field")
    assert "top-level keys: items, version" in ledger[0].reason


def test_malformed_json_is_one_line(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(json.dumps({"list": STORIES}, ensure_ascii=False)[:150], encoding="utf-8")
    _, ledger = load_articles([path])
    assert len(ledger) == 1 and ledger[0].reason.startswith("malformed JSON at line 1")


def test_json_lines_with_nested_html_records(tmp_path):
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in STORIES) + "\n", encoding="utf-8")
    articles, ledger = load_articles([path])
    assert [a.title for a in articles] == ["中俄举行战略安全磋商", "两国签署能源协议"]
    assert "<p>" not in articles[0].text
    assert ledger[0].reason.startswith("text from detail.content, title from detail.title")


def test_csv_with_html_in_the_body_column(tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["标题", "发布时间", "正文"])
    for story in STORIES:
        detail = story["detail"]
        writer.writerow([detail["title"], detail["pubtime"], detail["content"]])
    path = tmp_path / "stories.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    articles, ledger = load_articles([path])
    assert [a.title for a in articles] == ["中俄举行战略安全磋商", "两国签署能源协议"]
    assert articles[0].paragraphs[1].text == "中俄两国代表在莫斯科举行第十九轮战略安全磋商。"
    assert ledger[0].reason == "text from 正文, title from 标题, date from 发布时间"


@pytest.mark.parametrize(
    ("document", "location"),
    [
        ([{"title": "外长会谈", "text": "两国外长举行会谈。"}], ""),
        ({"articles": [{"title": "外长会谈", "body": "两国外长举行会谈。"}]}, "articles"),
        ({"title": "外长会谈", "content": "两国外长举行会谈。"}, ""),  # one object: one article
        ({"a": {"b": {"c": [{"d": {"正文": "两国外长举行会谈。"}}]}}}, "a.b.c"),
    ],
)
def test_where_the_records_are(document, location):
    found = story_records(document)
    assert found is not None and found.location == location and len(found.records) == 1


def test_an_article_with_an_array_of_comments_is_the_article():
    long = "评论的文字。" * 20
    document = {"title": "外长会谈", "content": "<p>两国外长举行会谈。</p>", "comments": [{"text": long}] * 3}
    found = story_records(document)
    assert found is not None and found.location == "" and len(found.records) == 1
