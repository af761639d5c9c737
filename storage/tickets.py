"""Tickets: a conversation handed to a person, everything said in it, and where it shows on the desk.

A ticket's messages on the staff desk are found again through
:class:`RelayMessage` rows (chat, message id → ticket) and the ticket's forum
topic, never through Telegram's forwarded-sender field, which hidden accounts
blank out.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow


class TicketStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class Author(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    BOT = "bot"


OPEN_STATUSES = (TicketStatus.OPEN, TicketStatus.ASSIGNED)


class Ticket(Base):
    """One hand-off to staff, with the times the centre is judged by."""

    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=TicketStatus.OPEN, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    language: Mapped[str] = mapped_column(String(8), default="zh-CN")
    context: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    desk_thread_id: Mapped[str | None] = mapped_column(String(32))
    callback_phone: Mapped[str | None] = mapped_column(String(32))
    sla_pings: Mapped[int] = mapped_column(Integer, default=0)


class TicketMessage(Base):
    """One message in a ticket, from the customer, a staff member or the bot."""

    __tablename__ = "ticket_message"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    author_kind: Mapped[str] = mapped_column(String(12))
    author_identity_id: Mapped[int | None] = mapped_column(ForeignKey("channel_identity.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RelayMessage(Base):
    """A message the bot posted on the desk for a ticket (or a knowledge draft); replies to it go there."""

    __tablename__ = "relay_message"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("knowledge_draft.id", ondelete="CASCADE"))
    purpose: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def open_ticket_of_chat(session: AsyncSession, channel: str, chat_id: str) -> Ticket | None:
    """The chat's ticket that is still open or assigned, if any."""
    return await session.scalar(
        select(Ticket)
        .where(Ticket.channel == channel, Ticket.chat_id == chat_id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
        .limit(1)
    )


async def open_tickets(session: AsyncSession, *, assignee_id: int | None = None) -> list[Ticket]:
    """Open and assigned tickets, oldest first; only one staff member's when ``assignee_id`` is given."""
    query = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
    if assignee_id is not None:
        query = query.where(Ticket.assignee_id == assignee_id)
    return list(await session.scalars(query.order_by(Ticket.opened_at, Ticket.id)))


async def first_questions(session: AsyncSession, ticket_ids: list[int]) -> dict[int, str]:
    """Each ticket's first customer message with words in it: what the queue shows the ticket is about."""
    firsts = (
        select(func.min(TicketMessage.id))
        .where(
            TicketMessage.ticket_id.in_(ticket_ids),
            TicketMessage.author_kind == Author.CUSTOMER,
            TicketMessage.text.is_not(None),
            TicketMessage.text != "",
        )
        .group_by(TicketMessage.ticket_id)
    )
    rows = await session.execute(
        select(TicketMessage.ticket_id, TicketMessage.text).where(TicketMessage.id.in_(firsts))
    )
    return {ticket_id: text for ticket_id, text in rows if text is not None}


async def add_message(
    session: AsyncSession,
    ticket: Ticket,
    author: Author,
    *,
    text: str | None,
    identity_id: int | None = None,
    attachments: list[dict[str, Any]] | None = None,
    at: datetime,
) -> TicketMessage:
    """Record one message of the ticket's transcript."""
    message = TicketMessage(
        ticket_id=ticket.id,
        author_kind=author,
        author_identity_id=identity_id,
        text=text,
        attachments=attachments or [],
        created_at=at,
    )
    session.add(message)
    await session.flush()
    return message


async def transcript(session: AsyncSession, ticket_id: int) -> list[TicketMessage]:
    """Every message of a ticket, in the order they were said."""
    return list(
        await session.scalars(
            select(TicketMessage).where(TicketMessage.ticket_id == ticket_id).order_by(TicketMessage.id)
        )
    )


async def ticket_for_desk_message(
    session: AsyncSession, channel: str, chat_id: str, *, message_id: str | None, thread_id: str | None
) -> Ticket | None:
    """The ticket a desk message belongs to: by the message it replies to, else by its forum topic."""
    if message_id is not None:
        relay = await session.get(RelayMessage, (channel, chat_id, message_id))
        if relay is not None and relay.ticket_id is not None:
            return await session.get(Ticket, relay.ticket_id)
    if thread_id is not None:
        return await session.scalar(select(Ticket).where(Ticket.desk_thread_id == thread_id).order_by(Ticket.id.desc()))
    return None


async def relay_of(session: AsyncSession, channel: str, chat_id: str, message_id: str) -> RelayMessage | None:
    """What a desk message the bot posted was about."""
    return await session.get(RelayMessage, (channel, chat_id, message_id))


def record_relay(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    message_id: str,
    *,
    ticket_id: int | None,
    draft_id: int | None,
    purpose: str | None,
) -> None:
    """Remember what a message the bot just posted on the desk belongs to."""
    session.add(
        RelayMessage(
            channel=channel,
            chat_id=chat_id,
            message_id=message_id,
            ticket_id=ticket_id,
            draft_id=draft_id,
            purpose=purpose,
        )
    )


async def set_desk_thread(session: AsyncSession, ticket_id: int, thread_id: str) -> None:
    """Record the desk's forum topic the channel opened for a ticket; later messages go into it."""
    await session.execute(update(Ticket).where(Ticket.id == ticket_id).values(desk_thread_id=thread_id))


async def desk_thread_of(session: AsyncSession, ticket_id: int) -> str | None:
    """The ticket's forum topic on the desk, if the channel has opened one."""
    return await session.scalar(select(Ticket.desk_thread_id).where(Ticket.id == ticket_id))
