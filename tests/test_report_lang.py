"""The report's interface languages (framing report --lang): translations, fallback, the page's lang."""

from __future__ import annotations

import re

import pytest
from report_factory import make_analysis, make_result
from typer.testing import CliRunner

from framing.cli import app
from framing.model import LedgerEntry, LedgerStatus
from framing.report.build import render_report
from framing.report.render import (
    LANGUAGES,
    ReportError,
    built_in_text,
    load_text,
    missing_translations,
    report_templates,
)

TRANSLATIONS = [lang for lang in LANGUAGES if lang != "en"]


def _leaves(entry, key=()):
    """(path, value) of every text or list of a words mapping."""
    if isinstance(entry, dict):
        return [leaf for name, value in entry.items() for leaf in _leaves(value, (*key, name))]
    return [(key, entry)]


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_english_entry_is_translated(lang):
    missing = missing_translations(lang)
    assert not missing, (
        f"framing/report/templates/text/{lang}.yaml lacks {len(missing)} entries of en.yaml "
        f"(shown in English until translated): " + ", ".join(missing)
    )


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translations_keep_the_placeholders_of_english(lang):
    english = dict(_leaves(load_text(None, "en")))
    for path, value in _leaves(built_in_text(lang)):
        source = english[path]
        # A translation may leave a placeholder out (the Chinese method text words the caveat
        # itself) but never use one the report does not fill.
        assert set(_placeholders(value)) <= set(_placeholders(source)), path


def _placeholders(text) -> list[str]:
    """The names of a text's {placeholders}, with or without a format ({n:# article|# articles})."""
    return re.findall(r"\{(\w+)(?::[^{}]*)?\}", str(text))


def test_a_missing_translation_falls_back_to_english_and_is_named(monkeypatch):
    import framing.report.render as render

    english = built_in_text("en")
    partial = {"sections": {"summary": "语料概况"}, "events": {"none": "无"}}
    original = render.built_in_text
    monkeypatch.setattr(
        render, "built_in_text", lambda lang: partial if lang == "zh-Hans" else original(lang)
    )
    text = load_text(None, "zh-Hans")
    assert text["sections"]["summary"] == "语料概况"
    assert text["sections"]["events"] == english["sections"]["events"]  # English where untranslated
    assert text["glossary"] == english["glossary"]
    missing = missing_translations("zh-Hans")
    assert "sections.events" in missing and "events.intro" in missing and "sections.summary" not in missing


def test_the_traditional_file_is_traditional():
    simplified, traditional = built_in_text("zh-Hans"), built_in_text("zh-Hant")
    assert simplified["sections"]["glossary"] == "术语表" and traditional["sections"]["glossary"] == "術語表"
    assert traditional["words"]["source"] == "消息來源"  # the news word, not 訊息來源
    assert "类" not in str(traditional) and "类型" in str(simplified)


def test_a_user_folder_overrides_the_chosen_language(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "zh-Hant.yaml").write_text("sections:\n  summary: 我的語料\n", encoding="utf-8")
    (tmp_path / "text" / "en.yaml").write_text("sections:\n  summary: My corpus\n", encoding="utf-8")
    hant = report_templates(tmp_path, "zh-Hant").text
    assert hant["sections"]["summary"] == "我的語料" and hant["sections"]["events"] == "事件：各媒體並列比較"
    assert report_templates(tmp_path, "en").text["sections"]["summary"] == "My corpus"


def test_an_unknown_language_is_refused_naming_the_choices():
    with pytest.raises(ReportError, match="unknown report language 'fr'; choose one of en, zh-Hans, zh-Hant"):
        report_templates(None, "fr")


@pytest.fixture(scope="module")
def result():
    return make_result(
        [
            make_analysis([("普京 表示 双方 合作", "A"), ("霸权 行径", "E")], outlet="官媒", title="会谈"),
            make_analysis([("分析人士 认为 合作 有限", "A")], outlet="通讯社", title="会谈举行"),
        ]
    )


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Glossary"), ("zh-Hans", "术语表"), ("zh-Hant", "術語表")]
)
def test_the_page_says_its_language_and_shows_its_words(result, lang, title):
    ledger = [
        LedgerEntry(a.article.path, LedgerStatus.INGESTED, article_ids=(a.article.id,))
        for a in result.articles
    ]
    document, markdown, _, tables = render_report(result, ledger, templates=report_templates(None, lang))
    assert f'<html lang="{lang}">' in document
    assert f'<h2 id="glossary">6. {title}</h2>' in document and f"## 6. {title}" in markdown
    assert '<p class="para" lang="zh">' in document  # the article text keeps its own language
    readme = tables["README.md"].decode("utf-8")
    assert readme.startswith("# " + load_text(None, lang)["tables_readme"]["title"])


def test_cli_lang_option_is_checked_before_the_work(tmp_path):
    outcome = CliRunner().invoke(app, ["report", "--lang", "fr", "--out", str(tmp_path / "r")])
    assert outcome.exit_code != 0
    assert "unknown report language 'fr'" in outcome.output and "Traceback" not in outcome.output
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_texts_have_no_space_between_two_chinese_characters(lang):
    """A folded YAML text broken across lines gets a space at each break, wrong in Chinese."""
    cjk = "[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]"
    spaced = [path for path, value in _leaves(built_in_text(lang)) if re.search(f"{cjk} {cjk}", str(value))]
    assert not spaced, spaced


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_the_handout_and_the_cards_page_say_their_language(result, lang):
    from framing.report.cards import article_card
    from framing.report.render import render_cards_html

    ledger = [
        LedgerEntry(a.article.path, LedgerStatus.INGESTED, article_ids=(a.article.id,))
        for a in result.articles
    ]
    templates = report_templates(None, lang)
    handout, *_ = render_report(result, ledger, templates=templates, handout=True)
    cards = render_cards_html([article_card(a) for a in result.articles], templates)
    assert f'<html lang="{lang}">' in handout and f'<html lang="{lang}">' in cards
