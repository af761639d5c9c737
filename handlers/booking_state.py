"""The booking flow's state: its steps, the keys of what it has gathered, and lookups on them.

The flow keeps only plain values in the chat's state (codes, ISO times, ids);
no capacity is held until the customer confirms, so an abandoned booking
(reset by the router after ``FLOW_TIMEOUT_HOURS``) leaves nothing behind.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from handlers.booking_actions import schedule_of
from handlers.booking_catalogue import ServiceSpec
from handlers.booking_schedule import Schedule
from handlers.context import FlowContext
from handlers.dates import DayPart
from handlers.errors import InputError
from handlers.i18n import N_
from storage.customers import Customer

FLOW = "booking"
GONE = N_("That customer's record no longer exists. Please start again.")


class Step(StrEnum):
    SERVICE = "service"
    DAY = "day"
    TIME = "time"
    VEHICLE = "vehicle"
    PLATE = "plate"
    MODEL = "model"
    MILEAGE = "mileage"
    PHONE = "phone"
    SUMMARY = "summary"


class Mode(StrEnum):
    NEW = "new"
    MOVE = "move"
    WAITLIST = "waitlist"


# Keys of ctx.state.data while booking.
MODE = "mode"
SERVICE = "service"
DAY = "day"
START = "start"
VEHICLE = "vehicle_id"
PLATE = "plate"
MODEL = "model"
MILEAGE = "mileage"
MILEAGE_ASKED = "mileage_asked"
PHONE = "phone"
BOOKING = "booking_id"
CUSTOMER = "customer_id"
SOURCE = "source"
PENDING_TIMES = "pending_times"
PART = "part"  # a part of the day said before the service was chosen ("Friday afternoon")


async def schedule(ctx: FlowContext) -> Schedule:
    return await schedule_of(ctx.session, ctx.services)


def service_of(ctx: FlowContext, sched: Schedule) -> ServiceSpec | None:
    return sched.catalogue.service(ctx.state.data.get(SERVICE))


def day_of(ctx: FlowContext) -> date | None:
    value = ctx.state.data.get(DAY)
    return date.fromisoformat(value) if value else None


def start_of(ctx: FlowContext) -> datetime | None:
    value = ctx.state.data.get(START)
    return datetime.fromisoformat(value) if value else None


def part_of(ctx: FlowContext) -> DayPart | None:
    value = ctx.state.data.get(PART)
    return DayPart(value) if value else None


def mode_of(ctx: FlowContext) -> Mode:
    return Mode(ctx.state.data.get(MODE, Mode.NEW))


async def owner(ctx: FlowContext) -> Customer:
    """Whose booking this is: the person chatting, or the customer staff are booking for."""
    customer_id = ctx.state.data.get(CUSTOMER)
    if customer_id is None or customer_id == ctx.customer.id:
        return ctx.customer
    customer = await ctx.session.get(Customer, int(customer_id))
    if customer is None:
        raise InputError(GONE)
    return customer
