"""The streamed, parallel, cached pipeline gives the same results as ingest + analyze."""

from pathlib import Path

import pytest

from framing.analysis.article import analysis_to_record, analyze
from framing.ingest import IngestOptions, load_articles
from framing.model import LedgerStatus
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


def test_second_run_comes_from_the_cache_and_matches(tmp_path, reference):
    expected, _ = reference
    options = RunOptions(cache_dir=tmp_path)
    cold = run([FIXTURES], options)
    warm = run([FIXTURES], options)
    assert cold.cached_files == 0 and warm.cached_files == warm.files == cold.files
    assert _records(warm.analysis.articles) == _records(expected.articles)
    assert warm.ledger == cold.ledger


def test_changed_file_or_options_miss_the_cache(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("第一篇\n\n俄罗斯总统普京表示，两国关系很好。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("第二篇\n\n中方称会谈取得成果。\n", encoding="utf-8")
    options = RunOptions(cache_dir=tmp_path / "cache")
    run([corpus], options)
    (corpus / "b.txt").write_text("第二篇\n\n中方称会谈取得重要成果。\n", encoding="utf-8")
    assert run([corpus], options).cached_files == 1
    other = RunOptions(ingest=IngestOptions(outlet="VOA"), cache_dir=tmp_path / "cache")
    rerun = run([corpus], other)
    assert rerun.cached_files == 0
    assert {a.article.outlet for a in rerun.analysis.articles} == {"VOA"}


def test_duplicates_across_files_are_dropped_in_input_order(tmp_path):
    text = "标题\n\n" + "".join(f"第{i}句话说明会谈的细节和数字{i * 13}。" for i in range(30)) + "\n"
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    got = run([tmp_path], RunOptions(jobs=2))
    assert [e.status for e in got.ledger] == [
        LedgerStatus.INGESTED,
        LedgerStatus.DUPLICATE,
        LedgerStatus.DUPLICATE,
    ]
    assert all(e.duplicate_of.endswith("a.txt") for e in got.ledger[1:])
    assert len(got.analysis.articles) == 1


def test_damaged_cache_entries_are_analysed_again(tmp_path, reference):
    expected, _ = reference
    options = RunOptions(cache_dir=tmp_path)
    run([FIXTURES], options)
    packs = list(tmp_path.rglob("pack-*.bin"))
    assert packs
    for pack in packs:  # same length, other bytes: the CRC gives it away
        pack.write_bytes(b"x" * pack.stat().st_size)
    again = run([FIXTURES], options)
    assert again.cached_files == 0
    assert _records(again.analysis.articles) == _records(expected.articles)


def test_a_pickled_analysis_unpacks_its_bulky_parts_on_first_access(reference):
    import pickle
    import sys

    expected, _ = reference
    original = next(a for a in expected.articles if a.sentences and a.tokens)
    copy = pickle.loads(pickle.dumps(original))
    loaded = set(vars(copy))
    assert {"article", "features"} <= loaded
    assert not {"tokens", "sources", "sentences", "quotes", "term_hits", "marker_hits"} & loaded
    assert {"id", "title", "outlet", "date"} <= set(vars(copy.article))
    assert not {"text", "normalized", "paragraphs"} & set(vars(copy.article))
    assert copy.article.paragraphs == original.article.paragraphs
    assert copy.sentences == original.sentences  # unpacked now, with its group
    assert {"quotes", "term_hits", "marker_hits"} <= set(vars(copy)) and "tokens" not in vars(copy)
    assert all(t is sys.intern(t) for t in copy.tokens)
    assert copy == original
    again = pickle.loads(pickle.dumps(copy))  # half unpacked: pickles again the same
    assert again == original and analysis_to_record(again) == analysis_to_record(original)
    with pytest.raises(AttributeError):
        copy.no_such_field  # noqa: B018


def test_quoted_texts_are_pickled_once_and_sliced_again_from_the_article(reference):
    """Paragraphs, sentences, evidence, quotations and hits quote the article's text: a pickle
    holds that text once, and what is not a slice of it (an evidence word) as it was."""
    import pickle
    from dataclasses import replace

    from framing.model import replace_packed

    expected, _ = reference
    original = next(a for a in expected.articles if a.sentences and a.marker_hits)
    body = next(s.text for s in original.sentences if len(s.text) >= 12)
    assert pickle.dumps(original).count(body.encode("utf-8")) == 1
    assert pickle.loads(pickle.dumps(original)) == original

    first = original.sentences[0]
    odd = replace(
        original,
        sentences=(replace(first, evidence=(*first.evidence, replace(first.evidence[0], text="另一个词"))),)
        + original.sentences[1:],
        marker_hits=(replace(original.marker_hits[0], text="写法不同"),) + original.marker_hits[1:],
    )
    again = pickle.loads(pickle.dumps(odd))
    assert again.sentences == odd.sentences and again.marker_hits == odd.marker_hits
    assert again.sentences[0].evidence[-1].text == "另一个词"

    stripped = pickle.loads(pickle.dumps(replace(original, article=None)))  # a worker's result
    assert stripped.sentences == original.sentences and stripped.quotes == original.quotes

    # replace_packed with another article, or none, first unpacks the texts sliced from this one
    other = next(a.article for a in expected.articles if a.article.id != original.article.id)
    for article in (None, other, replace(original.article, text=original.article.text.upper())):
        moved = replace_packed(pickle.loads(pickle.dumps(original)), article=article)
        assert moved.sentences == original.sentences and moved.marker_hits == original.marker_hits
    copy = pickle.loads(pickle.dumps(original))
    same = replace_packed(copy, article=replace_packed(copy.article, path="x"))  # as the report does
    assert "text" not in vars(same.article) and "text" not in vars(copy.article)  # nothing unpacked
    assert "sentences" not in vars(same) and same.sentences == original.sentences
    unpacked = replace_packed(
        pickle.loads(pickle.dumps(original)), article=replace(original.article, path="x")
    )
    assert unpacked.sentences == original.sentences


def test_features_are_pickled_as_values_under_their_names_key(reference, monkeypatch):
    import pickle

    import framing.analysis.features

    expected, _ = reference
    original = expected.articles[0]
    data = pickle.dumps(original)
    assert b"loaded_term_density" not in data  # the names are not in the pickle
    copy = pickle.loads(data)
    assert copy.features == original.features and list(copy.features) == list(original.features)
    monkeypatch.setattr(framing.analysis.features, "feature_names_key", lambda: "other names")
    with pytest.raises(ValueError, match="other feature names"):
        pickle.loads(data)  # a cache entry from before a feature was added: a miss


def test_replace_packed_changes_a_field_and_leaves_the_rest_packed(reference):
    import pickle
    from dataclasses import replace

    from framing.model import replace_packed

    expected, _ = reference
    original = expected.articles[0]
    copy = pickle.loads(pickle.dumps(original))
    moved = replace_packed(copy, article=replace_packed(copy.article, path="elsewhere.md"))
    assert "_packed" in vars(moved) and "sentences" not in vars(moved)
    assert moved.article.path == "elsewhere.md" and copy.article.path == original.article.path
    assert moved == replace(original, article=replace(original.article, path="elsewhere.md"))
    partly = replace_packed(pickle.loads(pickle.dumps(original)), quotes=())
    assert partly.quotes == () and partly.sentences == original.sentences  # its group unpacked first
    with pytest.raises(TypeError, match="no field"):
        replace_packed(copy, colour="red")


def test_unchanged_files_are_not_read_again_and_a_rewrite_is_noticed(tmp_path, monkeypatch):
    import os
    import time

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
    original = framing.pipeline.run._Worker._read

    def counting(self, path):
        read.append(path.name)
        return original(self, path)

    monkeypatch.setattr(framing.pipeline.run._Worker, "_read", counting)
    warm = run([corpus], options)
    assert read == [] and warm.cached_files == 2

    # Same size and the old modification time, other bytes: the change time gives it away.
    (corpus / "b.txt").write_text(texts["b.txt"].replace("中方", "俄方"), encoding="utf-8")
    os.utime(corpus / "b.txt", (an_hour_ago, an_hour_ago))
    again = run([corpus], options)
    assert "b.txt" in read and "a.txt" not in read
    assert again.cached_files == 1
    assert any("俄方称" in a.article.text for a in again.analysis.articles)


def test_an_unpickled_article_answers_every_field_read_first():
    import pickle
    from dataclasses import dataclass, fields

    from framing.model import Packed

    articles, _ = load_articles([FIXTURES])
    for article in articles:
        for field in fields(article):  # each field read first, on a fresh copy
            copy = pickle.loads(pickle.dumps(article))
            assert getattr(copy, field.name) == getattr(article, field.name), field.name

    with pytest.raises(TypeError, match="no default"):

        @dataclass(frozen=True)
        class Bad(Packed):
            text: str
            notes: tuple = ()
            _PACKED = (("text", "notes"),)


def test_a_pickle_packed_with_other_field_groups_fails_on_load_and_the_cache_misses(tmp_path):
    import pickle

    from framing.model import Article, _unpickle_packed
    from framing.pipeline.cache import ResultCache, dumps

    articles, _ = load_articles([FIXTURES])
    _function, (_cls, state, packed) = articles[0].__reduce_ex__(4)
    (blob,) = packed.values()

    class Stale:  # an entry written when Article packed "links" with its text
        def __reduce__(self):
            return _unpickle_packed, (Article, state, {("text", "normalized", "paragraphs", "links"): blob})

    data = pickle.dumps(Stale())
    with pytest.raises(TypeError, match="other packed fields"):
        pickle.loads(data)
    cache = ResultCache(tmp_path, "setting")
    cache.put("k" * 40, dumps(Stale()))
    assert cache.get("k" * 40) is None  # a miss: the file is analysed again
    assert pickle.loads(pickle.dumps(articles[0])) == articles[0]


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


def test_frozen_record_builds_every_field_and_refuses_what_it_cannot_do():
    from dataclasses import field, replace

    from framing.model import frozen_record

    @frozen_record
    class Odd:
        fields: str
        self_: int = 1

    odd = Odd("abc", 2)
    assert vars(odd) == {"fields": "abc", "self_": 2} and replace(odd, self_=3).self_ == 3
    with pytest.raises(AttributeError):
        odd.fields = "x"  # still frozen
    with pytest.raises(TypeError, match="__post_init__"):

        @frozen_record
        class Checked:
            n: int

            def __post_init__(self):
                assert self.n > 0

    with pytest.raises(TypeError, match="needs the dataclass"):

        @frozen_record
        class Listed:
            items: list = field(default_factory=list)
