"""From files to a report: run the pipeline over the inputs (the demo corpus when none) and write it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from framing.ingest import InputSources, needs_sources
from framing.lexicon import load_lexicons
from framing.model import LedgerEntry
from framing.output import check_report_folder
from framing.pipeline.run import RunOptions, run
from framing.report.build import ReportFiles, build_report
from framing.report.pdf import find_chromium
from framing.report.render import DEFAULT_LANGUAGE, report_templates
from framing.report.shipped import demo_dir
from framing.workers import no_gc_pauses


def report_from_paths(
    paths: Sequence[Path | str],
    out_dir: Path | str,
    options: RunOptions | None = None,
    *,
    templates: Path | str | None = None,
    on_file: Callable[[int, int], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    sources: InputSources | None = None,
    on_ledger: Callable[[Sequence[LedgerEntry]], None] | None = None,
    lang: str = DEFAULT_LANGUAGE,
    outlets: Sequence[str] = (),
    events: Sequence[str] = (),
    handout: bool = False,
    pdf: bool = False,
) -> ReportFiles:
    """Ingest ``paths`` (the demo corpus when empty), analyse, compare, and write the report.

    ``options`` is a ``framing.pipeline.run.RunOptions`` (ingest settings, processes, cache);
    for the demo corpus its own manifest applies unless the options name another.
    ``templates`` is a folder of report templates searched before the built-in ones
    (``framing.report.render``). ``on_file(done, total)`` is called after each input file
    (a progress bar); ``on_warning`` with each corrections row that matched nothing.
    ``sources`` says where web addresses and ``-`` among ``paths`` are saved
    (``framing.ingest.inputs``); the report may not replace that folder.
    ``on_ledger`` hears the ledger once the report is written (the command line prints the skips).
    ``lang`` is the interface language (``LANGUAGES``); ``outlets`` and ``events`` focus the
    report on them (``framing.report.focus``). ``handout`` writes handout.html in place of report.html;
    ``pdf`` prints it to PDF as well (``framing.report.pdf``, Chromium on PATH).
    """
    demo = not paths
    paths, options = _demo_or_given(paths, options or RunOptions())
    inputs = _inputs_kept(paths, options, sources)
    check_report_folder(out_dir, inputs)  # before the work, not after it
    chosen = report_templates(templates, lang)  # likewise: a missing or broken folder fails first
    if pdf:
        find_chromium()  # likewise: no browser to print with fails first
    outcome = run(list(paths), options, sources=sources, on_file=on_file)
    for warning in outcome.correction_warnings if on_warning is not None else ():
        on_warning(warning)
    # The analyses stay alive until the report is written: collections would rescan them all.
    with no_gc_pauses():
        files = build_report(
            outcome.analysis,
            outcome.ledger,
            out_dir,
            demo=demo,
            jobs=options.jobs,
            inputs=inputs,
            templates=chosen,
            outlets=outlets,
            events=events,
            lexicons=load_lexicons(options.ingest.lexicons),
            handout=handout,
            pdf=pdf,
        )
    if on_ledger is not None:
        on_ledger(outcome.ledger)
    return files


def _demo_or_given(paths: Sequence[Path | str], options: RunOptions) -> tuple[list, RunOptions]:
    """The demo corpus with its own manifest (unless the options name one) when ``paths`` is
    empty; else ``paths`` and ``options`` as they are."""
    if paths:
        return list(paths), options
    if options.ingest.manifest is None:
        options = replace(options, ingest=replace(options.ingest, manifest=demo_dir() / "manifest.csv"))
    return [demo_dir()], options


def _inputs_kept(paths, options: RunOptions, sources: InputSources | None) -> tuple[Path, ...]:
    """Everything the report folder may never replace: the inputs, the option files, the
    corrections file and the folder that fetched and pasted inputs are saved in."""
    inputs = (*(Path(p) for p in paths), *options.ingest.option_files)
    if options.corrections is not None:
        inputs = (*inputs, options.corrections.path)
    if needs_sources(paths):
        inputs = (*inputs, (sources or InputSources()).folder)
    return inputs
