"""The first-response SLA: pings fire once, after business minutes, and stop when someone answers."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.jobs import JobRunner
from storage.staff import Role
from tests.handlers.desk_fixtures import make_staff, staffed_desk
from tests.harness import FakeClock


def _pings(desk, chat_id: str) -> list[str]:
    return [r.text for chat, r in desk.sender.sent if chat == chat_id and "⏰" in r.text]


async def _tick(runtime, desk) -> None:
    await JobRunner(runtime.sessions, runtime.services).run_due()
    while await desk.customer.dispatcher.deliver_due():
        pass


async def test_an_unanswered_ticket_pings_the_desk_once_then_the_managers(runtime, clock: FakeClock) -> None:
    desk = await staffed_desk(runtime)
    await make_staff(runtime, "manager-1", Role.MANAGER, name="Zhao")
    await desk.customer.say("/human")
    clock.advance(minutes=14)
    await _tick(runtime, desk)
    assert _pings(desk, "desk") == []
    clock.advance(minutes=1)
    await _tick(runtime, desk)
    await _tick(runtime, desk)
    assert len(_pings(desk, "desk")) == 1, "the desk is pinged exactly once"
    assert "15" in _pings(desk, "desk")[0]
    assert _pings(desk, "manager-1") == []
    clock.advance(minutes=15)
    await _tick(runtime, desk)
    assert len(_pings(desk, "manager-1")) == 1
    assert _pings(desk, "agent-1") == [], "agents are not managers"
    clock.advance(hours=2)
    await _tick(runtime, desk)
    assert len(_pings(desk, "desk")) == 1
    assert len(_pings(desk, "manager-1")) == 1


async def test_an_answer_in_time_stops_the_clock(runtime, clock: FakeClock) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    clock.advance(minutes=5)
    await desk.reply_to_last("On it")
    clock.advance(hours=1)
    await _tick(runtime, desk)
    assert _pings(desk, "desk") == []


async def test_the_clock_pauses_while_the_desk_is_closed(runtime, clock: FakeClock) -> None:
    clock.current = datetime(2026, 12, 1, 9, 50, tzinfo=UTC)  # 17:50 Shanghai: 10 open minutes left
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    clock.current = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)  # 08:30 next day: 10 minutes counted
    await _tick(runtime, desk)
    assert _pings(desk, "desk") == []
    clock.current = datetime(2026, 12, 2, 0, 35, tzinfo=UTC)  # 5 more open minutes: 15 in all
    await _tick(runtime, desk)
    assert len(_pings(desk, "desk")) == 1


async def test_a_closed_ticket_is_not_chased(runtime, clock: FakeClock) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    await desk.customer.say("/cancel")
    clock.advance(hours=3)
    await _tick(runtime, desk)
    assert _pings(desk, "desk") == []
