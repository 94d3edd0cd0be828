"""From files to a report: run the pipeline over the inputs (the demo corpus when none) and write it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from framing.lexicon import load_lexicons
from framing.output import check_report_folder
from framing.pipeline.run import RunOptions, run
from framing.report.build import ReportFiles, build_report
from framing.report.pdf import find_chromium
from framing.report.render import report_templates
from framing.report.shipped import demo_dir
from framing.workers import no_gc_pauses


def report_from_paths(
    paths: Sequence[Path | str],
    out_dir: Path | str,
    options: RunOptions | None = None,
    *,
    templates: Path | str | None = None,
    handout: bool = False,
    pdf: bool = False,
) -> ReportFiles:
    """Ingest ``paths`` (the demo corpus when empty), analyse, compare, and write the report.

    ``options`` is a ``framing.pipeline.run.RunOptions`` (ingest settings, processes, cache);
    for the demo corpus its own manifest applies unless the options name another.
    ``templates`` is a folder of report templates searched before the built-in ones
    (``framing.report.render``). ``handout`` writes handout.html in place of report.html;
    ``pdf`` prints it to PDF as well (``framing.report.pdf``, Chromium on PATH).
    """
    options = options or RunOptions()
    demo = not paths
    if demo:
        paths = [demo_dir()]
        if options.ingest.manifest is None:
            options = replace(options, ingest=replace(options.ingest, manifest=demo_dir() / "manifest.csv"))
    inputs = (*(Path(p) for p in paths), *options.ingest.option_files)
    check_report_folder(out_dir, inputs)  # before the work, not after it
    chosen = report_templates(templates)  # likewise: a missing or broken folder fails first
    if pdf:
        find_chromium()  # likewise: no browser to print with fails first
    outcome = run([Path(p) for p in paths], options)
    # The analyses stay alive until the report is written: collections would rescan them all.
    with no_gc_pauses():
        return build_report(
            outcome.analysis,
            outcome.ledger,
            out_dir,
            demo=demo,
            jobs=options.jobs,
            inputs=inputs,
            templates=chosen,
            lexicons=load_lexicons(options.ingest.lexicons),
            handout=handout,
            pdf=pdf,
        )
