"""Story lists in exports: where the records sit in a JSON document, and which field of a record
holds its title, text, date, address, outlet, author and event.

A scraper's or an app's export rarely puts its stories at the top:
``{"code": 0, "data": {"list": [{"id": 1, "detail": {"title": …, "pubtime": …, "content":
"<p>…</p>"}}]}}``. ``story_records`` walks the document for every array of objects (and the
document itself, as one record), flattens each record's nested objects into dotted names
(``detail.title``), and keeps the array where most records have a text field, one whose
records have a title first (an article holding an array of comments is the article).

``choose_fields`` names the field of each kind once for the whole list, by the usual names
(``content``, ``body``, ``正文`` …, matched on the last part of a dotted name, the first
name listed winning and a shallower field before a deeper one); for the text, when no field
has such a name, the string field with the longest values (over ``MIN_TEXT_CHARS`` on average
or holding HTML). The ledger entry of each record says which fields were used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from framing.ingest.readers.html import looks_like_html

COLUMNS = {
    "text": (
        "text", "body", "content", "article", "fulltext", "full_text", "content_html", "html",
        "正文", "内容", "內容",
    ),
    "title": ("title", "headline", "标题", "標題", "题目"),
    "url": ("url", "link", "href", "source_url", "share_url", "网址", "链接"),
    "outlet": ("outlet", "source", "publisher", "media", "site", "site_name", "来源", "媒体"),
    "date": (
        "date", "published", "published_at", "publish_date", "pubdate", "pubtime", "pub_time",
        "publish_time", "publishtime", "datetime", "time", "created_at", "日期", "时间", "发布时间",
    ),
    "author": ("author", "byline", "authors", "作者"),
    "event": ("event",),
}  # fmt: skip
MIN_TEXT_CHARS = 80  # an unnamed field is the text when its values are this long on average
_MAX_DEPTH = 8  # how deep arrays and nested records are looked for


@dataclass(frozen=True)
class StoryList:
    """The records of an export, where they were found, and the field chosen for each kind."""

    records: list[object]  # flattened mappings, or an error/other value kept for its ledger line
    location: str  # dotted path of the array in the document ("" for the top)
    fields: Mapping[str, tuple[str, ...]]  # kind (text, title, date …) → dotted field names, best first

    def describe(self) -> str:
        """One line for the ledger: where the records were and which fields were read."""
        used = ", ".join(f"{kind} from {names[0]}" for kind, names in self.fields.items())
        where = f"records at {self.location}; " if self.location else ""
        return f"{where}{used}"


def flatten(record: Mapping, prefix: str = "", depth: int = 0) -> dict[str, object]:
    """The record's values by dotted name: nested objects descended into, lists kept whole."""
    flat: dict[str, object] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and depth < _MAX_DEPTH:
            flat.update(flatten(value, name + ".", depth + 1))
        else:
            flat[name] = value
    return flat


def _candidates(names: Sequence[str], kind: str) -> list[str]:
    """The field names of ``kind``, best first: by the rank of their last part in ``COLUMNS``,
    then the shallower first."""
    wanted = {name: rank for rank, name in enumerate(COLUMNS[kind])}
    found = [n for n in names if n.rsplit(".", 1)[-1].strip().casefold() in wanted]
    return sorted(found, key=lambda n: (wanted[n.rsplit(".", 1)[-1].strip().casefold()], n.count(".")))


def _longest_text_field(records: Sequence[Mapping[str, object]]) -> str:
    """The string field with the longest values, if they are long enough or HTML; else ``""``."""
    totals: dict[str, int] = {}
    html: set[str] = set()
    for record in records:
        for name, value in record.items():
            if isinstance(value, str):
                totals[name] = totals.get(name, 0) + len(value)
                if name not in html and looks_like_html(value):
                    html.add(name)
    if not totals:
        return ""
    name = max(sorted(totals), key=lambda n: totals[n])
    return name if totals[name] / len(records) >= MIN_TEXT_CHARS or name in html else ""


def choose_fields(records: Sequence[Mapping[str, object]]) -> dict[str, tuple[str, ...]]:
    """For each kind with a field, the candidate fields best first (the first is reported)."""
    names = sorted({name for record in records for name in record}, key=lambda n: (n.count("."), n))
    chosen: dict[str, list[str]] = {}
    for kind in COLUMNS:
        found = [n for n in _candidates(names, kind) if any(_filled(r.get(n)) for r in records)]
        if kind == "text" and not found and (longest := _longest_text_field(records)):
            found = [longest]
        if found:
            chosen[kind] = tuple(found)
    return chosen


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != "" and not isinstance(value, Mapping | bool)


def pick(record: Mapping[str, object], names: Sequence[str]) -> object:
    """The value of the first of ``names`` that the record fills; ``None`` when none does."""
    for name in names:
        value = record.get(name)
        if _filled(value):
            return value
    return None


def _arrays(value: object, location: str, depth: int) -> Iterator[tuple[str, list]]:
    """Every array of objects in the document, with its dotted location."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        if value and sum(isinstance(v, Mapping) for v in value) * 2 >= len(value):
            yield location, value
        for index, item in enumerate(value[:3]):  # arrays of arrays: a few looked into
            yield from _arrays(item, f"{location}[{index}]", depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _arrays(item, f"{location}.{key}" if location else str(key), depth + 1)


def story_records(data: object) -> StoryList | None:
    """The array of ``data`` where most records have a text field, records with a title first
    (flattened, with its fields); the document itself counts as one record. ``None`` when no
    record has text."""
    options: list[tuple[str, list]] = list(_arrays(data, "", 0))
    if isinstance(data, Mapping):
        options.append(("", [data]))
    best: tuple[bool, int, int, StoryList] | None = None
    for order, (location, items) in enumerate(options):
        flat = [flatten(i) if isinstance(i, Mapping) else i for i in items]
        mappings = [r for r in flat if isinstance(r, Mapping)]
        fields = choose_fields(mappings)
        if "text" not in fields:
            continue
        with_text = sum(1 for r in mappings if pick(r, fields["text"]) is not None)
        found = StoryList(flat, location, fields)
        if best is None or ("title" in fields, with_text, -order) > best[:3]:
            best = ("title" in fields, with_text, -order, found)
    return best[3] if best else None


def flat_records(records: Sequence[object]) -> StoryList:
    """A story list of records already found (JSON Lines, CSV rows), nested objects flattened."""
    flat = [flatten(r) if isinstance(r, Mapping) else r for r in records]
    return StoryList(flat, "", choose_fields([r for r in flat if isinstance(r, Mapping)]))
