"""The streamed, parallel, stored pipeline gives the same results as ingest + analyze."""

import os
import sqlite3
import time
from pathlib import Path

import pytest

from framing.analysis.article import analysis_to_record, analyze
from framing.ingest import IngestOptions, load_articles
from framing.model import ArticleAnalysis, LedgerStatus
from framing.pipeline.analyses import StoredAt
from framing.pipeline.records import AnalysisText
from framing.pipeline.run import RunOptions, run

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _records(analyses):
    return [analysis_to_record(a) for a in analyses]


@pytest.fixture(scope="module")
def reference():
    articles, ledger = load_articles([FIXTURES])
    return analyze(articles), ledger


def test_same_articles_ledger_and_records_as_ingest_then_analyze(reference):
    expected, expected_ledger = reference
    got = run([FIXTURES])
    assert _records(got.analysis.articles) == _records(expected.articles)
    assert got.ledger == tuple(expected_ledger)
    assert got.analysis.features.equals(expected.features)


def test_two_processes_give_the_same_result_in_the_same_order(reference, monkeypatch):
    import framing.pipeline.run

    monkeypatch.setattr(framing.pipeline.run, "_POOL_MIN_FILES_PER_JOB", 1)  # a pool even for a few files
    expected, expected_ledger = reference
    got = run([FIXTURES], RunOptions(jobs=2))
    assert _records(got.analysis.articles) == _records(expected.articles)
    assert got.ledger == tuple(expected_ledger)
    assert got.analysis.features.equals(expected.features)


@pytest.mark.parametrize("jobs", [1, 2])
def test_second_run_comes_from_the_store_and_matches(tmp_path, reference, monkeypatch, jobs):
    import framing.pipeline.run

    monkeypatch.setattr(framing.pipeline.run, "_POOL_MIN_FILES_PER_JOB", 1)
    expected, expected_ledger = reference
    options = RunOptions(jobs=jobs, cache_dir=tmp_path)
    cold = run([FIXTURES], options)
    warm = run([FIXTURES], options)
    assert cold.cached_files == 0 and warm.cached_files == warm.files == cold.files
    assert warm.ledger == cold.ledger == tuple(expected_ledger)
    assert warm.analysis.features.equals(expected.features)
    assert _records(warm.analysis.articles) == _records(expected.articles)


@pytest.mark.parametrize("jobs", [1, 2])
def test_stored_analyses_are_built_only_when_read(tmp_path, reference, monkeypatch, jobs):
    import framing.pipeline.run

    monkeypatch.setattr(framing.pipeline.run, "_POOL_MIN_FILES_PER_JOB", 1)
    expected, _ = reference
    options = RunOptions(jobs=jobs, cache_dir=tmp_path)
    for _ in range(2):  # analysed and stored, then found in the store
        got = run([FIXTURES], options)
        items = got.analysis.articles.items
        assert all(isinstance(item.rest, StoredAt) for item in items)  # kept by the store, not here
        got.analysis.features  # noqa: B018 - the table needs only the articles and features
        assert [a.id for a in got.articles] == [a.article.id for a in expected.articles]
        assert all(isinstance(item.rest, StoredAt) for item in items)
        first = got.analysis.articles[0]
        assert isinstance(first, ArticleAnalysis) and first == expected.articles[0]
        assert items[0].rest is first and isinstance(items[1].rest, StoredAt)


def test_a_fresh_run_keeps_its_analyses_as_text_until_read(tmp_path, reference, monkeypatch):
    import framing.pipeline.run

    monkeypatch.setattr(framing.pipeline.run, "_POOL_MIN_FILES_PER_JOB", 1)
    expected, _ = reference
    got = run([FIXTURES], RunOptions(jobs=2))
    first, *others = got.analysis.articles.items
    # the first file is analysed in this process, before the pool is forked; the workers send text
    assert isinstance(first.rest, ArticleAnalysis) and first.rest == expected.articles[0]
    assert others and all(isinstance(item.rest, AnalysisText) for item in others)
    assert got.analysis.articles[-1] == expected.articles[-1]
    assert got.analysis.articles[1:3] == list(expected.articles[1:3])


def test_changed_file_or_options_miss_the_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("第一篇\n\n俄罗斯总统普京表示，两国关系很好。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("第二篇\n\n中方称会谈取得成果。\n", encoding="utf-8")
    options = RunOptions(cache_dir=tmp_path / "cache")
    run([corpus], options)
    (corpus / "b.txt").write_text("第二篇\n\n中方称会谈取得重要成果。\n", encoding="utf-8")
    again = run([corpus], options)
    assert again.cached_files == 1
    assert any("重要成果" in a.article.text for a in again.analysis.articles)
    other = RunOptions(ingest=IngestOptions(outlet="VOA"), cache_dir=tmp_path / "cache")
    rerun = run([corpus], other)
    assert rerun.cached_files == 0
    assert {a.article.outlet for a in rerun.analysis.articles} == {"VOA"}
    assert run([corpus], options).cached_files == 2  # both settings are kept


def test_a_change_of_framings_code_misses_the_store(tmp_path, monkeypatch):
    """A rule changed within one version of framing (a new checkout, a developer's edit)
    gives fresh results, not the ones stored before it."""
    import framing.pipeline.run as pipeline_run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("第一篇\n\n俄罗斯总统普京表示，两国关系很好。\n", encoding="utf-8")
    options = RunOptions(cache_dir=tmp_path / "cache")
    run([corpus], options)
    assert run([corpus], options).cached_files == 1
    monkeypatch.setattr(pipeline_run, "code_digest", lambda: "another checkout")
    assert run([corpus], options).cached_files == 0


def test_the_source_digest_changes_with_any_module(tmp_path):
    from framing.pipeline.run import source_digest

    package = tmp_path / "framing"
    (package / "analysis").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    rule = package / "analysis" / "rules.py"
    rule.write_text("CUE = '表示'\n", encoding="utf-8")
    first = source_digest(package)
    assert source_digest(package) == first
    rule.write_text("CUE = '指出'\n", encoding="utf-8")
    edited = source_digest(package)
    (package / "analysis" / "more.py").write_text("", encoding="utf-8")
    assert len({first, edited, source_digest(package)}) == 3


def test_duplicates_across_files_are_dropped_in_input_order(tmp_path):
    text = "标题\n\n" + "".join(f"第{i}句话说明会谈的细节和数字{i * 13}。" for i in range(30)) + "\n"
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    for options in (RunOptions(jobs=2), RunOptions(cache_dir=tmp_path / "cache")):
        for _ in range(2):  # a second time from the store: its entries are found again
            got = run([tmp_path / name for name in ("a.txt", "b.txt", "c.txt")], options)
            assert [e.status for e in got.ledger] == [
                LedgerStatus.INGESTED,
                LedgerStatus.DUPLICATE,
                LedgerStatus.DUPLICATE,
            ]
            assert all(e.duplicate_of.endswith("a.txt") for e in got.ledger[1:])
            assert len(got.analysis.articles) == 1


def test_skipped_files_are_stored_with_their_reasons(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("第一篇\n\n俄罗斯总统普京表示，两国关系很好。\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "README.md").write_text("说明", encoding="utf-8")
    options = RunOptions(cache_dir=tmp_path / "cache")
    cold = run([corpus], options)
    warm = run([corpus], options)
    assert warm.cached_files == 3 and warm.ledger == cold.ledger
    assert [e.status for e in warm.ledger].count(LedgerStatus.SKIPPED) == 2


@pytest.mark.skipif(os.name != "posix", reason="needs a file name that is not UTF-8")
def test_a_file_name_that_is_not_utf8_is_analysed_every_time(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("第一篇\n\n俄罗斯总统普京表示，两国关系很好。\n", encoding="utf-8")
    with open(os.fsencode(corpus) + b"/\xff.txt", "w", encoding="utf-8") as handle:
        handle.write("第二篇\n\n中方称会谈取得成果。\n")
    options = RunOptions(cache_dir=tmp_path / "cache")
    cold = run([corpus], options)
    warm = run([corpus], options)
    assert (cold.cached_files, warm.cached_files, len(warm.analysis.articles)) == (0, 1, 2)
    assert warm.cache_warning == ""


def test_damaged_rows_are_analysed_again(tmp_path, reference):
    expected, _ = reference
    options = RunOptions(cache_dir=tmp_path)
    run([FIXTURES], options)
    with sqlite3.connect(tmp_path / "results.sqlite3") as db:
        (first, second) = db.execute(
            "SELECT features_id FROM details ORDER BY features_id LIMIT 2"
        ).fetchall()
        db.execute("UPDATE details SET article = '[\"half an article' WHERE features_id = ?", first)
        db.execute("UPDATE details SET analysis = '[[], 7]' WHERE features_id = ?", second)
    db.close()
    again = run([FIXTURES], options)
    assert again.cached_files == again.files - 1  # the file of the damaged article is analysed again
    assert again.analysis.features.equals(expected.features)
    assert _records(again.analysis.articles) == _records(expected.articles)  # the bad analysis too


def test_unchanged_files_are_not_read_again_and_a_rewrite_is_noticed(tmp_path, monkeypatch):
    import framing.pipeline.run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "a.txt": "第一篇\n\n俄罗斯总统普京表示，两国关系很好。\n",
        "b.txt": "第二篇\n\n中方称会谈取得成果。\n",
    }
    an_hour_ago = time.time() - 3600
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
        os.utime(corpus / name, (an_hour_ago, an_hour_ago))  # older than the racy window
    options = RunOptions(cache_dir=tmp_path / "cache")
    run([corpus], options)

    read = []
    original = framing.pipeline.run._read

    def counting(path, max_bytes):
        read.append(path.name)
        return original(path, max_bytes)

    monkeypatch.setattr(framing.pipeline.run, "_read", counting)
    warm = run([corpus], options)
    assert read == [] and warm.cached_files == 2

    # Same size and the old modification time, other bytes: the change time gives it away.
    (corpus / "b.txt").write_text(texts["b.txt"].replace("中方", "俄方"), encoding="utf-8")
    os.utime(corpus / "b.txt", (an_hour_ago, an_hour_ago))
    again = run([corpus], options)
    assert "b.txt" in read and "a.txt" not in read
    assert again.cached_files == 1
    assert any("俄方称" in a.article.text for a in again.analysis.articles)

    # Touched, the same bytes: read once and found by their digest, then known by the stat.
    os.utime(corpus / "a.txt", (an_hour_ago + 60, an_hour_ago + 60))
    read.clear()
    assert run([corpus], options).cached_files == 2 and read == ["a.txt"]
    read.clear()
    assert run([corpus], options).cached_files == 2 and read == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_run_keeps_what_it_analysed(tmp_path, jobs):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(20):
        (corpus / f"{i:02d}.txt").write_text(
            f"标题{i}\n\n第{i}篇：中方称会谈取得成果{i * 7}。\n", encoding="utf-8"
        )
    options = RunOptions(jobs=jobs, cache_dir=tmp_path / "cache")

    def stop_after_five(done, total):
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([corpus], options, on_file=stop_after_five)
    assert run([corpus], options).cached_files >= 5
