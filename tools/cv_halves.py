"""Cross-validated figures pooled over two halves of the outlets: those whose name starts
with A–M (whose errors we read while writing rules) and N–Z (held out: nobody reads their
errors), so a rule that only fits the read half shows up as a gap between the two.

    PYTHONPATH=. .venv/bin/python tools/cv_halves.py            # rules, model, combined
    PYTHONPATH=. .venv/bin/python tools/cv_halves.py combined   # one variant
"""

from __future__ import annotations

import sys
from pathlib import Path

from framing.evaluate import cross_validate, load_gold, score
from framing.evaluate.crossval import VARIANTS
from framing.evaluate.runner import analyse_labelled

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(variants: list[str]) -> None:
    gold = [*load_gold(SHARED / "eval/gold_train.json"), *load_gold(SHARED / "eval/gold_dev.json")]
    files = analyse_labelled(
        gold, [SHARED / "corpus/real", SHARED / "corpus/seeds"], use_model=False
    )
    for run in cross_validate(files, variants or tuple(VARIANTS)):
        print(_line(run.variant, "all", run.scores))
        for name, first in (("A–M", "ABCDEFGHIJKLM"), ("N–Z", "NOPQRSTUVWXYZ")):
            half = [f.gold for f in files if f.gold.outlet[:1].upper() in first]
            print(_line(run.variant, name, score(half, run.predicted, rounds=0)))


def _line(variant: str, half: str, scores) -> str:
    classes = " ".join(f"{label}={scores.figure(label + '_f1'):.3f}" for label in "AEF")
    return f"{variant:<9} {half:<4} {scores.summary_line()} {classes}"


if __name__ == "__main__":
    main(sys.argv[1:])
