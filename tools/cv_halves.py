"""Cross-validated figures pooled over two halves of the outlets: those whose name starts
with A–M (whose errors we read while writing rules) and N–Z (held out: nobody reads their
errors), so a rule that only fits the read half shows up as a gap between the two.

    PYTHONPATH=. .venv/bin/python tools/cv_halves.py            # rules, model, combined
    PYTHONPATH=. .venv/bin/python tools/cv_halves.py combined   # one variant (claim_model.VARIANTS)
"""

from __future__ import annotations

import sys
from pathlib import Path

from framing.evaluate import cross_validate, load_gold
from framing.evaluate.crossval import COMPARED, halves
from framing.evaluate.runner import analyse_labelled

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(variants: list[str]) -> None:
    gold = [*load_gold(SHARED / "eval/gold_train.json"), *load_gold(SHARED / "eval/gold_dev.json")]
    files = analyse_labelled(gold, [SHARED / "corpus/real", SHARED / "corpus/seeds"], use_model=False)
    for run in cross_validate(files, variants or COMPARED):
        for half, scores in halves(files, run).items():
            print(_line(run.variant, half, scores))


def _line(variant: str, half: str, scores) -> str:
    classes = " ".join(f"{label}={scores.figure(label + '_f1'):.3f}" for label in "AEF")
    return f"{variant:<12} {half:<4} {scores.summary_line()} {classes}"


if __name__ == "__main__":
    main(sys.argv[1:])
