"""The router's promises: state in the database, each update once, the outbox."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.runtime import start_runtime
from bot.settings import Settings
from handlers.errors import RetryLater
from storage.conversations import ConversationState, ProcessedUpdate
from storage.outbox import OutboxMessage, OutboxStatus
from tests.harness import Chat, FakeClock, RecordingSender, texts


async def test_a_duplicate_update_is_answered_once(runtime, settings) -> None:
    chat = Chat(runtime)
    update = chat.incoming(text="/start")
    first = await chat.send(update)
    second = await chat.send(update)
    assert first, "the first delivery is answered"
    assert second == []
    async with runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == len(first)


async def test_state_survives_a_restart_in_the_middle_of_a_flow(runtime, settings: Settings, clock: FakeClock) -> None:
    chat = Chat(runtime)
    await chat.say("/profile")
    asked = await chat.press("account:ask_name")
    assert "名字" in texts(asked) or "称呼" in texts(asked)
    await runtime.close()

    restarted = await start_runtime(settings, clock=clock)
    try:
        after = Chat(restarted, chat.sender)
        replies = await after.say("王小明")
        assert "王小明" in texts(replies)
        async with restarted.sessions() as session:
            state = await session.get(ConversationState, ("test", chat.chat_id))
            assert state is not None
            assert state.flow is None
    finally:
        await restarted.close()


async def test_an_outbox_message_is_sent_once(runtime) -> None:
    chat = Chat(runtime)
    replies = await chat.say("/help")
    assert len(replies) == 1
    assert await chat.dispatcher.deliver_due() == 0
    assert len(chat.sender.sent) == 1


async def test_a_failed_send_is_retried_and_then_sent_once(runtime, clock: FakeClock) -> None:
    sender = RecordingSender()
    sender.failures.append(RetryLater("connection reset"))
    chat = Chat(runtime, sender)
    assert await chat.say("/help") == []
    clock.advance(seconds=0.5)
    assert await chat.dispatcher.deliver_due() == 0, "not due again before the backoff"
    clock.advance(seconds=1)
    assert await chat.dispatcher.deliver_due() == 1
    assert await chat.dispatcher.deliver_due() == 0
    assert len(sender.sent) == 1
    async with runtime.sessions() as session:
        row = await session.scalar(select(OutboxMessage))
        assert row is not None
        assert row.status == OutboxStatus.SENT
        assert row.attempts == 2


async def test_messages_to_one_chat_keep_their_order_when_one_fails(runtime, clock: FakeClock) -> None:
    sender = RecordingSender()
    sender.failures.append(RetryLater("rate limited", retry_after=5))
    chat = Chat(runtime, sender)
    await chat.say("/start")  # two messages: greeting, then help
    assert sender.sent == []
    clock.advance(seconds=5)
    await chat.dispatcher.deliver_due()
    sent = [reply.text for _, reply in sender.sent]
    assert len(sent) == 2
    assert "欢迎" in sent[0]
    assert "/help" in sent[1]


async def test_an_abandoned_flow_starts_over(runtime, clock: FakeClock) -> None:
    chat = Chat(runtime)
    await chat.press("account:ask_name")
    clock.advance(hours=25)
    replies = await chat.say("/cancel")
    assert "没有需要取消" in texts(replies)


async def test_concurrent_updates_to_one_chat_are_each_handled_once(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    presses = [chat.incoming(choice=f"account:{step}", message_id="1") for step in ("ask_name", "ask_phone") * 5]
    outbox_ids = await asyncio.gather(*(runtime.router.handle(update) for update in presses))
    assert [len(ids) for ids in outbox_ids] == [1] * len(presses), "every update was answered exactly once"
    async with runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == len(presses)
        state = await session.get(ConversationState, ("test", chat.chat_id))
        assert state is not None
        assert state.flow == "account"
