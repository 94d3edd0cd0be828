"""How well the sentence labels tell opinion columns from news reports on an outlet nobody
labelled sentence by sentence: the weakly labelled articles of ``../shared/corpus/weak``.

    PYTHONPATH=$PWD .venv/bin/python tools/weak_check.py            # the rules alone
    PYTHONPATH=$PWD .venv/bin/python tools/weak_check.py --model    # the shipped classifier

Each article's share of body sentences labelled E (the writer's own judgement) should be
higher in the outlet's opinion columns than in its news reports. Printed: per article
label, the articles and their pooled A/E/F shares, then the area under the ROC curve of
the E share as a score for "opinion" (1.0: every column above every report). The label
belongs to the article, not its sentences (the corpus README), so this is a check for
changes of the rules that move the figures of the labelled sets, not a score of its own:
a rule that fits the labelled outlets and misfires elsewhere shows up as more E in news
reports and a lower area. The classifier's opinion scorer was fitted on these articles,
so ``--model`` is not a held-out figure.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.analysis.article import analyze_article
from framing.analysis.segment import segmenter_for
from framing.ingest.load import load_articles
from framing.lexicon import load_lexicons
from tools.mine_cues import read_weak_labels

WEAK = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "weak"
CLASSES = ("news", "opinion")


def e_shares(folder: Path, use_model: bool) -> tuple[dict[str, list[float]], dict[str, dict[str, int]], int]:
    """Per article label: each article's share of E among its A/E/F sentences, and the
    A/E/F counts pooled over the label's articles; how many of the manifest's articles
    were not scored (left out at ingest, or without a body sentence)."""
    labels = read_weak_labels(folder)
    lexicons = load_lexicons()
    segmenter = segmenter_for(lexicons)
    articles, _ledger = load_articles([folder])
    shares: dict[str, list[float]] = {c: [] for c in CLASSES}
    counts = {c: dict.fromkeys("AEF", 0) for c in CLASSES}
    for article in articles:
        label = labels.get(Path(article.path).resolve())
        if label not in CLASSES:
            continue
        analysis = analyze_article(article, lexicons, segmenter, use_model=use_model)
        body = [s.label.value for s in analysis.sentences if s.label.value in "AEF"]
        if not body:
            continue
        shares[label].append(body.count("E") / len(body))
        for k in "AEF":
            counts[label][k] += body.count(k)
    return shares, counts, len(labels) - sum(map(len, shares.values()))


def area_under_curve(negatives: list[float], positives: list[float]) -> float:
    """The chance that a positive scores above a negative (ties count half)."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([0] * len(negatives) + [1] * len(positives), negatives + positives))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=WEAK, help="weak corpus (manifest.csv)")
    parser.add_argument("--model", action="store_true", help="label with the shipped classifier")
    args = parser.parse_args(argv)
    shares, counts, unscored = e_shares(args.folder, args.model)
    for label in CLASSES:
        total = sum(counts[label].values()) or 1
        pooled = " ".join(f"{k} {counts[label][k] / total:.3f}" for k in "AEF")
        print(f"{label:<8} {len(shares[label]):>5} articles  {pooled}")
    print(f"{unscored} articles of the manifest not scored (left out at ingest, or no body sentence)")
    area = area_under_curve(shares["news"], shares["opinion"])
    print(f"area under the ROC curve of the E share (opinion vs news): {area:.4f}")


if __name__ == "__main__":
    main()
