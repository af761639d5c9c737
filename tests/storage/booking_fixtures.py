"""Direct access to booking actions for storage-level tests: customers, a schedule, an effects stub."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import Runtime
from handlers import booking_actions as actions
from handlers.booking_catalogue import ServiceSpec
from handlers.booking_schedule import Schedule
from handlers.context import Services
from handlers.types import Reply
from storage.bookings import Booking, BookingSource
from storage.customers import Customer, Vehicle


@dataclass
class Effects:
    """What a flow or job gives booking actions; messages are only collected."""

    session: AsyncSession
    services: Services
    sent: list[tuple[str, str, Reply]] = field(default_factory=list)

    def now(self) -> datetime:
        return self.services.clock()

    def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        self.sent.append((channel, chat_id, reply))


async def make_customers(runtime: Runtime, count: int) -> list[int]:
    async with runtime.sessions() as session, session.begin():
        people = [Customer(name=f"c{n}") for n in range(count)]
        session.add_all(people)
        await session.flush()
        return [person.id for person in people]


async def make_vehicle(runtime: Runtime, customer_id: int, plate: str = "粤B12345") -> int:
    async with runtime.sessions() as session, session.begin():
        vehicle = Vehicle(customer_id=customer_id, plate=plate)
        session.add(vehicle)
        await session.flush()
        return vehicle.id


async def schedule_and_service(runtime: Runtime, code: str) -> tuple[Schedule, ServiceSpec]:
    async with runtime.sessions() as session:
        sched = await actions.schedule_of(session, runtime.services)
    service = sched.catalogue.service(code)
    assert service is not None
    return sched, service


def at(sched: Schedule, day: date, hour: int, minute: int = 0) -> datetime:
    return sched.at(day, time(hour, minute))


async def book(
    runtime: Runtime, customer_id: int, code: str, start: datetime, *, vehicle_id: int | None = None
) -> Booking:
    sched, service = await schedule_and_service(runtime, code)
    async with runtime.sessions() as session, session.begin():
        return await actions.book(
            Effects(session, runtime.services),
            sched,
            customer_id=customer_id,
            service=service,
            start=start,
            vehicle_id=vehicle_id,
            source=BookingSource.CHAT,
            language="en",
        )
