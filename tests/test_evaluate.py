"""framing evaluate, the scores, leave-one-outlet-out cross-validation, and the sentence model.

The labelled articles here are written for these tests; nothing is copied from real outlets.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from report_factory import make_analysis
from scipy import sparse
from typer.testing import CliRunner

from framing.analysis import claim_features, claim_model
from framing.analysis.claim_features import N_FEATURES, OpinionModel, sentence_matrix
from framing.analysis.claim_model import ClaimModel, decide, fit_model, relabel
from framing.cli import app
from framing.evaluate import load_gold, score
from framing.evaluate.crossval import LabelledFile, cross_validate, outlet_key
from framing.evaluate.gold import GoldArticle, GoldSentence, GoldSource, align
from framing.evaluate.scoring import Prediction
from framing.model import ClaimLabel, Evidence

ARTICLE = (
    "---\ntitle: 两国举行联合演习\noutlet: 示例通讯社\ndate: 2024-05-16\n---\n\n"
    "两国海军周三在东海举行联合演习。\n\n"
    "国防部发言人张三表示，演习不针对第三方。\n\n"
    "这无疑是一场精心策划的政治表演。\n"
)
GOLD = [
    {
        "file": "drill.md",
        "outlet": "示例通讯社",
        "sentences": [
            {"text": "两国举行联合演习", "label": "H"},
            {"text": "两国海军周三在东海举行联合演习。", "label": "F"},
            {"text": "国防部发言人张三表示，演习不针对第三方。", "label": "A"},
            {"text": "这无疑是一场精心策划的政治表演。", "label": "E"},
        ],
        "sources": [{"name": "张三", "kind": "official"}],
    }
]


def _gold(sentences, sources=(), file="a.md", outlet="甲"):
    return GoldArticle(
        file,
        outlet,
        tuple(GoldSentence(t, lab) for t, lab in sentences),
        tuple(GoldSource(*s) for s in sources),
    )


def test_align_matches_exactly_then_by_containment():
    gold = [GoldSentence("他说：“好。”", "A"), GoldSentence("第二句", "F"), GoldSentence("没有", "E")]
    assert align(gold, ["他说好", "这是第二句话"]) == [0, 1, None]


def test_score_counts_classes_sources_and_missing_files():
    gold = [
        _gold(
            [("甲说了一件事。", "A"), ("这很糟糕。", "E"), ("会议周三举行。", "F"), ("标题", "H")],
            [("甲", "official")],
        ),
        _gold([("乙说了。", "A")], file="missing.md"),
    ]
    pred = {
        "a.md": Prediction(
            (("甲说了一件事。", "A"), ("这很糟糕。", "F"), ("会议周三举行。", "F"), ("标题", "H")),
            (("甲", "official"), ("丙", "media")),
        )
    }
    s = score(gold, pred, rounds=50)
    a, e, f = s.classes
    assert (a.support, a.predicted, a.recall) == (2, 1, 0.5)  # the missing file's sentence counts as wrong
    assert e.f1 == 0.0 and e.support == 1
    assert f.precision == 0.5 and f.recall == 1.0
    assert s.confusion["E"]["F"] == 1 and s.confusion["A"]["-"] == 1
    assert s.sources_counts == (1, 1, 0) and s.kind_counts == (1, 1)
    assert s.nonbody_counts == (1, 1)
    assert s.missing == ("missing.md",)
    low, high = s.macro_f1_interval
    assert low <= s.macro_f1 <= high
    assert "claims_macro_f1=" in s.to_text().splitlines()[-1]


def test_perfect_prediction_scores_one():
    gold = [_gold([("甲说了。", "A"), ("这很糟糕。", "E"), ("会议举行。", "F")], [("甲", "official")])]
    pred = {
        "a.md": Prediction(
            (("甲说了。", "A"), ("这很糟糕。", "E"), ("会议举行。", "F")), (("甲", "official"),)
        )
    }
    s = score(gold, pred)
    assert s.macro_f1 == 1.0 and s.sources_f1 == 1.0 and s.macro_f1_interval == (1.0, 1.0)


def test_outlet_key_joins_spellings_of_one_outlet():
    assert outlet_key("VOA 美国之音") == outlet_key("VOA") == "VOA"


def _file(outlet: str, n: int) -> LabelledFile:
    sentences = [("张三表示，这是一个说法。", "A"), ("真是可耻的表演。", "E"), ("会议在周三举行。", "F")] * 2
    analysis = make_analysis(sentences, outlet=outlet, path=f"{outlet}/{n}.md")
    gold = _gold(sentences, file=f"{n}.md", outlet=outlet)
    return LabelledFile(gold, outlet, (analysis,))


def test_cross_validation_never_trains_on_the_held_out_outlet(monkeypatch):
    files = [_file("甲", 1), _file("乙", 2), _file("丙", 3)]
    seen = []

    def recording_fit(features, labels, groups, **kwargs):
        seen.append(features.shape[0])
        return fit_model(features, labels, groups, **kwargs)

    monkeypatch.setattr("framing.evaluate.crossval.fit_model", recording_fit)
    opinion = OpinionModel(np.zeros(N_FEATURES), 0.0)
    results = cross_validate(files, ("rules", "combined"), opinion=opinion)
    assert [r.variant for r in results] == ["rules", "combined"]
    assert seen == [12, 12, 12]  # each fold: the two other outlets' six sentences each
    combined = results[1]
    assert [o for o, _ in combined.folds] == ["丙", "乙", "甲"]
    assert combined.scores.macro_f1 == 1.0  # the three outlets write alike: each fold learns the others


def test_model_round_trip_and_relabel(tmp_path):
    files = [_file("甲", 1), _file("乙", 2)]
    blocks, labels = [], []
    for f in files:
        (a,) = f.analyses
        blocks.append(sentence_matrix(a.article, a.sentences, groups=("text", "layout")).to_scipy())
        labels += [s.label.value for s in a.sentences]
    model = fit_model(sparse.vstack(blocks), labels, ("text", "layout"))  # the words decide, not the rules
    model.save(tmp_path / "m.npz")
    loaded = ClaimModel.load(tmp_path / "m.npz")
    (a,) = files[0].analyses
    rows = sentence_matrix(a.article, a.sentences, groups=("text", "layout"))
    assert np.allclose(model.probabilities(rows), loaded.probabilities(rows), atol=1e-5)
    # the rules said F everywhere: the model gives back each sentence's label, with a probability
    ruled = tuple(replace(s, label=ClaimLabel.FACTUAL, reason="no cue") for s in a.sentences)
    out = relabel(a.article, ruled, model=loaded)
    assert [s.label.value for s in out] == labels[: len(out)]
    assert all(0.0 < s.confidence <= 1.0 and s.rule_label is ClaimLabel.FACTUAL for s in out)
    overruled = next(s for s in out if s.label is ClaimLabel.EDITORIAL)
    assert "by the model" in overruled.reason and "the rules said factual" in overruled.reason


def test_a_heading_decided_by_its_role_keeps_its_label():
    (a,) = _file("甲", 1).analyses
    heading = replace(
        a.sentences[0],
        label=ClaimLabel.HEADING,
        evidence=(Evidence("role", a.sentences[0].text, 0, 1, "heading"),),
    )
    always_f = ClaimModel(np.zeros((N_FEATURES, 3)), np.array([0.0, 0.0, 5.0]), ("A", "E", "F"), ("layout",))
    (label, p), *_ = decide(always_f, a.article, [heading, *a.sentences[1:]])
    assert label is ClaimLabel.HEADING and p < 0.01


def test_shipped_model_loads_and_labels_with_probabilities():
    model = claim_model.shipped_model()
    assert model is not None and set(model.classes) == set("AEFHX")
    assert claim_features.shipped_opinion_model() is not None
    (a,) = _file("甲", 1).analyses
    out = relabel(a.article, a.sentences)
    assert all(s.confidence is not None for s in out)


def test_evaluate_command_scores_labelled_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "drill.md").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and data["missing"] == []
    assert sum(data["confusion"]["A"].values()) == 1
    assert data["classes"]["A"]["f1"] == 1.0  # 表示 with a named speaker
    text = CliRunner().invoke(app, ["evaluate", str(gold), str(corpus), "--rules-only"])
    assert text.exit_code == 0 and text.stdout.strip().splitlines()[-1].startswith("claims_macro_f1=")


def test_evaluate_command_errors_are_one_line(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(bad), str(tmp_path)])
    assert (
        result.exit_code == 1
        and "gold.json" in result.stderr
        and len(result.stderr.strip().splitlines()) == 1
    )
    result = CliRunner().invoke(app, ["evaluate", str(bad), str(tmp_path), "--cv", "article"])
    assert result.exit_code == 2


def test_load_gold_names_the_file(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps([{"file": "x.md"}]), encoding="utf-8")
    with pytest.raises(Exception, match="g.json"):
        load_gold(path)
