"""The numbered options a text-only chat was last shown, so "2" means the same button after a restart.

A channel without buttons (the console, WeChat) shows a reply's choices as a
numbered list; the person answers with a number or a label. Which number meant
which button is kept here, one row per chat, replaced by each reply that has
choices, so any worker (or the next run) understands the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, String, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, JsonDoc, UtcDateTime, utcnow
from storage.outbox import OutboxMessage

__all__ = ["ChatOptions", "Shown", "recall", "remember"]


class ChatOptions(Base):
    """The last numbered options of one chat: ``[{label, data}, …]`` in number order, and the message they came in."""

    __tablename__ = "chat_options"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)
    outbox_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a chat was last offered: the options, and the message they came in (its text; its id once sent)."""

    options: list[dict[str, Any]]
    text: str | None
    message_id: str | None


async def remember(
    session: AsyncSession, channel: str, chat_id: str, options: list[dict[str, Any]], *, outbox_id: int, now: datetime
) -> None:
    """Replace the chat's options; an upsert, so two transactions writing one chat (the desk) never collide."""
    values = {"channel": channel, "chat_id": chat_id, "options": options, "outbox_id": outbox_id, "updated_at": now}
    changed = {"options": options, "outbox_id": outbox_id, "updated_at": now}
    keys = ["channel", "chat_id"]
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(ChatOptions).values(values)
        await session.execute(pg.on_conflict_do_update(index_elements=keys, set_=changed))
    else:
        lite = sqlite.insert(ChatOptions).values(values)
        await session.execute(lite.on_conflict_do_update(index_elements=keys, set_=changed))


async def recall(session: AsyncSession, channel: str, chat_id: str) -> Shown | None:
    """The chat's last options, or None when it was never offered any."""
    row = (
        await session.execute(
            select(ChatOptions.options, OutboxMessage.payload, OutboxMessage.sent_message_id)
            .outerjoin(OutboxMessage, OutboxMessage.id == ChatOptions.outbox_id)
            .where(ChatOptions.channel == channel, ChatOptions.chat_id == chat_id)
        )
    ).one_or_none()
    if row is None:
        return None
    text = row.payload.get("text") if row.payload is not None else None
    return Shown(list(row.options), text, row.sent_message_id)
