"""When staff may mark a visit: arrived from its day on, done or no-show from its start time on.

Marking a visit done plans the follow-up survey that thanks the owner, so a
visit that has not begun can be neither done nor missed; a car cannot have
arrived for a visit days ahead either.
"""

from __future__ import annotations

from datetime import datetime

from handlers.booking_schedule import Schedule
from handlers.booking_text import day_label, time_label, when_label
from handlers.context import FlowContext
from handlers.i18n import N_
from storage.bookings import Booking, BookingStatus

ARRIVED = "arrived"
EARLY = {
    ARRIVED: N_("This visit is on {day}; the car can be marked arrived from that day on."),
    BookingStatus.DONE: N_("This visit starts at {when}; it can be marked done from then on."),
    BookingStatus.NO_SHOW: N_("This visit starts at {when}; it can be marked as a no-show from then on."),
}
NOT_YET = N_("It can be marked arrived from {day} on, done or no-show from {time} that day.")


def may_mark(sched: Schedule, booking: Booking, action: str, now: datetime) -> bool:
    """Arrived from the visit's day on; done and no-show from its start on."""
    if action == ARRIVED:
        return sched.local_day(now) >= sched.local_day(booking.start_at)
    return now >= booking.start_at


def too_early(ctx: FlowContext, sched: Schedule, booking: Booking, action: str) -> str | None:
    """The sentence refusing a mark pressed before its time; None when it may be made now."""
    if action not in EARLY or may_mark(sched, booking, action, ctx.now()):
        return None
    today = sched.local_day(ctx.now())
    return ctx._(
        EARLY[action],
        day=day_label(sched.local_day(booking.start_at), ctx.language, today),
        when=when_label(booking.start_at, sched.tz, ctx.language),
    )


def not_yet(ctx: FlowContext, sched: Schedule, booking: Booking) -> str | None:
    """A line for a card whose marks are not offered yet, saying from when they are."""
    if may_mark(sched, booking, BookingStatus.DONE, ctx.now()):
        return None
    day = day_label(sched.local_day(booking.start_at), ctx.language, sched.local_day(ctx.now()))
    return ctx._(NOT_YET, day=day, time=time_label(booking.start_at, sched.tz))
