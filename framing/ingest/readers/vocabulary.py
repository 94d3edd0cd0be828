"""The ``ingest_roles`` lexicon compiled into the patterns the paragraph-role rules use.

The words come from ``lexicons/ingest_roles.tsv`` (which ``--lexicon`` extends); the
structure around them (a line's start, a colon, parentheses, a date) is written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from framing.ingest.readers.dates import DATE_TEXT
from framing.lexicon import LexiconTable, load_lexicons

GAP = "…"  # in a term: up to GAP_CHARS characters of any kind (in a credit phrase: a name)
GAP_CHARS = 8
_NEVER = "(?!)"
_OPEN, _CLOSE = "[（(【\\[]", "[)）】\\]]"
# A date in the forms a dateline gives it: 12月15日, 2021年12月15日.
_DAY = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"


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
    agency: re.Pattern[str]  # an agency credit in parentheses: （新华社）
    names_and_agency: re.Pattern[str]  # 张三/李四（美联社）
    dateline: re.Pattern[str]  # a date line: a time stamp, with or without a label before it
    dateline_sentence: re.Pattern[str]  # 大纪元12月15日消息。 (group 1 ends at its full stop)
    end_mark: re.Pattern[str]  # （完）
    trailing_credits: re.Pattern[str]  # credits and end marks ending a paragraph: （编辑：某某）
    disclaimer: re.Pattern[str]
    disclaimer_starts: tuple[str, ...]
    links_lead: re.Pattern[str]
    greeting: re.Pattern[str]  # a broadcast's opening: the host greets the audience
    footer: re.Pattern[str]
    feed_footer: re.Pattern[str]
    footer_lines: frozenset[str]
    caption: re.Pattern[str]
    caption_starts: tuple[str, ...]
    caption_class: re.Pattern[str]
    furniture_class: re.Pattern[str]
    embed_class: re.Pattern[str]  # an embedded social-media post
    marks: re.Pattern[str]  # any of the words the searching rules look for: one search rules them out
    starts: re.Pattern[str]  # any start the anchored rules need: one match rules them out

    @classmethod
    def from_table(cls, table: LexiconTable | Iterable) -> RoleVocabulary:
        """Compile the rows (``term``, ``type``) of an ``ingest_roles`` table."""
        words = _Words(table)
        return cls(**_credit_patterns(words), **_date_patterns(words), **_furniture_patterns(words))


class _Words:
    """The terms of an ``ingest_roles`` table by type."""

    def __init__(self, table: LexiconTable | Iterable):
        self.by_type: dict[str, list[str]] = {}
        for row in table:
            self.by_type.setdefault(row["type"], []).append(row["term"])

    def terms(self, *types: str, gap: str = f".{{0,{GAP_CHARS}}}") -> str:
        """The terms of ``types`` as one regex alternative (``…`` standing for ``gap``)."""
        return alternation((term for kind in types for term in self.by_type.get(kind, ())), gap)

    def listed(self, kind: str) -> tuple[str, ...]:
        return tuple(self.by_type.get(kind, ()))


def _credit_patterns(words: _Words) -> dict[str, object]:
    """Bylines, authors, reposts, agencies, and credits ending a paragraph."""
    credits = words.terms("credit", "credit_anywhere", "author_credit")
    agencies = words.terms("agency", "dateline_word")
    # a credit in brackets (and a date code after it, as CNA writes 1100628), or an end mark
    credit = rf"(?:{credits})\s*[:：/][^（()）【】\[\]]{{0,30}}"
    trailing = rf"{_OPEN}\s*(?:{credit}|(?:{words.terms('end_mark')}))\s*{_CLOSE}\d{{0,8}}"
    phrases = words.terms("credit_phrase", gap=r"\S{1,16}")  # … is a name and a place
    return {
        # Repeats of "separator, credit" are matched atomically (*+): a line of credit words
        # without a colon fails once, not once for every way of cutting it.
        "byline": re.compile(rf"^[\s（(【\[]*(?:{credits})(?:[\s/&、和与及]*(?:{credits}))*+\s*[:：]"),
        "byline_anywhere": re.compile(rf"(?:{words.terms('credit_anywhere')})\s*[:：]|{phrases}"),
        "author_line": re.compile(rf"^(?:{words.terms('author_credit', 'author_prefix')})\s*[:：]\s*(.+)$"),
        "repost": re.compile(words.terms("repost")),
        "repost_line": re.compile(rf"(?:{words.terms('repost')})\s*\S{{0,20}}$"),
        "agency": re.compile(rf"^[（(][^（()）]{{1,40}}(?:{agencies})[^（()）]{{0,20}}[)）]$"),
        "names_and_agency": re.compile(
            rf"^(?:[^\s/／（()）]{{1,12}}\s*[/／]\s*)+[^\s/／（()）]{{1,12}}\s*"
            rf"[（(][^（()）]{{0,40}}(?:{agencies})[^（()）]{{0,20}}[)）]$"
        ),
        "trailing_credits": re.compile(rf"(?<=[。！？!?”」』.）)\s])\s*((?:{trailing}\s*)+)$"),
        "marks": re.compile(
            words.terms("disclaimer", "footer", "feed_footer", "credit_anywhere", "repost", "caption")
            + "|"
            + phrases
        ),
        # brackets, dashes, digits, Latin letters (dates, By, Source:), ©, and the words a
        # line may start with: link leads, greetings, credits, date labels, caption starts
        "starts": re.compile(
            r"^(?:[\s（(【\[—–\-\dA-Za-z©]|"
            + words.terms(
                "links_lead", "greeting", "credit", "credit_anywhere", "author_credit", "date_label"
            )
            + "|"
            + words.terms("caption_start", "disclaimer_start")
            + ")"
        ),
    }


def _date_patterns(words: _Words) -> dict[str, object]:
    """Date lines, datelines and end marks."""
    ends = words.terms("end_mark")
    return {
        "dateline": re.compile(
            rf"^[（(]?\s*(?:(?:{words.terms('date_label')})\s*[:：]?\s*)?(?:{DATE_TEXT})\s*[)）]?$", re.I
        ),
        "dateline_sentence": re.compile(
            rf"^({_OPEN}?[^，,。！？；;：:\s（()）【】]{{1,16}}?{_DAY}\s*(?:{words.terms('dateline_word')})"
            rf"{_CLOSE}?\s*[。.])"
        ),
        "end_mark": re.compile(rf"^(?:{_OPEN}\s*(?:{ends})\s*{_CLOSE}|[-—－]+\s*(?:{ends})\s*[-—－]+)$"),
    }


def _furniture_patterns(words: _Words) -> dict[str, object]:
    """Disclaimers, footers, link leads, captions, and the HTML classes of page furniture."""
    furniture = words.terms("furniture_class")
    return {
        "disclaimer": re.compile(words.terms("disclaimer")),
        "disclaimer_starts": words.listed("disclaimer_start"),
        "links_lead": re.compile(words.terms("links_lead")),
        # after a dateline in brackets, if any: 【某台3月1日讯】大家好，…
        "greeting": re.compile(
            rf"^(?:{_OPEN}[^（()）【】\[\]]{{1,30}}{_CLOSE}\s*)?(?:{words.terms('greeting')})"
        ),
        "footer": re.compile(words.terms("footer", "feed_footer")),
        "feed_footer": re.compile(words.terms("feed_footer")),
        "footer_lines": frozenset(words.listed("footer_line")),
        "caption": re.compile(words.terms("caption")),
        "caption_starts": words.listed("caption_start"),
        "caption_class": re.compile(words.terms("caption_class"), re.I),
        "furniture_class": re.compile(rf"{furniture}|\b(?:{words.terms('furniture_class_word')})\b", re.I),
        "embed_class": re.compile(words.terms("embed_class"), re.I),
    }


@lru_cache(maxsize=1)
def default_vocabulary() -> RoleVocabulary:
    """The vocabulary of the built-in lexicons (for callers that pass none)."""
    return RoleVocabulary.from_table(load_lexicons()["ingest_roles"])
