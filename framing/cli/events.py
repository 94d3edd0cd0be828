"""``framing events``: the event grouping of the given files, to check and correct before the report."""

from __future__ import annotations

from pathlib import Path
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

EVENTS_FORMATS = ("text", "csv")


@shared_options
def events_command(
    paths: InputsArgument,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {' | '.join(EVENTS_FORMATS)}.")
    ] = "text",
    out: OutputFileOption = None,
    inputs: InputOptions = EVERY_INPUT_DEFAULT,
    run_choices: RunChoices = EVERY_RUN_DEFAULT,
) -> None:
    """Show which articles are about the same event (dates, outlets, titles), as the report groups them.

    The CSV is a manifest: correct its event column and pass it back with --manifest (here
    or to framing report) to fix the grouping. Its file column is relative to the CSV's
    folder (with --out) or to the current folder.

    --corrections changes the grouping as it does the report's: articles are grouped by their
    words, the named sources they cite, their quotations and dates, so a source marked "not a
    source" no longer links the articles that cite it; a sentence's label plays no part.
    """
    if format not in EVENTS_FORMATS:
        fail(f"unknown format {format!r}; formats: {', '.join(EVENTS_FORMATS)}", 2)
    sources = inputs.sources(paths)
    options = run_choices.run_options(inputs)
    try:
        if out is not None:
            from framing.output import check_output_file

            check_output_file(out, (*paths, *options.ingest.option_files))
        text = _grouping(paths, options, sources, format, out)
        if out is None:
            # titles and file names come from the input: nothing reaches the terminal unescaped
            typer.echo(printable(text, keep_newlines=True), nl=False)
        else:
            from framing.output import atomic_write_text

            atomic_write_text(out, text)
    except FramingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")


def _grouping(paths: list[Path], options, sources, format: str, out: Path | None) -> str:
    """Run the pipeline (the teacher's corrections applied), group its articles, and render
    the grouping in ``format``."""
    from framing.comparison.event_listing import event_rows, listing_text, rows_csv
    from framing.comparison.events import group_events
    from framing.pipeline.run import run
    from framing.workers import no_gc_pauses

    with no_gc_pauses(freeze=True):  # see no_gc_pauses: a command exits soon after
        outcome = run(paths, options, sources=sources)
        analyses = outcome.analysis.articles
        report_skips(outcome.ledger)  # a skipped file may be an event's only article of an outlet
        report_correction_warnings(outcome.correction_warnings)
        if not analyses:
            fail(f"no article to group in {len(outcome.ledger)} input(s)")
        grouping = group_events(analyses)
    rows = event_rows(grouping, analyses, relative_to=out.parent if out is not None else Path.cwd())
    return rows_csv(rows) if format == "csv" else listing_text(grouping, rows)
