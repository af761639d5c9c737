"""The follow-up survey (回访) after a visit: where it was sent and what the customer answered.

One row per visit — its primary key is the visit's id — so however many job
runners race, a visit is surveyed once. Each answer is a conditional UPDATE
(only while that question is unanswered), so a double tap, or the same
button pressed on two devices, counts once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime


class Question(StrEnum):
    """The survey's questions, in the order they are asked (values are short: they ride in button data)."""

    OVERALL = "o"
    ADVISOR = "a"
    QUALITY = "q"
    ON_TIME = "t"
    RECOMMEND = "r"


class VisitSurvey(Base):
    """The survey of one visit: sent once, reminded at most once, answered question by question."""

    __tablename__ = "visit_survey"

    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    overall: Mapped[int | None] = mapped_column(Integer)
    advisor: Mapped[int | None] = mapped_column(Integer)
    quality: Mapped[int | None] = mapped_column(Integer)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    recommend: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))

    def answer(self, question: Question) -> int | bool | None:
        """The stored answer to ``question`` (None while unanswered)."""
        value: int | bool | None = getattr(self, COLUMNS[question])
        return value

    def next_question(self) -> Question | None:
        """The first unanswered question, or None when the survey is complete."""
        return next((q for q in Question if self.answer(q) is None), None)


COLUMNS = {
    Question.OVERALL: "overall",
    Question.ADVISOR: "advisor",
    Question.QUALITY: "quality",
    Question.ON_TIME: "on_time",
    Question.RECOMMEND: "recommend",
}


async def start(
    session: AsyncSession,
    *,
    visit_id: int,
    customer_id: int | None,
    channel: str,
    chat_id: str,
    language: str,
    now: datetime,
) -> VisitSurvey | None:
    """Record that the visit's survey is being sent; None if it already was (by this or another runner)."""
    survey = VisitSurvey(
        visit_id=visit_id, customer_id=customer_id, channel=channel, chat_id=chat_id, language=language, sent_at=now
    )
    try:
        async with session.begin_nested():
            session.add(survey)
    except IntegrityError:
        return None
    return survey


async def get(session: AsyncSession, visit_id: int) -> VisitSurvey | None:
    return await session.get(VisitSurvey, visit_id, populate_existing=True)


async def answer(session: AsyncSession, visit_id: int, question: Question, value: int | bool, *, now: datetime) -> bool:
    """Store one answer if the question is still open; False when it was answered already."""
    column = VisitSurvey.__table__.c[COLUMNS[question]]
    values: dict[str, Any] = {COLUMNS[question]: value}
    if question is Question.OVERALL:
        values["answered_at"] = now
    result = await session.execute(
        update(VisitSurvey)
        .where(VisitSurvey.visit_id == visit_id, column.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0)) == 1


async def mark_reminded(session: AsyncSession, visit_id: int, now: datetime) -> bool:
    """Note the one reminder; False if the overall score came in or a reminder went already."""
    result = await session.execute(
        update(VisitSurvey)
        .where(VisitSurvey.visit_id == visit_id, VisitSurvey.overall.is_(None), VisitSurvey.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0)) == 1
