"""Traditional → simplified, alias spellings, full-width → half-width, with an offset map.

The analysis reads ``Article.normalized``; highlights land on ``Article.text``. Each step
here returns the new text together with a map ``new index -> old index`` so that any span
of the normalised text can be traced back to the characters the reader sees
(``Article.original_span``). When every step keeps the length the map is empty.

Steps, in order:

1. full-width ASCII letters, digits and the ideographic space become half-width
   (``ＮＡＴＯ`` → ``NATO``); Chinese punctuation (，。：（）) is left alone, it is the norm;
2. traditional → simplified with OpenCC (``t2s``, the maintained C++ converter);
3. the alias table (``lexicons/aliases.tsv``): spellings no converter knows, such as the
   Taiwanese transliteration 普丁 or CNA's 蒲亭 for 普京.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from framing.lexicon import LexiconTable
from framing.safe_text import BIDI, SURROGATES, ZERO_WIDTH

# What no reader sees but a search does, or what rearranges the text on screen: control
# characters, bidi controls, zero-width characters (a 霸\u200b权 hides 霸权 from the
# lexicon), and lone surrogates (a JSON "\ud800"), which cannot be written as UTF-8 at all.
# Tab, newline and carriage return stay; the other controls Python counts as whitespace
# (vertical tab, form feed, the separators U+001C–U+001F, next line U+0085) become a space.
_CONTROL_IN_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # safe_text.CONTROL less the carriage return
_INVISIBLE = re.compile(f"[{_CONTROL_IN_TEXT}{BIDI}{ZERO_WIDTH}{SURROGATES}]")
_SPACES = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SPACES:
        return " "
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def has_invisible(text: str) -> bool:
    """Whether ``strip_invisible`` may change ``text``."""
    return _INVISIBLE.search(text) is not None


def strip_invisible(text: str) -> str:
    """Article text without control, bidi and zero-width characters; a lone surrogate
    becomes U+FFFD. Applied to what a reader found, before the text and its offsets are built.

    Examples
    --------
    >>> strip_invisible("霸\\u200b权\\x00\\u202e说\\ud800") == "霸权说\\ufffd"
    True
    """
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(_replacement, text)


_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")


@dataclass(frozen=True)
class Normalized:
    """A normalised text and its map back to the original (empty when lengths align)."""

    text: str
    offset_map: tuple[int, ...]


def fullwidth_to_halfwidth(text: str) -> str:
    """Full-width letters, digits and the ideographic space → ASCII; same length."""
    return _FULLWIDTH_ALNUM.sub(
        lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text
    )


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


# Characters that t2s leaves alone on their own but changes inside some phrase of its
# dictionaries (沈 in 深沈, 覆 in 答覆, 坏 in 捏坏). tests/test_normalize.py reads
# OpenCC's dictionaries and fails if a phrase needs a character missing here.
_CHANGED_IN_PHRASES = "沈坏藉哩覆衹瞭甦"


@lru_cache(maxsize=1)
def _may_convert() -> re.Pattern[str] | None:
    """A character class of every character ``t2s`` may change, or ``None`` if unsure.

    A text with none of these characters is already simplified and skips OpenCC. Built
    once per process by converting every character of the Basic Multilingual Plane; every
    character beyond it is in the class anyway.
    """
    codepoints = chain(range(0x80, 0xD800), range(0xE000, 0x10000))  # the BMP, no surrogates
    source = "\n".join(map(chr, codepoints))
    before, after = source.split("\n"), _opencc("t2s").convert(source).split("\n")
    if len(before) != len(after):
        return None  # a converter that joins or splits lines: always convert
    changed = {a for a, b in zip(before, after, strict=True) if a != b}
    changed.update(_CHANGED_IN_PHRASES)
    # Characters beyond the Basic Multilingual Plane are rare: any of them sends the text to
    # OpenCC. Listed one by one, they would turn the class into a slow scan of ranges.
    bmp = "".join(re.escape(c) for c in sorted(changed) if ord(c) < 0x10000)
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC ``t2s``)."""
    if not text:
        return text
    candidates = _may_convert()
    if candidates is not None and not candidates.search(text):
        return text  # nothing t2s would change
    return _opencc("t2s").convert(text)


_SCRIPT_SAMPLE = 1500  # characters: plenty to tell the script, and it bounds the cost


def script_of(text: str) -> str:
    """``simplified``, ``traditional`` or ``mixed``: which way OpenCC would change the text.

    Counts the characters ``t2s`` changes (traditional forms) and the ones ``s2t`` changes
    (simplified forms) in the first 1,500 characters; a text with no characters of either
    kind is called simplified.
    """
    if not text:
        return "simplified"
    text = text[:_SCRIPT_SAMPLE]
    as_simplified = to_simplified(text)
    if as_simplified is text:
        return "simplified"  # no traditional form at all
    as_traditional = _opencc("s2t").convert(text)
    traditional = _differences(text, as_simplified)
    simplified = _differences(text, as_traditional)
    if traditional and traditional >= 4 * simplified:
        return "traditional"
    if traditional > simplified / 4 and traditional >= 3:
        return "mixed"
    return "simplified"


def _differences(first: str, second: str) -> int:
    """How many positions hold different characters, over the shorter text's length
    (compared as UTF-32 code units with numpy)."""
    import numpy as np

    length = min(len(first), len(second))
    a, b = (np.frombuffer(t[:length].encode("utf-32-le", "surrogatepass"), "<u4") for t in (first, second))
    return int(np.count_nonzero(a != b))


def _align(old: str, new: str) -> list[int]:
    """Map every index of ``new`` to an index of ``old`` (for conversions that changed length)."""
    if len(old) == len(new):
        return list(range(len(new)))
    mapping: list[int] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        span_old, span_new = i2 - i1, j2 - j1
        for k in range(span_new):
            mapping.append(i1 + (k * span_old // span_new if span_old else 0))
    return mapping


def _compose(outer: Sequence[int], inner: Sequence[int]) -> list[int]:
    """``outer`` maps step-2 → step-1 indices, ``inner`` step-1 → original; return step-2 → original."""
    if not inner:
        return list(outer)
    last = len(inner)
    return [inner[i] if i < last else (inner[-1] + 1 if inner else 0) for i in outer]


class AliasTable:
    """Whole-string replacements applied after conversion, longest variant first."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        # A variant may be written in traditional script; it is matched after t2s as well.
        # (OpenCC itself, not to_simplified: a handful of short words do not need the
        # character class that to_simplified builds first, 0.17 s, in a run with nothing to
        # convert; the result is the same.)
        self.pairs: dict[str, str] = {}
        t2s = _opencc("t2s").convert
        for variant, canonical in pairs:
            for form in (variant, t2s(variant) if variant else variant):
                if form and form != canonical:
                    self.pairs.setdefault(form, canonical)
        alternatives = sorted(self.pairs, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    @classmethod
    def from_table(cls, table: LexiconTable) -> AliasTable:
        return cls((row["variant"], row["canonical"]) for row in table)

    def apply(self, text: str) -> tuple[str, list[int] | None]:
        """The text with aliases replaced, and an index map (``None`` when lengths never changed)."""
        matches = list(self._pattern.finditer(text)) if self._pattern is not None else ()
        if not matches:
            return text, None  # most texts: no index map of every character to build
        pieces: list[str] = []
        mapping: list[int] = []
        changed_length = False
        position = 0
        for match in matches:
            pieces.append(text[position : match.start()])
            mapping.extend(range(position, match.start()))
            canonical = self.pairs[match.group()]
            span = match.end() - match.start()
            changed_length |= span != len(canonical)
            pieces.append(canonical)
            mapping.extend(match.start() + (k * span // len(canonical)) for k in range(len(canonical)))
            position = match.end()
        pieces.append(text[position:])
        mapping.extend(range(position, len(text)))
        return "".join(pieces), (mapping if changed_length else None)


def normalize_text(text: str, aliases: AliasTable | None = None) -> Normalized:
    """Run the three steps and return the result with its offset map (empty when identity)."""
    return _normalize(text, aliases)[0]


def normalize_with_script(text: str, aliases: AliasTable | None = None) -> tuple[Normalized, str]:
    """``(normalize_text(text, aliases), script_of(text))``, sharing a search of the text.

    A text with no full-width letter and no character ``t2s`` may change comes back from
    the first two steps as the same object: it is simplified, without searching it again.
    """
    normalized, unconverted = _normalize(text, aliases)
    return normalized, "simplified" if unconverted else script_of(text)


def _normalize(text: str, aliases: AliasTable | None) -> tuple[Normalized, bool]:
    """The normalised text, and whether the first two steps returned ``text`` itself."""
    step1 = fullwidth_to_halfwidth(text)  # same length by construction
    step2 = to_simplified(step1)
    mapping: list[int] | None = None
    if len(step2) != len(step1):
        mapping = _align(step1, step2)
    result = step2
    if aliases is not None:
        result, alias_map = aliases.apply(step2)
        if alias_map is not None:
            mapping = _compose(alias_map, mapping) if mapping is not None else alias_map
    return Normalized(result, tuple(mapping) if mapping is not None else ()), step2 is text
