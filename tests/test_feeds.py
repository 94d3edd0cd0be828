"""Feeds (RSS 2.0, Atom, RSS 1.0) become one article per item; summaries are marked; a broken
feed gives the items it has and one line about the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from framing.errors import InputError
from framing.ingest.feeds import SUMMARY_MAX_CHARS, is_summary_only, looks_like_feed, read_feed
from framing.ingest.readers.blocks import RawArticle
from framing.model import Role

pytest.importorskip("feedparser")

LONG = [
    "双方代表周四在哈尔滨举行会谈，讨论了口岸通关、跨境支付和农产品检疫等一系列具体问题，并签署了备忘录。",
    "一位参与会谈的官员说，双方同意在今年秋季之前开通新的货运通道，以缓解冬季结冰期带来的运输压力。",
    "有分析人士认为，这些安排主要是技术性的，但也反映出两国在边境经济合作上的共同利益正在扩大。",
    "当地商会表示欢迎，称企业过去常因单据不一致而在口岸滞留数日，新的安排若能落实，将明显降低物流成本。",
    "据了解，双方还将成立一个联合工作组，每季度通报一次口岸运行情况，并就可能出现的新问题及时协商。",
]
ESCAPED = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in LONG)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="style.xsl"?>
<!-- a saved copy of a daily feed -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>联合早报 - 中国</title>
<link>https://www.zaobao.com.sg/news/china</link>
<item>
  <title>中俄举行边境贸易会谈</title>
  <link>https://www.zaobao.com.sg/news/china/story-1</link>
  <pubDate>Thu, 16 May 2024 10:30:00 +0800</pubDate>
  <dc:creator>李四</dc:creator>
  <description>{ESCAPED}&lt;script&gt;alert("不应出现")&lt;/script&gt;</description>
</item>
<item>
  <title>全文在 content:encoded 里</title>
  <link>https://www.zaobao.com.sg/news/china/story-2</link>
  <pubDate>Fri, 17 May 2024 08:00:00 GMT</pubDate>
  <description>一句话摘要……</description>
  <content:encoded><![CDATA[<h2>小标题</h2>{"".join(f"<p>{p}</p>" for p in LONG)}
    <p>更多内容见<a href="/news/china/story-3">相关报道</a>。</p>]]></content:encoded>
</item>
<item>
  <title>只有摘要的条目</title>
  <link>https://www.zaobao.com.sg/news/china/story-3</link>
  <description>双方官员周五再次通电话，讨论了下一轮会谈的日程……</description>
</item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>示例通讯社</title>
  <link href="https://agency.example.org/"/>
  <updated>2024-05-16T12:00:00+08:00</updated>
  <entry>
    <title type="html">能源合作 &amp;lt;新进展&amp;gt;</title>
    <link rel="alternate" href="https://agency.example.org/2024/05/16/energy"/>
    <id>tag:agency.example.org,2024:1</id>
    <published>2024-05-16T09:00:00+08:00</published>
    <updated>2024-05-16T11:00:00+08:00</updated>
    <author><name>王五</name><email>wang@example.org</email></author>
    <summary>摘要。</summary>
    <content type="html">{ESCAPED}</content>
  </entry>
  <entry>
    <title>纯文本条目</title>
    <link href="https://agency.example.org/2024/05/16/plain"/>
    <id>tag:agency.example.org,2024:2</id>
    <updated>2024-05-16T10:00:00Z</updated>
    <content type="text">{LONG[0]}

{LONG[1]}</content>
  </entry>
</feed>
"""

RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example.org/">
    <title>老式新闻站</title>
    <link>https://old.example.org/</link>
  </channel>
  <item rdf:about="https://old.example.org/1">
    <title>旧格式的条目</title>
    <link>https://old.example.org/1</link>
    <dc:date>2024-05-16T08:00:00+08:00</dc:date>
    <description>{"".join(LONG)}</description>
  </item>
</rdf:RDF>
"""

BEIJING = timezone(timedelta(hours=8))


def articles(text: str, path: str = "feed.xml") -> list[RawArticle]:
    items = list(read_feed(text, path))
    assert all(isinstance(i, RawArticle) for i in items), items
    return items


def body(article: RawArticle) -> list[str]:
    return [b.text for b in article.blocks if b.role is Role.BODY]


def test_rss_items_become_articles():
    first, second, third = articles(RSS)
    assert [a.story for a in (first, second, third)] == [1, 2, 3]
    assert first.title == "中俄举行边境贸易会谈"
    assert first.url == "https://www.zaobao.com.sg/news/china/story-1"
    assert first.date == datetime(2024, 5, 16, 10, 30, tzinfo=BEIJING)
    assert first.author == "李四"
    assert first.outlet_names == ("联合早报 - 中国", "李四")
    assert first.blocks[0].role is Role.TITLE and first.blocks[0].text == first.title
    # escaped HTML in the description decoded into paragraphs; the script is gone
    assert body(first) == LONG
    assert not any("不应出现" in b.text or "alert" in b.text for b in first.blocks)
    assert second.date == datetime(2024, 5, 17, 8, 0, tzinfo=UTC)


def test_full_content_is_preferred_over_the_description():
    second = articles(RSS)[1]
    assert [b.text for b in second.blocks if b.role is Role.HEADING] == ["小标题"]
    assert body(second)[: len(LONG)] == LONG
    assert "一句话摘要……" not in [b.text for b in second.blocks]
    (link_block,) = [b for b in second.blocks if b.links]
    assert link_block.links == (("/news/china/story-3", "相关报道"),)


def test_summary_only_items_are_marked():
    first, second, third = articles(RSS)
    assert (first.format, second.format, third.format) == ("rss-feed", "rss-feed", "rss-feed-summary")
    assert [is_summary_only(a) for a in (first, second, third)] == [False, False, True]


@pytest.mark.parametrize(
    ("description", "summary"),
    [
        ("短短一句话。", True),
        ("长" * (SUMMARY_MAX_CHARS + 10) + "。", False),
        ("长" * (SUMMARY_MAX_CHARS + 10) + "...", True),
        ("长" * (SUMMARY_MAX_CHARS + 10) + "[…]", True),
    ],
)
def test_summary_rule(description, summary):
    feed = RSS.replace("双方官员周五再次通电话，讨论了下一轮会谈的日程……", description)
    assert is_summary_only(articles(feed)[2]) is summary


def test_atom_entries():
    first, second = articles(ATOM)
    assert (first.format, second.format) == ("atom-feed", "atom-feed-summary")  # the second is short
    assert first.title == "能源合作 <新进展>"
    assert first.url == "https://agency.example.org/2024/05/16/energy"
    assert first.date == datetime(2024, 5, 16, 9, 0, tzinfo=BEIJING)  # published, not updated
    assert first.author == "王五"
    assert first.outlet_names == ("示例通讯社", "王五")
    assert body(first) == LONG
    # plain-text content: its blank line separates paragraphs
    assert body(second) == LONG[:2]
    assert second.date == datetime(2024, 5, 16, 10, 0, tzinfo=UTC)


def test_rss1_rdf_items():
    (item,) = articles(RDF)
    assert item.format == "rdf-feed"
    assert item.title == "旧格式的条目" and item.url == "https://old.example.org/1"
    assert item.outlet_names == ("老式新闻站",)
    assert item.date == datetime(2024, 5, 16, 8, 0, tzinfo=BEIJING)
    assert body(item) == ["".join(LONG)]


def test_description_escaped_twice_is_decoded():
    twice = ESCAPED.replace("&lt;", "&amp;lt;").replace("&gt;", "&amp;gt;")
    first = articles(RSS.replace(ESCAPED, twice))[0]
    assert body(first) == LONG


def test_declared_encoding_of_decoded_text_is_no_problem():
    items = list(read_feed(RSS.replace('encoding="UTF-8"', 'encoding="gb2312"'), "gb.xml"))
    assert [i.title for i in items] == [a.title for a in articles(RSS)]


def test_truncated_feed_keeps_the_items_read_and_says_so():
    cut = RSS[: RSS.index("讨论了下一轮")]
    *items, error = list(read_feed(cut, "cut.xml"))
    assert [i.title for i in items] == ["中俄举行边境贸易会谈", "全文在 content:encoded 里", "只有摘要的条目"]
    assert isinstance(error, InputError) and error.path == "cut.xml"
    assert error.reason.startswith("malformed feed (") and "3 item(s) read" in error.reason
    assert "\n" not in error.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>空</title></channel></rss>',
            "feed holds no items",
        ),
        ('<rss version="2.0"><channel><title>坏', "malformed feed"),
    ],
)
def test_feed_without_items_is_an_input_error(text, reason):
    with pytest.raises(InputError, match=reason) as raised:
        list(read_feed(text, "empty.xml"))
    assert raised.value.path == "empty.xml"


def test_item_without_text_keeps_its_title_only():
    feed = RSS.replace("<description>双方官员周五再次通电话，讨论了下一轮会谈的日程……</description>", "")
    third = articles(feed)[2]
    assert [b.role for b in third.blocks] == [Role.TITLE]


@pytest.mark.parametrize(
    ("text", "is_feed"),
    [
        (RSS, True),
        (ATOM, True),
        (RDF, True),
        ("\ufeff<rss version='2.0'><channel></channel></rss>", True),
        ('<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss version="0.91">', True),
        ('<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">', True),
        ("<feed><entry/></feed>", False),  # no Atom namespace
        ('<?xml version="1.0"?><html><body><p>不是订阅源</p></body></html>', False),
        ("<!DOCTYPE html><html><head><title>rss</title></head></html>", False),
        ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', False),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', False),
        ("# 标题\n\n正文提到 <rss> 标签。", False),
        ("正文\n<rss version='2.0'>", False),
        ("", False),
    ],
)
def test_looks_like_feed(text, is_feed):
    assert looks_like_feed(text) is is_feed


def test_entities_are_not_expanded_from_outside(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("秘密", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>a&x;b</title><description>正文。</description></item></channel></rss>"
    )
    assert not any("秘密" in str(item) for item in read_feed(feed, "x.xml"))
