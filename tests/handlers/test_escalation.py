"""Hand-off to a person, the customer's side: when a ticket opens and what the customer is told."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage.tickets import Ticket, TicketStatus
from tests.handlers.desk_fixtures import staffed_desk
from tests.harness import FakeClock, texts


async def _tickets(runtime) -> list[Ticket]:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(Ticket).order_by(Ticket.id)))


@pytest.mark.parametrize(
    ("words", "told_in"),
    [
        ("/human", "usually within 15 minutes"),
        ("转人工", "通常在 15 分钟内"),
        ("人工客服", "通常在 15 分钟内"),
        ("I want to talk to a human", "usually within 15 minutes"),
        ("agent", "usually within 15 minutes"),
    ],
)
async def test_asking_for_a_person_opens_one_ticket(runtime, words: str, told_in: str) -> None:
    desk = await staffed_desk(runtime)
    told = await desk.customer.say(words)
    assert told_in in texts(told)
    (ticket,) = await _tickets(runtime)
    assert ticket.reason == "asked"
    _, card = desk.last_desk_message()
    assert f"Ticket #{ticket.id}" in card.text or f"工单 #{ticket.id}" in card.text
    assert [c.data for c in card.choices[0]] == [f"desk:take:{ticket.id}", f"desk:close:{ticket.id}"]
    again = await desk.customer.say("/human")
    assert f"#{ticket.id}" in texts(again)
    assert len(await _tickets(runtime)) == 1


async def test_two_misses_in_a_row_offer_a_person_and_only_a_tap_opens_a_ticket(runtime) -> None:
    desk = await staffed_desk(runtime)
    first = await desk.customer.say("zzqx wvvk prrt")
    assert "talk to a colleague" in texts(first)
    assert first[0].choices[-1][0].data == "human:asked"
    second = await desk.customer.say("blorp fizzle wug")
    assert "Would you like a colleague to help?" in texts(second)
    assert second[0].choices[-1][0].data == "human:not_understood"
    assert await _tickets(runtime) == []
    await desk.customer.press("human:not_understood")
    (ticket,) = await _tickets(runtime)
    assert ticket.reason == "not_understood"
    assert ticket.context["question"] == "blorp fizzle wug"


async def test_ignoring_the_suggestions_is_not_a_miss(runtime) -> None:
    desk = await staffed_desk(runtime, language="zh-CN")
    suggested = await desk.customer.say("轮胎气压")
    assert "您是想问下面哪一个" in texts(suggested)
    assert "胎压灯亮了怎么办？" in [choice.label for row in suggested[0].choices for choice in row]
    missed = await desk.customer.say("blorp fizzle wug")
    assert "还是找不到" not in texts(missed)
    assert missed[0].choices[-1][0].data == "human:asked"
    assert await _tickets(runtime) == []


async def test_a_complaint_opens_a_ticket_at_once(runtime) -> None:
    desk = await staffed_desk(runtime)
    told = await desk.customer.say("我要投诉你们的服务顾问，态度太差了")
    assert "工单" in texts(told)
    (ticket,) = await _tickets(runtime)
    assert ticket.reason == "complaint"


async def test_a_thumbs_down_offers_other_answers_and_a_person(runtime) -> None:
    desk = await staffed_desk(runtime)
    answer = await desk.customer.say("What are your opening hours?")
    down = answer[0].choices[0][1].data
    assert down.startswith("fb:down:")
    offered = await desk.customer.press(down)
    assert offered[0].choices[-1][0].data == "human:unhelpful"
    await desk.customer.press("human:unhelpful")
    (ticket,) = await _tickets(runtime)
    assert ticket.reason == "unhelpful"
    assert ticket.context["question"] == "What are your opening hours?"


async def test_outside_business_hours_the_customer_learns_when_and_can_leave_a_number(
    runtime, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai, a Tuesday
    desk = await staffed_desk(runtime)
    told = await desk.customer.say("/human")
    assert "closed now and opens 2026-12-02 08:30" in texts(told)
    assert told[0].request_contact == "Share my phone number"
    thanks = await desk.customer.share_contact("+8613812345678")
    assert "call +8613812345678" in texts(thanks)
    (ticket,) = await _tickets(runtime)
    assert ticket.callback_phone == "+8613812345678"
    assert "+8613812345678" in desk.last_desk_message()[1].text


async def test_the_desk_is_closed_on_spring_festival(runtime, clock: FakeClock) -> None:
    clock.current = datetime(2027, 2, 6, 3, 0, tzinfo=UTC)  # 11:00 on the first day of Spring Festival
    desk = await staffed_desk(runtime)
    assert "closed now" in texts(await desk.customer.say("/human"))


async def test_cancel_withdraws_the_request(runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    assert "withdrawn" in texts(await desk.customer.say("/cancel"))
    (ticket,) = await _tickets(runtime)
    assert ticket.status == TicketStatus.CLOSED
    assert "withdrawn" in desk.last_desk_message()[1].text or "撤回" in desk.last_desk_message()[1].text
