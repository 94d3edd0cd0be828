"""Traditional → simplified, aliases and full-width folding keep a map back to the original."""

from __future__ import annotations

import pytest

from framing.ingest.normalize import (
    AliasTable,
    fullwidth_to_halfwidth,
    normalize_text,
    script_of,
    to_simplified,
)
from framing.lexicon import load_lexicons
from framing.model import Article

ALIASES = AliasTable.from_table(load_lexicons()["aliases"])


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("俄羅斯總統蒲亭與習近平會晤", "俄罗斯总统普京与习近平会晤"),
        ("普丁訪問北京", "普京访问北京"),
        ("川普與普丁", "特朗普与普京"),
        ("ＮＡＴＯ東擴１０年", "NATO东扩10年"),
        ("中俄关系（新华社）", "中俄关系（新华社）"),  # Chinese punctuation stays full-width
        ("", ""),
    ],
)
def test_normalize_text(original, expected):
    assert normalize_text(original, ALIASES).text == expected


@pytest.mark.parametrize(
    ("original", "needle", "source"),
    [
        ("川普與普丁會面", "特朗普", "川普"),
        ("川普與普丁會面", "普京", "普丁"),
        ("川普與普丁會面", "会面", "會面"),
        ("據報導，川普說，他將會見蒲亭。", "普京", "蒲亭"),
    ],
)
def test_offsets_map_back_to_the_original(original, needle, source):
    result = normalize_text(original, ALIASES)
    article = Article("x", "p", "", original, result.text, (), offset_map=result.offset_map)
    start = result.text.index(needle)
    begin, end = article.original_span(start, start + len(needle))
    assert original[begin:end] == source


def test_same_length_conversion_needs_no_map():
    assert normalize_text("習近平與蒲亭", ALIASES).offset_map == ()


def test_alias_variants_match_in_either_script():
    table = AliasTable([("澤倫斯基", "泽连斯基")])
    assert table.apply(to_simplified("澤倫斯基說"))[0] == "泽连斯基说"
    assert AliasTable([]).apply("不变")[0] == "不变"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("俄羅斯總統與中國國家主席舉行會談，雙方發表聯合聲明。", "traditional"),
        ("俄罗斯总统与中国国家主席举行会谈，双方发表联合声明。", "simplified"),
        ("NATO and Russia", "simplified"),
        ("", "simplified"),
    ],
)
def test_script_of(text, script):
    assert script_of(text) == script


def test_fullwidth_keeps_length():
    text = "Ａ１　ｂ，。"
    assert fullwidth_to_halfwidth(text) == "A1 b，。"


def test_ingested_offset_map_is_packed_and_maps_back(tmp_path):
    from array import array

    from framing.ingest import load_articles

    (tmp_path / "a.txt").write_text("标题\n\n川普与普京通电话，川普说会谈很好。\n", encoding="utf-8")
    (article,), _ = load_articles([tmp_path])
    assert isinstance(article.offset_map, array) and len(article.offset_map) == len(article.normalized)
    start = article.normalized.index("普京")
    o0, o1 = article.original_span(start, start + 2)
    assert article.text[o0:o1] == "普京"
    second = article.normalized.rindex("特朗普")
    o0, o1 = article.original_span(second, second + 3)
    assert article.text[o0:o1] == "川普"


def _opencc_dictionary_keys() -> list[tuple[str, str]]:
    """Every (key, first value) of the dictionaries t2s uses, exported with OpenCC's own tool."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    tool = clib / "bin" / "opencc_dict"
    if not tool.exists() and shutil.which("opencc_dict") is None:
        pytest.skip("OpenCC's opencc_dict tool is not installed")
    tool = tool if tool.exists() else Path(shutil.which("opencc_dict"))
    pairs = []
    with tempfile.TemporaryDirectory() as folder:
        for name in ("TSPhrases", "TSCharacters", "TSCharactersExt", "CJK_Compatibility_Ideographs"):
            source = clib / "share" / "opencc" / f"{name}.ocd2"
            if not source.exists():
                pytest.skip(f"OpenCC dictionary {name} not found")
            target = Path(folder) / f"{name}.txt"
            subprocess.run(
                [str(tool), "-i", str(source), "-o", str(target), "-f", "ocd2", "-t", "text"], check=True
            )
            for line in target.read_text(encoding="utf-8").splitlines():
                key, _, values = line.partition("\t")
                pairs.append((key, values.split(" ")[0]))
    return pairs


def test_the_fast_path_sees_every_character_t2s_may_change():
    # to_simplified skips OpenCC when no character of _may_convert() occurs: every
    # dictionary entry that changes its key must contain one of them.
    from framing.ingest.normalize import _may_convert

    candidates = _may_convert()
    assert candidates is not None
    missed = [key for key, value in _opencc_dictionary_keys() if key != value and not candidates.search(key)]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "深沈的夜",
        "他答覆了記者",
        "意志消沈",
        "普京與習近平會談",
        "普京与习近平会谈",
        "",
        "abc",
        "破釜沈舟，回覆",
    ],
)
def test_to_simplified_equals_opencc(text):
    from framing.ingest.normalize import _opencc

    assert to_simplified(text) == _opencc("t2s").convert(text)
