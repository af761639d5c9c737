"""Satisfaction scores: after an answer, after a ticket, after a service visit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow


class FeedbackKind(StrEnum):
    ANSWER = "answer"
    TICKET = "ticket"
    SERVICE = "service"


class Feedback(Base):
    """One score of 1–5 (and an optional comment) about an answer, a ticket or a visit."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    subject_id: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
