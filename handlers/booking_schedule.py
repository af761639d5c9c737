"""When the workshop can take a car: working slots, the rules for a start time, free times.

A day's working slots are the ``slot_minutes`` steps of its opening periods
(weekday hours; closed on public holidays; the weekend days worked instead,
调休, keep the hours the catalogue names — both from the ``holidays``
package). A service occupies ``ceil(duration / slot)`` consecutive working
slots, so a long job carries on after the lunch break, and must finish by
closing time. Free times come from the capacity counters in one query.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.booking_catalogue import Catalogue, Period, ServiceSpec
from handlers.booking_text import day_label, periods_text, when_label
from handlers.errors import InputError
from handlers.i18n import N_
from storage import capacity

PAST_DAY = N_("That day has already passed. Please choose a day from today on.")
PAST_TIME = N_("That time has already passed. Please choose a later time.")
HOLIDAY = N_("We are closed on {day} ({holiday}). Please choose another day.")
CLOSED = N_("We are closed on {day}. Please choose another day.")
HORIZON = N_("You can book up to {days} days ahead, until {last}. Please choose an earlier day.")
LEAD_TIME = N_("Bookings need at least {hours} hours' notice; the earliest you can book now is {earliest}.")
OUTSIDE_HOURS = N_("On {day} we take appointments {hours}. Please choose a time within those hours.")
OFF_GRID = N_("Appointments start every {minutes} minutes. Please choose one of the free times.")
TOO_LONG = N_("{service} takes {minutes} minutes and must finish by closing time. Please choose an earlier time.")


@cache
def _holidays(country: str, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country, language="zh_CN" if language.startswith("zh") else "en_US")


@dataclass(frozen=True, slots=True)
class Schedule:
    """The catalogue's calendar in the store's time zone."""

    catalogue: Catalogue
    tz: ZoneInfo

    @property
    def step(self) -> timedelta:
        return timedelta(minutes=self.catalogue.rules.slot_minutes)

    def holiday(self, day: date, language: str) -> str | None:
        """The public holiday's name when the store closes for it."""
        rules = self.catalogue.holidays
        if not rules.closed_on_public_holidays:
            return None
        name = _holidays(rules.country, language).get(day)
        return str(name) if name else None

    def periods(self, day: date) -> tuple[Period, ...]:
        """The day's opening periods; () when closed."""
        rules = self.catalogue.holidays
        calendar = _holidays(rules.country, "en")
        if rules.closed_on_public_holidays and day in calendar:
            return ()
        if day in calendar.weekend_workdays:
            return self.catalogue.opening_hours.get(rules.adjusted_workday_hours, ())
        return self.catalogue.periods_of(day.weekday())

    def slots(self, day: date) -> list[datetime]:
        """Start of every working slot of the day, in UTC."""
        starts: list[datetime] = []
        for period in self.periods(day):
            moment = datetime.combine(day, period.opens, self.tz)
            closes = datetime.combine(day, period.closes, self.tz)
            while moment + self.step <= closes:
                starts.append(moment.astimezone(ZoneInfo("UTC")))
                moment += self.step
        return starts

    def slots_needed(self, service: ServiceSpec) -> int:
        return math.ceil(service.duration_minutes / self.catalogue.rules.slot_minutes)

    def span(self, service: ServiceSpec, start: datetime) -> list[datetime] | None:
        """The slots a service starting at ``start`` occupies; None if it does not start and end in hours."""
        day_slots = self.slots(self.local_day(start))
        if start not in day_slots:
            return None
        first, count = day_slots.index(start), self.slots_needed(service)
        taken = day_slots[first : first + count]
        return taken if len(taken) == count else None

    def end_of(self, slots: list[datetime]) -> datetime:
        return slots[-1] + self.step

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The day from midnight to midnight in the store's time zone, in UTC."""
        start = datetime.combine(day, time(0), self.tz)
        return start.astimezone(ZoneInfo("UTC")), (start + timedelta(days=1)).astimezone(ZoneInfo("UTC"))

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, self.tz).astimezone(ZoneInfo("UTC"))

    def earliest(self, now: datetime) -> datetime:
        return now + timedelta(hours=self.catalogue.rules.lead_time_hours)

    def last_day(self, now: datetime) -> date:
        return self.local_day(now) + timedelta(days=self.catalogue.rules.horizon_days)

    def starts_left(self, service: ServiceSpec, day: date, now: datetime) -> list[datetime]:
        """Starts on ``day`` the service could take if every bay were free: none once the day is over for it."""
        return fitting_starts(
            self.slots(day),
            {},
            room=self.catalogue.bays.get(service.bay_kind, 0),
            count=self.slots_needed(service),
            bays=service.bays_needed,
            earliest=self.earliest(now),
        )

    def check_day(self, day: date, now: datetime, language: str) -> None:
        """Raise :class:`InputError` with the reason a day cannot be booked at all."""
        today = self.local_day(now)
        label = day_label(day, language, today)
        if day < today:
            raise InputError(PAST_DAY)
        if day > self.last_day(now):
            raise InputError(
                HORIZON,
                days=self.catalogue.rules.horizon_days,
                last=day_label(self.last_day(now), language, today),
            )
        holiday = self.holiday(day, language)
        if holiday is not None:
            raise InputError(HOLIDAY, day=label, holiday=holiday)
        if not self.periods(day):
            raise InputError(CLOSED, day=label)

    def check_start(self, service: ServiceSpec, start: datetime, now: datetime, language: str) -> list[datetime]:
        """The slots of a bookable start; :class:`InputError` with the reason otherwise."""
        if start <= now:
            raise InputError(PAST_TIME)
        day = self.local_day(start)
        self.check_day(day, now, language)
        if start < self.earliest(now):
            raise InputError(
                LEAD_TIME,
                hours=self.catalogue.rules.lead_time_hours,
                earliest=when_label(self.earliest(now), self.tz, language),
            )
        slots = self.span(service, start)
        if slots is not None:
            return slots
        local = start.astimezone(self.tz).time()
        periods = self.periods(day)
        if not any(period.opens <= local < period.closes for period in periods):
            raise InputError(
                OUTSIDE_HOURS, day=day_label(day, language, self.local_day(now)), hours=periods_text(periods)
            )
        if start not in self.slots(day):
            raise InputError(OFF_GRID, minutes=self.catalogue.rules.slot_minutes)
        raise InputError(TOO_LONG, service=service.name(language), minutes=service.duration_minutes)


def fitting_starts(
    slots: list[datetime], used: dict[datetime, int], *, room: int, count: int, bays: int, earliest: datetime
) -> list[datetime]:
    """Starts whose ``count`` consecutive slots all have ``bays`` free of ``room``."""
    free = [room - used.get(slot, 0) >= bays for slot in slots]
    starts: list[datetime] = []
    run = 0
    for index in range(len(slots) - 1, -1, -1):
        run = run + 1 if free[index] else 0
        if run >= count and slots[index] >= earliest:
            starts.append(slots[index])
    starts.reverse()
    return starts


async def free_starts(
    session: AsyncSession, schedule: Schedule, service: ServiceSpec, days: list[date], now: datetime
) -> dict[date, list[datetime]]:
    """Bookable start times per day (empty list: open but full), from one read of the counters."""
    per_day = {day: schedule.slots(day) for day in days}
    everything = [slot for slots in per_day.values() for slot in slots]
    if not everything:
        return {day: [] for day in days}
    used = await capacity.used_between(session, service.bay_kind, min(everything), max(everything) + schedule.step)
    room = schedule.catalogue.bays[service.bay_kind]
    count, earliest = schedule.slots_needed(service), schedule.earliest(now)
    return {
        day: fitting_starts(slots, used, room=room, count=count, bays=service.bays_needed, earliest=earliest)
        for day, slots in per_day.items()
    }


def bookable_days(schedule: Schedule, now: datetime) -> list[date]:
    """Open days from today to the end of the horizon."""
    today = schedule.local_day(now)
    days = (today + timedelta(days=offset) for offset in range(schedule.catalogue.rules.horizon_days + 1))
    return [day for day in days if schedule.periods(day)]
