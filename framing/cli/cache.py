"""``framing cache info`` and ``framing cache clear``: the results store, where it is and what it holds."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from framing.cli.options import fail, say


def cache_info() -> None:
    """Print where the results store is, its size, and what it holds for each setting."""
    from framing.analysis.features import feature_names
    from framing.paths import default_cache_dir
    from framing.pipeline.store_file import store_summary

    summary = store_summary(default_cache_dir(), feature_names())
    typer.echo(f"results store: {say(summary['path'])} ({summary['bytes'] / 1e6:.1f} MB)")
    if summary["problem"]:
        typer.echo(f"framing: {say(summary['problem'])}", err=True)
    settings = summary["settings"]
    if not settings:
        typer.echo("no results stored")
        return
    typer.echo(
        f"{len(settings)} setting(s) (a new one starts when the framing version, the ingest options, "
        "the lexicons or the claim model change):"
    )
    for setting in settings:
        used = datetime.fromtimestamp(setting["last_used_ns"] / 1e9, UTC).strftime("%Y-%m-%d %H:%M UTC")
        typer.echo(
            f"  {setting['key']}: {setting['files']} files, {setting['articles']} articles; last used {used}"
        )
        typer.echo(f"    {say(_described(setting['description']))}")


def _described(description: dict) -> str:
    """A setting in one line: the versions, and the ingest options not at their defaults."""
    from framing.ingest import IngestOptions
    from framing.pipeline.run import ingest_description

    defaults = ingest_description(IngestOptions())
    options = description.get("ingest options", {})
    changed = [f"{name}={value}" for name, value in options.items() if defaults.get(name) != value]
    return (
        f"framing {description.get('framing')}, lexicons {str(description.get('lexicons'))[:12]}, "
        f"claim model {str(description.get('claim model'))[:12]}, "
        f"options: {', '.join(changed) if changed else 'defaults'}"
    )


def cache_clear() -> None:
    """Remove the results store (only the database files framing made in the cache folder)."""
    from framing.paths import default_cache_dir
    from framing.pipeline.store_file import clear_store, unsafe_folder_reason

    folder = default_cache_dir()
    refused = unsafe_folder_reason(folder)
    if refused:
        fail(refused)
    try:
        removed = clear_store(folder)
    except OSError as exc:
        fail(f"cannot remove the results store in {folder}: {exc.strerror or exc}")
    if removed:
        typer.echo(f"removed {', '.join(say(p.name) for p in removed)} from {say(folder)}")
    else:
        typer.echo(f"no results store in {say(folder)}")
