"""The waitlist of full days: who asked first, and the slot offered to them while they decide.

An offer holds real capacity (taken with :mod:`storage.capacity`) until the
customer accepts, declines, or the offer expires; status changes are
conditional updates, so an offer is accepted or expired once, never both.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow


class WaitStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    DECLINED = "declined"
    EXPIRED = "expired"
    LEFT = "left"


class WaitlistEntry(Base):
    """A customer waiting for room on one day for one service, and where to tell them."""

    __tablename__ = "waitlist_entry"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("service_type.code"))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle.id", ondelete="SET NULL"))
    day: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), default=WaitStatus.WAITING, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    offer_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    offer_end: Mapped[datetime | None] = mapped_column(UtcDateTime)
    offer_slots: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    offer_bay_kind: Mapped[str | None] = mapped_column(String(32))
    offer_bays: Mapped[int] = mapped_column(Integer, default=0)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"))


async def add(session: AsyncSession, **fields: Any) -> WaitlistEntry:
    entry = WaitlistEntry(**fields)
    session.add(entry)
    await session.flush()
    return entry


async def get(session: AsyncSession, entry_id: int) -> WaitlistEntry | None:
    return await session.get(WaitlistEntry, entry_id, populate_existing=True)


async def waiting_on(session: AsyncSession, day: date) -> list[WaitlistEntry]:
    """Entries still waiting for ``day``, first come first."""
    result = await session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.day == day, WaitlistEntry.status == WaitStatus.WAITING)
        .order_by(WaitlistEntry.id)
    )
    return list(result)


async def active_for(session: AsyncSession, customer_id: int, from_day: date) -> list[WaitlistEntry]:
    """A customer's entries still waiting or holding an offer, from ``from_day`` on."""
    result = await session.scalars(
        select(WaitlistEntry)
        .where(
            WaitlistEntry.customer_id == customer_id,
            WaitlistEntry.day >= from_day,
            WaitlistEntry.status.in_((WaitStatus.WAITING, WaitStatus.OFFERED)),
        )
        .order_by(WaitlistEntry.day, WaitlistEntry.id)
    )
    return list(result)


async def position(session: AsyncSession, entry: WaitlistEntry) -> int:
    """1 for the first in line on the entry's day."""
    ahead = await session.scalars(
        select(WaitlistEntry.id).where(
            WaitlistEntry.day == entry.day,
            WaitlistEntry.status == WaitStatus.WAITING,
            WaitlistEntry.id < entry.id,
        )
    )
    return len(list(ahead)) + 1


async def change_status(
    session: AsyncSession, entry_id: int, *, was: WaitStatus, to: WaitStatus, **fields: Any
) -> bool:
    """Move an entry from ``was`` to ``to``; False when it was not in ``was`` any more."""
    result = await session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == was)
        .values(status=to, **fields)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0)) == 1
