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
        "report.html, sections/*.html, article.html, the .md twins, report.css, text/<lang>.yaml for the "
        "words). Article text stays escaped; a value you mark |safe in your template is printed as "
        "it is and is your responsibility.",
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
            "folder, the current folder or its parents. Default: reports/demo or reports/latest.",
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
    lang: LangOption = "en",
    outlets: FocusOutletsOption = None,
    events: FocusEventsOption = None,
) -> None:
    """Write the classroom report (HTML, Markdown, charts, CSV tables): outlets on the same events."""
    from framing.pipeline.report import report_from_paths
    from framing.report.focus import split_names

    ingest = ingest_options(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        max_mb=max_mb,
        all_stories=all_stories,
        lexicon=lexicon,
        follow_links=follow_links,
    )
    out = out or Path("reports/demo" if not paths else "reports/latest")
    from framing.workers import no_gc_pauses

    try:
        with no_gc_pauses(freeze=True):  # see no_gc_pauses: a command exits soon after
            focus = {"outlets": split_names(outlets), "events": split_names(events)}
            options = run_options(ingest, jobs=jobs, cache=cache)
            files = report_from_paths(paths or [], out, options, templates=templates, lang=lang, **focus)
    except FramingError as exc:
        fail(str(exc))
    typer.echo(f"{say(files.summary())}\nreport: {say(files.html)}\nmarkdown: {say(files.markdown)}")
    typer.echo(f"charts and tables: {say(files.out_dir)}")
