"""The booking flow through the router: buttons, typed dates in both languages, edits, /cancel, refusals.

The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai (02:00 UTC).
"""

from __future__ import annotations

import pytest

from storage.bookings import BookingSource, BookingStatus
from tests.handlers.booking_helpers import all_bookings, buttons, labels, tap, used_total
from tests.harness import Chat, texts


async def _to_vehicle(chat: Chat, service: str, when: str) -> list:
    await chat.say("/book")
    await chat.say(service)
    return await chat.say(when)


async def _finish_new_vehicle(chat: Chat, plate: str = "粤B12345") -> list:
    await chat.say(plate)
    await chat.say("Corolla")
    await chat.say("3.5万")
    return await chat.share_contact("+8613812345678")


async def test_a_customer_books_by_buttons_and_gets_a_reference_and_a_calendar_file(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await chat.say("/book")
    assert "Minor service" in labels(replies)
    replies = await tap(chat, replies, "Minor service")
    assert "Sun, 12/6" not in labels(replies)  # closed on Sundays: not offered
    replies = await tap(chat, replies, "Wed, 12/2")
    assert "12:00" not in labels(replies)  # lunch break
    replies = await tap(chat, replies, "10:00")
    assert "licence plate" in texts(replies)
    summary = await _finish_new_vehicle(chat, "粤bd·12345")
    assert "Time: Wed, Dec 2 10:00" in texts(summary)
    assert "粤BD12345 Corolla, 35000 km" in texts(summary)
    done = await tap(chat, summary, "Book it")
    [booking] = await all_bookings(runtime)
    assert f"Reference: {booking.reference}" in texts(done)
    [ics] = [a for reply in done for a in reply.attachments]
    assert ics.filename == "booking.ics"
    assert ics.mime_type == "text/calendar"
    assert b"DTSTART:20261202T020000Z" in (ics.content or b"")
    assert (booking.status, booking.source) == (BookingStatus.BOOKED, BookingSource.CHAT)
    assert await used_total(runtime) == 2  # one hour = two half-hour slots


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("明天下午3点", "12月2日周三 15:00"),
        ("下周一上午10点", "12月7日周一 10:00"),
        ("周六上午九点半", "12月5日周六 09:30"),
        ("12月3日 14:00", "12月3日周四 14:00"),
        ("3号下午两点", "12月3日周四 14:00"),
        ("明天3点", "12月2日周三 15:00"),
    ],
)
async def test_typed_chinese_dates_book_that_time(runtime, typed: str, expected: str) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await _to_vehicle(chat, "小保养", typed)
    summary = await _finish_new_vehicle(chat)
    assert f"时间：{expected}" in texts(summary) or f"Time: {expected}" in texts(summary)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("tomorrow 3pm", "Wed, Dec 2 15:00"), ("next Monday 10am", "Mon, Dec 7 10:00"), ("Dec 3 2pm", "Thu, Dec 3 14:00")],
)
async def test_typed_english_dates_book_that_time(runtime, typed: str, expected: str) -> None:
    chat = Chat(runtime, language_code="en")
    await _to_vehicle(chat, "minor", typed)
    summary = await _finish_new_vehicle(chat)
    assert f"Time: {expected}" in texts(summary)


async def test_a_day_part_offers_only_that_part_of_the_day(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    replies = await _to_vehicle(chat, "小保养", "后天上午")
    times = [label for label in labels(replies) if ":" in label]
    assert times
    assert all(label < "12:00" for label in times)


async def test_an_ambiguous_day_is_asked_back(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await _to_vehicle(chat, "minor", "next Friday 10am")
    assert "Which day do you mean?" in texts(replies)
    replies = await tap(chat, replies, "12/11")
    assert "licence plate" in texts(replies)  # the time typed with it still applies


@pytest.mark.parametrize(
    ("typed", "language", "sentence"),
    [
        ("周日上午10点", "en", "We are closed on Sun, Dec 6"),
        ("2027年1月20日 10:00", "en", "You can book up to 30 days ahead"),
        ("今天上午11点", "en", "at least 2 hours' notice"),
        ("today 9am", "en", "09:00 today has passed"),
        ("明天晚上8点", "en", "we take appointments 08:30–12:00, 13:30–17:30"),
    ],
)
async def test_times_that_cannot_be_booked_are_refused_with_the_reason(
    runtime, typed: str, language: str, sentence: str
) -> None:
    chat = Chat(runtime, language_code=language)
    replies = await _to_vehicle(chat, "minor", typed)
    assert sentence in texts(replies)
    assert buttons(replies)  # and something to pick instead


async def test_a_public_holiday_is_refused_by_name(runtime, clock) -> None:
    clock.advance(days=55)  # 2027-01-25
    chat = Chat(runtime, language_code="zh-CN")
    replies = await _to_vehicle(chat, "小保养", "2月8日上午10点")
    assert "春节" in texts(replies)
    assert not await all_bookings(runtime)


async def test_every_field_can_be_changed_from_the_summary(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await _to_vehicle(chat, "minor", "tomorrow 3pm")
    summary = await _finish_new_vehicle(chat)
    replies = await tap(chat, summary, "Change time")
    replies = await tap(chat, replies, "Thu, 12/3")
    summary = await tap(chat, replies, "09:00")
    assert "Time: Thu, Dec 3 09:00" in texts(summary)
    replies = await tap(chat, summary, "Change service")
    summary = await tap(chat, replies, "Tyres")
    assert "Service: Tyres" in texts(summary)
    replies = await tap(chat, summary, "Change phone")
    summary = await chat.say("13900001111")
    assert "+8613900001111" in texts(summary)
    replies = await tap(chat, summary, "Change vehicle")
    replies = await chat.say("粤A88888")
    replies = await chat.say("Camry")
    summary = await tap(chat, replies, "Skip")
    assert "粤A88888 Camry" in texts(summary)
    await tap(chat, summary, "Book it")
    [booking] = await all_bookings(runtime)
    assert booking.service_code == "tyres"


@pytest.mark.parametrize("steps", [1, 2, 3, 4, 5, 6, 7])
async def test_cancel_leaves_the_flow_at_every_step_and_books_nothing(runtime, steps: int) -> None:
    chat = Chat(runtime, language_code="en")
    inputs = ["/book", "minor", "tomorrow 3pm", "粤B12345", "Corolla", "35000", "13812345678"]
    for text in inputs[:steps]:
        await chat.say(text)
    assert "Cancelled" in texts(await chat.say("/cancel"))
    assert "expired" in texts(await chat.press("bk:confirm:"))
    assert not await all_bookings(runtime)


async def test_an_abandoned_booking_expires_and_holds_no_capacity(runtime, clock) -> None:
    chat = Chat(runtime, language_code="en")
    await _to_vehicle(chat, "minor", "Dec 5 10am")
    summary = await _finish_new_vehicle(chat)
    assert await used_total(runtime) == 0  # nothing is held before confirming
    clock.advance(hours=25)
    assert "expired" in texts(await tap(chat, summary, "Book it"))
    assert not await all_bookings(runtime)
    assert await used_total(runtime) == 0


async def test_the_deep_link_opens_the_booking_flow(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await chat.say("/start book")
    assert "Which service would you like to book?" in texts(replies)


async def test_a_plate_of_another_customer_is_refused(runtime) -> None:
    first = Chat(runtime, chat_id="a", language_code="en")
    await _to_vehicle(first, "minor", "tomorrow 3pm")
    await tap(first, await _finish_new_vehicle(first), "Book it")
    second = Chat(runtime, chat_id="b", language_code="en")
    await _to_vehicle(second, "minor", "tomorrow 4pm")
    assert "registered to another customer" in texts(await second.say("粤B12345"))


async def _at_phone_step(chat: Chat) -> list:
    await _to_vehicle(chat, "minor", "tomorrow 3pm")
    await chat.say("粤B12345")
    await chat.say("Corolla")
    return await chat.say("3.5万")


@pytest.mark.parametrize("typed", ["555-1234", "12345", "1381234567", "010-12345678", "+1 555 1234"])
async def test_a_number_that_is_no_mobile_is_refused_with_what_a_phone_number_looks_like(runtime, typed: str) -> None:
    chat = Chat(runtime, language_code="en")
    asked = await _at_phone_step(chat)
    assert any(reply.request_contact for reply in asked)
    refused = texts(await chat.say(typed))
    assert "a mainland mobile has 11 digits starting with 1" in refused
    assert "full international number with +" in refused
    assert "Please check your booking" not in refused


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138-1234-5678", "+8613812345678"),
        ("+86 139 0000 1111", "+8613900001111"),
        ("+852 9123 4567", "+85291234567"),
        ("+44 7911 123456", "+447911123456"),
    ],
)
async def test_a_mainland_mobile_or_a_full_international_number_is_taken(runtime, typed: str, stored: str) -> None:
    chat = Chat(runtime, language_code="en")
    await _at_phone_step(chat)
    assert f"Phone: {stored}" in texts(await chat.say(typed))
