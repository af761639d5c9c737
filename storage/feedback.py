"""Satisfaction scores: after an answer, after a ticket, after a service visit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime, utcnow


class FeedbackKind(StrEnum):
    ANSWER = "answer"
    TICKET = "ticket"
    SERVICE = "service"


# A ticket and a visit are rated once; an answer is rated by everyone who reads it.
_RATED_ONCE = text("kind IN ('ticket', 'service')")


class Feedback(Base):
    """One score of 1–5 (and an optional comment) about an answer, a ticket or a visit."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index(
            "uq_feedback_rated_once",
            "kind",
            "subject_id",
            unique=True,
            sqlite_where=_RATED_ONCE,
            postgresql_where=_RATED_ONCE,
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    subject_id: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def record(
    session: AsyncSession,
    *,
    kind: FeedbackKind,
    subject_id: int,
    customer_id: int | None,
    score: int,
    at: datetime,
    comment: str | None = None,
) -> Feedback:
    """Store one score."""
    row = Feedback(
        kind=kind, subject_id=subject_id, customer_id=customer_id, score=score, comment=comment, created_at=at
    )
    session.add(row)
    await session.flush()
    return row


async def record_once(
    session: AsyncSession,
    *,
    kind: FeedbackKind,
    subject_id: int,
    customer_id: int | None,
    score: int,
    at: datetime,
) -> Feedback | None:
    """Store the one score a ticket or a visit gets; None when it was rated already."""
    try:
        async with session.begin_nested():
            row = await record(session, kind=kind, subject_id=subject_id, customer_id=customer_id, score=score, at=at)
    except IntegrityError:
        return None
    return row
