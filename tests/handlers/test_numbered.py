"""Numbered options on a text-only channel: a typed number or label is the button, whichever worker reads it."""

from __future__ import annotations

from bot.jobs import JobRunner
from bot.runtime import start_runtime
from bot.settings import Settings
from handlers.context import DeskAddress
from handlers.numbered import numbered
from handlers.types import ChatKind
from storage import customers, staff
from storage.staff import Role
from tests.handlers.aftercare_helpers import Workshop, surveys_of
from tests.handlers.booking_helpers import tap
from tests.harness import Chat, FakeClock, RecordingSender, texts

CONSOLE = "console"
ENGLISH = "I will speak English with you from now on."


async def test_a_typed_number_picks_the_option_after_a_restart(runtime, settings: Settings, clock: FakeClock) -> None:
    sender = RecordingSender(CONSOLE)
    offered = await Chat(runtime, sender).say("/language")
    assert [choice.label for row in offered[0].choices for choice in row] == ["中文", "English"]
    await runtime.close()

    restarted = await start_runtime(settings, clock=clock)
    try:
        switched = await Chat(restarted, sender).say("2")
    finally:
        await restarted.close()
    assert texts(switched) == ENGLISH
    assert switched[0].edit_message_id == "1", "the pick edits the message that offered it, as a press would"


async def test_a_typed_label_picks_its_option_whatever_its_case_emoji_or_spacing(runtime) -> None:
    chat = Chat(runtime, RecordingSender(CONSOLE))
    await chat.say("/language")
    assert texts(await chat.say("  english ")) == ENGLISH
    await chat.say("/language")
    assert texts(await chat.say("中文!")) == "好的，从现在起我用中文和您交流。"


async def test_a_number_with_no_option_says_which_numbers_there_are(runtime) -> None:
    chat = Chat(runtime, RecordingSender(CONSOLE))
    await chat.say("/language")
    assert texts(await chat.say("7")) == "请输入 1 到 2 之间的数字。"
    assert texts(await chat.say("2")) == "I will speak English with you from now on."


async def test_a_chat_with_buttons_reads_a_typed_number_as_text(runtime) -> None:
    chat = Chat(runtime)
    await chat.say("/language")
    answered = texts(await chat.say("2"))
    assert ENGLISH not in answered
    assert "请输入" not in answered


async def test_the_desk_on_a_text_only_channel_picks_by_number_from_a_card_a_customer_caused(
    settings: Settings, clock: FakeClock
) -> None:
    desk = await start_runtime(settings, clock=clock, desk=DeskAddress(CONSOLE, "desk"))
    try:
        async with desk.sessions() as session, session.begin():
            identity, _ = await customers.identify(session, CONSOLE, "agent-1", display_name="Li")
            await staff.set_role(session, identity.id, Role.AGENT, added_by="test")
        sender = RecordingSender(CONSOLE)
        await Chat(desk, sender, chat_id="cust-1").say("转人工")
        agent = Chat(desk, sender, chat_id="desk", user_id="agent-1", chat_kind=ChatKind.GROUP)
        assert texts(await agent.say("1")) == "工单 #1 已由 Li 接手。"
    finally:
        await desk.close()


async def test_a_reminder_sent_by_a_job_is_answered_by_its_number(runtime, clock: FakeClock) -> None:
    customer = Chat(runtime, RecordingSender(CONSOLE), language_code="en")
    await customer.say("/language en")
    replies = await customer.say("/book")
    for label in ("Minor service", "Wed, 12/2", "10:00"):
        replies = await tap(customer, replies, label)
    await customer.say("粤B12345")
    await customer.say("Corolla")
    await customer.say("3.5万")
    await tap(customer, await customer.share_contact("+8613812345678"), "Book it")
    clock.advance(hours=10)
    await JobRunner(runtime.sessions, runtime.services).run_due()
    while await customer.dispatcher.deliver_due():
        pass
    reminder = customer.sender.sent[-1][1]
    assert [choice.label for choice in numbered(reminder)] == ["Confirm", "Move", "Cancel"]
    assert texts(await customer.say("1")).startswith("Thank you! See you on Wed, Dec 2")


async def test_a_number_that_is_an_options_label_means_that_option(runtime, clock: FakeClock) -> None:
    sender = RecordingSender(CONSOLE)
    for user_id in ("advisor-1", "manager-1"):
        async with runtime.sessions() as session, session.begin():
            identity, _ = await customers.identify(session, CONSOLE, user_id, display_name="Zhao")
            await staff.set_role(session, identity.id, Role.MANAGER, added_by="test")
    customer = Chat(runtime, sender, chat_id="cust-1", language_code="en")
    await customer.say("/language en")
    shop = Workshop(runtime, sender, customer, Chat(runtime, sender, chat_id="advisor-1"), Chat(runtime, sender))
    booking = await shop.book()
    clock.advance(hours=25)
    await shop.mark(booking, "done")
    clock.advance(hours=24)
    await shop.run_jobs()
    for answer in ("5", "4", "5", "yes"):
        await customer.say(answer)
    recommend = customer.sender.sent[-1][1]
    assert [choice.label for choice in numbered(recommend)][:3] == ["0", "1", "2"]
    assert "Thank you for your answers" in texts(await customer.say("8"))
    [survey] = await surveys_of(runtime)
    assert (survey.overall, survey.advisor, survey.quality, survey.on_time, survey.recommend) == (5, 4, 5, True, 8)
