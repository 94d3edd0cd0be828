"""``framing report``: the classroom report of the given files, or of the demo corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.cli.options import (
    EVERY_INPUT_DEFAULT,
    EVERY_RUN_DEFAULT,
    InputOptions,
    RunChoices,
    fail,
    file_progress,
    report_correction_warnings,
    report_skips,
    say,
    shared_options,
)
from framing.errors import FramingError

TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Folder of report templates searched before the built-in ones (framing/report/templates: "
        "report.html, sections/*.html, article.html, the .md twins, report.css, text/<lang>.yaml for the "
        "words). Article text stays escaped; a value you mark |safe in your template is printed as "
        "it is and is your responsibility.",
    ),
]


ReportInputsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="News files or folders, web addresses (fetched into --fetch-dir), or - for one article "
        "pasted on standard input; none: the built-in demo corpus (constructed)."
    ),
]
# The report's language and focus (framing.report.render.LANGUAGES, framing.report.focus).
LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Language of the report's interface: en, zh-Hans (simplified Chinese) or zh-Hant "
        "(traditional Chinese). Article text is always shown as written.",
    ),
]
FocusOutletsOption = Annotated[
    str | None,
    typer.Option("--outlets", help="Report only on these outlets, comma-separated (names as in the report)."),
]
FocusEventsOption = Annotated[
    str | None,
    typer.Option(
        "--events",
        help="Report only on these events, comma-separated event ids (tables/events.csv, framing events).",
    ),
]
HandoutOption = Annotated[
    bool,
    typer.Option(
        "--handout",
        help="Write handout.html, a short printable version (the corpus in brief, the events, a card per "
        "article with excerpts around its highlights), in place of report.html.",
    ),
]
PdfOption = Annotated[
    bool,
    typer.Option(
        "--pdf", help="Also print the page to PDF (report.pdf or handout.pdf); needs Chromium on PATH."
    ),
]


@shared_options
def report_command(
    paths: ReportInputsArgument = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Report folder: new, empty, or an earlier report (replaced atomically); never an input "
            "folder, the current folder or its parents. Default: reports/demo, reports/latest or (with "
            "--handout) reports/handout.",
        ),
    ] = None,
    inputs: InputOptions = EVERY_INPUT_DEFAULT,
    run_choices: RunChoices = EVERY_RUN_DEFAULT,
    templates: TemplatesOption = None,
    lang: LangOption = "en",
    outlets: FocusOutletsOption = None,
    events: FocusEventsOption = None,
    handout: HandoutOption = False,
    pdf: PdfOption = False,
) -> None:
    """Write the classroom report (HTML, Markdown, charts, CSV tables): outlets on the same events."""
    from framing.report.focus import split_names

    sources = inputs.sources(paths or [])
    out = out or Path("reports/demo" if not paths else "reports/handout" if handout else "reports/latest")
    options = run_choices.run_options(inputs)
    settings = {
        "templates": templates,
        "sources": sources,
        "lang": lang,
        "outlets": split_names(outlets),
        "events": split_names(events),
        "handout": handout,
        "pdf": pdf,
    }
    _write_report(paths or [], out, options, settings)


def _write_report(paths: list[Path], out: Path, options, settings: dict) -> None:
    """Run ``report_from_paths`` with a progress bar on a terminal, and print what it wrote.

    ``settings``: the keyword arguments of ``report_from_paths`` the command line chose."""
    from framing.pipeline.report import report_from_paths
    from framing.workers import no_gc_pauses

    try:
        progress = file_progress("analysing", stage_after="writing the report")
        with no_gc_pauses(freeze=True), progress as on_file:  # see no_gc_pauses: a command exits soon after
            files = report_from_paths(
                paths, out, options, **settings, on_file=on_file,
                on_warning=lambda w: report_correction_warnings([w]),
                on_ledger=report_skips if paths else None,  # the demo skips only its README
            )  # fmt: skip
    except FramingError as exc:
        fail(str(exc))
    pdf_line = f"\npdf: {say(files.pdf)}" if files.pdf else ""
    typer.echo(
        f"{say(files.summary())}\nreport: {say(files.html)}{pdf_line}\nmarkdown: {say(files.markdown)}"
    )
    typer.echo(f"charts and tables: {say(files.out_dir)}")
