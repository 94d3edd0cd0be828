"""Scores of predicted sentence labels and sources against labelled articles.

The figures are those of ``../shared/eval/score.py`` (claims macro-F1 over A/E/F, sources
F1, source-kind accuracy on matched sources, not-body accuracy), with counts and a 95%
bootstrap interval over articles: articles are resampled with replacement and every
figure recomputed, so an interval shows how much the figure rests on a few articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from framing.evaluate.gold import GoldArticle, align, match_key

BODY = ("A", "E", "F")
COLUMNS = ("A", "E", "F", "H", "X", None)  # None: no predicted sentence matched
BOOTSTRAP_ROUNDS = 1000


@dataclass(frozen=True)
class Prediction:
    """What the tool said of one file: its sentences (text, label) and sources (name, kind)."""

    sentences: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # labelled sentences of this class
    predicted: int  # sentences predicted as this class
    f1_interval: tuple[float, float]


@dataclass(frozen=True)
class Scores:
    articles: int
    classes: tuple[ClassScore, ...]
    macro_f1: float
    macro_f1_interval: tuple[float, float]
    sources_f1: float
    sources_interval: tuple[float, float]
    sources_counts: tuple[int, int, int]  # true positives, false positives, false negatives
    kind_accuracy: float
    kind_counts: tuple[int, int]  # right, matched
    nonbody_accuracy: float
    nonbody_counts: tuple[int, int]  # right, labelled H or X
    confusion: Mapping[str, Mapping[str, int]]  # gold → predicted ("-" for no match) → count
    missing: tuple[str, ...] = field(default=())  # labelled files with no prediction

    def figure(self, name: str) -> float:
        """One headline figure by the names ``score.py`` prints, or ``E_f1`` and the like."""
        if name.endswith("_f1") and name[0] in BODY and len(name) == 4:
            return next(c.f1 for c in self.classes if c.label == name[0])
        return {
            "claims_macro_f1": self.macro_f1,
            "sources_f1": self.sources_f1,
            "source_kind_acc": self.kind_accuracy,
            "nonbody_acc": self.nonbody_accuracy,
        }[name]

    def summary_line(self) -> str:
        return (
            f"claims_macro_f1={self.macro_f1:.3f} sources_f1={self.sources_f1:.3f} "
            f"source_kind_acc={self.kind_accuracy:.3f} nonbody_acc={self.nonbody_accuracy:.3f}"
        )

    def to_text(self) -> str:
        """The scores as a plain-text table, last line ``summary_line()``."""
        lines = [f"{self.articles} labelled articles", "", "claim type (rows labelled, columns predicted):"]
        header = [c or "-" for c in COLUMNS]
        lines.append("      " + "".join(f"{c:>6}" for c in header))
        for g in BODY:
            lines.append(f"{g:>5} " + "".join(f"{self.confusion[g].get(c, 0):>6}" for c in header))
        lines += [
            "",
            f"{'class':<6}{'precision':>10}{'recall':>8}{'F1':>7}  {'95% interval':<14}"
            f"{'n':>6}{'predicted':>10}",
        ]
        for c in self.classes:
            low, high = c.f1_interval
            lines.append(
                f"{c.label:<6}{c.precision:>10.2f}{c.recall:>8.2f}{c.f1:>7.2f}  {low:.2f}–{high:.2f}     "
                f"{c.support:>6}{c.predicted:>10}"
            )
        low, high = self.macro_f1_interval
        lines.append(f"macro F1 {self.macro_f1:.3f} (95% interval {low:.2f}–{high:.2f})")
        tp, fp, fn = self.sources_counts
        low, high = self.sources_interval
        lines.append(
            f"sources F1 {self.sources_f1:.3f} (95% interval {low:.2f}–{high:.2f}; "
            f"{tp} found, {fp} not in the labels, {fn} missed)"
        )
        right, matched = self.kind_counts
        lines.append(f"source kind accuracy {self.kind_accuracy:.3f} ({right} of {matched} found sources)")
        right, total = self.nonbody_counts
        lines.append(
            f"not-body accuracy {self.nonbody_accuracy:.3f} ({right} of {total} headings and non-body lines)"
        )
        if self.missing:
            lines.append("labelled files with no prediction: " + ", ".join(self.missing))
        lines += ["", self.summary_line()]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "claims_macro_f1": self.macro_f1,
            "claims_macro_f1_interval": list(self.macro_f1_interval),
            "classes": {
                c.label: {
                    "precision": c.precision,
                    "recall": c.recall,
                    "f1": c.f1,
                    "f1_interval": list(c.f1_interval),
                    "support": c.support,
                    "predicted": c.predicted,
                }
                for c in self.classes
            },
            "sources_f1": self.sources_f1,
            "sources_f1_interval": list(self.sources_interval),
            "source_kind_acc": self.kind_accuracy,
            "nonbody_acc": self.nonbody_accuracy,
            "confusion": {g: dict(row) for g, row in self.confusion.items()},
            "missing": list(self.missing),
        }


def _f1(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# Per-article counts, one row an article: the confusion cells (3 × 6), then sources tp, fp,
# fn, kinds right, kinds matched, not-body right, not-body total.
_CELLS = [(g, c) for g in BODY for c in COLUMNS]
_SRC = len(_CELLS)


def _article_counts(gold: GoldArticle, pred: Prediction) -> np.ndarray:
    row = np.zeros(_SRC + 7)
    labels = [label for _, label in pred.sentences]
    for g, i in zip(gold.sentences, align(gold.sentences, [t for t, _ in pred.sentences]), strict=True):
        got = labels[i] if i is not None else None
        if g.label in BODY:
            row[_CELLS.index((g.label, got if got in COLUMNS else None))] += 1
        elif g.label in ("H", "X"):
            row[_SRC + 6] += 1
            row[_SRC + 5] += got in ("H", "X")
    gold_src = {match_key(s.name): s.kind for s in gold.sources}
    pred_src: dict[str, str] = {}
    for name, kind in pred.sources:
        pred_src.setdefault(match_key(name), kind)
    matched: set[str] = set()
    for gk, gkind in gold_src.items():
        hit = next(
            (pk for pk in pred_src if pk not in matched and pk and (pk == gk or pk in gk or gk in pk)), None
        )
        if hit is None:
            row[_SRC + 2] += 1
        else:
            matched.add(hit)
            row[_SRC] += 1
            row[_SRC + 4] += 1
            row[_SRC + 3] += pred_src[hit] == gkind
    row[_SRC + 1] += len([k for k in pred_src if k and k not in matched])
    return row


def _figures(total: np.ndarray) -> np.ndarray:
    """From summed counts: F1 of A, E, F, macro F1, sources F1, kind accuracy, not-body accuracy."""
    conf = total[:_SRC].reshape(len(BODY), len(COLUMNS))
    f1s = []
    for k in range(len(BODY)):
        tp = conf[k, k]
        fn = conf[k].sum() - tp
        fp = conf[:, k].sum() - tp
        f1s.append(_f1(tp, fp, fn)[2])
    tp, fp, fn, kind_ok, kind_n, nb_ok, nb_n = total[_SRC:]
    return np.array(
        [
            *f1s,
            sum(f1s) / 3,
            _f1(tp, fp, fn)[2],
            kind_ok / kind_n if kind_n else 0.0,
            nb_ok / nb_n if nb_n else 0.0,
        ]
    )


def score(
    gold: Sequence[GoldArticle],
    predictions: Mapping[str, Prediction],
    *,
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = 0,
) -> Scores:
    """Score ``predictions`` (by file name) against the labelled articles ``gold``.

    A labelled file with no prediction counts every one of its sentences as wrong, as
    ``score.py`` does. Intervals are percentile intervals over ``rounds`` resamplings of
    the articles (fixed ``seed``, so the same inputs give the same figures).
    """
    empty = Prediction((), ())
    counts = np.array([_article_counts(g, predictions.get(g.file, empty)) for g in gold]).reshape(
        len(gold), -1
    )
    total = counts.sum(axis=0)
    point = _figures(total)
    if len(gold) > 1 and rounds:
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, len(gold), size=(rounds, len(gold)))
        samples = np.array([_figures(counts[p].sum(axis=0)) for p in picks])
        low, high = np.percentile(samples, [2.5, 97.5], axis=0)
    else:
        low = high = point
    conf = total[:_SRC].reshape(len(BODY), len(COLUMNS))
    classes = []
    for k, label in enumerate(BODY):
        tp = conf[k, k]
        p, r, f = _f1(tp, conf[:, k].sum() - tp, conf[k].sum() - tp)
        classes.append(
            ClassScore(
                label, p, r, f, int(conf[k].sum()), int(conf[:, k].sum()), (float(low[k]), float(high[k]))
            )
        )
    tp, fp, fn, kind_ok, kind_n, nb_ok, nb_n = (int(v) for v in total[_SRC:])
    return Scores(
        articles=len(gold),
        classes=tuple(classes),
        macro_f1=float(point[3]),
        macro_f1_interval=(float(low[3]), float(high[3])),
        sources_f1=float(point[4]),
        sources_interval=(float(low[4]), float(high[4])),
        sources_counts=(tp, fp, fn),
        kind_accuracy=float(point[5]),
        kind_counts=(kind_ok, kind_n),
        nonbody_accuracy=float(point[6]),
        nonbody_counts=(nb_ok, nb_n),
        confusion={
            g: {(c or "-"): int(conf[k, j]) for j, c in enumerate(COLUMNS)} for k, g in enumerate(BODY)
        },
        missing=tuple(g.file for g in gold if g.file not in predictions),
    )
