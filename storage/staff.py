"""Staff members and their roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow


class Role(StrEnum):
    """What a staff member may do; each role includes the ones before it."""

    AGENT = "agent"
    MANAGER = "manager"
    ADMIN = "admin"


ROLE_RANK = {Role.AGENT: 1, Role.MANAGER: 2, Role.ADMIN: 3}


class StaffMember(Base):
    """A channel identity that works the desk, with its role."""

    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("channel_identity.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.AGENT)
    added_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def role_of(session: AsyncSession, identity_id: int) -> Role | None:
    """The identity's staff role, or None for a customer."""
    role = await session.scalar(select(StaffMember.role).where(StaffMember.identity_id == identity_id))
    return Role(role) if role is not None else None


async def set_role(session: AsyncSession, identity_id: int, role: Role, *, added_by: str | None) -> None:
    """Make the identity staff with ``role`` (or change its role)."""
    member = await session.scalar(select(StaffMember).where(StaffMember.identity_id == identity_id))
    if member is None:
        session.add(StaffMember(identity_id=identity_id, role=role, added_by=added_by))
    else:
        member.role = role
    await session.flush()
