"""The short cuts ingestion takes for speed give what the plain versions give.

Each fast path (whitespace squashing with ``str.split``, counting with bytes, remembered
lookups, whole-text searches that do not try every position) is checked against the slower
reference it replaces, on chosen and random input.
"""

from __future__ import annotations

import random
import re

import pytest

from framing.ingest.build import folder_names, language_of
from framing.ingest.normalize import AliasTable, _differences
from framing.ingest.outlets import OutletDirectory
from framing.ingest.readers.blocks import squash
from framing.ingest.readers.front_matter import split_front_matter
from framing.ingest.readers.markdown import markdown_blocks
from framing.lexicon import load_lexicons
from framing.model import Role

# ── whitespace, Markdown lines ────────────────────────────────────────────────

_WS = re.compile(r"\s+")


@pytest.mark.parametrize(
    "text",
    ["", " ", "中俄  会谈", "\t中俄\n会谈\u3000 ", "a\u00a0b\u2028c\x85d", "\x1c\x1d\x1e\x1f", "无空白"],
)
def test_squash_is_the_whitespace_regex(text):
    assert squash(text) == _WS.sub(" ", text).strip()


def test_squash_on_random_text():
    rng = random.Random(3)
    pool = [chr(c) for c in range(0, 0x3100, 7)] + ["\u3000", "\u2028", "\u2029", "\x85", " ", "\t"]
    for _ in range(5_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 20)))
        assert squash(text) == _WS.sub(" ", text).strip()


@pytest.mark.parametrize(
    ("line", "role", "text"),
    [
        ("## 小标题", Role.HEADING, "小标题"),
        (" ## 小标题", Role.HEADING, "小标题"),  # up to three spaces before a heading (CommonMark)
        ("１. 第一条", Role.BODY, "１. 第一条"),  # only ASCII digits number a list item
        ("- 条目", Role.BODY, "条目"),
        ("   - 缩进条目", Role.BODY, "缩进条目"),
        ("**小标题**", Role.HEADING, "小标题"),
        ("中俄会谈---", Role.BODY, "中俄会谈---"),
    ],
)
def test_markdown_line_kinds(line, role, text):
    blocks = markdown_blocks(line)
    assert [(b.role, b.text) for b in blocks] == [(role, text)]


@pytest.mark.parametrize("line", ["---", " * * *", "===", "", "   "])
def test_markdown_rules_and_blank_lines_make_no_block(line):
    assert markdown_blocks(line) == []


# ── front matter ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ('---\ntitle: "中俄"\ndate: "2025-10-22"\n---\n正文', {"title": "中俄", "date": "2025-10-22"}),
        # timestamps are kept as text (test_hostile_input.py)
        ("---\ntitle: 中俄\ndate: 2025-10-22\n---\n正文", {"title": "中俄", "date": "2025-10-22"}),
    ],
)
def test_split_front_matter(text, fields):
    assert split_front_matter(text, "x.md") == (fields, "正文")


# ── counting ──────────────────────────────────────────────────────────────────

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def _old_language(text: str) -> str:
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk and cjk >= latin / 10:
        return "zh"
    return "en" if latin else "und"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("中俄两国元首会谈", "zh"),
        ("Putin and Xi met in Moscow", "en"),
        ("中" + "a" * 10, "zh"),
        ("中" + "a" * 11, "en"),
        ("12345，。", "und"),
        ("\U00020000\U00020001 abc", "en"),  # beyond the BMP: not counted as CJK here
        ("\ud800 surrogate", "en"),
        ("", "und"),
    ],
)
def test_language(text, language):
    assert language_of(text) == language == _old_language(text)


def test_language_on_random_text():
    rng = random.Random(5)
    edges = (0x33FF, 0x3400, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00)
    pool = [chr(c) for c in (*range(0x20, 0x80), *edges)]
    pool += ["\ud83d", "\U0001f600", "\u00e9", "\uff21"]
    for _ in range(5_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert language_of(text) == _old_language(text), text


@pytest.mark.parametrize(
    ("first", "second", "count"),
    [
        ("中國人", "中国人", 1),
        ("abc", "abcdef", 0),
        ("", "x", 0),
        ("\ud800a", "\udc00a", 1),
        ("😀x", "😁y", 2),
    ],
)
def test_differences(first, second, count):
    assert _differences(first, second) == count == sum(map(str.__ne__, first, second))


# ── remembered lookups ────────────────────────────────────────────────────────


def test_alias_table_without_any_alias_returns_the_text():
    table = AliasTable([("普丁", "普京")])
    assert table.apply("中俄会谈") == ("中俄会谈", None)
    assert table.apply("普丁访华") == ("普京访华", None)
    assert AliasTable([]).apply("普丁") == ("普丁", None)


def test_outlet_lookups_give_the_same_answer_twice():
    directory = OutletDirectory.from_table(load_lexicons()["outlets"])
    for name in ("新华社", "BBC", "unknown folder", "", "  ", "(臺)中央社CNA"):
        first = directory.by_name(name)
        assert directory.by_name(name) == first
    assert directory.by_name("新华社") is not None
    assert directory.by_name("no such outlet anywhere") is None


@pytest.mark.parametrize(
    ("path", "names"),
    [("/a/b/c/d/x.md", ("d", "c", "b")), ("/x.md", ("",)), ("x.md", ("",)), ("a/x.md", ("a", ""))],
)
def test_folder_names_are_the_first_three_parents(path, names):
    from pathlib import Path

    assert folder_names(Path(path).parent) == names == tuple(p.name for p in list(Path(path).parents)[:3])


# ── whole-text searches that no longer try every position ────────────────────

_OLD_CCTV_DIGEST = re.compile(r"^#\s*《新闻联播》\s*[（(]\s*(\d{8})\s*[)）]", re.M)
_OLD_MARKDOWN_SIGNS = re.compile(r"^(#{1,6}\s|[-*+]\s|>\s)|\[[^\]]*\]\([^)]*\)|\*\*[^*]+\*\*", re.M)

_SIGN_TEXTS = [
    "# 《新闻联播》（20210628）\n正文",
    "前言\n#  《新闻联播》 (20210628)\n",
    "正文 # 《新闻联播》（20210628）",  # not at a line start
    "《新闻联播》（20210628）",
    "# 标题\n正文",
    "正文\n- 条目",
    "正文 - 不是条目",
    "> 引文",
    "正文\r\n> 引文",
    "[链接](http://example.org)",
    "**粗体**",
    "* 条目",
    "*斜体*",
    "纯文本\n第二行",
    "",
    "\n#\t标题",
]


@pytest.mark.parametrize("text", _SIGN_TEXTS)
def test_whole_text_signs_match_the_old_patterns(text):
    from framing.ingest.readers.digest import digest_header
    from framing.ingest.readers.plain import has_markdown_signs

    old_header = _OLD_CCTV_DIGEST.search(text)
    new_header = digest_header(text)
    assert (new_header and new_header.span()) == (old_header and old_header.span())
    old_markdown = bool(_OLD_MARKDOWN_SIGNS.search(text))
    assert has_markdown_signs(text) == old_markdown


def test_markdown_signs_on_random_text():
    from framing.ingest.readers.plain import has_markdown_signs

    rng = random.Random(11)
    pool = ["#", "-", "*", "+", ">", " ", "\t", "\n", "\r", "[", "]", "(", ")", "中", "a", "**"]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        new = has_markdown_signs(text)
        assert new == bool(_OLD_MARKDOWN_SIGNS.search(text)), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "中俄会谈",
        "俄羅斯總統與習近平會晤",
        "ＮＡＴＯ东扩",
        "普丁访华",
        "",
        "a",
        "國",
        "中" * 1499 + "國",
        "中" * 1500 + "國",  # the traditional form after the 1,500 characters script_of reads
    ],
)
def test_normalize_with_script_is_both_functions(text):
    from framing.ingest.normalize import normalize_text, normalize_with_script, script_of

    aliases = AliasTable.from_table(load_lexicons()["aliases"])
    assert normalize_with_script(text, aliases) == (normalize_text(text, aliases), script_of(text))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \t\n\r\x0b\x0c", "empty file"),
        ("\u3000 \n".encode(), "empty file (only whitespace)"),  # Unicode space: decoded first
        (b"abc\x00def", "binary file (NUL bytes)"),
        (b"a" * 8192 + b"\x00", None),  # a NUL past the first 8 KiB is not looked for
        (b"  \xe4\xb8\xad\xe4\xbf\x84\n", None),
    ],
)
def test_decode_bytes_empty_and_binary(data, reason):
    from framing.errors import InputError
    from framing.ingest import decode_bytes

    if reason is None:
        text, encoding = decode_bytes(data)
        assert text == data.decode() and encoding == "utf-8"
    else:
        with pytest.raises(InputError) as caught:
            decode_bytes(data)
        assert caught.value.reason == reason
