"""``framing explain``: an article card for each article of the given files, to prepare a lesson."""

from __future__ import annotations

from typing import Annotated

import typer

from framing.cli.options import (
    EVERY_INPUT_DEFAULT,
    EVERY_RUN_DEFAULT,
    InputOptions,
    InputsArgument,
    OutputFileOption,
    RunChoices,
    fail,
    report_correction_warnings,
    report_skips,
    shared_options,
)
from framing.errors import FramingError
from framing.safe_text import printable

EXPLAIN_FORMATS = ("text", "md", "html", "json")


@shared_options
def explain_command(
    paths: InputsArgument,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text (the terminal), md (to paste into a lesson plan), html (a page to print), "
            "json (every field, for scripts).",
        ),
    ] = "text",
    out: OutputFileOption = None,
    inputs: InputOptions = EVERY_INPUT_DEFAULT,
    run_choices: RunChoices = EVERY_RUN_DEFAULT,
) -> None:
    """Print a card per article: outlet, date, claim-type mix, sources, loaded terms (own voice and
    quoted, with why they are loaded), hedges and boosters, unsure labels, and every sentence
    numbered with its label and reason (write corrections by sentence number)."""
    if format not in EXPLAIN_FORMATS:
        fail(f"unknown format {format!r}; formats: {', '.join(EXPLAIN_FORMATS)}", 2)
    sources = inputs.sources(paths)
    options = run_choices.run_options(inputs)
    from framing.pipeline.explain import explain_paths
    from framing.workers import no_gc_pauses

    try:
        if out is not None:
            from framing.output import check_output_file

            check_output_file(out, (*paths, *options.ingest.option_files))
        with no_gc_pauses(freeze=True):  # see no_gc_pauses: a command exits soon after
            explained = explain_paths(paths, options, sources=sources)
        report_skips(explained.ledger)
        report_correction_warnings(explained.correction_warnings)
        if not explained.cards:
            fail(f"no article to explain in {len(explained.ledger)} input(s)")
        _write(cards_in(explained.cards, format), out)
    except FramingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")


def _write(text: str, out) -> None:
    if out is None:
        # titles and article text come from the input: nothing reaches the terminal unescaped
        typer.echo(printable(text, keep_newlines=True), nl=False)
    else:
        from framing.output import atomic_write_text

        atomic_write_text(out, text)


def cards_in(cards, format: str) -> str:
    """The cards rendered in ``format`` (one of ``EXPLAIN_FORMATS``)."""
    if format == "json":
        import json
        from dataclasses import asdict

        return json.dumps([asdict(card) for card in cards], ensure_ascii=False, indent=1) + "\n"
    from framing.report.render import load_text, render_cards_html, render_cards_markdown

    if format == "html":
        return render_cards_html(cards)
    if format == "md":
        return render_cards_markdown(cards)
    from framing.report.cards import card_text

    words = load_text()
    return "\n".join(card_text(card, words) for card in cards)
