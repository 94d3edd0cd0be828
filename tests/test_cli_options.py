"""Every command that reads news files takes the same ingest flags, parsed once."""

import json
from pathlib import Path

from typer.testing import CliRunner

from framing.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
runner = CliRunner()


def test_analyze_takes_the_ingest_flags():
    result = runner.invoke(
        app, ["analyze", str(FIXTURES / "plain.txt"), "--outlet", "VOA", "--format", "jsonl", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert record["outlet"] == "VOA"


def test_analyze_all_stories_keeps_off_topic_digest_stories():
    digest = str(FIXTURES / "cctv_digest.md")
    default = runner.invoke(app, ["analyze", digest, "--format", "jsonl"])
    every = runner.invoke(app, ["analyze", digest, "--format", "jsonl", "--all-stories"])
    assert default.exit_code == every.exit_code == 0
    count = lambda r: sum(1 for line in r.stdout.splitlines() if line.startswith("{"))  # noqa: E731
    assert (count(default), count(every)) == (1, 3)
    assert "off the China–Russia topic" in default.stderr


def test_report_takes_the_ingest_flags(tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(
        app, ["report", str(FIXTURES / "plain.txt"), "--outlet", "示例社", "--out", str(out), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "示例社" in (out / "tables" / "articles.csv").read_text(encoding="utf-8-sig")
