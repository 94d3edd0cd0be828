"""Passives (ANNOTATION.md, "Passives without a holder"): 被认为 with nobody named is the
writer's characterisation (E); with the holder named, the holder is the source (A).
The sentences are written for this test."""

from framing.analysis.article import analyze_article
from framing.ingest import IngestOptions, load_articles
from framing.lexicon import load_lexicons

TEXT = (
    "---\ntitle: 测试\n---\n\n"
    "这次会晤被认为是两国关系的转折点。\n\n"
    "此举被普遍视为对西方的警告。\n\n"
    "这次会晤被美国官员认为是转折点。\n"
)


def _rules(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(TEXT, encoding="utf-8")
    (article,), _ = load_articles([path], IngestOptions())
    return analyze_article(article, load_lexicons(), use_model=False)


def test_a_passive_with_no_holder_is_the_writers_own(tmp_path):
    analysis = _rules(tmp_path)
    labels = {s.text: (s.label.value, s.reason) for s in analysis.sentences}
    for text in ("这次会晤被认为是两国关系的转折点。", "此举被普遍视为对西方的警告。"):
        label, reason = labels[text]
        assert label == "E" and "passive with no one named" in reason


def test_the_holder_of_a_passive_is_its_source(tmp_path):
    analysis = _rules(tmp_path)
    (attributed,) = [s for s in analysis.sentences if s.label.value == "A"]
    assert attributed.text == "这次会晤被美国官员认为是转折点。"
    assert [s.name for s in analysis.sources] == ["美国官员"]
