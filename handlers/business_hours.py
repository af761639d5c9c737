"""When the desk is staffed: opening hours, public holidays and China's adjusted working days.

Holidays come from the maintained ``holidays`` package (``holidays.China``),
which also knows the weekend days that are worked instead (调休). The SLA
clock counts only minutes inside these hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

MAX_DAYS_AHEAD = 60


@dataclass(frozen=True)
class BusinessHours:
    """Daily hours on the given weekdays (0 = Monday), closed on public holidays if ``holidays_closed``."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    opens: time = time(8, 30)
    closes: time = time(18, 0)
    weekdays: frozenset[int] = frozenset(range(7))
    holidays_closed: bool = True

    @cached_property
    def _calendar(self) -> holidays.HolidayBase:
        return holidays.country_holidays("CN")

    def is_open_day(self, day: date) -> bool:
        """A day the desk works: a listed weekday or an adjusted working day, and not a public holiday."""
        calendar = self._calendar
        if self.holidays_closed and day in calendar:
            return False
        return day.weekday() in self.weekdays or day in calendar.weekend_workdays

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day, self.opens, self.timezone),
            datetime.combine(day, self.closes, self.timezone),
        )

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(self.timezone)
        start, end = self._window(local.date())
        return self.is_open_day(local.date()) and start <= local < end

    def next_opening(self, at: datetime) -> datetime:
        """``at`` itself when open, otherwise the next moment the desk opens."""
        local = at.astimezone(self.timezone)
        for offset in range(MAX_DAYS_AHEAD):
            day = local.date() + timedelta(days=offset)
            if not self.is_open_day(day):
                continue
            start, end = self._window(day)
            if local < end:
                return max(start, local)
        raise ValueError("the desk is not open in the next 60 days; check the business hours settings")

    def add_business_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment ``minutes`` of open desk time have passed after ``start`` (the clock pauses when closed)."""
        remaining = timedelta(minutes=minutes)
        moment = self.next_opening(start)
        while True:
            _, end = self._window(moment.astimezone(self.timezone).date())
            if moment + remaining <= end:
                return moment + remaining
            remaining -= end - moment
            moment = self.next_opening(end)
