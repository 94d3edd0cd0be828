"""Plain words in the report: every figure named with its unit, no snake_case name shown, a
glossary of every figure and kind, a data dictionary of the CSV tables, accuracy in words."""

from __future__ import annotations

import re

import pytest
from report_factory import make_analysis, make_result

from framing.analysis.features import feature_names
from framing.comparison.compare import compare
from framing.model import LedgerEntry, LedgerStatus, OutletKind, SourceKind
from framing.report.build import render_report
from framing.report.charts import KEY_FEATURES
from framing.report.data_dictionary import table_columns
from framing.report.render import LANGUAGES, _visible_text, load_text, report_templates
from framing.report.shipped import classifier_accuracy
from framing.report.views import PROFILE_FEATURES
from framing.report.words import feature_label


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_feature_has_a_label_with_its_unit(lang):
    text = load_text(None, lang)
    units = ("count", "1,000", "0–1", "ratio") if lang == "en" else ("（", "1,000", "0–1")
    for name in feature_names():
        label = feature_label(name, text)
        assert label != name.replace("_", " "), f"{lang}: {name} has no label of its own"
        assert "_" not in label and any(u in label for u in units), f"{lang}: {name} → {label!r}"


def test_a_feature_without_words_is_still_not_snake_case():
    assert feature_label("own_voice_loaded_share", {}) == "own voice loaded share"
    assert feature_label("sources_state_media", load_text()) == "sources: state media (count)"
    assert (
        feature_label("loaded_war_metaphor_density", load_text(None, "zh-Hans"))
        == "倾向性用语：战争隐喻，每 1,000 词出现次数，媒体自己的话"
    )
    assert feature_label("quoted_loaded_term_density", load_text()) == (
        "loaded terms per 1,000 words, quoted or attributed"
    )


def test_a_feature_pattern_with_a_placeholder_it_cannot_fill_is_a_report_error():
    from framing.errors import ReportError

    broken = {
        "feature_patterns": {"sources_kind": "sources: {kind}"},  # the pattern gives {name}
        "source_kinds": {"state_media": "state media"},
    }
    with pytest.raises(ReportError, match="placeholder the report cannot fill"):
        feature_label("sources_state_media", broken)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_covers_every_figure_shown_and_every_kind(lang):
    text = load_text(None, lang)
    shown = set(PROFILE_FEATURES) | set(KEY_FEATURES)
    assert shown <= set(text["feature_help"]), shown - set(text["feature_help"])
    assert {k.value for k in SourceKind} == set(text["source_kinds"])
    assert {k.value for k in OutletKind} == set(text["outlet_kinds"])
    assert set(text["categories"]) == set(text["category_names"])


@pytest.fixture(scope="module")
def result():
    return make_result(
        [
            make_analysis(
                [("普京 表示 双方 合作", "A"), ("霸权 行径", "E")],
                outlet="官媒",
                outlet_kind=OutletKind.STATE_MEDIA,
                event="e",
                loaded=[("霸权", "derogatory_label")],
            ),
            make_analysis([("分析人士 认为 合作 有限", "A")], outlet="通讯社", event="e"),
        ]
    )


@pytest.fixture(scope="module")
def reports(result):
    ledger = [
        LedgerEntry(a.article.path, LedgerStatus.INGESTED, article_ids=(a.article.id,))
        for a in result.articles
    ]
    comparison = compare(result, n_boot=50)
    return {
        lang: render_report(result, ledger, comparison=comparison, templates=report_templates(None, lang))
        for lang in LANGUAGES
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_snake_case_figure_name_reaches_the_reader(reports, lang):
    document, markdown, _, _ = reports[lang]
    # File names stay as they are (charts/loaded_term_density.png, lexicons/loaded_terms.tsv).
    visible = re.sub(r"(?:charts|lexicons|tables)/\S+", "", _visible_text(document))
    shown = [name for name in feature_names() if "_" in name and re.search(rf"\b{name}\b", visible)]
    assert not shown, f"{lang}: {shown}"
    assert not [n for n in feature_names() if "_" in n and f"| {n} |" in markdown]
    assert "state_media" not in visible and "derogatory_label" not in visible


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tables_folder_explains_every_column(reports, lang):
    tables = reports[lang][3]
    readme = tables["README.md"].decode("utf-8")
    undescribed = load_text(None, lang)["tables_readme"]["undescribed"]
    assert undescribed not in readme
    for name, data in tables.items():
        if name.endswith(".csv"):
            assert f"### {name}" in readme
            for column in table_columns(data):
                assert f"| {column} |" in readme, f"{name}: {column}"


def test_the_method_says_what_accuracy_was_measured_on(reports):
    english = _visible_text(reports["en"][0])
    assert "Measured on ../shared" not in english
    first = classifier_accuracy()["outlets"][0]  # the outlets by name, in order (tools/train_claim_model.py)
    assert re.search(rf"on \d+ articles of \d+ outlets \({re.escape(first)}, ", english)
    assert "leave-one-outlet-out cross-validation" in english
    assert "A 有出处：精确率 / 召回率 / F1（按句）" in _visible_text(reports["zh-Hans"][0])


def test_a_count_says_one_thing_in_the_singular_and_more_in_the_plural():
    import numpy as np

    from framing.report.words import fill

    text = "{n:# article was|# articles were} left ungrouped; {events:# event|# events}, {share:.0%}"
    assert fill(text, n=1, events=np.int64(3), share=0.25) == "1 article was left ungrouped; 3 events, 25%"
    assert fill(text, n=0, events=1, share=1.0) == "0 articles were left ungrouped; 1 event, 100%"
    assert fill("{n} 篇文章", n=1) == "1 篇文章"  # a language without plurals writes the number alone
    assert fill("{flag}", flag=True) == "True"  # a bool is not a count


def test_every_english_count_chooses_its_wording_by_the_number():
    import re

    from framing.report.render import load_text
    from framing.report.words import fill

    def leaves(entry):
        if isinstance(entry, dict):
            return [leaf for value in entry.values() for leaf in leaves(value)]
        return [entry] if isinstance(entry, str) else []

    counted = [t for t in leaves(load_text(None, "en")) if re.search(r"\{\w+:[^{}]*\|", t)]
    assert len(counted) >= 10
    for text in counted:
        names = set(re.findall(r"\{(\w+)", text))
        one = fill(text, **dict.fromkeys(names, 1))
        two = fill(text, **dict.fromkeys(names, 2))
        assert "#" not in one + two and one != two, text
