"""One car, one visit a day, under concurrency: two confirmations for one car at once give one booking.

Every racer is its own task with its own session and transaction; the times
differ, so the capacity counters do not serialize them.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from handlers import booking_actions as actions
from handlers.booking_actions import CarBusy
from storage import bookings
from storage.bookings import Booking
from tests.handlers.booking_helpers import all_bookings
from tests.storage.booking_fixtures import Effects, at, book, make_customers, make_vehicle, schedule_and_service

DAYS = (date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9))


async def test_concurrent_bookings_for_one_car_on_one_day_give_exactly_one(runtime) -> None:
    sched, _ = await schedule_and_service(runtime, "minor")
    [customer_id] = await make_customers(runtime, 1)
    vehicle_id = await make_vehicle(runtime, customer_id)

    async def attempt(code: str, start: datetime) -> bool:
        try:
            await book(runtime, customer_id, code, start, vehicle_id=vehicle_id)
        except CarBusy:
            return False
        return True

    for day in DAYS:
        wanted = [("minor", at(sched, day, 9)), ("tyres", at(sched, day, 9)), ("minor", at(sched, day, 14))]
        results = await asyncio.gather(*(attempt(code, start) for code, start in wanted))
        assert sum(results) == 1, day
    booked = await all_bookings(runtime)
    assert sorted(sched.local_day(booking.start_at) for booking in booked) == list(DAYS)


async def test_a_move_racing_a_new_booking_of_the_same_car_onto_one_day_gives_one(runtime) -> None:
    sched, service = await schedule_and_service(runtime, "minor")
    [customer_id] = await make_customers(runtime, 1)
    vehicle_id = await make_vehicle(runtime, customer_id)
    later = (date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 14), date(2026, 12, 15))
    for day, old_day in zip(DAYS[1:], later, strict=True):
        moving = await book(runtime, customer_id, "minor", at(sched, old_day, 9), vehicle_id=vehicle_id)

        async def move(moving: Booking = moving, day: date = day) -> bool:
            async with runtime.sessions() as session, session.begin():
                booking = await bookings.get(session, moving.id)
                assert booking is not None
                try:
                    await actions.move(
                        Effects(session, runtime.services), sched, booking,
                        service=service, start=at(sched, day, 10), vehicle_id=vehicle_id, language="en",
                    )  # fmt: skip
                except CarBusy:
                    return False
                return True

        async def new(day: date = day) -> bool:
            try:
                await book(runtime, customer_id, "tyres", at(sched, day, 15), vehicle_id=vehicle_id)
            except CarBusy:
                return False
            return True

        moved, booked = await asyncio.gather(move(), new())
        assert moved != booked, day
