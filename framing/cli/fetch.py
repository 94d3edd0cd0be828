"""``framing fetch``: web pages of articles in, one Markdown file per article out, one line per URL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.cli.options import fail, say
from framing.errors import FramingError


def fetch_command(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder to save the articles in; created if missing, no file in it replaced."
        ),
    ],
    urls: Annotated[
        list[str] | None, typer.Argument(help="Web addresses of articles (http:// or https://).")
    ] = None,
    url_list: Annotated[
        Path | None,
        typer.Option("--list", help="Text file of web addresses, one a line (# starts a comment)."),
    ] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds one page may take to download.")] = 20.0,
    max_mb: Annotated[
        float, typer.Option(min=0.01, help="Skip pages larger than this many megabytes.")
    ] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only failures and the summary.")] = False,
) -> None:
    """Download news articles from the web into a folder that `framing ingest` reads.

    Each page becomes a Markdown file with its title, date, author, outlet, URL and fetch time.
    Every address gets one line: the file saved, or why it was not.
    """
    from framing.ingest.fetch import FetchOptions, fetch_urls

    addresses = [*(urls or ()), *_read_list(url_list)]
    if not addresses:
        fail("no web addresses given (as arguments or with --list)")
    options = FetchOptions(timeout=timeout, max_bytes=int(max_mb * 1024 * 1024))
    saved = 0
    try:
        for outcome in fetch_urls(addresses, out, options):
            if outcome.saved:
                saved += 1
                if not quiet:
                    typer.echo(say(f"saved {outcome.url} → {outcome.path}"))
                if outcome.note:
                    typer.echo(say(f"note: {outcome.note}"), err=True)
            else:
                typer.echo(say(f"failed {outcome.url}: {outcome.reason}"), err=True)
    except FramingError as exc:
        fail(str(exc))
    if not saved:
        fail(f"nothing fetched: none of {len(addresses)} address(es) gave an article")
    typer.echo(say(f"framing fetch: {saved} of {len(addresses)} article(s) saved in {out}"), err=True)


def _read_list(path: Path | None) -> list[str]:
    """The addresses in a ``--list`` file: one a line, blank lines and ``#`` comments skipped."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]
