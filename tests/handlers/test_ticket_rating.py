"""Rating a ticket: staff close it, the customer scores it once, with a comment or /skip."""

from __future__ import annotations

from sqlalchemy import select

from storage.feedback import Feedback
from storage.staff import Role
from storage.tickets import Ticket, TicketStatus
from tests.handlers.desk_fixtures import Desk, make_staff, staffed_desk
from tests.harness import Chat, texts


async def _closed_by_staff(desk: Desk) -> tuple[int, str]:
    await desk.customer.say("/human")
    async with desk.runtime.sessions() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None
    await desk.agent.press(f"desk:close:{ticket.id}")
    [closing] = [reply for chat, reply in desk.sender.sent if chat == "cust-1" and reply.choices]
    return ticket.id, closing.text


async def _ratings(desk: Desk) -> list[Feedback]:
    async with desk.runtime.sessions() as session:
        return list(await session.scalars(select(Feedback).where(Feedback.kind == "ticket")))


async def test_closing_asks_the_customer_for_a_score_and_a_comment(runtime) -> None:
    desk = await staffed_desk(runtime)
    ticket_id, closing = await _closed_by_staff(desk)
    assert "closed this conversation" in closing
    assert "rate this conversation from 1" in closing
    [buttons] = [reply.choices for chat, reply in desk.sender.sent if chat == "cust-1" and reply.choices]
    assert [c.data for c in buttons[0]] == [f"trate:{ticket_id}:{n}" for n in range(1, 6)]

    [thanks] = await desk.customer.press(f"trate:{ticket_id}:4", message_id="9")
    assert "4 out of 5" in thanks.text
    assert "/skip" in thanks.text
    assert thanks.edit_message_id == "9"
    assert texts(await desk.customer.say("Quick and friendly, thanks")) == "Thank you, your comment helps us improve."
    [rating] = await _ratings(desk)
    assert (rating.subject_id, rating.score, rating.comment) == (ticket_id, 4, "Quick and friendly, thanks")
    await desk.customer.say("What are your opening hours?")
    [rating] = await _ratings(desk)
    assert rating.comment == "Quick and friendly, thanks", "one comment; the next message is a question again"


async def test_skip_leaves_the_score_without_a_comment(runtime) -> None:
    desk = await staffed_desk(runtime)
    ticket_id, _ = await _closed_by_staff(desk)
    await desk.customer.press(f"trate:{ticket_id}:3")
    assert texts(await desk.customer.say("/skip")) == "Thank you for your rating."
    [rating] = await _ratings(desk)
    assert (rating.score, rating.comment) == (3, None)
    assert texts(await desk.customer.say("/skip")) == "There is nothing to skip."


async def test_a_ticket_is_rated_once(runtime) -> None:
    desk = await staffed_desk(runtime)
    ticket_id, _ = await _closed_by_staff(desk)
    await desk.customer.press(f"trate:{ticket_id}:5")
    await desk.customer.say("/skip")
    again = await desk.customer.press(f"trate:{ticket_id}:1")
    assert texts(again) == "Thanks, we already have your rating for this conversation."
    assert [r.score for r in await _ratings(desk)] == [5]


async def test_only_the_ticket_s_customer_can_rate_it(runtime) -> None:
    desk = await staffed_desk(runtime)
    ticket_id, _ = await _closed_by_staff(desk)
    stranger = Chat(runtime, desk.sender, chat_id="stranger", language_code="en")
    assert texts(await stranger.press(f"trate:{ticket_id}:1")) == "That button has expired. Please start again."
    assert await _ratings(desk) == []


async def test_a_withdrawn_ticket_asks_for_no_rating(runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    withdrawn = await desk.customer.say("/cancel")
    assert all(not reply.choices for reply in withdrawn)
    assert not any("rate this conversation" in reply.text for _, reply in desk.sender.sent)


async def test_a_low_rating_opens_one_service_recovery_ticket_and_tells_every_manager(runtime) -> None:
    desk = await staffed_desk(runtime)
    await make_staff(runtime, "manager-1", Role.MANAGER, name="Wang")
    rated_id, _ = await _closed_by_staff(desk)
    replies = await desk.customer.press(f"trate:{rated_id}:1")
    assert "A manager will contact you today" in texts(replies)
    await desk.customer.press(f"trate:{rated_id}:1")  # a double tap
    await desk.customer.press(f"trate:{rated_id}:2")  # a second, different low score
    async with desk.runtime.sessions() as session:
        [recovery] = list(await session.scalars(select(Ticket).where(Ticket.id != rated_id)))
    assert (recovery.reason, recovery.status, recovery.chat_id) == ("service_recovery", TicketStatus.OPEN, "cust-1")
    [card] = [reply.text for chat, reply in desk.sender.sent if chat == "desk" and reply.text.startswith("🆘")]
    assert card.startswith(f"🆘 工单 #{recovery.id}：服务补救：客户低分\n")  # the desk reads Chinese
    assert f"客户给工单 #{rated_id} 打了 1/5 分。" in card
    [page] = [reply.text for chat, reply in desk.sender.sent if chat == "manager-1"]
    assert page.endswith(f"给工单 #{rated_id} 打了 1/5 分。工单 #{recovery.id} 等待经理处理：/ticket {recovery.id}")
    assert not any(chat == "agent-1" for chat, _ in desk.sender.sent), "agents are not paged"
    assert [r.score for r in await _ratings(desk)] == [1]
    assert await desk.customer.say("You did not solve anything") == [], "the customer is talking to a manager now"


async def test_a_good_rating_opens_no_ticket(runtime) -> None:
    desk = await staffed_desk(runtime)
    await make_staff(runtime, "manager-1", Role.MANAGER, name="Wang")
    rated_id, _ = await _closed_by_staff(desk)
    await desk.customer.press(f"trate:{rated_id}:3")
    async with desk.runtime.sessions() as session:
        assert [t.id for t in await session.scalars(select(Ticket))] == [rated_id]
    assert not any(chat == "manager-1" for chat, _ in desk.sender.sent)
