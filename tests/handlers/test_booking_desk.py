"""The staff side of bookings: the day by bay, arrivals and no-shows, the .xlsx export, booking for a caller."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from storage.bookings import BookingSource, BookingStatus
from storage.staff import Role
from tests.handlers.booking_helpers import all_bookings, book_via_chat, tap
from tests.handlers.desk_fixtures import make_staff
from tests.harness import Chat, RecordingSender, texts


async def test_customers_are_refused_staff_commands(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    for command in ("/today", "/day tomorrow", "/book_for 13812345678"):
        assert "only for our staff" in texts(await chat.say(command))


async def test_staff_see_the_day_by_bay_mark_arrivals_and_export_it(runtime) -> None:
    sender = RecordingSender()
    customer = Chat(runtime, sender, chat_id="cust", language_code="en")
    await book_via_chat(customer, "Dec 3 10am")
    await book_via_chat(customer, "Dec 3 2pm", service="tyres")
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, sender, chat_id="agent-1", language_code="en")
    day = await agent.say("/day Dec 3")
    text = texts(day)  # the desk's language (Chinese here), whoever asks
    assert "12月3日周四 的预约：2 个" in text
    assert text.index("机修工位（6 个工位）") < text.index("10:00–11:00 小保养 粤B12345")
    assert text.index("轮胎工位（1 个工位）") < text.index("14:00–15:00 轮胎更换")
    card = await tap(agent, day, "10:00")
    arrived = await tap(agent, card, "Arrived")
    assert "🚗" in texts(arrived)
    await tap(agent, arrived, "Done")
    first, second = await all_bookings(runtime)
    assert first.status == BookingStatus.DONE
    assert first.arrived_at is not None
    card = await tap(agent, day, "14:00")
    await tap(agent, card, "No-show")
    assert (await all_bookings(runtime))[1].status == BookingStatus.NO_SHOW
    exported = await tap(agent, day, "导出 .xlsx")
    [sheet_file] = [a for reply in exported for a in reply.attachments]
    assert sheet_file.filename == "bookings-2026-12-03.xlsx"
    sheet = load_workbook(BytesIO(sheet_file.content or b"")).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("开始", "结束", "工位", "服务项目", "预约号", "状态")
    assert rows[1][:6] == ("10:00", "11:00", "机修工位", "小保养", first.reference, "已完工")
    assert rows[2][5] == "未到店"
    assert rows[2][7] == "+8613812345678"
    assert second.reference in [row[4] for row in rows]


async def test_today_with_no_bookings_says_so(runtime) -> None:
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, chat_id="agent-1", language_code="zh-CN")
    assert "没有预约" in texts(await agent.say("/today"))


async def test_staff_book_for_a_caller_who_is_then_told_in_their_own_chat(runtime) -> None:
    sender = RecordingSender()
    caller = Chat(runtime, sender, chat_id="caller", language_code="zh-CN")
    await caller.say("/profile")
    await caller.press("account:ask_phone")
    await caller.share_contact("+8613812345678")
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, sender, chat_id="agent-1", language_code="en")
    replies = await agent.say("/book_for 138 1234 5678")
    assert "Booking for +8613812345678" in texts(replies)
    await agent.say("minor")
    await agent.say("Dec 3 10am")
    await agent.say("粤B54321")
    await agent.say("Corolla")
    summary = await agent.press("bk:skip:")
    assert "Phone: +8613812345678" in texts(summary)
    done = await tap(agent, summary, "Book it")
    assert "Reference:" in texts(done)
    [booking] = await all_bookings(runtime)
    assert booking.source == BookingSource.PHONE
    told = [reply.text for chat, reply in sender.sent if chat == "caller"]
    assert "我们的工作人员已为您预约" in told[-1]
    assert booking.reference in told[-1]


async def test_book_for_a_new_number_creates_the_customer(runtime) -> None:
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, chat_id="agent-1", language_code="en")
    assert "new customer" in texts(await agent.say("/book_for 13900002222"))
    assert "does not look like a phone number" in texts(await agent.say("/book_for 123"))
