"""New-car deliveries: the owner's thank-you letter and the first-service reminder it leads to.

A delivery is recorded once per plate. The letter goes to the customer who
chats with the bot under the delivery's phone number; until someone does, the
delivery waits (``letter_sent_at`` empty) and is found again by that number.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow
from storage.customers import Vehicle


class CarDelivery(Base):
    """One new car handed over: whose, when, and how far its first-service follow-up got."""

    __tablename__ = "car_delivery"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    plate: Mapped[str] = mapped_column(String(16), unique=True)
    phone: Mapped[str] = mapped_column(String(32), index=True)
    delivered_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    letter_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    mileage_km: Mapped[int | None] = mapped_column(Integer)
    mileage_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def add(
    session: AsyncSession, *, plate: str, phone: str, on: date, by: str | None, now: datetime
) -> CarDelivery | None:
    """Record a delivery; None when that plate's delivery is already recorded."""
    delivery = CarDelivery(plate=plate, phone=phone, delivered_on=on, recorded_by=by, created_at=now)
    try:
        async with session.begin_nested():
            session.add(delivery)
    except IntegrityError:
        return None
    return delivery


async def get(session: AsyncSession, delivery_id: int) -> CarDelivery | None:
    return await session.get(CarDelivery, delivery_id)


async def by_plate(session: AsyncSession, plate: str) -> CarDelivery | None:
    return await session.scalar(select(CarDelivery).where(CarDelivery.plate == plate))


async def waiting_for(session: AsyncSession, phones: list[str]) -> list[CarDelivery]:
    """Deliveries to any of these phone numbers whose letter has not gone out yet."""
    result = await session.scalars(
        select(CarDelivery)
        .where(CarDelivery.phone.in_(phones), CarDelivery.letter_sent_at.is_(None))
        .order_by(CarDelivery.id)
    )
    return list(result)


async def claim_letter(session: AsyncSession, delivery_id: int, customer_id: int, now: datetime) -> bool:
    """Mark the letter sent to ``customer_id``; False if it already went (it is sent once)."""
    result = await session.execute(
        update(CarDelivery)
        .where(CarDelivery.id == delivery_id, CarDelivery.letter_sent_at.is_(None))
        .values(letter_sent_at=now, customer_id=customer_id)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0)) == 1


async def record_mileage(session: AsyncSession, delivery: CarDelivery, km: int, now: datetime) -> None:
    """Keep the owner's mileage on the delivery and on their vehicle with that plate."""
    delivery.mileage_km, delivery.mileage_at = km, now
    vehicle = await session.scalar(select(Vehicle).where(Vehicle.plate == delivery.plate))
    if vehicle is not None and vehicle.customer_id == delivery.customer_id:
        vehicle.mileage_km = km
    await session.flush()


async def attach_vehicle(session: AsyncSession, customer_id: int, plate: str) -> None:
    """Add the new car to the owner's vehicles, unless the plate is already someone's."""
    if await session.scalar(select(Vehicle.id).where(Vehicle.plate == plate)) is not None:
        return
    try:
        async with session.begin_nested():
            session.add(Vehicle(customer_id=customer_id, plate=plate))
    except IntegrityError:
        return
