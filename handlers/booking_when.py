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
from handlers.booking_text import day_label, time_label, when_label
from handlers.context import FlowContext
from handlers.dates import DayPart, parse_when
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.types import Choice

UNREADABLE = N_(
    "I could not read a day in that. Please type something like 明天下午3点 or “Dec 3 2pm”, or pick a day below."
)
PASSED_TODAY = N_("{time} today has passed.")
NO_TIME_TODAY = N_("There is no time left today for {service}; the earliest free time is {when}.")
NO_TIME_ON = N_("There is no time left on {day} for {service}; the earliest free time is {when}.")
NO_TIME_LATER = N_("There is no time left on {day} for {service}, and no free time after it that can be booked yet.")
NO_WAITLIST = N_("There is no waitlist for {day}: no time that could still free up is left that day.")


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


def service_named(sched: Schedule, typed: str) -> ServiceSpec | None:
    """The service a typed name ("小保养", "tyres") means, if any."""
    text = typed.strip().casefold()
    for service in sched.catalogue.active_services:
        names = (service.name_zh.casefold(), service.name_en.casefold(), service.code)
        if text and any(text in name or name in text for name in names):
            return service
    return None


def take_service_text(ctx: FlowContext, sched: Schedule) -> bool:
    """A typed service name; True when one matched."""
    service = service_named(sched, ctx.incoming.text or "")
    if service is not None:
        ctx.state.data[SERVICE] = service.code
    return service is not None


async def _days_with_room(ctx: FlowContext, sched: Schedule, service: ServiceSpec) -> tuple[list[date], list[date]]:
    """(days with a free time, days that are full though times could still free up) over the booking horizon."""
    now = ctx.now()
    free = await free_starts(ctx.session, sched, service, bookable_days(sched, now), now)
    with_room = [day for day, starts in free.items() if starts]
    full = [day for day, starts in free.items() if not starts and sched.starts_left(service, day, now)]
    return with_room, full


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
    today = sched.local_day(ctx.now())
    label = day_label(day, ctx.language, today)
    free = (await free_starts(ctx.session, sched, service, [day], ctx.now()))[day]
    lead = f"{note}\n" if note else ""
    if not free and not sched.starts_left(service, day, ctx.now()):
        await _no_time_left(ctx, sched, service, day, lead)
        return
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
    heading = ctx._("The next free times today:") if day == today else ctx._("Free times on {day}:", day=label)
    ctx.say(lead + heading, choices=cal.time_buttons(shown, sched.tz, other_days=ctx._("Another day")))


async def _no_time_left(ctx: FlowContext, sched: Schedule, service: ServiceSpec, day: date, lead: str) -> None:
    """Nothing on ``day`` can be booked any more, however many bays free up: say so and offer the earliest time."""
    now = ctx.now()
    today = sched.local_day(now)
    label, name = day_label(day, ctx.language, today), service.name(ctx.language)
    later = [other for other in bookable_days(sched, now) if other > day]
    free = await free_starts(ctx.session, sched, service, later, now)
    first = next((starts[0] for starts in free.values() if starts), None)
    if first is None:
        await ask_day(ctx, note=lead + ctx._(NO_TIME_LATER, day=label, service=name))
        return
    sentence = NO_TIME_TODAY if day == today else NO_TIME_ON
    when = when_label(first, sched.tz, ctx.language)
    await ask_time(ctx, sched.local_day(first), note=lead + ctx._(sentence, day=label, service=name, when=when))


async def refuse_waitlist(ctx: FlowContext, sched: Schedule, service: ServiceSpec, day: date) -> bool:
    """True, with the reason and the calendar, when ``day`` is past or has no time left that could free up."""
    note = None
    try:
        sched.check_day(day, ctx.now(), ctx.language)
    except InputError as error:
        note = ctx._(error.message, **error.params)
    if note is None and sched.starts_left(service, day, ctx.now()):
        return False
    if mode_of(ctx) is Mode.WAITLIST:
        ctx.state.data[MODE] = Mode.NEW
        ctx.state.data.pop(DAY, None)
    label = day_label(day, ctx.language, sched.local_day(ctx.now()))
    await ask_day(ctx, note=note or ctx._(NO_WAITLIST, day=label))
    return True


async def take_time(ctx: FlowContext, start: datetime) -> bool:
    """A start time picked or typed: True when it is free and now chosen; otherwise the reason and free times."""
    sched = await schedule(ctx)
    service = service_of(ctx, sched)
    assert service is not None
    day = sched.local_day(start)
    if start <= ctx.now() and day == sched.local_day(ctx.now()):
        await ask_time(ctx, day, note=ctx._(PASSED_TODAY, time=time_label(start, sched.tz)))
        return False
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
    service = service_of(ctx, sched)
    assert service is not None
    if waitlist:
        if await refuse_waitlist(ctx, sched, service, day):
            return False
        ctx.state.data[MODE] = Mode.WAITLIST
        ctx.state.data[DAY] = day.isoformat()
        return True
    if mode_of(ctx) is Mode.WAITLIST:
        ctx.state.data[MODE] = Mode.NEW
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
