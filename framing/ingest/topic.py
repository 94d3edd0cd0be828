"""Which stories of a broadcast digest are on the tool's topic (China–Russia), and which items of
a brief of many short items.

A 新闻联播 transcript holds twenty stories on every subject; the user chose the file for the
few about China and Russia. A story that names no word of ``lexicons/topic.tsv`` is left out,
with ``OFF_TOPIC`` as its ledger reason (the same for every such story, so the report can
count them). Single articles are never filtered: the user chose them.

A brief (国内联播快讯, 国际联播快讯) is one story made of many unrelated items, each a
heading and a paragraph or two. One item about Russia would carry the other six (airline
passengers, a science park) into the China–Russia comparison, so a brief is read item by
item: a story whose title names no topic word and whose body is ``MIN_BRIEF_ITEMS`` or more
items under headings keeps only the items that name a topic word, and its title becomes the
kept items' headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from framing.ingest.normalize import to_simplified
from framing.ingest.readers.blocks import Block, RawArticle
from framing.model import Role

OFF_TOPIC = (
    "CCTV story off the China–Russia topic (names no word of lexicons/topic.tsv; --all-stories keeps it)"
)
MIN_BRIEF_ITEMS = 3
_ITEM_TEXT = frozenset({Role.BODY, Role.PULL_QUOTE, Role.CAPTION})


@dataclass(frozen=True)
class TopicOutcome:
    """A digest story as kept (``None``: left out) and the note for its ledger entry."""

    story: RawArticle | None
    note: str = ""


def brief_items(blocks: tuple[Block, ...]) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` block ranges of a brief's items (a heading and the text under it),
    or ``None`` when the blocks are not a brief (fewer items, or text between them that is
    under no heading besides an opening line)."""
    items: list[tuple[int, int]] = []
    start = None
    for index, block in enumerate(blocks):
        if block.role is Role.HEADING:
            if start is not None:
                items.append((start, index))
            start = index
        elif block.role in _ITEM_TEXT and start is None and items:
            return None
        elif block.role not in _ITEM_TEXT and block.role is not Role.TITLE and start is not None:
            items.append((start, index))  # links or a footer end the last item
            start = None
    if start is not None:
        items.append((start, len(blocks)))
    with_text = [i for i in items if any(b.role in _ITEM_TEXT for b in blocks[i[0] + 1 : i[1]])]
    return with_text if len(with_text) >= MIN_BRIEF_ITEMS and len(with_text) == len(items) else None


def digest_story_on_topic(story: RawArticle, topic: re.Pattern[str]) -> TopicOutcome:
    """The digest ``story`` as kept: whole when it names a topic word (a brief: only its items
    that do), ``None`` with ``OFF_TOPIC`` when nothing in it does."""

    def names_topic(text: str) -> bool:
        return topic.search(to_simplified(text)) is not None

    items = None if names_topic(story.title) else brief_items(story.blocks)
    if items is None:
        whole = "\n".join(b.text for b in story.blocks)
        return (
            TopicOutcome(story) if names_topic(f"{story.title}\n{whole}") else TopicOutcome(None, OFF_TOPIC)
        )
    kept = [(s, e) for s, e in items if names_topic("\n".join(b.text for b in story.blocks[s:e]))]
    if not kept:
        return TopicOutcome(None, OFF_TOPIC)
    inside = {i for s, e in items for i in range(s, e)}
    chosen = {i for s, e in kept for i in range(s, e)}
    blocks = tuple(b for i, b in enumerate(story.blocks) if i not in inside or i in chosen)
    title = "；".join(story.blocks[s].text for s, _ in kept)
    blocks = tuple(replace(b, text=title) if b.role is Role.TITLE else b for b in blocks)
    note = (
        f"brief ({story.title}): kept {len(kept)} of {len(items)} items, the others off the "
        "China–Russia topic"
    )
    return TopicOutcome(replace(story, title=title, blocks=blocks), note)
