"""Bytes → text: the size limit, UTF-8 with or without BOM, UTF-16 with BOM, else GB18030/GBK or Big5.

Empty files, binary files and bytes no candidate decodes raise ``InputError`` with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from framing.errors import InputError


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; ``InputError`` when it is larger than ``max_bytes`` or cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path), f"too large: {size / 1e6:.1f} MB (limit {max_bytes / 1e6:.1f} MB, see --max-mb)"
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030/GBK or Big5.

    Raises ``InputError`` for empty and binary data and for bytes no candidate decodes.
    """
    if not data or data.isspace():  # as `not data.strip()`, without copying the bytes
        raise InputError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data)]
    else:
        if data.find(b"\x00", 0, 8192) >= 0:
            raise InputError(path, "binary file (NUL bytes)")
        candidates = [("utf-8", data)]
    for encoding, payload in candidates:
        try:
            return _check_text(payload.decode(encoding), path), encoding
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        raise InputError(path, "cannot decode: byte-order mark does not match the bytes")
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
    if best is None or best.chaos > 0.3:
        raise InputError(path, "cannot decode: not UTF-8, GB18030/GBK or Big5 text")
    encoding = best.encoding.replace("_", "-")
    return _check_text(str(best), path), encoding


def _check_text(text: str, path: str) -> str:
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > len(sample) * 0.05:
        raise InputError(path, "binary file (control characters)")
    if not text or text.isspace():
        raise InputError(path, "empty file (only whitespace)")
    return text
