"""The booking catalogue as stored: one document (services, bays, hours, rules) and the service rows.

The document is the truth every worker reads, so an admin's ``dealerbot
services import`` reaches all of them at once; the ``service_type`` rows
mirror its services so bookings can refer to them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, JsonDoc, UtcDateTime, utcnow
from storage.bookings import ServiceType

ROW_ID = 1


class BookingCatalogue(Base):
    """The single catalogue document and who last changed it."""

    __tablename__ = "booking_catalogue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(120))


async def load(session: AsyncSession) -> dict[str, Any] | None:
    """The stored document, or None before the first import."""
    return await session.scalar(select(BookingCatalogue.document).where(BookingCatalogue.id == ROW_ID))


async def save(session: AsyncSession, document: dict[str, Any], *, by: str, now: datetime) -> None:
    """Replace the document."""
    row = await session.get(BookingCatalogue, ROW_ID)
    if row is None:
        session.add(BookingCatalogue(id=ROW_ID, document=document, updated_at=now, updated_by=by))
    else:
        row.document, row.updated_at, row.updated_by = document, now, by
    await session.flush()


async def sync_services(session: AsyncSession, services: list[dict[str, Any]]) -> None:
    """Make the service rows match ``services`` (in order); rows no longer listed become inactive.

    Rows are never deleted: past bookings keep pointing at their service.
    """
    existing = {row.code: row for row in await session.scalars(select(ServiceType))}
    for position, spec in enumerate(services):
        row = existing.pop(spec["code"], None)
        if row is None:
            row = ServiceType(code=spec["code"])
            session.add(row)
        row.name_zh, row.name_en = spec["name_zh"], spec["name_en"]
        row.duration_minutes, row.bay_kind = spec["duration_minutes"], spec["bay_kind"]
        row.bays_needed, row.active, row.position = spec["bays_needed"], spec["active"], position
    if existing:
        await session.execute(update(ServiceType).where(ServiceType.code.in_(existing)).values(active=False))
    await session.flush()
