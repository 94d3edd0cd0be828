"""Load, validate and merge the lexicon tables (plain TSV files a user can read and extend).

Every table is a UTF-8 TSV file named ``<table>.tsv``: lines starting with ``#`` are
comments, the first other line is the header, then one entry per line. Cells holding
several values separate them with ``|``. The schema of each table (its columns, which
of them must be filled, and the values a column allows) is in ``SCHEMAS`` and in
``lexicons/README.md``.

The built-in tables ship inside the package (``framing/lexicons``, read with
``importlib.resources``). A user's files are layered on top with ``load_lexicons(extra)``:
a file or folder; each file's stem names the table it extends; an entry whose key
(the first column) is already present replaces the built-in one.

Errors name the file and the line: ``loaded_terms.tsv:12: column 'category' ...``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from framing.errors import LexiconError


@dataclass(frozen=True)
class Schema:
    """The columns of one table. ``required`` cells may not be empty; ``allowed`` lists enums."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    allowed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    description: str = ""
    # columns whose cells hold several ``|``-separated values, each one checked against ``allowed``
    lists: tuple[str, ...] = ()
    # columns a file's header may leave out (their cells are then empty): columns added after
    # users wrote their own files, so those files stay valid
    optional: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.columns[0]


_OUTLET_KINDS = frozenset(
    {"state media", "public international broadcaster", "commercial", "partisan", "other"}
)
_SOURCE_KINDS = frozenset({"official", "state_media", "media", "expert", "anonymous", "partisan", "other"})

SCHEMAS: dict[str, Schema] = {
    "loaded_terms": Schema(
        columns=("term", "category", "stance", "note", "not_in", "topic"),
        required=("term", "category", "note"),
        optional=("not_in", "topic"),
        allowed={
            "category": frozenset(
                {
                    "derogatory_label",
                    "war_metaphor",
                    "insulting_metaphor",
                    "conspiracy",
                    "hyperbole",
                    "official_euphemism",
                    "contested_term",
                    "ideological_label",
                    "propaganda_formula",
                }
            ),
            "stance": frozenset({"", "pro_beijing", "pro_moscow", "critical", "anti_west", "anti_ccp"}),
        },
        description="Loaded terms with their category and, where one applies, the stance they signal.",
    ),
    "markers": Schema(
        columns=("term", "type", "note"),
        required=("term", "type"),
        allowed={"type": frozenset({"hedge", "booster", "opinion", "distancing"})},
        description="Hedges, boosters (intensifiers), opinion labels and distancing markers.",
    ),
    "attribution": Schema(
        columns=("cue", "type", "kind", "note"),
        required=("cue", "type"),
        allowed={
            "kind": _SOURCE_KINDS | {""},  # for title / vague_source / document cues: the source kind
            "type": frozenset(
                {
                    "neutral",
                    "assertive",
                    "distancing",
                    "cognitive",
                    "disclosure",
                    "frame",
                    "vague_source",
                    "not_cue",  # look-alikes that are not reporting verbs (称呼, 称为)
                    "inference",  # the writer's own inference after an attribution (明显暗示)
                    "judgement",  # modal judgements and motive-reading that make a sentence E
                    "title",  # job titles: what kind of source a title + name is (教授 → expert)
                    "body",  # organisations and documents that speak themselves (声明, 通稿, 外交部)
                    "stance",  # verbs that report only before a clause or quote (支持，…)
                    "filler",  # words between a speaker and the verb (还, 星期二, 本人)
                    "cited",  # a source cited inside the writer's sentence (正如{src}所言)
                    "naming",  # nouns after a quoted name (“一带一路”倡议): not a scare quote
                }
            ),
        },
        description="Attribution cues: reporting verbs by what they signal, frame patterns, vague sources, "
        "and the editorial cues (inference, judgement) that override them.",
    ),
    "claims": Schema(
        columns=("cue", "type", "note"),
        required=("cue", "type"),
        allowed={
            "type": frozenset(
                {
                    "concessive",  # 尽管, 虽然: the writer's point follows a conceded attribution
                    "concessive_lead",  # 然而, 但是: may stand before a concession
                    "relay",  # 引述, 援引: a source relaying another
                    "scene_opener",  # 在, 随着: a scene-setting clause opens with it
                    "scene_closer",  # 之后, 期间: a scene-setting clause ends with it
                    "frame_linker",  # 而, 但: a frame after it still opens its clause
                    "not_before_verb",  # 所, 被: a reporting verb after it reports nothing
                    "not_after_verb",  # 的: a reporting verb before it is a modifier
                    "passive_verb",  # 被认为, 被视为 with no holder
                    "passive_adverb",  # 被普遍认为
                    "naming_verb",  # 被俄罗斯称为X: a name, not a claim
                    "first_person",  # 我, 我们
                    "not_first_person",  # 我国, 我军: the outlet's own voice
                    "third_person",  # 他, 她: the writer tells of someone
                    "enumerator",  # 一是, 第二: a numbered point of a speech
                    "meeting_action",  # 讨论了, 进行了会谈: the writer narrates an action
                    "quote_introducer",  # 所称“…”, 名为“…”: someone's words or a name
                    "party",  # 双方, 中方 stating a position
                    "party_pair",  # 中俄 before a party
                    "position_adverb",  # 双方一致同意
                    "position_verb",  # 双方坚持, 中方愿
                    "committing_party",  # 双方, 我们 making a commitment
                    "commitment_adverb",  # 双方也要
                    "commitment_verb",  # 要, 应, 将
                    # the writer's own stance in neutral-looking words (rule ``writer_stance``)
                    "interpretive_frame",  # 意味着, 标志着, 为…奠定了基础, …的体现
                    "mind_reading",  # 心里清楚, 如意算盘: an actor's mind read with no source
                    "evaluative_predicate",  # 激怒, 铸就, 雪上加霜: evaluative verbs and idioms
                    "deontic",  # 必须, 不应: what ought to be, in the writer's voice
                    "prediction",  # 一定会, 势将: the writer's forecast
                    "reception",  # 备受关注, 引发外界猜测: reception with no one named
                }
            ),
        },
        description="Grammar cues of the claim labeller: concessions, relays, scene-setting clauses, "
        "passives without a holder, first person, a party's position or commitment.",
        lists=("type",),
    ),
    "sources": Schema(
        columns=("name", "kind", "affiliation", "aliases", "note"),
        required=("name", "kind"),
        allowed={"kind": _SOURCE_KINDS},
        description="Source gazetteer: officials, outlets, institutions; also fed to the segmenter.",
    ),
    "speakers": Schema(
        columns=("word", "type", "kind", "note"),
        required=("word", "type"),
        allowed={
            "type": frozenset(
                {
                    "pronoun",  # 他, 她们: the nearest named person cited before
                    "collective",  # the parties together name no one source (双方, 两国)
                    "leaders",  # the leaders of the parties together (两国元首)
                    "report",  # a report or analysis just cited speaks again (报道, 分析)
                    "determiner",  # refers back to a document named before (该, 这份)
                    "issue",  # issuing a document (发表, 发布): the document speaks
                    "news",  # news put in an agent's mouth (该说法由X公布), besides report nouns
                    "opinion",  # an analysis with no one named: an unnamed source (分析指出)
                    "place",  # a country, capital or group of states for its government (莫斯科)
                    "quantifier",  # opens an unnamed person or group (一位, 一些, 多名)
                    "honorific",  # after a name (先生, 女士); after a surname, the person named before
                    "leading",  # a time word opening the clause, not part of the speaker (如今)
                    "role_suffix",  # ends a role noun that continues a name's phrase (创始人)
                    "relay",  # between a speaker and the outlet told (对, 告诉): the outlet is cited too
                    "credit",  # a production credit (编辑, 翻译): a byline, no speaker
                    "surname",  # a family name: before an address title, a named person (李明教授)
                    "address",  # a title written after a name as a form of address (教授, 部长)
                    "post",  # a post one person holds in the body or country before it (总统)
                    "voice",  # a title speaking for the body before it: the body (发言人)
                    "unspecified",  # a country left unspecified (某国): no alias of a named one applies
                    "agency_suffix",  # closes a government office's name (署, 局, 办): official
                    "occasion",  # where words were said, before 中 with no 在 (直播中): not the speaker
                    "evidence",  # a verb of evidence (表明, 显示): an act before it is no speaker
                    "generic_say",  # closes the words before a 说 that reports nothing (什么就说什么)
                }
            ),
            "kind": _SOURCE_KINDS | {""},
        },
        description="Speaker words: places for governments, quantifiers, honorifics, and words that open, "
        "close or break a speaker phrase.",
    ),
    "outlets": Schema(
        columns=("outlet", "kind", "country", "domains", "names", "note"),
        required=("outlet", "kind"),
        allowed={"kind": _OUTLET_KINDS},
        description="Outlets by domain and name, with their kind and country.",
    ),
    "topic": Schema(
        columns=("term", "note"),
        required=("term",),
        description="Words that put a story of a multi-story broadcast digest on the China–Russia topic.",
    ),
    "aliases": Schema(
        columns=("variant", "canonical", "note"),
        required=("variant", "canonical"),
        description="Spellings converters miss (普丁 → 普京), applied after traditional → simplified.",
    ),
    "ingest_roles": Schema(
        columns=("term", "type", "note"),
        required=("term", "type"),
        allowed={
            "type": frozenset(
                {
                    "credit",  # at a line's start before a colon: a byline (摄影：)
                    "credit_anywhere",  # also before a colon later in a short line (责编：)
                    "author_credit",  # a credit whose name is the article's author (作者：)
                    "author_prefix",  # names the author on a byline, no credit alone (文：)
                    "credit_phrase",  # a credit with '…' for the name (记者…报道)
                    "repost",  # 转载自 and a site name ending a short line
                    "agency",  # in a parenthesised short line: an agency credit (（新华社）)
                    "dateline_word",  # ends a dateline (…12月15日消息); in parentheses a credit too
                    "date_label",  # a label before a time stamp (更新时间：)
                    "end_mark",  # the end of a story in brackets (（完）)
                    "disclaimer",
                    "disclaimer_start",
                    "links_lead",  # starts a line listing links or sources (延伸阅读)
                    "greeting",  # opens a broadcast transcript (大家好，欢迎收看…)
                    "footer",
                    "feed_footer",  # a footer after which lines of links are the site's too
                    "footer_line",  # a whole line that is a footer (Privacy Policy)
                    "caption",
                    "caption_start",
                    "caption_class",  # HTML class names (case-insensitive, part of a name)
                    "furniture_class",
                    "furniture_class_word",  # a whole word of the class attribute (ad)
                    "embed_class",  # an embedded social-media post (twitter-tweet)
                }
            )
        },
        description="Words that give a paragraph its role at ingest: credits, disclaimers, captions.",
    ),
}


@dataclass(frozen=True)
class LexiconRow:
    """One entry, with where it came from so later errors can point at it."""

    values: Mapping[str, str]
    file: str
    line: int

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def many(self, column: str) -> tuple[str, ...]:
        """The ``|``-separated values of a cell, stripped, empty ones dropped."""
        return tuple(v.strip() for v in self[column].split("|") if v.strip())


@dataclass(frozen=True)
class LexiconTable:
    name: str
    schema: Schema
    rows: tuple[LexiconRow, ...]
    files: tuple[str, ...]

    def __iter__(self) -> Iterator[LexiconRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Lexicons:
    """All tables, built-in first and the user's layered on top."""

    tables: Mapping[str, LexiconTable]
    version: str  # hash of every row: changes whenever any entry does (cache key)

    def __getitem__(self, name: str) -> LexiconTable:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no lexicon table {name!r}; tables: {', '.join(sorted(self.tables))}") from None


def builtin_dir() -> Path:
    """The folder holding the built-in tables: inside the installed package, or the checkout's."""
    packaged = resources.files("framing") / "lexicons"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "lexicons"
    if checkout.is_dir():
        return checkout
    raise LexiconError(str(packaged), 0, "built-in lexicons are missing from the installation")


def read_table(path: Path, name: str | None = None) -> LexiconTable:
    """Read and validate one TSV file. Raises ``LexiconError`` naming the file and line."""
    name = name or path.stem
    schema = SCHEMAS.get(name)
    if schema is None:
        raise LexiconError(
            str(path), 0, f"unknown table {name!r}: the file name must be one of {', '.join(sorted(SCHEMAS))}"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError(str(path), 0, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise LexiconError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    return LexiconTable(name, schema, tuple(_parse_rows(text, schema, str(path))), (str(path),))


def _parse_rows(text: str, schema: Schema, path: str) -> Iterator[LexiconRow]:
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            missing = [c for c in schema.columns if c not in cells and c not in schema.optional]
            if missing:
                raise LexiconError(
                    path,
                    number,
                    f"header lacks column(s) {', '.join(missing)}; expected tab-separated "
                    f"{', '.join(schema.columns)}",
                )
            header = cells
            continue
        if len(cells) > len(header):
            raise LexiconError(
                path, number, f"{len(cells)} cells but the header has {len(header)} (stray tab?)"
            )
        values = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        for column in schema.required:
            if not values.get(column):
                raise LexiconError(path, number, f"column {column!r} is empty")
        for column, allowed in schema.allowed.items():
            cell = values.get(column, "")
            for value in [v.strip() for v in cell.split("|")] if column in schema.lists else [cell]:
                if value and value not in allowed:
                    raise LexiconError(
                        path,
                        number,
                        f"{column} {value!r} is not one of: {', '.join(sorted(a for a in allowed if a))}",
                    )
        yield LexiconRow(values, path, number)
    if header is None:
        raise LexiconError(path, 0, f"no header line; expected {', '.join(schema.columns)}")


def _merge(base: LexiconTable, extra: LexiconTable) -> LexiconTable:
    key = base.schema.key
    replaced = {row[key] for row in extra.rows}
    kept = tuple(row for row in base.rows if row[key] not in replaced)
    return LexiconTable(base.name, base.schema, kept + extra.rows, base.files + extra.files)


def _table_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix == ".tsv")
    if path.is_file():
        return [path]
    raise LexiconError(str(path), 0, "no such file or folder")


def check_lexicon(path: Path) -> list[LexiconTable]:
    """Validate a user's lexicon file or folder; returns its tables or raises ``LexiconError``."""
    return [read_table(p) for p in _table_files(Path(path))]


def load_lexicons(extra: Iterable[Path | str] = ()) -> Lexicons:
    """The built-in tables with the user's files (each a file or a folder) merged over them."""
    tables = {p.stem: read_table(p) for p in _table_files(builtin_dir())}
    for name, schema in SCHEMAS.items():
        tables.setdefault(name, LexiconTable(name, schema, (), ()))
    for path in extra:
        for table in check_lexicon(Path(path)):
            tables[table.name] = _merge(tables[table.name], table)
    return Lexicons(tables, _version(tables.values()))


def _version(tables: Sequence[LexiconTable] | Iterable[LexiconTable]) -> str:
    digest = hashlib.sha1()
    for table in sorted(tables, key=lambda t: t.name):
        digest.update(table.name.encode())
        for row in table.rows:
            digest.update("\t".join(row[c] for c in table.schema.columns).encode())
            digest.update(b"\n")
    return digest.hexdigest()[:16]
