"""Helpers for the aftercare tests: a booked visit, staff marking it, the job runner, the survey's answers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.jobs import JobRunner
from bot.runtime import Runtime
from storage.bookings import Booking
from storage.staff import Role
from storage.surveys import VisitSurvey
from storage.tickets import Ticket
from storage.visits import Visit
from tests.handlers.booking_helpers import all_bookings, tap
from tests.handlers.desk_fixtures import make_staff
from tests.harness import Chat, RecordingSender


@dataclass
class Workshop:
    """A customer, a service advisor (agent), a manager and the desk group, on one recording channel."""

    runtime: Runtime
    sender: RecordingSender
    customer: Chat
    advisor: Chat
    manager: Chat

    def to(self, chat_id: str) -> list[str]:
        """Every text sent to ``chat_id`` so far."""
        return [reply.text for chat, reply in self.sender.sent if chat == chat_id]

    async def run_jobs(self) -> int:
        """Run the jobs due now and deliver what they queued."""
        ran = await JobRunner(self.runtime.sessions, self.runtime.services).run_due()
        while await self.customer.dispatcher.deliver_due():
            pass
        return ran

    async def book(self) -> Booking:
        """The customer books a minor service on Wednesday 2 December at 10:00 (Shanghai)."""
        replies = await self.customer.say("/book")
        replies = await tap(self.customer, replies, "Minor service")
        replies = await tap(self.customer, replies, "Wed, 12/2")
        replies = await tap(self.customer, replies, "10:00")
        await self.customer.say("粤B12345")
        await self.customer.say("Corolla")
        await self.customer.say("3.5万")
        summary = await self.customer.share_contact("+8613812345678")
        await tap(self.customer, summary, "Book it")
        [booking] = await all_bookings(self.runtime)
        return booking

    async def mark(self, booking: Booking, status: str) -> None:
        await self.advisor.press(f"bkdesk:{status}:{booking.id}")


async def workshop(runtime: Runtime, *, language: str = "en") -> Workshop:
    sender = RecordingSender()
    await make_staff(runtime, "advisor-1", Role.AGENT, name="Zhao")
    await make_staff(runtime, "manager-1", Role.MANAGER, name="Qian")
    customer = Chat(runtime, sender, chat_id="cust-1", language_code=language)
    await customer.say(f"/language {language}")  # messages sent later by jobs use the language chosen here
    return Workshop(
        runtime,
        sender,
        customer,
        Chat(runtime, sender, chat_id="advisor-1", language_code="en"),
        Chat(runtime, sender, chat_id="manager-1", language_code="en"),
    )


async def rows(runtime: Runtime, model: type) -> list:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(model)))


async def visits_of(runtime: Runtime) -> list[Visit]:
    return await rows(runtime, Visit)


async def surveys_of(runtime: Runtime) -> list[VisitSurvey]:
    return await rows(runtime, VisitSurvey)


async def tickets_of(runtime: Runtime) -> list[Ticket]:
    return await rows(runtime, Ticket)
