"""What an article said before the sentence being resolved, indexed once per article.

Resolving a speaker reads the sources cited so far (``SeenSources``: 他 takes the latest
named person, 报道 the latest outlet, a surname the named source it ends) and the text
before the sentence (``TextBefore``: where a word was last written, which title a name was
first written after). Both answer in time that does not grow with the article, so a long
article's analysis stays linear in its length.

``NO_CONTEXT`` stands in for both while finding out whether a phrase resolves the same
whatever came before it: any use of it raises ``NeedsContext``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from framing.analysis.source_cues import (
    NAME_DOTS,
    PERSON_NAME,
    ResolvedSource,
    SourceCues,
    literal_trie,
    name_key,
)
from framing.model import SourceKind

OUTLET_KINDS = (SourceKind.MEDIA, SourceKind.STATE_MEDIA)
CHINESE_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")


class NeedsContext(Exception):
    """Raised by ``NO_CONTEXT`` when resolving a phrase reads the article before it."""


class _NoContext:
    """Stands in for ``earlier`` and ``context`` while finding out whether a phrase resolves
    the same whatever the article said before it: any use of it raises ``NeedsContext``."""

    def _refuse(self, *args, **kwargs):
        raise NeedsContext

    __iter__ = __reversed__ = __len__ = __bool__ = __getitem__ = find = rfind = _refuse

    def __getattr__(self, name: str):
        raise NeedsContext


NO_CONTEXT = _NoContext()
_UNSEEN = object()


def title_kind_at(text: str, at: int, cues: SourceCues) -> SourceKind | None:
    """The kind of the title that ends at ``at`` within the 8 characters before it, if any."""
    before = text[max(0, at - 8) : at]
    found = [t for t in cues.titles.finditer(before) if t.end() == len(before)]
    return cues.title_kinds[found[-1].group()] if found else None


def is_person(source: ResolvedSource, cues: SourceCues) -> bool:
    """A named person (not an outlet, body or document), for 他/她 to refer back to."""
    if source.kind in OUTLET_KINDS or cues.bodies.search(source.name) or cues.place.fullmatch(source.name):
        return False  # 美国, 莫斯科 speak for a government: no 他 refers back to them
    return bool(PERSON_NAME.match(source.name))


_Entry = tuple[int, ResolvedSource]  # (position in the article's list of sources, source)


class SeenSources(Sequence[ResolvedSource]):
    """The sources an article has cited so far, oldest first (a ``Sequence``), indexed by the
    questions a back-reference asks: the latest named person (他), the latest outlet (报道),
    the latest named source whose name key is a given one, ends with it, or (for a dotted
    name) ends with it without being it, and the latest whose name ends with a body noun.

    ``mark`` and ``undo`` take back the sources added since the mark.
    """

    def __init__(self, cues: SourceCues, sources: Iterable[ResolvedSource] = ()):
        self.cues = cues
        self._sources: list[ResolvedSource] = []
        self.same_name: dict[str, _Entry] = {}  # name key → the latest source with it
        self.name_ending: dict[str, _Entry] = {}  # each ending of a name key, the whole one too
        self.dotted_ending: dict[str, _Entry] = {}  # each shorter ending of a dotted name's key
        self.document_ending: dict[str, _Entry] = {}  # shorter endings of names, up to a body noun's length
        self.surname: dict[str, _Entry] = {}  # the first one and two characters of a Chinese person's name
        self.last_person: ResolvedSource | None = None
        self.last_outlet: ResolvedSource | None = None
        self._longest_body = max(map(len, cues.body_kinds), default=0)
        self._undo: list[tuple[dict, str, object]] | None = None
        self.extend(sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __getitem__(self, index):
        return self._sources[index]

    def __iter__(self) -> Iterator[ResolvedSource]:
        return iter(self._sources)

    def __reversed__(self) -> Iterator[ResolvedSource]:
        return reversed(self._sources)

    def extend(self, sources: Iterable[ResolvedSource]) -> None:
        for source in sources:
            self.append(source)

    def append(self, source: ResolvedSource) -> None:
        entry = (len(self._sources), source)
        self._sources.append(source)
        if source.kind in OUTLET_KINDS:
            self.last_outlet = source
        if not source.named:
            return
        if is_person(source, self.cues):
            self.last_person = source
            if CHINESE_NAME.match(source.name):
                for cut in (1, 2):
                    self._set(self.surname, source.name[:cut], entry)
        key = name_key(source.name)
        self._set(self.same_name, key, entry)
        for cut in range(len(key) + 1):
            self._set(self.name_ending, key[cut:], entry)
        if NAME_DOTS.search(source.name):
            for cut in range(1, len(key)):
                self._set(self.dotted_ending, key[cut:], entry)
        name = source.name
        for cut in range(max(1, len(name) - self._longest_body), len(name)):
            self._set(self.document_ending, name[cut:], entry)

    def _set(self, table: dict[str, _Entry], key: str, entry: _Entry) -> None:
        if self._undo is not None:
            self._undo.append((table, key, table.get(key, _UNSEEN)))
        table[key] = entry

    @staticmethod
    def latest(*entries: _Entry | None) -> ResolvedSource | None:
        """The source of the latest of ``entries`` (``None`` ones skipped), or ``None``."""
        found = [e for e in entries if e is not None]
        return max(found, key=lambda e: e[0])[1] if found else None

    def last_ending_with(self, noun: str) -> ResolvedSource | None:
        """The latest named source whose name ends with ``noun`` (a body noun) and is longer."""
        entry = self.document_ending.get(noun)
        return entry[1] if entry else None

    def mark(self) -> tuple:
        """A point to ``undo`` back to (one at a time)."""
        self._undo = []
        return (len(self._sources), self.last_person, self.last_outlet)

    def undo(self, mark: tuple) -> None:
        """Forget the sources added since ``mark``."""
        length, self.last_person, self.last_outlet = mark
        del self._sources[length:]
        for table, key, old in reversed(self._undo or ()):
            if old is _UNSEEN:
                del table[key]
            else:
                table[key] = old
        self._undo = None


def seen_sources(earlier: Sequence[ResolvedSource], cues: SourceCues) -> SeenSources:
    """``earlier`` as a ``SeenSources`` (itself when it is one for these cues)."""
    if isinstance(earlier, SeenSources) and earlier.cues is cues:
        return earlier
    if isinstance(earlier, _NoContext):
        raise NeedsContext
    return SeenSources(cues, earlier)


class TextBefore:
    """The article's text before the sentence being resolved, ``text[:end]``, with the two
    lookups resolution makes in it indexed once per article (``up_to`` shares the indexes):
    ``rfind`` of a word, and the kind of the title a name is first written after."""

    def __init__(self, text: str, cues: SourceCues, end: int | None = None, index: _TextIndex | None = None):
        self.text = text
        self.cues = cues
        self.end = len(text) if end is None else end
        self._index = index or _TextIndex(text, cues)

    def up_to(self, end: int) -> TextBefore:
        """The text before ``end`` (sharing this one's indexes)."""
        return TextBefore(self.text, self.cues, end, self._index)

    def rfind(self, word: str) -> int:
        """``text[:end].rfind(word)`` for a non-empty ``word``."""
        starts = self._index.starts(word)
        at = bisect_right(starts, self.end - len(word)) - 1
        return starts[at] if at >= 0 else -1

    def title_kind_before(self, name: str) -> SourceKind:
        """The kind of the title before the first occurrence of ``name`` in ``text[:end]``
        that follows one (occurrences read left to right, not overlapping); ``OTHER`` if none."""
        at = self._index.first_titled(name)
        if at is None or at + len(name) > self.end:
            return SourceKind.OTHER
        return self._index.kinds[at]


def text_before(context: str | TextBefore, cues: SourceCues) -> TextBefore:
    """``context`` as a ``TextBefore`` (itself when it is one for these cues)."""
    if isinstance(context, TextBefore) and context.cues is cues:
        return context
    if isinstance(context, _NoContext):
        raise NeedsContext
    return TextBefore(str(context), cues)


class _TextIndex:
    """Where words and titled names are in one article's text, found on first use."""

    def __init__(self, text: str, cues: SourceCues):
        self.text = text
        self.cues = cues
        self._starts: dict[str, list[int]] = {}
        self._titled: list[int] | None = None  # positions a title ends at (``_title_kind_at``)
        self.kinds: dict[int, SourceKind] = {}
        self._by_length: dict[int, dict[str, list[int]]] = {}  # name length → name → titled positions
        self._first: dict[str, int | None] = {}

    def starts(self, word: str) -> list[int]:
        """Every start of ``word`` in the text, overlapping ones too, in order."""
        found = self._starts.get(word)
        if found is None:
            found, at = [], self.text.find(word)
            while at >= 0:
                found.append(at)
                at = self.text.find(word, at + 1)
            self._starts[word] = found
        return found

    def titled(self) -> list[int]:
        """The positions a title ends at, as ``_title_kind_at`` sees them (kinds in ``kinds``)."""
        if self._titled is None:
            # every position some title word ends at (the reversed words start there in the
            # reversed text), then the window test of ``_title_kind_at`` at each
            words = tuple(sorted(w[::-1] for w in self.cues.title_kinds if w))
            ends: list[int] = []
            if words:
                found = _reversed_words(words).finditer(self.text[::-1])
                ends = [len(self.text) - m.start() for m in found][::-1]
            for at in ends:
                kind = title_kind_at(self.text, at, self.cues)
                if kind is not None:
                    self.kinds[at] = kind
            self._titled = [at for at in ends if at in self.kinds]
        return self._titled

    def first_titled(self, name: str) -> int | None:
        """The first position ``name`` is written at right after a title, of its occurrences
        read left to right without overlapping; ``None`` if there is none."""
        if name in self._first:
            return self._first[name]
        length = len(name)
        by_name = self._by_length.get(length)
        if by_name is None:
            by_name = {}
            for at in self.titled():
                by_name.setdefault(self.text[at : at + length], []).append(at)
            self._by_length[length] = by_name
        candidates = by_name.get(name, [])
        if candidates and any(name[:k] == name[-k:] for k in range(1, length)):
            # a name that can overlap itself (哈哈): only the occurrences ``str.find`` meets
            # going on from the end of the previous one count (one scan per such name)
            chain, at = set(), self.text.find(name)
            while at >= 0:
                chain.add(at)
                at = self.text.find(name, at + length)
            candidates = [at for at in candidates if at in chain]
        first = candidates[0] if candidates else None
        self._first[name] = first
        return first


@lru_cache(maxsize=16)
def _reversed_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """A lookahead that matches, without consuming, wherever one of ``words`` starts."""
    return re.compile(f"(?={literal_trie(words)})")
