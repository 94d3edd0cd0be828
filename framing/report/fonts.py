"""The Chinese font for charts and the HTML report, from a pip-installed package.

Noto Sans SC (SIL Open Font License 1.1) comes from the ``pylopdf-fonts-zh-cn`` wheel as a
single-face ``.otf``. A ``.ttc`` collection would give matplotlib the Japanese face first
(wrong glyph forms for Chinese); a system font would need a package step a fresh machine
does not have.

- ``matplotlib_family()`` registers the font with matplotlib once and returns the font
  family list to put in ``rcParams``-style ``font.family`` (matplotlib falls back only
  across the families named there).
- ``css_font_face(text)`` returns an ``@font-face`` rule embedding, as base64 WOFF, a subset
  of the font holding just the characters of ``text``, so the report renders offline.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

from framing.errors import FramingError

FAMILY = "Noto Sans SC"
CSS_FAMILY = "FramingNotoSansSC"  # a private name, so a system "Noto Sans SC" is never mixed in


class FontError(FramingError):
    """The Chinese font is missing or unreadable."""


def font_path() -> Path:
    """Path of the Noto Sans SC ``.otf`` shipped by ``pylopdf-fonts-zh-cn``."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:
        raise FontError("the Chinese font package is not installed: pip install pylopdf-fonts-zh-cn") from exc
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise FontError(f"the Chinese font file is missing: {path}")
    return path


@cache
def matplotlib_family() -> tuple[str, ...]:
    """Register Noto Sans SC with matplotlib and return ``(FAMILY, "DejaVu Sans")`` for ``font.family``."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return (FAMILY, "DejaVu Sans")


def subset_font(text: str) -> bytes:
    """WOFF bytes of the font reduced to the characters in ``text`` (plus ASCII)."""
    from fontTools import subset

    characters = set(text) | {chr(c) for c in range(0x20, 0x7F)}
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(font_path()), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        font.close()  # fontTools keeps the file open otherwise
    return buffer.getvalue()


def css_font_face(text: str) -> str:
    """An ``@font-face`` rule for ``CSS_FAMILY`` with the subset for ``text`` as a data: URL."""
    data = base64.b64encode(subset_font(text)).decode("ascii")
    return (
        f"@font-face {{ font-family: '{CSS_FAMILY}'; font-style: normal; font-weight: 400; "
        f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
    )
