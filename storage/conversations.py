"""Per-chat conversation state and the record of updates already processed.

Both are written in the transaction of the update they belong to
(docs/architecture.md, "State in the database" and "Each update once, none
lost"), so a crash either keeps the whole effect or none of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, JsonDoc, UtcDateTime, utcnow


class StaleStateError(Exception):
    """Another worker changed this chat's state since it was read; redo the update."""


class ConversationState(Base):
    """Where one chat stands: the active flow, its step and the data gathered so far."""

    __tablename__ = "conversation_state"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(48))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ProcessedUpdate(Base):
    """An update id already handled on a channel; a redelivery finds it and is ignored."""

    __tablename__ = "processed_update"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


async def claim_update(session: AsyncSession, channel: str, update_id: str, *, now: datetime) -> bool:
    """Record the update as processed at ``now``; False when it already was (a redelivery).

    Runs in a savepoint so a duplicate leaves the caller's transaction usable.
    """
    try:
        async with session.begin_nested():
            session.add(ProcessedUpdate(channel=channel, update_id=update_id, processed_at=now))
    except IntegrityError:
        return False
    return True


async def forget_processed_updates(session: AsyncSession, *, before: datetime) -> int:
    """Delete the record of updates processed before ``before``: no channel redelivers that late."""
    result = await session.execute(
        delete(ProcessedUpdate)
        .where(ProcessedUpdate.processed_at < before)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


async def load_state(session: AsyncSession, channel: str, chat_id: str) -> ConversationState | None:
    """The chat's stored state, or None for a chat that never had one."""
    return await session.get(ConversationState, (channel, chat_id))


async def save_state(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    *,
    flow: str | None,
    step: str | None,
    data: dict[str, Any],
    read_version: int | None,
    now: datetime,
) -> None:
    """Write the chat's new state if nobody else wrote it since ``read_version``.

    ``read_version`` None means the chat had no row when it was read. A lost
    race raises :class:`StaleStateError`; the router retries the update.
    """
    if read_version is None:
        try:
            async with session.begin_nested():
                session.add(
                    ConversationState(
                        channel=channel, chat_id=chat_id, flow=flow, step=step, data=data, version=1, updated_at=now
                    )
                )
        except IntegrityError as exc:
            raise StaleStateError(chat_id) from exc
        return
    result = await session.execute(
        update(ConversationState)
        .where(
            ConversationState.channel == channel,
            ConversationState.chat_id == chat_id,
            ConversationState.version == read_version,
        )
        .values(flow=flow, step=step, data=data, version=read_version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise StaleStateError(chat_id)
