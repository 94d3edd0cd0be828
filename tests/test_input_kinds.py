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


def test_a_user_lexicon_of_role_words_applies_to_word_files_and_feeds(tmp_path):
    from framing.ingest import IngestOptions
    from framing.model import Role

    lexicon = tmp_path / "lexicons" / "ingest_roles.tsv"
    lexicon.parent.mkdir()
    lexicon.write_text("term\ttype\tnote\n核稿\tcredit\ttest\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.docx").write_bytes(
        make_docx(
            [
                ("Title", "中俄边境口岸货运量创新高"),
                ("Normal", "".join(PARAGRAPH_ONE)),
                ("Normal", "核稿：张三"),
            ]
        )
    )
    item = "<p>两国外长在北京举行会谈，双方就边境贸易交换了意见。</p><p>核稿：张三</p>"
    (corpus / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例频道</title>'
        f"<item><title>两国外长举行会谈</title><description><![CDATA[{item}]]></description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )

    def last_roles(options=None) -> dict[str, Role]:
        articles, _ = load_articles([corpus], options)
        return {a.format: a.paragraphs[-1].role for a in articles}

    before = last_roles()
    after = last_roles(IngestOptions(lexicons=(lexicon,)))
    assert set(before) == set(after) == {"docx", "rss-feed-summary"}, before
    assert set(before.values()) == {Role.BODY}
    assert set(after.values()) == {Role.BYLINE}
