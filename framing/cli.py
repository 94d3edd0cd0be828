"""The ``framing`` command: a thin layer over the Python API.

Each command parses its options, calls the library, prints. Library errors
(``FramingError``) become a one-line message on stderr and a non-zero exit code.
Heavy imports happen inside the commands that need them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.errors import FramingError

app = typer.Typer(
    help="Show how outlets frame the same China–Russia events in Chinese-language news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
lexicon_app = typer.Typer(help="Validate and inspect lexicon files.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")

# Options shared by several commands, defined once.
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon", help="Extra lexicon file or folder, merged over the built-in ones (repeatable)."
    ),
]


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit with ``code``."""
    typer.echo(f"framing: {message}", err=True)
    raise typer.Exit(code)


@lexicon_app.command("check")
def lexicon_check(
    paths: Annotated[list[Path], typer.Argument(help="Lexicon .tsv files or folders to validate.")],
) -> None:
    """Validate lexicon files: every error names the file and the line."""
    from framing.lexicon import check_lexicon

    bad = 0
    for path in paths:
        try:
            for table in check_lexicon(path):
                typer.echo(f"{table.files[0]}: {len(table)} entries in table {table.name!r}: ok")
        except FramingError as exc:
            typer.echo(f"framing: {exc}", err=True)
            bad += 1
    if bad:
        raise typer.Exit(1)
