"""A month of the centre's life with round numbers, for checking every report figure by hand.

December 2026 in Shanghai. The comments give each row's part in the figures;
``tests/handlers/test_reports.py`` adds them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.runtime import Runtime
from storage import bookings
from storage.bookings import BookingStatus
from storage.customers import Customer
from storage.feedback import Feedback
from storage.knowledge_base import KnowledgeEntry
from storage.questions import QuestionEvent
from storage.surveys import VisitSurvey
from storage.tickets import Ticket
from storage.visits import Visit

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY, LAST_DAY = date(2026, 12, 1), date(2026, 12, 31)
PICKUP = "能不能上门取车"
INVOICE = "发票怎么开"


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    """A local time in Shanghai."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Seeded:
    hours_entry: int
    price_entry: int


async def seed(runtime: Runtime) -> Seeded:
    async with runtime.sessions() as session, session.begin():
        c1, c2, c3 = Customer(name="One"), Customer(name="Two"), Customer(name="Three")
        hours = KnowledgeEntry(key="t-hours", language="en", question="What are your opening hours?", answer="8-18")
        price = KnowledgeEntry(key="t-price", language="en", question="How much is a minor service?", answer="¥500")
        session.add_all([c1, c2, c3, hours, price])
        await session.flush()

        def question(
            chat: str, who: Customer, when: datetime, outcome: str, entry: KnowledgeEntry | None = None, text: str = "q"
        ) -> QuestionEvent:
            return QuestionEvent(
                asked_at=when,
                channel="test",
                chat_id=chat,
                customer_id=who.id,
                language="zh-CN",
                normalized=text,
                text=text,
                outcome=outcome,
                entry_id=entry.id if entry else None,
            )

        def ticket(
            chat: str, who: Customer, reason: str, opened: datetime, first: datetime | None, closed: datetime | None
        ) -> Ticket:
            return Ticket(
                customer_id=who.id,
                channel="test",
                chat_id=chat,
                reason=reason,
                opened_at=opened,
                first_response_at=first,
                closed_at=closed,
                status="closed" if closed else "open",
            )

        def score(kind: str, subject: int, who: Customer, value: int, when: datetime) -> Feedback:
            return Feedback(kind=kind, subject_id=subject, customer_id=who.id, score=value, created_at=when)

        session.add_all(
            [
                # Chat c1: answered, served · answered, then 👎 · missed, then a ticket (too late for the 👎'd one).
                question("c1", c1, at(12, 3, 10, 0), "answered", hours),
                question("c1", c1, at(12, 3, 10, 5), "answered", price),
                question("c1", c1, at(12, 3, 10, 20), "missed", text=PICKUP),
                # Chat c2: suggested · picked, then a ticket within 30 min · two misses.
                question("c2", c2, at(12, 10, 9, 0), "suggested"),
                question("c2", c2, at(12, 10, 9, 1), "picked", hours),
                question("c2", c2, at(12, 10, 15, 0), "missed", text=PICKUP),
                question("c2", c2, at(12, 10, 15, 1), "missed", text=INVOICE),
                # Chat c3: answered with a 👎 40 minutes later (served) · answered at 23:50 on the 31st, and a
                # ticket 20 minutes later, after the month (not served) · a question in November (not counted).
                question("c3", c3, at(12, 20, 11, 0), "answered", price),
                question("c3", c3, at(12, 31, 23, 50), "answered", hours),
                question("c3", c3, at(11, 30, 23, 59), "answered", hours),
                # Tickets: first responses 4, 10, 7 min (median 7); resolutions 30, 120 min (median 75);
                # T3 withdrawn before an answer (in neither median); T4 opened in January.
                ticket("c1", c1, "not_understood", at(12, 3, 10, 21), at(12, 3, 10, 25), at(12, 3, 10, 51)),
                ticket("c2", c2, "asked", at(12, 10, 9, 20), at(12, 10, 9, 30), at(12, 10, 11, 20)),
                ticket("c9", c1, "asked", at(12, 15, 14, 0), None, at(12, 15, 14, 5)),
                ticket("c3", c3, "asked", at(1, 1, 0, 10, year=2027), None, None),
                ticket("c3", c3, "service_recovery", at(12, 20, 12, 0), at(12, 20, 12, 7), None),
                # Answers: 👍 5, 👎 1, 👎 1, 👎 1 in December (average 2, one of four satisfied); one in November.
                score("answer", hours.id, c1, 5, at(12, 3, 10, 1)),
                score("answer", price.id, c1, 1, at(12, 3, 10, 6)),
                score("answer", hours.id, c2, 1, at(12, 10, 9, 2)),
                score("answer", price.id, c3, 1, at(12, 20, 11, 40)),
                score("answer", hours.id, c3, 5, at(11, 29, 12, 0)),
                # Tickets rated 5 and 3 (average 4, one of two satisfied); one in November.
                score("ticket", 101, c1, 5, at(12, 3, 11, 0)),
                score("ticket", 102, c2, 3, at(12, 10, 12, 0)),
                score("ticket", 103, c2, 1, at(11, 30, 12, 0)),
            ]
        )
        await session.flush()

        async def booking(code: str, start: datetime, status: BookingStatus, who: Customer) -> int:
            row = await bookings.add(
                session, customer_id=who.id, service_code=code, start_at=start, end_at=start, status=status
            )
            return row.id

        # Bookings: four kept in December, one no-show; one cancelled; one in November.
        b1 = await booking("minor", at(12, 2, 10), BookingStatus.DONE, c1)
        b2 = await booking("major", at(12, 9, 14), BookingStatus.BOOKED, c2)
        await booking("minor", at(12, 12, 9), BookingStatus.NO_SHOW, c3)
        await booking("tyres", at(12, 14, 9), BookingStatus.CANCELLED, c3)
        await booking("tyres", at(12, 16, 9), BookingStatus.DONE, c2)
        await booking("minor", at(11, 30, 9), BookingStatus.NO_SHOW, c1)

        def visit(order: str, day: date, closed: bool, booking_id: int | None, who: Customer) -> Visit:
            return Visit(
                order_no=order,
                source="import",
                customer_id=who.id,
                booking_id=booking_id,
                visit_date=day,
                service="保养",
                closed=closed,
            )

        # Visits: four in December, two of them booked; three completed, two of those answered the survey.
        v1 = visit("V1", date(2026, 12, 2), True, b1, c1)
        v2 = visit("V2", date(2026, 12, 5), True, None, c2)
        v3 = visit("V3", date(2026, 12, 8), True, None, c3)
        v4 = visit("V4", date(2026, 12, 9), False, b2, c2)
        outside = [visit("V5", date(2026, 11, 30), True, None, c1), visit("V6", date(2027, 1, 1), True, None, c1)]
        session.add_all([v1, v2, v3, v4, *outside])
        await session.flush()

        def survey(v: Visit, overall: int | None, who: Customer) -> VisitSurvey:
            return VisitSurvey(
                visit_id=v.id,
                customer_id=who.id,
                channel="test",
                chat_id="c",
                language="zh-CN",
                sent_at=at(12, 10, 10),
                overall=overall,
            )

        session.add_all([survey(v1, 5, c1), survey(v2, 2, c2), survey(v3, None, c3), survey(outside[0], 4, c1)])
        # Service scores 5 and 2 (average 3.5, one of two satisfied).
        session.add_all(
            [score("service", v1.id, c1, 5, at(12, 11, 10)), score("service", v2.id, c2, 2, at(12, 11, 11))]
        )
    return Seeded(hours.id, price.id)
