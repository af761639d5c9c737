"""One car, one visit a day: a second booking for a car that already has a visit that day is refused.

The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai; the visits are on Thursday 3 and Friday 4 December.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage.bookings import BookingStatus
from storage.staff import Role
from storage.waitlist import WaitlistEntry
from tests.handlers.booking_helpers import all_bookings, book_via_chat, fill_day, tap
from tests.handlers.desk_fixtures import make_staff
from tests.harness import Chat, RecordingSender, texts

BUSY = "粤B12345 already has a visit on Thu, Dec 3: Minor service at 10:00 (reference {reference})."


@pytest.mark.parametrize(("service", "when"), [("tyres", "Dec 3 10am"), ("tyres", "Dec 3 2pm"), ("minor", "Dec 3 3pm")])
async def test_a_second_visit_for_the_same_car_on_the_same_day_is_refused(runtime, service: str, when: str) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    [first] = await all_bookings(runtime)
    refused = await book_via_chat(chat, when, service=service)
    assert BUSY.format(reference=first.reference) in texts(refused)
    assert "Which day suits you" in texts(refused)
    assert [booking.id for booking in await all_bookings(runtime)] == [first.id]


async def test_another_car_the_same_hour_or_the_same_car_another_day_is_booked(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    assert "Reference:" in texts(await book_via_chat(chat, "Dec 3 10am", plate="粤B67890"))
    assert "Reference:" in texts(await book_via_chat(chat, "Dec 4 10am"))
    assert len(await all_bookings(runtime)) == 3


async def test_a_cancelled_visit_does_not_block_the_car(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    [first] = await all_bookings(runtime)
    await chat.press(f"mybk:noreason:{first.id}")
    assert "Reference:" in texts(await book_via_chat(chat, "Dec 3 2pm", service="tyres"))


async def test_staff_booking_for_a_caller_cannot_double_book_the_car(runtime) -> None:
    sender = RecordingSender()
    caller = Chat(runtime, sender, chat_id="caller", language_code="en")
    await book_via_chat(caller, "Dec 3 10am")
    [first] = await all_bookings(runtime)
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, sender, chat_id="agent-1", language_code="en")
    await agent.say("/book_for 13812345678")
    await agent.say("tyres")
    await agent.say("Dec 3 3pm")
    summary = await agent.say("粤B12345")
    refused = await tap(agent, summary, "Book it")
    assert BUSY.format(reference=first.reference) in texts(refused)
    assert len(await all_bookings(runtime)) == 1


async def test_moving_a_visit_onto_a_day_the_car_is_already_booked_is_refused(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    await book_via_chat(chat, "Dec 4 10am")
    first, second = await all_bookings(runtime)
    await chat.press(f"mybk:move:{second.id}")
    summary = await chat.say("Dec 3 3pm")
    refused = await tap(chat, summary, "Move it")
    assert BUSY.format(reference=first.reference) in texts(refused)
    after = await all_bookings(runtime)
    assert [(b.start_at, b.status) for b in after] == [
        (first.start_at, first.status),
        (second.start_at, BookingStatus.BOOKED),
    ]
    await chat.press(f"mybk:move:{second.id}")
    summary = await chat.say("Dec 4 3pm")
    assert "moved" in texts(await tap(chat, summary, "Move it"))  # a move within its own day is fine


async def _to_waitlist_summary(chat: Chat) -> list:
    """Four-wheel alignment on the full Thursday, for 粤B12345: the summary before joining its waitlist."""
    await chat.say("/book")
    await chat.say("four-wheel alignment")
    replies = await tap(chat, await chat.say("Dec 3"), "Join the waitlist")
    replies = await chat.say("粤B12345")
    if "model" in texts(replies):
        await chat.say("Camry")
        replies = await chat.press("bk:skip:")
    if any(reply.request_contact for reply in replies):
        replies = await chat.share_contact("+8613812345678")
    return replies


async def test_a_car_booked_that_day_cannot_join_that_days_waitlist(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    [first] = await all_bookings(runtime)
    await fill_day(runtime, date(2026, 12, 3), "alignment")
    refused = await tap(chat, await _to_waitlist_summary(chat), "Join the waitlist")
    assert BUSY.format(reference=first.reference) in texts(refused)
    async with runtime.sessions() as session:
        assert list(await session.scalars(select(WaitlistEntry))) == []


async def test_a_waitlist_offer_is_refused_for_a_car_booked_that_day_meanwhile(runtime) -> None:
    sender = RecordingSender()
    other = Chat(runtime, sender, chat_id="other", language_code="en")
    chat = Chat(runtime, sender, chat_id="me", language_code="en")
    await book_via_chat(other, "Dec 3 2pm", service="four-wheel alignment", plate="粤B99999")
    await fill_day(runtime, date(2026, 12, 3), "alignment")
    assert "number 1 on the waitlist" in texts(await tap(chat, await _to_waitlist_summary(chat), "Join the waitlist"))
    await book_via_chat(chat, "Dec 3 10am")
    alignment, minor = await all_bookings(runtime)
    await other.press(f"mybk:noreason:{alignment.id}")
    offer = [reply for to, reply in sender.sent if to == "me" and "has become free" in reply.text]
    refused = await tap(chat, offer, "Book 14:00")
    assert BUSY.format(reference=minor.reference) in texts(refused)
    assert [(b.id, b.status) for b in await all_bookings(runtime)] == [
        (alignment.id, BookingStatus.CANCELLED),
        (minor.id, BookingStatus.BOOKED),
    ]
