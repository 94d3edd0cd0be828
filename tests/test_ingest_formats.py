"""Every format and encoding ingests from fixtures written for these tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import InputError
from framing.ingest import (
    IngestOptions,
    article_from_record,
    article_to_record,
    articles_to_jsonl,
    decode_bytes,
    load_articles,
    read_article_file,
)
from framing.ingest.readers import detect_format, parse_date
from framing.model import LedgerStatus, OutletKind, Role

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def only(path: Path, options: IngestOptions | None = None):
    articles, ledger = load_articles([path], options)
    assert all(e.status is LedgerStatus.INGESTED for e in ledger), ledger
    return articles


def roles(article) -> dict[str, Role]:
    return {p.text: p.role for p in article.paragraphs}


# name, format, title, outlet, date (or None), {text: role}
CASES = [
    (
        "front_matter.md",
        "front-matter-markdown",
        "示例报道：两国外长在日内瓦会面",
        "unknown",
        datetime(2024, 4, 2, 8, 30, tzinfo=timezone(timedelta(hours=2))),
        {
            "作者：测试作者": Role.BYLINE,
            "图片来源：示例通讯社": Role.CAPTION,
            "后续安排": Role.HEADING,
            "延伸阅读：上一轮会谈回顾": Role.LINKS,
            "校对：编辑部": Role.BYLINE,
            "一位外交官说，会谈气氛“坦率而务实”。": Role.BODY,
        },
    ),
    (
        "timestamp_link.html",
        "timestamp-link-html",
        "示例标题：边境贸易额创新高",
        "VOA",
        datetime(2024, 4, 2, 8, 30, tzinfo=UTC),
        {
            "Tue, 02 Apr 2024 08:30:00 GMT": Role.DATELINE,
            "口岸的货车排起长队。（2024年4月1日）": Role.CAPTION,
            "物流瓶颈": Role.HEADING,
            "相关报道一": Role.LINKS,
            "这是一个引人注目的引语段落，用来测试。": Role.PULL_QUOTE,
            "本台记者某某华盛顿报道": Role.BYLINE,
            "一些商人抱怨口岸通关时间过长。": Role.BODY,
        },
    ),
    (
        "page.html",
        "html-page",
        "示例网页：港口扩建工程启动",
        "Zaobao",
        datetime(2024, 5, 6, 10, 0, tzinfo=timezone(timedelta(hours=8))),
        {"工程现场。（示例图片）": Role.CAPTION, "资金来源": Role.HEADING},
    ),
    (
        "plain.txt",
        "plain-text",
        "示例纯文本新闻标题",
        "unknown",
        None,
        {"气象专家提醒，公众应注意防寒保暖。": Role.BODY},
    ),
    (
        "gnews_mirror.md",
        "gnews-mirror-markdown",
        "示例评论：某地物价上涨",
        "GNews",
        None,
        {
            ":house:返回首頁": Role.FOOTER,
            "示例农场 轉載自GNews": Role.BYLINE,
            "撰稿：示例撰稿人": Role.BYLINE,
            "编辑：示例编辑": Role.BYLINE,
            "Privacy Policy": Role.LINKS,
        },
    ),
]


@pytest.mark.parametrize(("name", "fmt", "title", "outlet", "when", "expected"), CASES)
def test_single_article_formats(name, fmt, title, outlet, when, expected):
    (article,) = only(FIXTURES / name)
    assert article.format == fmt
    assert article.title == title
    assert article.paragraphs[0].role is Role.TITLE and article.paragraphs[0].text == title
    assert article.outlet == outlet
    assert article.date == when
    found = roles(article)
    for text, role in expected.items():
        assert found.get(text) is role, (text, found.get(text))


def test_page_body_leaves_navigation_out():
    (article,) = only(FIXTURES / "page.html")
    assert "首页" not in article.text and "版权所有" not in article.text
    assert [(k.text, k.domain) for k in article.links] == [("地方债券", "example.org")]


@pytest.mark.parametrize(
    ("name", "titles", "outlets"),
    [
        ("records.json", ["JSON 记录一：新航线开通", "JSON 记录二：农产品出口增长"], ["Reuters", "Xinhua"]),
        ("records.jsonl", ["JSONL 记录一：铁路货运量上升", "JSONL 记录二：展会开幕"], ["RFI", "DW"]),
        ("records.csv", ["CSV 记录一：港口吞吐量", "CSV 记录二：春耕进展"], ["VOA", "CCTV"]),
    ],
)
def test_record_exports_give_one_article_per_record(name, titles, outlets):
    articles, ledger = load_articles([FIXTURES / name])
    assert [a.title for a in articles] == titles
    assert [a.outlet for a in articles] == outlets
    assert [a.story for a in articles] == [1, 2]
    assert [e.path.rsplit("#", 1)[1] for e in ledger] == ["1", "2"]


def test_csv_without_text_column_lists_the_columns_found():
    _, (entry,) = load_articles([FIXTURES / "no_text_column.csv"])
    assert entry.status is LedgerStatus.SKIPPED
    assert "no text column" in entry.reason and "name, when, where" in entry.reason


def test_cctv_digest_splits_stories():
    articles, ledger = load_articles([FIXTURES / "cctv_digest.md"], IngestOptions(all_stories=True))
    assert [(a.story, a.title) for a in articles] == [
        (1, "示例新闻一：全国夏粮收购开始"),
        (2, "示例新闻二：国际联播快讯"),
        (4, "示例新闻四：两国外长通电话"),
    ]
    assert all(a.outlet == "CCTV" and a.outlet_kind is OutletKind.STATE_MEDIA for a in articles)
    assert articles[0].url == "https://tv.cctv.com/2024/06/01/VIDEtest1.shtml"
    assert articles[0].date == datetime(2024, 6, 1, 19, tzinfo=timezone(timedelta(hours=8)))
    assert roles(articles[1])["某国举行大选"] is Role.HEADING
    assert [e.status for e in ledger] == [
        LedgerStatus.INGESTED,
        LedgerStatus.INGESTED,
        LedgerStatus.SKIPPED,
        LedgerStatus.INGESTED,
    ]
    assert ledger[2].path.endswith("#3") and "no body text" in ledger[2].reason


def test_digest_stories_off_the_china_russia_topic_are_skipped_with_the_reason():
    articles, ledger = load_articles([FIXTURES / "cctv_digest.md"])
    assert [a.story for a in articles] == [4]
    off_topic = [e for e in ledger if "off the China–Russia topic" in e.reason]
    assert [e.path.rsplit("#", 1)[1] for e in off_topic] == ["1", "2"]
    assert all(e.status is LedgerStatus.SKIPPED for e in off_topic)


def test_single_articles_are_never_filtered_by_topic():
    articles, _ = load_articles([FIXTURES / "plain.txt"])
    assert len(articles) == 1


def test_traditional_text_is_normalised_with_aliases_and_offsets():
    (article,) = only(FIXTURES / "traditional.md")
    assert article.script == "traditional"
    assert article.outlet == "CNA"
    assert "蒲亭" in article.text and "普京" in article.normalized and "蒲亭" not in article.normalized
    assert "特朗普" in article.normalized  # 川普 → 特朗普 changes the length
    start = article.normalized.index("特朗普")
    orig = article.original_span(start, start + 3)
    assert article.text[orig[0] : orig[1]] == "川普"
    after = article.normalized.index("时期")
    orig = article.original_span(after, after + 2)
    assert article.text[orig[0] : orig[1]] == "時期"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5", "utf-8-sig", "utf-16"])
def test_encodings_decode_to_the_same_article(tmp_path, encoding):
    source = (FIXTURES / "traditional.md").read_text(encoding="utf-8")
    if encoding in ("gb18030", "gbk"):
        source = source.replace("（", "(").replace("）", ")")  # keep to characters every codec has
    target = tmp_path / "re-encoded.txt"
    target.write_bytes(source.encode(encoding))
    (article,) = only(target)
    assert article.title == "習近平與蒲亭視訊會晤"
    assert "普京" in article.normalized
    assert article.encoding.replace("_", "-") in {encoding, "gb18030", "utf-8-sig", "utf-16"}


def test_simplified_gb18030_text(tmp_path):
    target = tmp_path / "gb.txt"
    target.write_bytes((FIXTURES / "plain.txt").read_text(encoding="utf-8").encode("gb18030"))
    (article,) = only(target)
    assert article.title == "示例纯文本新闻标题" and article.encoding == "gb18030"


def test_manifest_in_a_folder_is_reported_not_read():
    articles, ledger = load_articles([FIXTURES])
    manifest = [e for e in ledger if e.path.endswith("manifest.csv")]
    assert manifest[0].status is LedgerStatus.SKIPPED and manifest[0].reason.startswith("manifest:")
    assert not any(a.path.endswith("manifest.csv") for a in articles)


def test_manifest_option_sets_outlet_date_and_event():
    options = IngestOptions(manifest=FIXTURES / "manifest.csv")
    (article,) = only(FIXTURES / "plain.txt", options)
    assert (article.outlet, article.outlet_kind, article.event) == (
        "RFI",
        OutletKind.PUBLIC_BROADCASTER,
        "2024-03-test-event",
    )
    assert article.date == datetime(2024, 3, 3)


def test_outlet_override_and_map(tmp_path):
    (article,) = only(FIXTURES / "plain.txt", IngestOptions(outlet="BBC 中文"))
    assert article.outlet == "BBC"
    (article,) = only(FIXTURES / "plain.txt", IngestOptions(outlet="某某小报"))
    assert (article.outlet, article.outlet_kind) == ("某某小报", OutletKind.UNKNOWN)
    mapping = tmp_path / "map.csv"
    mapping.write_text("match,outlet\n*/plain.txt,DW\n", encoding="utf-8")
    (article,) = only(FIXTURES / "plain.txt", IngestOptions(outlet_map=mapping))
    assert article.outlet == "DW"


def test_bad_manifest_raises_listing_columns(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("path,outlet\nx,VOA\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns found: path, outlet"):
        load_articles([FIXTURES / "plain.txt"], IngestOptions(manifest=bad))


def test_duplicates_are_named(tmp_path):
    text = (FIXTURES / "plain.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "d.txt").write_text(
        "另一篇完全不同的新闻\n\n今天股市大幅上涨，成交量放大。", encoding="utf-8"
    )
    articles, ledger = load_articles([tmp_path])
    status = {Path(e.path).name: (e.status, e.duplicate_of) for e in ledger}
    assert status["a.txt"][0] is LedgerStatus.INGESTED
    assert status["b.txt"] == (LedgerStatus.DUPLICATE, str(tmp_path / "a.txt"))
    assert status["d.txt"][0] is LedgerStatus.INGESTED
    assert len(articles) == len(ledger) - sum(e.status is LedgerStatus.DUPLICATE for e in ledger)


def test_near_duplicate_detected(tmp_path):
    body = "。".join(f"第{i}段新闻内容讲述了港口扩建和物流发展的情况" for i in range(30))
    (tmp_path / "a.txt").write_text(f"标题一\n\n{body}。", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"标题二\n\n{body}！", encoding="utf-8")
    _, ledger = load_articles([tmp_path])
    assert ledger[1].status is LedgerStatus.DUPLICATE and ledger[1].duplicate_of.endswith("a.txt")


def test_record_round_trip_and_article_file(tmp_path):
    articles, _ = load_articles([FIXTURES])
    for article in articles:
        record = article_to_record(article)
        assert article_from_record(json.loads(json.dumps(record))) == article
    out = tmp_path / "articles.jsonl"
    out.write_text(articles_to_jsonl(articles), encoding="utf-8")
    assert read_article_file(out) == articles


def test_article_record_missing_field_raises():
    with pytest.raises(InputError, match="lacks field"):
        article_from_record({"path": "x"})


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("---\ntitle: x\n---\nbody", "front-matter"),
        ("<!--1700000000000-->\n[t](http://a.b)\n------\n<p>x</p>", "timestamp-link-html"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html-page"),
        ('[{"text": "x"}]', "json"),
        ('{"text": "x"}\n{"text": "y"}\n', "jsonl"),
        ("title,text\na,b\n", "csv"),
        ("# 《新闻联播》 (20240101)\n", "cctv-digest"),
        ("只是一段文字，没有格式。", "markdown"),
        ("标题：你好，世界\n正文", "markdown"),
    ],
)
def test_detect_format_from_content(text, fmt):
    assert detect_format(text) == fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sun, 06 Feb 2022 03:46:09 GMT", datetime(2022, 2, 6, 3, 46, 9, tzinfo=UTC)),
        ("2021-06-28T11:00:00.000Z", datetime(2021, 6, 28, 11, tzinfo=UTC)),
        ("2022年2月23日", datetime(2022, 2, 23)),
        ("1639594666000", datetime(2021, 12, 15, 18, 57, 46, tzinfo=UTC)),
        ("20230321", datetime(2023, 3, 21)),
        ("not a date", None),
        ("2022年13月40日", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"\x00\x01\x02abc" * 10, "binary file"),
        (b"\xef\xbb\xbf\xff\xfe\xfa", "byte-order mark"),
    ],
)
def test_decode_bytes_rejects(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_near_duplicates_found_among_articles_sharing_boilerplate(tmp_path):
    shared = "本台评论员认为两国关系的发展受到各方关注。" * 3
    bodies = [
        shared + "".join(f"第{i}篇第{j}段描述会谈、协议细节和数字{i * 37 + j * 101}。" for j in range(12))
        for i in range(6)
    ]
    for i, body in enumerate(bodies):
        (tmp_path / f"a{i}.txt").write_text(f"标题{i}\n\n{body}\n", encoding="utf-8")
    # A near copy of a2: one sentence changed at the end.
    (tmp_path / "b.txt").write_text(f"标题二\n\n{bodies[2]}另有一句补充。\n", encoding="utf-8")
    articles, ledger = load_articles([tmp_path])
    assert len(articles) == 6
    (duplicate,) = [e for e in ledger if e.status is LedgerStatus.DUPLICATE]
    assert duplicate.path.endswith("b.txt") and duplicate.duplicate_of.endswith("a2.txt")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 中文()[]>!:/.\t\u3000xy#-", max_size=60))
def test_plain_lines_take_the_fast_path_with_the_same_result(line):
    # "*" forces the full path (it is stripped as emphasis); a line without markup must
    # come out of the fast path exactly as it does from the full one.
    from framing.ingest.readers.markdown import markdown_inline

    assert markdown_inline(line) == markdown_inline(line + "*")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 中文()[]>!:/.\t\u3000\n\r\x0c\u2028 12xy#-=+", max_size=80))
def test_plain_bodies_take_the_fast_path_with_the_same_result(text):
    # A last line "*" (an empty list item, no block) sends the text through the parser: a
    # text the fast path takes must come out of the parser the same.
    from framing.ingest.readers.markdown import markdown_blocks

    assert markdown_blocks(text) == markdown_blocks(text + "\n\n*")


@pytest.mark.parametrize("threshold", [0.5, 0.8, 0.9, 1.0])
def test_duplicates_found_are_those_an_exact_comparison_of_every_pair_finds(tmp_path, threshold):
    # Exact copies, near copies (a sentence added, at several lengths), copies of copies,
    # shared boilerplate and empty bodies, in a shuffled order: the MinHash candidates must
    # not lose a pair that the exact Jaccard similarity of all pairs finds.
    import random
    from dataclasses import replace

    from framing.ingest import Deduper, find_duplicates
    from framing.ingest.duplicates import shingles

    rng = random.Random(11)
    shared = "本台评论员认为两国关系的发展受到各方关注。" * 2
    texts = []
    for i in range(40):
        body = shared + "".join(
            f"第{i}篇第{j}段写会谈和数字{i * 37 + j * 101}。" for j in range(rng.randint(1, 14))
        )
        texts.append(body)
        if rng.random() < 0.5:  # a ladder of versions, each a sentence longer than the last:
            for k in range(1, rng.randint(2, 7)):  # neighbours near, the ends less so
                texts.append(body + "".join(f"补充第{m}点说明{m * 13}。" for m in range(k)))
    texts += ["", "。"]
    rng.shuffle(texts)
    for i, text in enumerate(texts):
        (tmp_path / f"{i:03d}.txt").write_text(f"标题{i}\n\n{text}\n", encoding="utf-8")
    articles, _ = load_articles([tmp_path], IngestOptions(near_duplicate=1.0))  # drops exact copies
    for article in rng.sample(articles, 8):  # so copy some after loading, under other names
        articles.insert(rng.randint(0, len(articles)), replace(article, path=article.path + ".copy"))
    expected, kept = [], []
    for article in articles:  # the earliest kept article at the threshold, by brute force
        own = set(shingles(article).tolist())
        original = None
        for other, other_shingles in kept:
            union = len(own | other_shingles)
            near = threshold < 1 and union and len(own & other_shingles) / union >= threshold
            if other.id == article.id or near:
                original = other.path
                break
        expected.append(original)
        if original is None:
            kept.append((article, own))
    items = [(a, a.path, Deduper.fingerprint(a) if i % 2 else None) for i, a in enumerate(articles)]
    assert find_duplicates(items, threshold) == expected
    assert any(expected) and not all(expected)


def test_lsh_bands_keep_pairs_at_the_threshold():
    from framing.ingest.duplicates import CANDIDATE_RECALL, NUM_PERM, bands

    assert bands(0.9) == (10, 6)
    for threshold in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99):
        count, rows = bands(threshold)
        assert count * rows <= NUM_PERM and count >= 2
        assert 1 - (1 - threshold**rows) ** count >= CANDIDATE_RECALL


def test_fingerprint_is_datasketchs_minhash_of_the_body_shingles(tmp_path):
    from datasketch import MinHash

    from framing.ingest.duplicates import NUM_PERM, SEED, fingerprint, shingle_hashes

    body = "。".join(f"第{i}段写的是一座新桥通车后两岸居民往来的变化" for i in range(12))
    (tmp_path / "a.txt").write_text(f"大桥通车\n\n{body}。", encoding="utf-8")
    (article,), _ = load_articles([tmp_path])
    plain = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme="affine32")
    plain.update_batch(shingle_hashes(article).tolist())
    assert fingerprint(article).tolist() == plain.hashvalues.tolist()
    assert fingerprint(article).tolist() == fingerprint(article).tolist()  # drawn once, used again


def test_ingest_context_takes_the_lexicons_it_is_given(monkeypatch):
    import framing.ingest.options as module
    from framing.lexicon import load_lexicons

    lexicons = load_lexicons()

    def loaded_again(extra=()):
        raise AssertionError("the lexicons were read again")

    monkeypatch.setattr(module, "load_lexicons", loaded_again)
    context = module.ingest_context(IngestOptions(), lexicons)
    assert context.topic is not None  # built from the lexicons given (their topic table)
    with pytest.raises(AssertionError, match="read again"):
        module.ingest_context(IngestOptions())


def test_datasketch_is_imported_without_scipy_integrate_and_leaves_the_real_one_importable():
    """A fresh process: the duplicate check works without importing scipy.integrate, which
    datasketch's LSH module names for a search framing never runs; afterwards
    ``import scipy.integrate`` gives the real module."""
    import subprocess
    import sys

    script = """
import sys
from framing.ingest.duplicates import Deduper, NUM_PERM, bands
deduper = Deduper(0.9)
assert deduper.index is not None and "scipy.integrate" not in sys.modules
import datasketch.lsh
quad = datasketch.lsh.integrate  # what its parameter search calls
assert abs(quad(lambda x: x, 0.0, 1.0)[0] - 0.5) < 1e-9
import scipy.integrate
assert scipy.integrate.__file__ and hasattr(scipy.integrate, "solve_ivp")
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
