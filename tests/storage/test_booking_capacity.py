"""No overbooking under load: the database decides who gets the last bay.

See docs/architecture.md, "Capacity in the database". Every racer is its own
task with its own session and transaction, as concurrent updates would be in
production.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from sqlalchemy import select

from handlers import booking_actions as actions
from handlers.errors import InputError
from storage import bookings
from storage.bookings import Booking, BookingStatus
from storage.capacity import SlotLoad, SlotTaken
from tests.storage.booking_fixtures import Effects, at, book, make_customers, schedule_and_service

DAY = date(2026, 12, 3)  # a Thursday, two days after the test clock's today


async def _used(runtime, kind: str) -> dict:
    async with runtime.sessions() as session:
        rows = await session.execute(select(SlotLoad.slot_at, SlotLoad.used).where(SlotLoad.bay_kind == kind))
        return {slot: used for slot, used in rows if used}


async def _booked_at(runtime, start) -> list[Booking]:
    async with runtime.sessions() as session:
        result = await session.scalars(
            select(Booking).where(Booking.start_at == start, Booking.status == BookingStatus.BOOKED)
        )
        return list(result)


async def test_fifty_concurrent_requests_for_the_last_free_bay_give_exactly_one_booking(runtime) -> None:
    sched, _ = await schedule_and_service(runtime, "minor")
    start = at(sched, DAY, 10)
    ids = await make_customers(runtime, 55)
    for customer_id in ids[:5]:  # five of the six general bays are taken
        await book(runtime, customer_id, "minor", start)

    async def attempt(customer_id: int) -> bool:
        try:
            await book(runtime, customer_id, "minor", start)
        except SlotTaken:
            return False
        return True

    results = await asyncio.gather(*(attempt(customer_id) for customer_id in ids[5:]))
    assert sum(results) == 1
    assert len(await _booked_at(runtime, start)) == 6
    assert set((await _used(runtime, "general")).values()) == {6}


async def test_a_move_racing_a_new_booking_for_the_same_slot_never_gives_two(runtime) -> None:
    sched, service = await schedule_and_service(runtime, "alignment")  # one alignment bay
    ids = await make_customers(runtime, 10)
    weekdays = (DAY, date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9))
    for round_, (day, hour) in enumerate(zip(weekdays, (9, 11, 14, 15, 16), strict=True)):
        mover, newcomer = ids[2 * round_], ids[2 * round_ + 1]
        old, wanted = at(sched, day, 8, 30), at(sched, day, hour)
        moving = await book(runtime, mover, "alignment", old)

        async def move(moving: Booking = moving, wanted: datetime = wanted) -> bool:
            async with runtime.sessions() as session, session.begin():
                booking = await bookings.get(session, moving.id)
                assert booking is not None
                try:
                    await actions.move(
                        Effects(session, runtime.services), sched, booking,
                        service=service, start=wanted, vehicle_id=None, language="en",
                    )  # fmt: skip
                except SlotTaken:
                    return False
                return True

        async def new(newcomer: int = newcomer, wanted: datetime = wanted) -> bool:
            try:
                await book(runtime, newcomer, "alignment", wanted)
            except (SlotTaken, InputError):
                return False
            return True

        moved, booked = await asyncio.gather(move(), new())
        assert moved != booked
        assert len(await _booked_at(runtime, wanted)) == 1
        assert len(await _booked_at(runtime, old)) == (0 if moved else 1)
    assert all(used == 1 for used in (await _used(runtime, "alignment")).values())


async def test_a_double_cancel_gives_the_bays_back_once(runtime) -> None:
    sched, _ = await schedule_and_service(runtime, "minor")
    [customer_id, other] = await make_customers(runtime, 2)
    start = at(sched, DAY, 10)
    first = await book(runtime, customer_id, "minor", start)
    await book(runtime, other, "minor", start)

    async def cancel() -> bool:
        async with runtime.sessions() as session, session.begin():
            booking = await bookings.get(session, first.id)
            assert booking is not None
            try:
                await actions.cancel(Effects(session, runtime.services), sched, booking, reason=None)
            except InputError:
                return False
            return True

    assert sorted(await asyncio.gather(cancel(), cancel())) == [False, True]
    assert set((await _used(runtime, "general")).values()) == {1}


async def test_a_long_service_holds_its_bay_through_the_lunch_break_and_frees_it_on_cancel(runtime) -> None:
    sched, service = await schedule_and_service(runtime, "major")  # three hours
    [customer_id] = await make_customers(runtime, 1)
    booking = await book(runtime, customer_id, "major", at(sched, DAY, 10, 30))
    local = [slot.astimezone(sched.tz).strftime("%H:%M") for slot in booking.slot_times]
    assert local == ["10:30", "11:00", "11:30", "13:30", "14:00", "14:30"]
    assert booking.end_at == at(sched, DAY, 15)
    async with runtime.sessions() as session, session.begin():
        loaded = await bookings.get(session, booking.id)
        assert loaded is not None
        await actions.cancel(Effects(session, runtime.services), sched, loaded, reason="plans changed")
    assert await _used(runtime, "general") == {}
    assert service.bays_needed == 1
