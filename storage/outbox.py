"""The outbox: outgoing messages written in the update's transaction, sent after commit.

A row is claimed by one sender at a time (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite serializes writers), and only once every older row of its
chat is sent or given up on; retried with backoff until sent, and given up on
only when the channel says it can never be delivered.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, Text, and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class OutboxMessage(Base):
    """One message to deliver: the channel, the chat and the channel-neutral payload."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    status: Mapped[str] = mapped_column(String(8), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


def enqueue(
    session: AsyncSession, channel: str, chat_id: str, payload: dict[str, Any], *, now: datetime
) -> OutboxMessage:
    """Add a message to send once the surrounding transaction commits, due at ``now`` (the service clock)."""
    message = OutboxMessage(channel=channel, chat_id=chat_id, payload=payload, next_attempt_at=now, created_at=now)
    session.add(message)
    return message


def claimable(now: datetime) -> ColumnElement[bool]:
    """Due by ``now`` and first in its chat's line: no older row of that chat is still unsent.

    A chat's later message waits while an earlier one is being sent or waits
    out a retry, so a chat reads its messages in the order they were written.
    """
    older = aliased(OutboxMessage)
    waiting_behind = (
        select(older.id)
        .where(
            older.channel == OutboxMessage.channel,
            older.chat_id == OutboxMessage.chat_id,
            older.status == OutboxStatus.PENDING,
            older.id < OutboxMessage.id,
        )
        .exists()
    )
    return and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now, ~waiting_behind)


async def claim_due(
    session: AsyncSession, *, now: datetime, channels: set[str], limit: int = 20, lease: timedelta
) -> list[OutboxMessage]:
    """Take up to ``limit`` due messages, at most one per chat, and push their next attempt past ``lease``.

    The lease makes a claimed row invisible to other senders while this one
    works on it; if this sender dies, the row becomes due again after it.
    """
    query = (
        select(OutboxMessage.id)
        .where(claimable(now), OutboxMessage.channel.in_(channels))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed: list[OutboxMessage] = []
    for message_id in list(await session.scalars(query)):
        # A conditional update is the claim itself: on SQLite, where no row
        # lock exists, a second sender that read the same id updates nothing.
        result = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, claimable(now))
            .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage)
            .execution_options(synchronize_session=False)
        )
        message = result.scalar_one_or_none()
        if message is not None:
            claimed.append(message)
    return claimed


async def mark_sent(session: AsyncSession, message_id: int, *, sent_message_id: str | None, now: datetime) -> None:
    """Record a delivered message and the id the channel gave it."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.SENT, sent_at=now, sent_message_id=sent_message_id, last_error=None)
    )


async def mark_retry(session: AsyncSession, message_id: int, *, at: datetime, error: str) -> None:
    """Schedule another attempt after a transient failure."""
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(next_attempt_at=at, last_error=error[:2000])
    )


async def mark_dead(session: AsyncSession, message_id: int, *, error: str) -> None:
    """Give up on a message the channel will never accept (the user blocked the bot)."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.DEAD, last_error=error[:2000])
    )


async def purge_settled(session: AsyncSession, *, before: datetime) -> int:
    """Delete sent and dead messages queued before ``before``; their payloads (files too) are no longer needed.

    A message still pending is kept however old: it has not reached its chat yet.
    """
    result = await session.execute(
        delete(OutboxMessage)
        .where(
            OutboxMessage.status.in_((OutboxStatus.SENT, OutboxStatus.DEAD)),
            OutboxMessage.created_at < before,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))
