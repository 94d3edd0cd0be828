"""Feeds, Word and PDF files go through ``load_articles`` like any other file (issue 16)."""

from __future__ import annotations

from framing.ingest import load_articles
from framing.model import LedgerStatus
from tests.test_documents import PARAGRAPH_ONE, make_docx, make_pdf
from tests.test_feeds import RSS


def test_a_feed_a_word_file_and_a_scanned_pdf_are_each_accounted_for(tmp_path):
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "note.docx").write_bytes(
        make_docx([("Title", "中俄边境口岸货运量创新高"), ("Normal", "".join(PARAGRAPH_ONE))])
    )
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]], image=True))
    articles, ledger = load_articles([tmp_path])
    formats = sorted({a.format for a in articles})
    assert "docx" in formats and any(f.startswith(("rss", "feed")) for f in formats), formats
    # every item is in the ledger: the fixture's second item repeats the first's text
    items = {e.path: e.status for e in ledger if e.path.startswith(str(tmp_path / "feed.xml"))}
    assert sorted(items.values()) == sorted(
        [LedgerStatus.INGESTED, LedgerStatus.DUPLICATE, LedgerStatus.INGESTED]
    ), items
    skipped = {e.path: e.reason for e in ledger if e.status is LedgerStatus.SKIPPED}
    assert skipped == {str(tmp_path / "scan.pdf"): "scanned PDF: no text layer"}, skipped
