"""``framing report``: a thin layer over ``framing.pipeline.report.report_from_paths``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.pipeline.report import report_from_paths

HOSTILE = Path(__file__).parent / "fixtures" / "report" / "hostile"
runner = CliRunner()


def test_cli_writes_what_the_api_writes(tmp_path):
    result = runner.invoke(app, ["report", str(HOSTILE), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert f"report: {tmp_path / 'cli' / 'report.html'}" in result.output
    api = report_from_paths([HOSTILE], tmp_path / "api")
    cli_files = sorted(p.relative_to(tmp_path / "cli") for p in (tmp_path / "cli").rglob("*") if p.is_file())
    api_files = sorted(p.relative_to(api.out_dir) for p in api.out_dir.rglob("*") if p.is_file())
    assert cli_files == api_files
    for name in ("report.md", "tables/by_outlet.csv", "tables/ledger.csv", "charts/timeline.svg"):
        assert (tmp_path / "cli" / name).read_bytes() == (api.out_dir / name).read_bytes(), name


def test_hostile_files_through_ingest_stay_inert(tmp_path):
    runner.invoke(app, ["report", str(HOSTILE), "--out", str(tmp_path / "r")])
    document = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in document.lower() and "evil.example" not in document
    assert not re.search(r"<[^>]+\son\w+\s*=", document, re.IGNORECASE)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", document, re.IGNORECASE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "{tmp}/missing"], "no articles to report on"),
        (["report", "{tmp}/empty"], "no articles to report on"),
        (["report", str(HOSTILE), "--manifest", "{tmp}/missing.csv"], "missing.csv"),
    ],
)
def test_failures_are_one_line_and_leave_no_folder(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args] + ["--out", str(out)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("framing: ") and message in lines[0], result.output
    assert not out.exists()


def test_help():
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--lexicon", "--manifest", "demo"):
        assert option in result.output


def test_no_path_runs_the_demo_into_reports_demo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("13 articles, 3 events;")
    assert (tmp_path / "reports" / "demo" / "report.html").is_file()
    assert (tmp_path / "reports" / "demo" / "charts" / "event_03.svg").is_file()
