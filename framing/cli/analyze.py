"""``framing analyze``: one feature row per article (table, CSV, JSONL or Parquet)."""

from __future__ import annotations

from typing import Annotated

import typer

from framing.cli.options import (
    AllStoriesOption,
    CacheOption,
    FollowLinksOption,
    InputsArgument,
    JobsOption,
    LexiconOption,
    ManifestOption,
    MaxMbOption,
    OutletMapOption,
    OutletOption,
    OutputFileOption,
    fail,
    ingest_options,
    report_skips,
    run_options,
    say,
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


def analyze_command(
    paths: InputsArgument,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {' | '.join(ANALYZE_FORMATS)}.")
    ] = "table",
    out: OutputFileOption = None,
    outlet: OutletOption = None,
    outlet_map: OutletMapOption = None,
    manifest: ManifestOption = None,
    max_mb: MaxMbOption = 10.0,
    all_stories: AllStoriesOption = False,
    lexicon: LexiconOption = None,
    jobs: JobsOption = None,
    cache: CacheOption = True,
    follow_links: FollowLinksOption = False,
) -> None:
    """Label sentences, find sources and loaded terms, and compute one feature row per article."""
    if format not in ANALYZE_FORMATS:
        fail(f"unknown format {format!r}; formats: {', '.join(ANALYZE_FORMATS)}", 2)
    if format == "parquet" and out is None:
        fail("--format parquet needs --out FILE", 2)
    from framing.output import atomic_write_bytes, check_output_file
    from framing.pipeline.run import run
    from framing.workers import no_gc_pauses

    ingest = ingest_options(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        max_mb=max_mb,
        all_stories=all_stories,
        lexicon=lexicon,
        follow_links=follow_links,
    )
    options = run_options(ingest, jobs=jobs, cache=cache)

    try:
        if out is not None:
            check_output_file(out, (*paths, *ingest.option_files))
        # the results are many small objects kept to the end of the command: see no_gc_pauses
        with no_gc_pauses(freeze=True):
            outcome = run(paths, options)
            data = _render_analysis(outcome.analysis, format) if outcome.analysis.articles else b""
        _report_skips(outcome)
        if not outcome.analysis.articles:
            fail(f"no article to analyse in {len(outcome.ledger)} input(s)")
        if out is None:
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            atomic_write_bytes(out, data)
    except FramingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")


def _report_skips(outcome) -> None:
    """One line on stderr per skipped input, and the results store's warning if any."""
    report_skips(outcome.ledger)
    if outcome.cache_warning:
        typer.echo(f"framing: {say(outcome.cache_warning)}", err=True)


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
