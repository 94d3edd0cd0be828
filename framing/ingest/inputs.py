"""The inputs of a run as files: web addresses fetched and standard input saved into a folder the
user keeps, then every path walked (``discover``); what cannot be had becomes a ledger entry.

    found = gather_inputs(["corpus/", "https://example.com/news/1.html", "-"], InputSources())

* A web address (``http://`` or ``https://``; a ``Path`` that collapsed ``https://`` to
  ``https:/`` is read as the address it was) is fetched as ``framing fetch`` does
  (``fetch.fetch_urls``) into ``InputSources.folder``, ``fetched/`` in the current folder by
  default. An address fetched into that folder before is read from its file, not downloaded
  again (the file's front matter names the address), so a run can be repeated offline and
  gives the same report; delete the file to fetch the page again.
* ``-`` is one article read from standard input, saved in the same folder as Markdown with
  front matter (``title``, ``outlet``, ``date`` when given) under a name made from its
  content (``pasted-<hash>.md``), so the same text pasted twice is one file.
* Everything else goes to ``discover_files``.

A row of the manifest that cannot be applied (a file that does not exist, a date that cannot
be read: ``manifest.manifest_warnings``) becomes a ``skipped`` ledger entry named
``manifest.csv:LINE``. Each address or paste that gives no file becomes a ``skipped``
ledger entry with its reason (``HTTP 404 (Not Found)``, ``timed out after 20 s``,
``fetching web pages needs trafilatura …``); ``InputSources.on_saved`` hears of each file
saved or reused (the command line prints one line each).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from framing.errors import FramingError, InputError
from framing.ingest.decode import decode_bytes
from framing.ingest.discover import discover_files, skipped
from framing.ingest.fetch import FetchOptions, fetch_urls, save_new_file
from framing.ingest.manifest import Manifest, manifest_warnings
from framing.model import LedgerEntry, LedgerStatus

STDIN = "-"
DEFAULT_FOLDER = Path("fetched")
_WEB = re.compile(r"^https?:/{1,2}(?=[^/])", re.I)
FETCHED_BEFORE = "fetched before: read from its file (delete it to fetch again)"
_FRONT_URL = re.compile(r"^(?:url|requested_url):\s*['\"]?(\S+?)['\"]?\s*$", re.M)


@dataclass(frozen=True)
class InputSources:
    """Where inputs that are not files go, and what is said about pasted text.

    Parameters
    ----------
    folder : where fetched pages and pasted text are saved (created when needed; no file in
        it is replaced).
    fetch : download settings (time limit, size limit …) for web addresses.
    title, outlet, date : written into the front matter of the text read from standard input.
    stdin : the stream ``-`` reads (default: this process's standard input).
    max_bytes : pasted text longer than this is refused.
    on_saved : called as ``on_saved(given, path, note)`` for each address or paste saved or
        reused (the command line prints one line each).
    """

    folder: Path = DEFAULT_FOLDER
    fetch: FetchOptions = field(default_factory=FetchOptions)
    title: str = ""
    outlet: str = ""
    date: str = ""
    stdin: BinaryIO | None = None
    max_bytes: int = 10 * 1024 * 1024
    on_saved: Callable[[str, Path, str], None] | None = field(default=None, compare=False, repr=False)


def web_input(given: Path | str) -> str:
    """The web address ``given`` names (a ``Path`` turns ``https://`` into ``https:/``: the
    slash is put back), or ``""`` when it is not one."""
    text = str(given)
    match = _WEB.match(text)
    if match is None:
        return ""
    scheme = text[: text.index(":")]
    return f"{scheme}://{text[match.end() :]}"


def needs_sources(paths: Iterable[Path | str]) -> bool:
    """Whether any of ``paths`` is a web address or ``-`` (the run will save files)."""
    return any(str(p) == STDIN or web_input(p) for p in paths)


def gather_inputs(
    paths: Iterable[Path | str] | Path | str,
    sources: InputSources | None = None,
    *,
    follow_links: bool = False,
    manifest: Manifest | None = None,
) -> list[Path | LedgerEntry]:
    """The files of ``paths`` in order, web addresses and ``-`` replaced by the files saved
    for them; everything that gives no file as a ledger entry (see the module docstring),
    and one entry for each row of ``manifest`` that cannot be applied."""
    if isinstance(paths, str | Path):
        paths = [paths]
    sources = sources or InputSources()
    local: list[Path | str] = []
    failed: list[LedgerEntry] = []
    paths = list(paths)
    fetched = _fetch_all([a for p in paths if (a := web_input(p))], sources, failed)
    for given in paths:
        if address := web_input(given):
            if address in fetched:
                local.append(fetched[address])
        elif str(given) == STDIN:
            pasted = _save_stdin(sources, failed)
            if pasted is not None:
                local.append(pasted)
        else:
            local.append(given)
    found = discover_files(list(dict.fromkeys(local)), follow_links=follow_links)
    if manifest is not None:
        given = [p for p in local if isinstance(p, Path | str)]
        warned = manifest_warnings(manifest, [Path(p) for p in given])
        failed.extend(
            LedgerEntry(where, LedgerStatus.SKIPPED, reason, format="manifest") for where, reason in warned
        )
    return [*failed, *found]


def _fetch_all(
    addresses: list[str],
    sources: InputSources,
    failed: list[LedgerEntry],
) -> dict[str, Path]:
    """Each address's file: one fetched before into the folder, or fetched now."""
    on_saved = sources.on_saved
    if not addresses:
        return {}
    known = fetched_before(sources.folder)
    files: dict[str, Path] = {}
    new = []
    for address in dict.fromkeys(addresses):
        if address in known:
            files[address] = known[address]
            if on_saved:
                on_saved(
                    address, known[address], "fetched before: read from its file (delete it to fetch again)"
                )
        else:
            new.append(address)
    try:
        for outcome in fetch_urls(new, sources.folder, sources.fetch):
            if outcome.path is None:
                failed.append(skipped(outcome.url, f"not fetched: {outcome.reason}", "web page"))
                continue
            files[outcome.url] = outcome.path
            if on_saved:
                on_saved(outcome.url, outcome.path, outcome.note)
    except FramingError as exc:  # no trafilatura, or a folder that cannot take the files
        reason = getattr(exc, "reason", "") or str(exc)
        failed.extend(skipped(a, f"not fetched: {reason}", "web page") for a in new if a not in files)
    return files


def fetched_before(folder: Path) -> dict[str, Path]:
    """The addresses of the pages saved in ``folder`` by an earlier fetch (their front matter's
    ``url`` and ``requested_url``), each with its file; the first file (by name) wins."""
    found: dict[str, Path] = {}
    try:
        files = sorted(p for p in folder.glob("*.md") if p.is_file())
    except OSError:
        return found
    for path in files:
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                head = handle.read(4096)
        except OSError:
            continue
        if not head.startswith("---"):
            continue
        front = head.split("\n---", 1)[0]
        if "fetched:" not in front:
            continue
        for address in _FRONT_URL.findall(front):
            found.setdefault(address, path)
    return found


def _save_stdin(
    sources: InputSources,
    failed: list[LedgerEntry],
) -> Path | None:
    """Standard input saved as one Markdown article (``pasted-<hash>.md``); ``None`` with a
    ledger entry when it is empty, too large or not text."""
    stream = sources.stdin if sources.stdin is not None else sys.stdin.buffer
    try:
        data = stream.read(sources.max_bytes + 1)
        if len(data) > sources.max_bytes:
            raise InputError(STDIN, f"too large: over {sources.max_bytes // (1024 * 1024)} MB")
        text, _ = decode_bytes(data, "standard input")
    except InputError as exc:
        failed.append(skipped("standard input", exc.reason, "pasted text"))
        return None
    except OSError as exc:
        failed.append(skipped("standard input", f"cannot read: {exc.strerror or exc}", "pasted text"))
        return None
    document = pasted_markdown(text, sources)
    stem = "pasted-" + hashlib.sha1(document.encode("utf-8")).hexdigest()[:12]
    existing = sources.folder / f"{stem}.md"
    try:
        if existing.is_file() and existing.read_text(encoding="utf-8") == document:
            path, note = existing, "the same text was saved before: read from its file"
        else:
            path, note = save_new_file(sources.folder, stem, document)
    except (OSError, UnicodeDecodeError) as exc:
        failed.append(skipped("standard input", f"cannot save: {getattr(exc, 'strerror', None) or exc}"))
        return None
    if sources.on_saved:
        sources.on_saved("standard input", path, note)
    return path


def pasted_markdown(text: str, sources: InputSources) -> str:
    """Pasted text as a Markdown file: front matter with the given title, outlet and date,
    then the text as it came (a text with front matter of its own is kept as it is)."""
    import yaml

    text = text.replace("\r\n", "\n").strip("\n") + "\n"
    fields = {"title": sources.title, "outlet": sources.outlet, "date": sources.date}
    fields = {k: v for k, v in fields.items() if v}
    if text.startswith("---\n") or not fields:
        return text
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{front}---\n\n{text}"
