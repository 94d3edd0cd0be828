"""Leave-one-outlet-out cross-validation of the sentence classifier.

The labelled files are analysed once with the rules alone; each labelled sentence that
matches a sentence of the tool becomes an example (its features, its label). For every
outlet in turn a model is fitted on the other outlets' examples and labels the held-out
outlet's sentences; the held-out predictions of all outlets are then scored together,
as ``score.py`` scores one run. Nothing of the held-out outlet is seen in its fold, so
the figures estimate how the classifier does on an outlet nobody tuned it to (as far
as the rules themselves were not written on these articles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scipy import sparse

from framing.analysis.claim_features import OpinionModel, sentence_matrix
from framing.analysis.claim_model import (
    VARIANTS,
    C,
    ClaimModel,
    choices,
    fit_model,
)
from framing.evaluate.gold import LABELS, GoldArticle, align
from framing.evaluate.scoring import BODY, Prediction, Scores, score
from framing.model import ArticleAnalysis, ClaimLabel


@dataclass(frozen=True)
class LabelledFile:
    """One labelled file with the tool's rule-labelled analyses of it (several for a digest)."""

    gold: GoldArticle
    outlet: str
    analyses: tuple[ArticleAnalysis, ...]

    @property
    def sentences(self):
        return [s for a in self.analyses for s in a.sentences]

    def sources(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.name, s.kind.value) for a in self.analyses for s in a.sources)

    def matches(self) -> list[int | None]:
        return align(self.gold.sentences, [s.text for s in self.sentences])


def outlet_key(outlet: str) -> str:
    """The fold an outlet belongs to: its first word ("VOA 美国之音" and "VOA" are one outlet)."""
    words = outlet.split()
    return words[0] if words else "unknown"


def fold_names(files: Sequence[LabelledFile]) -> dict[str, str]:
    """Each fold's outlet by its full name: the name the labelled set records
    ("VOA 美国之音"), or the article's own outlet where the set records none."""
    recorded: dict[str, set[str]] = {}
    found: dict[str, set[str]] = {}
    for f in files:
        if f.gold.outlet:
            recorded.setdefault(f.outlet, set()).add(f.gold.outlet)
        found.setdefault(f.outlet, set()).update(a.article.outlet for a in f.analyses if a.article.outlet)
    names = {}
    for key in sorted(found):
        spellings = recorded.get(key) or found[key] or {key}
        names[key] = max(sorted(spellings), key=len)  # the fullest spelling ("VOA 美国之音" over "VOA")
    return names


def labelled_files(gold: Iterable[GoldArticle], analyses: Iterable[ArticleAnalysis]) -> list[LabelledFile]:
    """Pair each labelled article with the analyses of the file of that name."""
    by_name: dict[str, list[ArticleAnalysis]] = {}
    for a in analyses:
        by_name.setdefault(Path(a.article.path).name, []).append(a)
    files = []
    for g in gold:
        found = by_name.get(g.file)
        if found:
            found.sort(key=lambda a: a.article.story)
            files.append(LabelledFile(g, outlet_key(g.outlet or found[0].article.outlet), tuple(found)))
    return files


def _features(a: ArticleAnalysis, groups: Sequence[str], opinion: OpinionModel | None):
    return sentence_matrix(a.article, a.sentences, a.term_hits, a.marker_hits, groups, opinion)


def labelled_examples(
    files: Sequence[LabelledFile], groups: Sequence[str], opinion: OpinionModel | None = None
) -> tuple[sparse.csr_matrix, list[str], list[str]]:
    """Features (one row each), labels and outlets of every labelled sentence that matches
    one of the tool's."""
    blocks, labels, outlets = [], [], []
    for f in files:
        rows = sparse.vstack([_features(a, groups, opinion).to_scipy() for a in f.analyses]).tocsr()
        picked = []
        for g, i in zip(f.gold.sentences, f.matches(), strict=True):
            if i is not None and g.label in LABELS:
                picked.append(i)
                labels.append(g.label)
                outlets.append(f.outlet)
        blocks.append(rows[picked])
    return sparse.vstack(blocks).tocsr(), labels, outlets


def predictions(
    files: Sequence[LabelledFile], model: ClaimModel | None = None, opinion: OpinionModel | None = None
) -> dict[str, Prediction]:
    """What the tool said of each labelled file, in the form ``score`` reads: the labels the
    analyses carry, or with ``model`` that model's labels over the rules' findings."""
    return _labelled_by(files, model, opinion)[0]


@dataclass(frozen=True)
class Judged:
    """A labelled sentence the model labelled: the model's probability of the label it gave
    (not calibrated), whether that was its most probable label, and whether it was right."""

    outlet: str
    probability: float
    most_probable: bool
    right: bool


def _labelled_by(
    files: Sequence[LabelledFile], model: ClaimModel | None, opinion: OpinionModel | None
) -> tuple[dict[str, Prediction], list[Judged]]:
    out, judged = {}, []
    for f in files:
        picked: list[tuple[ClaimLabel, float, bool]] = []
        for a in f.analyses:
            if model is None:
                picked.extend((s.label, 0.0, False) for s in a.sentences)
            else:
                picked.extend(choices(model, a.article, a.sentences, a.term_hits, a.marker_hits, opinion))
        out[f.gold.file] = Prediction(
            tuple((s.text, lab.value) for s, (lab, _, _) in zip(f.sentences, picked, strict=True)),
            f.sources(),
        )
        if model is not None:
            for g, i in zip(f.gold.sentences, f.matches(), strict=True):
                if i is not None and g.label in BODY and picked[i][1]:
                    label, p, most_probable = picked[i]
                    judged.append(Judged(f.outlet, p, most_probable, label.value == g.label))
    return out, judged


@dataclass(frozen=True)
class CrossValidation:
    variant: str
    scores: Scores
    folds: tuple[tuple[str, Scores], ...]  # per held-out outlet
    predicted: dict[str, Prediction]  # each labelled file's held-out prediction, by file name
    judged: tuple[Judged, ...] = ()  # each labelled A/E/F sentence the held-out model labelled


COMPARED = ("rules", "model", "combined")  # what ``framing evaluate --cv outlet`` prints


def cross_validate(
    files: Sequence[LabelledFile],
    variants: Sequence[str] = COMPARED,
    *,
    c: float = C,
    opinion: OpinionModel | None = None,
) -> list[CrossValidation]:
    """Leave-one-outlet-out scores of each variant (``claim_model.VARIANTS``).

    Variants that read the same features share each fold's fitted model and differ in when
    its label replaces the rules'. ``opinion`` is the opinion scorer the features use
    (default: the shipped one); it is fitted on another outlet's articles, never on the
    labelled sets.
    """
    outlets = sorted({f.outlet for f in files})
    fitted: dict[tuple[tuple[str, ...], str], ClaimModel] = {}
    results = []
    for name in variants:
        variant = VARIANTS[name]
        predicted: dict[str, Prediction] = {}
        judged: list[Judged] = []
        if variant is None:
            predicted = predictions(files)
        else:
            if not any(groups == variant.groups for groups, _ in fitted):
                features, labels, example_outlets = labelled_examples(files, variant.groups, opinion)
                for outlet in outlets:
                    train = [i for i, o in enumerate(example_outlets) if o != outlet]
                    y = [labels[i] for i in train]
                    fitted[variant.groups, outlet] = fit_model(features[train], y, variant.groups, c=c)
            for outlet in outlets:
                model = replace(fitted[variant.groups, outlet], policy=variant.policy)
                held = _labelled_by([f for f in files if f.outlet == outlet], model, opinion)
                predicted.update(held[0])
                judged.extend(held[1])
        folds = tuple(
            (outlet, score([f.gold for f in files if f.outlet == outlet], predicted, rounds=0))
            for outlet in outlets
        )
        whole = score([f.gold for f in files], predicted)
        results.append(CrossValidation(name, whole, folds, predicted, tuple(judged)))
    return results


# Outlets whose errors were read while writing rules (A–M, with the development set, which
# records no outlet) and the held-out rest (N–Z): a gap between the two shows overfitting.
HALVES = (("A–M", "ABCDEFGHIJKLM"), ("N–Z", "NOPQRSTUVWXYZ"))


def halves(files: Sequence[LabelledFile], run: CrossValidation) -> dict[str, Scores]:
    """A cross-validated run scored on all files and on each half (``HALVES``) of the outlets."""
    out = {"all": run.scores}
    for name, initials in HALVES:
        held = [f.gold for f in files if f.gold.outlet[:1].upper() in initials]
        out[name] = score(held, run.predicted, rounds=0)
    return out
