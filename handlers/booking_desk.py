"""The workshop's side of bookings: the day's plan by bay, arrivals, and booking for callers.

Usage (staff only): ``/today``; ``/day 明天`` or ``/day 2026-12-03`` — the
day's bookings grouped by bay kind, a button per booking to mark it arrived,
done or no-show, move or cancel it, and an ``.xlsx`` export;
``/book_for 13812345678`` — book for a customer who phoned (found or created
by phone number; source phone). All of it works in the staff group too.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial

from handlers import booking_actions as actions
from handlers import booking_flow, booking_marks, followup
from handlers.booking_export import day_workbook
from handlers.booking_replies import MINE_CHOICE, service_name
from handlers.booking_schedule import Schedule
from handlers.booking_text import day_label, time_label
from handlers.choice_data import parse_day, parse_id
from handlers.context import FlowContext
from handlers.dates import parse_when
from handlers.desk_cards import desk_text
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.staff_access import is_staff
from handlers.types import Choice
from handlers.validate import parse_phone
from storage import bookings, customers
from storage.bookings import BookingStatus
from storage.customers import Customer

DESK_BOOKING_CHOICE = "bkdesk"
BAD_DAY = N_("Please give a day, such as /day 明天, /day 12月3日 or /day 2026-12-03.")
MARKS = {"arrived": "🚗", BookingStatus.DONE: "✅", BookingStatus.NO_SHOW: "❌", BookingStatus.CANCELLED: "✖"}


async def today(ctx: FlowContext, _argument: str = "") -> None:
    """``/today``."""
    if is_staff(ctx):
        sched = await actions.schedule_of(ctx.session, ctx.services)
        await _show_day(ctx, sched, sched.local_day(ctx.now()))


async def day(ctx: FlowContext, argument: str) -> None:
    """``/day DATE``."""
    if not is_staff(ctx):
        return
    sched = await actions.schedule_of(ctx.session, ctx.services)
    when = parse_when(argument, sched.local_day(ctx.now())) if argument.strip() else None
    if when is None or len(when.days) != 1:
        raise InputError(BAD_DAY)
    await _show_day(ctx, sched, when.days[0])


def _status_mark(booking: bookings.Booking) -> str:
    if booking.status != BookingStatus.BOOKED:
        return MARKS[booking.status]
    return MARKS["arrived"] if booking.arrived_at else ("☑" if booking.confirmed_at else "")


async def _day_rows(
    ctx: FlowContext, sched: Schedule, on: date
) -> list[tuple[bookings.Booking, Customer, customers.Vehicle | None]]:
    start = datetime.combine(on, time(0), sched.tz)
    return await bookings.between(ctx.session, start, start + timedelta(days=1))


async def _show_day(ctx: FlowContext, sched: Schedule, on: date) -> None:
    """The day by bay kind, in the desk's language (bays by their names), whoever asks."""
    rows = await _day_rows(ctx, sched, on)
    language = ctx.services.config.desk_language
    label = day_label(on, language, sched.local_day(ctx.now()))
    active = [row for row in rows if row[0].status != BookingStatus.CANCELLED]
    if not active:
        ctx.say(desk_text(ctx, "No bookings on {day}.", day=label))
        return
    lines = [desk_text(ctx, "Bookings on {day}: {count}", day=label, count=len(active))]
    for kind, bays in sched.catalogue.bays.items():
        of_kind = [row for row in active if row[0].bay_kind == kind]
        if not of_kind:
            continue
        lines.append(
            desk_text(ctx, "\n{kind} ({bays} bays):", kind=sched.catalogue.bay_name(kind, language), bays=bays)
        )
        for booking, customer, vehicle in of_kind:
            lines.append(
                f"{time_label(booking.start_at, sched.tz)}–{time_label(booking.end_at, sched.tz)} "
                f"{service_name(sched.catalogue, booking.service_code, language)} "
                f"{vehicle.plate if vehicle else ''} {customer.name or ''} {customer.phone or ''} "
                f"{booking.reference} {_status_mark(booking)}".rstrip()
            )
    buttons = [
        Choice(f"{time_label(b.start_at, sched.tz)} {b.reference}", f"{DESK_BOOKING_CHOICE}:open:{b.id}")
        for b, _, _ in active
        if b.status == BookingStatus.BOOKED
    ]
    rows_of_buttons = [tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3)]
    rows_of_buttons.append((Choice(desk_text(ctx, "Export .xlsx"), f"{DESK_BOOKING_CHOICE}:xlsx:{on.isoformat()}"),))
    ctx.say("\n".join(lines), choices=tuple(rows_of_buttons))


async def on_choice(ctx: FlowContext, value: str) -> None:
    """Open a booking, mark it, or export the day."""
    if not is_staff(ctx):
        return
    action, _, arg = value.partition(":")
    sched = await actions.schedule_of(ctx.session, ctx.services)
    if action == "xlsx":
        on = parse_day(arg)
        if on is None:
            ctx.say(ctx._("That button has expired. Please start again."))
            return
        rows = await _day_rows(ctx, sched, on)
        sheet = day_workbook(
            on, rows, sched.catalogue, sched.tz, ctx.services.config.desk_language, partial(desk_text, ctx)
        )
        ctx.say(desk_text(ctx, "Bookings of {day}", day=on.isoformat()), attachments=(sheet,))
        return
    booking_id = parse_id(arg)
    booking = await bookings.get(ctx.session, booking_id) if booking_id is not None else None
    if booking is None:
        ctx.say(ctx._("That booking no longer exists."))
        return
    early = booking_marks.too_early(ctx, sched, booking, action)
    if early is not None:
        ctx.say(early)
        return
    if action == "arrived":
        await bookings.mark_arrived(ctx.session, booking.id, ctx.now())
    elif action in (BookingStatus.DONE, BookingStatus.NO_SHOW):
        await bookings.set_status(ctx.session, booking.id, BookingStatus(action))
        await followup.booking_marked(ctx, booking, BookingStatus(action))
    await ctx.session.refresh(booking)
    customer = await ctx.session.get(Customer, booking.customer_id)
    marks = (
        (booking_marks.ARRIVED, ctx._("Arrived")),
        (BookingStatus.DONE, ctx._("Done")),
        (BookingStatus.NO_SHOW, ctx._("No-show")),
    )
    offered = tuple(
        Choice(label, f"{DESK_BOOKING_CHOICE}:{mark}:{booking.id}")
        for mark, label in marks
        if booking_marks.may_mark(sched, booking, mark, ctx.now())
    )
    card = (
        f"{booking.reference} {time_label(booking.start_at, sched.tz)} "
        f"{service_name(sched.catalogue, booking.service_code, ctx.language)} "
        f"{(customer.phone or '') if customer else ''} {_status_mark(booking)}".rstrip()
    )
    later = booking_marks.not_yet(ctx, sched, booking)
    # The customer's own Move and Cancel (booking_mine), which staff may use for any customer.
    change = (
        Choice(ctx._("Move"), f"{MINE_CHOICE}:move:{booking.id}"),
        Choice(ctx._("Cancel"), f"{MINE_CHOICE}:cancel:{booking.id}"),
    )
    card_rows = (offered, change) if offered else (change,)
    ctx.say(f"{card}\n{later}" if later else card, choices=card_rows, edit=action != "open")


async def book_for(ctx: FlowContext, argument: str) -> None:
    """``/book_for PHONE``: start the booking flow for the customer with that number (created if new)."""
    if not is_staff(ctx):
        return
    if not argument.strip():
        raise InputError(N_("Please give the customer's phone number: /book_for 13812345678"))
    phone = parse_phone(argument)
    found = await customers.find_by_phone(ctx.session, phone)
    customer = found[0] if found else Customer()
    if not found:
        ctx.session.add(customer)
        await ctx.session.flush()
        await customers.add_phone(ctx.session, customer, phone, ctx.now())
    name = customer.name or (ctx._("name not given") if found else ctx._("new customer"))
    ctx.say(ctx._("Booking for {phone} ({name}).", phone=phone, name=name))
    await booking_flow.start_for(ctx, customer)
