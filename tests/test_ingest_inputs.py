"""Inputs that are not files (web addresses, ``-``), manifest rows that cannot be applied, dates
written day or month first, and the story filter of broadcast briefs (issues 16 and 17)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from framing.ingest import InputSources, gather_inputs, load_articles
from framing.ingest.inputs import fetched_before, pasted_markdown, web_input
from framing.ingest.manifest import read_manifest
from framing.ingest.options import IngestOptions
from framing.ingest.readers.blocks import Block, RawArticle
from framing.ingest.readers.dates import numeric_date_order, parse_date
from framing.ingest.topic import OFF_TOPIC, digest_story_on_topic
from framing.model import LedgerEntry, LedgerStatus, Role

ARTICLE = "俄罗斯总统普京周四抵达北京，开始为期两天的国事访问。双方将签署多项合作文件。"


# ── web addresses and standard input ──────────────────────────────────────────


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("https://example.com/news/1.html", "https://example.com/news/1.html"),
        (Path("https://example.com/news/1.html"), "https://example.com/news/1.html"),  # https:/ put back
        ("HTTP://example.com/a", "HTTP://example.com/a"),
        ("corpus/https-notes.md", ""),
        ("https:", ""),
        ("-", ""),
    ],
)
def test_web_input_keeps_both_slashes(given, address):
    assert web_input(given) == address


def test_standard_input_is_saved_with_its_title_and_read(tmp_path):
    sources = InputSources(
        folder=tmp_path / "saved", stdin=io.BytesIO(ARTICLE.encode()), title="普京抵达北京"
    )
    sources = InputSources(
        folder=tmp_path / "saved",
        stdin=io.BytesIO(ARTICLE.encode()),
        title="普京抵达北京",
        date="2024-05-16",
    )
    articles, ledger = load_articles(["-"], sources=sources)
    assert [a.title for a in articles] == ["普京抵达北京"]
    assert articles[0].date.date().isoformat() == "2024-05-16"
    (saved,) = (tmp_path / "saved").iterdir()
    assert saved.name.startswith("pasted-") and ledger[0].path.endswith(saved.name)
    # the same text again: the same file, no second copy
    again = InputSources(folder=tmp_path / "saved", stdin=io.BytesIO(ARTICLE.encode()), title="普京抵达北京",
                         date="2024-05-16")  # fmt: skip
    assert gather_inputs(["-"], again) == [saved]
    assert len(list((tmp_path / "saved").iterdir())) == 1


def test_empty_standard_input_is_one_ledger_line(tmp_path):
    found = gather_inputs(["-"], InputSources(folder=tmp_path, stdin=io.BytesIO(b"")))
    assert len(found) == 1 and isinstance(found[0], LedgerEntry)
    assert found[0].path == "standard input" and found[0].status is LedgerStatus.SKIPPED


def test_pasted_text_with_front_matter_of_its_own_is_kept_as_it_is():
    text = "---\ntitle: 自带标题\n---\n\n正文。\n"
    assert pasted_markdown(text, InputSources(title="另一个标题")) == text


def test_pages_fetched_before_are_found_by_their_front_matter(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: 标题\nurl: https://example.com/final\nrequested_url: https://example.com/old\n"
        "fetched: '2024-05-16T10:00:00Z'\n---\n\n正文。\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("---\nurl: https://example.com/other\n---\n\n没有 fetched 的文件。\n")
    assert fetched_before(tmp_path) == {
        "https://example.com/final": tmp_path / "a.md",
        "https://example.com/old": tmp_path / "a.md",
    }


def test_an_address_without_the_web_extra_is_one_line_each(tmp_path, monkeypatch):
    from framing.ingest import fetch

    def missing():
        raise fetch.FramingError(fetch.MISSING_EXTRA)

    monkeypatch.setattr(fetch, "require_trafilatura", missing)
    found = gather_inputs(["https://example.com/a", "https://example.com/b"], InputSources(folder=tmp_path))
    assert [e.path for e in found] == ["https://example.com/a", "https://example.com/b"]
    assert all("pip install 'framing[web]'" in e.reason for e in found)


# ── dates and the manifest ────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("16/05/2024", None, "2024-05-16"),
        ("05/16/2024", None, "2024-05-16"),
        ("16.05.2024", None, "2024-05-16"),
        ("2024/5/16", None, "2024-05-16"),
        ("05/06/2024", None, None),  # May or June: not said
        ("05/06/2024", True, "2024-06-05"),
        ("05/06/2024", False, "2024-05-06"),
        ("31/02/2024", None, None),
        ("16/05/2024 10:30", None, "2024-05-16"),
    ],
)
def test_dates_with_separators(text, day_first, expected):
    parsed = parse_date(text, day_first=day_first)
    assert (parsed.date().isoformat() if parsed else None) == expected


def test_numeric_date_order():
    assert numeric_date_order("16/05/2024") is True
    assert numeric_date_order("05/16/2024") is False
    assert numeric_date_order("05/06/2024") is None
    assert numeric_date_order("2024-05-16") is None


def write_corpus(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.md").write_text(f"# 普京抵达北京\n\n{ARTICLE}\n", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("# 外长会谈\n\n中俄两国外长在莫斯科会谈，双方讨论了边境贸易。\n")


def test_manifest_dates_follow_the_order_its_other_dates_show(tmp_path):
    write_corpus(tmp_path)
    manifest = tmp_path / "sub" / "manifest.csv"
    manifest.write_text("file,date\na.md,16/05/2024\nb.md,05/06/2024\n", encoding="utf-8")
    articles, ledger = load_articles([tmp_path / "sub"], IngestOptions(manifest=manifest))
    dates = {Path(a.path).name: a.date.date().isoformat() for a in articles}
    assert dates == {"a.md": "2024-05-16", "b.md": "2024-06-05"}  # day first, as 16/05 shows
    assert not [e for e in ledger if e.format == "manifest" and ":" in Path(e.path).name]


def test_manifest_rows_that_cannot_be_applied_are_each_one_ledger_line(tmp_path, monkeypatch):
    write_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    manifest = tmp_path / "sub" / "manifest.csv"
    manifest.write_text(
        "file,outlet,date\n"
        "a.md,VOA 美国之音,05/06/2024\n"  # May or June: nothing in the manifest tells
        "sub/b.md,BBC 中文,2024-05-16\n"  # relative to the current folder, not the manifest's
        "missing.md,BBC 中文,2024-05-16\n"
        "a.md,,someday\n",
        encoding="utf-8",
    )
    articles, ledger = load_articles([tmp_path / "sub"], IngestOptions(manifest=manifest))
    warnings = {
        e.path.rsplit("/", 1)[-1]: e.reason for e in ledger if e.format == "manifest" and ".csv:" in e.path
    }
    assert warnings == {
        "manifest.csv:3": "manifest row names sub/b.md, which does not exist; it exists relative to "
        f"{tmp_path}: paths in a manifest are relative to the manifest's own folder",
        "manifest.csv:4": "manifest row names missing.md, which does not exist",
        "manifest.csv:5": "date 'someday' of a.md not used: not a date framing reads (write 2024-05-16)",
    }
    assert len(articles) == 2  # the run goes on


def test_ambiguous_date_alone_is_a_warning(tmp_path):
    write_corpus(tmp_path)
    manifest = tmp_path / "sub" / "manifest.csv"
    manifest.write_text("file,date\na.md,05/06/2024\n", encoding="utf-8")
    _, ledger = load_articles([tmp_path / "sub"], IngestOptions(manifest=manifest))
    (warning,) = [e for e in ledger if e.path.endswith("manifest.csv:2")]
    assert (
        warning.reason
        == "date '05/06/2024' of a.md not used: day or month first? no other date of the manifest tells"
    )


def test_manifest_row_of_one_story_overrides_the_file_row(tmp_path):
    (tmp_path / "stories.jsonl").write_text(
        '{"title": "第一条", "text": "中俄两国外长在莫斯科会谈。"}\n'
        '{"title": "第二条", "text": "普京抵达北京。"}\n',
        encoding="utf-8",
    )
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "file,title,event,date\nstories.jsonl,全文件,e-all,2024-05-01\nstories.jsonl#2,改过的标题,e-two,2024-05-02\n",
        encoding="utf-8",
    )
    assert set(read_manifest(manifest).rows) == {
        ((tmp_path / "stories.jsonl").resolve(), 0),
        ((tmp_path / "stories.jsonl").resolve(), 2),
    }
    articles, _ = load_articles([tmp_path / "stories.jsonl"], IngestOptions(manifest=manifest))
    assert [(a.title, a.event, a.date.day) for a in articles] == [
        ("第一条", "e-all", 1),
        ("改过的标题", "e-two", 2),
    ]


# ── broadcast briefs ──────────────────────────────────────────────────────────

TOPIC = __import__("re").compile("俄|普京|莫斯科")


def brief(*items: tuple[str, str]) -> RawArticle:
    blocks = [Block(Role.TITLE, "国内联播快讯"), Block(Role.BODY, "央视网消息（新闻联播）：")]
    for heading, body in items:
        blocks += [Block(Role.HEADING, heading), Block(Role.BODY, body)]
    blocks.append(Block(Role.LINKS, "查看原文"))
    return RawArticle("cctv-digest", "国内联播快讯", tuple(blocks), story=8)


def test_a_brief_keeps_only_its_items_on_the_topic():
    story = brief(
        ("今年2月民航旅客量同比增长", "民航局发布数据显示，旅客运输量同比增长。"),
        ("两国电视台合作开发影像资料", "双方今天在莫斯科签署合作备忘录。"),
        ("某地水库加大出库流量", "水库将日均出库流量提高，用于春耕生产。"),
    )
    outcome = digest_story_on_topic(story, TOPIC)
    kept = outcome.story
    assert kept is not None and kept.title == "两国电视台合作开发影像资料"
    assert [b.text for b in kept.blocks] == [
        "两国电视台合作开发影像资料",
        "央视网消息（新闻联播）：",
        "两国电视台合作开发影像资料",
        "双方今天在莫斯科签署合作备忘录。",
        "查看原文",
    ]
    assert outcome.note == "brief (国内联播快讯): kept 1 of 3 items, the others off the China–Russia topic"


def test_a_brief_with_no_item_on_the_topic_is_left_out():
    story = brief(("甲", "民航旅客量增长。"), ("乙", "水库出库流量提高。"), ("丙", "某地举办博览会。"))
    assert digest_story_on_topic(story, TOPIC).story is None
    assert digest_story_on_topic(story, TOPIC).note == OFF_TOPIC


def test_a_story_with_two_sections_is_not_a_brief():
    story = brief(("会谈举行", "两国外长在莫斯科会谈。"), ("其他", "双方还讨论了旅游合作。"))
    assert digest_story_on_topic(story, TOPIC).story is story


def test_a_reason_shared_by_many_skipped_inputs_is_one_counted_line(capsys):
    from framing.cli.options import report_skips

    entries = [LedgerEntry(f"digest.md#{n}", LedgerStatus.SKIPPED, OFF_TOPIC) for n in range(1, 105)]
    entries += [LedgerEntry("scan.pdf", LedgerStatus.SKIPPED, "scanned PDF: no text layer")]
    entries += [LedgerEntry("a.md", LedgerStatus.INGESTED)]
    report_skips(entries)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"framing: skipped 104 inputs (listed in the ledger): {OFF_TOPIC}",
        "framing: skipped scan.pdf: scanned PDF: no text layer",
    ]
