"""Staff members and their roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow
from storage.customers import ChannelIdentity, identify


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


async def member_of(session: AsyncSession, identity_id: int) -> StaffMember | None:
    """The staff record of an identity, if it is staff."""
    return await session.scalar(select(StaffMember).where(StaffMember.identity_id == identity_id))


async def remove(session: AsyncSession, identity_id: int) -> bool:
    """Take the identity off the staff; False when it was not staff."""
    member = await member_of(session, identity_id)
    if member is None:
        return False
    await session.delete(member)
    await session.flush()
    return True


async def members(session: AsyncSession) -> list[tuple[StaffMember, ChannelIdentity]]:
    """Every staff member with their identity, highest role first."""
    rows = await session.execute(
        select(StaffMember, ChannelIdentity)
        .join(ChannelIdentity, StaffMember.identity_id == ChannelIdentity.id)
        .order_by(StaffMember.id)
    )
    return sorted(((m, i) for m, i in rows), key=lambda row: -ROLE_RANK[Role(row[0].role)])


async def with_role_at_least(session: AsyncSession, role: Role) -> list[ChannelIdentity]:
    """Identities of the staff whose role is ``role`` or higher (managers for an escalation)."""
    return [identity for member, identity in await members(session) if ROLE_RANK[Role(member.role)] >= ROLE_RANK[role]]


async def bootstrap_admins(session: AsyncSession, channel: str, external_ids: list[str]) -> None:
    """Make the identities named in the settings admins, creating them if they never wrote yet."""
    for external_id in external_ids:
        identity, _ = await identify(session, channel, external_id)
        if await role_of(session, identity.id) != Role.ADMIN:
            await set_role(session, identity.id, Role.ADMIN, added_by="settings")
