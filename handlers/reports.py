"""The centre's figures for one period, computed from the rows of ``storage.reports`` — pure arithmetic.

Every figure is defined in the README ("Reports"); the definitions are
repeated here where the code makes a choice. Rates keep their numerator and
denominator (:class:`Ratio`), so a report can show "2 of 3" and a test can
compare to the digit.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from storage.reports import FeedbackRow, QuestionRow, ReportRows, TicketRow

__all__ = ["ESCALATION_WINDOW", "Csat", "Figures", "Period", "Ratio", "compute"]

# A ticket or a 👎 this soon after an answer (and before the chat's next question) means it did not help.
ESCALATION_WINDOW = timedelta(minutes=30)
TOP = 10
KINDS = ("answer", "ticket", "service")
ANSWERED = ("answered", "picked")
SATISFIED = 4
THUMBS_DOWN, THUMBS_UP = 1, 5


@dataclass(frozen=True, slots=True)
class Period:
    """``[start, end)`` in UTC, and the local days it covers (visits are dated by day)."""

    start: datetime
    end: datetime
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Ratio:
    """``part`` of ``whole``; no value when the whole is zero."""

    part: int
    whole: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.part, self.whole) if self.whole else None

    def percent(self) -> str:
        return "—" if self.value is None else f"{float(self.value) * 100:.1f}%"


@dataclass(frozen=True, slots=True)
class Csat:
    """Scores of one kind: how many, their average, and the share of 4s and 5s."""

    kind: str
    count: int
    average: Fraction | None
    satisfied: Ratio


@dataclass(frozen=True, slots=True)
class Figures:
    period: Period
    self_service: Ratio
    escalations: int
    escalations_by_reason: dict[str, int]
    median_first_response: timedelta | None
    median_resolution: timedelta | None
    csat: tuple[Csat, ...]
    return_visits: Ratio
    appointments: Ratio
    no_shows: Ratio
    bookings_by_service: tuple[tuple[str, int], ...]
    unanswered: tuple[tuple[str, int], ...]
    thumbs_down: tuple[tuple[int, str, int, int], ...]


def compute(rows: ReportRows, period: Period) -> Figures:
    """Every figure of the report."""
    in_period = [t for t in rows.tickets if t.opened_at < period.end]
    feedback = [f for f in rows.feedback if f.created_at < period.end]
    return Figures(
        period=period,
        self_service=_self_service(rows.questions, rows.tickets, rows.feedback),
        escalations=len(in_period),
        escalations_by_reason=dict(sorted(Counter(t.reason for t in in_period).items())),
        median_first_response=_median(
            [t.first_response_at - t.opened_at for t in in_period if t.first_response_at is not None]
        ),
        median_resolution=_median(
            [
                t.closed_at - t.opened_at
                for t in in_period
                if t.closed_at is not None and t.first_response_at is not None
            ]
        ),
        csat=tuple(_csat(kind, [f.score for f in feedback if f.kind == kind]) for kind in KINDS),
        return_visits=Ratio(sum(v.closed and v.followed_up for v in rows.visits), sum(v.closed for v in rows.visits)),
        appointments=Ratio(sum(v.booked for v in rows.visits), len(rows.visits)),
        no_shows=_no_shows(rows),
        bookings_by_service=_ranked(Counter(b.service_code for b in rows.bookings if b.status != "cancelled")),
        unanswered=_unanswered(rows.questions),
        thumbs_down=_thumbs_down(feedback, rows.entry_questions),
    )


def _self_service(questions: list[QuestionRow], tickets: list[TicketRow], feedback: list[FeedbackRow]) -> Ratio:
    """Questions the bot answered that no ticket or 👎 followed (in the window, before the chat's next question)."""
    by_chat: dict[tuple[str, str], list[QuestionRow]] = defaultdict(list)
    for question in questions:
        by_chat[question.chat].append(question)
    opened: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for ticket in tickets:
        opened[ticket.chat].append(ticket.opened_at)
    downs = [f for f in feedback if f.kind == "answer" and f.score == THUMBS_DOWN]
    served = 0
    for chat, asked in by_chat.items():
        for index, question in enumerate(asked):
            if question.outcome not in ANSWERED:
                continue
            until = question.asked_at + ESCALATION_WINDOW
            if index + 1 < len(asked):
                until = min(until, asked[index + 1].asked_at)
            escalated = any(question.asked_at <= at < until for at in opened[chat])
            disliked = any(
                f.subject_id == question.entry_id
                and f.customer_id == question.customer_id
                and question.asked_at <= f.created_at < until
                for f in downs
            )
            served += not escalated and not disliked
    return Ratio(served, len(questions))


def _median(durations: list[timedelta]) -> timedelta | None:
    """The middle duration (the mean of the two middle ones for an even count), to the microsecond."""
    if not durations:
        return None
    micros = statistics.median(duration // timedelta(microseconds=1) for duration in durations)
    return timedelta(microseconds=micros)


def _csat(kind: str, scores: list[int]) -> Csat:
    average = Fraction(sum(scores), len(scores)) if scores else None
    return Csat(kind, len(scores), average, Ratio(sum(score >= SATISFIED for score in scores), len(scores)))


def _no_shows(rows: ReportRows) -> Ratio:
    kept = [b for b in rows.bookings if b.status != "cancelled"]
    return Ratio(sum(b.status == "no_show" for b in kept), len(kept))


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Most first; ties in name order, so the same rows always give the same report."""
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _unanswered(questions: list[QuestionRow]) -> tuple[tuple[str, int], ...]:
    """The most frequent questions the bot had no answer for, grouped by normalized text; the latest wording shown."""
    counts: Counter[tuple[str, str]] = Counter()
    wording: dict[tuple[str, str], str] = {}
    for question in questions:
        if question.outcome == "missed":
            key = (question.language, question.normalized)
            counts[key] += 1
            wording[key] = question.text
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple((wording[key], count) for key, count in ranked[:TOP])


def _thumbs_down(feedback: list[FeedbackRow], questions: dict[int, str]) -> tuple[tuple[int, str, int, int], ...]:
    """The entries with the most 👎 in the period: (entry, its question, 👎, 👍)."""
    votes = [f for f in feedback if f.kind == "answer"]
    down = Counter(f.subject_id for f in votes if f.score == THUMBS_DOWN)
    up = Counter(f.subject_id for f in votes if f.score == THUMBS_UP)
    ranked = sorted(down.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return tuple((entry, questions.get(entry, f"#{entry}"), count, up[entry]) for entry, count in ranked)
