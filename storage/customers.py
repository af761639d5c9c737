"""Customers, the chat identities that lead to them, and their vehicles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, BigIntPK, UtcDateTime, utcnow

NAME_LENGTH = 120  # a Telegram first and last name may be 64 characters each: longer ones are cut to fit


class Customer(Base):
    """A car owner; one customer may reach us on several channels."""

    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    # The contact number: the newest of the customer's phones (kept by add_phone; customer_phone has them all).
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    identities: Mapped[list[ChannelIdentity]] = relationship(back_populates="customer", lazy="raise")
    vehicles: Mapped[list[Vehicle]] = relationship(back_populates="customer", lazy="raise")


class ChannelIdentity(Base):
    """Who someone is on one channel (a Telegram user id, a WeChat openid, a console name)."""

    __tablename__ = "channel_identity"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    blocked_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="identities", lazy="raise")


class CustomerPhone(Base):
    """A phone number a customer gave; each one keeps identifying them after they give a newer one."""

    __tablename__ = "customer_phone"
    __table_args__ = (UniqueConstraint("customer_id", "phone"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    phone: Mapped[str] = mapped_column(String(32), index=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Vehicle(Base):
    """A customer's car, known by its plate."""

    __tablename__ = "vehicle"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    plate: Mapped[str] = mapped_column(String(16), unique=True)
    model: Mapped[str | None] = mapped_column(String(80))
    mileage_km: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="vehicles", lazy="raise")


async def identify(
    session: AsyncSession,
    channel: str,
    external_id: str,
    *,
    display_name: str | None = None,
    language: str | None = None,
) -> tuple[ChannelIdentity, Customer]:
    """Find the identity and its customer, creating both on first contact.

    Two first messages from one person may race; the loser of the insert finds
    the winner's rows instead (the savepoint keeps its transaction usable).
    """
    display_name = display_name[:NAME_LENGTH] if display_name else display_name
    found = await _find_identity(session, channel, external_id)
    if found is None:
        try:
            async with session.begin_nested():
                customer = Customer(name=display_name, language=language)
                session.add(customer)
                await session.flush()
                session.add(
                    ChannelIdentity(
                        channel=channel, external_id=external_id, display_name=display_name, customer_id=customer.id
                    )
                )
        except IntegrityError:
            pass
        found = await _find_identity(session, channel, external_id)
        assert found is not None
    identity, customer = found
    if display_name and identity.display_name != display_name:
        identity.display_name = display_name
    return identity, customer


async def _find_identity(
    session: AsyncSession, channel: str, external_id: str
) -> tuple[ChannelIdentity, Customer] | None:
    row = (
        await session.execute(
            select(ChannelIdentity, Customer)
            .join(Customer, ChannelIdentity.customer_id == Customer.id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        )
    ).one_or_none()
    if row is None:
        return None
    identity, customer = row
    return identity, customer


async def identities_of(session: AsyncSession, customer_id: int) -> list[ChannelIdentity]:
    """Every channel identity of a customer, oldest first."""
    result = await session.scalars(
        select(ChannelIdentity).where(ChannelIdentity.customer_id == customer_id).order_by(ChannelIdentity.id)
    )
    return list(result)


async def find_by_phone(session: AsyncSession, phone: str) -> list[Customer]:
    """Customers who ever gave exactly this (normalized) phone number, not only as their contact number."""
    return list(
        await session.scalars(
            select(Customer).join(CustomerPhone).where(CustomerPhone.phone == phone).order_by(Customer.id)
        )
    )


async def add_phone(session: AsyncSession, customer: Customer, phone: str, now: datetime) -> None:
    """Make ``phone`` the customer's contact number; the numbers they gave before still find them."""
    customer.phone = phone
    known = await session.scalar(
        select(CustomerPhone).where(CustomerPhone.customer_id == customer.id, CustomerPhone.phone == phone)
    )
    if known is None:
        session.add(CustomerPhone(customer_id=customer.id, phone=phone, added_at=now))
    else:
        known.added_at = now
    await session.flush()


async def phones_of(session: AsyncSession, customer_id: int) -> list[str]:
    """Every phone number of a customer, the newest (the contact number) first."""
    return list(
        await session.scalars(
            select(CustomerPhone.phone)
            .where(CustomerPhone.customer_id == customer_id)
            .order_by(CustomerPhone.added_at.desc(), CustomerPhone.id.desc())
        )
    )


async def vehicles_of(session: AsyncSession, customer_id: int) -> list[Vehicle]:
    """A customer's vehicles, in the order they were added."""
    return list(await session.scalars(select(Vehicle).where(Vehicle.customer_id == customer_id).order_by(Vehicle.id)))


async def find_vehicle(session: AsyncSession, plate: str) -> Vehicle | None:
    """The vehicle with this plate, if any customer registered it."""
    return await session.scalar(select(Vehicle).where(Vehicle.plate == plate))


__all__ = [
    "ChannelIdentity",
    "Customer",
    "CustomerPhone",
    "Vehicle",
    "add_phone",
    "find_by_phone",
    "find_vehicle",
    "identify",
    "identities_of",
    "phones_of",
    "vehicles_of",
]


async def mark_blocked(session: AsyncSession, channel: str, external_id: str) -> None:
    """Remember that this person blocked the bot, so nobody counts on reaching them there."""
    await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        .values(blocked_bot=True)
    )
