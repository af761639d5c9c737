"""Replies arrive once, whatever Telegram or the network does in between."""

from __future__ import annotations

from storage import knowledge_base as kb
from storage.outbox import OutboxStatus
from tests.e2e.botapi import BotApiServer
from tests.e2e.harness import BotUnderTest
from tests.e2e.people import TelegramUser
from tests.e2e.records import Fault


async def test_flood_control_delays_the_reply_by_retry_after_and_it_arrives_once(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    await customer.send("/help")
    await customer.receive()
    api.fail("sendMessage", Fault.too_many_requests(retry_after=30), chat_id=customer.chat_id)

    await customer.send("/cancel")
    await api.wait_until(lambda: len(api.calls_of("sendMessage", customer.chat_id)) == 2 or None)
    await telegram_bot.settled()
    await telegram_bot.advance(seconds=29)
    assert len(customer.messages) == 1  # still waiting, as Telegram asked

    await telegram_bot.advance(seconds=1)
    cancelled = await customer.receive()
    assert "取消" in (cancelled.text or "")
    assert len(customer.messages) == 2
    assert len(api.calls_of("sendMessage", customer.chat_id)) == 3


async def test_after_flood_control_a_chats_messages_arrive_in_the_order_they_were_written(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    api.fail("sendMessage", Fault.too_many_requests(retry_after=30), chat_id=customer.chat_id)
    await customer.send("/help")
    await api.wait_until(lambda: api.calls_of("sendMessage", customer.chat_id) or None)
    await telegram_bot.settled()

    later = await customer.send("/cancel")
    await telegram_bot.handled(later["update_id"])
    await telegram_bot.settled()
    await telegram_bot.advance(seconds=29)
    assert customer.messages == [], "the later message waits behind the earlier one"

    await telegram_bot.advance(seconds=1)
    help_text, cancelled = await customer.receive_all(2)
    assert "/help：显示本列表" in (help_text.text or "")
    assert "当前没有需要取消的操作" in (cancelled.text or "")
    assert len(api.calls_of("sendMessage", customer.chat_id)) == 3


async def test_a_chat_waiting_out_flood_control_does_not_hold_back_another(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    other = TelegramUser(api, user_id=10003, first_name="Li", language_code="zh-hans")
    api.fail("sendMessage", Fault.too_many_requests(retry_after=30), chat_id=customer.chat_id)
    await customer.send("/help")
    await api.wait_until(lambda: api.calls_of("sendMessage", customer.chat_id) or None)
    later = await customer.send("/cancel")
    await telegram_bot.handled(later["update_id"])

    await other.send("/cancel")
    assert "当前没有需要取消的操作" in ((await other.receive()).text or "")
    await telegram_bot.settled()
    assert customer.messages == []

    await telegram_bot.advance(seconds=30)
    assert len(await customer.receive_all(2)) == 2


async def test_a_dropped_connection_is_retried_and_the_reply_arrives_once(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    api.fail("sendMessage", Fault.dropped_connection(), chat_id=customer.chat_id)

    await customer.send("/cancel")
    await api.wait_until(lambda: api.calls_of("sendMessage", customer.chat_id) or None)
    await telegram_bot.settled()
    assert customer.messages == []
    await telegram_bot.advance(seconds=1)  # the outbox's first backoff

    await customer.receive()
    assert len(customer.messages) == 1
    (row,) = await telegram_bot.outbox()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)


async def test_a_redelivered_update_is_answered_once(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    update = await customer.send("/cancel")
    await customer.receive()

    polls = len(api.offsets())
    await api.push({"message": update["message"]}, update_id=update["update_id"])
    await api.wait_until(lambda: any(offset > update["update_id"] for offset in api.offsets()[polls:]) or None)
    await telegram_bot.settled()
    assert len(customer.messages) == 1


async def test_a_user_who_blocked_the_bot_is_marked_and_not_retried(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    api.block(customer.chat_id)
    await customer.send("/cancel")
    await api.wait_until(lambda: api.calls_of("sendMessage", customer.chat_id) or None)
    await telegram_bot.settled()

    identity = await telegram_bot.identity(customer.user_id)
    assert identity is not None
    assert identity.blocked_bot
    assert [row.status for row in await telegram_bot.outbox()] == [OutboxStatus.DEAD]
    await telegram_bot.advance(hours=6)
    assert len(api.calls_of("sendMessage", customer.chat_id)) == 1


async def test_a_long_answer_is_split_between_sentences_and_each_part_arrives_once(
    telegram_bot: BotUnderTest, api: BotApiServer
) -> None:
    sentence = "Bring the service booklet and both keys; the technician checks the brake fluid and the tyres. "
    answer = sentence * 50 + "\n\n" + sentence * 40
    async with telegram_bot.runtime.sessions() as session, session.begin():
        draft = kb.EntryDraft("checklist", "en", "service", "What is on the inspection checklist?", answer, ())
        await kb.upsert_entry(session, draft, author="test")
    driver = TelegramUser(api, user_id=10002, first_name="Sam", language_code="en")
    # Flood control strikes at the second part; the first must not be sent twice.
    api.fail("sendMessage", Fault.too_many_requests(retry_after=5), chat_id=driver.chat_id, after=1)

    await driver.send("What is on the inspection checklist?")
    await api.wait_until(lambda: len(api.calls_of("sendMessage", driver.chat_id)) == 2 or None)
    await telegram_bot.settled()
    await telegram_bot.advance(seconds=5)

    parts = [m.text or "" for m in driver.messages]
    assert len(parts) == 3
    assert len(api.calls_of("sendMessage", driver.chat_id)) == 4
    assert all(len(part) <= 4096 for part in parts)
    assert all(part.endswith(".") for part in parts), "a part ends inside a sentence"
    assert "\n\n".join(parts).split() == answer.split()
