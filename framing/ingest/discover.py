"""Finding the input files: folders walked in sorted order, each once; what is not read gets its reason.

Skipped with their reason: missing paths, broken links, hidden files and folders, report
folders framing wrote, symbolic links leading outside the input folders (unless
``follow_links``), and links back to a folder already read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from framing.model import LedgerEntry, LedgerStatus
from framing.output import is_report_folder
from framing.safe_text import display_path, printable


def discover_files(
    paths: Iterable[Path | str | LedgerEntry] | Path | str, *, follow_links: bool = False
) -> list[Path | LedgerEntry]:
    """The files under ``paths`` in sorted order; everything not read as a ledger entry (an
    entry among ``paths``, made by ``inputs.gather_inputs``, is passed on as it is).

    Skipped with their reason: missing paths, broken links, hidden files and folders
    (``.name``: listed, never read), symbolic links that lead outside the folders in
    ``paths`` (unless ``follow_links``), and links back to a folder already read (a loop,
    or a second way into the same folder: each folder is walked once).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = [raw if isinstance(raw, LedgerEntry) else Path(raw) for raw in paths]
    roots = None if follow_links else tuple(os.path.realpath(p) for p in paths if _is_folder(p))
    walked: dict[str, Path] = {}  # real folder → the path it was first read under
    found: list[Path | LedgerEntry] = []
    for path in paths:
        if isinstance(path, LedgerEntry):
            found.append(path)
        elif path.is_symlink() and not path.exists():
            found.append(skipped(path, "broken symlink"))
        elif path.is_dir() and is_report_folder(path):
            found.append(skipped(path, "framing report folder"))
        elif path.is_dir():
            found.extend(_walk(path, frozenset(), walked, roots))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            found.append(skipped(path, "not a regular file"))
        else:
            found.append(skipped(path, "no such file or folder"))
    return found


def _is_folder(path: Path | LedgerEntry) -> bool:
    return isinstance(path, Path) and path.is_dir()


_LEAVES_INPUT = "symlink leads outside the input folders (--follow-links reads it)"


def _walk(
    folder: Path, ancestors: frozenset[str], walked: dict[str, Path], roots: tuple[str, ...] | None
) -> Iterator[Path | LedgerEntry]:
    real = os.path.realpath(folder)
    if real in ancestors:
        yield skipped(folder, "symlink loop: leads back to a folder it is in")
        return
    if real in walked:
        what = "symlink to a folder" if folder.is_symlink() else "folder"
        yield skipped(folder, f"{what} already read as {display_path(walked[real])}")
        return
    walked[real] = folder
    ancestors = ancestors | {real}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield skipped(folder, f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.name.startswith("."):  # .git, .DS_Store, an editor's .article.md.swp
                yield skipped(path, "hidden folder" if entry.is_dir() else "hidden file")
            elif entry.is_symlink() and not path.exists():
                yield skipped(path, "broken symlink")
            elif entry.is_dir() and is_report_folder(path):
                yield skipped(path, "framing report folder")
            elif entry.is_symlink() and roots is not None and not _inside(os.path.realpath(path), roots):
                yield skipped(path, _LEAVES_INPUT)
            elif entry.is_dir():
                yield from _walk(path, ancestors, walked, roots)
            elif entry.is_file():
                yield path
            else:
                yield skipped(path, "not a regular file")
        except OSError as exc:
            yield skipped(path, f"cannot read: {exc.strerror or exc}")


def _inside(real: str, roots: tuple[str, ...]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` or lies under one."""
    for root in roots:
        try:
            if os.path.commonpath([real, root]) == root:
                return True
        except ValueError:  # another drive
            continue
    return False


def skipped(path: Path | str, reason: str, fmt: str = "") -> LedgerEntry:
    """The ledger entry of a path not read, with its reason as one printable line (it may
    quote the file: a column name, a YAML problem)."""
    return LedgerEntry(display_path(path), LedgerStatus.SKIPPED, printable(reason), format=fmt)
