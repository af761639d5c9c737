"""Dates and times as people type them, in Chinese and English, relative to "today".

Usage: ``parse_when("明天下午3点", today)`` → ``When(days=(tomorrow,), times=(15:00,))``.

A small grammar rather than a library: ``dateparser`` misses most Chinese
phrasings and ``jionlp`` brings 16 MB and four dependencies for one function.
What it reads: 今天/明天/后天/大后天, 周一…周日 (星期/礼拜), 这周/下周/下下周,
12月3日, 3号, 2026-12-03, 12/3 (month/day, as written in China), today,
tomorrow, day after tomorrow, (this/next) Monday, Dec 3, 3rd of December;
times 下午3点, 九点半, 两点一刻, 14:00, 3pm, 10:30am, noon, and day parts
(上午, afternoon…) without a time.

It never guesses: where a phrase has two readings the result carries both
(``days`` or ``times`` with two entries) and the flow asks which one was
meant. An hour without am/pm ("3点", "at 3") gives both ``03:00`` and
``15:00``; the booking flow keeps whichever the store is open at.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

__all__ = ["DayPart", "When", "chinese_number", "parse_when"]


class DayPart(StrEnum):
    MORNING = "morning"
    NOON = "noon"
    AFTERNOON = "afternoon"
    EVENING = "evening"


@dataclass(frozen=True, slots=True)
class When:
    """What a phrase said: candidate days, candidate times, or only a part of the day."""

    days: tuple[date, ...] = ()
    times: tuple[time, ...] = ()
    part: DayPart | None = None


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "[零〇一二两三四五六七八九十]+"
_NUM = rf"(?:\d{{1,2}}|{_CN})"

_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5, "7": 6}
_WEEKDAY_ZH.update({str(n): n - 1 for n in range(1, 7)})
_WEEKDAY_EN = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTHS_EN = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS_EN.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS_EN["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_WEEKDAY_EN_RE = "|".join(sorted(_WEEKDAY_EN, key=len, reverse=True))
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

_PARTS = (
    (re.compile(r"上午|早上|早晨|凌晨|清早|\bmorning\b"), DayPart.MORNING),
    (re.compile(r"中午|\bnoon\b|\bmidday\b"), DayPart.NOON),
    (re.compile(r"下午|午后|\bafternoon\b"), DayPart.AFTERNOON),
    (re.compile(r"傍晚|晚上|夜里|\bevening\b|\btonight\b"), DayPart.EVENING),
)

_FILLER = re.compile(
    r"\b(?:at|on|the|of|in|around|about|please|book|for|me|a|an|o'?clock|slot|appointment|time)\b"
    r"|[的在约大概左右请帮我预约想要吧啊呢号日点]|[\s,.，。、!！?？~～]"
)


def chinese_number(text: str) -> int:
    """``"二十三"`` → 23, ``"两"`` → 2, ``"15"`` → 15; up to 99."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(text)
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def _next_with_day(today: date, day: int) -> date | None:
    """The next date (from today on) that is the ``day``-th of its month."""
    for months in range(0, 3):
        year, month = divmod(today.month - 1 + months, 12)
        try:
            candidate = date(today.year + year, month + 1, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _month_day(today: date, month: int, day: int, year: int | None) -> date | None:
    """``month``/``day`` in ``year``, or the first such date from today on when no year is given."""
    years = (year,) if year is not None else (today.year, today.year + 1)
    for candidate_year in years:
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue  # 2月29日 typed in a year without one means next year's (a leap year), if that is next
        if year is not None or candidate >= today:
            return candidate
    return None


def _week_day(today: date, weekday: int, weeks_ahead: int) -> date:
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks_ahead, days=weekday)


def _coming(today: date, weekday: int) -> tuple[date, ...]:
    """A bare weekday: the coming one; said on that very weekday it could be today or a week on."""
    ahead = (weekday - today.weekday()) % 7
    first = today + timedelta(days=ahead)
    return (first, first + timedelta(days=7)) if ahead == 0 else (first,)


def _next_english(today: date, weekday: int) -> tuple[date, ...]:
    """ "next Friday": next week's, unless the coming Friday is in this week too, then either."""
    following = _week_day(today, weekday, 1)
    coming = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return (following,) if coming == following else (coming, following)


class _Reader:
    """Consumes recognised pieces of the text, leaving what was not understood."""

    def __init__(self, text: str) -> None:
        self.rest = text

    def take(self, pattern: str) -> re.Match[str] | None:
        match = re.search(pattern, self.rest)
        if match is not None:
            self.rest = self.rest[: match.start()] + " " + self.rest[match.end() :]
        return match


def _read_days(reader: _Reader, today: date) -> tuple[date, ...] | None:
    """The days named, () when none is, None when one is named but impossible (31 Nov)."""
    relative = {"大后天": 3, "后天": 2, "明天": 1, "明日": 1, "今天": 0, "今日": 0}
    for word, offset in relative.items():
        if reader.take(word):
            return (today + timedelta(days=offset),)
    if reader.take(r"\bday after tomorrow\b"):
        return (today + timedelta(days=2),)
    if reader.take(r"\b(?:tomorrow|tmrw?)\b"):
        return (today + timedelta(days=1),)
    if reader.take(r"\btoday\b"):
        return (today,)
    if m := reader.take(r"(下下|下|这|本|这个|下个)?(?:周|星期|礼拜)([一二三四五六日天1-7])"):
        weekday = _WEEKDAY_ZH[m.group(2)]
        prefix = m.group(1)
        if prefix in ("下", "下个"):
            return (_week_day(today, weekday, 1),)
        if prefix == "下下":
            return (_week_day(today, weekday, 2),)
        if prefix in ("这", "本", "这个"):
            return (_week_day(today, weekday, 0),)
        return _coming(today, weekday)
    if m := reader.take(rf"\b(next|this|coming)?\s*({_WEEKDAY_EN_RE})\b"):
        weekday = _WEEKDAY_EN[m.group(2)]
        if m.group(1) == "next":
            return _next_english(today, weekday)
        if m.group(1) == "this":
            return (_week_day(today, weekday, 0),)
        return _coming(today, weekday)
    if m := reader.take(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"):
        found = _month_day(today, int(m.group(2)), int(m.group(3)), int(m.group(1)))
        return (found,) if found else None
    if m := reader.take(rf"(?:(\d{{4}})年)?({_NUM})月({_NUM})[日号]?"):
        year = int(m.group(1)) if m.group(1) else None
        found = _month_day(today, chinese_number(m.group(2)), chinese_number(m.group(3)), year)
        return (found,) if found else None
    if m := reader.take(rf"\b({_MONTH_RE})\.?\s+{_ORDINAL}\b(?:,?\s*(\d{{4}})\b)?"):
        found = _month_day(today, _MONTHS_EN[m.group(1)], int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        return (found,) if found else None
    if m := reader.take(rf"\b{_ORDINAL}\s+(?:of\s+)?({_MONTH_RE})\b(?:,?\s*(\d{{4}})\b)?"):
        found = _month_day(today, _MONTHS_EN[m.group(2)], int(m.group(1)), int(m.group(3)) if m.group(3) else None)
        return (found,) if found else None
    if m := reader.take(r"(?<![\d:])(\d{1,2})/(\d{1,2})(?![\d:])"):
        found = _month_day(today, int(m.group(1)), int(m.group(2)), None)
        return (found,) if found else None
    if m := reader.take(rf"({_NUM})[号日]"):
        found = _next_with_day(today, chinese_number(m.group(1)))
        return (found,) if found else None
    return ()


def _read_part(reader: _Reader) -> DayPart | None:
    for pattern, part in _PARTS:
        if reader.take(pattern.pattern):
            return part
    return None


def _clock(hour: int, minute: int, part: DayPart | None, *, explicit: bool) -> tuple[time, ...] | None:
    """Candidate times for an hour as said: with a part of the day or am/pm it is one time, else maybe two."""
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    if hour == 24:
        hour = 0
    if (part in (DayPart.AFTERNOON, DayPart.EVENING) and hour < 12) or (part is DayPart.NOON and hour < 6):
        hour += 12
    elif part is DayPart.MORNING and hour == 12:
        hour = 0
    elif part is None and not explicit and 1 <= hour <= 11:
        return (time(hour, minute), time(hour + 12, minute))
    return (time(hour, minute),)


def _read_times(reader: _Reader, part: DayPart | None) -> tuple[time, ...] | None:
    """Candidate times, () when none is said, None when one is said but impossible (25:00)."""
    if m := reader.take(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\b\.?"):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12:
            return None
        return _clock(hour % 12, minute, DayPart.AFTERNOON if m.group(3) == "p" else DayPart.MORNING, explicit=True)
    if m := reader.take(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)"):
        hours = m.group(1)
        return _clock(int(hours), int(m.group(2)), part, explicit=len(hours) == 2)
    if m := reader.take(rf"({_NUM})[点时](?:(半)|(一刻)|(三刻)|({_NUM})分?)?"):
        minute = 30 if m.group(2) else 15 if m.group(3) else 45 if m.group(4) else 0
        if m.group(5):
            minute = chinese_number(m.group(5))
        return _clock(chinese_number(m.group(1)), minute, part, explicit=False)
    if m := reader.take(r"\bat\s+(\d{1,2})\b|\b(\d{1,2})\s*o'?clock\b"):
        return _clock(int(m.group(1) or m.group(2)), 0, part, explicit=False)
    if part is DayPart.NOON:
        return (time(12, 0),)
    return ()


def parse_when(text: str, today: date) -> When | None:
    """What ``text`` says about a day and a time, or None when it says neither (or something impossible)."""
    reader = _Reader(_normalize(text))
    try:
        days = _read_days(reader, today)
        part = _read_part(reader)
        times = _read_times(reader, part)
    except (KeyError, ValueError):
        return None
    if days is None or times is None:
        return None
    if re.search(r"\d", _FILLER.sub(" ", reader.rest)):
        return None
    if not days and not times and part is None:
        return None
    return When(days=days, times=times, part=None if times else part)
