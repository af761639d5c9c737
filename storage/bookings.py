"""The service catalogue's rows and maintenance bookings, with their queries.

A booking records the capacity slots it holds (``bay_kind``, ``bays``,
``slots``) so that cancelling or moving it gives back exactly what it took,
even after the opening hours or the catalogue changed.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow
from storage.customers import Customer, Vehicle

# No 0/O or 1/I: a reference is read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    DONE = "done"
    NO_SHOW = "no_show"


class BookingSource(StrEnum):
    CHAT = "chat"
    PHONE = "phone"
    STAFF = "staff"


class ServiceType(Base):
    """A service the workshop offers: how long it takes and which kind of bay it needs."""

    __tablename__ = "service_type"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    bay_kind: Mapped[str] = mapped_column(String(32))
    bays_needed: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Booking(Base):
    """A customer's appointment for one service on one vehicle."""

    __tablename__ = "booking"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle.id", ondelete="SET NULL"))
    service_code: Mapped[str] = mapped_column(ForeignKey("service_type.code"))
    start_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12), default=BookingStatus.BOOKED, index=True)
    source: Mapped[str] = mapped_column(String(8), default=BookingSource.CHAT)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    bay_kind: Mapped[str] = mapped_column(String(32), default="")
    bays: Mapped[int] = mapped_column(Integer, default=1)
    slots: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def slot_times(self) -> list[datetime]:
        """The capacity slots this booking holds, as UTC datetimes."""
        return [datetime.fromisoformat(slot) for slot in self.slots]


def new_reference() -> str:
    """A short random code a customer can read out: ``K7Q2MX``."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


async def add(session: AsyncSession, **fields: Any) -> Booking:
    """Insert a booking under a fresh reference (another one is drawn on the rare collision)."""
    for _ in range(5):
        booking = Booking(reference=new_reference(), **fields)
        try:
            async with session.begin_nested():
                session.add(booking)
        except IntegrityError:
            continue
        return booking
    raise RuntimeError("could not draw a free booking reference")


async def get(session: AsyncSession, booking_id: int) -> Booking | None:
    return await session.get(Booking, booking_id)


async def by_reference(session: AsyncSession, reference: str) -> Booking | None:
    return await session.scalar(select(Booking).where(Booking.reference == reference.strip().upper()))


async def upcoming_for(session: AsyncSession, customer_id: int, now: datetime) -> list[Booking]:
    """A customer's booked visits that have not started, soonest first."""
    result = await session.scalars(
        select(Booking)
        .where(Booking.customer_id == customer_id, Booking.status == BookingStatus.BOOKED, Booking.start_at > now)
        .order_by(Booking.start_at)
    )
    return list(result)


async def between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[tuple[Booking, Customer, Vehicle | None]]:
    """Every booking (any status) starting in ``[start, end)``, with its customer and vehicle, by time."""
    rows = await session.execute(
        select(Booking, Customer, Vehicle)
        .join(Customer, Booking.customer_id == Customer.id)
        .outerjoin(Vehicle, Booking.vehicle_id == Vehicle.id)
        .where(Booking.start_at >= start, Booking.start_at < end)
        .order_by(Booking.start_at, Booking.id)
    )
    return [(booking, customer, vehicle) for booking, customer, vehicle in rows]


async def visit_of_vehicle(
    session: AsyncSession, vehicle_id: int, start: datetime, end: datetime, *, besides: int | None = None
) -> Booking | None:
    """The vehicle's booked visit overlapping ``[start, end)`` (other than ``besides``), if any.

    The vehicle's row is locked first, until commit, so two bookings for one
    car queue here on PostgreSQL and the second sees the first (SQLite runs
    one writer at a time anyway).
    """
    await session.execute(select(Vehicle.id).where(Vehicle.id == vehicle_id).with_for_update())
    query = select(Booking).where(
        Booking.vehicle_id == vehicle_id,
        Booking.status == BookingStatus.BOOKED,
        Booking.start_at < end,
        Booking.end_at > start,
    )
    if besides is not None:
        query = query.where(Booking.id != besides)
    return await session.scalar(query.order_by(Booking.start_at).limit(1))


async def mark_cancelled(
    session: AsyncSession, booking_id: int, *, was_start: datetime, now: datetime, reason: str | None
) -> bool:
    """Cancel a visit still booked at ``was_start``; False when it was cancelled, done or moved meanwhile.

    The condition is the guard that makes the caller give back exactly the
    capacity the booking held, and only once.
    """
    result = await session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.status == BookingStatus.BOOKED, Booking.start_at == was_start)
        .values(status=BookingStatus.CANCELLED, cancelled_at=now, cancel_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0)) == 1


async def move(
    session: AsyncSession,
    booking_id: int,
    *,
    was_start: datetime,
    fields: dict[str, Any],
) -> bool:
    """Change a booked visit that still starts at ``was_start``; False if someone moved or cancelled it first."""
    result = await session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.status == BookingStatus.BOOKED, Booking.start_at == was_start)
        .values(**fields, confirmed_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0)) == 1


async def set_status(session: AsyncSession, booking_id: int, status: BookingStatus) -> None:
    await session.execute(update(Booking).where(Booking.id == booking_id).values(status=status))


async def mark_arrived(session: AsyncSession, booking_id: int, now: datetime) -> None:
    await session.execute(update(Booking).where(Booking.id == booking_id).values(arrived_at=now))


async def mark_confirmed(session: AsyncSession, booking_id: int, now: datetime) -> None:
    await session.execute(update(Booking).where(Booking.id == booking_id).values(confirmed_at=now))
