"""When the sentence classifier's label replaces the rules', and how sure a label is.

The rules' attributed (A) and editorial (E) labels rest on evidence they found (a reporting
verb and its speaker, a quotation, an evaluative cue); factual (F) is what they give when
nothing fired. Cross-validated by outlet (``tools/train_claim_model.py``), the classifier
earns its place only where the rules found nothing: turning such an F into E, or into
not-body text (X), when that is clearly more probable. Its other changes (E → F, A → E and
the like) helped the outlets the rules were written on and cost the others.
``OverridePolicy`` states which changes the model may make and by what margin, and maps the
model's probability of the label given to the share of such labels that are right
(``calibrated``), fitted on cross-validated output: the report's "uncertain" mark reads
that number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

ANY_CHANGE = "*"


@dataclass(frozen=True)
class OverridePolicy:
    """Which of the rules' labels the model may replace, by what margin, and its calibration.

    ``changes``: each allowed change (``"F>E"``: rule label F, model label E; ``"*"``: any
    change) with its margin: the model's label must be that much more probable (0–1) than
    the rules'. ``calibration``: weights (on the log-odds of the label's
    probability, on "the model's most probable label", intercept) of a logistic map from the
    model's probability to the chance the label is right; ``(1, 0, 0)`` leaves it as it is.
    """

    changes: tuple[tuple[str, float], ...] = ((ANY_CHANGE, 0.0),)
    calibration: tuple[float, float, float] = (1.0, 0.0, 0.0)

    def margin(self, rule: str, model: str) -> float | None:
        """The margin by which the model's ``model`` label may replace the rules' ``rule``
        label, or ``None`` when it may not."""
        margins = dict(self.changes)
        return margins.get(f"{rule}>{model}", margins.get(ANY_CHANGE))

    def choose(self, rule: str, probabilities: Sequence[float], classes: Sequence[str]) -> str:
        """The label of a sentence the rules labelled ``rule``, given the model's ``probabilities``."""
        best = classes[max(range(len(classes)), key=probabilities.__getitem__)]
        if best == rule or rule not in classes:
            return best
        margin = self.margin(rule, best)
        if margin is None:
            return rule
        ahead = probabilities[classes.index(best)] - probabilities[classes.index(rule)]
        return best if ahead > margin else rule

    def calibrated(self, probability: float, most_probable: bool) -> float:
        """The chance (0–1) that a label is right, from the model's ``probability`` of it."""
        weight, agree, intercept = self.calibration
        x = weight * _log_odds(probability) + agree * most_probable + intercept
        return 1.0 / (1.0 + math.exp(-x))


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def fit_calibration(
    probabilities: Sequence[float], most_probable: Sequence[bool], right: Sequence[bool]
) -> tuple[float, float, float]:
    """Fit ``OverridePolicy.calibration`` (a logistic regression, barely regularised) on
    labels given with the model's ``probabilities``, whether each was the model's most
    probable label, and whether it was ``right``. Fit it on cross-validated output only."""
    from sklearn.linear_model import LogisticRegression

    x = [[_log_odds(p), float(m)] for p, m in zip(probabilities, most_probable, strict=True)]
    if len(set(right)) < 2:
        return (1.0, 0.0, 0.0)
    fitted = LogisticRegression(C=100.0).fit(x, list(right))
    return (float(fitted.coef_[0][0]), float(fitted.coef_[0][1]), float(fitted.intercept_[0]))
