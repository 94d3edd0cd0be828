"""How the sentence classifier's probabilities turn into labels: a model that reads the rules'
findings overrides the rules only with a clear margin (text written for the tests)."""

from __future__ import annotations

import numpy as np
import pytest
from report_factory import make_analysis

from framing.analysis import claim_model
from framing.analysis.claim_model import RULE_MARGIN, ClaimModel, decide

SENTENCES = [
    ("两国海军周三在东海举行联合演习。", "F"),
    ("这无疑是一场精心策划的政治表演。", "E"),
    ("国防部发言人表示，演习不针对第三方。", "A"),
]
# E ahead of F by less than the margin, A far behind
CLOSE = {"A": 0.05, "E": 0.5, "F": 0.45}
assert CLOSE["E"] - CLOSE["F"] < RULE_MARGIN < CLOSE["E"] - CLOSE["A"]


def _constant(probabilities: dict[str, float], groups: tuple[str, ...]) -> ClaimModel:
    """A model that gives every sentence the same class probabilities."""
    classes = tuple(sorted(probabilities))
    intercept = np.log([probabilities[c] for c in classes])
    return ClaimModel(np.zeros((claim_model.N_FEATURES, len(classes))), intercept, classes, groups)


@pytest.mark.parametrize(
    ("probabilities", "groups", "expected"),
    [
        # F is within the margin of E: the rules' F and E stand, their A (far behind) does not
        (CLOSE, ("layout", "rules"), "FEE"),
        # the model is clearly surer: its label wins over every rule label
        ({"A": 0.05, "E": 0.9, "F": 0.05}, ("layout", "rules"), "EEE"),
        # a model that never saw the rules' findings gives its own most probable label
        (CLOSE, ("layout",), "EEE"),
    ],
)
def test_the_model_overrides_the_rules_only_by_a_margin(probabilities, groups, expected):
    analysis = make_analysis(SENTENCES)
    model = _constant(probabilities, groups)
    out = decide(model, analysis.article, analysis.sentences)
    assert "".join(label.value for label, _ in out) == expected
    assert all(p == pytest.approx(probabilities[label.value]) for label, p in out)
