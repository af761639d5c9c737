"""A car owner books, moves and cancels a service visit on Telegram, by buttons and by typed dates.

The test clock starts on Tuesday 2026-12-01, 10:00 in Shanghai.
"""

from __future__ import annotations

from tests.e2e.botapi import BotApiServer
from tests.e2e.harness import BotUnderTest
from tests.e2e.people import TelegramUser


async def test_a_car_owner_books_by_buttons_moves_by_typed_chinese_and_cancels(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    await customer.send("/start book")
    await customer.wait_for(lambda m: any(b.label == "小保养" for b in m.buttons))
    await customer.press("小保养")
    await customer.wait_for(lambda m: any(b.label == "12/3周四" for b in m.buttons))
    await customer.press("12/3周四")
    await customer.wait_for(lambda m: any(b.label == "10:00" for b in m.buttons))
    await customer.press("10:00")
    await customer.wait_for("请输入车牌号")
    await customer.send("粤BD12345")
    await customer.wait_for("是什么车型")
    await customer.send("比亚迪汉")
    await customer.wait_for(lambda m: any(b.label == "跳过" for b in m.buttons))
    await customer.press("跳过")
    await customer.wait_for(lambda m: any(b.request_contact for b in m.keyboard))
    await customer.share_contact("+86 138 0013 8000")
    summary = await customer.wait_for("请核对您的预约")
    assert "时间：12月3日周四 10:00" in (summary.text or "")
    await customer.press("✅ 确认预约")
    booked = await customer.wait_for("预约成功")
    assert "预约号：" in (booked.text or "")
    ics = await customer.wait_for(lambda m: m.upload is not None and m.upload.filename == "booking.ics")
    assert ics.upload is not None
    assert b"BEGIN:VEVENT" in ics.upload.content

    await customer.send("/mybookings")
    await customer.wait_for(lambda m: "粤BD12345" in (m.text or "") and any(b.label == "改期" for b in m.buttons))
    await customer.press("改期")
    await customer.wait_for("新时间")
    await customer.send("下周一上午10点")
    moved = await customer.wait_for("请核对预约的新时间")
    assert "12月7日周一 10:00" in (moved.text or "")
    await customer.press("✅ 确认改期")
    await customer.wait_for("您的预约已改期")

    await customer.send("/mybookings")
    await customer.wait_for(lambda m: "12月7日周一" in (m.text or "") and any(b.label == "取消" for b in m.buttons))
    await customer.press("取消")
    await customer.wait_for(lambda m: any(b.label == "直接取消" for b in m.buttons))
    await customer.send("车已经修好了")
    await customer.wait_for("已取消")
    await customer.send("/mybookings")
    await customer.wait_for("没有待到店的预约")


async def test_an_english_speaker_books_by_typing(telegram_bot: BotUnderTest, api: BotApiServer) -> None:
    owner = TelegramUser(api, user_id=10002, first_name="Amy", language_code="en")
    await owner.send("/book")
    await owner.wait_for("Which service")
    await owner.send("tyres")
    await owner.wait_for("Which day suits you")
    await owner.send("next Monday 10am")
    await owner.wait_for("licence plate")
    await owner.send("沪A12345")
    await owner.wait_for("Which model")
    await owner.send("Model 3")
    await owner.wait_for("kilometres")
    await owner.send("12000 km")
    await owner.wait_for("mobile number")
    await owner.send("13900001111")
    summary = await owner.wait_for("Please check your booking")
    assert "Time: Mon, Dec 7 10:00" in (summary.text or "")
    await owner.press("✅ Book it")
    await owner.wait_for("Booked: Tyres, Mon, Dec 7 10:00, 沪A12345.")
