"""The booking flow's "what and when": the service, a day (calendar or typed), a free time.

Typed dates go through :mod:`handlers.dates`. A phrase with two readings is
asked back with both as buttons. An hour without am/pm ("3点") keeps the
readings the store is open at: with opening hours such as 08:30–17:30 only
one is (15:00), so the customer is not asked a question whose answer is
obvious, and the time is shown before anything is booked; if both readings
were open, both are offered as buttons.
"""

from __future__ import annotations

from datetime import date, datetime, time

from handlers import booking_calendar as cal
from handlers.booking_catalogue import ServiceSpec
from handlers.booking_schedule import Schedule, bookable_days, free_starts
from handlers.booking_state import (
    DAY,
    MODE,
    PART,
    PENDING_TIMES,
    SERVICE,
    START,
    Mode,
    Step,
    day_of,
    mode_of,
    schedule,
    service_of,
)
from handlers.booking_text import day_label, time_label
from handlers.context import FlowContext
from handlers.dates import DayPart, parse_when
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.types import Choice

UNREADABLE = N_(
    "I could not read a day in that. Please type something like 明天下午3点 or “Dec 3 2pm”, or pick a day below."
)


def _calendar(ctx: FlowContext, days: list[date], page: int = 0) -> cal.Rows:
    return cal.day_buttons(
        days,
        ctx.language,
        page,
        more=ctx._("Later days ›"),
        earlier=ctx._("‹ Earlier days"),
        waitlist=ctx._("My day is full: waitlist"),
    )


async def ask_service(ctx: FlowContext) -> None:
    sched = await schedule(ctx)
    ctx.goto(Step.SERVICE)
    ctx.say(
        ctx._("Which service would you like to book?"),
        choices=cal.service_buttons(sched.catalogue.active_services, ctx.language),
    )


def take_service_text(ctx: FlowContext, sched: Schedule) -> bool:
    """A typed service name ("小保养", "tyres"); True when one matched."""
    text = (ctx.incoming.text or "").strip().casefold()
    for service in sched.catalogue.active_services:
        names = (service.name_zh.casefold(), service.name_en.casefold(), service.code)
        if text and any(text in name or name in text for name in names):
            ctx.state.data[SERVICE] = service.code
            return True
    return False


async def _days_with_room(ctx: FlowContext, sched: Schedule, service: ServiceSpec) -> tuple[list[date], list[date]]:
    """(days with a free time, open days that are full) over the booking horizon."""
    free = await free_starts(ctx.session, sched, service, bookable_days(sched, ctx.now()), ctx.now())
    return [day for day, starts in free.items() if starts], [day for day, starts in free.items() if not starts]


async def ask_day(ctx: FlowContext, *, page: int = 0, note: str | None = None) -> None:
    sched = await schedule(ctx)
    service = service_of(ctx, sched)
    assert service is not None
    ctx.goto(Step.DAY)
    with_room, _ = await _days_with_room(ctx, sched, service)
    question = ctx._(
        "Which day suits you for {service}? Pick a day, or type one (for example 明天下午3点, next Monday 10am).",
        service=service.name(ctx.language),
    )
    text = f"{note}\n{question}" if note else question
    ctx.say(text, choices=_calendar(ctx, with_room, page), edit=page > 0 or note is None)


async def show_full_days(ctx: FlowContext) -> None:
    """The open days with no room left, to join a waitlist."""
    sched = await schedule(ctx)
    service = service_of(ctx, sched)
    assert service is not None
    _, full = await _days_with_room(ctx, sched, service)
    if not full:
        ctx.say(ctx._("No day is fully booked at the moment: please pick a day from the calendar."))
        await ask_day(ctx)
        return
    ctx.say(
        ctx._("These days are fully booked. Pick one to join its waitlist:"),
        choices=cal.full_day_buttons(full, ctx.language),
    )


async def ask_time(ctx: FlowContext, day: date, *, part: DayPart | None = None, note: str | None = None) -> None:
    """Free times of a day (of one part of it when asked), or the waitlist when the day is full."""
    sched = await schedule(ctx)
    service = service_of(ctx, sched)
    assert service is not None
    ctx.state.data[DAY] = day.isoformat()
    ctx.goto(Step.TIME)
    label = day_label(day, ctx.language, sched.local_day(ctx.now()))
    free = (await free_starts(ctx.session, sched, service, [day], ctx.now()))[day]
    lead = f"{note}\n" if note else ""
    if not free:
        ctx.say(
            lead + ctx._("{day} is fully booked for {service}.", day=label, service=service.name(ctx.language)),
            choices=(
                (Choice(ctx._("Join the waitlist for this day"), cal.data("wait", day.isoformat())),),
                (Choice(ctx._("Pick another day"), cal.data("days")),),
            ),
        )
        return
    shown = [start for start in free if part is None or cal.in_part(start, sched.tz, part)]
    if part is not None and not shown:
        lead += ctx._("Nothing is free at that time of day. ")
        shown = free
    ctx.say(
        lead + ctx._("Free times on {day}:", day=label),
        choices=cal.time_buttons(shown, sched.tz, other_days=ctx._("Another day")),
    )


async def take_time(ctx: FlowContext, start: datetime) -> bool:
    """A start time picked or typed: True when it is free and now chosen; otherwise the reason and free times."""
    sched = await schedule(ctx)
    service = service_of(ctx, sched)
    assert service is not None
    day = sched.local_day(start)
    try:
        sched.check_start(service, start, ctx.now(), ctx.language)
    except InputError as error:
        await _refuse(ctx, sched, day, ctx._(error.message, **error.params))
        return False
    free = (await free_starts(ctx.session, sched, service, [day], ctx.now()))[day]
    if start not in free:
        await ask_time(ctx, day, note=ctx._("{time} is already taken.", time=time_label(start, sched.tz)))
        return False
    ctx.state.data[DAY] = day.isoformat()
    ctx.state.data[START] = start.isoformat()
    return True


async def _refuse(ctx: FlowContext, sched: Schedule, day: date, reason: str) -> None:
    """Say why, then show what can be chosen: that day's times when the day itself is fine."""
    try:
        sched.check_day(day, ctx.now(), ctx.language)
    except InputError:
        await ask_day(ctx, note=reason)
        return
    await ask_time(ctx, day, note=reason)


async def take_day(
    ctx: FlowContext, day: date, times: list[time], part: DayPart | None, *, waitlist: bool = False
) -> bool:
    """A day (with the times said along with it); True when a start time (or, for the waitlist, the day) is chosen."""
    sched = await schedule(ctx)
    try:
        sched.check_day(day, ctx.now(), ctx.language)
    except InputError as error:
        await ask_day(ctx, note=ctx._(error.message, **error.params))
        return False
    ctx.state.data.pop(START, None)
    ctx.state.data.pop(PENDING_TIMES, None)
    ctx.state.data.pop(PART, None)
    if waitlist:
        ctx.state.data[MODE] = Mode.WAITLIST
        ctx.state.data[DAY] = day.isoformat()
        return True
    if mode_of(ctx) is Mode.WAITLIST:
        ctx.state.data[MODE] = Mode.NEW
    service = service_of(ctx, sched)
    assert service is not None
    readings = [sched.at(day, clock) for clock in times]
    open_readings = [start for start in readings if sched.span(service, start) is not None]
    if len(open_readings) > 1:
        ctx.state.data[DAY] = day.isoformat()
        ctx.say(ctx._("Which time do you mean?"), choices=cal.pick_time_buttons(open_readings, sched.tz))
        return False
    if open_readings or readings:
        return await take_time(ctx, (open_readings or readings)[-1])
    await ask_time(ctx, day, part=part)
    return False


async def take_when_text(ctx: FlowContext) -> bool:
    """Typed at the day or time step; True when a start time is now chosen."""
    sched = await schedule(ctx)
    when = parse_when(ctx.incoming.text or "", sched.local_day(ctx.now()))
    if when is None:
        await ask_day(ctx, note=ctx._(UNREADABLE))
        return False
    pending = [time.fromisoformat(value) for value in ctx.state.data.get(PENDING_TIMES, [])]
    times = list(when.times) or pending
    known_day = day_of(ctx)
    days = when.days or ((known_day,) if known_day is not None and ctx.state.step == Step.TIME else ())
    if not days:
        ctx.state.data[PENDING_TIMES] = [clock.isoformat() for clock in times]
        await ask_day(ctx, note=ctx._("Which day?"))
        return False
    if len(days) > 1:
        ctx.state.data[PENDING_TIMES] = [clock.isoformat() for clock in times]
        ctx.say(ctx._("Which day do you mean?"), choices=cal.pick_day_buttons(days, ctx.language))
        return False
    return await take_day(ctx, days[0], times, when.part)


async def take_day_button(ctx: FlowContext, day: date) -> bool:
    """A day button; times typed earlier without a day ("3pm", then the day) still apply."""
    pending = [time.fromisoformat(value) for value in ctx.state.data.get(PENDING_TIMES, [])]
    return await take_day(ctx, day, pending, None)
