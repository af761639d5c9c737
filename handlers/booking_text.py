"""How days, times and bookings read in each language (Babel's CLDR patterns, never hand-built)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.dates import format_skeleton

from handlers.booking_catalogue import Period

__all__ = ["day_label", "long_day", "periods_text", "short_day", "time_label", "when_label"]


def _locale(language: str) -> str:
    return "zh_CN" if language.startswith("zh") else "en"


def long_day(day: date, language: str) -> str:
    """``12月3日周四`` / ``Thu, Dec 3``."""
    return format_skeleton("MMMEd", day, locale=_locale(language))


def short_day(day: date, language: str) -> str:
    """A calendar button: ``12/3周四`` / ``Thu, 12/3``."""
    return format_skeleton("MEd", day, locale=_locale(language))


def day_label(day: date, language: str, today: date) -> str:
    """The day in full, with the year when it is not this year's."""
    if day.year != today.year:
        return format_skeleton("yMMMEd", day, locale=_locale(language))
    return long_day(day, language)


def time_label(moment: datetime, tz: tzinfo) -> str:
    """``14:30`` in the store's time zone: the same in both languages."""
    return moment.astimezone(tz).strftime("%H:%M")


def when_label(moment: datetime, tz: tzinfo, language: str) -> str:
    """``12月3日周四 14:30`` / ``Thu, Dec 3 14:30``."""
    local = moment.astimezone(tz)
    return f"{long_day(local.date(), language)} {local:%H:%M}"


def periods_text(periods: tuple[Period, ...]) -> str:
    """``08:30–12:00, 13:30–17:30``."""
    return ", ".join(f"{p.opens:%H:%M}–{p.closes:%H:%M}" for p in periods)
