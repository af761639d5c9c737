"""A car owner books from one sentence in their own words, in Chinese and in English; small talk opens no ticket.

The test clock starts on Tuesday 2026-12-01, 10:00 in Shanghai.
"""

from __future__ import annotations

from tests.e2e.botapi import BotApiServer
from tests.e2e.conftest import STAFF_CHAT
from tests.e2e.harness import BotUnderTest
from tests.e2e.people import TelegramUser


async def test_one_chinese_sentence_books_a_minor_service(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    await customer.send("明天下午3点做小保养，车牌粤B12345")
    await customer.wait_for("是什么车型")
    await customer.send("卡罗拉")
    await customer.wait_for(lambda m: any(b.label == "跳过" for b in m.buttons))
    await customer.press("跳过")
    await customer.wait_for(lambda m: any(b.request_contact for b in m.keyboard))
    await customer.share_contact("+86 138 0013 8000")
    summary = await customer.wait_for("请核对您的预约")
    assert "12月2日周三 15:00" in (summary.text or "")
    assert "小保养" in (summary.text or "")
    await customer.press("✅ 确认预约")
    await customer.wait_for("预约成功")


async def test_one_english_sentence_books_an_oil_change(telegram_bot: BotUnderTest, api: BotApiServer) -> None:
    owner = TelegramUser(api, user_id=10002, first_name="Sam", last_name="Lee", language_code="zh-hans")
    await owner.send("Can I book an oil change for 沪A12345 tomorrow at 9am?")
    await owner.wait_for("Which model is it?")
    await owner.send("Corolla")
    await owner.wait_for(lambda m: any(b.label == "Skip" for b in m.buttons))
    await owner.press("Skip")
    await owner.wait_for(lambda m: any(b.request_contact for b in m.keyboard))
    await owner.share_contact("+86 138 0013 8001")
    summary = await owner.wait_for("Please check your booking")
    assert "Wed, Dec 2 09:00" in (summary.text or "")
    assert "Minor service" in (summary.text or "")
    await owner.press("✅ Book it")
    await owner.wait_for("Booked: Minor service")


async def test_a_thank_you_and_a_greeting_open_no_ticket(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    await customer.send("你好")
    await customer.wait_for("您好")
    await customer.send("谢谢啦")
    await customer.wait_for("不客气")
    await customer.send("hello")
    await customer.wait_for("Hello")
    assert api.messages_to(STAFF_CHAT) == []


async def test_the_menu_is_always_there_in_the_persons_language_and_its_buttons_work(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    await customer.send("/start")
    welcome = await customer.wait_for(lambda m: bool(m.keyboard))
    assert [button.label for button in welcome.keyboard] == ["预约保养", "我的预约", "人工客服"]
    await customer.send("预约保养")
    await customer.wait_for(lambda m: any(b.label == "小保养" for b in m.buttons))
    await customer.send("/cancel")
    await customer.send("我的预约")
    await customer.wait_for("没有待到店的预约")
