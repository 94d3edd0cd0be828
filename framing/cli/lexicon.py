"""``framing lexicon check`` and ``framing lexicon show``: validate and inspect lexicon files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.cli.options import LexiconOption, fail, say
from framing.errors import FramingError


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def lexicon_check(
    paths: Annotated[list[Path], typer.Argument(help="Lexicon .tsv files or folders to validate.")],
) -> None:
    """Validate lexicon files: every error names the file and the line."""
    from framing.lexicon import check_lexicon

    bad = 0
    for path in paths:
        try:
            for table in check_lexicon(path):
                typer.echo(f"{table.files[0]}: {_entries(len(table))} in table {table.name!r}: ok")
        except FramingError as exc:
            typer.echo(f"framing: {say(exc)}", err=True)
            bad += 1
    if bad:
        raise typer.Exit(1)


def lexicon_show(
    table: Annotated[str | None, typer.Argument(help="Table to print; omit to list the tables.")] = None,
    lexicon: LexiconOption = None,
) -> None:
    """List the lexicon tables, or print one table (built-in entries with yours merged over them)."""
    from framing.lexicon import load_lexicons

    try:
        lexicons = load_lexicons(lexicon or ())
        if table is None:
            for name in sorted(lexicons.tables):
                entries = lexicons[name]
                typer.echo(f"{name}\t{_entries(len(entries))}\t{entries.schema.description}")
            return
        chosen = lexicons[table]
    except KeyError as exc:
        fail(str(exc.args[0]))
    except FramingError as exc:
        fail(str(exc))
    columns = chosen.schema.columns
    typer.echo("\t".join(columns))
    for row in chosen:
        typer.echo("\t".join(row[c] for c in columns))
