"""Paragraph roles from what a block's text says: credits, disclaimers, captions, footers, date lines.

The words come from the ``ingest_roles`` lexicon table (``lexicons/ingest_roles.tsv``, which
``--lexicon`` extends), compiled once into a ``RoleVocabulary``; the structure around them
(a line's start, a colon, parentheses, the length of the line) is written here. The rules
are tried in the order of ``RULES``; the first that names a role decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from framing.ingest.readers.blocks import Block, anchor_share, bare
from framing.ingest.readers.dates import DATE_LINE
from framing.lexicon import LexiconTable, load_lexicons
from framing.model import Role

GAP = "…"  # in a term: up to GAP_CHARS characters of any kind (in a credit phrase: a name)
GAP_CHARS = 8
SHORT_LINE = 120  # characters: the longest credit, caption or footer line
CREDIT_LINE = 80  # characters: the longest line a credit inside it makes a byline
DISCLAIMER_LINE = 300  # characters: the longest disclaimer paragraph
_CLAUSE_PUNCT = re.compile(r"[，。,；;]")
_NEVER = "(?!)"


def alternation(terms: Iterable[str], gap: str = f".{{0,{GAP_CHARS}}}") -> str:
    """A regex alternative of the terms, escaped, longest first, ``…`` standing for ``gap``;
    one that never matches when there is no term."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    return "|".join(gap.join(map(re.escape, t.split(GAP))) for t in unique) or _NEVER


@dataclass(frozen=True)
class RoleVocabulary:
    """The role words of the ``ingest_roles`` table, compiled into the patterns the rules use."""

    byline: re.Pattern[str]  # credit words at a line's start, before a colon
    byline_anywhere: re.Pattern[str]  # a credit inside a short line
    author_line: re.Pattern[str]  # group 1: the author named on a byline
    repost: re.Pattern[str]  # 转载自 anywhere
    repost_line: re.Pattern[str]  # 转载自 and a site name ending the line
    agency: re.Pattern[str]
    disclaimer: re.Pattern[str]
    disclaimer_starts: tuple[str, ...]
    links_lead: re.Pattern[str]
    footer: re.Pattern[str]
    feed_footer: re.Pattern[str]
    footer_lines: frozenset[str]
    caption: re.Pattern[str]
    caption_starts: tuple[str, ...]
    caption_class: re.Pattern[str]
    furniture_class: re.Pattern[str]

    @classmethod
    def from_table(cls, table: LexiconTable | Iterable) -> RoleVocabulary:
        """Compile the rows (``term``, ``type``) of an ``ingest_roles`` table."""
        words: dict[str, list[str]] = {}
        for row in table:
            words.setdefault(row["type"], []).append(row["term"])

        def terms(*types: str) -> list[str]:
            return [term for kind in types for term in words.get(kind, ())]

        credits = alternation(terms("credit", "credit_anywhere", "author_credit"))
        anywhere = alternation(terms("credit_anywhere"))
        phrases = alternation(terms("credit_phrase"), gap=r"\S{1,16}")
        reposts = alternation(terms("repost"))
        furniture = alternation(terms("furniture_class"))
        furniture_words = alternation(terms("furniture_class_word"))
        return cls(
            # Repeats of "separator, credit" are matched atomically (*+): a line of credit
            # words without a colon fails once, not once for every way of cutting it.
            byline=re.compile(rf"^[\s（(【\[]*(?:{credits})(?:[\s/&、和与及]*(?:{credits}))*+\s*[:：]"),
            byline_anywhere=re.compile(rf"(?:{anywhere})\s*[:：]|{phrases}"),
            author_line=re.compile(
                rf"^(?:{alternation(terms('author_credit', 'author_prefix'))})\s*[:：]\s*(.+)$"
            ),
            repost=re.compile(reposts),
            repost_line=re.compile(rf"(?:{reposts})\s*\S{{0,20}}$"),
            agency=re.compile(rf"^[（(][^（()）]{{1,40}}(?:{alternation(terms('agency'))})[^（()）]{{0,20}}[)）]$"),
            disclaimer=re.compile(alternation(terms("disclaimer"))),
            disclaimer_starts=tuple(terms("disclaimer_start")),
            links_lead=re.compile(alternation(terms("links_lead"))),
            footer=re.compile(alternation(terms("footer", "feed_footer"))),
            feed_footer=re.compile(alternation(terms("feed_footer"))),
            footer_lines=frozenset(terms("footer_line")),
            caption=re.compile(alternation(terms("caption"))),
            caption_starts=tuple(terms("caption_start")),
            caption_class=re.compile(alternation(terms("caption_class")), re.I),
            furniture_class=re.compile(rf"{furniture}|\b(?:{furniture_words})\b", re.I),
        )


@lru_cache(maxsize=1)
def default_vocabulary() -> RoleVocabulary:
    """The vocabulary of the built-in lexicons (for callers that pass none)."""
    return RoleVocabulary.from_table(load_lexicons()["ingest_roles"])


# ── the rules: each names a role for a body paragraph's plain text, or passes ────────

Rule = Callable[[str, RoleVocabulary], "Role | None"]


def disclaimer(plain: str, words: RoleVocabulary) -> Role | None:
    if len(plain) <= DISCLAIMER_LINE and (
        plain.startswith(words.disclaimer_starts) or words.disclaimer.search(plain)
    ):
        return Role.DISCLAIMER
    return None


def footer(plain: str, words: RoleVocabulary) -> Role | None:
    if len(plain) <= SHORT_LINE and (plain in words.footer_lines or words.footer.search(plain)):
        return Role.FOOTER
    return None


def links_lead(plain: str, words: RoleVocabulary) -> Role | None:
    return Role.LINKS if words.links_lead.match(plain) else None


def date_line(plain: str, words: RoleVocabulary) -> Role | None:
    return Role.DATELINE if DATE_LINE.match(plain) else None


def credit_line(plain: str, words: RoleVocabulary) -> Role | None:
    """A line starting with credits and a colon: ``撰稿：某某``, ``（编辑/校对：某某）``."""
    return Role.BYLINE if len(plain) <= SHORT_LINE and words.byline.match(plain) else None


def credit_in_line(plain: str, words: RoleVocabulary) -> Role | None:
    """A short line ending in a repost credit, or holding a credit and no clause punctuation."""
    if len(plain) <= CREDIT_LINE and (
        words.repost_line.search(plain)
        or (not _CLAUSE_PUNCT.search(plain) and words.byline_anywhere.search(plain))
    ):
        return Role.BYLINE
    return None


def agency_credit(plain: str, words: RoleVocabulary) -> Role | None:
    """An agency in parentheses, alone on its line: ``（新华社）``."""
    return Role.BYLINE if plain[0] in "（(" and words.agency.match(plain) else None


def caption(plain: str, words: RoleVocabulary) -> Role | None:
    if len(plain) <= SHORT_LINE and (plain.startswith(words.caption_starts) or words.caption.search(plain)):
        return Role.CAPTION
    return None


RULES: Sequence[Rule] = (
    disclaimer,
    footer,
    links_lead,
    date_line,
    credit_line,
    credit_in_line,
    agency_credit,
    caption,
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
    for rule in RULES:
        found = rule(plain, words)
        if found is not None:
            return found
    return role


def finish_blocks(blocks: Iterable[Block], words: RoleVocabulary) -> tuple[Block, ...]:
    """Apply the text rules; everything after a feed footer or disclaimer that is only links
    is site furniture too."""
    out: list[Block] = []
    furniture = False
    for block in blocks:
        role = role_from_text(block.text, block.role, words)
        if role is Role.DISCLAIMER or words.feed_footer.search(block.text):
            furniture = True
        elif (
            furniture
            and block.role is Role.BODY
            and (anchor_share(block.text, block.links) >= 0.8 or not bare(block.text).strip("-—_· "))
        ):
            role = Role.FOOTER
        out.append(replace(block, role=role) if role is not block.role else block)
    return tuple(out)


def repost_url(blocks: Iterable[Block], words: RoleVocabulary) -> str:
    """The original URL a repost line (`` `author` [轉載自GNews](url) ``) points at."""
    for block in blocks:
        if block.role is Role.BYLINE and block.links and words.repost.search(block.text):
            return block.links[0][0]
    return ""
