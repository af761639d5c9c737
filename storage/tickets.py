"""Tickets: a conversation handed to a person, and everything said in it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow


class TicketStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    CLOSED = "closed"


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
