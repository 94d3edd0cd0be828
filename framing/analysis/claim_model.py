"""The learned sentence classifier: the fitted model and when its label replaces the rules'.

The rules in ``framing.analysis.claims`` label each sentence and say why;
``framing.analysis.claim_features`` turns what they found, with hashed character n-grams,
into one feature row per sentence, and a multinomial logistic regression fitted on the
labelled sets (``tools/train_claim_model.py``) turns that into a label with a probability.

The shipped weights (``framing/analysis/models/claim_model.npz``) hold hashed feature indices and
coefficients only: no article text. They are loaded once per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from framing.analysis.claim_features import (
    FEATURE_VERSION,
    N_FEATURES,
    OPINION_FILE,
    HashedRows,
    OpinionModel,
    load_shipped,
    model_resource,
    sentence_matrix,
)
from framing.analysis.claim_policy import ANY_CHANGE, OverridePolicy
from framing.model import Article, ClaimLabel, Sentence, TermHit

MODEL_FILE = "claim_model.npz"
C = 0.1  # inverse regularisation strength, chosen by cross-validation by outlet
# The model replaces the rules' label only where they found no evidence (F), with E or X,
# when its own is this much more probable (0–1): on outlets unlike the training ones the
# rules' cues transfer better than the model's word weights (cross-validation by outlet,
# README "Accuracy", ``framing.analysis.claim_policy``).
RULE_CHANGES = (("F>E", 0.2), ("F>X", 0.1))
UNCERTAIN_BELOW = 0.6  # a label less likely to be right than this is shown as uncertain


@dataclass(frozen=True)
class Variant:
    """A classifier variant: the feature groups it reads and when its label replaces the rules'."""

    groups: tuple[str, ...]
    policy: OverridePolicy


_ALL_GROUPS = ("text", "layout", "evaluative", "rules")
# The variants compared in ``framing evaluate --cv outlet`` and ``tools/train_claim_model.py``
VARIANTS: dict[str, Variant | None] = {
    "rules": None,  # the rule labels as they are, no model
    # what the words and layout say, not the rules: the most probable label
    "model": Variant(("text", "layout", "evaluative"), OverridePolicy()),
    # the shipped classifier: it reads the rules' findings; makes only RULE_CHANGES
    "combined": Variant(_ALL_GROUPS, OverridePolicy(RULE_CHANGES)),
    # the classifier shipped before: any change of label, a margin of 0.1
    "combined-any": Variant(_ALL_GROUPS, OverridePolicy(((ANY_CHANGE, 0.1),))),
}


@dataclass(frozen=True)
class ClaimModel:
    """Fitted weights: ``weights`` (N_FEATURES × classes), ``intercept``, the class labels, the
    feature groups read and the policy by which its label replaces the rules'."""

    weights: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    groups: tuple[str, ...]
    policy: OverridePolicy = OverridePolicy()
    version: str = FEATURE_VERSION

    def probabilities(self, x: HashedRows) -> np.ndarray:
        """Class probabilities, one row per row of ``x`` (``sentence_matrix``), in ``classes`` order."""
        scores = x.dot(self.weights) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        return scores / scores.sum(axis=1, keepdims=True)

    def save(self, path) -> None:
        """Write the weights as sparse rows: only hashed indices that carry a weight."""
        rows = np.flatnonzero(np.abs(self.weights).sum(axis=1) > 0)
        np.savez_compressed(
            path,
            rows=rows.astype(np.int32),
            values=self.weights[rows].astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            classes=np.array(self.classes),
            groups=np.array(self.groups),
            changes=np.array([change for change, _ in self.policy.changes]),
            margins=np.array([margin for _, margin in self.policy.changes]),
            calibration=np.array(self.policy.calibration),
            version=np.array(self.version),
        )

    @classmethod
    def load(cls, path) -> ClaimModel:
        with np.load(path, allow_pickle=False) as data:
            version = str(data["version"])
            if version != FEATURE_VERSION:
                raise ValueError(f"{path}: model built for features {version!r}, not {FEATURE_VERSION!r}")
            classes = tuple(str(c) for c in data["classes"])
            weights = np.zeros((N_FEATURES, len(classes)), dtype=np.float64)
            weights[data["rows"]] = data["values"]
            changes = tuple((str(c), float(m)) for c, m in zip(data["changes"], data["margins"], strict=True))
            policy = OverridePolicy(changes, tuple(float(x) for x in data["calibration"]))
            groups = tuple(str(g) for g in data["groups"])
            return cls(weights, data["intercept"].astype(np.float64), classes, groups, policy)


def fit_model(
    x, labels: Sequence[str], groups: Sequence[str], *, c: float = C, policy: OverridePolicy | None = None
) -> ClaimModel:
    """Fit a multinomial logistic regression on hashed features (class-balanced weights);
    ``policy``: when its label replaces the rules' (default: any change, no margin).

    Only the hashed columns that occur in the examples are fitted (the rest keep weight 0).
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    x = sparse.csc_matrix(x.to_scipy() if isinstance(x, HashedRows) else x)
    columns = np.flatnonzero(np.diff(x.indptr))
    # Newton-CG reaches the optimum in a few iterations where L-BFGS needs dozens here
    clf = LogisticRegression(C=c, solver="newton-cg", max_iter=200, class_weight="balanced")
    clf.fit(x[:, columns].tocsr(), list(labels))
    classes = tuple(str(k) for k in clf.classes_)
    coef, intercept = clf.coef_, clf.intercept_
    if len(classes) == 2:  # binary: sklearn keeps one row; spell out both
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    weights = np.zeros((N_FEATURES, len(classes)))
    weights[columns] = coef.T
    policy = policy or OverridePolicy()
    return ClaimModel(weights, np.asarray(intercept, dtype=np.float64), classes, tuple(groups), policy)


@cache
def shipped_model() -> ClaimModel | None:
    """The sentence classifier shipped in the package, or ``None`` when none is installed."""
    return load_shipped(MODEL_FILE, ClaimModel.load)


def choices(
    model: ClaimModel,
    article: Article,
    sentences: Sequence[Sentence],
    term_hits: Sequence[TermHit] = (),
    marker_hits: Sequence[TermHit] = (),
    opinion: OpinionModel | None = None,
) -> list[tuple[ClaimLabel, float, bool]]:
    """Each rule-labelled sentence's label, the model's probability of it (not calibrated),
    and whether it is the model's most probable label.

    Headings and not-body lines that the paragraph's role decided keep their label: the
    reader's layout knows them better than the words. Otherwise ``model.policy`` says when
    the model's label replaces the rules' (``OverridePolicy.choose``).
    """
    if not sentences:
        return []
    probs = model.probabilities(
        sentence_matrix(article, sentences, term_hits, marker_hits, model.groups, opinion)
    )
    classes = model.classes
    out = []
    # rows as lists of floats: indexing a list is cheaper than indexing numpy rows
    for s, row in zip(sentences, probs.tolist(), strict=True):
        role_decided = s.label in (ClaimLabel.HEADING, ClaimLabel.NOT_BODY) and any(
            ev.kind == "role" for ev in s.evidence
        )
        label = s.label if role_decided else ClaimLabel(model.policy.choose(s.label.value, row, classes))
        known = label.value in classes
        probability = row[classes.index(label.value)] if known else 0.0
        most_probable = classes[max(range(len(row)), key=row.__getitem__)]  # the first if tied, as argmax
        out.append((label, probability, known and most_probable == label.value))
    return out


def decide(
    model: ClaimModel,
    article: Article,
    sentences: Sequence[Sentence],
    term_hits: Sequence[TermHit] = (),
    marker_hits: Sequence[TermHit] = (),
    opinion: OpinionModel | None = None,
) -> list[tuple[ClaimLabel, float]]:
    """Each rule-labelled sentence's label (``choices``) and the chance it is right: the
    model's probability of it, calibrated (``OverridePolicy.calibrated``)."""
    return [
        (label, model.policy.calibrated(p, most_probable) if p else 0.0)
        for label, p, most_probable in choices(model, article, sentences, term_hits, marker_hits, opinion)
    ]


def relabel(
    article: Article,
    sentences: Sequence[Sentence],
    term_hits: Sequence[TermHit] = (),
    marker_hits: Sequence[TermHit] = (),
    model: ClaimModel | None = None,
) -> tuple[Sentence, ...]:
    """The sentences with the model's label and probability; the rule's reason kept.

    Where the model agrees with the rules the reason is the rule's; where it does not,
    the reason says so and keeps what the rules found. Without a model, the rules'
    labels are kept with no probability.
    """
    model = model if model is not None else shipped_model()
    if model is None:
        return tuple(sentences)
    out = []
    for s, (label, confidence) in zip(
        sentences, decide(model, article, sentences, term_hits, marker_hits), strict=True
    ):
        reason = s.reason
        if label is not s.label:
            said = f"the rules said {_NAMES[s.label]}: {s.reason}"
            reason = f"{_NAMES[label]} by the model (p={confidence:.2f}); {said}"
        out.append(
            replace(s, label=label, reason=reason, confidence=round(confidence, 3), rule_label=s.label)
        )
    return tuple(out)


def model_digest() -> str:
    """A digest of the shipped weights (part of the cache key): empty without a model."""
    digest = hashlib.sha1()
    for name in (MODEL_FILE, OPINION_FILE):
        resource = model_resource(name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()[:16]


_NAMES = {
    ClaimLabel.ATTRIBUTED: "attributed",
    ClaimLabel.EDITORIAL: "editorial",
    ClaimLabel.FACTUAL: "factual",
    ClaimLabel.HEADING: "heading",
    ClaimLabel.NOT_BODY: "not body text",
}
