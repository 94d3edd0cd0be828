"""What ``framing`` says around a run: ``--version``, the progress bar (a terminal only) and
the closing line naming what was left out, in words."""

from __future__ import annotations

import io
from importlib.metadata import PackageNotFoundError, version

from typer.testing import CliRunner

import framing
from framing.cli import app
from framing.cli.options import closing_line, file_progress
from framing.ingest.left_out import left_out_in_words
from framing.model import Article, LedgerEntry, LedgerStatus, Paragraph, Role
from framing.report.shipped import demo_dir

runner = CliRunner()


def test_version_comes_from_the_package_metadata():
    try:
        expected = version("framing")
    except PackageNotFoundError:
        expected = framing.__version__
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"framing {expected}\n"


def _article(path: str, outlet: str) -> Article:
    text = "正文。"
    return Article(
        id=path, path=path, title="", text=text, normalized=text,
        paragraphs=(Paragraph(Role.BODY, text, 0, len(text)),), outlet=outlet,
    )  # fmt: skip


def _skipped(path: str, reason: str) -> LedgerEntry:
    return LedgerEntry(path, LedgerStatus.SKIPPED, reason)


def test_left_out_names_small_groups_and_counts_large_ones_with_their_outlet():
    off_topic = "story off the China–Russia topic (no word of the topic lexicon; --all-stories keeps it)"
    ledger = [
        LedgerEntry("cctv/d.md#1", LedgerStatus.INGESTED, article_ids=("cctv/d.md",)),
        *(_skipped(f"cctv/d.md#{n}", off_topic) for n in range(2, 7)),
        _skipped("corpus/README.md", "documentation file (README.md), not an article"),
        _skipped("corpus/manifest.csv", "manifest: the ledger of its folder, not an article"),
        *(_skipped(f"x/{n}.md", "no body text (only links, title)") for n in range(4)),
        LedgerEntry("y/copy.md", LedgerStatus.DUPLICATE, "duplicate of y/a.md", duplicate_of="y/a.md"),
    ]
    words = left_out_in_words(ledger, [_article("cctv/d.md", "CCTV")])
    assert words == (
        "5 CCTV stories off the China–Russia topic, 4 files (no body text), "
        "README.md (documentation file), copy.md (duplicate), manifest.csv (manifest)"
    )
    assert left_out_in_words(ledger[:1]) == ""
    assert closing_line("analyze", 3, "") == "framing analyze: 3 article(s); nothing left out"


def test_stories_of_files_of_several_outlets_are_counted_without_one():
    ledger = [_skipped(f"{folder}/d.md#{n}", "story off topic") for folder in "ab" for n in range(2)]
    articles = [_article("a/d.md", "CCTV"), _article("b/d.md", "Other")]
    assert left_out_in_words(ledger, articles) == "4 stories off topic"


def test_analyze_ends_with_what_it_left_out_and_draws_no_bar_off_a_terminal(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich would draw its bar with this set; we do not
    result = runner.invoke(app, ["analyze", str(demo_dir()), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("framing analyze: 13 article(s); left out: ")
    assert "README.md (documentation file)" in lines[-1] and "manifest.csv (manifest)" in lines[-1]
    assert "\x1b" not in result.stderr and "analysing" not in result.stderr
    assert all(line.startswith("framing") for line in lines)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_on_a_terminal(monkeypatch):
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with file_progress("analysing", stage_after="writing the report") as on_file:
        for done in range(1, 4):
            on_file(done, 3)
    drawn = screen.getvalue()
    assert "analysing" in drawn and "writing the report" in drawn and "\x1b" in drawn


def test_the_bar_is_silent_off_a_terminal(monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    with file_progress("analysing") as on_file:
        on_file(1, 1)
    assert screen.getvalue() == ""
