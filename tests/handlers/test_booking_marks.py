"""Staff mark a visit arrived from its day on, and done or no-show only from its start time on.

The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai; the visit is on Wednesday 2 December at 10:00.
"""

from __future__ import annotations

import pytest

from storage.bookings import BookingStatus
from tests.handlers.aftercare_helpers import Workshop, visits_of, workshop
from tests.handlers.booking_helpers import all_bookings, labels, tap
from tests.harness import texts

MARKS = ("Arrived", "Done", "No-show")


async def _card(shop: Workshop) -> list:
    """The visit's card, opened from the advisor's /day list."""
    return await tap(shop.advisor, await shop.advisor.say("/day Dec 2"), "10:00")


async def test_the_day_before_no_mark_is_offered_and_old_buttons_are_refused(runtime) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    card = await _card(shop)
    assert not set(MARKS) & set(labels(card))
    assert "It can be marked arrived from Wed, Dec 2 on, done or no-show from 10:00 that day." in texts(card)
    for action, sentence in (
        ("done", "This visit starts at Wed, Dec 2 10:00; it can be marked done from then on."),
        ("no_show", "This visit starts at Wed, Dec 2 10:00; it can be marked as a no-show from then on."),
        ("arrived", "This visit is on Wed, Dec 2; the car can be marked arrived from that day on."),
    ):
        assert sentence in texts(await shop.advisor.press(f"bkdesk:{action}:{booking.id}"))
    [unchanged] = await all_bookings(runtime)
    assert (unchanged.status, unchanged.arrived_at) == (BookingStatus.BOOKED, None)
    assert await visits_of(runtime) == []
    assert not [text for text in shop.to("cust-1") if "Thank you for visiting" in text]


async def test_on_the_day_the_car_can_arrive_and_from_its_start_be_marked_done(runtime, clock) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    clock.advance(hours=22)  # Wednesday 08:00
    card = await _card(shop)
    assert [label for label in labels(card) if label in MARKS] == ["Arrived"]
    assert "This visit starts at Wed, Dec 2 10:00" in texts(await shop.advisor.press(f"bkdesk:done:{booking.id}"))
    arrived = await tap(shop.advisor, card, "Arrived")
    assert "🚗" in texts(arrived)
    clock.advance(hours=2)  # 10:00, the visit's start
    card = await _card(shop)
    assert [label for label in labels(card) if label in MARKS] == ["Arrived", "Done", "No-show"]
    await tap(shop.advisor, card, "Done")
    [done] = await all_bookings(runtime)
    assert done.status == BookingStatus.DONE
    assert len(await visits_of(runtime)) == 1


@pytest.mark.parametrize("status", ["done", "no_show"])
async def test_a_mark_a_minute_before_the_start_is_refused(runtime, clock, status: str) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    clock.advance(hours=23, minutes=59)  # Wednesday 09:59
    await shop.mark(booking, status)
    [still] = await all_bookings(runtime)
    assert still.status == BookingStatus.BOOKED
