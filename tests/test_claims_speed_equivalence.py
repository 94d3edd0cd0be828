"""The fast paths of the claim labelling give the same results as the plain forms they replace.

Each rewrite is checked against the straightforward version it stands for: a trie-shaped
regex against the flat alternation of the same words sorted longest first, the frame regex
with its per-character lookaheads against the plain alternation, the bigram test for names
straddling a cue against scanning for the names, and ``find_quotes`` against a
character-by-character reading.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.analysis.claims.cues import claim_cues, guarded
from framing.analysis.claims.editorial import may_straddle
from framing.analysis.sentences import QUOTE_PAIRS, find_quotes
from framing.analysis.sources import literal_trie
from framing.lexicon import load_lexicons


def flat(words) -> str:
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered)


def spans(regex: str, text: str, template: str = "{}") -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(template.format(regex), text)]


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["中方", "中", "俄方"], "中方和俄方，中国"),  # the longest word wins, then the shorter
        (["中国", "中国人民", "人民"], "中国人民和人民"),  # 中国人民 not 中国 + 人民
        (["分析", "分析人士"], "分析人说分析人士"),  # a longer word that fails falls back
        (["a.b", "a"], "a.b axb"),  # escaped metacharacters stay literal
        (["声明"], "没有线索"),  # no match at all
        ([], "任何文字"),  # no words: nothing matches
    ],
)
def test_literal_trie_finds_what_the_flat_alternation_finds(words, text):
    trie = literal_trie(words) or r"(?!x)x"
    assert spans(trie, text) == spans(flat(words) or r"(?!x)x", text)


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["声明", "联合声明"], "两国的联合声明", "联合声明"),  # anchored at the end: the longer
        (["声明", "联合声明"], "声明了", None),  # not at the end
        (["表示", "示"], "他表示", "表示"),
    ],
)
def test_literal_trie_backtracks_like_the_flat_alternation(words, text, expected):
    trie = re.compile(f"(?:{literal_trie(words)})$").search(text)
    plain = re.compile(f"(?:{flat(words)})$").search(text)
    assert (trie and trie.group()) == (plain and plain.group()) == expected


def test_literal_trie_of_nothing_is_empty():
    assert literal_trie([]) == ""
    assert literal_trie(["", ""]) == ""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), max_size=12),
    st.text(alphabet="甲乙丙丁，", max_size=30),
)
def test_literal_trie_matches_flat_alternation_on_any_words(words, text):
    trie = literal_trie(words) or r"(?!x)x"
    expected = flat(words) or r"(?!x)x"
    assert spans(trie, text) == spans(expected, text)
    assert spans(trie, text, "(?:{})$") == spans(expected, text, "(?:{})$")


FRAMES = [
    ("据报道", "f0", "据报道"),
    ("据{src}报道", "f1", "据(?P<s1>[^，。]{1,40}?)报道"),
    ("{src}在…中表示", "f2", "在[^，。]{1,30}?中表示"),
    ("{src}在…中说", "f3", "在[^，。]{1,30}?中说"),
    ("根据{src}称", "f4", "根据(?P<s4>[^，。]{1,40}?)称"),
    ("据悉", "f5", "据悉"),
]


def _found(matches):
    """What callers read of a frame match: its span, which frame, and the source groups."""
    return [
        (m.span(), m.lastgroup, {k: v for k, v in m.groupdict().items() if k.startswith("s")})
        for m in matches
    ]


@pytest.mark.parametrize(
    "text",
    [
        "据报道，俄方在会议中说明立场",
        "据塔斯社报道，普京在记者会中表示欢迎",
        "他在会上中说，根据声明称双方同意",  # overlapping candidates: the earlier frame wins
        "据悉，据称",
        "这句话里没有任何框架",
    ],
)
def test_guarded_frames_match_as_the_plain_alternation(text):
    patterns = [p for p, _, _ in FRAMES]
    alternatives = [(name, regex) for _, name, regex in FRAMES]
    fast = guarded(alternatives, patterns)
    plain = re.compile("|".join(f"(?P<{name}>{regex})" for name, regex in alternatives))
    assert fast.pattern.startswith("据(?:")  # grouped by first character
    assert _found(fast.finditer(text)) == _found(plain.finditer(text))


def test_guarded_frames_starting_anywhere_stay_a_plain_alternation():
    fast = guarded([("f0", "[^，]{1,30}?表示"), ("f1", "据悉")], ["…表示", "据悉"])
    assert fast.pattern == "(?P<f0>[^，]{1,30}?表示)|(?P<f1>据悉)"


def test_guarded_without_alternatives_matches_nothing():
    assert guarded([], []).search("据报道") is None


@pytest.fixture(scope="module")
def cues():
    return claim_cues(load_lexicons())


@pytest.mark.parametrize(
    ("text", "cue", "straddled"),
    [
        ("中共国家主席习近平出席", "中共国", True),  # 国家主席 straddles the end of 中共国
        ("中共国的说法", "中共国", False),  # no name at all
        ("美国总统拜登说", "美国", False),  # names next to the cue, none across its edges
        ("俄罗斯总统普京说", "罗斯", False),  # 俄罗斯 holds the cue but crosses no edge of it
    ],
)
def test_bigram_test_never_misses_a_straddling_name(cues, text, cue, straddled):
    m = re.search(re.escape(cue), text)
    words = [
        w.span() for regex in (cues.sources.titles, cues.sources.gazetteer) for w in regex.finditer(text)
    ]
    assert any(a < m.end() < b and a > m.start() or a < m.start() < b for a, b in words) is straddled
    if straddled:
        assert may_straddle(text, m, cues)


@pytest.mark.parametrize("cue", ["中共国", "罗斯", "声称"])
def test_bigram_test_rules_out_cues_among_unknown_characters(cues, cue):
    text = "甲乙" + cue + "丙丁"
    assert not may_straddle(text, re.search(re.escape(cue), text), cues)


def quotes_by_character(text: str) -> list[tuple[int, int, str, bool]]:
    """find_quotes's reading, one character at a time (the form it had before it skipped)."""
    closers = {v: k for k, v in QUOTE_PAIRS.items()}
    out, opener, start = [], None, 0
    for i, ch in enumerate(text):
        if opener is None:
            if ch in QUOTE_PAIRS:
                opener, start = ch, i
        elif ch == QUOTE_PAIRS[opener]:
            out.append((start, i + 1, text[start + 1 : i], True))
            opener = None
        elif ch in closers and ch != '"' and opener == '"':
            opener = None
    if opener is not None and len(text) - start > 1:
        out.append((start, len(text), text[start + 1 :], False))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "他说：“我们‘朋友’很多。”",
        '他说"好"，又说“走”',
        '一个多余的"引号”然后“正常”',  # a stray straight quote closed by a curly mark
        "「北京条约」和『名字』",
        "“没有闭合的引语一直到段尾",
        "“",  # an opening mark alone is no quotation
        "没有引号",
    ],
)
def test_find_quotes_reads_as_character_by_character(text):
    assert [(q.start, q.end, q.inner, q.closed) for q in find_quotes(text)] == quotes_by_character(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='甲，。“”「」『』"‘’', max_size=40))
def test_find_quotes_on_any_text(text):
    assert [(q.start, q.end, q.inner, q.closed) for q in find_quotes(text)] == quotes_by_character(text)
