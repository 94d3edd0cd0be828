"""How the sentence classifier's probabilities turn into labels: the model replaces the rules'
label only where its policy allows and by a margin, and states how likely a label is right
(text written for the tests)."""

from __future__ import annotations

import numpy as np
import pytest
from report_factory import make_analysis

from framing.analysis.claim_features import N_FEATURES
from framing.analysis.claim_model import RULE_CHANGES, ClaimModel, decide
from framing.analysis.claim_policy import ANY_CHANGE, OverridePolicy, fit_calibration

SENTENCES = [
    ("两国海军周三在东海举行联合演习。", "F"),
    ("这无疑是一场精心策划的政治表演。", "E"),
    ("国防部发言人表示，演习不针对第三方。", "A"),
]
SHIPPED = OverridePolicy(RULE_CHANGES)
OLD = OverridePolicy(((ANY_CHANGE, 0.1),))
TO_E = dict(RULE_CHANGES)["F>E"]
ARGMAX = OverridePolicy()  # any change, no margin: the most probable label
CLEAR = {"A": 0.05, "E": 0.8, "F": 0.15}  # E far ahead of the others
CLOSE = {"A": 0.05, "E": 0.5, "F": 0.45}  # E ahead of F by less than either margin
NOT_BODY = {"A": 0.05, "E": 0.05, "F": 0.2, "X": 0.7}  # X far ahead
assert CLOSE["E"] - CLOSE["F"] < min(TO_E, 0.1) < max(TO_E, 0.1) < CLEAR["E"] - CLEAR["F"]
assert NOT_BODY["X"] - NOT_BODY["F"] > dict(RULE_CHANGES)["F>X"]


def _constant(probabilities: dict[str, float], groups: tuple[str, ...], policy=ARGMAX) -> ClaimModel:
    """A model that gives every sentence the same class probabilities."""
    classes = tuple(sorted(probabilities))
    intercept = np.log([probabilities[c] for c in classes])
    return ClaimModel(np.zeros((N_FEATURES, len(classes))), intercept, classes, groups, policy)


@pytest.mark.parametrize(
    ("probabilities", "policy", "expected"),
    [
        # shipped: only the rules' F (no evidence found) may become E, and only by the margin
        (CLEAR, SHIPPED, "EEA"),
        (CLOSE, SHIPPED, "FEA"),
        # and F may become not-body text (X); the rules' E and A may not
        (NOT_BODY, SHIPPED, "XEA"),
        # any change by a margin: the rules' A, far behind, gives way as well
        (CLOSE, OLD, "FEE"),
        (CLEAR, OLD, "EEE"),
        # a model that never saw the rules' findings gives its own most probable label
        (CLOSE, ARGMAX, "EEE"),
    ],
)
def test_the_model_replaces_the_rules_label_only_as_its_policy_allows(probabilities, policy, expected):
    analysis = make_analysis(SENTENCES)
    model = _constant(probabilities, ("layout", "rules"), policy)
    out = decide(model, analysis.article, analysis.sentences)
    assert "".join(label.value for label, _ in out) == expected
    assert all(p == pytest.approx(probabilities[label.value]) for label, p in out)  # not calibrated


def test_calibration_maps_a_probability_to_the_share_right():
    # labels the model gave with 0.6 are right four times in five; with 0.9, nineteen in twenty
    stated = [0.6] * 100 + [0.9] * 100
    right = [i % 5 != 0 for i in range(100)] + [i % 20 != 0 for i in range(100)]
    policy = OverridePolicy(calibration=fit_calibration(stated, [True] * 200, right))
    assert policy.calibrated(0.6, True) == pytest.approx(0.8, abs=0.01)
    assert policy.calibrated(0.9, True) == pytest.approx(0.95, abs=0.01)
    assert OverridePolicy().calibrated(0.6, True) == pytest.approx(0.6)  # uncalibrated: as given


def test_the_policy_is_saved_with_the_weights(tmp_path):
    policy = OverridePolicy(RULE_CHANGES, (0.7, 0.4, 0.6))
    path = tmp_path / "model.npz"
    _constant(CLEAR, ("layout", "rules"), policy).save(path)
    loaded = ClaimModel.load(path)
    assert loaded.policy.changes == policy.changes
    assert loaded.policy.calibration == pytest.approx(policy.calibration)
