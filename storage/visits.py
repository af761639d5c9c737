"""Service visits: every car that came to the workshop, booked or walked in.

A visit comes from one of two places, and both may describe the same car on
the same day: staff marking a booking done (``source`` booking, no repair
order yet), and a repair order imported from the dealer management system
(``order_no``). An imported order that matches a booked visit fills in that
visit instead of adding a second, so every car is counted once and the
appointment rate has a true denominator. ``order_no`` is unique: importing
the same file again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow
from storage.bookings import Booking, BookingStatus


class VisitSource(StrEnum):
    BOOKING = "booking"
    IMPORT = "import"


class Visit(Base):
    """One car's visit to the workshop on one day, with who it was and whether it was booked."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    order_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    source: Mapped[str] = mapped_column(String(8))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"), index=True)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle.id", ondelete="SET NULL"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"), unique=True)
    plate: Mapped[str | None] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(32))
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    service: Mapped[str] = mapped_column(String(80))
    advisor: Mapped[str | None] = mapped_column(String(80))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def get(session: AsyncSession, visit_id: int) -> Visit | None:
    return await session.get(Visit, visit_id)


async def of_booking(session: AsyncSession, booking_id: int) -> Visit | None:
    return await session.scalar(select(Visit).where(Visit.booking_id == booking_id))


async def by_order_no(session: AsyncSession, order_no: str) -> Visit | None:
    return await session.scalar(select(Visit).where(Visit.order_no == order_no))


async def for_done_booking(session: AsyncSession, booking: Booking, *, day: date, now: datetime) -> Visit:
    """The visit of a booking staff marked done, created on the first mark (two marks race to one row)."""
    found = await of_booking(session, booking.id)
    if found is not None:
        if not found.closed:
            found.closed, found.closed_at = True, now
        return found
    visit = Visit(
        source=VisitSource.BOOKING,
        customer_id=booking.customer_id,
        vehicle_id=booking.vehicle_id,
        booking_id=booking.id,
        visit_date=day,
        service=booking.service_code,
        closed=True,
        closed_at=now,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(visit)
    except IntegrityError:
        found = await of_booking(session, booking.id)
        assert found is not None
        return found
    return visit


async def remove_unconfirmed(session: AsyncSession, booking_id: int) -> int | None:
    """Undo a "done" mark staff corrected: drop the booking's visit unless a repair order confirms it.

    Returns the removed visit's id (its follow-up must be cancelled), or None.
    """
    visit = await of_booking(session, booking_id)
    if visit is None or visit.order_no is not None:
        return None
    visit_id = visit.id
    await session.delete(visit)
    await session.flush()
    return visit_id


async def booking_on(
    session: AsyncSession,
    *,
    customer_id: int | None,
    vehicle_id: int | None,
    start: datetime,
    end: datetime,
) -> Booking | None:
    """The customer's (or the vehicle's) booking starting in ``[start, end)`` that no visit claims yet."""
    owners = []
    if vehicle_id is not None:
        owners.append(Booking.vehicle_id == vehicle_id)
    if customer_id is not None:
        owners.append(Booking.customer_id == customer_id)
    if not owners:
        return None
    claimed = select(Visit.booking_id).where(Visit.booking_id.is_not(None), Visit.order_no.is_not(None))
    query = (
        select(Booking)
        .where(
            Booking.start_at >= start,
            Booking.start_at < end,
            Booking.status != BookingStatus.CANCELLED,
            Booking.id.not_in(claimed),
        )
        .order_by(Booking.start_at, Booking.id)
        .limit(1)
    )
    for owner in owners:
        found = await session.scalar(query.where(owner))
        if found is not None:
            return found
    return None
