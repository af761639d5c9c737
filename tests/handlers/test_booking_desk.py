"""The staff side of bookings: the day by bay, arrivals and no-shows, the .xlsx export, booking for a caller."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from bot.runtime import Runtime
from handlers.types import ChatKind
from storage import customers
from storage.bookings import BookingSource, BookingStatus
from storage.staff import Role
from tests.handlers.booking_helpers import all_bookings, book_via_chat, tap
from tests.handlers.desk_fixtures import make_staff
from tests.harness import Chat, RecordingSender, texts


async def test_customers_are_refused_staff_commands(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    for command in ("/today", "/day tomorrow", "/book_for 13812345678"):
        assert "only for our staff" in texts(await chat.say(command))


async def test_staff_see_the_day_by_bay_mark_arrivals_and_export_it(runtime, clock) -> None:
    sender = RecordingSender()
    customer = Chat(runtime, sender, chat_id="cust", language_code="en")
    await book_via_chat(customer, "Dec 3 10am")
    await book_via_chat(customer, "Dec 3 2pm", service="tyres", plate="粤B67890")
    clock.advance(days=2, hours=4)  # Thursday 14:00: both visits have started
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


async def test_book_for_refuses_a_number_that_is_no_phone_and_takes_an_international_one(runtime) -> None:
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, chat_id="agent-1", language_code="en")
    refused = texts(await agent.say("/book_for 555-1234"))
    assert "a mainland mobile has 11 digits starting with 1" in refused
    assert "Booking for" not in refused
    assert "Booking for +85291234567 (new customer)" in texts(await agent.say("/book_for +852 9123 4567"))


def _in_staff_group(runtime: Runtime, sender: RecordingSender, user_id: str, language: str) -> Chat:
    return Chat(runtime, sender, chat_id="desk", user_id=user_id, language_code=language, chat_kind=ChatKind.GROUP)


async def test_staff_finish_a_booking_for_a_caller_in_the_staff_group(runtime) -> None:
    sender = RecordingSender()
    await make_staff(runtime, "agent-1", Role.AGENT)
    await make_staff(runtime, "agent-2", Role.AGENT)
    agent = _in_staff_group(runtime, sender, "agent-1", "zh-CN")
    colleague = _in_staff_group(runtime, sender, "agent-2", "zh-CN")
    asked = await agent.say("/book_for 13812345678")
    assert "+8613812345678" in texts(asked)
    await tap(agent, asked, "小保养")
    assert await colleague.say("明天上午10点") == [], "a colleague's talk in the group is not the agent's answer"
    asked = await agent.say("明天上午10点")
    assert "车牌" in texts(asked)
    await agent.say("粤B54321")
    asked = await agent.say("卡罗拉")
    summary = await tap(agent, asked, "跳过")
    assert "+8613812345678" in texts(summary)
    done = await tap(agent, summary, "✅")
    [booking] = await all_bookings(runtime)
    assert booking.reference in texts(done)
    assert booking.source == BookingSource.PHONE
    assert booking.start_at.isoformat() == "2026-12-02T02:00:00+00:00"
    async with runtime.sessions() as session:
        [owner] = await customers.find_by_phone(session, "+8613812345678")
    assert booking.customer_id == owner.id
    assert await agent.say("谢谢大家") == [], "once the booking is done the bot is quiet in the group again"


async def test_staff_cancel_a_customers_booking_from_the_day_and_the_customer_is_told(runtime) -> None:
    sender = RecordingSender()
    customer = Chat(runtime, sender, chat_id="cust", language_code="zh-CN")
    await book_via_chat(customer, "Dec 2 10am")
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = _in_staff_group(runtime, sender, "agent-1", "en")
    card = await tap(agent, await agent.say("/day Dec 2"), "10:00")
    asked = await tap(agent, card, "Cancel")
    assert "type the reason" in texts(asked)
    [booking] = await all_bookings(runtime)
    assert f"Booking {booking.reference} is cancelled." in texts(await agent.say("Customer phoned: car sold"))
    [booking] = await all_bookings(runtime)
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "Customer phoned: car sold")
    told = [reply.text for chat, reply in sender.sent if chat == "cust"]
    assert f"我们的服务台已取消您的预约 {booking.reference}" in told[-1]


async def test_staff_move_a_customers_booking_from_the_day_and_the_customer_is_told(runtime) -> None:
    sender = RecordingSender()
    customer = Chat(runtime, sender, chat_id="cust", language_code="zh-CN")
    await book_via_chat(customer, "Dec 2 10am")
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = _in_staff_group(runtime, sender, "agent-1", "en")
    card = await tap(agent, await agent.say("/day Dec 2"), "10:00")
    await tap(agent, card, "Move")
    summary = await agent.say("Dec 4 3pm")
    assert "Time: Fri, Dec 4 15:00" in texts(summary)
    moved = await tap(agent, summary, "Move it")
    assert "The booking is moved." in texts(moved)
    [booking] = await all_bookings(runtime)
    assert (booking.status, booking.start_at.isoformat()) == (BookingStatus.BOOKED, "2026-12-04T07:00:00+00:00")
    told = [reply.text for chat, reply in sender.sent if chat == "cust"]
    assert "我们的工作人员已为您改期" in told[-1]
    assert booking.reference in told[-1]


async def test_staff_may_cancel_inside_the_customers_cut_off(runtime, clock) -> None:
    sender = RecordingSender()
    await book_via_chat(Chat(runtime, sender, chat_id="cust", language_code="en"), "Dec 3 10am")
    await make_staff(runtime, "agent-1", Role.AGENT)
    agent = Chat(runtime, sender, chat_id="agent-1", language_code="en")
    clock.advance(days=1, hours=22, minutes=30)  # 09:30 local on the day: inside the 2-hour cut-off
    card = await tap(agent, await agent.say("/today"), "10:00")
    asked = await tap(agent, card, "Cancel")
    done = await tap(agent, asked, "Cancel without a reason")
    assert "is cancelled." in texts(done)
    [booking] = await all_bookings(runtime)
    assert booking.status == BookingStatus.CANCELLED
