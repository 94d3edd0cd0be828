"""``framing ingest`` is a thin layer over ``load_articles``; the real corpus ingests fully."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.ingest import IngestOptions, article_to_record, load_articles, read_article_file
from framing.model import LedgerStatus

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
runner = CliRunner()


def test_cli_output_equals_python_api(tmp_path):
    out = tmp_path / "articles.jsonl"
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    articles, ledger = load_articles([FIXTURES])
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [json.loads(json.dumps(article_to_record(a))) for a in articles]
    written = [json.loads(line) for line in (tmp_path / "articles.ledger.jsonl").read_text().splitlines()]
    assert [(e["path"], e["status"]) for e in written] == [(e.path, e.status.value) for e in ledger]


def test_cli_summary_and_options(tmp_path):
    out = tmp_path / "a.jsonl"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(FIXTURES / "plain.txt"),
            "--out",
            str(out),
            "--outlet",
            "DW",
            "--ledger",
            str(tmp_path / "l.jsonl"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ingested" in result.output and "outlet: DW" in result.output
    assert read_article_file(out)[0].outlet == "DW"


def test_cli_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "a.parquet"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "records.json"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert [a.title for a in read_article_file(out)] == [
        a.title for a in load_articles([FIXTURES / "records.json"])[0]
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "nothing ingested from 1 input(s): no such file or folder"),
        ([str(FIXTURES / "manifest.csv")], "nothing ingested from 1 input(s): manifest:"),
    ],
)
def test_cli_fails_with_one_line_when_nothing_ingested(tmp_path, args, message):
    result = runner.invoke(app, ["ingest", *args, "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_cli_bad_manifest_is_one_line(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    result = runner.invoke(
        app, ["ingest", str(FIXTURES), "--out", str(tmp_path / "x.jsonl"), "--manifest", str(bad)]
    )
    assert result.exit_code == 1 and "manifest needs a 'file' column" in result.output


def test_ingest_help():
    result = runner.invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0 and "--manifest" in result.output


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_real_corpus_every_file_accounted_for():
    manifest = CORPUS / "real" / "manifest.csv"
    articles, ledger = load_articles([CORPUS], IngestOptions(manifest=manifest))
    files = {p for p in CORPUS.rglob("*") if p.is_file() and not p.name.startswith(".")}
    named = {Path(e.path.split("#", 1)[0]) for e in ledger}
    assert files == named
    assert all(e.reason for e in ledger if e.status is LedgerStatus.SKIPPED)
    assert all(a.outlet != "unknown" for a in articles)
    assert all(a.date is not None for a in articles)  # the manifest dates the GNews mirrors
    cctv_daily = [a for a in articles if a.format == "cctv-digest"]
    assert len({a.path for a in cctv_daily}) == 13 and all(a.story >= 1 for a in cctv_daily)
    (cna,) = [a for a in articles if "/cna/" in a.path]
    assert cna.script == "traditional" and "普京" in cna.normalized and "蒲亭" in cna.text
    body = " ".join(p.text for a in articles for p in a.body_paragraphs())
    for furniture in ("获取更多RSS", "免责声明", "Privacy Policy", "返回首頁", "查看原文"):
        assert furniture not in body
