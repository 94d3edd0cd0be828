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
CacheOption = Annotated[
    bool,
    typer.Option(help="Reuse results of unchanged files ($FRAMING_CACHE_DIR, else ~/.cache/framing)."),
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
):
    """The command line's ingest flags as one ``IngestOptions``, built once."""
    from framing.ingest.load import IngestOptions

    return IngestOptions(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        lexicons=tuple(lexicon or ()),
        max_bytes=int(max_mb * 1024 * 1024),
        all_stories=all_stories,
        follow_links=follow_links,
    )


def run_options(ingest, *, jobs: int | None, cache: bool):
    """The pipeline's ``RunOptions``: ingest settings, processes, and the cache folder."""
    import os

    from framing.paths import default_cache_dir
    from framing.pipeline.run import RunOptions

    return RunOptions(
        ingest=ingest, jobs=jobs or os.cpu_count() or 1, cache_dir=default_cache_dir() if cache else None
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
            typer.echo(f"framing: {say(exc)}", err=True)
            bad += 1
    if bad:
        raise typer.Exit(1)


@app.command("ingest")
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="News files or folders (formats detected from content).")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Articles file: JSONL, or Parquet if it ends in .parquet.")
    ],
    ledger: Annotated[
        Path | None, typer.Option(help="Ledger file (JSONL); default: next to --out as <name>.ledger.jsonl.")
    ] = None,
    outlet: OutletOption = None,
    outlet_map: OutletMapOption = None,
    manifest: ManifestOption = None,
    max_mb: MaxMbOption = 10.0,
    all_stories: AllStoriesOption = False,
    lexicon: LexiconOption = None,
    follow_links: FollowLinksOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")] = False,
) -> None:
    """Read news files into normalised articles, with a ledger of every input file."""
    import json

    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from framing.ingest import load as ingest_api
    from framing.model import LedgerStatus
    from framing.output import atomic_write_bytes, atomic_write_text, check_output_file

    options = ingest_options(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        max_mb=max_mb,
        all_stories=all_stories,
        lexicon=lexicon,
        follow_links=follow_links,
    )
    console = Console(stderr=True)
    articles, entries = [], []
    ledger = ledger or out.with_name(out.name.split(".", 1)[0] + ".ledger.jsonl")
    try:
        inputs = (*paths, *options.option_files)
        check_output_file(out, inputs)
        check_output_file(ledger, inputs)
        if _same_file(ledger, out):
            fail(f"cannot write {ledger}: the ledger would overwrite the articles file")
        files = ingest_api.discover_files(paths, follow_links=follow_links)
        with Progress(console=console, transient=True, disable=quiet or len(files) < 20) as progress:
            task = progress.add_task("ingesting", total=len(files))
            done: set[str] = set()
            for article, entry in ingest_api.iter_articles(paths, options):
                entries.append(entry)
                if article is not None:
                    articles.append(article)
                done.add(entry.path.split("#", 1)[0])
                progress.update(task, completed=len(done))
        if not articles:
            reasons = sorted({e.reason for e in entries if e.reason}) or ["no input files"]
            fail(f"nothing ingested from {len(entries)} input(s): {reasons[0]}")
        if out.suffix.lower() == ".parquet":
            atomic_write_bytes(out, ingest_api.articles_to_parquet(articles))
        else:
            atomic_write_text(out, ingest_api.articles_to_jsonl(articles))
        atomic_write_text(
            ledger,
            "".join(json.dumps(ingest_api.ledger_to_record(e), ensure_ascii=False) + "\n" for e in entries),
        )
    except FramingError as exc:
        fail(str(exc))
    if not quiet:
        table = Table(title=f"framing ingest: {len(articles)} articles")
        table.add_column("status / outlet")
        table.add_column("count", justify="right")
        for key, count in ingest_api.summarize(articles, entries).items():
            table.add_row(say(key), str(count))
        console.print(table)
        for entry in entries:
            if entry.status is LedgerStatus.SKIPPED:
                console.print(
                    say(f"skipped {entry.path}: {entry.reason}"),
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
        console.print(
            f"articles: {say(out)}\nledger: {say(ledger)}", markup=False, highlight=False, soft_wrap=True
        )


def _same_file(first: Path, second: Path) -> bool:
    import os

    return os.path.realpath(first) == os.path.realpath(second)


@lexicon_app.command("show")
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
                typer.echo(f"{name}\t{len(entries)} entries\t{entries.schema.description}")
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


ANALYZE_FORMATS = ("table", "csv", "jsonl", "parquet")
# Columns of --format table: enough to compare articles at a glance.
TABLE_COLUMNS = (
    "outlet",
    "title",
    "tokens",
    "loaded_term_density",
    "attributed_share",
    "editorial_share",
    "factual_share",
    "sources",
    "opinion_labelled",
)


@app.command("analyze")
def analyze_command(
    paths: Annotated[
        list[Path], typer.Argument(help="News files or folders (formats detected from content).")
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {' | '.join(ANALYZE_FORMATS)}.")
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
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
) -> None:
    """Label sentences, find sources and loaded terms, and compute one feature row per article."""
    if format not in ANALYZE_FORMATS:
        fail(f"unknown format {format!r}; formats: {', '.join(ANALYZE_FORMATS)}", 2)
    if format == "parquet" and out is None:
        fail("--format parquet needs --out FILE", 2)
    from framing.model import LedgerStatus
    from framing.pipeline.run import run

    ingest = ingest_options(
        outlet=outlet,
        outlet_map=outlet_map,
        manifest=manifest,
        max_mb=max_mb,
        all_stories=all_stories,
        lexicon=lexicon,
        follow_links=follow_links,
    )
    options = run_options(ingest, jobs=jobs, cache=cache)
    from framing.workers import no_gc_pauses

    try:
        if out is not None:
            from framing.output import check_output_file

            check_output_file(out, (*paths, *ingest.option_files))
        # the results are many small objects kept to the end of the command: see no_gc_pauses
        with no_gc_pauses(freeze=True):
            outcome = run(paths, options)
            data = _render_analysis(outcome.analysis, format) if outcome.analysis.articles else b""
        for entry in outcome.ledger:
            if entry.status is LedgerStatus.SKIPPED:
                typer.echo(f"framing: {say(f'skipped {entry.path}: {entry.reason}')}", err=True)
        if outcome.cache_warning:
            typer.echo(f"framing: {say(outcome.cache_warning)}", err=True)
        if not outcome.analysis.articles:
            fail(f"no article to analyse in {len(outcome.ledger)} input(s)")
        if out is None:
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            from framing.output import atomic_write_bytes

            atomic_write_bytes(out, data)
    except FramingError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[
        Path, typer.Argument(help="A labelled set (JSON, as ../shared/eval/ANNOTATION.md describes).")
    ],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders holding the labelled articles.")],
    also: Annotated[
        list[Path] | None,
        typer.Option("--gold", help="Another labelled set scored with the first (repeatable)."),
    ] = None,
    cv: Annotated[
        str | None,
        typer.Option(
            help="'outlet': leave-one-outlet-out cross-validation of rules, model and the two combined."
        ),
    ] = None,
    rules_only: Annotated[bool, typer.Option(help="Score the rules alone, without the model.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text | json.")] = "text",
    manifest: ManifestOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Score sentence labels and sources against labelled articles (per class, with intervals)."""
    import json

    if cv not in (None, "outlet"):
        fail(f"unknown --cv {cv!r}; the one kind is 'outlet'", 2)
    if format not in ("text", "json"):
        fail(f"unknown format {format!r}; formats: text, json", 2)
    from framing.evaluate import cross_validate, load_gold, score
    from framing.evaluate.crossval import predictions
    from framing.evaluate.runner import analyse_labelled

    try:
        labelled = [a for path in (gold, *(also or ())) for a in load_gold(path)]
        options = ingest_options(
            outlet=None, outlet_map=None, manifest=manifest, max_mb=10.0, all_stories=False, lexicon=lexicon
        )
        files = analyse_labelled(labelled, paths, use_model=not (rules_only or cv), options=options)
        if not files:
            fail(f"none of the {len(labelled)} labelled files was found under the given paths")
        if cv:
            results = cross_validate(files)
            if format == "json":
                typer.echo(
                    json.dumps({r.variant: r.scores.to_dict() for r in results}, ensure_ascii=False, indent=1)
                )
                return
            for r in results:
                typer.echo(f"== {r.variant} (leave one outlet out, {len(r.folds)} outlets) ==")
                typer.echo(r.scores.to_text() + "\n")
            typer.echo("variant    macro-F1  A F1  E F1  F F1  sources F1  kind  not-body")
            for r in results:
                s = r.scores
                a, e, f = (c.f1 for c in s.classes)
                typer.echo(
                    f"{r.variant:<10} {s.macro_f1:>8.3f} {a:>5.2f} {e:>5.2f} {f:>5.2f} {s.sources_f1:>11.2f} "
                    f"{s.kind_accuracy:>5.2f} {s.nonbody_accuracy:>9.2f}"
                )
            return
        scores = score(labelled, predictions(files))
        typer.echo(
            json.dumps(scores.to_dict(), ensure_ascii=False, indent=1)
            if format == "json"
            else scores.to_text()
        )
    except FramingError as exc:
        fail(str(exc))


def _render_analysis(result, format: str) -> bytes:
    """The analysis in one of ``ANALYZE_FORMATS`` as bytes (UTF-8 for the text formats)."""
    if format == "jsonl":
        import json

        from framing.analysis.article import analysis_to_record

        lines = (json.dumps(analysis_to_record(a), ensure_ascii=False) for a in result.articles)
        return "".join(line + "\n" for line in lines).encode("utf-8")
    if format == "csv":
        from framing.analysis.article import feature_csv

        return feature_csv(result.articles).encode("utf-8")  # without pandas
    table = result.features
    if format == "parquet":
        import io

        buffer = io.BytesIO()
        try:
            table.to_parquet(buffer)
        except ImportError:
            fail("--format parquet needs pyarrow: pip install 'framing[parquet]'")
        return buffer.getvalue()
    shown = table[list(TABLE_COLUMNS)].copy()
    shown["title"] = shown["title"].str.slice(0, 18)
    shown.index = shown.index.str.slice(0, 8)
    import pandas as pd

    # Chinese characters are two columns wide in a terminal; pandas pads by code points otherwise.
    with pd.option_context("display.unicode.east_asian_width", True):
        return (shown.to_string(float_format=lambda v: f"{v:.2f}") + "\n").encode("utf-8")


@app.command("report")
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
    out = out or Path("reports/demo" if not paths else "reports/latest")
    from framing.workers import no_gc_pauses

    try:
        with no_gc_pauses(freeze=True):  # see no_gc_pauses: a command exits soon after
            files = report_from_paths(paths or [], out, run_options(ingest, jobs=jobs, cache=cache))
    except FramingError as exc:
        fail(str(exc))
    typer.echo(f"{say(files.summary())}\nreport: {say(files.html)}\nmarkdown: {say(files.markdown)}")
    typer.echo(f"charts and tables: {say(files.out_dir)}")
