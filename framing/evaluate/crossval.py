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
from dataclasses import dataclass
from pathlib import Path

from scipy import sparse

from framing.analysis.claim_model import (
    VARIANTS,
    C,
    ClaimModel,
    OpinionModel,
    decide,
    fit_model,
    sentence_matrix,
)
from framing.evaluate.gold import LABELS, GoldArticle, align
from framing.evaluate.scoring import Prediction, Scores, score
from framing.model import ArticleAnalysis


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
    out = {}
    for f in files:
        labels: list[str] = []
        for a in f.analyses:
            if model is None:
                labels.extend(s.label.value for s in a.sentences)
            else:
                labels.extend(
                    lab.value
                    for lab, _ in decide(model, a.article, a.sentences, a.term_hits, a.marker_hits, opinion)
                )
        out[f.gold.file] = Prediction(
            tuple((s.text, lab) for s, lab in zip(f.sentences, labels, strict=True)), f.sources()
        )
    return out


@dataclass(frozen=True)
class CrossValidation:
    variant: str
    scores: Scores
    folds: tuple[tuple[str, Scores], ...]  # per held-out outlet
    predicted: dict[str, Prediction]  # each labelled file's held-out prediction, by file name


def cross_validate(
    files: Sequence[LabelledFile],
    variants: Sequence[str] = tuple(VARIANTS),
    *,
    c: float = C,
    opinion: OpinionModel | None = None,
) -> list[CrossValidation]:
    """Leave-one-outlet-out scores of each variant (``rules``, ``model``, ``combined``).

    ``opinion`` is the opinion scorer the features use (default: the shipped one); it is
    fitted on another outlet's articles, never on the labelled sets.
    """
    outlets = sorted({f.outlet for f in files})
    results = []
    for variant in variants:
        groups = VARIANTS[variant]
        predicted: dict[str, Prediction] = {}
        folds = []
        if groups is None:
            predicted = predictions(files)
        else:
            features, labels, example_outlets = labelled_examples(files, groups, opinion)
            for outlet in outlets:
                train = [i for i, o in enumerate(example_outlets) if o != outlet]
                model = fit_model(features[train], [labels[i] for i in train], groups, c=c)
                predicted.update(predictions([f for f in files if f.outlet == outlet], model, opinion))
        for outlet in outlets:
            held = [f for f in files if f.outlet == outlet]
            folds.append((outlet, score([f.gold for f in held], predicted, rounds=0)))
        results.append(
            CrossValidation(variant, score([f.gold for f in files], predicted), tuple(folds), predicted)
        )
    return results
