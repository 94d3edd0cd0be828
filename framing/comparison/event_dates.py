"""Dates of undated articles read from their own words: explicit dates, month-days, weekdays.

An article whose input gives no date (a mirrored page, a pasted text) often says when in
its text: "2021年12月15日", "12月15日", "周三", "昨天". ``read_mentions`` finds these in
the title and body; the resolvers turn them into a day, in order of trust:

1. ``own_date``: explicit dates with a year; a month-day without one takes the year of the
   article's latest explicit date. The latest such day is the article's.
2. ``date_near``: once the article has joined an event, month-days take the year that puts
   them nearest the event, weekdays the nearest such day within three days of it, and
   "yesterday"-words place the article that many days after the event began.

A date read here is always shown as "date inferred from text" and never replaces a date
the input gave (the grouping only asks for it when ``Article.date`` is empty).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from framing.analysis.sentences import paragraph_spans
from framing.model import Article, Role

INFERRED_MARK = "date inferred from text"

_FULL = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
    r"|(?<![\d.-])((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])"
)
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
# 周三, 星期三, 礼拜三; "上周三" / "下周三" name another week and are left out.
_WEEKDAY = re.compile(r"(?<![上下])(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# Days between what is reported and the writing: "yesterday" reports the day before.
# (今日 is left out: it is also the name of an outlet, 今日俄罗斯.)
_RELATIVE = re.compile(r"今天|昨天|昨日|前天")
_RELATIVE_DAYS = {"今天": 0, "昨天": 1, "昨日": 1, "前天": 2}
_TEXT_ROLES = (Role.TITLE, Role.BODY, Role.PULL_QUOTE, Role.HEADING, Role.DATELINE, Role.CAPTION)
WEEKDAY_REACH = 3  # a weekday names a day at most this many days from the date it is read against
MONTH_DAY_REACH = 7  # month-days further than this from the event are other events it recalls


@dataclass(frozen=True)
class DateMentions:
    """What an article's title and body say about when it happened."""

    full: tuple[date, ...] = ()  # explicit dates with a year, in text order
    month_days: tuple[tuple[int, int], ...] = ()  # (month, day) without a year
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    days_after: tuple[int, ...] = ()  # 今天 0, 昨天 1, 前天 2: the writing is that many days later

    def __bool__(self) -> bool:
        return bool(self.full or self.month_days or self.weekdays or self.days_after)


@dataclass(frozen=True)
class InferredDate:
    """A day read from an article's text, with the words it rests on (for the reader)."""

    day: date
    evidence: str  # e.g. "12月15日, year of the event"

    def label(self) -> str:
        """``2021-12-15 (date inferred from text)``."""
        return f"{self.day.isoformat()} ({INFERRED_MARK})"


def text_for_dates(article: Article) -> str:
    """The title and body of ``article`` (normalised script), without link lists and footers,
    whose dates belong to other articles."""
    spans = paragraph_spans(article)
    parts = [
        article.normalized[a:b]
        for p, (a, b) in zip(article.paragraphs, spans, strict=True)
        if p.role in _TEXT_ROLES
    ]
    if not any(p.role is Role.TITLE for p in article.paragraphs) and article.title:
        parts.insert(0, article.title)
    return "\n".join(parts)


def read_mentions(text: str) -> DateMentions:
    """Every date, month-day, weekday and relative day word in ``text``.

    Examples
    --------
    >>> m = read_mentions("2021年12月10日消息，两国元首将于12月15日（周三）会晤。昨天……")
    >>> m.full, m.month_days, m.weekdays, m.days_after
    ((datetime.date(2021, 12, 10),), ((12, 15),), (2,), (1,))
    """
    full = []
    for match in _FULL.finditer(text):
        year, month, day = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
        found = _valid(int(year), int(month), int(day))
        if found is not None:
            full.append(found)
    month_days = tuple(
        (int(m[1]), int(m[2])) for m in _MONTH_DAY.finditer(text) if _valid(2000, int(m[1]), int(m[2]))
    )
    weekdays = tuple(_WEEKDAY_NUMBER[m[1]] for m in _WEEKDAY.finditer(text))
    days_after = tuple(_RELATIVE_DAYS[m[0]] for m in _RELATIVE.finditer(text))
    return DateMentions(tuple(full), month_days, weekdays, days_after)


def own_date(mentions: DateMentions) -> InferredDate | None:
    """The latest day the article names with a year (its month-days take the year of its
    latest explicit date); ``None`` when it names no year."""
    if not mentions.full:
        return None
    year = max(mentions.full).year
    days = [*mentions.full, *(d for m, d_ in mentions.month_days if (d := _valid(year, m, d_)) is not None)]
    return InferredDate(max(days), "explicit date in the text")


def candidate_days(mentions: DateMentions, years: Iterable[int]) -> tuple[date, ...]:
    """Where to look for the event of an article whose month-days have no year: in each of
    ``years`` (those the corpus's dated articles cover), the latest of its month-days placed
    in that year (an article is written on or after the days it reports)."""
    found = set()
    for year in years:
        days = [d for month, day in mentions.month_days if (d := _valid(year, month, day)) is not None]
        if days:
            found.add(max(days))
    return tuple(sorted(found))


def date_near(mentions: DateMentions, start: date, end: date) -> InferredDate | None:
    """The article's day read against an event that runs from ``start`` to ``end``.

    Month-days take the year that puts them nearest the event, and count when they fall
    within ``MONTH_DAY_REACH`` days of it (others recall earlier events); weekdays become the
    nearest such day within ``WEEKDAY_REACH`` days of the event; the latest day found is
    the article's. Failing those, "yesterday"-words put the article that many days after the
    event began.
    """
    first, last = start - timedelta(days=MONTH_DAY_REACH), end + timedelta(days=MONTH_DAY_REACH)
    days = [_nearest_in_years(month, day, (start, end)) for month, day in mentions.month_days]
    days = [d for d in days if first <= d <= last]
    if days:
        return InferredDate(max(days), "month and day in the text, year of the event")
    weekdays = [d for w in mentions.weekdays if (d := _weekday_near(w, start, end)) is not None]
    if weekdays:
        return InferredDate(max(weekdays), "weekday in the text, week of the event")
    if mentions.days_after:
        return InferredDate(start + timedelta(days=max(mentions.days_after)), "relative day in the text")
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_in_years(month: int, day: int, anchors: Iterable[date]) -> date:
    """(month, day) in the year, of those around the anchors, that puts it nearest one of them."""
    options = []
    for anchor in anchors:
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            found = _valid(year, month, day)
            if found is not None:
                options.append((abs((found - anchor).days), found))
    return min(options)[1]


def _weekday_near(weekday: int, start: date, end: date) -> date | None:
    """The day with ``weekday`` nearest the event (inside it when one is), within reach."""
    best = None
    first, last = start - timedelta(days=WEEKDAY_REACH), end + timedelta(days=WEEKDAY_REACH)
    day = first
    while day <= last:
        if day.weekday() == weekday:
            distance = 0 if start <= day <= end else min(abs((day - start).days), abs((day - end).days))
            if best is None or distance < best[0]:
                best = (distance, day)
        day += timedelta(days=1)
    return best[1] if best else None
