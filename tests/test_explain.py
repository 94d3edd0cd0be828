"""``framing explain``: a thin layer over ``explain_paths``; cards in text, Markdown, HTML, JSON.
``framing report --pdf`` without a browser fails in one line before any work.

The article is written for these tests.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from typer.testing import CliRunner

from framing.cli.app import app
from framing.ingest import IngestOptions
from framing.pipeline.explain import explain_paths
from framing.pipeline.run import RunOptions
from framing.report.pdf import PdfError, find_chromium

runner = CliRunner()

ARTICLE = """---
title: 示例：两国会谈之后
date: 2024-05-16
---

外交部发言人表示，双方“坦诚地”交换了意见。

这种霸权主义做法注定失败。

据报道，双方可能下周再谈。
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "news.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_equals_the_python_api(article):
    result = runner.invoke(
        app, ["explain", str(article), "--format", "json", "--outlet", "示例日报", "--no-cache", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    explained = explain_paths(
        [article], RunOptions(ingest=IngestOptions(outlet="示例日报"), jobs=1, cache_dir=None)
    )
    assert json.loads(result.stdout) == json.loads(
        json.dumps([asdict(card) for card in explained.cards], ensure_ascii=False)
    )
    (card,) = explained.cards
    assert card.title == "示例：两国会谈之后" and card.outlet == "示例日报"
    assert [t.term for t in card.own_terms] == ["霸权主义"] and card.own_terms[0].note


def test_the_text_card_numbers_every_sentence(article):
    result = runner.invoke(app, ["explain", str(article), "--outlet", "示例日报", "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("示例：两国会谈之后\n示例日报")
    assert "Sentences, numbered" in out
    numbers = [line.split()[0] for line in out.splitlines() if line.startswith("  #")]
    assert numbers[:3] == ["#1", "#2", "#3"]
    assert "霸权主义 — ideological label" in out  # the category in words


@pytest.mark.parametrize("fmt, marker", [("md", "- #1 **["), ("html", '<section class="card"')])
def test_markdown_and_html(article, tmp_path, fmt, marker):
    out = tmp_path / f"card.{fmt}"
    result = runner.invoke(app, ["explain", str(article), "-f", fmt, "-o", str(out), "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_an_unknown_format_and_no_article_fail_in_one_line(article, tmp_path):
    result = runner.invoke(app, ["explain", str(article), "-f", "pdf"])
    assert result.exit_code == 2 and "unknown format 'pdf'; formats: text, md, html, json" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(empty), "--no-cache", "-j", "1"])
    assert result.exit_code == 1 and "no article to explain" in result.output


def test_pdf_without_a_browser_fails_before_the_work(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    with pytest.raises(PdfError, match="--pdf needs Chromium"):
        find_chromium()
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--pdf", "-o", str(out), "--no-cache", "-j", "1"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "--pdf needs Chromium or Google Chrome on PATH" in result.output
    assert not out.exists()


@pytest.mark.parametrize("command", ["explain", "events"])
def test_an_english_article_is_read_with_any_language(tmp_path, command):
    english = tmp_path / "english.md"
    english.write_text(
        "# Talks in Beijing\n\nThe two leaders met in Beijing on Tuesday. They signed a joint "
        "statement, officials said. Analysts expect more meetings this year.\n",
        encoding="utf-8",
    )
    skipped = runner.invoke(app, [command, str(english), "--no-cache"])
    assert "English text" in skipped.output and "--any-language" in skipped.output
    read = runner.invoke(app, [command, str(english), "--no-cache", "--any-language"])
    assert read.exit_code == 0, read.output
    assert "English text" not in read.output
