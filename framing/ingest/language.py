"""Whether an article is mostly Chinese, and when it is not, which script it is in (the skip reason).

The tool's lexicons and rules are for Chinese: an English article analysed anyway comes out
with every sentence factual and no loaded term, which looks like a finding and is not one.
So ``load`` skips an article that is not mostly Chinese, with the reason this module gives,
unless ``IngestOptions.any_language`` is set.

"Mostly Chinese" compares units of meaning, not characters: a Chinese character (Han) is
about a word, so Han characters are counted against whole words of alphabetic scripts
(Latin, Cyrillic …), Japanese kana and Korean Hangul syllables. An article is Chinese when
Han characters are at least half of these units, and kana fewer than a fifth of them (a
Japanese text writes many words in Han characters too). A Chinese article quoting English
names or a bilingual one with English paragraphs as long as its Chinese ones stays Chinese.
"""

from __future__ import annotations

import re

from framing.ingest.build import cjk_count

CHINESE_SHARE = 0.5  # Han characters as a share of all units (see the module docstring)
KANA_SHARE = 0.2  # more kana than this share of the units: Japanese

_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def not_chinese_reason(text: str) -> str:
    """Empty when ``text`` is mostly Chinese; else the one-line reason to skip it, naming the
    language by its script (``English text: …``)."""
    han = cjk_count(text)
    has_kana = _KANA.search(text) is not None
    if not has_kana and 2 * han >= len(text):  # most Chinese articles: no word counted
        return ""
    kana = len(_KANA.findall(text)) if has_kana else 0
    hangul = len(_HANGUL.findall(text)) if _HANGUL.search(text) else 0
    words = _WORD.findall(text)
    units = han + kana + hangul + len(words)
    if units == 0 or (han >= CHINESE_SHARE * units and kana < KANA_SHARE * units):
        return ""
    return f"{_language(words, kana, hangul, han)}: the tool's lexicons and rules are for Chinese"


def _language(words: list[str], kana: int, hangul: int, han: int) -> str:
    """The name of what the text is written in, from its largest script."""
    latin = sum(1 for w in words if _LATIN_WORD.fullmatch(w))
    cyrillic = sum(1 for w in words if _CYRILLIC_WORD.fullmatch(w))
    largest = max(
        (latin, "English text"),
        (cyrillic, "Russian text (Cyrillic script)"),
        (kana + han if kana else 0, "Japanese text"),
        (hangul, "Korean text"),
        (len(words) - latin - cyrillic, "text in another script"),
    )
    return largest[1] if largest[0] else "text in another language"
