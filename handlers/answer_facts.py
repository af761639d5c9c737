"""The store's facts an answer may name (hours, lunch, holidays, hotline…), read from where they are kept.

Opening hours, the lunch break and the holiday rule come from the booking
catalogue stored in the database — the calendar customers book against — and
the hotline, store name and desk hours from the settings, so an FAQ answer can
never say the store is open when the calendar says it is closed. Rendered at
answer time, in the answer's language.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import holidays
from babel.dates import format_interval, format_skeleton, get_day_names
from babel.lists import format_list
from babel.numbers import format_decimal

from handlers.booking_catalogue import WEEKDAYS, Catalogue, Period, current
from handlers.context import FlowContext
from knowledge.answer_template import fill, has_placeholders
from storage.knowledge_base import KnowledgeEntry

__all__ = ["facts", "rendered_answer"]

HOLIDAY_LOOKAHEAD_DAYS = 400


def _locale(language: str) -> str:
    return "zh_CN" if language.startswith("zh") else "en"


async def rendered_answer(ctx: FlowContext, entry: KnowledgeEntry) -> str:
    """The entry's answer as the customer reads it: placeholders filled from the catalogue and settings."""
    if not has_placeholders(entry.answer):
        return entry.answer
    return fill(entry.answer, facts(ctx, await current(ctx.session), entry.language))


def facts(ctx: FlowContext, catalogue: Catalogue, language: str) -> dict[str, str]:
    """Every placeholder's text in ``language``."""
    config = ctx.services.config
    desk = config.desk_hours
    desk_span = f"{desk.opens:%H:%M}–{desk.closes:%H:%M}"
    return {
        "store": config.store_name,
        "hotline": config.hotline,
        "opening_hours": _by_days(ctx, language, [_span(catalogue.periods_of(day)) for day in range(7)]),
        "lunch_break": _lunch(ctx, language, catalogue),
        "holidays": _holidays(ctx, language, catalogue),
        "desk_hours": _by_days(ctx, language, [desk_span if day in desk.weekdays else None for day in range(7)]),
        "change_cutoff_hours": str(catalogue.rules.change_cutoff_hours),
        "first_service_months": str(config.aftercare.first_service_months),
        "first_service_km": format_decimal(config.aftercare.first_service_km, locale=_locale(language)),
    }


def _span(periods: Sequence[Period]) -> str | None:
    return f"{periods[0].opens:%H:%M}–{periods[-1].closes:%H:%M}" if periods else None


def _gaps(periods: Sequence[Period]) -> str | None:
    gaps = [f"{before.closes:%H:%M}–{after.opens:%H:%M}" for before, after in itertools.pairwise(periods)]
    return ", ".join(gaps) or None


def _runs(values: Sequence[str | None], keep: Callable[[str | None], bool]) -> list[tuple[int, int, str | None]]:
    """Consecutive weekdays (0 = Monday) with the same value, as (first, last, value)."""
    runs: list[tuple[int, int, str | None]] = []
    for day, value in enumerate(values):
        if not keep(value):
            continue
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], day, value)
        else:
            runs.append((day, day, value))
    return runs


def _days(ctx: FlowContext, language: str, first: int, last: int) -> str:
    names = get_day_names("wide" if language == "en" else "abbreviated", locale=_locale(language))
    if (first, last) == (0, 6):
        return ctx.in_language(language, "daily")
    if first == last:
        return str(names[first])
    return ctx.in_language(language, "{first}–{last}", first=names[first], last=names[last])


def _by_days(ctx: FlowContext, language: str, hours: Sequence[str | None]) -> str:
    """``Monday–Friday 08:30–17:30, Saturday 09:00–16:00, and Sunday closed``; None is a closed day."""
    parts = [
        ctx.in_language(language, "{days} {hours}", days=_days(ctx, language, first, last), hours=value)
        if value is not None
        else ctx.in_language(language, "{days} closed", days=_days(ctx, language, first, last))
        for first, last, value in _runs(hours, lambda _value: True)
    ]
    return format_list(parts, locale=_locale(language))


def _lunch(ctx: FlowContext, language: str, catalogue: Catalogue) -> str:
    """The gap between a day's periods; the days are named only when they differ."""
    runs = _runs([_gaps(catalogue.periods_of(day)) for day in range(7)], lambda value: value is not None)
    if not runs:
        return ctx.in_language(language, "no lunch break")
    if len({value for _, _, value in runs}) == 1:
        return str(runs[0][2])
    parts = [
        ctx.in_language(language, "{days} {hours}", days=_days(ctx, language, first, last), hours=value)
        for first, last, value in runs
    ]
    return format_list(parts, locale=_locale(language))


def _holidays(ctx: FlowContext, language: str, catalogue: Catalogue) -> str:
    """Whether public holidays are closed, the next one, and the hours of the weekend days worked instead."""
    rules = catalogue.holidays
    adjusted = get_day_names("wide" if language == "en" else "abbreviated", locale=_locale(language))[
        WEEKDAYS.index(rules.adjusted_workday_hours)
    ]
    if not rules.closed_on_public_holidays:
        return ctx.in_language(language, "open on public holidays at the usual hours")
    today = ctx.now().astimezone(ZoneInfo(ctx.services.config.timezone)).date()
    calendar = holidays.country_holidays(
        rules.country, years=(today.year, today.year + 1), language="zh_CN" if language.startswith("zh") else "en_US"
    )
    upcoming = sorted(day for day in calendar if today <= day <= today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS))
    if not upcoming:
        return ctx.in_language(language, "closed on public holidays")
    start = end = upcoming[0]
    while end + timedelta(days=1) in calendar:
        end += timedelta(days=1)
    return ctx.in_language(
        language,
        "closed on public holidays (next: {name}, {dates}); weekend days worked instead keep {day}'s hours",
        name=calendar.get(start),
        dates=_dates(start, end, language),
        day=adjusted,
    )


def _dates(start: date, end: date, language: str) -> str:
    if start == end:
        return format_skeleton("MMMd", start, locale=_locale(language))
    return format_interval(start, end, skeleton="MMMd", locale=_locale(language))
