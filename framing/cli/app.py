"""The ``framing`` command: a thin layer over the Python API, one module a command.

Each command parses its options, calls the library, prints. Library errors
(``FramingError``) become a one-line message on stderr and a non-zero exit code.
Heavy imports happen inside the commands that need them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from framing.cli import analyze, cache, evaluate, events, explain, fetch, ingest, lexicon, report

app = typer.Typer(
    help="Show how outlets frame the same China–Russia events in Chinese-language news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def installed_version() -> str:
    """framing's version as its installed package metadata gives it (the source's when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("framing")
    except PackageNotFoundError:
        from framing import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"framing {installed_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print framing's version and exit."
        ),
    ] = False,
) -> None:
    """Show how outlets frame the same China–Russia events in Chinese-language news."""


app.command("ingest")(ingest.ingest)
app.command("analyze")(analyze.analyze_command)
app.command("report")(report.report_command)
app.command("evaluate")(evaluate.evaluate_command)
app.command("fetch")(fetch.fetch_command)
app.command("events")(events.events_command)
app.command("explain")(explain.explain_command)

lexicon_app = typer.Typer(help="Validate and inspect lexicon files.", no_args_is_help=True)
lexicon_app.command("check")(lexicon.lexicon_check)
lexicon_app.command("show")(lexicon.lexicon_show)
app.add_typer(lexicon_app, name="lexicon")

cache_app = typer.Typer(
    help="Where framing keeps the results of analysed files, and removing them.", no_args_is_help=True
)
cache_app.command("info")(cache.cache_info)
cache_app.command("clear")(cache.cache_clear)
app.add_typer(cache_app, name="cache")
