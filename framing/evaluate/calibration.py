"""Whether the classifier's stated probabilities mean what they say, under cross-validation.

The report shows each label with the chance it is right and marks one under 60% as
uncertain. ``reliability`` groups cross-validated labels by the probability given and
counts the share right in each group; ``cross_calibrated`` maps each held-out outlet's
probabilities with a calibration (``framing.analysis.claim_policy.fit_calibration``)
fitted on the other outlets' held-out labels only, so its reliability is a fair estimate of
the shipped calibration's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from framing.analysis.claim_policy import OverridePolicy, fit_calibration
from framing.evaluate.crossval import Judged

EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(frozen=True)
class Bin:
    """Labels given with a probability in [low, high): how many, their mean probability, the
    share right."""

    low: float
    high: float
    n: int
    stated: float
    right: float


def reliability(stated: Sequence[float], right: Sequence[bool], edges: Sequence[float] = EDGES) -> list[Bin]:
    """The share of labels right among those given each range of probability (empty ranges left out)."""
    bins = []
    for low, high in zip(edges, edges[1:], strict=False):
        inside = [
            (p, r) for p, r in zip(stated, right, strict=True) if low <= p < high or (high == 1 and p == 1)
        ]
        if inside:
            n = len(inside)
            bins.append(Bin(low, high, n, sum(p for p, _ in inside) / n, sum(r for _, r in inside) / n))
    return bins


def calibration_error(bins: Sequence[Bin]) -> float:
    """Mean gap between stated probability and share right, weighted by labels (0–1)."""
    total = sum(b.n for b in bins)
    return sum(b.n * abs(b.stated - b.right) for b in bins) / total if total else 0.0


def cross_calibrated(judged: Sequence[Judged]) -> list[float]:
    """Each label's calibrated probability, the calibration fitted on the other outlets' labels."""
    out = [0.0] * len(judged)
    for outlet in sorted({j.outlet for j in judged}):
        others = [j for j in judged if j.outlet != outlet]
        policy = OverridePolicy(calibration=calibrate(others))
        for i, j in enumerate(judged):
            if j.outlet == outlet:
                out[i] = policy.calibrated(j.probability, j.most_probable)
    return out


def calibrate(judged: Sequence[Judged]) -> tuple[float, float, float]:
    """The calibration fitted on ``judged`` (cross-validated labels)."""
    return fit_calibration(
        [j.probability for j in judged], [j.most_probable for j in judged], [j.right for j in judged]
    )
