"""Scoring the sentence labels and sources against labelled articles, and cross-validation.

``framing evaluate GOLD.json PATH...`` is built on these modules:

- ``gold``: labelled sets as plain records, and the matching of labelled sentences to
  the tool's sentences (the rules of ``../shared/eval/score.py``);
- ``scoring``: per-class precision, recall and F1 with counts and bootstrap intervals
  over articles, sources F1, source-kind and not-body accuracy, the confusion table;
- ``crossval``: leave-one-outlet-out cross-validation of the rules, the model and the
  two combined, on all outlets and on two halves of them;
- ``calibration``: whether the classifier's stated probabilities match the share of its
  labels that are right, under cross-validation.
"""

from framing.evaluate.crossval import cross_validate, labelled_examples, labelled_files
from framing.evaluate.gold import GoldArticle, load_gold
from framing.evaluate.scoring import Scores, score

__all__ = [
    "GoldArticle",
    "Scores",
    "cross_validate",
    "labelled_examples",
    "labelled_files",
    "load_gold",
    "score",
]
