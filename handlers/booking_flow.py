"""The booking flow: service → day → time → vehicle → phone → summary (each part editable) → confirm.

Usage: ``/book`` (or the ``/start book`` deep link) starts it; every step
takes a button or typed text ("明天下午3点", "next Monday 10am", a plate, a
phone number); ``/cancel`` leaves it at any step, and so do "算了" and other
requests in words (:mod:`handlers.booking_words`). The same flow moves a
booking (pre-filled, from /mybookings or a reminder) and lets staff book for
a customer who phoned (``/book_for``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from handlers import booking_details as details
from handlers import booking_when as when
from handlers.booking_confirm import confirm
from handlers.booking_state import (
    BOOKING,
    CUSTOMER,
    DAY,
    FLOW,
    MILEAGE_ASKED,
    MODE,
    MODEL,
    PHONE,
    PLATE,
    SERVICE,
    SOURCE,
    START,
    VEHICLE,
    Mode,
    Step,
    day_of,
    mode_of,
    owner,
    part_of,
    schedule,
    service_of,
    start_of,
)
from handlers.choice_data import parse_day, parse_moment, parse_small
from handlers.context import FlowContext
from handlers.errors import InputError
from handlers.i18n import N_
from storage.bookings import Booking, BookingSource
from storage.customers import Customer

PICK_BELOW = N_("Please pick one of the buttons above, or /cancel to stop.")
PICK_AGAIN = N_("Please pick one of the buttons below, or /cancel to stop.")
STOPPED = N_("Stopped. Nothing was booked or changed.")
MAX_PAGE = 1000  # far beyond any booking horizon
T = TypeVar("T")


async def start(ctx: FlowContext, _argument: str = "") -> None:
    """``/book``: a new booking for the person chatting."""
    ctx.start_flow(FLOW, Step.SERVICE, {MODE: Mode.NEW, SOURCE: BookingSource.CHAT})
    await advance(ctx)


async def start_move(ctx: FlowContext, booking: Booking) -> None:
    """Move a booking: everything pre-filled except the time."""
    ctx.start_flow(
        FLOW,
        Step.DAY,
        {MODE: Mode.MOVE, BOOKING: booking.id, SERVICE: booking.service_code, VEHICLE: booking.vehicle_id,
         CUSTOMER: booking.customer_id, SOURCE: booking.source, MILEAGE_ASKED: True},
    )  # fmt: skip
    ctx.say(ctx._("Let's find a new time for booking {reference}.", reference=booking.reference))
    await advance(ctx)


async def start_for(ctx: FlowContext, customer: Customer) -> None:
    """Staff book for a customer who phoned."""
    ctx.start_flow(FLOW, Step.SERVICE, {MODE: Mode.NEW, SOURCE: BookingSource.PHONE, CUSTOMER: customer.id})
    await advance(ctx)


async def advance(ctx: FlowContext) -> None:
    """Ask for the first thing still missing, or show the summary when nothing is."""
    sched = await schedule(ctx)
    data = ctx.state.data
    if service_of(ctx, sched) is None:
        await when.ask_service(ctx)
    elif start_of(ctx) is None and not (mode_of(ctx) is Mode.WAITLIST and day_of(ctx) is not None):
        day = day_of(ctx)
        await (when.ask_time(ctx, day, part=part_of(ctx)) if day is not None else when.ask_day(ctx))
    elif not data.get(VEHICLE) and not data.get(PLATE):
        await details.ask_vehicle(ctx)
    elif data.get(PLATE) and not data.get(MODEL):
        await details.ask_model(ctx)
    elif data.get(PLATE) and not data.get(MILEAGE_ASKED):
        await details.ask_mileage(ctx)
    elif not data.get(PHONE) and not (await owner(ctx)).phone:
        await details.ask_phone(ctx)
    else:
        await details.show_summary(ctx, sched)


async def continue_flow(ctx: FlowContext) -> None:
    """Typed text (or a shared contact) at the current step."""
    step = ctx.state.step
    sched = await schedule(ctx)
    if step == Step.SERVICE:
        done = when.take_service_text(ctx, sched)
    elif step in (Step.DAY, Step.TIME):
        done = await when.take_when_text(ctx)
    elif step in (Step.VEHICLE, Step.PLATE):
        done = await details.take_plate(ctx)
    elif step == Step.MODEL:
        done = details.take_model(ctx)
    elif step == Step.MILEAGE:
        done = details.take_mileage(ctx)
    elif step == Step.PHONE:
        done = details.take_phone(ctx)
    else:
        ctx.say(ctx._(PICK_AGAIN))  # the buttons again: on a new device or a text-only channel there is none above
        await advance(ctx)
        return
    if done or step == Step.SERVICE:
        await advance(ctx)


async def on_choice(ctx: FlowContext, value: str) -> None:
    """A booking-flow button: "<action>:<value>"."""
    if ctx.state.flow != FLOW:
        ctx.say(ctx._("That booking was already finished or has expired. Type /book to start a new one."))
        return
    action, _, arg = value.partition(":")
    sched = await schedule(ctx)
    data = ctx.state.data
    try:
        done = await _button(ctx, action, arg)
    except ValueError as error:
        raise InputError(PICK_BELOW) from error
    if done:
        await advance(ctx)
    elif action == "confirm":
        await confirm(ctx, sched)
    elif action == "stop":
        ctx.end_flow()
        ctx.say(ctx._(STOPPED), edit=True)
    elif action == "edit":
        cleared = {"service": (SERVICE,), DAY: (DAY, START), "vehicle": (VEHICLE, PLATE, MODEL, MILEAGE_ASKED)}
        for key in cleared.get(arg, (PHONE,)):
            data.pop(key, None)
        if arg == PHONE:
            await details.ask_phone(ctx)
        else:
            await advance(ctx)


def _parsed(value: T | None) -> T:
    """A button's value that parsed; a forged or stale one is answered with the flow's "pick a button"."""
    if value is None:
        raise InputError(PICK_BELOW)
    return value


async def _button(ctx: FlowContext, action: str, arg: str) -> bool:
    """Buttons that fill in a part; True when the flow should move on."""
    data = ctx.state.data
    if action == "svc":
        data[SERVICE] = arg
        if start_of(ctx) is not None and not await when.take_time(ctx, datetime.fromisoformat(data[START])):
            data.pop(START, None)
            return False
        return True
    if action == "page":
        await when.ask_day(ctx, page=_parsed(parse_small(arg, MAX_PAGE)))
    elif action == "days":
        data.pop(DAY, None)
        await when.ask_day(ctx)
    elif action == "full":
        await when.show_full_days(ctx)
    elif action == "wait":
        if mode_of(ctx) is Mode.MOVE:
            await when.ask_day(ctx, note=ctx._("A booking can only move to a day with a free time."))
            return False
        return await when.take_day(ctx, _parsed(parse_day(arg)), [], None, waitlist=True)
    elif action == "day":
        return await when.take_day_button(ctx, _parsed(parse_day(arg)))
    elif action == "time":
        return await when.take_time(ctx, _parsed(parse_moment(arg)))
    elif action == "veh":
        return await details.take_vehicle_button(ctx, arg)
    elif action == "skip":
        data[MILEAGE_ASKED] = True
        return True
    return False
