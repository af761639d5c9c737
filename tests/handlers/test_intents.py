"""Requests in the owner's own words start their flow with what was said already filled in.

The test clock starts on Tuesday 2026-12-01, 10:00 in Shanghai.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.bookings import BookingStatus
from storage.tickets import Ticket
from tests.handlers.booking_helpers import all_bookings, book_via_chat, labels, tap
from tests.harness import Chat, texts


async def test_one_chinese_sentence_books_tomorrow_afternoon_at_three_for_a_minor_service(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    asked = await chat.say("明天下午3点做小保养")
    assert "车牌" in texts(asked)
    await chat.say("粤B12345")
    await chat.say("卡罗拉")
    replies = await chat.press("bk:skip:")
    summary = await chat.share_contact("+8613812345678")
    assert "12月2日周三 15:00" in texts(summary)
    assert "小保养" in texts(summary)
    await tap(chat, summary, "✅")
    [booking] = await all_bookings(runtime)
    assert (booking.service_code, booking.start_at.isoformat()) == ("minor", "2026-12-02T07:00:00+00:00")
    assert replies


async def test_a_plate_said_with_the_request_is_not_asked_again(runtime) -> None:
    replies = await Chat(runtime, language_code="en").say("Book an oil change for 粤B12345 tomorrow at 9am")
    assert "Which model is it?" in texts(replies)


async def test_a_day_part_without_a_service_asks_the_service_then_shows_that_afternoon(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    asked = await chat.say("Can I get my car serviced this Friday afternoon?")
    assert "Which service would you like to book?" in texts(asked)
    times = await tap(chat, asked, "Minor service")
    assert "Free times on Fri, Dec 4" in texts(times)
    shown = [label for label in labels(times) if ":" in label]
    assert shown
    assert all(label >= "13:30" for label in shown)


async def test_wanting_a_service_without_details_starts_at_the_service(runtime) -> None:
    replies = await Chat(runtime, language_code="zh-CN").say("想约个时间给车做保养")
    assert "小保养" in labels(replies)
    assert "四轮定位" in labels(replies)


async def test_a_question_about_booking_still_gets_its_faq_answer(runtime) -> None:
    replies = await Chat(runtime, language_code="zh-CN").say("怎么预约保养？")
    assert "400-820-1888" in texts(replies)
    assert "小保养" not in labels(replies)


async def test_cancelling_with_no_bookings_offers_to_book(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await chat.say("I'd like to cancel my booking")
    assert "You have no upcoming bookings" in texts(replies)
    started = await tap(chat, replies, "Book a service")
    assert "Which service would you like to book?" in texts(started)


async def test_cancelling_in_words_shows_the_bookings_to_cancel(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await book_via_chat(chat, "12月3日上午10点", service="小保养")
    listed = await chat.say("我想取消预约")
    assert "您想取消哪个预约" in texts(listed)
    reason = await tap(chat, listed, "取消")
    await tap(chat, reason, "直接取消")
    [booking] = await all_bookings(runtime)
    assert booking.status == BookingStatus.CANCELLED


async def test_asking_when_my_booking_is_lists_it(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await book_via_chat(chat, "12月3日上午10点", service="小保养")
    listed = await chat.say("我的预约是哪天来着")
    assert "12月3日周四 10:00" in texts(listed)


async def test_moving_in_words_goes_to_the_new_time_said(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await book_via_chat(chat, "Dec 3 10am")
    replies = await chat.say("Can I move my appointment to Friday at 2pm?")
    assert "Please check the new time" in texts(replies)
    await tap(chat, replies, "Move it")
    [booking] = await all_bookings(runtime)
    assert booking.start_at.isoformat() == "2026-12-04T06:00:00+00:00"


async def test_the_menu_button_texts_start_their_flows(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    assert "小保养" in labels(await chat.say("预约保养"))
    await chat.say("/cancel")
    assert "没有待到店的预约" in texts(await chat.say("我的预约"))
    await chat.say("人工客服")
    async with runtime.sessions() as session:
        assert (await session.scalar(select(Ticket))) is not None
