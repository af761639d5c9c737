"""The inbox: every incoming update stored before the channel is told it arrived.

A channel adapter stores an update here and only after the commit
acknowledges it (advances its polling offset, answers the webhook 200), so a
crash or a database outage delays an answer but loses none. A processor
claims pending rows — the oldest first, one per chat at a time so a chat's
updates are handled in order — hands each to the router and marks it done.
Storing is idempotent per ``(channel, update_id)``: a redelivery adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, UniqueConstraint, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime

__all__ = ["InboxStatus", "InboxUpdate", "claim", "mark_done", "purge_done", "release", "store"]


class InboxStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"


class InboxUpdate(Base):
    """One update received on a channel: the chat it belongs to and the channel-neutral event."""

    __tablename__ = "inbox_update"
    __table_args__ = (UniqueConstraint("channel", "update_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    update_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    status: Mapped[str] = mapped_column(String(8), default=InboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


def _is_postgresql(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def store(
    session: AsyncSession, *, channel: str, update_id: str, chat_id: str, payload: dict[str, Any], now: datetime
) -> bool:
    """Add an update to process; False when it was already stored (a redelivery)."""
    insert = postgresql.insert if _is_postgresql(session) else sqlite.insert
    statement = (
        insert(InboxUpdate)
        .values(
            channel=channel,
            update_id=update_id,
            chat_id=chat_id,
            payload=payload,
            status=InboxStatus.PENDING,
            attempts=0,
            received_at=now,
        )
        .on_conflict_do_nothing(index_elements=["channel", "update_id"])
    )
    result: CursorResult[Any] = await session.execute(statement)  # type: ignore[assignment]
    return result.rowcount == 1


async def claim(session: AsyncSession, *, now: datetime, lease: timedelta, limit: int = 10) -> list[InboxUpdate]:
    """Take the oldest pending update of up to ``limit`` chats, each for ``lease``.

    Only a chat's oldest pending update is eligible, and not while another
    processor holds it: a chat's updates are handled one after the other, in
    the order they arrived. A processor that dies lets go when its lease ends.
    """
    pending = InboxUpdate.status == InboxStatus.PENDING
    free = or_(InboxUpdate.claimed_until.is_(None), InboxUpdate.claimed_until <= now)
    heads = select(func.min(InboxUpdate.id)).where(pending).group_by(InboxUpdate.channel, InboxUpdate.chat_id)
    query = select(InboxUpdate.id).where(InboxUpdate.id.in_(heads), free).order_by(InboxUpdate.id).limit(limit)
    if _is_postgresql(session):
        query = query.with_for_update(skip_locked=True)
    claimed: list[InboxUpdate] = []
    for update_row_id in list(await session.scalars(query)):
        # The conditional update is the claim: on SQLite, with no row locks, a
        # second processor that read the same id updates nothing.
        result = await session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.id == update_row_id, pending, free)
            .values(claimed_until=now + lease, attempts=InboxUpdate.attempts + 1)
            .returning(InboxUpdate)
            .execution_options(synchronize_session=False)
        )
        row = result.scalar_one_or_none()
        if row is not None:
            claimed.append(row)
    return claimed


async def mark_done(session: AsyncSession, row_id: int) -> None:
    """The router has handled the update (or recorded it as a duplicate)."""
    await session.execute(
        update(InboxUpdate).where(InboxUpdate.id == row_id).values(status=InboxStatus.DONE, claimed_until=None)
    )


async def release(session: AsyncSession, row_ids: Sequence[int], *, at: datetime) -> None:
    """Give claimed updates back, to be claimed again from ``at`` (after a failure that may pass)."""
    await session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.id.in_(row_ids), InboxUpdate.status == InboxStatus.PENDING)
        .values(claimed_until=at)
    )


async def purge_done(session: AsyncSession, before: datetime) -> int:
    """Delete handled updates received before ``before``; returns how many went (for the retention job)."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        delete(InboxUpdate).where(InboxUpdate.status == InboxStatus.DONE, InboxUpdate.received_at < before)
    )
    return result.rowcount
