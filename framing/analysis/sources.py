"""Who a claim is attributed to: resolve a speaker phrase to a source, then list sources per article.

``resolve_speaker`` turns the words before a reporting verb (``俄罗斯总统普京``,
``香港浸会大学政治学教授高敬文``, ``乌克兰一位高级官员``, ``他``) into ``ResolvedSource``s
using the source gazetteer (``lexicons/sources.tsv``) and the title, body, vague-source and
filler cues of ``lexicons/attribution.tsv``. ``collect_sources`` then counts, per distinct
source, the claims it supports (``SourceMention``), as ../shared/eval/ANNOTATION.md asks:
each distinct source once per article, a surname alone referring back to a named source is
the same source, names compared ignoring the middle dot and spacing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from framing.lexicon import Lexicons
from framing.model import SourceKind, SourceMention, frozen_record

_NAME_DOTS = re.compile(r"[·•・‧\s]+")
_PARENS = re.compile(r"[（(][^（）()]*[）)]")
_HAN = r"\u3400-\u9fff"
_PRONOUN = re.compile(r"^(?:他|她|其)(?:们)?$")
_COLLECTIVE = re.compile(
    r"^.{0,4}(?:双方|两国|两人|二人|两位领导人|两国领导人|双方领导人|两国元首)$|^(?:中俄|俄中)(?:两国|双方)?$"
)
# after a title a longer name is still a name: transliterations (专家科尔科迪诺夫)
_TITLED_NAME = re.compile(rf"^[{_HAN}]{{2,8}}$")
_PERSON_NAME = re.compile(
    rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,10}}(?:[·•・‧][{_HAN}]{{1,12}})+$|^[A-Z][A-Za-z.\-' ]{{1,40}}$"
)
# Prepositional phrases between a speaker and the verb: 向记者, 对此, 在…中, 在接受…采访时, 在华盛顿,
# 接受本台采访时.
_TRAILING_PHRASE = re.compile(
    r"(?:在[^，。]{0,40}?(?:中|上|时|后|期间|之际)|接受[^，。]{0,30}?(?:采访|专访|访问)时?|(?<![存现正实所])在[^，。的]{1,6}|向[^，。]{1,40}|对[^，。]{1,40}|就[^，。]{1,40}|"
    r"通过[^，。]{1,40}|以[^，。]{0,30}|当地时间|\d+[日号]|\d+月\d+[日号]?|[（(][^）)]*[）)])$"
)
# 报道指出, 该报道称, 分析指出: the report or analysis just cited speaks again
_REPORT_NOUN = re.compile(r"^(?:该|这篇|此|有|上述)?(?:报道|报导|报告|文章|消息|分析|评论|报|社|台)$")
_OUTLET_KINDS = (SourceKind.MEDIA, SourceKind.STATE_MEDIA)
# 有分析认为, 也有评论称, 另有报道称: "there is a view that…" introduces a new, unnamed source
# (有关部门, 有些专家, 有效 are not the existential 有)
_EXISTENTIAL = re.compile(r"^(?:另|也|还|更|亦)?有(?![关些效所力利意的])")
_ISSUED = re.compile(r"(?:发表|发布|公布|通过|签署)了?")
# 联合声明全文由外交部网站发布: the subject before a passive 由 is what was issued, not a speaker
# (自由, 理由, 由于 are other words); but news (该消息由…公布) is a claim put in the agent's mouth
_PASSIVE_AGENT = re.compile(r"(?<=.)(?<![自理缘经来因])由(?![于此衷])")
_NEWS_SUBJECT = re.compile(r"消息|说法|信息|新闻")
_DETERMINER = re.compile(r"^(?:该|这份|这一|这项|这篇|此|上述)")
_JOINER = re.compile(r"\s*(?:与|和|及|以及|、|同|跟)\s*")
_LEADING_CONNECTIVE = re.compile(
    r"^(?:而且|而|但是|但|不过|然而|同时|此外|另外|对此|其中|并且|并|且|与此同时|最后|另一方面)"
)
_QUOTED = re.compile(r"[“「『\"][^”」』\"]*[”」』\"]")
_ISSUED_END = re.compile(r"(?:发布|发表|公布)的?$|的$")


@frozen_record
class ResolvedSource:
    """One source behind a claim. ``named`` is False for unnamed people and groups."""

    name: str
    kind: SourceKind
    named: bool
    affiliation: str = ""


@dataclass(frozen=True)
class SourceCues:
    """The gazetteer and source cues compiled once per lexicon version."""

    gazetteer: re.Pattern[str]
    entries: dict[str, tuple[str, SourceKind, str]]  # written form (no dots) → (canonical, kind, affiliation)
    titles: re.Pattern[str]
    title_kinds: dict[str, SourceKind]
    bodies: re.Pattern[str]  # a body noun ending the phrase
    body_anywhere: re.Pattern[str]
    body_kinds: dict[str, SourceKind]
    vague: re.Pattern[str]
    fillers: re.Pattern[str]
    # every two adjacent characters of a word ``gazetteer`` or ``titles`` can match: a word
    # only straddles a position whose two neighbouring characters are one of these
    word_bigrams: frozenset[str] = frozenset()
    # (speaker phrase, allow_bare) → what it resolves to whatever came before it in the
    # article, or _NEEDS_CONTEXT (see speaker_sources)
    resolved: dict = field(default_factory=dict, compare=False, repr=False)


_CACHE: dict[str, SourceCues] = {}


def _alternation(words: Iterable[str]) -> str:
    return literal_trie(words) or r"(?!x)x"


def literal_trie(words: Iterable[str]) -> str:
    """A regex for many literal words, shaped as a trie; ``""`` for no words.

    At each position it matches the longest word that starts there and, backtracking, the
    shorter ones in turn, exactly as the flat alternation of the words sorted longest first;
    but Python's ``re`` tries a flat alternation's words one by one, while the trie follows
    one branch per character (1.6x faster on the gazetteer's 376 Chinese names).

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


def source_cues(lexicons: Lexicons) -> SourceCues:
    """Compile the gazetteer and cue tables once per ``lexicons.version``."""
    cached = _CACHE.get(lexicons.version)
    if cached is not None:
        return cached
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
    han = _alternation(han_forms)
    # a Latin name is a whole word: Baev, not the start of Baevsky
    names = rf"{han}|(?<![A-Za-z])(?:{literal_trie(latin)})(?![A-Za-z])" if latin else han
    # The lookahead on every name's first character lets the engine skip most positions at
    # once; without it, the lookbehind branch makes it try all names everywhere (30x slower).
    firsts = re.escape("".join(sorted({f[0] for f in [*han_forms, *latin] if f})))
    gazetteer = re.compile(rf"(?=[{firsts}])(?:{names})" if firsts else names)
    by_type: dict[str, dict[str, SourceKind]] = {"title": {}, "body": {}}
    vague: list[str] = []
    fillers: list[str] = []
    for row in lexicons["attribution"]:
        if row["type"] in by_type:
            by_type[row["type"]][row["cue"]] = SourceKind(row["kind"] or "other")
        elif row["type"] == "vague_source":
            vague.append(row["cue"])
        elif row["type"] == "filler":
            fillers.append(row["cue"])
    cues = SourceCues(
        gazetteer=gazetteer,
        entries=entries,
        titles=re.compile(_alternation(by_type["title"])),
        title_kinds=by_type["title"],
        bodies=re.compile(rf"(?:{_alternation(by_type['body'])})$"),
        body_anywhere=re.compile(_alternation(by_type["body"])),
        body_kinds=by_type["body"],
        vague=re.compile(rf"(?:{_alternation(vague)})$"),
        fillers=re.compile(rf"(?:{_alternation(fillers)})$"),
        word_bigrams=frozenset(
            w[i : i + 2] for w in (*han_forms, *latin, *by_type["title"]) for i in range(len(w) - 1)
        ),
    )
    _CACHE[lexicons.version] = cues
    return cues


# memoised: each source seen so far is compared again for every speaker of the article
@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A name as compared: no middle dot, no spacing (``亚历山大·克罗廖夫`` == ``亚历山大克罗廖夫``)."""
    return _NAME_DOTS.sub("", name)


def clean_speaker(span: str, cues: SourceCues) -> str:
    """Strip connectives before and fillers/prepositional phrases after a speaker phrase."""
    # keyed by the filler regex's source text: hashing a compiled pattern hashes its code
    return _clean_speaker(span, cues.fillers.pattern)


# One speaker phrase is cleaned several times per sentence (to find the speaker, to check it,
# to resolve it); the result depends only on the phrase and the filler regex.
@lru_cache(maxsize=8192)
def _clean_speaker(span: str, fillers_regex: str) -> str:
    fillers = re.compile(fillers_regex)  # from re's own cache after the first call
    text = _QUOTED.sub("", span).strip(" ，,：:、")
    text = _LEADING_CONNECTIVE.sub("", text)
    if "被" in text:  # 这次会晤被美国官员(认为): the holder of a passive is the speaker
        text = text.rsplit("被", 1)[1]
    existential = _EXISTENTIAL.match(text)
    if existential and len(text) - existential.end() >= 2:
        text = text[existential.end() :]  # 有专家 → 专家; 有人 stays
    for _ in range(6):
        before = text
        text = fillers.sub("", text).rstrip(" ，,")
        text = _TRAILING_PHRASE.sub("", text).rstrip(" ，,")
        text = _ISSUED_END.sub("", text)
        if text == before:
            break
    return text.strip()


# The same speaker phrases come back sentence after sentence (他, 外交部发言人汪文斌); finding
# the names and titles in them is the costly part of resolving one. Keyed by the regex's
# source text (hashing a compiled pattern hashes its code); match objects are read-only.
@lru_cache(maxsize=8192)
def _matches(regex: str, text: str) -> tuple[re.Match[str], ...]:
    return tuple(re.compile(regex).finditer(text))


def is_existential(span: str, *, only: bool = False) -> bool:
    """Whether a speaker phrase opens with the existential 有 (有分析, 也有评论, 另有报道);
    with ``only``, whether it is nothing else (有, 也有)."""
    text = _LEADING_CONNECTIVE.sub("", span.strip(" ，,：:、"))
    return bool((_EXISTENTIAL.fullmatch if only else _EXISTENTIAL.match)(text))


def is_unnamed_noun(word: str, cues: SourceCues) -> bool:
    """A noun that speaks for no one in particular (分析, 评论, 报道, 外界, 舆论)."""
    return bool(_REPORT_NOUN.match(word) or cues.vague.fullmatch(word))


def resolve_speaker(
    span: str, cues: SourceCues, earlier: Sequence[ResolvedSource] = (), context: str = ""
) -> tuple[ResolvedSource, ...]:
    """The source(s) a speaker phrase names; ``()`` when it names none (双方, or no speaker).

    ``earlier`` are the article's sources so far, newest last: a pronoun takes the nearest
    named person, a surname alone takes the named source it ends, ``报道`` the last outlet.
    ``context`` is the article text before the sentence: a bare name takes its kind from a
    title written before it there (教授黄伟国 … 黄伟国说).

    Examples: ``俄罗斯总统普京`` → 普京 (official, from the gazetteer);
    ``香港浸会大学政治学教授高敬文`` → 高敬文 (expert, from the title 教授);
    ``乌克兰一位高级官员`` → itself (anonymous).
    """
    return speaker_sources(span, cues, earlier, context, allow_bare=True) or ()


class _NeedsContext(Exception):
    """Raised by ``_NO_CONTEXT`` when resolving a phrase reads the article before it."""


class _NoContext:
    """Stands in for ``earlier`` and ``context`` while finding out whether a phrase resolves
    the same whatever the article said before it: any use of it raises ``_NeedsContext``."""

    def _refuse(self, *args, **kwargs):
        raise _NeedsContext

    __iter__ = __reversed__ = __len__ = __bool__ = __getitem__ = find = rfind = _refuse

    def __getattr__(self, name: str):
        raise _NeedsContext


_NO_CONTEXT = _NoContext()
_NEEDS_CONTEXT = object()
_UNSEEN = object()
_MAX_RESOLVED = 50_000  # phrases remembered per lexicon version before starting afresh


def speaker_sources(
    span: str,
    cues: SourceCues,
    earlier: Sequence[ResolvedSource] = (),
    context: str = "",
    *,
    allow_bare: bool = True,
) -> tuple[ResolvedSource, ...] | None:
    """Like ``resolve_speaker``, but ``None`` when the phrase is no speaker at all and ``()``
    when it is one that names no citable source (双方, a pronoun with nothing before it).

    The same phrases come back sentence after sentence (外交部发言人汪文斌, 普京): a phrase
    whose resolution never read ``earlier`` or ``context`` (a gazetteer name, a title with a
    known name, an unnamed source) is remembered per lexicon version; the others (他, 报道,
    a bare surname) are resolved every time.
    """
    memo = cues.resolved
    key = (span, allow_bare)
    known = memo.get(key, _UNSEEN)
    if known is _UNSEEN:
        try:
            known = _speaker_sources(span, cues, _NO_CONTEXT, _NO_CONTEXT, allow_bare)  # type: ignore[arg-type]
        except _NeedsContext:
            known = _NEEDS_CONTEXT
        if len(memo) >= _MAX_RESOLVED:
            memo.clear()
        memo[key] = known
    if known is _NEEDS_CONTEXT:
        return _speaker_sources(span, cues, earlier, context, allow_bare)
    return known


def _speaker_sources(
    span: str, cues: SourceCues, earlier: Sequence[ResolvedSource], context: str, allow_bare: bool
) -> tuple[ResolvedSource, ...] | None:
    text = clean_speaker(span, cues)
    bare = _PARENS.sub("", text).strip()
    if not bare or len(bare) > 60:
        return None
    passive = _PASSIVE_AGENT.search(bare)
    if passive and not _NEWS_SUBJECT.search(bare[: passive.start()]):
        return None
    if _EXISTENTIAL.fullmatch(bare):
        return ()  # 另有报道称: the noun is in the frame; no one is named
    if (
        is_existential(span)
        and len(bare) <= 4
        and not (cues.titles.search(bare) or cues.gazetteer.search(bare))
    ):
        # 有分析认为 → 分析, 有声音指出 → 声音: an unnamed source, never a back-reference
        return (ResolvedSource(bare, SourceKind.ANONYMOUS, False),)
    if _PRONOUN.match(bare):
        person = seen_sources(earlier, cues).last_person
        return (person,) if person else ()
    if _REPORT_NOUN.match(bare):
        outlet = seen_sources(earlier, cues).last_outlet
        return (outlet,) if outlet else ()
    if _COLLECTIVE.match(bare):
        return ()
    hits = _matches(cues.gazetteer.pattern, bare)
    body = cues.bodies.search(bare)
    names = bare.split("、")
    if len(names) > 2 and hits and all(name_key(n) in cues.entries or _TITLED_NAME.match(n) for n in names):
        # 普京、托卡耶夫、费尔南德斯也在开幕式致辞: a list of names, each a source
        return tuple(
            dict.fromkeys(_named(n, cues, earlier, _kind_from_context(n, cues, context)) for n in names)
        )
    if hits and hits[-1].end() == len(bare) and (not body or len(hits[-1].group()) > len(body.group())):
        # the speaker ends with gazetteer names (俄罗斯总统网站; 外交部发言人汪文斌; 习近平与普京)
        run = [hits[-1]]
        for m in reversed(hits[:-1]):
            if not _JOINER.fullmatch(bare[m.end() : run[0].start()]):
                break
            run.insert(0, m)
        return tuple(dict.fromkeys(_gazetteer_source(cues, m.group()) for m in run))
    if body:
        # 两位领导人的声明, 中方通稿: the document or body is the source (双方发表联合声明 → 联合声明)
        name = _ISSUED.split(bare)[-1] or bare
        before = _document_named_before(name, cues, earlier, context)
        return (before or ResolvedSource(name, cues.body_kinds[body.group()], True),)
    # a title followed by a name: the name is the source, the title says its kind
    titles = _matches(cues.titles.pattern, bare)
    if titles:
        name = bare[titles[-1].end() :].strip(" ，")
        if name and (_PERSON_NAME.match(name) or _TITLED_NAME.match(name)) and not name.startswith("的"):
            return (_named(name, cues, earlier, cues.title_kinds[titles[-1].group()]),)
    if titles and bare.endswith(titles[-1].group()):
        # 阿利耶夫总统: a known name before the title; 俄罗斯专家: no name, an unnamed source
        before = bare[: titles[-1].start()]
        if hits and hits[-1].end() == len(before):
            return (_gazetteer_source(cues, hits[-1].group()),)
        named = _back_reference(before, earlier, cues)
        if named is not None:
            return (named,)
        if "·" in before and _PERSON_NAME.match(before):
            return (_named(before, cues, earlier, cues.title_kinds[titles[-1].group()]),)
        return (ResolvedSource(bare, SourceKind.ANONYMOUS, False),)
    if cues.vague.search(bare):
        return (ResolvedSource(bare, SourceKind.ANONYMOUS, False),)
    # 洛伊国际政策研究所的波布•罗: an institution, then the person
    head, _, tail = bare.rpartition("的")
    head_kind = _kind_of_phrase(head, cues) if head else SourceKind.OTHER
    if head_kind is not SourceKind.OTHER and _PERSON_NAME.match(tail):
        return (_named(tail, cues, earlier, head_kind),)
    if hits:
        return tuple(dict.fromkeys(_gazetteer_source(cues, m.group()) for m in hits))
    back = _back_reference(bare, earlier, cues)
    if back is not None:
        return (back,)
    kind = _kind_from_context(bare, cues, context)
    if _PERSON_NAME.match(bare) and (allow_bare or kind is not SourceKind.OTHER):
        return (_named(bare, cues, earlier, kind),)
    return None


def _document_named_before(
    name: str, cues: SourceCues, earlier: Sequence[ResolvedSource], context: str
) -> ResolvedSource | None:
    """声明 alone (该声明, 这份声明) is the document named before it: 联合声明, 两位领导人的声明.

    A source cited earlier whose name ends with the noun comes first; otherwise the last
    longer body noun of the lexicon ending with it in the article so far (联合声明).
    """
    noun = _DETERMINER.sub("", name)
    if noun not in cues.body_kinds:
        return None
    source = seen_sources(earlier, cues).last_ending_with(noun)
    if source is not None:
        return source
    longer = [w for w in cues.body_kinds if w != noun and w.endswith(noun)]
    before = text_before(context, cues)
    last = max(((before.rfind(w), w) for w in longer), default=(-1, ""))
    return ResolvedSource(last[1], cues.body_kinds[last[1]], True) if last[0] >= 0 else None


def _kind_of_phrase(phrase: str, cues: SourceCues) -> SourceKind:
    """The kind an institution or title phrase gives the person after it (研究所 → expert)."""
    kinds = {**cues.body_kinds, **cues.title_kinds}
    words = [m.group() for m in cues.titles.finditer(phrase)]
    body = cues.body_anywhere.search(phrase)
    if body:
        words.append(body.group())
    return kinds[words[-1]] if words else SourceKind.OTHER


def _back_reference(name: str, earlier: Sequence[ResolvedSource], cues: SourceCues) -> ResolvedSource | None:
    """A surname alone that ends a named source cited before (科尔科迪诺夫 → 丹尼斯·科尔科迪诺夫):
    the latest named source whose name is ``name``, or ends with it and has a middle dot."""
    key = name_key(name)
    if len(key) < 2:
        return None
    seen = seen_sources(earlier, cues)
    return seen.latest(seen.same_name.get(key), seen.dotted_ending.get(key))


def _gazetteer_source(cues: SourceCues, written: str) -> ResolvedSource:
    canonical, kind, affiliation = cues.entries[name_key(written)]
    return ResolvedSource(canonical, kind, True, affiliation)


def _kind_from_context(name: str, cues: SourceCues, context: str | TextBefore) -> SourceKind:
    """A bare name's kind from a title written before it earlier in the article (教授黄伟国):
    the first time the name is written (its occurrences read left to right, not overlapping)
    right after a title (``_title_kind_at``)."""
    return text_before(context, cues).title_kind_before(name)


def _title_kind_at(text: str, at: int, cues: SourceCues) -> SourceKind | None:
    """The kind of the title that ends at ``at`` within the 8 characters before it, if any."""
    before = text[max(0, at - 8) : at]
    found = [t for t in cues.titles.finditer(before) if t.end() == len(before)]
    return cues.title_kinds[found[-1].group()] if found else None


def _is_person(source: ResolvedSource, cues: SourceCues) -> bool:
    """A named person (not an outlet, body or document), for 他/她 to refer back to."""
    if source.kind in (SourceKind.MEDIA, SourceKind.STATE_MEDIA) or cues.bodies.search(source.name):
        return False
    return bool(_PERSON_NAME.match(source.name))


def _named(
    name: str, cues: SourceCues, earlier: Sequence[ResolvedSource], kind: SourceKind
) -> ResolvedSource:
    key = name_key(name)
    entry = cues.entries.get(key)
    if entry:
        return ResolvedSource(entry[0], entry[1], True, entry[2])
    # the latest named source whose name is this one, ends with it, or ends this one
    seen = seen_sources(earlier, cues)
    found = seen.latest(
        seen.name_ending.get(key), *(seen.same_name.get(key[cut:]) for cut in range(1, len(key) + 1))
    )
    return found or ResolvedSource(name, kind, True)


# ── what the article said before: indexes built once per article ──────────────────
# Resolving a speaker reads the sources cited so far and the text before the sentence.
# Scanning them anew for every sentence made a long article's analysis quadratic in its
# length (a 10 MB article: 10 minutes); these indexes answer the same questions, with the
# same answers, in time that does not grow with the article.

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
        if source.kind in _OUTLET_KINDS:
            self.last_outlet = source
        if not source.named:
            return
        if _is_person(source, self.cues):
            self.last_person = source
        key = name_key(source.name)
        self._set(self.same_name, key, entry)
        for cut in range(len(key) + 1):
            self._set(self.name_ending, key[cut:], entry)
        if _NAME_DOTS.search(source.name):
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
        raise _NeedsContext
    return SeenSources(cues, earlier)


class TextBefore:
    """The article's text before the sentence being resolved, ``text[:end]``, with the two
    lookups resolution makes in it indexed once per article (``up_to`` shares the indexes):
    ``rfind`` of a word, and the kind of the title a name is first written after."""

    def __init__(
        self, text: str, cues: SourceCues, end: int | None = None, index: _TextIndex | None = None
    ):
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
        raise _NeedsContext
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
                kind = _title_kind_at(self.text, at, self.cues)
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


def collect_sources(attributions: Iterable[tuple[int, ResolvedSource]]) -> tuple[SourceMention, ...]:
    """One ``SourceMention`` per distinct source, in order of first citation.

    ``attributions`` are ``(sentence_index, source)`` pairs; the same source cited twice in
    one sentence counts once.
    """
    order: dict[str, ResolvedSource] = {}
    sentences: dict[str, dict[int, None]] = {}  # a dict keeps the order; ``in`` on a list was quadratic
    for index, source in attributions:
        key = name_key(source.name)
        order.setdefault(key, source)
        sentences.setdefault(key, {})[index] = None
    return tuple(
        SourceMention(
            name=source.name,
            kind=source.kind,
            named=source.named,
            claims=len(sentences[key]),
            sentence_indices=tuple(sentences[key]),
            affiliation=source.affiliation,
        )
        for key, source in order.items()
    )
