"""``framing evaluate``: score sentence labels and sources against labelled articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from framing.cli.options import InputOptions, LexiconOption, ManifestOption, fail
from framing.errors import FramingError


def evaluate_command(
    gold: Annotated[
        Path, typer.Argument(help="A labelled set (JSON, as ../shared/eval/ANNOTATION.md describes).")
    ],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders holding the labelled articles.")],
    also: Annotated[
        list[Path] | None,
        typer.Option("--gold", help="Another labelled set scored with the first (repeatable)."),
    ] = None,
    cv: Annotated[
        str | None,
        typer.Option(
            help="'outlet': leave-one-outlet-out cross-validation of rules, model and the two combined."
        ),
    ] = None,
    rules_only: Annotated[bool, typer.Option(help="Score the rules alone, without the model.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text | json.")] = "text",
    manifest: ManifestOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Score sentence labels and sources against labelled articles (per class, with intervals)."""
    if cv not in (None, "outlet"):
        fail(f"unknown --cv {cv!r}; the one kind is 'outlet'", 2)
    if format not in ("text", "json"):
        fail(f"unknown format {format!r}; formats: text, json", 2)
    from framing.evaluate import cross_validate, load_gold, score
    from framing.evaluate.crossval import predictions
    from framing.evaluate.runner import analyse_labelled

    try:
        labelled = [a for path in (gold, *(also or ())) for a in load_gold(path)]
        options = InputOptions(manifest=manifest, lexicon=lexicon).ingest()
        files = analyse_labelled(labelled, paths, use_model=not (rules_only or cv), options=options)
        if not files:
            fail(f"none of the {len(labelled)} labelled files was found under the given paths")
        if cv:
            typer.echo(_cross_validation_text(cross_validate(files), format))
            return
        scores = score(labelled, predictions(files))
        typer.echo(
            json.dumps(scores.to_dict(), ensure_ascii=False, indent=1)
            if format == "json"
            else scores.to_text()
        )
    except FramingError as exc:
        fail(str(exc))


def _cross_validation_text(results, format: str) -> str:
    """Each variant's scores (JSON, or text with a summary table of the headline figures)."""
    if format == "json":
        return json.dumps({r.variant: r.scores.to_dict() for r in results}, ensure_ascii=False, indent=1)
    lines = []
    for r in results:
        lines.append(f"== {r.variant} (leave one outlet out, {len(r.folds)} outlets) ==")
        lines.append(r.scores.to_text() + "\n")
    lines.append("variant    macro-F1  A F1  E F1  F F1  sources F1  kind  not-body")
    for r in results:
        s = r.scores
        a, e, f = (c.f1 for c in s.classes)
        lines.append(
            f"{r.variant:<10} {s.macro_f1:>8.3f} {a:>5.2f} {e:>5.2f} {f:>5.2f} {s.sources_f1:>11.2f} "
            f"{s.kind_accuracy:>5.2f} {s.nonbody_accuracy:>9.2f}"
        )
    return "\n".join(lines)
