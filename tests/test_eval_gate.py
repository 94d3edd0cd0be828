"""Accuracy gate: score the claim labels and sources of the seed articles with ../shared/eval/score.py.

Runs the public pipeline (ingest → framing.analysis → the JSONL form the CLI writes) and fails when a
metric falls below its floor in tests/eval_baseline.json. Skips when ../shared is absent.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[1].parent / "shared"
GOLD = SHARED / "eval" / "gold_dev.json"
SCORER = SHARED / "eval" / "score.py"
SEEDS = SHARED / "corpus" / "seeds"
BASELINE = Path(__file__).with_name("eval_baseline.json")

pytestmark = pytest.mark.skipif(
    not (GOLD.exists() and SCORER.exists() and SEEDS.is_dir()), reason="../shared absent"
)


def _predictions() -> str:
    """What ``framing analyze --format jsonl`` writes for the seeds, through the public API."""
    from framing.analysis import analysis_to_record, analyze
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
    floors = {
        k: v for k, v in json.loads(BASELINE.read_text(encoding="utf-8")).items() if not k.startswith("_")
    }
    below = {k: (scores[k], floor) for k, floor in floors.items() if scores[k] < floor}
    assert not below, f"below the floor (score, floor): {below}; all scores: {scores}"
