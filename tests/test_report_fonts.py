"""The embedded font: Noto Sans SC from the pip package, subset to the characters used."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from framing.report.fonts import CSS_FAMILY, FAMILY, css_font_face, font_path, subset_font


def cmap_of(data: bytes) -> set[str]:
    font = TTFont(io.BytesIO(data))
    return {chr(code) for code in font.getBestCmap()}


def test_font_is_a_single_simplified_chinese_face():
    path = font_path()
    assert path.suffix == ".otf"  # not a .ttc collection, whose first face is Japanese
    font = TTFont(str(path))
    assert font["name"].getDebugName(1) == FAMILY


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("中俄联合声明", set("中俄联合声明") | {"A"}, {"霸", "權"}),
        ("習近平 蒲亭 普丁", set("習近平蒲亭普丁"), {"中"}),  # traditional characters too
        ("", {"a", "Z"}, {"中"}),
    ],
)
def test_subset_holds_exactly_the_text_used(text, present, absent):
    glyphs = cmap_of(subset_font(text))
    assert present <= glyphs
    assert not (absent & glyphs)


def test_css_rule_embeds_woff_as_data_url():
    rule = css_font_face("中俄")
    assert f"font-family: '{CSS_FAMILY}'" in rule
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", rule).group(1)
    woff = base64.b64decode(data)
    assert woff[:4] == b"wOFF" and {"中", "俄"} <= cmap_of(woff)
