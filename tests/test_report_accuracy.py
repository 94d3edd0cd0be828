"""The accuracy figures the report prints: shipped with the package, never above what is measured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from framing.report import classifier_accuracy, render_report

SHARED = Path(__file__).parents[1].parent / "shared"
GOLD, SCORER, SEEDS = (
    SHARED / "eval" / "gold_dev.json",
    SHARED / "eval" / "score.py",
    SHARED / "corpus" / "seeds",
)
HEADLINE = {  # report figure → score.py metric
    "claim types, macro F1 over A/E/F": "claims_macro_f1",
    "sources found, F1": "sources_f1",
    "source kind, accuracy on found sources": "source_kind_acc",
    "not-body text recognised (X), accuracy": "nonbody_acc",
}


def test_shipped_figures_are_complete():
    accuracy = classifier_accuracy()
    assert set(HEADLINE) <= set(accuracy["figures"])
    assert accuracy["caveat"] and accuracy["data"] and accuracy["measured"]


def test_report_prints_them_or_leaves_them_out():
    from report_factory import make_result
    from test_compare import corpus

    result = make_result(corpus())
    shown = render_report(result, [])[1]
    assert "Measured accuracy of the claim classifier" in shown and "upper bound" in shown
    hidden = render_report(result, [], accuracy={})[1]
    assert "Measured accuracy" not in hidden and "not supplied" in hidden


@pytest.mark.skipif(not (GOLD.exists() and SCORER.exists() and SEEDS.is_dir()), reason="../shared absent")
def test_report_never_overstates_the_measured_accuracy(tmp_path):
    from framing.analysis import analysis_to_record, analyze
    from framing.ingest import load_articles

    articles, _ = load_articles([SEEDS])
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "".join(
            json.dumps(analysis_to_record(a), ensure_ascii=False) + "\n" for a in analyze(articles).articles
        ),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(pred)], capture_output=True, text=True, check=True
    )
    measured = {k: float(v) for k, v in (p.split("=") for p in out.stdout.strip().splitlines()[-1].split())}
    figures = classifier_accuracy()["figures"]
    for label, metric in HEADLINE.items():
        # 0.01 for rounding; update framing/templates/accuracy.json when the rules change
        assert float(figures[label]) <= measured[metric] + 0.01, (label, figures[label], measured[metric])
