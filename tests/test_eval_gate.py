"""Accuracy gate on the labelled sets in ../shared/eval (skipped when ../shared is absent).

1. The seeds: the public pipeline (ingest → framing.analysis.article → the JSONL form the CLI writes)
   scored with ../shared/eval/score.py.
2. Leave-one-outlet-out cross-validation on the seeds and gold_train.json, as
   ``framing evaluate --cv outlet`` runs it, for the shipped (combined) classifier.

Each fails when a figure falls below its floor in tests/eval_baseline.json.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[1].parent / "shared"
GOLD = SHARED / "eval" / "gold_dev.json"
TRAIN = SHARED / "eval" / "gold_train.json"
REAL = SHARED / "corpus" / "real"
SCORER = SHARED / "eval" / "score.py"
SEEDS = SHARED / "corpus" / "seeds"
BASELINE = Path(__file__).with_name("eval_baseline.json")

pytestmark = pytest.mark.skipif(
    not (GOLD.exists() and SCORER.exists() and SEEDS.is_dir()), reason="../shared absent"
)


def _predictions() -> str:
    """What ``framing analyze --format jsonl`` writes for the seeds, through the public API."""
    from framing.analysis.article import analysis_to_record, analyze
    from framing.ingest import load_articles

    articles, _ledger = load_articles([SEEDS])
    result = analyze(articles)
    return "".join(json.dumps(analysis_to_record(a), ensure_ascii=False) + "\n" for a in result.articles)


def _score(pred_path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(pred_path)], capture_output=True, text=True, check=True
    )
    last = result.stdout.strip().splitlines()[-1]
    return {key: float(value) for key, value in (part.split("=") for part in last.split())}


def test_dev_set_meets_the_floors(tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(_predictions(), encoding="utf-8")
    scores = _score(pred)
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["dev"]
    below = {k: (scores[k], floor) for k, floor in floors.items() if scores[k] < floor}
    assert not below, f"below the floor (score, floor): {below}; all scores: {scores}"


@pytest.mark.skipif(not (TRAIN.exists() and REAL.is_dir()), reason="../shared/eval/gold_train.json absent")
def test_cross_validated_figures_meet_the_floors():
    from framing.evaluate import cross_validate, load_gold
    from framing.evaluate.runner import analyse_labelled

    gold = load_gold(GOLD) + load_gold(TRAIN)
    files = analyse_labelled(gold, [REAL, SEEDS], use_model=False)
    assert len(files) == len(gold)
    (result,) = cross_validate(files, ("combined",))
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["cross_validated"]
    scores = {name: result.scores.figure(name) for name in floors}
    below = {k: (scores[k], floor) for k, floor in floors.items() if scores[k] < floor}
    assert not below, f"below the floor (score, floor): {below}; all: {result.scores.summary_line()}"
    # the report prints the shipped figures: never more than this run measures (0.01 for rounding)
    from test_report_accuracy import HEADLINE

    from framing.report.build import classifier_accuracy

    figures = classifier_accuracy()["figures"]
    for label, name in HEADLINE.items():
        numbers = re.findall(r"\d+\.\d+", figures[label])  # precision / recall / F1 for a class
        shown = float(numbers[2] if name == "E_f1" else numbers[0])
        assert shown <= result.scores.figure(name) + 0.01, (label, shown, result.scores.figure(name))
