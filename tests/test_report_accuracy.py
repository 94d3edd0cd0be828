"""The accuracy figures the report prints: shipped with the package (``tools/train_claim_model.py``
writes them; ``tests/test_eval_gate.py`` checks they are never above what a new run measures)."""

from __future__ import annotations

from pathlib import Path

from framing.report.build import render_report
from framing.report.shipped import classifier_accuracy

SHARED = Path(__file__).parents[1].parent / "shared"
GOLD, SCORER, SEEDS = (
    SHARED / "eval" / "gold_dev.json",
    SHARED / "eval" / "score.py",
    SHARED / "corpus" / "seeds",
)
HEADLINE = {  # report figure → Scores.figure name (tests/test_eval_gate.py checks them against a new run)
    "claim types, macro F1 over A/E/F": "claims_macro_f1",
    "E editorial: precision / recall / F1 (sentences)": "E_f1",
    "sources found, F1": "sources_f1",
    "source kind, accuracy on found sources": "source_kind_acc",
    "not-body text (H/X) recognised": "nonbody_acc",
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
    assert "Measured accuracy of the claim classifier" in shown and "leave-one-outlet-out" in shown
    hidden = render_report(result, [], accuracy={})[1]
    assert "Measured accuracy" not in hidden and "not supplied" in hidden
