"""Fit the shipped sentence models from the labelled sets in ``../shared``, and print their
cross-validated scores.

    .venv/bin/python tools/train_claim_model.py            # ../shared beside the checkout
    .venv/bin/python tools/train_claim_model.py --shared PATH --no-save

1. The opinion scorer (``framing/analysis/models/opinion_model.npz``) from the sentences of
   ``corpus/weak``: articles their outlet filed as opinion columns against news reports.
2. Leave-one-outlet-out cross-validation on ``eval/gold_dev.json`` + ``eval/gold_train.json``
   of the rules alone, the model alone and the two combined; the table is printed and the
   shipped variant's figures written to ``framing/report/templates/accuracy.json`` (the
   report's method section prints them).
3. The sentence classifier (``framing/analysis/models/claim_model.npz``), the combined variant,
   fitted on every labelled sentence.

Only hashed feature indices and coefficients are written: no article text.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

from framing.analysis.claim_model import (
    MODEL_FILE,
    OPINION_FILE,
    VARIANTS,
    fit_model,
    fit_opinion_model,
    text_matrix,
)
from framing.analysis.sentences import split_sentences
from framing.evaluate import load_gold
from framing.evaluate.crossval import cross_validate, fold_names, labelled_examples
from framing.evaluate.runner import analyse_labelled
from framing.ingest.load import load_articles
from framing.model import Role

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "framing" / "analysis" / "models"
ACCURACY = ROOT / "framing" / "report" / "templates" / "accuracy.json"
NAMES = {"A": "attributed", "E": "editorial", "F": "factual"}
SHIPPED = "combined"


def opinion_training_set(weak: Path):
    """Body sentences of the weakly labelled articles, each with its article's label."""
    labels = {}
    with open(weak / "manifest.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            labels[row["file"]] = row["label"] == "opinion"
    articles, _ = load_articles([weak])
    texts, opinion = [], []
    for article in articles:
        key = Path(article.path).resolve().relative_to(weak.resolve()).as_posix()
        if key not in labels:
            continue
        for span in split_sentences(article):
            if span.role is Role.BODY:
                texts.append(span.text)  # split_sentences cuts the normalised (simplified) text
                opinion.append(labels[key])
    return text_matrix(texts), opinion


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared"
    )
    parser.add_argument("--no-save", action="store_true", help="print the scores, write no model")
    args = parser.parse_args(argv)
    shared = args.shared
    grams, opinion = opinion_training_set(shared / "corpus" / "weak")
    print(f"opinion scorer: {grams.n_rows} sentences, {sum(opinion)} from opinion columns", file=sys.stderr)
    opinion_model = fit_opinion_model(grams, opinion)
    if not args.no_save:
        opinion_model.save(MODELS / OPINION_FILE)

    gold = load_gold(shared / "eval" / "gold_dev.json") + load_gold(shared / "eval" / "gold_train.json")
    corpus = [shared / "corpus" / "real", shared / "corpus" / "seeds"]
    files = analyse_labelled(gold, corpus, use_model=False)
    print(f"{len(files)} labelled files, {len({f.outlet for f in files})} outlets", file=sys.stderr)
    results = cross_validate(files, opinion=opinion_model)
    table = {}
    for r in results:
        print(
            f"{r.variant:<9} {r.scores.summary_line()} "
            + " ".join(f"{c.label}_f1={c.f1:.3f}" for c in r.scores.classes)
        )
        table[r.variant] = {**r.scores.to_dict(), "folds": {o: s.summary_line() for o, s in r.folds}}
    features, labels, _ = labelled_examples(files, VARIANTS[SHIPPED], opinion_model)
    model = fit_model(features, labels, VARIANTS[SHIPPED])
    if not args.no_save:
        model.save(MODELS / MODEL_FILE)
        shipped = next(r for r in results if r.variant == SHIPPED)
        ACCURACY.write_text(
            json.dumps(accuracy_note(shipped.scores, table, files), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    return 0


def accuracy_note(scores, table: dict, files) -> dict:
    """What the report's method section prints: the shipped classifier's cross-validated figures
    on ``files`` (``LabelledFile``), and the outlets they come from by their full names."""

    def interval(low_high) -> str:
        return f"{low_high[0]:.2f}–{low_high[1]:.2f}"

    outlets = sorted(fold_names(files).values())
    figures = {
        "claim types, macro F1 over A/E/F": (
            f"{scores.macro_f1:.2f} (95% interval {interval(scores.macro_f1_interval)})"
        )
    }
    for c in scores.classes:
        figures[f"{c.label} {NAMES[c.label]}: precision / recall / F1 (sentences)"] = (
            f"{c.precision:.2f} / {c.recall:.2f} / {c.f1:.2f} "
            f"(n={c.support}; F1 95% interval {interval(c.f1_interval)})"
        )
    tp, fp, fn = scores.sources_counts
    figures["sources found, F1"] = f"{scores.sources_f1:.2f} ({tp} found, {fp} extra, {fn} missed)"
    figures["source kind, accuracy on found sources"] = (
        f"{scores.kind_accuracy:.2f} (n={scores.kind_counts[1]})"
    )
    figures["not-body text (H/X) recognised"] = (
        f"{scores.nonbody_accuracy:.2f} (n={scores.nonbody_counts[1]})"
    )
    return {
        "measured": date.today().isoformat(),
        "data": (
            f"the labelled sets ../shared/eval/gold_dev.json and gold_train.json ({len(files)} articles, "
            f"{len(outlets)} outlets), leave-one-outlet-out: each outlet's sentences "
            "labelled by a classifier fitted on the other outlets only"
        ),
        "articles": len(files),  # what the report's method section says it was measured on
        "outlets": outlets,
        "command": (
            "framing evaluate ../shared/eval/gold_train.json ../shared/corpus/real ../shared/corpus/seeds "
            "--gold ../shared/eval/gold_dev.json --cv outlet"
        ),
        "caveat": (
            "The rules that feed the classifier were written while reading some of these articles, so "
            "expect somewhat lower figures on outlets and events unlike them. Editorial labels are the "
            "least reliable: treat labels as a reading aid to check, not a verdict."
        ),
        "figures": figures,
        "comparison": {variant: {k: v for k, v in t.items() if k != "folds"} for variant, t in table.items()},
    }


if __name__ == "__main__":
    raise SystemExit(main())
