"""framing.evaluate.calibration: the reliability of stated probabilities under cross-validation."""

from __future__ import annotations

import pytest

from framing.evaluate import calibration
from framing.evaluate.calibration import calibration_error, cross_calibrated, reliability
from framing.evaluate.crossval import Judged


def test_reliability_counts_the_share_right_in_each_range():
    stated = [0.3, 0.55, 0.65, 0.65, 0.95, 1.0]
    right = [False, True, True, False, True, True]
    bins = reliability(stated, right)
    assert [(b.low, b.n, b.right) for b in bins] == [
        (0.0, 1, 0.0),
        (0.5, 1, 1.0),
        (0.6, 2, 0.5),
        (0.9, 2, 1.0),
    ]
    assert bins[2].stated == pytest.approx(0.65)
    # gaps 0.3, 0.45, 0.15 (twice), 0.025 (twice), weighted by labels
    assert calibration_error(bins) == pytest.approx((0.3 + 0.45 + 0.15 * 2 + 0.025 * 2) / 6)
    assert reliability([], []) == [] and calibration_error([]) == 0.0


def test_each_outlet_is_calibrated_on_the_other_outlets_only(monkeypatch):
    judged = [Judged(o, p, True, r) for o in "甲乙丙" for p, r in ((0.6, True), (0.7, False), (0.9, True))]
    seen = []

    def recording(probabilities, most_probable, right):
        seen.append(len(probabilities))
        return (1.0, 0.0, 0.0)  # leaves each probability as it is

    monkeypatch.setattr(calibration, "fit_calibration", recording)
    assert cross_calibrated(judged) == pytest.approx([j.probability for j in judged])
    assert seen == [6, 6, 6]  # each outlet: the two others' three labels
