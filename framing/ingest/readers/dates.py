"""Dates in articles: every form the readers meet, parsed; plausible dates told from placeholders."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object, *, day_first: bool | None = None) -> datetime | None:
    """A datetime from YAML values, ISO 8601, RFC 2822, ``2022年2月23日``, ``2024/5/16``,
    ``16/05/2024`` or ``05/16/2024`` (day or month first where only one reading is a date;
    ``day_first`` decides the others), or epoch seconds/ms.

    Zone-aware when the input names a zone; a bare date becomes a naive midnight.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return from_epoch(float(text))
    try:
        return datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except ValueError:
        pass
    if text[:4].isdigit() and text[4:5] == "-":
        found = _yaml_timestamp(text)
        if found is not None:
            return found
    try:
        parsed = parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    if (numeric := _NUMERIC_DATE.match(text)) is not None:
        return _numeric_date(numeric, day_first)
    for pattern in (_CJK_DATE, _COMPACT_DATE):
        match = pattern.search(text)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


# 2024/5/16, 2024.05.16, 16/05/2024, 05-16-2024, with a time or not
_NUMERIC_DATE = re.compile(
    r"^(?:(?P<y>\d{4})([/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})|(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\6(?P<year>\d{4}))"
    r"(?:[ T]+(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?)?$"
)


def numeric_date_order(text: str) -> bool | None:
    """For ``16/05/2024`` ``True`` (day first), for ``05/16/2024`` ``False``; ``None`` when
    ``text`` is not such a date or either reading is possible (``05/06/2024``)."""
    match = _NUMERIC_DATE.match(str(text).strip())
    if match is None or match["a"] is None:
        return None
    first, second = int(match["a"]), int(match["b"])
    if first > 12 >= second:
        return True
    if second > 12 >= first:
        return False
    return None


def _numeric_date(match: re.Match[str], day_first: bool | None) -> datetime | None:
    if match["y"] is not None:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    else:
        first, second, year = int(match["a"]), int(match["b"]), int(match["year"])
        order = numeric_date_order(match.group(0))
        if first == second:
            order = True
        order = day_first if order is None else order
        if order is None:
            return None  # 05/06/2024: May or June, the text cannot tell
        day, month = (first, second) if order else (second, first)
    try:
        clock = [int(match[k] or 0) for k in ("hh", "mm", "ss")]
        return datetime(year, month, day, *clock)
    except ValueError:
        return None


# YAML 1.1's timestamp (what PyYAML's safe loader turned into a date): the front-matter
# loader keeps it as text, read here, so an impossible date is no date instead of a crash.
_YAML_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d?)-(\d\d?)"
    r"(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?"
    r"(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?)?"
)


def _yaml_timestamp(text: str) -> datetime | None:
    """``2001-12-14 21:59:43.10 -5``, ``2024-1-5`` …: the datetime PyYAML made, or ``None``."""
    match = _YAML_TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone, sign, zone_hour, zone_minute = match.groups()
    try:
        if hour is None:
            return datetime(int(year), int(month), int(day))
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        tz = None
        if zone == "Z":
            tz = UTC
        elif zone:
            offset = timedelta(hours=int(zone_hour), minutes=int(zone_minute or 0))
            tz = timezone(-offset if sign == "-" else offset)
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz)
    except ValueError:  # 2024-02-30, 0000-00-00, an offset of a day or more
        return None


# Dates outside this span are read as no date: Hugo's zero date 0001-01-01, a year-9999
# placeholder, a typo. (Matplotlib and pandas cannot place some of them at all.)
EARLIEST_YEAR = 1900
LATEST_AHEAD = timedelta(days=366)


def plausible_date(value: datetime, now: datetime | None = None) -> bool:
    """Whether ``value`` lies between 1900 and a year after ``now`` (default: today, UTC)."""
    if value.year < EARLIEST_YEAR:
        return False
    now = now or datetime.now(UTC)
    latest = now.replace(tzinfo=None) + LATEST_AHEAD
    try:
        naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    except (OverflowError, ValueError):  # 9999-12-31 in a zone east of UTC
        return False
    return naive <= latest


def from_epoch(number: float) -> datetime | None:
    """The UTC datetime of epoch seconds, or milliseconds (a number over 10¹¹); ``None`` out of range."""
    seconds = number / 1000 if number > 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


# A date (and time) in the forms a date line of an article takes.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?"
_ZONE = r"(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})"
DATE_TEXT = "|".join(
    (
        # 2024年3月17日, with a weekday and a time: 2024年3月17日 星期日 下午3:05
        r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
        r"(?:\s*[（(]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][)）]?)?"
        r"(?:\s*(?:上午|下午|早上|晚上|凌晨|中午)?\s*" + _CLOCK + ")?",
        # 2024-03-17, 2024/3/17, 2024-03-17T10:00:00.123Z, 2024-03-17 10:00 +08:00
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]" + _CLOCK + ")?(?: ?" + _ZONE + ")?",
        # 17/03/2024 10:00 (day or month first)
        r"\d{1,2}[/.]\d{1,2}[/.]\d{4}(?: " + _CLOCK + ")?(?: ?" + _ZONE + ")?",
        # RFC 2822: Sun, 17 Mar 2024 10:00:00 GMT
        r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d{2}:\d{2}(?::\d{2})? (?:GMT|UTC|[+-]\d{4})",
        # March 17, 2024, 10:00 AM; 17 March 2024
        _MONTH + r" \d{1,2}, \d{4}(?:,? " + _CLOCK + r"(?: ?[AaPp]\.?[Mm]\.?)?)?(?: ?" + _ZONE + ")?",
        r"\d{1,2} " + _MONTH + r" \d{4}(?:,? " + _CLOCK + ")?(?: ?" + _ZONE + ")?",
    )
)
# A line that is only a date, in parentheses or not.
DATE_LINE = re.compile(rf"^[（(]?\s*(?:{DATE_TEXT})\s*[)）]?$")
