"""What the commands share: options defined once, the ingest and run settings they build, and
one-line messages on the terminal.

The options of every command that reads news are declared once, as the fields of two groups:
``InputOptions`` (how inputs are read: ``--outlet`` … ``--date``) and ``RunChoices`` (how
they are analysed: ``--jobs``, ``--cache``, ``--corrections``). A command takes a group as
one parameter (``inputs: InputOptions``) and ``shared_options`` shows typer the group's
fields in its place, so each option has one name, one default and one help text everywhere.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated

import typer

INPUT_PANEL = "Input options"
RUN_PANEL = "Run options"

# Options shared by several commands, defined once.
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon",
        help="Extra lexicon file or folder, merged over the built-in ones (repeatable).",
        rich_help_panel=INPUT_PANEL,
    ),
]


InputsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="News files or folders (formats detected from content), web addresses (fetched into "
        "--fetch-dir), or - for one article pasted on standard input."
    ),
]
OutputFileOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
]
OutletOption = Annotated[
    str | None, typer.Option(help="Set the outlet of every input file.", rich_help_panel=INPUT_PANEL)
]
OutletMapOption = Annotated[
    Path | None,
    typer.Option(
        help="CSV/TSV with columns match (path glob or folder) and outlet.", rich_help_panel=INPUT_PANEL
    ),
]
ManifestOption = Annotated[
    Path | None,
    typer.Option(
        help="CSV with a file column and optional outlet/outlet_kind/date/title/event.",
        rich_help_panel=INPUT_PANEL,
    ),
]
MaxMbOption = Annotated[
    float, typer.Option(help="Skip files larger than this many megabytes.", rich_help_panel=INPUT_PANEL)
]
AllStoriesOption = Annotated[
    bool,
    typer.Option(
        help="Keep every story of a broadcast digest, not only China–Russia ones.",
        rich_help_panel=INPUT_PANEL,
    ),
]
FollowLinksOption = Annotated[
    bool,
    typer.Option(
        help="Read symbolic links that lead outside the input folders (skipped by default).",
        rich_help_panel=INPUT_PANEL,
    ),
]
AnyLanguageOption = Annotated[
    bool,
    typer.Option(
        help="Read articles that are not mostly Chinese (skipped by default: the lexicons and rules are "
        "for Chinese).",
        rich_help_panel=INPUT_PANEL,
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
        rich_help_panel=INPUT_PANEL,
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout", min=0.1, help="Seconds one web page may take to download.", rich_help_panel=INPUT_PANEL
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(help="Title of the article read from standard input (-).", rich_help_panel=INPUT_PANEL),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        help="Date of the article read from standard input (-): 2024-05-16, 16/05/2024 …",
        rich_help_panel=INPUT_PANEL,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: every core).", rich_help_panel=RUN_PANEL
    ),
]
CacheOption = Annotated[
    bool,
    typer.Option(
        help="Reuse the results of unchanged files, kept in results.sqlite3 in $FRAMING_CACHE_DIR, else "
        "~/.cache/framing (`framing cache info` prints where); --no-cache analyses every file and "
        "stores nothing.",
        rich_help_panel=RUN_PANEL,
    ),
]
CorrectionsOption = Annotated[
    Path | None,
    typer.Option(
        "--corrections",
        help="A teacher's corrections (CSV: file, sentence, label; or file, source, kind; or term): "
        "applied to every figure and marked 'corrected by the teacher'. See the README.",
        rich_help_panel=RUN_PANEL,
    ),
]


@dataclass(frozen=True)
class InputOptions:
    """How a command reads its inputs: the options of every command that reads news files.

    Each field's type carries its command-line option and help (``shared_options`` shows
    them to typer); ``ingest()`` and ``sources(paths)`` turn them into the library's settings.
    """

    outlet: OutletOption = None
    outlet_map: OutletMapOption = None
    manifest: ManifestOption = None
    max_mb: MaxMbOption = 10.0
    all_stories: AllStoriesOption = False
    lexicon: LexiconOption = None
    follow_links: FollowLinksOption = False
    any_language: AnyLanguageOption = False
    fetch_dir: FetchDirOption = Path("fetched")
    timeout: TimeoutOption = 20.0
    title: TitleOption = None
    date: DateOption = None

    def ingest(self):
        """The ingest settings as one ``framing.ingest.IngestOptions``."""
        from framing.ingest import IngestOptions

        return IngestOptions(
            outlet=self.outlet,
            outlet_map=self.outlet_map,
            manifest=self.manifest,
            lexicons=tuple(self.lexicon or ()),
            max_bytes=int(self.max_mb * 1024 * 1024),
            all_stories=self.all_stories,
            follow_links=self.follow_links,
            any_language=self.any_language,
        )

    def sources(self, paths):
        """Where web addresses and ``-`` among ``paths`` go (``framing.ingest.InputSources``),
        each file saved announced on stderr; ``--title``/``--date`` without ``-`` or a date
        that cannot be read end the command here, before any work."""
        from framing.ingest import InputSources
        from framing.ingest.fetch import FetchOptions

        if (self.title or self.date) and not any(str(p) == "-" for p in paths):
            fail("--title and --date describe the article read from standard input: give - as an input", 2)

        def saved(given: str, path: Path, note: str) -> None:
            extra = f" ({note})" if note else ""
            typer.echo(f"framing: {say(f'{given} → {path}{extra}')}", err=True)

        return InputSources(
            folder=self.fetch_dir,
            fetch=FetchOptions(timeout=self.timeout),
            title=self.title or "",
            outlet=self.outlet or "",
            date=_iso_date(self.date),
            max_bytes=int(self.max_mb * 1024 * 1024),
            on_saved=saved,
        )


def _iso_date(given: str | None) -> str:
    """``--date`` written as ISO 8601, which every reader reads back ("" when not given); a
    date that cannot be read ends the command."""
    from framing.ingest.readers.dates import parse_date

    if not given:
        return ""
    when = parse_date(given)
    if when is None:
        fail(f"--date {given!r}: not a date (write 2024-05-16 or 16/05/2024)", 2)
    return when.date().isoformat() if when == when.replace(hour=0, minute=0) else when.isoformat()


@dataclass(frozen=True)
class RunChoices:
    """How a command that analyses runs the pipeline: processes, the results store, the
    teacher's corrections."""

    jobs: JobsOption = None
    cache: CacheOption = True
    corrections: CorrectionsOption = None

    def run_options(self, inputs: InputOptions):
        """The pipeline's ``RunOptions`` for ``inputs``; the corrections are read here (a
        malformed file ends the command with one line naming the file and the line)."""
        import os

        from framing.paths import default_cache_dir
        from framing.pipeline.run import RunOptions

        return RunOptions(
            ingest=inputs.ingest(),
            jobs=self.jobs or os.cpu_count() or 1,
            cache_dir=default_cache_dir() if self.cache else None,
            corrections=read_corrections_option(self.corrections),
        )


OPTION_GROUPS = (InputOptions, RunChoices)
# Every option at its default: the default of a command's group parameter, for a call from Python.
EVERY_INPUT_DEFAULT = InputOptions()
EVERY_RUN_DEFAULT = RunChoices()


@functools.cache
def group_parameters(group: type) -> tuple[inspect.Parameter, ...]:
    """The fields of an options group as keyword parameters typer reads (type, option, default)."""
    hints = typing.get_type_hints(group, include_extras=True)
    return tuple(
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name])
        for f in fields(group)
    )


def shared_options(command: Callable) -> Callable:
    """``command`` as typer should see it: each parameter typed as an options group
    (``InputOptions``, ``RunChoices``) replaced by the group's options; the command is
    called with the group built from them."""
    signature = inspect.signature(command, eval_str=True)
    groups = {p.name: p.annotation for p in signature.parameters.values() if p.annotation in OPTION_GROUPS}
    shown: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.name in groups:
            shown.extend(group_parameters(parameter.annotation))
        else:
            shown.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))

    @functools.wraps(command)
    def with_groups(**given):
        for name, group in groups.items():
            given[name] = group(**{f.name: given.pop(f.name) for f in fields(group)})
        return command(**given)

    with_groups.__signature__ = signature.replace(parameters=shown)  # type: ignore[attr-defined]
    with_groups.__annotations__ = {p.name: p.annotation for p in shown}
    return with_groups


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


# ── corrections, progress and the closing line ─────────


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
