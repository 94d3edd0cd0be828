"""``--corrections FILE`` on ``framing analyze`` and ``framing report``: figures, marks, warnings, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.report.shipped import demo_dir

runner = CliRunner()
HEADER = "file,sentence,label,source,kind,term,note\n"


@pytest.fixture(scope="module")
def plain():
    """The demo corpus's JSONL records, uncorrected."""
    return _jsonl([])[0]


def _jsonl(args):
    result = runner.invoke(app, ["analyze", str(demo_dir()), "-f", "jsonl", *args])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def _first_attributed(records):
    for record in records:
        for sentence in record["sentences"]:
            if sentence["label"] == "A":
                return record, sentence
    raise AssertionError("no attributed sentence in the demo corpus")


def test_analyze_jsonl_marks_the_correction_and_keeps_what_the_tool_said(tmp_path, plain):
    record, sentence = _first_attributed(plain)
    name = _name(record)
    corrections = tmp_path / "corr.csv"
    corrections.write_text(
        HEADER + f"{name},{sentence['index'] + 1},E,,,,\nnowhere.md,1,F,,,,\n", encoding="utf-8"
    )
    fixed, stderr = _jsonl(["--corrections", str(corrections)])
    after = next(r for r in fixed if r["id"] == record["id"])
    relabelled = after["sentences"][sentence["index"]]
    assert relabelled["label"] == "E"
    assert relabelled["reason"] == f"corrected by the teacher (the tool said A: {sentence['reason']})"
    assert after["corrections"] == [
        {
            "what": "label",
            "target": str(sentence["index"] + 1),
            "tool_said": "A",
            "now": "E",
            "sentence_index": sentence["index"],
            "where": f"{corrections}:2",
            "note": "",
        }
    ]
    assert after["features"]["editorial_sentences"] == record["features"]["editorial_sentences"] + 1
    assert all(r["corrections"] == [] for r in fixed if r["id"] != record["id"])
    warned = [line for line in stderr.splitlines() if line.startswith(f"framing: {corrections}:")]
    assert warned == [
        f"framing: {corrections}:3: no article's file matches 'nowhere.md'; the row is not applied"
    ]


def test_a_malformed_corrections_file_is_one_line_and_exit_1(tmp_path):
    corrections = tmp_path / "corr.csv"
    corrections.write_text(HEADER + "a.md,3,maybe,,,,\n", encoding="utf-8")
    for command in (["analyze", str(demo_dir())], ["report", "--out", str(tmp_path / "r")]):
        result = runner.invoke(app, [*command, "--corrections", str(corrections)])
        assert result.exit_code == 1
        assert result.stderr == f"framing: {corrections}:2: unknown label 'maybe'; labels: A, E, F, H, X\n"
    assert not (tmp_path / "r").exists()


def _table(folder, name):
    with open(folder / "tables" / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _name(record) -> str:
    return record["path"].rsplit("/", 1)[-1] + (f"#{record['story']}" if record["story"] else "")


def test_report_figures_change_and_the_articles_are_marked(tmp_path, plain):
    record = next(r for r in plain if any(s["kind"] != "official" for s in r["sources"]))
    source = next(s for s in record["sources"] if s["kind"] != "official")
    relabelled, sentence = _first_attributed(plain)
    corrections = tmp_path / "corr.csv"
    corrections.write_text(
        HEADER
        + f"*,,,{source['name']},not a source,,\n"
        + f"{_name(relabelled)},{sentence['index'] + 1},F,,,,a note <b>\n",
        encoding="utf-8",
    )
    before = runner.invoke(app, ["report", "--out", str(tmp_path / "before")])
    after = runner.invoke(
        app, ["report", "--out", str(tmp_path / "after"), "--corrections", str(corrections)]
    )
    assert before.exit_code == 0 and after.exit_code == 0, after.output
    rows_before = {r["id"]: r for r in _table(tmp_path / "before", "articles.csv")}
    rows_after = {r["id"]: r for r in _table(tmp_path / "after", "articles.csv")}
    assert float(rows_after[record["id"]]["sources"]) == float(rows_before[record["id"]]["sources"]) - 1
    assert _table(tmp_path / "before", "by_outlet.csv") != _table(tmp_path / "after", "by_outlet.csv")
    markdown = (tmp_path / "after" / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "after" / "report.html").read_text(encoding="utf-8")
    assert "Corrected by the teacher:" not in (tmp_path / "before" / "report.md").read_text(encoding="utf-8")
    if record["title"] in markdown:  # the article is among those the report annotates
        assert f"{source['name']}: not a source (the tool said {source['kind']})" in markdown
        assert "Corrected by the teacher:" in html
    if relabelled["title"] in markdown:
        assert 'lab lab-F corrected" title="corrected by the teacher">F✎<' in html
        assert "a note &lt;b&gt;" in html and "a note <b>" not in html
        assert f"sentence {sentence['index'] + 1}: A → F" in markdown
        assert "**[F✎]**" in markdown


def test_the_corrections_file_is_never_overwritten_by_the_report(tmp_path):
    corrections = tmp_path / "corr.csv"
    corrections.write_text(HEADER, encoding="utf-8")
    result = runner.invoke(app, ["report", "--out", str(tmp_path), "--corrections", str(corrections)])
    assert result.exit_code == 1
    assert corrections.read_text(encoding="utf-8") == HEADER


def test_the_csv_export_follows_the_corrections(tmp_path, plain):
    record, sentence = _first_attributed(plain)
    name = _name(record)
    corrections = tmp_path / "corr.csv"
    corrections.write_text(HEADER + f"{name},{sentence['index'] + 1},E,,,,\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(demo_dir()), "-f", "csv", "--corrections", str(corrections)])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert float(rows[record["id"]]["editorial_sentences"]) == record["features"]["editorial_sentences"] + 1
