"""What the commands share: options defined once, the ingest and run settings they build, and
one-line messages on the terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

# Options shared by several commands, defined once.
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon", help="Extra lexicon file or folder, merged over the built-in ones (repeatable)."
    ),
]


InputsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="News files or folders (formats detected from content), web addresses (fetched into "
        "fetched/, or --fetch-dir where the command has it), or - for one article pasted on standard input."
    ),
]
OutputFileOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
]
OutletOption = Annotated[str | None, typer.Option(help="Set the outlet of every input file.")]
OutletMapOption = Annotated[
    Path | None, typer.Option(help="CSV/TSV with columns match (path glob or folder) and outlet.")
]
ManifestOption = Annotated[
    Path | None,
    typer.Option(help="CSV with a file column and optional outlet/outlet_kind/date/title/event."),
]
MaxMbOption = Annotated[float, typer.Option(help="Skip files larger than this many megabytes.")]
AllStoriesOption = Annotated[
    bool, typer.Option(help="Keep every story of a broadcast digest, not only China–Russia ones.")
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: every core).")
]
FollowLinksOption = Annotated[
    bool,
    typer.Option(help="Read symbolic links that lead outside the input folders (skipped by default)."),
]
AnyLanguageOption = Annotated[
    bool,
    typer.Option(
        help="Read articles that are not mostly Chinese (skipped by default: the lexicons and rules are "
        "for Chinese)."
    ),
]
# Inputs that are not files: web addresses and standard input (framing.ingest.inputs).
FetchDirOption = Annotated[
    Path,
    typer.Option(
        "--fetch-dir",
        help="Folder where web addresses given as inputs are fetched and text from - is saved, as "
        "Markdown files a later run reads (no file in it is replaced; a page fetched before is read "
        "from its file).",
    ),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds one web page may take to download.")
]
TitleOption = Annotated[str | None, typer.Option(help="Title of the article read from standard input (-).")]
DateOption = Annotated[
    str | None,
    typer.Option(help="Date of the article read from standard input (-): 2024-05-16, 16/05/2024 …"),
]
CacheOption = Annotated[
    bool,
    typer.Option(
        help="Reuse the results of unchanged files, kept in results.sqlite3 in $FRAMING_CACHE_DIR, else "
        "~/.cache/framing (`framing cache info` prints where); --no-cache analyses every file and "
        "stores nothing."
    ),
]


def ingest_options(
    *,
    outlet: str | None = None,
    outlet_map: Path | None = None,
    manifest: Path | None = None,
    max_mb: float = 10.0,
    all_stories: bool = False,
    lexicon: list[Path] | None = None,
    follow_links: bool = False,
    any_language: bool = False,
):
    """The command line's ingest flags as one ``IngestOptions``, built once."""
    from framing.ingest import IngestOptions

    return IngestOptions(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        lexicons=tuple(lexicon or ()),
        max_bytes=int(max_mb * 1024 * 1024),
        all_stories=all_stories,
        follow_links=follow_links,
        any_language=any_language,
    )


def input_sources(
    paths, ingest, *, fetch_dir: Path = Path("fetched"), timeout: float = 20.0, title=None, date=None
):
    """Where web addresses and ``-`` among ``paths`` go (``InputSources``; the outlet and
    size limit of pasted text from the ``IngestOptions`` ``ingest``), each file saved
    announced on stderr; ``--title``/``--date`` without ``-`` or a date that cannot be read
    fail here, before any work."""
    from framing.ingest import InputSources
    from framing.ingest.fetch import FetchOptions
    from framing.ingest.readers.dates import parse_date

    pasted = any(str(p) == "-" for p in paths)
    if (title or date) and not pasted:
        fail("--title and --date describe the article read from standard input: give - as an input", 2)
    when = parse_date(date) if date else None
    if date and when is None:
        fail(f"--date {date!r}: not a date (write 2024-05-16 or 16/05/2024)", 2)
    if when is not None:  # written as ISO 8601, which every reader reads back
        date = when.date().isoformat() if when == when.replace(hour=0, minute=0) else when.isoformat()

    def saved(given: str, path: Path, note: str) -> None:
        extra = f" ({note})" if note else ""
        typer.echo(f"framing: {say(f'{given} → {path}{extra}')}", err=True)

    return InputSources(
        folder=fetch_dir,
        fetch=FetchOptions(timeout=timeout),
        title=title or "",
        outlet=ingest.outlet or "",
        date=date or "",
        max_bytes=ingest.max_bytes,
        on_saved=saved,
    )


def run_options(ingest, *, jobs: int | None, cache: bool, corrections: Path | None = None):
    """The pipeline's ``RunOptions``: ingest settings, processes, the cache folder, and the
    teacher's corrections (read here: a malformed file ends the command with one line)."""
    import os

    from framing.paths import default_cache_dir
    from framing.pipeline.run import RunOptions

    return RunOptions(
        ingest=ingest,
        jobs=jobs or os.cpu_count() or 1,
        cache_dir=default_cache_dir() if cache else None,
        corrections=read_corrections_option(corrections),
    )


def say(message: object) -> str:
    """A message for the terminal: file names and titles in it come from input files, so
    no escape sequence, control or bidi character reaches the terminal (one line)."""
    from framing.safe_text import printable

    return printable(message)


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit with ``code``."""
    typer.echo(f"framing: {say(message)}", err=True)
    raise typer.Exit(code)


def report_skips(ledger, *, each_up_to: int = 3) -> None:
    """One line on stderr for each input the run skipped, with its reason; a reason shared by
    more than ``each_up_to`` inputs (104 stories of broadcasts off the topic) is one line with
    their count, the inputs listed in the ledger."""
    from collections import Counter

    from framing.model import LedgerStatus

    skipped = [entry for entry in ledger if entry.status is LedgerStatus.SKIPPED]
    counts = Counter(entry.reason for entry in skipped)
    told: set[str] = set()
    for entry in skipped:
        if counts[entry.reason] <= each_up_to:
            typer.echo(f"framing: {say(f'skipped {entry.path}: {entry.reason}')}", err=True)
        elif entry.reason not in told:
            told.add(entry.reason)
            line = f"skipped {counts[entry.reason]} inputs (listed in the ledger): {entry.reason}"
            typer.echo(f"framing: {say(line)}", err=True)


# ── corrections, progress and the closing line (analyze and report) ─────────

CorrectionsOption = Annotated[
    Path | None,
    typer.Option(
        "--corrections",
        help="A teacher's corrections (CSV: file, sentence, label; or file, source, kind; or term): "
        "applied to every figure and marked 'corrected by the teacher'. See the README.",
    ),
]


def read_corrections_option(path: Path | None):
    """The corrections file read and checked, or ``None``; a malformed one ends the command
    with one line naming the file and the line."""
    if path is None:
        return None
    from framing.ingest.corrections import CorrectionsError, read_corrections

    try:
        return read_corrections(path)
    except CorrectionsError as exc:
        fail(str(exc))


def report_correction_warnings(warnings) -> None:
    """One line on stderr for each corrections row that matched nothing."""
    for warning in warnings:
        typer.echo(f"framing: {say(warning)}", err=True)


@contextmanager
def file_progress(what: str, *, stage_after: str = "") -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for a run over files, drawn only when stderr is a terminal
    (whatever ``FORCE_COLOR`` says: a pipe or a test's captured stderr stays clean); yields
    the ``on_file(done, total)`` callback for ``framing.pipeline.run.run``.

    ``stage_after``: what the bar says once every file is done (the report's writing)."""
    import sys

    terminal = sys.stderr.isatty()
    if not terminal:  # no bar to draw: rich is not even imported
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn

    console = Console(stderr=True, force_terminal=terminal)
    # the percentage column is empty for the report's writing, which has no count
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    with Progress(*columns, console=console, transient=True, disable=not terminal) as progress:
        tasks = [progress.add_task(what, total=None)]

        def on_file(done: int, total: int) -> None:
            progress.update(tasks[-1], completed=done, total=total)
            if done >= total and stage_after:  # a bar of its own, with no count
                progress.remove_task(tasks[-1])
                tasks.append(progress.add_task(stage_after, total=None))

        yield on_file


def closing_line(command: str, articles: int, left_out: str) -> str:
    """The last line of a run: what it made, and what it left out in words."""
    line = f"framing {command}: {articles} article(s)"
    return say(f"{line}; left out: {left_out}" if left_out else f"{line}; nothing left out")
