"""``framing analyze``: one feature row per article (table, CSV, JSONL or Parquet)."""

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
    closing_line,
    fail,
    file_progress,
    report_correction_warnings,
    report_skips,
    say,
    shared_options,
)
from framing.errors import FramingError

ANALYZE_FORMATS = ("table", "csv", "jsonl", "parquet")
# Columns of --format table: enough to compare articles at a glance.
TABLE_COLUMNS = (
    "outlet",
    "title",
    "tokens",
    "loaded_term_density",  # the outlet's own voice
    "quoted_loaded_term_density",  # beside it: quoted and attributed words
    "attributed_share",
    "editorial_share",
    "factual_share",
    "sources",
    "opinion_labelled",
)


@shared_options
def analyze_command(
    paths: InputsArgument,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {' | '.join(ANALYZE_FORMATS)}.")
    ] = "table",
    out: OutputFileOption = None,
    inputs: InputOptions = EVERY_INPUT_DEFAULT,
    run_choices: RunChoices = EVERY_RUN_DEFAULT,
) -> None:
    """Label sentences, find sources and loaded terms, and compute one feature row per article."""
    _check_format(format, out)
    from framing.output import check_output_file
    from framing.pipeline.run import run
    from framing.workers import no_gc_pauses

    sources = inputs.sources(paths)
    options = run_choices.run_options(inputs)

    try:
        if out is not None:
            check_output_file(out, (*paths, *options.ingest.option_files))
        # the results are many small objects kept to the end of the command: see no_gc_pauses
        with no_gc_pauses(freeze=True):
            with file_progress("analysing") as on_file:
                outcome = run(paths, options, sources=sources, on_file=on_file)
            data = _render_analysis(outcome.analysis, format) if outcome.analysis.articles else b""
        _report_skips(outcome)
        if not outcome.analysis.articles:
            fail(f"no article to analyse in {len(outcome.ledger)} input(s)")
        _emit(data, out)
        _closing(outcome)
    except FramingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")


def _check_format(format: str, out: Path | None) -> None:
    """End the command (usage error) on an unknown format, or Parquet without a file to write."""
    if format not in ANALYZE_FORMATS:
        fail(f"unknown format {format!r}; formats: {', '.join(ANALYZE_FORMATS)}", 2)
    if format == "parquet" and out is None:
        fail("--format parquet needs --out FILE", 2)


def _emit(data: bytes, out: Path | None) -> None:
    """The rendered analysis on stdout, or written atomically to ``out``."""
    from framing.output import atomic_write_bytes

    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
    else:
        atomic_write_bytes(out, data)


def _report_skips(outcome) -> None:
    """One line on stderr per skipped input, the results store's warning if any, and one line
    a corrections row that matched nothing."""
    report_skips(outcome.ledger)
    if outcome.cache_warning:
        typer.echo(f"framing: {say(outcome.cache_warning)}", err=True)
    report_correction_warnings(outcome.correction_warnings)


def _closing(outcome) -> None:
    """The closing line on stderr: how many articles, and what was left out, in words."""
    from framing.ingest.left_out import left_out_in_words

    left_out = left_out_in_words(outcome.ledger, outcome.articles)
    typer.echo(closing_line("analyze", len(outcome.analysis.articles), left_out), err=True)


def _render_analysis(result, format: str) -> bytes:
    """The analysis in one of ``ANALYZE_FORMATS`` as bytes (UTF-8 for the text formats)."""
    if format == "jsonl":
        import json

        from framing.analysis.article import analysis_to_record

        lines = (json.dumps(analysis_to_record(a), ensure_ascii=False) for a in result.articles)
        return "".join(line + "\n" for line in lines).encode("utf-8")
    if format == "csv":
        from framing.analysis.article import feature_csv

        return feature_csv(result).encode("utf-8")
    table = result.features
    if format == "parquet":
        import io

        buffer = io.BytesIO()
        try:
            table.to_parquet(buffer)
        except ImportError:
            fail("--format parquet needs pyarrow: pip install 'framing[parquet]'")
        return buffer.getvalue()
    shown = table[list(TABLE_COLUMNS)].copy()
    shown["title"] = shown["title"].str.slice(0, 18)
    shown.index = shown.index.str.slice(0, 8)
    import pandas as pd

    # Chinese characters are two columns wide in a terminal; pandas pads by code points otherwise.
    with pd.option_context("display.unicode.east_asian_width", True):
        return (shown.to_string(float_format=lambda v: f"{v:.2f}") + "\n").encode("utf-8")
