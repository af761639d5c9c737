"""The booking flow's buttons: services, a calendar of days with room, free times, and "which one?"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, tzinfo

from handlers.booking_catalogue import ServiceSpec
from handlers.booking_text import short_day, time_label
from handlers.dates import DayPart
from handlers.types import Choice

# Button data of the booking flow: "bk:<action>:<value>".
BOOKING_CHOICE = "bk"
DAYS_PER_PAGE = 12
DAYS_PER_ROW = 3
TIMES_PER_ROW = 4

Rows = tuple[tuple[Choice, ...], ...]

PART_HOURS = {
    DayPart.MORNING: (time(0), time(12)),
    DayPart.NOON: (time(11), time(14)),
    DayPart.AFTERNOON: (time(12), time(18)),
    DayPart.EVENING: (time(17), time(23, 59)),
}


def data(action: str, value: object = "") -> str:
    return f"{BOOKING_CHOICE}:{action}:{value}"


def _grid(choices: Sequence[Choice], per_row: int) -> Rows:
    return tuple(tuple(choices[i : i + per_row]) for i in range(0, len(choices), per_row))


def service_buttons(services: Sequence[ServiceSpec], language: str) -> Rows:
    return _grid([Choice(service.name(language), data("svc", service.code)) for service in services], 2)


def day_buttons(days: Sequence[date], language: str, page: int, *, more: str, earlier: str, waitlist: str) -> Rows:
    """One page of days with room, with paging and a way to the waitlist of full days."""
    shown = days[page * DAYS_PER_PAGE : (page + 1) * DAYS_PER_PAGE]
    rows = list(_grid([Choice(short_day(day, language), data("day", day.isoformat())) for day in shown], DAYS_PER_ROW))
    paging = []
    if page > 0:
        paging.append(Choice(earlier, data("page", page - 1)))
    if (page + 1) * DAYS_PER_PAGE < len(days):
        paging.append(Choice(more, data("page", page + 1)))
    if paging:
        rows.append(tuple(paging))
    rows.append((Choice(waitlist, data("full")),))
    return tuple(rows)


def full_day_buttons(days: Sequence[date], language: str) -> Rows:
    return _grid([Choice(short_day(day, language), data("wait", day.isoformat())) for day in days], DAYS_PER_ROW)


def time_buttons(starts: Sequence[datetime], tz: tzinfo, *, other_days: str) -> Rows:
    """Free start times, then a way back to the calendar."""
    rows = list(
        _grid([Choice(time_label(start, tz), data("time", start.isoformat())) for start in starts], TIMES_PER_ROW)
    )
    rows.append((Choice(other_days, data("days")),))
    return tuple(rows)


def in_part(start: datetime, tz: tzinfo, part: DayPart) -> bool:
    """True when a start time falls in the part of the day ("上午", "afternoon") that was asked for."""
    begin, end = PART_HOURS[part]
    return begin <= start.astimezone(tz).time() < end


def pick_day_buttons(days: Sequence[date], language: str) -> Rows:
    return (tuple(Choice(short_day(day, language), data("day", day.isoformat())) for day in days),)


def pick_time_buttons(starts: Sequence[datetime], tz: tzinfo) -> Rows:
    return (tuple(Choice(time_label(start, tz), data("time", start.isoformat())) for start in starts),)
