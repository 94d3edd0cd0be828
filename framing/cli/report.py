"""``framing report``: the classroom report of the given files, or of the demo corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.cli.options import (
    AllStoriesOption,
    CacheOption,
    FollowLinksOption,
    JobsOption,
    LexiconOption,
    ManifestOption,
    MaxMbOption,
    OutletMapOption,
    OutletOption,
    fail,
    ingest_options,
    run_options,
    say,
)
from framing.errors import FramingError

TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Folder of report templates searched before the built-in ones (framing/report/templates: "
        "report.html, sections/*.html, article.html, the .md twins, report.css, text/en.yaml for the "
        "words). Article text stays escaped; a value you mark |safe in your template is printed as "
        "it is and is your responsibility.",
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


def report_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="News files or folders; none: the built-in demo corpus (constructed)."),
    ] = None,
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
    outlet: OutletOption = None,
    outlet_map: OutletMapOption = None,
    manifest: ManifestOption = None,
    max_mb: MaxMbOption = 10.0,
    all_stories: AllStoriesOption = False,
    lexicon: LexiconOption = None,
    jobs: JobsOption = None,
    cache: CacheOption = True,
    follow_links: FollowLinksOption = False,
    templates: TemplatesOption = None,
    handout: HandoutOption = False,
    pdf: PdfOption = False,
) -> None:
    """Write the classroom report (HTML, Markdown, charts, CSV tables): outlets on the same events."""
    from framing.pipeline.report import report_from_paths

    ingest = ingest_options(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        max_mb=max_mb,
        all_stories=all_stories,
        lexicon=lexicon,
        follow_links=follow_links,
    )
    out = out or Path("reports/demo" if not paths else "reports/handout" if handout else "reports/latest")
    from framing.workers import no_gc_pauses

    try:
        with no_gc_pauses(freeze=True):  # see no_gc_pauses: a command exits soon after
            files = report_from_paths(
                paths or [], out, run_options(ingest, jobs=jobs, cache=cache), templates=templates,
                handout=handout, pdf=pdf,
            )  # fmt: skip
    except FramingError as exc:
        fail(str(exc))
    pdf_line = f"\npdf: {say(files.pdf)}" if files.pdf else ""
    typer.echo(
        f"{say(files.summary())}\nreport: {say(files.html)}{pdf_line}\nmarkdown: {say(files.markdown)}"
    )
    typer.echo(f"charts and tables: {say(files.out_dir)}")
