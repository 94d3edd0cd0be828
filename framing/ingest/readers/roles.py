"""Paragraph roles from what a block's text says: credits, disclaimers, captions, footers, date lines.

The words come from the ``ingest_roles`` lexicon, compiled into a ``RoleVocabulary``
(``vocabulary``). The rules are tried in the order of ``RULES``; the first that names a
role decides. Before them, a credit or end mark stuck to the end of a body paragraph
(``…领土。（编辑：某某）``) and a dateline that is the paragraph's first sentence
(``大纪元12月15日消息。…``) are split off as blocks of their own (``split_credits``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

from framing.ingest.readers.blocks import Block, anchor_share, bare
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

SHORT_LINE = 120  # characters: the longest credit, caption or footer line
CREDIT_LINE = 80  # characters: the longest line a credit inside it makes a byline
DISCLAIMER_LINE = 300  # characters: the longest disclaimer paragraph
TRAILING_CREDITS = 120  # characters: the longest run of credits ending a paragraph
LINK_LINE_SHARE = 0.8  # share of a paragraph's characters in link anchors that makes it a link line
DATE_LEAD = 40  # characters: a date line or dateline sentence has its date within these
_CLAUSE_PUNCT = re.compile(r"[，。,；;]")
_DIGIT = re.compile(r"\d")
_CREDITS_END = frozenset("）)】]0123456789")  # how credits in brackets (and a date code) end
_SENTENCE_END = re.compile(r"[。！？!?]")
# A time stamp relative to the page's visit: 6 分钟前, 3 小時前, 2 天前, 1 hour ago.
_RELATIVE_TIME = re.compile(
    r"^(?:\d{1,3}\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|星期|个月|個月|年)前"
    r"|\d{1,3}\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago)$",
    re.I,
)
# The signature line of an embedded social-media post: "— Name (@handle) June 28, 2021".
_POST_SIGNATURE = re.compile(r"^[—–-]{1,2}\s*[^\n]{1,60}?[(（]@\w{1,30}[)）]")


# ── the rules: each names a role for a body paragraph's plain text, or passes ────────


class Line(NamedTuple):
    """A body paragraph's text as the rules read it."""

    plain: str  # without emphasis marks, stripped
    marked: bool  # whether a word of a rule that searches the line occurs in it (one search for all)


Rule = Callable[[Line, RoleVocabulary], "Role | None"]


def disclaimer(line: Line, words: RoleVocabulary) -> Role | None:
    """A copyright or opinion disclaimer in a paragraph of up to ``DISCLAIMER_LINE`` characters."""
    plain = line.plain
    if len(plain) <= DISCLAIMER_LINE and (
        plain.startswith(words.disclaimer_starts) or (line.marked and words.disclaimer.search(plain))
    ):
        return Role.DISCLAIMER
    return None


def footer(line: Line, words: RoleVocabulary) -> Role | None:
    """A subscription notice, navigation or footer link in a short line."""
    plain = line.plain
    if len(plain) <= SHORT_LINE and (
        plain in words.footer_lines or (line.marked and words.footer.search(plain))
    ):
        return Role.FOOTER
    return None


def links_lead(line: Line, words: RoleVocabulary) -> Role | None:
    """A line starting a list of links or sources: ``延伸阅读：…``."""
    return Role.LINKS if words.links_lead.match(line.plain) else None


def show_opening(line: Line, words: RoleVocabulary) -> Role | None:
    """A broadcast transcript's opening paragraph: the host greets the audience, names the
    programme and often the date and the day's topics (``大家好，欢迎收看…，我是某某。``)."""
    return Role.BYLINE if len(line.plain) <= DISCLAIMER_LINE and words.greeting.match(line.plain) else None


def date_line(line: Line, words: RoleVocabulary) -> Role | None:
    """A time stamp (``2021-06-28T09:53:35Z``, ``28/06/2021 10:30``, ``更新时间：2021年6月28日``,
    ``6 分钟前``), or a dateline that is a sentence alone (``大纪元12月15日消息。``)."""
    plain = line.plain
    if _DIGIT.search(plain, 0, DATE_LEAD) and (words.dateline.match(plain) or _RELATIVE_TIME.match(plain)):
        return Role.DATELINE
    found = _dateline_sentence(plain, words)
    return Role.DATELINE if found and found.end() == len(plain) else None


def end_mark(line: Line, words: RoleVocabulary) -> Role | None:
    """The end of the story, alone on its line: ``（完）``."""
    return Role.FOOTER if words.end_mark.match(line.plain) else None


def credit_line(line: Line, words: RoleVocabulary) -> Role | None:
    """A line starting with credits and a colon: ``撰稿：某某``, ``（编辑/校对：某某）``."""
    return Role.BYLINE if len(line.plain) <= SHORT_LINE and words.byline.match(line.plain) else None


def credit_in_line(line: Line, words: RoleVocabulary) -> Role | None:
    """A short line ending in a repost credit, or holding a credit and no clause punctuation."""
    plain = line.plain
    if (
        line.marked
        and len(plain) <= CREDIT_LINE
        and (
            words.repost_line.search(plain)
            or (not _CLAUSE_PUNCT.search(plain) and words.byline_anywhere.search(plain))
        )
    ):
        return Role.BYLINE
    return None


def agency_credit(line: Line, words: RoleVocabulary) -> Role | None:
    """An agency in parentheses, alone on its line (``（新华社）``), or after the names of the
    writers (``张三/李四（美联社、法新社）``)."""
    plain = line.plain
    if plain[0] in "（(" and words.agency.match(plain):
        return Role.BYLINE
    if len(plain) <= CREDIT_LINE and ("/" in plain or "／" in plain) and words.names_and_agency.match(plain):
        return Role.BYLINE
    return None


def post_signature(line: Line, words: RoleVocabulary) -> Role | None:
    """The signature line of an embedded social-media post: ``— 某某 (@handle) June 28, 2021``."""
    return Role.CAPTION if len(line.plain) <= SHORT_LINE and _POST_SIGNATURE.match(line.plain) else None


def caption(line: Line, words: RoleVocabulary) -> Role | None:
    """A photo credit or caption in a short line: ``图片来源：…``, ``图为…``."""
    plain = line.plain
    if len(plain) <= SHORT_LINE and (
        plain.startswith(words.caption_starts) or (line.marked and words.caption.search(plain))
    ):
        return Role.CAPTION
    return None


RULES: Sequence[Rule] = (
    disclaimer,
    footer,
    links_lead,
    show_opening,
    date_line,
    end_mark,
    credit_line,
    credit_in_line,
    agency_credit,
    post_signature,
    caption,
)


def may_be_furniture(line: Line, words: RoleVocabulary) -> bool:
    """Whether any rule could name a role for the line: a word a searching rule looks for is
    in it, or it starts as an anchored rule needs (a bracket, dash, digit, Latin letter, lead
    or credit word), or it has the signs of writers' names (/) or of a dateline (日 early)."""
    plain = line.plain
    return (
        line.marked
        or words.starts.match(plain) is not None
        or "/" in plain
        or "／" in plain
        or "日" in plain[:DATE_LEAD]
        or plain in words.footer_lines
    )


# The roles a bold-only line first taken for a subheading can turn out to have.
_HEADING_OVERRIDES = frozenset({Role.BYLINE, Role.DISCLAIMER, Role.DATELINE, Role.LINKS, Role.FOOTER})


def role_from_text(text: str, role: Role, words: RoleVocabulary) -> Role:
    """Refine a ``BODY`` block's role from what its text says (credits, disclaimers, …).

    A bold-only line first taken for a subheading is re-read too: ``**撰稿：某某**`` is a byline.
    """
    if role is Role.HEADING:
        refined = role_from_text(text, Role.BODY, words)
        return refined if refined in _HEADING_OVERRIDES else role
    if role is not Role.BODY:
        return role
    plain = bare(text)
    if not plain:
        return role
    line = Line(plain, len(plain) <= DISCLAIMER_LINE and words.marks.search(plain) is not None)
    if not may_be_furniture(line, words):  # most lines: prose, no rule need be tried
        return role
    for rule in RULES:
        found = rule(line, words)
        if found is not None:
            return found
    return role


def split_credits(block: Block, words: RoleVocabulary) -> Iterator[Block]:
    """``block``, or, for a body paragraph with a dateline sentence first or credits and end
    marks last, the dateline, the rest, and the credits, each a block of its own."""
    text = block.text
    if block.role is not Role.BODY:
        yield block
        return
    lead = _dateline_sentence(text, words)
    if lead and text[lead.end() :].strip():
        yield Block(Role.DATELINE, lead.group(1).strip())
        text = text[lead.end() :].strip()
    # Credits end a paragraph, in brackets (and a date code): only its last characters are searched.
    tail = None
    if text.rstrip()[-1:] in _CREDITS_END:
        tail = words.trailing_credits.search(text, max(0, len(text) - TRAILING_CREDITS))
    if tail and text[: tail.start()].strip():
        yield replace(block, text=text[: tail.start()].strip())
        yield Block(Role.BYLINE, tail.group(1).strip())
    else:
        yield replace(block, text=text) if text != block.text else block


def _dateline_sentence(text: str, words: RoleVocabulary) -> re.Match[str] | None:
    """The dateline sentence starting ``text`` (a date names its day: 日 comes early)."""
    return words.dateline_sentence.match(text) if "日" in text[:DATE_LEAD] else None


def finish_blocks(blocks: Iterable[Block], words: RoleVocabulary) -> tuple[Block, ...]:
    """Split credits off body paragraphs and apply the text rules; everything after a feed
    footer or disclaimer that is only links is site furniture too."""
    out: list[Block] = []
    furniture = False
    for block in (part for whole in blocks for part in split_credits(whole, words)):
        role = role_from_text(block.text, block.role, words)
        if role is Role.DISCLAIMER or words.feed_footer.search(block.text):
            furniture = True
        elif (
            furniture
            and block.role is Role.BODY
            and (anchor_share(block.text, block.links) >= 0.8 or not bare(block.text).strip("-—_· "))
        ):
            role = Role.FOOTER
        elif role is Role.BODY and is_link_line(block):
            role = Role.LINKS
        out.append(replace(block, role=role) if role is not block.role else block)
    return tuple(out)


def is_link_line(block: Block) -> bool:
    """A paragraph that is one link's anchor and nothing else, and no sentence: a link to
    another page or channel (``[某某频道](url)``), not body text."""
    plain = bare(block.text)
    return (
        bool(block.links)
        and len(plain) <= SHORT_LINE
        and not _SENTENCE_END.search(plain)
        and not plain.endswith(("：", ":"))  # a lead into what follows
        and anchor_share(block.text, block.links) >= LINK_LINE_SHARE
    )


def repost_url(blocks: Iterable[Block], words: RoleVocabulary) -> str:
    """The original URL a repost line (`` `author` [轉載自GNews](url) ``) points at."""
    for block in blocks:
        if block.role is Role.BYLINE and block.links and words.repost.search(block.text):
            return block.links[0][0]
    return ""
