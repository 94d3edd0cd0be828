"""Every kind of input issue 16 names, good and bad, through ``framing report`` in one run: each
item is accounted for in the report's ledger, each bad one gives one line, and the run goes on.

The inputs are written here: a feed with escaped HTML in ``description``, an Atom feed, a
nested JSON story list, a Word file, a text PDF, a scanned-style PDF, an English article,
pages served on 127.0.0.1, and text on standard input; and the bad versions: a truncated
feed, malformed JSON, a "PDF" that is not one, and addresses that time out, answer 404 or
send 6 MB of junk.
"""

from __future__ import annotations

import csv
import json
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from tests.local_site import QuietServer
from tests.test_documents import PARAGRAPH_ONE, PARAGRAPH_TWO, make_docx, make_pdf
from tests.test_fetch import article_page

pytest.importorskip("trafilatura")
pytest.importorskip("docx")
runner = CliRunner()

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例频道</title>
<item><title>两国外长举行会谈</title><link>http://example.com/a</link>
<pubDate>Thu, 16 May 2024 10:00:00 +0800</pubDate>
<description>&lt;p&gt;两国外长在北京举行会谈，双方就边境贸易交换了意见。俄方表示愿意扩大合作。&lt;/p&gt;
&lt;p&gt;分析人士认为，这次会谈显示两国关系仍在加深，但也有人提出疑问。&lt;/p&gt;</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>示例原子</title><updated>2024-05-16T10:00:00Z</updated>
<entry><title>普京抵达北京</title><link href="http://example.com/b"/><id>b</id>
<updated>2024-05-16T10:00:00Z</updated><content type="html">&lt;p&gt;俄罗斯总统普京当地时间周四抵达北京，
开始为期两天的国事访问。&lt;/p&gt;&lt;p&gt;外交部发言人表示，双方将签署多项合作文件。&lt;/p&gt;</content></entry>
</feed>"""
STORIES = {
    "code": 0,
    "data": {
        "list": [
            {"detail": {"title": "中俄举行战略安全磋商", "pubtime": "2024-05-16 10:00", "content": (
                "<p>中俄两国代表在莫斯科举行第十九轮战略安全磋商，双方表示将继续加强协调。</p>")}},
            {"detail": {"title": "两国签署能源协议", "pubtime": "2024-05-17 09:00", "content": (
                "<p>两国企业在北京签署能源合作协议，涉及天然气供应和管道建设。</p>")}},
        ]
    },
}  # fmt: skip
ENGLISH = "# Putin arrives in Beijing\n\nRussian President Vladimir Putin arrived in Beijing on Thursday.\n"
PASTED = (
    "中国外交部发言人周五表示，中俄双方正就下一阶段的经贸合作保持密切沟通。有学者认为，合作仍面临不少困难。"
)
JUNK_BYTES = 6 * 1024 * 1024  # more than fetch's 5 MB limit


class Site(BaseHTTPRequestHandler):
    release = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the name http.server calls
        if self.path == "/news/border-trade.html":
            data = article_page().encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/slow":
            Site.release.wait(5)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/junk":  # no Content-Length: the size shows only while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"\x00junk" * 16_000 + b"</p>"
            try:
                for _ in range(JUNK_BYTES // len(chunk) + 1):
                    self.wfile.write(chunk)
            except OSError:  # the client stopped reading at its limit
                pass
            self.close_connection = True
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture
def site():
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


def write_inputs(folder: Path) -> dict[str, str]:
    """Every file input, good and bad; returns each file's name and the start of the ledger
    reason a skipped one must get (empty: ingested)."""
    folder.mkdir()
    (folder / "feed.xml").write_text(RSS, encoding="utf-8")
    (folder / "atom.xml").write_text(ATOM, encoding="utf-8")
    (folder / "stories.json").write_text(json.dumps(STORIES, ensure_ascii=False), encoding="utf-8")
    (folder / "note.docx").write_bytes(
        make_docx([("Title", "中俄边境口岸货运量创新高"), ("Normal", "".join(PARAGRAPH_ONE))])
    )
    (folder / "text.pdf").write_bytes(make_pdf([PARAGRAPH_TWO], title="口岸物流"))
    (folder / "scan.pdf").write_bytes(make_pdf([[]], image=True))
    (folder / "english.md").write_text(ENGLISH, encoding="utf-8")
    # a download cut off after the first item
    (folder / "cut-feed.xml").write_text(RSS[: RSS.index("</item>") + 7], encoding="utf-8")
    (folder / "broken.json").write_text(json.dumps(STORIES, ensure_ascii=False)[:-30], encoding="utf-8")
    (folder / "fake.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n")
    return {
        "feed.xml#1": "",
        "atom.xml#1": "",
        "stories.json#1": "",
        "stories.json#2": "",
        "note.docx": "",
        "text.pdf": "",
        "scan.pdf": "scanned PDF: no text layer",
        "english.md": "English text: the tool's lexicons and rules are for Chinese",
        "cut-feed.xml#1": "",  # the item read before the cut (the same as feed.xml's)
        "cut-feed.xml": "malformed feed",
        "broken.json": "malformed JSON",
        "fake.pdf": "damaged PDF",
    }


def test_every_input_kind_goes_through_the_report(site, tmp_path):
    expected = write_inputs(tmp_path / "inputs")
    fetched, out = tmp_path / "fetched", tmp_path / "report"
    urls = {
        "page": f"{site}/news/border-trade.html",
        "missing": f"{site}/missing",
        "slow": f"{site}/slow",
        "junk": f"{site}/junk",
    }
    args = ["report", str(tmp_path / "inputs"), *urls.values(), "-", "--title", "中俄经贸合作",
            "--date", "17/05/2024", "--out", str(out), "--fetch-dir", str(fetched), "--timeout", "1",
            "--no-cache", "--jobs", "1"]  # fmt: skip
    result = runner.invoke(app, args, input=PASTED)
    assert result.exit_code == 0, result.output

    with (out / "tables" / "ledger.csv").open(encoding="utf-8-sig") as handle:
        ledger = {row["path"]: row for row in csv.DictReader(handle)}
    paths = " ".join(ledger)
    for name, reason in expected.items():
        rows = [row for path, row in ledger.items() if path.endswith(name) or path.startswith(f"{name}#")]
        assert rows, f"{name} not in the ledger: {sorted(ledger)}"
        if reason:
            assert any(r["status"] == "skipped" and r["reason"].startswith(reason) for r in rows), rows
        else:
            assert any(r["status"] in ("ingested", "duplicate") for r in rows), rows

    # the page served here and the pasted text were saved in --fetch-dir and read as articles
    saved = sorted(p.name for p in fetched.iterdir())
    assert len(saved) == 2 and any(n.startswith("pasted-") for n in saved), saved
    assert "title: 中俄经贸合作" in (fetched / next(n for n in saved if n.startswith("pasted-"))).read_text()
    assert sum(row["status"] == "ingested" for path, row in ledger.items() if "fetched" in path) == 2, paths
    # each address that gave no page: one ledger entry with its reason, and one line on stderr
    failures = {"missing": "HTTP 404", "slow": "timed out", "junk": "too large"}
    for key, reason in failures.items():
        row = ledger[urls[key]]
        assert row["status"] == "skipped" and row["reason"].startswith(f"not fetched: {reason}"), row
        lines = [line for line in result.stderr.splitlines() if urls[key] in line]
        assert len(lines) == 1 and reason in lines[0], result.stderr
    for name in ("scan.pdf", "english.md", "broken.json", "fake.pdf", "cut-feed.xml"):
        assert len([line for line in result.stderr.splitlines() if name in line]) == 1, result.stderr
    assert "report:" in result.stdout


def test_a_fetched_page_is_read_from_its_file_the_next_time(site, tmp_path):
    fetched = tmp_path / "fetched"
    url = f"{site}/news/border-trade.html"
    first = runner.invoke(app, ["analyze", url, "--fetch-dir", str(fetched), "--no-cache", "-f", "csv"])
    assert first.exit_code == 0, first.output
    assert len(list(fetched.iterdir())) == 1
    again = runner.invoke(app, ["analyze", url, "--fetch-dir", str(fetched), "--no-cache", "-f", "csv"])
    assert again.exit_code == 0 and "fetched before" in again.stderr
    assert len(list(fetched.iterdir())) == 1 and again.stdout == first.stdout
