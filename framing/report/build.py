"""Build the classroom report: compare, draw the charts, gather the views, render, write the folder.

    AnalysisResult + ledger ──compare──▶ Comparison ──views──▶ ReportView ──render──▶ out_dir/
        report.html   opens offline: charts as data: URLs, a subset of Noto Sans SC embedded
        report.md     the same sections in Markdown, charts linked from charts/
        charts/       every chart as PNG and SVG
        tables/       every comparison table as CSV (UTF-8 with BOM, so spreadsheets read Chinese),
                      and README.md saying what each column means, with its unit

The folder is written with ``framing.output.atomic_directory``: a failed run leaves the
previous report as it was. The HTML is safe to open whatever the articles contain: the
templates escape every piece of article text (``framing.report.render``); links are only
rendered for http(s) URLs, never loaded; and a Content-Security-Policy meta tag forbids
scripts, remote resources and everything else not embedded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from framing.comparison.compare import compare
from framing.errors import ReportError
from framing.ingest.left_out import left_out_in_words
from framing.lexicon import Lexicons, load_lexicons
from framing.model import LedgerEntry, LedgerStatus
from framing.output import atomic_directory, check_report_folder
from framing.report.charts import all_charts, render_all
from framing.report.data_dictionary import tables_readme
from framing.report.focus import focus_result
from framing.report.marks import term_notes
from framing.report.pdf import find_chromium, print_to_pdf
from framing.report.render import Templates, render_html, render_markdown, report_templates
from framing.report.shipped import classifier_accuracy, demo_dir
from framing.report.shown_paths import relative_to_common
from framing.report.tables import report_tables
from framing.report.views import compared_events, report_view


@dataclass(frozen=True)
class ReportFiles:
    """What ``build_report`` wrote."""

    out_dir: Path
    html: Path
    markdown: Path
    charts: tuple[Path, ...]
    tables: tuple[Path, ...]
    articles: int = 0
    events: int = 0
    left_out: int = 0  # ledger entries not ingested (duplicates and skips)
    left_out_words: str = ""  # the same in words (``framing.ingest.left_out``)
    pdf: Path | None = None  # the printed page, when asked for

    def summary(self) -> str:
        if not self.left_out:
            return f"{self.articles} articles, {self.events} events; nothing left out"
        what = self.left_out_words or f"{self.left_out} input entries"
        made = f"{self.articles} articles, {self.events} events"
        return f"{made}; left out: {what}; reasons in the report's ledger"


def _paths_shown_relative(ledger: Sequence[LedgerEntry], analyses: tuple, comparison):
    """Ledger and comparison with every path relative to the inputs' common folder, and the
    function that shows an article's path so (applied to the articles the report annotates)."""
    relative, hidden = relative_to_common([e.path for e in ledger] + [a.article.path for a in analyses])
    ledger = [
        replace(e, path=relative(e.path), duplicate_of=relative(e.duplicate_of), reason=hidden(e.reason))
        for e in ledger
    ]
    frame = comparison.features.copy()
    frame["path"] = frame["path"].map(relative)
    return ledger, relative, replace(comparison, features=frame)


def _templates(templates: Templates | Path | str | None) -> Templates:
    return templates if isinstance(templates, Templates) else report_templates(templates)


def focused(result, outlets: Sequence[str] = (), events: Sequence[str] = ()):
    """``(result, comparison, focus)``: the articles of the chosen outlets and events (all when
    both are empty, comparison then None) compared over the events of all articles."""
    if not outlets and not events:
        return result, None, None
    if not tuple(result.articles):
        raise ReportError("no articles to report on (see the ledger: every input was skipped or a duplicate)")
    chosen = focus_result(result, outlets=outlets, events=events)
    focus = {"outlets": chosen.outlets, "events": chosen.events}
    return chosen.result, compare(chosen.result, grouping=chosen.grouping), focus


def _compared(result, comparison, outlets: Sequence[str], events: Sequence[str]):
    """``(result, comparison, focus)``: focused when outlets or events are chosen, compared."""
    focus = None
    if outlets or events:
        result, comparison, focus = focused(result, outlets, events)
    if comparison is None and tuple(result.articles):
        comparison = compare(result)
    return result, comparison, focus


def render_report(
    result,
    ledger: Sequence[LedgerEntry],
    *,
    comparison=None,
    title: str = "",
    demo: bool = False,
    accuracy: Mapping | None = None,
    jobs: int = 1,
    templates: Templates | Path | str | None = None,
    outlets: Sequence[str] = (),
    events: Sequence[str] = (),
    focus: Mapping | None = None,
    lexicons: Lexicons | None = None,
    handout: bool = False,
) -> tuple[str, str, dict[str, dict[str, bytes]], dict[str, bytes]]:
    """The report in memory: ``(html, markdown, chart files by name and format, CSV tables by name)``.

    ``templates``: a folder of templates searched before the built-in ones (see
    ``framing.report.render``), or ``report_templates(folder, lang)``. ``outlets``, ``events``:
    focus the report on them (``framing.report.focus``); ``focus`` says a ``comparison`` given
    is already focused. With ``handout``, the HTML is the handout (``handout.html``). Other
    parameters as in ``build_report``.
    """
    templates = _templates(templates)
    accuracy = classifier_accuracy() if accuracy is None else accuracy
    if outlets or events:
        result, comparison, focus = focused(result, outlets, events)
    analyses = tuple(result.articles)
    if not analyses:
        raise ReportError("no articles to report on (see the ledger: every input was skipped or a duplicate)")
    comparison = comparison if comparison is not None else compare(result)
    ledger, path_shown, comparison = _paths_shown_relative(ledger, analyses, comparison)
    # the events the events section sets side by side, each with its chart, and no chart of an
    # event it does not show (an event of one outlet has nothing to set side by side)
    shown_events = compared_events(comparison.grouping.events, {a.article.id: a for a in analyses})
    charts = {c.name: c for c in all_charts(comparison, events=shown_events, text=templates.text)}
    chart_files = render_all(list(charts.values()), jobs)
    view = report_view(
        comparison, ledger, analyses, charts, chart_files, accuracy=accuracy, demo=demo, title=title,
        focus=focus, notes=term_notes(lexicons if lexicons is not None else load_lexicons()),
        path_shown=path_shown,
    )  # fmt: skip
    page = "handout.html" if handout else "report.html"
    document, markdown = render_html(view, templates, page=page), render_markdown(view, templates)
    tables = report_tables(comparison, ledger)
    tables["README.md"] = tables_readme(tables, comparison.feature_names, templates.text)
    return document, markdown, chart_files, tables


def _write(folder: Path, document: str, markdown: str, chart_files, tables, page: str) -> None:
    (folder / "charts").mkdir()
    (folder / "tables").mkdir()
    (folder / page).write_text(document, encoding="utf-8")
    (folder / "report.md").write_text(markdown, encoding="utf-8")
    for name, files in chart_files.items():
        for fmt, data in files.items():
            (folder / "charts" / f"{name}.{fmt}").write_bytes(data)
    for name, data in tables.items():
        (folder / "tables" / name).write_bytes(data)


def build_report(
    result,
    ledger: Sequence[LedgerEntry],
    out_dir: Path | str,
    *,
    comparison=None,
    title: str = "",
    demo: bool = False,
    accuracy: Mapping | None = None,
    jobs: int = 1,
    inputs: Sequence[Path | str] = (),
    templates: Templates | Path | str | None = None,
    outlets: Sequence[str] = (),
    events: Sequence[str] = (),
    lexicons: Lexicons | None = None,
    handout: bool = False,
    pdf: bool = False,
) -> ReportFiles:
    """Write the report folder atomically: report.html, report.md, charts/, tables/.

    Parameters
    ----------
    result, ledger:
        A ``framing.analysis.article.AnalysisResult`` and what became of every input file.
    out_dir:
        A new or empty folder, or an earlier report (marked by ``.framing-report``), replaced
        only once the new one is complete; never one of ``inputs`` (the files and folders the
        report was made from), a folder holding one or one inside one, nor a file of ``ledger``.
    comparison:
        A ``Comparison`` to use instead of ``compare(result)``.
    demo:
        Adds the "constructed teaching examples" notice and title.
    accuracy:
        The claim classifier's measured accuracy (keys ``figures``, ``measured``, ``data``,
        ``caveat``); by default ``classifier_accuracy()``; ``{}`` leaves it out.
    jobs, templates:
        Processes that render the charts; ``report_templates(folder, lang)`` or a user folder.
    outlets, events:
        Only these outlets and events (ids of ``tables/events.csv``), see ``framing.report.focus``.
    lexicons, handout, pdf:
        The lexicons whose notes the cards show (default: built-in); handout.html in place of
        report.html; a PDF printed by headless Chromium too (``framing.report.pdf``).

    Raises ReportError when there is nothing to report on or a template is broken;
    ``framing.output.OutputError`` when ``out_dir`` may not be replaced or cannot be written.
    """
    out_dir = Path(out_dir)
    files = [e.path.split("#", 1)[0] for e in ledger if e.path]
    check = partial(check_report_folder, out_dir, inputs, input_files=files)
    check()
    if pdf:
        find_chromium()  # a browser missing for --pdf fails before the work, too
    templates = _templates(templates)  # a missing template folder fails before the work
    result, comparison, focus = _compared(result, comparison, outlets, events)
    rendered = render_report(
        result, ledger, comparison=comparison, title=title, demo=demo, accuracy=accuracy, jobs=jobs,
        templates=templates, focus=focus, lexicons=lexicons, handout=handout,
    )  # fmt: skip
    counts = _counts(result, comparison, ledger)
    return _write_folder(out_dir, check, rendered, handout=handout, pdf=pdf, **counts)


def _counts(result, comparison, ledger: Sequence[LedgerEntry]) -> dict:
    """The articles and events reported, and the inputs left out (a count and in words)."""
    return {
        "articles": len(tuple(result.articles)),
        "events": len(comparison.grouping.events),
        "left_out": sum(e.status is not LedgerStatus.INGESTED for e in ledger),
        "left_out_words": left_out_in_words(ledger, [a.article for a in result.articles]),
    }


def _write_folder(out_dir: Path, check, rendered, *, handout: bool, pdf: bool, **counts) -> ReportFiles:
    """Write the rendered report (and print its PDF) into a new folder that replaces ``out_dir``."""
    document, markdown, chart_files, tables = rendered
    page = "handout.html" if handout else "report.html"
    printed = Path(page).with_suffix(".pdf").name if pdf else ""
    with atomic_directory(out_dir, check=check) as tmp:
        _write(tmp, document, markdown, chart_files, tables, page)
        if printed:
            print_to_pdf(tmp / page, tmp / printed)
    return ReportFiles(
        out_dir=out_dir,
        html=out_dir / page,
        pdf=out_dir / printed if printed else None,
        markdown=out_dir / "report.md",
        charts=tuple(sorted(out_dir / "charts" / f"{n}.{f}" for n, fs in chart_files.items() for f in fs)),
        tables=tuple(sorted(out_dir / "tables" / n for n in tables)),
        **counts,
    )


__all__ = [
    "ReportError",
    "ReportFiles",
    "build_report",
    "classifier_accuracy",
    "demo_dir",
    "render_report",
]
