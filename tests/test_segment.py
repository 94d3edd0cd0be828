"""Segmentation: offsets, user words kept whole, dotted names, engines agree, own tokenizer."""

from __future__ import annotations

import importlib.util
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.analysis.segment import Segmenter, is_word, user_words
from framing.lexicon import load_lexicons

LEXICONS = load_lexicons()
SEGMENTER = Segmenter(LEXICONS)
HAS_RJIEBA = importlib.util.find_spec("rjieba") is not None
SHARED = Path(__file__).parents[1].parent / "shared"

# Text written for these tests.
SAMPLE = (
    "泽连斯基和克罗廖夫周二表示，俄方所谓的特别军事行动已持续一年。\n\n"
    "美国国务卿安东尼·布林肯说：“我们不会接受。”北京则强调推动构建人类命运共同体，"
    "反对霸权主义和冷战思维。 COVID-19 与 3.5% 的增长， 无所谓！"
)


@pytest.fixture(scope="module")
def jieba_segmenter():
    return Segmenter(LEXICONS, engine="jieba")


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("普京宣布开始特别军事行动。", "特别军事行动"),
        ("泽连斯基发表讲话", "泽连斯基"),  # jieba alone splits 泽/连斯基
        ("双方同意构建人类命运共同体", "构建人类命运共同体"),
        ("这是冷战思维的表现", "冷战思维"),
        ("会见了谢尔盖·拉夫罗夫。", "谢尔盖·拉夫罗夫"),
        ("他说丹尼斯•科尔科迪诺夫认为", "丹尼斯•科尔科迪诺夫"),  # a bullet as the middle dot
        ("由奥拉夫・朔尔茨主持", "奥拉夫・朔尔茨"),  # katakana middle dot
    ],
)
def test_names_and_terms_stay_whole(text, whole):
    assert whole in SEGMENTER.segment(text).tokens


@pytest.mark.parametrize(
    ("text", "not_token"),
    [
        ("俄罗斯的谢尔盖·拉夫罗夫", "的谢尔盖·拉夫罗夫"),  # 的 is not a transliteration character
        ("美国国务卿安东尼·布林肯说", "卿安东尼·布林肯"),
        ("他说·", "他说·"),  # a dot with no name after it
        ("无所谓", "所谓"),
        ("解放军", "解放"),
    ],
)
def test_nothing_glued_or_split_wrongly(text, not_token):
    assert not_token not in SEGMENTER.segment(text).tokens


def test_spans_are_offsets_into_the_text():
    seg = SEGMENTER.segment(SAMPLE)
    assert "".join(seg.tokens) == SAMPLE
    for token, start, end in seg.spans():
        assert SAMPLE[start:end] == token
    assert seg.ends()[-1] == len(SAMPLE)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="中俄关系所谓霸权主义普京·• ，。！？\n“”abc123", max_size=60))
def test_every_character_is_in_exactly_one_token(text):
    seg = SEGMENTER.segment(text)
    assert "".join(seg.tokens) == text
    assert all(token for token in seg.tokens)
    assert list(seg.starts) == sorted(set(seg.starts))


def test_words_drop_punctuation_and_space_and_respect_the_span():
    seg = SEGMENTER.segment("他说：“好！” 我们走。")
    assert seg.words() == ["他", "说", "好", "我们", "走"]
    assert seg.words(0, 2) == ["他", "说"]
    assert seg.words(7, 11) == ["我们", "走"]
    assert seg.words(1, 1) == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["中国", "，", " ", "\r\n", "——", "COVID", "19", "%", "安东尼·布林肯", "…"]),
        max_size=30,
    )
)
def test_words_are_the_tokens_is_word_keeps_even_when_the_remembered_answers_start_afresh(tokens):
    import framing.analysis.segment as segment

    text = "".join(tokens)
    seg = segment.Segmentation(text, tuple(tokens), tuple(accumulate(map(len, tokens), initial=0))[:-1])
    expected = [t for t in tokens if is_word(t)]
    assert seg.words() == expected
    old = segment._MAX_WORD_TESTS
    segment._MAX_WORD_TESTS = 2  # forget after every two new tokens
    try:
        assert seg.words() == expected and seg.words() == expected
    finally:
        segment._MAX_WORD_TESTS = old


@pytest.mark.parametrize(
    ("token", "word"),
    [("中国", True), ("的", True), ("COVID", True), ("19", True), ("安东尼·布林肯", True)]
    + [("，", False), (" ", False), ("\r\n", False), ("“", False), ("%", False), ("-", False)],
)
def test_is_word(token, word):
    assert is_word(token) is word


def test_user_words_come_from_sources_terms_and_markers_sorted():
    words = user_words(LEXICONS)
    assert words == sorted(words)
    assert {"泽连斯基", "特别军事行动", "毋庸置疑"} <= set(words)
    assert not any("·" in w or " " in w for w in words)


def test_user_lexicon_changes_segmentation(tmp_path):
    text = "他们谈到了测伪词条的问题"
    assert "测伪词条" not in SEGMENTER.segment(text).tokens
    extra = tmp_path / "loaded_terms.tsv"
    extra.write_text("term\tcategory\tstance\tnote\n测伪词条\thyperbole\t\ttest\n", encoding="utf-8")
    assert "测伪词条" in Segmenter(load_lexicons([extra])).segment(text).tokens


def test_unknown_engine_lists_the_valid_ones():
    with pytest.raises(ValueError, match="engines: auto, rjieba, jieba"):
        Segmenter(LEXICONS, engine="pkuseg")


@pytest.mark.skipif(not HAS_RJIEBA, reason="rjieba not installed")
def test_rjieba_and_jieba_give_identical_tokens(jieba_segmenter):
    fast = Segmenter(LEXICONS, engine="rjieba")
    assert fast.segment(SAMPLE).tokens == jieba_segmenter.segment(SAMPLE).tokens
    assert (fast.engine, jieba_segmenter.engine) == ("rjieba", "jieba")


@pytest.mark.skipif(not HAS_RJIEBA or not (SHARED / "corpus").is_dir(), reason="needs rjieba and ../shared")
def test_engines_agree_on_the_real_corpus(jieba_segmenter):
    fast = Segmenter(LEXICONS, engine="rjieba")
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert fast.segment(text).tokens == jieba_segmenter.segment(text).tokens, path.name


def test_jieba_engine_uses_its_own_tokenizer_and_cache_dir(tmp_path):
    import jieba

    segmenter = Segmenter(LEXICONS, engine="jieba", cache_dir=tmp_path / "cache")
    assert segmenter.segment("特别军事行动").tokens == ("特别军事行动",)
    assert any((tmp_path / "cache").iterdir()), "jieba's cache was not written to the cache dir"
    assert not jieba.dt.initialized, "the global jieba tokenizer was touched"


def test_segmenter_pickles_unbuilt():
    import pickle

    SEGMENTER.segment("建好")
    copy = pickle.loads(pickle.dumps(SEGMENTER))
    assert copy.engine == ""
    assert copy.segment("特别军事行动").tokens == ("特别军事行动",)


def test_rjieba_is_used_without_its_package_default_tokenizer():
    """Importing the rjieba package builds a tokenizer framing never uses (0.12 s a process)."""
    import subprocess
    import sys

    pytest.importorskip("rjieba")
    code = (
        "import sys\n"
        "from framing.lexicon import load_lexicons\n"
        "from framing.analysis.segment import Segmenter\n"
        "print(Segmenter(load_lexicons(), engine='rjieba').segment('普京会见习近平').tokens)\n"
        "print('rjieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    tokens, package_loaded = out.splitlines()
    assert "普京" in tokens and package_loaded == "False"
