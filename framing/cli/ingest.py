"""``framing ingest``: news files in, normalised articles and a ledger of every file out."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from framing.cli.options import EVERY_INPUT_DEFAULT, InputOptions, InputsArgument, fail, say, shared_options
from framing.errors import FramingError


@shared_options
def ingest(
    paths: InputsArgument,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Articles file: JSONL, or Parquet if it ends in .parquet.")
    ],
    ledger: Annotated[
        Path | None, typer.Option(help="Ledger file (JSONL); default: next to --out as <name>.ledger.jsonl.")
    ] = None,
    inputs: InputOptions = EVERY_INPUT_DEFAULT,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")] = False,
) -> None:
    """Read news files into normalised articles, with a ledger of every input file."""
    from rich.console import Console

    options = inputs.ingest()
    sources = inputs.sources(paths)
    console = Console(stderr=True)
    ledger = ledger or out.with_name(out.name.split(".", 1)[0] + ".ledger.jsonl")
    try:
        _check_outputs(out, ledger, (*paths, *options.option_files))
        articles, entries = _read_all(paths, options, sources, console, quiet)
        if not articles:
            reasons = sorted({e.reason for e in entries if e.reason}) or ["no input files"]
            fail(f"nothing ingested from {len(entries)} input(s): {reasons[0]}")
        _write(out, ledger, articles, entries)
    except FramingError as exc:
        fail(str(exc))
    if not quiet:
        _print_summary(console, articles, entries, out, ledger)


def _check_outputs(out: Path, ledger: Path, inputs: tuple[Path, ...]) -> None:
    """Refuse outputs that would overwrite an input, a folder, or each other."""
    from framing.output import check_output_file

    check_output_file(out, inputs)
    check_output_file(ledger, inputs)
    if os.path.realpath(ledger) == os.path.realpath(out):
        fail(f"cannot write {ledger}: the ledger would overwrite the articles file")


def _read_all(paths: list[Path], options, sources, console, quiet: bool) -> tuple[list, list]:
    """Every article and every ledger entry of ``paths``, with a progress bar on long runs
    (web addresses and ``-`` are saved as files first)."""
    from rich.progress import Progress

    from framing import ingest as ingest_api

    articles, entries = [], []
    files = ingest_api.gather_inputs(paths, sources, follow_links=options.follow_links)
    with Progress(console=console, transient=True, disable=quiet or len(files) < 20) as progress:
        task = progress.add_task("ingesting", total=len(files))
        done: set[str] = set()
        for article, entry in ingest_api.iter_articles(files, options):
            entries.append(entry)
            if article is not None:
                articles.append(article)
            done.add(entry.path.split("#", 1)[0])
            progress.update(task, completed=len(done))
    return articles, entries


def _write(out: Path, ledger: Path, articles: list, entries: list) -> None:
    """The articles (JSONL, or Parquet for a .parquet name) and the ledger (JSONL), each atomically."""
    from framing import ingest as ingest_api
    from framing.output import atomic_write_bytes, atomic_write_text

    if out.suffix.lower() == ".parquet":
        atomic_write_bytes(out, ingest_api.articles_to_parquet(articles))
    else:
        atomic_write_text(out, ingest_api.articles_to_jsonl(articles))
    records = (json.dumps(ingest_api.ledger_to_record(e), ensure_ascii=False) for e in entries)
    atomic_write_text(ledger, "".join(line + "\n" for line in records))


def _print_summary(console, articles: list, entries: list, out: Path, ledger: Path) -> None:
    """A table of counts by status and outlet, each skipped file with its reason, and the output paths."""
    from rich.table import Table

    from framing import ingest as ingest_api
    from framing.model import LedgerStatus

    table = Table(title=f"framing ingest: {len(articles)} articles")
    table.add_column("status / outlet")
    table.add_column("count", justify="right")
    for key, count in ingest_api.summarize(articles, entries).items():
        table.add_row(say(key), str(count))
    console.print(table)
    for entry in entries:
        if entry.status is LedgerStatus.SKIPPED:
            console.print(
                say(f"skipped {entry.path}: {entry.reason}"), markup=False, highlight=False, soft_wrap=True
            )
    outputs = f"articles: {say(out)}\nledger: {say(ledger)}"
    console.print(outputs, markup=False, highlight=False, soft_wrap=True)
