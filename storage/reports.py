"""The rows a report is computed from, for one period: plain values, read in one go.

The arithmetic lives in ``handlers.reports`` (pure functions over these
rows), so the figures can be checked by hand against a fixture. Rows that a
figure near the period's end depends on — a ticket or a 👎 just after the
last question — are read up to ``lookahead`` past the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.bookings import Booking
from storage.feedback import Feedback
from storage.knowledge_base import KnowledgeEntry
from storage.questions import QuestionEvent
from storage.surveys import VisitSurvey
from storage.tickets import Ticket
from storage.visits import Visit


@dataclass(frozen=True, slots=True)
class QuestionRow:
    asked_at: datetime
    chat: tuple[str, str]
    customer_id: int | None
    outcome: str
    entry_id: int | None
    language: str
    normalized: str
    text: str


@dataclass(frozen=True, slots=True)
class TicketRow:
    chat: tuple[str, str]
    reason: str
    opened_at: datetime
    first_response_at: datetime | None
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    kind: str
    subject_id: int
    customer_id: int | None
    score: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class VisitRow:
    visit_date: date
    closed: bool
    booked: bool
    followed_up: bool


@dataclass(frozen=True, slots=True)
class BookingRow:
    service_code: str
    status: str
    start_at: datetime


@dataclass(frozen=True, slots=True)
class ReportRows:
    """Everything one report needs, for ``[start, end)`` (and the visits of ``first_day``–``last_day``)."""

    questions: list[QuestionRow]
    tickets: list[TicketRow]
    feedback: list[FeedbackRow]
    visits: list[VisitRow]
    bookings: list[BookingRow]
    entry_questions: dict[int, str]


async def load(
    session: AsyncSession,
    *,
    start: datetime,
    end: datetime,
    first_day: date,
    last_day: date,
    lookahead: timedelta,
) -> ReportRows:
    """Read the period's rows."""
    until = end + lookahead
    questions = [
        QuestionRow(
            q.asked_at, (q.channel, q.chat_id), q.customer_id, q.outcome, q.entry_id, q.language, q.normalized, q.text
        )
        for q in await session.scalars(
            select(QuestionEvent)
            .where(QuestionEvent.asked_at >= start, QuestionEvent.asked_at < end)
            .order_by(QuestionEvent.asked_at, QuestionEvent.id)
        )
    ]
    tickets = [
        TicketRow((t.channel, t.chat_id), t.reason, t.opened_at, t.first_response_at, t.closed_at)
        for t in await session.scalars(
            select(Ticket).where(Ticket.opened_at >= start, Ticket.opened_at < until).order_by(Ticket.opened_at)
        )
    ]
    feedback = [
        FeedbackRow(f.kind, f.subject_id, f.customer_id, f.score, f.created_at)
        for f in await session.scalars(
            select(Feedback).where(Feedback.created_at >= start, Feedback.created_at < until).order_by(Feedback.id)
        )
    ]
    visit_rows = await session.execute(
        select(Visit.visit_date, Visit.closed, Visit.booking_id, VisitSurvey.overall)
        .outerjoin(VisitSurvey, VisitSurvey.visit_id == Visit.id)
        .where(Visit.visit_date >= first_day, Visit.visit_date <= last_day)
        .order_by(Visit.id)
    )
    visits = [
        VisitRow(day, closed, booking is not None, overall is not None) for day, closed, booking, overall in visit_rows
    ]
    bookings = [
        BookingRow(code, status, start_at)
        for code, status, start_at in await session.execute(
            select(Booking.service_code, Booking.status, Booking.start_at)
            .where(Booking.start_at >= start, Booking.start_at < end)
            .order_by(Booking.start_at)
        )
    ]
    rated = {f.subject_id for f in feedback if f.kind == "answer"}
    entry_questions = {
        entry_id: question
        for entry_id, question in await session.execute(
            select(KnowledgeEntry.id, KnowledgeEntry.question).where(KnowledgeEntry.id.in_(rated))
        )
    }
    return ReportRows(questions, tickets, feedback, visits, bookings, entry_questions)
