"""The staff desk: relaying both ways, taking and closing, the queue, roles, and saving answers as FAQ."""

from __future__ import annotations

from sqlalchemy import select

from bot.runtime import start_runtime
from handlers.types import Reply
from storage.staff import Role
from storage.tickets import Ticket, TicketStatus
from tests.conftest import DESK
from tests.handlers.desk_fixtures import make_staff, staffed_desk
from tests.harness import Chat, texts


async def _ticket(runtime) -> Ticket:
    async with runtime.sessions() as session:
        ticket = await session.scalar(select(Ticket))
        assert ticket is not None
        return ticket


async def test_messages_flow_both_ways_and_the_first_answer_is_timed(runtime, clock) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    assert await desk.customer.say("My engine light is on") == [], "a person owns the chat now: no FAQ"
    _, relayed = desk.last_desk_message()
    assert relayed.text.endswith(": My engine light is on")
    await desk.customer.send_photo("photo-abc")
    _, photo = desk.last_desk_message()
    assert photo.attachments[0].file_id == "photo-abc"
    clock.advance(minutes=4)
    await desk.reply_to_last("Please send the dashboard")
    _, to_customer = desk.sender.sent[-1]
    assert to_customer.text == "Li (service desk): Please send the dashboard"
    ticket = await _ticket(runtime)
    assert ticket.status == TicketStatus.ASSIGNED
    assert ticket.first_response_at is not None
    assert (ticket.first_response_at - ticket.opened_at).total_seconds() == 240


async def test_closing_tells_the_customer_and_the_bot_answers_again(runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    ticket = await _ticket(runtime)
    await desk.agent.press(f"desk:close:{ticket.id}")
    assert "closed this conversation" in desk.sender.sent[-2][1].text
    answer = await desk.customer.say("What are your opening hours?")
    assert "08:30" in texts(answer)


async def test_outsiders_cannot_use_staff_commands_or_buttons(runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    ticket = await _ticket(runtime)
    stranger = Chat(runtime, desk.sender, chat_id="stranger", language_code="en")
    for attempt in ("/queue", "/mine", f"/ticket {ticket.id}", f"/close {ticket.id}", "/staff add 99 admin"):
        assert texts(await stranger.say(attempt)) == "Sorry, that is only for our staff.", attempt
    assert texts(await stranger.press(f"desk:close:{ticket.id}")) == "Sorry, that is only for our staff."
    assert (await _ticket(runtime)).status == TicketStatus.OPEN


async def test_queue_lists_open_tickets_oldest_first_with_wait_times_and_first_questions(runtime, clock) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    await desk.customer.say("My engine light is on and the car shakes\nwhen I brake hard on the motorway")
    clock.advance(minutes=65)
    other = Chat(runtime, desk.sender, chat_id="cust-2", language_code="en")
    await other.say("/human")
    clock.advance(minutes=5)
    listing = await Chat(runtime, desk.sender, chat_id="agent-1", language_code="en").say("/queue")
    assert texts(listing).splitlines() == [
        "#1 · 等待中 · 1 小时 10 分钟 · My engine light is on and the car shake…",  # the desk's language, whoever asks
        "#2 · 等待中 · 5 分钟 · —",
    ]


async def test_a_transcript_reads_in_the_desk_s_language_and_the_store_s_time(runtime, clock) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")  # 02:00 UTC is 10:00 in Shanghai
    await desk.customer.say("My engine light is on")
    clock.advance(minutes=4)
    await desk.reply_to_last("Please send the dashboard")
    ticket = await _ticket(runtime)
    english_agent = Chat(runtime, desk.sender, chat_id="agent-1", language_code="en")
    [transcript] = await english_agent.say(f"/ticket {ticket.id}")
    header, *lines = transcript.text.splitlines()
    assert header.startswith(f"工单 #{ticket.id}（已接手），")
    assert lines == ["[12-01 10:00] 客户：My engine light is on", "[12-01 10:04] 客服：Please send the dashboard"]
    await desk.agent.press(f"desk:close:{ticket.id}")
    [closed] = await english_agent.say(f"/ticket {ticket.id}")
    assert closed.text.startswith(f"工单 #{ticket.id}（已关闭），")


async def test_take_assigns_and_tells_the_customer(runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    ticket = await _ticket(runtime)
    await desk.agent.press(f"desk:take:{ticket.id}")
    assert any("looking at your message" in r.text for chat, r in desk.sender.sent if chat == "cust-1")
    assert (await _ticket(runtime)).status == TicketStatus.ASSIGNED
    mine = await Chat(runtime, desk.sender, chat_id="agent-1", language_code="en").say("/mine")
    assert texts(mine).startswith(f"#{ticket.id} · 已接手")


async def test_a_template_goes_to_the_customer_with_one_tap(runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    ticket = await _ticket(runtime)
    offered = await desk.agent.say(f"/reply_templates {ticket.id}")
    first = offered[0].choices[0][0].data
    await desk.agent.press(first)
    received = [r.text for chat, r in desk.sender.sent if chat == "cust-1"]
    assert received[-1] == "Li (service desk): Hello, I am looking into this for you. Please give me a few minutes."


async def test_admins_add_staff_by_replying_to_their_message(runtime) -> None:
    desk = await staffed_desk(runtime, role=Role.ADMIN)
    reply = desk.agent.incoming(text="/staff add manager", reply_to_user_id="new-7", reply_to_user_name="Wang")
    assert "Wang 现在的角色是 manager" in texts(await desk.agent.send(reply))
    await make_staff(runtime, "agent-2", Role.AGENT)
    agent = Chat(runtime, desk.sender, chat_id="desk", user_id="agent-2", language_code="en")
    assert "only for our staff" in texts(await agent.say("/staff add 55"))
    assert "Wang (new-7): manager" in texts(await desk.agent.say("/staff"))


async def test_nothing_is_lost_when_the_bot_restarts_between_question_and_answer(runtime, settings, clock) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    await desk.customer.say("Is my car ready?")
    message_id, _ = desk.last_desk_message()
    await runtime.close()
    restarted = await start_runtime(settings, clock=clock, desk=DESK)
    try:
        agent = Chat(restarted, desk.sender, chat_id="desk", user_id="agent-1", chat_kind=desk.agent.chat_kind)
        await agent.send(agent.incoming(text="Yes, since 3pm", reply_to_message_id=message_id))
        assert desk.sender.sent[-1] == ("cust-1", desk.sender.sent[-1][1])
        assert desk.sender.sent[-1][1].text == "Li (service desk): Yes, since 3pm"
    finally:
        await restarted.close()


async def _draft_of_solved_case(runtime, desk, question: str, answer: str) -> Reply:
    """A customer asks, escalates, is answered, the ticket closes, and staff tap Save as FAQ: the draft card."""
    await desk.customer.say(question)
    await desk.customer.say("/human")
    await desk.reply_to_last(answer)
    ticket = await _ticket(runtime)
    await desk.agent.press(f"desk:close:{ticket.id}")
    return (await desk.agent.press(f"desk:faq:{ticket.id}"))[-1]


async def test_a_solved_case_becomes_an_answer_the_bot_gives(runtime) -> None:
    desk = await staffed_desk(runtime)
    answer = "Yes, dogs on a lead are welcome in the lounge."
    draft_card = await _draft_of_solved_case(runtime, desk, "Can I bring my dog into the waiting lounge", answer)
    assert answer in draft_card.text
    publish = draft_card.choices[0][0].data
    assert publish.startswith("draft:new:")
    await desk.agent.press(publish)
    newcomer = Chat(runtime, desk.sender, chat_id="cust-9", language_code="en")
    assert texts(await newcomer.say("may I bring my dog to the waiting lounge?")) == answer


async def test_staff_can_correct_a_draft_before_publishing(runtime) -> None:
    desk = await staffed_desk(runtime)
    card = await _draft_of_solved_case(runtime, desk, "Do you sell roof boxes", "yes")
    edit = next(c.data for row in card.choices for c in row if c.data.startswith("draft:edit_answer:"))
    prompt = (await desk.agent.press(edit))[-1]
    assert prompt.force_reply
    await desk.reply_to_last("Yes: genuine roof boxes from ¥1,980, fitted free.")
    corrected = desk.last_desk_message()[1]
    assert "答：Yes: genuine roof boxes from ¥1,980, fitted free." in corrected.text
