"""Booking, moving and cancelling: the changes to bookings, capacity and reminders, in one transaction.

Capacity is taken and given back only through :mod:`storage.capacity`
inside a savepoint: when the database says a slot is full
(:class:`~storage.capacity.SlotTaken`) nothing of the attempt stays. Nothing
holds capacity before a customer confirms. Callers that free capacity then
offer it to the waitlist (``booking_waitlist.offer_freed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import booking_reminders
from handlers.booking_catalogue import ServiceSpec, current
from handlers.booking_replies import service_name, zone
from handlers.booking_schedule import Schedule
from handlers.booking_text import day_label, time_label
from handlers.context import Services
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.types import Reply
from storage import bookings, capacity
from storage.bookings import Booking, BookingSource
from storage.customers import Vehicle

CHANGED = N_("This booking was changed or cancelled in the meantime. Please look at /mybookings again.")
CAR_BUSY = N_(
    "{plate} already has a visit on {day}: {service} at {time} (reference {reference}). "
    "One car comes for one visit a day: please choose another day, or move or cancel that visit first."
)
CUTOFF = N_(
    "Bookings cannot be changed in the chat less than {hours} hours before the visit. Please call our service desk."
)


class CarBusy(InputError):
    """The car already has a visit that day; ``params`` name it for the refusal sentence."""


class Effects(Protocol):
    """What booking changes need from their caller: a flow's context or a job's."""

    session: AsyncSession
    services: Services

    def now(self) -> datetime: ...

    def send(self, channel: str, chat_id: str, reply: Reply) -> None: ...


@dataclass(frozen=True, slots=True)
class Freed:
    """Capacity given back on a day, for the waitlist."""

    day: date


async def schedule_of(session: AsyncSession, services: Services) -> Schedule:
    """The stored catalogue's calendar in the store's time zone."""
    return Schedule(await current(session), zone(services))


async def one_visit_a_day(
    fx: Effects, schedule: Schedule, vehicle_id: int | None, day: date, language: str, *, besides: int | None = None
) -> None:
    """Raise :class:`CarBusy` when the car already has a booked visit on ``day``."""
    if vehicle_id is None:
        return
    other = await bookings.visit_of_vehicle(fx.session, vehicle_id, *schedule.day_bounds(day), besides=besides)
    if other is None:
        return
    vehicle = await fx.session.get(Vehicle, vehicle_id)
    raise CarBusy(
        CAR_BUSY,
        plate=vehicle.plate if vehicle is not None else "",
        day=day_label(day, language, schedule.local_day(fx.now())),
        service=service_name(schedule.catalogue, other.service_code, language),
        time=time_label(other.start_at, schedule.tz),
        reference=other.reference,
    )


async def book(
    fx: Effects,
    schedule: Schedule,
    *,
    customer_id: int,
    service: ServiceSpec,
    start: datetime,
    vehicle_id: int | None,
    source: BookingSource,
    language: str,
    remind_in: str | None = None,
) -> Booking:
    """Take the slots and record the booking; :class:`SlotTaken` when the database says they are full,
    :class:`CarBusy` when the car already has a visit that day.

    ``language`` is for the refusal sentences; reminders go out in ``remind_in`` (the customer's language,
    when staff book for them), else in ``language``.
    """
    slots = schedule.check_start(service, start, fx.now(), language)
    await one_visit_a_day(fx, schedule, vehicle_id, schedule.local_day(start), language)
    async with fx.session.begin_nested():
        await capacity.apply(
            fx.session, capacity.taking(service.bay_kind, slots, service.bays_needed), schedule.catalogue.bays
        )
        booking = await bookings.add(
            fx.session,
            customer_id=customer_id,
            vehicle_id=vehicle_id,
            service_code=service.code,
            start_at=start,
            end_at=schedule.end_of(slots),
            source=source,
            bay_kind=service.bay_kind,
            bays=service.bays_needed,
            slots=[slot.isoformat() for slot in slots],
            created_at=fx.now(),
        )
    await booking_reminders.schedule(fx.session, fx.services, schedule.catalogue, booking, remind_in or language)
    return booking


async def book_held(
    fx: Effects,
    schedule: Schedule,
    *,
    customer_id: int,
    service_code: str,
    vehicle_id: int | None,
    slots: list[datetime],
    bay_kind: str,
    bays: int,
    language: str,
) -> Booking:
    """Record a booking on capacity already held for it (a waitlist offer being accepted)."""
    await one_visit_a_day(fx, schedule, vehicle_id, schedule.local_day(slots[0]), language)
    booking = await bookings.add(
        fx.session,
        customer_id=customer_id,
        vehicle_id=vehicle_id,
        service_code=service_code,
        start_at=slots[0],
        end_at=schedule.end_of(slots),
        source=BookingSource.CHAT,
        bay_kind=bay_kind,
        bays=bays,
        slots=[slot.isoformat() for slot in slots],
        created_at=fx.now(),
    )
    await booking_reminders.schedule(fx.session, fx.services, schedule.catalogue, booking, language)
    return booking


def check_cutoff(schedule: Schedule, booking: Booking, now: datetime) -> None:
    """Customers may not change a visit in the chat inside the cut-off (staff may)."""
    hours = schedule.catalogue.rules.change_cutoff_hours
    if (booking.start_at - now).total_seconds() < hours * 3600:
        raise InputError(CUTOFF, hours=hours)


async def move(
    fx: Effects,
    schedule: Schedule,
    booking: Booking,
    *,
    service: ServiceSpec,
    start: datetime,
    vehicle_id: int | None,
    language: str,
) -> Freed:
    """Give back the old slots and take the new ones in one ordered pass; :class:`SlotTaken` if full."""
    slots = schedule.check_start(service, start, fx.now(), language)
    await one_visit_a_day(fx, schedule, vehicle_id, schedule.local_day(start), language, besides=booking.id)
    old_day = schedule.local_day(booking.start_at)
    change = capacity.combine(
        capacity.taking(booking.bay_kind, booking.slot_times, -booking.bays),
        capacity.taking(service.bay_kind, slots, service.bays_needed),
    )
    async with fx.session.begin_nested():
        moved = await bookings.move(
            fx.session,
            booking.id,
            was_start=booking.start_at,
            fields={
                "service_code": service.code,
                "start_at": start,
                "end_at": schedule.end_of(slots),
                "vehicle_id": vehicle_id,
                "bay_kind": service.bay_kind,
                "bays": service.bays_needed,
                "slots": [slot.isoformat() for slot in slots],
            },
        )
        if not moved:
            raise InputError(CHANGED)
        await capacity.apply(fx.session, change, schedule.catalogue.bays)
    await fx.session.refresh(booking)
    await booking_reminders.cancel(fx.session, booking.id)
    await booking_reminders.schedule(fx.session, fx.services, schedule.catalogue, booking, language)
    return Freed(old_day)


async def cancel(fx: Effects, schedule: Schedule, booking: Booking, *, reason: str | None) -> Freed:
    """Cancel a booked visit and give its slots back; :class:`InputError` if it was no longer booked."""
    if not await bookings.mark_cancelled(
        fx.session, booking.id, was_start=booking.start_at, now=fx.now(), reason=reason
    ):
        raise InputError(CHANGED)
    await capacity.apply(
        fx.session, capacity.taking(booking.bay_kind, booking.slot_times, -booking.bays), schedule.catalogue.bays
    )
    await booking_reminders.cancel(fx.session, booking.id)
    await fx.session.refresh(booking)
    return Freed(schedule.local_day(booking.start_at))
