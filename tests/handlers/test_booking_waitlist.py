"""The waitlist: a full day's line, a freed slot held for the first in line, then offered to the next."""

from __future__ import annotations

from datetime import date

from bot.jobs import JobRunner
from handlers import booking_actions as actions
from storage import capacity
from storage.bookings import BookingStatus
from tests.handlers.booking_helpers import all_bookings, book_via_chat, tap
from tests.harness import Chat, RecordingSender, texts

DAY = date(2026, 12, 3)


async def _fill_the_rest_of_the_day(runtime) -> None:
    """Every alignment slot of DAY that no booking holds is taken (by walk-ins, say)."""
    held = {slot for booking in await all_bookings(runtime) for slot in booking.slot_times}
    async with runtime.sessions() as session, session.begin():
        sched = await actions.schedule_of(session, runtime.services)
        free = [slot for slot in sched.slots(DAY) if slot not in held]
        await capacity.apply(session, capacity.taking("alignment", free, 1), sched.catalogue.bays)


async def _join(chat: Chat, plate: str) -> list:
    await chat.say("/book")
    await chat.say("four-wheel alignment")
    replies = await chat.say("Dec 3")
    assert "fully booked" in texts(replies)
    replies = await tap(chat, replies, "Join the waitlist")
    await chat.say(plate)
    await chat.say("Camry")
    await chat.press("bk:skip:")
    summary = await chat.share_contact("+8613900001111")
    assert "any free time on Thu, Dec 3 (waitlist)" in texts(summary)
    return await tap(chat, summary, "Join the waitlist")


async def _runs_and_delivers(runtime, chat: Chat) -> None:
    await JobRunner(runtime.sessions, runtime.services).run_due()
    while await chat.dispatcher.deliver_due():
        pass


async def test_a_freed_slot_is_held_for_the_first_in_line_and_passes_on_when_not_taken(runtime, clock) -> None:
    sender = RecordingSender()
    owner = Chat(runtime, sender, chat_id="owner", language_code="en")
    first = Chat(runtime, sender, chat_id="first", language_code="en")
    second = Chat(runtime, sender, chat_id="second", language_code="en")
    await book_via_chat(owner, "Dec 3 10am", service="four-wheel alignment")
    await _fill_the_rest_of_the_day(runtime)
    assert "number 1 on the waitlist" in texts(await _join(first, "粤B11111"))
    assert "number 2 on the waitlist" in texts(await _join(second, "粤B22222"))

    listed = await owner.say("/mybookings")
    asked = await tap(owner, listed, "Cancel")
    await tap(owner, asked, "Cancel without a reason")
    offers = [reply for chat, reply in sender.sent if chat == "first" and "has become free" in reply.text]
    assert offers
    assert "10:00 on Thu, Dec 3" in offers[-1].text
    assert not [reply for chat, reply in sender.sent if chat == "second" and "has become free" in reply.text]

    clock.advance(minutes=31)
    await _runs_and_delivers(runtime, first)
    assert "not taken in time" in texts([reply for chat, reply in sender.sent if chat == "first"])
    offered_second = [reply for chat, reply in sender.sent if chat == "second" and "has become free" in reply.text]
    assert offered_second
    done = await tap(second, offered_second, "Book 10:00")
    assert "Reference:" in texts(done)
    bookings = await all_bookings(runtime)
    assert [b.status for b in bookings] == [BookingStatus.CANCELLED, BookingStatus.BOOKED]
    assert "no longer available" in texts(await tap(first, offers, "Book 10:00"))


async def test_declining_an_offer_passes_it_on_at_once(runtime) -> None:
    sender = RecordingSender()
    owner = Chat(runtime, sender, chat_id="owner", language_code="en")
    first = Chat(runtime, sender, chat_id="first", language_code="en")
    second = Chat(runtime, sender, chat_id="second", language_code="en")
    await book_via_chat(owner, "Dec 3 10am", service="four-wheel alignment")
    await _fill_the_rest_of_the_day(runtime)
    await _join(first, "粤B11111")
    await _join(second, "粤B22222")
    [booking] = await all_bookings(runtime)
    await owner.press(f"mybk:noreason:{booking.id}")
    offer = [reply for chat, reply in sender.sent if chat == "first" and "has become free" in reply.text]
    assert "passed it on" in texts(await tap(first, offer, "No, thanks"))
    assert [reply for chat, reply in sender.sent if chat == "second" and "has become free" in reply.text]


async def test_leaving_a_waitlist_twice_says_the_second_time_there_was_nothing_to_leave(runtime) -> None:
    sender = RecordingSender()
    owner = Chat(runtime, sender, chat_id="owner", language_code="en")
    waiting = Chat(runtime, sender, chat_id="waiting", language_code="en")
    await book_via_chat(owner, "Dec 3 10am", service="four-wheel alignment")
    await _fill_the_rest_of_the_day(runtime)
    await _join(waiting, "粤B11111")
    listed = await waiting.say("/mybookings")

    assert texts(await tap(waiting, listed, "Leave the waitlist")) == "You have left the waitlist."
    again = texts(await tap(waiting, listed, "Leave the waitlist"))
    assert "nothing to leave" in again
    assert "You have left" not in again
    assert "nothing to leave" in texts(await waiting.press("mybk:leave:999"))
