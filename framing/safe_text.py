"""Text from input files made safe to show: on a terminal, in a spreadsheet, as a file name.

Titles, file names and reasons come from files anyone may have written. Three places
would otherwise take them at their word:

* a terminal runs escape sequences (``ESC [ …``) and a bidi override (U+202E) reverses
  what follows it on the line: ``printable`` removes every such character;
* a spreadsheet runs a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula
  (``=HYPERLINK(…)``): ``csv_safe_cell`` and ``csv_safe_frame`` prefix ``'`` to such text,
  never to a number, and every CSV the tool writes goes through them;
* a file name is bytes, not always UTF-8: ``display_path`` shows undecodable bytes as
  ``\\xff`` and control or bidi characters as ``\\x1b`` / ``\\u202e``, so the name can be
  printed, written to JSON and CSV, and still be told apart from its neighbours.

Article text is cleaned of the same characters once, at ingest (``framing.ingest.normalize.strip_invisible``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# C0 controls but tab and newline, DEL and the C1 controls.
CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidi embeddings, overrides and isolates, and the left-to-right / right-to-left marks:
# they reorder the text around them on screen.
BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero-width characters: invisible, and inside a word they hide it from a search.
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
SURROGATES = "\ud800-\udfff"

_NOT_PRINTABLE = re.compile(f"[{CONTROL}{BIDI}{ZERO_WIDTH}{SURROGATES}]")
_NOT_PRINTABLE_OR_NEWLINE = re.compile(f"[\n{CONTROL}{BIDI}{ZERO_WIDTH}{SURROGATES}]")
_ESCAPED_IN_NAMES = re.compile(f"[\t\n{CONTROL}{BIDI}{ZERO_WIDTH}{SURROGATES}]")


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` without control characters (tab kept), bidi controls and zero-width
    characters, for a terminal; a newline becomes a space unless ``keep_newlines``; a lone
    surrogate (a byte of a file name that is not UTF-8) is written ``\\xNN``.

    Examples
    --------
    >>> printable("a\\x1b[31mred\\u202eb")
    'a[31mredb'
    """
    pattern = _NOT_PRINTABLE if keep_newlines else _NOT_PRINTABLE_OR_NEWLINE
    return pattern.sub(_printable_or_nothing, str(text))


def _printable_or_nothing(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return " "
    if "\udc80" <= char <= "\udcff":  # os.fsdecode's stand-in for the byte 0x80–0xff
        return f"\\x{ord(char) - 0xDC00:02x}"
    if "\ud800" <= char <= "\udfff":
        return f"\\u{ord(char):04x}"
    return ""


def display_path(path: Path | str | bytes) -> str:
    """A file name as text that can always be printed and written (UTF-8, one line).

    Bytes that are not UTF-8 (``os.fsdecode`` kept them as lone surrogates) are written
    ``\\xNN``; control, bidi and zero-width characters ``\\xNN`` / ``\\uNNNN``.
    """
    name = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    try:
        raw = name.encode("utf-8", "surrogateescape")  # the bytes os.fsdecode read
    except UnicodeEncodeError:  # a surrogate that no file name's bytes gave
        raw = name.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    if not _ESCAPED_IN_NAMES.search(text):
        return text
    return _ESCAPED_IN_NAMES.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# What a spreadsheet reads as the start of a formula (tab and carriage return too: some
# strip them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'``; any other
    value (numbers, negative ones included, dates, missing values) as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_frame(frame):
    """A copy of a pandas DataFrame with ``csv_safe_cell`` applied to its text cells
    (object and string columns, and the index); numeric and date columns untouched.
    The frame itself when no cell needs it."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    def is_text(dtype) -> bool:
        return is_object_dtype(dtype) or is_string_dtype(dtype)

    changed = {}
    for position in range(frame.shape[1]):  # by position: column names may repeat
        column = frame.iloc[:, position]
        if is_text(column.dtype):
            safe = column.map(csv_safe_cell)
            if not safe.equals(column):
                changed[position] = safe
    index = frame.index
    safe_index = index.map(csv_safe_cell) if is_text(index.dtype) else index
    if not changed and safe_index.equals(index):
        return frame
    frame = frame.copy()
    for position, safe in changed.items():
        frame.isetitem(position, safe)
    frame.index = safe_index
    return frame
