"""Knowledge drafts: a solved ticket's answer on its way to becoming a knowledge entry.

Staff see the draft, may correct the question or the answer, and publish it
as a new entry or as a new phrasing of an existing one. Nothing is live until
published.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow


class DraftStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class KnowledgeDraft(Base):
    """What a staff member is about to teach the bot from a ticket."""

    __tablename__ = "knowledge_draft"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    similar_entry_id: Mapped[int | None] = mapped_column(ForeignKey("knowledge_entry.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=DraftStatus.PENDING)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_entry_id: Mapped[int | None] = mapped_column(ForeignKey("knowledge_entry.id", ondelete="SET NULL"))
