"""Paths as the report shows them: relative to the inputs' common folder, never where they live.

A report handed to a class does not reveal the reader's folders, and a committed example
report stays the same on every machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence

# An absolute POSIX path inside a text (not the path part of a URL, not a relative path).
_ABSOLUTE_PATH = re.compile(r"(?<![\w/.:~-])/[^\s/:;,'\"()<>]+(?:/[^\s/:;,'\"()<>]+)*/?")

_WEB_ADDRESS = re.compile(r"https?://", re.I)


def relative_to_common(paths: Sequence[str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """Functions hiding where the reader's files live: ``(path, text)``. The first shows
    each path relative to the folder holding all of ``paths``; the second does the same to
    every absolute path inside a text (a ledger reason that names a folder).

    When the common folder is the filesystem root, or holds the home folder (``/home``
    for inputs of two users), a path relative to it would still tell where the files
    live: each path is then shown as its file name, as is a path outside that folder.
    """
    files = [p.split("#", 1)[0] for p in paths if p and not _WEB_ADDRESS.match(p)]
    home = os.path.abspath(os.path.expanduser("~"))
    try:
        root = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files]) if files else ""
    except ValueError:  # different drives
        root = os.path.abspath(os.sep)
    names_only = root == os.path.dirname(root) or home.startswith(root + os.sep)

    def relative(path: str) -> str:
        if not path or _WEB_ADDRESS.match(path):  # a page that was not fetched: its address
            return path
        file, hash, record = path.partition("#")
        shown = os.path.relpath(os.path.abspath(file), root) if not names_only else ".."
        if shown.startswith(".."):
            shown = os.path.basename(file.rstrip(os.sep)) or file
        return shown + hash + record

    def hidden(text: str) -> str:
        return _ABSOLUTE_PATH.sub(lambda match: relative(match.group()), text) if text else text

    return relative, hidden
