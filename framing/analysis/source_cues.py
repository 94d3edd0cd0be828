"""The vocabulary of speakers, compiled once per lexicon version: names, titles, bodies, places.

``source_cues`` reads the source gazetteer (``lexicons/sources.tsv``), the title, body,
vague-source and filler cues of ``lexicons/attribution.tsv`` and the speaker words of
``lexicons/speakers.tsv`` (places that speak for governments, quantifiers, honorifics,
words that open or close a speaker phrase) into one ``SourceCues``. Its methods are what
other modules may ask of that vocabulary (where titles and names are in a text, which
body noun ends a phrase) without reading its compiled regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from framing.lexicon import Lexicons
from framing.model import SourceKind, frozen_record

NAME_DOTS = re.compile(r"[·•・‧\s]+")
_HAN = r"\u3400-\u9fff"
# after a title a longer name is still a name: transliterations (专家科尔科迪诺夫)
TITLED_NAME = re.compile(rf"^[{_HAN}]{{2,8}}$")
# a Chinese name, a transliteration with middle dots (托马斯-格林菲尔德: a hyphen too), a Latin name
PERSON_NAME = re.compile(
    rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,10}}(?:[·•・‧\-][{_HAN}]{{1,12}})+$|^[A-Z][A-Za-z.\-' ]{{1,40}}$"
)


_NEVER = re.compile(r"(?!x)x")
_VERB_TYPES = frozenset({"neutral", "assertive", "distancing", "cognitive", "disclosure"})


@frozen_record
class ResolvedSource:
    """One source behind a claim. ``named`` is False for unnamed people and groups."""

    name: str
    kind: SourceKind
    named: bool
    affiliation: str = ""


@dataclass(frozen=True)
class SourceCues:
    """The gazetteer and speaker cues compiled once per lexicon version."""

    gazetteer: re.Pattern[str]
    entries: dict[str, tuple[str, SourceKind, str]]  # written form (no dots) → (canonical, kind, affiliation)
    titles: re.Pattern[str]
    title_kinds: dict[str, SourceKind]
    bodies: re.Pattern[str]  # a body noun ending the phrase
    body_anywhere: re.Pattern[str]
    body_kinds: dict[str, SourceKind]
    vague: re.Pattern[str]
    fillers: re.Pattern[str]
    # speakers.tsv, compiled (see lexicons/README.md for each type)
    generic_titles: frozenset[str] = frozenset()  # titles of the organisation's kind (秘书长)
    vague_anywhere: re.Pattern[str] = _NEVER
    pronoun: re.Pattern[str] = _NEVER  # the whole phrase is a pronoun (他, 她们)
    collective: re.Pattern[str] = _NEVER  # the parties together (双方, 两国)
    leaders: re.Pattern[str] = _NEVER  # the leaders of the parties together (两国元首)
    report_noun: re.Pattern[str] = _NEVER  # 报道, 该报道, 分析: a noun that names no one
    opinion_noun: re.Pattern[str] = _NEVER  # 分析, 评论: an unnamed analysis
    place: re.Pattern[str] = _NEVER  # 莫斯科, 西方国家 (matched at a position)
    quantifier: re.Pattern[str] = _NEVER  # 一位, 一些 opening a phrase
    honorific: re.Pattern[str] = _NEVER  # 先生, 女士 closing a phrase
    leading: re.Pattern[str] = _NEVER  # 如今, 此前 opening a phrase
    relayed: re.Pattern[str] = _NEVER  # 对路透, 告诉福克斯新闻: a relay word, then a gazetteer name
    credit_end: re.Pattern[str] = _NEVER  # 编辑, 翻译 closing a phrase
    verb_end: re.Pattern[str] = _NEVER  # a reporting verb closing a phrase (引述某某称，: 称)
    verb_anywhere: re.Pattern[str] = _NEVER  # a reporting or stance verb (反对, 表示) in a phrase
    role_suffixes: frozenset[str] = frozenset()  # 人, 者: the last character of a role noun
    # surname (one or two characters) → the gazetteer's Chinese person names starting with it
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    determiner: re.Pattern[str] = _NEVER  # 该, 这份 opening a phrase
    issued: re.Pattern[str] = _NEVER  # 发表, 发布了: a document is issued
    issued_end: re.Pattern[str] = _NEVER  # 发布的, 的 closing a phrase
    news: re.Pattern[str] = _NEVER  # 消息, 说法: news put in an agent's mouth
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # type → its words
    word_kinds: dict[str, SourceKind] = field(default_factory=dict)  # word → kind, where given
    # every two adjacent characters of a word ``gazetteer`` or ``titles`` can match: a word
    # only straddles a position whose two neighbouring characters are one of these
    word_bigrams: frozenset[str] = frozenset()
    # (speaker phrase, allow_bare) → what it resolves to whatever came before it in the
    # article, or a marker that it reads the article (see sources.speaker_sources)
    resolved: dict = field(default_factory=dict, compare=False, repr=False)
    # span → (stripped, bounded): see speaker_phrase.cleaned
    cleaned: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)

    # ── what other modules may ask ──────────────────────────────────────────────
    def title_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where job titles are in ``text`` (发言人, 分析人士), as ``(start, end)``."""
        return (m.span() for m in self.titles.finditer(text))

    def name_and_title_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where titles, then gazetteer names, are in ``text``, as ``(start, end)``."""
        for regex in (self.titles, self.gazetteer):
            yield from (m.span() for m in regex.finditer(text))

    def body_at(self, text: str, at: int) -> int | None:
        """The end of the body or document noun starting at ``at`` (声明, 外交部), or ``None``."""
        m = self.body_anywhere.match(text, at)
        return m.end() if m else None

    def body_ending(self, text: str) -> tuple[int, int] | None:
        """The span of the longest body or document noun ending ``text``, or ``None``."""
        m = self.bodies.search(text)
        return m.span() if m else None

    def is_bare_role(self, name: str) -> bool:
        """Whether ``name`` is a title or vague noun alone (专家, 消息人士), qualified by nothing."""
        return bool(self.titles.fullmatch(name) or self.vague_anywhere.fullmatch(name))

    def may_cross(self, text: str, at: int) -> bool:
        """Whether a name or title could hold both ``text[at - 1]`` and ``text[at]``."""
        return text[at - 1 : at + 1] in self.word_bigrams


_CACHE: dict[str, SourceCues] = {}


def alternation(words: Iterable[str]) -> str:
    """A regex for many literal words (a trie), or one that never matches for none."""
    return literal_trie(words) or r"(?!x)x"


def literal_trie(words: Iterable[str]) -> str:
    """A regex for many literal words, shaped as a trie; ``""`` for no words.

    At each position it matches the longest word that starts there and, backtracking, the
    shorter ones in turn, exactly as the flat alternation of the words sorted longest first;
    Python's ``re`` follows one branch per character instead of trying each word in turn.

    >>> literal_trie(["中方", "中", "俄方"])
    '(?:中(?:方)?|俄方)'
    """
    trie: dict[str, dict] = {}
    for word in filter(None, words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # a greedy ?: the longer words through this node are tried before the one ending here
    return f"(?:{body})?" if "" in node else body


# memoised: each source seen so far is compared again for every speaker of the article
@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A name as compared: no middle dot, no spacing (``亚历山大·克罗廖夫`` == ``亚历山大克罗廖夫``)."""
    return NAME_DOTS.sub("", name)


def source_cues(lexicons: Lexicons) -> SourceCues:
    """Compile the gazetteer and speaker cues once per ``lexicons.version``."""
    cached = _CACHE.get(lexicons.version)
    if cached is not None:
        return cached
    entries, gazetteer, names = _gazetteer(lexicons)
    by_type: dict[str, dict[str, SourceKind]] = {"title": {}, "body": {}, "vague_source": {}, "filler": {}}
    for row in lexicons["attribution"]:
        if row["type"] in by_type:
            by_type[row["type"]][row["cue"]] = SourceKind(row["kind"] or "other")
    words, word_kinds = _speaker_words(lexicons)
    verbs = [(r["cue"], r["type"]) for r in lexicons["attribution"]]

    def any_of(*types: str) -> str:
        return alternation(w for t in types for w in words.get(t, ()))

    cues = SourceCues(
        gazetteer=gazetteer,
        entries=entries,
        titles=re.compile(alternation(by_type["title"])),
        title_kinds=by_type["title"],
        bodies=re.compile(rf"(?:{alternation(by_type['body'])})$"),
        body_anywhere=re.compile(alternation(by_type["body"])),
        body_kinds=by_type["body"],
        vague=re.compile(rf"(?:{alternation(by_type['vague_source'])})$"),
        fillers=re.compile(rf"(?:{alternation(by_type['filler'])})$"),
        generic_titles=frozenset(
            r["cue"] for r in lexicons["attribution"] if r["type"] == "title" and not r["kind"]
        ),
        vague_anywhere=re.compile(alternation(by_type["vague_source"])),
        pronoun=re.compile(rf"^(?:{any_of('pronoun')})$"),
        collective=re.compile(rf"^.{{0,4}}(?:{any_of('collective')})$"),
        leaders=re.compile(rf"^.{{0,4}}(?:{any_of('leaders')})$"),
        report_noun=re.compile(rf"^(?:{any_of('determiner')}|有)?(?:{any_of('report', 'opinion')})$"),
        opinion_noun=re.compile(rf"^(?:{any_of('determiner')})?(?:{any_of('opinion')})$"),
        place=re.compile(any_of("place")),
        quantifier=re.compile(rf"^(?:{any_of('quantifier')})"),
        honorific=re.compile(rf"(?:{any_of('honorific')})$"),
        leading=re.compile(rf"^(?:{any_of('leading')})"),
        relayed=re.compile(rf"(?:{any_of('relay')})(?P<outlet>{gazetteer.pattern})"),
        credit_end=re.compile(rf"(?:{any_of('credit')})$"),
        verb_end=re.compile(rf"(?<=..)(?:{alternation(c for c, t in verbs if t in _VERB_TYPES)})$"),
        verb_anywhere=re.compile(alternation(c for c, t in verbs if t in _VERB_TYPES or t == "stance")),
        role_suffixes=frozenset(words.get("role_suffix", ())),
        surnames=_surnames(entries, by_type["body"]),
        determiner=re.compile(rf"^(?:{any_of('determiner')})"),
        issued=re.compile(rf"(?:{any_of('issue')})了?"),
        issued_end=re.compile(rf"(?:{any_of('issue')})的?$|的$"),
        news=re.compile(any_of("news", "report")),
        words=words,
        word_kinds=word_kinds,
        word_bigrams=frozenset(w[i : i + 2] for w in (*names, *by_type["title"]) for i in range(len(w) - 1)),
    )
    _CACHE[lexicons.version] = cues
    return cues


def _gazetteer(lexicons: Lexicons) -> tuple[dict, re.Pattern[str], list[str]]:
    """The gazetteer's entries by name key, one regex for all its names, and the names."""
    entries: dict[str, tuple[str, SourceKind, str]] = {}
    latin: list[str] = []
    for row in lexicons["sources"]:
        kind = SourceKind(row["kind"])
        for form in (row["name"], *row.many("aliases")):
            key = name_key(form)
            entries.setdefault(key, (row["name"], kind, row["affiliation"]))
            if form.isascii():
                latin.append(form)
    han_forms = [f for f in entries if not f.isascii()]
    han = alternation(han_forms)
    # a Latin name is a whole word: Baev, not the start of Baevsky
    names = rf"{han}|(?<![A-Za-z])(?:{literal_trie(latin)})(?![A-Za-z])" if latin else han
    # The lookahead on every name's first character lets the engine skip most positions at
    # once; without it, the lookbehind branch makes it try all names everywhere.
    firsts = re.escape("".join(sorted({f[0] for f in [*han_forms, *latin] if f})))
    gazetteer = re.compile(rf"(?=[{firsts}])(?:{names})" if firsts else names)
    return entries, gazetteer, [*han_forms, *latin]


def _speaker_words(lexicons: Lexicons) -> tuple[dict[str, frozenset[str]], dict[str, SourceKind]]:
    words: dict[str, set[str]] = {}
    kinds: dict[str, SourceKind] = {}
    for row in lexicons["speakers"]:
        words.setdefault(row["type"], set()).add(row["word"])
        if row["kind"]:
            kinds[row["word"]] = SourceKind(row["kind"])
    return {k: frozenset(v) for k, v in words.items()}, kinds


def _surnames(
    entries: dict[str, tuple[str, SourceKind, str]], bodies: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """The gazetteer's Chinese person names (2–4 characters, no body noun) by their first one
    and first two characters, for 郭先生 to find 郭文贵 in the text before it."""
    body = re.compile(rf"(?:{alternation(bodies)})$")
    found: dict[str, list[str]] = {}
    for written, (canonical, kind, _) in entries.items():
        if kind in (SourceKind.MEDIA, SourceKind.STATE_MEDIA) or not re.fullmatch(
            rf"[{_HAN}]{{2,4}}", written
        ):
            continue
        if body.search(written) or written != canonical:
            continue
        for cut in (1, 2):
            found.setdefault(written[:cut], []).append(written)
    return {k: tuple(sorted(v)) for k, v in found.items()}
