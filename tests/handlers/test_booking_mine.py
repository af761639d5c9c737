"""My bookings and reminders: list, move (same flow, pre-filled), cancel with a reason, cut-off, reminders once."""

from __future__ import annotations

from datetime import UTC

from bot.jobs import JobRunner
from storage.bookings import BookingStatus
from tests.handlers.booking_helpers import all_bookings, book_via_chat, tap, used_total
from tests.harness import Chat, texts


async def test_a_customer_moves_a_booking_and_the_capacity_moves_with_it(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    listed = await chat.say("/mybookings")
    assert "Thu, Dec 3 10:00 · Minor service · 粤B12345" in texts(listed)
    replies = await tap(chat, listed, "Move")
    assert "new time for booking" in texts(replies)
    replies = await chat.say("Dec 4 2pm")
    assert "Please check the new time" in texts(replies)
    done = await tap(chat, replies, "Move it")
    assert "Your booking has been moved." in texts(done)
    assert any(a.filename == "booking.ics" for reply in done for a in reply.attachments)
    [booking] = await all_bookings(runtime)
    assert booking.start_at.isoformat() == "2026-12-04T06:00:00+00:00"
    assert await used_total(runtime) == 2


async def test_a_customer_cancels_with_a_typed_reason(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await book_via_chat(chat, "12月3日上午10点", service="小保养")
    replies = await tap(chat, await chat.say("/mybookings"), "取消")
    assert "原因" in texts(replies)
    done = await chat.say("临时出差")
    assert "已取消" in texts(done)
    [booking] = await all_bookings(runtime)
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "临时出差")
    assert await used_total(runtime) == 0
    assert "没有待到店的预约" in texts(await chat.say("/mybookings"))


async def test_changes_inside_the_cut_off_are_refused(runtime, clock) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    listed = await chat.say("/mybookings")
    clock.advance(days=1, hours=22, minutes=30)  # 09:30 local on the day: 30 minutes before
    refused = await tap(chat, listed, "Cancel")
    assert "less than 2 hours before the visit" in texts(refused)
    [booking] = await all_bookings(runtime)
    assert booking.status == BookingStatus.BOOKED


async def _run_jobs(runtime, chat: Chat) -> list:
    await JobRunner(runtime.sessions, runtime.services).run_due()
    before = len(chat.sender.sent)
    while await chat.dispatcher.deliver_due():
        pass
    return [reply for _, reply in chat.sender.sent[before:]]


async def test_reminders_come_the_day_before_and_hours_before_once_each(runtime, clock) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    clock.advance(hours=31)  # Dec 2 17:00 local: not yet
    assert await _run_jobs(runtime, chat) == []
    clock.advance(hours=1)  # 18:00 the day before
    [reminder] = await _run_jobs(runtime, chat)
    assert "tomorrow" in reminder.text
    assert "Thu, Dec 3 10:00" in reminder.text
    assert [c.label for row in reminder.choices for c in row] == ["Confirm", "Move", "Cancel"]
    assert await _run_jobs(runtime, chat) == []  # sent once
    thanks = await chat.press(reminder.choices[0][0].data)
    assert "See you on Thu, Dec 3 10:00" in texts(thanks)
    clock.advance(hours=14)  # 08:00 on the day: two hours before
    [second] = await _run_jobs(runtime, chat)
    assert "in 2 hours" in second.text


async def test_no_reminder_for_a_cancelled_booking_and_a_moved_one_is_reminded_at_its_new_time(runtime, clock) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    await book_via_chat(chat, "Dec 3 2pm", plate="粤B67890")  # one car, one visit a day: a second car
    listed = await chat.say("/mybookings")
    await tap(chat, listed[:1], "Cancel")
    await chat.press(next(c.data for c in listed[0].choices[0] if c.label == "Cancel").replace("cancel", "noreason"))
    await tap(chat, listed[1:], "Move")
    await tap(chat, await chat.say("Dec 4 9am"), "Move it")
    clock.advance(hours=32)  # Dec 2 18:00: the day before the old date
    assert await _run_jobs(runtime, chat) == []
    clock.advance(days=1)  # Dec 3 18:00: the day before the new date
    [reminder] = await _run_jobs(runtime, chat)
    assert "Fri, Dec 4 09:00" in reminder.text


async def test_a_reminder_button_moves_the_booking(runtime, clock) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    clock.advance(hours=32)
    [reminder] = await _run_jobs(runtime, chat)
    replies = await chat.press(reminder.choices[0][1].data)
    assert "Let's find a new time for booking" in texts(replies)
    summary = await chat.say("Dec 4 9am")
    await tap(chat, summary, "Move it")
    [booking] = await all_bookings(runtime)
    assert booking.start_at.astimezone(UTC).isoformat() == "2026-12-04T01:00:00+00:00"


async def test_a_customer_cannot_move_or_cancel_another_customers_booking(runtime) -> None:
    owner = Chat(runtime, chat_id="owner", language_code="en")
    await book_via_chat(owner, "Dec 3 10am")
    [booking] = await all_bookings(runtime)
    other = Chat(runtime, owner.sender, chat_id="other", language_code="en")
    for action in ("move", "cancel", "noreason"):
        refused = await other.press(f"mybk:{action}:{booking.id}")
        assert texts(refused) == "I could not find that booking among yours."
    [booking] = await all_bookings(runtime)
    assert (booking.status, booking.start_at.isoformat()) == (BookingStatus.BOOKED, "2026-12-03T02:00:00+00:00")
