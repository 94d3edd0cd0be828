"""Print the report and the handout to PDF in headless Chromium and read the PDF back: the wide
outlet table keeps its last outlet, the reasons of A and E sentences are printed inline, every
page is numbered, and the handout is shorter than the report. Skipped without Chromium.

The articles and outlets are written for this test.
"""

from __future__ import annotations

import re
import shutil

import pytest
from report_factory import make_analysis, make_result

from framing.model import LedgerEntry, LedgerStatus, SourceKind
from framing.report.build import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run installs it)"
)
OUTLETS = [f"Outlet {letter}" for letter in "ABCDEFGHIJKL"]  # twelve: wider than a printed page


def _result():
    analyses = []
    for n, outlet in enumerate(OUTLETS):
        for day in (16,):
            analyses.append(
                make_analysis(
                    [
                        (f"示例通讯社第{n}号报道说，双方周{day % 7}会谈。", "A"),
                        ("这种霸权做法注定失败。", "E"),
                        (f"会谈在第{n}号会议室举行。", "F"),
                    ],
                    outlet=outlet,
                    date=f"2024-05-{day}",
                    title=f"示例标题 {outlet} {day}",
                    loaded=[("霸权", "derogatory_label")],
                    sources=[("示例通讯社", SourceKind.MEDIA)],
                )
            )
    return make_result(analyses)


def _pages_and_text(pdf):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return len(reader.pages), [page.extract_text() or "" for page in reader.pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    result = _result()
    ledger = [
        LedgerEntry(a.article.path, LedgerStatus.INGESTED, article_ids=(a.article.id,))
        for a in result.articles
    ]
    folder = tmp_path_factory.mktemp("print")
    report = build_report(result, ledger, folder / "report", pdf=True)
    handout = build_report(result, ledger, folder / "handout", handout=True, pdf=True)
    return report, handout


def test_the_printed_report_keeps_the_last_outlet_and_the_reasons(printed):
    report, _ = printed
    assert report.pdf.name == "report.pdf" and report.pdf.is_file()
    pages, texts = _pages_and_text(report.pdf)
    text = "\n".join(texts)
    assert 3 <= pages <= 40, pages
    # the outlet profile table, transposed for print: its last outlet is on paper
    profile = text[text.index("Outlet profiles") :] if "Outlet profiles" in text else text
    assert OUTLETS[-1] in profile
    # reasons of A and E sentences inline (square brackets), not only on hover
    assert "constructed label A" in text and "constructed label E" in text
    # every page carries its number, "n / total"
    assert all(re.search(rf"\b{n} / {pages}\b", page) for n, page in enumerate(texts, 1))


def test_the_handout_is_shorter_and_holds_the_cards(printed):
    report, handout = printed
    assert handout.html.name == "handout.html" and handout.pdf.name == "handout.pdf"
    handout_pages, texts = _pages_and_text(handout.pdf)
    report_pages, _ = _pages_and_text(report.pdf)
    assert handout_pages < report_pages
    text = "\n".join(texts)
    assert "Articles at a glance" in text and "In plain words" in text
    assert "Excerpts around the highlighted sentences" in text
