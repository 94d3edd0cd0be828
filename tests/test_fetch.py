"""``framing fetch``: pages served on 127.0.0.1 are saved as Markdown that ``ingest`` reads back,
and every failing address gets its one-line reason."""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import FramingError
from framing.ingest import fetch
from framing.ingest.fetch import FetchError, FetchOptions, fetch_urls, file_stem, web_address
from framing.output import OutputError
from tests.local_site import QuietServer

pytest.importorskip("trafilatura")
runner = CliRunner()

PARAGRAPHS = [
    "据海关部门周四公布的数据，今年前四个月，黑龙江省对俄边境口岸的货运量同比增长百分之十二，创下历史新高。",
    "一位不愿具名的物流企业负责人说，冬季结冰期结束后，界河航运恢复，带动了粮食和木材的进口。",
    "分析人士认为，这一增长主要来自能源和农产品贸易，但也有人担心口岸的运输能力跟不上需求。",
    "当地官员表示，口岸将在下半年延长通关时间，并增加查验通道，以缓解货车排队的情况。",
    "双方代表在会谈中还讨论了跨境支付和边境基础设施建设等议题，并同意在年内再次会面。",
]
SECRET = "脚本里的文字不应进入正文"


def article_page(title: str = "中俄边境口岸货运量创新高", extra: str = "") -> str:
    """A made-up news page: metadata, a menu, a script, the article, a footer."""
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    body += "\n<h2>物流企业扩大投资</h2>\n" + "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title} - 联合早报</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="联合早报">
<meta name="author" content="王小明">
<meta property="article:published_time" content="2024-05-16T10:30:00+08:00">
<script>var tracker = "{SECRET}";</script>
</head><body>
<nav><a href="/">首页</a> <a href="/china">中国</a> <a href="/world">国际</a></nav>
<article><h1>{title}</h1>
<script>document.write("{SECRET}");</script>
{body}{extra}
</article>
<footer>版权所有 2024 示例报业</footer>
</body></html>"""


class Site(BaseHTTPRequestHandler):
    """The pages of the test site, one per case."""

    release = threading.Event()  # set at teardown: the slow page stops waiting
    calls: dict[str, int] = {}
    agents: list[str] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802 - the name http.server calls
        Site.calls[self.path] = Site.calls.get(self.path, 0) + 1
        Site.agents.append(self.headers.get("User-Agent", ""))
        route = {
            "/news/2024/border-trade.html": lambda: self._send(200, article_page()),
            "/%E6%96%B0%E9%97%BB/%E4%B8%AD%E4%BF%84.html": lambda: self._send(
                200, article_page("路径里有中文")
            ),
            "/old-link": lambda: self._redirect("/news/2024/border-trade.html"),
            "/to-file": lambda: self._redirect("file:///etc/passwd"),
            "/to-ftp": lambda: self._redirect("ftp://127.0.0.1/x.html"),
            "/missing": lambda: self._send(404, "<html><body>没有这个页面</body></html>"),
            "/slow": self._slow,
            "/huge": self._huge,
            "/report.pdf": lambda: self._send(200, "%PDF-1.4 not a page", kind="application/pdf"),
            "/menu-only": lambda: self._send(
                200, "<html><body><nav><a href='/'>首页</a></nav></body></html>"
            ),
            "/flaky": self._flaky,
            "/broken": lambda: self._send(503, "<html><body>稍后再试</body></html>"),
            "/gbk": lambda: self._send(200, article_page("繁忙的口岸"), charset="gbk"),
        }.get(self.path)
        if route is None:
            self._send(404, "<html></html>")
        else:
            route()

    def _send(self, status: int, text: str, kind: str = "text/html", charset: str = "utf-8"):
        data = text.encode(charset)
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset={charset}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, target: str):
        self.send_response(301)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self):
        Site.release.wait(5)
        self._send(200, article_page())

    def _huge(self):
        # no Content-Length: the size shows only while reading
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<html><body>" + "<p>很长的页面。</p>".encode() * 20000 + b"</body></html>")
        self.close_connection = True

    def _flaky(self):
        if Site.calls[self.path] == 1:
            self._send(500, "<html><body>出错了</body></html>")
        else:
            self._send(200, article_page("第二次才成功的页面"))


@pytest.fixture(scope="module")
def site():
    """The base URL of the test site on 127.0.0.1 (a free port), served from a thread."""
    server = QuietServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.release.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        Site.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def server_calls():
    Site.calls.clear()
    return Site.calls


FAST = FetchOptions(timeout=0.5, retry_wait=0, host_delay=0, max_bytes=200_000)


def fetch_one(url: str, folder: Path, options: FetchOptions = FAST):
    (outcome,) = fetch_urls([url], folder, options)
    return outcome


def test_page_is_saved_with_front_matter_and_no_script(site, tmp_path):
    outcome = fetch_one(f"{site}/news/2024/border-trade.html", tmp_path)
    assert outcome.saved and outcome.reason == "" and outcome.note == ""
    assert outcome.path == tmp_path / "127-0-0-1-news-2024-border-trade.md"
    text = outcome.path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 中俄边境口岸货运量创新高\n")
    for line in ("outlet: 联合早报", f"url: {site}/news/2024/border-trade.html", "author: 王小明"):
        assert f"\n{line}\n" in text
    assert "date: '2024-05-16T10:30:00+08:00'" in text
    assert "\nfetched: '20" in text and "Z'\n" in text
    assert all(p in text for p in PARAGRAPHS)
    assert "## 物流企业扩大投资" in text
    assert SECRET not in text and "首页" not in text and "版权所有" not in text
    # the paragraphs are Markdown paragraphs, in order
    body = text.split("\n---\n", 1)[1]
    assert body.index(PARAGRAPHS[0]) < body.index("## 物流企业扩大投资") < body.index(PARAGRAPHS[4])


def test_saved_file_reads_back_through_ingest(site, tmp_path):
    folder = tmp_path / "web"
    fetch_one(f"{site}/news/2024/border-trade.html", folder)
    out = tmp_path / "x.jsonl"
    result = runner.invoke(app, ["ingest", str(folder), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["url"] == f"{site}/news/2024/border-trade.html"
    assert record["date"].startswith("2024-05-16T10:30:00+08:00")
    assert record["outlet"] == "Zaobao"
    assert record["title"] == "中俄边境口岸货运量创新高"
    assert PARAGRAPHS[2] in record["text"] and SECRET not in record["text"]


def test_redirect_is_followed_and_the_final_address_kept(site, tmp_path):
    outcome = fetch_one(f"{site}/old-link", tmp_path)
    assert outcome.saved
    text = outcome.path.read_text(encoding="utf-8")
    assert f"\nurl: {site}/news/2024/border-trade.html\n" in text
    assert f"\nrequested_url: {site}/old-link\n" in text
    assert outcome.path.name == "127-0-0-1-news-2024-border-trade.md"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 (Not Found)"),
        ("/report.pdf", "not HTML (application/pdf)"),
        ("/menu-only", "no article text found"),
        ("/huge", "too large: over 0.2 MB"),
        ("/broken", "HTTP 503 (Service Unavailable) (2 tries)"),
    ],
)
def test_failures_have_one_line_reasons(site, tmp_path, path, reason):
    outcome = fetch_one(f"{site}{path}", tmp_path)
    assert not outcome.saved
    assert outcome.reason == reason
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_redirect_to_anything_but_the_web_is_refused(site, tmp_path, path):
    outcome = fetch_one(f"{site}{path}", tmp_path)
    assert not outcome.saved and "/etc/passwd" not in str(list(tmp_path.iterdir()))
    assert "not allowed" in outcome.reason or outcome.reason.startswith("redirected to a non-web address")


def test_declared_size_over_the_limit_is_refused_before_reading(site, tmp_path):
    outcome = fetch_one(f"{site}/news/2024/border-trade.html", tmp_path, FetchOptions(max_bytes=100))
    assert outcome.reason.startswith("too large: 0.0 MB (limit 0.0 MB)")
    big = FetchOptions(max_bytes=5 * 1024 * 1024)
    assert fetch._mb(big.max_bytes) == "5.0 MB"


def test_timeout_is_retried_once_then_reported(site, tmp_path, server_calls):
    started = time.monotonic()
    outcome = fetch_one(f"{site}/slow", tmp_path, FetchOptions(timeout=0.3, retry_wait=0, host_delay=0))
    assert outcome.reason == "timed out after 0.3 s (2 tries)"
    assert server_calls["/slow"] == 2
    assert time.monotonic() - started < 3


def test_address_with_chinese_characters_is_encoded(site, tmp_path):
    outcome = fetch_one(f"{site}/新闻/中俄.html", tmp_path)
    assert outcome.saved, outcome.reason
    assert f"\nurl: {site}/新闻/中俄.html\n" in outcome.path.read_text(encoding="utf-8")
    assert re.fullmatch(r"127-0-0-1-[0-9a-f]{8}\.md", outcome.path.name)
    assert "路径里有中文" in outcome.path.read_text(encoding="utf-8")


def test_server_error_is_retried_once(site, tmp_path, server_calls):
    outcome = fetch_one(f"{site}/flaky", tmp_path)
    assert outcome.saved and server_calls["/flaky"] == 2
    assert "第二次才成功的页面" in outcome.path.read_text(encoding="utf-8")


def test_page_in_gbk_is_decoded_from_the_http_charset(site, tmp_path):
    outcome = fetch_one(f"{site}/gbk", tmp_path)
    assert outcome.saved and PARAGRAPHS[0] in outcome.path.read_text(encoding="utf-8")


def test_name_collision_keeps_the_old_file_and_says_so(site, tmp_path):
    taken = tmp_path / "127-0-0-1-news-2024-border-trade.md"
    taken.write_text("a file the user had\n", encoding="utf-8")
    first = fetch_one(f"{site}/news/2024/border-trade.html", tmp_path)
    second = fetch_one(f"{site}/old-link", tmp_path)
    assert taken.read_text(encoding="utf-8") == "a file the user had\n"
    assert first.path.name == "127-0-0-1-news-2024-border-trade-2.md"
    assert first.note == "127-0-0-1-news-2024-border-trade.md already exists: saved as " + first.path.name
    assert second.path.name == "127-0-0-1-news-2024-border-trade-3.md"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [taken.name, first.path.name, second.path.name]
    )


def test_polite_user_agent_names_framing(site, tmp_path):
    Site.agents.clear()
    fetch_one(f"{site}/news/2024/border-trade.html", tmp_path)
    assert len(Site.agents) == 1 and Site.agents[0].startswith("framing/0.")


def test_every_address_is_accounted_for_in_order(site, tmp_path):
    urls = [
        f"{site}/news/2024/border-trade.html",
        f"{site}/missing",
        "file:///etc/passwd",
        f"{site}/news/2024/border-trade.html",
    ]
    outcomes = list(fetch_urls(urls, tmp_path, FAST))
    assert [o.url for o in outcomes] == urls
    assert [o.reason for o in outcomes] == [
        "",
        "HTTP 404 (Not Found)",
        "not a web address (http:// or https://)",
        "listed twice: fetched once",
    ]


def test_cli_prints_one_line_per_address_and_exits_zero_when_any_saved(site, tmp_path):
    out = tmp_path / "web"
    result = runner.invoke(
        app,
        [
            "fetch",
            f"{site}/news/2024/border-trade.html",
            f"{site}/missing",
            "--out",
            str(out),
            "--timeout",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"saved {site}/news/2024/border-trade.html → {out}" in result.stdout
    assert f"failed {site}/missing: HTTP 404 (Not Found)" in result.stderr
    assert "1 of 2 article(s) saved" in result.stderr


def test_cli_exits_non_zero_when_nothing_fetched(site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# a class list\n{site}/missing\n\n{site}/report.pdf  # the PDF\n", encoding="utf-8")
    result = runner.invoke(app, ["fetch", "--list", str(listing), "--out", str(tmp_path / "web")])
    assert result.exit_code == 1
    assert "failed" in result.stderr and "not HTML (application/pdf)" in result.stderr
    assert "nothing fetched: none of 2 address(es) gave an article" in result.stderr


def test_cli_refuses_a_file_as_out_folder(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["fetch", "https://example.org/a", "--out", str(target)])
    assert result.exit_code == 1
    assert "an existing file, not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_report_folder_is_refused(tmp_path):
    (tmp_path / ".framing-report").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="report folder"):
        list(fetch_urls(["https://example.org/a"], tmp_path, FAST))


def test_missing_extra_names_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(FramingError, match=r"pip install 'framing\[web\]'"):
        list(fetch_urls(["https://example.org/a"], tmp_path))
    result = runner.invoke(app, ["fetch", "https://example.org/a", "--out", str(tmp_path / "w")])
    assert result.exit_code == 1
    assert result.stderr.strip() == "framing: " + fetch.MISSING_EXTRA


@pytest.mark.parametrize(
    ("url", "stem"),
    [
        (
            "https://www.zaobao.com.sg/news/china/story20240516-123.html",
            "zaobao-com-sg-news-china-story20240516-123",
        ),
        ("https://example.org/", "example-org"),
        ("https://example.org/a?id=7&p=2", "example-org-a-id-7-p-2"),
        ("https://example.org/../../etc/passwd", "example-org-etc-passwd"),
        ("https://例子.中国/新闻/中俄", "page-"),
    ],
)
def test_file_stem_is_safe(url, stem):
    assert file_stem(url).startswith(stem)
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in file_stem(url))


def test_addresses_that_differ_in_chinese_only_stay_apart():
    first, second = file_stem("https://example.org/新闻/中俄"), file_stem("https://example.org/新闻/中美")
    assert first != second and first.startswith("example-org-")
    assert file_stem("https://example.org/%E6%96%B0%E9%97%BB") == file_stem("https://example.org/新闻")


def test_long_addresses_stay_apart():
    base = "https://example.org/" + "long-path-segment/" * 10
    first, second = file_stem(base + "1"), file_stem(base + "2")
    assert first != second and len(first) <= 80


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("example.org/news/1", "https://example.org/news/1"),
        ("www.example.org", "https://www.example.org"),
        ("HTTP://example.org", "HTTP://example.org"),
    ],
)
def test_web_address_adds_a_scheme_to_a_bare_host(given, expected):
    assert web_address(given) == expected


@pytest.mark.parametrize(
    "given", ["file:///etc/passwd", "ftp://example.org/x", "notes.txt", "news.html", "https://"]
)
def test_web_address_refuses_other_schemes(given):
    with pytest.raises(FetchError):
        web_address(given)


@pytest.mark.parametrize(
    "paragraph",
    [
        "普通的一段话，没有任何标记符号，只是中文新闻的正文内容而已。",
        "文中提到 <div> 标签和 *星号* 以及 [方括号](链接) 这些字符，读回时应一字不差。",
        "1. 这一段以数字和句点开头，看起来像列表，但其实是正文的一部分。",
        "# 这一段以井号开头，看起来像标题，但其实是正文的一部分，也应一字不差。",
    ],
)
def test_saved_text_reads_back_exactly(tmp_path, paragraph):
    from datetime import UTC, datetime

    article = fetch.WebArticle(
        url="https://example.org/a",
        requested="https://example.org/a",
        fetched=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        title='标题: 含有 "引号" 和冒号',
        date="2024-05-16",
        site="示例网",
        blocks=(("paragraph", paragraph), ("heading", "小标题"), ("paragraph", PARAGRAPHS[0])),
    )
    folder = tmp_path / "web"
    path, _ = fetch.save_new_file(folder, "a", fetch.article_markdown(article))
    assert "fetched: '2025-01-02T03:04:05Z'" in path.read_text(encoding="utf-8")
    out = tmp_path / "x.jsonl"
    result = runner.invoke(app, ["ingest", str(folder), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["title"] == article.title
    assert record["text"].split("\n\n") == [article.title, paragraph, "小标题", PARAGRAPHS[0]]
    assert record["date"].startswith("2024-05-16")
