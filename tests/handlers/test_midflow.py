"""Inside a flow the owner can still ask for something else in words: a person, a menu label, "算了", another time.

The test clock starts on Tuesday 2026-12-01, 10:00 in Shanghai.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.customers import ChannelIdentity, Customer
from storage.tickets import Ticket
from tests.handlers.booking_helpers import all_bookings, labels, tap
from tests.harness import Chat, texts


async def _tickets(runtime) -> list[Ticket]:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(Ticket)))


async def _at_phone_step(chat: Chat, request: str = "明天下午3点做小保养") -> None:
    """A new customer's booking up to the question for a phone number."""
    await chat.say(request)
    await chat.say("粤B12345")
    await chat.say("Corolla")
    asked = await chat.press("bk:skip:")
    assert any(reply.request_contact for reply in asked)


async def test_the_menus_person_label_at_the_time_step_opens_a_ticket(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    times = await chat.say("这周五下午能去换机油吗")
    assert "12月4日周五 的空闲时间" in texts(times)
    told = await chat.say("人工客服")
    assert "工单" in texts(told)
    assert "没能看懂这个日期" not in texts(told)
    assert len(await _tickets(runtime)) == 1


async def test_asking_for_a_person_at_the_summary_opens_a_ticket_and_leaves_the_booking(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await _at_phone_step(chat)
    summary = await chat.say("13812345678")
    assert "请核对您的预约" in texts(summary)
    told = await chat.say("转人工")
    assert "工单" in texts(told)
    assert "请点击" not in texts(told)
    assert len(await _tickets(runtime)) == 1
    assert await all_bookings(runtime) == []


async def test_asking_about_my_bookings_at_the_phone_step_answers_it(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await _at_phone_step(chat)
    answered = await chat.say("我的预约是哪天来着")
    assert "您目前没有待到店的预约" in texts(answered)
    assert "电话号码" not in texts(answered)


async def test_a_new_request_with_details_at_the_phone_step_starts_that_booking(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await _at_phone_step(chat, "Book an oil change tomorrow at 3pm")
    restarted = await chat.say("Book a wheel alignment on Friday at 10am")
    assert "does not look like a phone number" not in texts(restarted)
    assert "What is the licence plate?" in texts(restarted)
    await chat.say("粤B12345")
    await chat.say("Corolla")
    await chat.press("bk:skip:")
    summary = await chat.say("13812345678")
    assert "Four-wheel alignment" in texts(summary)
    assert "Fri, Dec 4 10:00" in texts(summary)


async def test_a_plate_at_the_plate_step_is_still_a_plate(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await chat.say("明天下午3点做小保养")
    asked = await chat.say("粤A12345")
    assert "车型" in texts(asked)


async def test_saying_never_mind_leaves_the_booking_with_a_sentence(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await chat.say("这周五下午能去换机油吗")
    stopped = await chat.say("算了不约了")
    assert texts(stopped) == "已退出，没有预约或修改任何内容。"
    english = Chat(runtime, chat_id="chat-2", language_code="en")
    await _at_phone_step(english, "Book an oil change tomorrow at 3pm")
    stopped = await english.say("never mind, cancel")
    assert texts(stopped) == "Stopped. Nothing was booked or changed."
    after = await english.say("13812345678")
    assert "Please check your booking" not in texts(after)


async def test_another_time_at_the_time_step_asks_the_day_again(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await chat.say("这周五下午能去换机油吗")
    again = await chat.say("换个时间")
    assert "小保养想约哪一天" in texts(again)
    assert "没能看懂" not in texts(again)
    assert "12/3周四" in labels(again)


async def test_typed_text_at_the_summary_shows_its_buttons_again(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await _at_phone_step(chat)
    await chat.say("13812345678")
    again = await chat.say("嗯嗯好")
    assert "请点击下面的按钮" in texts(again)
    await tap(chat, again, "✅")
    [booking] = await all_bookings(runtime)
    assert booking.service_code == "minor"


async def test_the_name_step_takes_any_text_but_a_plain_request_for_a_person(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    await chat.press("account:ask_name")
    await chat.say("人工客服")
    assert len(await _tickets(runtime)) == 1
    other = Chat(runtime, chat_id="chat-2", language_code="zh-CN")
    await other.press("account:ask_name")
    await other.say("我要投诉")
    async with runtime.sessions() as session:
        names = set(await session.scalars(select(Customer.name).join(ChannelIdentity)))
    assert names == {None, "我要投诉"}
    assert len(await _tickets(runtime)) == 1
