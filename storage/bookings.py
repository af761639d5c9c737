"""The service catalogue and maintenance bookings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow


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
