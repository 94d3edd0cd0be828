"""What a run left out, in words for its closing line ("104 CCTV stories off the China–Russia topic").

The ledger's entries that were not ingested (skipped or duplicates) are grouped by the
first words of their reason (up to a parenthesis or a colon) and by whether they are
whole files or stories of a file (``file#N``). A small group names its files; a larger
one is counted, with the outlet of its files when the run ingested other stories of
them under one outlet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from framing.model import Article, LedgerEntry, LedgerStatus

NAMED_UP_TO = 3  # a group of this many entries or fewer is listed by name
DUPLICATE = "duplicate"  # the group of every duplicate, whatever it duplicates
_HEAD_END = re.compile(r"[(:（：,]")


def left_out_in_words(ledger: Iterable[LedgerEntry], articles: Sequence[Article] = ()) -> str:
    """The entries of ``ledger`` not ingested, in words, largest group first ("" when none).

    ``articles``: the run's articles, whose outlets name the files a group's stories came from.
    """
    outlets: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        outlets[article.path].add(article.outlet)
    groups: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    for entry in ledger:
        if entry.status is not LedgerStatus.INGESTED:
            groups[(_head(entry), "story" if "#" in entry.path else "file")].append(entry)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return ", ".join(_group_words(head, noun, entries, outlets) for (head, noun), entries in ordered)


def _head(entry: LedgerEntry) -> str:
    """The first words of the entry's reason; "duplicate" for a duplicate."""
    if entry.status is LedgerStatus.DUPLICATE:
        return DUPLICATE
    return _HEAD_END.split(entry.reason, 1)[0].strip() or "skipped"


def _group_words(head: str, noun: str, entries: list[LedgerEntry], outlets: dict[str, set[str]]) -> str:
    if len(entries) <= NAMED_UP_TO:
        names = ", ".join(_name(e.path) for e in entries)
        return f"{names} ({head})"
    if head == DUPLICATE:
        return f"{len(entries)} duplicates of other inputs"
    found = {o for e in entries for o in outlets.get(e.path.split("#", 1)[0], ()) if o != "unknown"}
    outlet = f"{found.pop()} " if len(found) == 1 else ""
    plural = "stories" if noun == "story" else "files"
    rest = head[len(noun) + 1 :] if head.startswith(noun + " ") else f"({head})"
    return f"{len(entries)} {outlet}{plural} {rest}"


def _name(path: str) -> str:
    """The file's name without its folders (with ``#N`` for a story)."""
    return re.split(r"[/\\]", path)[-1]
