"""Aftercare on Telegram, end to end through the local Bot API server.

The follow-up scenario: an advisor marks a visit done from the staff group,
a day passes, the survey reaches the customer, a low score opens a ticket
that shows up on the desk and in the manager's private chat. And a manager
gets this month's report (text, chart, workbook) with one command. The job
runner is ticked by the test (``run_jobs``) the way the running bot's timer
would tick it.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import select

from storage import bookings, customers, staff
from storage.bookings import BookingStatus
from storage.staff import Role
from storage.tickets import Ticket
from tests.e2e.botapi import BotApiServer
from tests.e2e.conftest import STAFF_CHAT
from tests.e2e.harness import BotUnderTest
from tests.e2e.people import GroupChat, TelegramUser

SHANGHAI = ZoneInfo("Asia/Shanghai")
DESK = GroupChat(chat_id=STAFF_CHAT, title="Service desk", is_forum=True)


async def _staff(bot: BotUnderTest, api: BotApiServer, user_id: int, name: str, role: Role) -> TelegramUser:
    async with bot.runtime.sessions() as session, session.begin():
        identity, _ = await customers.identify(session, "telegram", str(user_id), display_name=name)
        await staff.set_role(session, identity.id, role, added_by="test")
    return TelegramUser(api, user_id=user_id, first_name=name, language_code="zh-hans")


async def _run_jobs(bot: BotUnderTest) -> None:
    """Tick the bot's own job runner now rather than wait for its timer (the clock is fake)."""
    assert bot.bot.jobs is not None
    await bot.bot.jobs.run_due()
    await bot.settled()


async def test_a_low_follow_up_score_reaches_the_desk_and_the_manager(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    advisor = (await _staff(telegram_bot, api, 20001, "Zhao", Role.AGENT)).in_chat(DESK)
    manager = await _staff(telegram_bot, api, 20002, "Qian", Role.MANAGER)
    await customer.send("/start")
    await customer.receive()
    async with telegram_bot.runtime.sessions() as session, session.begin():
        _, owner = await customers.identify(session, "telegram", str(customer.user_id))
        start = datetime(2026, 12, 2, 10, tzinfo=SHANGHAI)
        booking = await bookings.add(
            session,
            customer_id=owner.id,
            service_code="minor",
            start_at=start,
            end_at=start + timedelta(hours=1),
            bay_kind="general",
            status=BookingStatus.BOOKED,
        )

    await telegram_bot.advance(hours=25)  # Wednesday 11:00: the car is ready
    await advisor.send("/day 2026-12-02")
    await advisor.wait_for(lambda m: any(booking.reference in b.label for b in m.buttons))
    await advisor.press(f"10:00 {booking.reference}")
    await advisor.wait_for(lambda m: any(b.label == "已完工" for b in m.buttons))
    await advisor.press("已完工")
    await advisor.wait_for(lambda m: "✅" in (m.text or ""))

    await telegram_bot.advance(hours=23)
    await _run_jobs(telegram_bot)
    assert not any("1/5" in (m.text or "") for m in customer.messages), "not before the day has passed"
    await telegram_bot.advance(hours=1)
    await _run_jobs(telegram_bot)
    survey = await customer.wait_for(lambda m: "1/5" in (m.text or ""))
    assert "感谢您 2026-12-02 光临" in (survey.text or "")
    assert [b.label for b in survey.buttons] == ["1⭐", "2⭐", "3⭐", "4⭐", "5⭐"]

    await customer.press("2⭐", on=survey)
    sorry = await customer.wait_for(lambda m: "很抱歉" in (m.text or ""))
    assert "经理今天会与您联系" in (sorry.text or "")
    await customer.wait_for(lambda m: m.message_id == survey.message_id and (m.text or "").startswith("2/5"))
    card = await api.wait_for_message(STAFF_CHAT, lambda m: "服务补救：客户低分" in (m.text or ""))
    assert "总体 2/5" in (card.text or "")
    assert card.thread_id is not None, "the ticket has its own topic on the desk"
    note = await manager.wait_for(lambda m: "2/5" in (m.text or ""))
    async with telegram_bot.runtime.sessions() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
    assert ticket.reason == "service_recovery"
    assert f"/ticket {ticket.id}" in (note.text or "")

    await customer.press("1⭐")  # the advisor question, on the same (edited) message
    await customer.wait_for(lambda m: m.message_id == survey.message_id and (m.text or "").startswith("3/5"))
    async with telegram_bot.runtime.sessions() as session:
        assert len(list(await session.scalars(select(Ticket)))) == 1


async def test_a_manager_gets_this_month_s_workbook_with_one_command(
    telegram_bot: BotUnderTest, api: BotApiServer
) -> None:
    manager = await _staff(telegram_bot, api, 20002, "Qian", Role.MANAGER)
    await manager.send("/report month")
    summary = await manager.wait_for(lambda m: (m.text or "").startswith("📊 报表 2026-12-01"))
    assert "回访率" in (summary.text or "")
    chart = await manager.wait_for(lambda m: m.method == "sendPhoto")
    workbook = await manager.wait_for(lambda m: m.method == "sendDocument")
    assert chart.upload is not None
    assert chart.upload.content.startswith(b"\x89PNG")
    assert workbook.upload is not None
    assert workbook.upload.filename == "report-2026-12-01-2026-12-01.xlsx"
    book = load_workbook(io.BytesIO(workbook.upload.content))
    assert book.sheetnames[0] == "指标"
