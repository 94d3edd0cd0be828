"""Word segmentation with character offsets, names and loaded terms kept whole.

A ``Segmenter`` wraps its own tokenizer instance (never jieba's global one), built lazily
on first use, with HMM off (HMM glues neighbouring characters onto names: 向普京 → one
token). Its user words are

* every name and alias in the ``sources`` table (the source gazetteer),
* every term in the ``loaded_terms`` and ``markers`` tables,

so that 泽连斯基, 特别军事行动 or 人类命运共同体 come out as one token, which is what the
term matcher (token boundaries) and TF-IDF need.

Two engines give the same tokens:

* ``rjieba`` (jieba-rs, Rust): about 10x faster (11 against 1.2 MB/s on the shared
  corpus, offsets and user words included); used when installed;
* ``jieba`` (pure Python): the fallback.

Both get the same user words with the same frequencies (each word's frequency is the
engine's own ``suggest_freq``, added in sorted order) and the same dictionary total, and
with HMM off jieba-rs follows jieba's algorithm exactly: on the 71 corpus files (0.64 MB)
the two gave identical tokens; ``tests/test_segment.py`` checks that they agree.

``名·姓`` names: jieba always splits at the middle dot, so a dictionary entry holding
``·`` never matches. Names joined by a middle dot (``·``, ``•``, ``・``, ``‧``) are found
first, outside the segmenter, by a pattern of the characters used in transliterated
names (plus every gazetteer name that holds a dot), and kept as one token; the text
between them is segmented normally.

Offsets are character offsets into the text given (for the analysis: ``Article.normalized``).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, compress
from pathlib import Path
from typing import TypeVar

from framing.lexicon import Lexicons
from framing.paths import default_cache_dir as framing_cache

ENGINES = ("auto", "rjieba", "jieba")
T = TypeVar("T")

_DOTS = "·•・‧･"
# Characters used to transliterate foreign names (Xinhua's conventions and common variants).
_TRANSLIT = (
    "阿埃艾爱安昂奥澳巴拔芭拜班邦保鲍贝本比彼毕宾滨波伯博勃布查察达戴丹道德登邓狄迪蒂"
    "丁东杜敦多厄鄂恩尔法范方菲费芬丰冯弗福富盖甘冈高戈哥格根贡古瓜圭哈海亥汉豪赫黑亨"
    "洪侯胡华霍基吉加贾杰捷金津京久卡凯坎康考柯科克肯库夸奎昆拉腊莱赖兰朗劳勒雷蕾黎"
    "里理利丽莉连列林琳留柳龙隆卢鲁路伦罗洛吕马玛迈麦曼芒梅门蒙孟米敏明缪摩莫默姆木"
    "穆纳娜乃奈南内尼涅聂宁纽努诺欧帕派潘庞佩彭皮珀普奇齐恰乔切钦琴丘屈萨塞赛桑瑟森"
    "沙莎山善尚绍舍申什施史士舒斯松苏索塔泰坦汤唐陶忒特提廷通图托瓦万旺威韦维魏温"
    "文沃乌武西希锡席夏谢辛欣休徐许雅亚扬杨耶叶伊依因英尤于约泽扎詹兹佐茨采"
    "夫盖朔娃契佛嘉伽迦缇妮姬娅茜薇赞芙翰俾毗罕乍宰"
)
_NAME_PART = f"[{_TRANSLIT}]"
_TRANSLIT_NAME = rf"(?:{_NAME_PART}{{1,7}}[{_DOTS}])+{_NAME_PART}{{1,9}}"


@dataclass(frozen=True)
class Segmentation:
    """Tokens of one text with their start offsets (``end = start + len(word)``).

    Kept as two parallel tuples rather than one object per token: an article has
    thousands of tokens, and a corpus millions, so per-token objects would cost more
    than the segmentation itself. Every character of the text is in exactly one token
    (whitespace and punctuation are tokens too); ``words()`` drops those.
    """

    text: str
    tokens: tuple[str, ...]
    starts: tuple[int, ...]

    def spans(self) -> Iterator[tuple[str, int, int]]:
        """``(token, start, end)`` for every token, in order."""
        for token, start in zip(self.tokens, self.starts, strict=True):
            yield token, start, start + len(token)

    def ends(self) -> tuple[int, ...]:
        return tuple(start + len(token) for token, start in zip(self.tokens, self.starts, strict=True))

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        """The word tokens (anything but whitespace and punctuation) inside ``[start, end)``."""
        first = bisect_right(self.starts, start - 1)
        last = len(self.starts) if end is None else bisect_right(self.starts, end - 1)
        tokens = self.tokens[first:last]
        if end is not None and tokens and self.starts[last - 1] + len(tokens[-1]) > end:
            tokens = tokens[:-1]  # a token that crosses ``end`` is not inside the span
        # once per token of the corpus: filtered in C through the answers kept per token
        return list(compress(tokens, map(_IS_WORD.__getitem__, tokens)))


def is_word(token: str) -> bool:
    """True for a word token: jieba emits whitespace and punctuation one character at a time."""
    return token.isalnum() or (len(token) > 1 and not token.isspace())


class _WordTest(dict):
    """``is_word`` of each token seen, worked out on the first sight (a corpus has a few
    tens of thousands of distinct tokens; past ``_MAX_WORD_TESTS`` it starts afresh)."""

    def __missing__(self, token: str) -> bool:
        if len(self) >= _MAX_WORD_TESTS:
            self.clear()
        answer = self[token] = is_word(token)
        return answer


_MAX_WORD_TESTS = 200_000
_IS_WORD = _WordTest()


def user_words(lexicons: Lexicons) -> list[str]:
    """The words added to the segmenter's dictionary, sorted (the order fixes frequencies)."""
    words: set[str] = set()
    for row in lexicons["sources"]:
        words.add(row["name"])
        words.update(row.many("aliases"))
    for row in lexicons["loaded_terms"]:
        words.add(row["term"])
    for row in lexicons["markers"]:
        words.add(row["term"])
    # jieba splits at spaces and dots whatever the dictionary says; such entries are
    # handled by the name pattern (dots) or cannot be kept whole (spaces).
    return sorted(w for w in words if len(w) > 1 and not any(c in _DOTS or c.isspace() for c in w))


def _dotted_names(lexicons: Lexicons) -> list[str]:
    names: set[str] = set()
    for row in lexicons["sources"]:
        for name in (row["name"], *row.many("aliases")):
            if any(c in _DOTS for c in name):
                names.add(name)
    return sorted(names, key=len, reverse=True)


def default_cache_dir() -> Path:
    """Where jieba keeps its prefix-dictionary cache: the user's framing cache folder."""
    return framing_cache() / "jieba"


class Segmenter:
    """Segment Chinese text into tokens with offsets; built once, reused for every article.

    Parameters
    ----------
    lexicons:
        The lexicons whose source names and terms become user words.
    engine:
        ``"auto"`` (rjieba when installed, else jieba), ``"rjieba"`` or ``"jieba"``.
    cache_dir:
        Where jieba writes its dictionary cache (default: ``~/.cache/framing/jieba``).

    Examples
    --------
    >>> seg = Segmenter(load_lexicons())
    >>> list(seg.segment("普京会见谢尔盖·拉夫罗夫。").spans())[:2]
    [('普京', 0, 2), ('会见', 2, 4)]
    """

    def __init__(self, lexicons: Lexicons, *, engine: str = "auto", cache_dir: Path | str | None = None):
        if engine not in ENGINES:
            raise ValueError(f"unknown segmentation engine {engine!r}; engines: {', '.join(ENGINES)}")
        self.lexicons_version = lexicons.version
        self._user_words = user_words(lexicons)
        dotted = "|".join(map(re.escape, _dotted_names(lexicons)))
        self._names = re.compile(f"{dotted}|{_TRANSLIT_NAME}" if dotted else _TRANSLIT_NAME)
        self._requested = engine
        self._cache_dir = Path(cache_dir) if cache_dir else None
        self._cut = None  # the engine's cut(text) -> list[str], built on first use
        self.engine = ""

    def __getstate__(self) -> dict:
        # Sent to worker processes unbuilt: each worker builds its own tokenizer once.
        state = self.__dict__.copy()
        state["_cut"] = None
        state["engine"] = ""
        return state

    def _build(self):
        engine = self._requested
        if engine in ("auto", "rjieba"):
            try:
                self._cut = _rjieba_cut(self._user_words)
                self.engine = "rjieba"
                return self._cut
            except ImportError:
                if engine == "rjieba":
                    raise
        self._cut = _jieba_cut(self._user_words, self._cache_dir or default_cache_dir())
        self.engine = "jieba"
        return self._cut

    def cut(self, text: str) -> list[str]:
        """The tokens of ``text`` (every character in exactly one token)."""
        return list(self.segment(text).tokens)

    def segment(self, text: str) -> Segmentation:
        """Tokens of ``text`` with their offsets; dotted names come out whole."""
        cut = self._cut or self._build()
        if not any(dot in text for dot in _DOTS):  # most texts: skip the name pattern entirely
            tokens = cut(text)
            return Segmentation(text, tuple(tokens), tuple(accumulate(map(len, tokens), initial=0))[:-1])
        tokens = []
        position = 0
        for match in self._names.finditer(text):
            if match.start() > position:
                tokens.extend(cut(text[position : match.start()]))
            tokens.append(match.group())
            position = match.end()
        if position < len(text):
            tokens.extend(cut(text[position:]))
        starts = tuple(accumulate(map(len, tokens), initial=0))[:-1]
        return Segmentation(text, tuple(tokens), starts)


def _rjieba_cut(words: Iterable[str]):
    tokenizer = _rjieba_class()()
    for word in words:
        tokenizer.add_word(word, tokenizer.suggest_freq(word), None)

    def cut(text: str) -> list[str]:
        return tokenizer.cut(text, False)

    return cut


def _rjieba_class():
    """rjieba's ``Jieba`` class, loaded from its extension module without running the
    package's ``__init__``, which builds a default tokenizer that framing never uses (0.12 s
    of every process that segments). Where the extension is not laid out as rjieba 0.2
    lays it out (``rjieba/rjieba.*.so``), the package is imported after all."""
    import importlib.machinery
    import importlib.util
    import sys

    module = sys.modules.get("rjieba.rjieba")
    if module is None:
        package = importlib.util.find_spec("rjieba")
        folders = package.submodule_search_locations if package is not None else None
        found = [
            Path(folder) / f"rjieba{suffix}"
            for folder in folders or ()
            for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (Path(folder) / f"rjieba{suffix}").is_file()
        ]
        if not found:
            import rjieba

            return rjieba.Jieba
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(found[0]))
        spec = importlib.util.spec_from_file_location("rjieba.rjieba", found[0], loader=loader)
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module  # a later ``import rjieba`` finds it loaded
    return module.Jieba


def _jieba_cut(words: Iterable[str], cache_dir: Path):
    import jieba

    # jieba installs a DEBUG handler on import; keep its "Building prefix dict" lines quiet.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir)
    except OSError:
        # No writable cache folder: jieba rebuilds its prefix dictionary in memory (slower start).
        tokenizer.tmp_dir = None
        tokenizer.cache_file = None
    tokenizer.initialize()
    total = tokenizer.total
    for word in words:
        tokenizer.add_word(word, tokenizer.suggest_freq(word, False))
        # jieba adds each user word's frequency to the dictionary total, jieba-rs does not;
        # a fixed total keeps both engines' frequencies, and so their tokens, identical.
        tokenizer.total = total

    def cut(text: str) -> list[str]:
        return tokenizer.lcut(text, HMM=False)

    return cut


def built_once_per_version(cache: dict[str, T], lexicons: Lexicons, build: Callable[[Lexicons], T]) -> T:
    """``cache[lexicons.version]``, built with ``build(lexicons)`` on first use.

    Keeps at most two versions, so a long-lived process that keeps changing its
    lexicons (a notebook) does not keep every old tokenizer alive.
    """
    built = cache.get(lexicons.version)
    if built is None:
        if len(cache) >= 2:
            cache.clear()
        built = cache[lexicons.version] = build(lexicons)
    return built


_SEGMENTERS: dict[str, Segmenter] = {}


def segmenter_for(lexicons: Lexicons) -> Segmenter:
    """This process's segmenter for these lexicons (built lazily, once per ``Lexicons.version``)."""
    return built_once_per_version(_SEGMENTERS, lexicons, Segmenter)
