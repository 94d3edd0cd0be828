"""Comparison tables: counts, bootstrap intervals, flags, and log-odds with a Dirichlet prior."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from report_factory import make_analysis, make_result

from framing.comparison.compare import (
    bootstrap_mean_ci,
    compare,
    distinctive_terms,
    flag_for,
    log_odds_dirichlet,
    top_terms,
)
from framing.model import SourceKind


def corpus():
    items = []
    for day in (16, 17, 18):
        items.append(
            make_analysis(
                [("普京 表示 双方 合作 务实", "A"), ("霸权 行径 遭到 唾弃 合作", "E")],
                outlet="官媒",
                date=f"2024-05-{day}",
                loaded=[("霸权", "derogatory_label")],
                sources=[("普京", SourceKind.OFFICIAL)],
            )
        )
    items.append(
        make_analysis(
            [("分析人士 认为 合作 有限", "A"), ("双方 签署 合作 文件", "F")],
            outlet="通讯社",
            date="2024-05-16",
            sources=[("分析人士", SourceKind.ANONYMOUS), ("某大学", SourceKind.EXPERT)],
        )
    )
    return items


@pytest.fixture(scope="module")
def comparison():
    return compare(make_result(corpus()), n_boot=500)


def test_outlet_table_has_counts_intervals_and_flags(comparison):
    table = comparison.by_outlet.set_index(["outlet", "feature"])
    state = table.loc[("官媒", "editorial_share")]
    assert state["n"] == 3 and state["mean"] == pytest.approx(0.5) and state["flag"] == ""
    assert state["ci_low"] <= state["mean"] <= state["ci_high"]
    wire = table.loc[("通讯社", "editorial_share")]
    assert wire["n"] == 1 and math.isnan(wire["ci_low"]) and "one article" in wire["flag"]


def test_event_table_and_grouping(comparison):
    assert len(comparison.grouping.events) == 1
    rows = comparison.by_event_outlet
    assert set(rows["outlet"]) == {"官媒", "通讯社"}
    assert rows["event_name"].str.startswith("2024-05-16").all()
    assert set(comparison.features["event_group"]) == {comparison.grouping.events[0].id}


def test_claims_sources_and_density(comparison):
    claims = comparison.claims.set_index(["outlet", "label"])
    assert claims.loc[("官媒", "E"), "sentences"] == 3
    assert claims.loc[("官媒", "E"), "share"] == pytest.approx(0.5)
    assert claims.loc[("通讯社", "F"), "share"] == pytest.approx(0.5)
    kinds = comparison.source_kinds.set_index(["outlet", "kind"])
    assert kinds.loc[("通讯社", "anonymous"), "sources"] == 1
    density = comparison.term_density.set_index(["outlet", "category"])
    assert density.loc[("官媒", "derogatory_label"), "mean"] == pytest.approx(100.0)  # 1 hit / 10 tokens
    assert density.loc[("通讯社", "derogatory_label"), "mean"] == 0.0


def test_same_seed_same_numbers():
    values = [0.1, 0.5, 0.9, 0.3]
    assert bootstrap_mean_ci(values, seed=3) == bootstrap_mean_ci(values, seed=3)
    mean, low, high = bootstrap_mean_ci(values, n_boot=1000)
    assert low < mean < high and min(values) <= low and high <= max(values)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], (True, True, True)), ([2.0], (False, True, True)), ([2.0, float("nan")], (False, True, True))],
)
def test_bootstrap_degenerate_inputs(values, expected):
    result = bootstrap_mean_ci(values)
    assert tuple(math.isnan(x) for x in result) == expected


@pytest.mark.parametrize(
    ("n", "needle"), [(0, "no articles"), (1, "one article"), (2, "too few"), (3, ""), (10, "")]
)
def test_flags(n, needle):
    flag = flag_for(n, 3)
    assert (needle in flag) if needle else flag == ""


def test_word_frequent_everywhere_is_not_distinctive():
    common = ["合作"] * 50
    tokens = {"甲": common + ["霸权"] * 10 + ["双方"] * 5, "乙": common + ["分析"] * 10 + ["双方"] * 5}
    table = distinctive_terms(tokens)
    rows = table.set_index(["group", "term"])
    assert abs(rows.loc[("甲", "合作"), "z"]) < 0.5
    assert rows.loc[("甲", "霸权"), "z"] > 1.96
    assert ("乙", "霸权") not in rows.index  # terms a group never uses are not listed for it
    assert [r["term"] for r in top_terms(table, "甲")] == ["霸权"]
    # with two groups, TF-IDF still ranks the everywhere-word first: why log-odds is shown beside it
    assert top_terms(table, "乙", by="tfidf")[0]["term"] == "合作"
    assert [r["term"] for r in top_terms(table, "乙")] == ["分析"]


def test_log_odds_is_antisymmetric_for_two_groups():
    table = log_odds_dirichlet({"甲": Counter(a=8, b=2), "乙": Counter(a=2, b=8)}).set_index(
        ["group", "term"]
    )
    assert table.loc[("甲", "a"), "z"] == pytest.approx(-table.loc[("乙", "a"), "z"])
    assert table.loc[("甲", "a"), "z"] > 0


def test_log_odds_needs_two_groups():
    assert log_odds_dirichlet({"甲": Counter(a=3)}).empty
    lone = distinctive_terms({"甲": ["北京", "北京", "的"]})
    assert list(lone["term"]) == ["北京"] and lone["z"].isna().all()


def test_bad_min_articles():
    with pytest.raises(ValueError):
        compare(make_result(corpus()), min_articles=0)


def test_empty_corpus():
    empty = compare(make_result([]))
    assert empty.by_outlet.empty and empty.grouping.events == ()


def test_words_of_each_outlet_within_an_event(comparison):
    within = comparison.distinctive_event_outlet
    event = comparison.grouping.events[0].id
    assert set(within["event_group"]) == {event}
    assert set(within["group"]) == {"官媒", "通讯社"}
    state = within[within["group"] == "官媒"].set_index("term")
    assert state.loc["霸权", "count"] == 3 and state.loc["霸权", "z"] > 0
    assert "分析人士" not in state.index  # only the wire service used it


def test_wide_tables(comparison):
    wide = comparison.outlet_by_feature()
    assert list(wide.index) == ["官媒", "通讯社"] and list(wide.columns) == list(comparison.feature_names)
    assert wide.loc["官媒", "editorial_share"] == pytest.approx(0.5)
    counts = comparison.event_outlet_by_feature("n")
    assert counts.index.names == ["event_group", "outlet"]
    assert counts.xs("官媒", level="outlet")["editorial_share"].iloc[0] == 3


def test_group_intervals_agree_with_the_one_feature_bootstrap():
    import numpy as np

    from framing.comparison.statistics import block_intervals, bootstrap_mean_ci

    block = np.array([[0.1, 3.0, 1.0], [0.5, 1.0, np.nan], [0.9, 4.0, 2.0], [0.3, 1.0, 8.0], [0.7, 5.0, 4.0]])
    counts, means, lows, highs = block_intervals(block, n_boot=500, seed=3)
    for column in range(3):
        expected = bootstrap_mean_ci(block[:, column].tolist(), n_boot=500, seed=3)
        assert (means[column], lows[column], highs[column]) == pytest.approx(expected, rel=1e-12)
    assert list(counts) == [5, 5, 4]
    assert means[2] == pytest.approx(15.0 / 4)  # the missing value is left out


def test_bootstrap_means_are_resampled_column_means():
    import numpy as np

    from framing.comparison.statistics import bootstrap_means

    matrix = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    means = bootstrap_means(matrix, n_boot=300, seed=1, block=70)
    assert means.shape == (300, 2)
    assert np.allclose(means[:, 1], 10 * means[:, 0])  # the same draws for every column
    assert means.min() >= 1.0 and means[:, 0].max() <= 3.0
    draws = np.random.default_rng(1).integers(0, 3, size=(300, 3))
    assert np.allclose(means[:, 0], matrix[:, 0][draws].mean(axis=1))


def test_claim_composition_from_the_label_count_features_equals_counting_sentences():
    from dataclasses import replace
    from pathlib import Path

    from framing.analysis.article import analyze
    from framing.analysis.features import LABEL_COUNTS
    from framing.comparison.tables import claim_composition
    from framing.ingest import load_articles

    articles, _ = load_articles([Path(__file__).parent / "fixtures" / "core"])
    analyses = analyze(articles).articles
    for analysis in analyses:
        labels = Counter(s.label for s in analysis.sentences)
        assert {n: analysis.features[n] for n in LABEL_COUNTS.values()} == {
            name: labels[label] for label, name in LABEL_COUNTS.items()
        }
    # without the count features the sentences are counted: the same table
    bare = [
        replace(a, features={k: v for k, v in a.features.items() if k not in LABEL_COUNTS.values()})
        for a in analyses
    ]
    assert claim_composition(analyses).equals(claim_composition(bare))
    assert claim_composition(analyses)["sentences"].sum() == sum(len(a.sentences) for a in analyses)


def test_the_frame_carries_each_article_s_event_and_the_date_read_from_its_text():
    from datetime import date

    import pandas as pd

    items = corpus()
    undated = make_analysis(
        [("普京 表示 双方 合作 务实 2024年5月17日", "A")], outlet="通讯社", date=None, title="评论"
    )
    comparison = compare(make_result([*items, undated]), n_boot=100)
    frame = comparison.features
    assert frame.loc[undated.article.id, "date_inferred"] == date(2024, 5, 17)
    assert pd.isna(frame.loc[undated.article.id, "date"])  # the input's (missing) date is left alone
    assert frame.loc[items[0].article.id, "date_inferred"] is None
    assert "date_inferred" not in comparison.feature_names and "event_group" not in comparison.feature_names
    assert set(frame["event_group"]) == {comparison.grouping.events[0].id}


def test_one_column_interval_is_scipy_s_percentile_bootstrap():
    import numpy as np
    from scipy.stats import bootstrap

    values = [0.1, 0.5, 0.9, 0.3, 0.7, 0.2]
    mean, low, high = bootstrap_mean_ci(values, n_boot=400, seed=4)
    expected = bootstrap(
        (np.array(values),), np.mean, n_resamples=400, method="percentile", rng=np.random.default_rng(4)
    ).confidence_interval
    assert (low, high) == pytest.approx((expected.low, expected.high), rel=1e-12)
    assert mean == pytest.approx(np.mean(values))
