"""Which tokens count as words when articles and groups are compared (no punctuation or numbers)."""

from __future__ import annotations

import re
from functools import cache

# A token worth showing or comparing: two or more characters, at least one CJK or letter.
_CONTENT = re.compile(r"^(?=.*[\u4e00-\u9fffA-Za-z])[\w\u4e00-\u9fff·]{2,}$")
# Two-character number + measure words (一份, 三天, 两国) say nothing about an event or a style.
_NUMBER_WORD = re.compile(r"^[一二三四五六七八九十两几数百千万亿半每][\u4e00-\u9fff]$")


@cache  # called once per distinct word; the vocabulary is small next to the tokens
def is_content_token(token: str) -> bool:
    """True for tokens worth counting as vocabulary (not punctuation, digits, one character,
    or a number with its measure word).

    Examples
    --------
    >>> [t for t in ("北京", "的", "2024", "G7", "两国") if is_content_token(t)]
    ['北京', 'G7']
    """
    return bool(_CONTENT.match(token)) and not _NUMBER_WORD.match(token)
