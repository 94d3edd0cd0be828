"""The results store: runs at once, a killed run, a damaged database, and ``framing cache``.

The articles are written here; their times are set a minute back so that the store trusts
their stat next time (a file modified in the last two seconds is read again).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.analysis.article import analysis_to_record, analyze
from framing.cli.app import app
from framing.ingest import load_articles
from framing.pipeline.records import (
    RecordError,
    analysis_from_json,
    analysis_json,
    article_from_json,
    article_json,
    compared_from_json,
    detail_from_json,
    ledger_from_json,
    ledger_json,
)
from framing.pipeline.run import RunOptions, run
from framing.pipeline.store_file import MOVED_ASIDE_NAME, STORE_NAME

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parents[1]


def _corpus(folder: Path, count: int = 8) -> Path:
    folder.mkdir()
    minute_ago = time.time() - 60
    for i in range(count):
        path = folder / f"{i:02d}.md"
        path.write_text(
            f"# 第{i}次会谈\n\n外交部发言人李明说，双方同意加强合作{i}。\n\n"
            f"据新华社报道，今年边境贸易额增长{i + 2}成。专家王力认为，增长仍将持续。\n",
            encoding="utf-8",
        )
        os.utime(path, (minute_ago, minute_ago))
    return folder


def _rows(corpus: Path, cache: Path | None):
    """A run's warning, files found in the store, and its feature rows and records."""
    outcome = run([corpus], RunOptions(cache_dir=cache))
    table = outcome.analysis.features.sort_index().to_dict("index")
    records = sorted((analysis_to_record(a) for a in outcome.analysis.articles), key=lambda r: r["id"])
    return outcome.cache_warning, outcome.cached_files, (table, records, outcome.ledger)


@pytest.fixture
def stored(tmp_path):
    """A corpus, a store filled by one run over it, and the rows of a run without it."""
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    _, _, fresh = _rows(corpus, None)
    _rows(corpus, cache)
    with sqlite3.connect(cache / STORE_NAME) as db:  # everything into the database file itself
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return corpus, cache, fresh


# ── records ─────────────────────────────────────────────────────────────────


def test_records_give_back_every_article_and_analysis():
    articles, ledger = load_articles([FIXTURES])
    for analysis in analyze(articles).articles:
        article = article_from_json(article_json(analysis.article))
        assert article == analysis.article and article.offset_map == analysis.article.offset_map
        assert analysis_from_json(article, analysis.features, analysis_json(analysis)) == analysis
    assert ledger_from_json(ledger_json(tuple(ledger))) == tuple(ledger)


def test_records_keep_what_json_alone_would_lose():
    from dataclasses import replace

    articles, _ = load_articles([FIXTURES])
    article = articles[0]
    beijing = timezone(timedelta(hours=8), "Asia/Shanghai")
    for date in (None, datetime(2024, 5, 1, 9, 30), datetime(2024, 5, 1, 9, tzinfo=beijing)):
        odd = replace(article, date=date, normalized=article.normalized + "。", offset_map=(0, 1, 2))
        back = article_from_json(article_json(odd))
        assert back == odd and back.normalized == odd.normalized and list(back.offset_map) == [0, 1, 2]
        assert back.date is None or back.date.tzname() == date.tzname()
    assert article_from_json(
        article_json(replace(article, date=datetime(2024, 5, 1, tzinfo=UTC)))
    ).date.tzinfo


@pytest.mark.parametrize(
    "text",
    ['{"a": 1}', "[1, 2]", "not json", '[[], [["x"]], [], []]', b"\x80\x04\x95", "[null]", "[[1], []]"],
)
def test_records_of_another_shape_are_refused(text):
    with pytest.raises(RecordError):
        article_from_json(text)
    with pytest.raises(RecordError):
        compared_from_json(text)
    with pytest.raises(RecordError):
        detail_from_json(text)


def test_a_run_builds_an_articles_detail_only_when_it_is_read(tmp_path):
    """Comparing reads tokens and sources; the sentences, quotes and hits of an analysis read
    back from text are built on first read, and the analysis equals, copies and pickles as
    the one analysed."""
    import pickle
    from dataclasses import replace

    from framing.pipeline.analyses import Analysed, LazyAnalysis, RunAnalyses

    articles, _ = load_articles([FIXTURES])
    fresh = analyze(articles).articles
    items = [Analysed(a.article, a.features, None, analysis_json(a)) for a in fresh]
    runs = RunAnalyses(items, None, lambda article: pytest.fail("analysed again"))
    first = runs[0]
    assert isinstance(first, LazyAnalysis) and "sentences" not in vars(first)
    assert first.tokens == fresh[0].tokens and first.sources == fresh[0].sources
    assert "sentences" not in vars(first)  # still not built
    assert first.sentences == fresh[0].sentences and first.term_hits == fresh[0].term_hits
    assert list(runs) == list(fresh) and list(fresh) == list(runs)
    moved = replace(runs[1], article=replace(runs[1].article, path="elsewhere.md"))
    assert moved.sentences == fresh[1].sentences and moved.article.path == "elsewhere.md"
    back = pickle.loads(pickle.dumps(runs[2]))
    assert type(back) is type(fresh[2]) and back == fresh[2]
    with pytest.raises(AttributeError):
        getattr(runs[3], "no_such_field")  # noqa: B009 (the attribute read is the test)


def test_an_unreadable_detail_is_analysed_again():
    from framing.pipeline.analyses import Analysed, RunAnalyses

    articles, _ = load_articles([FIXTURES])
    fresh = analyze(articles[:1]).articles[0]
    text = analysis_json(fresh)._replace(detail="[null]")
    again = []
    runs = RunAnalyses(
        [Analysed(fresh.article, fresh.features, None, text)], None, lambda a: again.append(a) or fresh
    )
    assert runs[0].tokens == fresh.tokens and not again
    assert runs[0].sentences == fresh.sentences and again == [fresh.article]


# ── runs at once, a killed run ──────────────────────────────────────────────


def _run_after_barrier(corpus: Path, cache: Path, start, results) -> None:
    start.wait()
    _warning, _cached, (table, records, ledger) = _rows(corpus, cache)
    results.put((len(table), len(records), len(ledger)))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_two_runs_at_once_both_finish_with_the_right_rows(tmp_path):
    corpus = _corpus(tmp_path / "corpus", 16)
    cache = tmp_path / "cache"
    _, _, fresh = _rows(corpus, None)
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    runs = [
        context.Process(target=_run_after_barrier, args=(corpus, cache, start, results)) for _ in range(2)
    ]
    for process in runs:
        process.start()
    for process in runs:
        process.join(120)
    assert [process.exitcode for process in runs] == [0, 0]
    assert [results.get(timeout=5) for _ in runs] == [(16, 16, 16)] * 2
    warning, cached, rows = _rows(corpus, cache)
    assert (warning, cached, rows) == ("", 16, fresh)


_KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from framing.pipeline import store
from framing.pipeline.run import RunOptions, run

written = []
original = store.ResultStore._write_file

def write_then_die(self, connection, *args):
    original(self, connection, *args)
    written.append(1)
    if len(written) == 6:  # the second batch, its transaction still open
        os.kill(os.getpid(), signal.SIGKILL)

store.ResultStore._write_file = write_then_die
store.ResultStore.BATCH = 4
run([Path(sys.argv[1])], RunOptions(cache_dir=Path(sys.argv[2])))
"""


def test_a_run_killed_while_writing_leaves_a_store_the_next_run_completes(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    _, _, fresh = _rows(corpus, None)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_RUN, str(corpus), str(cache)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    assert (cache / f"{STORE_NAME}-wal").exists()  # killed with its log open
    warning, cached, rows = _rows(corpus, cache)
    assert warning == "" and cached == 4  # the first batch was committed, the second not
    assert rows == fresh
    assert _rows(corpus, cache)[:2] == ("", 8)


def test_a_store_busy_for_too_long_is_left_with_a_warning(stored, monkeypatch):
    import framing.pipeline.store

    corpus, cache, fresh = stored
    (corpus / "new.md").write_text("# 新的一篇\n\n中方称会谈取得成果。\n", encoding="utf-8")
    monkeypatch.setattr(framing.pipeline.store, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(cache / STORE_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run writing, for ever
    try:
        warning, cached, (table, _records, _ledger) = _rows(corpus, cache)
    finally:
        holder.close()
    assert "database is locked" in warning and "\n" not in warning
    assert cached == 0 and len(table) == 9
    assert (cache / STORE_NAME).exists()  # busy is not damaged: nothing moved aside


# ── a damaged database ──────────────────────────────────────────────────────


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _sql(*statements: str):
    def change(path: Path) -> None:
        with sqlite3.connect(path) as db:
            for statement in statements:
                db.execute(statement)
        db.close()

    return change


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (_truncate, "damaged"),
        (_garbage, "damaged"),
        (_sql("PRAGMA user_version = 99"), "store format 99"),
        (_sql("PRAGMA application_id = 0"), "not a framing results store"),
        (_sql("CREATE TABLE notes (x)"), "other tables"),
        (_sql("CREATE VIEW v AS SELECT 1"), "other tables"),
        (_sql("CREATE TRIGGER t AFTER DELETE ON files BEGIN DELETE FROM settings; END"), "other tables"),
        (_sql("ALTER TABLE features ADD COLUMN extra REAL"), "other tables"),
    ],
)
def test_a_damaged_database_is_moved_aside_and_the_run_completes(stored, damage, said):
    corpus, cache, fresh = stored
    outside = cache.parent / "outside.txt"
    outside.write_text("not the store's")
    damage(cache / STORE_NAME)
    damaged = (cache / STORE_NAME).read_bytes()
    warning, _cached, rows = _rows(corpus, cache)
    assert rows == fresh
    assert said in warning and "moved to results.old.sqlite3" in warning and "\n" not in warning
    aside = cache / MOVED_ASIDE_NAME
    assert aside.exists() and (damage not in (_truncate, _garbage) or aside.read_bytes() == damaged)
    assert outside.read_text() == "not the store's"
    assert _rows(corpus, cache)[:2] == ("", 8)  # a new store, filled by the run that moved it aside


def test_a_damaged_store_reached_through_a_link_moves_only_the_link(stored, tmp_path):
    corpus, cache, fresh = stored
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"garbage, and not in the cache folder" * 100)
    (cache / STORE_NAME).unlink()
    (cache / STORE_NAME).symlink_to(elsewhere)
    warning, _cached, rows = _rows(corpus, cache)
    assert rows == fresh and "moved to" in warning
    assert elsewhere.read_bytes() == b"garbage, and not in the cache folder" * 100
    assert (cache / MOVED_ASIDE_NAME).is_symlink()


# ── framing cache ───────────────────────────────────────────────────────────


def test_cache_info_says_where_the_store_is_and_what_it_holds(stored, monkeypatch):
    corpus, cache, _ = stored
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(cache))
    result = CliRunner().invoke(app, ["cache", "info"])
    assert result.exit_code == 0, result.output
    assert str(cache / STORE_NAME) in result.output
    assert "8 files, 8 articles" in result.output and "options: defaults" in result.output


def test_cache_clear_removes_only_the_store(stored, monkeypatch):
    corpus, cache, _ = stored
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(cache))
    (cache / "jieba.cache").write_text("the segmenter's own cache")
    (cache / MOVED_ASIDE_NAME).write_bytes(b"an old store")
    result = CliRunner().invoke(app, ["cache", "clear"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in cache.iterdir()) == ["jieba.cache"]
    assert CliRunner().invoke(app, ["cache", "info"]).output.count("no results stored") == 1


def test_cache_info_on_a_damaged_store_says_so_in_one_line(stored, monkeypatch):
    corpus, cache, _ = stored
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(cache))
    _garbage(cache / STORE_NAME)
    result = CliRunner().invoke(app, ["cache", "info"])
    assert result.exit_code == 0
    assert "cannot be read" in result.output and "no results stored" in result.output


def test_a_warm_run_reads_each_detail_from_the_store(tmp_path, monkeypatch):
    """A second run analyses nothing: tokens, sources and, when read, the sentences come
    from the store, and equal those the first run made."""
    import framing.pipeline.run as run_module

    first = run([FIXTURES], RunOptions(cache_dir=tmp_path / "cache"))
    expected = [(a.tokens, a.sources, a.sentences, a.quotes, a.term_hits) for a in first.analysis.articles]
    monkeypatch.setattr(run_module, "analyze_article", lambda *a, **k: pytest.fail("analysed again"))
    again = run([FIXTURES], RunOptions(cache_dir=tmp_path / "cache"))
    assert again.cached_files == again.files
    got = [(a.tokens, a.sources, a.sentences, a.quotes, a.term_hits) for a in again.analysis.articles]
    assert got == expected
