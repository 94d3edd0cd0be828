"""The analysis façade, its records, TF-IDF, and the analyze command (thin over the API)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import typer
from claims_helpers import make_article
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from framing.analysis.article import (
    ARTICLE_COLUMNS,
    analysis_to_record,
    analyze,
    analyze_article,
    feature_table,
)
from framing.analysis.features import feature_names
from framing.analysis.tfidf import keep_token, tfidf_matrix, top_terms
from framing.cli import app
from framing.ingest import load_articles
from framing.lexicon import load_lexicons
from framing.model import ClaimLabel, Role

FIXTURES = Path(__file__).parent / "fixtures" / "core"
SHARED = Path(__file__).parents[1].parent / "shared"
runner = CliRunner()
LEXICONS = load_lexicons()


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """The analyze command caches results: keep this module's cache out of the user's."""
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "framing-cache"))


@pytest.fixture(scope="module")
def result():
    articles, _ = load_articles([FIXTURES])
    return analyze(articles, load_lexicons())


def by_title(result, fragment):
    return next(a for a in result.articles if fragment in a.article.title)


def test_feature_table_shape(result):
    table = result.features
    assert list(table.columns) == [*ARTICLE_COLUMNS, *feature_names()]
    assert list(table.index) == [a.article.id for a in result.articles]
    assert table.index.name == "id"
    assert len(table) == 4
    assert str(table["date"].dtype).startswith("datetime64")
    assert set(table["event"]) == {"test-summit", "test-war"}


def test_body_tokens_exclude_the_headline_and_punctuation(result):
    partisan = by_title(result, "习普联盟")
    assert "习普联盟" not in partisan.tokens  # only in the title
    assert "中共国" in partisan.tokens
    assert not any(t in "，。！？“”" for t in partisan.tokens)
    assert partisan.features["tokens"] == len(partisan.tokens)


@pytest.mark.parametrize(
    ("title", "feature", "expected"),
    [
        ("习普联盟", "opinion_labelled", 1),  # 新闻述评 in the title
        ("习普联盟", "rhetorical_questions", 1),
        ("习普联盟", "exclamations", 1),
        ("习普联盟", "headline_loaded_terms", 1),
        ("习普联盟", "loaded_official_euphemism", 1),  # 特别军事行动
        ("丰硕成果", "opinion_labelled", 0),
        ("丰硕成果", "sources_official", 2),
        ("丰硕成果", "loaded_propaganda_formula", 1),  # the outlet's own: 构建人类命运共同体
        ("丰硕成果", "quoted_loaded_propaganda_formula", 4),  # in sentences attributed to the leaders
        ("走得更近", "hedges", 0),
        ("走得更近", "quoted_hedges", 2),  # 可能, 或许: the secretary's and the analysts'
        ("走得更近", "scare_quotes", 0),  # 称之为“乌克兰危机”: China's words, not a scare quote
    ],
)
def test_features_on_fixtures(result, title, feature, expected):
    assert by_title(result, title).features[feature] == expected


def test_state_media_and_partisan_differ_in_stance(result):
    state = by_title(result, "丰硕成果").features
    partisan = by_title(result, "习普联盟").features
    assert state["stance_pro_beijing_density"] > 0 == state["stance_anti_ccp_density"]
    assert partisan["stance_anti_ccp_density"] > 0 == partisan["stance_pro_beijing_density"]


def test_traditional_article_is_matched_in_simplified_and_highlighted_as_written(result):
    cna = by_title(result, "普丁")
    assert cna.article.script == "traditional"
    assert [(h.text, h.term, h.in_headline) for h in cna.term_hits] == [
        ("特別軍事行動", "特别军事行动", True),
        ("特別軍事行動", "特别军事行动", False),
        ("全面入侵", "全面入侵", False),
        ("去納粹化", "去纳粹化", False),
    ]
    assert [(h.text, h.category) for h in cna.marker_hits] == [
        ("所謂的", "distancing"),
        ("藉口", "distancing"),
    ]
    assert "普京" in cna.tokens  # the alias table turned 普丁 into 普京 before segmentation


def test_hits_point_at_the_article_text(result):
    for analysis in result.articles:
        text = analysis.article.text
        indices = {s.index for s in analysis.sentences}
        for hit in analysis.term_hits + analysis.marker_hits:
            assert text[hit.start : hit.end] == hit.text
            assert hit.sentence_index in indices


def test_record_is_json_and_has_the_scorer_fields(result):
    for analysis in result.articles:
        record = analysis_to_record(analysis)
        assert json.loads(json.dumps(record, ensure_ascii=False)) == record
        assert {"path", "id", "outlet", "title", "sentences", "sources", "term_hits", "features"} <= set(
            record
        )
        assert {s["label"] for s in record["sentences"]} <= {label.value for label in ClaimLabel}
        for sentence in record["sentences"]:
            assert {"text", "label", "reason", "evidence", "start", "end"} <= set(sentence)
        for source in record["sources"]:
            assert {"name", "kind", "named", "claims"} <= set(source)
        assert record["features"] == analysis.features


def test_jobs_give_the_same_result(result):
    articles = [a.article for a in result.articles]
    parallel = analyze(articles, load_lexicons(), jobs=2)
    assert [analysis_to_record(a) for a in parallel.articles] == [
        analysis_to_record(a) for a in result.articles
    ]
    pd.testing.assert_frame_equal(parallel.features, result.features)


@pytest.mark.parametrize("jobs", [0, -1])
def test_bad_jobs(jobs):
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        analyze([], jobs=jobs)


def test_no_articles_gives_an_empty_table_with_every_column():
    empty = analyze([])
    assert empty.articles == ()
    assert list(empty.features.columns) == [*ARTICLE_COLUMNS, *feature_names()]
    assert feature_table([]).empty


# ── TF-IDF ──────────────────────────────────────────────────────────────────────────────


def test_tfidf_uses_stored_tokens(result):
    tfidf = tfidf_matrix(result.articles)
    assert tfidf.matrix.shape == (4, len(tfidf.terms))
    assert tfidf.ids == tuple(a.article.id for a in result.articles)
    assert "特别军事行动" in tfidf.terms  # a user word, kept whole
    assert all(keep_token(t) for t in tfidf.terms)
    shared = tfidf_matrix(result.articles, min_df=2)
    assert "俄罗斯" in shared.terms and "中共国" not in shared.terms  # 中共国: one article only


def test_top_terms_are_deterministic_and_distinctive(result):
    tfidf = tfidf_matrix(result.articles)
    row = tfidf.ids.index(by_title(result, "习普联盟").article.id)
    top = top_terms(tfidf, [row], n=5)
    assert top == top_terms(tfidf, [row], n=5)
    assert len(top) == 5
    assert [w for _, w in top] == sorted((w for _, w in top), reverse=True)
    assert top_terms(tfidf, [], n=5) == []


@pytest.mark.parametrize(
    ("token", "kept"), [("俄罗斯", True), ("的", False), ("2022", False), ("3.5", False), ("G20", True)]
)
def test_keep_token(token, kept):
    assert keep_token(token) is kept


# ── the command line ────────────────────────────────────────────────────────────────────


def test_cli_jsonl_equals_the_api(result):
    output = runner.invoke(app, ["analyze", str(FIXTURES), "--format", "jsonl"])
    assert output.exit_code == 0, output.output
    records = [json.loads(line) for line in output.stdout.splitlines()]
    assert records == [analysis_to_record(a) for a in result.articles]


def test_cli_csv_and_parquet_equal_the_feature_table(result, tmp_path):
    csv = runner.invoke(app, ["analyze", str(FIXTURES), "--format", "csv"])
    assert csv.exit_code == 0
    table = pd.read_csv(io.StringIO(csv.stdout), index_col="id")
    assert list(table.index) == list(result.features.index)
    assert table["loaded_term_density"].tolist() == pytest.approx(result.features["loaded_term_density"])

    out = tmp_path / "out" / "features.parquet"
    parquet = runner.invoke(app, ["analyze", str(FIXTURES), "-f", "parquet", "--out", str(out)])
    assert parquet.exit_code == 0
    assert parquet.stdout == ""
    pd.testing.assert_frame_equal(pd.read_parquet(out), result.features, check_index_type=False)


def test_cli_table_lists_every_article(result):
    shown = runner.invoke(app, ["analyze", str(FIXTURES)])
    assert shown.exit_code == 0
    for analysis in result.articles:
        assert analysis.article.id[:8] in shown.stdout


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--format", "xml"], 2, "unknown format 'xml'; formats: table, csv, jsonl, parquet"),
        (["--format", "parquet"], 2, "--format parquet needs --out FILE"),
    ],
)
def test_cli_bad_options(arguments, code, message):
    output = runner.invoke(app, ["analyze", str(FIXTURES), *arguments])
    assert output.exit_code == code
    assert message in output.output


def test_cli_unwritable_out_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    output = runner.invoke(app, ["analyze", str(FIXTURES), "-f", "csv", "--out", str(blocker / "f.csv")])
    assert output.exit_code == 1
    assert output.stderr.startswith(f"framing: cannot write {blocker / 'f.csv'}: ")
    assert len(output.stderr.splitlines()) == 1


def test_cli_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("no pyarrow")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    output = runner.invoke(
        app, ["analyze", str(FIXTURES), "-f", "parquet", "-o", str(tmp_path / "f.parquet")]
    )
    assert output.exit_code == 1
    assert "pip install 'framing[parquet]'" in output.stderr
    assert not (tmp_path / "f.parquet").exists()


def test_cli_reports_each_skipped_file_on_stderr(tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.md").write_text(
        (FIXTURES / "partisan.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    output = runner.invoke(app, ["analyze", str(tmp_path), "--format", "jsonl"])
    assert output.exit_code == 0
    skipped = [line for line in output.stderr.splitlines() if line.startswith("framing: skipped")]
    assert len(skipped) == 2
    assert len(output.stdout.splitlines()) == 1


def test_cli_nothing_to_analyse(tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    output = runner.invoke(app, ["analyze", str(tmp_path)])
    assert output.exit_code == 1
    assert "no article to analyse in 1 input(s)" in output.stderr


def test_cli_bad_user_lexicon_is_one_line(tmp_path):
    bad = tmp_path / "markers.tsv"
    bad.write_text("term\ttype\tnote\n可能\tguess\tx\n", encoding="utf-8")
    output = runner.invoke(app, ["analyze", str(FIXTURES), "--lexicon", str(bad)])
    assert output.exit_code == 1
    assert output.stderr.strip().startswith(f"framing: {bad}:2: type 'guess'")


def _commands(group, prefix: tuple[str, ...] = ()):
    """Every (path, command) under a click group (typer vendors click: duck-typed)."""
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_commands_this_module_owns_are_registered():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"analyze", "lexicon check", "lexicon show"} <= names


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help(path):
    command = dict(COMMANDS)[path]
    assert (command.help or "").strip(), f"framing {' '.join(path)} has no help text"
    shown = runner.invoke(app, [*path, "--help"])
    assert shown.exit_code == 0
    assert "Usage:" in shown.output


def test_cli_import_stays_light():
    code = (
        "import sys, framing.cli.app; "
        "print(sorted(m for m in ('pandas', 'sklearn', 'jieba', 'rjieba', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# ── the real seeds (skipped without ../shared) ─────────────────────────────────────────


@pytest.mark.skipif(not (SHARED / "corpus" / "seeds").is_dir(), reason="../shared/corpus absent")
def test_seeds_analyse_with_consistent_offsets():
    articles, _ = load_articles([SHARED / "corpus" / "seeds"])
    analysed = analyze(articles)
    assert len(analysed.features) == 4
    for analysis in analysed.articles:
        assert analysis.features["tokens"] > 300
        for hit in analysis.term_hits + analysis.marker_hits:
            assert analysis.article.text[hit.start : hit.end] == hit.text
    partisan = analysed.features[analysed.features["outlet_kind"] == "partisan"]
    assert (partisan["stance_anti_ccp_density"] > 0).all()


def test_cli_cache_gives_the_same_records_and_no_cache_writes_nothing(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(cache))
    uncached = runner.invoke(app, ["analyze", str(FIXTURES), "-f", "jsonl", "--no-cache"])
    assert uncached.exit_code == 0
    assert not cache.exists()
    first = runner.invoke(app, ["analyze", str(FIXTURES), "-f", "jsonl"])
    assert any(p.is_file() for p in cache.rglob("*"))
    second = runner.invoke(app, ["analyze", str(FIXTURES), "-f", "jsonl"])
    assert uncached.stdout == first.stdout == second.stdout


# ── arbitrary articles ──────────────────────────────────────────────────────────────────

_PIECES = list("普京说，。！？“”「」：据所谓霸权中共国他认为可能的 （）·") + [
    "特别军事行动",
    "新华社23日消息",
    "据悉",
    "专家认为",
    "谢尔盖·拉夫罗夫",
]
_PARAGRAPH = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map(lambda p: "".join(p).strip())
_ROLES = st.sampled_from([Role.BODY, Role.BODY, Role.HEADING, Role.CAPTION, Role.PULL_QUOTE])


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="习普霸权", min_size=1, max_size=8), st.lists(st.tuples(_ROLES, _PARAGRAPH), max_size=6)
)
def test_any_article_analyses_to_consistent_json(title, blocks):
    article = make_article((Role.TITLE, title), *((role, text) for role, text in blocks if text))
    analysis = analyze_article(article, LEXICONS)
    record = analysis_to_record(analysis)
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    assert analysis.features["tokens"] == len(analysis.tokens)
    for hit in analysis.term_hits + analysis.marker_hits:
        assert article.text[hit.start : hit.end] == hit.text
    assert set(analysis.features) == set(feature_names())


@pytest.mark.parametrize("enabled", [True, False])
def test_analyze_leaves_the_garbage_collector_as_it_found_it(result, enabled):
    import gc

    articles = [a.article for a in result.articles[:1]]
    (gc.enable if enabled else gc.disable)()
    try:
        analyze(articles, LEXICONS)
        assert gc.isenabled() is enabled
        with pytest.raises(AttributeError):
            analyze([object()], LEXICONS)  # a failure inside still restores it
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
