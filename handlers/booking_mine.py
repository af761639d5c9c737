"""My bookings: the customer's coming visits and waitlists, with Move, Cancel (optional reason) and Confirm.

Usage: ``/mybookings``. The same buttons arrive on reminders, and on the
staff's booking card (``/day``), where staff act for the customer, who is
told. Customers may not move or cancel inside the cut-off
(``change_cutoff_hours``); they are told to call instead. Staff may.
"""

from __future__ import annotations

from enum import StrEnum

from handlers import booking_actions as actions
from handlers import booking_flow, booking_waitlist
from handlers.booking_replies import MINE_CHOICE, booking_line, customer_chats, language_of, plate_of
from handlers.booking_schedule import Schedule
from handlers.booking_text import when_label
from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.i18n import N_
from handlers.types import Choice, Reply
from storage import bookings, waitlist
from storage.bookings import Booking, BookingStatus

FLOW = "booking_cancel"
MAX_REASON_CHARS = 300
NOT_FOUND = N_("I could not find that booking among yours.")
CANCELLED_FOR_YOU = N_("Our service desk cancelled your booking {reference}. Type /book whenever you want a new one.")


class Step(StrEnum):
    REASON = "reason"


async def show(ctx: FlowContext, _argument: str = "") -> None:
    """List the coming bookings and waitlist entries, each with its buttons."""
    sched = await actions.schedule_of(ctx.session, ctx.services)
    upcoming = await bookings.upcoming_for(ctx.session, ctx.customer.id, ctx.now())
    waiting = await waitlist.active_for(ctx.session, ctx.customer.id, sched.local_day(ctx.now()))
    if not upcoming and not waiting:
        ctx.say(ctx._("You have no upcoming bookings. Type /book to make one."))
        return
    for booking in upcoming:
        line = booking_line(ctx.services, sched.catalogue, booking, await plate_of(ctx.session, booking), ctx.language)
        ctx.say(
            line,
            choices=(
                (
                    Choice(ctx._("Move"), f"{MINE_CHOICE}:move:{booking.id}"),
                    Choice(ctx._("Cancel"), f"{MINE_CHOICE}:cancel:{booking.id}"),
                ),
            ),
        )
    for entry in waiting:
        ctx.say(
            booking_waitlist.waitlist_line(ctx, sched, entry),
            choices=((Choice(ctx._("Leave the waitlist"), f"{MINE_CHOICE}:leave:{entry.id}"),),),
        )


async def _own_booking(ctx: FlowContext, raw_id: str) -> Booking | None:
    """A coming booking this person may change: their own, or (for staff, acting for them) any customer's."""
    booking_id = parse_id(raw_id)
    booking = await bookings.get(ctx.session, booking_id) if booking_id is not None else None
    if booking is None or (booking.customer_id != ctx.customer.id and ctx.role is None):
        ctx.say(ctx._(NOT_FOUND))
        return None
    if booking.status != BookingStatus.BOOKED or booking.start_at <= ctx.now():
        ctx.say(ctx._("That booking is no longer open to changes."))
        return None
    return booking


async def on_choice(ctx: FlowContext, value: str) -> None:
    """Move / Cancel / Confirm on a booking, Leave on a waitlist entry, and the cancel reasons."""
    action, _, raw_id = value.partition(":")
    sched = await actions.schedule_of(ctx.session, ctx.services)
    if action == "leave":
        entry_id = parse_id(raw_id)
        entry = await waitlist.get(ctx.session, entry_id) if entry_id is not None else None
        if (
            entry is not None
            and entry.customer_id == ctx.customer.id
            and await booking_waitlist.leave(ctx, sched, entry)
        ):
            ctx.say(ctx._("You have left the waitlist."), edit=True)
        else:
            ctx.say(ctx._("You are not on that waitlist any more, so there was nothing to leave."), edit=True)
        return
    if action == "keep":
        ctx.end_flow()
        ctx.say(ctx._("Good, your booking stays as it is."), edit=True)
        return
    if action == "noreason":
        await _cancel(ctx, raw_id, reason=None)
        return
    booking = await _own_booking(ctx, raw_id)
    if booking is None:
        return
    if action == "confirm":
        await bookings.mark_confirmed(ctx.session, booking.id, ctx.now())
        when = when_label(booking.start_at, sched.tz, ctx.language)
        ctx.say(ctx._("Thank you! See you on {when}.", when=when), edit=True)
        return
    _check_cutoff(ctx, sched, booking)
    if action == "move":
        await booking_flow.start_move(ctx, booking)
    elif action == "cancel":
        ctx.start_flow(FLOW, Step.REASON, {"booking_id": booking.id})
        ctx.say(
            ctx._(
                "Cancel booking {reference}? If you like, type the reason in a few words.", reference=booking.reference
            ),
            choices=(
                (Choice(ctx._("Cancel without a reason"), f"{MINE_CHOICE}:noreason:{booking.id}"),),
                (Choice(ctx._("Keep my booking"), f"{MINE_CHOICE}:keep:{booking.id}"),),
            ),
        )


async def move(ctx: FlowContext, booking: Booking) -> None:
    """Move one of the customer's bookings (asked in words), unless it is inside the cut-off."""
    sched = await actions.schedule_of(ctx.session, ctx.services)
    actions.check_cutoff(sched, booking, ctx.now())
    await booking_flow.start_move(ctx, booking)


async def continue_flow(ctx: FlowContext) -> None:
    """The typed reason for cancelling."""
    reason = " ".join((ctx.incoming.text or "").split())[:MAX_REASON_CHARS] or None
    await _cancel(ctx, str(ctx.state.data.get("booking_id", "")), reason=reason)


async def _cancel(ctx: FlowContext, raw_id: str, *, reason: str | None) -> None:
    ctx.end_flow()
    booking = await _own_booking(ctx, raw_id)
    if booking is None:
        return
    sched = await actions.schedule_of(ctx.session, ctx.services)
    _check_cutoff(ctx, sched, booking)
    freed = await actions.cancel(ctx, sched, booking, reason=reason)
    await booking_waitlist.offer_freed(ctx, sched, freed.day)
    if booking.customer_id == ctx.customer.id:
        ctx.say(
            ctx._(
                "Booking {reference} is cancelled. Type /book whenever you want a new one.", reference=booking.reference
            )
        )
        return
    ctx.say(ctx._("Booking {reference} is cancelled.", reference=booking.reference))
    language = await language_of(ctx.session, ctx.services, booking.customer_id)
    told = Reply(text=ctx.in_language(language, CANCELLED_FOR_YOU, reference=booking.reference))
    for channel, chat_id in await customer_chats(ctx.session, booking.customer_id):
        ctx.send(channel, chat_id, told)


def _check_cutoff(ctx: FlowContext, sched: Schedule, booking: Booking) -> None:
    """Only customers are held to the cut-off; staff change visits for them at any time."""
    if ctx.role is None:
        actions.check_cutoff(sched, booking, ctx.now())
