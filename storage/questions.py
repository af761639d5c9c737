"""The question log: every question the FAQ handled and how it ended, for the self-service rate.

The entries' hit counters and the unanswered-question log only ever add up
over all time; a report for one week needs the questions of that week. One
row per question: answered at once, offered suggestions (upgraded to
``picked`` when the customer taps one), or missed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, UtcDateTime


class Outcome(StrEnum):
    ANSWERED = "answered"
    SUGGESTED = "suggested"
    PICKED = "picked"
    MISSED = "missed"


ANSWERED_OUTCOMES = (Outcome.ANSWERED, Outcome.PICKED)


class QuestionEvent(Base):
    """One question a customer asked the bot, and what the bot did with it."""

    __tablename__ = "question_event"
    __table_args__ = (Index("ix_question_event_chat", "channel", "chat_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(8))
    normalized: Mapped[str] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(12))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("knowledge_entry.id", ondelete="SET NULL"))


async def record(
    session: AsyncSession,
    *,
    channel: str,
    chat_id: str,
    customer_id: int | None,
    language: str,
    normalized: str,
    text: str,
    outcome: Outcome,
    entry_id: int | None,
    at: datetime,
) -> None:
    """Log one question and its outcome."""
    session.add(
        QuestionEvent(
            asked_at=at,
            channel=channel,
            chat_id=chat_id,
            customer_id=customer_id,
            language=language,
            normalized=normalized[:512],
            text=text,
            outcome=outcome,
            entry_id=entry_id,
        )
    )
    await session.flush()


async def mark_picked(session: AsyncSession, channel: str, chat_id: str, entry_id: int) -> None:
    """The customer tapped a suggestion: the chat's latest question counts as answered by that entry."""
    latest = await session.scalar(
        select(QuestionEvent)
        .where(QuestionEvent.channel == channel, QuestionEvent.chat_id == chat_id)
        .order_by(QuestionEvent.id.desc())
        .limit(1)
    )
    if latest is not None and latest.outcome == Outcome.SUGGESTED:
        latest.outcome, latest.entry_id = Outcome.PICKED, entry_id
        await session.flush()
